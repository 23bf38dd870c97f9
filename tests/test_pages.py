"""Pages: the export of an executed briefing, the index (verdict matrix), the comparison
pages, and the rules every page follows (escaping, safe links)."""

from __future__ import annotations

import re

import nbformat
import pytest

from ggutils.clean import run_clean
from ggutils.pages import (
    css_string,
    esc,
    export_html,
    link,
    link_context,
    write_comparisons,
    write_index,
)
from ggutils.paths import ProjectPaths
from ggutils.trends import run_projections


def test_esc_escapes_markup_and_quotes():
    assert esc('"><img src=x>') == "&#34;&gt;&lt;img src=x&gt;"


def test_css_strings_cannot_leave_their_rule():
    text = css_string('Bản tin "x" </style><script>')
    assert text.startswith('"') and text.endswith('"')
    assert "</style>" not in text and '"x"' not in text


def test_export_is_offline_and_hides_code(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("dropped", metadata={"tags": ["remove_cell"]}),
                nbformat.v4.new_code_cell("secret_code()", outputs=[nbformat.v4.new_output(
                    "display_data", data={"text/html": "<p id='x'>shown</p>",
                                          "image/png": "iVBORw0KGgo="},
                    metadata={"text/html": {"ggutils": {
                        "title": "Briefing: <Kon Tum>",
                        "footer": "514/QĐ-UBND · 2026-11-30"}}})])]
    src = tmp_path / "n.ipynb"
    nbformat.write(nb, src)
    html = export_html(src, tmp_path / "out" / "n.html", "en").read_text(encoding="utf-8")
    assert "shown" in html and "secret_code" not in html and "dropped" not in html
    assert "data:image/png;base64" in html
    external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html)
    assert external == []
    assert "mathjax" not in html.lower() and "require.js" not in html.lower()
    assert "@page" in html and 'lang="en"' in html
    assert "<title>Briefing: &lt;Kon Tum&gt;</title>" in html  # from the header's metadata
    assert css_string("514/QĐ-UBND · 2026-11-30") in html



@pytest.mark.parametrize(("url", "anchor"), [
    ("https://example.org/a?b=1", True), ("http://x.vn", True), ("notes/sources.html", True),
    ("HTTPS://EXAMPLE.ORG/", True), ("../requests/kon-tum-vi.xlsx", True), ("#src-1", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), ("data:text/html,x", False),
    ("file:///etc/passwd", False), ("//evil.example/x", False), ("vbscript:x", False),
    # a backslash anywhere: browsers read '\\' as '/', so these reach file:// or a share
    ("\\\\host\\share", False), ("/\\host/p", False), ("\\/host/p", False),
    ("https://example.org\\@evil.example/", False), ("https:\\\\evil.example", False),
    ("notes\\sources.html", False), ("%5C%5Chost%5Cshare", False), ("/%5Chost/p", False),
    # a path from the root, climbing out of the reports, a hidden scheme, no host
    ("/etc/passwd", False), ("../../secret.txt", False), ("%2e%2e/%2e%2e/x", False),
    ("a/../../../x", False), ("\x01javascript:alert(1)", False), ("java\tscript:x", False),
    ("java\nscript:x", False), ("https://", False), ("C:/Windows/win.ini", False),
])
def test_only_http_and_relative_links_become_anchors(url, anchor):
    html = link(url, "source")
    assert html.startswith("<a href=") == anchor, url
    assert "source" in html


def test_a_relative_link_may_climb_as_deep_as_its_page_lies():
    """An as-of briefing lies one folder deeper (reports/<as-of>/<lang>/): two folders up
    still reach reports/, three never do."""
    assert link_context("../../requests/x.xlsx", "x", depth=2)["href"]
    assert not link_context("../../requests/x.xlsx", "x", depth=1)["href"]
    assert not link_context("../../../x", "x", depth=2)["href"]



def test_index_is_a_verdict_matrix_in_each_language_and_keeps_every_briefing(tiny_data,
                                                                              tmp_path):
    """One row per plan, one column per indicator family with labelled verdicts; an index
    in each language; a briefing on disk in the other language stays linked after a run
    in one language only."""
    run_clean(tiny_data)
    run_projections(tiny_data)
    reports = tmp_path / "reports"
    for lang in ("vi", "en"):
        (reports / lang).mkdir(parents=True)
        (reports / lang / "lai-chau.html").write_text("<html></html>", encoding="utf-8")
    paths = ProjectPaths(data=tiny_data, reports=reports)
    vi_page, en_page = write_index(paths, ["en"])
    assert (vi_page.name, en_page.name) == ("index.html", "index-en.html")
    html = en_page.read_text(encoding="utf-8")
    assert 'href="vi/lai-chau.html"' in html and 'href="en/lai-chau.html"' in html
    assert html.count('<tr data-plan-id="lai-chau">') == 1
    assert "<th>Forests</th>" in html
    assert '<td data-label="Forests"><span class="gg-badge gg-tone-short">acceleration needed' \
        in html
    assert "<title>Provincial green-growth briefings</title>" in html
    assert 'href="index.html"' in html  # the other language's index
    assert "<th>Rừng</th>" in vi_page.read_text(encoding="utf-8")


def test_comparison_pages_rank_one_entity_type_at_a_time(tiny_data, tmp_path):
    """Areas of each type are ranked apart, on the latest value in a stated window, and
    the definition shows as words, never as its code."""
    run_clean(tiny_data)
    run_projections(tiny_data)
    paths = ProjectPaths(data=tiny_data, reports=tmp_path / "reports")
    pages = write_comparisons(paths, ["en"])
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "../index-en.html" in html
        assert not re.search(r">[a-z]+_[a-z0-9_]+<", html)  # no raw codes in cells
