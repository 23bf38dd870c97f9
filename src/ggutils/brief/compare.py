"""Stage 3, comparison pages: one indicator across every entity (reports/<lang>/compare-
<indicator>.html), each entity type in its own table on its latest value within a window of
the cut-off, set against its own green-growth target. `latest_by_entity` is also the
briefing's context series (gaps) and the explorer's ranking.

A comparison is not a ranking: a table of fewer than `RANKED_FROM` areas sets them side by
side in the order of their names, with no rank and no ordinal word; a larger one numbers its
rows by value, largest first, under a heading and a note that say so (a magnitude, not a
merit: for some indicators less is better). A column empty in every row is not printed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ggutils.assess.measures import level_target
from ggutils.assess.series import EXCLUDED_FROM_FITS, select_series
from ggutils.assess.trends import Context
from ggutils.brief.localize import Localizer, language_of, number_text
from ggutils.brief.render import link_context, render
from ggutils.io import write_text_atomic
from ggutils.paths import Layout, index_page_name
from ggutils.project import Project
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.provinces import ENTITY_TYPES, fold_ascii
from ggutils.reference.reorganisations import successor_2025

RANKED_FROM = 3  # areas in a table from which its rows are numbered by value
WINDOW = 3       # years up to the cut-off whose latest value a comparison shows
EMPTY = "–"      # a cell with nothing to say (no target, no verdict)


def latest_by_entity(obs: pd.DataFrame, indicator: str, since: int | None = None
                     ) -> pd.DataFrame:
    """The latest preferred, fit-eligible value of every entity for one indicator (from
    `since` on, when given), largest first."""
    rows = obs[(obs["indicator"] == indicator) & obs["preferred"].astype(bool)
               & ~obs["status"].isin(EXCLUDED_FROM_FITS)]
    if since is not None:
        rows = rows[rows["year"] >= since]
    latest = rows.sort_values("year").groupby("entity_id").tail(1)
    return latest.sort_values("value", ascending=False, ignore_index=True)


def comparable_indicators(obs: pd.DataFrame, minimum: int = 3, since: int | None = None
                          ) -> list[str]:
    """Indicators with preferred values for at least `minimum` entities (from `since` on,
    when given: a comparison page shows only the values of its window)."""
    rows = obs[obs["preferred"].astype(bool)]
    if since is not None:
        rows = rows[rows["year"] >= since]
    counts = rows.groupby("indicator")["entity_id"].nunique()
    return sorted(counts[counts >= minimum].index)


def comparison_title(page: Path, codebook: Codebook, msgs: Messages) -> str:
    indicator = page.stem.removeprefix("compare-").replace("-", "_")
    if indicator not in codebook:
        return page.stem
    return msgs("compare_title", indicator=codebook[indicator].name(msgs.lang))


def _comparison_row(ctx: Context, r, targets: dict, fmt: Localizer) -> dict:
    msgs, indicator = ctx.msgs, ctx.codebook[r.indicator]
    target = targets.get(r.entity_id)
    level = None if target is None else level_target(
        target, indicator, select_series(ctx.observations, r.entity_id, r.indicator))
    source = {"href": "", "text": r.source_id}
    if ctx.sources is not None:
        hit = ctx.sources[ctx.sources["source_id"] == r.source_id]
        if not hit.empty:
            source = link_context(hit.iloc[0]["url"], hit.iloc[0]["title"])
    language = language_of(str(source["text"]))  # a title as published, in its language
    source["lang"] = "" if language == msgs.lang else language
    area = ctx.register.name(r.entity_id, msgs.lang)
    if successor_2025(ctx.register, r.entity_id) not in (None, r.entity_id):
        area = msgs("formerly", name=area)  # merged into another province in 2025
    return {"area": area, "name": fold_ascii(ctx.register.name(r.entity_id, msgs.lang)),
            "value": f"{r.qualifier + ' ' if r.qualifier else ''}"
                     f"{number_text(r.value, msgs.lang, indicator.decimals)}",
            "year": int(r.year),
            "flag": "" if r.status == "final" else msgs(f"obs_status_{r.status}"),
            "definition": msgs(f"definition_{r.definition}"),
            "goal": f"{fmt.goal(target)} ({target.target_year})" if target else EMPTY,
            "meets": EMPTY if level is None else msgs(
                "answer_yes" if level.is_met(r.value) else "answer_no"),
            "source": source}


# The columns of a comparison table: the row's key, its heading's message key, its class.
COLUMNS = (("order", "col_order_by_value", "num"), ("area", "col_area", ""),
           ("value", "col_value", "num"), ("year", "col_year", "num"),
           ("definition", "col_definition", ""), ("goal", "col_goal", ""),
           ("meets", "col_meets", ""), ("source", "col_source", ""))


def comparison_table(ctx: Context, rows: pd.DataFrame, targets: dict, fmt: Localizer
                     ) -> tuple[list[dict], list[dict]]:
    """One entity type's rows (largest value first, as `latest_by_entity` gives them) and
    the columns to print: numbered by value from RANKED_FROM rows on, else in the order of
    their names with no number; a column no row fills is left out."""
    cells = [_comparison_row(ctx, r, targets, fmt) for r in rows.itertuples()]
    if len(cells) >= RANKED_FROM:
        for i, cell in enumerate(cells, start=1):
            cell["order"] = i
    else:
        cells.sort(key=lambda c: c["name"])   # the area's own name, 'formerly' aside
    filled = [(key, heading, css) for key, heading, css in COLUMNS
              if any(c.get(key) not in (None, "", EMPTY) for c in cells)]
    unit = fmt.unit(rows["indicator"].iloc[0]) if not rows.empty else ""
    columns = [{"key": key, "css": css,
                "heading": f"{ctx.msgs(heading)} ({unit})" if key == "value" else
                ctx.msgs(heading)} for key, heading, css in filled]
    return cells, columns


def comparison_html(ctx: Context, indicator_id: str, msgs: Messages, cutoff: int,
                    window: int = WINDOW) -> str:
    """One indicator across every entity, each entity type in its own table, on the latest
    value within `window` years of the cut-off (its year shown), each against its own
    green-growth target where it has one (`comparison_table` orders and trims each)."""
    indicator = ctx.codebook[indicator_id]
    lang = msgs.lang
    fmt = Localizer(ctx.codebook, lang, msgs)
    targets = {c.entity_id: t for c in ctx.catalogs.values() for t in c.targets
               if t.indicator == indicator_id and t.preferred
               and c.decision.kind == "green_growth_action_plan"}
    since = cutoff - window + 1
    latest = latest_by_entity(ctx.observations, indicator_id, since)
    types = latest["entity_type"].astype(str)
    tables = []
    for entity_type in ENTITY_TYPES:  # the country, the regions, the provinces
        rows = latest[types == entity_type]
        if not rows.empty:
            cells, columns = comparison_table(ctx, rows, targets, fmt)
            tables.append({"id": entity_type, "heading": msgs(f"entity_type_{entity_type}"),
                           "rows": cells, "columns": columns})
    ranked = any(len(t["rows"]) >= RANKED_FROM for t in tables)
    title = msgs("compare_title", indicator=indicator.name(lang))
    return render("compare.html.j2", lang=lang, title=title, tables=tables,
                  intro=msgs("compare_intro", since=since, cutoff=cutoff),
                  order_note=msgs("compare_order_note", n=RANKED_FROM) if ranked else
                  msgs("compare_side_by_side"),
                  back={"href": f"../{index_page_name(lang)}", "text": msgs("back_to_index")})


def write_comparisons(data: Project | Layout, langs: list[str]) -> list[Path]:
    """reports/<lang>/compare-<indicator>.html for every indicator several areas report in
    the window (the project's tables loaded once for every language); a comparison page of
    `lang` left from an earlier run, its indicator no longer compared, is removed (the index
    links every comparison page on disk)."""
    project = data if isinstance(data, Project) else Project(data)
    paths, written = project.layout, []
    for lang in langs:
        ctx = Context(project.codebook, project.register, project.catalogs,
                      project.observations, project.messages(lang), project.sources)
        cutoff = int(ctx.observations["year"].max())
        since = cutoff - WINDOW + 1
        pages = []
        for indicator in comparable_indicators(ctx.observations, since=since):
            html = comparison_html(ctx, indicator, ctx.msgs, cutoff)
            pages.append(write_text_atomic(paths.comparison_page(indicator, lang), html))
        for stale in set(paths.comparison_pages(lang)) - set(pages):
            stale.unlink()
        written += pages
    return written
