"""Comparison pages: a comparison of two areas is a comparison, not a ranking (no rank, no
ordinal, side by side in the order of their names); from RANKED_FROM areas on the rows are
numbered by value under a heading that says so; no column empty in every row; no raw code
in a cell (SYNTHETIC fixture tests/fixtures/index: the country, Lai Châu and Kon Tum)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ggutils.assess.trends import Context
from ggutils.brief.compare import (
    RANKED_FROM,
    WINDOW,
    comparable_indicators,
    comparison_table,
    latest_by_entity,
    write_comparisons,
)
from ggutils.brief.localize import Localizer
from ggutils.reference.messages import LANGUAGES
from ggutils.reference.provinces import fold_ascii

ORDINALS = re.compile(r"\b(rank|ranked|first|second|last|hạng|thứ nhất|thứ hai)\b", re.I)


@pytest.fixture(scope="module")
def project(index_project):
    """The SYNTHETIC index fixture (tests/brief/conftest.py), cleaned and judged."""
    return index_project


@pytest.fixture(scope="module")
def pages(project):
    return {(p.parent.name, p.name): p.read_text(encoding="utf-8")
            for p in write_comparisons(project, list(LANGUAGES))}


def _context(project, lang):
    return Context(project.codebook, project.register, project.catalogs,
                   project.observations, project.messages(lang), project.sources)


def _tables(html):
    return dict(re.findall(r'<table[^>]*id="comparison-([a-z]+)">(.*?)</table>', html, re.S))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_areas_side_by_side_by_name_without_rank(project, pages, lang):
    html = pages[(lang, "compare-forest-cover.html")]
    msgs, register = project.messages(lang), project.register
    provinces = _tables(html)["province"]
    areas = re.findall(rf'data-label="{msgs("col_area")}">([^<]+)</td>', provinces)
    assert len(areas) == 2 < RANKED_FROM
    names = [next(register.name(e, lang) for e in ("kon-tum", "lai-chau")
                  if register.name(e, lang) in area) for area in areas]
    assert names == sorted(names, key=fold_ascii)
    # by value, Lai Châu (the larger) would come first: the order is the names'
    cutoff = int(project.observations["year"].max())
    latest = latest_by_entity(project.observations, "forest_cover", cutoff - WINDOW + 1)
    by_value = [register.name(e, lang) for e in latest["entity_id"]
                if register.entity(e)["entity_type"] == "province"]
    assert by_value == names[::-1]
    assert msgs("col_order_by_value") not in html
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
    assert not ORDINALS.search(visible), ORDINALS.search(visible)
    assert msgs("compare_side_by_side") in html


def test_from_ranked_from_areas_the_rows_are_numbered_by_value(project):
    """Three areas: numbered by value, largest first, under 'Order by value'."""
    ctx = _context(project, "en")
    latest = latest_by_entity(project.observations, "forest_cover")
    rows = latest[latest["entity_type"] == "province"]
    third = rows.iloc[[0]].assign(entity_id="son-la", value=rows["value"].max() + 1)
    rows = pd.concat([rows, third]).sort_values("value", ascending=False, ignore_index=True)
    assert len(rows) >= RANKED_FROM
    cells, columns = comparison_table(ctx, rows, {}, Localizer(ctx.codebook, "en", ctx.msgs))
    assert columns[0]["heading"] == ctx.msgs("col_order_by_value")
    assert [c["order"] for c in cells] == list(range(1, len(rows) + 1))
    names = [project.register.name(e, "en") for e in rows["entity_id"]]  # largest first
    assert all(name in cell["area"] for name, cell in zip(names, cells, strict=True))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_column_is_empty_in_every_row(project, pages, lang):
    """The country has no green-growth target here: its table has no goal or verdict column;
    the provinces' has both, and every printed column has a filled cell."""
    html = pages[(lang, "compare-forest-cover.html")]
    msgs = project.messages(lang)
    tables = _tables(html)
    for table in tables.values():
        headings = re.findall(r"<th>([^<]+)</th>", table)
        for heading in headings:
            cells = re.findall(rf'data-label="{re.escape(heading)}">(.*?)</td>', table, re.S)
            assert any(c.strip() not in ("", "–") for c in cells), heading
    assert msgs("col_goal") not in tables["country"]
    assert msgs("col_goal") in tables["province"] and msgs("col_meets") in tables["province"]
    assert "../index" in html and not re.search(r">[a-z]+_[a-z0-9_]+<", html)


def test_a_comparison_shows_only_indicators_with_values_in_its_window():
    obs = pd.DataFrame({"indicator": ["a"] * 3 + ["b"] * 3,
                        "entity_id": ["x", "y", "z"] * 2,
                        "year": [2018, 2018, 2017, 2010, 2018, 2018],
                        "preferred": [True] * 6})
    assert comparable_indicators(obs) == ["a", "b"]
    assert comparable_indicators(obs, since=2018 - WINDOW + 1) == ["a"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_province_merged_in_2025_is_named_as_former(project, pages, lang):
    msgs, register = project.messages(lang), project.register
    provinces = _tables(pages[(lang, "compare-forest-cover.html")])["province"]
    assert f'>{msgs("formerly", name=register.name("kon-tum", lang))}</td>' in provinces
    assert f'>{register.name("lai-chau", lang)}</td>' in provinces   # not merged


def test_a_page_left_from_an_earlier_run_is_removed(project, pages):
    """An indicator no longer compared (here a made-up one) loses its page in the language
    written; the index then links only the pages of this run."""
    stale = project.layout.comparison_page("no_longer_compared", "en")
    stale.write_text("<html></html>", encoding="utf-8")
    other = project.layout.comparison_page("no_longer_compared", "vi")
    other.write_text("<html></html>", encoding="utf-8")
    written = write_comparisons(project, ["en"])
    assert not stale.exists() and other.exists()   # vi was not written: left as it is
    assert sorted(project.layout.comparison_pages("en")) == sorted(written)
    other.unlink()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_language_per_page(pages, lang):
    """No run of the other language's words outside an element marked with its lang."""
    from tests.pagetext import unmarked_runs

    for (folder, _), html in pages.items():
        if folder == lang:
            assert unmarked_runs(html, lang) == []
