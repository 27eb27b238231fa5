"""The problem working paper (问题底稿, docs/domain.md §2.4) of one problem, for review and signature.

Header fields in a table, the 三段式 body (facts, characterisation, responsibility), the
evidence list (the paper's own evidence rows, then linked records and attachments), the review
trail 草稿 → 组务会审核 → 组长签字 → 归档 with who and when, and lines for the author's and the
team leader's signatures. A draft prints with a "草稿" mark on every page.

Who and when of each review step come from the record's own fields (撰写人/撰写时间, 组务会审核意见,
组长签字/签字日期, 归档日期) and, where those are silent, from the history of its 审核状态 field
(the author and time of the write that set each state, which travels with merges).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, KeepTogether

from app.domain.clock import Stamp
from app.domain.records import Attachment, Paper, Team, Unit, kind_spec, number_of
from app.domain.vocab import PAPER_DRAFT, PAPER_STATES
from app.export.pdf import layout as L
from app.export.pdf.base import (
    DocOptions,
    OfficialDocument,
    SignLines,
    Spacer,
    cn_date,
    cn_datetime,
    field_table,
    grid_table,
    long_paras,
    para,
    title_para,
)
from app.storage.vault import Vault

DRAFT_MARK = "草稿"


@dataclass
class Step:
    """One step of the review trail; empty strings where nothing is known."""

    state: str
    who: str = ""
    when: str = ""
    note: str = ""
    reached: bool = False


@dataclass
class Evidence:
    number: str
    what: str
    source: str


@dataclass
class PaperContent:
    """Everything the working paper prints (testable without a vault)."""

    paper: Paper
    unit: str = ""
    team: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    trail: list[Step] = field(default_factory=list)


def _when(value: dt.date | dt.datetime | None) -> str:
    return cn_datetime(value) if isinstance(value, dt.datetime) else cn_date(value)


def review_trail(paper: Paper, history: Sequence[tuple[str, str, dt.datetime | None]] = ()) -> list[Step]:
    """The four review steps. ``history`` is (state, author, time) of each write of the state, oldest first."""
    state = paper.state or PAPER_DRAFT
    reached = PAPER_STATES.index(state) if state in PAPER_STATES else 0
    steps = [Step(s, reached=i <= reached) for i, s in enumerate(PAPER_STATES)]
    for value, author, at in history:  # the latest write that set a state wins
        for step in steps:
            if step.state == value:
                step.who, step.when = author, _when(at)
    draft, review, signed, archived = steps
    draft.who = paper.writer or draft.who
    draft.when = _when(paper.written_at) or draft.when
    review.note = paper.review_opinion
    signed.who = paper.signed_by or signed.who
    signed.when = _when(paper.signed_at) or signed.when
    archived.when = _when(paper.archived_at) or archived.when
    for step in steps:
        if not step.reached and step is not draft:
            step.who = step.when = ""
    return steps


def _state_history(vault: Vault, paper_id: str) -> list[tuple[str, str, dt.datetime | None]]:
    out = []
    for version in sorted(vault.records.versions(paper_id, "state"), key=lambda v: v.stamp):
        try:
            at: dt.datetime | None = dt.datetime.fromtimestamp(Stamp.parse(version.stamp).wall_ms / 1000)
        except ValueError:
            at = None
        if at is not None and at.year < 2000:  # the genesis stamp of seed writes: no real time
            at = None
        out.append((str(version.value or ""), version.author, at))
    return out


def _evidence(vault: Vault, paper: Paper) -> list[Evidence]:
    rows = [Evidence(r.get("evidence_id", ""), r.get("description", ""), r.get("source", "")) for r in paper.evidence]
    for link in vault.records.links(paper.id):
        other_id = link.dst_id if link.src_id == paper.id else link.src_id
        other = vault.records.find(other_id) if other_id else None
        if other is None or other.deleted:
            continue
        rows.append(Evidence(number_of(other), f"{kind_spec(other.KIND).label}：{other.label()}",
                             f"关联记录（{link.relation}）"))
    for attachment in vault.attachments(paper.id):
        if isinstance(attachment, Attachment):
            size = f"{attachment.size:,} 字节，" if attachment.size is not None else ""
            rows.append(Evidence("", attachment.filename + (f"（{attachment.note}）" if attachment.note else ""),
                                 f"附件（{size}SHA-256 {attachment.sha256[:12]}）"))
    return rows


def find_paper(vault: Vault, key: str) -> Paper:
    """The working paper whose id, or 底稿编号, is ``key``."""
    record = vault.records.find(key) if key else None
    if isinstance(record, Paper) and not record.deleted:
        return record
    for paper in vault.records.iter("paper", where={"number": key}):
        if isinstance(paper, Paper):
            return paper
    raise LookupError(f"没有编号为“{key}”的问题底稿")


def gather(vault: Vault, key: str) -> PaperContent:
    paper = find_paper(vault, key)
    unit = vault.records.find(paper.unit_id) if paper.unit_id else None
    team = vault.records.find(paper.team_id) if paper.team_id else None
    if not isinstance(team, Team) and isinstance(unit, Unit) and unit.team_id:
        team = vault.records.find(unit.team_id)
    return PaperContent(paper, unit.name if isinstance(unit, Unit) else "",
                        team.name if isinstance(team, Team) else "", _evidence(vault, paper),
                        review_trail(paper, _state_history(vault, paper.id)))


class WorkingPaper(OfficialDocument):
    """问题底稿: one problem on its own sheet(s)."""

    def __init__(self, content: PaperContent, options: DocOptions | None = None) -> None:
        paper = content.paper
        if options is None:
            options = DocOptions(secrecy=paper.secrecy if paper.secrecy != "内部" else "")
        super().__init__(options)
        self.content = content
        if (paper.state or PAPER_DRAFT) == PAPER_DRAFT:
            self.mark = DRAFT_MARK
        if not self.options.title:
            self.options.title = f"问题底稿（{paper.number or paper.title[:30]}）"

    def story(self) -> list[Flowable]:
        c, p, s = self.content, self.content.paper, self.sheet
        spec = kind_spec("paper")
        label = {f.name: f.label for f in spec.fields}
        title = "问题底稿（草稿）" if self.mark else "问题底稿"
        out: list[Flowable] = [*self.head_marks(), title_para(title, s)]
        out.append(field_table([  # 密级 prints top left (the record's, unless the options say otherwise)
            (("底稿编号", p.number or "（未编号）"),),
            (("被巡察单位", c.unit),),
            (("巡察组", c.team), ("审核状态", p.state or PAPER_DRAFT)),
            (("问题来源", p.source), ("问题标签", p.tag)),
            (("问题类别", p.heading),),
            (("问题标题", p.title),),
            (("发现人", p.finder), ("发现时间", cn_date(p.found_at))),
            (("撰写人", p.writer), ("撰写时间", cn_date(p.written_at))),
        ], s))
        out.append(Spacer(L.LINE_PITCH / 2))
        for n, name in enumerate(("facts", "characterisation", "responsibility")):
            out.append(para(f"{'一二三'[n]}、{label[name]}", "H1", s))
            out += long_paras(getattr(p, name), "Body", s) or [para("（未填写）", "Body", s)]
        out.append(para(f"四、{label['evidence']}", "H1", s))
        if c.evidence:
            widths = [2.5 * L.SIZE_4 + 12, 6 * L.SIZE_4 + 12]
            rest = L.BLOCK_WIDTH - sum(widths)
            out.append(grid_table(
                [("序号", "佐证编号", "佐证材料", "来源")]
                + [(str(n), e.number, e.what, e.source) for n, e in enumerate(c.evidence, 1)],
                [*widths, rest * 0.62, rest * 0.38], s, header_rows=1, centred_columns=(0,)))
        else:
            out.append(para("（无）", "Body", s))
        if p.notes.strip():
            out.append(para(f"{label['notes']}：", "Flush", s))
            out += long_paras(p.notes, "Body", s)
        out.append(para("五、审核流程", "H1", s))
        widths = [5.5 * L.SIZE_4 + 12, 4.5 * L.SIZE_4 + 12, 7.5 * L.SIZE_4 + 12]
        out.append(grid_table(
            [("环节", "办理人", "时间", "意见")]
            + [(step.state, step.who, step.when, step.note or ("" if step.reached else "（未进行）"))
               for step in c.trail],
            [*widths, L.BLOCK_WIDTH - sum(widths)], s, header_rows=1))
        out.append(KeepTogether([Spacer(L.LINE_PITCH / 2), SignLines(["撰写人（签字）：", "组长（签字）："])]))
        return out


def paper_from_vault(vault: Vault, key: str, *, options: DocOptions | None = None) -> WorkingPaper:
    return WorkingPaper(gather(vault, key), options)
