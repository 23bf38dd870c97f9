"""Numbers and years as published (ggutils.clean.numbers, ggutils.clean.years)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ggutils.clean.numbers import (
    NumberFormatError,
    detect_convention,
    parse_number,
    read_numbers,
)
from ggutils.clean.rules import load_rules
from ggutils.clean.years import YearFormatError, parse_year
from ggutils.numbers import COMMA_DECIMAL, DOT_DECIMAL, format_number

RULES = load_rules(Path(__file__).resolve().parents[2] / "data" / "reference"
                   / "cleaning_rules.yml")


@pytest.mark.parametrize(("text", "convention", "value", "qualifier"), [
    ("43,06", COMMA_DECIMAL, 43.06, ""), ("325.517,2", COMMA_DECIMAL, 325517.2, ""),
    ("14,377,682", DOT_DECIMAL, 14377682, ""), ("13118.8", DOT_DECIMAL, 13118.8, ""),
    ("41.415.381", COMMA_DECIMAL, 41415381, ""), ("617.815", COMMA_DECIMAL, 617815, ""),
    ("617.815", DOT_DECIMAL, 617.815, ""), ("63,69 %", COMMA_DECIMAL, 63.69, ""),
    ("1\u00a0234,5", COMMA_DECIMAL, 1234.5, ""), ("trên 65%", COMMA_DECIMAL, 65, "above"),
    ("hơn 1.700", COMMA_DECIMAL, 1700, "above"), ("gần 26", None, 26, "nearly"),
    ("khoảng 52,43", COMMA_DECIMAL, 52.43, "about"), ("over 11", DOT_DECIMAL, 11, "above"),
    ("38.7(*)", DOT_DECIMAL, 38.7, ""), ("-2,77", COMMA_DECIMAL, -2.77, ""),
    ("−2,7", COMMA_DECIMAL, -2.7, ""), ("Trên 65", None, 65, "above"),
])
def test_parse_number(text, convention, value, qualifier):
    parsed = parse_number(text, convention, RULES)
    assert parsed.value == pytest.approx(value)
    assert parsed.qualifier == qualifier


@pytest.mark.parametrize(("text", "convention"), [
    ("1,234.5", COMMA_DECIMAL), ("1.234,5", DOT_DECIMAL), ("abc", DOT_DECIMAL),
    ("617.815", None), ("12,5 ha thêm", COMMA_DECIMAL), ("12.34.56", COMMA_DECIMAL),
    ("1,2,3", DOT_DECIMAL), ("1.2345.678", COMMA_DECIMAL), ("(2,77)", COMMA_DECIMAL),
    ("-0", DOT_DECIMAL), ("-0,00", COMMA_DECIMAL), ("9" * 400, DOT_DECIMAL),
    ("1２3", DOT_DECIMAL),
])
def test_parse_number_rejects(text, convention):
    with pytest.raises(NumberFormatError):
        parse_number(text, convention, RULES)


def test_a_value_too_large_for_a_float_is_not_a_finite_number():
    with pytest.raises(NumberFormatError, match="not a finite number"):
        parse_number("1" + "0" * 400, DOT_DECIMAL, RULES)


def test_convention_is_decided_for_the_whole_column():
    # '617.815' alone proves nothing; the column's '99,89' decides it.
    report = detect_convention(["617.815", "618.537", "99,89", ""], RULES)
    assert report.convention == COMMA_DECIMAL
    assert detect_convention(["617.815", "37"], RULES).ambiguous
    assert detect_convention(["617.815"], RULES, default=COMMA_DECIMAL).convention \
        == COMMA_DECIMAL
    mixed = detect_convention(["1.234,5", "1,234.5"], RULES)
    assert mixed.mixed and mixed.ambiguous


def test_each_group_is_read_under_its_own_convention():
    """One column of cells, two groups (two publications): '1.234' is 1234 where the group's
    other cells are Vietnamese and 1.234 where they are English; a cell printed twice votes
    twice; a cell of the other convention is rejected with a reason."""
    cells = pd.Series(["1.234", "2,5", "1.234", "1.234", "7,25", "12,345.6", "abc", "3.5"],
                      dtype="str")
    groups = pd.Series(["a", "a", "a", "b", "b", "b", "b", "b"])
    table, reports = read_numbers(cells, groups, RULES)
    assert {g: r.convention for g, r in reports.items()} == {"a": COMMA_DECIMAL,
                                                              "b": DOT_DECIMAL}
    assert reports["b"].votes == {DOT_DECIMAL: 2, COMMA_DECIMAL: 1}
    assert table["value"][:4].tolist() == [1234.0, 2.5, 1234.0, 1.234]
    assert table["value"][5] == pytest.approx(12345.6) and table["value"][7] == 3.5
    assert table["value"][[4, 6]].isna().all() and table["value"].isna().sum() == 2
    assert "'7,25' is written in the comma_decimal convention" in table["reason"][4]
    assert table["reason"][6] == "not a number: 'abc'" and pd.isna(table["reason"][0])
    assert table["qualifier"].tolist() == [""] * len(cells)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=3), st.sampled_from([DOT_DECIMAL, COMMA_DECIMAL]))
def test_number_round_trip(value, decimals, convention):
    printed = format_number(value, convention, decimals)
    if float(printed.replace(",", "").replace(".", "")) == 0:
        return  # '-0,00': a sign with no value is refused (test_parse_number_rejects)
    assert parse_number(printed, convention, RULES).value == pytest.approx(
        round(value, decimals), abs=10 ** -decimals)


@pytest.mark.parametrize(("text", "year", "status"), [
    ("2018", 2018, "final"), ("2008(*)", 2008, "final"),
    ("Sơ bộ - Prel.2022", 2022, "preliminary"), ("2014 (kết quả kiểm kê rừng)", 2014, "final"),
    ("2016 (inferred)", 2016, "year_uncertain"), ("2016-2020", 2020, "period_average"),
    ("31/12/2009", 2009, "final"), ("hết năm 2016", 2016, "final"),
    ("9 tháng 2024", 2024, "partial_year"),
    ("2018 (implied by 2019 announcement)", 2018, "year_uncertain"),
    ("2023 (ước)", 2023, "estimate"), ("2023 (ước tính)", 2023, "estimate"),
    ("2023 (uoc tinh)", 2023, "estimate"), ("ƯỚC 2023", 2023, "estimate"),
    ("so bo 2022", 2022, "preliminary"), ("SƠ BỘ 2022", 2022, "preliminary"),
    ("Năm 2019", 2019, "final"), ("2019 (nước)", 2019, "final"),
])
def test_parse_year(text, year, status):
    parsed = parse_year(text, RULES)
    assert (parsed.year, parsed.status) == (year, status)


@pytest.mark.parametrize("text", ["n.d.", "19", "", "not stated (cites PFES 2021-2022)",
                                  "2020-2016", "2015e0", "20１７", "２０１７", "2017a"])
def test_parse_year_rejects(text):
    with pytest.raises(YearFormatError):
        parse_year(text, RULES)
