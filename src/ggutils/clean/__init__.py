"""Stage 1, cleaning: raw published tables -> one tidy, validated observation table.

Each file registered in data/raw/sources.yml is read by its layout into records (one printed
value each); a record becomes an observation or a quarantine row with the field and the
reason, or is counted as an empty cell or as out of scope (a measure the registry says the
project does not use). Conservation (values read = accepted + quarantined + empty +
out_of_scope) is checked per file and in total, and the run fails if it does not add up.

The modules, in the order a value meets them: `read` (files -> text tables), `records`
(layouts -> one row per value), `numbers` and `years` (printed numbers and dates), `checks`
(per-field checks), `source` (one file end to end), `validate` (the schema, conservation),
`conflicts` (consistency flags, the preferred value). The words and marks they match are
data: `rules` loads data/reference/cleaning_rules.yml. Filled data-request workbooks in
data/raw/contributed/ are read by `contributed` instead of `read` and `records`: each
workbook's package checked against `workbook_limits` before it is parsed, read once by
`workbook_read`, its rows checked in order by `workbook_checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow

from ggutils.clean.checks import split_unit
from ggutils.clean.conflicts import conflicts, flag_inconsistent, mark_preferred
from ggutils.clean.contributed import (
    REQUEST_LAYOUT,
    clean_workbook,
    flag_text_numbers,
    not_read_lines,
)
from ggutils.clean.read import QUARANTINE_COLUMNS, read_table
from ggutils.clean.rules import RULES_FILE, CleaningRules, load_rules
from ggutils.clean.source import OBSERVATION_COLUMNS, SourceResult, clean_source
from ggutils.clean.validate import CONSERVATION_COLUMNS, check_conservation, validate_observations
from ggutils.clean.years import infer_years, publication_months
from ggutils.io import write_csv_atomic
from ggutils.paths import Layout
from ggutils.project import Project, as_project
from ggutils.reference.indicators import Codebook
from ggutils.reference.provinces import Register
from ggutils.reference.sources import Registry

__all__ = [
    "CONSERVATION_COLUMNS", "OBSERVATION_COLUMNS", "QUARANTINE_COLUMNS", "SOURCE_COLUMNS",
    "CleanResult", "CleaningRules", "SourceResult", "check_conservation", "clean_all",
    "clean_source", "conflicts", "flag_inconsistent", "load_rules", "mark_preferred",
    "read_table", "run_clean", "split_unit", "validate_observations", "write_clean",
]

SOURCE_COLUMNS = ["source_id", "source_file", "title", "url", "tier"]
SORT_KEYS = ["entity_id", "indicator", "year", "source_id"]
TEXT_COLUMNS = ["entity_id", "entity_type", "indicator", "unit", "qualifier",
                "status", "definition", "source_id", "source_file", "area_as_printed",
                "unit_as_printed"]


@dataclass(frozen=True)
class CleanResult:
    """What clean_all returns. `observations` is sorted by entity, indicator, year and
    source, holds its repeated text columns as Categoricals and `value_as_printed` as
    pyarrow text; read_observations gives the written CSV back as plain text."""

    observations: pd.DataFrame
    quarantine: pd.DataFrame
    conservation: pd.DataFrame
    sources: pd.DataFrame
    conventions: pd.DataFrame

    def summary(self) -> str:
        """The conservation table as text, with the totals line (values_read = accepted +
        quarantined + empty + out_of_scope; rows that repeat the header are counted as
        non_data) and a line per entry or sheet of contributed/ not read, with the reason."""
        total = self.conservation[CONSERVATION_COLUMNS[1:]].sum()
        lines = [self.conservation.to_string(index=False),
                 "TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items()),
                 *not_read_lines(self.quarantine)]
        return "\n".join(lines)


def clean_all(registry: Registry, codebook: Codebook, register: Register,
              rules: CleaningRules | None = None) -> CleanResult:
    """Clean every registered file; check conservation per file and in total. The rules
    default to the cleaning_rules.yml beside the codebook."""
    rules = rules or load_rules(codebook.path.parent / RULES_FILE)
    readers = {REQUEST_LAYOUT: clean_workbook}  # filled request workbooks (contributed/)
    results = [readers.get(source.layout, clean_source)(source, registry.raw_dir, codebook,
                                                        register, rules)
               for source in registry.sources]
    observations = _stack([r.observations for r in results])
    observations, rejected = validate_observations(observations, codebook, rules)
    quarantine = pd.concat([*(r.quarantine for r in results), rejected], ignore_index=True)
    conservation = pd.DataFrame([r.conservation for r in results],
                                columns=CONSERVATION_COLUMNS)
    moved = rejected["source_file"].value_counts()
    conservation["accepted"] -= conservation["source_file"].map(moved).fillna(0).astype(int)
    conservation["quarantined"] += conservation["source_file"].map(moved).fillna(0).astype(int)
    published = {s.id: s.published for s in registry.sources if s.published}
    months = publication_months(registry, [s for r in results for s in r.sources])
    observations = infer_years(observations, months, codebook, rules)
    observations = observations.assign(flag=flag_inconsistent(observations, codebook))
    observations = flag_text_numbers(mark_preferred(observations, rules, published))
    observations = observations.sort_values(SORT_KEYS, kind="stable")[OBSERVATION_COLUMNS]
    result = CleanResult(
        observations.reset_index(drop=True), quarantine.astype({"source_row": int}),
        conservation, pd.DataFrame([s for r in results for s in r.sources],
                                   columns=SOURCE_COLUMNS),
        pd.DataFrame([c for r in results for c in r.conventions]))
    check_conservation(result)
    return result


def _stack(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The files' observations as one table, repeated text as Categoricals (lexically
    ordered categories, so sorting them sorts the text)."""
    columns = [c for c in OBSERVATION_COLUMNS if c not in ("preferred", "flag",
                                                           "year_as_printed")]
    found = [p for p in parts if not p.empty]
    stacked = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)
    return stacked.astype({**{c: "category" for c in TEXT_COLUMNS},
                           "value_as_printed": pd.ArrowDtype(pyarrow.string()),
                           "year": "int64", "value": "float64", "source_row": "int64",
                           "source_tier": "int64"})


def write_clean(result: CleanResult, layout: Layout) -> None:
    """Write observations, quarantine, sources and the conservation report atomically."""
    write_csv_atomic(result.observations, layout.observations)
    write_csv_atomic(result.quarantine, layout.quarantine)
    write_csv_atomic(result.sources, layout.sources_table)
    write_csv_atomic(result.conservation, layout.conservation)


def run_clean(data: Path | Project) -> CleanResult:
    """Stage 1 end to end (`data`: a Project or its data folder): the registry, reference
    data and rules; clean, write."""
    project = as_project(data)
    rules = load_rules(project.layout.cleaning_rules)
    result = clean_all(project.registry, project.codebook, project.register, rules)
    write_clean(result, project.layout)
    return result
