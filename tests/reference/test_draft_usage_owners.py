"""Rules of Vietnamese usage added after the one-shot run on the Government's 380/NQ-CP and
Đồng Tháp 597/KH-UBND (twelfth round, therefore no longer unseen), on whose a year, a period
or a "/năm" is: a year printed after a number that follows "và" and opens a clause of its
own ("cả năm 2025 đạt trên 8% và năm 2026 đạt từ 10% trở lên") is that clause's, not the
number before it's (clause_conjunctions); a period printed in a line of the plan's legal
basis ("Căn cứ Quyết định … ban hành Chiến lược … giai đoạn 2025-2030;") is the cited
document's, not the plan's horizon (legal_basis); a "/năm" printed inside a number's unit
("20 triệu USD/năm", "2%/năm") is that number's, and makes no bare count of its sentence a
count a year. Each rule is shown on a tiny made-up text, with the cases it must leave
alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows

# --- A year after "và" opening its clause is that clause's ------------------------------------

@pytest.mark.parametrize("text", [
    "Phấn đấu tỷ lệ hộ sử dụng nước sạch năm 2026 đạt trên 90% và năm 2028 đạt từ 95% trở lên.",
    "Phấn đấu tỷ lệ hộ sử dụng nước sạch năm 2026 đạt trên 90% và năm 2028 từ 95% trở lên.",
    # a comma opens the clause as "và" does (the rule of separators, unchanged)
    "Phấn đấu tỷ lệ hộ sử dụng nước sạch năm 2026 đạt trên 90%, năm 2028 từ 95% trở lên.",
])
def test_a_year_opening_a_clause_after_va_is_that_clauses(read, text):
    assert target_rows(read(text)) == [(">", 90, "%", 2026), (">=", 95, "%", 2028)]


@pytest.mark.parametrize(("text", "expected"), [
    # each year after its number, "và" before the next number: each number's own
    ("Tỷ lệ hộ sử dụng nước sạch đạt 90% vào năm 2026 và 95% vào năm 2028.",
     [(">=", 90, "%", 2026), (">=", 95, "%", 2028)]),
    # "và" before a year that ends its clause: still the number before it's
    ("Tỷ lệ hộ sử dụng nước sạch đạt 90% và năm 2028.", [(">=", 90, "%", 2028)]),
    ("Tỷ lệ hộ sử dụng nước sạch đạt 90% vào năm 2026 và năm 2028.", [(">=", 90, "%", 2026)]),
])
def test_a_year_after_va_that_opens_no_clause_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A period in the plan's legal basis is the cited document's ------------------------------

def _plan(lines: str) -> str:
    return f"KẾ HOẠCH\n{lines}\nI. NHIỆM VỤ\n- Bảo đảm 100% hồ sơ được số hóa.\n"


@pytest.mark.parametrize("basis", [
    "Căn cứ Quyết định số 100/QĐ-BXD ngày 30/9/2025 của Bộ Xây dựng ban hành Chiến lược chuyển "
    "đổi số giai đoạn 2025-2030;",
    "Xét đề nghị của Sở Xây dựng về Chương trình chuyển đổi số giai đoạn 2025-2030;",
])
def test_a_period_in_the_legal_basis_is_no_horizon(read, basis):
    draft = read(_plan(f"Chuyển đổi số trong quản lý hạ tầng giao thông\n{basis}"))
    assert draft.horizon["year"] is None
    assert target_rows(draft) == [(">=", 100, "%", None)]


@pytest.mark.parametrize("lines", [
    # the title's period, the cited document's after it: the title's
    "Chuyển đổi số trong quản lý hạ tầng giai đoạn 2026 - 2030\nCăn cứ Quyết định số "
    "100/QĐ-BXD ngày 30/9/2025 ban hành Chiến lược giai đoạn 2025-2035;",
    # the plan's period in the line that issues it, after the legal basis: the plan's
    "Căn cứ Quyết định số 100/QĐ-BXD ngày 30/9/2025 ban hành Chiến lược giai đoạn 2025-2035;\n"
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số giai đoạn 2026-2030 như sau:",
])
def test_the_plans_own_period_is_left_alone(read, lines):
    draft = read(_plan(lines))
    assert draft.horizon["year"] == 2030
    assert target_rows(draft) == [(">=", 100, "%", 2030)]


# --- "/năm" in a number's unit is that number's -----------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, có ít nhất 50 doanh nghiệp, doanh thu xuất khẩu đạt 10 triệu USD/năm.",
     [(">=", 50, "count", 2030), (">=", 10, "million USD/year", 2030)]),
    ("Đến năm 2030, có ít nhất 12 khu công nghiệp xanh, năng suất lao động tăng 6%/năm.",
     [(">=", 12, "count", 2030), (">=", 6, "%/year", 2030)]),
])
def test_a_per_year_unit_is_its_numbers_own(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "mỗi năm", or "/năm" after the count's own noun: a count a year
    ("Đến năm 2030, tổ chức ít nhất 20 hội chợ mỗi năm.", [(">=", 20, "count/year", 2030)]),
    ("Đến năm 2030, đào tạo ít nhất 500 lao động/năm, năng suất lao động tăng 6%/năm.",
     [(">=", 500, "count/year", 2030), (">=", 6, "%/year", 2030)]),
])
def test_a_count_a_year_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_bare_number_whose_members_clear_a_bar_is_a_count(read):
    """No bound word before "05", but its members' bar after it ("có doanh thu … đạt tối thiểu
    01 tỷ USD/năm") says it counts them: the count is the target, the bar a condition."""
    draft = read("Đến năm 2030, có 05 doanh nghiệp công nghệ số có doanh thu từ thị trường "
                 "nước ngoài đạt tối thiểu 01 tỷ USD/năm.")
    assert target_rows(draft) == [(">=", 5, "count", 2030)]


def test_a_bare_number_with_no_bar_is_left_unread(read):
    draft = read("Mỗi xã có 3 điểm thu gom rác thải đến năm 2030.")
    assert target_rows(draft) == []


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.update(clause_conjunctions="và"), "clause_conjunctions"),
    (lambda d: d.update(legal_basis=[1, 2]), "legal_basis"),
])
def test_rules_loader_checks_the_new_lists(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error
