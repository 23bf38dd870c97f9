"""Text columns held as codes into their distinct values: combining, concatenating, sorting."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ggutils import coded


def _plain(values) -> list:
    """Row values as a list, any missing value (None, NaN, pd.NA) as None."""
    return [None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v
            for v in list(values)]


def _row_keys(parts) -> list:
    """Reference: per row, the value (one part) or tuple of values (several); missing None."""
    n = len(parts[0][0])
    columns = [[None if c < 0 else uniques[c] for c in codes] for codes, uniques in parts]
    return columns[0] if len(parts) == 1 else [tuple(col[i] for col in columns)
                                               for i in range(n)]


def _check_grouping(parts, codes, keys) -> None:
    """The result of combine groups rows exactly by their combination of values."""
    expected = _row_keys(parts)
    assert len(codes) == len(expected)
    assert [keys[c] for c in np.asarray(codes).tolist()] == expected
    assert len(keys) == len(set(expected))  # only combinations present, each once
    assert len(set(keys)) == len(keys)


def _check_in_order(parts, codes, keys) -> None:
    """in_order=True: keys in order of first appearance, codes numbered 0, 1, 2... so."""
    first = list(dict.fromkeys(_row_keys(parts)))
    assert list(keys) == first
    assert np.asarray(codes).tolist() == [first.index(k) for k in _row_keys(parts)]


def _part(codes, uniques):
    return np.asarray(codes, dtype=np.int8), np.asarray(uniques, dtype=object)


# --- combine -------------------------------------------------------------------------------

def test_combine_one_part_with_missing_and_unused_value():
    parts = [_part([2, -1, 2, 0], ["a", "unused", "c"])]
    codes, keys = coded.combine(parts)
    _check_grouping(parts, codes, keys)
    assert set(keys) == {None, "a", "c"}  # "unused" is a value but no row holds it


def test_combine_one_part_every_value_used_keeps_the_categories():
    cat = pd.Categorical(["y", "x", "y", "z"], categories=["z", "y", "x"])
    codes, keys = coded.combine([coded.parts_of(cat)])
    assert keys == ["z", "y", "x"]
    assert np.asarray(codes).tolist() == [1, 2, 1, 0]


def test_combine_one_part_unused_category_is_dropped():
    cat = pd.Categorical(["y", "x", "y"], categories=["z", "y", "x"])  # "z" never used
    parts = [coded.parts_of(cat)]
    codes, keys = coded.combine(parts)
    _check_grouping(parts, codes, keys)
    assert set(keys) == {"x", "y"}


def test_combine_several_parts():
    parts = [_part([0, 1, 0, 0, -1, 1], ["a", "b", "never"]),
             _part([1, 1, 1, 0, 0, -1], ["x", "y"]),
             _part([0, 0, 0, 0, 0, 0], ["k"])]
    codes, keys = coded.combine(parts)
    _check_grouping(parts, codes, keys)
    assert set(keys) == {("a", "y", "k"), ("b", "y", "k"), ("a", "x", "k"), (None, "x", "k"),
                         ("b", None, "k")}


@pytest.mark.parametrize("in_order", [False, True])
def test_combine_with_columns_holding_one_value(in_order):
    """A column with the same value (or missing) on every row takes no part in the grouping
    but is still in every key, in its place."""
    parts = [_part([-1, -1, -1, -1], ["never"]), _part([1, 0, 1, 1], ["a", "b"]),
             _part([0, 0, 0, 0], ["k", "unused"])]
    codes, keys = coded.combine(parts, in_order=in_order)
    _check_grouping(parts, codes, keys)
    if in_order:
        _check_in_order(parts, codes, keys)
    only_fixed = [parts[0], parts[2]]
    codes, keys = coded.combine(only_fixed, in_order=in_order)
    assert keys == [(None, "k")] and np.asarray(codes).tolist() == [0, 0, 0, 0]


def test_combine_in_order_numbers_by_first_appearance():
    parts = [_part([2, 0, 2, 1, 0, -1, 1], ["a", "b", "c"]),
             _part([0, 0, 0, 1, 0, 1, 1], ["x", "y"])]
    codes, keys = coded.combine(parts, in_order=True)
    assert keys == [("c", "x"), ("a", "x"), ("b", "y"), (None, "y")]
    assert np.asarray(codes).tolist() == [0, 1, 0, 2, 1, 3, 2]


def test_combine_in_order_one_part_every_value_used():
    # Every value used and none missing, but the categories are not in order of appearance.
    cat = pd.Categorical(["y", "x", "y", "z"], categories=["z", "y", "x"])
    codes, keys = coded.combine([coded.parts_of(cat)], in_order=True)
    assert keys == ["y", "x", "z"]
    assert np.asarray(codes).tolist() == [0, 1, 0, 2]


@pytest.mark.parametrize("in_order", [False, True])
def test_combine_factorize_path_groups_like_the_dense_path(monkeypatch, in_order):
    parts = [_part([0, 1, 0, -1, 1, 0, 2], ["a", "b", "c", "d"]),
             _part([1, 1, 1, 0, -1, 0, 1], ["x", "y"])]
    dense_codes, dense_keys = coded.combine(parts, in_order=in_order)
    monkeypatch.setattr(coded, "_DENSE_KEYS", 1)
    sparse_codes, sparse_keys = coded.combine(parts, in_order=in_order)
    for codes, keys in ((dense_codes, dense_keys), (sparse_codes, sparse_keys)):
        _check_grouping(parts, codes, keys)
        if in_order:
            _check_in_order(parts, codes, keys)
    dense_rows = [dense_keys[c] for c in np.asarray(dense_codes).tolist()]
    sparse_rows = [sparse_keys[c] for c in np.asarray(sparse_codes).tolist()]
    assert dense_rows == sparse_rows


@pytest.mark.parametrize("in_order", [False, True])
def test_combine_many_uniques_takes_the_factorize_path(in_order):
    uniques = np.asarray([f"v{i}" for i in range(5000)], dtype=object)
    assert 5001 * 5001 > coded._DENSE_KEYS  # too many combinations for the dense table
    parts = [(np.asarray([4999, 0, 4999, -1, 17, 0], dtype=np.int16), uniques),
             (np.asarray([3, 3, 3, 0, -1, 3], dtype=np.int16), uniques)]
    codes, keys = coded.combine(parts, in_order=in_order)
    _check_grouping(parts, codes, keys)
    assert set(keys) == {("v4999", "v3"), ("v0", "v3"), (None, "v0"), ("v17", None)}
    if in_order:
        _check_in_order(parts, codes, keys)


@pytest.mark.parametrize("in_order", [False, True])
@pytest.mark.parametrize("n_parts", [1, 2])
def test_combine_no_rows(in_order, n_parts):
    parts = [_part([], ["a", "b"])] * n_parts
    codes, keys = coded.combine(parts, in_order=in_order)
    assert len(codes) == 0 and keys == []


def test_combine_all_missing():
    parts = [_part([-1, -1], ["a"]), _part([-1, 0], ["x"])]
    codes, keys = coded.combine(parts, in_order=True)
    assert keys == [(None, None), (None, "x")]
    assert np.asarray(codes).tolist() == [0, 1]


@st.composite
def _coded_parts(draw):
    n = draw(st.integers(0, 25))
    parts = []
    for p in range(draw(st.integers(1, 3))):
        k = draw(st.integers(0, 4))
        codes = draw(st.lists(st.integers(-1, k - 1), min_size=n, max_size=n))
        parts.append(_part(codes, [f"p{p}v{i}" for i in range(k)]))
    return parts


@given(parts=_coded_parts(), dense=st.booleans())
def test_combine_groups_like_a_dict(parts, dense):
    old = coded._DENSE_KEYS
    coded._DENSE_KEYS = old if dense else 1  # not monkeypatch: a fixture is not per example
    try:
        codes, keys = coded.combine(parts)
        ordered_codes, ordered_keys = coded.combine(parts, in_order=True)
    finally:
        coded._DENSE_KEYS = old
    _check_grouping(parts, codes, keys)
    _check_grouping(parts, ordered_codes, ordered_keys)
    _check_in_order(parts, ordered_codes, ordered_keys)


# --- parts_of, from_values, constant, take -------------------------------------------------

def test_parts_of_a_plain_column_factorizes_with_missing_as_minus_one():
    codes, uniques = coded.parts_of(pd.Series(["b", None, "a", "b"], dtype="str"))
    assert [None if c < 0 else uniques[c] for c in codes] == ["b", None, "a", "b"]
    assert sorted(uniques) == ["a", "b"]


def test_from_values_equal_values_share_a_category():
    cat = coded.from_values(np.array([0, 1, 2, 1, 2], dtype=np.int8), ["a", "b", "a"])
    assert _plain(cat) == ["a", "b", "a", "b", "a"]
    assert sorted(cat.categories) == ["a", "b"]
    assert cat.codes[0] == cat.codes[2] == cat.codes[4]


def test_from_values_none_nan_and_minus_one_are_missing():
    cat = coded.from_values(np.array([0, 1, 2, -1, 3], dtype=np.int8),
                            ["x", None, float("nan"), "y"])
    assert _plain(cat) == ["x", None, None, None, "y"]
    assert cat.codes.tolist()[1:4] == [-1, -1, -1]
    assert sorted(cat.categories) == ["x", "y"]


def test_from_values_with_wide_codes():
    per_code = [f"v{i}" for i in range(300)]
    codes = np.array([299, 128, -1, 0, 200], dtype=np.int16)
    cat = coded.from_values(codes, per_code)
    assert _plain(cat) == ["v299", "v128", None, "v0", "v200"]


def test_from_values_int8_codes_into_many_values():
    per_code = ["same"] * 100 + [f"v{i}" for i in range(100)]  # 200 entries, 101 distinct
    cat = coded.from_values(np.array([127, -1, 0, 99, 100], dtype=np.int8), per_code)
    assert _plain(cat) == ["v27", None, "same", "same", "v0"]
    assert len(cat.categories) == 101


@pytest.mark.parametrize(("value", "n", "expected"), [
    ("x", 3, ["x", "x", "x"]), (None, 2, [None, None]), ("x", 0, []), (2016, 1, [2016]),
])
def test_constant(value, n, expected):
    assert _plain(coded.constant(value, n)) == expected


def test_take_by_position_keeps_missing():
    values = pd.Series(pd.Categorical(["a", None, "b"], categories=["b", "a", "c"]))
    assert _plain(coded.take(values, np.array([2, 1, 0, 2]))) == ["b", None, "a", "b"]
    plain = pd.Series(["a", None, "b"], dtype="str")
    out = coded.take(plain, np.array([1, 2]))
    assert isinstance(out, pd.Categorical) and _plain(out) == [None, "b"]


# --- row_mask, row_values --------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["category", "str", object])
@pytest.mark.parametrize("missing", [False, True])
def test_row_mask(dtype, missing):
    values = pd.Series(["apple", None, "banana", "avocado", "apple"], dtype=dtype)
    mask = coded.row_mask(values, lambda idx: [isinstance(v, str) and v.startswith("a")
                                               for v in idx], missing=missing)
    assert mask.tolist() == [True, missing, False, True, True]


def test_row_mask_asks_the_predicate_about_distinct_values_only():
    seen = []
    values = pd.Series(pd.Categorical(["b", "a", None, "b", "a", "b"]))
    coded.row_mask(values, lambda idx: seen.append(list(idx)) or [True] * len(idx))
    assert len(seen) == 1 and sorted(seen[0]) == ["a", "b"]


@pytest.mark.parametrize("dtype", ["category", "str", object])
def test_row_values_calls_func_once_per_distinct_value(dtype):
    calls = []

    def length(v):
        calls.append(v)
        return -1.0 if v is None else float(len(v))

    values = pd.Series(["ab", None, "abc", "ab", "abc", "ab"], dtype=dtype)
    out = coded.row_values(values, length, dtype=float)
    assert out.dtype == float and out.tolist() == [2.0, -1.0, 3.0, 2.0, 3.0, 2.0]
    assert len(calls) == 3 and set(calls) == {None, "ab", "abc"}


def test_row_values_objects():
    values = pd.Series(pd.Categorical(["x", None, "y"], categories=["y", "x", "z"]))
    out = coded.row_values(values, {"x": "X", "y": "Y"}.get)
    assert out.tolist() == ["X", None, "Y"]


# --- union, concat ---------------------------------------------------------------------------

def test_union_of_categoricals_with_different_categories():
    pieces = [pd.Series(pd.Categorical(["a", None, "b"], categories=["b", "a", "unused"])),
              pd.Series(pd.Categorical(["c", "a"], categories=["c", "a"])),
              pd.Series(["d", None], dtype="str"),
              pd.Series(pd.Categorical([], categories=["e"])),
              pd.Series(pd.Categorical([None], categories=[]))]
    out = coded.union(pieces)
    expected = pd.concat([p.astype(object) for p in pieces], ignore_index=True)
    assert isinstance(out, pd.Categorical)
    assert _plain(out) == _plain(expected) == ["a", None, "b", "c", "a", "d", None, None]
    assert out.codes.tolist().count(-1) == 3
    assert len(set(out.categories)) == len(out.categories)


def test_concat_keeps_categoricals_and_plain_columns():
    first = pd.DataFrame({"area": pd.Categorical(["b", None], categories=["b", "a"]),
                          "year": [2016, 2017], "text": pd.Series(["x", None], dtype="str")}
                         ).set_axis([10, 11])
    second = pd.DataFrame({"area": pd.Categorical(["c", "b", "c"]), "year": [2018, 2019, 2020],
                           "text": pd.Series(["y", "z", None], dtype="str")}, index=[0, 1, 2])
    out = coded.concat([first, second])
    assert list(out.columns) == ["area", "year", "text"]
    assert list(out.index) == [0, 1, 2, 3, 4]
    assert isinstance(out["area"].dtype, pd.CategoricalDtype)
    assert _plain(out["area"]) == ["b", None, "c", "b", "c"]
    assert out["year"].tolist() == [2016, 2017, 2018, 2019, 2020]
    assert out["year"].dtype == np.int64
    assert _plain(out["text"]) == ["x", None, "y", "z", None]
    expected = pd.concat([first, second], ignore_index=True).astype(object)
    pd.testing.assert_frame_equal(out.astype(object), expected)


def test_concat_categorical_in_one_frame_only():
    first = pd.DataFrame({"unit": pd.Categorical(["ha", None])})
    second = pd.DataFrame({"unit": pd.Series(["%", "ha"], dtype="str")})
    out = coded.concat([first, second])
    assert isinstance(out["unit"].dtype, pd.CategoricalDtype)
    assert _plain(out["unit"]) == ["ha", None, "%", "ha"]


def test_concat_one_frame_gets_a_fresh_index():
    frame = pd.DataFrame({"a": pd.Categorical(["x", "y"])}, index=[7, 3])
    out = coded.concat([frame])
    assert list(out.index) == [0, 1] and _plain(out["a"]) == ["x", "y"]


# --- rank, sort ------------------------------------------------------------------------------

def _sorted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The frame's rows in coded.order, moved by coded.move_rows (as clean_all does)."""
    return coded.move_rows(coded.columns_of(frame, list(frame.columns)),
                           coded.order(frame, by))


def test_sort_categorical_by_text_not_by_category_order():
    frame = pd.DataFrame({
        "name": pd.Categorical(["b", "a", None, "c", "a", "b"], categories=["c", "b", "a"]),
        "row": range(6)})
    out = _sorted(frame, ["name"])
    assert _plain(out["name"]) == ["a", "a", "b", "b", "c", None]
    assert out["row"].tolist() == [1, 4, 0, 5, 3, 2]  # ties keep their order; missing last
    assert list(out.index) == list(range(6))


def test_rank_categorical():
    values = pd.Series(pd.Categorical(["Đà Nẵng", "An Giang", None, "Bắc Kạn"],
                                      categories=["Bắc Kạn", "Đà Nẵng", "An Giang", "x"]))
    text = _plain(values)
    order = sorted(range(4), key=lambda i: (text[i] is None, text[i] or ""))
    assert np.argsort(coded.rank(values)[0], kind="stable").tolist() == order == [1, 3, 0, 2]


def test_sort_mixed_categorical_and_int_keys_like_pandas():
    frame = pd.DataFrame({
        "entity": pd.Categorical(["vn", "ha-noi", "vn", None, "ha-noi", "an-giang", "vn"],
                                 categories=["vn", "ha-noi", "an-giang"]),
        "year": [2016, 2017, 2015, 2016, 2017, 2020, 2016],
        "source": pd.Categorical(["s2", "s1", "s1", "s1", "s0", "s3", "s1"],
                                 categories=["s3", "s2", "s1", "s0"]),
        "row": range(7)})
    out = _sorted(frame, ["entity", "year", "source"])
    expected = frame.astype({"entity": object, "source": object}).sort_values(
        ["entity", "year", "source"], kind="stable", na_position="last").reset_index(drop=True)
    assert out["row"].tolist() == expected["row"].tolist() == [5, 4, 1, 2, 6, 0, 3]
    assert _plain(out["entity"]) == _plain(expected["entity"])


def test_sort_float_column_puts_missing_last():
    frame = pd.DataFrame({"value": [2.0, np.nan, 1.0, 2.0], "row": range(4)})
    assert _sorted(frame, ["value"])["row"].tolist() == [2, 0, 3, 1]


def test_sort_text_column_without_missing():
    frame = pd.DataFrame({"name": pd.Series(["b", "c", "a", "b"], dtype="str"), "row": range(4)})
    assert _sorted(frame, ["name"])["row"].tolist() == [2, 0, 3, 1]


def test_sort_object_column_puts_missing_last():
    frame = pd.DataFrame({"name": pd.Series(["b", None, "a"], dtype=object), "row": range(3)})
    assert _sorted(frame, ["name"])["row"].tolist() == [2, 0, 1]


def test_sort_str_column_with_missing():
    frame = pd.DataFrame({"name": pd.Series(["b", None, "a"], dtype="str"), "row": range(3)})
    assert _sorted(frame, ["name"])["row"].tolist() == [2, 0, 1]


# --- arrow_text ------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["category", "str", object])
def test_arrow_text(dtype):
    values = pd.Series(["Hà Nội", None, "x", "Hà Nội", float("nan")], dtype=dtype)
    out = coded.arrow_text(values)
    assert isinstance(out, pa.Array) and out.type == pa.string()
    assert out.to_pylist() == ["Hà Nội", None, "x", "Hà Nội", None]
    assert out.null_count == 2


def test_arrow_text_categorical_all_missing_or_empty():
    assert coded.arrow_text(pd.Series(pd.Categorical([None, None]))).to_pylist() == [None, None]
    empty = coded.arrow_text(pd.Series(pd.Categorical([], categories=["a"])))
    assert empty.type == pa.string() and len(empty) == 0


def test_concat_refuses_frames_with_other_columns():
    with pytest.raises(ValueError, match="cannot concatenate"):
        coded.concat([pd.DataFrame({"a": pd.Categorical(["x"])}),
                      pd.DataFrame({"a": pd.Categorical(["y"]), "b": [1]})])


def test_rank_categorical_of_numbers_sorts_by_number():
    ranks, size = coded.rank(pd.Series(pd.Categorical([10, 9, 100, None])))
    assert ranks.tolist() == [1, 0, 2, 3]


def test_arrow_text_categorical_of_numbers():
    text = coded.arrow_text(pd.Series(pd.Categorical([2016, 2017, None])))
    assert text.to_pylist() == ["2016", "2017", None]


def test_parts_of_small_integers_uses_offsets_and_large_ones_factorize():
    codes, uniques = coded.parts_of(pd.Series([2020, 2018, 2020]))
    assert codes.tolist() == [2, 0, 2] and list(uniques) == [2018, 2019, 2020]
    key, keys = coded.combine([(codes, uniques)])
    assert [keys[k] for k in key] == [2020, 2018, 2020] and len(keys) == 2
    codes, uniques = coded.parts_of(pd.Series([10**9, 0, 10**9]))
    assert [uniques[c] for c in codes] == [10**9, 0, 10**9] and len(uniques) == 2


@given(st.lists(st.tuples(st.integers(-1, 2), st.sampled_from(
    [0.0, -0.0, 1.5, 2.25, float("nan"), 1e300, -7.0])), max_size=40))
def test_repeated_matches_pandas_duplicated(rows):
    codes = np.array([c for c, _ in rows], dtype=np.int64)
    numbers = np.array([v for _, v in rows], dtype=float)
    expected = pd.DataFrame({"c": codes, "v": numbers}).duplicated(keep="first").to_numpy()
    assert coded.repeated([(codes, ["a", "b", "c"])], numbers).tolist() == expected.tolist()


def test_repeated_is_not_fooled_by_a_hash_collision():
    """Two different rows built so that the hash of (codes, float bits) collides."""
    codes = np.array([0, 1], dtype=np.int64)  # radix digits 1 and 2
    first = np.array([1.5]).view(np.int64)[0]
    prime = np.int64(1_000_003)
    colliding = (np.int64(1) * prime ^ first) ^ (np.int64(2) * prime)
    numbers = np.array([1.5, np.array([colliding]).view(np.float64)[0]])
    assert not np.isnan(numbers[1])
    assert coded.repeated([(codes, ["a", "b"])], numbers).tolist() == [False, False]
    assert coded.repeated([(np.array([0, 0]), ["a"])], np.array([1.5, 1.5])).tolist() == \
        [False, True]
    # Different 64-bit mixes that fold to the same 32-bit hash (high ^ low cancels out).
    folded = colliding ^ np.int64((1 << 32) | 1)
    numbers = np.array([1.5, np.array([folded]).view(np.float64)[0]])
    assert not np.isnan(numbers[1])
    assert coded.repeated([(codes, ["a", "b"])], numbers).tolist() == [False, False]


def test_sort_by_keys_too_many_for_one_number_uses_lexsort(monkeypatch):
    """Keys whose ranks cannot share one int64 are sorted by np.lexsort, in the same order."""
    rng = np.random.default_rng(3)
    columns = [f"k{i}" for i in range(9)]  # 9 keys of ~250 distinct values: > 2**62
    frame = pd.DataFrame({c: rng.integers(0, 10**12, 300) for c in columns})
    expected = frame.sort_values(columns, kind="stable").reset_index(drop=True)
    called = []
    real = np.lexsort
    monkeypatch.setattr(np, "lexsort", lambda keys: called.append(1) or real(keys))
    result = _sorted(frame, columns)
    assert called
    pd.testing.assert_frame_equal(result, expected)


@given(st.lists(st.integers(0, 2**62 - 1), max_size=60), st.integers(1, 62))
def test_radix_argsort_is_a_stable_argsort(values, bits):
    """16 bits at a time from the lowest digit gives NumPy's stable argsort, for keys of
    any width (one to four digits), repeated keys keeping their order."""
    key = np.array([v % (1 << bits) for v in values], dtype=np.int64)
    expected = np.argsort(key, kind="stable")
    assert coded.radix_argsort(key, 1 << bits).tolist() == expected.tolist()


def test_radix_argsort_empty_and_single_value():
    assert coded.radix_argsort(np.zeros(0, dtype=np.int64), 1).tolist() == []
    assert coded.radix_argsort(np.zeros(4, dtype=np.int64), 1).tolist() == [0, 1, 2, 3]


def test_move_rows_takes_each_column_out_as_it_moves_it():
    """move_rows gives the rows at the positions with a fresh index, dtypes kept, and
    empties the column dict (so nothing of the old table is held any more)."""
    frame = pd.DataFrame({"a": pd.Categorical(["x", "y", "x"]), "b": [1.5, 2.5, 3.5],
                          "c": pd.array(["p", "q", "r"], dtype="str"), "n": [7, 8, 9]},
                         index=[10, 11, 12])
    expected = frame[["a", "b", "c"]].iloc[[2, 0, 1]].reset_index(drop=True)
    columns = coded.columns_of(frame, ["a", "b", "c"])
    moved = coded.move_rows(columns, np.array([2, 0, 1]))
    pd.testing.assert_frame_equal(moved, expected)
    assert columns == {}


def test_moving_rows_leaves_the_frame_as_it_is():
    frame = pd.DataFrame({"k": [2, 1, 2, 0], "v": ["a", "b", "c", "d"]})
    before = frame.copy()
    assert _sorted(frame, ["k"])["v"].tolist() == ["d", "b", "a", "c"]
    pd.testing.assert_frame_equal(frame, before)


def test_parts_of_small_integers_spanning_more_than_their_type():
    """Offsets from the minimum are computed wide: int8 values from -100 to 100 span 200."""
    codes, uniques = coded.parts_of(np.array([-100, 100, 0], dtype=np.int8))
    assert [uniques[c] for c in codes.tolist()] == [-100, 100, 0]
