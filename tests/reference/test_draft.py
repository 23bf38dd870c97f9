"""The drafter (`ggutils new-plan SLUG --from TEXT`, issue 25): its rules file, its reading of
numbers, ranges, units, years and enumerations, draft targets in the catalog schema, and its
recall and precision against the hand-made catalogs of both provincial decisions and against
held-out quotes it was never tuned on."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from ggutils.cli import main
from ggutils.errors import CatalogError
from ggutils.project import load_reference
from ggutils.reference.catalogs import default_reading, load_catalog
from ggutils.reference.draft import draft_text
from tests.conftest import DATA
from tests.reference.conftest import rules_error
from tests.reference.scoring import Tally, unit_family
from tests.reference.test_targets import _squash

DECISIONS = DATA / "raw" / "decisions"
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)




# --- The rules file ---------------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "key"), [
    (lambda d: d.update(colours=["red"]), "colours"),
    (lambda d: d["matching"].update(weight=2), "matching.weight"),
    (lambda d: d["units"][0].update(plural="x"), "units.0.plural"),
    (lambda d: d["decision_heading"].update(place="x"), "decision_heading.place"),
    (lambda d: d["unit_families"].update(energy=["x"]), "unit_families.energy"),
])
def test_rules_loader_rejects_an_unknown_key_naming_the_file_and_the_key(tmp_path, edit, key):
    bad, message = rules_error(tmp_path, edit)
    assert str(bad) in message and key in message and "unknown key" in message


def test_rules_loader_rejects_a_date_form_without_its_fields(tmp_path):
    _, message = rules_error(tmp_path, lambda d: d["decision_heading"].update(
        date=["ngày {day} tháng {month}"]))
    assert "decision_heading.date" in message


@pytest.mark.parametrize("section, edit", [
    ("year_forms.0.phrase", lambda d: d["year_forms"][0].update(phrase="từ năm đến năm")),
    ("issue_years.forms.0", lambda d: d["issue_years"]["forms"].insert(0, "ban hành năm")),
    ("standard_periods.forms.0", lambda d: d["standard_periods"]["forms"].insert(0, "theo")),
])
def test_rules_loader_rejects_a_year_phrase_without_its_year(tmp_path, section, edit):
    bad, message = rules_error(tmp_path, edit)
    assert str(bad) in message and section in message and "names no {year}" in message


def test_rules_loader_rejects_a_bad_pattern(tmp_path):
    _, message = rules_error(tmp_path, lambda d: d["headings"][0].update(
        pattern="(no number group)"))
    assert "headings.0.pattern" in message


def test_unit_families_keep_a_share_a_count_and_a_measure_apart(rules):
    """A draft matches a target only in the same unit family (the scoring's key)."""
    families = {unit: rules.unit_family(unit) for unit in
                ("%", "% of GDP", "%/year", "% change", "MW", "ha", "m2/person", "Mt CO₂e",
                 "count", "count/year", "urban areas", "vùng dự án", None)}
    assert families == {"%": "percent", "% of GDP": "percent", "%/year": "percent",
                        "% change": "percent", "MW": "physical", "ha": "physical",
                        "m2/person": "physical", "Mt CO₂e": "physical", "count": "count",
                        "count/year": "count", "urban areas": "count", "vùng dự án": "count",
                        None: "none"}
    assert _key(">=", 100, None, None, 2030, "MW") != _key(">=", 100, None, None, 2030, "%")


# --- Known answers, built by hand --------------------------------------------------------------

def _rows(draft) -> list[tuple]:
    return [(r.comparator, r.value, r.low, r.high, r.unit, r.target_year)
            for r in draft.targets.astype(object).where(draft.targets.notna(), None)
            .itertuples()]


@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2020: 95% chất thải rắn đô thị, 75% chất thải rắn nông thôn được thu gom.",
     [(">=", 95, None, None, "%", 2020), (">=", 75, None, None, "%", 2020)]),
    ("Diện tích cây xanh đô thị đạt 7,8m2 - 8,1m2/người vào năm 2030.",
     [("range", None, 7.8, 8.1, "m2/person", 2030)]),
    ("Giai đoạn 2021–2025, giá trị sản phẩm công nghệ xanh chiếm từ 42% đến 45% GDP.",
     [("range", None, 42, 45, "% of GDP", 2025)]),
    ("Tỷ lệ che phủ rừng năm 2025 không dưới 42,5%.", [(">=", 42.5, None, None, "%", 2025)]),
    ("Tỷ lệ che phủ rừng trên 50%.", [(">", 50, None, None, "%", None)]),
    ("Phấn đấu đến năm 2030 tỷ lệ chôn lấp trực tiếp dưới 10%.",
     [("<", 10, None, None, "%", 2030)]),
    ("Đến năm 2030, cường độ phát thải khí nhà kính trên GDP giảm ít nhất 15% so với năm "
     "2014.", [("<=", -15, None, None, "%", 2030)]),
    ("Quyết định số 1393/QĐ-TTg ngày 25/9/2012 về chiến lược đến năm 2020.", []),
])
def test_known_answers(read, text, expected):
    assert _rows(read(text)) == expected


# --- Rules of Vietnamese usage, one sentence each -------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a quality adjective + "hơn" is its comparative ("cleaner"), not "more than" (not_comparators)
    ("Năm 2030 áp dụng công nghệ sạch hơn 50%.", [(">=", 50, None, None, "%", 2030)]),
    # ... while "hơn" before the number still bounds it
    ("Năm 2030 hơn 50% cơ sở áp dụng sản xuất sạch hơn.", [(">", 50, None, None, "%", 2030)]),
])
def test_a_comparative_adjective_is_not_a_bound(read, text, expected):
    assert _rows(read(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a range whose end touches "/" is a range of days (not_quantities.touching)
    ("Đến năm 2030 tổ chức hàng năm Tuần lễ Biển và Hải đảo Việt Nam (01 - 08/6).", []),
    # ... while a range of quantities is read, and a rate per a number is no date
    ("Đến năm 2030 hàng năm có từ 10 - 15 đề tài.",
     [("range", None, 10, 15, "count/year", 2030)]),
    ("Đến năm 2030 tỷ lệ đạt 10 - 15%/năm.", [("range", None, 10, 15, "%/year", 2030)]),
    # "đối tượng 4" names a category, not a count (not_quantities.before)
    ("Đến năm 2030 hàng năm bồi dưỡng cho cán bộ thuộc đối tượng 4.", []),
    # "trên" after another verb is "on" (counts.prepositions) ...
    ("Đến năm 2030 đổi mới trên 4 ngành công nghiệp chính.", []),
    # ... but a bound after a target verb, or opening the sentence
    ("Đến năm 2030 có trên 4 ngành công nghiệp chính.", [(">", 4, None, None, "count", 2030)]),
    ("Trên 40 xã đạt chuẩn đến năm 2030.", [(">", 40, None, None, "count", 2030)]),
    # a named site's capacity is its size (not_quantities.sizes) ...
    ("Đến năm 2030 mời gọi đầu tư Khu vực điện gió Tân Thành với công suất 100 MW.", []),
    # ... a capacity after a common noun or an abbreviation stays a quantity
    ("Đến năm 2030 phát triển điện gió với công suất 100 MW.",
     [(">=", 100, None, None, "MW", 2030)]),
    ("Đến năm 2030 phát triển các KCN với quy mô 300 ha.",
     [(">=", 300, None, None, "ha", 2030)]),
])
def test_numbers_that_are_not_a_targets_quantity(read, text, expected):
    assert _rows(read(text)) == expected


def test_rules_loader_rejects_a_preposition_that_is_no_bound_word(tmp_path):
    _, message = rules_error(tmp_path, lambda d: d["counts"].update(prepositions=["dưới"]))
    assert "counts" in message


def test_a_reduction_below_a_scenario_is_the_reduction_itself(read, codebook):
    """"so với phương án phát triển bình thường" (below_scenario): no base year, so not a signed
    change; the level is the reduction, positive, better higher, in the scenario's unit, and
    the indicator is one of that unit."""
    draft = read("Đến năm 2020 giảm phát thải khí nhà kính trong các hoạt động năng lượng từ "
                 "10 – 20% so với phương án phát triển bình thường.").targets
    assert _rows(SimpleNamespace(targets=draft)) == [("range", None, 10, 20, "% below BAU",
                                                      2020)]
    assert draft.iloc[0]["form"] == "level" and draft.iloc[0]["base_year"] is None
    assert codebook[draft.iloc[0]["indicator"]].unit == "% below BAU"
    since = read("Đến năm 2020 giảm phát thải khí nhà kính 10% so với năm 2010.").targets
    assert _rows(SimpleNamespace(targets=since)) == [("<=", -10, None, None, "%", 2020)]


def test_a_count_needs_a_bound_word(read):
    """A number with no unit is a count only after an explicit bound (counts.after)."""
    assert _rows(read("Đến năm 2050 có ít nhất 45 đô thị phê duyệt đề án.")) == [
        (">=", 45, None, None, "count", 2050)]
    assert _rows(read("Đến năm 2050 có 45 đô thị phê duyệt đề án.")) == []


def test_about_carries_its_tolerance_and_change_its_base_year(read):
    about = read("Năm 2030 tỷ lệ thu gom đạt khoảng 95%.").targets.iloc[0]
    assert (about["comparator"], about["tolerance"], about["tolerance_basis"]) == (
        ">=", 0.05, "relative")
    change = read("Đến năm 2030 giảm cường độ phát thải 15% so với năm 2014.").targets.iloc[0]
    assert (change["form"], change["base_year"], change["value"]) == (
        "change_since_base", 2014, -15)


def test_a_year_comes_from_the_heading_and_is_never_guessed(read):
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2020\n- 80% chất thải y tế được xử lý.\n"
            "III. GIẢI PHÁP\n1. Rừng\n- Nâng độ che phủ rừng lên trên 50%.\n")
    draft = read(text)
    assert list(draft.targets["clause"]) == ["II.2", "III.1"]
    assert list(draft.targets["year_from"]) == ["heading II.2", None]
    bare = read("- Nâng độ che phủ rừng lên trên 50%.").targets.iloc[0]
    assert bare["target_year"] is None and bare["year_from"] is None


def test_a_headings_year_holds_only_within_its_section(read):
    """"2. Mục tiêu cụ thể đến năm 2030" gives its year to its own lines, not to the tasks of
    the next section (nor of its sibling "3."); outside its section only a per-year target
    takes it (per_year_units: due every year of the plan)."""
    text = ("I. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030\n- 90% rác thải được thu gom.\n"
            "3. Tầm nhìn\n- 95% rác thải được thu gom.\n"
            "II. NHIỆM VỤ\n1. Nuôi trồng\n- Có 30% diện tích áp dụng quy trình tiên tiến.\n"
            "- Mỗi năm đưa vào ứng dụng từ 10 đến 15 đề tài.\n")
    targets = read(text).targets
    assert list(targets["target_year"]) == [2030, None, None, 2030]
    assert targets["year_from"].iloc[3].startswith("plan horizon")


def test_a_titles_period_holds_for_the_whole_plan(read):
    text = ("KẾ HOẠCH TĂNG TRƯỞNG XANH THỜI KỲ 2021 - 2030\nI. MỤC TIÊU\n"
            "1. Mục tiêu cụ thể đến năm 2025\n- 90% rác thải được thu gom.\n"
            "II. NHIỆM VỤ\n- Có 30% diện tích áp dụng quy trình tiên tiến.\n")
    assert list(read(text).targets["target_year"]) == [2025, 2030]


def test_a_list_leads_year_holds_for_its_items_until_the_list_ends(read):
    """A sentence ending in ':' (list_leads) gives the year it prints to the bullet items that
    follow, up to the first line that is not one of them."""
    text = ("2. Mục tiêu cụ thể\nĐến hết năm 2030, phấn đấu đạt được những mục tiêu sau:\n"
            "- 100% hộ gia đình được tiếp nhận thông tin.\n"
            "- Về giáo dục:\n+ ít nhất 50% trường học có tài liệu.\n"
            "- 80% người dân được phổ biến kiến thức.\n"
            "Các địa phương bố trí 60% kinh phí.\n"
            "- 70% xã có kế hoạch.\n")
    targets = read(text).targets
    assert list(targets["target_year"]) == [2030, 2030, 2030, None, None]
    assert list(targets["year_from"])[:3] == ["list lead"] * 3


@pytest.mark.parametrize("plan", ["lai-chau", "kon-tum"])
def test_without_the_plan_horizon_a_year_is_only_the_sentences_or_headings(rules, codebook,
                                                                         catalogs, plan):
    """The figures when no target takes the plan's horizon (plan_horizon_fills_year: false):
    a target with no year in its sentence or headings keeps none."""
    strict = rules.model_copy(update={"plan_horizon_fills_year": False})
    catalog = catalogs[plan]
    text = (DECISIONS / catalog.decision.source).read_text(encoding="utf-8")
    full = draft_text(text, rules, default_reading(codebook), codebook).targets
    draft = draft_text(text, strict, default_reading(codebook), codebook).targets
    from_plan = full["year_from"].fillna("").str.startswith("plan horizon")
    assert draft["target_year"].isna().sum() == from_plan.sum()
    found, total, right, drafted = _score(catalog.targets, draft)
    print(f"DRAFT plan={plan} no_plan_horizon recall={found / total:.2f} "
          f"precision={right / drafted:.2f}")
    assert found == _score(catalog.targets, full)[0] - from_plan.sum()


def test_a_five_year_plans_period_is_its_horizon(read):
    """"5 năm 2026-2030" (a five-year plan's period, plan_period) gives the horizon."""
    target = read("Các chỉ tiêu chủ yếu cho 5 năm 2026-2030.\n"
                  "- Tỷ lệ che phủ rừng duy trì mức 42%.").targets.iloc[0]
    assert (target["comparator"], target["value"], target["target_year"]) == ("=", 42, 2030)
    assert target["year_from"].startswith("plan horizon")


def test_unread_sentences_say_why(read):
    draft = read("Đến năm 2020 các cơ sở khai thác phải đảm bảo yêu cầu.\n"
                 "Mỗi xã có 3 điểm thu gom đến năm 2025.\nTỷ lệ đạt 50%.")
    assert list(draft.unread["reason"]) == ["a year but no quantity", "a number with no unit"]


@pytest.mark.parametrize("text", [
    "Đến năm 2030 tỷ lệ đảm nhận của vận tải hành khách công cộng tại các đô thị đặc biệt, "
    "đô thị loại I lần lượt đạt ít nhất 20% và 5%.",
    "Đến năm 2030 tỷ lệ đảm nhận của vận tải hành khách công cộng đạt ít nhất 20% tại các đô "
    "thị đặc biệt và 5% tại đô thị loại I.",
])
def test_each_number_of_a_list_names_its_own_item(read, codebook, text):
    """Several numbers in one piece (list_words): the k-th takes the k-th item of the list
    before them, or the words after it, to tell apart indicators the piece names alike."""
    first, second = read(text).targets["indicator"]
    assert first != second
    assert "đặc biệt" in codebook[first].name_vi and "loại I" in codebook[second].name_vi


@pytest.mark.parametrize(("text", "expected"), [
    ("Đến năm 2030, tốc độ tăng GRDP bình quân đạt 7%/năm.", "grdp_growth_avg"),
    ("Đến năm 2030, tốc độ tăng chỉ số giá tiêu dùng bình quân khoảng 4%/năm.", None),
    ("Đến năm 2030, tốc độ tăng trưởng bình quân của ngành du lịch đạt 12%/năm.", None),
    ("Đến năm 2030, tốc độ tăng tổng sản phẩm trong nước bình quân đạt 8%/năm.", None),
    ("Đến năm 2030, diện tích đất khu công nghiệp đạt 300 ha.", None),
    ("Đến năm 2030, diện tích rừng mới trồng đạt 300 ha.", "forest_area_newly_planted"),
    ("Đến năm 2030, diện tích đất bảo đảm an ninh trật tự đạt 50 ha.", None),
    ("Đến năm 2030, diện tích tự nhiên của tỉnh đạt 900.000 ha.", "land_area_natural"),
])
def test_an_indicator_is_matched_only_with_its_subject(read, text, expected):
    """matching.kind_words: the words of a measure's kind ("tốc độ tăng … bình quân") do not
    match an indicator on their own; its subject ("GRDP", "rừng") must be named, so consumer
    prices, a sector or national GDP are not offered as provincial GRDP growth, nor an
    industrial park's land as the forest area (another definition); a subject of two
    syllables is named by both ("tự nhiên"), not by one in another word ("trật tự")."""
    draft = read(text).targets
    assert list(draft["indicator"]) == [expected]
    assert (draft["suggested_indicator"].notna().all()) == (expected is None)


@pytest.mark.parametrize(("text", "shipped", "without_rule"), [
    ("Đến năm 2030, 60% diện tích rừng được cấp chứng chỉ quản lý rừng bền vững.",
     None, "forest_area"),
    ("Đến năm 2030, có ít nhất 30 cơ sở sản xuất kinh doanh đạt tiêu chuẩn môi trường.",
     None, "establishments_env_standard"),
    ("Đến năm 2030, diện tích rừng đạt ít nhất 50.000 ha.", "forest_area", "forest_area"),
    ("Đến năm 2030, 80% cơ sở sản xuất kinh doanh đạt tiêu chuẩn môi trường.",
     "establishments_env_standard", "establishments_env_standard"),
    ("Đến năm 2030, diện tích rừng tăng 5% so với năm 2020.", "forest_area", "forest_area"),
])
def test_a_share_and_an_amount_are_not_matched_to_each_other(rules, codebook, text, shipped,
                                                              without_rule):
    """matching.separate_families: a level in % (a share of an area) is not a forest area in
    ha, nor a number of establishments the share of them meeting a standard, whatever words
    they share; an amount still matches an amount, a share a share, and a change (in %) its
    indicator whatever that indicator's unit. Without the rule's data, the first two match."""
    reading = default_reading(codebook)
    emptied = rules.model_copy(update={"matching": rules.matching.model_copy(
        update={"separate_families": []})})
    for used, expected in ((rules, shipped), (emptied, without_rule)):
        draft = draft_text(text, used, reading, codebook).targets
        assert list(draft["indicator"]) == [expected]
        assert draft["suggested_indicator"].notna().all() == (expected is None)


# --- The decision's number and date, from its heading ---------------------------------------------

def test_the_number_and_date_come_from_the_heading_not_a_citation(read):
    heading = read("ỦY BAN NHÂN DÂN\nSố: 12/QĐ-UBND\nHà Nội, ngày 5 tháng 3 năm 2020\n"
                   "Căn cứ Quyết định số 1393/QĐ-TTg ngày 25/9/2012;\n").decision
    assert (heading.number, heading.date, heading.number_line, heading.date_line) == (
        "12/QĐ-UBND", dt.date(2020, 3, 5), 2, 3)
    cited = read("Căn cứ Luật ngày 26 tháng 11 năm 2003;\nSố: 12/QĐ-UBND\n").decision
    assert (cited.number, cited.date) == (None, None)
    annexed = read("(Ban hành kèm theo Quyết định số 7/2021/QĐ-UBND, ngày 1/2/2021)").decision
    assert (annexed.number, annexed.date) == ("7/2021/QĐ-UBND", dt.date(2021, 2, 1))
    assert read("Số: 12/QĐ-UBND, ngày 31 tháng 2 năm 2020").decision.date is None


@pytest.mark.parametrize("plan", ["lai-chau", "kon-tum"])
def test_both_decisions_headings_give_their_catalogs_number_and_date(read, catalogs, plan):
    decision = catalogs[plan].decision
    heading = read((DECISIONS / decision.source).read_text(encoding="utf-8")).decision
    assert (heading.number, heading.date) == (decision.number, decision.date)


# --- Draft targets in the catalog schema --------------------------------------------------------

def _catalog(tmp_path, target: dict):
    data = yaml.safe_load((DATA / "targets" / "lai-chau.yml").read_text(encoding="utf-8"))
    data["targets"] = [target]
    path = tmp_path / "lai-chau.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


DRAFT = {"id": "lc-x", "draft": True, "indicator": None, "clause": "III.2",
         "wording_vi": "Nâng độ che phủ rừng lên trên 50%.", "label_en": "TODO",
         "comparator": ">", "value": 50, "unit": "%", "target_year": None}


def test_a_draft_may_lack_indicator_and_year_and_is_never_among_the_judged(tmp_path,
                                                                          codebook, register):
    catalog = load_catalog(_catalog(tmp_path, DRAFT), codebook, register)
    assert catalog.targets == () and [t.id for t in catalog.drafts] == ["lc-x"]


def test_a_draft_names_only_codebook_indicators(tmp_path, codebook, register):
    with pytest.raises(CatalogError, match="unknown indicator 'forest_covr'"):
        load_catalog(_catalog(tmp_path, {**DRAFT, "indicator": "forest_covr"}), codebook,
                     register)


@pytest.mark.parametrize(("field", "omit"), [("indicator", False), ("target_year", False),
                                             ("comparator", True)])
def test_without_draft_every_field_is_required(tmp_path, codebook, register, field, omit):
    reviewed = {**DRAFT, "indicator": "forest_cover", "target_year": 2020, field: None}
    del reviewed["draft"]
    if omit:
        del reviewed[field]
    with pytest.raises(CatalogError) as error:
        load_catalog(_catalog(tmp_path, reviewed), codebook, register)
    assert "lai-chau.yml" in str(error.value) and "lc-x" in str(error.value)
    assert field in str(error.value)


# --- Measured: recall and precision --------------------------------------------------------------

def _key(comparator, value, low, high, year, unit) -> tuple:
    """What a draft must share with a target to find it: comparator, numbers, year and unit
    family (tests/reference/scoring.py)."""
    def number(x):
        return None if x is None or pd.isna(x) else round(float(x), 6)
    return (comparator, number(value), number(low), number(high),
            None if year is None or pd.isna(year) else int(year), unit_family(unit))


def _score(targets, drafts: pd.DataFrame) -> tuple[int, int, int, int]:
    """(found, catalog targets, drafts that are a catalog target, drafts): a target is found
    when a draft has its comparator, value (or low and high), year and unit family."""
    wanted = [_key(t.comparator, t.value, t.low, t.high, t.target_year, t.unit) for t in targets]
    got = [_key(d.comparator, d.value, d.low, d.high, d.target_year, d.unit)
           for d in drafts.itertuples()]
    return (sum(k in got for k in wanted), len(wanted), sum(k in wanted for k in got),
            len(got))


@pytest.mark.parametrize("plan", ["lai-chau", "kon-tum"])
def test_drafts_of_both_decisions_meet_the_goal(read, catalogs, plan):
    catalog = catalogs[plan]
    text = (DECISIONS / catalog.decision.source).read_text(encoding="utf-8")
    draft = read(text)
    found, total, right, drafted = _score(catalog.targets, draft.targets)
    recall, precision = found / total, right / drafted
    named = {(*_key(d.comparator, d.value, d.low, d.high, d.target_year, d.unit), d.indicator)
             for d in draft.targets.itertuples()}
    same = sum((*_key(t.comparator, t.value, t.low, t.high, t.target_year, t.unit), t.indicator)
               in named for t in catalog.targets)
    print(f"DRAFT plan={plan} targets={total} drafts={drafted} found={found} "
          f"recall={recall:.2f} precision={precision:.2f} same_indicator={same}/{total}")
    for piece in draft.targets["piece"]:          # every wording verbatim
        assert _squash(piece) in _squash(text)
    assert recall >= 0.9 and precision >= 0.8 and same / total >= 0.9


def _printed_year(quote: str, year) -> int | None:
    """The target's year where the quote prints it (its four digits), else None."""
    return int(year) if re.search(rf"(?<!\d){int(year)}(?!\d)", quote) else None


def test_held_out_quotes(read, catalogs):
    """The plans read from tables (data/raw/national/national_targets.csv,
    data/raw/targets_2021_2030.csv): each Vietnamese quote drafted, scored against the
    targets that cite it. The four errors of issue 25's first count ("sạch hơn", a reduction
    below BAU, "ít nhất 45 đô thị", and a year's forms) were fixed as general rules after
    reading these quotes, so they are no longer strictly unseen; no threshold is asserted
    here, the figures are printed as they come.

    A quote rarely prints its year (the table gives it in a column), and the drafter never
    guesses one, so four figures are printed:
    - `strict`: the quote alone, the year must match (issue 25's rule: only the quotes that
      print their year can be found);
    - `without_year`: comparator and numbers only;
    - `year_as_printed`: the quote alone, the year wanted is the catalog's where the quote
      prints it and empty where it does not (what "left empty, never guessed" asks of a
      draft);
    - `under_title`: the quote under its decision's title (decision.title_vi), as a reader
      of the decision meets it: a target with no year of its own takes the plan's horizon
      from the title's period, and the year must match."""
    tallies = {name: Tally() for name in ("strict", "without_year", "year_as_printed",
                                          "under_title")}
    same = 0
    for catalog in catalogs.values():
        if not catalog.decision.source_table:
            continue
        quotes: dict[str, list] = {}
        for t in catalog.targets:
            if VIETNAMESE.search(t.quote):
                quotes.setdefault(t.quote, []).append(t)
        for quote, targets in quotes.items():
            drafts = read(quote).targets
            titled = read(f"{catalog.decision.title_vi}\n{quote}").targets
            for name, years, rows in (
                    ("strict", [t.target_year for t in targets], drafts),
                    ("without_year", [None] * len(targets), drafts),
                    ("year_as_printed", [_printed_year(quote, t.target_year)
                                         for t in targets], drafts),
                    ("under_title", [t.target_year for t in targets], titled)):
                wanted = [_key(t.comparator, t.value, t.low, t.high, year, t.unit)
                          for t, year in zip(targets, years, strict=True)]
                got = [_key(d.comparator, d.value, d.low, d.high,
                            None if name == "without_year" else d.target_year, d.unit)
                       for d in rows.itertuples()]
                tallies[name].add(wanted, got)
            for d in drafts.itertuples():        # a year only where the quote prints one
                assert pd.isna(d.target_year) or _printed_year(quote, d.target_year)
            named = {(*_key(d.comparator, d.value, d.low, d.high, None, d.unit), d.indicator)
                     for d in drafts.itertuples()}
            same += sum((*_key(t.comparator, t.value, t.low, t.high, None, t.unit), t.indicator)
                        in named for t in targets)
    strict, loose = tallies["strict"], tallies["without_year"]
    assert strict.total > 0
    print(f"DRAFT held-out quotes={strict.total} drafts={strict.drafted} "
          + "; ".join(tally.line(name) for name, tally in tallies.items())
          + f"; same_indicator={same}/{strict.total}")
    assert 0 <= strict.found <= loose.found <= strict.total
    assert strict.right <= loose.right <= strict.drafted
    assert same <= loose.found


# --- The command ---------------------------------------------------------------------------------

def test_new_plan_from_writes_a_draft_catalog_that_loads(tmp_path, capsys):
    data = tmp_path / "data"
    for folder in ("reference", "targets"):
        shutil.copytree(DATA / folder, data / folder)
    shutil.copytree(DECISIONS, data / "raw" / "decisions")
    source = DECISIONS / "003_0d2160edde143b2b.txt"
    assert main(["--data", str(data), "new-plan", "kon-tum", "--plan", "draft-test",
                 "--from", str(source)]) == 0
    out = capsys.readouterr().out
    path = data / "targets" / "kon-tum--draft-test.yml"
    ref = load_reference(data)
    catalog = ref.catalogs["kon-tum--draft-test"]
    assert catalog.targets == () and len(catalog.drafts) > 0
    assert f"drafted {len(catalog.drafts)} targets" in out and f"wrote {path}" in out
    assert "could not read" in out
    hand_made = ref.catalogs["kon-tum"].decision       # the heading's number and date
    assert (catalog.decision.number, catalog.decision.date) == (hand_made.number,
                                                                hand_made.date)
    assert "read from the text's heading" in path.read_text(encoding="utf-8")
    assert f"decision {hand_made.number}, {hand_made.date.isoformat()}" in out
    text = _squash((data / "raw" / "decisions" / catalog.decision.source)
                   .read_text(encoding="utf-8"))
    assert text == _squash(source.read_text(encoding="utf-8"))
    for target in catalog.drafts:
        assert target.draft and _squash(target.wording_vi) in text
        assert target.indicator is None or target.indicator in ref.codebook


# --- Shown, labelled, never judged -----------------------------------------------------------

def test_a_draft_target_is_on_the_briefing_labelled_and_without_a_verdict(tiny_data):
    from ggutils.assess.trends import run_projections
    from ggutils.brief.briefing import load_briefing
    from ggutils.clean import run_clean
    from ggutils.reference.messages import load_messages

    path = tiny_data / "targets" / "lai-chau.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    drafts = [{**DRAFT, "id": "lc-draft-forest", "indicator": "forest_cover",
               "target_year": 2020, "match_score": 1.0},
              {**DRAFT, "id": "lc-draft-unmatched", "wording_vi":
               "80% chất chải nguy hại được xử lý, tiêu hủy, chôn lấp an toàn.",
               "value": 80, "comparator": ">="}]
    data["targets"] += drafts
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run_clean(tiny_data)
    trajectories = run_projections(tiny_data)
    assert not trajectories["target_id"].isin([d["id"] for d in drafts]).any()
    for lang in ("vi", "en"):
        msgs = load_messages(tiny_data / "reference" / "messages.yml", lang)
        briefing = load_briefing(tiny_data, "lai-chau", lang)
        [plan] = briefing.plans
        assert [t.id for t in plan.drafts] == [d["id"] for d in drafts]
        outputs = [*briefing.lead_plan_outputs(), *briefing.owed_outputs()]
        page = "".join(o.data for o in outputs if hasattr(o, "data")
                       and isinstance(o.data, str))
        listed = briefing.drafts_html()
        assert listed in page and msgs("drafts") in listed
        assert listed.count(msgs("draft_label")) == len(drafts)
        assert msgs("draft_no_year") in listed and msgs("draft_no_indicator") in listed
        table = briefing.status_table_html(plan)
        assert table.count("<tr data-target-id=") == sum(map(briefing.has_value, plan.targets))
        assert not any(d["id"] in table for d in drafts)
        verdicts = {msgs.status(code) for code in trajectories["verdict"].dropna()}
        assert verdicts and not any(v in listed for v in verdicts)
