"""Stage 3, briefings: one entity's briefing in one language, as notebook 03 displays it.

The page is a list of sections, each a function of the briefing's data (brief.data) that
builds the context its template in templates/pages/ renders (autoescaped); the page shell
and style are templates/briefing/. In the order of the page:

  header       header.py         title, the plans (green-growth plan first), links
  page one:
    headline   headline.py       the green-growth plan's generated sentences, the counts
    matrix     matrix.py         every target of every plan: an icon and a word
    owed       gaps.py           in short, what each agency owes
  the green-growth plan(s), newest first:
    status     status_table.py   one row per target with data: value, verdicts, effort
    charts     charts.py         a captioned chart per target with data
    tasks      tasks.py          what the decision assigns, to whom, by when
  data owed    gaps.py           targets without a value, by the agency asked; drafts
  agencies     agencies.py       each agency, the targets it leads, the data it owes
  other plans  (the same per plan, collapsed on screen)
  sources      provenance.py     every source used, numbered; each plan's decision
  downloads    provenance.py     the data behind the page, embedded
  methodology  provenance.py     how targets are judged

Every visible string comes from the message catalogue, the codebook or the catalogs, in the
page's language (brief.localize chooses); a quotation in another language is marked with its
`lang`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Image
from markupsafe import Markup

from ggutils.assess.evaluation import as_of_date, check_as_of, published_observations
from ggutils.assess.judge import judge_target
from ggutils.assess.series import definition_history
from ggutils.assess.settings import TrendSettings
from ggutils.brief import (
    agencies,
    charts,
    gaps,
    header,
    headline,
    matrix,
    provenance,
    status_table,
    tasks,
)
from ggutils.brief.data import BriefingData
from ggutils.brief.render import render
from ggutils.errors import GGUtilsError
from ggutils.project import Project
from ggutils.reference.sources import load_sources
from ggutils.reference.targets import Catalog, Target


@dataclass
class Briefing(BriefingData):
    """A briefing's data with its sections, as notebook 03 displays them (each method is
    the section function of the same name)."""

    def header_html(self) -> str:
        return header.header_html(self)

    def header_outputs(self) -> list:
        return header.header_outputs(self)

    # -- page one: the headline, the verdict of each target, what is owed -------------------
    def headline_html(self) -> str:
        return headline.headline_html(self)

    def matrix_html(self) -> str:
        return matrix.matrix_html(self)

    def owed_summary_html(self) -> str:
        return gaps.owed_summary_html(self)

    def page_one_outputs(self) -> list:
        """The headline of the green-growth plan(s), the verdict matrix of every target, and
        what each agency owes: page one, on screen and on paper."""
        return [HTML(render("page_one.html.j2", parts=[
            Markup(self.headline_html()), Markup(self.matrix_html()),
            Markup(self.owed_summary_html())]))]

    # -- the plans ---------------------------------------------------------------------------
    def status_table_html(self, plan: Catalog) -> str:
        return status_table.status_table_html(self, plan)

    def charted_targets(self, plan: Catalog) -> list[Target]:
        return charts.charted_targets(self, plan)

    def chart_caption_html(self, target: Target) -> str:
        return charts.chart_caption_html(self, target)

    def tasks_html(self, plan: Catalog) -> str:
        return tasks.tasks_html(self, plan)

    def plan_outputs(self, plan: Catalog) -> list:
        """One plan: its heading and the status of its targets with data, their charts, and
        the decision's tasks."""
        return [HTML(self.status_table_html(plan)), *charts.chart_outputs(self, plan),
                *([HTML(self.tasks_html(plan))] if plan.tasks else [])]

    def lead_plan_outputs(self) -> list:
        """The green-growth plan(s), in full."""
        return [out for plan in self.lead_plans for out in self.plan_outputs(plan)]

    def other_plans_outputs(self) -> list:
        """The entity's other plans under one heading, collapsed on screen (opened in print):
        one HTML output, the charts embedded in it."""
        if not self.other_plans:
            return []
        body = [Markup(as_html(out)) for plan in self.other_plans
                for out in self.plan_outputs(plan)]
        entity = self.register.name(self.entity_id, self.lang)
        names = ", ".join(self.plan_name(p) for p in self.other_plans)
        return [HTML(render("other_plans.html.j2",
                            heading=self.msgs("other_plans", entity=entity),
                            summary=self.msgs("other_plans_summary", n=len(self.other_plans),
                                              names=names),
                            hint=self.msgs("select_to_open"),
                            parts=body))]

    # -- what is owed, by whom ---------------------------------------------------------------
    def owed_html(self) -> str:
        return gaps.owed_html(self)

    def drafts_html(self) -> str:
        return "".join(gaps.drafts_html(self, plan) for plan in self.plans)

    def owed_outputs(self) -> list:
        """The data owed, by agency, then the targets transcribed automatically (to be
        reviewed, never judged)."""
        return [HTML(self.owed_html() + self.drafts_html())]

    def agencies_html(self) -> str:
        """Each agency with its verdicts counted (the matrix lists the targets) and the data
        it owes; reports/<lang>/agencies.html lists them in full."""
        return agencies.agencies_html(self, compact=True)

    # -- where it comes from -----------------------------------------------------------------
    def sources_html(self) -> str:
        return provenance.sources_html(self)

    def downloads_html(self) -> str:
        return provenance.downloads_html(self)

    def methodology_html(self) -> str:
        return provenance.methodology_html(self)

    def page_outputs(self) -> list:
        """Every output of the page in its order (notebook 03 displays them cell by cell)."""
        return [*self.header_outputs(), *self.page_one_outputs(), *self.lead_plan_outputs(),
                *self.owed_outputs(), HTML(self.agencies_html()),
                *self.other_plans_outputs(), HTML(self.sources_html()),
                HTML(self.downloads_html()), HTML(self.methodology_html())]


def as_html(output) -> str:
    """A displayed output as HTML to nest in another: an HTML output's markup, an image as an
    embedded PNG with its alternative text."""
    if isinstance(output, HTML):
        return output.data
    if isinstance(output, Image):
        alt = (output.metadata or {}).get("alt", "")
        data = base64.b64encode(output.data).decode("ascii")
        return render("image.html.j2", data=data, alt=alt)
    raise TypeError(f"cannot nest a {type(output).__name__} output in HTML")


# --- Loading: one Project per data folder and process, reopened when its files change ------

_PROJECTS: dict[Path, tuple[tuple, Project]] = {}


def _stamp(project: Project) -> tuple:
    """The reference, target and processed files a Project loads, with their sizes and
    modification times: a worker that renders many briefings reloads only when one changed."""
    layout = project.layout
    files = [*sorted(layout.reference.rglob("*")), *sorted(layout.targets.rglob("*")),
             layout.observations, layout.sources_table, layout.trajectories]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files
                 if p.is_file())


def open_project(data: Project | Path | str) -> Project:
    """`data` itself when it is a Project; else the Project of the data folder, opened once
    per process and reopened when one of its files has changed."""
    if isinstance(data, Project):
        return data
    project = Project.open(data)
    stamp = _stamp(project)
    cached = _PROJECTS.get(project.layout.data)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    _PROJECTS[project.layout.data] = (stamp, project)
    return project


def load_briefing(data: Project | Path | str, entity: str, lang: str, as_of: int | None = None,
                  settings: TrendSettings | None = None) -> Briefing:
    """Everything the briefing of one entity (a province's entity_id, or `vn` for the
    country) needs, from a Project (or its data folder): all its plans, newest first.

    With `as_of` (between the earliest decision year of the catalogs and this year, else a
    UsageError), the targets are judged as on 31 December of that year with the
    observations published by then (`evaluation.published_observations`), and the
    trajectories are recomputed on them; otherwise data/processed/trajectories.csv is used as
    written by stage 2.
    """
    project = open_project(data)
    layout, settings = project.layout, settings or TrendSettings()
    plans = project.plans
    if entity not in plans:
        raise KeyError(f"no catalog for {entity!r} in {layout.targets} (have: {sorted(plans)})")
    obs = project.observations
    latest = int(obs["year"].max())
    on = None
    if as_of is not None:
        check_as_of(as_of, [p.decision.year for group in plans.values() for p in group])
        on = as_of_date(as_of)
        obs = published_observations(obs, project.codebook, on)
    if project.sources is None:
        raise GGUtilsError(f"no {layout.sources_table}: run `ggutils clean` first")
    if as_of is None and project.trajectories is not None:
        traj = project.trajectories
        traj = traj[traj["entity_id"] == entity]
    else:
        definitions = definition_history(load_sources(layout.registry, project.codebook))
        traj = pd.DataFrame([judge_target(obs, plan, t, project.codebook, settings, as_of, on,
                                          definitions, plans=plans[entity])
                             for plan in plans[entity] for t in plan.targets])
    return Briefing(layout, entity, plans[entity], project.codebook, project.register, obs,
                    project.sources, traj, project.messages(lang), as_of or latest, settings,
                    project.agencies, as_of_run=as_of is not None)
