"""A rule of Vietnamese usage added after the one-shot run on 220/CĐ-TTg (tenth round, therefore
no longer unseen): a bare number followed by a noun right after "hoàn thành" (to finish) and a
few words of its verb is a count to reach, as the keys read it ("hoàn thành sửa đổi, bổ sung
485 văn bản quy phạm pháp luật"; 2530/QĐ-TTg's "Hoàn thành lắp đặt và đưa vào vận hành 22
trạm"); a number further on in the clause, one that names a stage ("giai đoạn 2") and one that
counts no noun are left alone. And a year printed after "trong đó" (of which) that follows a
number is the part's own, not that number's ("485 văn bản …, trong đó … 319 VBQPPL … trong năm
2025"). Each case is a tiny made-up text."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows


@pytest.mark.parametrize(("text", "expected"), [
    ("Năm 2026 hoàn thành sửa đổi, bổ sung 140 văn bản hướng dẫn.", [(">=", 140, "count", 2026)]),
    ("Đến năm 2027 hoàn thành ngay 36 nghị quyết cần bãi bỏ.", [(">=", 36, "count", 2027)]),
    ("Đến năm 2028 hoàn thành xây dựng và đưa vào sử dụng 12 trường học đạt chuẩn.",
     [(">=", 12, "count", 2028)]),
])
def test_a_count_right_after_a_completion_is_a_target(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize("text", [
    # a number further on in the clause, past another number: the size of what it serves
    "Năm 2026 hoàn thành sửa đổi 40 văn bản để thực thi phương án đơn giản hóa 900 thủ tục.",
    # a stage's number names it
    "Năm 2026 hoàn thành giai đoạn 2 của dự án đường ven biển.",
    "Năm 2026 hoàn thành bước 3 của lộ trình chuyển đổi số.",
    # a completion in another clause (before ';')
    "Năm 2026 hoàn thành số hóa hồ sơ; phối hợp với 04 xã ven biển.",
    # one of three: no noun counted
    "Đến năm 2027 hoàn thành việc sắp xếp 1 trong 3 trung tâm y tế.",
    # more words of the verb than `completion_words`
    "Năm 2026 hoàn thành việc tổ chức rà soát, đánh giá lại toàn bộ các khu vực có 15 điểm "
    "sạt lở.",
])
def test_a_completion_leaves_other_numbers_alone(read, text):
    assert [r for r in target_rows(read(text)) if r[1] in (900, 2, 3, 4, 1, 15)] == []


def test_a_completion_count_needs_its_word(read):
    """Without "hoàn thành" a bare count after a verb stays unread (a verb of amending is
    the exception of round 27, counts.amendments, tested below)."""
    assert target_rows(read("Năm 2026 rà soát, đánh giá 140 văn bản hướng dẫn.")) == []


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["counts"].update(completion_words=40), "counts.completion_words"),
    (lambda d: d["counts"].update(completion=["hoàn thành"]), "counts.completion"),
    (lambda d: d["counts"].update(stages="giai đoạn"), "counts.stages"),
])
def test_rules_loader_checks_the_completion_rule(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error


# --- A part's own year (220/CĐ-TTg: "485 văn bản …, trong đó … 319 VBQPPL … trong năm 2025") ---

@pytest.mark.parametrize(("text", "expected"), [
    # the year after "trong đó" is the part's: the whole before it prints none
    ("Hoàn thành sửa đổi 60 văn bản, trong đó ưu tiên hoàn thành ngay 25 văn bản trong năm "
     "2026.", [(">=", 60, "count", None), (">=", 25, "count", 2026)]),
    # a year before "trong đó" still dates the whole and its part
    ("Đến năm 2030 có ít nhất 100 xã đạt chuẩn, trong đó ít nhất 20 xã đạt chuẩn nâng cao.",
     [(">=", 100, "count", 2030), (">=", 20, "count", 2030)]),
    # ... and a year right after the whole, before "trong đó"
    ("Có ít nhất 100 xã đạt chuẩn vào năm 2030, trong đó ít nhất 20 xã đạt chuẩn nâng cao.",
     [(">=", 100, "count", 2030), (">=", 20, "count", 2030)]),
    # with no "trong đó", a year after a later number dates both ("… và … vào năm 2028")
    ("Có ít nhất 100 xã đạt chuẩn và ít nhất 20 xã đạt chuẩn nâng cao vào năm 2028.",
     [(">=", 100, "count", 2028), (">=", 20, "count", 2028)]),
])
def test_a_year_after_trong_do_is_the_parts_own(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A noun phrase after "hoàn thành" (175/NQ-CP, round 13) -----------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "các" opens the thing completed (the procedures): the number counts what they are for
    ("Năm 2027, triển khai và hoàn thành các thủ tục chuẩn bị đầu tư 03 Dự án bao gồm dự án "
     "xây dựng kho lưu trữ và dự án hạ tầng mạng.", []),
    ("Năm 2027 hoàn thành những hạng mục chuẩn bị cho 04 trạm bơm.", []),
    # without it the words are the verb's, and the count is what is completed
    ("Năm 2027 hoàn thành xây dựng 03 kho lưu trữ.", [(">=", 3, "count", 2027)]),
])
def test_a_completion_of_a_noun_phrase_counts_nothing_to_reach(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A task's deadline after its count (634/TB-VPCP III.9, round 22) ----------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # ", hoàn thành trong …" closes the task: its count is due by then
    ("3. Về cải tạo 45 trạm y tế xã xuống cấp: giao Sở Y tế chủ trì thực hiện, hoàn thành "
     "trong quý III năm 2027.", [(">=", 45, "count", 2027)]),
    ("Sở Xây dựng sửa chữa 12 cây cầu yếu trên tuyến tỉnh lộ, hoàn thành trước ngày 30 tháng "
     "6 năm 2027; báo cáo kết quả.", [(">=", 12, "count", 2027)]),
])
def test_a_count_of_a_task_with_a_deadline_is_a_target(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize("text", [
    # "hoàn thành" opening no clause: tasks that have a deadline, no count to reach
    "Năm 2027 rà soát 25 nhiệm vụ có thời hạn hoàn thành trong quý II năm 2027.",
    # a deadline in another clause (after ';')
    "Năm 2027 khảo sát 30 điểm sạt lở; lập hồ sơ dự án, hoàn thành trong tháng 9 năm 2027.",
    # a report's deadline, with no "hoàn thành": a request sent for study
    "Về tăng từ 2 lên 4 cán bộ ở mỗi xã: giao Sở Nội vụ nghiên cứu, báo cáo trước ngày 15 "
    "tháng 10 năm 2027.",
])
def test_a_deadline_leaves_other_counts_alone(read, text):
    assert [r for r in target_rows(read(text)) if r[1] in (25, 30, 4)] == []


def test_rules_loader_checks_the_deadlines(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["counts"].update(deadline=["trong"]))
    assert str(bad) in error and "counts.deadline" in error


# --- legal documents to amend (round 27: the notice 624/TB-VPCP, no longer unseen) ---------
# A bare number and its noun right after a verb of amending ("sửa đổi, bổ sung") is a count
# to reach, as after "hoàn thành sửa đổi, bổ sung", with or without "hoàn thành".
@pytest.mark.parametrize(("text", "expected"), [
    ("Năm 2026, các bộ tập trung sửa đổi, bổ sung 75 thông tư theo phương án đã được phê "
     "duyệt.", [(">=", 75, "count", 2026)]),
    ("Năm 2027, sửa đổi 12 quy chế phối hợp liên ngành.", [(">=", 12, "count", 2027)]),
])
def test_a_count_right_after_an_amendment_is_a_target(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize("text", [
    # a noun phrase between the verb and the number: what the rules are for
    "Năm 2026, sửa đổi các quy định để thực thi phương án đơn giản hóa 900 thủ tục.",
    # a verb of amending in another clause
    "Năm 2026, sửa đổi quy chế; phối hợp với 04 xã ven biển.",
])
def test_a_count_not_right_after_an_amendment_is_left_alone(read, text):
    assert target_rows(read(text)) == []
