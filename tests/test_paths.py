"""Where the data, reports and notebooks are: found from the working directory."""

from __future__ import annotations

import pytest

from ggutils.errors import UsageError
from ggutils.paths import Layout, find_data_dir

from .conftest import ROOT


@pytest.mark.parametrize("start", [ROOT, ROOT / "notebooks", ROOT / "data" / "raw"])
def test_the_project_data_is_found_from_inside_the_project(start):
    assert find_data_dir(start=start) == ROOT / "data"


def test_elsewhere_the_source_checkout_data_is_used(tmp_path):
    assert find_data_dir(start=tmp_path) == ROOT / "data"


def test_a_data_folder_in_the_working_directory_wins(tmp_path):
    (tmp_path / "data" / "reference").mkdir(parents=True)
    (tmp_path / "data" / "reference" / "indicators.yml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "data" / "targets").mkdir()
    assert find_data_dir(start=tmp_path / "data" / "targets") == tmp_path / "data"


def test_a_given_data_dir_is_used_as_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    assert find_data_dir("mine") == tmp_path / "mine"
    with pytest.raises(UsageError, match=f"data folder {tmp_path / 'nope'} not found"):
        find_data_dir("nope")


def test_reports_and_notebooks_default_beside_the_data(tmp_path):
    paths = Layout.locate(tmp_path)
    assert paths.data == tmp_path and paths.reports == tmp_path.parent / "reports"
    assert paths.notebooks == ROOT / "notebooks"  # none beside it: the checkout's
    assert Layout.locate(ROOT / "data", reports=tmp_path).reports == tmp_path
