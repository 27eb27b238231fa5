"""Confirming a deployment's signer by its fingerprint, typed as the office reads it out.

A new team vault does not yet trust the office that deploys it, and has no keys file from it;
the office reads its signing fingerprint aloud on the phone, or prints it on the paper
deployment notice (docs/package-format.md, "A team's first deployment"). The dialog shows the
package signer's fingerprint large, in groups of four, and the user types what they heard or
read; only an exact match (spaces and letter case aside) enables 信任. Each group is coloured as
it is typed, so a wrong group is found at once.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.ui.keys_view import FINGERPRINT_SCALE, fingerprint_label, monospace_font
from app.ui.package_texts import ERROR_COLOUR, OK_COLOUR, set_status

GROUP = 4
#: The hex digits people compare (display() shows the first 32 of the 64).
COMPARED = 32
HEX = set("0123456789abcdef")


def cleaned(text: str) -> str:
    """What a person typed, without spaces, in lower case."""
    return "".join(text.split()).lower()


def matched_groups(expected: str, typed: str) -> tuple[int, int | None]:
    """(how many whole groups of ``typed`` match, the number of the first group that differs or None).

    Both are fingerprints as people write them; only complete groups count as matching, a
    differing digit makes its group differ at once.
    """
    want, got = cleaned(expected), cleaned(typed)
    for number, start in enumerate(range(0, len(got), GROUP), start=1):
        part = got[start:start + GROUP]
        if not want.startswith(part, start):
            return (number - 1), number
    return len(got) // GROUP, None


class ConfirmSignerDialog(QDialog):
    """Type the fingerprint the office read out; 信任 only when it is exactly the signer's.

    ``shown`` is the signer's fingerprint as the package error displays it (32 hex digits in
    groups of four); :meth:`fingerprint` is what the user confirmed (for ``trust_signer``).
    """

    def __init__(self, shown: str, owner: str, device: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.expected = cleaned(shown)
        self.setWindowTitle(self.tr("核对签名者指纹"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("这是一个部署包，本库尚未信任签发它的巡察办密钥。"
                               "请巡察办通过电话逐组读出其签名公钥指纹，或对照纸质部署通知上印的指纹，把它输入下框。"
                               "只有与交接包签名者的指纹完全一致时才能信任；"
                               "信任后导入部署包，本库从此接受该巡察办的交接包。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(self.tr("制作方："), QLabel(owner or self.tr("未署名"), self))
        form.addRow(self.tr("设备："), QLabel(device, self))
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("交接包签名者的指纹："), self))
        self.shown = fingerprint_label(self)
        self.shown.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.shown, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel(self.tr("对方读出（或通知上印）的指纹："), self))
        self.typed_edit = QLineEdit(self)
        self.typed_edit.setFont(monospace_font(FINGERPRINT_SCALE, self.font()))
        self.typed_edit.setPlaceholderText("0000 0000 0000 0000 0000 0000 0000 0000")
        self.typed_edit.setMaxLength(80)
        self.typed_edit.textChanged.connect(lambda _t: self._update())
        layout.addWidget(self.typed_edit)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
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
        self._update()
        self.typed_edit.setFocus()

    @property
    def matches(self) -> bool:
        return len(self.expected) == COMPARED and cleaned(self.typed_edit.text()) == self.expected

    def fingerprint(self) -> str:
        """The confirmed fingerprint ("" unless it matches)."""
        return self.expected if self.matches else ""

    def accept(self) -> None:
        if self.matches:  # Enter in the field must not get round the check
            super().accept()

    def _groups_html(self, good: int, bad: int | None) -> str:
        groups = [self.expected[i:i + GROUP] for i in range(0, len(self.expected), GROUP)]
        cells = []
        for number, group in enumerate(groups, start=1):
            colour = OK_COLOUR if number <= good else ERROR_COLOUR if number == bad else ""
            text = html.escape(group)
            cells.append(f"<span style='color:{colour}'>{text}</span>" if colour else text)
        half = len(cells) // 2
        return "&nbsp;".join(cells[:half]) + "<br>" + "&nbsp;".join(cells[half:])

    def _update(self) -> None:
        typed = cleaned(self.typed_edit.text())
        good, bad = matched_groups(self.expected, typed)
        total = len(self.expected) // GROUP
        if not set(typed) <= HEX:
            bad = None
            text, colour = self.tr("指纹只含数字 0–9 和字母 a–f。"), ERROR_COLOUR
        elif not typed:
            text, colour = self.tr("请输入对方读出的 {0} 组指纹（空格可有可无）。").format(total), ""
        elif len(typed) > len(self.expected):
            bad = None
            text, colour = self.tr("输入的位数过多：应为 {0} 组。").format(total), ERROR_COLOUR
        elif bad is not None:
            text, colour = (self.tr("第 {0} 组不一致。请再核对一遍；若确实不一致，不要信任，并与巡察办联系。")
                            .format(bad), ERROR_COLOUR)
        elif self.matches:
            text, colour = self.tr("指纹完全一致。"), OK_COLOUR
        else:
            text, colour = self.tr("前 {0} 组一致，还差 {1} 组。").format(good, total - good), ""
        self.shown.setText(self._groups_html(good, bad))
        set_status(self.status, text, colour or "palette(text)")
        self.trust_button.setEnabled(self.matches)
