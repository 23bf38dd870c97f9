"""Charts for notebooks and briefings. Titles, units and labels come from the codebook and
the message catalogue; figures are built without pyplot's global state."""

from __future__ import annotations

import io

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import Image
from matplotlib.figure import Figure

from ggutils.assess.measures import level_target
from ggutils.assess.series import EXCLUDED_FROM_FITS, select_series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import trend_path
from ggutils.assess.verdicts import SUMMARY_VERDICTS
from ggutils.brief.localize import Localizer
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.targets import Catalog, Target

# Colours by the tone the codebook gives each verdict; every bar segment also carries its
# label, so colour is never the only signal.
TONE_COLOURS = {"good": "#1a7f37", "unconfirmed": "#a6d49b", "short": "#d4a017",
                "away": "#c0392b", "unknown": "#8c8c8c"}
TONE_HATCHES = {"good": "", "unconfirmed": "//", "short": "", "away": "xx", "unknown": ".."}
TIER_MARKERS = {1: "o", 2: "s", 3: "^"}


def as_image(fig: Figure, alt: str = "", dpi: int = 110) -> Image:
    """A figure as an embedded PNG with alternative text (no reliance on the kernel's
    matplotlib backend)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return Image(data=buffer.getvalue(), format="png", alt=alt or None)


def themed() -> dict:
    """The seaborn theme of every chart (as an rc dict for `plt.rc_context`-free use):
    seaborn's whitegrid style at "paper" scale, with fonts that stay >= 8 pt on A4."""
    rc = {**sns.axes_style("whitegrid"), **sns.plotting_context("paper", font_scale=1.25)}
    return {k: v for k, v in rc.items() if not k.startswith("_")}


def headline_chart(counts: dict[str, int], msgs: Messages, tones: dict[str, str]) -> Figure:
    """Target counts per verdict as one stacked bar, each segment coloured by its tone, and
    every verdict named with its count in the legend below (colour is never the only
    signal, and no label has to fit inside a small segment)."""
    with mpl.rc_context(themed()):
        fig = Figure(figsize=(7.0, 1.1), dpi=110)
        ax = fig.add_subplot()
        left = 0
        for category in SUMMARY_VERDICTS:
            n = counts.get(category, 0)
            if not n:
                continue
            ax.barh(0, n, left=left, color=TONE_COLOURS[tones[category]], edgecolor="white",
                    hatch=TONE_HATCHES[tones[category]], label=f"{msgs.status(category)}: {n}")
            left += n
        ax.set_xlim(0, max(left, 1))
        ax.set_axis_off()
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.05), ncol=4, frameon=False,
                  fontsize=9, columnspacing=1.2, handlelength=1.2)
        fig.tight_layout(pad=0.2)
    return fig


def _target_band(ax, target: Target, colour: str, label: str) -> None:
    if target.comparator == "range":
        ax.axhspan(target.low, target.high, color=colour, alpha=0.15, label=label)
    else:
        ax.axhline(target.value, color=colour, linestyle="--", linewidth=1.2, label=label)


def target_chart(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                 msgs: Messages, settings: TrendSettings | None = None,
                 context_entity: str | None = None, context_label: str = "") -> Figure:
    """Observations by source tier and definition (not-final values hollow), the trend with
    its 80/95 % bands, the target, its deadline and the decision year, and
    `context_entity`'s series of the same definition as a labelled context line (never
    judged). The legend sits below the plot, inside the figure."""
    with mpl.rc_context(themed()):
        fig = Figure(figsize=(7.0, 4.6), dpi=110)
        ax = fig.add_subplot()
        draw_target(ax, obs, catalog, target, codebook, msgs, settings, context_entity,
                    context_label)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False,
                  fontsize=9)
        fig.tight_layout()
    return fig


def draw_context(ax, obs: pd.DataFrame, entity: str, indicator: str, definition: str,
                 label: str) -> None:
    """Another entity's preferred values of the indicator (same definition), as a grey
    dashed context line."""
    rows = obs[(obs["entity_id"] == entity) & (obs["indicator"] == indicator)
               & obs["preferred"].astype(bool) & ~obs["status"].isin(EXCLUDED_FROM_FITS)]
    if definition:
        rows = rows[rows["definition"] == definition]
    if rows.empty:
        return
    sns.lineplot(data=rows.sort_values("year"), x="year", y="value", ax=ax, color="#7f7f7f",
                 linestyle="--", marker=".", linewidth=1.0, zorder=2, label=label,
                 estimator=None)


def _draw_trend(ax, path: pd.DataFrame | None, series, target: Target, msgs: Messages) -> None:
    if path is not None:
        if "pi95_low" in path:
            ax.fill_between(path["year"], path["pi95_low"], path["pi95_high"], color="#9ecae1",
                            alpha=0.35, label=msgs("chart_pi95"))
            ax.fill_between(path["year"], path["pi80_low"], path["pi80_high"], color="#6baed6",
                            alpha=0.45, label=msgs("chart_pi80"))
        sns.lineplot(data=path, x="year", y="fit", ax=ax, color="#08519c", linewidth=1.5,
                     label=msgs("chart_fit"), estimator=None)
    elif series.n == 2:  # endpoint rate only: drawn dashed, labelled indicative
        horizon = max(target.target_year, int(series.years[-1]))
        rate = (series.values[1] - series.values[0]) / (series.years[1] - series.years[0])
        ax.plot([series.years[0], horizon],
                [series.values[0], series.values[-1] + rate * (horizon - series.years[-1])],
                color="#08519c", linestyle="--", linewidth=1.2,
                label=msgs("chart_fit_indicative"))


def _draw_observations(ax, rows: pd.DataFrame, definition: str, msgs: Messages) -> None:
    shown = rows[~rows["status"].isin(EXCLUDED_FROM_FITS)]
    used = shown["definition"] == (definition or "standard")
    for (tier, final), group in shown[used].groupby(
            [shown["source_tier"], shown["status"] == "final"]):
        ax.scatter(group["year"], group["value"], marker=TIER_MARKERS.get(int(tier), "o"),
                   s=40, zorder=3, facecolors="#08306b" if final else "white",
                   edgecolors="#08306b",
                   label=f"{msgs('chart_observed') if final else msgs('chart_not_final')}"
                         f" ({msgs('col_tier').lower()} {int(tier)})")
    other = shown[~used]
    if not other.empty:
        ax.scatter(other["year"], other["value"], marker="x", color="#7f7f7f", zorder=3,
                   label=msgs("chart_other_definition"))


def _share_axis(ax, indicator, msgs: Messages) -> None:
    """A bounded share keeps its zero in view, or the axis says where it is cut."""
    if indicator.lower is None or indicator.upper is None:
        return
    low, high = ax.get_ylim()
    low, high = max(low, indicator.lower), min(high, indicator.upper)
    if low - indicator.lower <= 0.35 * (indicator.upper - indicator.lower):
        low = indicator.lower
    else:
        ax.annotate(msgs("chart_axis_cut", low=f"{low:.0f}"), xy=(0, 0),
                    xycoords="axes fraction", xytext=(4, 4), textcoords="offset points",
                    fontsize=8, color="#555555")
    ax.set_ylim(low, high)


def draw_target(ax, obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                msgs: Messages, settings: TrendSettings | None = None,
                context_entity: str | None = None, context_label: str = "") -> None:
    """Draw one target's chart on `ax` (shared by briefings and notebook 02's grid)."""
    indicator = codebook[target.indicator]
    lang = msgs.lang
    rows = obs[(obs["entity_id"] == catalog.entity_id) & (obs["indicator"] == target.indicator)]
    series = select_series(obs, catalog.entity_id, target.indicator)
    level = level_target(target, indicator, series)
    _draw_trend(ax, trend_path(obs, catalog, target, codebook, settings), series, target, msgs)
    _draw_observations(ax, rows, series.definition, msgs)
    if level is not None:
        goal = Localizer(codebook, lang, msgs).goal(target)
        _target_band(ax, level, "#c0392b", f"{msgs('chart_target')}: {goal}")
    ax.axvline(target.target_year, color="#c0392b", linestyle=":", linewidth=1.0,
               label=f"{msgs('chart_deadline')} {target.target_year}")
    ax.axvline(catalog.decision.year, color="#555555", linewidth=0.8,
               label=f"{msgs('chart_decision_year')} {catalog.decision.year}")
    if context_entity is not None:
        draw_context(ax, obs, context_entity, target.indicator, series.definition,
                     context_label)
    _share_axis(ax, indicator, msgs)
    ax.set_xlabel(msgs("chart_year"))
    ax.set_ylabel(Localizer(codebook, lang).unit(target.indicator))
    ax.set_title(indicator.name(lang))


def chart_alt_text(title: str, target_text: str, series, fmt: Localizer, indicator: str,
                   msgs: Messages) -> str:
    """The chart's title and the values it shows, for readers who cannot see it."""
    values = ", ".join(f"{int(y)}: {fmt.value(v, indicator)}"
                       for y, v in zip(series.years, series.values, strict=True))
    return msgs("chart_alt", title=title, target=target_text,
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
    grid = coverage_grid(obs, entity)
    with mpl.rc_context(themed()):
        fig = Figure(figsize=(max(6.0, 2.8 + 0.42 * grid.shape[1]),
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
    definition, status = msgs("col_definition"), msgs("col_status")
    preferred = rows[rows["preferred"].astype(bool)].sort_values("year").assign(**{
        definition: lambda r: [msgs(f"definition_{d}") for d in r["definition"]],
        status: lambda r: [_status_label(s, msgs) for s in r["status"]]})
    others = rows[~rows["preferred"].astype(bool)]
    with mpl.rc_context(themed()):
        fig = Figure(figsize=(7.0, 4.6), dpi=110)
        ax = fig.add_subplot()
        sns.lineplot(data=preferred, x="year", y="value", hue=definition, estimator=None,
                     ax=ax, palette="dark", legend=False, linewidth=1.2)
        sns.scatterplot(data=preferred, x="year", y="value", hue=definition, style=status,
                        ax=ax, palette="dark", s=50, zorder=3)
        if not others.empty:
            ax.scatter(others["year"], others["value"], marker="x", color="#7f7f7f",
                       zorder=3, label=msgs("chart_not_preferred"))
        _share_axis(ax, codebook[indicator_id], msgs)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_xlabel(msgs("chart_year"))
        ax.set_ylabel(Localizer(codebook, msgs.lang).unit(indicator_id))
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
    frame = latest.assign(
        area=[f"{names.get(e, e)} ({int(y)})" for e, y in
              zip(latest["entity_id"], latest["year"], strict=True)],
        who=[names.get(entity, entity) if e == entity else group_label
             for e in latest["entity_id"]])
    palette = {names.get(entity, entity): "#c0392b", group_label: "#9ecae1"}
    with mpl.rc_context(themed()):
        fig = Figure(figsize=(7.0, 1.9 + 0.24 * len(frame)), dpi=110)
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
