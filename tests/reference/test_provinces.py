"""The province register and name resolution."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ggutils.errors import CatalogError
from ggutils.reference.provinces import fold_ascii, load_register
from tests.conftest import DATA


def test_register_has_63_provinces_with_unique_codes_and_slugs(register):
    provinces = register.provinces
    assert len(provinces) == 63
    assert provinces["gso_code"].is_unique and provinces["slug"].is_unique
    assert register.entities["entity_id"].is_unique


def test_2025_successors(register):
    lai_chau = register.entity("lai-chau")
    kon_tum = register.entity("kon-tum")
    assert (lai_chau["gso_code"], lai_chau["successor_2025_name"]) == ("12", "Lai Châu")
    assert (kon_tum["gso_code"], kon_tum["successor_2025_name"]) == ("62", "Quảng Ngãi")
    assert register.provinces["successor_2025_code"].nunique() == 34


def test_non_province_entities(register):
    types = register.entities["entity_type"].value_counts()
    assert types["country"] == 1
    assert (register.entities["region_system"] == "gso6").sum() == 6


@pytest.mark.parametrize(("name", "entity"), [
    ("H.Dương", "hai-duong"), ("T.Quang", "tuyen-quang"), ("Bắc Cạn", "bac-kan"),
    ("Lai Châu", "lai-chau"), ("LAI CHÂU", "lai-chau"), ("lai chau", "lai-chau"),
    (unicodedata.normalize("NFD", "Lai Châu"), "lai-chau"), ("Tỉnh Kon Tum", "kon-tum"),
    ("tỉnh Kon Tum", "kon-tum"), ("\u00d0iện Biên", "dien-bien"), ("Hoà Bình", "hoa-binh"),
    ("Hòa Bình", "hoa-binh"), ("Thừa Thiên - Huế", "thua-thien-hue"),
    ("Bà Rịa-Vũng Tàu", "ba-ria-vung-tau"), ("TP. Hồ Chí Minh", "ho-chi-minh"),
    ("Thành phố Hồ Chí Minh", "ho-chi-minh"), ("Hanoi", "ha-noi"),
    ("Ho Chi Minh City", "ho-chi-minh"), ("Đắc Lắc", "dak-lak"), ("Lai Chau province", "lai-chau"),
    ("Cả nước", "vn"), ("CẢ NƯỚC", "vn"), ("Toàn quốc", "vn"), ("the country", "vn"),
])
def test_names_resolve(register, name, entity):
    assert register.resolve(name).entity_id == entity


def test_region_names_resolve_within_the_declared_system(register):
    assert register.resolve("Đồng bằng sông Hồng", "gso6").entity_id == "gso-red-river-delta"
    assert register.resolve("ĐBSH", "mard_ecological").entity_id == "mard-dbsh"
    ambiguous = register.resolve("Tây Nguyên")
    assert not ambiguous.ok and ambiguous.reason == "ambiguous area name"
    assert set(ambiguous.candidates) == {"gso-central-highlands", "mard-tay-nguyen"}


def test_unknown_name(register):
    result = register.resolve("Atlantis")
    assert (result.ok, result.reason) == (False, "unknown area name")


def test_no_two_provinces_fold_to_the_same_ascii_name(register):
    folded = register.provinces["name_vi"].map(fold_ascii)
    assert folded.is_unique


def test_register_errors_name_the_entry(tmp_path):
    frame = pd.read_csv(DATA / "reference" / "provinces.csv", dtype=str, keep_default_na=False)
    frame.loc[frame["entity_id"] == "lai-chau", "gso_code"] = "1x"
    path = tmp_path / "provinces.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(CatalogError) as info:
        load_register(path)
    assert (info.value.entry, info.value.field) == ("lai-chau", "gso_code")


def test_alias_to_unknown_entity_is_an_error(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("entity_id,alias,note\natlantis,Atlantis,\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="unknown entity 'atlantis'"):
        load_register(DATA / "reference" / "provinces.csv", path)


_VARIANTS = st.sampled_from(["upper", "lower", "nfd", "ascii", "prefix_tinh", "prefix_tp",
                             "lookalike", "spaces", "hyphen"])


def _respell(name: str, how: str) -> str:
    if how == "upper":
        return name.upper()
    if how == "lower":
        return name.lower()
    if how == "nfd":
        return unicodedata.normalize("NFD", name)
    if how == "ascii":
        return fold_ascii(name).title()
    if how in ("prefix_tinh", "prefix_tp"):  # replaces a printed prefix ('TP. Hồ Chí Minh')
        bare = re.sub(r"^\s*(?:TP\.|Tỉnh|Thành phố)\s+", "", name, flags=re.IGNORECASE)
        return f"Tỉnh {bare}" if how == "prefix_tinh" else f"TP. {bare}"
    if how == "lookalike":
        return name.replace("Đ", "\u00d0")
    if how == "spaces":
        return "  " + name.replace(" ", "   ") + " "
    return name.replace(" ", "-")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_register_name_respelled_resolves_to_itself(register, data):
    provinces = register.provinces
    i = data.draw(st.integers(min_value=0, max_value=len(provinces) - 1))
    row = provinces.iloc[i]
    name = data.draw(st.sampled_from([row["name_vi"], row["name_en"], row["name_ascii"]]))
    hows = data.draw(st.lists(_VARIANTS, min_size=1, max_size=3, unique=True).filter(
        lambda h: not {"prefix_tinh", "prefix_tp"} <= set(h)))  # one prefix at most
    spelled = name
    for how in sorted(hows, key=lambda h: not h.startswith("prefix")):  # prefixes first
        spelled = _respell(spelled, how)
    assert register.resolve(spelled).entity_id == row["entity_id"], (name, hows, spelled)
