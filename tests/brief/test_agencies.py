"""Agencies held to account (issue 24 item 4): each agency the catalogs name, the targets it
answers for with their verdicts, and the data it owes (asked, returned, outstanding), in a
briefing's section and on reports/<lang>/agencies.html.

The fixture (tests/fixtures/agencies/, SYNTHETIC; its README says which agency each catalog
names and how) uses the request fixture's raw data. Expected agencies and counts are derived
from the fixture's catalogs and the evaluation date, never from the shipped data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from ggutils.assess.evaluation import last_past_due_year
from ggutils.assess.series import select_series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.trends import run_projections
from ggutils.brief.agencies import (
    agencies_html,
    agency_key,
    agency_rows,
    collect_agencies,
    named_in_text,
)
from ggutils.brief.agencies_page import entity_data, write_agencies_page
from ggutils.clean import run_clean
from ggutils.paths import Layout
from ggutils.pipeline.batch import write_pages
from ggutils.project import Project
from ggutils.requests.write import (
    KEY_FIRST_ROW,
    KEY_SHEET,
    build_request,
    column_letter,
    write_request,
)
from tests.conftest import FIXTURES, TINY_EVALUATED_ON, make_injected_data, make_projected_data
from tests.pagetext import visible_text

ENTITY = "lai-chau"
SYNTHETIC = "SYNTHETIC test data"


@pytest.fixture
def agency_data(tmp_path, monkeypatch) -> Path:
    """The SYNTHETIC agencies fixture, cleaned and projected (evaluated on 1 June 2019)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TINY_EVALUATED_ON)
    return make_projected_data(tmp_path, FIXTURES / "requests" / "raw",
                               FIXTURES / "agencies" / "targets")


def layout_of(data: Path) -> Layout:
    return Layout(data=data, reports=data.parent / "reports")


def briefing_data(data: Path, lang: str):
    """What the briefing of the fixture's entity shows, as the agencies page builds it."""
    return entity_data(Project(layout_of(data)), ENTITY, lang)


def named_agencies(project: Project) -> set[str]:
    """Every agency name the fixture's catalogs print: targets' and monitored indicators'
    `responsible`, the plans' implementers, the issuing body of a plan with a target no
    agency is named for and no implementation clause, and the glossary's agencies a task's
    lead or partners text contains."""
    names = set()
    for plan in project.plans[ENTITY]:
        d = plan.decision
        names |= {i.agency for i in d.implemented_by}
        for entry in (*plan.targets, *plan.monitoring):
            names |= {r.agency for r in entry.responsible}
        if not d.implemented_by and any(not t.responsible for t in plan.targets):
            names.add(d.issuer)
        for task in plan.tasks:
            text = f"{task.lead} {task.partners}".casefold()
            names |= {n for n in project.agencies if n.casefold() in text}
    return names


def expected_asked(project: Project) -> dict[str, int]:
    """English agency name -> rows asked of it: each indicator with fewer points than a
    trend needs is asked for every year from two before its earliest decision to the last
    year past due, of its targets' addressees on the strongest basis: the agencies named for
    a target (its lead, else its partner); where no target has one, the plans' lead
    implementers; where no plan has one, the issuing bodies."""
    obs, last = project.observations, last_past_due_year()
    by_indicator: dict[str, list] = {}
    for plan in project.plans[ENTITY]:
        for t in plan.targets:
            by_indicator.setdefault(t.indicator, []).append((plan, t))
    asked: dict[str, int] = {}
    for indicator, pairs in by_indicator.items():
        if select_series(obs, ENTITY, indicator).n >= TrendSettings().min_points_fit:
            continue
        rows = last - (min(p.decision.year for p, _ in pairs) - 2) + 1
        named = {sorted(t.responsible, key=lambda r: r.role != "lead")[0].agency
                 for _, t in pairs if t.responsible}
        charged = {i.agency for p, _ in pairs for i in p.decision.implemented_by
                   if i.role == "lead"}
        for name in named or charged or {p.decision.issuer for p, _ in pairs}:
            english = project.agencies[name]
            asked[english] = asked.get(english, 0) + rows
    return asked


# --- Who is named ----------------------------------------------------------------------------

def test_a_task_names_the_glossary_agencies_its_text_contains():
    glossary = {"Sở Giao thông Vận tải": "Department of Transport",
                "Sở Thông tin truyền thông": "Department of Information and Communications",
                "Sở Tài chính": "Department of Finance"}
    assert named_in_text("Sở Giao thông vận tải phối hợp với Sở Thông tin truyền thông",
                         glossary) == ["Sở Giao thông Vận tải", "Sở Thông tin truyền thông"]
    assert named_in_text("Các sở, ban, ngành", glossary) == []
    assert named_in_text("Sở Tài chínhxyz", glossary) == []   # whole words only


def test_two_spellings_the_glossary_translates_alike_are_one_agency():
    glossary = {"Sở Tài nguyên và Môi trường": "Department of Natural Resources and Environment",
                "Sở Tài nguyên và môi trường": "Department of Natural Resources and Environment"}
    assert agency_key("Sở Tài nguyên và Môi trường", glossary) == \
        agency_key("Sở Tài nguyên và môi trường", glossary)
    assert agency_key("Sở Y tế", glossary) != agency_key("Sở Tài chính", glossary)


def test_every_agency_the_catalogs_name_is_collected_once(agency_data):
    project = Project(layout_of(agency_data))
    agencies = collect_agencies(project.plans[ENTITY], project.agencies)
    keys = [a.key for a in agencies]
    assert len(keys) == len(set(keys))
    expected = {agency_key(n, project.agencies) for n in named_agencies(project)}
    assert set(keys) == expected
    # a target no agency is named for answers to the plan's lead implementer
    lead = next(i.agency for plan in project.plans[ENTITY]
                for i in plan.decision.implemented_by if i.role == "lead")
    charged = next(a for a in agencies if a.key == agency_key(lead, project.agencies))
    assert {r.target.id for r in charged.targets} == {
        t.id for plan in project.plans[ENTITY] if plan.decision.implemented_by
        for t in plan.targets if not t.responsible}


# --- What each owes ------------------------------------------------------------------------

def _rows_by_english(b, rows) -> dict[str, dict]:
    english = {v: v for v in b.agencies.values()}
    return {english.get(r["name"]["text"], r["name"]["text"]): r for r in rows}


def test_asked_returned_and_outstanding_before_any_workbook_comes_back(agency_data):
    project = Project(layout_of(agency_data))
    b = briefing_data(agency_data, "en")
    rows = _rows_by_english(b, agency_rows(b))
    asked = expected_asked(project)
    assert asked, "the fixture asks for data"
    for name, row in rows.items():
        assert row["asked"] == asked.get(name, 0), name
        assert (row["returned"], row["outstanding"]) == (0, row["asked"]), name
    html = agencies_html(b)
    assert b.msgs("agencies_none_returned") in html


def test_the_rows_asked_are_the_workbooks_rows_addressed_to_each_agency(agency_data):
    """Asked: the rows of the entity's request workbook whose agency column names it."""
    request = build_request(agency_data, ENTITY, "vi")
    in_workbook = Counter(name for cell in request.rows["agency"] for name in cell.split("; "))
    b = briefing_data(agency_data, "vi")
    asked = {r["name"]["text"]: r["asked"] for r in agency_rows(b)}
    assert {name: n for name, n in asked.items() if n} == dict(in_workbook)


def fill(ws, keys: dict, indicator: str, year: int, **cells) -> None:
    for key, value in cells.items():
        ws[f"{column_letter(key)}{keys[(indicator, year)]}"] = value


def test_a_returned_workbook_counts_its_filled_rows(agency_data):
    """A workbook written by the requests writer, filled with openpyxl (SYNTHETIC values)
    and dropped into contributed/: a row with a value is returned; a missing mark is not."""
    project = Project(layout_of(agency_data))
    path = write_request(agency_data, ENTITY, "vi", agency_data.parent / "reports")
    wb = openpyxl.load_workbook(path)
    keys = {(r[2], int(r[4])): int(r[0])
            for r in wb[KEY_SHEET].iter_rows(min_row=KEY_FIRST_ROW, values_only=True)}
    ws = wb.worksheets[1]
    doc = {"doc_title": SYNTHETIC, "doc_number": "01/SYN-TEST"}
    fill(ws, keys, "medical_waste_treated", 2014, value=50, **doc)
    fill(ws, keys, "medical_waste_treated", 2016, value=55, **doc)
    fill(ws, keys, "medical_waste_treated", 2015, value="-")   # a missing mark: not returned
    fill(ws, keys, "hazardous_waste_treated", 2014, value=60, **doc)
    contributed = agency_data / "raw" / "contributed"
    contributed.mkdir()
    wb.save(contributed / "lai-chau-vi.xlsx")

    b = briefing_data(agency_data, "en")
    rows = _rows_by_english(b, agency_rows(b))
    asked = expected_asked(project)
    medical = project.agencies[next(r.agency for p in project.plans[ENTITY] for t in p.targets
                                    if t.indicator == "medical_waste_treated"
                                    for r in t.responsible)]
    hazardous = "Department of Natural Resources and Environment"
    returned = {medical: 2, hazardous: 1}
    for name, row in rows.items():
        assert row["asked"] == asked.get(name, 0), name
        assert row["returned"] == returned.get(name, 0), name
        assert row["outstanding"] == row["asked"] - row["returned"], name
    assert b.msgs("agencies_books_returned", n=1) in agencies_html(b)


def test_a_returned_row_no_longer_asked_counts_as_asked_and_returned(agency_data,
                                                                     monkeypatch):
    """A workbook made on one date, returned with its last year filled, read when the
    evaluation date is a year earlier (that year no longer asked): the row still counts, as
    asked and returned."""
    path = write_request(agency_data, ENTITY, "vi", agency_data.parent / "reports")
    last = last_past_due_year()
    wb = openpyxl.load_workbook(path)
    keys = {(r[2], int(r[4])): int(r[0])
            for r in wb[KEY_SHEET].iter_rows(min_row=KEY_FIRST_ROW, values_only=True)}
    fill(wb.worksheets[1], keys, "urban_solid_waste_collected", last, value=75,
         doc_title=SYNTHETIC)
    (agency_data / "raw" / "contributed").mkdir()
    wb.save(agency_data / "raw" / "contributed" / "lai-chau-vi.xlsx")
    year_before = dt.datetime(last, 6, 1, tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(year_before)))
    assert last_past_due_year() == last - 1

    project = Project(layout_of(agency_data))
    b = briefing_data(agency_data, "en")
    rows = _rows_by_english(b, agency_rows(b))
    builder = project.agencies[next(r.agency for p in project.plans[ENTITY] for t in p.targets
                                    if t.indicator == "urban_solid_waste_collected"
                                    for r in t.responsible if r.role == "lead")]
    asked = expected_asked(project)   # up to the year before
    assert rows[builder]["asked"] == asked[builder] + 1
    assert (rows[builder]["returned"], rows[builder]["outstanding"]) == (1, asked[builder])


# --- The section and the page ------------------------------------------------------------

def test_the_section_shows_each_agency_its_targets_and_verdicts(agency_data):
    b = briefing_data(agency_data, "vi")
    html = agencies_html(b)
    assert '<section id="agencies">' in html
    text = visible_text(html, "vi")
    for name in named_agencies(Project(layout_of(agency_data))):
        spellings = [n for n, e in b.agencies.items() if e == b.agencies.get(name)] or [name]
        assert any(s in text for s in spellings), name
    for target in b.targets:   # every judged target has a badge with its verdict
        assert b.msgs.status(str(b.row(target)["verdict"])) in text
    assert "gg-badge" in html
    for hidden in ("lc-", "lai-chau", "_treated", "data/raw", ".yml"):
        assert hidden not in text, hidden


def test_the_page_across_all_plans_lists_every_agency_in_both_languages(agency_data):
    layout = layout_of(agency_data)
    project = Project(layout)
    workbook = write_request(agency_data, ENTITY, "en", layout.reports)
    vi_page, en_page = write_agencies_page(layout, ["vi", "en"])
    assert (vi_page, en_page) == (layout.agencies_page("vi"), layout.agencies_page("en"))
    en = visible_text(en_page.read_text(encoding="utf-8"), "en")
    vi = visible_text(vi_page.read_text(encoding="utf-8"), "vi")
    for name in named_agencies(project):
        assert project.agencies[name] in en, name
        assert any(n in vi for n, e in project.agencies.items()
                   if e == project.agencies[name]), name
    assert project.register.name(ENTITY, "vi") in vi
    for hidden in ("lc-", "lai-chau", "_treated", "data/raw", ".yml"):
        assert hidden not in en and hidden not in vi, hidden
    assert 'href="../index-en.html"' in en_page.read_text(encoding="utf-8")
    assert f'href="../requests/{workbook.name}"' in en_page.read_text(encoding="utf-8")
    assert 'href="../requests/' not in vi_page.read_text(encoding="utf-8")  # none written
    assert '<a href="../en/agencies.html" hreflang="en" lang="en">' in \
        vi_page.read_text(encoding="utf-8")   # the other language's link, marked as such


def test_the_pages_step_writes_the_page_and_the_index_links_it(agency_data):
    layout = layout_of(agency_data)
    written = write_pages(layout, ["vi", "en"])
    assert layout.agencies_page("vi") in written and layout.agencies_page("en") in written
    index = layout.index_page("en").read_text(encoding="utf-8")
    assert 'href="en/agencies.html"' in index


def test_markup_in_an_agency_name_is_escaped(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TINY_EVALUATED_ON)
    data = make_injected_data(tmp_path)
    run_clean(data)
    run_projections(data)
    layout = layout_of(data)
    for page in write_agencies_page(layout, ["vi", "en"]):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_evaluation_date_sets_the_years_asked(agency_data, monkeypatch):
    """The rows asked run to the last year past due: a later evaluation date asks more."""
    b = briefing_data(agency_data, "en")
    before = {r["name"]["text"]: r["asked"] for r in agency_rows(b)}
    later = dt.datetime(2021, 6, 1, tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(later)))
    after = {r["name"]["text"]: r["asked"] for r in agency_rows(b)}
    for name, n in before.items():
        assert after[name] >= n
    assert sum(after.values()) > sum(before.values())


def test_the_compact_section_counts_each_agencys_verdicts(agency_data):
    """For a page that lists the targets elsewhere: per plan and role, each verdict with the
    number of the agency's targets that have it."""
    b = briefing_data(agency_data, "en")
    full, compact = agency_rows(b), agency_rows(b, compact=True)
    for listed, counted in zip(full, compact, strict=True):
        for group, summary in zip(listed["plans"], counted["plans"], strict=True):
            labels = [x["verdict"]["label"] for x in group["targets"]]
            assert summary["targets"] == []
            assert {c["verdict"]["label"]: c["count"] for c in summary["counts"]} == \
                {label: labels.count(label) for label in labels}
    html = agencies_html(b, compact=True)
    assert "gg-agency-counts" in html and "gg-agency-targets" not in html
