"""The unit printed after a number, and forms of a quantity that a number and a unit of
`units` do not give (the drafter's step 2, ggutils.reference.draft.quantities): a rate per a
denominator ("4/100.000 trẻ đẻ sống", rates; one denominator shared by two numerators, "10
bác sĩ và 30 giường bệnh/1 vạn dân"), a multiple ("1,7 lần", multiples), a small
count spelled in words after a bound word ("ít nhất một trạm", count_words), and the level a
change starts from ("từ 5% xuống 3%", starting_levels). Each is a verb on a
sentence's text and a quantity's row; its words are in data/reference/drafting_rules.yml."""

from __future__ import annotations

import re

from ggutils.reference.draft.members import NO_UNIT
from ggutils.reference.draft.numbers import counts_for_each
from ggutils.reference.draft.phrases import alternation, nfc
from ggutils.reference.draft.rules import DraftingRules

WORD = re.compile(r"\s+([^\W\d_]+)")


def unit_at(text: str, pos: int, rules: DraftingRules,
            patterns: list | None = None) -> tuple[str | None, int]:
    """A spelling of `units` (or of `patterns`) printed from `pos`: its unit and where it
    ends; (None, pos) where none is."""
    for unit, pattern in rules.unit_patterns if patterns is None else patterns:
        if match := pattern.match(text, pos):
            return unit, match.end()
    return None, pos


def printed_unit(text: str, pos: int, masked: list, rules: DraftingRules,
                 per_year: bool) -> tuple[str | None, int]:
    """The unit printed from `pos` (after a number) and where it ends: a spelling of `units`,
    else a rate's words ("ca/1.000 dân", rates), else a multiple's ("lần", multiples; a
    count a year where its sentence has a per-year word, `per_year`: "mỗi năm 1 lần")."""
    unit, end = unit_at(text, pos, rules)
    if unit is None:
        unit, end = read_rate(text, pos, rules, masked)
    if unit is None:
        unit, end = unit_at(text, pos, rules, rules.multiple_patterns)
        if unit is not None and per_year:
            unit = rules.count_per_year
    return unit, end


def read_rate(text: str, pos: int, rules: DraftingRules,
              masked: list[tuple[int, int]]) -> tuple[str | None, int]:
    """The unit of a rate printed from `pos` (after a number): the noun it counts, the mark,
    the denominator and the noun it is per, as printed ("ca/1.000 dân"), and where it ends;
    (None, pos) where no rate is printed. The noun it is per ends before `noun_words` words,
    at a word of `stops`, a year form (`masked`), or a word a number follows. A
    denominator after a word of `per_words` ("trên", per and over) that opens a unit ("trên
    100 tỷ đồng", over 100 billion dong) is a bound's number, no rate's."""
    rates = rules.rates
    match = rates.pattern.match(text, pos)
    if match is None or (match.groupdict().get("per") is not None
                         and unit_at(text, match.end(), rules)[0] is not None):
        return None, pos
    end, words = match.end(), 0
    while words < rates.noun_words and (word := WORD.match(text, end)):
        at = word.start(1)
        if (any(a <= at < b for a, b in masked) or rates.stop_pattern.match(text, at)
                or re.match(r"\s+\d", text[word.end():])):
            break
        end, words = word.end(), words + 1
    return text[pos:end].strip(), end


def share_a_denominator(text: str, rows: list[dict], rules: DraftingRules) -> list[dict]:
    """The sentence's `rows`, a number with no unit made a rate where it shares the
    denominator of the rate after it: the number, the noun it counts (up to
    rates.numerator_words words), one of rates.shared_joins and a rate printed with its mark
    ("có 10 bác sĩ và 30 giường bệnh/1 vạn dân": 10 doctors per 10,000 people). Its unit is
    its noun and the rate's denominator and noun as printed ("bác sĩ/1 vạn dân"). Read from
    the last, so a list of them shares it ("5 dược sĩ, 10 bác sĩ và 30 giường bệnh/…")."""
    rates, out = rules.rates, list(rows)
    marks = "|".join(re.escape(m) for m in rates.marks)
    word, n = r"[^\W\d_]+", max(rates.numerator_words, 1)
    joined = re.compile(rf"\s+(?P<noun>{word}(?:\s+{word}){{0,{n - 1}}})\s*"
                        rf"(?:{rates.shared_join_pattern.pattern})\s+$", re.IGNORECASE)
    shared = set()
    for i in range(len(out) - 2, -1, -1):
        row, rate = out[i], out[i + 1]
        number = re.match(r"[\d.,]+", str(rate["printed"]))
        if (row["unit"] is not None or row["reason"] != NO_UNIT or rate["reason"] is not None
                or number is None or rate["low"] is not None
                or not (i + 1 in shared
                        or rates.pattern.match(text, rate["start"] + number.end()))
                or not (noun := joined.match(text[row["end"]:rate["start"]]))):
            continue
        per = re.search(rf"(?:{marks}).*", rate["unit"])
        end = row["end"] + noun.end("noun")
        out[i] = {**row, "unit": f"{' '.join(noun.group('noun').split())}{per.group(0)}",
                  "reason": None, "end": end, "printed": text[row["start"]:end]}
        shared.add(i)
    return out


def read_named_rate(text: str, row: dict, rules: DraftingRules) -> tuple[str | None,
                                                                         str | None]:
    """A rate named before its value (rates.names: "Số bác sĩ trên 1 vạn dân đạt 15 bác
    sĩ", doctors per 10,000 people): for a bare number after the name in its clause (no
    separator between), the rate's unit, the noun it counts, "/", the denominator and the
    noun it is per as printed ("bác sĩ/1 vạn dân"); for a number inside the name (its
    denominator), the reason it is no target; else (None, None). The noun it is per ends
    before `noun_words` words, at a word of `stops`, of counts.verbs or counts.after ("đạt",
    "khoảng"), or a number."""
    rates = rules.rates
    start = max(text.rfind(sep, 0, row["start"]) for sep in rules.separators) + 1
    stops = alternation([*rates.stops, *rules.counts.verbs, *rules.counts.after])
    for match in rates.name_pattern.finditer(text, start):
        if match.start() > row["start"]:
            break
        if match.start("denominator") <= row["start"] < match.end():
            return None, "the denominator of a rate's name ('trên 1 vạn dân'), not a target"
        end, words = match.end(), 0
        while words < rates.noun_words and (word := WORD.match(text, end)):
            if stops.match(text, word.start(1)):
                break
            end, words = word.end(), words + 1
        if end <= row["start"]:
            per = " ".join(text[match.start("denominator"):end].split())
            return f"{' '.join(match.group('numerator').split())}/{per}", None
    return None, None


def spelled_counts(text: str, sentence: int, rows: list[dict],
                   rules: DraftingRules) -> list[dict]:
    """A row for each count spelled in words after a bound word (count_words: "ít nhất
    một trạm", value 1, the unit of `counts`), with the reason it is no target: one of a set
    ("một trong các dịch vụ": a condition on what is counted), or a count inside a share
    (what each member must have, numbers.counts_for_each). `rows`: the sentence's numbers,
    the one before a count in its clause being the share it may be inside. A count word
    followed by no noun ("một số", some; "một lần", once) gives no row, but a number of
    times after a period word ("ít nhất mỗi năm một lần", at least once a year) is a
    frequency, a count a year (`count_per_year`)."""
    words = rules.count_words
    values = {nfc(key).lower(): value for key, value in words.words.items()}
    found = []
    for match in words.pattern.finditer(text):
        end = match.end("word")
        unit = rules.counts.unit
        of_the = words.of_the_pattern.match(text, end)
        if match.group("period") and unit_at(text, end, rules, rules.multiple_patterns)[0]:
            unit, of_the = rules.count_per_year, None  # "ít nhất mỗi năm một lần"
        elif words.not_noun_pattern.match(text, end) or not (
                of_the or rules.counts.counted_noun_pattern.match(text, end)):
            continue                                  # "một số" (some), "một lần" (once)
        row = {"sentence": sentence, "start": match.start("word"), "end": end,
               "printed": match.group("word"), "low": None, "high": None,
               "value": float(values[nfc(match.group("word")).lower()]),
               "unit": unit, "number_word": True}
        before = [r for r in rows if r["end"] <= row["start"]]
        row["reason"] = (f"one of a set (before {of_the.group(0).strip()!r}): a condition on "
                         "what is counted, not a count to reach" if of_the
                         else counts_for_each(text, row, before[-1] if before else None, rules))
        found.append(row)
    return found


def spelled_ranks(text: str, sentence: int, rules: DraftingRules) -> list[dict]:
    """A row for each rank spelled as an ordinal word after a word of ranks.places ("đứng
    thứ hai về kinh tế số", second: value 2, the unit of ranks), a rank to reach."""
    ranks = rules.ranks
    values = {nfc(key).lower(): value for key, value in ranks.ordinals.items()}
    return [{"sentence": sentence, "start": m.start("word"), "end": m.end("word"),
             "printed": m.group("word"), "low": None, "high": None,
             "value": float(values[nfc(m.group("word")).lower()]), "unit": ranks.unit,
             "number_word": True, "reason": None}
            for m in ranks.ordinal_pattern.finditer(text)]


def a_factor(text: str, row: dict, rules: DraftingRules) -> str | None:
    """A multiple after a word of multiples.factors ("tăng gấp 2 lần", to double): a factor
    on its base, not a level; its reason, else None. After a word of `level_factors` and
    before a named measure of `measures` ("gấp 30 lần GRDP", 30 times the GRDP) it is a
    level, the ratio of two quantities: no reason; so it is after any factor word before a
    base year (`of_base_year`: "tăng gấp 2,5 - 3 lần so với năm 2020", the ratio of the
    target year's level to that year's)."""
    multiples = rules.multiples
    if row["unit"] != multiples.unit or not (
            word := multiples.factor_pattern.search(text[:row["start"]])):
        return None
    printed = " ".join(nfc(word.group(0)).lower().split())
    if (printed in {nfc(w).lower() for w in multiples.level_factors}
            and multiples.measure_pattern.match(text, row["end"])):
        return None
    spaces = re.match(r"\s*", text[row["end"]:]).end()
    if multiples.of_base_year and rules.base_year_pattern.match(text, row["end"] + spaces):
        return None
    return f"a factor on its base (after {word.group(0).strip()!r}), not a level to reach"


def starts_a_change(text: str, row: dict, rules: DraftingRules,
                    to_level: tuple[str, ...]) -> str | None:
    """A number after a word of starting_levels ("từ") that a to-level word follows, after
    at most `gap_words` words and before the next number ("giảm từ 5% xuống 3%"): the level
    a change starts from; its reason, else None. A range ("từ 5% đến 7%") is read before."""
    levels = rules.starting_levels
    if row["low"] is not None or not to_level or not levels.pattern.search(
            text[:row["start"]]):
        return None
    closing = {w.lower() for w in levels.closing_only}
    words = "|".join(re.escape(w) for w in sorted(to_level, key=len, reverse=True)
                     if w.lower() not in closing)
    gap = rf"(?:\s+[^\W\d_]+){{0,{levels.gap_words}}}"
    to = rf"\s+(?:{words})(?!\w)(?:\s+[^\W\d_]+){{0,2}}\s*\d"     # "xuống dưới 30"
    close = "|".join(re.escape(w) for w in to_level if w.lower() in closing)
    to = f"(?:{to}|\\s+(?:{close})\\s*\\d)" if close else to          # "thành 09"
    if re.match(gap + to, text[row["end"]:], re.IGNORECASE):
        return "the level a change starts from (from … to), not a target"
    return None
