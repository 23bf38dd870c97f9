"""Stage 3, agencies held to account: each agency an entity's plans name, the targets it
leads (or, where the decision names no agency for a target, is the addressee of as the one
charged with carrying out the plan), each with its verdict, and the data it owes through the
entity's request workbook (values asked, returned, outstanding).

An agency is named by a target's or a monitored indicator's `responsible`, by a plan's
`implemented_by`, by a task's lead or partners (where the text names an agency of the
glossary, data/reference/agencies.csv), or as the addressee of a target no agency is named
for (`reference.addressees.addressee`: the plan's lead implementer, else the issuing body).
Spellings the glossary gives one English name ("Sở Tài nguyên và môi trường", "Sở Tài nguyên
và Môi trường") are one agency.

Asked: the rows of the entity's request workbook (one per indicator and year,
ggutils.requests.gaps) addressed to the agency (`gap_addressees`: the targets' addressees on
the strongest basis). Returned: those rows holding a value (not a missing mark) in a
workbook under data/raw/contributed/ (read as ggutils.clean.contributed reads it; a returned
row the current workbook no longer asks counts as asked and returned). Outstanding: asked
less returned.

`agencies_html(b)` is the section of one briefing; brief.agencies_page writes the page across
all plans, reports/<lang>/agencies.html.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ggutils.brief.data import BriefingData
from ggutils.brief.render import render
from ggutils.paths import Layout
from ggutils.reference.addressees import Addressee, addressee
from ggutils.reference.targets import Catalog, Implementer, Target

# The order an agency's targets are listed in: those it leads, those it is the addressee of
# (charged with the plan, or the issuing body where no implementation clause was seen), those
# it is a partner in.
ROLES = ("lead", "charged with the plan", "issuing body", "partner")


# --- Who is named, and for what ------------------------------------------------------------

@dataclass(frozen=True)
class TargetRole:
    """A target an agency answers for: as the lead or a partner the decision names for it,
    or, where it names no agency for it, as its addressee (`addressee`: charged with
    carrying out the plan, or the issuing body; `role` is then the addressee's basis)."""

    plan: Catalog
    target: Target
    agency: str
    role: str
    addressee: Addressee | None = None


@dataclass(frozen=True)
class Mention:
    """An agency named for something other than a target: a monitored indicator, a task, or
    carrying out the plan as a whole (`implementer`: the decision's words)."""

    plan: Catalog
    kind: str      # 'monitored', 'task' or 'plan'
    role: str      # 'lead' or 'partner'
    implementer: Implementer | None = None


@dataclass
class Agency:
    """One agency of an entity's plans: its name as the catalogs print it, what it answers
    for, and the data it owes."""

    key: str
    name: str
    targets: list[TargetRole] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    asked: int = 0
    returned: int = 0

    @property
    def outstanding(self) -> int:
        return self.asked - self.returned

    @property
    def answers_for(self) -> int:
        """How many targets it leads or is the addressee of."""
        return sum(1 for t in self.targets if t.role != "partner")


def agency_key(name: str, glossary: dict[str, str]) -> str:
    """One key per agency: the glossary's English name where it has one (so two spellings
    of a department are one), else the Vietnamese name, folded."""
    return " ".join((glossary.get(name) or name).split()).casefold()


def named_in_text(text: str, glossary: dict[str, str]) -> list[str]:
    """The glossary's agencies a free text names ('Sở Kế hoạch và Đầu tư phối hợp với Sở
    Thông tin truyền thông' -> both), as the glossary spells them; longest names first, whole
    words, any case."""
    if not text or not glossary:
        return []
    names = {n.casefold(): n for n in glossary}
    pattern = "|".join(re.escape(n) for n in sorted(glossary, key=len, reverse=True))
    found = re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, flags=re.IGNORECASE)
    return list(dict.fromkeys(names[m.group(0).casefold()] for m in found))


def target_roles(plan: Catalog, target: Target) -> list[TargetRole]:
    """Who answers for a target: the agencies the decision names for it; where it names
    none, its addressee (the agency charged with the plan, or the issuing body)."""
    if target.responsible:
        return [TargetRole(plan, target, r.agency, r.role) for r in target.responsible]
    found = addressee(plan, target)
    return [TargetRole(plan, target, found.agency, found.basis, found)]


def _named(plan: Catalog, glossary: dict[str, str]
           ) -> Iterator[tuple[str, TargetRole | Mention]]:
    """Every agency a plan names, with what for: carrying out the plan, a target (judged,
    preferred), a monitored indicator, a task."""
    for implementer in plan.decision.implemented_by:
        yield implementer.agency, Mention(plan, "plan", implementer.role, implementer)
    for target in plan.targets:
        if target.preferred:
            yield from ((role.agency, role) for role in target_roles(plan, target))
    for monitored in plan.monitoring:
        yield from ((r.agency, Mention(plan, "monitored", r.role))
                    for r in monitored.responsible)
    for task in plan.tasks:
        for role, text in (("lead", task.lead), ("partner", task.partners)):
            yield from ((name, Mention(plan, "task", role))
                        for name in named_in_text(text, glossary))


def collect_agencies(plans: Iterable[Catalog], glossary: dict[str, str]) -> list[Agency]:
    """Every agency the plans name, each with its targets and other mentions; those
    answering for most targets first, then by name."""
    found: dict[str, Agency] = {}
    for plan in plans:
        for name, what in _named(plan, glossary):
            key = agency_key(name, glossary)
            agency = found.setdefault(key, Agency(key, name.strip()))
            (agency.targets if isinstance(what, TargetRole) else agency.mentions).append(what)
    return sorted(found.values(), key=lambda a: (-a.answers_for, -len(a.targets), a.key))


# --- What each owes: the request workbook's rows, asked and returned --------------------------

@dataclass(frozen=True)
class Ask:
    """One row of a request workbook: an indicator and a year of an entity."""

    entity_id: str
    indicator: str
    year: int


def row_agencies(pairs: Iterable[tuple[Catalog, Target]]) -> list[str]:
    """The agencies a workbook row for these targets is addressed to, as the workbook
    names them (ggutils.requests.gaps.gap_addressees: their addressees on the strongest
    basis)."""
    from ggutils.requests.gaps import Gap, gap_addressees

    pairs = tuple(pairs)
    if not pairs:
        return []
    return [a.agency for _, a in gap_addressees(Gap("", pairs, 0, (), 0))]


def asked_rows(b: BriefingData) -> dict[Ask, list[str]]:
    """The entity's request rows (ggutils.requests.gaps, as the workbook asks them), each
    with the agencies it is addressed to."""
    from ggutils.reference.catalogs import Reference
    from ggutils.requests.gaps import find_gaps, gap_addressees

    reference = Reference(b.codebook, b.register, {p.plan_id: p for p in b.plans})
    asks: dict[Ask, list[str]] = {}
    for gap in find_gaps(reference, b.observations, b.entity_id):
        for year in gap.years:
            asks[Ask(b.entity_id, gap.indicator, year)] = [
                a.agency for _, a in gap_addressees(gap)]
    return asks


@dataclass(frozen=True)
class Returns:
    """The rows filled in the workbooks returned under contributed/, and how many
    workbooks came back for each entity."""

    rows: dict[Ask, tuple[str, ...]]     # a row with a value -> the ids of its targets
    books: dict[str, int]

    def for_entity(self, entity_id: str) -> dict[Ask, tuple[str, ...]]:
        return {a: ids for a, ids in self.rows.items() if a.entity_id == entity_id}


def read_returns(layout: Layout) -> Returns:
    """The returned workbooks of data/raw/contributed/ (each .xlsx the reader reads; other
    entries are named in stage 1's quarantine), read once per process while unchanged."""
    folder = layout.contributed
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in entries
                  if p.is_file())
    return _read_returns(stamp, layout.cleaning_rules)


@functools.lru_cache(maxsize=4)
def _read_returns(stamp: tuple, rules_path: Path) -> Returns:
    from ggutils.clean.contributed import not_read_reason
    from ggutils.clean.rules import load_rules
    from ggutils.clean.workbook_read import read_book
    from ggutils.requests.layout import cell_text

    marks = set(load_rules(rules_path).missing_marks) if stamp else set()
    rows: dict[Ask, tuple[str, ...]] = {}
    books: dict[str, int] = {}
    for path_text, _, _ in stamp:
        path = Path(path_text)
        if not_read_reason(path) is not None:
            continue
        book = read_book(path)
        entity = str(book.meta["entity"])
        books[entity] = books.get(entity, 0) + 1
        for row in book.rows:
            value = cell_text(row.cells.get("value")).strip()
            if row.entry is None or not value or value in marks:
                continue
            ask = Ask(entity, str(row.entry["indicator"]), int(row.entry["year"]))
            ids = tuple(i for i in str(row.entry["targets"] or "").split(",") if i)
            rows[ask] = tuple(dict.fromkeys((*rows.get(ask, ()), *ids)))
    return Returns(rows, books)


def count_owed(b: BriefingData, agencies: list[Agency], returns: Returns) -> None:
    """Set each agency's asked and returned rows (outstanding follows)."""
    glossary = b.agencies
    targets = {t.id: (p, t) for p in b.plans for t in p.targets}
    asks = {a: [agency_key(n, glossary) for n in names]
            for a, names in asked_rows(b).items()}
    returned = returns.for_entity(b.entity_id)
    for ask, ids in returned.items():
        named = [agency_key(n, glossary)
                 for n in row_agencies(targets[i] for i in ids if i in targets)]
        asks[ask] = list(dict.fromkeys([*asks.get(ask, []), *named]))
    for agency in agencies:
        mine = {ask for ask, keys in asks.items() if agency.key in keys}
        agency.asked, agency.returned = len(mine), len(mine & set(returned))


# --- The section of one briefing, and the page across all plans --------------------------------

def _role_text(b: BriefingData, role: TargetRole) -> str:
    """'lead', 'partner'; for an addressee, on what basis (and the decision's clause)."""
    if role.addressee is None:
        return b.msgs(f"role_{role.role}")
    if role.role == "issuing body":
        return b.msgs("agencies_role_issuer")
    return b.msgs("agencies_role_charged", clause=b.fmt.clause(role.addressee))


def _target_item(b: BriefingData, role: TargetRole) -> dict:
    """A target as the table lists it: its verdict, indicator, goal and year."""
    t = role.target
    name = b.codebook[t.indicator].name(b.lang)
    return {"verdict": b.verdict(str(b.row(t)["verdict"])),
            "goal": f"{name} {b.fmt.goal(t)} ({t.target_year})"}


def _target_groups(b: BriefingData, agency: Agency, compact: bool = False) -> list[dict]:
    """The agency's targets plan by plan (the briefing's order), and within a plan by
    role (ROLES), each group headed by the plan and the role; `compact`: each verdict with
    the number of the group's targets that have it (most first), not each target."""
    groups = []
    for plan in b.plans:
        for role in ROLES:
            mine = [r for r in agency.targets if r.plan is plan and r.role == role]
            if not mine:
                continue
            items = [_target_item(b, r) for r in mine]
            counts = Counter(str(b.row(r.target)["verdict"]) for r in mine).most_common()
            groups.append({"name": b.plan_name(plan), "role": _role_text(b, mine[0]),
                           "targets": [] if compact else items,
                           "counts": [{"verdict": b.verdict(code), "count": n}
                                      for code, n in counts] if compact else []})
    return groups


def _mention_lines(b: BriefingData, agency: Agency) -> list[str]:
    """What else the agency is named for: carrying out a plan (with the decision's clause),
    monitored indicators and tasks (counted by role)."""
    lines = [b.msgs(f"agencies_charged_plan_{m.role}", plan=b.plan_name(m.plan),
                    clause=b.fmt.clause(m.implementer))
             for m in agency.mentions if m.kind == "plan"]
    counts: dict[tuple[str, str], int] = {}
    for m in agency.mentions:
        if m.kind != "plan":
            counts[(m.kind, m.role)] = counts.get((m.kind, m.role), 0) + 1
    return lines + [b.msgs(f"agencies_named_{kind}", n=n, role=b.msgs(f"role_{role}"))
                    for (kind, role), n in counts.items()]


def agency_rows(b: BriefingData, returns: Returns | None = None, compact: bool = False
                ) -> list[dict]:
    """One row per agency of the entity's plans, as the table shows it (`compact`: its
    targets' verdicts counted, not listed)."""
    agencies = collect_agencies(b.plans, b.agencies)
    count_owed(b, agencies, read_returns(b.layout) if returns is None else returns)
    rows = []
    for a in agencies:
        rows.append({"name": b.agency(a.name), "plans": _target_groups(b, a, compact),
                     "others": _mention_lines(b, a), "asked": a.asked,
                     "returned": a.returned, "outstanding": a.outstanding})
    return rows


def agencies_table(b: BriefingData, table_id: str, returns: Returns | None = None,
                   compact: bool = False) -> dict:
    """The agencies table of one entity, with the note on returned workbooks."""
    m = b.msgs
    returns = read_returns(b.layout) if returns is None else returns
    books = returns.books.get(b.entity_id, 0)
    rows = agency_rows(b, returns, compact)
    return {"id": table_id, "agencies": rows,
            # on paper, agencies that answer for no target are left off, and counted
            "print_note": m("agencies_print_note", n=sum(not a["plans"] for a in rows)),
            "columns": [m(k) for k in ("agencies_col_agency", "agencies_col_targets",
                                       "agencies_col_asked", "agencies_col_returned",
                                       "agencies_col_outstanding")],
            "no_targets": m("agencies_no_targets"),
            "returned_note": m("agencies_books_returned", n=books) if books
            else m("agencies_none_returned"),
            "none": m("agencies_none", entity=b.register.name(b.entity_id, b.lang))}


def agencies_html(b: BriefingData, compact: bool = False) -> str:
    """The briefing's section (id "agencies"): each agency its plans name, the targets it
    answers for with their verdicts (`compact`: the verdicts counted, for a page that lists
    the targets elsewhere), and the data it owes."""
    return render("agencies.html.j2", heading=b.msgs("agencies_heading"),
                  intro=b.msgs("agencies_intro"),
                  table=agencies_table(b, "agencies-table", compact=compact))
