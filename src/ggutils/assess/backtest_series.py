"""The backtest's real series (`ggutils backtest`): the OWID series data/reference/backtest.yml
lists (every indicator of the file used or left out, with its reason) and the project's own
cleaned national and provincial series, each as a `RealSeries` with its goal; scored by
ggutils.assess.backtest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ggutils.assess.fits import Scale
from ggutils.errors import CatalogError
from ggutils.project import Project, as_project
from ggutils.reference.validation import Strict, read_yaml, require_list, validate_entry


class OwidSeries(Strict):
    """One OWID indicator of the backtest, its growth form, bounds and why it is used."""

    indicator: str
    growth: str
    why: str
    lower: float | None = None
    upper: float | None = None


class LeftOut(Strict):
    """An indicator deliberately not used, and why."""

    indicator: str
    why: str


class BacktestConfig(Strict):
    """data/reference/backtest.yml."""

    min_points: int
    owid_file: str
    owid: list[OwidSeries]
    left_out: list[LeftOut]


def load_config(path: Path) -> BacktestConfig:
    data = read_yaml(path)
    for key in ("owid", "left_out"):
        require_list(data, key, path)
    config = validate_entry(BacktestConfig, data, path, "backtest")
    for entry in config.owid:
        if entry.growth not in ("linear", "compound"):
            raise CatalogError(path, entry.indicator, "growth", "must be linear or compound")
    return config


@dataclass(frozen=True)
class RealSeries:
    """One real series of the backtest, on its own scale (levels, logits or logs)."""

    name: str
    years: np.ndarray
    values: np.ndarray
    growth: str = "linear"
    bounds: tuple[float | None, float | None] = (None, None)

    def scale_for(self, values: np.ndarray, logit_margin: float) -> Scale:
        """The fitted scale stage 2 would choose on `values` (no target: the values alone)."""
        if self.growth == "compound" and np.all(values > 0):
            return Scale("log-linear")
        lower, upper = self.bounds
        if lower is not None and upper is not None and min(
                np.min(values - lower), np.min(upper - values)) < logit_margin:
            return Scale("logit", (float(lower), float(upper)))
        return Scale("linear")


def owid_series(data_dir: Path, config: BacktestConfig, config_file: Path) -> list[RealSeries]:
    """The configured OWID series, read from the tidy long file; every indicator of the file
    must be either used or left out (a new one is an error naming it)."""
    path = Path(data_dir) / config.owid_file
    frame = pd.read_csv(path)
    decided = {e.indicator for e in config.owid} | {e.indicator for e in config.left_out}
    undecided = sorted(set(frame["indicator"]) - decided)
    if undecided:
        raise CatalogError(config_file, "owid", "indicator",
                           f"{path.name} has indicators neither used nor left out: "
                           f"{', '.join(undecided)}")
    found = []
    for entry in config.owid:
        rows = frame[frame["indicator"] == entry.indicator].dropna(subset=["value"])
        rows = rows.sort_values("year")
        found.append(RealSeries(f"owid/{entry.indicator}", rows["year"].to_numpy(float),
                                rows["value"].to_numpy(float), entry.growth,
                                (entry.lower, entry.upper)))
    return found


def observation_series(obs: pd.DataFrame, codebook, config: BacktestConfig) -> list[RealSeries]:
    """Every (entity, indicator) series of the observations with `min_points` points or more,
    as stage 2 selects it, less the values flagged by a consistency rule."""
    from ggutils.assess.series import select_series

    left_out = {e.indicator for e in config.left_out}
    clean = obs[obs["flag"].fillna("").astype(str) == ""] if "flag" in obs else obs
    found = []
    pairs = clean[clean["preferred"].astype(bool)][["entity_id", "indicator"]].drop_duplicates()
    for entity, indicator in sorted(pairs.itertuples(index=False)):
        if indicator in left_out:
            continue
        series = select_series(clean, entity, indicator)
        if series.n < config.min_points:
            continue
        item = codebook[indicator]
        found.append(RealSeries(f"{entity}/{indicator} ({series.definition})", series.years,
                                series.values, item.growth, (item.lower, item.upper)))
    return found


def real_series(data: Path | Project) -> tuple[list[RealSeries], str | None]:
    """The backtest's series from a Project or its data folder, and a one-line note of what
    is missing."""
    project = as_project(data)
    paths = project.layout
    config_file = paths.backtest_config
    config = load_config(config_file)
    owid = [s for s in owid_series(paths.data, config, config_file)
            if len(s.years) >= config.min_points]
    if not paths.observations.is_file():
        return owid, (f"{paths.observations} not found: run `ggutils clean` to add the "
                      "cleaned national and provincial series; OWID series only")
    observed = observation_series(project.observations, project.codebook, config)
    keys = {s.name.split(" (")[0].replace("vn/", "owid/") for s in observed}
    return observed + [s for s in owid if s.name not in keys], None
