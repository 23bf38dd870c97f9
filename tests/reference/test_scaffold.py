"""`ggutils new-plan`: a catalog template that loads, a decision placeholder, a registry stub
that changes nothing until it is uncommented, and whose example entries are valid."""

from __future__ import annotations

import re
import shutil

import pytest

from ggutils.cli import main
from ggutils.project import load_reference
from ggutils.reference.catalogs import load_catalog
from ggutils.reference.indicators import load_codebook
from ggutils.reference.sources import load_sources
from tests.conftest import DATA


@pytest.fixture
def data(tmp_path):
    """A copy of the shipped reference data, catalogs, registry and decision texts."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    shutil.copytree(DATA / "targets", data / "targets")
    shutil.copytree(DATA / "raw" / "decisions", data / "raw" / "decisions")
    shutil.copy(DATA / "raw" / "sources.yml", data / "raw" / "sources.yml")
    return data


@pytest.fixture
def fresh(register, catalogs):
    """A province with no plan yet in the shipped data (the register row)."""
    taken = {c.entity_id for c in catalogs.values()}
    return next(row for _, row in register.provinces.iterrows() if row["slug"] not in taken)


def _uncomment(block: str) -> str:
    """The commented example lines of a template block, as YAML."""
    return "\n".join(re.sub(r"^(\s*)# ?", r"\1", line, count=1) for line in block.splitlines())


def test_new_plan_writes_a_draft_that_loads(data, fresh, capsys):
    slug = fresh["slug"]
    codebook = load_codebook(data / "reference" / "indicators.yml")
    before = load_sources(data / "raw" / "sources.yml", codebook).sources
    assert main(["--data", str(data), "new-plan", slug]) == 0
    out = capsys.readouterr().out
    catalog = data / "targets" / f"{slug}.yml"
    decision = data / "raw" / "decisions" / f"{slug}.txt"
    assert f"wrote {catalog}" in out and f"wrote {decision}" in out
    plan = load_reference(data).catalogs[slug]
    assert plan.decision.source == f"{slug}.txt"
    assert plan.decision.issuer == f"UBND tỉnh {fresh['name_vi']}"
    assert plan.targets == () and plan.tasks == ()
    assert decision.read_text(encoding="utf-8").startswith("TODO")
    registry = (data / "raw" / "sources.yml").read_text(encoding="utf-8")
    assert f"registry stub written by `ggutils new-plan` for {slug}." in registry
    assert load_sources(data / "raw" / "sources.yml", codebook).sources == before
    assert main(["--data", str(data), "targets", "--province", slug]) == 0
    assert f"no targets yet in {slug}" in capsys.readouterr().out


def test_the_template_example_target_is_valid_once_uncommented(data, fresh):
    main(["--data", str(data), "new-plan", fresh["slug"]])
    catalog = data / "targets" / f"{fresh['slug']}.yml"
    text = catalog.read_text(encoding="utf-8")
    example = text[text.index("targets: []"):text.index("\n\n", text.index("targets: []"))]
    targets = _uncomment(example.replace("targets: []", "targets:"))
    catalog.write_text(text.replace(example, targets), encoding="utf-8")
    reference = load_reference(data)
    plan = load_catalog(catalog, reference.codebook, reference.register)
    prefix = "".join(part[0] for part in fresh["slug"].split("-"))
    assert [t.id for t in plan.targets] == [f"{prefix}-forest-cover"]
    assert plan.targets[0].describe() == "> 50 %"


def test_the_registry_stub_is_valid_once_uncommented(data, fresh):
    main(["--data", str(data), "new-plan", fresh["slug"]])
    registry = data / "raw" / "sources.yml"
    text = registry.read_text(encoding="utf-8")
    stub = text[text.index(f"  # --- {fresh['name_en']} ({fresh['slug']})"):]
    entry = stub[stub.index("  # - id:"):]
    registry.write_text(text.replace(entry, _uncomment(entry)), encoding="utf-8")
    sources = load_sources(registry, load_codebook(data / "reference" / "indicators.yml"))
    source = next(s for s in sources.sources if s.id == f"{fresh['slug'].replace('-', '_')}_forest")
    cover = source.measures[0]
    assert cover.indicator == "forest_cover"
    assert (cover.definition_for(2014), cover.definition_for(2020)) == (
        "official_to_2015", "official_from_2016")


def test_a_further_plan_of_a_province_or_of_the_country(data, capsys):
    assert main(["--data", str(data), "new-plan", "lai-chau", "--plan", "qd99-2030"]) == 0
    assert main(["--data", str(data), "new-plan", "vn", "--plan", "qd98-2030"]) == 0
    catalogs = load_reference(data).catalogs
    assert catalogs["lai-chau--qd99-2030"].entity_id == "lai-chau"
    assert catalogs["vn--qd98-2030"].decision.source == "vn--qd98-2030.txt"
    assert (data / "raw" / "decisions" / "vn--qd98-2030.txt").exists()
    assert main(["--data", str(data), "new-plan", "vn", "--plan", "Bad Name"]) == 2
    assert "plan name 'Bad Name'" in capsys.readouterr().err


def test_new_plan_refuses_to_overwrite_a_catalog(data, capsys):
    before = (data / "targets" / "lai-chau.yml").read_bytes()
    assert main(["--data", str(data), "new-plan", "lai-chau"]) == 2
    assert "lai-chau.yml already exists" in capsys.readouterr().err
    assert (data / "targets" / "lai-chau.yml").read_bytes() == before


def test_new_plan_suggests_the_nearest_province(data, capsys):
    assert main(["--data", str(data), "new-plan", "dien-bein"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ggutils: error: unknown province 'dien-bein'")
    assert "did you mean 'dien-bien'?" in err and err.count("\n") == 1
    assert not (data / "targets" / "dien-bein.yml").exists()
