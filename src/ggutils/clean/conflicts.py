"""Values that disagree: consistency flags, the preferred value, the table of conflicts.

Conflicting values from different sources or definitions are all kept; nothing is changed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ggutils.clean.rules import CleaningRules
from ggutils.reference.indicators import Codebook

KEYS = ["entity_id", "indicator", "year"]


def flag_inconsistent(obs: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """The codebook's consistency rules: a total that differs from the sum of its parts
    (same entity, year and source) is flagged with both numbers; nothing is changed."""
    flags = pd.Series("", index=obs.index, dtype=object)
    keys = ["entity_id", "year", "source_id"]
    for rule in codebook.consistency:
        parts = obs[obs["indicator"].isin(rule.parts)]
        if parts.empty:
            continue
        sums = parts.groupby(keys, observed=True)["value"].agg(["sum", "count"])
        sums = sums.loc[sums["count"] == len(rule.parts), "sum"]
        totals = obs[obs["indicator"] == rule.total]
        expected = pd.Series(totals.set_index(keys).index.map(sums.to_dict()),
                             index=totals.index, dtype=float)
        off = (totals["value"] - expected).abs() > totals["value"].abs() * rule.tolerance_pct / 100
        for i in totals.index[off.fillna(False)]:
            flags[i] = (f"consistency: total {obs.at[i, 'value']:,.0f} differs from "
                        f"{' + '.join(rule.parts)} = {expected[i]:,.0f}")
    return flags.astype("category")


# The preference order, best first: each criterion with what ranking first on it means.
PREFERENCE = {
    "not_standard": "standard or official definition",
    "flagged": "no consistency flag",
    "tier": "better source tier",
    "status": "better status",
    "age": "newer publication",
    "position": "listed first",
}


def preference_criteria(obs: pd.DataFrame, rules: CleaningRules,
                        published: dict[str, str] | None = None) -> pd.DataFrame:
    """Each observation's rank on every criterion of PREFERENCE (lower is better), in that
    order: sorting on all the columns puts the preferred value of each group first."""
    published = published or {}
    source_ids = obs["source_id"].unique()
    newest_first = sorted({published.get(s, "") for s in source_ids}, reverse=True)
    age = {s: newest_first.index(published.get(s, "")) for s in source_ids}
    worst = len(rules.statuses)
    return pd.DataFrame({  # .map on a Categorical maps its categories only
        "not_standard": obs["definition"].map(
            lambda d: re.match(r"standard$|official", str(d)) is None).astype(bool),
        "flagged": obs["flag"].map(lambda f: str(f) != "").astype(bool) if "flag" in obs
        else False,
        "tier": obs["source_tier"],
        "status": obs["status"].map(rules.status_rank).astype(float).fillna(worst),
        "age": obs["source_id"].map(age).astype(int),
        "position": np.arange(len(obs)),
    }, index=obs.index)[list(PREFERENCE)]


def mark_preferred(obs: pd.DataFrame, rules: CleaningRules,
                   published: dict[str, str] | None = None) -> pd.DataFrame:
    """Keep every conflicting value; set `preferred` on one per entity, indicator and year.

    The rule (PREFERENCE): an official or standard definition first, then values no
    consistency rule flagged, then the best source tier (1 official, 2 press, 3 secondary),
    then the status (in the order of the cleaning rules' `statuses`: final first), then the
    newer publication (where `published` is known), then the first listed.
    """
    criteria = preference_criteria(obs, rules, published)
    best_first = criteria.sort_values(list(criteria.columns)).index
    first = ~obs.loc[best_first, KEYS].duplicated()
    return obs.assign(preferred=first.reindex(obs.index))


def conflicts(observations: pd.DataFrame) -> pd.DataFrame:
    """Entity-indicator-years that several sources or definitions give different values for."""
    spread = observations.groupby(KEYS, observed=True)["value"].agg(
        ["nunique", "min", "max", "count"])
    found = spread[spread["nunique"] > 1].reset_index()
    return found.rename(columns={"nunique": "distinct_values", "count": "observations"})
