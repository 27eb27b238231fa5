"""The 督办 page's tables (app/ui/office/supervision_page.py): overdue leads and units' rectification
milestones (its records breaking a rule are app/ui/records/broken.py's, shared with the overview). Rows
come whole from app/services/supervision.py; these only show them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor

from app.services.supervision import OverdueLead, UnitFollowUp
from app.ui.i18n import list_separator
from app.ui.records.models import IdRole, Index, RowsModel
from app.ui.widgets.plain import plain_tip

LATE_COLOUR, LATE_BACKGROUND = "#c0392b", "#f5c6c0"


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class OverdueLeadsModel(RowsModel[OverdueLead]):
    """Handed-over leads past a deadline, most days overdue first."""

    COLUMNS = (str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "线索编号")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "被反映人")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "被巡察单位")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "接收单位")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "移交时间")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "反馈期限")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "办结期限")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "逾期情况")),
               str(QT_TRANSLATE_NOOP("OverdueLeadsModel", "逾期天数")))

    def columns(self) -> tuple[str, ...]:
        return tuple(self.tr(c) for c in self.COLUMNS)

    def what(self, lead: OverdueLead) -> str:
        parts = [text for late, text in ((lead.feedback_late, self.tr("逾期未反馈")),
                                         (lead.close_late, self.tr("逾期未办结"))) if late]
        return list_separator().join(parts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        lead, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (lead.number, lead.subject, lead.unit, lead.transfer_to, _date(lead.transferred_at),
                    _date(lead.feedback_due), _date(lead.close_due), self.what(lead), str(lead.days))[column]
            return text if role == Qt.ItemDataRole.DisplayRole else plain_tip(text)
        if role == Qt.ItemDataRole.ForegroundRole and column in (7, 8):
            return QColor(LATE_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 8:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return lead.id
        return None


class UnitsFollowUpModel(RowsModel[UnitFollowUp]):
    """Units under rectification, those past a milestone first: each milestone met (its date), due, or late."""

    COLUMNS = (str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "被巡察单位")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "轮次")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "巡察组")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "反馈日期")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "整改方案")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "专题民主生活会")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "整改情况报告")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "主要负责人报告")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "整改事项（未完成/逾期）")),
               str(QT_TRANSLATE_NOOP("UnitsFollowUpModel", "回头看重新整改")))
    FIRST_MILESTONE = 4

    def columns(self) -> tuple[str, ...]:
        return tuple(self.tr(c) for c in self.COLUMNS)

    def milestone_text(self, unit: UnitFollowUp, column: int) -> str:
        stone = unit.milestones[column - self.FIRST_MILESTONE]
        if stone.met_at is not None:
            late = stone.due is not None and stone.met_at > stone.due
            return self.tr("{0} 已报送（超期）").format(_date(stone.met_at)) if late \
                else self.tr("{0} 已报送").format(_date(stone.met_at))
        if stone.due is None:
            return ""
        if stone.late(unit.today):
            return self.tr("逾期 {0} 天（{1}）").format(stone.days_late(unit.today), _date(stone.due))
        return self.tr("期限 {0}").format(_date(stone.due))

    def text(self, unit: UnitFollowUp, column: int) -> str:
        if self.FIRST_MILESTONE <= column < self.FIRST_MILESTONE + len(unit.milestones):
            return self.milestone_text(unit, column)
        if column == 8:
            return self.tr("{0}（{1}/{2}）").format(unit.items, unit.items_open, unit.items_overdue)
        if column == 9:
            return str(unit.items_reopened) if unit.items_reopened else ""
        return (unit.unit, unit.round, unit.team, _date(unit.feedback_date))[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.text(unit, column)
            return text if role == Qt.ItemDataRole.DisplayRole else plain_tip(text)
        if role == Qt.ItemDataRole.BackgroundRole and self._late(unit, column):
            return QColor(LATE_BACKGROUND)
        if role == IdRole:
            return unit.id
        return None

    def _late(self, unit: UnitFollowUp, column: int) -> bool:
        if self.FIRST_MILESTONE <= column < self.FIRST_MILESTONE + len(unit.milestones):
            return unit.milestones[column - self.FIRST_MILESTONE].late(unit.today)
        return (column == 8 and unit.items_overdue > 0) or (column == 9 and unit.items_reopened > 0)
