"""The target catalogs: the decisions' numbers, their words, and every schema error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from ggutils.errors import CatalogError
from ggutils.targets import load_catalog, parse_deadline, targets_frame

from .conftest import DATA

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
        for entry in (*catalog.targets, *catalog.monitoring):
            assert _squash(entry.wording_vi) in text, entry.id
        for task in catalog.tasks:
            assert _squash(task.task_vi) in text, task.id


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


@pytest.mark.parametrize(("comparator", "value", "observed", "met"), [
    (">", 50, 50.0, False), (">", 50, 50.01, True), (">=", 80, 80.0, True),
    ("=", 100, 99.0, True), ("=", 100, 98.9, False), ("<", 30, 30.0, False),
    ("<=", 30, 30.0, True),
])
def test_is_met_reads_comparators_exactly(catalogs, comparator, value, observed, met):
    base = catalogs["lai-chau"].target("lc-forest-cover")
    target = base.model_copy(update={"comparator": comparator, "value": value})
    assert target.is_met(observed) is met


def test_range_is_inclusive(catalogs):
    target = catalogs["lai-chau"].target("lc-green-tech-gdp")
    assert [target.is_met(v) for v in (41.9, 42, 43.5, 45, 45.1)] == [
        False, True, True, True, False]


def test_targets_frame_has_one_row_per_target(catalogs):
    frame = targets_frame(catalogs)
    assert len(frame) == sum(len(c.targets) for c in catalogs.values())
    assert frame["target_id"].is_unique
    assert set(frame["province"]) == {c.province for c in catalogs.values() if c.targets}


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
    (lambda d: d["decision"].update(province="atlantis"), "decision", "province",
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


def test_file_name_must_be_the_province_slug(tmp_path, codebook, register):
    path = tmp_path / "laichau.yml"
    shutil.copy(DATA / "targets" / "lai-chau.yml", path)
    with pytest.raises(CatalogError, match="should be lai-chau.yml"):
        load_catalog(path, codebook, register)
