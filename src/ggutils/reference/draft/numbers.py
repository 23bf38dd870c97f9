"""Which numbers of a sentence are a target's quantity (the drafter's step 2,
ggutils.reference.draft.quantities): a reference, a date, a duration, a time of day, a scope
in brackets, an estimate, a named site's size, a quota of awards, a heading's count of its
items or a bound on who a share counts is not (not_quantities, allocations.awards,
counts.items, bounded_measures; its reason said; a sum allocated and the other means in
`means`); a bare number is a count after a bound word, a goal word, "hoàn thành" and its
verb, or a label's colon (counts)."""

from __future__ import annotations

import re

from ggutils.reference.draft.names import counts_a_cited_group
from ggutils.reference.draft.phrases import nfc
from ggutils.reference.draft.rules import DraftingRules


def not_a_quantity(text: str, row: dict, number: re.Match, rules: DraftingRules,
                    last: re.Match | None = None) -> str | None:
    """Why a number (or a range, `last` its second number) is not a target's quantity (None:
    it may be one)."""
    before = text[:row["start"]]
    unit = text[number.end():row["end"]].lstrip() if last is None else ""
    for mark in rules.not_quantities.touching:
        if before.endswith(mark) or (text[number.end():].startswith(mark)
                                     and not unit.startswith(mark)):    # a rate's "/1.000"
            return f"a reference, not a quantity (touches {mark!r})"
        if last is not None and _days(row, text[last.end():], mark):
            return f"a range of days, not a quantity (its end touches {mark!r} and a month)"
    if mark := rules.not_quantities.name_mark_pattern.search(before):
        return f"part of a name, not a quantity (joined to a word by {mark.group(0)[-1]!r})"
    if word := rules.not_quantities.before_pattern.search(before):
        return f"a reference, not a quantity (after {word.group(0).strip()!r})"
    if reason := _not_a_target(text, before, number, rules):
        return reason
    size = rules.not_quantities.size_pattern.search(before)
    if size and _after_a_name(before[:size.start()]):
        return (f"the size of a named project or site, not a level to reach (after "
                f"{size.group(0).strip()!r})")
    if row["unit"] is None and (word := rules.not_quantities.after_pattern.match(
            text, row["end"])):                          # "4,5% năm 2026": a year, no duration
        return f"a duration, not a quantity (before {word.group(0).strip()!r})"
    low, high = rules.year_range
    if (row["unit"] is None and row["value"] is not None
            and re.fullmatch(r"\d{4}", number.group(1)) and low <= row["value"] <= high):
        return "a year"
    return None


def _not_a_target(text: str, before: str, number: re.Match,
                  rules: DraftingRules) -> str | None:
    """A time of day ("0h"), a scope in brackets ("(>10.000 m2)"), an estimate ("ước tính
    khoảng ...") or a bound on a change either way ("tăng, giảm nhỏ hơn 20%") is no target
    (not_quantities): its reason, else None."""
    if rules.not_quantities.time_pattern.match(text, number.end()):
        return "a time of day, not a quantity"
    if mark := rules.not_quantities.scope_pattern.search(before):
        return (f"a scope in brackets (after {mark.group(0).strip()!r}): it defines the noun "
                "before it, not a target")
    window = " ".join(before.split()[-rules.reading_window_words:])
    if word := rules.not_quantities.estimate_pattern.search(window):
        return f"an estimate, not a target (after {word.group(0)!r})"
    if word := rules.not_quantities.either_way_pattern.search(before):
        return (f"a bound on a change either way (after {word.group('word')!r}), a tolerance "
                "that defines a case, not a target")
    return None


def a_possibility(text: str, row: dict, rules: DraftingRules) -> str | None:
    """A number in brackets opening with one of not_quantities.possibilities ("(có thể mở rộng
    lên …)") is a possibility left open, no level set (read after the other reasons, which
    say more: "(có thể bố trí … mật độ xây dựng tối đa 5%)" is a norm): its reason, else
    None."""
    if rules.not_quantities.possibilities and rules.not_quantities.possibility_pattern.search(
            text[:row["start"]]):
        return "a possibility in brackets ('(có thể mở rộng …)'), not a level set to reach"
    return None


def a_quota_of_awards(text: str, row: dict, previous: dict | None, bound: str | None,
                      rules: DraftingRules, named_above: bool = False) -> str | None:
    """A number right after a ceiling (`bound`, the reading of target_reading.yml whose word
    ends just before it, one of allocations.caps: "không quá") in a clause (between ';')
    naming one of allocations.awards ("tặng Bằng khen … (tỷ lệ không quá 10% tập thể"), or
    continuing a list of them ("…, 5% cá nhân"): how many the campaign may reward, awards it
    gives, capped, a means; its reason, else None. Where a heading above the sentence or its
    list lead names an award (`named_above`: "2. Bằng khen của Chủ tịch UBND tỉnh"), a
    number right before one of allocations.awardees, after a ceiling ("Không quá 05 cá
    nhân") or a bare count ("01 cá nhân/01 ban", "chọn 02 trường hợp"), is such a quota
    too. Not where a goal word (counts.goals) stands before it in its clause: "phấn đấu …
    khen thưởng … không quá 5%" is aimed at."""
    allocations = rules.allocations
    if (previous is not None and str(previous["reason"]).startswith("a quota of awards")
            and _joined(text[previous["end"]:row["start"]], rules)):
        return previous["reason"]
    start = text.rfind(";", 0, row["start"]) + 1
    end = text.find(";", row["end"])
    clause = text[start:len(text) if end < 0 else end]
    if rules.counts.goal_pattern.search(text, start, row["start"]):
        return None
    if bound in allocations.caps and (award := allocations.award_pattern.search(clause)):
        return (f"a quota of awards (a ceiling in a clause naming {award.group(0)!r}): how "
                "many may be rewarded, a means, not a target")
    if (named_above and (bound in allocations.caps or row["unit"] is None)
            and allocations.awardee_pattern.match(text, row["end"])):
        return ("a quota of awards (awardees counted, bare or under a ceiling, below a "
                "heading or list lead naming an award): how many may be put forward, a "
                "means, not a target")
    return None


def counts_the_items(text: str, row: dict, previous: dict | None,
                     rules: DraftingRules) -> str | None:
    """A bare number after a word of counts.item_leads and before a word of counts.items
    ("a) Mục tiêu chung (6 mục tiêu)", "gồm 5 nhiệm vụ"), or continuing a list of such counts
    ("gồm 5 nhiệm vụ và 3 nhóm giải pháp"): how many items the text lists (a heading's count
    of its targets or tasks), not a target; so is one before a word of counts.own_items with
    no bound word of counts.after just before it ("04 Chỉ tiêu thực hiện kế hoạch …"), the
    number of a text's indicators, whatever goal word stands before; its reason, else None."""
    counts = rules.counts
    if row["unit"] is not None or not (item := counts.item_pattern.match(text, row["end"])):
        return None
    if lead := counts.item_lead_pattern.search(text[:row["start"]]):
        return (f"a count of the items listed (after {lead.group(0).strip()!r}, before "
                f"{item.group(0).strip()!r}), not a target")
    own = counts.own_item_pattern.match(text, row["end"])
    if own and not counts.after_pattern.search(text[:row["start"]]):
        return (f"the number of a text's own {own.group(0).strip()!r} (no bound word before "
                "it), not a target")
    if (previous is not None and str(previous["reason"]).startswith("a count of the items")
            and _joined(text[previous["end"]:row["start"]], rules)):
        return previous["reason"]
    return None


def joins_a_list(between: str, rules: DraftingRules) -> bool:
    """`between` (the words after a number, up to the next) continues a list (`_joined`)."""
    return _joined(between, rules)


def _joined(between: str, rules: DraftingRules) -> bool:
    """`between` (the words after a number, up to the next) is the first number's noun and a
    separator or a word of `list_words`: the second number continues a list (no ';', no
    other number)."""
    between = between.strip()
    noun = re.sub(rf"\s*(?:[{re.escape(''.join(rules.separators))}]|"
                  rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in rules.list_words)}))$", "",
                  between)
    return noun != between and ";" not in between and not re.search(r"\d", between)


def bounds_the_population(text: str, rows: list[dict], rules: DraftingRules) -> list[dict]:
    """The sentence's `rows` with a reason on each bounded measure (bounded_measures: "trên
    15 tuổi") that stands in the words of a share (a word of counts.shares before it in its
    clause, no number between: "Tỷ lệ người dân trên 15 tuổi …") whose value follows in that
    clause ("… đạt tối thiểu 80%"): it bounds who the share counts, a condition, and the share
    is the target. A clause ends at ';'."""
    measures = {m.unit for m in rules.bounded_measures}
    percent = rules.unit_families.percent_prefix
    out = []
    for row in rows:
        start = text.rfind(";", 0, row["start"]) + 1
        end = text.find(";", row["end"])
        end = len(text) if end < 0 else end
        words = list(rules.counts.share_pattern.finditer(text, start, row["start"]))
        share = any(r["reason"] is None and str(r["unit"] or "").startswith(percent)
                    and row["end"] <= r["start"] < end for r in rows)
        if (row["reason"] is None and row["unit"] in measures and share and words
                and not re.search(r"\d", text[words[-1].end():row["start"]])):
            row = {**row, "reason": (f"a bound on who the share counts (after "
                                     f"{words[-1].group(0)!r}), not a target: the share is")}
        out.append(row)
    return out


def _days(row: dict, after: str, mark: str) -> bool:
    """A range of days of a month: both ends whole numbers from 1 to 31, the second followed
    by `mark` and a month from 1 to 12 ("01 - 08/6")."""
    month = re.match(rf"{re.escape(mark)}(\d{{1,2}})(?!\d)", after)
    return (month is not None and 1 <= int(month.group(1)) <= 12
            and all(float(v).is_integer() and 1 <= v <= 31 for v in (row["low"], row["high"])))


def _after_a_name(before: str) -> bool:
    """`before` ends in a proper name: a capitalised word, not an abbreviation in capitals
    ("KCN"), that does not open its sentence ("Khu vực điện gió Tân Thành")."""
    words = re.findall(r"[^\W\d_]+", before)
    last = words[-1] if words else ""
    return len(words) >= 2 and last[:1].isupper() and not (len(last) > 1 and last.isupper())


def is_bounded_count(before: str, rules: DraftingRules) -> bool:
    """A bound word of `counts` stands just before the number; a preposition among them
    ("trên": over, but also on) only after a verb of `counts.verbs` ("có trên 40 xã"), at
    the start of its sentence ("Trên 40 xã ...") or right after a label's mark (counts.labels:
    "Tạo việc làm: trên 500 người", the label's value), not after another verb ("đổi mới
    trên 4 ngành", to renew on four industries)."""
    word = rules.counts.after_pattern.search(before)
    if word is None:
        return False
    printed = nfc(word.group(0).strip()).lower()
    if printed not in {nfc(p).lower() for p in rules.counts.prepositions}:
        return True
    lead = before[:word.start()].rstrip()
    return (not re.search(r"[^\W\d_]", lead) or lead.endswith(tuple(rules.separators))
            or bool(rules.counts.verb_pattern.search(lead))
            or rules.counts.label_pattern.search(lead) is not None)


def continues_a_reference(text: str, row: dict, previous: dict | None,
                           rules: DraftingRules) -> str | None:
    """A bare number joined by a separator, a list word or only a space to a number that is a
    reference ("các tháng 10, 11, 12, 1, 2 và 3"; "Nghị quyết 59 70 71 72", four resolutions)
    is one too: its reason, else None."""
    if previous is None or previous["reason"] is None or row["unit"] is not None or not (
            previous["reason"].startswith("a reference")):
        return None
    between = text[previous["end"]:row["start"]].strip().lower()
    joins = {"", *rules.separators, *(w.lower() for w in rules.list_words)}
    return previous["reason"] if between in joins else None


def continues_a_count(text: str, row: dict, previous: dict | None,
                      rules: DraftingRules) -> bool:
    """A bare number followed by a noun continues a list of counts whose first count is bound
    ("có ít nhất 6.000 nghiên cứu sinh, 20.000 người học": at least 6,000 doctoral students
    and at least 20,000 students): the number before is a count, and only its noun and a
    separator or a list word stand between them (no ';', no other number)."""
    if previous is None or previous["reason"] is not None or (
            previous["unit"] != rules.counts.unit):
        return False
    return (_joined(text[previous["end"]:row["start"]], rules)
            and bool(rules.counts.counted_noun_pattern.match(text, row["end"])))


def _due(text: str, row: dict, rules: DraftingRules) -> bool:
    """After the number, before the next ';', a clause of its task opens (after a separator)
    with a word of counts.completions and one of counts.deadlines ("phủ sóng 19 thôn, bản …:
    đề nghị …, hoàn thành trong tháng 12 năm 2025"): the task's count is due by then."""
    task = text[row["end"]:].split(";")[0]
    marks = "".join(re.escape(m) for m in rules.separators)
    return re.search(rf"[{marks}]\s*(?:{rules.counts.deadline_pattern.pattern})", task,
                     re.IGNORECASE) is not None


def has_goal(text: str, row: dict, rules: DraftingRules, under_targets: bool = False) -> bool:
    """A word of counts.goals stands before the number in its clause (since the last ';'), or
    a word of counts.completions and a few words of its verb end just before it ("hoàn thành
    sửa đổi, bổ sung 485 văn bản"), or a word of counts.amendments does ("Sửa đổi, bổ sung
    322 văn bản"), or a clause after it opens with one of them and a word of
    counts.deadlines ("…, hoàn thành trong tháng 12 năm 2025", `_due`), or it stands under a
    heading of specific targets
    (`under_targets`, unless a word of ranks.leaders follows: "50 nước dẫn đầu" names a group
    of leaders, a rank), and a noun follows the number (what it counts: a word, none of
    counts.not_nouns), nor is it the second of two numbers joined by one of them ("1
    trong 3 trung tâm": one of three), nor a stage's number ("giai đoạn 2", counts.stages),
    nor a group a cited document defines ("8 lĩnh vực … theo Quyết định 749/QĐ-TTg"), nor
    the provinces and cities a task covers (counts.state_units, with no goal word before it:
    "hỗ trợ 6 thành phố trực thuộc Trung ương")."""
    before = text[:row["start"]]
    clause = before[before.rfind(";") + 1:]
    joined = re.search(rf"\d\s+(?:{rules.counts.not_noun_pattern.pattern})\s*$", clause,
                       re.IGNORECASE)
    listed = under_targets and not rules.ranks.leader_pattern.match(text, row["end"])
    goal = (listed or rules.counts.goal_pattern.search(clause)
            or rules.counts.completion_pattern.search(clause)
            or rules.counts.amendment_pattern.search(clause) or _due(text, row, rules))
    stage = rules.counts.stage_pattern.search(clause)
    scope = (rules.counts.state_units and not listed
             and rules.counts.state_unit_pattern.match(text, row["end"])
             and not rules.counts.goal_pattern.search(clause))
    return (bool(goal) and joined is None and stage is None and not scope
            and bool(rules.counts.counted_noun_pattern.match(text, row["end"]))
            and not counts_a_cited_group(text, row, rules.cited_names))


def after_a_label(text: str, row: dict, rules: DraftingRules) -> bool:
    """A mark of counts.labels (":") ends just before the number, after a label (words with
    a letter: "Lắp đặt mới trạm 3G/4G: 58 trạm", "VNPT: 25 trạm"), and a noun follows the
    number: the label's value, a count to reach."""
    return (rules.counts.label_pattern.search(text[:row["start"]]) is not None
            and bool(rules.counts.counted_noun_pattern.match(text, row["end"])))


def read_rank(text: str, row: dict, previous: dict | None,
              rules: DraftingRules) -> tuple[str, str | None] | None:
    """A rank to reach (ranks): the number after a word of `ranks.words` ("thuộc tốp 3 nước
    dẫn đầu ASEAN", "top 03 vùng"), or after one of `ranks.groups` with a word of
    `ranks.leaders` just after ("đứng vào nhóm 20 quốc gia hàng đầu thế giới"): its unit and
    no reason; where a quantity (`previous`) stands before it in its clause, the group it
    names is the one that count must enter ("ít nhất 8 cơ sở … thuộc nhóm 200 đại học hàng
    đầu"): no target, with that reason; but a rank before it makes it the next rank of a
    list ("nhóm 4 nước dẫn đầu ASEAN và nhóm 60 nước dẫn đầu thế giới"), the group word said
    once ("thuộc nhóm: 70 nước dẫn đầu về …; 50 nước dẫn đầu về …", no number between). None
    where it is no rank."""
    before = text[:row["start"]]
    leads = rules.ranks.leader_pattern.match(text, row["end"])
    listed = (previous is not None and previous["unit"] == rules.ranks.unit
              and re.fullmatch(r"[^\d]*", text[previous["end"]:row["start"]]) is not None)
    if not (rules.ranks.word_pattern.search(before)
            or (leads and (rules.ranks.group_pattern.search(before) or listed))):
        return None
    cut = max(before.rfind(mark) for mark in rules.separators)
    if (previous is not None and previous["reason"] is None and previous["start"] > cut
            and previous["unit"] != rules.ranks.unit):
        return rules.ranks.unit, ("the group a count before it must enter (a rank group), "
                                  "not a target")
    return rules.ranks.unit, None


def counts_for_each(text: str, row: dict, previous: dict | None,
                    rules: DraftingRules) -> str | None:
    """A count after a share of members named after it, in its clause (no ';' between):
    what each member must have ("100% cơ quan, tổ chức sử dụng ít nhất 01 ứng dụng AI":
    every body uses one AI application at least): it defines the members counted, and the
    share is the target. A share that closes its words ("đạt ít nhất 35%, trong đó có ít
    nhất 6.000 nghiên cứu sinh": of which) names no members, and a count after it is a target
    of its own. So is a count in the words of a share before its value, with no number
    between (counts.shares: "Tỉ lệ cơ quan sử dụng ít nhất 01 ứng dụng AI … 100%", the share
    of bodies using one at least). The reason it is no target, else None."""
    clause = text[text.rfind(";", 0, row["start"]) + 1:row["start"]]
    words = list(rules.counts.share_pattern.finditer(clause))
    if words and not re.search(r"\d", clause[words[-1].end():]):
        return "what each member of the share it is in the words of must have"
    if (previous is None or previous["reason"] is not None
            or not str(previous["unit"] or "").startswith(rules.unit_families.percent_prefix)
            or ";" in text[previous["end"]:row["start"]]
            or not re.match(r"\s*[^\W\d_]", text[previous["end"]:])):
        return None
    return "what each member of the share before it must have (the share is the target)"


def a_preposition(window: str, at: int, rules: DraftingRules) -> bool:
    """The bound word ending at `at` is one that is also a preposition (counts.prepositions:
    "trên", over and on) and words stand between it and the number: "trên toàn tỉnh" (across
    the province) bounds no number after it."""
    head = window[:at].lower()
    return (any(re.search(rf"(?<!\w){re.escape(p.lower())}$", head)
                for p in rules.counts.prepositions)
            and re.search(r"[^\W\d_]", window[at:]) is not None)
