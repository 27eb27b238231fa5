"""Exporting a package, step by step: kind, recipients, scope, destination, then the export itself.

A stepped dialog rather than a QWizard, so that the last step can keep Back off while the
export runs and on again after a failure (QWizard offers only "commit pages", after which
there is no way back). The kinds offered are read from the package module at run time
(``format.SUPPORTED_KINDS``), so a kind another part of the program adds appears here.

The export runs on the executor with progress (attachment bytes encrypted) and cancel; a
cancelled or failed export leaves no file behind (``export_package`` removes its temporary
file). On success the package's summary is shown: counts, size, the sequence number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.export.package import ExportResult, PackageError, Recipient, export_package, parse_recipients
from app.export.package import format as package_format
from app.storage.keys import KeyStore, PackageEntry, TrustedKey
from app.storage.vault import Vault
from app.ui.keys_view import TrustedKeysModel, keys_table, monospace_font
from app.ui.package_texts import (
    ERROR_COLOUR,
    OK_COLOUR,
    WARN_COLOUR,
    error_text,
    human_size,
    joined,
    kind_hint,
    kind_text,
    role_text,
    set_status,
    when_text,
)
from app.ui.tasks import DbExecutor, Op, Task, report_error

PACKAGE_SUFFIX = ".age"
KIND, RECIPIENTS, SCOPE, DESTINATION, RUN = range(5)


@dataclass
class ExportContext:
    """What the dialog needs from the vault, loaded once when it opens."""

    owner: str
    role: str
    device_id: str
    trusted: list[TrustedKey]
    sent: list[PackageEntry] = field(default_factory=list)


def load_export_context(vault: Vault) -> ExportContext:
    store = KeyStore(vault.con)
    info = vault.info
    return ExportContext(info.owner, info.role, info.device_id, store.all_trusted(), store.packages("out"))


def attachment_bytes(vault: Vault) -> int:
    """An upper bound of the attachment bytes a package carries (the progress bar's length)."""
    hashes = {getattr(a, "sha256", "") for a in vault.records.iter("attachment", include_deleted=True)}
    return sum(vault.blobs.size(sha) for sha in hashes if sha and vault.blobs.exists(sha))


def default_file_name(kind: str, owner: str, today: dt.date) -> str:
    safe_owner = re.sub(r'[\\/:*?"<>|\s]+', "", owner)[:20]
    parts = [QCoreApplication.translate("ExportDialog", "交接包"), kind_text(kind), safe_owner,
             today.strftime("%Y%m%d")]
    return "-".join(p for p in parts if p) + PACKAGE_SUFFIX


def last_sent_to(sent: list[PackageEntry], age_recipient: str) -> PackageEntry | None:
    """The latest package this vault made for ``age_recipient`` (what an incremental one starts after)."""
    mine = [e for e in sent if age_recipient in e.recipients]
    return max(mine, key=lambda e: e.seq) if mine else None


class ExportDialog(QDialog):
    """The export, in five steps. Tests replace ``choose_file`` (suggested path -> path or "")."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.executor = executor
        self.today = today
        self.context: ExportContext | None = None
        self.op: Op[ExportResult] | None = None
        self.exported: ExportResult | None = None
        self.running = False
        self.choose_file: Callable[[str], str] = self._choose_file
        self._name_touched = False
        self.setWindowTitle(self.tr("导出交接包"))

        layout = QVBoxLayout(self)
        self.steps = QLabel(self)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.steps)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.stack.addWidget(self._kind_step())
        self.stack.addWidget(self._recipients_step())
        self.stack.addWidget(self._scope_step())
        self.stack.addWidget(self._destination_step())
        self.stack.addWidget(self._run_step())

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

    # --- the steps -----------------------------------------------------------------------------

    def _kind_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("选择交接包的类型："), page))
        self.kind_group = QButtonGroup(page)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind in package_format.SUPPORTED_KINDS:  # read at run time: kinds added later appear
            button = QRadioButton(self.tr("{0}（{1}）").format(kind_text(kind), kind), page)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            layout.addWidget(button)
            hint = QLabel(kind_hint(kind), page)
            hint.setContentsMargins(24, 0, 0, 6)
            hint.setWordWrap(True)
            layout.addWidget(hint)
            button.toggled.connect(lambda _on: self._kind_changed())
        layout.addStretch(1)
        return page

    def _recipients_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel(self.tr("勾选接收方（本库信任的公钥，最多 {0} 个）。只有接收方能解开交接包；"
                               "增量交接包以第一个勾选的接收方为准。").format(package_format.MAX_X25519_STANZAS), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.keys_model = TrustedKeysModel(self, checkable=True)
        self.keys_view = keys_table(self.keys_model, page)
        self.keys_view.setColumnHidden(4, True)  # the signing fingerprint names the key well enough here
        self.keys_view.horizontalHeader().resizeSection(0, 130)
        self.keys_model.dataChanged.connect(lambda *_: self._update())
        layout.addWidget(self.keys_view, 1)
        layout.addWidget(QLabel(self.tr("其他接收方（如备份用的 age 公钥），每行一个 age1…："), page))
        self.extra_edit = QPlainTextEdit(page)
        self.extra_edit.setFont(monospace_font(1.0, self.font()))
        self.extra_edit.setMaximumHeight(int(self.fontMetrics().height() * 4.5))
        self.extra_edit.setPlaceholderText("age1…")
        self.extra_edit.textChanged.connect(self._update)
        layout.addWidget(self.extra_edit)
        self.recipients_status = QLabel(page)
        self.recipients_status.setWordWrap(True)
        layout.addWidget(self.recipients_status)
        return page

    def _scope_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("导出范围："), page))
        self.full_radio = QRadioButton(self.tr("完整：本库的全部记录和附件"), page)
        self.incremental_radio = QRadioButton(self.tr("增量：只含上次发给该接收方之后的修改"), page)
        self.full_radio.setChecked(True)
        self.scope_group = QButtonGroup(page)
        self.scope_group.addButton(self.full_radio)
        self.scope_group.addButton(self.incremental_radio)
        layout.addWidget(self.full_radio)
        layout.addWidget(self.incremental_radio)
        self.scope_info = QLabel(page)
        self.scope_info.setWordWrap(True)
        self.scope_info.setContentsMargins(24, 4, 0, 0)
        layout.addWidget(self.scope_info)
        layout.addStretch(1)
        return page

    def _destination_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel(self.tr("保存到（例如 U 盘）。交接包已加密，但仍请按涉密载体管理："), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(page)
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_name_touched", True))
        self.path_edit.textChanged.connect(lambda _t: self._update())
        row.addWidget(self.path_edit, 1)
        browse = QPushButton(self.tr("选择…"), page)
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        row.addWidget(browse)
        layout.addLayout(row)
        self.destination_status = QLabel(page)
        self.destination_status.setWordWrap(True)
        layout.addWidget(self.destination_status)
        self.plan = QLabel(page)
        self.plan.setWordWrap(True)
        layout.addWidget(self.plan)
        layout.addStretch(1)
        return page

    def _run_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.run_status = QLabel(page)
        self.run_status.setWordWrap(True)
        layout.addWidget(self.run_status)
        self.progress = QProgressBar(page)
        layout.addWidget(self.progress)
        self.summary = QLabel(page)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        return page

    # --- loading -------------------------------------------------------------------------------

    def load(self) -> Op[ExportContext]:
        return (Op(self, lambda task: load_export_context(task.vault), executor=self.executor)
                .on_success(self._loaded).start())

    def _loaded(self, context: ExportContext) -> None:
        self.context = context
        self.keys_model.set_keys(context.trusted)
        # Members send member packages often; the leader's one handoff is chosen by hand.
        preferred = "member" if context.role == "team" else ""
        first = preferred if preferred in self.kind_buttons else next(iter(self.kind_buttons), "")
        if first:
            self.kind_buttons[first].setChecked(True)
        if not context.trusted:
            set_status(self.recipients_status, self.tr("本库尚未信任任何公钥：请先在“密钥与信任”中信任接收方的公钥，"
                                                       "或在下面填写 age 接收方。"), WARN_COLOUR)
        self._update()

    # --- reading the choices ---------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return next((k for k, b in self.kind_buttons.items() if b.isChecked()), "")

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

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
            return str(exc), ERROR_COLOUR
        if not chosen:
            return self.tr("请至少选择一个接收方。"), ERROR_COLOUR
        if len(chosen) > package_format.MAX_X25519_STANZAS:
            return (self.tr("接收方过多：已选 {0} 个，一个交接包最多 {1} 个。")
                    .format(len(chosen), package_format.MAX_X25519_STANZAS), ERROR_COLOUR)
        importer = package_format.IMPORTED_BY.get(self.kind, "")
        wrong = [r.key for r in chosen if r.key is not None and importer and r.key.role != importer]
        if wrong:
            names = joined([k.owner or k.device_id for k in wrong])
            return (self.tr("注意：{0}的保密库无法导入{1}（{1}由{2}保密库导入）。")
                    .format(names, kind_text(self.kind), role_text(importer)), WARN_COLOUR)
        return self.tr("已选 {0} 个接收方。").format(len(chosen)), OK_COLOUR

    def _destination_problem(self) -> str:
        text = self.path_edit.text().strip()
        if not text:
            return self.tr("请选择保存位置。")
        target = self.target
        if not target.parent.is_dir():
            return self.tr("文件夹不存在：{0}").format(target.parent)
        if target.exists():
            return self.tr("该位置已有文件，不会覆盖：{0}").format(target)
        return ""

    def _step_ok(self, step: int) -> bool:
        if step == KIND:
            return bool(self.kind) and self.context is not None
        if step == RECIPIENTS:
            return self._recipients_problem()[1] != ERROR_COLOUR
        if step == SCOPE:
            return True
        if step == DESTINATION:
            return not self._destination_problem()
        return False

    def _update(self) -> None:
        step = self.stack.currentIndex()
        if step == RECIPIENTS:
            text, colour = self._recipients_problem()
            set_status(self.recipients_status, text, colour)
        if step == DESTINATION:
            problem = self._destination_problem()
            set_status(self.destination_status, problem, ERROR_COLOUR)
        self.next_button.setEnabled(self._step_ok(step))

    def _kind_changed(self) -> None:
        if not self._name_touched and self.context is not None and self.kind:
            folder = self.target.parent if self.path_edit.text().strip() else Path.home()
            self.path_edit.setText(str(folder / default_file_name(self.kind, self.context.owner, self.today())))
        self._update()

    def _prepare_scope(self) -> None:
        chosen = self.recipients()
        first = chosen[0]
        name = first.key.owner if first.key is not None and first.key.owner else first.age_recipient[:16] + "…"
        previous = last_sent_to(self.context.sent if self.context else [], first.age_recipient)
        if previous is None:
            self.incremental_radio.setEnabled(False)
            self.full_radio.setChecked(True)
            self.scope_info.setText(self.tr("尚未向 {0} 发过交接包，只能导出完整交接包。").format(name))
        else:
            self.incremental_radio.setEnabled(True)
            self.scope_info.setText(self.tr("上次发给 {0} 的交接包：序号 {1}，{2}。增量交接包只含此后的修改；"
                                            "对方须已导入上次的交接包。").format(
                name, previous.seq, when_text(previous.created_at)))

    def _prepare_plan(self) -> None:
        chosen = self.recipients()
        names = joined([(r.key.owner or r.key.device_id) if r.key is not None else r.age_recipient[:16] + "…"
                        for r in chosen])
        scope = self.tr("增量") if self.incremental else self.tr("完整")
        self.plan.setText(self.tr("将导出{0}{1}，接收方：{2}。").format(scope, kind_text(self.kind), names))

    # --- moving between steps --------------------------------------------------------------------

    def _show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        names = (self.tr("类型"), self.tr("接收方"), self.tr("范围"), self.tr("保存位置"), self.tr("导出"))
        parts = [f"<b>{i + 1}. {n}</b>" if i == step else f"<span style='color:#888'>{i + 1}. {n}</span>"
                 for i, n in enumerate(names)]
        self.steps.setText(" → ".join(parts))
        self.back_button.setEnabled(KIND < step < RUN)
        self.next_button.setVisible(step != RUN)
        self.next_button.setText(self.tr("开始导出") if step == DESTINATION else self.tr("下一步"))
        self.close_button.setText(self.tr("取消"))
        self._update()

    def next(self) -> None:
        step = self.stack.currentIndex()
        if not self._step_ok(step):
            return
        if step == RECIPIENTS:
            self._prepare_scope()
        if step == SCOPE:
            self._prepare_plan()
        self._show_step(step + 1)
        if step + 1 == RUN:
            self.start_export()

    def back(self) -> None:
        step = self.stack.currentIndex()
        if step > KIND and not self.running and self.exported is None:
            self._show_step(step - 1)

    def browse(self) -> None:
        path = self.choose_file(self.path_edit.text().strip())
        if path:
            if not Path(path).suffix:
                path += PACKAGE_SUFFIX
            self._name_touched = True
            self.path_edit.setText(path)

    def _choose_file(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存交接包"), suggested,
                                              self.tr("交接包 (*.age)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        return path

    # --- exporting -------------------------------------------------------------------------------

    def start_export(self) -> Op[ExportResult] | None:
        if self.running:
            return None
        recipients, kind, incremental, target = self.recipients(), self.kind, self.incremental, self.target

        def work(task: Task) -> ExportResult:
            vault = task.vault
            total = attachment_bytes(vault)

            def progress(done: int) -> None:
                task.report(min(done, total), total)
                task.check_cancelled()

            task.check_cancelled()
            return export_package(vault, target, recipients, kind=kind, incremental=incremental, progress=progress)

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
        self.summary.setText(self.tr(
            "文件：{0}\n大小：{1}\n序号：{2}\n记录：{3} 条（字段写入 {4} 条）\n附件：{5} 个\n"
            "接收方：{6} 个\n交接包编号：{7}\nSHA-256：{8}").format(
            result.path, human_size(result.size), result.seq, result.records, result.writes, result.blobs,
            len(result.recipients), result.package_id, result.sha256))

    def _failed(self, error: BaseException) -> None:
        text = error_text(error)
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
        self.keys_model.clear()
        self.extra_edit.clear()
        self.summary.clear()
        self.hide()
        self.deleteLater()

