"""Stage 3, export: an executed notebook 03 as one self-contained HTML page (nbconvert with
templates/briefing/), with the title and the printed pages' margins (header and footer)
read from the metadata the briefing's header output carries."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ggutils.brief.render import TEMPLATES
from ggutils.io import skip_slow_optional_imports, write_text_atomic


def css_string(text: str) -> str:
    """`text` as a CSS string literal (for @page margin boxes)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>' or ord(c) < 32 else c
                         for c in text) + '"'


@functools.lru_cache(maxsize=1)
def _exporter():
    """One configured HTMLExporter per process (nbconvert is imported only here: the
    kernel that runs notebook 03 never needs it, and it is slow to import)."""
    skip_slow_optional_imports()
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="briefing", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    remover = TagRemovePreprocessor(remove_cell_tags={"remove_cell"}, enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    return exporter


def export_html(notebook_path: Path, html_path: Path, lang: str = "vi") -> Path:
    """Executed notebook -> self-contained HTML: inputs and prompts hidden, images embedded,
    no script or style fetched from the network (see templates/briefing). The <title> and
    the printed pages' margins come from the `ggutils` metadata the briefing's header output
    carries (`print_margins`)."""
    skip_slow_optional_imports()
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    margins = print_margins(nb)
    resources = {"language_code": lang, "metadata": {"name": margins.title},
                 "gg_print_header": css_string(margins.title),
                 "gg_print_footer": css_string(margins.footer)}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return write_text_atomic(html_path, body)


@dataclass(frozen=True)
class PrintMargins:
    """What a printed page shows above and below its content (and the page's <title>)."""

    title: str
    footer: str


def print_margins(nb) -> PrintMargins:
    """The title and footer of an executed briefing, from its first HTML output that carries
    `ggutils` metadata (IPython files a display's metadata under its media type): 'Green-
    growth briefing: Kon Tum', and its plans with the date. A plain title otherwise."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            marks = output.get("metadata", {}).get("text/html", {}).get("ggutils")
            if marks:
                return PrintMargins(str(marks.get("title", "")), str(marks.get("footer", "")))
    return PrintMargins("ggutils", "")
