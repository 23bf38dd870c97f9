"""Real-browser checks of generated briefings: headless Chromium (Debian's chromium and
chromium-driver; .ci/run installs them) opens each page from file:// with the network off.

Per briefing: no console error, no network request, every image decoded, the green-growth
plan first, one status-table row per target with data, its <title>, one language on the
page, no element wider than a 390 px phone, no table cell whose content runs past it at 1280
or 390 px, and a PDF with the headline and the verdict matrix on page 1 within the page
bound stated here;
screenshots at 1280 and 390 px go to reports/screenshots/. The injection catalog's markup
must show as text and no script from data may run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ggutils.assess.trends import run_projections
from ggutils.brief.header import briefing_title
from ggutils.brief.pdf import print_pdf
from ggutils.clean import run_clean
from ggutils.paths import Layout
from ggutils.pipeline.batch import render_briefings
from ggutils.project import load_reference
from ggutils.reference.messages import catalogue_files, load_messages
from ggutils.reference.reorganisations import reorganisation
from ggutils.reference.targets import GREEN_GROWTH_KINDS
from tests.conftest import DATA, ROOT, make_injected_data
from tests.pagetext import REPOSITORY_WORDS, foreign_words, raw_codes, unmarked_runs

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
REFERENCE = load_reference(DATA)
ENTITIES = sorted(REFERENCE.plans)
MESSAGES = {key: entry for path in catalogue_files(DATA / "reference" / "messages.yml")
            for key, entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}
# A4 pages a printed briefing may take (issue 24): six for a province, eight for the country,
# in both languages, whatever fonts the machine has (Noto Sans and DejaVu Sans set text
# differently: the bound holds for both).
PDF_MAX_PAGES = {"province": 6, "country": 8}
# Every cell, at each width the page is read at: nothing inside runs past its edge.
OVERFLOWING_CELLS = (
    "return Array.from(document.querySelectorAll('td, th')).filter(c => {"
    " const r = c.getBoundingClientRect(); if (r.width === 0) return false;"
    " if (c.scrollWidth > c.clientWidth + 1) return true;"
    " return Array.from(c.querySelectorAll('*')).some(e => {"
    "  const q = e.getBoundingClientRect();"
    "  return q.width > 0 && (q.right > r.right + 1 || q.left < r.left - 1); });"
    "}).map(c => c.textContent.trim().slice(0, 60)).slice(0, 5)")
SCREENSHOTS = Path(os.environ.get("GGUTILS_SCREENSHOTS", ROOT / "reports" / "screenshots"))


def _require_browser() -> None:
    if CHROMIUM and DRIVER and shutil.which("pdftotext"):
        return
    message = ("chromium, chromedriver and pdftotext are needed "
               "(apt-get install chromium chromium-driver poppler-utils)")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _render(data, reports, entities):
    run_clean(data)
    run_projections(data)
    paths = Layout(data=data, reports=reports, notebooks=ROOT / "notebooks")
    outcomes = render_briefings(paths, entities, ["vi", "en"], workers=2, progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return reports


@pytest.fixture(scope="module")
def briefings(tmp_path_factory):
    _require_browser()
    root = tmp_path_factory.mktemp("real")
    data = root / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("processed"))
    (data / "processed").mkdir()
    return _render(data, root / "reports", ENTITIES)


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    _require_browser()
    root = tmp_path_factory.mktemp("injected")
    data = make_injected_data(root)
    return _render(data, root / "reports", ["lai-chau"])


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,2000",
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    yield browser
    browser.quit()


def _open(driver, path):
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(path.as_uri())
    driver.execute_script("return document.readyState")
    return driver


def _network_requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("file:", "data:")):
                urls.append(url)
        if message["method"] == "Network.loadingFailed":
            urls.append(f"FAILED {message['params'].get('errorText')}")
    return urls


def _no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        _ = driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def _targets_with_data(data, entity: str) -> int:
    """Targets (every version) of the entity with at least one observed value."""
    trajectories = pd.read_csv(data / "processed" / "trajectories.csv")
    rows = trajectories[trajectories["entity_id"] == entity]
    return int((rows["n_points"] > 0).sum())


def _screenshot(page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_window_size(width, 900)
    height = page.execute_script("return document.documentElement.scrollHeight")
    page.set_window_size(width, min(max(height, 800), 16000))
    shot = SCREENSHOTS / f"{name}-{width}.png"
    assert page.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entity", ENTITIES)
def test_briefing_opens_offline(briefings, driver, entity, lang):
    page = _open(driver, briefings / lang / f"{entity}.html")
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert _network_requests(page) == []
    images = page.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
    assert images and all(done and width > 0 for done, width in images)
    rows = page.execute_script(
        "return document.querySelectorAll('table[id^=\"status-\"] tbody tr').length")
    assert rows == _targets_with_data(briefings.parent / "data", entity)
    first = page.execute_script("return document.querySelector('section.gg-plan h2').textContent")
    lead = [p for p in REFERENCE.plans[entity] if p.decision.kind in GREEN_GROWTH_KINDS]
    assert lead and first.startswith(lead[0].decision.number)
    assert page.execute_script(OVERFLOWING_CELLS) == []
    msgs = load_messages(DATA / "reference" / "messages.yml", lang)
    assert page.title == briefing_title(msgs, REFERENCE.register, entity)
    assert _no_alert(page)
    _screenshot(page, f"{lang}-{entity}", 1280)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entity", ENTITIES)
def test_one_language_per_page(briefings, entity, lang):
    """No word of the other language's catalogue and no raw code in what a reader sees
    (quotations marked with their lang, titles of publications and identifiers aside)."""
    html = (briefings / lang / f"{entity}.html").read_text(encoding="utf-8")
    assert foreign_words(html, lang, MESSAGES) == set()
    assert raw_codes(html, lang) == set()
    assert unmarked_runs(html, lang) == []   # every other-language run carries its lang


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entity", ENTITIES)
def test_what_a_reader_sees(briefings, entity, lang):
    """No repository path, file name or internal id in the visible text; an image only in
    the chart of a target with data; a province merged in 2025 names its successor."""
    html = (briefings / lang / f"{entity}.html").read_text(encoding="utf-8")
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", html.split("<body", 1)[-1], flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", body))
    assert REPOSITORY_WORDS.findall(text) == []
    trajectories = pd.read_csv(briefings.parent / "data" / "processed" / "trajectories.csv")
    with_data = set(trajectories.loc[(trajectories["entity_id"] == entity)
                                     & (trajectories["n_points"] > 0), "target_id"])
    charted = re.findall(r'<figure class="gg-chart" id="chart-([^"]+)"', body)
    assert set(charted) <= with_data
    assert body.count("<img") == len(charted)
    change = reorganisation(REFERENCE.register, entity) if entity != "vn" else None
    if change is not None:
        assert change.successor_name(REFERENCE.register, lang) in text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entity", ENTITIES)
def test_a_phone_shows_cards_and_nothing_wider_than_the_screen(briefings, driver, entity,
                                                               lang):
    page = _open(driver, briefings / lang / f"{entity}.html")
    page.set_window_size(390, 844)
    width = page.execute_script("return window.innerWidth")
    wider = page.execute_script(
        "const w = window.innerWidth; return Array.from(document.querySelectorAll('body *'))"
        ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && "
        "(r.right > w + 1 || r.left < -1); }).map(e => e.tagName + '.' + e.className)"
        ".slice(0, 5)")
    assert wider == [], f"wider than {width}px: {wider}"
    assert page.execute_script(OVERFLOWING_CELLS) == []
    assert page.execute_script("return document.documentElement.scrollWidth") <= width
    display = page.execute_script(
        "return getComputedStyle(document.querySelector('table.gg-cards tr')).display")
    assert display == "block"
    _screenshot(page, f"{lang}-{entity}", 390)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entity", ENTITIES)
def test_nothing_overflows_its_cell_in_print(briefings, driver, entity, lang):
    """The print stylesheet at the width of an A4 sheet inside its margins (182 mm, about
    688 CSS px): every cell holds its content."""
    page = _open(driver, briefings / lang / f"{entity}.html")
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        page.set_window_size(688, 1000)
        assert page.execute_script(OVERFLOWING_CELLS) == []
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entity", ENTITIES)
def test_pdf_has_the_headline_on_page_one(briefings, entity, lang):
    html = briefings / lang / f"{entity}.html"
    pdf = print_pdf(html, html.with_suffix(".pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    msgs = load_messages(DATA / "reference" / "messages.yml", lang)
    for heading in (briefing_title(msgs, REFERENCE.register, entity), msgs("headline"),
                    msgs("matrix")):
        assert heading in first
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    kind = str(REFERENCE.register.entity(entity)["entity_type"])
    print(f"PDF {entity} [{lang}]: {pages} A4 pages (at most {PDF_MAX_PAGES[kind]})")
    assert 1 <= pages <= PDF_MAX_PAGES[kind], pages
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SCREENSHOTS / f"{lang}-{entity}.pdf")


def test_briefing_size_limit(briefings):
    for page in (briefings / "vi").glob("*.html"):
        assert page.stat().st_size <= 1.5 * 1024 * 1024, page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markup_from_data_shows_as_text_and_never_runs(injected, driver, lang):
    page = _open(driver, injected / lang / "lai-chau.html")
    assert _no_alert(page)
    text = page.find_element("tag name", "body").text
    assert "<script>alert(1)</script>" in text
    assert page.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert [e for e in page.get_log("browser") if e["level"] == "SEVERE"] == []
