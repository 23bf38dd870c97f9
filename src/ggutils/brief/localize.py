"""Numbers, units and goals as a page in one language prints them: Vietnamese groups
thousands with '.' and decimals with ',' (63,69), English the other way round (63.69).
Decimals and unit names come from the codebook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ggutils.numbers import COMMA_DECIMAL, DOT_DECIMAL, format_number
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.targets import Target


def number_text(value: float, lang: str, decimals: int) -> str:
    """`value` rounded to `decimals`, with the page language's separators."""
    return format_number(value, COMMA_DECIMAL if lang == "vi" else DOT_DECIMAL, decimals)


def date_text(date: dt.date, lang: str) -> str:
    """A date as a page in `lang` prints every date: 15/01/2021 in Vietnamese (day, month,
    year, as decisions are dated), 2021-01-15 in English (ISO 8601, unambiguous)."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if lang == "vi" else date.isoformat()


def moment_text(moment: dt.datetime, lang: str) -> str:
    """A time of day on a date, in UTC: '10/02/2025 08:00 UTC', '2025-02-10 08:00 UTC'."""
    return f"{date_text(moment.date(), lang)} {moment:%H:%M} UTC"


def _plain(value: float, lang: str) -> str:
    """A target's number as the decision wrote it: no trailing zeros (65, 42,5)."""
    text = f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return text.translate(str.maketrans({",": ".", ".": ","})) if lang == "vi" else text


@dataclass(frozen=True)
class Localizer:
    """Formats values of the codebook's indicators in one language."""

    codebook: Codebook
    lang: str
    msgs: Messages | None = None  # words for 'stable' and change targets (else symbols)

    def number(self, value: float | None, indicator_id: str) -> str:
        if value is None or value != value:
            return "–"
        return number_text(float(value), self.lang, self.codebook[indicator_id].decimals)

    def unit_name(self, unit_id: str) -> str:
        unit = self.codebook.units[unit_id]
        return unit.name_vi if self.lang == "vi" else unit.name_en

    def unit(self, indicator_id: str) -> str:
        return self.unit_name(self.codebook[indicator_id].unit)

    def value(self, value: float | None, indicator_id: str) -> str:
        """A value with its unit: '63,69 %'."""
        return f"{self.number(value, indicator_id)} {self.unit(indicator_id)}"

    def _reaches_bound(self, target: Target) -> bool:
        """A reach of the indicator's own bound ('>= 100' of a share): the number says it."""
        if target.form != "level" or target.indicator not in self.codebook:
            return False
        indicator = self.codebook[target.indicator]
        return ((target.comparator == ">=" and target.value == indicator.upper)
                or (target.comparator == "<=" and target.value == indicator.lower))

    def goal(self, target: Target) -> str:
        """The target as comparator, number(s) and unit: '> 65 %', '100 %' (a reach of the
        indicator's bound, '>= 100'), '42–45 % GDP',
        'stable at 42 %' (for '=', a level to hold), '<= -15 % vs 2014' (the words from the
        message catalogue, when the Localizer has one; without one '=' shows '42 %')."""
        unit = self.unit_name(target.unit)
        if target.comparator == "range":
            numbers = f"{_plain(target.low, self.lang)}–{_plain(target.high, self.lang)} {unit}"
        else:
            numbers = f"{_plain(target.value, self.lang)} {unit}"
        comparator = "" if target.comparator in ("range", "=") or self._reaches_bound(
            target) else target.comparator
        if target.comparator == "=" and self.msgs is not None:  # a level to hold
            text = self.msgs("goal_stable", value=numbers)
        else:
            text = f"{comparator} {numbers}".strip()
        if target.form != "level" and self.msgs is not None:
            text = self.msgs(f"goal_{target.form}", goal=text, base_year=target.base_year)
        return text
