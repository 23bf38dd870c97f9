"""Incremental runs: each kind of input changes exactly the stages made from it, and a
skipped stage never leaves a stale output (SYNTHETIC tiny data)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from ggutils.cli import main
from ggutils.paths import Layout
from ggutils.pipeline.stages import (
    Stage,
    State,
    briefing_stage,
    catalog_entities,
    clean_stage,
    matplotlib_files,
    package_versions,
    pages_stage,
    project_stage,
    request_stage,
)
from tests.conftest import ROOT


def _second_entity(data: Path) -> None:
    """kon-tum: the tiny lai-chau catalog under another entity (SYNTHETIC)."""
    text = (data / "targets" / "lai-chau.yml").read_text(encoding="utf-8")
    (data / "targets" / "kon-tum.yml").write_text(
        text.replace("entity_id: lai-chau", "entity_id: kon-tum").replace("id: lc-", "id: kt-"),
        encoding="utf-8")


def _touch(path: Path, line: str = "# changed\n") -> None:
    """Change a file's bytes without changing what it says (a comment, or a blank row)."""
    with path.open("a", encoding="utf-8") as f:
        f.write(line)


@pytest.fixture
def project(tiny_data, tmp_path) -> Layout:
    _second_entity(tiny_data)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    for path in (tiny_data / "processed" / "observations.csv",
                 tiny_data / "processed" / "trajectories.csv"):
        path.write_text("entity_id\n", encoding="utf-8")
    return Layout(tiny_data, tmp_path / "reports", notebooks)


def _keys(paths: Layout) -> dict[str, str]:
    """Every stage's inputs hash, by stage."""
    stages = [clean_stage(paths), project_stage(paths), pages_stage(paths, ["en"])]
    for entity in catalog_entities(paths.targets):
        stages += [briefing_stage(paths, entity, "en"), request_stage(paths, entity, "en")]
    return {s.name: s.inputs for s in stages}


EVERY_STAGE = {"clean", "project", "pages", "lai-chau [en]", "kon-tum [en]",
               "request lai-chau [en]", "request kon-tum [en]"}
AFTER_CLEAN = EVERY_STAGE - {"clean"}
DRAWING = EVERY_STAGE - {"request lai-chau [en]", "request kon-tum [en]"}
CASES = {  # what changes -> the stages whose inputs change (downstream effects aside)
    # every file under raw/, reference/ and targets/ is read by every stage (the briefing's
    # header prints their hash), a file added there included
    "raw/synthetic_forest_cover.csv": EVERY_STAGE,
    "raw/sources.yml": EVERY_STAGE,
    "raw/SOURCES.md": EVERY_STAGE,
    "raw/contributed/filled.xlsx": EVERY_STAGE,
    "raw/decisions/lai-chau.txt": EVERY_STAGE,
    "reference/cleaning_rules.yml": EVERY_STAGE,
    "reference/indicators.yml": EVERY_STAGE,
    "reference/messages.yml": EVERY_STAGE,  # clean reads it too (the workbooks' drop-down)
    "reference/agencies.csv": EVERY_STAGE,
    "reference/provinces.csv": EVERY_STAGE,
    "reference/entity_aliases.csv": EVERY_STAGE,
    "reference/a_new_rule_file.yml": EVERY_STAGE,
    "targets/kon-tum.yml": EVERY_STAGE,
    "processed/observations.csv": AFTER_CLEAN,
    "processed/sources.csv": AFTER_CLEAN,
    "processed/quarantine.csv": set(),  # read by no stage (notebook 01 shows its own)
    "notebooks/01_clean_indicators.ipynb": {"clean"},
    "notebooks/02_project_trajectories.ipynb": {"project"},
    "notebooks/03_province_briefing.ipynb": {"lai-chau [en]", "kon-tum [en]"},
    "notebooks/matplotlibrc": DRAWING,  # a notebook's kernel runs in the notebooks folder
}


def _edit(path: Path) -> None:
    """Change a file's bytes, or create it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".ipynb":
        path.write_text(path.read_text(encoding="utf-8").replace("\n}", "\n }", 1),
                        encoding="utf-8")
    elif path.exists():
        _touch(path, "\n" if path.suffix == ".csv" else "# changed\n")
    else:
        path.write_bytes(b"PK" if path.suffix == ".xlsx" else b"# new\n")


@pytest.mark.parametrize("changed", list(CASES))
def test_each_input_changes_exactly_the_stages_made_from_it(project, changed):
    before = _keys(project)
    folder, name = changed.split("/", 1)
    _edit(project.notebooks / name if folder == "notebooks" else project.data / changed)
    after = _keys(project)
    assert {name for name in before if before[name] != after[name]} == CASES[changed]


@pytest.mark.parametrize("where", ["MPLCONFIGDIR", "XDG_CONFIG_HOME", "MATPLOTLIBRC"])
def test_the_matplotlib_configuration_is_an_input_of_the_drawing_stages(project, tmp_path,
                                                                        monkeypatch, where):
    """A matplotlibrc or a style sheet in the configuration directory matplotlib reads
    (MPLCONFIGDIR, else $XDG_CONFIG_HOME/matplotlib), or the file MATPLOTLIBRC names."""
    folder = tmp_path / "mpl"
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    monkeypatch.delenv("MATPLOTLIBRC", raising=False)
    rc = {"MPLCONFIGDIR": folder / "matplotlibrc", "MATPLOTLIBRC": folder / "custom_rc",
          "XDG_CONFIG_HOME": folder / "matplotlib" / "matplotlibrc"}[where]
    monkeypatch.setenv(where, str(rc if where == "MATPLOTLIBRC" else folder))
    before = _keys(project)
    _edit(rc)
    after = _keys(project)
    assert {name for name in before if before[name] != after[name]} == DRAWING
    if where == "MPLCONFIGDIR":
        _edit(folder / "stylelib" / "house.mplstyle")
        assert {n for n, v in _keys(project).items() if v != after[n]} == DRAWING


@pytest.mark.parametrize("place", ["cwd", "MPLCONFIGDIR", "MATPLOTLIBRC"])
def test_matplotlib_files_hold_the_file_matplotlib_reads(tmp_path, monkeypatch, place):
    """The configuration file matplotlib itself picks (asked in a fresh process) is one of
    matplotlib_files, wherever it lies."""
    import subprocess
    import sys

    cwd, config = tmp_path / "work", tmp_path / "config"
    cwd.mkdir()
    config.mkdir()
    monkeypatch.setenv("MPLCONFIGDIR", str(config))
    monkeypatch.delenv("MATPLOTLIBRC", raising=False)
    rc = {"cwd": cwd / "matplotlibrc", "MPLCONFIGDIR": config / "matplotlibrc",
          "MATPLOTLIBRC": tmp_path / "elsewhere.rc"}[place]
    if place == "MATPLOTLIBRC":
        monkeypatch.setenv("MATPLOTLIBRC", str(rc))
    rc.write_text("# SYNTHETIC\n", encoding="utf-8")
    found = subprocess.run([sys.executable, "-c", "import matplotlib; "
                            "print(matplotlib.matplotlib_fname())"], cwd=cwd, check=True,
                           capture_output=True, text=True).stdout.strip()
    assert (cwd / found).resolve() == rc.resolve()
    assert rc.resolve() in [p.resolve() for p in matplotlib_files([cwd])]


def test_package_versions_follow_the_requirements(tmp_path):
    """Every distribution ggutils requires, and theirs, with its version; extras left out;
    upgrading one changes the environment's hash (SYNTHETIC dist-info folders)."""
    def dist(name: str, version: str, *requires: str) -> None:
        folder = tmp_path / f"{name}-{version}.dist-info"
        folder.mkdir()
        lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                 *(f"Requires-Dist: {r}" for r in requires)]
        (folder / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")

    dist("ggutils", "0.1.0", "pandas>=3", "pytest>=9; extra == 'dev'")
    dist("pandas", "3.1.1", "numpy>=2")
    dist("numpy", "2.4.6")
    dist("pytest", "9.2.0")
    assert package_versions(path=[str(tmp_path)]) == \
        {"ggutils": "0.1.0", "numpy": "2.4.6", "pandas": "3.1.1"}
    (tmp_path / "numpy-2.4.6.dist-info").rename(tmp_path / "numpy-2.5.0.dist-info")
    metadata = tmp_path / "numpy-2.5.0.dist-info" / "METADATA"
    metadata.write_text(metadata.read_text().replace("2.4.6", "2.5.0"), encoding="utf-8")
    assert package_versions(path=[str(tmp_path)])["numpy"] == "2.5.0"
    installed = package_versions()  # this environment: what the stages import is there
    assert {"pandas", "matplotlib", "nbconvert", "papermill", "openpyxl", "jinja2"} <= \
        set(installed)
    assert "pytest" not in installed  # a dev extra, not read by any stage


def test_an_upgraded_package_runs_every_stage_again(project, monkeypatch):
    from ggutils.pipeline import stages

    before = _keys(project)
    upgraded = {**stages.package_versions(), "numpy": "99.0"}
    monkeypatch.setattr(stages, "package_versions", lambda *a, **k: upgraded)
    stages.environment_digest.cache_clear()
    try:
        after = _keys(project)
    finally:
        monkeypatch.undo()
        stages.environment_digest.cache_clear()
    assert {name for name in before if before[name] != after[name]} == EVERY_STAGE


def test_a_briefing_depends_on_its_own_trajectory_rows_only(project):
    traj = project.trajectories
    traj.write_text("entity_id,target_id\nlai-chau,lc-1\nkon-tum,kt-1\n", encoding="utf-8")
    before = _keys(project)
    traj.write_text("entity_id,target_id\nlai-chau,lc-1\nkon-tum,kt-2\n", encoding="utf-8")
    after = _keys(project)
    assert {n for n in before if before[n] != after[n]} == {"kon-tum [en]", "pages"}


def test_parameters_and_the_generated_date_are_inputs(project, monkeypatch):
    assert briefing_stage(project, "kon-tum", "en").inputs != \
        briefing_stage(project, "kon-tum", "vi").inputs
    assert briefing_stage(project, "kon-tum", "en").inputs != \
        briefing_stage(project, "kon-tum", "en", as_of=2015).inputs
    before = briefing_stage(project, "kon-tum", "en").inputs
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert briefing_stage(project, "kon-tum", "en").inputs != before


def test_a_stage_is_current_only_with_its_outputs_as_written(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("a\n", encoding="utf-8")
    state = State.load(tmp_path / ".state.json")

    stage = Stage("x", "inputs-1", (out,))
    assert not state.is_current(stage)
    state.record(stage)
    assert State.load(tmp_path / ".state.json").is_current(stage)
    assert not state.is_current(Stage("x", "inputs-2", (out,)))  # inputs changed
    out.write_text("edited\n", encoding="utf-8")
    assert not state.is_current(stage)  # output edited by hand
    out.unlink()
    assert not state.is_current(stage)  # output missing


# --- the pipeline, end to end ------------------------------------------------------------

def _run(paths: Layout, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--data", str(paths.data), "--reports", str(paths.reports), "--notebooks",
                     str(paths.notebooks), "run", "--lang", "en", "--quiet", "--workers", "1",
                     *extra])
    return code, out.getvalue()


def _outputs(paths: Layout) -> dict[str, Path]:
    r = paths.reports
    return {"clean": paths.observations, "project": paths.trajectories,
            "lai-chau": r / "en" / "lai-chau.html", "kon-tum": r / "en" / "kon-tum.html",
            "lai-chau log": r / "notebooks" / "en" / "lai-chau.ipynb",
            "request kon-tum": r / "requests" / "kon-tum-en.xlsx", "index": r / "index-en.html"}


def _rebuilt(paths: Layout, change) -> tuple[set[str], str]:
    """Apply `change`, run, and return which outputs were written again, and the output."""
    stamps = {name: path.stat().st_mtime_ns for name, path in _outputs(paths).items()
              if path.exists()}
    change()
    code, out = _run(paths)
    assert code == 0, out
    now = _outputs(paths)
    return {name for name in now if not now[name].exists()
            or now[name].stat().st_mtime_ns != stamps.get(name)}, out


@pytest.mark.notebooks
def test_a_rerun_rebuilds_exactly_what_depends_on_the_change(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for path in (project.observations, project.trajectories):
        path.unlink()
    code, out = _run(project)
    assert code == 0, out
    assert all(p.exists() for p in _outputs(project).values())
    everything = set(_outputs(project))

    rebuilt, out = _rebuilt(project, lambda: None)
    assert rebuilt == set()
    assert "clean: inputs unchanged, skipped" in out
    assert "project: inputs unchanged, skipped" in out
    assert "2 unchanged (skipped)" in out

    # a deleted briefing: that briefing alone is rendered again
    rebuilt, out = _rebuilt(project, lambda: (project.reports / "en" / "lai-chau.html").unlink())
    assert rebuilt == {"lai-chau", "lai-chau log"}
    assert "clean: inputs unchanged, skipped" in out

    # a file no code parses but the briefings' input hash covers (SOURCES.md): every stage
    rebuilt, out = _rebuilt(project, lambda: _touch(project.raw / "SOURCES.md", "note\n"))
    assert rebuilt == everything
    assert "clean: executed" in out and "project: executed" in out

    # (that clean reads the messages, for the request workbooks' status labels, and so reruns
    # when they change, is test_every_file_a_stage_opens_under_data_is_one_of_its_inputs's)

    # a matplotlibrc where the notebooks' kernels run: every stage that draws a chart
    rc = project.notebooks / "matplotlibrc"
    rebuilt, _ = _rebuilt(project, lambda: rc.write_text("# SYNTHETIC\n", encoding="utf-8"))
    assert rebuilt == everything - {"request kon-tum"}

    # --force: everything
    stamps = {name: path.stat().st_mtime_ns for name, path in _outputs(project).items()}
    code, out = _run(project, "--force")
    assert code == 0, out
    assert {n for n, p in _outputs(project).items() if p.stat().st_mtime_ns != stamps[n]} == \
        everything


# --- what a stage opens is what it hashes ------------------------------------------------

_OPENED: list[tuple[str, str]] = []  # (path, mode) while a trace is on
_TRACING = [False]


def _audit(event: str, args: tuple) -> None:
    if _TRACING[0] and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        mode, flags = (list(args[1:3]) + [None, 0])[:2]
        if not isinstance(mode, str):  # os.open: the flags say whether it writes
            writes = (flags or 0) & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            mode = "w" if writes else "r"
        _OPENED.append((os.fsdecode(args[0]), mode))


def _reads_under(folder: Path, run) -> set[Path]:
    """The files under `folder` that `run()` opens for reading (a Python audit hook on
    `open`; hooks cannot be removed, so this one records only while a trace is on)."""
    if _audit not in _HOOKS:
        sys.addaudithook(_audit)
        _HOOKS.append(_audit)
    _OPENED.clear()
    _TRACING[0] = True
    try:
        run()
    finally:
        _TRACING[0] = False
    root = folder.resolve()
    return {Path(p).resolve() for p, mode in _OPENED
            if not set(mode) & set("wax+") and Path(p).resolve().is_relative_to(root)}


_HOOKS: list = []


def _run_notebook_code(notebook: Path, parameters: dict) -> None:
    """Notebook's code cells in this process (the parameters cell, then `parameters`), its
    displays discarded: what a stage's kernel runs, traceable here."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    namespace: dict = {}
    with redirect_stdout(io.StringIO()):
        exec(code[0], namespace)  # noqa: S102 - the project's own notebook
        namespace.update(parameters)
        for cell in code[1:]:
            exec(cell, namespace)  # noqa: S102


@pytest.mark.notebooks
def test_every_file_a_stage_opens_under_data_is_one_of_its_inputs(project, monkeypatch):
    """Each stage's code (its notebook's cells, run here; the pages; a request workbook)
    under a trace of every `open`: every file of data/ it reads is hashed as its input (a
    briefing's trajectory rows are hashed as its entity's rows)."""
    import matplotlib

    from ggutils.pipeline.batch import write_pages
    from ggutils.pipeline.stages import stage_files

    matplotlib.use("agg")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data, nb = str(project.data), project.notebooks
    for path in (project.observations, project.trajectories):
        path.unlink()
    runs = {
        "clean": lambda: _run_notebook_code(nb / "01_clean_indicators.ipynb",
                                            {"data_dir": data}),
        "project": lambda: _run_notebook_code(nb / "02_project_trajectories.ipynb",
                                              {"data_dir": data}),
        "briefing": lambda: _run_notebook_code(nb / "03_province_briefing.ipynb", {
            "data_dir": data, "province": "lai-chau", "lang": "en"}),
        "pages": lambda: write_pages(project, ["en"]),
    }
    from ggutils.pipeline.jobs import RequestJob

    runs["request"] = lambda: RequestJob("lai-chau", "en", project).run()
    for kind, run in runs.items():
        read = _reads_under(project.data, run)
        assert read, f"{kind}: the trace saw no file of data/ opened"
        hashed = {p.resolve() for p in stage_files(project, kind)}
        if kind == "briefing":
            hashed.add(project.trajectories.resolve())  # its rows: briefing_stage's extra
        assert read <= hashed, f"{kind} opens files it does not hash: {sorted(read - hashed)}"


@pytest.mark.notebooks
def test_a_failed_projection_still_reports_the_workbooks_written_meanwhile(project):
    """`run` writes the request workbooks while notebook 02 projects (they read the cleaned
    tables only): when notebook 02 fails, the run fails with its error, and the workbooks
    written meanwhile are on disk and said, not left unreported."""
    nb = project.notebooks / "02_project_trajectories.ipynb"
    notebook = json.loads(nb.read_text(encoding="utf-8"))
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code"
                and "parameters" not in c.get("metadata", {}).get("tags", []))
    code["source"] = "raise ValueError('SYNTHETIC failure of stage 2')"
    nb.write_text(json.dumps(notebook), encoding="utf-8")
    err = io.StringIO()
    with redirect_stderr(err):
        code, out = _run(project)
    assert code == 2
    assert "SYNTHETIC failure of stage 2" in err.getvalue()
    assert "clean: executed" in out
    assert "requests: 2 written, 0 failed" in out
    assert (project.reports / "requests" / "kon-tum-en.xlsx").is_file()
    assert not (project.reports / "en" / "kon-tum.html").exists()
