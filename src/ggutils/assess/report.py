"""Stage 2's results as a reader scans them in notebook 02: the targets with data as one
styled table (numbers rounded as the codebook says, each verdict in the colour and text
colour its page badge has, data/reference/verdict_marks.yml), the
targets without data summarised one line per plan, verdict and reason, and one chart per
target with data (`plots.targets.target_chart`: the fit, its 80/95 % bands, target and deadline)."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler

from ggutils.assess.settings import TrendSettings, settings_table
from ggutils.assess.trends import Context
from ggutils.brief.localize import Localizer
from ggutils.brief.plots.figures import as_image
from ggutils.brief.plots.targets import target_chart
from ggutils.clean.report import rounded, styled

VERDICT_COLUMNS = ["verdict", "verdict_deadline", "verdict_since", "status_outlook"]
VALUE_COLUMNS = ["last_value", "projected_target_year", "pi80_low", "pi80_high"]
YEAR_COLUMNS = ["target_year", "first_year", "last_year", "crossing_year"]
WITH_DATA_COLUMNS = ["entity_id", "plan_id", "target_id", "goal", "target_year",
                     *VERDICT_COLUMNS, "crossing_year", "n_points", "first_year", "last_year",
                     "last_value", "model", "projected_target_year", "pi80_low", "pi80_high",
                     "prob_met", "status_ex_ante", "preferred", "evidence", "notes"]


def _has_data(trajectories: pd.DataFrame) -> pd.Series:
    return trajectories["n_points"].fillna(0).astype(int) > 0


def verdict_style(ctx: Context):
    """A cell style for a verdict code: the colour and text colour of its mark, as its badge
    on the pages has them (no style for an empty cell, or where the context has no marks)."""
    marks = {mark.code: mark for mark in ctx.marks or ()}

    def style(code: object) -> str:
        mark = marks.get(str(code))
        return f"background-color: {mark.colour}; color: {mark.ink}" if mark else ""

    return style


def trajectory_table(trajectories: pd.DataFrame, ctx: Context) -> Styler | Markdown:
    """One row per target with data: goal, series, model, projection with its 80 %
    interval, P(met) and every verdict column; values rounded to the indicator's decimals."""
    rows = trajectories[_has_data(trajectories)].reset_index(drop=True)
    if rows.empty:
        return Markdown("No target has data to judge it on.")
    targets = {(c.plan_id, t.id): t for c in ctx.catalogs.values() for t in c.targets}
    fmt = Localizer(ctx.codebook, ctx.msgs.lang, ctx.msgs)
    frame = rows.assign(goal=[fmt.goal(targets[(p, t)]) for p, t in
                              zip(rows["plan_id"], rows["target_id"], strict=True)])
    frame = frame[WITH_DATA_COLUMNS]
    styler = (styled(frame, "trajectories", f"{len(frame)} targets with data")
              .format("{:.0f}", subset=YEAR_COLUMNS, na_rep="–")
              .format("{:.0%}", subset=["prob_met"], na_rep="–")
              .map(verdict_style(ctx), subset=VERDICT_COLUMNS)
              .set_properties(subset=["entity_id", "plan_id", "target_id", "goal"],
                              **{"white-space": "nowrap"})
              .set_properties(subset=["evidence", "notes"],
                              **{"min-width": "16em", "white-space": "normal"}))
    styler = rounded(styler, rows["indicator"], VALUE_COLUMNS, ctx.codebook)
    return styler


def without_data(trajectories: pd.DataFrame) -> Styler | Markdown:
    """The targets without data, one line per entity, plan, verdict and reason, with how
    many and which."""
    rows = trajectories[~_has_data(trajectories)].fillna({"notes": ""})
    if rows.empty:
        return Markdown("Every target has data.")
    keys = ["entity_id", "plan_id", "verdict", "notes"]
    grouped = (rows.groupby(keys, sort=False)
               .agg(targets=("target_id", "size"),
                    target_ids=("target_id", lambda ids: ", ".join(ids)))
               .reset_index().rename(columns={"notes": "why"}))
    caption = (f"{len(rows)} targets without data to judge them on, "
               f"in {len(grouped)} groups")
    return (styled(grouped, "targets_without_data", caption)
            .set_properties(subset=["target_ids"], **{"white-space": "normal"}))


def target_figures(trajectories: pd.DataFrame, ctx: Context,
                   settings: TrendSettings | None = None) -> list:
    """For every target with data: a heading and its chart (observations, fit, 80/95 %
    bands where the series allows them, target, deadline; legend below the plot)."""
    catalogs = ctx.catalogs
    shown: list = []
    for row in trajectories[_has_data(trajectories)].itertuples():
        catalog = catalogs[row.plan_id]
        target = next(t for t in catalog.targets if t.id == row.target_id)
        name = ctx.register.name(catalog.entity_id, ctx.msgs.lang)
        shown.append(Markdown(f"### {name}: `{target.id}` ({row.verdict})"))
        fig = target_chart(ctx.observations, catalog, target, ctx.codebook, ctx.msgs,
                           settings)
        shown.append(as_image(fig, alt=f"{name}, {target.id}: {row.evidence}"))
    return shown or [Markdown("No target has data: no chart to draw.")]


def settings_view(settings: TrendSettings | None = None) -> Styler:
    """The thresholds and model choices the trajectories were computed with."""
    return styled(settings_table(settings or TrendSettings()), "settings",
                  "Settings (ggutils.assess.settings.TrendSettings)")
