"""Printed numbers: the two conventions, the number grammar, bound words and marks.

A column's convention is decided for the whole column (or for one publication's rows of
it), never per cell: every cell votes with what its own form proves ('43,06' and
'41.415.381' can only be Vietnamese, '14,377,682' and '13118.8' only English, '616.827'
and '37' prove nothing), the majority decides, `number_format` in sources.yml breaks a tie.
Then every cell is read under its group's convention. Work that depends only on the text
is done once per distinct text (`per_distinct_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ggutils.clean.rules import CleaningRules
from ggutils.numbers import COMMA_DECIMAL, CONVENTIONS, DOT_DECIMAL

# Unsigned grammars (the sign is a negative form of the rules): 1.234.567,8 and 1,234,567.8
GRAMMARS = {
    COMMA_DECIMAL: r"\+?(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?",
    DOT_DECIMAL: r"\+?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?",
}
SEPARATORS = {COMMA_DECIMAL: (".", ","), DOT_DECIMAL: (",", ".")}  # (thousands, decimal)
_SPACES = r"[\s\u00a0\u202f\u2009]+"


class NumberFormatError(ValueError):
    """A cell that is not a number under the column's convention."""


@dataclass(frozen=True)
class ConventionReport:
    """A group's convention (None when undecidable) and the cells' votes for each."""

    convention: str | None
    votes: dict[str, int]

    @property
    def ambiguous(self) -> bool:
        return self.convention is None

    @property
    def mixed(self) -> bool:
        return all(self.votes.get(c, 0) > 0 for c in CONVENTIONS)

    @property
    def label(self) -> str:
        return self.convention or ("mixed" if self.mixed else "ambiguous")


def convention_from_votes(votes: dict[str, int], default: str | None = None) -> ConventionReport:
    """The majority of the cells' evidence decides; a tie or no evidence falls back to
    `default` unless the column mixes both conventions (then it is undecidable)."""
    votes = {c: int(votes.get(c, 0)) for c in CONVENTIONS}
    if votes[DOT_DECIMAL] != votes[COMMA_DECIMAL]:
        return ConventionReport(max(CONVENTIONS, key=votes.get), votes)
    return ConventionReport(None if votes[DOT_DECIMAL] else default, votes)


def per_distinct_text(cells: pd.Series, compute) -> pd.DataFrame:
    """`compute` (a function of a Series of distinct texts returning a DataFrame with one
    row per text) run once per distinct cell, its rows then spread to every cell. A column
    of a million printed numbers repeats many; names, years and units repeat nearly all."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    table = compute(pd.Series(uniques, dtype="str").fillna(""))
    return table.take(codes).set_index(cells.index)


def parse_texts(texts: pd.Series, rules: CleaningRules) -> pd.DataFrame:
    """Distinct cell texts -> columns body (the number left once bound word, footnote,
    spaces, trailing marks and negative form are removed), qualifier, negative, and for
    each convention whether the body fits its grammar and the number it reads as. Nearly
    every printed number fits a grammar as it is; only the others are stripped."""
    as_printed = texts.str.fullmatch("|".join(GRAMMARS.values()))
    parts = pd.DataFrame({"body": texts, "qualifier": "", "negative": False})
    if not as_printed.all():
        parts[~as_printed] = strip_marks(texts[~as_printed], rules)
    body, negative = parts["body"], parts["negative"].astype(bool)
    for convention, grammar in GRAMMARS.items():
        fits = body.str.fullmatch(grammar).fillna(False).astype(bool)
        thousands, decimal = SEPARATORS[convention]
        plain = body.where(fits, "0").str.replace(thousands, "", regex=False)
        value = plain.str.replace(decimal, ".", regex=False).astype(float)
        parts[f"fits_{convention}"] = fits
        parts[f"as_{convention}"] = value.where(fits).where(~negative, -value)
    return parts


def strip_marks(texts: pd.Series, rules: CleaningRules) -> pd.DataFrame:
    """'trên 65%' -> body '65', qualifier 'above'; '38.7(*)' -> '38.7'; '−2,7' -> '2,7',
    negative; '1 234,5' -> '1234,5' (the marks and words of the cleaning rules)."""
    words = sorted(rules.numbers.bound_words, key=len, reverse=True)
    prefix = r"(?i)^(" + "|".join(re.escape(w) for w in words) + r")\s+"
    qualifier = texts.str.extract(prefix)[0].str.lower().map(rules.numbers.bound_words)
    body = texts.str.replace(prefix, "", regex=True)
    for mark in rules.numbers.footnote_marks:
        body = body.str.replace(mark, "", regex=True)
    body = body.str.replace(_SPACES, "", regex=True)
    for mark in rules.numbers.trailing_marks:
        body = body.str.removesuffix(mark)
    negative = pd.Series(False, index=texts.index)
    for form in rules.numbers.negative_forms:
        wrapped = ~negative & body.str.startswith(form.before) & body.str.endswith(form.after) \
            & (body.str.len() > len(form.before) + len(form.after))
        inner = body.str.slice(len(form.before), -len(form.after) or None)
        body = body.where(~wrapped, inner)
        negative |= wrapped
    return pd.DataFrame({"body": body, "qualifier": qualifier.fillna(""),
                         "negative": negative})


def evidence_of(cells: pd.DataFrame) -> pd.Series:
    """What each parsed cell proves: a convention, or '' (fits both, or neither)."""
    dot, comma = cells[f"fits_{DOT_DECIMAL}"], cells[f"fits_{COMMA_DECIMAL}"]
    return pd.Series(np.select([dot & ~comma, comma & ~dot], [DOT_DECIMAL, COMMA_DECIMAL], ""),
                     index=cells.index)


def decide_conventions(evidence: pd.Series, groups: pd.Series, default: str | None
                       ) -> dict[object, ConventionReport]:
    """One convention per group from its cells' votes (a cell printed twice votes twice)."""
    votes = pd.crosstab(groups, evidence)
    return {group: convention_from_votes(row.to_dict(), default)
            for group, row in votes.iterrows()}


def read_numbers(cells: pd.Series, groups: pd.Series, rules: CleaningRules,
                 default: str | None = None) -> tuple[pd.DataFrame, dict]:
    """Cells (stripped text, no missing marks) read under their group's convention:
    columns value (NaN where rejected), qualifier and reason (NaN where accepted); and
    the ConventionReport of every group."""
    parsed = per_distinct_text(cells, lambda texts: parse_texts(texts, rules))
    evidence = evidence_of(parsed)
    reports = decide_conventions(evidence, groups, default)
    return numbers_under(cells, parsed, evidence, groups, reports), reports


def numbers_under(cells: pd.Series, parsed: pd.DataFrame, evidence: pd.Series,
                  groups: pd.Series, reports: dict[object, ConventionReport]) -> pd.DataFrame:
    """Parsed cells read under their group's convention (see read_numbers)."""
    decided = groups.map({g: r.convention or "" for g, r in reports.items()}).astype(str)
    mixed = groups.map({g: r.mixed for g, r in reports.items()}).astype(bool)
    valid = parsed[f"fits_{DOT_DECIMAL}"] | parsed[f"fits_{COMMA_DECIMAL}"]
    separated = parsed["body"].str.contains(r"[.,]", regex=True)
    value = parsed[f"as_{DOT_DECIMAL}"].where(decided != COMMA_DECIMAL,
                                              parsed[f"as_{COMMA_DECIMAL}"])
    undecided = decided == ""
    problems = [  # the first that applies is the reason
        (~valid, "not_number"),
        (undecided & mixed & (evidence != ""), "clash"),
        (undecided & separated, "unsure"),
        (~undecided & (evidence != "") & (evidence != decided), "other"),
        (np.isinf(value), "infinite"),
        ((value == 0) & np.signbit(value), "negative_zero"),
    ]
    kind = pd.Series(np.select([m.to_numpy() for m, _ in problems], [k for _, k in problems],
                               ""), index=cells.index)
    bad = kind != ""
    reasons = pd.Series(np.nan, index=cells.index, dtype=object)
    for i in np.flatnonzero(bad.to_numpy()):
        report = reports[groups.iloc[i]]
        reasons.iloc[i] = _reason(kind.iloc[i], cells.iloc[i], evidence.iloc[i], report)
    return pd.DataFrame({"value": value.where(~bad), "qualifier": parsed["qualifier"],
                         "reason": reasons})


def _reason(kind: str, text: str, evidence: str, report: ConventionReport) -> str:
    if kind == "not_number":
        return f"not a number: {text!r}"
    if kind == "clash":
        return (f"the column mixes both conventions ({report.votes[DOT_DECIMAL]} dot-decimal, "
                f"{report.votes[COMMA_DECIMAL]} comma-decimal cells): cannot decide which "
                "this is")
    if kind == "unsure":
        return (f"{text!r} is ambiguous (thousands mark or decimal?) and the column's "
                "convention is unknown")
    if kind == "infinite":
        return f"not a finite number: {text!r} is too large to hold"
    if kind == "negative_zero":
        return f"negative zero {text!r}: a sign with no value"
    note = " (the column mixes conventions)" if report.mixed else ""
    return (f"{text!r} is written in the {evidence} convention, but its column uses "
            f"{report.convention}{note}")


def detect_convention(cells: list[str], rules: CleaningRules,
                      default: str | None = None) -> ConventionReport:
    """Decide a column's convention from all its cells (missing marks left out)."""
    present = pd.Series([c.strip() for c in cells if c is not None], dtype="str")
    present = present[~present.isin(rules.missing_marks)]
    evidence = evidence_of(parse_texts(present, rules))
    return decide_conventions(evidence, pd.Series(0, index=present.index), default).get(
        0, convention_from_votes({}, default))


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    qualifier: str = ""


def parse_number(text: str, convention: str | None, rules: CleaningRules) -> ParsedNumber:
    """One published number under a column convention (None: the cell is its own column)."""
    cells = pd.Series([text.strip()], dtype="str")
    parsed = parse_texts(cells, rules)
    evidence = evidence_of(parsed)
    own = {c: int(evidence.iloc[0] == c) for c in CONVENTIONS}
    report = ConventionReport(convention or evidence.iloc[0] or None, own)
    table = numbers_under(cells, parsed, evidence, pd.Series([0]), {0: report})
    if pd.notna(table["reason"].iloc[0]):
        raise NumberFormatError(table["reason"].iloc[0])
    return ParsedNumber(float(table["value"].iloc[0]), table["qualifier"].iloc[0])

