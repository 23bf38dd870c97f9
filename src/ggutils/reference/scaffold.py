"""`ggutils new-plan SLUG`: the files a new province's plan starts from.

Writes a commented catalog template (data/targets/<slug>.yml, or <slug>--<plan>.yml for a
further plan; valid as written: a draft with no target yet), a placeholder for the
decision's text (data/raw/decisions/<same name>.txt), and
appends a commented registry stub to data/raw/sources.yml. The templates are in
templates/new_plan/; README "Adding a province" walks through filling them in.

With `--from TEXT` (`write_plan(..., from_text=...)`) the decision's text is the placeholder's
content and the catalog holds one `draft: true` target per numeric target the drafter
(ggutils.reference.draft, data/reference/drafting_rules.yml) read in it, for a person to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template

from ggutils.errors import UsageError, unknown
from ggutils.paths import Layout


def _template(name: str) -> Template:
    text = resources.files("ggutils.reference").joinpath("templates", "new_plan", name)
    return Template(text.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class NewPlan:
    """What `write_plan` wrote (for the entity `slug`, its entity_id), and with `from_text`
    what the drafter read (ggutils.reference.draft)."""

    written: list[Path]
    draft: object | None = None          # a ggutils.reference.draft.Draft
    entries: list[dict] = field(default_factory=list)
    slug: str = ""


def new_plan(paths: Layout, entity_id: str, plan: str | None = None,
             from_text: Path | None = None) -> list[Path]:
    """The files `write_plan` wrote or changed."""
    return write_plan(paths, entity_id, plan, from_text).written


def _decision_text(paths: Layout, from_text: Path, decision: Path) -> tuple[Path, str]:
    """The decision file a drafted catalog names, and its text: FILE itself when it lies in
    data/raw/decisions/, else a copy of it there under the catalog's name."""
    try:
        text = Path(from_text).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--from {from_text}: cannot read it as UTF-8 text ({exc})") from None
    if Path(from_text).resolve().parent == paths.decisions.resolve():
        return Path(from_text), text
    if decision.exists() and decision.read_text(encoding="utf-8") != text:
        raise UsageError(f"{decision} already exists with another text; move it or name "
                         "another plan (--plan)")
    return decision, text


def _draft(paths: Layout, text: str, prefix: str, codebook, register):
    from ggutils.reference.catalogs import default_reading, load_catalogs
    from ggutils.reference.draft import (
        draft_entries,
        draft_text,
        draft_yaml,
        load_drafting_rules,
        rules_path,
    )

    rules = load_drafting_rules(rules_path(paths.codebook.parent))
    draft = draft_text(text, rules, default_reading(codebook), codebook)
    taken = {t.id for c in load_catalogs(paths.targets, codebook, register).values()
             for t in (*c.targets, *c.drafts)} if any(paths.targets.glob("*.yml")) else set()
    entries = draft_entries(draft, prefix, codebook, taken)
    return draft, entries, draft_yaml(entries)


def write_plan(paths: Layout, entity_id: str, plan: str | None = None,
               from_text: Path | None = None) -> NewPlan:
    """Write the catalog template, the decision placeholder and the registry stub for the
    entity `entity_id` (a province, `vn` for the country, or a name the register knows:
    'Điện Biên');
    with `plan`, as a further plan of it (data/targets/<entity_id>--<plan>.yml); with
    `from_text`, the decision's text instead of the placeholder and the targets drafted
    from it (`draft: true`). Refuses to overwrite a catalog."""
    from ggutils.reference.catalogs import load_catalog
    from ggutils.reference.draft import DecisionHeading, decision_fields
    from ggutils.reference.indicators import load_codebook
    from ggutils.reference.provinces import load_register, slugify
    from ggutils.reference.targets import COUNTRY

    register = load_register(paths.register, paths.aliases)
    entities = register.entities[register.entities["slug"].isin(
        [*register.provinces["slug"], COUNTRY])]
    entity_ids = [str(s) for s in entities["slug"]]
    if entity_id not in entity_ids:  # a name the register or its aliases know: 'Điện Biên'
        named = register.slug_for(entity_id)
        if named not in entity_ids:
            raise UsageError(unknown("province", entity_id, entity_ids, f"in {paths.register}",
                                     spelled=slugify(entity_id)))
        entity_id = named
    if plan is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", plan):
        raise UsageError(f"plan name {plan!r}: use lower-case letters, digits and '-' "
                         "(e.g. qd1498-2012)")
    plan_id = f"{entity_id}--{plan}" if plan else entity_id
    catalog = paths.catalog(plan_id)
    if catalog.exists():
        raise UsageError(f"{catalog} already exists; edit it, or name another plan (--plan)")
    decision = paths.decision_text(plan_id)
    row = entities.loc[entities["slug"] == entity_id].iloc[0]
    issuer = "Thủ tướng Chính phủ" if entity_id == COUNTRY else f"UBND tỉnh {row['name_vi']}"
    fields = {"slug": entity_id, "name": plan_id, "name_vi": row["name_vi"],
              "name_en": row["name_en"], "issuer": issuer, "decision_file": decision.name,
              "prefix": "".join(part[0] for part in entity_id.split("-")),
              "prefix_id": plan_id.replace("-", "_")}
    fields.update(decision_fields(DecisionHeading()))    # the TODOs
    written = []
    codebook = load_codebook(paths.codebook)
    text = _template("catalog.yml").substitute(fields)
    draft, entries = None, []
    if from_text is not None:
        decision, decision_text = _decision_text(paths, from_text, decision)
        prefix = fields["prefix"] + (f"-{plan}" if plan else "")
        draft, entries, block = _draft(paths, decision_text, prefix, codebook, register)
        text = _template("catalog.yml").substitute({**fields, "decision_file": decision.name,
                                                    **decision_fields(draft.decision)})
        text = (f"# Drafted from {Path(from_text).name} by `ggutils new-plan --from`: "
                f"{len(entries)} targets, each `draft: true`\n# (shown on the briefing as "
                "to be reviewed, never judged). Review each against the text, then remove "
                "`draft`\n# (README, \"Adding a province\").\n"
                + text.replace("targets: []\n", block, 1))
        if not decision.exists():
            decision.parent.mkdir(parents=True, exist_ok=True)
            decision.write_text(decision_text, encoding="utf-8")
            written.append(decision)
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text(text, encoding="utf-8")
    written.insert(0, catalog)
    if not decision.exists():
        decision.parent.mkdir(parents=True, exist_ok=True)
        decision.write_text(_template("decision.txt").substitute(fields), encoding="utf-8")
        written.append(decision)
    if paths.registry.exists():
        with paths.registry.open("a", encoding="utf-8") as registry:
            registry.write(_template("source.yml").substitute(fields))
        written.append(paths.registry)
    try:
        load_catalog(catalog, codebook, register)  # the template (and every draft) is valid
    except Exception:
        catalog.unlink()
        raise
    return NewPlan(written, draft, entries, entity_id)
