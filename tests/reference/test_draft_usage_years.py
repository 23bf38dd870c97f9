"""Rules of Vietnamese decision-writing on a target's year, added after the one-shot run on
Đồng Nai 182/KH-UBND and 2629/QĐ-TTg (which are therefore no longer unseen): a sub-numbered
item ("6.3.") is part of its numbered heading ("6. Chỉ tiêu chủ yếu đến năm 2030"), a line
naming only a phase ("- Giai đoạn 2025-2027", a table's group row) heads that phase's
targets, a per-year word opening a sentence ("Hàng năm, …") makes each of its changes a
change a year, and the rest listed by the section headings below (round 29: the title under
an unnumbered "PHỤ LỤC" dates the whole annex; a year in an estimate's equation dates
nothing). Each rule is shown on a tiny text of its own (not the fixture it was found in),
with the case it must leave alone."""

from __future__ import annotations

import pytest

from ggutils.reference.draft.year_forms import find_years
from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows

# --- A sub-numbered item is part of its heading ----------------------------------------------

def test_a_sub_numbered_item_takes_its_headings_year(read):
    """"6.2." and "6.3.2." are parts of "6. Chỉ tiêu … đến năm 2030": they take its year (their
    own wins), which ends with the section ("7." prints none; "III." is another section)."""
    text = ("II. NỘI DUNG\n6. Chỉ tiêu chủ yếu đến năm 2030\n6.1. Phấn đấu đến năm 2027 đạt "
            "ít nhất 50% số xã.\n6.2. Trên 80% trạm y tế đủ điều kiện.\n6.3. Truyền thông\n"
            "6.3.2. Phấn đấu 100% nhà trường tuyên truyền.\n7. Nhiệm vụ khác\n7.1. Có 100% "
            "cơ sở đạt chuẩn.\nIII. NHIỆM VỤ\n6.1. Có 90% hồ sơ được số hóa.\n")
    draft = read(text)
    assert target_rows(draft) == [(">=", 50, "%", 2027), (">", 80, "%", 2030),
                                  (">=", 100, "%", 2030), (">=", 100, "%", None),
                                  (">=", 90, "%", None)]
    assert list(draft.targets["clause"])[:3] == ["II.6.1", "II.6.2", "II.6.3.2"]


# --- A phase heads its targets ---------------------------------------------------------------

PHASES = """II. MỤC TIÊU ĐẾN NĂM 2030
2. Mục tiêu cụ thể
a) Dịch vụ số bao trùm. Một số chỉ tiêu cơ bản bao gồm:
- Giai đoạn 2025-2027
+ 100% dịch vụ công trực tuyến toàn trình.
+ 95% người dân hài lòng.
- Giai đoạn 2028-2030
+ 99% người dân hài lòng.
b) Quản trị dựa trên dữ liệu
+ 100% hồ sơ công việc được xử lý trên môi trường điện tử.
"""


def test_a_phase_line_gives_its_end_to_its_targets(read):
    """"- Giai đoạn 2025-2027" (goal_headings) heads the "+" targets under it: the phase's
    end is their year, nearer than the section's "MỤC TIÊU ĐẾN NĂM 2030"; the next phase
    takes over, and the next lettered heading ends it (the section's year holds again)."""
    draft = read(PHASES)
    assert target_rows(draft) == [(">=", 100, "%", 2027), (">=", 95, "%", 2027),
                                  (">=", 99, "%", 2030), (">=", 100, "%", 2030)]
    assert list(draft.targets["clause"])[0] == "II.2.a.Giai đoạn 2025-2027"
    # before any heading a line printing the plan's period is its title's, no phase heading
    title = read("KẾ HOẠCH TĂNG TRƯỞNG XANH\nGIAI ĐOẠN 2021 - 2025\nI. MỤC TIÊU\n"
                 "1. Có ít nhất 50% xã đạt chuẩn.\n")
    assert title.horizon["year"] == 2025 and list(title.targets["clause"]) == ["I.1"]


def test_a_tables_phase_row_heads_its_rows_but_a_deadline_cell_stays_a_cell(read):
    """A group row naming a phase, in a table with no deadline column, gives its end to the
    rows under it; in a table with a deadline column the same line is a row's deadline cell,
    whose year is the row's above it, not the next row's."""
    grouped = ("PHỤ LỤC I\nTT\nChỉ tiêu\nĐơn vị\nKết quả\nI\nGiai đoạn 2025-2027\n1\n"
               "Tỉ lệ hồ sơ được số hóa đạt 100%.\nII\nGiai đoạn 2028-2030\n1\n"
               "Tỉ lệ người dân hài lòng đạt 99%.\n")
    assert target_rows(read(grouped)) == [(">=", 100, "%", 2027), (">=", 99, "%", 2030)]
    deadlines = ("STT\nNhiệm vụ\nThời gian thực hiện\n1\nCó ít nhất 5 trạm quan trắc.\n"
                 "Giai đoạn 2026 - 2027\n2\nCó ít nhất 3 bộ dữ liệu.\nNăm 2029\n")
    assert target_rows(read(deadlines)) == [(">=", 5, "count", 2027), (">=", 3, "count", 2029)]


# --- A per-year word opening a sentence ------------------------------------------------------

@pytest.mark.parametrize(("text", "forms"), [
    # "Hàng năm," opening the sentence: every change of it is a change a year
    ("Hàng năm, số vụ được phát hiện tăng trên 03%; số vụ xuyên quốc gia được bắt giữ tăng "
     "trên 05%.", ["annual_rate", "annual_rate"]),
    ("Mỗi năm, tỷ lệ hộ nghèo giảm 1%, tỷ lệ thất nghiệp giảm 0,5%.",
     ["annual_rate", "annual_rate"]),
    # a per-year word inside one piece is that piece's only
    ("Số vụ được phát hiện tăng trên 03% mỗi năm; số vụ được bắt giữ tăng trên 05%.",
     ["annual_rate", "change_since_base"]),
])
def test_a_per_year_word_opening_a_sentence_holds_for_each_change(read, text, forms):
    assert list(read(text).targets["form"]) == forms


# --- A list of ranks, dated by the year closing their piece ----------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a rank after a rank is the next rank of a list, not the group the first must enter;
    # the year closing the piece dates both, not the next piece's year
    ("Việt Nam thuộc nhóm 4 nước dẫn đầu ASEAN và nhóm 60 nước dẫn đầu thế giới vào năm 2028; "
     "thuộc nhóm 3 nước dẫn đầu ASEAN và nhóm 50 nước dẫn đầu thế giới vào năm 2030.",
     [("<=", 4, "rank", 2028), ("<=", 60, "rank", 2028), ("<=", 3, "rank", 2030),
      ("<=", 50, "rank", 2030)]),
    # after a count the group is still the one the count must enter
    ("Đến năm 2030 có ít nhất 8 trường thuộc nhóm 200 đại học hàng đầu châu Á.",
     [(">=", 8, "count", 2030)]),
])
def test_a_list_of_ranks_takes_the_year_closing_its_piece(read, text, expected):
    assert target_rows(read(text)) == expected


# --- What a number after a share, a scheme's name or "trên toàn tỉnh" is ----------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a count after a share of members named after it: what each member must have
    ("Đến năm 2030, 100% cơ quan, tổ chức sử dụng ít nhất 01 ứng dụng AI.",
     [(">=", 100, "%", 2030)]),
    # a share that closes its words, then "trong đó" (of which): the count is a target too
    ("Đến năm 2030 tỷ lệ người học đạt ít nhất 35%, trong đó có ít nhất 6.000 nghiên cứu sinh.",
     [(">=", 35, "%", 2030), (">=", 6000, "count", 2030)]),
    # after a share's value a count is no longer in the share's words: a target of its own
    ("Đến năm 2030 tỷ lệ che phủ rừng đạt 42%; có ít nhất 5 khu bảo tồn.",
     [(">=", 42, "%", 2030), (">=", 5, "count", 2030)]),
    # a scheme named by its number ("Đề án 06") is no count after a goal word
    ("Đến năm 2030 hoàn thiện bộ chỉ số theo dõi các mục tiêu của Đề án 06 phục vụ điều hành.",
     []),
    # "trên toàn tỉnh" (across the province) bounds no number after it; "Trên 80%" does
    ("Đến năm 2030, trên 80% trạm y tế trên toàn tỉnh và 100% cơ sở cai nghiện đủ điều kiện.",
     [(">", 80, "%", 2030), (">=", 100, "%", 2030)]),
])
def test_numbers_after_a_share_a_schemes_name_or_a_preposition(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A table's value cell is the value of its row's wording -----------------------------------

def test_a_tables_value_cell_joins_its_rows_wording(read):
    """In a table printed one cell a line, a cell that is only a value or a unit ("%",
    "100%") is the value of its row's wording: one target whose wording is the row's, as
    it reads ("Tỉ lệ … điều kiện. % 100%"); a count in the words of that share ("sử dụng ít
    nhất 01 ứng dụng") is what each member counted must have, no target."""
    text = ("PHỤ LỤC I\nTT\nChỉ tiêu\nĐơn vị\nKết quả\nCơ quan chủ trì\nI\nGiai đoạn 2025-2027\n"
            "1\nTỉ lệ dịch vụ công trực tuyến toàn trình.\n%\n100%\nVăn phòng Chính phủ\n2\n"
            "Tỉ lệ cơ quan sử dụng ít nhất 01 ứng dụng AI.\n%\n95%\nBộ Công an\n")
    draft = read(text)
    assert target_rows(draft) == [(">=", 100, "%", 2027), (">=", 95, "%", 2027)]
    assert list(draft.targets["piece"]) == [
        "Tỉ lệ dịch vụ công trực tuyến toàn trình. % 100%",
        "Tỉ lệ cơ quan sử dụng ít nhất 01 ứng dụng AI. % 95%"]
    # outside a table a line that is only a value stays a sentence of its own
    assert list(read("Mục tiêu đến năm 2030\nTỷ lệ hộ dân dùng nước sạch.\n95%\n")
                .targets["piece"]) == ["95%"]


# --- A document's date is no deadline --------------------------------------------------------

@pytest.mark.parametrize(("text", "years"), [
    # the date after a document's number is the day it was signed (issue_years)
    ("được phê duyệt tại Quyết định số 224/QĐ-TTg ngày 07 tháng 3 năm 2024 của Thủ tướng", []),
    ("theo Nghị quyết 57-NQ/TW ngày 22 tháng 12 năm 2024 về đột phá", []),
    # a date that is a deadline, or a deadline after a document's date, is kept
    ("hoàn thành trước ngày 31 tháng 12 năm 2025", [2025]),
    ("Quyết định số 224/QĐ-TTg ngày 07 tháng 3 năm 2024 đến năm 2030", [2030]),
])
def test_a_documents_date_is_no_deadline(rules, text, years):
    assert [y for _, _, y in find_years(text, rules)] == years


# Round 13 (244/2025/QH15 summary): a bullet item before the first heading is the body, not
# the title (plan_period): a five-year period it cites is not the plan's horizon.
AIMS = ("Theo đó, mục tiêu tổng quát của Kế hoạch năm 2027 như sau:\n"
        "- Năm 2027 là năm thứ hai thực hiện Kế hoạch phát triển 5 năm 2026 - 2030 của tỉnh.\n")


def test_a_bullet_before_the_first_heading_gives_no_horizon(read):
    draft = read(AIMS + "1. Chỉ tiêu chủ yếu\nTỷ lệ che phủ rừng đạt 46,5%.\n")
    assert draft.horizon["year"] is None
    assert draft.targets["target_year"].isna().all()


def test_a_title_line_before_the_bullets_still_gives_the_horizon(read):
    draft = read("Kế hoạch phát triển nông nghiệp giai đoạn 2026 - 2028\n" + AIMS
                 + "1. Chỉ tiêu chủ yếu\nTỷ lệ che phủ rừng đạt 46,5%.\n")
    assert draft.horizon["year"] == 2028
    assert draft.targets["target_year"].tolist() == [2028]


# Round 13 (244/2025/QH15 summary): the period of a standard a target is measured by is no
# deadline (standard_periods).
@pytest.mark.parametrize(("text", "expected"), [
    # the criteria set's period, in brackets: the heading's year dates the share
    ("1. Chỉ tiêu năm 2027\nTỷ lệ thôn đạt chuẩn văn hóa (theo Bộ tiêu chí thôn văn hóa của "
     "tỉnh giai đoạn 2026 - 2030) đạt 60%.\n", [(60, 2027)]),
    ("1. Chỉ tiêu năm 2027\nTỷ lệ hộ cận nghèo theo chuẩn cận nghèo của tỉnh giai đoạn "
     "2026-2030 còn dưới 3%.\n", [(3, 2027)]),
    # a period with no standard before it still dates the target
    ("1. Chỉ tiêu năm 2027\nTỷ lệ thôn đạt chuẩn văn hóa giai đoạn 2026 - 2030 đạt 60%.\n",
     [(60, 2030)]),
    # a deadline after the standard's name is a deadline ("đến", a stop word)
    ("1. Chỉ tiêu năm 2027\nTỷ lệ hộ nghèo theo chuẩn nghèo của tỉnh đến năm 2029 giảm còn "
     "2%.\n", [(2, 2029)]),
])
def test_a_standards_period_is_no_deadline(read, text, expected):
    assert [(value, year) for _, value, _, year in target_rows(read(text))] == expected


# --- A published page's question ends the headings above it (round 14, 57-NQ/TW page) --------

def test_a_pages_question_ends_the_headings_above_it(read):
    """A question on a line of its own titles the page's next section, the quote of another
    part of the document: the vision's heading year (2045) does not reach the tasks after it,
    which print none; a question inside a bullet line (a list of contents) ends nothing."""
    text = ("- Mục tiêu của Đề án là gì? - Nhiệm vụ của Đề án ra sao?\n"
            "Mục tiêu của Đề án là gì?\nMục tiêu được quy định tại Mục II như sau:\n"
            "(1) Đến năm 2030\nTỷ lệ hộ dùng nước sạch đạt 95%.\n(2) Tầm nhìn đến năm 2045\n"
            "Tỷ lệ hộ dùng nước sạch đạt 100%.\nNhiệm vụ đầu tư hạ tầng ra sao?\n"
            "Nhiệm vụ được quy định tại Mục III như sau:\n"
            "- Bố trí ít nhất 10% vốn đầu tư công cho hạ tầng cấp nước.\n")
    assert target_rows(read(text)) == [(">=", 95, "%", 2030), (">=", 100, "%", 2045),
                                       (">=", 10, "%", None)]


# --- A page's question asking for goals dates its section (round 16, 36-NQ/TW page) -----------

def test_a_pages_goal_question_dates_its_section(read):
    """A question asking for the goals to a year ("Các mục tiêu … đến năm 2035?") titles the
    quote of those goals: its targets that print no year take 2035, past the lead's list that
    an unbulleted line ends, until the next question; a question asking for something else
    ("… gồm những gì?") dates nothing, and a year a target prints wins."""
    text = ("Các mục tiêu của Chương trình bảo vệ rừng đầu nguồn đến năm 2035?\n"
            "Chương trình nêu các mục tiêu đến năm 2035 như sau:\n- Mục tiêu chung\n"
            "Bảo vệ bền vững rừng đầu nguồn.\n- Mục tiêu cụ thể\n"
            "+ Về rừng: Độ che phủ rừng đầu nguồn đạt tối thiểu 55%; đến năm 2030 trồng "
            "mới 2.000 ha rừng.\n"
            "Giải pháp của Chương trình gồm những gì?\n"
            "- Bố trí ít nhất 15% vốn sự nghiệp cho khoán bảo vệ rừng.\n")
    assert target_rows(read(text)) == [(">=", 55, "%", 2035), (">=", 2000, "ha", 2030),
                                       (">=", 15, "%", None)]


# --- A level equal to a year's names a base, not a deadline (round 16, 36-NQ/TW page) ---------

def test_a_level_equal_to_a_years_is_no_deadline(read):
    """"… bằng mức năm 2015" (at the level of 2015) names the year whose level is the bar: the
    share before it in its sentence takes its heading's year (2030), not 2015; a year printed
    as a deadline ("đến năm 2028") still dates its number."""
    text = ("2. Mục tiêu cụ thể đến năm 2030\n"
            "- Diện tích đất ngập nước được bảo vệ đạt tối thiểu 12% diện tích tự nhiên; "
            "khôi phục đàn chim di cư tối thiểu bằng mức năm 2015.\n"
            "- Tỷ lệ đất ngập nước được kiểm kê đạt 90% đến năm 2028.\n")
    assert target_rows(read(text)) == [(">=", 12, "%", 2030), (">=", 90, "%", 2028)]


# --- A report's layout: its title before its body, its subheadings' years (round 16, 72-NQ/TW) -

REPORT = ("Ủy ban nhân dân tỉnh đã ban hành Kế hoạch phát triển du lịch nông thôn.\n"
          "Du lịch gắn với bản sắc của từng địa phương\n"
          "Kế hoạch nêu rõ, du lịch nông thôn là sinh kế quan trọng của người dân.\n"
          "Đến năm 2030, du lịch nông thôn trở thành ngành kinh tế quan trọng của tỉnh\n"
          "Tỷ lệ hộ làm du lịch cộng đồng đạt 30%. Đến năm 2028, có ít nhất 500 cơ sở "
          "lưu trú đạt chuẩn.\n"
          "Nâng cao chất lượng nguồn nhân lực du lịch\n"
          "Cụ thể, đào tạo nghề du lịch cho lao động nông thôn trong giai đoạn 2026 - 2030.\n"
          "Mỗi huyện có ít nhất 1 trung tâm thông tin du lịch.\n")


def test_a_reports_subheading_dates_its_section_and_its_body_has_no_title(read):
    """In a report with no numbered heading, a subheading opening with "Đến năm 2030, …" dates
    its section's targets that print no year (the 30 %), a year printed wins (2028), and the
    next subheading ends it; a period printed in a sentence of the body ("trong giai đoạn 2026
    - 2030.", after the lead's first sentence) is no title: the last count keeps no year."""
    assert target_rows(read(REPORT)) == [(">=", 30, "%", 2030), (">=", 500, "count", 2028),
                                         (">=", 1, "count", None)]


# --- A section's lead dates its items (round 24: 627/TB-VPCP) --------------------------------

def test_a_sections_lead_dates_its_items(read):
    """A paragraph right after an undated heading, printing a year and ending with ":" ("Từ
    nay đến hết năm 2026 …, yêu cầu các sở:"), leads every item of the section, numbered
    ones too; its year ends with the section."""
    text = ("I. NHIỆM VỤ TRỌNG TÂM\nThời gian còn lại đến hết năm 2026 không nhiều; do vậy, "
            "yêu cầu các sở, ngành:\n1. Đối với dự án cấp nước\na) Tiến độ còn chậm.\n"
            "Phấn đấu khối lượng mỗi quý đạt tối thiểu 25%.\n2. Đối với xử lý rác\n"
            "a) Phấn đấu tỷ lệ rác được xử lý đạt 90%.\nII. CÁC NỘI DUNG KHÁC\n"
            "1. Phấn đấu tỷ lệ hộ dùng điện đạt 99%.")
    assert target_rows(read(text)) == [(">=", 25, "%", 2026), (">=", 90, "%", 2026),
                                       (">=", 99, "%", None)]


@pytest.mark.parametrize("lead", [
    # no colon: a paragraph of its own, no lead
    "Thời gian còn lại đến hết năm 2026 không nhiều.",
    # a colon but no year
    "Do vậy, yêu cầu các sở, ngành:",
])
def test_a_paragraph_that_leads_nothing_dates_nothing(read, lead):
    text = (f"I. NHIỆM VỤ TRỌNG TÂM\n{lead}\n1. Đối với xử lý rác\n"
            "a) Phấn đấu tỷ lệ rác được xử lý đạt 90%.")
    assert target_rows(read(text)) == [(">=", 90, "%", None)]


def test_rules_loader_checks_the_section_leads(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d.update(section_lead=[":"]))
    assert str(bad) in error and "section_lead" in error


# --- run-in items (round 27: the notice 624/TB-VPCP, no longer unseen) ---------------------
# A year printed in an earlier bracketed item of a sentence is that item's deadline: it does
# not date a number of a later item ("(1) …, hoàn thành trong tháng 10 năm 2026; (2) … (ii)
# … 100% …"); a year of the number's own item still does.
@pytest.mark.parametrize(("text", "expected"), [
    ("3. Đẩy mạnh chuyển đổi số: (1) Các sở ban hành quy trình nội bộ, hoàn thành trong "
     "tháng 10 năm 2026; (2) các xã tập trung: (i) Rà soát quy trình; (ii) Hoàn thành mục "
     "tiêu 100% hồ sơ được số hóa.", [(">=", 100, "%", None)]),
])
def test_a_year_of_an_earlier_run_in_item_dates_no_later_item(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the year is in the number's own item, before its nested items
    ("3. Đẩy mạnh chuyển đổi số: (1) Rà soát quy trình; (2) đến năm 2027, các xã tập trung: "
     "(i) Rà soát quy trình; (ii) Hoàn thành mục tiêu 100% hồ sơ được số hóa.",
     [(">=", 100, "%", 2027)]),
    # no run-in items ("(a)" is no mark of theirs): the sentence's year dates it
    ("3. Đẩy mạnh chuyển đổi số: (a) Các sở hoàn thành trong năm 2026; (b) các xã phấn đấu "
     "90% hồ sơ được số hóa.", [(">=", 90, "%", 2026)]),
    ("3. Đẩy mạnh chuyển đổi số: các sở hoàn thành quy trình trong năm 2026, phấn đấu 100% "
     "hồ sơ được số hóa.", [(">=", 100, "%", 2026)]),
])
def test_a_year_of_the_numbers_own_item_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_rules_loader_checks_the_run_in_items(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d.update(run_in_items=["bracket"]))
    assert str(bad) in error and "run_in_items" in error


# --- An annex's title dates the annex (round 29: Đồng Nai 2816/QĐ-UBND, no longer unseen) -----

ANNEX = ("PHỤ LỤC\n{title}\n"
         "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh)\n"
         "I. LĨNH VỰC NHÀ Ở\n1. Thủ tục cấp giấy phép\n"
         "Giảm thời gian giải quyết từ 15 ngày làm việc xuống còn 12 ngày làm việc.\n"
         "II. LĨNH VỰC QUY HOẠCH\n"
         "1. Giảm thời gian giải quyết từ 20 ngày làm việc xuống còn 15 ngày làm việc.\n"
         "2. Phấn đấu đến năm 2027 giảm thời gian giải quyết từ 15 ngày làm việc xuống còn 10 "
         "ngày làm việc.")


def test_an_annex_titles_year_dates_the_whole_annex(read):
    """The year of the title under "PHỤ LỤC" holds past the annex's own headings ("I.",
    "II."); a year the line prints wins."""
    text = ANNEX.format(title="PHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH NĂM 2026")
    assert target_rows(read(text)) == [("<=", 12, "days", 2026), ("<=", 15, "days", 2026),
                                       ("<=", 10, "days", 2027)]


@pytest.mark.parametrize(("text", "expected"), [
    # a title with no year: the annex's year of issue in brackets dates nothing
    (ANNEX.format(title="DANH MỤC THỦ TỤC HÀNH CHÍNH"),
     [("<=", 12, "days", None), ("<=", 15, "days", None), ("<=", 10, "days", 2027)]),
    # a next annex ends the year of the one before
    ("Phụ lục\nDanh mục phương án đơn giản hóa năm 2026\nPhụ lục\nDanh mục thủ tục khác\n"
     "1. Giảm thời gian giải quyết từ 15 ngày làm việc xuống còn 12 ngày làm việc.",
     [("<=", 12, "days", None)]),
])
def test_an_annex_without_a_year_is_left_alone(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_year_in_an_estimates_equation_dates_nothing(read):
    """The year of the income an hour is priced at, in brackets with "=", is no deadline."""
    text = ("1. Giảm được 02 ngày làm việc giải quyết hồ sơ (01 giờ làm việc = 40.000 đồng theo "
            "thu nhập bình quân năm 2024).")
    assert target_rows(read(text)) == [("<=", -2, "days", None)]


def test_rules_loader_checks_the_annex_titles(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d.update(annex_titles="phụ lục"))
    assert str(bad) in error and "annex_titles" in error
