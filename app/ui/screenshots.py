"""Render every main view of a team-scale demo vault to PNG files, offscreen.

    .venv/bin/python -m app.ui.screenshots [OUT_DIR] [--lang zh|en]

The README's pictures in ``docs/screenshots/views/`` are made by this module, and
tests/ui/test_ui_screenshots.py runs it to check that every view draws. The vault is invented
demo data (app/demo/) in a temporary directory, deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault

PASSPHRASE = "截图 screenshots 2024"
SIZE = (1280, 800)
EDITOR_SIZE = (900, 860)
#: Record kinds whose editor is pictured (the first record of each).
EDITOR_KINDS = ("interview", "lead", "paper", "rectification")
SEARCH_TEXT = "粮食"


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _save(widget: QWidget, path: Path, shots: list[Path]) -> None:
    _settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    shots.append(path)


def render_views(out: Path, *, report: Callable[[str], None] = lambda _line: None) -> list[Path]:
    """Every navigation page (each tab of pages with several kinds), the search with a query,
    and an editor of each kind in :data:`EDITOR_KINDS`. Returns the PNG files written."""
    from app.demo import fill, trust_sample_keys
    from app.ui.main_window import NAVIGATION, MainWindow
    from app.ui.records.list_page import KindTabsPage
    from app.ui.settings import Settings
    from app.ui.tasks import DbExecutor

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="xuncha-shots-") as tmp:
        vault = Vault.create(Path(tmp) / "team.xcv", PASSPHRASE, owner="演示用户", kdf=TEST_PARAMS)
        executor = DbExecutor(synchronous=True)
        try:
            fill(vault, scale="team", seed=1)
            executor.set_vault(vault)
            from PySide6.QtCore import QSettings

            settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
            window = MainWindow(executor, settings=settings)
            window.resize(*SIZE)
            window.show()
            window.attach()
            for number, entry in enumerate(NAVIGATION, 1):
                window.show_page(entry.key)
                page = window.stack.currentWidget()
                if isinstance(page, KindTabsPage):
                    for index, list_page in enumerate(page.pages):
                        page.setCurrentIndex(index)
                        _save(window, out / f"{number:02d}-{entry.key}-{list_page.spec.name}.png", shots)
                elif entry.key == "packages":
                    _save(window, out / f"{number:02d}-{entry.key}.png", shots)
                    trust_sample_keys(vault, Path(tmp), PASSPHRASE)
                    keys_page = window.packages_page.keys_page
                    window.packages_page.setCurrentWidget(keys_page)
                    keys_page.reload()
                    _save(window, out / f"{number:02d}-{entry.key}-keys.png", shots)
                else:
                    if entry.key == "search":
                        window.search_page.query.setText(SEARCH_TEXT)
                        window.search_page.search()
                    _save(window, out / f"{number:02d}-{entry.key}.png", shots)
                report(entry.title)
            for kind in EDITOR_KINDS:
                record = vault.records.list(kind)[0]
                window.open_record(kind, record.id)
                editor = window.editors[record.id]
                editor.resize(*EDITOR_SIZE)
                _save(editor, out / f"editor-{kind}.png", shots)
                editor.discard()
                editor.close()
            window.close()
            window.deleteLater()
            _settle()
        finally:
            executor.set_vault(None)
            vault.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", default="docs/screenshots/views", type=Path)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XUNCHA_LANG"] = args.lang
    from app.ui.application import make_application
    from app.ui.widgets.fonts import install_app_font

    app = make_application([])
    assert isinstance(app, QApplication)
    install_app_font(app)
    shots = render_views(args.out, report=lambda line: print(f"  {line}"))
    print(f"{len(shots)} views written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
