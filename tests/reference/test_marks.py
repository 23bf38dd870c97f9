"""Verdict marks (data/reference/verdict_marks.yml): every verdict the judgement gives has its
own colour and its own icon, legible text on its colour, and the pairs a reader confused
differ; the loader refuses a bad file naming the file, the entry and the field."""

from __future__ import annotations

import itertools

import pytest
import yaml

from ggutils.assess.verdicts import VOCABULARY
from ggutils.errors import CatalogError
from ggutils.reference.marks import MARKS_FILE, contrast_ratio, load_verdict_marks
from tests.conftest import DATA

SHIPPED = DATA / "reference" / MARKS_FILE
CODES = sorted({code for codes in VOCABULARY.values() for code in codes})


@pytest.fixture(scope="module")
def marks():
    return load_verdict_marks(SHIPPED, CODES)


def test_every_verdict_has_its_own_colour_and_its_own_icon(marks):
    assert sorted(m.code for m in marks) == CODES
    for a, b in itertools.combinations(marks, 2):
        assert a.colour != b.colour, (a.code, b.code)
        assert a.icon != b.icon, (a.code, b.code)


def test_every_badge_text_is_legible_on_its_colour(marks):
    assert all(contrast_ratio(m.colour, m.ink) >= 4.5 for m in marks)


@pytest.mark.parametrize("pair", [("not met", "limited progress"),
                                  ("not verifiable", "insufficient data")])
def test_the_verdicts_readers_confused_differ_in_colour_and_icon(marks, pair):
    a, b = (marks[code] for code in pair)
    assert a.colour != b.colour and a.icon != b.icon
    # and in lightness, which every colour-vision deficiency keeps
    assert abs(contrast_ratio(a.colour, "#FFFFFF") - contrast_ratio(b.colour, "#FFFFFF")) > 1


def test_contrast_ratio_is_wcags():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def _write(tmp_path, edit) -> object:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / MARKS_FILE
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _entry(data, code):
    return next(m for m in data["marks"] if m["code"] == code)


BAD = {
    "unknown key": (lambda d: _entry(d, "met").update(pattern="//"), "met", "pattern"),
    "unknown top-level key": (lambda d: d.update(legend=[]), "-", "legend"),
    "missing verdict": (lambda d: d["marks"].remove(_entry(d, "limited progress")),
                        "limited progress", "code"),
    "unknown verdict": (lambda d: d["marks"].append(
        {"code": "nearly met", "colour": "#123456", "ink": "#FFFFFF", "icon": "~"}),
        "nearly met", "code"),
    "given twice": (lambda d: d["marks"].append(dict(_entry(d, "met"))), "met", "id"),
    "not a colour": (lambda d: _entry(d, "not met").update(colour="red"), "not met", "colour"),
    "two characters": (lambda d: _entry(d, "on track").update(icon="->"), "on track", "icon"),
    "illegible text": (lambda d: _entry(d, "holding").update(ink="#56B4E9"), "holding", "ink"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_marks_file_is_refused_naming_file_entry_and_field(tmp_path, case):
    edit, entry, field = BAD[case]
    path = _write(tmp_path, edit)
    with pytest.raises(CatalogError) as error:
        load_verdict_marks(path, CODES)
    assert (error.value.file, error.value.entry, error.value.field) == (str(path), entry, field)


def test_the_shipped_file_round_trips_through_the_test_writer(tmp_path):
    """The writer the bad cases use changes nothing by itself."""
    assert len(load_verdict_marks(_write(tmp_path, lambda d: None), CODES)) == len(CODES)
