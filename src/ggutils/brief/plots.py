"""Charts for notebooks and briefings. Titles, units and labels come from the codebook and
the message catalogue; figures are built without pyplot's global state."""

from __future__ import annotations

import functools
import io
import textwrap
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
import yaml
from IPython.display import Image
from matplotlib.figure import Figure

from ggutils.assess.measures import level_target
from ggutils.assess.series import EXCLUDED_FROM_FITS, select_series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import trend_path
from ggutils.brief.localize import Localizer
from ggutils.brief.render import TEMPLATES
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.targets import Catalog, Target

# Colours by the tone the codebook gives each verdict (notebook 02's verdict cells; pages mark
# each verdict with its own colour and icon: data/reference/verdict_marks.yml).
TONE_COLOURS = {"good": "#1a7f37", "unconfirmed": "#a6d49b", "short": "#d4a017",
                "away": "#c0392b", "unknown": "#8c8c8c"}
TIER_MARKERS = {1: "o", 2: "s", 3: "^"}


def _figure(**kwargs) -> Figure:
    """A figure with an Agg canvas, so that measuring text while laying it out reuses one
    renderer (without, a coverage heatmap made 37, each the size of the figure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(Figure(**kwargs)).figure


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """A figure as PNG bytes (no reliance on the kernel's matplotlib backend)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def as_image(fig: Figure, alt: str = "", dpi: int = 110) -> Image:
    """A figure as an embedded PNG with alternative text."""
    return Image(data=png_bytes(fig, dpi), format="png", alt=alt or None)


THEME_FILE = TEMPLATES / "chart_theme.yml"
# seaborn's default colormap, "rocket", exists only once seaborn is imported (it registers it);
# no chart of ours draws with the default colormap (the heatmap names its own), so the theme
# leaves that setting to matplotlib.
NOT_IN_THEME = ("image.cmap",)


def seaborn_theme() -> dict:
    """seaborn's whitegrid style at "paper" scale, fonts x 1.25 (>= 8 pt on A4), as an rc
    dict, but NOT_IN_THEME: what THEME_FILE holds (imports seaborn, so scipy.stats: about
    1 s)."""
    import seaborn as sns

    rc = {**sns.axes_style("whitegrid"), **sns.plotting_context("paper", font_scale=1.25)}
    return {k: v for k, v in rc.items() if not k.startswith("_") and k not in NOT_IN_THEME}


@functools.lru_cache(maxsize=1)
def _theme() -> tuple:
    return tuple(yaml.safe_load(THEME_FILE.read_text(encoding="utf-8")).items())


def themed() -> dict:
    """The theme of every chart, an rc dict for `mpl.rc_context` (templates/chart_theme.yml:
    `seaborn_theme()` written out, so a briefing draws without importing seaborn)."""
    return dict(_theme())


# --- One target's chart -----------------------------------------------------------------

# What each point of a target's chart is (the `series` column of its points and CSV download)
JUDGED, OTHER_DEFINITION, CONTEXT = "judged", "other_definition", "context"
POINT_COLUMNS = ["year", "value", "status", "source_id", "source_tier", "entity_id",
                 "indicator", "definition", "series"]
TARGET_COLOUR = "#c0392b"


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
        fig = _figure(figsize=(4.6, 3.1), dpi=110, layout="constrained")
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


def _share_axis(ax, indicator, unit: str, msgs: Messages) -> None:
    """A bounded share keeps its zero in view, or the axis label says where it is cut (in
    the label, where no point can hide it). The y label is the unit."""
    ax.set_ylabel(unit)
    if indicator.lower is None or indicator.upper is None:
        return
    low, high = ax.get_ylim()
    low, high = max(low, indicator.lower), min(high, indicator.upper)
    if low - indicator.lower <= 0.35 * (indicator.upper - indicator.lower):
        low = indicator.lower
    else:
        ax.set_ylabel(f"{unit} ({msgs('chart_axis_cut', low=f'{low:.0f}')})")
    ax.set_ylim(low, high)


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
    _share_axis(ax, indicator, Localizer(codebook, lang).unit(target.indicator), msgs)
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


def coverage_grid(obs: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Observations (every source and definition) per indicator and year of one entity,
    over the years from its first to its last value; a year without any is NaN."""
    rows = obs[obs["entity_id"] == entity]
    if rows.empty:
        return pd.DataFrame()
    years = list(range(int(rows["year"].min()), int(rows["year"].max()) + 1))
    grid = pd.crosstab(rows["indicator"].astype(str), rows["year"].astype(int))
    return grid.reindex(columns=years).replace(0, np.nan).rename_axis(index=None, columns=None)


def coverage_chart(obs: pd.DataFrame, entity: str, msgs: Messages, name: str = "") -> Figure:
    """One entity's indicator x year heatmap: each cell the number of observations (every
    source and definition), annotated, with its colour key; a blank cell has none."""
    import seaborn as sns

    grid = coverage_grid(obs, entity)
    with mpl.rc_context(themed()):
        fig = _figure(figsize=(max(6.0, 2.8 + 0.42 * grid.shape[1]),
                              1.6 + 0.34 * max(len(grid), 1)), dpi=110)
        ax = fig.add_subplot()
        sns.heatmap(grid, ax=ax, annot=True, fmt=".0f", cmap="Greens", vmin=0,
                    vmax=max(3, float(np.nanmax(grid.to_numpy()))) if not grid.empty else 3,
                    linewidths=0.5, linecolor="#dddddd", annot_kws={"fontsize": 8},
                    cbar_kws={"label": msgs("coverage_key"), "shrink": 0.8})
        ax.grid(False)
        ax.collections[0].colorbar.locator = mpl.ticker.MaxNLocator(integer=True)
        ax.collections[0].colorbar.update_ticks()
        ax.set_xlabel(msgs("chart_year"))
        ax.set_ylabel("")
        ax.tick_params(axis="x", labelrotation=90, labelsize=8)
        ax.tick_params(axis="y", labelsize=8)
        ax.set_title(msgs("coverage_title", entity=name or entity), loc="left")
        fig.tight_layout()
    return fig


def _status_label(status: str, msgs: Messages) -> str:
    return msgs("chart_observed") if status == "final" else msgs(f"obs_status_{status}")


def series_chart(rows: pd.DataFrame, indicator_id: str, codebook: Codebook, msgs: Messages,
                 title: str) -> Figure:
    """Every observation of one entity and indicator, no target: the preferred values as a
    line per definition (marker by status), the values not preferred as grey crosses;
    the legend below the plot."""
    import seaborn as sns

    definition, status = msgs("col_definition"), msgs("col_status")
    preferred = rows[rows["preferred"].astype(bool)].sort_values("year").assign(**{
        definition: lambda r: [msgs(f"definition_{d}") for d in r["definition"]],
        status: lambda r: [_status_label(s, msgs) for s in r["status"]]})
    others = rows[~rows["preferred"].astype(bool)]
    with mpl.rc_context(themed()):
        fig = _figure(figsize=(7.0, 4.6), dpi=110)
        ax = fig.add_subplot()
        sns.lineplot(data=preferred, x="year", y="value", hue=definition, estimator=None,
                     ax=ax, palette="dark", legend=False, linewidth=1.2)
        sns.scatterplot(data=preferred, x="year", y="value", hue=definition, style=status,
                        ax=ax, palette="dark", s=50, zorder=3)
        if not others.empty:
            ax.scatter(others["year"], others["value"], marker="x", color="#7f7f7f",
                       zorder=3, label=msgs("chart_not_preferred"))
        _share_axis(ax, codebook[indicator_id], Localizer(codebook, msgs.lang).unit(indicator_id),
                    msgs)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_xlabel(msgs("chart_year"))
        ax.set_title(title)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False,
                  fontsize=9)
        fig.tight_layout()
    return fig


def comparison_chart(latest: pd.DataFrame, entity: str, indicator_id: str,
                     codebook: Codebook, msgs: Messages, names: dict[str, str],
                     group_label: str) -> Figure:
    """The latest value of every entity in `latest` as horizontal bars, largest first,
    `entity` in its own colour; each bar labelled with its area and year; the key says
    which colour is which."""
    import seaborn as sns

    frame = latest.assign(
        area=[f"{names.get(e, e)} ({int(y)})" for e, y in
              zip(latest["entity_id"], latest["year"], strict=True)],
        who=[names.get(entity, entity) if e == entity else group_label
             for e in latest["entity_id"]])
    palette = {names.get(entity, entity): "#c0392b", group_label: "#9ecae1"}
    with mpl.rc_context(themed()):
        fig = _figure(figsize=(7.0, 1.9 + 0.24 * len(frame)), dpi=110)
        ax = fig.add_subplot()
        sns.barplot(data=frame, y="area", x="value", hue="who", palette=palette,
                    dodge=False, ax=ax, orient="h")
        ax.set_xlabel(Localizer(codebook, msgs.lang).unit(indicator_id))
        ax.set_ylabel("")
        ax.tick_params(axis="y", labelsize=8)
        ax.set_title(codebook[indicator_id].name(msgs.lang), pad=26)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False,
                  fontsize=9)
        fig.tight_layout()
    return fig


if __name__ == "__main__":  # write THEME_FILE again from the installed seaborn
    header = "".join(line for line in THEME_FILE.read_text(encoding="utf-8").splitlines(True)
                     if line.startswith("#"))
    THEME_FILE.write_text(header + yaml.safe_dump(seaborn_theme(), sort_keys=False),
                          encoding="utf-8")
