"""The names other stages import from brief/, kept where they were before the split of
issue 23 (pipeline.batch: export_html, write_index, write_comparisons; assess.explore:
host_of, latest_by_entity, link). Inside brief/, import from the rooms: render (Jinja, escaping,
link safety), export (HTML export, print margins), index, compare."""

from ggutils.brief.compare import (
           comparable_indicators,
           comparison_html,
           latest_by_entity,
           write_comparisons,
)
from ggutils.brief.export import css_string, export_html, print_margins
from ggutils.brief.index import index_page, write_index
from ggutils.brief.render import esc, host_of, is_safe_link, link, link_context, render

__all__ = ["comparable_indicators", "comparison_html", "css_string", "esc", "export_html",
           "host_of", "index_page", "is_safe_link", "latest_by_entity", "link", "link_context",
           "print_margins", "render", "write_comparisons", "write_index"]
