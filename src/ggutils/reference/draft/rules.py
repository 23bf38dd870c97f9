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

from pydantic import Field, model_validator

from ggutils.errors import CatalogError
from ggutils.reference.draft.members import CountedMembers
from ggutils.reference.draft.names import CitedNames
from ggutils.reference.draft.phrases import (
    alternation,
    heading_pattern,
    just_before,
    nfc,
    phrase_pattern,
)
from ggutils.reference.draft.results import ReportedResults
from ggutils.reference.draft.schema import (
    Allocations,
    BaseYearGap,
    BelowScenario,
    Counts,
    CountWords,
    DecisionHeading,
    GoalHeadings,
    Heading,
    IssueYears,
    Matching,
    Multiples,
    Negations,
    NotQuantities,
    NumberWords,
    Ranks,
    Rates,
    StartingLevels,
    TableDeadlines,
    UnitFamilies,
    UnitSpelling,
    YearForm,
)
from ggutils.reference.validation import Verbatim, read_yaml, validate_entry

RULES_FILE = "drafting_rules.yml"


def _spelling_patterns(units: list[UnitSpelling] | list[Multiples]
                       ) -> list[tuple[str, re.Pattern]]:
    """(unit, pattern) for every spelling of `units`, longest first, anchored at the text's
    start (after optional spaces)."""
    pairs = [(u.unit, s) for u in units for s in u.spellings]
    pairs.sort(key=lambda pair: len(pair[1]), reverse=True)
    return [(unit, re.compile(r"\s*" + phrase_pattern(s).replace(r"(?<!\w)", ""),
                              re.IGNORECASE)) for unit, s in pairs]


class DraftingRules(Verbatim):
    """Every rule of the drafter; `path` is the file it came from."""

    headings: list[Heading]
    goal_headings: GoalHeadings
    bullets: list[str]
    target_headings: list[str]
    plan_period: list[str]
    legal_basis: list[str] = []
    year_forms: list[YearForm]
    base_year_forms: list[str]
    base_year_gap: BaseYearGap
    issue_years: IssueYears
    plan_horizon_fills_year: bool
    duty_sections: list[str]
    parts_of_totals: list[str]
    per_year_units: list[str]
    list_leads: list[str] = Field(min_length=1)
    nested_bullets: list[str] = []
    table_deadlines: TableDeadlines
    year_range: tuple[int, int]
    decimal_mark: str = Field(min_length=1, max_length=1)
    thousands_mark: str = Field(min_length=1, max_length=1)
    not_quantities: NotQuantities
    number_words: list[NumberWords]
    units: list[UnitSpelling]
    bounded_measures: list[UnitSpelling]
    counted_members: CountedMembers
    multiples: Multiples
    allocations: Allocations
    cited_names: CitedNames
    reported_results: ReportedResults
    count_per_year: str
    unit_families: UnitFamilies
    counts: Counts
    count_words: CountWords
    rates: Rates
    starting_levels: StartingLevels
    ranks: Ranks
    not_change: list[str]
    not_comparators: list[str]
    negations: Negations
    below_scenario: BelowScenario
    decision_heading: DecisionHeading
    separators: list[str]
    clause_conjunctions: list[str] = []
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
        """"percent", "physical" or "count" (unit_families), "none" without a unit; a unit as
        a text spells it ("triệu tấn dầu quy đổi", "tỉ KWh") is of its unit's family."""
        if unit is None or (isinstance(unit, float) and unit != unit) or unit == "":
            return "none"
        spelled = {nfc(s).casefold(): u.unit for u in self.units for s in u.spellings}
        unit = spelled.get(nfc(unit).casefold(), unit)
        if unit.startswith(self.unit_families.percent_prefix):
            return "percent"
        if unit in self.unit_families.physical or unit in {u.unit for u in self.units}:
            return "physical"
        return "count"

    @cached_property
    def heading_patterns(self) -> list[tuple[Heading, re.Pattern]]:
        return [(h, re.compile(h.pattern)) for h in self.headings]

    @cached_property
    def goal_heading(self) -> tuple[Heading, re.Pattern]:
        """The heading a goal line is (goal_headings; its label is its words) and the pattern
        of its opening words, after an optional bullet mark."""
        heading = Heading(name="goal", level=self.goal_headings.level,
                          pattern=r"(?P<number>.+)", label="{number}")
        marks = "".join(re.escape(b) for b in self.bullets)
        opening = alternation(self.goal_headings.words).pattern
        return heading, re.compile(rf"(?:[{marks}]\s+)?(?:{opening})", re.IGNORECASE)

    @cached_property
    def issue_year_pattern(self) -> re.Pattern:
        """A year printed as a document's year of issue (issue_years): its year captured."""
        issue = self.issue_years
        marks = alternation(issue.number_marks).pattern if issue.number_marks else "(?!x)x"
        document = rf"(?:{alternation(issue.documents).pattern})(?:\s+(?:{marks}))?"
        number = r"\d+(?:[./-]\d+)*(?:[/-][^\W\d_][\w-]*(?:/[\w-]+)*)"   # "70-NQ/TW"
        numbers = r"\d[\w./-]*(?:\s+\d[\w./-]*)*"                    # "59 70 71 72"
        forms = []
        for form in issue.forms:
            pattern = phrase_pattern(form, issue.gap.words, tuple(issue.gap.stops))
            pattern = pattern.replace(re.escape("{document}"), document)
            pattern = pattern.replace(re.escape("{numbers}"), numbers)
            for day in ("{day}", "{month}"):                     # "ngày 07 tháng 3 năm 2024"
                pattern = pattern.replace(re.escape(day), r"\d{1,2}")
            forms.append(pattern.replace(re.escape("{number}"), number))
        return re.compile("|".join(f"(?:{f})" for f in forms), re.IGNORECASE)

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
    def share_word_pattern(self) -> re.Pattern:
        return alternation(self.counts.shares)

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
    def negation_pattern(self) -> re.Pattern:
        return alternation(self.negations.words)

    @cached_property
    def scenario_pattern(self) -> re.Pattern:
        return alternation(self.below_scenario.phrases)

    @cached_property
    def count_pattern(self) -> re.Pattern:
        """A word of counts.after ending just before a number."""
        return just_before(self.counts.after)

    @cached_property
    def count_verb_pattern(self) -> re.Pattern:
        """A word of counts.verbs ending just before a preposition of counts."""
        return just_before(self.counts.verbs)

    @cached_property
    def size_pattern(self) -> re.Pattern:
        """A phrase of not_quantities.sizes ending just before a number."""
        return just_before(self.not_quantities.sizes)

    @cached_property
    def before_pattern(self) -> re.Pattern:
        """A word of not_quantities.before ending just before a number."""
        return just_before(self.not_quantities.before)

    @cached_property
    def after_pattern(self) -> re.Pattern:
        """A word of not_quantities.after standing just after a number."""
        return re.compile(r"\s*(?:" + alternation(self.not_quantities.after).pattern + ")",
                          re.IGNORECASE)

    @cached_property
    def unit_patterns(self) -> list[tuple[str, re.Pattern]]:
        """(unit, pattern) for every spelling, longest first, anchored at the text's start
        (after optional spaces)."""
        return _spelling_patterns(self.units)

    @cached_property
    def measure_patterns(self) -> list[tuple[str, re.Pattern]]:
        """The same for the bounded measures (bounded_measures: "năm", "tuổi")."""
        return _spelling_patterns(self.bounded_measures)

    @cached_property
    def multiple_patterns(self) -> list[tuple[str, re.Pattern]]:
        """The same for a multiple's spellings (multiples: "lần")."""
        return _spelling_patterns([self.multiples])


def rules_path(reference_dir: Path) -> Path:
    """The drafting rules of a data folder's reference directory."""
    return Path(reference_dir) / RULES_FILE


def title_period_in(rules: DraftingRules, line: str) -> re.Match | None:
    """The plan's period a line before the first heading prints (plan_period), unless the line
    opens with a word of `legal_basis` ("Căn cứ Quyết định … Chiến lược … giai đoạn
    2025-2030": the period of a document the plan rests on, not the plan's)."""
    basis = re.compile(rf"\W*(?:{alternation(rules.legal_basis).pattern})", re.IGNORECASE)
    return None if basis.match(line) else rules.plan_period_pattern.search(line)


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
