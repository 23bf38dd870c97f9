"""One target's chart (briefings, notebook 02): the points it draws (`chart_points`, also
its CSV download), the years it spans, the target as a line or a band, the trend with its
bands, the observations by source tier, the national context, and its alternative text."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from ggutils.assess.measures import level_target
from ggutils.assess.series import EXCLUDED_FROM_FITS, select_series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import trend_path
from ggutils.brief.localize import Localizer
from ggutils.brief.plots.figures import new_figure, share_axis, themed
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.targets import Catalog, Target

# What each point of a target's chart is (the `series` column of its points and CSV download)
JUDGED, OTHER_DEFINITION, CONTEXT = "judged", "other_definition", "context"
POINT_COLUMNS = ["year", "value", "status", "source_id", "source_tier", "entity_id",
                 "indicator", "definition", "series"]
TARGET_COLOUR = "#c0392b"
TIER_MARKERS = {1: "o", 2: "s", 3: "^"}


def chart_years(points: pd.DataFrame, target: Target, decision_year: int) -> tuple[float, float]:
    """The x range of a target's chart: its observations (the entity's, of every definition),
    the baseline (the target's base year, else the decision year) and the deadline, with a
    margin of 4 % of the span (at least half a year) on each side."""
    own = points[points["series"] != CONTEXT]["year"].astype(float).tolist()
    years = [*own, float(target.target_year), float(decision_year)]
    if target.base_year is not None:
        years.append(float(target.base_year))
    low, high = min(years), max(years)
    margin = max(0.5, 0.04 * (high - low))
    return low - margin, high + margin


def _points_of(rows: pd.DataFrame, series: str) -> pd.DataFrame:
    frame = rows.assign(series=series)
    if "source_id" not in frame:
        frame = frame.assign(source_id="")
    return frame.reindex(columns=POINT_COLUMNS)


def chart_points(obs: pd.DataFrame, catalog: Catalog, target: Target,
                 context_entity: str | None = None) -> pd.DataFrame:
    """Every point a target's chart draws, oldest first within each part, with `series`
    saying which part: the values the target is judged on (`assess.series.select_series`:
    preferred, fit-eligible, one definition), the entity's preferred values of other
    definitions (never joined to them), and `context_entity`'s values of the judged
    definition inside the chart's years. Values are as observed (never rounded)."""
    entity, indicator = catalog.entity_id, target.indicator
    series = select_series(obs, entity, indicator)
    eligible = obs[(obs["indicator"] == indicator) & obs["preferred"].astype(bool)
                   & ~obs["status"].isin(EXCLUDED_FROM_FITS) & obs["value"].notna()]
    own = eligible[eligible["entity_id"] == entity]
    judged = own[own["definition"] == series.definition] if series.n else own.iloc[:0]
    other = own[own["definition"] != series.definition] if series.n else own
    parts = [_points_of(judged.sort_values("year"), JUDGED),
             _points_of(other.sort_values(["definition", "year"]), OTHER_DEFINITION)]
    if context_entity is not None and series.n:
        low, high = chart_years(pd.concat(parts), target, catalog.decision.year)
        context = eligible[(eligible["entity_id"] == context_entity)
                           & (eligible["definition"] == series.definition)
                           & eligible["year"].between(low, high)]
        parts.append(_points_of(context.sort_values("year"), CONTEXT))
    frame = pd.concat([p for p in parts if not p.empty] or parts[:1], ignore_index=True)
    return frame.astype({"year": int, "value": float})


@dataclass(frozen=True)
class TargetShape:
    """The target as drawn: a line at `low` (a one-sided level), or a band from `low` to
    `high` (a range; a hold '=' with a tolerance, from the tolerated level to the value)."""

    low: float
    high: float | None = None


def target_shape(target: Target, indicator, series) -> TargetShape | None:
    """A one-sided target is its level (`assess.measures.level_target`: a change target on
    the base-year value); a range (or a range to hold, '=' with low and high) is the whole
    band, each end turned into a level the same way; a hold of one value with a tolerance is
    the band of values that count as holding it. None when the level cannot be derived (a
    change target without its base-year value)."""
    level = level_target(target, indicator, series)
    if level is None:
        return None
    if target.is_range:
        ends = [level_target(target.model_copy(update={
                    "comparator": ">=", "value": end, "low": None, "high": None}),
                    indicator, series) for end in (target.low, target.high)]
        return TargetShape(*sorted(float(e.value) for e in ends))
    if target.comparator == "=" and level.margin(float(level.value)) > 0:
        return TargetShape(*sorted((level.threshold(), float(level.value))))
    return TargetShape(float(level.value))


def _draw_target_shape(ax, shape: TargetShape, label: str) -> None:
    if shape.high is None:
        ax.axhline(shape.low, color=TARGET_COLOUR, linestyle="--", linewidth=1.4, label=label)
    else:
        ax.axhspan(shape.low, shape.high, facecolor=TARGET_COLOUR, alpha=0.18,
                   edgecolor=TARGET_COLOUR, linestyle="--", linewidth=1.0, label=label)


def target_chart(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                 msgs: Messages, settings: TrendSettings | None = None,
                 context_entity: str | None = None, context_label: str = "") -> Figure:
    """Observations by source tier and definition (not-final values hollow), the trend with
    its 80/95 % bands, the target (a line, or a band), its deadline and the decision year,
    and `context_entity`'s series of the same definition as a labelled context line (never
    judged), over the years of `chart_years`. Sized to stay legible on a 390 px phone and
    on paper; the legend sits below the plot, inside the figure."""
    with mpl.rc_context(themed()):
        fig = new_figure(figsize=(4.6, 3.1), dpi=110, layout="constrained")
        ax = fig.add_subplot()
        draw_target(ax, obs, catalog, target, codebook, msgs, settings, context_entity,
                    context_label)
        handles, labels = ax.get_legend_handles_labels()
        fig.set_figheight(3.1 + 0.24 * len(labels))  # the plot keeps its height
        fig.legend(handles, labels, loc="outside lower center", ncol=1, frameon=False,
                   fontsize=10)
    return fig


def draw_context(ax, points: pd.DataFrame, label: str) -> None:
    """Another entity's values (same definition), as a grey dashed context line."""
    if points.empty:
        return
    ax.plot(points["year"], points["value"], color="#7f7f7f", linestyle="--", marker=".",
            linewidth=1.0, zorder=2, label=label)


def _draw_trend(ax, path: pd.DataFrame | None, series, target: Target, msgs: Messages,
                until: float) -> None:
    if path is not None:
        path = path[path["year"] <= until]
        if "pi95_low" in path:
            ax.fill_between(path["year"], path["pi95_low"], path["pi95_high"], color="#9ecae1",
                            alpha=0.35, label=msgs("chart_pi95"))
            ax.fill_between(path["year"], path["pi80_low"], path["pi80_high"], color="#6baed6",
                            alpha=0.45, label=msgs("chart_pi80"))
        ax.plot(path["year"], path["fit"], color="#08519c", linewidth=1.5,
                label=msgs("chart_fit"))
    elif series.n == 2:  # endpoint rate only: drawn dashed, labelled indicative
        horizon = max(target.target_year, int(series.years[-1]))
        rate = (series.values[1] - series.values[0]) / (series.years[1] - series.years[0])
        ax.plot([series.years[0], horizon],
                [series.values[0], series.values[-1] + rate * (horizon - series.years[-1])],
                color="#08519c", linestyle="--", linewidth=1.2,
                label=msgs("chart_fit_indicative"))


def _draw_observations(ax, points: pd.DataFrame, msgs: Messages) -> None:
    judged = points[points["series"] == JUDGED]
    for (tier, final), group in judged.groupby(
            [judged["source_tier"].astype(int), judged["status"] == "final"]):
        ax.scatter(group["year"], group["value"], marker=TIER_MARKERS.get(int(tier), "o"),
                   s=40, zorder=3, facecolors="#08306b" if final else "white",
                   edgecolors="#08306b",
                   label=f"{msgs('chart_observed') if final else msgs('chart_not_final')}"
                         f" ({msgs('col_tier').lower()} {int(tier)})")
    other = points[points["series"] == OTHER_DEFINITION]
    if not other.empty:
        ax.scatter(other["year"], other["value"], marker="x", color="#7f7f7f", zorder=3,
                   label=msgs("chart_other_definition"))


def draw_target(ax, obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                msgs: Messages, settings: TrendSettings | None = None,
                context_entity: str | None = None, context_label: str = "") -> None:
    """Draw one target's chart on `ax` (shared by briefings and notebook 02's grid): exactly
    the points of `chart_points`, over the years of `chart_years`."""
    indicator = codebook[target.indicator]
    lang = msgs.lang
    series = select_series(obs, catalog.entity_id, target.indicator)
    points = chart_points(obs, catalog, target, context_entity)
    low, high = chart_years(points, target, catalog.decision.year)
    _draw_trend(ax, trend_path(obs, catalog, target, codebook, settings), series, target, msgs,
                high)
    _draw_observations(ax, points, msgs)
    shape = target_shape(target, indicator, series)
    if shape is not None:
        goal = Localizer(codebook, lang, msgs).goal(target)
        _draw_target_shape(ax, shape, f"{msgs('chart_target')}: {goal}")
    ax.axvline(target.target_year, color=TARGET_COLOUR, linestyle=":", linewidth=1.0,
               label=f"{msgs('chart_deadline')} {target.target_year}")
    ax.axvline(catalog.decision.year, color="#555555", linewidth=0.8,
               label=f"{msgs('chart_decision_year')} {catalog.decision.year}")
    if target.base_year is not None and target.base_year != catalog.decision.year:
        ax.axvline(target.base_year, color="#555555", linestyle="-.", linewidth=0.8,
                   label=f"{msgs('chart_base_year')} {target.base_year}")
    draw_context(ax, points[points["series"] == CONTEXT], context_label)
    share_axis(ax, indicator, Localizer(codebook, lang).unit(target.indicator), msgs)
    ax.set_xlim(low, high)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True, nbins=6))
    ax.set_xlabel(msgs("chart_year"))
    ax.set_title(textwrap.fill(indicator.name(lang), 40))


def chart_alt_text(title: str, target_text: str, series, fmt: Localizer, indicator: str,
                   msgs: Messages) -> str:
    """The chart's title and the values it shows, for readers who cannot see it."""
    values = ", ".join(f"{int(y)}: {fmt.value(v, indicator)}"
                       for y, v in zip(series.years, series.values, strict=True))
    return msgs("chart_alt", title=title, target=target_text.rstrip(". "),
                values=values or msgs("no_data"))
