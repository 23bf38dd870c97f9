"""Rules of Vietnamese usage on ranks to reach, added after the one-shot run on Government
resolution 175/NQ-CP and the 2229/QĐ-TTg summary (thirteenth round, therefore no longer
unseen): a list of ranks whose group word is said once, with a colon ("thuộc nhóm: 70 nước
dẫn đầu về …; 50 nước dẫn đầu về …"), the words naming who is ranked between the number
and its leader word ("nhóm 40 quốc gia và vùng lãnh thổ hàng đầu"), and a place in a
ranking, in digits or an ordinal word ("đứng thứ hai", ranks.places and ranks.ordinals). Each
rule is shown on a tiny made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.drafts import target_rows


@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2028, tỉnh thuộc nhóm: 10 tỉnh dẫn đầu về chỉ số PCI; 15 tỉnh dẫn đầu về chỉ "
     "số PAPI.", [("<=", 10, "rank", 2028), ("<=", 15, "rank", 2028)]),
    # a number with no leader word after it is no rank of the list
    ("Đến năm 2028, tỉnh thuộc nhóm: 10 tỉnh dẫn đầu về chỉ số PCI; có ít nhất 15 doanh "
     "nghiệp lớn.", [("<=", 10, "rank", 2028), (">=", 15, "count", 2028)]),
    # a count between ends the list: the group after it is the one that count must enter
    ("Đến năm 2028, tỉnh thuộc nhóm 10 tỉnh dẫn đầu về chỉ số PCI; có ít nhất 3 huyện "
     "thuộc 20 huyện dẫn đầu cả nước.", [("<=", 10, "rank", 2028), (">=", 3, "count", 2028)]),
])
def test_a_group_word_said_once_heads_a_list_of_ranks(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, xếp hạng chỉ số đổi mới sáng tạo toàn cầu trong nhóm 35 quốc gia và vùng "
     "lãnh thổ hàng đầu.", [("<=", 35, "rank", 2030)]),
    # a leader word further on names no rank: the number is no target
    ("Đến năm 2030, trong nhóm 35 quốc gia có nhiều doanh nghiệp công nghệ cao và thương mại "
     "điện tử hàng đầu.", []),
])
def test_the_words_naming_who_is_ranked(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, đưa tỉnh vươn lên đứng thứ ba cả nước về chỉ số chuyển đổi số.",
     [("<=", 3, "rank", 2030)]),
    ("Đến năm 2030, tỉnh xếp thứ 4 trong vùng về chỉ số năng lực cạnh tranh.",
     [("<=", 4, "rank", 2030)]),
    ("Đến năm 2030, thành phố đứng thứ nhất cả nước về thu hút đầu tư.",
     [("<=", 1, "rank", 2030)]),
    # "thứ" without a place word is no rank: a session, a time
    ("Năm 2030, tổ chức kỳ họp thứ hai của Hội đồng nhân dân.", []),
])
def test_a_place_in_a_ranking_is_a_rank(read, text, expected):
    assert target_rows(read(text)) == expected
