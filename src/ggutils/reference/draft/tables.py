"""The tables of a decision's text printed one cell a line (the drafter's step 1,
ggutils.reference.draft.sentences; `table_deadlines` of the drafting rules): which lines are in
a table with a deadline column, their rows, their deadline cells ("Giai đoạn 2026 - 2027";
"Thực hiện thường xuyên, liên tục": none), and the cells that are only a row's value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ggutils.reference.draft.phrases import YEAR, nfc
from ggutils.reference.draft.rules import DraftingRules
from ggutils.reference.draft.year_forms import find_years


@dataclass
class _Cell:
    """A line of a table with a deadline column: its row, whether its row's deadline cell
    stands above its targets (the table's header puts a result column after the deadline
    column), and, for a deadline cell, its year (None for an ongoing one)."""

    row: int
    above: bool = False
    deadline: bool = False
    year: int | None = None


class Tables:
    """The tables of a text printed one cell a line (table_deadlines): which lines are in one
    with a deadline column, their rows, and their deadline cells."""

    def __init__(self, rules: DraftingRules):
        self.rules, self.header, self.has_deadline, self.rows = rules, False, False, 0
        self.above = self.open = False
        self.spellings = sorted({nfc(s) for u in rules.units for s in u.spellings},
                                key=len, reverse=True)
        self.columns: list[str] = []
        self.cells: dict[int, _Cell] = {}

    def _end_header(self) -> None:
        table, columns = self.rules.table_deadlines, self.columns
        deadline = [i for i, c in enumerate(columns) if table.column_pattern.fullmatch(c)]
        result = [i for i, c in enumerate(columns) if table.result_column_pattern.match(c)]
        self.header, self.has_deadline, self.open = False, bool(deadline), True
        self.above = bool(deadline and result and max(result) > deadline[0])

    def read(self, number: int, line: str, heading, mark: str | None) -> None:
        rules, table = self.rules, self.rules.table_deadlines
        if (heading is not None and heading.level == 1) or table.footnote_pattern.match(line):
            self.header = self.has_deadline = self.open = False      # the table ends
        if table.header_pattern.fullmatch(line):
            self.header, self.has_deadline, self.columns = True, False, []
            return
        if table.row_number_pattern.match(line):
            if self.header:
                self._end_header()
            self.rows += 1
        elif self.header:
            self.columns.append(line)
            return
        if not self.has_deadline:
            return
        cell = _Cell(self.rows, self.above)
        years = find_years(line, rules)
        low, high = rules.year_range
        if (not years and (bare := re.fullmatch(rf"({YEAR})\.?", line))
                and low <= int(bare.group(1)) <= high):
            years = [(0, len(line), int(bare.group(1)))]     # a cell that is only a year
        rest = line
        for a, b, _ in reversed(years):
            rest = rest[:a] + rest[b:]
        if (mark is None and heading is None and not re.search(r"\d", rest)
                and (years or table.ongoing_pattern.search(line))):
            cell.deadline, cell.year = True, years[0][2] if years else None
        self.cells[number] = cell

    def value_cell(self, line: str, heading, mark: str | None) -> bool:
        """A cell of a table's body that is only a value or a unit ("100%", "%": numbers and
        spellings of `units`, one at least): the value of its row's wording, the line before
        it ("Tỉ lệ … có đủ điều kiện." / "%" / "100%"), not a sentence of its own."""
        if (not self.open or heading is not None or mark is not None
                or self.rules.table_deadlines.row_number_pattern.match(line)):
            return False
        rest = re.sub(r"\d[\d.,]*", " ", line)
        for spelling in self.spellings:
            rest = rest.replace(spelling, " ")
        return not rest.strip() and any(sp in line for sp in self.spellings)

    def _first(self, lines, row: int) -> _Cell | None:
        for at in lines:
            other = self.cells.get(at)
            if other is None:
                continue
            if other.row != row:
                return None
            if other.deadline:
                return other
        return None

    def row_deadline(self, number: int) -> _Cell | None:
        """The deadline cell of the row of line `number`: the nearest in its row on the side
        the header puts it (below, unless a result column follows the deadline column), else
        the nearest on the other side."""
        cell = self.cells.get(number)
        if cell is None or cell.deadline:
            return None
        below = range(number + 1, max(self.cells) + 1)
        above = range(number - 1, min(self.cells) - 1, -1)
        first, second = (above, below) if cell.above else (below, above)
        return self._first(first, cell.row) or self._first(second, cell.row)

    def give_deadlines(self, rows: list[dict]) -> list[dict]:
        """Each sentence row with its table row's deadline (`row_deadline`, `row_year`)."""
        for row in rows:
            if (cell := self.row_deadline(row["line"])) is not None:
                row.update(row_deadline=True, row_year=cell.year)
        return rows
