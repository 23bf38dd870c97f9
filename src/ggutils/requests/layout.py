"""The request workbook's format: what the writer (ggutils.requests.write) and the reader
(ggutils.clean.contributed) must agree on, in one place. The sheets, the rows where the
tables start, the columns in their order (the cells the agency fills, and the locked ones the
key records), the key sheet's first line and columns, the checksum of a key row, how a cell's
value is compared, and the definition a value of a year follows.

The checksum detects accidental edits, not forgery: it is not keyed (README "Filling the data
gaps" says why that is enough).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from openpyxl.utils import get_column_letter

from ggutils.reference.sources import Measure

# The first cell of the key sheet: what the reader expects. /2 (issue 24) added the column
# `basis` (why the agency is asked) after `agency`: the reader refuses a /1 workbook.
FORMAT = "ggutils-request/2"
KEY_SHEET = "ggutils_key"         # very hidden: the user interface cannot show it
HEADER_ROW = 3                    # the request sheet: title, note, header, then one row per ask
FIRST_ROW = HEADER_ROW + 1
KEY_FIRST_ROW = 3                 # the key sheet: format line, header, then one row per ask
KEY_HEAD = ("format", "entity", "lang", "sheet", "cover", "generated")  # the format line
KEY_COLUMNS = ("row", "entity", "indicator", "targets", "year", "locked", "checksum")
INFO_COLUMNS = ("agency", "basis", "partners", "plan", "targets", "indicator", "unit", "bounds",
                "definition", "reason", "year", "existing_value", "existing_source")
FILL_COLUMNS = ("value", "status", "doc_title", "doc_number", "doc_date", "page", "quote",
                "remarks")
COLUMNS = INFO_COLUMNS + FILL_COLUMNS
STATUSES = ("final", "preliminary", "estimate")   # the drop-down, best first


def sheet_row(position: int) -> int:
    """The request sheet's row of the request at `position` (0 for the first)."""
    return FIRST_ROW + position


def sheet_rows(indicators: list[str]) -> dict[str, tuple[int, int]]:
    """The first and last request-sheet row of each indicator, given the indicator of each
    request row in the sheet's order (an indicator's rows are consecutive): what the
    briefing's "Data owed" table cites."""
    spans: dict[str, tuple[int, int]] = {}
    for position, indicator in enumerate(indicators):
        first = spans.get(indicator, (sheet_row(position),))[0]
        spans[indicator] = (first, sheet_row(position))
    return spans


def cell_text(value: object) -> str:
    """A cell's value as the key records it (and the reader compares it): '' for empty, an
    integral number without '.0', a date as ISO text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def key_checksum(row: int, entity: str, indicator: str, targets: str, year: int,
                 locked: str) -> str:
    """The checksum of one key row (the reader recomputes it)."""
    text = json.dumps([row, entity, indicator, targets, year, locked], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def column_letter(key: str) -> str:
    """The request sheet's column letter of a column key ('value' -> 'M')."""
    return get_column_letter(COLUMNS.index(key) + 1)


def definition_for(measures: list[Measure], indicator: str, year: int) -> str:
    """The definition a value of `indicator` for `year` follows in a returned workbook: the
    first of the registry's `request_workbooks.measures` that maps the indicator (its
    definition for that year); `standard` when none does. The writer states it, the reader
    labels the value with it."""
    for rule in measures:
        if rule.fits(indicator, {}) and rule.indicator_for(indicator) == indicator:
            return rule.definition_for(year)
    return "standard"
