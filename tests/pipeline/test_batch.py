"""Batch briefings: failure lines, reproducible HTML, and no process left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from ggutils.errors import NotebookError
from ggutils.paths import Layout
from ggutils.pipeline.jobs import BriefingJob, error_summary
from tests.conftest import ROOT


def test_the_summary_gives_the_first_meaningful_line():
    error = NotebookError("03.ipynb", "out.ipynb", "CatalogError",
                          "\n\nplan.yml: entry 'a': field 'b': bad\nmore detail\nlast line")
    assert error_summary(error) == "CatalogError: plan.yml: entry 'a': field 'b': bad"
    assert error_summary(ValueError("\n-----\nTraceback (most recent call last):\n"
                                    "  first real line\nlast")) == "ValueError: first real line"
    assert error_summary(KeyError()) == "KeyError"


@pytest.mark.notebooks
def test_two_runs_give_byte_identical_html(tiny_data, tmp_path, monkeypatch):
    from ggutils.assess.trends import run_projections
    from ggutils.clean import run_clean

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    run_clean(tiny_data)
    run_projections(tiny_data)
    pages = []
    for run in ("a", "b"):
        layout = Layout(tiny_data, tmp_path / run, ROOT / "notebooks")
        outcome = BriefingJob("lai-chau", "en", layout).run()
        assert outcome.ok, outcome.error
        pages.append(outcome.job.html.read_bytes())
    assert pages[0] == pages[1]
    assert b"2023-11-14" in pages[0]  # the generated-at line is pinned too


# --- no orphans ----------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc (ppid is the 4th field of /proc/PID/stat)."""
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(text.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(pid)
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":  # a zombie has exited; only its parent's wait is missing
            alive.add(pid)
    return alive


def _notebook(path: Path, parameters: str, slow: bool) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "ggutils", "display_name": "x", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    if slow:
        nb.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(600)"))
    nbformat.write(nb, path)


def _slow_briefing_notebook(folder: Path) -> Path:
    """A stand-in for notebook 03 that keeps its kernel busy until it is stopped."""
    folder.mkdir()
    _notebook(folder / "03_province_briefing.ipynb",
              'province = ""\nlang = ""\nas_of = None\ndata_dir = ""', slow=True)
    return folder


def _slow_clean_notebook(folder: Path) -> Path:
    """Stand-ins for the three notebooks, notebook 01 keeping its kernel busy."""
    folder.mkdir()
    _notebook(folder / "01_clean_indicators.ipynb", 'data_dir = ""', slow=True)
    _notebook(folder / "02_project_trajectories.ipynb", 'data_dir = ""', slow=False)
    _notebook(folder / "03_province_briefing.ipynb",
              'province = ""\nlang = ""\nas_of = None\ndata_dir = ""', slow=False)
    return folder


def _stop_and_check(argv: list[str], how: int, tmp: Path) -> None:
    """Start `ggutils ARGV`, wait for its two kernels, stop it `how`; within 15 s no process
    of it is left, and neither is a file in the temporary directory `tmp`."""
    env = {**os.environ, "TMPDIR": str(tmp)}
    main = subprocess.Popen([sys.executable, "-m", "ggutils.cli", *argv],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            seen |= _descendants(main.pid)
            kernels = [p for p in seen if "ipykernel_launcher" in _cmdline(p)]
            if len(kernels) == 2:
                break
            assert main.poll() is None, main.communicate()
            time.sleep(0.2)
        assert len(kernels) == 2, "the batch never started its two kernels"
        time.sleep(2)  # the kernels are inside the sleeping cell
        seen |= _descendants(main.pid)
        os.kill(main.pid, how)
        main.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _alive(seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(seen) == set(), [_cmdline(p) for p in _alive(seen)]
        assert list(tmp.iterdir()) == []
        if how == signal.SIGTERM:
            assert main.returncode == 128 + signal.SIGTERM
            assert main.stderr.read().decode() == "ggutils: terminated\n"
    finally:
        for pid in _alive(seen | _descendants(main.pid) | {main.pid}):
            os.kill(pid, signal.SIGKILL)  # only if the test failed: leave nothing running
        main.wait(timeout=30)


@pytest.mark.notebooks
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "terminated"])
def test_no_worker_or_kernel_survives_a_stopped_batch(tiny_data, tmp_path, how):
    """Two workers, each with a kernel busy in a cell; the main process is killed outright
    (or terminated). Within 15 s no process of the batch is left, and neither is a file in
    the temporary directory."""
    (tiny_data / "processed" / "trajectories.csv").write_text("", encoding="utf-8")
    notebooks = _slow_briefing_notebook(tmp_path / "notebooks")
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    _stop_and_check(["briefings", "--data", str(tiny_data), "--reports",
                     str(tmp_path / "reports"), "--notebooks", str(notebooks),
                     "--lang", "vi,en", "--workers", "2", "--quiet"], how, tmp)


@pytest.mark.notebooks
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "terminated"])
def test_no_worker_or_kernel_survives_a_stopped_run(tiny_data, tmp_path, how):
    """`ggutils run` starts its two workers while stage 1 runs: one kernel busy in notebook
    01, the other warming up. Stopped then, it leaves no process and no temporary file."""
    notebooks = _slow_clean_notebook(tmp_path / "notebooks")
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    _stop_and_check(["run", "--data", str(tiny_data), "--reports", str(tmp_path / "reports"),
                     "--notebooks", str(notebooks), "--lang", "vi,en", "--workers", "2",
                     "--quiet"], how, tmp)


def _sigterm_blocked_by_thread() -> dict[str, bool]:
    """In a worker: whether each of its Python threads blocks SIGTERM (/proc SigBlk)."""
    import threading

    blocked = {}
    for thread in threading.enumerate():
        status = Path(f"/proc/self/task/{thread.native_id}/status").read_text()
        mask = int(next(line for line in status.splitlines()
                        if line.startswith("SigBlk:")).split()[1], 16)
        blocked[thread.name] = bool(mask >> (signal.SIGTERM - 1) & 1)
    return blocked


@pytest.mark.notebooks
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads masks through /proc")
def test_a_worker_takes_sigterm_in_its_main_thread_only():
    """A worker's other thread blocks SIGTERM, so the main thread's hold while a print makes
    its browser profile is a real hold (else the signal tests left a profile under load)."""
    from ggutils.pipeline.pool import Pool

    with Pool(1, ROOT / "notebooks") as pool:
        blocked = pool.submit(_sigterm_blocked_by_thread).result(timeout=120)
    assert blocked["ggutils-parent-watch"] is True
    assert blocked["MainThread"] is False
