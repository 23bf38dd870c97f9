"""One language per page (issue 24, item 8): text in the other language is marked with its
`lang` and labelled as what it is; the checker (tests.pagetext.unmarked_runs) finds every run
of the other language outside such a mark."""

from __future__ import annotations

import pytest

from ggutils.brief.briefing import load_briefing
from ggutils.brief.localize import Localizer, language_of
from ggutils.brief.provenance import downloads_html, methodology_html, sources_html
from ggutils.brief.render import environment
from ggutils.reference.messages import load_messages
from ggutils.reference.targets import Target
from tests.conftest import DATA, FIXTURES, TINY_EVALUATED_ON, make_projected_data
from tests.pagetext import unmarked_runs

MESSAGES = DATA / "reference" / "messages.yml"


def _page(body: str) -> str:
    return f"<html><head><title>x</title></head><body>{body}</body></html>"


# --- the checker ---------------------------------------------------------------------------
def test_an_english_run_on_a_vietnamese_page_is_found_unless_marked():
    html = _page("<p>Mục tiêu: strive to obtain GRDP growth rate of 9-10% per year</p>"
                 '<p>Mục tiêu: <span lang="en">strive to obtain growth</span> (ghi chú)</p>')
    runs = unmarked_runs(html, "vi")
    assert [r.text for r in runs] == ["strive to obtain GRDP growth rate of 9-10% per year"]


def test_vietnamese_written_without_marks_names_and_identifiers_are_not_english():
    html = _page("<p>Kon Tum thu gom rac; GRDP, OWID, 514/QĐ-UBND, vnforester.org.vn</p>"
                 "<p>Tệp <code>kon_tum_observations.csv</code></p>")
    assert unmarked_runs(html, "vi") == []


def test_adjacent_elements_are_apart():
    """A name followed by a label shown as a block: no word across the two."""
    html = _page('<td><strong>Viet Nam</strong><span class="gg-label">1658/QĐ-TTg</span></td>')
    assert unmarked_runs(html, "en") == []


def test_a_single_english_word_is_not_a_run_but_two_are():
    assert unmarked_runs(_page("<p>Tải về tệp Excel ở đây</p>"), "vi") == []
    assert [r.text for r in unmarked_runs(_page("<p>Nguồn: Climate Watch</p>"), "vi")] \
        == ["Climate Watch"]


def test_a_vietnamese_run_on_an_english_page_is_found_unless_marked():
    html = _page('<ul id="gaps"><li>Target: tỷ lệ che phủ rừng đạt 50% by 2020</li>'
                 '<li>Target: <q lang="vi">tỷ lệ che phủ rừng</q>; 514/QĐ-UBND, Lai Châu '
                 "province</li></ul>")
    runs = unmarked_runs(html, "en")
    assert [r.text for r in runs] == ["tỷ lệ che phủ rừng đạt", "Châu"]
    assert {r.where for r in runs} == {"gaps"}


def test_an_images_alt_text_is_read_and_blocks_are_not_joined():
    html = _page('<div id="c"><img alt="Biểu đồ, mục tiêu: reduce energy use per year"></div>'
                 "<table><tr><td>dữ liệu</td><td>data</td></tr><tr><td>Year</td></tr></table>")
    runs = unmarked_runs(html, "vi")
    assert [(r.text, r.where) for r in runs] == [("reduce energy use per year", "c alt")]


def test_language_of_a_published_title():
    assert language_of("Độ che phủ rừng toàn quốc năm 2009 là 39,1%") == "vi"
    assert language_of("Forest covers 42.02% of Vietnam's total area") == "en"


# --- the wording a page shows ----------------------------------------------------------------
def _target(**fields) -> Target:
    base = {"id": "t", "indicator": "forest_cover", "clause": "III.2", "label_en": "Forest cover",
            "comparator": ">=", "value": 50, "unit": "%", "target_year": 2020}
    return Target.model_validate({**base, **fields})


@pytest.fixture(scope="module")
def fmt(codebook):
    return {lang: Localizer(codebook, lang, load_messages(MESSAGES, lang)) for lang in ("vi", "en")}


def test_an_english_press_summary_on_a_vietnamese_page_is_marked_and_labelled(fmt):
    target = _target(wording_en="strive to obtain forest cover of 50%", source_tier=2,
                     source_url="https://example.invalid/a")
    words = fmt["vi"].wording(target)
    msgs = fmt["vi"].msgs
    assert words["lang"] == "en" and words["text"] == target.wording_en
    assert words["note"] == msgs("quote_summary_press", language=msgs("language_en"))
    html = _macro_text(words)
    assert unmarked_runs(_page(f"<p>Mục tiêu: {html}</p>"), "vi") == []
    assert msgs("language_en") in html  # the label says what it is, in the page's language
    # the chart's alt text, which cannot mark a quotation, gives the goal instead
    alt = fmt["vi"].target_text(target)
    assert "2020" in alt and unmarked_runs(_page(f'<img alt="{alt}">'), "vi") == []


def test_the_decisions_words_on_an_english_page_are_marked_and_labelled(fmt):
    target = _target(wording_vi="Nâng độ che phủ rừng lên trên 50%.")
    words = fmt["en"].original_wording(target)
    msgs = fmt["en"].msgs
    assert words["wording"]["lang"] == "vi" and words["label"] == target.label_en
    assert words["wording"]["note"] == msgs("quote_decision", language=msgs("language_vi"))
    assert unmarked_runs(_page(f"<p>{_macro_text(words['wording'])}</p>"), "en") == []


def test_a_summary_is_not_labelled_as_the_decisions_words(fmt):
    """1658/QĐ-TTg: its targets are quoted from a portal's translation and news summaries."""
    portal = _target(wording_en="reduce energy use", source_tier=1,
                     source_url="https://example.invalid/portal")
    press = _target(wording_vi="giảm tiêu hao năng lượng", source_tier=2,
                    source_url="https://example.invalid/press")
    msgs = fmt["en"].msgs
    assert fmt["en"].original_wording(portal)["wording"]["note"] == msgs(
        "quote_summary_portal", language=msgs("language_en"))
    assert fmt["en"].original_wording(press)["wording"]["note"] == msgs(
        "quote_summary_press", language=msgs("language_vi"))
    assert fmt["vi"].wording(press)["note"] == fmt["vi"].msgs(
        "quote_summary_press", language=fmt["vi"].msgs("language_vi"))


def _macro_text(t: dict) -> str:
    """The page's `text` macro (pages/_macros.html.j2) applied to `t`."""
    return environment().from_string(
        '{% from "pages/_macros.html.j2" import text %}{{ text(t) }}').render(t=t)


# --- the sections this part renders, on a page -------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sources_downloads_and_method_sections_hold_one_language(tmp_path, monkeypatch,
                                                                     lang):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TINY_EVALUATED_ON)
    data = make_projected_data(tmp_path, FIXTURES / "provenance" / "raw",
                               FIXTURES / "provenance" / "targets")
    b = load_briefing(data, "lai-chau", lang)
    html = _page(sources_html(b) + downloads_html(b) + methodology_html(b))
    assert unmarked_runs(html, lang) == []


def test_a_printed_title_marks_a_note_in_the_other_language(fmt):
    """A compiled row's title is printed as found; a parenthesis in English after a
    Vietnamese title (the compiler's note) is marked as English, a publisher's name or a
    date in parentheses is not split off."""
    parts = fmt["vi"].published_parts("Tài nguyên rừng (thesis excerpt on a site; section 2.1)")
    assert [(p["text"], p["lang"]) for p in parts] == [
        ("Tài nguyên rừng ", ""), ("(thesis excerpt on a site; section 2.1)", "en")]
    for title in ("Độ che phủ rừng đạt 41% (Kinhtedothi, 17/05/2017)",
                  "Hiện trạng rừng năm 2022 (ThienNhien.Net)"):
        assert [p["lang"] for p in fmt["vi"].published_parts(title)] == ["", ""]
        assert {p["lang"] for p in fmt["en"].published_parts(title)} == {"vi"}
    english = fmt["vi"].published_parts("Forest cover at 42% (Báo Nhân Dân)")
    assert [p["lang"] for p in english] == ["en", ""]  # the page's own language unmarked
    html = "".join(_macro_text(p) for p in english)
    assert unmarked_runs(_page(f"<p>Nguồn: {html}</p>"), "vi") == []
