"""What it would take, in the page's language: one sentence per target from its
trajectories.csv row (the `needed_*` columns and `recent_pace_per_year`; docs/methodology.md
§6, "What it would take"), "needs +0.19 points a year from 63.69 % (2023) to reach it by
2030; the recent pace is +0.85". The words are in data/reference/messages/effort.yml."""

from __future__ import annotations

import pandas as pd

from ggutils.assess.judge import COMPOUND_MODELS
from ggutils.brief.data import BriefingData
from ggutils.brief.localize import number_text

RATE_DECIMALS = 1          # a compound rate, in % a year
MORE_DECIMALS = 3          # at most this many beyond the usual, so a small change never shows 0


def _given(row: pd.Series, column: str):
    """The row's value of `column`, None when blank or absent (an older trajectories.csv)."""
    value = row.get(column)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _percent(row: pd.Series) -> bool:
    """Whether the row's rates are compound rates in % a year: the needed change's unit, or
    where none is needed, the pace's model."""
    unit = _given(row, "needed_unit")
    return unit == "percent" if unit is not None else str(row.get("model")) in COMPOUND_MODELS


def _decimals(row: pd.Series, b: BriefingData) -> int:
    """A rate's decimals: one for a compound rate, else the indicator's own."""
    return RATE_DECIMALS if _percent(row) else b.codebook[row["indicator"]].decimals


def _amount(value: float, decimals: int, b: BriefingData, signed: bool) -> str:
    """`value` in the page's language, with more decimals where it would otherwise read 0
    (0.004 is not 'no change'), with its sign when `signed`."""
    for places in range(decimals, decimals + MORE_DECIMALS + 1):
        if round(abs(value), places) > 0:
            break
    text = number_text(abs(value) if not signed else value, b.lang, places)
    return f"+{text}" if signed and value > 0 else text


def _unit(row: pd.Series, b: BriefingData) -> str:
    """The change's unit: % a year for a compound rate; points for an indicator in %
    (percentage points); else the indicator's unit."""
    if _percent(row):
        return b.msgs("effort_unit_percent")
    indicator = row["indicator"]
    if b.codebook[indicator].unit.startswith("%"):
        return b.msgs("effort_unit_points")
    return b.fmt.unit(indicator)


def _by(row: pd.Series, b: BriefingData) -> str:
    """The deadline: its year, and for a later target's deadline the plan that sets it."""
    year = int(row["needed_by_year"])
    later = _given(row, "needed_by_target_id")
    plans = [p for p in b.plans if later and any(t.id == later for t in p.targets)]
    if not plans:
        return str(year)
    return b.msgs("effort_by_later", year=year, plan=b.fmt.document(plans[0].decision))


def _need(row: pd.Series, b: BriefingData, basis: str) -> str:
    if basis == "past_deadline":
        return b.msgs("effort_past", year=int(row["target_year"]))
    if basis == "hold":
        return b.msgs("effort_hold", by=_by(row, b))
    per_year = float(row["needed_per_year"])
    return b.msgs("effort_up" if per_year >= 0 else "effort_down",
                  amount=_amount(per_year, _decimals(row, b), b, signed=False),
                  unit=_unit(row, b),
                  value=b.fmt.value(row["needed_from_value"], row["indicator"]),
                  year=int(row["needed_from_year"]), by=_by(row, b))


def _pace(row: pd.Series, b: BriefingData, with_unit: bool) -> str:
    """The recent pace, signed; with its unit where the sentence has not named one."""
    pace = _given(row, "recent_pace_per_year")
    if pace is None:
        return ""
    if pace == 0:
        return b.msgs("effort_pace_flat")
    amount = _amount(float(pace), _decimals(row, b), b, signed=True)
    if with_unit:
        return b.msgs("effort_pace_unit", pace=amount, unit=_unit(row, b))
    return b.msgs("effort_pace", pace=amount)


def effort_text(b: BriefingData, row: pd.Series) -> str:
    """What it would take for the target of `row` (its trajectories.csv row), in the page's
    language: the yearly change needed from the latest value and by which deadline (its own,
    or a later plan's once its own has passed), or that a met hold needs no change, or that
    its deadline has passed with no later one; then the recent pace. '' where nothing is
    needed or nothing can be said: a met target, a target without a value (a draft has no
    row)."""
    basis = _given(row, "needed_basis")
    if basis is None or basis == "met":
        return ""
    need = _need(row, b, basis)
    pace = _pace(row, b, with_unit=basis in ("past_deadline", "hold"))
    return b.msgs("effort_sentence", need=need, pace=pace) if pace else need
