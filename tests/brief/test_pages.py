"""Pages: the export of an executed briefing, the index (verdict matrix), the comparison
pages, and the rules every page follows (escaping, safe links)."""

from __future__ import annotations

import re

import nbformat
import pytest

from ggutils.assess.trends import run_projections
from ggutils.brief.compare import write_comparisons
from ggutils.brief.export import css_string, export_html
from ggutils.brief.index import write_index
from ggutils.brief.render import esc, link, link_context
from ggutils.clean import run_clean
from ggutils.paths import Layout
from tests.conftest import ROOT


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
    paths = Layout(data=tiny_data, reports=reports)
    vi_page, en_page = write_index(paths, ["en"])
    assert (vi_page.name, en_page.name) == ("index.html", "index-en.html")
    html = en_page.read_text(encoding="utf-8")
    assert 'href="vi/lai-chau.html"' in html and 'href="en/lai-chau.html"' in html
    assert html.count('<tr data-plan-id="lai-chau">') == 1
    assert "<th>Forests</th>" in html
    # the verdict as its compact mark and count, its word as the title (issue 24)
    assert re.search(r'<td data-label="Forests"><span class="gg-badge gg-count gg-tone-short[^>]*'
                     r'title="acceleration needed"', html)
    assert "<title>Provincial green-growth briefings</title>" in html
    assert 'href="index.html"' in html  # the other language's index
    assert "<th>Rừng</th>" in vi_page.read_text(encoding="utf-8")


def test_comparison_pages_rank_one_entity_type_at_a_time(tiny_data, tmp_path):
    """Areas of each type are ranked apart, on the latest value in a stated window, and
    the definition shows as words, never as its code."""
    run_clean(tiny_data)
    run_projections(tiny_data)
    paths = Layout(data=tiny_data, reports=tmp_path / "reports")
    pages = write_comparisons(paths, ["en"])
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "../index-en.html" in html
        assert not re.search(r">[a-z]+_[a-z0-9_]+<", html)  # no raw codes in cells


# --- counts and dates in the page's language (issue 22) ----------------------------------

def _forms(entry) -> list:
    """Every text of a message entry, through its forms by count."""
    if isinstance(entry, dict):
        return [t for key, form in entry.items() if key != "count" for t in _forms(form)]
    return [entry]


def test_counts_take_the_form_that_agrees_with_them():
    """Every message with a form by count, formatted for 0, 1, 2 and 5: no '1 targets',
    '1 points', '1 years', and no count of years 0 with a point ('1 điểm trong 0 năm')."""
    import string

    import yaml

    from ggutils.reference.messages import load_messages

    path = ROOT / "data" / "reference" / "messages.yml"
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    counted = {key: entry for key, entry in table.items() if isinstance(entry, dict)
               and any(isinstance(entry.get(lang), dict) for lang in ("vi", "en"))}
    assert {"headline_text", "hl_none_checkable", "hl_checkable", "evidence_text",
            "hl_indicative"} <= set(counted)
    bad = re.compile(r"\b1 (targets|points|years|values|rows)\b|None of the 1 |"
                     r"trong 1 mục tiêu")
    for lang in ("vi", "en"):
        msgs = load_messages(path, lang)
        for key, entry in counted.items():
            names = {f for text in _forms(entry[lang]) if isinstance(text, str)
                     for _, f, _, _ in string.Formatter().parse(text) if f}
            for n in (0, 1, 2, 5):
                fields = {name: n for name in names}
                fields.update({"span": max(n - 1, 0), "k": min(n, 1)} if "span" in names
                              or "k" in names else {})
                text = msgs(key, **fields)
                assert not bad.search(text), (lang, key, n, text)
    for lang in ("vi", "en"):  # one point spans no year: said so, not '0 years'
        text = load_messages(path, lang)("evidence_text", strength="w", n=1, span=0, tiers="2")
        assert not re.search(r"\b0 (năm|years)\b", text), text
    en = load_messages(path, "en")
    assert en("headline_text", n=1, parts="x") == "1 target: x."
    assert en("headline_text", n=3, parts="x") == "3 targets: x."
    assert en("evidence_text", strength="weak", n=1, span=0, tiers="2").startswith(
        "weak: 1 point,")
    assert "2 points over 1 year," in en("evidence_text", strength="weak", n=2, span=1,
                                         tiers="2")


def test_a_form_by_count_names_its_field(tmp_path):
    from ggutils.errors import CatalogError
    from ggutils.reference.messages import load_messages

    path = tmp_path / "messages.yml"
    path.write_text('x: {vi: "{n} mục tiêu", en: {count: m, one: "1 target", other: '
                    '"{n} targets"}}\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="'x'.*count"):
        load_messages(path, "en")("x", n=2)


DATE_VI, DATE_ISO = re.compile(r"\b\d{2}/\d{2}/\d{4}\b"), re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_a_page_prints_every_date_in_one_format(tiny_data, monkeypatch):
    """The header's provenance (the decision's date, when the page was generated, the
    evaluation date) and the print footer: dd/mm/yyyy on a Vietnamese page, yyyy-mm-dd on
    an English one, never both."""
    from ggutils.brief.briefing import load_briefing

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1739174400")  # 2025-02-10
    run_clean(tiny_data)
    run_projections(tiny_data)
    for lang, own, other in (("vi", DATE_VI, DATE_ISO), ("en", DATE_ISO, DATE_VI)):
        briefing = load_briefing(tiny_data, "lai-chau", lang)
        texts = [briefing.header_html()]
        texts += [str(out.metadata) for out in briefing.header_outputs()
                  if hasattr(out, "metadata")]
        page = "\n".join(texts)
        assert {"30/11/2012", "10/02/2025"} <= set(own.findall(page)) if lang == "vi" else \
            {"2012-11-30", "2025-02-10"} <= set(own.findall(page))
        assert other.findall(page) == [], (lang, other.findall(page))


def test_the_set_up_installs_the_fonts_the_stylesheet_names():
    """The families of the briefing's font-family (generic families aside) are those the
    Makefile checks and installs, and .ci/run installs the same packages: a machine that
    prints the PDFs has the fonts they are laid out in."""
    css = (ROOT / "src" / "ggutils" / "brief" / "templates" / "briefing" / "style.css").read_text(
        encoding="utf-8")
    named = re.search(r"body\s*\{[^}]*font-family:\s*([^;]+);", css).group(1)
    families = [f.strip().strip('"') for f in named.split(",")]
    installed = [f for f in families if f not in ("Arial", "sans-serif", "serif")]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^FONT_FAMILIES := (.+)$", makefile, re.M).group(1).split("|") == \
        installed
    packages = re.search(r"^FONT_PACKAGES := (.+)$", makefile, re.M).group(1).split()
    assert packages == ["fonts-noto-core", "fonts-dejavu-core"]  # Noto Sans, DejaVu Sans
    assert f'FONTS="{" ".join(packages)}"' in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "@$(MAKE) --no-print-directory fonts" in makefile  # part of the set-up


def test_export_does_not_build_jsonschemas_iri_grammar(tmp_path):
    """The batch's main process exports every HTML: importing nbformat there must not build
    rfc3987_syntax's Lark grammar (about 1.5 s, issue 23), as the workers already avoid."""
    import subprocess
    import sys

    pytest.importorskip("rfc3987_syntax")  # without it there is no grammar to avoid
    src = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), src)
    code = ("import sys; from ggutils.brief.export import export_html; "
            f"export_html({str(src)!r}, {str(tmp_path / 'n.html')!r}); "
            "print('lark' in sys.modules, 'nbconvert' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "True"]
