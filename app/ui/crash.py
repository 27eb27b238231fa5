"""The one dialog for bugs (docs/architecture.md practice 19): the traceback, a copy button, nothing else.

Expected failures (:class:`VaultError`) never come here; they are shown where they happen.
Everything else that escapes to ``sys.excepthook`` on the GUI thread opens this dialog; a
second error while it is open is appended to it rather than stacking dialogs.
"""

from __future__ import annotations

import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.storage.vault import damage_error
from app.ui.i18n import error_text
from app.ui.widgets.plain import PlainLabel, warning

_dialog: CrashDialog | None = None
_in_hook = False


class CrashDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("巡察工作台 — 程序错误"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("程序遇到了一个错误。您的已保存数据不受影响。\n"
                                    "请复制下面的信息，交给技术支持人员。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton(self.tr("复制错误信息"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(buttons)

    def add(self, text: str) -> None:
        current = self.details.toPlainText()
        self.details.setPlainText(f"{current}\n{'-' * 60}\n{text}" if current else text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("已复制"))


def format_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    name = QCoreApplication.translate("CrashDialog", "巡察工作台")
    header = f"{name} {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
    return header + "".join(traceback.format_exception(exc_type, exc, tb))


def show_crash(text: str) -> CrashDialog:
    global _dialog
    if _dialog is None or not _dialog.isVisible():
        _dialog = CrashDialog()
        _dialog.finished.connect(_forget)
    _dialog.add(text)
    _dialog.show()
    _dialog.raise_()
    return _dialog


def _forget(_code: int = 0) -> None:
    global _dialog
    _dialog = None


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _in_hook
    app = QApplication.instance()
    damaged = damage_error(exc)
    if damaged is not None and app is not None and QThread.currentThread() is app.thread():
        # A damaged vault file is not a bug: the same one line as everywhere (docs/vault.md).
        warning(None, QCoreApplication.translate("CrashDialog", "巡察工作台"), error_text(damaged))
        return
    text = format_exception(exc_type, exc, tb)
    sys.stderr.write(text)
    if _in_hook or app is None or QThread.currentThread() is not app.thread():
        return  # off the GUI thread (or a failure inside the dialog itself): stderr only
    _in_hook = True
    try:
        show_crash(text)
    finally:
        _in_hook = False


def install_excepthook() -> None:
    """Route uncaught exceptions on the GUI thread to the crash dialog; worker threads to stderr."""
    sys.excepthook = excepthook
    threading.excepthook = lambda args: sys.stderr.write(
        format_exception(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback))
