"""Stage 1, cleaning: raw published tables -> one tidy, validated observation table.

Each file registered in data/raw/sources.yml is read by its layout into records (one printed
value each); a record becomes an observation or a quarantine row with the field and the
reason, or is counted as an empty cell. Conservation (values read = accepted + quarantined +
empty) is checked per file and in total, and the run fails if it does not add up.

Scale: files are read by pyarrow with text columns dictionary-encoded, so a check (a
province name, a year, a measure rule, a unit) runs once per distinct value and reaches the
records through their codes (see ggutils.coded); printed numbers, nearly all distinct, stay
Arrow text and are parsed by pyarrow's kernels. Observation text columns are Categoricals.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from . import coded
from .errors import GGUtilsError, RawDataError
from .indicators import Codebook
from .io import write_csv_atomic
from .numbers import (
    COMMA_DECIMAL,
    DOT_DECIMAL,
    MISSING_TOKENS,
    NOT_SEEN_TOKEN,
    QUALIFIER_WORDS,
    STATUSES,
    YearFormatError,
    decide,
    parse_cells,
    parse_year,
    to_numbers,
    trim_cells,
    utf8_buffers,
)
from .provinces import Register
from .sources import Registry, Source

OBSERVATION_COLUMNS = [
    "entity_id", "entity_type", "province_slug", "indicator", "year", "value", "unit",
    "qualifier", "status", "definition", "source_id", "source_file", "source_row",
    "source_tier", "preferred", "flag", "area_as_printed", "value_as_printed",
    "unit_as_printed",
]
QUARANTINE_COLUMNS = ["source_file", "source_row", "raw", "field", "reason"]
SOURCE_COLUMNS = ["source_id", "source_file", "title", "url", "tier"]
CONSERVATION_COLUMNS = ["source_file", "rows_read", "values_read", "accepted", "quarantined",
                        "empty", "non_data"]
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
YEAR_RANGE = (1990, 2035)
UNIQUE_COLUMNS = ["entity_id", "indicator", "year", "value", "definition", "status",
                  "source_id"]  # an observation repeating all of these is a duplicate


@dataclass(frozen=True)
class CleanResult:
    """What clean_all returns. `observations` holds its text columns as pandas Categoricals
    (a million rows of a few dozen provinces cost a byte each), and `value_as_printed`,
    nearly all distinct, as pyarrow text (dtype string[pyarrow]); read_observations gives
    the written CSV back as plain text."""

    observations: pd.DataFrame
    quarantine: pd.DataFrame
    conservation: pd.DataFrame
    sources: pd.DataFrame
    conventions: pd.DataFrame

    def summary(self) -> str:
        """The conservation table as text, with the totals line. values_read = accepted +
        quarantined + empty; rows that repeat the header are counted as non_data."""
        total = self.conservation[CONSERVATION_COLUMNS[1:]].sum()
        lines = [self.conservation.to_string(index=False),
                 "TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items())]
        return "\n".join(lines)


# --- Reading ------------------------------------------------------------------------------

_SNIFF_DELIMITERS = [",", ";", "\t"]


@dataclass(frozen=True)
class Table:
    """A raw table as strings, with what reading it set aside."""

    frame: pd.DataFrame            # data rows, all str; column `_row` = spreadsheet row number
    rejected: list[dict]           # ragged rows, as quarantine rows
    non_data: int                  # repeated header rows
    rows_read: int                 # every row after the header(s)


def _check_file(path: Path, source: Source) -> bytes:
    if not path.is_file():
        raise RawDataError(path, "registered in sources.yml but the file is missing")
    size = path.stat().st_size
    if size == 0:
        raise RawDataError(path, "the file is empty")
    if size > source.max_file_mb * 1024 * 1024:
        raise RawDataError(path, f"the file is {size / 1024 / 1024:.0f} MB, over the "
                           f"{source.max_file_mb:g} MB limit (raise `max_file_mb` in "
                           "sources.yml to read it)")
    with path.open("rb") as handle:
        head = handle.read(65536)
    if path.suffix.lower() not in (".xlsx", ".xlsm") and b"\x00" in head:
        raise RawDataError(path, "binary content (NUL bytes): not valid text, not a CSV")
    return head


def _encoding(source: Source) -> str:
    return "utf-8-sig" if source.encoding.lower().replace("_", "-") in ("utf-8", "utf8") \
        else source.encoding


def _delimiter(head: bytes, source: Source) -> str:
    if source.delimiter:
        return source.delimiter
    try:
        first = head.decode(_encoding(source), errors="replace").splitlines()[0]
    except IndexError:
        return ","
    counts = {d: first.count(d) for d in _SNIFF_DELIMITERS}
    return max(_SNIFF_DELIMITERS, key=lambda d: (counts[d], d == ","))


def _join_headers(rows: list[list[str]]) -> list[str]:
    """Several header rows -> one name per column: merged cells (blank continuations) take
    the value on their left, parts are joined with ' - '."""
    filled = []
    for row in rows[:-1]:
        out, last = [], ""
        for cell in row:
            last = cell.strip() or last
            out.append(last)
        filled.append(out)
    filled.append([c.strip() for c in rows[-1]])
    names = []
    for parts in zip(*filled, strict=True):
        kept = [p for i, p in enumerate(parts) if p and (i == 0 or p != parts[i - 1])]
        names.append(" - ".join(dict.fromkeys(kept)))
    return names


def _read_rows_slow(path: Path, source: Source, delimiter: str) -> list[list[str]]:
    """Every row as a list of strings (for ragged files and multi-row headers)."""
    with path.open(encoding=_encoding(source), newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def _unique_names(names: list[str]) -> list[str]:
    """Column names made unique the way pandas does it ('x', 'x.1', ...)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def _coded_frame(frame: pd.DataFrame, rows: range | np.ndarray) -> pd.DataFrame:
    """Text columns as Categoricals (each distinct printed text stored once), `_row` first."""
    out = {"_row": np.asarray(rows, dtype=np.int64)}
    for column in frame.columns:
        out[column] = frame[column].astype("category").array
    return pd.DataFrame(out, columns=["_row", *frame.columns])


def _frame_from_rows(rows: list[list[str]], source: Source, path: Path) -> Table:
    header_rows = source.header_rows
    if len(rows) < header_rows:
        raise RawDataError(path, f"expected {header_rows} header row(s), found {len(rows)}")
    columns = _unique_names(_join_headers(rows[:header_rows]) if header_rows > 1 else
                            [c.strip() for c in rows[0]])
    good, numbers, rejected = [], [], []
    for i, row in enumerate(rows[header_rows:]):
        number = i + header_rows + 1
        if len(row) == len(columns):
            good.append(row)
            numbers.append(number)
        elif any(cell.strip() for cell in row):
            rejected.append({"source_file": source.file, "source_row": number,
                             "raw": " | ".join(row), "field": "row",
                             "reason": f"ragged row: {len(row)} fields, the header has "
                                       f"{len(columns)}"})
    frame = pd.DataFrame(good, columns=columns, dtype=object)
    return Table(_coded_frame(frame, numbers), rejected, 0, len(rows) - header_rows)


def _read_excel(path: Path, source: Source) -> list[list[str]]:
    frame = pd.read_excel(path, dtype=str, sheet_name=source.sheet or 0, header=None)
    return frame.fillna("").astype(str).values.tolist()


def read_table(path: Path, source: Source) -> Table:
    """Read a raw CSV or Excel file as text (Categorical columns, `_row` = the file's row
    number); errors name the file (and row)."""
    head = _check_file(path, source)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            table = _frame_from_rows(_read_excel(path, source), source, path)
        else:
            delimiter = _delimiter(head, source)
            if source.header_rows > 1:
                table = _frame_from_rows(_read_rows_slow(path, source, delimiter), source, path)
            else:
                table = _read_csv_fast(path, source, delimiter)
    except UnicodeDecodeError as exc:
        raise RawDataError(path, f"not valid {source.encoding} text ({exc.reason} at byte "
                           f"{exc.start}); set `encoding` in sources.yml") from None
    except (csv.Error, ValueError) as exc:
        raise RawDataError(path, f"cannot be parsed as a table: {exc}") from None
    return _drop_repeated_headers(table)


def _read_csv_arrow(path: Path, source: Source, delimiter: str) -> pd.DataFrame | None:
    """pyarrow's multi-threaded reader, columns read as dictionary-encoded text (value
    columns as plain text, see _value_columns); None
    when it cannot read the file as a plain table (then the C reader says why). Blank lines
    are not skipped (they would shift the row numbers quarantine rows cite): a blank line in
    a file of several columns is a ragged row, read by the slower readers."""
    try:
        with path.open(encoding=_encoding(source), newline="") as handle:
            names = next(csv.reader(handle, delimiter=delimiter), None)
        if not names or any("\n" in n or "\r" in n for n in names):
            return None  # a header over several lines: skip_rows=1 would cut it
        generated = [f"c{i}" for i in range(len(names))]
        values = _value_columns(source, [n.strip() for n in names])
        text = pyarrow.dictionary(pyarrow.int32(), pyarrow.string())
        types = {g: pyarrow.string() if n.strip() in values else text
                 for g, n in zip(generated, names, strict=True)}
        table = pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(
                skip_rows=1, column_names=generated,
                encoding="utf8" if _encoding(source) == "utf-8-sig" else source.encoding),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=types, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except Exception:  # noqa: BLE001 - ragged rows, bad bytes...: the C reader says why
        return None
    frame = _decode_distinct(table.unify_dictionaries()).to_pandas(types_mapper=_PLAIN_TEXT.get)
    frame.columns = _unique_names([n.strip() for n in names])
    frame.insert(0, "_row", np.arange(2, len(frame) + 2, dtype=np.int64))
    return frame


# Plain text columns stay pyarrow strings inside pandas (no conversion either way).
_PLAIN_TEXT = {pyarrow.string(): pd.ArrowDtype(pyarrow.string())}


def _value_columns(source: Source, names: list[str]) -> set[str]:
    """The columns holding printed values, read as plain text: numbers rarely repeat, so a
    dictionary would only cost (every other column is dictionary-encoded)."""
    if source.layout == "long":
        return {source.columns.get("value", "")}
    keep = source.area_column if source.layout == "wide" else source.year_column
    return {n for n in names if n != keep}


def _decode_distinct(table: pyarrow.Table) -> pyarrow.Table:
    """Columns whose values are mostly distinct (printed numbers) are kept as plain
    strings; a dictionary only pays where values repeat (names, years, units, sources)."""
    for i, column in enumerate(table.columns):
        if not pyarrow.types.is_dictionary(column.type):
            continue
        distinct = len(column.chunk(0).dictionary) if column.num_chunks else 0
        if distinct > max(table.num_rows // 2, 1000):
            table = table.set_column(i, table.field(i).name, pyarrow.chunked_array(
                [chunk.dictionary_decode() for chunk in column.chunks], pyarrow.string()))
    return table


def _read_csv_fast(path: Path, source: Source, delimiter: str) -> Table:
    frame = _read_csv_arrow(path, source, delimiter)
    if frame is not None:
        return Table(frame, [], 0, len(frame))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=delimiter,
                            encoding=_encoding(source), encoding_errors="strict",
                            skip_blank_lines=False)
    except pd.errors.ParserError:  # ragged rows: read them one by one and quarantine them
        return _frame_from_rows(_read_rows_slow(path, source, delimiter), source, path)
    except pd.errors.EmptyDataError:
        raise RawDataError(path, "the file holds no header row") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return Table(_coded_frame(frame, range(2, len(frame) + 2)), [], 0, len(frame))


def _drop_repeated_headers(table: Table) -> Table:
    """A row that repeats the header (tables pasted page by page) is not data."""
    frame = table.frame
    if frame.empty:
        return table
    repeated = np.ones(len(frame), dtype=bool)
    for col in (c for c in frame.columns if c != "_row"):
        repeated &= coded.row_mask(frame[col], lambda texts, col=col:
                                   texts.astype(str).str.strip() == col)
        if not repeated.any():
            return table
    return Table(frame[~repeated].reset_index(drop=True), table.rejected,
                 table.non_data + int(repeated.sum()), table.rows_read)


def _require_columns(frame: pd.DataFrame, names: list[str], path: Path) -> None:
    for name in names:
        if name not in frame.columns:
            shown = [c for c in frame.columns if c != "_row"]
            raise RawDataError(path, f"column {name!r} named in sources.yml is not in the "
                               f"file (columns: {shown})", field=name)


# Records: one row per printed value, with the columns the rules need, as Categoricals.
RECORD_COLUMNS = ["_row", "field", "area", "measure", "year", "value", "unit", "url"]


def _records_long(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    cols = source.columns
    _require_columns(frame, list(cols.values()), path)
    n = len(frame)
    records = pd.DataFrame({
        "_row": frame["_row"].to_numpy(), "field": coded.constant(cols["value"], n),
        "area": frame[cols["area"]].array, "measure": frame[cols["measure"]].array,
        "year": frame[cols["year"]].array, "value": frame[cols["value"]].array,
        "unit": frame[cols["unit"]].array if "unit" in cols else coded.constant(None, n),
        "url": frame[cols["source_url"]].array if "source_url" in cols
        else coded.constant(source.url, n),
    }, copy=False)  # columns stay separate blocks: no consolidating copy
    for role, column in cols.items():
        records[f"role:{role}"] = frame[column].array
    return records


def _melt(frame: pd.DataFrame, id_column: str) -> tuple[np.ndarray, np.ndarray, list[str],
                                                        pd.Series]:
    """Every cell of the value columns, row by row: (row positions, column positions,
    column names, the cells as text)."""
    columns = [c for c in frame.columns if c not in ("_row", id_column)]
    n_rows, n_cols = len(frame), len(columns)
    rows = np.repeat(np.arange(n_rows, dtype=np.int32), n_cols)
    cols = np.tile(np.arange(n_cols, dtype=np.int32), n_rows)
    stacked = pyarrow.concat_arrays([coded.arrow_text(frame[c]) for c in columns]) \
        if n_cols else pyarrow.array([], pyarrow.string())
    values = stacked.take(pyarrow.array(cols.astype(np.int64) * n_rows + rows))  # row-major
    return rows, cols, columns, pd.Series(pd.arrays.ArrowExtensionArray(values))


def _records_wide(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    _require_columns(frame, [source.area_column], path)
    rows, cols, columns, values = _melt(frame, source.area_column)
    sep = source.header_year_separator
    years, measures = [], []
    for name in columns:
        year, measure = name.split(sep, 1) if sep and sep in name else (source.year, name)
        years.append(year)
        measures.append(measure.strip())
    return pd.DataFrame({"_row": frame["_row"].to_numpy()[rows],
                         "field": pd.Categorical.from_codes(cols, columns),
                         "area": coded.take(frame[source.area_column], rows),
                         "measure": coded.from_values(cols, measures),
                         "year": coded.from_values(cols, years), "value": values,
                         "unit": coded.constant(None, len(rows)),
                         "url": coded.constant(source.url, len(rows))}, copy=False)


def _records_year_rows(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    _require_columns(frame, [source.year_column], path)
    rows, cols, columns, values = _melt(frame, source.year_column)
    field = pd.Categorical.from_codes(cols, columns)
    return pd.DataFrame({"_row": frame["_row"].to_numpy()[rows], "field": field,
                         "area": coded.constant(source.area, len(rows)), "measure": field,
                         "year": coded.take(frame[source.year_column], rows), "value": values,
                         "unit": coded.constant(None, len(rows)),
                         "url": coded.constant(source.url, len(rows))}, copy=False)


READERS = {"long": _records_long, "wide": _records_wide, "year_rows": _records_year_rows}


# --- Interpreting records -------------------------------------------------------------------

_PAREN = re.compile(r"\(([^)]*)\)")


def split_unit(text: str | None) -> tuple[str, str, str | None]:
    """'USD/person (lower bound: 'hơn')' -> ('USD/person', 'above', None);
    '% (first 9 months, y-o-y)' -> ('%', '', 'partial_year')."""
    if text is None:
        return "", "", None
    remarks = " ".join(_PAREN.findall(text)).lower()
    unit = _PAREN.sub("", text).strip()
    qualifier = ""
    if "lower bound" in remarks:
        qualifier = "above"
    elif "upper bound" in remarks:
        qualifier = "below"
    else:
        for word, meaning in QUALIFIER_WORDS.items():
            if re.search(rf"'{re.escape(word)}'|\b{re.escape(word)}\b", remarks):
                qualifier = meaning
                break
    status = "partial_year" if re.search(r"\d+ months|\d+ tháng", remarks) else None
    return unit, qualifier, status


class Rejected(Exception):
    """A value goes to quarantine: `field` broke the rule described by `reason`."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(reason)


@dataclass(frozen=True)
class Lookup:
    """Per-distinct-key results of one check, addressable per record.

    `codes` give every record its key's position in `results`; a field of every record's
    result is then one NumPy take, never a Python call per row.
    """

    codes: np.ndarray
    results: list          # per distinct key: the result tuple, or None when rejected
    index: pd.Index

    def pick(self, part: int, mask: np.ndarray | None = None, dtype=object,
             missing=None) -> pd.Series:
        """One element of every record's result: a Categorical, or with `dtype` int/float
        a typed column (rejected records get `missing`; callers pick accepted ones)."""
        column = [missing if r is None else r[part] for r in self.results]
        values = coded.from_values(self.codes, column) if dtype is object else \
            np.array(column, dtype=dtype)[self.codes]
        values = pd.Series(values, index=self.index, copy=False)
        return values if mask is None or mask.all() else values[mask]

    @property
    def parts(self) -> coded.Coded:
        """(codes, results): for keys combining this check's result with other columns."""
        return self.codes, self.results


@dataclass(frozen=True)
class Failure:
    """The records one check rejects (`bad`), and why: `explain(positions)` gives the
    (field, reason) of each rejected record asked about, built for those records only."""

    bad: np.ndarray
    explain: Callable[[np.ndarray], list[tuple[str, str]]]


def _per_unique(parts: list[coded.Coded], index: pd.Index, func) -> tuple[Lookup, Failure]:
    """Apply `func` once per distinct key (a value, or a tuple when several columns make the
    key; None where missing): a Lookup of results, and the records it rejects (func raised
    Rejected). A million rows with sixty names cost sixty calls."""
    codes, keys = coded.combine(parts)
    results, reasons = [], []
    for key in keys:
        try:
            results.append(func(key))
            reasons.append(None)
        except Rejected as rej:
            results.append(None)
            reasons.append((rej.field, rej.reason))
    rejected = np.array([r is not None for r in reasons], dtype=bool)

    def explain(positions: np.ndarray) -> list[tuple[str, str]]:
        return [reasons[k] for k in codes[positions]]

    return Lookup(codes, results, index), Failure(rejected[codes], explain)


def _measure_rule(source: Source, codebook: Codebook, where_columns: list[str]):
    def rule_for(key):
        measure, *extra = key if where_columns else (key,)
        rule = source.measure_rule(measure, dict(zip(where_columns, extra, strict=True)))
        if rule is None:
            raise Rejected("measure", f"measure {measure!r} is not mapped to an indicator "
                                      "in sources.yml")
        indicator = rule.indicator_for(measure)
        if indicator not in codebook:
            raise Rejected("measure", f"indicator {indicator!r} is not in the codebook")
        return rule, indicator, rule.unit, source.measures.index(rule), codebook[indicator].unit
    return rule_for


def _year_of(text):
    try:
        return parse_year(text)
    except YearFormatError as exc:
        raise Rejected("year", f"no usable year: {exc}") from None


def _entity_of(register: Register, source: Source):
    def entity(name):
        if name is None or (isinstance(name, float) and name != name):
            raise Rejected("area", f"area not identified: {source.area_missing_reason}")
        resolved = register.resolve(name, source.region_system)
        if not resolved.ok:
            hint = f" (candidates: {', '.join(resolved.candidates)})" \
                if resolved.candidates else ""
            raise Rejected("area", f"{resolved.reason} {name!r}{hint}")
        row = register.entity(resolved.entity_id)
        return (row["entity_id"], row["entity_type"],
                row["slug"] if row["entity_type"] == "province" else "")
    return entity


def _unit_of(codebook: Codebook):
    """Judge (measure rule result, printed unit): the unit the value is in and the factor
    to the indicator's unit. Records whose measure was rejected are not judged again."""
    def unit(key):
        rule, printed = key
        if rule is None:
            return None
        _, indicator_id, rule_unit, _, _ = rule
        printed = rule_unit if rule_unit is not None else (printed or "")
        indicator = codebook[indicator_id]
        unit_id = codebook.unit_id(printed)
        qualifier, status = "", None
        if unit_id is None:  # '% (first 9 months)': the remark is not part of the unit
            text, qualifier, status = split_unit(printed)
            unit_id = codebook.unit_id(text)
            if unit_id is None:
                raise Rejected("unit", f"unknown unit {text!r}")
        factor = codebook.conversion(unit_id, indicator.unit)
        if factor is None:
            raise Rejected("unit", f"unit {unit_id!r} cannot be converted to the indicator's "
                                   f"{indicator.unit!r} by any rule in the codebook")
        return factor, qualifier, status, printed
    return unit


def _field_names(source: Source) -> dict[str, str]:
    """Quarantine names the column as printed where the registry names one."""
    return {"area": source.columns.get("area", source.area_column or "area"),
            "year": source.columns.get("year", source.year_column or "year"),
            "unit": source.columns.get("unit", "unit"),
            "measure": source.columns.get("measure", "measure")}


def _source_ids(records: pd.DataFrame, source: Source) -> dict[str, str]:
    """One source id per publication: the file's id, numbered when rows cite several."""
    _, urls = coded.combine([coded.parts_of(records["url"])], in_order=True)
    urls = ["" if u is None else str(u) for u in urls]
    if len(urls) <= 1 or "source_url" not in source.columns:
        return {u: source.id for u in urls}
    return {u: f"{source.id}:{n}" for n, u in enumerate(dict.fromkeys(urls), start=1)}


def _numbers(records: pd.DataFrame, source: Source) -> tuple[np.ndarray, pd.Series, np.ndarray,
                                                              dict]:
    """Parse every value under its column's (or publication's) convention: values,
    qualifiers and rejection reasons. Conventions are decided per group, never per cell."""
    group_parts = [coded.parts_of(records["field"])]
    if source.number_format_by:
        group_parts.append(coded.parts_of(records[f"role:{_role_of(source)}"]))
    groups, keys = coded.combine(group_parts)
    parsed = parse_cells(records["value"])
    cells = np.arange(len(records))
    reports = decide(parsed, cells, groups, len(keys), source.number_format)
    values, reasons = to_numbers(parsed, cells, groups, reports)
    conventions = {"\x00".join(str(k) for k in (key if isinstance(key, tuple) else (key,))):
                   report for key, report in zip(keys, reports, strict=True)}
    worded = np.flatnonzero(parsed.qualifier != "")  # the few cells with a bound word
    codes = np.full(len(records), -1, dtype=np.int64)
    codes[worded], distinct = pd.factorize(parsed.qualifier[worded])
    qualifiers = pd.Series(coded.from_values(codes, list(distinct)), index=records.index)
    return values, qualifiers, reasons, conventions


def _role_of(source: Source) -> str:
    for role, column in source.columns.items():
        if column == source.number_format_by:
            return role
    raise RawDataError(source.file, f"number_format_by names {source.number_format_by!r}, "
                       "which is not one of `columns`")


def _rule_parts(records: pd.DataFrame, source: Source) -> tuple[list[coded.Coded], list[str]]:
    """What the measure rules look at: the measure, and the columns `where` clauses name."""
    where_cols = sorted({c for m in source.measures for c in m.where})
    role_by_column = {col: role for role, col in source.columns.items()}
    parts = [coded.parts_of(records["measure"])]
    for column in where_cols:
        name = f"role:{role_by_column.get(column, column)}"
        parts.append(coded.parts_of(records[name]) if name in records else
                     (np.zeros(len(records), dtype=np.int8), [""]))
    return parts, where_cols


def _value_failure(records: pd.DataFrame, bad: np.ndarray,
                   why: Callable[[int], str]) -> Failure:
    """A check of the value itself: the quarantine names the record's own column."""
    def explain(positions: np.ndarray) -> list[tuple[str, str]]:
        fields = records["field"].iloc[positions].astype(object)
        return [(f, why(p)) for f, p in zip(fields, positions, strict=True)]
    return Failure(bad, explain)


def _first_failures(n: int, failures: list[Failure], names: dict[str, str]
                    ) -> tuple[np.ndarray, list[str], list[str]]:
    """Records that fail any check (a mask), and for those, in order, the field and the
    reason of the first check they fail."""
    first = np.full(n, -1, dtype=np.int8)
    for k, failure in enumerate(failures):
        first[(first < 0) & failure.bad] = k
    positions = np.flatnonzero(first >= 0)
    fields = np.empty(len(positions), dtype=object)
    reasons = np.empty(len(positions), dtype=object)
    for k, failure in enumerate(failures):
        mine = first[positions] == k
        if mine.any():
            explained = failure.explain(positions[mine])
            fields[mine] = [names.get(f, f) for f, _ in explained]
            reasons[mine] = [r for _, r in explained]
    return first >= 0, fields.tolist(), reasons.tolist()


_MISSING = pyarrow.array(sorted(MISSING_TOKENS))
_MISSING_BYTES = max(len(t.encode("utf-8")) for t in MISSING_TOKENS)


def _missing_marks(text: pyarrow.Array) -> np.ndarray:
    """Which cells are empty or a 'no value' mark; only cells as short as a mark are
    looked up (printed numbers are longer, so most cells are never hashed)."""
    offsets, _ = utf8_buffers(text)
    short = np.flatnonzero(np.diff(offsets) <= _MISSING_BYTES)
    empty = np.zeros(len(text), dtype=bool)
    if len(short):
        empty[short] = pc.is_in(text.take(pyarrow.array(short)), _MISSING).to_numpy(
            zero_copy_only=False)
    return empty


def _strip_values(records: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Records with a printed value (stripped, as text), and how many cells were empty or a
    'no value' mark."""
    text = coded.arrow_text(records["value"])
    text = trim_cells(pc.fill_null(text, "") if text.null_count else text)
    empty = _missing_marks(text)
    if not empty.any():
        return records.assign(value=pd.arrays.ArrowExtensionArray(text)), 0
    kept = records[~empty]
    return kept.assign(value=pd.Series(pd.arrays.ArrowExtensionArray(
        text.filter(pyarrow.array(~empty))), index=kept.index)), int(empty.sum())


def clean_source(source: Source, raw_dir: Path, codebook: Codebook, register: Register):
    """Clean one registered file: (observations, quarantine, conservation row, sources,
    conventions)."""
    path = raw_dir / source.file
    table = read_table(path, source)
    records, n_empty = _strip_values(READERS[source.layout](table.frame, source, path))
    ids = _source_ids(records, source) if len(records) else {}
    index = records.index
    not_seen = (records["value"] == NOT_SEEN_TOKEN).to_numpy(dtype=bool)
    rule_parts, where_cols = _rule_parts(records, source)
    rules, rule_fails = _per_unique(rule_parts, index,
                                    _measure_rule(source, codebook, where_cols))
    years, year_fails = _per_unique([coded.parts_of(records["year"])], index, _year_of)
    entities, area_fails = _per_unique([coded.parts_of(records["area"])], index,
                                       _entity_of(register, source))
    values, qualifiers, number_why, conventions = _numbers(records, source)
    units, unit_fails = _per_unique([rules.parts, coded.parts_of(records["unit"])], index,
                                    _unit_of(codebook))
    bad, fields, reasons = _first_failures(len(records), [
        _value_failure(records, not_seen, lambda _: "value exists in the source but was not "
                       "transcribed ([NOT SEEN]: past the readable part of the page)"),
        rule_fails, year_fails, area_fails,
        _value_failure(records, np.isnan(values), lambda p: number_why[p]),
        unit_fails,
    ], _field_names(source))
    bad_rows = records["_row"].to_numpy()[bad]
    quarantine = pd.DataFrame({
        "source_file": source.file, "source_row": bad_rows,
        "raw": _raw_rows(table.frame, bad_rows), "field": fields, "reason": reasons},
        columns=QUARANTINE_COLUMNS)
    quarantine = pd.concat([pd.DataFrame(table.rejected, columns=QUARANTINE_COLUMNS),
                            quarantine], ignore_index=True)
    ok = ~bad
    checks = {"rules": rules, "years": years, "entities": entities, "units": units,
              "values": values, "qualifiers": qualifiers, "ok": ok}
    obs = _observations(records, source, checks, ids)
    titles = _titles(records, source)
    sources = [{"source_id": sid, "source_file": source.file,
                "title": titles.get(url) or source.title, "url": url,
                "tier": source.tier_for(url)} for url, sid in ids.items()]
    conv = [{"source_file": source.file, "column": key.split("\x00")[0],
             "group": key.split("\x00")[1] if "\x00" in key else "",
             "convention": r.convention or ("mixed" if r.mixed else "ambiguous"),
             "dot_votes": r.votes[DOT_DECIMAL], "comma_votes": r.votes[COMMA_DECIMAL]}
            for key, r in sorted(conventions.items())]
    conservation = {"source_file": source.file, "rows_read": table.rows_read,
                    "values_read": len(records) + n_empty + len(table.rejected),
                    "accepted": len(obs), "quarantined": len(quarantine),
                    "empty": n_empty, "non_data": table.non_data}
    return obs, quarantine, conservation, sources, conv


def _raw_rows(frame: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """The quarantined rows as read, 'column=value | ...'."""
    if len(rows) == 0:
        return []
    columns = [c for c in frame.columns if c != "_row"]
    distinct = pd.unique(rows)
    positions = np.searchsorted(frame["_row"].to_numpy(), distinct)  # _row is ascending
    cells = [frame[c].iloc[positions].to_numpy(dtype=object) for c in columns]
    texts = {row: " | ".join(f"{c}={v}" for c, v in zip(columns, vals, strict=True))
             for row, *vals in zip(distinct, *cells, strict=True)}
    return [texts[r] for r in rows]


def _observations(records: pd.DataFrame, source: Source, checks: dict,
                  ids: dict) -> pd.DataFrame:
    """Accepted records -> observation rows. Each field is computed once per distinct
    combination of what it depends on and spread to the records by their codes; text
    columns are Categoricals."""
    mask = checks["ok"]
    if not mask.any():
        return pd.DataFrame(columns=[c for c in OBSERVATION_COLUMNS
                                     if c not in ("preferred", "flag")])
    every = bool(mask.all())
    ok = records if every else records[mask]
    rules, years, units, entities = (checks[k] for k in ("rules", "years", "units",
                                                         "entities"))

    def derive(parts: list[coded.Coded], func) -> pd.Categorical:
        codes, keys = coded.combine([(c if every else np.asarray(c)[mask], u)
                                     for c, u in parts])
        return coded.from_values(codes, [func(*k) if len(parts) > 1 else func(k)
                                         for k in keys])

    note_columns = sorted({rule.column for rule in source.status_rules})
    note_parts = [coded.parts_of(records[f"role:{c}"]) if f"role:{c}" in records else
                  (np.zeros(len(records), dtype=np.int8), [""]) for c in note_columns]

    def status(year, unit, *notes):
        if year[1] != "final":
            return year[1]
        noted = source.status_for(dict(zip(note_columns, ("" if n is None else str(n)
                                                          for n in notes), strict=True))) \
            if note_columns else None
        return unit[2] or noted or "final"

    url_codes, urls = coded.combine([coded.parts_of(ok["url"])])
    urls = ["" if u is None else str(u) for u in urls]
    return pd.DataFrame({
        "entity_id": entities.pick(0, mask).array, "entity_type": entities.pick(1, mask).array,
        "province_slug": entities.pick(2, mask).array,
        "indicator": rules.pick(1, mask).array,
        "year": years.pick(0, mask, dtype=np.int64, missing=0).to_numpy(),
        "value": (checks["values"] if every else checks["values"][mask])
        * units.pick(0, mask, dtype=float, missing=np.nan).to_numpy(),
        "unit": rules.pick(4, mask).array,
        "qualifier": derive([coded.parts_of(checks["qualifiers"]), units.parts],
                            lambda q, u: q or u[1]),
        "status": derive([years.parts, units.parts, *note_parts], status),
        "definition": derive([rules.parts, years.parts],
                             lambda r, y: source.measures[r[3]].definition_for(y[0])),
        "source_id": coded.from_values(url_codes, [ids[u] for u in urls]),
        "source_file": coded.constant(source.file, len(ok)),
        "source_row": ok["_row"].to_numpy(),
        "source_tier": np.array([source.tier_for(u) for u in urls], dtype=np.int64)[url_codes],
        "area_as_printed": ok["area"].array, "value_as_printed": ok["value"].array,
        "unit_as_printed": units.pick(3, mask).array,
    }, copy=False)


def _titles(records: pd.DataFrame, source: Source) -> dict[str, str]:
    """The first non-empty printed title of every publication."""
    if "role:source_title" not in records:
        return {}
    _, pairs = coded.combine([coded.parts_of(records["url"]),
                              coded.parts_of(records["role:source_title"])], in_order=True)
    titles: dict[str, str] = {}
    for url, title in pairs:
        if title is not None and str(title) != "":
            titles.setdefault("" if url is None else str(url), title)
    return titles


def _is_text(column: pd.Series) -> bool:
    """Text, held as strings or as a Categorical of strings (checked on its categories)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return all(isinstance(c, str) for c in column.cat.categories)
    return pd.api.types.is_string_dtype(column) and column.map(type).eq(str).all()


def observation_schema(codebook: Codebook) -> pa.DataFrameSchema:
    """The declared schema every accepted observation must satisfy. Text columns may be
    Categoricals (as clean_all makes them) or strings (as read back from the CSV)."""

    lowers = {i: ind.lower for i, ind in codebook.indicators.items()}
    uppers = {i: ind.upper for i, ind in codebook.indicators.items()}
    text = pa.Check(_is_text, name="text")

    def one_of(allowed) -> pa.Check:
        """pandera's isin, judged once per distinct value and spread to the rows by codes
        (a Categorical's isin looks at every row)."""
        allowed = sorted(allowed)
        return pa.Check(lambda s: pd.Series(coded.row_mask(s, lambda v: v.isin(allowed)),
                                            index=s.index, copy=False),
                        name=f"isin({allowed})")

    def within_bounds(df: pd.DataFrame) -> pd.Series:
        lower = coded.row_values(df["indicator"], lowers.get, dtype=float)
        upper = coded.row_values(df["indicator"], uppers.get, dtype=float)
        value = df["value"].to_numpy()
        return pd.Series((np.isnan(lower) | (value >= lower))
                         & (np.isnan(upper) | (value <= upper)), index=df.index)

    def not_repeated(df: pd.DataFrame) -> pd.Series:
        """No exact duplicates over UNIQUE_COLUMNS, the first of a set passing (pandera's
        unique= with report_duplicates='exclude_first', computed on category codes)."""
        labels = [coded.parts_of(df[c]) for c in UNIQUE_COLUMNS if c != "value"]
        return pd.Series(~coded.repeated(labels, df["value"].to_numpy(dtype=float)),
                         index=df.index)

    return pa.DataFrameSchema(
        {
            "entity_id": pa.Column(checks=text),
            "entity_type": pa.Column(checks=[text, one_of(["province", "region", "country"])]),
            "indicator": pa.Column(checks=[text, one_of(codebook.indicators)],
                                   title="indicator known"),
            "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE)),
            "value": pa.Column(float),
            "unit": pa.Column(checks=text),
            "status": pa.Column(checks=[text, one_of(STATUSES)]),
            "definition": pa.Column(checks=text),
            "source_id": pa.Column(checks=text),
        },
        checks=[pa.Check(within_bounds, name="value_within_indicator_bounds"),
                pa.Check(not_repeated, name="unique")],
    )


def _schema_reason(check: str, column: str, row: pd.Series, codebook: Codebook) -> tuple:
    """A quarantine (field, reason) in words for a failed schema check."""
    if check == "value_within_indicator_bounds":
        ind = codebook[row["indicator"]]
        return "value", (f"value {row['value']:g} outside the bounds of {ind.id} "
                         f"[{ind.lower}, {ind.upper}] (schema rule {check})")
    if "unique" in check or "duplicate" in check.lower():
        return "row", "exact duplicate of an earlier observation (schema rule unique)"
    if column == "year":
        return "year", f"year {row['year']} outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]} " \
                       f"(schema rule {check})"
    return column, f"{column} {row.get(column)!r} fails schema rule {check}"


def validate_observations(obs: pd.DataFrame, codebook: Codebook) -> tuple[pd.DataFrame, list]:
    """Split observations into those passing the schema and quarantine rows for the rest."""
    if obs.empty:
        return obs, []
    try:
        return observation_schema(codebook).validate(obs, lazy=True, inplace=True), []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        reasons: dict[int, tuple[str, str]] = {}
        for _, case in cases.iterrows():
            i = int(case["index"])
            column = str(case["column"]) if pd.notna(case["column"]) else "value"
            reasons.setdefault(i, _schema_reason(str(case["check"]), column, obs.loc[i],
                                                 codebook))
        bad = obs.loc[list(reasons)]
        quarantined = [{"source_file": r.source_file, "source_row": r.source_row,
                        "raw": f"indicator={r.indicator} | year={r.year} | "
                               f"value={r.value_as_printed} | area={r.area_as_printed}",
                        "field": reasons[i][0], "reason": reasons[i][1]}
                       for i, r in bad.iterrows()]
        kept = obs.drop(index=list(reasons))
        return observation_schema(codebook).validate(kept, inplace=True), quarantined


def flag_inconsistent(obs: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """The consistency rules of the codebook: a total that differs from the sum of its
    parts (same entity, year and source) is flagged with both numbers; nothing is changed."""
    flags: dict[object, str] = {}
    keys = ["entity_id", "year", "source_id"]
    for rule in codebook.consistency:
        parts = obs[obs["indicator"].isin(rule.parts)]
        if parts.empty:
            continue
        sums = parts.groupby(keys, observed=True)["value"].agg(["sum", "count"])
        sums = sums[sums["count"] == len(rule.parts)]["sum"]
        totals = obs[obs["indicator"] == rule.total]
        expected = totals.set_index(keys).index.map(sums.to_dict())
        expected = pd.Series(expected, index=totals.index, dtype=float)
        off = (totals["value"] - expected).abs() > totals["value"].abs() * rule.tolerance_pct / 100
        for i in totals.index[off.fillna(False)]:
            flags[i] = (f"consistency: total {obs.at[i, 'value']:,.0f} differs from "
                        f"{' + '.join(rule.parts)} = {expected[i]:,.0f}")
    codes = np.full(len(obs), 0, dtype=np.int64)
    texts = ["", *dict.fromkeys(flags.values())]
    codes[obs.index.get_indexer(list(flags))] = [texts.index(f) for f in flags.values()]
    return pd.Series(pd.Categorical.from_codes(codes, categories=texts), index=obs.index)


def mark_preferred(obs: pd.DataFrame, published: dict[str, str] | None = None) -> pd.DataFrame:
    """Keep every conflicting value; set `preferred` on one per entity, indicator and year.

    The rule: an official or standard definition first, then values no consistency rule
    flagged, then the best source tier (1 official, 2 press, 3 secondary), then final over
    preliminary over estimates, then the newer publication (where `published` is known),
    then the first listed.
    """
    if obs.empty:
        return obs.assign(preferred=pd.Series(dtype=bool))
    group, keys = coded.combine([coded.parts_of(obs[c])
                                 for c in ("entity_id", "indicator", "year")])
    if len(keys) == len(obs):  # one value per entity, indicator and year: nothing to rank
        return obs.assign(preferred=True)
    # One number per value that orders it by the rule, the row last (ties: first listed);
    # the smallest of each entity-indicator-year is the preferred one.
    joined = coded.mixed_radix(_preference_digits(obs, published or {}), len(obs))
    if joined is None:  # rows x publications x statuses x tiers beyond an int64
        raise GGUtilsError(f"too many observations to rank ({len(obs)})")
    rank = joined[0]
    best = np.full(len(keys), np.iinfo(np.int64).max)
    np.minimum.at(best, group, rank)
    return obs.assign(preferred=rank == best[group])


def _preference_digits(obs: pd.DataFrame, published: dict[str, str]
                       ) -> Iterator[tuple[np.ndarray, int]]:
    """mark_preferred's criteria, the first deciding first, as (per-row digit, how many
    values it takes); made one at a time, so a million rows hold one digit at a time."""
    yield ~coded.row_mask(obs["definition"],
                          lambda d: d.astype(str).str.match(r"standard$|official")), 2
    yield (coded.row_mask(obs["flag"], lambda f: f.astype(str) != "") if "flag" in obs
           else np.zeros(len(obs), dtype=bool)), 2
    tier = obs["source_tier"].to_numpy()
    yield tier - tier.min(), int(tier.max() - tier.min()) + 1
    yield coded.row_values(obs["status"], lambda s: STATUS_RANK.get(s, len(STATUS_RANK)),
                           dtype=np.int8), len(STATUS_RANK) + 1
    dates = sorted({published.get(s, "") for s in coded.parts_of(obs["source_id"])[1]},
                   reverse=True)  # newest first, unknown ('') last
    yield coded.row_values(obs["source_id"], lambda s: dates.index(published.get(s, ""))
                           if s else 0, dtype=np.int64), len(dates)
    yield np.arange(len(obs)), len(obs)


@contextmanager
def _system_arrow_memory() -> Iterator[None]:
    """Arrow buffers from the C library's allocator while cleaning (the previous default is
    restored after). pyarrow's default, mimalloc, hands freed pages back to the system and
    faults them in again; on the project's 2-core VMs that doubled the cleaning time of a
    million values (benchmarks/bench_clean.py: about 4 s -> 2 s wall, sys time 2 s -> 0.3 s)."""
    previous = pyarrow.default_memory_pool()
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    try:
        yield
    finally:
        pyarrow.set_memory_pool(previous)


def clean_all(registry: Registry, codebook: Codebook, register: Register) -> CleanResult:
    """Clean every registered file; check conservation per file and in total."""
    with _system_arrow_memory():
        return _clean_all(registry, codebook, register)


def _clean_all(registry: Registry, codebook: Codebook, register: Register) -> CleanResult:
    obs_parts, q_parts, cons, srcs, convs = _clean_each(registry, codebook, register)
    observations = _stack(obs_parts)
    del obs_parts  # the table alone holds the rows now (see coded.move_rows)
    observations, schema_rejects = validate_observations(observations, codebook)
    quarantine = pd.concat([*q_parts, pd.DataFrame(schema_rejects, columns=QUARANTINE_COLUMNS)],
                           ignore_index=True)
    conservation = pd.DataFrame(cons, columns=CONSERVATION_COLUMNS)
    for file, n in pd.Series([r["source_file"] for r in schema_rejects]).value_counts().items():
        mask = conservation["source_file"] == file
        conservation.loc[mask, "accepted"] -= n
        conservation.loc[mask, "quarantined"] += n
    published = {s.id: s.published for s in registry.sources if s.published}
    observations = observations.assign(flag=flag_inconsistent(observations, codebook))
    observations = mark_preferred(observations, published)
    positions = coded.order(observations, ["entity_id", "indicator", "year", "source_id"])
    columns = coded.columns_of(observations, OBSERVATION_COLUMNS)
    del observations  # the columns alone hold the rows: each is freed once moved
    observations = coded.move_rows(columns, positions)
    result = CleanResult(observations, quarantine.astype({"source_row": int}), conservation,
                         pd.DataFrame(srcs, columns=SOURCE_COLUMNS), pd.DataFrame(convs))
    check_conservation(result)
    return result


def _clean_each(registry: Registry, codebook: Codebook, register: Register) -> tuple[list, ...]:
    """clean_source of every registered file: lists of observations, quarantines,
    conservation rows, sources and conventions."""
    obs_parts, q_parts, cons, srcs, convs = [], [], [], [], []
    for source in registry.sources:
        obs, quarantine, conservation, sources, conv = clean_source(
            source, registry.raw_dir, codebook, register)
        obs_parts.append(obs)
        q_parts.append(quarantine)
        cons.append(conservation)
        srcs.extend(sources)
        convs.extend(conv)
    return obs_parts, q_parts, cons, srcs, convs


def _stack(obs_parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The files' observations as one table."""
    found = [o for o in obs_parts if not o.empty]
    return coded.concat(found) if found else pd.DataFrame(
        columns=[c for c in OBSERVATION_COLUMNS if c not in ("preferred", "flag")])


def check_conservation(result: CleanResult) -> None:
    """Fail unless every value read was accepted, quarantined or counted empty."""
    c = result.conservation
    off = c[c["values_read"] != c["accepted"] + c["quarantined"] + c["empty"]]
    if not off.empty:
        raise GGUtilsError(f"conservation fails for {list(off['source_file'])}:\n{off}")
    if c["accepted"].sum() != len(result.observations):
        raise GGUtilsError("accepted values and observations written differ")
    if c["quarantined"].sum() != len(result.quarantine):
        raise GGUtilsError("quarantined values and quarantine rows written differ")


def write_clean(result: CleanResult, processed: Path) -> None:
    """Write observations, quarantine, sources and the conservation report atomically."""
    write_csv_atomic(result.observations, processed / "observations.csv")
    write_csv_atomic(result.quarantine, processed / "quarantine.csv")
    write_csv_atomic(result.sources, processed / "sources.csv")
    write_csv_atomic(result.conservation, processed / "conservation.csv")


def conflicts(observations: pd.DataFrame) -> pd.DataFrame:
    """Entity-indicator-years that several sources or definitions give different values for."""
    keys = ["entity_id", "indicator", "year"]
    spread = observations.groupby(keys, observed=True)["value"].agg(
        ["nunique", "min", "max", "count"])
    found = spread[spread["nunique"] > 1].reset_index()
    return found.rename(columns={"nunique": "distinct_values", "count": "observations"})


def read_observations(path: Path) -> pd.DataFrame:
    """Read observations.csv as written by write_clean (text stays text, blanks stay '')."""
    return pd.read_csv(path, keep_default_na=False, na_values={"value": [""]},
                       dtype={"province_slug": str, "qualifier": str, "flag": str})


def run_clean(data_dir: Path) -> CleanResult:
    """Stage 1 end to end: load the registry and reference data, clean, write, return."""
    from .indicators import load_codebook
    from .paths import ProjectPaths
    from .provinces import load_register
    from .sources import load_sources

    paths = ProjectPaths(data=Path(data_dir))
    codebook = load_codebook(paths.codebook)
    register = load_register(paths.register, paths.aliases)
    result = clean_all(load_sources(paths.sources, codebook), codebook, register)
    write_clean(result, paths.processed)
    return result
