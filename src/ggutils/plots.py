"""Charts for notebooks and briefings. Titles, units and labels come from the codebook and
the message catalogue; figures are built without pyplot's global state."""

from __future__ import annotations

import io

import pandas as pd
from IPython.display import Image
from matplotlib.figure import Figure

from .indicators import Codebook
from .localize import Localizer
from .messages import Messages
from .targets import Catalog, Target
from .trends import TrendSettings, level_target, select_series, trend_path
from .verdicts import SUMMARY_VERDICTS

# Colours by the tone the codebook gives each verdict; every bar segment also carries its
# label, so colour is never the only signal.
TONE_COLOURS = {"good": "#1a7f37", "unconfirmed": "#a6d49b", "short": "#d4a017",
                "away": "#c0392b", "unknown": "#8c8c8c"}
DARK_TEXT = {"unconfirmed", "short"}
TIER_MARKERS = {1: "o", 2: "s", 3: "^"}


def as_image(fig: Figure, alt: str = "", dpi: int = 90) -> Image:
    """A figure as an embedded PNG with alternative text (no reliance on the kernel's
    matplotlib backend)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return Image(data=buffer.getvalue(), format="png", alt=alt or None)


def headline_chart(counts: dict[str, int], msgs: Messages, tones: dict[str, str]) -> Figure:
    """One horizontal bar of target counts per verdict, each labelled with its text and
    coloured by its tone (`tones`: verdict -> tone, from the codebook)."""
    fig = Figure(figsize=(7.5, 0.9), dpi=90)
    ax = fig.add_subplot()
    left = 0
    for category in SUMMARY_VERDICTS:
        n = counts.get(category, 0)
        if not n:
            continue
        tone = tones[category]
        ax.barh(0, n, left=left, color=TONE_COLOURS[tone], edgecolor="white")
        ax.text(left + n / 2, 0, f"{msgs.status(category)}: {n}", ha="center", va="center",
                fontsize=8, color="black" if tone in DARK_TEXT else "white")
        left += n
    ax.set_xlim(0, max(left, 1))
    ax.set_axis_off()
    fig.tight_layout(pad=0.2)
    return fig


def _target_band(ax, target: Target, colour: str, label: str) -> None:
    if target.comparator == "range":
        ax.axhspan(target.low, target.high, color=colour, alpha=0.15, label=label)
    else:
        ax.axhline(target.value, color=colour, linestyle="--", linewidth=1.2, label=label)
    ax.axvline(target.target_year, color=colour, linestyle=":", linewidth=0.8)


def target_chart(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                 msgs: Messages, settings: TrendSettings | None = None,
                 context_entity: str | None = None, context_label: str = "") -> Figure:
    """Observations by source tier and definition (not-final values hollow), the trend with
    its 80/95 % bands, the target at its year, the decision year, and `context_entity`'s
    series of the same definition as a labelled context line (never judged)."""
    fig = Figure(figsize=(9.5, 4.0), dpi=90)
    ax = fig.add_subplot()
    draw_target(ax, obs, catalog, target, codebook, msgs, settings, context_entity,
                context_label)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.tight_layout()
    return fig


def draw_context(ax, obs: pd.DataFrame, entity: str, indicator: str, definition: str,
                 label: str) -> None:
    """Another entity's preferred values of the indicator (same definition), as a grey
    dashed context line."""
    rows = obs[(obs["entity_id"] == entity) & (obs["indicator"] == indicator)
               & obs["preferred"].astype(bool)]
    if definition:
        rows = rows[rows["definition"] == definition]
    if rows.empty:
        return
    rows = rows.sort_values("year")
    ax.plot(rows["year"], rows["value"], color="#7f7f7f", linestyle="--", marker=".",
            linewidth=1.0, zorder=2, label=label)


def draw_target(ax, obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
                msgs: Messages, settings: TrendSettings | None = None,
                context_entity: str | None = None, context_label: str = "") -> None:
    """Draw one target's chart on `ax` (shared by briefings and notebook 02's grid)."""
    indicator = codebook[target.indicator]
    lang = msgs.lang
    rows = obs[(obs["entity_id"] == catalog.province) & (obs["indicator"] == target.indicator)]
    series = select_series(obs, catalog.province, target.indicator)
    level = level_target(target, indicator, series)
    path = trend_path(obs, catalog, target, codebook, settings)
    if path is not None:
        if "pi95_low" in path:
            ax.fill_between(path["year"], path["pi95_low"], path["pi95_high"], color="#9ecae1",
                            alpha=0.35, label=msgs("chart_pi95"))
            ax.fill_between(path["year"], path["pi80_low"], path["pi80_high"], color="#6baed6",
                            alpha=0.45, label=msgs("chart_pi80"))
        ax.plot(path["year"], path["fit"], color="#08519c", linewidth=1.5, label=msgs("chart_fit"))
    elif series.n == 2:  # endpoint rate only: drawn dashed, labelled indicative
        horizon = max(target.target_year, int(series.years[-1]))
        rate = (series.values[1] - series.values[0]) / (series.years[1] - series.years[0])
        ax.plot([series.years[0], horizon],
                [series.values[0], series.values[-1] + rate * (horizon - series.years[-1])],
                color="#08519c", linestyle="--", linewidth=1.2,
                label=msgs("chart_fit_indicative"))
    used = rows["definition"] == (series.definition or "standard")
    for (tier, final), group in rows[used].groupby(
            [rows["source_tier"], rows["status"] == "final"]):
        ax.scatter(group["year"], group["value"], marker=TIER_MARKERS.get(int(tier), "o"),
                   s=36, zorder=3, facecolors="#08306b" if final else "white",
                   edgecolors="#08306b",
                   label=f"{msgs('chart_observed') if final else msgs('chart_not_final')}"
                         f" ({msgs('col_tier').lower()} {int(tier)})")
    other = rows[~used]
    if not other.empty:
        ax.scatter(other["year"], other["value"], marker="x", color="#7f7f7f", zorder=3,
                   label=msgs("chart_other_definition"))
    if level is not None:
        goal = Localizer(codebook, lang, msgs).goal(target)
        _target_band(ax, level, "#c0392b", f"{msgs('chart_target')}: {goal}")
    ax.axvline(catalog.decision.year, color="#555555", linewidth=0.8,
               label=f"{msgs('chart_decision_year')} {catalog.decision.year}")
    if context_entity is not None:
        draw_context(ax, obs, context_entity, target.indicator, series.definition,
                     context_label)
    if indicator.lower is not None and indicator.upper is not None:
        low, high = ax.get_ylim()
        ax.set_ylim(max(low, indicator.lower), min(high, indicator.upper))
    ax.set_xlabel(msgs("chart_year"))
    ax.set_ylabel(codebook.units[indicator.unit].name_vi if lang == "vi"
                  else codebook.units[indicator.unit].name_en)
    ax.set_title(indicator.name(lang), fontsize=10)
    ax.grid(alpha=0.3)


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
