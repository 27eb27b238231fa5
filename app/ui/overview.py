"""The overview page: the round's progress at a glance.

Everything it shows is computed in one op on the worker (:func:`app.services.overview.compute_overview`)
into an :class:`OverviewData` of numbers, vocabulary values and deadline states; the page then
translates its own words and fills count cards, a progress bar, QPainter charts
(:mod:`app.ui.widgets.charts`) and the list of rectification items with overdue ones first.
``clear()`` drops all of it when the vault locks.

While the figures load the page says so (正在加载…, not "—" and 暂无数据, issue 12 item 16). A vault
without its round, team, members and units opens on what to do first (issue 12 item 9): import the
office's deployment package, or set the team up by hand, step by step. Records that break a
status-date rule are listed under 需补全的记录, each opening its editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import CHECK_KINDS, kind_spec
from app.domain.rules import Due
from app.services.overview import SETUP_KINDS, UNSET, OverviewData, RectItem, Tally, compute_overview
from app.ui.i18n import kind_label, kind_plural, list_separator, setting_warning
from app.ui.records.broken import TO_COMPLETE, BrokenRecordsModel
from app.ui.records.models import IdRole, RowsModel
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.charts import Bar, BarChart, StackedBar, with_colours
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.reloading import follow_writes

Index = QModelIndex | QPersistentModelIndex

UNSET_LABEL = str(QT_TRANSLATE_NOOP("OverviewPage", "（未填）"))
DUE_LABELS = {Due.OVERDUE: str(QT_TRANSLATE_NOOP("OverviewPage", "已逾期")),
              Due.SOON: str(QT_TRANSLATE_NOOP("OverviewPage", "即将到期")),
              Due.OK: str(QT_TRANSLATE_NOOP("OverviewPage", "未到期")),
              Due.NONE: str(QT_TRANSLATE_NOOP("OverviewPage", "未定时限")),
              Due.DONE: str(QT_TRANSLATE_NOOP("OverviewPage", "已完成"))}
#: Whose vault this is (FileFacts.role).
ROLE_LABELS = {"office": str(QT_TRANSLATE_NOOP("OverviewPage", "巡察办保密库")),
               "team": str(QT_TRANSLATE_NOOP("OverviewPage", "巡察组保密库"))}
DUE_COLOURS = {Due.OVERDUE: "#c0392b", Due.SOON: "#e08e2b", Due.OK: "#3b6ea5", Due.NONE: "#9a9a9a",
               Due.DONE: "#4f9d69"}
RECT_COLOURS = {"未启动": "#9a9a9a", "整改中": "#3b6ea5", "已完成": "#4f9d69", "已销号": "#2e6b45",
                "长期坚持": "#8064a2"}
#: Count cards in a row.
CARDS_PER_ROW = 6


def shown_label(label: str) -> str:
    """One of the page's own words (未填, the deadline states, the vault's role) in the interface language."""
    return QCoreApplication.translate("OverviewPage", label)


def shown_bars(counts: Tally, colours: dict[str, str] | None = None) -> list[Bar]:
    """Bars of counts by vocabulary value: values are data and stay as they are; the unset ones are
    shown as 未填 in the interface language. Colours are chosen by value."""
    return [(shown_label(UNSET_LABEL) if label == UNSET else label, value, colour)
            for label, value, colour in with_colours(counts, colours)]


def due_bars(counts: list[tuple[Due, int]]) -> list[Bar]:
    """Bars of counts by deadline state, labelled in the interface language."""
    return [(shown_label(DUE_LABELS[due]), n, DUE_COLOURS[due]) for due, n in counts]


class RectificationModel(RowsModel[RectItem]):
    """Rectification items, overdue first: 期限状态, 整改事项, 整改单位, 完成时限, 整改状态."""

    COLUMNS = (str(QT_TRANSLATE_NOOP("RectificationModel", "期限状态")),
               str(QT_TRANSLATE_NOOP("RectificationModel", "整改事项")),
               str(QT_TRANSLATE_NOOP("RectificationModel", "整改单位")),
               str(QT_TRANSLATE_NOOP("RectificationModel", "完成时限")),
               str(QT_TRANSLATE_NOOP("RectificationModel", "整改状态")))

    def columns(self) -> tuple[str, ...]:
        return tuple(self.tr(c) for c in self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            deadline = item.deadline.isoformat() if item.deadline else ""
            return (shown_label(DUE_LABELS[item.due]), item.title, item.unit, deadline, item.status)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            if item.due is Due.OVERDUE:
                return QColor("#c0392b")
            if item.due is Due.SOON:
                return QColor("#b9770e")
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return plain_tip(item.title)
        if role == IdRole:
            return item.record_id
        return None


class SetupBox(QGroupBox):
    """What to do first in a vault without its round, team, members and units (issue 12 item 9).

    Signals:
        import_requested(): import the office's deployment package (the packages page).
        new_requested(str): make the first record of a kind (its list and a new editor).
    """

    import_requested = Signal()
    new_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("从这里开始"), parent)
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("这个保密库还没有本组的基本信息。谈话、线索、底稿都挂在巡察轮次、巡察组、组员和"
                                   "被巡察单位上，请先建立它们，任选一种方式："), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.import_label = PlainLabel(
            self.tr("方式一：导入巡察办发来的部署包，本轮次、本组、组员和被巡察单位一次到位。"), self)
        self.import_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("导入部署包…"), self)
        self.import_button.clicked.connect(lambda _c=False: self.import_requested.emit())
        row = QHBoxLayout()
        row.addWidget(self.import_label, 1)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        by_hand = PlainLabel(self.tr("方式二：手工建立，按以下顺序："), self)
        layout.addWidget(by_hand)
        steps = QGridLayout()
        self.step_buttons: dict[str, QPushButton] = {}
        self.step_states: dict[str, QLabel] = {}
        for n, kind in enumerate(SETUP_KINDS):
            button = QPushButton(self.tr("{0}. 新建{1}").format(n + 1, kind_label(kind_spec(kind))), self)
            button.clicked.connect(lambda _c=False, k=kind: self.new_requested.emit(k))
            state = PlainLabel(self)
            steps.addWidget(button, n, 0)
            steps.addWidget(state, n, 1)
            self.step_buttons[kind] = button
            self.step_states[kind] = state
        steps.setColumnStretch(2, 1)
        layout.addLayout(steps)

    def show_counts(self, counts: dict[str, int], *, office: bool) -> None:
        """Which steps are done; the next one is the default button. An office vault deploys, it is not deployed."""
        self.import_label.setVisible(not office)
        self.import_button.setVisible(not office)
        following = next((k for k in SETUP_KINDS if not counts.get(k, 0)), "")
        for kind in SETUP_KINDS:
            n = counts.get(kind, 0)
            self.step_states[kind].setText(self.tr("已有 {0} 个").format(n) if n else self.tr("尚未建立"))
            self.step_states[kind].setStyleSheet("color: #4f9d69;" if n else "color: #b9770e;")
            self.step_buttons[kind].setDefault(kind == following)
            font = self.step_buttons[kind].font()
            font.setBold(kind == following)
            self.step_buttons[kind].setFont(font)


def _card(title: str, parent: QWidget) -> tuple[QFrame, QLabel]:
    card = QFrame(parent)
    card.setFrameShape(QFrame.Shape.StyledPanel)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(10, 6, 10, 6)
    inner.addWidget(PlainLabel(title, card))
    value = PlainLabel("—", card)
    font = value.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    value.setFont(font)
    inner.addWidget(value)
    return card, value


class OverviewPage(QScrollArea):
    """Counts and progress of the round, with charts; loaded in one op.

    Signals:
        open_requested(str, str): kind and id of a record chosen in the overview's lists.
    """

    open_requested = Signal(str, str)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = False
        self.loading = False
        #: Records changed while the figures loaded: load again when done.
        self._stale = False
        #: Today's date for deadline states; tests pass a fixed one.
        self.today: Callable[[], dt.date] = dt.date.today
        self.data: OverviewData | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)
        layout = QVBoxLayout(body)

        self.heading = PlainLabel(self.tr("本轮巡察概览"), body)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.info = PlainLabel(body)
        layout.addWidget(self.info)
        #: Settings out of their range, replaced by their defaults (app/domain/settings.py).
        self.notice = PlainLabel(body)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b9770e;")
        self.notice.hide()
        layout.addWidget(self.notice)
        #: Says 正在加载… while the figures are read (a large vault takes seconds).
        self.status = PlainLabel(body)
        self.status.setStyleSheet("color: #3b6ea5;")
        self.status.hide()
        layout.addWidget(self.status)
        self.setup_box = SetupBox(body)
        self.setup_box.hide()
        layout.addWidget(self.setup_box)
        self.import_requested = self.setup_box.import_requested
        self.new_requested = self.setup_box.new_requested

        grid = QGridLayout()
        grid.setSpacing(8)
        self.values: dict[str, QLabel] = {}
        for i, kind in enumerate([*CHECK_KINDS, "conflicts"]):
            title = self.tr("待处理冲突") if kind == "conflicts" else kind_plural(kind_spec(kind))
            card, value = _card(title, body)
            self.values["conflicts" if kind == "conflicts" else kind_spec(kind).plural] = value
            grid.addWidget(card, i // CARDS_PER_ROW, i % CARDS_PER_ROW)
        layout.addLayout(grid)

        progress = QGridLayout()
        progress.setSpacing(10)
        # interviews against the mandatory list
        box = QGroupBox(self.tr("谈话进度"), body)
        inner = QVBoxLayout(box)
        self.interview_label = PlainLabel(box)
        self.interview_bar = QProgressBar(box)
        self.interview_bar.setFormat("%v / %m")
        self.interview_pending = PlainLabel(box)
        self.interview_pending.setWordWrap(True)
        self.interview_final = PlainLabel(box)
        for widget in (self.interview_label, self.interview_bar, self.interview_pending, self.interview_final):
            inner.addWidget(widget)
        inner.addStretch(1)
        progress.addWidget(box, 0, 0)
        # documents outstanding
        box = QGroupBox(self.tr("调阅资料"), body)
        inner = QVBoxLayout(box)
        self.documents_label = PlainLabel(box)
        self.documents_chart = BarChart("", box)
        inner.addWidget(self.documents_label)
        inner.addWidget(self.documents_chart)
        inner.addStretch(1)
        progress.addWidget(box, 0, 1)
        # leads
        box = QGroupBox(self.tr("问题线索"), body)
        row = QHBoxLayout(box)
        self.lead_status_chart = BarChart(self.tr("按线索状态"), box)
        self.lead_route_chart = BarChart(self.tr("按拟处置方式"), box)
        row.addWidget(self.lead_status_chart, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.lead_route_chart, 1, Qt.AlignmentFlag.AlignTop)
        progress.addWidget(box, 1, 0)
        # working papers
        box = QGroupBox(self.tr("问题底稿"), body)
        inner = QVBoxLayout(box)
        self.paper_chart = BarChart(self.tr("按审核状态"), box)
        inner.addWidget(self.paper_chart)
        inner.addStretch(1)
        progress.addWidget(box, 1, 1)
        progress.setColumnStretch(0, 3)
        progress.setColumnStretch(1, 2)
        layout.addLayout(progress)

        # rectification
        box = QGroupBox(self.tr("整改事项"), body)
        inner = QVBoxLayout(box)
        charts = QHBoxLayout()
        self.rect_status_chart = StackedBar(self.tr("按整改状态"), box)
        self.rect_due_chart = StackedBar(self.tr("按完成时限"), box)
        charts.addWidget(self.rect_status_chart, 1, Qt.AlignmentFlag.AlignTop)
        charts.addSpacing(16)
        charts.addWidget(self.rect_due_chart, 1, Qt.AlignmentFlag.AlignTop)
        inner.addLayout(charts)
        self.rect_label = PlainLabel(box)
        inner.addWidget(self.rect_label)
        self.rect_model = RectificationModel(self)
        self.rect_view = QTableView(box)
        self.rect_view.setModel(self.rect_model)
        self.rect_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rect_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rect_view.setAlternatingRowColors(True)
        self.rect_view.setWordWrap(False)
        self.rect_view.verticalHeader().setVisible(False)
        header = self.rect_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (2, 160), (3, 100), (4, 90)):
            header.resizeSection(column, width)
        self.rect_view.setMinimumHeight(int(self.fontMetrics().height() * 12))
        self.rect_view.activated.connect(self._open_rect)
        inner.addWidget(self.rect_view)
        layout.addWidget(box)

        # records that break a status-date rule (docs/domain.md §3.6): listed, never rewritten
        self.incomplete_box = QGroupBox(self.tr("需补全的记录"), body)
        inner = QVBoxLayout(self.incomplete_box)
        self.incomplete_label = PlainLabel(self.incomplete_box)
        self.incomplete_label.setWordWrap(True)
        inner.addWidget(self.incomplete_label)
        self.incomplete_model = BrokenRecordsModel(self, status=False, problems_header=TO_COMPLETE)
        self.incomplete_view = QTableView(self.incomplete_box)
        self.incomplete_view.setModel(self.incomplete_model)
        self.incomplete_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.incomplete_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.incomplete_view.setWordWrap(False)
        self.incomplete_view.verticalHeader().setVisible(False)
        header = self.incomplete_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.resizeSection(0, 90)
        header.resizeSection(1, 260)
        self.incomplete_view.setMinimumHeight(int(self.fontMetrics().height() * 8))
        self.incomplete_view.activated.connect(self._open_incomplete)
        inner.addWidget(self.incomplete_view)
        self.incomplete_box.hide()
        layout.addWidget(self.incomplete_box)
        layout.addStretch(1)
        self.charts = (self.documents_chart, self.lead_status_chart, self.lead_route_chart, self.paper_chart,
                       self.rect_status_chart, self.rect_due_chart)
        self._no_data = [chart.empty_text for chart in self.charts]

    # --- loading -----------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded and not self.loading:
            self.reload()

    def reload(self) -> Op[OverviewData] | None:
        if self.loading:
            self._stale = True
            return None
        today = self.today()
        self.loading = True
        self._stale = False
        self._show_loading()
        return (Op(self, lambda task: compute_overview(task.vault, today), executor=self.executor)
                .on_success(self._loaded).on_finished(self._load_finished).start())

    def records_changed(self) -> None:
        """Records were written (the window's change signal): the figures are read again, now if shown."""
        follow_writes(self)

    def _show_loading(self) -> None:
        """Figures being read are not figures missing: say so (a large vault takes seconds)."""
        self.status.setText(self.tr("正在加载…") if not self.loaded else self.tr("正在更新…"))
        self.status.show()
        if self.loaded:
            return  # the figures shown stay until the new ones arrive
        for label in self.values.values():
            label.setText("…")
        for chart in self.charts:
            chart.empty_text = self.tr("正在加载…")
            chart.update()

    def _load_finished(self) -> None:
        self.loading = False
        self.status.hide()
        for chart, text in zip(self.charts, self._no_data, strict=True):
            chart.empty_text = text
            chart.update()
        if self._stale:
            self.reload()

    def _loaded(self, data: OverviewData) -> None:
        self.data = data
        office = data.about.role == "office"
        self.setup_box.show_counts(data.setup, office=office)
        self.setup_box.setVisible(not data.set_up)
        self.incomplete_model.set_rows(data.incomplete)
        self.incomplete_label.setText(self.tr("{0} 条记录的状态缺少相应的时间或对象，请补全（双击打开）").format(
            len(data.incomplete)))
        self.incomplete_box.setVisible(bool(data.incomplete))
        for plural, label in self.values.items():
            label.setText(str(data.counts.get(plural, 0)))
        self.info.setText(self.tr("{0}　使用人：{1}").format(shown_label(ROLE_LABELS[data.about.role]),
                                                            data.about.owner or "—"))
        self.notice.setText("\n".join(setting_warning(p) for p in data.setting_problems))
        self.notice.setToolTip("\n".join(str(p.problem) for p in data.setting_problems))
        self.notice.setVisible(bool(data.setting_problems))

        done, total = data.mandatory_done, data.mandatory_total
        self.interview_label.setText(self.tr("必谈对象已谈话 {0} 人，共 {1} 人").format(done, total) if total
                                     else self.tr("名册中尚未标记必谈对象"))
        self.interview_bar.setRange(0, max(total, 1))
        self.interview_bar.setValue(done if total else 0)
        self.interview_bar.setVisible(bool(total))  # no "0 / 1" when nobody is marked yet
        pending = data.mandatory_pending
        shown = list_separator().join(pending[:12]) + (
            self.tr(" 等 {0} 人").format(len(pending)) if len(pending) > 12 else "")
        if pending:
            self.interview_pending.setText(self.tr("尚未谈话：{0}").format(shown))
        else:
            self.interview_pending.setText(self.tr("必谈对象均已谈话") if total else "")
        self.interview_final.setText(self.tr("谈话记录 {0} 份，已定稿 {1} 份").format(
            data.interviews_total, data.interviews_final))

        outstanding = data.documents_outstanding_total
        self.documents_label.setText(self.tr("未归还（含未提供）{0} 件，共调阅 {1} 件").format(
            outstanding, data.documents_total))
        self.documents_chart.set_data(shown_bars(data.documents_outstanding,
                                                 {"未提供": "#9a9a9a", "已提供未归还": "#e08e2b"}))
        self.lead_status_chart.set_data(shown_bars(data.leads_by_status))
        self.lead_route_chart.set_data(shown_bars(data.leads_by_route))
        self.paper_chart.set_data(shown_bars(data.papers_by_state))
        self.rect_status_chart.set_data(shown_bars(data.rect_by_status, RECT_COLOURS))
        self.rect_due_chart.set_data(due_bars(data.rect_by_due))
        self.rect_label.setText(self.tr("整改事项 {0} 项：已逾期 {1} 项，即将到期 {2} 项"
                                        "（逾期的排在最前；双击打开）").format(len(data.rect_items), data.rect_overdue,
                                                                         data.rect_soon))
        self.rect_model.set_rows(data.rect_items)
        self.loaded = True

    def _open_incomplete(self, index: QModelIndex) -> None:
        if index.isValid():
            item = self.incomplete_model.row(index.row())
            self.open_requested.emit(item.kind, item.id)

    def _open_rect(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit("rectification", str(index.data(IdRole)))

    def clear(self) -> None:
        """Drop every figure and name (locking)."""
        self.data = None
        for label in self.values.values():
            label.setText("—")
        for label in (self.info, self.interview_label, self.interview_pending, self.interview_final,
                      self.documents_label, self.rect_label, self.notice):
            label.clear()
        self.notice.setToolTip("")
        self.notice.hide()
        self.interview_bar.reset()
        for chart in self.charts:
            chart.clear()
        self.rect_model.set_rows([])
        self.incomplete_model.set_rows([])
        self.incomplete_box.hide()
        self.setup_box.hide()
        self.status.hide()
        self.loaded = False
        self.loading = False  # an op dropped by the lock never calls back
        self._stale = False
