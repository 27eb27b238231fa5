"""A damaged vault in the window: the same one message as the command line, never the crash dialog."""

from __future__ import annotations

import pytest
import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.storage.errors import VaultDamaged
from app.storage.vault import Vault
from app.ui import crash
from app.ui.tasks import DbExecutor, Op, Task
from tests.conftest import PASSPHRASE
from tests.ui.conftest import enter_vault

MESSAGE = "保密库文件已损坏：请运行 check 检查，并从最近的备份恢复"


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    # Every message box of app/ui is made plain (app/ui/widgets/plain.py) and run with exec(): see its text there.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or QMessageBox.StandardButton.Ok)
    return shown


@pytest.fixture
def damaged_vault(vault: Vault) -> Vault:
    """The fixture vault, closed, one bit flipped in the interview table's root page, opened again."""
    from app.domain.records import Interview

    for i in range(40):
        vault.records.save(Interview(interviewee=f"对象{i}", content="谈话内容" * 40))
    page = vault.con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'r_interview'").fetchone()[0]
    path = vault.path
    vault.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * 4096 + 2048] ^= 0x01
    path.write_bytes(bytes(data))
    return Vault.open(path, PASSPHRASE)


def test_an_op_reading_a_damaged_page_gets_the_typed_error(executor: DbExecutor, damaged_vault: Vault) -> None:
    executor.set_vault(damaged_vault)
    errors: list[BaseException] = []
    Op(None, lambda task: task.vault.records.list("interview"), executor=executor).on_error(errors.append).start()
    assert isinstance(errors[0], VaultDamaged) and str(errors[0]) == MESSAGE
    assert isinstance(errors[0].__cause__, sqlcipher3.DatabaseError)


def test_without_on_error_it_is_a_message_not_the_crash_dialog(executor: DbExecutor, damaged_vault: Vault,
                                                               warnings: list[str]) -> None:
    executor.set_vault(damaged_vault)
    Op(None, lambda task: task.vault.records.list("interview"), executor=executor).start()
    assert warnings == [MESSAGE]
    assert crash._dialog is None


def test_excepthook_shows_damage_as_a_message(qapp, warnings: list[str]) -> None:
    try:
        raise sqlcipher3.DatabaseError("database disk image is malformed")
    except sqlcipher3.DatabaseError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    assert warnings == [MESSAGE]
    assert crash._dialog is None


def test_a_bug_still_goes_to_the_crash_dialog(executor: DbExecutor, warnings: list[str], monkeypatch) -> None:
    hooked: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda t, e, tb: hooked.append(e))

    def bug(task: Task) -> None:
        raise KeyError("a bug")

    Op(None, bug, executor=executor).start()
    assert isinstance(hooked[0], KeyError) and warnings == []


def test_unlocking_a_vault_damaged_where_open_reads(qtbot, executor: DbExecutor, vault: Vault, ui_settings) -> None:
    from app.ui.security.unlock import UnlockDialog

    page = vault.con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'meta'").fetchone()[0]
    path = vault.path
    vault.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * 4096 + 2048] ^= 0x01
    path.write_bytes(bytes(data))
    dialog = UnlockDialog(executor, str(path), settings=ui_settings)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock()
    assert dialog.error.text() == MESSAGE and dialog.opened is None and executor.vault is None
    assert path.read_bytes() == bytes(data)



def test_unlock_tells_about_a_kept_wal(qtbot, executor: DbExecutor, tmp_path, ui_settings) -> None:
    from app.ui.application import AppController
    from tests.test_wal import SECRET, commit_frames, crashed_copy, damage_frame

    path = crashed_copy(tmp_path)
    damage_frame(path, commit_frames(path)[3] + 1)
    controller = AppController(executor, settings=ui_settings)
    vault = Vault.open(path, SECRET)
    enter_vault(controller, vault)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    box = controller.wal_notice
    assert box is not None and box.isVisible()
    assert box.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec(): nothing waits on it
    assert "最后 2 次修改未能恢复" in box.text() and str(vault.kept_wal.path) in box.text()
    box.accept()
    controller.idle.stop()
    vault.close()


def test_unlock_without_a_kept_wal_says_nothing(qtbot, executor: DbExecutor, vault: Vault, ui_settings) -> None:
    from app.ui.application import AppController

    controller = AppController(executor, settings=ui_settings)
    enter_vault(controller, vault)
    qtbot.addWidget(controller.window)
    assert controller.wal_notice is None
    controller.idle.stop()


def test_damage_met_by_several_ops_at_once_is_one_message(executor: DbExecutor, damaged_vault: Vault,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> QMessageBox.StandardButton:  # while the box is open, other ops fail too
        shown.append(box.text())
        Op(None, lambda task: task.vault.records.list("interview"), executor=executor).start()
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    executor.set_vault(damaged_vault)
    Op(None, lambda task: task.vault.records.list("interview"), executor=executor).start()
    assert shown == [MESSAGE]
    Op(None, lambda task: task.vault.records.list("interview"), executor=executor).start()
    assert shown == [MESSAGE, MESSAGE], "once closed, the next failure says it again"
