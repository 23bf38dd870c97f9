"""Data-request workbooks (ggutils.requests.gaps and write) and their round trip through
ggutils.clean.contributed (the reader's own cases: tests/clean/test_contributed.py).

The fixture (tests/fixtures/requests/) is SYNTHETIC: a Lai Châu plan whose forest cover has
five points (not asked), urban solid waste two (thin), hazardous and medical waste none, and a
related plan sharing hazardous waste and asking GRDP per capita. Every value typed into a
workbook here is made up, and its source document is titled "SYNTHETIC test data".
Expected counts come from the fixture's catalogs, never from the shipped data.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ggutils.assess.evaluation import last_past_due_year
from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import run_projections
from ggutils.brief.briefing import load_briefing
from ggutils.clean import run_clean
from ggutils.clean.workbook_checks import TEXT_FLAG
from ggutils.observations import read_observations
from ggutils.project import load_reference
from ggutils.reference.messages import load_messages
from ggutils.requests.gaps import RequestSettings
from ggutils.requests.layout import sheet_rows
from ggutils.requests.write import (
    COLUMNS,
    FILL_COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    INFO_COLUMNS,
    KEY_FIRST_ROW,
    KEY_SHEET,
    STATUSES,
    build_request,
    column_letter,
    request_path,
    write_request,
)
from tests.conftest import FIXTURES, make_data_dir

SYNTHETIC = "SYNTHETIC test data"
ENTITY = "lai-chau"


def cleaned_request_data(tmp_path: Path) -> Path:
    """The SYNTHETIC fixture data folder, cleaned (stage 1 has run)."""
    data = make_data_dir(tmp_path, FIXTURES / "requests" / "raw",
                         FIXTURES / "requests" / "targets")
    run_clean(data)
    return data


@pytest.fixture
def request_data(tmp_path) -> Path:
    return cleaned_request_data(tmp_path)


def expected_gaps(data: Path) -> dict[str, set[str]]:
    """indicator -> its preferred targets' ids, for indicators with fewer points than a
    trend needs, derived from the catalogs and the cleaned observations."""
    from ggutils.assess.series import select_series

    ref = load_reference(data)
    obs = read_observations(data / "processed" / "observations.csv")
    gaps: dict[str, set[str]] = {}
    for plan in ref.plans[ENTITY]:
        for target in plan.targets:
            if target.preferred and select_series(obs, ENTITY, target.indicator).n \
                    < TrendSettings().min_points_fit:
                gaps.setdefault(target.indicator, set()).add(target.id)
    return gaps


def key_rows(wb) -> dict[tuple[str, int], int]:
    """(indicator, year) -> request-sheet row, from the key sheet."""
    ws = wb[KEY_SHEET]
    return {(r[2], int(r[4])): int(r[0])
            for r in ws.iter_rows(min_row=KEY_FIRST_ROW, values_only=True)}


def request_sheet(wb):
    return wb.worksheets[1]


# --- The workbook ------------------------------------------------------------------------

def test_request_path(tmp_path):
    assert request_path(tmp_path, "kon-tum", "en") == tmp_path / "requests" / "kon-tum-en.xlsx"


def test_rows_cover_every_missing_or_thin_indicator_and_year(request_data):
    request = build_request(request_data, ENTITY, "vi")
    gaps = expected_gaps(request_data)
    assert {g.indicator for g in request.gaps} == set(gaps)
    for gap in request.gaps:
        assert {t.id for _, t in gap.targets} == gaps[gap.indicator]
    last = last_past_due_year()
    for gap in request.gaps:
        first = min(c.decision.year for c, _ in gap.targets) - 2
        assert gap.years == tuple(range(first, last + 1))
        rows = request.rows[request.rows["indicator_id"] == gap.indicator]
        assert list(rows["year"]) == list(gap.years)
    assert len(request.rows) == sum(len(g.years) for g in request.gaps)


def test_every_row_names_the_agency_asked_and_why(request_data):
    """Issue 24: no row says "not named". Hazardous waste names its agency; medical waste
    names none, so the agency the plan charges with carrying it out is asked (section VII.1);
    GRDP per capita's plan has no implementation clause entered, so its issuer is asked."""
    msgs = load_messages(request_data / "reference" / "messages.yml", "vi")
    rows = build_request(request_data, ENTITY, "vi").rows
    assert (rows["agency"].str.strip() != "").all() and (rows["basis"].str.strip() != "").all()
    assert not rows.isin([msgs("responsible_none")]).any().any()
    first = rows.drop_duplicates("indicator_id").set_index("indicator_id")
    assert first.loc["hazardous_waste_treated", "agency"] == "Sở Tài nguyên và Môi trường"
    assert first.loc["hazardous_waste_treated", "basis"] == msgs(
        "owed_basis_named", document="1498/QĐ-UBND", clause="III.2")
    assert first.loc["medical_waste_treated", "agency"] == "Sở Kế hoạch và Đầu tư"
    assert first.loc["medical_waste_treated", "basis"] == msgs(
        "owed_basis_charged", document="1498/QĐ-UBND", clause="mục VII.1")
    assert first.loc["medical_waste_treated", "partners"] == "Sở Tài chính"
    assert first.loc["grdp_per_capita", "agency"] == "SYNTHETIC issuer"
    assert first.loc["grdp_per_capita", "basis"] == msgs(
        "owed_basis_issuer_untranscribed", document="99/SYN-TEST")
    # sorted by basis (named for the target, charged with the plan, issuer), then agency
    rank = {"hazardous_waste_treated": 0, "urban_solid_waste_collected": 0,
            "medical_waste_treated": 1, "grdp_per_capita": 2}
    ranks = [rank[i] for i in rows["indicator_id"]]
    assert ranks == sorted(ranks)
    for r in set(ranks):
        agencies = [a for a, k in zip(rows["agency"], ranks, strict=True) if k == r]
        assert agencies == sorted(agencies)
    english = build_request(request_data, ENTITY, "en").rows
    assert english.drop_duplicates("indicator_id").set_index("indicator_id").loc[
        "medical_waste_treated", "agency"] == "Department of Planning and Investment"


def test_the_sheet_rows_the_briefing_cites_are_the_workbooks(request_data, tmp_path):
    """layout.sheet_rows, given the rows' indicators, gives each indicator's first and last
    row as the key sheet records them."""
    request = build_request(request_data, ENTITY, "en")
    spans = sheet_rows(list(request.rows["indicator_id"]))
    wb = openpyxl.load_workbook(write_request(request_data, ENTITY, "en", tmp_path))
    by_indicator: dict[str, list[int]] = {}
    for (indicator, _), row in key_rows(wb).items():
        by_indicator.setdefault(indicator, []).append(row)
    assert spans == {i: (min(r), max(r)) for i, r in by_indicator.items()}
    ws = request_sheet(wb)
    for indicator, (first, last) in spans.items():
        shown = request.rows.loc[request.rows["indicator_id"] == indicator, "indicator"]
        assert {ws[f"{column_letter('indicator')}{r}"].value
                for r in range(first, last + 1)} == {shown.iloc[0]}


def test_the_cover_states_the_2025_reorganisation(request_data):
    """Kon Tum (merged into Quảng Ngãi from 1 July 2025): the cover says so with the date
    and the successor; Lai Châu, which kept its name, has no such line. The Kon Tum plan is
    the SYNTHETIC Lai Châu one, re-labelled."""
    import yaml

    from ggutils.project import Project
    from ggutils.reference.reorganisations import reorganisation

    plan = yaml.safe_load((request_data / "targets" / "lai-chau.yml").read_text(encoding="utf-8"))
    plan["decision"]["entity_id"] = "kon-tum"
    for target in plan["targets"]:
        target["id"] = target["id"].replace("lc-", "kt-syn-")
    (request_data / "targets" / "kon-tum.yml").write_text(
        yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    merged = reorganisation(Project.open(request_data), "kon-tum")
    assert merged is not None and merged.successor_id == "quang-ngai"
    for lang, date, successor in (("vi", merged.effective.strftime("%d/%m/%Y"), "Quảng Ngãi"),
                                  ("en", merged.effective.isoformat(), "Quang Ngai")):
        msgs = load_messages(request_data / "reference" / "messages.yml", lang)

        def cover(entity: str, lang: str = lang) -> list[str]:
            sheet = build_request(request_data, entity, lang).workbook.worksheets[0]
            return [str(c.value) for row in sheet.iter_rows() for c in row if c.value]

        texts = cover("kon-tum")
        assert msgs("req_reorg_label") in texts
        assert any(date in t and successor in t for t in texts), texts
        assert msgs("req_reorg_label") not in cover(ENTITY)


def test_years_asked_are_a_setting(request_data):
    request = build_request(request_data, ENTITY, "en",
                            RequestSettings(years_before=0, last_year=2016))
    for gap in request.gaps:
        first = min(c.decision.year for c, _ in gap.targets)
        assert gap.years == tuple(range(first, 2017))


def test_reason_says_missing_or_thin(request_data):
    msgs = load_messages(request_data / "reference" / "messages.yml", "en")
    rows = build_request(request_data, ENTITY, "en").rows
    thin = rows[rows["indicator_id"] == "urban_solid_waste_collected"]
    assert set(thin["reason"]) == {msgs("req_reason_thin", n=2,
                                        needed=TrendSettings().min_points_fit)}
    missing = rows[rows["indicator_id"] == "hazardous_waste_treated"]
    assert set(missing["reason"]) == {msgs("req_reason_missing")}


def test_workbook_structure_protection_and_labels(request_data, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = write_request(request_data, ENTITY, "vi", tmp_path / "reports")
    assert path == request_path(tmp_path / "reports", ENTITY, "vi")
    assert not [p for p in path.parent.iterdir() if p != path], "no temporary file left"
    msgs = load_messages(request_data / "reference" / "messages.yml", "vi")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [msgs("req_sheet_cover"), msgs("req_sheet_requests"), KEY_SHEET]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "veryHidden"]
    assert wb.security.lockStructure
    assert all(ws.protection.sheet for ws in wb.worksheets)
    ws = request_sheet(wb)
    assert [c.value for c in ws[HEADER_ROW]] == [msgs(f"req_col_{k}") for k in COLUMNS]
    cover = wb.worksheets[0]
    texts = [c.value for row in cover.iter_rows() for c in row if c.value]
    assert msgs("req_purpose") in texts and "14/11/2023" in texts  # SOURCE_DATE_EPOCH
    assert any("1498/QĐ-UBND" in str(t) for t in texts)
    contact = [r for r in cover.iter_rows() if r[0].value in
               {msgs(f"req_contact_{f}") for f in ("agency", "person", "phone", "email")}]
    assert len(contact) == 4 and all(not r[1].protection.locked for r in contact)
    n = len(build_request(request_data, ENTITY, "vi").rows)
    for row in range(FIRST_ROW, FIRST_ROW + n):
        for key in COLUMNS:
            cell = ws[f"{column_letter(key)}{row}"]
            assert cell.protection.locked == (key in INFO_COLUMNS), cell.coordinate
            if key in FILL_COLUMNS:
                assert cell.fill.fgColor.rgb.endswith("FFF2CC") and cell.value is None


def test_validations_drop_down_and_bounds(request_data, tmp_path):
    path = write_request(request_data, ENTITY, "en", tmp_path)
    msgs = load_messages(request_data / "reference" / "messages.yml", "en")
    ws = request_sheet(openpyxl.load_workbook(path))
    validations = ws.data_validations.dataValidation
    lists = [v for v in validations if v.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(msgs(f"req_status_{s}") for s in STATUSES) + '"'
    n = ws.max_row - FIRST_ROW + 1
    status = column_letter("status")
    assert str(lists[0].sqref) == f"{status}{FIRST_ROW}:{status}{FIRST_ROW + n - 1}"
    keys = key_rows(openpyxl.load_workbook(path))
    numbers = {str(c): v for v in validations if v.type == "decimal" for c in v.sqref.ranges}
    value = column_letter("value")
    percent = numbers[f"{value}{keys[('hazardous_waste_treated', 2015)]}"]
    assert (percent.operator, percent.formula1, percent.formula2) == ("between", "0", "100")
    money = numbers[f"{value}{keys[('grdp_per_capita', 2016)]}"]
    assert (money.operator, money.formula1, money.formula2) == ("greaterThanOrEqual", "0", None)
    assert all(v.errorStyle == "stop" and v.showErrorMessage for v in validations)


def test_existing_values_are_greyed_and_locked(request_data, tmp_path):
    wb = openpyxl.load_workbook(write_request(request_data, ENTITY, "vi", tmp_path))
    ws, keys = request_sheet(wb), key_rows(wb)
    obs = read_observations(request_data / "processed" / "observations.csv")
    sources = pd.read_csv(request_data / "processed" / "sources.csv", keep_default_na=False)
    held = obs[(obs["indicator"] == "urban_solid_waste_collected") & obs["preferred"]]
    assert len(held) == 2
    for r in held.itertuples():
        cell = ws[f"{column_letter('existing_value')}{keys[(r.indicator, r.year)]}"]
        assert cell.value == r.value and cell.protection.locked
        assert cell.font.color.rgb.endswith("808080") and cell.fill.fgColor.rgb.endswith("EDEDED")
        source = ws[f"{column_letter('existing_source')}{keys[(r.indicator, r.year)]}"]
        title = sources.set_index("source_id").loc[r.source_id, "title"]
        assert source.value == title, "the source as a reader cites it, without an id"
        assert r.source_id not in source.value and "raw/" not in source.value
    empty = ws[f"{column_letter('existing_value')}{keys[('urban_solid_waste_collected', 2014)]}"]
    assert empty.value is None


def test_english_workbook_uses_english_labels(request_data, tmp_path):
    msgs = load_messages(request_data / "reference" / "messages.yml", "en")
    wb = openpyxl.load_workbook(write_request(request_data, ENTITY, "en", tmp_path))
    ws = request_sheet(wb)
    assert ws.title == msgs("req_sheet_requests")
    targets = [ws[f"{column_letter('targets')}{r}"].value for r in range(FIRST_ROW, ws.max_row)]
    assert any("80% of hazardous waste treated" in t for t in targets)


def test_no_hard_coded_labels(request_data):
    """Every user-facing text of the workbook comes from messages.yml: the module has no
    Vietnamese letters and every req_ key it reads exists in both languages."""
    source = (Path(__file__).parents[2] / "src" / "ggutils" / "requests" / "write.py").read_text(
        encoding="utf-8")
    assert not any(ord(c) > 127 for c in source if c not in "–—“”’")
    for lang in ("vi", "en"):
        msgs = load_messages(request_data / "reference" / "messages.yml", lang)
        for key in COLUMNS:
            assert msgs(f"req_col_{key}")


# --- Round trip --------------------------------------------------------------------------

def fill(ws, keys, indicator: str, year: int, **cells) -> int:
    row = keys[(indicator, year)]
    for key, value in cells.items():
        ws[f"{column_letter(key)}{row}"] = value
    return row


def test_round_trip(request_data, tmp_path):
    """Generate, fill (SYNTHETIC values, good and bad), clean, project, brief."""
    reports = tmp_path / "reports"
    path = write_request(request_data, ENTITY, "vi", reports)
    msgs = load_messages(request_data / "reference" / "messages.yml", "vi")
    contributed = request_data / "raw" / "contributed"
    contributed.mkdir()
    doc = {"doc_title": SYNTHETIC, "doc_number": "01/SYN-TEST"}

    wb = openpyxl.load_workbook(path)
    ws, keys = request_sheet(wb), key_rows(wb)
    sheet = ws.title
    good = {
        fill(ws, keys, "hazardous_waste_treated", 2014, value=60, doc_date=dt.datetime(2019, 3, 1),
             page="Biểu 2", quote="SYNTHETIC quote", **doc): (60.0, "final", 1),
        fill(ws, keys, "hazardous_waste_treated", 2016, value="65,5", doc_title=SYNTHETIC,
             status=msgs("req_status_preliminary")): (65.5, "preliminary", 5),
        fill(ws, keys, "hazardous_waste_treated", 2018, value=70, **doc): (70.0, "final", 1),
        fill(ws, keys, "grdp_per_capita", 2016, value="1.234,5", **doc): (1234.5, "final", 1),
        fill(ws, keys, "urban_solid_waste_collected", 2014, value=66, remarks="ước tính",
             doc_title=SYNTHETIC): (66.0, "estimate", 5),
        fill(ws, keys, "grdp_per_capita", 2017, value=1300, status="Estimate",
             **doc): (1300.0, "estimate", 1),  # the drop-down's word in the other language
    }
    bad = {
        fill(ws, keys, "hazardous_waste_treated", 2015, value=150, **doc):
            ("value", "outside the bounds"),
        fill(ws, keys, "hazardous_waste_treated", 2017, value="không rõ", **doc):
            ("value", "not a number: 'không rõ'"),
        fill(ws, keys, "medical_waste_treated", 2015, value=50):
            ("doc_title", "no source document"),
        fill(ws, keys, "urban_solid_waste_collected", 2016, value=70, targets="SYNTHETIC edit",
             **doc): ("targets", "protected cell"),
        fill(ws, keys, "medical_waste_treated", 2016, value=50, status="chắc chắn", **doc):
            ("status", "not one of the drop-down"),
        fill(ws, keys, "medical_waste_treated", 2017, value="=40+5", **doc):
            ("value", "formula, not a value"),
        fill(ws, keys, "medical_waste_treated", 2018, remarks="SYNTHETIC: no figure"):
            ("value", "no value, but the row has remarks="),
    }
    fill(ws, keys, "medical_waste_treated", 2014, value="-")  # a missing mark: empty
    appended = ws.max_row + 1
    ws[f"{column_letter('year')}{appended}"] = 2005
    ws[f"{column_letter('value')}{appended}"] = 40
    ws[f"{column_letter('doc_title')}{appended}"] = SYNTHETIC
    bad[appended] = ("value", "year not asked")
    wb.save(contributed / "lai-chau-vi.xlsx")

    # a second department answers the same year differently, with no document number
    other = openpyxl.load_workbook(path)
    fill(request_sheet(other), key_rows(other), "hazardous_waste_treated", 2014, value=62,
         doc_title=SYNTHETIC + " (other department)")
    other.save(contributed / "lai-chau-vi-other.xlsx")
    # a workbook whose request sheet was renamed, and one whose request sheet was deleted
    renamed = openpyxl.load_workbook(path)
    renamed_row = fill(request_sheet(renamed), key_rows(renamed), "hazardous_waste_treated",
                       2013, value=58, **doc)
    request_sheet(renamed).title = "Sheet1"
    renamed.save(contributed / "lai-chau-vi-renamed.xlsx")
    deleted = openpyxl.load_workbook(path)
    del deleted[sheet]
    deleted.save(contributed / "lai-chau-vi-deleted.xlsx")
    (contributed / "~$lai-chau-vi.xlsx").write_bytes(b"an office lock file, not a workbook")

    result = run_clean(request_data)
    trajectories = run_projections(request_data)
    obs = read_observations(request_data / "processed" / "observations.csv")
    quarantine = pd.read_csv(request_data / "processed" / "quarantine.csv",
                             keep_default_na=False)
    sources = pd.read_csv(request_data / "processed" / "sources.csv", keep_default_na=False)

    # good values reach the observations, with provenance and sources
    mine = obs[obs["source_file"] == "contributed/lai-chau-vi.xlsx"].set_index("source_row")
    assert sorted(mine.index) == sorted(good)
    for row, (value, status, tier) in good.items():
        got = mine.loc[row]
        assert (got["value"], got["status"], got["source_tier"]) == (value, status, tier)
        assert got["area_as_printed"] == sheet and got["entity_id"] == ENTITY
        title = sources.set_index("source_id").loc[got["source_id"], "title"]
        assert SYNTHETIC in title and int(sources.set_index("source_id").loc[
            got["source_id"], "tier"]) == tier
    text = mine[mine["value_as_printed"].isin(["65,5", "1.234,5"])]
    assert len(text) == 2 and (text["flag"] == TEXT_FLAG).all()
    assert (mine.drop(text.index)["flag"] == "").all()
    assert "SYNTHETIC test data (01/SYN-TEST, 2019-03-01), Biểu 2" in set(sources["title"])

    # each bad fill is quarantined, naming file, sheet, row and column, with its reason
    q = quarantine[quarantine["source_file"] == "contributed/lai-chau-vi.xlsx"]
    assert sorted(q["source_row"]) == sorted(bad)
    for row, (key, reason) in bad.items():
        hit = q[q["source_row"] == row].iloc[0]
        assert hit["field"] == f"'{sheet}'!{column_letter(key)}{row}", hit["field"]
        assert reason in hit["reason"], hit["reason"]
        assert f"sheet={sheet}" in hit["raw"]
    renamed_q = quarantine[quarantine["source_file"] == "contributed/lai-chau-vi-renamed.xlsx"]
    assert list(renamed_q["source_row"]) == [renamed_row]
    assert "renamed to 'Sheet1'" in renamed_q.iloc[0]["reason"]
    deleted_q = quarantine[quarantine["source_file"] == "contributed/lai-chau-vi-deleted.xlsx"]
    assert len(deleted_q) == 1 and "is missing" in deleted_q.iloc[0]["reason"]

    # two workbooks give different values for one year: both kept, the tier-1 one preferred
    both = obs[(obs["indicator"] == "hazardous_waste_treated") & (obs["year"] == 2014)]
    assert sorted(both["value"]) == [60.0, 62.0]
    assert both.set_index("value").loc[60.0, "preferred"]
    assert not both.set_index("value").loc[62.0, "preferred"]

    # conservation counts every filled cell's row, and every asked row
    c = result.conservation.set_index("source_file")
    main = c.loc["contributed/lai-chau-vi.xlsx"]
    n_asked = len(keys)
    assert main["values_read"] == n_asked + 1
    assert (main["accepted"], main["quarantined"]) == (len(good), len(bad))
    assert main["empty"] == n_asked + 1 - len(good) - len(bad)
    assert c.loc["contributed/lai-chau-vi-deleted.xlsx", "quarantined"] == 1
    lock = quarantine[quarantine["source_file"] == "contributed/~$lai-chau-vi.xlsx"]
    assert list(lock["reason"].str.contains("Office lock file")) == [True]  # named, not read

    # the trajectories and the briefing use them
    traj = trajectories.set_index("target_id")
    assert traj.loc["lc-hazardous-waste", "n_points"] == 3
    assert traj.loc["lc-hazardous-waste", "last_year"] == 2018
    assert traj.loc["lc-syn-grdp-per-capita", "n_points"] == 2  # 2016 and 2017
    briefing = load_briefing(request_data, ENTITY, "vi")
    plan = next(p for p in briefing.plans if p.plan_id == ENTITY)
    html = briefing.status_table_html(plan)
    assert "70,0" in html  # the latest contributed value, printed the Vietnamese way
    assert "lc-hazardous-waste" in html


# --- Command line ------------------------------------------------------------------------

def _ggutils(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ggutils.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_cli_request_writes_each_language(request_data, tmp_path):
    result = _ggutils("request", "--province", ENTITY, "--data", str(request_data),
                      "--reports", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for lang in ("vi", "en"):
        assert request_path(tmp_path / "out", ENTITY, lang).is_file()
    gaps = expected_gaps(request_data)
    assert f"{len(gaps)} indicators" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--province", "lai-chua"], "unknown province 'lai-chua'"),
    (["--lang", "fr"], "unknown language 'fr'"),
])
def test_cli_request_errors_are_one_line(request_data, tmp_path, args, message):
    result = _ggutils("request", *args, "--data", str(request_data), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_cli_request_needs_the_observations(tmp_path):
    data = make_data_dir(tmp_path, FIXTURES / "requests" / "raw",
                         FIXTURES / "requests" / "targets")
    result = _ggutils("request", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 2 and "run `ggutils clean` first" in result.stderr
    shutil.rmtree(data)


# --- Issue 22: no formula, limits before parsing, nothing ignored, the same rules ---------

INJECTION = "=cmd|' /C calc'!A0"


def formula_cells(content: bytes) -> list[str]:
    """Every cell of an XLSX that holds a formula: openpyxl's view (data_type 'f') and the
    package's own (an <f> element in any sheet)."""
    import io
    import re
    import zipfile

    wb = openpyxl.load_workbook(io.BytesIO(content))
    found = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
             for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        found += [name for name in zf.namelist() if name.startswith("xl/worksheets/")
                  and re.search(rb"<(\w+:)?f[ >]", zf.read(name))]
    return found


def text_cell(ws, keys, indicator: str, year: int, key: str, value: str) -> int:
    """Type text into a cell as a department's spreadsheet stores it: a string cell."""
    row = keys[(indicator, year)]
    cell = ws[f"{column_letter(key)}{row}"]
    cell.value, cell.data_type = value, "s"
    return row


def test_formula_like_title_reaches_no_download_as_a_formula(request_data, tmp_path):
    """Must show (issue 22): a returned workbook whose document title is a formula gives a
    briefing whose downloads hold no formula: typed as text, the title is kept as a string
    (marked with "'" in CSV); as a live formula, its row is quarantined."""
    import base64
    import io
    import re

    from ggutils.io import read_csv

    path = write_request(request_data, ENTITY, "vi", tmp_path / "reports")
    contributed = request_data / "raw" / "contributed"
    contributed.mkdir()
    wb = openpyxl.load_workbook(path)
    ws, keys = request_sheet(wb), key_rows(wb)
    typed = text_cell(ws, keys, "hazardous_waste_treated", 2014, "doc_title", INJECTION)
    fill(ws, keys, "hazardous_waste_treated", 2014, value=60, doc_number="01/SYN-TEST",
         remarks="-1+2")
    live = fill(ws, keys, "hazardous_waste_treated", 2016, value=65, doc_title=INJECTION)
    assert ws[f"{column_letter('doc_title')}{live}"].data_type == "f"
    wb.save(contributed / "injected.xlsx")

    run_clean(request_data)
    run_projections(request_data)
    processed = request_data / "processed"
    quarantine = read_csv(processed / "quarantine.csv", keep_default_na=False)
    hit = quarantine[quarantine["source_row"] == live]
    assert list(hit["reason"].str.startswith("formula, not a value")) == [True]
    assert hit.iloc[0]["field"].endswith(f"!{column_letter('doc_title')}{live}")
    raw = (processed / "sources.csv").read_text(encoding="utf-8")
    assert "'" + INJECTION in raw and "\n" + INJECTION not in raw and "," + INJECTION not in raw
    sources = read_csv(processed / "sources.csv", keep_default_na=False)
    title = f"{INJECTION} (01/SYN-TEST)"
    assert title in set(sources["title"]), "the reader gives the title back as typed"
    obs = read_observations(processed / "observations.csv")
    mine = obs[obs["source_file"] == "contributed/injected.xlsx"]
    assert list(mine.loc[mine["source_row"] == typed, "value"]) == [60.0]

    briefing = load_briefing(request_data, ENTITY, "vi")
    uris = re.findall(r'href="data:([^;]+)(?:;charset=utf-8)?;base64,([^"]+)" download="([^"]+)"',
                      briefing.downloads_html())
    files = {name: base64.b64decode(data) for _, data, name in uris}
    workbook = files[f"{ENTITY}.xlsx"]
    assert formula_cells(workbook) == []
    sheets = pd.read_excel(io.BytesIO(workbook), sheet_name=None)
    assert title in set(sheets["sources"]["title"]), "a neutralised string, as typed"
    for name, content in files.items():
        if name.endswith(".csv"):
            table = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str,
                                keep_default_na=False)
            for column in table.columns:
                assert not table[column].str.match(r"^[=+@\t\r]").any(), (name, column)
    # the workbooks written after that clean (the title is now an existing value's source)
    for lang in ("vi", "en"):
        again = write_request(request_data, ENTITY, lang, tmp_path / "again")
        assert formula_cells(again.read_bytes()) == []
        cells = [c.value for row in openpyxl.load_workbook(again).worksheets[1].iter_rows()
                 for c in row]
        assert any(isinstance(v, str) and v.startswith(title) for v in cells)


def test_request_workbooks_are_byte_identical_under_source_date_epoch(request_data, tmp_path,
                                                                     monkeypatch):
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write_request(request_data, ENTITY, "vi", tmp_path / "a").read_bytes()
    time.sleep(1.1)  # openpyxl stamps the save time, to the second
    second = write_request(request_data, ENTITY, "vi", tmp_path / "b").read_bytes()
    assert first == second
    assert formula_cells(first) == []


def test_years_asked_run_to_the_last_year_past_due(request_data, monkeypatch):
    """Issue 21 item 5: in December 2026 the workbook asks for 2025 (whatever the data's
    last year)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(
        2026, 12, 7, tzinfo=dt.UTC).timestamp())))
    request = build_request(request_data, ENTITY, "en")
    assert request.gaps and all(g.years[-1] == 2025 for g in request.gaps)
    assert set(request.rows["year"]) >= {2024, 2025}


DEFINED = """\
# SYNTHETIC fixture (made-up values): forest cover with the registry's by-year definition.
defaults:
  cover_by_year: &cover_by_year
    - {to_year: 2015, definition: official_to_2015}
    - {from_year: 2016, definition: official_from_2016}
request_workbooks:
  measures:
    - {match: forest_cover, indicator: forest_cover, definition_by_year: *cover_by_year}
sources:
  - id: synthetic
    file: synthetic_observations.csv
    title: "SYNTHETIC test data (not a real observation)"
    layout: long
    number_format: dot_decimal
    columns: {area: province, measure: indicator, year: year, value: value, unit: unit,
              source_url: source_url, source_title: source_title}
    tier: 2
    measures:
      - {match: forest_cover, indicator: forest_cover, definition_by_year: *cover_by_year}
      - {pattern: "^[a-z0-9_]+$", indicator: "{measure}"}
"""


def test_returned_2020_forest_cover_is_of_the_2016_definition_and_counts(tmp_path):
    """Must show (issue 22): the workbook states each row's definition; a returned 2020
    forest-cover value is labelled official_from_2016 like a registered one, joins that
    series and counts in the trend."""
    data = make_data_dir(tmp_path, FIXTURES / "requests" / "raw",
                         FIXTURES / "requests" / "targets")
    (data / "raw" / "sources.yml").write_text(DEFINED, encoding="utf-8")
    run_clean(data)
    before = read_observations(data / "processed" / "observations.csv")
    registered = before[(before["indicator"] == "forest_cover")]
    assert set(registered.loc[registered["year"] >= 2016, "definition"]) == \
        {"official_from_2016"}
    newer = registered[registered["definition"] == "official_from_2016"]

    settings = RequestSettings(min_points=len(registered) + 1)  # forest cover is asked
    request = build_request(data, ENTITY, "vi", settings)
    msgs = load_messages(data / "reference" / "messages.yml", "vi")
    cover = request.rows[request.rows["indicator_id"] == "forest_cover"].set_index("year")
    assert cover.loc[2020, "definition"] == msgs("definition_official_from_2016")
    assert cover.loc[2014, "definition"] == msgs("definition_official_to_2015")
    others = request.rows[request.rows["indicator_id"] != "forest_cover"]
    assert set(others["definition"]) == {msgs("req_definition_standard")}

    path = write_request(data, ENTITY, "vi", tmp_path / "reports", settings)
    wb = openpyxl.load_workbook(path)
    ws, keys = request_sheet(wb), key_rows(wb)
    assert ws[f"{column_letter('definition')}{keys[('forest_cover', 2020)]}"].value == \
        msgs("definition_official_from_2016")
    row = fill(ws, keys, "forest_cover", 2020, value=48.9, doc_title=SYNTHETIC,
               doc_number="02/SYN-TEST")
    (data / "raw" / "contributed").mkdir()
    wb.save(data / "raw" / "contributed" / "forest.xlsx")

    run_clean(data)
    obs = read_observations(data / "processed" / "observations.csv")
    returned = obs[obs["source_file"] == "contributed/forest.xlsx"]
    assert list(returned["source_row"]) == [row]
    assert list(returned["definition"]) == ["official_from_2016"]
    assert bool(returned["preferred"].iloc[0])
    traj = run_projections(data).set_index("target_id")
    assert traj.loc["lc-forest-cover", "n_points"] == len(newer) + 1
    assert traj.loc["lc-forest-cover", "last_year"] == 2020
