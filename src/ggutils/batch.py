"""Batch rendering of briefings: worker processes (papermill is process-safe, not
thread-safe), each with one warm kernel reused for all its notebooks, a progress bar over the
whole batch, failures collected while the others go on.

No process outlives the batch:
- a worker stops its kernel when it exits (a multiprocessing finalizer), and on SIGTERM;
- on Ctrl-C or SIGTERM the main process cancels the jobs not started and terminates the
  workers (workers ignore SIGINT: the terminal sends it to the whole process group, and
  only the main process decides);
- a worker whose main process is killed outright notices at once (the parent's sentinel,
  a pipe that closes when it dies), stops its kernel and exits; a kernel whose worker is
  killed outright exits by itself within a second or two (ipykernel's parent poller).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path

from tqdm import tqdm

from .errors import NotebookError, first_line
from .paths import ProjectPaths
from .runner import execute, kernel_manager, stop_kernel

BRIEFING_NOTEBOOK = "03_province_briefing.ipynb"


@dataclass(frozen=True)
class Job:
    province: str
    lang: str
    data: Path
    reports: Path
    notebooks: Path
    as_of: int | None = None

    @property
    def executed(self) -> Path:
        return self.reports / "notebooks" / self.lang / f"{self.province}.ipynb"

    @property
    def html(self) -> Path:
        return self.reports / self.lang / f"{self.province}.html"


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    error: str = ""


def error_summary(exc: BaseException) -> str:
    """'Type: first meaningful line' of an error (a kernel's error under its own name)."""
    if isinstance(exc, NotebookError):
        return exc.summary
    line = first_line(str(exc))
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


def render_one(job: Job, km=None) -> Outcome:
    """Execute notebook 03 for one province and language, then export its HTML.

    `km` is a warm kernel (runner.kernel_manager) or None for a kernel of its own. A failure
    leaves the executed notebook (the log) and the previous HTML untouched.
    """
    from .pages import export_html

    params = {"province": job.province, "lang": job.lang, "as_of": job.as_of,
              "data_dir": str(job.data.resolve())}
    try:
        execute(job.notebooks / BRIEFING_NOTEBOOK, job.executed, params, cwd=job.notebooks,
                km=km)
        export_html(job.executed, job.html, job.lang)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, the batch goes on
        return Outcome(job, False, error_summary(exc))
    return Outcome(job, True)


# --- worker processes -----------------------------------------------------------------

_WORKER_KERNEL = None  # one warm kernel per worker process


def _init_worker() -> None:
    """Pool initializer: this worker's kernel, and the three ways it is stopped."""
    global _WORKER_KERNEL
    _WORKER_KERNEL = kernel_manager()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    Finalize(None, stop_kernel, args=(_WORKER_KERNEL,), exitpriority=10)
    threading.Thread(target=_exit_with_parent, name="ggutils-parent-watch", daemon=True).start()


def _on_sigterm(signum, frame) -> None:
    stop_kernel(_WORKER_KERNEL, now=True)
    os._exit(128 + signum)


def _exit_with_parent() -> None:
    """Wait for the main process to end; if this worker is still running, stop its kernel
    and exit (the pool's own workers would wait for a next job forever)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    parent.join()
    stop_kernel(_WORKER_KERNEL, now=True)
    os._exit(1)


def _render_in_worker(job: Job) -> Outcome:
    return render_one(job, km=_WORKER_KERNEL)


def _stop_workers(pool: ProcessPoolExecutor, workers: list) -> None:
    """Cancel the jobs not started and terminate the workers (each stops its kernel)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()


def render_briefings(paths: ProjectPaths, provinces: list[str], langs: list[str],
                     workers: int | None = None, as_of: int | None = None,
                     progress: bool = True) -> list[Outcome]:
    """Render every province x language; return one outcome per job.

    An interrupt (KeyboardInterrupt, or SIGTERM turned into one by the CLI) stops the
    workers and their kernels before it propagates.
    """
    jobs = [Job(p, lang, paths.data, paths.reports, paths.notebooks, as_of)
            for p in provinces for lang in langs]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    bar = tqdm(total=len(jobs), desc="briefings", unit="briefing", disable=not progress)
    outcomes = []
    context = multiprocessing.get_context("spawn")
    before = set(multiprocessing.active_children())
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker) as pool:
        try:
            futures = [pool.submit(_render_in_worker, job) for job in jobs]
            for future in as_completed(futures):
                outcomes.append(future.result())
                bar.update()
        except BaseException:
            bar.close()
            _stop_workers(pool, [p for p in multiprocessing.active_children()
                                 if p not in before])
            raise
    bar.close()
    return outcomes
