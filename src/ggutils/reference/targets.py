"""The plans' catalogs (data/targets/<entity>.yml or <entity>--<plan>.yml), as models: one
file per decision, with its numeric targets, the indicators it monitors without a number,
and its task register (pydantic models, each field declared). `ggutils.reference.catalogs`
loads and checks them; `reference.addressees` says whom to ask for a target's data,
`reference.targets_table` lists the targets as a table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, FiniteFloat, field_validator, model_validator

from ggutils.reference.validation import Strict

# '=' holds a level ("giữ / duy trì / ổn định"; docs/methodology.md, "How a target's words
# are read"); the other comparators are read as written, a range met at its less ambitious end.
Comparator = Literal[">", ">=", "=", "<=", "<", "range"]
ONE_SIDED = (">", ">=", "<=", "<")
# What a target transcribed automatically (`draft: true`) may leave empty for its reviewer.
DRAFT_MAY_OMIT = ("indicator", "comparator", "target_year")
# How far short of a target still counts as met: finite, not negative.
Tolerance = Annotated[float, Field(ge=0, allow_inf_nan=False)]
# How a target's numbers read: a level of the indicator ('level'), a signed percent change of
# the indicator from its base-year value ('change_since_base': -15 is a 15 % reduction), or a
# signed percent change a year, compounded from the base year ('annual_rate').
Form = Literal["level", "change_since_base", "annual_rate"]


class Responsible(Strict):
    """An agency the decision names for a target, as lead or partner."""

    agency: str
    role: Literal["lead", "partner"]


class Implementer(Strict):
    """An agency the decision charges with carrying out the plan as a whole (its article or
    section on implementation), where the decision says so and in its words (`quote`,
    verbatim; tests check it against the decision's text)."""

    agency: str                  # as data/reference/agencies.csv names it
    role: Literal["lead", "partner"]
    clause: str                  # 'mục VII.1', 'Điều 2'
    clause_en: str = ""          # 'section VII.1', 'Article 2'
    quote: str = Field(min_length=1)


PlanKind = Literal["green_growth_action_plan", "national_strategy", "related_plan"]
# The plans a briefing leads with: a province's green-growth action plan, the country's
# green-growth strategy; the others ("related plans") follow them.
GREEN_GROWTH_KINDS = ("green_growth_action_plan", "national_strategy")


class Decision(Strict):
    """The decision that adopted the plan, and where its targets were read.

    `entity_id` is the plan's entity: a province slug, or `vn` for the country. `source` is
    the decision's text under data/raw/decisions/; a plan read from a table instead names
    that table (`source_table`, under data/raw/) and each target its row. A date not printed
    in full is left out: `adopted_year` then gives the year, and `date_note` says what is
    known.
    """

    entity_id: str
    number: str
    number_en: str = ""          # where the number is a name in Vietnamese (a resolution's)
    kind: PlanKind = "green_growth_action_plan"
    date: dt.date | None = None
    adopted_year: int | None = None
    date_note: str = ""
    issuer: str
    issuer_en: str = ""          # unofficial translation, for English pages
    title_vi: str
    title_en: str = ""
    source: str = ""
    source_table: str = ""
    # Who carries the plan out (empty where the decision's text was not available): the
    # addressee of a target no agency is named for (`addressee`).
    implemented_by: list[Implementer] = []

    @field_validator("implemented_by")
    @classmethod
    def _one_lead(cls, implementers: list[Implementer]) -> list[Implementer]:
        leads = [i.agency for i in implementers if i.role == "lead"]
        if implementers and len(leads) != 1:
            raise ValueError(f"name exactly one lead agency (found {len(leads)}: {leads})")
        return implementers

    @model_validator(mode="after")
    def _dated_and_sourced(self) -> Decision:
        if self.date is None and self.adopted_year is None:
            raise ValueError("give date, or adopted_year when the full date is not known")
        if self.date is not None and self.adopted_year not in (None, self.date.year):
            raise ValueError("adopted_year differs from the date's year")
        if not (self.source or self.source_table):
            raise ValueError("give source (the decision text) or source_table")
        return self

    @property
    def year(self) -> int:
        return self.date.year if self.date is not None else int(self.adopted_year)


class Target(Strict):
    """A numeric target: `comparator value` (or `range low-high`) by `target_year`.

    '=' holds a level and a range is met at its less ambitious end: both are judged in the
    indicator's good direction, which `measures.level_target` knows. With a `form` other than
    'level' the numbers are percent changes from the `base_year` value, and stage 2 turns
    them into a level target on that value. `tolerance` is how far short of the value (in
    the good direction) still counts as met: a fraction of the value ('relative', the
    default) or an amount in the target's unit ('absolute').
    """

    id: str
    indicator: str | None = None  # required unless `draft` (see DRAFT_MAY_OMIT)
    clause: str
    clause_en: str = ""          # the clause label in English ("III.7; Annex II.1")
    wording_vi: str = ""         # the decision's Vietnamese words, verbatim
    wording_en: str = ""         # the words of an English source, where no Vietnamese was seen
    label_en: str                # our English label (an unofficial translation)
    comparator: Comparator | None = None  # required unless `draft`
    form: Form = "level"
    base_year: int | None = None
    value: FiniteFloat | None = None  # NaN and infinity are rejected (they would flip verdicts)
    low: FiniteFloat | None = None
    high: FiniteFloat | None = None
    unit: str
    target_year: int | None = None     # required unless `draft`
    tolerance: Tolerance = 0.0
    tolerance_basis: Literal["relative", "absolute"] = "relative"
    note: str = ""
    responsible: list[Responsible] = []
    # Provenance when the plan is read from a table (Decision.source_table)
    source_row: int | None = None    # the row, numbered as a spreadsheet numbers it
    source_url: str = ""
    source_tier: Literal[1, 2, 3] | None = None
    quote: str = ""
    # Sources that disagree: every version is kept, under one `group`; `preferred` marks the
    # one judged and counted (see `mark_preferred_versions`).
    group: str = ""
    also_in: list[str] = []          # other sources printing the same number
    # No same-definition series: why, and related series shown beside it as context only
    gap_reason: str = ""
    gap_reason_vi: str = ""
    context: list[str] = []          # indicator ids, never judged
    preferred: bool = True
    # A target transcribed automatically (`ggutils new-plan --from`, ggutils.reference.draft):
    # shown on the briefing as "to be reviewed", never judged; its indicator, comparator and
    # year may be missing. A person reviews it and removes `draft`; the loader then requires all.
    draft: bool = False
    match_score: float | None = None   # how well its words named `indicator` (0 to 1)
    match_runner_up: str = ""          # the next best indicator, with its score
    suggested_indicator: str = ""      # a new indicator id, where none matched

    @model_validator(mode="after")
    def _worded(self) -> Target:
        if not (self.wording_vi or self.wording_en):
            raise ValueError("give wording_vi (or wording_en where no Vietnamese was seen)")
        if self.source_url and not self.source_url.lower().startswith(("http://", "https://")):
            raise ValueError("source_url must start with http:// or https://")
        return self

    @model_validator(mode="after")
    def _complete_unless_draft(self) -> Target:
        missing = [f for f in DRAFT_MAY_OMIT if getattr(self, f) is None]
        if missing and not self.draft:
            raise ValueError(f"{missing[0]} is required (only a draft: true target may "
                             "leave it empty)")
        return self

    @model_validator(mode="after")
    def _value_matches_comparator(self) -> Target:
        if self.comparator is None:   # a draft the drafter could not read: nothing to check
            return self
        # '=' with low and high (no value) is a range to hold ("ổn định ở mức 42-43 %")
        if self.comparator == "range" or (self.comparator == "=" and self.value is None):
            if self.low is None or self.high is None:
                raise ValueError("a range needs low and high" if self.comparator == "range"
                                 else "'=' needs value, or low and high (a range to hold)")
            if self.value is not None:
                raise ValueError("a range takes low/high, not value")
            if self.low > self.high:
                raise ValueError(f"range low {self.low:g} is above high {self.high:g}")
        elif self.value is None or self.low is not None or self.high is not None:
            raise ValueError(f"comparator {self.comparator!r} needs value (and no low/high)")
        if (self.form == "level") != (self.base_year is None) and not (
                self.draft and self.form != "level"):   # a draft may lack its base year
            raise ValueError("a base_year goes with form change_since_base or annual_rate, "
                             "and only with them")
        if self.comparator == "=" and self.form != "level":
            raise ValueError("'=' holds a level (form: level)")
        return self

    @property
    def is_range(self) -> bool:
        """Whether the target's numbers are low and high: a range, or a range to hold ('=')."""
        return self.comparator in ("range", "=") and self.low is not None

    def bounds(self) -> tuple[float, ...]:
        """The target's numbers (value, or low and high)."""
        if self.is_range:
            return (self.low, self.high)  # type: ignore[return-value]
        return (self.value,)  # type: ignore[return-value]

    def describe(self) -> str:
        """A compact form such as '> 50 %', '42-45 % of GDP' or '= 42-43 %' (a range to
        hold)."""
        if self.is_range:
            hold = "= " if self.comparator == "=" else ""
            return f"{hold}{self.low:g}-{self.high:g} {self.unit}"
        return f"{self.comparator} {self.value:g} {self.unit}"

    def margin(self, number: float) -> float:
        """The tolerance in the target's unit, for one of its numbers."""
        if self.tolerance_basis == "relative":
            return self.tolerance * abs(number)
        return self.tolerance

    def threshold(self) -> float:
        """The number a value is compared with: the value less its tolerance, in the
        comparator's direction ('>= 100' with tolerance 0.01 compares with 99). One-sided
        comparators only: '=' and a range depend on the indicator's direction."""
        if self.comparator not in ONE_SIDED:
            raise ValueError(f"target {self.id}: '{self.comparator}' is judged in the "
                             "indicator's good direction: derive it with "
                             "assess.measures.level_target")
        value = float(self.value)  # type: ignore[arg-type]
        if self.comparator in (">", ">="):
            return value - self.margin(value)
        return value + self.margin(value)

    def is_met(self, value: float) -> bool:
        """Whether an observed or projected value meets a one-sided level target, less its
        own tolerance: '> 50' is strictly above 50, '>= 95' with a relative tolerance of
        0.05 is at or above 90.25. '=', a range and the change forms are judged through
        `measures.level_target`, which turns them into such a target; they raise here."""
        if self.form != "level":
            raise ValueError(f"target {self.id}: judge the {self.form} form through "
                             "assess.measures.level_target")
        threshold = self.threshold()
        return {
            ">": value > threshold,
            ">=": value >= threshold,
            "<=": value <= threshold,
            "<": value < threshold,
        }[self.comparator]


class Monitored(Strict):
    """An indicator the decision monitors (Kon Tum's Phụ lục II) with no numeric target."""

    id: str
    indicator: str
    clause: str
    clause_en: str = ""
    wording_vi: str
    label_en: str
    period: str = ""
    responsible: list[Responsible] = []


class Task(Strict):
    """A task of a decision's task register (Kon Tum's Phụ lục I)."""

    id: str
    group: str
    group_en: str = ""
    task_vi: str
    task_en: str = ""            # the *_en fields: unofficial translations for English pages
    lead: str
    lead_en: str = ""
    partners: str = ""
    partners_en: str = ""
    deadline_text: str
    deadline_en: str = ""
    deadline_from: int | None
    deadline_to: int | None


@dataclass(frozen=True)
class Catalog:
    """One plan: its decision with its targets, monitored indicators and tasks."""

    decision: Decision
    targets: tuple[Target, ...]
    monitoring: tuple[Monitored, ...]
    tasks: tuple[Task, ...]
    path: Path
    drafts: tuple[Target, ...] = ()   # `draft: true` targets: shown for review, never judged

    @property
    def entity_id(self) -> str:
        """The plan's entity: a province slug, or `vn` for the country."""
        return self.decision.entity_id

    @property
    def plan_id(self) -> str:
        """The catalog file's stem: `<entity>` or `<entity>--<plan>`."""
        return Path(self.path).stem

    def target(self, target_id: str) -> Target:
        for target in (*self.targets, *self.drafts):
            if target.id == target_id:
                return target
        raise KeyError(target_id)


# The country's entity id (a catalog's entity is a province slug or this).
COUNTRY = "vn"
