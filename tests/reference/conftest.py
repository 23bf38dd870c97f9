"""Fixtures of the drafter's tests (issue 25): the shipped drafting rules, and `read`, which
drafts a text with them and the project's reading of the decisions' words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ggutils.errors import CatalogError
from ggutils.reference.catalogs import default_reading
from ggutils.reference.draft import draft_text, load_drafting_rules, rules_path
from tests.conftest import DATA


@pytest.fixture(scope="session")
def rules():
    return load_drafting_rules(rules_path(DATA / "reference"))


@pytest.fixture(scope="session")
def read(rules, codebook):
    reading = default_reading(codebook)
    return lambda text: draft_text(text, rules, reading, codebook)


def rules_error(tmp_path: Path, edit) -> tuple[Path, str]:
    """The shipped drafting rules with `edit` applied to their YAML, written to `tmp_path`:
    that file and the one-line error its loader raises."""
    data = yaml.safe_load(rules_path(DATA / "reference").read_text(encoding="utf-8"))
    edit(data)
    bad = tmp_path / "drafting_rules.yml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        load_drafting_rules(bad)
    return bad, str(error.value)
