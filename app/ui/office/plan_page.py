"""The 规划 page (office vaults): a round's units, who inspects each, and every conflict of that
assignment with its reason (docs/office.md, "Workflow" steps 1–2 and "Conflict codes").

The units come from app/services/round_views.py ``plan_view`` (the conflicts of
app/services/planning.py ``check_round``, the counts ``plan --check`` prints). The buttons are the
command line's ``plan``: 检查分工 (``--check``), 生成分工建议… (``--propose``: the proposal is worked
out on the worker, then saved as 分工方案.xlsx where the person chooses; nothing is written to the
vault) and 导入分工方案… (``--accept``: a hard conflict refuses the whole sheet with every reason and
nothing written; soft conflicts are accepted only with a 确认说明 the person types, kept in each unit's
``assignment_notes``).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.planning import Avoided, Proposal
from app.services.planning import (
    MODES,
    AcceptResult,
    PlanError,
    accept_plan,
    propose_round,
    read_plan,
    write_proposal,
)
from app.services.round_views import PlanUnit, PlanView, plan_view
from app.services.rounds import find_round
from app.ui.office.common import RoundPage
from app.ui.office.models import PlanFilter, PlanUnitsModel
from app.ui.packages.texts import ERROR_COLOUR, OK_COLOUR, WARN_COLOUR, error_text, fit_column, set_status
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel
from app.ui.widgets.tables import read_only_table

XLSX_FILTER = "Excel (*.xlsx)"
#: How a refusal's detail separates its reasons (app/services/planning.py ``accept_plan``).
REASON_SEPARATOR = "；"


def needs_acknowledgement(error: BaseException) -> bool:
    """Whether ``accept_plan`` refused only for soft conflicts no one has acknowledged (then the sheet
    is accepted with a 确认说明); a hard conflict or a bad row is refused whatever anyone says."""
    return isinstance(error, PlanError) and error.reason == "needs_ack"


def reason_lines(error: BaseException) -> str:
    """A refusal's message with each reason on its own line."""
    text = error_text(error) or str(error)
    return text.replace(REASON_SEPARATOR, "\n")


class AckDialog(QDialog):
    """The soft conflicts of a sheet, and the 确认说明 that accepts them (e.g. 组织部门已审核)."""

    def __init__(self, reasons: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("确认软冲突"))
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("分工方案中有以下软冲突。确认后将按方案写入，并在各单位的分工确认记录中"
                                   "记下确认人、时间和下面的确认说明。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reasons = QPlainTextEdit(self)
        self.reasons.setReadOnly(True)
        self.reasons.setPlainText(reasons)
        layout.addWidget(self.reasons, 1)
        layout.addWidget(PlainLabel(self.tr("确认说明（如“组织部门已审核”）："), self))
        self.edit = QLineEdit(self)
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确认并导入"))
        self.ok_button.setEnabled(False)
        self.edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 400)

    def text(self) -> str:
        return self.edit.text().strip()


class PlanPage(RoundPage):
    """A round's assignment with its conflicts, and planning it."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(executor, parent)
        self.view_data: PlanView | None = None
        self.proposal: Proposal | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.round_label)
        top.addWidget(self.round_box)
        self.check_button = QPushButton(self.tr("检查分工"), self)
        self.check_button.clicked.connect(self.check)
        self.propose_button = QPushButton(self.tr("生成分工建议…"), self)
        self.propose_button.clicked.connect(self.propose)
        self.accept_button = QPushButton(self.tr("导入分工方案…"), self)
        self.accept_button.clicked.connect(self.accept_file)
        for button in (self.check_button, self.propose_button, self.accept_button):
            top.addWidget(button)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = PlainLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        filters = QHBoxLayout()
        filters.addWidget(PlainLabel(self.tr("巡察组："), self))
        self.team_box = QComboBox(self)
        self.team_box.setMinimumContentsLength(8)
        self.team_box.currentIndexChanged.connect(lambda _i: self._refilter())
        filters.addWidget(self.team_box)
        filters.addWidget(PlainLabel(self.tr("巡察方式："), self))
        self.mode_box = QComboBox(self)
        self.mode_box.addItem(self.tr("全部"), "")
        for mode in MODES:
            self.mode_box.addItem(mode, mode)
        self.mode_box.currentIndexChanged.connect(lambda _i: self._refilter())
        filters.addWidget(self.mode_box)
        self.conflicts_only = QCheckBox(self.tr("只看有冲突的单位"), self)
        self.conflicts_only.toggled.connect(lambda _on: self._refilter())
        filters.addWidget(self.conflicts_only)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("筛选单位、属地、巡察组或原因…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _t: self._refilter())
        filters.addWidget(self.filter_edit, 1)
        self.count_label = PlainLabel(self)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = PlanUnitsModel(self)
        self.proxy = PlanFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = read_only_table(self.proxy, splitter, (250, 76, 70, 70, 120))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(PlanUnitsModel.CONFLICTS, Qt.SortOrder.DescendingOrder)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        splitter.addWidget(self.view)
        self.detail = QPlainTextEdit(splitter)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("选择一个单位，查看它的全部冲突及原因。"))
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.result = PlainLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        self._running = 0
        self._update_buttons()

    @property
    def busy(self) -> bool:
        """An action (check, propose, write, import) is under way."""
        return self._running > 0

    # --- the round's units -------------------------------------------------------------------------

    def load_round(self, round_id: str) -> Op[PlanView]:
        generation = self._generation
        self.summary.setText(self.tr("正在检查分工…"))
        return (Op(self, lambda task: plan_view(task.vault, round_id), executor=self.executor)
                .on_success(lambda view: self._shown(view) if generation == self._generation else None)
                .start())

    def _shown(self, view: PlanView) -> None:
        selected = self.selected_unit()
        self.view_data = view
        self.model.set_rows(view.units)
        team = self.team_box.currentData()
        self.team_box.blockSignals(True)
        self.team_box.clear()
        self.team_box.addItem(self.tr("全部"), "")
        for name in view.teams:
            self.team_box.addItem(name, name)
        self.team_box.setCurrentIndex(max(0, self.team_box.findData(team)) if team else 0)
        self.team_box.blockSignals(False)
        fit_column(self.view, 0, [u.name for u in view.units[:400]])
        self.summary.setText(self.summary_text(view))
        self._refilter()
        row = self.model.row_of(selected.unit_id) if selected is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        elif self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self._show_detail()
        self._update_buttons()

    def summary_text(self, view: PlanView) -> str:
        """The counts of ``plan --check``: 单位：837 / 已分配：837 / 交叉巡察：287 / 硬冲突：0 / 软冲突：3."""
        text = self.tr("单位：{0} / 已分配：{1} / 交叉巡察：{2} / 硬冲突：{3} / 软冲突：{4}（未确认 {5}）").format(
            len(view.units), view.assigned, view.cross, view.hard, view.soft, view.soft_open)
        for problem in view.problems:
            text += "\n" + self.tr("问题：{0}").format(problem)
        return text

    def no_round(self) -> None:
        self.summary.setText(self.tr("保密库中还没有巡察轮次。"))

    def _refilter(self) -> None:
        self.proxy.set_filter(team=str(self.team_box.currentData() or ""), mode=str(self.mode_box.currentData() or ""),
                              conflicts_only=self.conflicts_only.isChecked(), text=self.filter_edit.text())
        self.count_label.setText(self.tr("显示 {0} / {1}").format(self.proxy.rowCount(), self.model.rowCount()))

    def selected_unit(self) -> PlanUnit | None:
        index = self.view.currentIndex()
        return self.proxy.unit(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            self.detail.clear()
            return
        head = self.tr("{0}（{1}，{2}）— {3}").format(unit.name, unit.jurisdiction or self.tr("属地未填"), unit.mode,
                                                  unit.team_name or self.tr("未分配"))
        if not unit.conflicts:
            body = self.tr("没有冲突。")
        else:
            body = "\n".join(f"{n}. {self.model.conflict_text(c)}" for n, c in enumerate(unit.conflicts, 1))
        self.detail.setPlainText(head + "\n" + body)

    def clear_view(self) -> None:
        self.view_data = None
        self.proposal = None
        self.model.clear()
        self.team_box.blockSignals(True)
        self.team_box.clear()
        self.team_box.blockSignals(False)
        self.filter_edit.clear()
        self.conflicts_only.setChecked(False)
        self.summary.clear()
        self.detail.clear()
        self.result.clear()
        self.count_label.clear()
        self._running = 0
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_round = bool(self.round_id())
        for button in (self.check_button, self.propose_button, self.accept_button):
            button.setEnabled(has_round and not self.busy)

    def _run(self, op: Op[object]) -> Op[object]:
        """Start an action op with the buttons off until it is done."""
        self._running += 1
        self._update_buttons()
        generation = self._generation

        def done() -> None:
            if generation == self._generation:
                self._running -= 1
                self._update_buttons()

        return op.on_finished(done).start()

    def _failed(self, what: str, error: BaseException) -> None:
        message = error_text(error)
        if message is None:
            report_error(self, error)
            message = self.tr("出错")
        set_status(self.result, self.tr("{0}：{1}").format(what, message.replace(REASON_SEPARATOR, "\n")),
                   ERROR_COLOUR)

    # --- 检查分工 -----------------------------------------------------------------------------------

    def check(self) -> Op[object] | None:
        round_id = self.round_id()
        if not round_id or self.busy:
            return None
        generation = self._generation

        def checked(view: PlanView) -> None:
            if generation != self._generation:
                return
            self._shown(view)
            colour = ERROR_COLOUR if view.hard or view.problems else WARN_COLOUR if view.soft_open else OK_COLOUR
            set_status(self.result, self.tr("检查完成。{0}").format(self.summary_text(view)), colour)

        op = Op(self, lambda task: plan_view(task.vault, round_id), executor=self.executor).on_success(checked)
        return self._run(op)  # type: ignore[arg-type]

    # --- 生成分工建议 ---------------------------------------------------------------------------------

    def choose_save_path(self, suggested: str) -> str:
        """Where the 分工方案 goes (tests replace this)."""
        settings = getattr(self.window(), "settings", None)
        return files.save_file(self, files.INTAKE, self.tr("保存分工方案"), suggested, XLSX_FILTER,
                               confirm_overwrite=False, settings=settings if isinstance(settings, Settings) else None)

    def propose(self) -> Op[object] | None:
        round_id = self.round_id()
        if not round_id or self.busy:
            return None
        generation = self._generation
        set_status(self.result, self.tr("正在生成分工建议…"), OK_COLOUR)
        op = (Op(self, lambda task: propose_round(task.vault, find_round(task.vault, round_id)),
                 executor=self.executor)
              .on_success(lambda proposal: self._proposed(round_id, proposal)
                          if generation == self._generation else None)
              .on_error(lambda error: self._failed(self.tr("未能生成分工建议"), error)))
        return self._run(op)  # type: ignore[arg-type]

    def proposal_text(self, proposal: Proposal) -> str:
        placed = [r for r in proposal.rows if r.team_id is not None]
        text = self.tr("分工建议：单位 {0} / 已分配 {1} / 未分配 {2} / 软冲突提示 {3}").format(
            len(proposal.rows), len(placed), len(proposal.unplaced), sum(len(r.warnings) for r in placed))
        for row in proposal.unplaced:
            text += "\n" + self.tr("未分配：{0}，没有可承担的巡察组：").format(row.unit_name)
            text += "".join("\n  " + self.tr("{0}：{1}").format(e.team_name, "；".join(c.reason for c in e.conflicts))
                            for e in row.excluded[:12])
            if len(row.excluded) > 12:
                text += "\n  " + self.tr("……另有 {0} 个巡察组").format(len(row.excluded) - 12)
        return text

    def _proposed(self, round_id: str, proposal: Proposal) -> None:
        self.proposal = proposal
        summary = self.proposal_text(proposal)
        self.detail.setPlainText(summary)
        title = self.round_box.currentText() or self.tr("轮次")
        path = self.choose_save_path(self.tr("分工方案-{0}.xlsx").format(title))
        if not path:
            set_status(self.result, self.tr("分工建议未保存（保密库未作任何改动）。") + "\n" + summary.split("\n")[0],
                       WARN_COLOUR)
            return
        if not Path(path).suffix:
            path += ".xlsx"
        if os.path.exists(path):
            set_status(self.result, self.tr("目标位置已有文件，不会覆盖：{0}").format(path), ERROR_COLOUR)
            return
        generation = self._generation

        def written(_avoided: list[Avoided]) -> None:
            if generation == self._generation:
                text = self.tr("已写出分工方案：{0}\n{1}\n保密库未作任何改动；审核后用“导入分工方案…”导入。")
                set_status(self.result, text.format(path, summary.split("\n")[0]), OK_COLOUR)

        op = (Op(self, lambda task: write_proposal(task.vault, find_round(task.vault, round_id), proposal, path),
                 executor=self.executor)
              .on_success(written)
              .on_error(lambda error: self._failed(self.tr("未能写出分工方案"), error)))
        self._run(op)  # type: ignore[arg-type]

    # --- 导入分工方案 ---------------------------------------------------------------------------------

    def choose_plan_file(self) -> str:
        """The 分工方案 to import (tests replace this)."""
        settings = getattr(self.window(), "settings", None)
        return files.open_file(self, files.INTAKE, self.tr("导入分工方案"), XLSX_FILTER,
                               settings=settings if isinstance(settings, Settings) else None)

    def ask_ack(self, reasons: str) -> str:
        """The 确认说明 for the sheet's soft conflicts, or "" when the person declines (tests replace this)."""
        dialog = AckDialog(reasons, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        text = dialog.text()
        dialog.deleteLater()
        return text if accepted else ""

    def accept_file(self, path: str = "") -> Op[object] | None:
        round_id = self.round_id()
        if not round_id or self.busy:
            return None
        path = path or self.choose_plan_file()
        return self._accept(round_id, path, "") if path else None

    def _accept(self, round_id: str, path: str, ack: str) -> Op[object]:
        """Import the sheet; refused for soft conflicts alone, ask for the 确认说明 and import it again with it."""
        generation = self._generation

        def work(task: Task) -> tuple[int, AcceptResult]:
            rows = read_plan(path)  # hostile input: refused whole with the cell named
            return len(rows), accept_plan(task.vault, find_round(task.vault, round_id), rows, ack)

        def accepted(result: tuple[int, AcceptResult]) -> None:
            if generation != self._generation:
                return
            rows, outcome = result
            set_status(self.result, self.tr("已导入分工方案：{0} 行，修改 {1} 个单位，记录软冲突确认 {2} 条。").format(
                rows, outcome.changed, outcome.notes), OK_COLOUR)

        def refused(error: BaseException) -> None:
            if generation != self._generation:
                return
            if needs_acknowledgement(error) and not ack:
                text = self.ask_ack(reason_lines(error))
                if text:
                    self._accept(round_id, path, text)
                    return
                set_status(self.result, self.tr("未导入分工方案（软冲突未确认），保密库未作任何改动。"), WARN_COLOUR)
                return
            self._failed(self.tr("未导入分工方案，保密库未作任何改动"), error)

        set_status(self.result, self.tr("正在导入分工方案…"), OK_COLOUR)
        op = Op(self, work, executor=self.executor).on_success(accepted).on_error(refused)
        return self._run(op)  # type: ignore[arg-type]
