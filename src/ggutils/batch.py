"""Batch rendering of briefings: worker processes (papermill is process-safe, not
thread-safe), each with one warm kernel reused for all its notebooks, a progress bar over the
whole batch, failures collected while the others go on."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .briefing import export_html
from .paths import ProjectPaths
from .runner import execute, warm_kernel_manager

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


_WORKER_KERNEL = None  # one warm kernel per worker process


def _init_worker() -> None:
    """Pool initializer: give this worker process its own kernel, reused for every job."""
    global _WORKER_KERNEL
    _WORKER_KERNEL = warm_kernel_manager()


def _shutdown_worker_kernel() -> None:
    if _WORKER_KERNEL is not None and _WORKER_KERNEL.has_kernel:
        from jupyter_core.utils import run_sync

        run_sync(_WORKER_KERNEL.shutdown_kernel)(now=True)


def render_one(job: Job) -> Outcome:
    """Execute notebook 03 for one province and language, then export its HTML.

    A failure leaves the executed notebook (the log) and the previous HTML untouched.
    """
    params = {"province": job.province, "lang": job.lang, "as_of": job.as_of,
              "data_dir": str(job.data.resolve())}
    try:
        execute(job.notebooks / BRIEFING_NOTEBOOK, job.executed, params, cwd=job.notebooks,
                km=_WORKER_KERNEL)
        export_html(job.executed, job.html, job.lang)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, the batch goes on
        first = (str(exc).strip().splitlines() or [type(exc).__name__])
        lines = [line for line in first if line.strip()]
        return Outcome(job, False, f"{type(exc).__name__}: {lines[-1] if lines else ''}")
    return Outcome(job, True)


def render_briefings(paths: ProjectPaths, provinces: list[str], langs: list[str],
                     workers: int | None = None, as_of: int | None = None,
                     progress: bool = True) -> list[Outcome]:
    """Render every province x language; return one outcome per job."""
    jobs = [Job(p, lang, paths.data, paths.reports, paths.notebooks, as_of)
            for p in provinces for lang in langs]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    bar = tqdm(total=len(jobs), desc="briefings", unit="briefing", disable=not progress)
    outcomes = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker) as pool:
        futures = [pool.submit(render_one, job) for job in jobs]
        for future in as_completed(futures):
            outcomes.append(future.result())
            bar.update()
        # Ask the workers to stop their kernels. A shutdown task may land twice on one
        # worker; a kernel whose worker exits unasked ends too (ipykernel polls its parent).
        for _ in range(workers):
            pool.submit(_shutdown_worker_kernel).result()
    bar.close()
    return outcomes
