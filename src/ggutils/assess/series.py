"""The observations one target is judged on: preferred values of one entity and indicator,
one definition, fit-eligible (stage 2 selects them; charts and tables show the same), and
the evidence label they earn. Rules: docs/methodology.md §2-3."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ggutils.errors import GGUtilsError

EXCLUDED_FROM_FITS = ("period_average", "partial_year", "interpolated")


class DuplicateYearError(GGUtilsError):
    """A series has two values for one year after selection."""


@dataclass(frozen=True)
class Series:
    """The observations one target is judged on."""

    years: np.ndarray
    values: np.ndarray
    definition: str
    tiers: tuple[int, ...]             # the distinct source tiers
    statuses: tuple[str, ...]          # per point, as the years
    excluded: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    notes: tuple[str, ...] = ()
    point_tiers: tuple[int, ...] = ()  # per point (empty: tier 1 each)
    source_ids: tuple[str, ...] = ()   # per point (empty: unknown)

    def __post_init__(self) -> None:
        if not self.point_tiers:
            object.__setattr__(self, "point_tiers", (1,) * len(self.years))
        if not self.source_ids:
            object.__setattr__(self, "source_ids", ("",) * len(self.years))

    @property
    def n(self) -> int:
        return len(self.years)


def select_series(obs: pd.DataFrame, entity_id: str, indicator: str) -> Series:
    """Preferred observations of one entity and indicator, one definition, fit-eligible.

    Period averages and partial years are excluded (kept in `excluded` for charts). When
    definitions differ, the one with most points is used (ties: the one with the most
    recent data, then 'standard'); values of other definitions are never joined to it.
    """
    if obs.empty:
        return Series(np.array([]), np.array([]), "", (), ())
    rows = obs[(obs["entity_id"] == entity_id) & (obs["indicator"] == indicator)
               & obs["preferred"].astype(bool)]
    categorical = rows.select_dtypes("category").columns
    if len(categorical):  # an empty astype still copies every column
        rows = rows.astype({c: object for c in categorical})
    notes: list[str] = []
    missing = rows["value"].isna()
    if missing.any():
        notes.append(f"{int(missing.sum())} missing value(s) left out")
        rows = rows[~missing]
    eligible = rows[~rows["status"].isin(EXCLUDED_FROM_FITS)]
    excluded = rows[rows["status"].isin(EXCLUDED_FROM_FITS)]
    if eligible.empty:
        return Series(np.array([]), np.array([]), "", (), (), excluded, tuple(notes))
    counts = eligible["definition"].value_counts()
    latest = eligible.groupby("definition")["year"].max()
    best = sorted(counts.index, key=lambda d: (-counts[d], -latest[d], d != "standard", d))[0]
    if len(counts) > 1:
        others = ", ".join(f"{d} ({counts[d]})" for d in counts.index if d != best)
        notes.append(f"values of other definitions not joined: {others}")
    chosen = eligible[eligible["definition"] == best].sort_values("year")
    dupes = chosen["year"][chosen["year"].duplicated()]
    if not dupes.empty:
        raise DuplicateYearError(f"series {entity_id}/{indicator} ({best}) has several values "
                                 f"for year(s) {sorted(set(dupes))}")
    tiers = chosen["source_tier"].astype(int)
    source_ids = chosen["source_id"] if "source_id" in chosen else [""] * len(chosen)
    return Series(chosen["year"].to_numpy(dtype=float), chosen["value"].to_numpy(dtype=float),
                  best, tuple(sorted(set(tiers))), tuple(chosen["status"]), excluded,
                  tuple(notes), tuple(tiers), tuple(str(i) for i in source_ids))


def evidence_parts(series: Series) -> dict:
    """Evidence strength from points, span and source quality: weak under 3 points, strong
    from 6 points over 8+ years, moderate between."""
    if series.n == 0:
        return {"strength": "none", "n": 0, "span": 0, "tiers": "", "not_final": 0}
    span = int(series.years[-1] - series.years[0])
    strength = "weak" if series.n < 3 else ("strong" if series.n >= 6 and span >= 8
                                             else "moderate")
    return {"strength": strength, "n": series.n, "span": span,
            "tiers": ",".join(str(t) for t in series.tiers),
            "not_final": sum(s != "final" for s in series.statuses)}


def evidence_label(series: Series) -> str:
    """The evidence label in trajectories.csv: 'weak: 2 points over 1 years, source tiers
    1,2, 1 not final'."""
    parts = evidence_parts(series)
    if parts["n"] == 0:
        return "no data"
    extra = f", {parts['not_final']} not final" if parts["not_final"] else ""
    return (f"{parts['strength']}: {parts['n']} points over {parts['span']} years, "
            f"source tiers {parts['tiers']}{extra}")


# --- Definitions in force when a target was set (methodology: "Definitions disclosed") ----

@dataclass(frozen=True)
class DefinitionPeriod:
    """An official definition of an indicator in force for years `start`..`end` (either end
    open), and the label a source gives the same definition when it names it itself."""

    definition: str
    start: int | None = None
    end: int | None = None
    same_as: str | None = None

    def covers(self, year: int) -> bool:
        return (self.start is None or year >= self.start) and (self.end is None
                                                               or year <= self.end)


DefinitionHistory = dict[str, tuple[DefinitionPeriod, ...]]


def definition_history(registry) -> DefinitionHistory:
    """Per indicator, the official definitions by year, from the registry's
    `definition_by_year` rules (data/raw/sources.yml; the first rule covering a year wins,
    as in cleaning)."""
    history: dict[str, list[DefinitionPeriod]] = {}
    for source in registry.sources:
        for measure in source.measures:
            periods = history.setdefault(measure.indicator, [])
            for rule in measure.definition_by_year:
                period = DefinitionPeriod(rule.definition, rule.from_year, rule.to_year,
                                          rule.same_as)
                if period not in periods:
                    periods.append(period)
    return {k: tuple(v) for k, v in history.items() if v}


@dataclass(frozen=True)
class DefinitionChange:
    """A target set under one definition and judged on another: the definition in force in
    the decision year, the one judged, and a year with values under both (where one exists:
    the latest, values of the entity, preferred or not)."""

    set_under: str
    judged_on: str
    year: int | None = None
    value_then: float | None = None  # under the definition the target was set under
    value_now: float | None = None   # under the definition it is judged on


def definition_change(obs: pd.DataFrame, entity_id: str, indicator: str, decision_year: int,
                      judged_on: str, history: DefinitionHistory) -> DefinitionChange | None:
    """The change of definition between a target's decision year and the series it is judged
    on, or None (no history for the indicator, no series, or the same definition)."""
    periods = history.get(indicator, ())
    in_force = next((p for p in periods if p.covers(decision_year)), None)
    judged = next((p for p in periods if p.definition == judged_on), None)
    if in_force is None or not judged_on or in_force.definition == judged_on:
        return None
    change = DefinitionChange(in_force.definition, judged_on)
    if obs.empty:
        return change
    rows = obs[(obs["entity_id"] == entity_id) & (obs["indicator"] == indicator)
               & obs["value"].notna()]
    rows = rows.astype({"definition": object}).sort_values("preferred", ascending=False,
                                                             kind="stable")
    then = {in_force.definition, in_force.same_as} - {None}
    now = {judged_on, judged.same_as if judged else None} - {None}
    old = rows[rows["definition"].isin(then)].drop_duplicates("year").set_index("year")["value"]
    new = rows[rows["definition"].isin(now)].drop_duplicates("year").set_index("year")["value"]
    both = sorted(set(old.index) & set(new.index))
    if not both:
        return change
    year = int(both[-1])
    return DefinitionChange(in_force.definition, judged_on, year, float(old[year]),
                            float(new[year]))
