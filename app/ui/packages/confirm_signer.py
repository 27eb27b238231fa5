"""Confirming a deployment's signer by its fingerprint, typed as the office reads it out.

A new team vault does not yet trust the office that deploys it, and has no keys file from it;
the office reads its key fingerprint aloud on the phone, or prints it on the paper
deployment notice (docs/package-format.md, "A team's first deployment"). The user types what
they heard or read; only an exact match (spaces and letter case aside) enables 信任. The expected
fingerprint is not shown, so it cannot be copied instead of compared; a mark for each group
says at once which group differs. The keys page's trust dialog uses the same entry.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from app.ui.packages.fingerprint_entry import FingerprintEntry
from app.ui.widgets.plain import PlainLabel


class ConfirmSignerDialog(QDialog):
    """Type the fingerprint the office read out; 信任 only when it is exactly the signer's.

    ``shown`` is the signer's key fingerprint (at least the 32 hex digits compared), kept to
    compare with and never displayed; :meth:`fingerprint` is what the user confirmed (for
    ``trust_signer``).
    """

    def __init__(self, shown: str, owner: str, device: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("核对签名者指纹"))
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("这是一个部署包，本库尚未信任签发它的巡察办密钥。"
                               "请巡察办通过电话逐组读出其密钥指纹，或对照纸质部署通知上印的指纹，把它输入下框。"
                               "只有与交接包签名者的指纹完全一致时才能信任；"
                               "信任后导入部署包，本库从此接受该巡察办的交接包。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(self.tr("制作方："), PlainLabel(owner or self.tr("未署名"), self))
        form.addRow(self.tr("设备："), PlainLabel(device, self))
        layout.addLayout(form)
        layout.addWidget(PlainLabel(self.tr("对方读出（或通知上印）的指纹："), self))
        self.entry = FingerprintEntry(shown, self)
        self.typed_edit, self.status = self.entry.typed_edit, self.entry.status
        layout.addWidget(self.entry)
        self.buttons = QDialogButtonBox(self)
        self.trust_button = self.buttons.addButton(self.tr("信任"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.trust_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Wide enough that the wrapped explanation gets the lines it needs (the English one is longer):
        # a dialog's first size does not follow a word-wrapped label's height for its width.
        self.setMinimumWidth(600)
        self.entry.changed.connect(lambda: self.trust_button.setEnabled(self.entry.matches))
        self.trust_button.setEnabled(False)
        self.typed_edit.setFocus()

    @property
    def matches(self) -> bool:
        return self.entry.matches

    def fingerprint(self) -> str:
        return self.entry.fingerprint()

    def accept(self) -> None:
        if self.matches:  # Enter in the field must not get round the check
            super().accept()
