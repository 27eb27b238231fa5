"""The vault-wide audit log (工作台 → 操作日志…): every journal entry, filtered, checked, cleared on lock."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from app.exchange.package import export_package, parse_recipients, public_document
from app.export.pdf import DocOptions, print_feedback
from app.storage import journal
from app.ui.main_window import MainWindow
from app.ui.records.history import ACTION_LABELS, action_label
from app.ui.security.audit_log import COLUMNS, AuditLogDialog
from tests.ui.conftest import Sample, enrol, widget_texts


def shown(dialog: AuditLogDialog) -> list[tuple[str, ...]]:
    proxy = dialog.proxy
    return [tuple(str(proxy.index(r, c).data() or "") for c in range(len(COLUMNS))) for r in range(proxy.rowCount())]


def make_log(window: MainWindow, sample: Sample, make_vault, tmp_path: Path) -> AuditLogDialog:
    """A print and a package export on the sample vault, then the log opened from the menu."""
    vault = sample.vault
    print_feedback(vault, tmp_path / "反馈意见.pdf", "市水务局",
                   options=DocOptions(copy_number="000007", secrecy="秘密★1年"))
    office = make_vault("office.xcv", role="office", owner="巡察办")
    enrol(vault, office)
    export_package(vault, tmp_path / "handoff.age", parse_recipients(json.dumps(public_document(office)).encode()))
    window.audit_action.trigger()
    dialog = window.audit_dialog
    assert isinstance(dialog, AuditLogDialog) and dialog.isVisible()
    return dialog


def test_log_lists_prints_packages_and_changes_newest_first(qtmodeltester, window: MainWindow, sample: Sample,
                                                            make_vault, tmp_path: Path) -> None:
    dialog = make_log(window, sample, make_vault, tmp_path)
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)
    rows = shown(dialog)
    seqs = [dialog.model.row(r).seq for r in range(dialog.model.rowCount())]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == len(sample.vault.journal.entries())
    actions = [r[3] for r in rows]
    # newest first: trusting the office makes no keys (a refused trust must change nothing);
    # the vault's own keys are made at its first export
    assert actions[:4] == ["导出交接包", "生成密钥", "信任公钥", "打印反馈意见"]
    assert actions[-1] == "创建保密库"
    assert "新建" in actions and not any("-" in a for a in actions)  # no raw action codes
    package = rows[0]
    assert package[1] == "测试员" and package[2] == "测试员"  # the device by its owner's name
    device_tip = dialog.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert sample.vault.info.device_id in device_tip  # its id on hover
    assert "移交包" in package[5] and "第 1 号" in package[5] and "接收方 age1" in package[5]
    printed = rows[3]
    assert "反馈意见.pdf" in printed[5] and "份号 000007" in printed[5] and "页" in printed[5]
    created = [r for r in rows if r[3] == "新建" and r[4].startswith("谈话记录：T-00")]
    assert len(created) == 2 and all(r[5].startswith("谈话编号、") for r in created)  # fields by their labels
    assert not any("删除标记" in r[5] for r in created)
    assert "关联：引出线索" in [r[4] for r in rows]  # a link by its relation, not its id
    assert f"共 {len(seqs)} 条" in dialog.status.text()
    assert not dialog.more_button.isVisible()


def test_filter_by_type_and_text_and_the_detail_pane(window: MainWindow, sample: Sample, make_vault,
                                                     tmp_path: Path) -> None:
    dialog = make_log(window, sample, make_vault, tmp_path)
    total = dialog.model.rowCount()
    dialog.set_group("打印与导出")
    assert [r[3] for r in shown(dialog)] == ["打印反馈意见"]
    assert f"显示 1 / {total} 条" in dialog.status.text()
    dialog.set_group("交接包")
    assert [r[3] for r in shown(dialog)] == ["导出交接包"]
    dialog.set_group("密钥与保密库")
    assert [r[3] for r in shown(dialog)] == ["生成密钥", "信任公钥", "创建保密库"]
    dialog.set_group("记录修改")
    assert shown(dialog) and {r[3] for r in shown(dialog)} <= {"新建", "修改", "删除", "恢复", "合并", "解决冲突"}

    dialog.set_group("全部")
    dialog.filter_edit.setText("王组长")
    dialog._refilter()  # what the debounce timer does
    rows = shown(dialog)
    assert rows and all("王组长" in r[4] for r in rows)
    dialog.filter_edit.setText("000007")  # in the detail too
    dialog._refilter()
    assert [r[3] for r in shown(dialog)] == ["打印反馈意见"]

    dialog.view.setCurrentIndex(dialog.proxy.index(0, 0))
    text = dialog.detail.toPlainText()
    assert dialog.detail.isReadOnly()
    assert "份号：000007" in text and "文件：反馈意见.pdf" in text and "打印反馈意见" in text
    assert "{" not in text and '"' not in text  # readable lines, not JSON

    dialog.filter_edit.setText("")
    dialog._refilter()
    proxy = dialog.proxy
    created = next(r for r in range(proxy.rowCount())
                   if proxy.index(r, 3).data() == "新建" and proxy.index(r, 4).data().startswith("谈话记录"))
    dialog.view.setCurrentIndex(dialog.proxy.index(created, 0))
    text = dialog.detail.toPlainText()
    assert "谈话编号：（空） → T-00" in text and "{" not in text  # each field: old → new, by its label


def test_double_click_opens_the_record(qtbot, window: MainWindow, sample: Sample) -> None:
    window.audit_action.trigger()
    dialog = window.audit_dialog
    assert dialog is not None
    lead = sample.lead
    dialog.filter_edit.setText("XS-001")
    dialog._refilter()
    index = dialog.proxy.index(0, 4)
    assert index.data() == "问题线索：XS-001"
    with qtbot.waitSignal(dialog.open_record_requested) as blocker:
        dialog.view.doubleClicked.emit(index)
    assert blocker.args == ["lead", lead.id]
    assert lead.id in window.editors  # the main window opened it


def test_verify_says_complete_and_shows_the_problems_of_a_broken_chain(window: MainWindow, sample: Sample) -> None:
    dialog = window.show_audit_log()
    count = len(sample.vault.journal.entries())
    dialog.verify_button.click()
    assert dialog.chain_label.text() == f"审计链完整（共 {count} 条）"

    # The triggers refuse UPDATE through the app; a tamperer with the key could drop them.
    con = sample.vault.con
    con.execute("DROP TRIGGER journal_no_update")
    con.execute("UPDATE journal SET actor = '伪造者' WHERE seq = 3")
    dialog.verify_button.click()
    text = dialog.chain_label.text()
    assert text.startswith("审计链有 1 处问题") and "审计记录 3 的内容与其哈希不符" in text
    assert journal.verify(con)  # the dialog showed what journal.verify finds


def test_many_problems_are_cut_with_all_in_the_tooltip(monkeypatch, window: MainWindow) -> None:
    problems = [f"审计记录 {n} 与前一条的链接不符" for n in range(1, 9)]
    monkeypatch.setattr("app.storage.vault.Vault.audit_problems", lambda self: list(problems))
    dialog = window.show_audit_log()
    dialog.verify_button.click()
    assert "8 处问题" in dialog.chain_label.text() and problems[4] in dialog.chain_label.text()
    assert problems[7] not in dialog.chain_label.text() and problems[7] in dialog.chain_label.toolTip()


def test_a_cap_with_load_more(monkeypatch, window: MainWindow, sample: Sample) -> None:
    monkeypatch.setattr("app.ui.security.audit_log.PAGE", 5)
    dialog = AuditLogDialog(window.executor, window)
    dialog.reload()
    total = len(sample.vault.journal.entries())
    assert dialog.model.rowCount() == 5 and dialog.more and not dialog.more_button.isHidden()
    assert "只加载了最新的 5 条" in dialog.status.text()
    while dialog.more:
        dialog.more_button.click()
    assert dialog.model.rowCount() == total


def test_locking_clears_and_closes_the_log(window: MainWindow, sample: Sample, make_vault, tmp_path: Path) -> None:
    dialog = make_log(window, sample, make_vault, tmp_path)
    dialog.view.setCurrentIndex(dialog.proxy.index(0, 0))
    dialog.verify_button.click()
    dialog.filter_edit.setText("移交包")
    assert any("移交包" in t for t in widget_texts(dialog))
    window.clear_for_lock()
    assert not dialog.isVisible() and dialog.model.rowCount() == 0
    texts = [t for t in widget_texts(dialog) if t]
    assert not any("移交包" in t or "测试员" in t or "审计链" in t and "完整" in t for t in texts)
    assert dialog.detail.toPlainText() == "" and dialog.filter_edit.text() == ""


def test_every_journal_action_has_a_label() -> None:
    actions = {"create", "update", "delete", "restore", "merge", "resolve", "print-feedback", "print-interview",
               "print-paper", "print-handover", "print-inspection-report", "export-ledger", "export-package",
               "import-package", "intake-xlsx", "trust-key", "create-keys", "backup", "change-passphrase",
               "create-vault", "upgrade-data"}
    assert actions <= set(ACTION_LABELS)
    assert all(action_label(a) != a for a in actions)
    assert action_label("unknown-action") == "unknown-action"
