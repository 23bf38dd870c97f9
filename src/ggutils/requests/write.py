"""Data-request workbooks: one per entity and language, asking the agencies its plans name for
the values their targets lack (`ggutils request`). A filled workbook dropped unchanged into
data/raw/contributed/ is read back by ggutils.clean.contributed.

A workbook has three sheets: a cover (the plans, the 2025 reorganisation where it merged the
entity into another province, the purpose, how to fill it in, blank contact fields, the date
generated), the request sheet, and a very hidden key sheet. The request sheet has one row per
indicator and year asked, each naming the agency asked and why (requests.gaps.gap_addressees),
sorted by that basis and agency: every indicator that a preferred target of one of the
entity's plans needs and that has no observation, or fewer than `min_points` (a trend needs
them), with the targets' clauses and words, the codebook's name, unit and bounds, the
definition a value of that year must follow (the registry's `request_workbooks.measures`, as
returned values are read: forest cover from 2016 counts only forest meeting the criteria), the
agencies, and the value already observed for that year with its source's title (greyed, so
the agency can confirm or correct it; no internal id). Years run from `years_before` before
the earliest decision (and a change target's base year) to the last year past due on the day
the workbook is made (ggutils.assess.evaluation: in December 2026, 2025).

Protection: the cells to fill are unlocked and highlighted, every other cell is locked, the
sheets and the workbook's structure are protected (no password: protection guards against
slips, and the reader checks everything). The key sheet records, per request row, the entity,
indicator, targets and year with the text of every locked cell of the row and a checksum of
all of that; the reader compares the sheet with it, so a protected cell edited after removing
the protection is found (the format the reader relies on: ggutils.requests.layout). The
checksum detects accidental edits, not forgery: it is not keyed, so whoever reads the code
can write a matching key row (README "Filling the data gaps" says why that is enough).
Every label comes from the message catalogue (`req_*` and `owed_*` keys). Every text is written as
an explicit string cell (ggutils.io.put_cell: never a formula), and under SOURCE_DATE_EPOCH
two runs give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ggutils.brief.downloads import pinned_zip
from ggutils.errors import CatalogError, UsageError
from ggutils.io import generated_at, put_cell, write_atomic
from ggutils.paths import Layout
from ggutils.project import Project, as_project
from ggutils.reference.messages import Messages
from ggutils.reference.reorganisations import reorganisation
from ggutils.reference.sources import workbook_measures
from ggutils.reference.targets import Catalog
from ggutils.reference.validation import read_yaml
from ggutils.requests.gaps import Gap, RequestSettings, find_gaps, request_rows
from ggutils.requests.layout import (  # noqa: F401 - the format's names, for callers of this module
    COLUMNS,
    FILL_COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    INFO_COLUMNS,
    KEY_COLUMNS,
    KEY_FIRST_ROW,
    KEY_SHEET,
    STATUSES,
    cell_text,
    column_letter,
    definition_for,
    key_checksum,
    sheet_row,
)

CONTACT_FIELDS = ("agency", "person", "position", "phone", "email", "date")
WIDTHS = {"agency": 24, "basis": 30, "partners": 22, "plan": 16, "targets": 48, "indicator": 34,
          "unit": 12,
          "bounds": 10, "definition": 26, "reason": 22, "year": 7, "existing_value": 11,
          "existing_source": 28,
          "value": 12, "status": 14, "doc_title": 30, "doc_number": 16, "doc_date": 13,
          "page": 12, "quote": 36, "remarks": 28}
TO_FILL = PatternFill(fill_type="solid", fgColor="FFF2CC")   # light yellow: fill these in
GREYED = PatternFill(fill_type="solid", fgColor="EDEDED")
GREY_TEXT = Font(color="808080", italic=True)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
_SHEET_NAME_FORBIDDEN = set("[]:*?/\\")


@dataclass(frozen=True)
class Request:
    """A request workbook before it is saved, with what it asks for."""

    entity_id: str
    lang: str
    gaps: tuple[Gap, ...]
    rows: pd.DataFrame           # one row per indicator and year asked, as the sheet shows it
    workbook: Workbook
    when: dt.datetime            # generated at (SOURCE_DATE_EPOCH when set): its dates

    def summary(self) -> str:
        """One line for the command line: indicators, targets, plans, rows and agencies."""
        targets = {t.id for g in self.gaps for _, t in g.targets}
        plans = {c.plan_id for g in self.gaps for c, _ in g.targets}
        agencies = list(dict.fromkeys(self.rows["agency"])) if len(self.rows) else []
        return (f"{len(self.gaps)} indicators, {len(targets)} targets of {len(plans)} plans, "
                f"{len(self.rows)} rows; agencies: {' | '.join(agencies) or '-'}")


def request_path(reports_dir: Path, entity_id: str, lang: str) -> Path:
    """Where the request workbook of an entity and language is written."""
    return Layout(reports=Path(reports_dir)).request_workbook(entity_id, lang)


# --- The workbook ---------------------------------------------------------------------------

def _sheet_name(msgs: Messages, key: str) -> str:
    name = msgs(key)
    if len(name) > 31 or set(name) & _SHEET_NAME_FORBIDDEN or name == KEY_SHEET:
        raise CatalogError(msgs.path, key, msgs.lang, "a sheet name: at most 31 characters, "
                           f"none of {''.join(sorted(_SHEET_NAME_FORBIDDEN))}")
    return name


def _put(ws: Worksheet, row: int, column: int, value: object):
    """Write a value as it is, a text as an explicit string cell (never a formula)."""
    return put_cell(ws, row, column, value)


def _date_text(date: dt.date, lang: str) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if lang == "vi" else date.isoformat()


def _decision_date(catalog: Catalog, lang: str) -> str:
    d = catalog.decision
    return str(d.year) if d.date is None else _date_text(d.date, lang)


def _reorganisation_lines(project: Project, entity_id: str, msgs: Messages
                          ) -> list[tuple[str, str, bool]]:
    """The 2025 reorganisation, where it merged the entity into another province: the date,
    the successor, the act, and the successor's own plans where a catalog names one."""
    if not project.register.has_province(entity_id):
        return []
    merged = reorganisation(project, entity_id)
    if merged is None:
        return []
    lang, register, act = msgs.lang, project.register, merged.act
    successor = merged.successor_name(register, lang)
    act_text = msgs("req_reorg_act", kind=act.kind_vi if lang == "vi" else act.kind_en,
                    number=act.number, issuer=act.issuer_vi if lang == "vi" else act.issuer_en,
                    adopted=_date_text(merged.adopted, lang))
    plans = [c.decision.number for c in project.reference.plans.get(merged.successor_id, [])
             if c.plan_id in merged.successor_plans]
    own = (msgs("req_reorg_plans", successor=successor, plans="; ".join(plans)) if plans
           else msgs("req_reorg_no_plan", successor=successor))
    return [(msgs("req_reorg_label"), msgs(
        "req_reorg", effective=_date_text(merged.effective, lang), successor=successor,
        entity=merged.name(register, lang), act=act_text), False), ("", own, False),
        ("", "", False)]


def _cover(ws: Worksheet, plans: list[Catalog], name: str, sheet: str, rows: pd.DataFrame,
           gaps: list[Gap], msgs: Messages, when: dt.datetime,
           merged: list[tuple[str, str, bool]]) -> None:
    """The cover sheet: title, plans, the 2025 reorganisation where it merged the entity,
    purpose, how to fill it in, contact fields, date."""
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    _put(ws, 1, 1, msgs("req_title", entity=name)).font = Font(bold=True, size=14)
    lines: list[tuple[str, str, bool]] = [("", "", False)]
    for i, plan in enumerate(plans):
        d = plan.decision
        title = d.title_en or d.title_vi if msgs.lang == "en" else d.title_vi
        lines.append((msgs("req_plans") if i == 0 else "", msgs(
            "req_plan_line", kind=msgs(f"plan_kind_{d.kind}"), number=d.number,
            date=_decision_date(plan, msgs.lang), title=title), False))
    lines += [("", "", False), *merged,
              (msgs("req_purpose_label"), msgs("req_purpose"), False),
              ("", msgs("req_counts", indicators=len(gaps), rows=len(rows),
                        targets=len({t.id for g in gaps for _, t in g.targets})), False),
              ("", "", False)]
    lines += [(msgs("req_how_label") if i == 1 else "", msgs(f"req_how_{i}", sheet=sheet), False)
              for i in range(1, 7)]
    lines += [("", "", False), (msgs("req_contact_label"), "", False)]
    lines += [(msgs(f"req_contact_{f}"), "", True) for f in CONTACT_FIELDS]
    lines += [("", "", False), (msgs("req_generated"), _date_text(when.date(), msgs.lang), False)]
    for row, (label, text, to_fill) in enumerate(lines, start=2):
        _put(ws, row, 1, label or None).font = BOLD
        cell = _put(ws, row, 2, text or None)
        cell.alignment = WRAP
        if to_fill:
            cell.fill, cell.protection = TO_FILL, UNLOCKED
    _protect(ws)


def _protect(ws: Worksheet) -> None:
    """Sheet protection: locked cells cannot be edited; columns and rows can be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _validations(ws: Worksheet, rows: pd.DataFrame, msgs: Messages) -> None:
    """The status drop-down on every status cell; the indicator's bounds on every value cell."""
    labels = [msgs(f"req_status_{s}") for s in STATUSES]
    if any("," in label or '"' in label for label in labels):
        raise CatalogError(msgs.path, "req_status_*", msgs.lang, "a drop-down label may "
                           "not hold a comma or a double quote")
    if rows.empty:
        return
    last = FIRST_ROW + len(rows) - 1
    status = DataValidation(type="list", formula1='"' + ",".join(labels) + '"',
                            allow_blank=True, showErrorMessage=True, errorStyle="stop",
                            errorTitle=msgs("req_invalid_title"), error=msgs("req_invalid_status"))
    status.add(f"{column_letter('status')}{FIRST_ROW}:{column_letter('status')}{last}")
    ws.add_data_validation(status)
    by_bounds: dict[tuple, DataValidation] = {}
    for offset, r in enumerate(rows.itertuples()):
        lower = None if pd.isna(r.lower) else float(r.lower)
        upper = None if pd.isna(r.upper) else float(r.upper)
        if lower is None and upper is None:
            continue
        if (lower, upper) not in by_bounds:
            by_bounds[(lower, upper)] = _number_validation(lower, upper, r.bounds, msgs)
            ws.add_data_validation(by_bounds[(lower, upper)])
        by_bounds[(lower, upper)].add(f"{column_letter('value')}{FIRST_ROW + offset}")


def _number_validation(lower: float | None, upper: float | None, bounds: str,
                       msgs: Messages) -> DataValidation:
    if lower is not None and upper is not None:
        operator, f1, f2 = "between", lower, upper
    elif lower is not None:
        operator, f1, f2 = "greaterThanOrEqual", lower, None
    else:
        operator, f1, f2 = "lessThanOrEqual", upper, None
    return DataValidation(type="decimal", operator=operator, formula1=f"{f1:.15g}",
                          formula2=None if f2 is None else f"{f2:.15g}", allow_blank=True,
                          showErrorMessage=True, errorStyle="stop",
                          errorTitle=msgs("req_invalid_title"),
                          error=msgs("req_invalid_number", bounds=bounds))


def _request_sheet(ws: Worksheet, rows: pd.DataFrame, name: str, msgs: Messages) -> list[dict]:
    """The request sheet; returns its key rows (one per request row)."""
    _put(ws, 1, 1, msgs("req_sheet_title", entity=name)).font = Font(bold=True, size=13)
    _put(ws, 2, 1, msgs("req_sheet_note"))
    for column, key in enumerate(COLUMNS, start=1):
        cell = _put(ws, HEADER_ROW, column, msgs(f"req_col_{key}"))
        cell.font, cell.alignment = BOLD, WRAP
        if key in FILL_COLUMNS:
            cell.fill = TO_FILL
        ws.column_dimensions[get_column_letter(column)].width = WIDTHS[key]
    date_format = "DD/MM/YYYY" if msgs.lang == "vi" else "YYYY-MM-DD"
    entries = []
    for offset, r in enumerate(rows.to_dict("records")):
        row = sheet_row(offset)
        for column, key in enumerate(COLUMNS, start=1):
            value = r.get(key)
            cell = _put(ws, row, column, None if key in FILL_COLUMNS or pd.isna(value)
                        else value)
            cell.alignment = WRAP
            if key in FILL_COLUMNS:
                cell.fill, cell.protection = TO_FILL, UNLOCKED
            elif key in ("existing_value", "existing_source"):
                cell.fill, cell.font = GREYED, GREY_TEXT
        ws.cell(row, COLUMNS.index("doc_date") + 1).number_format = date_format
        locked = json.dumps({column_letter(k): cell_text(ws.cell(row, i + 1).value)
                             for i, k in enumerate(COLUMNS) if k in INFO_COLUMNS},
                            ensure_ascii=False, sort_keys=True)
        entries.append({"row": row, "indicator": r["indicator_id"], "targets": r["target_ids"],
                        "year": int(r["year"]), "locked": locked})
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    ws.page_setup.orientation = "landscape"
    _validations(ws, rows, msgs)
    _protect(ws)
    return entries


def _key_sheet(ws: Worksheet, entity_id: str, lang: str, sheets: tuple[str, str],
               entries: list[dict], when: dt.datetime) -> None:
    """The key: the format, entity, language, sheet names and date; then one checked row per
    request row."""
    for column, value in enumerate([FORMAT, entity_id, lang, *sheets, when.isoformat()], start=1):
        _put(ws, 1, column, value)
    for column, name in enumerate(KEY_COLUMNS, start=1):
        _put(ws, 2, column, name)
    for row, e in enumerate(entries, start=KEY_FIRST_ROW):
        values = [e["row"], entity_id, e["indicator"], e["targets"], e["year"], e["locked"]]
        for column, value in enumerate([*values, key_checksum(*values)], start=1):
            _put(ws, row, column, value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def build_request(data: Path | Project, entity_id: str, lang: str,
                  settings: RequestSettings | None = None) -> Request:
    """The request workbook of `entity` in `lang`, from the catalogs and the processed
    observations of `data`, a Project or its data folder (stage 1 must have run)."""
    project = as_project(data)
    paths, ref = project.layout, project.reference
    if entity_id not in ref.plans:
        raise UsageError(f"no plan for {entity_id!r} in {paths.targets}")
    if not paths.observations.is_file():
        raise UsageError(f"{paths.observations} not found: run `ggutils clean` first")
    obs = project.observations
    sources = project.sources if project.sources is not None else pd.DataFrame(
        columns=["source_id", "title"])
    msgs = project.messages(lang)
    gaps = find_gaps(ref, obs, entity_id, settings)
    measures = workbook_measures(read_yaml(paths.registry), paths.registry) \
        if paths.registry.is_file() else []
    rows = request_rows(ref, obs, sources, entity_id, msgs, gaps, project.agencies, measures)
    when = generated_at().replace(tzinfo=None, microsecond=0)
    name = ref.register.name(entity_id, lang)
    workbook = Workbook()
    cover = workbook.active
    cover.title = _sheet_name(msgs, "req_sheet_cover")
    sheet = workbook.create_sheet(_sheet_name(msgs, "req_sheet_requests"))
    _cover(cover, ref.plans[entity_id], name, sheet.title, rows, gaps, msgs, when,
           _reorganisation_lines(project, entity_id, msgs))
    entries = _request_sheet(sheet, rows, name, msgs)
    _key_sheet(workbook.create_sheet(KEY_SHEET), entity_id, lang, (sheet.title, cover.title),
               entries, when)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "ggutils"
    workbook.properties.title = msgs("req_title", entity=name)
    workbook.properties.created = workbook.properties.modified = when
    return Request(entity_id, lang, tuple(gaps), rows, workbook, when)


def save_request(request: Request, reports_dir: Path) -> Path:
    """Write the workbook atomically to request_path (a killed run leaves the old file),
    every date in it (zip entries, document properties) the generation time, so two runs
    under one SOURCE_DATE_EPOCH give the same bytes."""
    buffer = io.BytesIO()
    request.workbook.save(buffer)
    content = pinned_zip(buffer.getvalue(), request.when)
    return write_atomic(request_path(reports_dir, request.entity_id, request.lang),
                        lambda tmp: tmp.write_bytes(content))


def write_request(data: Path | Project, entity_id: str, lang: str, reports_dir: Path,
                  settings: RequestSettings | None = None) -> Path:
    """Build the request workbook of `entity` in `lang` and write it to
    reports/requests/<entity>-<lang>.xlsx; returns its path."""
    return save_request(build_request(data, entity_id, lang, settings), reports_dir)
