"""Incremental runs: each kind of input changes exactly the stages made from it, and a
skipped stage never leaves a stale output (SYNTHETIC tiny data)."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from ggutils.cli import main
from ggutils.paths import ProjectPaths
from ggutils.stages import (
    Stage,
    State,
    briefing_stage,
    catalog_entities,
    clean_stage,
    pages_stage,
    project_stage,
    request_stage,
)

from .conftest import ROOT


def _second_entity(data: Path) -> None:
    """kon-tum: the tiny lai-chau catalog under another entity (SYNTHETIC)."""
    text = (data / "targets" / "lai-chau.yml").read_text(encoding="utf-8")
    (data / "targets" / "kon-tum.yml").write_text(
        text.replace("province: lai-chau", "province: kon-tum").replace("id: lc-", "id: kt-"),
        encoding="utf-8")


def _touch(path: Path, line: str = "# changed\n") -> None:
    """Change a file's bytes without changing what it says (a comment, or a blank row)."""
    with path.open("a", encoding="utf-8") as f:
        f.write(line)


@pytest.fixture
def project(tiny_data, tmp_path) -> ProjectPaths:
    _second_entity(tiny_data)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    for path in (tiny_data / "processed" / "observations.csv",
                 tiny_data / "processed" / "trajectories.csv"):
        path.write_text("province_slug\n", encoding="utf-8")
    return ProjectPaths(tiny_data, tmp_path / "reports", notebooks)


def _keys(paths: ProjectPaths) -> dict[str, str]:
    """Every stage's inputs hash, by stage."""
    stages = [clean_stage(paths), project_stage(paths), pages_stage(paths, ["en"])]
    for entity in catalog_entities(paths.targets):
        stages += [briefing_stage(paths, entity, "en"), request_stage(paths, entity, "en")]
    return {s.name: s.inputs for s in stages}


CASES = {  # what changes -> the stages whose inputs change (downstream effects aside)
    "raw/synthetic_forest_cover.csv": {"clean"},
    "raw/sources.yml": {"clean"},
    "raw/contributed/filled.xlsx": {"clean"},
    "reference/cleaning_rules.yml": {"clean"},
    "reference/indicators.yml": {"clean", "project", "pages", "lai-chau [en]", "kon-tum [en]",
                                 "request lai-chau [en]", "request kon-tum [en]"},
    "reference/messages.yml": {"project", "pages", "lai-chau [en]", "kon-tum [en]",
                               "request lai-chau [en]", "request kon-tum [en]"},
    "reference/agencies.csv": {"pages", "lai-chau [en]", "kon-tum [en]",
                               "request lai-chau [en]", "request kon-tum [en]"},
    "targets/kon-tum.yml": {"project", "pages", "kon-tum [en]", "request lai-chau [en]",
                            "request kon-tum [en]"},
    "processed/observations.csv": {"project", "pages", "lai-chau [en]", "kon-tum [en]",
                                   "request lai-chau [en]", "request kon-tum [en]"},
    "notebooks/03_province_briefing.ipynb": {"lai-chau [en]", "kon-tum [en]"},
    "notebooks/01_clean_indicators.ipynb": {"clean"},
}


@pytest.mark.parametrize("changed", list(CASES))
def test_each_input_changes_exactly_the_stages_made_from_it(project, changed):
    before = _keys(project)
    folder, name = changed.split("/", 1)
    path = project.notebooks / name if folder == "notebooks" else project.data / changed
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".ipynb":
        path.write_text(path.read_text(encoding="utf-8").replace("\n}", "\n }", 1),
                        encoding="utf-8")
    elif path.exists():
        _touch(path, "\n" if path.suffix == ".csv" else "# changed\n")
    else:
        path.write_bytes(b"PK")
    after = _keys(project)
    assert {name for name in before if before[name] != after[name]} == CASES[changed]


def test_a_briefing_depends_on_its_own_trajectory_rows_only(project):
    traj = project.trajectories
    traj.write_text("province_slug,target_id\nlai-chau,lc-1\nkon-tum,kt-1\n", encoding="utf-8")
    before = _keys(project)
    traj.write_text("province_slug,target_id\nlai-chau,lc-1\nkon-tum,kt-2\n", encoding="utf-8")
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

def _run(paths: ProjectPaths, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--data", str(paths.data), "--reports", str(paths.reports), "--notebooks",
                     str(paths.notebooks), "run", "--lang", "en", "--quiet", "--workers", "1",
                     *extra])
    return code, out.getvalue()


def _outputs(paths: ProjectPaths) -> dict[str, Path]:
    r = paths.reports
    return {"clean": paths.observations, "project": paths.trajectories,
            "lai-chau": r / "en" / "lai-chau.html", "kon-tum": r / "en" / "kon-tum.html",
            "lai-chau log": r / "notebooks" / "en" / "lai-chau.ipynb",
            "request kon-tum": r / "requests" / "kon-tum-en.xlsx", "index": r / "index-en.html"}


def _rebuilt(paths: ProjectPaths, change) -> tuple[set[str], str]:
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
    has_requests = (project.reports / "requests" / "kon-tum-en.xlsx").exists()
    requests = {"request kon-tum"} if has_requests else set()

    rebuilt, out = _rebuilt(project, lambda: None)
    assert rebuilt == set()
    assert "clean: inputs unchanged, skipped" in out
    assert "project: inputs unchanged, skipped" in out
    assert "2 unchanged (skipped)" in out

    # a rule file read only by stage 1, changed in form only, and a deleted briefing: clean
    # runs and finds the same observations; that briefing alone is rendered again
    def rules_and_deleted_page():
        _touch(project.reference / "cleaning_rules.yml")
        (project.reports / "en" / "lai-chau.html").unlink()

    rebuilt, out = _rebuilt(project, rules_and_deleted_page)
    assert rebuilt == {"clean", "lai-chau", "lai-chau log"}
    assert "clean: executed" in out and "project: inputs unchanged, skipped" in out

    # one raw value changes: every stage
    raw = project.raw / "synthetic_forest_cover.csv"
    rebuilt, _ = _rebuilt(project, lambda: raw.write_text(
        raw.read_text(encoding="utf-8").replace(",47.1,", ",47.3,"), encoding="utf-8"))
    assert rebuilt == everything - ({"request kon-tum"} - requests)

    # one entity's catalog: stage 2 and that entity's briefing and workbook, and the index
    rebuilt, _ = _rebuilt(project, lambda: _touch(project.targets / "kon-tum.yml"))
    assert rebuilt == {"project", "kon-tum", "index"} | requests

    # --force: everything
    stamps = {name: path.stat().st_mtime_ns for name, path in _outputs(project).items()}
    code, out = _run(project, "--force")
    assert code == 0, out
    assert {n for n, p in _outputs(project).items() if p.stat().st_mtime_ns != stamps[n]} == \
        everything
