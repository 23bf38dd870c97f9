"""The declared schema of accepted observations, and the conservation check.

Observations are checked with pandera: text columns, the allowed entity types, indicators
and statuses, the accepted years, each indicator's bounds, and no exact duplicates (the
first of a set passes). A row failing any rule is quarantined with the rule's name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ggutils.clean.read import QUARANTINE_COLUMNS
from ggutils.clean.rules import CleaningRules
from ggutils.errors import GGUtilsError
from ggutils.reference.indicators import Codebook
from ggutils.reference.provinces import ENTITY_TYPES

CONSERVATION_COLUMNS = ["source_file", "rows_read", "values_read", "accepted", "quarantined",
                        "empty", "out_of_scope", "non_data"]
UNIQUE_COLUMNS = ["entity_id", "indicator", "year", "value", "definition", "status",
                  "source_id"]  # an observation repeating all of these is a duplicate


def _is_text(column: pd.Series) -> bool:
    """Text, held as strings or as a Categorical of strings (checked on its categories)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return all(isinstance(c, str) for c in column.cat.categories)
    return pd.api.types.is_string_dtype(column) and column.map(type).eq(str).all()


def _between(codebook: Codebook, low_field: str, high_field: str):
    """A frame check: each value within its indicator's `low_field`..`high_field` of the
    codebook (a missing end is open)."""
    lows = {i: getattr(ind, low_field) for i, ind in codebook.indicators.items()}
    highs = {i: getattr(ind, high_field) for i, ind in codebook.indicators.items()}

    def check(df: pd.DataFrame) -> pd.Series:
        low = df["indicator"].map(lows).astype(float).fillna(-np.inf)
        high = df["indicator"].map(highs).astype(float).fillna(np.inf)
        return (df["value"] >= low) & (df["value"] <= high)

    return check


def observation_schema(codebook: Codebook, rules: CleaningRules) -> pa.DataFrameSchema:
    """The schema every accepted observation must satisfy. Text columns may be
    Categoricals (as clean_all makes them) or strings (as read back from the CSV)."""
    within_bounds = _between(codebook, "lower", "upper")
    plausible = _between(codebook, "plausible_low", "plausible_high")

    text = pa.Check(_is_text, name="text")
    return pa.DataFrameSchema(
        {
            "entity_id": pa.Column(checks=text),
            "entity_type": pa.Column(checks=[text, pa.Check.isin(sorted(ENTITY_TYPES))]),
            "indicator": pa.Column(checks=[text, pa.Check.isin(sorted(codebook.indicators))],
                                   title="indicator known"),
            "year": pa.Column(int, pa.Check.in_range(*rules.years.accepted_range)),
            "value": pa.Column(float),
            "unit": pa.Column(checks=text),
            "status": pa.Column(checks=[text, pa.Check.isin(rules.statuses)]),
            "definition": pa.Column(checks=text),
            "source_id": pa.Column(checks=text),
        },
        checks=[pa.Check(within_bounds, name="value_within_indicator_bounds"),
                pa.Check(plausible, name="value_plausible")],
        unique=UNIQUE_COLUMNS, report_duplicates="exclude_first",
    )


def _schema_reason(check: str, column: str, row: pd.Series, codebook: Codebook,
                   rules: CleaningRules) -> tuple[str, str]:
    """A quarantine (field, reason) in words for a failed schema check."""
    if check == "value_within_indicator_bounds":
        ind = codebook[row["indicator"]]
        return "value", (f"value {row['value']:g} outside the bounds of {ind.id} "
                         f"[{ind.lower}, {ind.upper}] (schema rule {check})")
    if check == "value_plausible":
        return "value", implausible_reason(row["value"], codebook[row["indicator"]])
    if "uniqueness" in check or "duplicate" in check.lower():
        return "row", "exact duplicate of an earlier observation (schema rule unique)"
    if column == "year":
        low, high = rules.years.accepted_range
        return "year", f"year {row['year']} outside {low}-{high} (schema rule {check})"
    return column, f"{column} {row.get(column)!r} fails schema rule {check}"


def implausible_reason(value: float, indicator) -> str:
    """The quarantine reason of a value outside its indicator's plausible range."""
    low, high = (("open" if v is None else f"{v:g}")
                 for v in (indicator.plausible_low, indicator.plausible_high))
    return (f"implausible: value {value:g} outside the plausible range of {indicator.id} "
            f"[{low}, {high}] (codebook plausible_low/plausible_high); check the figure and "
            "its unit")


def validate_observations(obs: pd.DataFrame, codebook: Codebook, rules: CleaningRules
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations passing the schema, and quarantine rows for the rest (the first rule
    each failing row breaks, in pandera's order of failures)."""
    try:
        return observation_schema(codebook, rules).validate(obs, lazy=True), \
            pd.DataFrame(columns=QUARANTINE_COLUMNS)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
    reasons: dict[int, tuple[str, str]] = {}
    for case in cases.itertuples():
        column = str(case.column) if pd.notna(case.column) else "value"
        reasons.setdefault(int(case.index), _schema_reason(str(case.check), column,
                                                           obs.loc[int(case.index)],
                                                           codebook, rules))
    bad = obs.loc[list(reasons)]
    quarantine = pd.DataFrame({
        "source_file": bad["source_file"].astype(str).to_numpy(),
        "source_row": bad["source_row"].to_numpy(),
        "raw": [f"indicator={r.indicator} | year={r.year} | value={r.value_as_printed} | "
                f"area={r.area_as_printed}" for r in bad.itertuples()],
        "field": [field for field, _ in reasons.values()],
        "reason": [reason for _, reason in reasons.values()]}, columns=QUARANTINE_COLUMNS)
    return obs.drop(index=list(reasons)), quarantine


def check_conservation(result) -> None:
    """Fail unless every value read was accepted, quarantined, counted empty, or counted
    out of scope (a measure the registry says the project does not use)."""
    c = result.conservation
    off = c[c["values_read"]
            != c["accepted"] + c["quarantined"] + c["empty"] + c["out_of_scope"]]
    if not off.empty:
        raise GGUtilsError(f"conservation fails for {list(off['source_file'])}:\n{off}")
    if c["accepted"].sum() != len(result.observations):
        raise GGUtilsError("accepted values and observations written differ")
    if c["quarantined"].sum() != len(result.quarantine):
        raise GGUtilsError("quarantined values and quarantine rows written differ")
