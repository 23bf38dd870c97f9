"""The current pace (the recent window, flat within noise), growth that fits the quantity
(log-linear fits, compound rates in R) and the too-few-points rule: known answers by hand."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ggutils.assess.fits import endpoint_rate, fit_trend, recent
from ggutils.assess.judge import judge_target
from ggutils.assess.series import Series
from ggutils.assess.settings import TrendSettings
from ggutils.reference.targets import Catalog, Decision, Target

SETTINGS = TrendSettings()
# The national forest cover (MARD, official_from_2016), flat since 2020.
FOREST_YEARS = list(range(2016, 2025))
FOREST = [41.19, 41.45, 41.65, 41.89, 42.01, 42.02, 42.02, 42.02, 42.03]


def _target(**kw) -> Target:
    base = dict(id="t", indicator="forest_cover", clause="x", wording_vi="x", label_en="x",
                comparator=">=", value=45, unit="%", target_year=2020)
    base.update(kw)
    return Target(**base)


def _judge(codebook, years, values, target, decision_year=2012, settings=SETTINGS,
           as_of=None):
    rows = [{"entity_id": "p", "indicator": target.indicator, "year": y, "value": v,
             "preferred": True, "status": "final", "definition": "standard",
             "source_tier": 1, "source_id": f"s:{y}"} for y, v in zip(years, values, strict=True)]
    decision = Decision(entity_id="p", number="1", date=dt.date(decision_year, 1, 1),
                        issuer="x", title_vi="x", source="x")
    catalog = Catalog(decision, (target,), (), (), Path("p.yml"))
    return judge_target(pd.DataFrame(rows), catalog, target, codebook, settings,
                        as_of if as_of is not None else max(years))


def _series(years, values) -> Series:
    return Series(np.array(years, float), np.array(values, float), "standard", (1,),
                  ("final",) * len(years))


def test_recent_window():
    """The last recent_points points within recent_years of the latest, never fewer than 2."""
    settings = replace(SETTINGS, recent_points=3, recent_years=5)
    window = recent(_series([2000, 2010, 2018, 2019, 2020, 2021], [1, 2, 3, 4, 5, 6]), settings)
    assert list(window.years) == [2019, 2020, 2021]
    sparse = recent(_series([2000, 2010, 2021], [1, 2, 3]), settings)
    assert list(sparse.years) == [2010, 2021]  # only 2021 is recent: the last two points


def test_national_forest_target_reads_not_at_the_current_pace(codebook):
    """1393's 45 % by 2020: since 2020 the series gains 0.005 points a year. The recent pace
    gives no crossing before 2100; the whole 2016-2024 series would have said 2053."""
    row = _judge(codebook, FOREST_YEARS, FOREST, _target())
    assert row["verdict_deadline"] == "not met"
    assert row["verdict_since"] == "not at the current pace"
    assert row["crossing_year"] is None and row["pace_first_year"] == 2019
    assert "current pace from 2019-2024 (6 of 9 points)" in row["notes"]
    whole = replace(SETTINGS, recent_points=100, recent_years=100)
    old = _judge(codebook, FOREST_YEARS, FOREST, _target(), settings=whole)
    assert old["verdict_since"] == "not yet met" and old["crossing_year"] < 2100


def test_a_steady_recent_trend_gives_its_crossing_year(codebook):
    """40, 41, ..., 45 (2019-2024): one point a year, no noise: 50 is reached in 2029."""
    row = _judge(codebook, range(2019, 2025), [40, 41, 42, 43, 44, 45], _target(value=50))
    assert row["verdict_since"] == "not yet met" and row["crossing_year"] == 2029
    assert row["recent_pace_per_year"] == pytest.approx(1.0)


def test_a_trend_flat_within_its_noise_is_not_a_pace(codebook):
    """Up 0.38 a year on average, but by moves of about ±1.4: the slope's 80 % interval
    includes 0, so there is no current pace and no crossing year (the point estimate would
    reach 53 in 2027)."""
    values = [50, 51.5, 50.2, 51.8, 50.6, 51.9]
    row = _judge(codebook, range(2019, 2025), values, _target(value=53))
    assert row["slope_per_year"] == pytest.approx(0.38)
    assert row["recent_pace_per_year"] == 0
    assert row["verdict_since"] == "not at the current pace" and row["crossing_year"] is None


def test_moving_away_is_not_at_the_current_pace(codebook):
    row = _judge(codebook, range(2019, 2025), [44, 43.5, 43, 42.6, 42.1, 41.5], _target())
    assert row["verdict_since"] == "not at the current pace" and row["crossing_year"] is None


def test_money_is_fitted_on_logs_with_compound_rates(codebook):
    """GRDP per capita 40 x 1.1^(t - 2017), 2017-2022; target 80 by 2030, decided in 2020
    (baseline 40 x 1.1^3 = 53.24). Observed 10 % a year; required (80/53.24)^(1/10) - 1 =
    4.16 % a year; R = 0.10/0.0416 = 2.40."""
    years = list(range(2017, 2023))
    values = [40 * 1.1 ** (y - 2017) for y in years]
    target = _target(indicator="grdp_per_capita", value=80, unit="million VND/person",
                     target_year=2030)
    row = _judge(codebook, years, values, target, decision_year=2020)
    required = (80 / (40 * 1.1 ** 3)) ** (1 / 10) - 1
    assert row["model"] == "log-linear"
    assert row["recent_pace_per_year"] == pytest.approx(10.0)
    assert row["required_annual_change"] == pytest.approx(100 * required)
    assert row["progress_ratio"] == pytest.approx(0.1 / required)
    assert row["projected_2030"] == pytest.approx(40 * 1.1 ** 13)
    assert row["status_outlook"] == "on track"


def test_two_points_of_money_give_the_compound_endpoint_rate(codebook):
    """Lai Châu's shape: 11.8 (2011) and 48.0 (2022), 65 by 2025: (48/11.8)^(1/11) - 1 =
    13.6 % a year, projected 48 x 1.136^3 in 2025; indicative."""
    target = _target(indicator="grdp_per_capita", value=65, unit="million VND/person",
                     target_year=2025)
    row = _judge(codebook, [2011, 2022], [11.8, 48.0], target, decision_year=2020)
    rate = (48 / 11.8) ** (1 / 11) - 1
    assert row["model"] == "endpoint, compound (indicative)"
    assert row["recent_pace_per_year"] == pytest.approx(100 * rate)
    assert row["projected_target_year"] == pytest.approx(48 * (1 + rate) ** 3)
    assert row["pi80_low"] is None and row["prob_met"] is None
    assert endpoint_rate(_series([2011, 2022], [11.8, 48.0]), compound=True) == pytest.approx(
        rate)


def test_shares_stay_linear(codebook):
    row = _judge(codebook, range(2019, 2025), [40, 41, 42, 43, 44, 45], _target(value=50))
    assert row["model"] == "linear"


def test_too_few_points_give_no_interval_and_say_so(codebook):
    """Below min_points_interval points in the window: a projection, no interval and no
    probability, and a note naming the rule."""
    n = SETTINGS.min_points_interval
    years = list(range(2024 - n + 2, 2025))
    row = _judge(codebook, years, [40 + i for i in range(n - 1)], _target(value=60,
                 target_year=2030))
    assert row["projected_2030"] is not None
    assert row["pi80_low"] is None and row["pi95_low"] is None and row["prob_met"] is None
    assert f"fewer than {n} points" in row["notes"]
    full = _judge(codebook, list(range(2024 - n + 1, 2025)),
                  [40 + i + (0.3 if i % 2 else 0) for i in range(n)],
                  _target(value=60, target_year=2030))
    assert full["pi80_low"] is not None and 0 <= full["prob_met"] <= 1


def test_prob_met_on_logs_matches_the_interval(codebook):
    """A log-linear fit: P(>= the 80 % interval's upper end) is 10 %."""
    years = np.arange(2015, 2023, dtype=float)
    noise = np.array([0.02, -0.01, 0.015, -0.02, 0.01, 0.0, -0.015, 0.02])
    series = _series(years, 40 * np.exp(0.08 * (years - 2015) + noise))
    fit = fit_trend(series, "log-linear", codebook["grdp_per_capita"], "rw_drift")
    high = fit.interval(2030, 0.80)[1]
    target = _target(indicator="grdp_per_capita", value=high, unit="million VND/person",
                     target_year=2030)
    assert fit.prob_met(2030, target) == pytest.approx(0.10)
    assert fit.growth_rate == pytest.approx(math.expm1(fit.trend.slope))


@pytest.mark.parametrize("df", [1.0, 2.0, 3.5, 7.0, 30.0, math.inf])
def test_a_forecast_is_students_t_as_scipy_stats_gives_it(df):
    """Forecast reads its quantiles and probabilities from scipy.special, the functions
    scipy.stats' t and normal distributions call: the same numbers (bit for bit on 80,000
    random draws when this was written)."""
    from scipy import stats

    from ggutils.assess.fits import Forecast

    forecast = Forecast(mean=40.0, scale=2.5, df=df)
    law = stats.norm(40.0, 2.5) if math.isinf(df) else stats.t(df, 40.0, 2.5)
    for p in (1e-6, 0.025, 0.1, 0.5, 0.9, 0.975, 1 - 1e-6):
        assert forecast.quantile(p) == pytest.approx(float(law.ppf(p)), rel=1e-12, abs=1e-12)
    for z in (20.0, 37.5, 40.0, 41.0, 70.0):
        assert forecast.cdf(z) == pytest.approx(float(law.cdf(z)), rel=1e-12, abs=1e-15)


def test_a_briefings_trend_does_not_import_scipy_stats():
    """A trend's interval needs only scipy.special: a briefing's kernel is spared importing
    scipy.stats (about 0.6 s, issue 23)."""
    import subprocess
    import sys

    code = ("import sys; from ggutils.assess.fits import Forecast; "
            "f = Forecast(1.0, 1.0, 4.0); f.quantile(0.9); f.cdf(0.5); "
            "print('scipy.special' in sys.modules, 'scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["True", "False"]
