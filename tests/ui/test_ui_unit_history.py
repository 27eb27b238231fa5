"""The unit editor's 历次巡察 tab (app/ui/records/unit_history.py): loaded on the worker when shown,
the repeat flags in the table, "确认重复发现" writing the 重复发现 link."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from app.domain.links import REPEATED
from app.domain.records import Link, Problem, Unit
from app.ui.main_window import MainWindow
from app.ui.records.unit_history import UnitHistoryModel, UnitHistoryTab, UnitPanel
from tests.test_revisit import two_rounds
from tests.ui.conftest import Sample


def test_the_unit_editor_shows_every_round_and_accepts_a_repeat(qtbot, qtmodeltester, window: MainWindow,
                                                                sample: Sample) -> None:
    vault = sample.vault
    earlier, later = two_rounds(vault)
    unit_id = vault.records.get(later.id, Problem).unit_id or ""
    window.open_record("", unit_id)
    editor = window.editors[unit_id]
    panel = editor.panel
    assert isinstance(panel, UnitPanel)
    tabs = panel.tabs
    assert isinstance(tabs, QTabWidget) and [tabs.tabText(i) for i in range(tabs.count())] == ["单位信息", "历次巡察"]
    tab = panel.history
    assert isinstance(tab, UnitHistoryTab) and not tab.loaded  # nothing read until the tab is shown
    tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    qtmodeltester.check(tab.model)
    model: UnitHistoryModel = tab.model
    rows = [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(3)]
    assert [r[0] for r in rows] == ["十二届市委第4轮巡察", "十二届市委第5轮巡察", "十二届市委第5轮巡察"]
    assert rows[0][4] == "已销号"
    flagged = next(i for i, line in enumerate(model.rows()) if line.flags)
    assert rows[flagged][6] == "屡改屡犯、纸面整改（未确认）"
    assert "重复发现 1 个（纸面整改 1 个）" in tab.status.text()
    tab.view.selectRow(0)
    assert not tab.accept_button.isEnabled()  # round 4's problem has no flag
    tab.view.selectRow(flagged)
    assert tab.accept_button.isEnabled()
    tab.accept_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 3 and model.rows()[flagged].accepted)
    links = vault.records.list(Link, where={"relation": REPEATED})
    assert [(link.src_id, link.dst_id) for link in links] == [(later.id, earlier.id)]
    assert model.index(flagged, 6).data() == "屡改屡犯、纸面整改（已确认）"
    assert not tab.accept_button.isEnabled()


def test_a_unit_with_one_round_and_a_new_unit(qtbot, window: MainWindow, sample: Sample) -> None:
    window.open_record("", sample.unit.id)
    tab = window.editors[sample.unit.id].panel.history  # type: ignore[attr-defined]
    tab.load()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.index(0, 2).data() == "（无反馈问题）"
    window.open_record("unit", "")
    new = next(e for e in window.editors.values() if not e.record.id and isinstance(e.record, Unit))
    new_tab = new.panel.history  # type: ignore[attr-defined]
    new_tab.load()
    qtbot.waitUntil(lambda: "保存单位后" in new_tab.status.text())


def test_the_unit_editor_keeps_its_planning_checks_beside_the_history_tab(window: MainWindow, sample: Sample) -> None:
    """Both features of the unit editor: the 历次巡察 tab and the assignment warnings (app/ui/records/assignment.py)."""
    from app.ui.records.panels import AssignmentPanel

    window.open_record("", sample.unit.id)
    panel = window.editors[sample.unit.id].panel
    assert isinstance(panel, UnitPanel) and isinstance(panel, AssignmentPanel)
    assert panel.check is not None and panel.history is not None
