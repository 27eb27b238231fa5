"""The 汇总 page (office vaults only, issue 14 §1): a round's figures at a glance.

A round selector; the per-team progress table (double-click a team: its units below); charts of leads
by source, discipline, cadre level and route; the 四个落实 distribution; rectification per unit, overdue
first; and the cross versus non-cross chart, n per bar and the ratio printed. Every figure comes from one
op on the worker (:func:`app.services.summary.compute_summary`, SQL aggregates); every table has
"导出 Excel", which writes the table shown (app/services/stats.py ``write_workbook``) on the worker.
QtCharts is not in PySide6-Essentials: the charts are QPainter widgets (app/ui/widgets/charts.py and
:class:`FigureBars`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QRegularExpression,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.stats import StatTable, format_cell, write_workbook
from app.services.summary import LEAD_CHARTS, Summary, compute_summary
from app.ui.i18n import column_label
from app.ui.records.models import RowsModel
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.charts import BarChart, colour, with_colours
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.reloading import follow_writes

Index = QModelIndex | QPersistentModelIndex
#: The tables of the page, in the order they are filled (the teams table first: it is at the top). The
#: units of the round (837 rows) are only shown for a team double-clicked: filled then.
TABLES = ("teams", "cross", "rectification", "leads", "headings")
#: How many rows a table's columns are sized to (beyond those in view; Qt's resizeContentsPrecision).
SIZED_ROWS = 15
#: The bar colours of the cross chart: 交叉 stands out.
MODE_COLOURS = {"交叉": "#c0504d", "本级": "#3b6ea5", "提级": "#8064a2"}


_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
_SERVED = frozenset({_DISPLAY, _TOOLTIP, Qt.ItemDataRole.TextAlignmentRole})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class StatTableModel(RowsModel[tuple[Any, ...]]):
    """A statistics table (:class:`~app.services.stats.StatTable`) as a read-only model: the table's own
    column labels (the figures' names, as the workbook has them; English in the English interface) and
    its cells as ``stats`` prints them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: StatTable | None = None

    def columns(self) -> tuple[str, ...]:
        return tuple(column_label(c) for c in self.table.columns) if self.table is not None else ()

    def set_table(self, table: StatTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self._headers = None
        self._rows = list(table.rows) if table is not None else []
        self.endResetModel()

    def clear(self) -> None:
        self.set_table(None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for a dozen roles of every cell it sizes or paints: the ones not served cost nothing.
        if role not in _SERVED or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role == _DISPLAY:
            return "" if value is None else format_cell(value)
        if role == _TOOLTIP:
            return plain_tip(value) if isinstance(value, str) else None
        return None if isinstance(value, str) else _RIGHT


class FigureBars(QWidget):
    """Vertical bars of a figure per category (leads handed over per unit, per mode), each labelled
    with its value and its n (units), with a caption under them (the ratio)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, int, float, str]] = []
        self.caption = ""
        self.empty_text = self.tr("暂无数据")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, bars: list[tuple[str, int, float | None]], caption: str) -> None:
        self._bars = [(label, n, value or 0.0, MODE_COLOURS.get(label, colour(i)))
                      for i, (label, n, value) in enumerate(bars)]
        self.caption = caption
        self.setToolTip(plain_tip("\n".join(f"{label}（n={n}）：{value:.2f}" for label, n, value, _c in self._bars)))
        self.update()

    def bars(self) -> list[tuple[str, int, float, str]]:
        return list(self._bars)

    def clear(self) -> None:
        self.set_data([], "")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, self.fontMetrics().height() * 14)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        painter.setPen(text)
        line = self.fontMetrics().height()
        if not self._bars:
            painter.drawText(QRectF(0, 0, self.width(), line * 2), Qt.AlignmentFlag.AlignLeft, self.empty_text)
            painter.end()
            return
        top, bottom = line * 1.6, self.height() - line * 3.4
        span = max(1.0, bottom - top)
        biggest = max(v for _l, _n, v, _c in self._bars) or 1.0
        width = self.width() / max(1, len(self._bars))
        for i, (label, n, value, fill) in enumerate(self._bars):
            x = i * width
            height = span * value / biggest
            painter.fillRect(QRectF(x + width * 0.25, bottom - height, width * 0.5, height), QColor(fill))
            painter.drawText(QRectF(x, bottom - height - line * 1.4, width, line * 1.3),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, f"{value:.2f}")
            painter.drawText(QRectF(x, bottom + 2, width, line * 1.3), Qt.AlignmentFlag.AlignHCenter,
                             f"{label}（n={n}）")
        painter.drawText(QRectF(0, bottom + line * 1.6, self.width(), line * 1.5), Qt.AlignmentFlag.AlignHCenter,
                         self.caption)
        painter.end()


def _table_view(model: QSortFilterProxyModel | StatTableModel, parent: QWidget, rows: int = 10) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Columns fit the rows in view and a few more, not all 837 units: measuring every cell of every
    # table (Qt's default looks at 1,000 rows) froze the window for most of a second while 汇总 loaded
    # (bench/ui_bench.py --summary).
    header.setResizeContentsPrecision(SIZED_ROWS)
    # ``rows`` whole rows under the header (a row is the header's section size, taller than a line of text)
    # and the header (no size hint yet: the model has no columns before it loads)
    header_height = max(header.sizeHint().height(), view.fontMetrics().height() + 8)
    view.setMinimumHeight(view.verticalHeader().defaultSectionSize() * rows + header_height + 2 * view.frameWidth())
    return view


class SummaryPage(QScrollArea):
    """汇总: loaded in one op on the worker when shown, again when the round changes or records do."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = self.loading = self._stale = False
        #: A load's tables are filled one per turn of the event loop (:meth:`_fill`); a newer load or a
        #: lock makes the rest of an older fill moot (the generation it was started with).
        self._generation = 0
        self._filling = self._op_done = False
        self.today: Callable[[], dt.date] = dt.date.today
        self.summary: Summary | None = None
        #: Chooses where "导出 Excel" writes (tests replace it).
        self.ask_path: Callable[[str], str] = self._ask_path
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        heading = PlainLabel(self.tr("汇总"), body)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(PlainLabel(self.tr("轮次："), body))
        self.round_box = QComboBox(body)
        self.round_box.setMinimumWidth(260)
        self.round_box.activated.connect(lambda _i: self.reload())
        top.addWidget(self.round_box)
        self.status = PlainLabel(body)
        self.status.setStyleSheet("color: #3b6ea5;")
        top.addWidget(self.status)
        top.addStretch(1)
        layout.addLayout(top)

        self.models: dict[str, StatTableModel] = {}
        self.teams_view = self._table_box(layout, body, "teams",
                                          self.tr("各巡察组工作进度（双击查看该组的被巡察单位）"))
        self.teams_view.doubleClicked.connect(self._show_team_units)
        self.units_proxy = QSortFilterProxyModel(self)
        self.units_proxy.setFilterKeyColumn(2)  # 承担巡察组
        self.units_box, self.units_view = self._units_box(layout, body)

        charts = QGridLayout()
        box = QGroupBox(self.tr("问题线索"), body)
        grid = QGridLayout(box)
        self.lead_charts = {}
        titles = (self.tr("按线索来源"), self.tr("按违纪类别"), self.tr("按干部层级"), self.tr("按处置方式"))
        for i, (dimension, title) in enumerate(zip(LEAD_CHARTS, titles, strict=True)):
            chart = BarChart(title, box)
            self.lead_charts[dimension] = chart
            grid.addWidget(chart, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        charts.addWidget(box, 0, 0, 1, 2)
        box = QGroupBox(self.tr("四个落实问题分布"), body)
        inner = QVBoxLayout(box)
        self.heading_chart = BarChart(self.tr("反馈问题按四个落实"), box)
        inner.addWidget(self.heading_chart)
        inner.addStretch(1)
        charts.addWidget(box, 1, 0)
        box = QGroupBox(self.tr("交叉巡察与本级巡察对比"), body)
        inner = QVBoxLayout(box)
        inner.addWidget(PlainLabel(self.tr("单位平均移交问题线索数"), box))
        self.cross_chart = FigureBars(box)
        inner.addWidget(self.cross_chart)
        charts.addWidget(box, 1, 1)
        layout.addLayout(charts)
        self._table_box(layout, body, "cross", self.tr("交叉巡察与本级巡察对比表"), rows=4)
        self._table_box(layout, body, "rectification", self.tr("整改进度（逾期优先）"))
        self._table_box(layout, body, "leads", self.tr("问题线索分类统计"))
        self._table_box(layout, body, "headings", self.tr("问题分类统计"))
        layout.addStretch(1)

    def _table_box(self, layout: QVBoxLayout, body: QWidget, key: str, title: str, rows: int = 10) -> QTableView:
        box = QGroupBox(title, body)
        inner = QVBoxLayout(box)
        model = StatTableModel(self)
        self.models[key] = model
        view = _table_view(model, box, rows)
        inner.addWidget(view)
        button = QPushButton(self.tr("导出 Excel"), box)
        button.setObjectName(f"export_{key}")
        button.clicked.connect(lambda _c=False, k=key: self.export(k))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        inner.addLayout(row)
        layout.addWidget(box)
        return view

    def _units_box(self, layout: QVBoxLayout, body: QWidget) -> tuple[QGroupBox, QTableView]:
        box = QGroupBox(body)
        inner = QVBoxLayout(box)
        model = StatTableModel(self)
        self.models["units"] = model
        self.units_proxy.setSourceModel(model)
        view = _table_view(self.units_proxy, box)
        inner.addWidget(view)
        button = QPushButton(self.tr("导出 Excel"), box)
        button.setObjectName("export_units")
        button.clicked.connect(lambda _c=False: self.export("units"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        inner.addLayout(row)
        layout.addWidget(box)
        box.hide()
        return box, view

    # --- loading ----------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded and not self.loading:
            self.reload()

    def reload(self) -> Op[Summary] | None:
        if self.loading:
            self._stale = True
            return None
        round_id = self.round_box.currentData() if self.round_box.count() else None
        today = self.today()
        self.loading, self._stale, self._op_done = True, False, False
        self.status.setText(self.tr("正在加载…") if not self.loaded else self.tr("正在更新…"))
        return (Op(self, lambda task: compute_summary(task.vault, round_id, today), executor=self.executor)
                .on_success(self._loaded).on_finished(self._finished).start())

    def records_changed(self) -> None:
        follow_writes(self)

    def _finished(self) -> None:
        self._op_done = True
        if not self._filling:
            self._settled()

    def _settled(self) -> None:
        """The op is over and its tables are in: ready for the next load."""
        self.loading = False
        self.status.setText("")
        if self._stale:
            self.reload()

    def _loaded(self, summary: Summary) -> None:
        self._generation += 1
        self.summary = summary
        self.round_box.blockSignals(True)
        self.round_box.clear()
        for round_id, title in summary.rounds:
            self.round_box.addItem(title, round_id)
        self.round_box.setCurrentIndex(max(0, self.round_box.findData(summary.round_id)))
        self.round_box.blockSignals(False)
        for dimension, chart in self.lead_charts.items():
            chart.set_data(with_colours(summary.tally(summary.leads, dimension)))
        self.heading_chart.set_data(with_colours(summary.tally(summary.headings, "反馈问题·四个落实")))
        ratio = summary.cross_ratio()
        caption = (self.tr("交叉 / 本级 = {0}").format(f"{ratio:.2f}") if ratio is not None
                   else self.tr("交叉 / 本级：无法计算（缺少交叉或本级单位）"))
        self.cross_chart.set_data(summary.cross_bars(), caption)
        self.units_box.hide()
        self.models["units"].clear()  # the earlier load's units: filled again when a team is double-clicked
        self._filling = True
        self._fill(list(TABLES), self._generation)

    def _fill(self, keys: list[str], generation: int) -> None:
        """One table into its model, the next in the next turn of the event loop: a table of 837 units
        reset and sized takes tens of milliseconds, all of them at once froze the window (bench/ui_bench.py
        --summary); the page counts as loaded when the last is in."""
        if generation != self._generation or self.summary is None:
            return
        key, rest = keys[0], keys[1:]
        self.models[key].set_table(getattr(self.summary, key))
        if rest:
            QTimer.singleShot(0, self, lambda: self._fill(rest, generation))
            return
        self._filling, self.loaded = False, True
        if self._op_done:
            self._settled()

    def _show_team_units(self, index: QModelIndex) -> None:
        """The units of the team double-clicked, below the teams table."""
        model = self.models["teams"]
        if model.table is None or not index.isValid():
            return
        name = str(model.row(index.row())[0]).split("·")[-1]
        units = self.models["units"]
        if self.summary is not None and units.table is not self.summary.units:
            units.set_table(self.summary.units)
        self.units_proxy.setFilterRegularExpression(QRegularExpression(f"^{re.escape(name)}$"))
        self.units_box.setTitle(self.tr("{0} 的被巡察单位").format(name))
        self.units_box.show()
        self.ensureWidgetVisible(self.units_view)

    def clear(self) -> None:
        """Locking: every figure and name goes."""
        self.summary, self.loaded = None, False
        self._generation += 1
        if self._filling:  # a fill cut short by the lock: its op is over, nothing is loaded again
            self._filling = False
            if self._op_done:
                self.loading, self._stale = False, False
                self.status.setText("")
        self.round_box.clear()
        for model in self.models.values():
            model.clear()
        for chart in self.lead_charts.values():
            chart.clear()
        self.heading_chart.clear()
        self.cross_chart.clear()
        self.units_box.hide()

    # --- export --------------------------------------------------------------------------------

    def _ask_path(self, title: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("导出 Excel"), f"{title}.xlsx",
                                                    self.tr("Excel 工作簿 (*.xlsx)"))
        return path

    def export(self, key: str) -> Op[None] | None:
        """Write the table shown under ``key`` to a workbook the user names, on the worker."""
        table = self.models[key].table
        if table is None:
            return None
        path = self.ask_path(table.title)
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.status.setText(self.tr("正在导出…"))
        return (Op(self, lambda task: write_workbook(task.vault, path, [table]), executor=self.executor)
                .on_success(lambda _r: self.status.setText(self.tr("已导出：{0}").format(path)))
                .start())
