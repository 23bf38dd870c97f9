"""What the drafter's usage tests compare: a draft's targets as plain rows, and the reasons
its numbers were read as no target."""

from __future__ import annotations


def target_rows(draft) -> list[tuple]:
    """(comparator, value, unit, target_year) of each drafted target, None for a missing
    field."""
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.comparator, r.value, r.unit, r.target_year) for r in frame.itertuples()]


def reasons(draft) -> list[str]:
    """The reason of each number read as no target."""
    return [str(r) for r in draft.quantities["reason"].dropna()]
