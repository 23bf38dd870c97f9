"""The drafting rules (data/reference/drafting_rules.yml): headings, bullets, year forms,
units and their spellings, numbers that are not quantities, enumeration separators and the
matching of a target to the codebook.

This module loads the file, checks it against a schema (an unknown key is an error naming the
file and the key) and turns its phrases into regular expressions (ggutils.reference.draft.
phrases: how a phrase is written in the file and read as a pattern). The comparator words are
not here: they are read from target_reading.yml (ggutils.reference.reading).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ggutils.errors import CatalogError
from ggutils.reference.draft.phrases import alternation, heading_pattern, nfc, phrase_pattern
from ggutils.reference.validation import Verbatim, read_yaml, validate_entry

RULES_FILE = "drafting_rules.yml"

class Heading(Verbatim):
    name: str
    level: int = Field(ge=1, le=6)
    pattern: str
    label: str

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            compiled = re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {value!r} ({exc})") from None
        if "number" not in compiled.groupindex:
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
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {value!r} ({exc})") from None
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


class DraftingRules(Verbatim):
    """Every rule of the drafter; `path` is the file it came from."""

    headings: list[Heading]
    bullets: list[str]
    target_headings: list[str]
    plan_period: list[str]
    year_forms: list[YearForm]
    base_year_forms: list[str]
    base_year_gap: BaseYearGap
    plan_horizon_fills_year: bool
    per_year_units: list[str]
    list_leads: list[str] = Field(min_length=1)
    table_deadlines: TableDeadlines
    year_range: tuple[int, int]
    decimal_mark: str = Field(min_length=1, max_length=1)
    thousands_mark: str = Field(min_length=1, max_length=1)
    not_quantities: NotQuantities
    number_words: list[NumberWords]
    units: list[UnitSpelling]
    count_per_year: str
    unit_families: UnitFamilies
    counts: Counts
    not_change: list[str]
    not_comparators: list[str]
    below_scenario: BelowScenario
    decision_heading: DecisionHeading
    separators: list[str]
    list_words: list[str]
    sentence_ends: list[str]
    reading_window_words: int = Field(ge=1, le=20)
    matching: Matching
    path: Path = Field(default=Path(RULES_FILE), exclude=True)

    @model_validator(mode="after")
    def _marks_differ(self) -> DraftingRules:
        if self.decimal_mark == self.thousands_mark:
            raise ValueError("decimal_mark and thousands_mark must differ")
        return self

    def unit_family(self, unit: str | None) -> str:
        """"percent", "physical" or "count" (unit_families); "none" where no unit is given."""
        if unit is None or (isinstance(unit, float) and unit != unit) or unit == "":
            return "none"
        if unit.startswith(self.unit_families.percent_prefix):
            return "percent"
        if unit in self.unit_families.physical or unit in {u.unit for u in self.units}:
            return "physical"
        return "count"

    @cached_property
    def heading_patterns(self) -> list[tuple[Heading, re.Pattern]]:
        return [(h, re.compile(h.pattern)) for h in self.headings]

    @cached_property
    def year_patterns(self) -> list[tuple[YearForm, re.Pattern]]:
        return [(f, re.compile(phrase_pattern(f.phrase), re.IGNORECASE)) for f in self.year_forms]

    @cached_property
    def base_year_pattern(self) -> re.Pattern:
        return alternation(self.base_year_forms, self.base_year_gap.words,
                            tuple(self.base_year_gap.stops))

    @cached_property
    def goal_pattern(self) -> re.Pattern:
        return alternation(self.counts.goals)

    @cached_property
    def not_noun_pattern(self) -> re.Pattern:
        return alternation(self.counts.not_nouns)

    @cached_property
    def counted_noun_pattern(self) -> re.Pattern:
        """A word of letters right after a number that is none of counts.not_nouns."""
        return re.compile(rf"\s+(?!(?:{self.not_noun_pattern.pattern}))[^\W\d_]",
                          re.IGNORECASE)

    @cached_property
    def estimate_pattern(self) -> re.Pattern:
        return alternation(self.not_quantities.estimates)

    @cached_property
    def scope_pattern(self) -> re.Pattern:
        """A mark of not_quantities.scopes ending just before a number ("(>10.000 m2)")."""
        return re.compile("(?:" + "|".join(re.escape(m) for m in self.not_quantities.scopes)
                          + r")\s*$" if self.not_quantities.scopes else r"(?!x)x")

    @cached_property
    def time_pattern(self) -> re.Pattern:
        """A mark of not_quantities.times touching a number's end ("0h", "6h30")."""
        marks = "|".join(re.escape(m) for m in self.not_quantities.times) or r"(?!x)x"
        return re.compile(rf"(?:{marks})(?:\d{{2}})?(?!\w)", re.IGNORECASE)

    @cached_property
    def table_header_pattern(self) -> re.Pattern:
        return re.compile("(?:" + "|".join(re.escape(nfc(h)) for h in self.table_deadlines.header)
                          + ")", re.IGNORECASE)

    @cached_property
    def table_column_pattern(self) -> re.Pattern:
        return alternation(self.table_deadlines.columns)

    @cached_property
    def result_column_pattern(self) -> re.Pattern:
        """A result column's name at the start of a header line ("Chỉ tiêu đạt được")."""
        return alternation(self.table_deadlines.result_columns)

    @cached_property
    def footnote_pattern(self) -> re.Pattern:
        return re.compile(self.table_deadlines.footnote)

    @cached_property
    def row_number_pattern(self) -> re.Pattern:
        return re.compile(self.table_deadlines.row_number)

    @cached_property
    def ongoing_pattern(self) -> re.Pattern:
        return alternation(self.table_deadlines.ongoing)

    @cached_property
    def plan_period_pattern(self) -> re.Pattern:
        return alternation(self.plan_period)

    @cached_property
    def target_heading_pattern(self) -> re.Pattern:
        return alternation(self.target_headings)

    @cached_property
    def not_change_pattern(self) -> re.Pattern:
        return alternation(self.not_change)

    @cached_property
    def number_patterns(self) -> list[re.Pattern]:
        return [heading_pattern(p) for p in self.decision_heading.number]

    @cached_property
    def date_patterns(self) -> list[re.Pattern]:
        return [heading_pattern(p) for p in self.decision_heading.date]

    @cached_property
    def heading_end_pattern(self) -> re.Pattern:
        return alternation(self.decision_heading.ends_at)

    @cached_property
    def not_comparator_pattern(self) -> re.Pattern:
        return alternation(self.not_comparators)

    @cached_property
    def scenario_pattern(self) -> re.Pattern:
        return alternation(self.below_scenario.phrases)

    @cached_property
    def count_pattern(self) -> re.Pattern:
        """A word of counts.after ending just before a number."""
        return re.compile("(?:" + alternation(self.counts.after).pattern + r")\s*$",
                          re.IGNORECASE)

    @cached_property
    def count_verb_pattern(self) -> re.Pattern:
        """A word of counts.verbs ending just before a preposition of counts."""
        return re.compile("(?:" + alternation(self.counts.verbs).pattern + r")\s*$",
                          re.IGNORECASE)

    @cached_property
    def size_pattern(self) -> re.Pattern:
        """A phrase of not_quantities.sizes ending just before a number."""
        return re.compile("(?:" + alternation(self.not_quantities.sizes).pattern + r")\s*$",
                          re.IGNORECASE)

    @cached_property
    def before_pattern(self) -> re.Pattern:
        """A word of not_quantities.before ending just before a number."""
        return re.compile("(?:" + alternation(self.not_quantities.before).pattern + r")\s*$",
                          re.IGNORECASE)

    @cached_property
    def after_pattern(self) -> re.Pattern:
        """A word of not_quantities.after standing just after a number."""
        return re.compile(r"\s*(?:" + alternation(self.not_quantities.after).pattern + ")",
                          re.IGNORECASE)

    @cached_property
    def unit_patterns(self) -> list[tuple[str, re.Pattern]]:
        """(unit, pattern) for every spelling, longest first, anchored at the text's start
        (after optional spaces)."""
        pairs = [(u.unit, s) for u in self.units for s in u.spellings]
        pairs.sort(key=lambda pair: len(pair[1]), reverse=True)
        return [(unit, re.compile(r"\s*" + phrase_pattern(s).replace(r"(?<!\w)", ""),
                                  re.IGNORECASE)) for unit, s in pairs]

    @cached_property
    def number_word_patterns(self) -> list[tuple[NumberWords, re.Pattern]]:
        return [(w, alternation(w.words)) for w in self.number_words]


def rules_path(reference_dir: Path) -> Path:
    """The drafting rules of a data folder's reference directory."""
    return Path(reference_dir) / RULES_FILE


def load_drafting_rules(path: Path) -> DraftingRules:
    """Load and validate the drafting rules; an error names the file and the key."""
    path = Path(path)
    data = read_yaml(path)
    unknown = sorted(set(data) - set(DraftingRules.model_fields) - {"path"}) or (
        ["path"] if "path" in data else [])
    if unknown:
        raise CatalogError(path, "-", unknown[0], "unknown key")
    rules = validate_entry(DraftingRules, data, path, "-")
    return rules.model_copy(update={"path": path})
