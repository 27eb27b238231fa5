"""The main window on a real vault: lists, the editor, rules, deleting, search, locking."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from app import __version__
from app.domain.records import Interview
from app.storage.vault import Vault
from app.ui.application import AppController
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import RefsInput
from app.ui.tasks import DbExecutor
from tests.ui.conftest import Sample, enter_vault, widget_texts


@pytest.fixture
def window(window: MainWindow) -> MainWindow:
    """The conftest window, shown (these tests look at visibility and layout)."""
    window.show()
    return window


def open_new(window: MainWindow, kind: str) -> RecordEditor:
    window.open_record(kind, "")
    editors = [e for e in window.editors.values() if not e.record.id]
    assert editors, "editor did not open"
    return editors[-1]


def test_title_overview_and_lists(window: MainWindow, sample: Sample) -> None:
    assert window.windowTitle() == f"巡察工作台 {__version__} — v.xcv"  # the version shows in the window
    assert window.overview.values["interviews"].text() == "2"
    assert window.overview.values["members"].text() == "3"
    window.show_page("interview")
    page = window.list_pages["interview"]
    assert page.loaded and page.proxy.rowCount() == 2
    assert page.count_label.text() == "共 2 条"
    texts = {page.proxy.index(r, 1).data() for r in range(2)}
    assert texts == {"周局长", "吴书记"}
    page.filter_edit.setText("吴")
    page._refilter()
    assert page.proxy.rowCount() == 1 and "显示 1 / 2" in page.count_label.text()
    window.show_page("people")
    assert window.list_pages["team"].loaded


def test_every_navigation_page_shows(window: MainWindow) -> None:
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[:3] == ["概览", "谈话记录", "信访登记"] and "交接包" in labels and "冲突" in labels
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.stack.currentIndex() == row


def fill_interview(editor: RecordEditor, sample: Sample, interviewers: int) -> None:
    inputs = editor.inputs
    inputs["interviewee"].set_value("郑科长")
    inputs["number"].set_value("T-100")
    inputs["time"].set_value(dt.datetime(2024, 3, 20, 14, 0))
    inputs["kind"].set_value("选谈")
    inputs["unit_id"].set_value(sample.unit.id)
    refs = inputs["interviewers"]
    assert isinstance(refs, RefsInput)
    for member in sample.members[:interviewers]:
        refs.check(member.id)
    inputs["recorders"].check(sample.members[2].id)
    inputs["summary"].set_value("反映食堂采购不规范")


def test_editor_saves_a_new_interview(window: MainWindow, sample: Sample) -> None:
    window.show_page("interview")
    editor = open_new(window, "interview")
    assert editor.windowTitle() == "新建谈话记录"
    fill_interview(editor, sample, interviewers=2)
    editor.inputs["status"].set_value("已定稿")
    editor.inputs["confirmed"].set_value(True)
    editor.save()
    assert editor.banner.isHidden(), editor.banner.text()
    saved = editor.record
    assert saved.id and editor.windowTitle() == "谈话记录 — T-100"
    stored = sample.vault.records.get(saved.id)
    assert isinstance(stored, Interview)
    assert stored.interviewers == [sample.members[0].id, sample.members[1].id]
    assert stored.time == dt.datetime(2024, 3, 20, 14, 0) and stored.status == "已定稿"
    page = window.list_pages["interview"]
    assert page.model.rowCount() == 3 and page.model.row_of(saved.id) == 2
    assert window.editors[saved.id] is editor


def test_required_fields_are_checked_before_saving(window: MainWindow, sample: Sample) -> None:
    editor = open_new(window, "interview")
    assert editor.save() is None
    assert "谈话对象" in editor.banner.text() and "谈话时间" in editor.banner.text()
    assert sample.vault.records.count("interview") == 2


def test_rule_violation_is_shown_and_input_kept(window: MainWindow, sample: Sample) -> None:
    editor = open_new(window, "interview")
    fill_interview(editor, sample, interviewers=1)
    editor.inputs["status"].set_value("已定稿")
    editor.inputs["confirmed"].set_value(True)
    editor.save()
    assert editor.banner.isVisible() or not editor.banner.isHidden()
    assert "不符合工作规则" in editor.banner.text() and "谈话人员不少于两人" in editor.banner.text()
    assert not editor.record.id and sample.vault.records.count("interview") == 2
    assert editor.inputs["interviewee"].value() == "郑科长"
    assert editor.inputs["summary"].value() == "反映食堂采购不规范"
    assert editor.save_button.isEnabled()
    editor.inputs["interviewers"].check(sample.members[1].id)  # fix it and save again
    editor.save()
    assert editor.record.id and editor.banner.isHidden()


def test_editor_lists_linked_records_and_opens_them(window: MainWindow, sample: Sample) -> None:
    window.open_record("interview", sample.interviews[0].id)
    editor = window.editors[sample.interviews[0].id]
    assert editor.links.count() == 1 and "问题线索" in editor.links.item(0).text()
    editor.links.setCurrentRow(0)
    editor.links_box.open_link(editor.links.item(0))
    lead_editor = window.editors[sample.lead.id]
    assert lead_editor.inputs["subject_name"].value() == "钱处长"
    assert lead_editor.links.count() == 1  # followed the other way
    window.open_record("interview", sample.interviews[0].id)  # raises, does not duplicate
    assert len(window.editors) == 2


def test_delete_asks_and_tombstones(window: MainWindow, sample: Sample) -> None:
    window.show_page("interview")
    page = window.list_pages["interview"]
    page.view.selectRow(0)
    asked: list[str] = []
    page.confirm = lambda text: asked.append(text) or False
    page.delete_selected()
    assert asked and page.model.rowCount() == 2
    page.confirm = lambda text: True
    doomed = page.selected_ids()[0]
    page.delete_selected()
    assert page.model.rowCount() == 1 and sample.vault.records.get(doomed).deleted


def test_deleted_records_can_be_shown_and_restored(window: MainWindow, sample: Sample) -> None:
    from PySide6.QtCore import Qt

    window.show_page("interview")
    page = window.list_pages["interview"]
    page.view.selectRow(0)
    doomed = page.selected_ids()[0]
    page.confirm = lambda text: True
    page.delete_selected()
    assert page.model.rowCount() == 1 and not page.restore_button.isVisibleTo(page)

    page.show_deleted.setChecked(True)  # the list reloads with the deleted one, grey and struck through
    assert page.model.rowCount() == 2 and page.restore_button.isVisibleTo(page)
    row = page.model.row_of(doomed)
    assert row is not None
    assert page.model.index(row, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    page.view.selectRow(page.proxy.mapFromSource(page.model.index(row, 0)).row())
    assert page.restore_button.isEnabled() and not page.delete_button.isEnabled()
    page.restore_selected()
    assert not sample.vault.records.get(doomed).deleted
    assert page.model.index(page.model.row_of(doomed) or 0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert sample.vault.journal.entries(doomed, limit=1)[0].action == "restore"  # in the history too

    page.show_deleted.setChecked(False)
    assert page.model.rowCount() == 2 and not page.restore_button.isVisibleTo(page)


def test_search_page_finds_and_opens(window: MainWindow, sample: Sample) -> None:
    window.show_search()
    window.search_page.query.setText("围标")
    window.search_page.search()
    assert window.search_page.model.rowCount() == 2
    assert "【围标】" in window.search_page.model.index(0, 0).data()
    window.search_page._open_first()
    assert any(e.record.KIND == "interview" for e in window.editors.values())


def test_lock_clears_every_widget_and_unlock_continues(qtbot, executor, sample: Sample, ui_settings) -> None:
    vault = sample.vault
    controller = AppController(executor, settings=ui_settings)
    enter_vault(controller, vault)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    for key in ("interview", "lead", "people", "search"):
        window.show_page(key)
    window.search_page.query.setText("围标")
    window.search_page.search()
    window.open_record("interview", sample.interviews[0].id)
    editor = window.editors[sample.interviews[0].id]
    editor.inputs["summary"].set_value("未保存的敏感内容")
    editor._mark_dirty()
    editor.confirm_discard = lambda: True  # never a modal question in a test
    secrets = ["周局长", "吴书记", "钱处长", "围标", "未保存的敏感内容", "市水务局", "王组长", "T-000"]
    assert any(s in t for t in widget_texts(window) + widget_texts(editor) for s in secrets)

    controller.lock()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not vault.is_open and executor.vault is None
    assert not window.isVisible() and not window.editors
    assert window.windowTitle() == f"巡察工作台 {__version__}"
    leftovers = [t for w in QApplication.topLevelWidgets() for t in widget_texts(w)
                 if any(s in t for s in secrets)]
    assert leftovers == []
    for page in window.list_pages.values():
        assert page.model.rowCount() == 0 and page.proxy.rowCount() == 0
    assert controller.dialog is not None and controller.dialog.isVisible()

    dialog = controller.dialog
    reopened: list[Vault] = []
    controller.unlocked.connect(lambda: reopened.append(executor.vault))
    dialog.passphrase.setText("巡察 correct horse 2024")
    dialog.unlock()
    assert reopened and reopened[0].is_open and window.isVisible()
    window.show_page("interview")
    assert window.list_pages["interview"].model.rowCount() == 2
    reopened[0].close()


def test_ctrl_l_asks_to_lock(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_column_widths_and_order_are_remembered(qtbot, window: MainWindow, executor: DbExecutor,
                                                sample: Sample, ui_settings) -> None:
    header = window.list_pages["interview"].view.horizontalHeader()
    header.resizeSection(1, 333)
    header.moveSection(2, 0)
    moved = header.logicalIndex(0)
    window.save_layout()
    again = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(again)
    again.attach()
    again.show()
    restored = again.list_pages["interview"].view.horizontalHeader()
    assert restored.sectionSize(1) == 333
    assert restored.logicalIndex(0) == moved
