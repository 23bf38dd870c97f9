"""What a reader sees on a page, for the one-language test: the visible text, less
quotations marked with another `lang`, publication titles (<cite>), identifiers (<code>),
and everything inside <style>, <script> and attribute values."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIPPED = {"style", "script", "cite", "code", "title"}
VOID = {"br", "img", "meta", "link", "hr", "input", "col", "source", "wbr"}
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


class _Visible(HTMLParser):
    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[bool] = []  # per open element: is its text hidden?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        other_lang = attrs.get("lang") not in (None, "", self.lang)
        hidden = (bool(self.stack) and self.stack[-1]) or tag in SKIPPED or other_lang
        self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str, lang: str) -> str:
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    parser = _Visible(lang)
    parser.feed(body)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}


def _texts(value) -> list[str]:
    """A message's text, or every form of a text given by count ({count, one, other})."""
    if isinstance(value, dict):
        return [t for key, form in value.items() if key != "count" for t in _texts(form)]
    return [str(value)]


def catalogue_words(table: dict, lang: str) -> set[str]:
    """Every word of the message catalogue in one language."""
    words: set[str] = set()
    for entry in table.values():
        items = entry.values() if isinstance(entry, dict) and lang not in entry else [entry]
        for item in items:
            if isinstance(item, dict) and lang in item:
                for text in _texts(item[lang]):
                    words |= words_of(re.sub(r"\{[^}]*\}", " ", text))
    return words


def foreign_words(html: str, lang: str, table: dict) -> set[str]:
    """Words of the other language's catalogue, not of this one's, seen on the page."""
    other = "en" if lang == "vi" else "vi"
    distinctive = catalogue_words(table, other) - catalogue_words(table, lang)
    return words_of(visible_text(html, lang)) & distinctive


def raw_codes(html: str, lang: str) -> set[str]:
    return set(RAW_CODE.findall(visible_text(html, lang)))
