"""Loading the plans' catalogs: each data/targets/*.yml read, validated against the models of
`ggutils.reference.targets` and checked across files (indicator in the codebook, value
within the indicator's bounds, entity in the register, a '=' target's hold word, unique
ids); an error names the file, the entry and the field. `Reference` holds the validated
codebook, register and catalogs (`ggutils.project.Project.reference` loads it once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ggutils.errors import CatalogError
from ggutils.reference.indicators import Codebook
from ggutils.reference.provinces import Register
from ggutils.reference.reading import READING_FILE, TargetReading, load_target_reading
from ggutils.reference.targets import (
    COUNTRY,
    DRAFT_MAY_OMIT,
    GREEN_GROWTH_KINDS,
    Catalog,
    Decision,
    Monitored,
    Target,
    Task,
)
from ggutils.reference.validation import (
    check_unique,
    entry_id,
    read_yaml,
    require_list,
    validate_entry,
)

_QUARTER_YEAR = re.compile(r"Quý\s+[IV]+\s*/\s*(\d{4})", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def parse_deadline(text: str) -> tuple[int | None, int | None]:
    """The first and last year a deadline text names.

    'Quý II/2013' -> (2013, 2013); '2013-2020' -> (2013, 2020); '... cuối năm 2015' ->
    (2015, 2015); 'KH 5 năm 2016-2020' -> (2016, 2020); no year -> (None, None).
    """
    if match := _YEAR_RANGE.search(text):
        return int(match.group(1)), int(match.group(2))
    if match := _QUARTER_YEAR.search(text):
        year = int(match.group(1))
        return year, year
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None, None
    return min(years), max(years)


_TOP_LEVEL = {"decision", "targets", "monitoring", "tasks"}
# The unit of a change target's numbers (a level target takes its indicator's unit).
CHANGE_UNITS = {"change_since_base": "% change", "annual_rate": "%/year"}


def _check_indicator(entry: Target | Monitored, codebook: Codebook, path: Path) -> None:
    if isinstance(entry, Target) and entry.draft and entry.indicator is None:
        return
    if entry.indicator not in codebook:
        raise CatalogError(path, entry.id, "indicator", f"unknown indicator {entry.indicator!r}")
    if isinstance(entry, Target) and entry.draft:
        return   # its unit and numbers are checked once a person removes `draft`
    if isinstance(entry, Target):
        indicator = codebook[entry.indicator]
        unit = CHANGE_UNITS.get(entry.form, indicator.unit)
        if entry.unit != unit:
            raise CatalogError(path, entry.id, "unit",
                               f"{entry.unit!r} differs from {unit!r} (the codebook's unit "
                               f"for form {entry.form!r})")
        if entry.form != "level":
            return
        for number in entry.bounds():
            if not indicator.within_bounds(number):
                field = "low/high" if entry.is_range else "value"
                raise CatalogError(path, entry.id, field,
                                   f"{number:g} outside the indicator's bounds "
                                   f"[{indicator.lower}, {indicator.upper}]")


def _check_task(task: Task, path: Path) -> None:
    parsed = parse_deadline(task.deadline_text)
    if parsed != (task.deadline_from, task.deadline_to):
        raise CatalogError(path, task.id, "deadline_from",
                           f"deadline_text {task.deadline_text!r} names years {parsed}, "
                           f"not ({task.deadline_from}, {task.deadline_to})")


def _version_rank(target: Target) -> tuple:
    return (not target.wording_vi, target.source_tier or 1, -len(target.also_in))


def mark_preferred_versions(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """Where sources disagree on a target, every version is kept under one `group`, and one
    is preferred (judged and counted): a version quoting the decision's Vietnamese words
    before one printed only in English (a summary in translation can paraphrase: VNA's
    English "decrease greenhouse gas emission" for 1393's "giảm cường độ phát thải"), then
    the one from the best source tier (a decision text, with no tier, counts as 1), then the
    one more other sources print (`also_in`), then the first listed. Targets without a group
    are preferred."""
    best: dict[str, Target] = {}
    for target in targets:
        held = best.get(target.group)
        if target.group and (held is None or _version_rank(target) < _version_rank(held)):
            best[target.group] = target
    return tuple(t.model_copy(update={"preferred": not t.group or best[t.group] is t})
                 for t in targets)


def _check_entity(decision: Decision, path: Path, register: Register) -> None:
    if not (register.has_province(decision.entity_id) or decision.entity_id == COUNTRY):
        raise CatalogError(path, "decision", "entity_id",
                           f"unknown province {decision.entity_id!r} (not in the register)")
    if path.stem != decision.entity_id and not path.stem.startswith(f"{decision.entity_id}--"):
        raise CatalogError(path, "decision", "entity_id",
                           f"file name {path.name!r} should be {decision.entity_id}.yml or "
                           f"{decision.entity_id}--<plan>.yml")


def _read_sections(data: dict, path: Path) -> dict[str, tuple]:
    sections = {}
    for key, model in (("targets", Target), ("monitoring", Monitored), ("tasks", Task)):
        raw = require_list(data, key, path)
        for i, entry in enumerate(raw):
            if key == "targets" and isinstance(entry, dict) and "preferred" in entry:
                raise CatalogError(path, entry_id(entry, i), "preferred",
                                   "computed from `group` (see mark_preferred_versions), "
                                   "not written")
            if key == "targets" and isinstance(entry, dict) and entry.get("draft") is not True:
                for field in DRAFT_MAY_OMIT:
                    if entry.get(field) is None:
                        raise CatalogError(path, entry_id(entry, i), field,
                                           "required field is missing" if field not in entry
                                           else "must not be empty (only a draft: true "
                                           "target may leave it empty)")
        sections[key] = tuple(validate_entry(model, r, path, entry_id(r, i))
                              for i, r in enumerate(raw))
    return sections


def _check_provenance(target: Target, decision: Decision, codebook: Codebook,
                      path: Path) -> None:
    for name in target.context:
        if name not in codebook:
            raise CatalogError(path, target.id, "context", f"unknown indicator {name!r}")
    if target.source_row is not None and not decision.source_table:
        raise CatalogError(path, target.id, "source_row",
                           "a source_row needs decision.source_table")


def _check_reading(target: Target, reading: TargetReading, path: Path) -> None:
    """'=' holds a level: the target's words must say so (a hold word of the reading file)."""
    if target.comparator != "=":
        return
    if any(reading.words_in("hold", words) for words in (target.wording_vi, target.wording_en)):
        return
    words = reading.readings["hold"].words
    examples = ", ".join((*words.vi[:3], *words.en[:4]))
    raise CatalogError(path, target.id, "comparator",
                       f"'=' holds a level, but wording_vi and wording_en carry no hold word "
                       f"({examples} ...; {reading.path.name}): a reach ('đạt', 'reach', a "
                       f"bare number) is '>=' in the good direction")


def default_reading(codebook: Codebook) -> TargetReading:
    """The reading file beside the codebook (data/reference/target_reading.yml)."""
    return load_target_reading(Path(codebook.path).parent / READING_FILE)


def load_catalog(path: Path, codebook: Codebook, register: Register,
                 reading: TargetReading | None = None) -> Catalog:
    """Load and validate one plan's catalog: data/targets/<entity>.yml or
    <entity>--<plan>.yml, the entity a province slug or `vn` for the country. `reading`
    (default: the one beside the codebook) gives the words a '=' target must carry.
    Targets marked `draft: true` (written by `ggutils new-plan --from`) go to
    `Catalog.drafts`: they may lack an indicator, comparator or year, are never judged, and
    are listed on the briefing for review; every other target must give every field."""
    path = Path(path)
    reading = reading or default_reading(codebook)
    data = read_yaml(path)
    unknown = set(data) - _TOP_LEVEL
    if unknown:
        raise CatalogError(path, "-", sorted(unknown)[0], "unknown top-level key")
    if "decision" not in data:
        raise CatalogError(path, "decision", "decision", "required section is missing")
    decision = validate_entry(Decision, data["decision"], path, "decision")
    _check_entity(decision, path, register)
    sections = _read_sections(data, path)
    check_unique([e.id for key in sections for e in sections[key]], path, "this catalog")
    for entry in (*sections["targets"], *sections["monitoring"]):
        _check_indicator(entry, codebook, path)
    for target in sections["targets"]:
        _check_provenance(target, decision, codebook, path)
        _check_reading(target, reading, path)
    for task in sections["tasks"]:
        _check_task(task, path)
    reviewed = tuple(t for t in sections["targets"] if not t.draft)
    drafts = tuple(t for t in sections["targets"] if t.draft)
    return Catalog(decision, mark_preferred_versions(reviewed),
                   sections["monitoring"], sections["tasks"], path, drafts)


def load_catalogs(targets_dir: Path, codebook: Codebook, register: Register) -> dict[str, Catalog]:
    """Load every data/targets/*.yml, keyed by plan id (the file stem). Target ids are unique
    across all plans."""
    files = sorted(Path(targets_dir).glob("*.yml"))
    if not files:
        raise CatalogError(targets_dir, "-", "-", "no target catalog (*.yml) found")
    reading = default_reading(codebook)
    catalogs = [load_catalog(f, codebook, register, reading) for f in files]
    seen: dict[str, Path] = {}
    for catalog in catalogs:
        for target in (*catalog.targets, *catalog.drafts):
            if target.id in seen:
                raise CatalogError(catalog.path, target.id, "id",
                                   f"duplicate target id (also in {seen[target.id].name})")
            seen[target.id] = catalog.path
    return {c.plan_id: c for c in catalogs}


def plans_by_entity(catalogs: dict[str, Catalog]) -> dict[str, list[Catalog]]:
    """Each entity's plans: its green-growth plan(s) first (GREEN_GROWTH_KINDS), then the
    others, each newest decision first; the country first, then by slug."""
    grouped: dict[str, list[Catalog]] = {}
    for catalog in catalogs.values():
        grouped.setdefault(catalog.entity_id, []).append(catalog)
    order = sorted(grouped, key=lambda e: (e != COUNTRY, e))
    return {e: sorted(grouped[e], key=lambda c: (c.decision.kind not in GREEN_GROWTH_KINDS,
                                            -c.decision.year, c.plan_id))
            for e in order}


@dataclass(frozen=True)
class Reference:
    """The validated facts of a data folder: codebook, register and target catalogs."""

    codebook: Codebook
    register: Register
    catalogs: dict[str, Catalog]   # by plan id

    @property
    def plans(self) -> dict[str, list[Catalog]]:
        """Each entity's plans, green-growth plans first, newest first (`plans_by_entity`)."""
        return plans_by_entity(self.catalogs)
