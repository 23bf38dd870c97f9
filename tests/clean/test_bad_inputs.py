"""Bad inputs to the cleaning stage: a data-driven corpus, one folder per case.

Each folder under tests/fixtures/bad_inputs/ is one test (its id is the folder name). It
holds a registry `sources.yml` (same schema as data/raw/sources.yml; every title says
"SYNTHETIC test fixture"), the raw file(s) it names (looked up beside sources.yml) and
`expected.yml`, which says what cleaning must do with them:

    description: free text: what is wrong with the input (not checked)
    outcome: error | quarantine | accepted

    # outcome: error  -- load_sources + clean_all must raise exactly this error
    error: RawDataError | CatalogError
    match: regex, or a list of regexes, that str(error) must all match (re.search)
    field: / row: / entry:     optional: the error's attribute must equal this

    # outcome: quarantine / accepted
    accepted: number of observations (required)
    quarantined: number of quarantine rows (quarantine: required; accepted: always 0)
    reason_match: regex (or list) that EVERY quarantine reason must match
    any_reason_match: regex (or list) that AT LEAST ONE quarantine reason must match
    field: every quarantine row's field
    source_row: the quarantined rows' source_row (an int, or a list of ints)
    values: [{entity_id, indicator, year, value}] observations that must be present
            (value compared with pytest.approx); `status` and `qualifier` may be added
    conservation: {column: number} exact values of the conservation table (summed over
            the case's files), e.g. {rows_read: 3, values_read: 2, non_data: 1}

Every non-error case also checks conservation per file (values_read == accepted +
quarantined + empty), that the conservation totals agree with the observation and
quarantine tables, and that every quarantine row names a field and a reason. Any exception
other than the expected one (a bare KeyError, ValueError, UnicodeDecodeError...) fails.

To add a case: make a folder `NN_short_name` with the three kinds of file above (keep raw
files tiny; write odd bytes -- other encodings, BOMs, NULs -- from Python, not an editor)
and run this module; nothing here needs editing. Cases too big to commit are generated
in tmp_path by their own test functions at the end of this module (case 25, the 200 MB
file, is one: that is why there is no folder 25).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ggutils.clean import clean_all
from ggutils.errors import CatalogError, RawDataError
from ggutils.reference.sources import load_sources

CORPUS = Path(__file__).parents[1] / "fixtures" / "bad_inputs"
DATA = Path(__file__).resolve().parents[2] / "data"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
ERRORS = {"RawDataError": RawDataError, "CatalogError": CatalogError}
KEYS = {
    "error": {"description", "outcome", "error", "match", "field", "row", "entry"},
    "quarantine": {"description", "outcome", "quarantined", "reason_match",
                   "any_reason_match", "field", "source_row", "accepted", "values",
                   "conservation"},
    "accepted": {"description", "outcome", "accepted", "values", "conservation"},
}


def _expected(case_dir: Path) -> dict:
    expected = yaml.safe_load((case_dir / "expected.yml").read_text(encoding="utf-8"))
    outcome = expected.get("outcome")
    assert outcome in KEYS, f"{case_dir.name}/expected.yml: unknown outcome {outcome!r}"
    unknown = set(expected) - KEYS[outcome]
    assert not unknown, f"{case_dir.name}/expected.yml: unknown keys {sorted(unknown)}"
    if outcome == "error":
        assert expected.get("error") in ERRORS and expected.get("match"), \
            f"{case_dir.name}/expected.yml: an error case needs `error` and `match`"
    else:
        assert "accepted" in expected, f"{case_dir.name}/expected.yml: `accepted` is required"
    if outcome == "quarantine":
        assert expected.get("quarantined"), \
            f"{case_dir.name}/expected.yml: a quarantine case needs `quarantined` > 0"
    return expected


def _patterns(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _registered_files(case_dir: Path) -> list[str]:
    data = yaml.safe_load((case_dir / "sources.yml").read_text(encoding="utf-8"))
    return [s["file"] for s in data["sources"]]


def _clean(case_dir: Path, codebook, register):
    registry = load_sources(case_dir / "sources.yml", codebook)
    return clean_all(registry, codebook, register)


def test_corpus_is_not_empty():
    assert len(CASES) >= 25
    for case_dir in CASES:
        text = (case_dir / "sources.yml").read_text(encoding="utf-8")
        assert "SYNTHETIC test fixture" in text, f"{case_dir.name}: label the fixture"


@pytest.mark.parametrize("case_dir", CASES, ids=[p.name for p in CASES])
def test_bad_input(case_dir, codebook, register):
    expected = _expected(case_dir)
    if expected["outcome"] == "error":
        _check_error(case_dir, expected, codebook, register)
        return
    try:
        result = _clean(case_dir, codebook, register)
    except Exception as exc:  # noqa: BLE001 -- any escape is the failure being reported
        pytest.fail(f"expected outcome {expected['outcome']!r}, but {type(exc).__name__} "
                    f"escaped: {exc}")
    _check_conservation(case_dir, result)
    _check_quarantine(expected, result.quarantine)
    _check_observations(expected, result.observations)
    _check_conservation_values(expected, result.conservation)


# --- Error cases -------------------------------------------------------------------------

def _check_error(case_dir: Path, expected: dict, codebook, register) -> None:
    wanted = ERRORS[expected["error"]]
    try:
        result = _clean(case_dir, codebook, register)
    except wanted as exc:
        err = exc
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"expected {wanted.__name__}, but {type(exc).__name__} escaped: {exc}")
    else:
        pytest.fail(f"expected {wanted.__name__}, but cleaning succeeded: "
                    f"{len(result.observations)} accepted, {len(result.quarantine)} "
                    f"quarantined ({list(result.quarantine['reason'])})")
    message = str(err)
    for pattern in _patterns(expected["match"]):
        assert re.search(pattern, message), f"message does not match {pattern!r}: {message}"
    assert err.file and err.file in message, f"the message does not name the file: {message}"
    if isinstance(err, RawDataError):
        assert Path(err.file).name in _registered_files(case_dir), \
            f"the error names {err.file}, not the registered raw file"
    else:
        assert Path(err.file).name == "sources.yml", f"the error names {err.file}"
    for attr in ("field", "row", "entry"):
        if attr in expected:
            assert getattr(err, attr, None) == expected[attr], \
                f"error.{attr} is {getattr(err, attr, None)!r}, expected {expected[attr]!r}"


# --- Accepted and quarantine cases ---------------------------------------------------------

def _check_conservation(case_dir: Path, result) -> None:
    c = result.conservation
    files = _registered_files(case_dir)
    assert sorted(c["source_file"]) == sorted(files), \
        f"conservation lists {list(c['source_file'])}, the registry {files}"
    for _, row in c.iterrows():
        assert row["values_read"] == row["accepted"] + row["quarantined"] + row["empty"], \
            f"conservation fails for {row['source_file']}: {row.to_dict()}"
    assert c["accepted"].sum() == len(result.observations), \
        f"conservation accepts {c['accepted'].sum()}, observations has " \
        f"{len(result.observations)} rows"
    assert c["quarantined"].sum() == len(result.quarantine), \
        f"conservation quarantines {c['quarantined'].sum()}, quarantine has " \
        f"{len(result.quarantine)} rows"


def _blank(value: object) -> bool:
    return value is None or pd.isna(value) or not str(value).strip()


def _check_quarantine(expected: dict, q: pd.DataFrame) -> None:
    shown = q[["source_row", "field", "reason"]].to_dict("records")
    n = expected.get("quarantined", 0)
    assert len(q) == n, f"{len(q)} quarantined, expected {n}: {shown}"
    for _, row in q.iterrows():
        assert not _blank(row["field"]) and not _blank(row["reason"]), \
            f"a quarantine row without field or reason: {row.to_dict()}"
    for pattern in _patterns(expected.get("reason_match", [])):
        for reason in q["reason"]:
            assert re.search(pattern, reason), f"reason does not match {pattern!r}: {reason}"
    for pattern in _patterns(expected.get("any_reason_match", [])):
        assert any(re.search(pattern, r) for r in q["reason"]), \
            f"no reason matches {pattern!r}: {list(q['reason'])}"
    if "field" in expected:
        assert set(q["field"]) == {expected["field"]}, \
            f"quarantine fields {sorted(set(q['field']))}, expected {expected['field']!r}"
    if "source_row" in expected:
        rows = expected["source_row"]
        rows = [rows] if isinstance(rows, int) else rows
        assert sorted(int(r) for r in q["source_row"]) == sorted(rows), \
            f"quarantined rows {sorted(q['source_row'])}, expected {sorted(rows)}"


def _check_observations(expected: dict, obs: pd.DataFrame) -> None:
    n = expected["accepted"]
    assert len(obs) == n, f"{len(obs)} accepted, expected {n}"
    for want in expected.get("values", []):
        rows = obs[(obs["entity_id"] == want["entity_id"])
                   & (obs["indicator"] == want["indicator"]) & (obs["year"] == want["year"])]
        assert not rows.empty, f"no observation for {want}; have " \
            f"{obs[['entity_id', 'indicator', 'year', 'value']].to_dict('records')}"
        assert any(v == pytest.approx(want["value"]) for v in rows["value"]), \
            f"{want} not found; values there: {list(rows['value'])}"
        for column in ("status", "qualifier"):
            if column in want:
                same = [v == pytest.approx(want["value"]) for v in rows["value"]]
                found = rows.loc[same, column]
                assert want[column] in set(found.astype(str)), \
                    f"{want}: {column} is {sorted(set(found.astype(str)))}"


def _check_conservation_values(expected: dict, c: pd.DataFrame) -> None:
    for column, value in expected.get("conservation", {}).items():
        assert column in c.columns, f"conservation has no {column!r} column: {list(c.columns)}"
        assert c[column].sum() == value, \
            f"conservation {column} is {c[column].sum()}, expected {value}: " \
            f"{c.to_dict('records')}"


# --- Generated cases (too big to commit) ---------------------------------------------------

LONG_REGISTRY = """\
sources:
  - id: {id}
    file: {file}
    title: "SYNTHETIC test fixture: {title}"
    layout: long
    tier: 2
    number_format: dot_decimal
    columns: {{area: province, measure: indicator, year: year, value: value, unit: unit}}
{extra}    measures:
      - {{pattern: "^[a-z0-9_]+$", indicator: "{{measure}}"}}
"""

# Runs in a child process so that a reader which parses the whole file anyway fails this
# test within the time limit instead of holding the test run (and gigabytes of memory).
_CHILD = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))
    from ggutils.clean import clean_all
    from ggutils.reference.indicators import load_codebook
    from ggutils.reference.provinces import load_register
    from ggutils.reference.sources import load_sources
    data = Path(sys.argv[2])
    codebook = load_codebook(data / "reference" / "indicators.yml")
    register = load_register(data / "reference" / "provinces.csv",
                             data / "reference" / "entity_aliases.csv")
    try:
        result = clean_all(load_sources(Path(sys.argv[1]), codebook), codebook, register)
    except BaseException as exc:
        print(json.dumps({"type": type(exc).__name__, "message": str(exc),
                          "field": getattr(exc, "field", None)}))
    else:
        print(json.dumps({"type": None, "accepted": len(result.observations),
                          "quarantined": len(result.quarantine)}))
""")
BIG_FILE_TIMEOUT_S = 20


def _write_rows(path: Path, size_bytes: int, note_width: int = 0) -> int:
    """Write valid long-layout rows until the file holds at least size_bytes; return it."""
    names = ["Lai Châu", "Kon Tum", "Hà Giang"]
    note = "," + "x" * note_width if note_width else ""
    header = "province,indicator,year,value,unit" + (",note" if note_width else "") + "\n"
    row_len = 48 + len(note)
    rows = [f"{names[i % 3]},forest_area,{1990 + i % 46},{100000 + i}.5,ha{note}\n"
            for i in range(max(1, 2**20 // row_len))]  # a chunk of about 1 MB
    chunk = "".join(rows).encode("utf-8")
    with path.open("wb") as handle:
        handle.write(header.encode("utf-8"))
        written = len(header)
        while written < size_bytes:
            handle.write(chunk)
            written += len(chunk)
    return path.stat().st_size


@pytest.mark.large_file
def test_file_over_default_size_limit_is_rejected_before_parsing(tmp_path):
    """Case 25: a ~200 MB file of valid rows is refused by size (default max_file_mb 100)
    before any parsing; generated here, never committed, deleted at the end."""
    raw = tmp_path / "forest_huge.csv"
    try:
        size = _write_rows(raw, 200 * 1024 * 1024)
        assert size >= 200 * 1024 * 1024
        registry = tmp_path / "sources.yml"
        registry.write_text(LONG_REGISTRY.format(
            id="case25", file=raw.name, title="200 MB of valid rows", extra=""),
            encoding="utf-8")
        start = time.monotonic()
        try:
            child = subprocess.run([sys.executable, "-c", _CHILD, str(registry), str(DATA)],
                                   capture_output=True, text=True, timeout=BIG_FILE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"cleaning a {size / 2**20:.0f} MB file ran for more than "
                        f"{BIG_FILE_TIMEOUT_S} s: the size limit is not checked before "
                        "parsing")
        assert child.returncode == 0 and child.stdout.strip(), \
            f"the child process failed: {child.stderr[-2000:]}"
        outcome = json.loads(child.stdout.strip().splitlines()[-1])
        assert outcome["type"] == "RawDataError", \
            f"expected RawDataError, got {outcome} after {time.monotonic() - start:.1f} s"
        assert re.search("MB", outcome["message"]) and re.search("limit", outcome["message"]), \
            f"the message does not give the size limit in MB: {outcome['message']}"
        assert str(raw) in outcome["message"] or raw.name in outcome["message"]
    finally:
        raw.unlink(missing_ok=True)


def test_max_file_mb_is_set_per_source(tmp_path, codebook, register):
    """The size limit is the source's `max_file_mb`: a 1.5 MB file over a 1 MB limit."""
    raw = tmp_path / "forest_wide_notes.csv"
    _write_rows(raw, 1_500_000, note_width=400)
    registry = tmp_path / "sources.yml"
    registry.write_text(LONG_REGISTRY.format(
        id="case25b", file=raw.name, title="1.5 MB file over a 1 MB limit",
        extra="    max_file_mb: 1\n"), encoding="utf-8")
    with pytest.raises(RawDataError, match=r"(?s)(?=.*MB)(?=.*limit)") as info:
        clean_all(load_sources(registry, codebook), codebook, register)
    assert raw.name in str(info.value)
