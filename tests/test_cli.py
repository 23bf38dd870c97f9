"""The ggutils command line: options, one-line errors, checks before any work starts."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from contextlib import redirect_stdout

import pandas as pd
import pytest

from ggutils import __version__
from ggutils.cli import build_parser, main
from ggutils.targets import TARGET_COLUMNS

from .conftest import DATA, ROOT


def _run(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--data", str(DATA), *argv])
    return code, out.getvalue()


def _ggutils(*argv, cwd=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ggutils.cli", *argv], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=120, **kwargs)


def test_targets_csv_lists_every_target_with_the_catalog_columns(catalogs):
    code, out = _run("targets", "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert list(frame.columns) == TARGET_COLUMNS
    assert len(frame) == sum(len(c.targets) for c in catalogs.values())
    row = frame.set_index("target_id").loc["lc-forest-cover"]
    assert (row["province"], row["comparator"], row["value"]) == ("lai-chau", ">", 50)


def test_targets_json_for_one_province(catalogs):
    code, out = _run("targets", "--province", "kon-tum", "--format", "json")
    records = json.loads(out)
    plans = [c for c in catalogs.values() if c.province == "kon-tum"]
    assert code == 0 and len(records) == sum(len(c.targets) for c in plans)
    assert {r["province"] for r in records} == {"kon-tum"}


def test_unknown_province_lists_the_valid_ones_and_suggests_the_nearest(capsys, catalogs):
    assert main(["--data", str(DATA), "targets", "--province", "kontum"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ggutils: error: unknown province 'kontum'")
    assert "did you mean 'kon-tum'?" in err
    assert f"(valid: {', '.join(sorted({c.province for c in catalogs.values()}))})" in err
    assert main(["--data", str(DATA), "targets", "--province", "atlantis"]) == 2
    assert "did you mean" not in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["briefings", "--lang", "fr"],
    ["run", "--lang", "vi,fr"],
    ["briefings", "--province", "lai-chau", "laichau"],
    ["run", "--workers", "0"],
])
def test_briefing_options_are_checked_before_any_work(tmp_path, capsys, argv):
    reports = tmp_path / "reports"
    assert main(["--data", str(DATA), "--reports", str(reports), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("ggutils: error: ") and captured.err.count("\n") == 1
    assert captured.out == ""
    assert not reports.exists()  # nothing rendered, no folder left behind


def test_unknown_language_names_the_valid_ones(capsys):
    main(["--data", str(DATA), "briefings", "--lang", "en,fr"])
    assert "unknown language 'fr' (--lang) (valid: en, vi)" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["--data", str(DATA), "--reports", "r", "targets"],
    ["targets", "--data", str(DATA), "--reports", "r"],
    ["--reports", "r", "targets", "--data", str(DATA)],
])
def test_data_and_reports_before_or_after_the_command(argv):
    args = build_parser().parse_args(argv)
    assert (args.data, args.reports, args.command) == (str(DATA), "r", "targets")


def test_an_option_after_the_command_wins():
    args = build_parser().parse_args(["--data", "a", "targets", "--data", "b"])
    assert args.data == "b"


def test_defaults_are_found_from_the_working_directory(monkeypatch, tmp_path):
    from ggutils.cli import _paths

    monkeypatch.chdir(ROOT / "notebooks")
    paths = _paths(build_parser().parse_args(["targets"]))
    assert paths.data == ROOT / "data"
    assert paths.reports == ROOT / "reports" and paths.notebooks == ROOT / "notebooks"


@pytest.mark.parametrize("command", ["targets", "clean", "project", "briefings", "run",
                                     "new-plan", "kernel"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: ggutils" in out and "--data" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"ggutils {__version__}"


def test_missing_data_folder_is_one_line_and_exit_2(tmp_path):
    """The README's promise, checked on the real command (a fresh process)."""
    result = _ggutils("clean", "--data", str(tmp_path / "nonexistent"))
    assert result.returncode == 2
    assert result.stderr == f"ggutils: error: data folder {tmp_path / 'nonexistent'} not found\n"
    assert result.stdout == ""


def test_debug_shows_the_traceback(tmp_path):
    result = _ggutils("targets", "--data", str(tmp_path / "nonexistent"), "--debug")
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "UsageError: data folder" in result.stderr


def test_a_malformed_catalog_is_one_line_naming_file_entry_and_field(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    shutil.copytree(DATA / "targets", data / "targets")
    catalog = data / "targets" / "lai-chau.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "    low: 42\n", "    low: .nan\n", 1), encoding="utf-8")
    result = _ggutils("targets", "--data", str(data))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"ggutils: error: {catalog}: entry 'lc-green-tech-gdp': "
                                    "field 'low': ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sets the pipe's size")
def test_a_closed_pipe_ends_quietly():
    import fcntl

    process = subprocess.Popen([sys.executable, "-m", "ggutils.cli", "--data", str(DATA),
                                "targets", "--format", "json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    fcntl.fcntl(process.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)  # less than the output
    process.stdout.read(1)
    process.stdout.close()  # like `| head -c1`
    err = process.stderr.read()
    process.wait(timeout=60)
    assert err == b""
    assert process.returncode == 141  # 128 + SIGPIPE, as a shell reports a closed pipe


def test_project_before_clean_says_what_to_run(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    shutil.copytree(DATA / "targets", data / "targets")
    assert main(["--data", str(data), "project"]) == 2
    assert "run `ggutils clean` first" in capsys.readouterr().err


@pytest.mark.notebooks
def test_a_failing_province_does_not_stop_the_batch(tiny_data, tmp_path, capsys):
    """Stage 2 ran before kon-tum's catalog was added: its briefing fails, lai-chau's does
    not; the summary names kon-tum with the error's first line and the exit is non-zero."""
    from ggutils.clean import run_clean
    from ggutils.trends import run_projections

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


@pytest.mark.notebooks
def test_an_error_inside_a_stage_notebook_is_one_line(tiny_data, tmp_path):
    """A registry error raised in notebook 01's kernel comes out as the project's own error:
    one line naming the file, the entry and the field, exit 2, no papermill traceback."""
    registry = tiny_data / "raw" / "sources.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace('indicator: "{measure}"', "indicator: forest_cuver"),
                        encoding="utf-8")
    result = _ggutils("--data", str(tiny_data), "--reports", str(tmp_path / "r"), "clean")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"ggutils: error: {registry}: entry 'synthetic': "
                                    "field 'measures.0.indicator': ")
    assert "forest_cuver" in result.stderr
    assert (tmp_path / "r" / "notebooks" / "01_clean_indicators.ipynb").exists()  # the log


@pytest.mark.notebooks
def test_an_unwritable_reports_folder_is_reported_after_the_summary(tiny_data, tmp_path):
    from ggutils.clean import run_clean
    from ggutils.trends import run_projections

    run_clean(tiny_data)
    run_projections(tiny_data)
    reports = tmp_path / "reports"
    reports.write_text("a file, not a folder", encoding="utf-8")
    result = _ggutils("--data", str(tiny_data), "briefings", "--reports", str(reports),
                      "--lang", "en", "--quiet", "--workers", "1")
    assert result.returncode == 2
    assert "briefings: 0 written, 1 failed" in result.stdout
    assert "FAILED lai-chau [en]: NotADirectoryError: " in result.stdout
    assert result.stderr.startswith("ggutils: error: cannot write the index and comparison "
                                    f"pages in {reports}")
    assert result.stderr.count("\n") == 1


@pytest.mark.notebooks
def test_pdf_without_chromium_says_so_once_and_writes_the_html(tiny_data, tmp_path, capsys,
                                                               monkeypatch):
    from ggutils.clean import run_clean
    from ggutils.pdf import chromium
    from ggutils.trends import run_projections

    run_clean(tiny_data)
    run_projections(tiny_data)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # the workers inherit it: no chromium anywhere
    assert chromium() is None
    reports = tmp_path / "reports"
    code = main(["--data", str(tiny_data), "--reports", str(reports), "--notebooks",
                 str(ROOT / "notebooks"), "briefings", "--lang", "vi,en", "--pdf", "--quiet",
                 "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "briefings: 2 written, 0 failed" in out
    assert out.count("chromium not found") == 1
    for lang in ("vi", "en"):
        assert (reports / lang / "lai-chau.html").exists()
        assert not (reports / lang / "lai-chau.pdf").exists()
