"""Rules of Vietnamese usage on a quantity's form, added after the one-shot run on Hồ Chí Minh
174/KH-UBND (which is therefore no longer unseen): a rate per a denominator ("12/1.000 trẻ
đẻ sống", rates) is one value whose unit is the text's own and whose denominator is no
target; "từ N … xuống M" starts a change at N and sets the level M, lowered to (starting_levels;
the to-level word keeps the change's direction); "N lần" is a number of times (multiples);
and a small count spelled in words after a bound word ("ít nhất hai bệnh viện") is a count,
unless it is one of a set ("một trong các", count_words). Each rule is shown on a tiny text
of its own (not the fixture it was found in), with the case it must leave alone."""

from __future__ import annotations

import pytest

from tests.reference.conftest import rules_error


def _rows(draft) -> list[tuple]:
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.comparator, r.value if r.comparator != "range" else (r.low, r.high), r.unit,
             r.target_year) for r in frame.itertuples()]


def _reasons(draft) -> list[str | None]:
    frame = draft.quantities.astype(object).where(draft.quantities.notna(), None)
    return list(frame["reason"])


# --- A rate per a denominator -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a bare numerator: the unit opens with the mark
    ("Đến năm 2030 tỷ lệ tử vong trẻ em dưới 12/1.000 trẻ đẻ sống.",
     [("<", 12, "/1.000 trẻ đẻ sống", 2030)]),
    # the noun it counts before the mark, and a denominator spelled as a word ("vạn")
    ("Đạt 30 giường bệnh/vạn dân vào năm 2030.", [(">=", 30, "giường bệnh/vạn dân", 2030)]),
    # two rates in one sentence, each its own piece; the noun it is per ends at "và"
    ("Đến năm 2030 tỷ số giới tính khi sinh dưới 110 bé trai/100 bé gái và tỷ suất chết "
     "dưới 5/1.000 dân.",
     [("<", 110, "bé trai/100 bé gái", 2030), ("<", 5, "/1.000 dân", 2030)]),
])
def test_a_rate_is_one_value_in_the_texts_own_unit(read, text, expected):
    draft = read(text)
    assert _rows(draft) == expected
    assert len(draft.quantities) == len(expected)          # no row for a denominator


def test_a_date_is_no_rate(read):
    """Only powers of ten are denominators, and a number must follow the mark: "10/10" (a
    day) and "15/11/2025" stay references."""
    draft = read("Đến năm 2030 tổ chức hội nghị vào ngày 10/10 và ngày 15/11/2025.")
    assert _rows(draft) == []
    assert all(r.startswith("a reference") for r in _reasons(draft))


def test_a_rates_noun_stops_at_a_year_form(read):
    draft = read("Tỷ lệ tử vong dưới 20/100.000 trẻ đẻ sống vào năm 2030.")
    assert _rows(draft) == [("<", 20, "/100.000 trẻ đẻ sống", 2030)]


@pytest.mark.parametrize(("text", "expected"), [
    # one denominator said once for two numerators, "1 vạn" after the mark
    ("Đến năm 2030 đạt 12 dược sĩ và 35 giường bệnh/1 vạn dân.",
     [(">=", 12, "dược sĩ/1 vạn dân", 2030), (">=", 35, "giường bệnh/1 vạn dân", 2030)]),
    # a list of them, joined by a comma and "và", a denominator of digits
    ("Đến năm 2030 có 8 bác sĩ, 3 điều dưỡng và 25 giường bệnh/10.000 dân.",
     [(">=", 8, "bác sĩ/10.000 dân", 2030), (">=", 3, "điều dưỡng/10.000 dân", 2030),
      (">=", 25, "giường bệnh/10.000 dân", 2030)]),
])
def test_numerators_joined_before_one_denominator_share_it(read, text, expected):
    assert _rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a unit after the join, no rate: the count before it stays unread
    ("Đến năm 2030 thu hút 12 dự án và 35 triệu USD/năm.",
     [(">=", 35, "million USD/year", 2030)]),
    # the count is not joined to the rate by a list word
    ("Đến năm 2030 xây mới 12 trạm y tế để đạt 35 giường bệnh/1 vạn dân.",
     [(">=", 35, "giường bệnh/1 vạn dân", 2030)]),
])
def test_a_count_before_no_shared_rate_is_left_alone(read, text, expected):
    draft = read(text)
    assert _rows(draft) == expected
    assert _reasons(draft)[0] == "a number with no unit"


def test_rules_loader_checks_the_shared_joins(tmp_path):
    bad, error = rules_error(tmp_path, lambda d: d["rates"].update(shared_joins="và"))
    assert str(bad) in error and "shared_joins" in error


# --- A change from a starting level to a level ------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "từ N xuống M": N is where the cut starts, M the level, lowered to: '<=' M
    ("Giảm tỷ lệ hộ nghèo từ 5% xuống 3% vào năm 2030.", [("<=", 3, "%", 2030)]),
    ("Tỷ suất chết giảm từ 20 ca/1.000 dân xuống 15 ca/1.000 dân vào năm 2030.",
     [("<=", 15, "ca/1.000 dân", 2030)]),
    # raised to: '>=' M
    ("Tăng tỷ lệ che phủ rừng từ 40% lên 45% vào năm 2030.", [(">=", 45, "%", 2030)]),
    # a strict bound after the to-level word is read as printed
    ("Giảm tỷ lệ lao động nông nghiệp từ 40% xuống dưới 30% vào năm 2030.",
     [("<", 30, "%", 2030)]),
    # "từ … đến" is a range, not a start and a level
    ("Đến năm 2030 tỷ lệ đô thị hóa từ 40% đến 45%.", [("range", (40, 45), "%", 2030)]),
])
def test_from_a_starting_level_to_a_level(read, text, expected):
    assert _rows(read(text)) == expected


def test_the_starting_level_keeps_its_reason(read):
    draft = read("Giảm tỷ lệ hộ nghèo từ 5% xuống 3% vào năm 2030.")
    assert "starts from" in _reasons(draft)[0] and _reasons(draft)[1] is None


# --- A number of times ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a ratio lowered to 2.5 times ("còn" is a to-level word)
    ("Giảm chênh lệch thu nhập giữa hai nhóm còn 2,5 lần vào năm 2030.",
     [("<=", 2.5, "times", 2030)]),
    # with a per-year word, a frequency: a count a year
    ("Đến năm 2030 mỗi năm khám sức khỏe ít nhất 2 lần.", [(">=", 2, "count/year", 2030)]),
    # a factor on a base the text does not print ("gấp"): no target
    ("Đến năm 2030 tăng gấp 3 lần số doanh nghiệp.", []),
])
def test_a_number_of_times(read, text, expected):
    assert _rows(read(text)) == expected


def test_a_factor_keeps_its_reason(read):
    assert "a factor on its base" in _reasons(read("Đến năm 2030 tăng gấp 3 lần số xã."))[0]


# --- A count spelled in words -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Có ít nhất hai bệnh viện đạt chuẩn vào năm 2030.", [(">=", 2, "count", 2030)]),
    ("Đến năm 2030 tối thiểu một trạm quan trắc được lắp đặt.", [(">=", 1, "count", 2030)]),
    # one of a set: what the share counts, not a target of its own
    ("Đến năm 2030 đạt 70% hộ được dùng ít nhất một trong các dịch vụ cơ bản.",
     [(">=", 70, "%", 2030)]),
    ("Đến năm 2030 đạt 60% xã có ít nhất hai trong số các mô hình.", [(">=", 60, "%", 2030)]),
    # "một số" (some), "một lần" (once): no count
    ("Đến năm 2030 có ít nhất một số mô hình điểm.", []),
    # a count inside a share is what each member must have (as for digits)
    ("Đến năm 2030 100% xã có ít nhất một cán bộ phụ trách.", [(">=", 100, "%", 2030)]),
    # no bound word: a word "một" is no count
    ("Đến năm 2030 xây dựng một bệnh viện.", []),
])
def test_a_count_spelled_in_words(read, text, expected):
    assert _rows(read(text)) == expected


def test_one_of_a_set_keeps_its_reason(read):
    draft = read("Đến năm 2030 đạt 70% hộ được dùng ít nhất một trong các dịch vụ cơ bản.")
    assert _reasons(draft)[0] is None and "one of a set" in _reasons(draft)[1]
    assert draft.quantities["number_word"].tolist() == [False, True]


# --- How the scoring's unit families take these units -----------------------------------------

def test_rates_and_multiples_are_of_the_count_family(rules):
    """A rate's unit (the text's own words) and a number of times fall in the `count` family
    (unit_families: neither a share nor a unit of `units`), as a key's spelling of them does:
    they match each other, and never a share or a physical measure."""
    assert {rules.unit_family(u) for u in ("ca/1.000 dân", "/100.000 trẻ đẻ sống",
                                           "bé trai/100 bé gái", "times", "lần")} == {"count"}
    assert rules.unit_family("%") == "percent" and rules.unit_family("ha") == "physical"


# --- The rules file ---------------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["rates"].update(colour="x"), "rates.colour"),
    (lambda d: d["count_words"].update(colour="x"), "count_words.colour"),
    (lambda d: d["starting_levels"].update(colour="x"), "starting_levels.colour"),
    (lambda d: d["multiples"].update(colour="x"), "multiples.colour"),
    (lambda d: d["rates"].update(numerator_words=40), "rates.numerator_words"),
    (lambda d: d["count_words"].update(words={"một": "one"}), "count_words.words"),
])
def test_rules_loader_checks_the_usage_rules(tmp_path, edit, message):
    bad, error = rules_error(tmp_path, edit)
    assert str(bad) in error and message in error


# --- A change in points of a share (round 13, 244/2025/QH15 summary) ---------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2027, tỷ lệ lao động phi chính thức giảm 2 - 3 điểm %.",
     [("range", (-3, -2), "percentage points", 2027)]),
    ("Đến năm 2027, tỷ lệ trẻ em suy dinh dưỡng giảm 0,5 điểm phần trăm.",
     [("<=", -0.5, "percentage points", 2027)]),
    # a percent change stays one
    ("Đến năm 2027, tỷ lệ trẻ em suy dinh dưỡng giảm 0,5%.", [("<=", -0.5, "%", 2027)]),
])
def test_points_of_a_share_are_a_unit_of_their_own(read, text, expected):
    assert _rows(read(text)) == expected


def test_points_are_of_the_shares_family_and_their_entry_says_so(read, rules, codebook):
    from ggutils.reference.draft import draft_entries
    draft = read("Đến năm 2027, tỷ lệ trẻ em suy dinh dưỡng giảm 0,5 điểm phần trăm.")
    assert rules.unit_family("percentage points") == "percent"
    [entry] = draft_entries(draft, "x", codebook)
    assert entry["unit"] == "percentage points" and "not a percent change" in entry["note"]


# --- A rate named before its value (round 13, 244/2025/QH15 summary) ---------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2027, số dược sĩ trên 1 vạn dân đạt 3,5 dược sĩ.",
     [(">=", 3.5, "dược sĩ/1 vạn dân", 2027)]),
    ("Đến năm 2027, số thuê bao băng rộng trên 100 dân đạt khoảng 40 thuê bao.",
     [(">=", 40, "thuê bao băng rộng/100 dân", 2027)]),
    # "trên" with no rate's name before it is "over": no rate, the share is the target
    ("Đến năm 2027, tỷ lệ xã có trên 1 vạn dân có trạm y tế đạt chuẩn đạt 90%.",
     [(">=", 90, "%", 2027)]),
])
def test_a_rate_named_before_its_value(read, text, expected):
    assert _rows(read(text)) == expected


# --- A factor measured from a base year (round 13, 219-KL/TW page) -----------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, thu nhập bình quân đầu người của hộ đồng bào dân tộc thiểu số tăng gấp "
     "2 - 2,5 lần so với năm 2025.", [("range", (2, 2.5), "times", 2030)]),
    ("Đến năm 2030, giá trị sản phẩm OCOP tăng gấp 3 lần so với năm 2024.",
     [(">=", 3, "times", 2030)]),
    # no base year: a factor on an unprinted base, as before
    ("Đến năm 2030, tăng gấp 3 lần số sản phẩm OCOP.", []),
])
def test_a_factor_of_a_base_years_level(read, text, expected):
    draft = read(text)
    assert _rows(draft) == expected
    assert all(draft.targets["base_year"].notna())


# --- A rate with its per word after its value (round 14, 57-NQ/TW page) ------------------------

@pytest.mark.parametrize(("text", "expected", "numbers"), [
    # "trên" between the noun counted and a denominator is "per", as "/" is; the denominator
    # is no number of its own (one row)
    ("Đến năm 2030, số kỹ sư đạt 25 kỹ sư trên một vạn dân.",
     [(">=", 25, "kỹ sư trên một vạn dân", 2030)], 1),
    ("Đến năm 2030, mật độ bác sĩ đạt 19 bác sĩ trên 10.000 dân.",
     [(">=", 19, "bác sĩ trên 10.000 dân", 2030)], 1),
    # a denominator that opens a unit of money is the bound's number ("trên" there is "over")
    ("Đến năm 2030, có 12 dự án trên 100 tỷ đồng.", [(">", 100, "billion VND", 2030)], 2),
])
def test_a_rate_per_a_denominator_in_words(read, text, expected, numbers):
    draft = read(text)
    assert _rows(draft) == expected
    assert len(draft.quantities) == numbers
