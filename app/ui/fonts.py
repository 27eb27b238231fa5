"""The CJK font shipped in ``resources/fonts``, registered at start-up (design.md decision 5).

The target machines may have no Chinese font at all, so the window's face (Droid Sans Fallback)
is added to the application font database and placed first in the application font's family
list. The system's UI family stays in the list as the fallback for anything it lacks. The other
faces in ``resources/fonts`` are for documents (app/export/pdf) and are not loaded by the window,
which saves about 37 MB at start-up.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.ui.resources import resource_path

log = logging.getLogger(__name__)

#: The font files the window uses.
UI_FONT_FILES = ("DroidSansFallbackFull.ttf",)
#: Preferred UI family among the shipped ones (others are still registered).
PREFERRED_FAMILY = "Droid Sans Fallback"

_registered: list[str] = []


def register_fonts() -> list[str]:
    """Add every shipped font file to the font database (once); return the families, preferred first."""
    if _registered:
        return list(_registered)
    folder = resource_path("fonts")
    families: list[str] = []
    for path in (folder / name for name in UI_FONT_FILES):
        if not path.is_file():
            log.warning("font %s is missing", path)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    families.sort(key=lambda f: f != PREFERRED_FAMILY)
    _registered.extend(families)
    return list(families)


def install_app_font(app: QApplication) -> QFont:
    """Register the shipped fonts and make them the application font; return that font."""
    families = register_fonts()
    font = QFont(app.font())
    system_family = font.family()
    if families:
        font.setFamilies([*families, system_family])
        # Widgets that pick the system family by name still find CJK glyphs.
        QFont.insertSubstitutions(system_family, families)
    app.setFont(font)
    return font


def cjk_family() -> str | None:
    """The shipped CJK family, when registered."""
    families = register_fonts()
    return families[0] if families else None
