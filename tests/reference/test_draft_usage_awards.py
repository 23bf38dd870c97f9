"""A rule of Vietnamese official usage added after the one-shot run on Cần Thơ 157/KH-UBND
(tenth round, therefore no longer unseen), on the awards an emulation campaign ("phong trào thi
đua") gives: a share or count under a ceiling ("không quá", "tối đa", "không vượt quá",
"dưới") in a clause that names an award ("tặng Bằng khen … (tỷ lệ không quá 10% tập thể, 5%
cá nhân …)") is the quota the rules on awards set on how many may be rewarded, awards the plan
gives, a means as a sum allocated is, and no target (allocations.awards, allocations.caps).
Each case is a tiny made-up text, with the cases the rule must leave alone: a share of awards
aimed at (no ceiling, or a goal word before it), a ceiling in a clause naming no award.
Round 30 (Đắk Lắk 0125/KH-UBND, therefore no longer unseen): where the award is named in a
heading above or in the items' list lead ("2. Bằng khen của Chủ tịch UBND tỉnh", "Đề nghị …
tặng Bằng khen cho:"), a count of awardees ("cá nhân", "tập thể", "trường hợp"), capped or
bare, is such a quota (allocations.awardees); a standard an awardee must meet, a count aimed
at, a ceiling on anything else stay read."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows


@pytest.mark.parametrize(("text", "quotas"), [
    # the quota in brackets, and the share that continues its list ("…, 8% cá nhân")
    ("Năm 2026, Chủ tịch Ủy ban nhân dân tỉnh xem xét tặng Bằng khen cho các tập thể, cá nhân "
     "có thành tích xuất sắc trong phong trào thi đua (tỷ lệ không quá 15% tập thể, 8% cá nhân "
     "trực tiếp tham gia phong trào);", 2),
    # a count under a ceiling
    ("Năm 2026, Giám đốc Sở tặng Giấy khen cho tối đa 20 cá nhân có thành tích tiêu biểu "
     "trong phong trào thi đua.", 1),
    # the award named after the number
    ("Năm 2026, không quá 10% số đơn vị tham gia phong trào được đề nghị tặng Cờ thi đua.", 1),
    ("Năm 2026, số cá nhân được tặng danh hiệu Chiến sĩ thi đua cơ sở dưới 5% tổng số cán bộ.",
     1),
])
def test_a_ceiling_on_awards_is_a_quota_not_a_target(read, text, quotas):
    draft = read(text)
    assert target_rows(draft) == []
    assert sum(r.startswith("a quota of awards") for r in reasons(draft)) == quotas


@pytest.mark.parametrize(("text", "expected"), [
    # a share of awards with no ceiling: an aim of the plan
    ("Đến năm 2030, 100% tập thể, cá nhân có thành tích được khen thưởng kịp thời.",
     [(">=", 100, "%", 2030)]),
    ("Phấn đấu đến năm 2030, 80% đơn vị đạt danh hiệu thi đua.", [(">=", 80, "%", 2030)]),
    # a ceiling about awards after a goal word: aimed at
    ("Phấn đấu đến năm 2030, tỷ lệ hồ sơ đề nghị khen thưởng bị trả lại không quá 5%.",
     [("<=", 5, "%", 2030)]),
    # a ceiling in a clause that names no award
    ("Đến năm 2030, tỷ lệ hộ nghèo không quá 2%.", [("<=", 2, "%", 2030)]),
    ("Làm tốt công tác thi đua, khen thưởng; đến năm 2030, tỷ lệ hộ nghèo không quá 2%.",
     [("<=", 2, "%", 2030)]),
    ("Thực hiện tốt công tác khen thưởng. Đến năm 2030, tỷ lệ thất nghiệp không quá 3%.",
     [("<=", 3, "%", 2030)]),
])
def test_what_is_no_quota_of_awards_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_caps(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["allocations"].update(caps=["at_least"]))
    assert str(bad) in error and "caps" in error


def test_rules_loader_checks_the_awards(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["allocations"].update(awards="Bằng khen"))
    assert str(bad) in error and "awards" in error


# --- Round 30: the award named in a heading or a list lead above the quota ---------------------

QUOTA_SECTION = (
    "III. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG\n"
    "1. Giấy khen của Giám đốc Sở\n"
    "a) Các phòng chuyên môn:\n"
    "- Phòng Kế hoạch: Không quá 03 cá nhân;\n"
    "- Mỗi trạm y tế: 01 cá nhân/01 trạm;\n"
    "- Văn phòng Sở: mỗi phòng đề nghị không quá 02 tập thể, 04 cá nhân;\n"
    "b) Đối với các huyện: Mỗi huyện chọn 03 trường hợp (tập thể hoặc cá nhân).")


@pytest.mark.parametrize(("text", "quotas"), [
    # the award in the headings; the items' counts of awardees, capped or bare
    (QUOTA_SECTION, 5),
    # the award in the items' list lead
    ("Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho:\n- Mỗi huyện: 02 trường hợp;\n"
     "- Hội Nông dân tỉnh: không quá 01 tập thể, 02 cá nhân.", 3),
])
def test_awardees_counted_under_an_award_named_above_are_a_quota(read, text, quotas):
    draft = read(text)
    assert target_rows(draft) == []
    assert sum(r.startswith("a quota of awards") for r in reasons(draft)) == quotas


@pytest.mark.parametrize(("text", "expected"), [
    # a standard an awardee must meet, under a heading naming the award: a share, a target
    ("3. Tiêu chuẩn tặng Bằng khen\n- Có tỷ lệ hộ gia đình đạt chuẩn văn hóa đạt từ 95% trở "
     "lên.", [(">=", 95, "%", None)]),
    # a count of awardees the plan aims at (a goal word) under such a heading
    ("II. CÔNG TÁC THI ĐUA, KHEN THƯỞNG\n- Phấn đấu có ít nhất 30 tập thể được tặng Giấy khen.",
     [(">=", 30, "count", None)]),
    # a ceiling on something other than awardees under such a heading
    ("2. Khen thưởng\n- Tổ chức tối đa 04 hội nghị tổng kết.", [("<=", 4, "count", None)]),
    # a count of awardees under a heading that names no award
    ("2. Đào tạo nguồn nhân lực\n- Đào tạo ít nhất 40 cá nhân làm công tác chuyển đổi số.",
     [(">=", 40, "count", None)]),
])
def test_what_an_award_named_above_does_not_make_a_quota_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected
