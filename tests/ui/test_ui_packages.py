"""The packages page on real vaults: keys and trust, the export dialog, the import screen, the ledger."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from app.domain.records import Unit
from app.exchange.package import display, export_package, load_key_file, parse_recipients, public_document
from app.exchange.package import format as package_format
from app.services.packages import package_contents
from app.storage.keys import KeyStore
from app.storage.vault import Vault
from app.ui.main_window import MainWindow
from app.ui.packages.export_wizard import DESTINATION, RECIPIENTS, RUN, SCOPE, ExportDialog
from app.ui.packages.import_page import IMPORTED, READY, REFUSED, UNKNOWN_SIGNER, ImportPanel, PackagesPage
from app.ui.packages.import_queue import ALREADY
from app.ui.packages.keys_view import TrustedKeysModel, TrustKeyDialog
from app.ui.packages.texts import ERROR_COLOUR, when_text
from app.ui.tasks import DbExecutor
from tests.ui.conftest import Sample, enrol, packages, widget_texts


def keyfile(vault: Vault, path: Path) -> Path:
    path.write_text(json.dumps(public_document(vault), ensure_ascii=False), encoding="utf-8")
    return path





def run_export(page: PackagesPage, kind: str, recipients: list[str], target: Path, *,
               incremental: bool = False) -> ExportDialog:
    """Drive the export dialog through its steps as a user would."""
    page.setCurrentWidget(page.export_panel)
    dialog = page.export_panel.open_dialog()
    dialog.set_kind(kind)
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == RECIPIENTS
    for fingerprint in recipients:
        dialog.keys_model.set_checked(fingerprint, True)
    assert dialog.next_button.isEnabled(), dialog.recipients_status.text()
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == SCOPE
    if incremental:
        assert dialog.incremental_radio.isEnabled()
        dialog.incremental_radio.setChecked(True)
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == DESTINATION
    dialog.path_edit.setText(str(target))
    assert dialog.next_button.text() == "开始导出" and dialog.next_button.isEnabled()
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == RUN
    return dialog


def test_keys_page_shows_own_fingerprints_exports_them_and_trusts_a_key_file(
        qtmodeltester, window: MainWindow, sample: Sample, make_vault, tmp_path: Path) -> None:
    page = packages(window)
    page.setCurrentWidget(page.keys_page)
    keys = page.keys_page
    own = public_document(sample.vault)
    shown = keys.signing_fpr.text()
    assert shown.replace("\n", " ") == display(own["fingerprint"])  # the key fingerprint, in fours, two lines
    assert shown.count("\n") == 1 and all(len(g) == 4 for g in shown.split())
    assert not hasattr(keys, "age_fpr")  # one fingerprint to read out, not two
    assert own["age_recipient"] in keys.recipient.text()
    assert keys.model.rowCount() == 0

    # Export this vault's public keys: the file is what `keys` writes, without any secret.
    out = tmp_path / "mine.json"
    keys.choose_save_file = lambda suggested: str(out)
    keys.export_button.click()
    assert json.loads(out.read_text(encoding="utf-8")) == own
    assert "AGE-SECRET-KEY" not in out.read_text(encoding="utf-8")
    assert "已写出公钥" in keys.own_status.text()

    # Trust another vault's key file: the user must type the fingerprint heard from its owner.
    member = make_vault("m.xcv", owner="组员甲")
    shown_keys = []
    keys.enroller.choose_file = lambda: str(keyfile(member, tmp_path / "member.json"))
    keys.enroller.confirm = lambda key, expected, previous: shown_keys.append((key.fingerprint, expected)) and ""
    keys.trust_button.click()
    assert shown_keys == [(public_document(member)["signing_fingerprint"], "")]
    assert KeyStore(sample.vault.con).all_trusted() == []  # not confirmed: nothing trusted
    keys.enroller.confirm = lambda key, expected, previous: "0000" * 8  # typed wrong
    keys.trust_button.click()
    assert KeyStore(sample.vault.con).all_trusted() == [] and "核对的指纹与公钥文件不符" in keys.trust_status.text()
    keys.enroller.confirm = lambda key, expected, previous: public_document(member)["fingerprint"][:32]
    keys.trust_button.click()
    assert [k.owner for k in KeyStore(sample.vault.con).all_trusted()] == ["组员甲"]
    assert keys.model.rowCount() == 1
    assert keys.model.index(0, 0).data() == "组员甲" and keys.model.index(0, 1).data() == "巡察组"
    assert keys.model.index(0, 3).data() == display(public_document(member)["fingerprint"])
    assert keys.model.index(0, 4).data() == "已核对"
    assert "已信任：组员甲" in keys.trust_status.text()
    qtmodeltester.check(keys.model)

    # A file that is not a keys file: one Chinese message, nothing trusted.
    bad = tmp_path / "bad.json"
    bad.write_text("AGE-SECRET-KEY-1QQQQ", encoding="utf-8")
    keys.enroller.choose_file = lambda: str(bad)
    keys.trust_button.click()
    assert "文件中含有私钥" in keys.trust_status.text()
    assert keys.model.rowCount() == 1


def test_trust_dialog_needs_the_typed_fingerprint_and_the_role(qtbot, make_vault) -> None:
    other = make_vault("o.xcv", role="office", owner="<b>巡察办</b>")
    key = load_key_file(json.dumps(public_document(other)).encode())
    fpr = public_document(other)["fingerprint"]
    dialog = TrustKeyDialog(key)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert not any(display(fpr)[:9] in t or fpr[:8] in t for t in texts)  # never shown to be copied
    assert "<b>巡察办</b>" in texts  # text from a keys file is shown as it is, not as HTML
    assert not dialog.ok_button.isEnabled()
    dialog.entry.typed_edit.setText(display(fpr))
    assert not dialog.ok_button.isEnabled()  # the role is not confirmed yet
    dialog.role_confirmed.setChecked(True)
    assert dialog.ok_button.isEnabled() and dialog.confirmed() == fpr[:32]
    dialog.entry.typed_edit.setText(display(fpr)[:-1] + ("0" if fpr[31] != "0" else "1"))
    assert not dialog.ok_button.isEnabled() and "第 8 组不一致" in dialog.entry.status.text()

    wrong = TrustKeyDialog(key, expected="0000 1111 2222 3333 4444 5555 6666 7777")
    qtbot.addWidget(wrong)
    assert "不是签发该交接包的密钥" in wrong.match_label.text()
    assert not wrong.entry.isEnabled() and not wrong.role_confirmed.isEnabled()
    wrong.entry.typed_edit.setText(display(fpr))
    wrong.role_confirmed.setChecked(True)
    assert not wrong.ok_button.isEnabled()


def test_checkable_keys_model_keeps_the_check_order(qtmodeltester, make_vault) -> None:
    vaults = [make_vault(f"k{i}.xcv", owner=f"人{i}") for i in range(3)]
    keys = [load_key_file(json.dumps(public_document(v)).encode()) for v in vaults]
    model = TrustedKeysModel(checkable=True)
    model.set_keys(keys)
    qtmodeltester.check(model)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    model.set_checked(keys[2].fingerprint, True)
    model.set_checked(keys[0].fingerprint, True)
    assert model.checked_keys() == [keys[2], keys[0]]
    assert model.index(2, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.set_checked(keys[2].fingerprint, False)
    assert model.checked_keys() == [keys[0]]
    plain = TrustedKeysModel()
    plain.set_keys(keys)
    assert not plain.setData(plain.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


def test_handoff_through_the_export_dialog_and_the_import_screen(
        qtmodeltester, window: MainWindow, sample: Sample, make_vault, open_window, tmp_path: Path) -> None:
    team = sample.vault
    office = make_vault("office.xcv", role="office", owner="巡察办")
    enrol(team, office)
    office_fpr = public_document(office)["signing_fingerprint"]

    page = packages(window)
    target = tmp_path / "usb" / "handoff.age"
    target.parent.mkdir()
    dialog = run_export(page, "handoff", [office_fpr], target)
    result = dialog.exported
    assert result is not None and target.is_file()
    assert result.seq == 1 and result.kind == "handoff" and result.records >= 12
    summary = dialog.summary.text()
    contents = package_contents(result.kinds)
    # Records as a person counts them, per kind; links, vocabulary and settings said apart.
    assert f"序号：{result.seq}" in summary and f"记录：{contents.records} 条（" in summary
    assert contents.records < result.records and "谈话记录 2" in summary and "另含：关联 1 条、词表" in summary
    assert "已导出完整移交包" in dialog.run_status.text()
    assert dialog.close_button.text() == "完成" and not dialog.back_button.isEnabled()
    dialog.close_button.click()
    assert "序号 1" in page.export_panel.last.text()
    assert f"记录：{contents.records} 条" in page.export_panel.last.text()

    # The office opens the import screen: the team is not trusted yet, so the signer is shown.
    office_window = open_window(office)
    office_page = packages(office_window)
    panel = office_page.import_panel
    panel.choose_files = lambda: [str(target)]
    panel.choose_button.click()
    item = panel.model.item(0)
    assert item.state == UNKNOWN_SIGNER and item.reason == "unknown_signer"
    team_fpr = public_document(team)["fingerprint"]
    assert item.signer == display(team_fpr)
    panel.view.selectRow(0)
    assert panel.trust_button.isVisibleTo(panel) and panel.signer_fingerprint.isVisibleTo(panel)
    assert panel.signer_fingerprint.text().replace("\n", " ") == display(team_fpr)
    assert "签名者不在本库信任的公钥中" in panel.detail.text()
    assert not panel.import_button.isEnabled()

    # Trust and retry: the team's keys file, the fingerprint compared with the package's signer.
    expectations = []
    panel.enroller.choose_file = lambda: str(keyfile(team, tmp_path / "team.json"))
    panel.enroller.confirm = lambda key, expected, previous: expectations.append(expected) or team_fpr
    panel.trust_button.click()
    assert expectations == [display(team_fpr)]
    item = panel.model.item(0)
    assert item.state == READY, item.message
    before = office.counts()
    preview = item.counts
    # Every record of the handoff is new to the office: counted as added, not also as changed.
    assert preview.added == contents.records and preview.changed == 0 and preview.conflicts == 0
    assert office.counts() == before  # the preview wrote nothing
    assert [panel.model.index(0, c).data() for c in (5, 6, 7)] == [str(preview.added), "0", "0"]
    assert f"导入后将新增记录 {preview.added} 条，修改记录 0 条" in panel.detail.text()
    # The records are listed: what happens to each, its kind and title.
    changes = panel.changes
    qtmodeltester.check(changes)
    assert panel.changes_view.isVisibleTo(panel) and changes.rowCount() == preview.added
    listed = {tuple(changes.index(r, c).data() for c in (0, 1, 2)) for r in range(changes.rowCount())}
    assert ("新增", "问题线索", sample.lead.label()) in listed
    qtmodeltester.check(panel.model)

    assert panel.import_button.isEnabled()
    panel.import_button.click()
    assert panel.model.item(0).state == IMPORTED
    assert office.records.get(sample.lead.id).summary == sample.lead.summary  # type: ignore[attr-defined]
    assert f"已导入 1 个交接包：新增记录 {preview.added} 条，修改记录 0 条" in panel.report.text()
    ledger = KeyStore(office.con).packages("in")
    assert len(ledger) == 1 and ledger[0].report["changed"] == 0

    # The ledger is listed under 往来记录: when, from whom, the counts.
    office_page.setCurrentWidget(office_page.history)
    history = office_page.history.model
    qtmodeltester.check(history)
    assert history.rowCount() == 1
    assert [history.index(0, c).data() for c in (1, 2, 3, 4)] == ["导入", "移交包", "测试员", "1"]
    assert f"新增记录 {preview.added}，修改记录 0" in history.index(0, 5).data()
    page.setCurrentWidget(page.history)
    sent = page.history.model
    assert [sent.index(0, c).data() for c in (1, 2, 3)] == ["导出", "移交包", "巡察办"]

    # The same package again (a copy named as earlier versions named them) is reported calmly, with
    # when it was imported: not as a failed check, and nothing to import.
    target.with_name("again.age").write_bytes(target.read_bytes())
    panel.add_files([target.with_name("again.age")])
    again = panel.model.item(1)
    assert again.state == ALREADY and again.owner == "测试员" and again.kind == "handoff"
    assert panel.model.index(1, 1).data() == "此前已导入"
    assert panel.model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) != QColor(ERROR_COLOUR)
    panel.view.selectRow(1)
    assert panel.detail.text() == f"此交接包已导入（{when_text(ledger[0].at)}），无需再次导入。"
    assert "未通过" not in panel.detail.text() and not panel.import_button.isEnabled()
    assert not panel.changes_view.isVisibleTo(panel)


def test_member_package_incremental_and_the_kind_list_comes_from_the_package_module(
        window: MainWindow, sample: Sample, make_vault, monkeypatch, tmp_path: Path) -> None:
    leader = make_vault("leader.xcv", owner="组长")
    enrol(sample.vault, leader)
    leader_fpr = public_document(leader)["signing_fingerprint"]
    page = packages(window)
    first = run_export(page, "member", [leader_fpr], tmp_path / "m1.age")
    assert first.exported is not None and first.exported.mode == "full"
    first.close_button.click()

    unit = sample.vault.records.get(sample.unit.id)
    assert isinstance(unit, Unit)
    unit.address = "新址 8 号"
    sample.vault.records.save(unit)
    second = run_export(page, "member", [leader_fpr], tmp_path / "m2.age", incremental=True)
    assert second.exported is not None
    assert second.exported.mode == "incremental" and second.exported.seq == 2
    assert 0 < second.exported.writes < first.exported.writes
    assert "已导出增量组员包" in second.run_status.text()
    second.close_button.click()

    monkeypatch.setattr(package_format, "SUPPORTED_KINDS", ("handoff", "member", "deployment"))
    dialog = page.export_panel.open_dialog()
    assert set(dialog.kind_buttons) == {"handoff", "member", "deployment"}
    assert "部署包" in dialog.kind_buttons["deployment"].text()
    dialog.reject()


def test_export_dialog_checks_recipients_and_destination(window: MainWindow, sample: Sample, make_vault,
                                                         tmp_path: Path) -> None:
    others = [make_vault(f"r{i}.xcv", owner=f"接收{i}") for i in range(5)]
    for other in others:
        enrol(sample.vault, other)
    page = packages(window)
    dialog = page.export_panel.open_dialog()
    dialog.set_kind("member")
    dialog.next_button.click()
    assert not dialog.next_button.isEnabled() and "请至少选择一个接收方" in dialog.recipients_status.text()
    dialog.extra_edit.setPlainText("age1notarecipient")
    assert not dialog.next_button.isEnabled() and "不是有效的 age 接收方" in dialog.recipients_status.text()
    dialog.extra_edit.clear()
    for other in others:
        dialog.keys_model.set_checked(public_document(other)["signing_fingerprint"], True)
    assert not dialog.next_button.isEnabled() and "接收方过多" in dialog.recipients_status.text()
    dialog.keys_model.set_checked(public_document(others[4])["signing_fingerprint"], False)
    assert dialog.next_button.isEnabled()
    dialog.next_button.click()
    assert not dialog.incremental_radio.isEnabled() and "只能导出完整交接包" in dialog.scope_info.text()
    dialog.next_button.click()
    assert dialog.path_edit.text().endswith(".xcp") and "组员包" in dialog.path_edit.text()
    taken = tmp_path / "taken.age"
    taken.write_bytes(b"keep")
    dialog.path_edit.setText(str(taken))
    assert not dialog.next_button.isEnabled() and "不会覆盖" in dialog.destination_status.text()
    dialog.path_edit.setText(str(tmp_path / "missing" / "x.age"))
    assert not dialog.next_button.isEnabled() and "文件夹不存在" in dialog.destination_status.text()
    assert taken.read_bytes() == b"keep"

    # A handoff chosen for team keys: a warning (the office imports handoffs), not a refusal.
    dialog.back()
    dialog.back()
    dialog.back()
    dialog.set_kind("handoff")
    dialog.next_button.click()
    assert "无法导入移交包" in dialog.recipients_status.text() and dialog.next_button.isEnabled()
    dialog.reject()


def test_cancelling_an_export_leaves_no_file_and_no_ledger_row(window: MainWindow, sample: Sample, make_vault,
                                                               tmp_path: Path) -> None:
    leader = make_vault("leader.xcv", owner="组长")
    enrol(sample.vault, leader)
    sample.vault.attach(sample.interviews[0].id, io.BytesIO(os.urandom(3 << 20)), "录音.bin")
    page = packages(window)
    page.setCurrentWidget(page.export_panel)
    dialog = page.export_panel.open_dialog()
    progressed = []

    def cancel_on_first(done: int, total: int, _text: str) -> None:
        progressed.append((done, total))
        dialog.close_button.click()  # while running, the button cancels

    dialog._progressed = cancel_on_first  # type: ignore[method-assign]
    dialog.set_kind("member")
    dialog.next_button.click()
    dialog.keys_model.set_checked(public_document(leader)["signing_fingerprint"], True)
    dialog.next_button.click()
    dialog.next_button.click()
    target = tmp_path / "cancelled.age"
    dialog.path_edit.setText(str(target))
    dialog.next_button.click()
    assert progressed and progressed[0][1] >= 3 << 20
    assert dialog.exported is None and "已取消" in dialog.run_status.text()
    assert not target.exists() and not list(tmp_path.glob(".cancelled.age.*"))
    assert KeyStore(sample.vault.con).packages("out") == []
    assert dialog.back_button.isEnabled() and dialog.close_button.text() == "关闭"
    dialog.back()
    assert dialog.stack.currentIndex() == DESTINATION  # back to change the settings and retry


def test_refused_files_show_the_reason_and_lock_clears_the_page(window: MainWindow, sample: Sample, make_vault,
                                                                tmp_path: Path) -> None:
    # Someone else's package for this vault's recipient, but signed by a stranger.
    stranger = make_vault("s.xcv", owner="陌生人")
    export_package(stranger, tmp_path / "s.age", parse_recipients(json.dumps(public_document(sample.vault)).encode()),
                   kind="member")
    garbage = tmp_path / "not-a-package.age"
    garbage.write_bytes(b"hello")
    missing = tmp_path / "gone.age"
    page = packages(window)
    panel: ImportPanel = page.import_panel
    panel.add_files([garbage, missing, tmp_path / "s.age"])
    assert panel.model.item(0).state == REFUSED
    assert panel.model.item(0).message == "不是交接包（缺少 age 加密文件头）"
    assert panel.model.item(1).state == REFUSED and "找不到文件" in panel.model.item(1).message
    assert panel.model.item(2).state == UNKNOWN_SIGNER and "陌生人" in panel.model.item(2).message
    assert panel.model.index(2, 2).data() == f"陌生人（设备 {stranger.info.device_id[:8]}）"
    panel.view.selectRow(0)
    assert "未通过校验，不能导入" in panel.detail.text()
    assert not panel.import_button.isEnabled()

    page.setCurrentWidget(page.keys_page)
    assert page.keys_page.signing_fpr.text()
    window.clear_for_lock()
    texts = " ".join(widget_texts(page))
    assert panel.model.rowCount() == 0
    assert "not-a-package" not in texts and "陌生人" not in texts
    assert public_document(sample.vault)["signing_fingerprint"][:4] not in page.keys_page.signing_fpr.text()
    assert page.keys_page.model.rowCount() == 0 and page.history.model.rowCount() == 0


def test_on_the_worker_thread_checks_then_import_several_packages(qtbot, threaded_executor: DbExecutor,
                                                                  make_vault, tmp_path: Path) -> None:
    """The real one-thread executor: each file is checked in its own op, then all import together."""
    leader = make_vault("leader.xcv", owner="组长")
    members = [make_vault(f"m{i}.xcv", owner=f"组员{i}") for i in range(3)]
    paths = []
    for i, member in enumerate(members):
        member.records.save(Unit(name=f"某县单位{i}"))
        enrol(leader, member)
        paths.append(tmp_path / f"m{i}.age")
        export_package(member, paths[-1], parse_recipients(json.dumps(public_document(leader)).encode()),
                       kind="member")
    threaded_executor.set_vault(leader)
    panel = ImportPanel(threaded_executor)
    qtbot.addWidget(panel)
    states = []
    panel.model.dataChanged.connect(lambda *_: states.append([i.state for i in panel.model.items()]))
    panel.add_files(paths)
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert [i.state for i in panel.model.items()] == [READY] * 3
    assert any("checking" in s for s in states)  # each row said when its own check began
    assert all(i.summary["added"] >= 1 for i in panel.model.items())
    assert leader.records.count("unit") == 0
    panel.import_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert [i.state for i in panel.model.items()] == [IMPORTED] * 3
    assert sorted(u.name for u in leader.records.list("unit")) == ["某县单位0", "某县单位1", "某县单位2"]  # type: ignore[attr-defined]
    threaded_executor.set_vault(None)


def test_an_import_under_way_can_be_cancelled_and_writes_nothing(qtbot, threaded_executor: DbExecutor, make_vault,
                                                                 tmp_path: Path, monkeypatch) -> None:
    import threading

    import app.services.packages as packages_module

    leader, member = make_vault("leader.xcv", owner="组长"), make_vault("m.xcv", owner="组员")
    member.records.save(Unit(name="某县单位"))
    enrol(leader, member)
    path = tmp_path / "m.age"
    export_package(member, path, parse_recipients(json.dumps(public_document(leader)).encode()), kind="member")
    threaded_executor.set_vault(leader)
    panel = ImportPanel(threaded_executor)
    qtbot.addWidget(panel)
    panel.add_files([path])
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)

    go = threading.Event()
    real = packages_module.import_packages

    def held(*args, **kwargs):  # the import starts only once the user has pressed cancel
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(packages_module, "import_packages", held)
    panel.import_button.click()
    assert panel.cancel_button.isVisibleTo(panel) and panel.cancel_button.text() == "取消导入"
    panel.cancel_button.click()
    go.set()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert "已取消导入" in panel.report.text()
    assert leader.records.count("unit") == 0
    assert panel.model.items()[0].state == READY  # still there to import later
    threaded_executor.set_vault(None)


def test_the_import_screen_reports_a_missing_earlier_package(make_vault, open_window, tmp_path: Path) -> None:
    """Issue 10 item 7: package 2 before package 1 is accepted, and the gap is said in the detail."""
    team = make_vault("team.xcv", owner="组长")
    office = make_vault("office.xcv", role="office", owner="巡察办")
    enrol(office, team)
    recipients = parse_recipients(json.dumps(public_document(office)).encode())
    team.records.save(Unit(name="第一批"))
    export_package(team, tmp_path / "one.xcp", recipients)
    team.records.save(Unit(name="第二批"))
    export_package(team, tmp_path / "two.xcp", recipients)
    panel = packages(open_window(office)).import_panel
    panel.add_files([tmp_path / "two.xcp"])
    panel.view.selectRow(0)
    assert panel.model.item(0).state == READY
    assert "缺少同一来源的第 1 号包" in panel.detail.text()


def test_the_export_dialog_offers_the_last_kind_and_recipients_again(
        window: MainWindow, sample: Sample, make_vault, tmp_path: Path) -> None:
    office, leader = make_vault("office.xcv", role="office", owner="巡察办"), make_vault("leader.xcv", owner="组长")
    enrol(sample.vault, office)
    enrol(sample.vault, leader)
    office_fpr = public_document(office)["signing_fingerprint"]
    page = packages(window)
    first = page.export_panel.open_dialog()
    assert first.kind == "member" and first.keys_model.checked_keys() == []  # a team vault's first export
    first.reject()
    done = run_export(page, "handoff", [office_fpr], tmp_path / "h.xcp")
    assert done.exported is not None
    done.close_button.click()
    assert window.settings.export_last == ["handoff", office_fpr]  # kind and fingerprints: no secret

    again = page.export_panel.open_dialog()
    assert again.kind == "handoff" and [k.owner for k in again.keys_model.checked_keys()] == ["巡察办"]
    again.next_button.click()
    assert again.next_button.isEnabled()  # the recipient step is already filled in
    again.reject()
    # A remembered recipient no longer trusted here is simply not offered.
    window.settings.export_last = ["handoff", "0" * 64]
    third = page.export_panel.open_dialog()
    assert third.kind == "handoff" and third.keys_model.checked_keys() == []
    third.reject()
