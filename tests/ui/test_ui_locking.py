"""Locking: the idle timer on a fake clock, the clipboard guard, edits kept over a lock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.records import Interview
from app.services.drafts import decode_values, encode_values
from app.services.session import describe
from app.storage.vault import Vault
from app.ui.application import AppController
from app.ui.main_window import MainWindow
from app.ui.security.locking import ClipboardGuard, InactivityTimer, set_clipboard
from app.ui.tasks import DbExecutor
from tests.conftest import PASSPHRASE
from tests.ui.conftest import Sample, widget_texts


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def guard(qapp: QApplication) -> Iterator[ClipboardGuard]:
    g = ClipboardGuard(30, timer=QTimer())
    set_clipboard(g)
    QGuiApplication.clipboard().clear()
    yield g
    g.timer.stop()
    set_clipboard(None)


def test_idle_timer_fires_only_after_the_idle_time(qtbot) -> None:
    clock = FakeClock()
    timer = InactivityTimer(300, clock=clock)
    fired: list[bool] = []
    timer.inactive.connect(lambda: fired.append(True))
    timer.start()
    widget = QWidget()
    qtbot.addWidget(widget)
    clock.advance(299)
    assert not timer.check() and not fired
    # any key or mouse event anywhere in the app counts as presence
    QCoreApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))
    clock.advance(299)
    assert not timer.check()
    QCoreApplication.sendEvent(widget, QMouseEvent(QEvent.Type.MouseMove, QPointF(3, 3), QPointF(3, 3),
                                                   Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                   Qt.KeyboardModifier.NoModifier))
    clock.advance(299.5)
    assert not timer.check()
    clock.advance(1)
    assert timer.check() and fired == [True]
    clock.advance(600)
    assert not timer.check() and fired == [True]  # once, until the next activity
    timer.stop()


def test_idle_timer_off_and_reconfigured(qtbot) -> None:
    clock = FakeClock()
    timer = InactivityTimer(0, clock=clock)
    timer.start()
    clock.advance(10_000)
    assert not timer.check()
    timer.set_timeout(60)
    assert timer.tick.isActive()
    assert timer.check()  # idle since the start, long past the new limit
    timer.stop()
    assert not timer.tick.isActive()


def test_clipboard_guard_clears_only_its_own_text(guard: ClipboardGuard) -> None:
    board = QGuiApplication.clipboard()
    guard.copy("周局长 反映围标")
    assert board.text() == "周局长 反映围标"
    assert board.mimeData().data("x-kde-passwordManagerHint").data() == b"secret"
    assert guard.holds_ours and guard.timer.isActive()
    guard.timer.timeout.emit()  # the 30-second timeout, without waiting for it
    assert board.text() == ""

    guard.copy("机密内容")
    board.setText("用户在别处复制的文字")
    assert not guard.clear()
    assert board.text() == "用户在别处复制的文字"


def test_draft_encoding_round_trips() -> None:
    import datetime as dt

    values = {"interviewee": "郑科长", "time": dt.datetime(2024, 3, 1, 9, 0), "interviewers": ["a", "b"],
              "confirmed": True, "outline": [{"category": "一", "question": "问", "answer": "答"}]}
    kind, back = decode_values(encode_values("interview", values))
    assert kind == "interview" and back == values


@pytest.fixture
def controller(qtbot, executor: DbExecutor, sample: Sample, ui_settings, guard) -> Iterator[AppController]:
    clock = FakeClock()
    ui_settings.lock_minutes = 5
    ctl = AppController(executor, settings=ui_settings, clock=clock, clipboard_guard=guard)
    ctl.clock = clock  # type: ignore[attr-defined]
    executor.set_vault(sample.vault)
    ctl._enter(describe(sample.vault))
    assert ctl.window is not None
    qtbot.addWidget(ctl.window)
    yield ctl
    ctl.idle.stop()
    for editor in ctl.window.editors.values():
        editor.confirm_discard = lambda: True  # never a modal question at teardown
    if executor.vault is not None:
        executor.vault.close()


def unlock(controller: AppController) -> Vault:
    dialog = controller.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.passphrase.setText(PASSPHRASE)  # type: ignore[attr-defined]
    dialog.unlock()  # type: ignore[attr-defined]
    vault = controller.executor.vault
    assert vault is not None and vault.is_open
    return vault


def test_idle_lock_saves_nothing_and_puts_every_unsaved_edit_back(controller: AppController,
                                                                   sample: Sample) -> None:
    """A lock is not the person saving: valid edits and half-typed ones alike wait, encrypted, in
    drafts, and come back into their editors, unsaved, with a notice (docs/security.md §2.7)."""
    window = controller.window
    assert isinstance(window, MainWindow)
    clock = controller.clock  # type: ignore[attr-defined]
    window.show_page("interview")
    page = window.list_pages["interview"]
    page.select_record(sample.interviews[1].id)
    page.copy_selected()
    assert "吴书记" in QGuiApplication.clipboard().text()

    # a valid edit of an existing record, and a new record the rules refuse
    window.open_record("interview", sample.interviews[0].id)
    editor = window.editors[sample.interviews[0].id]
    editor.inputs["summary"].set_value("锁定前补充的摘要")
    editor._mark_dirty()
    window.open_record("interview", "")
    new = next(e for e in window.editors.values() if not e.record.id)
    new.inputs["interviewee"].set_value("郑科长")
    new.inputs["summary"].set_value("尚未填完的谈话")
    new._mark_dirty()
    window.open_record("lead", sample.lead.id)  # open, unchanged

    clock.advance(299)
    controller.idle.check()
    assert sample.vault.is_open
    clock.advance(1)
    controller.idle.check()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    assert not sample.vault.is_open and controller.executor.vault is None
    assert QGuiApplication.clipboard().text() == ""
    secrets = ["周局长", "吴书记", "钱处长", "围标", "锁定前补充的摘要", "郑科长", "尚未填完的谈话", "市水务局"]
    leftovers = [t for w in QApplication.topLevelWidgets() for t in widget_texts(w) if any(s in t for s in secrets)]
    assert leftovers == []
    session = controller.session
    assert session is not None and session.page == "interview" and not session.pending
    assert [d.record_id for d in session.drafts] == [sample.interviews[0].id, ""]
    assert all(d.key and not d.reason for d in session.drafts)

    vault = unlock(controller)
    assert window.isVisible() and window.current_key() == "interview"
    assert page.selected_ids() == [sample.interviews[1].id]
    stored = vault.records.get(sample.interviews[0].id)
    assert isinstance(stored, Interview) and stored.summary == sample.interviews[0].summary  # not saved
    assert sample.lead.id in window.editors and sample.interviews[0].id in window.editors
    assert not window.editors[sample.lead.id].dirty and not window.editors[sample.lead.id].banner.text()
    edited = window.editors[sample.interviews[0].id]
    assert edited.dirty and edited.inputs["summary"].value() == "锁定前补充的摘要"
    assert "已恢复锁定前未保存的修改" in edited.banner.text() and "未能保存" not in edited.banner.text()
    edited.undo()  # the restore is one step: back to the record as stored
    assert edited.inputs["summary"].value() == sample.interviews[0].summary and not edited.dirty
    edited.redo()
    assert edited.save() is not None  # the person decides: now it is saved
    stored = vault.records.get(sample.interviews[0].id)
    assert isinstance(stored, Interview) and stored.summary == "锁定前补充的摘要" and not edited.dirty
    restored = next(e for e in window.editors.values() if not e.record.id)
    assert restored.dirty and restored.inputs["interviewee"].value() == "郑科长"
    assert restored.inputs["summary"].value() == "尚未填完的谈话"
    assert "已恢复锁定前未保存的修改" in restored.banner.text()
    assert controller.session is None and controller.idle.active
    restored.confirm_discard = lambda: True


def test_lock_action_and_preferences(controller: AppController, ui_settings) -> None:
    window = controller.window
    assert window is not None
    ui_settings.lock_minutes = 1
    window.settings_changed.emit()
    assert controller.idle.timeout == 60
    window.lock_action.trigger()
    assert controller.executor.vault is None and controller.dialog is not None
    controller.dialog.reject()
