"""Drafting a plan's catalog from its text (`ggutils new-plan SLUG --from TEXT`, issue 25).

A decision's text (or a published summary of it) becomes draft targets for a person to
review. The steps, in the order a sentence meets them (0 in `decision_heading`; 1 in
`sentences`, the years a text prints in `year_forms`, its lists in `lists`, its tables in
`tables`, its table rows printed on one line, "… | 30% | 100% | …", in `rows`; 2 in
`quantities`, which numbers are a target's in `numbers`, 3 in `enumerations`, 4 in
`comparators`, 5 in `years`, 6 to 8 in `indicators`):

0. `read_decision_heading`: the decision's number and date as its heading prints them
   ("Số: 1498/QĐ-UBND", "ngày 30 tháng 11 năm 2012"), for the catalog's `decision:` block.
1. `split_sentences`: lines -> sentences, each under the clause of its numbered headings
   ("III.2", "III.11.b", "Phụ lục II"), with the years its words print, its heading's year,
   its base year ("so với … năm 2024") and, in an annex's table printed one cell a line, its
   row's deadline cell ("Giai đoạn 2026 - 2027"; "Thực hiện thường xuyên, liên tục": none);
   and the plan's horizon (its specific targets' heading, else its title).
2. `find_quantities`: numbers, ranges ("42% đến 45%", "từ 10 đến 15", "7,8m2 - 8,1m2"),
   Vietnamese decimals, units and their spellings, rates ("12/1.000 trẻ đẻ sống": one value,
   the denominator no target; one denominator shared, "10 bác sĩ và 30 giường bệnh/1 vạn dân"),
   numbers of times ("còn 1,7 lần"; "gấp 30 lần GRDP", a multiple of a named measure), number
   words ("tất cả") and small counts spelled after a bound word ("ít nhất hai bệnh viện", not
   "một trong các"; these in `forms`); a number that is not a target's quantity (a year, a
   reference such as "số 1393/QĐ-TTg", a plenum, "Nghị quyết Trung ương 6", a number with no
   unit, a footnote mark, a time of day, a scope in brackets, an estimate, the level a change
   starts from: "từ 5% xuống 3%", a heading's count of its items: "(6 mục tiêu)", a bound on
   who a share counts: "tỷ lệ người dân trên 15 tuổi … 80%", the bar the members of a count
   must clear: "60 doanh nghiệp … có doanh thu … đạt 20 triệu USD/năm", in `members`, a number
   in the name of a document cited: "… phê duyệt Đề án “Đầu tư xây dựng ít nhất 01 triệu căn hộ
   …”", in `names`; a planned scale ("Đất … có quy mô khoảng …"), a forecast and the items
   under its lead, a land budget ("557 ha (chiếm 3,5% …)") and its parts, a land use's area
   ("Đất cây xanh, ký hiệu CX (diện tích khoảng 31,55 ha)"; "Diện tích khoảng 02 ha" on a line
   labelled by a land use; "Khu Dịch vụ: Có diện tích khoảng …"), a forecast or scale named in
   a label ("Quy mô lao động dự báo: khoảng 1.600 người"), a norm of the design ("Mật độ xây
   dựng gộp tối đa 44%"), the area a plan draws ("Khu vực quy hoạch là toàn bộ … với tổng
   diện tích khoảng … ha, bao gồm: …"), or a map's scale, "tỷ lệ 1/10.000", in `planned`; a
   means, a sum allocated or transferred ("bổ sung 84 nghìn tỷ đồng vốn", "điều chuyển số
   vốn dư … (khoảng 1.500 tỷ đồng)") or a plan's funds, in `means`; the matter of a request a
   notice answers ("III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH", "2. Về kiến nghị … khoảng 143.000 tỷ
   đồng …:"), unless
   the answer orders it finished by a time, in `answers`; a result reported, in `results`:
   under a heading that reports, "I. TÌNH HÌNH THỰC HIỆN … NĂM 2025", "I. ĐÁNH GIÁ CHUNG", or
   with a result's words, "ước cả năm", "so cùng kỳ", "đạt 102% kế hoạch", "lũy kế", "hiện
   nay", a shortfall "chưa đạt 50%", a background "trong bối cảnh … trên 8%", a fraction's
   ratio "3.507/6.708 (chiếm 52,3%)", unless "phấn đấu" stands before it) keeps its reason; a
   bare number is a count after a bound word or a goal word ("phấn đấu", "mục tiêu"), or right
   after "hoàn thành" and a few words of its verb ("hoàn thành sửa đổi 40 văn bản"), or before
   a clause of its task's deadline ("phủ sóng 19 thôn, …, hoàn thành trong tháng 12 năm 2025"),
   or after a label's colon ("Đầu tư mới trạm 5G: 35 trạm"; "Tạo việc làm: trên 500 người",
   "trên" bounding it).
3. `split_enumerations`: one piece of the sentence per quantity ("95% chất thải rắn đô thị,
   75% chất thải rắn nông thôn được thu gom" -> two targets); the piece is the target's
   `wording_vi`, verbatim.
4. `read_comparators`: the words before the number, read through target_reading.yml (the
   one home of the comparator words): a bound, an "about", a range, a change.
5. `read_years` (in `years`): the target year from the piece, else the sentence, else the
   total its sentence splits ("Trong đó: …", `find_totals`), else the year opening an
   earlier sentence of its paragraph ("Đến năm 2025, …"), else its list's lead sentence,
   else its table row's deadline cell, else the heading (within its section; or the
   section's lead before its numbered items, "Từ nay đến hết năm 2025 …:"), else the
   plan's horizon (`plan_horizon_fills_year`; not in a section of duties, "Tổ chức thực
   hiện": `find_duty_sections`; each draft says which); empty where the text gives none.
6. `match_indicators`: the codebook indicator the piece names (name_vi, aliases_vi), with
   its score and the runner-up, or a suggested new id.
7. `resolve_comparators`: the comparator in the target's good direction, a change signed.
8. `unread_sentences`: sentences printing a year that gave no target, with the reason.

Every word, unit, year form and heading form is data: data/reference/drafting_rules.yml
(loaded and checked by ggutils.reference.draft.rules; its phrases read as patterns by
ggutils.reference.draft.phrases). `draft_text` runs the steps; `draft_entries` turns the
result into catalog entries marked `draft: true`, which are shown on a briefing, labelled, and never
judged until a person removes `draft`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ggutils.reference.draft.answers import mark_requests
from ggutils.reference.draft.comparators import read_comparators
from ggutils.reference.draft.decision_heading import DecisionHeading, read_decision_heading
from ggutils.reference.draft.enumerations import split_enumerations
from ggutils.reference.draft.indicators import (
    match_indicators,
    resolve_comparators,
    unread_sentences,
)
from ggutils.reference.draft.names import mark_cited_names
from ggutils.reference.draft.quantities import find_quantities
from ggutils.reference.draft.results import find_result_sections, mark_reported_results
from ggutils.reference.draft.rows import mark_row_words
from ggutils.reference.draft.rules import DraftingRules, load_drafting_rules, rules_path
from ggutils.reference.draft.sentences import split_sentences
from ggutils.reference.draft.years import find_duty_sections, find_totals, read_years
from ggutils.reference.indicators import Codebook
from ggutils.reference.reading import TargetReading

__all__ = ["DecisionHeading", "Draft", "DraftingRules", "decision_fields", "draft_entries",
           "draft_file", "draft_text", "draft_yaml", "load_drafting_rules", "rules_path",
           "summary_lines"]

TARGET_COLUMNS = ["clause", "piece", "comparator", "value", "low", "high", "unit",
                  "target_year", "year_from", "form", "base_year", "tolerance",
                  "tolerance_basis", "indicator", "match_score", "runner_up",
                  "runner_up_score", "suggested_indicator", "line"]


@dataclass(frozen=True)
class Draft:
    """What the drafter read from one text: one row per target (`targets`), the sentences
    with a year that gave none, with the reason (`unread`), every quantity it looked at with
    its reason (`quantities`), the plan's horizon, and the number and date its heading
    prints (`decision`)."""

    targets: pd.DataFrame
    unread: pd.DataFrame
    quantities: pd.DataFrame
    horizon: dict
    decision: DecisionHeading = field(default_factory=DecisionHeading)


def draft_text(text: str, rules: DraftingRules, reading: TargetReading,
               codebook: Codebook) -> Draft:
    """Run the drafter's steps over a decision's text."""
    sentences, horizon = split_sentences(text, rules)
    sentences = find_duty_sections(text, find_totals(sentences, rules), rules)
    sentences = find_result_sections(text, sentences, rules.reported_results,
                                     rules.heading_patterns)
    quantities = find_quantities(sentences, rules, reading)
    if rules.row_cells is not None:
        quantities = mark_row_words(quantities, sentences, rules.row_cells)
    quantities = mark_cited_names(quantities, sentences, rules.cited_names)
    quantities = split_enumerations(quantities, sentences, rules)
    quantities = mark_reported_results(quantities, sentences, rules.reported_results)
    if rules.requests_answered is not None:
        quantities = mark_requests(quantities, text, sentences, rules.requests_answered,
                                   rules.heading_patterns, rules.counts.deadline_pattern)
    quantities = read_comparators(quantities, sentences, rules, reading)
    quantities = read_years(quantities, sentences,
                            horizon if rules.plan_horizon_fills_year else {},
                            tuple(rules.per_year_units), tuple(rules.separators),
                            tuple(rules.parts_of_totals), tuple(rules.clause_conjunctions),
                            tuple(rules.run_in_item_patterns))
    quantities = match_indicators(quantities, codebook, rules)
    quantities = resolve_comparators(quantities, codebook, reading,
                                     rules.matching.lower_pattern, tuple(rules.separators))
    lines = sentences.set_index("sentence")[["clause", "line"]]
    targets = quantities[quantities["reason"].isna()].join(lines, on="sentence")
    return Draft(targets[TARGET_COLUMNS].reset_index(drop=True),
                 unread_sentences(sentences, quantities), quantities, horizon,
                 read_decision_heading(text, rules))


def decision_fields(heading: DecisionHeading) -> dict[str, str]:
    """The `number` and `date` of a drafted catalog's `decision:` block, each with its comment:
    as the heading printed them (and where), else the template's TODO."""
    fields = {"number": "TODO/QĐ-UBND", "number_note": "the decision's number, as printed",
              "date": "2000-01-01", "date_note": "TODO: the date it was signed (YYYY-MM-DD); "
              "if only the year is known: adopted_year: YYYY (and no date)"}
    if heading.number is not None:
        fields.update(number=heading.number, number_note="read from the text's heading "
                      f"(line {heading.number_line}): check it")
    if heading.date is not None:
        fields.update(date=heading.date.isoformat(), date_note="read from the text's heading "
                      f"(line {heading.date_line}): check it")
    return fields


def _number(value) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def _notes(t, unit: str, codebook: Codebook) -> list[str]:
    """What a reviewer should check first: where the year came from, a missing year, a unit
    that differs from the indicator's."""
    notes = []
    if t.year_from and t.year_from != "sentence":
        notes.append(f"target_year from the {t.year_from}")
    if t.target_year is None or pd.isna(t.target_year):
        notes.append("no year printed: give target_year")
    if t.indicator and t.form == "level" and unit != codebook[t.indicator].unit:
        notes.append(f"unit read as {unit!r}; the indicator's unit is "
                     f"{codebook[t.indicator].unit!r}")
    return notes


def draft_entries(draft: Draft, prefix: str, codebook: Codebook,
                  taken: set[str] = frozenset()) -> list[dict]:
    """Catalog entries (`draft: true`) for the drafted targets, ids `<prefix>-<indicator>`
    (or the suggested id), unique and none of `taken` (the ids of the other plans)."""
    entries, seen = [], set(taken)
    for t in draft.targets.itertuples():
        what = t.indicator or t.suggested_indicator
        base = f"{prefix}-{what.replace('_', '-')}"
        target_id, n = base, 2
        while target_id in seen:
            target_id, n = f"{base}-{n}", n + 1
        seen.add(target_id)
        unit = t.unit if isinstance(t.unit, str) else ""          # an index: no unit
        notes = _notes(t, unit, codebook)
        entry = {"id": target_id, "draft": True, "indicator": t.indicator or None,
                 "clause": t.clause, "wording_vi": t.piece}
        label = codebook[t.indicator].name_en if t.indicator else "TODO: an English label"
        entry["label_en"] = label
        entry["comparator"] = t.comparator
        if t.comparator == "range":
            entry.update(low=_number(t.low), high=_number(t.high))
        else:
            entry["value"] = _number(t.value)
        if t.form != "level":
            entry["form"] = t.form
            entry["base_year"] = _number(t.base_year)
            change = {"change_since_base": "% change", "annual_rate": "%/year"}[t.form]
            if unit and not unit.startswith(change[0]):    # "giảm 5 μg/m3": not a % change
                notes.append(f"a change in {unit!r}, not a percent change: the catalog's "
                             f"form {t.form!r} is in {change!r}; review")
            else:
                unit = change
        entry["unit"] = unit
        entry["target_year"] = _number(t.target_year)
        if t.tolerance:
            entry.update(tolerance=float(t.tolerance), tolerance_basis=t.tolerance_basis)
        entry["match_score"] = float(t.match_score)
        entry["match_runner_up"] = f"{t.runner_up} ({t.runner_up_score:.2f})"
        if t.suggested_indicator:
            entry["suggested_indicator"] = t.suggested_indicator
        if notes:
            entry["note"] = "; ".join(notes)
        entries.append(entry)
    return entries


def draft_yaml(entries: list[dict]) -> str:
    """The entries as the `targets:` block of a catalog (one field a line, strings quoted)."""
    if not entries:
        return "targets: []\n"
    lines = ["targets:"]
    for entry in entries:
        for i, (key, value) in enumerate(entry.items()):
            lead = "  - " if i == 0 else "    "
            text = "null" if value is None else json.dumps(value, ensure_ascii=False)
            lines.append(f"{lead}{key}: {text}")
    return "\n".join(lines) + "\n"


def summary_lines(draft: Draft, entries: list[dict]) -> list[str]:
    """The table `ggutils new-plan --from` prints: the decision's number and date its heading
    gave, each drafted target, then each sentence with a year that gave none, with the
    reason."""
    heading = draft.decision
    lines = [f"decision {heading.number or 'number not found'}, "
             f"{heading.date.isoformat() if heading.date else 'date not found'} "
             "(read from the text's heading; check them, or fill in the TODOs)"]
    lines.append(f"drafted {len(entries)} targets (draft: true; review each, then remove "
                 "draft):")
    lines.append(f"  {'id':<34} {'clause':<9} {'target':<22} {'year':<5} {'indicator':<36} "
                 "score")
    for e in entries:
        if e["comparator"] == "range":
            goal = f"{e['low']:g}-{e['high']:g} {e['unit']}"
        else:
            goal = f"{e['comparator'] or '?'} {e['value']:g} {e['unit']}"
        what = e["indicator"] or f"(new: {e.get('suggested_indicator', '')})"
        year = e["target_year"] if e["target_year"] is not None else "-"
        lines.append(f"  {e['id'][:34]:<34} {e['clause'][:9]:<9} {goal[:22]:<22} "
                     f"{year!s:<5} {what[:36]:<36} {e['match_score']:.2f}")
    unread = draft.unread
    lines.append(f"could not read {len(unread)} sentences with a year (no target drafted):")
    for u in unread.itertuples():
        text = u.text if len(u.text) <= 70 else u.text[:67] + "..."
        lines.append(f"  line {u.line:>4} {u.clause[:9]:<9} {text:<70} | {u.reason}")
    return lines


def draft_file(path: Path, rules: DraftingRules, reading: TargetReading,
               codebook: Codebook) -> Draft:
    """Draft a UTF-8 text file."""
    return draft_text(Path(path).read_text(encoding="utf-8"), rules, reading, codebook)
