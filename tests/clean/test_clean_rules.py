"""The cleaning rules file (data/reference/cleaning_rules.yml): its schema, and that a new
format is a change of data, not of code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ggutils.clean.numbers import NumberFormatError, parse_number
from ggutils.clean.rules import load_rules
from ggutils.clean.years import parse_year
from ggutils.errors import CatalogError
from ggutils.numbers import COMMA_DECIMAL

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "reference" / "cleaning_rules.yml"


def _rules_with(tmp_path: Path, change) -> Path:
    """A copy of the shipped rules with `change(data)` applied, written to tmp_path."""
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "cleaning_rules.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_accounting_negative_is_a_data_change(tmp_path):
    """'(2,77)' is refused by the shipped rules and read as -2.77 once the rules file lists
    the negative form {before: '(', after: ')'}."""
    with pytest.raises(NumberFormatError):
        parse_number("(2,77)", COMMA_DECIMAL, load_rules(SHIPPED))
    path = _rules_with(tmp_path, lambda d: d["numbers"]["negative_forms"].append(
        {"before": "(", "after": ")"}))
    parsed = parse_number("(2,77)", COMMA_DECIMAL, load_rules(path))
    assert parsed.value == pytest.approx(-2.77)


def test_an_estimate_word_is_a_data_change(tmp_path):
    """'ước tính' (and 'uoc tinh') give status estimate because the rules list them; with
    the entry removed from the file, the same cell is final."""
    rules = load_rules(SHIPPED)
    assert parse_year("2023 (ước tính)", rules).status == "estimate"
    assert parse_year("2023 (uoc tinh)", rules).status == "estimate"

    def drop_estimate_words(data):
        data["status_words"] = [e for e in data["status_words"]
                                if not (e["status"] == "estimate" and "year" in e["in"])]

    path = _rules_with(tmp_path, drop_estimate_words)
    assert parse_year("2023 (ước tính)", load_rules(path)).status == "final"


def test_status_words_match_at_the_start_of_a_word():
    rules = load_rules(SHIPPED)
    assert rules.status_in("note", "Preliminary estimate (Dec 2020)") == "estimate"
    assert rules.status_in("note", "nước hợp vệ sinh (hygienic water)") is None
    assert rules.status_in("note", "cong-bo-dien-tich-rung-quoc-gia") is None


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.update(colour="red"), "colour"),
    (lambda d: d["status_words"].append({"status": "guess", "in": ["year"], "words": ["x"]}),
     "-"),
    (lambda d: d["status_words"].append({"status": "final", "in": ["cell"], "words": ["x"]}),
     "status_words"),
    (lambda d: d["years"].update(accepted_range=[2035, 1990]), "years"),
    (lambda d: d["numbers"].update(footnote_marks=["(unclosed"]), "numbers"),
])
def test_a_malformed_rules_file_names_the_field(tmp_path, change, field):
    with pytest.raises(CatalogError) as info:
        load_rules(_rules_with(tmp_path, change))
    assert info.value.field.startswith(field)
    assert "cleaning_rules.yml" in str(info.value)
