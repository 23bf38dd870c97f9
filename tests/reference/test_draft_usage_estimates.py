"""Rules of Vietnamese usage added after the one-shot run of the twenty-seventh round (a
provincial plan of environmental monitoring and a notice of the Prime Minister's
conclusions, therefore no longer unseen), on a plan's money and the specification of its
activities, which are no levels to reach: "đồng" printed alone after a number is the
currency, VND ("đồng/năm", VND a year), not a count, unless a word of its `not_before`
follows ("02 đồng chí", two comrades); a plan's cost estimate ("Dự toán kinh phí …:
… đồng") is its funds, a means (allocations.funds); the specification of how an activity is
done, its points, rounds or sessions ("Số điểm quan trắc: …", "tần suất …: 2 đợt/tháng",
"Số lượng: 02 hội nghị/năm"), is no level to reach (planned_figures.specifications); so,
after the one-shot run of the twenty-eighth round (a provincial plan of post-flood
remediation), is the grade of a chemical supplied ("cấp hóa chất …, Chlorine 70%"). Each
rule is shown on a tiny made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.drafts import target_rows


@pytest.mark.parametrize(("text", "expected"), [
    # dong in full, no scale word: money, not a count
    ("Đến năm 2030, doanh thu bình quân mỗi hộ đạt 250.000.000 đồng.",
     [(">=", 250000000, "VND", 2030)]),
    ("Đến năm 2030, giá trị sản xuất đạt tối thiểu 90.000.000 đồng/năm mỗi héc ta.",
     [(">=", 90000000, "VND/year", 2030)]),
    # the first syllable of another word: a count of comrades, not dong
    ("Đến năm 2030, mỗi xã có ít nhất 03 đồng chí làm công tác chuyển đổi số.",
     [(">=", 3, "count", 2030)]),
])
def test_dong_alone_is_money(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize("text", [
    "Dự toán kinh phí thực hiện kế hoạch năm 2027: 820.000.000 đồng.",
    "Dự toán kinh phí tổ chức các lớp tập huấn đến năm 2028 khoảng 2,5 tỷ đồng.",
])
def test_a_cost_estimate_is_a_means(read, text):
    assert target_rows(read(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    # money to reach, no estimate named: read as usual
    ("Đến năm 2030, thu nhập bình quân đầu người đạt 120.000.000 đồng.",
     [(">=", 120000000, "VND", 2030)]),
    ("Đến năm 2030, huy động vốn xã hội hóa cho bảo vệ môi trường đạt 800.000.000 đồng.",
     [(">=", 800000000, "VND", 2030)]),
])
def test_money_that_is_no_estimate_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize("text", [
    "- Số điểm lấy mẫu: 12 điểm, trong đó: 09 điểm trên sông và 03 điểm tại hồ chứa.",
    "+ Chất lượng nước mặt: pH, DO, COD; tần suất quan trắc: 04 đợt/năm.",
    "+ Nước thải: tháng 1 đến tháng 6 tần suất lấy mẫu 03 đợt/tháng (18 đợt/năm).",
    "- Số lượng: 03 lớp/năm × 40 học viên/lớp.",
])
def test_the_specification_of_an_activity_is_no_target(read, text):
    assert target_rows(read(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a count of an activity with no label of specification: read as usual
    ("Đến năm 2030, tổ chức ít nhất 02 hội nghị tập huấn mỗi năm.",
     [(">=", 2, "count/year", 2030)]),
    # a word of reaching after the word: a level to reach
    ("Đến năm 2030, nâng tần suất kiểm tra lên ít nhất 04 lần/năm.",
     [(">=", 4, "count/year", 2030)]),
    # "số lượng" without its colon is no label
    ("Đến năm 2030, số lượng doanh nghiệp đạt ít nhất 1.500 doanh nghiệp.",
     [(">=", 1500, "count", 2030)]),
])
def test_counts_that_specify_nothing_are_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_under_a_heading_of_targets_a_frequency_is_a_target(read):
    text = ("2. Mục tiêu cụ thể\n"
            "- Đến năm 2030, tần suất quan trắc tự động: 12 đợt/năm.")
    assert target_rows(read(text)) == [(">=", 12, "count/year", 2030)]


def test_the_items_of_an_estimate_in_a_numbered_heading_are_its_parts(read):
    # a numbered heading stating the estimate and "Trong đó:" leads its items, the parts
    text = ("III. DỰ TOÁN\n"
            "1. Dự toán kinh phí thực hiện giai đoạn 2026 - 2028: 960.000.000 đồng. Trong đó:\n"
            "- Lấy mẫu và phân tích: 800.000.000 đồng.\n"
            "- Tập huấn: 160.000.000 đồng.")
    assert target_rows(read(text)) == []


def test_the_parts_of_a_total_to_reach_in_a_numbered_heading_are_left_alone(read):
    text = ("II. MỤC TIÊU\n"
            "1. Đến năm 2030, doanh thu du lịch đạt 900.000.000.000 đồng. Trong đó:\n"
            "- Lưu trú: đạt 500.000.000.000 đồng.")
    assert target_rows(read(text)) == [(">=", 900000000000, "VND", 2030),
                                       (">=", 500000000000, "VND", 2030)]


# --- The grade of a chemical supplied (round 28) -------------------------------------------------

@pytest.mark.parametrize("text", [
    # a product's concentration in the list of supplies, no share to reach
    "- Trung tâm Y tế cấp hóa chất Cloramin B, Calcium hypochlorite 65%, bình phun cho các xã "
    "năm 2026.",
    "Bố trí hóa chất khử trùng Chlorine 70% cho các điểm ngập năm 2026.",
])
def test_the_grade_of_a_chemical_supplied_is_no_target(read, text):
    assert target_rows(read(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a share of households to supply stands before the words: a target
    ("Năm 2026 bảo đảm 100% hộ dân vùng ngập được cấp hóa chất khử trùng nước.",
     [(">=", 100, "%", 2026)]),
    # a word of reaching between: a level to reach
    ("Năm 2026 tỷ lệ xã được cấp hóa chất đạt 95%.", [(">=", 95, "%", 2026)]),
])
def test_a_share_around_chemicals_supplied_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected
