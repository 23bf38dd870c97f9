"""Verdicts: every code of the vocabulary from a hand-built series, with the deadline before
and after the data cut-off, the evidence gate, and the three reproduced defects."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ggutils.assess.judge import judge_target
from ggutils.assess.settings import TrendSettings
from ggutils.assess.verdicts import VOCABULARY, categorize
from ggutils.reference.indicators import Codebook, Indicator
from ggutils.reference.messages import LANGUAGES, load_messages
from ggutils.reference.targets import Catalog, Decision, Target

SETTINGS = TrendSettings()
MESSAGES = Path(__file__).resolve().parents[2] / "data" / "reference" / "messages.yml"


def _target(**kw) -> Target:
    base = dict(id="t", indicator="forest_cover", clause="x", wording_vi="x", label_en="x",
                comparator=">", value=50, unit="%", target_year=2020)
    base.update(kw)
    return Target(**base)


def _obs(points, indicator="forest_cover") -> pd.DataFrame:
    """points: (year, value) or (year, value, status, tier)."""
    rows = []
    for point in points:
        year, value, status, tier = (*point, "final", 1)[:4] if len(point) == 2 else point
        rows.append({"entity_id": "p", "indicator": indicator, "year": year, "value": value,
                     "preferred": True, "status": status, "definition": "standard",
                     "source_tier": tier, "source_id": f"src:{year}"})
    return pd.DataFrame(rows)


def judge(codebook, points, target=None, decision_year=2012, as_of=None) -> dict:
    target = target or _target()
    decision = Decision(entity_id="p", number="1", date=dt.date(decision_year, 1, 1),
                        issuer="x", title_vi="x", source="x")
    catalog = Catalog(decision, (target,), (), (), Path("x"))
    return judge_target(_obs(points, target.indicator), catalog, target, codebook, SETTINGS,
                        as_of)


# --- Deadline passed: at the deadline and since -----------------------------------------------

@pytest.mark.parametrize(("points", "deadline", "since", "met_year"), [
    ([(2018, 45), (2020, 51), (2022, 52)], "met", "still met", 2020),
    ([(2018, 45), (2020, 51), (2022, 52, "preliminary", 1)], "met", "still met, unconfirmed",
     2020),
    ([(2018, 45), (2020, 48)], "not met", "no data since", None),
    ([(2014, 45), (2016, 46)], "not verifiable", "no data since", None),
    ([(2020, 48), (2022, 49), (2023, 51)], "not met", "met later", 2023),
    ([(2019, 48), (2022, 51, "preliminary", 1), (2023, 52)], "not met", "met later", 2023),
    ([(2020, 48), (2023, 51, "year_uncertain", 2)], "not met", "met later, unconfirmed", 2023),
    ([(2020, 51), (2022, 49)], "met", "no longer met", 2020),
    ([(2021, 48), (2022, 47), (2023, 46)], "not met", "not at the current pace", None),
    ([(2021, 48), (2022, 48), (2023, 48)], "not met", "not at the current pace", None),
])
def test_verdicts_after_the_deadline(codebook, points, deadline, since, met_year):
    row = judge(codebook, points, as_of=2024)
    assert row["deadline_passed"] and row["data_cutoff"] == 2024
    assert (row["verdict_deadline"], row["verdict_since"]) == (deadline, since)
    assert row["met_year"] == met_year
    assert row["status_outlook"] is None


@pytest.mark.parametrize(("status", "tier", "reasons"), [
    ("year_uncertain", 1, "year_uncertain"),
    ("preliminary", 1, "preliminary"),
    ("estimate", 2, "estimate"),
    ("final", 3, "secondary_source"),
    ("preliminary", 3, "preliminary,secondary_source"),
])
def test_evidence_gates_met_at_the_deadline(codebook, status, tier, reasons):
    row = judge(codebook, [(2018, 45), (2020, 51, status, tier)], as_of=2024)
    assert row["verdict_deadline"] == "met, unconfirmed" == row["verdict"]
    assert (row["met_year"], row["unconfirmed_reason"]) == (2020, reasons)


def test_gate_thresholds_are_settings(codebook):
    target = _target()
    decision = Decision(entity_id="p", number="1", date=dt.date(2012, 1, 1), issuer="x",
                        title_vi="x", source="x")
    catalog = Catalog(decision, (target,), (), (), Path("x"))
    obs = _obs([(2018, 45), (2020, 51, "final", 3)])
    lenient = TrendSettings(confirm_max_tier=3)
    assert judge_target(obs, catalog, target, codebook, lenient, 2024)["verdict"] == "met"
    assert judge_target(obs, catalog, target, codebook, SETTINGS, 2024)["verdict"] == \
        "met, unconfirmed"


def test_not_yet_met_gives_the_crossing_year_of_the_endpoint_pace(codebook):
    """63.12 (2022) and 63.69 (2023): +0.57 a year passes 65 in 2026 (64.83 in 2025)."""
    row = judge(codebook, [(2022, 63.12, "year_uncertain", 2), (2023, 63.69)],
                target=_target(value=65), as_of=2024)
    assert (row["verdict_deadline"], row["verdict_since"]) == ("not verifiable", "not yet met")
    assert row["crossing_year"] == 2026
    assert row["crossing_year_low80"] is None  # two points: no interval


def test_crossing_year_with_its_80_percent_interval(codebook):
    """A 6-point series rising about 1 a year from 40: the current pace (a random walk with
    drift, docs/methodology.md §4) goes from the last value 45.1 by the mean yearly change
    (45.1 - 40)/5 = 1.02, so it first passes 50 in 2028 (45.1 + 5 x 1.02); the 80 % band's
    edges give an earlier and a later year."""
    points = [(2018, 40.0), (2019, 41.3), (2020, 41.8), (2021, 43.2), (2022, 43.9),
              (2023, 45.1)]
    row = judge(codebook, points, as_of=2024)
    assert (row["model"], row["verdict_since"]) == ("linear", "not yet met")
    expected = next(y for y in range(2024, 2100) if 45.1 + (45.1 - 40) / 5 * (y - 2023) > 50)
    assert expected == 2028
    low, year, high = row["crossing_year_low80"], row["crossing_year"], row["crossing_year_high80"]
    assert year == expected
    assert low is not None and high is not None and low <= year <= high and low < high


def test_no_data_at_all(codebook):
    target = _target()
    decision = Decision(entity_id="p", number="1", date=dt.date(2012, 1, 1), issuer="x",
                        title_vi="x", source="x")
    catalog = Catalog(decision, (target,), (), (), Path("x"))
    empty = _obs([(2024, 10)], indicator="forest_area")  # another indicator only
    row = judge_target(empty, catalog, target, codebook, SETTINGS)
    assert row["data_cutoff"] == 2024 and row["deadline_passed"]
    assert (row["verdict"], row["verdict_since"]) == ("not verifiable", "no data since")


# --- Deadline ahead: the outlook ----------------------------------------------------------------

@pytest.mark.parametrize(("points", "outlook"), [
    ([(2015, 40), (2020, 51)], "achieved"),
    ([(2015, 40), (2020, 51, "final", 3)], "achieved, unconfirmed"),
    ([(2010, 30), (2015, 35), (2020, 40)], "on track"),        # needs 20/18; does 1
    ([(2012, 30), (2020, 36)], "acceleration needed"),          # R = 0.75/1.111 = 0.675
    ([(2012, 30), (2020, 32)], "limited progress"),
    ([(2012, 30), (2020, 28)], "deterioration"),
    ([(2020, 40)], "insufficient data"),
])
def test_outlook_while_the_deadline_is_ahead(codebook, points, outlook):
    row = judge(codebook, points, target=_target(target_year=2030))
    assert not row["deadline_passed"] and row["verdict_deadline"] == "not yet due"
    assert row["status_outlook"] == outlook == row["verdict"]
    assert row["verdict_since"] is None


# --- A level to hold ('='): "holding", not "achieved", before its deadline ---------------------

HOLD_42 = dict(comparator="=", value=42, target_year=2030, wording_en="stable at 42%")


@pytest.mark.parametrize(("points", "outlook", "met_year"), [
    ([(2016, 41.19), (2020, 42.01), (2024, 42.03)], "holding", 2024),
    ([(2016, 41.19), (2020, 42.01), (2024, 42.03, "preliminary", 1)], "holding, unconfirmed",
     2024),
    ([(2016, 41.19), (2020, 42.01), (2024, 45.0)], "holding", 2024),   # beyond it: still held
    ([(2016, 42.5), (2020, 42.2), (2024, 41.5)], "deterioration", None),  # dropped below
])
def test_a_hold_met_before_its_deadline_reads_holding(codebook, points, outlook, met_year):
    row = judge(codebook, points, target=_target(**HOLD_42))
    assert (row["status_outlook"], row["verdict"], row["met_year"]) == (
        outlook, outlook, met_year)


def test_a_hold_that_drops_below_after_its_deadline_is_no_longer_met(codebook):
    """Held at the 2020 deadline (42.2 against 42), below it since (41.8 in 2023)."""
    row = judge(codebook, [(2019, 41.0), (2020, 42.2), (2023, 41.8)],
                target=_target(**{**HOLD_42, "target_year": 2020}), as_of=2024)
    assert (row["verdict_deadline"], row["verdict_since"], row["met_year"]) == (
        "met", "no longer met", 2020)


def test_a_reach_met_before_its_deadline_still_reads_achieved(codebook):
    row = judge(codebook, [(2016, 41.19), (2020, 42.01), (2024, 42.03)],
                target=_target(**{**HOLD_42, "comparator": ">="}))
    assert row["status_outlook"] == "achieved"


HOLD_42_43 = dict(comparator="=", value=None, low=42, high=43, target_year=2030,
                  wording_en="Forest coverage will be stabilized at 42% – 43%;")


@pytest.mark.parametrize(("last", "outlook"), [
    (42.03, "holding"), (42.9, "holding"), (44.0, "holding"),   # beyond it in the good direction
    (41.5, "deterioration"),
])
def test_a_range_to_hold_reads_holding_inside_it(codebook, last, outlook):
    """1658/QĐ-TTg's "ổn định 42–43 %" (issue 21): a range to hold ('=' with low and high) is
    held from its less ambitious end, and reads holding, not achieved, before 2030; the same
    numbers as a plain range read achieved."""
    points = [(2016, 42.5), (2020, 42.2), (2024, last)]
    assert judge(codebook, points, target=_target(**HOLD_42_43))["status_outlook"] == outlook
    plain = _target(**{**HOLD_42_43, "comparator": "range"})
    if outlook == "holding":
        assert judge(codebook, points, target=plain)["status_outlook"] == "achieved"


@pytest.mark.parametrize(("fields", "message"), [
    (dict(comparator="=", value=None, low=42, high=None), "'=' needs value, or low and high"),
    (dict(comparator="=", value=42, low=42, high=43), "needs value (and no low/high)"),
    (dict(comparator="=", value=None, low=43, high=42), "range low 43 is above high 42"),
])
def test_a_range_to_hold_needs_both_ends_and_no_value(fields, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        _target(**{**HOLD_42_43, **fields})


def test_the_shipped_stable_range_of_1658_is_a_range_to_hold(catalogs):
    target = catalogs["vn--1658-2021"].target("vn1658-forest-cover-2030-iki")
    assert (target.comparator, target.low, target.high, target.is_range) == ("=", 42, 43, True)


def test_a_hold_on_a_lower_is_better_indicator(small_units):
    """'=' 10 where lower is better: 9 holds it, 11 does not."""
    target = _target(indicator="small", comparator="=", value=10, target_year=2030,
                     wording_vi="duy trì dưới mức 10")
    assert judge(small_units, [(2015, 12), (2020, 9)], target=target,
                 decision_year=2015)["status_outlook"] == "holding"
    assert judge(small_units, [(2015, 9), (2020, 11)], target=target,
                 decision_year=2015)["status_outlook"] == "deterioration"


def test_the_same_series_flips_when_the_cutoff_passes_the_deadline(codebook):
    points = [(2014, 40), (2016, 44), (2018, 48)]
    ahead = judge(codebook, points, as_of=2019)
    passed = judge(codebook, points, as_of=2021)
    assert (ahead["verdict_deadline"], ahead["status_outlook"]) == ("not yet due", "on track")
    assert (passed["verdict_deadline"], passed["verdict_since"]) == (
        "not verifiable", "no data since")


# --- The three reproduced defects ----------------------------------------------------------------

LOWER = Indicator(id="small", name_vi="x", name_en="x", unit="%", lower=None, upper=None,
                  better="lower")


@pytest.fixture(scope="module")
def small_units(codebook) -> Codebook:
    """The shipped units with one unbounded 'better: lower' indicator."""
    return Codebook({"small": LOWER}, codebook.units, codebook.path)


def _lower_target(value: float, year: int = 2030) -> Target:
    return _target(indicator="small", comparator="<=", value=value, target_year=year)


def test_defect_a_small_units_are_judged_as_the_same_series_scaled_up(small_units):
    small = judge(small_units, [(2015, 5e-10), (2020, 3e-10)], target=_lower_target(2e-10),
                  decision_year=2015)
    plain = judge(small_units, [(2015, 5), (2020, 3)], target=_lower_target(2),
                  decision_year=2015)
    assert plain["status_outlook"] == small["status_outlook"] == "on track"
    assert small["progress_ratio"] == pytest.approx(2) == plain["progress_ratio"]


@settings(deadline=None)   # two judgements with fits: their time is the machine's load
@given(values=st.lists(st.integers(1, 200), min_size=2, max_size=5),
       target=st.integers(1, 200), k=st.integers(-12, 6))
def test_property_rescaling_never_changes_the_category(small_units, values, target, k):
    years = [2015 + 2 * i for i in range(len(values))]
    factor = 10.0 ** k
    plain = judge(small_units, list(zip(years, values, strict=True)), target=_lower_target(target),
                  decision_year=2015)
    scaled = judge(small_units, [(y, v * factor) for y, v in zip(years, values, strict=True)],
                   target=_lower_target(target * factor), decision_year=2015)
    assert scaled["status_outlook"] == plain["status_outlook"]
    # what it would take scales with the data (issue 24)
    assert scaled["needed_basis"] == plain["needed_basis"]
    if plain["needed_per_year"] is not None:
        assert scaled["needed_per_year"] == pytest.approx(plain["needed_per_year"] * factor)


def test_defect_b_a_missing_value_never_becomes_a_category(codebook):
    target = _target(comparator=">=", value=100, target_year=2030)
    row = judge(codebook, [(2015, 50), (2017, float("nan")), (2020, 45)], target=target)
    assert row["n_points"] == 2 and "1 missing value(s) left out" in row["notes"]
    assert row["status_outlook"] == "deterioration"
    with pytest.raises(ValueError, match="NaN"):
        categorize(float("nan"), None, SETTINGS)
    with pytest.raises(ValueError, match="NaN"):
        categorize(None, float("nan"), SETTINGS)


def test_defect_c_met_at_the_baseline_then_missed_reads_as_moving_away(small_units):
    row = judge(small_units, [(2012, 16), (2015, 8), (2020, 12)], target=_lower_target(10),
                decision_year=2015)
    assert row["slope_per_year"] < 0  # the fitted slope alone points the right way
    assert row["status_outlook"] == "deterioration"


# --- The vocabulary is defined once, in both languages -------------------------------------------

def test_every_verdict_has_a_meaning_and_a_label_in_both_languages(codebook):
    codes = set().union(*VOCABULARY.values())
    assert set(codebook.verdicts) == codes
    for column, values in VOCABULARY.items():
        for code in values:
            assert column in codebook.verdicts[code].columns
    for lang in LANGUAGES:
        msgs = load_messages(MESSAGES, lang)
        assert all(msgs.status(code) for code in codes)
        for reason in ("year_uncertain", "preliminary", "estimate", "secondary_source"):
            assert msgs(f"reason_{reason}")
