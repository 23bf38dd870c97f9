"""A request workbook read once, in openpyxl's read-only mode, after its limits are checked
(ggutils.clean.workbook_limits): its very hidden key, its request sheet's rows as `Row`s
(cells, formulas, anything typed beyond the table) and the names of its other sheets, as a
`Book`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ggutils.clean.workbook_limits import Extent, WorkbookLimits, check_package, check_within
from ggutils.errors import RawDataError
from ggutils.requests import layout as fmt


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
    check_within(path, f"sheet {ws.title!r}", extent, "holds", last_asked + limits.extra_rows,
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
