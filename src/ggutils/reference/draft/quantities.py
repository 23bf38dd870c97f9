"""The drafter's steps 2 to 4 (ggutils.reference.draft), on a frame of quantities: the numbers,
ranges and units of each sentence, one piece of an enumeration per target, and the
comparator, form and tolerance its words give (target_reading.yml); its years are step 5
(ggutils.reference.draft.years). Each is a verb on the frame; a row it cannot read keeps a
`reason`."""

from __future__ import annotations

import re

import pandas as pd

from ggutils.reference.draft.forms import (
    a_factor,
    printed_unit,
    spelled_counts,
    starts_a_change,
    unit_at,
)
from ggutils.reference.draft.members import NO_UNIT, bars_of_counted_members
from ggutils.reference.draft.numbers import (
    a_preposition,
    after_a_label,
    an_allocation,
    bounds_the_population,
    continues_a_count,
    continues_a_reference,
    counts_for_each,
    counts_the_items,
    has_goal,
    is_bounded_count,
    not_a_quantity,
    read_rank,
)
from ggutils.reference.draft.phrases import nfc
from ggutils.reference.draft.rules import DraftingRules
from ggutils.reference.draft.year_forms import find_years
from ggutils.reference.reading import TargetReading

QUANTITY_COLUMNS = ["sentence", "start", "end", "printed", "value", "low", "high", "unit",
                    "number_word", "reason"]
BOUND_READINGS = ("hold", "at_least", "more_than", "at_most", "less_than", "about")

def with_columns(frame: pd.DataFrame, columns: list[str], values: dict) -> pd.DataFrame:
    """`frame` with `columns` set from `values` ({row label: tuple of values}); rows not in
    `values` keep what they had (None for a new column)."""
    frame = frame.copy()
    for i, column in enumerate(columns):
        old = frame[column] if column in frame else pd.Series(None, index=frame.index)
        frame[column] = pd.Series([values[idx][i] if idx in values else old[idx]
                                   for idx in frame.index], index=frame.index, dtype=object)
    return frame


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


def _bounded(before: str, rules: DraftingRules, reading: TargetReading) -> bool:
    """A bound word of target_reading.yml ends just before the number ("đạt tối thiểu")."""
    window = " ".join(before.split()[-rules.reading_window_words:])
    name, end = _last_word(window, reading, BOUND_READINGS)
    return name is not None and end == len(window) and before[-1:].isspace()


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
               per_year: bool) -> tuple[str | None, str | None]:
    """The unit of a number printed without one, and the reason it is no quantity (None for
    a quantity): a count a year in a sentence with a per-year word, a count after a bound
    word, a goal word ("ít nhất 45 đô thị") or a label's colon ("Đầu tư mới trạm 5G: 35
    trạm") or continuing a list of them, an index's value
    after a bound word where no noun follows that it counts ("chỉ số HDI đạt trên 0,8": no
    unit), else no quantity."""
    if per_year:
        return rules.count_per_year, None
    if is_bounded_count(text[:row["start"]], rules):
        if not rules.counted_noun_pattern.match(text, row["end"]):
            return None, None             # "chỉ số HDI đạt trên 0,8": an index, no unit
        return rules.counts.unit, None
    if (has_goal(text, row, rules) or after_a_label(text, row, rules)
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


def find_quantities(sentences: pd.DataFrame, rules: DraftingRules,
                    reading: TargetReading) -> pd.DataFrame:
    """One row per number (or range, or number word) of every sentence, with its value or
    low and high and its unit; a number that is not a target's quantity keeps a reason (a
    year, a reference such as "số 1393/QĐ-TTg", a number with no unit)."""
    number = _number_pattern(rules)
    to_level = tuple(w for name in ("reduction", "increase")
                     if (words := reading.readings[name].to_level) for w in words.all)
    rows = []
    for s in sentences.itertuples():
        text = s.text
        masked = [(a, b) for a, b, _ in s.years]
        masked += [m.span() for m in rules.base_year_pattern.finditer(text)]
        matches = [m for m in number.finditer(text)
                   if not any(a <= m.start() < b for a, b in masked)]
        i, previous, first = 0, None, len(rows)
        per_year = _per_year(text, matches, rules, reading)
        while i < len(matches):
            m = matches[i]
            nxt = matches[i + 1] if i + 1 < len(matches) else None
            read, second = _read_number(text, m, nxt, masked, rules, reading, per_year)
            i += 2 if second is not None else 1
            row = {"sentence": s.sentence, "number_word": False, "reason": None, **read}
            if row["unit"] is None and (rank := read_rank(text, row, previous, rules)) is not None:
                row["unit"], row["reason"] = rank          # "thuộc tốp 3 nước dẫn đầu"
            else:
                row["reason"] = (not_a_quantity(text, row, m, rules, second)
                                 or continues_a_reference(text, row, previous, rules)
                                 or starts_a_change(text, row, rules, to_level)
                                 or a_factor(text, row, rules)
                                 or an_allocation(text, row, rules)
                                 or counts_the_items(text, row, previous, rules))
            if row["reason"] is None and row["unit"] is None:
                row["unit"], row["reason"] = _bare_unit(text, row, previous, rules, per_year)
                if row["reason"] is None and row["unit"] == rules.counts.unit:
                    row["reason"] = counts_for_each(text, row, previous, rules)
            rows.append(row)
            previous = row
        rows += spelled_counts(text, s.sentence, rows[first:], rules)   # "ít nhất một trạm"
        rows[first:] = bounds_the_population(text, rows[first:], rules)  # "trên 15 tuổi"
        rows[first:] = bars_of_counted_members(            # "60 doanh nghiệp có … đạt 20 …"
            text, rows[first:], rules.counted_members,
            (rules.counts.unit, rules.count_per_year), rules.separators,
            rules.parts_of_totals)
        if s.years:
            for words in rules.number_words:
                for match in words.pattern.finditer(text):
                    rows.append({"sentence": s.sentence, "start": match.start(),
                                 "end": match.end(), "printed": match.group(0),
                                 "value": words.value, "low": None, "high": None,
                                 "unit": words.unit, "number_word": True, "reason": None})
    frame = pd.DataFrame(rows, columns=QUANTITY_COLUMNS)
    return frame.sort_values(["sentence", "start"], kind="stable").reset_index(drop=True)


# --- 3. Enumerations: one piece of a sentence per target ----------------------------------

def split_enumerations(quantities: pd.DataFrame, sentences: pd.DataFrame,
                       rules: DraftingRules) -> pd.DataFrame:
    """Cut each sentence at its separators into pieces; a piece without a quantity joins
    the piece before it ("Trên 70% đô thị cấp III, IV, V có ..."; "tỷ lệ các xã phường, thị
    trấn ... đạt 100%"), but never across a ';', so "95% chất thải rắn đô thị, 75% chất thải
    rắn nông thôn ..." gives one piece per number. A piece without a quantity that opens with
    a negation ("không có tỉnh, thành phố đạt dưới 60%") joins the piece after it instead.
    Adds `piece_start`, `piece_end` and `piece` (verbatim) to every quantity."""
    values: dict = {}
    seps = "".join(re.escape(s) for s in rules.separators)
    texts = sentences.set_index("sentence")["text"]
    for sid, group in quantities[quantities["reason"].isna()].groupby("sentence"):
        text = texts[sid]
        cuts = [m.end() for m in re.finditer(rf"[{seps}](?=\s|$)", text)]
        bounds = list(zip([0, *cuts], [*cuts, len(text)], strict=True))
        pieces: list[list[int]] = []
        for start, end in bounds:
            has = ((group["start"] >= start) & (group["start"] < end)).any()
            joins = pieces and text[start - 1] != ";"
            negation = not has and rules.negation_pattern.match(text[start:end].lstrip())
            if joins and (not has or not pieces[-1][2]) and not negation:
                pieces[-1][1] = end        # after a quantity, or before the first one
                pieces[-1][2] = pieces[-1][2] or has
            else:
                pieces.append([start, end, has])
        for start, end, _ in pieces:
            inside = group.index[(group["start"] >= start) & (group["start"] < end)]
            piece = text[start:end].strip().rstrip(seps).strip()
            offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            for idx in inside:
                values[idx] = (offset, offset + len(piece), piece)
    return with_columns(quantities, ["piece_start", "piece_end", "piece"], values)


# --- 4. Comparators, forms and tolerances from target_reading.yml -------------------------

def _last_word(window: str, reading: TargetReading, names) -> tuple[str | None, int]:
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
    before it in its piece and no to-level word ("xuống", "lên") stands between (with one,
    a level in the change's direction, `toward`: "giảm … xuống 3%" is a level to lower); a reduction
    against a scenario (`below_scenario`: "so với phương án phát triển bình thường") is a level,
    the reduction itself (`baseline` "scenario"). A comparator word inside a longer word of
    `not_comparators` ("công nghệ sạch hơn") is not read; a strict bound after a negation of
    its clause (`negations`: "không có tỉnh, thành phố đạt dưới 60%") is flipped; a rank
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
        window = " ".join(prefix.split()[-rules.reading_window_words:])
        name, at = _last_word(window, reading, BOUND_READINGS)
        if name and a_preposition(window, at, rules):
            name = None                    # "80% trạm y tế trên toàn tỉnh và 100% cơ sở"
        if name in rules.negations.flips and _negated(text, q, quantities, rules):
            name = rules.negations.flips[name]       # "không có tỉnh nào đạt dưới 60%": >= 60
        if q["low"] is not None and pd.notna(q["low"]):
            name = "range"
        name = name or reading.bare_number
        if q["unit"] == rules.ranks.unit:
            name = rules.ranks.reading          # a rank to reach: the top n, n or better
        piece = text[q["piece_start"]:q["start"]]
        piece = rules.not_change_pattern.sub(lambda m: " " * len(m.group(0)), piece)
        change, at = _last_word(piece, reading, ("reduction", "increase"))
        form, toward = "level", None
        if change is not None:
            to_level = reading.readings[change].to_level
            between = piece[at:]
            if to_level and _has_words(between, to_level.all):
                change, toward = None, change      # "giảm … xuống 3%": a level, to lower
            else:
                per_year = reading.readings[change].per_year
                whole = text[q["piece_start"]:q["piece_end"]]
                form = ("annual_rate" if per_year and (_has_words(whole, per_year.all)
                                                       or _opens_with(text, per_year.all))
                        else "change_since_base")
        unit, baseline = q["unit"], None
        if change == "reduction" and rules.scenario_pattern.search(
                text[q["piece_start"]:q["piece_end"]]):
            change, form, baseline = None, "level", "scenario"   # 10 – 20 % below BAU
            unit = rules.below_scenario.unit if unit == "%" else unit
        r = reading.readings[name]
        values[idx] = (name, change, form, r.tolerance, r.tolerance_basis, unit, baseline,
                       toward)
    return with_columns(quantities, ["reading", "change", "form", "tolerance",
                                      "tolerance_basis", "unit", "baseline", "toward"], values)


def _negated(text: str, q, quantities: pd.DataFrame, rules: DraftingRules) -> bool:
    """A word of `negations` stands before the quantity in its clause: after the last ';'
    and the quantities before it in its sentence."""
    ends = quantities[(quantities["sentence"] == q["sentence"])
                      & (quantities["end"] <= q["start"])]["end"]
    start = max([text.rfind(";", 0, q["start"]) + 1, *ends])
    return bool(rules.negation_pattern.search(text[start:q["start"]]))


def _opens_with(text: str, words) -> bool:
    """The sentence opens with one of `words` as a clause of its own ("Hàng năm, số vụ … tăng
    trên 03%; số vụ … tăng trên 05%": every year, each of them): it holds for every change of
    the sentence, not only the first piece's."""
    low = nfc(text).lower().lstrip()
    return any(re.match(rf"{re.escape(nfc(w).lower())}\s*,", low) for w in words)


def _has_words(text: str, words) -> bool:
    low = nfc(text).lower()
    return any(re.search(rf"(?<!\w){re.escape(nfc(w).lower())}(?!\w)", low) for w in words)
