"""Notebook 01's tables: conservation, quarantine by reason, conflicts and why, coverage."""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

from ggutils.brief.plots.overview import coverage_grid
from ggutils.clean import CONSERVATION_COLUMNS, load_rules
from ggutils.clean.conflicts import preference_criteria
from ggutils.clean.report import (
    conflict_rows,
    conservation_table,
    coverage_charts,
    coverage_entities,
    quarantine_by_reason,
    quarantine_rows,
)
from tests.conftest import DATA


def _obs(rows):
    keys = ["entity_id", "indicator", "year", "value", "definition", "source_tier",
            "status", "source_id"]
    return pd.DataFrame([dict(zip(keys, r, strict=True)) for r in rows]).assign(
        flag="", preferred=False)


def test_conservation_table_totals_and_highlights_files_with_quarantined_values():
    conservation = pd.DataFrame([["a.csv", 3, 3, 3, 0, 0, 0, 0],
                                 ["b.csv", 4, 5, 2, 2, 1, 0, 0]],
                                columns=CONSERVATION_COLUMNS)
    styler = conservation_table(conservation)
    html = styler.to_html()
    assert 'id="T_conservation"' in html and "8 values read = 5 accepted + 2 quarantined" in html
    assert list(styler.data["source_file"]) == ["a.csv", "b.csv", "TOTAL"]
    assert styler.data.iloc[-1]["values_read"] == 8
    [rule] = re.findall(r"([^{}]*)\{\s*background-color: #fde2c8;", html)
    assert set(re.findall(r"_row(\d+)_", rule)) == {"1"}  # b.csv only


def test_quarantine_by_reason_counts_and_keeps_every_row():
    quarantine = pd.DataFrame({"source_file": ["a.csv"] * 12 + ["b.csv"],
                               "source_row": range(13), "raw": ["x"] * 13,
                               "field": ["year"] * 12 + ["unit"],
                               "reason": ["no usable year"] * 12 + ["unknown unit"]})
    counts = quarantine_by_reason(quarantine).data
    assert list(counts["reason"]) == ["no usable year", "unknown unit"]
    assert list(counts["values"]) == [12, 1]
    html = quarantine_rows(quarantine).data
    assert html.startswith("<details><summary>All 13 quarantined values")
    assert html.count("<tr>") == 14  # the header and every row, none cut off
    assert isinstance(quarantine_by_reason(quarantine.iloc[:0]), Markdown)


def test_conflict_rows_put_the_preferred_value_first_with_the_reason():
    rules = load_rules(DATA / "reference" / "cleaning_rules.yml")
    obs = _obs([("vn", "forest_area", 2009, 13258700.0, "standard", 3, "final", "gso"),
                ("vn", "forest_area", 2009, 13258843.0, "standard", 2, "final", "press"),
                ("vn", "forest_cover", 2018, 41.9, "standard", 2, "estimate", "a"),
                ("vn", "forest_cover", 2018, 41.7, "standard", 2, "final", "b"),
                ("vn", "forest_cover", 2019, 42.0, "standard", 2, "final", "c")])
    rows = conflict_rows(obs, preference_criteria(obs, rules))
    assert list(rows["source_id"]) == ["press", "gso", "b", "a"]  # 2019 agrees: not listed
    assert list(rows["why_preferred"]) == ["better source tier: 2 over 3", "",
                                           "better status: final over estimate", ""]


def test_coverage_counts_every_source_and_leaves_gaps_blank():
    obs = _obs([("kon-tum", "forest_cover", 2014, 62.4, "standard", 2, "final", "a"),
                ("kon-tum", "forest_cover", 2014, 62.4, "standard", 3, "final", "b"),
                ("kon-tum", "forest_area", 2016, 1.0, "standard", 2, "final", "a")])
    grid = coverage_grid(obs, "kon-tum")
    assert list(grid.columns) == [2014, 2015, 2016]
    assert grid.loc["forest_cover", 2014] == 2 and pd.isna(grid.loc["forest_cover", 2015])


def test_coverage_entities_come_from_the_plans_or_the_parameter():
    obs = _obs([("ha-noi", "forest_cover", 2014, 6.0, "standard", 2, "final", "a")])
    assert coverage_entities(obs, {"vn": [], "lai-chau": []}) == ["vn", "lai-chau"]
    assert coverage_entities(obs, {"vn": []}, "ha-noi, kon-tum") == ["ha-noi", "kon-tum"]
    assert coverage_entities(obs, {}) == ["ha-noi"]


def test_coverage_with_nothing_accepted_is_a_message_not_a_crash():
    [shown] = coverage_charts(_obs([]).iloc[:0], DATA)
    assert isinstance(shown, Markdown) and "No observation was accepted" in shown.data
