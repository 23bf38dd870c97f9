"""Stage 1, cleaning: raw published tables -> one tidy, validated observation table.

Each file registered in data/raw/sources.yml is read by its layout into records (one printed
value each); a record becomes an observation or a quarantine row with the field and the
reason, or is counted as an empty cell. Conservation (values read = accepted + quarantined +
empty) is checked per file and in total, and the run fails if it does not add up.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .errors import GGUtilsError, RawDataError
from .indicators import Codebook
from .io import write_csv_atomic
from .numbers import (
    COMMA_DECIMAL,
    DOT_DECIMAL,
    MISSING_TOKENS,
    NOT_SEEN_TOKEN,
    QUALIFIER_WORDS,
    STATUSES,
    YearFormatError,
    apply_convention,
    convention_from_votes,
    parse_year,
    vec_parse,
)
from .provinces import Register
from .sources import Registry, Source

OBSERVATION_COLUMNS = [
    "entity_id", "entity_type", "province_slug", "indicator", "year", "value", "unit",
    "qualifier", "status", "definition", "source_id", "source_file", "source_row",
    "source_tier", "preferred", "flag", "area_as_printed", "value_as_printed",
    "unit_as_printed",
]
QUARANTINE_COLUMNS = ["source_file", "source_row", "raw", "field", "reason"]
SOURCE_COLUMNS = ["source_id", "source_file", "title", "url", "tier"]
CONSERVATION_COLUMNS = ["source_file", "rows_read", "values_read", "accepted", "quarantined",
                        "empty", "non_data"]
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
YEAR_RANGE = (1990, 2035)


@dataclass(frozen=True)
class CleanResult:
    observations: pd.DataFrame
    quarantine: pd.DataFrame
    conservation: pd.DataFrame
    sources: pd.DataFrame
    conventions: pd.DataFrame

    def summary(self) -> str:
        """The conservation table as text, with the totals line. values_read = accepted +
        quarantined + empty; rows that repeat the header are counted as non_data."""
        total = self.conservation[CONSERVATION_COLUMNS[1:]].sum()
        lines = [self.conservation.to_string(index=False),
                 "TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items())]
        return "\n".join(lines)


# --- Reading ------------------------------------------------------------------------------

_SNIFF_DELIMITERS = [",", ";", "\t"]


@dataclass(frozen=True)
class Table:
    """A raw table as strings, with what reading it set aside."""

    frame: pd.DataFrame            # data rows, all str; column `_row` = spreadsheet row number
    rejected: list[dict]           # ragged rows, as quarantine rows
    non_data: int                  # repeated header rows
    rows_read: int                 # every row after the header(s)


def _check_file(path: Path, source: Source) -> bytes:
    if not path.is_file():
        raise RawDataError(path, "registered in sources.yml but the file is missing")
    size = path.stat().st_size
    if size == 0:
        raise RawDataError(path, "the file is empty")
    if size > source.max_file_mb * 1024 * 1024:
        raise RawDataError(path, f"the file is {size / 1024 / 1024:.0f} MB, over the "
                           f"{source.max_file_mb:g} MB limit (raise `max_file_mb` in "
                           "sources.yml to read it)")
    with path.open("rb") as handle:
        head = handle.read(65536)
    if path.suffix.lower() not in (".xlsx", ".xlsm") and b"\x00" in head:
        raise RawDataError(path, "binary content (NUL bytes): not valid text, not a CSV")
    return head


def _encoding(source: Source) -> str:
    return "utf-8-sig" if source.encoding.lower().replace("_", "-") in ("utf-8", "utf8") \
        else source.encoding


def _delimiter(head: bytes, source: Source) -> str:
    if source.delimiter:
        return source.delimiter
    try:
        first = head.decode(_encoding(source), errors="replace").splitlines()[0]
    except IndexError:
        return ","
    counts = {d: first.count(d) for d in _SNIFF_DELIMITERS}
    return max(_SNIFF_DELIMITERS, key=lambda d: (counts[d], d == ","))


def _join_headers(rows: list[list[str]]) -> list[str]:
    """Several header rows -> one name per column: merged cells (blank continuations) take
    the value on their left, parts are joined with ' - '."""
    filled = []
    for row in rows[:-1]:
        out, last = [], ""
        for cell in row:
            last = cell.strip() or last
            out.append(last)
        filled.append(out)
    filled.append([c.strip() for c in rows[-1]])
    names = []
    for parts in zip(*filled, strict=True):
        kept = [p for i, p in enumerate(parts) if p and (i == 0 or p != parts[i - 1])]
        names.append(" - ".join(dict.fromkeys(kept)))
    return names


def _read_rows_slow(path: Path, source: Source, delimiter: str) -> list[list[str]]:
    """Every row as a list of strings (for ragged files and multi-row headers)."""
    with path.open(encoding=_encoding(source), newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def _frame_from_rows(rows: list[list[str]], source: Source, path: Path) -> Table:
    header_rows = source.header_rows
    if len(rows) < header_rows:
        raise RawDataError(path, f"expected {header_rows} header row(s), found {len(rows)}")
    columns = _join_headers(rows[:header_rows]) if header_rows > 1 else \
        [c.strip() for c in rows[0]]
    good, rejected = [], []
    for i, row in enumerate(rows[header_rows:]):
        number = i + header_rows + 1
        if len(row) == len(columns):
            good.append([number, *row])
        elif any(cell.strip() for cell in row):
            rejected.append({"source_file": source.file, "source_row": number,
                             "raw": " | ".join(row), "field": "row",
                             "reason": f"ragged row: {len(row)} fields, the header has "
                                       f"{len(columns)}"})
    frame = pd.DataFrame(good, columns=["_row", *columns], dtype=str)
    frame["_row"] = frame["_row"].astype(int)
    return Table(frame, rejected, 0, len(rows) - header_rows)


def _read_excel(path: Path, source: Source) -> list[list[str]]:
    frame = pd.read_excel(path, dtype=str, sheet_name=source.sheet or 0, header=None)
    return frame.fillna("").astype(str).values.tolist()


def read_table(path: Path, source: Source) -> Table:
    """Read a raw CSV or Excel file as strings; errors name the file (and row)."""
    head = _check_file(path, source)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            table = _frame_from_rows(_read_excel(path, source), source, path)
        else:
            delimiter = _delimiter(head, source)
            if source.header_rows > 1:
                table = _frame_from_rows(_read_rows_slow(path, source, delimiter), source, path)
            else:
                table = _read_csv_fast(path, source, delimiter)
    except UnicodeDecodeError as exc:
        raise RawDataError(path, f"not valid {source.encoding} text ({exc.reason} at byte "
                           f"{exc.start}); set `encoding` in sources.yml") from None
    except (csv.Error, ValueError) as exc:
        raise RawDataError(path, f"cannot be parsed as a table: {exc}") from None
    return _drop_repeated_headers(table)


def _read_csv_arrow(path: Path, source: Source, delimiter: str) -> pd.DataFrame | None:
    """pyarrow's multi-threaded reader, used only when every line became one row (it skips
    blank lines, which would shift the row numbers quarantine rows cite)."""
    try:
        frame = pd.read_csv(path, engine="pyarrow", dtype=str, keep_default_na=False,
                            sep=delimiter, encoding=_encoding(source))
    except Exception:  # noqa: BLE001 - ragged rows, bad bytes...: the C reader says why
        return None
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
        handle.seek(-1, 2)
        lines += handle.read(1) != b"\n"  # a last line without a newline
    return frame if len(frame) == lines - 1 else None


def _read_csv_fast(path: Path, source: Source, delimiter: str) -> Table:
    frame = _read_csv_arrow(path, source, delimiter)
    if frame is not None:
        frame.columns = [str(c).strip() for c in frame.columns]
        frame.insert(0, "_row", range(2, len(frame) + 2))
        return Table(frame, [], 0, len(frame))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=delimiter,
                            encoding=_encoding(source), encoding_errors="strict",
                            skip_blank_lines=False)
    except pd.errors.ParserError:  # ragged rows: read them one by one and quarantine them
        return _frame_from_rows(_read_rows_slow(path, source, delimiter), source, path)
    except pd.errors.EmptyDataError:
        raise RawDataError(path, "the file holds no header row") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.insert(0, "_row", range(2, len(frame) + 2))
    return Table(frame, [], 0, len(frame))


def _drop_repeated_headers(table: Table) -> Table:
    """A row that repeats the header (tables pasted page by page) is not data."""
    frame = table.frame
    if frame.empty:
        return table
    cols = [c for c in frame.columns if c != "_row"]
    repeated = frame[cols[0]].astype(str).str.strip() == cols[0]
    if not repeated.any():
        return table
    for col in cols[1:]:
        repeated &= frame[col].astype(str).str.strip() == col
    if not repeated.any():
        return table
    return Table(frame[~repeated].reset_index(drop=True), table.rejected,
                 table.non_data + int(repeated.sum()), table.rows_read)


def _require_columns(frame: pd.DataFrame, names: list[str], path: Path) -> None:
    for name in names:
        if name not in frame.columns:
            shown = [c for c in frame.columns if c != "_row"]
            raise RawDataError(path, f"column {name!r} named in sources.yml is not in the "
                               f"file (columns: {shown})", field=name)


# Records: one row per printed value, with the columns the rules need.
RECORD_COLUMNS = ["_row", "field", "area", "measure", "year", "value", "unit", "url"]


def _records_long(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    cols = source.columns
    _require_columns(frame, list(cols.values()), path)
    records = pd.DataFrame({
        "_row": frame["_row"], "field": cols["value"], "area": frame[cols["area"]],
        "measure": frame[cols["measure"]], "year": frame[cols["year"]],
        "value": frame[cols["value"]],
        "unit": frame[cols["unit"]] if "unit" in cols else None,
        "url": frame[cols["source_url"]] if "source_url" in cols else source.url,
    })
    for role, column in cols.items():
        records[f"role:{role}"] = frame[column]
    return records


def _melt(frame: pd.DataFrame, id_column: str) -> pd.DataFrame:
    value_columns = [c for c in frame.columns if c not in ("_row", id_column)]
    melted = frame.melt(id_vars=["_row", id_column], value_vars=value_columns,
                        var_name="field", value_name="value")
    return melted.sort_values(["_row"], kind="stable", ignore_index=True)


def _records_wide(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    _require_columns(frame, [source.area_column], path)
    melted = _melt(frame, source.area_column)
    sep = source.header_year_separator
    if sep:
        parts = melted["field"].str.split(sep, n=1, expand=True)
        has_year = melted["field"].str.contains(sep, regex=False)
        year = parts[0].where(has_year, source.year)
        measure = parts[1].where(has_year, melted["field"]) if parts.shape[1] > 1 \
            else melted["field"]
    else:
        year, measure = source.year, melted["field"]
    return pd.DataFrame({"_row": melted["_row"], "field": melted["field"],
                         "area": melted[source.area_column], "measure": measure.str.strip(),
                         "year": year, "value": melted["value"], "unit": None,
                         "url": source.url})


def _records_year_rows(frame: pd.DataFrame, source: Source, path: Path) -> pd.DataFrame:
    _require_columns(frame, [source.year_column], path)
    melted = _melt(frame, source.year_column)
    return pd.DataFrame({"_row": melted["_row"], "field": melted["field"], "area": source.area,
                         "measure": melted["field"], "year": melted[source.year_column],
                         "value": melted["value"], "unit": None, "url": source.url})


READERS = {"long": _records_long, "wide": _records_wide, "year_rows": _records_year_rows}


# --- Interpreting records -------------------------------------------------------------------

_PAREN = re.compile(r"\(([^)]*)\)")


def split_unit(text: str | None) -> tuple[str, str, str | None]:
    """'USD/person (lower bound: 'hơn')' -> ('USD/person', 'above', None);
    '% (first 9 months, y-o-y)' -> ('%', '', 'partial_year')."""
    if text is None:
        return "", "", None
    remarks = " ".join(_PAREN.findall(text)).lower()
    unit = _PAREN.sub("", text).strip()
    qualifier = ""
    if "lower bound" in remarks:
        qualifier = "above"
    elif "upper bound" in remarks:
        qualifier = "below"
    else:
        for word, meaning in QUALIFIER_WORDS.items():
            if re.search(rf"'{re.escape(word)}'|\b{re.escape(word)}\b", remarks):
                qualifier = meaning
                break
    status = "partial_year" if re.search(r"\d+ months|\d+ tháng", remarks) else None
    return unit, qualifier, status


class Rejected(Exception):
    """A value goes to quarantine: `field` broke the rule described by `reason`."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(reason)


@dataclass(frozen=True)
class Lookup:
    """Per-distinct-value results of one check, addressable per record.

    `codes` give every record its distinct value's position; a field of every record's
    result is then one NumPy take, never a Python call per row.
    """

    codes: np.ndarray
    results: list          # per distinct value: the result tuple, or None when rejected
    index: pd.Index

    def pick(self, part: int, mask: pd.Series | None = None, dtype=object,
             missing=None) -> pd.Series:
        """One element of every record's result; `dtype` int/float gives a typed column
        (rejected records get `missing`, and callers pick only accepted ones)."""
        column = np.array([missing if r is None else r[part] for r in self.results]
                          + [missing], dtype=dtype)
        values = pd.Series(column[self.codes], index=self.index)  # code -1 -> the last slot
        return values if mask is None else values[mask]


def _per_unique(values: pd.Series, func) -> tuple[Lookup, pd.Series]:
    """Apply `func` once per distinct value: a Lookup of results, and per record the
    rejection as 'field\\x00reason' (None where accepted). A million rows with sixty
    distinct names cost sixty calls."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results, reasons = [], []
    for key in uniques:
        try:
            results.append(func(key))
            reasons.append(None)
        except Rejected as rej:
            results.append(None)
            reasons.append(rej.field + "\x00" + rej.reason)
    if values.isna().any():  # a missing key (e.g. no area) is judged once too
        try:
            na_result, na_reason = func(None), None
        except Rejected as rej:
            na_result, na_reason = None, rej.field + "\x00" + rej.reason
        results.append(na_result)
        reasons.append(na_reason)
        codes = np.where(codes < 0, len(uniques), codes)
    why = np.array(reasons + [None], dtype=object)[codes]
    return Lookup(codes, results, values.index), pd.Series(why, index=values.index)


def _measure_rule(source: Source, codebook: Codebook):
    def rule_for(key):
        measure, extra = key if isinstance(key, tuple) else (key, ())
        rule = source.measure_rule(measure, dict(extra))
        if rule is None:
            raise Rejected("measure", f"measure {measure!r} is not mapped to an indicator "
                                      "in sources.yml")
        indicator = rule.indicator_for(measure)
        if indicator not in codebook:
            raise Rejected("measure", f"indicator {indicator!r} is not in the codebook")
        return rule, indicator, rule.unit, source.measures.index(rule)
    return rule_for


def _year_of(text):
    try:
        return parse_year(text)
    except YearFormatError as exc:
        raise Rejected("year", f"no usable year: {exc}") from None


def _entity_of(register: Register, source: Source):
    def entity(name):
        if name is None or (isinstance(name, float) and name != name):
            raise Rejected("area", f"area not identified: {source.area_missing_reason}")
        resolved = register.resolve(name, source.region_system)
        if not resolved.ok:
            hint = f" (candidates: {', '.join(resolved.candidates)})" \
                if resolved.candidates else ""
            raise Rejected("area", f"{resolved.reason} {name!r}{hint}")
        row = register.entity(resolved.entity_id)
        return (row["entity_id"], row["entity_type"],
                row["slug"] if row["entity_type"] == "province" else "")
    return entity


def _unit_of(codebook: Codebook):
    def unit(key):
        printed, indicator_id = key.split("\x00")
        indicator = codebook[indicator_id]
        unit_id = codebook.unit_id(printed)
        qualifier, status = "", None
        if unit_id is None:  # '% (first 9 months)': the remark is not part of the unit
            text, qualifier, status = split_unit(printed)
            unit_id = codebook.unit_id(text)
            if unit_id is None:
                raise Rejected("unit", f"unknown unit {text!r}")
        factor = codebook.conversion(unit_id, indicator.unit)
        if factor is None:
            raise Rejected("unit", f"unit {unit_id!r} cannot be converted to the indicator's "
                                   f"{indicator.unit!r} by any rule in the codebook")
        return factor, qualifier, status
    return unit


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


def _numbers(records: pd.DataFrame, source: Source) -> tuple[pd.Series, pd.Series, pd.Series,
                                                              dict]:
    """Parse every value under its column's (or publication's) convention: values,
    qualifiers and rejection reasons. Conventions are decided per group, never per cell."""
    group_key = records["field"].astype(str)
    if source.number_format_by:
        group_key = group_key + "\x00" + records[f"role:{_role_of(source)}"].astype(str)
    parsed = vec_parse(records["value"])
    values = pd.Series(np.nan, index=records.index)
    reasons = pd.Series(None, index=records.index, dtype=object)
    conventions = {}
    for key, idx in parsed.groupby(group_key).groups.items():
        part = parsed.loc[idx]
        report = convention_from_votes(part["evidence"], source.number_format)
        conventions[key] = report
        number, why = apply_convention(part, report)
        values.loc[idx] = number
        reasons.loc[idx] = why
    return values, parsed["qualifier"], reasons, conventions


def _role_of(source: Source) -> str:
    for role, column in source.columns.items():
        if column == source.number_format_by:
            return role
    raise RawDataError(source.file, f"number_format_by names {source.number_format_by!r}, "
                       "which is not one of `columns`")


def _where_key(records: pd.DataFrame, source: Source) -> pd.Series:
    """(measure, ((column, text)...)) per record: what the measure rules look at."""
    where_cols = sorted({c for m in source.measures for c in m.where})
    if not where_cols:
        return records["measure"]
    role_by_column = {col: role for role, col in source.columns.items()}
    extra = [records[f"role:{role_by_column.get(c, c)}"].astype(str)
             if f"role:{role_by_column.get(c, c)}" in records else pd.Series("", records.index)
             for c in where_cols]
    keys = [(m, tuple(zip(where_cols, vals, strict=True)))
            for m, *vals in zip(records["measure"], *extra, strict=True)]
    return pd.Series(keys, index=records.index)


def _first_reason(records: pd.DataFrame, checks: list[tuple[str, pd.Series]],
                  names: dict[str, str]) -> pd.DataFrame:
    """For each record, the first failing check as (field, reason). A lookup check's
    reasons read 'field\\x00reason'; a value check's name the record's own column."""
    field = pd.Series(None, index=records.index, dtype=object)
    reason = pd.Series(None, index=records.index, dtype=object)
    for name, why in checks:
        todo = reason.isna() & why.notna()
        if not todo.any():
            continue
        if name == "lookup":
            parts = why[todo].astype(str).str.split("\x00", n=1, expand=True)
            field[todo] = parts[0].map(lambda f: names.get(f, f))
            reason[todo] = parts[1]
        else:
            field[todo] = records.loc[todo, "field"]
            reason[todo] = why[todo]
    return pd.DataFrame({"field": field, "reason": reason})


def clean_source(source: Source, raw_dir: Path, codebook: Codebook, register: Register):
    """Clean one registered file: (observations, quarantine, conservation row, sources,
    conventions)."""
    path = raw_dir / source.file
    table = read_table(path, source)
    records = READERS[source.layout](table.frame, source, path)
    stripped = records["value"].fillna("").astype(str).str.strip()
    empty = stripped.isin(MISSING_TOKENS)
    records = records[~empty].assign(value=stripped[~empty])
    ids = _source_ids(records, source) if len(records) else {}
    not_seen = records["value"].eq(NOT_SEEN_TOKEN)
    rule_key = _where_key(records, source)
    rules, rule_why = _per_unique(rule_key, _measure_rule(source, codebook))
    years, year_why = _per_unique(records["year"], _year_of)
    entities, ent_why = _per_unique(records["area"], _entity_of(register, source))
    values, qualifiers, number_why, conventions = _numbers(records, source)
    indicators = rules.pick(1)
    printed_unit = rules.pick(2).fillna(
        records["unit"] if records["unit"].notna().any() else "").fillna("").astype(str)
    unit_key = (printed_unit + "\x00" + indicators.fillna("").astype(str))
    unit_key = unit_key[indicators.notna()]
    units, unit_why = _per_unique(unit_key, _unit_of(codebook))
    failed = _first_reason(records, [
        ("value", not_seen.map({True: "value exists in the source but was not transcribed "
                                      "([NOT SEEN]: past the readable part of the page)",
                                False: None})),
        ("lookup", rule_why), ("lookup", year_why), ("lookup", ent_why),
        ("value", number_why), ("lookup", unit_why.reindex(records.index)),
    ], _field_names(source))
    bad = failed["reason"].notna()
    quarantine = pd.DataFrame({
        "source_file": source.file, "source_row": records.loc[bad, "_row"],
        "raw": _raw_rows(table.frame, records.loc[bad, "_row"]),
        "field": failed.loc[bad, "field"], "reason": failed.loc[bad, "reason"]})
    quarantine = pd.concat([pd.DataFrame(table.rejected, columns=QUARANTINE_COLUMNS),
                            quarantine[QUARANTINE_COLUMNS]], ignore_index=True)
    ok = ~bad
    parts = {"rules": rules, "years": years, "entities": entities, "units": units,
             "values": values[ok], "qualifiers": qualifiers[ok], "indicators": indicators[ok],
             "printed_unit": printed_unit[ok], "ok": ok}
    obs = _observations(records[ok], source, parts, ids, codebook)
    titles = _titles(records, source)
    sources = [{"source_id": sid, "source_file": source.file,
                "title": titles.get(url) or source.title, "url": url,
                "tier": source.tier_for(url)} for url, sid in ids.items()]
    conv = [{"source_file": source.file, "column": key.split("\x00")[0],
             "group": key.split("\x00")[1] if "\x00" in key else "",
             "convention": r.convention or ("mixed" if r.mixed else "ambiguous"),
             "dot_votes": r.votes[DOT_DECIMAL], "comma_votes": r.votes[COMMA_DECIMAL]}
            for key, r in conventions.items()]
    conservation = {"source_file": source.file, "rows_read": table.rows_read,
                    "values_read": int(len(records) + empty.sum()) + len(table.rejected),
                    "accepted": len(obs), "quarantined": len(quarantine),
                    "empty": int(empty.sum()), "non_data": table.non_data}
    return obs, quarantine, conservation, sources, conv


def _raw_rows(frame: pd.DataFrame, rows: pd.Series) -> list[str]:
    """The quarantined rows as read, 'column=value | ...'."""
    if rows.empty:
        return []
    by_row = frame.set_index("_row")
    columns = [c for c in frame.columns if c != "_row"]
    texts = {}
    for row in pd.unique(rows):
        cells = by_row.loc[row, columns]
        texts[row] = " | ".join(f"{c}={v}" for c, v in zip(columns, cells, strict=True))
    return [texts[r] for r in rows]


def _observations(ok: pd.DataFrame, source: Source, parts: dict, ids: dict,
                  codebook: Codebook) -> pd.DataFrame:
    """Accepted records -> observation rows, every per-record field by dictionary lookup."""
    if ok.empty:
        return pd.DataFrame(columns=[c for c in OBSERVATION_COLUMNS
                                     if c not in ("preferred", "flag")])
    mask, units = parts["ok"], parts["units"]

    def unit_part(i: int, dtype=object, missing=None) -> pd.Series:
        # units were judged only where an indicator was found
        return units.pick(i, dtype=dtype, missing=missing).reindex(mask.index)[mask]

    years = parts["years"].pick(0, mask, dtype=np.int64, missing=0)
    statuses = parts["years"].pick(1, mask)
    final = statuses.eq("final")
    later = unit_part(2).fillna(_status_from_rules(ok, source)).fillna("final")
    statuses = statuses.where(~final, later)
    indicators = parts["indicators"]
    qualifiers = parts["qualifiers"]
    url_codes, urls = pd.factorize(ok["url"].fillna("").astype(str))
    source_ids = np.array([ids[u] for u in urls], dtype=object)[url_codes]
    tiers = np.array([source.tier_for(u) for u in urls], dtype=int)[url_codes]
    entities = parts["entities"]
    return pd.DataFrame({
        "entity_id": entities.pick(0, mask), "entity_type": entities.pick(1, mask),
        "province_slug": entities.pick(2, mask), "indicator": indicators,
        "year": years, "value": parts["values"] * unit_part(0, dtype=float, missing=np.nan),
        "unit": indicators.map({i: codebook[i].unit for i in pd.unique(indicators)}),
        "qualifier": qualifiers.where(qualifiers != "", unit_part(1)).fillna(""),
        "status": statuses,
        "definition": _definitions(parts["rules"].pick(3, mask, dtype=np.int64, missing=-1),
                                   years, source),
        "source_id": source_ids, "source_file": source.file, "source_row": ok["_row"],
        "source_tier": tiers, "area_as_printed": ok["area"],
        "value_as_printed": ok["value"], "unit_as_printed": parts["printed_unit"],
    })


def _definitions(index: pd.Series, years: pd.Series, source: Source) -> pd.Series:
    """Each value's definition: its measure rule's (by position), by year where the rule
    says so."""
    out = pd.Series("standard", index=index.index, dtype=object)
    for i, rule in enumerate(source.measures):
        mask = index == i
        if not mask.any():
            continue
        out[mask] = rule.definition
        for by_year in reversed(rule.definition_by_year):  # the first listed wins
            hit = mask.copy()
            if by_year.from_year is not None:
                hit &= years >= by_year.from_year
            if by_year.to_year is not None:
                hit &= years <= by_year.to_year
            out[hit] = by_year.definition
    return out


def _status_from_rules(records: pd.DataFrame, source: Source) -> pd.Series:
    """Statuses that a source's notes imply (status_rules), per distinct note."""
    out = pd.Series(None, index=records.index, dtype=object)
    if not source.status_rules:
        return out
    columns = sorted({rule.column for rule in source.status_rules})
    named = [records.get(f"role:{c}", pd.Series("", index=records.index)).astype(str)
             for c in columns]
    key = named[0]
    for extra in named[1:]:
        key = key + "\x00" + extra
    cache = {k: source.status_for(dict(zip(columns, k.split("\x00"), strict=True)))
             for k in pd.unique(key)}
    return key.map(cache)


def _titles(records: pd.DataFrame, source: Source) -> dict[str, str]:
    """The first non-empty printed title of every publication (one pass)."""
    if "role:source_title" not in records:
        return {}
    pairs = records[["url", "role:source_title"]].fillna("")
    pairs = pairs[pairs["role:source_title"].astype(str) != ""].drop_duplicates("url")
    return dict(zip(pairs["url"], pairs["role:source_title"], strict=True))


def observation_schema(codebook: Codebook) -> pa.DataFrameSchema:
    """The declared schema every accepted observation must satisfy."""

    lowers = {i: ind.lower for i, ind in codebook.indicators.items()}
    uppers = {i: ind.upper for i, ind in codebook.indicators.items()}

    def within_bounds(df: pd.DataFrame) -> pd.Series:
        lower = df["indicator"].map(lowers).astype(float)
        upper = df["indicator"].map(uppers).astype(float)
        return (lower.isna() | (df["value"] >= lower)) & (upper.isna() | (df["value"] <= upper))

    return pa.DataFrameSchema(
        {
            "entity_id": pa.Column(str),
            "entity_type": pa.Column(str, pa.Check.isin(["province", "region", "country"])),
            "indicator": pa.Column(str, pa.Check.isin(sorted(codebook.indicators)),
                                   title="indicator known"),
            "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE)),
            "value": pa.Column(float),
            "unit": pa.Column(str),
            "status": pa.Column(str, pa.Check.isin(list(STATUSES))),
            "definition": pa.Column(str),
            "source_id": pa.Column(str),
        },
        checks=[pa.Check(within_bounds, name="value_within_indicator_bounds")],
        unique=["entity_id", "indicator", "year", "value", "definition", "status", "source_id"],
        report_duplicates="exclude_first",
        coerce=True,
    )


def _schema_reason(check: str, column: str, row: pd.Series, codebook: Codebook) -> tuple:
    """A quarantine (field, reason) in words for a failed schema check."""
    if check == "value_within_indicator_bounds":
        ind = codebook[row["indicator"]]
        return "value", (f"value {row['value']:g} outside the bounds of {ind.id} "
                         f"[{ind.lower}, {ind.upper}] (schema rule {check})")
    if "unique" in check or "duplicate" in check.lower():
        return "row", "exact duplicate of an earlier observation (schema rule unique)"
    if column == "year":
        return "year", f"year {row['year']} outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]} " \
                       f"(schema rule {check})"
    return column, f"{column} {row.get(column)!r} fails schema rule {check}"


def validate_observations(obs: pd.DataFrame, codebook: Codebook) -> tuple[pd.DataFrame, list]:
    """Split observations into those passing the schema and quarantine rows for the rest."""
    if obs.empty:
        return obs, []
    try:
        return observation_schema(codebook).validate(obs, lazy=True), []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        reasons: dict[int, tuple[str, str]] = {}
        for _, case in cases.iterrows():
            i = int(case["index"])
            column = str(case["column"]) if pd.notna(case["column"]) else "value"
            reasons.setdefault(i, _schema_reason(str(case["check"]), column, obs.loc[i],
                                                 codebook))
        bad = obs.loc[list(reasons)]
        quarantined = [{"source_file": r.source_file, "source_row": r.source_row,
                        "raw": f"indicator={r.indicator} | year={r.year} | "
                               f"value={r.value_as_printed} | area={r.area_as_printed}",
                        "field": reasons[i][0], "reason": reasons[i][1]}
                       for i, r in bad.iterrows()]
        kept = obs.drop(index=list(reasons))
        return observation_schema(codebook).validate(kept), quarantined


def flag_inconsistent(obs: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """The consistency rules of the codebook: a total that differs from the sum of its
    parts (same entity, year and source) is flagged with both numbers; nothing is changed."""
    flags = pd.Series("", index=obs.index, dtype=object)
    keys = ["entity_id", "year", "source_id"]
    for rule in codebook.consistency:
        parts = obs[obs["indicator"].isin(rule.parts)]
        if parts.empty:
            continue
        sums = parts.groupby(keys)["value"].agg(["sum", "count"])
        sums = sums[sums["count"] == len(rule.parts)]["sum"]
        totals = obs[obs["indicator"] == rule.total]
        expected = totals.set_index(keys).index.map(sums.to_dict())
        expected = pd.Series(expected, index=totals.index, dtype=float)
        off = (totals["value"] - expected).abs() > totals["value"].abs() * rule.tolerance_pct / 100
        for i in totals.index[off.fillna(False)]:
            flags[i] = (f"consistency: total {obs.at[i, 'value']:,.0f} differs from "
                        f"{' + '.join(rule.parts)} = {expected[i]:,.0f}")
    return flags


def mark_preferred(obs: pd.DataFrame, published: dict[str, str] | None = None) -> pd.DataFrame:
    """Keep every conflicting value; set `preferred` on one per entity, indicator and year.

    The rule: an official or standard definition first, then values no consistency rule
    flagged, then the best source tier (1 official, 2 press, 3 secondary), then final over
    preliminary over estimates, then the newer publication (where `published` is known),
    then the first listed.
    """
    if obs.empty:
        return obs.assign(preferred=pd.Series(dtype=bool))
    contested = obs.duplicated(["entity_id", "indicator", "year"], keep=False)
    if not contested.any():  # one value per entity, indicator and year: nothing to rank
        return obs.assign(preferred=True)
    flagged = obs["flag"].astype(bool) if "flag" in obs else pd.Series(False, index=obs.index)
    ranked = obs.assign(
        _def=(~obs["definition"].str.match(r"standard$|official")).astype(int),
        _flag=flagged.astype(int),
        _status=obs["status"].map(STATUS_RANK),
        _pub=obs["source_id"].map(published or {}).astype(object).fillna(""),
        _order=range(len(obs)),
    ).sort_values(["_def", "_flag", "source_tier", "_status", "_pub", "_order"],
                  ascending=[True, True, True, True, False, True])
    first = ~ranked.duplicated(["entity_id", "indicator", "year"], keep="first")
    obs = obs.copy()
    obs["preferred"] = first.reindex(obs.index)
    return obs


def clean_all(registry: Registry, codebook: Codebook, register: Register) -> CleanResult:
    """Clean every registered file; check conservation per file and in total."""
    obs_parts, q_parts, cons, srcs, convs = [], [], [], [], []
    for source in registry.sources:
        obs, quarantine, conservation, sources, conv = clean_source(
            source, registry.raw_dir, codebook, register)
        obs_parts.append(obs)
        q_parts.append(quarantine)
        cons.append(conservation)
        srcs.extend(sources)
        convs.extend(conv)
    found = [o for o in obs_parts if not o.empty]
    observations = pd.concat(found, ignore_index=True) if found else pd.DataFrame(
        columns=[c for c in OBSERVATION_COLUMNS if c not in ("preferred", "flag")])
    observations, schema_rejects = validate_observations(observations, codebook)
    quarantine = pd.concat([*q_parts, pd.DataFrame(schema_rejects, columns=QUARANTINE_COLUMNS)],
                           ignore_index=True)
    conservation = pd.DataFrame(cons, columns=CONSERVATION_COLUMNS)
    for file, n in pd.Series([r["source_file"] for r in schema_rejects]).value_counts().items():
        mask = conservation["source_file"] == file
        conservation.loc[mask, "accepted"] -= n
        conservation.loc[mask, "quarantined"] += n
    published = {s.id: s.published for s in registry.sources if s.published}
    observations = observations.assign(flag=flag_inconsistent(observations, codebook))
    observations = mark_preferred(observations, published)
    observations = observations[OBSERVATION_COLUMNS].sort_values(
        ["entity_id", "indicator", "year", "source_id"], ignore_index=True)
    result = CleanResult(observations, quarantine.astype({"source_row": int}), conservation,
                         pd.DataFrame(srcs, columns=SOURCE_COLUMNS), pd.DataFrame(convs))
    check_conservation(result)
    return result


def check_conservation(result: CleanResult) -> None:
    """Fail unless every value read was accepted, quarantined or counted empty."""
    c = result.conservation
    off = c[c["values_read"] != c["accepted"] + c["quarantined"] + c["empty"]]
    if not off.empty:
        raise GGUtilsError(f"conservation fails for {list(off['source_file'])}:\n{off}")
    if c["accepted"].sum() != len(result.observations):
        raise GGUtilsError("accepted values and observations written differ")
    if c["quarantined"].sum() != len(result.quarantine):
        raise GGUtilsError("quarantined values and quarantine rows written differ")


def write_clean(result: CleanResult, processed: Path) -> None:
    """Write observations, quarantine, sources and the conservation report atomically."""
    write_csv_atomic(result.observations, processed / "observations.csv")
    write_csv_atomic(result.quarantine, processed / "quarantine.csv")
    write_csv_atomic(result.sources, processed / "sources.csv")
    write_csv_atomic(result.conservation, processed / "conservation.csv")


def conflicts(observations: pd.DataFrame) -> pd.DataFrame:
    """Entity-indicator-years that several sources or definitions give different values for."""
    keys = ["entity_id", "indicator", "year"]
    spread = observations.groupby(keys)["value"].agg(["nunique", "min", "max", "count"])
    found = spread[spread["nunique"] > 1].reset_index()
    return found.rename(columns={"nunique": "distinct_values", "count": "observations"})


def read_observations(path: Path) -> pd.DataFrame:
    """Read observations.csv as written by write_clean (text stays text, blanks stay '')."""
    return pd.read_csv(path, keep_default_na=False, na_values={"value": [""]},
                       dtype={"province_slug": str, "qualifier": str, "flag": str})


def run_clean(data_dir: Path) -> CleanResult:
    """Stage 1 end to end: load the registry and reference data, clean, write, return."""
    from .indicators import load_codebook
    from .paths import ProjectPaths
    from .provinces import load_register
    from .sources import load_sources

    paths = ProjectPaths(data=Path(data_dir))
    codebook = load_codebook(paths.codebook)
    register = load_register(paths.register, paths.aliases)
    result = clean_all(load_sources(paths.sources, codebook), codebook, register)
    write_clean(result, paths.processed)
    return result
