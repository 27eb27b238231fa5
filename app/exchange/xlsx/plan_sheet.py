"""The 分工方案 workbook: a round's proposed assignment, one row per unit, written and read back.

Written with every cell as text (``data_type = 's'``), so a unit name starting with ``=`` stays
text (CWE-1236, as the ledgers: app/export/xlsx/ledger.py). Read back, it is hostile input like any
spreadsheet: the same guards as the intake (app/exchange/xlsx/intake_guard.py: size, ZIP checks,
entity declarations, defusedxml), the same header search and row cap (intake_sheet.py), formulas and
error cells refused, every text bounded. A row names its unit by 单位ID (the column the program wrote),
else by 单位编码, else by name; the service matches them within the round.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from app.exchange.xlsx.intake import CellProblem, cell_text
from app.exchange.xlsx.intake_guard import open_workbook
from app.exchange.xlsx.intake_sheet import ColumnSpec, choose_sheet, read_rows
from app.storage.errors import VaultError
from app.storage.files import atomic_write

SHEET = "分工方案"
MAX_CELL = 32_767
TRUNCATED = "…（超出单元格长度，已截断）"
#: Longest text accepted in a cell read back (names, codes, a mode, a team).
TEXT_LIMIT = 200


@dataclass(frozen=True)
class PlanRow:
    """One unit of a 分工方案: as written (warnings and exclusions filled) or as read (``line`` set)."""

    unit_id: str
    unit_name: str
    org_key: str
    jurisdiction: str
    mode: str
    team: str
    warnings: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    line: int = 0
    replaced: tuple[str, ...] = ()  # the conflicts of the unit's current team, which the proposal avoids


#: (key, header, width) of the columns, in order; the reader matches the same headers.
COLUMNS = (
    ("serial", "序号", 6),
    ("unit_name", "被巡察单位", 28),
    ("org_key", "单位编码", 20),
    ("jurisdiction", "所属地区", 10),
    ("mode", "巡察方式", 9),
    ("team", "承担巡察组", 16),
    ("warnings", "软冲突提示", 40),
    ("replaced", "原分工的冲突（方案已避开）", 40),
    ("excluded", "已排除的巡察组及原因", 60),
    ("unit_id", "单位ID", 38),
)
SPECS = (
    ColumnSpec("unit_name", "被巡察单位", ("被巡察单位", "单位名称", "被巡察党组织"), required=True),
    ColumnSpec("org_key", "单位编码", ("单位编码", "统一社会信用代码", "单位编码/统一社会信用代码")),
    ColumnSpec("mode", "巡察方式", ("巡察方式",)),
    ColumnSpec("team", "承担巡察组", ("承担巡察组", "巡察组"), required=True),
    ColumnSpec("unit_id", "单位ID", ("单位ID", "单位编号ID")),
)


def _text(ws: Worksheet, value: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    text = str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - len(TRUNCATED)] + TRUNCATED
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_plan(out: IO[bytes], title: str, rows: Sequence[PlanRow]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    for n, (_, _, width) in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + n)].width = width
    ws.freeze_panes = "A3"
    ws.append([_text(ws, f"分工方案：{title}（修改“承担巡察组”“巡察方式”两列后可用 plan --accept 导入；"
                         "其他列仅供参考）", bold=True)])
    ws.append([_text(ws, header, bold=True) for _, header, _ in COLUMNS])
    for n, row in enumerate(rows, 1):
        values = {"serial": str(n), "unit_name": row.unit_name, "org_key": row.org_key,
                  "jurisdiction": row.jurisdiction, "mode": row.mode, "team": row.team or "",
                  "warnings": "\n".join(row.warnings), "replaced": "\n".join(row.replaced),
                  "excluded": "\n".join(row.excluded), "unit_id": row.unit_id}
        ws.append([_text(ws, values[key]) for key, _, _ in COLUMNS])
    wb.save(out)


def write_plan_sheet(path: str | os.PathLike[str], title: str, rows: Sequence[PlanRow]) -> None:
    """Write the workbook to ``path`` atomically (the caller refuses an existing file)."""
    atomic_write(Path(path), lambda fh: write_plan(fh, title, rows))


class PlanSheetError(VaultError):
    """A 分工方案 refused as a whole for one of its cells; the detail says where and why."""

    message = "分工方案中有不能导入的单元格"
    message_en = "The assignment plan has a cell that cannot be imported"


def read_plan_sheet(path: str | os.PathLike[str]) -> list[PlanRow]:
    """The rows of a 分工方案 workbook; IntakeError when the file is refused, PlanSheetError for a cell."""
    wb = open_workbook(Path(path))
    try:
        ws, header = choose_sheet(wb, SPECS)
        out = []
        for number, cells in read_rows(ws, header):
            values: dict[str, str] = {}
            for index, cell in cells.items():
                spec = header.columns[index]
                try:
                    values[spec.key] = cell_text(cell, limit=TEXT_LIMIT)
                except CellProblem as exc:
                    raise PlanSheetError(f"第 {number} 行 {header.describe(index)}：{exc}") from exc
            out.append(PlanRow(values.get("unit_id", ""), values.get("unit_name", ""), values.get("org_key", ""), "",
                               values.get("mode", ""), values.get("team", ""), line=number))
        return out
    finally:
        wb.close()
