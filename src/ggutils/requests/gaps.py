"""What a data request asks for (`ggutils request`): the indicators an entity's plans need
that have no observation, or fewer than a trend needs (`find_gaps`), and one row per
indicator and year asked, with its targets, the codebook's name, unit and bounds, the
definition a value of that year must follow, the agencies and the value already observed
(`request_rows`). Each row names the agency asked and why (`gap_addressees`, `basis_text`:
the agency a decision names for the target, else the one it charges with carrying out the
plan, else its issuing body, said as such). ggutils.requests.write lays the rows out as a
workbook."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ggutils.assess.evaluation import last_past_due_year
from ggutils.reference.addressees import Addressee, addressee
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
    own = obs[obs["entity_id"] == entity_id]   # once, not for each indicator
    for indicator, targets in needed.items():
        n = select_series(own, entity_id, indicator).n
        if n >= min_points:
            continue
        first = min(c.decision.year for c, _ in targets) - settings.years_before
        bases = {t.base_year for _, t in targets if t.base_year is not None}
        years = sorted(set(range(first, max(first, last) + 1)) | bases)
        gaps.append(Gap(indicator, tuple(targets), n, tuple(years), min_points))
    return gaps


def _shown(names, glossary: dict[str, str], lang: str) -> list[str]:
    return list(dict.fromkeys(glossary.get(n, n) if lang == "en" else n for n in names))


def gap_addressees(gap: Gap) -> tuple[tuple[Catalog, Addressee], ...]:
    """Whom a gap's rows ask: the addressees of its targets (reference.addressees.addressee) on
    the strongest basis among them, one per agency, in the targets' order, each with its
    plan. A target named for an agency outranks one whose plan is only charged to one."""
    found = [(catalog, addressee(catalog, target)) for catalog, target in gap.targets]
    best = min(a.rank for _, a in found)
    chosen: dict[str, tuple[Catalog, Addressee]] = {}
    for catalog, a in found:
        if a.rank == best:
            chosen.setdefault(a.agency, (catalog, a))
    return tuple(chosen.values())


def basis_text(msgs: Messages, catalog: Catalog, asked: Addressee) -> str:
    """Why `asked` is asked, in the messages' language: named for the target or charged with
    carrying out the plan (the decision and its clause), or the issuing body (the
    decision's implementation clause not available, or not yet entered)."""
    decision, lang = catalog.decision, msgs.lang
    document = decision.number if lang == "vi" else (decision.number_en or decision.number)
    clause = asked.clause if lang == "vi" else (asked.clause_en or asked.clause)
    if asked.basis == "named for the target":
        return msgs("owed_basis_named", document=document, clause=clause)
    if asked.basis == "charged with the plan":
        return msgs("owed_basis_charged", document=document, clause=clause)
    key = "owed_basis_issuer_untranscribed" if decision.source else "owed_basis_issuer"
    return msgs(key, document=document)


def _partners(gap: Gap, asked: tuple[tuple[Catalog, Addressee], ...]) -> list[str]:
    """The partners the decisions name for the gap's targets, and where the plan's lead is
    asked, the partners the decision charges with the plan."""
    names = [r.agency for _, t in gap.targets for r in t.responsible if r.role == "partner"]
    names += [i.agency for c, a in asked if a.basis == "charged with the plan"
              for i in c.decision.implemented_by if i.role == "partner"]
    agencies = {a.agency for _, a in asked}
    return [n for n in names if n not in agencies]


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


def source_titles(sources: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each source's title as a reader cites it (publication, table, date: the registry's
    title, in Vietnamese on a Vietnamese workbook where it has one), by source id."""
    titles = dict(zip(sources.get("source_id", []), sources.get("title", []), strict=True))
    if lang == "vi" and "title_vi" in sources:
        titles.update({i: t for i, t in zip(sources["source_id"], sources["title_vi"],
                                            strict=True) if isinstance(t, str) and t.strip()})
    return titles


def _existing(obs: pd.DataFrame, titles: dict[str, str], entity_id: str, indicator: str
              ) -> dict[int, tuple[float, str]]:
    """The preferred value already observed per year, with its source's title (no id: the
    downloads and notebooks keep the provenance to file and row)."""
    if obs.empty:
        return {}
    rows = obs[(obs["entity_id"] == entity_id) & (obs["indicator"] == indicator)
               & obs["preferred"].astype(bool) & obs["value"].notna()]
    return {int(r.year): (float(r.value), titles.get(r.source_id, ""))
            for r in rows.itertuples()}


def request_rows(ref: Reference, obs: pd.DataFrame, sources: pd.DataFrame, entity_id: str,
                 msgs: Messages, gaps: list[Gap], glossary: dict[str, str] | None = None,
                 measures: list[Measure] | None = None) -> pd.DataFrame:
    """One row per gap and year: the INFO_COLUMNS as the sheet shows them (in the messages'
    language) and `indicator_id`, `target_ids`, `lower`, `upper`; every row names the agency
    asked and why (`gap_addressees`). Sorted by basis (agencies named for a target first,
    then those charged with a plan, then issuing bodies), agency, the plans' order and year.
    `measures` (the registry's `request_workbooks.measures`) give each year's definition."""
    lang, glossary = msgs.lang, glossary or {}
    titles = source_titles(sources, lang)
    rows = []
    for order, gap in enumerate(gaps):
        indicator = ref.codebook[gap.indicator]
        unit = ref.codebook.units[indicator.unit]
        asked = gap_addressees(gap)
        reason = msgs("req_reason_missing") if gap.n_points == 0 else msgs(
            "req_reason_thin", n=gap.n_points, needed=gap.min_points)
        existing = _existing(obs, titles, entity_id, gap.indicator)
        common = {
            "agency": "; ".join(_shown([a.agency for _, a in asked], glossary, lang)),
            "basis": "\n".join(dict.fromkeys(basis_text(msgs, c, a) for c, a in asked)),
            "partners": "; ".join(_shown(_partners(gap, asked), glossary, lang)),
            "plan": "\n".join(dict.fromkeys(c.decision.number for c, _ in gap.targets)),
            "targets": "\n".join(_target_line(c, t, lang) for c, t in gap.targets),
            "indicator": indicator.name(lang),
            "unit": unit.name_vi if lang == "vi" else unit.name_en,
            "bounds": _bounds_text(indicator.lower, indicator.upper, lang, msgs),
            "reason": reason, "indicator_id": gap.indicator,
            "target_ids": ",".join(t.id for _, t in gap.targets),
            "lower": indicator.lower, "upper": indicator.upper,
            "_rank": asked[0][1].rank, "_order": order,
        }
        for year in gap.years:
            value, source = existing.get(year, (None, ""))
            definition = definition_for(measures or [], gap.indicator, year)
            rows.append({**common, "year": year, "existing_value": value,
                         "existing_source": source,
                         "definition": msgs("req_definition_standard")
                         if definition == "standard" else msgs(f"definition_{definition}")})
    frame = pd.DataFrame(rows, columns=[*INFO_COLUMNS, "indicator_id", "target_ids", "lower",
                                        "upper", "_rank", "_order"])
    frame = frame.sort_values(["_rank", "agency", "_order", "year"], kind="stable")
    return frame.drop(columns=["_rank", "_order"]).reset_index(drop=True)
