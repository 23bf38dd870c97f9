"""Rules of Vietnamese decision-writing the drafter (issue 25) reads, added after the one-shot
run on 2530/QĐ-TTg (which is therefore no longer unseen): a base year after "so với … năm",
a level with its restatement in brackets, a count after a goal word, footnote marks, times
of day and lists of months, a scope in brackets, an estimate, and a table row's deadline
cell; and after the one-shot run on the summary of Politburo resolutions 59/70/71/72 of 2025
(no longer unseen either): goal headings, items numbered in brackets, a document's year of
issue and numbers, a negated bound, a later clause's year, durations and ages after a bound,
an index's value, and the rest listed by the section headings below. Each rule is shown on a
tiny text of its own (not the fixture it was found in), with the case it must leave alone."""

from __future__ import annotations

import pytest

from ggutils.reference.draft import (
    draft_entries,
)
from ggutils.reference.draft.year_forms import find_years
from tests.reference.conftest import rules_error


def _rows(draft) -> list[tuple]:
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.comparator, r.value if r.comparator != "range" else (r.low, r.high), r.unit,
             r.target_year) for r in frame.itertuples()]


# --- A year after "so với" is a base year ------------------------------------------------------

def test_a_year_compared_with_is_a_base_year_never_the_target_year(read, rules):
    """"so với … năm {year}" (base_year_forms, with base_year_gap): the words between name
    the measure of that year; the target year is the sentence's deadline."""
    draft = read("Đến năm 2030, nồng độ bụi giảm tối thiểu 10% so với mức trung bình năm "
                 "2024.")
    assert _rows(draft) == [("<=", -10, "%", 2030)]
    assert draft.targets.iloc[0]["base_year"] == 2024
    assert rules.base_year_pattern.search("tăng 5% so với cùng kỳ năm 2020")
    assert rules.base_year_pattern.search("năm gốc 2019")
    # a gap never holds the words that open a deadline: 2030 is no base year here
    assert rules.base_year_pattern.search("vượt so với mục tiêu đến năm 2030") is None
    assert rules.base_year_pattern.search("so với kế hoạch, 2025") is None


def test_a_level_and_its_restatement_in_brackets_are_two_targets(read):
    """A level with a unit of concentration, and the same target restated in brackets as a
    change from a base year: both are drafted, each with the sentence's deadline."""
    text = ("Nồng độ bụi PM2.5 trung bình năm vào năm 2030 đạt dưới 40 μg/m3 (giảm 20% so với "
            "mức trung bình năm 2024).")
    assert _rows(read(text)) == [("<", 40, "μg/m3", 2030), ("<=", -20, "%", 2030)]
    # the micro sign (U+00B5) spells the same unit as the Greek mu (U+03BC)
    assert _rows(read("Năm 2030 nồng độ bụi đạt dưới 25 µg/m3.")) == [("<", 25, "μg/m3", 2030)]


def test_an_absolute_change_keeps_its_unit_in_the_draft_catalog(read, codebook):
    """"giảm trung bình 5 μg/m3" is a change in μg/m3, not a percent change: its draft entry
    keeps the unit it was read in and says why, where a "giảm 20%" entry is in "% change"."""
    draft = read("Đến năm 2045, nồng độ bụi giảm trung bình 5 μg/m3 theo mỗi kỳ kế hoạch; "
                 "tỷ lệ ô nhiễm giảm 20% so với năm 2024.")
    entries = draft_entries(draft, "x", codebook)
    assert [(e["value"], e["unit"], e["target_year"]) for e in entries] == [
        (-5, "μg/m3", 2045), (-20, "% change", 2045)]
    assert "not a percent change" in entries[0]["note"]
    assert "not a percent change" not in entries[1].get("note", "")


# --- A count after a goal word -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "phấn đấu" / "mục tiêu" say outright that the count is a target (counts.goals) ...
    ("Phấn đấu đến năm 2030, cả nước có 1.200 công trình xanh.",
     [(">=", 1200, "count", 2030)]),
    ("Đến năm 2030 bảo đảm mục tiêu đạt 300 trạm quan trắc.", [(">=", 300, "count", 2030)]),
    ("Sản phẩm: đến năm 2027 đưa vào vận hành 15 trạm quan trắc.",
     [(">=", 15, "count", 2027)]),
    # ... but not past a ';' (another clause), not a number that counts nothing (a label),
    # and not without a goal word or a bound word
    ("Phấn đấu đến năm 2030 hoàn thành đề án; phối hợp với 04 xã ven biển.", []),
    ("Mục tiêu 3: đến năm 2030 hoàn thành đề án.", []),
    ("Đến năm 2030 có 45 đô thị phê duyệt đề án.", []),
    # "sản phẩm" without its colon is a noun (a product), no goal word
    ("Đến năm 2030 phát triển sản phẩm đạt 4 sao.", []),
    # a number followed by no noun it counts (counts.not_nouns): a rank, a multiplier
    ("Phấn đấu đến năm 2030 trở thành 1 trong 3 trung tâm du lịch.", []),
    ("Phấn đấu đến năm 2030 tăng gấp 2 lần số doanh nghiệp.", []),
    # "N con số", N digits: the size of a number (double-digit growth), no count to reach
    ("Góp phần thực hiện mục tiêu đến năm 2030 tăng trưởng kinh tế “2 con số”.", []),
    ("Phấn đấu năm 2027 doanh thu du lịch tăng 2 con số.", []),
])
def test_a_count_after_a_goal_word_is_a_target(read, text, expected):
    assert _rows(read(text)) == expected


# --- Numbers that are not targets --------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # footnote marks, times of day, and a list continuing a month (not_quantities)
    ("Đến năm 2030 vệ sinh đường phố định kỳ[3] từ 0h đến 6h sáng các tháng 10, 11, 12, 1, "
     "2 và 3 hàng năm.", []),
    ("[2] Đến năm 2030 triển khai tại 34 tỉnh.", []),
    # numbers cited one after another after a document's kind are its numbers, none a count
    ("Mục tiêu được đặt ra tại Nghị quyết 59 70 71 72 của Bộ Chính trị đến năm 2030.", []),
    ("Phấn đấu đến năm 2030 theo Nghị quyết 59 có 34 trạm quan trắc.",
     [(">=", 34, "count", 2030)]),
    # ... while a per-year count is still read
    ("Đến năm 2030 hàng năm tổ chức 12 đợt ra quân.", [(">=", 12, "count/year", 2030)]),
    # a sign opening a bracket defines the noun before it (the scope of the target)
    ("Đến năm 2030 lắp camera tại 100% công trình lớn (>10.000 m2).",
     [(">=", 100, "%", 2030)]),
    ("Đến năm 2030 diện tích cây xanh đạt trên 10.000 m2.", [(">", 10000, "m2", 2030)]),
    # an estimate (of a cost) is no target; the same amount as a level to reach is one
    ("Tổng nguồn lực đến năm 2030 ước tính khoảng 140.000 tỷ đồng.", []),
    ("Đến năm 2030 huy động khoảng 140.000 tỷ đồng.",
     [(">=", 140000, "billion VND", 2030)]),
])
def test_numbers_that_are_not_targets(read, text, expected):
    assert _rows(read(text)) == expected


# --- A table row's deadline cell -----------------------------------------------------------------

TABLE = """KẾ HOẠCH HÀNH ĐỘNG GIAI ĐOẠN 2026 - 2030
PHỤ LỤC I
STT
Nội dung nhiệm vụ
Chỉ tiêu đạt được
Thời hạn hoàn thành
1
- Xây dựng bộ tiêu chí.
- Có ít nhất 02 loại sản phẩm được cấp nhãn.
Giai đoạn 2026 - 2027. Thực hiện rà soát (nếu có)
- Giám sát công trình xây dựng.
- 100% công trình lớn tuân thủ biện pháp giảm bụi.
Thực hiện thường xuyên, liên tục
2
Di dời cơ sở gây ô nhiễm.
100% cơ sở trong danh mục hoàn thành di dời.
Trước năm 2029
- Đến năm 2030 có tối thiểu 50 công trình xanh.
Giai đoạn 2026 - 2027
3
- 90% xã có điểm thu gom.
2028
"""


def test_a_table_rows_deadline_cell_gives_its_year(read):
    """The row's deadline cell (table_deadlines) stands for its heading; an ongoing cell
    ("thường xuyên, liên tục") gives no year, and the title's horizon does not fill it; the
    target's own sentence still wins."""
    draft = read(TABLE)
    assert _rows(draft) == [(">=", 2, "count", 2027), (">=", 100, "%", None),
                            (">=", 100, "%", 2029), (">=", 50, "count", 2030),
                            (">=", 90, "%", 2028)]
    assert list(draft.targets["year_from"]) == ["row's deadline cell", None,
                                                "row's deadline cell", "sentence",
                                                "row's deadline cell"]


def test_a_deadline_cell_above_its_targets_where_a_result_column_follows(read):
    """A header with a result column ("Sản phẩm") after the deadline column prints each
    target below its deadline cell: within a row of two tasks, each takes the cell above."""
    text = ("STT\nNhiệm vụ\nThời gian thực hiện\nSản phẩm\n1\nĐầu tư trạm quan trắc.\n"
            "Năm 2027\nCó ít nhất 5 trạm được vận hành.\nXây dựng kho dữ liệu.\n"
            "Giai đoạn 2026 - 2029\nCó tối thiểu 3 bộ dữ liệu.\n")
    assert [r[3] for r in _rows(read(text))] == [2027, 2029]


def test_a_deadline_line_outside_a_table_gives_no_year(read):
    """Without a table header naming a deadline column, a line printing a period gives its
    year to no line above it."""
    text = "b) Mục tiêu cụ thể\n- 50% xã đạt chuẩn.\nGiai đoạn 2026 - 2030\n"
    assert _rows(read(text)) == [(">=", 50, "%", None)]
    without_deadline_column = ("I. NHIỆM VỤ\nSTT\nNội dung\nCơ quan chủ trì\n1\n"
                               "- 50% xã đạt chuẩn.\nGiai đoạn 2026 - 2030\n")
    assert _rows(read(without_deadline_column)) == [(">=", 50, "%", None)]


# --- Goal headings, bracketed items, a year of issue ---------------------------------------------

GOALS = """(1) Nghị quyết 12-NQ/TW năm 2024
- Mục tiêu tổng quát đến năm 2030
Phát triển bền vững.
- Mục tiêu cụ thể đến năm 2030
+ Tỷ lệ che phủ rừng đạt 42%.
Có ít nhất 80% xã đạt chuẩn.
- Tầm nhìn đến năm 2045
+ Tỷ lệ đô thị hóa đạt trên 60%.
(2) Nghị quyết 13-NQ/TW năm 2024
+ Tỷ lệ hộ nghèo dưới 1%.
(i) Mục tiêu đến năm 2035
+ Có ít nhất 90% xã đạt chuẩn.
"""


def test_a_goal_heading_gives_its_year_until_the_next_heading(read):
    """A bullet line naming a goal and its deadline and nothing else (goal_headings) is a
    heading: its targets, bulleted or not, take its year until the next goal heading or
    numbered heading ("(2)", "(i)": bracketed items are headings too); the year a resolution
    was issued ("Nghị quyết 13-NQ/TW năm 2024") gives no target its year."""
    draft = read(GOALS)
    assert _rows(draft) == [(">=", 42, "%", 2030), (">=", 80, "%", 2030),
                            (">", 60, "%", 2045), ("<", 1, "%", None), (">=", 90, "%", 2035)]
    assert list(draft.targets["clause"])[:3] == ["(1).Mục tiêu cụ thể đến năm 2030"] * 2 + [
        "(1).Tầm nhìn đến năm 2045"]


@pytest.mark.parametrize("line", [
    "+ Mục tiêu cụ thể",                                    # no year: no heading
    "- Mục tiêu tổng quát: đến năm 2030 phát triển bền vững. Nâng cao đời sống.",  # sentences
    "- Mục tiêu đến năm 2030 là 50 xã đạt chuẩn",          # another number: a target
])
def test_a_goal_line_with_no_year_or_more_than_a_deadline_is_no_heading(read, line):
    assert _rows(read(f"{line}\nCó ít nhất 80% xã đạt chuẩn.\n"))[-1] == (">=", 80, "%", None)


@pytest.mark.parametrize(("text", "years"), [
    # after a document's number, or its issuer: the year it was issued (issue_years)
    ("Mục tiêu tại Nghị quyết 59 70 71 72 của Bộ Chính trị năm 2025", []),
    ("Theo Quy định 66-QĐ/TW năm 2017 thì", []),
    ("Kế hoạch số 12/KH-UBND năm 2024 đạt 50%", []),
    ("Quyết định được ban hành năm 2020", []),
    # a deadline after a document's issuer is kept, and so is a plan's year with no number
    ("Nghị quyết 05 của Tỉnh ủy đến năm 2030", [2030]),
    ("Nghị quyết 70-NQ/TW năm 2025 về an ninh năng lượng đến năm 2030", [2030]),
    ("Kế hoạch năm 2025", [2025]),
    ("Kế hoạch 5 năm 2021 – 2025 đạt 50%", [2025]),
    ("Quyết định 1393/QĐ-TTg năm 2012 về tăng trưởng xanh đến năm 2020", [2020]),
])
def test_a_documents_year_of_issue_is_no_deadline(rules, text, years):
    assert [y for _, _, y in find_years(text, rules)] == years


# --- A negated bound --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "no province below 60 %": every province at least 60 % (negations flips the bound) ...
    ("Đến năm 2030, ít nhất 85% học sinh hoàn thành, không có tỉnh, thành phố đạt dưới 60%.",
     [(">=", 85, "%", 2030), (">=", 60, "%", 2030)]),
    ("Đến năm 2030 tỷ lệ nợ xấu không được vượt 5%.", [("<=", 5, "%", 2030)]),
    # ... but "không" alone is no negation ("không khí", air), a bound carrying its own
    # negation is read as it is, and a negation of another clause flips nothing
    ("Đến năm 2030 bụi trong không khí đạt dưới 50 μg/m3.", [("<", 50, "μg/m3", 2030)]),
    ("Đến năm 2030 tỷ lệ che phủ rừng không dưới 42%.", [(">=", 42, "%", 2030)]),
    ("Đến năm 2030 không có hộ đói; tỷ lệ hộ nghèo dưới 2%.", [("<", 2, "%", 2030)]),
    # a goal word after the negation opens the target's own words: the negation is another
    # clause's (round 15)
    ("Không để xảy ra thiếu hụt điện, góp phần thực hiện mục tiêu tỷ lệ tổn thất điện năm "
     "2027 (dưới 6%).", [("<", 6, "%", 2027)]),
    ("Không để ô nhiễm lan rộng, phấn đấu nồng độ bụi năm 2028 dưới 40 μg/m3.",
     [("<", 40, "μg/m3", 2028)]),
])
def test_a_negation_turns_a_strict_bound_around(read, text, expected):
    assert _rows(read(text)) == expected


def test_a_negated_bounds_wording_keeps_its_negation(read):
    """The piece holding the negation joins the bound it negates, not the target before."""
    draft = read("Đến năm 2030, ít nhất 85% học sinh hoàn thành, không có tỉnh, thành phố đạt "
                 "dưới 60%.")
    assert list(draft.targets["piece"]) == ["Đến năm 2030, ít nhất 85% học sinh hoàn thành",
                                            "không có tỉnh, thành phố đạt dưới 60%."]


# --- A year that opens a later clause ---------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a year opening a clause after the number is that clause's year, not the number's ...
    ("Đến năm 2026, tỷ lệ bao phủ bảo hiểm y tế đạt trên 95% dân số, đến năm 2030 đạt bao "
     "phủ toàn dân.", [(">", 95, "%", 2026)]),
    ("- Mục tiêu đến năm 2030\n+ 100% trạm y tế được đầu tư; đến năm 2027 có ít nhất 5 bác sĩ.",
     [(">=", 100, "%", 2030), (">=", 5, "count", 2027)]),
    # ... but a year closing the number's clause is its year
    ("Tỷ lệ che phủ rừng đạt 42%, vào năm 2030.", [(">=", 42, "%", 2030)]),
    ("Tỷ lệ che phủ rừng đạt 42% vào năm 2030, tăng dần qua các năm.", [(">=", 42, "%", 2030)]),
])
def test_a_year_opening_a_later_clause_is_that_clauses(read, text, expected):
    assert _rows(read(text)) == expected


# --- Years, days and ages after a bound ----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a bound word before a number of years, days or years of age makes it a level to reach
    ("Đến năm 2030 số năm sống khoẻ mạnh đạt tối thiểu 68 năm.", [(">=", 68, "years", 2030)]),
    ("Đến năm 2030 tuổi thọ trung bình đạt 75,5 tuổi.", [(">=", 75.5, "years of age", 2030)]),
    ("Đến năm 2030 tuổi thọ trung bình trên 80 tuổi.", [(">", 80, "years of age", 2030)]),
    ("Đến năm 2030 dự trữ xăng dầu đạt khoảng 90 ngày nhập ròng.",
     [(">=", 90, "days", 2030)]),
    # without one it is a duration or the age of whom a target is for (bounded_measures)
    ("Đến năm 2030 thực hiện kế hoạch 5 năm; phổ cập cho trẻ em từ 3 đến 5 tuổi.", []),
    ("Đến năm 2030 trẻ em 5 tuổi được phổ cập.", []),
    # the "năm" that opens a year is no measure: the number is not 50 years (it stays unread)
    ("Tỷ lệ che phủ đạt trên 50 năm 2030.", []),
    # nor, after a number's own unit, a duration: the number is a level in its year
    ("Tỷ lệ che phủ rừng của tỉnh đạt 45% năm 2028.", [(">=", 45, "%", 2028)]),
    ("Giữ ổn định tỷ lệ thất nghiệp ở khu vực thành thị (khoảng 3% năm 2027).",
     [("<=", 3, "%", 2027)]),
])
def test_a_bound_makes_a_duration_or_an_age_a_level(read, text, expected):
    assert _rows(read(text)) == expected


# --- An index's value -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a bound number that no noun follows counts nothing: an index's value, with no unit
    ("Đến năm 2030 chỉ số HDI đạt trên 0,8, trong đó bất bình đẳng giảm.",
     [(">", 0.8, None, 2030)]),
    ("Đến năm 2030 chỉ số PCI đạt ít nhất 70.", [(">=", 70, None, 2030)]),
    # a bound number followed by the noun it counts stays a count
    ("Đến năm 2030 có ít nhất 45 đô thị.", [(">=", 45, "count", 2030)]),
])
def test_a_bound_number_counting_no_noun_is_an_index(read, text, expected):
    assert _rows(read(text)) == expected


def test_an_index_is_drafted_with_an_empty_unit(read, codebook):
    """Its catalog entry says no unit ("", for the reviewer to give), never NaN."""
    draft = read("Đến năm 2030 có ít nhất 45 đô thị; chỉ số HDI đạt trên 0,8.")
    assert [e["unit"] for e in draft_entries(draft, "x", codebook)] == ["count", ""]


# --- A bound before a list of counts, or before a range ---------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "ít nhất" before a list of counts bounds each count of the list ...
    ("Đến năm 2030 có ít nhất 6.000 nghiên cứu sinh, 20.000 người học tài năng.",
     [(">=", 6000, "count", 2030), (">=", 20000, "count", 2030)]),
    ("Đến năm 2030 có ít nhất 6.000 nghiên cứu sinh và 20.000 người học tài năng.",
     [(">=", 6000, "count", 2030), (">=", 20000, "count", 2030)]),
    # ... not past a ';', nor a number that counts no noun
    ("Đến năm 2030 có ít nhất 45 đô thị; 20 xã.", [(">=", 45, "count", 2030)]),
    ("Đến năm 2030 có ít nhất 45 đô thị, 20.", [(">=", 45, "count", 2030)]),
    # a bound opening a range with "từ": a range of counts
    ("Đến năm 2027 có ít nhất từ 4 - 5 bác sĩ.", [("range", (4, 5), "count", 2027)]),
])
def test_a_bound_before_a_list_or_a_range_of_counts(read, text, expected):
    assert _rows(read(text)) == expected


# --- A rank to reach --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the top n, or a leading group of n, is a rank to reach: n or better (ranks)
    ("Đến năm 2030 chỉ số tiếp cận điện năng thuộc tốp 3 nước dẫn đầu ASEAN.",
     [("<=", 3, "rank", 2030)]),
    ("Đến năm 2035 tỉnh thuộc top 03 vùng về đổi mới sáng tạo.", [("<=", 3, "rank", 2035)]),
    ("Đến năm 2045 đứng vào nhóm 20 quốc gia hàng đầu thế giới.", [("<=", 20, "rank", 2045)]),
    # after a count in its clause the group is the one the count must enter, no target
    ("Đến năm 2030 có ít nhất 8 trường thuộc nhóm 200 đại học hàng đầu châu Á.",
     [(">=", 8, "count", 2030)]),
    # "nhóm" with no leader word is a group's number, a reference
    ("Đến năm 2030 hỗ trợ nhóm 2 đạt 50%.", [(">=", 50, "%", 2030)]),
])
def test_a_top_group_is_a_rank_to_reach(read, text, expected):
    assert _rows(read(text)) == expected


# --- Units of energy and length ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030 tổng cung năng lượng sơ cấp khoảng 150 - 170 triệu tấn dầu quy đổi.",
     [("range", (150, 170), "Mtoe", 2030)]),
    ("Đến năm 2030 tổng công suất nguồn điện khoảng 183 - 236 GW.",
     [("range", (183, 236), "GW", 2030)]),
    ("Đến năm 2030 sản lượng điện khoảng 560 - 624 tỉ KWh.",
     [("range", (560, 624), "billion kWh", 2030)]),
    ("Đến năm 2030 tăng chiều cao trung bình thêm tối thiểu 1,5 cm.",
     [(">=", 1.5, "cm", 2030)]),
])
def test_units_of_energy_and_length_are_read(read, text, expected):
    assert _rows(read(text)) == expected


def test_a_unit_spelled_as_printed_is_of_its_units_family(rules):
    """An answer key writes a unit in the text's words: it scores in the family of the unit
    it spells, any case ("tỉ KWh" is "billion kWh", physical; "phần trăm" is "%")."""
    assert [rules.unit_family(u) for u in ("tỉ KWh", "triệu tấn dầu quy đổi", "GW",
                                           "phần trăm", "bác sĩ")] == [
        "physical", "physical", "physical", "percent", "count"]


# --- The loader ------------------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["table_deadlines"].update(colour="x"), "table_deadlines.colour"),
    (lambda d: d["base_year_gap"].update(colour="x"), "base_year_gap.colour"),
    (lambda d: d["table_deadlines"].update(row_number="(["), "not a regular expression"),
    (lambda d: d["base_year_gap"].update(words=40), "base_year_gap.words"),
    (lambda d: d["goal_headings"].update(colour="x"), "goal_headings.colour"),
    (lambda d: d["negations"].update(flips={"less_than": "more"}), "negations.flips"),
    (lambda d: d["bounded_measures"][0].update(colour="x"), "bounded_measures.0.colour"),
    (lambda d: d["ranks"].update(reading="at_least"), "ranks.reading"),
    (lambda d: d["issue_years"].update(forms=["{document} {number}"]), "names no {year}"),
])
def test_rules_loader_checks_the_new_rules(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error
