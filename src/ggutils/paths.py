"""Default locations of the project's inputs and outputs.

Every public function elsewhere takes its paths as arguments; this module only holds the
defaults the CLI and the notebooks start from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectPaths:
    """Where a data set and its reports live (`--data` and `--reports` on the CLI)."""

    data: Path = Path("data")
    reports: Path = Path("reports")
    notebooks: Path = Path("notebooks")

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def processed(self) -> Path:
        return self.data / "processed"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def targets(self) -> Path:
        return self.data / "targets"

    @property
    def codebook(self) -> Path:
        return self.reference / "indicators.yml"

    @property
    def register(self) -> Path:
        return self.reference / "provinces.csv"

    @property
    def aliases(self) -> Path:
        return self.reference / "entity_aliases.csv"

    @property
    def messages(self) -> Path:
        return self.reference / "messages.yml"

    @property
    def sources(self) -> Path:
        return self.raw / "sources.yml"

    @property
    def decisions(self) -> Path:
        return self.raw / "decisions"

    @property
    def observations(self) -> Path:
        return self.processed / "observations.csv"

    @property
    def quarantine(self) -> Path:
        return self.processed / "quarantine.csv"

    @property
    def trajectories(self) -> Path:
        return self.processed / "trajectories.csv"

