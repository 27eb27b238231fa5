"""The 督办 page (office vaults): what the office follows up after a round (docs/office.md, "督办").

Three tabs, all computed in one op on the worker (app/services/supervision.py ``supervision``):

* 移交线索 — handed-over leads past their feedback or conclusion deadline, most days overdue first, with
  the receiving unit and the days overdue;
* 整改节点 — every unit under rectification, those past a milestone (整改方案 in working days, 民主生活会,
  整改情况报告, 主要负责人报告) or with overdue or reopened items first;
* 不符合规则的记录 — leads and rectification items that already break a rule of storage (imported or
  merged before the rule): listed for someone to put right, never rewritten.

"截至" sets the day deadlines count from (today by default). Double-click opens the record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractItemModel, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.rounds import RoundChoice, rounds
from app.services.supervision import Supervision, supervision
from app.ui.office.supervision_models import OverdueLeadsModel, UnitsFollowUpModel
from app.ui.records.broken import BrokenRecordsModel
from app.ui.records.models import IdRole, Index
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.plain import PlainLabel
from app.ui.widgets.reloading import follow_writes
from app.ui.widgets.tables import read_only_table


class SupervisionPage(QWidget):
    """督办: overdue leads, units past their rectification milestones, records breaking a rule.

    Signals:
        open_requested(str, str): open the record (kind, id).
    """

    open_requested = Signal(str, str)
    LEADS, UNITS, BROKEN = range(3)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = self.loading = self._stale = False
        self._generation = 0  # bumped by clear(): an op started before a lock shows nothing after it
        self.data: Supervision | None = None
        self._round_ids: list[str | None] = [None]
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("轮次"), self))
        self.round_box = QComboBox(self)
        self.round_box.addItem(self.tr("全部轮次"))
        self.round_box.currentIndexChanged.connect(lambda *_: self.reload())
        top.addWidget(self.round_box)
        top.addWidget(QLabel(self.tr("截至"), self))
        self.today_edit = QDateEdit(QDate.currentDate(), self)
        self.today_edit.setCalendarPopup(True)
        self.today_edit.setDisplayFormat("yyyy-MM-dd")
        self.today_edit.dateChanged.connect(lambda *_: self.reload())
        top.addWidget(self.today_edit)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.clicked.connect(lambda: self.reload())
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = PlainLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget(self)
        self.leads_model = OverdueLeadsModel(self)
        self.units_model = UnitsFollowUpModel(self)
        self.broken_model = BrokenRecordsModel(self)
        self.leads_view = self._table(self.leads_model, (110, 70, 200, 100, 84, 84, 84, 150, 64), "lead")
        self.units_view = self._table(self.units_model, (190, 150, 96, 80, 170, 170, 170, 170, 130), "unit")
        self.broken_view = self._table(self.broken_model, (90, 260, 70), "")
        self.tabs.addTab(self.leads_view, self.tr("移交线索"))
        self.tabs.addTab(self.units_view, self.tr("整改节点"))
        self.tabs.addTab(self.broken_view, self.tr("不符合规则的记录"))
        layout.addWidget(self.tabs, 1)

    def _table(self, model: QAbstractItemModel, widths: tuple[int, ...], kind: str) -> QTableView:
        view = read_only_table(model, self, widths)
        view.activated.connect(lambda index: self._open(model, index, kind))
        return view

    def _open(self, model: QAbstractItemModel, index: Index, kind: str) -> None:
        record_id = index.data(IdRole)
        if not record_id:
            return
        if not kind:  # a broken record: lead or rectification
            kind = self.broken_model.row(index.row()).kind
        self.open_requested.emit(kind, str(record_id))

    # --- loading -----------------------------------------------------------------------------

    def today(self) -> dt.date:
        day = self.today_edit.date()
        return dt.date(day.year(), day.month(), day.day())

    def set_today(self, day: dt.date) -> None:
        self.today_edit.setDate(QDate(day.year, day.month, day.day))

    def round_id(self) -> str | None:
        index = self.round_box.currentIndex()
        return self._round_ids[index] if 0 <= index < len(self._round_ids) else None

    def ensure_loaded(self) -> None:
        if not self.loaded and not self.loading:
            self.reload()

    def reload(self) -> Op[tuple[list[RoundChoice], Supervision]] | None:
        if self.loading:
            self._stale = True
            return None
        self.loading, self._stale = True, False
        today, round_id = self.today(), self.round_id()
        self.summary.setText(self.tr("正在加载…"))
        generation = self._generation

        def loaded(result: tuple[list[RoundChoice], Supervision]) -> None:
            if generation == self._generation:
                self._loaded(result)

        def finished() -> None:
            if generation == self._generation:
                self._finished()

        return (Op(self, lambda task: (rounds(task.vault), supervision(task.vault, today, round_id)),
                   executor=self.executor)
                .on_success(loaded).on_finished(finished).start())

    def clear(self) -> None:
        """Drop everything shown (locking); an op under way shows nothing when it ends."""
        self._generation += 1
        self.loaded = self.loading = self._stale = False
        self.data = None
        for model in (self.leads_model, self.units_model, self.broken_model):
            model.set_rows([])
        self.summary.setText("")
        self._set_rounds([])
        self.tabs.setTabText(self.LEADS, self.tr("移交线索"))
        self.tabs.setTabText(self.UNITS, self.tr("整改节点"))
        self.tabs.setTabText(self.BROKEN, self.tr("不符合规则的记录"))

    def records_changed(self) -> None:
        """Records were written: read again, now if shown."""
        follow_writes(self)

    def _finished(self) -> None:
        self.loading = False
        if self._stale:
            self.reload()

    def _loaded(self, result: tuple[list[RoundChoice], Supervision]) -> None:
        choices, data = result
        self._set_rounds(choices)
        self.loaded, self.data = True, data
        self.leads_model.set_rows(data.leads)
        self.units_model.set_rows(data.units)
        self.broken_model.set_rows(data.broken)
        late_units = sum(1 for u in data.units if u.late)
        reopened = sum(1 for u in data.units if u.items_reopened)
        text = self.tr("移交线索逾期未反馈 {0} 条、逾期未办结 {1} 条；超过整改节点的单位 {2} 个"
                       "（共 {3} 个单位在整改）；回头看发现整改不到位、重新整改的单位 {4} 个；"
                       "不符合规则的记录 {5} 条。").format(
            data.overdue_feedback, data.overdue_closure, late_units, len(data.units), reopened, len(data.broken))
        if data.calendar_problems:
            text += self.tr("（节假日设置有误，按无节假日计算工作日。）")
        self.summary.setText(text)
        self.tabs.setTabText(self.LEADS, self.tr("移交线索（{0}）").format(len(data.leads)))
        self.tabs.setTabText(self.UNITS, self.tr("整改节点（{0}）").format(late_units))
        self.tabs.setTabText(self.BROKEN, self.tr("不符合规则的记录（{0}）").format(len(data.broken)))

    def _set_rounds(self, choices: list[RoundChoice]) -> None:
        ids: list[str | None] = [None, *(c.id for c in reversed(choices))]  # the latest round first
        if ids == self._round_ids:
            return
        current = self.round_id()
        self.round_box.blockSignals(True)
        self.round_box.clear()
        self.round_box.addItem(self.tr("全部轮次"))
        for choice in reversed(choices):
            self.round_box.addItem(choice.label)
        self._round_ids = ids
        self.round_box.setCurrentIndex(ids.index(current) if current in ids else 0)
        self.round_box.blockSignals(False)

__all__ = ["SupervisionPage"]
