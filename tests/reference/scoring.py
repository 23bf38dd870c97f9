"""How drafts are scored against a hand-made answer (a catalog or a key): shared by the
drafter's tests on the shipped decisions, the held-out quotes and the unseen texts.

A draft matches a target only in the same unit family (`unit_family`: percent, count or a
physical unit, drafting_rules.yml's unit_families), so a draft of 100 MW never counts as a
target of 100 %. Drafts and targets are matched one to one: a target is found by at most
one draft and a draft is right for at most one target, so ten drafts of the same "30%"
never count as ten right drafts for one target of 30 % (before da8dddc a draft counted as
right whenever some target had its comparator, value, year and unit family)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from ggutils.reference.draft import load_drafting_rules, rules_path
from tests.conftest import DATA


@cache
def _rules():
    return load_drafting_rules(rules_path(DATA / "reference"))


def unit_family(unit) -> str:
    """The family of a unit, as the shipped drafting rules define it (every scoring's key
    carries it)."""
    return _rules().unit_family(unit)


@dataclass
class Tally:
    """Counts of one way of scoring drafts against the targets they should find."""

    found: int = 0        # targets a draft matches
    total: int = 0        # targets
    right: int = 0        # drafts that match a target
    drafted: int = 0      # drafts

    def add(self, wanted: list[tuple], got: list[tuple]) -> None:
        """Count the targets `wanted` and the drafts `got` (each a tuple of what must agree),
        matched one to one: as many pairs of a kind as the fewer of its targets and drafts."""
        targets, drafts = Counter(wanted), Counter(got)
        pairs = sum(min(n, drafts[kind]) for kind, n in targets.items())
        self.found += pairs
        self.total += len(wanted)
        self.right += pairs
        self.drafted += len(got)

    @property
    def recall(self) -> float:
        """Targets found over targets; 1 where there is none to find (a text with no
        target: nothing was missed)."""
        return self.found / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        """Right drafts over drafts; with no draft, 1 where there was no target to draft
        (nothing drafted wrongly), else 0."""
        if self.drafted:
            return self.right / self.drafted
        return 0.0 if self.total else 1.0

    def meets(self, recall: float, precision: float) -> bool:
        return self.recall >= recall and self.precision >= precision

    def line(self, name: str) -> str:
        return (f"{name}: recall={self.recall:.2f} precision={self.precision:.2f} "
                f"({self.found}/{self.total}, {self.right}/{self.drafted})")
