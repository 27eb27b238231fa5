"""从 Excel 导入: pick a workbook and what it holds, see every row's fate, then import.

The file is checked and read on the executor's worker (app/exchange/xlsx/intake), never on the
GUI thread: a hostile or huge workbook cannot freeze the window, and reading can be cancelled.
The preview lists each row (new, update, unchanged, refused, group row) with its reasons; 导入
plans again on the vault as it is at that moment and saves the accepted rows in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.jobs import Cancelled
from app.exchange.xlsx.intake import AS_LABELS, NEW, REJECTED, SAME, SECTION, UPDATE, IntakePlan, RowResult
from app.services import intake
from app.services.intake import RoundChoice, UnitChoice
from app.storage.errors import VaultError
from app.ui import i18n
from app.ui.packages.texts import fit_column
from app.ui.records.models import RowsModel
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex

REFUSED_BRUSH = QBrush(QColor("#fbe3e0"))
SECTION_BRUSH = QBrush(QColor("#eef1f5"))
#: Role holding True for rows the "problems only" filter keeps.
NOTEWORTHY_ROLE = Qt.ItemDataRole.UserRole + 1


#: The imports that name a unit (the chooser, or a column of the sheet) and those matched in no round.
UNIT_KINDS = ("roster", "rectification")
NO_ROUND_KINDS = ("checklist", "lead-feedback")


class IntakeRowsModel(RowsModel[RowResult]):
    """The rows of an import preview: 行号, 结果, 名称, 说明."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_labels = {NEW: self.tr("新增"), UPDATE: self.tr("更新"), SAME: self.tr("未变"),
                              REJECTED: self.tr("未导入"), SECTION: self.tr("分组行")}

    def columns(self) -> tuple[str, ...]:
        return (self.tr("行号"), self.tr("结果"), self.tr("名称"), self.tr("说明"))

    def row_result(self, row: int) -> RowResult:
        return self.row(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        result = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.data(index, Qt.ItemDataRole.DisplayRole) if column else None
            return plain_tip(text) if text else None  # names and values come from the spreadsheet
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(result.row)
            if column == 1:
                return self.status_labels.get(result.status, result.status)
            if column == 2:
                return result.label
            if column == 3:
                return result.detail()
        if role == Qt.ItemDataRole.BackgroundRole:
            if result.status == REJECTED:
                return REFUSED_BRUSH
            if result.status == SECTION:
                return SECTION_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == NOTEWORTHY_ROLE:
            return result.status in (REJECTED, UPDATE) or bool(result.issues and result.status != SECTION)
        return None


class NoteworthyFilter(QSortFilterProxyModel):
    """Shows every row, or only refused, updated and annotated ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.only_noteworthy = False

    def set_only_noteworthy(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_noteworthy = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt override
        if not self.only_noteworthy:
            return True
        return bool(self.sourceModel().index(source_row, 0, source_parent).data(NOTEWORTHY_ROLE))


class IntakeDialog(QDialog):
    """Choose a workbook, preview what importing it does, import.

    Signals:
        imported(object): the record kinds written (a tuple of str), after a successful import.
    """

    imported = Signal(object)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.plan: IntakePlan | None = None
        self._op: Op[Any] | None = None
        self._generation = 0  # bumped by discard(); callbacks of older ops are ignored
        self.setWindowTitle(self.tr("从 Excel 导入"))

        self.file_edit = QLineEdit(self)
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("选择 .xlsx 工作簿"))
        self.browse_button = QPushButton(self.tr("选择文件…"), self)
        self.browse_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)

        self.kind_combo = QComboBox(self)
        labels = {"units": self.tr("被巡察单位名单"), "roster": self.tr("单位人员名册"),
                  "checklist": self.tr("调阅资料清单模板"), "teams": self.tr("巡察组及成员名册"),
                  "lead-feedback": self.tr("移交问题线索处置情况反馈"), "rectification": self.tr("整改台账")}
        for key in AS_LABELS:
            self.kind_combo.addItem(labels[key], key)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setMinimumContentsLength(16)
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.check())
        self.unit_label = PlainLabel(self.tr("所在单位："), self)
        # A vault keeps every round; a units list (or a roster's units) is matched within one
        # (docs/intake.md, "Rounds").
        self.round_combo = QComboBox(self)
        self.round_combo.setMinimumContentsLength(16)
        self.round_combo.currentIndexChanged.connect(lambda _i: self.check())
        self.round_label = PlainLabel(self.tr("轮次："), self)

        form = QFormLayout()
        form.addRow(self.tr("文件："), file_row)
        form.addRow(self.tr("内容："), self.kind_combo)
        form.addRow(self.round_label, self.round_combo)
        form.addRow(self.unit_label, self.unit_combo)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress_text = PlainLabel(self)
        self.cancel_button = QPushButton(self.tr("取消读取"), self)
        self.cancel_button.clicked.connect(self.cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_text)
        progress_row.addWidget(self.cancel_button)
        self._progress_widgets = (self.progress, self.progress_text, self.cancel_button)

        self.summary = PlainLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.columns_label = PlainLabel(self)
        self.columns_label.setWordWrap(True)

        self.model = IntakeRowsModel(self)
        self.proxy = NoteworthyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = read_only_table(self.proxy, self, (56, 72, 260), single=False, alternating=False)
        fit_column(self.view, 1, self.model.status_labels.values())  # "Not imported" in English
        self.only_problems = QCheckBox(self.tr("只显示未导入、更新和有提示的行"), self)
        self.only_problems.toggled.connect(self.proxy.set_only_noteworthy)

        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.commit)
        self.close_button = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(progress_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.columns_label)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self._set_busy(False)
        self._kind_changed()
        self._update_buttons()

    # --- inputs -------------------------------------------------------------------------------

    @property
    def as_kind(self) -> str:
        return str(self.kind_combo.currentData())

    @property
    def path(self) -> str:
        return self.file_edit.text()

    @property
    def unit_id(self) -> str | None:
        if self.as_kind not in UNIT_KINDS:
            return None
        data = self.unit_combo.currentData()
        return str(data) if data else None

    @property
    def round_id(self) -> str | None:
        if self.as_kind in NO_ROUND_KINDS:
            return None
        data = self.round_combo.currentData()
        return str(data) if data else None

    def choose_file(self) -> None:
        path = files.open_file(self, files.INTAKE, self.tr("选择 Excel 工作簿"),
                               self.tr("Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"))
        if path:
            self.set_file(path)

    def set_file(self, path: str) -> None:
        self.file_edit.setText(path)
        self.check()

    def set_kind(self, as_kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(as_kind))

    def set_unit(self, unit_id: str) -> None:
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit_id))

    def set_round(self, round_id: str) -> None:
        self.round_combo.setCurrentIndex(self.round_combo.findData(round_id))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self.as_kind in UNIT_KINDS and self.unit_combo.count() == 0:  # emptied by a lock
            self.load_units()
        self.load_rounds()  # rounds may have been added since the dialog was last shown
        super().showEvent(event)

    def _kind_changed(self) -> None:
        roster = self.as_kind in UNIT_KINDS
        self.unit_label.setVisible(roster)
        self.unit_combo.setVisible(roster)
        if roster and self.unit_combo.count() == 0:
            self.load_units()
        elif roster:
            self.unit_combo.setItemText(0, self._by_column())
        self._show_round_choice()
        self.check()

    def _show_round_choice(self) -> None:
        """The round chooser, for lists matched by round, once the vault has rounds to choose from."""
        shown = self.as_kind not in NO_ROUND_KINDS and self.round_combo.count() > 1
        self.round_label.setVisible(shown)
        self.round_combo.setVisible(shown)

    def load_rounds(self) -> Op[Any]:
        return (Op(self, lambda task: intake.rounds(task.vault), executor=self.executor)
                .on_success(self._current(self._rounds_loaded)).start())

    def _rounds_loaded(self, rounds: list[RoundChoice]) -> None:
        chosen = self.round_combo.currentData()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        self.round_combo.addItem(self.tr("（库中唯一的轮次，或按表中“轮次”列）"), "")
        for choice in rounds:
            self.round_combo.addItem(choice.label, choice.id)
        self.round_combo.setCurrentIndex(max(0, self.round_combo.findData(chosen)) if chosen else 0)
        self.round_combo.blockSignals(False)
        self._show_round_choice()

    def load_units(self) -> Op[Any]:
        return (Op(self, lambda task: intake.units(task.vault), executor=self.executor)
                .on_success(self._current(self._units_loaded)).start())

    def _units_loaded(self, units: list[UnitChoice]) -> None:
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem(self._by_column(), "")
        for unit in units:
            self.unit_combo.addItem(unit.label, unit.id)
        self.unit_combo.blockSignals(False)

    def _by_column(self) -> str:
        if self.as_kind == "rectification":
            return self.tr("（按表中“被巡察单位”列）")
        return self.tr("（按表中“所在单位”列）")

    # --- reading and planning -----------------------------------------------------------------

    def check(self) -> Op[Any] | None:
        """Read the chosen file and plan the import on the worker; the preview shows the result."""
        self.cancel()
        self._show_plan(None)
        path, as_kind, unit_id, round_id = self.path, self.as_kind, self.unit_id, self.round_id
        if not path:
            return None

        def work(task: Task) -> IntakePlan:
            return intake.preview(task.vault, path, as_kind, unit_id=unit_id, round_id=round_id,
                                  progress=task.progress)

        self.summary.setText(self.tr("正在读取…"))
        return self._start(Op(self, work, executor=self.executor), self._show_plan)

    def commit(self) -> Op[Any] | None:
        plan = self.plan
        if plan is None or plan.committed or not plan.records:
            return None
        read, unit_id, round_id = plan.read, self.unit_id, self.round_id

        def work(task: Task) -> IntakePlan:
            return intake.commit(task.vault, read, unit_id=unit_id, round_id=round_id, progress=task.progress)

        self.summary.setText(self.tr("正在导入…"))
        return self._start(Op(self, work, executor=self.executor), self._committed)

    def _committed(self, plan: IntakePlan) -> None:
        self._show_plan(plan)
        self.imported.emit(intake.kinds_written(plan.read.as_kind))

    def _start(self, op: Op[Any], on_success: Callable[[Any], None]) -> Op[Any]:
        self._op = op
        self._set_busy(True)
        op.on_success(self._current(on_success)).on_progress(self._current(self._progressed))
        op.on_error(self._current(self._failed)).on_finished(self._current(self._finished))
        return op.start()

    def _current(self, callback: Callable[..., None]) -> Callable[..., None]:
        """``callback``, dropped when the dialog was emptied (a lock) after the op started: a
        result arriving late must not put record text back into a locked window."""
        generation = self._generation

        def guarded(*args: Any) -> None:
            if generation == self._generation:
                callback(*args)

        return guarded

    def _progressed(self, done: int, total: int, _text: str) -> None:
        # Reading does not know the rows to come (total 0); planning does.
        if total:
            self.progress_text.setText(self.tr("正在核对：{0} / {1} 行").format(done, total))
        else:
            self.progress_text.setText(self.tr("已读到第 {0} 行").format(done))

    def _finished(self) -> None:
        self._op = None
        self._set_busy(False)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.summary.setText(self.tr("已取消读取"))
        elif isinstance(error, VaultError):
            self.summary.setText(i18n.error_text(error))
            self.summary.setStyleSheet("color: #b3261e;")
        else:
            self.summary.clear()
            report_error(self, error)

    def cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()

    def _set_busy(self, busy: bool) -> None:
        for widget in self._progress_widgets:
            widget.setVisible(busy)
        self.progress_text.clear()
        for control in (self.browse_button, self.kind_combo, self.unit_combo, self.round_combo):
            control.setEnabled(not busy)
        self._update_buttons()

    def _show_plan(self, plan: IntakePlan | None) -> None:
        self.plan = plan
        self.summary.setStyleSheet("")
        self.model.set_rows(plan.rows if plan is not None else [])
        if plan is None:
            self.summary.clear()
            self.columns_label.clear()
        else:
            read = plan.read
            where = self.tr("工作表“{0}”，表头在第 {1} 行").format(read.sheet, read.header.rows)
            self.summary.setText(self.tr("{0}。{1}").format(where, self._counts(plan)))
            # A column's target is a field label (translated) or a remark of the intake's own (stays Chinese).
            separator = QCoreApplication.translate("i18n", "；")
            columns = self.tr("识别的列：") + separator.join(
                f"{text} → {i18n.label_text(target)}" for text, target in read.mapping())
            if read.header.unused:
                columns += "\n" + self.tr("未使用的列：") + i18n.list_separator().join(read.header.unused)
            for note in plan.notes:
                columns += "\n" + note
            self.columns_label.setText(columns)
        self._update_buttons()

    def _counts(self, plan: IntakePlan) -> str:
        """What the import does (did), in numbers: IntakePlan.summary() in the interface language."""
        total = sum(1 for r in plan.rows if r.status != SECTION)
        counts = (self.tr("已导入：新增 {0}，更新 {1}，未变 {2}，未导入 {3}（共 {4} 行）") if plan.committed
                  else self.tr("将导入：新增 {0}，更新 {1}，未变 {2}，未导入 {3}（共 {4} 行）"))
        return counts.format(plan.count(NEW), plan.count(UPDATE), plan.count(SAME), plan.count(REJECTED), total)

    def _update_buttons(self) -> None:
        plan = self.plan
        ready = plan is not None and not plan.committed and bool(plan.records) and self._op is None
        self.import_button.setEnabled(ready)

    # --- locking ------------------------------------------------------------------------------

    def discard(self) -> None:
        """Forget everything read (the vault is locking) and close."""
        self.cancel()
        self._generation += 1
        self._op = None
        self._set_busy(False)
        self.file_edit.clear()  # first: clearing the unit list below must not start a new read
        for combo in (self.unit_combo, self.round_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.blockSignals(False)
        self._show_round_choice()
        self._show_plan(None)
        self.close()
