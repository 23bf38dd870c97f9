"""Means, not targets (the drafter's step 2, ggutils.reference.draft.quantities): money a
decision allocates, a rate it sets for those it supports, a share of its funds held in
reserve, the funds a plan needs and a sum transferred between uses (allocations in
data/reference/drafting_rules.yml) are what a plan spends, grants or moves to reach its aims,
no result to reach; its reason said."""

from __future__ import annotations

from ggutils.reference.draft.rules import DraftingRules


def an_allocation(text: str, row: dict, rules: DraftingRules,
                  lead: str | None = None) -> str | None:
    """A sum of money (a unit of allocations.units) within `reading_window_words` words after
    a word of allocations.words ("Bổ sung khoảng 84,3 nghìn tỷ đồng vốn đầu tư công", add
    about 84.3 trillion dong of public investment): money the decision allocates, a means and
    not a result to reach; its reason, else None. Money to reach ("huy động vốn đạt 500 tỷ
    đồng", to mobilise) follows no such word and stays a target. A number within that window
    after a word of allocations.rates ("giảm lãi suất cho vay 2%/năm", "mức thuế suất 5%") is
    a rate the decision sets for those it supports, a means too, unless a goal word
    (counts.goals: "phấn đấu") stands before it in its sentence; so is a number after a word
    of allocations.reserves in its clause (since the last ';': "Dự phòng chung kế hoạch đầu
    tư công … là 10%"), the share of the funds held in reserve; and so is money after a word
    of allocations.funds in its clause, or in an item of a list whose `lead` names one ("Tổng
    nhu cầu vốn thực hiện: …, trong đó: - Ngân sách trung ương …"), the funds a plan needs and
    their sources, and money after a word of allocations.transfers in its clause, or in an
    item of a list whose lead names one ("điều chuyển số vốn dư … (khoảng 1.500 tỷ đồng)"), a
    sum moved from one use to another, unless a goal word or one of planned_figures.reaching
    stands before it."""
    allocations = rules.allocations
    window = " ".join(text[:row["start"]].split()[-rules.reading_window_words:])
    goal = rules.counts.goal_pattern.search(text, 0, row["start"])
    if (word := allocations.rate_pattern.search(window)) and not goal:
        return f"a rate set for those supported (after {word.group(0)!r}): a means, not a target"
    clause = text.rfind(";", 0, row["start"]) + 1
    if (word := allocations.reserve_pattern.search(text, clause, row["start"])) and not goal:
        return f"a share held in reserve (after {word.group(0)!r}): a means, not a target"
    if (row["unit"] == "%" and allocations.fund_source_pattern.match(text, row["end"])
            and (words := a_means_word(allocations.fund_pattern, text, row, clause, lead,
                                       rules))
            and not goal):
        return (f"the share of the funds a source gives (after {words!r}): a means, not a "
                "target")
    if row["unit"] not in allocations.units:
        return None
    if word := allocations.pattern.search(window):
        return f"a sum allocated (after {word.group(0)!r}): a means, not a target"
    for pattern, what in ((allocations.fund_pattern, "the funds a plan needs"),
                          (allocations.transfer_pattern, "a sum transferred")):
        if (words := a_means_word(pattern, text, row, clause, lead, rules)) and not goal:
            return f"{what} (after {words!r}): a means, not a target"
    return None


def a_means_word(pattern, text: str, row: dict, clause: int, lead: str | None,
                 rules: DraftingRules) -> str | None:
    """The word of `pattern` in the number's clause (from `clause`), or else in its list's
    `lead`, unless a word of planned_figures.reaching stands between it and the number; else
    None."""
    found = pattern.search(text, clause, row["start"])
    words = found or (pattern.search(lead) if lead else None)
    reached = rules.planned_figures.reaching_pattern.search(
        text, found.end() if found else clause, row["start"])
    return words.group(0) if words and not reached else None
