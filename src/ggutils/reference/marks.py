"""How each verdict is marked on pages (data/reference/verdict_marks.yml): its colour, the
colour of its text on that colour and an icon, so that no verdict is told from another by
colour alone (issue 24).

The loader refuses an unknown key, a colour that is not #RRGGBB, an icon that is not one
character, a text colour with too little contrast, a code given twice, a code the judgement
does not give and a code it gives without a mark; every error names the file, the entry and
the field."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import field_validator

from ggutils.errors import CatalogError
from ggutils.reference.validation import (
    Strict,
    Verbatim,
    check_unique,
    read_yaml,
    require_list,
    validate_entry,
)

HEX = re.compile(r"#[0-9A-Fa-f]{6}")
MIN_CONTRAST = 4.5  # WCAG 2 AA for text
MARKS_FILE = "verdict_marks.yml"  # in data/reference/


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two #RRGGBB colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class VerdictMark(Verbatim):
    """One verdict's colour, text colour and icon."""

    code: str
    colour: str
    ink: str
    icon: str

    @field_validator("colour", "ink")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not HEX.fullmatch(value):
            raise ValueError(f"{value!r} is not a colour #RRGGBB")
        return value.upper()

    @field_validator("icon")
    @classmethod
    def _one_character(cls, value: str) -> str:
        if len(value) != 1 or value.isspace():
            raise ValueError(f"{value!r}: give one visible character")
        return value

    @property
    def slug(self) -> str:
        """The code as a CSS class name part: 'met-unconfirmed'."""
        return re.sub(r"[^a-z0-9]+", "-", self.code.lower()).strip("-")


@dataclass(frozen=True)
class VerdictMarks:
    """Every verdict's mark, by code."""

    marks: dict[str, VerdictMark]
    path: Path

    def __getitem__(self, code: str) -> VerdictMark:
        if code not in self.marks:
            raise CatalogError(self.path, code, "code", "no mark for this verdict")
        return self.marks[code]

    def __iter__(self):
        return iter(self.marks.values())

    def __len__(self) -> int:
        return len(self.marks)


class _File(Strict):
    marks: list = []


def load_verdict_marks(path: Path, codes: Iterable[str]) -> VerdictMarks:
    """The marks of `path`, one for each of `codes` (the verdicts the judgement gives) and
    for no other."""
    path = Path(path)
    data = read_yaml(path)
    validate_entry(_File, data, path, "-")  # top-level keys: `marks` only
    marks = [validate_entry(VerdictMark, raw, path,
                            str(raw.get("code", f"#{i + 1}")) if isinstance(raw, dict)
                            else f"#{i + 1}")
             for i, raw in enumerate(require_list(data, "marks", path))]
    check_unique([m.code for m in marks], path, "marks")
    wanted = list(codes)
    for mark in marks:
        if mark.code not in wanted:
            raise CatalogError(path, mark.code, "code", "not a verdict the judgement gives "
                               f"(ggutils.assess.verdicts: {', '.join(sorted(wanted))})")
        if contrast_ratio(mark.colour, mark.ink) < MIN_CONTRAST:
            raise CatalogError(path, mark.code, "ink", f"contrast with {mark.colour} is "
                               f"{contrast_ratio(mark.colour, mark.ink):.1f}:1, below "
                               f"{MIN_CONTRAST}:1")
    missing = [c for c in wanted if c not in {m.code for m in marks}]
    if missing:
        raise CatalogError(path, missing[0], "code", "this verdict has no mark")
    return VerdictMarks({m.code: m for m in marks}, path)


@functools.lru_cache(maxsize=8)
def _cached(path: str, stamp: tuple[int, int], codes: tuple[str, ...]) -> VerdictMarks:
    return load_verdict_marks(Path(path), codes)


def verdict_marks(path: Path, codes: Iterable[str]) -> VerdictMarks:
    """`load_verdict_marks`, read once per file version (pages ask for a mark per badge)."""
    path = Path(path)
    stat = path.stat() if path.is_file() else None
    stamp = (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
    return _cached(str(path), stamp, tuple(codes))
