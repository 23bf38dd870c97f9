"""The method's settings: every threshold and model choice in one frozen dataclass
(docs/methodology.md), read by the fits, the verdicts and the judgement of a target."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True)
class TrendSettings:
    """Every threshold and model choice of the method, in one place (docs/methodology.md)."""

    on_track_ratio: float = 0.95        # R >= this: on track
    acceleration_ratio: float = 0.60    # this <= R < on_track_ratio: acceleration needed
    logit_margin: float = 10.0          # logit fit when series or target is this near a bound
    min_points_fit: int = 3             # fewer: endpoint rate only (2) or nothing
    min_points_interval: int = 6        # fewer in the window: no interval, no probability
    recent_points: int = 6              # the current pace: a fit on the last this many points
    recent_years: int = 10              # ... within this many years of the latest (fits.recent)
    interval_method: str = "rw_drift"   # fits.INTERVAL_METHODS, chosen by `ggutils backtest`
    flat_level: float = 0.80            # a recent slope whose interval at this level holds 0
    ex_post_window: int = 1             # nearest year within +/- this counts, flagged
    horizon: int = 2030                 # the second projection year
    confirm_max_tier: int = 2           # a "met" from a higher (secondary) tier is unconfirmed
    confirmed_statuses: tuple[str, ...] = ("final",)  # other statuses: "met, unconfirmed"
    flat_tolerance: float = 1e-9        # |change per year| <= this x the series' scale: flat
    crossing_horizon: int = 50          # years after the latest value searched for a crossing


def settings_table(settings: TrendSettings) -> pd.DataFrame:
    """The settings as a two-column table (for notebooks and briefings)."""
    return pd.DataFrame(list(asdict(settings).items()), columns=["setting", "value"])
