"""Stage 3, the page across all plans, reports/<lang>/agencies.html: every agency the
catalogs name, entity by entity (as the index orders them), with the targets it answers for,
their verdicts and the data it owes (ggutils.brief.agencies builds each entity's table)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ggutils.assess.settings import TrendSettings
from ggutils.brief.agencies import Returns, agencies_table, read_returns
from ggutils.brief.data import BriefingData
from ggutils.brief.localize import other_language
from ggutils.brief.render import render
from ggutils.io import write_text_atomic
from ggutils.paths import Layout, briefing_name, index_page_name
from ggutils.project import Project


def entity_data(project: Project, entity_id: str, lang: str) -> BriefingData:
    """What the page shows of one entity: its plans and trajectory rows, as a briefing's."""
    traj = project.trajectories
    obs = project.observations
    return BriefingData(project.layout, entity_id, project.plans[entity_id], project.codebook,
                        project.register, obs, project.sources,
                        traj[traj["entity_id"] == entity_id], project.messages(lang),
                        int(obs["year"].max()), TrendSettings(), project.agencies)


def _entity_table(b: BriefingData, entity_id: str, returns: Returns) -> dict | None:
    """The entity's agencies table; None when stage 2 has not judged all its targets yet
    (a catalog changed since `ggutils project`): the page then says so for that entity
    instead of failing for all of them."""
    if not set(t.id for t in b.targets) <= set(b.trajectories["target_id"]):
        return None
    return agencies_table(b, f"agencies-{entity_id}", returns)


def agencies_page(project: Project, lang: str) -> str:
    """Every agency the catalogs name, entity by entity (as the index orders them), with
    the targets it answers for, their verdicts and the data it owes."""
    from ggutils.errors import GGUtilsError

    if project.trajectories is None:
        raise GGUtilsError(f"no {project.layout.trajectories}: run `ggutils project` first")
    msgs, layout, returns = project.messages(lang), project.layout, read_returns(project.layout)
    entities = []
    for entity_id in project.plans:
        b = entity_data(project, entity_id, lang)
        briefing = layout.briefing_html(entity_id, lang)
        workbook = layout.request_workbook(entity_id, lang)
        entities.append({
            "id": entity_id, "name": project.register.name(entity_id, lang),
            "plans": [b.plan_name(p) for p in b.plans],
            "links": [link for link, on_disk in (
                ({"href": briefing_name(entity_id), "text": msgs("agencies_briefing_link")},
                 briefing.exists()),
                ({"href": f"../requests/{workbook.name}", "text": msgs("agencies_workbook_link")},
                 workbook.exists())) if on_disk],
            "table": _entity_table(b, entity_id, returns)})
    other = other_language(lang)
    return render("agencies_page.html.j2", lang=lang, title=msgs("agencies_page_title"),
                  intro=[msgs("agencies_page_intro"), msgs("agencies_intro")],
                  plans_label=msgs("agencies_plans"), entities=entities,
                  stale=msgs("agencies_stale"),
                  back={"href": f"../{index_page_name(lang)}", "text": msgs("back_to_index")},
                  other_language={"href": f"../{other}/{layout.agencies_page(other).name}",
                                  "text": msgs("other_language"), "lang": other})


def write_agencies_page(data: Project | Layout, langs: Iterable[str]) -> list[Path]:
    """reports/<lang>/agencies.html in each language (written atomically)."""
    project = data if isinstance(data, Project) else Project(data)
    return [write_text_atomic(project.layout.agencies_page(lang), agencies_page(project, lang))
            for lang in langs]
