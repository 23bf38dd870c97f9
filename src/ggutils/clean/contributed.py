"""Filled request workbooks (data/raw/contributed/, layout `request_workbook`) ->
observations and quarantine rows, with no entry in sources.yml (ggutils.reference.sources registers
every entry of that folder).

Every entry of the folder is read or named: an .xlsx file (in any case: X.XLSX) is read; a
macro workbook (.xlsm), a folder, another format (notes.csv), an Office lock file or a hidden
file is one quarantine row naming it, with the reason it is not read (counted as one value
read, so it is in the conservation table).

Before openpyxl parses a workbook, its package is checked against `WorkbookLimits` (and the
source's `max_file_mb`): the file size, the total uncompressed size of its parts and the
compression ratio of each (zip headers only), the dimension each sheet declares (read from
the start of its XML), and the cells each sheet really holds (a scan of its XML for cell
references, bounded by the size limit); once the key is read, no row or column may lie
beyond the request sheet's extent (the last asked row and the table's columns, plus a
margin). A breach is a RawDataError naming the file and the limit: `ggutils clean` stops
with one line, exit 2, and writes nothing. Then the workbook is read once, in openpyxl's
read-only mode.

The workbook is the one `ggutils request` wrote (ggutils.requests.write; its format, shared with
this reader, is ggutils.requests.layout): its very hidden key sheet
says which entity, indicator and year each row of the request sheet asks for, and what every
locked cell of the row held. Each row of the request sheet is one value read; it is counted
as empty when nothing in it was filled or changed, and otherwise accepted or quarantined for
the first of these it fails (the field names the cell, as `'sheet'!L12`):

1. the request sheet is there under its own name (renamed: every filled row is quarantined;
   deleted: one quarantine row for the sheet, counted as one value read);
2. the row was asked for (a row added below the table: "year not asked");
3. no cell of the row, in any column, holds a formula ("formula, not a value");
4. its key row is intact and its locked cells hold what the key recorded (else "protected
   cell edited"), and nothing is typed outside the table;
5. a value is given (a missing mark such as '-' is none), and is a number: a number cell
   as stored, or text read with the project's number grammar (clean.numbers: "45,5" and
   "1.234,5" are Vietnamese; the workbook's language breaks a tie) and flagged `TEXT_FLAG`,
   its text kept in `value_as_printed`; a number with a bound word of the cleaning rules
   ("khoảng 40", "gần 40", "trên 40", "about 40") is approximate: quarantined, "give the
   number and say in remarks that it is approximate";
6. the value lies within the indicator's bounds and its plausible range (the codebook's);
7. the status is one of the drop-down's labels in either language (blank: the status words
   of the cleaning rules in the remarks, else final);
8. a source document is named (its title or its number).

Any other sheet (an added one, a hidden one) is one quarantine row naming it: not read.

An accepted value takes the entity, indicator and year from the key, the definition the
registry's `request_workbooks.measures` give the indicator for that year (as registered
values get theirs: a 2020 forest cover is `official_from_2016`; no rule: `standard`), the
sheet's name as `area_as_printed`, and a source per document named (title, number, date,
page): tier 1 when the document has a number, else tier 5 (contributed by a department
without a document number; it cannot confirm a "met").
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ggutils.clean.numbers import read_numbers
from ggutils.clean.read import QUARANTINE_COLUMNS, raw_file
from ggutils.clean.rules import CleaningRules
from ggutils.clean.source import OBSERVATION_COLUMNS, SourceResult
from ggutils.clean.validate import implausible_reason
from ggutils.errors import RawDataError
from ggutils.numbers import COMMA_DECIMAL, DOT_DECIMAL
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import LANGUAGES, load_messages
from ggutils.reference.provinces import Register, fold
from ggutils.reference.sources import CONTRIBUTED_DIR, Source
from ggutils.requests import layout as fmt
from ggutils.text import control_reason

REQUEST_LAYOUT = "request_workbook"
WORKBOOK_SUFFIX = ".xlsx"
TEXT_FLAG = "number typed as text, read with the number grammar"
FORMULA_REASON = ("formula, not a value: {text!r} in {cell}; type the value itself (a "
                  "formula is never read from a returned workbook)")
APPROXIMATE_REASON = ("approximate value {text!r}: give the number and say in remarks that "
                      "it is approximate")
OFFICIAL_TIER, CONTRIBUTED_TIER = 1, 5
SHEET_ROW = 0   # source_row of a quarantine row about a whole sheet or file
MB = 1024 * 1024


@dataclass(frozen=True)
class WorkbookLimits:
    """What a returned workbook may hold, checked before openpyxl parses it (the file size
    is the source's `max_file_mb`). The defaults leave a request workbook of any entity far
    inside them (the largest `ggutils request` writes is well under 1 MB of XML and a few
    hundred rows) and refuse the cases of issue 22 within a second: a cell at XFD1048576,
    a million rows, a zip that expands a thousandfold."""

    max_xml_mb: float = 20.0      # total uncompressed size of the package's parts
    max_ratio: float = 100.0      # uncompressed / compressed size of a part ...
    ratio_from_mb: float = 1.0    # ... that expands to more than this
    max_rows: int = 10_000        # rows any sheet may declare or hold
    max_columns: int = 52         # columns any sheet may declare or hold (AZ)
    extra_rows: int = 200         # rows read below the last asked row (each quarantined)
    extra_columns: int = 10       # columns read right of the table (a filled one quarantined)
    head_bytes: int = 65_536      # how much of a sheet's XML is read for its <dimension>


@dataclass(frozen=True)
class Extent:
    """The last row and column of a sheet: declared (<dimension ref>) or held (a cell)."""

    rows: int
    columns: int


@dataclass
class Row:
    """One row of the request sheet as read, and what was decided about it."""

    number: int
    cells: dict[str, object]              # column key -> value (formula text for a formula)
    formulas: dict[str, str]              # column key or letter -> formula text
    outside: dict[str, object]            # column letter -> value, beyond the table
    entry: dict | None                    # the key row, when the row was asked for
    failure: tuple[str, str] | None = None  # (column key or letter, reason)
    parsed: dict = field(default_factory=dict)

    def filled(self) -> list[str]:
        return [k for k in fmt.FILL_COLUMNS if fmt.cell_text(self.cells.get(k)).strip()]

    def touched(self) -> bool:
        return bool(self.filled() or self.outside)


@dataclass(frozen=True)
class Book:
    """A request workbook as read: its key, the request sheet (or why it is missing), and
    the other sheets it holds (not read)."""

    meta: dict[str, str]
    entries: dict[int, dict]   # request-sheet row -> key row
    sheet: str                 # the request sheet's name as the key gives it
    rows: list[Row]
    rows_read: int
    renamed_to: str | None     # the request sheet was renamed to this
    missing: bool              # the request sheet is not in the workbook
    other_sheets: tuple[tuple[str, bool], ...] = ()   # (name, hidden) of sheets not read


# --- Entries that are not workbooks ------------------------------------------------------

def not_read_reason(path: Path) -> str | None:
    """Why an entry of contributed/ is not read as a workbook, or None when it is one."""
    name = path.name
    if path.is_dir():
        return ("a folder: files in subfolders are not read; put each filled workbook in "
                "contributed/ itself")
    if name.startswith("~$"):
        return ("an Office lock file (its workbook is open in a spreadsheet program): not a "
                "workbook; close the program and re-run")
    if name.startswith("."):
        return "a hidden file: not a request workbook"
    suffix = path.suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        return (f"a macro-enabled workbook ({path.suffix}): never opened; save it as an Excel "
                "Workbook (.xlsx) and put that here")
    if suffix != WORKBOOK_SUFFIX:
        kind = f"another format ({path.suffix})" if path.suffix else "a file with no extension"
        return (f"{kind}: only filled request workbooks (.xlsx) are read from contributed/; "
                "register other tables in sources.yml")
    return None


def _not_read(source: Source, reason: str) -> SourceResult:
    quarantine = pd.DataFrame([{"source_file": source.file, "source_row": SHEET_ROW,
                                "raw": Path(source.file).name, "field": "file",
                                "reason": f"not read: {reason}"}], columns=QUARANTINE_COLUMNS)
    conservation = {"source_file": source.file, "rows_read": 0, "values_read": 1,
                    "accepted": 0, "quarantined": 1, "empty": 0, "out_of_scope": 0,
                    "non_data": 0}
    observations = pd.DataFrame(columns=[*[c for c in OBSERVATION_COLUMNS
                                           if c not in ("preferred", "flag")], "read_from_text"])
    return SourceResult(observations, quarantine, conservation, [], [])


# --- Limits, before parsing -------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]*)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?(?:c|row)\b[^>]*?\br="([A-Z]{0,3})([0-9]{1,7})"')
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_SCAN_CHUNK = 1 << 20


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def _declared(zf: zipfile.ZipFile, part: str, limits: WorkbookLimits) -> Extent | None:
    """The dimension a sheet declares, read from the start of its XML (None: not declared
    there)."""
    from openpyxl.utils.cell import range_boundaries

    with zf.open(part) as handle:
        head = handle.read(limits.head_bytes)
    found = _DIMENSION.search(head)
    if found is None:
        return None
    try:
        _, _, columns, rows = range_boundaries(found.group(1).decode("ascii", "replace"))
    except (ValueError, TypeError):
        return None
    return Extent(rows or 0, columns or 0)


def _held(zf: zipfile.ZipFile, part: str) -> Extent:
    """The last row and column any cell (or row) of a sheet's XML names, scanned in chunks
    (bounded memory; the part's size is already within the limits)."""
    rows = columns = 0
    tail = b""
    with zf.open(part) as handle:
        while chunk := handle.read(_SCAN_CHUNK):
            text = tail + chunk
            for letters, number in _CELL_REF.findall(text):
                rows = max(rows, int(number))
                if letters:
                    columns = max(columns, _column_number(letters))
            tail = text[-256:]
    return Extent(rows, columns)


def check_package(path: Path, max_file_mb: float, limits: WorkbookLimits) -> dict[str, Extent]:
    """Check a returned workbook against the limits before anything parses it; returns
    each sheet part's extent (the larger of declared and held). A breach is a RawDataError
    naming the file and the limit."""
    size = path.stat().st_size
    if size > max_file_mb * MB:
        raise RawDataError(path, f"the file is {size / MB:.1f} MB, over the max_file_mb "
                           f"limit of {max_file_mb:g} MB for a returned workbook")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RawDataError(path, f"cannot be read as an Excel workbook ({exc})") from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_xml_mb * MB:
            raise RawDataError(path, f"its parts expand to {total / MB:.0f} MB, over the "
                               f"limit of {limits.max_xml_mb:g} MB of XML for a returned "
                               "workbook (WorkbookLimits.max_xml_mb)")
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.ratio_from_mb * MB and ratio > limits.max_ratio:
                raise RawDataError(path, f"part {info.filename} expands {ratio:.0f} times "
                                   f"({info.compress_size} -> {info.file_size} bytes), over "
                                   f"the compression-ratio limit of {limits.max_ratio:g} "
                                   "(WorkbookLimits.max_ratio)")
        extents = {}
        for part in (i.filename for i in infos if _SHEET_PART.fullmatch(i.filename)):
            declared = _declared(zf, part, limits)
            if declared is not None:
                _within(path, part, declared, "declares", limits.max_rows, limits.max_columns,
                        "WorkbookLimits.max_rows/max_columns")
            held = _held(zf, part)
            _within(path, part, held, "holds", limits.max_rows, limits.max_columns,
                    "WorkbookLimits.max_rows/max_columns")
            declared = declared or held
            extents[part] = Extent(max(declared.rows, held.rows),
                                   max(declared.columns, held.columns))
    return extents


def _within(path: Path, where: str, extent: Extent, verb: str, rows: int, columns: int,
            setting: str) -> None:
    from openpyxl.utils import get_column_letter

    if extent.rows > rows or extent.columns > columns:
        last = f"{get_column_letter(min(max(extent.columns, 1), 18278))}{extent.rows}"
        raise RawDataError(path, f"{where} {verb} cells up to {last} ({extent.rows} rows, "
                           f"{extent.columns} columns), over the limit of {rows} rows and "
                           f"{columns} columns ({setting})")


# --- Reading, once, in read-only mode ---------------------------------------------------

def _load(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # a zip or XML error: not a workbook openpyxl can read
        raise RawDataError(path, f"cannot be read as an Excel workbook ({exc})") from None


def _part(ws) -> str:
    """The package part of a read-only sheet (openpyxl keeps it as `_worksheet_path`)."""
    return str(getattr(ws, "_worksheet_path", "")).lstrip("/")


def _extent(ws, extents: dict[str, Extent]) -> Extent:
    return extents.get(_part(ws), Extent(0, 0))


def _key(workbook, extents: dict[str, Extent], path: Path
         ) -> tuple[dict[str, str], dict[int, dict]]:
    """The key sheet: what the workbook is for, and its rows by request-sheet row."""
    if fmt.KEY_SHEET not in workbook.sheetnames:
        raise RawDataError(path, f"not a request workbook written by `ggutils request` (no "
                           f"sheet {fmt.KEY_SHEET!r}); put only filled request workbooks in "
                           "data/raw/contributed/", field="sheet")
    ws = workbook[fmt.KEY_SHEET]
    last = max(_extent(ws, extents).rows, 1)
    rows = ws.iter_rows(min_row=1, max_row=last, max_col=len(fmt.KEY_COLUMNS), values_only=True)
    head = [fmt.cell_text(v) for v in next(rows, ())][:len(fmt.KEY_HEAD)]
    if len(head) < len(fmt.KEY_HEAD) or head[0] != fmt.FORMAT:
        raise RawDataError(path, f"sheet {fmt.KEY_SHEET!r} does not start with {fmt.FORMAT!r}",
                           field="sheet")
    meta = dict(zip(fmt.KEY_HEAD, head, strict=True))
    entries = {}
    for number, values_row in enumerate(rows, start=2):
        if number < fmt.KEY_FIRST_ROW:
            continue
        entry = dict(zip(fmt.KEY_COLUMNS, values_row, strict=False))
        if entry.get("row") is None:
            continue
        expected = fmt.key_checksum(entry["row"], entry["entity"], entry["indicator"],
                                entry["targets"], entry["year"], entry["locked"])
        entry["intact"] = expected == entry.get("checksum") and entry["entity"] == meta["entity"]
        try:
            entries[int(entry["row"])] = entry
        except (TypeError, ValueError):
            raise RawDataError(path, f"sheet {fmt.KEY_SHEET!r} row {number}: the key's row "
                               f"number {entry['row']!r} is not a number", field="sheet") \
                from None
    return meta, entries


def _request_sheet(workbook, meta: dict[str, str], extents: dict[str, Extent]
                   ) -> tuple[str | None, bool]:
    """The request sheet's current name and whether it was renamed; (None, False) when it
    was deleted. A renamed sheet is the one visible sheet other than the cover and the key
    as wide and as long as the request sheet's table."""
    if meta["sheet"] in workbook.sheetnames:
        return meta["sheet"], False
    for ws in workbook.worksheets:
        if ws.title in (meta["cover"], fmt.KEY_SHEET) or ws.sheet_state != "visible":
            continue
        extent = _extent(ws, extents)
        if extent.columns >= len(fmt.COLUMNS) and extent.rows >= fmt.FIRST_ROW:
            return ws.title, True
    return None, False


def _check_extent(path: Path, ws, extents: dict[str, Extent], entries: dict[int, dict],
                  limits: WorkbookLimits) -> Extent:
    """No row or column beyond the request sheet's extent (its last asked row and the
    table's columns, plus the margins); returns the extent to read."""
    extent = _extent(ws, extents)
    last_asked = max([fmt.FIRST_ROW - 1, *entries])
    _within(path, f"sheet {ws.title!r}", extent, "holds", last_asked + limits.extra_rows,
            len(fmt.COLUMNS) + limits.extra_columns,
            f"the request sheet's {last_asked} rows and {len(fmt.COLUMNS)} columns, plus "
            "WorkbookLimits.extra_rows/extra_columns")
    return Extent(max(extent.rows, last_asked), max(extent.columns, len(fmt.COLUMNS)))


def _rows(ws, extent: Extent, entries: dict[int, dict]) -> tuple[list[Row], int]:
    """Every row of the request sheet from the first data row to the last key row or the
    last row holding anything, whichever comes later, in one pass."""
    from openpyxl.utils import get_column_letter

    rows = []
    cells_by_row = ws.iter_rows(min_row=fmt.FIRST_ROW, max_row=max(extent.rows, fmt.FIRST_ROW),
                                max_col=extent.columns)
    for number, row_cells in enumerate(cells_by_row, start=fmt.FIRST_ROW):
        cells, formulas, outside = {}, {}, {}
        for column, cell in enumerate(row_cells, start=1):
            value = getattr(cell, "value", None)
            inside = column <= len(fmt.COLUMNS)
            key = fmt.COLUMNS[column - 1] if inside else get_column_letter(column)
            if getattr(cell, "data_type", None) == "f":
                value = value if isinstance(value, str) else f"={getattr(value, 'text', '')}"
                formulas[key] = value
            if not inside:
                if fmt.cell_text(value).strip():
                    outside[key] = value
                continue
            cells[key] = value
        if number in entries or outside or any(fmt.cell_text(v).strip() for v in cells.values()):
            rows.append(Row(number, cells, formulas, outside, entries.get(number)))
    return rows, max(0, extent.rows - fmt.FIRST_ROW + 1)


def read_book(path: Path, max_file_mb: float = 100.0,
              limits: WorkbookLimits | None = None) -> Book:
    """Check a request workbook against the limits, then open it once (read-only) and read
    its key, its request sheet's rows and the names of its other sheets."""
    limits = limits or WorkbookLimits()
    extents = check_package(path, max_file_mb, limits)
    workbook = _load(path)
    try:
        meta, entries = _key(workbook, extents, path)
        name, renamed = _request_sheet(workbook, meta, extents)
        others = tuple((ws.title, ws.sheet_state != "visible") for ws in workbook.worksheets
                       if ws.title not in (fmt.KEY_SHEET, meta["cover"], name))
        if name is None:
            return Book(meta, entries, meta["sheet"], [], 0, None, True, others)
        ws = workbook[name]
        extent = _check_extent(path, ws, extents, entries, limits)
        rows, rows_read = _rows(ws, extent, entries)
    finally:
        workbook.close()
    return Book(meta, entries, meta["sheet"], rows, rows_read, name if renamed else None,
                False, others)


# --- Checks, in order; each sets row.failure to (column, reason) -------------------------

def _first_filled(row: Row) -> str:
    return row.filled()[0] if row.filled() else next(iter(row.outside), "value")


def _check_structure(row: Row, book: Book) -> None:
    if book.renamed_to is not None and row.touched():
        row.failure = (_first_filled(row), f"sheet {book.sheet!r} was renamed to "
                       f"{book.renamed_to!r}: a renamed sheet is not read")
    elif row.entry is None and not row.formulas:  # a row added below the table
        year = fmt.cell_text(row.cells.get("year")) or "none given"
        row.failure = (_first_filled(row), f"year not asked: row {row.number} is not a "
                       f"requested row (year: {year})")
    elif row.formulas:
        column, text = next(iter(row.formulas.items()))
        letter = fmt.column_letter(column) if column in fmt.COLUMNS else column
        row.failure = (column, FORMULA_REASON.format(text=text, cell=f"{letter}{row.number}"))
    elif not row.entry["intact"]:
        row.failure = ("year", f"the key of row {row.number} was edited (sheet {fmt.KEY_SHEET!r})")
    else:
        _check_locked(row)


def _check_locked(row: Row) -> None:
    """Locked cells must hold what the key recorded; nothing may be typed outside the table."""
    locked = json.loads(row.entry["locked"])
    for key in fmt.INFO_COLUMNS:
        letter = fmt.column_letter(key)
        was, now = locked.get(letter, ""), fmt.cell_text(row.cells.get(key))
        if was != now:
            row.failure = (key, f"protected cell {letter}{row.number} ({key}) edited: was "
                           f"{was[:60]!r}, now {now[:60]!r}; give a correction in the value "
                           "column with its source")
            return
    if row.outside:
        letter = next(iter(row.outside))
        row.failure = (letter, f"cell {letter}{row.number} outside the table was filled")


def _check_text(row: Row) -> None:
    """A typed text holding a control character (a C1 or DEL pasted from a PDF, a carriage
    return; ggutils.text): the row is quarantined naming the column."""
    if row.failure:
        return
    for key, value in row.cells.items():
        reason = control_reason(value) if isinstance(value, str) else None
        if reason:
            row.failure = (key, reason)
            return


def _check_given(row: Row) -> None:
    filled = row.filled()
    if row.failure or not filled:
        return
    if "value" not in filled:
        given = ", ".join(f"{k}={fmt.cell_text(row.cells[k])[:40]!r}" for k in filled)
        row.failure = ("value", f"no value, but the row has {given}")


def _read_numbers(rows: list[Row], lang: str, rules: CleaningRules, source: Source
                  ) -> list[dict]:
    """Every value still standing as a number: number cells as stored, text through the
    number grammar (one convention for the column; the workbook's language breaks a tie).
    A number with a bound word ('khoảng 40', 'trên 40') is approximate: refused."""
    pending = [r for r in rows if r.failure is None and r.filled()]
    texts = [r for r in pending if isinstance(r.cells["value"], str)]
    for row in pending:
        value = row.cells["value"]
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            kind = "a date" if isinstance(value, dt.date | dt.datetime) else repr(value)
            row.failure = ("value", f"not a number: {kind}")
        elif not isinstance(value, str):
            row.parsed.update(value=float(value), qualifier="", text=False)
    if not texts:
        return []
    cells = pd.Series([r.cells["value"].strip() for r in texts], dtype="str")
    default = COMMA_DECIMAL if lang == "vi" else DOT_DECIMAL
    numbers, reports = read_numbers(cells, pd.Series("value", index=cells.index), rules,
                                    default)
    for row, (value, qualifier, reason) in zip(texts, numbers.itertuples(index=False),
                                               strict=True):
        if isinstance(reason, str):
            row.failure = ("value", reason)
        elif qualifier:
            row.failure = ("value", APPROXIMATE_REASON.format(text=row.cells["value"].strip()))
        else:
            row.parsed.update(value=float(value), qualifier=qualifier, text=True)
    return [{"source_file": source.file, "column": "value", "group": "",
             "convention": r.label, "dot_votes": r.votes[DOT_DECIMAL],
             "comma_votes": r.votes[COMMA_DECIMAL]} for r in reports.values()]


def _check_value(row: Row, codebook: Codebook, statuses: dict[str, str],
                 rules: CleaningRules) -> None:
    """Bounds, status and source document of a value read as a number."""
    if row.failure or "value" not in row.parsed:
        return
    indicator = codebook[row.entry["indicator"]] if row.entry["indicator"] in codebook else None
    value = row.parsed["value"]
    text = fmt.cell_text(row.cells.get("status")).strip()
    if indicator is None:
        row.failure = ("value", f"indicator {row.entry['indicator']!r} is not in the codebook")
    elif not indicator.within_bounds(value):
        row.failure = ("value", f"value {value:g} outside the bounds of {indicator.id} "
                       f"[{indicator.lower}, {indicator.upper}]")
    elif not indicator.plausible(value):
        row.failure = ("value", implausible_reason(value, indicator))
    elif text and fold(text) not in statuses:
        row.failure = ("status", f"status {text!r} is not one of the drop-down's "
                       f"({', '.join(sorted(set(statuses)))})")
    elif not (_text(row, "doc_title") or _text(row, "doc_number")):
        row.failure = ("doc_title", "no source document: give the title (and number) of "
                       "the document the value comes from")
    else:
        remarks = _text(row, "remarks")
        row.parsed["status"] = statuses.get(fold(text)) if text else (
            rules.status_in("note", remarks) or "final")


def _text(row: Row, key: str) -> str:
    value = row.cells.get(key)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return fmt.cell_text(value).strip()


def status_labels(messages_path: Path) -> dict[str, str]:
    """Folded drop-down label (either language) or status code -> status code."""
    labels = {fold(s): s for s in fmt.STATUSES}
    for lang in LANGUAGES:
        msgs = load_messages(messages_path, lang)
        labels.update({fold(msgs(f"req_status_{s}")): s for s in fmt.STATUSES})
    return labels


# --- Putting one workbook together --------------------------------------------------------

def _cell(sheet: str, key: str, row: int) -> str:
    letter = key if key not in fmt.COLUMNS else fmt.column_letter(key)
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{letter}{row}"


def _raw(row: Row, sheet: str) -> str:
    parts = [f"sheet={sheet}"]
    parts += [f"{k}={fmt.cell_text(v)}" for k, v in row.cells.items()
              if k in ("indicator", "year", *fmt.FILL_COLUMNS) and fmt.cell_text(v).strip()]
    parts += [f"{letter}={fmt.cell_text(v)}" for letter, v in row.outside.items()]
    return " | ".join(p.replace("\n", " ") for p in parts)


def _quarantine(book: Book, source: Source) -> pd.DataFrame:
    shown = book.renamed_to or book.sheet
    rows = [{"source_file": source.file, "source_row": r.number, "raw": _raw(r, shown),
             "field": _cell(shown, r.failure[0], r.number), "reason": r.failure[1]}
            for r in book.rows if r.failure]
    for name, hidden in book.other_sheets:
        kind = "hidden sheet" if hidden else "extra sheet"
        rows.append({"source_file": source.file, "source_row": SHEET_ROW,
                     "raw": f"sheet: {name}", "field": f"sheet {name!r}",
                     "reason": f"{kind} {name!r} not read: a request workbook holds only the "
                               "cover, the request sheet and its key; give values in the "
                               "request sheet (and notes in its remarks column)"})
    if book.missing:
        rows.append({"source_file": source.file, "source_row": SHEET_ROW,
                     "raw": f"sheets: {book.meta.get('cover')}, {fmt.KEY_SHEET}",
                     "field": f"sheet {book.sheet!r}",
                     "reason": f"the request sheet {book.sheet!r} is missing (deleted, or "
                               "renamed and emptied): no value read from it"})
    return pd.DataFrame(rows, columns=QUARANTINE_COLUMNS)


def _document(row: Row) -> tuple[str, str, str, str]:
    return (_text(row, "doc_title"), _text(row, "doc_number"), _text(row, "doc_date"),
            _text(row, "page"))


def _document_title(title: str, number: str, date: str, page: str) -> str:
    """A document as one line: 'Title (number, date), page'."""
    dated = ", ".join(p for p in (number, date) if p)
    text = title or number
    text += f" ({dated})" if dated and dated != text else ""
    return text + (f", {page}" if page else "")


def _publications(accepted: list[Row], source: Source) -> dict[tuple, dict]:
    """One source per document named (title, number, date, page), numbered in order."""
    documents: dict[tuple, dict] = {}
    for row in accepted:
        document = _document(row)
        if document not in documents:
            documents[document] = {
                "source_id": f"{source.id}:{len(documents) + 1}", "source_file": source.file,
                "title": _document_title(*document), "url": "",
                "tier": OFFICIAL_TIER if document[1] else CONTRIBUTED_TIER}
    return documents


def _observations(accepted: list[Row], book: Book, register: Register, codebook: Codebook,
                  source: Source, documents: dict[tuple, dict]) -> pd.DataFrame:
    entity = register.entity(book.meta["entity"])
    rows = [{
        "entity_id": entity["entity_id"], "entity_type": entity["entity_type"],
        "indicator": r.entry["indicator"], "year": int(r.entry["year"]),
        "value": r.parsed["value"], "unit": codebook[r.entry["indicator"]].unit,
        "qualifier": r.parsed["qualifier"], "status": r.parsed["status"],
        "definition": fmt.definition_for(source.measures, r.entry["indicator"],
                                         int(r.entry["year"])),
        "source_id": documents[_document(r)]["source_id"],
        "source_file": source.file, "source_row": r.number,
        "source_tier": documents[_document(r)]["tier"],
        "area_as_printed": book.renamed_to or book.sheet,
        "value_as_printed": fmt.cell_text(r.cells["value"]).strip(),
        "unit_as_printed": fmt.cell_text(r.cells.get("unit")), "read_from_text": r.parsed["text"],
    } for r in accepted]
    columns = [c for c in OBSERVATION_COLUMNS if c not in ("preferred", "flag")]
    return pd.DataFrame(rows, columns=[*columns, "read_from_text"])


def _check_entity(book: Book, register: Register, path: Path) -> None:
    try:
        register.entity(book.meta["entity"])
    except KeyError:
        raise RawDataError(path, f"the key names entity {book.meta['entity']!r}, which is "
                           "not in the register", field="sheet") from None


def clean_workbook(source: Source, raw_dir: Path, codebook: Codebook, register: Register,
                   rules: CleaningRules, limits: WorkbookLimits | None = None) -> SourceResult:
    """Clean one entry of contributed/: a filled request workbook (see the module
    docstring), or one quarantine row naming an entry that is not one."""
    path = raw_file(raw_dir, source)
    if not path.exists():
        raise RawDataError(path, "registered but the file is missing")
    reason = not_read_reason(path)
    if reason is not None:
        return _not_read(source, reason)
    book = read_book(path, source.max_file_mb, limits)
    _check_entity(book, register, path)
    for row in book.rows:
        if fmt.cell_text(row.cells.get("value")).strip() in rules.missing_marks:
            row.cells["value"] = None  # '-', '..': no figure, as in any raw table
        _check_structure(row, book)
        _check_text(row)
        _check_given(row)
    conventions = _read_numbers(book.rows, book.meta["lang"], rules, source)
    statuses = status_labels(codebook.path.parent / "messages.yml")
    for row in book.rows:
        _check_value(row, codebook, statuses, rules)
    accepted = [r for r in book.rows if r.failure is None and "status" in r.parsed]
    documents = _publications(accepted, source)
    quarantine = _quarantine(book, source)
    empty = sum(1 for r in book.rows if r.failure is None and not r.filled())
    conservation = {"source_file": source.file, "rows_read": book.rows_read,
                    "values_read": len(book.rows) + int(book.missing)
                    + len(book.other_sheets),
                    "accepted": len(accepted), "quarantined": len(quarantine),
                    "empty": empty, "out_of_scope": 0, "non_data": 0}
    return SourceResult(_observations(accepted, book, register, codebook, source, documents),
                        quarantine, conservation, list(documents.values()), conventions)


def not_read_lines(quarantine: pd.DataFrame) -> list[str]:
    """One line per entry of contributed/ and per sheet of a returned workbook that was not
    read, with the reason (printed under the conservation table: nothing there is passed
    over in silence)."""
    if quarantine.empty:
        return []
    whole = quarantine[(quarantine["source_row"].astype(int) == SHEET_ROW)
                       & quarantine["source_file"].astype(str).str.startswith(
                           f"{CONTRIBUTED_DIR}/")]
    return [f"{r.source_file}: {r.reason}" for r in whole.itertuples()]


def flag_text_numbers(observations: pd.DataFrame) -> pd.DataFrame:
    """Add TEXT_FLAG to the flag of every value read from a number typed as text (after the
    preferred value is chosen: the flag informs, it does not rank)."""
    if "read_from_text" not in observations:
        return observations
    marked = observations["read_from_text"].fillna(False).astype(bool).to_numpy()
    if not marked.any():
        return observations
    flags = observations["flag"].astype(str).to_numpy(dtype=object)
    flags[marked] = np.array([f"{f}; {TEXT_FLAG}" if f else TEXT_FLAG for f in flags[marked]],
                             dtype=object)
    return observations.assign(flag=pd.Categorical(flags))
