"""The pipeline's worker processes: one warm pool for clean -> project -> briefings.

Workers are processes (papermill is process-safe, not thread-safe), each with one kernel
started as the worker starts and reused for every notebook it runs. `ggutils run` starts
the pool at once: one worker runs notebooks 01 and 02 while the others import the
briefing's modules, then all of them render briefings. A stage, a briefing, a workbook
whose inputs are unchanged is skipped (ggutils.pipeline.stages). Failures are collected while the
others go on; a progress bar runs over the briefings.

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

import contextlib
import importlib.util
import multiprocessing
import os
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path

from tqdm import tqdm

from ggutils.assess.evaluation import as_of_folder
from ggutils.errors import NotebookError, UsageError, WriteError, first_line, raise_disk_error
from ggutils.pipeline.runner import (
    execute,
    kernel_manager,
    skip_slow_optional_imports,
    start_kernel,
    stop_kernel,
    warm,
)
from ggutils.pipeline.stages import (
    NOTEBOOKS,
    REPORT_STATE,
    STAGE_STATE,
    State,
    briefing_stage,
    clean_stage,
    pages_stage,
    project_stage,
    request_stage,
)
from ggutils.project import Layout

BRIEFING_NOTEBOOK = NOTEBOOKS["briefing"]
STAGE_NAMES = ("clean", "project")
# What a worker's kernel imports while stage 1 runs elsewhere (notebook 03's imports).
WARM_IMPORTS = "import ggutils.brief.briefing\nfrom IPython.display import HTML, display"


@dataclass(frozen=True)
class Job:
    province: str
    lang: str
    data: Path
    reports: Path
    notebooks: Path
    as_of: int | None = None
    pdf: bool = False

    @property
    def root(self) -> Path:
        """reports/, or reports/as-of-YEAR/ for an as-of run (ggutils.assess.evaluation)."""
        return as_of_folder(self.reports, self.as_of)

    @property
    def executed(self) -> Path:
        return self.root / "notebooks" / self.lang / f"{self.province}.ipynb"

    @property
    def html(self) -> Path:
        return self.root / self.lang / f"{self.province}.html"

    @property
    def pdf_path(self) -> Path:
        return self.root / self.lang / f"{self.province}.pdf"


@dataclass(frozen=True)
class Outcome:
    """What became of one job: `ok`, or `error` (one line); `skipped` when its inputs were
    unchanged; `note` says what was left out although the job succeeded (no Chromium)."""

    job: Job
    ok: bool
    error: str = ""
    skipped: bool = False
    note: str = ""


def error_summary(exc: BaseException) -> str:
    """'Type: first meaningful line' of an error (a kernel's error under its own name)."""
    if isinstance(exc, NotebookError):
        return exc.summary
    if isinstance(exc, subprocess.CalledProcessError):
        detail = first_line((exc.stderr or b"").decode(errors="replace")
                            if isinstance(exc.stderr, bytes) else str(exc.stderr or ""))
        return f"{Path(str(exc.cmd[0] if isinstance(exc.cmd, list) else exc.cmd)).name} " \
               f"exited with status {exc.returncode}" + (f": {detail}" if detail else "")
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"timed out after {exc.timeout:.0f} s"
    line = first_line(str(exc))
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


def render_one(job: Job, km=None) -> Outcome:
    """Execute notebook 03 for one province and language, export its HTML, and with
    `job.pdf` print it to PDF.

    `km` is a warm kernel (runner.kernel_manager) or None for a kernel of its own. A failure
    leaves the executed notebook (the log) and the previous HTML untouched. Without
    Chromium the HTML is still written and the outcome says why there is no PDF.
    """
    from ggutils.brief.pages import export_html

    params = {"province": job.province, "lang": job.lang, "as_of": job.as_of,
              "data_dir": str(job.data.resolve())}
    try:
        execute(job.notebooks / BRIEFING_NOTEBOOK, job.executed, params, cwd=job.notebooks,
                km=km)
        export_html(job.executed, job.html, job.lang)
    except WriteError:
        raise  # a full disk stops the run: every later output would fail the same way
    except Exception as exc:  # noqa: BLE001 - every failure is reported, the batch goes on
        raise_disk_error(job.html, exc)  # a full disk met elsewhere on the way, likewise
        return Outcome(job, False, error_summary(exc))
    if job.pdf:
        from ggutils.brief.pdf import PdfUnavailable, print_pdf

        try:
            print_pdf(job.html, job.pdf_path)
        except PdfUnavailable as exc:
            return Outcome(job, True, note=str(exc))
        except (subprocess.SubprocessError, OSError) as exc:
            raise_disk_error(job.pdf_path, exc)
            return Outcome(job, False, f"PDF not printed: {error_summary(exc)}")
    return Outcome(job, True)


# --- stages 1 and 2 -----------------------------------------------------------------------

def clean_summary(paths: Layout) -> list[str]:
    """The conservation table (values read = accepted + quarantined + empty) and its total."""
    from ggutils.clean.contributed import not_read_lines
    from ggutils.io import read_csv

    conservation = read_csv(paths.processed / "conservation.csv")
    total = conservation.drop(columns="source_file").sum()
    return [conservation.to_string(index=False),
            "TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items()),
            *not_read_lines(read_csv(paths.quarantine, keep_default_na=False)),
            f"wrote {paths.observations} and {paths.quarantine}"]


def project_summary(paths: Layout) -> list[str]:
    """Verdicts per entity, and how many targets."""
    from ggutils.io import read_csv

    traj = read_csv(paths.trajectories)
    return [traj.groupby("entity_id")["verdict"].value_counts().to_string(),
            f"wrote {paths.trajectories} ({len(traj)} targets)"]


SUMMARIES = {"clean": clean_summary, "project": project_summary}
STAGES = {"clean": clean_stage, "project": project_stage}


def run_stage(paths: Layout, name: str, km=None, force: bool = False) -> list[str]:
    """Run stage `name` ("clean" or "project": notebook 01 or 02, with papermill) unless its
    inputs and outputs are as recorded; return the lines that report it.

    `km` is a warm kernel, or None for a kernel of its own. The executed notebook goes to
    reports/notebooks/ (the log). A NotebookError carries an error of the notebook out.
    """
    stage = STAGES[name](paths)
    state = State.load(paths.processed / STAGE_STATE)
    if not force and state.is_current(stage):
        return [f"{name}: inputs unchanged, skipped"]
    if name == "project" and not paths.observations.is_file():
        raise UsageError(f"{paths.observations} not found: run `ggutils clean` first")
    notebook = paths.notebooks / NOTEBOOKS[name]
    output = paths.reports / "notebooks" / notebook.name
    execute(notebook, output, {"data_dir": str(paths.data.resolve())}, cwd=paths.notebooks,
            km=km)
    state.record(stage)
    return [f"{name}: executed {notebook} -> {output}", *SUMMARIES[name](paths)]


# --- worker processes -----------------------------------------------------------------

_WORKER_KERNEL = None  # one warm kernel per worker process


def _init_worker(cwd: str) -> None:
    """Pool initializer: this worker's kernel, and the three ways it is stopped. The kernel
    is started at once and boots while this worker imports papermill."""
    global _WORKER_KERNEL
    skip_slow_optional_imports()
    _WORKER_KERNEL = kernel_manager()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    Finalize(None, stop_kernel, args=(_WORKER_KERNEL,), exitpriority=10)
    threading.Thread(target=_exit_with_parent, name="ggutils-parent-watch", daemon=True).start()
    start_kernel(_WORKER_KERNEL, Path(cwd))
    import papermill  # noqa: F401 - imported while the kernel boots


def _clean_up_now() -> None:
    """Before a worker exits without unwinding: its browsers and their profiles, its
    temporary files, its kernel."""
    from ggutils.brief.pdf import stop_browsers
    from ggutils.io import remove_pending

    stop_browsers()
    remove_pending()
    stop_kernel(_WORKER_KERNEL, now=True)


def _on_sigterm(signum, frame) -> None:
    _clean_up_now()
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


def _render_in_worker(job: Job) -> Outcome:
    return render_one(job, km=_WORKER_KERNEL)


def _warm_in_worker(cwd: str) -> None:
    """Import notebook 03's modules in this worker's kernel, and the exporter's here."""
    warm(_WORKER_KERNEL, WARM_IMPORTS, Path(cwd))
    from nbconvert import HTMLExporter  # noqa: F401

    from ggutils.brief import pages  # noqa: F401


def _stages_in_worker(paths: Layout, names: tuple[str, ...], force: bool):
    """Stages in this worker's kernel: ("ok", lines) or ("notebook", NotebookError args)
    (a NotebookError does not survive pickling as itself)."""
    lines: list[str] = []
    try:
        for name in names:
            lines += run_stage(paths, name, km=_WORKER_KERNEL, force=force)
    except NotebookError as exc:
        return "notebook", (lines, (exc.notebook, exc.executed, exc.ename, exc.evalue))
    return "ok", lines


def request_writer():
    """ggutils.requests.write.write_request(data_dir, entity, lang, reports_dir), or None while
    that module or function does not exist (the hook `ggutils run` writes workbooks with)."""
    if importlib.util.find_spec("ggutils.requests.write") is None:
        return None
    from ggutils.requests import write as requests

    return getattr(requests, "write_request", None)


@contextlib.contextmanager
def _scratch_folder():
    """The temporary directory of this process, for the block, is a folder of its own that
    is removed afterwards: openpyxl writes each sheet to a temporary file first and leaves
    it there when the write fails (its clean-up runs at exit, which a worker never reaches
    through atexit)."""
    previous = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="ggutils-") as folder:
        tempfile.tempdir = folder
        try:
            yield Path(folder)
        finally:
            tempfile.tempdir = previous


def _request_in_worker(job: Job) -> Outcome:
    writer = request_writer()
    if writer is None:
        return Outcome(job, False, "ggutils.requests.write.write_request not found")
    try:
        with _scratch_folder():
            writer(job.data, job.province, job.lang, job.reports)
    except WriteError:
        raise  # a full disk stops the run
    except Exception as exc:  # noqa: BLE001 - reported with the batch's failures
        # a full disk met on the way (openpyxl writes each sheet to a temporary file first)
        raise_disk_error(job.reports / "requests" / f"{job.province}-{job.lang}.xlsx", exc)
        return Outcome(job, False, error_summary(exc))
    return Outcome(job, True)


def write_pages(paths: Layout, langs: list[str]) -> list[Path]:
    """The comparison pages, then the index (it links every page on disk): the files
    written, the index first."""
    from ggutils.brief.pages import write_comparisons, write_index

    comparisons = write_comparisons(paths, langs)
    return [*write_index(paths, langs), *comparisons]


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

    def warm(self, n: int) -> None:
        """Start `n` more workers (a worker is spawned for a job when none is idle), each
        importing the briefing's modules while the first one works."""
        for _ in range(max(0, min(n, self.workers - 1))):
            self.submit(_warm_in_worker, str(self.notebooks.resolve()))

    def stages(self, paths: Layout, names: tuple[str, ...], force: bool) -> list[str]:
        """Run stages `names` in one worker while the others start and warm up; the lines
        that report them. An error of a stage's notebook is raised here."""
        future = self.submit(_stages_in_worker, paths, names, force)
        self.warm(self.workers - 1)
        status, result = future.result()
        if status == "notebook":
            lines, args = result
            if lines:
                print("\n".join(lines), flush=True)
            raise NotebookError(*args)
        return result

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self._executor.shutdown(wait=True)
            return
        _stop_workers(self._executor, [p for p in multiprocessing.active_children()
                                       if p not in self._before])


def _jobs(paths: Layout, provinces: list[str], langs: list[str], as_of: int | None,
          pdf: bool = False) -> list[Job]:
    return [Job(p, lang, paths.data, paths.reports, paths.notebooks, as_of, pdf)
            for p in provinces for lang in langs]


def pending(paths: Layout, provinces: list[str], langs: list[str],
            as_of: int | None = None, pdf: bool = False, requests: bool = False) -> bool:
    """Whether any stage of `ggutils run` has work to do (else no worker is started)."""
    data = State.load(paths.processed / STAGE_STATE)
    if not all(data.is_current(STAGES[name](paths)) for name in STAGE_NAMES):
        return True
    reports = State.load(paths.reports / REPORT_STATE)
    stages = [briefing_stage(paths, p, lang, as_of, pdf) for p in provinces for lang in langs]
    if requests and request_writer_exists():
        stages += [request_stage(paths, p, lang) for p in provinces for lang in langs]
    key = pages_stage(paths, langs).key
    stages.append(pages_stage(paths, langs, reports.recorded_outputs(key)))
    return not all(reports.is_current(stage) for stage in stages)


def request_writer_exists() -> bool:
    """Whether ggutils.requests.write is there (checked without importing it)."""
    return importlib.util.find_spec("ggutils.requests.write") is not None


def _run_jobs(pool: Pool, fn, jobs: list[Job], stages: dict, state: State,
              bar: tqdm | None = None) -> list[Outcome]:
    """Run `fn` on every job in the pool; record each success in `state`."""
    outcomes = []
    for future in as_completed([pool.submit(fn, job) for job in jobs]):
        outcome = future.result()
        if outcome.ok:
            state.record(stages[outcome.job])
        else:
            state.forget(stages[outcome.job])
        outcomes.append(outcome)
        if bar is not None:
            bar.update()
    return outcomes


def render_briefings(paths: Layout, provinces: list[str], langs: list[str],
                     workers: int | None = None, as_of: int | None = None,
                     progress: bool = True, *, pdf: bool = False, incremental: bool = False,
                     pool: Pool | None = None) -> list[Outcome]:
    """Render every province x language; return one outcome per job.

    With `incremental`, a briefing whose inputs and outputs are as recorded is skipped
    (its outcome says so). In `pool`, or in a pool of its own (`workers`, default one per
    core). An interrupt (KeyboardInterrupt, or SIGTERM turned into one by the CLI) stops
    the workers and their kernels before it propagates.
    """
    jobs = _jobs(paths, provinces, langs, as_of, pdf)
    state = State.load(paths.reports / REPORT_STATE)
    stages = {job: briefing_stage(paths, job.province, job.lang, as_of, pdf) for job in jobs}
    todo = [job for job in jobs if not (incremental and state.is_current(stages[job]))]
    outcomes = [Outcome(job, True, skipped=True) for job in jobs if job not in todo]
    if not todo:
        return outcomes
    bar = tqdm(total=len(todo), desc="briefings", unit="briefing", disable=not progress)
    try:
        if pool is not None:
            outcomes += _run_jobs(pool, _render_in_worker, todo, stages, state, bar)
        else:
            n = min(workers or os.cpu_count() or 1, len(todo))
            with Pool(n, paths.notebooks) as own:
                outcomes += _run_jobs(own, _render_in_worker, todo, stages, state, bar)
    finally:
        bar.close()
    return outcomes


def write_requests(pool: Pool | None, paths: Layout, provinces: list[str], langs: list[str],
                   incremental: bool = True) -> list[Outcome]:
    """The data-request workbooks reports/requests/<slug>-<lang>.xlsx (ggutils.requests.write),
    each skipped when its inputs are unchanged; none while that module does not exist."""
    if not request_writer_exists():
        return []
    jobs = _jobs(paths, provinces, langs, None)
    state = State.load(paths.reports / REPORT_STATE)
    stages = {job: request_stage(paths, job.province, job.lang) for job in jobs}
    todo = [job for job in jobs if not (incremental and state.is_current(stages[job]))]
    outcomes = [Outcome(job, True, skipped=True) for job in jobs if job not in todo]
    if todo and pool is not None:
        outcomes += _run_jobs(pool, _request_in_worker, todo, stages, state)
    elif todo:
        with Pool(min(os.cpu_count() or 1, len(todo)), paths.notebooks) as own:
            outcomes += _run_jobs(own, _request_in_worker, todo, stages, state)
    return outcomes


def update_pages(paths: Layout, langs: list[str], pool: Pool | None = None,
                 incremental: bool = True) -> tuple[list[Path], bool]:
    """The index and comparison pages, unless their inputs and outputs are as recorded:
    (the files, whether they were written). In `pool` when given (its workers have pandas
    imported), else here."""
    state = State.load(paths.reports / REPORT_STATE)
    key = pages_stage(paths, langs).key
    recorded = state.recorded_outputs(key)
    if incremental and state.is_current(pages_stage(paths, langs, recorded)):
        return recorded, False
    written = pool.submit(write_pages, paths, langs).result() if pool else \
        write_pages(paths, langs)
    state.record(pages_stage(paths, langs, written))
    return written, True
