"""Incremental runs: what each stage is made from, and whether it must run again.

A stage is its inputs (files, and a few parameters) and its outputs. When it succeeds, the
hash of its inputs and of each output is recorded in a small JSON state file
(data/processed/.stage-hashes.json for clean and project, reports/.briefing-hashes.json for
briefings, pages and request workbooks). A stage is skipped only when its inputs hash as
recorded and every output is on disk with the bytes recorded: a missing or edited output
means it runs. The code is an input of every stage (the package's modules and templates,
and its version), and so is the stage's notebook.

Hashes are SHA-256 over file bytes (hashlib), each file's name included; nothing heavier is
imported, so deciding that nothing has to run costs a fraction of a second.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .paths import ProjectPaths

PACKAGE = Path(__file__).resolve().parent
STAGE_STATE = ".stage-hashes.json"  # in data/processed/
REPORT_STATE = ".briefing-hashes.json"  # in reports/
NOTEBOOKS = {"clean": "01_clean_indicators.ipynb", "project": "02_project_trajectories.ipynb",
             "briefing": "03_province_briefing.ipynb"}
CLEAN_REFERENCE = ("cleaning_rules.yml", "indicators.yml", "provinces.csv",
                   "entity_aliases.csv")
PROJECT_REFERENCE = ("indicators.yml", "provinces.csv", "entity_aliases.csv", "messages.yml")
ONLY_CLEAN_READS = ("cleaning_rules.yml",)  # every other reference file may show on a page


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, sorted (none if it does not exist)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file()) if folder.is_dir() else []


def digest_files(files: Iterable[Path], root: Path) -> str:
    """SHA-256 of each file's name (relative to `root`) and bytes; a missing file counts as
    missing, so creating it changes the hash."""
    h = hashlib.sha256()
    for path in files:
        h.update(os.fsencode(os.path.relpath(path, root)) + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"\0missing\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's modules and templates, and its version."""
    files = [p for p in _files(PACKAGE) if "__pycache__" not in p.parts]
    return f"{__version__}:{digest_files(files, PACKAGE)}"


def entity_catalogs(targets: Path, entity: str) -> list[Path]:
    """The catalog files of one entity: data/targets/<entity>[--<plan>].yml."""
    return sorted(p for p in Path(targets).glob("*.yml")
                  if p.stem == entity or p.stem.startswith(f"{entity}--"))


def catalog_entities(targets: Path) -> list[str]:
    """The entities that have a plan, from the catalogs' file names (the loader requires a
    file to be named for its entity), sorted."""
    return sorted({p.stem.split("--", 1)[0] for p in Path(targets).glob("*.yml")})


def entity_rows(table: Path, column: str, entity: str) -> bytes:
    """The header and the rows of one entity of a CSV table (empty if the file is absent)."""
    if not table.is_file():
        return b""
    rows = csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline=""))
    header = next(rows, [])
    if column not in header:
        return table.read_bytes()
    at = header.index(column)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(r for r in rows if len(r) > at and r[at] == entity)
    return out.getvalue().encode()


@dataclass(frozen=True)
class Stage:
    """One unit of work: a key in its state file, its inputs' hash and its outputs."""

    key: str
    inputs: str
    outputs: tuple[Path, ...]
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.key


def _stage(key: str, root: Path, files: Iterable[Path], outputs: Iterable[Path],
           extra: Iterable[object] = (), label: str = "") -> Stage:
    h = hashlib.sha256(f"{key}\0{code_digest()}\0".encode())
    h.update(digest_files(files, root).encode())
    for item in extra:
        h.update(b"\0" + (item if isinstance(item, bytes) else repr(item).encode()))
    return Stage(key, h.hexdigest(), tuple(outputs), label)


def _reference(paths: ProjectPaths, skip: tuple[str, ...] = ONLY_CLEAN_READS) -> list[Path]:
    return [p for p in _files(paths.reference) if p.name not in skip]


def clean_stage(paths: ProjectPaths) -> Stage:
    """Stage 1: every raw file (data/raw/, contributed/ included), the registry, the
    cleaning rules, codebook and register; notebook 01."""
    files = [*_files(paths.raw), *(paths.reference / name for name in CLEAN_REFERENCE),
             paths.notebooks / NOTEBOOKS["clean"]]
    outputs = [paths.processed / f"{name}.csv" for name in
               ("observations", "quarantine", "sources", "conservation")]
    return _stage("clean", paths.data, files,
                  [*outputs, paths.reports / "notebooks" / NOTEBOOKS["clean"]])


def project_stage(paths: ProjectPaths) -> Stage:
    """Stage 2: the observations, every catalog, the codebook, register and messages; the
    trend settings are code; notebook 02."""
    files = [paths.observations, paths.processed / "sources.csv", *_files(paths.targets),
             *(paths.reference / name for name in PROJECT_REFERENCE),
             paths.notebooks / NOTEBOOKS["project"]]
    return _stage("project", paths.data, files,
                  [paths.trajectories, paths.reports / "notebooks" / NOTEBOOKS["project"]])


def briefing_stage(paths: ProjectPaths, entity: str, lang: str, as_of: int | None = None,
                   pdf: bool = False) -> Stage:
    """One briefing: the observations and sources (the page's latest year and the national
    context come from every entity), the entity's trajectory rows and catalogs, the
    codebook, register, messages and agency glossary, notebook 03, the parameters, and
    SOURCE_DATE_EPOCH (the generated-at line)."""
    files = [paths.observations, paths.processed / "sources.csv",
             *entity_catalogs(paths.targets, entity), *_reference(paths),
             paths.notebooks / NOTEBOOKS["briefing"]]
    outputs = [paths.reports / lang / f"{entity}.html",
               paths.reports / "notebooks" / lang / f"{entity}.ipynb"]
    if pdf:
        outputs.append(paths.reports / lang / f"{entity}.pdf")
    extra = (entity, lang, as_of, os.environ.get("SOURCE_DATE_EPOCH", ""),
             entity_rows(paths.trajectories, "province_slug", entity))
    return _stage(f"{lang}/{entity}", paths.data, files, outputs, extra,
                  label=f"{entity} [{lang}]")


def pages_stage(paths: ProjectPaths, langs: list[str], outputs: Iterable[Path] = ()) -> Stage:
    """The index and the comparison pages: processed tables, catalogs, reference data, and
    which pages are on disk (the index links every briefing there)."""
    files = [paths.observations, paths.processed / "sources.csv", paths.trajectories,
             *_files(paths.targets), *_reference(paths)]
    on_disk = sorted(str(p.relative_to(paths.reports)) for lang in langs
                     for p in (paths.reports / lang).glob("*.html")) \
        if paths.reports.is_dir() else []
    return _stage(f"pages/{','.join(langs)}", paths.data, files, outputs,
                  (tuple(on_disk), os.environ.get("SOURCE_DATE_EPOCH", "")), label="pages")


def request_stage(paths: ProjectPaths, entity: str, lang: str) -> Stage:
    """One data-request workbook: observations, sources, catalogs, reference data."""
    files = [paths.observations, paths.processed / "sources.csv", *_files(paths.targets),
             *_reference(paths)]
    output = paths.reports / "requests" / f"{entity}-{lang}.xlsx"
    return _stage(f"request/{entity}-{lang}", paths.data, files, [output],
                  (os.environ.get("SOURCE_DATE_EPOCH", ""),), label=f"request {entity} [{lang}]")


@dataclass
class State:
    """A state file: per stage key, the inputs' hash and each output's hash."""

    path: Path
    entries: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            entries = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(Path(path), entries if isinstance(entries, dict) else {})

    def _outputs(self, stage: Stage) -> dict[str, str]:
        return {os.path.relpath(p, self.path.parent): digest_files([p], p.parent)
                for p in stage.outputs}

    def is_current(self, stage: Stage) -> bool:
        """The inputs hash as recorded and every output is there, as written."""
        entry = self.entries.get(stage.key)
        if not entry or entry.get("inputs") != stage.inputs:
            return False
        if not all(p.is_file() for p in stage.outputs):
            return False
        return entry.get("outputs") == self._outputs(stage)

    def recorded_outputs(self, key: str) -> list[Path]:
        """The outputs recorded for `key` (for stages whose outputs are known only once
        written, such as the comparison pages)."""
        entry = self.entries.get(key) or {}
        return [self.path.parent / name for name in entry.get("outputs", {})]

    def record(self, stage: Stage) -> None:
        self.entries[stage.key] = {"inputs": stage.inputs, "outputs": self._outputs(stage)}
        self.save()

    def forget(self, stage: Stage) -> None:
        if self.entries.pop(stage.key, None) is not None:
            self.save()

    def save(self) -> None:
        """Written atomically (a killed run leaves the old state or the new one). A folder
        that cannot be written is reported by the stage's own writes; without a state
        file the next run simply does everything again."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(self.entries, indent=1) + "\n",
                           encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
