"""The drafting rules (data/reference/drafting_rules.yml): headings, bullets, year forms,
units and their spellings, numbers that are not quantities, enumeration separators and the
matching of a target to the codebook.

This module loads the file and checks it, each section against its own model (an unknown key
is an error naming the file and the key): a text's layout in `layout_rules`, counts in
`count_rules`, what else a number is in `quantity_rules`, reading a target in `reading_rules`,
and the sections of `members`, `names`, `planned`, `procedures`, `results` and `answers`
beside the code that reads them. Each model turns its phrases into regular expressions
(ggutils.reference.draft.phrases: how a phrase is written in the file and read as a pattern);
DraftingRules keeps those that draw on more than one section. The comparator words are not
here: they are read from target_reading.yml (ggutils.reference.reading).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pydantic import Field, model_validator

from ggutils.errors import CatalogError
from ggutils.reference.draft.answers import RequestsAnswered
from ggutils.reference.draft.count_rules import Counts, CountWords, NumberWords
from ggutils.reference.draft.layout_rules import (
    BaseYearGap,
    DecisionHeading,
    GoalHeadings,
    Heading,
    IssueYears,
    StandardPeriods,
    TableDeadlines,
    YearForm,
)
from ggutils.reference.draft.members import CountedMembers
from ggutils.reference.draft.names import CitedNames
from ggutils.reference.draft.phrases import alternation, nfc, phrase_pattern
from ggutils.reference.draft.planned import PlannedFigures
from ggutils.reference.draft.procedures import TimeCuts
from ggutils.reference.draft.quantity_rules import (
    Allocations,
    Multiples,
    NotQuantities,
    Ranks,
    Rates,
    StartingLevels,
    UnitFamilies,
    UnitSpelling,
)
from ggutils.reference.draft.reading_rules import (
    BelowScenario,
    BracketedGoals,
    Matching,
    Negations,
)
from ggutils.reference.draft.results import ReportedResults
from ggutils.reference.draft.rows import RowCells
from ggutils.reference.validation import Verbatim, read_yaml, validate_entry

RULES_FILE = "drafting_rules.yml"


def _spelling_patterns(units: list[UnitSpelling] | list[Multiples]
                       ) -> list[tuple[str, re.Pattern]]:
    """(unit, pattern) for every spelling of `units`, longest first, anchored at the text's
    start (after optional spaces)."""
    pairs = [(u.unit, s, getattr(u, "not_before", [])) for u in units for s in u.spellings]
    pairs.sort(key=lambda pair: len(pair[1]), reverse=True)
    return [(unit, re.compile(r"\s*" + phrase_pattern(s).replace(r"(?<!\w)", "")
                              + (rf"(?!\s+(?:{alternation(others).pattern}))" if others else ""),
                              re.IGNORECASE)) for unit, s, others in pairs]


class DraftingRules(Verbatim):
    """Every rule of the drafter; `path` is the file it came from."""

    headings: list[Heading]
    goal_headings: GoalHeadings
    bullets: list[str]
    target_headings: list[str]
    plan_period: list[str]
    legal_basis: list[str] = []
    body_sentence_ends: list[str] = []
    subheadings: bool = False
    year_forms: list[YearForm]
    base_year_forms: list[str]
    base_year_gap: BaseYearGap
    issue_years: IssueYears
    standard_periods: StandardPeriods
    plan_horizon_fills_year: bool
    duty_sections: list[str]
    parts_of_totals: list[str]
    per_year_units: list[str]
    list_leads: list[str] = Field(min_length=1)
    nested_bullets: list[str] = []
    paragraph_frames: list[str] = []
    section_leads: list[str] = []
    list_item_headings: list[str] = []
    run_in_items: list[str] = []
    questions: list[str] = []
    goal_questions: list[str] = []
    annex_titles: list[str] = []
    table_deadlines: TableDeadlines
    row_cells: RowCells | None = None
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
    planned_figures: PlannedFigures = PlannedFigures()
    time_cuts: TimeCuts = TimeCuts()
    cited_names: CitedNames
    reported_results: ReportedResults
    requests_answered: RequestsAnswered | None = None
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
    bracketed_goals: BracketedGoals | None = None
    decision_heading: DecisionHeading
    separators: list[str]
    list_separators: list[str]
    clause_conjunctions: list[str] = []
    list_words: list[str]
    sentence_ends: list[str]
    digit_sentence_ends: list[str] = []
    reading_window_words: int = Field(ge=1, le=20)
    matching: Matching
    path: Path = Field(default=Path(RULES_FILE), exclude=True)

    @model_validator(mode="after")
    def _marks_differ(self) -> DraftingRules:
        if self.decimal_mark == self.thousands_mark:
            raise ValueError("decimal_mark and thousands_mark must differ")
        names = {h.name for h in self.headings}
        for key in ("list_item_headings", "run_in_items"):
            for name in getattr(self, key):
                if name not in names:
                    raise ValueError(f"{key}: {name!r} is no heading's name")
        return self

    def unit_family(self, unit: str | None) -> str:
        """"percent", "physical" or "count" (unit_families), "none" without a unit; a unit as
        a text spells it ("triệu tấn dầu quy đổi", "tỉ KWh") is of its unit's family."""
        if unit is None or (isinstance(unit, float) and unit != unit) or unit == "":
            return "none"
        spelled = {nfc(s).casefold(): u.unit for u in self.units for s in u.spellings}
        unit = spelled.get(nfc(unit).casefold(), unit)
        if (unit.startswith(self.unit_families.percent_prefix)
                or unit in self.unit_families.percent):
            return "percent"
        if unit in self.unit_families.physical or unit in {u.unit for u in self.units}:
            return "physical"
        return "count"

    @cached_property
    def heading_patterns(self) -> list[tuple[Heading, re.Pattern]]:
        return [(h, re.compile(h.pattern)) for h in self.headings]

    @cached_property
    def run_in_item_patterns(self) -> list[re.Pattern]:
        """The marks of the headings of `run_in_items`, found inside a sentence after its
        start, a space or a mark ("…; (2) các bộ, …")."""
        return [re.compile(r"(?:^|(?<=[\s;:,.]))" + h.pattern) for h in self.headings
                if h.name in self.run_in_items]

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
    def year_patterns(self) -> list[tuple[YearForm, re.Pattern]]:
        return [(f, re.compile(phrase_pattern(f.phrase), re.IGNORECASE)) for f in self.year_forms]

    @cached_property
    def base_year_pattern(self) -> re.Pattern:
        return alternation(self.base_year_forms, self.base_year_gap.words,
                            tuple(self.base_year_gap.stops))

    @cached_property
    def plan_period_pattern(self) -> re.Pattern:
        return alternation(self.plan_period)

    @cached_property
    def goal_question_pattern(self) -> re.Pattern | None:
        return alternation(self.goal_questions) if self.goal_questions else None

    @cached_property
    def target_heading_pattern(self) -> re.Pattern:
        return alternation(self.target_headings)

    @cached_property
    def not_change_pattern(self) -> re.Pattern:
        return alternation(self.not_change)

    @cached_property
    def not_comparator_pattern(self) -> re.Pattern:
        return alternation(self.not_comparators)

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
