"""The rules of the work that software must respect (domain.md §3), as pure functions.

Each check returns the reasons a step is not allowed (empty when allowed), in Chinese, so the
editor can show them as they are and the storage layer can refuse the same step.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.records import Interview, Member, Paper, Person, Unit
from app.domain.vocab import PAPER_ARCHIVED, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED, PAPER_STATES

INTERVIEW_FINAL = "已定稿"


def interview_finalise_problems(interview: Interview) -> list[str]:
    """Why an interview record may not be finalised (domain.md §3.1)."""
    problems = []
    if len(set(interview.interviewers)) < 2:
        problems.append("谈话人员不少于两人")
    if not interview.recorders:
        problems.append("须指定记录人")
    if not interview.confirmed:
        problems.append("须经谈话对象核对确认签字")
    if not interview.interviewee.strip():
        problems.append("须填写谈话对象")
    if interview.time is None:
        problems.append("须填写谈话时间")
    return problems


#: Allowed moves of a working paper: forward one step, or back to draft before signing.
PAPER_MOVES: dict[str, tuple[str, ...]] = {
    PAPER_DRAFT: (PAPER_REVIEW,),
    PAPER_REVIEW: (PAPER_SIGNED, PAPER_DRAFT),
    PAPER_SIGNED: (PAPER_ARCHIVED,),
    PAPER_ARCHIVED: (),
}


def paper_number_locked(state: str) -> bool:
    """The number is fixed once the leader has signed (domain.md §3.2)."""
    return state in (PAPER_SIGNED, PAPER_ARCHIVED)


def paper_transition_problems(paper: Paper, new_state: str) -> list[str]:
    """Why ``paper`` may not move to ``new_state``."""
    current = paper.state or PAPER_DRAFT
    if new_state not in PAPER_STATES:
        return [f"未知的审核状态：{new_state}"]
    if new_state == current:
        return []
    if new_state not in PAPER_MOVES.get(current, ()):
        return [f"底稿不能从“{current}”改为“{new_state}”"]
    problems = []
    if new_state == PAPER_REVIEW and not paper.facts.strip():
        problems.append("提交组务会审核前须写明现象描述")
    if new_state == PAPER_SIGNED:
        if not paper.number.strip():
            problems.append("组长签字前须编定底稿编号")
        if not paper.review_opinion.strip():
            problems.append("组长签字前须有组务会审核意见")
        if not paper.signed_by.strip():
            problems.append("须填写签字的组长")
    return problems


def paper_create_problems(paper: Paper) -> list[str]:
    """A paper entered already signed (an import, the office's copy) must carry what signing needs."""
    if not paper_number_locked(paper.state):
        return []
    return [p for p in ("须编定底稿编号" if not paper.number.strip() else "",
                        "须填写签字的组长" if not paper.signed_by.strip() else "") if p]


def paper_edit_problems(before: Paper, after: Paper) -> list[str]:
    """Why an edit of a paper is refused: its number is locked after signing."""
    if paper_number_locked(before.state) and before.number != after.number:
        return ["底稿编号已在组长签字后锁定，不能修改"]
    if before.state != after.state:
        return paper_transition_problems(before, after.state)
    return []


@dataclass(frozen=True)
class RecusalHit:
    """A declared relation that touches an assignment."""

    member: str
    person: str
    unit: str
    relation: str
    kind: str

    def message(self) -> str:
        target = "、".join(x for x in (self.unit, self.person) if x)
        return f"{self.member}申报与{target}存在{self.relation or '利害'}关系（{self.kind or '回避'}）"


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip() == b.strip()


def recusal_hits(
    members: Iterable[Member],
    *,
    person: Person | None = None,
    person_name: str = "",
    unit: Unit | None = None,
    unit_name: str = "",
) -> list[RecusalHit]:
    """Recusal declarations of ``members`` that touch a person or unit (domain.md §3.3).

    A declaration matches a person by name (with the same unit when the declaration names one)
    and a unit by name, since a declaration is made before the roster exists.
    """
    names = {n for n in (person_name, person.name if person else "") if n.strip()}
    units = {u for u in (unit_name, unit.name if unit else "") if u.strip()}
    hits = []
    for member in members:
        for row in member.recusals:
            declared_person = row.get("person", "")
            declared_unit = row.get("unit", "")
            person_match = any(_same(declared_person, n) for n in names) and (
                not declared_unit.strip() or not units or any(_same(declared_unit, u) for u in units)
            )
            unit_match = not declared_person.strip() and any(_same(declared_unit, u) for u in units)
            if person_match or unit_match:
                hits.append(
                    RecusalHit(
                        member.name, declared_person, declared_unit, row.get("relation", ""), row.get("kind", "")
                    )
                )
    return hits


class Due(enum.Enum):
    NONE = "none"
    OK = "ok"
    SOON = "soon"
    OVERDUE = "overdue"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"none": "", "ok": "未到期", "soon": "即将到期", "overdue": "已逾期", "done": "已完成"}[self.value]


def due_state(deadline: dt.date | None, today: dt.date, *, done: bool = False, soon_days: int = 7) -> Due:
    """Whether a deadline is met, near or passed (domain.md §3.6)."""
    if done:
        return Due.DONE
    if deadline is None:
        return Due.NONE
    if today > deadline:
        return Due.OVERDUE
    if (deadline - today).days <= soon_days:
        return Due.SOON
    return Due.OK


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months, clamped to the month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)
