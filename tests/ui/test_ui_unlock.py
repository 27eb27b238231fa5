"""Unlock and create-vault dialogs, driven through their widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from app.ui.unlock import CREATE_INSTEAD, CreateVaultDialog, UnlockDialog, passphrase_strength
from tests.conftest import PASSPHRASE


def test_wrong_then_right_passphrase(qtbot, threaded_executor, vault: Vault, ui_settings) -> None:
    path = str(vault.path)
    vault.close()
    dialog = UnlockDialog(threaded_executor, path, settings=ui_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.path == path
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password

    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.busy and not dialog.unlock_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "口令不正确" in dialog.error.text() and dialog.error.isVisible()
    assert dialog.passphrase.text() == "" and dialog.vault is None
    assert dialog.isVisible()  # nothing else happens: try again
    assert dialog.focusWidget() is dialog.passphrase  # straight back to typing, no click needed

    dialog.passphrase.insert(PASSPHRASE)  # QTest cannot type CJK characters
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.passphrase.text() == ""
    assert ui_settings.recent_vaults[0] == path
    dialog.vault.close()


def test_missing_file_and_empty_passphrase(qtbot, executor, tmp_path: Path, ui_settings) -> None:
    dialog = UnlockDialog(executor, str(tmp_path / "nothing.xcv"), settings=ui_settings)
    qtbot.addWidget(dialog)
    dialog.unlock()
    assert dialog.error.text() == "请输入口令"
    dialog.passphrase.setText("whatever-long")
    dialog.unlock()
    assert "找不到保密库文件" in dialog.error.text()


def test_unlock_offers_create(qtbot, executor, ui_settings) -> None:
    dialog = UnlockDialog(executor, None, settings=ui_settings)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished) as blocker:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [CREATE_INSTEAD]


def test_create_vault_through_the_dialog(qtbot, threaded_executor, tmp_path: Path, ui_settings) -> None:
    dialog = CreateVaultDialog(threaded_executor, kdf=TEST_PARAMS, settings=ui_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "无法找回" in dialog.findChild(type(dialog.error), "forgottenWarning").text()
    target = tmp_path / "第一巡察组"
    dialog.path_edit.insert(str(target))
    qtbot.mouseClick(dialog.office_radio, Qt.MouseButton.LeftButton)
    dialog.owner_edit.insert("张三")
    dialog.pass1.insert("巡察组 2024 口令")
    assert dialog.meter.value() >= 2
    dialog.pass2.insert("巡察组 2024 口令")
    qtbot.keyClicks(dialog.pass2, "x")
    assert not dialog.create_button.isEnabled() and "不一致" in dialog.status.text()
    qtbot.keyClick(dialog.pass2, Qt.Key.Key_Backspace)
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    vault = dialog.vault
    assert vault is not None and vault.path == target.with_suffix(".xcv")
    assert vault.info.role == "office" and vault.info.owner == "张三"
    vault.close()
    with Vault.open(target.with_suffix(".xcv"), "巡察组 2024 口令") as reopened:
        assert reopened.records.count("vocab") > 0


def test_create_refuses_existing_file(qtbot, executor, tmp_path: Path, ui_settings) -> None:
    existing = tmp_path / "taken.xcv"
    existing.write_bytes(b"not mine")
    dialog = CreateVaultDialog(executor, kdf=TEST_PARAMS, settings=ui_settings)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(existing))
    dialog.pass1.setText("long enough passphrase")
    dialog.pass2.setText("long enough passphrase")
    dialog.create_vault()
    assert "不会覆盖" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and existing.read_bytes() == b"not mine"


def test_strength_meter_scores() -> None:
    assert passphrase_strength("short") == 0
    assert passphrase_strength("abcdefgh") == 1
    assert passphrase_strength("巡察组第一组 2024 年 春季") >= 3
    assert passphrase_strength("Correct-Horse-Battery-9") == 4
