"""The drafter's first step (ggutils.reference.draft): a decision's text as sentences under
their headings, each with its clause, the years it names and the horizon a heading gives.
The years a sentence prints are read in `year_forms`, its list's lead in `lists`, its table
row's deadline cell in `tables`."""

from __future__ import annotations

import re

import pandas as pd

from ggutils.reference.draft.lists import Lead, close_lists
from ggutils.reference.draft.phrases import nfc
from ggutils.reference.draft.rows import dating_years
from ggutils.reference.draft.rules import DraftingRules, title_period_in
from ggutils.reference.draft.tables import Tables
from ggutils.reference.draft.year_forms import find_base_year, find_years

SENTENCE_COLUMNS = ["sentence", "line", "clause", "heading_year", "lead_year", "lead_text",
                    "frame_year", "under_targets", "under_awards", "row_deadline", "row_year",
                    "text", "years", "base_year", "reason"]


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


def _names_targets(line: str, heading, label: str, rules: DraftingRules) -> bool:
    """The heading's words open with one of `target_headings` ("2. Mục tiêu cụ thể", "Mục
    tiêu cụ thể giai đoạn từ 2026 - 2030:"): what is listed under it are the targets."""
    words = label if heading.name == "goal" else line
    if heading.name != "goal" and (match := re.compile(heading.pattern).match(line)):
        words = line[match.end("number"):]
    words = words.lstrip(" .):" + "".join(rules.bullets))
    return rules.target_heading_pattern.match(words) is not None


def _read_head(line: str, own_years: list, outline: _Outline, head: dict,
               rules: DraftingRules) -> None:
    """A line before the first numbered heading: until the body's first sentence
    (`body_sentence_ends`) it may be the title, whose period is the plan's (`head["title"]`);
    after it, a report's subheading ("## …") frames its section with the year it opens with."""
    if head["body"] and _is_subheading(line, rules):
        outline.frame(_opening_year(line, own_years, rules) if own_years else None)
    elif not head["body"] and head["title"] is None and (
            match := title_period_in(rules, line)):
        year = [int(g) for g in match.groups() if g][-1]
        head["title"] = {"year": year, "from": f"title {match.group(0)!r}", "scope": "plan"}
    head["body"] = head["body"] or line.endswith(tuple(rules.body_sentence_ends))


def _read_annex(line: str, heading, own_years: list, after_annex: bool, outline: _Outline,
                rules: DraftingRules) -> bool:
    """The line after an annex's opening line (`after_annex`) is the annex's title: its year
    (none for a heading) frames the annex's section, until the next annex. Returns whether
    this line opens an annex."""
    if after_annex:
        outline.frame(own_years[0][2] if own_years and heading is None else None)
    return heading is None and _opens_an_annex(line, rules)


def _opens_an_annex(line: str, rules: DraftingRules) -> bool:
    """The line is only one of `annex_titles` ("PHỤ LỤC", an annex with no number): the line
    after it is the annex's title."""
    words = {nfc(w).lower() for w in rules.annex_titles}
    return " ".join(line.strip(" .:").split()).lower() in words


def _is_subheading(line: str, rules: DraftingRules) -> bool:
    """A line of a report's body with no numbered heading above it that ends with no mark of
    a sentence, a lead or a question (`subheadings`): a subheading ("Đến năm 2030, người dân
    được miễn viện phí …"), which opens a section of the report."""
    ends = (*rules.sentence_ends, *rules.list_leads, *rules.questions, ";", ",")
    return rules.subheadings and not line.endswith(ends)


def _question_year(line: str, own_years: list, rules: DraftingRules) -> int | None:
    """The year of a page's question that asks for goals (`goal_questions`: "Mục tiêu … đến
    năm 2030?"): the year of the section it titles; else None."""
    pattern = rules.goal_question_pattern
    if pattern is None or not own_years or not pattern.match(line):
        return None
    return own_years[0][2]


class _Outline:
    """The headings above a line: their labels and years by level, and the numbered headings
    of the present section with their years (`numbered`, by level and label)."""

    def __init__(self):
        self.labels: dict[int, str] = {}
        self.years: dict[int, int | None] = {}
        self.numbered: dict[tuple[int, str], int | None] = {}
        self.targets: dict[int, bool] = {}
        self.awards: dict[int, bool] = {}

    def enter(self, level: int, label: str, own_years: list,
              targets: bool = False, awards: bool = False) -> int | None:
        """A heading opens: the headings of its level and below end. Its year is the one it
        prints, else, for a sub-numbered heading ("6.3"), the year of the heading it is a
        part of ("6. Chỉ tiêu chủ yếu đến năm 2030"; returned): the nearest of its number's
        prefixes ("6.3.1" -> "6.3" -> "6") seen at its level in this section."""
        self.labels = {lv: lb for lv, lb in self.labels.items() if lv < level}
        self.years = {lv: y for lv, y in self.years.items() if lv < level}
        self.targets = {lv: t for lv, t in self.targets.items() if lv < level}
        self.targets[level] = targets
        self.awards = {lv: a for lv, a in self.awards.items() if lv < level}
        self.awards[level] = awards
        self.numbered = {k: y for k, y in self.numbered.items() if k[0] <= level}
        parent, prefix = None, label
        while not own_years and parent is None and "." in prefix:
            prefix = prefix.rsplit(".", 1)[0]
            parent = self.numbered.get((level, prefix))
        self.labels[level] = label
        self.years[level] = own_years[0][2] if own_years else parent
        self.numbered[level, label] = self.years[level]
        return parent

    def frame(self, year: int | None) -> None:
        """A section's year that no heading of it ends (level 0: a page's question, a
        report's subheading); None ends the section's year."""
        self.years.pop(0, None)
        if year is not None:
            self.years[0] = year

    def above(self, heading, parent: int | None) -> list[int]:
        """The years of the headings above a line, nearest first: a heading's own line takes
        those of the headings above it, and the year of the heading it is a part of."""
        years = [parent] if heading is not None and parent is not None else []
        return years + [self.years[lv] for lv in sorted(self.years, reverse=True)
                        if self.years[lv] is not None
                        and (heading is None or lv < heading.level)]

def _add(rows: list[dict], sentences: list[str], fields: dict, rules: DraftingRules,
         joins: bool = False) -> None:
    """One row per sentence of a line, with `fields` (its line, clause and years above); a
    table's value cell (`joins`) joins the sentence of its row's wording instead, as the row
    reads ("Tỉ lệ … điều kiện." + "%" + "100%")."""
    if joins and rows:
        row = rows[-1]
        row["text"] = f"{row['text']} {' '.join(sentences)}"
        row["years"] = find_years(row["text"], rules)
        row["base_year"] = find_base_year(row["text"], rules)
        return
    frame = None
    for sentence in sentences:
        years = find_years(sentence.strip(), rules)
        if rules.row_cells is not None:         # a one-line table row: years that date it
            years = dating_years(sentence.strip(), years, rules.row_cells)
        rows.append({"sentence": len(rows), **fields, "frame_year": None if years else frame,
                     "row_deadline": False, "row_year": None, "text": sentence.strip(),
                     "years": years, "base_year": find_base_year(sentence, rules),
                     "reason": None})
        if years:
            frame = _opening_year(sentence.strip(), years, rules)


def _opening_year(sentence: str, years: list, rules: DraftingRules) -> int | None:
    """The year of a sentence that opens with a year form set off by a mark of
    `paragraph_frames` ("Đến năm 2025, tối thiểu 80% …"): the frame of the sentences after it
    in its paragraph that print none; None for a year printed elsewhere in it."""
    start, end, year = years[0]
    marks = tuple(rules.paragraph_frames)
    opens = not re.search(r"[^\W_]", sentence[:start])
    return year if opens and marks and sentence[end:].lstrip().startswith(marks) else None


def _split(text: str, rules: DraftingRules) -> list[str]:
    """Sentences of one line: cut after an end mark followed by a space and a capital, or
    after a mark of `digit_sentence_ends` ("?") followed by a space and a digit."""
    marks = "".join(re.escape(m) for m in rules.sentence_ends)
    digits = "".join(re.escape(m) for m in rules.digit_sentence_ends)
    before_digit = rf"|(?<=[{digits}])\s+(?=\d)" if digits else ""
    parts = re.split(rf"(?<=[{marks}])\s+(?=[^\W\d_]){before_digit}", text)
    out = []
    for part in parts:
        if out and not (part[:1].isupper() or part[:1].isdigit()):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p for p in out if p.strip()]

def split_sentences(text: str, rules: DraftingRules) -> tuple[pd.DataFrame, dict]:
    """One row per sentence, with the clause it sits under (the labels of the numbered
    headings above it, "III.2"), the year of its nearest heading that prints one (a heading's
    year holds within its section: until the next heading of the same or a higher level; an
    undated heading takes its section's lead's, "Từ nay đến hết năm 2025 …:" before its
    numbered items, `section_leads`),
    the year and words of the list lead it is an item of (`list_leads`), the years its own
    words print (a published page's question on a line of its own, `questions`, ends every
    heading; one asking for goals to a year, `goal_questions`, dates its section; so does a
    report's subheading opening with a year, `subheadings`) and its base year.
    Also returns the plan's horizon: the end of the period in its title ("thời kỳ 2011 -
    2020"; the title stands before the body's first sentence, `body_sentence_ends`), which
    holds for the whole plan (`scope` "plan"), else the year of
    its specific targets' heading ("Mục tiêu cụ thể đến năm 2020"), which outside its section
    holds only for a per-year target (`scope` "per_year"), with where it was read."""
    rows: list[dict] = []
    horizon: dict = {"year": None, "from": "", "scope": "plan"}
    head: dict = {"title": None, "body": False}
    seen_heading = False
    bullets = tuple(rules.bullets)
    leads: list[Lead] = []
    tables = Tables(rules)
    outline = _Outline()
    undated: int | None = None          # the level of an undated heading on the line before
    led: tuple[int, int] | None = None  # that heading's level and its lead's year (section_leads)
    annex = False                       # the line before opened an annex (annex_titles)
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parent = None
        heading, label = _heading(line, rules, no_goal=tables.has_deadline or (
            not seen_heading and rules.plan_period_pattern.search(line) is not None))
        own_years = find_years(line, rules)
        annex = _read_annex(line, heading, own_years, annex, outline, rules)
        mark = line[0] if line.startswith(bullets) and line[1:2].isspace() else None
        tables.read(number, line, heading, mark)
        item = mark if heading is None else (       # a list's numbered item: "(1) …"
            heading.name if heading.name in rules.list_item_headings else None)
        close_lists(leads, item, tuple(rules.nested_bullets))
        lead_years = [lead.year for lead in leads if lead.year is not None]
        if heading is not None and led is not None and heading.level > led[0]:
            outline.years[led[0]] = led[1]     # "III. …", "Từ nay đến hết năm 2025 …:", "1. …"
        if heading is not None:
            seen_heading = True
            parent = outline.enter(heading.level, label, own_years,
                                   _names_targets(line, heading, label, rules),
                                   rules.allocations.award_pattern.search(line) is not None)
            if (horizon["year"] is None and own_years
                    and rules.target_heading_pattern.search(line)):
                horizon = {"year": own_years[0][2], "from": f"heading {line[:60]!r}",
                           "scope": "per_year"}
        elif not seen_heading and mark is None:
            _read_head(line, own_years, outline, head, rules)
        led = (undated, own_years[0][2]) if (
            undated is not None and heading is None and mark is None and own_years
            and line.endswith(tuple(rules.section_leads))) else None
        undated = (heading.level if heading is not None and outline.years.get(heading.level)
                   is None else None)
        if heading is None and mark is None and line.endswith(tuple(rules.questions)):
            outline = _Outline()        # a page's question titles a section of its own
            outline.frame(_question_year(line, own_years, rules))
        clause = ".".join(outline.labels[lv] for lv in sorted(outline.labels))
        above = outline.above(heading, parent)
        body = line[1:].strip() if mark is not None else line
        row = rules.row_cells is not None and bool(rules.row_cells.cells(body))
        sentences = [body] if row else _split(body, rules)      # a row is one sentence
        _add(rows, sentences, {"line": number, "clause": clause,
                               "under_targets": any(t for lv, t in outline.targets.items()
                                                    if heading is None or lv < heading.level),
                               "under_awards": any(a for lv, a in outline.awards.items()
                                                   if heading is None or lv < heading.level),
                               "heading_year": above[0] if above else None,
                               "lead_year": lead_years[-1] if lead_years else None,
                               "lead_text": leads[-1].text if leads else None},
             rules, joins=tables.value_cell(line, heading, mark))
        if sentences and sentences[-1].rstrip().endswith(tuple(rules.list_leads)) and (
                heading is None or (len(sentences) > 1 and _splits_a_total(sentences[-1],
                                                                           rules))):
            lead_own = find_years(sentences[-1], rules)
            leads.append(Lead(lead_own[0][2] if lead_own else None, mark,
                              text=_lead_words(sentences, rules)))
    if head["title"] is not None:
        horizon = head["title"]
    return pd.DataFrame(tables.give_deadlines(rows), columns=SENTENCE_COLUMNS), horizon


def _splits_a_total(sentence: str, rules: DraftingRules) -> bool:
    """The sentence opens with one of `parts_of_totals` ("Trong đó:"): the items after it
    split the total of the sentence before it. A numbered heading that ends so ("1. Dự
    toán kinh phí …: 1.500.000.000 đồng. Trong đó:") leads its items as a list's lead does."""
    parts = re.compile(rf"\W*(?:{'|'.join(map(re.escape, rules.parts_of_totals))})(?!\w)",
                       re.IGNORECASE)
    return bool(rules.parts_of_totals) and parts.match(sentence) is not None


def _lead_words(sentences: list[str], rules: DraftingRules) -> str:
    """A list lead's words: its sentence, after the sentence before it on its line when it
    opens with one of `parts_of_totals` ("…: khoảng 4.292 ha, chiếm 21% … Trong đó:", of
    which: its items split that sentence's total)."""
    parts = re.compile(rf"\W*(?:{'|'.join(map(re.escape, rules.parts_of_totals))})(?!\w)",
                       re.IGNORECASE)
    if len(sentences) > 1 and rules.parts_of_totals and parts.match(sentences[-1]):
        return f"{sentences[-2].strip()} {sentences[-1].strip()}"
    return sentences[-1].strip()
