"""The evaluation date: the day a briefing, a trajectory table or a request workbook is made
(SOURCE_DATE_EPOCH when it is set, so two runs give the same bytes), or 31 December of the
year an as-of run names. A target whose deadline year has ended by then is past due, whatever
the last year with data (docs/methodology.md §1, §5); a value of a year is counted on only
once it is usually published (the indicator's `publication_lag_months`; docs/methodology.md,
"Dating values").

Months are (year, month) pairs throughout: `expected_publication(2026, 3)` is (2027, 3), the
end of March 2027.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from ggutils.errors import UsageError

Month = tuple[int, int]


def evaluation_date() -> dt.date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when it is set: the day of
    `io.generated_at`, read without importing pandas (ggutils.pipeline.stages hashes it when it
    decides whether stage 2 runs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date()


def as_of_date(year: int) -> dt.date:
    """The evaluation date of an as-of run: 31 December of `year`, the year then complete."""
    return dt.date(year, 12, 31)


def last_past_due_year(on: dt.date | None = None) -> int:
    """The last year that has ended by `on` (default: the evaluation date): its 31 December
    is on or before `on`. A target of that year or earlier is past its deadline, and a
    request workbook asks for values up to it. 7 Dec 2026 -> 2025; 31 Dec 2020 -> 2020."""
    on = on or evaluation_date()
    return on.year if (on.month, on.day) == (12, 31) else on.year - 1


def is_past_due(target_year: int, on: dt.date) -> bool:
    """Whether a target of `target_year` is past its deadline on `on`."""
    return target_year <= last_past_due_year(on)


def expected_publication(year: int, lag_months: int | None) -> Month | None:
    """The month by which the value of reference year `year` is usually published:
    `lag_months` after the end of that year (3: March of the next year; 0: December of
    the year itself). None when the lag is not known."""
    if lag_months is None:
        return None
    index = (year + 1) * 12 + lag_months - 1  # months counted from year 0, January = 0
    return index // 12, index % 12 + 1


def month_passed(month: Month, on: dt.date) -> bool:
    """Whether `month` has ended by `on` (its last day is before `on`)."""
    return (on.year, on.month) > month


def published_by(year: int, lag_months: int | None, on: dt.date) -> bool:
    """Whether a value of reference year `year` is usually published by `on` (its expected
    month is `on`'s month or earlier). With an unknown lag: when the year has ended."""
    month = expected_publication(year, lag_months)
    if month is None:
        return year <= last_past_due_year(on)
    return month <= (on.year, on.month)


def inferred_reference_year(published: Month, lag_months: int) -> int:
    """The period a figure printed in month `published` most likely measures, when its source
    does not say: the last year whose official value is usually published by that month
    (Nov 2022 with a lag of 3 months: 2021, published by March 2022; the 2022 value is not
    out until March 2023)."""
    year = published[0]
    while expected_publication(year, lag_months) > published:
        year -= 1
    return year


def month_text(month: Month) -> str:
    """'03/2027': how a month is printed on pages and in trajectories.csv."""
    return f"{month[1]:02d}/{month[0]}"


def check_as_of(year: int, decision_years: Iterable[int], today: dt.date | None = None) -> int:
    """`year` when an as-of run may be made for it: between the earliest decision year of
    the catalogs (nothing was decided before) and this year; else a UsageError."""
    years = sorted(decision_years)
    this_year = (today or evaluation_date()).year
    earliest = years[0] if years else this_year
    if not earliest <= year <= this_year:
        raise UsageError(f"--as-of {year}: must lie between {earliest} (the earliest decision "
                         f"year of the catalogs) and {this_year} (this year)")
    return year


def published_observations(obs, codebook, on: dt.date):
    """The observations (a DataFrame with `indicator` and `year`) that were out by `on`: a
    reference year that has ended by then and, where the codebook gives the indicator's
    publication lag, whose value is usually published by then. An as-of run judges on these
    only (a 2020 forest-cover value, out in March 2021, is not used as of 2020)."""
    if obs.empty:
        return obs
    lags = {i: codebook[i].publication_lag_months for i in obs["indicator"].unique()
            if i in codebook}
    keep = [published_by(int(year), lags.get(indicator), on)
            for year, indicator in zip(obs["year"], obs["indicator"], strict=True)]
    return obs[keep]

