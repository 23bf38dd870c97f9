"""Rules of Vietnamese usage added after the one-shot run on Nghệ An 987/KH-UBND (eleventh
round, therefore no longer unseen): a bare number and its noun right after a label's colon
("+ Đầu tư mới trạm 5G: 35 trạm", and its parts in brackets, "(Trong đó: VNPT: 25 trạm,
Viettel: 33 trạm)") is the label's value, a count to reach (counts.labels); a heading "Hiện
trạng" (the present state) reports, as "Thực trạng" does: a number under it is a result,
no target (reported_results.sections). Each rule is shown on a tiny made-up text, with the
cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows

PLAN = ("II. NỘI DUNG THỰC HIỆN\n"
        "1. Hiện trạng\n"
        "Toàn tỉnh hiện có 40 trạm quan trắc tự động. Trong đó, có 12 trạm quan trắc nước "
        "(Chiếm 30 %).\n"
        "+ Trạm quan trắc không khí: 28 trạm.\n"
        "2. Kế hoạch phát triển giai đoạn 2026 - 2030\n"
        "Cụ thể như sau:\n"
        "+ Lắp đặt mới trạm quan trắc nước: 15 trạm (Trong đó: Sở A: 06 trạm, Sở B: 9 trạm);\n"
        "+ Nâng cấp trạm quan trắc không khí: 20 trạm, nâng tổng số trạm tự động: 75 trạm.\n")


def test_a_count_after_a_label_is_a_count_to_reach_and_a_present_state_is_not(read):
    draft = read(PLAN)
    assert target_rows(draft) == [(">=", v, "count", 2030) for v in (15, 6, 9, 20, 75)]
    reasons = draft.quantities.set_index("printed")["reason"]
    assert all(str(reasons[n]).startswith("a result") for n in ("30 %", "28"))


@pytest.mark.parametrize("text", [
    # a colon after a number alone, or no noun after the number: no label's count
    "Kế hoạch giai đoạn 2026 - 2030: 2.1: 5 trạm.",
    "Mã định danh của trạm: 15.",
    # the number does not stand right after the colon: no bound, no goal word, unread
    "Nội dung giai đoạn 2026 - 2030: xây dựng 12 trạm quan trắc.",
])
def test_a_number_that_is_no_labels_count_is_left_alone(read, text):
    assert target_rows(read(text)) == []


@pytest.mark.parametrize("heading", ["1. Hiện trạng", "1. Thực trạng", "a) Hiện trạng hạ tầng"])
def test_a_heading_of_the_present_state_reports(read, heading):
    draft = read(f"{heading}\n- Số trạm 5G đạt 28 trạm, chiếm 32%.\n"
                 "2. Mục tiêu đến năm 2030\n- Số trạm 5G đạt ít nhất 188 trạm.")
    assert target_rows(draft) == [(">=", 188, "count", 2030)]


def test_a_task_heading_is_no_present_state(read):
    draft = read("1. Hoàn thiện hạ tầng đến năm 2030\n- Số trạm 5G đạt ít nhất 188 trạm.")
    assert target_rows(draft) == [(">=", 188, "count", 2030)]


def test_rules_loader_checks_the_label_rule(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["counts"].update(labels="x"))
    assert str(bad) in error and "labels" in error


def test_a_bound_word_that_is_a_preposition_bounds_a_labels_count(read):
    # "trên" (over, but also on) right after a label's colon bounds the label's value
    # (under a heading that names no targets: no goal word makes the count one)
    draft = read("2. Phát triển nguồn nhân lực\n- Đến năm 2030:\n"
                 "+ Đào tạo nghề mới: trên 1.500 lao động;\n"
                 "+ Số hợp tác xã: trên 40 hợp tác xã.\n")
    assert target_rows(draft) == [(">", 1500, "count", 2030), (">", 40, "count", 2030)]


@pytest.mark.parametrize("text", [
    # "trên" after a verb that is no verb of holding a level: "on", unread as before
    "Giai đoạn 2026 - 2030, đổi mới trên 4 ngành hàng.",
    # no letter before the colon: no label
    "Kế hoạch giai đoạn 2026 - 2030, mục 2.1: trên 5 trạm.",
])
def test_trên_with_no_label_before_it_is_left_alone(read, text):
    assert target_rows(read(text)) == []
