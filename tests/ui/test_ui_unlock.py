"""Unlock and create-vault dialogs, driven through their widgets."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from app.services import session
from app.services.session import WeakPassphrase
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from app.ui.security.unlock import (
    CREATE_INSTEAD,
    CreateVaultDialog,
    UnlockDialog,
    neutral_vault_path,
    passphrase_strength,
)
from app.ui.settings import SETTINGS_VERSION, Settings
from app.ui.tasks import DbExecutor
from tests.conftest import PASSPHRASE


def close_worker_vault(executor: DbExecutor) -> None:
    vault = executor.vault
    assert vault is not None
    executor.set_vault(None)
    vault.close()


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
    assert dialog.passphrase.text() == "" and dialog.opened is None and threaded_executor.vault is None
    assert dialog.isVisible()  # nothing else happens: try again
    assert dialog.focusWidget() is dialog.passphrase  # straight back to typing, no click needed

    dialog.passphrase.insert(PASSPHRASE)  # QTest cannot type CJK characters
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    vault = threaded_executor.vault  # the worker holds the vault; the dialog only its description
    assert dialog.opened is not None and vault is not None and vault.is_open
    assert dialog.opened.path == Path(path).resolve() and not hasattr(dialog, "vault")
    assert dialog.passphrase.text() == ""
    assert ui_settings.remembered_vault == "", "nothing remembered unless the user ticks the box"
    close_worker_vault(threaded_executor)


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
    dialog.path_edit.setText(str(target))
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
    vault = threaded_executor.vault
    assert vault is not None and dialog.opened is not None and vault.path == target.with_suffix(".xcv")
    assert dialog.opened.role == "office" and dialog.opened.owner == "张三"
    assert vault.info.role == "office" and vault.info.owner == "张三"
    close_worker_vault(threaded_executor)
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
    """zxcvbn's score (app/domain/passphrase.py): dictionary words, names and dates count for little."""
    assert passphrase_strength("short") == 0
    assert passphrase_strength("password1") == 0
    assert passphrase_strength("zhangsan2024") < 4  # a name and a year: fewer than 10¹⁰ guesses
    assert passphrase_strength("巡察组第一组 2024 年 春季") == 4
    assert passphrase_strength("Correct-Horse-Battery-9") == 4


def test_a_guessable_passphrase_is_refused_with_advice(qtbot, executor, tmp_path: Path, ui_settings) -> None:
    dialog = CreateVaultDialog(executor, kdf=TEST_PARAMS, settings=ui_settings)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "a.xcv"))
    dialog.owner_edit.setText("张三")
    for text in ("zhangsan2024", "张三2024年春节"):  # the owner's name and a date: guessed in under 10¹⁰ tries
        dialog.pass1.setText(text)
        dialog.pass2.setText(text)
        assert not dialog.create_button.isEnabled()
        assert "容易被猜中" in dialog.advice.text() and "青瓦 灯塔" in dialog.advice.text()
        assert dialog.create_vault() is None and "容易被猜中" in dialog.error.text()
    assert not (tmp_path / "a.xcv").exists()
    dialog.pass1.setText("青瓦 灯塔 三月 远行")
    dialog.pass2.setText("青瓦 灯塔 三月 远行")
    assert dialog.create_button.isEnabled() and not dialog.advice.isVisible()


def test_the_service_refuses_a_guessable_passphrase_too(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase) as refused:
        session.create(tmp_path / "b.xcv", "password123", role="team", owner="李四", kdf=TEST_PARAMS)
    assert "容易被猜中" in refused.value.problems[0] and not (tmp_path / "b.xcv").exists()
    # The demo's documented passphrase is the one exception, asked for by name.
    session.create(tmp_path / "demo.xcv", "演示口令2024", role="team", owner="演示用户", kdf=TEST_PARAMS,
                   check_strength=False).close()


# --- what the settings file remembers (docs/vault.md, "What the disk remembers") ---------------------------


def settings_text(ui_settings: Settings, tmp_path: Path) -> str:
    ui_settings.sync()
    return (tmp_path / "settings.ini").read_text(encoding="utf-8")


def unlock_with(qtbot, executor, path: Path, ui_settings: Settings, *, remember: bool | None) -> UnlockDialog:
    dialog = UnlockDialog(executor, str(path), settings=ui_settings)
    qtbot.addWidget(dialog)
    if remember is not None:
        dialog.remember_box.setChecked(remember)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock()
    assert dialog.opened is not None, dialog.error.text()
    close_worker_vault(executor)
    return dialog


def test_remembering_is_off_by_default(qtbot, executor, make_vault, ui_settings, tmp_path: Path) -> None:
    vault = make_vault("secret-case.xcv")
    vault.close()
    dialog = unlock_with(qtbot, executor, vault.path, ui_settings, remember=None)
    assert not dialog.remember_box.isChecked() and not dialog.clear_button.isEnabled()
    assert ui_settings.remembered_vault == ""
    assert "secret-case" not in settings_text(ui_settings, tmp_path)
    assert str(tmp_path) not in settings_text(ui_settings, tmp_path), "not even the folder"


def test_one_remembered_vault_replaced_untick_and_clear(qtbot, executor, make_vault, ui_settings,
                                                       tmp_path: Path) -> None:
    first, second = make_vault("one.xcv"), make_vault("two.xcv")
    first.close()
    second.close()
    unlock_with(qtbot, executor, first.path, ui_settings, remember=True)
    assert ui_settings.remembered_vault == str(first.path)
    unlock_with(qtbot, executor, second.path, ui_settings, remember=True)
    assert ui_settings.remembered_vault == str(second.path)
    text = settings_text(ui_settings, tmp_path)
    assert "two.xcv" in text and "one.xcv" not in text, "one entry at most"

    dialog = UnlockDialog(executor, None, settings=ui_settings)  # the next start
    qtbot.addWidget(dialog)
    assert dialog.path == str(second.path) and dialog.path_combo.count() == 1
    assert dialog.remember_box.isChecked() and dialog.clear_button.isEnabled()
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert ui_settings.remembered_vault == "" and not dialog.remember_box.isChecked()
    assert not dialog.clear_button.isEnabled()
    assert "two.xcv" not in settings_text(ui_settings, tmp_path)

    unlock_with(qtbot, executor, second.path, ui_settings, remember=True)
    unlock_with(qtbot, executor, second.path, ui_settings, remember=False)  # unticked: forgotten
    assert ui_settings.remembered_vault == ""


def test_a_remembered_file_that_is_gone_is_not_listed(qtbot, executor, ui_settings, tmp_path: Path) -> None:
    ui_settings.remembered_vault = str(tmp_path / "moved.xcv")
    dialog = UnlockDialog(executor, None, settings=ui_settings)
    qtbot.addWidget(dialog)
    assert dialog.path_combo.count() == 0 and dialog.clear_button.isEnabled()


def test_the_old_recent_list_is_dropped_on_start(tmp_path: Path) -> None:
    ini = tmp_path / "old.ini"
    old = QSettings(str(ini), QSettings.Format.IniFormat)
    old.setValue("settings_version", 1)
    old.setValue("vaults/recent", ["/home/u/线索-梁锋杰.xcv", "/home/u/team.xcv"])
    old.setValue("vaults/last_dir", "/home/u/梁锋杰")
    old.setValue("security/lock_minutes", 7)
    old.sync()
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    settings.sync()
    fresh = QSettings(str(ini), QSettings.Format.IniFormat)
    assert fresh.value("vaults/recent") is None and fresh.value("vaults/last_dir") is None
    assert "u/team.xcv" not in ini.read_text(encoding="utf-8")
    assert settings.remembered_vault == "" and settings.opened_before == 1
    assert settings.lock_minutes == 7, "other settings are kept"
    assert int(fresh.value("settings_version")) == SETTINGS_VERSION


def test_start_without_a_remembered_vault(qtbot, executor, ui_settings) -> None:
    from app.ui.application import AppController

    controller = AppController(executor, settings=ui_settings)
    controller.start()
    assert isinstance(controller.dialog, CreateVaultDialog), "the first run creates a vault"
    controller.dialog.close()
    ui_settings.opened_before = 1
    controller = AppController(executor, settings=ui_settings)
    controller.start()
    assert isinstance(controller.dialog, UnlockDialog) and controller.dialog.path == ""
    controller.dialog.close()


def test_create_proposes_a_neutral_name(qtbot, executor, ui_settings, tmp_path: Path) -> None:
    assert neutral_vault_path(tmp_path, dt.date(2026, 12, 3)) == tmp_path / "保密库-2026-12.xcv"
    (tmp_path / "保密库-2026-12.xcv").write_bytes(b"taken")
    assert neutral_vault_path(tmp_path, dt.date(2026, 12, 3)) == tmp_path / "保密库-2026-12-2.xcv"
    dialog = CreateVaultDialog(executor, kdf=TEST_PARAMS, settings=ui_settings)
    qtbot.addWidget(dialog)
    assert re.fullmatch(r"保密库-\d{4}-\d{2}(-\d+)?\.xcv", Path(dialog.path_edit.text()).name)
    assert "巡察组" not in dialog.path_edit.placeholderText()
    assert not dialog.remember_box.isChecked()


def test_create_remembers_only_when_ticked(qtbot, executor, ui_settings, tmp_path: Path) -> None:
    for remember, name in ((False, "a.xcv"), (True, "b.xcv")):
        dialog = CreateVaultDialog(executor, kdf=TEST_PARAMS, settings=ui_settings)
        qtbot.addWidget(dialog)
        dialog.path_edit.setText(str(tmp_path / name))
        dialog.remember_box.setChecked(remember)
        dialog.pass1.setText("long enough passphrase")
        dialog.pass2.setText("long enough passphrase")
        dialog.create_vault()
        assert dialog.opened is not None
        close_worker_vault(executor)
        assert ui_settings.remembered_vault == (str(tmp_path / name) if remember else "")
