"""The evaluation date (issue 21 items 5-7): deadlines pass with the calendar, a value falls
due with its publication lag, a press figure without a reference year is dated by rule and
never decides a deadline alone, a target set under an earlier definition says so, and an
as-of run is checked and written apart. Every expected number is worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from ggutils.assess.evaluation import (
    as_of_date,
    check_as_of,
    evaluation_date,
    expected_publication,
    inferred_reference_year,
    is_past_due,
    last_past_due_year,
    month_passed,
    month_text,
    published_by,
    published_observations,
)
from ggutils.assess.judge import judge_target
from ggutils.assess.series import DefinitionPeriod, definition_change
from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import project_all
from ggutils.clean.years import infer_years
from ggutils.cli import main
from ggutils.errors import UsageError
from ggutils.io import generated_at
from ggutils.paths import Layout
from ggutils.pipeline.jobs import BriefingJob
from ggutils.pipeline.stages import briefing_stage, project_stage
from ggutils.reference.targets import Catalog, Decision, Target

SETTINGS = TrendSettings()
DEC_7_2026 = dt.date(2026, 12, 7)
# The forest-cover definitions as data/raw/sources.yml gives them (cover_by_year).
HISTORY = {"forest_cover": (
    DefinitionPeriod("official_to_2015", None, 2015, "incl_rubber_specialty"),
    DefinitionPeriod("official_from_2016", 2016, None, "excl_rubber_specialty"))}


def _target(**kw) -> Target:
    base = dict(id="t", indicator="forest_cover", clause="x", wording_vi="đạt trên 65%",
                label_en="x", comparator=">", value=65, unit="%", target_year=2020)
    base.update(kw)
    return Target(**base)


def _catalog(target: Target, decision_year: int = 2013) -> Catalog:
    decision = Decision(entity_id="p", number="1", date=dt.date(decision_year, 7, 16),
                        issuer="x", title_vi="x", source="x")
    return Catalog(decision, (target,), (), (), Path("x"))


def _obs(points, indicator="forest_cover", definition="official_from_2016") -> pd.DataFrame:
    """points: (year, value), (year, value, status) or (year, value, status, definition,
    preferred)."""
    rows = []
    for point in points:
        defaults = (None, None, "final", definition, True)
        year, value, status, defn, preferred = (*point, *defaults[len(point):])
        rows.append({"entity_id": "p", "indicator": indicator, "year": year, "value": value,
                     "preferred": preferred, "status": status, "definition": defn,
                     "source_tier": 1, "source_id": f"src:{year}:{defn}"})
    return pd.DataFrame(rows)


def _judge(codebook, points, target=None, on=DEC_7_2026, definitions=None, **kw) -> dict:
    target = target or _target()
    return judge_target(_obs(points, target.indicator, **kw), _catalog(target), target,
                        codebook, SETTINGS, evaluated_on=on, definitions=definitions)


# --- The calendar --------------------------------------------------------------------------

@pytest.mark.parametrize(("on", "year"), [
    (dt.date(2026, 12, 7), 2025), (dt.date(2020, 12, 31), 2020), (dt.date(2021, 1, 1), 2020),
    (dt.date(2026, 1, 1), 2025)])
def test_the_last_past_due_year_is_the_last_year_ended(on, year):
    assert last_past_due_year(on) == year
    assert is_past_due(year, on) and not is_past_due(year + 1, on)


def test_the_evaluation_date_is_source_date_epochs_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 7, 23, 59,
                                                                tzinfo=dt.UTC).timestamp())))
    assert evaluation_date() == DEC_7_2026 == generated_at().date()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert evaluation_date() == generated_at().date()


@pytest.mark.parametrize(("year", "lag", "month"), [
    (2026, 3, (2027, 3)), (2025, 6, (2026, 6)), (2020, 0, (2020, 12)), (2020, 15, (2022, 3)),
    (2020, None, None)])
def test_a_value_is_published_its_lag_after_the_year(year, lag, month):
    assert expected_publication(year, lag) == month


def test_months_pass_at_their_end():
    assert month_text((2027, 3)) == "03/2027"
    assert not month_passed((2027, 3), dt.date(2027, 3, 31))
    assert month_passed((2027, 3), dt.date(2027, 4, 1))
    assert published_by(2026, 3, dt.date(2027, 3, 1))
    assert not published_by(2026, 3, dt.date(2027, 2, 28))
    assert published_by(2026, None, dt.date(2027, 1, 1))  # unknown lag: when the year ended
    assert not published_by(2026, None, dt.date(2026, 12, 30))


@pytest.mark.parametrize(("published", "lag", "year"), [
    ((2022, 11), 3, 2021),   # Nhân Dân, Nov 2022: the 2022 status is out in March 2023
    ((2023, 3), 3, 2022),    # the month the 2022 status is usually out
    ((2023, 2), 3, 2021),
    ((2024, 7), 6, 2023)])   # a yearbook figure, July 2024: the 2023 yearbook is out
def test_an_undated_figure_measures_the_last_period_published(published, lag, year):
    assert inferred_reference_year(published, lag) == year


# --- Deadlines and publication --------------------------------------------------------------

def test_a_deadline_before_the_evaluation_year_is_never_not_yet_due(codebook):
    """Data up to 2024, evaluated on 7 Dec 2026: a 2025 target has passed its deadline."""
    row = _judge(codebook, [(2022, 60), (2023, 61), (2024, 62)], _target(target_year=2025))
    assert row["deadline_passed"] and row["verdict_deadline"] != "not yet due"
    assert row["evaluation_date"] == "2026-12-07" and row["data_cutoff"] == 2024
    ahead = _judge(codebook, [(2022, 60)], _target(target_year=2026))
    assert not ahead["deadline_passed"] and ahead["verdict_deadline"] == "not yet due"


def test_no_value_yet_is_not_verifiable_yet_until_its_month_has_passed(codebook):
    """Forest cover (lag 3 months in the codebook): the 2025 value is out by March 2026."""
    assert codebook["forest_cover"].publication_lag_months == 3
    target = _target(target_year=2025)
    early = _judge(codebook, [(2022, 60), (2023, 61)], target, on=dt.date(2026, 2, 10))
    assert (early["verdict_deadline"], early["verdict"]) == ("not verifiable yet",) * 2
    assert early["expected_by"] == "03/2026"
    late = _judge(codebook, [(2022, 60), (2023, 61)], target, on=dt.date(2026, 4, 1))
    assert late["verdict_deadline"] == "not verifiable" and late["expected_by"] == "03/2026"
    assert "usually published by 03/2026" in late["notes"]


def test_an_unknown_lag_gives_plain_not_verifiable(codebook):
    indicator = next(i for i, ind in codebook.indicators.items()
                     if ind.publication_lag_months is None and ind.unit == "%"
                     and ind.better == "higher")
    row = _judge(codebook, [(2021, 40)], _target(indicator=indicator, target_year=2025),
                 on=dt.date(2026, 1, 2))
    assert row["verdict_deadline"] == "not verifiable" and pd.isna(row["expected_by"])
    assert "publication lag unknown" in row["notes"]


# --- A year inferred never decides a deadline alone -------------------------------------------

def test_a_year_inferred_value_is_only_an_indication_at_the_deadline(codebook):
    """Kon Tum's case by hand: 63.12 dated 2021 by rule, 63.69 in 2023, > 65 by 2020. The
    2021 value lies in the deadline window but cannot decide it."""
    row = _judge(codebook, [(2021, 63.12, "year_inferred"), (2023, 63.69)])
    assert row["verdict_deadline"] == "not verifiable"
    assert "indication only: 63.12 in 2021 (year inferred) would miss the target" in row["notes"]
    assert row["verdict_since"] in ("not yet met", "not at the current pace")
    dated = _judge(codebook, [(2021, 63.12), (2023, 63.69)])
    assert dated["verdict_deadline"] == "not met"  # the same value, its year stated


def test_a_year_inferred_value_meeting_the_target_later_is_unconfirmed(codebook):
    row = _judge(codebook, [(2022, 51.87, "year_inferred")], _target(value=50))
    assert row["verdict"] == "met later, unconfirmed"
    assert row["unconfirmed_reason"] == "year_inferred"


def test_infer_years_dates_by_publication_and_keeps_the_printed_year(codebook):
    from ggutils.clean.rules import RULES_FILE, load_rules

    rules = load_rules(Path(codebook.path).parent / RULES_FILE)
    obs = pd.DataFrame({
        "indicator": ["forest_cover", "forest_cover", "forest_cover", "income_per_capita"],
        "year": [2022, 2022, 2023, 2022], "value": [63.12, 63.12, 51.87, 40.0],
        "status": pd.Categorical(["year_uncertain", "final", "year_uncertain",
                                  "year_uncertain"]),
        "source_id": ["news:1", "news:1", "news:2", "news:1"]})
    out = infer_years(obs, {"news:1": (2022, 11)}, codebook, rules)
    assert out["year"].tolist() == [2021, 2022, 2023, 2022]
    assert out["status"].astype(str).tolist() == ["year_inferred", "final", "year_uncertain",
                                                  "year_uncertain"]  # no month; no lag
    assert out["year_as_printed"].tolist()[0] == 2022
    assert out["year_as_printed"].isna().tolist() == [False, True, True, True]
    assert out["value"].tolist() == obs["value"].tolist()


def test_the_shipped_kon_tum_figure_of_november_2022_is_dated_2021(cleaned):
    obs = cleaned.observations
    row = obs[(obs["entity_id"] == "kon-tum") & (obs["indicator"] == "forest_cover")
              & (obs["value"] == 63.12)].iloc[0]
    assert (int(row["year"]), row["status"], int(row["year_as_printed"])) == (
        2021, "year_inferred", 2022)


# --- Definitions disclosed --------------------------------------------------------------------

def test_a_target_set_under_the_earlier_definition_says_so_with_both_values(codebook):
    points = [(2018, 62.25, "final", "incl_rubber_specialty", True),
              (2018, 58.6, "final", "excl_rubber_specialty", False),
              (2022, 63.0), (2023, 63.69)]
    row = _judge(codebook, points, definitions=HISTORY)
    assert row["definition"] == "official_from_2016"
    assert row["target_definition"] == "official_to_2015"
    assert (row["definition_compared_year"], row["definition_value_then"],
            row["definition_value_now"]) == (2018, 62.25, 58.6)
    assert "target set in 2013 under official_to_2015, judged on official_from_2016 " \
           "(2018: 62.25 vs 58.6)" in row["notes"]


def test_a_target_set_under_the_current_definition_has_no_note(codebook):
    target = _target(target_year=2030)
    row = judge_target(_obs([(2022, 63.0), (2023, 63.69)]), _catalog(target, 2021), target,
                       codebook, SETTINGS, evaluated_on=DEC_7_2026, definitions=HISTORY)
    assert row["target_definition"] == "official_from_2016"
    assert pd.isna(row["definition_compared_year"]) and "target set in" not in (
        row["notes"] or "")


def test_definition_change_without_a_common_year_has_no_size():
    change = definition_change(_obs([(2022, 63.0)]), "p", "forest_cover", 2012,
                               "official_from_2016", HISTORY)
    assert (change.set_under, change.year, change.value_then) == ("official_to_2015", None,
                                                                  None)
    assert definition_change(_obs([(2022, 63.0)]), "p", "forest_cover", 2012,
                             "official_from_2016", {}) is None


# --- As-of runs ----------------------------------------------------------------------------

def test_as_of_must_lie_between_the_earliest_decision_and_this_year():
    assert check_as_of(2020, [2013, 2012], dt.date(2026, 12, 7)) == 2020
    for year in (2011, 2027):
        with pytest.raises(UsageError, match=f"--as-of {year}: must lie between 2012"):
            check_as_of(year, [2013, 2012], dt.date(2026, 12, 7))


def test_as_of_keeps_only_what_was_published_by_31_december(codebook):
    """As of 2020: forest cover (lag 3) up to 2019, a value without a lag up to 2020."""
    obs = pd.DataFrame({"indicator": ["forest_cover"] * 3 + ["income_per_capita"] * 2,
                        "year": [2019, 2020, 2021, 2020, 2021]})
    kept = published_observations(obs, codebook, as_of_date(2020))
    assert list(zip(kept["indicator"], kept["year"], strict=True)) == [
        ("forest_cover", 2019), ("income_per_capita", 2020)]


def test_as_of_judges_as_on_31_december(codebook):
    """A 2020 target as of 2020 is past due, its value not out until March 2021 (nothing
    in the window 2019-2021)."""
    target = _target()
    row = judge_target(_obs([(2017, 60), (2018, 61)]), _catalog(target), target, codebook,
                       SETTINGS, as_of=2020)
    assert row["evaluation_date"] == "2020-12-31" and row["deadline_passed"]
    assert (row["verdict_deadline"], row["expected_by"]) == ("not verifiable yet", "03/2021")
    trajectories = project_all(_obs([(2018, 60)]), {"c": _catalog(target)}, codebook,
                               SETTINGS, as_of=2019)
    assert not trajectories.loc[0, "deadline_passed"]


def test_an_as_of_run_writes_a_folder_of_its_own(tmp_path):
    paths = Layout(data=tmp_path / "data", reports=tmp_path / "reports")
    job = BriefingJob("kon-tum", "en", paths, as_of=2020)
    assert job.html == paths.reports / "as-of-2020" / "en" / "kon-tum.html"
    assert job.executed == paths.reports / "as-of-2020" / "notebooks" / "en" / "kon-tum.ipynb"
    current = BriefingJob("kon-tum", "en", paths)
    assert current.html == paths.reports / "en" / "kon-tum.html"
    outputs = briefing_stage(paths, "kon-tum", "en", as_of=2020).outputs
    assert all("as-of-2020" in p.parts for p in outputs)
    assert not set(outputs) & set(briefing_stage(paths, "kon-tum", "en").outputs)


@pytest.mark.parametrize("year", ["1999", "2999"])
def test_the_cli_refuses_an_as_of_outside_the_range(tiny_data, tmp_path, capsys, year):
    status = main(["--data", str(tiny_data), "--reports", str(tmp_path / "r"), "briefings",
                   "--as-of", year, "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1
    assert err[0].startswith(f"ggutils: error: --as-of {year}: must lie between")
    assert not (tmp_path / "r").exists()


def test_the_project_stage_hash_includes_the_evaluation_date(tmp_path, monkeypatch):
    paths = Layout(data=tmp_path / "data", reports=tmp_path / "reports")
    (paths.data / "processed").mkdir(parents=True)
    hashes = []
    for day in (dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 7)):
        stamp = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(stamp)))
        hashes.append(project_stage(paths).inputs)
    assert hashes[0] != hashes[1] and hashes[0] == hashes[2]
