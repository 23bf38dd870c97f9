"""The agency glossary (data/reference/agencies.csv): each agency a catalog names, as printed
in Vietnamese, with its English name (an unofficial translation) for English pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ggutils.errors import CatalogError

COLUMNS = ["name_vi", "name_en"]


def load_agencies(path: Path) -> dict[str, str]:
    """Vietnamese name -> English name; an error names the file, row and field."""
    path = Path(path)
    if not path.is_file():
        return {}
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(table.columns) != COLUMNS:
        raise CatalogError(path, "-", "columns", f"expected the columns {COLUMNS}")
    for row, (name_vi, name_en) in enumerate(table[COLUMNS].itertuples(index=False), start=2):
        for field, text in (("name_vi", name_vi), ("name_en", name_en)):
            if not text.strip():
                raise CatalogError(path, f"row {row}", field, "empty")
    duplicated = table["name_vi"][table["name_vi"].duplicated()]
    if not duplicated.empty:
        raise CatalogError(path, duplicated.iloc[0], "name_vi", "listed twice")
    return dict(zip(table["name_vi"], table["name_en"], strict=True))
