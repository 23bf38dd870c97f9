"""Trend models of stage 2: a straight line in the year on the indicator's own scale (levels,
logits near a bound, logs for compound growth), the interval methods the backtest compares
(`ggutils.assess.backtest`), prediction intervals, P(target met) and the year a trend would reach a
target. The rules are documented in docs/methodology.md §4.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ggutils.reference.indicators import Indicator
from ggutils.reference.targets import Target

if TYPE_CHECKING:
    from ggutils.assess.series import Series
    from ggutils.assess.settings import TrendSettings

MODELS = ("linear", "logit", "log-linear")


def _logit(p: np.ndarray | float, lower: float, upper: float) -> np.ndarray:
    eps = 1e-6 * (upper - lower)
    share = (np.clip(p, lower + eps, upper - eps) - lower) / (upper - lower)
    return np.log(share / (1 - share))


def _expit(z: np.ndarray | float, lower: float, upper: float) -> np.ndarray:
    return lower + (upper - lower) / (1 + np.exp(-np.asarray(z, dtype=float)))


@dataclass(frozen=True)
class Scale:
    """The scale a trend is fitted on: levels ('linear'), logits between `bounds` ('logit')
    or logs ('log-linear', compound growth). `to` and `back` are monotone increasing, so
    quantiles carry over between the scales."""

    model: str
    bounds: tuple[float, float] | None = None

    def to(self, values: np.ndarray | float) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        if self.model == "logit":
            return _logit(v, *self.bounds)  # type: ignore[misc]
        if self.model == "log-linear":
            return np.log(v)
        return v

    def back(self, z: np.ndarray | float) -> np.ndarray:
        z = np.asarray(z, dtype=float)
        if self.model == "logit":
            return _expit(z, *self.bounds)  # type: ignore[misc]
        if self.model == "log-linear":
            return np.exp(z)
        return z

    def level_slope(self, z_last: float, slope: float) -> float:
        """A slope per year on this scale as a change per year in levels at `z_last`."""
        if self.model == "logit":
            lower, upper = self.bounds  # type: ignore[misc]
            share = (float(_expit(z_last, lower, upper)) - lower) / (upper - lower)
            return slope * share * (1 - share) * (upper - lower)
        if self.model == "log-linear":
            return slope * math.exp(z_last)
        return slope


def choose_model(series: Series, target: Target, indicator: Indicator,
                 settings: TrendSettings) -> str:
    """'log-linear' for a compound indicator whose values and target numbers are all positive;
    'logit' for a bounded share whose series or target lies near a bound; else 'linear'."""
    points = [*series.values, *target.bounds()]
    if indicator.growth == "compound":
        return "log-linear" if min(points) > 0 else "linear"
    if indicator.lower is None or indicator.upper is None:
        return "linear"
    near = [min(v - indicator.lower, indicator.upper - v) for v in points]
    return "logit" if min(near) < settings.logit_margin else "linear"


# --- Predictive distributions and the interval methods ---------------------------------------

@dataclass(frozen=True)
class Forecast:
    """A predictive distribution on the fitted scale: `mean + scale · T`, T Student's t with
    `df` degrees of freedom (normal when df is infinite)."""

    mean: float
    scale: float
    df: float

    # scipy.special's functions, which scipy.stats' norm and t call (ndtri, stdtrit, ndtr,
    # stdtr): importing scipy.stats as well would cost a briefing's kernel 0.6 s more.
    def quantile(self, p: float) -> float:
        from scipy import special

        if self.scale <= 0:
            return self.mean
        q = special.ndtri(p) if math.isinf(self.df) else special.stdtrit(self.df, p)
        return self.mean + self.scale * float(q)

    def cdf(self, z: float) -> float:
        from scipy import special

        if self.scale <= 0:
            return float(self.mean <= z)
        u = (z - self.mean) / self.scale
        return float(special.ndtr(u) if math.isinf(self.df) else special.stdtr(self.df, u))


@dataclass(frozen=True)
class Trend:
    """A trend fitted on the fitted scale by one interval method: its slope per year (with a
    standard error where the method gives one) and the predictive distribution of a new
    observation in any year."""

    method: str
    last_year: float
    z_last: float              # the fitted value at the last observed year
    slope: float
    slope_se: float
    slope_df: float
    forecast: Callable[[float], Forecast]

    def slope_interval(self, level: float) -> tuple[float, float]:
        half = Forecast(0.0, self.slope_se, self.slope_df).quantile(0.5 + level / 2)
        return self.slope - half, self.slope + half


def _ols(years: np.ndarray, z: np.ndarray):
    import statsmodels.api as sm

    x = years - years[-1]
    return sm.OLS(z, sm.add_constant(x, has_constant="add")).fit()


def _ols_trend(years: np.ndarray, z: np.ndarray, method: str, inflation: float,
               df: float) -> Trend:
    result = _ols(years, z)
    params = np.asarray(result.params, dtype=float)
    cov = np.asarray(result.cov_params(), dtype=float) * inflation
    sigma2 = float(result.scale)
    last = float(years[-1])

    def forecast(year: float) -> Forecast:
        x = np.array([1.0, year - last])
        return Forecast(float(x @ params), math.sqrt(float(x @ cov @ x) + sigma2), df)

    return Trend(method, last, float(params[0]), float(params[1]),
                 math.sqrt(max(float(cov[1, 1]), 0.0)), df, forecast)


def ols_trend(years: np.ndarray, z: np.ndarray) -> Trend:
    """OLS on the year with the textbook prediction interval: se² = se_mean² + σ̂², t(n−2)."""
    return _ols_trend(years, z, "ols", 1.0, float(len(years) - 2))


def residual_autocorrelation(years: np.ndarray, z: np.ndarray) -> float:
    """Lag-1 autocorrelation of the OLS residuals (consecutive points), clipped to [0, 0.9]."""
    resid = np.asarray(_ols(years, z).resid, dtype=float)
    denom = float(resid @ resid)
    if denom <= 0:
        return 0.0
    return float(np.clip(resid[1:] @ resid[:-1] / denom, 0.0, 0.9))


def ols_ar1_trend(years: np.ndarray, z: np.ndarray) -> Trend:
    """OLS with its uncertainty corrected for AR(1) residuals by the effective sample size
    n_eff = n(1−ρ)/(1+ρ): the coefficients' covariance × (1+ρ)/(1−ρ), t(max(n_eff − 2, 1))."""
    n = len(years)
    rho = residual_autocorrelation(years, z)
    n_eff = n * (1 - rho) / (1 + rho)
    return _ols_trend(years, z, "ols_ar1", (1 + rho) / (1 - rho), max(n_eff - 2, 1.0))


def rw_drift_trend(years: np.ndarray, z: np.ndarray) -> Trend:
    """Random walk with drift: drift = (last − first)/span; yearly innovations σ² from the
    increments (a gap of g years counts as g steps); Var(h) = σ²(h + h²/span), t(n−2)."""
    span = float(years[-1] - years[0])
    steps, moves = np.diff(years), np.diff(z)
    drift = float(z[-1] - z[0]) / span
    df = float(len(years) - 2)
    sigma2 = float(np.sum((moves - drift * steps) ** 2 / steps) / df)
    last, z_last = float(years[-1]), float(z[-1])

    def forecast(year: float) -> Forecast:
        h = max(year - last, 0.0)
        return Forecast(z_last + drift * (year - last), math.sqrt(sigma2 * (h + h * h / span)),
                        df)

    return Trend("rw_drift", last, z_last, drift, math.sqrt(sigma2 / span), df, forecast)


def llt_trend(years: np.ndarray, z: np.ndarray) -> Trend:
    """Local linear trend (statsmodels UnobservedComponents, maximum likelihood) on a yearly
    grid, gaps as missing values; normal predictive distribution."""
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    first, last = int(years[0]), int(years[-1])
    grid = np.full(last - first + 1, np.nan)
    grid[(years - first).astype(int)] = z
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = UnobservedComponents(grid, level="local linear trend").fit(disp=False)
        frame = result.get_prediction(start=0, end=len(grid) - 1 + 60).summary_frame()
    # One-step-ahead predictions in sample, forecasts beyond: their standard errors include
    # the observation noise (statsmodels' forecast error covariance).
    means, ses = frame["mean"].to_numpy(), frame["mean_se"].to_numpy()
    slope = float(result.smoothed_state[1, -1])
    slope_se = math.sqrt(max(float(result.smoothed_state_cov[1, 1, -1]), 0.0))

    def forecast(year: float) -> Forecast:
        i = int(np.clip(round(year) - first, 0, len(means) - 1))
        return Forecast(float(means[i]), float(ses[i]), math.inf)

    return Trend("llt", float(last), float(result.smoothed_state[0, -1]), slope, slope_se,
                 math.inf, forecast)


INTERVAL_METHODS: dict[str, Callable[[np.ndarray, np.ndarray], Trend]] = {
    "ols": ols_trend, "ols_ar1": ols_ar1_trend, "rw_drift": rw_drift_trend, "llt": llt_trend}


# --- The fit the verdicts use ------------------------------------------------------------------

def recent(series: Series, settings: TrendSettings) -> Series:
    """The recent window the current pace is measured on: the last `recent_points` points
    within `recent_years` years of the latest one, and never fewer than the last two."""
    if series.n <= 2:
        return series
    last = series.years[-1]
    keep = np.flatnonzero(series.years >= last - settings.recent_years)[-settings.recent_points:]
    start = int(min(keep[0], series.n - 2))
    return replace(series, years=series.years[start:], values=series.values[start:],
                   statuses=series.statuses[start:], point_tiers=series.point_tiers[start:],
                   source_ids=series.source_ids[start:])


@dataclass(frozen=True)
class Fit:
    """A fitted trend: projections and prediction intervals on the indicator's scale."""

    model: str
    slope: float               # per year, on the level scale (at the last observed year)
    trend: Trend
    scale: Scale
    n: int

    @property
    def growth_rate(self) -> float | None:
        """The compound annual rate exp(b) − 1 of a log-linear fit (None otherwise)."""
        return math.expm1(self.trend.slope) if self.model == "log-linear" else None

    def is_flat(self, level: float) -> bool:
        """The slope's `level` interval includes 0: no change distinguishable from the noise."""
        low, high = self.trend.slope_interval(level)
        return low <= 0 <= high

    def predict(self, year: float) -> float:
        return float(self.scale.back(self.trend.forecast(year).mean))

    def interval(self, year: float, level: float) -> tuple[float, float]:
        """Prediction interval for a new observation in `year`."""
        forecast = self.trend.forecast(year)
        return (float(self.scale.back(forecast.quantile(0.5 - level / 2))),
                float(self.scale.back(forecast.quantile(0.5 + level / 2))))

    def prob_met(self, year: float, target: Target) -> float:
        """P(a new observation in `year` meets a one-sided level target, at its threshold:
        `Target.threshold`) under the fitted model."""
        threshold = target.threshold()
        if self.model == "log-linear" and threshold <= 0:
            below = 0.0
        else:
            below = self.trend.forecast(year).cdf(float(self.scale.to(threshold)))
        return 1.0 - below if target.comparator in (">", ">=") else below


def fit_trend(series: Series, model: str, indicator: Indicator, method: str = "ols") -> Fit:
    """A straight line in the year on the scale of `model`, its intervals by `method` (one of
    INTERVAL_METHODS; statsmodels is imported there: it takes seconds, and a briefing
    without a fit never pays for it)."""
    bounds = None
    if model == "logit":
        bounds = (float(indicator.lower), float(indicator.upper))
    scale = Scale(model, bounds)
    years = np.asarray(series.years, dtype=float)
    trend = INTERVAL_METHODS[method](years, scale.to(series.values))
    return Fit(model, scale.level_slope(trend.z_last, trend.slope), trend, scale, series.n)


def two_point_rate(y0: float, v0: float, y1: float, v1: float, compound: bool) -> float:
    """The rate from (y0, v0) to (y1, v1): a change per year, or for compound growth the
    compound annual rate (v1/v0)^(1/years) − 1. The one home of this rule: the endpoint
    rate of a series and the rate a target requires both use it."""
    if compound:
        return float((v1 / v0) ** (1 / (y1 - y0)) - 1)
    return float((v1 - v0) / (y1 - y0))


def endpoint_rate(series: Series, compound: bool) -> float:
    """The two-point rate of the last two points (`two_point_rate`)."""
    (y0, y1), (v0, v1) = series.years[-2:], series.values[-2:]
    return two_point_rate(y0, v0, y1, v1, compound)


def endpoint_path(series: Series, rate: float, compound: bool) -> Callable[[float], float]:
    """The projection of a year along `rate` from the latest value (compound: by a factor
    1 + rate a year)."""
    last_year, last_value = float(series.years[-1]), float(series.values[-1])
    if compound:
        return lambda year: last_value * (1 + rate) ** (year - last_year)
    return lambda year: last_value + rate * (year - last_year)


@dataclass(frozen=True)
class Crossing:
    """The first whole year a projection meets the target, with the 80 % interval's range of
    years where the fit gives one (`low`: the band's favourable edge meets it; `high`: its
    unfavourable edge does; None: not within the horizon)."""

    year: int | None
    low: int | None = None
    high: int | None = None


def first_year_met(value_in: Callable[[int], float], target: Target, start: int,
                   horizon: int) -> int | None:
    """The first year from `start` to `start + horizon` whose value meets the target."""
    for year in range(start, start + horizon + 1):
        if target.is_met(value_in(year)):
            return year
    return None


def crossing(fit: Fit | None, endpoint: Callable[[int], float] | None, target: Target,
             start: int, horizon: int, with_interval: bool) -> Crossing:
    """When the trend reaches the target, scanning whole years from `start`.

    `fit` is a fitted trend; without one, `endpoint` gives the two-point projection of a year
    (indicative, no interval). The interval is given for fits with enough points: the target
    is one-sided ('>', '>=', '<', '<='; `measures.level_target`), so one edge of the band is
    the favourable one.
    """
    if fit is not None:
        year = first_year_met(fit.predict, target, start, horizon)
    elif endpoint is not None:
        year = first_year_met(endpoint, target, start, horizon)
    else:
        return Crossing(None)
    if fit is None or not with_interval:
        return Crossing(year)
    good, bad = (1, 0) if target.comparator in (">", ">=") else (0, 1)
    low = first_year_met(lambda y: fit.interval(y, 0.80)[good], target, start, horizon)
    high = first_year_met(lambda y: fit.interval(y, 0.80)[bad], target, start, horizon)
    return Crossing(year, low, high)
