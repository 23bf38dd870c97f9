"""Shared validation helpers: read YAML, check an entry against a pydantic model and turn
the first failure into a CatalogError naming file, entry and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import CatalogError

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base for catalog entries: unknown keys are errors, entries are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, naming the file when it is missing or malformed."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(path, "-", "-", "file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogError(path, "-", "-", f"not valid UTF-8 YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(path, "-", "-", "expected a mapping at the top level")
    return data


def validate_entry(model: type[M], raw: Any, file: Path, entry: str) -> M:
    """Validate one entry; on failure raise CatalogError with the first failing field."""
    if not isinstance(raw, dict):
        raise CatalogError(file, entry, "-", f"expected a mapping, got {type(raw).__name__}")
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
