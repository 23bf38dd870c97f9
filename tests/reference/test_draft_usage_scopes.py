"""A rule of Vietnamese decision-writing on number words, added after the one-shot run on the
Government's resolution 175/NQ-CP (thirteenth round, therefore no longer unseen): "tất cả"
or "toàn bộ" right after "trên" (across, on) names where a target holds, its scope, not a
share of 100 %. Each case is a tiny made-up text."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows


@pytest.mark.parametrize(("text", "expected"), [
    # across all the platforms: the target is the 85 %
    ("Đến năm 2029, 85% hộ kinh doanh được cấp tài khoản số dùng thống nhất trên tất cả các "
     "nền tảng của tỉnh.", [(">=", 85, "%", 2029)]),
    ("Đến năm 2028, phủ sóng 5G trên toàn bộ địa bàn tỉnh.", []),
    # without "trên" the number word is a share of 100 %
    ("Đến năm 2028, tất cả các xã có điểm phục vụ bưu chính.", [(">=", 100, "%", 2028)]),
])
def test_a_number_word_after_tren_is_a_scope(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_scopes(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["number_words"][0].update(scopes="trên"))
    assert str(bad) in error and "scopes" in error


# Round 27 (the notice 624/TB-VPCP, no longer unseen): a number word right before the tasks
# assigned ("toàn bộ các nhiệm vụ được giao") asks that one's duties be done, no share.
@pytest.mark.parametrize(("text", "expected"), [
    ("Các sở, ngành hoàn thành toàn bộ các nhiệm vụ được giao trong năm 2027.", []),
    ("Năm 2027, các xã hoàn thành tất cả nhiệm vụ của Kế hoạch.", []),
    # no task named: the number word is a share of 100 %
    ("Năm 2027, toàn bộ các trường học được kết nối Internet tốc độ cao.",
     [(">=", 100, "%", 2027)]),
])
def test_a_number_word_before_the_tasks_is_a_duty(read, text, expected):
    assert target_rows(read(text)) == expected


# Round 27 (the notice 624/TB-VPCP): a bare number right before the provinces and cities of
# the State's first tier names which of them a task covers, its scope, not a count to reach,
# though a deadline closes the task (counts.state_units).
@pytest.mark.parametrize(("text", "expected"), [
    ("Bộ Tài chính cử tổ công tác làm việc với 5 thành phố trực thuộc Trung ương về đề án "
     "thu phí, hoàn thành trong tháng 3 năm 2027.", []),
    ("Năm 2027, hoàn thành tập huấn cho 12 tỉnh, thành phố ven biển.", []),
    # a goal word before it: a count to reach
    ("Năm 2027, phấn đấu 12 tỉnh, thành phố hoàn thành đề án đô thị thông minh.",
     [(">=", 12, "count", 2027)]),
    # another noun after the number: read as usual
    ("Năm 2027, hoàn thành tập huấn cho 12 xã ven biển.", [(">=", 12, "count", 2027)]),
])
def test_a_count_of_provinces_and_cities_is_a_scope(read, text, expected):
    assert target_rows(read(text)) == expected
