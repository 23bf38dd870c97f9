"""The province register and name resolution."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ggutils.errors import CatalogError
from ggutils.reference.provinces import (
    fold_ascii,
    load_register,
    load_reorganisations,
    reorganisation,
    successor_2025,
)
from tests.conftest import DATA, FIXTURES


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


# --- The 2025 arrangement (data/reference/reorganisations.yml) -------------------------------

REORGANISED = FIXTURES / "reorganisation"   # SYNTHETIC register of five provinces


@pytest.fixture
def tiny_register():
    return load_register(REORGANISED / "reference" / "provinces.csv")


def _copy_reorganised(tmp_path, edit=None, register_edit=None):
    """The SYNTHETIC folder in tmp_path, its reorganisations.yml (and provinces.csv) edited."""
    folder = tmp_path / "reorganisation"
    shutil.copytree(REORGANISED, folder)
    for name, change in (("reorganisations.yml", edit), ("provinces.csv", register_edit)):
        if change is not None:
            path = folder / "reference" / name
            path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return load_register(folder / "reference" / "provinces.csv")


def test_a_merged_province_names_its_successor_act_and_dates(tiny_register):
    merged = reorganisation(tiny_register, "an-phu")
    assert (merged.entity_id, merged.successor_id) == ("an-phu", "binh-lam")
    assert (merged.adopted, merged.effective) == (dt.date(2025, 6, 12), dt.date(2025, 7, 1))
    assert merged.act.number == "1/2025/XX" and merged.act.name("en") == "Resolution 1/2025/XX"
    assert merged.formed_from == ("an-phu", "binh-lam")   # both share the successor's code
    assert merged.successor_name(tiny_register, "vi") == "Bình Lâm"
    assert merged.name(tiny_register, "en") == "An Phu"
    # read from the catalog files at look-up: 'binh-lam-x' is another entity's, not a plan
    assert merged.successor_plans == ("binh-lam--p1-2021",)


@pytest.mark.parametrize(("entity", "successor"), [
    ("an-phu", "binh-lam"), ("dong-ha", "cam-son"), ("cam-son", "cam-son"), ("vn", None)])
def test_the_register_s_own_word_on_a_successor(tiny_register, entity, successor):
    """successor_2025: from the register's columns alone (dong-ha has no entry in the file)."""
    assert successor_2025(tiny_register, entity) == successor


@pytest.mark.parametrize("entity", ["binh-lam", "cam-son", "gia-nghia", "vn"])
def test_an_entity_that_kept_its_name_has_no_reorganisation(tiny_register, entity):
    """The successor itself, a province listed as keeping its name, one the file does not
    list and the register does not merge, and the country."""
    assert reorganisation(tiny_register, entity) is None


def test_a_merger_the_register_states_but_the_file_omits_is_an_error(tiny_register):
    """dong-ha is merged into Cẩm Sơn by the register (whose new code is dong-ha's own)."""
    with pytest.raises(CatalogError) as info:
        reorganisation(tiny_register, "dong-ha")
    assert (Path(info.value.file).name, info.value.entry) == ("reorganisations.yml", "dong-ha")
    assert "cam-son" in info.value.message


def test_a_project_gives_its_loaded_reorganisations_and_catalogs(tiny_register):
    """Given a Project (here what reorganisation() reads of one), the successor's plans are
    its loaded catalogs', in the project's order (newest first), not the files beside."""
    from types import SimpleNamespace

    plans = [SimpleNamespace(plan_id="binh-lam--b-2024"), SimpleNamespace(plan_id="binh-lam")]
    project = SimpleNamespace(
        register=tiny_register, plans={"binh-lam": plans},
        reorganisations=load_reorganisations(REORGANISED / "reference" / "reorganisations.yml",
                                             tiny_register))
    assert reorganisation(project, "an-phu").successor_plans == ("binh-lam--b-2024", "binh-lam")
    assert reorganisation(project, "cam-son") is None


@pytest.mark.parametrize(("edit", "entry", "field", "words"), [
    (lambda t: t.replace("act: act-1}\n  - {entity_id: cam", "act: act-1, note: x}\n  - "
                         "{entity_id: cam"), "an-phu", "note", "unknown key"),
    (lambda t: t + "extra: 1\n", "-", "extra", "unknown top-level key"),
    (lambda t: t.replace("successor_id: binh-lam", "successor_id: cam-son"), "an-phu",
     "successor_id", "disagrees with provinces.csv"),
    (lambda t: t.replace("successor_id: binh-lam", "successor_id: atlantis"), "an-phu",
     "successor_id", "not a province"),
    (lambda t: t.replace("{entity_id: an-phu", "{entity_id: vn"), "vn", "entity_id",
     "not a province"),
    (lambda t: t.replace("binh-lam, act: act-1", "binh-lam, act: act-9"), "an-phu", "act",
     "unknown act"),
    (lambda t: t.replace("effective: 2025-07-01", "effective: 2025-01-01"), "act-1", "-",
     "effective is before adopted"),
    (lambda t: t.replace("    effective:", "    url: \"javascript:x\"\n    effective:"),
     "act-1", "-", "https://"),
    (lambda t: t.replace("    adopted: 2025-06-12\n", ""), "act-1", "adopted", "missing"),
    (lambda t: t + "  - {entity_id: an-phu, successor_id: binh-lam, act: act-1}\n", "an-phu",
     "entity_id", "given twice"),
])
def test_reorganisation_errors_name_file_entry_and_field(tmp_path, edit, entry, field, words):
    register = _copy_reorganised(tmp_path, edit)
    with pytest.raises(CatalogError) as info:
        reorganisation(register, "an-phu")
    error = info.value
    assert (Path(error.file).name, error.entry, error.field) == ("reorganisations.yml", entry,
                                                                 field)
    assert words in error.message


def test_a_successor_must_keep_its_name_in_the_register(tmp_path):
    """binh-lam cannot carry An Phú's successor when the register merges binh-lam itself."""
    register = _copy_reorganised(tmp_path, register_edit=lambda t: t.replace(
        "binh-lam,,,02,Bình Lâm", "binh-lam,,,02,Gia Nghĩa"))
    with pytest.raises(CatalogError, match="did not keep its name"):
        reorganisation(register, "an-phu")


def test_shipped_merger_agrees_with_the_register(register):
    """Kon Tum: merged into Quảng Ngãi by Resolution 202/2025/QH15 (12 June 2025), the new
    provinces operating from 1 July 2025; Lai Châu was not merged. Every province a catalog
    covers either has an entry or is not merged (reorganisation() would raise)."""
    from ggutils.project import Layout, Project

    kon_tum = reorganisation(register, "kon-tum")
    assert kon_tum.successor_id == "quang-ngai"
    assert register.entity("kon-tum")["successor_2025_name"] == \
        kon_tum.successor_name(register, "vi")
    assert (kon_tum.act.number, kon_tum.adopted, kon_tum.effective) == \
        ("202/2025/QH15", dt.date(2025, 6, 12), dt.date(2025, 7, 1))
    assert kon_tum.act.url is None   # none is held: never invented
    assert reorganisation(register, "lai-chau") is None
    project = Project(Layout(data=DATA))
    for entity in project.plans:
        reorganisation(project, entity)
