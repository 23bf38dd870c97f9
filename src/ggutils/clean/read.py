"""Reading a registered raw file as a table of text, and what reading set aside.

CSV files go through pandas' C reader (header=None, every cell text, blank lines kept so
row numbers stay the file's); a file with ragged rows is read again row by row and those
rows are quarantined. Excel files are read with openpyxl: the sheet the registry names, or
the first visible one. A formula with no stored value is kept as its formula text, which
the checks quarantine. Errors name the file (and the row or column).
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ggutils.errors import RawDataError
from ggutils.reference.sources import Source, confinement_problem

QUARANTINE_COLUMNS = ["source_file", "source_row", "raw", "field", "reason"]
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_SNIFF_DELIMITERS = [",", ";", "\t"]


@dataclass(frozen=True)
class Table:
    """A raw table as text, with what reading it set aside."""

    frame: pd.DataFrame     # data rows as text; column `_row` = the spreadsheet row number
    rejected: pd.DataFrame  # ragged rows, as quarantine rows
    non_data: int           # rows repeating the header
    rows_read: int          # every row after the header(s)


def raw_file(raw_dir: Path, source: Source) -> Path:
    """The registered file, refused when it lies outside the raw folder or is a link."""
    problem = confinement_problem(raw_dir, source.file)
    if problem:
        raise RawDataError(source.file, f"source {source.id!r}: {problem}", field="file")
    return Path(raw_dir) / source.file


def read_table(path: Path, source: Source) -> Table:
    """Read a raw CSV or Excel file as text (errors name the file, and row or column)."""
    head = _check_file(path, source)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        rows = _excel_rows(path, source)
        return _drop_repeated_headers(_table_from_rows(rows, source, path))
    delimiter = source.delimiter or _sniff_delimiter(head)
    try:
        frame = pd.read_csv(path, header=None, dtype=str, keep_default_na=False,
                            sep=delimiter, encoding=_encoding(source),
                            encoding_errors="strict", skip_blank_lines=False)
        table = _table_from_frame(frame, source, path)
    except pd.errors.ParserError:  # ragged rows: read them one by one and quarantine them
        with path.open(encoding=_encoding(source), newline="") as handle:
            table = _table_from_rows(list(csv.reader(handle, delimiter=delimiter)), source,
                                     path)
    except pd.errors.EmptyDataError:
        raise RawDataError(path, "the file holds no header row") from None
    except UnicodeDecodeError as exc:
        raise RawDataError(path, f"not valid {source.encoding} text ({exc.reason} at byte "
                           f"{exc.start}); set `encoding` in sources.yml") from None
    except (csv.Error, ValueError) as exc:
        raise RawDataError(path, f"cannot be parsed as a table: {exc}") from None
    return _drop_repeated_headers(table)


def _encoding(source: Source) -> str:
    """The registry's encoding; UTF-8 drops a byte-order mark."""
    plain = source.encoding.lower().replace("_", "-")
    return "utf-8-sig" if plain in ("utf-8", "utf8") else source.encoding


def _check_file(path: Path, source: Source) -> str:
    """The first 64 KiB as text, decoded with the declared encoding; errors for a missing,
    empty, oversized or binary file."""
    if not path.is_file():
        raise RawDataError(path, "registered in sources.yml but the file is missing")
    size = path.stat().st_size
    if size == 0:
        raise RawDataError(path, "the file is empty")
    if size > source.max_file_mb * 1024 * 1024:
        raise RawDataError(path, f"the file is {size / 1024 / 1024:.0f} MB, over the "
                           f"{source.max_file_mb:g} MB limit (raise `max_file_mb` in "
                           "sources.yml to read it)")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return ""
    with path.open("rb") as handle:
        head = handle.read(65536)
    try:
        text = codecs.getincrementaldecoder(_encoding(source))().decode(head)
    except UnicodeDecodeError as exc:
        if b"\x00" in head:
            raise RawDataError(path, "binary content (NUL bytes): not valid text, not a "
                               "CSV") from None
        raise RawDataError(path, f"not valid {source.encoding} text ({exc.reason} at byte "
                           f"{exc.start}); set `encoding` in sources.yml") from None
    if "\x00" in text:
        raise RawDataError(path, "binary content (NUL characters): not valid text, not a CSV")
    return text


def _sniff_delimiter(head: str) -> str:
    """The most frequent of ',', ';' and tab on the first line (',' on a tie)."""
    first = head.splitlines()[0] if head else ""
    return max(_SNIFF_DELIMITERS, key=lambda d: (first.count(d), d == ","))


def _excel_rows(path: Path, source: Source) -> list[list[str]]:
    """The sheet's rows as text: the sheet the registry names, else the first visible one;
    a formula whose value was never stored is kept as its formula text."""
    import openpyxl

    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    if source.sheet is not None:
        if source.sheet not in values.sheetnames:
            raise RawDataError(path, f"no sheet named {source.sheet!r} (sheets: "
                               f"{values.sheetnames})", field="sheet")
        name = source.sheet
    else:
        visible = [ws.title for ws in values.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise RawDataError(path, "no visible sheet (name one with `sheet`)")
        name = visible[0]
    rows = []
    for cached, written in zip(values[name].iter_rows(), formulas[name].iter_rows(),
                               strict=True):
        rows.append([_cell_text(c.value, w.value if w.data_type == "f" else None)
                     for c, w in zip(cached, written, strict=True)])
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _cell_text(value: object, formula: object) -> str:
    if value is None:
        return str(formula) if formula is not None else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_names(header: list[list[str]], path: Path) -> list[str]:
    """One name per column (several header rows joined, see _join_headers); two columns
    with the same name are an error naming both."""
    names = _join_headers(header) if len(header) > 1 else [c.strip() for c in header[0]]
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in first:
            raise RawDataError(path, f"columns {first[name] + 1} and {i + 1} are both named "
                               f"{name!r}: rename one (a second column of the same name "
                               "would be ignored)", field=name)
        first[name] = i
    return names


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


def _table_from_frame(frame: pd.DataFrame, source: Source, path: Path) -> Table:
    """A frame read with header=None: the first header_rows rows name the columns."""
    k = source.header_rows
    if len(frame) < k:
        raise RawDataError(path, f"expected {k} header row(s), found {len(frame)}")
    header = frame.iloc[:k].fillna("").to_numpy(dtype=object).tolist()
    data = frame.iloc[k:].reset_index(drop=True)
    data.columns = _header_names(header, path)
    data.insert(0, "_row", range(k + 1, k + 1 + len(data)))
    return Table(data, pd.DataFrame(columns=QUARANTINE_COLUMNS), 0, len(data))


def _table_from_rows(rows: list[list[str]], source: Source, path: Path) -> Table:
    """Rows of unequal length: those with the header's number of fields are the table,
    the others (unless blank) quarantined as ragged."""
    k = source.header_rows
    if len(rows) < k:
        raise RawDataError(path, f"expected {k} header row(s), found {len(rows)}")
    columns = _header_names(rows[:k], path)
    good, numbers, rejected = [], [], []
    for number, row in enumerate(rows[k:], start=k + 1):
        if len(row) == len(columns):
            good.append(row)
            numbers.append(number)
        elif any(cell.strip() for cell in row):
            rejected.append({"source_file": source.file, "source_row": number,
                             "raw": " | ".join(row), "field": "row",
                             "reason": f"ragged row: {len(row)} fields, the header has "
                                       f"{len(columns)}"})
    frame = pd.DataFrame(good, columns=columns, dtype="str")
    frame.insert(0, "_row", numbers)
    return Table(frame, pd.DataFrame(rejected, columns=QUARANTINE_COLUMNS), 0,
                 len(rows) - k)


def _drop_repeated_headers(table: Table) -> Table:
    """A row that repeats the header (tables pasted page by page) is not data."""
    frame = table.frame
    columns = [c for c in frame.columns if c != "_row"]
    if frame.empty or not columns:
        return table
    repeated = pd.Series(True, index=frame.index)
    for column in columns:
        repeated &= frame[column].str.strip().eq(column).fillna(False)
        if not repeated.any():
            return table
    return Table(frame[~repeated].reset_index(drop=True), table.rejected,
                 table.non_data + int(repeated.sum()), table.rows_read)
