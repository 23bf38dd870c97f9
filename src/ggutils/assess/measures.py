"""What a target's judgement compares: the target read as a one-sided level of its
indicator (`level_target`) and the current pace of its series (`observed_rate`)."""

from __future__ import annotations

from ggutils.assess.fits import Fit, endpoint_rate
from ggutils.assess.series import Series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.verdicts import is_flat, scale_of
from ggutils.reference.targets import Target

# --- Targets as levels ------------------------------------------------------------------------

def level_target(target: Target, indicator, series: Series) -> Target | None:
    """The target as a one-sided level of the indicator, which every judgement compares
    values with (`Target.is_met`, `Target.threshold`; docs/methodology.md, "How a target's
    words are read").

    The forms that depend on the indicator's direction are read in its good direction: '='
    (hold) is '>=' the level when higher is better, '<=' when lower is; a range is met at its
    less ambitious end and stays met beyond the more ambitious one ('>=' low when higher is
    better, '<=' high when lower is). A one-sided level target is returned as it is.

    A change target is turned into a level on the series' value in `base_year`:
    base x (1 + v/100) for 'change_since_base', base x (1 + v/100) ** (target year - base
    year) for 'annual_rate' (compounded from the base year). Its tolerance is applied in the
    target's own unit first (relative to its number, or absolute in % points) and carried as
    the absolute distance in levels between the number and its tolerated end. None when the
    series has no base-year value: the target cannot be judged, and the notes say why.
    """
    higher = indicator.better == "higher"
    comparator, number = target.comparator, target.value
    if comparator == "=":
        comparator = ">=" if higher else "<="
    elif comparator == "range":
        comparator, number = (">=", target.low) if higher else ("<=", target.high)
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
