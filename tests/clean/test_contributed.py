"""Reading filled request workbooks back (ggutils.clean.contributed, with workbook_limits,
workbook_read and workbook_checks): a stray workbook, an edited key, the limits checked before
parsing, every entry of contributed/ read or named, a breach stopping `ggutils clean`. The
workbooks are written by ggutils.requests.write on the SYNTHETIC fixture of
tests/requests/test_requests.py, whose helpers these tests share (the format's round trip
stays there).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from ggutils.clean import run_clean
from ggutils.observations import read_observations
from ggutils.requests.layout import COLUMNS, FIRST_ROW
from ggutils.requests.write import KEY_FIRST_ROW, KEY_SHEET, write_request
from tests.requests.test_requests import (
    ENTITY,
    SYNTHETIC,
    _ggutils,
    cleaned_request_data,
    fill,
    key_rows,
    request_sheet,
)


@pytest.fixture
def request_data(tmp_path) -> Path:
    return cleaned_request_data(tmp_path)


def test_a_file_that_is_not_a_request_workbook_is_named(request_data):
    from ggutils.errors import RawDataError

    contributed = request_data / "raw" / "contributed"
    contributed.mkdir()
    wb = openpyxl.Workbook()
    wb.active["A1"] = SYNTHETIC
    wb.save(contributed / "stray.xlsx")
    with pytest.raises(RawDataError, match="stray.xlsx.*not a request workbook"):
        run_clean(request_data)


def test_an_edited_key_is_found(request_data, tmp_path):
    path = write_request(request_data, ENTITY, "vi", tmp_path)
    wb = openpyxl.load_workbook(path)
    row = fill(request_sheet(wb), key_rows(wb), "hazardous_waste_treated", 2014, value=60,
               doc_title=SYNTHETIC)
    key = wb[KEY_SHEET]
    for r in range(KEY_FIRST_ROW, key.max_row + 1):
        if key.cell(r, 1).value == row:
            key.cell(r, 5).value = 2030  # asks another year: the checksum no longer fits
    (request_data / "raw" / "contributed").mkdir()
    wb.save(request_data / "raw" / "contributed" / "edited-key.xlsx")
    q = run_clean(request_data).quarantine
    assert "key of row" in q[q["source_row"] == row].iloc[0]["reason"]


def _blank_workbook(request_data: Path, tmp_path: Path) -> Path:
    return write_request(request_data, ENTITY, "vi", tmp_path / "blank")


def _rewrite_part(path: Path, target: Path, part: str, change) -> Path:
    """Copy a workbook with one part's bytes changed."""
    import zipfile

    with zipfile.ZipFile(path) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info.filename, change(data) if info.filename == part else data)
    return target


def test_limits_are_settings_checked_before_parsing(request_data, tmp_path):
    """Each limit, lowered through WorkbookLimits (or max_file_mb), refuses a small workbook
    in one line naming the file and the limit."""
    import re

    from ggutils.clean.workbook_limits import WorkbookLimits
    from ggutils.clean.workbook_read import read_book
    from ggutils.errors import RawDataError

    path = _blank_workbook(request_data, tmp_path)
    assert read_book(path).rows, "the defaults read a request workbook"
    cases = [
        ({"max_file_mb": 0.001}, r"over the max_file_mb limit of 0\.001 MB"),
        ({"limits": WorkbookLimits(max_xml_mb=0.01)}, r"over the limit of 0\.01 MB of XML"),
        ({"limits": WorkbookLimits(max_ratio=2, ratio_from_mb=0.001)},
         r"compression-ratio limit of 2 "),
        ({"limits": WorkbookLimits(max_rows=FIRST_ROW)},
         rf"declares cells up to [A-Z]+\d+ .*over the limit of {FIRST_ROW} rows"),
        ({"limits": WorkbookLimits(max_columns=len(COLUMNS) - 1)},
         rf"over the limit of 10000 rows and {len(COLUMNS) - 1} columns"),
    ]
    for kwargs, message in cases:
        with pytest.raises(RawDataError) as info:
            read_book(path, **kwargs)
        text = str(info.value)
        assert re.search(message, text) and str(path) in text and "\n" not in text, text

    # a sheet that declares no dimension still cannot hide a far cell: its XML is scanned
    def far_cell(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        return xml.replace(b"</sheetData>", b'<row r="9999"><c r="B9999" t="inlineStr">'
                           b"<is><t>SYNTHETIC</t></is></c></row></sheetData>")

    hidden = _rewrite_part(path, tmp_path / "far.xlsx", "xl/worksheets/sheet2.xml", far_cell)
    with pytest.raises(RawDataError,
                       match=r"holds cells up to [A-Z]+9999 .*over the limit of 5000"):
        read_book(hidden, limits=WorkbookLimits(max_rows=5000))
    with pytest.raises(RawDataError, match=r"holds cells up to [A-Z]+9999 .*extra_rows"):
        read_book(hidden)


def test_every_entry_of_contributed_is_read_or_named(request_data, tmp_path):
    """Must show (issue 22): X.XLSX is read; an .xlsm, a subfolder, notes.csv, and a sheet
    added to a workbook are each named in the output with the reason they are not read."""
    path = write_request(request_data, ENTITY, "vi", tmp_path / "reports")
    contributed = request_data / "raw" / "contributed"
    (contributed / "sub").mkdir(parents=True)
    wb = openpyxl.load_workbook(path)
    row = fill(request_sheet(wb), key_rows(wb), "hazardous_waste_treated", 2014, value=60,
               doc_title=SYNTHETIC)
    wb.save(contributed / "book.xlsm")
    wb.security.lockStructure = False
    wb.create_sheet("Ghi chú")["A1"] = SYNTHETIC
    wb.save(contributed / "X.XLSX")
    shutil.copyfile(contributed / "X.XLSX", contributed / "sub" / "inner.xlsx")
    (contributed / "notes.csv").write_text("SYNTHETIC notes\n", encoding="utf-8")

    result = run_clean(request_data)
    obs = read_observations(request_data / "processed" / "observations.csv")
    assert list(obs.loc[obs["source_file"] == "contributed/X.XLSX", "source_row"]) == [row]
    reasons = result.quarantine.set_index("source_file")["reason"]
    expected = {"contributed/book.xlsm": "macro-enabled workbook",
                "contributed/sub": "a folder", "contributed/notes.csv": "another format"}
    summary = result.summary().splitlines()
    for name, words in expected.items():
        assert words in reasons[name] and reasons[name].startswith("not read: "), name
        assert any(line.split()[0] == name for line in summary), name  # the table
        assert f"{name}: {reasons[name]}" in summary  # and one line with the reason
    extra = [line for line in summary if line.startswith("contributed/X.XLSX: ")]
    assert extra == ["contributed/X.XLSX: " + reasons["contributed/X.XLSX"]]
    assert extra[0].startswith("contributed/X.XLSX: extra sheet 'Ghi chú' not read")
    assert "inner.xlsx" not in " ".join(result.conservation["source_file"])


@pytest.mark.notebooks
def test_a_breach_stops_clean_in_one_line_and_writes_nothing(request_data, tmp_path):
    """Must show (issue 22): a returned workbook with one cell at XFD1048576 is refused in
    one line naming the file and the limit, exit status 2, within 10 s of cleaning, and the
    processed tables are left as they were."""
    import time

    path = write_request(request_data, ENTITY, "vi", tmp_path / "reports")
    wb = openpyxl.load_workbook(path)
    request_sheet(wb)["XFD1048576"] = SYNTHETIC
    (request_data / "raw" / "contributed").mkdir()
    wb.save(request_data / "raw" / "contributed" / "far.xlsx")
    processed = request_data / "processed"
    before = {p.name: p.read_bytes() for p in processed.iterdir() if p.is_file()}
    start = time.monotonic()
    result = _ggutils("clean", "--data", str(request_data), "--reports",
                      str(tmp_path / "out"), cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "far.xlsx" in lines[0] and "XFD1048576" in lines[0] and "limit" in lines[0]
    assert time.monotonic() - start < 60  # the kernel's start included; the check is instant
    assert {p.name: p.read_bytes() for p in processed.iterdir() if p.is_file()} == before
