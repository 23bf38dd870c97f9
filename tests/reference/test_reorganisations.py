"""The 2025 arrangement of the provinces (data/reference/reorganisations.yml)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ggutils.errors import CatalogError
from ggutils.reference.provinces import load_register
from ggutils.reference.reorganisations import load_reorganisations, reorganisation, successor_2025
from tests.conftest import DATA, FIXTURES

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
    from ggutils.paths import Layout
    from ggutils.project import Project

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
