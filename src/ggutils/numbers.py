"""Numbers and years as published: Vietnamese and English number conventions, bound words,
footnote marks, preliminary marks and uncertain or partial years.

The number convention is decided for a whole column (or a group of rows from one
publication), never per cell: `detect_convention` reads every cell's evidence first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
_FOOTNOTE_RE = re.compile(r"\(\*+\)|\*+$|\(\d\)$")
_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009]+")
_COMMA_GRAMMAR = r"[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?"  # 1.234.567,8
_DOT_GRAMMAR = r"[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?"    # 1,234,567.8


class NumberFormatError(ValueError):
    """A cell that is not a number under the column's convention."""


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    qualifier: str = ""


_QUALIFIER_GROUP = (r"^(?P<q>" + "|".join(re.escape(w) for w in sorted(
    QUALIFIER_WORDS, key=len, reverse=True)) + r")\s+")


def is_missing(text: object) -> bool:
    """True for an empty cell or a 'no value' mark ('-', '..', '…')."""
    return text is None or (isinstance(text, float) and text != text) or \
        str(text).strip() in MISSING_TOKENS


def vec_parse(values: pd.Series) -> pd.DataFrame:
    """Every cell of a column at once: its numeric body (spaces, %, footnote marks and a
    leading bound word removed), the qualifier, whether it is a number at all, and the
    convention its own form proves (None when it fits both, e.g. '616.827')."""
    raw = values.fillna("").astype(str).str.strip()
    body = raw
    qualifier = pd.Series("", index=values.index, dtype=object)
    worded = raw.str.match(r"[^\d+\-\u2212.,]")  # only these can carry a bound word
    if worded.any():
        words = raw[worded].str.extract(_QUALIFIER_GROUP, flags=re.IGNORECASE)["q"]
        qualifier[worded] = words.str.lower().map(QUALIFIER_WORDS).fillna("")
        body = body.where(~worded, raw[worded].str.replace(
            _QUALIFIER_GROUP, "", regex=True, flags=re.IGNORECASE).str.strip())
    for needed, pattern in ((r"[(*]", _FOOTNOTE_RE.pattern), (r"\s", _SPACES_RE.pattern)):
        hit = body.str.contains(needed, regex=True)
        if hit.any():
            body = body.where(~hit, body[hit].str.replace(pattern, "", regex=True))
    body = body.str.rstrip("%")
    if body.str.contains("\u2212", regex=False).any():
        body = body.str.replace("\u2212", "-", regex=False)
    # A cell proves a convention when it fits that convention's grammar and not the
    # other's: '43,06' and '41.415.381' are Vietnamese, '14,377,682' and '13118.8' English,
    # '616.827' and '37' fit both (no evidence), '12.34.56' fits neither (not a number).
    comma = body.str.fullmatch(_COMMA_GRAMMAR).fillna(False).astype(bool)
    dot = body.str.fullmatch(_DOT_GRAMMAR).fillna(False).astype(bool)
    valid = comma | dot
    evidence = np.select([comma & ~dot, dot & ~comma], [COMMA_DECIMAL, DOT_DECIMAL],
                         default=None)
    return pd.DataFrame({"text": values, "body": body, "valid": valid,
                         "evidence": pd.Series(evidence, index=values.index, dtype=object),
                         "has_sep": body.str.contains(r"[.,]", regex=True).fillna(False),
                         "qualifier": qualifier},
                        index=values.index)


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


def convention_from_votes(evidence: pd.Series, default: str | None = None) -> ConventionReport:
    """The majority of the cells' evidence decides; a tie or no evidence falls back to
    `default` unless the column mixes both conventions (then it is undecidable)."""
    counts = evidence.value_counts()
    votes = {c: int(counts.get(c, 0)) for c in CONVENTIONS}
    if votes[DOT_DECIMAL] > votes[COMMA_DECIMAL]:
        return ConventionReport(DOT_DECIMAL, votes)
    if votes[COMMA_DECIMAL] > votes[DOT_DECIMAL]:
        return ConventionReport(COMMA_DECIMAL, votes)
    return ConventionReport(None if votes[DOT_DECIMAL] else default, votes)


def detect_convention(cells: Iterable[object], default: str | None = None) -> ConventionReport:
    """Decide a column's convention from all its cells."""
    series = pd.Series([c for c in cells if not is_missing(c)], dtype=object)
    return convention_from_votes(vec_parse(series)["evidence"], default)


def apply_convention(parsed: pd.DataFrame, report: ConventionReport) -> tuple[pd.Series,
                                                                               pd.Series]:
    """Numbers under the column's convention, and a reason for every cell that is not one
    (not a number, written in the other convention, or ambiguous with no convention)."""
    conv = report.convention
    reasons = pd.Series(None, index=parsed.index, dtype=object)
    not_number = ~parsed["valid"]
    reasons[not_number] = [f"not a number: {t!r}" for t in parsed.loc[not_number, "text"]]
    if conv is None:
        if report.mixed:
            clash = parsed["valid"] & parsed["evidence"].notna()
            reasons[clash] = (f"the column mixes both conventions ({report.votes[DOT_DECIMAL]}"
                              f" dot-decimal, {report.votes[COMMA_DECIMAL]} comma-decimal "
                              "cells): cannot decide which this is")
        unsure = parsed["valid"] & parsed["has_sep"] & reasons.isna()
        reasons[unsure] = [f"{t!r} is ambiguous (thousands mark or decimal?) and the column's "
                           "convention is unknown" for t in parsed.loc[unsure, "text"]]
        conv = DOT_DECIMAL  # only separator-free integers are left to parse
    else:
        other = parsed["valid"] & parsed["evidence"].notna() & (parsed["evidence"] != conv)
        note = " (the column mixes conventions)" if report.mixed else ""
        reasons[other] = [f"{t!r} is written in the {e} convention, but its column uses "
                          f"{conv}{note}" for t, e in zip(parsed.loc[other, "text"],
                                                          parsed.loc[other, "evidence"],
                                                          strict=True)]
    thousands, decimal = (",", ".") if conv == DOT_DECIMAL else (".", ",")
    normal = parsed["body"].str.replace(thousands, "", regex=False).str.replace(
        decimal, ".", regex=False)
    numbers = pd.to_numeric(normal.where(reasons.isna()), errors="coerce")
    return numbers, reasons


def evidence(text: str) -> str | None:
    """The convention a single cell proves, or None when it fits both (or is no number)."""
    return vec_parse(pd.Series([text], dtype=object))["evidence"].iloc[0]


def parse_number(text: str, convention: str | None) -> ParsedNumber:
    """Parse one published number under a column convention (see apply_convention)."""
    parsed = vec_parse(pd.Series([text], dtype=object))
    own = parsed["evidence"].iloc[0]
    votes = {c: int(own == c) for c in CONVENTIONS}
    report = ConventionReport(convention or own, votes)  # one cell is its own column
    numbers, reasons = apply_convention(parsed, report)
    if pd.notna(reasons.iloc[0]):
        raise NumberFormatError(reasons.iloc[0])
    return ParsedNumber(float(numbers.iloc[0]), parsed["qualifier"].iloc[0])


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
