"""Stage 3, the index: reports/index.html and index-en.html, one row per plan (grouped by the
34 provinces of 2025, the country first), one column per indicator family with the plan's
verdicts there, and links to every briefing and comparison page on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ggutils.brief.compare import comparison_title
from ggutils.brief.localize import other_language
from ggutils.brief.render import render
from ggutils.errors import GGUtilsError
from ggutils.io import write_text_atomic
from ggutils.project import Layout, Project, briefing_name, index_page_name
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import LANGUAGES, Messages
from ggutils.reference.provinces import Register
from ggutils.reference.targets import COUNTRY


@dataclass(frozen=True, order=True)
class Group:
    """The index's rows of the 2025 province an entity belongs to (the country first):
    sorted by `key`, headed by `name`."""

    key: str
    name: str


def _successor(register: Register, entity: str) -> str | None:
    """The entity_id of the province an entity belongs to since the 2025 reorganisation (itself
    when it kept its name), from the register's successor code; None for the country."""
    if entity == COUNTRY:
        return None
    code = register.entity(entity).get("successor_2025_code")
    provinces = register.provinces
    match = provinces[provinces["gso_code"] == code]
    return str(match.iloc[0]["entity_id"]) if isinstance(code, str) and not match.empty \
        else entity


def _successor_group(register: Register, entity: str, lang: str) -> Group:
    """The 2025 province an entity belongs to; the country first."""
    successor = _successor(register, entity)
    if successor is None:
        return Group("0", register.name(entity, lang))
    return Group("1" + register.name(successor, "en"), register.name(successor, lang))


def _entity_label(register: Register, entity: str, msgs: Messages) -> str:
    """The entity's name; 'formerly Kon Tum' when the 2025 reorganisation merged it into
    another province."""
    name = register.name(entity, msgs.lang)
    successor = _successor(register, entity)
    if successor not in (None, entity):
        return msgs("formerly", name=name)
    return name


def _family_cells(traj: pd.DataFrame, codebook: Codebook, msgs: Messages) -> list[list[dict]]:
    """For each family, the plan's verdicts there with their counts."""
    cells = []
    families = traj["indicator"].map(lambda i: codebook.family_of(i) or "other")
    for family in [f.id for f in codebook.families] + ["other"]:
        counts = traj.loc[families == family, "verdict"].value_counts()
        cells.append([{"verdict": {"label": msgs.status(v), "tone": codebook.verdicts[v].tone},
                       "count": int(n)} for v, n in counts.items()])
    return cells


def _judged(project: Project) -> pd.DataFrame:
    """The preferred trajectory rows (one version of each target)."""
    traj = project.trajectories
    if traj is None:
        raise GGUtilsError(f"no {project.layout.trajectories}: run `ggutils project` first")
    return traj[traj["preferred"].astype(bool)]


def index_page(project: Project, lang: str) -> str:
    """One row per plan (grouped by the 34 provinces of 2025, the country first), one column
    per indicator family, every briefing on disk linked in both languages."""
    paths, ref, msgs = project.layout, project.reference, project.messages(lang)
    traj = _judged(project)
    groups: dict[Group, list[dict]] = {}
    for entity, plans in ref.plans.items():
        links = [{"href": f"{other}/{briefing_name(entity)}", "text": msgs(f"language_{other}")}
                 for other in LANGUAGES if paths.briefing_html(entity, other).exists()]
        for plan in plans:
            rows = traj[traj["plan_id"] == plan.plan_id]
            d = plan.decision
            groups.setdefault(_successor_group(ref.register, entity, lang), []).append({
                "plan_id": plan.plan_id, "entity": _entity_label(ref.register, entity, msgs),
                "plan": f"{msgs('plan_kind_' + d.kind)}: {d.number} ({d.year})",
                "cells": _family_cells(rows, ref.codebook, msgs), "links": links})
    other = other_language(lang)
    comparisons = [{"href": f"{lang}/{p.name}", "text": comparison_title(p, ref.codebook, msgs)}
                   for p in paths.comparison_pages(lang)]
    return render("index.html.j2", lang=lang, title=msgs("index_title"),
                  intro=msgs("index_intro"),
                  other_language={"href": index_page_name(other), "text": msgs("other_language")},
                  col_plan=msgs("col_plan"), col_briefings=msgs("col_languages"),
                  families=[f.name(lang) for f in ref.codebook.families] + [msgs("family_other")],
                  groups=[{"name": group.name, "rows": rows}
                          for group, rows in sorted(groups.items())],
                  compare_heading=msgs("compare_pages"), comparisons=comparisons,
                  agencies={"href": f"{lang}/{paths.agencies_page(lang).name}"
                            if paths.agencies_page(lang).exists() else "",
                            "text": msgs("agencies_index_link")})


def write_index(data: Project | Layout, langs: list[str] | None = None) -> list[Path]:
    """Write the index in each language (reports/index.html, reports/index-en.html), from
    every briefing on disk: a partial run never drops a link."""
    project = data if isinstance(data, Project) else Project(data)
    return [write_text_atomic(project.layout.index_page(lang), index_page(project, lang))
            for lang in LANGUAGES]
