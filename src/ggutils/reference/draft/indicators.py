"""The drafter's last steps (ggutils.reference.draft): each quantity matched to a codebook
indicator by its words (with the runner-up and a suggested id when none fits), its comparator
resolved in the indicator's direction, and the sentences no quantity was read from."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ggutils.reference.draft.frames import with_columns
from ggutils.reference.draft.phrases import nfc
from ggutils.reference.draft.rules import DraftingRules
from ggutils.reference.indicators import Codebook
from ggutils.reference.reading import TargetReading

# --- 6. Indicators -----------------------------------------------------------------------------

def _tokens(text: str, ignore: set[str]) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", nfc(text).lower()) if w not in ignore]


def _pairs(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


def _names_subject(name_tokens: list[str], tokens: list[str], kinds: frozenset[str]) -> bool:
    """Whether the words name the subject of an indicator's name: its syllables other than
    `kinds`. A Vietnamese word is often two syllables, so where two subject syllables stand
    together in the name ("tự nhiên" of "Diện tích tự nhiên") the words must hold them
    together, not one alone ("tự" of "an ninh trật tự"); a lone subject syllable ("rừng",
    "GRDP") is enough by itself."""
    subject = set(name_tokens) - kinds
    if not subject:
        return True
    words = {p for p in _pairs(name_tokens) if set(p) <= subject}
    alone = subject - {s for w in words for s in w}
    return bool(words & _pairs(tokens) or alone & set(tokens))


def match_score(words: str, name: str, ignore: set[str],
                kinds: frozenset[str] = frozenset()) -> float:
    """How much of an indicator's name the words hold: the mean of the shares of its words
    and of its word pairs found in them (0 to 1); 0 where the words do not name the name's
    subject, its words other than `kinds` (words of a measure's kind: "tốc độ tăng … bình
    quân"): `_names_subject`."""
    name_tokens = _tokens(name, ignore)
    if not name_tokens:
        return 0.0
    tokens = _tokens(words, ignore)
    if not _names_subject(name_tokens, tokens, kinds):
        return 0.0
    unigram = len(set(name_tokens) & set(tokens)) / len(set(name_tokens))
    pairs = _pairs(name_tokens)
    if not pairs:
        return unigram
    return (unigram + len(pairs & _pairs(tokens)) / len(pairs)) / 2


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def suggest_id(words: str, rules: DraftingRules) -> str:
    """A new indicator id from a target's words ("chất thải rắn nông thôn" ->
    chat_thai_ran_nong_thon), for the reviewer to keep or rename."""
    ignore = set(rules.matching.ignore_words)
    tokens = [fold(t) for t in _tokens(words, ignore)]
    return "_".join(tokens[:rules.matching.suggested_id_words]) or "indicator"


def _nearest_words(quantities: pd.DataFrame, rules: DraftingRules) -> dict:
    """The words nearest each quantity of a piece holding several ("tại các đô thị đặc biệt,
    đô thị loại I lần lượt đạt ít nhất 20% và 5%"): its own words, up to the next quantity,
    after the item of the list before the first quantity that stands in its place (the k-th
    of the last N items, cut at the separators and `list_words`), where that list has as
    many items as the piece has quantities. A piece with one quantity gets none here."""
    cut = "|".join([*(re.escape(s) + r"\s" for s in rules.separators),
                    *(rf"\s{re.escape(w)}\s" for w in rules.list_words)])
    values: dict = {}
    targets = quantities[quantities["reason"].isna()]
    for _, group in targets.groupby(["sentence", "piece_start"]):
        if len(group) < 2:
            continue
        group = group.sort_values("start")
        piece, base = group["piece"].iloc[0], int(group["piece_start"].iloc[0])
        starts = [int(a) - base for a in group["start"]] + [len(piece)]
        items = [i for i in re.split(cut, piece[:starts[0]]) if i.strip()]
        for k, idx in enumerate(group.index):
            own = piece[starts[k]:starts[k + 1]]
            lead = items[len(items) - len(group) + k] if len(items) >= len(group) else ""
            values[idx] = f"{lead} {own}"
    return values


def measures_alike(quantity: pd.Series, indicator_unit: str, rules: DraftingRules) -> bool:
    """Whether a quantity can measure an indicator in `indicator_unit`: a level of a family of
    `matching.separate_families` (a share) only an indicator of that family, a level of any
    other family only an indicator of none of them (an amount); a change, a factor or a level
    without a unit any indicator."""
    family = rules.unit_family(quantity["unit"])
    if quantity["form"] != "level" or family == "none":
        return True
    separate = rules.matching.separate_families
    other = rules.unit_family(indicator_unit)
    return family == other if family in separate or other in separate else True


def match_indicators(quantities: pd.DataFrame, codebook: Codebook,
                     rules: DraftingRules) -> pd.DataFrame:
    """The codebook indicator each target's piece names best (by its name_vi and aliases_vi;
    a tie goes to the indicator the words nearest the number name: between the separators
    around it, or in a piece of several quantities its own words and its item of the list
    before them, `_nearest_words`), with the score and the runner-up; below
    `matching.min_score`: none, and a suggested id. A level in a unit that names a kind of
    indicator ("% below BAU", "% of GDP": any unit but `matching.loose_units`) is matched
    among the indicators of that unit first, since a target takes its indicator's unit; a
    share is never matched to an amount's indicator, nor an amount to a share's
    (`measures_alike`)."""
    values: dict = {}
    ignore = set(rules.matching.ignore_words)
    kinds = frozenset(nfc(w) for w in rules.matching.kind_words)
    names = {i.id: [i.name_vi, *i.aliases_vi] for i in codebook.indicators.values()}
    seps = "".join(re.escape(s) for s in rules.separators)
    nearest = _nearest_words(quantities, rules)
    for idx, q in quantities[quantities["reason"].isna()].iterrows():
        words = q["piece"]
        at = int(q["start"]) - int(q["piece_start"])
        near = nearest.get(idx) or (re.split(rf"[{seps}]\s", words[:at])[-1]
                                    + re.split(rf"[{seps}]\s", words[at:])[0])
        narrows = q["form"] == "level" and q["unit"] not in rules.matching.loose_units
        scored = sorted(((not narrows or codebook[ind].unit == q["unit"],
                          round(max(match_score(words, n, ignore, kinds) for n in ns), 2)
                          if measures_alike(q, codebook[ind].unit, rules) else 0.0,
                          max(match_score(near, n, ignore, kinds) for n in ns), ind)
                         for ind, ns in names.items()), reverse=True)
        (_, best, _, best_id), (_, second, _, second_id) = scored[0], scored[1]
        matched = best >= rules.matching.min_score
        values[idx] = (best_id if matched else None, round(best, 2), second_id,
                       round(second, 2), None if matched else suggest_id(words, rules))
    return with_columns(quantities, ["indicator", "match_score", "runner_up",
                                      "runner_up_score", "suggested_indicator"], values)


def resolve_comparators(quantities: pd.DataFrame, codebook: Codebook,
                        reading: TargetReading,
                        lower: re.Pattern | None = None,
                        separators: tuple[str, ...] = (",", ";")) -> pd.DataFrame:
    """The comparator each reading gives in the target's good direction (a reduction, or a
    level it lowers to, "giảm … xuống 3%": lower; a target whose clause names a measure of
    `lower` before its number (matching.lower_is_better: "lạm phát", "tỷ lệ thất nghiệp";
    the clause since the last of `separators`), its increase ("tốc độ tăng chỉ số giá tiêu
    dùng") included: lower, whatever indicator matched; an increase, a level it raises to or
    a reduction below a scenario: higher; a level: its indicator's, higher where none
    matched), and the signed numbers of a change."""
    values: dict = {}
    for idx, q in quantities[quantities["reason"].isna()].iterrows():
        toward = q.get("toward")
        before = q["piece"][:max(int(q["start"] - q["piece_start"]), 0)]
        words = nfc(re.split("|".join(map(re.escape, separators)), before)[-1])
        named = lower is not None and lower.search(words) is not None
        if "reduction" in (q["change"], toward) or (named and q["baseline"] != "scenario"):
            better = "lower"                     # "tăng chỉ số giá tiêu dùng … khoảng 4,5%"
        elif "increase" in (q["change"], toward) or q["baseline"] == "scenario":
            better = "higher"                            # the reduction itself: more is better
        elif q["indicator"] is None:
            better = "higher"
        else:
            better = codebook[q["indicator"]].better
        sign = reading.readings[q["change"]].sign if q["change"] else 1
        value, low, high = q["value"], q["low"], q["high"]
        if sign == -1:
            value, low, high = (None if pd.isna(value) else -value,
                                None if pd.isna(high) else -high,
                                None if pd.isna(low) else -low)
        values[idx] = (reading.comparator(q["reading"], better), value, low, high)
    return with_columns(quantities, ["comparator", "value", "low", "high"], values)


# --- 7. What could not be read ---------------------------------------------------------------

def unread_sentences(sentences: pd.DataFrame, quantities: pd.DataFrame) -> pd.DataFrame:
    """Sentences that print a year and a number (or a year alone) and gave no target, with
    the reason: the reasons of their numbers, or "a year but no quantity"."""
    targets = set(quantities.loc[quantities["reason"].isna(), "sentence"])
    rows = []
    for s in sentences.itertuples():
        if s.sentence in targets or not s.years:
            continue
        reasons = quantities.loc[quantities["sentence"] == s.sentence, "reason"].dropna()
        reason = "; ".join(dict.fromkeys(reasons)) or "a year but no quantity"
        rows.append({"sentence": s.sentence, "line": s.line, "clause": s.clause,
                     "text": s.text, "reason": reason})
    return pd.DataFrame(rows, columns=["sentence", "line", "clause", "text", "reason"])
