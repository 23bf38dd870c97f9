"""Real-browser checks of generated briefings: headless Chromium (Debian's chromium and
chromium-driver; .ci/run installs them) opens each page from file:// with the network off.

Per briefing: no console error, no network request, every image decoded, one status-table
row per target, the page prints to PDF; a screenshot goes to reports/screenshots/. The
injection catalog's markup must show as text and no script from data may run.
"""

from __future__ import annotations

import base64
import json
import os
import shutil

import pytest

from ggutils.batch import render_briefings
from ggutils.clean import run_clean
from ggutils.paths import ProjectPaths
from ggutils.trends import run_projections

from .conftest import DATA, ROOT, make_injected_data

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SCREENSHOTS = ROOT / "reports" / "screenshots"
TARGETS = {"lai-chau": 14, "kon-tum": 8}


def _require_browser() -> None:
    if CHROMIUM and DRIVER:
        return
    message = "chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _render(data, reports, provinces):
    run_clean(data)
    run_projections(data)
    paths = ProjectPaths(data=data, reports=reports, notebooks=ROOT / "notebooks")
    outcomes = render_briefings(paths, provinces, ["vi", "en"], workers=2, progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return reports


@pytest.fixture(scope="module")
def briefings(tmp_path_factory):
    _require_browser()
    root = tmp_path_factory.mktemp("real")
    data = root / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("processed"))
    (data / "processed").mkdir()
    return _render(data, root / "reports", sorted(TARGETS))


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


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("slug", sorted(TARGETS))
def test_briefing_opens_offline(briefings, driver, slug, lang):
    page = _open(driver, briefings / lang / f"{slug}.html")
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert _network_requests(page) == []
    images = page.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
    assert images and all(done and width > 0 for done, width in images)
    rows = page.execute_script("return document.querySelectorAll('#status-table tbody tr').length")
    assert rows == TARGETS[slug]
    pdf = base64.b64decode(page.print_page())
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert _no_alert(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.execute_script("return document.body.scrollHeight")
    page.set_window_size(1280, min(max(height, 800), 12000))
    shot = SCREENSHOTS / f"{lang}-{slug}.png"
    assert page.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")


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
