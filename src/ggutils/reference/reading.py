"""The reading of a decision's words (data/reference/target_reading.yml): which words make a
target a hold, a reach, a ceiling, an "about", a range or a change, and the comparator each
gives in the indicator's good direction (docs/methodology.md, "How a target's words are
read").

This module loads the file, checks it against a schema (unknown keys are errors naming the
file, the reading and the key) and matches its words in a text. The catalog loader uses the
hold words; the words of every reading are there for a drafter of catalogs (issue 25).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, NonNegativeFloat, model_validator

from ggutils.errors import CatalogError
from ggutils.reference.validation import Strict, read_yaml, validate_entry

READING_FILE = "target_reading.yml"
Comparator = Literal[">", ">=", "=", "<=", "<", "range"]
ReadingName = Literal["hold", "at_least", "more_than", "at_most", "less_than", "about", "range",
                      "reduction", "increase"]
READINGS: tuple[str, ...] = ReadingName.__args__  # type: ignore[attr-defined]


class Words(Strict):
    """Words in Vietnamese and in English."""

    vi: list[str] = []
    en: list[str] = []

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.vi, *self.en)


class Sides(Strict):
    """The comparator a reading gives, by the indicator's better direction."""

    higher: Comparator
    lower: Comparator


class Reading(Strict):
    """One reading: its meaning, what it gives (a comparator, or the sign of a change), the
    tolerance a target read this way carries, and its words."""

    meaning_en: str
    meaning_vi: str
    comparator: Sides | None = None
    sign: Literal[-1, 1] | None = None
    tolerance: NonNegativeFloat = 0.0
    tolerance_basis: Literal["relative", "absolute"] = "relative"
    words: Words
    symbols: list[str] = []
    per_year: Words | None = None
    to_level: Words | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Reading:
        if (self.comparator is None) == (self.sign is None):
            raise ValueError("give comparator (a bound) or sign (a change), not both")
        if self.sign is None and (self.per_year or self.to_level):
            raise ValueError("per_year and to_level go with a change reading (sign)")
        if not self.words.all:
            raise ValueError("give at least one word")
        return self


def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """Any of `words`, whole (not the start of a longer word), any case, spaces as any run
    of spaces; the longest first."""
    def one(word: str) -> str:
        body = r"\s+".join(re.escape(part) for part in _nfc(word).split())
        start = r"(?<!\w)" if re.match(r"\w", word) else ""
        end = r"(?!\w)" if re.search(r"\w$", word) else ""
        return start + body + end

    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(one(w) for w in ordered), re.IGNORECASE)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class TargetReading(Strict):
    """Every reading, by name, and the reading of a bare number."""

    readings: dict[ReadingName, Reading]
    bare_number: ReadingName
    path: Path = Field(default=Path(READING_FILE), exclude=True)

    @cached_property
    def _patterns(self) -> dict[str, re.Pattern]:
        return {name: _pattern((*r.words.all, *r.symbols)) for name, r in self.readings.items()}

    def words_in(self, name: str, text: str) -> list[str]:
        """The words of reading `name` found in `text`, as printed there."""
        return self._patterns[name].findall(_nfc(text))

    def comparator(self, name: str, better: Literal["higher", "lower"]) -> str:
        """The comparator reading `name` gives an indicator whose `better` direction is
        given (a change reading gives none: its bound comes from the other words)."""
        sides = self.readings[name].comparator
        if sides is None:
            raise ValueError(f"reading {name!r} is a change, not a bound")
        return sides.higher if better == "higher" else sides.lower


def reading_path(reference_dir: Path) -> Path:
    """The reading file of a data folder's reference directory."""
    return Path(reference_dir) / READING_FILE


def load_target_reading(path: Path) -> TargetReading:
    """Load and validate the reading file; errors name the file, the reading and the key."""
    path = Path(path)
    data = read_yaml(path)
    unknown = set(data) - {"readings", "bare_number"}
    if unknown:
        raise CatalogError(path, "-", sorted(unknown)[0], "unknown top-level key")
    raw = data.get("readings")
    if not isinstance(raw, dict):
        raise CatalogError(path, "readings", "readings", "expected a mapping of readings")
    for name in raw:
        if name not in READINGS:
            raise CatalogError(path, str(name), "readings",
                               f"unknown reading (known: {', '.join(READINGS)})")
    for name in READINGS:
        if name not in raw:
            raise CatalogError(path, name, "readings", "required reading is missing")
    readings = {name: validate_entry(Reading, raw[name], path, name) for name in READINGS}
    for name, sides in (("hold", ("=", "=")), ("range", ("range", "range"))):
        comparator = readings[name].comparator
        if comparator is None or (comparator.higher, comparator.lower) != sides:
            raise CatalogError(path, name, "comparator",
                               f"the {name} reading gives {sides[0]!r} in both directions")
    bare = data.get("bare_number")
    if bare not in READINGS or readings[bare].comparator is None:
        raise CatalogError(path, "bare_number", "bare_number",
                           f"{bare!r} is not a bound reading")
    return TargetReading(readings=readings, bare_number=bare, path=path)
