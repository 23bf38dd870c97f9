"""The limits a returned request workbook is checked against before openpyxl parses it.

Before openpyxl parses a workbook, its package is checked against `WorkbookLimits` (and the
source's `max_file_mb`): the file size, the total uncompressed size of its parts and the
compression ratio of each (zip headers only), the dimension each sheet declares (read from
the start of its XML), and the cells each sheet really holds (a scan of its XML for cell
references, bounded by the size limit); once the key is read, no row or column may lie
beyond the request sheet's extent (the last asked row and the table's columns, plus a
margin). A breach is a RawDataError naming the file and the limit: `ggutils clean` stops
with one line, exit 2, and writes nothing. Then the workbook is read once, in openpyxl's
read-only mode.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ggutils.errors import RawDataError

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
                check_within(path, part, declared, "declares", limits.max_rows, limits.max_columns,
                        "WorkbookLimits.max_rows/max_columns")
            held = _held(zf, part)
            check_within(path, part, held, "holds", limits.max_rows, limits.max_columns,
                    "WorkbookLimits.max_rows/max_columns")
            declared = declared or held
            extents[part] = Extent(max(declared.rows, held.rows),
                                   max(declared.columns, held.columns))
    return extents


def check_within(path: Path, where: str, extent: Extent, verb: str, rows: int, columns: int,
            setting: str) -> None:
    from openpyxl.utils import get_column_letter

    if extent.rows > rows or extent.columns > columns:
        last = f"{get_column_letter(min(max(extent.columns, 1), 18278))}{extent.rows}"
        raise RawDataError(path, f"{where} {verb} cells up to {last} ({extent.rows} rows, "
                           f"{extent.columns} columns), over the limit of {rows} rows and "
                           f"{columns} columns ({setting})")
