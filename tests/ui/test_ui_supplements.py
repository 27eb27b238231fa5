"""A finalised interview in its editor: read-only, a clear lock line, supplements added by a dialog
(app/ui/records/supplements.py, app/services/supplements.py; docs/domain.md §3.1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from app.domain.records import Interview
from app.domain.rules import INTERVIEW_FINAL
from app.export.pdf.interview import interview_from_vault
from app.services.supplements import add_supplement
from app.storage.errors import RuleViolation
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.panels import InterviewPanel
from app.ui.records.supplements import SupplementDialog, SupplementsBox
from tests.test_pdf import pdf_text, squash
from tests.ui.conftest import Sample, widget_texts


def finalise(sample: Sample) -> Interview:
    record = sample.interviews[0]
    final = sample.vault.records.save(dataclasses.replace(record, confirmed=True, content="原始谈话内容",
                                                          status=INTERVIEW_FINAL))
    assert isinstance(final, Interview)
    return final


def editor_of(window: MainWindow, record_id: str) -> tuple[RecordEditor, SupplementsBox]:
    window.open_record("interview", record_id)
    editor = window.editors[record_id]
    assert isinstance(editor.panel, InterviewPanel)
    return editor, editor.panel.supplements


def editable(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return widget.isEnabled()


def test_a_final_interview_is_read_only_with_a_lock_line(window: MainWindow, sample: Sample) -> None:
    final = finalise(sample)
    editor, box = editor_of(window, final.id)
    assert not box.notice.isHidden() and "已定稿，原文不可修改" in box.notice_label.text()
    assert not box.add_button.isHidden() and box.add_button.text() == "添加补充说明…"
    for name in ("content", "summary", "interviewee"):
        assert not editable(editor.inputs[name].focus_widget()), name
    for name in ("status", "kind", "interviewers", "confirmed"):
        assert not editor.inputs[name].focus_widget().isEnabled(), name
    assert editor.inputs["content"].value() == "原始谈话内容"  # readable, selectable, not greyed out
    assert editor.inputs["content"].focus_widget().isEnabled()
    assert editor.panel.rules_box is not None and editor.panel.rules_box.isHidden()  # finalising is past
    assert editor.inputs["supplements"].isHidden() and not box.isHidden()  # the list, not the raw table
    assert [label.text() for label in box.rows] == [] and not box.empty_label.isHidden()


def test_a_draft_interview_stays_editable_without_the_lock_line(window: MainWindow, sample: Sample) -> None:
    editor, box = editor_of(window, sample.interviews[1].id)
    assert box.notice.isHidden() and box.isHidden() and editor.inputs["supplements"].isHidden()
    assert editable(editor.inputs["content"].focus_widget()) and editor.inputs["status"].focus_widget().isEnabled()
    assert box.add() is None  # nothing to add to a record that can still be edited


def test_adding_a_supplement_appends_a_dated_row_by_the_owner(window: MainWindow, sample: Sample) -> None:
    final = finalise(sample)
    editor, box = editor_of(window, final.id)
    asked: list[str] = []

    def answer(_parent: QWidget, author: str) -> tuple[str, str]:
        asked.append(author)
        return "  谈话对象补充提供了会议纪要。\n另附两页复印件。 ", "冒名者"

    box.ask = answer
    before = dt.datetime.now().replace(second=0, microsecond=0)
    box.add()
    assert asked == ["测试员"]  # the vault's owner (tests/conftest.py)
    stored = sample.vault.records.get(final.id, Interview)
    assert isinstance(stored, Interview) and stored.content == "原始谈话内容" and stored.status == INTERVIEW_FINAL
    [row] = stored.supplements
    assert row["by"] == "测试员" and row["text"] == "谈话对象补充提供了会议纪要。\n另附两页复印件。"
    assert before <= dt.datetime.strptime(row["at"], "%Y-%m-%d %H:%M") <= dt.datetime.now()
    assert len(box.rows) == 1 and "补充人：测试员" in box.rows[0].text() and "会议纪要" in box.rows[0].text()
    assert box.empty_label.isHidden()
    assert not editor.dirty and editor.record.supplements == [row]  # the form follows the record as stored
    assert editor.status.text() == "已添加补充说明"
    journal = [e for e in sample.vault.journal.entries() if e.record_id == final.id and "supplements" in e.changes]
    assert journal  # journalled like every change

    box.ask = lambda _parent, _author: ("第二次补充。", "")
    box.add()
    stored = sample.vault.records.get(final.id, Interview)
    assert isinstance(stored, Interview) and [r["text"] for r in stored.supplements] == [row["text"], "第二次补充。"]
    assert len(box.rows) == 2

    box.ask = lambda _parent, _author: None  # cancelled: nothing changes
    box.add()
    assert len(sample.vault.records.get(final.id, Interview).supplements) == 2  # type: ignore[attr-defined]


def test_a_refused_supplement_is_a_clear_message_and_changes_nothing(window: MainWindow, sample: Sample) -> None:
    final = finalise(sample)
    editor, box = editor_of(window, final.id)
    box.ask = lambda _parent, _author: ("   ", "")  # only spaces: the store refuses it
    box.add()
    assert "须写明补充时间、补充人和补充内容" in editor.banner.text() and not editor.banner.isHidden()
    assert sample.vault.records.get(final.id, Interview).supplements == []  # type: ignore[attr-defined]
    assert box.add_button.isEnabled()


def test_saving_an_interview_as_final_locks_its_editor(window: MainWindow, sample: Sample) -> None:
    record = sample.interviews[0]
    editor, box = editor_of(window, record.id)
    assert box.notice.isHidden()
    editor.inputs["confirmed"].set_value(True)
    editor._mark_dirty()
    editor.inputs["status"].set_value(INTERVIEW_FINAL)
    editor._mark_dirty()
    assert editor.save() is not None
    assert not box.notice.isHidden() and not editable(editor.inputs["content"].focus_widget())
    assert isinstance(editor.record, Interview) and editor.record.status == INTERVIEW_FINAL


def test_the_dialog_takes_text_and_shows_time_and_author(qtbot) -> None:
    dialog = SupplementDialog("王组长")
    qtbot.addWidget(dialog)
    assert dialog.author_edit.isReadOnly() and dialog.author() == "王组长"
    assert dt.datetime.strptime(dialog.time_label.text(), "%Y-%m-%d %H:%M")
    assert not dialog.save_button.isEnabled()
    dialog.text_edit.setPlainText("补充内容")
    assert dialog.save_button.isEnabled()
    dialog.text_edit.setPlainText("  ")
    assert not dialog.save_button.isEnabled()

    ownerless = SupplementDialog("")  # a vault without an owner: the author is typed
    qtbot.addWidget(ownerless)
    ownerless.text_edit.setPlainText("补充内容")
    assert not ownerless.author_edit.isReadOnly() and not ownerless.save_button.isEnabled()
    ownerless.author_edit.setText("李副组长")
    assert ownerless.save_button.isEnabled()


def test_the_service_refuses_what_the_rule_refuses(sample: Sample) -> None:
    final = finalise(sample)
    saved = add_supplement(sample.vault, final.id, "补充", at=dt.datetime(2024, 5, 8, 10, 0))
    assert saved.supplements == [{"at": "2024-05-08 10:00", "by": "测试员", "text": "补充"}]
    with pytest.raises(RuleViolation):
        add_supplement(sample.vault, final.id, "")
    assert len(sample.vault.records.get(final.id, Interview).supplements) == 1  # type: ignore[attr-defined]


def test_no_supplement_text_is_left_in_the_window_after_a_lock(window: MainWindow, sample: Sample) -> None:
    final = add_supplement(sample.vault, finalise(sample).id, "锁定后不应残留的补充")
    editor_of(window, final.id)
    window.clear_for_lock()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leftovers = [t for w in QApplication.topLevelWidgets() for t in widget_texts(w) if "锁定后不应残留" in t]
    assert leftovers == []


def test_the_pdf_prints_the_supplements_after_the_record(sample: Sample, tmp_path: Path) -> None:
    final = finalise(sample)
    add_supplement(sample.vault, final.id, "谈话对象补充提供了会议纪要。", at=dt.datetime(2024, 5, 8, 10, 5))
    add_supplement(sample.vault, final.id, "核实了纪要的日期。", by="无效", at=dt.datetime(2024, 5, 9, 15, 0))
    data = tmp_path / "iv.pdf"
    interview_from_vault(sample.vault, final.id).build(data)
    text = squash(pdf_text(data.read_bytes()))
    first = squash("（一）2024年5月8日10时05分补充人：测试员谈话对象补充提供了会议纪要。")
    second = squash("（二）2024年5月9日15时00分补充人：测试员核实了纪要的日期。")
    assert first in text and second in text
    assert text.index(squash("原始谈话内容")) < text.index(squash("补充说明")) < text.index(first) < text.index(second)
