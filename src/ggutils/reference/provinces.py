"""The province register (data/reference/provinces.csv) and name resolution.

The register holds the 63 provinces of 2008-2025 with their GSO codes, regions and 2025
successors, plus the country and the regions statistics use. Aliases (old spellings,
abbreviations, English names) live in data/reference/entity_aliases.csv; the folding rules
here (Unicode form, case, diacritics, prefixes, hyphens, look-alike letters) cover the rest.

The 2025 arrangement of the provinces (which act, when, into which province) is data too:
data/reference/reorganisations.yml, checked against the register's successor columns
(`load_reorganisations`, `reorganisation`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd
import pandera.pandas as pa
from pydantic import model_validator

from ggutils.errors import CatalogError
from ggutils.reference.validation import Strict, read_yaml, require_list, validate_entry

# The kinds of entity, in the order pages rank them (the country, the regions, the
# provinces); the register and the observations take no other.
ENTITY_TYPES = ("country", "region", "province")

REGISTER_SCHEMA = pa.DataFrameSchema(
    {
        "entity_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9]+(-[a-z0-9]+)*$"),
                               unique=True),
        "entity_type": pa.Column(str, pa.Check.isin(ENTITY_TYPES)),
        "gso_code": pa.Column(str, pa.Check.str_matches(r"^\d{2}$"), nullable=True),
        "name_vi": pa.Column(str),
        "name_en": pa.Column(str),
        "name_ascii": pa.Column(str),
        "slug": pa.Column(str, unique=True),
        "region_system": pa.Column(str, nullable=True),
        "region_id": pa.Column(str, nullable=True),
        "successor_2025_code": pa.Column(str, pa.Check.str_matches(r"^\d{2}$"), nullable=True),
        "successor_2025_name": pa.Column(str, nullable=True),
    },
    strict=True,
    coerce=True,
)

ALIAS_SCHEMA = pa.DataFrameSchema(
    {"entity_id": pa.Column(str), "alias": pa.Column(str), "note": pa.Column(str, nullable=True)},
    strict=True,
    coerce=True,
)

_PREFIX = re.compile(r"^(tỉnh|thành phố|t\.p\.|tp\.|tp)\s+|^(tp\.)")
_SUFFIX = re.compile(r"\s+(province|city)$")
_DASHES = re.compile(r"[\-\u2010-\u2015]")
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"})


def fold(name: str) -> str:
    """Fold a printed name to a comparable key, keeping its diacritics.

    NFC, look-alike letters (U+00D0 'Ð' for 'Đ'), case, a 'Tỉnh'/'TP.'/'Thành phố' prefix,
    a trailing 'province', hyphens and runs of spaces.
    """
    text = unicodedata.normalize("NFC", str(name)).translate(_LOOKALIKES).casefold().strip()
    text = _DASHES.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _PREFIX.sub("", text).strip()
    text = _SUFFIX.sub("", text).strip()
    return text


def fold_ascii(name: str) -> str:
    """fold() without diacritics, so 'Hoà Bình', 'Hòa Bình' and 'Hoa Binh' meet."""
    text = fold(name).replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def slugify(name: str) -> str:
    """A name as a slug would spell it: folded, without diacritics, words joined by '-'
    ('Lai Châu' -> 'lai-chau'); for suggesting the nearest slug."""
    return re.sub(r"[^a-z0-9]+", "-", fold_ascii(name)).strip("-")


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one printed name."""

    name: str
    entity_id: str | None
    candidates: tuple[str, ...] = ()
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.entity_id is not None


@dataclass
class Register:
    """Entities (provinces, regions, country) and the keys that resolve names to them."""

    entities: pd.DataFrame
    path: Path
    _exact: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _ascii: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _rows: dict[str, dict[str, object]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        columns = list(self.entities.columns)
        self._rows = {row[columns.index("entity_id")]: dict(zip(columns, row, strict=True))
                      for row in self.entities.itertuples(index=False, name=None)}

    def add_name(self, name: str, entity_id: str) -> None:
        """Make `name` (and its folded forms) resolve to `entity_id`."""
        self._exact.setdefault(fold(name), set()).add(entity_id)
        self._ascii.setdefault(fold_ascii(name), set()).add(entity_id)

    @property
    def provinces(self) -> pd.DataFrame:
        return self.entities[self.entities["entity_type"] == "province"]

    def entity(self, entity_id: str) -> dict[str, object]:
        """The register row of one entity (column -> value)."""
        return self._rows[entity_id]

    def has_province(self, slug: str) -> bool:
        return bool((self.provinces["slug"] == slug).any())

    def name(self, entity_id: str, lang: str = "vi") -> str:
        """The display name of an entity in `lang`."""
        row = self.entity(entity_id)
        return str(row["name_vi"] if lang == "vi" else row["name_en"])

    def slug_for(self, name: str) -> str | None:
        """The slug of the province (or the country) `name` resolves to in the register and
        its aliases ('Lai Châu', 'lai chau', 'Tỉnh Lai Châu' -> 'lai-chau'), or None."""
        found = self.resolve(name)
        if not found.ok:
            return None
        row = self.entity(found.entity_id)
        return str(row["slug"]) if row["entity_type"] in ("province", "country") else None

    def resolve(self, name: str, region_system: str | None = None) -> Resolution:
        """Resolve a printed area name to one entity, or say why not (unknown, ambiguous)."""
        if name is None or not str(name).strip():
            return Resolution(str(name), None, (), "empty area name")
        found = self._exact.get(fold(name)) or self._ascii.get(fold_ascii(name)) or set()
        if len(found) > 1 and region_system:
            systems = dict(zip(self.entities["entity_id"], self.entities["region_system"],
                               strict=True))
            narrowed = {e for e in found if systems.get(e) in (None, region_system)
                        or pd.isna(systems.get(e))}
            found = narrowed or found
        if len(found) == 1:
            return Resolution(str(name), next(iter(found)))
        if not found:
            return Resolution(str(name), None, (), "unknown area name")
        return Resolution(str(name), None, tuple(sorted(found)), "ambiguous area name")


def _schema_error(exc: pa.errors.SchemaErrors, frame: pd.DataFrame, path: Path) -> CatalogError:
    case = exc.failure_cases.iloc[0]
    column = str(case["column"]) if pd.notna(case["column"]) else str(case["check"])
    index = case["index"]
    entry = "-"
    if pd.notna(index) and "entity_id" in frame.columns and index in frame.index:
        entry = str(frame.loc[index, "entity_id"])
    return CatalogError(path, entry, column, f"fails check {case['check']} "
                        f"(value {case['failure_case']!r})")


def _read_csv(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    if not Path(path).is_file():
        raise CatalogError(path, "-", "-", "file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                        encoding="utf-8")
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _schema_error(exc, frame, Path(path)) from None


def load_register(path: Path, aliases_path: Path | None = None) -> Register:
    """Load and validate the register (and its aliases); build the name index."""
    path = Path(path)
    entities = _read_csv(path, REGISTER_SCHEMA)
    ids = set(entities["entity_id"])
    for _, row in entities.iterrows():
        region = row["region_id"]
        if pd.notna(region) and region not in ids:
            raise CatalogError(path, row["entity_id"], "region_id", f"unknown region {region!r}")
    register = Register(entities, path)
    for _, row in entities.iterrows():
        for column in ("name_vi", "name_en", "name_ascii", "slug"):
            register.add_name(row[column], row["entity_id"])
    if aliases_path is not None and Path(aliases_path).exists():
        aliases = _read_csv(Path(aliases_path), ALIAS_SCHEMA)
        for i, row in aliases.iterrows():
            if row["entity_id"] not in ids:
                raise CatalogError(aliases_path, f"row {i + 2}", "entity_id",
                                   f"unknown entity {row['entity_id']!r}")
            register.add_name(row["alias"], row["entity_id"])
    return register


# --- The 2025 arrangement of the provinces (data/reference/reorganisations.yml) --------------

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
