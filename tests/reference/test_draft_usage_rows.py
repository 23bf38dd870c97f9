"""A rule of how published pages print a table, added after the one-shot run on the
2259/QĐ-BTTTT page (which is therefore no longer unseen): a table row printed on one line,
its cells between "|" (row_cells), is one sentence whose value cells are its targets; a number
in another cell (the indicator's name, the way it is measured) says what the row measures,
and a year there dates none of its values unless the cell is the row's name or its deadline.
Each case is a tiny made-up row, with the case the rule must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows


@pytest.mark.parametrize(("line", "expected"), [
    # a condition on what the share counts, in the name cell and the measure cell: no target
    ("1 | Trường học có ít nhất 02 phòng học thông minh. | 15% | 60% | Số trường có ít nhất "
     "2 phòng học thông minh/Tổng số trường. |", [(">=", 15, "%", None), (">=", 60, "%", None)]),
    # a year in the measure cell (a scheme's name) dates no value: the header is not printed
    ("2 | Giáo viên được bồi dưỡng kỹ năng số | tối thiểu 200 người | tối thiểu 900 người | "
     "Theo Đề án “Chuyển đổi số ngành giáo dục đến năm 2026, định hướng đến năm 2030” "
     "(Quyết định số 131/QĐ-TTg). |",
     [(">=", 200, "count", None), (">=", 900, "count", None)]),
    # a year in the row's name cell, or in a deadline cell, dates its values
    ("3 | Tỷ lệ hồ sơ được số hóa đến năm 2027 | 70% | Số hồ sơ số hóa/Tổng số hồ sơ. |",
     [(">=", 70, "%", 2027)]),
    ("4 | Tỷ lệ hồ sơ được số hóa | 70% | Năm 2028 |", [(">=", 70, "%", 2028)]),
])
def test_a_rows_value_cells_are_its_targets(read, line, expected):
    assert target_rows(read(line)) == expected


def test_a_line_that_is_no_row_is_read_as_before(read):
    """One mark is no row: its sentence is read as a sentence (the year after the number
    dates it, and the count after a bound word is a target)."""
    draft = read("Đào tạo tối thiểu 50 giảng viên | thực hiện đến năm 2027.")
    assert target_rows(draft) == [(">=", 50, "count", 2027)]


def test_the_row_rules_are_checked(tmp_path):
    def edit(data):
        data["row_cells"]["value_cells"] = 3
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and "value_cells" in error
