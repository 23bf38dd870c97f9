"""The sources list as readers cite it (publication, publisher, table, date, link, the day
retrieved), each decision by number and date, no repository path or internal id in what a
reader sees, and the line to cite the briefing by (issue 24, item 9)."""

from __future__ import annotations

import dataclasses
import html as markup
import re

import pytest

from ggutils import __version__
from ggutils.brief.briefing import load_briefing
from ggutils.brief.header import briefing_title, input_hash
from ggutils.brief.provenance import (
    cite_html,
    downloads_html,
    methodology_html,
    sources_html,
)
from ggutils.errors import CatalogError
from ggutils.reference.sources import load_sources
from tests.conftest import FIXTURES, TINY_EVALUATED_ON, make_projected_data
from tests.pagetext import REPOSITORY_WORDS


def visible(html: str) -> str:
    """Every text a reader sees, whatever its language (identifiers in <code> included)."""
    return re.sub(r"\s+", " ", markup.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def cited(tmp_path, monkeypatch):
    """SYNTHETIC data: a yearbook table registered with its readable fields, a decision read
    from its text, a target read from a press summary."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TINY_EVALUATED_ON)
    return make_projected_data(tmp_path, FIXTURES / "provenance" / "raw",
                               FIXTURES / "provenance" / "targets")


def _registry(data):
    return next(s for s in load_sources(data / "raw" / "sources.yml",
                                        load_briefing(data, "lai-chau", "vi").codebook).sources)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_source_is_cited_by_publication_publisher_table_date_and_link(cited, lang):
    b = load_briefing(cited, "lai-chau", lang)
    source = _registry(cited)
    html = sources_html(b)
    text = visible(html)
    publication = source.publication_vi if lang == "vi" else source.publication_en
    assert publication in text and source.publisher in text and source.table in text
    year, month = source.issued.split("-")
    assert (f"{month}/{year}" if lang == "vi" else source.issued) in text
    assert b.fmt.date(source.retrieved) in text
    assert f'href="{source.url}"' in html
    assert b.msgs("tier_1") in text
    # the other language's publisher and table are marked with their language
    if lang == "en":
        assert re.search(r'<span[^>]*lang="vi"[^>]*>' + re.escape(source.table), html)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_repository_path_or_internal_id_in_what_a_reader_sees(cited, lang):
    b = load_briefing(cited, "lai-chau", lang)
    html = sources_html(b) + downloads_html(b) + methodology_html(b)
    text = visible(html)
    assert REPOSITORY_WORDS.findall(text) == []
    assert b.plans[0].decision.source not in text
    # the provenance to file and row stays in the downloads
    assert "synthetic_yearbook" in html  # the anchors' ids and the embedded data keep it


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_decision_is_named_by_number_and_date_and_what_its_targets_were_read_from(cited,
                                                                                  lang):
    b = load_briefing(cited, "lai-chau", lang)
    decisions = visible(sources_html(b).split('id="decisions"', 1)[1])
    d = b.plans[0].decision
    assert b.fmt.document(d) in decisions and b.fmt.date(d.date) in decisions
    assert b.msgs("decision_text_read") in decisions


def test_a_plan_without_its_text_names_the_publications_its_targets_were_read_from(cited):
    b = load_briefing(cited, "lai-chau", "en")
    plan = b.plans[0]  # as if read from a table of other sources: no text of its own
    b.plans[0] = dataclasses.replace(plan, decision=plan.decision.model_copy(
        update={"source": "", "source_table": "synthetic_targets.csv"}))
    decisions = sources_html(b).split('id="decisions"', 1)[1]
    assert b.msgs("decision_text_missing") in visible(decisions)
    assert 'href="https://example.invalid/press/hazardous-waste"' in decisions
    assert "<code>example.invalid</code>" in decisions


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cite_this_briefing_gives_title_date_version_and_input(cited, lang):
    b = load_briefing(cited, "lai-chau", lang)
    line = cite_html(b)
    text = visible(line)
    assert b.msgs("cite_heading") in text
    assert briefing_title(b.msgs, b.register, "lai-chau") in text
    assert b.evaluated_on() and b.evaluated_on() in text
    assert __version__ in text and input_hash(cited) in text
    assert f"reports/{lang}/lai-chau.html" in text
    assert line in methodology_html(b)  # the page's last section ends with it


def test_the_input_hash_in_the_line_changes_with_the_data(cited):
    before = cite_html(load_briefing(cited, "lai-chau", "en"))
    raw = cited / "raw" / "synthetic_yearbook_table.csv"
    raw.write_text(raw.read_text(encoding="utf-8") + "2019,48.9,%\n", encoding="utf-8")
    assert cite_html(load_briefing(cited, "lai-chau", "en")) != before


@pytest.mark.parametrize(("field", "value"), [("issued", "12/2018"), ("issued", "2018-13"),
                                              ("retrieved", "yesterday")])
def test_the_registry_refuses_a_malformed_date_naming_entry_and_field(tmp_path, codebook,
                                                                      field, value):
    text = (FIXTURES / "provenance" / "raw" / "sources.yml").read_text(encoding="utf-8")
    text = re.sub(rf"^    {field}: .*$", f'    {field}: "{value}"', text, flags=re.M)
    (tmp_path / "sources.yml").write_text(text, encoding="utf-8")
    (tmp_path / "synthetic_yearbook_table.csv").write_text("year,value,unit\n")
    with pytest.raises(CatalogError) as error:
        load_sources(tmp_path / "sources.yml", codebook)
    assert "synthetic_yearbook" in str(error.value) and field in str(error.value)
