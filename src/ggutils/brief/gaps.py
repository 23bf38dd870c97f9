"""Stage 3, what a plan still lacks: its data gaps (each judged target without a value, who
is responsible for it, any context series, and the data-request workbook to fill it), the
indicators it only monitors, and its targets transcribed automatically and still to be
reviewed (listed, never judged)."""

from __future__ import annotations

from ggutils.brief.compare import latest_by_entity
from ggutils.brief.data import BriefingData
from ggutils.brief.render import link_context, render
from ggutils.project import request_workbook_name
from ggutils.reference.targets import Catalog, Target


def responsible_text(b: BriefingData, responsible) -> str:
    m = b.msgs
    if not responsible:
        return f"{m('responsible')}: {m('responsible_none')}"
    names = "; ".join(f"{b.agency(r.agency)['text']} ({m('role_' + r.role)})"
                      for r in responsible)
    return f"{m('responsible')}: {names}"


def gap_lines(b: BriefingData, target: Target) -> list[str]:
    """Why the target has no data, and the entity's latest value of each context series."""
    lines = []
    reason = b.fmt.gap_reason(target)
    if reason:
        lines.append(f"{b.msgs('gap_reason')}: {reason}")
    for indicator in target.context:
        latest = latest_by_entity(b.observations, indicator)
        latest = latest[latest["entity_id"] == b.entity_id]
        if not latest.empty:
            r = latest.iloc[0]
            lines.append(f"{b.msgs('context_series')}: {b.codebook[indicator].name(b.lang)} "
                         f"{b.fmt.value(r['value'], indicator)} ({int(r['year'])})")
    return lines


def gaps_context(b: BriefingData, plan: Catalog) -> dict:
    fmt, m = b.fmt, b.msgs
    missing = [t for t in plan.targets if t.preferred and b.row(t)["n_points"] == 0]
    gaps = [{"clause": fmt.clause(t), "wording": fmt.wording(t),
             "responsible": responsible_text(b, t.responsible), "lines": gap_lines(b, t)}
            for t in missing]
    monitored = [{"clause": fmt.clause(x), "wording": fmt.quote_or_text(x.wording_vi, x.label_en),
                  "responsible": responsible_text(b, x.responsible)} for x in plan.monitoring]
    workbook = b.link_to(b.layout.request_workbook(b.entity_id, b.lang))
    return {"plan_id": plan.plan_id, "heading": m("gaps"), "intro": m("gaps_intro"),
            "gaps": gaps, "none": m("gaps_none"), "request_text": m("gaps_request"),
            "send_back": m("gaps_send_back"),
            "request": link_context(workbook, request_workbook_name(b.entity_id, b.lang),
                                    depth=b.depth),
            "monitored": monitored, "monitored_heading": m("monitored")}


def gaps_html(b: BriefingData, plan: Catalog) -> str:
    return render("gaps.html.j2", **gaps_context(b, plan))


def _draft_goal(b: BriefingData, target: Target) -> str:
    if target.comparator is None:
        return b.msgs("draft_unread")
    if target.unit in b.codebook.units and (target.form == "level"
                                            or target.base_year is not None):
        return b.fmt.goal(target)
    return target.describe()   # a unit or base year the reviewer has still to give


def drafts_html(b: BriefingData, plan: Catalog) -> str:
    """The plan's targets transcribed automatically (`draft: true`): listed, labelled
    "to be reviewed", never judged (no verdict, no chart)."""
    if not plan.drafts:
        return ""
    m = b.msgs
    drafts = [{"clause": b.fmt.clause(t),   # the decision's words: no translation yet
               "wording": b.fmt.quote_or_text(t.wording_vi or t.wording_en),
               "goal": _draft_goal(b, t),
               "year": t.target_year if t.target_year is not None else m("draft_no_year"),
               "indicator": (b.codebook[t.indicator].name(b.lang) if t.indicator
                             else m("draft_no_indicator"))}
              for t in plan.drafts]
    return render("drafts.html.j2", plan_id=plan.plan_id, heading=m("drafts"),
                  intro=m("drafts_intro"), label=m("draft_label"), drafts=drafts)
