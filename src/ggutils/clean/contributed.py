"""Filled request workbooks (data/raw/contributed/, layout `request_workbook`) ->
observations and quarantine rows, with no entry in sources.yml (ggutils.reference.sources registers
every entry of that folder).

Every entry of the folder is read or named: an .xlsx file (in any case: X.XLSX) is read; a
macro workbook (.xlsm), a folder, another format (notes.csv), an Office lock file or a hidden
file is one quarantine row naming it, with the reason it is not read (counted as one value
read, so it is in the conservation table).

A workbook is checked against its limits before it is parsed (ggutils.clean.workbook_limits),
then read once in openpyxl's read-only mode (ggutils.clean.workbook_read), and its rows are
checked in order (ggutils.clean.workbook_checks). The workbook is the one `ggutils request`
wrote (ggutils.requests.write; its format, shared with this reader, is
ggutils.requests.layout): its very hidden key sheet
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

from pathlib import Path

import numpy as np
import pandas as pd

from ggutils.clean.read import QUARANTINE_COLUMNS, raw_file
from ggutils.clean.rules import CleaningRules
from ggutils.clean.source import OBSERVATION_COLUMNS, SourceResult
from ggutils.clean.workbook_checks import (
    TEXT_FLAG,
    check_given,
    check_structure,
    check_text,
    check_value,
    read_row_numbers,
    row_text,
    status_labels,
)
from ggutils.clean.workbook_limits import WorkbookLimits
from ggutils.clean.workbook_read import Book, Row, read_book
from ggutils.errors import RawDataError
from ggutils.paths import Layout
from ggutils.reference.indicators import Codebook
from ggutils.reference.provinces import Register
from ggutils.reference.sources import CONTRIBUTED_DIR, Source
from ggutils.requests import layout as fmt

REQUEST_LAYOUT = "request_workbook"
WORKBOOK_SUFFIX = ".xlsx"
OFFICIAL_TIER, CONTRIBUTED_TIER = 1, 5
SHEET_ROW = 0   # source_row of a quarantine row about a whole sheet or file


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
    return (row_text(row, "doc_title"), row_text(row, "doc_number"), row_text(row, "doc_date"),
            row_text(row, "page"))


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
        check_structure(row, book)
        check_text(row)
        check_given(row)
    conventions = read_row_numbers(book.rows, book.meta["lang"], rules, source)
    # The message catalogue beside the codebook (data/reference/): the drop-down's labels.
    statuses = status_labels(Layout(data=Path(codebook.path).parent.parent).messages)
    for row in book.rows:
        check_value(row, codebook, statuses, rules)
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
