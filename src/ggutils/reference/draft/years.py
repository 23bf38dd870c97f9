"""The drafter's step 5 (ggutils.reference.draft): the target year of each quantity, from its
own words, its sentence, the total it is a part of, its list lead, its table row's deadline
cell, its heading, else the plan's horizon; and the two marks on sentences that step reads:
the sentence whose total a "Trong đó:" sentence splits (`parts_of_totals`), and whether the
plan's horizon holds where a sentence stands (not in a section of duties, `duty_sections`).
Each is a verb on the frame of sentences or quantities; the words are in
data/reference/drafting_rules.yml."""

from __future__ import annotations

import re

import pandas as pd

from ggutils.reference.draft.frames import with_columns
from ggutils.reference.draft.phrases import alternation, just_before, nfc
from ggutils.reference.draft.rules import DraftingRules


def find_totals(sentences: pd.DataFrame, rules: DraftingRules) -> pd.DataFrame:
    """Adds `total_of`: for a sentence that opens with a word of `parts_of_totals` ("Trong đó:
    … đạt 395 triệu USD; … đạt 05 triệu USD", of which), the sentence before it in its clause,
    whose total it splits into parts; else None."""
    opening = re.compile(rf"\W*(?:{alternation(rules.parts_of_totals).pattern})",
                         re.IGNORECASE)
    sentences = sentences.copy()
    before = sentences["sentence"].shift(1)
    same_clause = sentences["clause"].eq(sentences["clause"].shift(1))
    opens = sentences["text"].map(lambda text: bool(opening.match(text)))
    sentences["total_of"] = [int(b) if o and c else None
                             for b, o, c in zip(before, opens, same_clause, strict=True)]
    return sentences


def find_duty_sections(text: str, sentences: pd.DataFrame,
                       rules: DraftingRules) -> pd.DataFrame:
    """Adds `horizon_holds`: False for a sentence under a numbered heading whose words open
    with one of `duty_sections` ("V. TỔ CHỨC THỰC HIỆN", the duties each body is given), until
    the next heading of the same or a higher level; True elsewhere."""
    duty = re.compile(rf"[\s.):]*(?:{alternation(rules.duty_sections).pattern})",
                      re.IGNORECASE)
    open_headings: list[tuple[int, bool]] = []
    in_duties: dict[int, bool] = {}
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip()
        for heading, pattern in rules.heading_patterns:
            if match := pattern.match(line):
                open_headings = [h for h in open_headings if h[0] < heading.level]
                open_headings.append((heading.level,
                                      bool(duty.match(line, match.end("number")))))
                break
        in_duties[number] = any(is_duty for _, is_duty in open_headings)
    sentences = sentences.copy()
    sentences["horizon_holds"] = [not in_duties.get(n, False) for n in sentences["line"]]
    return sentences


def _opens_a_clause(text: str, start: int, end: int, separators: tuple[str, ...],
                    conjunctions: re.Pattern | None = None) -> bool:
    """The year form at text[start:end] opens a clause of its own: it follows a separator, or
    a word of `conjunctions` ("và"), and words of that clause follow it ("…, đến năm 2030 đạt
    bao phủ toàn dân"; "…; đến năm 2027 có ít nhất 4 bác sĩ"; "cả năm 2025 đạt trên 8% và năm
    2026 đạt từ 10% trở lên"), so it is that clause's year, not the year of a number before
    it ("đạt 42%, vào năm 2030." ends its clause: it is the 42 %'s)."""
    rest = re.split("|".join(re.escape(s) for s in separators), text[end:], maxsplit=1)[0]
    joined = (text[:start].rstrip().endswith(separators)
              or (conjunctions is not None and conjunctions.search(text[:start]) is not None))
    return joined and re.search(r"[^\W\d_]", rest) is not None


def _in_an_earlier_item(text: str, year_end: int, start: int,
                        items: tuple[re.Pattern, ...]) -> bool:
    """A mark of a run-in item (`items`: "(2)") stands before the year and another of the
    same kind between the year and the number ("(1) …, hoàn thành trong tháng 11 năm 2025;
    (2) …; (3) … (iii) … 100% …"): the year is an earlier item's, not the number's."""
    return any(p.search(text, 0, year_end) and p.search(text, year_end, start) for p in items)


def _printed_year(q, s, separators: tuple[str, ...], parts: re.Pattern | None = None,
                  conjunctions: re.Pattern | None = None,
                  items: tuple[re.Pattern, ...] = ()) -> int | None:
    """The year form of the quantity's piece, else of its sentence (read_years); a year after
    a word of `parts` that follows the number ("485 văn bản …, trong đó … 319 văn bản … trong
    năm 2025") is the part's, not the number's; a year of an earlier run-in item (`items`,
    `_in_an_earlier_item`) is not the number's either."""
    in_piece = [(a, y) for a, b, y in s["years"] if q["piece_start"] <= a < q["piece_end"]]
    later = [(a, y) for a, b, y in s["years"]
             if not _opens_a_clause(s["text"], a, b, separators, conjunctions)
             and not (parts is not None and a > q["end"]
                      and parts.search(s["text"], int(q["end"]), a))]
    after = [y for a, y in later if q["end"] <= a < q["stop"]]
    before = [y for a, y in in_piece if a < q["start"]]
    piece_after = [y for a, y in later if q["end"] <= a < q["piece_end"]]
    sentence_before = [y for a, b, y in s["years"] if a < q["piece_start"]
                       and not _in_an_earlier_item(s["text"], b, int(q["start"]), items)]
    sentence_after = [y for a, y in later if a >= q["piece_end"]]
    for candidates, pick in ((after, 0), (before, -1), (piece_after, 0),
                             (sentence_before, -1), (sentence_after, 0)):
        if candidates:
            return candidates[pick]
    return None


def _year_around(q, s, totals: dict, horizon: dict,
                 per_year_units: tuple[str, ...]) -> tuple[int | None, str]:
    """The year of a quantity whose sentence prints none, and where it came from: the total
    its sentence splits, its paragraph's opening year, its list lead, its row's deadline
    cell, its heading, the horizon."""
    total = s.get("total_of")
    if total is not None and pd.notna(total) and int(total) in totals:
        return totals[int(total)], "the total's sentence (its part: 'trong đó')"
    if pd.notna(s.get("frame_year")):
        return int(s["frame_year"]), "paragraph's opening year ('Đến năm …, …' before it)"
    if pd.notna(s["lead_year"]):
        return int(s["lead_year"]), "list lead"
    if s["row_deadline"]:
        if pd.notna(s["row_year"]):
            return int(s["row_year"]), "row's deadline cell"
        return None, ""                 # "Thực hiện thường xuyên, liên tục": no deadline
    if pd.notna(s["heading_year"]):
        return int(s["heading_year"]), f"heading {s['clause']}"
    per_year = q["unit"] in per_year_units or q["form"] == "annual_rate"
    if (horizon.get("year") is not None and s.get("horizon_holds", True)
            and (horizon.get("scope", "plan") == "plan" or per_year)):
        return horizon["year"], f"plan horizon ({horizon['from']})"
    return None, ""


def read_years(quantities: pd.DataFrame, sentences: pd.DataFrame, horizon: dict,
               per_year_units: tuple[str, ...] = (), separators: tuple[str, ...] = (",", ";"),
               parts: tuple[str, ...] = (),
               conjunctions: tuple[str, ...] = (),
               items: tuple[re.Pattern, ...] = ()) -> pd.DataFrame:
    """The target year of each target quantity: a year form of its piece (the first after the number
    and before the next one, else the nearest before it, else the first after the next one:
    "nhóm 4 … và nhóm 60 … vào năm 2028" dates both), else of its sentence (the nearest before
    the piece, else the first after), else the year of the total its sentence splits
    (`total_of`: the last year read for that sentence's targets), else the year opening an
    earlier sentence of its paragraph (`frame_year`: "Đến năm 2025, …. Cắt giảm 20% …"), else
    the year of the list lead it is an item of, else its table row's deadline cell
    (table_deadlines; a cell that only says "thường xuyên, liên tục" leaves the year empty, the
    horizon too), else its nearest heading's year (within that heading's section), else the
    plan's horizon (a horizon of `scope` "per_year" only for a target in one of `per_year_units`
    or an annual rate; none where `horizon_holds` is False, in a section of duties); `year_from`
    says which; empty where the text gives none. A year after the number that opens a clause of
    its own (`_opens_a_clause`: after a separator or a word of `conjunctions`, "… 8% và năm 2026
    đạt từ 10%"), or that follows a word of `parts` after the number ("trong đó", a part's own
    year), is not its year, nor is a year before it in an earlier run-in item of its sentence
    (`items`: "(1) … năm 2025; (2) …; (3) … 100% …")."""
    parts_pattern = alternation(list(parts)) if parts else None
    joins = just_before(list(conjunctions)) if conjunctions else None
    values: dict = {}
    totals: dict = {}
    by_id = sentences.set_index("sentence")
    for idx, q in quantities[quantities["reason"].isna()].iterrows():
        s = by_id.loc[q["sentence"]]
        nxt = quantities[(quantities["sentence"] == q["sentence"])
                         & (quantities["start"] > q["start"])
                         & quantities["reason"].isna()]["start"]
        q = {**q, "stop": min([q["piece_end"], *nxt])}
        year, source = (_printed_year(q, s, tuple(separators), parts_pattern, joins, items),
                        "sentence")
        if year is None:
            year, source = _year_around(q, s, totals, horizon, tuple(per_year_units))
        if year is not None:
            totals[q["sentence"]] = year
        base = s["base_year"]
        values[idx] = (year, source or None, int(base) if pd.notna(base) else None)
    return with_columns(quantities, ["target_year", "year_from", "base_year"], values)
