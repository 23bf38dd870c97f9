"""Fixtures of the drafter's tests (issue 25): the shipped drafting rules, and `read`, which
drafts a text with them and the project's reading of the decisions' words."""

from __future__ import annotations

import pytest

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
