"""Per-record history: the journal of a record in a dialog opened from its editor."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.history import COLUMNS, DELETED_LABEL, HistoryDialog, HistoryModel, HistoryRow, elide
from tests.ui.conftest import Sample, widget_texts


def open_editor(window: MainWindow, record_id: str) -> RecordEditor:
    window.open_record("", record_id)
    return window.editors[record_id]


def rows_of(model: HistoryModel) -> list[tuple[str, ...]]:
    return [tuple(str(model.index(r, c).data() or "") for c in range(len(COLUMNS))) for r in range(model.rowCount())]


def test_history_lists_create_update_delete_with_labels(qtbot, qtmodeltester, window: MainWindow,
                                                        sample: Sample) -> None:
    vault = sample.vault
    interview = sample.interviews[0]
    vault.records.save(dataclasses.replace(interview, summary="补充：反映围标问题", place="小会议室"))
    editor = open_editor(window, interview.id)
    assert editor.history_button.isEnabled()
    editor.history_button.click()
    dialog = editor.history
    assert isinstance(dialog, HistoryDialog)
    qtmodeltester.check(dialog.model)
    rows = rows_of(dialog.model)
    actions = {r[2] for r in rows}
    assert {"新建", "修改"} <= actions
    fields = {r[3] for r in rows}
    assert {"谈话摘要", "谈话地点", "谈话人", "谈话对象"} <= fields
    assert "deleted" not in fields and "summary" not in fields
    summary = next(r for r in rows if r[2] == "修改" and r[3] == "谈话摘要")
    assert summary[4] == "反映工程招标中存在围标串标问题0 → 补充：反映围标问题"
    assert summary[1] == "测试员"
    interviewers = next(r for r in rows if r[3] == "谈话人")
    assert interviewers[4] == "（空） → 王组长、李副组长"  # ids shown as the members' names
    assert rows[0][2] == "修改"  # newest first
    assert "共 2 次操作" in dialog.status.text()


def test_history_shows_the_tombstone(qtmodeltester, window: MainWindow, sample: Sample) -> None:
    vault = sample.vault
    vault.records.delete(sample.lead.id)
    vault.records.restore(sample.lead.id)
    editor = open_editor(window, sample.lead.id)
    dialog = editor.show_history()
    assert dialog is not None
    rows = rows_of(dialog.model)
    assert [(r[2], r[3], r[4]) for r in rows[:2]] == [("恢复", DELETED_LABEL, "是 → 否"),
                                                       ("删除", DELETED_LABEL, "否 → 是")]


def test_long_values_are_elided_with_the_full_text_in_the_tooltip(qtmodeltester) -> None:
    long = "很长的谈话内容" * 30
    model = HistoryModel()
    model.set_rows([HistoryRow(1, "2024-03-10 09:30:00", "测试员", "dev1", "修改", "谈话内容", "", long)])
    qtmodeltester.check(model)
    cell = model.index(0, 4).data()
    assert cell.endswith("…") and len(cell) <= 60
    assert model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == f"原值：（空）\n新值：{long}"
    assert elide("a\nb") == "a b"


def test_new_record_has_no_history_and_lock_closes_the_dialog(window: MainWindow, sample: Sample) -> None:
    window.open_record("interview", "")
    new = next(e for e in window.editors.values() if not e.record.id)
    assert not new.history_button.isEnabled() and new.show_history() is None

    editor = open_editor(window, sample.interviews[1].id)
    dialog = editor.show_history()
    assert dialog is not None and dialog.model.rowCount() > 0
    window.clear_for_lock()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert editor.history is None or not editor.history.isVisible()
    assert not any("吴书记" in t for t in widget_texts(window))
