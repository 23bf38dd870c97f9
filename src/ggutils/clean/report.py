"""Stage 1's results as a reader scans them in notebook 01: the conservation table styled,
the quarantine by reason with every row a click away, each conflict with the value preferred
and why, and the coverage heatmaps of the entities with a plan (or those asked for).

Every function returns something `IPython.display.display` shows: a pandas Styler, an HTML
block, an image, or a line of Markdown when there is nothing to show.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown
from markupsafe import Markup
from pandas.io.formats.style import Styler

from ggutils.clean.conflicts import KEYS, PREFERENCE, conflicts, preference_criteria
from ggutils.clean.validate import CONSERVATION_COLUMNS
from ggutils.project import Project, as_project

HIGHLIGHT = "background-color: #fde2c8"   # a row that needs a look (quarantined values)
MUTED = "color: #6e6e6e"                  # a value kept but not preferred
HEADER = [{"selector": "th", "props": "text-align: left; white-space: nowrap"},
          {"selector": "caption", "props": "caption-side: top; text-align: left; "
                                           "font-weight: bold; padding: 4px 0"}]


def styled(frame: pd.DataFrame, table_id: str, caption: str = "") -> Styler:
    """`frame` as a Styler with a stable table id (`T_<table_id>`), every row shown, text
    HTML-escaped and left-aligned, missing values as '–', no index."""
    styler = Styler(frame, uuid=table_id, cell_ids=False, caption=caption or None)
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return (styler.hide(axis="index").set_table_styles(HEADER)
            .format(escape="html", na_rep="–")
            .set_properties(subset=text, **{"text-align": "left"}))


def rounded(styler: Styler, indicators: pd.Series, columns: list[str], codebook) -> Styler:
    """Values in `columns` with the decimals the codebook gives each row's indicator."""
    for indicator, group in styler.data.groupby(indicators.to_numpy()):
        decimals = codebook[indicator].decimals if indicator in codebook else 2
        styler = styler.format(precision=decimals, thousands=",", na_rep="–",
                               subset=pd.IndexSlice[group.index, columns])
    return styler


def details(summary: str, body: Styler | pd.DataFrame) -> HTML:
    """A collapsed <details> section holding the whole table (no row cut off)."""
    table = body if isinstance(body, Styler) else styled(body, "details")
    return HTML(str(Markup("<details><summary>{}</summary>{}</details>").format(
        summary, Markup(table.to_html()))))


# --- Conservation --------------------------------------------------------------------------

def conservation_table(conservation: pd.DataFrame) -> Styler:
    """Values read = accepted + quarantined + empty + out_of_scope, per file and in total;
    files with quarantined values highlighted."""
    counts = CONSERVATION_COLUMNS[1:]
    total = pd.DataFrame([{"source_file": "TOTAL",
                           **conservation[counts].sum().astype(int).to_dict()}])
    frame = pd.concat([conservation, total], ignore_index=True)
    frame[counts] = frame[counts].astype(int)
    last = len(frame) - 1

    def row_style(row: pd.Series) -> list[str]:
        style = HIGHLIGHT if row["quarantined"] > 0 and row.name != last else ""
        if row.name == last:
            style = "font-weight: bold; border-top: 1px solid #444"
        return [style] * len(row)

    caption = (f"Conservation: {frame.at[last, 'values_read']} values read = "
               f"{frame.at[last, 'accepted']} accepted + {frame.at[last, 'quarantined']} "
               f"quarantined + {frame.at[last, 'empty']} empty + "
               f"{frame.at[last, 'out_of_scope']} out of scope (highlighted: files with "
               "quarantined values)")
    return styled(frame, "conservation", caption).apply(row_style, axis=1)


# --- Quarantine ----------------------------------------------------------------------------

def _listed(values: pd.Series, most: int = 3) -> str:
    """The distinct values, sorted, the first `most` named and the rest counted."""
    found = sorted({str(v) for v in values})
    more = f" and {len(found) - most} more" if len(found) > most else ""
    return "; ".join(found[:most]) + more


def quarantine_by_reason(quarantine: pd.DataFrame) -> Styler | Markdown:
    """How many values each reason set aside, with the fields and files, most first."""
    if quarantine.empty:
        return Markdown("No value was quarantined.")
    grouped = (quarantine.groupby("reason", sort=False)
               .agg(values=("raw", "size"), fields=("field", _listed),
                    files=("source_file", _listed))
               .reset_index().sort_values(["values", "reason"], ascending=[False, True]))
    caption = f"{len(quarantine)} quarantined values, by reason"
    return styled(grouped, "quarantine_reasons", caption)


def quarantine_rows(quarantine: pd.DataFrame) -> HTML | Markdown:
    """Every quarantined value (file, row, the cell as printed, field, reason), in a
    collapsed section."""
    if quarantine.empty:
        return Markdown("No quarantined row.")
    rows = styled(quarantine.reset_index(drop=True), "quarantine_rows")
    return details(f"All {len(quarantine)} quarantined values (click to open)", rows)


def conventions_rows(conventions: pd.DataFrame) -> HTML | Markdown:
    """The number convention decided per column (or per publication), collapsed."""
    if conventions.empty:
        return Markdown("No number convention was decided (no value was read as a number).")
    return details(f"Number conventions: {len(conventions)} columns or publications "
                   "(click to open)", styled(conventions, "conventions"))


# --- Conflicts -----------------------------------------------------------------------------

CONFLICT_COLUMNS = [*KEYS, "value", "preferred", "why_preferred", "definition", "status",
                    "source_tier", "source_id", "flag"]


def _why(best: pd.Series, runner_up: pd.Series, first: pd.Series, second: pd.Series) -> str:
    """The first criterion of PREFERENCE on which the preferred value beats the next one."""
    for criterion, meaning in PREFERENCE.items():
        if best[criterion] != runner_up[criterion]:
            shown = {"not_standard": "definition", "flagged": "flag", "tier": "source_tier",
                     "status": "status", "age": "source_id"}.get(criterion)
            if shown is None:
                return meaning
            return (f"{meaning}: {first[shown] or 'none'} over {second[shown] or 'none'}"
                    if shown != "flag" else meaning)
    return PREFERENCE["position"]


def conflict_rows(observations: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """Every value of each entity-indicator-year that sources or definitions disagree on,
    the preferred one first with the reason it wins (`criteria`: preference_criteria of
    the same observations)."""
    found = conflicts(observations)
    if found.empty:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    obs = observations.astype({c: object for c in
                               observations.select_dtypes("category").columns})
    in_conflict = pd.MultiIndex.from_frame(obs[KEYS]).isin(
        pd.MultiIndex.from_frame(found[KEYS]))
    ranked = pd.concat([obs.loc[in_conflict, KEYS], criteria[in_conflict]], axis=1)
    order = ranked.sort_values([*KEYS, *PREFERENCE]).index
    rows = obs.loc[order].assign(why_preferred="")
    for labels in rows.groupby(KEYS, sort=False).groups.values():
        best, runner_up = labels[0], labels[1]
        rows.at[best, "why_preferred"] = _why(criteria.loc[best], criteria.loc[runner_up],
                                              rows.loc[best], rows.loc[runner_up])
    return rows.reset_index(drop=True)[CONFLICT_COLUMNS]


def conflict_table(observations: pd.DataFrame, data: Path | Project) -> Styler | Markdown:
    """The conflicts of the observations, each value kept, the preferred one first and in
    bold with the reason (the rule of `mark_preferred`, with the registry's publication
    dates and the cleaning rules of `data`, a Project or its data folder)."""
    from ggutils.clean.rules import load_rules

    project = as_project(data)
    codebook = project.codebook
    published = {s.id: s.published for s in project.registry.sources if s.published}
    criteria = preference_criteria(observations, load_rules(project.layout.cleaning_rules),
                                   published)
    rows = conflict_rows(observations, criteria)
    if rows.empty:
        return Markdown("No conflict: no two sources or definitions give different values "
                        "for one entity, indicator and year.")
    groups = rows[KEYS].drop_duplicates().shape[0]
    caption = (f"{groups} entity-indicator-years with conflicting values ({len(rows)} values, "
               "all kept); the preferred value first, in bold, with the reason it wins")
    styler = styled(rows, "conflicts", caption).apply(
        lambda r: ["font-weight: bold" if r["preferred"] else MUTED] * len(r), axis=1)
    return rounded(styler, rows["indicator"], ["value"], codebook)


# --- Coverage ------------------------------------------------------------------------------

def coverage_entities(observations: pd.DataFrame, plans: dict, asked: str = "") -> list[str]:
    """The entities to chart: those asked for (comma-separated ids), else every entity with
    a plan (data/targets, the country first), else every entity in the observations."""
    chosen = [e.strip() for e in asked.split(",") if e.strip()]
    if chosen:
        return chosen
    return list(plans) or sorted(observations["entity_id"].astype(str).unique())


def coverage_charts(observations: pd.DataFrame, data: Path | Project, lang: str = "en",
                    entity_ids: str = "") -> list:
    """One coverage heatmap per entity (see coverage_entities), or a line saying why
    there is none (`data`: a Project or its data folder)."""
    from ggutils.brief.plots.figures import as_image
    from ggutils.brief.plots.overview import coverage_chart

    if observations.empty:
        return [Markdown("**No observation was accepted**: there is no coverage to chart "
                         "(the conservation table and the quarantine above say why).")]
    project = as_project(data)
    ref = project.reference
    msgs = project.messages(lang)
    shown = []
    for entity_id in coverage_entities(observations, ref.plans, entity_ids):
        name = ref.register.name(entity_id, lang)
        rows = observations[observations["entity_id"] == entity_id]
        if rows.empty:
            shown.append(Markdown(f"**{name}** (`{entity_id}`): no observation."))
            continue
        alt = (f"{msgs('coverage_title', entity=name)}: {len(rows)} observations of "
               f"{rows['indicator'].nunique()} indicators, {int(rows['year'].min())}-"
               f"{int(rows['year'].max())}")
        shown.append(as_image(coverage_chart(observations, entity_id, msgs, name), alt=alt))
    return shown
