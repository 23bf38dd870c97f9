"""The recipes that rebuild the unseen texts' local copies (tests/reference/unseen_texts.py)."""

from __future__ import annotations

import pytest

from tests.reference.unseen_texts import (
    RECIPES,
    UNSEEN,
    build_text,
    load_recipes,
    markdown_paragraphs,
    printed_paragraph,
)


def test_every_key_has_a_recipe_and_every_recipe_a_key():
    keys = {p.name.removesuffix(".key.yml") for p in UNSEEN.glob("*.key.yml")}
    assert set(load_recipes(RECIPES)) == keys


@pytest.mark.parametrize(("entry", "error"), [
    ("  ranges: ['1']\n  rangse: ['2']\n", r"texts\.yml: a-text: unknown fields \['rangse'\]"),
    ("  drop: [3]\n", r"texts\.yml: a-text: unknown fields \[\], lacking \['ranges'\]"),
    ("  ranges: [{lines: '1-2', mode: html}]\n", r"texts\.yml: a-text: mode \['html'\]"),
])
def test_a_bad_recipe_is_refused_naming_file_text_and_field(tmp_path, entry, error):
    path = tmp_path / "texts.yml"
    path.write_text("a-text:\n  source: {repo: o/n, commit: c, path: p}\n" + entry,
                    encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        load_recipes(path)


def test_markdown_paragraphs_end_at_blank_and_rule_lines_and_drop_marks():
    lines = ["# **Tiêu đề**", "", "**1. Mục tiêu**", "Đến năm 2030,", "  đạt  95%.", "|",
             "### Nội dung", "| a | b |", "*Hà Nội*"]
    assert markdown_paragraphs(lines) == ["Tiêu đề", "1. Mục tiêu Đến năm 2030, đạt 95%.",
                                          "Nội dung", "Hà Nội"]


def test_a_printed_range_is_one_paragraph_glued_at_a_hyphen_only_when_asked():
    lines = ["Kết luận số 18-", "   ", "KL/TW   của", "Trung ương."]
    assert printed_paragraph(lines) == ["Kết luận số 18- KL/TW của Trung ương."]
    assert printed_paragraph(lines, hyphen_join=True) == ["Kết luận số 18-KL/TW của Trung ương."]
    assert printed_paragraph(["", "  "]) == []


def test_a_recipe_keeps_its_ranges_in_order_drops_lines_and_applies_its_edits():
    copy = "\n".join(["# Tiêu đề", "", "Dòng một", "CÔNG BÁO/Số 1", "dòng hai", "", "7",
                      "| Khu A | 252 |", "Cuối (*)"])
    recipe = {"source": {}, "ranges": ["1", "3-5", {"lines": "7-8", "mode": "printed"}, "9"],
              "drop": [4], "edits": [{"old": "Cuối ()", "new": "Cuối (*)", "why": "restored"}]}
    assert build_text(recipe, copy) == "Tiêu đề\nDòng một dòng hai\n7 | Khu A | 252 |\nCuối (*)\n"
    recipe["edits"] = [{"old": "không có", "new": "x", "why": "matches nothing"}]
    with pytest.raises(ValueError, match="matches 0 times"):
        build_text(recipe, copy)
