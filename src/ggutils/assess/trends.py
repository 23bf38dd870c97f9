"""Stage 2, trajectories: for every catalog target, the series behind it, a trend fit with
prediction intervals, and the verdicts of `ggutils.assess.verdicts` (at the deadline and since it
for a passed deadline, the outlook for one ahead, and the ex-ante view). The rules are
documented in docs/methodology.md; thresholds and model choices live in TrendSettings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

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
    endpoint_rate,
    fit_trend,
    recent,
)
from ggutils.assess.series import (
    DefinitionHistory,
    Series,
    definition_change,
    evidence_label,
    select_series,
)
from ggutils.assess.verdicts import (
    INSUFFICIENT,
    NOT_VERIFIABLE_YET,
    NOT_YET_DUE,
    is_flat,
    judge_deadline,
    judge_outlook,
    judge_since,
    points,
    scale_of,
    summary_verdict,
    target_reference,
    unconfirmed_reasons,
)
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.provinces import Register
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
    "status_outlook", "status_ex_ante", "required_annual_change", "observed_annual_change",
    "progress_ratio", "evidence", "notes",
]


@dataclass(frozen=True)
class TrendSettings:
    """Every threshold and model choice of the method, in one place (docs/methodology.md)."""

    on_track_ratio: float = 0.95        # R >= this: on track
    acceleration_ratio: float = 0.60    # this <= R < on_track_ratio: acceleration needed
    logit_margin: float = 10.0          # logit fit when series or target is this near a bound
    min_points_fit: int = 3             # fewer: endpoint rate only (2) or nothing
    min_points_interval: int = 6        # fewer in the window: no interval, no probability
    recent_points: int = 6              # the current pace: a fit on the last this many points
    recent_years: int = 10              # ... within this many years of the latest (fits.recent)
    interval_method: str = "rw_drift"   # fits.INTERVAL_METHODS, chosen by `ggutils backtest`
    flat_level: float = 0.80            # a recent slope whose interval at this level holds 0
    ex_post_window: int = 1             # nearest year within +/- this counts, flagged
    horizon: int = 2030                 # the second projection year
    confirm_max_tier: int = 2           # a "met" from a higher (secondary) tier is unconfirmed
    confirmed_statuses: tuple[str, ...] = ("final",)  # other statuses: "met, unconfirmed"
    flat_tolerance: float = 1e-9        # |change per year| <= this x the series' scale: flat
    crossing_horizon: int = 50          # years after the latest value searched for a crossing


# --- Targets as levels ------------------------------------------------------------------------

def level_target(target: Target, indicator, series: Series) -> Target | None:
    """The target as a one-sided level of the indicator, which every judgement compares
    values with (`Target.is_met`, `Target.threshold`; docs/methodology.md, "How a target's
    words are read").

    The forms that depend on the indicator's direction are read in its good direction: '='
    (hold) is '>=' the level when higher is better, '<=' when lower is; a range is met at its
    less ambitious end and stays met beyond the more ambitious one ('>=' low when higher is
    better, '<=' high when lower is). A one-sided level target is returned as it is.

    A change target is turned into a level on the series' value in `base_year`:
    base x (1 + v/100) for 'change_since_base', base x (1 + v/100) ** (target year - base
    year) for 'annual_rate' (compounded from the base year). Its tolerance is applied in the
    target's own unit first (relative to its number, or absolute in % points) and carried as
    the absolute distance in levels between the number and its tolerated end. None when the
    series has no base-year value: the target cannot be judged, and the notes say why.
    """
    higher = indicator.better == "higher"
    comparator, number = target.comparator, target.value
    if comparator == "=":
        comparator = ">=" if higher else "<="
    elif comparator == "range":
        comparator, number = (">=", target.low) if higher else ("<=", target.high)
    one_sided = {"comparator": comparator, "value": number, "low": None, "high": None}
    if target.form == "level":
        return target if comparator == target.comparator else target.model_copy(
            update=one_sided)
    base = series.values[series.years == target.base_year]
    if base.size == 0:
        return None
    years = target.target_year - target.base_year if target.form == "annual_rate" else 1

    def level(change: float) -> float:
        return float(base[0] * (1 + change / 100) ** years)

    margin = target.margin(number)
    tolerated = number - margin if comparator in (">", ">=") else number + margin
    return target.model_copy(update={
        **one_sided, "form": "level", "base_year": None, "unit": indicator.unit,
        "value": level(number), "tolerance": abs(level(number) - level(tolerated)),
        "tolerance_basis": "absolute"})


# --- Rates and evidence ----------------------------------------------------------------------

def observed_rate(series: Series, fit: Fit | None, target: Target, settings: TrendSettings,
                  compound: bool = False) -> float | None:
    """The current pace on `series` (the recent window, `fits.recent`): the fitted change per
    year, or for a compound fit its compound annual rate (exp(b) - 1); without a fit, the
    endpoint rate of the last two points (compound: (v1/v0)^(1/years) - 1); None for fewer.

    It reads as 0 when the recent trend is flat within the series' own noise: a fit with an
    interval (>= `min_points_interval` points) whose slope's `flat_level` interval includes
    0. A change within `flat_tolerance` of the series' scale also reads as 0, so a flat
    series carries no sign and a series in small units is judged as the same series scaled
    up."""
    if fit is not None:
        if fit.n >= settings.min_points_interval and fit.is_flat(settings.flat_level):
            return 0.0
        rate, level_change = (fit.growth_rate if compound else fit.slope), fit.slope
    elif series.n >= 2:
        rate = endpoint_rate(series, compound)
        level_change = rate * float(series.values[-1]) if compound else rate
    else:
        return None
    return 0.0 if is_flat(level_change, scale_of(series.values, target), settings) else rate


# --- Judgements -----------------------------------------------------------------------------

def _ex_ante(obs: pd.DataFrame, province: str, target: Target, indicator,
             decision_year: int, settings: TrendSettings) -> str:
    """Was the plan on track when adopted? A trend on the data up to the decision year (its
    own series selection: the definition in force then), projected to the target year."""
    early_obs = obs[obs["year"] <= decision_year] if not obs.empty else obs
    early = select_series(early_obs, province, target.indicator)
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
    % a year to `observed_annual_change`. Adds to `notes` what the reader must know: the
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
    row["observed_annual_change"] = rate * 100 if compound and rate is not None else rate
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
    compound = str(row["model"]) in ("log-linear", "endpoint, compound (indicative)")
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


def judge_target(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                 settings: TrendSettings, as_of: int | None = None,
                 evaluated_on: dt.date | None = None,
                 definitions: DefinitionHistory | None = None) -> dict:
    """One trajectories.csv row for one target (never raises for lack of data).

    The target is judged on `evaluated_on` (default: 31 December of `as_of` for an as-of
    run, else the evaluation date, `ggutils.assess.evaluation`): its deadline has passed when its
    target year has ended by then, whatever the last year with data. `as_of` is also the
    data cut-off written in `data_cutoff` (default: the latest year in `obs`); the caller
    leaves out what was not published by then. A change target is judged as the level
    `level_target` derives from its base-year value. `definitions` (the registry's
    definitions by year, `series.definition_history`) tells the definition in force when
    the target was set.
    """
    indicator = codebook[target.indicator]
    series = select_series(obs, catalog.entity_id, target.indicator)
    decision_year = catalog.decision.year
    cutoff = as_of if as_of is not None else _latest_year(obs)
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


def _latest_year(obs: pd.DataFrame) -> int | None:
    return int(obs["year"].max()) if not obs.empty and obs["year"].notna().any() else None


def project_all(obs: pd.DataFrame, catalogs: dict[str, Catalog], codebook: Codebook,
                settings: TrendSettings | None = None, as_of: int | None = None,
                evaluated_on: dt.date | None = None,
                definitions: DefinitionHistory | None = None) -> pd.DataFrame:
    """trajectories.csv: one row per catalog target, none dropped, all judged on one date
    (`evaluated_on`, else 31 December of `as_of`, else the evaluation date). The data
    cut-off is `as_of`, else the latest year in the observations. Targets transcribed
    automatically and not yet reviewed (`draft: true`, `Catalog.drafts`) are never judged:
    they have no row here and are listed, labelled, on their plan's briefing."""
    settings = settings or TrendSettings()
    cutoff = as_of if as_of is not None else _latest_year(obs)
    on = evaluated_on or (as_of_date(as_of) if as_of is not None else evaluation_date())
    rows = [judge_target(obs, cat, t, codebook, settings, cutoff, on, definitions)
            for cat in catalogs.values() for t in cat.targets]
    return pd.DataFrame(rows, columns=TRAJECTORY_COLUMNS)


def settings_table(settings: TrendSettings) -> pd.DataFrame:
    """The settings as a two-column table (for notebooks and briefings)."""
    return pd.DataFrame(list(asdict(settings).items()), columns=["setting", "value"])


def trend_path(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
               settings: TrendSettings | None = None) -> pd.DataFrame | None:
    """The fitted trend of the recent window (`fits.recent`, the current pace) and its 80/95 %
    prediction bands from the window's first year to the horizon (None when the window has
    too few points for a fit)."""
    settings = settings or TrendSettings()
    indicator = codebook[target.indicator]
    series = select_series(obs, catalog.entity_id, target.indicator)
    level = level_target(target, indicator, series)
    window = recent(series, settings)
    if window.n < settings.min_points_fit or level is None:
        return None
    fit = fit_trend(window, choose_model(window, level, indicator, settings), indicator,
                    settings.interval_method)
    last = max(settings.horizon, target.target_year)
    rows = []
    for year in range(int(window.years[0]), last + 1):
        row = {"year": year, "fit": fit.predict(year)}
        if window.n >= settings.min_points_interval:
            row["pi80_low"], row["pi80_high"] = fit.interval(year, 0.80)
            row["pi95_low"], row["pi95_high"] = fit.interval(year, 0.95)
        rows.append(row)
    return pd.DataFrame(rows)


def run_projections(data_dir, settings: TrendSettings | None = None) -> pd.DataFrame:
    """Stage 2 end to end: observations + catalogs -> data/processed/trajectories.csv."""
    from ggutils.assess.series import definition_history
    from ggutils.io import write_csv_atomic
    from ggutils.observations import read_observations
    from ggutils.project import Layout
    from ggutils.reference.sources import load_sources
    from ggutils.reference.targets import load_reference

    paths = Layout(data=Path(data_dir))
    ref = load_reference(paths.data)
    obs = read_observations(paths.observations)
    definitions = definition_history(load_sources(paths.registry, ref.codebook))
    trajectories = project_all(obs, ref.catalogs, ref.codebook, settings,
                               definitions=definitions)
    write_csv_atomic(trajectories, paths.trajectories)
    return trajectories


@dataclass(frozen=True)
class Context:
    """What the trajectories stage works on, loaded from a data folder: reference data,
    catalogs, observations, labels in one language and the sources table (for notebook 02,
    notebook 00 and the comparison pages)."""

    codebook: Codebook
    register: Register
    catalogs: dict[str, Catalog]
    observations: pd.DataFrame
    msgs: Messages
    sources: pd.DataFrame | None = None


def load_context(data_dir: Path, lang: str = "en") -> Context:
    """The Context of `data_dir` (processed/observations.csv must exist: run stage 1)."""
    from ggutils.io import read_csv
    from ggutils.observations import read_observations
    from ggutils.project import Layout
    from ggutils.reference.messages import load_messages
    from ggutils.reference.targets import load_reference

    paths = Layout(data=Path(data_dir))
    ref = load_reference(paths.data)
    sources_csv = paths.processed / "sources.csv"
    sources = (read_csv(sources_csv, keep_default_na=False) if sources_csv.exists()
               else None)
    return Context(ref.codebook, ref.register, ref.catalogs,
                   read_observations(paths.observations), load_messages(paths.messages, lang),
                   sources)
