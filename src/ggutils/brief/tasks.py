"""Stage 3, a plan's tasks: what the decision assigns, to whom (lead and partners), and by
when, each text in the page's language or quoted in the decision's; collapsed on screen
(a count of tasks opens it) and left off paper, where a line says where it is (each agency's
count of tasks is in the agencies section)."""

from __future__ import annotations

from ggutils.brief.data import BriefingData
from ggutils.brief.render import render
from ggutils.reference.targets import Catalog

COLUMNS = ("col_task", "col_lead", "col_partners", "col_deadline")


def tasks_html(b: BriefingData, plan: Catalog) -> str:
    if not plan.tasks:
        return ""
    text = b.fmt.quote_or_text
    rows = [[text(t.task_vi, t.task_en), text(t.lead, t.lead_en),
             text(t.partners, t.partners_en), text(t.deadline_text, t.deadline_en)]
            for t in plan.tasks]
    return render("tasks.html.j2", heading=b.msgs("tasks"), tasks=rows,
                  summary=b.msgs("tasks_summary", n=len(rows)),
                  print_note=b.msgs("tasks_print_note", n=len(rows),
                                    heading=b.msgs("tasks")),
                  columns=[b.msgs(k) for k in COLUMNS])
