"""Characters no text of the project may carry: control characters.

A control character (C0 but tab and newline, DEL, C1) or a lone surrogate in a title, an
area name or a printed value is invisible on a page, breaks a spreadsheet writer (openpyxl
refuses it, naming no file or row) and can reorder or hide what a reader sees. These are
the Unicode categories Cc and Cs, a property of the character set rather than a word list
of a publication, so they are defined here, once, for the cleaning stage (which quarantines
a raw cell holding one, naming the file, row and field) and for the catalogs and the
registry (where one is an error naming the file, entry and field).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ALLOWED = frozenset("\t\n")  # a tab or a line break inside a cell is ordinary text
# C0 but tab (09) and newline (0A), DEL and C1 (7F-9F), surrogates (D800-DFFF).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def control_character(text: str) -> str | None:
    """The first control character or lone surrogate in `text`, named as U+XXXX
    ('U+000C (form feed)'), or None when there is none."""
    found = CONTROL.search(text) if isinstance(text, str) else None
    if found is None:
        return None
    char = found.group()
    return f"U+{ord(char):04X}{_NAMES.get(char, '')} at character {found.start() + 1}"


_NAMES = {"\x00": " (NUL)", "\x07": " (bell)", "\x08": " (backspace)",
          "\x0b": " (vertical tab)", "\x0c": " (form feed)", "\r": " (carriage return)",
          "\x1b": " (escape)", "\x7f": " (delete)", "\x85": " (next line)"}


def control_reason(text: str) -> str | None:
    """A quarantine reason for a cell holding a control character, or None."""
    found = control_character(text)
    if found is None:
        return None
    return (f"control character {found}: not text a page or a spreadsheet can show; "
            "remove it from the cell")


def text_fields(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text in a parsed YAML value with its dotted path ('measures.0.match')."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(key, where)  # a key is text too
            yield from text_fields(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from text_fields(item, f"{where}.{i}" if where else str(i))


def first_control(value: object) -> tuple[str, str] | None:
    """(field path, description) of the first control character in a parsed YAML value."""
    for where, text in text_fields(value):
        found = control_character(text)
        if found is not None:
            return where or "-", found
    return None
