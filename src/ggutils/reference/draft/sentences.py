"""The drafter's first step (ggutils.reference.draft): a decision's text as sentences under
their headings, each with its clause, the years it names and the horizon a heading gives."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from ggutils.reference.draft.phrases import YEAR, nfc
from ggutils.reference.draft.rules import DraftingRules, title_period_in

SENTENCE_COLUMNS = ["sentence", "line", "clause", "heading_year", "lead_year", "row_deadline",
                    "row_year", "text", "years", "base_year", "reason"]


@dataclass
class _Lead:
    """A list's lead sentence ("Đến hết năm 2030, phấn đấu đạt được những mục tiêu sau:"): its
    year (None where it prints none), its own bullet mark, and its items' mark (set by the
    first item)."""

    year: int | None
    mark: str | None
    item_mark: str | None = None


def _items_of(leads: list[_Lead], mark: str | None, nesting: tuple[str, ...] = ()) -> None:
    """Close the lists a line ends: a line that is no bullet item ends them all; a bullet ends
    every list whose items carry another mark, unless later in `nesting` (nested in the last
    item: "+" after "-"), and a list whose lead carries its mark (a sibling of the lead)."""
    depth = {m: i for i, m in enumerate(nesting)}
    if mark is None:
        leads.clear()
    while leads:
        top = leads[-1]
        if top.item_mark is None and mark != top.mark:
            top.item_mark = mark
            break
        if top.item_mark == mark or depth.get(mark, -1) > depth.get(top.item_mark, len(depth)):
            break
        leads.pop()


# --- 1. Sentences under their headings ------------------------------------------------------

def _heading(line: str, rules: DraftingRules, no_goal: bool = False):
    """A numbered heading (headings), else a goal heading (goal_headings: "- Mục tiêu cụ thể
    đến năm 2030", "Tầm nhìn đến năm 2045", "- Giai đoạn 2025-2027"), with its label; else
    (None, None). Where a goal line is something else (`no_goal`: in a table with a deadline
    column it is a row's deadline cell, "Giai đoạn 2026 - 2030"; before any heading, a line
    printing the plan's period is its title's, "GIAI ĐOẠN 2021 - 2025") it is no heading."""
    for heading, pattern in rules.heading_patterns:
        if match := pattern.match(line):
            return heading, heading.label.format(number=match.group("number"))
    heading, opening = rules.goal_heading
    if no_goal or not opening.match(line):
        return None, None
    bulleted = line.startswith(tuple(rules.bullets)) and line[1:2].isspace()
    words = (line[1:] if bulleted else line).strip().rstrip(":").strip()
    years = find_years(words, rules)
    rest = words
    for a, b, _ in reversed(years):
        rest = rest[:a] + rest[b:]
    rest = rest.rstrip("".join(rules.sentence_ends))    # a closing mark is no sentence end
    ends = "".join(re.escape(m) for m in rules.sentence_ends)
    if (years and len(words.split()) <= rules.goal_headings.max_words
            and not re.search(rf"[\d{ends}]", rest)):
        return heading, words
    return None, None


class _Outline:
    """The headings above a line: their labels and years by level, and the numbered headings
    of the present section with their years (`numbered`, by level and label)."""

    def __init__(self):
        self.labels: dict[int, str] = {}
        self.years: dict[int, int | None] = {}
        self.numbered: dict[tuple[int, str], int | None] = {}

    def enter(self, level: int, label: str, own_years: list) -> int | None:
        """A heading opens: the headings of its level and below end. Its year is the one it
        prints, else, for a sub-numbered heading ("6.3"), the year of the heading it is a
        part of ("6. Chỉ tiêu chủ yếu đến năm 2030"; returned): the nearest of its number's
        prefixes ("6.3.1" -> "6.3" -> "6") seen at its level in this section."""
        self.labels = {lv: lb for lv, lb in self.labels.items() if lv < level}
        self.years = {lv: y for lv, y in self.years.items() if lv < level}
        self.numbered = {k: y for k, y in self.numbered.items() if k[0] <= level}
        parent, prefix = None, label
        while not own_years and parent is None and "." in prefix:
            prefix = prefix.rsplit(".", 1)[0]
            parent = self.numbered.get((level, prefix))
        self.labels[level] = label
        self.years[level] = own_years[0][2] if own_years else parent
        self.numbered[level, label] = self.years[level]
        return parent

    def above(self, heading, parent: int | None) -> list[int]:
        """The years of the headings above a line, nearest first: a heading's own line takes
        those of the headings above it, and the year of the heading it is a part of."""
        years = [parent] if heading is not None and parent is not None else []
        return years + [self.years[lv] for lv in sorted(self.years, reverse=True)
                        if self.years[lv] is not None
                        and (heading is None or lv < heading.level)]


def find_years(text: str, rules: DraftingRules) -> list[tuple[int, int, int]]:
    """(start, end, year) of every year form in `text`, the first form of the rules winning
    where two overlap; base-year forms ("so với năm 2014") and a document's year of issue
    (issue_years: "Nghị quyết 70-NQ/TW năm 2025") are left out."""
    taken = [m.span() for m in rules.base_year_pattern.finditer(text)]
    taken += [m.span() for m in rules.issue_year_pattern.finditer(text)]     # no deadline
    found = []
    for form, pattern in rules.year_patterns:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            years = [int(g) for g in match.groups() if g]
            year = years[-1] if form.year == "last" else years[0]
            low, high = rules.year_range
            if low <= year <= high:
                taken.append(span)
                found.append((span[0], span[1], year))
    return sorted(found)


def _base_year(text: str, rules: DraftingRules) -> int | None:
    for match in rules.base_year_pattern.finditer(text):
        years = [int(g) for g in match.groups() if g]
        if years:
            return years[0]
    return None


def _add(rows: list[dict], sentences: list[str], fields: dict, rules: DraftingRules,
         joins: bool = False) -> None:
    """One row per sentence of a line, with `fields` (its line, clause and years above); a
    table's value cell (`joins`) joins the sentence of its row's wording instead, as the row
    reads ("Tỉ lệ … điều kiện." + "%" + "100%")."""
    if joins and rows:
        row = rows[-1]
        row["text"] = f"{row['text']} {' '.join(sentences)}"
        row["years"] = find_years(row["text"], rules)
        row["base_year"] = _base_year(row["text"], rules)
        return
    for sentence in sentences:
        rows.append({"sentence": len(rows), **fields, "row_deadline": False, "row_year": None,
                     "text": sentence.strip(), "years": find_years(sentence, rules),
                     "base_year": _base_year(sentence, rules), "reason": None})


def _split(text: str, rules: DraftingRules) -> list[str]:
    """Sentences of one line: cut after an end mark followed by a space and a capital."""
    marks = "".join(re.escape(m) for m in rules.sentence_ends)
    parts = re.split(rf"(?<=[{marks}])\s+(?=[^\W\d_])", text)
    out = []
    for part in parts:
        if out and not part[:1].isupper():
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p for p in out if p.strip()]


@dataclass
class _Cell:
    """A line of a table with a deadline column: its row, whether its row's deadline cell
    stands above its targets (the table's header puts a result column after the deadline
    column), and, for a deadline cell, its year (None for an ongoing one)."""

    row: int
    above: bool = False
    deadline: bool = False
    year: int | None = None


class _Tables:
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
        rules, columns = self.rules, self.columns
        deadline = [i for i, c in enumerate(columns) if rules.table_column_pattern.fullmatch(c)]
        result = [i for i, c in enumerate(columns) if rules.result_column_pattern.match(c)]
        self.header, self.has_deadline, self.open = False, bool(deadline), True
        self.above = bool(deadline and result and max(result) > deadline[0])

    def read(self, number: int, line: str, heading, mark: str | None) -> None:
        rules = self.rules
        if (heading is not None and heading.level == 1) or rules.footnote_pattern.match(line):
            self.header = self.has_deadline = self.open = False      # the table ends
        if rules.table_header_pattern.fullmatch(line):
            self.header, self.has_deadline, self.columns = True, False, []
            return
        if rules.row_number_pattern.match(line):
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
                and (years or rules.ongoing_pattern.search(line))):
            cell.deadline, cell.year = True, years[0][2] if years else None
        self.cells[number] = cell

    def value_cell(self, line: str, heading, mark: str | None) -> bool:
        """A cell of a table's body that is only a value or a unit ("100%", "%": numbers and
        spellings of `units`, one at least): the value of its row's wording, the line before
        it ("Tỉ lệ … có đủ điều kiện." / "%" / "100%"), not a sentence of its own."""
        if (not self.open or heading is not None or mark is not None
                or self.rules.row_number_pattern.match(line)):
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


def split_sentences(text: str, rules: DraftingRules) -> tuple[pd.DataFrame, dict]:
    """One row per sentence, with the clause it sits under (the labels of the numbered
    headings above it, "III.2"), the year of its nearest heading that prints one (a heading's
    year holds within its section: until the next heading of the same or a higher level),
    the year of the list lead it is an item of (`list_leads`), the years its own words print
    and its base year. Also returns the plan's horizon: the end of the period in its title
    ("thời kỳ 2011 - 2020"), which holds for the whole plan (`scope` "plan"), else the year of
    its specific targets' heading ("Mục tiêu cụ thể đến năm 2020"), which outside its section
    holds only for a per-year target (`scope` "per_year"), with where it was read."""
    rows: list[dict] = []
    horizon: dict = {"year": None, "from": "", "scope": "plan"}
    title_period = None
    seen_heading = False
    bullets = tuple(rules.bullets)
    leads: list[_Lead] = []
    tables = _Tables(rules)
    outline = _Outline()
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parent = None
        heading, label = _heading(line, rules, no_goal=tables.has_deadline or (
            not seen_heading and rules.plan_period_pattern.search(line) is not None))
        own_years = find_years(line, rules)
        mark = line[0] if line.startswith(bullets) and line[1:2].isspace() else None
        tables.read(number, line, heading, mark)
        _items_of(leads, None if heading is not None else mark, tuple(rules.nested_bullets))
        lead_years = [lead.year for lead in leads if lead.year is not None]
        if heading is not None:
            seen_heading = True
            parent = outline.enter(heading.level, label, own_years)
            if (horizon["year"] is None and own_years
                    and rules.target_heading_pattern.search(line)):
                horizon = {"year": own_years[0][2], "from": f"heading {line[:60]!r}",
                           "scope": "per_year"}
        elif not seen_heading and title_period is None:
            if match := title_period_in(rules, line):
                year = [int(g) for g in match.groups() if g][-1]
                title_period = {"year": year, "from": f"title {match.group(0)!r}",
                                "scope": "plan"}
        clause = ".".join(outline.labels[lv] for lv in sorted(outline.labels))
        above = outline.above(heading, parent)
        body = line[1:].strip() if mark is not None else line
        sentences = _split(body, rules)
        _add(rows, sentences, {"line": number, "clause": clause,
                               "heading_year": above[0] if above else None,
                               "lead_year": lead_years[-1] if lead_years else None},
             rules, joins=tables.value_cell(line, heading, mark))
        if heading is None and sentences and sentences[-1].rstrip().endswith(
                tuple(rules.list_leads)):
            lead_own = find_years(sentences[-1], rules)
            leads.append(_Lead(lead_own[0][2] if lead_own else None, mark))
    if title_period is not None:
        horizon = title_period
    return pd.DataFrame(tables.give_deadlines(rows), columns=SENTENCE_COLUMNS), horizon


# --- 0. The decision's number and date, from its heading --------------------------------------

@dataclass(frozen=True)
class DecisionHeading:
    """The number and date a decision's heading prints ("Số: 1498/QĐ-UBND", "ngày 30 tháng 11
    năm 2012"), with the lines they were read on; None where the heading prints none."""

    number: str | None = None
    date: dt.date | None = None
    number_line: int | None = None
    date_line: int | None = None


def read_decision_heading(text: str, rules: DraftingRules) -> DecisionHeading:
    """The first number form of `decision_heading` in the heading's lines (those before the
    first line starting with one of `ends_at`, at most `max_lines`), and the first date form
    at or after its line (a citation's date before it, "Luật ... ngày 26 tháng 11 năm 2003",
    stands under "Căn cứ", past the heading). A date that is not a calendar day is not read."""
    lines = nfc(text).splitlines()[:rules.decision_heading.max_lines]
    number = number_line = None
    for at, raw in enumerate(lines, start=1):
        line = raw.strip()
        if rules.heading_end_pattern.match(line):
            break
        if number is None:
            found = [m for p in rules.number_patterns if (m := p.search(line))]
            if found:
                first = min(found, key=lambda m: m.start())
                number, number_line = first.group("number"), at
                line = line[first.end():]
            else:
                continue
        for pattern in rules.date_patterns:
            if match := pattern.search(line):
                try:
                    day = dt.date(int(match.group("year")), int(match.group("month")),
                                  int(match.group("day")))
                except ValueError:
                    continue
                return DecisionHeading(number, day, number_line, at)
    return DecisionHeading(number, None, number_line, None)
