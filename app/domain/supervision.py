"""督办: what the office follows up after a round (docs/office.md, "督办"), as pure functions.

* Handed-over leads: the feedback is due ``deadline.lead_feedback_days`` after ``transferred_at``, the
  conclusion (办结) ``deadline.lead_close_days`` after it, never later than ``deadline.lead_close_max_days``
  (the dates are app/domain/rules.py :class:`~app.domain.rules.Deadlines`', one rule for the lead list,
  the ledger and this page). :func:`lead_overdue` says which of the two a lead has missed.
* Rectification milestones of a unit, from ``unit.feedback_date`` (docs/domain.md §3.6): the 整改方案
  after ``deadline.rectification_plan_working_days`` **working** days (app/domain/calendar.py), the
  专题民主生活会 after ``deadline.democratic_meeting_days``, the 整改情况报告 and the 主要负责人组织落实情况报告
  after ``deadline.rectification_report_days``; each is met when its date (``*_received_at``,
  ``meeting_at``) is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.calendar import WorkCalendar
from app.domain.records import Lead
from app.domain.rules import Deadlines, days_after, lead_closed, lead_feedback_done


@dataclass(frozen=True)
class LeadOverdue:
    """A handed-over lead past a deadline: which (feedback, closure or both) and by how many days."""

    feedback_due: dt.date | None
    close_due: dt.date | None
    feedback_late: bool
    close_late: bool
    days: int  # days past the earliest missed deadline

    @property
    def late(self) -> bool:
        return self.feedback_late or self.close_late

    @property
    def what(self) -> str:
        parts = [label for late, label in ((self.feedback_late, "逾期未反馈"), (self.close_late, "逾期未办结"))
                 if late]
        return "、".join(parts)


def lead_overdue(lead: Lead, deadlines: Deadlines, today: dt.date) -> LeadOverdue:
    """Whether ``lead`` has missed its feedback deadline (no result back) or its conclusion deadline (not
    concluded) on ``today``; a lead never handed over has no deadline."""
    feedback_due, close_due = deadlines.lead_feedback_due(lead), deadlines.lead_close_due(lead)
    feedback_late = feedback_due is not None and not lead_feedback_done(lead) and today > feedback_due
    close_late = close_due is not None and not lead_closed(lead) and today > close_due
    missed = [d for d, late in ((feedback_due, feedback_late), (close_due, close_late)) if late and d is not None]
    days = (today - min(missed)).days if missed else 0
    return LeadOverdue(feedback_due, close_due, feedback_late, close_late, days)


@dataclass(frozen=True)
class MilestoneSpec:
    key: str  # the unit's date field that meets it
    label: str
    setting: str  # the deadline.* setting of its length
    working: bool = False  # counted in working days (else days; a multiple of 30 in months)


#: A unit's rectification milestones after the feedback, in order (docs/domain.md §3.6).
MILESTONES = (
    MilestoneSpec("plan_received_at", "整改方案", "deadline.rectification_plan_working_days", working=True),
    MilestoneSpec("meeting_at", "专题民主生活会", "deadline.democratic_meeting_days"),
    MilestoneSpec("report_received_at", "整改情况报告", "deadline.rectification_report_days"),
    MilestoneSpec("leader_report_received_at", "主要负责人组织落实情况报告", "deadline.rectification_report_days"),
)


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    due: dt.date | None
    met_at: dt.date | None

    def late(self, today: dt.date) -> bool:
        """Not met and past its date."""
        return self.met_at is None and self.due is not None and today > self.due

    def days_late(self, today: dt.date) -> int:
        return (today - self.due).days if self.late(today) and self.due is not None else 0

    def state(self, today: dt.date) -> str:
        if self.met_at is not None:
            late = self.due is not None and self.met_at > self.due
            return f"{self.met_at.isoformat()} 已报送" + ("（超期）" if late else "")
        if self.due is None:
            return "—"
        if today > self.due:
            return f"逾期 {(today - self.due).days} 天"
        return "未到期"


def milestone_due(feedback: dt.date | None, spec: MilestoneSpec, days: Mapping[str, int],
                  calendar: WorkCalendar) -> dt.date | None:
    """When ``spec`` falls due after a feedback on ``feedback`` (None without a feedback date)."""
    if feedback is None:
        return None
    length = days[spec.setting]
    if spec.working:
        return calendar.add(feedback, length)
    return days_after(feedback, length)


def unit_milestones(feedback: dt.date | None, met: Mapping[str, dt.date | None], days: Mapping[str, int],
                    calendar: WorkCalendar) -> list[Milestone]:
    """The unit's milestones: due dates from its feedback date, met by the dates in ``met`` (field name →
    date, as :data:`MILESTONES` name them)."""
    return [Milestone(spec.key, spec.label, milestone_due(feedback, spec, days, calendar), met.get(spec.key))
            for spec in MILESTONES]
