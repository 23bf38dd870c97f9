"""Errors that name where bad input is: the file, the entry (or row) and the field."""

from __future__ import annotations

from pathlib import Path


class GGUtilsError(Exception):
    """Base class for the errors ggutils raises on bad input."""


class CatalogError(GGUtilsError):
    """A catalog, codebook, register or source description is malformed.

    The message always names the file, the entry and the field, so a user can fix the YAML
    or CSV without reading a traceback.
    """

    def __init__(self, file: Path | str, entry: str, field: str, message: str):
        self.file = str(file)
        self.entry = entry
        self.field = field
        self.message = message
        super().__init__(f"{self.file}: entry {entry!r}: field {field!r}: {message}")


class RawDataError(GGUtilsError):
    """A raw data file cannot be read at all (missing, empty, not text, wrong columns)."""

    def __init__(self, file: Path | str, message: str, row: int | None = None,
                 field: str | None = None):
        self.file = str(file)
        self.row = row
        self.field = field
        where = self.file
        if row is not None:
            where += f": row {row}"
        if field is not None:
            where += f": field {field!r}"
        super().__init__(f"{where}: {message}")
