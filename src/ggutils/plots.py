"""Charts for notebooks and briefings. Titles, units and labels come from the codebook and
the message catalogue; figures are built without pyplot's global state."""

from __future__ import annotations

import io

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from IPython.display import Image
from matplotlib.figure import Figure

from .indicators import Codebook
from .localize import Localizer
from .messages import Messages
from .targets import Catalog, Target
from .trends import EXCLUDED_FROM_FITS, TrendSettings, level_target, select_series, trend_path
from .verdicts import SUMMARY_VERDICTS

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


def new_figure(width: float, height: float) -> Figure:
    with mpl.rc_context(themed()):
        fig = Figure(figsize=(width, height), dpi=110)
        fig.add_subplot()
    return fig


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
    rows = obs[(obs["entity_id"] == catalog.province) & (obs["indicator"] == target.indicator)]
    series = select_series(obs, catalog.province, target.indicator)
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


def fit_grid(obs: pd.DataFrame, catalogs: dict[str, Catalog], codebook: Codebook,
             msgs: Messages, settings: TrendSettings | None = None) -> Figure:
    """Small multiples: every target that has data, across provinces."""
    panels = [(c, t) for c in catalogs.values() for t in c.targets
              if ((obs["entity_id"] == c.province) & (obs["indicator"] == t.indicator)).any()]
    cols = 2
    rows = max(1, -(-len(panels) // cols))
    fig = Figure(figsize=(6 * cols, 3.2 * rows), dpi=80)
    for i, (catalog, target) in enumerate(panels):
        ax = fig.add_subplot(rows, cols, i + 1)
        draw_target(ax, obs, catalog, target, codebook, msgs, settings)
        ax.set_title(f"{catalog.province}: {target.id}", fontsize=9)
        ax.legend(fontsize=6, loc="best")
    fig.tight_layout()
    return fig


def coverage_chart(obs: pd.DataFrame, entity_ids: list[str]) -> Figure:
    """Indicator x year grid per entity: how many observations exist (gaps are blank)."""
    fig = Figure(figsize=(10, 2.2 + 2.6 * len(entity_ids)), dpi=80)
    years = list(range(int(obs["year"].min()), int(obs["year"].max()) + 1))
    for i, entity in enumerate(entity_ids):
        ax = fig.add_subplot(len(entity_ids), 1, i + 1)
        rows = obs[obs["entity_id"] == entity]
        grid = (rows.pivot_table(index="indicator", columns="year", values="value",
                                 aggfunc="count").reindex(columns=years))
        if grid.empty:
            ax.set_title(f"{entity}: no observations")
            ax.set_axis_off()
            continue
        ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Greens", vmin=0, vmax=3)
        ax.set_yticks(range(len(grid.index)), grid.index, fontsize=7)
        ax.set_xticks(range(len(years)), years, fontsize=7, rotation=90)
        ax.set_title(f"{entity}: observations per indicator and year", fontsize=9)
    fig.tight_layout()
    return fig
