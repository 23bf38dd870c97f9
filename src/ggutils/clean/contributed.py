"""Filled request workbooks (data/raw/contributed/*.xlsx, layout `request_workbook`) ->
observations and quarantine rows, with no entry in sources.yml (ggutils.sources registers
every workbook in that folder).

The workbook is the one `ggutils request` wrote (ggutils.requests): its very hidden key sheet
says which entity, indicator and year each row of the request sheet asks for, and what every
locked cell of the row held. Each row of the request sheet is one value read; it is counted
as empty when nothing in it was filled or changed, and otherwise accepted or quarantined for
the first of these it fails (the field names the cell, as `'sheet'!L12`):

1. the request sheet is there under its own name (renamed: every filled row is quarantined;
   deleted: one quarantine row for the sheet, counted as one value read);
2. the row was asked for (a row added below the table: "year not asked");
3. its key row is intact and its locked cells hold what the key recorded (else "protected
   cell edited"), and nothing is typed outside the table;
4. a value is given (a missing mark such as '-' is none), and is a number: a number cell
   as stored, or text read with the project's number grammar (clean.numbers: "45,5" and
   "1.234,5" are Vietnamese; the workbook's language breaks a tie) and flagged `TEXT_FLAG`,
   its text kept in `value_as_printed`; a formula whose value was never stored is refused;
5. the value lies within the indicator's bounds (the codebook's);
6. the status is one of the drop-down's labels in either language (blank: the status words
   of the cleaning rules in the remarks, else final);
7. a source document is named (its title or its number).

An accepted value takes the entity, indicator and year from the key, definition `standard`,
the sheet's name as `area_as_printed`, and a source per document named (title, number, date,
page): tier 1 when the document has a number, else tier 5 (contributed by a department
without a document number; it cannot confirm a "met").
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import RawDataError
from ..indicators import Codebook
from ..messages import LANGUAGES, load_messages
from ..numbers import COMMA_DECIMAL, DOT_DECIMAL
from ..provinces import Register, fold
from ..requests import (
    COLUMNS,
    FILL_COLUMNS,
    FIRST_ROW,
    FORMAT,
    INFO_COLUMNS,
    KEY_COLUMNS,
    KEY_FIRST_ROW,
    KEY_SHEET,
    STATUSES,
    cell_text,
    column_letter,
    key_checksum,
)
from ..sources import Source
from .numbers import read_numbers
from .read import QUARANTINE_COLUMNS, raw_file
from .rules import CleaningRules
from .source import FORMULA_REASON, OBSERVATION_COLUMNS, SourceResult

REQUEST_LAYOUT = "request_workbook"
TEXT_FLAG = "number typed as text, read with the number grammar"
OFFICIAL_TIER, CONTRIBUTED_TIER = 1, 5
SHEET_ROW = 0   # source_row of a quarantine row about a whole sheet


@dataclass
class Row:
    """One row of the request sheet as read, and what was decided about it."""

    number: int
    cells: dict[str, object]              # column key -> value (cached value of a formula)
    formulas: dict[str, str]              # column key -> formula text, where none is stored
    outside: dict[str, object]            # column letter -> value, beyond the table
    entry: dict | None                    # the key row, when the row was asked for
    failure: tuple[str, str] | None = None  # (column key or letter, reason)
    parsed: dict = field(default_factory=dict)

    def filled(self) -> list[str]:
        return [k for k in FILL_COLUMNS if cell_text(self.cells.get(k)).strip()]

    def touched(self) -> bool:
        return bool(self.filled() or self.outside)


@dataclass(frozen=True)
class Book:
    """A request workbook as read: its key, and the request sheet (or why it is missing)."""

    meta: dict[str, str]
    entries: dict[int, dict]   # request-sheet row -> key row
    sheet: str                 # the request sheet's name as the key gives it
    rows: list[Row]
    rows_read: int
    renamed_to: str | None     # the request sheet was renamed to this
    missing: bool              # the request sheet is not in the workbook


def _load(path: Path):
    import openpyxl

    try:
        return (openpyxl.load_workbook(path, data_only=True),
                openpyxl.load_workbook(path, data_only=False))
    except Exception as exc:  # a zip or XML error: not a workbook openpyxl can read
        raise RawDataError(path, f"cannot be read as an Excel workbook ({exc})") from None


def _key(values, path: Path) -> tuple[dict[str, str], dict[int, dict]]:
    """The key sheet: what the workbook is for, and its rows by request-sheet row."""
    if KEY_SHEET not in values.sheetnames:
        raise RawDataError(path, f"not a request workbook written by `ggutils request` (no "
                           f"sheet {KEY_SHEET!r}); put only filled request workbooks in "
                           "data/raw/contributed/", field="sheet")
    ws = values[KEY_SHEET]
    head = [cell_text(c.value) for c in ws[1]][:6]
    if len(head) < 6 or head[0] != FORMAT:
        raise RawDataError(path, f"sheet {KEY_SHEET!r} does not start with {FORMAT!r}",
                           field="sheet")
    meta = dict(zip(["format", "entity", "lang", "sheet", "cover", "generated"], head,
                    strict=True))
    entries = {}
    for values_row in ws.iter_rows(min_row=KEY_FIRST_ROW, values_only=True):
        entry = dict(zip(KEY_COLUMNS, values_row[:len(KEY_COLUMNS)], strict=False))
        if entry.get("row") is None:
            continue
        expected = key_checksum(entry["row"], entry["entity"], entry["indicator"],
                                entry["targets"], entry["year"], entry["locked"])
        entry["intact"] = expected == entry.get("checksum") and entry["entity"] == meta["entity"]
        entries[int(entry["row"])] = entry
    return meta, entries


def _request_sheet(values, meta: dict[str, str]) -> tuple[str | None, bool]:
    """The request sheet's current name and whether it was renamed; (None, False) when it
    was deleted. A renamed sheet is the one visible sheet other than the cover and the key
    whose header row is the request sheet's."""
    if meta["sheet"] in values.sheetnames:
        return meta["sheet"], False
    others = [ws for ws in values.worksheets
              if ws.title not in (meta["cover"], KEY_SHEET) and ws.sheet_state == "visible"]
    for ws in others:
        if ws.max_column >= len(COLUMNS) and ws.max_row >= FIRST_ROW:
            return ws.title, True
    return None, False


def _rows(values, formulas, name: str, entries: dict[int, dict]) -> tuple[list[Row], int]:
    """Every row of the request sheet from the first data row to the last key row or the
    last row holding anything, whichever comes later."""
    ws, wf = values[name], formulas[name]
    last = max([ws.max_row, *entries]) if entries else ws.max_row
    rows = []
    for number in range(FIRST_ROW, last + 1):
        cells, written, outside = {}, {}, {}
        for column in range(1, max(ws.max_column, len(COLUMNS)) + 1):
            value = ws.cell(number, column).value
            if column > len(COLUMNS):
                if cell_text(value).strip():
                    outside[ws.cell(number, column).column_letter] = value
                continue
            key = COLUMNS[column - 1]
            formula = wf.cell(number, column).value
            if value is None and isinstance(formula, str) and formula.startswith("="):
                written[key], value = formula, formula
            cells[key] = value
        if number in entries or outside or any(cell_text(v).strip() for v in cells.values()):
            rows.append(Row(number, cells, written, outside, entries.get(number)))
    return rows, max(0, last - FIRST_ROW + 1)


def read_book(path: Path) -> Book:
    """Open a request workbook and read its key and its request sheet's rows."""
    values, formulas = _load(path)
    meta, entries = _key(values, path)
    name, renamed = _request_sheet(values, meta)
    if name is None:
        return Book(meta, entries, meta["sheet"], [], 0, None, True)
    rows, rows_read = _rows(values, formulas, name, entries)
    return Book(meta, entries, meta["sheet"], rows, rows_read, name if renamed else None,
                False)


# --- Checks, in order; each sets row.failure to (column, reason) -------------------------

def _first_filled(row: Row) -> str:
    return row.filled()[0] if row.filled() else next(iter(row.outside), "value")


def _check_structure(row: Row, book: Book) -> None:
    if book.renamed_to is not None and row.touched():
        row.failure = (_first_filled(row), f"sheet {book.sheet!r} was renamed to "
                       f"{book.renamed_to!r}: a renamed sheet is not read")
    elif row.entry is None:  # a row added below the table (blank rows are not read)
        year = cell_text(row.cells.get("year")) or "none given"
        row.failure = (_first_filled(row), f"year not asked: row {row.number} is not a "
                       f"requested row (year: {year})")
    elif not row.entry["intact"]:
        row.failure = ("year", f"the key of row {row.number} was edited (sheet {KEY_SHEET!r})")
    else:
        _check_locked(row)


def _check_locked(row: Row) -> None:
    """Locked cells must hold what the key recorded; nothing may be typed outside the table."""
    locked = json.loads(row.entry["locked"])
    for key in INFO_COLUMNS:
        letter = column_letter(key)
        was, now = locked.get(letter, ""), cell_text(row.cells.get(key))
        if was != now:
            row.failure = (key, f"protected cell {letter}{row.number} ({key}) edited: was "
                           f"{was[:60]!r}, now {now[:60]!r}; give a correction in the value "
                           "column with its source")
            return
    if row.outside:
        letter = next(iter(row.outside))
        row.failure = (letter, f"cell {letter}{row.number} outside the table was filled")


def _check_given(row: Row) -> None:
    filled = row.filled()
    if row.failure or not filled:
        return
    if "value" not in filled:
        given = ", ".join(f"{k}={cell_text(row.cells[k])[:40]!r}" for k in filled)
        row.failure = ("value", f"no value, but the row has {given}")
    elif "value" in row.formulas:
        row.failure = ("value", FORMULA_REASON.format(text=row.formulas["value"]))


def _read_numbers(rows: list[Row], lang: str, rules: CleaningRules, source: Source
                  ) -> list[dict]:
    """Every value still standing as a number: number cells as stored, text through the
    number grammar (one convention for the column; the workbook's language breaks a tie)."""
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
    text = cell_text(row.cells.get("status")).strip()
    if indicator is None:
        row.failure = ("value", f"indicator {row.entry['indicator']!r} is not in the codebook")
    elif not indicator.within_bounds(value):
        row.failure = ("value", f"value {value:g} outside the bounds of {indicator.id} "
                       f"[{indicator.lower}, {indicator.upper}]")
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
    return cell_text(value).strip()


def status_labels(messages_path: Path) -> dict[str, str]:
    """Folded drop-down label (either language) or status code -> status code."""
    labels = {fold(s): s for s in STATUSES}
    for lang in LANGUAGES:
        msgs = load_messages(messages_path, lang)
        labels.update({fold(msgs(f"req_status_{s}")): s for s in STATUSES})
    return labels


# --- Putting one workbook together --------------------------------------------------------

def _cell(sheet: str, key: str, row: int) -> str:
    letter = key if key not in COLUMNS else column_letter(key)
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{letter}{row}"


def _raw(row: Row, sheet: str) -> str:
    parts = [f"sheet={sheet}"]
    parts += [f"{k}={cell_text(v)}" for k, v in row.cells.items()
              if k in ("indicator", "year", *FILL_COLUMNS) and cell_text(v).strip()]
    parts += [f"{letter}={cell_text(v)}" for letter, v in row.outside.items()]
    return " | ".join(p.replace("\n", " ") for p in parts)


def _quarantine(book: Book, source: Source) -> pd.DataFrame:
    shown = book.renamed_to or book.sheet
    rows = [{"source_file": source.file, "source_row": r.number, "raw": _raw(r, shown),
             "field": _cell(shown, r.failure[0], r.number), "reason": r.failure[1]}
            for r in book.rows if r.failure]
    if book.missing:
        rows.append({"source_file": source.file, "source_row": SHEET_ROW,
                     "raw": f"sheets: {book.meta.get('cover')}, {KEY_SHEET}",
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
    slug = entity["slug"] if entity["entity_type"] == "province" else ""
    rows = [{
        "entity_id": entity["entity_id"], "entity_type": entity["entity_type"],
        "province_slug": slug, "indicator": r.entry["indicator"], "year": int(r.entry["year"]),
        "value": r.parsed["value"], "unit": codebook[r.entry["indicator"]].unit,
        "qualifier": r.parsed["qualifier"], "status": r.parsed["status"],
        "definition": "standard", "source_id": documents[_document(r)]["source_id"],
        "source_file": source.file, "source_row": r.number,
        "source_tier": documents[_document(r)]["tier"],
        "area_as_printed": book.renamed_to or book.sheet,
        "value_as_printed": cell_text(r.cells["value"]).strip(),
        "unit_as_printed": cell_text(r.cells.get("unit")), "read_from_text": r.parsed["text"],
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
                   rules: CleaningRules) -> SourceResult:
    """Clean one filled request workbook (see the module docstring)."""
    path = raw_file(raw_dir, source)
    if not path.is_file():
        raise RawDataError(path, "registered but the file is missing")
    book = read_book(path)
    _check_entity(book, register, path)
    for row in book.rows:
        if cell_text(row.cells.get("value")).strip() in rules.missing_marks:
            row.cells["value"] = None  # '-', '..': no figure, as in any raw table
        _check_structure(row, book)
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
                    "values_read": len(book.rows) + int(book.missing),
                    "accepted": len(accepted), "quarantined": len(quarantine),
                    "empty": empty, "out_of_scope": 0, "non_data": 0}
    return SourceResult(_observations(accepted, book, register, codebook, source, documents),
                        quarantine, conservation, list(documents.values()), conventions)


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
