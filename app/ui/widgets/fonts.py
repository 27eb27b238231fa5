"""The CJK font shipped in ``resources/fonts``, registered at start-up (docs/i18n.md).

The target machines may have no Chinese font at all, so the window's face (Droid Sans Fallback)
is added to the application font database and placed first in the application font's family
list. The system's UI family comes next, for anything it lacks (Latin letters). Last come the
rare-character faces (CJK Ext A–H, docs/documents.md "Fonts"), so a 生僻字 in a name shows as
itself, not a box; they come after the system family because HanaMinB also has Latin letters.
The other faces in ``resources/fonts`` are for documents (app/export/pdf) and are not loaded by
the window.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from app.ui.resources import resource_path

log = logging.getLogger(__name__)

#: The font files the window uses.
UI_FONT_FILES = ("DroidSansFallbackFull.ttf",)
#: The rare-character faces, fallbacks after the system family: CJK Ext A, Ext B–F, Ext G–H.
RARE_FONT_FILES = ("HanaMinA-ExtA.ttf", "HanaMinB.ttf", "BabelStoneHan-ExtGH.ttf")
#: Preferred UI family among the shipped ones (others are still registered).
PREFERRED_FAMILY = "Droid Sans Fallback"

_registered: list[str] = []
_rare: list[str] = []


def _add(names: tuple[str, ...]) -> list[str]:
    """Add the named files of ``resources/fonts`` to the font database; return their families."""
    folder = resource_path("fonts")
    families: list[str] = []
    for path in (folder / name for name in names):
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
    return families


def register_fonts() -> list[str]:
    """Add every shipped font file to the font database (once); return the families, preferred first."""
    if _registered:
        return list(_registered)
    families = _add(UI_FONT_FILES)
    families.sort(key=lambda f: f != PREFERRED_FAMILY)
    _registered.extend(families)
    return list(families)


def rare_families() -> list[str]:
    """The rare-character families (registered once), in fallback order."""
    if not _rare:
        _rare.extend(_add(RARE_FONT_FILES))
    return list(_rare)


def install_app_font(app: QApplication) -> QFont:
    """Register the shipped fonts and make them the application font; return that font."""
    families = register_fonts()
    rare = rare_families()
    font = QFont(app.font())
    # The platform's own UI font, not app.font() (which a second call would find already changed).
    system_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    system_family = system_font.family()
    # "Sans Serif" is an alias: name the real face it resolves to before the rare faces, or a
    # substitution would reach HanaMinB's Latin letters first.
    system_faces = list(dict.fromkeys([system_family, QFontInfo(system_font).family()]))
    if families or rare:
        font.setFamilies([*families, *system_faces, *rare])
        # Widgets that pick the system family by name still find CJK glyphs.
        QFont.insertSubstitutions(system_family, [*families, *system_faces[1:], *rare])
    app.setFont(font)
    return font


def cjk_family() -> str | None:
    """The shipped CJK family, when registered."""
    families = register_fonts()
    return families[0] if families else None
