"""Errors cross process boundaries: a worker's error reaches the batch whole."""

from __future__ import annotations

import pickle

import pytest

from ggutils.errors import CatalogError, RawDataError, WriteError


@pytest.mark.parametrize("error", [
    CatalogError("data/reference/x.yml", "met", "pattern", "unknown key"),
    RawDataError("data/raw/a.csv", "not a number", row=3, field="value"),
    RawDataError("data/raw/a.csv", "empty file"),
    WriteError("reports/vi/x.html", "disk full"),
])
def test_an_error_survives_pickling_with_its_message(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert vars(copy) == vars(error)
