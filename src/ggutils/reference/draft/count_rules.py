"""The drafting rules on counts (data/reference/drafting_rules.yml; the drafter's step 2,
ggutils.reference.draft.numbers and .forms): when a number with no unit is a count, a small
count spelled in words, and a number word ("tất cả"), each a section of the file checked by
its own model, with the patterns read from it."""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import Field, model_validator

from ggutils.reference.draft.phrases import alternation, just_before, nfc, right_after
from ggutils.reference.validation import Verbatim


class Counts(Verbatim):
    """A number with no unit is a count when one of `after` stands just before it; one of
    `prepositions` bounds it only after one of `verbs` or at the start of its sentence; a
    bare one followed by a noun, after one of `goals` in its clause (not one right after one
    of `goal_names`, which names a programme: "Chương trình mục tiêu") or right after one of
    `completions` and at most `completion_words` words of its verb ("hoàn thành sửa đổi, bổ
    sung 485 văn bản") or before a clause of its task opening with one of `completions` and
    one of `deadlines` ("phủ sóng 19 thôn, …, hoàn thành trong tháng 12 năm 2025") or right
    after a label and one of `labels` ("Đầu tư mới trạm 5G: 35 trạm"), but not right after
    one of `stages` ("giai đoạn 2", a name); a range of them
    right after one of `range_leads` ("có từ 40 - 50 tổ chức") or joined by one of
    `range_joins` ("phát triển 3 đến 5 đại học"); a preposition bounds a number right
    after a label's mark too ("Tạo việc làm: trên 500 người"); a bare number or range
    followed by one of `scales` and a noun ("45 - 50 triệu lượt khách"), a magnitude; a bare
    one followed by a noun in an item of a list whose lead names one of `goal_leads`, not after
    one of `purposes` ("Dự án đặt mục tiêu … bao gồm:"), as under a heading of targets."""
    after: list[str] = Field(min_length=1)
    prepositions: list[str]
    verbs: list[str] = Field(min_length=1)
    goals: list[str]
    goal_names: list[str] = []
    not_nouns: list[str]
    shares: list[str] = []
    item_leads: list[str] = []
    items: list[str] = []
    own_items: list[str] = []
    completions: list[str] = []
    amendments: list[str] = []
    state_units: list[str] = []
    completion_words: int = Field(default=0, ge=0, le=12)
    completion_stops: list[str] = []
    deadlines: list[str] = []
    stages: list[str] = []
    labels: list[str] = []
    range_leads: list[str] = []
    range_joins: list[str] = []
    tiers: list[str] = []
    scales: list[str] = []
    goal_leads: list[str] = []
    purposes: list[str] = []
    unit: str

    @cached_property
    def stage_pattern(self) -> re.Pattern:
        """A word of `stages` ending just before a number ("giai đoạn 2", phase two)."""
        return just_before(self.stages)

    @cached_property
    def state_unit_pattern(self) -> re.Pattern:
        """One of `state_units` right after the number (after spaces)."""
        return re.compile(rf"\s*(?:{alternation(self.state_units).pattern})", re.IGNORECASE)

    @cached_property
    def amendment_pattern(self) -> re.Pattern:
        """One of `amendments` ending just before the number ("Sửa đổi, bổ sung ")."""
        return just_before(self.amendments)

    @cached_property
    def completion_pattern(self) -> re.Pattern:
        """One of `completions` and at most `completion_words` words of letters (a comma may
        join them: "sửa đổi, bổ sung"), none of `completion_stops` ("các": a noun phrase, the
        thing completed), ending just before a number."""
        stop = alternation(self.completion_stops).pattern
        word = rf"(?!(?:{stop}))[^\W\d_]+"
        return re.compile(rf"(?:{alternation(self.completions).pattern})"
                          rf"(?:,?\s+{word}){{0,{self.completion_words}}}\s+$", re.IGNORECASE)

    @cached_property
    def deadline_pattern(self) -> re.Pattern:
        """One of `completions` and one of `deadlines` ("hoàn thành trong", "hoàn thành
        trước"): the task is to be finished by the time named after."""
        return re.compile(rf"(?:{alternation(self.completions).pattern})\s+"
                          rf"(?:{alternation(self.deadlines).pattern})", re.IGNORECASE)

    @cached_property
    def label_pattern(self) -> re.Pattern:
        """A label (a word holding a letter: "trạm 3G/4G", "VNPT") and a mark of `labels`
        ending the text searched ("Tạo việc làm:")."""
        marks = "|".join(re.escape(m) for m in self.labels) or r"(?!x)x"
        return re.compile(rf"[^\W\d_]\S*?(?:{marks})\s*$")

    @cached_property
    def range_lead_pattern(self) -> re.Pattern:
        """A word of `range_leads` ending just before a range ("từ")."""
        return just_before(self.range_leads)

    @cached_property
    def range_join_pattern(self) -> re.Pattern:
        """A number, a word of `range_joins` and a number ("3 đến 5"), from a range's start."""
        words = alternation(self.range_joins).pattern
        return re.compile(rf"[\d.,]+\s+(?:{words})\s+\d", re.IGNORECASE)

    @cached_property
    def scale_pattern(self) -> re.Pattern:
        """A word of `scales` right after a number, then a word of letters (the noun it
        counts: "triệu lượt khách")."""
        return re.compile(rf"\s+(?:{alternation(self.scales).pattern})\s+[^\W\d_]",
                          re.IGNORECASE)

    @cached_property
    def item_lead_pattern(self) -> re.Pattern:
        """A word of `item_leads` ending just before a number ("(", "gồm")."""
        return just_before(self.item_leads)

    @cached_property
    def item_pattern(self) -> re.Pattern:
        """A word of `items` right after a number ("mục tiêu", "nhiệm vụ")."""
        return right_after(self.items, r"\s+")

    @cached_property
    def own_item_pattern(self) -> re.Pattern:
        """A word of `own_items` right after a number ("chỉ tiêu", "mục tiêu")."""
        return right_after(self.own_items, r"\s+")

    @model_validator(mode="after")
    def _prepositions_are_bounds(self) -> Counts:
        if missing := set(self.prepositions) - set(self.after):
            raise ValueError(f"prepositions {sorted(missing)} are not words of `after`")
        return self

    @cached_property
    def goal_pattern(self) -> re.Pattern:
        """A word of `goals`, not right after one of `goal_names` ("Chương trình mục tiêu
        quốc gia": the goal word is part of a programme's name)."""
        names = "".join(rf"(?<!{re.escape(nfc(n.lower()))} )" for n in self.goal_names)
        return re.compile(names + "(?:" + alternation(self.goals).pattern + ")", re.IGNORECASE)

    @cached_property
    def goal_lead_pattern(self) -> re.Pattern:
        return alternation(self.goal_leads)

    @cached_property
    def purpose_pattern(self) -> re.Pattern:
        return alternation(self.purposes)

    def leads_goals(self, lead: str | None) -> bool:
        """A list's `lead` names its items as aims: one of `goal_leads`, none of `purposes`
        before it ("Để đạt các mục tiêu trên, …:" leads the tasks that serve them)."""
        goal = self.goal_lead_pattern.search(lead) if lead else None
        return goal is not None and not self.purpose_pattern.search(lead, 0, goal.start())

    @cached_property
    def share_pattern(self) -> re.Pattern:
        return alternation(self.shares)

    @cached_property
    def not_noun_pattern(self) -> re.Pattern:
        return alternation(self.not_nouns)

    @cached_property
    def counted_noun_pattern(self) -> re.Pattern:
        """A word of letters right after a number that is none of `not_nouns` nor of `tiers`
        ("chính quyền địa phương 02 cấp": the number of tiers names a body's model)."""
        words = alternation(self.not_nouns + self.tiers).pattern
        return re.compile(rf"\s+(?!(?:{words}))[^\W\d_]", re.IGNORECASE)

    @cached_property
    def after_pattern(self) -> re.Pattern:
        """A word of `after` ending just before a number."""
        return just_before(self.after)

    @cached_property
    def verb_pattern(self) -> re.Pattern:
        """A word of `verbs` ending just before a preposition of counts."""
        return just_before(self.verbs)


class CountWords(Verbatim):
    """A small count spelled in words (`words`, each with its value) right after one of
    `bounds`, or after a bound and one of `periods` ("ít nhất mỗi năm một lần": the group
    `period`); followed by one of `of_the` it is one of a set (a condition, no target), by
    one of `not_nouns` no count at all."""
    words: dict[str, int] = Field(min_length=1)
    bounds: list[str] = Field(min_length=1)
    of_the: list[str]
    not_nouns: list[str]
    periods: list[str] = []

    @cached_property
    def pattern(self) -> re.Pattern:
        """A bound word, a period word or none (the group `period`), then a count word (the
        group `word`)."""
        period = alternation(self.periods).pattern
        return re.compile(rf"(?:{alternation(self.bounds).pattern})\s+"
                          rf"(?:(?P<period>{period})\s+)?"
                          rf"(?P<word>{alternation(list(self.words)).pattern})",
                          re.IGNORECASE)

    @cached_property
    def of_the_pattern(self) -> re.Pattern:
        return right_after(self.of_the, r"\s+")

    @cached_property
    def not_noun_pattern(self) -> re.Pattern:
        return right_after(self.not_nouns, r"\s+")


class NumberWords(Verbatim):
    """Words that stand for `value` in `unit`; right after one of `scopes` ("trên tất cả",
    across all) they name where a target holds, no number; right before one of `tasks`
    ("toàn bộ các nhiệm vụ được giao", all the tasks assigned) they ask that one's duties be
    done, no share of an indicator."""
    words: list[str]
    value: float
    unit: str
    scopes: list[str] = []
    tasks: list[str] = []

    @cached_property
    def task_pattern(self) -> re.Pattern:
        """One of `tasks` right at the start (after spaces)."""
        return re.compile(rf"\s*(?:{alternation(self.tasks).pattern})", re.IGNORECASE)

    @cached_property
    def pattern(self) -> re.Pattern:
        return alternation(self.words)

    @cached_property
    def scope_pattern(self) -> re.Pattern:
        """A word of `scopes` ending just before a number word."""
        return just_before(self.scopes)
