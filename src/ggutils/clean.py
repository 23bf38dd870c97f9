"""Stage 1, cleaning: raw published tables -> one tidy, validated observation table.

Each file registered in data/raw/sources.yml is read by its layout into records (one printed
value each); a record becomes an observation or a quarantine row with the field and the
reason, or is counted as an empty cell. Conservation (values read = accepted + quarantined +
empty) is checked per file and in total, and the run fails if it does not add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .errors import GGUtilsError, RawDataError
from .indicators import Codebook
from .io import write_csv_atomic
from .numbers import (
    NOT_SEEN_TOKEN,
    QUALIFIER_WORDS,
    STATUSES,
    NumberFormatError,
    YearFormatError,
    detect_convention,
    is_missing,
    parse_number,
    parse_year,
)
from .provinces import Register
from .sources import Registry, Source

OBSERVATION_COLUMNS = [
    "entity_id", "entity_type", "province_slug", "indicator", "year", "value", "unit",
    "qualifier", "status", "definition", "source_id", "source_file", "source_row",
    "source_tier", "preferred", "area_as_printed", "value_as_printed", "unit_as_printed",
]
QUARANTINE_COLUMNS = ["source_file", "source_row", "raw", "field", "reason"]
SOURCE_COLUMNS = ["source_id", "source_file", "title", "url", "tier"]
CONSERVATION_COLUMNS = ["source_file", "rows_read", "values_read", "accepted", "quarantined",
                        "empty"]
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
YEAR_RANGE = (1990, 2035)


@dataclass(frozen=True)
class Record:
    """One printed value with everything needed to trace it back to its source row."""

    source: Source
    row_number: int          # spreadsheet row: the header is row 1
    row: dict[str, str]      # the whole row as read
    field: str               # the column the value was read from
    area: str | None
    measure: str
    year: str | None
    value: str
    unit: str | None
    url: str

    @property
    def raw(self) -> str:
        return " | ".join(f"{k}={v}" for k, v in self.row.items())


@dataclass(frozen=True)
class CleanResult:
    observations: pd.DataFrame
    quarantine: pd.DataFrame
    conservation: pd.DataFrame
    sources: pd.DataFrame
    conventions: pd.DataFrame

    def summary(self) -> str:
        """The conservation table as text, with the totals line."""
        total = self.conservation[CONSERVATION_COLUMNS[1:]].sum()
        lines = [self.conservation.to_string(index=False),
                 "TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items())]
        return "\n".join(lines)


# --- Reading ------------------------------------------------------------------------------

def read_table(path: Path, source: Source) -> pd.DataFrame:
    """Read a raw CSV or Excel file as strings; errors name the file."""
    if not path.is_file():
        raise RawDataError(path, "registered in sources.yml but the file is missing")
    if path.stat().st_size == 0:
        raise RawDataError(path, "the file is empty")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=str, sheet_name=source.sheet or 0)
            frame = frame.fillna("")
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False,
                                encoding=source.encoding, encoding_errors="strict")
    except UnicodeDecodeError as exc:
        raise RawDataError(path, f"not valid {source.encoding} text ({exc.reason} at byte "
                           f"{exc.start}); set `encoding` in sources.yml") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise RawDataError(path, f"cannot be parsed as a table: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _require_columns(frame: pd.DataFrame, names: list[str], path: Path) -> None:
    for name in names:
        if name not in frame.columns:
            raise RawDataError(path, f"column {name!r} named in sources.yml is not in the "
                               f"file (columns: {list(frame.columns)})", field=name)


def _records_long(frame: pd.DataFrame, source: Source, path: Path) -> Iterator[Record]:
    cols = source.columns
    _require_columns(frame, list(cols.values()), path)
    for i, row in enumerate(frame.to_dict("records")):
        yield Record(source, i + 2, row, cols["value"], row[cols["area"]], row[cols["measure"]],
                     row[cols["year"]], row[cols["value"]],
                     row[cols["unit"]] if "unit" in cols else None,
                     row.get(cols.get("source_url", ""), "") or source.url)


def _records_wide(frame: pd.DataFrame, source: Source, path: Path) -> Iterator[Record]:
    _require_columns(frame, [source.area_column], path)
    sep = source.header_year_separator
    for i, row in enumerate(frame.to_dict("records")):
        for column, value in row.items():
            if column == source.area_column:
                continue
            year, measure = source.year, column
            if sep and sep in column:
                year, measure = column.split(sep, 1)
            yield Record(source, i + 2, row, column, row[source.area_column], measure.strip(),
                         year, value, None, source.url)


def _records_year_rows(frame: pd.DataFrame, source: Source, path: Path) -> Iterator[Record]:
    _require_columns(frame, [source.year_column], path)
    for i, row in enumerate(frame.to_dict("records")):
        for column, value in row.items():
            if column == source.year_column:
                continue
            yield Record(source, i + 2, row, column, source.area, column,
                         row[source.year_column], value, None, source.url)


READERS = {"long": _records_long, "wide": _records_wide, "year_rows": _records_year_rows}


# --- Interpreting one record ---------------------------------------------------------------

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
    """A record goes to quarantine: `field` broke the rule described by `reason`."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(reason)


def _source_ids(records: list[Record]) -> dict[str, str]:
    """One source id per publication: the file's id, numbered when rows cite several."""
    urls = list(dict.fromkeys(r.url for r in records))
    source = records[0].source
    if len(urls) <= 1 or "source_url" not in source.columns:
        return {u: source.id for u in urls}
    return {u: f"{source.id}:{n}" for n, u in enumerate(urls, start=1)}


def _measure(rec: Record, codebook: Codebook):
    """The registry rule and codebook indicator for a record's measure."""
    rule = rec.source.measure_rule(rec.measure, rec.row)
    if rule is None:
        raise Rejected(rec.field, f"measure {rec.measure!r} is not mapped to an indicator "
                                  "in sources.yml")
    indicator_id = rule.indicator_for(rec.measure)
    if indicator_id not in codebook:
        raise Rejected(rec.field, f"indicator {indicator_id!r} is not in the codebook")
    return rule, codebook[indicator_id]


def _year(rec: Record) -> tuple[int, str]:
    try:
        return parse_year(rec.year)
    except YearFormatError as exc:
        field = rec.source.columns.get("year", rec.source.year_column or "year")
        raise Rejected(field, f"no usable year: {exc}") from None


def _entity(rec: Record, register: Register) -> pd.Series:
    source = rec.source
    if rec.area is None:
        raise Rejected("area", f"area not identified: {source.area_missing_reason}")
    resolved = register.resolve(rec.area, source.region_system)
    if not resolved.ok:
        hint = f" (candidates: {', '.join(resolved.candidates)})" if resolved.candidates else ""
        raise Rejected(source.columns.get("area", source.area_column or "area"),
                       f"{resolved.reason} {rec.area!r}{hint}")
    return register.entity(resolved.entity_id)


def _unit(printed: str, indicator, codebook: Codebook, field: str):
    """(factor to the indicator's unit, qualifier, status) from the unit as printed."""
    unit_id = codebook.unit_id(printed)
    qualifier, status = "", None
    if unit_id is None:  # '% (first 9 months)': the remark is not part of the unit
        text, qualifier, status = split_unit(printed)
        unit_id = codebook.unit_id(text)
        if unit_id is None:
            raise Rejected(field, f"unknown unit {text!r}")
    factor = codebook.conversion(unit_id, indicator.unit)
    if factor is None:
        raise Rejected(field, f"unit {unit_id!r} cannot be converted to the indicator's "
                              f"{indicator.unit!r} by any rule in the codebook")
    return factor, qualifier, status


def _interpret(rec: Record, convention: str | None, codebook: Codebook,
               register: Register) -> dict:
    """One record -> one observation row, or Rejected naming the field and the rule."""
    source = rec.source
    if str(rec.value).strip() == NOT_SEEN_TOKEN:
        raise Rejected(rec.field, "value exists in the source but was not transcribed "
                                  "([NOT SEEN]: past the readable part of the page)")
    rule, indicator = _measure(rec, codebook)
    year, status = _year(rec)
    entity = _entity(rec, register)
    try:
        number = parse_number(rec.value, convention)
    except NumberFormatError as exc:
        raise Rejected(rec.field, str(exc)) from None
    printed_unit = rule.unit or rec.unit or ""
    factor, unit_qualifier, unit_status = _unit(printed_unit, indicator, codebook,
                                                source.columns.get("unit", "unit"))
    if status == "final":
        status = unit_status or source.status_for(_named(rec)) or status
    return {
        "entity_id": entity["entity_id"], "entity_type": entity["entity_type"],
        "province_slug": entity["slug"] if entity["entity_type"] == "province" else "",
        "indicator": indicator.id, "year": year, "value": number.value * factor,
        "unit": indicator.unit, "qualifier": number.qualifier or unit_qualifier,
        "status": status, "definition": rule.definition,
        "source_tier": source.tier_for(rec.url),
        "area_as_printed": rec.area, "value_as_printed": rec.value,
        "unit_as_printed": printed_unit,
    }


def _named(rec: Record) -> dict[str, str]:
    """The row keyed by the registry's role names (note, quote...) as well as its columns."""
    named = dict(rec.row)
    for role, column in rec.source.columns.items():
        named[role] = rec.row.get(column, "")
    return named


def _conventions(records: list[Record]) -> dict[tuple[str, str], str | None]:
    """Decide the number convention per value column, or per publication when the registry
    says the file's rows come from different publications (`number_format_by`)."""
    source = records[0].source
    groups: dict[tuple[str, str], list[str]] = {}
    for rec in records:
        key = (rec.field, rec.row.get(source.number_format_by, "")
               if source.number_format_by else "")
        groups.setdefault(key, []).append(rec.value)
    return {key: detect_convention(cells, source.number_format).convention
            for key, cells in groups.items()}


def clean_source(source: Source, raw_dir: Path, codebook: Codebook, register: Register):
    """Clean one registered file: (observations, quarantine, conservation row, sources,
    conventions)."""
    path = raw_dir / source.file
    frame = read_table(path, source)
    records = list(READERS[source.layout](frame, source, path))
    conventions = _conventions(records) if records else {}
    ids = _source_ids(records) if records else {}
    accepted, rejected, empty = [], [], 0
    for rec in records:
        if is_missing(rec.value):
            empty += 1
            continue
        key = (rec.field, rec.row.get(source.number_format_by, "")
               if source.number_format_by else "")
        try:
            obs = _interpret(rec, conventions[key], codebook, register)
        except Rejected as rej:
            rejected.append({"source_file": source.file, "source_row": rec.row_number,
                             "raw": rec.raw, "field": rej.field, "reason": rej.reason})
            continue
        obs.update(source_id=ids[rec.url], source_file=source.file, source_row=rec.row_number)
        accepted.append(obs)
    sources = [{"source_id": sid, "source_file": source.file,
                "title": _title_for(records, url, source), "url": url,
                "tier": source.tier_for(url)} for url, sid in ids.items()]
    conv = [{"source_file": source.file, "column": field, "group": group,
             "convention": value or "ambiguous"} for (field, group), value in conventions.items()]
    conservation = {"source_file": source.file, "rows_read": len(frame),
                    "values_read": len(records), "accepted": len(accepted),
                    "quarantined": len(rejected), "empty": empty}
    return (pd.DataFrame(accepted), pd.DataFrame(rejected, columns=QUARANTINE_COLUMNS),
            conservation, sources, conv)


def _title_for(records: list[Record], url: str, source: Source) -> str:
    column = source.columns.get("source_title")
    if column:
        for rec in records:
            if rec.url == url and rec.row.get(column):
                return rec.row[column]
    return source.title


# --- Validation and conflicts ---------------------------------------------------------------

def observation_schema(codebook: Codebook) -> pa.DataFrameSchema:
    """The declared schema every accepted observation must satisfy."""

    def within_bounds(df: pd.DataFrame) -> pd.Series:
        lower = df["indicator"].map(lambda i: codebook[i].lower if i in codebook else None)
        upper = df["indicator"].map(lambda i: codebook[i].upper if i in codebook else None)
        low_ok = lower.isna() | (df["value"] >= lower.astype(float))
        high_ok = upper.isna() | (df["value"] <= upper.astype(float))
        return low_ok & high_ok

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
            field = str(case["column"]) if pd.notna(case["column"]) else "value"
            check = str(case["check"])
            if "unique" in check or "duplicate" in check.lower():
                field, check = "row", "exact duplicate of an earlier observation"
            reasons.setdefault(int(case["index"]), (field, f"fails schema rule {check}"))
        bad = obs.loc[list(reasons)]
        quarantined = [{"source_file": r.source_file, "source_row": r.source_row,
                        "raw": f"indicator={r.indicator} | year={r.year} | "
                               f"value={r.value_as_printed} | area={r.area_as_printed}",
                        "field": reasons[i][0], "reason": reasons[i][1]}
                       for i, r in bad.iterrows()]
        kept = obs.drop(index=list(reasons))
        return observation_schema(codebook).validate(kept), quarantined


def mark_preferred(obs: pd.DataFrame, published: dict[str, str] | None = None) -> pd.DataFrame:
    """Keep every conflicting value; set `preferred` on one per entity, indicator and year.

    The rule: the standard definition first, then the best source tier (1 official, 2 press,
    3 secondary), then final over preliminary over estimates, then the newer publication
    (where `published` is known), then the first listed.
    """
    if obs.empty:
        return obs.assign(preferred=pd.Series(dtype=bool))
    ranked = obs.assign(
        _def=(obs["definition"] != "standard").astype(int),
        _status=obs["status"].map(STATUS_RANK),
        _pub=obs["source_id"].map(lambda sid: (published or {}).get(sid, "")),
        _order=range(len(obs)),
    ).sort_values(["_def", "source_tier", "_status", "_pub", "_order"],
                  ascending=[True, True, True, False, True])
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
    observations = pd.concat([o for o in obs_parts if not o.empty], ignore_index=True)
    observations, schema_rejects = validate_observations(observations, codebook)
    quarantine = pd.concat([*q_parts, pd.DataFrame(schema_rejects, columns=QUARANTINE_COLUMNS)],
                           ignore_index=True)
    conservation = pd.DataFrame(cons, columns=CONSERVATION_COLUMNS)
    for file, n in pd.Series([r["source_file"] for r in schema_rejects]).value_counts().items():
        mask = conservation["source_file"] == file
        conservation.loc[mask, "accepted"] -= n
        conservation.loc[mask, "quarantined"] += n
    published = {s.id: s.published for s in registry.sources if s.published}
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
