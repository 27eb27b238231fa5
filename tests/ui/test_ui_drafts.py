"""Drafts of unsaved edits outlive a quit (or a kill) while locked, and come back at the next unlock."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.records import Interview
from app.services.drafts import DraftContent, stored_drafts
from app.storage.drafts import DraftStore
from app.storage.vault import Vault
from app.ui.application import AppController
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.security.drafts import DraftChoice, DraftsDialog
from app.ui.security.locking import ClipboardGuard, set_clipboard
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor
from tests.conftest import PASSPHRASE
from tests.ui.conftest import Sample, enter_vault, widget_texts

ROOT = Path(__file__).resolve().parents[2]
SECRET = "锁定前写下的谈话摘要：反映食堂采购"
NEW_NAME = "郑科长"


@pytest.fixture
def guard(qapp: QApplication) -> Iterator[ClipboardGuard]:
    g = ClipboardGuard(30, timer=QTimer())
    set_clipboard(g)
    yield g
    g.timer.stop()
    set_clipboard(None)


class Run:
    """One run of the app: its executor, controller and window (a fresh one per "start")."""

    def __init__(self, qtbot, settings: Settings, guard: ClipboardGuard, path: Path) -> None:
        self.executor = DbExecutor(synchronous=True)
        self.controller = AppController(self.executor, vault_path=str(path), settings=settings,
                                        clipboard_guard=guard)
        self.offered: list[list[DraftContent]] = []
        self.answer: Callable[[list[DraftContent]], DraftChoice] = lambda drafts: DraftChoice()
        self.controller.drafts.choose = self._choose
        self.qtbot = qtbot

    def _choose(self, _parent: object, drafts: list[DraftContent]) -> DraftChoice:
        self.offered.append(drafts)
        return self.answer(drafts)

    def enter(self, vault: Vault) -> MainWindow:
        enter_vault(self.controller, vault)
        return self.window

    def unlock(self) -> MainWindow:
        """Start as ``python main.py --vault PATH`` does, and type the passphrase."""
        if self.controller.dialog is None:
            self.controller.start()
        dialog = self.controller.dialog
        assert dialog is not None
        dialog.passphrase.setText(PASSPHRASE)  # type: ignore[attr-defined]
        dialog.unlock()  # type: ignore[attr-defined]
        assert self.executor.vault is not None
        return self.window

    @property
    def window(self) -> MainWindow:
        window = self.controller.window
        assert window is not None
        if not getattr(window, "_in_qtbot", False):
            self.qtbot.addWidget(window)
            window._in_qtbot = True  # type: ignore[attr-defined]
        return window

    def quit(self) -> None:
        """Leave from the unlock dialog (the window is locked), as the user closing it does."""
        dialog = self.controller.dialog
        assert dialog is not None
        finished: list[bool] = []
        self.controller.finished.connect(lambda: finished.append(True))
        dialog.reject()
        assert finished
        self.controller.shutdown()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def start(qtbot, sample: Sample, ui_settings: Settings, guard: ClipboardGuard) -> Iterator[Callable[[], Run]]:
    runs: list[Run] = []

    def make() -> Run:
        run = Run(qtbot, ui_settings, guard, sample.vault.path)
        runs.append(run)
        return run

    yield make
    for run in runs:
        window = run.controller.window
        if window is not None:
            for editor in window.editors.values():
                editor.confirm_discard = lambda: True
        if run.executor.vault is not None:
            run.executor.vault.close()
        run.executor.shutdown()


def edit_then_lock_then_quit(run: Run, sample: Sample) -> None:
    """Unsaved edits the store refuses (a required field emptied; a new record without its time),
    then the lock keeps them as drafts, then the user quits at the unlock dialog."""
    window = run.enter(sample.vault)
    record_id = sample.interviews[0].id
    window.open_record("interview", record_id)
    editor = window.editors[record_id]
    editor.inputs["summary"].set_value(SECRET)
    editor.inputs["interviewee"].set_value("")
    editor._mark_dirty()
    window.open_record("interview", "")
    new = next(e for e in window.editors.values() if not e.record.id)
    new.inputs["interviewee"].set_value(NEW_NAME)
    new._mark_dirty()
    editor.inputs["place"].set_value("会议室")  # unchanged value: not part of the draft
    run.controller.lock()
    assert run.executor.vault is None and run.controller.session is not None
    assert all(d.key for d in run.controller.session.drafts)
    run.quit()


def editors_by_record(window: MainWindow) -> dict[str, RecordEditor]:
    return {e.record.id: e for e in window.editors.values()}


def test_lock_quit_reopen_offers_the_drafts_and_restores_them(start, sample: Sample, tmp_path: Path) -> None:
    record_id = sample.interviews[0].id
    edit_then_lock_then_quit(start(), sample)
    stored = Vault.open(sample.vault.path, PASSPHRASE)
    try:
        assert stored.records.get(record_id).summary != SECRET  # type: ignore[attr-defined]
        assert len(DraftStore(stored.con).all()) == 2
    finally:
        stored.close()

    run = start()
    run.answer = lambda drafts: DraftChoice(restore=[d.key for d in drafts])
    window = run.unlock()
    assert len(run.offered) == 1
    drafts = run.offered[0]
    assert [(d.kind, d.record_id) for d in drafts] == [("interview", record_id), ("interview", "")]
    existing, new = drafts
    assert existing.values == {"interviewee": "", "summary": SECRET} and existing.base["interviewee"] == "周局长"
    assert not existing.changed_meanwhile and existing.reason == ""  # a lock does not try to save
    assert new.values == {"interviewee": NEW_NAME} and new.reason == ""

    editors = editors_by_record(window)
    editor = editors[record_id]
    assert editor.inputs["summary"].value() == SECRET and editor.inputs["interviewee"].value() == ""
    assert editor.dirty and "已恢复锁定前未保存的修改" in editor.banner.text()
    assert editors[""].inputs["interviewee"].value() == NEW_NAME and editors[""].dirty
    assert stored_drafts(run.executor.vault) == []  # type: ignore[arg-type]  # now in the editors

    editor.undo()  # the restore is one undo step
    assert editor.inputs["summary"].value() == sample.interviews[0].summary and not editor.dirty
    editor.redo()
    assert editor.inputs["summary"].value() == SECRET


def test_a_valid_edit_at_a_lock_is_a_draft_not_a_saved_record(start, sample: Sample) -> None:
    """Valid or not, half-typed work waits in a draft; quitting while locked does not save it either."""
    record_id = sample.interviews[1].id
    run = start()
    window = run.enter(sample.vault)
    window.open_record("interview", record_id)
    editor = window.editors[record_id]
    editor.inputs["summary"].set_value(SECRET)  # a valid edit: the store would take it
    editor._mark_dirty()
    run.controller.lock()
    run.quit()
    stored = Vault.open(sample.vault.path, PASSPHRASE)
    try:
        assert stored.records.get(record_id).summary == sample.interviews[1].summary  # type: ignore[attr-defined]
        assert [d.values for d in stored_drafts(stored)] == [{"summary": SECRET}]
    finally:
        stored.close()

    again = start()
    again.answer = lambda drafts: DraftChoice(restore=[d.key for d in drafts])
    window = again.unlock()
    editor = editors_by_record(window)[record_id]
    assert editor.dirty and editor.inputs["summary"].value() == SECRET
    assert "已恢复锁定前未保存的修改" in editor.banner.text()


def test_discarded_drafts_are_gone_and_not_offered_again(start, sample: Sample) -> None:
    edit_then_lock_then_quit(start(), sample)
    run = start()
    run.answer = lambda drafts: DraftChoice(discard=[d.key for d in drafts])
    window = run.unlock()
    assert len(run.offered[0]) == 2 and window.editors == {}
    assert stored_drafts(run.executor.vault) == []  # type: ignore[arg-type]
    stored = run.executor.vault.records.get(sample.interviews[0].id)  # type: ignore[union-attr]
    assert isinstance(stored, Interview) and stored.summary == sample.interviews[0].summary
    run.controller.lock()
    run.quit()

    again = start()
    again.unlock()
    assert again.offered == []


def test_drafts_left_for_later_are_offered_at_the_next_unlock(start, sample: Sample) -> None:
    edit_then_lock_then_quit(start(), sample)
    run = start()
    window = run.unlock()  # answers "以后再说"
    assert len(run.offered) == 1 and window.editors == {}
    run.controller.lock()
    run.answer = lambda drafts: DraftChoice(restore=[drafts[1].key])  # only the new interview
    run.unlock()
    assert len(run.offered) == 2 and len(run.offered[1]) == 2
    assert [e.record.id for e in window.editors.values()] == [""]
    assert len(stored_drafts(run.executor.vault)) == 1  # type: ignore[arg-type]


def test_a_draft_of_a_record_changed_meanwhile_is_restored_with_a_warning(start, sample: Sample) -> None:
    record_id = sample.interviews[0].id
    edit_then_lock_then_quit(start(), sample)
    # Meanwhile (an import, say) somebody changes the summary the draft also changes, and the place.
    other = Vault.open(sample.vault.path, PASSPHRASE)
    try:
        record = other.records.get(record_id)
        assert isinstance(record, Interview)
        other.records.save(dataclasses.replace(record, summary="导入的摘要", place="第二会议室"))
    finally:
        other.close()

    run = start()
    run.answer = lambda drafts: DraftChoice(restore=[d.key for d in drafts])
    window = run.unlock()
    draft = run.offered[0][0]
    assert draft.changed_meanwhile and draft.conflicts == ("summary",) and not draft.deleted
    dialog = DraftsDialog(run.offered[0])
    text = dialog.list.item(0).text()
    assert "⚠" in text and "谈话摘要" in text and "⚠" not in dialog.list.item(1).text()
    dialog.deleteLater()

    editor = editors_by_record(window)[record_id]
    assert editor.inputs["summary"].value() == SECRET  # the user's draft …
    assert editor.inputs["place"].value() == "第二会议室"  # … over the record as it is now
    assert editor.inputs["interviewee"].value() == ""
    banner = editor.banner.text()
    assert "已被修改" in banner and "“谈话摘要”" in banner and "覆盖" in banner
    assert editor.inputs["summary"].focus_widget().property("invalid") is True


def test_a_draft_of_a_deleted_record_says_so(start, sample: Sample) -> None:
    record_id = sample.interviews[0].id
    edit_then_lock_then_quit(start(), sample)
    other = Vault.open(sample.vault.path, PASSPHRASE)
    try:
        other.records.delete(record_id)
    finally:
        other.close()
    run = start()
    run.answer = lambda drafts: DraftChoice(restore=[drafts[0].key])
    window = run.unlock()
    assert run.offered[0][0].deleted and run.offered[0][0].changed_meanwhile
    assert "已被删除" in editors_by_record(window)[record_id].banner.text()


def test_the_dialog_restores_or_discards_the_ticked_drafts(qtbot, start, sample: Sample) -> None:
    edit_then_lock_then_quit(start(), sample)
    vault = Vault.open(sample.vault.path, PASSPHRASE)
    try:
        drafts = stored_drafts(vault)
    finally:
        vault.close()
    dialog = DraftsDialog(drafts)
    qtbot.addWidget(dialog)
    assert any("以下 2 份修改" in label.text() for label in dialog.findChildren(QLabel))
    assert dialog.checked_keys() == [d.key for d in drafts]
    first = dialog.list.item(0).text()
    assert "谈话记录" in first and "谈话摘要" in first and "锁定于" in first
    assert dialog.list.item(1).text().startswith("新建谈话记录：" + NEW_NAME)
    dialog.list.item(0).setCheckState(dialog.list.item(0).checkState().Unchecked)
    assert dialog.checked_keys() == [drafts[1].key]
    dialog.confirm_discard = lambda count: False
    dialog.discard_button.click()
    assert dialog.result() == 0  # not confirmed: the dialog is still open, nothing chosen
    dialog.confirm_discard = lambda count: count == 1
    dialog.discard_button.click()
    assert dialog.result() == DraftsDialog.DISCARD
    assert dialog.choice(dialog.result()) == DraftChoice(discard=[drafts[1].key])
    dialog.list.item(1).setCheckState(dialog.list.item(1).checkState().Unchecked)
    assert not dialog.restore_button.isEnabled() and not dialog.discard_button.isEnabled()


def test_drafts_never_reach_the_disk_in_plain_text(start, sample: Sample, tmp_path: Path) -> None:
    edit_then_lock_then_quit(start(), sample)
    needles = [SECRET.encode("utf-8"), NEW_NAME.encode("utf-8"), SECRET.encode("utf-16-le")]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path


CHILD = """
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel
from app.services.session import describe
from app.storage.vault import Vault
from app.ui.application import AppController
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor

path, record_id, passphrase, secret = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
app = QApplication([])
executor = DbExecutor(synchronous=True)
settings = Settings(QSettings(str(path.parent / "child.ini"), QSettings.Format.IniFormat))
controller = AppController(executor, settings=settings)
_vault = Vault.open(path, passphrase)
executor.set_vault(_vault)
controller._enter(describe(_vault))
window = controller.window
window.open_record("interview", record_id)
editor = window.editors[record_id]
editor.inputs["summary"].set_value(secret)
editor.inputs["interviewee"].set_value("")
editor._mark_dirty()
controller.lock()
print("LOCKED", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_draft_survives_the_app_being_killed_while_locked(start, sample: Sample) -> None:
    record_id = sample.interviews[0].id
    path = sample.vault.path
    sample.vault.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.run([sys.executable, "-c", CHILD, str(path), record_id, PASSPHRASE, SECRET],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert child.stdout.strip() == "LOCKED", child.stderr
    assert child.returncode == -signal.SIGKILL

    run = start()
    run.answer = lambda drafts: DraftChoice(restore=[d.key for d in drafts])
    window = run.unlock()
    assert [(d.record_id, d.values["summary"]) for d in run.offered[0]] == [(record_id, SECRET)]
    editor = editors_by_record(window)[record_id]
    assert editor.inputs["summary"].value() == SECRET and editor.inputs["interviewee"].value() == ""
    assert editor.dirty and "已恢复锁定前未保存的修改" in editor.banner.text()


def test_a_lock_while_the_drafts_question_is_open_closes_it(start, sample: Sample) -> None:
    edit_then_lock_then_quit(start(), sample)
    run = start()
    recovery = run.controller.drafts
    seen: list[bool] = []

    stuck: list[bool] = []

    def unstick() -> None:  # only so that a regression fails instead of hanging the run
        if recovery.dialog is not None:
            stuck.append(True)
            recovery.dialog.reject()

    def ask_then_lock(parent: object, drafts: list[DraftContent]) -> DraftChoice:
        QTimer.singleShot(0, run.controller.lock)  # the idle timer fires while the dialog waits
        QTimer.singleShot(10_000, recovery, unstick)  # gone with the controller
        choice = recovery.ask(None, drafts)
        seen.append(True)
        return choice

    recovery.choose = ask_then_lock
    run.enter(Vault.open(sample.vault.path, PASSPHRASE))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert seen and not stuck and run.executor.vault is None and recovery.dialog is None
    assert run.controller.dialog is not None  # locked: the unlock dialog asks again
    leftovers = [t for w in QApplication.topLevelWidgets() for t in widget_texts(w)
                 if sample.interviews[0].number in t or NEW_NAME in t]
    assert leftovers == []
    vault = Vault.open(sample.vault.path, PASSPHRASE)
    try:
        assert len(stored_drafts(vault)) == 2  # left for the next unlock
    finally:
        vault.close()
