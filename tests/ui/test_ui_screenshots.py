"""Every main view of a team demo vault draws (app/ui/screenshots.py, which makes the README's pictures)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from app.domain.records import KINDS
from app.ui.main_window import NAVIGATION
from app.ui.screenshots import EDITOR_KINDS, render_views


def test_every_view_is_rendered_with_content(tmp_path: Path) -> None:
    shots = render_views(tmp_path)
    pages = sum(max(1, len(entry.kinds)) for entry in NAVIGATION if not entry.office_only)
    assert len(shots) == pages + 1 + len(EDITOR_KINDS)  # the packages page also with its keys tab
    assert {p.name for p in tmp_path.iterdir()} == {p.name for p in shots}
    for shot in shots:
        image = QImage(str(shot))
        assert not image.isNull() and image.width() >= 800, shot.name
        small = image.scaled(80, 50)
        colours = {small.pixel(x, y) for x in range(small.width()) for y in range(small.height())}
        assert len(colours) > 20, f"{shot.name} looks empty"  # text, tables and charts, not a blank page
    assert all(kind in KINDS for kind in EDITOR_KINDS)


def test_the_sign_off_picture_is_rendered(tmp_path: Path) -> None:
    """docs/screenshots/sign-off.png: a reviewed paper's editor behind the 组长's passphrase dialog."""
    from app.ui.screenshots import EDITOR_SIZE, render_sign_off

    shot = render_sign_off(tmp_path / "sign-off.png")
    image = QImage(str(shot))
    assert not image.isNull() and (image.width(), image.height()) == EDITOR_SIZE
    small = image.scaled(90, 86)
    assert len({small.pixel(x, y) for x in range(small.width()) for y in range(small.height())}) > 20
