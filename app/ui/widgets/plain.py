"""Text from outside is shown as text, never as HTML (docs/vault.md, "Text from outside is text").

Qt guesses: a QLabel, a QMessageBox and a tooltip render their text as rich text when it looks
like HTML (``Qt::mightBeRichText``). A record, a package, a keys file or a spreadsheet can carry
``<b>…</b><img src=…>``, so every label in ``app/ui`` is a :class:`PlainLabel` (a test holds it),
message boxes come from :func:`message_box`, and a tooltip that may hold outside text goes
through :func:`plain_tip`. A label that needs markup of our own sets ``Qt.TextFormat.RichText``
itself and ``html.escape()``s every outside value it embeds.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


class PlainLabel(QLabel):
    """A QLabel that shows its text as typed: ``<b>`` stays ``<b>``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setTextFormat(Qt.TextFormat.PlainText)


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as typed.

    A tooltip has no text format to set: Qt renders it as rich text when it looks like HTML. Text
    with nothing HTML could read (no ``<``, no ``&``) is passed through as it is; anything else is
    escaped inside a paragraph that keeps its line breaks, so Qt renders the escaped text.
    """
    if "<" not in text and "&" not in text:
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def message_box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None,
                buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox:
    """A QMessageBox whose text is plain: messages often quote a record or a package."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warning(parent: QWidget | None, title: str, text: str,
            buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
            default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox.StandardButton:
    """``QMessageBox.warning`` with plain text."""
    return _ask(QMessageBox.Icon.Warning, parent, title, text, buttons, default)


def information(parent: QWidget | None, title: str, text: str) -> None:
    """``QMessageBox.information`` with plain text."""
    _ask(QMessageBox.Icon.Information, parent, title, text, QMessageBox.StandardButton.Ok,
         QMessageBox.StandardButton.NoButton)


def _ask(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str,
         buttons: QMessageBox.StandardButton, default: QMessageBox.StandardButton) -> QMessageBox.StandardButton:
    box = message_box(icon, title, text, parent, buttons)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    box.exec()
    clicked = box.clickedButton()
    return QMessageBox.StandardButton(box.standardButton(clicked)) if clicked else QMessageBox.StandardButton.NoButton
