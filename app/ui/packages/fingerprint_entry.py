"""Fingerprints on screen: shown large for reading aloud, and typed as they are heard.

A key is trusted only after a person compared its key fingerprint with the key's owner by
telephone or in person (docs/package-format.md, "Keys"). :class:`FingerprintEntry` is where the
fingerprint heard is typed; the expected one is never shown there, so it cannot be copied
instead of compared.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.ui.packages.texts import ERROR_COLOUR, OK_COLOUR, set_status
from app.ui.widgets.plain import PlainLabel

#: How big a fingerprint is shown, relative to the window's font.
FINGERPRINT_SCALE = 1.6


def monospace_font(scale: float = 1.0, base: QFont | None = None) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if base is not None and base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    elif font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


def fingerprint_label(parent: QWidget) -> QLabel:
    label = PlainLabel(parent)
    label.setFont(monospace_font(FINGERPRINT_SCALE, parent.font()))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("QLabel { padding: 4px 8px; background: palette(base); border: 1px solid palette(mid); }")
    return label


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


class FingerprintEntry(QWidget):
    """Where a person types the fingerprint they hear on the phone, group by group.

    The expected fingerprint is never shown (it would be copied instead of compared): the status
    line says how many groups agree and which group differs (docs/package-format.md, "Keys").

    Signals:
        changed(): the typed text changed (``matches`` may have changed).
    """

    changed = Signal()

    def __init__(self, expected: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.expected = cleaned(expected)[:COMPARED]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.typed_edit = QLineEdit(self)
        self.typed_edit.setFont(monospace_font(FINGERPRINT_SCALE, self.font()))
        self.typed_edit.setPlaceholderText("0000 0000 0000 0000 0000 0000 0000 0000")
        self.typed_edit.setMaxLength(80)
        self.typed_edit.textChanged.connect(lambda _t: self._update())
        layout.addWidget(self.typed_edit)
        self.groups = PlainLabel(self)
        self.groups.setFont(monospace_font(FINGERPRINT_SCALE, self.font()))
        layout.addWidget(self.groups)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self._update()

    @property
    def matches(self) -> bool:
        return len(self.expected) == COMPARED and cleaned(self.typed_edit.text()) == self.expected

    def fingerprint(self) -> str:
        """The confirmed fingerprint ("" unless it matches)."""
        return self.expected if self.matches else ""

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
            text, colour = (self.tr("第 {0} 组不一致。请再核对一遍；若确实不一致，不要信任，并与对方联系。")
                            .format(bad), ERROR_COLOUR)
        elif self.matches:
            text, colour = self.tr("指纹完全一致。"), OK_COLOUR
        else:
            text, colour = self.tr("前 {0} 组一致，还差 {1} 组。").format(good, total - good), ""
        # One mark a group: ✓ agrees, ✗ differs, · not typed yet.
        marks = ["✓" if n <= good else "✗" if n == bad else "·" for n in range(1, total + 1)]
        self.groups.setText(" ".join(marks[:total // 2]) + "   " + " ".join(marks[total // 2:]))
        set_status(self.status, text, colour or "palette(text)")
        self.changed.emit()
