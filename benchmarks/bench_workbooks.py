"""Returned request workbooks that would exhaust time or memory (issue 22 item 2), on
SYNTHETIC files generated into a temporary folder (removed at the end):

  - cell_at_S1048576    one cell at S1048576 of the request sheet (a few kilobytes);
  - cell_at_XFD1048576  one cell at XFD1048576;
  - rows_1000000        a request sheet of 1,000,000 rows (about 11 MB zipped);
  - zip_2gb             a 2 MB zip whose one sheet part expands to 2 GB of XML.

Each starts as a small workbook with the cover, request and key sheets of a request workbook
(ggutils.requests.write' sheet names and key format; every text says SYNTHETIC). For each case a
fresh process reads it as `ggutils clean` does (ggutils.clean.contributed.read_book, the
default WorkbookLimits and max_file_mb), and prints

    BENCH name=workbook_limits case=... synthetic=1 file_mb=... seconds=... peak_mb=...
          refused=1 goal_met=1 message="..."

seconds: from the call to the refusal; peak_mb: the process's peak resident memory (Python,
pandas and openpyxl imported included); refused: 1 when read_book raised the one-line
RawDataError. Goal: every case refused within 10 s and under 300 MB peak. Missing the goal
is reported, not a failure; a case not refused is a failure (exit status 1).

    python -m benchmarks.bench_workbooks
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS, GOAL_PEAK_MB = 10.0, 300.0
CHILD_TIMEOUT_S = 120
MB = 1024 * 1024


def base_workbook(path: Path) -> Path:
    """A small SYNTHETIC workbook shaped like a request workbook (cover, request sheet with
    its header row, a key sheet with one key row)."""
    from openpyxl import Workbook

    from ggutils.requests.layout import COLUMNS, FORMAT, HEADER_ROW, KEY_COLUMNS, KEY_SHEET

    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "SYNTHETIC benchmark workbook (issue 22)"
    sheet = wb.create_sheet("Requests")
    for column, key in enumerate(COLUMNS, start=1):
        sheet.cell(HEADER_ROW, column, key)
    key = wb.create_sheet(KEY_SHEET)
    for column, value in enumerate([FORMAT, "lai-chau", "en", "Requests", "Cover",
                                    "2026-12-07T00:00:00"], start=1):
        key.cell(1, column, value)
    for column, name in enumerate(KEY_COLUMNS, start=1):
        key.cell(2, column, name)
    key.append([HEADER_ROW + 1, "lai-chau", "forest_cover", "SYNTHETIC", 2025, "{}", "0"])
    key.sheet_state = "veryHidden"
    wb.save(path)
    return path


def far_cell(folder: Path, coordinate: str) -> Path:
    from openpyxl import load_workbook

    path = base_workbook(folder / f"cell_at_{coordinate}.xlsx")
    wb = load_workbook(path)
    wb["Requests"][coordinate] = "SYNTHETIC"
    wb.save(path)
    return path


def _with_sheet(folder: Path, name: str, write_sheet) -> Path:
    """The base workbook with the request sheet's XML replaced by what write_sheet streams."""
    base = base_workbook(folder / f"base-{name}")
    path = folder / name
    with zipfile.ZipFile(base) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet2.xml":
                with target.open(info.filename, "w", force_zip64=True) as handle:
                    write_sheet(handle)
            else:
                target.writestr(info.filename, source.read(info.filename))
    base.unlink()
    return path


HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def million_rows(folder: Path) -> Path:
    def write(handle) -> None:
        handle.write(HEAD + b'<dimension ref="A1:S1000000"/><sheetData>')
        for start in range(1, 1_000_001, 10_000):
            handle.write(b"".join(
                b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                for i in range(start, start + 10_000)))
        handle.write(b"</sheetData></worksheet>")

    return _with_sheet(folder, "rows_1000000.xlsx", write)


def zip_bomb(folder: Path) -> Path:
    """One sheet part of 2 GB: a declared small sheet followed by 2 GB of spaces."""
    def write(handle) -> None:
        handle.write(HEAD + b'<dimension ref="A1:S10"/><sheetData>')
        chunk = b" " * (8 * MB)
        for _ in range(256):
            handle.write(chunk)
        handle.write(b"</sheetData></worksheet>")

    return _with_sheet(folder, "zip_2gb.xlsx", write)


def worker(path: str) -> dict:
    """Read one workbook as `ggutils clean` does; the time from the call to the refusal."""
    from ggutils.clean.contributed import read_book
    from ggutils.errors import RawDataError

    start = time.perf_counter()
    refused, message = False, ""
    try:
        read_book(Path(path))
    except RawDataError as exc:
        refused, message = True, str(exc)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"seconds": seconds, "peak_mb": peak_mb, "refused": refused,
            "message": message.replace(str(Path(path).parent) + "/", "")}


def measure(path: Path) -> dict:
    code = ("import json, sys; from benchmarks.bench_workbooks import worker; "
            "print(json.dumps(worker(sys.argv[1])))")
    try:
        child = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT,
                               capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"seconds": float(CHILD_TIMEOUT_S), "peak_mb": float("nan"), "refused": False,
                "message": f"not refused within {CHILD_TIMEOUT_S} s"}
    if child.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "refused": False,
                "message": child.stderr.strip().splitlines()[-1][:200]}
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="ggutils-bench-workbooks-"))
    failed = False
    try:
        cases = {"cell_at_S1048576": lambda: far_cell(folder, "S1048576"),
                 "cell_at_XFD1048576": lambda: far_cell(folder, "XFD1048576"),
                 "rows_1000000": lambda: million_rows(folder),
                 "zip_2gb": lambda: zip_bomb(folder)}
        for name, make in cases.items():
            path = make()
            result = measure(path)
            met = result["refused"] and result["seconds"] <= GOAL_SECONDS \
                and result["peak_mb"] <= GOAL_PEAK_MB
            failed |= not result["refused"]
            print(f"BENCH name=workbook_limits case={name} synthetic=1 "
                  f"file_mb={path.stat().st_size / MB:.2f} seconds={result['seconds']:.2f} "
                  f"peak_mb={result['peak_mb']:.0f} refused={int(result['refused'])} "
                  f"goal_met={int(met)} message={json.dumps(result['message'])}", flush=True)
            path.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"# goal: each case refused within {GOAL_SECONDS:g} s and under {GOAL_PEAK_MB:g} MB "
          "peak (issue 22)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
