"""The message catalogue: briefing labels in vi and en, in data/reference/messages.yml and
the files of data/reference/messages/ beside it (one per part of the page; a key is defined
in one file only)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ggutils.errors import CatalogError
from ggutils.reference.validation import read_yaml

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
        text = plural_form(entry[self.lang], self.lang, fields, self.path, key)
        return text.format(**fields) if fields else text

    def status(self, status: str) -> str:
        return str(self.table["status"][status][self.lang])


def plural_category(lang: str, count: int) -> str:
    """The CLDR plural category of a whole number: English has 'one' and 'other',
    Vietnamese only 'other' (a noun does not change with its number)."""
    return "one" if lang == "en" and count == 1 else "other"


def plural_form(text: object, lang: str, fields: dict, path: Path, key: str) -> str:
    """A message's text, or for a count the form that agrees with it.

    A form-by-count entry names its count field and gives the forms: `{count: n, one:
    "1 target", other: "{n} targets"}`; an exact number ("=0", "=1") comes before the
    language's category (plural_category), "other" is required; a form may itself be such
    an entry for a second count ("2 points over 1 year")."""
    while isinstance(text, dict):
        field = text.get("count")
        if field not in fields or "other" not in text:
            raise CatalogError(path, key, lang, f"a form by count needs `count` naming one of "
                               f"the fields {sorted(fields)} and an `other` form")
        count = int(fields[field])
        text = text.get(f"={count}", text.get(plural_category(lang, count), text["other"]))
    return str(text)


def catalogue_files(path: Path) -> list[Path]:
    """The catalogue's files: `path` (messages.yml), then messages/*.yml beside it, sorted."""
    path = Path(path)
    folder = path.parent / path.stem
    return [path, *(sorted(folder.glob("*.yml")) if folder.is_dir() else [])]


def load_messages(path: Path, lang: str) -> Messages:
    """Load the catalogue for `lang` (messages.yml and the files of messages/ beside it),
    checking every entry has both languages and no key is defined in two files."""
    if lang not in LANGUAGES:
        raise CatalogError(path, "-", "lang", f"unknown language {lang!r}; use one of "
                           f"{LANGUAGES}")
    table: dict = {}
    defined_in: dict[str, Path] = {}
    for file in catalogue_files(path):
        part = read_yaml(file) or {}
        for key, entry in part.items():
            if not isinstance(key, str):  # YAML 1.1 reads bare yes/no/on/off keys as booleans
                raise CatalogError(file, str(key), "-", "message keys must be strings (quote it)")
            if key in defined_in:
                raise CatalogError(file, key, "-", f"already defined in {defined_in[key]}")
            entries = entry.values() if key == "status" else [entry]
            for item in entries:
                if not isinstance(item, dict) or set(item) != set(LANGUAGES):
                    raise CatalogError(file, key, "-", f"needs exactly the languages "
                                       f"{LANGUAGES}")
            defined_in[key] = file
            table[key] = entry
    return Messages(lang, table, Path(path))
