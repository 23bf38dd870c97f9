"""The text one-language pages need is data (issue 14, item 2): every agency a catalog names is
in the glossary (data/reference/agencies.csv), the task register and the clause labels have
English, the decisions' issuers have English, and the registry's English descriptions have a
Vietnamese title; the reasons a target has no series have Vietnamese, and a decision named
rather than numbered has an English name. English text carries no Vietnamese letters (English
names of places are the register's ASCII forms: "Hung Yen", "Lai Chau")."""

from __future__ import annotations

import re

import pytest

from ggutils.paths import Layout
from ggutils.project import load_reference
from ggutils.reference.agencies import load_agencies
from ggutils.reference.sources import load_sources
from tests.conftest import DATA

# Letters of Vietnamese and not of English: the vowels with a breve, circumflex or horn, đ,
# and every vowel with a tone mark.
VIETNAMESE = re.compile(
    "[ăâđêôơư"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
    re.IGNORECASE)
# Three lower-case letters in a row: a clause with them is a description, not a bare label
# of section numbers ('III.2', 'III.11.b').
WORD = re.compile(r"[a-z]{3}")
# A document number and symbol ('1393/QĐ-TTg', '36/NQ-HĐND'): an identifier, shown as printed
# on both pages (its Đ is part of the symbol); anything else in `number` is a name.
DOCUMENT_NUMBER = re.compile(r"\d+/[A-ZĐ]+(?:-[A-ZĐa-z]+)*")
PATHS = Layout(data=DATA)


def is_vietnamese(text: str) -> bool:
    return bool(VIETNAMESE.search(text)) or "phụ lục" in text.lower()


@pytest.fixture(scope="module")
def reference():
    return load_reference(DATA)


@pytest.fixture(scope="module")
def agencies():
    return load_agencies(PATHS.agencies)


def _clauses(reference):
    for plan_id, catalog in reference.catalogs.items():
        for entry in (*catalog.targets, *catalog.monitoring):
            yield plan_id, entry


def test_vietnamese_letters_are_recognised():
    assert is_vietnamese("III.7; Phụ lục II.1")
    assert is_vietnamese("Đến năm 2050")
    assert not is_vietnamese("III.7; Annex II.1")
    assert not is_vietnamese("Specific objectives by 2030 (Hung Yen portal translation)")


def test_document_numbers_are_told_from_names():
    assert DOCUMENT_NUMBER.fullmatch("1393/QĐ-TTg")
    assert DOCUMENT_NUMBER.fullmatch("36/NQ-HĐND")
    assert DOCUMENT_NUMBER.fullmatch("1448/KH-UBND")
    assert not DOCUMENT_NUMBER.fullmatch("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV")


def test_every_responsible_agency_is_in_the_glossary(reference, agencies):
    named = {r.agency for _, entry in _clauses(reference) for r in entry.responsible}
    assert named, "no catalog names a responsible agency: nothing to check"
    missing = sorted(named - set(agencies))
    assert not missing, f"not in {PATHS.agencies}: {missing}"


def test_the_glossary_names_are_english(agencies):
    assert agencies, f"{PATHS.agencies} is empty"
    bad = {vi: en for vi, en in agencies.items() if is_vietnamese(en)}
    assert not bad, f"English names with Vietnamese letters: {bad}"


def test_every_issuer_has_an_english_name(reference):
    bad = [f"{plan_id}: {c.decision.issuer!r} -> {c.decision.issuer_en!r}"
           for plan_id, c in reference.catalogs.items()
           if is_vietnamese(c.decision.issuer)
           and (not c.decision.issuer_en or is_vietnamese(c.decision.issuer_en))]
    assert not bad, "issuer_en missing or not English:\n" + "\n".join(bad)


def test_every_task_has_english(reference):
    tasks = [(plan_id, t) for plan_id, c in reference.catalogs.items() for t in c.tasks]
    assert tasks, "no catalog has a task register: nothing to check"
    bad = []
    for plan_id, task in tasks:
        english = {"group_en": task.group_en, "task_en": task.task_en,
                   "lead_en": task.lead_en, "deadline_en": task.deadline_en}
        if task.partners:
            english["partners_en"] = task.partners_en
        bad += [f"{plan_id} {task.id}: {field} {text!r}" for field, text in english.items()
                if not text.strip() or is_vietnamese(text)]
        if task.partners_en and not task.partners:
            bad.append(f"{plan_id} {task.id}: partners_en without partners")
    assert not bad, "task fields missing or not English:\n" + "\n".join(bad)


def test_every_vietnamese_clause_has_an_english_label(reference):
    entries = [(plan_id, e) for plan_id, e in _clauses(reference) if is_vietnamese(e.clause)]
    assert entries, "no Vietnamese clause label: nothing to check"
    bad = [f"{plan_id} {e.id}: {e.clause!r} -> {e.clause_en!r}" for plan_id, e in entries
           if not e.clause_en or is_vietnamese(e.clause_en)]
    assert not bad, "clause_en missing or not English:\n" + "\n".join(bad)


def test_a_described_clause_is_vietnamese_with_its_english_beside_it(reference):
    # A clause that is a description (not a bare label such as 'III.2') shows on the
    # Vietnamese page: it is Vietnamese, and its English is in clause_en.
    bad = [f"{plan_id} {e.id}: {e.clause!r}" for plan_id, e in _clauses(reference)
           if WORD.search(e.clause) and not is_vietnamese(e.clause)]
    assert not bad, "clauses worded in English (move them to clause_en):\n" + "\n".join(bad)


def test_every_english_source_title_has_a_vietnamese_title(reference):
    registry = load_sources(PATHS.registry, reference.codebook)
    assert registry.sources, f"{PATHS.registry} lists no source"
    bad = [f"{s.id}: {s.title!r} -> {s.title_vi!r}" for s in registry.sources
           if not is_vietnamese(s.title) and not is_vietnamese(s.title_vi)]
    assert not bad, "title_vi missing or not Vietnamese:\n" + "\n".join(bad)


def test_every_gap_reason_has_vietnamese(reference):
    targets = [(plan_id, t) for plan_id, c in reference.catalogs.items() for t in c.targets
               if t.gap_reason or t.gap_reason_vi]
    assert targets, "no target has a gap_reason: nothing to check"
    bad = [f"{plan_id} {t.id}: {t.gap_reason!r} -> {t.gap_reason_vi!r}" for plan_id, t in targets
           if not t.gap_reason or not is_vietnamese(t.gap_reason_vi)]
    assert not bad, ("gap_reason_vi missing or not Vietnamese (or given without "
                     "gap_reason):\n" + "\n".join(bad))


def test_a_decision_named_in_vietnamese_has_an_english_name(reference):
    decisions = {plan_id: c.decision for plan_id, c in reference.catalogs.items()}
    named = {plan_id: d for plan_id, d in decisions.items()
             if is_vietnamese(d.number) and not DOCUMENT_NUMBER.fullmatch(d.number)}
    assert named, "no decision is named rather than numbered: nothing to check"
    bad = [f"{plan_id}: {d.number!r} -> {d.number_en!r}" for plan_id, d in named.items()
           if not d.number_en.strip() or is_vietnamese(d.number_en)]
    assert not bad, "number_en missing or not English:\n" + "\n".join(bad)
    stray = [f"{plan_id}: {d.number!r}" for plan_id, d in decisions.items()
             if d.number_en and plan_id not in named]
    assert not stray, "number_en beside a document number (shown as printed):\n" + \
        "\n".join(stray)
