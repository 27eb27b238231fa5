"""The desktop application: start-up, unlocking, the main window, locking.

``run()`` is what ``python main.py [--vault PATH]`` calls. The :class:`AppController` owns the
executor (and through it the vault) and moves between three states: a dialog to open or
create a vault, the main window on an unlocked vault, and locked (Ctrl+L: the window is
emptied and hidden, the vault closed, the unlock dialog shown again).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog

from app.storage.kdf import KdfParams
from app.storage.vault import Vault
from app.ui.crash import install_excepthook
from app.ui.fonts import install_app_font
from app.ui.main_window import MainWindow
from app.ui.settings import APPLICATION, ORGANIZATION, Settings
from app.ui.tasks import DbExecutor, set_default_executor
from app.ui.unlock import CREATE_INSTEAD, OPEN_INSTEAD, CreateVaultDialog, UnlockDialog


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
                 settings: Settings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.settings = settings or Settings()
        self.kdf = kdf
        self.vault_path = vault_path
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None

    @property
    def vault(self) -> Vault | None:
        return self.executor.vault

    def start(self) -> None:
        """The first dialog: unlock the given or most recent vault, else create one."""
        if self.vault_path:
            if Path(self.vault_path).exists():
                self.show_unlock(self.vault_path)
            else:
                self.show_create().path_edit.setText(self.vault_path)
            return
        recent = next((p for p in self.settings.recent_vaults if Path(p).is_file()), None)
        if recent:
            self.show_unlock(recent)
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
        if code == QDialog.DialogCode.Accepted and dialog.vault is not None:
            self._enter(dialog.vault)
        elif code == CREATE_INSTEAD:
            self.show_create()
        else:
            self.finished.emit()

    def _create_finished(self, dialog: CreateVaultDialog, code: int) -> None:
        dialog.deleteLater()
        self.dialog = None
        if code == QDialog.DialogCode.Accepted and dialog.vault is not None:
            self._enter(dialog.vault)
        elif code == OPEN_INSTEAD or self.settings.recent_vaults:
            self.show_unlock(self.vault_path)
        else:
            self.finished.emit()

    # --- the window --------------------------------------------------------------------------

    def _enter(self, vault: Vault) -> None:
        self.vault_path = str(vault.path)
        self.executor.set_vault(vault)
        if self.window is None:
            self.window = MainWindow(self.executor, settings=self.settings)
            self.window.lock_requested.connect(self.lock)
            self.window.closed.connect(self.finished)
        self.window.attach(vault)
        self.window.show()
        self.window.raise_()
        self.unlocked.emit()

    def lock(self) -> None:
        """Close the vault, empty the window, ask for the passphrase again."""
        if self.executor.vault is None:
            return
        if self.window is not None:
            self.window.save_layout()
            self.window.clear_for_lock()
            self.window.hide()
        self.executor.close_vault()
        self.show_unlock(self.vault_path)
        self.locked.emit()

    def shutdown(self) -> None:
        if self.window is not None:
            self.window.clear_for_lock()
        self.executor.shutdown()


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setQuitOnLastWindowClosed(False)  # dialogs come and go; the controller decides when to leave
    install_app_font(app)
    return app


def run(vault_path: str | None = None) -> int:
    """The desktop app: returns the process exit code."""
    app = make_application()
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
