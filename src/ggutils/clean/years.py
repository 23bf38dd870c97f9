"""Reference dates as printed -> a year and a status.

'2008(*)' -> (2008, final); 'Sơ bộ - Prel.2022' -> (2022, preliminary); '2016 (inferred)'
-> (2016, year_uncertain); '2016-2020' -> (2020, period_average); '31/12/2009' and 'hết năm
2016' -> final; '9 tháng 2024' -> partial_year; '2023 (ước tính)' -> estimate. The status
words come from the cleaning rules (`status_words`, place `year`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import CleaningRules

PERIOD_AVERAGE = "period_average"
_PERIOD = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*[-–]\s*((?:19|20)[0-9]{2})\s*$")
_REMARK = re.compile(r"\([^)]*\)")
_YEAR = re.compile(r"(?<!\w)((?:19|20)[0-9]{2})(?!\w)")  # a year stands alone: not '2015e0'


class YearFormatError(ValueError):
    """A reference date with no usable year."""


@dataclass(frozen=True)
class Year:
    year: int
    status: str


def parse_year(text: object, rules: CleaningRules) -> Year:
    """A clean year and a status from a printed reference date; YearFormatError when it
    holds no year, several, digits other than 0-9, or a period that runs backwards."""
    raw = "" if text is None else str(text).strip()
    if any(c.isdigit() and not c.isascii() for c in raw):
        raise YearFormatError(f"digits other than 0-9 in reference date {raw!r}")
    if match := _PERIOD.match(raw):
        start, end = int(match.group(1)), int(match.group(2))
        if start > end:
            raise YearFormatError(f"period {raw!r} runs backwards")
        return Year(end, PERIOD_AVERAGE)
    years = set(_YEAR.findall(_REMARK.sub(" ", raw)))  # '2018 (implied by 2019 ...)'
    if len(years) != 1:
        reason = "no four-digit year" if not years else "several years"
        raise YearFormatError(f"{reason} in reference date {raw!r}")
    return Year(int(years.pop()), rules.status_in("year", raw) or "final")
