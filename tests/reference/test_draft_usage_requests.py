"""A rule of Vietnamese administrative usage added after the one-shot run on the notices of
the Government Office 623/TB-VPCP and 648/TB-VPCP (rounds 23 and 24, therefore no longer
unseen): a notice of a leader's conclusions answers the requests of the body it met under a
heading naming them ("VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH"), each item opening with the matter asked
("Về kiến nghị …:"); a number in that matter is the request's, not a level the notice sets,
unless the answer orders the matter finished by a time ("…, hoàn thành trong …"). Each case is
a tiny made-up text, with the cases the rule must leave alone (requests_answered)."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows

ASKED = "a request answered (under the heading 'II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH')"


@pytest.mark.parametrize("item", [
    # the matter on its own line, the answer on the next
    "1. Về kiến nghị bổ sung vốn ngân sách trung ương khoảng 2.500 tỷ đồng cho giai đoạn "
    "2026-2030:\nGiao Bộ Tài chính nghiên cứu, báo cáo cấp có thẩm quyền xem xét.",
    # a share asked in brackets, the answer after the colon on the same line
    "3. Về đầu tư trạm y tế xã (bảo đảm tỷ lệ trạm y tế đạt chuẩn quốc gia đạt 100% vào năm "
    "2030): Giao Bộ Y tế nghiên cứu kiến nghị của Tỉnh, báo cáo trước ngày 15 tháng 12 năm "
    "2026.",
])
def test_a_number_in_the_matter_asked_is_no_target(read, item):
    draft = read(f"I. ĐÁNH GIÁ CHUNG\nTỉnh đã có nhiều cố gắng.\n"
                 f"II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n{item}")
    assert target_rows(draft) == []
    assert any(r.startswith(ASKED) for r in reasons(draft))


@pytest.mark.parametrize(("text", "expected"), [
    # the answer orders the matter finished by a time: the notice adopts it
    ("II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n2. Về xây dựng 12 trường nội trú tại các xã biên giới: "
     "giao Bộ Giáo dục và Đào tạo chủ trì, hoàn thành trước tháng 9 năm 2027.",
     [(">=", 12, "count", 2027)]),
    # a number of the answer, after the colon, is read as usual
    ("II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n2. Về giải ngân vốn đầu tư công: Tỉnh phấn đấu giải ngân "
     "đạt 100% kế hoạch vốn năm 2026.", [(">=", 100, "%", 2026)]),
    # an item "Về …:" under a heading that names no request is read as usual
    ("II. NHIỆM VỤ TRỌNG TÂM\n2. Về phát triển rừng, phấn đấu tỷ lệ che phủ rừng đạt 45% năm "
     "2030: các sở triển khai.", [(">=", 45, "%", 2030)]),
])
def test_other_numbers_of_a_notice_are_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_requests_answered(tmp_path):
    bad, error = rules_error(tmp_path,
                             lambda d: d["requests_answered"].update(heading=["kiến nghị"]))
    assert str(bad) in error and "requests_answered.heading" in error
