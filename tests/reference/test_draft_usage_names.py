"""A rule of Vietnamese usage added after the one-shot run on Hà Tĩnh 624/KH-UBND (eighth
round, therefore no longer unseen): the words that name another document cited ("Quyết định
số … phê duyệt Đề án “…”", "Nghị quyết số … về …", "Chương trình “…”") are its title, and a
number there is that document's, no target of this plan (cited_names). A quoted name ends at
its closing quote; an unquoted one at a comma, a semicolon, a bracket or a word that turns to
this plan's own aim ("với mục tiêu", "phấn đấu"), so a target printed after the name is kept.
Each case is a tiny made-up text."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import reasons, target_rows

NAMED = "in the name of a document cited"


# --- A number in a cited document's name is no target -----------------------------------------

@pytest.mark.parametrize("text", [
    # quoted, after the decision's number, date, issuer and "phê duyệt"
    "c) Triển khai Quyết định số 12/QĐ-TTg ngày 05 tháng 6 năm 2024 của Thủ tướng Chính phủ "
    "phê duyệt Đề án “Trồng ít nhất 50 triệu cây xanh đô thị giai đoạn 2024 - 2030” trên địa "
    "bàn tỉnh.",
    # unquoted, after "về", up to the comma
    "Tiếp tục thực hiện Nghị quyết số 08-NQ/TU ngày 10/3/2023 của Tỉnh ủy về xây dựng ít nhất "
    "20 xã nông thôn mới kiểu mẫu đến năm 2030, tổ chức sơ kết hằng năm.",
    # a quote right after a document's kind, with no number
    "Các xã tiếp tục thực hiện Chương trình “Mỗi xã có ít nhất 2 sản phẩm đặc trưng” đến năm "
    "2030.",
    # straight quotes, a date printed with dashes, the issuer before the date
    'Triển khai Kế hoạch số 7/KH-UBND của Ủy ban nhân dân tỉnh ngày 02-4-2024 ban hành Đề án '
    '"Xây dựng tối thiểu 3 khu công nghiệp sinh thái đến năm 2030" trong tỉnh.',
])
def test_a_number_in_a_cited_name_is_no_target(read, text):
    draft = read(text)
    assert target_rows(draft) == []
    assert any(r.startswith(NAMED) for r in reasons(draft))


def test_the_reason_names_the_word_that_opens_the_name(read):
    found = reasons(read("Thực hiện Quyết định số 5/QĐ-UBND ngày 01/02/2024 phê duyệt Đề án "
                         "trồng ít nhất 1.000 ha rừng ngập mặn đến năm 2030."))
    assert f"{NAMED} (after 'phê duyệt'), not a target of this plan" in found


# --- A target after the name is kept ----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # the name ends where the plan's aim begins ("với mục tiêu")
    ("Triển khai Quyết định số 45/QĐ-UBND ngày 02/4/2024 về phát triển du lịch bền vững với "
     "mục tiêu đạt 80% cơ sở lưu trú đạt chuẩn xanh vào năm 2030.",
     [(">=", 80, "%", 2030)]),
    # a quoted name ends at its closing quote; the share after the comma is this plan's
    ("Thực hiện Kế hoạch số 7/KH-UBND ngày 9/5/2025 về xây dựng “thôn, bản an toàn” giai đoạn "
     "2025 - 2030, phấn đấu 100% thôn, bản đạt tiêu chí an toàn.",
     [(">=", 100, "%", 2030)]),
    # a semicolon ends a name; no word opens a title here at all
    ("Vận hành hệ thống theo Quyết định số 99/QĐ-TTg ngày 07 tháng 3 năm 2024; bảo đảm 100% dữ "
     "liệu được kết nối đến năm 2028.",
     [(">=", 100, "%", 2028)]),
    # a number after a document's closing quote is read as before
    ("Chương trình “Mỗi xã một sản phẩm” đến năm 2030 có ít nhất 40 sản phẩm đạt 4 sao.",
     [(">=", 40, "count", 2030)]),
])
def test_a_target_after_the_name_is_kept(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_quote_after_no_document_opens_no_name(read):
    """A quoted slogan after a share is no cited document's name: the share stays a target."""
    text = "Đến năm 2030 có 70% xã đạt danh hiệu “xã sạch, ít nhất 2 điểm xanh”."
    assert (">=", 70, "%", 2030) in target_rows(read(text))


# --- A plenum of the Party Central Committee is named by its number (round 25) -----------------

@pytest.mark.parametrize("text", [
    "Đến năm 2030, thực hiện các mục tiêu của Nghị quyết Trung ương 4 khóa XIII; 100% xã có "
    "kế hoạch hành động.",
    "Đến năm 2030: thực hiện mục tiêu Hội nghị Trung ương 7 khóa XII đề ra; 100% xã có kế "
    "hoạch hành động.",
])
def test_a_plenums_number_is_no_count(read, text):
    assert target_rows(read(text)) == [(">=", 100, "%", 2030)]


# --- The rules file ---------------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["cited_names"].update(openers=["“"]), "cited_names.openers"),
    (lambda d: d["cited_names"].update(dates=["ngày {day}/{month}"]), "cited_names.dates"),
    (lambda d: d["cited_names"].update(leads=[]), "cited_names.leads"),
    (lambda d: d.update(cited_titles={"leads": ["về"]}), "cited_titles"),
])
def test_rules_loader_checks_the_cited_names_rule(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error
