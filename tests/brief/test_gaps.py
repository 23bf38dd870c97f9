"""The page's "Data owed" (ggutils.brief.gaps): one table for the whole entity of the targets
without a value, grouped by the agency the request workbook asks, each row citing the
workbook's rows; page one's summary, one line per agency. On the SYNTHETIC request fixture
(tests/fixtures/requests/: two Lai Châu plans; hazardous waste names its agency, medical
waste names none and its plan charges Sở Kế hoạch và Đầu tư with carrying it out, GRDP per
capita's plan has no implementation clause entered). Expected rows come from the fixture's
trajectories and the workbook written from it, never from the shipped data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import openpyxl
import pytest

from ggutils.assess.trends import run_projections
from ggutils.brief import gaps
from ggutils.brief.briefing import load_briefing
from ggutils.reference.messages import load_messages
from ggutils.requests.write import KEY_FIRST_ROW, KEY_SHEET, write_request
from tests.requests.test_requests import ENTITY, cleaned_request_data


@pytest.fixture(scope="module")
def owed_data(tmp_path_factory):
    data = cleaned_request_data(tmp_path_factory.mktemp("owed"))
    run_projections(data)
    return data


@pytest.fixture(scope="module", params=["vi", "en"])
def briefing(owed_data, request):
    return load_briefing(owed_data, ENTITY, request.param)


class _Owed(HTMLParser):
    """The owed table as groups: each group's heading text and its rows' cells."""

    def __init__(self):
        super().__init__()
        self.groups: list[dict] = []
        self._cell: list[str] | None = None
        self._row: dict | None = None
        self._in_details = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self.groups.append({"heading": "", "rows": []})
        elif tag == "tr" and self.groups:
            self._row = {"id": attrs.get("data-target-id"), "cells": []}
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "details":
            self._in_details += 1

    def handle_endtag(self, tag):
        if tag == "details":
            self._in_details -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row["cells"].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row["id"]:
                self.groups[-1]["rows"].append(self._row)
            elif self._row["cells"]:
                self.groups[-1]["heading"] = self._row["cells"][0]
            self._row = None

    def handle_data(self, data):
        if self._cell is not None and not self._in_details:
            self._cell.append(data)


def owed_table(html: str) -> list[dict]:
    parser = _Owed()
    parser.feed(html)
    return parser.groups


def workbook_rows(path) -> dict[str, tuple[int, int]]:
    """indicator -> (first, last) request-sheet row, from the written workbook's key."""
    rows: dict[str, list[int]] = {}
    for r in openpyxl.load_workbook(path)[KEY_SHEET].iter_rows(min_row=KEY_FIRST_ROW,
                                                               values_only=True):
        rows.setdefault(r[2], []).append(int(r[0]))
    return {i: (min(r), max(r)) for i, r in rows.items()}


def test_every_target_without_a_value_is_one_row_and_no_other(briefing):
    html = gaps.owed_html(briefing)
    assert 'id="owed"' in html
    shown = [r["id"] for g in owed_table(html) for r in g["rows"]]
    expected = [t.id for plan in briefing.plans for t in plan.targets
                if t.preferred and int(briefing.row(t)["n_points"]) == 0]
    assert expected and sorted(shown) == sorted(expected)


def test_each_row_cites_the_workbooks_rows(briefing, owed_data, tmp_path):
    """The rows the page cites are those the written workbook asks the target's indicator
    in (its key sheet), and the group's heading is the agency that workbook row asks."""
    path = write_request(owed_data, ENTITY, briefing.lang, tmp_path)
    spans = workbook_rows(path)
    sheet = openpyxl.load_workbook(path).worksheets[1]
    targets = {t.id: t for plan in briefing.plans for t in plan.targets}
    for group in owed_table(gaps.owed_html(briefing)):
        for row in group["rows"]:
            first, last = spans[targets[row["id"]].indicator]
            assert row["cells"][-1] == f"{first}–{last}", row
            assert sheet.cell(first, 1).value in group["heading"], (row, group["heading"])


def test_groups_by_agency_and_says_the_basis_once(briefing):
    m = briefing.msgs
    groups = {g["rows"][0]["id"]: g for g in owed_table(gaps.owed_html(briefing))
              if g["rows"]}
    by_target = {r["id"]: g for g in groups.values() for r in g["rows"]}
    named = by_target["lc-hazardous-waste"]["heading"]
    assert named.startswith(briefing.agency("Sở Tài nguyên và Môi trường")["text"])
    basis_named = m("owed_group_basis", basis="").split(":")[0]
    assert basis_named not in named
    charged = by_target["lc-medical-waste"]["heading"]
    assert charged.startswith(briefing.agency("Sở Kế hoạch và Đầu tư")["text"])
    clause = "mục VII.1" if briefing.lang == "vi" else "section VII.1"
    assert charged.count(clause) == 1 and basis_named in charged
    issuer = by_target["lc-syn-grdp-per-capita"]["heading"]
    assert issuer.startswith("SYNTHETIC issuer") and "99/SYN-TEST" in issuer


def test_no_row_or_summary_says_not_named(briefing):
    m = briefing.msgs
    for html in (gaps.owed_html(briefing), gaps.owed_summary_html(briefing)):
        assert m("responsible_none") not in html
        assert "[" not in re.sub(r"<[^>]+>", "", html), "no internal id"


def test_the_summary_has_one_line_per_agency_with_its_count_and_rows(briefing):
    groups = [g for g in owed_table(gaps.owed_html(briefing)) if g["rows"]]
    summary = gaps.owed_summary_html(briefing)
    lines = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert len(lines) == len(groups)
    for line, group in zip(lines, groups, strict=True):
        text = re.sub(r"<[^>]+>", "", line)
        assert str(len(group["rows"])) in text
        firsts = [int(r["cells"][-1].split("–")[0]) for r in group["rows"]]
        assert f"{min(firsts)}–" in text
    assert briefing.link_to(briefing.layout.request_workbook(ENTITY, briefing.lang)) in summary


def test_monitored_indicators_and_drafts_stay(owed_data, tmp_path):
    """A monitored indicator is listed under the owed section with the agency asked; a
    draft target is listed by drafts_html (never judged)."""
    import yaml

    path = owed_data / "targets" / "lai-chau.yml"
    original = path.read_text(encoding="utf-8")
    plan = yaml.safe_load(original)
    plan["monitoring"] = [{"id": "lc-syn-monitored", "indicator": "forest_cover",
                           "clause": "Phụ lục (SYNTHETIC)", "wording_vi": "Theo dõi (SYNTHETIC)",
                           "label_en": "Monitored (SYNTHETIC)"}]
    plan["targets"].append({"id": "lc-syn-draft", "draft": True, "clause": "x",
                            "wording_vi": "Bản nháp (SYNTHETIC)", "label_en": "Draft",
                            "unit": "%"})
    try:
        path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
        b = load_briefing(owed_data, ENTITY, "vi")
        html = gaps.owed_html(b)
        assert "Theo dõi (SYNTHETIC)" in html and "Sở Kế hoạch và Đầu tư" in html
        msgs = load_messages(owed_data / "reference" / "messages.yml", "vi")
        assert msgs("monitored") in html
        drafts = "".join(gaps.drafts_html(b, p) for p in b.plans)
        assert "Bản nháp (SYNTHETIC)" in drafts
    finally:
        path.write_text(original, encoding="utf-8")
