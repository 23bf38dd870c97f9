"""The drafter's step 4 (ggutils.reference.draft), on the frame of quantities of steps 2 and
3 (ggutils.reference.draft.quantities, .enumerations): the comparator, form and tolerance the
words before each target's number give, read through target_reading.yml (the one home of
the comparator words): a bound, an "about", a range, a change."""

from __future__ import annotations

import re

import pandas as pd

from ggutils.reference.draft.frames import with_columns
from ggutils.reference.draft.numbers import a_preposition
from ggutils.reference.draft.phrases import nfc
from ggutils.reference.draft.rules import DraftingRules
from ggutils.reference.draft.year_forms import find_years
from ggutils.reference.reading import TargetReading

BOUND_READINGS = ("hold", "at_least", "more_than", "at_most", "less_than", "about")


# --- 4. Comparators, forms and tolerances from target_reading.yml -------------------------

def last_word(window: str, reading: TargetReading, names) -> tuple[str | None, int]:
    """The reading among `names` whose word ends last in `window` (the longer word where
    two end together: "không dưới" over "dưới")."""
    best, best_key = None, (-1, 0)
    low = window.lower()
    for name in names:
        for word in reading.words_in(name, window):
            end = low.rfind(word.lower()) + len(word)
            key = (end, len(word))
            if key > best_key:
                best, best_key = name, key
    return best, best_key[0]


def read_comparators(quantities: pd.DataFrame, sentences: pd.DataFrame,
                     rules: DraftingRules, reading: TargetReading) -> pd.DataFrame:
    """The reading of each target quantity (target_reading.yml): a range where two numbers
    are joined by a range word; else the bound word nearest before the number, within
    `reading_window_words` words of its piece (a bare number: `bare_number`); a change
    (sign, and annual with a per-year word) where a reduction or increase word stands
    before it in its piece (after its last goal word; or, with none, before the first item
    of the comma list it continues) and no to-level word ("xuống", "lên") stands between (with one,
    a level in the change's direction, `toward`: "giảm … xuống 3%" is a level to lower); a reduction
    against a scenario (`below_scenario`: "so với phương án phát triển bình thường") is a level,
    the reduction itself (`baseline` "scenario"). A comparator word inside a longer word of
    `not_comparators` ("công nghệ sạch hơn") is not read; a strict bound after a negation of
    its clause (`negations`: "không có tỉnh, thành phố đạt dưới 60%") is flipped; a number in
    brackets after a goal named (`bracketed_goals`: "vượt mục tiêu Chính phủ giao (10%)") is
    read by the words before the goal's noun; a rank
    (`ranks`) is read as `ranks.reading`."""
    values: dict = {}
    texts = sentences.set_index("sentence")["text"]
    for idx, q in quantities[quantities["reason"].isna()].iterrows():
        text = texts[q["sentence"]]
        previous = quantities[(quantities["sentence"] == q["sentence"])
                              & (quantities["end"] <= q["start"])
                              & (quantities["start"] >= q["piece_start"])]
        start = max([q["piece_start"], *previous["end"]])
        prefix = rules.not_comparator_pattern.sub(lambda m: " " * len(m.group(0)),
                                                  text[start:q["start"]])
        for a, b, _ in find_years(prefix, rules):
            prefix = prefix[:a] + " " * (b - a) + prefix[b:]
        if rules.bracketed_goals and (goal := rules.bracketed_goals.pattern.search(prefix)):
            prefix = prefix[:goal.start()]     # "vượt mục tiêu … giao (10%)": before the goal
        window = " ".join(prefix.split()[-rules.reading_window_words:])
        name, at = last_word(window, reading, BOUND_READINGS)
        if name and a_preposition(window, at, rules):
            name = None                    # "80% trạm y tế trên toàn tỉnh và 100% cơ sở"
        if name in rules.negations.flips and _negated(text, q, quantities, rules):
            name = rules.negations.flips[name]       # "không có tỉnh nào đạt dưới 60%": >= 60
        if q["low"] is not None and pd.notna(q["low"]):
            name = "range"
        name = name or reading.bare_number
        if q["unit"] == rules.ranks.unit:
            name = rules.ranks.reading          # a rank to reach: the top n, n or better
        change, form, toward = _read_change(text, q, quantities, values, rules, reading)
        unit, baseline = q["unit"], None
        if change == "reduction" and rules.below_scenario.pattern.search(
                text[q["piece_start"]:q["piece_end"]]):
            change, form, baseline = None, "level", "scenario"   # 10 – 20 % below BAU
            unit = rules.below_scenario.unit if unit == "%" else unit
        r = reading.readings[name]
        values[idx] = (name, change, form, r.tolerance, r.tolerance_basis, unit, baseline,
                       toward)
    return with_columns(quantities, ["reading", "change", "form", "tolerance",
                                      "tolerance_basis", "unit", "baseline", "toward"], values)


def _read_change(text: str, q, quantities: pd.DataFrame, values: dict, rules: DraftingRules,
                 reading: TargetReading) -> tuple[str | None, str, str | None]:
    """The change, form and direction (`toward`) of the quantity `q`: a reduction or increase
    word before it in its piece, after its last goal word, and no to-level word between
    (with one, a level in the change's direction: "giảm … xuống 3%"); a per-year word makes it
    annual; with none, the change of the list it continues ("cắt giảm 50% …, 50% …")."""
    piece = text[_after_goal(text, q, rules):q["start"]]
    piece = rules.not_change_pattern.sub(lambda m: " " * len(m.group(0)), piece)
    change, at = last_word(piece, reading, ("reduction", "increase"))
    if (labelled := _time_label(text, q, rules)) == "saved" and change is None:
        return "reduction", "change_since_base", None     # "… TTHC tiết kiệm: 45 ngày"
    if labelled == "after":
        return None, "level", None                 # "… TTHC sau khi cắt giảm: 3 ngày"
    if change is None:
        listed = _listed_change(text, q, quantities, values, rules)
        return (*listed, None) if listed else (None, "level", None)
    to_level = reading.readings[change].to_level
    if to_level and _to_level_in(piece[at:], to_level.all,
                                 rules.starting_levels.closing_only):
        return None, "level", change               # "giảm … xuống 3%": a level, to lower
    per_year = reading.readings[change].per_year
    whole = text[q["piece_start"]:q["piece_end"]]
    annual = per_year and (_has_words(whole, per_year.all) or _opens_with(text, per_year.all))
    return change, "annual_rate" if annual else "change_since_base", None


def _time_label(text: str, q, rules: DraftingRules) -> str | None:
    """What the label of the sentence of `q`, a number of days (bounded_measures) after that
    label, says of it in a plan to simplify procedures: "saved", the time the plan saves
    (time_cuts.saved: "Thời gian giải quyết TTHC tiết kiệm: 45 ngày"), a cut of the time, a
    reduction; "after", the time it leaves (time_cuts.after_cut: "… sau khi cắt giảm: 3
    ngày"), a level whatever cut word the label holds; else None."""
    colon = text.find(":")
    if not (0 <= colon < q["start"]) or q["unit"] not in {m.unit for m in rules.bounded_measures}:
        return None
    label = text[:colon]
    return ("saved" if rules.time_cuts.saved(label)
            else "after" if rules.time_cuts.after_cut(label) else None)


def _listed_change(text: str, q, quantities: pd.DataFrame, values: dict,
                   rules: DraftingRules) -> tuple[str, str] | None:
    """The change and form of the quantity right before `q` in its sentence, where `q` opens
    its piece right after one of `list_separators`, is in the same unit, and that quantity is
    the object of its change word, the thing changed following it ("cắt giảm 50% thời gian
    …, 50% chi phí …": the next item of a list its change word governs), or a duration
    (bounded_measures) whose own unit is the thing changed ("Giảm 7,5 ngày, 03 ngày", a cut
    of two times, time_cuts); else None. After a
    change that closes its clause ("tỷ lệ hộ nghèo giảm 1,5%, 100% hộ dân …") the number
    starts a target of its own."""
    if text[q["piece_start"]:q["start"]].strip():
        return None
    lead = text[:q["piece_start"]].rstrip()
    if not any(lead.endswith(mark) for mark in rules.list_separators):
        return None
    before = quantities[(quantities["sentence"] == q["sentence"])
                        & (quantities["end"] <= q["start"]) & quantities["reason"].isna()]
    if before.empty or (last := before["end"].idxmax()) not in values:
        return None
    change, form, unit = values[last][1], values[last][2], values[last][5]
    if change is None or unit != q["unit"]:
        return None
    obj = text[int(quantities.at[last, "end"]):len(lead)]
    if re.search(r"[^\W\d_]", obj):                                   # "50% thời gian …,"
        return change, form
    measures = {m.unit for m in rules.bounded_measures}      # "Giảm 7,5 ngày, 03 ngày": the
    return (change, form) if unit in measures and not obj.strip(" ,;") else None  # time cut


def _after_goal(text: str, q, rules: DraftingRules) -> int:
    """Where the words of the target's change start: after the last goal word (counts.goals:
    "phấn đấu") before the number in its piece, else at the piece's start; a change word before
    a goal word frames the aim ("nhằm giảm áp lực cung ứng …, phấn đấu tiết kiệm điện tối
    thiểu 3,0%"), it is not the number's change."""
    start = int(q["piece_start"])
    goals = list(rules.counts.goal_pattern.finditer(text, start, int(q["start"])))
    return goals[-1].end() if goals else start


def _negated(text: str, q, quantities: pd.DataFrame, rules: DraftingRules) -> bool:
    """A word of `negations` stands before the quantity in its clause: after the last ';',
    the quantities before it in its sentence and the last goal word (counts.goals: "không để
    xảy ra thiếu hụt …, góp phần thực hiện mục tiêu kiểm soát lạm phát (dưới 4,5%)": the goal
    word opens the target's own words, the negation before it is another clause's)."""
    ends = quantities[(quantities["sentence"] == q["sentence"])
                      & (quantities["end"] <= q["start"])]["end"]
    start = max([text.rfind(";", 0, q["start"]) + 1, *ends])
    goals = list(rules.counts.goal_pattern.finditer(text, start, int(q["start"])))
    start = goals[-1].end() if goals else start
    return bool(rules.negations.pattern.search(text[start:q["start"]]))


def _opens_with(text: str, words) -> bool:
    """The sentence opens with one of `words` as a clause of its own ("Hàng năm, số vụ … tăng
    trên 03%; số vụ … tăng trên 05%": every year, each of them): it holds for every change of
    the sentence, not only the first piece's."""
    low = nfc(text).lower().lstrip()
    return any(re.match(rf"{re.escape(nfc(w).lower())}\s*,", low) for w in words)


def _to_level_in(text: str, words, closing_only) -> bool:
    """A to-level word (`words`) stands in `text`, the words between a change word and its
    number ("giảm … xuống 3%"); one of `closing_only` ("thành", also the first syllable of
    "thành phố", "thành thị") only where it closes `text`, right before the number."""
    closing = {nfc(w).lower() for w in closing_only}
    anywhere = [w for w in words if nfc(w).lower() not in closing]
    last = [nfc(w).lower() for w in words if nfc(w).lower() in closing]
    low = nfc(text).lower()
    return _has_words(text, anywhere) or any(
        re.search(rf"(?<!\w){re.escape(w)}\W*$", low) for w in last)


def _has_words(text: str, words) -> bool:
    low = nfc(text).lower()
    return any(re.search(rf"(?<!\w){re.escape(nfc(w).lower())}(?!\w)", low) for w in words)
