"""Rules of Vietnamese planning usage added after the one-shot run of the seventeenth round
(the published summaries of 202/QĐ-TTg, a city's general master plan, and of 7619/QĐ-BCA, a
national programme's project; therefore no longer unseen): a clause opening with a scale
("Quy mô diện tích …") or naming a forecast ("… dự kiến khoảng …") gives the figure a plan
is designed for, no level to reach (planned_figures); the funds a plan needs ("Tổng nhu cầu
vốn thực hiện: …") and the sources its list splits them into are its cost, a means
(allocations.funds); a bare count in an item of a list whose lead names its aims ("Dự án
đặt mục tiêu … bao gồm:") is a count to reach (counts.goal_leads), unless it names a group
a cited document defines ("8 lĩnh vực … theo Quyết định …", cited_names.groups). Added
after the one-shot run of the twenty-sixth round (the published summaries of 1102/QĐ-BXD, an
airport added to a national master plan, and of 1992/QĐ-UBND, an island's zoning plan): an
estimated investment cost ("Ước tính chi phí đầu tư …") is the plan's cost, a means
(allocations.funds); the area a plan draws ("Khu vực quy hoạch là toàn bộ … với tổng diện
tích khoảng … ha, bao gồm: …") and its parts are its extent (planned_figures.plan_areas);
a figure "dự kiến" (intended) in an item of a list whose lead names the plan's indicators
("… với các chỉ tiêu quy hoạch như sau: - Công suất thiết kế dự kiến: khoảng …") is the level
set for one of them, a target (planned_figures.intended); a label's next value after ";"
("Dân số dự báo: khoảng …; khoảng … đến năm 2040") is that label's (label_values). Each
rule is shown on a tiny made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows

# --- A planned scale or a forecast is no target -----------------------------------------------

@pytest.mark.parametrize("text", [
    "- Khu đô thị phía Bắc: Quy mô diện tích khoảng 950 ha; quy mô đất xây dựng khoảng 700 - "
    "720 ha; dân số đến năm 2035 dự kiến khoảng 85.000 người.",
    "Đến năm 2030, dân số toàn huyện dự báo khoảng 210.000 người.",
    # a land use "có quy mô" / the land drawn "có tổng diện tích" (round 19)
    "Đến năm 2035, đất trường học có quy mô khoảng 12.480,5 m2, gồm 02 ô đất; khu đất lập "
    "quy hoạch có tổng diện tích khoảng 61 ha.",
    # a zone's or a land use's label, then "Có diện tích" (round 25)
    "Đến năm 2035:\n- Khu thể thao: Có diện tích khoảng 3,5 ha, mật độ thấp.\n"
    "- Đất kho bãi: Có diện tích 12,8 ha.",
])
def test_a_planned_scale_or_a_forecast_is_no_target(read, text):
    draft = read(text)
    assert target_rows(draft) == []
    assert any(r.startswith("a planned scale or a forecast") for r in reasons(draft))


@pytest.mark.parametrize(("text", "expected"), [
    # a word of reaching after the scale or the forecast: a level to reach
    ("Đến năm 2030, quy mô kinh tế của tỉnh đạt khoảng 200.000 tỷ đồng.",
     [(">=", 200000, "billion VND", 2030)]),
    ("Kim ngạch xuất khẩu đến năm 2030 dự kiến đạt 120 triệu USD.",
     [(">=", 120, "million USD", 2030)]),
    ("Đến năm 2030, tỉnh có quy mô kinh tế số đạt 30% GRDP.",
     [(">=", 30, "% of GDP", 2030)]),
    # "quy mô" opening no clause (after a verb, or "large-scale"): read as usual
    ("Đến năm 2030 phát triển các cụm công nghiệp với quy mô 250 ha.",
     [(">=", 250, "ha", 2030)]),
    ("Đến năm 2030 xây dựng kho dữ liệu quy mô lớn, trong đó có tối thiểu 04 kho vùng.",
     [(">=", 4, "count", 2030)]),
    # a goal word before it in its clause: aimed at
    ("Phấn đấu đến năm 2030 dân số dự kiến khoảng 150.000 người.",
     [(">=", 150000, "count", 2030)]),
])
def test_a_scale_or_a_forecast_set_as_a_target_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_forecast_under_a_heading_of_specific_targets_is_a_target(read):
    """Under "2. Mục tiêu cụ thể" a projected figure is the plan's own target."""
    text = "2. Mục tiêu cụ thể đến năm 2030\n- Dân số dự kiến khoảng 150.000 người.\n"
    assert target_rows(read(text)) == [(">=", 150000, "count", 2030)]


# --- A label's forecast or scale names its value (round 25) ------------------------------------

def test_a_labels_forecast_or_scale_names_its_value(read):
    """"Dân số dự báo: khoảng …" is a forecast as "dân số dự báo khoảng …" is; a value after a
    word of its own ("đạt") keeps its own clause."""
    text = ("Đến năm 2035:\n- Dân số dự báo: khoảng 42.000 người.\n"
            "- Quy mô khách lưu trú: khoảng 3.500 lượt.\n"
            "- Dân số dự báo: đạt khoảng 50.000 người.\n")
    draft = read(text)
    assert target_rows(draft) == [(">=", 50000, "count", 2035)]
    assert sum(r.startswith("a planned scale or a forecast") for r in reasons(draft)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    # the label's next value after ";" (round 26): a forecast as the first one is
    ("Như vậy, khu đô thị mới có dân số dự báo: khoảng 42.000 người giai đoạn 2026-2030; "
     "khoảng 65.000 người đến năm 2040.", []),
    # a clause with a word of its own after ";", or a label naming no forecast: read as usual
    ("Tỷ lệ lấp đầy khu công nghiệp dự kiến: khoảng 60% năm 2030; đạt 80% năm 2035.",
     [(">=", 80, "%", 2035)]),
    ("Đến năm 2030: tỷ lệ đô thị hóa khoảng 45%; khoảng 60% số xã đạt chuẩn nông thôn mới.",
     [(">=", 45, "%", 2030), (">=", 60, "%", 2030)]),
])
def test_a_labels_next_value_is_that_labels(read, text, expected):
    assert target_rows(read(text)) == expected


# --- The parts of a forecast under its lead are forecasts (round 19) --------------------------

FORECAST_PARTS = """- Dự báo, quy mô đất xây dựng đô thị đến năm 2040 khoảng 3.200 ha; Trong đó:
+ Đất dân dụng: chỉ tiêu khoảng 85 m²/người; đất cây xanh khoảng 4 m²/người.
+ Đất cây xanh công viên: đạt 5 m²/người.
"""


def test_the_parts_of_a_forecast_are_no_targets(read):
    """The items under a lead opening with "Dự báo" split its forecast; "đạt" keeps one."""
    draft = read(FORECAST_PARTS)
    assert target_rows(draft) == [(">=", 5, "m2/person", 2040)]
    assert sum(r.startswith("an item of a list led by a forecast") for r in reasons(draft)) == 2


def test_the_items_of_a_lead_of_targets_naming_a_forecast_stay_targets(read):
    """A lead that names a forecast after its first words, or names "đạt", leads targets."""
    text = ("Các chỉ tiêu dự báo đến năm 2030 như sau:\n- Đất cây xanh khoảng 6 m²/người.\n"
            "Dự kiến đến năm 2035 đạt các chỉ tiêu sau:\n- Đất cây xanh khoảng 8 m²/người.\n")
    assert target_rows(read(text)) == [(">=", 6, "m2/person", 2030),
                                       (">=", 8, "m2/person", 2035)]


# --- A figure intended for one of the plan's indicators is a target (round 26) --------------

INTENDED = """Bổ sung cảng cạn phía Tây vào quy hoạch hệ thống cảng cạn với các chỉ tiêu quy \
hoạch như sau:
- Công suất thiết kế dự kiến: khoảng 1,5 triệu TEU/năm giai đoạn 2026-2030; khoảng 2,8 triệu \
TEU/năm đến năm 2045.
- Diện tích đất dự kiến: khoảng 85 ha.
"""


def test_a_figure_intended_for_an_indicator_is_a_target(read):
    """Under a lead naming the plan's indicators, the capacity "dự kiến" is the level set for
    it (each dated by its own period); the land the item after it plans stays a land use's
    area, though "khoảng" stands between its label and its value."""
    draft = read(INTENDED)
    assert [(r[0], r[1], r[3]) for r in target_rows(draft)] == [(">=", 1.5, 2030),
                                                               (">=", 2.8, 2045)]
    assert sum(r.startswith("a land use's area") for r in reasons(draft)) == 1


@pytest.mark.parametrize("text", [
    # a lead naming no indicator, a lead of purpose, no list: the figure planned for
    "Bổ sung cảng cạn phía Tây vào quy hoạch như sau:\n- Công suất thiết kế dự kiến: khoảng "
    "1,5 triệu TEU/năm giai đoạn 2026-2030.",
    "Để đạt các chỉ tiêu trên, đầu tư cảng cạn phía Tây như sau:\n- Công suất thiết kế dự "
    "kiến: khoảng 1,5 triệu TEU/năm giai đoạn 2026-2030.",
    "Cảng cạn phía Tây đến năm 2030 có công suất thiết kế dự kiến khoảng 1,5 triệu TEU/năm.",
    # a forecast or a scale under a lead of indicators: sizes, no level to reach
    "Đến năm 2035, các chỉ tiêu quy hoạch như sau:\n- Dân số dự báo: khoảng 42.000 người.\n"
    "- Quy mô dân số khoảng 40.000 người.",
])
def test_a_figure_planned_for_outside_a_list_of_indicators_is_left_alone(read, text):
    draft = read(text)
    assert target_rows(draft) == []
    assert any(r.startswith("a planned scale or a forecast") for r in reasons(draft))


# --- A map's scale is no figure ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Đến năm 2030, hoàn thành lập quy hoạch chung đô thị tỷ lệ 1/10.000 toàn huyện.",
    "2. Chỉ tiêu cụ thể đến năm 2030\n- Lập bản đồ quy hoạch tỉ lệ 1: 100.000 cho toàn vùng.",
])
def test_a_maps_scale_is_no_target(read, text):
    draft = read(text)
    assert target_rows(draft) == []
    assert any(r.startswith("a map's scale") for r in reasons(draft))


@pytest.mark.parametrize("text, expected", [
    # a rate printed after its share's name, not right after "tỷ lệ" with a numerator of 1
    ("Đến năm 2030, tỷ lệ tử vong mẹ giảm xuống dưới 1/10.000 trẻ đẻ sống.",
     [("<", 1, "/10.000 trẻ đẻ sống", 2030)]),
    # a denominator of fewer than three digits: a ratio, no scale
    ("Đến năm 2030, tỷ lệ 1/10 số xã có trạm quan trắc, đạt tối thiểu 40 trạm.",
     [(">=", 40, "count", 2030)]),
])
def test_a_rate_or_a_ratio_is_no_maps_scale(read, text, expected):
    draft = read(text)
    assert target_rows(draft) == expected
    assert not any(r.startswith("a map's scale") for r in reasons(draft))


def test_rules_loader_checks_the_planned_figures(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(scale=["quy mô"]))
    assert str(bad) in error and "scale" in error
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(map_scales="tỷ lệ"))
    assert str(bad) in error and "map_scales" in error
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(land_share=["x"]))
    assert str(bad) in error and "land_share" in error
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(label_value=["x"]))
    assert str(bad) in error and "label_value" in error
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(plan_area=["x"]))
    assert str(bad) in error and "plan_area" in error
    bad, error = rules_error(tmp_path, lambda d: d["planned_figures"].update(intend=["x"]))
    assert str(bad) in error and "intend" in error


# --- The area a plan draws is no target (round 26) -------------------------------------------

PLAN_AREA = """Phạm vi, ranh giới lập quy hoạch:
Khu vực quy hoạch là toàn bộ diện tích phân khu số 3 thuộc đồ án quy hoạch chung đô thị đến \
năm 2040 với tổng diện tích khoảng 450 ha, bao gồm:
- Khu vực đất liền khoảng 120 ha;
- Vùng mặt nước ven sông khoảng 330 ha.
"""


def test_the_area_a_plan_draws_is_no_target(read):
    """"toàn bộ" (the whole of the zone), the total area and the two parts its list splits it
    into are the plan's extent, though the sentence prints a year."""
    draft = read(PLAN_AREA)
    assert target_rows(draft) == []
    assert sum(r.startswith("the area a plan draws") for r in reasons(draft)) == 4


@pytest.mark.parametrize(("text", "expected"), [
    # a clause opening with another noun: read as usual
    ("Đến năm 2030, diện tích rừng trồng mới trong khu vực quy hoạch đạt 200 ha.",
     [(">=", 200, "ha", 2030)]),
    ("Đến năm 2030, toàn bộ khu vực quy hoạch được cấp nước sạch.", [(">=", 100, "%", 2030)]),
    # a goal word or a word of reaching in the clause or the lead: a level to reach
    ("Khu vực quy hoạch phấn đấu đến năm 2035 đạt tỷ lệ che phủ cây xanh 30%.",
     [(">=", 30, "%", 2035)]),
    ("Khu vực quy hoạch phấn đấu đến năm 2035 đạt các chỉ tiêu sau:\n- Tỷ lệ cây xanh khoảng "
     "25%;\n- Trồng mới 40 ha rừng ven biển.", [(">=", 25, "%", 2035), (">=", 40, "ha", 2035)]),
    ("Khu vực quy hoạch đến năm 2035 có tổng diện tích khoảng 450 ha, trong đó trồng mới đạt "
     "40 ha rừng.", [(">=", 40, "ha", 2035)]),
])
def test_a_level_to_reach_in_a_planning_area_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A land area with its share of the land is a land budget (round 19) ---------------------

LAND_BUDGET = """Cơ cấu sử dụng đất khu vực đến năm 2045 như sau:
- Đất ở mới khoảng 640 ha (chiếm 12,4% diện tích đất xây dựng);
- Đất công nghiệp: khoảng 1.250 ha, chiếm 24% diện tích tự nhiên.
- Cây xanh đô thị khoảng 180 ha (chiếm 3,1%), đạt 7 m²/người.
"""


def test_a_land_area_with_its_share_is_no_target(read):
    """Each area and its share are the plan's land budget; the norm after "đạt" stays."""
    draft = read(LAND_BUDGET)
    assert target_rows(draft) == [(">=", 7, "m2/person", 2045)]
    assert sum(r.startswith("a land area with its share") for r in reasons(draft)) == 6


def test_the_parts_of_a_land_budget_are_no_targets(read):
    """The items under "Trong đó:" after a land area with its share split that budget."""
    text = ("Đến năm 2045:\n- Đất nông nghiệp khoảng 2.100 ha, chiếm 30% diện tích tự nhiên. "
            "Trong đó:\n+ Đất trồng lúa khoảng 800 ha;\n+ Đất rừng sản xuất khoảng 650 ha.\n"
            "- Khu công nghiệp khoảng 900 ha. Trong đó:\n+ Cụm công nghiệp khoảng 120 ha.\n")
    draft = read(text)
    assert target_rows(draft) == [(">=", 900, "ha", 2045), (">=", 120, "ha", 2045)]
    assert sum(r.startswith("an item of a list led by a land area") for r in reasons(draft)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    # an area alone, a share of no area: read as usual
    ("Đến năm 2030, trồng mới 1.200 ha rừng phòng hộ ven biển.",
     [(">=", 1200, "ha", 2030)]),
    ("Đến năm 2030, kinh tế số chiếm 25% GRDP của tỉnh.", [(">=", 25, "% of GDP", 2030)]),
    # a word of reaching before the area in its clause: a level to reach
    ("Đến năm 2030, diện tích rừng trồng đạt 900 ha, chiếm 6% diện tích tự nhiên.",
     [(">=", 900, "ha", 2030), (">=", 6, "%", 2030)]),
])
def test_an_area_or_a_share_alone_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- The funds a plan needs are a means -------------------------------------------------------

FUNDS = """3. Kinh phí của đề án
Tổng nhu cầu vốn thực hiện: 96,4 tỷ đồng, trong đó:
- Ngân sách trung ương: 70 tỷ đồng;
- Vốn đối ứng của tỉnh 26,4 tỷ đồng.
Tổng kinh phí thực hiện giai đoạn 2026 - 2030 khoảng 45 tỷ đồng.
"""


def test_the_funds_a_plan_needs_are_a_means(read):
    """The total needed, the sources its list splits it into and a total cost: no target."""
    draft = read(FUNDS)
    assert target_rows(draft) == []
    assert sum(r.startswith("the funds a plan needs") for r in reasons(draft)) == 4


@pytest.mark.parametrize(("text", "expected"), [
    # money to raise after the words: a word of reaching or a goal word, a target
    ("Đến năm 2030, huy động nguồn vốn thực hiện đạt 500 tỷ đồng.",
     [(">=", 500, "billion VND", 2030)]),
    ("Phấn đấu đến năm 2030 kinh phí thực hiện từ xã hội hóa khoảng 30 tỷ đồng.",
     [(">=", 30, "billion VND", 2030)]),
    # money that is no fund of the plan, in a list led by none: read as usual
    ("Đến năm 2030, các chỉ tiêu sau:\n- Tổng vốn đầu tư toàn xã hội khoảng 9.000 tỷ đồng.",
     [(">=", 9000, "billion VND", 2030)]),
])
def test_money_that_is_no_fund_needed_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# An estimated investment cost (round 26): the plan's cost, whatever lead stands above it.
INVESTMENT_COST = """Bổ sung bến cảng tổng hợp vào quy hoạch với các chỉ tiêu quy hoạch như sau:
- Công suất: khoảng 12 triệu tấn/năm.
- Ước tính chi phí đầu tư theo quy hoạch: khoảng 8.450 tỷ đồng giai đoạn 2026-2030, khoảng
3.120 tỷ đồng đến năm 2045.
"""


def test_an_investment_cost_is_a_means(read):
    """Both sums of the estimated cost are its money to spend; the capacity stays a target."""
    draft = read(INVESTMENT_COST.replace("khoảng\n", "khoảng "))
    assert [row[1] for row in target_rows(draft)] == [12]
    assert sum(r.startswith("the funds a plan needs") for r in reasons(draft)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    # a cost to cut: a share, no money after the words
    ("Đến năm 2030, giảm 15% chi phí đầu tư hạ tầng số.", [("<=", -15, "%", 2030)]),
    # society's investment is no cost of the plan: read as usual
    ("Đến năm 2030, thu hút vốn đầu tư xã hội đạt 20.000 tỷ đồng.",
     [(">=", 20000, "billion VND", 2030)]),
])
def test_a_cost_to_cut_or_an_investment_to_attract_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_funds(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["allocations"].update(fund=["vốn"]))
    assert str(bad) in error and "fund" in error


# --- A bare count in a list of aims is a count to reach ---------------------------------------

AIMS = """Chương trình đặt mục tiêu đến năm 2029 gồm:
- Thí điểm xét nghiệm 2.000 mẫu nước giếng tại các xã ven biển.
- Tập huấn cho 350 nhân viên y tế thôn bản.
Để đạt các mục tiêu trên, thực hiện các nhiệm vụ sau:
- Mua sắm 12 máy đo cho các trạm.
"""


def test_a_bare_count_in_a_list_of_aims_is_a_target(read):
    """The items of a lead of aims give counts to reach, dated by the lead; the items of a
    lead of purpose (tasks that serve the aims) stay unread, as a bare count is."""
    assert target_rows(read(AIMS)) == [(">=", 2000, "count", 2029), (">=", 350, "count", 2029)]


def test_a_group_a_cited_document_defines_is_no_count(read):
    """Under a lead of aims (or a heading of targets), a count whose noun a cited document
    defines names that document's list; after a bound word it stays a count to reach."""
    text = ("Kế hoạch đặt mục tiêu đến năm 2028 như sau:\n"
            "- Ứng dụng dữ liệu lớn cho 6 ngành ưu tiên theo Quyết định số 100/QĐ-TTg.\n"
            "- Hình thành tối thiểu 02 trung tâm vùng theo Nghị quyết số 20/NQ-CP.\n")
    assert target_rows(read(text)) == [(">=", 2, "count", 2028)]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["counts"].update(goal_lead=["mục tiêu"]), "goal_lead"),
    (lambda d: d["cited_names"].update(group=["theo"]), "group"),
])
def test_rules_loader_checks_the_lists_of_aims(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error
