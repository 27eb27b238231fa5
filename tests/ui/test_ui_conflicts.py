"""Conflicts in the window: two vaults edit one field, the import shows it, the user resolves it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from app.domain.records import Lead
from app.exchange.package import export_package, import_packages, parse_recipients, public_document
from app.storage.vault import Vault
from app.ui.main_window import NAVIGATION, MainWindow
from app.ui.packages.conflicts import ConflictRow, ConflictsModel, ConflictValue
from app.ui.packages.import_page import READY
from tests.ui.conftest import Sample, enrol, widget_texts


def recipients(vault: Vault) -> list:  # type: ignore[type-arg]
    return parse_recipients(json.dumps(public_document(vault)).encode())



def nav_label(window: MainWindow, key: str) -> str:
    row = next(i for i, e in enumerate(NAVIGATION) if e.key == key)
    return window.nav.item(row).text()


def diverge(sample: Sample, other: Vault, tmp_path: Path, **edits: str) -> Path:
    """``other`` gets this vault's records, then both edit the lead: ``edits`` here, other values there.

    Returns the package ``other`` makes for this vault afterwards."""
    mine = sample.vault
    enrol(other, mine)
    enrol(mine, other)
    export_package(mine, tmp_path / "seed.age", recipients(other), kind="member")
    import_packages(other, [tmp_path / "seed.age"])
    theirs = other.records.get(sample.lead.id)
    assert isinstance(theirs, Lead)
    other.records.save(dataclasses.replace(theirs, summary="对方：涉嫌插手工程项目并收受好处", status="初核中"))
    here = mine.records.get(sample.lead.id)
    mine.records.save(dataclasses.replace(here, **edits))
    package = tmp_path / "back.age"
    export_package(other, package, recipients(mine), kind="member")
    return package


def import_through_the_window(window: MainWindow, package: Path) -> None:
    window.show_page("packages")
    panel = window.packages_page.import_panel
    panel.add_files([package])
    assert panel.model.item(0).state == READY, panel.model.item(0).message
    return panel.import_button.click()


def test_a_conflict_from_an_import_is_listed_and_resolved_by_picking_a_value(
        qtmodeltester, window: MainWindow, sample: Sample, make_vault, tmp_path: Path) -> None:
    other = make_vault("other.xcv", owner="组员乙")
    package = diverge(sample, other, tmp_path, summary="本机：涉嫌插手工程项目", status="待研判")
    assert nav_label(window, "conflicts") == "冲突"

    window.show_page("packages")
    panel = window.packages_page.import_panel
    panel.add_files([package])
    assert panel.model.item(0).summary["conflicts"] == 1  # the preview says so before anything is written
    assert panel.model.index(0, 7).data() == "1"
    assert sample.vault.records.conflict_count() == 0
    panel.import_button.click()
    assert sample.vault.records.conflict_count() == 1
    assert "本库现有待处理冲突 1 处" in panel.report.text() and panel.conflicts_button.isVisibleTo(panel)
    assert nav_label(window, "conflicts") == "冲突（1）"

    panel.conflicts_button.click()  # the report's button leads to the conflicts page
    assert window.current_key() == "conflicts"
    page = window.conflicts_page
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1
    row = page.model.row(0)
    assert (row.kind_label, row.record_label, row.field_label) == ("问题线索", "XS-001", "问题摘要")
    assert {v.text for v in row.values} == {"本机：涉嫌插手工程项目", "对方：涉嫌插手工程项目并收受好处"}
    by_text = {v.text: v for v in row.values}
    mine, theirs = by_text["本机：涉嫌插手工程项目"], by_text["对方：涉嫌插手工程项目并收受好处"]
    assert mine.device == sample.vault.info.device_id and mine.who == "测试员（本机）"
    assert theirs.device == other.info.device_id and theirs.who == "组员乙"
    assert mine.when[:2] == "20" and len(mine.when) == 19  # the stamp's clock time, to the second
    assert "待处理冲突 1 处" in page.status.text()
    # the status field changed on both sides too, but to different values: a second conflict? No:
    # only fields whose heads disagree are conflicts, and "status" was changed by one side only.
    assert sample.vault.records.get(sample.lead.id).status == "初核中"  # type: ignore[attr-defined]

    # The choice lists every value with who and when; pick the other vault's value.
    assert page.model.index(0, 3).data() in (mine.text, theirs.text)
    labels = [b.text() for b in page.value_buttons]
    assert len(labels) == 2 and any("组员乙" in t for t in labels) and any("测试员（本机）" in t for t in labels)
    assert not page.resolve_button.isEnabled()
    page.choose(list(row.values).index(theirs))
    assert page.resolve_button.isEnabled()
    page.resolve_button.click()
    assert sample.vault.records.conflict_count() == 0
    assert sample.vault.records.get(sample.lead.id).summary == theirs.text  # type: ignore[attr-defined]
    assert page.model.rowCount() == 0 and "没有待处理的冲突" in page.status.text()
    assert "已解决" in page.result.text()
    assert nav_label(window, "conflicts") == "冲突"

    # The resolution is a change like any other: it travels in the next package and agrees there.
    export_package(sample.vault, tmp_path / "after.age", recipients(other), kind="member", incremental=True)
    import_packages(other, [tmp_path / "after.age"])
    assert other.records.conflict_count() == 0
    assert other.records.get(sample.lead.id).summary == theirs.text  # type: ignore[attr-defined]
    assert other.records.content_digest() == sample.vault.records.content_digest()


def test_a_text_conflict_resolved_with_a_combined_text(window: MainWindow, sample: Sample, make_vault,
                                                       tmp_path: Path) -> None:
    other = make_vault("other.xcv", owner="组员乙")
    package = diverge(sample, other, tmp_path, summary="本机：涉嫌插手工程项目")
    window.show_page("lead")
    leads = window.list_pages["lead"]

    def lead_row() -> str:
        return " ".join(str(leads.model.index(0, c).data()) for c in range(leads.model.columnCount()))

    assert "待研判" in lead_row()
    import_through_the_window(window, package)
    window.show_page("conflicts")
    page = window.conflicts_page
    assert page.merge_edit.isVisibleTo(page)
    prefilled = page.merge_edit.toPlainText()
    assert "本机：涉嫌插手工程项目" in prefilled and "对方：涉嫌插手工程项目并收受好处" in prefilled
    page.choose_merged("涉嫌插手工程项目，\n并收受好处（两人记录合并）")
    page.resolve_button.click()
    merged = "涉嫌插手工程项目，\n并收受好处（两人记录合并）"  # a paragraph field keeps its line breaks
    assert sample.vault.records.get(sample.lead.id).summary == merged  # type: ignore[attr-defined]
    assert sample.vault.records.conflict_count() == 0
    history = [e.action for e in sample.vault.journal.entries(sample.lead.id)]
    assert "resolve" in history

    # The lead's list, loaded before the import, shows the imported status when shown again.
    window.show_page("lead")
    assert "初核中" in lead_row() and "待研判" not in lead_row()


def test_conflict_count_after_unlock_and_lock_clears_the_page(qtbot, window: MainWindow, sample: Sample,
                                                               make_vault, ui_settings, executor,
                                                               tmp_path: Path) -> None:
    other = make_vault("other.xcv", owner="组员乙")
    package = diverge(sample, other, tmp_path, summary="本机：涉嫌插手工程项目")
    import_packages(sample.vault, [package])  # imported outside the window (e.g. the command line)
    fresh = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(fresh)
    fresh.attach()
    assert nav_label(fresh, "conflicts") == "冲突（1）"
    fresh.show_page("conflicts")
    assert fresh.conflicts_page.model.rowCount() == 1
    fresh.open_record = lambda kind, record_id, *a, **k: opened.append((kind, record_id))  # type: ignore[method-assign]
    opened: list[tuple[str, str]] = []
    fresh.conflicts_page.open_requested.disconnect()
    fresh.conflicts_page.open_requested.connect(fresh.open_record)
    fresh.conflicts_page.open_button.click()
    assert opened == [("lead", sample.lead.id)]

    fresh.clear_for_lock()
    assert nav_label(fresh, "conflicts") == "冲突"
    texts = " ".join(widget_texts(fresh.conflicts_page))
    assert "涉嫌插手工程项目" not in texts and "组员乙" not in texts
    assert fresh.conflicts_page.model.rowCount() == 0


def test_conflicts_model_shows_values_and_tooltips(qtmodeltester) -> None:
    values = (ConflictValue("s1", "甲方案", "甲方案", "组长", "d1", "本机", "2024-05-01 10:00:00", True),
              ConflictValue("s2", "乙方案", "乙方案", "组员", "d2", "组员", "2024-05-01 10:05:00", False),
              ConflictValue("s3", "", "", "组员丙", "d3", "设备 d3", "2024-05-02 09:00:00", False))
    model = ConflictsModel()
    model.set_rows([ConflictRow("r1", "lead", "问题线索", "XS-1", "summary", "问题摘要", None, values)])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(6)] == [
        "问题线索", "XS-1", "问题摘要", "甲方案", "乙方案 ｜ （空）", "2024-05-02 09:00:00"]
    tip = model.index(0, 4).data(3)  # ToolTipRole
    assert "组员丙（设备 d3）" in tip and "2024-05-01 10:05:00" in tip
    assert values[0].who == "组长（本机）" and values[1].who == "组员"
