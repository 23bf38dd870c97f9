"""Where everything is: every path of a run, and the names of the files pages link.

`Layout` spells every path of a run, one property or method per artefact, as OWID's
`PathFinder` and cookiecutter-data-science's `config.py` do: the inputs under data/, the
processed tables, and every output under reports/. No other module joins a file name to a
folder. `briefing_name`, `index_page_name`, `request_workbook_name` and
`comparison_page_name` are the names pages link to; `find_data_dir` finds the data folder
from the working directory.

Every public function elsewhere still takes its paths (or a `Project`, ggutils.project) as
arguments, so tests point it at `tmp_path`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]  # src/ggutils/paths.py -> the repository
STAGE_NOTEBOOKS = {"clean": "01_clean_indicators.ipynb",
                   "project": "02_project_trajectories.ipynb",
                   "briefing": "03_province_briefing.ipynb"}
INDEX_PAGES = {"vi": "index.html", "en": "index-en.html"}
AGENCIES_PAGE = "agencies.html"   # reports/<lang>/agencies.html


@dataclass(frozen=True)
class Layout:
    """Every input and output path of a run (`--data`, `--reports`, `--notebooks`)."""

    data: Path = Path("data")
    reports: Path = Path("reports")
    notebooks: Path = Path("notebooks")

    # --- Inputs: data/raw, data/reference, data/targets ------------------------------------
    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def targets(self) -> Path:
        return self.data / "targets"

    @property
    def registry(self) -> Path:
        """data/raw/sources.yml: how each raw file is read."""
        return self.raw / "sources.yml"

    @property
    def decisions(self) -> Path:
        return self.raw / "decisions"

    @property
    def contributed(self) -> Path:
        """Filled data-request workbooks, read as returned."""
        return self.raw / "contributed"

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
    def reorganisations(self) -> Path:
        """data/reference/reorganisations.yml: the 2025 arrangement of the provinces."""
        from ggutils.reference.reorganisations import REORGANISATIONS_FILE

        return self.reference / REORGANISATIONS_FILE

    @property
    def cleaning_rules(self) -> Path:
        return self.reference / "cleaning_rules.yml"

    @property
    def backtest_config(self) -> Path:
        """data/reference/backtest.yml: the series `ggutils backtest` scores."""
        return self.reference / "backtest.yml"

    def catalog(self, plan_file: str) -> Path:
        """data/targets/<plan>.yml: one plan's catalog."""
        return self.targets / f"{plan_file}.yml"

    def decision_text(self, plan_id: str) -> Path:
        """data/raw/decisions/<plan>.txt: the text of the decision a new plan names."""
        return self.decisions / f"{plan_id}.txt"

    # --- Stage outputs: data/processed --------------------------------------------------------
    @property
    def processed(self) -> Path:
        return self.data / "processed"

    @property
    def observations(self) -> Path:
        return self.processed / "observations.csv"

    @property
    def quarantine(self) -> Path:
        return self.processed / "quarantine.csv"

    @property
    def sources_table(self) -> Path:
        """data/processed/sources.csv: one row per source the observations cite."""
        return self.processed / "sources.csv"

    @property
    def conservation(self) -> Path:
        return self.processed / "conservation.csv"

    @property
    def trajectories(self) -> Path:
        return self.processed / "trajectories.csv"

    @property
    def stage_state(self) -> Path:
        """The input and output hashes of stages 1 and 2."""
        return self.processed / ".stage-hashes.json"

    # --- Reports --------------------------------------------------------------------------
    def report_root(self, as_of: int | None = None) -> Path:
        """reports/, or reports/as-of-YEAR/ for an as-of run (never over the current pages)."""
        return self.reports if as_of is None else self.reports / f"as-of-{as_of}"

    def briefing_html(self, entity_id: str, lang: str, as_of: int | None = None) -> Path:
        return self.report_root(as_of) / lang / f"{entity_id}.html"

    def briefing_pdf(self, entity_id: str, lang: str, as_of: int | None = None) -> Path:
        return self.report_root(as_of) / lang / f"{entity_id}.pdf"

    def executed_notebook(self, stage: str, entity_id: str | None = None,
                          lang: str | None = None, as_of: int | None = None) -> Path:
        """The executed copy of a stage's notebook (the stage's log): one per run for clean
        and project, one per entity and language for a briefing."""
        if stage == "briefing":
            return self.report_root(as_of) / "notebooks" / str(lang) / f"{entity_id}.ipynb"
        return self.reports / "notebooks" / STAGE_NOTEBOOKS[stage]

    def stage_notebook(self, stage: str) -> Path:
        """The pipeline notebook a stage executes."""
        return self.notebooks / STAGE_NOTEBOOKS[stage]

    def request_workbook(self, entity_id: str, lang: str) -> Path:
        return self.reports / "requests" / request_workbook_name(entity_id, lang)

    def index_page(self, lang: str) -> Path:
        return self.reports / index_page_name(lang)

    def comparison_page(self, indicator_id: str, lang: str) -> Path:
        return self.reports / lang / comparison_page_name(indicator_id)

    def agencies_page(self, lang: str) -> Path:
        """reports/<lang>/agencies.html: every agency the catalogs name, across all plans."""
        return self.reports / lang / AGENCIES_PAGE

    def comparison_pages(self, lang: str) -> list[Path]:
        """The comparison pages on disk for `lang`, sorted."""
        return sorted((self.reports / lang).glob(comparison_page_name("*")))

    def briefings_on_disk(self, lang: str) -> list[Path]:
        """Every HTML page of reports/<lang>/, sorted."""
        folder = self.reports / lang
        return sorted(folder.glob("*.html")) if folder.is_dir() else []

    @property
    def report_state(self) -> Path:
        """The input and output hashes of briefings, workbooks and pages."""
        return self.reports / ".briefing-hashes.json"

    @classmethod
    def locate(cls, data: str | Path | None = None, reports: str | Path | None = None,
               notebooks: str | Path | None = None) -> Layout:
        """The layout of a run: the data folder (found by `find_data_dir` unless given),
        reports/ beside it unless given, and the pipeline notebooks: notebooks/ beside the
        data folder when it is there, else the ones of this package's source checkout."""
        data_dir = find_data_dir(data)
        if notebooks is None:
            notebooks = data_dir.parent / "notebooks"
            if not notebooks.is_dir():
                notebooks = CHECKOUT / "notebooks"
        return cls(data=data_dir, reports=Path(reports) if reports else data_dir.parent /
                   "reports", notebooks=Path(notebooks))


# --- Names of files linked from pages (relative links are made from them) --------------------

def briefing_name(entity_id: str) -> str:
    """reports/<lang>/<entity>.html, as a page links it."""
    return f"{entity_id}.html"


def index_page_name(lang: str) -> str:
    """reports/index.html (Vietnamese) or reports/index-en.html, as a page links it."""
    return INDEX_PAGES[lang]


def request_workbook_name(entity_id: str, lang: str) -> str:
    return f"{entity_id}-{lang}.xlsx"


def comparison_page_name(indicator_id: str) -> str:
    """compare-<indicator, hyphenated>.html ('*' gives the glob of every comparison page)."""
    return f"compare-{indicator_id.replace('_', '-')}.html"


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
    for folder in (start, *start.parents, CHECKOUT):
        if _is_data_dir(folder / "data"):
            return folder / "data"
    raise UsageError(f"no data folder (data/reference/indicators.yml and data/targets/) in "
                     f"{start} or its parents: pass data_dir")
