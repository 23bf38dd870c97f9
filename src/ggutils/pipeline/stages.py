"""Incremental runs: what each stage is made from, and whether it must run again.

A stage is its inputs (files, and a few parameters) and its outputs. When it succeeds, the
hash of its inputs and of each output is recorded in a small JSON state file
(data/processed/.stage-hashes.json for clean and project, reports/.briefing-hashes.json for
briefings, pages and request workbooks). A stage is skipped only when its inputs hash as
recorded and every output is on disk with the bytes recorded: a missing or edited output
means it runs.

What a stage reads, by construction rather than by a list of names:
- every file under data/raw/, data/reference/ and data/targets/ (SOURCE_FOLDERS: the whole
  of data/ but the processed tables; a file added there is an input the moment it exists;
  the briefing's header prints a hash of these very folders), and the processed tables it
  reads (PROCESSED_READS);
- its notebook, and the code: the package's modules and templates, and its version;
- the environment (`environment_digest`): the Python version and the version of every
  distribution ggutils requires, followed through their own requirements (importlib.metadata),
  so upgrading pandas, matplotlib or nbconvert runs every stage again;
- for the stages that draw charts, the matplotlib configuration (`matplotlib_files`): every
  matplotlibrc matplotlib would read (the working directory's and the notebooks folder's,
  $MATPLOTLIBRC, the configuration directory's: $MPLCONFIGDIR or the XDG/home default) and
  the style sheets in its stylelib/; a missing file counts as missing, so creating one
  changes the hash;
- a few parameters (entity, language, as-of year, SOURCE_DATE_EPOCH).

Hashes are SHA-256 over file bytes (hashlib), each file's name included; nothing heavier is
imported, and a file's digest is kept for as long as its size and modification time are
unchanged, so deciding that nothing has to run costs a fraction of a second.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ggutils import __version__
from ggutils.paths import STAGE_NOTEBOOKS, Layout

PACKAGE = Path(__file__).resolve().parents[1]  # src/ggutils
# Every folder of data/ but processed/: what the cleaning reads (raw files, the registry,
# contributed workbooks, rules, codebook, register, messages for the workbooks' drop-down,
# catalogs for the coverage charts), what the loaders of every later stage read (the
# registry's definitions by year, the codebook, catalogs, messages, agencies), and what
# the briefing's header hashes (briefing.input_hash).
SOURCE_FOLDERS = ("raw", "reference", "targets")
# The tables of data/processed/ each stage reads, by their Layout property (clean reads
# none: it writes them).
PROCESSED_READS = {
    "project": ("observations", "sources_table"),
    "briefing": ("observations", "sources_table"),  # and its entity's trajectory rows
    "pages": ("observations", "sources_table", "trajectories"),
    "request": ("observations", "sources_table"),
}


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, sorted (none if it does not exist)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file()) if folder.is_dir() else []


def source_files(paths: Layout) -> list[Path]:
    """Every file under data/raw/, data/reference/ and data/targets/ (SOURCE_FOLDERS)."""
    return [p for folder in SOURCE_FOLDERS for p in _files(paths.data / folder)]


_DIGESTS: dict[tuple, bytes] = {}  # (path, size, mtime, inode) -> SHA-256 of the bytes


def _file_digest(path: Path) -> bytes:
    """SHA-256 of a file's bytes (b"\0missing\0" for no file), remembered while its size,
    modification time and inode are unchanged."""
    try:
        stat = path.stat()
    except OSError:
        return b"\0missing\0"
    if not path.is_file():
        return b"\0missing\0"
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(path.read_bytes()).digest()
    return _DIGESTS[key]


def digest_files(files: Iterable[Path], root: Path) -> str:
    """SHA-256 of each file's name (relative to `root`) and bytes; a missing file counts as
    missing, so creating it changes the hash."""
    h = hashlib.sha256()
    for path in files:
        h.update(os.fsencode(os.path.relpath(path, root)) + b"\0")
        h.update(_file_digest(Path(path)))
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's modules and templates, and its version."""
    files = [p for p in _files(PACKAGE) if "__pycache__" not in p.parts]
    return f"{__version__}:{digest_files(files, PACKAGE)}"


def _requirement_name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def package_versions(root: str = "ggutils", path: list[str] | None = None) -> dict[str, str]:
    """The version of `root` and of every distribution it requires, followed through their
    own requirements (extras left out; one not installed is "-"), by normalised name.
    `path` is where to look (default sys.path). Without `root` installed (a bare source
    tree), every installed distribution."""
    from importlib import metadata

    installed = {}
    for dist in metadata.distributions(path=path if path is not None else sys.path):
        # the name from the dist-info folder's name where it gives one (no file read)
        name = getattr(dist, "_normalized_name", None) or dist.metadata["Name"]
        if name:
            installed.setdefault(_normal(name), dist)
    if _normal(root) not in installed:
        return {name: dist.version for name, dist in sorted(installed.items())}
    versions: dict[str, str] = {}
    todo = [root]
    while todo:
        name = _normal(todo.pop())
        if name in versions:
            continue
        dist = installed.get(name)
        if dist is None:
            versions[name] = "-"
            continue
        about = dist.metadata  # parsed once: the version and the requirements
        versions[name] = about["Version"] or "-"
        for requirement in about.get_all("Requires-Dist") or []:
            if "extra" not in requirement.partition(";")[2]:
                todo.append(_requirement_name(requirement))
    return dict(sorted(versions.items()))


@functools.lru_cache(maxsize=1)
def environment_digest() -> str:
    """The Python version and the versions of the distributions every stage imports
    (package_versions), as one hash; read once per process."""
    text = json.dumps({"python": sys.version, "packages": package_versions()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _matplotlib_dir(xdg: str, default: str) -> Path:
    """matplotlib's configuration or cache directory, as matplotlib.get_configdir finds it
    (without importing matplotlib)."""
    if os.environ.get("MPLCONFIGDIR"):
        return Path(os.environ["MPLCONFIGDIR"])
    if sys.platform.startswith(("linux", "freebsd")):
        return Path(os.environ.get(xdg) or Path.home() / default) / "matplotlib"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA") \
            and not (Path.home() / ".matplotlib").is_dir():
        return Path(os.environ["LOCALAPPDATA"]) / "matplotlib"
    return Path.home() / ".matplotlib"


def matplotlib_files(cwds: Iterable[Path]) -> list[Path]:
    """Every matplotlibrc matplotlib would read, in its order (matplotlib.matplotlib_fname),
    whether or not it exists: ./matplotlibrc in each working directory a stage may run in
    (a notebook's kernel runs in the notebooks folder), $MATPLOTLIBRC (a file, or a folder
    holding one), the configuration directory's; and that directory's style sheets. The
    packaged default is covered by matplotlib's version."""
    files = [Path(cwd).resolve() / "matplotlibrc" for cwd in dict.fromkeys(cwds)]
    if os.environ.get("MATPLOTLIBRC"):
        rc = Path(os.environ["MATPLOTLIBRC"])
        files += [rc, rc / "matplotlibrc"]
    config = _matplotlib_dir("XDG_CONFIG_HOME", ".config")
    files += [config / "matplotlibrc", *_files(config / "stylelib")]
    return files


def matplotlib_digest(paths: Layout) -> str:
    """The matplotlib configuration a drawing stage reads (matplotlib_files, for the
    notebooks folder and this process's working directory) and MPLBACKEND."""
    files = matplotlib_files([paths.notebooks, Path.cwd()])
    return f"{os.environ.get('MPLBACKEND', '')}:{digest_files(files, Path('/'))}"


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


def stage_files(paths: Layout, kind: str) -> list[Path]:
    """The files a stage of `kind` ("clean", "project", "briefing", "pages", "request")
    reads: the source folders, its processed tables and its notebook."""
    return [*source_files(paths),
            *(getattr(paths, table) for table in PROCESSED_READS.get(kind, ())),
            *([paths.stage_notebook(kind)] if kind in STAGE_NOTEBOOKS else [])]


def _stage(key: str, paths: Layout, kind: str, outputs: Iterable[Path],
           extra: Iterable[object] = (), label: str = "", draws: bool = True) -> Stage:
    """A stage of `kind` reading stage_files, the code and the environment (and, when it
    `draws` charts, the matplotlib configuration), with `extra` parameters."""
    files = stage_files(paths, kind)
    h = hashlib.sha256(f"{key}\0{code_digest()}\0{environment_digest()}\0".encode())
    h.update(digest_files(files, paths.data).encode())
    if draws:
        h.update(b"\0" + matplotlib_digest(paths).encode())
    for item in extra:
        h.update(b"\0" + (item if isinstance(item, bytes) else repr(item).encode()))
    return Stage(key, h.hexdigest(), tuple(outputs), label)


def clean_stage(paths: Layout) -> Stage:
    """Stage 1 (notebook 01): the source folders (raw files, contributed workbooks, the
    registry, every reference file and catalog)."""
    outputs = [paths.observations, paths.quarantine, paths.sources_table, paths.conservation]
    return _stage("clean", paths, "clean", [*outputs, paths.executed_notebook("clean")])


def project_stage(paths: Layout) -> Stage:
    """Stage 2 (notebook 02): the source folders, the observations and sources; the trend
    settings are code; and the evaluation date (a deadline passes and a value falls due as
    it moves on: ggutils.assess.evaluation)."""
    from ggutils.assess.evaluation import evaluation_date

    extra: tuple = (f"evaluated on {evaluation_date().isoformat()}",)
    return _stage("project", paths, "project",
                  [paths.trajectories, paths.executed_notebook("project")], extra)


def briefing_stage(paths: Layout, entity: str, lang: str, as_of: int | None = None,
                   pdf: bool = False) -> Stage:
    """One briefing (notebook 03): the source folders (its header prints their hash), the
    observations and sources (the page's latest year and the national context come from
    every entity), the entity's trajectory rows, the parameters, and SOURCE_DATE_EPOCH (the
    generated-at line). An as-of run writes under reports/as-of-YEAR/."""
    outputs = [paths.briefing_html(entity, lang, as_of),
               paths.executed_notebook("briefing", entity, lang, as_of)]
    if pdf:
        outputs.append(paths.briefing_pdf(entity, lang, as_of))
    extra = (entity, lang, as_of, os.environ.get("SOURCE_DATE_EPOCH", ""),
             entity_rows(paths.trajectories, "entity_id", entity))
    return _stage(f"{lang}/{entity}", paths, "briefing", outputs, extra,
                  label=f"{entity} [{lang}]")


def pages_stage(paths: Layout, langs: list[str], outputs: Iterable[Path] = ()) -> Stage:
    """The index and the comparison pages: the source folders, the processed tables, and
    which pages are on disk (the index links every briefing there)."""
    on_disk = sorted(str(p.relative_to(paths.reports)) for lang in langs
                     for p in paths.briefings_on_disk(lang))
    return _stage(f"pages/{','.join(langs)}", paths, "pages", outputs,
                  (tuple(on_disk), os.environ.get("SOURCE_DATE_EPOCH", "")), label="pages")


def request_stage(paths: Layout, entity: str, lang: str) -> Stage:
    """One data-request workbook: the source folders, observations and sources (no chart)."""
    output = paths.request_workbook(entity, lang)
    return _stage(f"request/{entity}-{lang}", paths, "request", [output],
                  (os.environ.get("SOURCE_DATE_EPOCH", ""),),
                  label=f"request {entity} [{lang}]", draws=False)


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
        from ggutils.io import remove_stale_temporaries

        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.path.parent, f".{self.path.name}.")
            tmp.write_text(json.dumps(self.entries, indent=1) + "\n",
                           encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
