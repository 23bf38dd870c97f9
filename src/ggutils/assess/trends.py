"""Stage 2, trajectories: every catalog target judged (`ggutils.assess.judge`) into
data/processed/trajectories.csv (`project_all`, `run_projections`), the fitted trend a chart
draws (`trend_path`) and what notebooks 00 and 02 and the comparison pages work on
(`Context`). Thresholds and model choices live in `ggutils.assess.settings.TrendSettings`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ggutils.assess.evaluation import as_of_date, evaluation_date
from ggutils.assess.fits import choose_model, fit_trend, recent
from ggutils.assess.judge import TRAJECTORY_COLUMNS, judge_target, latest_year
from ggutils.assess.measures import level_target
from ggutils.assess.series import DefinitionHistory, select_series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.verdicts import VERDICT_CODES
from ggutils.project import Project, as_project
from ggutils.reference.indicators import Codebook
from ggutils.reference.marks import MARKS_FILE, VerdictMarks, verdict_marks
from ggutils.reference.messages import Messages
from ggutils.reference.provinces import Register
from ggutils.reference.targets import Catalog, Target


def project_all(obs: pd.DataFrame, catalogs: dict[str, Catalog], codebook: Codebook,
                settings: TrendSettings | None = None, as_of: int | None = None,
                evaluated_on: dt.date | None = None,
                definitions: DefinitionHistory | None = None) -> pd.DataFrame:
    """trajectories.csv: one row per catalog target, none dropped, all judged on one date
    (`evaluated_on`, else 31 December of `as_of`, else the evaluation date). The data
    cut-off is `as_of`, else the latest year in the observations. Targets transcribed
    automatically and not yet reviewed (`draft: true`, `Catalog.drafts`) are never judged:
    they have no row here and are listed, labelled, on their plan's briefing. Each target is
    judged with its entity's other plans, whose later targets on the same indicator give an
    expired target the deadline of what it would take (`judge._effort`)."""
    settings = settings or TrendSettings()
    cutoff = as_of if as_of is not None else latest_year(obs)
    on = evaluated_on or (as_of_date(as_of) if as_of is not None else evaluation_date())
    plans: dict[str, list[Catalog]] = {}
    for cat in catalogs.values():
        plans.setdefault(cat.entity_id, []).append(cat)
    rows = [judge_target(obs, cat, t, codebook, settings, cutoff, on, definitions,
                         plans[cat.entity_id])
            for cat in catalogs.values() for t in cat.targets]
    return pd.DataFrame(rows, columns=TRAJECTORY_COLUMNS)


def trend_path(obs: pd.DataFrame, catalog: Catalog, target: Target, codebook: Codebook,
               settings: TrendSettings | None = None) -> pd.DataFrame | None:
    """The fitted trend of the recent window (`fits.recent`, the current pace) and its 80/95 %
    prediction bands from the window's first year to the horizon (None when the window has
    too few points for a fit)."""
    settings = settings or TrendSettings()
    indicator = codebook[target.indicator]
    series = select_series(obs, catalog.entity_id, target.indicator)
    level = level_target(target, indicator, series)
    window = recent(series, settings)
    if window.n < settings.min_points_fit or level is None:
        return None
    fit = fit_trend(window, choose_model(window, level, indicator, settings), indicator,
                    settings.interval_method)
    last = max(settings.horizon, target.target_year)
    rows = []
    for year in range(int(window.years[0]), last + 1):
        row = {"year": year, "fit": fit.predict(year)}
        if window.n >= settings.min_points_interval:
            row["pi80_low"], row["pi80_high"] = fit.interval(year, 0.80)
            row["pi95_low"], row["pi95_high"] = fit.interval(year, 0.95)
        rows.append(row)
    return pd.DataFrame(rows)


def run_projections(data: Path | Project, settings: TrendSettings | None = None
                    ) -> pd.DataFrame:
    """Stage 2 end to end: observations + catalogs -> data/processed/trajectories.csv (`data`:
    a Project or its data folder)."""
    from ggutils.assess.series import definition_history
    from ggutils.io import write_csv_atomic

    project = as_project(data)
    definitions = definition_history(project.registry)
    trajectories = project_all(project.observations, project.catalogs, project.codebook,
                               settings, definitions=definitions)
    write_csv_atomic(trajectories, project.layout.trajectories)
    return trajectories


@dataclass(frozen=True)
class Context:
    """What the trajectories stage works on, loaded from a data folder: reference data,
    catalogs, observations, labels in one language, the sources table and each verdict's mark,
    the colour pages show it in (for notebook 02, notebook 00 and the comparison pages)."""

    codebook: Codebook
    register: Register
    catalogs: dict[str, Catalog]
    observations: pd.DataFrame
    msgs: Messages
    sources: pd.DataFrame | None = None
    marks: VerdictMarks | None = None


def load_context(data: Path | Project, lang: str = "en") -> Context:
    """The Context of `data`, a Project or its data folder (processed/observations.csv must
    exist: run stage 1)."""
    project = as_project(data)
    return Context(project.codebook, project.register, project.catalogs, project.observations,
                   project.messages(lang), project.sources,
                   verdict_marks(project.layout.reference / MARKS_FILE, VERDICT_CODES))
