"""The window shows 生僻字 of the CJK extensions through the rare-character fallback faces."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QTextLayout
from PySide6.QtWidgets import QApplication

from app.ui.widgets.fonts import PREFERRED_FAMILY, rare_families
from tests.test_pdf_fonts import RARE, UNCOVERED


def test_every_rare_character_is_in_a_registered_fallback_family(qapp: QApplication) -> None:
    families = rare_families()
    assert len(families) == 3, families
    metrics = [QFontMetrics(QFont(family)) for family in families]
    for char, (block, _, _) in RARE.items():
        assert any(m.inFontUcs4(ord(char)) for m in metrics), (block, hex(ord(char)))
    assert not any(m.inFontUcs4(ord(UNCOVERED)) for m in metrics)  # Ext I: honestly not covered


def drawn_by(text: str, font: QFont) -> list[str]:
    """The families whose glyphs set ``text`` in ``font`` (after Qt's fallback)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [run.rawFont().familyName() for run in layout.glyphRuns()]


def test_the_app_font_falls_back_to_them_after_the_system_family(qapp: QApplication) -> None:
    families = qapp.font().families()
    assert families[0] == PREFERRED_FAMILY
    rare = rare_families()
    assert families[-len(rare):] == rare
    for char, (block, _, _) in RARE.items():
        if block != "Ext A":  # Droid Sans Fallback, first in the list, has Ext A itself
            assert drawn_by(char, qapp.font())[0] in rare, (block, hex(ord(char)))
    # HanaMinB has Latin letters too: the system face must set them, in the family list and
    # when a widget asks for the system family by name (the substitutions).
    system = QFont(qapp.font().families()[1])
    for font in (qapp.font(), system):
        assert drawn_by("A", font) and not set(drawn_by("Abc1", font)) & set(rare), drawn_by("Abc1", font)
    assert drawn_by("\U00020000", system)[0] in rare
