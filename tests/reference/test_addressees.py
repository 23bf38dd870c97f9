"""Who is asked for a target's data: the agency named for it, else the one charged with the
plan, else the issuing body, each named as the agency glossary names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ggutils.reference.addressees import BASES, Addressee, addressee
from ggutils.reference.agencies import load_agencies
from ggutils.reference.targets import Catalog, Decision, Responsible, Target
from tests.conftest import DATA


def _target(**kw) -> Target:
    base = dict(id="t", indicator="share", clause="x", wording_vi="x", label_en="x",
                comparator=">=", value=50, unit="%", target_year=2020)
    base.update(kw)
    return Target(**base)


def test_every_addressee_is_in_the_glossary(catalogs):
    """Every target has an addressee, named as data/reference/agencies.csv names it; a plan
    whose decision text was read names who carries it out, one read from a table does not."""
    glossary = load_agencies(DATA / "reference" / "agencies.csv")
    for catalog in catalogs.values():
        assert bool(catalog.decision.implemented_by) == bool(catalog.decision.source), \
            catalog.plan_id
        for agency in (i.agency for i in catalog.decision.implemented_by):
            assert agency in glossary, (catalog.plan_id, agency)
        for entry in (*catalog.targets, *catalog.drafts, *catalog.monitoring):
            assert addressee(catalog, entry).agency in glossary, (catalog.plan_id, entry.id)


def _plan(implemented_by=(), source="x.txt") -> Catalog:
    decision = Decision(entity_id="lai-chau", number="1/QĐ-UBND", date="2012-11-30",
                        issuer="UBND tỉnh Lai Châu", title_vi="x", source=source,
                        source_table="" if source else "t.csv",
                        implemented_by=list(implemented_by))
    return Catalog(decision, (), (), (), Path("lai-chau.yml"))


CHARGED = [{"agency": "Sở A", "role": "partner", "clause": "mục VII.3", "quote": "phối hợp"},
           {"agency": "Sở B", "role": "lead", "clause": "mục VII.1",
            "clause_en": "section VII.1", "quote": "Là cơ quan đầu mối"}]


def test_the_agency_named_for_a_target_is_asked_its_lead_first():
    partner, lead = Responsible(agency="Sở C", role="partner"), Responsible(agency="Sở D",
                                                                          role="lead")
    target = _target(clause="Phụ lục II.1", clause_en="Annex II.1", responsible=[partner, lead])
    assert addressee(_plan(CHARGED), target) == Addressee(
        "Sở D", "lead", "named for the target", "Phụ lục II.1", "Annex II.1")
    alone = addressee(_plan(CHARGED), _target(responsible=[partner]))
    assert (alone.agency, alone.role, alone.basis) == ("Sở C", "partner", "named for the target")


def test_no_agency_named_asks_the_one_charged_with_the_plan():
    got = addressee(_plan(CHARGED), _target(responsible=[]))
    assert got == Addressee("Sở B", "lead", "charged with the plan", "mục VII.1",
                            "section VII.1", "Là cơ quan đầu mối")


@pytest.mark.parametrize("source", ["x.txt", ""])
def test_without_an_implementation_clause_the_issuing_body_is_asked(source):
    got = addressee(_plan(source=source), _target(responsible=[]))
    assert got == Addressee("UBND tỉnh Lai Châu", "issuer", "issuing body")
    assert BASES[got.rank] == "issuing body"
    assert got.rank > addressee(_plan(CHARGED), _target()).rank
