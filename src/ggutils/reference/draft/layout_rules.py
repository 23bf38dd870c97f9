"""The drafting rules on a text's layout (data/reference/drafting_rules.yml; the drafter's
steps 0, 1 and 5): numbered and goal headings, year forms, a base year's gap, a document's
year of issue, tables printed one cell a line and the decision's heading, each a section of
the file checked by its own model (an unknown key is an error naming the file and the key),
with the patterns read from it. ggutils.reference.draft.rules loads the file into
DraftingRules, made of these and of the models of `count_rules`, `quantity_rules` and
`reading_rules`."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from ggutils.reference.draft.phrases import alternation, heading_pattern, nfc, phrase_pattern
from ggutils.reference.validation import Verbatim, regular_expression


def _names_a_year(phrase: str) -> str:
    if "{year}" not in phrase:
        raise ValueError(f"{phrase!r} names no {{year}}")
    return phrase


YearPhrase = Annotated[str, AfterValidator(_names_a_year)]   # a phrase with its {year}


class Heading(Verbatim):
    name: str
    level: int = Field(ge=1, le=6)
    pattern: str
    label: str

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        if "number" not in regular_expression(value).groupindex:
            raise ValueError("the pattern needs a group named 'number'")
        return value


class GoalHeadings(Verbatim):
    """A line (after an optional bullet mark) that opens with one of `words`, prints a year
    form and no other number, in at most `max_words` words: a heading of `level`."""
    words: list[str] = Field(min_length=1)
    level: int = Field(ge=1, le=6)
    max_words: int = Field(ge=2, le=30)


class YearForm(Verbatim):
    phrase: YearPhrase
    year: Literal["first", "last"]


class BaseYearGap(Verbatim):
    """The "…" of a base-year form: up to `words` words, none of `stops`."""
    words: int = Field(ge=0, le=12)
    stops: list[str]


class IssueYears(Verbatim):
    """The year a document was issued, printed after its number or issuer: no deadline.
    `forms`: phrases with {year}, and {document} (one of `documents`, then optionally one of
    `number_marks`), {number} (a document's number: "70-NQ/TW", "12/KH-UBND") or {numbers}
    (any numbers: "59 70 71 72"), {day} and {month} (a date's numbers); the "…" of a form
    is a gap of `gap.words` words (its issuer), none of `gap.stops`."""
    documents: list[str] = Field(min_length=1)
    number_marks: list[str]
    forms: list[YearPhrase] = Field(min_length=1)
    gap: BaseYearGap

    @cached_property
    def pattern(self) -> re.Pattern:
        """A year printed as a document's year of issue (issue_years): its year captured."""
        marks = alternation(self.number_marks).pattern
        document = rf"(?:{alternation(self.documents).pattern})(?:\s+(?:{marks}))?"
        number = r"\d+(?:[./-]\d+)*(?:[/-][^\W\d_][\w-]*(?:/[\w-]+)*)"   # "70-NQ/TW"
        numbers = r"\d[\w./-]*(?:\s+\d[\w./-]*)*"                    # "59 70 71 72"
        forms = []
        for form in self.forms:
            pattern = phrase_pattern(form, self.gap.words, tuple(self.gap.stops))
            pattern = pattern.replace(re.escape("{document}"), document)
            pattern = pattern.replace(re.escape("{numbers}"), numbers)
            for day in ("{day}", "{month}"):                     # "ngày 07 tháng 3 năm 2024"
                pattern = pattern.replace(re.escape(day), r"\d{1,2}")
            forms.append(pattern.replace(re.escape("{number}"), number))
        return re.compile("|".join(f"(?:{f})" for f in forms), re.IGNORECASE)


class StandardPeriods(Verbatim):
    """The period of a standard or criteria set a target is measured by ("theo Bộ tiêu chí …
    giai đoạn 2026 - 2030"): `forms`, phrases with {year}, whose "…" is a gap of `gap.words`
    words, none of `gap.stops`; such a year is no deadline."""
    forms: list[YearPhrase]
    gap: BaseYearGap

    @cached_property
    def pattern(self) -> re.Pattern:
        return alternation(self.forms, self.gap.words, tuple(self.gap.stops))


class TableDeadlines(Verbatim):
    """A table printed one cell a line: its header opens with one of `header` and names a
    deadline column (one of `columns`); its rows start at a line that is only a row number
    (`row_number`, a regular expression); a deadline cell is a line, not a bullet item, that
    prints a year form or one of `ongoing`, and no other number."""
    header: list[str] = Field(min_length=1)
    columns: list[str] = Field(min_length=1)
    result_columns: list[str]
    row_number: str
    footnote: str
    ongoing: list[str]

    @field_validator("row_number", "footnote")
    @classmethod
    def _regex(cls, value: str) -> str:
        regular_expression(value)
        return value

    @cached_property
    def header_pattern(self) -> re.Pattern:
        return re.compile("(?:" + "|".join(re.escape(nfc(h)) for h in self.header)
                          + ")", re.IGNORECASE)

    @cached_property
    def column_pattern(self) -> re.Pattern:
        return alternation(self.columns)

    @cached_property
    def result_column_pattern(self) -> re.Pattern:
        """A result column's name at the start of a header line ("Chỉ tiêu đạt được")."""
        return alternation(self.result_columns)

    @cached_property
    def footnote_pattern(self) -> re.Pattern:
        return re.compile(self.footnote)

    @cached_property
    def row_number_pattern(self) -> re.Pattern:
        return re.compile(self.row_number)

    @cached_property
    def ongoing_pattern(self) -> re.Pattern:
        return alternation(self.ongoing)


class DecisionHeading(Verbatim):
    """Where a decision's heading prints its number and date."""
    number: list[str] = Field(min_length=1)
    date: list[str] = Field(min_length=1)
    ends_at: list[str]
    max_lines: int = Field(ge=1, le=200)

    @field_validator("number", "date")
    @classmethod
    def _fields(cls, value: list[str], info: ValidationInfo) -> list[str]:
        needed = {"number": {"number"}, "date": {"day", "month", "year"}}[info.field_name]
        for phrase in value:
            if set(re.findall(r"\{(\w+)\}", phrase)) != needed:
                raise ValueError(f"{phrase!r}: name exactly "
                                 + ", ".join(f"{{{f}}}" for f in sorted(needed)))
        return value

    @cached_property
    def number_patterns(self) -> list[re.Pattern]:
        return [heading_pattern(p) for p in self.number]

    @cached_property
    def date_patterns(self) -> list[re.Pattern]:
        return [heading_pattern(p) for p in self.date]

    @cached_property
    def end_pattern(self) -> re.Pattern:
        return alternation(self.ends_at)
