"""Form-level undo in the record editors: real widgets, real keys (pytest-qt)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from app.domain.records import Interview, Member, Paper
from app.domain.vocab import HEADINGS, PAPER_REVIEW, PAPER_SIGNED
from app.services.editing import load_editor_context
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import (
    BoolInput,
    ChoiceInput,
    DateInput,
    IntInput,
    LongTextInput,
    RefInput,
    RefsInput,
    TextInput,
)
from app.ui.records.table_input import RowsInput
from tests.conftest import PASSPHRASE
from tests.ui.conftest import Sample

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_editor(qtbot, window: MainWindow, kind: str, record_id: str = "") -> RecordEditor:
    window.open_record(kind, record_id)
    editor = window.editors[record_id] if record_id else [e for e in window.editors.values() if not e.record.id][-1]
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    return editor


def line_edit(editor: RecordEditor, name: str) -> QLineEdit:
    widget = editor.inputs[name]
    assert isinstance(widget, TextInput)
    return widget.edit


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """ASCII as key clicks; Chinese as an input method commits it, one character at a time."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> None:
    """A key to whatever has focus, as the user presses it (shortcut override included)."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifiers)


def test_typing_is_one_step_per_field_and_undo_goes_back_across_fields(qtbot, window: MainWindow,
                                                                        sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    assert not editor.undo_action.isEnabled() and not editor.redo_action.isEnabled() and not editor.dirty
    place, interviewee = line_edit(editor, "place"), line_edit(editor, "interviewee")
    type_into(qtbot, place, "二楼")
    type_into(qtbot, interviewee, "（代）")
    assert place.text() == "会议室二楼" and interviewee.text() == "周局长（代）"
    assert editor.undo_stack.count() == 2  # eleven keystrokes, two fields: two steps
    assert editor.dirty and editor.undo_action.isEnabled()
    assert "谈话对象" in editor.undo_action.toolTip()

    press(qtbot, Qt.Key.Key_Z)  # focus is in the interviewee line edit: still the form's undo
    assert interviewee.text() == "周局长" and place.text() == "会议室二楼"
    press(qtbot, Qt.Key.Key_Z)
    assert place.text() == "会议室" and not editor.dirty
    assert not editor.undo_action.isEnabled() and editor.redo_action.isEnabled()
    press(qtbot, Qt.Key.Key_Z, CTRL_SHIFT)
    assert place.text() == "会议室二楼" and interviewee.text() == "周局长"
    press(qtbot, Qt.Key.Key_Y)
    assert interviewee.text() == "周局长（代）" and editor.dirty
    assert not editor.redo_action.isEnabled()


def test_the_line_edits_own_undo_never_answers_ctrl_z(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    place = line_edit(editor, "place")
    type_into(qtbot, place, "东")
    assert place.isUndoAvailable()  # QLineEdit keeps its own history of that keystroke …
    editor.undo_stack.clear()  # … while the form has nothing left to undo
    press(qtbot, Qt.Key.Key_Z)
    assert place.text() == "会议室东"  # the key did not fall through to the widget's undo

    summary = editor.inputs["summary"]
    assert isinstance(summary, LongTextInput) and not summary.edit.isUndoRedoEnabled()


def test_context_menu_of_a_text_field_offers_the_forms_undo(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    for widget in (line_edit(editor, "place"), editor.inputs["summary"].focus_widget()):
        assert isinstance(widget, QLineEdit | QPlainTextEdit)
        assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
        menu = editor.text_menu(widget)
        actions = menu.actions()
        assert editor.undo_action in actions and editor.redo_action in actions
        assert not any(a.objectName() in ("edit-undo", "edit-redo") for a in actions)
        assert any(a.objectName() == "edit-copy" for a in actions)  # the rest of the menu stays
        menu.deleteLater()


def test_every_kind_of_field_undoes_and_redoes(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    inputs = editor.inputs
    before = editor.values()

    kind = inputs["kind"]
    assert isinstance(kind, ChoiceInput)
    i = kind.combo.findData("选谈")
    kind.combo.setCurrentIndex(i)
    kind.combo.activated.emit(i)
    unit = inputs["unit_id"]
    assert isinstance(unit, RefInput)
    unit.combo.setCurrentIndex(0)
    unit.combo.activated.emit(0)
    interviewers = inputs["interviewers"]
    assert isinstance(interviewers, RefsInput)
    interviewers.check(sample.members[0].id, False)
    when = inputs["confirmed_at"]
    assert isinstance(when, DateInput)
    qtbot.mouseClick(when.now_button, Qt.MouseButton.LeftButton)
    confirmed = inputs["confirmed"]
    assert isinstance(confirmed, BoolInput)
    confirmed.box.setFocus()
    qtbot.keyClick(confirmed.box, Qt.Key.Key_Space)
    outline = inputs["outline"]
    assert isinstance(outline, RowsInput)
    qtbot.mouseClick(outline.add_button, Qt.MouseButton.LeftButton)
    outline.model.setData(outline.model.index(0, 1), "是否存在围标？")
    type_into(qtbot, inputs["summary"].focus_widget(), "（续）")
    after = editor.values()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["unit_id", "kind", "interviewers", "outline", "summary", "confirmed", "confirmed_at"]
    assert editor.undo_stack.count() == 7

    for _ in range(7):
        editor.undo_action.trigger()
    assert editor.values() == before and not editor.dirty
    assert unit.combo.currentData() == sample.unit.id and interviewers.value() == before["interviewers"]
    for _ in range(7):
        editor.redo_action.trigger()
    assert editor.values() == after and editor.dirty


def test_numbers_and_dates_undo(qtbot, window: MainWindow) -> None:
    editor = open_editor(qtbot, window, "round", "")
    year = editor.inputs["year"]
    assert isinstance(year, IntInput)
    start = editor.inputs["start_date"]
    assert isinstance(start, DateInput)
    year.edit.setText("2024")
    start.set_value(dt.date(2024, 3, 1))
    assert editor.undo_stack.count() == 2
    editor.undo()
    assert start.value() is None and year.value() == 2024
    editor.undo()
    assert year.value() is None and not editor.dirty


def test_typing_back_to_the_start_leaves_nothing_to_undo(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    place = line_edit(editor, "place")
    type_into(qtbot, place, "甲")
    qtbot.keyClick(place, Qt.Key.Key_Backspace)
    assert place.text() == "会议室"
    assert editor.undo_stack.count() == 0 and not editor.dirty


def test_leaving_a_field_ends_its_typing_step(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    place = line_edit(editor, "place")
    type_into(qtbot, place, "A")
    type_into(qtbot, line_edit(editor, "post"), "B")
    editor.undo()  # the post's step
    type_into(qtbot, place, "C")
    type_into(qtbot, place, "D")
    assert editor.undo_stack.count() == 2  # "A" and "CD": not one step across the undo
    editor.undo()
    assert place.text() == "会议室A"


def test_undo_after_save_makes_the_form_dirty_again(qtbot, window: MainWindow, sample: Sample) -> None:
    record_id = sample.interviews[0].id
    editor = open_editor(qtbot, window, "interview", record_id)
    type_into(qtbot, line_edit(editor, "place"), "三楼")
    editor.save()
    assert not editor.dirty and editor.status.text() == "已保存"
    stored = sample.vault.records.get(record_id)
    assert isinstance(stored, Interview) and stored.place == "会议室三楼"
    assert editor.undo_action.isEnabled()  # the history survives a save

    press(qtbot, Qt.Key.Key_Z)
    assert line_edit(editor, "place").text() == "会议室" and editor.dirty
    assert editor.status.text() == "有未保存的修改"
    editor.redo()
    assert not editor.dirty  # back at the saved step
    editor.undo()
    editor.save()
    stored = sample.vault.records.get(record_id)
    assert isinstance(stored, Interview) and stored.place == "会议室" and not editor.dirty


def test_loading_another_record_clears_the_history(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    type_into(qtbot, line_edit(editor, "place"), "四楼")
    assert editor.undo_stack.count() == 1
    editor.load_record(load_editor_context(sample.vault, "interview", sample.interviews[1].id))
    assert editor.undo_stack.count() == 0 and not editor.undo_action.isEnabled() and not editor.dirty
    assert editor.record.id == sample.interviews[1].id
    assert line_edit(editor, "interviewee").text() == "吴书记" and line_edit(editor, "place").text() == "会议室"
    press(qtbot, Qt.Key.Key_Z)
    assert line_edit(editor, "place").text() == "会议室"  # nothing of the first record comes back
    with pytest.raises(ValueError):
        editor.load_record(load_editor_context(sample.vault, "lead", sample.lead.id))


def test_a_signed_papers_number_cannot_be_undone_into_editability(qtbot, window: MainWindow,
                                                                   sample: Sample) -> None:
    sample.vault.records.save(dataclasses.replace(sample.members[0], name="测试员"))  # the owner leads the team
    editor = open_editor(qtbot, window, "paper", "")
    editor.panel.ask_passphrase = lambda: PASSPHRASE
    type_into(qtbot, line_edit(editor, "title"), "违规发放津补贴")
    heading = editor.inputs["heading"]
    heading.set_value(HEADINGS[1])
    editor.inputs["facts"].set_value("2023年违规发放津贴12万元")
    editor.panel.state_buttons[PAPER_REVIEW].click()
    assert editor.panel.paper_state() == PAPER_REVIEW
    assert editor.undo_stack.count() == 0 and not editor.undo_action.isEnabled()  # a move is not undoable

    type_into(qtbot, line_edit(editor, "number"), "〔2024〕5巡-3组-07号")
    editor.inputs["review_opinion"].set_value("同意")
    editor.save()
    editor.panel.state_buttons[PAPER_SIGNED].click()
    number = line_edit(editor, "number")
    assert editor.panel.paper_state() == PAPER_SIGNED and number.isReadOnly()
    assert not editor.undo_action.isEnabled()
    number.setFocus()
    press(qtbot, Qt.Key.Key_Z)
    editor.undo()
    assert number.text() == "〔2024〕5巡-3组-07号" and number.isReadOnly() and not editor.dirty
    stored = sample.vault.records.get(editor.record.id)
    assert isinstance(stored, Paper) and stored.number == "〔2024〕5巡-3组-07号" and stored.state == PAPER_SIGNED


def test_a_recusal_acknowledgement_is_undone_with_its_assignment(qtbot, window: MainWindow,
                                                                 sample: Sample) -> None:
    vault = sample.vault
    member = vault.records.get(sample.members[2].id)
    assert isinstance(member, Member)
    vault.records.save(dataclasses.replace(member, recusals=[
        {"person": "周局长", "unit": "市水务局", "post": "局长", "relation": "表兄弟", "kind": "公务回避"}]))
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    refs = editor.inputs["interviewers"]
    assert isinstance(refs, RefsInput)

    editor.panel.acknowledge_recusal = lambda hits: False
    refs.check(sample.members[2].id)
    assert sample.members[2].id not in refs.value()
    assert editor.undo_stack.count() == 0 and not editor.dirty  # declined: nothing happened

    editor.panel.acknowledge_recusal = lambda hits: True
    refs.check(sample.members[2].id)
    notes = editor.inputs["notes"]
    assert "【回避提示已确认" in notes.value() and editor.undo_stack.count() == 1
    editor.undo()
    assert sample.members[2].id not in refs.value() and "回避提示" not in notes.value()
    editor.redo()
    assert sample.members[2].id in refs.value() and "【回避提示已确认" in notes.value()


def visual_place(editor: RecordEditor, widget: QWidget) -> tuple[int, int, int, int]:
    """(region, column, y, x): rules box, form (in its own scrolled coordinates), the links and
    attachments columns under it, the bottom row."""
    form_host = editor.form_scroll.widget()
    if form_host.isAncestorOf(widget):
        p = widget.mapTo(form_host, QPoint(0, 0))
        return (1, 0, p.y(), p.x())
    p = widget.mapTo(editor, QPoint(0, 0))
    if editor.side.isAncestorOf(widget):
        column = next(c for c in (editor.links_box, editor.attachments) if c is not None and c.isAncestorOf(widget))
        return (2, column.mapTo(editor, QPoint(0, 0)).x(), p.y(), p.x())
    return (0 if p.y() < editor.form_scroll.mapTo(editor, QPoint(0, 0)).y() else 3, 0, p.y(), p.x())


def test_tab_order_follows_the_layout(qtbot, window: MainWindow, sample: Sample) -> None:
    for kind, record_id in (("interview", sample.interviews[0].id), ("paper", "")):
        editor = open_editor(qtbot, window, kind, record_id)
        first = editor.inputs[editor.spec.fields[0].name].focus_widget()
        start = editor.panel.state_buttons[PAPER_REVIEW] if kind == "paper" else first
        stops: list[QWidget] = []
        widget = start
        while True:  # what Tab visits: focusable, visible, enabled widgets along the focus chain
            stops.append(widget)
            widget = widget.nextInFocusChain()
            while widget is not start and not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                                               and widget.isVisibleTo(editor) and editor.isAncestorOf(widget)):
                widget = widget.nextInFocusChain()
            if widget is start or len(stops) > 200:
                break
        places = [visual_place(editor, w) for w in stops]
        for a, b, wa, wb in zip(places, places[1:], stops, stops[1:], strict=False):
            same_line = abs(a[2] - b[2]) <= 8
            assert a[:2] < b[:2] or (a[:2] == b[:2] and (a[2] + 8 < b[2] or same_line and a[3] < b[3])), \
                (kind, wa, wb, a, b)
        assert editor.save_button in stops and first in stops and editor.undo_buttons[0] in stops
        if record_id:
            assert editor.links in stops and editor.attachments is not None and editor.attachments.view in stops
        editor.close()


# --- the editor's look (the Xvfb pass) ---------------------------------------------------------------


def test_an_attachments_owner_is_named_and_its_system_fields_are_locked(window: MainWindow, sample: Sample,
                                                                         tmp_path) -> None:
    photo = tmp_path / "签字页.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    attachment = sample.vault.attach_file(sample.interviews[0].id, photo)
    window.open_record("attachment", attachment.id)
    editor = window.editors[attachment.id]
    owner = editor.inputs["owner_id"]
    assert isinstance(owner, RefInput)
    assert owner.combo.currentText() == "谈话记录：T-000"  # not "deleted or not synced"
    assert not owner.isEnabled() and not editor.inputs["sha256"].isEnabled()
    assert editor.inputs["filename"].isEnabled() and editor.inputs["note"].isEnabled()


def test_long_texts_grow_with_their_text_within_bounds(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    notes = editor.inputs["notes"]
    assert isinstance(notes, LongTextInput)
    line = notes.edit.fontMetrics().lineSpacing()
    short = notes.edit.height()
    notes.set_value("\n".join(f"问：第{i}个问题？" for i in range(8)))
    eight = notes.edit.height()
    notes.set_value("\n".join(f"问：第{i}个问题？" for i in range(200)))
    tall = notes.edit.height()
    assert short < eight < tall and eight - short >= 4 * line
    assert tall < 16 * line + 40  # capped: a long note scrolls inside its box


def test_the_records_prose_is_tall_from_the_start_and_grows_further(qtbot, window: MainWindow,
                                                                     sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    content, notes = editor.inputs["content"], editor.inputs["notes"]
    assert isinstance(content, LongTextInput) and isinstance(notes, LongTextInput)
    line = content.edit.fontMetrics().lineSpacing()
    empty = content.edit.height()
    assert empty >= 8 * line and empty > notes.edit.height() + 4 * line  # 谈话内容 is written at length
    content.set_value("\n".join(f"问：第{i}个问题？答：……" for i in range(20)))
    twenty = content.edit.height()
    content.set_value("\n".join(f"问：第{i}个问题？" for i in range(500)))
    assert empty + 10 * line < twenty < content.edit.height() < 32 * line + 40


def test_a_new_record_gives_the_form_all_the_room(qtbot, window: MainWindow, sample: Sample) -> None:
    new = open_editor(qtbot, window, "lead", "")
    assert not new.side.isVisibleTo(new)
    new.inputs["subject_name"].set_value("钱处长")
    new.inputs["summary"].set_value("涉嫌插手工程项目")
    new.inputs["source"].set_value("个别谈话")
    new.save()
    assert new.record.id and new.side.isVisibleTo(new)


def test_the_delete_key_asks_first_and_the_deletion_is_in_the_history(qtbot, window: MainWindow,
                                                                      sample: Sample) -> None:
    from app.services.history import load_history
    from app.ui.records.history import history_rows

    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.show_page("lead")
    page = window.list_pages["lead"]
    page.select_record(sample.lead.id)
    asked: list[str] = []
    page.confirm = lambda text: asked.append(text) is None and False
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked and "XS-001" in asked[0] and "修改历史" in asked[0]
    assert not sample.vault.records.get(sample.lead.id).deleted  # declined: nothing happened
    page.confirm = lambda text: True
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert sample.vault.records.get(sample.lead.id).deleted and page.model.row_of(sample.lead.id) is None
    rows = history_rows(load_history(sample.vault, sample.lead.id))
    assert (rows[0].action, rows[0].field, rows[0].new) == ("删除", "删除标记", "是")


def test_ctrl_z_in_a_row_tables_cell_editor_is_the_forms_undo(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    type_into(qtbot, line_edit(editor, "place"), "B")
    outline = editor.inputs["outline"]
    assert isinstance(outline, RowsInput)
    qtbot.mouseClick(outline.add_button, Qt.MouseButton.LeftButton)
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit) and outline.view.isAncestorOf(cell)
    qtbot.keyClicks(cell, "abc")
    press(qtbot, Qt.Key.Key_Z)  # the typing in progress is the last step: the cell's
    assert outline.value() == [] and line_edit(editor, "place").text() == "会议室B"
    press(qtbot, Qt.Key.Key_Z)
    assert line_edit(editor, "place").text() == "会议室" and not editor.dirty
    editor.redo()
    editor.redo()
    assert outline.value() == [{"category": "abc", "question": "", "answer": ""}]


def test_a_value_set_by_code_counts_as_unsaved_and_undoes(qtbot, window: MainWindow, sample: Sample) -> None:
    editor = open_editor(qtbot, window, "interview", sample.interviews[0].id)
    editor.inputs["place"].set_value("临时会议室")  # a line edit's setText does not signal an edit
    assert editor.dirty and editor.undo_stack.count() == 0
    editor.undo()
    assert line_edit(editor, "place").text() == "会议室" and not editor.dirty
    editor.redo()
    assert line_edit(editor, "place").text() == "临时会议室" and editor.dirty
