"""Exporting a package, step by step: kind, (team or records), recipients, scope, destination, export.

A stepped dialog rather than a QWizard, so that the last step can keep Back off while the
export runs and on again after a failure (QWizard offers only "commit pages", after which
there is no way back). The kinds offered are read from the package module at run time
(``format.SUPPORTED_KINDS``), so a kind another part of the program adds appears here.

The export runs on the executor with progress (attachment bytes encrypted) and cancel; a
cancelled or failed export leaves no file behind (``export_package`` removes its temporary
file). On success the package's summary is shown: counts, size, the sequence number.

The office kinds need a choice first (export_select.py): a deployment the team it is made for,
an upward or lead-transfer package the problems and leads it carries. Kinds this vault's role
cannot make are shown disabled, with the reason, rather than refused at the end. The lead and
problem lists open the dialog on their selection (export_select.py, ``add_export_selected``).
The pages of the steps are in export_steps.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.exchange.package import ExportResult, PackageError, Recipient, parse_recipients
from app.exchange.package import format as package_format
from app.services.packages import (
    PACKAGE_SUFFIX,
    SELECTABLE_KINDS,
    ExportContext,
    SelectRow,
    TeamRow,
    default_file_name,
    deployable_teams,
    export_context,
    last_sent_to,
    package_contents,
    run_export,
    selectable_records,
)
from app.ui import i18n
from app.ui.packages.export_select import RecordsStep, TeamStep
from app.ui.packages.export_steps import (
    DESTINATION,
    KIND,
    RECIPIENTS,
    RECORDS,
    RUN,
    SCOPE,
    TEAM,
    DestinationStep,
    KindStep,
    RecipientsStep,
    RunStep,
    ScopeStep,
    destination_problem,
    kind_refusal,
    shown_error,
    step_flow,
)
from app.ui.packages.import_preview import contents_text
from app.ui.packages.texts import (
    ERROR_COLOUR,
    OK_COLOUR,
    WARN_COLOUR,
    human_size,
    joined,
    kind_text,
    role_text,
    set_status,
    when_text,
)
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel


class ExportDialog(QDialog):
    """The export, in five or six steps. Tests replace ``choose_file`` (suggested path -> path or "")."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        #: Keeps the last export's kind and recipients (``export_last``), offered first next time.
        self.settings = settings or Settings()
        self.today = today
        self.context: ExportContext | None = None
        self.op: Op[ExportResult] | None = None
        self.exported: ExportResult | None = None
        self.running = False
        self.choose_file: Callable[[str], str] = self._choose_file
        self._name_touched = False
        #: (package kind, record ids) asked for before the context had loaded (the lists' "导出所选…").
        self._preset: tuple[str, list[str]] | None = None
        #: Records to check once the list of the current kind has loaded.
        self._wanted: set[str] | None = None
        #: The package kind whose records the records step lists ("" before the first load).
        self._records_for = ""
        self._teams_loaded = False
        self._generation = 0
        self.setWindowTitle(self.tr("导出交接包"))

        layout = QVBoxLayout(self)
        self.steps = PlainLabel(self)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.steps)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.kind_page, recipients_page = KindStep(self), RecipientsStep(self)
        scope_page, destination_page, run_page = ScopeStep(self), DestinationStep(self), RunStep(self)
        for page in (self.kind_page, recipients_page, scope_page, destination_page, run_page):  # KIND … RUN
            self.stack.addWidget(page)
        self.kind_buttons, self.kind_hints = self.kind_page.buttons, self.kind_page.hints
        self.kind_status = self.kind_page.status
        for kind_button in self.kind_buttons.values():
            kind_button.toggled.connect(lambda _on: self._kind_changed())
        self.keys_model, self.extra_edit = recipients_page.keys_model, recipients_page.extra_edit
        self.recipients_status = recipients_page.status
        self.keys_model.dataChanged.connect(lambda *_: self._update())
        self.extra_edit.textChanged.connect(self._update)
        self.full_radio, self.incremental_radio = scope_page.full_radio, scope_page.incremental_radio
        self.scope_info = scope_page.info
        self.path_edit, self.plan = destination_page.path_edit, destination_page.plan
        self.destination_status = destination_page.status
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_name_touched", True))
        self.path_edit.textChanged.connect(lambda _t: self._update())
        destination_page.browse_button.clicked.connect(self.browse)
        self.run_status, self.progress, self.summary = run_page.status, run_page.progress, run_page.summary
        self.team_step = TeamStep(self)
        self.team_step.changed.connect(self._update)
        self.stack.addWidget(self.team_step)
        self.records_step = RecordsStep(self)
        self.records_step.changed.connect(self._update)
        self.stack.addWidget(self.records_step)

        row = QHBoxLayout()
        row.addStretch(1)
        self.back_button = QPushButton(self.tr("上一步"), self)
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("下一步"), self)
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton(self.tr("取消"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        for button in (self.back_button, self.next_button, self.close_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.resize(800, 520)
        self._show_step(KIND)

    # --- loading -------------------------------------------------------------------------------

    def load(self) -> Op[ExportContext]:
        return (Op(self, lambda task: export_context(task.vault), executor=self.executor)
                .on_success(self._loaded).start())

    def _loaded(self, context: ExportContext) -> None:
        self.context = context
        self.keys_model.set_keys(context.trusted)
        self.kind_page.offer(context.role)
        # The last export's kind and recipients first; otherwise members send member packages
        # often, and the leader's one handoff is chosen by hand.
        last = [str(v) for v in self.settings.export_last]
        preferred = last[0] if last else "member" if context.role == "team" else ""
        enabled = [k for k, b in self.kind_buttons.items() if b.isEnabled()]
        first = preferred if preferred in enabled else next(iter(enabled), "")
        if first:
            self.kind_buttons[first].setChecked(True)
        known = {k.fingerprint for k in context.trusted}
        for fingerprint in last[1:]:
            if fingerprint in known:
                self.keys_model.set_checked(fingerprint, True)
        if not context.trusted:
            set_status(self.recipients_status, self.tr("本库尚未信任任何公钥：请先在“密钥与信任”中信任接收方的公钥，"
                                                       "或在下面填写 age 接收方。"), WARN_COLOUR)
        if self._preset is not None:
            kind, ids = self._preset
            self._preset = None
            self.preset(kind, ids)
        self._update()

    def preset(self, kind: str, record_ids: Sequence[str]) -> None:
        """Start at the records step of ``kind`` with exactly ``record_ids`` checked (the lists' "导出所选…").

        Ignored while an export runs or after one succeeded; kept until the context has loaded.
        """
        if self.running or self.exported is not None:
            return
        if self.context is None:
            self._preset = (kind, list(record_ids))
            return
        if not self.set_kind(kind):
            self._show_step(KIND)
            refusal = kind_refusal(kind, self.context.role)
            set_status(self.kind_status, refusal or self.tr("无法导出{0}。").format(kind_text(kind)), ERROR_COLOUR)
            return
        self._wanted = set(record_ids)
        if self._records_for == kind and not self.records_step.loading:
            self._check_wanted()
        self._enter(RECORDS)

    # --- the choice of the office kinds ------------------------------------------------------------

    def _load_teams(self) -> None:
        if self._teams_loaded:
            return
        generation = self._generation

        def done(teams: list[TeamRow]) -> None:
            if generation == self._generation:
                self._teams_loaded = True
                self.team_step.set_teams(teams)

        self.team_step.status.setText(self.tr("正在加载…"))
        Op(self, lambda task: deployable_teams(task.vault), executor=self.executor).on_success(done) \
            .on_error(self._load_failed).start()

    def _load_records(self) -> None:
        kind = self.kind
        self.records_step.prepare(kind)
        if self._records_for == kind:
            return
        self._records_for = kind
        generation = self._generation
        kinds = SELECTABLE_KINDS[kind]

        def done(rows: list[SelectRow]) -> None:
            if generation != self._generation or self._records_for != kind:  # locked, or another kind since
                return
            checked = self.records_step.checked_ids()
            self.records_step.set_rows(rows, checked)
            self._check_wanted()

        self.records_step.set_loading()
        self._update()
        Op(self, lambda task: selectable_records(task.vault, kinds), executor=self.executor).on_success(done) \
            .on_error(self._load_failed).start()

    def _check_wanted(self) -> None:
        """Check exactly the records asked for by a preset (those the list holds)."""
        if self._wanted is None:
            return
        model = self.records_step.model
        model.set_checked(model.checked_ids(), False)
        model.set_checked(self._wanted, True)
        self._wanted = None
        self._update()

    def _load_failed(self, error: BaseException) -> None:
        text = shown_error(error)
        if text is None:
            report_error(self, error)
            text = self.tr("加载失败")
        self._records_for = ""
        self.records_step.loading = False
        set_status(self.records_step.count_label, text, ERROR_COLOUR)
        set_status(self.team_step.status, text, ERROR_COLOUR)
        self._update()

    # --- reading the choices ---------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return next((k for k, b in self.kind_buttons.items() if b.isChecked()), "")

    def set_kind(self, kind: str) -> bool:
        """Choose ``kind``; False (and nothing changes) when this vault cannot make it."""
        button = self.kind_buttons.get(kind)
        if button is None or not button.isEnabled():
            return False
        button.setChecked(True)
        return True

    @property
    def team(self) -> TeamRow | None:
        """The team a deployment is made for."""
        return self.team_step.team() if self.kind == "deployment" else None

    @property
    def selected(self) -> list[str]:
        """The problems and leads an upward or lead-transfer package carries."""
        return self.records_step.checked_ids() if self.kind in SELECTABLE_KINDS else []

    def recipients(self) -> list[Recipient]:
        """The chosen recipients in order (checked keys first); raises PackageError for bad extra lines."""
        out = [Recipient(k.age_recipient, k) for k in self.keys_model.checked_keys()]
        text = self.extra_edit.toPlainText()
        if text.strip():
            out += parse_recipients(text.encode("utf-8"))
        seen: set[str] = set()
        unique = []
        for r in out:
            if r.age_recipient not in seen:
                seen.add(r.age_recipient)
                unique.append(r)
        return unique

    @property
    def incremental(self) -> bool:
        return self.incremental_radio.isChecked() and self.incremental_radio.isEnabled()

    @property
    def target(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    # --- checking each step ----------------------------------------------------------------------

    def _recipients_problem(self) -> tuple[str, str]:
        """(message, colour) for the recipients step; an ERROR_COLOUR message blocks Next."""
        try:
            chosen = self.recipients()
        except PackageError as exc:
            return i18n.error_text(exc), ERROR_COLOUR
        if not chosen:
            return self.tr("请至少选择一个接收方。"), ERROR_COLOUR
        if len(chosen) > package_format.MAX_X25519_STANZAS:
            return (self.tr("接收方过多：已选 {0} 个，一个交接包最多 {1} 个。")
                    .format(len(chosen), package_format.MAX_X25519_STANZAS), ERROR_COLOUR)
        importer = package_format.IMPORTED_BY.get(self.kind, "")
        wrong = [r.key for r in chosen if r.key is not None and importer and r.key.role != importer]
        if wrong:
            names = joined([k.owner or k.device_id for k in wrong])
            text = self.tr("注意：{0}的保密库无法导入{1}（{1}由{2}保密库导入）。").format(
                names, kind_text(self.kind), role_text(importer))
            # The office kinds are refused for a key of the wrong role (export_package: recipient_role).
            if self.kind in package_format.RECIPIENT_ROLE:
                return text + self.tr("请改选{0}的公钥。").format(role_text(importer)), ERROR_COLOUR
            return text, WARN_COLOUR
        return self.tr("已选 {0} 个接收方。").format(len(chosen)), OK_COLOUR

    def _step_ok(self, step: int) -> bool:
        if step == KIND:
            return bool(self.kind) and self.kind_buttons[self.kind].isEnabled() and self.context is not None
        if step == TEAM:
            return self.team_step.team() is not None
        if step == RECORDS:
            return not self.records_step.problem()
        if step == RECIPIENTS:
            return self._recipients_problem()[1] != ERROR_COLOUR
        if step == SCOPE:
            return True
        if step == DESTINATION:
            return not destination_problem(self.path_edit.text())
        return False

    def _update(self) -> None:
        step = self.stack.currentIndex()
        if step == RECIPIENTS:
            text, colour = self._recipients_problem()
            set_status(self.recipients_status, text, colour)
        if step == DESTINATION:
            problem = destination_problem(self.path_edit.text())
            set_status(self.destination_status, problem, ERROR_COLOUR)
        self.next_button.setEnabled(self._step_ok(step))

    def _suggest_name(self) -> None:
        if not self._name_touched and self.context is not None and self.kind:
            team = self.team
            folder = self.target.parent if self.path_edit.text().strip() else Path.home()
            self.path_edit.setText(str(folder / default_file_name(self.kind, self.context.owner, self.today(),
                                                                  team.name if team is not None else "")))

    def _kind_changed(self) -> None:
        self.kind_status.clear()
        self._suggest_name()
        if self.stack.currentIndex() == KIND:
            self._show_steps(KIND)
        self._update()

    def _prepare_scope(self) -> None:
        chosen = self.recipients()
        first = chosen[0]
        name = first.key.owner if first.key is not None and first.key.owner else first.age_recipient[:16] + "…"
        scoped = self.kind in package_format.OFFICE_KINDS
        if scoped:
            self.full_radio.setText(self.tr("完整：所选范围的全部记录和附件"))
            self.incremental_radio.setText(self.tr("增量：只含上次发给该接收方的同类交接包之后的修改"
                                                   "（新纳入范围的记录完整导出）"))
        else:
            self.full_radio.setText(self.tr("完整：本库的全部记录和附件"))
            self.incremental_radio.setText(self.tr("增量：只含上次发给该接收方之后的修改"))
        kinds = (self.kind,) if scoped else package_format.FULL_KINDS
        previous = last_sent_to(self.context.sent if self.context else [], first.age_recipient, kinds)
        if previous is None:
            self.incremental_radio.setEnabled(False)
            self.full_radio.setChecked(True)
            self.scope_info.setText(self.tr("尚未向 {0} 发过{1}，只能完整导出。").format(name, kind_text(self.kind))
                                    if scoped else
                                    self.tr("尚未向 {0} 发过交接包，只能导出完整交接包。").format(name))
        else:
            self.incremental_radio.setEnabled(True)
            self.scope_info.setText(self.tr("上次发给 {0} 的交接包：序号 {1}，{2}。增量交接包只含此后的修改；"
                                            "对方须已导入上次的交接包。").format(
                name, previous.seq, when_text(previous.created_at)))

    def _choice_text(self) -> str:
        """What the office kinds carry, in a sentence ("" for the others)."""
        team = self.team
        if team is not None:
            return self.tr("巡察组：{0}（被巡察单位 {1} 个）").format(team.name, team.units)
        if self.kind in SELECTABLE_KINDS:
            return self.tr("所选记录 {0} 条").format(len(self.selected))
        return ""

    def _prepare_plan(self) -> None:
        chosen = self.recipients()
        names = joined([(r.key.owner or r.key.device_id) if r.key is not None else r.age_recipient[:16] + "…"
                        for r in chosen])
        scope = self.tr("增量") if self.incremental else self.tr("完整")
        text = self.tr("将导出{0}{1}，接收方：{2}。").format(scope, kind_text(self.kind), names)
        choice = self._choice_text()
        if choice:
            text += "\n" + choice
        self.plan.setText(text)

    # --- moving between steps --------------------------------------------------------------------

    def _step_name(self, step: int) -> str:
        return {KIND: self.tr("类型"), TEAM: self.tr("巡察组"), RECORDS: self.tr("选择记录"),
                RECIPIENTS: self.tr("接收方"), SCOPE: self.tr("范围"), DESTINATION: self.tr("保存位置"),
                RUN: self.tr("导出")}[step]

    def _show_steps(self, step: int) -> None:
        parts = [f"<b>{i + 1}. {self._step_name(s)}</b>" if s == step
                 else f"<span style='color:#888'>{i + 1}. {self._step_name(s)}</span>"
                 for i, s in enumerate(step_flow(self.kind))]
        self.steps.setText(" → ".join(parts))

    def _show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self._show_steps(step)
        self.back_button.setEnabled(step not in (KIND, RUN))
        self.next_button.setVisible(step != RUN)
        self.next_button.setText(self.tr("开始导出") if step == DESTINATION else self.tr("下一步"))
        self.close_button.setText(self.tr("取消"))
        self._update()

    def _enter(self, step: int) -> None:
        if step == TEAM:
            self._load_teams()
        if step == RECORDS:
            self._load_records()
        self._show_step(step)

    def next(self) -> None:
        step = self.stack.currentIndex()
        if not self._step_ok(step):
            return
        if step == TEAM:
            self._suggest_name()
        if step == RECIPIENTS:
            self._prepare_scope()
        if step == SCOPE:
            self._prepare_plan()
        flow = step_flow(self.kind)
        following = flow[flow.index(step) + 1]
        self._enter(following)
        if following == RUN:
            self.start_export()

    def back(self) -> None:
        step = self.stack.currentIndex()
        if step != KIND and not self.running and self.exported is None:
            flow = step_flow(self.kind)
            self._show_step(flow[flow.index(step) - 1])

    def browse(self) -> None:
        path = self.choose_file(self.path_edit.text().strip())
        if path:
            if not Path(path).suffix:
                path += PACKAGE_SUFFIX
            self._name_touched = True
            self.path_edit.setText(path)

    def _choose_file(self, suggested: str) -> str:
        return files.save_file(self, files.PACKAGES, self.tr("保存交接包"), suggested,
                               self.tr("交接包 (*{0})").format(PACKAGE_SUFFIX), confirm_overwrite=False)

    # --- exporting -------------------------------------------------------------------------------

    def start_export(self) -> Op[ExportResult] | None:
        if self.running:
            return None
        recipients, kind, incremental, target = self.recipients(), self.kind, self.incremental, self.target
        team = self.team.id if self.team is not None else None
        select = self.selected

        def work(task: Task) -> ExportResult:
            return run_export(task.vault, target, recipients, kind=kind, incremental=incremental, team=team,
                              select=select, progress=task.progress)

        self.running = True
        self.exported = None
        self.summary.clear()
        set_status(self.run_status, self.tr("正在导出到 {0}…").format(target), OK_COLOUR)
        self.progress.setRange(0, 0)
        self.back_button.setEnabled(False)
        self.close_button.setText(self.tr("取消导出"))
        self.op = (Op(self, work, executor=self.executor)
                   .on_progress(self._progressed)
                   .on_success(self._exported)
                   .on_error(self._failed)
                   .on_finished(self._finished))
        return self.op.start()

    def _progressed(self, done: int, total: int, _text: str) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))
            self.progress.setFormat(self.tr("附件 {0} / {1}").format(human_size(done), human_size(total)))

    def cancel_export(self) -> None:
        if self.op is not None and self.running:
            self.op.cancel()
            set_status(self.run_status, self.tr("正在取消…"), WARN_COLOUR)
            self.close_button.setEnabled(False)

    def _exported(self, result: ExportResult) -> None:
        self.exported = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("%p%")
        mode = self.tr("增量") if result.mode == "incremental" else self.tr("完整")
        set_status(self.run_status, self.tr("已导出{0}{1}。").format(mode, kind_text(result.kind)), OK_COLOUR)
        self.settings.export_last = [result.kind, *(k.fingerprint for k in self.keys_model.checked_keys())]
        choice = self._choice_text()
        self.summary.setText((choice + "\n" if choice else "") + contents_text(package_contents(result.kinds)) + "\n"
                             + self.tr("字段写入：{0} 条；附件内容：{1} 个\n文件：{2}\n大小：{3}\n序号：{4}\n"
                                       "接收方：{5} 个\n交接包编号：{6}\nSHA-256：{7}").format(
            result.writes, result.blobs, result.path, human_size(result.size), result.seq, len(result.recipients),
            result.package_id, result.sha256))

    def _failed(self, error: BaseException) -> None:
        text = shown_error(error)
        if text is None:
            report_error(self, error)
            text = self.tr("导出失败")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        set_status(self.run_status, self.tr("未导出：{0}").format(text), ERROR_COLOUR)

    def _finished(self) -> None:
        self.running = False
        self.close_button.setEnabled(True)
        if self.exported is not None:
            self.close_button.setText(self.tr("完成"))
            self.back_button.setEnabled(False)
        else:
            self.close_button.setText(self.tr("关闭"))
            self.back_button.setEnabled(True)

    # --- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.running:  # the first press cancels; the dialog closes once the export has stopped
            self.cancel_export()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.running:
            self.cancel_export()
            event.ignore()
            return
        super().closeEvent(event)

    def discard(self) -> None:
        """Locking: stop the export (its callbacks go nowhere once the dialog is gone) and close."""
        if self.op is not None and self.running:
            self.op.cancel()
        self.running = False
        self._generation += 1
        self.keys_model.clear()
        self.extra_edit.clear()
        self.summary.clear()
        self.team_step.clear()
        self.records_step.clear()
        self.plan.clear()
        self.hide()
        self.deleteLater()
