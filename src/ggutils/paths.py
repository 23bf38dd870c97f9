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
    def agencies(self) -> Path:
        return self.reference / "agencies.csv"

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



def _is_data_dir(path: Path) -> bool:
    return (path / "reference" / "indicators.yml").is_file() and (path / "targets").is_dir()


def find_data_dir(data_dir: str | Path | None = None, start: Path | None = None) -> Path:
    """The data folder a notebook or command works on, as an absolute path.

    `data_dir`, when given (not None or ""), is used as it is (relative to the working
    directory). Otherwise the first `data/` holding reference/indicators.yml and targets/
    found in `start` (default: the working directory) or one of its parents, then beside
    this package's source checkout. So a notebook finds the project's data whether papermill
    runs it from the repository root, from notebooks/, or JupyterLab opens it.
    """
    from ggutils.errors import UsageError

    if data_dir:
        path = Path(data_dir).expanduser().resolve()
        if not path.is_dir():
            raise UsageError(f"data folder {path} not found")
        return path
    start = Path(start or Path.cwd()).resolve()
    checkout = Path(__file__).resolve().parents[2]  # src/ggutils/paths.py -> repository
    for folder in (start, *start.parents, checkout):
        if _is_data_dir(folder / "data"):
            return folder / "data"
    raise UsageError(f"no data folder (data/reference/indicators.yml and data/targets/) in "
                     f"{start} or its parents: pass data_dir")


def locate(data: str | Path | None = None, reports: str | Path | None = None,
           notebooks: str | Path | None = None) -> ProjectPaths:
    """The paths of a run: the data folder (found by find_data_dir unless given), reports/
    beside the data folder unless given, and the pipeline notebooks: notebooks/ beside the
    data folder when it is there, else the ones of this package's source checkout."""
    data_dir = find_data_dir(data)
    if notebooks is None:
        notebooks = data_dir.parent / "notebooks"
        if not notebooks.is_dir():
            notebooks = Path(__file__).resolve().parents[2] / "notebooks"
    return ProjectPaths(data=data_dir,
                        reports=Path(reports) if reports else data_dir.parent / "reports",
                        notebooks=Path(notebooks))
