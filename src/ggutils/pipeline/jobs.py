"""The jobs of a run, one type per artefact, and what each does: stages 1 and 2 (notebooks 01
and 02: the processed tables), a briefing (notebook 03, exported to HTML, printed to PDF on
request), a data-request workbook. A job knows its stage (ggutils.pipeline.stages: the
hashes that let it be skipped) and runs with a warm kernel or one of its own; a failure is
an `Outcome` with one line, never an exception, but for a full disk, which stops the run.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ggutils.errors import NotebookError, UsageError, WriteError, first_line, raise_disk_error
from ggutils.paths import Layout
from ggutils.pipeline.runner import execute
from ggutils.pipeline.stages import (
    Stage,
    State,
    briefing_stage,
    clean_stage,
    project_stage,
    request_stage,
)
from ggutils.project import Project

PROCESSED_STAGES = ("clean", "project")


@dataclass(frozen=True)
class Outcome:
    """What became of one job: `ok`, or `error` (one line); `skipped` when its inputs were
    unchanged; `note` says what was left out although the job succeeded (no Chromium)."""

    job: BriefingJob | RequestJob
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


# --- Stages 1 and 2: the processed tables ---------------------------------------------------

@dataclass(frozen=True)
class StagesDone:
    """The lines that report stages run in a worker, and the arguments of the NotebookError
    that stopped them, if one did (the error does not survive pickling as itself)."""

    lines: tuple[str, ...]
    failure: tuple | None = None

    def result(self) -> list[str]:
        """The lines; a failure is raised here, in the main process, after its lines."""
        if self.failure is not None:
            if self.lines:
                print("\n".join(self.lines), flush=True)
            raise NotebookError(*self.failure)
        return list(self.lines)


def clean_summary(project: Project) -> list[str]:
    """The conservation table (values read = accepted + quarantined + empty) and its total."""
    from ggutils.clean.contributed import not_read_lines

    conservation = project.conservation
    total = conservation.drop(columns="source_file").sum()
    return [conservation.to_string(index=False),
            "TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items()),
            *not_read_lines(project.quarantine),
            f"wrote {project.layout.observations} and {project.layout.quarantine}"]


def project_summary(project: Project) -> list[str]:
    """Verdicts per entity, and how many targets."""
    traj = project.trajectories
    return [traj.groupby("entity_id")["verdict"].value_counts().to_string(),
            f"wrote {project.layout.trajectories} ({len(traj)} targets)"]


SUMMARIES = {"clean": clean_summary, "project": project_summary}
STAGES = {"clean": clean_stage, "project": project_stage}


@dataclass(frozen=True)
class StagesJob:
    """Stages `names` ("clean", "project": notebooks 01 and 02, with papermill), each run
    unless its inputs and outputs are as recorded (or with `force`)."""

    names: tuple[str, ...]
    layout: Layout
    force: bool = False

    def stages(self) -> list[Stage]:
        return [STAGES[name](self.layout) for name in self.names]

    def run_stage(self, name: str, km=None) -> list[str]:
        """One stage; the lines that report it. The executed notebook is its log."""
        layout = self.layout
        stage = STAGES[name](layout)
        state = State.load(layout.stage_state)
        if not self.force and state.is_current(stage):
            return [f"{name}: inputs unchanged, skipped"]
        if name == "project" and not layout.observations.is_file():
            raise UsageError(f"{layout.observations} not found: run `ggutils clean` first")
        notebook, output = layout.stage_notebook(name), layout.executed_notebook(name)
        execute(notebook, output, {"data_dir": str(layout.data.resolve())},
                cwd=layout.notebooks, km=km)
        state.record(stage)
        return [f"{name}: executed {notebook} -> {output}",
                *SUMMARIES[name](Project(layout))]

    def run(self, km=None) -> StagesDone:
        lines: list[str] = []
        try:
            for name in self.names:
                lines += self.run_stage(name, km)
        except NotebookError as exc:
            return StagesDone(tuple(lines), (exc.notebook, exc.executed, exc.ename, exc.evalue))
        return StagesDone(tuple(lines))


# --- Stage 3: a briefing, a request workbook ------------------------------------------------

@dataclass(frozen=True)
class BriefingJob:
    """Notebook 03 for one entity and language, exported to HTML (and with `pdf` printed)."""

    entity_id: str
    lang: str
    layout: Layout
    as_of: int | None = None
    pdf: bool = False

    @property
    def executed(self) -> Path:
        return self.layout.executed_notebook("briefing", self.entity_id, self.lang, self.as_of)

    @property
    def html(self) -> Path:
        return self.layout.briefing_html(self.entity_id, self.lang, self.as_of)

    @property
    def pdf_path(self) -> Path:
        return self.layout.briefing_pdf(self.entity_id, self.lang, self.as_of)

    @property
    def log(self) -> str:
        """Where a failure's detail is (the executed notebook)."""
        return f" (executed notebook: {self.executed})"

    @property
    def finish_here(self) -> bool:
        """Whether `finish` may run in the main process, not in the worker: not with a PDF
        (a browser belongs to a worker, which stops it when it is stopped or its main
        process dies)."""
        return not self.pdf

    def stage(self) -> Stage:
        return briefing_stage(self.layout, self.entity_id, self.lang, self.as_of, self.pdf)

    def run(self, km=None) -> Outcome:
        """Execute notebook 03, export its HTML, and with `pdf` print it to PDF.

        `km` is a warm kernel (runner.kernel_manager) or None for a kernel of its own. A
        failure leaves the executed notebook (the log) and the previous HTML untouched.
        Without Chromium the HTML is still written and the outcome says why there is no PDF.
        """
        outcome = self.execute(km)
        return self.finish() if outcome.ok else outcome

    def execute(self, km=None) -> Outcome:
        """The first half of `run`, in a worker: notebook 03 with papermill."""
        params = {"entity": self.entity_id, "lang": self.lang, "as_of": self.as_of,
                  "data_dir": str(self.layout.data.resolve())}
        return self._attempt(lambda: execute(self.layout.stage_notebook("briefing"),
                                             self.executed, params,
                                             cwd=self.layout.notebooks, km=km))

    def finish(self) -> Outcome:
        """The second half of `run`, in the main process while the worker's kernel goes on
        with the next notebook: the HTML export, and with `pdf` the PDF."""
        from ggutils.brief.export import export_html

        outcome = self._attempt(lambda: export_html(self.executed, self.html, self.lang))
        return self._print_pdf() if outcome.ok and self.pdf else outcome

    def _attempt(self, step) -> Outcome:
        try:
            step()
        except WriteError:
            raise  # a full disk stops the run: every later output would fail the same way
        except Exception as exc:  # noqa: BLE001 - every failure is reported, the batch goes on
            raise_disk_error(self.html, exc)  # a full disk met elsewhere on the way, likewise
            return Outcome(self, False, error_summary(exc))
        return Outcome(self, True)

    def _print_pdf(self) -> Outcome:
        from ggutils.brief.pdf import PdfUnavailable, print_pdf

        try:
            print_pdf(self.html, self.pdf_path)
        except PdfUnavailable as exc:
            return Outcome(self, True, note=str(exc))
        except (subprocess.SubprocessError, OSError) as exc:
            raise_disk_error(self.pdf_path, exc)
            return Outcome(self, False, f"PDF not printed: {error_summary(exc)}")
        return Outcome(self, True)


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


@dataclass(frozen=True)
class RequestJob:
    """The data-request workbook of one entity and language (ggutils.requests.write)."""

    entity_id: str
    lang: str
    layout: Layout

    log = ""
    finish_here = False  # the whole job runs in a worker

    def stage(self) -> Stage:
        return request_stage(self.layout, self.entity_id, self.lang)

    def run(self, km=None) -> Outcome:
        """Write the workbook (no kernel needed: `km` is ignored)."""
        from ggutils.requests.write import write_request

        try:
            with _scratch_folder():
                write_request(self.layout.data, self.entity_id, self.lang,
                              self.layout.reports)
        except WriteError:
            raise  # a full disk stops the run
        except Exception as exc:  # noqa: BLE001 - reported with the batch's failures
            # a full disk met on the way (openpyxl writes each sheet to a temporary file)
            raise_disk_error(self.layout.request_workbook(self.entity_id, self.lang), exc)
            return Outcome(self, False, error_summary(exc))
        return Outcome(self, True)
