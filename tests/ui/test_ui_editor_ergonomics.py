"""The editor as it is used: a steady checklist, a date picker at today, numbers typed as digits,
and a form that gets most of a 1366×768 screen (app/ui/records/editor.py, inputs.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import DateInput, IntInput, RefsInput
from tests.ui.conftest import Sample

#: What an editor gets on a 1366×768 screen (app/ui/records/editor.py caps it by the screen).
SMALL_SCREEN = (1366 - 40, 768 - 60)


def new_editor(qtbot, window: MainWindow, kind: str) -> RecordEditor:
    window.open_record(kind, "")
    editor = [e for e in window.editors.values() if not e.record.id][-1]
    editor.resize(min(840, SMALL_SCREEN[0]), SMALL_SCREEN[1])
    with qtbot.waitExposed(editor):
        editor.show()
    return editor


def form_top(editor: RecordEditor) -> int:
    return editor.form_scroll.mapTo(editor, QPoint(0, 0)).y()


def test_meeting_a_finalising_condition_does_not_move_the_form(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = new_editor(qtbot, window, "interview")
    label = editor.panel.rules_label
    assert label is not None and "定稿前还需" in label.text() and "\n" not in label.text()  # one compact line
    top = form_top(editor)
    editor.inputs["interviewee"].set_value("周局长")
    editor.inputs["time"].set_value(dt.datetime(2024, 3, 12, 9, 0))
    refs = editor.inputs["interviewers"]
    assert isinstance(refs, RefsInput)
    for member in sample.members[:2]:
        refs.check(member.id)
    QApplication.processEvents()
    assert "谈话人员不少于两人" not in label.text()
    assert form_top(editor) == top
    recorders = editor.inputs["recorders"]
    assert isinstance(recorders, RefsInput)
    recorders.check(sample.members[2].id)
    editor.inputs["confirmed"].set_value(True)
    editor.inputs["confirmed"].changed.emit()
    QApplication.processEvents()
    assert "已满足定稿条件" in label.text() and form_top(editor) == top


def click_arrow(qtbot, input_: DateInput) -> None:
    edit = input_.edit
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 8, edit.height() // 2))


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # the offscreen platform's popup
def test_an_empty_dates_calendar_opens_at_today(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = new_editor(qtbot, window, "lead")
    received = editor.inputs["received_at"]
    assert isinstance(received, DateInput) and received.value() is None
    click_arrow(qtbot, received)
    calendar = received.edit.calendarWidget()
    assert calendar is not None and calendar.isVisible()
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())  # not 1900年1月
    calendar.window().hide()
    received.set_value(dt.date(2023, 5, 6))
    click_arrow(qtbot, received)
    assert (calendar.yearShown(), calendar.monthShown()) == (2023, 5)  # a date set opens at its month
    calendar.window().hide()


def test_numbers_take_typed_digits_and_nothing_else(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = new_editor(qtbot, window, "document")
    copies = editor.inputs["copies"]
    assert isinstance(copies, IntInput) and copies.value() is None
    copies.focus_widget().setFocus()
    qtbot.keyClicks(copies.edit, "12")
    assert copies.value() == 12 and editor.dirty
    qtbot.keyClicks(copies.edit, "x-.3")
    assert copies.value() == 123 and copies.edit.text() == "123"
    copies.edit.clear()
    assert copies.value() is None


def test_at_1366x768_the_form_gets_most_of_the_height(qtbot, window: MainWindow, sample: Sample) -> None:
    window.open_record("", sample.interviews[0].id)
    editor = window.editors[sample.interviews[0].id]
    editor.resize(min(840, SMALL_SCREEN[0]), SMALL_SCREEN[1])
    with qtbot.waitExposed(editor):
        editor.show()
    assert editor.side.isVisible()  # links and attachments are there, and usable
    assert editor.form_scroll.height() > 0.55 * editor.height()
    assert editor.form_scroll.height() > 2.5 * editor.side.height()
    assert editor.links_box.add_button.isVisible() and editor.links.height() > editor.links.fontMetrics().height() * 2
