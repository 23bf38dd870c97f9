"""Stage 3, what the entity's plans still lack: the data owed (`owed_html`: one table for the
whole entity of every target without a value, grouped by the agency asked, each row citing
the request workbook's rows; `owed_summary_html`: one line per agency for page one), the
indicators the plans only monitor (`monitored_html`), and the targets transcribed automatically
and still to be reviewed (`drafts_html`: listed, never judged).

The agency asked and the workbook's rows come from ggutils.requests (gap_addressees,
request_rows, layout.sheet_rows), the functions the workbook itself is written with, so the
page and the workbook agree row for row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from ggutils.brief.compare import latest_by_entity
from ggutils.brief.data import BriefingData
from ggutils.brief.render import link_context, render
from ggutils.observations import read_observations
from ggutils.paths import request_workbook_name
from ggutils.reference.addressees import Addressee, addressee
from ggutils.reference.catalogs import Reference
from ggutils.reference.targets import Catalog, Monitored, Target
from ggutils.requests.gaps import Gap, basis_text, find_gaps, gap_addressees, request_rows
from ggutils.requests.layout import sheet_rows


def responsible_text(b: BriefingData, plan: Catalog, entry: Target | Monitored) -> str:
    """The agencies the decision names for `entry`, with their roles; where it names none,
    the agency asked (reference.addressees.addressee) and on what basis."""
    m = b.msgs
    if not entry.responsible:
        asked = addressee(plan, entry)
        return (f"{m('responsible')}: {b.agency(asked.agency)['text']} "
                f"({basis_text(m, plan, asked)})")
    names = "; ".join(f"{b.agency(r.agency)['text']} ({m('role_' + r.role)})"
                      for r in entry.responsible)
    return f"{m('responsible')}: {names}"


def gap_lines(b: BriefingData, target: Target) -> list[str]:
    """Why the target has no data (the catalog's words), and the entity's latest value of
    each context series."""
    lines = []
    reason = b.fmt.gap_reason(target)
    if reason:
        lines.append(reason)
    for indicator in target.context:
        latest = latest_by_entity(b.observations, indicator)
        latest = latest[latest["entity_id"] == b.entity_id]
        if not latest.empty:
            r = latest.iloc[0]
            lines.append(f"{b.msgs('context_series')}: {b.codebook[indicator].name(b.lang)} "
                         f"{b.fmt.value(r['value'], indicator)} ({int(r['year'])})")
    return lines


# --- What the workbook asks, as the page cites it ------------------------------------------

@dataclass(frozen=True)
class Asked:
    """One indicator the request workbook asks for: whom, why, the years, its sheet rows."""

    gap: Gap
    addressees: tuple[tuple[Catalog, Addressee], ...]
    rows: tuple[int, int]        # the first and last row of the request sheet


def _workbook_observations(b: BriefingData) -> pd.DataFrame:
    """The observations the workbook is made from: all of them (an as-of page is judged on
    those published by then, but its workbook link is today's)."""
    if b.as_of_run and b.layout.observations.is_file():
        return read_observations(b.layout.observations)
    return b.observations


def asked_by_indicator(b: BriefingData) -> dict[str, Asked]:
    """What the entity's request workbook asks, by indicator: computed as
    ggutils.requests.write.build_request computes it (find_gaps, request_rows and
    layout.sheet_rows on the same catalogs and observations)."""
    ref = Reference(b.codebook, b.register, {p.plan_id: p for p in b.plans})
    obs = _workbook_observations(b)
    gaps = find_gaps(ref, obs, b.entity_id)
    rows = request_rows(ref, obs, b.sources, b.entity_id, b.msgs, gaps, b.agencies)
    spans = sheet_rows(list(rows["indicator_id"]))
    return {g.indicator: Asked(g, gap_addressees(g), spans[g.indicator]) for g in gaps}


def _span_text(spans: list[tuple[int, int]]) -> str:
    """'4–19' or '4–19, 40–55': consecutive spans merged."""
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return ", ".join(f"{a}–{z}" if a != z else str(a) for a, z in merged)


def owed_groups(b: BriefingData) -> list[dict]:
    """Every judged target of every plan without an observed value, grouped by the agency
    the workbook asks (the workbook's order); each row with its short label, plan, deadline,
    the data and years needed and the workbook's rows. A group whose agency is not named for
    its targets says once on what basis it is asked."""
    fmt, m = b.fmt, b.msgs
    asked = asked_by_indicator(b)
    groups: dict[tuple[str, ...], dict] = {}
    for plan in b.plans:
        for target in (t for t in plan.targets if t.preferred and not b.has_value(t)):
            ask = asked.get(target.indicator)
            whom = ask.addressees if ask else ((plan, addressee(plan, target)),)
            group = groups.setdefault(tuple(a.agency for _, a in whom), {
                "agencies": [b.agency(a.agency) for _, a in whom], "rows": [], "spans": [],
                "bases": []})
            group["bases"] += [basis_text(m, c, a) for c, a in whom
                               if a.basis != "named for the target"]
            indicator = b.codebook[target.indicator]
            years = ask.gap.years if ask else ()
            group["rows"].append({
                "id": target.id,
                "target": f"{indicator.name(b.lang)}: {fmt.goal(target)}",
                "plan": m("owed_plan", plan=fmt.document(plan.decision),
                          year=target.target_year),
                "needed": m("owed_needed", first=years[0], last=years[-1]) if years else "",
                "row": f"{ask.rows[0]}–{ask.rows[1]}" if ask else m("owed_row_none"),
                "why": gap_lines(b, target)})
            if ask:
                group["spans"].append(ask.rows)
    ordered = sorted(groups.values(), key=lambda g: min(g["spans"], default=(10**9,)))
    for group in ordered:
        group["basis"] = m("owed_group_basis", basis="; ".join(dict.fromkeys(
            group["bases"]))) if group["bases"] else ""
        group["span"] = _span_text(group["spans"])
    return ordered


def _workbook_link(b: BriefingData) -> dict:
    workbook = b.link_to(b.layout.request_workbook(b.entity_id, b.lang))
    return link_context(workbook, request_workbook_name(b.entity_id, b.lang), depth=b.depth)


def owed_html(b: BriefingData) -> str:
    """The body's "Data owed" section (id="owed"): one table of the targets without a value,
    grouped by the agency asked, the workbook's link, and the indicators the plans monitor
    without a numeric target."""
    m = b.msgs
    monitored = Markup("".join(monitored_html(b, plan) for plan in b.plans))
    sheet = m("req_sheet_requests")
    return render("owed.html.j2", heading=m("owed"), intro=m("owed_intro", sheet=sheet),
                  none=m("owed_none"),
                  groups=owed_groups(b), request=_workbook_link(b),
                  request_text=m("owed_workbook"), send_back=m("gaps_send_back"),
                  columns={k: m(f"owed_col_{k}") for k in ("target", "plan", "needed", "row")},
                  why=m("owed_why"), monitored=monitored)


def owed_summary_html(b: BriefingData) -> str:
    """Page one's "Data owed": one line per agency asked (how many targets lack data, the
    workbook's rows), and the workbook's link."""
    m = b.msgs
    lines = [{"agencies": group["agencies"],
              "text": m("owed_summary_line" if group["span"] else "owed_summary_line_no_rows",
                        n=len(group["rows"]), rows=group["span"])}
             for group in owed_groups(b)]
    return render("owed_summary.html.j2", heading=m("owed_summary_heading"), lines=lines,
                  none=m("owed_summary_none"), more=m("owed_summary_more"),
                  request=_workbook_link(b), request_text=m("owed_workbook"))


# --- The indicators the plans only monitor, and the drafts ----------------------------------

def monitored_html(b: BriefingData, plan: Catalog) -> str:
    """The indicators `plan` monitors without a numeric target, each with the agency asked
    ('' where it monitors none)."""
    if not plan.monitoring:
        return ""
    fmt, m = b.fmt, b.msgs
    monitored = [{"clause": fmt.clause(x), "wording": fmt.quote_or_text(x.wording_vi, x.label_en),
                  "responsible": responsible_text(b, plan, x)} for x in plan.monitoring]
    return render("monitored.html.j2", plan_id=plan.plan_id, plan=b.plan_name(plan),
                  monitored=monitored, monitored_heading=m("monitored"))


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
               "wording": b.fmt.quote_or_text(t.wording_vi, t.wording_en),
               "goal": _draft_goal(b, t),
               "year": t.target_year if t.target_year is not None else m("draft_no_year"),
               "indicator": (b.codebook[t.indicator].name(b.lang) if t.indicator
                             else m("draft_no_indicator"))}
              for t in plan.drafts]
    return render("drafts.html.j2", plan_id=plan.plan_id, heading=m("drafts"),
                  intro=m("drafts_intro"), label=m("draft_label"), drafts=drafts)
