"""Stage 3, where a briefing's numbers come from and how they were judged: the sources list
(every source the page uses, numbered as the status table cites them, as a reader cites it:
publication, publisher, table, date, link and tier; and each plan's decision, by number and
date, with what its targets were read from), the downloads (the data behind the page,
embedded; they, and the notebooks, keep the provenance to the file and row), the
methodology note and the line to cite the briefing by."""

from __future__ import annotations

from ggutils import __version__
from ggutils.brief.data import BriefingData
from ggutils.brief.downloads import Download, briefing_downloads
from ggutils.brief.header import briefing_title, input_hash
from ggutils.brief.render import host_of, link_context, render
from ggutils.reference.sources import Source, load_sources
from ggutils.reference.targets import Catalog
from ggutils.reference.targets_table import targets_frame

DOWNLOAD_LABELS = ("download_observations", "download_trajectories", "download_workbook")


def registry_by_file(b: BriefingData) -> dict[str, Source]:
    """The source registry's entries (data/raw/sources.yml), by the file each reads."""
    return {s.file: s for s in load_sources(b.layout.registry, b.codebook).sources}


def source_entry(b: BriefingData, row, registered: Source | None) -> dict:
    """One source as a reader cites it. A file that is one publication (its sources.csv row
    carries the registry's own title) is cited by the registry's readable fields:
    publication, publisher, table, issued, retrieved; a row of a compiled file by its
    title as printed. A text in the other language is marked with its `lang`."""
    fmt, m = b.fmt, b.msgs
    entry = {"id": row.source_id, "publisher": None, "table": None, "table_label": "",
             "issued": "", "retrieved": "", "link": link_context(row.url, host_of(row.url)),
             "tier": m(f"tier_{int(row.tier)}")}
    if registered is None or row.title != registered.title:
        return {**entry, "title": fmt.published_parts(str(row.title))}
    s = registered
    if not (s.publication_vi or s.publication_en):
        return {**entry, "title": [fmt.quote_or_text(s.title_vi, s.title)]}
    return {**entry, "title": [fmt.quote_or_text(s.publication_vi, s.publication_en)],
            "publisher": fmt.published_text(s.publisher) if s.publisher else None,
            "table": fmt.published_text(s.table) if s.table else None,
            "table_label": m("source_table"),
            "issued": m("source_issued", date=fmt.issued(s.issued)) if s.issued else "",
            "retrieved": m("source_retrieved", date=fmt.date(s.retrieved))
            if s.retrieved else ""}


def decision_entry(b: BriefingData, plan: Catalog) -> dict:
    """A plan's decision by number, date, issuer and title, and what its targets were read
    from: the decision's text, or (its text not available) the publications whose
    addresses its targets name, by host."""
    fmt, d = b.fmt, plan.decision
    hosts: dict[str, str] = {}
    for t in plan.targets:
        if t.source_url and host_of(t.source_url) not in hosts.values():
            hosts[t.source_url] = host_of(t.source_url)
    return {"number": fmt.document(d), "of_date": b.msgs("of_date" if d.date else "of_year"),
            "when": fmt.date(d.date) if d.date else str(d.adopted_year),
            "issuer": fmt.quote_or_text(d.issuer, d.issuer_en),
            "title": fmt.quote_or_text(d.title_vi, d.title_en),
            "read": b.msgs("decision_text_read") if d.source
            else b.msgs("decision_text_missing") if hosts else "",
            "links": [] if d.source else [link_context(u, h) for u, h in hosts.items()]}


def sources_context(b: BriefingData) -> dict:
    registry = registry_by_file(b)
    sources = [source_entry(b, r, registry.get(r.source_file))
               for r in b.listed_sources().itertuples()]
    return {"heading": b.msgs("sources"), "sources": sources,
            "decisions_heading": b.msgs("decisions"),
            "decisions": [decision_entry(b, plan) for plan in b.plans]}


def sources_html(b: BriefingData) -> str:
    """Every source the page uses, numbered (the table's short citations point here), as a
    reader cites it, and each plan's decision: no repository path or internal id."""
    return render("sources.html.j2", **sources_context(b))


def downloads(b: BriefingData) -> list[Download]:
    """The observations this briefing used (the entity's, and the country's for the same
    indicators, shown as context), its trajectory rows, and everything as one XLSX."""
    targets = targets_frame({p.plan_id: p for p in b.plans})
    return briefing_downloads(b.entity_id, b.used_observations(), b.trajectories, targets,
                              b.listed_sources())


def downloads_html(b: BriefingData) -> str:
    """Links that open the data behind the page, embedded: no request when it opens."""
    return render("downloads.html.j2", heading=b.msgs("downloads"), downloads=[
        {"href": d.data_uri, "name": d.name, "label": b.msgs(label)}
        for d, label in zip(downloads(b), DOWNLOAD_LABELS, strict=True)])


def cite_context(b: BriefingData) -> dict:
    """The briefing's title (with its entity), the date it was evaluated on, the ggutils
    version and the input hash (as the header gives them), and where the page lies in the
    reports."""
    page = b.page.relative_to(b.layout.reports).as_posix()
    text = b.msgs("cite_text", title=briefing_title(b.msgs, b.register, b.entity_id),
                  version=__version__, date=b.evaluated_on() or str(b.as_of),
                  input=input_hash(b.layout.data))
    return {"heading": b.msgs("cite_heading"), "text": text, "page": f"reports/{page}"}


def cite_html(b: BriefingData) -> str:
    """'Cite this briefing: Green-growth briefing: Kon Tum. ggutils 0.1.0, data of
    2026-12-07 (input 263c517395eb). reports/en/kon-tum.html', in the page's language."""
    return render("cite.html.j2", **cite_context(b))


def methodology_html(b: BriefingData) -> str:
    """How targets are judged, then the line to cite the briefing by (the page's end)."""
    text = b.msgs("methodology_text", on_track=b.settings.on_track_ratio,
                  acceleration=b.settings.acceleration_ratio)
    return render("method.html.j2", heading=b.msgs("methodology"), text=text) + cite_html(b)
