"""What a data request asks for (`ggutils request`): the indicators an entity's plans need
that have no observation, or fewer than a trend needs (`find_gaps`), and one row per
indicator and year asked, with its targets, the codebook's name, unit and bounds, the
definition a value of that year must follow, the agencies and the value already observed
(`request_rows`). ggutils.requests.write lays the rows out as a workbook."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ggutils.assess.evaluation import last_past_due_year
from ggutils.reference.catalogs import Reference
from ggutils.reference.messages import Messages
from ggutils.reference.sources import Measure
from ggutils.reference.targets import Catalog, Target
from ggutils.requests.layout import INFO_COLUMNS, definition_for


@dataclass(frozen=True)
class RequestSettings:
    """What a request asks for (defaults as issue 13 asks)."""

    years_before: int = 2            # years asked before the earliest decision of the indicator
    last_year: int | None = None     # the last year asked (None: the last year past due)
    min_points: int | None = None    # fewer points is thin (None: TrendSettings.min_points_fit)


@dataclass(frozen=True)
class Gap:
    """An indicator the entity's targets need: the targets, the points it has, the years asked."""

    indicator: str
    targets: tuple[tuple[Catalog, Target], ...]
    n_points: int
    years: tuple[int, ...]
    min_points: int                  # the points a trend needs (fewer: thin)


# --- What to ask for ----------------------------------------------------------------------

def find_gaps(ref: Reference, obs: pd.DataFrame, entity_id: str,
              settings: RequestSettings | None = None) -> list[Gap]:
    """The indicators a preferred target of the entity's plans needs and the data lack (no
    observation, or fewer than `min_points` in the series stage 2 would judge), each with its
    targets and the years to ask (up to the last year past due), in the order the plans list
    them (newest plan first)."""
    from ggutils.assess.series import select_series
    from ggutils.assess.settings import TrendSettings

    settings = settings or RequestSettings()
    min_points = settings.min_points or TrendSettings().min_points_fit
    needed: dict[str, list[tuple[Catalog, Target]]] = {}
    for catalog in ref.plans.get(entity_id, []):
        for target in catalog.targets:
            if target.preferred:
                needed.setdefault(target.indicator, []).append((catalog, target))
    last = settings.last_year if settings.last_year is not None else last_past_due_year()
    gaps = []
    for indicator, targets in needed.items():
        n = select_series(obs, entity_id, indicator).n
        if n >= min_points:
            continue
        first = min(c.decision.year for c, _ in targets) - settings.years_before
        bases = {t.base_year for _, t in targets if t.base_year is not None}
        years = sorted(set(range(first, max(first, last) + 1)) | bases)
        gaps.append(Gap(indicator, tuple(targets), n, tuple(years), min_points))
    return gaps


def _agency_names(catalogs_targets, role: str, glossary: dict[str, str], lang: str) -> list[str]:
    names = [r.agency for _, t in catalogs_targets for r in t.responsible if r.role == role]
    shown = [glossary.get(n, n) if lang == "en" else n for n in names]
    return list(dict.fromkeys(shown))


def _target_line(catalog: Catalog, target: Target, lang: str) -> str:
    clause = target.clause_en or target.clause if lang == "en" else target.clause
    words = target.label_en if lang == "en" else (target.wording_vi or target.wording_en)
    return f"{catalog.decision.number}, {clause}: {words}"


def _bounds_text(lower: float | None, upper: float | None, lang: str, msgs: Messages) -> str:
    def plain(v: float) -> str:
        text = f"{v:g}"
        return text.replace(".", ",") if lang == "vi" else text

    if lower is not None and upper is not None:
        return msgs("req_bounds", low=plain(lower), high=plain(upper))
    if lower is not None:
        return msgs("req_bounds_low", low=plain(lower))
    if upper is not None:
        return msgs("req_bounds_high", high=plain(upper))
    return msgs("req_bounds_none")


def _existing(obs: pd.DataFrame, sources: pd.DataFrame, entity_id: str, indicator: str
              ) -> dict[int, tuple[float, str]]:
    """The preferred value already observed per year, with its source's title and id."""
    if obs.empty:
        return {}
    rows = obs[(obs["entity_id"] == entity_id) & (obs["indicator"] == indicator)
               & obs["preferred"].astype(bool) & obs["value"].notna()]
    titles = dict(zip(sources.get("source_id", []), sources.get("title", []), strict=True))
    return {int(r.year): (float(r.value), f"{titles.get(r.source_id, r.source_id)} "
                                          f"[{r.source_id}]")
            for r in rows.itertuples()}


def request_rows(ref: Reference, obs: pd.DataFrame, sources: pd.DataFrame, entity_id: str,
                 msgs: Messages, gaps: list[Gap], glossary: dict[str, str] | None = None,
                 measures: list[Measure] | None = None) -> pd.DataFrame:
    """One row per gap and year: the INFO_COLUMNS as the sheet shows them (in the messages'
    language) and `indicator_id`, `target_ids`, `lower`, `upper`; sorted by agency (agencies
    the decisions do not name last), then the plans' order, then year. `measures` (the
    registry's `request_workbooks.measures`) give each year's definition."""
    lang, glossary = msgs.lang, glossary or {}
    rows = []
    for order, gap in enumerate(gaps):
        indicator = ref.codebook[gap.indicator]
        unit = ref.codebook.units[indicator.unit]
        leads = _agency_names(gap.targets, "lead", glossary, lang)
        reason = msgs("req_reason_missing") if gap.n_points == 0 else msgs(
            "req_reason_thin", n=gap.n_points, needed=gap.min_points)
        existing = _existing(obs, sources, entity_id, gap.indicator)
        common = {
            "agency": "; ".join(leads) or msgs("responsible_none"),
            "partners": "; ".join(_agency_names(gap.targets, "partner", glossary, lang)),
            "plan": "\n".join(dict.fromkeys(c.decision.number for c, _ in gap.targets)),
            "targets": "\n".join(_target_line(c, t, lang) for c, t in gap.targets),
            "indicator": indicator.name(lang),
            "unit": unit.name_vi if lang == "vi" else unit.name_en,
            "bounds": _bounds_text(indicator.lower, indicator.upper, lang, msgs),
            "reason": reason, "indicator_id": gap.indicator,
            "target_ids": ",".join(t.id for _, t in gap.targets),
            "lower": indicator.lower, "upper": indicator.upper,
            "_named": bool(leads), "_order": order,
        }
        for year in gap.years:
            value, source = existing.get(year, (None, ""))
            definition = definition_for(measures or [], gap.indicator, year)
            rows.append({**common, "year": year, "existing_value": value,
                         "existing_source": source,
                         "definition": msgs("req_definition_standard")
                         if definition == "standard" else msgs(f"definition_{definition}")})
    frame = pd.DataFrame(rows, columns=[*INFO_COLUMNS, "indicator_id", "target_ids", "lower",
                                        "upper", "_named", "_order"])
    frame = frame.sort_values(["_named", "agency", "_order", "year"],
                              ascending=[False, True, True, True], kind="stable")
    return frame.drop(columns=["_named", "_order"]).reset_index(drop=True)
