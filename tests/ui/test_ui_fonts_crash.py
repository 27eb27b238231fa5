"""The shipped CJK font renders Chinese; the resource helper; the crash dialog."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QApplication

from app.ui import crash
from app.ui.resources import resource_path
from app.ui.widgets.fonts import PREFERRED_FAMILY, register_fonts


def render(text: str, font: QFont) -> QImage:
    image = QImage(64, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(4, 30, text)
    painter.end()
    return image


def test_resource_path_from_source_and_frozen(monkeypatch, tmp_path: Path) -> None:
    assert resource_path("fonts", "DroidSansFallbackFull.ttf").is_file()
    assert (resource_path("fonts") / "DroidSansFallback-LICENSE.txt").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("fonts", "x.ttf") == tmp_path / "resources" / "fonts" / "x.ttf"


def test_shipped_font_is_the_app_font_and_draws_chinese(qapp: QApplication) -> None:
    families = register_fonts()
    assert families[0] == PREFERRED_FAMILY
    assert qapp.font().families()[0] == PREFERRED_FAMILY
    raw = QRawFont.fromFont(QFont(PREFERRED_FAMILY))
    assert all(raw.supportsCharacter(ord(c)) for c in "巡察工作台谈话记录问题线索")
    font = qapp.font()
    font.setPointSize(20)
    xun, cha, blank = render("巡", font), render("察", font), render("", font)
    assert xun != blank and xun != cha  # real, distinct glyphs, not one "missing glyph" box


def test_crash_dialog_shows_traceback_and_copies(qapp: QApplication) -> None:
    try:
        raise RuntimeError("测试用的程序错误")
    except RuntimeError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    dialog = crash._dialog
    assert dialog is not None and dialog.isVisible()
    assert "RuntimeError: 测试用的程序错误" in dialog.details.toPlainText()
    try:
        raise ValueError("second")
    except ValueError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    assert crash._dialog is dialog and "ValueError: second" in dialog.details.toPlainText()  # one dialog
    dialog.copy()
    assert "测试用的程序错误" in QGuiApplication.clipboard().text()
    dialog.reject()
    assert crash._dialog is None
