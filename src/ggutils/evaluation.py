"""The evaluation date: the day a briefing, a trajectory table or a request workbook is made
(SOURCE_DATE_EPOCH when it is set, so two runs give the same bytes). A target whose
deadline year has ended by then is past due (docs/methodology.md §5)."""

from __future__ import annotations

import datetime as dt

from .io import generated_at


def evaluation_date() -> dt.date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when it is set."""
    return generated_at().date()


def last_past_due_year(on: dt.date | None = None) -> int:
    """The last whole year that has ended by `on` (default: the evaluation date): a target of
    that year or earlier is past its deadline, and a workbook asks for values up to it."""
    return (on or evaluation_date()).year - 1
