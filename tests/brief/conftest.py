"""Fixtures shared by the stage-3 tests."""

from __future__ import annotations

import pytest

from ggutils.paths import Layout
from ggutils.project import Project
from tests.conftest import FIXTURES, TINY_EVALUATED_ON, make_projected_data


@pytest.fixture(scope="module")
def index_project(tmp_path_factory):
    """The SYNTHETIC index fixture, cleaned and judged (as on 1 June 2019)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", TINY_EVALUATED_ON)
    root = tmp_path_factory.mktemp("index")
    data = make_projected_data(root, FIXTURES / "index" / "raw", FIXTURES / "index" / "targets")
    yield Project(Layout(data=data, reports=root / "reports"))
    patch.undo()
