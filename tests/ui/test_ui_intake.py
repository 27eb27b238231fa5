"""从 Excel 导入 dialog: reached from the menu, previews rows with reasons, imports, refuses hostile files
inline, cancels, runs on the worker thread, and forgets everything when the vault locks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.records import Person
from app.exchange.xlsx.intake import NEW, REJECTED, SAME, UPDATE
from app.ui.documents.intake_dialog import REFUSED_BRUSH, IntakeDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import DbExecutor
from tests.ui.conftest import Sample, widget_texts


def roster_file(path: Path, extra: int = 0) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["市水务局干部名册"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "姓 名", "性别", "现任职务", "出生年月"])
    ws.append([1, "周局长", "男", "局长", 1968.05])
    ws.append([2, "新来的科员", "女", "科员", "1995年7月"])
    ws.append([3, "错误性别", "未知", "科员", 1990])
    for i in range(extra):
        ws.append([4 + i, f"人员{i}", "男", "科员", 1990])
    wb.save(path)
    return path


def statuses(dialog: IntakeDialog) -> list[str]:
    model = dialog.model
    return [model.row_result(r).status for r in range(model.rowCount())]


def open_dialog(window: MainWindow) -> IntakeDialog:
    window.intake_action.trigger()
    dialog = window.intake_dialog
    assert isinstance(dialog, IntakeDialog) and dialog.isVisible()
    return dialog


def test_roster_preview_then_import_from_the_menu(qtbot, qtmodeltester, window: MainWindow, sample: Sample,
                                                  tmp_path: Path) -> None:
    people_page = window.list_pages["person"]
    people_page.ensure_loaded()
    before = people_page.model.rowCount()
    dialog = open_dialog(window)
    dialog.set_kind("roster")
    assert dialog.unit_combo.isVisible() and dialog.unit_combo.findData(sample.unit.id) > 0
    dialog.set_unit(sample.unit.id)
    dialog.set_file(str(roster_file(tmp_path / "名册.xlsx")))
    qtmodeltester.check(dialog.model)
    assert statuses(dialog) == [UPDATE, NEW, REJECTED]  # 周局长 exists: gets gender, birth year
    refused_row = dialog.model.index(2, 3)
    assert "B 列“性别”" not in refused_row.data() and "C 列“性别”" in refused_row.data()
    assert "不在词表“性别”中" in refused_row.data()
    assert dialog.model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) == REFUSED_BRUSH
    assert "表头在第 2 行" in dialog.summary.text() and "新增 1，更新 1，未变 0，未导入 1" in dialog.summary.text()
    assert "姓 名 → 姓名" in dialog.columns_label.text()
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported) as signal:
        dialog.import_button.click()
    assert signal.args == [("person",)]
    assert "已导入" in dialog.summary.text() and not dialog.import_button.isEnabled()
    names = {p.name for p in sample.vault.records.list("person") if isinstance(p, Person)}
    assert "新来的科员" in names and "错误性别" not in names
    assert people_page.model.rowCount() == before + 1  # the list reloaded

    dialog.check()  # the same file again: nothing to do
    assert statuses(dialog) == [SAME, SAME, REJECTED] and not dialog.import_button.isEnabled()


def test_only_noteworthy_rows_filter(qtbot, window: MainWindow, sample: Sample, tmp_path: Path) -> None:
    dialog = open_dialog(window)
    dialog.set_kind("roster")
    dialog.set_unit(sample.unit.id)
    dialog.set_file(str(roster_file(tmp_path / "名册.xlsx")))
    assert dialog.proxy.rowCount() == 3
    dialog.only_problems.setChecked(True)
    shown = [dialog.proxy.index(r, 1).data() for r in range(dialog.proxy.rowCount())]
    assert shown == ["更新", "未导入"]


def test_hostile_file_is_refused_inline(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: Any) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()) or 0)
    dialog = open_dialog(window)
    fake = tmp_path / "名单.xlsx"
    fake.write_text("单位名称,联系人\n市水务局,李四\n", encoding="utf-8")
    dialog.set_kind("units")
    dialog.set_file(str(fake))
    assert "CSV" in dialog.summary.text() and dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled() and boxes == []


def test_cancel_while_reading(qtbot, window: MainWindow, sample: Sample, tmp_path: Path, monkeypatch: Any) -> None:
    dialog = open_dialog(window)
    dialog.set_kind("roster")
    dialog.set_unit(sample.unit.id)
    progressed: list[int] = []

    def cancel_on_progress(done: int, total: int, text: str) -> None:
        progressed.append(done)
        dialog.cancel()

    monkeypatch.setattr(dialog, "_progressed", cancel_on_progress)
    dialog.set_file(str(roster_file(tmp_path / "大名册.xlsx", extra=1200)))
    assert progressed and dialog.plan is None and dialog.summary.text() == "已取消读取"
    assert sample.vault.records.count("person") == len(sample.people)


def test_reads_on_the_worker_thread(qtbot, threaded_executor: DbExecutor, sample: Sample, ui_settings,
                                    tmp_path: Path) -> None:
    threaded_executor.set_vault(sample.vault)
    dialog = IntakeDialog(threaded_executor)
    qtbot.addWidget(dialog)
    dialog.set_kind("roster")
    qtbot.waitUntil(lambda: dialog.unit_combo.count() > 1)
    dialog.set_unit(sample.unit.id)
    dialog.set_file(str(roster_file(tmp_path / "名册.xlsx")))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert statuses(dialog) == [UPDATE, NEW, REJECTED]
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.commit()
    qtbot.waitUntil(lambda: dialog._op is None)
    assert dialog.plan is not None and dialog.plan.committed


def test_lock_empties_the_dialog(qtbot, window: MainWindow, sample: Sample, tmp_path: Path) -> None:
    dialog = open_dialog(window)
    dialog.set_kind("roster")
    dialog.set_unit(sample.unit.id)
    dialog.set_file(str(roster_file(tmp_path / "名册.xlsx")))
    assert any("新来的科员" in t for t in widget_texts(dialog))
    window.clear_for_lock()
    assert not dialog.isVisible() and dialog.plan is None
    texts = " ".join(widget_texts(dialog))
    for secret in ("新来的科员", "周局长", "市水务局", "名册.xlsx"):
        assert secret not in texts
    assert dialog.model.rowCount(QModelIndex()) == 0


def test_lock_starts_no_new_read(qtbot, window: MainWindow, sample: Sample, tmp_path: Path) -> None:
    dialog = open_dialog(window)
    dialog.set_kind("roster")  # fills the unit list
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称", "联系人"])
    wb.active.append(["市水务局", "李联络"])
    wb.save(tmp_path / "名单.xlsx")
    dialog.set_kind("units")
    dialog.set_file(str(tmp_path / "名单.xlsx"))
    assert dialog.plan is not None and dialog.unit_combo.count() > 1
    window.clear_for_lock()  # empties the unit list, which must not set off another read of the file
    assert dialog.plan is None and dialog.model.rowCount() == 0 and not window.executor.busy
    assert "李联络" not in " ".join(widget_texts(dialog))


def test_a_result_arriving_after_the_lock_is_dropped(qtbot, threaded_executor: DbExecutor, sample: Sample,
                                                      tmp_path: Path) -> None:
    threaded_executor.set_vault(sample.vault)
    dialog = IntakeDialog(threaded_executor)
    qtbot.addWidget(dialog)
    dialog.set_kind("units")
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称", "联系人"])
    wb.active.append(["市水务局", "李联络"])
    wb.save(tmp_path / "名单.xlsx")
    dialog.set_file(str(tmp_path / "名单.xlsx"))
    assert threaded_executor.wait()  # the plan is made; its delivery waits in the GUI thread's queue
    dialog.discard()  # the lock comes first
    qtbot.wait(50)  # now the queued result arrives
    assert dialog.plan is None and dialog.model.rowCount() == 0
    assert "李联络" not in " ".join(widget_texts(dialog))


def test_a_units_list_is_matched_within_the_round_chosen(qtbot, window: MainWindow, sample: Sample,
                                                          tmp_path: Path) -> None:
    from app.domain.records import Round, Team, Unit

    second = sample.vault.records.save(Round(title="2024年第二轮巡察", kind="常规", year=2024, number=2))
    team2 = sample.vault.records.save(Team(name="第一巡察组", round_id=second.id, number=1))
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称", "巡察组"])
    wb.active.append(["市水务局", "第一巡察组"])
    wb.save(tmp_path / "名单.xlsx")
    dialog = open_dialog(window)
    dialog.set_kind("units")
    assert dialog.round_combo.isVisible() and dialog.round_combo.count() == 3
    dialog.set_file(str(tmp_path / "名单.xlsx"))
    assert "请指定名单所属的轮次" in dialog.summary.text() and not dialog.import_button.isEnabled()
    dialog.set_round(second.id)
    assert statuses(dialog) == [NEW]  # 市水务局 of round 1 is another unit
    with qtbot.waitSignal(dialog.imported):
        dialog.import_button.click()
    units = {u.round_id: u for u in sample.vault.records.list(Unit)}
    assert units[second.id].team_id == team2.id and units[sample.unit.round_id].id == sample.unit.id
    assert sample.vault.records.get(sample.unit.id, Unit) == sample.unit
    dialog.set_kind("teams")
    assert dialog.round_combo.isVisible() and dialog.round_id == second.id
    dialog.set_kind("checklist")
    assert not dialog.round_combo.isVisible() and dialog.round_id is None
