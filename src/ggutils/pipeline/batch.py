"""`ggutils run` and its parts as plain steps: the stages, the jobs of stage 3, the pages.

A job (ggutils.pipeline.jobs) whose inputs and outputs are as recorded is skipped
(ggutils.pipeline.stages); the others run in a pool of warm workers (ggutils.pipeline.pool),
failures collected while the others go on, a progress bar over the briefings. `run` starts
the pool at once when anything has to run: one worker runs notebook 01 while the others
import the briefing's modules, then notebook 02 while the others write the request
workbooks (they read the cleaned tables only), then all of them render the briefings.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ggutils.errors import UsageError
from ggutils.paths import Layout
from ggutils.pipeline.jobs import (
    PROCESSED_STAGES,
    BriefingJob,
    Outcome,
    RequestJob,
    StagesJob,
)
from ggutils.pipeline.pool import Pool
from ggutils.pipeline.stages import State, pages_stage


@dataclass(frozen=True)
class RunSettings:
    """How a batch runs: `workers` (default one per core), the `as_of` year, PDFs, `force`
    (run what is up to date too), a progress bar."""

    workers: int | None = None
    as_of: int | None = None
    pdf: bool = False
    force: bool = False
    progress: bool = True


@dataclass(frozen=True)
class PagesDone:
    """The index and comparison pages (the index first), and whether they were written."""

    files: list[Path]
    written: bool


def briefing_jobs(layout: Layout, entity_ids: list[str], langs: list[str],
                  as_of: int | None = None, pdf: bool = False) -> list[BriefingJob]:
    return [BriefingJob(e, lang, layout, as_of, pdf) for e in entity_ids for lang in langs]


def request_jobs(layout: Layout, entity_ids: list[str], langs: list[str]) -> list[RequestJob]:
    return [RequestJob(e, lang, layout) for e in entity_ids for lang in langs]


def _pool(pool: Pool | None, layout: Layout, workers: int | None, jobs: int):
    """`pool`, or a pool of its own for `jobs` jobs (`workers`, default one per core)."""
    if pool is not None:
        return contextlib.nullcontext(pool)
    return Pool(min(workers or os.cpu_count() or 1, jobs), layout.notebooks)


def run_jobs(layout: Layout, jobs: list, settings: RunSettings, pool: Pool | None = None,
             what: str = "") -> list[Outcome]:
    """Run every job whose stage is not current (all of them with `force`), in `pool` or a
    pool of its own; one outcome per job, a skipped one saying so. Each success is
    recorded in the state file, each failure forgotten. An interrupt (KeyboardInterrupt,
    or SIGTERM turned into one by the CLI) stops the workers and their kernels before it
    propagates.

    A job runs in a worker; but where it may (`job.finish_here`), only its part that needs
    a kernel runs there (`job.execute`) and the rest (`job.finish`: a briefing's HTML
    export) here, in threads of this otherwise idle process, while the worker's kernel goes
    on with the next notebook."""
    state = State.load(layout.report_state)
    stages = {job: job.stage() for job in jobs}
    todo = [job for job in jobs if settings.force or not state.is_current(stages[job])]
    outcomes = [Outcome(job, True, skipped=True) for job in jobs if job not in todo]
    if not todo:
        return outcomes
    bar = tqdm(total=len(todo), desc=what, unit=what.rstrip("s") or "job",
               disable=not (what and settings.progress))
    try:
        with _pool(pool, layout, settings.workers, len(todo)) as workers:
            finishers = ThreadPoolExecutor(workers.workers, thread_name_prefix="ggutils-finish")
            try:
                running = {workers.execute(job) if job.finish_here else workers.run(job):
                           "executed" if job.finish_here else "done" for job in todo}
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        outcome = future.result()
                        if running.pop(future) == "executed" and outcome.ok:
                            running[finishers.submit(outcome.job.finish)] = "finished"
                            continue
                        (state.record if outcome.ok else state.forget)(stages[outcome.job])
                        outcomes.append(outcome)
                        bar.update()
            finally:
                finishers.shutdown(wait=True, cancel_futures=True)
    finally:
        bar.close()
    return outcomes


def render_briefings(layout: Layout, entity_ids: list[str], langs: list[str],
                     workers: int | None = None, as_of: int | None = None,
                     progress: bool = True, *, pdf: bool = False, incremental: bool = False,
                     pool: Pool | None = None) -> list[Outcome]:
    """Render every entity x language (with `incremental`, skipping the current ones)."""
    settings = RunSettings(workers, as_of, pdf, not incremental, progress)
    return run_jobs(layout, briefing_jobs(layout, entity_ids, langs, as_of, pdf), settings,
                    pool, "briefings")


def submit_stages(layout: Layout, names: tuple[str, ...], force: bool = False,
                  pool: Pool | None = None) -> Future:
    """Start stages `names` (notebooks 01 and 02, each skipped when it is current) in a
    worker of `pool`, or run them here in a kernel of their own: a future of their
    `StagesDone`."""
    job = StagesJob(names, layout, force)
    return pool.run(job) if pool is not None else _done(job.run())


def _done(result) -> Future:
    """A future that already holds `result` (work done here, without a pool)."""
    future: Future = Future()
    future.set_result(result)
    return future


def run_stages(layout: Layout, names: tuple[str, ...], force: bool = False,
               pool: Pool | None = None) -> list[str]:
    """Stages `names`, in a worker of `pool` while the others start and import the
    briefing's modules, or here. The lines that report them; an error of a notebook is
    raised here."""
    future = submit_stages(layout, names, force, pool)
    if pool is not None:
        pool.warm(pool.workers - 1)
        _import_exporter()  # meanwhile: this process exports the briefings (run_jobs)
    return future.result().result()


def _import_exporter() -> None:
    """Import nbconvert's HTML exporter here, while the workers are busy elsewhere."""
    from nbconvert import HTMLExporter  # noqa: F401

    import ggutils.brief.export  # noqa: F401


def write_page_kind(kind: str, layout: Layout, langs: list[str]) -> list[Path]:
    """One kind of page in every language: "comparisons", "agencies" or "index"."""
    if kind == "comparisons":
        from ggutils.brief.compare import write_comparisons as write
    elif kind == "agencies":
        from ggutils.brief.agencies_page import write_agencies_page as write
    else:
        from ggutils.brief.index import write_index as write
    return write(layout, langs)


def write_pages(layout: Layout, langs: list[str], pool: Pool | None = None) -> list[Path]:
    """The comparison pages and the agencies page (with `pool`, in two of its workers at
    once), then the index, which links every page on disk: the files written, the index
    first."""
    def submit(*args) -> Future:
        return (pool.submit(write_page_kind, *args) if pool is not None
                else _done(write_page_kind(*args)))

    started = [submit(kind, layout, langs) for kind in ("comparisons", "agencies")]
    comparisons, agencies = (future.result() for future in started)
    return [*submit("index", layout, langs).result(), *comparisons, *agencies]


def update_pages(layout: Layout, langs: list[str], pool: Pool | None = None,
                 force: bool = False) -> PagesDone:
    """The index and comparison pages, unless their inputs and outputs are as recorded (their
    outputs are known only once written: the recorded ones are checked). In `pool` when
    given (its workers have pandas imported), else here."""
    state = State.load(layout.report_state)
    recorded = state.recorded_outputs(pages_stage(layout, langs).key)
    if not force and state.is_current(pages_stage(layout, langs, recorded)):
        return PagesDone(recorded, False)
    written = write_pages(layout, langs, pool)
    state.record(pages_stage(layout, langs, written))
    return PagesDone(written, True)


def pending(layout: Layout, entity_ids: list[str], langs: list[str],
            settings: RunSettings = RunSettings()) -> bool:
    """Whether any step of `run` has work to do (else no worker is started)."""
    if settings.force:
        return True
    data = State.load(layout.stage_state)
    if not all(map(data.is_current, StagesJob(PROCESSED_STAGES, layout).stages())):
        return True
    reports = State.load(layout.report_state)
    jobs = [*briefing_jobs(layout, entity_ids, langs, settings.as_of, settings.pdf),
            *request_jobs(layout, entity_ids, langs)]
    recorded = reports.recorded_outputs(pages_stage(layout, langs).key)
    return not all(map(reports.is_current, [*(job.stage() for job in jobs),
                                            pages_stage(layout, langs, recorded)]))


def summary_lines(outcomes: list[Outcome], what: str) -> list[str]:
    """One summary line for a batch, a line per failure, the notes."""
    failed = [o for o in outcomes if not o.ok]
    skipped = sum(o.skipped for o in outcomes)
    return [f"{what}: {len(outcomes) - len(failed) - skipped} written, {len(failed)} failed"
            + (f", {skipped} unchanged (skipped)" if skipped else ""),
            *(f"  FAILED {o.job.entity_id} [{o.job.lang}]: {o.error}{o.job.log}"
              for o in failed),
            *dict.fromkeys(o.note for o in outcomes if o.note)]


def stage_three(layout: Layout, entity_ids: list[str], langs: list[str],
                settings: RunSettings, pool: Pool | None = None,
                say: Callable[[str], None] = print) -> bool:
    """Briefings, then the pages; whether every briefing was written. Each step's summary is
    said as soon as it is done."""
    if not layout.trajectories.is_file():
        raise UsageError(f"{layout.trajectories} not found: run `ggutils project` first")
    # Briefings: notebook 03 per entity and language, exported to HTML
    briefings = run_jobs(layout, briefing_jobs(layout, entity_ids, langs, settings.as_of,
                                               settings.pdf), settings, pool, "briefings")
    say("\n".join(summary_lines(briefings, "briefings")))
    # Pages: the comparisons, then the index that links every page on disk
    try:
        pages = update_pages(layout, langs, pool, settings.force)
    except OSError as exc:
        raise UsageError(f"cannot write the index and comparison pages in {layout.reports}: "
                         f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
    say(f"index at {pages.files[0]}"
        + ("" if pages.written else " (pages: inputs unchanged, skipped)"))
    return all(o.ok for o in briefings)


def run(layout: Layout, entity_ids: list[str], langs: list[str], settings: RunSettings,
        say: Callable[[str], None] = print) -> bool:
    """clean -> project and, meanwhile, the request workbooks -> briefings -> pages; whether
    every job succeeded. With nothing changed, no worker is started."""
    # 1. Is there anything to do? (deciding costs a fraction of a second: hashes)
    work = pending(layout, entity_ids, langs, settings)
    # 2. The pool, started at once: one worker for the stages, the others warm up meanwhile
    size = min(settings.workers or os.cpu_count() or 1, len(entity_ids) * len(langs))
    with Pool(size, layout.notebooks) if work else contextlib.nullcontext() as pool:
        # 3. Stage 1: the cleaned tables
        say("\n".join(run_stages(layout, ("clean",), settings.force, pool)))
        # 4. Stage 2, the trajectories, in one worker; the request workbooks meanwhile in
        #    the others: they read the cleaned tables only (stages.PROCESSED_READS)
        projecting = submit_stages(layout, ("project",), settings.force, pool)
        workbooks = run_jobs(layout, request_jobs(layout, entity_ids, langs), settings, pool)
        try:
            say("\n".join(projecting.result().result()))
        finally:  # the workbooks are written even when stage 2 fails: say so
            say("\n".join(summary_lines(workbooks, "requests")))
        # 5-6. Briefings, pages
        return stage_three(layout, entity_ids, langs, settings, pool, say=say) \
            and all(o.ok for o in workbooks)
