"""Who is asked for a target's data (`addressee`): the agency the decision names for the
target, else the one it charges with carrying out the plan, else the body that issued it, each
with the clause that says so (`Addressee`). Whom a briefing's gaps, the agencies page and the
data-request workbooks ask (brief.gaps, brief.agencies, requests.gaps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ggutils.reference.targets import Catalog, Monitored, Target

# Why an agency is asked for a target's data, strongest first (`addressee`).
BASES = ("named for the target", "charged with the plan", "issuing body")
Basis = Literal["named for the target", "charged with the plan", "issuing body"]


@dataclass(frozen=True)
class Addressee:
    """The agency asked for a target's data, and on what basis: the agency the decision
    names for the target (`clause` is the target's); else the one it charges with carrying
    out the plan (`clause` and `quote`: where and how it says so); else, where the decision's
    implementation clause was not available, the body that issued it (no clause)."""

    agency: str                  # the Vietnamese name, as data/reference/agencies.csv has it
    role: Literal["lead", "partner", "issuer"]
    basis: Basis
    clause: str = ""
    clause_en: str = ""
    quote: str = ""

    @property
    def rank(self) -> int:
        """0 for the strongest basis (named for the target), 2 for the issuing body."""
        return BASES.index(self.basis)


def addressee(catalog: Catalog, target: Target | Monitored) -> Addressee:
    """Whom to ask for `target`'s data (a target or monitored indicator of `catalog`)."""
    named = sorted(target.responsible, key=lambda r: r.role != "lead")
    if named:
        return Addressee(named[0].agency, named[0].role, "named for the target",
                         target.clause, target.clause_en)
    decision = catalog.decision
    for lead in (i for i in decision.implemented_by if i.role == "lead"):
        return Addressee(lead.agency, "lead", "charged with the plan", lead.clause,
                         lead.clause_en, lead.quote)
    return Addressee(decision.issuer, "issuer", "issuing body")
