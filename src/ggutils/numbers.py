"""Numbers and years as published: Vietnamese and English number conventions, bound words,
footnote marks, preliminary marks and uncertain or partial years.

The number convention is decided for a whole column (or a group of rows from one
publication), never per cell: `detect_convention` reads every cell's evidence first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DOT_DECIMAL = "dot_decimal"      # 14,377,682.5  (English)
COMMA_DECIMAL = "comma_decimal"  # 14.377.682,5  (Vietnamese)
CONVENTIONS = (DOT_DECIMAL, COMMA_DECIMAL)

MISSING_TOKENS = {"", "-", "–", "—", "..", "...", "…", "x", "X"}
NOT_SEEN_TOKEN = "[NOT SEEN]"

# Bound words -> qualifier. Longest first so 'more than' wins over 'more'.
QUALIFIER_WORDS = {
    "trên": "above", "hơn": "above", "over": "above", "more than": "above",
    "gần": "nearly", "nearly": "nearly", "almost": "nearly",
    "khoảng": "about", "about": "about", "approximately": "about", "approx.": "about",
}
_QUALIFIER_RE = re.compile(
    r"^(" + "|".join(re.escape(w) for w in sorted(QUALIFIER_WORDS, key=len, reverse=True))
    + r")\s+", re.IGNORECASE)
_FOOTNOTE_RE = re.compile(r"\(\*+\)|\*+$|\(\d\)$")
_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER_RE = re.compile(r"^[+-]?\d[\d.,]*$")


class NumberFormatError(ValueError):
    """A cell that is not a number under the column's convention."""


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    qualifier: str = ""


def _strip(text: str) -> tuple[str, str]:
    """Remove spaces, percent signs, footnote marks and a leading bound word."""
    raw = str(text).strip()
    qualifier = ""
    if match := _QUALIFIER_RE.match(raw):
        qualifier = QUALIFIER_WORDS[match.group(1).lower()]
        raw = raw[match.end():]
    raw = _FOOTNOTE_RE.sub("", raw.strip())
    raw = _SPACES_RE.sub("", raw).rstrip("%")
    return raw.replace("\u2212", "-"), qualifier


def is_missing(text: object) -> bool:
    """True for an empty cell or a 'no value' mark ('-', '..', '…')."""
    return text is None or (isinstance(text, float) and text != text) or \
        str(text).strip() in MISSING_TOKENS


def evidence(text: str) -> str | None:
    """The convention a single cell proves, or None when it fits both (or is no number)."""
    body, _ = _strip(text)
    if not _NUMBER_RE.match(body):
        return None
    digits = body.lstrip("+-")
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        return COMMA_DECIMAL if digits.rfind(",") > digits.rfind(".") else DOT_DECIMAL
    sep, count = (".", dots) if dots else (",", commas)
    if count == 0:
        return None
    if count > 1:  # repeated separator can only be a thousands mark
        return COMMA_DECIMAL if sep == "." else DOT_DECIMAL
    decimals = len(digits) - digits.rfind(sep) - 1
    if decimals == 3 and digits.index(sep) <= 3 and not digits.startswith("0"):
        return None  # '616.827' could be either
    return DOT_DECIMAL if sep == "." else COMMA_DECIMAL


@dataclass(frozen=True)
class ConventionReport:
    convention: str | None
    votes: dict[str, int]

    @property
    def ambiguous(self) -> bool:
        return self.convention is None

    @property
    def mixed(self) -> bool:
        return all(self.votes.get(c, 0) > 0 for c in CONVENTIONS)


def detect_convention(cells: Iterable[object], default: str | None = None) -> ConventionReport:
    """Decide a column's convention from all its cells; the majority wins, a tie or no
    evidence falls back to `default` (None = ambiguous)."""
    votes = {c: 0 for c in CONVENTIONS}
    for cell in cells:
        if is_missing(cell):
            continue
        if (ev := evidence(str(cell))) is not None:
            votes[ev] += 1
    if votes[DOT_DECIMAL] > votes[COMMA_DECIMAL]:
        return ConventionReport(DOT_DECIMAL, votes)
    if votes[COMMA_DECIMAL] > votes[DOT_DECIMAL]:
        return ConventionReport(COMMA_DECIMAL, votes)
    return ConventionReport(default, votes)


def parse_number(text: str, convention: str | None) -> ParsedNumber:
    """Parse a published number under a column convention.

    Raises NumberFormatError when the cell is not a number, or when its own form contradicts
    the convention (a '1,234.5' in a Vietnamese column), or when the convention is unknown and
    the cell needs one.
    """
    body, qualifier = _strip(text)
    if not _NUMBER_RE.match(body):
        raise NumberFormatError(f"not a number: {text!r}")
    own = evidence(body)
    if own is not None and convention is not None and own != convention:
        raise NumberFormatError(f"{text!r} is written in the {own} convention, "
                                f"but its column uses {convention}")
    conv = convention or own
    if conv is None:
        if "." in body or "," in body:
            raise NumberFormatError(f"{text!r} is ambiguous (thousands mark or decimal?) and "
                                    "the column's convention is unknown")
        return ParsedNumber(float(body), qualifier)
    thousands, decimal = (",", ".") if conv == DOT_DECIMAL else (".", ",")
    normal = body.replace(thousands, "").replace(decimal, ".")
    try:
        return ParsedNumber(float(normal), qualifier)
    except ValueError as exc:
        raise NumberFormatError(f"not a number: {text!r}") from exc


def format_number(value: float, convention: str, decimals: int) -> str:
    """Print a number in a convention (used by tests and by Vietnamese briefings)."""
    text = f"{value:,.{decimals}f}"
    if convention == COMMA_DECIMAL:
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


# --- Years -------------------------------------------------------------------------------

FINAL, PRELIMINARY, ESTIMATE = "final", "preliminary", "estimate"
PARTIAL_YEAR, PERIOD_AVERAGE, YEAR_UNCERTAIN = "partial_year", "period_average", "year_uncertain"
STATUSES = (FINAL, PRELIMINARY, ESTIMATE, PARTIAL_YEAR, PERIOD_AVERAGE, YEAR_UNCERTAIN)

_PERIOD = re.compile(r"^\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\s*$")
_PRELIM = re.compile(r"sơ bộ|prel", re.IGNORECASE)
_UNCERTAIN = re.compile(r"inferred|implied|uncertain|\?", re.IGNORECASE)
_PARTIAL = re.compile(r"\d+\s*tháng|first \d+ months|\d+\s*months", re.IGNORECASE)
_PARENS = re.compile(r"\([^)]*\)")
_FULL_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


class YearFormatError(ValueError):
    """A reference date with no usable year."""


def parse_year(text: object) -> tuple[int, str]:
    """A clean year and a status from a printed reference date.

    '2008(*)' -> (2008, final); 'Sơ bộ - Prel.2022' -> (2022, preliminary);
    '2016 (inferred)' -> (2016, year_uncertain); '2016-2020' -> (2020, period_average);
    '31/12/2009' and 'hết năm 2016' -> final; '9 tháng 2024' -> partial_year.
    'n.d.', '19' or text with no four-digit year raise YearFormatError.
    """
    raw = "" if text is None else str(text).strip()
    if match := _PERIOD.match(raw):
        start, end = int(match.group(1)), int(match.group(2))
        if start > end:
            raise YearFormatError(f"period {raw!r} runs backwards")
        return end, PERIOD_AVERAGE
    outside = _PARENS.sub(" ", raw)  # '2018 (implied by 2019 ...)': the remark names no year
    years = set(_FULL_YEAR.findall(outside))
    if len(years) != 1:
        reason = "no four-digit year" if not years else "several years"
        raise YearFormatError(f"{reason} in reference date {raw!r}")
    year = int(years.pop())
    if _PRELIM.search(raw):
        return year, PRELIMINARY
    if _PARTIAL.search(raw):
        return year, PARTIAL_YEAR
    if _UNCERTAIN.search(raw):
        return year, YEAR_UNCERTAIN
    return year, FINAL
