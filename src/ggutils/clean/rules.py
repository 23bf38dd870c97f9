"""The cleaning rules (data/reference/cleaning_rules.yml): missing marks, bound words,
footnote and negative forms, status words, the status order and the accepted years.

Every word list the cleaning matches lives in that file; this module only loads it, checks
it against a schema (unknown keys are errors naming the file, entry and field) and turns
the words into matchers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ggutils.reference.validation import (
    Verbatim,
    read_yaml,
    regular_expression,
    validate_entry,
)

RULES_FILE = "cleaning_rules.yml"
Context = Literal["year", "unit", "note"]


def fold_accents(text: str) -> str:
    """Text without diacritics ('ước tính' -> 'uoc tinh', 'Đ' -> 'D'), case kept."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def word_pattern(word: str) -> str:
    """A regex for a rule word: matched at the start of a word (unless the word starts with
    a sign such as '?'), '#' standing for a number, spaces for any run of spaces."""
    parts = [r"[0-9]+" if part == "#" else re.escape(part) for part in word.split()]
    body = r"\s*".join(parts) if "#" in word.split() else r"\s+".join(parts)
    return (r"(?<!\w)" if re.match(r"[\w#]", word) else "") + body


class NotTranscribed(Verbatim):
    marks: list[str]
    reason: str


class NegativeForm(Verbatim):
    before: str
    after: str = ""


class NumberRules(Verbatim):
    bound_words: dict[str, str]
    footnote_marks: list[str]
    trailing_marks: list[str]
    negative_forms: list[NegativeForm]

    @field_validator("footnote_marks")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        for pattern in value:
            regular_expression(pattern)
        return value


class UnitRules(Verbatim):
    bound_remarks: dict[str, str]


class YearInference(Verbatim):
    """Values whose source does not state their reference year (a status of `when_status`)
    and whose publication the registry dates are dated by the publication lag and given
    `status` (ggutils.clean.years.infer_years)."""

    when_status: list[str]
    status: str


class YearRules(Verbatim):
    accepted_range: tuple[int, int]
    infer_from_publication: YearInference | None = None

    @field_validator("accepted_range")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] > value[1]:
            raise ValueError("the range runs backwards")
        return value


class StatusWords(Verbatim):
    """Words that give `status` to a value when found in one of the places `in` names."""

    status: str
    in_: list[Context] = Field(alias="in")
    words: list[str]


class CleaningRules(Verbatim):
    """The rules file, validated. Matchers are built once, on first use."""

    missing_marks: list[str]
    not_transcribed: NotTranscribed
    numbers: NumberRules
    units: UnitRules
    years: YearRules
    statuses: list[str]
    status_words: list[StatusWords]

    @model_validator(mode="after")
    def _known_statuses(self) -> CleaningRules:
        for i, entry in enumerate(self.status_words):
            if entry.status not in self.statuses:
                raise ValueError(f"status_words.{i}: status {entry.status!r} is not one of "
                                 f"`statuses` {self.statuses}")
        qualifiers = {*self.numbers.bound_words.values(), *self.units.bound_remarks.values()}
        unknown = qualifiers - {"above", "below", "nearly", "about"}
        if unknown:
            raise ValueError(f"unknown qualifier {sorted(unknown)[0]!r} (above, below, nearly, "
                             "about)")
        if "final" not in self.statuses:
            raise ValueError("statuses must include final")
        inference = self.years.infer_from_publication
        for status in ([*inference.when_status, inference.status] if inference else []):
            if status not in self.statuses:
                raise ValueError(f"years.infer_from_publication: status {status!r} is not one "
                                 f"of `statuses` {self.statuses}")
        return self

    @cached_property
    def status_rank(self) -> dict[str, int]:
        """Status -> its place in the preference order (0 is best)."""
        return {status: rank for rank, status in enumerate(self.statuses)}

    @cached_property
    def _status_matchers(self) -> list[tuple[frozenset[str], str, re.Pattern]]:
        matchers = []
        for entry in self.status_words:
            spellings = {w for word in entry.words for w in (word, fold_accents(word))}
            pattern = "|".join(word_pattern(w) for w in sorted(spellings, key=len, reverse=True))
            matchers.append((frozenset(entry.in_), entry.status, re.compile(pattern, re.I)))
        return matchers

    def status_in(self, context: Context, text: str) -> str | None:
        """The status the first matching entry for `context` gives `text`, or None."""
        text = unicodedata.normalize("NFC", text)
        for contexts, status, pattern in self._status_matchers:
            if context in contexts and pattern.search(text):
                return status
        return None

    def unit_qualifier(self, remark: str) -> str:
        """The qualifier a unit's remark gives ('lower bound: hơn' -> 'above'), or ''."""
        remark = remark.lower()
        for phrase, qualifier in self.units.bound_remarks.items():
            if phrase in remark:
                return qualifier
        for word, qualifier in self.numbers.bound_words.items():
            if re.search(rf"'{re.escape(word)}'|\b{re.escape(word)}\b", remark):
                return qualifier
        return ""


def load_rules(path: Path) -> CleaningRules:
    """Load and validate the cleaning rules; errors name the file, the entry and the field."""
    path = Path(path)
    return validate_entry(CleaningRules, read_yaml(path), path, "-")
