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
    parts = [briefing.header_html(), briefing.headline_html(), briefing.matrix_html(),
             briefing.owed_summary_html(), briefing.owed_html(), briefing.agencies_html(),
             briefing.sources_html(), briefing.methodology_html()]
    for plan in briefing.plans:
        parts += [briefing.status_table_html(plan), briefing.tasks_html(plan)]
        parts += [briefing.chart_caption_html(t) for t in briefing.charted_targets(plan)]
    return "".join(parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text_from_data_is_escaped(injected, lang):
    html = _all_html(load_briefing(injected, "lai-chau", lang))
    for payload in INJECTIONS:
        assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "<script" not in html



def test_status_rows_are_the_targets_with_data_and_the_matrix_has_every_target(tiny_data):
    run_clean(tiny_data)
    run_projections(tiny_data)
    briefing = load_briefing(tiny_data, "lai-chau", "en")
    [plan] = briefing.plans
    with_data = {t.id for t in plan.targets if briefing.has_value(t)}
    without = {t.id for t in plan.targets} - with_data
    assert with_data and without   # the fixture has both kinds
    table = briefing.status_table_html(plan)
    assert set(re.findall(r'<tr data-target-id="([^"]+)"', table)) == with_data
    matrix = briefing.matrix_html()
    assert set(re.findall(r'<li data-target-id="([^"]+)"', matrix)) == {
        t.id for t in plan.targets if t.preferred}
    assert "SYNTHETIC" in briefing.sources_html()
    owed = briefing.owed_html()
    assert set(re.findall(r'<tr data-target-id="([^"]+)"', owed)) == without


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
    """Both plans in one briefing, the green-growth action plan first although the related
    plan is newer, each under its own heading with its kind; the headline speaks of the
    action plan; the related plan sits under "Other plans", collapsed; its target gets the
    outlook."""
    (tiny_data / "targets" / "lai-chau--test-2024.yml").write_text(SECOND_PLAN,
                                                                    encoding="utf-8")
    run_clean(tiny_data)
    trajectories = run_projections(tiny_data)
    assert set(trajectories["plan_id"]) == {"lai-chau", "lai-chau--test-2024"}
    briefing = load_briefing(tiny_data, "lai-chau", "en")
    assert [p.plan_id for p in briefing.plans] == ["lai-chau", "lai-chau--test-2024"]
    assert [p.plan_id for p in briefing.lead_plans] == ["lai-chau"]
    html = "".join(briefing.status_table_html(p) for p in briefing.plans)
    assert "Related plan (not a green-growth action plan)" in html
    header = briefing.header_html()
    assert header.index("1498/QĐ-UBND") < header.index("99/NQ-TEST")
    matrix = briefing.matrix_html()
    assert matrix.index('id="matrix-lai-chau"') < matrix.index('id="matrix-lai-chau--test-2024"')
    row = briefing.row(briefing.plans[1].targets[0])
    assert row["verdict_deadline"] == "not yet due" and isinstance(row["status_outlook"], str)
    headline = briefing.headline_html()
    assert headline.count('class="gg-headline"') == 1 and "1498/QĐ-UBND" in headline
    [other] = briefing.other_plans_outputs()
    assert 'id="other-plans"' in other.data and "<summary>" in other.data
    assert other.data.index("<summary>") < other.data.index("99/NQ-TEST")
    assert "1498/QĐ-UBND (2012)</h2>" not in other.data
    page = "".join(o.data for o in briefing.page_outputs() if isinstance(o.data, str))
    marks = ['id="headline"', 'id="matrix"', 'id="status-lai-chau"', 'id="owed"',
             'id="agencies"', 'id="other-plans"', 'id="sources"']
    assert [page.index(m) for m in marks] == sorted(page.index(m) for m in marks)


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
    assert 'href="../requests/lai-chau-en.xlsx"' in briefing.owed_html()


def test_a_worker_loads_the_project_once_and_again_when_a_file_changes(tiny_data):
    """Briefings of one data folder share one Project (catalogs, messages, tables loaded
    once per process); a changed processed table or catalog opens it anew."""
    from ggutils.io import read_csv, write_csv_atomic
    from ggutils.paths import Layout

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


def test_a_merged_province_names_its_successor_and_the_act(tiny_data):
    """The header of a province the 2025 arrangement merged into another says when, into
    which province and by which act (data/reference/reorganisations.yml); a province that
    kept its name says nothing of it."""
    from ggutils.reference.reorganisations import reorganisation

    catalog = (tiny_data / "targets" / "lai-chau.yml").read_text(encoding="utf-8")
    (tiny_data / "targets" / "kon-tum.yml").write_text(
        catalog.replace("entity_id: lai-chau", "entity_id: kon-tum").replace("id: lc-", "id: kt-"),
        encoding="utf-8")
    run_clean(tiny_data)
    run_projections(tiny_data)
    kept = load_briefing(tiny_data, "lai-chau", "en")
    assert reorganisation(kept.register, "lai-chau") is None
    assert 'class="gg-reorganised"' not in kept.header_html()
    for lang in ("en", "vi"):
        merged = load_briefing(tiny_data, "kon-tum", lang)
        change = reorganisation(merged.register, "kon-tum")
        header = merged.header_html()
        assert change is not None and 'class="gg-reorganised"' in header
        assert merged.register.name(change.successor_id, lang) in header
        assert change.act.number in header
        assert merged.fmt.date(change.effective) in header
