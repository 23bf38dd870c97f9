"""The judgement of one target: its series, level, pace, fit, crossing, the verdicts at the
deadline, since it and ahead of it, the ex-ante view and the notes, as one trajectories.csv
row (`judge_target`). The rules are documented in docs/methodology.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ggutils.assess.evaluation import (
    as_of_date,
    evaluation_date,
    expected_publication,
    is_past_due,
    month_passed,
    month_text,
)
from ggutils.assess.fits import (
    Crossing,
    Fit,
    choose_model,
    crossing,
    endpoint_path,
    fit_trend,
    recent,
)
from ggutils.assess.measures import (
    Deadline,
    later_deadlines,
    level_target,
    needed_change,
    observed_rate,
)
from ggutils.assess.series import (
    DefinitionHistory,
    Series,
    definition_change,
    evidence_label,
    select_series,
)
from ggutils.assess.settings import TrendSettings
from ggutils.assess.verdicts import (
    INSUFFICIENT,
    NOT_VERIFIABLE_YET,
    NOT_YET_DUE,
    judge_deadline,
    judge_outlook,
    judge_since,
    points,
    summary_verdict,
    target_reference,
    unconfirmed_reasons,
)
from ggutils.reference.indicators import Codebook
from ggutils.reference.targets import Catalog, Target

TRAJECTORY_COLUMNS = [
    "entity_id", "plan_id", "plan_kind", "target_id", "preferred", "indicator",
    "comparator", "target_value", "target_low", "target_high", "target_year", "form",
    "base_year", "level_comparator", "level_value", "level_low", "level_high",
    "decision_year", "data_cutoff", "evaluation_date", "deadline_passed", "expected_by",
    "definition", "target_definition", "definition_compared_year", "definition_value_then",
    "definition_value_now", "n_points", "first_year", "last_year", "last_value", "model",
    "pace_first_year", "slope_per_year", "projected_target_year", "pi80_low", "pi80_high",
    "pi95_low", "pi95_high", "projected_2030", "prob_met", "observed_at_target_year",
    "observed_year_used",
    "verdict", "verdict_deadline", "verdict_since", "met_year", "met_value", "met_source_id",
    "unconfirmed_reason", "crossing_year", "crossing_year_low80", "crossing_year_high80",
    "status_outlook", "status_ex_ante", "required_annual_change", "progress_ratio",
    "recent_pace_per_year", "needed_basis", "needed_per_year", "needed_unit",
    "needed_from_value", "needed_from_year", "needed_by_year", "needed_by_target_id",
    "needed_level", "evidence", "notes",
]
# The models whose pace is a compound annual rate (written in % a year).
COMPOUND_MODELS = ("log-linear", "endpoint, compound (indicative)")


def latest_year(obs: pd.DataFrame) -> int | None:
    """The latest year in the observations (the default data cut-off), None when empty."""
    return int(obs["year"].max()) if not obs.empty and obs["year"].notna().any() else None


# --- Judgements -----------------------------------------------------------------------------

def _ex_ante(obs: pd.DataFrame, entity_id: str, target: Target, indicator,
             decision_year: int, settings: TrendSettings) -> str:
    """Was the plan on track when adopted? A trend on the data up to the decision year (its
    own series selection: the definition in force then), projected to the target year."""
    early_obs = obs[obs["year"] <= decision_year] if not obs.empty else obs
    early = select_series(early_obs, entity_id, target.indicator)
    if early.n < 2:
        return INSUFFICIENT
    early = recent(early, settings)
    model = choose_model(early, target, indicator, settings)
    if early.n >= settings.min_points_fit:
        fit = fit_trend(early, model, indicator, settings.interval_method)
        projected = fit.predict(target.target_year)
    else:
        compound = model == "log-linear"
        rate = observed_rate(early, None, target, settings, compound)
        projected = endpoint_path(early, rate, compound)(target.target_year)
    return "on track" if target.is_met(projected) else "off track"


def _projection(row: dict, series: Series, target: Target, indicator, settings: TrendSettings,
                notes: list[str]) -> tuple[float | None, Fit | None]:
    """Fill model, projections, intervals and P(met) from the recent window (`fits.recent`:
    the current pace, not the whole history); return the current pace and the fit. A
    compound indicator is fitted on logs and its pace is a compound annual rate, written in
    % a year to `recent_pace_per_year`. Adds to `notes` what the reader must know: the
    window, too few points for an interval, a recent trend flat within its noise."""
    window = recent(series, settings)
    row["pace_first_year"] = int(window.years[0])
    if window.n < series.n:
        notes.append(f"current pace from {int(window.years[0])}-{int(window.years[-1])} "
                     f"({window.n} of {series.n} points)")
    model = choose_model(window, target, indicator, settings)
    compound = model == "log-linear"
    fit = None
    if window.n >= settings.min_points_fit:
        fit = fit_trend(window, model, indicator, settings.interval_method)
        row.update(model=fit.model, projected_target_year=fit.predict(target.target_year),
                   projected_2030=fit.predict(settings.horizon), slope_per_year=fit.slope)
        if window.n < settings.min_points_interval:
            notes.append(f"fewer than {settings.min_points_interval} points in the recent "
                         "window: no interval and no probability, the projection is indicative")
        elif target.target_year > window.years[-1]:  # a forecast: the past is observed
            row["pi80_low"], row["pi80_high"] = fit.interval(target.target_year, 0.80)
            row["pi95_low"], row["pi95_high"] = fit.interval(target.target_year, 0.95)
            row["prob_met"] = fit.prob_met(target.target_year, target)
    rate = observed_rate(window, fit, target, settings, compound)
    if fit is not None and rate == 0 and window.n >= settings.min_points_interval:
        notes.append("recent trend flat within its noise: no current pace")
    if fit is None and rate is not None:
        row["model"] = "endpoint, compound (indicative)" if compound else "endpoint (indicative)"
        path = endpoint_path(window, rate, compound)
        row.update(projected_target_year=path(target.target_year),
                   projected_2030=path(settings.horizon),
                   slope_per_year=rate * float(window.values[-1]) if compound else rate)
    row["recent_pace_per_year"] = rate * 100 if compound and rate is not None else rate
    return rate, fit


def _pace(series: Series, target: Target, rate: float | None, fit: Fit | None,
          settings: TrendSettings, compound: bool = False) -> tuple[Crossing, bool | None]:
    """When the current pace reaches the target from the latest value, and whether it moves
    toward it at all (None: no rate)."""
    if rate is None:
        return Crossing(None), None
    last_year, last_value = int(series.years[-1]), float(series.values[-1])
    gap = target_reference(target) - last_value
    if rate == 0 or rate * gap <= 0:
        return Crossing(None), False
    endpoint = None if fit is not None else endpoint_path(recent(series, settings), rate,
                                                          compound)
    found = crossing(fit, endpoint, target, last_year + 1, settings.crossing_horizon,
                     with_interval=fit is not None and fit.n >= settings.min_points_interval)
    return found, True


def _verdicts(row: dict, series: Series, target: Target, indicator, rate: float | None,
              fit: Fit | None, decision_year: int, settings: TrendSettings) -> None:
    """Fill the verdict columns: at and since a passed deadline, or the outlook."""
    deadline = judge_deadline(series, target, settings)
    if deadline.point is not None:
        row["observed_at_target_year"] = deadline.point.value
        row["observed_year_used"] = deadline.point.year
    compound = str(row["model"]) in COMPOUND_MODELS
    outlook = judge_outlook(series, target, indicator, rate, decision_year, settings,
                            hold=row["comparator"] == "=", compound=compound)
    required = outlook.required_annual_change
    row["required_annual_change"] = required * 100 if compound and required else required
    row["progress_ratio"] = outlook.progress_ratio
    met = None
    if row["deadline_passed"]:
        pace, toward = _pace(series, target, rate, fit, settings, compound) if series.n else (
            Crossing(None), None)
        since = judge_since(series, target, deadline, pace, toward, settings)
        row.update(verdict_deadline=deadline.verdict, verdict_since=since.verdict,
                   crossing_year=since.crossing.year, crossing_year_low80=since.crossing.low,
                   crossing_year_high80=since.crossing.high)
        met = deadline.point if deadline.verdict.startswith("met") else since.met
    else:
        row.update(verdict_deadline=NOT_YET_DUE, status_outlook=outlook.category)
        if outlook.category.startswith(("achieved", "holding")) and series.n:
            met = points(series)[-1]
    row["verdict"] = summary_verdict(row["deadline_passed"], row["verdict_deadline"],
                                     row["verdict_since"], row["status_outlook"])
    if met is not None:
        row.update(met_year=met.year, met_value=met.value, met_source_id=met.source_id,
                   unconfirmed_reason=",".join(unconfirmed_reasons(met, settings)) or None)


def _effort(row: dict, series: Series, level: Target, target: Target, indicator,
            plans: Sequence[Catalog], on: dt.date) -> dict:
    """The needed_* columns: what it would take from the latest value to reach the target
    by its deadline, or by a later target's on the same indicator in the entity's `plans`
    once its own has passed (`measures.needed_change`). The change is compound, in % a year,
    where the pace is (`COMPOUND_MODELS`), or without a pace where the indicator grows
    compound."""
    deadlines = [Deadline(target.target_year)] if not row["deadline_passed"] else []
    deadlines += [d for d in later_deadlines(target, plans) if not is_past_due(d.year, on)]
    compound = (str(row["model"]) in COMPOUND_MODELS if row["model"] != "none"
                else indicator.growth == "compound")
    effort = needed_change(series, level, deadlines, hold=target.comparator == "=",
                           compound=compound)
    return effort.columns()


def judge_target(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                 settings: TrendSettings, as_of: int | None = None,
                 evaluated_on: dt.date | None = None,
                 definitions: DefinitionHistory | None = None,
                 plans: Sequence[Catalog] = ()) -> dict:
    """One trajectories.csv row for one target (never raises for lack of data).

    The target is judged on `evaluated_on` (default: 31 December of `as_of` for an as-of
    run, else the evaluation date, `ggutils.assess.evaluation`): its deadline has passed when its
    target year has ended by then, whatever the last year with data. `as_of` is also the
    data cut-off written in `data_cutoff` (default: the latest year in `obs`); the caller
    leaves out what was not published by then. A change target is judged as the level
    `level_target` derives from its base-year value. `definitions` (the registry's
    definitions by year, `series.definition_history`) tells the definition in force when
    the target was set. `plans` are the catalogs of the target's entity: a later target
    on the same indicator gives an expired target the deadline its needed_* columns use
    (default: `catalog` alone).
    """
    indicator = codebook[target.indicator]
    series = select_series(obs, catalog.entity_id, target.indicator)
    decision_year = catalog.decision.year
    cutoff = as_of if as_of is not None else latest_year(obs)
    on = evaluated_on or (as_of_date(as_of) if as_of is not None else evaluation_date())
    row = dict.fromkeys(TRAJECTORY_COLUMNS)
    row.update(entity_id=catalog.entity_id, plan_id=catalog.plan_id,
               plan_kind=catalog.decision.kind, target_id=target.id,
               preferred=target.preferred, indicator=target.indicator,
               comparator=target.comparator, target_value=target.value, target_low=target.low,
               target_high=target.high, target_year=target.target_year, form=target.form,
               base_year=target.base_year, decision_year=decision_year, data_cutoff=cutoff,
               evaluation_date=on.isoformat(),
               deadline_passed=is_past_due(target.target_year, on),
               definition=series.definition or None, n_points=series.n,
               evidence=evidence_label(series), model="none", status_ex_ante=INSUFFICIENT)
    notes = list(series.notes)
    notes += _definition_note(row, obs, catalog, target, series, definitions or {})
    level = level_target(target, indicator, series)
    if series.n == 0:
        notes.append("no observation in data/raw")
    elif level is None:
        notes.append(f"no {target.base_year} value to derive the target from")
    if level is None:  # nothing to compare values with: judged as a target without data
        row["n_points"] = 0
        series = Series(np.array([]), np.array([]), "", (), ())
        level = target.model_copy(update={"form": "level", "base_year": None})
    elif level is not target:
        row.update(level_comparator=level.comparator, level_value=level.value,
                   level_low=level.low, level_high=level.high)
    rate, fit = None, None
    if series.n:
        row.update(first_year=int(series.years[0]), last_year=int(series.years[-1]),
                   last_value=float(series.values[-1]))
        if series.n == 2:
            notes.append("two points: endpoint rate only, indicative")
        rate, fit = _projection(row, series, level, indicator, settings, notes)
        row["status_ex_ante"] = _ex_ante(obs, catalog.entity_id, level, indicator,
                                         decision_year, settings)
    _verdicts(row, series, level, indicator, rate, fit, decision_year, settings)
    row.update(_effort(row, series, level, target, indicator, (catalog, *plans), on))
    notes += _publication(row, series, level, indicator, on, settings)
    if row["observed_year_used"] not in (None, target.target_year):
        notes.append(f"deadline judged on {row['observed_year_used']} (nearest year)")
    row["notes"] = "; ".join(notes) or None
    return row


def _definition_note(row: dict, obs: pd.DataFrame, catalog: Catalog, target: Target,
                     series: Series, definitions: DefinitionHistory) -> list[str]:
    """Fill the definition columns: the definition in force when the target was set and,
    where it differs from the one judged, a year with values under both."""
    if target.indicator not in definitions or not series.definition:
        return []
    change = definition_change(obs, catalog.entity_id, target.indicator, catalog.decision.year,
                               series.definition, definitions)
    if change is None:
        row["target_definition"] = series.definition
        return []
    row.update(target_definition=change.set_under, definition_compared_year=change.year,
               definition_value_then=change.value_then, definition_value_now=change.value_now)
    note = (f"target set in {catalog.decision.year} under {change.set_under}, judged on "
            f"{change.judged_on}")
    if change.year is not None:
        note += f" ({change.year}: {change.value_then:g} vs {change.value_now:g})"
    return [note]


def _publication(row: dict, series: Series, target: Target, indicator, on: dt.date,
                 settings: TrendSettings) -> list[str]:
    """A passed deadline with no value to judge: "not verifiable yet" while the target
    year's value is not usually published (`expected_by`, from the indicator's publication
    lag), else "not verifiable" with the reason; a value whose year is inferred in the
    window is named as an indication only. The notes it adds."""
    if row["verdict_deadline"] != "not verifiable":
        return []
    notes = []
    hint = judge_deadline(series, target, settings).indication
    if hint is not None:
        would = "meet" if target.is_met(hint.value) else "miss"
        notes.append(f"indication only: {hint.value:g} in {hint.year} (year inferred) would "
                     f"{would} the target")
    expected = expected_publication(target.target_year, indicator.publication_lag_months)
    if expected is None:
        notes.append("publication lag unknown: not verifiable")
        return notes
    row["expected_by"] = month_text(expected)
    if month_passed(expected, on):
        notes.append(f"the {target.target_year} value is usually published by "
                     f"{month_text(expected)}: not verifiable")
        return notes
    row["verdict_deadline"] = NOT_VERIFIABLE_YET
    row["verdict"] = summary_verdict(row["deadline_passed"], row["verdict_deadline"],
                                     row["verdict_since"], row["status_outlook"])
    return notes
