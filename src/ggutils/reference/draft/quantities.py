"""The drafter's step 2 (ggutils.reference.draft), a frame of quantities: the numbers, ranges
and units of each sentence; a row that is no target's quantity keeps a `reason` (which
numbers are not, in `numbers`, `forms`, `members`, `means`, `planned`). Its pieces are step 3
(ggutils.reference.draft.enumerations), its comparators step 4 (.comparators), its years
step 5 (.years)."""

from __future__ import annotations

import re

import pandas as pd

from ggutils.reference.draft.comparators import BOUND_READINGS, last_word
from ggutils.reference.draft.forms import (
    a_factor,
    printed_unit,
    read_named_rate,
    share_a_denominator,
    spelled_counts,
    spelled_ranks,
    starts_a_change,
    unit_at,
)
from ggutils.reference.draft.means import an_allocation
from ggutils.reference.draft.members import NO_UNIT, bars_of_counted_members
from ggutils.reference.draft.numbers import (
    a_possibility,
    a_quota_of_awards,
    after_a_label,
    bounds_the_population,
    continues_a_count,
    continues_a_reference,
    counts_for_each,
    counts_the_items,
    has_goal,
    is_bounded_count,
    joins_a_list,
    not_a_quantity,
    read_rank,
)
from ggutils.reference.draft.phrases import alternation
from ggutils.reference.draft.planned import a_plan_area, a_planned_figure, a_specification
from ggutils.reference.draft.procedures import cuts_a_time
from ggutils.reference.draft.rules import DraftingRules
from ggutils.reference.reading import TargetReading

QUANTITY_COLUMNS = ["sentence", "start", "end", "printed", "value", "low", "high", "unit",
                    "number_word", "reason"]


# --- 2. Quantities: numbers, ranges, units, number words -----------------------------------

def _number_pattern(rules: DraftingRules) -> re.Pattern:
    th, dec = re.escape(rules.thousands_mark), re.escape(rules.decimal_mark)
    return re.compile(rf"(?<![\w.,/])(\d{{1,3}}(?:{th}\d{{3}})+(?:{dec}\d+)?|\d+(?:[.,]\d+)?)"
                      rf"(?!\d)")


def parse_number(printed: str, rules: DraftingRules) -> float:
    """A printed number: "1,5" -> 1.5, "41.415.381" -> 41415381, "1.5" -> 1.5 (a dot
    followed by other than groups of three digits is a decimal point)."""
    th, dec = rules.thousands_mark, rules.decimal_mark
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(th)}\d{{3}})+(?:{re.escape(dec)}\d+)?", printed):
        printed = printed.replace(th, "")
    return float(printed.replace(dec, ".").replace(",", "."))


def _bound_before(before: str, rules: DraftingRules, reading: TargetReading) -> str | None:
    """The reading of the bound word of target_reading.yml that ends just before the number
    ("đạt tối thiểu": at_least), else None."""
    window = " ".join(before.split()[-rules.reading_window_words:])
    name, end = last_word(window, reading, BOUND_READINGS)
    return name if end == len(window) and before[-1:].isspace() else None


def _bounded(before: str, rules: DraftingRules, reading: TargetReading) -> bool:
    """A bound word of target_reading.yml ends just before the number ("đạt tối thiểu")."""
    return _bound_before(before, rules, reading) is not None


def _connector(between: str, reading: TargetReading) -> bool:
    """The text between two numbers is one range word or sign of target_reading.yml."""
    stripped = between.strip()
    return bool(stripped) and any(w == stripped for w in reading.words_in("range", stripped))


def _per_year(text: str, matches: list[re.Match], rules: DraftingRules,
              reading: TargetReading) -> bool:
    """The sentence prints a per-year word ("mỗi năm", "/năm") outside the units printed after
    its numbers: the "/năm" of "20 triệu USD/năm" or "2%/năm" is that number's unit, and makes
    no bare count of its sentence a count a year ("60 doanh nghiệp … đạt 20 triệu USD/năm")."""
    for m in matches:
        unit, end = unit_at(text, m.end(), rules)
        if unit is not None:
            text = text[:m.end()] + " " * (end - m.end()) + text[end:]
    for name in ("reduction", "increase"):
        words = reading.readings[name].per_year
        if words and any(w.lower() in text.lower() for w in words.all):
            return True
    return False


def _bare_unit(text: str, row: dict, previous: dict | None, rules: DraftingRules,
               per_year: bool, under_targets: bool = False) -> tuple[str | None, str | None]:
    """The unit of a number printed without one, and the reason it is no quantity (None for
    a quantity): a count a year in a sentence with a per-year word, where a noun it counts
    follows it (none of counts.not_nouns: "2 con số", two digits, counts nothing), a count
    after a bound word, a goal word ("ít nhất 45 đô thị") or a label's colon ("Đầu tư mới
    trạm 5G: 35 trạm") or continuing a list of them, a range after a range lead ("có từ 40 -
    50 tổ chức") or joined by a word ("3 đến 5 đại học"), a number with a scale word ("45 -
    50 triệu lượt khách"), an index's value after a bound word where no noun follows that
    it counts ("chỉ số HDI đạt trên 0,8": no unit), else no quantity. A number after a
    rate's name ("Số bác sĩ trên 1 vạn dân đạt 15 bác sĩ") is that rate's value, in its
    unit, before all these."""
    unit, reason = read_named_rate(text, row, rules)
    if unit is not None or reason is not None:
        return unit, reason
    if per_year:                          # "Mỗi năm … 10 đề tài"; not "tăng trưởng “2 con số”"
        if rules.counts.counted_noun_pattern.match(text, row["end"]):
            return rules.count_per_year, None
        return None, NO_UNIT
    if (row["low"] is not None and rules.counts.counted_noun_pattern.match(text, row["end"])
            and (rules.counts.range_lead_pattern.search(text[:row["start"]])
                 or rules.counts.range_join_pattern.match(text, row["start"]))):
        return rules.counts.unit, None    # a band of counts: "có từ 40 - 50 tổ chức"
    if rules.counts.scale_pattern.match(text, row["end"]):
        return rules.counts.unit, None    # a magnitude: "thu hút 45 - 50 triệu lượt khách"
    if is_bounded_count(text[:row["start"]], rules):
        if not rules.counts.counted_noun_pattern.match(text, row["end"]):
            return None, None             # "chỉ số HDI đạt trên 0,8": an index, no unit
        return rules.counts.unit, None
    if (has_goal(text, row, rules, under_targets) or after_a_label(text, row, rules)
            or continues_a_count(text, row, previous, rules)):
        return rules.counts.unit, None
    return None, NO_UNIT


def _read_number(text: str, m: re.Match, nxt: re.Match | None, masked: list,
                 rules: DraftingRules, reading: TargetReading,
                 per_year: bool) -> tuple[dict, re.Match | None]:
    """The value (or low and high, where a range word joins it to the next number `nxt`,
    then returned), unit and span of the number `m`: a unit printed after it
    (forms.printed_unit), else a bounded measure after a bound word ("đạt tối thiểu 68 năm";
    not the "năm" of a year)."""
    row = {"start": m.start(), "value": parse_number(m.group(1), rules), "low": None,
           "high": None}
    unit, end = printed_unit(text, m.end(), masked, rules, per_year)
    second = None
    if nxt is not None and _connector(text[end:nxt.start()], reading):
        second = nxt
        unit2, end = printed_unit(text, nxt.end(), masked, rules, per_year)
        low, high = row["value"], parse_number(nxt.group(1), rules)
        row.update(value=None, low=min(low, high), high=max(low, high))
        unit = unit2 or unit
    if unit is None and _bounded(text[:m.start()], rules, reading):
        measure, after = unit_at(text, end, rules, rules.measure_patterns)
        if not any(a < after <= b for a, b in masked):
            unit, end = measure, after
    row.update(unit=unit, end=end, printed=text[m.start():end])
    return row, second


def _a_procedure_time(text: str, read: dict, previous: dict | None, masked: list,
                      new_time: bool, to_level: re.Pattern | None,
                      rules: DraftingRules) -> dict:
    """`read` (a number with no unit) with the number of days after it as its unit, marked
    `time_cut`, where it is a time a plan sets (procedures: a cut of a time, the level a time
    is cut to, or a procedure's new time, `new_time`); else `read` as it was (a number with
    a unit, too)."""
    if read["unit"] is not None:
        return read
    measure, after = unit_at(text, read["end"], rules, rules.measure_patterns)
    if measure is None or any(a < after <= b for a, b in masked):
        return read
    before = text[:read["start"]]
    joined = previous is not None and joins_a_list(text[previous["end"]:read["start"]], rules)
    if new_time or cuts_a_time(before, previous, rules.time_cuts, joined, to_level):
        return {**read, "unit": measure, "end": after, "printed": text[read["start"]:after],
                "time_cut": True}
    return read


def _cut_to_pattern(rules: DraftingRules, to_level: tuple[str, ...]) -> re.Pattern | None:
    """A to-level word just before a number, closing a change from a level printed after a
    word of starting_levels, within its gap words ("từ 7 ngày xuống còn 5"): a cut of a time
    to a level, read with time_cuts; None without to-level words or words of a cut."""
    if not to_level or not rules.time_cuts.cuts:
        return None
    words = "|".join(re.escape(w) for w in sorted(to_level, key=len, reverse=True))
    start = alternation(rules.starting_levels.words).pattern
    gap = rules.starting_levels.gap_words
    return re.compile(rf"(?:{start})\s*\d[\d.,]*(?:\s+[^\W\d_]+){{0,{gap}}}\s+(?:{words})\s*$",
                      re.IGNORECASE)


def _under_targets(s) -> bool:
    """The sentence stands under a heading of specific targets (a missing mark: no)."""
    return bool(pd.notna(s.under_targets) and s.under_targets)


def _awards_above(s, rules: DraftingRules) -> bool:
    """A heading above the sentence or its list lead names an award (allocations.awards:
    "2. Bằng khen của Chủ tịch UBND tỉnh"; a missing mark: no)."""
    lead = _lead(s)
    return bool(pd.notna(s.under_awards) and s.under_awards) or (
        lead is not None and rules.allocations.award_pattern.search(lead) is not None)


def _lead(s) -> str | None:
    """The words of the list lead the sentence is an item of (None: no list)."""
    return s.lead_text if isinstance(s.lead_text, str) else None


def _a_plan_area(text: str, start: int, s, rules: DraftingRules) -> str | None:
    """Why the number at `start` is the extent of the area a plan draws (planned.a_plan_area),
    not under a heading of specific targets; else None."""
    return None if _under_targets(s) else a_plan_area(
        text, start, rules.planned_figures, rules.counts.goal_pattern, _lead(s))


def _a_specification(text: str, start: int, s, rules: DraftingRules) -> str | None:
    """Why the number at `start` specifies how an activity is done (planned.a_specification),
    not under a heading of specific targets nor in an item of a list of aims; else None."""
    if _under_targets(s) or rules.counts.leads_goals(_lead(s)):
        return None
    return a_specification(text, start, rules.planned_figures, rules.counts.goal_pattern)


def _number_words(s, text: str, rules: DraftingRules) -> list[dict]:
    """The number words of a sentence that prints a year ("tất cả", number_words), each with
    its reason where it is no target (a scope, all of one's tasks, a plan's area)."""
    found = []
    for words in rules.number_words:
        for match in words.pattern.finditer(text):
            scope = words.scope_pattern.search(text[:match.start()])
            found.append({"sentence": s.sentence, "start": match.start(),
                          "end": match.end(), "printed": match.group(0),
                          "value": words.value, "low": None, "high": None,
                          "unit": words.unit, "number_word": True,
                          "reason": (scope and (f"a scope (after {scope.group(0)!r}: "
                                                "across all), not a target"))
                          or (words.tasks and words.task_pattern.match(text, match.end())
                              and "all of one's tasks ('toàn bộ các nhiệm vụ được "
                                  "giao'), a duty to do, not a share to reach")
                          or _a_plan_area(text, match.start(), s, rules)})
    return found


def find_quantities(sentences: pd.DataFrame, rules: DraftingRules,
                    reading: TargetReading) -> pd.DataFrame:
    """One row per number (or range, or number word) of every sentence, with its value or
    low and high and its unit; a number that is not a target's quantity keeps a reason (a
    year, a reference such as "số 1393/QĐ-TTg", a number with no unit)."""
    number = _number_pattern(rules)
    to_level = tuple(w for name in ("reduction", "increase")
                     if (words := reading.readings[name].to_level) for w in words.all)
    cut_to = _cut_to_pattern(rules, to_level)
    rows, labels, field = [], {}, None
    for s in sentences.itertuples():
        text = s.text
        labels.setdefault(s.line, text.split(":")[0] if ":" in text else None)
        label = text.split(":")[0] if ":" in text else None
        field = rules.time_cuts.field(label, field)
        new_time = rules.time_cuts.new_time(label, field)
        masked = [(a, b) for a, b, _ in s.years]
        masked += [m.span() for m in rules.base_year_pattern.finditer(text)]
        matches = [m for m in number.finditer(text)
                   if not any(a <= m.start() < b for a, b in masked)]
        i, previous, first = 0, None, len(rows)
        per_year = _per_year(text, matches, rules, reading)
        while i < len(matches):
            m = matches[i]
            if previous is not None and m.start() < previous["end"]:
                i += 1                  # in the unit before it: "… trên 10.000 dân"
                continue
            nxt = matches[i + 1] if i + 1 < len(matches) else None
            read, second = _read_number(text, m, nxt, masked, rules, reading, per_year)
            read = _a_procedure_time(text, read, previous, masked, new_time, cut_to, rules)
            i += 2 if second is not None else 1
            row = {"sentence": s.sentence, "number_word": False, "reason": None, **read}
            if row["unit"] is None and (rank := read_rank(text, row, previous, rules)) is not None:
                row["unit"], row["reason"] = rank          # "thuộc tốp 3 nước dẫn đầu"
            else:
                row["reason"] = (not_a_quantity(text, row, m, rules, second)
                                 or continues_a_reference(text, row, previous, rules)
                                 or starts_a_change(text, row, rules, to_level)
                                 or a_factor(text, row, rules)
                                 or an_allocation(text, row, rules, _lead(s))
                                 or a_planned_figure(text, row, rules.planned_figures,
                                                     rules.counts.goal_pattern,
                                                     _under_targets(s), _lead(s),
                                                     labels[s.line],
                                                     rules.counts.leads_goals(_lead(s)))
                                 or _a_plan_area(text, row["start"], s, rules)
                                 or _a_specification(text, row["start"], s, rules)
                                 or a_possibility(text, row, rules)
                                 or a_quota_of_awards(text, row, previous, _bound_before(
                                     text[:row["start"]], rules, reading), rules,
                                     _awards_above(s, rules))
                                 or counts_the_items(text, row, previous, rules))
            if row["reason"] is None and row["unit"] is None:
                row["unit"], row["reason"] = _bare_unit(text, row, previous, rules, per_year,
                                                        _under_targets(s)
                                                        or rules.counts.leads_goals(_lead(s)))
                if row["reason"] is None and row["unit"] == rules.counts.unit:
                    row["reason"] = counts_for_each(text, row, previous, rules)
            rows.append(row)
            previous = row
        rows[first:] = share_a_denominator(text, rows[first:], rules)  # "10 bác sĩ và 30 …/vạn"
        rows += spelled_counts(text, s.sentence, rows[first:], rules)   # "ít nhất một trạm"
        rows += spelled_ranks(text, s.sentence, rules)                  # "đứng thứ hai"
        rows[first:] = bounds_the_population(text, rows[first:], rules)  # "trên 15 tuổi"
        rows[first:] = bars_of_counted_members(            # "60 doanh nghiệp có … đạt 20 …"
            text, rows[first:], rules.counted_members,
            (rules.counts.unit, rules.count_per_year), rules.separators,
            rules.parts_of_totals)
        if s.years:
            rows += _number_words(s, text, rules)
        rows[first:] = rules.time_cuts.mark_no_target(         # an estimate, unless aimed at
            rows[first:], label, text, rules.counts.goal_pattern.search(text) is not None
            or _under_targets(s) or bool(reading.words_in("at_least", text)))
    frame = pd.DataFrame(rows, columns=QUANTITY_COLUMNS)
    return frame.sort_values(["sentence", "start"], kind="stable").reset_index(drop=True)
