"""Cleaning one registered file: read it, check every record, build its observations.

A record is quarantined for the first check it fails, in this order: a value never
transcribed, the measure, the year, the area, the number, the unit. The others become
observations; nothing is altered, rounded or filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ggutils.clean.checks import (
    check_areas,
    check_control_characters,
    check_measures,
    check_units,
    check_years,
    first_failures,
    out_of_scope,
    per_distinct,
)
from ggutils.clean.numbers import read_numbers
from ggutils.clean.read import QUARANTINE_COLUMNS, Table, raw_file, read_table
from ggutils.clean.records import drop_empty_values, records_of
from ggutils.clean.rules import CleaningRules
from ggutils.errors import RawDataError
from ggutils.reference.indicators import Codebook
from ggutils.reference.provinces import Register
from ggutils.reference.sources import Source
from ggutils.text import control_reason

OBSERVATION_COLUMNS = [
    "entity_id", "entity_type", "indicator", "year", "value", "unit",
    "qualifier", "status", "definition", "source_id", "source_file", "source_row",
    "source_tier", "preferred", "flag", "area_as_printed", "year_as_printed",
    "value_as_printed", "unit_as_printed",
]
FORMULA_REASON = ("a formula with no stored value: {text!r} (open the file in a spreadsheet "
                  "program and save it, so the value is stored)")


@dataclass(frozen=True)
class SourceResult:
    """What cleaning one file gives."""

    observations: pd.DataFrame  # OBSERVATION_COLUMNS but `preferred`, `flag`, `year_as_printed`
    quarantine: pd.DataFrame    # QUARANTINE_COLUMNS
    conservation: dict          # one row of the conservation table
    sources: list[dict]         # one row per publication (source id, title, url, tier)
    conventions: list[dict]     # the number convention of every column (or publication)


def clean_source(source: Source, raw_dir: Path, codebook: Codebook, register: Register,
                 rules: CleaningRules) -> SourceResult:
    """Clean one registered file (see the module docstring)."""
    path = raw_file(raw_dir, source)
    table = read_table(path, source)
    records, n_empty = drop_empty_values(records_of(table.frame, source, path), rules)
    unused = out_of_scope(records, source)
    records = records[~unused.to_numpy()].reset_index(drop=True)
    measures = check_measures(records, source, codebook)
    years = check_years(records, rules)
    areas = check_areas(records, source, register)
    numbers, reports = read_numbers(records["value"], _number_groups(records, source), rules,
                                    source.number_format)
    units = check_units(records, measures, source, codebook, rules)
    names = _field_names(source)
    value_field = records["field"].astype(str).replace(names)
    failed = first_failures([
        check_control_characters(records, _text_fields(records, source, value_field)),
        (value_field, _unreadable_values(records["value"], rules)),
        (names["measure"], measures["reason"]), (names["year"], years["reason"]),
        (names["area"], areas["reason"]), (value_field, numbers["reason"]),
        (names["unit"], units["reason"]),
    ])
    bad = failed["reason"].notna()
    # a source address holding a control character names no publication (its records are
    # quarantined above)
    urls = records["url"].fillna("").astype(str)
    cited = records[~urls.isin([u for u in pd.unique(urls) if control_reason(u)])]
    ids = _source_ids(cited, source)
    checked = pd.concat([records, measures, years.rename(columns={"year": "year_number"}),
                         areas, numbers.rename(columns={"value": "number"}), units],
                        axis=1).drop(columns="reason")
    observations = _observations(checked[~bad.to_numpy()], source, codebook, ids, rules)
    quarantine = pd.concat([table.rejected, _quarantine(table, records[bad], failed[bad],
                                                        source)], ignore_index=True)
    conservation = {"source_file": source.file, "rows_read": table.rows_read,
                    "values_read": len(records) + n_empty + len(table.rejected)
                    + int(unused.sum()),
                    "accepted": len(observations), "quarantined": len(quarantine),
                    "empty": n_empty, "out_of_scope": int(unused.sum()),
                    "non_data": table.non_data}
    return SourceResult(observations, quarantine, conservation,
                        _publications(cited, source, ids), _conventions(source, reports))


def _unreadable_values(values: pd.Series, rules: CleaningRules) -> pd.Series:
    """Values the source has but the table does not: never transcribed, or a formula."""
    reasons = pd.Series(np.nan, index=values.index, dtype=object)
    reasons[values.isin(rules.not_transcribed.marks)] = rules.not_transcribed.reason
    formula = values.str.startswith("=")
    reasons[formula] = [FORMULA_REASON.format(text=t) for t in values[formula]]
    return reasons


def _text_fields(records: pd.DataFrame, source: Source, value_field: pd.Series
                 ) -> dict[str, str | pd.Series]:
    """Every raw text column of the records -> the column name a quarantine row reports:
    the value, area, measure, year, unit and source address, then the registry's other
    roles (a source title, a note)."""
    names = _field_names(source)
    fields: dict[str, str | pd.Series] = {
        "value": value_field, "area": names["area"], "measure": names["measure"],
        "year": names["year"], "unit": names["unit"],
        "url": source.columns.get("source_url", "url")}
    for column in records.columns:
        if column.startswith("role:"):
            fields[column] = source.columns.get(column[5:], column[5:])
    return fields


def _number_groups(records: pd.DataFrame, source: Source) -> pd.Series:
    """The group whose cells share a number convention: the column, and where the registry
    says so (`number_format_by`), the publication within it."""
    field = records["field"].astype(str)
    if not source.number_format_by:
        return field
    role = next((r for r, c in source.columns.items() if c == source.number_format_by), None)
    if role is None:
        raise RawDataError(source.file, f"number_format_by names {source.number_format_by!r}, "
                           "which is not one of `columns`")
    return field + "\x00" + records[f"role:{role}"].fillna("")


def _field_names(source: Source) -> dict[str, str]:
    """Quarantine names the column as printed where the registry names one."""
    return {"area": source.columns.get("area", source.area_column or "area"),
            "year": source.columns.get("year", source.year_column or "year"),
            "unit": source.columns.get("unit", "unit"),
            "measure": source.columns.get("measure", "measure")}


def _source_ids(records: pd.DataFrame, source: Source) -> dict[str, str]:
    """One source id per publication: the file's id, numbered when rows cite several."""
    urls = list(pd.unique(records["url"].fillna("").astype(str)))
    if len(urls) <= 1 or "source_url" not in source.columns:
        return {u: source.id for u in urls}
    return {u: f"{source.id}:{n}" for n, u in enumerate(urls, start=1)}


def _observations(ok: pd.DataFrame, source: Source, codebook: Codebook, ids: dict[str, str],
                  rules: CleaningRules) -> pd.DataFrame:
    """Accepted records -> observation rows."""
    url = ok["url"].fillna("").astype(str)
    notes = [f"role:{c}" for c in source.status_columns]

    def status(year_status, unit_status, *texts) -> dict:
        if year_status != "final":
            return {"status": year_status}
        noted = next((s for t in texts if (s := rules.status_in("note", t or ""))), None)
        return {"status": unit_status or noted or "final"}

    def definition(rule, year) -> dict:
        return {"definition": source.measures[int(rule)].definition_for(int(year))}

    statuses = per_distinct(ok[["year_status", "unit_status", *notes]], status, ["status"])
    definitions = per_distinct(ok[["rule", "year_number"]], definition, ["definition"])
    units = {i: codebook[i].unit for i in pd.unique(ok["indicator"])}
    return pd.DataFrame({
        "entity_id": ok["entity_id"], "entity_type": ok["entity_type"],
        "indicator": ok["indicator"],
        "year": ok["year_number"].astype(np.int64), "value": ok["number"] * ok["factor"],
        "unit": ok["indicator"].map(units),
        "qualifier": ok["qualifier"].where(ok["qualifier"] != "", ok["unit_qualifier"]),
        "status": statuses["status"], "definition": definitions["definition"],
        "source_id": url.map(ids), "source_file": source.file,
        "source_row": ok["_row"].astype(np.int64),
        "source_tier": url.map({u: source.tier_for(u) for u in ids}),
        "area_as_printed": ok["area"], "value_as_printed": ok["value"],
        "unit_as_printed": ok["unit_as_printed"],
    }).reset_index(drop=True)


def _quarantine(table: Table, records: pd.DataFrame, failed: pd.DataFrame,
                source: Source) -> pd.DataFrame:
    """Quarantine rows for the failed records, each with its row as read."""
    columns = [c for c in table.frame.columns if c != "_row"]
    rows = table.frame.set_index("_row").loc[pd.unique(records["_row"]), columns]
    raw = {row: " | ".join(f"{c}={v}" for c, v in zip(columns, cells, strict=True))
           for row, *cells in rows.itertuples(name=None)}
    return pd.DataFrame({"source_file": source.file,
                         "source_row": records["_row"].astype(np.int64).to_numpy(),
                         "raw": records["_row"].map(raw).to_numpy(),
                         "field": failed["field"].to_numpy(),
                         "reason": failed["reason"].to_numpy()}, columns=QUARANTINE_COLUMNS)


def _publications(records: pd.DataFrame, source: Source, ids: dict[str, str]) -> list[dict]:
    """The sources table rows: each publication's first printed title, its address, tier."""
    titles: dict[str, str] = {}
    if "role:source_title" in records:
        printed = pd.DataFrame({"url": records["url"].fillna("").astype(str),
                                "title": records["role:source_title"].fillna("")})
        usable = printed["title"].map(lambda t: control_reason(t) is None)
        printed = printed[(printed["title"] != "") & usable].drop_duplicates("url")
        titles = dict(zip(printed["url"], printed["title"], strict=True))
    return [{"source_id": sid, "source_file": source.file,
             "title": titles.get(url) or source.title, "url": url,
             "tier": source.tier_for(url)} for url, sid in ids.items()]


def _conventions(source: Source, reports: dict) -> list[dict]:
    """The convention of every column (and publication), as decided."""
    rows = []
    for key, report in sorted(reports.items()):
        column, _, group = str(key).partition("\x00")
        rows.append({"source_file": source.file, "column": column, "group": group,
                     "convention": report.label, "dot_votes": report.votes["dot_decimal"],
                     "comma_votes": report.votes["comma_decimal"]})
    return rows
