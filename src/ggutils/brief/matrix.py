"""Stage 3, page one's verdict matrix: every target of every plan (the green-growth plan
first), one line each: what it asks (the indicator, the goal and its year) and its verdict as
an icon and a word (trajectories.csv `verdict`, the summary the headline counts)."""

from __future__ import annotations

from ggutils.brief.data import BriefingData
from ggutils.brief.render import render


def matrix_context(b: BriefingData) -> dict:
    m = b.msgs
    plans = []
    for plan in b.plans:
        rows = []
        for target in (t for t in plan.targets if t.preferred):
            row = b.row(target)
            rows.append({"id": target.id,
                         "indicator": b.codebook[target.indicator].name(b.lang),
                         "goal": b.fmt.goal(target), "year": target.target_year,
                         "verdict": b.verdict(str(row["verdict"])),
                         "has_value": b.has_value(target)})
        plans.append({"plan_id": plan.plan_id, "name": b.plan_name(plan),
                      "kind": m("plan_kind_" + plan.decision.kind), "rows": rows})
    return {"heading": m("matrix"), "intro": m("matrix_intro"), "plans": plans}


def matrix_html(b: BriefingData) -> str:
    """Each target of each plan with its verdict: page one's overview."""
    return render("matrix.html.j2", **matrix_context(b))
