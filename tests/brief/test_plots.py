"""Charts: what a reader must find on them (legend entries, every value inside the axes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ggutils.brief.plots import target_chart
from ggutils.reference.messages import load_messages
from ggutils.reference.targets import Catalog, Decision, Target
from tests.conftest import DATA


def _obs(entity, points, definition="official_from_2016"):
    return [{"entity_id": entity, "indicator": "forest_cover", "year": y, "value": v,
             "preferred": True, "status": "final", "definition": definition,
             "source_tier": 1, "source_id": f"{entity}:{y}"} for y, v in points]


def test_provincial_chart_draws_the_national_context_line_inside_the_axes(codebook):
    """Kon Tum-like values near 63 % and national ones near 42 %: the national line is
    labelled as context and lies inside the y-range (limits set after it is drawn)."""
    target = Target(id="t", indicator="forest_cover", clause="x", wording_vi="x",
                    label_en="x", comparator=">", value=65, unit="%", target_year=2020)
    decision = Decision(entity_id="kon-tum", number="1", date=dt.date(2013, 7, 16),
                        issuer="x", title_vi="x", source="x")
    catalog = Catalog(decision, (target,), (), (), Path("kon-tum.yml"))
    obs = pd.DataFrame(_obs("kon-tum", [(2022, 63.12), (2023, 63.69)])
                       + _obs("vn", [(2016, 41.19), (2020, 42.01), (2024, 42.03)])
                       + _obs("vn", [(2014, 40.43)], definition="official_to_2015"))
    msgs = load_messages(DATA / "reference" / "messages.yml", "en")
    fig = target_chart(obs, catalog, target, codebook, msgs, context_entity="vn",
                       context_label=msgs("chart_national_context"))
    ax = fig.axes[0]
    [line] = [ln for ln in ax.get_lines() if ln.get_label() == msgs("chart_national_context")]
    assert list(line.get_xdata()) == [2016, 2020, 2024]  # same definition only
    low, high = ax.get_ylim()
    assert low <= min(line.get_ydata()) and max(line.get_ydata()) <= high
