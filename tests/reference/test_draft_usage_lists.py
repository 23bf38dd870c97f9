"""Rules of Vietnamese usage added after the one-shot run on the Hồ Chí Minh City 188/KH-UBND
summary (eleventh round, therefore no longer unseen): a list's items nest by their marks, "-"
items and "+" items under them (nested_bullets), so a "+" item after a "-" group ("- Đối với
trẻ em" / "+ Tại địa bàn đô thị: phấn đấu 100% …") is still an item of the list and takes its
lead's year ("mục tiêu cụ thể giai đoạn 2026-2030 … như sau:"), not the title's horizon; and
"tiết" (a sub-point of a plan's outline, "tiết 2.1 tiểu mục 2 Mục II") names a part of a
text, no count (not_quantities.before). Each rule is shown on a tiny made-up text, with the
cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error


def _years(draft) -> list[tuple]:
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.value, r.target_year) for r in frame.itertuples()]


TITLE = ("Ngày 01/12/2025, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai Chương trình "
         "phát triển giáo dục phổ thông giai đoạn 2026-2035.\n")


def test_a_nested_item_takes_its_lists_lead_year(read):
    draft = read(TITLE + "Theo đó, mục tiêu cụ thể giai đoạn 2026-2030 được nêu tại tiết 3.2 "
                 "tiểu mục 3 Mục II như sau:\n"
                 "- Đối với học sinh\n"
                 "+ Tại khu vực nội thành: phấn đấu 90% học sinh được học 2 buổi/ngày.\n"
                 "+ Tại khu vực ngoại thành: phấn đấu 70% học sinh được học 2 buổi/ngày.\n"
                 "- Đối với giáo viên: phấn đấu 100% giáo viên đạt chuẩn.\n")
    assert _years(draft) == [(90, 2030), (70, 2030), (100, 2030)]
    assert set(draft.targets["year_from"]) == {"list lead"}


@pytest.mark.parametrize(("items", "expected"), [
    # a "-" item after "+" items is no item nested in them: the list of "+" items ends
    ("+ Phấn đấu 50% xã có kế hoạch.\n- Phấn đấu 60% xã có đội tình nguyện.\n",
     [(50, 2028), (60, None)]),
    # a mark outside nested_bullets ends the list, as before
    ("- Phấn đấu 50% xã có kế hoạch.\n• Phấn đấu 60% xã có đội tình nguyện.\n",
     [(50, 2028), (60, None)]),
    # a line with no bullet ends the list and its nested items
    ("- Đối với xã\n+ Phấn đấu 50% xã có kế hoạch.\nCác xã phấn đấu 60% hộ có kế hoạch.\n"
     "+ Phấn đấu 70% thôn có đội tình nguyện.\n", [(50, 2028), (60, None), (70, None)]),
])
def test_items_outside_the_nesting_end_the_list(read, items, expected):
    assert _years(read("Đến năm 2028, phấn đấu đạt các mục tiêu sau:\n" + items)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Mục tiêu đến năm 2030 nêu tại tiết 2.1 tiểu mục 2 Mục II của Kế hoạch: phấn đấu 95% "
     "trường học đạt chuẩn.", [(95, 2030)]),
    # "tiết kiệm" (to save) is no "tiết": the share after it is a target
    ("Đến năm 2030, phấn đấu tiết kiệm 10% năng lượng tiêu thụ.", [(10, 2030)]),
])
def test_a_tiet_names_a_part_of_a_text(read, text, expected):
    assert _years(read(text)) == expected


def test_rules_loader_checks_the_nesting(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d.update(nested_bullets="-+"))
    assert str(bad) in error and "nested_bullets" in error


# Round 13 (244/2025/QH15 summary): a list's items numbered in brackets (list_item_headings).
LEAD = ("Các chỉ tiêu chủ yếu của Kế hoạch năm 2027 được nêu tại Điều 3 Nghị quyết của Hội "
        "đồng nhân dân tỉnh, cụ thể:\n")


def test_items_numbered_in_brackets_take_their_lists_lead_year(read):
    draft = read("Kế hoạch thực hiện các mục tiêu phát triển giai đoạn 2026 - 2030\n" + LEAD
                 + "(1) Tốc độ tăng trưởng kinh tế đạt 9%.\n"
                 "(2) Tỷ lệ che phủ rừng đạt 46,5%.\n"
                 "(3) Tỷ lệ hộ dân được dùng nước sạch đạt 98%.\n")
    assert _years(draft) == [(9, 2027), (46.5, 2027), (98, 2027)]
    assert set(draft.targets["year_from"]) == {"list lead"}


@pytest.mark.parametrize(("items", "expected"), [
    # a bullet under a numbered item ends the list: the heading's own year holds below it
    ("(1) Đến năm 2030\n- Tỷ lệ che phủ rừng đạt 47%.\n(2) Tỷ lệ hộ dân dùng nước sạch đạt 99%.\n",
     [(47, 2030), (99, None)]),
    # a line with no bullet or number ends it
    ("(1) Tỷ lệ che phủ rừng đạt 46,5%.\nNgoài ra, tỷ lệ hộ dân dùng nước sạch đạt 98%.\n",
     [(46.5, 2027), (98, None)]),
    # a numbered heading of another kind ("2.") is no item of the list
    ("2. Tỷ lệ che phủ rừng đạt 46,5%.\n", [(46.5, None)]),
])
def test_other_lines_end_a_numbered_list(read, items, expected):
    assert _years(read(LEAD + items)) == expected


def test_a_list_item_heading_must_name_a_heading(tmp_path):
    def edit(data):
        data["list_item_headings"] = ["parenthesised"]
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and "list_item_headings" in error and "parenthesised" in error
