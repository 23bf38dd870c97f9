"""The observation table as the later stages read it (written by ggutils.clean)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ggutils.io import read_csv


def read_observations(path: Path) -> pd.DataFrame:
    """Read observations.csv as written by the cleaning (text stays text, blanks stay '')."""
    return read_csv(path, keep_default_na=False, na_values={"value": [""]},
                    dtype={"qualifier": str, "flag": str})
