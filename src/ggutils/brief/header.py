"""Stage 3, the briefing's header: its title, what it was made from (each plan's decision,
the data cut-off, the evaluation date, when and by which version it was generated, a hash of
the input data) and the links to the index and the other language. The header output also
carries the title and footer of printed pages (ggutils.brief.export reads them)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from IPython.display import HTML

from ggutils import __version__
from ggutils.brief.data import BriefingData
from ggutils.brief.localize import other_language
from ggutils.brief.render import render
from ggutils.io import generated_at
from ggutils.reference.messages import Messages
from ggutils.reference.provinces import Register
from ggutils.reference.reorganisations import reorganisation


def input_hash(data_dir: Path) -> str:
    """A short hash of every raw, reference and target file (what a briefing was made from)."""
    digest = hashlib.sha256()
    for folder in ("raw", "reference", "targets"):
        for path in sorted((Path(data_dir) / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(data_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def briefing_title(msgs: Messages, register: Register, entity: str) -> str:
    """'Green-growth briefing: Kon Tum' (the page's <title> and first heading)."""
    return f"{msgs('briefing_title')}: {register.name(entity, msgs.lang)}"


def header_context(b: BriefingData) -> dict:
    """The title; the green-growth plan(s) in full, then the other plans by name; the 2025
    reorganisation where it changed the entity; and one line of what the page was made from."""
    m = b.msgs
    plans = [f"{m('plan_kind_' + p.decision.kind)}: {b.decision_text(p)}" for p in b.lead_plans]
    if b.other_plans:
        names = ", ".join(b.plan_name(p) for p in b.other_plans)
        plans.append(m("other_plans", entity=b.register.name(b.entity_id, b.lang))
                     + f": {names}")
    made = [f"{m('data_cutoff')}: {b.as_of}",
            *([f"{m('evaluated_on')}: {b.evaluated_on()}"] if b.evaluated_on() else []),
            f"{m('generated_at')}: {b.fmt.moment(generated_at())}",
            f"{m('package_version')}: {__version__}",
            f"{m('input_hash')}: {input_hash(b.layout.data)}"]
    other = b.layout.briefing_html(b.entity_id, other_language(b.lang),
                                   b.as_of if b.as_of_run else None)
    nav = [{"href": b.link_to(b.layout.index_page(b.lang)), "text": m("back_to_index")},
           {"href": b.link_to(other), "text": m("other_language"),
            "lang": other_language(b.lang)}]
    return {"title": briefing_title(m, b.register, b.entity_id), "plans": plans,
            "reorganised": reorganisation_text(b), "made": " · ".join(made), "nav": nav}


def reorganisation_text(b: BriefingData) -> str:
    """'Since 1 July 2025, Kon Tum province has been part of Quảng Ngãi province (Resolution
    202/2025/QH15 of the National Assembly, 12 June 2025) ...' and whether a catalog names
    the successor's own plan; '' for an entity the 2025 arrangement left as it was."""
    change = reorganisation(b.register, b.entity_id)
    if change is None:
        return ""
    m, lang = b.msgs, b.lang
    successor = change.successor_name(b.register, lang)
    text = m("reorganised", effective=b.fmt.date(change.effective),
             name=change.name(b.register, lang), successor=successor,
             act=change.act.name(lang),
             issuer=change.act.issuer_vi if lang == "vi" else change.act.issuer_en,
             adopted=b.fmt.date(change.adopted))
    own = "reorganised_plan" if change.successor_plans else "reorganised_no_plan"
    return f"{text} {m(own, successor=successor)}"


def header_html(b: BriefingData) -> str:
    return render("header.html.j2", **header_context(b))


def header_outputs(b: BriefingData) -> list:
    """The header, carrying in its metadata the title and the footer of printed pages
    (its plans and the date), which the export reads (export.print_margins)."""
    plans = ", ".join(b.fmt.document(p.decision) for p in b.plans)
    marks = {"title": briefing_title(b.msgs, b.register, b.entity_id),
             "footer": f"{plans} · {b.fmt.date(generated_at().date())}"}
    return [HTML(header_html(b), metadata={"ggutils": marks})]
