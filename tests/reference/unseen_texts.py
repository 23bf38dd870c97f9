"""Rebuild the local copies of the unseen texts (issue 25) from their public sources.

The texts the unseen keys were written on are third-party copies, not committed
(tests/fixtures/unseen_decisions/*.txt is ignored); texts.sha256 holds their hashes and each
key's `source.conversion` tells in prose how its copy was cut and converted. texts.yml gives
the same conversion as data, one recipe per text, so that the copies can be rebuilt and checked:

    git clone https://github.com/tnt305/tai_lieu_noi_bo CLONES/tnt305+tai_lieu_noi_bo
    git clone https://github.com/hrmaster1982-dev/phapluat-8chude-data \
        CLONES/hrmaster1982-dev+phapluat-8chude-data
    make unseen-texts CLONES=CLONES

A recipe (every field but `source` and `ranges` optional):
  source: {repo: owner/name, commit: <40 hex>, path: <the copy's path in the repository>}
  mode: markdown | printed   the conversion of each range (default markdown):
      markdown  a Markdown copy of a web page: '*' (emphasis) removed, a blank line or a
                line opening with '|' (a table's rule) ends a paragraph, the lines of a
                paragraph joined by one space, runs of spaces made one, and a heading's
                leading '#' marks removed; one paragraph a line, as data/raw/decisions/;
      printed   a gazette PDF's text, one printed line a line: the range is ONE paragraph,
                its lines stripped and joined by one space, blank lines skipped, runs of
                spaces made one (no space after a line ending in a hyphen right after a
                letter or digit, with hyphen_join);
  ranges: ["1-28", "30", {lines: "41-42", mode: printed}, …]  1-based inclusive line ranges
      of the copy, in the text's order; a range may set its own mode;
  drop: [49, 50]             lines of the copy left out (a gazette's running heads, a stamp);
  hyphen_join: true          see printed;
  edits: [{old, new, why}]   exact replacements in the result (each must match once), for
                             what the key's prose says was done by hand;
  note: "…"                  how the ranges were found.
A rebuilt text is written only when its SHA-256 is the one recorded in texts.sha256."""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import yaml

UNSEEN = Path(__file__).resolve().parents[1] / "fixtures" / "unseen_decisions"
RECIPES = UNSEEN / "texts.yml"
FIELDS = {"source", "mode", "ranges", "drop", "hyphen_join", "edits", "note"}
REQUIRED = {"source", "ranges"}
MODES = {"markdown", "printed"}


def markdown_paragraphs(lines: list[str]) -> list[str]:
    """A Markdown copy's paragraphs, one a line (see the module's docstring)."""
    paragraphs, current = [], []
    for raw in lines:
        line = raw.replace("*", "").strip()
        if not line or line.startswith("|"):
            if current:
                paragraphs.append(" ".join(current))
            current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return [re.sub(r"^#{1,6} ", "", re.sub(r"\s+", " ", p).strip()) for p in paragraphs]


def printed_paragraph(lines: list[str], *, hyphen_join: bool = False) -> list[str]:
    """A printed range's one paragraph (none when the range is blank)."""
    text = ""
    for raw in lines:
        line = re.sub(r"\s+", " ", raw).strip()
        if not line:
            continue
        glued = hyphen_join and re.search(r"\w-$", text)
        text = line if not text else text + ("" if glued else " ") + line
    return [text] if text else []


def load_recipes(path: Path = RECIPES) -> dict[str, dict]:
    """The recipes by text name; an unknown or missing field, or an unknown mode, stops the
    load with a one-line message naming the file, the text and the field."""
    recipes = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, recipe in recipes.items():
        unknown, lacking = set(recipe) - FIELDS, REQUIRED - set(recipe)
        if unknown or lacking:
            raise ValueError(f"{path}: {name}: unknown fields {sorted(unknown)}, "
                             f"lacking {sorted(lacking)}")
        modes = {recipe.get("mode", "markdown")} | {
            r["mode"] for r in recipe["ranges"] if isinstance(r, dict) and "mode" in r}
        if modes - MODES:
            raise ValueError(f"{path}: {name}: mode {sorted(modes - MODES)} is not one of "
                             f"{sorted(MODES)}")
    return recipes


def _span(lines: str | int) -> range:
    first, _, last = str(lines).partition("-")
    return range(int(first), int(last or first) + 1)


def build_text(recipe: dict, copy: str) -> str:
    """The text a recipe makes of its copy."""
    lines, drop = copy.split("\n"), set(recipe.get("drop", []))
    paragraphs: list[str] = []
    for entry in recipe["ranges"]:
        spec = entry if isinstance(entry, dict) else {"lines": entry}
        kept = [lines[n - 1] for n in _span(spec["lines"]) if n not in drop]
        if spec.get("mode", recipe.get("mode", "markdown")) == "markdown":
            paragraphs += markdown_paragraphs(kept)
        else:
            paragraphs += printed_paragraph(kept, hyphen_join=recipe.get("hyphen_join", False))
    text = "".join(f"{p}\n" for p in paragraphs)
    for edit in recipe.get("edits", []):
        if text.count(edit["old"]) != 1:
            raise ValueError(f"edit {edit['old']!r} matches {text.count(edit['old'])} times")
        text = text.replace(edit["old"], edit["new"])
    return text


def read_copy(source: dict, clones: Path) -> str:
    """The copy at its commit, from a clone CLONES/<owner>+<name> (or its repo/ folder)."""
    folder = clones / source["repo"].replace("/", "+")
    clone = folder / "repo" if (folder / "repo").exists() else folder
    return subprocess.run(["git", "-C", str(clone), "show", f"{source['commit']}:{source['path']}"],
                          capture_output=True, text=True, check=True, encoding="utf-8").stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clones", type=Path, required=True,
                        help="folder holding <owner>+<name> clones of the source repositories")
    parser.add_argument("names", nargs="*", help="texts to rebuild (default: all)")
    args = parser.parse_args(argv)
    hashes = {name: digest for digest, name in
              (line.split() for line in (UNSEEN / "texts.sha256").read_text().splitlines())}
    recipes = load_recipes()
    failed = 0
    for name in args.names or sorted(recipes):
        text = build_text(recipes[name], read_copy(recipes[name]["source"], args.clones))
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != hashes[f"{name}.txt"]:
            failed += 1
            print(f"{name}: the rebuilt text is not the one its key was written on")
            continue
        target = UNSEEN / f"{name}.txt"
        partial = target.with_suffix(".txt.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
        print(f"{name}: rebuilt")
    print(f"{len(args.names or recipes) - failed} rebuilt, {failed} not")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
