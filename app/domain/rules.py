"""The rules of the work that software must respect (docs/domain.md §3), as pure functions.

Each check returns the reasons a step is not allowed (empty when allowed), in Chinese, so the
editor can show them as they are and the storage layer can refuse the same step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from app.domain.passphrase import strength as passphrase_strength
from app.domain.records import Interview, Lead, Member, Paper, Person, Record, Rectification, Unit, VocabEntry
from app.domain.settings import Parsed, SettingRecord, read_setting
from app.domain.vocab import (
    DEFAULT_DEADLINE_DAYS,
    PAPER_ARCHIVED,
    PAPER_DRAFT,
    PAPER_REVIEW,
    PAPER_SIGNED,
    PAPER_STATES,
    SEED,
)

INTERVIEW_FINAL = "已定稿"
#: A rectification item in one of these states is done (docs/domain.md §3.6).
RECTIFICATION_DONE = ("已完成", "已销号")
#: A handed-over lead in one of these states has had its result fed back (docs/domain.md §3.6).
LEAD_DONE = ("已反馈", "已了结")
#: Lead and rectification statuses that state a fact with a date (docs/domain.md §3.6).
LEAD_HANDED, LEAD_ANSWERED, LEAD_CLOSED, RECTIFICATION_CLOSED = "已移交", "已反馈", "已了结", "已销号"
#: A lead counts as handed over when its 移交时间 is set or its status says it went (issue 14 §1, cross;
#: app/storage/stats.py counts the same in SQL).
LEAD_HANDED_OVER = (LEAD_HANDED, LEAD_ANSWERED, LEAD_CLOSED)
#: 回头看 findings that reopen a rectification item: it must be rectified again (整改中).
REVISIT_NOT_DONE = ("纸面整改", "未到位")
#: A document request in one of these return states is no longer outstanding.
DOCUMENT_SETTLED = ("已归还", "无需归还")


def lead_handed_over(lead: Lead) -> bool:
    """Whether ``lead`` counts as handed over in the statistics (:data:`LEAD_HANDED_OVER`)."""
    return lead.transferred_at is not None or lead.status in LEAD_HANDED_OVER


def interview_final(interview: Interview) -> bool:
    return interview.status == INTERVIEW_FINAL


def interview_finalise_problems(interview: Interview) -> list[str]:
    """Why an interview record may not be finalised (docs/domain.md §3.1)."""
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


def interview_edit_problems(before: Interview, after: Interview) -> list[str]:
    """Why an edit of a finalised interview record is refused (docs/domain.md §3.1).

    Once 已定稿 the record is what the interviewee confirmed and signed: no field changes, not even
    the status; what came to light later is added as a dated supplement (补充说明: time, who, what),
    and a supplement once written is never changed or removed.
    """
    if not interview_final(before):
        return []
    problems = []
    fields = [f.name for f in dataclasses.fields(Interview) if f.name not in INTERVIEW_UNLOCKED]
    if any(getattr(before, name) != getattr(after, name) for name in fields):
        problems.append("谈话记录已定稿，原文不能修改；如需补充，请添加补充说明")
    old, new = before.supplements, after.supplements
    if new[:len(old)] != old:
        problems.append("已有的补充说明不能修改或删除")
    if any(not all(str(row.get(key, "")).strip() for key in ("at", "by", "text")) for row in new[len(old):]):
        problems.append("补充说明须写明补充时间、补充人和补充内容")
    return problems


#: What may still change on a finalised interview: its supplements, and the bookkeeping of every record.
INTERVIEW_UNLOCKED = frozenset({"supplements", "id", "created", "updated", "deleted"})


def status_date_problems(before: Record | None, after: Record) -> list[str]:
    """A status that states a fact needs its date and its counterpart (docs/domain.md §3.6).

    Checked when a record gets the status or loses what the status needs; a record that already
    broke the rule before it existed (an import, an older version) is listed by
    :func:`missing_date_problems`, not refused on every unrelated edit.
    """
    missing = missing_date_problems(after)
    if not missing:
        return []
    if isinstance(before, Lead | Rectification) and type(before) is type(after) \
            and before.status == after.status and set(missing) <= set(missing_date_problems(before)):
        return []
    return missing


def missing_date_problems(record: Record) -> list[str]:
    """What ``record``'s status needs and it lacks, or what contradicts it (empty when nothing): a
    rectification item that 回头看 found 纸面整改 or 未到位 is not 已完成/已销号 (docs/office.md, "督办")."""
    problems = []
    if isinstance(record, Lead):
        if record.status == LEAD_HANDED:
            if record.transferred_at is None:
                problems.append("线索标为“已移交”须填写移交时间")
            if not record.transfer_to.strip():
                problems.append("线索标为“已移交”须选择移交对象")
        elif record.status == LEAD_ANSWERED and record.feedback_at is None:
            problems.append("线索标为“已反馈”须填写反馈时间")
        elif record.status == LEAD_CLOSED:
            if record.closed_at is None:
                problems.append("线索标为“已了结”须填写办结时间")
            if not record.result.strip():
                problems.append("线索标为“已了结”须填写办理结果")
    elif isinstance(record, Rectification):
        if record.status == RECTIFICATION_CLOSED and record.closed_at is None:
            problems.append("整改事项标为“已销号”须填写销号时间")
        if record.revisit_result in REVISIT_NOT_DONE and record.status in RECTIFICATION_DONE:
            problems.append("回头看评估为“纸面整改”或“未到位”的整改事项不能标为“已完成”或“已销号”："
                            "须重新整改（整改状态改为“整改中”）")
    return problems


def passphrase_problems(passphrase: str, user_inputs: Iterable[str] = (), *, min_length: int = 8) -> list[str]:
    """Why ``passphrase`` is refused for a new vault (docs/security.md, "Passphrases"): too short, or
    guessable in fewer than 10¹⁰ tries (app/domain/passphrase.py)."""
    if len(passphrase) < min_length:
        return ["口令太短"]
    if not passphrase_strength(passphrase, user_inputs).enough:
        return ["口令容易被猜中：请用几个互不相关的词组成一句短语，"
                "例如“青瓦 灯塔 三月 远行”，不要用姓名、生日或常见词句"]
    return []


#: Allowed moves of a working paper: forward one step, or back to draft before signing.
PAPER_MOVES: dict[str, tuple[str, ...]] = {
    PAPER_DRAFT: (PAPER_REVIEW,),
    PAPER_REVIEW: (PAPER_SIGNED, PAPER_DRAFT),
    PAPER_SIGNED: (PAPER_ARCHIVED,),
    PAPER_ARCHIVED: (),
}


def paper_number_locked(state: str) -> bool:
    """The number is fixed once the leader has signed (docs/domain.md §3.2)."""
    return state in (PAPER_SIGNED, PAPER_ARCHIVED)


def paper_signed(paper: Paper) -> bool:
    """Signed by the team leader (or archived since): what the feedback opinion and the report print."""
    return paper_number_locked(paper.state)


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
    """A paper is signed only by the 组长's signature on an existing paper: a new paper saved here
    already signed is refused (one signed elsewhere arrives by a package's merge, unchecked)."""
    if not paper_number_locked(paper.state):
        return []
    return ["新建的底稿不能直接处于“组长签字”或“归档”状态：须由组长本人输入口令签字"]


def paper_edit_problems(before: Paper, after: Paper) -> list[str]:
    """Why an edit of a paper is refused: its number is locked after signing; a signed paper's
    content is locked, and an archived one entirely (docs/domain.md §3.2)."""
    if before.state == PAPER_ARCHIVED and _changed(before, after, PAPER_BOOKKEEPING):
        return ["底稿已归档，不能修改"]
    if paper_number_locked(before.state) and before.number != after.number:
        return ["底稿编号已在组长签字后锁定，不能修改"]
    if paper_number_locked(before.state) and _changed(before, after, PAPER_SIGNED_UNLOCKED):
        return ["底稿已经组长签字，事实、证据和定性不能修改；如需更正，请由组长退回修改"]
    if before.state != after.state:
        return paper_transition_problems(before, after.state)
    return []


def _changed(before: Record, after: Record, unlocked: frozenset[str]) -> bool:
    return any(getattr(before, f.name) != getattr(after, f.name)
               for f in dataclasses.fields(before) if f.name not in unlocked)


#: The bookkeeping every record has, which a lock does not cover.
PAPER_BOOKKEEPING = frozenset({"id", "created", "updated"})
#: What may still change on a signed paper: the move to 归档 and its date, its classification and notes.
PAPER_SIGNED_UNLOCKED = PAPER_BOOKKEEPING | {"state", "archived_at", "secrecy", "notes"}
#: The role that signs working papers and approves exceptions (vocabulary ``member_role``).
LEADER_ROLE = "组长"


def leader_problems(owner: str, members: Iterable[Member], team_id: str | None = None) -> list[str]:
    """Why the vault's owner may not act as 组长 (sign, return a paper, approve a recusal exception):
    the owner must be a member whose role is 组长 and whose name is the owner's, of ``team_id`` when
    one is given (docs/domain.md §3.2, §3.3)."""
    name = owner.strip()
    if name and any(m.name.strip() == name and m.role == LEADER_ROLE and not m.deleted
                    and (not team_id or m.team_id == team_id) for m in members):
        return []
    return ["只有组长本人才能签字、退回或批准回避例外：本保密库的使用人不是本组组长"]


def paper_archive_problems(owner: str, members: Iterable[Member], team_id: str | None = None) -> list[str]:
    """Why the vault's owner may not move a paper to 归档: only its team's 组长 archives (docs/domain.md §3.2)."""
    if not leader_problems(owner, members, team_id):
        return []
    return ["只有本组组长才能归档底稿：本保密库的使用人不是本组组长"]


def paper_submit_problems(paper: Paper) -> list[str]:
    """Why ``paper`` may not be submitted to the 组长 for signature (提交组长签字): it must be in 组务会审核
    and have what the signature needs, the number and the review opinion (docs/domain.md §3.2)."""
    if (paper.state or PAPER_DRAFT) != PAPER_REVIEW:
        return ["只有处于“组务会审核”的底稿才能提交组长签字"]
    return paper_transition_problems(dataclasses.replace(paper, signed_by=LEADER_ROLE), PAPER_SIGNED)


#: The line 提交组长签字 writes into a paper's notes (so the 组长 sees it wherever the paper travels).
SUBMITTED_MARK = "【提交组长签字"


#: The line a save writes when it takes a submitted paper out of 组务会审核 (back to 草稿): the submission
#: no longer stands, also when the paper comes back to 组务会审核 later.
WITHDRAWN_MARK = "【撤回提交"


def paper_submitted(paper: Paper) -> bool:
    """Submitted for signature and not signed, returned or withdrawn since (the last act in its notes)."""
    marks = [line for line in paper.notes.splitlines()
             if line.startswith((SUBMITTED_MARK, "【退回修改", WITHDRAWN_MARK))]
    return (paper.state or PAPER_DRAFT) == PAPER_REVIEW and bool(marks) and marks[-1].startswith(SUBMITTED_MARK)


def withdrawn_notes(before: Paper, after: Paper, author: str, at: dt.datetime) -> str | None:
    """The notes ``after`` must carry when a save takes ``before``, submitted for signature, out of
    组务会审核 other than by the 组长's signature (a dated line, so the submission is seen to lapse
    wherever the paper travels); None when the save does not do that."""
    if not paper_submitted(before) or after.deleted or (after.state or PAPER_DRAFT) in (PAPER_REVIEW, PAPER_SIGNED):
        return None
    line = f"{WITHDRAWN_MARK} {at:%Y-%m-%d %H:%M} {author}】改为“{after.state or PAPER_DRAFT}”"
    return "\n".join(x for x in (after.notes.rstrip(), line) if x)


def paper_sign_problems(paper: Paper, signer: str) -> list[str]:
    """Why ``signer`` (the 组长, checked by :func:`leader_problems`) may not sign ``paper`` now."""
    return paper_transition_problems(dataclasses.replace(paper, signed_by=signer), PAPER_SIGNED)


def paper_delete_problems(paper: Paper) -> list[str]:
    """A signed or archived paper is not deleted: the 组长 returns it for correction first."""
    return ["已经组长签字或归档的底稿不能删除"] if paper_number_locked(paper.state) else []


def paper_signature_problems(before: Paper, after: Paper) -> list[str]:
    """Why a plain save (not the 组长's signature, app/storage/vault.py ``sign_paper``) is refused:
    it may not move a paper to 组长签字, nor write the signer or the date of signing."""
    problems = []
    if after.state == PAPER_SIGNED and before.state != PAPER_SIGNED:
        problems.append("须由组长本人输入口令签字，不能通过保存改为“组长签字”")
    if (before.signed_by, before.signed_at) != (after.signed_by, after.signed_at):
        problems.append("组长签字和签字日期由组长签字时填写，不能直接修改")
    return problems


def paper_return_problems(paper: Paper, reason: str) -> list[str]:
    """Why a signed paper may not go back to 草稿 for correction (退回修改, docs/domain.md §3.2)."""
    problems = []
    if paper.state != PAPER_SIGNED:
        problems.append("只有已经组长签字、尚未归档的底稿才能退回修改")
    if not reason.strip():
        problems.append("退回修改须写明理由")
    return problems


#: 底稿编号 as the paper forms write it: 〔2024〕5巡-3组-07号 (or with square brackets, [2024]5巡-3组-07号):
#: year, round, team, sequence (docs/domain.md §3.2).
PAPER_NUMBER = re.compile(
    r"[〔\[](?P<year>\d{4})[〕\]](?P<round>[^\s\-〔〕\[\]]+)巡-(?P<team>[^\s\-]+)组-(?P<seq>\d{1,3})号")


def paper_number_problems(number: str) -> list[str]:
    """Why a working paper's number is refused: it must follow the form, so that it sorts and is unique."""
    if not number or PAPER_NUMBER.fullmatch(number):
        return []
    return ["底稿编号须为“〔年份〕X巡-X组-XX号”的格式，如〔2024〕5巡-3组-07号"]


def next_paper_number(year: int, round_label: str, team_label: str, taken: Iterable[str]) -> str:
    """The next number in sequence for a team in a round: one more than the highest it has used."""
    used = [int(m["seq"]) for n in taken if (m := PAPER_NUMBER.fullmatch(n))
            and (int(m["year"]), m["round"], m["team"]) == (year, round_label, team_label)]
    return f"〔{year}〕{round_label}巡-{team_label}组-{max(used, default=0) + 1:02d}号"


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
    cross_inspection: bool = False,
) -> list[RecusalHit]:
    """Recusal declarations of ``members`` that touch a person or unit (docs/domain.md §3.3).

    A declaration matches a person by name (with the same unit when the declaration names one)
    and a unit by name, since a declaration is made before the roster exists. For a unit inspected
    across (its ``mode`` 交叉, or ``cross_inspection`` for a round of the retired kind 交叉, §3.4) a member
    whose home jurisdiction is the unit's is a hit too: breaking such ties is what 交叉巡察 is for;
    otherwise a county's own inspectors inspect it.
    """
    cross_inspection = cross_inspection or (unit is not None and unit.mode == MODE_CROSS)
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
        if cross_inspection and unit is not None and _same(member.home_jurisdiction, unit.jurisdiction):
            hits.append(RecusalHit(member.name, "", unit.name, HOME_RELATION, CROSS_RECUSAL))
    return hits


#: A unit inspected across (vocabulary ``inspection_mode``; before schema version 7 a ``round_kind``), and
#: how its home-jurisdiction hit is named.
MODE_CROSS = SEED["inspection_mode"][2][1]
ROUND_CROSS, HOME_RELATION, CROSS_RECUSAL = MODE_CROSS, "籍贯/原任职地", "交叉巡察回避"


def recusal_key(hit: RecusalHit) -> tuple[str, str, str]:
    return (hit.member, hit.person, hit.unit)


def recusal_exception_problems(before: Interview | None, after: Interview, new_hits: Sequence[RecusalHit],
                               owner: str, is_leader: bool) -> list[str]:
    """Why an assignment that touches a declared relation is refused (docs/domain.md §3.3).

    ``new_hits`` are the hits this save makes (not the record's before it): each needs an exception
    added in the same save naming its member, with the reason, approved by the vault's owner acting as
    组长 (``is_leader``). Exceptions once recorded are never changed or removed.
    """
    old = before.recusal_exceptions if before else []
    new = after.recusal_exceptions
    problems = []
    if new[:len(old)] != old:
        problems.append("已记录的回避例外不能修改或删除")
    added = new[len(old):]
    if any(not all(str(row.get(key, "")).strip() for key in ("member", "reason", "by", "at")) for row in added):
        problems.append("回避例外须写明人员、理由、批准人和批准时间")
    if added and (not is_leader or any(row.get("by", "").strip() != owner.strip() for row in added)):
        problems.append("回避例外只能由组长本人批准")
    covered = {row.get("member", "").strip() for row in added}
    missing = [hit for hit in new_hits if hit.member.strip() not in covered]
    if missing:
        problems.append("指派的人员申报了须回避的关系；确需指派的，须由组长记录例外理由")
        problems += [hit.message() for hit in missing]
    return problems


def interview_staff_problems(interview: Interview, members: dict[str, Member],
                             round_teams: set[str] | None) -> list[str]:
    """The recorder is a member of the interview's team; interviewers are members of a team of the
    unit's round (``round_teams``, None when the unit names no round) (docs/domain.md §3.3)."""
    problems = []
    if interview.team_id and any((m := members.get(i)) is None or m.team_id != interview.team_id
                                 for i in interview.recorders):
        problems.append("记录人须是本巡察组的成员")
    if round_teams is not None and any((m := members.get(i)) is None or m.team_id not in round_teams
                                       for i in interview.interviewers):
        problems.append("谈话人须是本轮巡察的巡察组成员")
    return problems


class Due(enum.Enum):
    NONE = "none"
    OK = "ok"
    SOON = "soon"
    OVERDUE = "overdue"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"none": "", "ok": "未到期", "soon": "即将到期", "overdue": "已逾期", "done": "已完成"}[self.value]


#: Deadline states, most urgent first: how the lists and the overview order them.
DUE_URGENCY = (Due.OVERDUE, Due.SOON, Due.OK, Due.NONE, Due.DONE)


def due_state(deadline: dt.date | None, today: dt.date, *, done: bool = False, soon_days: int = 7) -> Due:
    """Whether a deadline is met, near or passed (docs/domain.md §3.6)."""
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


def rectification_done(item: Rectification) -> bool:
    """已完成 or 已销号 (docs/domain.md §3.6)."""
    return item.status in RECTIFICATION_DONE


def lead_feedback_done(lead: Lead) -> bool:
    """The receiving body's result is back: a feedback date, a conclusion date, or status 已反馈/已了结
    (docs/domain.md §3.6)."""
    return lead.feedback_at is not None or lead.closed_at is not None or lead.status in LEAD_DONE


def days_after(start: dt.date | None, days: int) -> dt.date | None:
    """``start`` plus ``days``; a multiple of 30 counts calendar months (90 → 3 months, clamped to the
    month's end; docs/domain.md §3.6). None without a start, or when the date would leave the calendar
    (a year-9999 date from a package)."""
    if start is None:
        return None
    try:
        return add_months(start, days // 30) if days % 30 == 0 else start + dt.timedelta(days=days)
    except (OverflowError, ValueError):
        return None


def lead_feedback_deadline(lead: Lead, days: int) -> dt.date | None:
    """When the result of a handed-over lead is due: ``transferred_at`` plus ``days``
    (``deadline.lead_feedback_days``, :func:`days_after`). None when the lead was not handed over."""
    return days_after(lead.transferred_at, days)


def lead_close_deadline(lead: Lead, days: int, max_days: int) -> dt.date | None:
    """When a handed-over lead is to be concluded (办结): ``transferred_at`` plus ``days``
    (``deadline.lead_close_days``), never later than ``max_days`` (``deadline.lead_close_max_days``)
    (docs/domain.md §3.6: within 6 months, at the latest a year)."""
    return days_after(lead.transferred_at, min(days, max_days))


def lead_closed(lead: Lead) -> bool:
    """Concluded on the receiving side: an 办结时间, or status 已了结."""
    return lead.closed_at is not None or lead.status == LEAD_CLOSED


def report_months(days: int) -> int:
    """The rectification report's time limit as the feedback opinion words it: whole months, at least 1."""
    return max(1, round(days / 30))


@dataclass
class Deadlines:
    """Deadline lengths (``setting`` records ``deadline.*``, else the defaults) and "today".

    The one reading of deadline states (docs/domain.md §3.6): the lists, the overview and the ledger all
    ask :meth:`due`. ``today`` is a callable so tests pass a fixed date; the app uses the real one. A
    stored length out of its declared range is replaced by the default and listed in ``problems``,
    for the page to show (app/domain/settings.py).
    """

    days: dict[str, int] = field(default_factory=dict)
    today: Callable[[], dt.date] = dt.date.today
    problems: Sequence[Parsed] = ()

    #: The lengths each kind's deadline states use.
    USED = {"lead": ("deadline.lead_feedback_days", "deadline.lead_close_days", "deadline.lead_close_max_days",
                     "deadline.due_soon_days"),
            "rectification": ("deadline.due_soon_days",)}

    def __post_init__(self) -> None:
        self.days = {**DEFAULT_DEADLINE_DAYS, **self.days}
        self.problems = list(self.problems)

    @classmethod
    def from_settings(cls, settings: Iterable[SettingRecord],
                      today: Callable[[], dt.date] = dt.date.today) -> Deadlines:
        settings = list(settings)
        read = [read_setting(settings, key) for key in DEFAULT_DEADLINE_DAYS]
        return cls({p.key: p.as_int() for p in read}, today, [p for p in read if p.problem])

    def problems_for(self, kind: str) -> list[Parsed]:
        """The refused lengths that the deadline states of ``kind`` would have used."""
        return [p for p in self.problems if p.key in self.USED.get(kind, ())]

    @property
    def soon_days(self) -> int:
        return self.days["deadline.due_soon_days"]

    def due(self, record: Record) -> Due:
        """The deadline state of a rectification item or a handed-over lead; NONE for other kinds."""
        if isinstance(record, Rectification):
            return due_state(record.deadline, self.today(), done=rectification_done(record),
                             soon_days=self.soon_days)
        if isinstance(record, Lead):
            deadline = self.lead_deadline(record)
            if deadline is None:
                return Due.NONE
            return due_state(deadline, self.today(), done=lead_closed(record), soon_days=self.soon_days)
        return Due.NONE

    def lead_feedback_due(self, lead: Lead) -> dt.date | None:
        return lead_feedback_deadline(lead, self.days["deadline.lead_feedback_days"])

    def lead_close_due(self, lead: Lead) -> dt.date | None:
        return lead_close_deadline(lead, self.days["deadline.lead_close_days"],
                                   self.days["deadline.lead_close_max_days"])

    def lead_deadline(self, lead: Lead) -> dt.date | None:
        """The deadline a handed-over lead is held to now: its feedback until the result is back
        (:func:`lead_feedback_done`), then its conclusion (办结); None when not handed over."""
        if lead.transferred_at is None:
            return None
        if not lead_feedback_done(lead):
            return self.lead_feedback_due(lead)
        return self.lead_close_due(lead)

    def overdue(self, record: Record) -> bool:
        return self.due(record) is Due.OVERDUE


# --- vocabularies ----------------------------------------------------------------------------


def _vocab_order(entry: VocabEntry) -> tuple[int, str]:
    return (entry.ord if entry.ord is not None else 1 << 30, entry.value)  # unordered entries last


def vocabulary_values(entries: Iterable[Record], vocabulary: str, *, active_only: bool = True) -> list[str]:
    """The values of ``vocabulary`` among ``entries`` (``vocab`` records), in order: by ``ord``
    (entries without one last), then by value. ``active_only`` keeps the entries marked active (what
    an editor offers and a ledger validates); without it every value is listed (what a count of
    existing records is ordered by). A vault with no entry of the vocabulary gets the seed's values."""
    mine = sorted((e for e in entries if isinstance(e, VocabEntry) and e.vocabulary == vocabulary
                   and not e.deleted and e.value), key=_vocab_order)
    if not mine:
        return list(SEED[vocabulary][2]) if vocabulary in SEED else []
    return list(dict.fromkeys(e.value for e in mine if e.active or not active_only))


def vocabularies(entries: Iterable[Record], *, active_only: bool = True) -> dict[str, list[str]]:
    """Every vocabulary (the seed's and any other the entries name) -> :func:`vocabulary_values`."""
    vocab = [e for e in entries if isinstance(e, VocabEntry)]
    names = dict.fromkeys([*SEED, *(e.vocabulary for e in vocab)])
    return {name: vocabulary_values(vocab, name, active_only=active_only) for name in names}


#: A chain of higher-level plans or parent units longer than this is refused as a loop would be.
MAX_PARENT_DEPTH = 64


def parent_loop_problems(record_id: str, parent_id: str | None, parent_of: Callable[[str], str | None],
                         kind: str) -> list[str]:
    """A round whose 上级统一部署 (``kind`` "round") or a unit whose 上级单位 ("unit") leads back to
    itself is refused: the plans of 上下联动 and 延伸巡察 form trees (docs/office.md). ``parent_of``
    gives a record's parent id."""
    seen = {record_id}
    current = parent_id
    for _ in range(MAX_PARENT_DEPTH):
        if not current:
            return []
        if current in seen:
            if kind == "round":
                return ["上级统一部署不能是本轮次自己，也不能经由上级回到本轮次"]
            return ["上级单位不能是本单位自己，也不能经由上级单位回到本单位"]
        seen.add(current)
        current = parent_of(current)
    return ["上级层级过多（超过 64 级），请检查上级统一部署或上级单位"]
