"""Per-field checks of records: what each printed measure, year, area and unit means, or
why it cannot be used.

Each check returns a DataFrame aligned with the records: the columns it derives, and
`reason` (missing where the record passes). A check depends on a few columns that repeat
(sixty province names over a million rows), so it runs once per distinct combination of
them (`per_distinct`) and its result is spread to the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from ggutils.clean.rules import CleaningRules
from ggutils.clean.years import YearFormatError, parse_year
from ggutils.reference.indicators import Codebook
from ggutils.reference.provinces import Register
from ggutils.reference.sources import Source
from ggutils.text import control_reason

_REMARK = re.compile(r"\(([^)]*)\)")


class Rejected(Exception):
    """A record goes to quarantine for `reason`."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def per_distinct(keys: pd.DataFrame, compute: Callable[..., dict], columns: list[str]
                 ) -> pd.DataFrame:
    """compute(*key) once per distinct row of `keys` (missing cells as None), its dict of
    `columns` spread to every row; a Rejected key gives the `reason` column instead."""
    codes = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    results = []
    for key in keys.drop_duplicates().itertuples(index=False, name=None):
        try:
            results.append(compute(*(None if pd.isna(v) else v for v in key)))
        except Rejected as rejected:
            results.append({"reason": rejected.reason})
    table = pd.DataFrame(results, columns=[*columns, "reason"])
    return table.take(codes).set_index(keys.index)


def _measure_keys(records: pd.DataFrame, source: Source, rules: list) -> pd.DataFrame:
    """The measure and the columns the rules' `where` clauses read, per record."""
    where = sorted({column for rule in rules for column in rule.where})
    role_of = {column: role for role, column in source.columns.items()}
    keys = pd.DataFrame({"measure": records["measure"]}, index=records.index)
    for column in where:
        role = f"role:{role_of.get(column, column)}"
        keys[column] = records[role] if role in records else ""
    return keys


def _row(keys: pd.DataFrame, extra: tuple) -> dict:
    return dict(zip(keys.columns[1:], ("" if v is None else v for v in extra), strict=True))


def check_measures(records: pd.DataFrame, source: Source, codebook: Codebook) -> pd.DataFrame:
    """The measure rule of sources.yml that fits each record (`rule`, its position) and the
    indicator it gives. A rule's `where` clause reads other columns of the row."""
    keys = _measure_keys(records, source, source.measures)

    def rule_for(measure, *extra) -> dict:
        rule = source.measure_rule(measure, _row(keys, extra))
        if rule is None:
            raise Rejected(f"measure {measure!r} is not mapped to an indicator in sources.yml")
        indicator = rule.indicator_for(measure)
        if indicator not in codebook:
            raise Rejected(f"indicator {indicator!r} is not in the codebook")
        return {"rule": source.measures.index(rule), "indicator": indicator}

    return per_distinct(keys, rule_for, ["rule", "indicator"])


def out_of_scope(records: pd.DataFrame, source: Source) -> pd.Series:
    """Records whose measure no `measures` rule maps and an `out_of_scope` rule covers:
    values of the file the project does not use (counted, never cleaned)."""
    if not source.out_of_scope or records.empty:
        return pd.Series(False, index=records.index)
    keys = _measure_keys(records, source, [*source.measures, *source.out_of_scope])

    def covered(measure, *extra) -> dict:
        row = _row(keys, extra)
        unused = source.measure_rule(measure, row) is None and any(
            rule.fits(measure, row) for rule in source.out_of_scope)
        return {"unused": unused}

    return per_distinct(keys, covered, ["unused"])["unused"].astype(bool)


def check_years(records: pd.DataFrame, rules: CleaningRules) -> pd.DataFrame:
    """The year and the status its cell gives ('Sơ bộ - Prel.2022' -> 2022, preliminary)."""
    def year_of(text) -> dict:
        try:
            year = parse_year(text, rules)
        except YearFormatError as exc:
            raise Rejected(f"no usable year: {exc}") from None
        return {"year": year.year, "year_status": year.status}

    return per_distinct(records[["year"]], year_of, ["year", "year_status"])


def check_areas(records: pd.DataFrame, source: Source, register: Register) -> pd.DataFrame:
    """The entity each printed area name resolves to in the register."""
    def entity(name) -> dict:
        if name is None:
            raise Rejected(f"area not identified: {source.area_missing_reason}")
        resolved = register.resolve(name, source.region_system)
        if not resolved.ok:
            hint = f" (candidates: {', '.join(resolved.candidates)})" \
                if resolved.candidates else ""
            raise Rejected(f"{resolved.reason} {name!r}{hint}")
        row = register.entity(resolved.entity_id)
        return {"entity_id": row["entity_id"], "entity_type": row["entity_type"]}

    return per_distinct(records[["area"]], entity,
                        ["entity_id", "entity_type"])


def split_unit(text: str | None, rules: CleaningRules) -> tuple[str, str, str | None]:
    """'USD/person (lower bound: 'hơn')' -> ('USD/person', 'above', None);
    '% (first 9 months, y-o-y)' -> ('%', '', 'partial_year')."""
    if text is None:
        return "", "", None
    remarks = " ".join(_REMARK.findall(text))
    return (_REMARK.sub("", text).strip(), rules.unit_qualifier(remarks),
            rules.status_in("unit", remarks.lower()))


def check_units(records: pd.DataFrame, measures: pd.DataFrame, source: Source,
                codebook: Codebook, rules: CleaningRules) -> pd.DataFrame:
    """The factor from the printed unit (or the measure rule's) to the indicator's unit,
    and what a remark in it says. Records whose measure was rejected are not judged."""
    keys = pd.DataFrame({"rule": measures["rule"], "unit": records["unit"],
                         "indicator": measures["indicator"]}, index=records.index)

    def unit_of(rule, printed, indicator_id) -> dict:
        if rule is None:
            return {}
        rule_unit = source.measures[int(rule)].unit
        printed = rule_unit if rule_unit is not None else (printed or "")
        indicator = codebook[indicator_id]
        unit_id = codebook.unit_id(printed)
        qualifier, status = "", None
        if unit_id is None:  # '% (first 9 months)': the remark is not part of the unit
            text, qualifier, status = split_unit(printed, rules)
            unit_id = codebook.unit_id(text)
            if unit_id is None:
                raise Rejected(f"unknown unit {text!r}")
        factor = codebook.conversion(unit_id, indicator.unit)
        if factor is None:
            raise Rejected(f"unit {unit_id!r} cannot be converted to the indicator's "
                           f"{indicator.unit!r} by any rule in the codebook")
        return {"factor": factor, "unit_qualifier": qualifier, "unit_status": status,
                "unit_as_printed": printed}

    return per_distinct(keys, unit_of,
                        ["factor", "unit_qualifier", "unit_status", "unit_as_printed"])


def check_control_characters(records: pd.DataFrame, fields: dict[str, str | pd.Series]
                             ) -> tuple[pd.Series, pd.Series]:
    """(field, reason) per record for a raw text cell holding a control character (C0 but
    tab and newline, C1, a lone surrogate: ggutils.text), missing where none does.
    `fields` maps a record column ('value', 'area', 'role:source_title') to the column
    name to report; columns are checked in that order, the first hit names the field."""
    reasons = pd.Series(np.nan, index=records.index, dtype=object)
    where = pd.Series(np.nan, index=records.index, dtype=object)
    for column, name in fields.items():
        if column not in records:
            continue
        cells = records[column]
        distinct = pd.unique(cells[cells.notna()].astype(str))
        found = {text: reason for text in distinct if (reason := control_reason(text))}
        if not found:
            continue
        hit = reasons.isna() & cells.isin(list(found))
        reasons[hit] = cells[hit].map(found)
        where[hit] = name.loc[hit] if isinstance(name, pd.Series) else name
    return where, reasons


def first_failures(checks: list[tuple[str | pd.Series, pd.Series]]) -> pd.DataFrame:
    """Per record, the field and reason of the first check it fails (missing if none):
    `checks` are (field, reasons) in order; a field may differ per record (a Series)."""
    reasons = checks[0][1].copy().astype(object)
    fields = pd.Series(checks[0][0], index=reasons.index, dtype=object)
    for field, reason in checks[1:]:
        fill = reasons.isna() & reason.notna()
        reasons = reasons.where(~fill, reason)
        fields = fields.where(~fill, field)
    return pd.DataFrame({"field": fields.where(reasons.notna()), "reason": reasons})
