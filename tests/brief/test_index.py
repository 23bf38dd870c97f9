"""The index (reports/index.html, index-en.html): each entity's green-growth plan first, no
column empty in every row, verdicts as compact marks with a legend, the 2025 merger stated
under the successor's heading, and links to the briefings on disk (SYNTHETIC fixture
tests/fixtures/index: Lai Châu's action plan and a newer related plan, Kon Tum's plan)."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from ggutils.assess.trends import run_projections
from ggutils.brief.index import index_page, merger_text, write_index
from ggutils.brief.localize import date_text
from ggutils.clean import run_clean
from ggutils.paths import Layout
from ggutils.project import Project
from ggutils.reference.messages import LANGUAGES
from ggutils.reference.reorganisations import Act, Reorganisation, reorganisation
from ggutils.reference.targets import GREEN_GROWTH_KINDS


def _table(html: str) -> str:
    return html[html.index('id="dashboard"'):html.index("</table>")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_entity_s_green_growth_plan_comes_first(index_project, lang):
    """Lai Châu's related plan is newer than its action plan: the action plan still leads."""
    html = index_page(index_project, lang)
    listed = re.findall(r'<tr data-plan-id="([^"]+)"', html)
    catalogs = index_project.catalogs
    assert sorted(listed) == sorted(catalogs)   # every plan once
    for entity in {c.entity_id for c in catalogs.values()}:
        rows = [catalogs[p] for p in listed if catalogs[p].entity_id == entity]
        leads = [p.decision.kind in GREEN_GROWTH_KINDS for p in rows]
        assert leads == sorted(leads, reverse=True), (entity, [p.plan_id for p in rows])
    related = [p for p in listed if catalogs[p].decision.kind not in GREEN_GROWTH_KINDS]
    assert related and all(f'<tr data-plan-id="{p}" class="gg-other-plan">' in html
                           for p in related)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_column_is_empty_in_every_row(index_project, lang):
    """A family no catalog's target belongs to, and the briefings column when no briefing is
    on disk, are not printed; every printed column has a filled cell."""
    html = index_page(index_project, lang)
    table = _table(html)
    headings = re.findall(r"<th>([^<]+)</th>", table.split("</thead>")[0])
    codebook = index_project.codebook
    used = {codebook.family_of(t.indicator) for c in index_project.catalogs.values()
            for t in c.targets}
    expected = [f.name(lang) for f in codebook.families if f.id in used]
    assert headings[1:] == expected
    for heading in headings:
        cells = re.findall(rf'<td[^>]*data-label="{re.escape(heading)}">(.*?)</td>', table,
                           flags=re.S)
        assert any(cell.strip() for cell in cells), heading
    assert index_project.messages(lang)("col_languages") not in headings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_verdicts_are_compact_marks_with_a_legend(index_project, lang):
    """A cell shows a verdict's mark and count, its word only for screen readers and as the
    title; the legend gives every shown verdict's word once."""
    msgs = index_project.messages(lang)
    html = index_page(index_project, lang)
    legend = html[html.index('id="legend"'):html.index("</p>", html.index('id="legend"'))]
    shown = index_project.trajectories.query("preferred")["verdict"].unique()
    for code in shown:
        assert len(re.findall(rf">\s?{re.escape(msgs.status(code))}</span>", legend)) == 1, code
        assert f'title="{msgs.status(code)}"' in _table(html)
    visible = re.sub(r'<span class="gg-sr">[^<]*</span>|title="[^"]*"', "", _table(html))
    assert not any(f">{msgs.status(code)}<" in visible for code in shown)
    assert re.search(r'class="gg-badge gg-count[^"]*"[^>]*title="[^"]+"><span class="gg-icon" '
                     r'aria-hidden="true">.</span>&nbsp;\d+<span class="gg-sr">', html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_merger_is_stated_under_the_successor(index_project, lang):
    """Kon Tum's rows sit under Quảng Ngãi's heading with the date, the successor and the
    act; Lai Châu, not merged, carries no such note."""
    project, register = index_project, index_project.register
    merged = reorganisation(project, "kon-tum")
    html = index_page(project, lang)
    groups = re.findall(r'<tr class="gg-group"><th[^>]*>(.*?)</th></tr>', html, flags=re.S)
    heading = next(g for g in groups if g.startswith(register.name(merged.successor_id, lang)))
    assert date_text(merged.effective, lang) in heading
    assert merged.act.number in heading and 'class="gg-reorganised"' in heading
    lai_chau = next(g for g in groups if g.startswith(register.name("lai-chau", lang)))
    assert "gg-reorganised" not in lai_chau
    kon_tum_row = html.index('data-plan-id="kon-tum"')
    assert html.rindex('class="gg-group"', 0, kon_tum_row) < html.index(heading) < kon_tum_row
    assert project.messages(lang)("formerly", name=register.name("kon-tum", lang)) in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_language_per_page(index_project, lang):
    """No run of the other language's words outside an element marked with its lang: the
    other index's link is marked, a plan named in Vietnamese shows its English name on the
    English index (Lai Châu's related plan in the fixture)."""
    from tests.pagetext import unmarked_runs

    html = index_page(index_project, lang)
    assert unmarked_runs(html, lang) == []
    decision = index_project.catalogs["lai-chau--rel-2019"].decision
    assert (decision.number_en if lang == "en" else decision.number) in html


def test_merger_text_names_the_successor_s_own_plans():
    """The sentence in each language; the successor's plans where a catalog names one."""
    act = Act(id="a", number="1/2025/XX", kind_vi="Nghị quyết", kind_en="Resolution",
              issuer_vi="Quốc hội", issuer_en="National Assembly", title_vi="t", title_en="t",
              adopted=dt.date(2025, 6, 12), effective=dt.date(2025, 7, 1))
    register = SimpleNamespace(name=lambda e, lang: {"a": "An", "b": "Bình"}[e])
    plans = {"b--p": SimpleNamespace(decision=SimpleNamespace(number="7/QĐ", year=2024))}
    merged = Reorganisation("a", "b", act, act.adopted, act.effective, ("a", "b"), ("b--p",))
    from ggutils.reference.messages import load_messages
    from tests.conftest import DATA

    for lang in LANGUAGES:
        msgs = load_messages(DATA / "reference" / "messages.yml", lang)
        text = merger_text(merged, register, msgs, plans)
        assert date_text(dt.date(2025, 7, 1), lang) in text and "Bình" in text
        assert "Resolution 1/2025/XX" in text if lang == "en" else "Nghị quyết 1/2025/XX" in text
        assert "7/QĐ (2024)" in text
        alone = Reorganisation("a", "b", act, act.adopted, act.effective, ("a", "b"), ())
        assert "7/QĐ" not in merger_text(alone, register, msgs, plans)


def test_briefings_on_disk_stay_linked_in_both_languages(index_project, tmp_path):
    """A briefing on disk in either language is linked from both indexes, after a run in one
    language only; the column appears once a briefing exists."""
    reports = tmp_path / "reports"
    for lang in LANGUAGES:
        (reports / lang).mkdir(parents=True)
        (reports / lang / "lai-chau.html").write_text("<html></html>", encoding="utf-8")
    project = Project(Layout(data=index_project.layout.data, reports=reports))
    vi_page, en_page = write_index(project, ["en"])
    assert (vi_page.name, en_page.name) == ("index.html", "index-en.html")
    for page, lang in ((vi_page, "vi"), (en_page, "en")):
        html = page.read_text(encoding="utf-8")
        assert 'href="vi/lai-chau.html"' in html and 'href="en/lai-chau.html"' in html
        assert f"<th>{project.messages(lang)('col_languages')}</th>" in html
        assert 'href="vi/kon-tum.html"' not in html


# --- In a browser (Chromium, as tests/brief/test_browser.py): the shipped data's index ------

# The text lines of each cell of the index's table that runs over four (a range's boxes
# grouped by line), at the window's width.
LONG_CELLS = (
    "return Array.from(document.querySelectorAll('#dashboard td, #dashboard th')).map(c => {"
    " const range = document.createRange(); range.selectNodeContents(c);"
    " const boxes = Array.from(range.getClientRects()).filter(r => r.width > 1 && r.height > 1)"
    "  .sort((a, b) => a.top - b.top);"
    " let lines = 0, bottom = -Infinity;"
    " for (const r of boxes) { if (r.top >= bottom - 2) { lines++; bottom = r.bottom; }"
    "  else { bottom = Math.max(bottom, r.bottom); } }"
    " return [lines, c.textContent.trim().slice(0, 60)]; }).filter(x => x[0] > 4)")
OVERFLOWING = (
    "return Array.from(document.querySelectorAll('td, th')).filter(c => {"
    " const r = c.getBoundingClientRect(); if (r.width === 0) return false;"
    " if (c.scrollWidth > c.clientWidth + 1) return true;"
    " return Array.from(c.querySelectorAll('*')).some(e => { const q = e.getBoundingClientRect();"
    "  return q.width > 1 && (q.right > r.right + 1 || q.left < r.left - 1); });"
    "}).map(c => c.textContent.trim().slice(0, 60)).slice(0, 5)")


@pytest.mark.browser
@pytest.mark.notebooks
def test_the_shipped_index_and_comparisons_fit_at_1280_and_390_px(tmp_path):
    """The index of the shipped data (every briefing stood in by a file, so the links column
    shows): no cell over four lines at 1280 px, no cell's content past its edge at 1280 or
    390 px, on the index and every comparison page; screenshots beside the test's files."""
    import shutil

    from tests.conftest import DATA

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("chromium and chromedriver are needed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("processed"))
    (data / "processed").mkdir()
    run_clean(data)
    run_projections(data)
    project = Project(Layout(data=data, reports=tmp_path / "reports"))
    for lang in LANGUAGES:
        (project.layout.reports / lang).mkdir(parents=True)
        for entity in project.plans:
            project.layout.briefing_html(entity, lang).write_text("<html></html>", "utf-8")
    from ggutils.brief.compare import write_comparisons

    pages = [*write_comparisons(project, list(LANGUAGES)), *write_index(project)]
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,2000",
                 "--proxy-server=http://127.0.0.1:9", f"--user-data-dir={tmp_path / 'p'}"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        for page in pages:
            browser.get(page.as_uri())
            for width in (1280, 390):
                browser.set_window_size(width, 2000)
                assert browser.execute_script(OVERFLOWING) == [], (page.name, width)
                if width == 1280 and page.name.startswith("index"):
                    assert browser.execute_script(LONG_CELLS) == [], page.name
                browser.save_screenshot(str(tmp_path / f"{page.parent.name}-{page.stem}-"
                                            f"{width}.png"))
    finally:
        browser.quit()
