"""Reference dates as printed -> a year and a status.

'2008(*)' -> (2008, final); 'Sơ bộ - Prel.2022' -> (2022, preliminary); '2016 (inferred)'
-> (2016, year_uncertain); '2016-2020' -> (2020, period_average); '31/12/2009' and 'hết năm
2016' -> final; '9 tháng 2024' -> partial_year; '2023 (ước tính)' -> estimate. The status
words come from the cleaning rules (`status_words`, place `year`).

A value whose source states no reference year is dated from its publication month when the
registry gives one (`infer_years`; docs/methodology.md, "Dating values"): Nhân Dân's Kon Tum
forest cover of November 2022 measures 2021, the last year whose forest status was out then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ggutils.assess.evaluation import inferred_reference_year
from ggutils.clean.rules import CleaningRules
from ggutils.reference.indicators import Codebook

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


def publication_months(registry, publications: list[dict]) -> dict[str, tuple[int, int]]:
    """Source id -> the month its publication came out, where the registry's
    `publication_dates` give one (`publications`: the sources table rows, with source_id,
    source_file and url)."""
    by_file = {s.file: s for s in registry.sources}
    months = {}
    for row in publications:
        source = by_file.get(row["source_file"])
        month = source.published_month(row["url"]) if source is not None else None
        if month is not None:
            months[row["source_id"]] = month
    return months


def infer_years(observations: pd.DataFrame, months: dict[str, tuple[int, int]],
                codebook: Codebook, rules: CleaningRules) -> pd.DataFrame:
    """Date the values whose source does not state their reference year (a status of the
    rules' `years.infer_from_publication.when_status`) from the month their publication came
    out: the last year whose official figure is usually published by then
    (`evaluation.inferred_reference_year`, the indicator's publication lag). Such a value
    gets the rule's status and keeps the year it was printed with in `year_as_printed`
    (blank for every other value); its value is not touched. A value without a publication
    month or a lag is left as it is."""
    obs = observations.copy()
    obs["year_as_printed"] = pd.array([pd.NA] * len(obs), dtype="Int64")
    rule = rules.years.infer_from_publication
    if rule is None or obs.empty:
        return obs
    lags = {i: codebook[i].publication_lag_months for i in pd.unique(obs["indicator"])
            if i in codebook}
    month = obs["source_id"].astype(object).map(months)
    lag = obs["indicator"].astype(object).map(lags)
    dated = obs["status"].astype(object).isin(rule.when_status) & month.notna() & lag.notna()
    if not dated.any():
        return obs
    obs["year_as_printed"] = obs["year_as_printed"].mask(dated, obs["year"])
    obs.loc[dated, "year"] = [inferred_reference_year(m, int(g))
                              for m, g in zip(month[dated], lag[dated], strict=True)]
    status = obs["status"].astype(object).mask(dated, rule.status)
    obs["status"] = status.astype("category") if isinstance(
        observations["status"].dtype, pd.CategoricalDtype) else status
    return obs
