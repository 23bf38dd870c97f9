"""The drafting rules on what a number is (data/reference/drafting_rules.yml; the drafter's
step 2, ggutils.reference.draft.quantities, .numbers and .forms): numbers that are not
quantities, units, their spellings and families, rates, numbers of times, sums allocated,
the level a change starts from and ranks, each a section of the file checked by its own
model, with the patterns read from it. Counts are in `count_rules`."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from ggutils.reference.draft.phrases import alternation, just_before, right_after, words_before
from ggutils.reference.validation import Verbatim


class NotQuantities(Verbatim):
    before: list[str]
    after: list[str]
    touching: list[str]
    sizes: list[str]
    times: list[str]
    scopes: list[str]
    estimates: list[str]
    name_marks: list[str] = []
    either_ways: list[str] = []
    either_way_words: int = Field(default=3, ge=0, le=8)
    possibilities: list[str] = []

    @cached_property
    def possibility_pattern(self) -> re.Pattern:
        """Brackets opening with one of `possibilities`, still open at a number's start ("(có
        thể mở rộng lên ")."""
        words = alternation(self.possibilities).pattern
        return re.compile(rf"\(\s*(?:{words})(?!\w)[^()]*$", re.IGNORECASE)

    @cached_property
    def either_way_pattern(self) -> re.Pattern:
        """One of `either_ways` and at most `either_way_words` words of letters ending just
        before a number ("tăng, giảm nhỏ hơn ")."""
        return words_before(self.either_ways, self.either_way_words)

    @cached_property
    def name_mark_pattern(self) -> re.Pattern:
        """A word of letters and a mark of `name_marks` ending just before a number ("TIA-")."""
        marks = "|".join(re.escape(m) for m in self.name_marks) or r"(?!x)x"
        return re.compile(rf"[^\W\d_](?:{marks})$")

    @cached_property
    def estimate_pattern(self) -> re.Pattern:
        return alternation(self.estimates)

    @cached_property
    def scope_pattern(self) -> re.Pattern:
        """A mark of `scopes` ending just before a number ("(>10.000 m2)")."""
        return re.compile("(?:" + "|".join(re.escape(m) for m in self.scopes)
                          + r")\s*$" if self.scopes else r"(?!x)x")

    @cached_property
    def time_pattern(self) -> re.Pattern:
        """A mark of `times` touching a number's end ("0h", "6h30")."""
        marks = "|".join(re.escape(m) for m in self.times) or r"(?!x)x"
        return re.compile(rf"(?:{marks})(?:\d{{2}})?(?!\w)", re.IGNORECASE)

    @cached_property
    def size_pattern(self) -> re.Pattern:
        """A phrase of `sizes` ending just before a number."""
        return just_before(self.sizes)

    @cached_property
    def before_pattern(self) -> re.Pattern:
        """A word of `before` ending just before a number."""
        return just_before(self.before)

    @cached_property
    def after_pattern(self) -> re.Pattern:
        """A word of `after` standing just after a number."""
        return re.compile(r"\s*(?:" + alternation(self.after).pattern + ")",
                          re.IGNORECASE)


class UnitSpelling(Verbatim):
    """A unit and its spellings; a word of `not_before` right after a spelling makes it
    part of another word, no unit ("02 đồng chí", two comrades: not dong)."""
    unit: str
    spellings: list[str] = Field(min_length=1)
    not_before: list[str] = []


class UnitFamilies(Verbatim):
    """Which family a unit is of: a share (`percent_prefix`, or a unit of `percent`), a
    physical measure (a unit of `units` or of `physical`), else a count."""
    percent_prefix: str = Field(min_length=1)
    percent: list[str] = []
    physical: list[str]


class Rates(Verbatim):
    """A rate per a denominator: a number, up to `numerator_words` words of its noun, one of
    `marks`, optionally one of `ones`, one of `denominators` and the noun it is per (up to
    `noun_words` words, none of `stops`); or named before its value: one of `names`, its
    noun, one of `per_words`, optionally one of `ones`, a denominator and the noun it is per
    ("Số bác sĩ trên 1 vạn dân"); a count joined by one of `shared_joins` to a rate shares
    its denominator ("10 bác sĩ và 30 giường bệnh/1 vạn dân")."""
    marks: list[str] = Field(min_length=1)
    denominators: list[str] = Field(min_length=1)
    numerator_words: int = Field(ge=0, le=6)
    noun_words: int = Field(ge=1, le=12)
    stops: list[str]
    names: list[str] = []
    per_words: list[str] = []
    ones: list[str] = []
    shared_joins: list[str] = []

    @cached_property
    def shared_join_pattern(self) -> re.Pattern:
        """A word of `shared_joins` ("và"): two numerators joined before one denominator."""
        return alternation(self.shared_joins)

    @cached_property
    def pattern(self) -> re.Pattern:
        """The numerator's noun, a mark, optionally one of `ones` and a denominator
        ("giường bệnh/1 vạn dân"), after a number, followed by a word of letters (the noun
        the rate is per); or the noun, one of `per_words`,
        optionally one of `ones` and a denominator ("12 người trên một vạn dân"), the
        denominator's span the group `per` (where it must not open a unit)."""
        word, n = r"[^\W\d_]+", self.numerator_words
        numerator = rf"(?:\s+{word}(?:\s+{word}){{0,{n - 1}}})?" if n else ""
        marks = "|".join(re.escape(m) for m in self.marks)
        denominator = rf"(?:{alternation(self.denominators).pattern})(?![\d.,]\d)"
        ones = rf"(?:(?:{alternation(self.ones).pattern})\s+)?" if self.ones else ""
        forms = [rf"{numerator}\s*(?:{marks})\s*{ones}{denominator}"]
        if self.per_words and n:
            forms.append(rf"\s+{word}(?:\s+{word}){{0,{n - 1}}}?"
                         rf"\s+(?:{alternation(self.per_words).pattern})"
                         rf"\s+(?P<per>{ones}{denominator})")
        return re.compile(rf"(?:{'|'.join(forms)})(?=\s+{word})", re.IGNORECASE)

    @cached_property
    def stop_pattern(self) -> re.Pattern:
        return alternation(self.stops)

    @cached_property
    def name_pattern(self) -> re.Pattern:
        """A rate's name: one of `names`, up to `numerator_words` words of the noun it counts
        (`numerator`), one of `per_words`, optionally one of `ones`, a denominator and a word
        of letters (the noun it is per): "Số bác sĩ trên 1 vạn dân"."""
        word, n = r"[^\W\d_]+", max(self.numerator_words, 1)
        ones = rf"(?:(?:{alternation(self.ones).pattern})\s+)?" if self.ones else ""
        numerator = rf"(?P<numerator>{word}(?:\s+{word}){{0,{n - 1}}})"
        return re.compile(
            rf"(?:{alternation(self.names).pattern})\s+{numerator}"
            rf"\s+(?:{alternation(self.per_words).pattern})\s+(?P<denominator>{ones}"
            rf"(?:{alternation(self.denominators).pattern}))(?![\d.,]\d)(?=\s+{word})",
            re.IGNORECASE)


class Multiples(Verbatim):
    """A number of times: a number followed by one of `spellings`, in `unit`; after one of
    `factors` ("gấp") a factor on its base, no level, unless the factor is one of
    `level_factors` and one of `measures` follows ("gấp 30 lần GRDP"), or, with
    `of_base_year`, a base year follows ("tăng gấp 3 lần so với năm 2020"): a level."""
    unit: str
    spellings: list[str] = Field(min_length=1)
    factors: list[str]
    level_factors: list[str] = []
    measures: list[str] = []
    of_base_year: bool = False

    @model_validator(mode="after")
    def _level_factors_are_factors(self) -> Multiples:
        if missing := set(self.level_factors) - set(self.factors):
            raise ValueError(f"level_factors {sorted(missing)} are not words of `factors`")
        return self

    @cached_property
    def measure_pattern(self) -> re.Pattern:
        """A word of `measures` right after a multiple's spelling ("lần GRDP")."""
        return right_after(self.measures)

    @cached_property
    def factor_pattern(self) -> re.Pattern:
        """A word of `factors` ending just before a number."""
        return just_before(self.factors)


class Allocations(Verbatim):
    """A sum of money a decision allocates: a number in one of `units` within the reading
    window after one of `words` ("Bổ sung khoảng 84 nghìn tỷ đồng vốn", "bố trí 20 tỷ đồng
    kinh phí"), or a rate it sets for those it supports, a number within the window after one
    of `rates` ("giảm lãi suất cho vay 2%/năm"), or a quota of awards, a number after a
    word of a reading of `caps` (target_reading.yml: "không quá") in a clause naming one of
    `awards` ("Bằng khen"), or a share held in reserve, a number after one of `reserves` in its
    clause ("Dự phòng chung kế hoạch … là 10%"), or the funds a plan needs, money after one of
    `funds` in its clause or in an item of a list whose lead names one ("Tổng nhu cầu vốn: …,
    trong đó: - Ngân sách trung ương …"), or a sum transferred, money after one of `transfers`
    in its clause ("điều chuyển số vốn dư … (khoảng 1.500 tỷ đồng)"), or the share of the
    funds a source gives, a share followed by one of `fund_sources` where the funds are named
    ("…, sử dụng 100% vốn ngân sách"): a means, no result to reach."""
    words: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)
    rates: list[str] = []
    reserves: list[str] = []
    funds: list[str] = []
    fund_sources: list[str] = []
    transfers: list[str] = []
    awards: list[str] = []
    caps: list[Literal["at_most", "less_than"]] = []
    awardees: list[str] = []

    @cached_property
    def pattern(self) -> re.Pattern:
        return alternation(self.words)

    @cached_property
    def rate_pattern(self) -> re.Pattern:
        return alternation(self.rates)

    @cached_property
    def award_pattern(self) -> re.Pattern:
        return alternation(self.awards)

    @cached_property
    def awardee_pattern(self) -> re.Pattern:
        """One of `awardees` right after a number (spaces between)."""
        return re.compile(rf"\s*(?:{alternation(self.awardees).pattern})(?!\w)", re.IGNORECASE)

    @cached_property
    def reserve_pattern(self) -> re.Pattern:
        return alternation(self.reserves)

    @cached_property
    def fund_pattern(self) -> re.Pattern:
        return alternation(self.funds)

    @cached_property
    def fund_source_pattern(self) -> re.Pattern:
        """One of `fund_sources` right after a share (spaces between: "100% vốn …")."""
        return re.compile(rf"\s*(?:{alternation(self.fund_sources).pattern})(?!\w)",
                          re.IGNORECASE)

    @cached_property
    def transfer_pattern(self) -> re.Pattern:
        return alternation(self.transfers)


class StartingLevels(Verbatim):
    """A number right after one of `words` ("từ") that a to-level word of target_reading.yml
    follows, after at most `gap_words` words, before the next number: the level a change
    starts from, no target. A to-level word of `closing_only` is read as one only right
    before its number, in a change as in a starting level's."""
    words: list[str] = Field(min_length=1)
    gap_words: int = Field(ge=0, le=8)
    closing_only: list[str] = []

    @cached_property
    def pattern(self) -> re.Pattern:
        """One of `words` ending just before a number."""
        return just_before(self.words)


class Ranks(Verbatim):
    """A rank to reach: a number after one of `words` or `places`, or after one of `groups`
    with one of `leaders` within `gap_words` words after it, or an ordinal word of `ordinals`
    after one of `places` ("đứng thứ hai"); in `unit`, read as `reading`."""
    words: list[str]
    groups: list[str]
    leaders: list[str]
    gap_words: int = Field(ge=0, le=8)
    places: list[str] = []
    ordinals: dict[str, int] = {}
    unit: str
    reading: Literal["at_most", "less_than"]

    @cached_property
    def word_pattern(self) -> re.Pattern:
        """A word of `words` or `places` ending just before a number ("tốp 3", "top 03",
        "đứng thứ 2")."""
        return just_before([*self.words, *self.places])

    @cached_property
    def ordinal_pattern(self) -> re.Pattern:
        """A word of `places`, then an ordinal word (the group `word`): "đứng thứ hai"."""
        return re.compile(rf"(?:{alternation(self.places).pattern})\s+"
                          rf"(?P<word>{alternation(list(self.ordinals)).pattern})",
                          re.IGNORECASE)

    @cached_property
    def group_pattern(self) -> re.Pattern:
        """A word of `groups` ending just before a number ("nhóm 20")."""
        return just_before(self.groups)

    @cached_property
    def leader_pattern(self) -> re.Pattern:
        """Up to `gap_words` words, then a word of `leaders`, after a number."""
        return re.compile(rf"\s+(?:[^\W\d_]+\s+){{0,{self.gap_words}}}"
                          rf"(?:{alternation(self.leaders).pattern})", re.IGNORECASE)
