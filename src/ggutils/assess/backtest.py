"""A rolling-origin backtest of the interval methods on the project's own real series
(`ggutils backtest`, docs/methodology.md §4).

At every origin of a series (a year with at least `min_train` points up to it), each method
is fitted on the points up to the origin (the recent window of TrendSettings, as stage 2
fits them; `ols_all`: every point, as stage 2 did before) and forecasts each observed year
1 to `horizons` years ahead. Scores: the share of observed values inside the 80 % and 95 %
intervals, the mean scaled interval score of the 95 % interval (MSIS, Gneiting & Raftery
2007 as used in the M4 competition), and crossing calls (`crossing_calls`).

`empirical` is the OLS centre with the interval half-widths of past forecasts: the
quantiles of |error| / predictive scale at the same horizon, pooled over the *other* series
(leave one series out), so no series is scored with its own errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ggutils.assess.backtest_series import RealSeries, real_series
from ggutils.assess.fits import INTERVAL_METHODS, Scale
from ggutils.project import Project

LEVELS = (0.80, 0.95)
MSIS_ALPHA = 0.05


@dataclass(frozen=True)
class Goal:
    """What calibrated intervals must achieve on the real series (issue 21, item 4)."""

    coverage80: tuple[float, float] = (0.72, 0.90)
    coverage95: tuple[float, float] = (0.90, 0.99)
    min_forecasts: int = 200
    min_series: int = 15

    def met_by(self, score: IntervalScore) -> bool:
        return (self.coverage80[0] <= score.coverage80 <= self.coverage80[1]
                and self.coverage95[0] <= score.coverage95 <= self.coverage95[1]
                and score.forecasts >= self.min_forecasts and score.series >= self.min_series)


# --- The rolling-origin forecasts ---------------------------------------------------------------

@dataclass(frozen=True)
class BacktestSettings:
    """What the backtest fits and scores (the window and bounds rule come from TrendSettings)."""

    horizons: int = 5
    min_train: int = 4                 # the fewest points an origin's fit is scored on
    methods: tuple[str, ...] = ("ols_all", "ols", "ols_ar1", "rw_drift", "llt", "empirical")
    recent_points: int = 6
    recent_years: int = 10
    logit_margin: float = 10.0
    crossing_shares: tuple[float, ...] = (0.5, 1.5)

    @classmethod
    def from_trends(cls, trends, **kw) -> BacktestSettings:
        return cls(recent_points=trends.recent_points, recent_years=trends.recent_years,
                   logit_margin=trends.logit_margin, min_train=trends.min_points_interval, **kw)


def _window(years: np.ndarray, settings: BacktestSettings) -> slice:
    """The recent window of stage 2 (fits.recent) as a slice of points up to the origin."""
    keep = np.flatnonzero(years >= years[-1] - settings.recent_years)[-settings.recent_points:]
    return slice(int(min(keep[0], len(years) - 2)), len(years))


def _scale_mae(years: np.ndarray, values: np.ndarray) -> float:
    """MSIS denominator: the mean absolute one-year change in sample (a gap of g years: the
    change over it divided by g), the naive forecast's error of M4 with m = 1."""
    return float(np.mean(np.abs(np.diff(values)) / np.diff(years)))


def forecasts(series: RealSeries, settings: BacktestSettings) -> pd.DataFrame:
    """Every scored forecast of one series: one row per method, origin and target year, with
    the 80/95 % interval ends on the level scale (empirical: the standardised error and the
    fitted-scale centre and scale, to be turned into intervals by `with_empirical`)."""
    rows = []
    years, values = series.years, series.values
    for end in range(settings.min_train, len(years)):
        origin = years[end - 1]
        ahead = [i for i in range(end, len(years)) if years[i] - origin <= settings.horizons]
        if not ahead:
            continue
        train_years, train_values = years[:end], values[:end]
        window = _window(train_years, settings)
        scale = series.scale_for(train_values[window], settings.logit_margin)
        mae = _scale_mae(train_years, train_values)
        for method in settings.methods:
            fit_years, fit_values = train_years, train_values
            if method != "ols_all":
                fit_years, fit_values = train_years[window], train_values[window]
            if len(fit_years) < max(3, settings.min_train):  # as stage 2: no interval
                continue
            name = {"ols_all": "ols", "empirical": "ols"}.get(method, method)
            trend = INTERVAL_METHODS[name](fit_years, scale.to(fit_values))
            for i in ahead:
                forecast = trend.forecast(years[i])
                row = {"series": series.name, "method": method, "origin": int(origin),
                       "year": int(years[i]), "h": int(years[i] - origin),
                       "n_train": len(fit_years), "actual": values[i],
                       "start": train_values[-1], "mae": mae,
                       "centre": float(scale.back(forecast.mean))}
                if method == "empirical":
                    row.update(model=scale.model, bounds=scale.bounds, mean=forecast.mean,
                               sd=forecast.scale,
                               u=abs(float(scale.to(values[i])) - forecast.mean)
                               / forecast.scale if forecast.scale > 0 else np.nan)
                else:
                    for level in LEVELS:
                        low = forecast.quantile(0.5 - level / 2)
                        high = forecast.quantile(0.5 + level / 2)
                        row[f"lo{level:.2f}"] = float(scale.back(low))
                        row[f"hi{level:.2f}"] = float(scale.back(high))
                rows.append(row)
    return pd.DataFrame(rows)


def with_empirical(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the empirical rows into intervals: half-widths = the quantiles of the
    standardised errors at the same horizon over the other series (leave one series out)."""
    emp = frame[frame["method"] == "empirical"].copy()
    if emp.empty:
        return frame
    for index, row in emp.iterrows():
        pool = emp[(emp["h"] == row["h"]) & (emp["series"] != row["series"])]["u"].dropna()
        if pool.empty:
            continue
        scale = Scale(row["model"], row["bounds"])
        for level in LEVELS:
            k = float(np.quantile(pool, level))
            emp.loc[index, f"lo{level:.2f}"] = float(scale.back(row["mean"] - k * row["sd"]))
            emp.loc[index, f"hi{level:.2f}"] = float(scale.back(row["mean"] + k * row["sd"]))
    rest = frame[frame["method"] != "empirical"]
    return pd.concat([rest, emp], ignore_index=True)


def run_forecasts(series_list: list[RealSeries], settings: BacktestSettings) -> pd.DataFrame:
    parts = [forecasts(s, settings) for s in series_list]
    frame = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    return with_empirical(frame)


# --- Scores ----------------------------------------------------------------------------------

def interval_score(actual: np.ndarray, low: np.ndarray, high: np.ndarray,
                   alpha: float) -> np.ndarray:
    """Gneiting & Raftery's interval score of a central (1 − alpha) interval."""
    return ((high - low) + (2 / alpha) * (low - actual) * (actual < low)
            + (2 / alpha) * (actual - high) * (actual > high))


@dataclass(frozen=True)
class IntervalScore:
    method: str
    series: int
    forecasts: int
    coverage80: float
    coverage95: float
    msis: float


def score_intervals(frame: pd.DataFrame) -> list[IntervalScore]:
    """Coverage of the 80/95 % intervals and MSIS of the 95 % interval, per method (forecasts
    whose in-sample one-year changes are all 0 have no MSIS scale and count for coverage
    only)."""
    scores = []
    for method, rows in frame.groupby("method", sort=False):
        rows = rows.dropna(subset=["lo0.95", "hi0.95"])
        actual = rows["actual"].to_numpy()
        cover = {level: float(np.mean((rows[f"lo{level:.2f}"] <= actual)
                                      & (actual <= rows[f"hi{level:.2f}"])))
                 for level in LEVELS}
        scaled = rows[rows["mae"] > 0]
        msis = interval_score(scaled["actual"].to_numpy(), scaled["lo0.95"].to_numpy(),
                              scaled["hi0.95"].to_numpy(), MSIS_ALPHA) / scaled["mae"].to_numpy()
        scores.append(IntervalScore(str(method), rows["series"].nunique(), len(rows),
                                    cover[0.80], cover[0.95], float(np.mean(msis))))
    return scores


@dataclass(frozen=True)
class CrossingScore:
    method: str
    calls: int
    correct: int


def crossing_calls(frame: pd.DataFrame, shares: tuple[float, ...] = (0.5, 1.5)
                   ) -> pd.DataFrame:
    """Crossing calls, one per method, origin and level.

    At an origin with last value y0, let Y be the last observed year within the horizon and
    Δ = y(Y) − y0 (origins with Δ = 0 are skipped). For each share s, the level is
    L = y0 + s·Δ (s = 0.5: a level the series crossed; s = 1.5: one it crossed only if a value
    before Y overshot it). The call "would meet L by Y" is made when the method's central
    projection reaches L (on Δ's side) in some observed year in (origin, Y]; it is correct
    when the observed values did (or did not) reach L in one of those years.
    """
    rows = []
    for (series, method, origin), group in frame.groupby(["series", "method", "origin"],
                                                         sort=False):
        group = group.sort_values("year")
        start = float(group["start"].iloc[0])
        delta = float(group["actual"].iloc[-1]) - start
        if delta == 0:
            continue
        sign = np.sign(delta)
        for share in shares:
            level = start + share * delta
            called = bool(np.any(sign * (group["centre"].to_numpy() - level) >= 0))
            happened = bool(np.any(sign * (group["actual"].to_numpy() - level) >= 0))
            rows.append({"series": series, "method": method, "origin": origin,
                         "share": share, "called": called, "happened": happened})
    return pd.DataFrame(rows)


def score_crossings(calls: pd.DataFrame) -> list[CrossingScore]:
    return [CrossingScore(str(method), len(rows), int((rows["called"] == rows["happened"]).sum()))
            for method, rows in calls.groupby("method", sort=False)]


@dataclass(frozen=True)
class BacktestResult:
    intervals: list[IntervalScore]
    crossings: list[CrossingScore]
    forecasts: pd.DataFrame
    in_use: str                 # TrendSettings.interval_method
    note: str | None = None
    goal: Goal = Goal()

    def verdict_line(self) -> str:
        """One line: the methods that meet the goal, and whether the one in use does."""
        g = self.goal
        meeting = [s.method for s in self.intervals if g.met_by(s)]
        used = "meets" if self.in_use in meeting else "does not meet"
        return (f"# goal (h 1-{self.forecasts['h'].max() if len(self.forecasts) else 0}, "
                f">= {g.min_forecasts} forecasts from >= {g.min_series} series, "
                f"coverage80 {g.coverage80[0]}-{g.coverage80[1]}, coverage95 "
                f"{g.coverage95[0]}-{g.coverage95[1]}): met by {', '.join(meeting) or 'none'}; "
                f"the method in use ({self.in_use}) {used} it")

    def lines(self) -> list[str]:
        """The BACKTEST lines `ggutils backtest` prints."""
        out = [f"BACKTEST name=intervals method={s.method} series={s.series} "
               f"forecasts={s.forecasts} coverage80={s.coverage80:.3f} "
               f"coverage95={s.coverage95:.3f} msis={s.msis:.2f}" for s in self.intervals]
        out += [f"BACKTEST name=crossing method={c.method} calls={c.calls} correct={c.correct}"
                for c in self.crossings]
        return out


def backtest(series_list: list[RealSeries], settings: BacktestSettings, in_use: str = "",
             note: str | None = None) -> BacktestResult:
    frame = run_forecasts(series_list, settings)
    calls = crossing_calls(frame, settings.crossing_shares)
    return BacktestResult(score_intervals(frame), score_crossings(calls), frame, in_use, note)


def run_backtest(data: Path | Project, trends=None) -> BacktestResult:
    """The backtest of a Project or its data folder with stage 2's settings."""
    from ggutils.assess.settings import TrendSettings

    trends = trends or TrendSettings()
    series_list, note = real_series(data)
    settings = BacktestSettings.from_trends(trends)
    return backtest(series_list, settings, trends.interval_method, note)
