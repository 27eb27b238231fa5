"""The desktop application: start-up, unlocking, the main window, locking.

``run()`` is what ``python main.py [--vault PATH]`` calls. The :class:`AppController` owns the
executor (and through it the vault) and moves between three states: a dialog to open or
create a vault, the main window on an unlocked vault, and locked (Ctrl+L: the window is
emptied and hidden, the vault closed, the unlock dialog shown again).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.services.drafts import PendingEdit, keep_pending
from app.services.session import OpenedVault
from app.storage.kdf import KdfParams
from app.storage.wal import KeptWal
from app.ui.crash import install_excepthook
from app.ui.i18n import install_translators, resolve_language
from app.ui.main_window import MainWindow, Session
from app.ui.security.drafts import DraftRecovery
from app.ui.security.locking import ClipboardGuard, InactivityTimer, clipboard
from app.ui.security.unlock import CREATE_INSTEAD, OPEN_INSTEAD, CreateVaultDialog, UnlockDialog
from app.ui.settings import APPLICATION, ORGANIZATION, Settings
from app.ui.tasks import DbExecutor, set_default_executor
from app.ui.widgets.fonts import install_app_font
from app.ui.widgets.plain import message_box


class AppController(QObject):
    """Opening, locking and quitting.

    Signals:
        unlocked(): a vault was opened and the main window shown.
        locked(): the vault was closed and the unlock dialog shown.
        finished(): the user left (the application should quit).
    """

    unlocked = Signal()
    locked = Signal()
    finished = Signal()

    def __init__(self, executor: DbExecutor, *, vault_path: str | None = None, kdf: KdfParams | None = None,
                 settings: Settings | None = None, clock: Callable[[], float] = time.monotonic,
                 clipboard_guard: ClipboardGuard | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.settings = settings or Settings()
        self.kdf = kdf
        self.vault_path = vault_path
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None
        self.clipboard = clipboard_guard or clipboard()
        self.idle = InactivityTimer(0, clock=clock, parent=self)
        self.idle.inactive.connect(self.lock)
        #: Where the user was at the last lock (ids and draft hashes only).
        self.session: Session | None = None
        #: The message shown when unlocking kept a damaged WAL (None until then).
        self.wal_notice: QMessageBox | None = None
        #: Offers drafts left in the vault (after a quit or a kill while locked) at unlock.
        self.drafts = DraftRecovery(executor, self)
        self.locked.connect(self.drafts.dismiss)
        self.apply_settings()

    def apply_settings(self) -> None:
        self.idle.set_timeout(max(0, int(self.settings.lock_minutes)) * 60)
        self.clipboard.set_clear_after(max(0, int(self.settings.clipboard_seconds)))

    def start(self) -> None:
        """The first dialog: unlock the given or remembered vault; else unlock (choosing the file) or, on
        the first run, create one."""
        if self.vault_path:
            if Path(self.vault_path).exists():
                self.show_unlock(self.vault_path)
            else:
                self.show_create().path_edit.setText(self.vault_path)
            return
        remembered = self.settings.remembered_vault  # only if the user ticked it (docs/vault.md)
        if remembered and Path(remembered).is_file():
            self.show_unlock(remembered)
        elif self.settings.opened_before:
            self.show_unlock()
        else:
            self.show_create()

    # --- dialogs -----------------------------------------------------------------------------

    def show_unlock(self, path: str | None = None) -> UnlockDialog:
        dialog = UnlockDialog(self.executor, path, settings=self.settings)
        dialog.finished.connect(lambda code: self._unlock_finished(dialog, code))
        self._show_dialog(dialog)
        return dialog

    def show_create(self) -> CreateVaultDialog:
        dialog = CreateVaultDialog(self.executor, kdf=self.kdf, settings=self.settings)
        dialog.finished.connect(lambda code: self._create_finished(dialog, code))
        self._show_dialog(dialog)
        return dialog

    def _show_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _unlock_finished(self, dialog: UnlockDialog, code: int) -> None:
        dialog.deleteLater()
        self.dialog = None
        if code == QDialog.DialogCode.Accepted and dialog.opened is not None:
            self._enter(dialog.opened)
        elif code == CREATE_INSTEAD:
            self.show_create()
        else:
            self.finished.emit()

    def _create_finished(self, dialog: CreateVaultDialog, code: int) -> None:
        dialog.deleteLater()
        self.dialog = None
        if code == QDialog.DialogCode.Accepted and dialog.opened is not None:
            self._enter(dialog.opened)
        elif code == OPEN_INSTEAD or self.settings.remembered_vault or self.settings.opened_before:
            self.show_unlock(self.vault_path)
        else:
            self.finished.emit()

    # --- the window --------------------------------------------------------------------------

    def _enter(self, opened: OpenedVault) -> None:
        self.vault_path = str(opened.path)
        self.settings.opened_before = 1
        if self.window is None:
            self.window = MainWindow(self.executor, settings=self.settings)
            self.window.lock_requested.connect(self.lock)
            self.window.settings_changed.connect(self.apply_settings)
            self.window.closed.connect(self.finished)
        self.window.attach()
        self.window.show()
        self.window.raise_()
        session, self.session = self.session, None
        window = self.window
        if session is not None:
            window.restore_session(session)
        self.drafts.check(window, lambda draft: window.open_record(draft.kind, draft.record_id, draft=draft))
        if opened.kept_wal is not None:
            self.wal_notice = self._tell_kept_wal(window, opened.kept_wal)
        self.idle.start()
        self.unlocked.emit()

    def _tell_kept_wal(self, window: MainWindow, kept: KeptWal) -> QMessageBox:
        """The crash's lost commits, said once at unlock (docs/vault.md, "A damaged write-ahead log")."""
        if kept.lost is not None:
            lost = self.tr("最后 {0} 次修改未能恢复。").format(kept.lost)
        else:
            lost = self.tr("其中的修改未能恢复。")
        text = (self.tr("上次异常退出后，保密库的预写日志已损坏。") + lost
                + self.tr("请核对最近的修改，必要时从备份恢复。\n\n已保留其加密副本：\n{0}").format(kept.path))
        box = message_box(QMessageBox.Icon.Warning, self.tr("巡察工作台"), text, window, QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the window and the draft offer stay usable behind it
        return box

    def lock(self) -> None:
        """Keep unsaved edits as drafts, close the vault, empty the window, ask for the passphrase.

        The edits are taken out of the editors (on the GUI thread) before any widget is emptied
        and handed to the closing op, which writes every one of them into the vault as a draft
        (never into its record: half-typed work is not saved behind the person's back,
        docs/security.md §2.7) before it closes the connection; afterwards only record ids and
        draft keys remain in :attr:`session`, and the unlock puts the edits back into their editors.
        """
        if self.executor.vault is None:
            return
        self.idle.stop()
        session = Session()
        if self.window is not None:
            session = self.window.capture_session()
            self.window.save_layout()
            self.window.clear_for_lock()
            self.window.hide()
        self.session = session
        pending = session.pending
        session.pending = []

        edits = [PendingEdit(kind, record, values) for kind, record, values in pending]
        self.executor.close_vault(self, before=lambda task: keep_pending(task.vault, edits),
                                  on_done=session.drafts.extend)
        self.clipboard.clear()
        self.show_unlock(self.vault_path)
        self.locked.emit()

    def shutdown(self) -> None:
        self.idle.stop()
        if self.window is not None:
            self.window.clear_for_lock()
        self.clipboard.clear()
        self.executor.shutdown()


def make_application(argv: list[str] | None = None, *, language: str | None = None) -> QApplication:
    """The QApplication, set up: names, the CJK font, the translators of ``language``
    (default: $XUNCHA_LANG, else Chinese; see app/ui/i18n.py)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setQuitOnLastWindowClosed(False)  # dialogs come and go; the controller decides when to leave
    install_app_font(app)
    install_translators(app, resolve_language(language))
    return app


def run(vault_path: str | None = None, language: str | None = None) -> int:
    """The desktop app: returns the process exit code.

    ``language`` (``--lang``) wins over $XUNCHA_LANG, which wins over the saved preference."""
    app = make_application(language=resolve_language(language, Settings().language))
    install_excepthook()
    executor = DbExecutor(app)
    set_default_executor(executor)
    controller = AppController(executor, vault_path=vault_path)
    controller.finished.connect(app.quit)
    controller.start()
    try:
        return int(app.exec())
    finally:
        controller.shutdown()
        set_default_executor(None)
