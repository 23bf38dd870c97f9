"""A raw table -> records: one row per printed value, whatever the file's layout.

Every record has the columns RECORD_COLUMNS: the spreadsheet row (`_row`), the column the
value was printed in (`field`), and the area, measure, year, value, unit and source address
as printed (missing where the layout has none). Long files also carry each registry role as
`role:<role>` (for `where` clauses, status columns, titles and per-publication formats).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ggutils.clean.rules import CleaningRules
from ggutils.errors import RawDataError
from ggutils.reference.sources import Source

RECORD_COLUMNS = ["_row", "field", "area", "measure", "year", "value", "unit", "url"]


def records_of(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    """The table's records, in the file's order (row by row, then column by column)."""
    layouts = {"long": _long_records, "wide": _wide_records, "year_rows": _year_rows_records}
    return layouts[source.layout](frame, source, path)


def _require_columns(frame: pd.DataFrame, names: list[str], path: Path) -> None:
    for name in names:
        if name not in frame.columns:
            shown = [c for c in frame.columns if c != "_row"]
            raise RawDataError(path, f"column {name!r} named in sources.yml is not in the "
                               f"file (columns: {shown})", field=name)


def _long_records(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    """One record per row; the registry's `columns` say which column plays which role."""
    cols = source.columns
    _require_columns(frame, list(cols.values()), path)

    def role(name: str, otherwise: object = None) -> object:
        return frame[cols[name]] if name in cols else otherwise

    records = pd.DataFrame({
        "_row": frame["_row"], "field": cols["value"], "area": role("area", source.area),
        "measure": role("measure", source.measure), "year": role("year"),
        "value": role("value"), "unit": role("unit"), "url": role("source_url", source.url),
    }, columns=RECORD_COLUMNS)
    for name, column in cols.items():
        records[f"role:{name}"] = frame[column]
    return records


def _stacked(frame: pd.DataFrame, keep: str) -> pd.DataFrame:
    """Every cell of the columns other than `keep`, row by row: _row, field, value, and
    the row's `keep` cell."""
    columns = [c for c in frame.columns if c not in ("_row", keep)]
    n = len(columns)
    values = frame[columns].stack() if n else pd.Series([], dtype="str")
    return pd.DataFrame({
        "_row": np.repeat(frame["_row"].to_numpy(), n),
        "field": pd.Categorical.from_codes(np.tile(np.arange(n), len(frame)), columns),
        "value": values.array, keep: np.repeat(frame[keep].to_numpy(), n),
    })


def _wide_records(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    """Areas as rows, measures (or years) as columns: one record per cell."""
    _require_columns(frame, [source.area_column], path)
    cells = _stacked(frame, source.area_column)
    headers = pd.DataFrame([_header_parts(str(h), source) for h in cells["field"].cat.categories],
                           columns=["year", "measure"])
    codes = cells["field"].cat.codes.to_numpy()
    return pd.DataFrame({
        "_row": cells["_row"], "field": cells["field"], "area": cells[source.area_column],
        "measure": headers["measure"].to_numpy()[codes],
        "year": headers["year"].to_numpy()[codes], "value": cells["value"],
        "unit": None, "url": source.url}, columns=RECORD_COLUMNS)


def _header_parts(header: str, source: Source) -> tuple[str | None, str]:
    """A wide column header -> (year text, measure): 'YEAR<separator>measure', a year alone
    (with `measure`, after an optional `header_year_prefix`), or the measure alone."""
    if source.measure is not None:
        prefix = source.header_year_prefix or ""
        year = header[len(prefix):] if header.lower().startswith(prefix.lower()) else header
        return year.strip(), source.measure
    sep = source.header_year_separator
    if sep and sep in header:
        year, measure = header.split(sep, 1)
        return year, measure.strip()
    return source.year, header.strip()


def _year_rows_records(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    """Years as rows, measures as columns, one area for the whole file."""
    _require_columns(frame, [source.year_column], path)
    cells = _stacked(frame, source.year_column)
    return pd.DataFrame({
        "_row": cells["_row"], "field": cells["field"], "area": source.area,
        "measure": cells["field"].astype(str), "year": cells[source.year_column],
        "value": cells["value"], "unit": None, "url": source.url}, columns=RECORD_COLUMNS)


def drop_empty_values(records: pd.DataFrame, rules: CleaningRules) -> tuple[pd.DataFrame, int]:
    """Records with a printed value (stripped), and how many cells were empty or held a
    missing mark ('-', '..', '…')."""
    value = records["value"].astype("str").str.strip().fillna("")
    empty = value.isin(rules.missing_marks)
    kept = records.assign(value=value)[~empty]
    return kept.reset_index(drop=True), int(empty.sum())
