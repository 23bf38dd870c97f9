"""The parts of the drafting rules (data/reference/drafting_rules.yml), each a section of the
file checked by its own model: an unknown key of a section is an error naming the file and
the key (ggutils.reference.draft.rules loads the file into DraftingRules, made of these)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

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


class Counts(Verbatim):
    """A number with no unit is a count when one of `after` stands just before it; one of
    `prepositions` bounds it only after one of `verbs` or at the start of its sentence."""
    after: list[str] = Field(min_length=1)
    prepositions: list[str]
    verbs: list[str] = Field(min_length=1)
    goals: list[str]
    not_nouns: list[str]
    shares: list[str] = []
    unit: str

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
