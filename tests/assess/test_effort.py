"""What it would take (issue 24 item 3): the yearly change needed from the latest value to
reach a target by its deadline (trajectories.csv `needed_*`), beside the recent pace
(`recent_pace_per_year`). Expected numbers are worked out by hand from the fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ggutils.assess.judge import judge_target
from ggutils.assess.measures import Deadline, needed_change
from ggutils.assess.series import Series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import project_all
from ggutils.reference.targets import Catalog, Decision, Target

SETTINGS = TrendSettings()


def _target(**kw) -> Target:
    base = dict(id="t", indicator="forest_cover", clause="x", wording_vi="x", label_en="x",
                comparator=">", value=65, unit="%", target_year=2030)
    base.update(kw)
    return Target(**base)


def _catalog(*targets: Target, name: str = "p", decision_year: int = 2013) -> Catalog:
    decision = Decision(entity_id="p", number=name, date=dt.date(decision_year, 1, 1),
                        issuer="x", title_vi="x", source="x")
    return Catalog(decision, targets, (), (), Path(f"{name}.yml"))


def _obs(points, indicator="forest_cover") -> pd.DataFrame:
    return pd.DataFrame([{"entity_id": "p", "indicator": indicator, "year": y, "value": v,
                          "preferred": True, "status": "final", "definition": "standard",
                          "source_tier": 1, "source_id": f"s:{y}"} for y, v in points])


def _judge(codebook, target, points, as_of=2023, plans=()):
    catalog = plans[0] if plans else _catalog(target)
    return judge_target(_obs(points, target.indicator), catalog, target, codebook, SETTINGS,
                        as_of, definitions=None, plans=plans)


KON_TUM_LIKE = [(2021, 62.0), (2022, 63.0), (2023, 63.69)]


def test_needed_by_the_deadline_beside_the_recent_pace(codebook):
    """> 65 % by 2030 from 63.69 % in 2023: (65 - 63.69) / 7 points a year. The pace is the
    random walk's drift over the window: (63.69 - 62.0) / 2."""
    row = _judge(codebook, _target(), KON_TUM_LIKE)
    assert row["needed_basis"] == "deadline"
    assert row["needed_unit"] == "points"
    assert (row["needed_from_value"], row["needed_from_year"]) == (63.69, 2023)
    assert (row["needed_by_year"], row["needed_by_target_id"]) == (2030, None)
    assert row["needed_level"] == 65
    assert row["needed_per_year"] == pytest.approx(1.31 / 7)
    assert row["recent_pace_per_year"] == pytest.approx(1.69 / 2)


def test_a_lower_is_better_target_needs_a_fall(codebook):
    """The farm share of GRDP (lower is better) < 20 % by 2030 from 26 % in 2024: -1 a year."""
    target = _target(indicator="economic_structure_agriculture_forestry_fishery",
                     comparator="<", value=20, unit="% of GDP")
    row = _judge(codebook, target, [(2022, 28.0), (2023, 27.0), (2024, 26.0)], as_of=2024)
    assert row["needed_basis"] == "deadline"
    assert row["needed_per_year"] == pytest.approx(-1.0)
    assert row["recent_pace_per_year"] == pytest.approx(-1.0)


def test_a_compound_indicator_needs_a_compound_rate(codebook):
    """GRDP per capita (growth: compound) from 96.8 in 2023 to > 110 by 2030: the compound
    rate (110 / 96.8)^(1/7) - 1, in % a year, beside a pace of 10 % a year."""
    target = _target(indicator="grdp_per_capita", value=110, unit="million VND/person")
    row = _judge(codebook, target, [(2021, 80.0), (2022, 88.0), (2023, 96.8)])
    assert row["needed_unit"] == "percent"
    assert row["needed_per_year"] == pytest.approx(100 * ((110 / 96.8) ** (1 / 7) - 1))
    assert row["recent_pace_per_year"] == pytest.approx(10.0)


def test_a_compound_indicator_without_a_pace_still_needs_a_compound_rate(codebook):
    """One point, no pace: the codebook's growth form decides (110 / 100 over 10 years)."""
    target = _target(indicator="grdp_per_capita", value=110, unit="million VND/person")
    row = _judge(codebook, target, [(2020, 100.0)], as_of=2020)
    assert row["recent_pace_per_year"] is None
    assert row["needed_unit"] == "percent"
    assert row["needed_per_year"] == pytest.approx(100 * (1.1 ** 0.1 - 1))


def test_a_range_counts_from_its_less_ambitious_end_less_its_tolerance(codebook):
    """About 8-10 m² (tolerance 0.05): met from 7.6; from 6.6 in 2023, +1 m² over 2023-2030
    is 1/7 a year. A range needs no more than its less ambitious end."""
    target = _target(indicator="urban_green_area_per_capita", comparator="range", value=None,
                     low=8, high=10, tolerance=0.05, unit="m2/person")
    row = _judge(codebook, target, [(2022, 6.4), (2023, 6.6)])
    assert row["needed_level"] == pytest.approx(7.6)
    assert row["needed_per_year"] == pytest.approx(1.0 / 7)


def test_a_met_target_needs_nothing_and_a_held_one_no_change(codebook):
    reach = _judge(codebook, _target(comparator=">=", value=42),
                   [(2023, 41.9), (2024, 42.03)], as_of=2024)
    assert reach["status_outlook"] == "achieved"
    assert reach["needed_basis"] == "met" and reach["needed_per_year"] is None
    hold = _judge(codebook, _target(comparator="=", value=42, wording_en="stable at 42%"),
                  [(2023, 41.9), (2024, 42.03)], as_of=2024)
    assert hold["status_outlook"] == "holding"
    assert (hold["needed_basis"], hold["needed_per_year"], hold["needed_by_year"]) == (
        "hold", 0.0, 2030)


def test_a_hold_missed_needs_the_change_back_to_its_level(codebook):
    """Stable at 42-43 % (a range to hold), 41.3 % in 2023: +0.7 over seven years."""
    target = _target(comparator="=", value=None, low=42, high=43)
    row = _judge(codebook, target, [(2022, 41.0), (2023, 41.3)])
    assert row["needed_basis"] == "deadline"
    assert row["needed_per_year"] == pytest.approx(0.1)


def test_an_expired_target_takes_a_later_plans_deadline(codebook):
    """> 65 % by 2020, missed; a later plan of the same entity sets forest cover for 2030
    (and another for 2022, also passed by 2023, is skipped): the 2020 level by 2030."""
    old = _target(id="old", target_year=2020)
    passed = _target(id="mid", value=64, target_year=2022)
    later = _target(id="new", comparator=">=", value=70, target_year=2030)
    plans = (_catalog(old), _catalog(passed, name="q"), _catalog(later, name="r"))
    row = _judge(codebook, old, KON_TUM_LIKE, plans=plans)
    assert row["deadline_passed"] and row["verdict"] == "not met"
    assert (row["needed_basis"], row["needed_by_year"], row["needed_by_target_id"]) == (
        "later_target", 2030, "new")
    assert row["needed_per_year"] == pytest.approx(1.31 / 7)
    alone = _judge(codebook, old, KON_TUM_LIKE)
    assert alone["needed_basis"] == "past_deadline"
    assert alone["needed_per_year"] is None and alone["needed_by_year"] is None
    assert alone["recent_pace_per_year"] == pytest.approx(1.69 / 2)


def test_project_all_gives_each_target_its_entitys_other_plans(codebook):
    old = _target(id="old", target_year=2020)
    later = _target(id="new", comparator=">=", value=70, target_year=2030)
    other_entity = Catalog(Decision(entity_id="q", number="q", date=dt.date(2021, 1, 1),
                                    issuer="x", title_vi="x", source="x"),
                           (_target(id="elsewhere", target_year=2028),), (), (), Path("q.yml"))
    frame = project_all(_obs(KON_TUM_LIKE), {"p": _catalog(old), "r": _catalog(later, name="r"),
                                             "q": other_entity}, codebook, SETTINGS, 2023)
    rows = frame.set_index("target_id")
    assert rows.loc["old", "needed_by_target_id"] == "new"
    assert rows.loc["new", "needed_basis"] == "deadline"
    assert rows.loc["new", "needed_per_year"] == pytest.approx((70 - 63.69) / 7)


def test_no_value_no_effort(codebook):
    row = _judge(codebook, _target(), [], as_of=2023)
    assert row["needed_basis"] is None and row["needed_per_year"] is None


@given(start=st.floats(1, 1e4), ratio=st.floats(0.2, 5), years=st.integers(1, 40),
       compound=st.booleans())
@example(start=1.0, ratio=1.0000000000000002, years=1, compound=False)  # a target one step short
def test_moving_at_the_needed_rate_reaches_the_target_exactly(start, ratio, years, compound):
    """From the latest value, `years` years at the needed rate land on the level the target
    counts as met from: linearly, or compounded at the rate in % a year."""
    goal = start * ratio
    series = Series(np.array([2000]), np.array([start]), "standard", (1,), ("final",))
    comparator = ">=" if goal > start else "<="
    level = _target(comparator=comparator, value=goal, target_year=2000 + years)
    effort = needed_change(series, level, [Deadline(2000 + years)], hold=False,
                           compound=compound)
    if level.is_met(start):  # as the verdict reads it: 1.0 against 1.0000000000000002 is short
        assert effort.basis == "met"
        return
    assert effort.basis == "deadline" and effort.by_year == 2000 + years
    if compound:
        assert effort.unit == "percent"
        reached = start * (1 + effort.per_year / 100) ** years
    else:
        assert effort.unit == "points"
        reached = start + effort.per_year * years
    assert reached == pytest.approx(goal, rel=1e-9)
