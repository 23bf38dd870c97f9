"""The notebooks: conventions, and a full papermill run on a tiny fixture data set."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from ggutils.brief.index import write_index
from ggutils.paths import Layout
from ggutils.pipeline.jobs import BriefingJob
from ggutils.pipeline.runner import execute
from tests.conftest import FIXTURES, ROOT, make_data_dir

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_explore_notebook_and_three_stage_notebooks():
    assert [n.name for n in NOTEBOOKS] == ["00_explore.ipynb", "01_clean_indicators.ipynb",
                                          "02_project_trajectories.ipynb",
                                          "03_province_briefing.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_conventions(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "outputs committed"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is code[0], "first code cell must be `parameters`"
    for node in ast.walk(ast.parse(tagged[0].source)):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            assert isinstance(node.value, ast.Constant), "parameters must be literals"
    for cell in code:
        tree = ast.parse(cell.source)
        assert not any(isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Try | ast.For |
                                  ast.While) for n in ast.walk(tree)), "logic in a notebook"
    assert nb.metadata["kernelspec"]["name"] == "ggutils"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_has_a_type_and_a_comment(path):
    """What `papermill --help-notebook` shows; and the data folder is found, not assumed."""
    from papermill.translators import PythonTranslator

    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params = {p.name: p for p in PythonTranslator.inspect(cell)}
    source = cell.source
    assert len(params) == source.count("\n") + 1  # papermill read every line
    for param in params.values():
        assert param.inferred_type_name not in ("None", ""), param.name
        assert param.help, param.name
    assert params["data_dir"].default == '""'
    assert any(c.source == "data_dir = find_data_dir(data_dir)" for c in nb.cells)


def _run(data: Path, reports: Path, name: str, parameters: dict | None = None,
         label: str = "") -> nbformat.NotebookNode:
    """Execute notebooks/<name> on `data` (with `parameters`) and read the executed copy."""
    out = reports / "notebooks" / f"{label or Path(name).stem}.ipynb"
    execute(ROOT / "notebooks" / name, out, {"data_dir": str(data), **(parameters or {})},
            cwd=ROOT / "notebooks")
    return nbformat.read(out, as_version=4)


def _shown(nb: nbformat.NotebookNode) -> tuple[str, int]:
    """Everything the executed notebook displays as HTML, Markdown or text, and how many
    PNG images; an error output fails the test."""
    texts, images = [], 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out.get("evalue")
            data = out.get("data", {})
            images += "image/png" in data
            texts += [data.get(k, "") for k in ("text/html", "text/markdown")]
            texts.append(out.get("text", ""))
    return "\n".join(texts), images


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """The tiny fixture data and notebooks 01, 02 and 00 (defaults, and Lai Chau) executed
    on it once, for every test of this module that reads them."""
    root = tmp_path_factory.mktemp("tiny")
    data = make_data_dir(root, FIXTURES / "tiny" / "raw", FIXTURES / "tiny" / "targets")
    reports = root / "reports"
    runs = {"01": _run(data, reports, "01_clean_indicators.ipynb"),
            "02": _run(data, reports, "02_project_trajectories.ipynb"),
            "00": _run(data, reports, "00_explore.ipynb"),
            "00-lai-chau": _run(data, reports, "00_explore.ipynb",
                                {"entity": "lai-chau", "lang": "vi"}, "00-lai-chau")}
    return data, reports, {k: _shown(nb) for k, nb in runs.items()}


@pytest.mark.notebooks
def test_pipeline_notebooks_run_on_the_tiny_fixture(tiny_run):
    tiny_data, reports, _ = tiny_run
    paths = Layout(data=tiny_data, reports=reports, notebooks=ROOT / "notebooks")
    conservation = (tiny_data / "processed" / "conservation.csv").read_text(encoding="utf-8")
    assert "synthetic_forest_cover.csv,6,6,5,1,0" in conservation
    assert (tiny_data / "processed" / "trajectories.csv").exists()
    outcome = BriefingJob("lai-chau", "en", paths).run()
    assert outcome.ok, outcome.error
    write_index(paths, ["en"])
    html = (reports / "en" / "lai-chau.html").read_text(encoding="utf-8")
    # the target with data in the status table (the decision's words, then our label); the
    # one without in Data owed; both in the verdict matrix
    status = re.search(r'<table[^>]*id="status-lai-chau".*?</table>', html, re.S).group(0)
    owed = re.search(r'<section[^>]*id="owed".*?</section>', html, re.S).group(0)
    assert re.findall(r'<tr data-target-id="([^"]+)"', status) == ["lc-forest-cover"]
    assert "Forest cover above 50%" in status
    assert re.findall(r'<tr data-target-id="([^"]+)"', owed) == ["lc-hazardous-waste"]
    assert set(re.findall(r'<li[^>]* data-target-id="([^"]+)"', html)) == {
        "lc-forest-cover", "lc-hazardous-waste"}
    assert "data:image/png;base64" in html
    assert not re.search(r'src="(?:https?:)?//', html)  # nothing loaded from the network
    assert not re.search(r'<link[^>]+href="(?:https?:)?//', html)
    assert "<script" not in html.lower()
    assert "No description has been provided" not in html  # every image has alt text
    assert "print(" not in html and "load_briefing" not in html  # inputs hidden
    assert 'href="en/lai-chau.html"' in (reports / "index.html").read_text(encoding="utf-8")


@pytest.mark.notebooks
def test_notebook_01_shows_conservation_quarantine_conflicts_and_coverage(tiny_run):
    text, images = tiny_run[2]["01"]
    order = [text.index(marker) for marker in (
        'id="T_conservation"', 'id="T_quarantine_reasons"', "<details>", "No conflict",
        "<summary>Number conventions")]
    assert order == sorted(order)
    assert "#fde2c8" in text  # the file with a quarantined value is highlighted
    assert ">TOTAL<" in text and "6 values read = 5 accepted + 1 quarantined" in text
    assert 'id="T_quarantine_rows"' in text and "Nowhere Province" in text  # every row
    assert images == 1  # one heatmap: the only entity with a plan (Lai Chau)


@pytest.mark.notebooks
def test_notebook_01_when_nothing_is_accepted(tiny_data, tmp_path):
    raw = tiny_data / "raw" / "synthetic_forest_cover.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace("Lai Châu", "Nowhere Province"),
                   encoding="utf-8")
    text, images = _shown(_run(tiny_data, tmp_path, "01_clean_indicators.ipynb"))
    assert 'id="T_conservation"' in text and "6 values read = 0 accepted + 6 quarantined" in text
    assert "No observation was accepted" in text and images == 0
    assert (tiny_data / "processed" / "observations.csv").exists()


@pytest.mark.notebooks
def test_notebook_02_shows_targets_with_and_without_data_and_every_fit(tiny_run):
    text, images = tiny_run[2]["02"]
    with_data = text[text.index('id="T_trajectories"'):text.index('id="T_targets_without_data"')]
    assert "lc-forest-cover" in with_data and "lc-hazardous-waste" not in with_data
    assert all(c in with_data for c in ("verdict_deadline", "verdict_since", "status_outlook"))
    assert not re.search(r">\s*(nan|NaN|None)\s*<", with_data)  # no NaN cell
    assert "48.3" in with_data  # the last value, with the codebook's decimals
    without = text[text.index('id="T_targets_without_data"'):]
    assert "lc-hazardous-waste" in without
    assert images == 1  # one chart: the only target with data
    assert 'id="T_settings"' in text and "min_points_fit" in text


@pytest.mark.notebooks
def test_notebook_00_runs_with_its_defaults_and_with_another_entity(tiny_run):
    text, images = tiny_run[2]["00"]  # Kon Tum: no observation in the tiny data
    assert 'id="T_about"' in text and "No observation of `forest_cover` for Kon Tum" in text
    assert images == 0 and 'id="T_comparison"' in text  # Lai Chau compared, Kon Tum absent
    text, images = tiny_run[2]["00-lai-chau"]
    assert 'id="T_observations"' in text and "SYNTHETIC test data" in text
    assert "`lc-forest-cover`" in text and images == 1  # the target's chart
    assert "Only one entity of type province" in text


@pytest.mark.notebooks
def test_a_failing_province_keeps_its_notebook_and_old_html(tiny_data, tmp_path):
    reports = tmp_path / "reports"
    old = reports / "en" / "kon-tum.html"
    old.parent.mkdir(parents=True)
    old.write_text("previous briefing", encoding="utf-8")
    outcome = BriefingJob("kon-tum", "en", Layout(tiny_data, reports, ROOT / "notebooks")).run()
    assert not outcome.ok and "kon-tum" in outcome.error
    assert old.read_text(encoding="utf-8") == "previous briefing"
    executed = nbformat.read(reports / "notebooks" / "en" / "kon-tum.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in executed.cells
               for o in c.get("outputs", []))


@pytest.mark.notebooks
def test_plain_papermill_from_the_project_root(tiny_data, tmp_path):
    """The README's command, run from the root of a project: no --cwd, no data_dir."""
    from ggutils.assess.trends import run_projections
    from ggutils.clean import run_clean

    run_clean(tiny_data)
    run_projections(tiny_data)
    project = tiny_data.parent
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    result = subprocess.run(
        [sys.executable, "-m", "papermill", "notebooks/03_province_briefing.ipynb", "out.ipynb",
         "-p", "province", "lai-chau", "-p", "lang", "en", "--no-progress-bar"],
        cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    executed = nbformat.read(project / "out.ipynb", as_version=4)
    text = str([c.outputs for c in executed.cells if c.cell_type == "code"])
    assert "Forest cover above 50%" in text
