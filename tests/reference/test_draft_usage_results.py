"""Rules of Vietnamese usage added after the one-shot run on Cà Mau 0204/KH-UBND (ninth round,
therefore no longer unseen): a number that reports what a year or period achieved is a result,
no target (reported_results). A section whose numbered heading reports ("TÌNH HÌNH THỰC HIỆN
…", "KẾT QUẢ ĐẠT ĐƯỢC", "Thực trạng", "Bối cảnh") holds results until the next heading of its
level or a heading below it that turns to the plan's aims ("Mục tiêu …", "Nhiệm vụ …");
anywhere, an estimate of the period under way ("ước cả năm", "ước thực hiện"), a running total
("lũy kế", "đến nay"), a comparison with the same period ("so cùng kỳ") or a share of the
year's plan or budget ("đạt 101% kế hoạch", "vượt 9% so dự toán") marks a result. A word of
the plan's aim before the number ("phấn đấu") keeps it a target. After the tenth round (Hà Nội
310/KH-UBND, 220/CĐ-TTg): a word of the present before a number in its piece ("hiện nay",
"hiện tại", "hiện có"; not the "hiện" of "thực hiện", nor "so với hiện nay") and a share in
brackets after a fraction ("415/1.320 (chiếm 31,4%)", its ratio) are results too. Each case is
a tiny made-up text, and each rule has a case it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows

RESULT = "a result reported"


# --- A section that reports holds results ------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "I. KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024",
    "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ NĂM 2024",
    "1. Thực trạng thu gom rác thải trên địa bàn",
    "I. BỐI CẢNH XÂY DỰNG KẾ HOẠCH",
])
def test_a_number_under_a_heading_that_reports_is_a_result(read, heading):
    text = (f"{heading}\n- Năm 2024 tỷ lệ che phủ rừng đạt 43,5%.\n"
            "II. MỤC TIÊU ĐẾN NĂM 2027\n- Tỷ lệ che phủ rừng đạt 46%.")
    draft = read(text)
    assert target_rows(draft) == [(">=", 46, "%", 2027)]
    assert f"{RESULT} (under the heading {heading!r}), not a target" in reasons(draft)


@pytest.mark.parametrize("heading", [
    "1. Những kết quả nổi bật",
    "2. Một số kết quả chủ yếu",
    "II. Về kết quả năm 2024",
    "a) Kết quả thu hút đầu tư",
])
def test_a_heading_of_results_after_a_lead_word_reports(read, heading):
    """"Kết quả" opening a heading, whatever qualifies it and after "Về", "Những", "Một số"
    (heading_leads), reports what was achieved (round 14: 122/NQ-CP's "Những kết quả nổi
    bật")."""
    text = (f"{heading}\n- Xuất khẩu năm 2024 đạt 820 triệu USD, tăng 12%.\n"
            "3. Nhiệm vụ năm 2027\n- Xuất khẩu năm 2027 đạt 1.000 triệu USD.")
    draft = read(text)
    assert target_rows(draft) == [(">=", 1000, "million USD", 2027)]
    assert f"{RESULT} (under the heading {heading!r}), not a target" in reasons(draft)


@pytest.mark.parametrize("heading", [
    "3. Kết quả dự kiến đạt được",
    "II. Những kết quả cần đạt",
    "b) Kết quả đầu ra",
])
def test_results_a_plan_expects_of_itself_are_aims(read, heading):
    """The results a plan expects ("Kết quả dự kiến", "cần đạt", "đầu ra") are its aims: the
    longer opening decides, and they end a section that reports."""
    text = ("1. Kết quả đạt được\n- Năm 2024 có 40% xã đạt chuẩn nông thôn mới.\n"
            f"{heading}\n- Đến năm 2028 có 75% xã đạt chuẩn nông thôn mới.")
    assert target_rows(read(text)) == [(">=", 75, "%", 2028)]


def test_a_heading_of_aims_below_a_section_that_reports_holds_targets(read):
    text = ("I. KẾT QUẢ ĐẠT ĐƯỢC GIAI ĐOẠN 2021 - 2025\n"
            "1. Về môi trường\n- Đã xử lý 70% nước thải đô thị năm 2025.\n"
            "2. Mục tiêu năm 2026\n- Xử lý 75% nước thải đô thị năm 2026.")
    assert target_rows(read(text)) == [(">=", 75, "%", 2026)]


def test_a_task_to_assess_is_no_section_that_reports(read):
    """Bare "Đánh giá" (assess) opens a task as often as an assessment: left alone."""
    text = ("2. Nhiệm vụ\na) Đánh giá tác động của khai thác cát, bảo đảm 100% mỏ được kiểm "
            "tra đến năm 2028.")
    assert target_rows(read(text)) == [(">=", 100, "%", 2028)]


def test_a_general_assessment_reports(read):
    """"Đánh giá chung" (general assessment) heads what a report or a notice of conclusions
    weighs of the past, results and weaknesses, with no object a task could assess (round 22:
    634/TB-VPCP's "I. ĐÁNH GIÁ CHUNG"): its items' changes are results, until the next
    heading of its level."""
    text = ("I. ĐÁNH GIÁ CHUNG\n1. Về tình hình phát triển 9 tháng năm 2026:\n"
            "Doanh thu dịch vụ tăng 12,4%, xếp thứ 03 trong vùng; thu ngân sách tăng 8,1% "
            "(bình quân cả vùng tăng 6,5%).\n2. Một số hạn chế:\nHạ tầng còn thiếu.\n"
            "II. NHIỆM VỤ THỜI GIAN TỚI\n1. Năm 2027 doanh thu dịch vụ tăng tối thiểu 10%.")
    draft = read(text)
    assert target_rows(draft) == [(">=", 10, "%", 2027)]
    assert reasons(draft).count(
        f"{RESULT} (under the heading 'I. ĐÁNH GIÁ CHUNG'), not a target") == 4


def test_a_footnote_reports_where_its_mark_stands(read):
    """A footnote ("[1] …", printed after the text) says more of the words its mark follows
    (round 24: 627/TB-VPCP's footnote splitting the tasks under way): under a heading that
    reports, its counts are results, not read under the last heading before the footnotes."""
    text = ("I. ĐÁNH GIÁ CHUNG\nĐoàn kiểm tra đã giao 40 nhiệm vụ, có 25 nhiệm vụ đang làm[1].\n"
            "II. NHIỆM VỤ THỜI GIAN TỚI\n1. Phấn đấu năm 2027 hoàn thành 30 nhiệm vụ trọng tâm.\n"
            "[1] trong đó: 12 nhiệm vụ là việc thường xuyên, 13 nhiệm vụ chưa đến hạn.")
    draft = read(text)
    assert target_rows(draft) == [(">=", 30, "count", 2027)]
    assert reasons(draft).count(
        f"{RESULT} (under the heading 'I. ĐÁNH GIÁ CHUNG'), not a target") == 2


def test_a_footnote_to_an_aim_is_read_among_the_aims(read):
    """A footnote whose mark stands under the aims is read there, though printed after a
    section that reports."""
    text = ("I. MỤC TIÊU NĂM 2027\n1. Tỷ lệ hộ dùng nước sạch đạt 95%[2].\n"
            "II. KẾT QUẢ THỰC HIỆN NĂM 2026\nTỷ lệ hộ dùng nước sạch đạt 88%.\n"
            "[2] Trong đó tỷ lệ hộ nông thôn dùng nước sạch đạt tối thiểu 90%.")
    assert [r[:3] for r in target_rows(read(text))] == [(">=", 95, "%"), (">=", 90, "%")]


def test_an_aim_in_a_section_that_reports_is_kept(read):
    text = ("I. TÌNH HÌNH THỰC HIỆN KẾ HOẠCH NĂM 2025\n"
            "- Vốn sự nghiệp ước giải ngân 80% kế hoạch.\n"
            "- Vốn đầu tư công phấn đấu giải ngân đạt 97% kế hoạch năm 2025.")
    assert target_rows(read(text)) == [(">=", 97, "%", 2025)]


# --- Words around a number that mark a result ---------------------------------------------------

@pytest.mark.parametrize(("text", "word"), [
    ("Doanh thu du lịch năm 2025 ước cả năm đạt 900 tỷ đồng.", "ước cả năm"),
    ("Ước thực hiện năm 2025 tổng thu ngân sách là 4.200 tỷ đồng.", "Ước thực hiện"),
    ("Sản lượng lúa năm 2025 tăng 3,2% so với cùng kỳ.", "so với cùng kỳ"),
    ("Kim ngạch nhập khẩu năm 2025 đạt 310 triệu USD so cùng kỳ năm trước.", "so cùng kỳ"),
    ("Thu nội địa năm 2025 vượt 15,5% so dự toán.", "so dự toán"),
    ("Giải ngân vốn đầu tư công năm 2025 đạt 101,4% kế hoạch.", "kế hoạch"),
    ("Lũy kế năm 2025 công suất điện mặt trời đạt 450 MW.", "Lũy kế"),
    ("Đến nay, 85% số xã đạt chuẩn nông thôn mới năm 2025.", "Đến nay"),
    # a shortfall, or the units a task concerns by their shortfall (round 25)
    ("Đến năm 2027, sáp nhập các thôn chưa đạt 60% tiêu chuẩn về số hộ gia đình.",
     "chưa đạt"),
    # a goal cited as the context of the sentence's own words (round 25)
    ("Nhà máy hoàn thành giúp ổn định nguồn cung điện trong bối cảnh cả nước đặt mục tiêu "
     "tăng trưởng GDP trên 7% năm 2026.", "trong bối cảnh"),
])
def test_words_of_a_result_around_a_number(read, text, word):
    draft = read(text)
    assert target_rows(draft) == []
    assert f"{RESULT} (with {word!r}), not a target" in reasons(draft)


@pytest.mark.parametrize(("text", "expected"), [
    # a base year is no same period: a target's change is measured from it
    ("Đến năm 2030, năng suất lao động tăng 20% so với năm 2020.",
     [(">=", 20, "%", 2030)]),
    # "phấn đấu" before a share of the plan keeps it an aim
    ("Phấn đấu tỷ lệ giải ngân năm 2026 đạt 95% kế hoạch.", [(">=", 95, "%", 2026)]),
    # ... and before a comparison with the same period
    ("Phấn đấu năm 2026 tổng thu ngân sách tăng 12% so với cùng kỳ.",
     [(">=", 12, "%", 2026)]),
    # "kế hoạch" after a count is what it counts, no share of a plan
    ("Đến năm 2027 có ít nhất 12 kế hoạch ứng phó sự cố được diễn tập.",
     [(">=", 12, "count", 2027)]),
    # a result's word in another piece (after ';') leaves this one alone
    ("Năm 2025 thu hút 80 dự án, tăng 5% so cùng kỳ; đến năm 2030 tỷ lệ lấp đầy khu công "
     "nghiệp đạt 90%.", [(">=", 90, "%", 2030)]),
    # the units short of a bar named in another piece, their target after a ','
    ("Các trường chưa đạt chuẩn quốc gia, đến năm 2030 có 80% đạt chuẩn.",
     [(">=", 80, "%", 2030)]),
    # past a mark after "trong bối cảnh" the sentence's own words resume
    ("Trong bối cảnh giá nhiên liệu tăng cao, đến năm 2028 tỷ lệ xe buýt điện đạt 40%.",
     [(">=", 40, "%", 2028)]),
])
def test_a_target_without_words_of_a_result_is_kept(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A verb of the aim right before a share of the plan (round 14: 122/NQ-CP II.3.g) ----------

@pytest.mark.parametrize(("text", "expected"), [
    # "bảo đảm" (ensure) and its verb right before the number: what must be ensured, a target
    ("Năm 2027 bảo đảm giải ngân 100% kế hoạch vốn đầu tư công được giao.",
     [(">=", 100, "%", 2027)]),
    ("Năm 2027 đảm bảo thu đạt 100% dự toán.", [(">=", 100, "%", 2027)]),
    # "quyết tâm" (resolve to), round 23: a duty set, as "bảo đảm" sets one
    ("Các sở quyết tâm giải ngân 100% kế hoạch vốn ngân sách tỉnh năm 2026.",
     [(">=", 100, "%", 2026)]),
    # past a separator, "được bảo đảm" (ensured) says nothing of the number: a result
    ("Năm 2025 các cân đối lớn được bảo đảm, giải ngân vốn đầu tư công đạt 95% kế hoạch.", []),
    # far from the number it governs another verb
    ("Năm 2025 bảo đảm an sinh xã hội cho người lao động và giải ngân đạt 96% kế hoạch.", []),
    # under a heading that reports, a result all the same
    ("I. KẾT QUẢ THỰC HIỆN NĂM 2025\n- Bảo đảm giải ngân 98% kế hoạch vốn năm 2025.", []),
])
def test_a_verb_of_the_aim_right_before_a_share_of_the_plan_keeps_it(read, text, expected):
    assert target_rows(read(text)) == expected


# --- The present state and a fraction's own ratio (tenth round: Hà Nội 310, 220/CĐ-TTg) -------

@pytest.mark.parametrize(("text", "word"), [
    ("Hiện nay, toàn tỉnh có khoảng 240 trạm sạc xe điện, đến năm 2030.", "Hiện nay"),
    ("Hiện tại số hợp tác xã ứng dụng công nghệ cao đạt khoảng 35 hợp tác xã năm 2028.",
     "Hiện tại"),
    ("Năm 2030 thành phố hiện có trên 60 điểm thu gom pin thải.", "hiện có"),
    ("Tỷ lệ hộ dùng nước sạch của tỉnh hiện nay đạt 72%.", "hiện nay"),
])
def test_a_word_of_the_present_before_a_number_marks_a_result(read, text, word):
    draft = read(text)
    assert target_rows(draft) == []
    assert f"{RESULT} (with {word!r}), not a target" in reasons(draft)


@pytest.mark.parametrize(("text", "fraction"), [
    ("Đã phê duyệt phương án đơn giản hóa 1.204 TTHC/2.980 TTHC cấp tỉnh (đạt 40,4%) năm 2025.",
     "1.204 TTHC/2.980 TTHC"),
    ("Năm 2025 còn 415/1.320 (chiếm 31,4%) hồ sơ cần số hóa.", "415/1.320"),
    ("Năm 2025 bãi bỏ 57/260 giấy phép[2] thuộc lĩnh vực xây dựng, giao thông (đạt 21,9%).",
     "57/260 giấy"),
])
def test_a_share_in_brackets_after_a_fraction_is_its_ratio(read, text, fraction):
    draft = read(text)
    assert target_rows(draft) == []
    assert f"{RESULT} (with {'the ratio of ' + fraction!r}), not a target" in reasons(draft)


@pytest.mark.parametrize(("text", "expected"), [
    # the "hiện" of "thực hiện": a verb, no present
    ("Đến năm 2030, tổ chức thực hiện có hiệu quả để 95% hộ dân được dùng nước sạch.",
     [(">=", 95, "%", 2030)]),
    ("Năm 2027 thực hiện tại 100% xã, phường việc phân loại rác tại nguồn.",
     [(">=", 100, "%", 2027)]),
    # the present as the level a change is measured from
    ("Đến năm 2030, so với hiện nay tăng thêm ít nhất 30 trạm quan trắc tự động.",
     [(">=", 30, "count", 2030)]),
    # "phấn đấu" after the present keeps the aim
    ("Hiện nay tỷ lệ che phủ rừng là 45%, phấn đấu đến năm 2030 đạt 48%.",
     [(">=", 48, "%", 2030)]),
    # a share in brackets with no fraction before it is the clause's own target
    ("Đến năm 2030, số hóa hồ sơ đất đai (đạt 100%) trên toàn tỉnh.", [(">=", 100, "%", 2030)]),
    # a fraction in another clause (before ';') leaves the share alone
    ("Năm 2025 đã số hóa 120/400 hồ sơ; đến năm 2027 hồ sơ được số hóa (đạt 100%).",
     [(">=", 100, "%", 2027)]),
])
def test_the_present_and_fraction_rules_leave_targets_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- The rules file -----------------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["reported_results"].update(headings=["kết quả"]), "reported_results.headings"),
    (lambda d: d["reported_results"].update(keeps=[]), "reported_results.keeps"),
    (lambda d: d["reported_results"].update(after_words=-1), "reported_results.after_words"),
    (lambda d: d["reported_results"].pop("sections"), "reported_results.sections"),
    (lambda d: d["reported_results"].pop("present"), "reported_results.present"),
    (lambda d: d["reported_results"].pop("heading_leads"), "reported_results.heading_leads"),
    (lambda d: d["reported_results"].update(aim_verb_words=9), "reported_results.aim_verb_words"),
    (lambda d: d["reported_results"].update(fraction_words=50),
     "reported_results.fraction_words"),
    (lambda d: d["reported_results"].update(present_words=["hiện nay"]),
     "reported_results.present_words"),
    (lambda d: d["reported_results"].update(footnote_marks=["[n]"]),
     "reported_results.footnote_marks"),
    (lambda d: d["reported_results"].update(background_words=20),
     "reported_results.background_words"),
    (lambda d: d["reported_results"].update(background=["trong bối cảnh"]),
     "reported_results.background"),
    (lambda d: d.update(reported_result={"sections": ["thực trạng"]}), "reported_result"),
])
def test_rules_loader_checks_the_reported_results_rule(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error
