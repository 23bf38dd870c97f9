"""Rules of Vietnamese planning usage added after the one-shot run of the twentieth round (the
published summaries of 481/QĐ-CNCCN, an industrial park's zoning plan, and of 427/QĐ-BXD, an
airport's master plan; therefore no longer unseen): a line naming only a plan's period ("-
Thời kỳ 2021-2030") heads its items as a phase does (goal_headings). Each rule is shown on a
tiny made-up text, with the cases it must leave alone."""

from __future__ import annotations

from tests.reference.drafts import target_rows

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
