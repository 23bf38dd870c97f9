"""Numbers and years as published."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ggutils.numbers import (
    COMMA_DECIMAL,
    DOT_DECIMAL,
    NumberFormatError,
    YearFormatError,
    detect_convention,
    format_number,
    parse_number,
    parse_year,
)


@pytest.mark.parametrize(("text", "convention", "value", "qualifier"), [
    ("43,06", COMMA_DECIMAL, 43.06, ""), ("325.517,2", COMMA_DECIMAL, 325517.2, ""),
    ("14,377,682", DOT_DECIMAL, 14377682, ""), ("13118.8", DOT_DECIMAL, 13118.8, ""),
    ("41.415.381", COMMA_DECIMAL, 41415381, ""), ("617.815", COMMA_DECIMAL, 617815, ""),
    ("617.815", DOT_DECIMAL, 617.815, ""), ("63,69 %", COMMA_DECIMAL, 63.69, ""),
    ("1\u00a0234,5", COMMA_DECIMAL, 1234.5, ""), ("trên 65%", COMMA_DECIMAL, 65, "above"),
    ("hơn 1.700", COMMA_DECIMAL, 1700, "above"), ("gần 26", None, 26, "nearly"),
    ("khoảng 52,43", COMMA_DECIMAL, 52.43, "about"), ("over 11", DOT_DECIMAL, 11, "above"),
    ("38.7(*)", DOT_DECIMAL, 38.7, ""), ("-2,77", COMMA_DECIMAL, -2.77, ""),
])
def test_parse_number(text, convention, value, qualifier):
    parsed = parse_number(text, convention)
    assert parsed.value == pytest.approx(value)
    assert parsed.qualifier == qualifier


@pytest.mark.parametrize(("text", "convention"), [
    ("1,234.5", COMMA_DECIMAL), ("1.234,5", DOT_DECIMAL), ("abc", DOT_DECIMAL),
    ("617.815", None), ("12,5 ha thêm", COMMA_DECIMAL), ("12.34.56", COMMA_DECIMAL),
    ("1,2,3", DOT_DECIMAL), ("1.2345.678", COMMA_DECIMAL),
])
def test_parse_number_rejects(text, convention):
    with pytest.raises(NumberFormatError):
        parse_number(text, convention)


def test_convention_is_decided_for_the_whole_column():
    # '617.815' alone proves nothing; the column's '99,89' decides it.
    report = detect_convention(["617.815", "618.537", "99,89", ""])
    assert report.convention == COMMA_DECIMAL
    assert detect_convention(["617.815", "37"]).ambiguous
    assert detect_convention(["617.815"], default=COMMA_DECIMAL).convention == COMMA_DECIMAL
    mixed = detect_convention(["1.234,5", "1,234.5"])
    assert mixed.mixed and mixed.ambiguous


def test_each_group_is_read_under_its_own_convention():
    """One column of cells, two groups (two publications): '1.234' is 1234 where the group's
    other cells are Vietnamese and 1.234 where they are English; a cell printed three times
    votes three times; a cell of the other convention is rejected with a reason."""
    import numpy as np

    from ggutils.numbers import decide, parse_cells, to_numbers

    cells = ["1.234", "2,5", "1.234", "3.5", "7,25", "12,345.6", "abc"]
    parsed = parse_cells(cells)
    rows = np.array([0, 1, 2, 0, 3, 5, 6, 4])          # row -> cell: '1.234' twice in group 0
    groups = np.array([0, 0, 1, 0, 1, 1, 1, 1])
    reports = decide(parsed, rows, groups, 2)
    assert [r.convention for r in reports] == [COMMA_DECIMAL, DOT_DECIMAL]
    assert reports[1].votes == {DOT_DECIMAL: 2, COMMA_DECIMAL: 1}
    values, reasons = to_numbers(parsed, rows, groups, reports)
    assert values[:5].tolist() == [1234.0, 2.5, 1.234, 1234.0, 3.5]
    assert values[5] == pytest.approx(12345.6)
    assert np.isnan(values[[6, 7]]).all() and np.isnan(values).sum() == 2
    assert "'7,25' is written in the comma_decimal convention" in reasons[7]
    assert reasons[6] == "not a number: 'abc'" and reasons[0] is None
    assert parsed.qualifier.tolist() == [""] * len(cells)


@given(st.lists(st.text(alphabet="0123456789.,+-% aé", max_size=12), min_size=1,
                max_size=30))
def test_grammar_fits_by_shape_match_the_regexes_on_the_cells(cells):
    """Matching the grammars on digit shapes ('325.517,2' -> '311.111,1') gives what
    matching them on the cells gives."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ggutils.numbers import _COMMA_GRAMMAR, _DOT_GRAMMAR, _fits

    array = pa.array(cells)
    fits_dot, fits_comma = _fits(array)
    for grammar, fits in ((_DOT_GRAMMAR, fits_dot), (_COMMA_GRAMMAR, fits_comma)):
        direct = pc.match_substring_regex(array, f"^(?:{grammar})$").to_pylist()
        assert fits.tolist() == direct


@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789.,-ư ", max_size=12)),
                min_size=1, max_size=30), st.integers(0, 3),
       st.sampled_from([(",", "."), (".", ",")]))
def test_separators_removed_on_bytes_match_the_string_kernels(cells, start, separators):
    """Removing separators on the UTF-8 bytes gives what pyarrow's replace_substring gives,
    for sliced arrays, missing cells and non-ASCII text too."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ggutils.numbers import _plain_decimal

    array = pa.array(cells, type=pa.string()).slice(min(start, len(cells)))
    thousands, decimal = separators
    expected = pc.replace_substring(pc.fill_null(array, ""), thousands, "")
    expected = pc.replace_substring(expected, decimal, ".")
    assert _plain_decimal(array, thousands, decimal).to_pylist() == expected.to_pylist()


@given(st.lists(st.text(alphabet="12,. \t\u00a0\u2003\u3000\x1cưa", max_size=6),
                min_size=1, max_size=20))
def test_trim_cells_matches_the_string_kernel(cells):
    """Trimming (or skipping the copy when nothing needs it) gives what pyarrow's
    utf8_trim_whitespace gives, Unicode spaces included."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ggutils.numbers import trim_cells

    array = pa.array(cells, type=pa.string())
    assert trim_cells(array).to_pylist() == pc.utf8_trim_whitespace(array).to_pylist()


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=3), st.sampled_from([DOT_DECIMAL, COMMA_DECIMAL]))
def test_number_round_trip(value, decimals, convention):
    printed = format_number(value, convention, decimals)
    assert parse_number(printed, convention).value == pytest.approx(round(value, decimals),
                                                                   abs=10 ** -decimals)


@pytest.mark.parametrize(("text", "year", "status"), [
    ("2018", 2018, "final"), ("2008(*)", 2008, "final"),
    ("Sơ bộ - Prel.2022", 2022, "preliminary"), ("2014 (kết quả kiểm kê rừng)", 2014, "final"),
    ("2016 (inferred)", 2016, "year_uncertain"), ("2016-2020", 2020, "period_average"),
    ("31/12/2009", 2009, "final"), ("hết năm 2016", 2016, "final"),
    ("9 tháng 2024", 2024, "partial_year"),
    ("2018 (implied by 2019 announcement)", 2018, "year_uncertain"),
])
def test_parse_year(text, year, status):
    assert parse_year(text) == (year, status)


@pytest.mark.parametrize("text", ["n.d.", "19", "", "not stated (cites PFES 2021-2022)",
                                  "2020-2016"])
def test_parse_year_rejects(text):
    with pytest.raises(YearFormatError):
        parse_year(text)
