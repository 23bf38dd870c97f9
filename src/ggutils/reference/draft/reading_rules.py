"""The drafting rules on reading a target once its number is found
(data/reference/drafting_rules.yml): a negation that flips a bound, a goal named with its
level in brackets and a reduction measured against a scenario (step 4,
ggutils.reference.draft.comparators), and the matching of a
target to the codebook (step 6, ggutils.reference.draft.indicators); each a section of the
file checked by its own model. The comparator words themselves are in target_reading.yml."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import Field

from ggutils.reference.draft.phrases import alternation
from ggutils.reference.validation import Verbatim


class Negations(Verbatim):
    """A word of `words` before a strict bound in its clause turns the bound's reading into
    the one `flips` names: no member below a level is every member at least at it."""
    words: list[str] = Field(min_length=1)
    flips: dict[Literal["less_than", "more_than", "at_least", "at_most"],
                Literal["less_than", "more_than", "at_least", "at_most"]]

    @cached_property
    def pattern(self) -> re.Pattern:
        return alternation(self.words)


class BracketedGoals(Verbatim):
    """A number in brackets right after one of `nouns` and at most `words` words of letters
    ("vượt mục tiêu Chính phủ giao (10%)") is the level of the goal named: its reading words
    are looked for before the noun."""
    nouns: list[str] = Field(min_length=1)
    words: int = Field(ge=0, le=8)

    @cached_property
    def pattern(self) -> re.Pattern:
        """A noun, its words and an opening bracket ending the text searched."""
        return re.compile(rf"(?<!\w)(?:{alternation(self.nouns).pattern})"
                          rf"(?:\s+[^\W\d_]+){{0,{self.words}}}\s*\(\s*$", re.IGNORECASE)


class BelowScenario(Verbatim):
    """A reduction measured against a scenario, not a year: its level is the reduction."""
    phrases: list[str] = Field(min_length=1)
    unit: str

    @cached_property
    def pattern(self) -> re.Pattern:
        return alternation(self.phrases)


class Matching(Verbatim):
    ignore_words: list[str]
    min_score: float = Field(ge=0, le=1)
    kind_words: list[str] = []
    suggested_id_words: int = Field(ge=1, le=12)
    loose_units: list[str]
    separate_families: list[Literal["percent", "physical", "count"]] = []
    lower_is_better: list[str] = []

    @cached_property
    def lower_pattern(self) -> re.Pattern:
        """The names of measures whose good direction is lower (lower_is_better)."""
        return alternation(self.lower_is_better)
