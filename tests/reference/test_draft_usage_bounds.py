"""Rules of Vietnamese usage added after the one-shot run on Sơn La 2954/QĐ-UBND and the
National Assembly's resolution 192/2025/QH15 (which are therefore no longer unseen): money
spelled with its scale and currency ("triệu USD", "tỉ đô la Mỹ (USD)", "nghìn tỷ đồng") is a
unit (units); of two bound words the one nearest the number wins ("khoảng trên 500": '>');
a number printed with a leading zero ("05") is a plain number; a "Trong đó:" sentence splits
the total before it, and its parts take the total's year (parts_of_totals); the plan's
horizon fills no year in a section of duties ("Tổ chức thực hiện", duty_sections); a sum a
decision allocates ("Bổ sung … tỷ đồng vốn") is a means, no target (allocations). Each rule
is shown on a tiny made-up text, with the case it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows

# --- Money, and the bound word nearest the number ----------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, kim ngạch xuất khẩu thủy sản đạt 12 tỉ đô la Mỹ (USD).",
     [(">=", 12, "billion USD", 2030)]),
    ("Đến năm 2030, kim ngạch xuất khẩu rau quả đạt 80 triệu USD.",
     [(">=", 80, "million USD", 2030)]),
    ("Đến năm 2028, thu ngân sách trên địa bàn đạt 3,5 nghìn tỷ đồng.",
     [(">=", 3.5, "trillion VND", 2028)]),
    # two bound words: "trên" stands nearest the number, so '>' (not "khoảng")
    ("Đến năm 2030, thu nhập bình quân đầu người khoảng trên 3.000 USD.",
     [(">", 3000, "USD", 2030)]),
    ("Đến năm 2030, tỷ lệ thất nghiệp khoảng dưới 2%.", [("<", 2, "%", 2030)]),
    # a leading zero: a plain number
    ("Đến năm 2030, doanh thu từ du lịch cộng đồng đạt 07 triệu USD.",
     [(">=", 7, "million USD", 2030)]),
])
def test_money_is_a_unit_and_the_nearest_bound_word_wins(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_money_unit_as_a_key_spells_it_is_of_the_drafts_family(rules):
    assert rules.unit_family("tỉ USD") == rules.unit_family("billion USD") == "physical"
    assert rules.unit_family("triệu USD") == rules.unit_family("million USD") == "physical"
    assert rules.unit_family("USD") == "physical"


# --- Parts of a total ("Trong đó:") ------------------------------------------------------------

def test_the_parts_of_a_total_take_its_year(read):
    draft = read("Đến năm 2030, tổng kim ngạch xuất khẩu đạt 200 triệu USD. Trong đó: hàng "
                 "nông sản đạt 150 triệu USD; hàng thủ công mỹ nghệ đạt 02 triệu USD.")
    assert target_rows(draft) == [(">=", 200, "million USD", 2030),
                                  (">=", 150, "million USD", 2030),
                                  (">=", 2, "million USD", 2030)]
    assert list(draft.targets["year_from"])[1:] == [
        "the total's sentence (its part: 'trong đó')"] * 2


def test_a_sentence_that_splits_no_total_takes_no_year_from_the_one_before(read):
    """Without "Trong đó" the next sentence is no part; a part printing its own year keeps it.
    (The total's year is printed after its number here: a year opening the sentence, "Đến
    năm 2030, …", would frame the rest of the paragraph, paragraph_frames.)"""
    draft = read("Tổng kim ngạch xuất khẩu đạt 200 triệu USD vào năm 2030. Hàng nông sản "
                 "đạt 150 triệu USD. Trong đó: đến năm 2027 hàng thủ công đạt 2 triệu USD.")
    assert target_rows(draft) == [(">=", 200, "million USD", 2030),
                                  (">=", 150, "million USD", None),
                                  (">=", 2, "million USD", 2027)]


# --- A section of duties: no horizon -----------------------------------------------------------

PLAN = """KẾ HOẠCH PHÁT TRIỂN NÔNG NGHIỆP GIAI ĐOẠN 2026 - 2030
I. MỤC TIÊU
1. Tỷ lệ hộ sản xuất áp dụng quy trình an toàn đạt 80%.
II. TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân các xã
- Xây dựng ít nhất 02 mô hình liên kết sản xuất.
- Đến năm 2028 hoàn thành ít nhất 03 kho lạnh.
III. KINH PHÍ
1. Tỷ lệ vốn xã hội hóa đạt 30%.
"""


def test_the_horizon_fills_no_year_in_a_section_of_duties(read):
    draft = read(PLAN)
    assert target_rows(draft) == [(">=", 80, "%", 2030), (">=", 2, "count", None),
                                  (">=", 3, "count", 2028), (">=", 30, "%", 2030)]


# --- A sum allocated ---------------------------------------------------------------------------

def test_a_sum_allocated_is_no_target(read):
    draft = read("Bố trí khoảng 30 tỷ đồng kinh phí để thực hiện đề án trong năm 2026.")
    assert target_rows(draft) == []
    assert list(draft.quantities["reason"].dropna().str[:15]) == ["a sum allocated"]


@pytest.mark.parametrize(("text", "expected"), [
    # money to reach follows no allocation word
    ("Đến năm 2030, huy động vốn đầu tư xã hội đạt 500 tỷ đồng.",
     [(">=", 500, "billion VND", 2030)]),
    # an allocation word before a count, not money: a count to reach
    ("Đến năm 2027 bổ sung ít nhất 200 giường bệnh.", [(">=", 200, "count", 2027)]),
])
def test_money_to_reach_and_counts_added_stay_targets(read, text, expected):
    assert target_rows(read(text)) == expected


# --- The rules file ----------------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["allocations"].update(colour="x"), "allocations.colour"),
    (lambda d: d["allocations"].update(units=[]), "allocations.units"),
    (lambda d: d.update(parts_of_totals="trong đó"), "parts_of_totals"),
    (lambda d: d.update(duty_sections=None), "duty_sections"),
    (lambda d: d.update(duties=["tổ chức thực hiện"]), "duties"),
])
def test_rules_loader_checks_the_bound_and_money_rules(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error


# --- A measure whose good direction is lower (round 13, 244/2025/QH15 summary) -----------------

@pytest.mark.parametrize(("text", "expected"), [
    # "khoảng" and "đạt" read in the measure's good direction, lower, with no indicator
    ("Năm 2027, tỷ lệ thất nghiệp của lao động thành thị khoảng 3,8%.",
     [("<=", 3.8, "%", 2027)]),
    ("Năm 2027, tỷ lệ lao động nông nghiệp trong tổng lao động đạt 30%.",
     [("<=", 30, "%", 2027)]),
    # its rise named as the measure ("tốc độ tăng … lạm phát") is held down too
    ("Năm 2027, tốc độ tăng lạm phát cơ bản bình quân khoảng 3%.", [("<=", 3, "%", 2027)]),
    # the measure named after the number, or in another clause, is another's
    ("Năm 2027, tăng trưởng kinh tế đạt 8% gắn với kiểm soát lạm phát.",
     [(">=", 8, "%", 2027)]),
    ("Năm 2027, kiểm soát lạm phát, phấn đấu tăng trưởng kinh tế khoảng 8%.",
     [(">=", 8, "%", 2027)]),
    # a name that holds the word but is another measure: households escaping poverty
    ("Năm 2027, tỷ lệ hộ thoát nghèo đạt 30%.", [(">=", 30, "%", 2027)]),
])
def test_a_measure_held_down_is_read_lower(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A bound word before "có"; "trên" after a verb of holding a level --------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the bound word before the verb "có" bounds the count after it, as "có tối thiểu" does
    ("Đến năm 2030, tối thiểu có 7 trường đại học đạt chuẩn quốc tế.",
     [(">=", 7, "count", 2030)]),
    ("Đến năm 2035, ít nhất có 2 bệnh viện vùng đạt chuẩn; có 5 xã miền núi.",
     [(">=", 2, "count", 2035)]),
])
def test_a_bound_word_before_co_bounds_the_count_after_it(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "trên" after a verb of holding a level is "above": an index's value, no unit
    ("Đến năm 2030, chỉ số hạnh phúc của người dân duy trì trên 0,65.",
     [(">", 0.65, None, 2030)]),
    ("Đến năm 2028, giữ vững trên 95 xã đạt chuẩn nông thôn mới.",
     [(">", 95, "count", 2028)]),
    # after another verb "trên" is "on": the number stays unread
    ("Đến năm 2028, triển khai trên 3 nền tảng số dùng chung.", []),
])
def test_above_after_a_verb_of_holding_a_level(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A band of counts ("có từ 40 - 50 tổ chức") -------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a range of bare numbers after "từ" and before the noun it counts: a count to reach
    ("Đến năm 2030, có từ 20 - 25 trường đại học được kiểm định quốc tế.",
     [("range", None, "count", 2030)]),
    ("Đến năm 2028, thành lập từ 3 đến 5 hợp tác xã kiểu mới.",
     [("range", None, "count", 2028)]),
    # no "từ": no band read; one number after "từ": a starting level, not a band
    ("Đến năm 2028, thành lập 3 - 5 hợp tác xã kiểu mới.", []),
    ("Đến năm 2028, nâng từ 3 xã lên 6 xã.", []),
])
def test_a_band_of_counts_after_tu(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # two bare numbers joined by "đến" (or "tới") before the noun they count: a band, no "từ"
    ("Đến năm 2029, xây dựng 4 đến 6 làng nghề kiểu mẫu.", [("range", None, "count", 2029)]),
    ("Đến năm 2029, công nhận 10 tới 12 điểm du lịch cộng đồng.",
     [("range", None, "count", 2029)]),
    # an age joined so is a duration, and a dash alone joins no band
    ("Đến năm 2029, chăm sóc trẻ em 3 đến 6 tuổi tại nhà.", []),
    ("Đến năm 2029, xây dựng 4 - 6 làng nghề kiểu mẫu.", []),
])
def test_a_band_of_counts_joined_by_a_word(read, text, expected):
    assert target_rows(read(text)) == expected



# --- A magnitude: a number with a scale word ("45 - 50 triệu lượt khách") ----------------------

def _bounds(draft) -> list[tuple]:
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.comparator, r.value, r.low, r.high, r.unit, r.target_year)
            for r in frame.itertuples()]


@pytest.mark.parametrize(("text", "expected"), [
    # a bare range or number before a scale word and its noun: an amount, a count to reach
    ("Phát triển sản phẩm mới để đón 12 - 15 triệu lượt khách nội địa vào năm 2029.",
     [("range", None, 12, 15, "count", 2029)]),
    ("Đến năm 2028, tạo việc làm cho 1,2 triệu lao động.",
     [(">=", 1.2, None, None, "count", 2028)]),
    # no scale word: a bare number stays unread, as before
    ("Đến năm 2028, tạo việc làm cho 1.200 lao động.", []),
])
def test_a_number_with_a_scale_word_is_an_amount(read, text, expected):
    assert _bounds(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a length in kilometres is a unit: "trên" before it is its bound
    ("Đến năm 2029 hoàn thành trên 1.500 km đường ven biển.",
     [(">", 1500, None, None, "km", 2029)]),
    ("Đến năm 2027 cải tạo ít nhất 120 km đê sông.", [(">=", 120, None, None, "km", 2027)]),
    # an area in km2 is not a length
    ("Đến năm 2027 khoanh vùng 120 km2 rừng ngập mặn.", []),
])
def test_a_length_in_kilometres_is_a_unit(read, text, expected):
    assert _bounds(read(text)) == expected


# --- A goal named, its level in brackets (round 23: 636/TB-VPCP) -----------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "vượt" (exceed) before the goal's noun: more than the level in brackets
    ("Năm 2027 phấn đấu thu ngân sách vượt chỉ tiêu tỉnh đã giao (12%).",
     [(">", 12, "%", 2027)]),
    ("Năm 2027 tốc độ tăng trưởng đạt mục tiêu Tỉnh ủy đề ra (9,5%).", [(">=", 9.5, "%", 2027)]),
    # a number in brackets after no goal's noun is read by the words right before it
    ("Năm 2027 phấn đấu vượt khó khăn, tỷ lệ lao động qua đào tạo của toàn tỉnh (70%).",
     [(">=", 70, "%", 2027)]),
])
def test_a_goal_named_with_its_level_in_brackets(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_bracketed_goals(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["bracketed_goals"].update(words=20))
    assert str(bad) in error and "bracketed_goals.words" in error
