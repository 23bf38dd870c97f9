"""Rules of Vietnamese usage on changes, added after the one-shot run on Government resolution
122/NQ-CP (fourteenth round, therefore no longer unseen): a change word before a goal word
frames the aim ("nhằm giảm áp lực …, phấn đấu tiết kiệm …"), it is not the number's change.
Each rule is shown on a tiny made-up text, with the case it must leave alone."""

from __future__ import annotations

import pytest


def _rows(draft) -> list[tuple]:
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.comparator, r.value, r.unit, r.target_year) for r in frame.itertuples()]


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
    assert _rows(read(text)) == expected
