"""Rules of Vietnamese decision-writing on counts, added after the one-shot run on the
published summary of 2415/QĐ-TTg (thirteenth round, therefore no longer unseen): a bare count
under a heading of specific targets ("Mục tiêu cụ thể …") is a count to reach, but not a
number joined to a name by a hyphen ("TIA-942", "N-1"), the tiers of a body ("chính quyền 02
cấp") nor a group of leaders ("50 nước dẫn đầu"); the number of phases a text divides its period
into is a count of its parts, no target. Each rule is shown on a tiny text of its own (not the
fixture it was found in), with the case it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows

# --- The number of phases is a count of the text's parts -------------------------------------

@pytest.mark.parametrize("text", [
    "Mục tiêu cụ thể của chương trình bao gồm 3 giai đoạn là giai đoạn từ năm 2026 đến năm "
    "2028 và giai đoạn tiếp theo.",
    "Phấn đấu thực hiện kế hoạch, được chia thành 2 giai đoạn triển khai.",
])
def test_the_number_of_phases_is_no_target(read, text):
    assert target_rows(read(text)) == []


def test_a_count_of_phases_to_complete_after_a_bound_is_still_read(read):
    """After a bound word the number is a count to reach, as "ít nhất 5 nhiệm vụ" is."""
    assert target_rows(read("Đến năm 2028 hoàn thành ít nhất 2 giai đoạn của dự án.")) == [
        (">=", 2, "count", 2028)]


# --- A count under a heading of specific targets is a count to reach -------------------------

TARGETS = """II. MỤC TIÊU
1. Mục tiêu chung
Hỗ trợ 300 hợp tác xã nông nghiệp chuyển đổi số.
2. Mục tiêu cụ thể
a) Giai đoạn 2026 - 2028
- Đào tạo kỹ năng số cho 40.000 nông dân trẻ.
- Hướng dẫn 1.200 hợp tác xã đăng ký nhãn hiệu; hỗ trợ 600 hộ kinh doanh mở gian hàng trực tuyến.
- 03 mô hình liên kết được nhân rộng thành công.
- Xây dựng hạ tầng theo tiêu chuẩn ISO-27001 và tiêu chí N-2 cho các trạm.
- Kiện toàn bộ máy theo mô hình chính quyền 02 cấp.
- Việt Nam vào trong 40 nước dẫn đầu về nông nghiệp số; 30 nước dẫn đầu về thương mại số.
III. NHIỆM VỤ
1. Tập huấn cho 500 cán bộ khuyến nông.
"""


def test_a_count_under_a_heading_of_specific_targets_is_a_target(read):
    """Under "2. Mục tiêu cụ thể" (until "III."), a number followed by the noun it counts is
    a count to reach, dated by its phase; outside it ("1. Mục tiêu chung", "III. NHIỆM VỤ") a
    bare count with no goal word stays unread. A number joined to a name by a hyphen, the
    tiers of a body and a group of leaders are no counts."""
    assert target_rows(read(TARGETS)) == [
        (">=", 40000, "count", 2028), (">=", 1200, "count", 2028), (">=", 600, "count", 2028),
        (">=", 3, "count", 2028)]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["not_quantities"].update(name_marks="-"), "not_quantities.name_marks"),
    (lambda d: d["counts"].update(tiers="cấp"), "counts.tiers"),
])
def test_rules_loader_checks_names_and_tiers(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error


# --- A goal word in a programme's name is no goal said (round 23) ----------------------------

@pytest.mark.parametrize("text", [
    "Năm 2026 Sở Tài chính trình phê duyệt Chương trình mục tiêu quốc gia khi gộp 4 chương "
    "trình về y tế, giáo dục, văn hóa và việc làm.",
    "Các huyện tiếp tục thực hiện các chương trình mục tiêu tại 12 xã vùng sâu năm 2027.",
])
def test_a_goal_word_in_a_programme_name_sets_no_count(read, text):
    assert target_rows(read(text)) == []


def test_a_goal_word_after_the_programme_name_still_sets_a_count(read):
    """The name takes only the goal word right after it; a goal said later in the clause is
    one: the programme's aim to reach."""
    text = ("Chương trình mục tiêu quốc gia của tỉnh phấn đấu đến năm 2030 có 40 xã đạt chuẩn "
            "nông thôn mới nâng cao.")
    assert target_rows(read(text)) == [(">=", 40, "count", 2030)]


def test_rules_loader_checks_the_goal_names(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["counts"].update(goal_name=["chương trình"]))
    assert str(bad) in error and "counts.goal_name" in error
