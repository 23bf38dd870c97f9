"""Stage 3, a plan's charts: for every target with at least one value of its own series (the
values it is judged on), a figure of its caption (the clause and the target's words), the
chart of its series, trend and goal (with the country's series as context on a province's
page) as a PNG whose alternative text gives the values, and a CSV download of exactly the
points the chart draws (ggutils.brief.plots.targets draws). A target without a value gets no
chart: it is listed with the data owed."""

from __future__ import annotations

import base64
import re

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup
from matplotlib.figure import Figure

from ggutils.brief.data import BriefingData
from ggutils.brief.downloads import Download, csv_download
from ggutils.brief.plots.figures import png_bytes
from ggutils.brief.plots.targets import chart_alt_text, chart_points, target_chart
from ggutils.brief.render import render
from ggutils.reference.targets import COUNTRY, Catalog, Target

# The columns of a chart's CSV download, in order
CSV_COLUMNS = ["year", "value", "unit", "status", "source", "source_url", "source_id",
               "entity_id", "indicator", "definition", "series"]


def charted_targets(b: BriefingData, plan: Catalog) -> list[Target]:
    """Judged targets of `plan` with at least one value of the series they are judged on
    (`assess.series.select_series`, as stage 2 selects it)."""
    return [t for t in plan.targets if t.preferred
            and b.series(b.entity_id, t.indicator).n > 0]


def chart_caption_html(b: BriefingData, target: Target) -> str:
    return render("caption.html.j2", clause=b.fmt.clause(target),
                  wording=b.fmt.wording(target))


def context_entity(b: BriefingData) -> str | None:
    """The country's series is context on a province's page, never on its own."""
    return None if b.entity_id == COUNTRY else COUNTRY


def chart(b: BriefingData, plan: Catalog, target: Target) -> Figure:
    return target_chart(b.observations, plan, target, b.codebook, b.msgs, b.settings,
                        context_entity=context_entity(b),
                        context_label=b.msgs("chart_national_context"))


def chart_data(b: BriefingData, plan: Catalog, target: Target) -> pd.DataFrame:
    """The points the target's chart draws (`plots.targets.chart_points`), one row each, with the
    unit and each value's source as the sources list names it (title and address)."""
    points = chart_points(b.observations, plan, target, context_entity(b))
    sources = b.sources.set_index("source_id")
    ids = points["source_id"].astype(str)
    return points.assign(
        unit=b.codebook[target.indicator].unit,
        source=[str(sources["title"].get(i, "")) for i in ids],
        source_url=[str(sources["url"].get(i, "")) for i in ids])[CSV_COLUMNS]


def chart_file_name(b: BriefingData, target: Target) -> str:
    """'<entity>-<target id>.csv'."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{b.entity_id}-{target.id}") + ".csv"


def chart_download(b: BriefingData, plan: Catalog, target: Target) -> Download:
    """The chart's points (`chart_data`) as a CSV file, every text a spreadsheet would
    evaluate marked (ggutils.io)."""
    return csv_download(chart_file_name(b, target), chart_data(b, plan, target))


def chart_alt(b: BriefingData, target: Target) -> str:
    series = b.series(b.entity_id, target.indicator)
    return chart_alt_text(b.codebook[target.indicator].name(b.lang), b.fmt.target_text(target),
                          series, b.fmt, target.indicator, b.msgs)


def chart_html(b: BriefingData, plan: Catalog, target: Target) -> str:
    """One target's figure: caption, chart (its alternative text giving the values) and the
    download of the chart's points."""
    data = chart_data(b, plan, target)
    download = csv_download(chart_file_name(b, target), data)
    return render("chart.html.j2", id=target.id,
                  caption=Markup(chart_caption_html(b, target)),
                  png=base64.b64encode(png_bytes(chart(b, plan, target))).decode("ascii"),
                  alt=chart_alt(b, target),
                  csv={"href": download.data_uri, "name": download.name,
                       "label": b.msgs("chart_download"),
                       "note": b.msgs("chart_download_note", n=len(data))})


def chart_outputs(b: BriefingData, plan: Catalog) -> list:
    """A heading and one figure per target of `plan` with data (none without)."""
    figures = [chart_html(b, plan, target) for target in charted_targets(b, plan)]
    if not figures:
        return []
    return [HTML('<div class="gg-charts">'
                 + render("heading.html.j2", level=3, text=b.msgs("charts"))
                 + "".join(figures) + "</div>")]
