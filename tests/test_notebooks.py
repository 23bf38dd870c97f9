"""The notebooks: conventions, and a full papermill run on a tiny fixture data set."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from ggutils.batch import Job, render_one
from ggutils.pages import write_index
from ggutils.paths import ProjectPaths
from ggutils.runner import execute

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_three_stage_notebooks():
    assert [n.name for n in NOTEBOOKS] == ["01_clean_indicators.ipynb",
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


@pytest.mark.notebooks
def test_pipeline_notebooks_run_on_the_tiny_fixture(tiny_data, tmp_path):
    reports = tmp_path / "reports"
    paths = ProjectPaths(data=tiny_data, reports=reports, notebooks=ROOT / "notebooks")
    for name in ("01_clean_indicators.ipynb", "02_project_trajectories.ipynb"):
        execute(paths.notebooks / name, reports / "notebooks" / name,
                {"data_dir": str(tiny_data)}, cwd=paths.notebooks)
    conservation = (tiny_data / "processed" / "conservation.csv").read_text(encoding="utf-8")
    assert "synthetic_forest_cover.csv,6,6,5,1,0" in conservation
    assert (tiny_data / "processed" / "trajectories.csv").exists()
    outcome = render_one(Job("lai-chau", "en", tiny_data, reports, paths.notebooks))
    assert outcome.ok, outcome.error
    write_index(paths, ["en"])
    html = (reports / "en" / "lai-chau.html").read_text(encoding="utf-8")
    assert html.count("<tr data-target-id=") == 2
    assert "Forest cover above 50%" in html and "80% of hazardous waste treated" in html
    assert "data:image/png;base64" in html
    assert not re.search(r'src="(?:https?:)?//', html)  # nothing loaded from the network
    assert not re.search(r'<link[^>]+href="(?:https?:)?//', html)
    assert "<script" not in html.lower()
    assert "No description has been provided" not in html  # every image has alt text
    assert "print(" not in html and "load_briefing" not in html  # inputs hidden
    assert 'href="en/lai-chau.html"' in (reports / "index.html").read_text(encoding="utf-8")


@pytest.mark.notebooks
def test_a_failing_province_keeps_its_notebook_and_old_html(tiny_data, tmp_path):
    reports = tmp_path / "reports"
    old = reports / "en" / "kon-tum.html"
    old.parent.mkdir(parents=True)
    old.write_text("previous briefing", encoding="utf-8")
    outcome = render_one(Job("kon-tum", "en", tiny_data, reports, ROOT / "notebooks"))
    assert not outcome.ok and "kon-tum" in outcome.error
    assert old.read_text(encoding="utf-8") == "previous briefing"
    executed = nbformat.read(reports / "notebooks" / "en" / "kon-tum.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in executed.cells
               for o in c.get("outputs", []))


@pytest.mark.notebooks
def test_plain_papermill_from_the_project_root(tiny_data, tmp_path):
    """The README's command, run from the root of a project: no --cwd, no data_dir."""
    from ggutils.clean import run_clean
    from ggutils.trends import run_projections

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
