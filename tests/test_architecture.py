"""The package's shape (issue 23): no import cycle, rooms a reader can take in, each path
spelled once, one name for an entity. Built from the source with `ast`, nothing imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "ggutils"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 250
# The processed tables and state files: each name is spelled once in src/ (ggutils.paths).
PROCESSED_FILES = ("observations.csv", "quarantine.csv", "sources.csv", "conservation.csv",
                   "trajectories.csv", ".stage-hashes.json", ".briefing-hashes.json")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The package modules `path` imports, at any depth (TYPE_CHECKING and function bodies
    included), each with the packages Python initialises on the way (importing a.b.c runs
    a/__init__ and a/b/__init__)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            parts = target.split(".")
            for k in range(1, len(parts) + 1):
                prefix = ".".join(parts[:k])
                # A module's own packages are initialised before its first line runs: they
                # count only when it imports from them, not on the way to a sibling.
                if prefix in known and (k == len(parts) or not name.startswith(prefix + ".")):
                    found.add(prefix)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imported(path, name, known) for name, path in mods.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_through_a_package_init():
    graph = {"p": {"p.a"}, "p.a": {"q.b"}, "q": set(), "q.b": {"p", "p.c"}, "p.c": set()}
    assert find_cycle(graph) == ["p", "p.a", "q.b", "p"]
    graph["q.b"] = {"p.c"}
    assert find_cycle(graph) is None


def test_the_graph_counts_imports_behind_type_checking_and_parent_packages(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from ggutils.assess.trends import TrendSettings\n", encoding="utf-8")
    found = imported(source, "other.m", {"ggutils", "ggutils.assess", "ggutils.assess.trends"})
    assert found == {"ggutils", "ggutils.assess", "ggutils.assess.trends"}


def test_the_graph_skips_a_module_s_own_packages_on_the_way_to_a_sibling(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from ggutils.clean.rules import CleaningRules\n", encoding="utf-8")
    known = {"ggutils", "ggutils.clean", "ggutils.clean.rules"}
    assert imported(source, "ggutils.clean.checks", known) == {"ggutils.clean.rules"}
    source.write_text("from ggutils.clean import CleanResult\n", encoding="utf-8")
    assert imported(source, "ggutils.clean.checks", known) == {"ggutils.clean"}


def test_no_import_cycle_in_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_and_classes_stay_small(name):
    path = modules()[name]
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} lines"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            size = node.end_lineno - node.lineno + 1
            assert size <= MAX_CLASS_LINES, f"{path.relative_to(ROOT)}: class {node.name}: {size}"


@pytest.mark.parametrize("file_name", PROCESSED_FILES)
def test_each_processed_file_name_is_spelled_once_in_src(file_name):
    spelled = [f"{p.relative_to(ROOT)}:{n}" for p in PACKAGE.rglob("*.py")
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if f'"{file_name}"' in line or f"'{file_name}'" in line]
    assert len(spelled) == 1, f"{file_name} spelled at {spelled}"


def test_an_entity_has_one_name():
    places = [str(p.relative_to(ROOT)) for folder in ("src", "notebooks", "tests", "data")
              for p in (ROOT / folder).rglob("*") if p.is_file()
              and p.suffix in (".py", ".ipynb", ".yml", ".csv", ".md", ".j2")
              and p != Path(__file__) and "province_slug" in p.read_text(encoding="utf-8",
                                                                         errors="replace")]
    assert places == []
