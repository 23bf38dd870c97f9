"""Notebook 00: one entity and one indicator, for the questions the briefings don't answer.

`explore(data, entity_id, indicator, lang)` checks the two names and loads the trajectories
stage's Context; the Exploration it returns shows what the codebook and the register say,
every observation (preferred or not) with its source, status and definition, the fit of each
target on the indicator (or the plain series when there is none), and the latest value of
every entity of the same type.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler

from ggutils.assess.trends import Context, load_context
from ggutils.brief.compare import latest_by_entity
from ggutils.brief.localize import Localizer
from ggutils.brief.plots.figures import as_image
from ggutils.brief.plots.overview import comparison_chart, series_chart
from ggutils.brief.plots.targets import target_chart
from ggutils.brief.render import host_of, link
from ggutils.clean.report import MUTED, styled
from ggutils.errors import UsageError, unknown
from ggutils.project import Project, as_project

OBSERVATION_COLUMNS = ["year", "value", "qualifier", "unit", "status", "definition",
                       "preferred", "source_tier", "source", "url", "flag", "as_printed",
                       "source_row"]


@dataclass(frozen=True)
class Exploration:
    """One entity and one indicator of a data folder's Context."""

    ctx: Context
    entity_id: str
    indicator: str

    @property
    def lang(self) -> str:
        return self.ctx.msgs.lang

    @property
    def name(self) -> str:
        return self.ctx.register.name(self.entity_id, self.lang)

    @property
    def entity_type(self) -> str:
        return str(self.ctx.register.entity(self.entity_id)["entity_type"])

    @property
    def rows(self) -> pd.DataFrame:
        """Every observation of the entity and indicator, preferred or not, by year."""
        obs = self.ctx.observations
        return obs[(obs["entity_id"] == self.entity_id) & (obs["indicator"] == self.indicator)
                   ].sort_values(["year", "preferred"], ascending=[True, False])

    def targets(self) -> list:
        """(catalog, target) for every target of the entity's plans on the indicator."""
        return [(c, t) for c in self.ctx.catalogs.values() if c.entity_id == self.entity_id
                for t in c.targets if t.indicator == self.indicator]

    def about(self) -> Styler:
        """What the register and the codebook say, and how much data there is."""
        ind = self.ctx.codebook[self.indicator]
        fmt = Localizer(self.ctx.codebook, self.lang, self.ctx.msgs)
        rows = self.rows
        bounds = (f"{'–' if ind.lower is None else ind.lower} to "
                  f"{'–' if ind.upper is None else ind.upper}")
        facts = {
            "entity": f"{self.name} ({self.entity_id}, {self.entity_type})",
            "plans": ", ".join(c.plan_id for c in self.ctx.catalogs.values()
                               if c.entity_id == self.entity_id) or "none",
            "indicator": f"{ind.name_en} / {ind.name_vi} ({self.indicator})",
            "unit": fmt.unit(self.indicator),
            "bounds": bounds,
            "better": ind.better,
            "family": self.ctx.codebook.family_of(self.indicator) or "none",
            "targets on it": ", ".join(t.id for _, t in self.targets()) or "none",
            "observations": (f"{len(rows)} ({int(rows['preferred'].astype(bool).sum())} "
                             "preferred)"),
            "years": (f"{int(rows['year'].min())}-{int(rows['year'].max())}"
                      if not rows.empty else "none"),
            "definitions": ", ".join(sorted(rows["definition"].astype(str).unique()))
            or "none",
        }
        frame = pd.DataFrame(list(facts.items()), columns=["", "value"])
        return styled(frame, "about", f"{self.name}: {ind.name(self.lang)}")

    def _definition(self, code: str) -> str:
        label = self.ctx.msgs(f"definition_{code}")
        return code if label == code else f"{code}: {label}"

    def observations(self) -> Styler | Markdown:
        """Every observation with its source, status and definition; the values not
        preferred greyed and marked."""
        rows = self.rows
        if rows.empty:
            return Markdown(f"No observation of `{self.indicator}` for {self.name} in "
                            "data/processed/observations.csv.")
        fmt = Localizer(self.ctx.codebook, self.lang, self.ctx.msgs)
        sources = (self.ctx.sources.set_index("source_id") if self.ctx.sources is not None
                   else pd.DataFrame(columns=["title", "url"]))
        frame = rows.assign(
            value=[fmt.number(v, self.indicator) for v in rows["value"]],
            unit=fmt.unit(self.indicator),
            definition=[self._definition(d) for d in rows["definition"]],
            preferred=["✓ preferred" if p else "not preferred" for p in
                       rows["preferred"].astype(bool)],
            source=[f"{s}: {sources['title'].get(s, '')}" for s in rows["source_id"]],
            url=[link(sources["url"].get(s, ""), host_of(sources["url"].get(s, "")))
                 for s in rows["source_id"]],
            as_printed=[f"{a} | {v} | {u}" for a, v, u in
                        zip(rows["area_as_printed"], rows["value_as_printed"],
                            rows["unit_as_printed"], strict=True)],
            source_row=[f"{f}:{r}" for f, r in zip(rows["source_file"], rows["source_row"],
                                                   strict=True)],
        )[OBSERVATION_COLUMNS].reset_index(drop=True)
        caption = (f"{self.name}, {self.indicator}: {len(frame)} observations "
                   "(greyed: kept, not preferred)")
        return (styled(frame, "observations", caption)
                .format(subset=["url"])  # already an escaped anchor
                .apply(lambda r: [MUTED if r["preferred"] == "not preferred" else ""]
                       * len(r), axis=1)
                .set_properties(subset=["source", "definition"],
                                **{"white-space": "normal", "min-width": "14em"})
                .set_properties(subset=["preferred", "source_row"], **{"white-space": "nowrap"}))

    def fit(self) -> list:
        """The chart of each target on the indicator (its fit, 80/95 % bands, target and
        deadline), or the plain series when the entity has no target on it."""
        msgs = self.ctx.msgs
        fmt = Localizer(self.ctx.codebook, self.lang, msgs)
        charts = []
        for catalog, target in self.targets():
            charts.append(Markdown(f"### `{target.id}`: {fmt.goal(target)} by "
                                   f"{target.target_year} ({catalog.plan_id})"))
            charts.append(as_image(target_chart(self.ctx.observations, catalog, target,
                                                self.ctx.codebook, msgs),
                                   alt=f"{self.name}, {target.id}"))
        if charts:
            return charts
        if self.rows.empty:
            return [Markdown(f"Nothing to draw: {self.name} has no observation of "
                             f"`{self.indicator}` and no target on it.")]
        title = f"{self.name}: {self.ctx.codebook[self.indicator].name(self.lang)}"
        return [Markdown(f"{self.name} has no target on `{self.indicator}`: the series "
                         "alone."),
                as_image(series_chart(self.rows, self.indicator, self.ctx.codebook, msgs,
                                      title), alt=title)]

    def comparison(self) -> list:
        """The latest preferred value of every entity of the same type, as a table and a
        bar chart (this entity highlighted)."""
        obs = self.ctx.observations
        latest = latest_by_entity(obs, self.indicator)
        latest = latest[latest["entity_type"].astype(str) == self.entity_type]
        group = self.ctx.msgs(f"entity_type_{self.entity_type}")
        if latest.empty:
            return [Markdown(f"No entity of type {self.entity_type} has a value of "
                             f"`{self.indicator}`.")]
        names = {e: self.ctx.register.name(e, self.lang) for e in latest["entity_id"]}
        fmt = Localizer(self.ctx.codebook, self.lang, self.ctx.msgs)
        table = pd.DataFrame({
            "rank": range(1, len(latest) + 1),
            "area": [names[e] for e in latest["entity_id"]],
            "value": [fmt.number(v, self.indicator) for v in latest["value"]],
            "year": latest["year"].astype(int).to_numpy(),
            "status": latest["status"].astype(str).to_numpy(),
            "definition": latest["definition"].astype(str).to_numpy(),
            "source_id": latest["source_id"].astype(str).to_numpy(),
        })
        mine = list(latest["entity_id"] == self.entity_id)
        styler = (styled(table, "comparison",
                         f"{group}: latest preferred value of {self.indicator} "
                         f"({fmt.unit(self.indicator)}); {self.name} highlighted")
                  .apply(lambda r: ["background-color: #fde2c8; font-weight: bold"
                                    if mine[r.name] else ""] * len(r), axis=1))
        shown: list = [styler]
        if not any(mine):
            shown.insert(0, Markdown(f"{self.name} has no value of `{self.indicator}`; "
                                     f"the other {group.lower()}:"))
        if len(latest) == 1:
            shown.append(Markdown(f"Only one entity of type {self.entity_type} has a value: "
                                  "nothing to compare with."))
            return shown
        chart = comparison_chart(latest, self.entity_id, self.indicator, self.ctx.codebook,
                                 self.ctx.msgs, names, group)
        return [*shown, as_image(chart, alt=f"{group}: {self.indicator}, latest values")]


def explore(data: Path | str | Project, entity_id: str, indicator: str, lang: str = "en"
            ) -> Exploration:
    """The Exploration of `entity_id` and `indicator` in `data`, a Project or its data folder
    (an unknown one is an error that names the nearest valid one)."""
    project = as_project(data)
    ctx = load_context(project, lang)
    entity_ids = list(ctx.register.entities["entity_id"])
    if entity_id not in entity_ids:
        raise UsageError(unknown("entity", entity_id, entity_ids, str(project.layout.register)))
    if indicator not in ctx.codebook:
        raise UsageError(unknown("indicator", indicator, list(ctx.codebook.indicators),
                                 str(project.layout.codebook)))
    return Exploration(ctx, entity_id, indicator)
