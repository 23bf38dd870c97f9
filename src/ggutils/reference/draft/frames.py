"""The drafter's frames (ggutils.reference.draft): a step sets its columns on the rows it
reads, and the others keep what they had."""

from __future__ import annotations

import pandas as pd


def with_columns(frame: pd.DataFrame, columns: list[str], values: dict) -> pd.DataFrame:
    """`frame` with `columns` set from `values` ({row label: tuple of values}); rows not in
    `values` keep what they had (None for a new column)."""
    frame = frame.copy()
    for i, column in enumerate(columns):
        old = frame[column] if column in frame else pd.Series(None, index=frame.index)
        frame[column] = pd.Series([values[idx][i] if idx in values else old[idx]
                                   for idx in frame.index], index=frame.index, dtype=object)
    return frame
