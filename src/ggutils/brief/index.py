"""Stage 3, the index: reports/index.html and index-en.html, one row per plan (grouped by the
34 provinces of 2025, the country first; each entity's green-growth plan first), one column
per indicator family with the plan's verdicts there as compact marks and their counts (a
legend gives each mark's word), and links to every briefing and comparison page on disk.

A column no row fills is not printed. A province merged in 2025 is said so under its group's
heading: the date, the successor and the act (data/reference/reorganisations.yml, through
`reference.reorganisations.reorganisation`); `merger_text` is that sentence, for other pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ggutils.assess.verdicts import VERDICT_CODES
from ggutils.brief.compare import comparison_title
from ggutils.brief.data import verdict_badge
from ggutils.brief.localize import Localizer, date_text, other_language
from ggutils.brief.render import render
from ggutils.errors import GGUtilsError
from ggutils.io import write_text_atomic
from ggutils.paths import Layout, briefing_name, index_page_name
from ggutils.project import Project
from ggutils.reference.marks import MARKS_FILE, verdict_marks
from ggutils.reference.messages import LANGUAGES, Messages
from ggutils.reference.provinces import Register
from ggutils.reference.reorganisations import Reorganisation, reorganisation
from ggutils.reference.targets import COUNTRY, GREEN_GROWTH_KINDS, Catalog


@dataclass(frozen=True, order=True)
class Group:
    """The index's rows of the 2025 province an entity belongs to (the country first):
    sorted by `key`, headed by `name`."""

    key: str
    name: str


def merger_text(merged: Reorganisation, register: Register, msgs: Messages,
                catalogs: Mapping[str, Catalog]) -> str:
    """'On 2025-07-01, Kon Tum merged into Quảng Ngãi under Resolution 202/2025/QH15 of the
    National Assembly (adopted 2025-06-12).', then the successor's own plans where a catalog
    names one (their numbers and years), in the language of `msgs`."""
    lang = msgs.lang
    text = msgs("merged_into", effective=date_text(merged.effective, lang),
                name=merged.name(register, lang), successor=merged.successor_name(register, lang),
                act=merged.act.name(lang), issuer=merged.act.issuer_vi if lang == "vi"
                else merged.act.issuer_en, adopted=date_text(merged.adopted, lang))
    plans = [catalogs[p].decision for p in merged.successor_plans if p in catalogs]
    if plans:
        text += " " + msgs("merged_own_plans", n=len(plans),
                           successor=merged.successor_name(register, lang),
                           plans=", ".join(f"{d.number} ({d.year})" for d in plans))
    return text


def _group(register: Register, entity: str, merged: Reorganisation | None, lang: str) -> Group:
    """The 2025 province an entity belongs to (itself unless merged); the country first."""
    if entity == COUNTRY:
        return Group("0", register.name(entity, lang))
    home = merged.successor_id if merged else entity
    return Group("1" + register.name(home, "en"), register.name(home, lang))


def _family_cells(traj: pd.DataFrame, families: list[str], project: Project,
                  msgs: Messages) -> list[list[dict]]:
    """For each family, the plan's verdicts there (in the codebook's order) with counts."""
    codebook = project.codebook
    marks = verdict_marks(project.layout.reference / MARKS_FILE, VERDICT_CODES)
    family = traj["indicator"].map(lambda i: codebook.family_of(i) or "other")
    order = _verdict_order(project)
    cells = []
    for name in families:
        counts = traj.loc[family == name, "verdict"].value_counts()
        codes = sorted(counts.index, key=lambda c: order.get(c, len(order)))  # unknown last
        cells.append([{"verdict": verdict_badge(c, msgs, codebook, marks),
                       "count": int(counts[c])} for c in codes])
    return cells


TONES = ("good", "unconfirmed", "short", "away", "unknown")  # the order verdicts are shown in


def _verdict_order(project: Project) -> dict[str, int]:
    """Each verdict's place: by tone (met first, what cannot be told last), then as the
    codebook lists them."""
    verdicts = project.codebook.verdicts
    ranked = sorted(verdicts, key=lambda c: TONES.index(verdicts[c].tone))
    return {code: i for i, code in enumerate(ranked)}


def _judged(project: Project) -> pd.DataFrame:
    """The preferred trajectory rows (one version of each target)."""
    traj = project.trajectories
    if traj is None:
        raise GGUtilsError(f"no {project.layout.trajectories}: run `ggutils project` first")
    return traj[traj["preferred"].astype(bool)]


def _filled(groups: list[dict], width: int) -> list[int]:
    """The family columns at least one row fills (a column empty in every row is dropped)."""
    return [i for i in range(width) if any(r["cells"][i] for g in groups for r in g["rows"])]


def _legend(groups: list[dict], project: Project) -> list[dict]:
    """Each verdict the index shows, once, in the codebook's order."""
    seen = {v["verdict"]["code"]: v["verdict"] for g in groups for r in g["rows"]
            for cell in r["cells"] for v in cell}
    return [seen[code] for code in sorted(seen, key=_verdict_order(project).get)]


def _rows(project: Project, msgs: Messages, families: list[str]) -> list[dict]:
    """The index's groups: each 2025 province's rows (an entity's green-growth plans first,
    then its other plans) and a sentence for each of its provinces merged in 2025."""
    paths, ref, lang = project.layout, project.reference, msgs.lang
    fmt = Localizer(ref.codebook, lang, msgs)
    traj = _judged(project)
    groups: dict[Group, dict] = {}
    for entity, plans in ref.plans.items():
        merged = reorganisation(project, entity)
        group = groups.setdefault(_group(ref.register, entity, merged, lang),
                                  {"notes": [], "rows": []})
        if merged is not None:
            group["notes"].append(merger_text(merged, ref.register, msgs, ref.catalogs))
        name = ref.register.name(entity, lang)
        links = [{"href": f"{other}/{briefing_name(entity)}", "text": msgs(f"language_{other}")}
                 for other in LANGUAGES if paths.briefing_html(entity, other).exists()]
        for plan in sorted(plans, key=lambda p: p.decision.kind not in GREEN_GROWTH_KINDS):
            d = plan.decision
            group["rows"].append({
                "plan_id": plan.plan_id, "lead": d.kind in GREEN_GROWTH_KINDS,
                "entity": msgs("formerly", name=name) if merged else name,
                "plan": f"{fmt.document(d)} ({d.year})", "kind": msgs(f"index_kind_{d.kind}"),
                "cells": _family_cells(traj[traj["plan_id"] == plan.plan_id], families,
                                       project, msgs),
                "links": links})
    return [{"name": g.name, **groups[g]} for g in sorted(groups)]


def index_page(project: Project, lang: str) -> str:
    """One row per plan (grouped by the 34 provinces of 2025, the country first), one column
    per indicator family some row fills, every briefing on disk linked in both languages."""
    paths, codebook, msgs = project.layout, project.codebook, project.messages(lang)
    family_ids = [f.id for f in codebook.families] + ["other"]
    family_names = [f.name(lang) for f in codebook.families] + [msgs("family_other")]
    groups = _rows(project, msgs, family_ids)
    keep = _filled(groups, len(family_ids))
    for group in groups:
        for row in group["rows"]:
            row["cells"] = [row["cells"][i] for i in keep]
    other = other_language(lang)
    comparisons = [{"href": f"{lang}/{p.name}", "text": comparison_title(p, codebook, msgs)}
                   for p in paths.comparison_pages(lang)]
    return render("index.html.j2", lang=lang, title=msgs("index_title"),
                  intro=msgs("index_intro"),
                  other_language={"href": index_page_name(other), "text": msgs("other_language"),
                                  "lang": other},   # its words are the other language's
                  col_plan=msgs("col_plan"), col_briefings=msgs("col_languages"),
                  families=[family_names[i] for i in keep], groups=groups,
                  linked=any(r["links"] for g in groups for r in g["rows"]),
                  legend_heading=msgs("index_legend"), legend=_legend(groups, project),
                  kinds_note=msgs("index_kinds_note") if any(
                      not r["lead"] for g in groups for r in g["rows"]) else "",
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
