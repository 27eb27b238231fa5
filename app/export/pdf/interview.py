"""The interview record (个别谈话记录, docs/domain.md §2.1) for printing and signature.

The header fields, the outline answers, the summary and the record, then the interviewers and
recorder. Every page carries, at the foot of its text block, a line for the interviewee to sign
in confirmation (docs/domain.md §3.1: the interviewee checks and signs the record).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.domain.records import Interview, Member, Unit
from app.export.pdf import layout as L
from app.export.pdf.base import (
    CN_NUMBERS,
    DocOptions,
    OfficialDocument,
    Spacer,
    cn_datetime,
    draw_text,
    field_table,
    long_paras,
    para,
    paras,
    title_para,
)
from app.export.pdf.fonts import FANGSONG
from app.storage.vault import Vault


@dataclass
class InterviewContent:
    record: Interview
    unit: str = ""
    interviewers: list[str] = field(default_factory=list)
    recorders: list[str] = field(default_factory=list)


def _names(vault: Vault, ids: list[str]) -> list[str]:
    out = []
    for member_id in ids:
        member = vault.records.find(member_id)
        out.append(member.name if isinstance(member, Member) else member_id[:8])
    return out


def gather(vault: Vault, record_id: str | None = None) -> InterviewContent:
    """The interview ``record_id`` (or the first in the vault) with its members' names."""
    if record_id:
        record = vault.records.find(record_id)
        if not isinstance(record, Interview):
            raise LookupError(f"没有编号为“{record_id}”的谈话记录")
    else:
        record = next(vault.records.iter(Interview), None)
        if record is None:
            raise LookupError("保密库中没有谈话记录")
    unit = vault.records.find(record.unit_id, Unit) if record.unit_id else None
    return InterviewContent(record, unit.name if unit is not None else "", _names(vault, record.interviewers),
                            _names(vault, record.recorders))


class InterviewRecord(OfficialDocument):
    """个别谈话记录, with a confirmation line on every page."""

    reserved_lines = 2

    def __init__(self, content: InterviewContent, options: DocOptions | None = None) -> None:
        if options is None:
            options = DocOptions(secrecy=content.record.secrecy if content.record.secrecy != "内部" else "")
        super().__init__(options)
        self.content = content
        if not self.options.title:
            self.options.title = f"个别谈话记录（{content.record.interviewee}）"

    def story(self) -> list[Flowable]:
        c, r, s = self.content, self.content.record, self.sheet
        out: list[Flowable] = [*self.head_marks(), title_para("个别谈话记录", s)]
        rows = [
            ("谈话编号", r.number), ("谈话类型", r.kind),
            ("谈话对象", r.interviewee), ("职务", r.post),
            ("所在单位", r.interviewee_unit or c.unit), ("被巡察单位", c.unit),
            ("谈话时间", cn_datetime(r.time)), ("谈话地点", r.place),
            ("谈话人", "、".join(c.interviewers)), ("记录人", "、".join(c.recorders)),
        ]
        out += [field_table([rows[i:i + 2] for i in range(0, len(rows), 2)], s), Spacer(L.LINE_PITCH / 2)]
        if r.outline:
            out.append(para("一、谈话提纲及回答", "H1", s))
            for n, row in enumerate(r.outline, 1):
                out.append(para(f"{n}.{row.get('question', '')}", "H3", s))
                if row.get("category"):
                    out.append(para(f"（{row['category']}）", "H2", s))
                out += paras(row.get("answer", ""), "Body", s)
        if r.summary:
            out.append(para("二、谈话摘要" if r.outline else "一、谈话摘要", "H1", s))
            out += paras(r.summary, "Body", s)
        out.append(para("谈话内容", "H1", s))
        out += long_paras(r.content, "Body", s)
        out.append(para(f"谈话人：{'、'.join(c.interviewers)}　　记录人：{'、'.join(c.recorders)}", "Flush", s))
        status = "谈话对象已核对确认签字" if r.confirmed else "谈话对象尚未核对确认"
        out.append(para(f"（{status}{'，' + cn_datetime(r.confirmed_at) if r.confirmed_at else ''}）", "Flush", s))
        out += self.recusal_block()
        out += supplement_paras(r, s)
        return out

    def recusal_block(self) -> list[Flowable]:
        """The 组长's recusal exceptions, each with its member, reason, approver and time (docs/domain.md §3.3)."""
        rows, s = self.content.record.recusal_exceptions, self.sheet
        if not rows:
            return []
        out: list[Flowable] = [para("回避例外说明", "H1", s)]
        for row in rows:
            out.append(para(f"{row.get('member', '')}：{row.get('reason', '')}（经组长{row.get('by', '')}批准，"
                            f"{row.get('at', '')}）", "Body", s))
        return out

    def decorate(self, canvas: Canvas, page: int) -> None:
        y = L.BLOCK_BOTTOM + 0.3 * L.LINE_PITCH
        draw_text(canvas, L.BLOCK_LEFT, y + L.LINE_PITCH, "以上记录我已看过，与我所谈一致。", FANGSONG, L.SIZE_4)
        label = "谈话对象（签字）："
        draw_text(canvas, L.BLOCK_LEFT, y, label, FANGSONG, L.SIZE_4)
        draw_text(canvas, L.BLOCK_RIGHT, y, "年　　月　　日", FANGSONG, L.SIZE_4, "right")
        canvas.setLineWidth(0.5)
        start = L.BLOCK_LEFT + len(label) * L.SIZE_4
        canvas.line(start, y - 3, start + 10 * L.SIZE_4, y - 3)


def supplement_when(at: str) -> str:
    """A supplement's stored time ("2024-05-08 10:00") as the documents write it; as stored if odd
    (a supplement merged from a package is not checked)."""
    try:
        return cn_datetime(dt.datetime.fromisoformat(at.strip()))
    except ValueError:
        return at.strip()


def supplement_paras(record: Interview, sheet: object) -> list[Flowable]:
    """补充说明, after the record: each supplement added once the record was final, in the order
    added, with its time and author, then its text (the original never changes, docs/domain.md §3.1)."""
    if not record.supplements:
        return []
    out: list[Flowable] = [Spacer(L.LINE_PITCH / 2), para("补充说明", "H1", sheet)]
    for n, row in enumerate(record.supplements, 1):
        number = CN_NUMBERS[n - 1] if n <= len(CN_NUMBERS) else str(n)
        at, by, text = (str(row.get(key) or "") for key in ("at", "by", "text"))
        out.append(para(f"（{number}）{supplement_when(at)}　补充人：{by.strip()}", "H2", sheet))
        out += long_paras(text, "Body", sheet)
    return out


def interview_from_vault(vault: Vault, record_id: str | None = None, *,
                         options: DocOptions | None = None) -> InterviewRecord:
    return InterviewRecord(gather(vault, record_id), options)
