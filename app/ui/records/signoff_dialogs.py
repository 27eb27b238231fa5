"""The 组长's dialogs: the passphrase that confirms a signature, and a reason (退回修改, a recusal
exception). docs/domain.md §3.2 and §3.3 say what they are for; app/services/signoff.py does it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets.plain import PlainLabel


class PassphraseDialog(QDialog):
    """Asks for the vault's passphrase to sign: typed hidden, never shown, cleared when read."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("组长签字"))
        layout = QVBoxLayout(self)
        label = PlainLabel(text, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(self.tr("输入本保密库的口令以确认签字"))
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(self)
        self.sign_button: QPushButton = buttons.addButton(self.tr("签字"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.sign_button.setEnabled(False)
        self.edit.textChanged.connect(lambda text: self.sign_button.setEnabled(bool(text)))

    def take(self) -> str:
        """The passphrase typed, once: the field is emptied as it is read."""
        text = self.edit.text()
        self.edit.clear()
        return text

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.edit.clear()
        super().done(result)


class ReasonDialog(QDialog):
    """Asks for a reason (required): 退回修改, or a recusal exception."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = PlainLabel(text, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(self)
        self.ok_button: QPushButton = buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button.setEnabled(False)
        self.edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.edit.toPlainText().strip())))

    def reason(self) -> str:
        return self.edit.toPlainText().strip()


def ask_reason(parent: QWidget, title: str, text: str) -> str | None:
    """The reason typed, or None when cancelled."""
    dialog = ReasonDialog(title, text, parent)
    return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
