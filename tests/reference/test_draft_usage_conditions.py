"""Rules of Vietnamese usage added after the one-shot run on Đồng Nai 179/KH-UBND (seventh
round, therefore no longer unseen): a heading's count of the items it lists ("(6 mục tiêu)",
"gồm 5 nhiệm vụ") is no target (counts.item_leads, counts.items); a bounded measure in the
words of a share whose value follows in its clause ("tỷ lệ người dân trên 15 tuổi … đạt 80%")
bounds who the share counts, no target (bounded_measures); a multiple of a named measure
("gấp 30 lần GRDP") is a level to reach, while a factor with a change verb or no named measure
("tăng gấp 2 lần số doanh nghiệp") stays a factor on an unprinted base (multiples.measures,
multiples.level_factors). Each rule is shown on a tiny made-up text, with the case it must
leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows


def _reasons(draft) -> list[str | None]:
    frame = draft.quantities.astype(object).where(draft.quantities.notna(), None)
    return list(frame["reason"])


# --- A heading's count of its items ------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("II. MỤC TIÊU ĐẾN NĂM 2030\n1. Mục tiêu về môi trường (4 chỉ tiêu)\n"
     "- Tỷ lệ chất thải rắn sinh hoạt được thu gom đạt 95%.",
     [(">=", 95, "%", 2030)]),
    # a goal word before the count ("với các mục tiêu") makes it no target either
    ("2. Phát triển nông nghiệp đến năm 2030 với các mục tiêu (8 mục tiêu)\n"
     "(1) Tỷ lệ diện tích canh tác hữu cơ đạt 10%;",
     [(">=", 10, "%", 2030)]),
    ("Để đạt mục tiêu đến năm 2030, kế hoạch gồm 5 nhiệm vụ trọng tâm và 3 nhóm giải pháp.",
     []),
])
def test_a_headings_count_of_its_items_is_no_target(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the number of a text's indicators or targets, no lead word, after a goal word: no target
    ("Mục tiêu của Đề án đến năm 2030 ra sao? 05 Chỉ tiêu giám sát kế hoạch là gì?", []),
    ("Phấn đấu đến năm 2030 thực hiện 12 mục tiêu về nông thôn mới.", []),
    # a bound word makes it a count to reach; tasks to complete are counted as before
    ("Phấn đấu đến năm 2030 đạt ít nhất 12 chỉ tiêu xã nông thôn mới kiểu mẫu.",
     [(">=", 12, "count", 2030)]),
    ("Phấn đấu đến năm 2030 hoàn thành 20 nhiệm vụ khoa học và công nghệ.",
     [(">=", 20, "count", 2030)]),
])
def test_the_number_of_a_texts_own_indicators_is_no_target(read, text, expected):
    assert target_rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a question ends its sentence before a digit: the goal word of the first question does
    # not reach the number opening the second
    ("Mục tiêu của Kế hoạch đến năm 2030 là gì? 05 xã nào được chọn làm điểm?", []),
    # a full stop before a digit ends no sentence (a numbered item, an abbreviation): the
    # year before it still dates the number after it
    ("Đến năm 2030 tỷ lệ thu gom đạt 95%. 100% xã có điểm tập kết rác.",
     [(">=", 95, "%", 2030), (">=", 100, "%", 2030)]),
])
def test_a_question_ends_its_sentence_before_a_digit(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_count_of_items_keeps_its_reason(read):
    reasons = _reasons(read("b) Mục tiêu về xã hội đến năm 2030 (6 mục tiêu)"))
    assert reasons[-1].startswith("a count of the items listed (after '(', before 'mục tiêu')")


@pytest.mark.parametrize(("text", "expected"), [
    # a count to reach after a bound word: a target, the noun an item word or not
    ("Đến năm 2030 hoàn thành ít nhất 5 nhiệm vụ khoa học cấp tỉnh.",
     [(">=", 5, "count", 2030)]),
    # a number in brackets that counts no item of the text: read as before
    ("Đến năm 2030 xây dựng (ít nhất 3 trạm quan trắc).", [(">=", 3, "count", 2030)]),
])
def test_counts_to_reach_stay_targets(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A bound on who a share counts -------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, tỷ lệ lao động trên 35 tuổi được đào tạo lại đạt 40%.",
     [(">=", 40, "%", 2030)]),
    ("Đến năm 2030, tỷ lệ trẻ em dưới 5 tuổi được tiêm chủng đầy đủ đạt trên 98%.",
     [(">", 98, "%", 2030)]),
    ("Đến năm 2028, tỷ lệ hộ kinh doanh hoạt động trên 3 năm có sổ sách kế toán đạt 60%.",
     [(">=", 60, "%", 2028)]),
])
def test_a_bound_on_who_a_share_counts_is_no_target(read, text, expected):
    assert target_rows(read(text)) == expected


def test_a_bound_on_a_shares_members_keeps_its_reason(read):
    reasons = _reasons(read("Đến năm 2030, tỷ lệ người dân trên 60 tuổi có thẻ bảo hiểm y tế "
                            "đạt 100%."))
    assert reasons[0].startswith("a bound on who the share counts (after 'tỷ lệ')")
    assert reasons[1] is None


@pytest.mark.parametrize(("text", "expected"), [
    # a bounded measure that is the target, beside a share in another clause
    ("Đến năm 2030, tuổi thọ trung bình đạt trên 76 tuổi; tỷ lệ bao phủ bảo hiểm y tế đạt 95%.",
     [(">", 76, "years of age", 2030), (">=", 95, "%", 2030)]),
    # a share's value between the share word and the measure: the measure is its own target
    ("Đến năm 2030, tỷ lệ bao phủ bảo hiểm y tế đạt 95%, tuổi thọ trung bình đạt 76 tuổi.",
     [(">=", 95, "%", 2030), (">=", 76, "years of age", 2030)]),
    # a measure in a share's words with no share value after it in its clause
    ("Đến năm 2030, số năm sống khỏe của người dân đạt tối thiểu 68 năm.",
     [(">=", 68, "years", 2030)]),
])
def test_measures_to_reach_stay_targets(read, text, expected):
    assert target_rows(read(text)) == expected


# --- A multiple of a named measure -------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, giá trị giao dịch thương mại điện tử gấp 3 lần GRDP.",
     [(">=", 3, "times", 2030)]),
    ("Đến năm 2030, thu nhập bình quân đầu người của huyện gấp 1,2 lần mức trung bình cả nước.",
     [(">=", 1.2, "times", 2030)]),
    # "gấp khoảng": about, '>=' with its tolerance
    ("Đến năm 2030, tổng vốn huy động gấp khoảng 2 lần GDP.", [(">=", 2, "times", 2030)]),
])
def test_a_multiple_of_a_named_measure_is_a_level(read, text, expected):
    draft = read(text)
    assert target_rows(draft) == expected
    assert bool(draft.targets["tolerance"].iloc[0]) == ("khoảng" in text)


@pytest.mark.parametrize("text", [
    # a change verb before the factor: the measure is what grows, from an unprinted base
    "Đến năm 2030 tăng gấp 2 lần GRDP bình quân đầu người.",
    # no named measure after the multiple: a factor on an unprinted base
    "Đến năm 2030 số hợp tác xã gấp 2 lần số hiện nay.",
])
def test_a_factor_with_a_change_verb_or_no_named_measure_stays_a_factor(read, text):
    assert target_rows(read(text)) == []
    assert any(r and r.startswith("a factor on its base") for r in _reasons(read(text)))


# --- The rules file ----------------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["counts"].update(item_colour=["x"]), "counts.item_colour"),
    (lambda d: d["counts"].update(items="mục tiêu"), "counts.items"),
    (lambda d: d["multiples"].update(named=["GDP"]), "multiples.named"),
    (lambda d: d["multiples"].update(level_factors=["nhân"]), "level_factors"),
    (lambda d: d.update(item_counts=["mục tiêu"]), "item_counts"),
])
def test_rules_loader_checks_the_item_and_multiple_rules(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error
