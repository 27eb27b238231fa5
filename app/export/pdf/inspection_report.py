"""The inspection report (巡察报告, docs/domain.md §1 stage 4) of one unit, laid out to GB/T 9704.

The team reports to the leading group: 一、总体评价, 二、主要问题 (the unit's feedback problems resting
on signed working papers, under the four 四个落实 headings, exactly as the feedback opinion prints
them: ``feedback.main_problems``, no 责任指向), 三、意见建议.
It shares the feedback opinion's reading of the vault; its own texts are the settings
``report.assessment:<unit id>`` and ``report.recommendations:<unit id>``, falling back to the
feedback ones and then to the neutral defaults (docs/documents.md). The opening counts the work
done at the unit (interviews, petitions, documents requested, working papers). A problem or paper
citing a lower office's finding (成果运用) prints that finding after its own text, with its source
(:func:`cited_findings`; docs/office.md, "Follow-up").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from app.domain.links import CITES
from app.domain.names import attribution
from app.domain.records import Paper, Problem, Round, Setting, Team, Unit
from app.domain.revisit import lower_rounds, round_facts
from app.domain.rules import paper_signed
from app.export.pdf.base import DocOptions, OfficialDocument, para, title_para
from app.export.pdf.feedback import FeedbackContent, _lines, _setting, _span, findings, pick_unit
from app.export.pdf.feedback import gather as feedback_gather
from app.storage.vault import Vault


@dataclass
class ReportContent(FeedbackContent):
    """The feedback opinion's content plus the report's addressee and its sentence of work done."""

    addressee: str = ""
    work: str = ""


def _work_done(vault: Vault, unit: Unit) -> str:
    where = {"unit_id": unit.id}
    interviews = sum(1 for _ in vault.records.iter("interview", where=where))
    petitions = sum(1 for _ in vault.records.iter("petition", where=where))
    documents = sum(1 for _ in vault.records.iter("document", where=where))
    papers = vault.records.list(Paper, where=where)
    signed = sum(1 for p in papers if paper_signed(p))
    problems = sum(1 for _ in vault.records.iter(Problem, where=where))
    parts = []
    if interviews:
        parts.append(f"开展个别谈话{interviews}人次")
    if petitions:
        parts.append(f"受理信访举报{petitions}件")
    if documents:
        parts.append(f"调阅资料{documents}项")
    if papers:
        parts.append(f"形成问题底稿{len(papers)}份，其中经组务会审核、组长签字的{signed}份")
    if problems:
        parts.append(f"梳理反馈问题{problems}个")
    return f"巡察期间，巡察组{'，'.join(parts)}。" if parts else ""


def gather(vault: Vault, unit: Unit, today: dt.date | None = None) -> ReportContent:
    base = feedback_gather(vault, unit, today)
    content = ReportContent(**{f.name: getattr(base, f.name) for f in dataclasses.fields(FeedbackContent)})
    content.warnings = list(base.warnings)
    content.assessment = _lines(_setting(vault, f"report.assessment:{unit.id}", content.warnings)) \
        or content.assessment
    content.recommendations = _lines(_setting(vault, f"report.recommendations:{unit.id}", content.warnings)) \
        or content.recommendations
    content.date = today or dt.date.today()
    office = content.office
    content.addressee = office.removesuffix("办公室") if office.endswith("领导小组办公室") else \
        f"{content.committee}巡察工作领导小组"
    content.work = _work_done(vault, unit)
    cited = cited_findings(vault, [f.record_id for items in content.problems.values() for f in items if f.record_id])
    content.problems = {heading: [dataclasses.replace(f, paragraphs=(*f.paragraphs, *cited.get(f.record_id, ())))
                                  for f in items] for heading, items in content.problems.items()}
    return content


def cited_findings(vault: Vault, record_ids: Sequence[str]) -> dict[str, list[str]]:
    """The lower offices' findings each of ``record_ids`` cites (a 成果运用 link from it to a problem or
    paper of a round that is not this office's own, app/domain/revisit.py ``lower_rounds``), as the
    report prints them: the finding, then its source, "（据某市委第三巡察组巡察发现）"."""
    rounds = {r.id: r for r in vault.records.iter(Round)}
    lower = lower_rounds(round_facts(rounds.values(), vault.records.iter(Setting), vault.info.vault_id))
    if not lower:
        return {}
    out: dict[str, list[str]] = {}
    for record_id in record_ids:
        for link in vault.records.links(record_id):
            if link.relation != CITES or link.src_id != record_id or not link.dst_id:
                continue
            found = vault.records.find(link.dst_id)
            if not isinstance(found, Problem | Paper) or found.deleted:
                continue
            team = vault.records.find(found.team_id, Team) if found.team_id else None
            unit = vault.records.find(found.unit_id, Unit) if found.unit_id else None
            round_id = (unit.round_id if unit else None) or (team.round_id if team else None)
            if round_id not in lower:
                continue
            text = found.description if isinstance(found, Problem) else found.facts
            out.setdefault(record_id, []).append(
                f"{found.title}：{text.strip()}{attribution(rounds.get(round_id or ''), team)}")
    return out


class InspectionReport(OfficialDocument):
    """《关于巡察XX的情况报告》, from the team to the leading group."""

    def __init__(self, content: ReportContent, options: DocOptions | None = None) -> None:
        super().__init__(options)
        self.content = content
        if not self.options.title:
            self.options.title = self.title

    @property
    def title(self) -> str:
        return f"关于巡察{self.content.unit}的情况报告"

    def story(self) -> list[Flowable]:
        c, s = self.content, self.sheet
        out: list[Flowable] = [*self.head_marks(), title_para(self.title, s), para(f"{c.addressee}：", "Addressee", s)]
        out.append(para(f"根据{c.committee}统一部署，{_span(c.start, c.end)}{c.signer}对{c.unit}进行了"
                        f"{c.round_kind}巡察。{c.work}现将巡察情况报告如下：", "Body", s))
        out += findings(c, s)
        out.append(para("特此报告。", "Body", s))
        out += self.signature(c.signer, c.date)
        return out


def report_from_vault(vault: Vault, unit_name: str, *, options: DocOptions | None = None,
                      today: dt.date | None = None) -> InspectionReport:
    return InspectionReport(gather(vault, pick_unit(vault, unit_name), today), options)
