"""The times a plan to simplify administrative procedures sets (the drafter's step 2,
ggutils.reference.draft.quantities). Such a plan ("phương án đơn giản hóa thủ tục hành
chính") prints, for each procedure, its name after a label ("Tên thủ tục hành chính: …"),
then fields: the cut ("a. Nội dung cắt giảm, đơn giản hóa: Giảm 02 ngày so với quy định."),
with the time in force and the new time under it ("- Thời gian thực hiện: 05 ngày …"), the
reason, the benefit and a recommendation on how to enact it ("d. Kiến nghị thực thi: …").
A number of days is otherwise a duration, no quantity (bounded_measures); here the cut and
the new time are what the plan sets. Here are the model of that section of
data/reference/drafting_rules.yml (time_cuts; an unknown key is an error naming the file
and the key) and the verbs that read it."""

from __future__ import annotations

import re
from functools import cached_property

from ggutils.reference.draft.phrases import alternation, just_before, nfc
from ggutils.reference.validation import Verbatim


class TimeCuts(Verbatim):
    """A number of days (a spelling of bounded_measures) right after one of `cuts` ("Giảm 02
    ngày", or continuing a list of such cuts: "Giảm 7,5 ngày, 03 ngày") is a cut of a time,
    a change to reach; one right after a to-level word of target_reading.yml closing a change
    from a level printed after a starting word ("từ 7 ngày xuống còn 5 ngày") is the level a
    time is cut to; one in a sentence labelled by one of `new_times` ("Thời gian thực hiện:")
    under a field labelled by one of `cut_fields` ("Nội dung cắt giảm, đơn giản hóa:"; the
    field lasts until a sentence labelled by another of `fields` or of `no_target_fields`) is
    the new time. A sentence labelled by one of `no_target_fields` ("Tên thủ tục hành chính:",
    "Kiến nghị thực thi:") holds no target: a name, or how the plan is to be enacted. A cut
    after one of `findings` ("có thể") in its sentence finds a cut possible: no target. A
    sentence whose label opens with one of `estimates` ("Chi phí tuân thủ TTHC trước khi đơn
    giản hóa:", "Chi phí tiết kiệm:") prices the cut, and a number in brackets that hold one
    of `equations` ("(01 giờ làm việc = 40.000 đồng …)") is an input of that pricing: an
    estimate of the plan's benefit, no target, unless the sentence aims at it (a goal word,
    counts.goals, or a word of reaching, "đạt", or a targets heading above it)."""
    cuts: list[str] = []
    cut_fields: list[str] = []
    new_times: list[str] = []
    fields: list[str] = []
    no_target_fields: list[str] = []
    findings: list[str] = []
    estimates: list[str] = []
    equations: list[str] = []
    times: list[str] = []
    time_label_gap: int = 4
    after_cuts: list[str] = []
    savings: list[str] = []

    def _label_pattern(self, phrases: list[str]) -> re.Pattern:
        """A label that is one of `phrases` (marks around it ignored)."""
        return re.compile(rf"^\W*(?:{alternation(phrases).pattern})\W*$", re.IGNORECASE)

    def _time_label_pattern(self, ends: list[str]) -> re.Pattern:
        """A label opening with one of `times` and ending, after at most `time_label_gap`
        words, with one of `ends` ("Thời gian giải quyết TTHC sau khi đơn giản hóa")."""
        return re.compile(rf"^\W*(?:{alternation(self.times).pattern})"
                          rf"(?:\s+\S+){{0,{self.time_label_gap}}}?"
                          rf"\s+(?:{alternation(ends).pattern})\W*$", re.IGNORECASE)

    @cached_property
    def cut_field_pattern(self) -> re.Pattern:
        return self._label_pattern(self.cut_fields)

    @cached_property
    def other_field_pattern(self) -> re.Pattern:
        return self._label_pattern([*self.fields, *self.no_target_fields])

    @cached_property
    def new_time_pattern(self) -> re.Pattern:
        return self._label_pattern(self.new_times)

    @cached_property
    def no_target_pattern(self) -> re.Pattern:
        return self._label_pattern(self.no_target_fields)

    @cached_property
    def after_cut_pattern(self) -> re.Pattern:
        return self._time_label_pattern(self.after_cuts)

    @cached_property
    def saving_pattern(self) -> re.Pattern:
        return self._time_label_pattern(self.savings)

    @cached_property
    def estimate_pattern(self) -> re.Pattern:
        """A label opening with one of `estimates`."""
        return re.compile(rf"^\W*(?:{alternation(self.estimates).pattern})", re.IGNORECASE)

    @cached_property
    def cut_pattern(self) -> re.Pattern:
        """One of `cuts` ending just before a number."""
        return just_before(self.cuts)

    @cached_property
    def finding_pattern(self) -> re.Pattern:
        """One of `findings`, whole."""
        return alternation(self.findings)

    @staticmethod
    def _match(pattern: re.Pattern, label: str | None) -> re.Match | None:
        return None if label is None else pattern.match(nfc(label))

    def after_cut(self, label: str | None) -> bool:
        """The sentence states the time a plan leaves ("Thời gian giải quyết TTHC sau khi đơn
        giản hóa: 0 ngày"): its label a time's ending with one of `after_cuts`, a level (the
        cut word in the label, "sau khi cắt giảm", is not the number's change)."""
        return self._match(self.after_cut_pattern, label) is not None

    def saved(self, label: str | None) -> bool:
        """The sentence states the time a plan saves ("Thời gian giải quyết TTHC tiết kiệm:
        45 ngày"): its label a time's ending with one of `savings`, a cut of the time."""
        return self._match(self.saving_pattern, label) is not None

    def field(self, label: str | None, current: str | None) -> str | None:
        """The field a sentence labelled `label` stands in: "cut" from a label of
        `cut_fields`, None from another field's label, else the field it continues."""
        if self._match(self.cut_field_pattern, label):
            return "cut"
        if self._match(self.other_field_pattern, label):
            return None
        return current

    def new_time(self, label: str | None, field: str | None) -> bool:
        """The sentence states a procedure's new time (its label one of `new_times`, under a
        cut's field; or, in any field, a time's label ending with one of `after_cuts`, "…
        sau khi đơn giản hóa") or the time it saves (`saved`)."""
        return ((field == "cut" and self._match(self.new_time_pattern, label) is not None)
                or self.after_cut(label) or self.saved(label))

    def no_target(self, label: str | None) -> str | None:
        """The reason a sentence labelled `label` holds no target, else None."""
        if match := self._match(self.no_target_pattern, label):
            return (f"in a field that names a procedure or says how a plan is enacted (after "
                    f"{match.group(0).strip(' -+:')!r}), not a target")
        return None

    def estimate(self, label: str | None) -> str | None:
        """The reason a sentence labelled `label` holds no target as an estimate of a plan's
        benefit (its label opens with one of `estimates`), else None."""
        if match := self._match(self.estimate_pattern, label):
            return (f"an estimate of the plan's benefit (after "
                    f"{match.group(0).strip(' -+:')!r}), not a target")
        return None

    def equation_spans(self, text: str) -> list[tuple[int, int]]:
        """The spans of the brackets in `text` that hold one of `equations`."""
        return [m.span() for m in re.finditer(r"\([^()]*\)", text)
                if any(e in m.group(0) for e in self.equations)]

    def mark_no_target(self, rows: list[dict], label: str | None, text: str = "",
                       goal: bool = False) -> list[dict]:
        """The rows of a sentence labelled `label`, each with no reason given the reason it
        holds no target where the label is one of `no_target_fields`, or (no goal word in the
        sentence, `goal` False) one of `estimates`, or the number is in brackets of an
        equation."""
        reason = self.no_target(label) or (None if goal else self.estimate(label))
        spans = [] if goal else self.equation_spans(text)
        equation = ("an input of an estimate's calculation (in brackets with "
                    f"{'/'.join(self.equations)!r}), not a target")
        return [{**row, "reason": row["reason"] or reason or (
                    equation if any(a < row["start"] < b for a, b in spans) else None)}
                for row in rows]


def cuts_a_time(before: str, previous: dict | None, cuts: TimeCuts, joined: bool,
                to_level: re.Pattern | None) -> bool:
    """A number of days (text `before` it) is a cut of a time or the level a time is cut to:
    right after one of `cuts`, or continuing a list of cuts of a time (`joined`: the words
    since `previous` are its noun and a separator), or right after a to-level word closing a
    change from a level (`to_level`); not after one of `findings` ("thấy có thể rút ngắn
    được 04 ngày": a finding that a cut is possible)."""
    if cuts.finding_pattern.search(before):
        return False
    if cuts.cut_pattern.search(before):
        return True
    if (previous is not None and previous.get("time_cut") and joined):
        return True
    return to_level is not None and to_level.search(before) is not None
