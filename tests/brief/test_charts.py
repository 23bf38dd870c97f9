"""A plan's charts on the page: a figure only for a target with values of its own series, its
alternative text with every value, and a CSV download of exactly the points it draws; the
verdict badge with its mark. SYNTHETIC values throughout."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from markupsafe import escape

from ggutils.assess.settings import TrendSettings
from ggutils.assess.verdicts import VERDICT_CODES
from ggutils.brief import charts
from ggutils.brief.data import BriefingData, verdict_badge
from ggutils.brief.plots.targets import chart_points
from ggutils.brief.render import environment
from ggutils.paths import Layout
from ggutils.reference.messages import load_messages
from ggutils.reference.targets import Catalog, Decision, Target
from tests.conftest import DATA


def _obs(entity, indicator, points, status="final", definition="standard", source="s1"):
    return [{"entity_id": entity, "indicator": indicator, "year": y, "value": v,
             "preferred": True, "status": status, "definition": definition,
             "source_tier": 1, "source_id": source} for y, v in points]


def _target(tid, indicator, **fields) -> Target:
    return Target(**{"id": tid, "indicator": indicator, "clause": "III.1", "wording_vi": "x",
                     "label_en": "x", "unit": "%", "comparator": ">", "value": 50,
                     "target_year": 2020, **fields})


def _briefing(register, codebook, targets, observations, entity="lai-chau", lang="en",
              sources=None) -> tuple[BriefingData, Catalog]:
    decision = Decision(entity_id=entity, number="1", date=dt.date(2013, 1, 1), issuer="x",
                        title_vi="x", source="x")
    plan = Catalog(decision, tuple(targets), (), (), Path(f"{entity}.yml"))
    sources = sources if sources is not None else pd.DataFrame(
        {"source_id": ["s1", "s2"], "title": ["Statistical yearbook", "Press"],
         "url": ["https://example.org/a", "https://example.org/b"]})
    b = BriefingData(Layout(data=DATA), entity, [plan], codebook, register,
                     pd.DataFrame(observations), sources, pd.DataFrame(),
                     load_messages(DATA / "reference" / "messages.yml", lang), 2024,
                     TrendSettings(), {})
    return b, plan


@pytest.fixture
def mixed(register, codebook):
    """One target with values, one whose indicator has only a period average (not a value
    of its series), one with no observation at all."""
    targets = [_target("with", "forest_cover"), _target("average", "grdp_growth_avg"),
               _target("none", "hazardous_waste_treated")]
    obs = (_obs("lai-chau", "forest_cover", [(2016, 46.8), (2019, 48.25), (2023, 51.87)],
                definition="official_from_2016")
           + _obs("lai-chau", "grdp_growth_avg", [(2020, 7.1)], status="period_average")
           + _obs("vn", "forest_cover", [(2016, 41.19), (2020, 42.01)],
                  definition="official_from_2016", source="s2"))
    return _briefing(register, codebook, targets, obs)


def _csv(html: str) -> pd.DataFrame:
    [uri] = re.findall(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html)
    return pd.read_csv(io.BytesIO(base64.b64decode(uri)), encoding="utf-8-sig",
                       keep_default_na=False)


def test_no_chart_and_no_image_for_a_target_without_values(mixed):
    b, plan = mixed
    assert [t.id for t in charts.charted_targets(b, plan)] == ["with"]
    [output] = charts.chart_outputs(b, plan)
    assert output.data.count("<img") == 1 and 'id="chart-with"' in output.data


def test_a_plan_without_values_has_no_chart_section(register, codebook):
    b, plan = _briefing(register, codebook, [_target("none", "hazardous_waste_treated")],
                        _obs("vn", "hazardous_waste_treated", [(2020, 90.0)]))
    assert charts.chart_outputs(b, plan) == []


def test_the_download_lists_exactly_the_points_drawn(mixed):
    """The CSV beside the chart has one row per point the chart draws (the judged values and
    the country's context), with the values as observed and each source named."""
    b, plan = mixed
    target = plan.targets[0]
    html = charts.chart_html(b, plan, target)
    table = _csv(html)
    drawn = chart_points(b.observations, plan, target, "vn")
    assert list(table.columns) == charts.CSV_COLUMNS
    assert list(zip(table["year"], table["value"], table["status"], strict=True)) == list(
        zip(drawn["year"], drawn["value"], drawn["status"], strict=True))
    assert list(table["value"]) == [46.8, 48.25, 51.87, 41.19, 42.01]  # never rounded
    assert set(table.loc[table["entity_id"] == "vn", "source"]) == {"Press"}
    assert f'download="{charts.chart_file_name(b, target)}"' in html


def test_the_download_is_formula_safe(register, codebook):
    sources = pd.DataFrame({"source_id": ["s1"], "title": ["=HYPERLINK(\"http://x\")"],
                            "url": ["https://example.org"]})
    b, plan = _briefing(register, codebook, [_target("with", "forest_cover")],
                        _obs("lai-chau", "forest_cover", [(2019, 48.0)]), sources=sources)
    table = _csv(charts.chart_html(b, plan, plan.targets[0]))
    assert table["source"].iloc[0].startswith("'=")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_alternative_text_gives_every_value(register, codebook, lang):
    values = [(2016, 46.8), (2019, 48.25), (2023, 51.87)]
    b, plan = _briefing(register, codebook, [_target("with", "forest_cover")],
                        _obs("lai-chau", "forest_cover", values), lang=lang)
    [alt] = re.findall(r'<img [^>]*alt="([^"]*)"', charts.chart_html(b, plan, plan.targets[0]))
    for year, value in values:
        assert f"{year}: {b.fmt.value(value, 'forest_cover')}" in alt


def test_a_badge_shows_the_verdicts_icon_hidden_and_its_word(register, codebook):
    """Every verdict: its own colour, its icon hidden from screen readers, its word as the
    text."""
    b, _ = _briefing(register, codebook, [], [])
    for code in VERDICT_CODES:
        v = verdict_badge(code, b.msgs, codebook, b.marks)
        html = _badge(v)
        mark = b.marks[code]
        assert f'<span class="gg-icon" aria-hidden="true">{_escaped(mark.icon)}</span>' in html
        assert f"--gg-mark: {mark.colour}" in html and html.endswith(
            f"{_escaped(b.msgs.status(code))}</span>")


def _escaped(text: str) -> str:
    return str(escape(text))


def _badge(v: dict) -> str:
    return environment().from_string(
        '{% from "pages/_macros.html.j2" import badge %}{{ badge(v) }}').render(v=v)
