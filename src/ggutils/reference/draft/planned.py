"""Planned figures, not targets (the drafter's step 2, ggutils.reference.draft.quantities): a
plan sizes what it draws by a scale ("Quy mô diện tích khu vực khoảng 1.000 ha", the scale of
a zone) and a forecast ("dân số đến năm 2040 dự kiến khoảng 100.000 người", the population a
zone is planned for); such a number is the figure the plan is designed for, no level to
reach. Here are the model of that section of data/reference/drafting_rules.yml
(planned_figures: the words of a scale and of a forecast, and the words of reaching that make
the number a target again; an unknown key is an error naming the file and the key) and the
verb `a_planned_figure`, which gives such a number its reason. A plan's map is drawn to a
scale ("Quy hoạch chung … tỷ lệ 1/10.000", `map_scales`): its numbers are no figure at all."""

from __future__ import annotations

import re
from functools import cached_property

from ggutils.reference.draft.phrases import alternation
from ggutils.reference.validation import Verbatim


class PlannedFigures(Verbatim):
    """A number in a clause (since the last ';', ':' or ', ') that opens with one of `scales`
    ("Quy mô diện tích …", no word before it), or that names one of `forecasts` before it ("…
    dự kiến khoảng") or one of `named_scales` ("Đất cây xanh có quy mô khoảng …"), is a
    planned scale or a forecast; unless one of `reaching` stands between that
    word and the number ("Quy mô GRDP … đạt 660.085 tỷ đồng", "dự kiến đạt 10 triệu USD": a
    level to reach), or a goal word (counts.goals) stands before it in its clause, or its
    sentence stands under a heading of specific targets (target_headings). One of
    `map_scales` followed by "1", a mark "/" or ":" and a number of three digits or more
    ("tỷ lệ 1/2.000", "tỷ lệ 1: 500.000") is the scale a plan's map is drawn to: neither
    number is a figure. An area in one of `land_units` followed by one of `land_shares` and a
    share ("557 ha (chiếm 3,5% diện tích đất xây dựng)") is a plan's land budget: neither the
    area nor the share is a target, unless a goal word or one of `reaching` stands before it
    in its clause (since the last ';' or ':'). A number in an item of a list whose lead opens
    with one of `forecast_leads` ("Dự báo, quy mô … ; Trong đó:") is a part of that forecast,
    unless the lead or the number's clause names a goal word or one of `reaching`. An area in
    one of `land_units` whose clause (since the last ';' or ':'; a label's, where its value
    follows the colon) opens with one of `land_uses`, after one of `land_use_parts` or none
    ("Đất cây xanh, ký hiệu CX (diện tích khoảng 31,55 ha)", "Diện tích đất dùng chung: 418,8
    ha"), is the land a plan allots to that use: a land budget, same exceptions. A number
    after one of `design_norms` in its clause ("Mật độ xây dựng gộp tối đa 40%", "chiều rộng
    tối thiểu 10m") is a norm of the plan's design, whatever bound it has: unless a goal word
    stands before it in its clause, or a heading of specific targets leads it. A number that
    follows a colon with no word between but one of `label_values` is a label's value: the
    label is its clause for the words of a scale or a forecast ("Quy mô lao động dự báo:
    khoảng 1.600 người"). A clause that is only one of `bare_areas` and its area ("Diện tích
    khoảng 02 ha"), on a line whose label opens with one of `land_uses`, is that use's area.
    A number (or a word standing for one, "toàn bộ") in a clause or an item of a list whose
    clause or lead opens with one of `plan_areas` ("Khu vực quy hoạch là toàn bộ … với tổng
    diện tích khoảng 450 ha, bao gồm: …") is the extent of the area the plan draws or of its
    parts, unless a goal word or one of `reaching` stands before it there."""
    scales: list[str] = []
    forecasts: list[str] = []
    reaching: list[str] = []
    map_scales: list[str] = []
    named_scales: list[str] = []
    land_shares: list[str] = []
    land_units: list[str] = []
    forecast_leads: list[str] = []
    land_uses: list[str] = []
    land_use_parts: list[str] = []
    design_norms: list[str] = []
    label_values: list[str] = []
    bare_areas: list[str] = []
    plan_areas: list[str] = []
    intended: list[str] = []
    specifications: list[str] = []

    @cached_property
    def scale_pattern(self) -> re.Pattern:
        return re.compile(rf"\W*(?:{alternation(self.scales).pattern})", re.IGNORECASE)

    @cached_property
    def map_scale_pattern(self) -> re.Pattern:
        """A word of `map_scales`, "1", "/" or ":" and a number of three digits or more
        ("tỷ lệ 1/10.000"; not "tỷ lệ 1/3", a third)."""
        words = alternation(self.map_scales).pattern
        return re.compile(rf"(?:{words})\s+1\s*[/:]\s*(?:\d{{1,3}}(?:[.,]\d{{3}})+|\d{{3,}})",
                          re.IGNORECASE)

    @cached_property
    def forecast_pattern(self) -> re.Pattern:
        return alternation([*self.forecasts, *self.named_scales])

    @cached_property
    def forecast_lead_pattern(self) -> re.Pattern:
        return re.compile(rf"\W*(?:{alternation(self.forecast_leads).pattern})", re.IGNORECASE)

    @cached_property
    def land_share_pattern(self) -> re.Pattern:
        """An area in one of `land_units`, then one of `land_shares` and a number: "557 ha
        (chiếm 3,5%", "4.292 ha, chiếm 21%" (group "area": the area; "share": the share)."""
        units, words = alternation(self.land_units).pattern, alternation(self.land_shares).pattern
        return re.compile(rf"(?P<area>\d[\d.,]*\s*(?:{units}))\s*,?\s*\(?\s*(?:{words})\s+"
                          r"(?:khoảng\s+|about\s+)?(?P<share>\d)", re.IGNORECASE)

    @cached_property
    def land_use_pattern(self) -> re.Pattern:
        """A clause opening with a land use, after a part's word or none ("- Đất an ninh",
        "(*) Tổng diện tích", "Trong đó diện tích đất")."""
        parts = alternation(self.land_use_parts).pattern
        return re.compile(rf"[\W\d_]*(?:(?:{parts})[\W\d_]*)?"
                          rf"(?:{alternation(self.land_uses).pattern})\b", re.IGNORECASE)

    @cached_property
    def design_norm_pattern(self) -> re.Pattern:
        return alternation(self.design_norms)

    @cached_property
    def bare_area_pattern(self) -> re.Pattern:
        """A clause that is only one of `bare_areas` and at most a word of `label_values`
        before its number ("Diện tích khoảng "), to be matched in full."""
        return re.compile(rf"[\W\d_]*(?:{alternation(self.bare_areas).pattern})"
                          rf"(?:\s+(?:{self.label_value_pattern.pattern}))?\s*", re.IGNORECASE)

    @cached_property
    def plan_area_pattern(self) -> re.Pattern:
        """A clause or a lead opening with one of `plan_areas` ("Khu vực quy hoạch …")."""
        return re.compile(rf"[\W\d_]*(?:{alternation(self.plan_areas).pattern})", re.IGNORECASE)

    @cached_property
    def specification_pattern(self) -> re.Pattern:
        return alternation(self.specifications)

    @cached_property
    def intended_pattern(self) -> re.Pattern:
        return alternation(self.intended)

    @cached_property
    def label_value_pattern(self) -> re.Pattern:
        return alternation(self.label_values)

    @cached_property
    def reaching_pattern(self) -> re.Pattern:
        return alternation(self.reaching)


def a_planned_figure(text: str, row: dict, planned: PlannedFigures, goals: re.Pattern,
                     under_targets: bool = False, lead: str | None = None,
                     label: str | None = None, aims_lead: bool = False) -> str | None:
    """Why a number is a planned scale or a forecast (its clause opens with a word of
    `planned.scales` or names one of `planned.forecasts` before it, no word of
    `planned.reaching` after that word, no goal word of `goals` before it in its clause, not
    under a heading of specific targets), or a number of a map's scale (`planned.map_scales`:
    "tỷ lệ 1/10.000", even under such a heading), or an area or share of a land budget
    (`planned.land_shares`), or a number in an item of a forecast's list (`lead`), or an area of
    a land use (its clause's, or its line's `label`'s: the words before its colon), else
    None. A figure after one of `planned.intended` ("dự kiến") in an item of a list whose lead
    names its items as the plan's aims or indicators (`aims_lead`: "… với chỉ tiêu quy hoạch
    như sau:") is the level the plan sets for one of them; a forecast ("dự báo") or a scale
    there, and the land uses, land budget and norms, stay none."""
    if any(m.start() < row["start"] < m.end() for m in planned.map_scale_pattern.finditer(text)):
        return "a map's scale (a plan's drawing, 'tỷ lệ 1/10.000'), not a target"
    cuts = [m.end() for m in re.finditer(r"[;:]|,\s", text[:row["start"]])]
    start = cuts[-1] if cuts else 0
    if (not under_targets and planned.design_norm_pattern.search(text, start, row["start"])
            and not goals.search(text, start, row["start"])):
        return ("a norm of a plan's design ('mật độ xây dựng tối đa 40%', 'chiều rộng tối "
                "thiểu 10m'), a rule of what is built, not a level to reach")
    if not under_targets and (share := a_land_share(text, row, planned)):
        clause = max([m.end() for m in re.finditer(r"[;:]", text[:share.start()])] or [0])
        if not (goals.search(text, clause, row["start"])
                or planned.reaching_pattern.search(text, clause, row["start"])):
            return ("a land area with its share of the land ('557 ha (chiếm 3,5% …)'), a "
                    "plan's land budget, not a level to reach")
    if (not under_targets and lead is not None and forecasts_the_items(lead, planned, goals)
            and not goals.search(text, start, row["start"])
            and not planned.reaching_pattern.search(text, start, row["start"])):
        return ("an item of a list led by a forecast ('Dự báo, quy mô … ; Trong đó:'), a part "
                "of the forecast, not a level to reach")
    if (not under_targets and lead is not None and planned.land_share_pattern.search(lead)
            and not goals.search(lead) and not goals.search(text, start, row["start"])
            and not planned.reaching_pattern.search(text, start, row["start"])):
        return ("an item of a list led by a land area with its share ('… 4.292 ha, chiếm 21% "
                "…. Trong đó:'), a part of a plan's land budget, not a level to reach")
    if not under_targets and (clause := a_land_use(text, row, planned, label)) is not None:
        if not (goals.search(text, clause, row["start"])
                or planned.reaching_pattern.search(text, clause, row["start"])):
            return ("a land use's area ('Đất cây xanh, ký hiệu CX (diện tích khoảng 31,55 "
                    "ha)'), the land a plan allots to it, not a level to reach")
    start = a_labels_clause(text, row, planned, start)
    word = (planned.scale_pattern.match(text, start, row["start"])
            or ([*planned.forecast_pattern.finditer(text, start, row["start"])] or [None])[-1])
    if (under_targets or word is None or goals.search(text, start, row["start"])
            or planned.reaching_pattern.search(text, word.end(), row["start"])
            or (aims_lead and planned.intended_pattern.search(word.group(0)))):
        return None
    return (f"a planned scale or a forecast (after {word.group(0).strip(' +-')!r}), the "
            "figure the plan is designed for, not a level to reach")


def a_land_share(text: str, row: dict, planned: PlannedFigures) -> re.Match | None:
    """The match of `planned.land_share_pattern` whose area or share is the row's number."""
    return next((m for m in planned.land_share_pattern.finditer(text)
                 if row["start"] in (m.start("area"), m.start("share"))), None)


def a_land_use(text: str, row: dict, planned: PlannedFigures,
               label: str | None = None) -> int | None:
    """Where the clause of an area in `planned.land_units` starts, if it opens with a land use
    (`planned.land_use_pattern`): since the last ';' or ':', or since the one before a colon
    the number follows with no word between but those of `planned.label_values` (the
    label's: "Diện tích đất dự kiến: khoảng 1.200 ha"); or if the clause is only one of
    `planned.bare_areas` ("Diện tích khoảng 02 ha") and its line's `label` opens with a land
    use ("Đất An ninh (…): … . Diện tích khoảng 02 ha"); else None."""
    if row["unit"] not in planned.land_units:
        return None
    cuts = [0] + [m.end() for m in re.finditer(r"[;:]", text[:row["start"]])]
    if len(cuts) > 1 and text[cuts[-1] - 1] == ":" and not re.search(
            r"[^\W\d_]", planned.label_value_pattern.sub(" ", text[cuts[-1]:row["start"]])):
        cuts.pop()
    if planned.land_use_pattern.match(text, cuts[-1]):
        return cuts[-1]
    if (label and planned.land_use_pattern.match(label)
            and planned.bare_area_pattern.fullmatch(text, cuts[-1], row["start"])):
        return cuts[-1]
    return None


def a_labels_clause(text: str, row: dict, planned: PlannedFigures, start: int) -> int:
    """Where a number's clause starts if the number is a label's value, following a colon with
    no word between but those of `planned.label_values` ("- Quy mô lao động dự báo: khoảng
    1.600 người"): after the mark before the label (';', ':' or ', '); so for a label's next
    value, after ';' with no word between but those ("…: khoảng 30 … 2030; khoảng 50 …
    2050"), where the clause before it is the label's value; else `start`."""
    def only_values(a: int, b: int) -> bool:
        return not re.search(r"[^\W\d_]", planned.label_value_pattern.sub(" ", text[a:b]))

    cuts = [0] + [m.end() for m in re.finditer(r"[;:]|,\s", text[:start])]
    if start > 0 and text[start - 1] == ";" and only_values(start, row["start"]):
        cuts.pop()      # "…: khoảng 30 … 2030; khoảng 50 … 2050": the label's next value
        if cuts[-1] > 0 and text[cuts[-1] - 1] == ":" and only_values(
                cuts[-1], cuts[-1] + re.search(r"\d|$", text[cuts[-1]:]).start()):
            return cuts[-2] if len(cuts) > 1 else 0
        return start
    if start == 0 or text[start - 1] != ":" or not only_values(start, row["start"]):
        return start
    return cuts[-2] if len(cuts) > 1 else 0


def forecasts_the_items(lead: str, planned: PlannedFigures, goals: re.Pattern) -> bool:
    """A list's lead that opens with a word of `planned.forecasts` (`forecast_leads`) or of
    `planned.scales` and names no word of `planned.reaching` and no goal word."""
    return bool(planned.forecast_lead_pattern.match(lead)
                and not planned.reaching_pattern.search(lead)
                and not goals.search(lead))


def a_plan_area(text: str, start: int, planned: PlannedFigures, goals: re.Pattern,
                lead: str | None = None) -> str | None:
    """Why a number at `start` is the extent of the area a plan draws: its clause (since the
    last ';' or ':') opens with a word of `planned.plan_areas` ("Khu vực quy hoạch là toàn bộ
    … với tổng diện tích khoảng 450 ha"), or its list's `lead` does ("…, bao gồm: - Khu vực
    đất liền khoảng 120 ha"), and no goal word or word of `planned.reaching` stands before it
    in its clause or in that lead; else None."""
    clause = max([m.end() for m in re.finditer(r"[;:]", text[:start])] or [0])
    opens = planned.plan_area_pattern.match(text, clause)
    if not opens and not (lead and planned.plan_area_pattern.match(lead)
                          and not goals.search(lead)
                          and not planned.reaching_pattern.search(lead)):
        return None
    if goals.search(text, clause, start) or planned.reaching_pattern.search(text, clause, start):
        return None
    return ("the area a plan draws ('Khu vực quy hoạch là toàn bộ … với tổng diện tích khoảng "
            "450 ha'), its extent or its parts, not a level to reach")


def a_specification(text: str, start: int, planned: PlannedFigures,
                    goals: re.Pattern) -> str | None:
    """Why a number at `start` specifies how an activity is done: a word of
    `planned.specifications` stands before it in its clause (since the last ';': "Số điểm
    quan trắc: 08 điểm", "tần suất quan trắc: 2 đợt/tháng", "Số lượng: 02 hội nghị/năm"),
    and no goal word or word of `planned.reaching` stands between that word and the number;
    else None."""
    clause = text.rfind(";", 0, start) + 1
    words = list(planned.specification_pattern.finditer(text, clause, start))
    if not words:
        return None
    if goals.search(text, words[-1].start(), start) or planned.reaching_pattern.search(
            text, words[-1].end(), start):
        return None
    return (f"the specification of an activity (after {words[-1].group(0)!r}: its points, "
            "rounds or sessions), how it is done, not a level to reach")
