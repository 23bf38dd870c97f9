"""What it would take, on the page (issue 24 item 3): `effort_text`'s sentence in both
languages from trajectories judged on tiny SYNTHETIC series; and the goal wording of issue
21's left-overs ("about 95 %", a range to hold)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import project_all
from ggutils.brief.data import BriefingData
from ggutils.brief.effort import effort_text
from ggutils.brief.localize import Localizer
from ggutils.paths import Layout
from ggutils.reference.messages import load_messages
from ggutils.reference.targets import Catalog, Decision, Target
from tests.conftest import DATA

MESSAGES = DATA / "reference" / "messages.yml"


def _target(tid="cover", **fields) -> Target:
    return Target(**{"id": tid, "indicator": "forest_cover", "clause": "x", "wording_vi": "x",
                     "label_en": "x", "unit": "%", "comparator": ">", "value": 65,
                     "target_year": 2030, **fields})


def _plan(number, *targets) -> Catalog:
    decision = Decision(entity_id="p", number=number, date=dt.date(2013, 1, 1), issuer="x",
                        title_vi="x", source="x")
    return Catalog(decision, targets, (), (), Path(f"p--{number.split('/')[0]}.yml"))


def _obs(points, indicator="forest_cover") -> list[dict]:
    return [{"entity_id": "p", "indicator": indicator, "year": y, "value": v,
             "preferred": True, "status": "final", "definition": "standard",
             "source_tier": 1, "source_id": "s1"} for y, v in points]


def _texts(register, codebook, plans, obs, as_of=2023) -> dict[str, dict[str, str]]:
    """effort_text of every target, by language and target id."""
    catalogs = {plan.plan_id: plan for plan in plans}
    trajectories = project_all(pd.DataFrame(obs), catalogs, codebook, TrendSettings(), as_of)
    texts: dict[str, dict[str, str]] = {}
    for lang in ("en", "vi"):
        b = BriefingData(Layout(data=DATA), "p", list(plans), codebook, register,
                         pd.DataFrame(obs), pd.DataFrame({"source_id": ["s1"]}), trajectories,
                         load_messages(MESSAGES, lang), as_of, TrendSettings(), {})
        texts[lang] = {t.id: effort_text(b, b.row(t)) for plan in plans for t in plan.targets}
    return texts


FOREST = [(2021, 62.09), (2022, 63.0), (2023, 63.69)]


def test_needs_a_yearly_change_by_the_deadline_beside_the_pace(register, codebook):
    """(65 - 63.69) / 7 = 0.187 points a year; the pace (63.69 - 62.09) / 2 = 0.8."""
    texts = _texts(register, codebook, [_plan("1/QĐ", _target())], _obs(FOREST))
    assert texts["en"]["cover"] == ("needs +0.19 points a year from 63.69 % (2023) to reach it "
                                    "by 2030; the recent pace is +0.80")
    assert texts["vi"]["cover"] == ("cần tăng 0,19 điểm phần trăm mỗi năm từ 63,69 % (2023) để "
                                    "đạt vào năm 2030; tốc độ gần đây là +0,80")


def test_a_compound_indicator_in_percent_a_year(register, codebook):
    """(110 / 96.8)^(1/7) - 1 = 1.84 % a year, beside a pace of 10 % a year."""
    target = _target("gdp", indicator="grdp_per_capita", value=110, unit="million VND/person")
    texts = _texts(register, codebook, [_plan("1/QĐ", target)],
                   _obs([(2021, 80.0), (2022, 88.0), (2023, 96.8)], "grdp_per_capita"))
    assert texts["en"]["gdp"] == ("needs +1.8 % a year from 96.80 million VND/person (2023) to "
                                  "reach it by 2030; the recent pace is +10.0")
    assert texts["vi"]["gdp"] == ("cần tăng 1,8 % mỗi năm từ 96,80 triệu đồng/người (2023) để "
                                  "đạt vào năm 2030; tốc độ gần đây là +10,0")


def test_a_fall_where_lower_is_better(register, codebook):
    indicator = "economic_structure_agriculture_forestry_fishery"
    target = _target("farm", indicator=indicator, comparator="<", value=20, unit="% of GDP")
    texts = _texts(register, codebook, [_plan("1/QĐ", target)],
                   _obs([(2022, 28.0), (2023, 27.0), (2024, 26.0)], indicator), as_of=2024)
    assert texts["en"]["farm"] == ("needs -1.00 points a year from 26.00 % of GDP (2024) to "
                                   "reach it by 2030; the recent pace is -1.00")
    assert texts["vi"]["farm"].startswith("cần giảm 1,00 điểm phần trăm mỗi năm từ 26,00 % GDP "
                                          "(2024) để đạt vào năm 2030")


def test_an_expired_target_by_a_later_plans_deadline_or_none(register, codebook):
    old = _plan("514/QĐ-UBND", _target("old", target_year=2020))
    later = _plan("1448/KH-UBND", _target("new", comparator=">=", value=70))
    texts = _texts(register, codebook, [old, later], _obs(FOREST))
    assert texts["en"]["old"] == ("needs +0.19 points a year from 63.69 % (2023) to reach it "
                                  "by 2030 (the deadline 1448/KH-UBND sets); the recent pace "
                                  "is +0.80")
    assert "để đạt vào năm 2030 (thời hạn do 1448/KH-UBND đặt ra)" in texts["vi"]["old"]
    alone = _texts(register, codebook, [old], _obs(FOREST))
    assert alone["en"]["old"] == ("the 2020 deadline has passed and no later plan sets a new one "
                                  "for this indicator, so no yearly change is given; the recent "
                                  "pace is +0.80 points a year")
    assert alone["vi"]["old"].startswith("đã quá hạn năm 2020 và chưa có kế hoạch nào sau đó")
    assert alone["vi"]["old"].endswith("; tốc độ gần đây là +0,80 điểm phần trăm mỗi năm")


def test_a_compound_pace_past_its_deadline_in_percent_a_year(register, codebook):
    """Nothing is needed, so the pace names its unit: the model's compound 10 % a year."""
    target = _target("gdp", indicator="grdp_per_capita", value=110, unit="million VND/person",
                     target_year=2020)
    texts = _texts(register, codebook, [_plan("1/QĐ", target)],
                   _obs([(2021, 80.0), (2022, 88.0), (2023, 96.8)], "grdp_per_capita"))
    assert texts["en"]["gdp"].endswith("so no yearly change is given; the recent pace is "
                                       "+10.0 % a year")
    assert texts["vi"]["gdp"].endswith("; tốc độ gần đây là +10,0 % mỗi năm")


def test_met_held_flat_tiny_and_no_value(register, codebook):
    plan = _plan("1/QĐ", _target("reach", comparator=">=", value=42),
                 _target("hold", comparator="=", value=42, wording_en="stable at 42%"),
                 _target("green", indicator="urban_green_area_per_capita", value=8,
                         unit="m2/person"))
    texts = _texts(register, codebook, [plan], _obs([(2023, 41.9), (2024, 42.03)]), 2024)
    assert texts["en"]["reach"] == "" and texts["vi"]["reach"] == ""
    assert texts["en"]["hold"] == ("no change needed if held to 2030; the recent pace is +0.13 "
                                   "points a year")
    assert texts["vi"]["hold"] == ("không cần thay đổi nếu giữ được mức này đến năm 2030; tốc "
                                   "độ gần đây là +0,13 điểm phần trăm mỗi năm")
    assert texts["en"]["green"] == ""   # no value
    flat = [(2018, 60.0), (2019, 60.5), (2020, 59.8), (2021, 60.3), (2022, 59.9), (2023, 60.2)]
    tiny = _plan("1/QĐ", _target("flat"), _target("near", value=60.23))
    texts = _texts(register, codebook, [tiny], _obs(flat))
    assert texts["en"]["flat"].endswith("; the recent trend is flat")
    assert texts["vi"]["flat"].endswith("; xu hướng gần đây đi ngang")
    # (60.23 - 60.2) / 7 = 0.0043: more decimals, never "+0.00"
    assert texts["en"]["near"].startswith("needs +0.004 points a year from 60.20 % (2023)")


def test_an_older_trajectories_row_says_nothing(register, codebook):
    b = BriefingData(Layout(data=DATA), "p", [], codebook, register, pd.DataFrame(),
                     pd.DataFrame(), pd.DataFrame(), load_messages(MESSAGES, "en"), 2023,
                     TrendSettings(), {})
    assert effort_text(b, pd.Series({"indicator": "forest_cover", "verdict": "not met"})) == ""


# --- The goal's words (issue 21's left-overs) ----------------------------------------------

@pytest.mark.parametrize(("fields", "en", "vi"), [
    (dict(comparator=">=", value=95, tolerance=0.05), "about 95 %", "khoảng 95 %"),
    (dict(comparator="range", value=None, low=8, high=10, tolerance=0.05, unit="m2/person",
          indicator="urban_green_area_per_capita"), "about 8–10 m²/person", "khoảng 8–10 m²/người"),
    (dict(comparator=">=", value=100, tolerance=0.01), "100 %", "100 %"),   # a 100 % reach
    (dict(comparator="=", value=None, low=42, high=43), "stable at 42–43 %", "ổn định ở 42–43 %"),
    (dict(comparator=">=", value=95), "≥ 95 %", "≥ 95 %"),
])
def test_goal_words(codebook, fields, en, vi):
    target = _target(**fields)
    for lang, text in (("en", en), ("vi", vi)):
        assert Localizer(codebook, lang, load_messages(MESSAGES, lang)).goal(target) == text


def test_a_page_prints_a_comparator_as_its_symbol_a_research_table_as_the_catalog_has_it(
        codebook):
    target = _target(comparator="<=", value=-15)
    assert Localizer(codebook, "vi", load_messages(MESSAGES, "vi")).goal(target) == "≤ -15 %"
    assert Localizer(codebook, "vi").goal(target) == "<= -15 %"


def test_without_a_catalogue_about_keeps_its_comparator(codebook):
    assert Localizer(codebook, "en").goal(_target(comparator=">=", value=95,
                                                  tolerance=0.05)) == ">= 95 %"
