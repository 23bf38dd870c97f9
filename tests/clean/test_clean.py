"""Cleaning the shipped raw data: the must-show values, conservation, quarantine, conflicts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ggutils.clean import (
    OBSERVATION_COLUMNS,
    check_conservation,
    clean_source,
    conflicts,
    load_rules,
    mark_preferred,
    split_unit,
    validate_observations,
)
from ggutils.errors import GGUtilsError

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def rules():
    return load_rules(DATA / "reference" / "cleaning_rules.yml")


def _obs(cleaned, entity, indicator, year):
    o = cleaned.observations
    return o[(o.entity_id == entity) & (o.indicator == indicator) & (o.year == year)]


def test_kon_tum_2023_forest_cover_from_qd_97(cleaned):
    rows = _obs(cleaned, "kon-tum", "forest_cover", 2023)
    assert set(rows["value"]) == {63.69}
    sources = cleaned.sources.set_index("source_id").loc[rows["source_id"], "title"]
    assert any("97/QĐ-UBND" in title for title in sources)
    assert rows["preferred"].sum() == 1


def test_lai_chau_2016_and_national_2016(cleaned):
    lai_chau = _obs(cleaned, "lai-chau", "forest_cover", 2016)
    assert set(lai_chau["value"]) == {46.80}
    atlas = "atlasnn_mard_2016_forest_status_by_province_partial.csv"
    assert atlas in set(lai_chau["source_file"])
    national = _obs(cleaned, "vn", "forest_cover", 2016)
    assert set(national["value"]) == {41.19}


def test_abbreviated_names_resolve(cleaned):
    o = cleaned.observations
    printed = o.drop_duplicates("area_as_printed").set_index("area_as_printed")["entity_id"]
    assert printed["H.Dương"] == "hai-duong"
    assert printed["T.Quang"] == "tuyen-quang"
    assert printed["Bắc Cạn"] == "bac-kan"


def test_thousand_ha_converted_to_ha(cleaned):
    rows = _obs(cleaned, "lai-chau", "forest_area", 2008)  # the GSO table and a press restatement
    assert len(rows) == 2 and list(rows["value"]) == [pytest.approx(349_900)] * 2
    assert set(rows["value_as_printed"]) == {"349.9"}
    assert "Nghìn ha" in set(rows["unit_as_printed"])


def test_conservation_per_file_and_total(cleaned, codebook):
    from ggutils.reference.sources import load_sources

    c = cleaned.conservation
    assert (c["values_read"] == c["accepted"] + c["quarantined"] + c["empty"]
            + c["out_of_scope"]).all()
    assert c["accepted"].sum() == len(cleaned.observations)
    assert c["quarantined"].sum() == len(cleaned.quarantine)
    registry = load_sources(DATA / "raw" / "sources.yml", codebook)
    assert list(c["source_file"]) == [s.file for s in registry.sources]


def test_observations_in_memory_as_documented(cleaned):
    """CleanResult: sorted by entity, indicator, year, source; repeated text as
    Categoricals, the printed values as pyarrow text; the same rows the CSV gets."""
    obs = cleaned.observations
    for column in ("entity_id", "indicator", "unit", "status", "source_id", "definition"):
        assert isinstance(obs[column].dtype, pd.CategoricalDtype), column
    assert str(obs["value_as_printed"].dtype) == "string[pyarrow]"
    keys = obs[["entity_id", "indicator", "year", "source_id"]].astype(
        {"entity_id": object, "indicator": object, "source_id": object})
    assert keys.equals(keys.sort_values(list(keys.columns), kind="stable"))
    assert obs.index.equals(pd.RangeIndex(len(obs)))


@pytest.mark.parametrize("as_text", [False, True])
def test_schema_rejects_values_outside_their_sets(cleaned, codebook, rules, as_text):
    """The schema's set rules (entity type, indicator, status) catch a bad row whether the
    text columns are Categoricals (clean_all) or plain text (the CSV read back)."""
    obs = cleaned.observations.iloc[:4].drop(columns=["preferred", "flag"]).copy()
    if as_text:
        obs = obs.astype({c: str for c in obs.columns if obs[c].dtype == "category"})
    for column in ("status", "indicator", "entity_type"):
        if not as_text:
            obs[column] = obs[column].cat.add_categories(["bogus"])
    obs.loc[1, "status"] = "bogus"
    obs.loc[2, "indicator"] = "bogus"
    obs.loc[3, "entity_type"] = "bogus"
    kept, rejected = validate_observations(obs, codebook, rules)
    assert len(kept) == 1 and len(rejected) == 3
    assert set(rejected["field"]) == {"status", "indicator", "entity_type"}
    assert all("schema rule isin(" in reason for reason in rejected["reason"])


def test_conservation_failure_is_an_error(cleaned):
    broken = cleaned.conservation.copy()
    broken.loc[0, "accepted"] += 1
    with pytest.raises(GGUtilsError, match="conservation fails"):
        check_conservation(type(cleaned)(cleaned.observations, cleaned.quarantine, broken,
                                         cleaned.sources, cleaned.conventions))


def test_quarantine_reasons(cleaned):
    q = cleaned.quarantine
    reasons = " ".join(q["reason"])
    assert "[NOT SEEN]" in reasons
    assert "no four-digit year in reference date 'n.d.'" in reasons
    assert "'USD/person' cannot be converted" in reasons
    unidentified = q[q.source_file.str.startswith("cucthongke")]
    assert len(unidentified) == 20 and (unidentified["field"] == "area").all()
    assert q[["source_file", "source_row", "raw", "field", "reason"]].notna().all().all()


def test_statuses_from_marks_and_notes(cleaned):
    assert set(_obs(cleaned, "lai-chau", "forest_cover", 2023)["status"]) == {"year_uncertain"}
    growth_9m = cleaned.observations[cleaned.observations.indicator == "grdp_growth_9m"]
    assert set(growth_9m["status"]) == {"partial_year"}
    averages = cleaned.observations[cleaned.observations.indicator == "grdp_growth_avg"]
    assert set(averages["status"]) == {"period_average"}


def test_qualifiers_kept(cleaned):
    o = cleaned.observations
    rows = o[o.indicator == "small_hydropower_capacity_operating"]
    assert rows.empty  # 'n.d.': quarantined, not guessed
    hydro = _obs(cleaned, "lai-chau", "grdp_growth_avg", 2020)
    assert set(hydro["qualifier"]) == {"above"}


def test_definitions_kept_apart(cleaned):
    rows = _obs(cleaned, "kon-tum", "forest_cover", 2018)
    assert set(zip(rows["definition"], rows["value"], strict=True)) == {
        ("incl_rubber_specialty", 62.25), ("excl_rubber_specialty", 58.6)}


def test_conflicts_are_kept(cleaned):
    found = conflicts(cleaned.observations)
    row = found[(found.entity_id == "vn") & (found.indicator == "forest_area")
                & (found.year == 2018)]
    assert len(row) == 1
    assert (row.iloc[0]["min"], row.iloc[0]["max"]) == (14_484_055, 14_491_295)


def test_output_columns(cleaned):
    assert list(cleaned.observations.columns) == OBSERVATION_COLUMNS
    per_key = cleaned.observations.groupby(["entity_id", "indicator", "year"])["preferred"]
    assert per_key.sum().eq(1).all()


def test_preferred_rule_on_an_inline_frame(rules):
    base = {"entity_id": "x", "indicator": "forest_cover", "year": 2020, "value": 1.0,
            "definition": "standard", "status": "final", "source_tier": 2, "source_id": "a"}
    frame = pd.DataFrame([
        {**base, "source_id": "press", "source_tier": 2},
        {**base, "source_id": "official", "source_tier": 1, "status": "preliminary"},
        {**base, "source_id": "other-def", "source_tier": 1, "definition": "incl_rubber"},
    ])
    marked = mark_preferred(frame, rules)
    assert list(marked["preferred"]) == [False, True, False]
    same_tier = pd.DataFrame([{**base, "source_id": "p", "status": "preliminary"},
                              {**base, "source_id": "f", "status": "final"}])
    assert list(mark_preferred(same_tier, rules)["preferred"]) == [False, True]


@pytest.mark.parametrize(("text", "expected"), [
    ("USD/person (lower bound: 'hơn')", ("USD/person", "above", None)),
    ("% (first 9 months, y-o-y)", ("%", "", "partial_year")),
    ("million VND/person (approx: 'khoảng')", ("million VND/person", "about", None)),
    ("% of GRDP (approx: 'gần')", ("% of GRDP", "nearly", None)),
])
def test_split_unit(text, expected, rules):
    assert split_unit(text, rules) == expected


def test_consistency_rule_flags_the_2017_typo_without_fixing_it(cleaned):
    rows = _obs(cleaned, "vn", "forest_area", 2017)
    typo = rows[rows["value_as_printed"] == "41.415.381"]
    assert list(typo["value"]) == [41_415_381]  # not silently fixed
    assert "14,415,381" in typo.iloc[0]["flag"]
    fine = _obs(cleaned, "vn", "forest_area", 2019)
    assert (fine["flag"] == "").all()


def test_flagged_values_lose_preference(rules):
    base = {"entity_id": "x", "indicator": "forest_area", "year": 2017, "definition": "standard",
            "status": "final", "source_tier": 2}
    frame = pd.DataFrame([{**base, "value": 41e6, "source_id": "a", "flag": "consistency"},
                          {**base, "value": 14e6, "source_id": "b", "flag": ""}])
    assert list(mark_preferred(frame, rules)["preferred"]) == [False, True]


def test_forest_cover_definitions_follow_the_year(cleaned):
    national = cleaned.observations[(cleaned.observations.entity_id == "vn")
                                    & (cleaned.observations.indicator == "forest_cover")]
    by_year = national.groupby("year")["definition"].agg(set)
    assert by_year[2014] == {"official_to_2015"}
    assert by_year[2016] == {"official_from_2016"}


def _long_source(file: str, number_format: str, **columns: str):
    """A SYNTHETIC long-layout registry entry: province, indicator (the indicator id), year,
    value and unit columns, renamed by `columns`; a column named '' is left out."""
    from ggutils.reference.sources import Source

    names = {"area": "province", "measure": "indicator", "year": "year", "value": "value",
             "unit": "unit", **columns}
    return Source(id=file.split(".")[0], file=file, title="SYNTHETIC", layout="long", tier=2,
                  number_format=number_format,
                  columns={role: name for role, name in names.items() if name},
                  measures=[{"pattern": "^[a-z_]+$", "indicator": "{measure}"}])


def test_row_numbers_survive_blank_lines(tmp_path, codebook, register, rules):
    """Quarantine rows cite the physical line, even after a blank line in the file."""
    (tmp_path / "t.csv").write_text(
        "province,indicator,year,value,unit\nLai Châu,forest_cover,2010,44.1,%\n\n"
        "Atlantis,forest_cover,2012,45.0,%\n", encoding="utf-8")
    source = _long_source("t.csv", "dot_decimal")
    result = clean_source(source, tmp_path, codebook, register, rules)
    assert list(result.observations["source_row"]) == [2]
    assert list(result.quarantine["source_row"]) == [4]
    assert result.conservation["empty"] == 1


def test_one_area_files_and_measures_out_of_scope(tmp_path, codebook, register, rules):
    """A long file for one area (OWID's Viet Nam rows): `area` names it; measures the project
    does not use are counted out of scope, never quarantined; a measure a rule maps wins over
    an out-of-scope pattern; OWID's interpolated years get status `interpolated`."""
    from ggutils.reference.sources import Source

    (tmp_path / "owid.csv").write_text(
        "indicator,year,value,unit,note\n"
        "forest_cover,2010,40.5,%,FAO FRA reporting year\n"
        "forest_cover,2011,40.9,%,between FRA reporting years: linearly interpolated by OWID\n"
        "population,2010,87411012,persons,\n"
        "gdp,2010,,international-$,\n", encoding="utf-8")
    source = Source(id="owid", file="owid.csv", title="SYNTHETIC", layout="long", tier=4,
                    area="Viet Nam", number_format="dot_decimal", status_columns=["note"],
                    columns={"measure": "indicator", "year": "year", "value": "value",
                             "unit": "unit", "note": "note"},
                    measures=[{"match": "forest_cover", "indicator": "forest_cover"}],
                    out_of_scope=[{"pattern": ".", "reason": "not used"}])
    result = clean_source(source, tmp_path, codebook, register, rules)
    obs = result.observations
    assert list(obs["entity_id"]) == ["vn", "vn"] and list(obs["source_tier"]) == [4, 4]
    assert list(obs["status"]) == ["final", "interpolated"]
    c = result.conservation
    assert (c["values_read"], c["accepted"], c["out_of_scope"], c["empty"]) == (4, 2, 1, 1)
    assert result.quarantine.empty


def _synthetic_rows(n: int, seed: int = 7) -> list[list[str]]:
    """SYNTHETIC long-layout rows: mostly distinct Vietnamese-format values (so the fast
    reader keeps them as plain text), re-spelled names, empties, words, junk and bad years."""
    import numpy as np

    rng = np.random.default_rng(seed)
    names = ["Lai Châu", "LAI CHAU", "Kon Tum", "Tỉnh Kon Tum", "H.Dương", "Cả nước", "Atlantis"]
    rows = []
    for i in range(n):
        kind = rng.integers(0, 20)
        value = f"{rng.integers(0, 100)},{i % 100:02d}"
        if kind == 0:
            value = "-"
        elif kind == 1:
            value = f"trên {rng.integers(10, 90)}%"
        elif kind == 2:
            value = "abc"
        elif kind == 3:
            value = f"1{rng.integers(10, 99)},5"  # above 100 %
        year = "n.d." if kind == 4 else str(1995 + i % 36)
        rows.append([names[i % len(names)], "forest_cover", year, value, "%"])
    return rows


def test_a_long_synthetic_file(tmp_path, codebook, register, rules):
    """3000 SYNTHETIC rows: every value accepted, quarantined or empty, bound words kept as
    qualifiers, each kind of bad cell quarantined with its reason."""
    import csv

    rows = _synthetic_rows(3000)
    with (tmp_path / "t.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["province", "indicator", "year", "value", "unit"],
                                      *rows])
    result = clean_source(_long_source("t.csv", "comma_decimal"), tmp_path, codebook,
                          register, rules)
    obs, quarantine, conservation = result.observations, result.quarantine, \
        result.conservation
    assert conservation["values_read"] == 3000 == (conservation["accepted"]
                                                   + conservation["quarantined"]
                                                   + conservation["empty"])
    assert {"above"} == set(obs.loc[obs["value_as_printed"].str.startswith("trên"),
                                    "qualifier"])
    reasons = quarantine["reason"].str.cat(sep="\n")
    assert "not a number: 'abc'" in reasons and "unknown" in reasons.lower()
    assert "no usable year" in reasons


def test_a_wide_synthetic_file(tmp_path, codebook, register, rules):
    """A SYNTHETIC wide file: every cell is a value read, blank cells count as empty."""
    import csv

    from ggutils.reference.sources import Source

    years = [str(y) for y in range(1995, 2031)]
    rows = _synthetic_rows(1200 * len(years) - 5)
    with (tmp_path / "w.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["province", *(f"{y} - forest_cover" for y in years)])
        for start in range(0, len(rows), len(years)):
            chunk = rows[start:start + len(years)]
            writer.writerow([chunk[0][0], *(r[3] for r in chunk)]
                            + [""] * (len(years) - len(chunk)))
    source = Source(id="w", file="w.csv", title="SYNTHETIC", layout="wide", tier=2,
                    area_column="province", header_year_separator=" - ",
                    number_format="comma_decimal",
                    measures=[{"match": "forest_cover", "indicator": "forest_cover",
                               "unit": "%"}])
    result = clean_source(source, tmp_path, codebook, register, rules)
    assert result.conservation["values_read"] == 1200 * 36  # the 5 blank cells count
    assert result.conservation["empty"] >= 5


def test_a_header_over_two_lines_is_read_whole(tmp_path, codebook, register, rules):
    """A quoted line break in the header: both data rows are read under the right
    columns."""
    (tmp_path / "h.csv").write_text(
        'province,"indicator\nname",year,value,unit\nLai Châu,forest_cover,2010,"44,1",%\n'
        'Kon Tum,forest_cover,2011,"60,2",%\n', encoding="utf-8")
    source = _long_source("h.csv", "comma_decimal", measure="indicator\nname")
    result = clean_source(source, tmp_path, codebook, register, rules)
    obs = result.observations
    assert obs["value"].tolist() == [44.1, 60.2] and result.quarantine.empty
    assert obs["entity_id"].tolist() == ["lai-chau", "kon-tum"]
