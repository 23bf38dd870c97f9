"""Stage 3, a plan's charts: for every judged target with data, a caption (the clause and
the target's words) and the chart of its series, trend and goal, with the country's series
as context on a province's page, embedded as a PNG whose alternative text gives the values
(ggutils.brief.plots draws)."""

from __future__ import annotations

from IPython.display import HTML
from matplotlib.figure import Figure

from ggutils.assess.series import select_series
from ggutils.brief.data import BriefingData
from ggutils.brief.plots import as_image, chart_alt_text, target_chart
from ggutils.brief.render import render
from ggutils.reference.targets import COUNTRY, Catalog, Target


def charted_targets(b: BriefingData, plan: Catalog) -> list[Target]:
    """Judged targets of `plan` with at least one observation of their indicator."""
    obs = b.observations
    have = set(obs[obs["entity_id"] == b.entity_id]["indicator"])
    return [t for t in plan.targets if t.preferred and t.indicator in have]


def chart_caption_html(b: BriefingData, target: Target) -> str:
    return render("caption.html.j2", clause=b.fmt.clause(target),
                  wording=b.fmt.wording(target))


def chart(b: BriefingData, plan: Catalog, target: Target) -> Figure:
    context = None if b.entity_id == COUNTRY else COUNTRY
    return target_chart(b.observations, plan, target, b.codebook, b.msgs, b.settings,
                        context_entity=context, context_label=b.msgs("chart_national_context"))


def chart_outputs(b: BriefingData, plan: Catalog) -> list:
    """A caption and an embedded PNG, with alternative text giving the chart's title and
    the values it shows, for every target of `plan` that has data."""
    outputs: list = []
    for target in charted_targets(b, plan):
        series = select_series(b.observations, b.entity_id, target.indicator)
        alt = chart_alt_text(b.codebook[target.indicator].name(b.lang),
                             b.fmt.target_text(target), series, b.fmt, target.indicator,
                             b.msgs)
        outputs += [HTML(chart_caption_html(b, target)), as_image(chart(b, plan, target), alt=alt)]
    if outputs:
        outputs.insert(0, HTML(render("heading.html.j2", level=3, text=b.msgs("charts"))))
    return outputs
