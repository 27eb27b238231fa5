"""The handover list (移交清单, docs/domain.md §2.6) of one inspected unit or of every unit in the vault.

One row per handover record: the inspected unit, what is handed over (the 问题线索名称 and the
numbers of the leads linked to it), how many items (the linked leads, at least one), the
receiving body, the date, the team's handler, and an empty column for the receiver to sign.
A4 landscape so the columns fit; the column header repeats on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether

from app.domain.records import Handover, Lead, Unit
from app.export.pdf import layout as L
from app.export.pdf.base import (
    DocOptions,
    OfficialDocument,
    SignLines,
    Spacer,
    cn_date,
    draw_text,
    grid_table,
    para,
    title_para,
)
from app.export.pdf.feedback import pick_unit
from app.export.pdf.fonts import SONG
from app.storage.vault import Vault

TITLE = "问题线索移交清单"
ALL_UNITS = "全部被巡察单位"


@dataclass
class HandoverRow:
    record: Handover
    unit: str = ""
    leads: list[str] = field(default_factory=list)

    @property
    def items(self) -> int:
        return max(1, len(self.leads))


@dataclass
class HandoverContent:
    """The rows to print and the list's scope (testable without a vault)."""

    scope: str
    rows: list[HandoverRow]
    single_unit: bool = False
    date: dt.date | None = None

    @property
    def items(self) -> int:
        return sum(row.items for row in self.rows)


def gather(vault: Vault, unit_name: str | None = None, today: dt.date | None = None) -> HandoverContent:
    """Every handover, or those of ``unit_name`` (its own, or handing over one of its leads)."""
    unit = pick_unit(vault, unit_name) if unit_name is not None else None
    names: dict[str, str] = {}

    def unit_label(unit_id: str | None) -> str:
        if not unit_id:
            return ""
        if unit_id not in names:
            found = vault.records.find(unit_id)
            names[unit_id] = found.name if isinstance(found, Unit) else ""
        return names[unit_id]

    rows = []
    for record in vault.records.iter(Handover):
        leads = [lead for lead in vault.records.linked(record.id, "lead") if isinstance(lead, Lead)]
        unit_ids = [record.unit_id] if record.unit_id else list(dict.fromkeys(x.unit_id for x in leads if x.unit_id))
        if unit is not None and unit.id not in unit_ids:
            continue
        leads.sort(key=lambda x: (x.number, x.id))
        rows.append(HandoverRow(record, "、".join(filter(None, map(unit_label, unit_ids))),
                                [x.number or x.subject_name for x in leads]))
    rows.sort(key=lambda r: (r.record.handed_at or dt.date.max, r.unit, r.record.title, r.record.id))
    return HandoverContent(unit.name if unit else ALL_UNITS, rows, unit is not None, today or dt.date.today())


class HandoverList(OfficialDocument):
    """问题线索移交清单, landscape, the column header on every page."""

    geometry = L.LANDSCAPE

    def __init__(self, content: HandoverContent, options: DocOptions | None = None) -> None:
        super().__init__(options)
        self.content = content
        if not self.options.title:
            self.options.title = f"{TITLE}（{content.scope}）"

    def story(self) -> list[Flowable]:
        c, s = self.content, self.sheet
        g = self.geometry
        style = s["SmallCell"]

        def fit(*texts: str) -> float:  # the widest text on one line, plus the cell padding
            return float(max(stringWidth(t, SONG, style.fontSize) for t in texts)) + 14

        handlers = {row.record.from_handler for row in c.rows}
        one_handler = len(handlers) == 1 and "" not in handlers
        # (header, width, centred, cell): a column whose value is the same on every row goes to the scope line.
        columns: list[tuple[str, float, bool, Callable[[int, HandoverRow], str]]] = [
            ("序号", fit("序号"), True, lambda n, row: str(n)),
            ("被巡察单位", fit("某县住房和城乡建设局"), False, lambda n, row: row.unit),
            ("移交事项", 0.0, False, lambda n, row: row.record.title),
            ("件数", fit("件数", "999"), True, lambda n, row: str(row.items)),
            ("接收单位", fit("接收单位", "纪委监委"), True, lambda n, row: row.record.to_unit),
            ("移交时间", fit("2024年12月28日", *(cn_date(r.record.handed_at) for r in c.rows)), True,
             lambda n, row: cn_date(row.record.handed_at)),
            ("经办人", fit("经办人"), True, lambda n, row: row.record.from_handler),
            ("接收人签字", fit("接收人签字", "　" * 6), False, lambda n, row: ""),
        ]
        if c.single_unit:
            columns.pop(1)
        if one_handler:
            columns = [col for col in columns if col[0] != "经办人"]
        what = next(i for i, col in enumerate(columns) if col[0] == "移交事项")
        what_w = g.block_width - sum(col[1] for col in columns)
        columns[what] = (*columns[what][:1], what_w, *columns[what][2:])
        body = []
        for n, row in enumerate(c.rows, 1):
            cells = [cell(n, row) for *_, cell in columns]
            if row.leads:  # whole numbers to a line: a wrap inside "2024-3-1-012" misleads
                cells[what] += "\n" + wrap_tokens([f"线索编号：{row.leads[0]}", *row.leads[1:]], "、",
                                                   what_w - 14, style)
            body.append(cells)
        scope = f"范围：{c.scope}　　共{len(c.rows)}批、{c.items}件"
        if one_handler:
            scope += f"　　移交经办人：{handlers.pop()}"
        out: list[Flowable] = [*self.head_marks(), title_para(TITLE, s, g.block_width),
                               para(f"{scope}　　制表日期：{cn_date(c.date)}", "Flush", s), Spacer(L.LINE_PITCH / 3)]
        out.append(grid_table([[col[0] for col in columns], *(body or [["", "（无移交记录）"]])],
                              [col[1] for col in columns], s, header_rows=1, style_name="SmallCell",
                              centred_columns=[i for i, col in enumerate(columns) if col[2]]))
        out.append(KeepTogether([Spacer(L.LINE_PITCH / 2), para(f"合计：{len(c.rows)}批、{c.items}件。", "Flush", s),
                                 SignLines(["移交方经办人（签字）：", "接收方经办人（签字）："])]))
        return out

    def decorate(self, canvas: Canvas, page: int) -> None:
        if page > 1:  # a running head, so a loose page still says what it is
            g = self.geometry
            draw_text(canvas, g.left + g.block_width / 2, g.top + 5 * mm, f"{TITLE}（续）　{self.content.scope}", SONG,
                      L.SIZE_4, "centre")


def wrap_tokens(tokens: list[str], separator: str, width: float, style: Any) -> str:
    """``tokens`` joined by ``separator``, a line break instead wherever the next one would not fit."""
    lines: list[str] = []
    for token in tokens:
        joined = f"{lines[-1]}{separator}{token}" if lines else token
        if lines and stringWidth(joined, SONG, style.fontSize) <= width:
            lines[-1] = joined
        else:
            if lines:
                lines[-1] += separator
            lines.append(token)
    return "\n".join(lines)


def handover_from_vault(vault: Vault, unit_name: str | None = None, *, options: DocOptions | None = None,
                        today: dt.date | None = None) -> HandoverList:
    return HandoverList(gather(vault, unit_name, today), options)
