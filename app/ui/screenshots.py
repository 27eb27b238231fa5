"""Render every main view of a team-scale demo vault to PNG files, offscreen.

    .venv/bin/python -m app.ui.screenshots [OUT_DIR] [--lang zh|en]
    .venv/bin/python -m app.ui.screenshots --sign-off docs/screenshots/sign-off.png
    .venv/bin/python -m app.ui.screenshots --office-plan docs/screenshots/office-plan.png \
        --office-deploy docs/screenshots/office-deploy.png [--office-vault o.xcv]
    .venv/bin/python -m app.ui.screenshots --office-summary docs/screenshots/office-summary.png \
        --office-cross docs/screenshots/office-cross.png --office-leads docs/screenshots/office-leads.png \
        --office-rectification docs/screenshots/office-rectification.png [--office-vault o.xcv]

The README's pictures in ``docs/screenshots/views/`` are made by this module, and
tests/ui/test_ui_screenshots.py runs it to check that every view draws. The vault is invented
demo data (app/demo/) in a temporary directory, deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
#: The office's pages are pictured at a laptop's screen size (issue 13: under Xvfb at 1366x768).
OFFICE_SIZE = (1366, 768)
OFFICE_SEED = 5
#: The day the office's 汇总 and 督办 pages count from in their pictures (docs/office.md's figures).
OFFICE_TODAY = dt.date(2024, 12, 1)
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
                if entry.office_only:  # not in a team vault's navigation: render_office pictures them
                    continue
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


def render_sign_off(path: Path) -> Path:
    """The 组长 signing a working paper: the paper's editor with the passphrase dialog the 组长签字…
    button opens, its passphrase typed (hidden). The vault's owner is the demo team's 组长."""
    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtGui import QColor, QPainter, QPen

    from app.demo import fill
    from app.domain.records import Member, Paper
    from app.domain.vocab import PAPER_REVIEW
    from app.ui.main_window import MainWindow
    from app.ui.records.panels import PaperPanel
    from app.ui.settings import Settings
    from app.ui.tasks import DbExecutor

    with tempfile.TemporaryDirectory(prefix="xuncha-shots-") as tmp:
        probe = Vault.create(Path(tmp) / "probe.xcv", PASSPHRASE, owner="演示用户", kdf=TEST_PARAMS)
        try:
            fill(probe, scale="team", seed=1)
            # A paper waiting in 组务会审核 with its number and opinion, and its team's 组长 by name.
            number, leader = next(
                (p.number, m.name) for p in probe.records.iter(Paper)
                if p.state == PAPER_REVIEW and p.number and p.review_opinion
                for m in probe.records.iter(Member, where={"team_id": p.team_id}) if m.role == "组长")
        finally:
            probe.close()
        vault = Vault.create(Path(tmp) / "team.xcv", PASSPHRASE, owner=leader, kdf=TEST_PARAMS)
        executor = DbExecutor(synchronous=True)
        try:
            fill(vault, scale="team", seed=1)  # the same records: the owner now leads the paper's team
            [paper] = [p for p in vault.records.iter(Paper, where={"number": number})]
            executor.set_vault(vault)
            settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
            window = MainWindow(executor, settings=settings)
            window.attach()
            window.open_record("paper", paper.id)
            editor = window.editors[paper.id]
            editor.resize(*EDITOR_SIZE)
            editor.show()
            panel = editor.panel
            assert isinstance(panel, PaperPanel) and panel.may_lead(), "the owner must lead the team"
            dialog = panel.passphrase_dialog()
            dialog.edit.setText(PASSPHRASE)
            dialog.show()
            _settle()
            shot = editor.grab()
            over = dialog.grab()
            painter = QPainter(shot)
            painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))  # the editor behind a modal dialog
            title = dialog.fontMetrics().height() + 10  # a plain title bar, as a window manager draws one
            corner = QPoint((shot.width() - over.width()) // 2, (shot.height() - over.height()) // 3)
            painter.fillRect(corner.x(), corner.y() - title, over.width(), title, QColor(222, 226, 232))
            painter.setPen(QColor(30, 30, 30))
            painter.setFont(dialog.font())
            painter.drawText(corner.x() + 10, corner.y() - title, over.width() - 20, title,
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), dialog.windowTitle())
            painter.drawPixmap(corner, over)
            painter.setPen(QPen(QColor(90, 90, 90), 1))
            painter.drawRect(corner.x() - 1, corner.y() - title - 1, over.width() + 1, over.height() + title + 1)
            painter.end()
            path.parent.mkdir(parents=True, exist_ok=True)
            if not shot.save(str(path)):
                raise OSError(f"cannot write {path}")
            dialog.reject()
            editor.discard()
            editor.close()
            window.close()
            window.deleteLater()
            _settle()
        finally:
            executor.set_vault(None)
            vault.close()
    return path


def render_office(plan: Path | None, deploy: Path | None, *, vault_path: Path | None = None,
                  passphrase: str = PASSPHRASE, summary: Path | None = None, cross: Path | None = None,
                  leads: Path | None = None, rectification: Path | None = None) -> list[Path]:
    """The office's pages in the main window, on an office demo (``demo --scale office --seed 5``, made in
    a temporary directory unless ``vault_path`` names one already made), the window at
    :data:`OFFICE_SIZE`: 规划 with the units sorted with their conflicts first; 部署 with the teams not
    ready first (the one with the most reasons selected, its reasons in full under the table); 汇总 at
    its top and scrolled to the cross chart; 督办's 移交线索 and 整改节点 tabs as of :data:`OFFICE_TODAY`."""
    from PySide6.QtCore import QSettings, Qt

    from app.demo import fill
    from app.ui.main_window import MainWindow
    from app.ui.office.models import DeployTeamsModel
    from app.ui.settings import Settings
    from app.ui.tasks import DbExecutor

    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="xuncha-shots-") as tmp:
        if vault_path is None:
            vault = Vault.create(Path(tmp) / "office.xcv", PASSPHRASE, role="office", owner="市委巡察办",
                                 kdf=TEST_PARAMS)
        else:
            vault = Vault.open(vault_path, passphrase)
        executor = DbExecutor(synchronous=True)
        try:
            if vault_path is None:
                fill(vault, scale="office", seed=OFFICE_SEED)
            executor.set_vault(vault)
            settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
            window = MainWindow(executor, settings=settings)
            window.resize(*OFFICE_SIZE)
            window.show()
            window.attach()
            if plan is not None:
                window.show_page("plan")
                plan.parent.mkdir(parents=True, exist_ok=True)
                _save(window, plan, shots)
            if deploy is not None:
                window.show_page("deploy")
                page = window.deploy_page
                page.view.sortByColumn(DeployTeamsModel.READY, Qt.SortOrder.AscendingOrder)
                teams = [page.proxy.team(r) for r in range(page.proxy.rowCount())]
                reasons = [len(t.readiness.reasons) if t is not None else 0 for t in teams]
                most = reasons.index(max(reasons)) if reasons else 0
                page.view.setCurrentIndex(page.proxy.index(most, 0))  # the team with the most reasons, below
                deploy.parent.mkdir(parents=True, exist_ok=True)
                _save(window, deploy, shots)
            if summary is not None or cross is not None:
                window.summary_page.today = lambda: OFFICE_TODAY
                window.show_page("summary")
                for path, where in ((summary, None), (cross, window.summary_page.cross_chart)):
                    if path is None:
                        continue
                    _settle()
                    if where is None:
                        window.summary_page.verticalScrollBar().setValue(0)
                    else:  # the chart's box at the top, the cross table under it
                        box = where.parentWidget()
                        assert box is not None
                        bar = window.summary_page.verticalScrollBar()
                        bar.setValue(min(bar.maximum(), box.y() - 12))
                    path.parent.mkdir(parents=True, exist_ok=True)
                    _save(window, path, shots)
            if leads is not None or rectification is not None:
                window.show_page("supervision")
                follow_up = window.supervision_page
                follow_up.set_today(OFFICE_TODAY)
                for path, tab in ((leads, 0), (rectification, 1)):
                    if path is not None:
                        follow_up.tabs.setCurrentIndex(tab)
                        path.parent.mkdir(parents=True, exist_ok=True)
                        _save(window, path, shots)
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
    parser.add_argument("--sign-off", type=Path, metavar="PNG",
                        help="only the 组长 signing a paper with the passphrase (docs/screenshots/sign-off.png)")
    parser.add_argument("--office-plan", type=Path, metavar="PNG", help="only the office's 规划 page")
    parser.add_argument("--office-deploy", type=Path, metavar="PNG", help="only the office's 部署 page")
    parser.add_argument("--office-summary", type=Path, metavar="PNG", help="only the office's 汇总 page")
    parser.add_argument("--office-cross", type=Path, metavar="PNG",
                        help="only the 汇总 page scrolled to the cross versus non-cross chart")
    parser.add_argument("--office-leads", type=Path, metavar="PNG", help="only the 督办 page's 移交线索 tab")
    parser.add_argument("--office-rectification", type=Path, metavar="PNG", help="only the 督办 page's 整改节点 tab")
    parser.add_argument("--office-vault", type=Path, metavar="XCV",
                        help="an office demo already made (passphrase in XUNCHA_PASSPHRASE) instead of a new one")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XUNCHA_LANG"] = args.lang
    from app.ui.application import make_application
    from app.ui.widgets.fonts import install_app_font

    app = make_application([])
    assert isinstance(app, QApplication)
    install_app_font(app)
    if args.sign_off is not None:
        print(f"written {render_sign_off(args.sign_off)}")
        return 0
    office = {"summary": args.office_summary, "cross": args.office_cross, "leads": args.office_leads,
              "rectification": args.office_rectification}
    if args.office_plan is not None or args.office_deploy is not None or any(office.values()):
        passphrase = os.environ.get("XUNCHA_PASSPHRASE", PASSPHRASE)
        for shot in render_office(args.office_plan, args.office_deploy, vault_path=args.office_vault,
                                  passphrase=passphrase, **office):
            print(f"written {shot}")
        return 0
    shots = render_views(args.out, report=lambda line: print(f"  {line}"))
    print(f"{len(shots)} views written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
