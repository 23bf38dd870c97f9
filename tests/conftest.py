"""Shared fixtures: the shipped reference data, and small data folders built in tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from ggutils.clean import clean_all
from ggutils.reference.catalogs import load_catalogs
from ggutils.reference.indicators import load_codebook
from ggutils.reference.provinces import load_register
from ggutils.reference.sources import load_sources

# CI runs the property tests with a fixed seed so a run is reproducible; locally they explore.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def codebook():
    return load_codebook(DATA / "reference" / "indicators.yml")


@pytest.fixture(scope="session")
def register():
    return load_register(DATA / "reference" / "provinces.csv",
                         DATA / "reference" / "entity_aliases.csv")


@pytest.fixture(scope="session")
def catalogs(codebook, register):
    return load_catalogs(DATA / "targets", codebook, register)


@pytest.fixture(scope="session")
def cleaned(codebook, register):
    """The shipped raw data, cleaned in memory (nothing written)."""
    return clean_all(load_sources(DATA / "raw" / "sources.yml", codebook), codebook, register)


def make_data_dir(root: Path, raw: Path, targets: Path) -> Path:
    """A data folder with the shipped reference data and the given raw and targets folders."""
    data = root / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    shutil.copytree(raw, data / "raw")
    shutil.copytree(targets, data / "targets")
    (data / "processed").mkdir()
    return data


def make_projected_data(root: Path, raw: Path, targets: Path) -> Path:
    """`make_data_dir`, then stages 1 and 2 run on it (the processed tables a briefing reads)."""
    from ggutils.assess.trends import run_projections
    from ggutils.clean import run_clean

    data = make_data_dir(root, raw, targets)
    run_clean(data)
    run_projections(data)
    return data


# The tiny data set's values run to 2018 and its targets are due in 2020: it is evaluated as
# on 1 June 2019 (ggutils.assess.evaluation), so its targets are still ahead whatever today is. A
# test that sets SOURCE_DATE_EPOCH itself overrides this.
TINY_EVALUATED_ON = "1559347200"  # 2019-06-01 00:00 UTC


@pytest.fixture
def tiny_data(tmp_path, monkeypatch) -> Path:
    """SYNTHETIC two-target data set for the notebook tests (evaluated on 1 June 2019)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TINY_EVALUATED_ON)
    return make_data_dir(tmp_path, FIXTURES / "tiny" / "raw", FIXTURES / "tiny" / "targets")


def make_injected_data(root: Path) -> Path:
    """Tiny SYNTHETIC data with markup in the catalog (decision, wording, agencies), in a
    source title, and in the province's Vietnamese and English names."""
    data = make_data_dir(root, FIXTURES / "tiny" / "raw", FIXTURES / "injection" / "targets")
    raw = data / "raw" / "synthetic_forest_cover.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace(
        "SYNTHETIC test data", "SYNTHETIC <script>alert(1)</script> data"), encoding="utf-8")
    register = data / "reference" / "provinces.csv"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "lai-chau,province,12,Lai Châu,Lai Chau",
        'lai-chau,province,12,<script>alert(1)</script>,"Lai Chau""><img src=x onerror='
        'alert(1)>"'), encoding="utf-8")
    return data
