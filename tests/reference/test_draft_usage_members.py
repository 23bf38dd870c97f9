"""Rules of Vietnamese usage added after the one-shot run on 982/QĐ-TTg (eleventh round,
therefore no longer unseen): money a year ("55 tỷ USD/năm") is a yearly flow, a unit that
keeps the text's "/năm" and is of the family of the key's "tỷ USD/năm" (units); a measure
said of the members of a count ("60 doanh nghiệp … có doanh thu … đạt 20 triệu USD/năm",
"25 thương vụ …, với giá trị mỗi thương vụ từ 01 triệu USD trở lên") is the bar each must
clear to be counted, a condition, and the count is the target (counted_members). Each rule
is shown on a tiny made-up text, with the cases it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error
from tests.reference.drafts import target_rows

# --- Money a year ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, kim ngạch xuất khẩu phần mềm đạt tối thiểu 12 tỷ USD/năm.",
     [(">=", 12, "billion USD/year", 2030)]),
    ("Đến năm 2030, doanh thu dịch vụ logistics đạt 800 triệu USD mỗi năm.",
     [(">=", 800, "million USD/year", 2030)]),
    # left alone: money with no "/năm" keeps its unit
    ("Đến năm 2030, kim ngạch xuất khẩu phần mềm đạt 12 tỷ USD.",
     [(">=", 12, "billion USD", 2030)]),
])
def test_money_a_year_keeps_its_year(read, text, expected):
    assert target_rows(read(text)) == expected


def test_money_a_year_as_a_key_spells_it_is_of_the_drafts_family(rules):
    assert rules.unit_family("tỷ USD/năm") == rules.unit_family("billion USD/year") == "physical"
    assert rules.unit_family("triệu USD/năm") == rules.unit_family("million USD/year")
    assert rules.unit_family("billion USD/year") == rules.unit_family("billion USD")


def test_money_a_year_allocated_is_a_means(read):
    draft = read("Năm 2027, bố trí 2 triệu USD/năm kinh phí cho hoạt động xúc tiến.")
    assert target_rows(draft) == []


# --- The bar the members of a count must clear ------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "có" after the count's noun, in its piece: the money says which firms are counted
    ("Đến năm 2030, phấn đấu có 40 hợp tác xã có doanh thu đạt trên 5 tỷ đồng.",
     [(">=", 40, "count", 2030)]),
    ("Đến năm 2030, có ít nhất 12 doanh nghiệp chế biến có kim ngạch xuất khẩu đạt tối thiểu "
     "50 triệu USD.", [(">=", 12, "count", 2030)]),
    ("Đến năm 2030, có ít nhất 20 xã có tỷ lệ hộ nghèo dưới 2%.", [(">=", 20, "count", 2030)]),
    # "mỗi" and the count's noun, after a comma: the value of each deal
    ("Đến năm 2030, thực hiện tối thiểu 15 dự án hợp tác quốc tế, với quy mô mỗi dự án từ 2 "
     "triệu USD trở lên.", [(">=", 15, "count", 2030)]),
])
def test_a_measure_of_the_members_counted_is_their_bar(read, text, expected):
    draft = read(text)
    assert target_rows(draft) == expected
    reasons = [r for r in draft.quantities["reason"].dropna() if r.startswith("the bar")]
    assert len(reasons) == 1


def test_the_bar_may_be_money_a_year(read):
    """The count is the target whatever the bar's unit; the bar's "/năm" is its unit's, so
    the count stays a count (not a count a year: round 12, test_draft_usage_owners)."""
    draft = read("Đến năm 2030, phấn đấu có 40 hợp tác xã có doanh thu đạt trên 2 triệu "
                 "USD/năm.")
    assert target_rows(draft) == [(">=", 40, "count", 2030)]


@pytest.mark.parametrize(("text", "expected"), [
    # after a comma, with no "mỗi": the measure of all, a target of its own
    ("Đến năm 2030, có ít nhất 300 doanh nghiệp có hoạt động xuất khẩu, kim ngạch xuất khẩu "
     "đạt tối thiểu 2 tỷ USD.",
     [(">=", 300, "count", 2030), (">=", 2, "billion USD", 2030)]),
    # a sum of the members ("tổng"): a target
    ("Đến năm 2030, hoàn thành 5 nhà máy điện mặt trời có tổng công suất 500 MW.",
     [(">=", 5, "count", 2030), (">=", 500, "MW", 2030)]),
    # an average per member ("bình quân mỗi"): a target
    ("Đến năm 2030, phấn đấu có 60 hợp tác xã, doanh thu bình quân mỗi hợp tác xã đạt 3 tỷ "
     "đồng.", [(">=", 60, "count", 2030), (">=", 3, "billion VND", 2030)]),
    # "mỗi" with another noun than the count's: a target
    ("Đến năm 2030, có ít nhất 10 khu công nghiệp xanh, mỗi năm thu hút vốn đầu tư đạt 500 "
     "triệu USD.", None),
    # a part of a total ("trong đó có"): the measure is the part's, not a bar
    ("Đến năm 2030, có ít nhất 100 xã đạt chuẩn trong đó có 30% xã đạt chuẩn nâng cao.",
     [(">=", 100, "count", 2030), (">=", 30, "%", 2030)]),
    # no count before the measure: a target
    ("Đến năm 2030, các doanh nghiệp có doanh thu xuất khẩu đạt 20 triệu USD.",
     [(">=", 20, "million USD", 2030)]),
])
def test_a_measure_that_is_no_bar_of_a_count_is_left_alone(read, text, expected):
    draft = read(text)
    assert not any(str(r).startswith("the bar") for r in draft.quantities["reason"])
    if expected is not None:
        assert target_rows(draft) == expected


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["counted_members"].pop("each"), "each"),
    (lambda d: d["counted_members"].update(relatives=[]), "relatives"),
    (lambda d: d["counted_members"].update(mine=["x"]), "mine"),
])
def test_rules_loader_checks_the_members_rule(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error
