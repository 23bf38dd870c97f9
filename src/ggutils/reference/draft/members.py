"""The bar the members of a count must clear (the drafter's step 2, in ggutils.reference.
draft.quantities.find_quantities): "Phấn đấu có 60 doanh nghiệp … có doanh thu từ thị trường
nước ngoài đạt 20 triệu USD/năm" counts firms whose revenue abroad reaches 20 million USD a
year; "25 thương vụ …, với giá trị mỗi thương vụ từ 01 triệu USD trở lên" counts deals of 1
million USD or more each. The count is the target; the measure says which members are
counted, a condition, as a bound on who a share counts is ("tỷ lệ người dân trên 15 tuổi …
80%", bounded_measures). Here are the model of that section of data/reference/
drafting_rules.yml (counted_members; an unknown key is an error naming the file and the key)
and the verb that gives such a measure its reason."""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import Field

from ggutils.reference.draft.phrases import alternation
from ggutils.reference.validation import Verbatim

WORD = re.compile(r"\s*([^\W\d_]+)")
NO_UNIT = "a number with no unit"


class CountedMembers(Verbatim):
    """A measure after a count (counts.unit) is the bar its members must clear where, with no
    other quantity between them and no ';', one of `relatives` follows the count's noun in
    its piece (no separator between: "60 doanh nghiệp … có doanh thu … đạt 20 triệu USD"), or
    one of `each` and the count's noun stand before the measure ("25 thương vụ …, với giá trị
    mỗi thương vụ từ 01 triệu USD"); not where one of `totals` or `averages` stands between
    that word and the measure ("5 nhà máy có tổng công suất 500 MW", their sum; "doanh thu
    bình quân mỗi doanh nghiệp", their average), nor after one of the parts of a total
    (parts_of_totals: "trong đó có")."""
    relatives: list[str] = Field(min_length=1)
    each: list[str] = Field(min_length=1)
    totals: list[str]
    averages: list[str]

    @cached_property
    def relative_pattern(self) -> re.Pattern:
        return alternation(self.relatives)

    @cached_property
    def each_pattern(self) -> re.Pattern:
        return alternation(self.each)

    @cached_property
    def sum_pattern(self) -> re.Pattern:
        return alternation(self.totals + self.averages)


def _bar(text: str, count: dict, row: dict, members: CountedMembers,
         separators: str, parts: re.Pattern) -> str | None:
    """The words that make `row`'s measure the bar of `count`'s members, else None."""
    between = text[count["end"]:row["start"]]
    noun = WORD.match(between)
    if noun is None or ";" in between or parts.search(between):
        return None
    rest = between[noun.end():]
    relative = members.relative_pattern.search(rest)
    if (relative is not None and not re.search(separators, between)
            and not members.sum_pattern.search(rest, relative.end())):
        return relative.group(0)
    for each in members.each_pattern.finditer(rest):
        after = WORD.match(rest, each.end())
        piece = re.split(separators, rest[:each.start()])[-1] + rest[each.end():]
        if (after is not None and after.group(1).lower() == noun.group(1).lower()
                and not members.sum_pattern.search(piece)):
            return f"{each.group(0)} {after.group(1)}"
    return None


def bars_of_counted_members(text: str, rows: list[dict], members: CountedMembers,
                            count_units: tuple[str, ...], separators: list[str],
                            parts: list[str]) -> list[dict]:
    """The sentence's `rows` with a reason on each measure (a quantity in a unit other than
    `count_units`, a count or a count a year) that is the bar the members of the count before
    it must clear (see CountedMembers): a condition on what is counted, not a target; the
    count is. A bare number before such a bar (NO_UNIT: "Có 05 doanh nghiệp … có doanh thu …
    đạt tối thiểu 01 tỷ USD/năm") counts those members: a count (the first of `count_units`)."""
    marks = "[" + re.escape("".join(separators)) + "]"
    parts_pattern = alternation(parts)
    out, count = list(rows), None
    for i in sorted(range(len(out)), key=lambda k: out[k]["start"]):
        row = out[i]
        if (row["reason"] is None and row["unit"] not in (None, *count_units)
                and count is not None):
            if words := _bar(text, out[count], row, members, marks, parts_pattern):
                out[i] = row = {**row, "reason": (
                    f"the bar each member of the count before it must clear (after "
                    f"{words!r}): it says which are counted, not a target; the count is")}
                if out[count]["reason"] == NO_UNIT:
                    out[count] = {**out[count], "unit": count_units[0], "reason": None}
        if row["reason"] is None or row["reason"] == NO_UNIT:
            count = i if row["unit"] in count_units or row["reason"] == NO_UNIT else None
    return out
