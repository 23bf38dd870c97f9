"""The codebook: units, bounds, and that every indicator used anywhere is in it."""

from __future__ import annotations

import pytest
import yaml

from ggutils.errors import CatalogError
from ggutils.reference.indicators import load_codebook
from tests.conftest import DATA


def test_every_target_indicator_is_in_the_codebook(catalogs, codebook):
    for catalog in catalogs.values():
        for target in catalog.targets:
            assert target.indicator in codebook


def test_every_observed_indicator_is_in_the_codebook(cleaned, codebook):
    assert set(cleaned.observations["indicator"]) <= set(codebook.indicators)


def test_shares_are_bounded_0_100(codebook):
    cover = codebook["forest_cover"]
    assert (cover.lower, cover.upper, cover.better) == (0, 100, "higher")
    assert cover.within_bounds(100) and not cover.within_bounds(100.1)


def test_unit_conversion_rules(codebook):
    assert codebook.unit_id("Nghìn ha") == "thousand ha"
    assert codebook.unit_id("hectares") == "ha"
    assert codebook.conversion("thousand ha", "ha") == 1000
    assert codebook.conversion("share", "%") == 100
    assert codebook.conversion("ha", "thousand ha") is None
    assert codebook.conversion("USD/person", "million VND/person") is None


@pytest.mark.parametrize(("edit", "entry", "field"), [
    (lambda d: d["indicators"][0].update(unit="furlongs"), "forest_cover", "unit"),
    (lambda d: d["indicators"][0].update(lower=100, upper=0), "forest_cover", "-"),
    (lambda d: d["indicators"][0].update(better="bigger"), "forest_cover", "better"),
    (lambda d: d["indicators"][1].update(id="forest_cover"), "forest_cover", "id"),
])
def test_codebook_errors_name_entry_and_field(tmp_path, edit, entry, field):
    data = yaml.safe_load((DATA / "reference" / "indicators.yml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "indicators.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_codebook(path)
    assert (info.value.entry, info.value.field) == (entry, field)
