"""Stage 3, pages: the Jinja environment every page is rendered with (autoescaped), the
offline HTML export of an executed briefing, the index (a verdict matrix of every plan) and
the comparison pages. Page HTML and CSS live in templates/; this module builds their
contexts."""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

import pandas as pd
from markupsafe import Markup, escape

from ggutils.assess.series import EXCLUDED_FROM_FITS, select_series
from ggutils.assess.trends import Context, level_target, load_context
from ggutils.brief.localize import Localizer, number_text
from ggutils.io import read_csv, write_text_atomic
from ggutils.project import Layout
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import LANGUAGES, Messages, load_messages
from ggutils.reference.provinces import Register
from ggutils.reference.targets import COUNTRY, Reference, load_reference

TEMPLATES = Path(__file__).parent / "templates"
INDEX_PAGES = {"vi": "index.html", "en": "index-en.html"}
ENTITY_TYPES = ("country", "region", "province")


@functools.lru_cache(maxsize=1)
def environment():
    """Jinja with autoescape on: text from data never becomes markup."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["identifiers"] = identifiers
    return env


IDENTIFIER = re.compile(r"\b[\w.-]+(?:/[\w.-]+)+"                        # a path
                        r"|\b[A-Za-z]+(?:_[A-Za-z0-9]+)+(?:\.[a-z]+)?\b"  # a column name
                        r"|\b[\w-]+\.(?:csv|md|yml)\b")                  # a file name


def identifiers(text: object) -> Markup:
    """Escaped text with dataset column names and file names ('energy_per_gdp',
    'README.md') set as code: identifiers, not words of either language."""
    escaped = str(escape("" if text is None else str(text)))
    return Markup(IDENTIFIER.sub(lambda m: f"<code>{m.group(0)}</code>", escaped))


def render(template: str, **context) -> str:
    """templates/pages/<template> rendered with `context`."""
    return environment().get_template(f"pages/{template}").render(**context)


def esc(value: object) -> str:
    """HTML-escape any value, quotes too (for the few fragments built outside templates)."""
    return str(escape("" if value is None else str(value)))


def is_safe_link(url: str, depth: int = 1) -> bool:
    """Only http(s) addresses and relative paths that stay inside the reports folder become
    anchors; never javascript:, data:, file: or any other scheme.

    Refused as well, because a browser resolves them to another scheme or host (on a page
    opened from disk, to file://, and on Windows to a network share that is sent the user's
    credentials): any backslash (`\\\\host\\share`, `/\\host/p`, which browsers read as
    `//host/p`), a control character or line break (browsers drop them, so they can hide a
    scheme), a path from the root (`/etc/passwd`) or from another host (`//host/p`), and a
    relative path climbing more than `depth` folders (the page's depth inside the reports:
    1 for reports/<lang>/<page>.html), percent-encoded dots included.
    """
    from urllib.parse import unquote, urlsplit

    from ggutils.text import control_character

    text, plain = url.strip(), unquote(url)
    if not text or "\\" in plain or control_character(plain) or "\t" in plain \
            or "\n" in plain:
        return False
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    if scheme or text.startswith("/"):
        return False
    path = unquote(parts.path)
    if not path:
        return True  # '#part' or '?query' of the page itself
    folders = posixpath.normpath(path).split("/")
    return not path.startswith("/") and folders.count("..") <= depth


def link_context(url: object, text: object, depth: int = 1) -> dict:
    """A link for a template: `href` only for a safe address (is_safe_link, for a page
    `depth` folders inside the reports), else the text alone."""
    url = "" if url is None else str(url)
    return {"href": url if url and is_safe_link(url, depth) else "", "text": "" if text is None
            else str(text)}


def host_of(url: object) -> str:
    """The host of an address ('vietnamplus.vn'), the short text a source link shows."""
    from urllib.parse import urlsplit

    text = "" if url is None else str(url)
    return urlsplit(text).netloc.removeprefix("www.") or text


def link(url: object, text: object) -> str:
    """An escaped anchor for a safe address, else the escaped text alone."""
    return render("link.html.j2", l=link_context(url, text))


def css_string(text: str) -> str:
    """`text` as a CSS string literal (for @page margin boxes)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>' or ord(c) < 32 else c
                         for c in text) + '"'


# --- Briefing export ------------------------------------------------------------------------

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
    no script or style fetched from the network (see templates/briefing). The <title> and
    the printed pages' margins come from the `ggutils` metadata the briefing's header output
    carries (`print_margins`)."""
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    title, footer = print_margins(nb)
    resources = {"language_code": lang, "metadata": {"name": title},
                 "gg_print_header": css_string(title), "gg_print_footer": css_string(footer)}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return write_text_atomic(html_path, body)


def print_margins(nb) -> tuple[str, str]:
    """(title, footer) of an executed briefing, from its first HTML output that carries
    `ggutils` metadata (IPython files a display's metadata under its media type): 'Green-
    growth briefing: Kon Tum', and its plans with the date. A plain title otherwise."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            marks = output.get("metadata", {}).get("text/html", {}).get("ggutils")
            if marks:
                return str(marks.get("title", "")), str(marks.get("footer", ""))
    return "ggutils", ""


def briefing_title(msgs: Messages, register: Register, entity: str) -> str:
    """'Green-growth briefing: Kon Tum' (the page's <title> and first heading)."""
    return f"{msgs('briefing_title')}: {register.name(entity, msgs.lang)}"


# --- Index: every plan's verdicts by indicator family ----------------------------------------

def _successor(register: Register, entity: str) -> str | None:
    """The slug of the province an entity belongs to since the 2025 reorganisation (itself
    when it kept its name), from the register's successor code; None for the country."""
    if entity == COUNTRY:
        return None
    code = register.entity(entity).get("successor_2025_code")
    provinces = register.provinces
    match = provinces[provinces["gso_code"] == code]
    return str(match.iloc[0]["entity_id"]) if isinstance(code, str) and not match.empty \
        else entity


def _successor_group(register: Register, entity: str, lang: str) -> tuple[str, str]:
    """(sort key, heading) of the 2025 province an entity belongs to; the country first."""
    successor = _successor(register, entity)
    if successor is None:
        return ("0", register.name(entity, lang))
    return ("1" + register.name(successor, "en"), register.name(successor, lang))


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


def index_page(paths: Layout, lang: str, ref: Reference | None = None,
               traj: pd.DataFrame | None = None) -> str:
    """One row per plan (grouped by the 34 provinces of 2025, the country first), one column
    per indicator family, every briefing on disk linked in both languages. `ref` and `traj`
    (the preferred trajectory rows) are loaded when not given."""
    ref = ref or load_reference(paths.data)
    msgs = load_messages(paths.messages, lang)
    if traj is None:
        traj = read_csv(paths.trajectories)
        traj = traj[traj["preferred"].astype(bool)]
    groups: dict[tuple[str, str], list[dict]] = {}
    for entity, plans in ref.plans.items():
        links = [{"href": f"{other}/{entity}.html", "text": msgs(f"language_{other}")}
                 for other in LANGUAGES if (paths.reports / other / f"{entity}.html").exists()]
        for plan in plans:
            rows = traj[traj["plan_id"] == plan.plan_id]
            d = plan.decision
            groups.setdefault(_successor_group(ref.register, entity, lang), []).append({
                "plan_id": plan.plan_id, "entity": _entity_label(ref.register, entity, msgs),
                "plan": f"{msgs('plan_kind_' + d.kind)}: {d.number} ({d.year})",
                "cells": _family_cells(rows, ref.codebook, msgs), "links": links})
    other = [lang_ for lang_ in LANGUAGES if lang_ != lang][0]
    comparisons = [{"href": f"{lang}/{p.name}", "text": _comparison_title(p, ref.codebook, msgs)}
                   for p in sorted((paths.reports / lang).glob("compare-*.html"))]
    return render("index.html.j2", lang=lang, title=msgs("index_title"),
                  intro=msgs("index_intro"),
                  other_language={"href": INDEX_PAGES[other], "text": msgs("other_language")},
                  col_plan=msgs("col_plan"), col_briefings=msgs("col_languages"),
                  families=[f.name(lang) for f in ref.codebook.families] + [msgs("family_other")],
                  groups=[{"name": key[1], "rows": rows}
                          for key, rows in sorted(groups.items())],
                  compare_heading=msgs("compare_pages"), comparisons=comparisons)


def write_index(paths: Layout, langs: list[str] | None = None) -> list[Path]:
    """Write the index in each language (reports/index.html, reports/index-en.html), from
    every briefing on disk: a partial run never drops a link."""
    ref = load_reference(paths.data)
    traj = read_csv(paths.trajectories)
    traj = traj[traj["preferred"].astype(bool)]
    return [write_text_atomic(paths.reports / INDEX_PAGES[lang],
                              index_page(paths, lang, ref, traj)) for lang in LANGUAGES]


# --- Comparison pages --------------------------------------------------------------------------

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


def comparison_name(indicator_id: str) -> str:
    return f"compare-{indicator_id.replace('_', '-')}.html"


def _comparison_title(page: Path, codebook: Codebook, msgs: Messages) -> str:
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
    for entity_type in ENTITY_TYPES:
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
                  back={"href": f"../{INDEX_PAGES[lang]}", "text": msgs("back_to_index")})


def write_comparisons(paths: Layout, langs: list[str]) -> list[Path]:
    """reports/<lang>/compare-<indicator>.html for every indicator several areas report."""
    written = []
    for lang in langs:
        ctx = load_context(paths.data, lang)
        cutoff = int(ctx.observations["year"].max())
        for indicator in comparable_indicators(ctx.observations):
            page = paths.reports / lang / comparison_name(indicator)
            html = comparison_html(ctx, indicator, ctx.msgs, cutoff)
            written.append(write_text_atomic(page, html))
    return written
