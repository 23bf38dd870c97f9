"""Rules of Vietnamese usage on numbers in a sentence that prints a per-year word ("hằng
năm", "mỗi năm"), added after the one-shot run on the Government's resolution 109/NQ-CP
(fifteenth round, therefore no longer unseen). Each rule is shown on a tiny made-up text,
with the case it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.drafts import target_rows

# --- A number that counts no noun is no count a year ------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "N con số" (N digits) is the size of a number: no count, though "hằng năm" is printed
    ("Các sở đưa mục tiêu tăng trưởng “2 con số” vào kế hoạch công tác hằng năm.", []),
    ("Hằng năm, bảo đảm tốc độ tăng doanh thu đạt 2 con số.", []),
    # a number followed by the noun it counts, in a sentence with a per-year word: a count a
    # year, as before
    ("Mỗi năm tổ chức 3 hội chợ hàng nông sản.", [(">=", 3, "count/year", None)]),
])
def test_a_number_that_counts_no_noun_is_no_count_a_year(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A frequency spelled in words: "ít nhất mỗi năm một lần" ----------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the bound word before the period, the count of times spelled in words: a count a year
    ("Bảo đảm mọi học sinh được kiểm tra thị lực ít nhất mỗi năm một lần.",
     [(">=", 1, "count/year", None)]),
    ("Các cơ sở được thanh tra tối thiểu hằng năm hai lần.", [(">=", 2, "count/year", None)]),
    # "một lần" with no period is "once", no count; a spelled count of a noun stays a count
    ("Người dân được hỗ trợ ít nhất một lần.", []),
    ("Mỗi xã có ít nhất một trạm quan trắc.", [(">=", 1, "count", None)]),
])
def test_a_frequency_spelled_in_words_is_a_count_a_year(read, text, expected):
    assert target_rows(read(text)) == expected
