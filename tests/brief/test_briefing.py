"""Briefing content and export: escaping, offline HTML, every target in the table."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from ggutils.assess.trends import run_projections
from ggutils.brief.briefing import load_briefing
from ggutils.clean import run_clean
from ggutils.reference.messages import load_messages
from tests.conftest import DATA, make_injected_data

INJECTIONS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture
def injected(tmp_path):
    """Tiny data with markup in the catalog, in a source title and in a province name."""
    data = make_injected_data(tmp_path)
    run_clean(data)
    run_projections(data)
    return data


def _all_html(briefing) -> str:
    parts = [briefing.header_html(), briefing.headline_html(), briefing.sources_html(),
             briefing.methodology_html()]
    for plan in briefing.plans:
        parts += [briefing.status_table_html(plan),
                  briefing.gaps_html(plan), briefing.tasks_html(plan)]
        parts += [briefing.chart_caption_html(t) for t in briefing.charted_targets(plan)]
    return "".join(parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text_from_data_is_escaped(injected, lang):
    html = _all_html(load_briefing(injected, "lai-chau", lang))
    for payload in INJECTIONS:
        assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "<script" not in html



def test_status_table_has_one_row_per_target(tiny_data):
    run_clean(tiny_data)
    run_projections(tiny_data)
    briefing = load_briefing(tiny_data, "lai-chau", "en")
    [plan] = briefing.plans
    table = briefing.status_table_html(plan)
    assert table.count("<tr data-target-id=") == len(plan.targets) == 2
    assert "SYNTHETIC" in briefing.sources_html()
    assert "hazardous waste" in briefing.gaps_html(plan)



def test_as_of_cuts_the_data(tiny_data):
    run_clean(tiny_data)
    run_projections(tiny_data)
    briefing = load_briefing(tiny_data, "lai-chau", "en", as_of=2013)
    assert briefing.as_of == 2013
    assert briefing.observations["year"].max() <= 2013
    row = briefing.trajectories.set_index("target_id").loc["lc-forest-cover"]
    assert row["n_points"] == 2



def test_messages_have_both_languages(tmp_path):
    bad = tmp_path / "messages.yml"
    shutil.copy(DATA / "reference" / "messages.yml", bad)
    bad.write_text(bad.read_text(encoding="utf-8") + 'extra: {vi: "chỉ tiếng Việt"}\n',
                   encoding="utf-8")
    with pytest.raises(Exception, match="extra"):
        load_messages(bad, "vi")
    assert pd.notna(load_messages(DATA / "reference" / "messages.yml", "en")("gaps"))


SECOND_PLAN = """# SYNTHETIC second plan of the fixture province (tests only)
decision: {entity_id: lai-chau, number: "99/NQ-TEST", kind: related_plan, adopted_year: 2024,
           date_note: "SYNTHETIC", issuer: "SYNTHETIC", title_vi: "Kế hoạch thử nghiệm",
           source_table: "synthetic_forest_cover.csv"}
targets:
  - {id: test-forest-2030, indicator: forest_cover, clause: "1", wording_vi: "Che phủ rừng 60%.",
     label_en: "Forest cover 60% by 2030", comparator: ">=", value: 60, unit: "%",
     target_year: 2030, source_row: 2}
"""


def test_a_province_with_two_plans(tiny_data):
    """Both plans in one briefing, newest first, each under its own heading with its kind;
    the index has a row per plan; the related plan's target gets the outlook."""
    (tiny_data / "targets" / "lai-chau--test-2024.yml").write_text(SECOND_PLAN,
                                                                    encoding="utf-8")
    run_clean(tiny_data)
    trajectories = run_projections(tiny_data)
    assert set(trajectories["plan_id"]) == {"lai-chau", "lai-chau--test-2024"}
    briefing = load_briefing(tiny_data, "lai-chau", "en")
    assert [p.plan_id for p in briefing.plans] == ["lai-chau--test-2024", "lai-chau"]
    html = "".join(briefing.status_table_html(p) for p in briefing.plans)
    assert html.index("99/NQ-TEST") < html.index("1498/QĐ-UBND")
    assert "Related plan (not a green-growth action plan)" in html
    row = briefing.row(briefing.plans[0].targets[0])
    assert row["verdict_deadline"] == "not yet due" and isinstance(row["status_outlook"], str)
    assert briefing.headline_html().count('class="gg-headline"') == 2  # one per plan


def test_downloads_are_embedded_and_open_as_csv_and_xlsx(tiny_data):
    """Each download is a data URI (nothing fetched when the page opens): the observations
    used and the trajectory rows as CSV, the whole entity as an XLSX with four sheets."""
    import base64
    import io

    run_clean(tiny_data)
    run_projections(tiny_data)
    briefing = load_briefing(tiny_data, "lai-chau", "en")
    html = briefing.downloads_html()
    uris = re.findall(r'href="data:([^;]+)(?:;charset=utf-8)?;base64,([^"]+)" download="([^"]+)"',
                      html)
    assert [name for _, _, name in uris] == ["lai-chau-observations.csv",
                                             "lai-chau-trajectories.csv", "lai-chau.xlsx"]
    files = {name: base64.b64decode(data) for _, data, name in uris}
    obs = pd.read_csv(io.BytesIO(files["lai-chau-observations.csv"]), encoding="utf-8-sig")
    assert set(obs["entity_id"]) == {"lai-chau"} and len(obs) == len(
        briefing.observations[briefing.observations["entity_id"] == "lai-chau"])
    traj = pd.read_csv(io.BytesIO(files["lai-chau-trajectories.csv"]), encoding="utf-8-sig")
    assert list(traj["target_id"]) == list(briefing.trajectories["target_id"])
    sheets = pd.read_excel(io.BytesIO(files["lai-chau.xlsx"]), sheet_name=None)
    assert list(sheets) == ["observations", "trajectories", "targets", "sources"]
    assert "SYNTHETIC" in " ".join(sheets["sources"]["title"])
    assert 'href="../requests/lai-chau-en.xlsx"' in briefing.gaps_html(briefing.plans[0])


def test_a_worker_loads_the_project_once_and_again_when_a_file_changes(tiny_data):
    """Briefings of one data folder share one Project (catalogs, messages, tables loaded
    once per process); a changed processed table or catalog opens it anew."""
    from ggutils.io import read_csv, write_csv_atomic
    from ggutils.project import Layout

    run_clean(tiny_data)
    run_projections(tiny_data)
    first = load_briefing(tiny_data, "lai-chau", "en")
    second = load_briefing(tiny_data, "lai-chau", "vi")
    assert second.observations is first.observations and second.plans[0] is first.plans[0]
    assert (first.lang, second.lang) == ("en", "vi")
    path = Layout(data=tiny_data).trajectories
    trajectories = read_csv(path)
    write_csv_atomic(trajectories.iloc[1:], path)
    third = load_briefing(tiny_data, "lai-chau", "en")
    assert third.observations is not first.observations
    assert len(third.trajectories) == len(first.trajectories) - 1
