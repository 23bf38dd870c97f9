"""Rules of Vietnamese usage added after the one-shot run on the Government's 380/NQ-CP
(twelfth round, therefore no longer unseen), on the means a decision gives, which are no
results to reach: a sum granted to those it supports ("hỗ trợ 3.515 tỷ đồng cho 08 tỉnh") is
a sum allocated, as "bổ sung … tỷ đồng vốn" is (allocations.words); a rate it sets, cuts or
subsidises for them, an interest rate of loans or a tax rate ("giảm lãi suất cho vay 2%/năm
đối với khách hàng vay vốn", "mức thuế suất 5%"), is relief granted, a means too
(allocations.rates), unless a goal word stands before it. Each rule is shown on a tiny
made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows

# --- A sum granted is a sum allocated ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Thủ tướng Chính phủ đã quyết định hỗ trợ 1.200 tỷ đồng cho 05 tỉnh để khắc phục hậu quả "
    "bão.",
    "Năm 2026, hỗ trợ thêm 15 tỷ đồng cho các xã xây dựng nông thôn mới.",
])
def test_a_sum_granted_is_a_means(read, text):
    draft = read(text)
    assert target_rows(draft) == []
    assert any(r.startswith("a sum allocated (after 'hỗ trợ')") for r in reasons(draft))


@pytest.mark.parametrize(("text", "expected"), [
    # money to reach, "hỗ trợ" not in the words just before it: a target
    ("Đến năm 2030, huy động vốn hỗ trợ doanh nghiệp đạt 500 tỷ đồng.",
     [(">=", 500, "billion VND", 2030)]),
    ("Đến năm 2030, Quỹ hỗ trợ nông dân có tổng nguồn vốn đạt 300 tỷ đồng.",
     [(">=", 300, "billion VND", 2030)]),
    # a count of those supported, a unit not of money: a target
    ("Đến năm 2030, hỗ trợ ít nhất 500 hộ nghèo xây dựng nhà ở.", [(">=", 500, "count", 2030)]),
])
def test_support_that_is_no_sum_granted_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A rate set for those supported is a means ------------------------------------------------

@pytest.mark.parametrize("text", [
    "Đề xuất giảm lãi suất cho vay 1,5%/năm đối với hộ nghèo vay vốn.",
    "Hỗ trợ lãi suất 2%/năm cho các khoản vay của doanh nghiệp nhỏ và vừa.",
    "Năm 2026, áp dụng mức thuế suất 5% đối với hàng hóa nông sản.",
])
def test_a_rate_set_for_those_supported_is_a_means(read, text):
    draft = read(text)
    assert target_rows(draft) == []
    assert any(r.startswith("a rate set for those supported") for r in reasons(draft))


@pytest.mark.parametrize(("text", "expected"), [
    # a goal word before it: the text aims at the rate, a target
    ("Phấn đấu giảm lãi suất cho vay bình quân 1%/năm.", [("<=", -1, "%/year", None)]),
    # rates the text does not set: targets
    ("Đến năm 2030, tăng trưởng tín dụng đạt khoảng 15%, tỷ lệ nợ xấu dưới 3%.",
     [(">=", 15, "%", 2030), ("<", 3, "%", 2030)]),
])
def test_a_rate_that_is_no_means_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_rates(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["allocations"].update(rates="lãi suất"))
    assert str(bad) in error and "rates" in error


# --- A share held in reserve is a means (round 15) ---------------------------------------------

@pytest.mark.parametrize("text", [
    "Dự phòng chung kế hoạch tài chính 5 năm giai đoạn 2026 - 2030 của tỉnh là 8%.",
    "Năm 2027, mức dự phòng ngân sách xã bố trí 3% tổng chi; tỷ lệ xã đạt chuẩn đạt 70%.",
])
def test_a_share_held_in_reserve_is_a_means(read, text):
    draft = read(text)
    assert [r for r in target_rows(draft) if r[1] != 70] == []
    assert any(r.startswith("a share held in reserve") for r in reasons(draft))


@pytest.mark.parametrize(("text", "expected"), [
    # the clause after the ';' names no reserve: a target
    ("Năm 2027, mức dự phòng ngân sách xã bố trí 3% tổng chi; tỷ lệ xã đạt chuẩn đạt 70%.",
     [(">=", 70, "%", 2027)]),
    # "dự phòng" alone (preventive, backup) is no reserve of funds
    ("Đến năm 2030, 90% trạm y tế xã thực hiện y tế dự phòng.", [(">=", 90, "%", 2030)]),
    ("Đến năm 2028 bảo đảm tính dự phòng 100% cho các hệ thống.", [(">=", 100, "%", 2028)]),
])
def test_a_share_that_is_no_reserve_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_reserves(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["allocations"].update(reserve=["quỹ"]))
    assert str(bad) in error and "reserve" in error


# --- A sum transferred is a means (round 22: 634/TB-VPCP III.5) --------------------------------

@pytest.mark.parametrize("text", [
    "Về điều chuyển phần vốn còn lại, chưa phân bổ của năm 2026 (khoảng 320 tỷ đồng) sang các "
    "dự án giao thông: giao Sở Tài chính thực hiện.",
    "Năm 2027 điều chuyển kế hoạch vốn của các dự án chậm tiến độ, tổng cộng 85,5 tỷ đồng, cho "
    "dự án trường học.",
])
def test_a_sum_transferred_is_a_means(read, text):
    draft = read(text)
    assert target_rows(draft) == []
    assert any(r.startswith("a sum transferred (after 'điều chuyển')") for r in reasons(draft))


@pytest.mark.parametrize(("text", "expected"), [
    # "đạt" between the transfer and the money: money to reach, a target
    ("Năm 2027 điều chuyển vốn để doanh thu của quỹ đạt 200 tỷ đồng.",
     [(">=", 200, "billion VND", 2027)]),
    # a transfer in another clause (before ';') leaves the money alone
    ("Năm 2027 điều chuyển vốn giữa các dự án; thu ngân sách đạt 9.000 tỷ đồng.",
     [(">=", 9000, "billion VND", 2027)]),
    # staff moved are no sum of money
    ("Đến năm 2027 điều chuyển ít nhất 20 công chức về cấp xã.", [(">=", 20, "count", 2027)]),
])
def test_money_that_is_no_sum_transferred_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_transfers(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["allocations"].update(transfer=["chuyển"]))
    assert str(bad) in error and "transfer" in error


# --- a credit programme named by its size (round 27: the notice 624/TB-VPCP) -------------
@pytest.mark.parametrize("text", [
    "Năm 2026, các ngân hàng triển khai Gói tín dụng 80 nghìn tỷ đồng cho nhà ở xã hội.",
    "Đến năm 2027, triển khai hiệu quả Chương trình tín dụng 30.000 tỷ đồng cho nông nghiệp.",
])
def test_a_credit_programme_named_by_its_size_is_a_means(read, text):
    assert target_rows(read(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2027, giải ngân 100% gói tín dụng cho nhà ở xã hội.", [(">=", 100, "%", 2027)]),
    ("Đến năm 2027, dư nợ tín dụng xanh đạt 30.000 tỷ đồng.",
     [(">=", 30000, "billion VND", 2027)]),
])
def test_credit_that_names_no_programme_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected
