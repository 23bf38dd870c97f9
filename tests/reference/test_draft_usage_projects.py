"""Rules of Vietnamese usage added after the one-shot run of the thirty-first round (a legal Q&A
page quoting a decision that approves an airport project's investment policy, and a page on
criteria for evaluating foreign investment; therefore no longer unseen): a work's footprint and
floor area to build ("Diện tích xây dựng …", "diện tích sàn xây dựng …") are norms of its design
(planned_figures.design_norms); a project's investment capital ("Vốn đầu tư của dự án") is the
money it spends, as a plan's funds are, and a share of it a source gives ("100% vốn ngân sách")
is how it is financed (allocations.funds, allocations.fund_sources); a bound on a change named
both ways ("tăng, giảm nhỏ hơn 20%") is a tolerance that defines a case
(not_quantities.either_ways); a number in brackets opening with "có thể" ("(có thể mở rộng lên
…)") is a possibility left open, not a level set (not_quantities.possibilities). Each rule is
shown on a tiny made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows

# --- A work's footprint and floor area are norms of its design ---------------------------------

WORKS = ("2. Quy mô đầu tư:\n- Nâng cấp bến tàu khách trung tâm đạt công suất 800.000 hành "
         "khách/năm. Diện tích xây dựng nhà chờ khoảng 1.250 m2, tổng diện tích sàn xây dựng "
         "khoảng 2.100 m2, 03 tầng.\n")


def test_a_works_footprint_and_floor_area_are_no_targets(read):
    """The footprint and floor area of a work to build are sizes of its design: none drafted;
    the capacity it is to reach ("đạt công suất") stays a target."""
    draft = read(WORKS)
    assert target_rows(draft) == [(">=", 800000, "count/year", None)]
    assert sum(r.startswith("a norm of a plan's design") for r in reasons(draft)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    # an area that names no building: read as usual
    ("Đến năm 2030, diện tích sàn nhà ở bình quân đầu người đạt 30 m2.",
     [(">=", 30, "m2", 2030)]),
    ("Đến năm 2030, diện tích rừng trồng mới đạt 1.200 ha.", [(">=", 1200, "ha", 2030)]),
    # a goal word before the number in its clause: a level to reach
    ("Đến năm 2030, phấn đấu diện tích sàn xây dựng nhà ở xã hội đạt 500.000 m2.",
     [(">=", 500000, "m2", 2030)]),
])
def test_an_area_of_no_work_to_build_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A project's capital and the share a source gives ------------------------------------------

CAPITAL = ("3. Mục tiêu dự án: Xây dựng cầu qua sông đảm bảo lưu thông.\n4. Vốn đầu tư của dự "
           "án: Khoảng 850 tỷ đồng, sử dụng 100% vốn ngân sách tỉnh.\n5. Vốn đầu tư dự án "
           "giai đoạn 2: 1.150 tỷ đồng, trong đó 60% vốn vay.\n")


def test_a_projects_capital_and_its_sources_are_no_targets(read):
    """The capital and the shares its sources give are means: none drafted."""
    draft = read(CAPITAL)
    assert target_rows(draft) == []
    assert sum(r.startswith("the funds a plan needs") for r in reasons(draft)) == 2
    assert sum(r.startswith("the share of the funds a source gives") for r in reasons(draft)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    # investment to attract: no project's capital named
    ("Đến năm 2030, thu hút vốn đầu tư toàn xã hội đạt 5.000 tỷ đồng.",
     [(">=", 5000, "billion VND", 2030)]),
    # "đạt" after the words of the funds: money to raise
    ("Đến năm 2030, vốn đầu tư của dự án huy động đạt 300 tỷ đồng.",
     [(">=", 300, "billion VND", 2030)]),
    # a share of no source beside the capital: a level to reach
    ("Vốn đầu tư dự án 200 tỷ đồng, đến năm 2026 hoàn thành 100% khối lượng công trình.",
     [(">=", 100, "%", 2026)]),
    # "đạt" between the words of the funds and a source's share: a share to reach
    ("Vốn đầu tư dự án 200 tỷ đồng, đến năm 2026 giải ngân đạt 100% vốn.",
     [(">=", 100, "%", 2026)]),
])
def test_money_and_shares_of_no_projects_capital_are_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_fund_sources(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["allocations"].update(fund_source=["vốn"]))
    assert str(bad) in error and "fund_source" in error


# --- A bound on a change either way is a tolerance ---------------------------------------------

TOLERANCES = ("2. Điều chỉnh cục bộ khi đáp ứng một trong các tiêu chí sau:\n"
              "a) Các khu chức năng có diện tích điều chỉnh tăng, giảm nhỏ hơn 10% tổng diện "
              "tích khu chức năng;\nb) Công suất các nhà máy thay đổi tăng hoặc giảm không quá "
              "20%.\n")


def test_a_bound_on_a_change_either_way_is_no_target(read):
    """A change named both ways, bounded, defines which changes count as a case: none
    drafted."""
    draft = read(TOLERANCES)
    assert target_rows(draft) == []
    assert sum(r.startswith("a bound on a change either way") for r in reasons(draft)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    # a change named one way: a level to reach
    ("Đến năm 2030, tỷ lệ hộ nghèo giảm nhỏ hơn 2%.", [("<", -2, "%", 2030)]),
    # the other clause of the sentence is read as usual
    ("Đến năm 2030, diện tích đất lúa tăng, giảm không quá 5%; số doanh nghiệp tăng 10%.",
     [(">=", 10, "%", 2030)]),
])
def test_a_change_named_one_way_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_either_ways(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["not_quantities"].update(either_way=["x"]))
    assert str(bad) in error and "either_way" in error


# --- A possibility in brackets is no level set ---------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the level set stays, the possibility in brackets is none
    ("- Nâng cấp bến cảng đạt công suất 800.000 tấn/năm (có thể mở rộng lên 1.500.000 tấn/năm "
     "khi có nhu cầu).", [(">=", 800000, "count/year", None)]),
    # brackets of another aside: read as usual
    ("- Nâng cấp bến cảng đạt công suất 800.000 tấn/năm (khoảng 2.000 chuyến tàu/năm).",
     [(">=", 800000, "count/year", None), (">=", 2000, "count/year", None)]),
    # "có thể" outside brackets: read as usual
    ("Đến năm 2030, phấn đấu có thể đạt 50% số xã có bến.", [(">=", 50, "%", 2030)]),
])
def test_a_possibility_in_brackets_is_no_target(read, text, expected):
    assert target_rows(read(text)) == expected
