"""Stage 2, trajectories: for every catalog target, the series behind it, a trend fit with
prediction intervals, and three judgements (ex-post, ex-ante, current). The rules are
documented in docs/methodology.md; thresholds and model choices live in TrendSettings.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from .errors import GGUtilsError
from .indicators import Codebook, Indicator
from .targets import Catalog, Target

EXCLUDED_FROM_FITS = ("period_average", "partial_year")
INSUFFICIENT = "insufficient data"
TRAJECTORY_COLUMNS = [
    "province_slug", "target_id", "indicator", "comparator", "target_value", "target_low",
    "target_high", "target_year", "decision_year", "definition", "n_points", "first_year",
    "last_year", "last_value", "model", "slope_per_year", "projected_target_year",
    "pi80_low", "pi80_high", "pi95_low", "pi95_high", "projected_2030", "prob_met",
    "observed_at_target_year", "observed_year_used", "status_ex_post", "status_ex_ante",
    "status_current", "required_annual_change", "observed_annual_change", "progress_ratio",
    "evidence", "notes",
]
CATEGORIES = ("achieved", "on track", "acceleration needed", "limited progress",
              "deterioration", INSUFFICIENT)


@dataclass(frozen=True)
class TrendSettings:
    """Every threshold and model choice of the method, in one place (docs/methodology.md)."""

    on_track_ratio: float = 0.95        # R >= this: on track
    acceleration_ratio: float = 0.60    # this <= R < on_track_ratio: acceleration needed
    equality_tolerance: float = 1.0     # '= 100' is met within this many points (UNSD rule)
    logit_margin: float = 10.0          # logit fit when series or target is this near a bound
    min_points_fit: int = 3             # fewer: endpoint rate only (2) or nothing
    min_points_interval: int = 4        # fewer: no prediction interval, no probability
    ex_post_window: int = 1             # nearest year within +/- this counts, flagged
    horizon: int = 2030


class DuplicateYearError(GGUtilsError):
    """A series has two values for one year after selection."""


@dataclass(frozen=True)
class Series:
    """The observations one target is judged on."""

    years: np.ndarray
    values: np.ndarray
    definition: str
    tiers: tuple[int, ...]
    statuses: tuple[str, ...]
    excluded: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    notes: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return len(self.years)


def select_series(obs: pd.DataFrame, entity_id: str, indicator: str) -> Series:
    """Preferred observations of one entity and indicator, one definition, fit-eligible.

    Period averages and partial years are excluded (kept in `excluded` for charts). When
    definitions differ, the one with most points is used (ties: the one with the most
    recent data, then 'standard'); values of other definitions are never joined to it.
    """
    if obs.empty:
        return Series(np.array([]), np.array([]), "", (), ())
    rows = obs[(obs["entity_id"] == entity_id) & (obs["indicator"] == indicator)
               & obs["preferred"].astype(bool)]
    rows = rows.astype({c: object for c in rows.select_dtypes("category").columns})
    eligible = rows[~rows["status"].isin(EXCLUDED_FROM_FITS)]
    excluded = rows[rows["status"].isin(EXCLUDED_FROM_FITS)]
    notes: list[str] = []
    if eligible.empty:
        return Series(np.array([]), np.array([]), "", (), (), excluded, ())
    counts = eligible["definition"].value_counts()
    latest = eligible.groupby("definition")["year"].max()
    best = sorted(counts.index, key=lambda d: (-counts[d], -latest[d], d != "standard", d))[0]
    if len(counts) > 1:
        others = ", ".join(f"{d} ({counts[d]})" for d in counts.index if d != best)
        notes.append(f"values of other definitions not joined: {others}")
    chosen = eligible[eligible["definition"] == best].sort_values("year")
    dupes = chosen["year"][chosen["year"].duplicated()]
    if not dupes.empty:
        raise DuplicateYearError(f"series {entity_id}/{indicator} ({best}) has several values "
                                 f"for year(s) {sorted(set(dupes))}")
    return Series(chosen["year"].to_numpy(dtype=float), chosen["value"].to_numpy(dtype=float),
                  best, tuple(sorted(set(chosen["source_tier"].astype(int)))),
                  tuple(chosen["status"]), excluded, tuple(notes))


# --- Models ---------------------------------------------------------------------------------

def _logit(p: np.ndarray | float, lower: float, upper: float) -> np.ndarray:
    eps = 1e-6 * (upper - lower)
    share = (np.clip(p, lower + eps, upper - eps) - lower) / (upper - lower)
    return np.log(share / (1 - share))


def _expit(z: np.ndarray | float, lower: float, upper: float) -> np.ndarray:
    return lower + (upper - lower) / (1 + np.exp(-np.asarray(z, dtype=float)))


def choose_model(series: Series, target: Target, indicator: Indicator,
                 settings: TrendSettings) -> str:
    """'logit' for a bounded share whose series or target lies near a bound, else 'linear'."""
    if indicator.lower is None or indicator.upper is None:
        return "linear"
    points = [*series.values, *target.bounds()]
    near = [min(v - indicator.lower, indicator.upper - v) for v in points]
    return "logit" if min(near) < settings.logit_margin else "linear"


@dataclass(frozen=True)
class Fit:
    """A fitted trend: projections and prediction intervals on the indicator's scale."""

    model: str
    slope: float               # per year, on the level scale (at the last observed year)
    result: object             # statsmodels results
    transform: tuple[float, float] | None  # (lower, upper) for logit fits
    df_resid: float

    def _z(self, year: float) -> tuple[float, float]:
        """Mean and predictive standard error on the fitted (possibly logit) scale."""
        pred = self.result.get_prediction(np.array([[1.0, year]]))
        frame = pred.summary_frame(alpha=0.05)
        mean = float(frame["mean"].iloc[0])
        se_obs = math.sqrt(float(pred.se_mean[0]) ** 2 + float(self.result.scale))
        return mean, se_obs

    def _back(self, z: float) -> float:
        if self.transform is None:
            return float(z)
        return float(_expit(z, *self.transform))

    def predict(self, year: float) -> float:
        return self._back(self._z(year)[0])

    def interval(self, year: float, level: float) -> tuple[float, float]:
        """Prediction interval for a new observation in `year` (t-distribution)."""
        mean, se = self._z(year)
        half = stats.t.ppf(0.5 + level / 2, self.df_resid) * se
        return self._back(mean - half), self._back(mean + half)

    def prob_met(self, year: float, target: Target, tolerance: float) -> float:
        """P(a new observation in `year` meets the target) under the fitted model."""
        mean, se = self._z(year)
        dist = stats.t(self.df_resid, loc=mean, scale=se) if se > 0 else None

        def cdf(level_value: float) -> float:
            z = level_value if self.transform is None else float(
                _logit(level_value, *self.transform))
            if dist is None:
                return float(mean <= z)
            return float(dist.cdf(z))

        if target.comparator == "range":
            return cdf(target.high) - cdf(target.low)
        v = float(target.value)
        if target.comparator == "=":
            return cdf(v + tolerance) - cdf(v - tolerance)
        below = cdf(v)
        return 1.0 - below if target.comparator in (">", ">=") else below


def fit_trend(series: Series, model: str, indicator: Indicator) -> Fit:
    """OLS of value (or its logit) on year; statsmodels gives the intervals."""
    years, values = series.years, series.values
    transform = None
    y = values
    if model == "logit":
        transform = (float(indicator.lower), float(indicator.upper))
        y = _logit(values, *transform)
    result = sm.OLS(y, sm.add_constant(years, has_constant="add")).fit()
    slope = float(result.params[1])
    if transform is not None:  # slope on the level scale at the last year: d expit
        last = _expit(result.params[0] + slope * years[-1], *transform)
        share = (last - transform[0]) / (transform[1] - transform[0])
        slope = slope * share * (1 - share) * (transform[1] - transform[0])
    return Fit(model, slope, result, transform, float(result.df_resid))


# --- Judgements -----------------------------------------------------------------------------

def observed_near(series: Series, year: int, window: int) -> tuple[float | None, int | None]:
    """The value in `year`, else the nearest within +/- window (earlier year on ties)."""
    for offset in sorted(range(-window, window + 1), key=lambda o: (abs(o), o)):
        hits = series.values[series.years == year + offset]
        if hits.size:
            return float(hits[0]), year + offset
    return None, None


def status_ex_post(series: Series, target: Target, settings: TrendSettings) -> tuple:
    value, year = observed_near(series, target.target_year, settings.ex_post_window)
    if value is None:
        return "not reported", None, None
    return ("met" if target.is_met(value, settings.equality_tolerance) else "not met"), value, year


def _direction(indicator: Indicator) -> int:
    return 1 if indicator.better == "higher" else -1


def _target_reference(target: Target, baseline: float) -> float:
    if target.comparator != "range":
        return float(target.value)
    return float(target.low) if baseline < target.low else float(target.high)


def categorize(ratio: float | None, observed_dir: float | None,
               settings: TrendSettings) -> str:
    """The progress category from the direction-adjusted ratio R = observed / required."""
    if ratio is None or math.isnan(ratio):
        if observed_dir is None:
            return INSUFFICIENT
        return "deterioration" if observed_dir < 0 else "acceleration needed"
    if ratio >= settings.on_track_ratio:
        return "on track"
    if ratio >= settings.acceleration_ratio:
        return "acceleration needed"
    if ratio >= 0:
        return "limited progress"
    return "deterioration"


def _rate(series: Series, fit: Fit | None) -> float | None:
    """Annual change: the fitted slope, or the endpoint rate for two points. Rounded to 10
    decimals so a flat series reads as 0, not as a sign-bearing rounding error."""
    if fit is not None:
        return round(fit.slope, 10)
    if series.n == 2:
        rate = (series.values[1] - series.values[0]) / (series.years[1] - series.years[0])
        return round(float(rate), 10)
    return None


def evidence_parts(series: Series) -> dict:
    """Evidence strength from points, span and source quality: weak under 3 points, strong
    from 6 points over 8+ years, moderate between."""
    if series.n == 0:
        return {"strength": "none", "n": 0, "span": 0, "tiers": "", "not_final": 0}
    span = int(series.years[-1] - series.years[0])
    strength = "weak" if series.n < 3 else ("strong" if series.n >= 6 and span >= 8
                                             else "moderate")
    return {"strength": strength, "n": series.n, "span": span,
            "tiers": ",".join(str(t) for t in series.tiers),
            "not_final": sum(s != "final" for s in series.statuses)}


def _evidence(series: Series) -> str:
    parts = evidence_parts(series)
    if parts["n"] == 0:
        return "no data"
    extra = f", {parts['not_final']} not final" if parts["not_final"] else ""
    return (f"{parts['strength']}: {parts['n']} points over {parts['span']} years, "
            f"source tiers {parts['tiers']}{extra}")


def _ex_ante(obs: pd.DataFrame, province: str, target: Target, indicator: Indicator,
             decision_year: int, settings: TrendSettings) -> str:
    """Was the plan on track when adopted? A trend on the data up to the decision year (its
    own series selection: the definition in force then), projected to the target year."""
    early_obs = obs[obs["year"] <= decision_year] if not obs.empty else obs
    early = select_series(early_obs, province, target.indicator)
    if early.n < 2:
        return INSUFFICIENT
    if early.n >= settings.min_points_fit:
        fit = fit_trend(early, choose_model(early, target, indicator, settings), indicator)
        projected = fit.predict(target.target_year)
    else:
        rate = _rate(early, None)
        projected = early.values[-1] + rate * (target.target_year - early.years[-1])
    return "on track" if target.is_met(projected, settings.equality_tolerance) else "off track"


def _baseline(series: Series, decision_year: int) -> tuple[float, float]:
    """The last observation at or before the decision year, else the first one."""
    before = series.years <= decision_year
    i = int(np.flatnonzero(before)[-1]) if before.any() else 0
    return float(series.years[i]), float(series.values[i])


def _projection(row: dict, series: Series, target: Target, indicator: Indicator,
                settings: TrendSettings) -> float | None:
    """Fill model, projections, intervals and P(met); return the annual rate of change."""
    fit = None
    if series.n >= settings.min_points_fit:
        fit = fit_trend(series, choose_model(series, target, indicator, settings), indicator)
        row.update(model=fit.model, projected_target_year=fit.predict(target.target_year),
                   projected_2030=fit.predict(settings.horizon))
        if series.n >= settings.min_points_interval:
            row["pi80_low"], row["pi80_high"] = fit.interval(target.target_year, 0.80)
            row["pi95_low"], row["pi95_high"] = fit.interval(target.target_year, 0.95)
            row["prob_met"] = fit.prob_met(target.target_year, target,
                                           settings.equality_tolerance)
    rate = _rate(series, fit)
    if series.n == 2:
        row["model"] = "endpoint (indicative)"
        for key, year in (("projected_target_year", target.target_year),
                          ("projected_2030", settings.horizon)):
            row[key] = series.values[-1] + rate * (year - series.years[-1])
    row["observed_annual_change"] = row["slope_per_year"] = rate
    return rate


def _current_status(row: dict, series: Series, target: Target, indicator: Indicator,
                    rate: float | None, decision_year: int, settings: TrendSettings) -> str:
    """The progress category; fills required change and progress ratio."""
    base_year, base_value = _baseline(series, decision_year)
    required = None
    if target.target_year > base_year:
        required = (_target_reference(target, base_value) - base_value) / (
            target.target_year - base_year)
    row["required_annual_change"] = required
    if target.is_met(series.values[-1], settings.equality_tolerance):
        return "achieved"
    if rate is None:
        return INSUFFICIENT
    sign = _direction(indicator)
    ratio = None
    if required is not None and required * sign > 0:
        ratio = (rate * sign) / (required * sign)
        row["progress_ratio"] = ratio
    return categorize(ratio, rate * sign, settings)


def judge_target(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                 settings: TrendSettings) -> dict:
    """One trajectories.csv row for one target (never raises for lack of data)."""
    indicator = codebook[target.indicator]
    series = select_series(obs, catalog.province, target.indicator)
    decision_year = catalog.decision.year
    row = dict.fromkeys(TRAJECTORY_COLUMNS)
    row.update(province_slug=catalog.province, target_id=target.id, indicator=target.indicator,
               comparator=target.comparator, target_value=target.value, target_low=target.low,
               target_high=target.high, target_year=target.target_year,
               decision_year=decision_year, definition=series.definition or None,
               n_points=series.n, evidence=_evidence(series), model="none",
               status_ex_ante=INSUFFICIENT, status_current=INSUFFICIENT)
    notes = list(series.notes)
    row["status_ex_post"], row["observed_at_target_year"], row["observed_year_used"] = \
        status_ex_post(series, target, settings)
    if row["observed_year_used"] not in (None, target.target_year):
        notes.append(f"ex-post judged on {row['observed_year_used']} (nearest year)")
    if series.n == 0:
        row["notes"] = "; ".join(notes) or "no observation in data/raw"
        return row
    row.update(first_year=int(series.years[0]), last_year=int(series.years[-1]),
               last_value=float(series.values[-1]))
    if series.n == 2:
        notes.append("two points: endpoint rate only, indicative")
    rate = _projection(row, series, target, indicator, settings)
    row["status_current"] = _current_status(row, series, target, indicator, rate,
                                            decision_year, settings)
    row["status_ex_ante"] = _ex_ante(obs, catalog.province, target, indicator, decision_year,
                                     settings)
    row["notes"] = "; ".join(notes) or None
    return row


def project_all(obs: pd.DataFrame, catalogs: dict[str, Catalog], codebook: Codebook,
                settings: TrendSettings | None = None) -> pd.DataFrame:
    """trajectories.csv: one row per catalog target, none dropped."""
    settings = settings or TrendSettings()
    rows = [judge_target(obs, cat, t, codebook, settings)
            for cat in catalogs.values() for t in cat.targets]
    return pd.DataFrame(rows, columns=TRAJECTORY_COLUMNS)


def settings_table(settings: TrendSettings) -> pd.DataFrame:
    """The settings as a two-column table (for notebooks and briefings)."""
    return pd.DataFrame(list(asdict(settings).items()), columns=["setting", "value"])


def trend_path(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
               settings: TrendSettings | None = None) -> pd.DataFrame | None:
    """The fitted trend and its 80/95 % prediction bands from the first observed year to the
    horizon (None when the series has too few points for a fit)."""
    settings = settings or TrendSettings()
    indicator = codebook[target.indicator]
    series = select_series(obs, catalog.province, target.indicator)
    if series.n < settings.min_points_fit:
        return None
    fit = fit_trend(series, choose_model(series, target, indicator, settings), indicator)
    last = max(settings.horizon, target.target_year)
    rows = []
    for year in range(int(series.years[0]), last + 1):
        row = {"year": year, "fit": fit.predict(year)}
        if series.n >= settings.min_points_interval:
            row["pi80_low"], row["pi80_high"] = fit.interval(year, 0.80)
            row["pi95_low"], row["pi95_high"] = fit.interval(year, 0.95)
        rows.append(row)
    return pd.DataFrame(rows)


def run_projections(data_dir, settings: TrendSettings | None = None) -> pd.DataFrame:
    """Stage 2 end to end: observations + catalogs -> data/processed/trajectories.csv."""
    from pathlib import Path

    from .observations import read_observations
    from .io import write_csv_atomic
    from .paths import ProjectPaths
    from .targets import load_reference

    paths = ProjectPaths(data=Path(data_dir))
    ref = load_reference(paths.data)
    obs = read_observations(paths.observations)
    trajectories = project_all(obs, ref.catalogs, ref.codebook, settings)
    write_csv_atomic(trajectories, paths.trajectories)
    return trajectories
