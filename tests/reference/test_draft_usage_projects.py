"""Rules of Vietnamese usage added after the one-shot run of the thirty-first round (a legal
Q&A page quoting a decision that approves an airport project's investment policy, and a page
on criteria for evaluating foreign investment; therefore no longer unseen): a work's footprint
and floor area to build ("Diện tích xây dựng …", "diện tích sàn xây dựng …") are norms of its
design (planned_figures.design_norms). Each rule is shown on a tiny made-up text, with the
cases it must leave alone."""

from __future__ import annotations

import pytest

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
