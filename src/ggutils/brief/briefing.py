"""Stage 3, briefings: the content of one entity's briefing in one language (notebook 03
displays it). Each section is a context rendered by a template in templates/pages/
(autoescaped); the page shell and style are templates/briefing/. Every visible string comes
from the message catalogue, the codebook or the catalogs, in the page's language; a
quotation in another language is marked with its `lang`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from ggutils import __version__
from ggutils.assess.evaluation import as_of_date, check_as_of, published_observations
from ggutils.assess.series import definition_history, select_series
from ggutils.assess.trends import TrendSettings, judge_target
from ggutils.assess.verdicts import SUMMARY_VERDICTS
from ggutils.brief.downloads import Download, briefing_downloads
from ggutils.brief.headline import headline_sentences
from ggutils.brief.localize import Localizer, date_text, moment_text
from ggutils.brief.pages import (
    INDEX_PAGES,
    briefing_title,
    host_of,
    latest_by_entity,
    link_context,
    render,
)
from ggutils.brief.plots import as_image, chart_alt_text, headline_chart, target_chart
from ggutils.brief.status_table import StatusTable
from ggutils.errors import GGUtilsError
from ggutils.io import generated_at, read_csv
from ggutils.observations import read_observations
from ggutils.project import Layout
from ggutils.reference.agencies import load_agencies
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages, load_messages
from ggutils.reference.provinces import Register
from ggutils.reference.sources import load_sources
from ggutils.reference.targets import COUNTRY, Catalog, Target, load_reference, targets_frame


def input_hash(data_dir: Path) -> str:
    """A short hash of every raw, reference and target file (what a briefing was made from)."""
    digest = hashlib.sha256()
    for folder in ("raw", "reference", "targets"):
        for path in sorted((Path(data_dir) / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(data_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class Briefing:
    """Everything one entity's briefing shows, in one language: its plans (newest first),
    each with its targets, and the country's series as context."""

    paths: Layout
    entity: str
    plans: list[Catalog]
    codebook: Codebook
    register: Register
    observations: pd.DataFrame
    sources: pd.DataFrame
    trajectories: pd.DataFrame
    msgs: Messages
    as_of: int
    settings: TrendSettings
    agencies: dict[str, str]
    as_of_run: bool = False  # judged as on 31 December of `as_of`: under reports/as-of-YEAR/

    @property
    def lang(self) -> str:
        return self.msgs.lang

    @property
    def up(self) -> str:
        """The way from the page to reports/ (an as-of page lies one folder deeper)."""
        return "../../" if self.as_of_run else "../"

    def evaluated_on(self) -> str:
        """The evaluation date of the trajectories, as the page prints dates ('' when they
        do not record one)."""
        if "evaluation_date" not in self.trajectories or self.trajectories.empty:
            return ""
        recorded = str(self.trajectories["evaluation_date"].iloc[0])
        try:
            return date_text(dt.date.fromisoformat(recorded), self.lang)
        except ValueError:
            return recorded

    # -- words in the page's language ------------------------------------------------------
    @property
    def fmt(self) -> Localizer:
        return Localizer(self.codebook, self.lang, self.msgs)

    def verdict(self, code: str) -> dict:
        """A verdict for a badge: its label and its tone (from the codebook)."""
        return {"label": self.msgs.status(code), "tone": self.codebook.verdicts[code].tone}

    def quote_or_text(self, vi: str, en: str = "") -> dict:
        """A text in the page's language; on an English page without a translation, the
        Vietnamese as a marked quotation."""
        if self.lang == "vi":
            return {"text": vi or en, "lang": "" if vi else "en"}
        return {"text": en, "lang": ""} if en else {"text": vi, "lang": "vi"}

    def agency(self, name: str) -> dict:
        return self.quote_or_text(name, self.agencies.get(name, ""))

    def clause(self, entry) -> str:
        return entry.clause if self.lang == "vi" else (entry.clause_en or entry.clause)

    def province_name(self) -> str:
        return self.register.name(self.entity, self.lang)

    def target_text(self, target: Target) -> str:
        """The target's words: the decision's Vietnamese on a Vietnamese page, else the
        words of the source as printed; our English label on an English page."""
        if self.lang == "vi":
            return target.wording_vi or target.wording_en
        return target.label_en

    def wording(self, target: Target) -> dict:
        """The target in the page's language: the decision's Vietnamese words, or an English
        source's words marked as a quotation, on a Vietnamese page; our English label on an
        English page."""
        if self.lang == "en":
            return {"text": target.label_en, "lang": ""}
        return {"text": target.wording_vi or target.wording_en,
                "lang": "" if target.wording_vi else "en"}

    def goal(self, target: Target) -> str:
        return self.fmt.goal(target)

    def row(self, target: Target) -> pd.Series:
        """The target's trajectories.csv row; a clear error when stage 2 is out of date."""
        rows = self.trajectories[self.trajectories["target_id"] == target.id]
        if rows.empty:
            raise GGUtilsError(f"no trajectory for target {target.id!r} of "
                               f"{self.entity!r} in {self.paths.trajectories}: "
                               "re-run `ggutils project` after changing a catalog")
        return rows.iloc[0]

    @property
    def targets(self) -> list[Target]:
        """The judged version of every target of every plan."""
        return [t for plan in self.plans for t in plan.targets if t.preferred]

    # -- header and headline ---------------------------------------------------------------
    def title(self) -> str:
        return briefing_title(self.msgs, self.register, self.entity)

    def plan_name(self, plan: Catalog) -> str:
        """'514/QĐ-UBND (2013)'."""
        return f"{self.document(plan)} ({plan.decision.year})"

    def document(self, plan: Catalog) -> str:
        """The document's number (or name), in the page's language where the catalog gives
        one: '514/QĐ-UBND'."""
        d = plan.decision
        return d.number if self.lang == "vi" else (d.number_en or d.number)

    def decision_text(self, plan: Catalog) -> str:
        """'514/QĐ-UBND of 16/07/2013 (Kon Tum Provincial People's Committee): title'
        (titles and issuers in the page's language where the catalog gives one)."""
        d = plan.decision
        title = d.title_vi if self.lang == "vi" else (d.title_en or d.title_vi)
        issuer = d.issuer if self.lang == "vi" else (d.issuer_en or d.issuer)
        when = date_text(d.date, self.lang) if d.date else str(d.adopted_year)
        return f"{self.document(plan)} {self.msgs('of_date')} {when} ({issuer}): {title}"

    def header_html(self) -> str:
        other = "en" if self.lang == "vi" else "vi"
        now = moment_text(generated_at(), self.lang)
        meta = [*(f"{self.msgs('plan_kind_' + p.decision.kind)}: {self.decision_text(p)}"
                  for p in self.plans),
                f"{self.msgs('data_cutoff')}: {self.as_of}",
                *([f"{self.msgs('evaluated_on')}: {self.evaluated_on()}"]
                  if self.evaluated_on() else []),
                f"{self.msgs('generated_at')}: {now}",
                f"{self.msgs('package_version')}: {__version__}",
                f"{self.msgs('input_hash')}: {input_hash(self.paths.data)}"]
        nav = [{"href": f"{self.up}{INDEX_PAGES[self.lang]}", "text": self.msgs("back_to_index")},
               {"href": f"../{other}/{self.entity}.html", "text": self.msgs("other_language")}]
        return render("header.html.j2", title=self.title(), meta=meta, nav=nav)

    def header_outputs(self) -> list:
        """The header, carrying in its metadata the title and the footer of printed pages
        (its plans and the date), which the export reads (pages.print_margins)."""
        plans = ", ".join(self.document(p) for p in self.plans)
        marks = {"title": self.title(),
                 "footer": f"{plans} · {date_text(generated_at().date(), self.lang)}"}
        return [HTML(self.header_html(), metadata={"ggutils": marks})]

    def headline_counts(self) -> dict[str, int]:
        """Targets per summary verdict, one version of each target (each "unconfirmed" form
        counted on its own)."""
        judged = self.trajectories[self.trajectories["preferred"].astype(bool)]
        counts = judged["verdict"].value_counts()
        return {c: int(counts.get(c, 0)) for c in SUMMARY_VERDICTS}

    def headline_sentences(self, plan: Catalog) -> list[str]:
        names = {i: ind.name(self.lang) for i, ind in self.codebook.indicators.items()}
        return headline_sentences(self.trajectories, plan, self.fmt, self.msgs, names)

    def headline_html(self) -> str:
        """The generated headline of every plan, then the counts of all its targets."""
        counts = self.headline_counts()
        parts = "; ".join(f"{self.msgs.status(c)}: {n}" for c, n in counts.items() if n)
        return render("headline.html.j2", heading=self.msgs("headline"),
                      plans=[{"name": self.plan_name(p),
                              "text": " ".join(self.headline_sentences(p))}
                             for p in self.plans],
                      counts=self.msgs("headline_text", n=len(self.targets), parts=parts))

    def headline_figure(self) -> Figure:
        tones = {code: v.tone for code, v in self.codebook.verdicts.items()}
        return headline_chart(self.headline_counts(), self.msgs, tones)

    def headline_outputs(self) -> list:
        counts = self.headline_counts()
        alt = "; ".join(f"{self.msgs.status(c)}: {n}" for c, n in counts.items() if n)
        return [HTML(self.headline_html()), as_image(self.headline_figure(), alt=alt)]

    # -- the status table ------------------------------------------------------------------
    def status_table_html(self, plan: Catalog) -> str:
        """One row per target of `plan` (see ggutils.brief.status_table)."""
        return StatusTable(self).status_table_html(plan)

    # -- charts ------------------------------------------------------------------------------
    def charted_targets(self, plan: Catalog) -> list[Target]:
        """Judged targets of `plan` with at least one observation of their indicator."""
        obs = self.observations
        have = set(obs[obs["entity_id"] == self.entity]["indicator"])
        return [t for t in plan.targets if t.preferred and t.indicator in have]

    def chart_caption_html(self, target: Target) -> str:
        return render("caption.html.j2", clause=self.clause(target),
                      wording=self.wording(target))

    def chart(self, plan: Catalog, target: Target) -> Figure:
        context = None if self.entity == COUNTRY else COUNTRY
        return target_chart(self.observations, plan, target, self.codebook, self.msgs,
                            self.settings, context_entity=context,
                            context_label=self.msgs("chart_national_context"))

    def chart_outputs(self, plan: Catalog) -> list:
        """A caption and an embedded PNG, with alternative text giving the chart's title and
        the values it shows, for every target of `plan` that has data."""
        outputs: list = []
        for target in self.charted_targets(plan):
            series = select_series(self.observations, self.entity, target.indicator)
            alt = chart_alt_text(self.codebook[target.indicator].name(self.lang),
                                 self.target_text(target), series, self.fmt, target.indicator,
                                 self.msgs)
            outputs += [HTML(self.chart_caption_html(target)),
                        as_image(self.chart(plan, target), alt=alt)]
        if outputs:
            outputs.insert(0, HTML(render("heading.html.j2", level=3,
                                          text=self.msgs("charts"))))
        return outputs

    # -- gaps, tasks, sources, downloads, method ----------------------------------------------
    def request_link(self) -> str:
        """The data-request workbook for this entity and language, relative to the page
        (reports/<lang>/<slug>.html -> reports/requests/<slug>-<lang>.xlsx)."""
        return f"{self.up}requests/{self.entity}-{self.lang}.xlsx"

    def _responsible(self, responsible) -> str:
        if not responsible:
            return f"{self.msgs('responsible')}: {self.msgs('responsible_none')}"
        names = "; ".join(f"{self.agency(r.agency)['text']} ({self.msgs('role_' + r.role)})"
                          for r in responsible)
        return f"{self.msgs('responsible')}: {names}"

    def _gap_lines(self, target: Target) -> list[str]:
        lines = []
        reason = target.gap_reason_vi if self.lang == "vi" else target.gap_reason
        if reason:
            lines.append(f"{self.msgs('gap_reason')}: {reason}")
        for indicator in target.context:
            latest = latest_by_entity(self.observations, indicator)
            latest = latest[latest["entity_id"] == self.entity]
            if not latest.empty:
                r = latest.iloc[0]
                lines.append(f"{self.msgs('context_series')}: "
                             f"{self.codebook[indicator].name(self.lang)} "
                             f"{self.fmt.value(r['value'], indicator)} ({int(r['year'])})")
        return lines

    def gaps_html(self, plan: Catalog) -> str:
        missing = [t for t in plan.targets if t.preferred and self.row(t)["n_points"] == 0]
        gaps = [{"clause": self.clause(t), "wording": self.wording(t),
                 "responsible": self._responsible(t.responsible), "lines": self._gap_lines(t)}
                for t in missing]
        monitored = [{"clause": self.clause(x),
                      "wording": self.quote_or_text(x.wording_vi, x.label_en),
                      "responsible": self._responsible(x.responsible)} for x in plan.monitoring]
        m = self.msgs
        return render("gaps.html.j2", plan_id=plan.plan_id, heading=m("gaps"),
                      intro=m("gaps_intro"), gaps=gaps, none=m("gaps_none"),
                      request_text=m("gaps_request"), send_back=m("gaps_send_back"),
                      request=link_context(self.request_link(),
                                           f"{self.entity}-{self.lang}.xlsx",
                                           depth=self.up.count("../")),
                      monitored=monitored, monitored_heading=m("monitored"))

    def _draft_goal(self, target: Target) -> str:
        if target.comparator is None:
            return self.msgs("draft_unread")
        if target.unit in self.codebook.units and (target.form == "level"
                                                   or target.base_year is not None):
            return self.goal(target)
        return target.describe()   # a unit or base year the reviewer has still to give

    def drafts_html(self, plan: Catalog) -> str:
        """The plan's targets transcribed automatically (`draft: true`): listed, labelled
        "to be reviewed", never judged (no verdict, no chart)."""
        if not plan.drafts:
            return ""
        m = self.msgs
        drafts = [{"clause": self.clause(t),   # the decision's words: no translation yet
                   "wording": self.quote_or_text(t.wording_vi or t.wording_en),
                   "goal": self._draft_goal(t),
                   "year": t.target_year if t.target_year is not None else m("draft_no_year"),
                   "indicator": (self.codebook[t.indicator].name(self.lang) if t.indicator
                                 else m("draft_no_indicator"))}
                  for t in plan.drafts]
        return render("drafts.html.j2", plan_id=plan.plan_id, heading=m("drafts"),
                      intro=m("drafts_intro"), label=m("draft_label"), drafts=drafts)

    def tasks_html(self, plan: Catalog) -> str:
        if not plan.tasks:
            return ""
        m = self.msgs
        rows = [[self.quote_or_text(t.task_vi, t.task_en), self.quote_or_text(t.lead, t.lead_en),
                 self.quote_or_text(t.partners, t.partners_en),
                 self.quote_or_text(t.deadline_text, t.deadline_en),
                 {"text": f"{t.deadline_from}–{t.deadline_to}", "lang": ""}]
                for t in plan.tasks]
        return render("tasks.html.j2", heading=m("tasks"), tasks=rows,
                      columns=[m(k) for k in ("col_task", "col_lead", "col_partners",
                                              "col_deadline", "col_years")])

    def plan_outputs(self) -> list:
        """Every plan, newest first: heading and status table, charts, gaps, targets
        transcribed automatically (to be reviewed, never judged), tasks."""
        outputs: list = []
        for plan in self.plans:
            outputs += [HTML(self.status_table_html(plan)), *self.chart_outputs(plan),
                        HTML(self.gaps_html(plan) + self.drafts_html(plan)
                             + self.tasks_html(plan))]
        return outputs

    def _used_observations(self) -> pd.DataFrame:
        indicators = {t.indicator for plan in self.plans for t in plan.targets}
        obs = self.observations
        return obs[(obs["entity_id"] == self.entity)
                   | ((obs["entity_id"] == COUNTRY) & obs["indicator"].isin(indicators))]

    def source_number(self, source_id: str) -> str:
        """A source's number in this page's sources list."""
        ids = list(self._listed_sources()["source_id"])
        return str(ids.index(source_id) + 1) if source_id in ids else source_id

    def _listed_sources(self) -> pd.DataFrame:
        used = self._used_observations()
        return self.sources[self.sources["source_id"].isin(set(used["source_id"]))]

    def sources_html(self) -> str:
        """Every source the page uses, numbered, with its file and rows (the provenance the
        table's short citations point to), and each plan's decision or source table."""
        m = self.msgs
        used = self._used_observations()
        sources = []
        for r in self._listed_sources().itertuples():
            rows = used[used["source_id"] == r.source_id]
            where = [{"file": f"data/raw/{file}",
                      "rows": f"{m('rows')} {', '.join(str(int(x)) for x in sorted(g))}"}
                     for file, g in rows.groupby("source_file")["source_row"]]
            title = getattr(r, "title_vi", "") if self.lang == "vi" else ""
            sources.append({"id": r.source_id, "title": title or r.title,
                            "link": link_context(r.url, host_of(r.url)),
                            "tier": m(f"tier_{int(r.tier)}"), "where": where})
        decisions = []
        for plan in self.plans:
            d = plan.decision
            where = f"data/raw/decisions/{d.source}" if d.source else f"data/raw/{d.source_table}"
            links = [{**link_context(t.source_url, t.id),
                      "row": f"{m('row')} {t.source_row}" if t.source_row else ""}
                     for t in plan.targets if t.source_url]
            decisions.append({"text": self.document(plan), "where": where, "links": links})
        return render("sources.html.j2", heading=m("sources"), sources=sources,
                      decisions_heading=m("decisions"), decisions=decisions)

    def downloads(self) -> list[Download]:
        """The observations this briefing used (the entity's, and the country's for the same
        indicators, shown as context), its trajectory rows, and everything as one XLSX."""
        used = self._used_observations()
        targets = targets_frame({p.plan_id: p for p in self.plans})
        return briefing_downloads(self.entity, used, self.trajectories, targets,
                                  self._listed_sources())

    def downloads_html(self) -> str:
        """Links that open the data behind the page, embedded: no request when it opens."""
        labels = ("download_observations", "download_trajectories", "download_workbook")
        return render("downloads.html.j2", heading=self.msgs("downloads"), downloads=[
            {"href": d.data_uri, "name": d.name, "label": self.msgs(label)}
            for d, label in zip(self.downloads(), labels, strict=True)])

    def methodology_html(self) -> str:
        text = self.msgs("methodology_text", on_track=self.settings.on_track_ratio,
                         acceleration=self.settings.acceleration_ratio)
        return render("method.html.j2", heading=self.msgs("methodology"), text=text)


def load_briefing(data_dir: Path | str, province: str, lang: str, as_of: int | None = None,
                  settings: TrendSettings | None = None) -> Briefing:
    """Everything the briefing of one entity (a province slug, or `vn` for the country)
    needs, from the processed data of `data_dir`: all its plans, newest first.

    With `as_of` (between the earliest decision year of the catalogs and this year, else a
    UsageError), the targets are judged as on 31 December of that year with the
    observations published by then (`evaluation.published_observations`), and the
    trajectories are recomputed on them; otherwise data/processed/trajectories.csv is used as
    written by stage 2.
    """
    paths = Layout(data=Path(data_dir))
    settings = settings or TrendSettings()
    ref = load_reference(paths.data)
    plans = ref.plans
    if province not in plans:
        raise KeyError(f"no catalog for {province!r} in {paths.targets} (have: {sorted(plans)})")
    obs = read_observations(paths.observations)
    latest = int(obs["year"].max())
    on = None
    if as_of is not None:
        check_as_of(as_of, [p.decision.year for group in plans.values() for p in group])
        on = as_of_date(as_of)
        obs = published_observations(obs, ref.codebook, on)
    sources = read_csv(paths.processed / "sources.csv", keep_default_na=False)
    if as_of is None and paths.trajectories.exists():
        traj = read_csv(paths.trajectories)
        traj = traj[traj["entity_id"] == province]
    else:
        definitions = definition_history(load_sources(paths.registry, ref.codebook))
        traj = pd.DataFrame([judge_target(obs, plan, t, ref.codebook, settings, as_of, on,
                                          definitions)
                             for plan in plans[province] for t in plan.targets])
    return Briefing(paths, province, plans[province], ref.codebook, ref.register, obs,
                    sources, traj, load_messages(paths.messages, lang), as_of or latest,
                    settings, load_agencies(paths.agencies), as_of_run=as_of is not None)
