"""The worker pool: processes with one warm kernel each, and how none of them outlives it.

Workers are processes (papermill is process-safe, not thread-safe), each with one kernel
started as the worker starts and reused for every notebook it runs. A job (ggutils.pipeline.
jobs) is sent to a worker and run there with that kernel (`run_in_worker`).

No process outlives the pool:
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
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.util import Finalize
from pathlib import Path

from ggutils.brief.pdf import stop_browsers
from ggutils.io import remove_pending, skip_slow_optional_imports
from ggutils.pipeline.runner import (
    import_papermill,
    kernel_manager,
    start_kernel,
    stop_kernel,
    warm,
)

# Notebook 03's modules, which a worker's kernel imports as it boots (while the worker
# imports papermill), leaving no name behind; hypothesis is not imported (ggutils.io).
WARM_IMPORTS = ("from ggutils.io import skip_test_only_imports as _skip; _skip(); del _skip; "
                "import ggutils.brief.briefing, IPython.display; del ggutils, IPython")

_WORKER_KERNEL = None  # one warm kernel per worker process


def _init_worker(cwd: str) -> None:
    """Pool initializer: this worker's kernel, and the three ways it is stopped. The kernel
    is started at once and boots while this worker imports papermill."""
    global _WORKER_KERNEL
    skip_slow_optional_imports()
    _WORKER_KERNEL = kernel_manager(preload=WARM_IMPORTS)  # imports as it boots
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    Finalize(None, stop_kernel, args=(_WORKER_KERNEL,), exitpriority=10)
    # The watch thread is started with SIGTERM and SIGINT blocked (a thread inherits its
    # creator's mask): the system then delivers them to the main thread only, so a block that
    # holds them there (ggutils.brief.pdf: between making a profile and knowing its browser)
    # really holds them. Left open in another thread, Python's handler would run at once in
    # the main thread, in the middle of that block, and leave the profile behind.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        threading.Thread(target=_exit_with_parent, name="ggutils-parent-watch",
                         daemon=True).start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    start_kernel(_WORKER_KERNEL, Path(cwd))
    import_papermill()  # while the kernel boots


def _clean_up_now() -> None:
    """Before a worker exits without unwinding: its browsers and their profiles, its
    temporary files, its kernel. It imports nothing: run in a signal handler, an import
    could meet the same module half-imported by the code the signal interrupted."""
    stop_browsers()
    remove_pending()
    stop_kernel(_WORKER_KERNEL, now=True)


def _on_sigterm(signum, frame) -> None:
    """Clean up and exit. A second SIGTERM is ignored while the first is handled: a worker
    can be sent two (by the main process, then by concurrent.futures, which terminates
    the other workers once it sees one die), and the second, run inside the first's
    clean-up, left the kernel's connection file behind."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        _clean_up_now()
    finally:
        os._exit(128 + signum)


def _exit_with_parent() -> None:
    """Wait for the main process to end; if this worker is still running, stop its kernel
    and exit (the pool's own workers would wait for a next job forever)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    parent.join()
    _clean_up_now()
    os._exit(1)


def run_in_worker(job):
    """`job.run` with this worker's warm kernel (what the pool sends to a worker)."""
    return job.run(km=_WORKER_KERNEL)


def execute_in_worker(job):
    """`job.execute`, the part of a job that needs a kernel, with this worker's."""
    return job.execute(km=_WORKER_KERNEL)


def _warm_in_worker(cwd: str) -> None:
    """Start this worker and wait until its kernel is ready, notebook 03's modules imported
    (its kernel preloads them: WARM_IMPORTS)."""
    warm(_WORKER_KERNEL, WARM_IMPORTS, Path(cwd))


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


class Pool:
    """Worker processes with one warm kernel each (spawned, so nothing of the main process
    is inherited). As a context manager: on an exception, KeyboardInterrupt included, the
    jobs not started are cancelled and the workers and their kernels stopped before it
    propagates; otherwise the workers are shut down when every job is done."""

    def __init__(self, workers: int, notebooks: Path):
        self.workers = max(1, workers)
        self.notebooks = Path(notebooks)
        self._before = set(multiprocessing.active_children())
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker, initargs=(str(self.notebooks.resolve()),))

    def submit(self, fn, *args) -> Future:
        return self._executor.submit(fn, *args)

    def run(self, job) -> Future:
        """Run `job` in a worker, with its warm kernel."""
        return self.submit(run_in_worker, job)

    def execute(self, job) -> Future:
        """Run the part of `job` that needs a kernel in a worker (`job.execute`)."""
        return self.submit(execute_in_worker, job)

    def warm(self, n: int) -> None:
        """Start `n` more workers (a worker is spawned for a job when none is idle), each
        importing the briefing's modules while the first one works."""
        for _ in range(max(0, min(n, self.workers - 1))):
            self.submit(_warm_in_worker, str(self.notebooks.resolve()))

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self._executor.shutdown(wait=True)
            return
        _stop_workers(self._executor, [p for p in multiprocessing.active_children()
                                       if p not in self._before])
