"""What a target's judgement compares: the target read as a one-sided level of its
indicator (`level_target`), the current pace of its series (`observed_rate`) and the yearly
change it would take from the latest value to reach the target (`needed_change`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ggutils.assess.fits import Fit, endpoint_rate, two_point_rate
from ggutils.assess.series import Series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.verdicts import is_flat, scale_of, target_reference
from ggutils.reference.targets import Catalog, Target

# --- Targets as levels ------------------------------------------------------------------------

def level_target(target: Target, indicator, series: Series) -> Target | None:
    """The target as a one-sided level of the indicator, which every judgement compares
    values with (`Target.is_met`, `Target.threshold`; docs/methodology.md, "How a target's
    words are read").

    The forms that depend on the indicator's direction are read in its good direction: '='
    (hold) is '>=' the level when higher is better, '<=' when lower is; a range is met at its
    less ambitious end and stays met beyond the more ambitious one ('>=' low when higher is
    better, '<=' high when lower is), and so is a range to hold ('=' with low and high:
    "ổn định 42-43 %"). A one-sided level target is returned as it is.

    A change target is turned into a level on the series' value in `base_year`:
    base x (1 + v/100) for 'change_since_base', base x (1 + v/100) ** (target year - base
    year) for 'annual_rate' (compounded from the base year). Its tolerance is applied in the
    target's own unit first (relative to its number, or absolute in % points) and carried as
    the absolute distance in levels between the number and its tolerated end. None when the
    series has no base-year value: the target cannot be judged, and the notes say why.
    """
    higher = indicator.better == "higher"
    comparator, number = target.comparator, target.value
    if comparator in ("=", "range"):
        comparator = ">=" if higher else "<="
        if target.is_range:
            number = target.low if higher else target.high
    one_sided = {"comparator": comparator, "value": number, "low": None, "high": None}
    if target.form == "level":
        return target if comparator == target.comparator else target.model_copy(
            update=one_sided)
    base = series.values[series.years == target.base_year]
    if base.size == 0:
        return None
    years = target.target_year - target.base_year if target.form == "annual_rate" else 1

    def level(change: float) -> float:
        return float(base[0] * (1 + change / 100) ** years)

    margin = target.margin(number)
    tolerated = number - margin if comparator in (">", ">=") else number + margin
    return target.model_copy(update={
        **one_sided, "form": "level", "base_year": None, "unit": indicator.unit,
        "value": level(number), "tolerance": abs(level(number) - level(tolerated)),
        "tolerance_basis": "absolute"})


# --- Rates and evidence ----------------------------------------------------------------------

def observed_rate(series: Series, fit: Fit | None, target: Target, settings: TrendSettings,
                  compound: bool = False) -> float | None:
    """The current pace on `series` (the recent window, `fits.recent`): the fitted change per
    year, or for a compound fit its compound annual rate (exp(b) - 1); without a fit, the
    endpoint rate of the last two points (compound: (v1/v0)^(1/years) - 1); None for fewer.

    It reads as 0 when the recent trend is flat within the series' own noise: a fit with an
    interval (>= `min_points_interval` points) whose slope's `flat_level` interval includes
    0. A change within `flat_tolerance` of the series' scale also reads as 0, so a flat
    series carries no sign and a series in small units is judged as the same series scaled
    up."""
    if fit is not None:
        if fit.n >= settings.min_points_interval and fit.is_flat(settings.flat_level):
            return 0.0
        rate, level_change = (fit.growth_rate if compound else fit.slope), fit.slope
    elif series.n >= 2:
        rate = endpoint_rate(series, compound)
        level_change = rate * float(series.values[-1]) if compound else rate
    else:
        return None
    return 0.0 if is_flat(level_change, scale_of(series.values, target), settings) else rate


# --- What it would take ----------------------------------------------------------------------

# needed_basis: what the needed_* columns of trajectories.csv rest on (docs/methodology.md,
# "What it would take").
NEEDED_BASES = ("deadline", "later_target", "hold", "met", "past_deadline")


@dataclass(frozen=True)
class Deadline:
    """A year by which a target's level is to be reached: its own target year, or the target
    year of a later target on the same indicator (`target_id`)."""

    year: int
    target_id: str | None = None


@dataclass(frozen=True)
class Effort:
    """The yearly change it would take from the latest value (`from_value` in `from_year`)
    to reach the target's level (`level`, the number it counts as met from) by `by_year`:
    `per_year` in the indicator's unit a year ('points') or, for a compound indicator, a
    compound rate in % a year ('percent'). `basis` is one of NEEDED_BASES; None without a
    value to start from."""

    basis: str | None = None
    per_year: float | None = None
    unit: str | None = None
    from_value: float | None = None
    from_year: int | None = None
    by_year: int | None = None
    by_target_id: str | None = None
    level: float | None = None

    def columns(self) -> dict:
        """The trajectories.csv columns (`needed_*`)."""
        return {"needed_basis": self.basis, "needed_per_year": self.per_year,
                "needed_unit": self.unit, "needed_from_value": self.from_value,
                "needed_from_year": self.from_year, "needed_by_year": self.by_year,
                "needed_by_target_id": self.by_target_id, "needed_level": self.level}


def later_deadlines(target: Target, plans: Iterable[Catalog]) -> list[Deadline]:
    """The deadlines after the target's own of the entity's other judged targets on the same
    indicator (`plans`: the catalogs of the target's entity), earliest first."""
    found = {(t.target_year, t.id) for plan in plans for t in plan.targets
             if t.indicator == target.indicator and t.preferred and t.id != target.id
             and t.target_year > target.target_year}
    return [Deadline(year, target_id) for year, target_id in sorted(found)]


def needed_change(series: Series, level: Target, deadlines: Sequence[Deadline], hold: bool,
                  compound: bool) -> Effort:
    """What it would take from the latest value of `series` to reach the one-sided `level`
    target (`level_target`) by the first of `deadlines` after the latest year.

    `deadlines` are the target's own (`target_id` None) when it has not passed, then the
    later targets' on the same indicator that have not passed (`later_deadlines`), earliest
    first. The change runs from the latest value to the number the target counts as met
    from (`target_reference`: a range's less ambitious end, less any tolerance): linear, in
    the indicator's unit a year ('points'), or with `compound` (a compound indicator) the
    compound rate (level/latest)^(1/years) - 1 in % a year ('percent'; points where either
    end is not positive). A latest value that meets the level needs nothing ('met'), and a
    hold ('=') met before its deadline needs no change if it is held ('hold', 0). With no
    deadline after the latest year the target is past its deadline and no later target
    gives one: nothing is computed ('past_deadline')."""
    if series.n == 0:
        return Effort()
    from_year, from_value = int(series.years[-1]), float(series.values[-1])
    goal = target_reference(level)
    ahead = [d for d in deadlines if d.year > from_year]
    compound = compound and from_value > 0 and goal > 0
    start = {"from_value": from_value, "from_year": from_year, "level": goal,
             "unit": "percent" if compound else "points"}
    if level.is_met(from_value):
        own = ahead[0] if ahead and ahead[0].target_id is None else None
        if hold and own is not None:
            return Effort("hold", 0.0, by_year=own.year, **start)
        return Effort("met")
    if not ahead:
        return Effort("past_deadline")
    by = ahead[0]
    rate = two_point_rate(from_year, from_value, by.year, goal, compound)
    return Effort("deadline" if by.target_id is None else "later_target",
                  rate * 100 if compound else rate, by_year=by.year,
                  by_target_id=by.target_id, **start)
