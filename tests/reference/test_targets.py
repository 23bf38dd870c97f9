"""The target catalogs: the decisions' numbers, their words, and every schema error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from ggutils.assess.measures import level_target
from ggutils.assess.series import Series
from ggutils.errors import CatalogError
from ggutils.reference.catalogs import load_catalog, parse_deadline
from ggutils.reference.indicators import Indicator
from ggutils.reference.reading import load_target_reading
from ggutils.reference.targets import Target
from tests.conftest import DATA

DECISIONS = DATA / "raw" / "decisions"


@pytest.mark.parametrize(("target_id", "comparator", "value"), [
    ("lc-forest-cover", ">", 50), ("lc-urban-solid-waste", ">=", 95),
    ("lc-rural-solid-waste", ">=", 75), ("lc-hazardous-waste", ">=", 80),
    ("kt-forest-cover", ">", 65), ("kt-urban-class3-wastewater", ">=", 60),
    ("kt-craft-village-wastewater", ">=", 40), ("kt-new-facilities-cleaner-production", ">=", 90),
])
def test_catalog_holds_the_decisions_numbers(catalogs, target_id, comparator, value):
    province = "lai-chau" if target_id.startswith("lc-") else "kon-tum"
    target = catalogs[province].target(target_id)
    assert (target.comparator, target.value) == (comparator, value)


def test_green_tech_target_is_a_range(catalogs):
    target = catalogs["lai-chau"].target("lc-green-tech-gdp")
    assert (target.comparator, target.low, target.high) == ("range", 42, 45)


def test_target_counts_and_deadlines(catalogs):
    assert len(catalogs["lai-chau"].targets) == 14
    assert len(catalogs["kon-tum"].targets) == 8
    assert len(catalogs["kon-tum"].tasks) == 19
    years = {t.id: t.target_year for t in catalogs["kon-tum"].targets}
    assert years["kt-public-projects-green-standards"] == 2015
    assert years["kt-public-vehicles-emission-standard"] == 2017


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_wording_is_verbatim_in_its_decision(catalogs):
    """Plans read from a decision's text (a plan read from a table names its rows instead)."""
    checked = [c for c in catalogs.values() if c.decision.source]
    assert checked
    for catalog in checked:
        text = _squash((DECISIONS / catalog.decision.source).read_text(encoding="utf-8"))
        for entry in (*catalog.targets, *catalog.drafts, *catalog.monitoring):
            assert _squash(entry.wording_vi) in text, entry.id
        for task in catalog.tasks:
            assert _squash(task.task_vi) in text, task.id


def test_every_implementation_quote_is_verbatim_in_its_decision(catalogs):
    """The agency a decision charges with carrying out its plan is quoted in its words."""
    quoted = [c for c in catalogs.values() if c.decision.implemented_by]
    assert quoted
    for catalog in quoted:
        assert catalog.decision.source, f"{catalog.plan_id}: a quote needs the decision text"
        text = _squash((DECISIONS / catalog.decision.source).read_text(encoding="utf-8"))
        for implementer in catalog.decision.implemented_by:
            assert _squash(implementer.quote) in text, (catalog.plan_id, implementer.agency)


def test_phu_luc_ii_agencies(catalogs):
    target = catalogs["kon-tum"].target("kt-urban-class3-wastewater")
    roles = {(r.agency, r.role) for r in target.responsible}
    assert roles == {("Sở Xây dựng", "lead"), ("Sở Tài nguyên và Môi trường", "partner")}


@pytest.mark.parametrize(("text", "years"), [
    ("Quý II/2013", (2013, 2013)), ("Quý III/2013", (2013, 2013)),
    ("2013-2020", (2013, 2020)), ("2013 - 2015", (2013, 2015)),
    ("Triển khai thực hiện và báo cáo đánh giá vào cuối năm 2015", (2015, 2015)),
    ("KH hàng năm và KH 5 năm 2016-2020", (2016, 2020)), ("hằng năm", (None, None)),
])
def test_parse_deadline(text, years):
    assert parse_deadline(text) == years


# --- How a target's words are read (docs/methodology.md) -------------------------------------

HIGHER = Indicator(id="share", name_vi="x", name_en="x", unit="%", lower=0, upper=100,
                   better="higher")
LOWER = Indicator(id="intensity", name_vi="x", name_en="x", unit="%", lower=None, upper=None,
                  better="lower")
NO_SERIES = Series(np.array([]), np.array([]), "", (), ())


def _target(**kw) -> Target:
    base = dict(id="t", indicator="share", clause="x", wording_vi="x", label_en="x",
                comparator=">=", value=50, unit="%", target_year=2020)
    base.update(kw)
    return Target(**base)


def _met(target: Target, indicator: Indicator, values, series: Series = NO_SERIES) -> list:
    level = level_target(target, indicator, series)
    return [level.is_met(v) for v in values]


@pytest.mark.parametrize(("comparator", "value", "tolerance", "basis", "observed", "met"), [
    (">", 50, 0, "relative", 50.0, False), (">", 50, 0, "relative", 50.01, True),
    (">=", 80, 0, "relative", 80.0, True), (">=", 80, 0, "relative", 79.99, False),
    (">=", 100, 0.01, "relative", 99.0, True), (">=", 100, 0.01, "relative", 98.9, False),
    ("<", 30, 0, "relative", 30.0, False), ("<=", 30, 0, "relative", 30.0, True),
    ("<=", 30, 2, "absolute", 32.0, True), ("<=", 30, 2, "absolute", 32.1, False),
    ("<", 10, 0.1, "relative", 10.99, True), ("<", 10, 0.1, "relative", 11.0, False),
])
def test_is_met_reads_one_sided_comparators_less_their_tolerance(comparator, value, tolerance,
                                                                 basis, observed, met):
    target = _target(comparator=comparator, value=value, tolerance=tolerance,
                     tolerance_basis=basis)
    assert target.is_met(observed) is met


@pytest.mark.parametrize("edit", [
    dict(comparator="="), dict(comparator="range", value=None, low=42, high=45),
    dict(form="change_since_base", base_year=2010, unit="% change"),
])
def test_forms_that_need_the_indicators_direction_are_not_judged_alone(edit):
    with pytest.raises(ValueError, match="level_target"):
        _target(**edit).is_met(50)


def test_a_reach_is_met_at_and_beyond_its_level():
    """"đạt 90%" (reach 90): '>=' 90; met at 90 and at 100, not at 89.9."""
    reach = _target(comparator=">=", value=90, wording_vi="đạt 90%")
    assert _met(reach, HIGHER, [89.9, 90, 95, 100]) == [False, True, True, True]


def test_over_is_strictly_beyond_its_level():
    """"trên 50%" (over 50): '>' 50."""
    over = _target(comparator=">", value=50, wording_vi="trên 50%")
    assert _met(over, HIGHER, [50, 50.01, 80]) == [False, True, True]


def test_about_is_the_level_less_its_tolerance_in_the_good_direction():
    """"khoảng 95%" (about 95), tolerance 5 % of 95 = 4.75: met from 90.25 up, including
    everything above 95; on a lower-is-better indicator "khoảng 20" is met up to 21."""
    about = _target(comparator=">=", value=95, tolerance=0.05, wording_vi="khoảng 95%")
    assert _met(about, HIGHER, [90.2, 90.25, 95, 99, 100]) == [False, True, True, True, True]
    ceiling = _target(indicator="intensity", comparator="<=", value=20, tolerance=0.05)
    assert _met(ceiling, LOWER, [21.01, 21, 20, 5]) == [False, True, True, True]
    absolute = _target(comparator=">=", value=8, tolerance=0.5, tolerance_basis="absolute")
    assert _met(absolute, HIGHER, [7.49, 7.5]) == [False, True]


def test_a_range_is_met_at_its_less_ambitious_end_and_beyond_the_other():
    """42-45 % of GDP (higher is better): met from 42, and still met above 45."""
    ranged = _target(comparator="range", value=None, low=42, high=45)
    assert _met(ranged, HIGHER, [41.9, 42, 43.5, 45, 45.1, 60]) == [
        False, True, True, True, True, True]
    level = level_target(ranged, HIGHER, NO_SERIES)
    assert (level.comparator, level.value, level.low, level.high) == (">=", 42, None, None)


def test_a_reduction_range_is_met_at_its_smaller_cut_and_stays_met_beyond_the_larger():
    """"giảm 8–10 %" from 200 in 2010: the less ambitious cut (8 %) is the level 184; a 10 %
    cut (180) meets it, and so does a 25 % cut (150): overshooting a reduction is no miss."""
    cut = _target(indicator="intensity", comparator="range", value=None, low=-10, high=-8,
                  form="change_since_base", base_year=2010, unit="% change")
    base = Series(np.array([2010]), np.array([200.0]), "x", (1,), ("final",))
    level = level_target(cut, LOWER, base)
    assert (level.comparator, level.value) == ("<=", pytest.approx(184))
    assert _met(cut, LOWER, [184.1, 184, 180, 150], base) == [False, True, True, True]


def test_a_change_targets_tolerance_is_applied_in_its_own_unit():
    """"giảm khoảng 10 %" from 200, tolerance 5 % of the 10-point cut: a 9.5 % cut (181)
    still meets it; the level target carries the 1-point margin as an absolute tolerance."""
    cut = _target(indicator="intensity", comparator="<=", value=-10, tolerance=0.05,
                  form="change_since_base", base_year=2010, unit="% change")
    base = Series(np.array([2010]), np.array([200.0]), "x", (1,), ("final",))
    level = level_target(cut, LOWER, base)
    assert (level.value, level.tolerance, level.tolerance_basis) == (
        pytest.approx(180), pytest.approx(1), "absolute")
    assert _met(cut, LOWER, [181.01, 181, 170], base) == [False, True, True]


def test_a_hold_is_the_level_in_the_good_direction():
    """'=' (giữ / duy trì / ổn định) holds a level: '>=' it when higher is better, '<=' when
    lower is."""
    hold = _target(comparator="=", value=42, wording_en="stable at 42%")
    assert level_target(hold, HIGHER, NO_SERIES).comparator == ">="
    assert _met(hold, HIGHER, [41.99, 42, 43]) == [False, True, True]
    cap = _target(indicator="intensity", comparator="=", value=20, wording_vi="duy trì 20")
    assert _met(cap, LOWER, [20.01, 20, 15]) == [False, True, True]


@pytest.mark.parametrize(("edit", "message"), [
    (dict(comparator="=", form="change_since_base", base_year=2010, unit="% change"),
     "'=' holds a level"),
    (dict(tolerance=-0.1), "greater than or equal to 0"),
    (dict(tolerance=float("nan")), "finite"),
    (dict(tolerance=float("inf")), "finite"),
    (dict(tolerance_basis="percent"), "'relative' or 'absolute'"),
])
def test_the_schema_refuses_bad_holds_and_tolerances(edit, message):
    with pytest.raises(ValueError, match=message):
        _target(**edit)


# --- Schema errors: one message naming file, entry and field --------------------------------

def _broken(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load((DATA / "targets" / "lai-chau.yml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "lai-chau.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _first(data):
    return data["targets"][0]


@pytest.mark.parametrize(("edit", "entry", "field", "words"), [
    (lambda d: _first(d).update(indicator="no_such_indicator"), "lc-green-tech-gdp",
     "indicator", "unknown indicator"),
    (lambda d: d["targets"][11].update(comparator="~"), "lc-forest-cover", "comparator", ">"),
    (lambda d: d["targets"][11].update(value=150), "lc-forest-cover", "value", "bounds"),
    (lambda d: _first(d).update(low=46, high=45), "lc-green-tech-gdp", "-", "low 46"),
    (lambda d: d["targets"][1].update(id="lc-green-tech-gdp"), "lc-green-tech-gdp", "id",
     "duplicate"),
    (lambda d: d["targets"][11].pop("clause"), "lc-forest-cover", "clause", "missing"),
    (lambda d: d["decision"].update(entity_id="atlantis"), "decision", "entity_id",
     "unknown province"),
    (lambda d: d["targets"][11].update(colour="green"), "lc-forest-cover", "colour",
     "unknown key"),
    (lambda d: d["targets"][11].update(unit="ha"), "lc-forest-cover", "unit", "differs"),
    (lambda d: d["targets"][11].update(value=float("nan")), "lc-forest-cover", "value",
     "finite"),
    (lambda d: d["targets"][11].update(value=float("inf")), "lc-forest-cover", "value",
     "finite"),
    (lambda d: _first(d).update(low=float("-inf")), "lc-green-tech-gdp", "low", "finite"),
    (lambda d: _first(d).update(high=float("nan")), "lc-green-tech-gdp", "high", "finite"),
    (lambda d: d["decision"]["implemented_by"][1].update(role="lead"), "decision",
     "implemented_by", "exactly one lead agency (found 2"),
    (lambda d: d["decision"]["implemented_by"][0].pop("quote"), "decision",
     "implemented_by.0.quote", "missing"),
    (lambda d: d["decision"]["implemented_by"][0].update(quote=""), "decision",
     "implemented_by.0.quote", "at least 1 character"),
    (lambda d: d["decision"]["implemented_by"][0].update(role="chair"), "decision",
     "implemented_by.0.role", "'lead' or 'partner'"),
    (lambda d: d["decision"]["implemented_by"][1].update(office="x"), "decision",
     "implemented_by.1.office", "unknown key"),
])
def test_schema_errors_name_file_entry_and_field(tmp_path, codebook, register, edit, entry,
                                                 field, words):
    path = _broken(tmp_path, edit)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, codebook, register)
    err = info.value
    assert err.file == str(path)
    assert err.entry == entry
    assert err.field == field
    assert words in str(err)
    assert str(path) in str(err) and repr(entry) in str(err)


def test_task_deadline_years_must_match_the_text(tmp_path, codebook, register):
    source = DATA / "targets" / "kon-tum.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["tasks"][0]["deadline_to"] = 2014
    path = tmp_path / "kon-tum.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError, match="kt-task-01.*deadline_from.*Quý II/2013"):
        load_catalog(path, codebook, register)


def test_file_name_must_be_the_entity_id(tmp_path, codebook, register):
    path = tmp_path / "laichau.yml"
    shutil.copy(DATA / "targets" / "lai-chau.yml", path)
    with pytest.raises(CatalogError, match="should be lai-chau.yml"):
        load_catalog(path, codebook, register)


# --- The reading's words are data: the loader refuses '=' on words that hold nothing ---------

def _target_index(data: dict, target_id: str) -> int:
    return next(i for i, t in enumerate(data["targets"]) if t["id"] == target_id)


def test_a_hold_on_words_that_hold_nothing_is_refused_in_one_line(tmp_path, codebook, register):
    """"100% các đô thị có diện tích cây xanh đạt tiêu chuẩn." is a reach, not a hold."""
    path = _broken(tmp_path, lambda d: d["targets"][_target_index(d, "lc-urban-green-space")]
                   .update(comparator="="))
    with pytest.raises(CatalogError) as info:
        load_catalog(path, codebook, register)
    assert str(info.value) == (
        f"{path}: entry 'lc-urban-green-space': field 'comparator': '=' holds a level, but "
        "wording_vi and wording_en carry no hold word (giữ, duy trì, ổn định, maintain, keep, "
        "hold, stable ...; target_reading.yml): a reach ('đạt', 'reach', a bare number) is "
        "'>=' in the good direction")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("words", [
    {"wording_vi": "Duy trì tỷ lệ che phủ rừng ổn định ở mức 42%"},
    {"wording_vi": "", "wording_en": "Forest cover will be kept at 42%"},
])
def test_a_hold_worded_as_one_loads(tmp_path, codebook, register, words):
    def hold(data):
        target = data["targets"][_target_index(data, "lc-forest-cover")]
        target.update(comparator="=", **words)
        if not target["wording_vi"]:
            del target["wording_vi"]
    catalog = load_catalog(_broken(tmp_path, hold), codebook, register)
    assert catalog.target("lc-forest-cover").comparator == "="


def test_the_hold_words_come_from_the_reading_file(tmp_path, codebook, register):
    """With "đạt" added to the hold words, the same '=' loads: the words are data."""
    raw = yaml.safe_load(READING.read_text(encoding="utf-8"))
    raw["readings"]["hold"]["words"]["vi"].append("đạt")
    reading_file = tmp_path / "target_reading.yml"
    reading_file.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    path = _broken(tmp_path, lambda d: d["targets"][_target_index(d, "lc-medical-waste")]
                   .update(comparator="="))
    with pytest.raises(CatalogError, match="no hold word"):
        load_catalog(path, codebook, register)
    catalog = load_catalog(path, codebook, register, load_target_reading(reading_file))
    assert catalog.target("lc-medical-waste").comparator == "="


READING = DATA / "reference" / "target_reading.yml"


@pytest.mark.parametrize(("edit", "entry", "field", "words"), [
    (lambda r: r["readings"]["hold"].update(colour="green"), "hold", "colour", "unknown key"),
    (lambda r: r["readings"]["about"].update(tolerance=-1), "about", "tolerance",
     "greater than or equal to 0"),
    (lambda r: r["readings"]["about"]["words"].update(fr=["environ"]), "about", "words.fr",
     "unknown key"),
    (lambda r: r["readings"].update(roughly=r["readings"]["about"]), "roughly", "readings",
     "unknown reading"),
    (lambda r: r["readings"].pop("range"), "range", "readings", "missing"),
    (lambda r: r.update(comparators={}), "-", "comparators", "unknown top-level key"),
    (lambda r: r["readings"]["hold"].update(comparator={"higher": ">=", "lower": "<="}),
     "hold", "comparator", "'=' in both directions"),
    (lambda r: r["readings"]["reduction"].update(comparator={"higher": ">=", "lower": "<="}),
     "reduction", "-", "not both"),
    (lambda r: r.update(bare_number="reduction"), "bare_number", "bare_number",
     "not a bound reading"),
])
def test_the_reading_file_rejects_what_it_does_not_know(tmp_path, edit, entry, field, words):
    raw = yaml.safe_load(READING.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "target_reading.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_target_reading(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), entry, field)
    assert words in str(err)


@pytest.mark.parametrize(("name", "text", "found"), [
    ("hold", "Duy trì độ che phủ rừng ổn định ở mức 42%", ["Duy trì", "ổn định"]),
    ("hold", "khoảng cách giữa các đô thị", []),            # "giữa" (between) is not "giữ"
    ("hold", "forest coverage will be stabilized at 42%", ["stabilized"]),
    ("hold", "shareholders", []),
    ("at_least", "đạt ít nhất 20%", ["ít nhất", "đạt"]),
    ("more_than", "đạt trên 90%", ["trên"]),
    ("about", "khoảng 95%", ["khoảng"]),
    ("reduction", "giảm cường độ phát thải 8 – 10%", ["giảm"]),
])
def test_reading_words_are_matched_whole(name, text, found):
    reading = load_target_reading(READING)
    assert sorted(reading.words_in(name, text)) == sorted(found)


def test_the_reading_gives_the_comparator_in_the_good_direction():
    reading = load_target_reading(READING)
    assert [reading.comparator(name, "higher") for name in ("at_least", "more_than", "about")
            ] == [">=", ">", ">="]
    assert [reading.comparator(name, "lower") for name in ("at_least", "more_than", "about")
            ] == ["<=", "<", "<="]
    assert reading.readings["about"].tolerance > 0
    with pytest.raises(ValueError, match="change"):
        reading.comparator("reduction", "lower")



def test_a_reach_of_the_indicators_bound_shows_the_number_alone(codebook):
    """'>= 100' of a share reads "100 %" (a bare "100%" in the decision), '>= 90' keeps its
    comparator."""
    from ggutils.brief.localize import Localizer

    fmt = Localizer(codebook, "en")
    full = _target(indicator="medical_waste_treated", value=100, tolerance=0.01)
    assert (fmt.goal(full), fmt.goal(full.model_copy(update={"value": 90}))) == (
        "100 %", ">= 90 %")
