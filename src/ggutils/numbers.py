"""Numbers and years as published: Vietnamese and English number conventions, bound words,
footnote marks, preliminary marks and uncertain or partial years.

The number convention is decided for a whole column (or a group of rows from one
publication), never per cell: every cell's evidence is counted first (`decide`), then the
cells are read under their group's convention (`to_numbers`). Cells are parsed once per
distinct text (`parse_cells`), with pyarrow's compute kernels, so a million-row column costs
a few vectorized passes, not a Python call per cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .coded import arrow_text

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
_COMMA_GRAMMAR = r"[+-]?(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"  # 1.234.567,8
_DOT_GRAMMAR = r"[+-]?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"    # 1,234,567.8

# What a cell's own form proves: nothing (it fits both grammars or neither), or a convention.
NO_EVIDENCE, DOT_EVIDENCE, COMMA_EVIDENCE = 0, 1, 2
_EVIDENCE_CODE = {DOT_DECIMAL: DOT_EVIDENCE, COMMA_DECIMAL: COMMA_EVIDENCE}
_EVIDENCE_NAME = {DOT_EVIDENCE: DOT_DECIMAL, COMMA_EVIDENCE: COMMA_DECIMAL}


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


@dataclass(frozen=True)
class ParsedCells:
    """Cells of a column, parsed, position by position.

    `body` is the numeric text (spaces, %, footnote marks and a leading bound word
    removed); `fits_dot` / `fits_comma` say which convention's grammar it fits: '43,06'
    and '41.415.381' fit only the Vietnamese one, '14,377,682' and '13118.8' only the
    English one, '616.827' and '37' both (no evidence), '12.34.56' neither (not a number).
    """

    text: pa.Array          # string: the cells as given
    body: pa.Array          # string
    fits_dot: np.ndarray    # bool
    fits_comma: np.ndarray  # bool
    qualifier: np.ndarray   # object: 'above', 'nearly', 'about' or ''

    @cached_property
    def valid(self) -> np.ndarray:
        return self.fits_dot | self.fits_comma

    @cached_property
    def evidence(self) -> np.ndarray:
        """NO_EVIDENCE, DOT_EVIDENCE or COMMA_EVIDENCE per cell (int8)."""
        out = np.zeros(len(self.fits_dot), dtype=np.int8)
        out[self.fits_dot & ~self.fits_comma] = DOT_EVIDENCE
        out[self.fits_comma & ~self.fits_dot] = COMMA_EVIDENCE
        return out

    def separated(self, positions: np.ndarray) -> np.ndarray:
        """Whether the bodies at `positions` hold a '.' or ',' (only asked where a group's
        convention is unknown, so it is not computed for every cell)."""
        body = self.body.take(pa.array(positions))
        return pc.or_(pc.match_substring(body, "."), pc.match_substring(body, ",")).to_numpy(
            zero_copy_only=False)

    def text_at(self, i: int) -> str:
        return self.text[int(i)].as_py()

    def reading(self, convention: str, positions: np.ndarray) -> np.ndarray:
        """The cells at `positions` read under `convention` (each must fit its grammar)."""
        every = len(positions) == len(self.body) and bool(
            (positions == np.arange(len(positions))).all())
        body = self.body if every else self.body.take(pa.array(positions))
        thousands, decimal = (",", ".") if convention == DOT_DECIMAL else (".", ",")
        return pc.cast(_plain_decimal(body, thousands, decimal), pa.float64()).to_numpy(
            zero_copy_only=False)


def _worded_bodies(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Body and qualifier of cells that fit no grammar as printed ('trên 65%', '38.7(*)',
    '1 234,5', '−2,7', or no number at all): the rare cells, handled with Python regexes."""
    body = raw
    qualifier = pd.Series("", index=raw.index, dtype=object)
    worded = raw.str.match(r"[^\d+\-\u2212.,]").fillna(False).astype(bool)
    if worded.any():
        words = raw[worded].str.extract(_QUALIFIER_GROUP, flags=re.IGNORECASE)["q"]
        qualifier[worded] = words.str.lower().map(QUALIFIER_WORDS).fillna("")
        body = body.where(~worded, raw[worded].str.replace(
            _QUALIFIER_GROUP, "", regex=True, flags=re.IGNORECASE).str.strip())
    body = body.str.replace(_FOOTNOTE_RE.pattern, "", regex=True)
    body = body.str.replace(_SPACES_RE.pattern, "", regex=True)
    body = body.str.rstrip("%").str.replace("\u2212", "-", regex=False)
    return body, qualifier


def as_text_array(cells: Sequence[object] | pd.Index | pd.Series | pa.Array | pa.ChunkedArray
                  ) -> pa.Array:
    """Cells as one pyarrow string array (missing cells as nulls)."""
    if isinstance(cells, pd.Series):
        return arrow_text(cells)
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    if not isinstance(cells, pa.Array):
        cells = pa.array(np.asarray(cells, dtype=object), type=pa.string(), from_pandas=True)
    return cells if cells.type == pa.string() else cells.cast(pa.string())


_SHAPE = np.arange(256, dtype=np.uint8)
_SHAPE[ord("2"):ord("9") + 1] = ord("1")  # the grammars tell only 0 from 1-9 apart


def utf8_buffers(cells: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The cells' offsets (a new int32 array, from 0) and their UTF-8 bytes (a view of the
    Arrow buffer); missing cells are empty."""
    cells = as_text_array(cells)
    if cells.null_count:
        cells = pc.fill_null(cells, "")
    _, offsets_buffer, data_buffer = cells.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[cells.offset:
                                                            cells.offset + len(cells) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else \
        np.zeros(0, dtype=np.uint8)
    return offsets - offsets[0], data[offsets[0]:offsets[-1]]


_EDGE = np.ones(256, dtype=bool)
_EDGE[0x21:0x7F] = False  # printable ASCII other than space never trims


def trim_cells(cells: pa.Array) -> pa.Array:
    """Cells (no missing ones) without leading or trailing whitespace, as
    pc.utf8_trim_whitespace gives them; the copy is skipped when no cell starts or ends
    with a byte that could begin or end a space (ASCII controls and space, or any
    non-ASCII character), which is nearly every column of printed numbers."""
    offsets, data = utf8_buffers(cells)
    filled = offsets[1:] > offsets[:-1]
    if _EDGE[data[offsets[:-1][filled]]].any() or _EDGE[data[offsets[1:][filled] - 1]].any():
        return pc.utf8_trim_whitespace(cells)
    return cells


def _plain_decimal(body: pa.Array, thousands: str, decimal: str) -> pa.Array:
    """Cells with every `thousands` separator removed and the `decimal` one made '.',
    ready for a float cast. Both are ASCII, and an ASCII byte is never part of another
    UTF-8 character, so this works on the bytes: a few vector operations, not a string
    kernel per separator (a third of the time on a million cells)."""
    offsets, data = utf8_buffers(body)  # offsets: a fresh array, changed in place below
    keep = data != ord(thousands)
    if not keep.all():
        drop = np.flatnonzero(~keep)
        removed = np.bincount(np.searchsorted(offsets, drop, side="right") - 1,
                              minlength=len(offsets))
        np.cumsum(removed, out=removed)  # separators removed up to each cell
        offsets[1:] -= removed[:-1]
        data = data[keep]
    elif decimal != ".":
        data = data.copy()
    if decimal != ".":
        data[data == ord(decimal)] = ord(".")
    return pa.Array.from_buffers(pa.string(), len(body), [
        None, pa.py_buffer(np.ascontiguousarray(offsets, dtype=np.int32)),
        pa.py_buffer(data)])


def _fits(body: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Which cells fit the dot-decimal and the comma-decimal grammar. The regexes run on
    the distinct shapes of the cells ('325.517,2' -> '311.111,1'): a column of a million
    numbers has a few dozen shapes."""
    offsets, data = utf8_buffers(body)
    shapes = pa.Array.from_buffers(pa.string(), len(body), [
        None, pa.py_buffer(offsets), pa.py_buffer(_SHAPE[data])])
    encoded = pc.dictionary_encode(shapes)
    rows = encoded.indices.to_numpy(zero_copy_only=False)

    def fits(grammar: str) -> np.ndarray:
        return pc.match_substring_regex(encoded.dictionary, f"^(?:{grammar})$").to_numpy(
            zero_copy_only=False)[rows]

    return fits(_DOT_GRAMMAR), fits(_COMMA_GRAMMAR)


def parse_cells(cells: Sequence[object] | pd.Index | pd.Series | pa.Array) -> ParsedCells:
    """Parse cells (see ParsedCells). A cell that fits a grammar as printed (nearly every
    cell of a published column) never leaves pyarrow; the others go through
    `_worded_bodies` ('trên 65%', '38.7(*)') and are matched again."""
    text = as_text_array(cells)
    body = trim_cells(pc.fill_null(text, "") if text.null_count else text)

    fits_dot, fits_comma = _fits(body)
    qualifier = np.full(len(text), "", dtype=object)
    other = np.flatnonzero(~(fits_dot | fits_comma))
    if len(other):
        bodies, words = _worded_bodies(pd.Series(body.take(pa.array(other)).to_pylist(),
                                                 dtype=object))
        qualifier[other] = words.to_numpy()
        reworked = pa.array(bodies.tolist(), type=pa.string())
        fits_dot[other], fits_comma[other] = _fits(reworked)
        mask = np.zeros(len(text), dtype=bool)
        mask[other] = True
        body = pc.replace_with_mask(body, pa.array(mask), reworked)
    return ParsedCells(text=text, body=body, fits_dot=fits_dot, fits_comma=fits_comma,
                       qualifier=qualifier)


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


def convention_from_votes(votes: dict[str, int], default: str | None = None) -> ConventionReport:
    """The majority of the cells' evidence decides; a tie or no evidence falls back to
    `default` unless the column mixes both conventions (then it is undecidable)."""
    votes = {c: int(votes.get(c, 0)) for c in CONVENTIONS}
    if votes[DOT_DECIMAL] > votes[COMMA_DECIMAL]:
        return ConventionReport(DOT_DECIMAL, votes)
    if votes[COMMA_DECIMAL] > votes[DOT_DECIMAL]:
        return ConventionReport(COMMA_DECIMAL, votes)
    return ConventionReport(None if votes[DOT_DECIMAL] else default, votes)


def decide(parsed: ParsedCells, codes: np.ndarray, groups: np.ndarray, n_groups: int,
           default: str | None = None) -> list[ConventionReport]:
    """One convention per group. `codes` give each cell's position in `parsed` (a cell
    repeated in a column votes as often as it is printed), `groups` its group."""
    counts = np.bincount(groups.astype(np.int64) * 3 + parsed.evidence[codes],
                         minlength=n_groups * 3).reshape(n_groups, 3)
    return [convention_from_votes({DOT_DECIMAL: row[DOT_EVIDENCE],
                                   COMMA_DECIMAL: row[COMMA_EVIDENCE]}, default)
            for row in counts]


_OK, _NOT_NUMBER, _CLASH, _UNSURE, _OTHER = range(5)


def to_numbers(parsed: ParsedCells, codes: np.ndarray, groups: np.ndarray,
               reports: list[ConventionReport]) -> tuple[np.ndarray, np.ndarray]:
    """Every cell read under its group's convention: numbers (float, NaN where rejected)
    and per cell a reason, or None: not a number, written in the other convention, or
    ambiguous ('616.827') in a group whose convention is unknown."""
    n = len(codes)
    decided = np.array([_EVIDENCE_CODE.get(r.convention, NO_EVIDENCE) for r in reports],
                       dtype=np.int8)[groups] if n else np.zeros(0, dtype=np.int8)
    mixed = np.array([r.mixed for r in reports], dtype=bool)[groups] if n else \
        np.zeros(0, dtype=bool)
    valid, evidence = parsed.valid[codes], parsed.evidence[codes]
    kind = np.where(valid, _OK, _NOT_NUMBER).astype(np.int8)
    undecided = decided == NO_EVIDENCE
    kind[undecided & mixed & valid & (evidence != NO_EVIDENCE)] = _CLASH
    unsure = np.flatnonzero(undecided & valid & (kind == _OK))
    if len(unsure):
        kind[unsure[parsed.separated(codes[unsure])]] = _UNSURE
    kind[~undecided & valid & (evidence != NO_EVIDENCE) & (evidence != decided)] = _OTHER
    values = np.full(n, np.nan)
    for convention, where in ((COMMA_DECIMAL, decided == COMMA_EVIDENCE),
                              (DOT_DECIMAL, decided != COMMA_EVIDENCE)):
        where &= kind == _OK  # undecided groups read only separator-free integers
        if where.any():
            values[where] = parsed.reading(convention, codes[where])
    reasons = np.full(n, None, dtype=object)
    for i in np.flatnonzero(kind != _OK):
        reasons[i] = _reason(kind[i], parsed.text_at(codes[i]), evidence[i],
                             reports[groups[i]])
    return values, reasons


def _reason(kind: int, text: object, evidence: int, report: ConventionReport) -> str:
    if kind == _NOT_NUMBER:
        return f"not a number: {text!r}"
    if kind == _CLASH:
        return (f"the column mixes both conventions ({report.votes[DOT_DECIMAL]} dot-decimal, "
                f"{report.votes[COMMA_DECIMAL]} comma-decimal cells): cannot decide which "
                "this is")
    if kind == _UNSURE:
        return (f"{text!r} is ambiguous (thousands mark or decimal?) and the column's "
                "convention is unknown")
    note = " (the column mixes conventions)" if report.mixed else ""
    return (f"{text!r} is written in the {_EVIDENCE_NAME[evidence]} convention, but its "
            f"column uses {report.convention}{note}")


def detect_convention(cells: Iterable[object], default: str | None = None) -> ConventionReport:
    """Decide a column's convention from all its cells."""
    present = [c for c in cells if not is_missing(c)]
    parsed = parse_cells(present)
    everyone = np.zeros(len(present), dtype=np.int64)
    return decide(parsed, np.arange(len(present)), everyone, 1, default)[0]


def evidence(text: str) -> str | None:
    """The convention a single cell proves, or None when it fits both (or is no number)."""
    return _EVIDENCE_NAME.get(int(parse_cells([text]).evidence[0]))


def parse_number(text: str, convention: str | None) -> ParsedNumber:
    """Parse one published number under a column convention (see to_numbers)."""
    parsed = parse_cells([text])
    own = _EVIDENCE_NAME.get(int(parsed.evidence[0]))
    votes = {c: int(own == c) for c in CONVENTIONS}
    report = ConventionReport(convention or own, votes)  # one cell is its own column
    zero = np.zeros(1, dtype=np.int64)
    values, reasons = to_numbers(parsed, zero, zero, [report])
    if reasons[0] is not None:
        raise NumberFormatError(reasons[0])
    return ParsedNumber(float(values[0]), parsed.qualifier[0])


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
