"""What comes back after a round, as the office receives it (docs/intake.md, "Lead feedback and
rectification ledgers"; docs/office.md, "督办"):

* ``lead-feedback`` — the receiving body's 处置情况反馈 on handed-over leads → the ``lead`` with that
  线索编号: 接收经办人, 接收时间, 接收方处置方式, 反馈时间, 反馈内容, 办理结果, 办结时间; the status moves on
  (已移交 → 已反馈, → 已了结 with a 办结时间 and a 办理结果). A row naming an unknown lead, or one never handed
  over, is refused; so is a 反馈时间 before the 移交时间, and a second row for the same lead.
* ``rectification`` — a unit's 整改台账 → the rectification items of its feedback problems, matched by the
  problem's 序号 or its text verbatim (问题标题 or 问题表现): 整改状态, 整改措施, 完成时间, 销号时间, 整改佐证 and
  the rest. A problem with no item gets one; one with several is matched by the 整改措施 written.

A row whose result would break a rule of storage (app/domain/rules.py ``missing_date_problems``: 已销号
without 销号时间, a 回头看 finding of 纸面整改 on an item still 已完成) is refused with the rule's words, so the
import never stops half-way; everything accepted is saved in one transaction (intake.commit_intake).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from app.domain.clock import uuid7
from app.domain.records import Lead, Problem, Record, Rectification, Unit
from app.domain.rules import LEAD_ANSWERED, LEAD_CLOSED, LEAD_DONE, LEAD_HANDED, missing_date_problems
from app.exchange.xlsx.intake import (
    LONGTEXT_MAX,
    CellProblem,
    IntakePlan,
    RowResult,
    SheetRead,
    _apply,
    _changes,
    _duplicate,
    _finish,
    _in_round,
    _of_round,
    _one,
    _Row,
    _title,
    _Vault,
    cell_choice,
    cell_date,
    cell_int,
    cell_text,
    list_round,
    name_key,
)
from app.exchange.xlsx.intake_guard import IntakeError
from app.exchange.xlsx.intake_sheet import squeeze

#: A handed-over lead: status 已移交 or later, or a 移交时间.
HANDED_STATES = (LEAD_HANDED, *LEAD_DONE)


def plan_followup(ctx: _Vault, read: SheetRead, *, unit_id: str | None, round_id: str | None) -> IntakePlan:
    """The plan of a ``lead-feedback`` or ``rectification`` sheet (intake.plan_intake dispatches here)."""
    if read.as_kind == "lead-feedback":
        return IntakePlan(read, _plan_feedback(ctx, read))
    unit_label = ""
    fixed: str | None = None
    if unit_id:
        unit_label = ctx.vault.records.get(unit_id, "unit").label()
    elif "unit" not in read.where:
        raise IntakeError("no_ledger_unit")
    else:
        fixed = list_round(ctx, read, round_id)
    return IntakePlan(read, _plan_ledger(ctx, read, unit_id, fixed), unit_label,
                      round_label=_title(ctx, fixed) if fixed else "")


# --- lead feedback -----------------------------------------------------------------------------------


def _plan_feedback(ctx: _Vault, read: SheetRead) -> list[RowResult]:
    leads: dict[str, list[Lead]] = defaultdict(list)
    for lead in ctx.vault.records.iter(Lead):
        if lead.number:
            leads[name_key(lead.number)].append(lead)
    vocab = ctx.vocab
    seen: dict[str, int] = {}
    results = []
    for number, cells in ctx.rows(read):
        row = _Row(read, number, cells)
        code = row.get("number", cell_text, "")
        if not code:
            row.problems.append(row.issue("number", "线索编号不能为空"))
            results.append(_finish(row, "", []))
            continue
        found = leads.get(name_key(code), [])
        if len(found) != 1:
            why = ("保密库中没有这个线索编号" if not found
                   else f"保密库中有 {len(found)} 条线索编号相同，无法确定是哪一条")
            row.problems.append(row.issue("number", why))
            results.append(_finish(row, code, []))
            continue
        lead = found[0]
        values = _feedback_values(row, vocab)
        _check_lead(row, lead, values)
        _duplicate(seen, lead.id, row, "线索编号")  # a second feedback for one lead: which is right is not ours to say
        if row.problems:
            results.append(_finish(row, code, []))
            continue
        updated, changed = _apply(lead, lead, {k: v for k, v in values.items() if v is not None})
        assert isinstance(updated, Lead)
        _advance(updated, row)
        changed = _changed_labels(lead, updated, changed)
        _rule_problems(row, updated)
        results.append(_finish(row, f"{code} {lead.subject_name}", [(updated, changed, False)]))
    return results


def _feedback_values(row: _Row, vocab: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "receiver": row.get("receiver", cell_text),
        "received_by_at": row.get("received_by_at", cell_date),
        "receiver_category": row.get("receiver_category", lambda c: cell_choice(
            c, "receiver_category", vocab.get("receiver_category", []))),
        "feedback_at": row.get("feedback_at", cell_date),
        "feedback": row.get("feedback", lambda c: cell_text(c, multiline=True, limit=LONGTEXT_MAX)),
        "closed_at": row.get("closed_at", cell_date),
        "result": row.get("result", lambda c: cell_choice(c, "lead_result", vocab.get("lead_result", []))),
    }


def _check_lead(row: _Row, lead: Lead, values: dict[str, Any]) -> None:
    """The row must be about this lead, handed over, with dates in order."""
    if lead.transferred_at is None and lead.status not in HANDED_STATES:
        row.problems.append(row.issue("number", f"线索“{lead.number}”尚未移交（状态：{lead.status or '未填'}），"
                                                "不能登记处置反馈"))
        return
    subject = row.get("subject", cell_text, "")
    if subject and squeeze(subject) != squeeze(lead.subject_name):
        row.problems.append(row.issue("subject", f"与保密库中该线索的被反映人“{lead.subject_name}”不符，"
                                                 "请核对线索编号"))
    sent = lead.transferred_at
    for key, label in (("received_by_at", "接收时间"), ("feedback_at", "反馈时间"), ("closed_at", "办结时间")):
        day = values.get(key)
        if isinstance(day, dt.date) and sent is not None and day < sent:
            row.problems.append(row.issue(key, f"{label}早于移交时间 {sent.isoformat()}"))
    feedback, closed = values.get("feedback_at"), values.get("closed_at")
    if isinstance(feedback, dt.date) and isinstance(closed, dt.date) and closed < feedback:
        row.problems.append(row.issue("closed_at", f"办结时间早于反馈时间 {feedback.isoformat()}"))
    to_unit = row.get("to_unit", cell_text, "")
    if to_unit and lead.transfer_to and squeeze(lead.transfer_to) not in squeeze(to_unit) \
            and squeeze(to_unit) not in squeeze(lead.transfer_to):
        row.notice("to_unit", f"承办单位与移交对象“{lead.transfer_to}”不同（不改移交对象）")


def _advance(lead: Lead, row: _Row) -> None:
    """已移交 → 已反馈 once a feedback date is in; → 已了结 with a 办结时间 and a 办理结果."""
    if lead.closed_at is not None and lead.result and lead.status != LEAD_CLOSED:
        lead.status = LEAD_CLOSED
    elif lead.feedback_at is not None and lead.status in ("", LEAD_HANDED):
        lead.status = LEAD_ANSWERED
    elif lead.closed_at is not None and not lead.result and lead.status != LEAD_CLOSED:
        row.notice("closed_at", "有办结时间但无处置结果：状态不改为“已了结”")


def _changed_labels(before: Record, after: Record, changed: list[str]) -> list[str]:
    return list(dict.fromkeys([*changed, *_changes(before, after)]))


def _rule_problems(row: _Row, record: Record) -> None:
    """A row whose result would break a rule of storage is refused with the rule's words."""
    for problem in missing_date_problems(record):
        row.problems.append(row.issue("", problem))


# --- rectification ledger ----------------------------------------------------------------------------


class _Units:
    """The units a ledger's rows name, and their problems and items, read once."""

    def __init__(self, ctx: _Vault, round_id: str | None) -> None:
        self.ctx = ctx
        self.round_id = round_id
        self._units = ctx.by_round("unit")
        self.problems: dict[str, list[Problem]] = defaultdict(list)
        for problem in ctx.vault.records.iter(Problem):
            self.problems[problem.unit_id or ""].append(problem)
        self.items: dict[str, list[Rectification]] = defaultdict(list)
        for item in ctx.vault.records.iter(Rectification):
            self.items[item.problem_id or ""].append(item)

    def unit(self, name: str) -> Record:
        where = _of_round(self.ctx, self.round_id)
        return _one(_in_round(self._units, self.round_id, name_key(name)), "被巡察单位" + where, name)


def _plan_ledger(ctx: _Vault, read: SheetRead, unit_id: str | None, round_id: str | None) -> list[RowResult]:
    units = _Units(ctx, round_id)
    fixed = ctx.vault.records.get(unit_id, Unit) if unit_id else None
    vocab = ctx.vocab
    seen: dict[str, int] = {}
    results = []
    for number, cells in ctx.rows(read):
        row = _Row(read, number, cells)
        unit: Record | None = fixed
        named = row.get("unit", cell_text, "")
        if fixed is not None and named and name_key(named) != name_key(fixed.label()):
            row.problems.append(row.issue("unit", f"与指定的被巡察单位“{fixed.label()}”不同"))
        elif fixed is None:
            if not named:
                row.problems.append(row.issue("unit", "被巡察单位不能为空"))
            else:
                try:
                    unit = units.unit(named)
                except CellProblem as exc:
                    row.problems.append(row.issue("unit", str(exc)))
        values = _ledger_values(row, vocab)  # every reason a row is refused is reported, not the first only
        problem = _problem(row, units, unit) if unit is not None else None
        if problem is None:
            results.append(_finish(row, named, []))
            continue
        label = f"{unit.label() if unit else ''} 问题{problem.seq or ''}：{problem.title}"
        item = _item(row, units.items.get(problem.id, []), values)
        _duplicate(seen, problem.id, row, "对应的反馈问题")
        if row.problems:
            results.append(_finish(row, label, []))
            continue
        existing = item
        new = Rectification(id=uuid7(), title=f"整改：{problem.title}"[:100], problem_id=problem.id,
                            unit_id=problem.unit_id)
        updated, changed = _apply(existing, new, {k: v for k, v in values.items() if v is not None})
        if existing is None and not getattr(updated, "measures", ""):
            row.problems.append(row.issue("measures", "该问题尚无整改事项，新建须写明整改措施"))
        _rule_problems(row, updated)
        results.append(_finish(row, label, [(updated, changed, existing is None)]))
    return results


def _problem(row: _Row, units: _Units, unit: Record) -> Problem | None:
    """The unit's feedback problem the row is about: by 问题序号, else by its text verbatim."""
    problems = units.problems.get(unit.id, [])
    seq = row.get("problem_seq", lambda c: cell_int(c, low=1, high=10_000, what="问题序号"))
    if seq is not None:
        found = [p for p in problems if p.seq == seq]
        if len(found) == 1:
            return found[0]
        if not found:
            row.problems.append(row.issue("problem_seq", f"“{unit.label()}”没有序号为 {seq} 的反馈问题"))
        else:
            row.problems.append(row.issue("problem_seq", f"“{unit.label()}”有 {len(found)} 个序号为 {seq} 的反馈问题"))
        return None
    text = row.get("problem", lambda c: cell_text(c, multiline=True, limit=LONGTEXT_MAX), "")
    if not text:
        row.problems.append(row.issue("problem", "须写明问题序号或反馈问题原文"))
        return None
    key = squeeze(text)
    found = [p for p in problems if key in (squeeze(p.title), squeeze(p.description))]
    if len(found) != 1:
        why = "与该单位的反馈问题原文都不一致（须逐字相同）" if not found else "与该单位的多个反馈问题原文相同"
        row.problems.append(row.issue("problem", why))
        return None
    return found[0]


def _ledger_values(row: _Row, vocab: dict[str, list[str]]) -> dict[str, Any]:
    long = lambda c: cell_text(c, multiline=True, limit=LONGTEXT_MAX)  # noqa: E731
    values: dict[str, Any] = {
        "status": row.get("status", lambda c: cell_choice(c, "rect_status", vocab.get("rect_status", []))),
        "measures": row.get("measures", long),
        "responsible_leader": row.get("responsible_leader", cell_text),
        "responsible_dept": row.get("responsible_dept", cell_text),
        "deadline": row.get("deadline", cell_date),
        "completed_at": row.get("completed_at", cell_date),
        "closed_at": row.get("closed_at", cell_date),
        "evidence": row.get("evidence", long),
        "revisit_result": row.get("revisit_result", lambda c: cell_choice(
            c, "revisit_result", vocab.get("revisit_result", []))),
    }
    if not row.has("status"):
        row.problems.append(row.issue("status", "整改状态不能为空"))
    if values["status"] == "已销号" and values["closed_at"] is None:
        row.problems.append(row.issue("closed_at", "整改状态为“已销号”须填写销号时间"))
    completed, closed = values["completed_at"], values["closed_at"]
    if isinstance(completed, dt.date) and isinstance(closed, dt.date) and closed < completed:
        row.problems.append(row.issue("closed_at", f"销号时间早于完成时间 {completed.isoformat()}"))
    return values


def _item(row: _Row, items: list[Rectification], values: dict[str, Any]) -> Rectification | None:
    """The problem's item the row updates: its only one, or the one with the 整改措施 written; None for a new one."""
    if len(items) <= 1:
        return items[0] if items else None
    measures = values.get("measures")
    same = [i for i in items if measures and squeeze(i.measures) == squeeze(str(measures))]
    if len(same) == 1:
        return same[0]
    row.problems.append(row.issue("measures", f"该问题有 {len(items)} 个整改事项，须按整改措施原文区分"))
    return None
