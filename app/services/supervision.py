"""督办, free of Qt (docs/office.md, "督办"): handed-over leads past their deadlines, units past their
rectification milestones, and the records that already break a rule of storage (listed, never rewritten).

The figures come from the SQL reads of app/storage/supervision.py; the deadlines and milestones from
app/domain (rules.Deadlines, supervision.unit_milestones, calendar.WorkCalendar), so the lead list, the
ledger, ``stats`` and the 督办 page say the same. The tables ``leads-overdue`` and ``rectification`` are
registered for ``stats`` (app/services/stats.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain.calendar import WorkCalendar
from app.domain.records import Lead, Setting
from app.domain.rules import Deadlines
from app.domain.supervision import MILESTONES, Milestone, lead_overdue, unit_milestones
from app.export.xlsx.ledger import ExtraSheet
from app.services.checks import MissingDates, records_missing_dates
from app.services.stats import Cell, Column, StatQuery, StatTable, register
from app.storage import supervision as sql
from app.storage.vault import Vault


@dataclass(frozen=True)
class OverdueLead:
    id: str
    number: str
    subject: str
    unit: str
    team: str
    transfer_to: str
    transferred_at: dt.date
    feedback_due: dt.date | None
    close_due: dt.date | None
    feedback_late: bool
    close_late: bool
    days: int  # past the earliest missed deadline
    what: str  # 逾期未反馈 / 逾期未办结 / both


@dataclass(frozen=True)
class UnitFollowUp:
    id: str
    unit: str
    team: str
    round: str
    feedback_date: dt.date | None
    milestones: tuple[Milestone, ...]
    items: int
    items_open: int
    items_overdue: int
    items_reopened: int  # a 回头看 found 纸面整改/未到位: the unit is flagged
    today: dt.date

    @property
    def late(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.late(self.today))

    @property
    def days_late(self) -> int:
        return max((m.days_late(self.today) for m in self.milestones), default=0)

    @property
    def flagged(self) -> bool:
        """Past a milestone, with items past their 完成时限, or reopened by a 回头看."""
        return bool(self.late or self.items_overdue or self.items_reopened)

    def urgency(self) -> tuple[int, int, int, int, str]:
        """Sort key, overdue first: late milestones, then overdue items, then reopened, then by name."""
        return (-len(self.late), -self.days_late, -self.items_overdue, -self.items_reopened, self.unit)


def _settings(vault: Vault) -> list[Setting]:
    return list(vault.records.iter(Setting))


def overdue_leads(vault: Vault, today: dt.date, round_id: str | None = None,
                  deadlines: Deadlines | None = None) -> list[OverdueLead]:
    """Handed-over leads past their feedback or conclusion deadline on ``today``, most days overdue first."""
    deadlines = deadlines or Deadlines.from_settings(_settings(vault), lambda: today)
    out = []
    for (lead_id, number, subject, status, target, sent, feedback_at, closed_at, result, unit,
         team) in sql.open_handed_leads(vault, round_id):
        lead = Lead(id=lead_id, number=number, subject_name=subject, status=status, transfer_to=target,
                    transferred_at=sent, feedback_at=feedback_at, closed_at=closed_at, result=result)
        late = lead_overdue(lead, deadlines, today)
        if late.late:
            out.append(OverdueLead(lead_id, number, subject, unit, team, target, sent, late.feedback_due,
                                   late.close_due, late.feedback_late, late.close_late, late.days, late.what))
    return sorted(out, key=lambda x: (-x.days, x.number, x.id))


def units_follow_up(vault: Vault, today: dt.date, round_id: str | None = None) -> list[UnitFollowUp]:
    """Every unit under rectification (a feedback date or items), overdue first (:meth:`UnitFollowUp.urgency`)."""
    settings = _settings(vault)
    days = Deadlines.from_settings(settings).days
    calendar = WorkCalendar.from_settings(settings)
    out = []
    for unit_id, name, team, title, feedback, met, n, open_n, late_n, reopened in sql.unit_follow_up(
            vault, today, round_id):
        stones = tuple(unit_milestones(feedback, met, days, calendar))
        out.append(UnitFollowUp(unit_id, name, team, title, feedback, stones, n, open_n, late_n, reopened, today))
    return sorted(out, key=UnitFollowUp.urgency)


@dataclass
class Supervision:
    """What the 督办 page shows, computed in one op on the worker."""

    today: dt.date
    leads: list[OverdueLead] = field(default_factory=list)
    units: list[UnitFollowUp] = field(default_factory=list)
    broken: list[MissingDates] = field(default_factory=list)
    calendar_problems: list[str] = field(default_factory=list)

    @property
    def overdue_feedback(self) -> int:
        return sum(1 for lead in self.leads if lead.feedback_late)

    @property
    def overdue_closure(self) -> int:
        return sum(1 for lead in self.leads if lead.close_late)


def supervision(vault: Vault, today: dt.date, round_id: str | None = None) -> Supervision:
    """The 督办 page's data: overdue leads, units (flagged ones first), and the records breaking a rule."""
    calendar = WorkCalendar.from_settings(_settings(vault))
    return Supervision(today, overdue_leads(vault, today, round_id), units_follow_up(vault, today, round_id),
                       records_missing_dates(vault), [p.problem for p in calendar.problems if p.problem])


# --- stats tables ----------------------------------------------------------------------------------------


@register("leads-overdue", "移交线索逾期")
def leads_overdue_table(vault: Vault, query: StatQuery) -> StatTable:
    """One line per handed-over lead past a deadline, then ``overdue feedback: N`` and ``overdue closure: M``."""
    leads = overdue_leads(vault, query.today, query.round_id)
    columns = (Column("number", "线索编号", "text"), Column("subject", "被反映人", "text"),
               Column("unit", "被巡察单位", "text"), Column("team", "巡察组", "text"),
               Column("transfer_to", "移交对象", "text"), Column("transferred_at", "移交时间", "date"),
               Column("feedback_due", "反馈期限", "date"), Column("close_due", "办结期限", "date"),
               Column("what", "逾期情况", "text"), Column("days", "逾期天数"))
    rows: list[tuple[Cell, ...]] = [(x.number, x.subject, x.unit, x.team, x.transfer_to, x.transferred_at,
                                     x.feedback_due, x.close_due, x.what, x.days) for x in leads]
    printed = [f"{x.number or x.id[:8]}: {x.unit} {x.subject} 移交{x.transfer_to or '（未填）'} "
               f"{x.transferred_at.isoformat()} {x.what} {x.days} 天" for x in leads]
    summary: list[tuple[str, Cell]] = [
        ("overdue feedback", sum(1 for x in leads if x.feedback_late)),
        ("overdue closure", sum(1 for x in leads if x.close_late))]
    return StatTable("leads-overdue", "移交线索逾期", columns, rows, summary, printed)


def _stone_text(stone: Milestone, today: dt.date) -> str:
    return stone.state(today)


@register("rectification", "整改督办")
def rectification_table(vault: Vault, query: StatQuery) -> StatTable:
    """Per unit: its milestones (due date and state), its open and overdue items; overdue first."""
    units = units_follow_up(vault, query.today, query.round_id)
    columns: list[Column] = [Column("unit", "被巡察单位", "text"), Column("round", "轮次", "text"),
                             Column("team", "巡察组", "text"), Column("feedback_date", "反馈日期", "date")]
    for spec in MILESTONES:
        columns += [Column(f"{spec.key}_due", f"{spec.label}期限", "date"), Column(spec.key, spec.label, "text")]
    columns += [Column("items", "整改事项"), Column("items_open", "未完成"), Column("items_overdue", "逾期未完成"),
                Column("items_reopened", "回头看重新整改")]
    rows = []
    printed = []
    for u in units:
        cells: list[Cell] = [u.unit, u.round, u.team, u.feedback_date]
        for stone in u.milestones:
            cells += [stone.due, _stone_text(stone, query.today)]
        cells += [u.items, u.items_open, u.items_overdue, u.items_reopened]
        rows.append(tuple(cells))
        late = "；".join(f"{m.label}逾期 {m.days_late(query.today)} 天" for m in u.late) or "节点均按期"
        printed.append(f"{u.unit}（{u.round}）: {late}；整改事项 {u.items}，未完成 {u.items_open}，"
                       f"逾期 {u.items_overdue}，回头看重新整改 {u.items_reopened}")
    summary: list[tuple[str, Cell]] = [("units", len(units)),
                                       ("units past milestones", sum(1 for u in units if u.late))]
    for spec in MILESTONES:
        summary.append((f"{spec.label}逾期", sum(1 for u in units if any(m.key == spec.key for m in u.late))))
    summary += [("items open", sum(u.items_open for u in units)),
                ("items overdue", sum(u.items_overdue for u in units)),
                ("units reopened by 回头看", sum(1 for u in units if u.items_reopened))]
    return StatTable("rectification", "整改督办", tuple(columns), rows, summary, printed)


# --- the ledger's 整改督办 sheet ---------------------------------------------------------------------------

LEDGER_SHEET = "整改督办"


def ledger_sheet(vault: Vault, today: dt.date) -> ExtraSheet:
    """The office ledger's 整改督办 sheet: per unit its milestones (due, state), its items; overdue first,
    a unit past a milestone or with overdue items filled red."""
    units = units_follow_up(vault, today)
    header = ["被巡察单位", "轮次", "巡察组", "反馈日期"]
    for spec in MILESTONES:
        header += [f"{spec.label}期限", spec.label]
    header += ["整改事项", "未完成", "逾期未完成", "回头看重新整改"]
    rows: list[list[str | int | dt.date | None]] = []
    for u in units:
        row: list[str | int | dt.date | None] = [u.unit, u.round, u.team, u.feedback_date]
        for stone in u.milestones:
            row += [stone.due, stone.state(today)]
        rows.append([*row, u.items, u.items_open, u.items_overdue, u.items_reopened])
    return ExtraSheet(LEDGER_SHEET, tuple(header), rows, [bool(u.late or u.items_overdue) for u in units])
