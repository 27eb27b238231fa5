"""The 部署 page (office vaults): a round's teams, whether each is ready to be deployed and why not, and
one button that makes every team's deployment package (一键部署, docs/office.md "Workflow" step 3).

The table comes from app/services/round_views.py ``deploy_view`` (readiness from app/services/deploy.py
``round_readiness``, whose reasons the command line prints too). "生成全部部署包…" asks for a folder,
and when some teams are not ready lists every reason and offers to make only the ready teams'
packages (``deploy --ready-only``). ``deploy_round`` runs on the worker with a progress bar counting
teams and a cancel button; a cancelled or failed run leaves no package behind
(docs/package-format.md, "Deploying a round").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.jobs import Cancelled
from app.services.deploy import DeployError, DeployOutcome, NotReady, TeamReadiness, deploy_round
from app.services.round_views import DeployTeam, deploy_view
from app.ui.office.common import RoundPage
from app.ui.office.models import DeployTeamsModel, SortedTeams
from app.ui.packages.texts import ERROR_COLOUR, OK_COLOUR, WARN_COLOUR, error_text, fit_column, set_status
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel, message_box
from app.ui.widgets.tables import read_only_table

#: The reasons listed in the "not ready" question, at most (the table has all of them).
ASKED_REASONS = 24


class DeployPage(RoundPage):
    """The round's teams with their readiness, and the deployment of all of them."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(executor, parent)
        self.op: Op[DeployOutcome] | None = None
        self.outcome: DeployOutcome | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.round_label)
        top.addWidget(self.round_box)
        self.deploy_button = QPushButton(self.tr("生成全部部署包…"), self)
        self.deploy_button.clicked.connect(self.start_deploy)
        self.cancel_button = QPushButton(self.tr("取消生成"), self)
        self.cancel_button.clicked.connect(self.cancel_deploy)
        self.cancel_button.hide()
        top.addWidget(self.deploy_button)
        top.addWidget(self.cancel_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = PlainLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = DeployTeamsModel(self)
        self.proxy = SortedTeams(self)
        self.proxy.setSourceModel(self.model)
        self.view = read_only_table(self.proxy, splitter, (44, 108, 44, 44, 128, 168, 76, 76, 96, 64, 40))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        splitter.addWidget(self.view)
        self.detail = QPlainTextEdit(splitter)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("选择一个巡察组，查看它是否就绪及全部原因。"))
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result = PlainLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        self._update_buttons()

    # --- the round's teams -------------------------------------------------------------------------

    def load_round(self, round_id: str) -> Op[list[DeployTeam]]:
        generation = self._generation
        self.summary.setText(self.tr("正在检查各巡察组是否就绪…"))
        return (Op(self, lambda task: deploy_view(task.vault, round_id), executor=self.executor)
                .on_success(lambda teams: self._shown(teams) if generation == self._generation else None)
                .start())

    def _shown(self, teams: list[DeployTeam]) -> None:
        selected = self.selected_team()
        self.model.set_rows(teams)
        fit_column(self.view, DeployTeamsModel.NAME, [t.readiness.name for t in teams])
        ready = sum(1 for t in teams if t.readiness.ready)
        if not teams:
            self.summary.setText(self.tr("本轮次还没有巡察组。"))
        elif ready == len(teams):
            self.summary.setText(self.tr("巡察组 {0} 个，全部就绪，可以生成部署包。").format(len(teams)))
        else:
            self.summary.setText(self.tr("巡察组 {0} 个：已就绪 {1} 个，未就绪 {2} 个（原因见“未就绪原因”列，"
                                         "选中一行可看全部原因）。").format(len(teams), ready, len(teams) - ready))
        row = self.model.row_of(selected.readiness.team_id) if selected is not None else None
        if row is None:  # the first team not ready, else the first one
            row = next((i for i, t in enumerate(teams) if not t.readiness.ready), 0 if teams else None)
        if row is not None:
            self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        self._show_detail()
        self._update_buttons()

    def no_round(self) -> None:
        self.summary.setText(self.tr("保密库中还没有巡察轮次。"))

    def selected_team(self) -> DeployTeam | None:
        index = self.view.currentIndex()
        return self.proxy.team(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        team = self.selected_team()
        if team is None:
            self.detail.clear()
            return
        readiness = team.readiness
        if readiness.ready:
            text = self.tr("{0}：已就绪。").format(readiness.name)
        else:
            lines = [f"{n}. {reason}" for n, reason in enumerate(readiness.reasons, 1)]
            text = "\n".join([self.tr("{0}：未就绪，原因 {1} 条：").format(readiness.name, len(lines)), *lines])
        self.detail.setPlainText(text)

    def clear_view(self) -> None:
        if self.op is not None and self.running:
            self.op.cancel()
        self.op = None
        self.outcome = None
        self.model.clear()
        self.summary.clear()
        self.detail.clear()
        self.result.clear()
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    @property
    def running(self) -> bool:
        return self.op is not None and not self.op.done

    def _update_buttons(self) -> None:
        self.deploy_button.setEnabled(not self.running and self.model.rowCount() > 0)
        self.round_box.setEnabled(not self.running)

    # --- deploying ---------------------------------------------------------------------------------

    def choose_folder(self) -> str:
        """The folder the packages go to (tests replace this)."""
        settings = getattr(self.window(), "settings", None)
        return files.choose_folder(self, files.PACKAGES, self.tr("选择保存部署包的文件夹"),
                                   settings=settings if isinstance(settings, Settings) else None)

    def reasons_list(self, blocked: list[TeamReadiness]) -> str:
        lines = [self.tr("{0}：{1}").format(t.name, reason) for t in blocked for reason in t.reasons]
        shown = "\n".join(lines[:ASKED_REASONS])
        if len(lines) > ASKED_REASONS:
            shown += "\n" + self.tr("……另有 {0} 条原因，见表中“未就绪原因”列。").format(len(lines) - ASKED_REASONS)
        return shown

    def confirm_ready_only(self, blocked: list[TeamReadiness], ready: int) -> bool:
        """Some teams are not ready: make only the ready ones' packages? (Tests replace this.)"""
        box = message_box(QMessageBox.Icon.Warning, self.tr("部分巡察组未就绪"),
                          self.tr("有 {0} 个巡察组未就绪，不能生成它们的部署包：\n\n{1}").format(
                              len(blocked), self.reasons_list(blocked)), self)
        only = box.addButton(self.tr("仅生成已就绪的 {0} 个组").format(ready), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is only

    def start_deploy(self) -> Op[DeployOutcome] | None:
        teams = [t.readiness for t in self.model.rows()]
        round_id = self.round_id()
        if self.running or not teams or not round_id:
            return None
        blocked = [t for t in teams if not t.ready]
        ready = len(teams) - len(blocked)
        if blocked and not ready:
            text = self.tr("没有已就绪的巡察组，未生成部署包：\n{0}").format(self.reasons_list(blocked))
            set_status(self.result, text, ERROR_COLOUR)
            return None
        folder = self.choose_folder()
        if not folder:
            return None
        if blocked and not self.confirm_ready_only(blocked, ready):
            return None
        ready_only = bool(blocked)

        def work(task: Task) -> DeployOutcome:
            return deploy_round(task.vault, round_id, folder, ready_only=ready_only, progress=task.progress,
                                cancel=lambda: task.cancelled)

        generation = self._generation
        self.outcome = None
        set_status(self.result, self.tr("正在生成部署包，保存到 {0}…").format(folder), OK_COLOUR)
        self.progress.setRange(0, 0)
        self.progress.setFormat("")
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.op = (Op(self, work, executor=self.executor)
                   .on_progress(lambda done, total, _text: self._progressed(done, total)
                                if generation == self._generation else None)
                   .on_success(lambda outcome: self._deployed(outcome, folder)
                               if generation == self._generation else None)
                   .on_error(lambda error: self._failed(error) if generation == self._generation else None)
                   .on_finished(lambda: self._finished() if generation == self._generation else None))
        self._update_buttons()
        return self.op.start()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self.tr("{0} / {1} 个组").format(done, total))

    def cancel_deploy(self) -> None:
        if self.op is not None and self.running:
            self.op.cancel()
            set_status(self.result, self.tr("正在取消…"), WARN_COLOUR)
            self.cancel_button.setEnabled(False)

    def _deployed(self, outcome: DeployOutcome, folder: str) -> None:
        self.outcome = outcome
        text = self.tr("已生成 {0} 个部署包，保存在：{1}").format(len(outcome.made), folder)
        if outcome.skipped:
            text += "\n" + self.tr("未就绪、未生成的巡察组 {0} 个：{1}").format(
                len(outcome.skipped), self.tr("、").join(t.name for t in outcome.skipped))
        set_status(self.result, text, OK_COLOUR)
        self.load_round(self.round_id())  # the last deployment of each team changed (the ledger)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            text = self.tr("已取消，未生成任何部署包。")
        elif isinstance(error, NotReady):
            blocked = [t for t in error.teams if not t.ready]
            text = self.tr("未生成部署包：{0}\n{1}").format(str(error), self.reasons_list(blocked))
        elif isinstance(error, DeployError):
            text = self.tr("未生成部署包：{0}").format(str(error))
        else:
            message = error_text(error)
            if message is None:
                report_error(self, error)
                message = self.tr("生成失败")
            text = self.tr("未生成部署包：{0}").format(message)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        set_status(self.result, text, ERROR_COLOUR)

    def _finished(self) -> None:
        self.cancel_button.hide()
        self._update_buttons()
