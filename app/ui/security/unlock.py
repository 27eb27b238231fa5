"""Opening a vault: the unlock dialog and the create-vault dialog.

Key derivation (Argon2id) takes about a second on purpose, so both dialogs run it on the
executor and stay responsive; while it runs they cannot be closed, so an opened vault is never
left without an owner. On success the worker holds the open vault and ``dialog.opened`` describes it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.passphrase import strength
from app.domain.rules import passphrase_problems
from app.services import session
from app.services.session import OpenedVault, WeakPassphrase
from app.storage.errors import VaultError
from app.storage.kdf import KdfParams
from app.storage.vault import MIN_PASSPHRASE
from app.ui.i18n import error_text, rule_text
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, Op, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel

VAULT_SUFFIX = ".xcv"
#: ``exec()``/``finished`` codes besides Accepted/Rejected: the user switched dialogs.
CREATE_INSTEAD = 2
OPEN_INSTEAD = 3

FORGOTTEN_WARNING = str(QT_TRANSLATE_NOOP("CreateVaultDialog",
                                          "请牢记口令。口令不会保存在任何地方，一旦遗忘，任何人（包括本软件的开发者）"
                                          "都无法找回，保密库中的全部内容将无法再打开。"))
STRENGTH_LABELS = (
    str(QT_TRANSLATE_NOOP("CreateVaultDialog", "太短")),
    str(QT_TRANSLATE_NOOP("CreateVaultDialog", "弱")),
    str(QT_TRANSLATE_NOOP("CreateVaultDialog", "一般")),
    str(QT_TRANSLATE_NOOP("CreateVaultDialog", "较强")),
    str(QT_TRANSLATE_NOOP("CreateVaultDialog", "强")),
)


def vault_filter() -> str:
    """The file dialogs' filter for vault files."""
    return QCoreApplication.translate("UnlockDialog", "巡察工作台保密库 (*.xcv);;所有文件 (*)")


def default_folder() -> str:
    """Where the file dialogs start when no vault is remembered: the user's documents."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def neutral_vault_path(folder: str | os.PathLike[str], today: dt.date | None = None) -> Path:
    """A new vault's proposed file, ``保密库-2026-12.xcv`` (numbered when taken).

    A file name is never encrypted: it stays in folder listings, backups and the settings file.
    So the proposal says nothing about the people or the case inside (docs/vault.md).
    """
    month = (today or dt.date.today()).strftime("%Y-%m")
    stem = QCoreApplication.translate("CreateVaultDialog", "保密库") + f"-{month}"
    candidate = Path(folder) / f"{stem}{VAULT_SUFFIX}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = Path(folder) / f"{stem}-{n}{VAULT_SUFFIX}"
    return candidate


def _remember_box(parent: QWidget) -> QCheckBox:
    box = QCheckBox(QCoreApplication.translate("UnlockDialog", "记住此保密库的位置"), parent)
    box.setToolTip(QCoreApplication.translate(
        "UnlockDialog", "位置以明文保存在本机的程序设置中，下次启动时直接显示；不勾选则不保存"))
    return box


def passphrase_strength(text: str, user_inputs: tuple[str, ...] = ()) -> int:
    """The meter's score 0–4: zxcvbn's (app/domain/passphrase.py); 0 below the minimum length. A new
    vault takes only 4, the score of 10¹⁰ guesses and more (app/domain/rules.py passphrase_problems)."""
    if len(text) < MIN_PASSPHRASE:
        return 0
    return strength(text, user_inputs).score


Action = tuple[str, Callable[[], object]]


def _button_row(parent: QWidget, layout: QVBoxLayout, other: Action, cancel: Action,
                default: Action) -> tuple[QPushButton, QPushButton, QPushButton]:
    """The dialogs' bottom row: the other dialog on the left; cancel and the default action on the right."""
    row = QHBoxLayout()
    buttons = []
    for text, slot in (other, cancel, default):
        button = QPushButton(text, parent)
        button.clicked.connect(slot)
        buttons.append(button)
    for button in buttons[:2]:
        button.setAutoDefault(False)  # Enter goes to the default action, never to these
    buttons[2].setDefault(True)
    row.addWidget(buttons[0])
    row.addStretch(1)
    row.addWidget(buttons[1])
    row.addWidget(buttons[2])
    layout.addLayout(row)
    return buttons[0], buttons[1], buttons[2]


def _error_label(parent: QWidget) -> QLabel:
    label = PlainLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet("QLabel#errorLabel { color: #a93226; }")
    label.hide()
    return label


class UnlockDialog(QDialog):
    """Choose a vault file and unlock it with its passphrase.

    Attributes:
        opened: the vault the worker opened, after ``accepted``; None before.
    """

    def __init__(self, executor: DbExecutor, path: str | None = None, *, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.settings = settings or Settings()
        self.opened: OpenedVault | None = None
        self.busy = False
        self.setWindowTitle(self.tr("巡察工作台 — 解锁保密库"))
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        title = PlainLabel(self.tr("巡察工作台"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(PlainLabel(self.tr("输入口令，解锁保密库。"), self))

        form = QFormLayout()
        self.path_combo = QComboBox(self)
        self.path_combo.setMinimumContentsLength(36)
        self.path_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        remembered = self.settings.remembered_vault
        if remembered and Path(remembered).is_file():
            self.path_combo.addItem(remembered, remembered)
        if path:
            self.set_path(path)
        browse = QPushButton(self.tr("选择文件…"), self)
        browse.setAutoDefault(False)  # Enter unlocks, whatever has focus
        browse.clicked.connect(self.choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_combo, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("保密库文件"), path_row)
        # Off by default: only the one vault the user ticks is written to the settings file.
        self.remember_box = _remember_box(self)
        self.clear_button = QPushButton(self.tr("清除"), self)
        self.clear_button.setToolTip(self.tr("从本机的程序设置中删除记住的保密库位置"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.forget_remembered)
        remember_row = QHBoxLayout()
        remember_row.addWidget(self.remember_box)
        remember_row.addStretch(1)
        remember_row.addWidget(self.clear_button)
        form.addRow("", remember_row)
        self.path_combo.currentIndexChanged.connect(self._sync_remember)
        self._sync_remember()

        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("口令"))
        form.addRow(self.tr("口令"), self.passphrase)
        layout.addLayout(form)

        self.error = _error_label(self)
        layout.addWidget(self.error)
        self.status = PlainLabel(self)
        layout.addWidget(self.status)

        self.create_button, self.quit_button, self.unlock_button = _button_row(
            self, layout, (self.tr("新建保密库…"), lambda: self.done(CREATE_INSTEAD)), (self.tr("退出"), self.reject),
            (self.tr("解锁"), self.unlock))
        self.passphrase.setFocus()

    @property
    def path(self) -> str:
        return str(self.path_combo.currentData() or "")

    def set_path(self, path: str) -> None:
        path = os.path.abspath(path)
        i = self.path_combo.findData(path)
        if i < 0:
            self.path_combo.insertItem(0, path, path)
            i = 0
        self.path_combo.setCurrentIndex(i)

    def choose_file(self) -> None:
        start = os.path.dirname(self.path) or default_folder()
        chosen = files.open_file(self, None, self.tr("选择保密库文件"), vault_filter(), start=start)
        if chosen:
            self.set_path(chosen)
            self.passphrase.setFocus()

    def _sync_remember(self) -> None:
        remembered = self.settings.remembered_vault
        self.remember_box.setChecked(bool(remembered) and remembered == self.path)
        self.clear_button.setEnabled(bool(remembered))

    def forget_remembered(self) -> None:
        """Remove the remembered location from the settings file (the field keeps it for this time)."""
        self.settings.remembered_vault = ""
        self.settings.sync()
        self._sync_remember()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.path_combo, self.passphrase, self.remember_box, self.unlock_button, self.create_button,
                       self.quit_button):
            widget.setEnabled(not busy)
        self.status.setText(self.tr("正在解锁…") if busy else "")
        if not busy:  # a disabled field loses the focus: give it back for the next try
            self.passphrase.setFocus()

    def unlock(self) -> Op[OpenedVault] | None:
        if self.busy:
            return None
        path, secret = self.path, self.passphrase.text()
        if not path:
            self.show_error(self.tr("请选择保密库文件"))
            return None
        if not secret:
            self.show_error(self.tr("请输入口令"))
            self.passphrase.setFocus()
            return None
        self.show_error("")
        self._set_busy(True)
        return (self.executor.open_vault(self, lambda: session.unlock(path, secret))
                .on_success(self._unlocked)
                .on_error(self._failed)
                .on_finished(lambda: self._set_busy(False))
                .start())

    def _unlocked(self, opened: OpenedVault) -> None:
        self.opened = opened
        self.passphrase.clear()
        path = str(opened.path)
        if self.remember_box.isChecked():
            self.settings.remembered_vault = path
        elif self.settings.remembered_vault == path:  # the user unticked it
            self.settings.remembered_vault = ""
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.passphrase.clear()
        self.passphrase.setFocus()
        if isinstance(error, VaultError):
            self.show_error(error_text(error))
        else:
            report_error(self, error)

    def reject(self) -> None:
        if not self.busy:  # never abandon a key derivation whose vault would have no owner
            super().reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)


class CreateVaultDialog(QDialog):
    """Make a new vault: file, team or office, owner, passphrase twice.

    Attributes:
        opened: the vault created (and opened on the worker), after ``accepted``.
    """

    def __init__(self, executor: DbExecutor, *, kdf: KdfParams | None = None, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.kdf = kdf  # None: calibrated to this machine (tests pass TEST_PARAMS)
        self.settings = settings or Settings()
        self.opened: OpenedVault | None = None
        self.busy = False
        self.setWindowTitle(self.tr("巡察工作台 — 新建保密库"))
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("保密库是一个加密文件，保存本组（或本办）的全部巡察记录。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.path_edit = QLineEdit(str(neutral_vault_path(default_folder())), self)
        self.path_edit.setPlaceholderText(self.tr("保存位置（.xcv 文件）"))
        browse = QPushButton(self.tr("选择位置…"), self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self.choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("保密库文件"), path_row)
        name_note = PlainLabel(self.tr("文件名和位置不加密：请勿以人名或案件命名。"), self)
        name_note.setWordWrap(True)
        form.addRow("", name_note)
        self.remember_box = _remember_box(self)
        form.addRow("", self.remember_box)

        self.team_radio = QRadioButton(self.tr("巡察组（组长、组员使用）"), self)
        self.office_radio = QRadioButton(self.tr("巡察办（汇总各组）"), self)
        self.team_radio.setChecked(True)
        self.role_group = QButtonGroup(self)
        self.role_group.addButton(self.team_radio)
        self.role_group.addButton(self.office_radio)
        role_row = QHBoxLayout()
        role_row.addWidget(self.team_radio)
        role_row.addWidget(self.office_radio)
        role_row.addStretch(1)
        form.addRow(self.tr("用途"), role_row)

        self.owner_edit = QLineEdit(self)
        self.owner_edit.setPlaceholderText(self.tr("使用人姓名，记入修改历史"))
        form.addRow(self.tr("使用人"), self.owner_edit)

        self.pass1 = QLineEdit(self)
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass1.setPlaceholderText(self.tr("至少 {0} 个字符，建议用一句话").format(MIN_PASSPHRASE))
        self.pass2 = QLineEdit(self)
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("口令"), self.pass1)
        self.meter = QProgressBar(self)
        self.meter.setRange(0, len(STRENGTH_LABELS) - 1)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.meter_label = PlainLabel(self)
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.meter_label)
        form.addRow(self.tr("口令强度"), meter_row)
        # Why the create button waits: the passphrase would be guessed too soon, and what to do instead.
        self.advice = PlainLabel(self)
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("color: #c0392b;")
        self.advice.hide()
        form.addRow("", self.advice)
        form.addRow(self.tr("再次输入"), self.pass2)
        layout.addLayout(form)

        warning = PlainLabel(self.tr(FORGOTTEN_WARNING), self)
        warning.setObjectName("forgottenWarning")
        warning.setWordWrap(True)
        warning.setStyleSheet("QLabel#forgottenWarning { background: #fff4e5; border: 1px solid #f0c27b;"
                              " padding: 6px; }")
        layout.addWidget(warning)
        self.error = _error_label(self)
        layout.addWidget(self.error)
        self.status = PlainLabel(self)
        layout.addWidget(self.status)

        self.open_button, self.cancel_button, self.create_button = _button_row(
            self, layout, (self.tr("打开已有保密库…"), lambda: self.done(OPEN_INSTEAD)), (self.tr("取消"), self.reject),
            (self.tr("创建"), self.create_vault))

        for edit in (self.pass1, self.pass2, self.path_edit, self.owner_edit):
            edit.textChanged.connect(self._update_state)
        self._update_state()

    @property
    def role(self) -> str:
        return "office" if self.office_radio.isChecked() else "team"

    def choose_file(self) -> None:
        start = self.path_edit.text() or str(neutral_vault_path(default_folder()))
        chosen = files.save_file(self, None, self.tr("新建保密库"), start, vault_filter())
        if chosen:
            if not chosen.endswith(VAULT_SUFFIX):
                chosen += VAULT_SUFFIX
            self.path_edit.setText(chosen)

    def _user_inputs(self) -> tuple[str, ...]:
        """What an attacker who knows the laptop would try first: the owner's name, the file's name."""
        return tuple(t for t in (self.owner_edit.text().strip(), Path(self.path_edit.text().strip()).stem) if t)

    def _update_state(self) -> None:
        first, second = self.pass1.text(), self.pass2.text()
        hints = self._user_inputs()
        score = passphrase_strength(first, hints)
        self.meter.setValue(score)
        colour = ("#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#1e8449")[score]
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        self.meter_label.setText(self.tr(STRENGTH_LABELS[score]) if first else "")
        weak = passphrase_problems(first, hints, min_length=MIN_PASSPHRASE) if first else []
        self.advice.setText(rule_text(weak[0]) if weak and len(first) >= MIN_PASSPHRASE else "")
        self.advice.setVisible(bool(self.advice.text()))
        ready = (not weak and bool(first) and first == second and bool(self.path_edit.text().strip())
                 and not self.busy)
        self.create_button.setEnabled(ready)
        mismatch = self.tr("两次输入的口令不一致")
        if second and first != second:
            self.status.setText(mismatch)
        elif self.status.text() == mismatch:
            self.status.setText("")

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.path_edit, self.pass1, self.pass2, self.owner_edit, self.team_radio,
                       self.office_radio, self.remember_box, self.open_button, self.cancel_button):
            widget.setEnabled(not busy)
        self.status.setText(self.tr("正在创建保密库…") if busy else "")
        self._update_state()

    def create_vault(self) -> Op[OpenedVault] | None:
        if self.busy:
            return None
        path = self.path_edit.text().strip()
        secret = self.pass1.text()
        if not path:
            self.show_error(self.tr("请选择保存位置"))
            return None
        if not path.endswith(VAULT_SUFFIX):
            path += VAULT_SUFFIX
        if len(secret) < MIN_PASSPHRASE:
            self.show_error(self.tr("口令至少需要 {0} 个字符").format(MIN_PASSPHRASE))
            return None
        weak = passphrase_problems(secret, self._user_inputs(), min_length=MIN_PASSPHRASE)
        if weak:
            self.show_error(rule_text(weak[0]))
            return None
        if secret != self.pass2.text():
            self.show_error(self.tr("两次输入的口令不一致"))
            return None
        role, owner, kdf = self.role, self.owner_edit.text().strip(), self.kdf
        self.show_error("")
        self._set_busy(True)
        return (self.executor.open_vault(self, lambda: session.create(path, secret, role=role, owner=owner, kdf=kdf))
                .on_success(self._created)
                .on_error(self._failed)
                .on_finished(lambda: self._set_busy(False))
                .start())

    def _created(self, opened: OpenedVault) -> None:
        self.opened = opened
        self.pass1.clear()
        self.pass2.clear()
        if self.remember_box.isChecked():
            self.settings.remembered_vault = str(opened.path)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, VaultError):
            self.show_error(error_text(error))
        elif isinstance(error, WeakPassphrase):
            self.show_error(rule_text(error.problems[0]))
        else:
            report_error(self, error)

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

