"""The data behind a briefing, as files a reader downloads from the page itself: embedded as
data URIs, so they open with the network off and nothing is requested when the page opens
(as Our World in Data's download tab and Open SDG's CSV links give them)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd

from ggutils.io import generated_at, mark_formulas, text_cell

CSV = "text/csv;charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    """One file: its name, media type and bytes."""

    name: str
    media_type: str
    content: bytes

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.content).decode('ascii')}"


def csv_download(name: str, frame: pd.DataFrame) -> Download:
    """A table as UTF-8 CSV with a byte-order mark (so spreadsheet programs read Vietnamese),
    every text a spreadsheet would evaluate marked with a leading "'" (ggutils.io)."""
    return Download(name, CSV, mark_formulas(frame).to_csv(index=False).encode("utf-8-sig"))


def xlsx_download(name: str, sheets: dict[str, pd.DataFrame]) -> Download:
    """Several tables as one workbook, a sheet each (openpyxl), every text an explicit
    string cell (no formula, whatever it starts with; numbers stay numbers). Its dates are
    the generation time (SOURCE_DATE_EPOCH when set), so two runs give the same bytes."""
    when = generated_at().replace(tzinfo=None, microsecond=0)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
        for ws in writer.book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    text_cell(cell)
    return Download(name, XLSX, pinned_zip(buffer.getvalue(), when))


def pinned_zip(content: bytes, when: dt.datetime) -> bytes:
    """The same workbook with every zip entry, and the document's created and modified
    times (openpyxl stamps the save time), dated `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp,
                              data)
            pinned = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(pinned, data)
    return out.getvalue()


def briefing_downloads(entity_id: str, observations: pd.DataFrame, trajectories: pd.DataFrame,
                       targets: pd.DataFrame, sources: pd.DataFrame) -> list[Download]:
    """The observations a briefing used and its trajectory rows as CSV, and the whole entity
    (observations, trajectories, targets, sources) as one XLSX."""
    return [csv_download(f"{entity_id}-observations.csv", observations),
            csv_download(f"{entity_id}-trajectories.csv", trajectories),
            xlsx_download(f"{entity_id}.xlsx", {"observations": observations,
                                           "trajectories": trajectories, "targets": targets,
                                           "sources": sources})]
