"""The 督办 page (app/ui/office/supervision_page.py): overdue leads, units past their rectification
milestones and records breaking a rule, computed in one op; models checked with qtmodeltester."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt

from app.domain.records import Lead, Rectification
from app.storage.vault import Vault
from app.ui.main_window import NAVIGATION
from app.ui.office.supervision_page import SupervisionPage
from app.ui.records.models import IdRole
from app.ui.tasks import DbExecutor
from tests.ui.conftest import Sample

D = dt.date


def add_follow_up(sample: Sample, other: Vault) -> None:
    records = sample.vault.records
    unit = dataclasses.replace(sample.unit, feedback_date=D(2024, 9, 26), meeting_at=D(2024, 10, 20))
    records.save(unit)
    records.save(Lead(number="L-9", subject_name="褚科长", source="来信", summary="x", status="已移交",
                      unit_id=unit.id, transfer_to="纪委监委", transferred_at=D(2024, 6, 1)))
    records.save(Rectification(title="整改甲", measures="m", status="整改中", unit_id=unit.id, deadline=D(2024, 10, 1)))
    # a record that broke a rule before the rule, merged from another device (merges are not checked)
    item = other.records.save(Rectification(title="整改乙", measures="m", status="整改中", unit_id=unit.id))
    writes = [dataclasses.replace(w, value="已销号") if w.field == "status" else w
              for _seq, w in other.records.writes_since(0) if w.record_id == item.id]
    records.merge(writes, source=other.info.device_id)


def test_the_page_lists_what_is_overdue(qtbot, qtmodeltester, executor: DbExecutor, sample: Sample,
                                        make_vault: Callable[..., Vault]) -> None:
    add_follow_up(sample, make_vault(name="other.xcv"))
    executor.set_vault(sample.vault)
    page = SupervisionPage(executor)
    qtbot.addWidget(page)
    page.set_today(D(2024, 10, 30))
    page.reload()
    assert page.loaded and page.data is not None
    for model in (page.leads_model, page.units_model, page.broken_model):
        qtmodeltester.check(model)
    assert page.leads_model.rowCount() == 1
    lead_row = [page.leads_model.index(0, c).data() for c in range(page.leads_model.columnCount())]
    assert lead_row[:5] == ["L-9", "褚科长", "市水务局", "纪委监委", "2024-06-01"]
    assert lead_row[7:] == ["逾期未反馈", "59"]
    assert page.units_model.rowCount() == 1
    plan = page.units_model.index(0, 4)
    assert plan.data() == "逾期 8 天（2024-10-22）"  # 15 working days after 09-26, 国庆 off
    assert plan.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.units_model.index(0, 5).data() == "2024-10-20 已报送"
    assert page.units_model.index(0, 8).data() == "2（1/1）"  # the merged item is 已销号, though without its date
    assert page.broken_model.rowCount() == 1 and "销号时间" in page.broken_model.index(0, 3).data()
    headers = [page.broken_model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert page.broken_model.columnCount() == 4 and headers == ["类别", "记录", "状态", "不符合的规则"]
    assert page.broken_model.index(0, 2).data() == "已销号"
    assert "逾期未反馈 1 条" in page.summary.text()
    opened: list[tuple[str, str]] = []
    page.open_requested.connect(lambda kind, record_id: opened.append((kind, record_id)))
    page.broken_view.activated.emit(page.broken_model.index(0, 1))
    assert opened == [("rectification", page.broken_model.index(0, 0).data(IdRole))]


def test_the_round_chooser_and_the_page_entry(qtbot, executor: DbExecutor, sample: Sample,
                                              make_vault: Callable[..., Vault]) -> None:
    add_follow_up(sample, make_vault(name="other.xcv"))
    executor.set_vault(sample.vault)
    page = SupervisionPage(executor)
    qtbot.addWidget(page)
    page.set_today(D(2024, 10, 30))
    page.ensure_loaded()
    assert [page.round_box.itemText(i) for i in range(page.round_box.count())] == ["全部轮次", "2024年第一轮巡察"]
    page.round_box.setCurrentIndex(1)
    assert page.leads_model.rowCount() == 1
    assert {e.key: e for e in NAVIGATION}["supervision"].office_only  # 督办: an office's page only
    page.clear()  # locking: nothing shown, nothing of the vault kept
    assert page.leads_model.rowCount() == 0 and page.round_box.count() == 1 and not page.loaded


def test_the_intake_dialog_offers_lead_feedback_and_rectification(qtbot, executor: DbExecutor, sample: Sample,
                                                                   tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from app.exchange.xlsx.intake import UPDATE
    from app.ui.documents.intake_dialog import IntakeDialog

    records = sample.vault.records
    lead = records.save(Lead(number="L-9", subject_name="褚科长", source="来信", summary="x", status="已移交",
                             unit_id=sample.unit.id, transfer_to="纪委监委", transferred_at=D(2024, 6, 1)))
    wb = openpyxl.Workbook()
    wb.active.append(["线索编号", "被反映人", "处置方式", "反馈时间", "反馈内容"])
    wb.active.append(["L-9", "褚科长", "初步核实", "2024-08-20", "部分属实"])
    wb.save(tmp_path / "反馈.xlsx")
    executor.set_vault(sample.vault)
    dialog = IntakeDialog(executor)
    qtbot.addWidget(dialog)
    dialog.set_kind("rectification")
    assert dialog.unit_combo.isVisibleTo(dialog) and dialog.unit_combo.itemText(0) == "（按表中“被巡察单位”列）"
    dialog.set_kind("lead-feedback")
    assert not dialog.unit_combo.isVisibleTo(dialog) and dialog.unit_id is None and dialog.round_id is None
    dialog.set_file(str(tmp_path / "反馈.xlsx"))
    assert dialog.plan is not None and [r.status for r in dialog.plan.rows] == [UPDATE]
    dialog.commit()
    assert records.get(lead.id, Lead).status == "已反馈"
