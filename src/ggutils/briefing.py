"""Stage 3, briefings: the content of one province's briefing (notebook 03 displays it),
the offline HTML export, and the index page.

Every string that comes from data or catalogs passes through `esc` before it enters HTML.
"""

from __future__ import annotations

import functools
import hashlib
import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from . import __version__
from .downloads import Download, briefing_downloads
from .errors import GGUtilsError
from .headline import headline_sentences
from .indicators import Codebook
from .io import generated_at, write_text_atomic
from .localize import Localizer, number_text
from .messages import LANGUAGES, Messages, load_messages
from .observations import read_observations
from .paths import ProjectPaths
from .plots import as_image, headline_chart, target_chart
from .provinces import Register
from .targets import COUNTRY, Catalog, Target, load_reference, targets_frame
from .trends import (
    EXCLUDED_FROM_FITS,
    TrendSettings,
    evidence_parts,
    judge_target,
    level_target,
    select_series,
)
from .verdicts import SUMMARY_VERDICTS

TEMPLATES = Path(__file__).parent / "templates"


def esc(value: object) -> str:
    """HTML-escape any value (quotes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def is_safe_link(url: str) -> bool:
    """Only http(s) addresses and relative paths become anchors (never javascript:, data:,
    file: or any other scheme)."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in ("http", "https") or (scheme == "" and not url.strip().startswith("//"))


def link(url: object, text: object) -> str:
    """An escaped anchor for a safe address, else the escaped text alone."""
    url = "" if url is None else str(url)
    if url and is_safe_link(url):
        return f'<a href="{esc(url)}">{esc(text)}</a>'
    return esc(text)


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

    paths: ProjectPaths
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

    @property
    def lang(self) -> str:
        return self.msgs.lang

    # -- formatting --------------------------------------------------------------------------
    @property
    def fmt(self) -> Localizer:
        return Localizer(self.codebook, self.lang, self.msgs)

    def number(self, value: float | None, indicator_id: str) -> str:
        return self.fmt.number(value, indicator_id)

    def unit(self, indicator_id: str) -> str:
        return self.fmt.unit(indicator_id)

    def badge(self, verdict: str) -> str:
        """A verdict as a labelled badge, styled by its tone in the codebook."""
        tone = self.codebook.verdicts[verdict].tone
        return (f'<span class="gg-badge gg-tone-{esc(tone)}">{esc(self.msgs.status(verdict))}'
                "</span>")

    def goal(self, target: Target) -> str:
        """The target as comparator, number(s) and unit, in the briefing's language."""
        return self.fmt.goal(target)

    def province_name(self) -> str:
        return self.register.name(self.entity, self.lang)

    def target_text(self, target: Target) -> str:
        """The target's words: the decision's Vietnamese on a Vietnamese page, else the
        words of the source as printed; our English label on an English page."""
        if self.lang == "vi":
            return target.wording_vi or target.wording_en
        return target.label_en

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

    # -- sections ----------------------------------------------------------------------------
    def title(self) -> str:
        return f"{self.msgs('briefing_title')}: {self.province_name()}"

    def decision_text(self, plan: Catalog) -> str:
        """'Quyết định 514/QĐ-UBND ngày 16/07/2013 (UBND tỉnh Kon Tum): title'."""
        d = plan.decision
        title = d.title_vi if self.lang == "vi" else (d.title_en or d.title_vi)
        when = d.date.strftime("%d/%m/%Y") if d.date else str(d.adopted_year)
        return (f"{self.msgs('decision')} {d.number} {self.msgs('of_date')} {when} "
                f"({d.issuer}): {title}")

    def header_html(self) -> str:
        now = generated_at().strftime("%Y-%m-%d %H:%M UTC")
        meta = [
            *(f"{esc(self.msgs('plan_kind_' + p.decision.kind))}: {esc(self.decision_text(p))}"
              for p in self.plans),
            f"{esc(self.msgs('data_cutoff'))}: {self.as_of}",
            f"{esc(self.msgs('generated_at'))}: {esc(now)}",
            f"{esc(self.msgs('package_version'))}: {esc(__version__)}",
            f"{esc(self.msgs('input_hash'))}: {esc(input_hash(self.paths.data))}",
        ]
        items = "".join(f"<li>{m}</li>" for m in meta)
        return f'<h1>{esc(self.title())}</h1><ul class="gg-meta">{items}</ul>'

    def headline_counts(self) -> dict[str, int]:
        """Targets per summary verdict, one version of each target (each "unconfirmed" form
        counted on its own)."""
        judged = self.trajectories[self.trajectories["preferred"].astype(bool)]
        counts = judged["verdict"].value_counts()
        return {c: int(counts.get(c, 0)) for c in SUMMARY_VERDICTS}

    def plan_name(self, plan: Catalog) -> str:
        """'514/QĐ-UBND (2013)'."""
        return f"{plan.decision.number} ({plan.decision.year})"

    def headline_sentences(self, plan: Catalog) -> list[str]:
        names = {i: ind.name(self.lang) for i, ind in self.codebook.indicators.items()}
        return headline_sentences(self.trajectories, plan, self.fmt, self.msgs, names)

    def headline_html(self) -> str:
        """The generated headline of every plan, then the counts of all its targets."""
        counts = self.headline_counts()
        parts = "; ".join(f"{self.msgs.status(c)}: {n}" for c, n in counts.items() if n)
        text = self.msgs("headline_text", n=len(self.targets), parts=parts)
        paragraphs = "".join(
            f"<p class='gg-headline'><strong>{esc(self.plan_name(p))}</strong>: "
            f"{esc(' '.join(self.headline_sentences(p)))}</p>" for p in self.plans)
        return (f"<h2>{esc(self.msgs('headline'))}</h2><div id='headline'>{paragraphs}</div>"
                f"<p class='gg-counts'>{esc(text)}</p>")

    def headline_figure(self) -> Figure:
        tones = {code: v.tone for code, v in self.codebook.verdicts.items()}
        return headline_chart(self.headline_counts(), self.msgs, tones)

    def _latest(self, target: Target, entity: str | None = None) -> str:
        entity = entity or self.entity
        series = select_series(self.observations, entity, target.indicator)
        if series.n == 0:
            return esc(self.msgs("no_data"))
        rows = self.observations[
            (self.observations["entity_id"] == entity)
            & (self.observations["indicator"] == target.indicator)
            & self.observations["preferred"].astype(bool)
            & (self.observations["definition"] == series.definition)
            & (self.observations["year"] == int(series.years[-1]))]
        latest = rows.iloc[0]
        flag = ""
        if latest["status"] != "final":
            keys = {"year_uncertain": "flag_year_uncertain", "preliminary": "flag_preliminary"}
            label = self.msgs(keys.get(latest["status"], "flag_estimate"))
            flag = f' <span class="gg-flag">({esc(label)})</span>'
        qualifier = f"{esc(latest['qualifier'])} " if latest["qualifier"] else ""
        return (f"{qualifier}{self.number(latest['value'], target.indicator)} "
                f"{esc(self.unit(target.indicator))} ({int(latest['year'])}){flag}<br>"
                f"<small>{esc(self.source_title(latest['source_id']))} "
                f"[{esc(latest['source_id'])}: data/raw/{esc(latest['source_file'])}, "
                f"{esc(self.msgs('row'))} {int(latest['source_row'])}]</small>")

    def evidence(self, target: Target) -> str:
        """The evidence label in the briefing's language."""
        parts = evidence_parts(select_series(self.observations, self.entity,
                                             target.indicator))
        if parts["n"] == 0:
            return self.msgs("evidence_none")
        text = self.msgs("evidence_text", strength=self.msgs(f"strength_{parts['strength']}"),
                         n=parts["n"], span=parts["span"], tiers=parts["tiers"])
        if parts["not_final"]:
            text += "; " + self.msgs("evidence_not_final", k=parts["not_final"])
        return text

    def source_title(self, source_id: str) -> str:
        hit = self.sources[self.sources["source_id"] == source_id]
        return str(hit.iloc[0]["title"]) if not hit.empty else source_id

    def _qualifier(self, row: pd.Series) -> str:
        """How sure a pace is: indicative (two points) or its 80 % interval of years."""
        if str(row["model"]).startswith("endpoint"):
            return self.msgs("hl_indicative", n=int(row["n_points"]))
        if pd.notna(row["crossing_year_low80"]) and pd.notna(row["crossing_year_high80"]):
            return self.msgs("hl_interval", low=int(row["crossing_year_low80"]),
                             high=int(row["crossing_year_high80"]))
        if pd.notna(row["crossing_year_low80"]):
            return self.msgs("hl_interval_open", low=int(row["crossing_year_low80"]))
        return ""

    def _reasons(self, row: pd.Series) -> str:
        reasons = row["unconfirmed_reason"]
        if not isinstance(reasons, str) or not reasons:
            return ""
        return "; ".join(self.msgs(f"reason_{r}") for r in reasons.split(","))

    def _value_year(self, value, year, target: Target) -> str:
        return f"{esc(self.fmt.value(value, target.indicator))} ({int(year)})"

    def deadline_cell(self, target: Target, row: pd.Series) -> str:
        """At the deadline: the verdict, the value it rests on, and why it is unconfirmed."""
        cell = self.badge(row["verdict_deadline"])
        if pd.notna(row["observed_year_used"]):
            cell += "<br>" + self._value_year(row["observed_at_target_year"],
                                              row["observed_year_used"], target)
        if str(row["verdict_deadline"]).startswith("met") and self._reasons(row):
            cell += f"<br><small>{esc(self._reasons(row))}</small>"
        return cell

    def since_cell(self, target: Target, row: pd.Series) -> str:
        """Since a passed deadline (the year met, or when the current pace would meet it);
        for a deadline ahead, the outlook with its projection to the target year."""
        if not bool(row["deadline_passed"]):
            return self.badge(row["status_outlook"]) + self._projection(target, row)
        since = str(row["verdict_since"])
        cell = self.badge(since)
        if since.startswith("met later") or since.startswith("still met"):
            cell += "<br>" + self._value_year(row["met_value"], row["met_year"], target)
            if self._reasons(row):
                cell += f"<br><small>{esc(self._reasons(row))}</small>"
        elif pd.notna(row["crossing_year"]):
            cell += "<br>" + esc(self.msgs("cell_crossing", year=int(row["crossing_year"]),
                                           qualifier=self._qualifier(row)))
        return cell

    def _projection(self, target: Target, row: pd.Series) -> str:
        if pd.isna(row["projected_target_year"]):
            return ""
        text = esc(self.msgs("cell_projection", year=int(row["target_year"]),
                             value=self.fmt.value(row["projected_target_year"],
                                                  target.indicator)))
        if pd.notna(row["pi80_low"]):
            text += (f" ({self.number(row['pi80_low'], target.indicator)}–"
                     f"{self.number(row['pi80_high'], target.indicator)})")
        if pd.notna(row["prob_met"]):
            p_met = self.number(100 * row["prob_met"], target.indicator)
            text += f"<br><small>P = {p_met} %</small>"
        return "<br>" + text

    def national_cell(self, target: Target) -> str:
        """The country's latest value of the indicator, for a provincial target."""
        return self._latest(target, COUNTRY)

    def has_national_column(self, plan: Catalog) -> bool:
        """A provincial plan with at least one indicator the country reports."""
        if self.entity == COUNTRY:
            return False
        national = set(self.observations.loc[self.observations["entity_id"] == COUNTRY,
                                             "indicator"])
        return any(t.indicator in national for t in plan.targets)

    def status_table_html(self, plan: Catalog) -> str:
        """One row per target of `plan` (every version of a target with conflicting sources,
        the judged one first)."""
        m = self.msgs
        keys = ["col_target", "col_clause", "col_goal", "col_latest", "col_at_deadline",
                "col_since", "col_evidence"]
        national = self.has_national_column(plan)
        if national:
            keys.insert(4, "col_national")
        head = "".join(f"<th>{esc(m(k))}</th>" for k in keys)
        body = []
        for target in sorted(plan.targets, key=lambda t: not t.preferred):
            row = self.row(target)
            text = esc(self.target_text(target))
            if not target.preferred:
                text += f"<br><small>{esc(m('other_version'))}</small>"
            cells = [
                text, esc(target.clause), f"{esc(self.goal(target))} ({target.target_year})",
                self._latest(target), self.deadline_cell(target, row),
                self.since_cell(target, row), esc(self.evidence(target)),
            ]
            if national:
                cells.insert(4, self.national_cell(target))
            body.append(f'<tr data-target-id="{esc(target.id)}">'
                        + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return (f"<h3>{esc(m('status_table'))}</h3><table class='gg-table status-table' "
                f"id='status-{esc(plan.plan_id)}'><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")

    def charted_targets(self, plan: Catalog) -> list[Target]:
        """Judged targets of `plan` with at least one observation of their indicator."""
        obs = self.observations
        have = set(obs[obs["entity_id"] == self.entity]["indicator"])
        return [t for t in plan.targets if t.preferred and t.indicator in have]

    def chart_caption_html(self, target: Target) -> str:
        return f"<h4>{esc(target.clause)} — {esc(self.target_text(target))}</h4>"

    def chart(self, plan: Catalog, target: Target) -> Figure:
        context = None if self.entity == COUNTRY else COUNTRY
        return target_chart(self.observations, plan, target, self.codebook, self.msgs,
                            self.settings, context_entity=context,
                            context_label=self.msgs("chart_national_context"))

    def chart_outputs(self, plan: Catalog) -> list:
        """A caption and an embedded PNG for every target of `plan` that has data."""
        outputs: list = []
        for target in self.charted_targets(plan):
            alt = f"{target.clause}: {self.target_text(target)}"
            outputs += [HTML(self.chart_caption_html(target)),
                        as_image(self.chart(plan, target), alt=alt)]
        if outputs:
            outputs.insert(0, HTML(f"<h3>{esc(self.msgs('charts'))}</h3>"))
        return outputs

    def headline_outputs(self) -> list:
        alt = self.msgs("headline")
        return [HTML(self.headline_html()), as_image(self.headline_figure(), alt=alt)]

    def plan_heading_html(self, plan: Catalog) -> str:
        """The plan's kind ("related plan, not a green-growth action plan") and decision."""
        return (f"<h2 id='plan-{esc(plan.plan_id)}'>{esc(self.plan_name(plan))}</h2>"
                f"<p class='gg-plan-kind'>{esc(self.msgs('plan_kind_' + plan.decision.kind))}"
                f": {esc(self.decision_text(plan))}</p>")

    def plan_outputs(self) -> list:
        """Every plan, newest first: heading, status table, charts, gaps, tasks."""
        outputs: list = []
        for plan in self.plans:
            outputs += [HTML(self.plan_heading_html(plan) + self.status_table_html(plan)),
                        *self.chart_outputs(plan),
                        HTML(self.gaps_html(plan) + self.tasks_html(plan))]
        return outputs

    def _responsible(self, responsible) -> str:
        if not responsible:
            return esc(self.msgs("responsible_none"))
        return "; ".join(f"{esc(r.agency)} ({esc(self.msgs('role_' + r.role))})"
                         for r in responsible)

    def _gap_item(self, target: Target) -> str:
        item = (f"<li>{esc(target.clause)}: {esc(self.target_text(target))} — "
                f"{esc(self.msgs('responsible'))}: {self._responsible(target.responsible)}")
        if target.gap_reason:
            item += f"<br><small>{esc(self.msgs('gap_reason'))}: {esc(target.gap_reason)}</small>"
        for indicator in target.context:
            latest = latest_by_entity(self.observations, indicator)
            latest = latest[latest["entity_id"] == self.entity]
            if not latest.empty:
                r = latest.iloc[0]
                item += (f"<br><small>{esc(self.msgs('context_series'))}: "
                         f"{esc(self.codebook[indicator].name(self.lang))} "
                         f"{esc(self.fmt.value(r['value'], indicator))} ({int(r['year'])})"
                         "</small>")
        return item + "</li>"

    def request_link(self) -> str:
        """The data-request workbook for this entity and language, relative to the page
        (reports/<lang>/<slug>.html -> reports/requests/<slug>-<lang>.xlsx)."""
        return f"../requests/{self.entity}-{self.lang}.xlsx"

    def gaps_html(self, plan: Catalog) -> str:
        m = self.msgs
        missing = [t for t in plan.targets if t.preferred and self.row(t)["n_points"] == 0]
        parts = [f"<h3>{esc(m('gaps'))}</h3>"]
        if missing:
            items = "".join(self._gap_item(t) for t in missing)
            workbook = link(self.request_link(), f"{self.entity}-{self.lang}.xlsx")
            parts.append(f"<p>{esc(m('gaps_intro'))}</p>"
                         f"<ul class='data-gaps' id='gaps-{esc(plan.plan_id)}'>{items}</ul>"
                         f"<p class='gg-request'>{esc(m('gaps_request'))} {workbook}. "
                         f"{esc(m('gaps_send_back'))}</p>")
        else:
            parts.append(f"<p>{esc(m('gaps_none'))}</p>")
        if plan.monitoring:
            items = "".join(
                f"<li>{esc(x.clause)}: {esc(x.wording_vi if self.lang == 'vi' else x.label_en)}"
                f" — {esc(m('responsible'))}: {self._responsible(x.responsible)}</li>"
                for x in plan.monitoring)
            parts.append(f"<h4>{esc(m('monitored'))}</h4><ul>{items}</ul>")
        return "".join(parts)

    def tasks_html(self, plan: Catalog) -> str:
        if not plan.tasks:
            return ""
        m = self.msgs
        head = "".join(f"<th>{esc(m(k))}</th>" for k in (
            "col_task", "col_lead", "col_partners", "col_deadline", "col_years"))
        rows = "".join(
            f"<tr><td>{esc(t.task_vi)}</td><td>{esc(t.lead)}</td><td>{esc(t.partners)}</td>"
            f"<td>{esc(t.deadline_text)}</td><td>{esc(t.deadline_from)}–{esc(t.deadline_to)}"
            f"</td></tr>" for t in plan.tasks)
        return (f"<h3>{esc(m('tasks'))}</h3><table class='gg-table' id='task-table'><thead><tr>"
                f"{head}</tr></thead><tbody>{rows}</tbody></table>")

    def sources_html(self) -> str:
        m = self.msgs
        used = self.observations[self.observations["entity_id"].isin({self.entity, COUNTRY})]
        ids = sorted(set(used["source_id"]))
        table = self.sources[self.sources["source_id"].isin(ids)]
        items = "".join(
            f"<li>[{esc(r.source_id)}] {esc(r.title)} — {link(r.url, r.url)} "
            f"({esc(m('col_tier'))} {esc(r.tier)})</li>" if r.url else
            f"<li>[{esc(r.source_id)}] {esc(r.title)}</li>" for r in table.itertuples())
        for plan in self.plans:
            d = plan.decision
            where = f"data/raw/decisions/{d.source}" if d.source else f"data/raw/{d.source_table}"
            items += f"<li>{esc(m('decision'))} {esc(d.number)}: {esc(where)}</li>"
            items += "".join(
                f"<li>{esc(t.id)}: {link(t.source_url, t.source_url)}"
                f"{' — ' + esc(m('row')) + ' ' + str(t.source_row) if t.source_row else ''}"
                "</li>" for t in plan.targets if t.source_url)
        return f"<h2>{esc(m('sources'))}</h2><ul id='sources'>{items}</ul>"

    def downloads(self) -> list[Download]:
        """The observations this briefing used (the entity's, and the country's for the same
        indicators, shown as context), its trajectory rows, and everything as one XLSX."""
        indicators = {t.indicator for plan in self.plans for t in plan.targets}
        obs = self.observations
        used = obs[(obs["entity_id"] == self.entity)
                   | ((obs["entity_id"] == COUNTRY) & obs["indicator"].isin(indicators))]
        sources = self.sources[self.sources["source_id"].isin(set(used["source_id"]))]
        targets = targets_frame({p.plan_id: p for p in self.plans})
        return briefing_downloads(self.entity, used, self.trajectories, targets, sources)

    def downloads_html(self) -> str:
        """Links that open the data behind the page, embedded: no request when it opens."""
        labels = ("download_observations", "download_trajectories", "download_workbook")
        items = "".join(
            f'<li><a href="{d.data_uri}" download="{esc(d.name)}">{esc(self.msgs(label))}</a>'
            f" ({esc(d.name)})</li>" for d, label in zip(self.downloads(), labels, strict=True))
        return (f"<h2>{esc(self.msgs('downloads'))}</h2>"
                f"<ul class='gg-downloads' id='downloads'>{items}</ul>")

    def methodology_html(self) -> str:
        text = self.msgs("methodology_text", on_track=self.settings.on_track_ratio,
                         acceleration=self.settings.acceleration_ratio)
        return f"<h2>{esc(self.msgs('methodology'))}</h2><p>{esc(text)}</p>"


def load_briefing(data_dir: Path | str, province: str, lang: str, as_of: int | None = None,
                  settings: TrendSettings | None = None) -> Briefing:
    """Everything the briefing of one entity (a province slug, or `vn` for the country)
    needs, from the processed data of `data_dir`: all its plans, newest first.

    With `as_of`, observations after that year are left out and the trajectories are
    recomputed on what remains; otherwise data/processed/trajectories.csv is used as written
    by stage 2.
    """
    paths = ProjectPaths(data=Path(data_dir))
    settings = settings or TrendSettings()
    ref = load_reference(paths.data)
    plans = ref.plans
    if province not in plans:
        raise KeyError(f"no catalog for {province!r} in {paths.targets} (have: {sorted(plans)})")
    obs = read_observations(paths.observations)
    latest = int(obs["year"].max())
    if as_of is not None:
        obs = obs[obs["year"] <= as_of]
    sources = pd.read_csv(paths.processed / "sources.csv", keep_default_na=False)
    if as_of is None and paths.trajectories.exists():
        traj = pd.read_csv(paths.trajectories)
        traj = traj[traj["province_slug"] == province]
    else:
        traj = pd.DataFrame([judge_target(obs, plan, t, ref.codebook, settings, as_of)
                             for plan in plans[province] for t in plan.targets])
    return Briefing(paths, province, plans[province], ref.codebook, ref.register, obs,
                    sources, traj, load_messages(paths.messages, lang), as_of or latest,
                    settings)


# --- Export -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _exporter():
    """One configured HTMLExporter per process (nbconvert is imported only here: the
    kernel that runs notebook 03 never needs it, and it is slow to import)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="briefing", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    remover = TagRemovePreprocessor(remove_cell_tags={"remove_cell"}, enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    return exporter


def export_html(notebook_path: Path, html_path: Path, lang: str = "vi") -> Path:
    """Executed notebook -> self-contained HTML: inputs and prompts hidden, images embedded,
    no script or style fetched from the network (see templates/briefing)."""
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    body, _ = _exporter().from_notebook_node(nb, resources={"language_code": lang})
    return write_text_atomic(html_path, body)


def index_html(rows: list[dict], msgs_by_lang: dict[str, Messages],
               comparisons: dict[str, list[str]] | None = None) -> str:
    """The index page: every province in the catalog, headline counts, links per language,
    and the comparison pages."""
    m = msgs_by_lang.get("vi") or next(iter(msgs_by_lang.values()))
    header = "".join(f"<th>{esc(m(k))}</th>" for k in ("col_province", "col_headline",
                                                       "col_languages"))
    body = []
    for r in rows:
        counts = ", ".join(f"{esc(m.status(c))}: {n}" for c, n in r["counts"].items() if n)
        links = " · ".join(f'<a href="{esc(lang)}/{esc(r["slug"])}.html">{esc(lang)}</a>'
                           for lang in LANGUAGES if lang in r["langs"])
        body.append(f"<tr><td>{esc(r['name'])} ({esc(r['decision'])})</td><td>{counts}</td>"
                    f"<td>{links}</td></tr>")
    title = " / ".join(esc(x("index_title")) for x in msgs_by_lang.values())
    links = "".join(
        f"<li>{esc(lang)}: " + " · ".join(f'<a href="{esc(lang)}/{esc(name)}">{esc(name)}</a>'
                                          for name in names) + "</li>"
        for lang, names in (comparisons or {}).items() if names)
    extra = f"<h2>{esc(m('compare_pages'))}</h2><ul>{links}</ul>" if links else ""
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
            f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:900px;"
            "margin:2em auto}} table{border-collapse:collapse} td,th{border:1px solid #ccc;"
            f"padding:4px 8px}}</style></head><body><h1>{title}</h1><table><thead><tr>{header}"
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>{extra}</body></html>")


def write_index(paths: ProjectPaths, langs: list[str] | None = None) -> Path:
    """Write reports/index.html: one row per plan, the country first, each entity's plans
    newest first, linking every briefing on disk (a partial run never drops a link)."""
    ref = load_reference(paths.data)
    traj = pd.read_csv(paths.trajectories)
    traj = traj[traj["preferred"].astype(bool)]
    rows = []
    for entity, plans in ref.plans.items():
        present = [lang for lang in LANGUAGES
                   if (paths.reports / lang / f"{entity}.html").exists()]
        for plan in plans:
            counts = traj[traj["plan_id"] == plan.plan_id]["verdict"].value_counts()
            rows.append({"slug": entity, "name": ref.register.name(entity, "vi"),
                         "decision": plan.decision.number, "langs": present,
                         "counts": {c: int(counts.get(c, 0)) for c in SUMMARY_VERDICTS}})
    msgs = {lang: load_messages(paths.messages, lang) for lang in LANGUAGES}
    comparisons = {lang: sorted(p.name for p in (paths.reports / lang).glob("compare-*.html"))
                   for lang in LANGUAGES if (paths.reports / lang).is_dir()}
    return write_text_atomic(paths.reports / "index.html", index_html(rows, msgs, comparisons))


def latest_by_entity(obs: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The latest preferred, fit-eligible value of every entity for one indicator."""
    rows = obs[(obs["indicator"] == indicator) & obs["preferred"].astype(bool)
               & ~obs["status"].isin(EXCLUDED_FROM_FITS)]
    latest = rows.sort_values("year").groupby("entity_id").tail(1)
    return latest.sort_values("value", ascending=False, ignore_index=True)


def comparable_indicators(obs: pd.DataFrame, minimum: int = 3) -> list[str]:
    """Indicators with preferred values for at least `minimum` entities."""
    counts = obs[obs["preferred"].astype(bool)].groupby("indicator")["entity_id"].nunique()
    return sorted(counts[counts >= minimum].index)


def comparison_html(ctx: Context, indicator_id: str, msgs: Messages) -> str:
    """One indicator across every entity in the data, each against its own target."""
    indicator = ctx.codebook[indicator_id]
    unit = ctx.codebook.units[indicator.unit]
    lang = msgs.lang
    targets = {c.province: t for c in ctx.catalogs.values() for t in c.targets
               if t.indicator == indicator_id and t.preferred
               and c.decision.kind != "related_plan"}
    head = "".join(f"<th>{esc(msgs(k))}</th>" for k in (
        "col_area", "col_value", "col_year", "col_definition", "col_goal", "col_meets",
        "col_source"))
    rows = []
    fmt = Localizer(ctx.codebook, lang, msgs)
    for r in latest_by_entity(ctx.observations, indicator_id).itertuples():
        target = targets.get(r.entity_id)
        level = None if target is None else level_target(
            target, indicator, select_series(ctx.observations, r.entity_id, indicator_id))
        goal = f"{fmt.goal(target)} ({target.target_year})" if target else "–"
        meets = "–" if level is None else msgs(
            "answer_yes" if level.is_met(r.value) else "answer_no")
        flag = "" if r.status == "final" else f" ({r.status})"
        value = number_text(r.value, lang, indicator.decimals)
        rows.append(f"<tr><td>{esc(ctx.register.name(r.entity_id, lang))}</td>"
                    f"<td>{esc(r.qualifier)} {esc(value)}</td><td>{int(r.year)}{esc(flag)}</td>"
                    f"<td>{esc(r.definition)}</td><td>{esc(goal)}</td><td>{esc(meets)}</td>"
                    f"<td>{esc(r.source_id)}</td></tr>")
    title = msgs("compare_title", indicator=f"{indicator.name(lang)} "
                 f"({unit.name_vi if lang == 'vi' else unit.name_en})")
    return (f"<!DOCTYPE html><html lang='{esc(lang)}'><head><meta charset='utf-8'>"
            f"<title>{esc(title)}</title><style>body{{font-family:sans-serif;max-width:1000px;"
            "margin:2em auto}} table{border-collapse:collapse} td,th{border:1px solid #ccc;"
            "padding:3px 8px;text-align:left} @page{size:A4;margin:14mm}</style></head><body>"
            f"<h1>{esc(title)}</h1><p>{esc(msgs('compare_intro'))}</p>"
            f"<table id='comparison'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></body></html>")


def comparison_name(indicator_id: str) -> str:
    return f"compare-{indicator_id.replace('_', '-')}.html"


def write_comparisons(paths: ProjectPaths, langs: list[str]) -> list[Path]:
    """reports/<lang>/compare-<indicator>.html for every indicator several areas report."""
    written = []
    for lang in langs:
        ctx = load_context(paths.data, lang)
        for indicator in comparable_indicators(ctx.observations):
            page = paths.reports / lang / comparison_name(indicator)
            written.append(write_text_atomic(page, comparison_html(ctx, indicator, ctx.msgs)))
    return written


@dataclass(frozen=True)
class Context:
    """The loaded reference data and observations of a data folder (for notebook 02)."""

    codebook: Codebook
    register: Register
    catalogs: dict[str, Catalog]
    observations: pd.DataFrame
    msgs: Messages


def load_context(data_dir: Path, lang: str = "en") -> Context:
    paths = ProjectPaths(data=Path(data_dir))
    ref = load_reference(paths.data)
    return Context(ref.codebook, ref.register, ref.catalogs,
                   read_observations(paths.observations), load_messages(paths.messages, lang))
