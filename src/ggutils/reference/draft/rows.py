"""Table rows printed on one line, their cells between a mark ("1 | Dịch vụ công … | 30% |
100% | Số lượng …/Tổng số … |", as a published page copies a table): the drafter's steps 1
and 2 (ggutils.reference.draft.sentences, .quantities). Such a row is one sentence; its
value cells (a number, its unit or noun and a bound word: "30%", "tối thiểu 100 người") are
its targets; a number in another cell (the indicator's name, the way it is measured, a note)
says what the row measures and is none; a year dates the values only from their own cell,
the cells before them (the row's name) or a deadline cell (a year form, no other number).
Here are the model of that section of data/reference/drafting_rules.yml (row_cells; an
unknown key is an error naming the file and the key) and its verbs."""

from __future__ import annotations

import re

import pandas as pd
from pydantic import Field

from ggutils.reference.draft.frames import with_columns
from ggutils.reference.validation import Verbatim

LETTERS = re.compile(r"[^\W\d_]+")
NUMBER = re.compile(r"\d[\d.,]*")


class RowCells(Verbatim):
    """A line with at least `min_marks` of `marks` (each with a space or the line's end on
    both sides) is a table row; a cell that prints one number (or two, a range) and at most
    `value_words` words of letters is one of its value cells."""
    marks: list[str] = Field(min_length=1)
    min_marks: int = Field(ge=1, le=10)
    value_words: int = Field(ge=0, le=8)

    def cells(self, text: str) -> list[tuple[int, int]]:
        """The spans of the cells of `text` as a row, stripped; [] where it is no row."""
        marks = "|".join(re.escape(m) for m in self.marks)
        cuts = [m.span() for m in re.finditer(rf"(?:^|(?<=\s))(?:{marks})(?=\s|$)", text)]
        if len(cuts) < self.min_marks:
            return []
        spans, start = [], 0
        for a, b in [*cuts, (len(text), len(text))]:
            cell = text[start:a]
            lead = len(cell) - len(cell.lstrip())
            if cell.strip():
                spans.append((start + lead, start + lead + len(cell.strip())))
            start = b
        return spans

    def is_value(self, cell: str) -> bool:
        return 1 <= len(NUMBER.findall(cell)) <= 2 and (
            len(LETTERS.findall(cell)) <= self.value_words)


def _values(row_cells: RowCells, text: str) -> tuple[list[tuple[int, int]], list[bool]]:
    spans = row_cells.cells(text)
    return spans, [row_cells.is_value(text[a:b]) for a, b in spans]


def dating_years(text: str, years: list, row_cells: RowCells) -> list:
    """The years of `text` (find_years: start, end, year) that date a row's values: in a
    value cell, in a cell before the first value cell, or in a deadline cell (no number but
    its years); all of them where `text` is no row or has no value cell."""
    spans, values = _values(row_cells, text)
    if not any(values):
        return years
    first = spans[values.index(True)][0]
    kept = []
    for start, end, year in years:
        cell = next(((a, b) for a, b in spans if a <= start < b), None)
        rest = text[cell[0]:cell[1]] if cell else ""
        for a, b, _ in years:
            if cell and cell[0] <= a < cell[1]:
                rest = rest.replace(text[a:b], " ")
        if cell is None or cell[0] < first or row_cells.is_value(text[cell[0]:cell[1]]) or (
                not NUMBER.search(rest)):
            kept.append((start, end, year))
    return kept


def mark_row_words(quantities: pd.DataFrame, sentences: pd.DataFrame,
                   row_cells: RowCells) -> pd.DataFrame:
    """A reason on each quantity (with none yet) in a cell of a row that is not a value cell,
    where the row has value cells: it says what the row measures ("Đô thị có ứng dụng AI
    giải quyết ít nhất 01 vấn đề …", a condition on the cities a share counts), not a
    target; the value cells are."""
    texts = sentences.set_index("sentence")["text"]
    values: dict = {}
    for idx, q in quantities[quantities["reason"].isna()].iterrows():
        text = texts[q["sentence"]]
        spans, value = _values(row_cells, text)
        if not any(value):
            continue
        for (a, b), is_value in zip(spans, value, strict=True):
            if a <= q["start"] < b and not is_value:
                values[idx] = ("a number in a table row's words, not in its value cells: it "
                               "says what the row measures, not a target",)
    return with_columns(quantities, ["reason"], values) if values else quantities
