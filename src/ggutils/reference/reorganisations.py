"""The 2025 arrangement of the provinces (data/reference/reorganisations.yml): the acts, and
for each former province the province whose name its successor carries, checked against the
register's successor columns (`load_reorganisations`; `successor_2025` is the register's own
word). `reorganisation` says how the arrangement changed one entity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import model_validator

from ggutils.errors import CatalogError
from ggutils.reference.provinces import Register
from ggutils.reference.validation import Strict, read_yaml, require_list, validate_entry

REORGANISATIONS_FILE = "reorganisations.yml"  # beside provinces.csv (Layout.reorganisations)


class Act(Strict):
    """An act that arranged provinces: its number, kind, issuer and title in both languages,
    the day it was adopted, the day the arranged provinces began to operate, and a link only
    where the project holds one."""

    id: str
    number: str
    kind_vi: str
    kind_en: str
    issuer_vi: str
    issuer_en: str
    title_vi: str
    title_en: str
    adopted: dt.date
    effective: dt.date
    url: str | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Act:
        if self.effective < self.adopted:
            raise ValueError("effective is before adopted")
        if self.url is not None and not self.url.startswith("https://"):
            raise ValueError("url must start with https://")
        return self

    def name(self, lang: str) -> str:
        """'Nghị quyết 202/2025/QH15' / 'Resolution 202/2025/QH15'."""
        return f"{self.kind_vi if lang == 'vi' else self.kind_en} {self.number}"

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en


class ReorganisationEntry(Strict):
    """One former province: the province carrying its successor's name, and the act."""

    entity_id: str
    successor_id: str
    act: str


@dataclass(frozen=True)
class Reorganisations:
    """The validated file: acts by id, entries by entity_id."""

    acts: dict[str, Act]
    entries: dict[str, ReorganisationEntry]
    path: Path


@dataclass(frozen=True)
class Reorganisation:
    """A province merged into another by the 2025 arrangement: `successor_id` is the entity
    whose name the new province carries, `formed_from` its former provinces (the register's
    order), `successor_plans` the successor's catalogs in data/targets (none: no own plan)."""

    entity_id: str
    successor_id: str
    act: Act
    adopted: dt.date
    effective: dt.date
    formed_from: tuple[str, ...] = ()
    successor_plans: tuple[str, ...] = ()

    def name(self, register: Register, lang: str) -> str:
        """The former province's name in `lang`."""
        return register.name(self.entity_id, lang)

    def successor_name(self, register: Register, lang: str) -> str:
        """The successor's name in `lang`."""
        return register.name(self.successor_id, lang)


class _ProjectLike(Protocol):
    """What `reorganisation` uses of a ggutils.project.Project (which imports this module)."""

    register: Register
    reorganisations: Reorganisations
    plans: dict[str, list]


def successor_2025(register: Register, entity_id: str) -> str | None:
    """The entity the register's successor_2025_name names (itself: it kept its name), or None."""
    name = register.entity(entity_id).get("successor_2025_name")
    return register.resolve(name).entity_id if isinstance(name, str) else None


def _check_entry(entry: ReorganisationEntry, acts: dict[str, Act], register: Register,
                 path: Path) -> None:
    """The entry's provinces exist, its act is listed, and it agrees with the register's
    successor columns (the successor's name and 2025 code)."""
    ids = set(register.provinces["entity_id"])
    for column in ("entity_id", "successor_id"):
        value = getattr(entry, column)
        if value not in ids:
            raise CatalogError(path, entry.entity_id, column,
                               f"{value!r} is not a province of {register.path.name}")
    if entry.act not in acts:
        raise CatalogError(path, entry.entity_id, "act", f"unknown act {entry.act!r} (listed: "
                           f"{', '.join(sorted(acts)) or 'none'})")
    row, successor = register.entity(entry.entity_id), register.entity(entry.successor_id)
    named = successor_2025(register, entry.entity_id)
    if named != entry.successor_id or row["successor_2025_code"] != \
            successor["successor_2025_code"]:
        raise CatalogError(path, entry.entity_id, "successor_id",
                           f"{entry.successor_id!r} disagrees with {register.path.name}, whose "
                           f"successor_2025 columns give {row['successor_2025_code']!r} "
                           f"{row['successor_2025_name']!r}")
    if successor_2025(register, entry.successor_id) != entry.successor_id:
        raise CatalogError(path, entry.entity_id, "successor_id",
                           f"{entry.successor_id!r} did not keep its name in "
                           f"{register.path.name}: it cannot carry a successor's")


def load_reorganisations(path: Path, register: Register) -> Reorganisations:
    """Load and validate the reorganisations file against the register; an error names the
    file, the entry (an act's id or a province's entity_id) and the field."""
    path = Path(path)
    data = read_yaml(path)
    unknown = set(data) - {"acts", "provinces"}
    if unknown:
        raise CatalogError(path, "-", sorted(unknown)[0], "unknown top-level key")
    sections: dict[str, dict] = {"acts": {}, "provinces": {}}
    for section, model, key in (("acts", Act, "id"),
                                ("provinces", ReorganisationEntry, "entity_id")):
        for i, raw in enumerate(require_list(data, section, path)):
            name = str(raw[key]) if isinstance(raw, dict) and raw.get(key) else f"#{i + 1}"
            entry = validate_entry(model, raw, path, name)
            if name in sections[section]:
                raise CatalogError(path, name, key, f"given twice in {section}")
            if section == "provinces":
                _check_entry(entry, sections["acts"], register, path)
            sections[section][name] = entry
    return Reorganisations(sections["acts"], sections["provinces"], path)


def _plans_on_disk(register: Register, entity_id: str) -> tuple[str, ...]:
    """Plan ids of the entity's catalogs in the data folder of `register` (a catalog is
    data/targets/<entity>.yml or <entity>--<plan>.yml, as the catalog loader requires)."""
    targets = register.path.parent.parent / "targets"
    stems = [p.stem for p in targets.glob("*.yml")]
    return tuple(sorted(s for s in stems if s == entity_id or s.startswith(f"{entity_id}--")))


def reorganisation(register_or_project: Register | _ProjectLike, entity_id: str
                   ) -> Reorganisation | None:
    """How the 2025 arrangement changed `entity_id`: a Reorganisation when it was merged into
    another province, None when it kept its name (or is the country or a region).

    Given a Project, its loaded reorganisations and catalogs are used (successor_plans newest
    first); given a Register, the reorganisations file beside it and the catalog files of its
    data folder (successor_plans sorted by plan id). A province the register merges into
    another but the file does not list is an error, never a silent None."""
    if isinstance(register_or_project, Register):
        register = register_or_project
        known = load_reorganisations(register.path.with_name(REORGANISATIONS_FILE), register)
    else:
        register, known = register_or_project.register, register_or_project.reorganisations
    if entity_id not in set(register.entities["entity_id"]):
        raise CatalogError(register.path, entity_id, "entity_id", "not in the register")
    if register.entity(entity_id)["entity_type"] != "province":
        return None
    entry = known.entries.get(entity_id)
    if entry is None:
        named = successor_2025(register, entity_id)
        if named not in (None, entity_id):
            raise CatalogError(known.path, entity_id, "entity_id",
                               f"{register.path.name} merges it into {named!r} in 2025, but "
                               "it has no entry here: add one naming the act")
        return None
    if entry.successor_id == entity_id:
        return None
    act = known.acts[entry.act]
    provinces = register.provinces
    code = register.entity(entry.successor_id)["successor_2025_code"]
    formed = tuple(provinces.loc[provinces["successor_2025_code"] == code, "entity_id"])
    if isinstance(register_or_project, Register):
        plans = _plans_on_disk(register, entry.successor_id)
    else:
        plans = tuple(c.plan_id for c in register_or_project.plans.get(entry.successor_id, []))
    return Reorganisation(entity_id, entry.successor_id, act, act.adopted, act.effective,
                          formed, plans)
