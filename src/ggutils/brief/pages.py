"""The names other stages import from brief/, where they were before issue 23 split this
module (pipeline: export_html, write_index, write_comparisons; assess.explore: host_of,
latest_by_entity, link). Inside brief/, import from the rooms: render (Jinja, escaping, link
safety), export (HTML export, print margins), index, compare."""

from ggutils.brief.compare import latest_by_entity, write_comparisons
from ggutils.brief.export import export_html
from ggutils.brief.index import write_index
from ggutils.brief.render import host_of, link

__all__ = ["export_html", "host_of", "latest_by_entity", "link", "write_comparisons",
           "write_index"]
