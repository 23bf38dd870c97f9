"""Everything loaded once: `Project` opens a data folder (its paths: `ggutils.paths.Layout`)
and loads each reference file, catalog and processed table once per process, validated by
its loader, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ggutils.paths import Layout

if TYPE_CHECKING:
    import pandas as pd

    from ggutils.reference.catalogs import Reference
    from ggutils.reference.indicators import Codebook
    from ggutils.reference.messages import Messages
    from ggutils.reference.provinces import Register
    from ggutils.reference.reorganisations import Reorganisations
    from ggutils.reference.sources import Registry
    from ggutils.reference.targets import Catalog


def load_reference(data_dir: str | Path) -> Reference:
    """The codebook, register and catalogs of `data_dir` (`Project.reference`), for a caller
    that has a data folder and no Project."""
    return Project(Layout(data=Path(data_dir))).reference


def as_project(data: str | Path | Project) -> Project:
    """`data` if it is a Project, else the Project of that data folder (as given: a stage's
    entry point takes either)."""
    return data if isinstance(data, Project) else Project(Layout(data=Path(data)))


@dataclass
class Project:
    """A data folder's facts and tables, each loaded and validated once, on first use.

    `Project.open(data_dir)` in notebooks, the CLI and the workers; `project.layout` for
    paths. The processed tables are read as stage 1 and 2 wrote them (run those first).
    """

    layout: Layout
    _messages: dict[str, Messages] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, data: str | Path | None = None, reports: str | Path | None = None,
             notebooks: str | Path | None = None) -> Project:
        return cls(Layout.locate(data, reports, notebooks))

    @cached_property
    def reference(self) -> Reference:
        """Codebook, register and catalogs (every loader validates)."""
        from ggutils.reference.catalogs import Reference, load_catalogs

        return Reference(self.codebook, self.register,
                         load_catalogs(self.layout.targets, self.codebook, self.register))

    @cached_property
    def codebook(self) -> Codebook:
        from ggutils.reference.indicators import load_codebook

        return load_codebook(self.layout.codebook)

    @cached_property
    def register(self) -> Register:
        """The entity register and its aliases."""
        from ggutils.reference.provinces import load_register

        return load_register(self.layout.register, self.layout.aliases)

    @property
    def catalogs(self) -> dict[str, Catalog]:
        """Every plan's catalog, by plan id."""
        return self.reference.catalogs

    @property
    def plans(self) -> dict[str, list[Catalog]]:
        """Each entity's plans: green-growth plans first, each group newest first."""
        return self.reference.plans

    @cached_property
    def registry(self) -> Registry:
        """data/raw/sources.yml: how each raw file is read, its source and definitions."""
        from ggutils.reference.sources import load_sources

        return load_sources(self.layout.registry, self.codebook)

    @cached_property
    def agencies(self) -> dict[str, str]:
        """Vietnamese agency name -> English name."""
        from ggutils.reference.agencies import load_agencies

        return load_agencies(self.layout.agencies)

    @cached_property
    def reorganisations(self) -> Reorganisations:
        """The 2025 arrangement of the provinces, checked against the register."""
        from ggutils.reference.reorganisations import load_reorganisations

        return load_reorganisations(self.layout.reorganisations, self.register)

    def messages(self, lang: str) -> Messages:
        """The message catalogue in `lang`."""
        if lang not in self._messages:
            from ggutils.reference.messages import load_messages

            self._messages[lang] = load_messages(self.layout.messages, lang)
        return self._messages[lang]

    @cached_property
    def observations(self) -> pd.DataFrame:
        from ggutils.observations import read_observations

        return read_observations(self.layout.observations)

    @cached_property
    def sources(self) -> pd.DataFrame | None:
        """data/processed/sources.csv, or None before stage 1 has run."""
        from ggutils.io import read_csv

        path = self.layout.sources_table
        return read_csv(path, keep_default_na=False) if path.exists() else None

    @cached_property
    def trajectories(self) -> pd.DataFrame | None:
        """data/processed/trajectories.csv, or None before stage 2 has run."""
        from ggutils.io import read_csv

        path = self.layout.trajectories
        return read_csv(path) if path.exists() else None

    @cached_property
    def conservation(self) -> pd.DataFrame:
        """data/processed/conservation.csv: per source file, the values read and where each
        went (stage 1's check)."""
        from ggutils.io import read_csv

        return read_csv(self.layout.conservation)

    @cached_property
    def quarantine(self) -> pd.DataFrame:
        """data/processed/quarantine.csv: the values set aside, each with its reason."""
        from ggutils.io import read_csv

        return read_csv(self.layout.quarantine, keep_default_na=False)
