"""The ``stats --out`` workbook: each statistics table a sheet, title row, header, rows, summary lines.

Write-only openpyxl, kept in memory as the ledger is (nothing decrypted in the temp folder), written
beside its target and renamed into place (app/storage/files.py). Every text cell is written as text
(``data_type = 's'``, the ledger's :func:`~app.export.xlsx.ledger.clean_text`): a unit or team name that
starts with ``=``, ``+``, ``-`` or ``@`` never becomes a formula (docs/vault.md, "Text from outside is text").
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.export.xlsx.ledger import (
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    _discard,
    _save,
    _write_in_memory,
    clean_text,
    text_width,
)
from app.storage.files import atomic_write

Value = str | int | float | dt.date | None
#: Number formats by column kind.
FORMATS = {"int": "0", "figure": "0.00", "date": "yyyy-mm-dd"}
MIN_WIDTH, MAX_WIDTH = 8.0, 48.0
#: Excel's sheet names: at most 31 characters, none of these.
BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Sheet:
    """One table as the workbook writes it: plain values, no records."""

    title: str
    #: (header label, kind) per column; kind is "text", "int", "figure" or "date".
    columns: Sequence[tuple[str, str]]
    rows: Sequence[Sequence[Value]]
    summary: Sequence[tuple[str, Value]] = ()


def text_cell(ws: Worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell.value = clean_text(text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def value_cell(ws: Worksheet, value: Value, kind: str) -> WriteOnlyCell | None:
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(ws, value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, dt.date):
        cell.number_format = FORMATS["date"]
    elif isinstance(value, float):
        cell.number_format = FORMATS["figure"]
    elif kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return cell


def _width(values: Sequence[Value], label: str) -> float:
    texts = [label, *(v if isinstance(v, str) else str(v) for v in values if v is not None)]
    return min(MAX_WIDTH, max(MIN_WIDTH, *(text_width(t) + 2 for t in texts)))


def sheet_name(title: str, taken: set[str]) -> str:
    base = title.translate(BAD_SHEET_CHARS)[:28] or "统计"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def _write_sheet(wb: Workbook, sheet: Sheet, heading: str, taken: set[str]) -> None:
    ws = wb.create_sheet(sheet_name(sheet.title, taken))
    sample = sheet.rows[:200]
    for i, (label, _kind) in enumerate(sheet.columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = _width([r[i] for r in sample], label)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    last = get_column_letter(max(1, len(sheet.columns)))
    ws.merged_cells.add(f"A1:{last}1")
    _write_in_memory(ws)
    title = text_cell(ws, "\u3000\u3000".join(p for p in (sheet.title, heading) if p))
    title.font = TITLE_FONT
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.append([title])
    header = []
    for label, _kind in sheet.columns:
        cell = text_cell(ws, label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)
    kinds = [kind for _label, kind in sheet.columns]
    for row in sheet.rows:
        ws.append([value_cell(ws, v, k) for v, k in zip(row, kinds, strict=True)])
    if sheet.summary:
        ws.append([])
        for key, value in sheet.summary:
            ws.append([text_cell(ws, key), value_cell(ws, value, "figure")])


def write_stats(out: str | os.PathLike[str] | IO[bytes], sheets: Sequence[Sheet], *, heading: str = "") -> None:
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    try:
        for sheet in sheets:
            _write_sheet(wb, sheet, heading, taken)
    except BaseException:
        _discard(wb)
        raise
    _save(wb, out)


def write_stats_workbook(path: str | os.PathLike[str], sheets: Sequence[Sheet], *, heading: str = "") -> None:
    """Write ``sheets`` to ``path`` whole or not at all (temporary file beside it, fsync, rename)."""
    atomic_write(path, lambda fh: write_stats(fh, sheets, heading=heading))
