"""The verdict vocabulary of stage 2 and the rules that give each verdict.

A target is judged by the question its reader asks, which depends on whether its deadline
has passed (its target year has ended by the evaluation date, `ggutils.assess.evaluation`):

- deadline passed: **at the deadline** (`verdict_deadline`: met, met unconfirmed, not met,
  not verifiable yet while its value is not usually published, not verifiable) and **since
  the deadline** (`verdict_since`: still met, no longer met, met later, not yet met with the
  year the current pace would reach the target, not at the current pace, no data since);
- deadline ahead: the forward-looking **outlook** (`status_outlook`: achieved, holding for a
  level to hold, on track, acceleration needed, limited progress, deterioration,
  insufficient data).

Evidence gates every "met": a value whose year is uncertain, that is not final, or that comes
from a secondary source gives the ", unconfirmed" form, with its reasons. The labels of every
code are in data/reference/messages.yml (`status`), their meaning in the codebook
(data/reference/indicators.yml, `verdicts`), one sentence each in docs/methodology.md §6.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ggutils.assess.fits import Crossing, two_point_rate
from ggutils.reference.indicators import Indicator
from ggutils.reference.targets import Target

if TYPE_CHECKING:
    from ggutils.assess.series import Series
    from ggutils.assess.settings import TrendSettings

UNCONFIRMED = ", unconfirmed"
INSUFFICIENT = "insufficient data"
NOT_YET_DUE = "not yet due"
NOT_VERIFIABLE_YET = "not verifiable yet"
YEAR_INFERRED = "year_inferred"  # dated by rule: docs/methodology.md, "Dating values"
DEADLINE_VERDICTS = ("met", "met" + UNCONFIRMED, "not met", "not verifiable", NOT_VERIFIABLE_YET,
                     NOT_YET_DUE)
SINCE_VERDICTS = ("still met", "still met" + UNCONFIRMED, "met later", "met later" + UNCONFIRMED,
                  "no longer met", "not yet met", "not at the current pace", "no data since")
HOLDING = "holding"  # a hold ('=') target met before its deadline
OUTLOOK_CATEGORIES = ("achieved", "achieved" + UNCONFIRMED, HOLDING, HOLDING + UNCONFIRMED,
                      "on track", "acceleration needed", "limited progress", "deterioration",
                      INSUFFICIENT)
EX_ANTE = ("on track", "off track", INSUFFICIENT)
UNCONFIRMED_REASONS = ("year_uncertain", YEAR_INFERRED, "preliminary", "estimate",
                       "secondary_source")
SUMMARY_VERDICTS = ("met", "met" + UNCONFIRMED, "met later", "met later" + UNCONFIRMED,
                    "no longer met", "not met", "not yet met", "not at the current pace",
                    "not verifiable", NOT_VERIFIABLE_YET, *OUTLOOK_CATEGORIES)
VOCABULARY = {"verdict_deadline": DEADLINE_VERDICTS, "verdict_since": SINCE_VERDICTS,
              "status_outlook": OUTLOOK_CATEGORIES, "status_ex_ante": EX_ANTE,
              "verdict": SUMMARY_VERDICTS}
# Every verdict code the judgement gives, once each (each needs a mark on pages and in notebook
# 02: data/reference/verdict_marks.yml)
VERDICT_CODES = tuple(dict.fromkeys(c for codes in VOCABULARY.values() for c in codes))


@dataclass(frozen=True)
class Point:
    """One observed value of a series, with what the evidence gate needs."""

    year: int
    value: float
    status: str
    tier: int
    source_id: str


def points(series: Series) -> list[Point]:
    """The series as Points, oldest first."""
    return [Point(int(y), float(v), s, int(t), str(i)) for y, v, s, t, i in zip(
        series.years, series.values, series.statuses, series.point_tiers, series.source_ids,
        strict=True)]


def unconfirmed_reasons(point: Point, settings: TrendSettings) -> tuple[str, ...]:
    """Why a value cannot confirm a "met": its status (year uncertain, preliminary, estimate)
    and a source tier above `settings.confirm_max_tier`. Empty when it can."""
    reasons = []
    if point.status not in settings.confirmed_statuses:
        reasons.append(point.status)
    if point.tier > settings.confirm_max_tier:
        reasons.append("secondary_source")
    return tuple(reasons)


def gated(verdict: str, point: Point, settings: TrendSettings) -> str:
    """`verdict` as it is, or its ", unconfirmed" form when the value cannot confirm it."""
    return verdict + UNCONFIRMED if unconfirmed_reasons(point, settings) else verdict


@dataclass(frozen=True)
class DeadlineVerdict:
    """At the deadline: the value judged (target year, else the nearest within the window)."""

    verdict: str
    point: Point | None = None
    indication: Point | None = None  # a value whose year is inferred, in the window: a hint


def judge_deadline(series: Series, target: Target, settings: TrendSettings) -> DeadlineVerdict:
    """Met, met unconfirmed, not met or not verifiable, on observed values only: the value of
    the target year, else the nearest within +/- `ex_post_window` (the earlier on ties).

    A value whose year is inferred (status `year_inferred`) never decides it: when no other
    value is in the window it is returned as `indication` and the verdict is not verifiable.
    """
    window = settings.ex_post_window
    offsets = sorted(range(-window, window + 1), key=lambda o: (abs(o), o))
    near = [p for o in offsets for p in points(series) if p.year == target.target_year + o]
    dated = [p for p in near if p.status != YEAR_INFERRED]
    if dated:
        point = dated[0]
        if target.is_met(point.value):
            return DeadlineVerdict(gated("met", point, settings), point)
        return DeadlineVerdict("not met", point)
    return DeadlineVerdict("not verifiable", indication=near[0] if near else None)


@dataclass(frozen=True)
class SinceVerdict:
    """Since the deadline: the verdict, the value that met the target (if any) and, while
    the target is missed, when the current pace would reach it."""

    verdict: str
    met: Point | None = None
    crossing: Crossing = Crossing(None)


def judge_since(series: Series, target: Target, deadline: DeadlineVerdict, pace: Crossing,
                moving_toward: bool | None, settings: TrendSettings) -> SinceVerdict:
    """What happened after the deadline, from the values after the target year. "Met later"
    names the first year observed met, preferring a value that confirms it.

    `pace` is the projected crossing from the latest value; `moving_toward` says whether the
    trend (fit or endpoint rate) moves toward the target (None: no rate).
    """
    later = [p for p in points(series) if p.year > target.target_year]
    if not later:
        return SinceVerdict("no data since")
    latest = later[-1]
    was_met = deadline.verdict.startswith("met")
    meeting = [p for p in later if target.is_met(p.value)]
    confirmed = [p for p in meeting if not unconfirmed_reasons(p, settings)]
    first_met = (confirmed or meeting or [None])[0]
    if target.is_met(latest.value):
        if was_met:
            return SinceVerdict(gated("still met", latest, settings), latest)
        return SinceVerdict(gated("met later", first_met, settings), first_met)
    if was_met or first_met is not None:
        return SinceVerdict("no longer met", first_met, pace)
    if moving_toward is False or (moving_toward and pace.year is None):
        return SinceVerdict("not at the current pace")
    return SinceVerdict("not yet met", None, pace)


# --- The forward-looking outlook (deadline ahead) -------------------------------------------

def direction(indicator: Indicator) -> int:
    """+1 when higher values are better, -1 when lower are."""
    return 1 if indicator.better == "higher" else -1


def target_reference(target: Target) -> float:
    """The number a path aims at: the level at which the (one-sided level) target counts as
    met, its value less its tolerance (`Target.threshold`)."""
    return target.threshold()


def scale_of(values: np.ndarray, target: Target) -> float:
    """The series' own scale: the largest magnitude among its values and the target."""
    return float(max(np.abs(values).max(initial=0.0), *(abs(b) for b in target.bounds())))


def is_flat(change: float, scale: float, settings: TrendSettings) -> bool:
    """A change (per year) too small to carry a sign: within `flat_tolerance` of the scale."""
    return abs(change) <= settings.flat_tolerance * scale


def categorize(ratio: float | None, observed_dir: float | None,
               settings: TrendSettings) -> str:
    """The progress category from R = d·observed / d·required (Open SDG's thresholds).

    Without a ratio, `observed_dir` (the direction-adjusted change since the baseline; 0 when
    flat) decides between deterioration and acceleration needed. A NaN is never a category.
    """
    for name, number in (("ratio", ratio), ("observed change", observed_dir)):
        if number is not None and math.isnan(number):
            raise ValueError(f"categorize: the {name} is NaN; drop missing values first")
    if ratio is None:
        if observed_dir is None:
            return INSUFFICIENT
        return "deterioration" if observed_dir < 0 else "acceleration needed"
    ratio = round(ratio, 9)  # R has no unit: a tie with a threshold survives any rescaling
    if ratio >= settings.on_track_ratio:
        return "on track"
    if ratio >= settings.acceleration_ratio:
        return "acceleration needed"
    if ratio >= 0:
        return "limited progress"
    return "deterioration"


@dataclass(frozen=True)
class Outlook:
    """The forward-looking category with the numbers behind it."""

    category: str
    required_annual_change: float | None = None
    progress_ratio: float | None = None


def baseline(series: Series, decision_year: int) -> Point:
    """The last observation at or before the decision year, else the first one."""
    before = [p for p in points(series) if p.year <= decision_year]
    return before[-1] if before else points(series)[0]


def judge_outlook(series: Series, target: Target, indicator: Indicator, rate: float | None,
                  decision_year: int, settings: TrendSettings, hold: bool = False,
                  compound: bool = False) -> Outlook:
    """Achieved (gated by evidence), or the category of R; see docs/methodology.md §6. A
    `hold` target ('=': a level to keep until its deadline) met ahead of it is "holding",
    not "achieved": it has to stay met."""
    if series.n == 0:
        return Outlook(INSUFFICIENT)
    base, latest = baseline(series, decision_year), points(series)[-1]
    required = None
    if target.target_year > base.year:
        # With `compound`, `rate` is a compound annual rate: R compares it with the compound
        # rate required (Open SDG's CAGR form), where both ends are positive.
        goal = target_reference(target)
        required = two_point_rate(base.year, base.value, target.target_year, goal,
                                  compound and base.value > 0 and goal > 0)
    if target.is_met(latest.value):
        return Outlook(gated(HOLDING if hold else "achieved", latest, settings), required)
    if rate is None:
        return Outlook(INSUFFICIENT, required)
    sign = direction(indicator)
    if required is not None and required * sign > 0:
        ratio = (rate * sign) / (required * sign)
        return Outlook(categorize(ratio, None, settings), required, ratio)
    # No required path in the good direction (the baseline met the target, or the target year
    # is not after it): the change since the baseline tells whether it moved away.
    change = (latest.value - base.value) * sign
    scale = scale_of(series.values, target)
    return Outlook(categorize(None, 0.0 if is_flat(change, scale, settings) else change,
                              settings), required)


def summary_verdict(deadline_passed: bool, deadline: str, since: str | None,
                    outlook: str | None) -> str:
    """The one verdict a target is counted under in headlines and the index.

    Deadline ahead: the outlook. Passed: a met at the deadline, else a met later, else a
    miss at the deadline, else what the latest value shows (no longer met, not yet met, not
    at the current pace), else not verifiable.
    """
    if not deadline_passed:
        return str(outlook)
    if deadline.startswith("met"):
        return deadline
    if since and since.startswith("met later"):
        return since
    if deadline == "not met":
        return deadline
    if since in ("no longer met", "not yet met", "not at the current pace"):
        return since
    return NOT_VERIFIABLE_YET if deadline == NOT_VERIFIABLE_YET else "not verifiable"
