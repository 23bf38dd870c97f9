"""The province register (data/reference/provinces.csv) and name resolution.

The register holds the 63 provinces of 2008-2025 with their GSO codes, regions and 2025
successors, plus the country and the regions statistics use. Aliases (old spellings,
abbreviations, English names) live in data/reference/entity_aliases.csv; the folding rules
here (Unicode form, case, diacritics, prefixes, hyphens, look-alike letters) cover the rest.

The 2025 arrangement of the provinces (which act, when, into which province) is in
`reference.reorganisations`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ggutils.errors import CatalogError

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
