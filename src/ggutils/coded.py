"""Columns of repeated text held as codes into their distinct values (pandas Categoricals).

A published table repeats the same few province names, years, units and sources on every
row. The cleaning works on each distinct value once and carries per-row codes (small
integers) instead of a million Python strings; these helpers move between the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

Coded = tuple[np.ndarray, Sequence]  # (codes per row, -1 = missing; the distinct values)
# Codes are the smallest integers that fit (a Categorical's own int8/int16...). A table of
# per-value results indexed by codes has one extra last slot for missing, so `table[codes]`
# is right for -1 too.


def parts_of(values: pd.Series | pd.Categorical | np.ndarray) -> Coded:
    """Codes and distinct values of a column (a Categorical's own, else factorized)."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        return values.codes, values.categories.to_numpy(dtype=object)
    offsets = _offsets(values)
    if offsets is not None:  # years and the like: the offset is the code
        codes, low = offsets
        return codes, np.arange(low, low + int(codes.max()) + 1).astype(object)
    array = np.asarray(values)
    if array.dtype.kind not in "iufb":  # numbers are hashed as numbers, the rest as objects
        array = array.astype(object)
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _offsets(values, span: int = 1 << 16) -> tuple[np.ndarray, int] | None:
    """Integers spanning fewer than `span` values, as offsets from their minimum (which are
    codes and sort ranks at once); None for anything else."""
    array = np.asarray(values)
    if array.dtype.kind not in "iu" or not len(array):
        return None
    low, high = int(array.min()), int(array.max())
    if high - low >= span:
        return None
    dtype = np.int16 if high - low < 1 << 15 else np.int32 if high - low < 1 << 31 else np.int64
    return np.subtract(array, low, dtype=np.int64).astype(dtype), low  # no int8 overflow


def from_values(codes: np.ndarray, per_code: Sequence) -> pd.Categorical:
    """The Categorical whose row i holds per_code[codes[i]] (None or NaN -> missing).
    Equal values of different codes share one category."""
    mapping, uniques = pd.factorize(np.asarray(list(per_code) + [None], dtype=object),
                                    use_na_sentinel=True)
    return pd.Categorical.from_codes(mapping[codes], categories=pd.Index(uniques, dtype=object),
                                     validate=False)


def constant(value: object, n: int) -> pd.Categorical:
    """n rows holding one value (None -> n missing values)."""
    return from_values(np.zeros(n, dtype=np.int8), [value])


def take(values: pd.Series | pd.Categorical, positions: np.ndarray) -> pd.Categorical:
    """Rows of a column by position, as a Categorical."""
    codes, uniques = parts_of(values)
    return pd.Categorical.from_codes(codes[positions], categories=pd.Index(uniques, dtype=object),
                                     validate=False)


def row_mask(values: pd.Series, predicate: Callable[[pd.Index], Sequence[bool]],
             missing: bool = False) -> np.ndarray:
    """A per-row boolean from a predicate evaluated on the distinct values only (on every
    value of a column that is not a Categorical)."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        hit = np.asarray(predicate(pd.Index(values.array)), dtype=bool)
        return np.where(values.isna().to_numpy(), missing, hit)
    codes, uniques = parts_of(values)
    hit = np.append(np.asarray(predicate(pd.Index(uniques, dtype=object)), dtype=bool), missing)
    return hit[codes]


def row_values(values: pd.Series, func: Callable[[object], object], dtype=object) -> np.ndarray:
    """A per-row array of func(value), func called once per distinct value (missing ->
    func(None))."""
    codes, uniques = parts_of(values)
    table = np.array([func(u) for u in uniques] + [func(None)], dtype=dtype)
    return table[codes]


_DENSE_KEYS = 1 << 22  # combinations counted in a dense table up to this many


def _radix(parts: Sequence[Coded], sizes: list[int]) -> np.ndarray:
    """Per row, its combination of codes as one mixed-radix number (digit = code + 1)."""
    joined = mixed_radix(((np.add(codes, 1, dtype=np.int64), size)
                          for (codes, _), size in zip(parts, sizes, strict=True)),
                         len(parts[0][0]))
    if joined is None:
        raise ValueError("too many combinations to encode")  # never met by a table
    return joined[0]


def _group(parts: Sequence[Coded], sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the number of its combination of codes, and each combination's radix."""
    radix = _radix(parts, sizes)
    space = int(np.prod(sizes, dtype=np.int64))
    if space <= _DENSE_KEYS:
        present = np.bincount(radix, minlength=space) > 0
        return (np.cumsum(present) - 1)[radix], np.flatnonzero(present)
    return pd.factorize(radix)


def repeated(parts: Sequence[Coded], numbers: np.ndarray) -> np.ndarray:
    """Per row, whether an earlier row has the same combination of values (of the coded
    columns and of a float column). The floats join through a 32-bit hash of their bits
    and the codes; rows whose hash repeats are then compared exactly, so a collision never
    makes a duplicate."""
    radix = _radix(parts, [len(uniques) + 1 for _, uniques in parts])
    numbers = np.asarray(numbers, dtype=np.float64) + 0.0  # one zero (-0.0 == 0.0)
    numbers[np.isnan(numbers)] = np.nan  # one NaN
    with np.errstate(over="ignore"):
        mixed = radix * np.int64(1_000_003)
        mixed ^= numbers.view(np.int64)
        mixed ^= mixed >> 32
    hashed = mixed.astype(np.int32)
    del mixed
    out = np.zeros(len(radix), dtype=bool)
    maybe = np.flatnonzero(pd.Series(hashed, copy=False).duplicated(keep=False).to_numpy())
    if len(maybe):
        exact = pd.DataFrame({"key": radix[maybe], "number": numbers[maybe]})
        out[maybe] = exact.duplicated(keep="first").to_numpy()
    return out


def _in_order(key: np.ndarray, distinct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense group numbers renumbered by first appearance. A number first appears where a
    run of equal numbers starts, so only the run starts are searched (a table lists a
    publication's rows together: a million rows, a few hundred runs)."""
    starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    seen = pd.unique(key[starts])
    renumber = np.empty(len(distinct), dtype=np.int64)
    renumber[seen] = np.arange(len(seen))
    return renumber[key], np.asarray(distinct)[seen]


def combine(parts: Sequence[Coded], in_order: bool = False) -> tuple[np.ndarray, list]:
    """Several coded columns -> one code per distinct combination present, and the
    combinations (a value, or a tuple with one value per column; missing -> None). With
    `in_order` they are numbered in order of first appearance. A column holding one value
    on every row (a file's unit, its source) takes no part in the grouping."""
    n = len(parts[0][0])
    sizes = [len(uniques) + 1 for _, uniques in parts]
    fixed = {i: int(codes[0]) for i, (codes, _) in enumerate(parts)
             if n and (np.asarray(codes) == codes[0]).all()}
    varying = [i for i in range(len(parts)) if i not in fixed]
    key, digits = _varying_key([parts[i] for i in varying], [sizes[i] for i in varying], n,
                               in_order)
    count = len(digits[0]) if digits else int(n > 0)
    columns = []
    for i, (_, uniques) in enumerate(parts):
        codes = np.full(count, fixed[i]) if i in fixed else digits[varying.index(i)]
        columns.append([None if c < 0 else uniques[c] for c in codes.tolist()])
    keys = columns[0] if len(parts) == 1 else list(zip(*columns, strict=True))
    return key, keys


def _varying_key(parts: Sequence[Coded], sizes: list[int], n: int, in_order: bool
                 ) -> tuple[np.ndarray, list[np.ndarray]]:
    """combine's grouping of the columns that vary: per row its combination's number, and
    per column the codes of every combination."""
    if not parts:
        return np.zeros(n, dtype=np.int64), []
    if len(parts) == 1 and not in_order and n:
        codes, uniques = parts[0]
        counts = np.bincount(codes.astype(np.int64) + 1, minlength=len(uniques) + 1)
        if counts[0] == 0 and counts[1:].all():  # every value used, none missing
            return codes, [np.arange(len(uniques))]
    key, distinct = _group(parts, sizes)
    if in_order and n:
        key, distinct = _in_order(key, distinct)
    digits = []
    rest = np.asarray(distinct, dtype=np.int64)
    for size in reversed(sizes):
        rest, digit = np.divmod(rest, size)
        digits.append(digit - 1)
    return key, digits[::-1]


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate frames with the same columns; a column that is categorical in any frame
    stays categorical, with the union of the categories."""
    columns = list(frames[0].columns)
    for frame in frames[1:]:
        if list(frame.columns) != columns:
            raise ValueError(f"cannot concatenate frames with columns {columns} and "
                             f"{list(frame.columns)}")
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    out = {}
    for column in columns:
        pieces = [f[column] for f in frames]
        if any(isinstance(p.dtype, pd.CategoricalDtype) for p in pieces):
            out[column] = union(pieces)
        else:
            out[column] = pd.concat(pieces, ignore_index=True)
    return pd.DataFrame(out)


def union(pieces: list[pd.Series]) -> pd.Categorical:
    """Columns stacked end to end as one Categorical."""
    coded = [parts_of(p) for p in pieces]
    every = np.concatenate([u for _, u in coded] + [np.array([], dtype=object)])
    every = every.astype(object)
    mapping, uniques = pd.factorize(every, use_na_sentinel=True)
    codes, offset = [], 0
    for c, u in coded:
        c = np.asarray(c, dtype=np.int64)
        codes.append(np.where(c < 0, -1, mapping[offset + np.maximum(c, 0)]) if len(u)
                     else np.full(len(c), -1))
        offset += len(u)
    return pd.Categorical.from_codes(np.concatenate(codes + [np.zeros(0, np.int64)]),
                                     categories=pd.Index(uniques, dtype=object))


def rank(values: pd.Series) -> tuple[np.ndarray, int]:
    """Per row, a number 0..size-1 that sorts like the row's value (text as text, numbers
    as numbers, missing last), and the size. A Categorical is ranked by sorting its
    categories, not its rows."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        order = np.empty(len(values.cat.categories) + 1, dtype=np.int64)
        order[values.cat.categories.argsort(kind="stable")] = np.arange(len(order) - 1)
        order[-1] = len(order) - 1  # missing (code -1) last
        return order[codes], len(order)
    offsets = _offsets(values.to_numpy(), span=1 << 24)
    if offsets is not None:
        return offsets[0], int(offsets[0].max()) + 1
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    return np.where(codes < 0, len(uniques), codes), len(uniques) + 1


def order(frame: pd.DataFrame, by: list[str]) -> np.ndarray:
    """The positions that sort the frame by the columns `by` (stable): the ranks joined
    into one mixed-radix key, sorted 16 bits at a time (np.lexsort when they cannot share
    an int64)."""
    joined = mixed_radix((rank(frame[c]) for c in by), len(frame))
    if joined is None:
        return np.lexsort([rank(frame[c])[0] for c in reversed(by)])
    return radix_argsort(*joined)


def mixed_radix(digits: Iterable[tuple[np.ndarray, int]], n: int
                ) -> tuple[np.ndarray, int] | None:
    """Per row, digits (each with how many values it takes, the first the most significant)
    joined into one int64 that orders rows like the digits do, and how many values it
    takes; None when they cannot share an int64. Digits are asked for one at a time, so
    only one is held beside the key."""
    key = np.zeros(n, dtype=np.int64)
    space = 1
    for digit, size in digits:
        if space * size >= 2 ** 62:
            return None
        key *= size
        key += digit
        space *= size
    return key, space


def columns_of(frame: pd.DataFrame, names: list[str]) -> dict[str, object]:
    """The named columns' arrays (no copies), for move_rows."""
    return {name: frame[name].array for name in names}


def move_rows(columns: dict[str, object], positions: np.ndarray) -> pd.DataFrame:
    """A frame of the rows at `positions` of the column arrays (fresh index). Each array is
    taken out of `columns` as it is moved, so a table that nothing else holds needs its
    memory once over, not twice (a frame taken whole holds both copies at its peak)."""
    moved = {}
    for name in list(columns):
        moved[name] = columns.pop(name).take(positions)
    return pd.DataFrame(moved, copy=False)


def radix_argsort(key: np.ndarray, space: int) -> np.ndarray:
    """A stable argsort of non-negative integers below `space`, one 16-bit digit at a
    time from the lowest (NumPy's stable sort of 16-bit integers is a radix sort, linear;
    of wider ones a merge sort, several times slower on a million rows)."""
    positions = np.arange(len(key), dtype=np.intp)
    shift = 0
    while shift == 0 or (space - 1) >> shift:
        digit = ((key[positions] >> shift) & 0xFFFF).astype(np.uint16)
        positions = positions[np.argsort(digit, kind="stable")]
        shift += 16
    return positions


def arrow_text(values: pd.Series) -> pa.Array:
    """A text column as one pyarrow string array (missing values as nulls), without a
    Python string per row."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = parts_of(values)
        if not pd.api.types.is_string_dtype(values.cat.categories.dtype):
            uniques = [str(u) for u in uniques]  # e.g. years read as numbers
        dictionary = pa.array(uniques, type=pa.string())
        return dictionary.take(pa.array(codes, mask=codes < 0))
    array = pa.array(values.array, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array if array.type == pa.string() else array.cast(pa.string())
