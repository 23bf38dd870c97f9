"""`ggutils new-plan SLUG`: the files a new province's plan starts from.

Writes a commented catalog template (data/targets/<slug>.yml, or <slug>--<plan>.yml for a
further plan; valid as written: a draft with no target yet), a placeholder for the
decision's text (data/raw/decisions/<same name>.txt), and
appends a commented registry stub to data/raw/sources.yml. The templates are in
templates/new_plan/; README "Adding a province" walks through filling them in.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from .errors import UsageError, unknown
from .paths import ProjectPaths


def _template(name: str) -> Template:
    text = resources.files("ggutils").joinpath("templates", "new_plan", name)
    return Template(text.read_text(encoding="utf-8"))


def new_plan(paths: ProjectPaths, slug: str, plan: str | None = None) -> list[Path]:
    """Write the catalog template, the decision placeholder and the registry stub for the
    province `slug` (or `vn`, the country); with `plan`, as a further plan of it
    (data/targets/<slug>--<plan>.yml). Return the files written or changed. Refuses to
    overwrite a catalog."""
    from .indicators import load_codebook
    from .provinces import load_register
    from .targets import COUNTRY, load_catalog

    register = load_register(paths.register, paths.aliases)
    entities = register.entities[register.entities["slug"].isin(
        [*register.provinces["slug"], COUNTRY])]
    if slug not in set(entities["slug"]):
        raise UsageError(unknown("province", slug, [str(s) for s in entities["slug"]],
                                 f"in {paths.register}"))
    if plan is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", plan):
        raise UsageError(f"plan name {plan!r}: use lower-case letters, digits and '-' "
                         "(e.g. qd1498-2012)")
    name = f"{slug}--{plan}" if plan else slug
    catalog = paths.targets / f"{name}.yml"
    if catalog.exists():
        raise UsageError(f"{catalog} already exists; edit it, or name another plan (--plan)")
    decision = paths.decisions / f"{name}.txt"
    row = entities.loc[entities["slug"] == slug].iloc[0]
    issuer = "Thủ tướng Chính phủ" if slug == COUNTRY else f"UBND tỉnh {row['name_vi']}"
    fields = {"slug": slug, "name": name, "name_vi": row["name_vi"],
              "name_en": row["name_en"], "issuer": issuer, "decision_file": decision.name,
              "prefix": "".join(part[0] for part in slug.split("-")),
              "prefix_id": name.replace("-", "_")}
    written = []
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text(_template("catalog.yml").substitute(fields), encoding="utf-8")
    written.append(catalog)
    if not decision.exists():
        decision.parent.mkdir(parents=True, exist_ok=True)
        decision.write_text(_template("decision.txt").substitute(fields), encoding="utf-8")
        written.append(decision)
    if paths.sources.exists():
        with paths.sources.open("a", encoding="utf-8") as registry:
            registry.write(_template("source.yml").substitute(fields))
        written.append(paths.sources)
    load_catalog(catalog, load_codebook(paths.codebook), register)  # the template is valid
    return written
