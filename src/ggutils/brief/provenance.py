"""Stage 3, where a briefing's numbers come from and how they were judged: the sources list
(every source the page uses, numbered as the status table cites them, with its file and
rows, and each plan's decision), the downloads (the data behind the page, embedded), and
the methodology note."""

from __future__ import annotations

from ggutils.brief.data import BriefingData
from ggutils.brief.downloads import Download, briefing_downloads
from ggutils.brief.render import host_of, link_context, render
from ggutils.reference.targets import targets_frame

DOWNLOAD_LABELS = ("download_observations", "download_trajectories", "download_workbook")


def sources_context(b: BriefingData) -> dict:
    m = b.msgs
    used = b.used_observations()
    sources = []
    for r in b.listed_sources().itertuples():
        rows = used[used["source_id"] == r.source_id]
        where = [{"file": f"data/raw/{file}",
                  "rows": f"{m('rows')} {', '.join(str(int(x)) for x in sorted(g))}"}
                 for file, g in rows.groupby("source_file")["source_row"]]
        sources.append({"id": r.source_id, "title": b.fmt.source_title(r),
                        "link": link_context(r.url, host_of(r.url)),
                        "tier": m(f"tier_{int(r.tier)}"), "where": where})
    decisions = []
    for plan in b.plans:
        d = plan.decision
        where = f"data/raw/decisions/{d.source}" if d.source else f"data/raw/{d.source_table}"
        links = [{**link_context(t.source_url, t.id),
                  "row": f"{m('row')} {t.source_row}" if t.source_row else ""}
                 for t in plan.targets if t.source_url]
        decisions.append({"text": b.fmt.document(d), "where": where, "links": links})
    return {"heading": m("sources"), "sources": sources, "decisions_heading": m("decisions"),
            "decisions": decisions}


def sources_html(b: BriefingData) -> str:
    """Every source the page uses, numbered, with its file and rows (the provenance the
    table's short citations point to), and each plan's decision or source table."""
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


def methodology_html(b: BriefingData) -> str:
    text = b.msgs("methodology_text", on_track=b.settings.on_track_ratio,
                  acceleration=b.settings.acceleration_ratio)
    return render("method.html.j2", heading=b.msgs("methodology"), text=text)
