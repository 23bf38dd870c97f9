"""The ggutils command line."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pandas as pd
import pytest

from ggutils.cli import build_parser, main
from ggutils.targets import TARGET_COLUMNS

from .conftest import DATA


def _run(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--data", str(DATA), *argv])
    return code, out.getvalue()


def test_targets_csv_lists_every_target_with_the_catalog_columns():
    code, out = _run("targets", "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert list(frame.columns) == TARGET_COLUMNS
    assert len(frame) == 22
    row = frame.set_index("target_id").loc["lc-forest-cover"]
    assert (row["province"], row["comparator"], row["value"]) == ("lai-chau", ">", 50)


def test_targets_json_for_one_province():
    code, out = _run("targets", "--province", "kon-tum", "--format", "json")
    records = json.loads(out)
    assert code == 0 and len(records) == 8
    assert {r["province"] for r in records} == {"kon-tum"}


def test_unknown_province_is_a_clear_error(capsys):
    assert main(["--data", str(DATA), "targets", "--province", "atlantis"]) == 2
    assert "no targets for province 'atlantis'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["targets", "clean", "project", "briefings", "run"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args([command, "--help"])
    assert info.value.code == 0
    assert "usage: ggutils" in capsys.readouterr().out


def test_global_options_have_defaults():
    args = build_parser().parse_args(["targets"])
    assert (args.data, args.reports, args.notebooks) == ("data", "reports", "notebooks")


@pytest.mark.notebooks
def test_a_failing_province_does_not_stop_the_batch(tiny_data, tmp_path, capsys):
    """Stage 2 ran before kon-tum's catalog was added: its briefing fails, lai-chau's does
    not; the summary names kon-tum with the error's first line and the exit is non-zero."""
    from ggutils.clean import run_clean
    from ggutils.trends import run_projections

    from .conftest import ROOT

    run_clean(tiny_data)
    run_projections(tiny_data)
    (tiny_data / "targets" / "kon-tum.yml").write_bytes(
        (DATA / "targets" / "kon-tum.yml").read_bytes())
    reports = tmp_path / "reports"
    code = main(["--data", str(tiny_data), "--reports", str(reports), "--notebooks",
                 str(ROOT / "notebooks"), "briefings", "--all", "--lang", "en", "--quiet"])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 written, 1 failed" in out
    assert "FAILED kon-tum [en]" in out and "no trajectory for target" in out
    assert (reports / "en" / "lai-chau.html").exists()
    assert not (reports / "en" / "kon-tum.html").exists()
    assert (reports / "notebooks" / "en" / "kon-tum.ipynb").exists()
    assert 'href="en/lai-chau.html"' in (reports / "index.html").read_text(encoding="utf-8")
