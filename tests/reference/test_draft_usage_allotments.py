"""Rules of Vietnamese planning usage added after the one-shot run of the twentieth round (the
published summaries of 481/QĐ-CNCCN, an industrial park's zoning plan, and of 427/QĐ-BXD, an
airport's master plan; therefore no longer unseen): a line naming only a plan's period ("-
Thời kỳ 2021-2030") heads its items as a phase does (goal_headings); an area whose clause
opens with a land use ("Đất cây xanh, ký hiệu CX (diện tích khoảng 31,55 ha)") is the land a
plan allots to it, a land budget (planned_figures.land_uses); a number after a norm of the
design ("Mật độ xây dựng gộp tối đa 44%", "chiều rộng tối thiểu 10m") is a rule of what is
built, whatever its bound (planned_figures.design_norms). Each rule is shown on a tiny
made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows

# --- A period line heads its items ------------------------------------------------------------

PERIODS = """3. Mục tiêu của quy hoạch:
- Thời kỳ 2026-2035
+ Công suất: khoảng 4,5 triệu tấn hàng hóa/năm.
+ Tỷ lệ nước thải được xử lý đạt 90%.
- Tầm nhìn đến năm 2050
+ Công suất: khoảng 9 triệu tấn hàng hóa/năm.
4. Các công trình
+ Thời kỳ 2026-2035: tỷ lệ che phủ cây xanh đạt 30%.
"""


def test_a_period_line_dates_its_items(read):
    """"- Thời kỳ 2026-2035" heads the "+" items under it (the period's end), as "- Tầm nhìn
    đến năm 2050" does its own; a line naming the period with a sentence is no heading (its
    sentence dates itself) and the next numbered heading ends the period's section."""
    draft = read(PERIODS)
    assert target_rows(draft) == [(">=", 4.5, "count/year", 2035), (">=", 90, "%", 2035),
                                  (">=", 9, "count/year", 2050), (">=", 30, "%", 2035)]
    assert list(draft.targets["clause"])[:2] == ["3.Thời kỳ 2026-2035"] * 2


# --- A land use's area is a land budget -------------------------------------------------------

ALLOTMENT = """(*) Phân bổ đất trong khu quy hoạch:
Tổng diện tích khu vực lập quy hoạch khoảng 148,6 ha, gồm:
- Đất nhà máy, ký hiệu NM (diện tích khoảng 96,2 ha); đất công viên (khoảng 12,4 ha);
- Mặt nước (ký hiệu từ HN-01 đến HN-03) diện tích khoảng 7,75 ha: gồm hồ điều hòa.
Nhu cầu sử dụng đất của bến cảng đến năm 2040 khoảng 64,3 ha, trong đó bao gồm:
- Diện tích đất do cảng vụ quản lý: 40,1 ha.
Trong đó diện tích đất xin chuyển mục đích khoảng 9,8 ha.
"""


def test_a_land_uses_area_is_no_target(read):
    """Each area whose clause, or label before a colon, opens with a land use (or the land
    drawn or needed) is how the plan allots its land: none drafted."""
    draft = read(ALLOTMENT)
    assert target_rows(draft) == []
    assert sum(r.startswith("a land use's area") for r in reasons(draft)) == 7


@pytest.mark.parametrize(("text", "expected"), [
    # a clause opening with a verb or with another noun: read as usual
    ("Đến năm 2030, trồng mới 1.200 ha rừng phòng hộ ven biển.", [(">=", 1200, "ha", 2030)]),
    ("Đến năm 2030, diện tích cây ăn quả đạt chuẩn VietGAP khoảng 800 ha.",
     [(">=", 800, "ha", 2030)]),
    # a word of reaching or a goal word before the area in its clause: a level to reach
    ("Đến năm 2030, đất rừng phòng hộ đạt 15.000 ha.", [(">=", 15000, "ha", 2030)]),
    # a label opening with a land use, a word between its colon and the area: read as usual
    ("Đến năm 2030, đất rừng: trồng mới 500 ha.", [(">=", 500, "ha", 2030)]),
    # a land use's figure in no land unit: read as usual
    ("Đến năm 2030, đất nông nghiệp ứng dụng công nghệ cao chiếm tối thiểu 20%.",
     [(">=", 20, "%", 2030)]),
])
def test_an_area_of_no_land_use_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_bare_area_under_a_land_uses_label_is_its_area(read):
    """"Diện tích khoảng …" with no noun, on a line labelled by a land use, is that use's area
    (round 25); on a line labelled by no land use, or naming its own noun, it is read."""
    text = ("Đến năm 2035:\n- Đất bãi đỗ xe (ký hiệu P1): Bố trí tại cửa ngõ phía Nam. Diện "
            "tích khoảng 3,4 ha, tầng cao tối đa 02 tầng.\n"
            "- Vùng chuyên canh: Hình thành vùng sản xuất tập trung. Diện tích khoảng 600 ha.\n"
            "- Đất lâm nghiệp: Giữ ổn định. Diện tích rừng trồng mới khoảng 150 ha.\n")
    draft = read(text)
    assert target_rows(draft) == [(">=", 600, "ha", 2035), (">=", 150, "ha", 2035)]
    assert sum(r.startswith("a land use's area") for r in reasons(draft)) == 1


def test_rules_loader_checks_the_land_uses(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(land_use=["đất"]))
    assert str(bad) in error and "land_use" in error


# --- A norm of a plan's design is no target ---------------------------------------------------

NORMS = ("Đến năm 2035, các chỉ tiêu quy hoạch kiến trúc chính: Mật độ xây dựng thuần tối đa "
         "60%, hệ số sử dụng đất không quá 2,5 lần.\n- Đất công viên gồm các khu vui chơi (có "
         "thể bố trí công trình với mật độ xây dựng tối đa 5%), dải cây xanh ven kênh (chiều "
         "rộng tối thiểu 15m).\n")


def test_a_design_norm_is_no_target(read):
    """A norm of building coverage, floor-area ratio or width is a rule of the design, whatever
    its bound: none drafted."""
    draft = read(NORMS)
    assert target_rows(draft) == []
    assert sum(r.startswith("a norm of a plan's design") for r in reasons(draft)) == 4


@pytest.mark.parametrize(("text", "expected"), [
    # a bound with no norm named: read as usual
    ("Đến năm 2030, tỷ lệ che phủ rừng tối thiểu 45%.", [(">=", 45, "%", 2030)]),
    ("Đến năm 2030, chiều dài đường cao tốc đạt 500 km.", [(">=", 500, "km", 2030)]),
    # a goal word before the number in its clause: a level to reach
    ("Đến năm 2030, phấn đấu mật độ xây dựng toàn khu đạt 35%.", [(">=", 35, "%", 2030)]),
])
def test_a_bound_of_no_design_norm_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_design_norms(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(design_norm=["x"]))
    assert str(bad) in error and "design_norm" in error
