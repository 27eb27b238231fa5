"""The unit editor's 历次巡察 tab: the organisation's problems in every round, with their rectification
state, 回头看 finding and repeat flags (app/services/revisit.py; docs/office.md, "Follow-up").

The tab is loaded on the worker the first time it is shown. A flagged problem can be accepted as a
repeat (a 重复发现 link to the earlier problem) with the button under the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.services.revisit import UnitHistory, accept_repeats, history_of_unit
from app.ui.records.models import Index, RowsModel
from app.ui.records.panels import AssignmentPanel
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.tables import read_only_table

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout as _Layout


@dataclass(frozen=True)
class HistoryLine:
    """One row: a problem of one round (or a round without problems: ``problem_id`` "")."""

    round_title: str
    team: str
    problem_id: str
    seq: str
    title: str
    heading: str
    rectification: str
    revisit: str
    flags: tuple[str, ...]
    earlier_title: str
    accepted: bool


def history_lines(history: UnitHistory | None) -> list[HistoryLine]:
    """The table's rows, oldest round first; statuses counted ("已销号 2、整改中 1")."""
    lines: list[HistoryLine] = []
    for rnd in history.rounds if history else ():
        if not rnd.problems:
            lines.append(HistoryLine(rnd.title, rnd.team, "", "", "", "", "", "", (), "", False))
        for p in rnd.problems:
            counts = Counter(item.status or "-" for item in p.items)
            state = "、".join(f"{s} {n}" if n > 1 else s for s, n in counts.items())
            revisit = "、".join(dict.fromkeys(item.revisit_result for item in p.items if item.revisit_result))
            lines.append(HistoryLine(rnd.title, rnd.team, p.id, "" if p.seq is None else str(p.seq), p.title,
                                     p.heading, state, revisit, p.flags, p.earlier_title, p.accepted))
    return lines


class UnitHistoryModel(RowsModel[HistoryLine]):
    """轮次, 序号, 反馈问题, 四个落实类别, 整改情况, 回头看评估, 标记."""

    COLUMNS = (str(QT_TRANSLATE_NOOP("UnitHistoryModel", "轮次")),
               str(QT_TRANSLATE_NOOP("UnitHistoryModel", "序号")),
               str(QT_TRANSLATE_NOOP("UnitHistoryModel", "反馈问题")),
               str(QT_TRANSLATE_NOOP("UnitHistoryModel", "四个落实类别")),
               str(QT_TRANSLATE_NOOP("UnitHistoryModel", "整改情况")),
               str(QT_TRANSLATE_NOOP("UnitHistoryModel", "回头看评估")),
               str(QT_TRANSLATE_NOOP("UnitHistoryModel", "标记")))

    def columns(self) -> tuple[str, ...]:
        return tuple(self.tr(c) for c in self.COLUMNS)

    def flag_text(self, line: HistoryLine) -> str:
        if not line.flags:
            return ""
        state = self.tr("已确认") if line.accepted else self.tr("未确认")
        return f"{'、'.join(line.flags)}（{state}）"  # 屡改屡犯/纸面整改 are terms of the work (docs/i18n.md)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            title = line.title if line.problem_id else self.tr("（无反馈问题）")
            return (line.round_title, line.seq, title, line.heading, line.rectification, line.revisit,
                    self.flag_text(line))[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and line.flags:
            return QColor("#c0392b") if not line.accepted else QColor("#7f8c8d")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0 and line.team:
                return plain_tip(f"{line.round_title} · {line.team}")
            if column == 6 and line.flags:
                return plain_tip(self.tr("上轮问题：{0}").format(line.earlier_title))
            if column == 2 and line.title:
                return plain_tip(line.title)
        return None


class UnitHistoryTab(QWidget):
    """The 历次巡察 tab: the table, a status line and "确认重复发现" for a flagged row."""

    def __init__(self, executor: DbExecutor, unit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor, self.unit_id = executor, unit_id
        self.model = UnitHistoryModel(self)
        self.view = read_only_table(self.model, self, (150, 40, 230, 150, 110, 90))
        self.status = PlainLabel(self)
        self.accept_button = QPushButton(self.tr("确认重复发现"), self)
        self.accept_button.setToolTip(self.tr("把所选的本轮问题关联到上轮的同一问题（关联类型：重复发现）"))
        self.accept_button.setEnabled(False)
        self.accept_button.clicked.connect(self.accept_selected)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.accept_button)
        layout.addLayout(bottom)
        self.loaded = False

    def load(self) -> Op[UnitHistory | None]:
        self.loaded = True
        self.status.setText(self.tr("正在加载…"))
        unit_id = self.unit_id
        return (Op(self, lambda task: history_of_unit(task.vault, unit_id), executor=self.executor)
                .on_success(self._loaded).start())

    def _loaded(self, history: UnitHistory | None) -> None:
        lines = history_lines(history)
        self.model.set_rows(lines)
        if history is None:
            self.status.setText(self.tr("保存单位后显示历次巡察"))
            return
        problems = [line for line in lines if line.problem_id]
        flagged = [line for line in problems if line.flags]
        paper = sum(1 for line in flagged if "纸面整改" in line.flags)
        self.status.setText(self.tr("共 {0} 轮、{1} 个反馈问题；重复发现 {2} 个（纸面整改 {3} 个）").format(
            len(history.rounds), len(problems), len(flagged), paper))
        self._selection_changed()

    def selected(self) -> HistoryLine | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selection_changed(self, *_: Any) -> None:
        line = self.selected()
        self.accept_button.setEnabled(line is not None and bool(line.flags) and not line.accepted)

    def accept_selected(self) -> Op[Any] | None:
        line = self.selected()
        if line is None or not line.flags or line.accepted:
            return None
        unit_id, problem_id = self.unit_id, line.problem_id

        def accept(task: Any) -> UnitHistory | None:
            history = history_of_unit(task.vault, unit_id)
            if history is not None:
                accept_repeats(task.vault, history.org, [problem_id])
            return history_of_unit(task.vault, unit_id)

        return Op(self, accept, executor=self.executor).on_success(self._loaded).start()


class UnitPanel(AssignmentPanel):
    """A unit's editor: the planning checks' warning strip (AssignmentPanel), the form under a first tab,
    历次巡察 under the second."""

    def install(self, outer: _Layout) -> None:
        super().install(outer)
        editor = self.editor
        self.tabs = QTabWidget(editor)
        editor.splitter.replaceWidget(0, self.tabs)
        self.tabs.addTab(editor.form_scroll, self.tr("单位信息"))
        editor.form_scroll.show()
        self.history = UnitHistoryTab(editor.executor, editor.record.id, self.tabs)
        self.tabs.addTab(self.history, self.tr("历次巡察"))
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history and not self.history.loaded:
            self.history.load()
