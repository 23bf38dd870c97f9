"""The raw-source registry (data/raw/sources.yml): how each raw file is read.

A new table is registered by describing it here (layout, columns, measure -> indicator
mapping, units, source and tier), not by writing a reader. Text values keep their spaces
(a `header_year_separator` of " " is a space). A `file` must lie inside the raw folder and
not be a symbolic link; a `url` is http(s) or empty. Every workbook in raw/contributed/ is
registered without an entry (`contributed_sources`: filled data-request workbooks, layout
`request_workbook`, read by ggutils.clean.contributed).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ggutils.errors import CatalogError
from ggutils.numbers import CONVENTIONS
from ggutils.reference.indicators import Codebook
from ggutils.reference.provinces import fold
from ggutils.reference.validation import (
    Verbatim,
    check_unique,
    entry_id,
    read_yaml,
    require_list,
    validate_entry,
)


class YearDefinition(Verbatim):
    """The definition in force for years `from_year`..`to_year` (either end open)."""

    from_year: int | None = None
    to_year: int | None = None
    definition: str
    # The label a source gives the same definition when it states it itself (the
    # `definition` of a measure rule), so a year with values under two definitions can be
    # found (docs/methodology.md, "Definitions disclosed").
    same_as: str | None = None


class MeasureMatcher(Verbatim):
    """Which printed measures a rule covers: `match` (exact, after case/space folding) or
    `pattern` (regex, case-insensitive), and `where` substrings in the row's other columns."""

    match: str | None = None
    pattern: str | None = None
    where: dict[str, str] = {}

    @model_validator(mode="after")
    def _one_matcher(self) -> MeasureMatcher:
        if (self.match is None) == (self.pattern is None):
            raise ValueError("give exactly one of match and pattern")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a regular expression ({exc})") from None
        return self

    def fits(self, measure: str, row: dict[str, str]) -> bool:
        """Whether this rule applies to a measure text (and the row's other columns)."""
        if self.match is not None:
            hit = fold(measure) == fold(self.match)
        else:
            hit = re.search(self.pattern or "", str(measure), re.IGNORECASE) is not None
        return hit and all(text in str(row.get(col, "")) for col, text in self.where.items())


class OutOfScope(MeasureMatcher):
    """Measures of a file the project does not use, with the reason: their values are
    counted (`out_of_scope` in the conservation table), not cleaned or quarantined."""

    reason: str


class Measure(MeasureMatcher):
    """One rule mapping a printed measure to an indicator (first matching rule wins)."""

    indicator: str
    unit: str | None = None
    definition: str = "standard"
    definition_by_year: list[YearDefinition] = []

    def definition_for(self, year: int) -> str:
        """The definition of a value of `year`: the first by-year rule covering it, else
        `definition`."""
        for rule in self.definition_by_year:
            if (rule.from_year is None or year >= rule.from_year) and (
                    rule.to_year is None or year <= rule.to_year):
                return rule.definition
        return self.definition

    def indicator_for(self, measure: str) -> str:
        """The indicator id; '{measure}' means the measure text is itself the id."""
        return measure.strip() if self.indicator == "{measure}" else self.indicator


class TierRule(Verbatim):
    url_contains: str
    tier: Literal[1, 2, 3, 4]  # 4: international compilation (OWID, FAO via OWID)


class PublicationDate(Verbatim):
    """The month a publication of a compiled file came out (`published`, YYYY-MM), where a
    value it prints does not state its reference year: the cleaning rules date such a value
    from it (docs/methodology.md, "Dating values"). `evidence` says where the month comes from."""

    url_contains: str
    published: str = Field(pattern=r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")
    evidence: str

    @property
    def month(self) -> tuple[int, int]:
        year, month = self.published.split("-")
        return int(year), int(month)


class Source(Verbatim):
    """One raw file and how to read it."""

    id: str
    file: str
    title: str
    title_vi: str = ""  # the title in Vietnamese, where `title` is our English description
    # How a reader cites the file's publication (a page's sources list; a compiled file,
    # one publication per row, cites each row's own title instead): its publisher as it
    # names itself, the publication in Vietnamese and in English, the table's name as
    # printed (in its own language), when it was issued (YYYY, YYYY-MM or YYYY-MM-DD, as
    # the publication says) and the day the copy was retrieved, where recorded.
    publisher: str = ""
    publication_vi: str = ""
    publication_en: str = ""
    table: str = ""
    issued: str = Field(default="",
                        pattern=r"^((19|20)[0-9]{2}(-(0[1-9]|1[0-2])(-[0-3][0-9])?)?)?$")
    retrieved: dt.date | None = None
    url: str = ""
    layout: Literal["long", "wide", "year_rows", "request_workbook"]
    tier: Literal[1, 2, 3, 4, 5]  # 5: contributed by a department without a document number
    measures: list[Measure]
    out_of_scope: list[OutOfScope] = []
    columns: dict[str, str] = {}
    measure: str | None = None  # the measure of every value, when the file holds only one
    header_year_prefix: str | None = None  # wide, with `measure`: 'Năm' in 'Năm 2019'
    area_column: str | None = None
    area: str | None = None
    area_missing_reason: str = ""
    year: str | None = None
    year_column: str | None = None
    header_year_separator: str | None = None
    region_system: str | None = None
    number_format: str | None = None
    number_format_by: str | None = None
    encoding: str = "utf-8"
    delimiter: str | None = None
    header_rows: int = Field(default=1, ge=1)
    max_file_mb: float = 100.0
    sheet: str | None = None
    published: str | None = None
    tier_rules: list[TierRule] = []
    publication_dates: list[PublicationDate] = []  # per publication (compiled files)
    status_columns: list[str] = []  # roles whose text the rules' `note` status words read

    @field_validator("number_format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        if value is not None and value not in CONVENTIONS:
            raise ValueError(f"number_format must be one of {CONVENTIONS}")
        return value

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value and not re.match(r"https?://", value, re.IGNORECASE):
            raise ValueError(f"url must start with http:// or https:// (got {value[:80]!r})")
        return value

    @model_validator(mode="after")
    def _layout_fields(self) -> Source:
        if self.layout == "long":
            needed = ["year", "value"] + ([] if self.measure else ["measure"])
            needed += [] if self.area else ["area"]
            missing = [k for k in needed if k not in self.columns]
            if missing:
                raise ValueError(f"a long layout needs columns.{missing[0]}")
        elif self.layout == "wide" and not self.area_column:
            raise ValueError("a wide layout needs area_column")
        elif self.layout == "year_rows" and not self.year_column:
            raise ValueError("a year_rows layout needs year_column")
        if self.layout == "wide" and not (self.year or self.header_year_separator
                                           or self.measure):
            raise ValueError("a wide layout needs year, header_year_separator or measure")
        unknown = [c for c in self.status_columns if c not in self.columns]
        if unknown:
            raise ValueError(f"status_columns names {unknown[0]!r}, not a role of `columns`")
        return self

    def measure_rule(self, measure: str, row: dict[str, str]) -> Measure | None:
        for rule in self.measures:
            if rule.fits(measure, row):
                return rule
        return None

    def published_month(self, url: str) -> tuple[int, int] | None:
        """The month the publication at `url` came out, where `publication_dates` says."""
        for rule in self.publication_dates:
            if rule.url_contains in (url or ""):
                return rule.month
        return None

    def tier_for(self, url: str) -> int:
        for rule in self.tier_rules:
            if rule.url_contains in (url or ""):
                return rule.tier
        return self.tier



@dataclass(frozen=True)
class Registry:
    sources: tuple[Source, ...]
    path: Path

    @property
    def raw_dir(self) -> Path:
        return self.path.parent


_TOP = {"defaults", "sources", "request_workbooks"}


def load_sources(path: Path, codebook: Codebook) -> Registry:
    """Load and validate the registry; errors name the file, the entry and the field."""
    path = Path(path)
    data = read_yaml(path)
    unknown = set(data) - _TOP
    if unknown:
        raise CatalogError(path, "-", sorted(unknown)[0], "unknown top-level key")
    raw = require_list(data, "sources", path)
    sources = tuple(validate_entry(Source, r, path, entry_id(r, i)) for i, r in enumerate(raw))
    sources += contributed_sources(path.parent, {s.file for s in sources},
                                   workbook_measures(data, path))
    check_unique([s.id for s in sources], path, "sources")
    for source in sources:
        problem = confinement_problem(path.parent, source.file)
        if problem:
            raise CatalogError(path, source.id, "file", problem)
        for i, rule in enumerate(source.measures):
            if rule.indicator != "{measure}" and rule.indicator not in codebook:
                raise CatalogError(path, source.id, f"measures.{i}.indicator",
                                   f"unknown indicator {rule.indicator!r}")
            if rule.unit is not None and codebook.unit_id(rule.unit) is None:
                raise CatalogError(path, source.id, f"measures.{i}.unit",
                                   f"unknown unit {rule.unit!r}")
    return Registry(sources, path)


CONTRIBUTED_DIR = "contributed"


def workbook_measures(data: dict, path: Path) -> list[Measure]:
    """The measure rules of filled request workbooks (`request_workbooks.measures`): the
    definition of a returned value by indicator and year, as registered values get theirs."""
    section = data.get("request_workbooks") or {}
    if not isinstance(section, dict) or set(section) - {"measures"}:
        raise CatalogError(path, "request_workbooks", "-", "only `measures` is allowed here")
    raw = section.get("measures") or []
    if not isinstance(raw, list):
        raise CatalogError(path, "request_workbooks", "measures", "must be a list")
    return [validate_entry(Measure, r, path, f"request_workbooks.measures.{i}")
            for i, r in enumerate(raw)]


def contributed_sources(raw_dir: Path, registered: set[str],
                        measures: list[Measure] | None = None) -> tuple[Source, ...]:
    """A source for every entry of raw/contributed/ that no entry names, so dropping a
    filled request workbook (`ggutils request`) in needs no edit here. Every entry is listed:
    a workbook (.xlsx in any case) is read by its own layout with `measures`; anything else
    (a macro workbook, a folder, another format, a lock or hidden file) is named with the
    reason it is not read (ggutils.clean.contributed)."""
    folder = Path(raw_dir) / CONTRIBUTED_DIR
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    sources = []
    for p in entries:
        file = f"{CONTRIBUTED_DIR}/{p.name}"
        if file in registered:
            continue
        workbook = p.suffix.lower() == ".xlsx" and p.is_file()
        sources.append(Source(
            id=f"contributed:{p.stem if p.suffix == '.xlsx' else p.name}"
               + ("/" if p.is_dir() else ""),
            file=file, title=f"Data-request workbook {p.name}, filled in by a department"
            if workbook else f"Entry {p.name} of {CONTRIBUTED_DIR}/, not a request workbook",
            layout="request_workbook", tier=5, measures=measures or []))
    return tuple(sources)


def confinement_problem(raw_dir: Path, file: str) -> str | None:
    """Why `file` may not be read from `raw_dir` (outside it, absolute, or through a
    symbolic link), or None."""
    if Path(file).is_absolute():
        return f"file {file!r} is an absolute path; give it relative to the raw folder"
    root = Path(raw_dir).resolve()
    path = root / file
    if not path.resolve().is_relative_to(root):
        return f"file {file!r} lies outside the raw folder {str(root)!r}"
    for part in [path, *path.parents]:
        if part == root:
            break
        if part.is_symlink():
            return f"file {file!r} is or passes through a symbolic link ({part.name}); " \
                   "copy the file into the raw folder"
    return None
