"""The codebook (data/reference/indicators.yml): indicators with units, bounds, direction and
labels in Vietnamese and English, the unit table with its conversion rules, and the meaning of
every verdict code of trajectories.csv."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from ggutils.errors import CatalogError
from ggutils.reference.validation import (
    Strict,
    check_unique,
    entry_id,
    read_yaml,
    require_list,
    validate_entry,
)


class Unit(Strict):
    """A unit, the spellings sources use for it, and how to convert it to a base unit."""

    id: str
    name_vi: str
    name_en: str
    aliases: list[str] = []
    convert_to: str | None = None
    factor: float | None = None

    @model_validator(mode="after")
    def _conversion_complete(self) -> Unit:
        if (self.convert_to is None) != (self.factor is None):
            raise ValueError("convert_to and factor go together")
        return self


class Indicator(Strict):
    """One indicator of the codebook."""

    id: str
    name_vi: str
    name_en: str
    unit: str
    lower: float | None
    upper: float | None
    better: Literal["higher", "lower"]
    decimals: int = 1
    gg_code: str = ""
    # Other Vietnamese names the decisions use for it, for the drafter's matching
    # (ggutils.reference.draft; `ggutils new-plan --from`).
    aliases_vi: list[str] = []
    # How the quantity grows (docs/methodology.md §4): 'linear' in levels (shares, rates,
    # per-area measures), 'compound' by a percentage (money, output, energy use): fitted on
    # logs, its rates compounded.
    growth: Literal["linear", "compound"] = "linear"
    # Months after the end of a reference year when its value is usually published (forest
    # status: announced in the first quarter of the next year). None: not known.
    publication_lag_months: int | None = None
    # The range a returned or published value can plausibly take (narrower than the bounds:
    # a GRDP growth of 150 %/year is within no bound but is not plausible). None: open.
    plausible_low: float | None = None
    plausible_high: float | None = None

    @model_validator(mode="after")
    def _bounds_ordered(self) -> Indicator:
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            raise ValueError("lower must be below upper")
        if (self.plausible_low is not None and self.plausible_high is not None
                and self.plausible_low >= self.plausible_high):
            raise ValueError("plausible_low must be below plausible_high")
        if self.publication_lag_months is not None and not 0 <= self.publication_lag_months <= 60:
            raise ValueError("publication_lag_months must lie between 0 and 60")
        return self

    def plausible(self, value: float) -> bool:
        """True when `value` lies within [plausible_low, plausible_high] (open when unset)."""
        if self.plausible_low is not None and value < self.plausible_low:
            return False
        return not (self.plausible_high is not None and value > self.plausible_high)

    def name(self, lang: str) -> str:
        """The indicator's name in `lang` ('vi' or 'en')."""
        return self.name_vi if lang == "vi" else self.name_en

    def within_bounds(self, value: float) -> bool:
        """True when `value` lies within [lower, upper] (missing bounds are open)."""
        if self.lower is not None and value < self.lower:
            return False
        return not (self.upper is not None and value > self.upper)


class ConsistencyRule(Strict):
    """total = sum(parts) within tolerance_pct of the total, per entity, year and source."""

    total: str
    parts: list[str]
    tolerance_pct: float = 0.5


class VerdictMeaning(Strict):
    """What one verdict code of trajectories.csv means (its label is in messages.yml)."""

    code: str
    tone: Literal["good", "unconfirmed", "short", "away", "unknown"]
    columns: list[Literal["verdict", "verdict_deadline", "verdict_since", "status_outlook",
                          "status_ex_ante"]]
    meaning_vi: str
    meaning_en: str


class Family(Strict):
    """A family of indicators: one column of the index's verdict matrix."""

    id: str
    name_vi: str
    name_en: str
    indicators: list[str]

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Codebook:
    """Indicators and units by id, with the file they came from (for error messages)."""

    indicators: dict[str, Indicator]
    units: dict[str, Unit]
    path: Path
    consistency: tuple[ConsistencyRule, ...] = ()
    verdicts: dict[str, VerdictMeaning] | None = None
    families: tuple[Family, ...] = ()

    def family_of(self, indicator_id: str) -> str | None:
        """The id of the indicator's family, or None."""
        return next((f.id for f in self.families if indicator_id in f.indicators), None)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.indicators

    def unit_id(self, text: str) -> str | None:
        """The unit id that `text` (as printed) names, or None when unknown."""
        wanted = text.strip()
        for unit in self.units.values():
            if wanted == unit.id or wanted in unit.aliases:
                return unit.id
        return None

    def conversion(self, unit_id: str, to: str) -> float | None:
        """The factor turning `unit_id` into `to`, or None when no rule exists."""
        if unit_id == to:
            return 1.0
        unit = self.units[unit_id]
        if unit.convert_to == to and unit.factor is not None:
            return unit.factor
        return None


def _load_families(data: dict, path: Path, ids: set[str]) -> tuple[Family, ...]:
    """The families, each indicator in at most one, every member in the codebook."""
    families = tuple(validate_entry(Family, raw, path, entry_id(raw, i))
                     for i, raw in enumerate(require_list(data, "families", path)))
    check_unique([f.id for f in families], path, "families")
    member: dict[str, str] = {}
    for family in families:
        for name in family.indicators:
            if name not in ids:
                raise CatalogError(path, family.id, "indicators", f"unknown indicator {name!r}")
            if name in member:
                raise CatalogError(path, family.id, "indicators",
                                   f"{name!r} is already in family {member[name]!r}")
            member[name] = family.id
    return families


def load_codebook(path: Path) -> Codebook:
    """Load and validate the codebook; errors name the file, the entry and the field."""
    path = Path(path)
    data = read_yaml(path)
    unknown = set(data) - {"units", "indicators", "consistency", "verdicts", "families"}
    if unknown:
        raise CatalogError(path, "-", sorted(unknown)[0], "unknown top-level key")
    raw_units = require_list(data, "units", path)
    units = [validate_entry(Unit, raw, path, entry_id(raw, i)) for i, raw in enumerate(raw_units)]
    check_unique([u.id for u in units], path, "units")
    unit_ids = {u.id for u in units}
    for unit in units:
        if unit.convert_to is not None and unit.convert_to not in unit_ids:
            raise CatalogError(path, unit.id, "convert_to", f"unknown unit {unit.convert_to!r}")
    raw_inds = require_list(data, "indicators", path)
    indicators = [validate_entry(Indicator, raw, path, entry_id(raw, i))
                  for i, raw in enumerate(raw_inds)]
    check_unique([ind.id for ind in indicators], path, "indicators")
    for ind in indicators:
        if ind.unit not in unit_ids:
            raise CatalogError(path, ind.id, "unit", f"unknown unit {ind.unit!r}")
    ids = {ind.id for ind in indicators}
    raw_rules = require_list(data, "consistency", path)
    rules = tuple(validate_entry(ConsistencyRule, raw, path, f"consistency #{i + 1}")
                  for i, raw in enumerate(raw_rules))
    for i, rule in enumerate(rules):
        for name in (rule.total, *rule.parts):
            if name not in ids:
                raise CatalogError(path, f"consistency #{i + 1}", "total/parts",
                                   f"unknown indicator {name!r}")
    raw_verdicts = require_list(data, "verdicts", path)
    verdicts = [validate_entry(VerdictMeaning, raw, path, str(raw.get("code", f"#{i + 1}"))
                               if isinstance(raw, dict) else f"#{i + 1}")
                for i, raw in enumerate(raw_verdicts)]
    check_unique([v.code for v in verdicts], path, "verdicts")
    families = _load_families(data, path, ids)
    return Codebook({i.id: i for i in indicators}, {u.id: u for u in units}, path, rules,
                    {v.code: v for v in verdicts}, families)
