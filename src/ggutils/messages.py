"""The message catalogue (data/reference/messages.yml): briefing labels in vi and en."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import CatalogError
from .validation import read_yaml

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Messages:
    """Labels in one language; a missing key is an error, never a silent blank."""

    lang: str
    table: dict
    path: Path

    def __call__(self, key: str, **fields: object) -> str:
        entry = self.table.get(key)
        if not isinstance(entry, dict) or self.lang not in entry:
            raise CatalogError(self.path, key, self.lang, "message missing")
        return str(entry[self.lang]).format(**fields) if fields else str(entry[self.lang])

    def status(self, status: str) -> str:
        return str(self.table["status"][status][self.lang])


def load_messages(path: Path, lang: str) -> Messages:
    """Load the catalogue for `lang`, checking every entry has both languages."""
    if lang not in LANGUAGES:
        raise CatalogError(path, "-", "lang", f"unknown language {lang!r}; use one of "
                           f"{LANGUAGES}")
    table = read_yaml(Path(path))
    for key, entry in table.items():
        if not isinstance(key, str):  # YAML 1.1 reads bare yes/no/on/off keys as booleans
            raise CatalogError(path, str(key), "-", "message keys must be strings (quote it)")
        entries = entry.values() if key == "status" else [entry]
        for item in entries:
            if not isinstance(item, dict) or set(item) != set(LANGUAGES):
                raise CatalogError(path, key, "-", f"needs exactly the languages {LANGUAGES}")
    return Messages(lang, table, Path(path))
