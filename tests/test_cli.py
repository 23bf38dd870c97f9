"""The ggutils command line: options, one-line errors, checks before any work starts."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from ggutils import __version__
from ggutils.cli import build_parser, main
from ggutils.reference.targets_table import TARGET_COLUMNS

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
    assert (row["entity_id"], row["comparator"], row["value"]) == ("lai-chau", ">", 50)


def test_targets_json_for_one_province(catalogs):
    code, out = _run("targets", "--province", "kon-tum", "--format", "json")
    records = json.loads(out)
    plans = [c for c in catalogs.values() if c.entity_id == "kon-tum"]
    assert code == 0 and len(records) == sum(len(c.targets) for c in plans)
    assert {r["entity_id"] for r in records} == {"kon-tum"}


def test_unknown_province_lists_the_valid_ones_and_suggests_the_nearest(capsys, catalogs):
    assert main(["--data", str(DATA), "targets", "--province", "kon-tun"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ggutils: error: unknown province 'kon-tun'")
    assert "did you mean 'kon-tum'?" in err
    assert f"(valid: {', '.join(sorted({c.entity_id for c in catalogs.values()}))})" in err
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
    from ggutils.cli import _project

    monkeypatch.chdir(ROOT / "notebooks")
    paths = _project(build_parser().parse_args(["targets"])).layout
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


def test_a_control_character_in_a_catalog_is_one_line_naming_file_entry_and_field(tmp_path):
    """A form feed pasted into a decision's wording (written "\\f" in YAML) would reach
    the page and the spreadsheet downloads: refused like any malformed field (issue 22)."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    shutil.copytree(DATA / "targets", data / "targets")
    catalog = data / "targets" / "lai-chau.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        'tạo ra từ công nghệ xanh', 'tạo ra\\f từ công nghệ xanh', 1), encoding="utf-8")
    result = _ggutils("targets", "--data", str(data))
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"ggutils: error: {catalog}: entry 'lc-green-tech-gdp': "
                                    "field 'wording_vi': control character U+000C (form feed)")


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
    from ggutils.assess.trends import run_projections
    from ggutils.clean import run_clean

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
    from ggutils.assess.trends import run_projections
    from ggutils.clean import run_clean

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
    from ggutils.assess.trends import run_projections
    from ggutils.brief.pdf import chromium
    from ggutils.clean import run_clean

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


# --- a full disk (issue 22) --------------------------------------------------------------

def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_a_write_error_naming_the_path_and_leaves_no_temporary(tmp_path):
    from ggutils.errors import WriteError
    from ggutils.io import write_atomic, write_text_atomic

    target = tmp_path / "out" / "page.html"
    write_text_atomic(target, "old")
    with pytest.raises(WriteError) as caught:
        write_atomic(target, lambda tmp: (tmp.write_text("half", encoding="utf-8"),
                                          _no_space()))
    assert str(caught.value) == f"cannot write {target}: No space left on device"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]
    assert target.read_text(encoding="utf-8") == "old"  # the old file stays whole
    with pytest.raises(ValueError):  # any other error passes as it is, no tmp left either
        write_atomic(target, lambda tmp: int("x"))
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


def test_a_temporary_file_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    """After SIGKILL nothing of a process can clean up: the next write of the same file
    removes the temporary files of writers that no longer run (their pid is in the name)."""
    from ggutils.io import write_text_atomic

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".page.html.{dead}.abc123.tmp"
    alive = tmp_path / f".page.html.{os.getppid()}.def456.tmp"  # a writer that still runs
    stale.write_text("half", encoding="utf-8")
    alive.write_text("half", encoding="utf-8")
    write_text_atomic(tmp_path / "page.html", "new")
    assert not stale.exists() and alive.exists()


@pytest.mark.notebooks
def test_a_full_disk_during_a_stage_is_one_line_and_exit_2(tiny_data, tmp_path, capsys,
                                                           monkeypatch):
    """The executed notebook cannot be written (papermill's write raises ENOSPC): one line
    naming the path, exit 2, no traceback, no half notebook, no NotJSONError."""
    import papermill.iorw

    monkeypatch.setattr(papermill.iorw.papermill_io, "write", _no_space)
    reports = tmp_path / "reports"
    code = main(["--data", str(tiny_data), "--reports", str(reports), "--notebooks",
                 str(ROOT / "notebooks"), "clean"])
    err = capsys.readouterr().err
    executed = reports / "notebooks" / "01_clean_indicators.ipynb"
    assert code == 2
    assert err == f"ggutils: error: cannot write {executed}: No space left on device\n"
    assert not [p for p in reports.rglob("*") if p.is_file()]  # nothing half-written


def _tmpfs(folder, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.mark.notebooks
def test_a_really_full_disk_is_one_line_and_exit_2(tiny_data, tmp_path):
    """ggutils run with its data and reports on a 600 KB file system (a tmpfs; needs root,
    else skipped with a notice): one line naming a path, exit 2, no traceback, no
    temporary file left anywhere on it."""
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "600k"):
        pytest.skip("no tiny tmpfs here (needs root and mount): the full-disk case is "
                    "covered by the ENOSPC tests above")
    try:
        data = disk / "data"
        shutil.copytree(tiny_data, data)
        free = shutil.disk_usage(disk).free
        (disk / "fill").write_bytes(b"\0" * max(0, free - 150_000))  # 150 KB left
        result = _ggutils("--data", str(data), "--reports", str(disk / "reports"), "run",
                          "--lang", "en", "--quiet", "--workers", "1",
                          env={**os.environ, "TMPDIR": str(disk)})
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"ggutils: error: cannot write {disk}")
        assert result.stderr.endswith(": No space left on device\n")
        assert "Traceback" not in result.stdout + result.stderr
        assert "Exception ignored" not in result.stdout + result.stderr
        leftovers = [p for p in disk.rglob("*") if p.name.startswith(".")
                     and ".tmp" in p.name or p.name.startswith("openpyxl")]
        assert not leftovers
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# --- a signal while printing PDFs (issue 22) ---------------------------------------------

STAND_IN = """#!/bin/sh
# SYNTHETIC stand-in for Chromium: writes into its profile, starts the PDF and waits with a
# child process of its own (as Chromium's renderers), so a signal always finds it printing.
for a in "$@"; do
  case "$a" in
    --user-data-dir=*) d="${a#--user-data-dir=}";;
    --print-to-pdf=*) o="${a#--print-to-pdf=}";;
  esac
done
mkdir -p "$d/Default" && echo '{}' > "$d/Default/Preferences" && printf '%%PDF-1.4' > "$o"
sleep 300 &
wait
"""


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_until(condition, seconds: float, step: float = 0.01) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()


@pytest.mark.notebooks
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="lists processes through /proc")
@pytest.mark.parametrize("browser", ["stand-in", "chromium"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_signal_while_printing_leaves_no_temporary_file_and_no_profile(
        tiny_data, tmp_path, signum, browser):
    """`ggutils briefings --pdf` gets SIGTERM or SIGKILL while a browser prints: no
    .<name>.pdf.<pid>.*.tmp is left in the reports, no browser profile in the temporary
    folder, no browser process (after SIGKILL the workers see their parent gone and clean
    up). Run with a stand-in that always waits, and with Chromium where it is installed."""
    from ggutils.assess.trends import run_projections
    from ggutils.brief.pdf import chromium
    from ggutils.clean import run_clean

    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    if browser == "stand-in":
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "chromium").write_text(STAND_IN, encoding="utf-8")
        (bin_dir / "chromium").chmod(0o755)
        env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    elif chromium() is None:
        pytest.skip("chromium is not installed: the signal is tested with the stand-in only")
    run_clean(tiny_data)
    run_projections(tiny_data)
    reports = tmp_path / "reports"
    profiles = tmp_path / "tmp" / f"ggutils-chromium-{os.getuid()}"
    main_process = subprocess.Popen(
        [sys.executable, "-m", "ggutils.cli", "--data", str(tiny_data), "--reports",
         str(reports), "briefings", "--pdf", "--lang", "en", "--quiet", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        printing = _wait_until(lambda: profiles.is_dir() and any(profiles.iterdir()), 240,
                               step=0.005)
        if not printing:
            pytest.fail(f"no print started: {main_process.communicate(timeout=60)[1]}")
        main_process.send_signal(signum)
        main_process.wait(timeout=60)
        assert _wait_until(lambda: not _processes_mentioning(str(tmp_path / "tmp")), 30), \
            "a browser outlived the run"
        assert list(profiles.iterdir()) == []
        assert [p.name for p in reports.rglob("*.tmp")] == []
        if signum == signal.SIGTERM:
            assert main_process.returncode == 128 + signal.SIGTERM
            assert main_process.stderr.read().decode().strip().endswith("ggutils: terminated")
    finally:
        if main_process.poll() is None:
            main_process.kill()
        for pid in _processes_mentioning(str(tmp_path / "tmp")):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# --- names with diacritics wherever a slug is (issue 22) ---------------------------------

@pytest.mark.parametrize("name", ["Lai Châu", "lai chau", "Tỉnh Lai Châu", "LAI CHÂU",
                                  "Lai Chau province"])
def test_a_province_may_be_named_as_printed(name, catalogs):
    """--province takes the slug or any name the register or its aliases resolve."""
    code, out = _run("targets", "--province", name, "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert set(frame["entity_id"]) == {"lai-chau"}
    assert len(frame) == sum(len(c.targets) for c in catalogs.values()
                             if c.entity_id == "lai-chau")


def test_a_named_province_without_a_plan_says_how_to_start_one(capsys):
    assert main(["--data", str(DATA), "targets", "--province", "Điện Biên"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'Điện Biên' is 'dien-bien', which has no plan: `ggutils new-plan dien-bien`" in err


@pytest.mark.parametrize(("name", "suggested"), [("Lai Chu", "lai-chau"),
                                                 ("Kon Tumm", "kon-tum")])
def test_a_misspelled_name_with_diacritics_gets_the_nearest_slug(name, suggested, capsys):
    assert main(["--data", str(DATA), "targets", "--province", name]) == 2
    assert f"did you mean '{suggested}'?" in capsys.readouterr().err


def test_briefings_take_a_name_before_any_work(tmp_path, capsys):
    """A name is resolved with the other checks: a misspelt one stops the command before
    any work, a good one gets past them (here to the missing trajectories)."""
    assert main(["--data", str(DATA), "--reports", str(tmp_path), "briefings", "--province",
                 "Lai Chu", "--quiet"]) == 2
    assert "did you mean 'lai-chau'?" in capsys.readouterr().err
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("processed"))
    (data / "processed").mkdir()
    assert main(["--data", str(data), "--reports", str(tmp_path / "r"), "briefings",
                 "--province", "Lai Châu", "Kon Tum", "--quiet"]) == 2
    assert "trajectories.csv not found" in capsys.readouterr().err


def test_new_plan_takes_a_name_with_diacritics(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("processed"))
    assert main(["--data", str(data), "new-plan", "Điện Biên"]) == 0
    out = capsys.readouterr().out
    assert (data / "targets" / "dien-bien.yml").is_file()
    assert "`ggutils targets --province dien-bien`" in out
    assert main(["--data", str(data), "new-plan", "Dien Bienn"]) == 2
    assert "did you mean 'dien-bien'?" in capsys.readouterr().err


def test_a_second_sigterm_is_ignored_while_the_first_unwinds():
    """The first SIGTERM becomes _Terminated; until main() returns, another is ignored
    rather than raised inside the clean-up of the first (Pool.__exit__)."""
    from ggutils import cli

    previous = signal.signal(signal.SIGTERM, cli._on_sigterm)
    try:
        with pytest.raises(cli._Terminated):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises here
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
        os.kill(os.getpid(), signal.SIGTERM)  # ignored: nothing is raised
    finally:
        signal.signal(signal.SIGTERM, previous)
