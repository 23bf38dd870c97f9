"""The drafter's step 0 (ggutils.reference.draft): the decision's number and date, as its
heading prints them (`decision_heading` of the drafting rules), for the catalog's `decision:`
block."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ggutils.reference.draft.phrases import nfc
from ggutils.reference.draft.rules import DraftingRules


@dataclass(frozen=True)
class DecisionHeading:
    """The number and date a decision's heading prints ("Số: 1498/QĐ-UBND", "ngày 30 tháng 11
    năm 2012"), with the lines they were read on; None where the heading prints none."""

    number: str | None = None
    date: dt.date | None = None
    number_line: int | None = None
    date_line: int | None = None


def read_decision_heading(text: str, rules: DraftingRules) -> DecisionHeading:
    """The first number form of `decision_heading` in the heading's lines (those before the
    first line starting with one of `ends_at`, at most `max_lines`), and the first date form
    at or after its line (a citation's date before it, "Luật ... ngày 26 tháng 11 năm 2003",
    stands under "Căn cứ", past the heading). A date that is not a calendar day is not read."""
    lines = nfc(text).splitlines()[:rules.decision_heading.max_lines]
    number = number_line = None
    for at, raw in enumerate(lines, start=1):
        line = raw.strip()
        if rules.decision_heading.end_pattern.match(line):
            break
        if number is None:
            found = [m for p in rules.decision_heading.number_patterns if (m := p.search(line))]
            if found:
                first = min(found, key=lambda m: m.start())
                number, number_line = first.group("number"), at
                line = line[first.end():]
            else:
                continue
        for pattern in rules.decision_heading.date_patterns:
            if match := pattern.search(line):
                try:
                    day = dt.date(int(match.group("year")), int(match.group("month")),
                                  int(match.group("day")))
                except ValueError:
                    continue
                return DecisionHeading(number, day, number_line, at)
    return DecisionHeading(number, None, number_line, None)
