"""Charts of no target: one entity's coverage, indicator by year (notebook 01), one
indicator's every observation and its latest value compared across entities (notebook 00)."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ggutils.brief.localize import Localizer
from ggutils.brief.plots.figures import new_figure, share_axis, themed
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages


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
        fig = new_figure(figsize=(max(6.0, 2.8 + 0.42 * grid.shape[1]),
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
        fig = new_figure(figsize=(7.0, 4.6), dpi=110)
        ax = fig.add_subplot()
        sns.lineplot(data=preferred, x="year", y="value", hue=definition, estimator=None,
                     ax=ax, palette="dark", legend=False, linewidth=1.2)
        sns.scatterplot(data=preferred, x="year", y="value", hue=definition, style=status,
                        ax=ax, palette="dark", s=50, zorder=3)
        if not others.empty:
            ax.scatter(others["year"], others["value"], marker="x", color="#7f7f7f",
                       zorder=3, label=msgs("chart_not_preferred"))
        share_axis(ax, codebook[indicator_id], Localizer(codebook, msgs.lang).unit(indicator_id),
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
        fig = new_figure(figsize=(7.0, 1.9 + 0.24 * len(frame)), dpi=110)
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
