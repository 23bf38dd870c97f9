"""The catalogs' targets as a table (`ggutils targets`, a briefing's provenance)."""

from __future__ import annotations

from ggutils.reference.targets_table import targets_frame


def test_targets_frame_has_one_row_per_target(catalogs):
    frame = targets_frame(catalogs)
    assert len(frame) == sum(len(c.targets) for c in catalogs.values())
    assert frame["target_id"].is_unique
    assert set(frame["entity_id"]) == {c.entity_id for c in catalogs.values() if c.targets}
