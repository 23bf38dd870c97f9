"""Rules of Vietnamese usage on plans to simplify administrative procedures, added after the
one-shot run on the Hồ Chí Minh City decision 2843/QĐ-UBND (twenty-eighth round, therefore
no longer unseen): in the genre's layout ("Tên thủ tục hành chính: …", "a. Nội dung cắt
giảm, đơn giản hóa: …", "b. Lý do", "c. Lợi ích", "d. Kiến nghị thực thi") the cut of a
time ("Giảm 02 ngày so với quy định") is a reduction to reach, the new time after "Thời gian
thực hiện:" under the cut is a ceiling, a time cut "từ … xuống còn …" is the level it is cut
to; a procedure's name and the recommendation on how the plan is enacted hold no target
(time_cuts).
Round 29 (Đồng Nai 2816/QĐ-UBND, Hồ Chí Minh City 2842/QĐ-UBND, the genre's other layouts,
therefore no longer unseen): "từ X thành Y" closes a change as "xuống còn" does ("thành" a
to-level word, only right before its number: starting_levels.closing_only); "Giảm được 01
ngày" states a cut achieved (a cut; after "có thể" a finding, no target); the benefit priced
as a cost of compliance ("Chi phí tuân thủ …", "Chi phí tiết kiệm", "Tỷ lệ cắt giảm chi phí",
the worth of an hour in brackets with "=") is an estimate, no target (time_cuts.findings,
estimates, equations).
Round 30 (Đồng Nai 2813/QĐ-UBND, therefore no longer unseen): in the benefit's time block a
time's label that ends "sau khi đơn giản hóa" (words between: "TTHC", "thủ tục hành chính")
is the new time, a ceiling, in any field; one that ends "tiết kiệm" (saved) is a cut of the
time (time_cuts.times, after_cuts, savings).
Each rule is shown on a tiny made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.drafts import target_rows

# --- The cut and the new time -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the cut against the time in force, and the new time under the cut's field; the time in
    # force is the base, no target
    ("a. Nội dung cắt giảm, đơn giản hóa: Giảm 04 ngày so với quy định.\n"
     "- Thời gian giải quyết theo quy định: 12 ngày làm việc.\n"
     "- Thời gian thực hiện: 08 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
     [("<=", -4, "days", None), ("<=", 8, "days", None)]),
    # two cuts after one change word, a comma between
    ("a. Nội dung cắt giảm, đơn giản hóa: Giảm 6 ngày, 2 ngày so với quy định.",
     [("<=", -6, "days", None), ("<=", -2, "days", None)]),
    # a range of cuts
    ("a. Nội dung cắt giảm, đơn giản hóa: Giảm 2-3 ngày làm việc.",
     [("range", None, "days", None)]),
])
def test_a_cut_of_a_time_and_the_new_time_are_targets(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_range_of_cuts_is_negative(read):
    targets = read("a. Nội dung cắt giảm, đơn giản hóa: Giảm 2-3 ngày làm việc.").targets
    assert (targets["low"].tolist(), targets["high"].tolist()) == ([-3], [-2])


@pytest.mark.parametrize(("text", "expected"), [
    # a time cut from a level to a level, step by step; the starting level is no target
    ("b. Lý do: Giảm thời gian thẩm định hồ sơ từ 9 ngày làm việc xuống còn 6 ngày làm việc; "
     "giảm thời gian trả kết quả từ 2 ngày xuống 1 ngày.",
     [("<=", 6, "days", None), ("<=", 1, "days", None)]),
])
def test_a_time_cut_to_a_level_is_that_level(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize("text", [
    # a reason that finds a cut possible restates it
    "b. Lý do: Thời gian giải quyết hiện nay là 12 ngày, thực tế thấy có thể rút ngắn được "
    "04 ngày còn 08 ngày.",
    # "Thời gian thực hiện:" outside a cut's field is how long a task runs
    "3. Tổ chức chiến dịch vệ sinh môi trường.\n- Thời gian thực hiện: 10 ngày.",
    # after another field's label the cut's field is over
    "a. Nội dung cắt giảm, đơn giản hóa: bỏ bản sao giấy tờ.\nc. Lợi ích: giảm chi phí.\n"
    "- Thời gian thực hiện: 15 ngày.",
    # a number of days with no word of a cut is a duration
    "Các đơn vị báo cáo trong 05 ngày làm việc.",
])
def test_other_times_are_left_alone(read, text):
    assert target_rows(read(text)) == []


# --- Fields that hold no target -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the words of a procedure's name
    "1. Tên thủ tục hành chính: Hỗ trợ người lao động có thời gian đóng bảo hiểm từ 12 tháng "
    "trở lên, mức suy giảm khả năng lao động từ 61% trở lên.",
    # the recommendation names the programme the plan belongs to
    "d. Kiến nghị thực thi: Sửa đổi quy trình nội bộ sau khi thực hiện phương án cắt giảm 20% "
    "thời gian giải quyết thủ tục hành chính.",
])
def test_a_procedures_name_and_the_recommendation_hold_no_target(read, text):
    assert target_rows(read(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a plan's own share of a cut, as the new time's equivalent, stays a target
    ("a. Nội dung cắt giảm, đơn giản hóa: Giảm 03 ngày so với quy định.\n"
     "- Thời gian thực hiện: 07 ngày làm việc (tương đương giảm 30 % thời gian giải quyết).",
     [("<=", -3, "days", None), ("<=", 7, "days", None), ("<=", -30, "%", None)]),
    # another field's label holds its numbers as usual, after the name's sentence too
    ("1. Tên thủ tục hành chính: Cấp giấy phép lao động.\nc. Lợi ích: Phấn đấu năm 2026 giảm "
     "20% chi phí tuân thủ của doanh nghiệp.", [("<=", -20, "%", 2026)]),
    # a cut of processing time a plan aims at, with no such label, is read as before
    ("Phấn đấu năm 2026 cắt giảm 30% thời gian giải quyết thủ tục hành chính.",
     [("<=", -30, "%", 2026)]),
])
def test_a_cut_the_plan_sets_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- Round 29: "từ X thành Y" -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the new time after "thành"; the time in force after "từ" is the base
    ("Rút ngắn thời gian giải quyết hồ sơ: từ 15 ngày làm việc thành 12 ngày làm việc.",
     [("<=", 12, "days", None)]),
    # the base in calendar days, the new time in working days
    ("Giảm thời gian giải quyết thủ tục từ 30 ngày thành 21 ngày làm việc.",
     [("<=", 21, "days", None)]),
    # a share changed from a level to a level
    ("Giảm tỷ lệ hộ nghèo từ 6% thành 4%.", [("<=", 4, "%", None)]),
])
def test_a_change_closed_by_thanh_is_the_level_after_it(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "thành" farther back is a syllable of another word: the cut stays a cut
    ("Giảm tỷ lệ hộ nghèo khu vực thành thị 2%.", [("<=", -2, "%", None)]),
    ("Phấn đấu đến năm 2030 giảm 15% số vụ tai nạn tại các thành phố.",
     [("<=", -15, "%", 2030)]),
])
def test_thanh_elsewhere_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- Round 29: the cut achieved and the benefit's estimates -------------------------------------

BENEFIT = (
    "2.3. Lợi ích phương án đơn giản hóa\n"
    "Giảm được 02 ngày làm việc giải quyết hồ sơ (01 giờ làm việc = 50.000 đồng theo thu nhập "
    "bình quân), cụ thể:\n"
    "- Chi phí tuân thủ TTHC trước khi đơn giản hóa: (12 ngày làm việc = 96 giờ x 50.000 "
    "đồng/giờ) x 20 hồ sơ/năm = 96.000.000 đồng/năm.\n"
    "- Chi phí tuân thủ TTHC sau khi đơn giản hóa: (10 ngày làm việc = 80 giờ x 50.000 "
    "đồng/giờ) x 20 hồ sơ/năm = 80.000.000 đồng/năm.\n"
    "- Chi phí tiết kiệm: 16.000.000 đồng/năm.\n"
    "- Tỷ lệ cắt giảm chi phí: 16,7%.")


@pytest.mark.parametrize(("text", "expected"), [
    # "được" after the cut word: the cut achieved
    ("c. Lợi ích: Giảm được 03 ngày làm việc giải quyết hồ sơ.", [("<=", -3, "days", None)]),
    # the benefit's pricing (cost before and after, saving, rate of cut, the worth of an
    # hour) is an estimate: only the cut in days stands
    (BENEFIT, [("<=", -2, "days", None)]),
])
def test_the_cut_achieved_is_a_target_and_its_pricing_is_not(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a finding that a cut is possible restates it
    ("b. Lý do: Qua rà soát thấy có thể giảm được 03 ngày làm việc.", []),
    # a cost of compliance the plan aims at stays a target
    ("Chi phí tuân thủ thủ tục hành chính: phấn đấu cắt giảm tối thiểu 30% vào năm 2026.",
     [("<=", -30, "%", 2026)]),
    ("Tỷ lệ cắt giảm chi phí tuân thủ: đạt 20% vào năm 2027.", [("<=", -20, "%", 2027)]),
    ("2. Mục tiêu cụ thể\n- Chi phí tiết kiệm: 500 triệu đồng/năm.",
     [(">=", 500, "million VND", None)]),
    ("Phấn đấu cắt giảm 20% chi phí tuân thủ thủ tục hành chính.", [("<=", -20, "%", None)]),
])
def test_findings_and_aimed_costs_are_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- Round 30: the time after the simplification and the time saved ----------------------------

TIME_BLOCK = (
    "3.3. Lợi ích phương án đơn giản hóa\n"
    "Thời gian giải quyết thủ tục hành chính:\n"
    "- Thời gian giải quyết thủ tục hành chính trước khi đơn giản hóa: 20 ngày.\n"
    "- Thời gian giải quyết thủ tục hành chính sau khi đơn giản hóa: 12 ngày.\n"
    "- Thời gian giải quyết thủ tục hành chính tiết kiệm: 8 ngày.")


@pytest.mark.parametrize(("text", "expected"), [
    # the time before is the base; the time after is a ceiling; the time saved is a cut
    (TIME_BLOCK, [("<=", 12, "days", None), ("<=", -8, "days", None)]),
    # other words between the time and "sau khi …", outside any cut's field
    ("d. Kiến nghị thực thi: sửa quy định.\n"
     "- Thời gian giải quyết hồ sơ TTHC sau khi cắt giảm: 03 ngày làm việc.",
     [("<=", 3, "days", None)]),
    # a time saved, then a time after
    ("- Thời gian thực hiện TTHC tiết kiệm được: 02 ngày.",
     [("<=", -2, "days", None)]),
])
def test_the_time_after_and_the_time_saved_are_targets(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the time before the simplification stays a duration
    ("- Thời gian giải quyết TTHC trước khi đơn giản hóa: 30 ngày.", []),
    # the cost lines after and saved open with no time word: estimates
    ("- Chi phí tuân thủ TTHC sau khi đơn giản hóa: 0 đồng/năm.\n"
     "- Chi phí tiết kiệm: 2.000.000 đồng/năm.", []),
    # "tiết kiệm" outside a time's label: a saving of energy, read as before
    ("Phấn đấu tiết kiệm năng lượng đạt 5% tổng mức tiêu thụ.", [(">=", 5, "%", None)]),
    # "sau khi" closing a label that names no processing time: a duration
    ("- Số ngày tập huấn sau khi đơn giản hóa: 3 ngày.", []),
])
def test_other_labels_with_after_or_saved_are_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected
