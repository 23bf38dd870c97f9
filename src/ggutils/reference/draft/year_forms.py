"""The years a text prints (the drafter's steps 1 and 2): its year forms (`year_forms`), but
not a base year ("so với năm 2014", `base_year_forms`) nor a document's year of issue
(`issue_years`), and its base year. Which year is a target's is step 5,
ggutils.reference.draft.years."""

from __future__ import annotations

from ggutils.reference.draft.rules import DraftingRules


def find_years(text: str, rules: DraftingRules) -> list[tuple[int, int, int]]:
    """(start, end, year) of every year form in `text`, the first form of the rules winning
    where two overlap; base-year forms ("so với năm 2014"), a document's year of issue
    (issue_years: "Nghị quyết 70-NQ/TW năm 2025") and the period of a standard a target is
    measured by (standard_periods: "theo Bộ tiêu chí … giai đoạn 2026 - 2030") are left
    out, and so is a year in brackets that hold an equation (time_cuts.equations: "(01 giờ
    làm việc = 40.000 đồng theo bình quân thu nhập năm 2024 …)", the year of an estimate's
    input)."""
    taken = [m.span() for m in rules.base_year_pattern.finditer(text)]
    taken += [m.span() for m in rules.issue_years.pattern.finditer(text)]     # no deadline
    taken += [m.span() for m in rules.standard_periods.pattern.finditer(text)]  # a standard's
    taken += rules.time_cuts.equation_spans(text)     # an estimate's input: "(… năm 2024)"
    found = []
    for form, pattern in rules.year_patterns:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            years = [int(g) for g in match.groups() if g]
            year = years[-1] if form.year == "last" else years[0]
            low, high = rules.year_range
            if low <= year <= high:
                taken.append(span)
                found.append((span[0], span[1], year))
    return sorted(found)


def find_base_year(text: str, rules: DraftingRules) -> int | None:
    for match in rules.base_year_pattern.finditer(text):
        years = [int(g) for g in match.groups() if g]
        if years:
            return years[0]
    return None
