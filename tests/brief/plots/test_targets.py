"""One target's chart: what a reader must find on it (legend entries, every value inside the
axes, the years that matter, the target as a line or a band) and that the points a chart
lists are the points it draws. SYNTHETIC values throughout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.collections import PathCollection

from ggutils.assess.series import select_series
from ggutils.brief.localize import Localizer
from ggutils.brief.plots.targets import (
    CONTEXT,
    JUDGED,
    OTHER_DEFINITION,
    chart_alt_text,
    chart_points,
    target_chart,
)
from ggutils.reference.messages import load_messages
from ggutils.reference.targets import Catalog, Decision, Target
from tests.conftest import DATA


@pytest.fixture(scope="module")
def msgs():
    return load_messages(DATA / "reference" / "messages.yml", "en")


def _obs(entity, points, definition="official_from_2016", indicator="forest_cover",
         status="final", preferred=True):
    return [{"entity_id": entity, "indicator": indicator, "year": y, "value": v,
             "preferred": preferred, "status": status, "definition": definition,
             "source_tier": 1, "source_id": f"{entity}:{indicator}:{y}:{definition}"}
            for y, v in points]


def _catalog(target: Target, entity="kon-tum", year=2013) -> Catalog:
    decision = Decision(entity_id=entity, number="1", date=dt.date(year, 7, 16), issuer="x",
                        title_vi="x", source="x")
    return Catalog(decision, (target,), (), (), Path(f"{entity}.yml"))


def _target(**fields) -> Target:
    base = {"id": "t", "indicator": "forest_cover", "clause": "x", "wording_vi": "x",
            "label_en": "x", "unit": "%", "target_year": 2020}
    return Target(**{**base, **fields})


def _target_artists(ax, msgs):
    """The artists whose legend label starts with the target's."""
    prefix = f"{msgs('chart_target')}:"
    lines = [a for a in ax.get_lines() if a.get_label().startswith(prefix)]
    patches = [a for a in ax.patches if a.get_label().startswith(prefix)]
    return lines, patches


def _extent(band) -> tuple[float, float]:
    """The data values a horizontal band (axhspan's rectangle) covers."""
    return (float(band.get_y()), float(band.get_y() + band.get_height()))


def _drawn_points(ax, msgs) -> set[tuple[float, float]]:
    """Every marker the axes draw (scatter collections) and every vertex of the context
    line."""
    drawn = {(float(x), float(y)) for c in ax.collections if isinstance(c, PathCollection)
             for x, y in c.get_offsets()}
    for line in ax.get_lines():
        if line.get_label() == msgs("chart_national_context"):
            drawn |= {(float(x), float(y)) for x, y in zip(line.get_xdata(), line.get_ydata(),
                                                          strict=True)}
    return drawn


def test_provincial_chart_draws_the_national_context_line_inside_the_axes(codebook, msgs):
    """Kon Tum-like values near 63 % and national ones near 42 %: the national line is
    labelled as context, of the judged definition only, within the chart's years, and lies
    inside the y-range (limits set after it is drawn)."""
    target = _target(comparator=">", value=65)
    obs = pd.DataFrame(_obs("kon-tum", [(2022, 63.12), (2023, 63.69)])
                       + _obs("vn", [(2016, 41.19), (2020, 42.01), (2030, 42.5)])
                       + _obs("vn", [(2014, 40.43)], definition="official_to_2015"))
    fig = target_chart(obs, _catalog(target), target, codebook, msgs, context_entity="vn",
                       context_label=msgs("chart_national_context"))
    ax = fig.axes[0]
    [line] = [ln for ln in ax.get_lines() if ln.get_label() == msgs("chart_national_context")]
    low, high = ax.get_xlim()
    assert list(line.get_xdata()) == [2016, 2020]  # same definition, inside 2013-2023 only
    assert low < 2016 and high < 2030
    low, high = ax.get_ylim()
    assert low <= min(line.get_ydata()) and max(line.get_ydata()) <= high


def test_the_axis_spans_the_first_value_the_base_year_and_the_deadline(codebook, msgs):
    """A change target (base 2010) of a plan decided in 2015, due 2030, with values from 2012
    to 2018: the axis runs from the base year to the deadline, with a small margin, not over
    a century."""
    points = [(2012, 40.0), (2015, 41.0), (2018, 42.5)]
    target = _target(comparator=">=", value=10, form="change_since_base", base_year=2010,
                     target_year=2030)
    obs = pd.DataFrame(_obs("kon-tum", [(2010, 39.0), *points]))
    fig = target_chart(obs, _catalog(target, year=2015), target, codebook, msgs)
    low, high = fig.axes[0].get_xlim()
    assert low < 2010 and high > 2030
    assert 2010 - low <= 2 and high - 2030 <= 2
    [base] = [ln for ln in fig.axes[0].get_lines()
              if ln.get_label() == f"{msgs('chart_base_year')} 2010"]
    assert list(base.get_xdata()) == [2010, 2010]


def test_the_axis_reaches_back_to_a_first_value_before_the_decision(codebook, msgs):
    target = _target(comparator=">", value=65, target_year=2020)
    obs = pd.DataFrame(_obs("kon-tum", [(2004, 55.0), (2021, 63.0)]))
    low, high = target_chart(obs, _catalog(target), target, codebook, msgs).axes[0].get_xlim()
    assert 2003 <= low < 2004 and 2021 < high <= 2022


def test_a_range_target_is_its_whole_band(codebook, msgs):
    """'9-11 %' is drawn from 9 to 11, not as a line at 9 (where it counts as met)."""
    target = _target(indicator="grdp_growth", comparator="range", low=9, high=11,
                     target_year=2025)
    obs = pd.DataFrame(_obs("kon-tum", [(2021, 7.5), (2022, 8.1)], indicator="grdp_growth",
                            definition="standard"))
    ax = target_chart(obs, _catalog(target, year=2021), target, codebook, msgs).axes[0]
    lines, [band] = _target_artists(ax, msgs)
    assert not lines and _extent(band) == (9, 11)


def test_a_range_to_hold_is_its_whole_band(codebook, msgs):
    """'stable at 42-43 %' ('=' with low and high) is drawn from 42 to 43."""
    target = _target(comparator="=", low=42, high=43, target_year=2030)
    obs = pd.DataFrame(_obs("vn", [(2021, 42.0), (2022, 42.02)]))
    ax = target_chart(obs, _catalog(target, "vn", 2021), target, codebook, msgs).axes[0]
    lines, [band] = _target_artists(ax, msgs)
    assert not lines and _extent(band) == (42, 43)


def test_a_hold_with_a_tolerance_is_the_band_that_counts_as_holding(codebook, msgs):
    """'= 42 %' with a relative tolerance of 5 % (forest cover: higher is better) holds from
    39.9 to 42: a band; without a tolerance, a line at 42."""
    obs = pd.DataFrame(_obs("vn", [(2021, 42.0), (2022, 42.02)]))
    held = _target(comparator="=", value=42, tolerance=0.05, target_year=2030)
    ax = target_chart(obs, _catalog(held, "vn", 2021), held, codebook, msgs).axes[0]
    lines, [band] = _target_artists(ax, msgs)
    assert not lines and _extent(band) == pytest.approx((39.9, 42))
    exact = _target(comparator="=", value=42, target_year=2030)
    ax = target_chart(obs, _catalog(exact, "vn", 2021), exact, codebook, msgs).axes[0]
    [line], patches = _target_artists(ax, msgs)
    assert not patches and set(line.get_ydata()) == {42}


def test_a_one_sided_target_is_a_line_at_its_level(codebook, msgs):
    """'+10 % on 2010' with 2010 at 40: a line at 44."""
    target = _target(comparator=">=", value=10, form="change_since_base", base_year=2010,
                     target_year=2030)
    obs = pd.DataFrame(_obs("kon-tum", [(2010, 40.0), (2015, 41.0)]))
    ax = target_chart(obs, _catalog(target, year=2015), target, codebook, msgs).axes[0]
    [line], patches = _target_artists(ax, msgs)
    assert not patches and list(line.get_ydata()) == pytest.approx([44.0, 44.0])


def test_the_listed_points_are_exactly_the_points_drawn(codebook, msgs):
    """Judged values (final and not), another definition, a value not preferred and a period
    average (neither drawn), and the country's values as context: chart_points lists what
    the axes show, no more, no fewer."""
    target = _target(comparator=">", value=65)
    obs = pd.DataFrame(
        _obs("kon-tum", [(2016, 60.0), (2019, 61.5)])
        + _obs("kon-tum", [(2021, 63.12)], status="estimate")
        + _obs("kon-tum", [(2010, 66.7)], definition="official_to_2015")
        + _obs("kon-tum", [(2019, 58.5)], preferred=False)
        + _obs("kon-tum", [(2020, 62.0)], status="period_average")
        + _obs("vn", [(2016, 41.19), (2020, 42.01)]))
    points = chart_points(obs, _catalog(target), target, "vn")
    assert list(points["series"]) == [JUDGED] * 3 + [OTHER_DEFINITION] + [CONTEXT] * 2
    fig = target_chart(obs, _catalog(target), target, codebook, msgs, context_entity="vn",
                       context_label=msgs("chart_national_context"))
    listed = set(zip(points["year"].astype(float), points["value"].astype(float), strict=True))
    assert _drawn_points(fig.axes[0], msgs) == listed


def test_a_target_without_values_lists_no_point(codebook):
    target = _target(comparator=">", value=65)
    obs = pd.DataFrame(_obs("kon-tum", [(2020, 62.0)], status="period_average")
                       + _obs("vn", [(2020, 42.0)]))
    assert chart_points(obs, _catalog(target), target, "vn").empty


def test_the_alternative_text_gives_every_value(codebook, msgs):
    values = [(2016, 41.19), (2019, 41.89), (2023, 42.02)]
    obs = pd.DataFrame(_obs("vn", values))
    series = select_series(obs, "vn", "forest_cover")
    fmt = Localizer(codebook, "en", msgs)
    alt = chart_alt_text("Forest cover", "Forest cover 45% by 2020", series, fmt,
                         "forest_cover", msgs)
    for year, value in values:
        assert f"{year}: {fmt.value(value, 'forest_cover')}" in alt
