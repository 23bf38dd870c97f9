"""Rules of Vietnamese usage on changes, added after the one-shot run on Government resolution
122/NQ-CP (fourteenth round, therefore no longer unseen): a change word before a goal word
frames the aim ("nhằm giảm áp lực …, phấn đấu tiết kiệm …"), it is not the number's change;
a change word governs the comma list of its objects, the verb said once ("cắt giảm 50% thời
gian …, 50% chi phí …", list_separators).
Each rule is shown on a tiny made-up text, with the case it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows

# --- A goal word opens the target's own words ----------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the cut before "phấn đấu" is the purpose; the 90 % is a level to reach
    ("e) Đẩy mạnh tái chế nhằm giảm lượng rác chôn lấp, phấn đấu thu gom tối thiểu 90% rác "
     "thải sinh hoạt năm 2028.", [(">=", 90, "%", 2028)]),
    ("Tăng cường kiểm tra để giảm ùn tắc giao thông, mục tiêu 95% nút giao có camera năm "
     "2027.", [(">=", 95, "%", 2027)]),
    # a change word after the goal word is the number's own
    ("Đẩy mạnh tái chế, phấn đấu giảm 15% lượng rác chôn lấp năm 2028.",
     [("<=", -15, "%", 2028)]),
    # without a goal word the change word before the number is read as before
    ("Năm 2028 giảm lượng rác chôn lấp tối thiểu 15%.", [("<=", -15, "%", 2028)]),
])
def test_a_change_word_before_a_goal_word_is_not_the_numbers(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A list after one change word (list_separators) -----------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the change word governs each "N% noun" of its comma list, the verb said once
    ("Năm 2027 cắt giảm 20% thời gian xử lý hồ sơ, 30% chi phí đi lại của người dân.",
     [("<=", -20, "%", 2027), ("<=", -30, "%", 2027)]),
    ("Đến năm 2028 giảm tối thiểu 15% số giấy phép con, 100% các giấy phép trùng lặp.",
     [("<=", -15, "%", 2028), ("<=", -100, "%", 2028)]),
])
def test_a_change_word_governs_its_comma_list(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a ';' ends the clause: the next number has its own verb
    ("Năm 2027 cắt giảm 20% thời gian xử lý hồ sơ; 90% hồ sơ được xử lý trực tuyến.",
     [("<=", -20, "%", 2027), (">=", 90, "%", 2027)]),
    # a change that closes its clause governs nothing after it
    ("Năm 2027 số vụ cháy rừng giảm 10%, 95% diện tích rừng được tuần tra.",
     [("<=", -10, "%", 2027), (">=", 95, "%", 2027)]),
    # a number with its own change word reads its own
    ("Năm 2027 cắt giảm 20% chi phí logistics, tăng 10% năng suất lao động.",
     [("<=", -20, "%", 2027), (">=", 10, "%", 2027)]),
])
def test_a_change_word_leaves_other_clauses_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_list_separators(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d.pop("list_separators"))
    assert str(bad) in error and "list_separators" in error
