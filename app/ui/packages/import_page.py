"""The packages page: import packages, export one, keys and trust, and the ledger of past packages.

Importing is two steps. Each chosen file is first checked on the executor, one op per file
(progress across the files, cancel drops those not yet checked): ``check_package``
(app/services/packages.py) verifies it completely, merges it and rolls the merge back, so the
row can say what the import *would* add, change and put in conflict while the vault stays as
it was. A package signed by a key this vault does not trust shows the signer's
fingerprint and offers "trust and retry" (choose the sender's keys file, compare, trust, check
again). A deployment into a team vault may instead be confirmed by its signer's fingerprint, typed
as the office reads it out (confirm_signer.py, ``trust_signer``): the office is then trusted in
the import's transaction. Then "导入" imports every checked package in one transaction (all or
none); the report is shown and the package ledger (table ``packages``, which records every
import and export with its counts) is listed under 往来记录.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.jobs import Cancelled
from app.exchange.package.format import KINDS as PACKAGE_KINDS
from app.services.packages import (
    IMPORT_SUFFIXES,
    ImportOutcome,
    PackagePreview,
    change_counts,
    import_packages_job,
    preview_package,
)
from app.storage.keys import TrustedKey
from app.ui.packages.confirm_signer import ConfirmSignerDialog
from app.ui.packages.export_panel import ExportPanel
from app.ui.packages.fingerprint_entry import fingerprint_label
from app.ui.packages.import_preview import ChangesModel
from app.ui.packages.import_queue import (
    ALREADY,
    CANCELLED,
    CHECKING,
    IMPORTED,
    PENDING,
    READY,
    REFUSED,
    UNKNOWN_SIGNER,
    ImportQueueModel,
    QueueItem,
    checked_item,
    detail_text,
    refused_item,
)
from app.ui.packages.keys_view import KeyEnroller, KeysPage
from app.ui.packages.ledger_view import HistoryPanel
from app.ui.packages.texts import (
    ERROR_COLOUR,
    OK_COLOUR,
    WARN_COLOUR,
    error_text,
    fit_column,
    kind_text,
    role_text,
    set_status,
)
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel
from app.ui.widgets.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex

class ImportPanel(QWidget):
    """Choose packages, check them (a dry run each), import the checked ones together.

    Tests replace ``choose_files`` (returns paths).

    Signals:
        imported(): packages were imported (lists, overview and conflicts are stale).
        show_conflicts(): the user asked to see the open conflicts.
    """

    imported = Signal()
    show_conflicts = Signal()

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.choose_files: Callable[[], list[str]] = self._choose_files
        #: Asks the user to type a deployment signer's fingerprint; returns it, or "" (tests replace it).
        self.confirm_signer: Callable[[QueueItem], str] = self._confirm_signer
        self._checks: list[Op[Any]] = []
        self._checks_total = 0
        self._import_op: Op[ImportOutcome] | None = None
        self._generation = 0

        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("选择收到的交接包。每个交接包先完整校验（签名、接收方、内容），并预演合并，"
                                    "显示导入后将新增、修改和产生冲突的记录数；确认后点“导入”，"
                                    "全部交接包在一次操作中导入：要么全部导入，要么都不导入。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("选择交接包…"), self)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self.tr("移出列表"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(self.tr("导入"), self)
        self.import_button.clicked.connect(self.import_ready)
        self.cancel_button = QPushButton(self.tr("取消校验"), self)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        row.addWidget(self.choose_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)

        self.model = ImportQueueModel(self)
        self.view = read_only_table(self.model, self, (240, 100, 160, 60, 45, 70, 70))
        fit_column(self.view, 1, [self.model.state_text(QueueItem(Path(), state)) for state in
                                  (PENDING, CHECKING, READY, REFUSED, UNKNOWN_SIGNER, CANCELLED, IMPORTED, ALREADY)])
        fit_column(self.view, 3, [kind_text(kind) for kind in PACKAGE_KINDS])
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        layout.addWidget(self.view, 1)

        self.detail_box = QGroupBox(self.tr("所选交接包"), self)
        detail = QVBoxLayout(self.detail_box)
        self.detail = PlainLabel(self.detail_box)
        self.detail.setWordWrap(True)
        self.detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # all its lines
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail.addWidget(self.detail)
        # The records the import would add, change and put in conflict (import_preview.py).
        self.changes = ChangesModel(self)
        self.changes_view = read_only_table(self.changes, self.detail_box, (50, 70, 320))
        detail.addWidget(self.changes_view, 100)  # the stretch below only when it is hidden
        self.signer_label = PlainLabel(self.tr("签名者的指纹（请与对方核对）："), self.detail_box)
        detail.addWidget(self.signer_label)
        self.signer_fingerprint = fingerprint_label(self.detail_box)
        # Both lines always: the box is not squeezed below them by a longer message.
        self.signer_fingerprint.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        detail.addWidget(self.signer_fingerprint, 0, Qt.AlignmentFlag.AlignLeft)
        self.trust_button = QPushButton(self.tr("信任发送方的公钥并重试…"), self.detail_box)
        self.trust_button.setToolTip(self.tr("选择发送方用“导出本库公钥”写出的公钥文件，核对指纹后信任，再重新校验"))
        self.trust_button.clicked.connect(self.trust_and_retry)
        self.confirm_button = QPushButton(self.tr("核对指纹后信任并导入…"), self.detail_box)
        self.confirm_button.setToolTip(self.tr("输入巡察办读出或部署通知上印的指纹，与签名者的指纹完全一致时信任，"
                                               "再重新校验"))
        self.confirm_button.clicked.connect(self.confirm_and_retry)
        trust_row = QHBoxLayout()
        trust_row.addWidget(self.confirm_button)
        trust_row.addWidget(self.trust_button)
        trust_row.addStretch(1)
        detail.addLayout(trust_row)
        detail.addStretch(1)
        layout.addWidget(self.detail_box, 2)  # the queue holds a few files; the preview many records
        # Room for an untrusted signer's four lines of explanation, the fingerprint and the button, however
        # the language wraps them (the table above gives way).
        self.detail.setText("\n".join("M" * 4))
        self.signer_fingerprint.setText("0000\n0000")
        self.detail_box.setMinimumHeight(self.detail_box.minimumSizeHint().height())

        report_row = QHBoxLayout()
        self.report = PlainLabel(self)
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        report_row.addWidget(self.report, 1)
        self.conflicts_button = QPushButton(self.tr("查看冲突"), self)
        self.conflicts_button.clicked.connect(self.show_conflicts.emit)
        self.conflicts_button.hide()
        report_row.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(report_row)

        self.enroller = KeyEnroller(executor, self)
        self.enroller.enrolled.connect(self._enrolled)
        self.enroller.failed.connect(lambda text: set_status(self.report, text, ERROR_COLOUR))
        self._show_detail()
        self._update_buttons()

    # --- choosing and checking -------------------------------------------------------------------

    def _choose_files(self) -> list[str]:
        patterns = " ".join("*" + suffix for suffix in IMPORT_SUFFIXES)  # earlier versions named them .age
        return files.open_files(self, files.PACKAGES, self.tr("选择交接包"),
                                self.tr("交接包 ({0});;所有文件 (*)").format(patterns))

    def choose(self) -> None:
        paths = self.choose_files()
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        rows = self.model.add_paths(paths)
        if rows:
            self.report.clear()
            self.conflicts_button.hide()
            self.check_rows(rows)
            if not self.view.currentIndex().isValid():
                self.view.selectRow(rows[0])

    @property
    def busy(self) -> bool:
        return bool(self._checks) or self._import_op is not None

    def check_rows(self, rows: list[int]) -> None:
        """Queue one dry-run op per row; each updates its row as it finishes."""
        for row in rows:
            self.model.update(row, replace(self.model.item(row), state=PENDING, message=""))
        self._checks_total += len(rows)
        generation = self._generation
        for row in rows:
            item = self.model.item(row)
            self._checks.append(self._check_op(item.path, generation, item.trust_signer))
        self._update_progress()
        self._update_buttons()
        for op in list(self._checks[-len(rows):]):
            op.start()

    def _check_op(self, path: Path, generation: int, trust_signer: str = "") -> Op[PackagePreview]:
        def work(task: Task) -> PackagePreview:
            task.check_cancelled()
            task.report(0, 1)  # tells the row its check has begun
            return preview_package(task.vault, path, trust_signer=trust_signer or None)

        def started(_done: int, _total: int, _text: str) -> None:
            row = self.model.row_of(path)
            if generation == self._generation and row is not None:
                self.model.update(row, replace(self.model.item(row), state=CHECKING))
                if row == self.view.currentIndex().row():
                    self._show_detail()

        def succeeded(result: PackagePreview) -> None:
            self._checked(path, result, generation)

        def failed(error: BaseException) -> None:
            self._check_failed(path, error, generation)

        op: Op[PackagePreview] = Op(self, work, executor=self.executor)
        return (op.on_progress(started).on_success(succeeded).on_error(failed)
                .on_finished(lambda: self._check_done(op)))

    def _checked(self, path: Path, result: PackagePreview, generation: int) -> None:
        row = self.model.row_of(path)
        if generation == self._generation and row is not None:
            self.model.update(row, checked_item(self.model.item(row), result))

    def _check_failed(self, path: Path, error: BaseException, generation: int) -> None:
        text = error_text(error)
        if text is None:
            report_error(self, error)
            text = self.tr("校验时出现内部错误")
        row = self.model.row_of(path)
        if generation == self._generation and row is not None:
            self.model.update(row, refused_item(self.model.item(row), error, text))

    def _check_done(self, op: Op[Any]) -> None:
        if op in self._checks:
            self._checks.remove(op)
        if not self._checks:
            self._checks_total = 0
        self._update_progress()
        self._update_buttons()
        self._show_detail()

    def _update_progress(self) -> None:
        if not self._checks:
            self.progress.hide()
            return
        done = self._checks_total - len(self._checks)
        self.progress.setRange(0, self._checks_total)
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("正在校验 {0} / {1}").format(done + 1, self._checks_total))
        self.progress.show()

    def cancel_checks(self) -> None:
        """Packages not yet checked are marked cancelled; the one being checked finishes."""
        for op in list(self._checks):
            op.cancel()

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid() and not self.busy:
            self.model.remove(index.row())
            self._show_detail()
            self._update_buttons()

    # --- the detail of the selected package ---------------------------------------------------------

    def selected_item(self) -> QueueItem | None:
        index = self.view.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        item = self.selected_item()
        unknown = item is not None and item.state == UNKNOWN_SIGNER
        deployment = unknown and item is not None and item.kind == "deployment" and bool(item.signer)
        self.signer_label.setVisible(unknown)
        self.signer_fingerprint.setVisible(unknown and bool(item and item.signer))
        self.trust_button.setVisible(unknown)
        self.confirm_button.setVisible(deployment)
        self.signer_fingerprint.setText(self._two_lines(item.signer) if item is not None and item.signer else "")
        self.changes.set_rows(item.rows if item is not None and item.state in (READY, IMPORTED) else ())
        self.changes_view.setVisible(self.changes.rowCount() > 0)
        if item is None:
            self.detail.setText(self.tr("选择交接包后，这里显示校验结果和导入的预演。"))
            self.detail.setStyleSheet("")
            return
        text, colour = detail_text(item, self.model.state_text(item))
        set_status(self.detail, text, colour)

    @staticmethod
    def _two_lines(displayed: str) -> str:
        groups = displayed.split(" ")
        return " ".join(groups[:4]) + "\n" + " ".join(groups[4:])

    def trust_and_retry(self) -> Op[Any] | None:
        item = self.selected_item()
        if item is None or item.state != UNKNOWN_SIGNER:
            return None
        return self.enroller.start(item.signer)

    def _confirm_signer(self, item: QueueItem) -> str:
        dialog = ConfirmSignerDialog(item.signer, item.owner, item.device, self)
        return dialog.fingerprint() if dialog.exec() == QDialog.DialogCode.Accepted else ""

    def confirm_and_retry(self) -> Op[Any] | None:
        """A deployment's untrusted signer: the user types the fingerprint; check again with it."""
        item = self.selected_item()
        if item is None or item.state != UNKNOWN_SIGNER or item.kind != "deployment" or self.busy:
            return None
        confirmed = self.confirm_signer(item)
        row = self.model.row_of(item.path)
        if not confirmed or row is None:
            return None
        self.model.update(row, replace(self.model.item(row), trust_signer=confirmed))
        set_status(self.report, self.tr("指纹已核对，正在重新校验…"), OK_COLOUR)
        self.check_rows([row])
        return self._checks[-1] if self._checks else None

    def _enrolled(self, key: TrustedKey, added: bool) -> None:
        set_status(self.report, (self.tr("已信任：{0}（{1}），正在重新校验…") if added
                                 else self.tr("此前已信任：{0}（{1}），正在重新校验…")).format(
            key.owner or self.tr("未署名"), role_text(key.role)), OK_COLOUR)
        rows = [r for r, i in enumerate(self.model.items()) if i.state == UNKNOWN_SIGNER]
        if rows:
            self.check_rows(rows)

    # --- importing -------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        ready = any(i.importable for i in self.model.items())
        self.import_button.setEnabled(ready and not self.busy)
        self.cancel_button.setVisible(bool(self._checks) or self._import_op is not None)
        self.cancel_button.setText(self.tr("取消导入") if self._import_op is not None else self.tr("取消校验"))
        self.choose_button.setEnabled(self._import_op is None)
        self.remove_button.setEnabled(not self.busy and self.model.rowCount() > 0)

    def import_ready(self) -> Op[ImportOutcome] | None:
        if self.busy:
            return None
        ready = [i for i in self.model.items() if i.importable]
        if not ready:
            return None
        # Packages of one sender go in their order (an older one after a newer one is refused).
        ready.sort(key=lambda i: (i.device, i.seq))
        paths = [i.path for i in ready]
        generation = self._generation
        confirmed = {i.trust_signer for i in ready if i.trust_signer}
        if len(confirmed) > 1:  # import_packages takes one confirmed signer
            set_status(self.report, self.tr("一次只能确认一个新的签名者：请分别导入这些部署包。"), ERROR_COLOUR)
            return None
        trust_signer = next(iter(confirmed), None)

        def work(task: Task) -> ImportOutcome:
            def progress(done: int, total: int) -> None:
                task.check_cancelled()  # raised inside the transaction: nothing is written
                task.report(done, total)

            return import_packages_job(task.vault, paths, progress, trust_signer=trust_signer)

        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("正在导入… %v / %m"))
        self.progress.show()
        set_status(self.report, self.tr("正在导入 {0} 个交接包…").format(len(paths)), OK_COLOUR)
        self._import_op = (Op(self, work, executor=self.executor)
                           .on_progress(lambda done, _total, _text: self.progress.setValue(done))
                           .on_success(lambda outcome: self._imported(paths, outcome, generation))
                           .on_error(lambda error: self._import_failed(error, generation))
                           .on_finished(self._import_done))
        self._update_buttons()
        return self._import_op.start()

    def _imported(self, paths: list[Path], outcome: ImportOutcome, generation: int) -> None:
        if generation != self._generation:
            return
        totals = {"added": 0, "changed": 0, "conflicts": 0, "blobs_new": 0}
        for path, result in zip(paths, outcome.results, strict=True):
            row = self.model.row_of(path)
            if row is not None:
                item = replace(checked_item(self.model.item(row), result), state=IMPORTED)
                self.model.update(row, item)
            counts = change_counts(result.summary)  # records as a person counts them
            for key, n in zip(totals, (counts.added, counts.changed, counts.conflicts,
                                       int(result.summary.get("blobs_new", 0))), strict=True):
                totals[key] += n
        text = self.tr("已导入 {0} 个交接包：新增记录 {1} 条，修改记录 {2} 条，新冲突 {3} 处，新附件 {4} 个。"
                       "本库现有待处理冲突 {5} 处。").format(
            len(paths), totals["added"], totals["changed"], totals["conflicts"], totals["blobs_new"],
            outcome.conflicts)
        if any(r.summary.get("trusted_signer") for r in outcome.results):
            text += "\n" + self.tr("已信任签发部署包的巡察办的公钥。")  # a sentence of its own in any language
        set_status(self.report, text, WARN_COLOUR if outcome.conflicts else OK_COLOUR)
        self.conflicts_button.setVisible(outcome.conflicts > 0)
        self._show_detail()
        self.imported.emit()

    def _cancel_clicked(self) -> None:
        if self._import_op is not None:
            self._import_op.cancel()  # the transaction rolls back: all the packages or none
        else:
            self.cancel_checks()

    def _import_failed(self, error: BaseException, generation: int) -> None:
        if isinstance(error, Cancelled):
            if generation == self._generation:
                set_status(self.report, self.tr("已取消导入：所有交接包均未写入本库。"), WARN_COLOUR)
            return
        text = error_text(error)
        if text is None:
            report_error(self, error)
            text = self.tr("内部错误")
        if generation == self._generation:
            set_status(self.report, self.tr("未导入（所有交接包均未写入本库）：{0}").format(text), ERROR_COLOUR)

    def _import_done(self) -> None:
        self._import_op = None
        self.progress.hide()
        self._update_buttons()

    def clear(self) -> None:
        """Locking: forget the files, the previews and the report; late results are dropped."""
        self._generation += 1
        self.cancel_checks()
        self._checks.clear()
        self._checks_total = 0
        self._import_op = None
        self.model.clear()
        self.report.clear()
        self.conflicts_button.hide()
        self.progress.hide()
        self._show_detail()
        self._update_buttons()


# --- the page -------------------------------------------------------------------------------------


class PackagesPage(QTabWidget):
    """导入 | 导出 | 密钥与信任 | 往来记录.

    Signals:
        imported(): records came in (every list, the overview and the conflicts are stale).
        show_conflicts(): the user asked for the conflicts page.
    """

    imported = Signal()
    show_conflicts = Signal()

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.import_panel = ImportPanel(executor, self)
        self.export_panel = ExportPanel(executor, self)
        self.keys_page = KeysPage(executor, self)
        self.history = HistoryPanel(executor, self)
        self.addTab(self.import_panel, self.tr("导入"))
        self.addTab(self.export_panel, self.tr("导出"))
        self.addTab(self.keys_page, self.tr("密钥与信任"))
        self.addTab(self.history, self.tr("往来记录"))
        self.import_panel.imported.connect(self._imported)
        self.import_panel.show_conflicts.connect(self.show_conflicts.emit)
        self.export_panel.exported.connect(self._stale_history)
        self.keys_page.trusted_changed.connect(self._stale_history)
        self.import_panel.enroller.enrolled.connect(lambda *_: self._keys_stale())
        self.currentChanged.connect(lambda _i: self.ensure_loaded())

    def ensure_loaded(self) -> None:
        page = self.currentWidget()
        if page is self.keys_page:
            self.keys_page.ensure_loaded()
        elif page is self.history:
            self.history.ensure_loaded()

    def _imported(self) -> None:
        self._keys_stale()  # a deployment enrols the office's keys
        self.ensure_loaded()
        self.imported.emit()

    def _stale_history(self) -> None:
        self.history.loaded = False
        self.ensure_loaded()

    def _keys_stale(self) -> None:
        self.keys_page.loaded = False
        self.history.loaded = False

    def clear(self) -> None:
        """Locking: every panel empties; an export under way is cancelled."""
        self.import_panel.clear()
        self.export_panel.clear()
        self.keys_page.clear()
        self.history.clear()
