"""Rules of Vietnamese decision-writing on a target's year, added after the one-shot run on
the Government's resolution 175/NQ-CP (thirteenth round, therefore no longer unseen): a period
spelled "từ năm … đến (hết) năm …" ends at its second year, which dates what is done in it.
Each rule is shown on a tiny text of its own (not the fixture it was found in), with the case
it must leave alone."""

from __future__ import annotations

import pytest

from ggutils.reference.draft.year_forms import find_years
from tests.reference.drafts import target_rows

# --- A period spelled "từ … đến …" ends at its second year -----------------------------------

@pytest.mark.parametrize(("text", "years"), [
    ("Giai đoạn 2 (từ năm 2027 đến hết năm 2029): Giai đoạn hoàn thiện", [2029]),
    ("Bước 1 từ năm 2025 đến năm 2026", [2026]),
    ("thực hiện từ 2031 đến 2034", [2034]),
    # "từ năm" alone is the first year a level must hold
    ("Từ năm 2027, duy trì 100% trường học đạt chuẩn", [2027]),
])
def test_a_period_from_to_gives_its_end(rules, text, years):
    assert [y for _, _, y in find_years(text, rules)] == years


def test_a_phase_heading_from_to_dates_its_items_by_its_end(read):
    """A phase heading printing its period as "từ năm … đến hết năm …" gives its items that
    period's end, as "Giai đoạn 2027 - 2029" would."""
    text = ("IV. CÁC GIAI ĐOẠN\n2. Giai đoạn 2 (từ năm 2027 đến hết năm 2029): Mở rộng\n"
            "a) Cơ quan quản lý thực hiện: (1) Kết nối 100% trạm quan trắc với hệ thống;\n")
    assert target_rows(read(text)) == [(">=", 100, "%", 2029)]


# --- A sentence-opening year frames the rest of its paragraph ---------------------------------

PARAGRAPH = ("III. MỤC TIÊU\n2. Mục tiêu cụ thể\nc) Về dịch vụ công\n"
             "Bảo đảm 100% hồ sơ được số hóa. Đến năm 2026, tối thiểu 70% hồ sơ được xử lý "
             "trực tuyến. Giảm tối thiểu 15% thời gian giải quyết so với hiện nay. Tỷ lệ người "
             "dân hài lòng đạt tối thiểu 85%. Đến năm 2029, 95% giao dịch được thanh toán số. "
             "Tỷ lệ người dân hài lòng đạt tối thiểu 92%.\n"
             "Tỷ lệ xã có điểm phục vụ đạt 60%.\n")


def test_an_opening_year_frames_the_rest_of_its_paragraph(read):
    """"Đến năm 2026, …" opening a sentence dates the sentences after it in its paragraph that
    print no year, until "Đến năm 2029, …" takes over; the sentence before the first opening
    year and the next paragraph are not framed."""
    assert target_rows(read(PARAGRAPH)) == [
        (">=", 100, "%", None), (">=", 70, "%", 2026), ("<=", -15, "%", 2026),
        (">=", 85, "%", 2026), (">=", 95, "%", 2029), (">=", 92, "%", 2029),
        (">=", 60, "%", None)]


@pytest.mark.parametrize(("text", "expected"), [
    # "Từ năm …," opening an item frames its next sentence too
    ("- Từ năm 2027, cung cấp hạ tầng cho các cơ quan. Đồng thời, bảo đảm 100% các xã được "
     "kết nối.", [(">=", 100, "%", 2027)]),
    # a year printed inside a sentence (not opening it) frames nothing after it
    ("Tỷ lệ hộ dùng nước sạch đạt 90% vào năm 2027. Tỷ lệ hộ dùng điện đạt 99%.",
     [(">=", 90, "%", 2027), (">=", 99, "%", None)]),
])
def test_only_an_opening_year_set_off_by_a_comma_frames(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_paragraph_frames(tmp_path):
    from tests.reference.conftest import rules_error
    bad, error = rules_error(tmp_path, lambda d: d.update(paragraph_frames=","))
    assert str(bad) in error and "paragraph_frames" in error


# --- A period compared with is the base, not the deadline (round 15) ------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the comparison period is the base; the plan's period in the sentence dates the cut
    ("Kế hoạch giai đoạn 2026 - 2030: giảm số cơ sở tối thiểu 20% so với giai đoạn "
     "2016 - 2020.", [("<=", -20, "%", 2030, 2016)]),
    ("Tăng số xã đạt chuẩn ít nhất 15% so với thời kỳ 2011 - 2015 vào năm 2028.",
     [(">=", 15, "%", 2028, 2011)]),
    # without "so với" the period is a deadline as before
    ("Giảm số cơ sở tối thiểu 20% trong giai đoạn 2026 - 2029.",
     [("<=", -20, "%", 2029, None)]),
])
def test_a_period_compared_with_is_the_base(read, text, expected):
    """"so với giai đoạn 2016 - 2020" (than in 2016-2020) names what the change is measured
    from: never the target's year."""
    frame = read(text).targets.astype(object)
    frame = frame.where(frame.notna(), None)
    assert [(r.comparator, r.value, r.unit, r.target_year, r.base_year)
            for r in frame.itertuples()] == expected
