"""The parts of the drafting rules (data/reference/drafting_rules.yml), each a section of the
file checked by its own model: an unknown key of a section is an error naming the file and
the key (ggutils.reference.draft.rules loads the file into DraftingRules, made of these)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ggutils.reference.draft.phrases import alternation, just_before, right_after
from ggutils.reference.validation import Verbatim, regular_expression


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


class YearForm(Verbatim):
    phrase: str
    year: Literal["first", "last"]

    @field_validator("phrase")
    @classmethod
    def _has_year(cls, value: str) -> str:
        if "{year}" not in value:
            raise ValueError(f"{value!r} names no {{year}}")
        return value


class NotQuantities(Verbatim):
    before: list[str]
    after: list[str]
    touching: list[str]
    sizes: list[str]
    times: list[str]
    scopes: list[str]
    estimates: list[str]


class BaseYearGap(Verbatim):
    """The "…" of a base-year form: up to `words` words, none of `stops`."""
    words: int = Field(ge=0, le=6)
    stops: list[str]


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


class NumberWords(Verbatim):
    words: list[str]
    value: float
    unit: str

    @cached_property
    def pattern(self) -> re.Pattern:
        return alternation(self.words)


class Counts(Verbatim):
    """A number with no unit is a count when one of `after` stands just before it; one of
    `prepositions` bounds it only after one of `verbs` or at the start of its sentence; a
    bare one followed by a noun, after one of `goals` in its clause or right after one of
    `completions` and at most `completion_words` words of its verb ("hoàn thành sửa đổi, bổ
    sung 485 văn bản") or right after a label and one of `labels` ("Đầu tư mới trạm 5G: 35
    trạm"), but not right after one of `stages` ("giai đoạn 2", a name)."""
    after: list[str] = Field(min_length=1)
    prepositions: list[str]
    verbs: list[str] = Field(min_length=1)
    goals: list[str]
    not_nouns: list[str]
    shares: list[str] = []
    item_leads: list[str] = []
    items: list[str] = []
    completions: list[str] = []
    completion_words: int = Field(default=0, ge=0, le=12)
    stages: list[str] = []
    labels: list[str] = []
    unit: str

    @cached_property
    def stage_pattern(self) -> re.Pattern:
        """A word of `stages` ending just before a number ("giai đoạn 2", phase two)."""
        return just_before(self.stages)

    @cached_property
    def completion_pattern(self) -> re.Pattern:
        """One of `completions` and at most `completion_words` words of letters (a comma may
        join them: "sửa đổi, bổ sung"), ending just before a number."""
        return re.compile(rf"(?:{alternation(self.completions).pattern})"
                          rf"(?:,?\s+[^\W\d_]+){{0,{self.completion_words}}}\s+$", re.IGNORECASE)

    @cached_property
    def item_lead_pattern(self) -> re.Pattern:
        """A word of `item_leads` ending just before a number ("(", "gồm")."""
        return just_before(self.item_leads)

    @cached_property
    def item_pattern(self) -> re.Pattern:
        """A word of `items` right after a number ("mục tiêu", "nhiệm vụ")."""
        return right_after(self.items, r"\s+")

    @model_validator(mode="after")
    def _prepositions_are_bounds(self) -> Counts:
        if missing := set(self.prepositions) - set(self.after):
            raise ValueError(f"prepositions {sorted(missing)} are not words of `after`")
        return self


class BelowScenario(Verbatim):
    """A reduction measured against a scenario, not a year: its level is the reduction."""
    phrases: list[str] = Field(min_length=1)
    unit: str


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


class UnitSpelling(Verbatim):
    unit: str
    spellings: list[str] = Field(min_length=1)


class UnitFamilies(Verbatim):
    """Which family a unit is of: a share (`percent_prefix`), a physical measure (a unit of
    `units` or of `physical`), else a count."""
    percent_prefix: str = Field(min_length=1)
    physical: list[str]


class Matching(Verbatim):
    ignore_words: list[str]
    min_score: float = Field(ge=0, le=1)
    suggested_id_words: int = Field(ge=1, le=12)
    loose_units: list[str]


class GoalHeadings(Verbatim):
    """A line (after an optional bullet mark) that opens with one of `words`, prints a year
    form and no other number, in at most `max_words` words: a heading of `level`."""
    words: list[str] = Field(min_length=1)
    level: int = Field(ge=1, le=6)
    max_words: int = Field(ge=2, le=30)


class IssueYears(Verbatim):
    """The year a document was issued, printed after its number or issuer: no deadline.
    `forms`: phrases with {year}, and {document} (one of `documents`, then optionally one of
    `number_marks`), {number} (a document's number: "70-NQ/TW", "12/KH-UBND") or {numbers}
    (any numbers: "59 70 71 72"), {day} and {month} (a date's numbers); the "…" of a form
    is a gap of `gap.words` words (its issuer), none of `gap.stops`."""
    documents: list[str] = Field(min_length=1)
    number_marks: list[str]
    forms: list[str] = Field(min_length=1)
    gap: BaseYearGap

    @field_validator("forms")
    @classmethod
    def _has_year(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if "{year}" not in phrase:
                raise ValueError(f"{phrase!r} names no {{year}}")
        return value


class Negations(Verbatim):
    """A word of `words` before a strict bound in its clause turns the bound's reading into
    the one `flips` names: no member below a level is every member at least at it."""
    words: list[str] = Field(min_length=1)
    flips: dict[Literal["less_than", "more_than", "at_least", "at_most"],
                Literal["less_than", "more_than", "at_least", "at_most"]]


class Ranks(Verbatim):
    """A rank to reach: a number after one of `words`, or after one of `groups` with one of
    `leaders` within `gap_words` words after it; in `unit`, read as `reading`."""
    words: list[str]
    groups: list[str]
    leaders: list[str]
    gap_words: int = Field(ge=0, le=8)
    unit: str
    reading: Literal["at_most", "less_than"]

    @cached_property
    def word_pattern(self) -> re.Pattern:
        """A word of `words` ending just before a number ("tốp 3", "top 03")."""
        return just_before(self.words)

    @cached_property
    def group_pattern(self) -> re.Pattern:
        """A word of `groups` ending just before a number ("nhóm 20")."""
        return just_before(self.groups)

    @cached_property
    def leader_pattern(self) -> re.Pattern:
        """Up to `gap_words` words, then a word of `leaders`, after a number."""
        return re.compile(rf"\s+(?:[^\W\d_]+\s+){{0,{self.gap_words}}}"
                          rf"(?:{alternation(self.leaders).pattern})", re.IGNORECASE)


class Rates(Verbatim):
    """A rate per a denominator: a number, up to `numerator_words` words of its noun, one of
    `marks`, one of `denominators` and the noun it is per (up to `noun_words` words, none of
    `stops`)."""
    marks: list[str] = Field(min_length=1)
    denominators: list[str] = Field(min_length=1)
    numerator_words: int = Field(ge=0, le=6)
    noun_words: int = Field(ge=1, le=12)
    stops: list[str]

    @cached_property
    def pattern(self) -> re.Pattern:
        """The numerator's noun, a mark and a denominator, after a number, followed by a
        word of letters (the noun the rate is per)."""
        word, n = r"[^\W\d_]+", self.numerator_words
        numerator = rf"(?:\s+{word}(?:\s+{word}){{0,{n - 1}}})?" if n else ""
        marks = "|".join(re.escape(m) for m in self.marks)
        return re.compile(rf"{numerator}\s*(?:{marks})\s*"
                          rf"(?:{alternation(self.denominators).pattern})(?![\d.,]\d)"
                          rf"(?=\s+{word})", re.IGNORECASE)

    @cached_property
    def stop_pattern(self) -> re.Pattern:
        return alternation(self.stops)


class CountWords(Verbatim):
    """A small count spelled in words (`words`, each with its value) right after one of
    `bounds`; followed by one of `of_the` it is one of a set (a condition, no target), by
    one of `not_nouns` no count at all."""
    words: dict[str, int] = Field(min_length=1)
    bounds: list[str] = Field(min_length=1)
    of_the: list[str]
    not_nouns: list[str]

    @cached_property
    def pattern(self) -> re.Pattern:
        """A bound word, then a count word (the group `word`)."""
        return re.compile(rf"(?:{alternation(self.bounds).pattern})\s+"
                          rf"(?P<word>{alternation(list(self.words)).pattern})",
                          re.IGNORECASE)

    @cached_property
    def of_the_pattern(self) -> re.Pattern:
        return right_after(self.of_the, r"\s+")

    @cached_property
    def not_noun_pattern(self) -> re.Pattern:
        return right_after(self.not_nouns, r"\s+")


class StartingLevels(Verbatim):
    """A number right after one of `words` ("từ") that a to-level word of target_reading.yml
    follows, after at most `gap_words` words, before the next number: the level a change
    starts from, no target."""
    words: list[str] = Field(min_length=1)
    gap_words: int = Field(ge=0, le=8)

    @cached_property
    def pattern(self) -> re.Pattern:
        """One of `words` ending just before a number."""
        return just_before(self.words)


class Multiples(Verbatim):
    """A number of times: a number followed by one of `spellings`, in `unit`; after one of
    `factors` ("gấp") a factor on its base, no level, unless the factor is one of
    `level_factors` and one of `measures` follows ("gấp 30 lần GRDP"): a level."""
    unit: str
    spellings: list[str] = Field(min_length=1)
    factors: list[str]
    level_factors: list[str] = []
    measures: list[str] = []

    @model_validator(mode="after")
    def _level_factors_are_factors(self) -> Multiples:
        if missing := set(self.level_factors) - set(self.factors):
            raise ValueError(f"level_factors {sorted(missing)} are not words of `factors`")
        return self

    @cached_property
    def measure_pattern(self) -> re.Pattern:
        """A word of `measures` right after a multiple's spelling ("lần GRDP")."""
        return right_after(self.measures)

    @cached_property
    def factor_pattern(self) -> re.Pattern:
        """A word of `factors` ending just before a number."""
        return just_before(self.factors)


class Allocations(Verbatim):
    """A sum of money a decision allocates: a number in one of `units` within the reading
    window after one of `words` ("Bổ sung khoảng 84 nghìn tỷ đồng vốn", "bố trí 20 tỷ đồng
    kinh phí"), or a rate it sets for those it supports, a number within the window after one
    of `rates` ("giảm lãi suất cho vay 2%/năm"): a means, no result to reach."""
    words: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)
    rates: list[str] = []

    @cached_property
    def pattern(self) -> re.Pattern:
        return alternation(self.words)

    @cached_property
    def rate_pattern(self) -> re.Pattern:
        return alternation(self.rates)
