"""How drafts are scored against an answer (tests/reference/scoring.py)."""

from __future__ import annotations

from tests.reference.scoring import Tally


def test_drafts_and_targets_are_matched_one_to_one():
    """Three drafts of the same figure find the one target of that figure once: one right
    draft, two wrong; two targets of one figure need two drafts of it to be both found."""
    cut = ("<=", -30.0, None, None, None, "percent")
    time = ("<=", 5.0, None, None, None, "time")
    tally = Tally()
    tally.add(wanted=[cut, time, time], got=[cut, cut, cut, time])
    assert (tally.found, tally.total, tally.right, tally.drafted) == (2, 3, 2, 4)
    assert (round(tally.recall, 2), tally.precision) == (0.67, 0.5)


def test_a_draft_of_another_figure_finds_nothing():
    tally = Tally()
    tally.add(wanted=[(">=", 90.0, None, None, 2030, "percent")],
              got=[(">=", 90.0, None, None, 2025, "percent")])
    assert (tally.found, tally.right) == (0, 0)
