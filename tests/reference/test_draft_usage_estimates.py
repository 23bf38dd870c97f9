"""Rules of Vietnamese usage added after the one-shot run of the twenty-seventh round (a
provincial plan of environmental monitoring and a notice of the Prime Minister's
conclusions, therefore no longer unseen), on a plan's money and the specification of its
activities, which are no levels to reach: "đồng" printed alone after a number is the
currency, VND ("đồng/năm", VND a year), not a count, unless a word of its `not_before`
follows ("02 đồng chí", two comrades); a plan's cost estimate ("Dự toán kinh phí …:
… đồng") is its funds, a means (allocations.funds). Each rule is shown on a tiny made-up
text, with the cases it must leave alone."""

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
