"""Shared validation helpers: read YAML, check an entry against a pydantic model and turn
the first failure into a CatalogError naming file, entry and field.

YAML is read by a SafeLoader that refuses two things plain `yaml.safe_load` accepts: a key
given twice in one mapping (it would silently keep the last), and aliases that expand past
MAX_YAML_NODES nodes (an "alias bomb": a few hundred bytes that grow to gigabytes once a
value is turned into text). Anchors and aliases themselves are fine (sources.yml shares its
rule lists through them); only their expanded size is bounded, before any value is built.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ggutils.errors import CatalogError
from ggutils.text import first_control

M = TypeVar("M", bound=BaseModel)


MAX_YAML_NODES = 100_000  # nodes of a catalog once every alias is expanded


class Strict(BaseModel):
    """Base for catalog entries: unknown keys are errors, entries are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Verbatim(Strict):
    """A Strict entry whose text values keep their spaces (a separator " " is a space)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# libyaml's parser when PyYAML was built with it (about ten times faster on the catalogs);
# the checks below run on the nodes it gives either way.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _BoundedLoader(_SAFE_LOADER):
    """SafeLoader that rejects duplicate keys and aliases expanding past MAX_YAML_NODES."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {}, set())
        return self.construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"the key {key!r} is given twice (first line {seen[key].start_mark.line + 1}, "
                    f"again line {key_node.start_mark.line + 1})", key_node.start_mark)
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """Nodes under `node` with every alias expanded (memoised per node, so a bomb is
    measured without being built); raises past MAX_YAML_NODES or on a recursive alias."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_nodes:
        raise yaml.YAMLError(f"a recursive alias at line {node.start_mark.line + 1}")
    open_nodes.add(id(node))
    children = []
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    size = 1 + sum(_expanded_size(child, sizes, open_nodes) for child in children)
    open_nodes.discard(id(node))
    if size > MAX_YAML_NODES:
        raise yaml.YAMLError(f"aliases expand to more than {MAX_YAML_NODES:,} nodes (at line "
                             f"{node.start_mark.line + 1}): refused as an alias bomb")
    sizes[id(node)] = size
    return size


def regular_expression(pattern: str) -> re.Pattern:
    """`pattern` compiled; a ValueError naming it where it is no regular expression (for a
    rules file's validators, which report it with the file and the key)."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None


def load_yaml_text(text: str) -> Any:
    """Parse YAML text with the bounded loader (see the module docstring)."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, naming the file when it is missing or malformed."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(path, "-", "-", "file not found")
    try:
        data = load_yaml_text(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogError(path, "-", "-", f"not valid UTF-8 YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogError(path, "-", "-", "expected a mapping at the top level")
    return data


def validate_entry(model: type[M], raw: Any, file: Path, entry: str) -> M:
    """Validate one entry; on failure raise CatalogError with the first failing field (a
    text holding a control character is one: ggutils.text)."""
    if not isinstance(raw, dict):
        raise CatalogError(file, entry, "-", f"expected a mapping, got {type(raw).__name__}")
    control = first_control(raw)
    if control is not None:  # invisible on a page, refused by spreadsheet writers
        raise CatalogError(file, entry, control[0], f"control character {control[1]}: "
                           "remove it (a page or a spreadsheet cannot show it)")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "-"
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        elif first["type"] == "missing":
            message = "required field is missing"
        raise CatalogError(file, entry, field, message) from None


def entry_id(raw: Any, index: int) -> str:
    """The id of a raw entry for error messages, or its position when it has none."""
    if isinstance(raw, dict) and raw.get("id"):
        return str(raw["id"])
    return f"#{index + 1}"


def require_list(data: dict[str, Any], key: str, file: Path) -> list[Any]:
    """data[key] as a list (absent means empty), or a CatalogError."""
    value = data.get(key) or []
    if not isinstance(value, list):
        raise CatalogError(file, key, key, "expected a list")
    return value


def check_unique(ids: list[str], file: Path, section: str) -> None:
    """Raise on the first duplicated id within a section."""
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise CatalogError(file, ident, "id", f"duplicate id in {section}")
        seen.add(ident)
