"""Results reported, not targets (the drafter's step 2, after ggutils.reference.draft.names):
a plan often opens by reporting what the year or the last period achieved ("I. TÌNH HÌNH
THỰC HIỆN … NĂM 2025", "Kim ngạch xuất khẩu ước cả năm đạt 2.600 triệu USD, tăng 6,35% so
cùng kỳ", "đạt 102,70% dự toán", "Lũy kế đến nay có 681 dự án") or the state it starts
from ("Hiện nay … khoảng 180 trạm", "còn 3.507/6.708 (chiếm 52,3%) giấy tờ"); such a number
is a result, no target of this plan. Here are the model of that section of data/reference/
drafting_rules.yml (reported_results: the headings of a section that reports and of one that
turns to the plan's own aims, the words that mark a result in a sentence, the words of an aim
that leave a number alone; an unknown key is an error naming the file and the key) and the
two verbs: `find_result_sections` marks the sentences under a heading that reports,
`mark_reported_results` gives their numbers, and any number with a result's words, the reason
it is no target."""

from __future__ import annotations

import re
from functools import cached_property

import pandas as pd
from pydantic import Field, field_validator

from ggutils.reference.draft.phrases import (
    alternation,
    just_before,
    nfc,
    right_after,
    words_before,
)
from ggutils.reference.validation import Verbatim


class ReportedResults(Verbatim):
    """A number reported as a result: under a numbered heading whose words open with one of
    `sections` (after any of `heading_leads`, "Về", "Những"; the longer opening decides over one
    of `aims`) until the next heading of the same or a higher level, or a heading below it that
    opens with one of `aims`, or with one of `before` between its piece's start and itself, or
    one of `shortfalls` right before it ("chưa đạt 50%"), or one of `backgrounds` and at most
    `background_words` words of letters right before it, or one of `after` after at most
    `after_words` words after it (its unit; before a separator), or, a share (its unit one of
    `share_units`), one of `plan_shares` right after it ("102% kế hoạch", a share of the year's
    plan or budget), or one of `present` before it in its piece, not right after one of
    `present_not_after` ("Hiện nay, … 180 trạm"), or, a share in brackets opening with one of
    `fraction_shares`, after a fraction "a/b" and at most `fraction_words` words in its clause
    ("3.507/6.708 (chiếm 52,3%)", the fraction's ratio); a footnote (a line opening with a mark
    of `footnote_marks`, "[1]") reports where the sentence its mark follows reports; none where
    one of `keeps` stands before it in its sentence ("phấn đấu đạt 100% kế hoạch"); outside a
    section that reports, none where one of `aim_verbs` and at most `aim_verb_words` words stand
    right before it ("bảo đảm giải ngân 100% kế hoạch vốn")."""
    sections: list[str] = Field(min_length=1)
    aims: list[str] = Field(min_length=1)
    heading_leads: list[str]
    before: list[str]
    after: list[str]
    after_words: int = Field(ge=0, le=10)
    plan_shares: list[str]
    share_units: list[str] = Field(min_length=1)
    keeps: list[str] = Field(min_length=1)
    aim_verbs: list[str]
    aim_verb_words: int = Field(ge=0, le=6)
    present: list[str]
    present_not_after: list[str]
    fraction_shares: list[str]
    fraction_words: int = Field(ge=0, le=20)
    footnote_marks: list[str] = []
    shortfalls: list[str] = []
    backgrounds: list[str] = []
    background_words: int = Field(default=0, ge=0, le=12)

    @field_validator("footnote_marks")
    @classmethod
    def _numbered(cls, marks: list[str]) -> list[str]:
        if missing := [m for m in marks if "{n}" not in m]:
            raise ValueError(f"footnote marks {missing} hold no '{{n}}' (the number)")
        return marks

    @cached_property
    def section_pattern(self) -> re.Pattern:
        return alternation(self.sections)

    @cached_property
    def aim_pattern(self) -> re.Pattern:
        return alternation(self.aims)

    @cached_property
    def heading_lead_pattern(self) -> re.Pattern:
        """The words a heading's subject may follow ("Về", "Những"), each with its spaces."""
        return re.compile(rf"(?:(?:{alternation(self.heading_leads).pattern})\s+)*",
                          re.IGNORECASE)

    @cached_property
    def before_pattern(self) -> re.Pattern:
        return alternation(self.before)

    @cached_property
    def shortfall_pattern(self) -> re.Pattern:
        """One of `shortfalls` right before a number ("chưa đạt 50%")."""
        return just_before(self.shortfalls)

    @cached_property
    def background_pattern(self) -> re.Pattern:
        """One of `backgrounds` and at most `background_words` words of letters right before a
        number ("trong bối cảnh đất nước đặt mục tiêu tăng trưởng trên 8%"): no mark between."""
        return words_before(self.backgrounds, self.background_words)

    @cached_property
    def after_pattern(self) -> re.Pattern:
        return alternation(self.after)

    @cached_property
    def after_gap_pattern(self) -> re.Pattern:
        """One of `after` after at most `after_words` words (the number's unit)."""
        return re.compile(rf"\s*(?:\S+\s+){{0,{self.after_words}}}?"
                          rf"(?P<word>{self.after_pattern.pattern})", re.IGNORECASE)

    @cached_property
    def plan_share_pattern(self) -> re.Pattern:
        """One of `plan_shares` right after a share ("102,70% dự toán")."""
        return right_after(self.plan_shares)

    @cached_property
    def keep_pattern(self) -> re.Pattern:
        return alternation(self.keeps)

    @cached_property
    def aim_verb_pattern(self) -> re.Pattern:
        """One of `aim_verbs` and at most `aim_verb_words` words of letters right before a
        number ("bảo đảm giải ngân 100%"): no separator between."""
        return words_before(self.aim_verbs, self.aim_verb_words)

    @cached_property
    def present_pattern(self) -> re.Pattern:
        return alternation(self.present)

    @cached_property
    def present_spoiler_pattern(self) -> re.Pattern:
        """One of `present_not_after` right before a word of `present` ("thực hiện có")."""
        return just_before(self.present_not_after)

    @cached_property
    def fraction_share_pattern(self) -> re.Pattern:
        """An open bracket and one of `fraction_shares` right before a share: "(đạt "."""
        return re.compile(rf"\(\s*(?:{alternation(self.fraction_shares).pattern})\s*$",
                          re.IGNORECASE)

    @cached_property
    def fraction_pattern(self) -> re.Pattern:
        """A fraction "a/b" (each number may have its noun, "3.071 TTHC/4.888 TTHC") and at most
        `fraction_words` words (a footnote mark "[3]" may follow one), no number, at the end."""
        number, word = r"\d[\d.,]*", r"[^\W\d_]+(?:\[\d+\])?"
        return re.compile(rf"(?<![\w/.,])(?P<fraction>{number}(?:\s+{word})?\s*/\s*{number}"
                          rf"(?:\s+{word})?)(?![\w/])(?:[\s,]+{word}){{0,{self.fraction_words}}}"
                          r"[\s,]*$")


def _opening(pattern: re.Pattern, line: str, at: int, results: ReportedResults) -> int:
    """How long a phrase of `pattern` the heading's words open with (from `at`, after its
    number's marks and any of `heading_leads`: "Về", "Những"); 0 for none."""
    words = re.match(r"[\s.):]*", line[at:])
    lead = results.heading_lead_pattern.match(line, at + words.end())
    match = pattern.match(line, lead.end())
    return len(match.group(0)) if match else 0


def _heading_kind(line: str, at: int, results: ReportedResults) -> bool | None:
    """True for a heading that reports, False for one of the plan's aims (the longer opening
    decides: "Kết quả dự kiến" is an aim), None for neither."""
    reports = _opening(results.section_pattern, line, at, results)
    aims = _opening(results.aim_pattern, line, at, results)
    return None if not (reports or aims) else reports > aims


def find_result_sections(text: str, sentences: pd.DataFrame, results: ReportedResults,
                         heading_patterns: list[tuple]) -> pd.DataFrame:
    """Adds `reports`: for a sentence under a numbered heading (`heading_patterns`, the rules'
    headings) that reports ("I. TÌNH HÌNH THỰC HIỆN …", "2. Kết quả đạt được"), that heading's
    line; None elsewhere. The section ends at the next heading of the same or a higher level,
    and a heading below it that opens with a word of the plan's aims ("3. Mục tiêu …", "a)
    Nhiệm vụ …") holds no results."""
    open_headings: list[tuple[int, str | None, bool]] = []    # level, line, reports
    reports: dict[int, str | None] = {}
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip()
        for heading, pattern in heading_patterns:
            if match := pattern.match(line):
                at = match.end("number")
                kind = _heading_kind(line, at, results)
                open_headings = [h for h in open_headings if h[0] < heading.level]
                open_headings.append((heading.level, line, kind))
                break
        marked = [(label, kind) for _, label, kind in open_headings if kind is not None]
        reports[number] = marked[-1][0] if marked and marked[-1][1] else None
    reports = _footnotes(text, reports, results)
    sentences = sentences.copy()
    sentences["reports"] = [reports.get(n) for n in sentences["line"]]
    return sentences


def _footnotes(text: str, reports: dict[int, str | None],
               results: ReportedResults) -> dict[int, str | None]:
    """`reports` with each footnote line (opening with a mark of `footnote_marks` and its
    number: "[1] trong đó: …") given the heading of the line where that mark last stood
    in the text before it: a footnote says more of the words its mark follows."""
    marks = [re.escape(m).replace(r"\{n\}", r"(\d{1,3})") for m in results.footnote_marks]
    if not marks:
        return reports
    pattern = re.compile("|".join(f"(?:{m})" for m in marks))
    seen: dict[str, int] = {}
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip()
        opening = pattern.match(line)
        if opening:
            key = next(g for g in opening.groups() if g)
            if key in seen:
                reports[number] = reports[seen[key]]
        for m in pattern.finditer(line, opening.end() if opening else 0):
            seen[next(g for g in m.groups() if g)] = number
    return reports


def _present(text: str, q, results: ReportedResults) -> str | None:
    """One of `present` in the piece of `q` before it ("Hiện nay, … khoảng 180 trạm"), not
    right after one of `present_not_after` (the "hiện" of "thực hiện có hiệu quả")."""
    for m in results.present_pattern.finditer(text, int(q["piece_start"]), int(q["start"])):
        if not results.present_spoiler_pattern.search(text, 0, m.start()):
            return m.group(0)
    return None


def _fraction(text: str, q, results: ReportedResults) -> str | None:
    """The fraction "a/b" whose ratio the share `q` gives in brackets right after it: "3.507/
    6.708 (chiếm 52,3%)", "2.269/6.974 ĐKKD[3] thuộc ngành … (đạt 32,5%)"."""
    if q["unit"] not in results.share_units:
        return None
    start = int(q["start"])
    lead = results.fraction_share_pattern.search(text[max(0, start - 40):start])
    if lead is None:
        return None
    before = text[:start - len(lead.group(0))]
    before = before[before.rfind(";") + 1:][-300:]
    m = results.fraction_pattern.search(before)
    return m.group("fraction") if m else None


def _marker(text: str, q, results: ReportedResults) -> str | None:
    """The words of a result around the quantity `q` in its sentence's `text`: one of
    `before` or of `present` in its piece before it, or one of `shortfalls` right before it,
    or one of `backgrounds` and a few words of letters right before it,
    else a fraction whose ratio it gives, else
    one of `plan_shares` right after it if it is a share, else one of `after`
    after at most `after_words` words (its unit) that follow it, before a separator."""
    if m := list(results.before_pattern.finditer(text, int(q["piece_start"]), int(q["start"]))):
        return m[-1].group(0)
    if m := results.shortfall_pattern.search(text, int(q["piece_start"]), int(q["start"])):
        return m.group(0).strip()
    if m := results.background_pattern.search(text, int(q["piece_start"]), int(q["start"])):
        return m.group("word")
    if word := _present(text, q, results):
        return word
    if fraction := _fraction(text, q, results):
        return f"the ratio of {fraction}"
    share = q["unit"] in results.share_units
    if share and (m := results.plan_share_pattern.match(text, int(q["end"]))):
        return m.group(0).strip()
    rest = re.split(r"[,;:(]\s|\.(?:\s|$)", text[int(q["end"]):], maxsplit=1)[0]
    if m := results.after_gap_pattern.match(rest):
        return m.group("word")
    return None


def mark_reported_results(quantities: pd.DataFrame, sentences: pd.DataFrame,
                          results: ReportedResults) -> pd.DataFrame:
    """A quantity (with no reason yet) that a sentence reports as a result keeps the reason it
    is no target: its sentence stands under a heading that reports (`reports`, from
    `find_result_sections`), or words of a result stand around it ("ước cả năm", "so cùng kỳ",
    "đạt 102% kế hoạch", "vượt 11% so dự toán", "lũy kế", "đến nay", "hiện nay", a
    fraction's ratio "(đạt 62,8%)"). A word of the plan's
    aim before it in its sentence (`keeps`: "phấn đấu") leaves it alone."""
    quantities = quantities.copy()
    by_id = sentences.set_index("sentence")
    for idx, q in quantities[quantities["reason"].isna()].iterrows():
        s = by_id.loc[q["sentence"]]
        if results.keep_pattern.search(s["text"], 0, int(q["start"])):
            continue
        heading = s.get("reports")
        if isinstance(heading, str):
            label = heading if len(heading) <= 60 else heading[:57] + "..."
            quantities.at[idx, "reason"] = (f"a result reported (under the heading "
                                            f"{label!r}), not a target")
        elif results.aim_verb_pattern.search(s["text"][:int(q["start"])]):
            continue                                   # "bảo đảm giải ngân 100% kế hoạch"
        elif word := _marker(s["text"], q, results):
            quantities.at[idx, "reason"] = f"a result reported (with {word!r}), not a target"
    return quantities
