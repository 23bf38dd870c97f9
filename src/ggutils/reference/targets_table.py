"""The catalogs' targets as a table (`targets_frame`, columns `TARGET_COLUMNS`): one row per
target with its catalog fields and its plan, as `ggutils targets` writes it and the provenance
section of a briefing lists it.
"""

from __future__ import annotations

import pandas as pd

from ggutils.reference.targets import Catalog

TARGET_COLUMNS = ["entity_id", "plan_id", "plan_kind", "target_id", "indicator", "clause",
                  "wording_vi", "wording_en", "label_en", "comparator", "form", "base_year",
                  "value", "low", "high", "tolerance", "tolerance_basis", "unit", "target_year",
                  "note", "responsible",
                  "decision_number", "decision_date", "source_url", "source_row", "group",
                  "preferred", "gap_reason"]


def targets_frame(catalogs: dict[str, Catalog]) -> pd.DataFrame:
    """One row per target with the catalog fields as columns, plus its plan."""
    rows = []
    for plan_id, catalog in catalogs.items():
        decision = catalog.decision
        for t in catalog.targets:
            rows.append({
                "entity_id": catalog.entity_id, "plan_id": plan_id, "plan_kind": decision.kind,
                "target_id": t.id, "indicator": t.indicator, "clause": t.clause,
                "wording_vi": t.wording_vi, "wording_en": t.wording_en, "label_en": t.label_en,
                "comparator": t.comparator, "form": t.form, "base_year": t.base_year,
                "value": t.value, "low": t.low, "high": t.high, "tolerance": t.tolerance,
                "tolerance_basis": t.tolerance_basis,
                "unit": t.unit, "target_year": t.target_year, "note": t.note,
                "responsible": "; ".join(f"{r.agency} ({r.role})" for r in t.responsible),
                "decision_number": decision.number,
                "decision_date": decision.date.isoformat() if decision.date else
                str(decision.adopted_year),
                "source_url": t.source_url, "source_row": t.source_row, "group": t.group,
                "preferred": t.preferred, "gap_reason": t.gap_reason,
            })
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)
