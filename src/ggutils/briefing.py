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

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from . import __version__
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
from .targets import Catalog, Target, load_reference
from .trends import TrendSettings, evidence_parts, judge_target, select_series
from .verdicts import SUMMARY_VERDICTS

TEMPLATES = Path(__file__).parent / "templates"


def esc(value: object) -> str:
    """HTML-escape any value (quotes too)."""
    return html.escape("" if value is None else str(value), quote=True)


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
    """Everything one province's briefing shows, in one language."""

    paths: ProjectPaths
    catalog: Catalog
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
        return self.register.name(self.catalog.province, self.lang)

    def target_text(self, target: Target) -> str:
        return target.wording_vi if self.lang == "vi" else target.label_en

    def row(self, target: Target) -> pd.Series:
        """The target's trajectories.csv row; a clear error when stage 2 is out of date."""
        rows = self.trajectories[self.trajectories["target_id"] == target.id]
        if rows.empty:
            raise GGUtilsError(f"no trajectory for target {target.id!r} of "
                               f"{self.catalog.province!r} in {self.paths.trajectories}: "
                               "re-run `ggutils project` after changing a catalog")
        return rows.iloc[0]

    # -- sections ----------------------------------------------------------------------------
    def title(self) -> str:
        d = self.catalog.decision
        return (f"{self.msgs('briefing_title')}: {self.province_name()} — "
                f"{self.msgs('decision')} {d.number}")

    def header_html(self) -> str:
        d = self.catalog.decision
        title = d.title_vi if self.lang == "vi" else (d.title_en or d.title_vi)
        now = generated_at().strftime("%Y-%m-%d %H:%M UTC")
        meta = [
            f"{esc(self.msgs('decision'))} {esc(d.number)} {esc(self.msgs('of_date'))} "
            f"{esc(d.date.strftime('%d/%m/%Y'))} ({esc(d.issuer)}): {esc(title)}",
            f"{esc(self.msgs('data_cutoff'))}: {self.as_of}",
            f"{esc(self.msgs('generated_at'))}: {esc(now)}",
            f"{esc(self.msgs('package_version'))}: {esc(__version__)}",
            f"{esc(self.msgs('input_hash'))}: {esc(input_hash(self.paths.data))}",
        ]
        items = "".join(f"<li>{m}</li>" for m in meta)
        return f'<h1>{esc(self.title())}</h1><ul class="gg-meta">{items}</ul>'

    def headline_counts(self) -> dict[str, int]:
        """Targets per summary verdict (each "unconfirmed" form counted on its own)."""
        counts = self.trajectories["verdict"].value_counts()
        return {c: int(counts.get(c, 0)) for c in SUMMARY_VERDICTS}

    def headline_sentences(self) -> list[str]:
        names = {i: ind.name(self.lang) for i, ind in self.codebook.indicators.items()}
        return headline_sentences(self.trajectories, self.catalog, self.fmt, self.msgs, names)

    def headline_html(self) -> str:
        counts = self.headline_counts()
        parts = "; ".join(f"{self.msgs.status(c)}: {n}" for c, n in counts.items() if n)
        text = self.msgs("headline_text", n=len(self.catalog.targets), parts=parts)
        sentences = " ".join(self.headline_sentences())
        return (f"<h2>{esc(self.msgs('headline'))}</h2>"
                f"<p class='gg-headline' id='headline'>{esc(sentences)}</p>"
                f"<p class='gg-counts'>{esc(text)}</p>")

    def headline_figure(self) -> Figure:
        tones = {code: v.tone for code, v in self.codebook.verdicts.items()}
        return headline_chart(self.headline_counts(), self.msgs, tones)

    def _latest(self, target: Target) -> str:
        series = select_series(self.observations, self.catalog.province, target.indicator)
        if series.n == 0:
            return esc(self.msgs("no_data"))
        rows = self.observations[
            (self.observations["entity_id"] == self.catalog.province)
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
        parts = evidence_parts(select_series(self.observations, self.catalog.province,
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

    def status_table_html(self) -> str:
        m = self.msgs
        head = "".join(f"<th>{esc(m(k))}</th>" for k in (
            "col_target", "col_clause", "col_goal", "col_latest", "col_at_deadline",
            "col_since", "col_evidence"))
        body = []
        for target in self.catalog.targets:
            row = self.row(target)
            cells = [
                esc(self.target_text(target)), esc(target.clause),
                f"{esc(self.goal(target))} ({target.target_year})", self._latest(target),
                self.deadline_cell(target, row), self.since_cell(target, row),
                esc(self.evidence(target)),
            ]
            body.append(f'<tr data-target-id="{esc(target.id)}">'
                        + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return (f"<h2>{esc(m('status_table'))}</h2><table class='gg-table' id='status-table'>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    def charted_targets(self) -> list[Target]:
        """Targets with at least one observation of their indicator for this province."""
        obs = self.observations
        have = set(obs[obs["entity_id"] == self.catalog.province]["indicator"])
        return [t for t in self.catalog.targets if t.indicator in have]

    def charts_heading_html(self) -> str:
        return f"<h2>{esc(self.msgs('charts'))}</h2>"

    def chart_caption_html(self, target: Target) -> str:
        return f"<h3>{esc(target.clause)} — {esc(self.target_text(target))}</h3>"

    def chart(self, target: Target) -> Figure:
        return target_chart(self.observations, self.catalog, target, self.codebook, self.msgs,
                            self.settings)

    def chart_outputs(self) -> list:
        """Heading, then a caption and an embedded PNG for every target that has data."""
        outputs: list = [HTML(self.charts_heading_html())]
        for target in self.charted_targets():
            alt = f"{target.clause}: {self.target_text(target)}"
            outputs += [HTML(self.chart_caption_html(target)),
                        as_image(self.chart(target), alt=alt)]
        return outputs

    def headline_outputs(self) -> list:
        alt = self.msgs("headline")
        return [HTML(self.headline_html()), as_image(self.headline_figure(), alt=alt)]

    def _responsible(self, responsible) -> str:
        if not responsible:
            return esc(self.msgs("responsible_none"))
        return "; ".join(f"{esc(r.agency)} ({esc(self.msgs('role_' + r.role))})"
                         for r in responsible)

    def gaps_html(self) -> str:
        m = self.msgs
        missing = [t for t in self.catalog.targets if self.row(t)["n_points"] == 0]
        parts = [f"<h2>{esc(m('gaps'))}</h2>"]
        if missing:
            items = "".join(
                f"<li>{esc(t.clause)}: {esc(self.target_text(t))} — "
                f"{esc(m('responsible'))}: {self._responsible(t.responsible)}</li>"
                for t in missing)
            parts.append(f"<p>{esc(m('gaps_intro'))}</p><ul id='data-gaps'>{items}</ul>")
        else:
            parts.append(f"<p>{esc(m('gaps_none'))}</p>")
        if self.catalog.monitoring:
            items = "".join(
                f"<li>{esc(x.clause)}: {esc(x.wording_vi if self.lang == 'vi' else x.label_en)}"
                f" — {esc(m('responsible'))}: {self._responsible(x.responsible)}</li>"
                for x in self.catalog.monitoring)
            parts.append(f"<h3>{esc(m('monitored'))}</h3><ul>{items}</ul>")
        return "".join(parts)

    def tasks_html(self) -> str:
        if not self.catalog.tasks:
            return ""
        m = self.msgs
        head = "".join(f"<th>{esc(m(k))}</th>" for k in (
            "col_task", "col_lead", "col_partners", "col_deadline", "col_years"))
        rows = "".join(
            f"<tr><td>{esc(t.task_vi)}</td><td>{esc(t.lead)}</td><td>{esc(t.partners)}</td>"
            f"<td>{esc(t.deadline_text)}</td><td>{esc(t.deadline_from)}–{esc(t.deadline_to)}"
            f"</td></tr>" for t in self.catalog.tasks)
        return (f"<h2>{esc(m('tasks'))}</h2><table class='gg-table' id='task-table'><thead><tr>"
                f"{head}</tr></thead><tbody>{rows}</tbody></table>")

    def sources_html(self) -> str:
        m = self.msgs
        used = self.observations[self.observations["entity_id"] == self.catalog.province]
        ids = sorted(set(used["source_id"]))
        table = self.sources[self.sources["source_id"].isin(ids)]
        items = "".join(
            f"<li>[{esc(r.source_id)}] {esc(r.title)} — "
            f"<a href=\"{esc(r.url)}\">{esc(r.url)}</a> ({esc(m('col_tier'))} {esc(r.tier)})"
            f"</li>" if r.url else f"<li>[{esc(r.source_id)}] {esc(r.title)}</li>"
            for r in table.itertuples())
        decision = self.catalog.decision
        items += (f"<li>{esc(m('decision'))} {esc(decision.number)}: "
                  f"data/raw/decisions/{esc(decision.source)}</li>")
        return f"<h2>{esc(m('sources'))}</h2><ul id='sources'>{items}</ul>"

    def methodology_html(self) -> str:
        text = self.msgs("methodology_text", on_track=self.settings.on_track_ratio,
                         acceleration=self.settings.acceleration_ratio)
        return f"<h2>{esc(self.msgs('methodology'))}</h2><p>{esc(text)}</p>"


def load_briefing(data_dir: Path | str, province: str, lang: str, as_of: int | None = None,
                  settings: TrendSettings | None = None) -> Briefing:
    """Everything a briefing needs, from the processed data of `data_dir`.

    With `as_of`, observations after that year are left out and the trajectories are
    recomputed on what remains; otherwise data/processed/trajectories.csv is used as written
    by stage 2.
    """
    paths = ProjectPaths(data=Path(data_dir))
    settings = settings or TrendSettings()
    ref = load_reference(paths.data)
    codebook, register, catalogs = ref.codebook, ref.register, ref.catalogs
    if province not in catalogs:
        raise KeyError(f"no catalog for province {province!r} in {paths.targets} "
                       f"(have: {sorted(catalogs)})")
    catalog = catalogs[province]
    obs = read_observations(paths.observations)
    latest = int(obs["year"].max())
    if as_of is not None:
        obs = obs[obs["year"] <= as_of]
    sources = pd.read_csv(paths.processed / "sources.csv", keep_default_na=False)
    if as_of is None and paths.trajectories.exists():
        traj = pd.read_csv(paths.trajectories)
        traj = traj[traj["province_slug"] == province]
    else:
        traj = pd.DataFrame([judge_target(obs, catalog, t, codebook, settings)
                             for t in catalog.targets])
    return Briefing(paths, catalog, codebook, register, obs, sources, traj,
                    load_messages(paths.messages, lang), as_of or latest, settings)


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


def write_index(paths: ProjectPaths, langs: list[str]) -> Path:
    """Write reports/index.html from the catalogs and trajectories.csv."""
    ref = load_reference(paths.data)
    register, catalogs = ref.register, ref.catalogs
    traj = pd.read_csv(paths.trajectories)
    rows = []
    for slug, catalog in catalogs.items():
        counts = traj[traj["province_slug"] == slug]["verdict"].value_counts()
        present = [lang for lang in langs if (paths.reports / lang / f"{slug}.html").exists()]
        rows.append({"slug": slug, "name": register.name(slug, "vi"),
                     "decision": catalog.decision.number, "langs": present,
                     "counts": {c: int(counts.get(c, 0)) for c in SUMMARY_VERDICTS}})
    msgs = {lang: load_messages(paths.messages, lang) for lang in LANGUAGES}
    comparisons = {lang: sorted(p.name for p in (paths.reports / lang).glob("compare-*.html"))
                   for lang in langs if (paths.reports / lang).is_dir()}
    return write_text_atomic(paths.reports / "index.html", index_html(rows, msgs, comparisons))


def latest_by_entity(obs: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The latest preferred, fit-eligible value of every entity for one indicator."""
    rows = obs[(obs["indicator"] == indicator) & obs["preferred"].astype(bool)
               & ~obs["status"].isin(["period_average", "partial_year"])]
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
               if t.indicator == indicator_id}
    head = "".join(f"<th>{esc(msgs(k))}</th>" for k in (
        "col_area", "col_value", "col_year", "col_definition", "col_goal", "col_meets",
        "col_source"))
    rows = []
    for r in latest_by_entity(ctx.observations, indicator_id).itertuples():
        target = targets.get(r.entity_id)
        goal = f"{target.describe()} ({target.target_year})" if target else "–"
        meets = "–" if target is None else msgs(
            "answer_yes" if target.is_met(r.value) else "answer_no")
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
