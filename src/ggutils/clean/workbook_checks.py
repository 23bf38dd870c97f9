"""The checks of one request-sheet row, in the order ggutils.clean.contributed lists them;
each sets `row.failure` to (column, reason) and the first failure quarantines the row."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from ggutils.clean.numbers import read_numbers
from ggutils.clean.rules import CleaningRules
from ggutils.clean.validate import implausible_reason
from ggutils.clean.workbook_read import Book, Row
from ggutils.numbers import COMMA_DECIMAL, DOT_DECIMAL
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import LANGUAGES, load_messages
from ggutils.reference.provinces import fold
from ggutils.reference.sources import Source
from ggutils.requests import layout as fmt
from ggutils.text import control_reason

TEXT_FLAG = "number typed as text, read with the number grammar"
FORMULA_REASON = ("formula, not a value: {text!r} in {cell}; type the value itself (a "
                  "formula is never read from a returned workbook)")
APPROXIMATE_REASON = ("approximate value {text!r}: give the number and say in remarks that "
                      "it is approximate")


# --- Checks, in order; each sets row.failure to (column, reason) -------------------------

def _first_filled(row: Row) -> str:
    return row.filled()[0] if row.filled() else next(iter(row.outside), "value")


def check_structure(row: Row, book: Book) -> None:
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


def check_text(row: Row) -> None:
    """A typed text holding a control character (a C1 or DEL pasted from a PDF, a carriage
    return; ggutils.text): the row is quarantined naming the column."""
    if row.failure:
        return
    for key, value in row.cells.items():
        reason = control_reason(value) if isinstance(value, str) else None
        if reason:
            row.failure = (key, reason)
            return


def check_given(row: Row) -> None:
    filled = row.filled()
    if row.failure or not filled:
        return
    if "value" not in filled:
        given = ", ".join(f"{k}={fmt.cell_text(row.cells[k])[:40]!r}" for k in filled)
        row.failure = ("value", f"no value, but the row has {given}")


def read_row_numbers(rows: list[Row], lang: str, rules: CleaningRules, source: Source
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


def check_value(row: Row, codebook: Codebook, statuses: dict[str, str],
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
    elif not (row_text(row, "doc_title") or row_text(row, "doc_number")):
        row.failure = ("doc_title", "no source document: give the title (and number) of "
                       "the document the value comes from")
    else:
        remarks = row_text(row, "remarks")
        row.parsed["status"] = statuses.get(fold(text)) if text else (
            rules.status_in("note", remarks) or "final")


def row_text(row: Row, key: str) -> str:
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
