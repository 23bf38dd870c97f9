"""Stage 3, rendering: the Jinja environment every page is rendered with (autoescaped: text
from data never becomes markup), the escaping of the few fragments built outside templates,
and link safety (which addresses may become anchors). Every section, the index and the
comparison pages render through `render`; page HTML and CSS live in templates/."""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=1)
def environment():
    """Jinja with autoescape on: text from data never becomes markup."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["identifiers"] = identifiers
    return env


IDENTIFIER = re.compile(r"\b[\w.-]+(?:/[\w.-]+)+"                        # a path
                        r"|\b[A-Za-z]+(?:_[A-Za-z0-9]+)+(?:\.[a-z]+)?\b"  # a column name
                        r"|\b[\w-]+\.(?:csv|md|yml)\b")                  # a file name


def identifiers(text: object) -> Markup:
    """Escaped text with dataset column names and file names ('energy_per_gdp',
    'README.md') set as code: identifiers, not words of either language."""
    escaped = str(escape("" if text is None else str(text)))
    return Markup(IDENTIFIER.sub(lambda m: f"<code>{m.group(0)}</code>", escaped))


def render(template: str, **context) -> str:
    """templates/pages/<template> rendered with `context`."""
    return environment().get_template(f"pages/{template}").render(**context)


def esc(value: object) -> str:
    """HTML-escape any value, quotes too (for the few fragments built outside templates)."""
    return str(escape("" if value is None else str(value)))


def is_safe_link(url: str, depth: int = 1) -> bool:
    """Only http(s) addresses and relative paths that stay inside the reports folder become
    anchors; never javascript:, data:, file: or any other scheme.

    Refused as well, because a browser resolves them to another scheme or host (on a page
    opened from disk, to file://, and on Windows to a network share that is sent the user's
    credentials): any backslash (`\\\\host\\share`, `/\\host/p`, which browsers read as
    `//host/p`), a control character or line break (browsers drop them, so they can hide a
    scheme), a path from the root (`/etc/passwd`) or from another host (`//host/p`), and a
    relative path climbing more than `depth` folders (the page's depth inside the reports:
    1 for reports/<lang>/<page>.html), percent-encoded dots included.
    """
    from urllib.parse import unquote, urlsplit

    from ggutils.text import control_character

    text, plain = url.strip(), unquote(url)
    if not text or "\\" in plain or control_character(plain) or "\t" in plain \
            or "\n" in plain:
        return False
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    if scheme or text.startswith("/"):
        return False
    path = unquote(parts.path)
    if not path:
        return True  # '#part' or '?query' of the page itself
    folders = posixpath.normpath(path).split("/")
    return not path.startswith("/") and folders.count("..") <= depth


def link_context(url: object, text: object, depth: int = 1) -> dict:
    """A link for a template: `href` only for a safe address (is_safe_link, for a page
    `depth` folders inside the reports), else the text alone."""
    url = "" if url is None else str(url)
    return {"href": url if url and is_safe_link(url, depth) else "", "text": "" if text is None
            else str(text)}


def host_of(url: object) -> str:
    """The host of an address ('vietnamplus.vn'), the short text a source link shows."""
    from urllib.parse import urlsplit

    text = "" if url is None else str(url)
    return urlsplit(text).netloc.removeprefix("www.") or text


def link(url: object, text: object) -> str:
    """An escaped anchor for a safe address, else the escaped text alone."""
    return render("link.html.j2", l=link_context(url, text))
