"""Notebook 00 and notebook 02's tables, in process on the tiny SYNTHETIC fixture (plus a
few rows written into its copy): what each shows, and the errors for unknown names."""

from __future__ import annotations

import re

import pytest
from IPython.display import Image, Markdown

from ggutils.assess.explore import explore
from ggutils.assess.report import target_figures, trajectory_table, without_data
from ggutils.assess.trends import load_context, run_projections
from ggutils.clean import run_clean
from ggutils.errors import UsageError

EXTRA = """\
Kon Tum,forest_cover,2014,62.4,%,https://example.invalid/other,SYNTHETIC other source
Kon Tum,forest_cover,2016,63.0,%,https://example.invalid/other,SYNTHETIC other source
Lai Châu,forest_cover,2018,48.9,%,https://example.invalid/other,SYNTHETIC other source
"""


@pytest.fixture
def explored(tiny_data):
    raw = tiny_data / "raw" / "synthetic_forest_cover.csv"
    raw.write_text(raw.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    run_clean(tiny_data)
    return tiny_data


def test_every_observation_is_shown_the_not_preferred_marked(explored):
    view = explore(explored, "lai-chau", "forest_cover")
    table = view.observations()
    rows = table.data
    assert list(rows["year"]) == [2010, 2012, 2014, 2016, 2018, 2018]
    assert list(rows["preferred"]).count("not preferred") == 1
    assert rows["source"].str.contains("SYNTHETIC other source").any()
    assert 'href="https://example.invalid/synthetic"' in table.to_html()


def test_the_fit_is_the_target_chart_or_else_the_plain_series(explored):
    shown = explore(explored, "lai-chau", "forest_cover").fit()
    assert [type(s) for s in shown] == [Markdown, Image]  # lc-forest-cover's chart
    assert "lc-forest-cover" in shown[0].data
    shown = explore(explored, "kon-tum", "forest_cover").fit()  # no plan in the fixture
    assert [type(s) for s in shown] == [Markdown, Image] and "no target" in shown[0].data
    [nothing] = explore(explored, "vn", "forest_cover").fit()
    assert isinstance(nothing, Markdown) and "Nothing to draw" in nothing.data


def test_comparison_is_every_entity_of_the_same_type(explored):
    table, chart = explore(explored, "kon-tum", "forest_cover").comparison()
    assert list(table.data["area"]) == ["Kon Tum", "Lai Chau"]  # latest values, largest first
    assert list(table.data["year"]) == [2016, 2018] and isinstance(chart, Image)
    [nothing] = explore(explored, "vn", "forest_cover").comparison()
    assert "No entity of type country" in nothing.data


def test_unknown_entity_or_indicator_names_the_nearest(explored):
    with pytest.raises(UsageError, match="did you mean 'kon-tum'"):
        explore(explored, "kontum", "forest_cover")
    with pytest.raises(UsageError, match="did you mean 'forest_cover'"):
        explore(explored, "kon-tum", "forest_covr")


def test_trajectory_tables_split_targets_with_and_without_data(explored):
    trajectories = run_projections(explored)
    ctx = load_context(explored, "en")
    with_data = trajectory_table(trajectories, ctx)
    assert list(with_data.data["target_id"]) == ["lc-forest-cover"]
    decimals = ctx.codebook["forest_cover"].decimals
    assert f">{48.3:.{decimals}f}<" in with_data.to_html()  # the codebook's decimals
    groups = without_data(trajectories).data
    assert list(groups["targets"]) == [1] and list(groups["target_ids"]) == ["lc-hazardous-waste"]
    shown = target_figures(trajectories, ctx)
    assert [type(s) for s in shown] == [Markdown, Image]


def test_each_verdict_cell_has_the_colours_of_its_page_badge(explored):
    trajectories = run_projections(explored)
    ctx = load_context(explored, "en")
    html = trajectory_table(trajectories, ctx).to_html()
    [row] = trajectories[trajectories["target_id"] == "lc-forest-cover"].to_dict("records")
    styled = [column for column in ("verdict", "verdict_deadline", "verdict_since",
                                    "status_outlook") if isinstance(row[column], str)]
    assert styled  # the target is judged, so at least one verdict cell is coloured
    for column in styled:
        mark = ctx.marks[row[column]]
        assert re.search(rf"background-color: {mark.colour};\s*color: {mark.ink};", html), column
