"""The office package kinds in the window: a deployment to a new team vault, records chosen for a
lead-transfer or upward package, kinds a vault's role cannot make, the fingerprint confirmation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QPushButton

from app import demo
from app.domain.records import Team
from app.exchange.package import (
    display,
    import_packages,
    public_document,
    scope_for,
    verify_package,
)
from app.exchange.package import format as package_format
from app.exchange.package.keys import binding
from app.storage.keys import KeyStore
from app.storage.vault import Vault
from app.ui.main_window import MainWindow
from app.ui.packages.confirm_signer import ConfirmSignerDialog
from app.ui.packages.export_select import SelectableRecordsModel, SelectRow
from app.ui.packages.export_wizard import (
    DESTINATION,
    KIND,
    RECIPIENTS,
    RECORDS,
    RUN,
    SCOPE,
    TEAM,
    ExportDialog,
    step_flow,
)
from app.ui.packages.fingerprint_entry import matched_groups
from app.ui.packages.import_page import IMPORTED, READY, UNKNOWN_SIGNER, QueueItem
from app.ui.tasks import DbExecutor
from tests.ui.conftest import Sample, enrol, packages


def fingerprint_of(vault: Vault) -> str:
    return str(public_document(vault)["fingerprint"])  # the key fingerprint people read aloud


@pytest.fixture
def office(make_vault: Callable[..., Vault]) -> Vault:
    """An office vault holding the demo's team-scale round: one team, 7 units, 120 leads, 42 problems."""
    vault = make_vault("office.xcv", role="office", owner="市委巡察办")
    demo.fill(vault, scale="team")
    return vault




def finish_export(dialog: ExportDialog, recipient: str, target: Path) -> None:
    """From the recipients step to the end, as a user would."""
    assert dialog.stack.currentIndex() == RECIPIENTS
    dialog.keys_model.set_checked(recipient, True)
    assert dialog.next_button.isEnabled(), dialog.recipients_status.text()
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == SCOPE
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == DESTINATION
    dialog.path_edit.setText(str(target))
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == RUN
    assert dialog.exported is not None, dialog.run_status.text()


def test_deployment_exported_for_a_team_and_imported_into_a_new_team_vault_by_fingerprint(
        qtmodeltester, office: Vault, make_vault, open_window, tmp_path: Path) -> None:
    team_vault = make_vault("team.xcv", owner="王组长")
    upper = make_vault("upper.xcv", role="office", owner="省委巡视办")
    enrol(office, team_vault)
    enrol(office, upper)
    [team] = office.records.list("team")
    assert isinstance(team, Team)

    page = packages(open_window(office))
    page.setCurrentWidget(page.export_panel)
    dialog = page.export_panel.open_dialog()
    assert dialog.set_kind("deployment")
    assert "2. 巡察组" in dialog.steps.text()  # the kind's own steps are listed
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == TEAM
    teams = dialog.team_step.model
    qtmodeltester.check(teams)
    assert teams.rowCount() == 1
    assert [teams.index(0, c).data() for c in (0, 2, 3, 4)] == [team.name, "十五届县委第三轮巡察", "7", "5"]
    people = int(teams.index(0, 5).data())
    assert people == office.records.count("person") and people > 100
    assert dialog.team == teams.row(0)  # the only team is chosen already
    assert f"将部署{team.name}：被巡察单位 7 个" in dialog.team_step.status.text()
    dialog.team_step.view.clearSelection()
    assert not dialog.next_button.isEnabled()
    assert dialog.team_step.select(team.id) and dialog.next_button.isEnabled()
    dialog.next_button.click()

    # An office's key cannot receive a deployment: export would refuse it, so Next stays off.
    assert dialog.stack.currentIndex() == RECIPIENTS
    dialog.keys_model.set_checked(fingerprint_of(upper), True)
    assert not dialog.next_button.isEnabled()
    assert "无法导入部署包" in dialog.recipients_status.text()
    assert "请改选巡察组的公钥" in dialog.recipients_status.text()
    dialog.keys_model.set_checked(fingerprint_of(upper), False)
    assert Path(dialog.path_edit.text()).name.startswith("交接包-部署包-市委巡察办-第一巡察组-")
    target = tmp_path / "deploy.age"
    finish_export(dialog, fingerprint_of(team_vault), target)
    result = dialog.exported
    assert result is not None and result.kind == "deployment" and target.is_file()
    assert f"巡察组：{team.name}" in dialog.summary.text()
    assert result.records == len(scope_for(office, "deployment", team=team.id, select=()).ids)
    dialog.close_button.click()

    # The new, empty team vault: the office is not trusted, and it is a deployment, so the
    # fingerprint may be confirmed as the office reads it out.
    team_page = packages(open_window(team_vault))
    team_page.setCurrentWidget(team_page.keys_page)
    assert team_page.keys_page.model.rowCount() == 0
    team_page.setCurrentWidget(team_page.import_panel)
    panel = team_page.import_panel
    panel.add_files([target])
    item = panel.model.item(0)
    assert item.state == UNKNOWN_SIGNER and item.kind == "deployment"
    assert item.signer == display(fingerprint_of(office))
    assert panel.model.index(0, 3).data() == "部署包"
    panel.view.selectRow(0)
    assert panel.confirm_button.isVisibleTo(panel) and panel.trust_button.isVisibleTo(panel)
    assert "这是一个部署包" in panel.detail.text()

    seen: list[QueueItem] = []

    def type_it(shown: QueueItem) -> str:
        seen.append(shown)
        confirm = ConfirmSignerDialog(shown.signer, shown.owner, shown.device)
        confirm.typed_edit.setText(display(fingerprint_of(office)).upper().replace(" ", ""))
        assert confirm.trust_button.isEnabled() and "完全一致" in confirm.status.text()
        confirm.deleteLater()
        return confirm.fingerprint()

    # Cancelling the confirmation changes nothing.
    panel.confirm_signer = lambda _item: ""
    panel.confirm_button.click()
    assert panel.model.item(0).state == UNKNOWN_SIGNER and KeyStore(team_vault.con).all_trusted() == []

    panel.confirm_signer = type_it
    panel.confirm_button.click()
    assert seen[0].owner == "市委巡察办"
    item = panel.model.item(0)
    assert item.state == READY, item.message
    assert item.trust_signer == fingerprint_of(office)[:32]
    assert "签名者的指纹已核对" in panel.detail.text()
    assert KeyStore(team_vault.con).all_trusted() == []  # the check was a dry run
    assert team_vault.records.count("unit") == 0
    qtmodeltester.check(panel.model)

    panel.import_button.click()
    assert panel.model.item(0).state == IMPORTED
    assert "已信任签发部署包的巡察办的公钥" in panel.report.text()
    imported = team_vault.records.get(team.id)
    assert isinstance(imported, Team) and imported.name == team.name
    assert team_vault.records.count("unit") == 7 and team_vault.records.count("member") == 5
    assert team_vault.records.count("person") == people
    assert team_vault.records.count("lead") == 0 and team_vault.records.count("interview") == 0
    [trusted] = KeyStore(team_vault.con).all_trusted()
    assert binding(trusted) == fingerprint_of(office) and trusted.role == "office" and trusted.verified
    team_page.setCurrentWidget(team_page.keys_page)  # the import made the keys page stale
    assert team_page.keys_page.model.rowCount() == 1
    assert team_page.keys_page.model.index(0, 0).data() == "市委巡察办"


def test_confirming_a_fingerprint_needs_every_group_exactly(qtbot, make_vault) -> None:
    office = make_vault("office.xcv", role="office", owner="市委巡察办")
    shown = display(fingerprint_of(office))
    dialog = ConfirmSignerDialog(shown, "市委巡察办", "0123456789abcdef")
    qtbot.addWidget(dialog)
    assert not dialog.trust_button.isEnabled() and dialog.fingerprint() == ""
    groups = shown.split()
    dialog.typed_edit.setText(" ".join(groups[:3]))
    assert "前 3 组一致，还差 5 组" in dialog.status.text() and not dialog.trust_button.isEnabled()
    wrong = "0000" if groups[3] != "0000" else "1111"
    dialog.typed_edit.setText(" ".join([*groups[:3], wrong, *groups[4:]]))
    assert "第 4 组不一致" in dialog.status.text() and not dialog.trust_button.isEnabled()
    dialog.typed_edit.setText(shown + " 0")
    assert "位数过多" in dialog.status.text() and not dialog.trust_button.isEnabled()
    dialog.typed_edit.setText(shown.replace(groups[0], "zzzz"))
    assert "只含数字" in dialog.status.text()
    dialog.accept()  # Enter in the field does not get round the check
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.typed_edit.setText(shown)
    assert dialog.trust_button.isEnabled() and dialog.fingerprint() == fingerprint_of(office)[:32]
    assert matched_groups("abcd 1234", "abcd 12") == (1, None)
    assert matched_groups("abcd 1234", "abce") == (0, 1)


def test_lead_transfer_of_two_leads_started_from_the_lead_list(
        qtmodeltester, office: Vault, make_vault, open_window, tmp_path: Path) -> None:
    commission = make_vault("jw.xcv", role="office", owner="县纪委监委")
    enrol(office, commission)
    window = open_window(office)
    window.show_page("lead")
    leads = window.list_pages["lead"]
    export_button = next(b for b in leads.findChildren(QPushButton) if b.text() == "导出所选…")
    assert not export_button.isEnabled()  # nothing selected
    selection = leads.view.selectionModel()
    for row in (0, 2):
        selection.select(leads.proxy.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    chosen = leads.selected_ids()
    assert len(chosen) == 2 and export_button.isEnabled()
    assert [a.text() for a in leads.view.actions()] == ["导出所选…"]  # also the table's context menu
    export_button.click()

    dialog = window.packages_page.export_panel.dialog
    assert dialog is not None and dialog.kind == "lead-transfer"
    assert dialog.stack.currentIndex() == RECORDS
    step = dialog.records_step
    model = step.model
    qtmodeltester.check(model)
    qtmodeltester.check(step.proxy)
    assert model.rowCount() == office.records.count("lead") == 120
    assert {model.row(r).kind for r in range(model.rowCount())} == {"lead"}
    assert sorted(step.checked_ids()) == sorted(chosen)
    assert step.count_label.text() == "已选 2 条，共 120 条"
    first = model.row(model.row_of(chosen[0]) or 0)
    assert model.index(model.row_of(chosen[0]) or 0, 3).data() == first.unit != ""
    assert dialog.next_button.isEnabled()

    # Filter, then select none / all of what is shown.
    step.filter_edit.setText(first.number)
    step.apply_filter()
    assert step.proxy.rowCount() == 1
    assert "（筛选后显示 1 条）" in step.count_label.text()
    step.none_button.click()
    assert step.checked_ids() == [chosen[1]]
    step.all_button.click()
    assert sorted(step.checked_ids()) == sorted(chosen)
    step.filter_edit.clear()
    step.apply_filter()
    step.none_button.click()
    assert step.checked_ids() == [] and not dialog.next_button.isEnabled()
    assert "已选 0 条" in step.count_label.text()
    step.view.model().setData(step.proxy.mapFromSource(model.index(model.row_of(chosen[0]) or 0, 0)),
                              Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.set_checked([chosen[1]], True)
    assert sorted(step.checked_ids()) == sorted(chosen)

    # Upward lists problems too, and keeps the leads checked; back to the lead-transfer.
    dialog.back()
    assert dialog.stack.currentIndex() == KIND
    assert dialog.set_kind("upward")
    dialog.next_button.click()
    assert model.rowCount() == 120 + office.records.count("problem")
    assert sorted(step.checked_ids()) == sorted(chosen)
    dialog.back()
    assert dialog.set_kind("lead-transfer")
    dialog.next_button.click()
    assert model.rowCount() == 120 and sorted(step.checked_ids()) == sorted(chosen)
    dialog.next_button.click()

    target = tmp_path / "transfer.age"
    finish_export(dialog, fingerprint_of(commission), target)
    result = dialog.exported
    assert result is not None and result.kind == "lead-transfer"
    assert "所选记录 2 条" in dialog.summary.text()

    # The package carries those two leads, their evidence, and nothing of another kind.
    enrol(commission, office)
    verified = verify_package(commission, target)
    try:
        assert sorted(verified.manifest["scope"]["selected"]) == sorted(chosen)
        assert {w.record_id for w in verified.writes if w.kind == "lead"} == set(chosen)
        carried = {w.record_id for w in verified.writes}
        assert carried == scope_for(office, "lead-transfer", team=None, select=chosen).ids
        assert {w.kind for w in verified.writes} <= package_format.CARRIES["lead-transfer"]
        assert verified.manifest["counts"]["records"] == result.records == len(carried)
    finally:
        verified.close()
    [preview] = import_packages(commission, [target], dry_run=True)
    assert preview.summary["added"] == result.records
    assert commission.records.count("lead") == 0  # the preview wrote nothing

    # Locking closes a dialog opened from the list, and empties its lists.
    dialog.close_button.click()
    export_button.click()
    dialog = window.packages_page.export_panel.dialog
    assert dialog is not None and dialog.records_step.model.rowCount() == 120
    window.clear_for_lock()
    assert dialog.records_step.model.rowCount() == 0 and dialog.team_step.model.rowCount() == 0
    assert not dialog.isVisible() and window.packages_page.export_panel.dialog is None


def test_a_team_vault_shows_the_office_kinds_disabled_with_the_reason(window: MainWindow, sample: Sample) -> None:
    page = packages(window)
    dialog = page.export_panel.open_dialog()
    for kind in package_format.OFFICE_KINDS:
        button = dialog.kind_buttons[kind]
        assert not button.isEnabled()
        assert "只有巡察办保密库可以制作" in button.toolTip() and "本库是巡察组保密库" in button.toolTip()
        assert "只有巡察办保密库可以制作" in dialog.kind_hints[kind].text()
    assert dialog.kind_buttons["member"].isEnabled() and dialog.kind == "member"
    assert not dialog.set_kind("deployment") and dialog.kind == "member"
    assert dialog.next_button.isEnabled()
    dialog.reject()

    # The lead list's "导出所选…" on a team vault: the dialog says why, on the kind step.
    window.show_page("lead")
    leads = window.list_pages["lead"]
    leads.view.selectRow(0)
    [action] = leads.view.actions()
    action.trigger()
    dialog = page.export_panel.dialog
    assert dialog is not None and dialog.stack.currentIndex() == KIND and dialog.kind == "member"
    assert "只有巡察办保密库可以制作线索移交包" in dialog.kind_status.text()


def test_only_a_deployment_offers_the_fingerprint_confirmation(make_vault, open_window, tmp_path: Path) -> None:
    """A member package from an unknown signer: the keys-file path only (trust_only_deployment)."""
    from app.exchange.package import export_package, parse_recipients

    leader = make_vault("leader.xcv", owner="组长")
    stranger = make_vault("s.xcv", owner="陌生人")
    export_package(stranger, tmp_path / "m.age", parse_recipients(json.dumps(public_document(leader)).encode()),
                   kind="member")
    panel = packages(open_window(leader)).import_panel
    panel.add_files([tmp_path / "m.age"])
    item = panel.model.item(0)
    assert item.state == UNKNOWN_SIGNER and item.kind == ""
    panel.view.selectRow(0)
    assert panel.trust_button.isVisibleTo(panel) and not panel.confirm_button.isVisibleTo(panel)
    panel.confirm_signer = lambda _item: pytest.fail("not offered")
    assert panel.confirm_and_retry() is None


def test_selection_model_checks_sorts_and_keeps_checks_across_reloads(qtmodeltester) -> None:
    rows = [SelectRow(f"id{i}", "lead" if i % 2 else "problem", f"N-{9 - i}", f"标题{i}", "某县单位", "待研判")
            for i in range(6)]
    model = SelectableRecordsModel()
    counts: list[int] = []
    model.checked_changed.connect(counts.append)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(model.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(1, 2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.set_checked(["id4", "id1", "missing"], True) == 1
    assert model.checked_ids() == ["id1", "id4"] and counts[-1] == 2
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.row(r).number for r in range(6)] == sorted(r.number for r in rows)
    assert model.checked_ids() == ["id4", "id1"]  # list order follows the sort
    assert model.index(model.row_of("id4") or 0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    qtmodeltester.check(model)
    model.set_rows(rows[:3])  # id4 is gone: its check goes with it
    assert model.checked_ids() == ["id1"] and counts[-1] == 1
    assert model.headerData(2, Qt.Orientation.Horizontal) == "标题/摘要"


def test_step_flow_per_kind() -> None:
    assert step_flow("handoff") == (KIND, RECIPIENTS, SCOPE, DESTINATION, RUN)
    assert step_flow("deployment") == (KIND, TEAM, RECIPIENTS, SCOPE, DESTINATION, RUN)
    assert step_flow("upward") == step_flow("lead-transfer") == (KIND, RECORDS, RECIPIENTS, SCOPE, DESTINATION, RUN)


def test_on_the_worker_thread_a_preset_waits_for_the_context_and_the_list(
        qtbot, threaded_executor: DbExecutor, office: Vault) -> None:
    """The real executor: "导出所选…" arrives before the dialog has loaded; Next waits for the list."""
    chosen = [office.records.list("problem")[0].id, office.records.list("lead")[3].id]
    threaded_executor.set_vault(office)
    dialog = ExportDialog(threaded_executor)
    qtbot.addWidget(dialog)
    dialog.load()
    dialog.preset("upward", chosen)
    assert dialog.context is None and dialog.stack.currentIndex() == KIND  # results come through the event loop
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == RECORDS and not dialog.records_step.loading,
                    timeout=30_000)
    assert dialog.kind == "upward"
    assert dialog.records_step.checked_ids() == chosen  # problems were made before leads
    assert dialog.next_button.isEnabled()
    threaded_executor.wait()
    threaded_executor.set_vault(None)
