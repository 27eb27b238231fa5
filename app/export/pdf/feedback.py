"""The feedback opinion (反馈意见, docs/domain.md §2.7) of one inspected unit, laid out to GB/T 9704.

Content comes from the vault: 主要问题 are the unit's feedback problems (``problem`` records, 反馈问题)
under the four "四个落实" headings in their own order (``seq``), resting on SIGNED working papers
(state 组长签字 or 归档, linked 形成问题); a signed paper no problem was formed from prints from the
paper itself. Each item prints its facts and characterisation; the 责任指向 (named persons'
responsibility) is internal and never prints (:func:`main_problems`, docs/documents.md). The
team signs with its full name (``app.domain.names.team_title``). The 总体评价 and 意见建议 are
shared ``setting`` records keyed ``feedback.assessment:<unit id>`` and
``feedback.recommendations:<unit id>`` (one paragraph a line); without them a neutral
default paragraph stands (docs/documents.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

from app.domain.names import team_title
from app.domain.records import Link, Paper, Problem, Round, Setting, Team, Unit
from app.domain.rules import paper_signed, report_months
from app.domain.settings import Parsed, read_setting
from app.domain.vocab import HEADINGS
from app.export.pdf.base import DocOptions, Finding, OfficialDocument, cn_date, para, problem_sections, title_para
from app.storage.vault import Vault

DEFAULT_ASSESSMENT = (
    "巡察组认为，{unit}能够贯彻落实党中央和上级党组织决策部署，各项工作取得一定成效。"
    "同时，巡察中也发现一些问题和不足，需要认真加以整改。"
)
DEFAULT_RECOMMENDATIONS = (
    "（一）提高政治站位，切实履行管党治党政治责任。深入学习贯彻党的路线方针政策和上级决策部署，"
    "把巡察整改作为重要政治任务，结合职能职责抓好贯彻落实。",
    "（二）压实“两个责任”，持续推进全面从严治党。严格落实中央八项规定及其实施细则精神，"
    "健全完善内控制度，加强对权力运行的制约和监督。",
    "（三）坚持新时代党的组织路线，加强领导班子、干部队伍和基层党组织建设，严格执行民主集中制"
    "和组织生活制度。",
    "（四）强化整改落实，建立问题、任务、责任清单，逐项对账销号，确保件件有着落、事事有回音。",
)


@dataclass
class FeedbackContent:
    """Everything the opinion prints, gathered from the vault (and testable without one)."""

    unit: str
    committee: str
    signer: str
    round_kind: str = "常规"
    start: dt.date | None = None
    end: dt.date | None = None
    date: dt.date | None = None
    assessment: list[str] = field(default_factory=list)
    #: 主要问题 by 四个落实 heading, in print order (:func:`main_problems`).
    problems: dict[str, list[Finding]] = field(default_factory=dict)
    #: Problems not printed because every paper they were formed from is still unsigned.
    held: list[Problem] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    deadline_months: int = 3
    office: str = ""
    copy_to: str = ""
    #: Settings whose stored value was refused, the default printed instead (``.warning`` tells the user).
    warnings: list[Parsed] = field(default_factory=list)


def _setting(vault: Vault, key: str, warnings: list[Parsed] | None = None) -> str | int | None:
    """The setting ``key`` read by app/domain/settings.py (None when unset): a stored value out of
    its declared range gives the default, and is added to ``warnings``."""
    parsed = read_setting(vault.records.list(Setting, where={"key": key}), key)
    if parsed.problem and warnings is not None and parsed not in warnings:
        warnings.append(parsed)
    value = parsed.value  # the keys read here are days and text
    return value if isinstance(value, str | int) and value != "" else None


#: The link from a working paper to the feedback problem formed from it (docs/domain.md §2.9).
FORMS_PROBLEM = "形成问题"


@dataclass
class MainProblems:
    """What 主要问题 holds for one unit: the items by heading, and the problems held back."""

    groups: dict[str, list[Finding]]
    held: list[Problem]

    def count(self) -> int:
        return sum(len(items) for items in self.groups.values())


def _sources(vault: Vault) -> dict[str, list[str]]:
    """Problem id → the ids of the papers it was formed from (a 形成问题 link, read either way round)."""
    out: dict[str, list[str]] = {}
    for link in vault.records.iter(Link, where={"relation": FORMS_PROBLEM}):
        if link.src_id and link.dst_id:
            out.setdefault(link.dst_id, []).append(link.src_id)
            out.setdefault(link.src_id, []).append(link.dst_id)
    return out


def main_problems(vault: Vault, unit: Unit) -> MainProblems:
    """主要问题 of ``unit`` as a 巡察办 clerk expects them (docs/documents.md, "The feedback opinion").

    - Every feedback problem (反馈问题) of the unit prints, under its 四个落实 heading, in its
      own order (``seq``, then title): the problems are what the team decided to feed back.
    - A problem formed (形成问题) only from papers not yet signed waits (``held``): a finding rests on
      a signed paper. A problem with no source paper (typed in, or from the office) prints.
    - A signed paper that no problem was formed from prints from the paper itself, after the
      problems of its heading (so a team that has not yet written its problems is not left empty);
      a signed paper with a problem prints once, as that problem.
    - Only 问题表现/现象描述 and 定性分析 print; 责任指向 and 分管领导 never do.
    """
    papers = {p.id: p for p in vault.records.list(Paper)}
    sources = _sources(vault)
    groups: dict[str, list[Finding]] = {h: [] for h in HEADINGS}
    held: list[Problem] = []
    covered: set[str] = set()

    def order(problem: Problem) -> tuple[int, int, str, str]:
        return (problem.seq is None, problem.seq or 0, problem.title, problem.id)

    for problem in sorted(vault.records.iter(Problem), key=order):
        mine = [papers[i] for i in sources.get(problem.id, ()) if i in papers]
        owner = problem.unit_id or next((p.unit_id for p in mine if p.unit_id), None)  # else its paper's unit
        if owner != unit.id:
            continue
        signed = [p for p in mine if paper_signed(p)]
        if mine and not signed:
            held.append(problem)
            continue
        covered.update(p.id for p in mine)
        groups.setdefault(problem.heading, []).append(Finding(
            problem.title, _paragraphs(problem.description, problem.characterisation), problem.id, "problem",
            tuple(p.number for p in signed if p.number)))
    rest = sorted((p for p in papers.values() if p.unit_id == unit.id and paper_signed(p) and p.id not in covered),
                  key=lambda p: (p.signed_at or dt.date.max, p.number, p.id))
    for paper in rest:
        groups.setdefault(paper.heading, []).append(Finding(
            paper.title, _paragraphs(paper.facts, paper.characterisation), paper.id, "paper",
            (paper.number,) if paper.number else ()))
    return MainProblems(groups, held)


def _paragraphs(*texts: str) -> tuple[str, ...]:
    return tuple(t for t in texts if t and t.strip())


def pick_unit(vault: Vault, name: str | None) -> Unit:
    """The unit called ``name``; without a name, the unit with the most feedback problems and signed
    working papers (what its 主要问题 would hold, roughly)."""
    units = vault.records.list(Unit)
    if name is not None:
        for unit in units:
            if unit.name == name:
                return unit
        raise LookupError(f"没有名为“{name}”的被巡察单位")
    if not units:
        raise LookupError("保密库中没有被巡察单位")
    found: dict[str, int] = {}
    for paper in vault.records.iter(Paper):
        if paper_signed(paper) and paper.unit_id:
            found[paper.unit_id] = found.get(paper.unit_id, 0) + 1
    for problem in vault.records.iter(Problem):
        if problem.unit_id:
            found[problem.unit_id] = found.get(problem.unit_id, 0) + 1
    return max(units, key=lambda u: found.get(u.id, 0))


def gather(vault: Vault, unit: Unit, today: dt.date | None = None) -> FeedbackContent:
    """Read the unit, its round and team, its 主要问题 and the feedback settings."""
    team = vault.records.find(unit.team_id, Team) if unit.team_id else None
    round_id = unit.round_id or (team.round_id if team else None)
    rnd = vault.records.find(round_id, Round) if round_id else None
    committee = (rnd.committee if rnd else "") or "党委"
    found = main_problems(vault, unit)
    warnings: list[Parsed] = []
    assessment = _setting(vault, f"feedback.assessment:{unit.id}", warnings)
    recommendations = _setting(vault, f"feedback.recommendations:{unit.id}", warnings)
    days = int(_setting(vault, "deadline.rectification_report_days", warnings) or 0)
    return FeedbackContent(
        unit=unit.name, committee=committee, signer=team_title(rnd, team),
        round_kind=(rnd.kind if rnd else "") or "常规",
        start=unit.entry_date or (rnd.start_date if rnd else None),
        end=unit.exit_date or (rnd.end_date if rnd else None),
        date=(rnd.feedback_date if rnd else None) or today or dt.date.today(),
        assessment=_lines(assessment) or [DEFAULT_ASSESSMENT.format(unit=unit.name)],
        problems=found.groups, held=found.held,
        recommendations=_lines(recommendations) or list(DEFAULT_RECOMMENDATIONS),
        deadline_months=report_months(days),
        office=(team.office if team else "") or f"{committee}巡察工作领导小组办公室",
        copy_to=str(_setting(vault, "feedback.copy_to", warnings) or ""), warnings=warnings)


def _lines(text: str | int | None) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start is None or end is None:
        return ""
    tail = f"{end.month}月{end.day}日" if end.year == start.year else cn_date(end)
    return f"{cn_date(start)}至{tail}，"


def findings(content: FeedbackContent, sheet: Any) -> list[Flowable]:
    """一、总体评价 / 二、主要问题 / 三、意见建议: the body the feedback opinion and the report share."""
    out = [para("一、总体评价", "H1", sheet), *(para(text, "Body", sheet) for text in content.assessment),
           para("二、主要问题", "H1", sheet), *problem_sections(content.problems, sheet),
           para("三、意见建议", "H1", sheet), *(para(text, "Body", sheet) for text in content.recommendations)]
    return out


class FeedbackOpinion(OfficialDocument):
    """《关于对XX党组织巡察情况的反馈意见》."""

    def __init__(self, content: FeedbackContent, options: DocOptions | None = None) -> None:
        super().__init__(options)
        self.content = content
        if not self.options.title:
            self.options.title = self.title

    @property
    def title(self) -> str:
        return f"关于对{self.content.unit}巡察情况的反馈意见"

    def story(self) -> list[Flowable]:
        c, s = self.content, self.sheet
        out: list[Flowable] = [*self.head_marks(), title_para(self.title, s), para(f"{c.unit}：", "Addressee", s)]
        out.append(para(f"根据{c.committee}统一部署，{_span(c.start, c.end)}{c.signer}对{c.unit}进行了"
                        f"{c.round_kind}巡察。现将巡察情况反馈如下：", "Body", s))
        out += findings(c, s)
        out.append(para(f"请{c.unit}自反馈之日起{c.deadline_months}个月内，将整改情况报告和主要负责人组织落实"
                        f"情况报告报送{c.office}。", "Body", s))
        out += self.signature(c.signer, c.date)
        out += self.imprint(c.copy_to, c.office, c.date)
        return out


def feedback_from_vault(vault: Vault, unit_name: str | None = None, *, options: DocOptions | None = None,
                        today: dt.date | None = None) -> FeedbackOpinion:
    return FeedbackOpinion(gather(vault, pick_unit(vault, unit_name), today), options)
