"""Target catalogs (data/targets/<slug>.yml): one file per decision, with its numeric targets,
the indicators it monitors without a number, and its task register.

The loader validates every entry against a declared schema (pydantic models below) and the
cross-references (indicator in the codebook, value within the indicator's bounds, province in
the register, unique ids); an error names the file, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import FiniteFloat, model_validator

from .errors import CatalogError
from .indicators import Codebook
from .provinces import Register
from .validation import Strict, check_unique, entry_id, read_yaml, require_list, validate_entry

Comparator = Literal[">", ">=", "=", "<=", "<", "range", "stable"]
# How a target's numbers read: a level of the indicator ('level'), a signed percent change of
# the indicator from its base-year value ('change_since_base': -15 is a 15 % reduction), or a
# signed percent change a year, compounded from the base year ('annual_rate').
Form = Literal["level", "change_since_base", "annual_rate"]


class Responsible(Strict):
    """An agency the decision names for a target, as lead or partner."""

    agency: str
    role: Literal["lead", "partner"]


class Decision(Strict):
    """The decision that adopted the plan."""

    province: str
    number: str
    date: dt.date
    issuer: str
    title_vi: str
    title_en: str = ""
    source: str

    @property
    def year(self) -> int:
        return self.date.year


class Target(Strict):
    """A numeric target: `comparator value` (or `range low-high`) by `target_year`.

    'stable' holds a level: met at or beyond it in the indicator's better direction. With a
    `form` other than 'level' the numbers are percent changes from the `base_year` value, and
    stage 2 turns them into a level target on that value (`trends.level_target`).
    """

    id: str
    indicator: str
    clause: str
    wording_vi: str
    label_en: str
    comparator: Comparator
    form: Form = "level"
    base_year: int | None = None
    value: FiniteFloat | None = None  # NaN and infinity are rejected (they would flip verdicts)
    low: FiniteFloat | None = None
    high: FiniteFloat | None = None
    unit: str
    target_year: int
    note: str = ""
    responsible: list[Responsible] = []

    @model_validator(mode="after")
    def _value_matches_comparator(self) -> Target:
        if self.comparator == "range":
            if self.low is None or self.high is None:
                raise ValueError("a range needs low and high")
            if self.value is not None:
                raise ValueError("a range takes low/high, not value")
            if self.low > self.high:
                raise ValueError(f"range low {self.low:g} is above high {self.high:g}")
        elif self.value is None or self.low is not None or self.high is not None:
            raise ValueError(f"comparator {self.comparator!r} needs value (and no low/high)")
        if (self.form == "level") != (self.base_year is None):
            raise ValueError("a base_year goes with form change_since_base or annual_rate, "
                             "and only with them")
        if self.comparator == "stable" and self.form != "level":
            raise ValueError("'stable' holds a level (form: level)")
        return self

    def bounds(self) -> tuple[float, ...]:
        """The target's numbers (value, or low and high)."""
        if self.comparator == "range":
            return (self.low, self.high)  # type: ignore[return-value]
        return (self.value,)  # type: ignore[return-value]

    def describe(self) -> str:
        """A compact form such as '> 50 %' or '42-45 % of GDP'."""
        if self.comparator == "range":
            return f"{self.low:g}-{self.high:g} {self.unit}"
        return f"{self.comparator} {self.value:g} {self.unit}"

    def is_met(self, value: float, tolerance: float = 1.0) -> bool:
        """Whether an observed or projected value meets the target, comparators read exactly.

        '> 50' is strictly above 50; 'range 42-45' is within, ends included; '= 100' (and '= 0')
        counts as met within `tolerance` points (the UNSD progress chart's 1-point rule).
        'stable' and the change forms are judged through `trends.level_target`.
        """
        if self.comparator == "stable" or self.form != "level":
            raise ValueError(f"target {self.id}: judge '{self.comparator}' "
                             f"({self.form}) through trends.level_target")
        if self.comparator == "range":
            return self.low <= value <= self.high  # type: ignore[operator]
        target = float(self.value)  # type: ignore[arg-type]
        if self.comparator == "=":
            return abs(value - target) <= tolerance
        return {
            ">": value > target,
            ">=": value >= target,
            "<=": value <= target,
            "<": value < target,
        }[self.comparator]


class Monitored(Strict):
    """An indicator the decision monitors (Kon Tum's Phụ lục II) with no numeric target."""

    id: str
    indicator: str
    clause: str
    wording_vi: str
    label_en: str
    period: str = ""
    responsible: list[Responsible] = []


class Task(Strict):
    """A task of a decision's task register (Kon Tum's Phụ lục I)."""

    id: str
    group: str
    task_vi: str
    lead: str
    partners: str = ""
    deadline_text: str
    deadline_from: int | None
    deadline_to: int | None


@dataclass(frozen=True)
class Catalog:
    """One decision with its targets, monitored indicators and tasks."""

    decision: Decision
    targets: tuple[Target, ...]
    monitoring: tuple[Monitored, ...]
    tasks: tuple[Task, ...]
    path: Path

    @property
    def province(self) -> str:
        return self.decision.province

    def target(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(target_id)


_QUARTER_YEAR = re.compile(r"Quý\s+[IV]+\s*/\s*(\d{4})", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def parse_deadline(text: str) -> tuple[int | None, int | None]:
    """The first and last year a deadline text names.

    'Quý II/2013' -> (2013, 2013); '2013-2020' -> (2013, 2020); '... cuối năm 2015' ->
    (2015, 2015); 'KH 5 năm 2016-2020' -> (2016, 2020); no year -> (None, None).
    """
    if match := _YEAR_RANGE.search(text):
        return int(match.group(1)), int(match.group(2))
    if match := _QUARTER_YEAR.search(text):
        year = int(match.group(1))
        return year, year
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None, None
    return min(years), max(years)


_TOP_LEVEL = {"decision", "targets", "monitoring", "tasks"}
# The unit of a change target's numbers (a level target takes its indicator's unit).
CHANGE_UNITS = {"change_since_base": "% change", "annual_rate": "%/year"}


def _check_indicator(entry: Target | Monitored, codebook: Codebook, path: Path) -> None:
    if entry.indicator not in codebook:
        raise CatalogError(path, entry.id, "indicator", f"unknown indicator {entry.indicator!r}")
    if isinstance(entry, Target):
        indicator = codebook[entry.indicator]
        unit = CHANGE_UNITS.get(entry.form, indicator.unit)
        if entry.unit != unit:
            raise CatalogError(path, entry.id, "unit",
                               f"{entry.unit!r} differs from {unit!r} (the codebook's unit "
                               f"for form {entry.form!r})")
        if entry.form != "level":
            return
        for number in entry.bounds():
            if not indicator.within_bounds(number):
                field = "value" if entry.comparator != "range" else "low/high"
                raise CatalogError(path, entry.id, field,
                                   f"{number:g} outside the indicator's bounds "
                                   f"[{indicator.lower}, {indicator.upper}]")


def _check_task(task: Task, path: Path) -> None:
    parsed = parse_deadline(task.deadline_text)
    if parsed != (task.deadline_from, task.deadline_to):
        raise CatalogError(path, task.id, "deadline_from",
                           f"deadline_text {task.deadline_text!r} names years {parsed}, "
                           f"not ({task.deadline_from}, {task.deadline_to})")


def load_catalog(path: Path, codebook: Codebook, register: Register) -> Catalog:
    """Load and validate one decision's catalog."""
    path = Path(path)
    data = read_yaml(path)
    unknown = set(data) - _TOP_LEVEL
    if unknown:
        raise CatalogError(path, "-", sorted(unknown)[0], "unknown top-level key")
    if "decision" not in data:
        raise CatalogError(path, "decision", "decision", "required section is missing")
    decision = validate_entry(Decision, data["decision"], path, "decision")
    if not register.has_province(decision.province):
        raise CatalogError(path, "decision", "province",
                           f"unknown province {decision.province!r} (not in the register)")
    if path.stem != decision.province:
        raise CatalogError(path, "decision", "province",
                           f"file name {path.name!r} should be {decision.province}.yml")
    sections = {}
    for key, model in (("targets", Target), ("monitoring", Monitored), ("tasks", Task)):
        raw = require_list(data, key, path)
        sections[key] = tuple(validate_entry(model, r, path, entry_id(r, i))
                              for i, r in enumerate(raw))
    all_ids = [e.id for key in sections for e in sections[key]]
    check_unique(all_ids, path, "this catalog")
    for entry in (*sections["targets"], *sections["monitoring"]):
        _check_indicator(entry, codebook, path)
    for task in sections["tasks"]:
        _check_task(task, path)
    return Catalog(decision, sections["targets"], sections["monitoring"], sections["tasks"], path)


def load_catalogs(targets_dir: Path, codebook: Codebook, register: Register) -> dict[str, Catalog]:
    """Load every data/targets/*.yml, keyed by province slug."""
    files = sorted(Path(targets_dir).glob("*.yml"))
    if not files:
        raise CatalogError(targets_dir, "-", "-", "no target catalog (*.yml) found")
    catalogs = [load_catalog(f, codebook, register) for f in files]
    return {c.province: c for c in catalogs}


@dataclass(frozen=True)
class Reference:
    """The validated facts of a data folder: codebook, register and target catalogs."""

    codebook: Codebook
    register: Register
    catalogs: dict[str, Catalog]


def load_reference(data_dir: Path) -> Reference:
    """Load data/reference and data/targets of `data_dir` (every loader validates)."""
    from .indicators import load_codebook
    from .paths import ProjectPaths
    from .provinces import load_register

    paths = ProjectPaths(data=Path(data_dir))
    codebook = load_codebook(paths.codebook)
    register = load_register(paths.register, paths.aliases)
    return Reference(codebook, register, load_catalogs(paths.targets, codebook, register))


TARGET_COLUMNS = ["province", "target_id", "indicator", "clause", "wording_vi", "label_en",
                  "comparator", "value", "low", "high", "unit", "target_year", "note",
                  "responsible", "decision_number", "decision_date"]


def targets_frame(catalogs: dict[str, Catalog]) -> pd.DataFrame:
    """One row per target with the catalog fields as columns, plus `province`."""
    rows = []
    for slug, catalog in catalogs.items():
        for t in catalog.targets:
            rows.append({
                "province": slug, "target_id": t.id, "indicator": t.indicator,
                "clause": t.clause, "wording_vi": t.wording_vi, "label_en": t.label_en,
                "comparator": t.comparator, "value": t.value, "low": t.low, "high": t.high,
                "unit": t.unit, "target_year": t.target_year, "note": t.note,
                "responsible": "; ".join(f"{r.agency} ({r.role})" for r in t.responsible),
                "decision_number": catalog.decision.number,
                "decision_date": catalog.decision.date.isoformat(),
            })
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)
