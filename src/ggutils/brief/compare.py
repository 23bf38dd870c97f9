"""Stage 3, comparison pages: one indicator across every entity (reports/<lang>/compare-
<indicator>.html), each entity type ranked on its latest value within a window of the
cut-off and set against its own green-growth target. `latest_by_entity` is also the
briefing's context series (gaps) and the explorer's ranking."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ggutils.assess.measures import level_target
from ggutils.assess.series import EXCLUDED_FROM_FITS, select_series
from ggutils.assess.trends import Context
from ggutils.brief.localize import Localizer, number_text
from ggutils.brief.render import link_context, render
from ggutils.io import write_text_atomic
from ggutils.project import Layout, Project, index_page_name
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.provinces import ENTITY_TYPES


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


def comparable_indicators(obs: pd.DataFrame, minimum: int = 3) -> list[str]:
    """Indicators with preferred values for at least `minimum` entities."""
    counts = obs[obs["preferred"].astype(bool)].groupby("indicator")["entity_id"].nunique()
    return sorted(counts[counts >= minimum].index)


def comparison_title(page: Path, codebook: Codebook, msgs: Messages) -> str:
    indicator = page.stem.removeprefix("compare-").replace("-", "_")
    if indicator not in codebook:
        return page.stem
    return msgs("compare_title", indicator=codebook[indicator].name(msgs.lang))


def _comparison_row(ctx: Context, r, rank: int, targets: dict, fmt: Localizer) -> dict:
    msgs, indicator = ctx.msgs, ctx.codebook[r.indicator]
    target = targets.get(r.entity_id)
    level = None if target is None else level_target(
        target, indicator, select_series(ctx.observations, r.entity_id, r.indicator))
    source = {"href": "", "text": r.source_id}
    if ctx.sources is not None:
        hit = ctx.sources[ctx.sources["source_id"] == r.source_id]
        if not hit.empty:
            source = link_context(hit.iloc[0]["url"], hit.iloc[0]["title"])
    return {"rank": rank, "area": ctx.register.name(r.entity_id, msgs.lang),
            "value": f"{r.qualifier + ' ' if r.qualifier else ''}"
                     f"{number_text(r.value, msgs.lang, indicator.decimals)}",
            "year": int(r.year),
            "flag": "" if r.status == "final" else msgs(f"obs_status_{r.status}"),
            "definition": msgs(f"definition_{r.definition}"),
            "goal": f"{fmt.goal(target)} ({target.target_year})" if target else "–",
            "meets": "–" if level is None else msgs(
                "answer_yes" if level.is_met(r.value) else "answer_no"),
            "source": source}


def comparison_html(ctx: Context, indicator_id: str, msgs: Messages, cutoff: int,
                    window: int = 3) -> str:
    """One indicator across every entity, each entity type in its own ranking, on the
    latest value within `window` years of the cut-off (its year shown), each against its
    own green-growth target where it has one."""
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
    for entity_type in ENTITY_TYPES:  # in the order pages rank them
        rows = latest[types == entity_type]
        if not rows.empty:
            tables.append({"id": entity_type, "heading": msgs(f"entity_type_{entity_type}"),
                           "rows": [_comparison_row(ctx, r, i, targets, fmt)
                                    for i, r in enumerate(rows.itertuples(), start=1)]})
    title = msgs("compare_title", indicator=indicator.name(lang))
    columns = [msgs(k) for k in ("col_rank", "col_area", "col_value", "col_year",
                                 "col_definition", "col_goal", "col_meets", "col_source")]
    columns[2] = f"{columns[2]} ({fmt.unit(indicator_id)})"
    return render("compare.html.j2", lang=lang, title=title, columns=columns, tables=tables,
                  intro=msgs("compare_intro", since=since, cutoff=cutoff),
                  back={"href": f"../{index_page_name(lang)}", "text": msgs("back_to_index")})


def write_comparisons(data: Project | Layout, langs: list[str]) -> list[Path]:
    """reports/<lang>/compare-<indicator>.html for every indicator several areas report
    (the project's tables loaded once for every language)."""
    project = data if isinstance(data, Project) else Project(data)
    paths, written = project.layout, []
    for lang in langs:
        ctx = Context(project.codebook, project.register, project.catalogs,
                      project.observations, project.messages(lang), project.sources)
        cutoff = int(ctx.observations["year"].max())
        for indicator in comparable_indicators(ctx.observations):
            html = comparison_html(ctx, indicator, ctx.msgs, cutoff)
            written.append(write_text_atomic(paths.comparison_page(indicator, lang), html))
    return written
