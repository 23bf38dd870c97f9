"""The rolling-origin backtest: known answers counted by hand, scores, crossing calls, the
series configuration and the `ggutils backtest` command."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from ggutils.assess.backtest import (
    BacktestSettings,
    Goal,
    IntervalScore,
    backtest,
    crossing_calls,
    interval_score,
    score_intervals,
)
from ggutils.assess.backtest_series import RealSeries, load_config, owid_series, real_series
from ggutils.assess.fits import llt_trend, ols_ar1_trend, ols_trend, rw_drift_trend
from ggutils.errors import CatalogError


def test_backtest_on_a_hand_built_series():
    """0, 1, 2, 3, 4 then a jump to 10. A random walk with drift fitted on a straight line
    has zero innovations: a zero-width interval on the line. From origin 2003 (fit on
    0..3): 2004 -> 4 (covered), 2005 -> 5 (actual 10: missed); from origin 2004: 2005 -> 5
    (missed). 1 of 3 covered at both levels. MSIS: in-sample mean |change| = 1; interval
    scores 0, (2/0.05)·5 = 200, 200: mean 133.33."""
    series = RealSeries("hand", np.arange(2000.0, 2006.0), np.array([0, 1, 2, 3, 4, 10.0]))
    result = backtest([series], BacktestSettings(min_train=4, methods=("rw_drift",)))
    (score,) = result.intervals
    assert score.forecasts == 3 and score.series == 1
    assert score.coverage80 == pytest.approx(1 / 3) and score.coverage95 == pytest.approx(1 / 3)
    assert score.msis == pytest.approx(400 / 3)
    # Crossing calls: origin 2003, Δ = 10 - 3 = 7, levels 6.5 (crossed; the line's 5 does not
    # reach it: wrong) and 13.5 (not crossed, not called: right); origin 2004, Δ = 6, levels
    # 7 (wrong) and 13 (right).
    (calls,) = result.crossings
    assert (calls.calls, calls.correct) == (4, 2)
    assert "BACKTEST name=intervals method=rw_drift series=1 forecasts=3 coverage80=0.333 " \
           "coverage95=0.333 msis=133.33" in result.lines()
    assert "BACKTEST name=crossing method=rw_drift calls=4 correct=2" in result.lines()


def test_random_walk_with_drift_by_hand():
    """0, 1, 3, 4: drift 4/3, innovations -1/3, 2/3, -1/3 (SS 2/3, 2 df: σ² = 1/3); one year
    ahead Var = σ²(1 + 1/3) = 4/9 and the mean 4 + 4/3."""
    trend = rw_drift_trend(np.array([0.0, 1, 2, 3]), np.array([0.0, 1, 3, 4]))
    forecast = trend.forecast(4.0)
    assert forecast.mean == pytest.approx(16 / 3)
    assert forecast.scale == pytest.approx(2 / 3) and forecast.df == 2
    assert trend.slope == pytest.approx(4 / 3)
    assert trend.slope_se == pytest.approx(math.sqrt((1 / 3) / 3))


def test_ar1_correction_widens_only_autocorrelated_residuals():
    years = np.arange(2000.0, 2010.0)
    wave = np.array([0, 1, 2, 2, 1, 0, 0, 1, 2, 2.0])  # smooth residuals: positive lag-1
    plain, corrected = ols_trend(years, years + wave), ols_ar1_trend(years, years + wave)
    assert corrected.forecast(2012).scale > plain.forecast(2012).scale
    assert corrected.slope == pytest.approx(plain.slope)
    alternating = np.array([0, 1] * 5, dtype=float)  # negative lag-1: clipped to 0, no change
    assert ols_ar1_trend(years, years + alternating).forecast(2012).scale == pytest.approx(
        ols_trend(years, years + alternating).forecast(2012).scale)


def test_interval_score_and_coverage_by_hand():
    frame = pd.DataFrame({
        "series": ["a", "a", "b", "b"], "method": "m", "actual": [5.0, 12.0, 0.0, 3.0],
        "lo0.80": [4.0, 9.0, 1.0, 2.0], "hi0.80": [6.0, 11.0, 2.0, 4.0],
        "lo0.95": [3.0, 8.0, 0.5, 1.0], "hi0.95": [7.0, 13.0, 2.5, 5.0],
        "mae": [2.0, 2.0, 1.0, 0.0]})
    # 80 %: 5 in [4, 6], 12 not in [9, 11], 0 not in [1, 2], 3 in [2, 4]: 2 of 4.
    # 95 %: in, in, out (0 < 0.5), in: 3 of 4. MSIS over the rows with a scale (mae > 0):
    # 4/2, 5/2, (2 + 40·0.5)/1 -> (2 + 2.5 + 22)/3.
    (score,) = score_intervals(frame)
    assert (score.coverage80, score.coverage95) == (0.5, 0.75)
    assert score.msis == pytest.approx((2 + 2.5 + 22) / 3)
    assert interval_score(np.array([10.0]), np.array([0.0]), np.array([4.0]), 0.05)[0] == 244


def test_crossing_call_definition():
    """Origin value 10, the series reaches 14 in its last year: levels 12 (crossed in year
    2) and 16 (never crossed). A method whose centre reaches 12.5 calls the first and not
    the second: both right; one whose centre stays at 10 is wrong on the first."""
    rows = [{"series": "s", "method": m, "origin": 2000, "year": 2000 + h, "start": 10.0,
             "actual": a, "centre": c}
            for m, centres in (("up", [11, 12.5]), ("flat", [10, 10]))
            for h, a, c in zip((1, 2), (11.0, 14.0), centres, strict=True)]
    calls = crossing_calls(pd.DataFrame(rows))
    right = calls.assign(ok=calls.called == calls.happened).groupby("method")["ok"].sum()
    assert right["up"] == 2 and right["flat"] == 1
    assert set(calls["happened"]) == {True, False}


def test_goal():
    goal = Goal()
    assert goal.met_by(IntervalScore("m", 15, 200, 0.80, 0.95, 1.0))
    assert not goal.met_by(IntervalScore("m", 14, 200, 0.80, 0.95, 1.0))
    assert not goal.met_by(IntervalScore("m", 15, 200, 0.60, 0.95, 1.0))
    assert not goal.met_by(IntervalScore("m", 15, 200, 0.80, 0.995, 1.0))


def test_compound_series_are_fitted_on_logs_and_shares_near_a_bound_on_logits():
    grows = RealSeries("g", np.arange(3.0), np.array([1.0, 2, 4]), "compound")
    assert grows.scale_for(grows.values, 10).model == "log-linear"
    share = RealSeries("s", np.arange(3.0), np.array([80.0, 90, 95]), "linear", (0, 100))
    assert share.scale_for(share.values, 10).model == "logit"
    assert share.scale_for(np.array([40.0, 50]), 10).model == "linear"


def _data_folder(tmp_path, extra_indicator: str | None = None):
    data = tmp_path / "data"
    (data / "reference").mkdir(parents=True)
    (data / "raw" / "national").mkdir(parents=True)
    (data / "reference" / "backtest.yml").write_text(
        "min_points: 8\nowid_file: raw/national/owid.csv\nowid:\n"
        "  - {indicator: co2, growth: compound, why: emissions}\n"
        "  - {indicator: share, growth: linear, lower: 0, upper: 100, why: a share}\n"
        "left_out:\n  - {indicator: population, why: no target}\n", encoding="utf-8")
    rng = np.random.default_rng(7)
    rows = []
    for year in range(2000, 2012):
        rows.append({"indicator": "co2", "year": year,
                     "value": 100 * 1.05 ** (year - 2000) * math.exp(rng.normal(0, 0.02))})
        rows.append({"indicator": "share", "year": year,
                     "value": 30 + 0.5 * (year - 2000) + rng.normal(0, 0.3)})
        rows.append({"indicator": "population", "year": year, "value": 1e6})
    if extra_indicator:
        rows.append({"indicator": extra_indicator, "year": 2000, "value": 1.0})
    pd.DataFrame(rows).to_csv(data / "raw" / "national" / "owid.csv", index=False)
    return data


def test_every_owid_indicator_is_used_or_left_out(tmp_path):
    data = _data_folder(tmp_path, extra_indicator="wind_share_elec")
    config_file = data / "reference" / "backtest.yml"
    with pytest.raises(CatalogError, match="wind_share_elec"):
        owid_series(data, load_config(config_file), config_file)


def test_config_rejects_unknown_keys(tmp_path):
    data = _data_folder(tmp_path)
    path = data / "reference" / "backtest.yml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="colour"):
        load_config(path)


def test_without_observations_the_owid_series_run_and_the_gap_is_named(tmp_path):
    data = _data_folder(tmp_path)
    series, note = real_series(data)
    assert [s.name for s in series] == ["owid/co2", "owid/share"]
    assert "observations.csv not found" in note and "ggutils clean" in note
    run = subprocess.run([sys.executable, "-m", "ggutils.cli", "--data", str(data), "backtest"],
                         capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert "observations.csv not found" in lines[0]
    intervals = [line for line in lines if line.startswith("BACKTEST name=intervals")]
    assert any("method=rw_drift series=2 " in line for line in intervals)
    assert any(line.startswith("BACKTEST name=crossing method=rw_drift calls=")
               for line in lines)
    assert lines[-1].startswith("# goal")


def test_local_linear_trend_forecasts_widen_with_the_horizon():
    years = np.arange(2010.0, 2020.0)
    z = 2 * (years - 2010) + np.array([0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.3, -0.2, 0.1])
    trend = llt_trend(years, z)
    near, far = trend.forecast(2020), trend.forecast(2024)
    assert math.isinf(near.df) and 0 < near.scale < far.scale
    assert far.mean == pytest.approx(z[-1] + 5 * 2, abs=1.5)
    assert trend.slope == pytest.approx(2, abs=0.3)
