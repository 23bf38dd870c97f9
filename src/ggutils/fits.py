"""Trend models of stage 2: OLS of a series on the year (or of its logit, near a bound),
with prediction intervals, P(target met) and the year a trend would reach a target.
The rules are documented in docs/methodology.md §4.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .indicators import Indicator
from .targets import Target

if TYPE_CHECKING:
    from .series import Series
    from .trends import TrendSettings


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
        from scipy import stats

        mean, se = self._z(year)
        half = stats.t.ppf(0.5 + level / 2, self.df_resid) * se
        return self._back(mean - half), self._back(mean + half)

    def prob_met(self, year: float, target: Target) -> float:
        """P(a new observation in `year` meets a one-sided level target, less its tolerance
        (`Target.threshold`; '=' and ranges are made one-sided by `trends.level_target`)
        under the fitted model."""
        from scipy import stats

        mean, se = self._z(year)
        dist = stats.t(self.df_resid, loc=mean, scale=se) if se > 0 else None

        def cdf(level_value: float) -> float:
            z = level_value if self.transform is None else float(
                _logit(level_value, *self.transform))
            if dist is None:
                return float(mean <= z)
            return float(dist.cdf(z))

        below = cdf(target.threshold())
        return 1.0 - below if target.comparator in (">", ">=") else below


def fit_trend(series: Series, model: str, indicator: Indicator) -> Fit:
    """OLS of value (or its logit) on year; statsmodels gives the intervals (imported here:
    it takes seconds, and a briefing without a fit never pays for it)."""
    import statsmodels.api as sm

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


def crossing(fit: Fit | None, endpoint: tuple[float, float, float] | None, target: Target,
             start: int, horizon: int, with_interval: bool) -> Crossing:
    """When the trend reaches the target, scanning whole years from `start`.

    `fit` is a fitted trend; without one, `endpoint` = (last year, last value, rate) extends
    the two-point rate (indicative, no interval). The interval is given for fits with enough
    points: the target is one-sided ('>', '>=', '<', '<='; `trends.level_target`), so one edge
    of the band is the favourable one.
    """
    if fit is not None:
        year = first_year_met(fit.predict, target, start, horizon)
    elif endpoint is not None:
        last_year, last_value, rate = endpoint
        year = first_year_met(lambda y: last_value + rate * (y - last_year), target, start,
                              horizon)
    else:
        return Crossing(None)
    if fit is None or not with_interval:
        return Crossing(year)
    good, bad = (1, 0) if target.comparator in (">", ">=") else (0, 1)
    low = first_year_met(lambda y: fit.interval(y, 0.80)[good], target, start, horizon)
    high = first_year_met(lambda y: fit.interval(y, 0.80)[bad], target, start, horizon)
    return Crossing(year, low, high)
