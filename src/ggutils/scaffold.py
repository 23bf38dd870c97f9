"""`ggutils new-plan SLUG`: the files a new province's plan starts from.

Writes a commented catalog template (data/targets/<slug>.yml, valid as written: a draft with
no target yet), a placeholder for the decision's text (data/raw/decisions/<slug>.txt), and
appends a commented registry stub to data/raw/sources.yml. The templates are in
templates/new_plan/; README "Adding a province" walks through filling them in.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from string import Template

from .errors import UsageError, unknown
from .paths import ProjectPaths


def _template(name: str) -> Template:
    text = resources.files("ggutils").joinpath("templates", "new_plan", name)
    return Template(text.read_text(encoding="utf-8"))


def new_plan(paths: ProjectPaths, slug: str) -> list[Path]:
    """Write the catalog template, the decision placeholder and the registry stub for the
    province `slug`; return the files written or changed. Refuses to overwrite a catalog."""
    from .indicators import load_codebook
    from .provinces import load_register
    from .targets import load_catalog

    register = load_register(paths.register, paths.aliases)
    if not register.has_province(slug):
        slugs = [str(s) for s in register.provinces["slug"]]
        raise UsageError(unknown("province", slug, slugs, f"in {paths.register}"))
    catalog = paths.targets / f"{slug}.yml"
    if catalog.exists():
        raise UsageError(f"{catalog} already exists; edit it, or remove it to start again")
    decision = paths.decisions / f"{slug}.txt"
    row = register.provinces.loc[register.provinces["slug"] == slug].iloc[0]
    fields = {"slug": slug, "name_vi": row["name_vi"], "name_en": row["name_en"],
              "decision_file": decision.name,
              "prefix": "".join(part[0] for part in slug.split("-")),
              "prefix_id": slug.replace("-", "_")}
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
