"""Package keys in the window: this vault's fingerprints, the keys it trusts, enrolling a new one.

A key is trusted only after a person has compared its fingerprint with the owner of the key by
telephone or in person (docs/security.md §4): :class:`TrustKeyDialog` shows the fingerprint large,
in groups of four to read aloud, and its OK button stays off until the user ticks that they
compared it. :class:`KeyEnroller` is that whole flow (choose a keys file, check it on the worker,
confirm, trust); the keys page and the import screen ("trust and retry") both use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.exchange.package import display
from app.exchange.package.keys import binding
from app.services.packages import KeyFileCheck, KeysData, check_key_file, load_keys, trust_key, write_public_keys
from app.storage.keys import TrustedKey
from app.ui.packages.fingerprint_entry import FingerprintEntry, fingerprint_label, monospace_font
from app.ui.packages.texts import (
    ERROR_COLOUR,
    OK_COLOUR,
    error_text,
    fit_column,
    grouped_fingerprint,
    role_text,
    set_status,
)
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex

# --- the trusted keys list ------------------------------------------------------------------------


class TrustedKeysModel(QAbstractTableModel):
    """Trusted keys: 使用人, 角色, 设备, 密钥指纹, 核对 (the tooltip has the rest).

    With ``checkable`` the first column has check boxes (choosing a package's recipients);
    :meth:`checked_keys` returns the checked keys in the order they were checked.
    """

    FINGERPRINT_COLUMN = 3

    def __init__(self, parent: QObject | None = None, *, checkable: bool = False) -> None:
        super().__init__(parent)
        self.checkable = checkable
        self._keys: list[TrustedKey] = []
        self._checked: list[str] = []

    def columns(self) -> tuple[str, ...]:
        return (self.tr("使用人"), self.tr("角色"), self.tr("设备"), self.tr("密钥指纹"), self.tr("核对"))

    def set_keys(self, keys: list[TrustedKey]) -> None:
        self.beginResetModel()
        self._keys = list(keys)
        known = {k.fingerprint for k in keys}
        self._checked = [f for f in self._checked if f in known]
        self.endResetModel()

    def clear(self) -> None:
        self._checked = []
        self.set_keys([])

    def key(self, row: int) -> TrustedKey:
        return self._keys[row]

    def keys(self) -> list[TrustedKey]:
        return list(self._keys)

    def checked_keys(self) -> list[TrustedKey]:
        by_fpr = {k.fingerprint: k for k in self._keys}
        return [by_fpr[f] for f in self._checked if f in by_fpr]

    def set_checked(self, fingerprint: str, checked: bool) -> None:
        for row, key in enumerate(self._keys):
            if fingerprint in (key.fingerprint, binding(key)):  # the signing or the key fingerprint
                self.setData(self.index(row, 0), (Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked).value,
                             Qt.ItemDataRole.CheckStateRole)
                return
        raise KeyError(fingerprint)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.checkable and index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        key, column = self._keys[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            checked = self.tr("已核对") if key.verified else self.tr("需重新核对")
            return (key.owner or self.tr("未署名"), role_text(key.role), key.device_id, display(binding(key)),
                    checked)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and not key.verified:
            return QColor(ERROR_COLOUR)
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and column == 0:
            return Qt.CheckState.Checked if key.fingerprint in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.tr("密钥指纹：{0}\n签名公钥指纹：{1}\n加密接收方：{2}\n保密库：{3}\n信任时间：{4}").format(
                binding(key), key.fingerprint, key.age_recipient, key.vault_id, key.added_at[:19].replace("T", " "))
            if not key.verified:
                text += "\n" + self.tr("按旧方式信任：向其导出交接包之前，"
                                        "请用“信任新的密钥…”选择其公钥文件，与对方重新核对指纹")
            return plain_tip(text)
        if role == Qt.ItemDataRole.FontRole and column == 3:
            return monospace_font()
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not (self.checkable and index.isValid() and index.column() == 0
                and role == Qt.ItemDataRole.CheckStateRole and 0 <= index.row() < len(self._keys)):
            return False
        fpr = self._keys[index.row()].fingerprint
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            if fpr not in self._checked:
                self._checked.append(fpr)
        elif fpr in self._checked:
            self._checked.remove(fpr)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 5:
            return self.columns()[section]
        return None


def keys_table(model: TrustedKeysModel, parent: QWidget) -> QTableView:
    view = read_only_table(model, parent, (100, 60, 135, 345))  # the whole 32-digit fingerprint shows
    fit_column(view, 1, [role_text(role) for role in ("team", "office")])
    return view


# --- trusting a key -------------------------------------------------------------------------------


class TrustKeyDialog(QDialog):
    """A keys file's owner, role and device; 信任 only once the person has typed the key fingerprint
    they heard from its owner and confirmed the role (docs/package-format.md, "Keys").

    With ``expected`` (the key fingerprint a package was signed with, as ``display`` shows it), a
    different key is refused. With ``previous`` (what this vault trusts for the same signing key,
    when the file says something else), the dialog says loudly that it replaces it.
    """

    def __init__(self, key: TrustedKey, expected: str = "", parent: QWidget | None = None,
                 previous: TrustedKey | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setWindowTitle(self.tr("信任新的密钥") if previous is None else self.tr("更换已信任的密钥"))
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("请通过电话或当面请对方逐组读出其密钥指纹，输入下框。只有完全一致时才能信任："
                               "信任之后，本库接受此密钥签名的交接包，并可向其发送交接包。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if previous is not None:
            self.warning = PlainLabel(self.tr("注意：本库已信任同一签名公钥，但此文件的内容与之不同"
                                          "（原使用人 {0}，原角色 {1}，原指纹 {2}）。"
                                          "只有对方确认更换了密钥时才能继续；替换会记入操作日志。")
                                  .format(previous.owner or self.tr("未署名"), role_text(previous.role),
                                          display(binding(previous))), self)
            self.warning.setWordWrap(True)
            set_status(self.warning, self.warning.text(), ERROR_COLOUR)
            layout.addWidget(self.warning)
        form = QFormLayout()
        form.addRow(self.tr("使用人："), PlainLabel(key.owner or self.tr("未署名"), self))
        form.addRow(self.tr("角色："), PlainLabel(role_text(key.role), self))
        form.addRow(self.tr("设备："), PlainLabel(key.device_id, self))
        layout.addLayout(form)
        self.matches = not expected or display(binding(key)) == expected
        self.match_label = PlainLabel(self)
        self.match_label.setWordWrap(True)
        if expected and not self.matches:
            set_status(self.match_label, self.tr("这不是签发该交接包的密钥：两者的密钥指纹不同。"), ERROR_COLOUR)
            layout.addWidget(self.match_label)
        layout.addWidget(PlainLabel(self.tr("对方读出的密钥指纹："), self))
        self.entry = FingerprintEntry(binding(key), self)
        self.entry.setEnabled(self.matches)
        layout.addWidget(self.entry)
        self.role_confirmed = QCheckBox(self.tr("对方确认其为{0}").format(role_text(key.role)), self)
        self.role_confirmed.setEnabled(self.matches)
        layout.addWidget(self.role_confirmed)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("信任") if previous is None else self.tr("替换并信任"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setAutoDefault(False)
        self.ok_button.setEnabled(False)
        self.entry.changed.connect(self._update)
        self.role_confirmed.toggled.connect(lambda _on: self._update())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        self.entry.typed_edit.setFocus()

    @property
    def ready(self) -> bool:
        return self.matches and self.entry.matches and self.role_confirmed.isChecked()

    def _update(self) -> None:
        self.ok_button.setEnabled(self.ready)

    def confirmed(self) -> str:
        """The key fingerprint the person typed ("" until everything is confirmed)."""
        return self.entry.fingerprint() if self.ready else ""

    def accept(self) -> None:
        if self.ready:  # Enter in the field must not get round the check
            super().accept()


class KeyEnroller(QObject):
    """Choose a keys file, check it, ask the user to type the fingerprint they heard, trust it.

    Tests replace ``choose_file`` (returns a path or "") and ``confirm`` (key, expected, previous
    -> the typed fingerprint, "" to cancel).

    Signals:
        enrolled(object, bool): the TrustedKey, and whether it was newly added (or replaced).
        failed(str): why not (a Chinese message).
    """

    enrolled = Signal(object, bool)
    failed = Signal(str)

    def __init__(self, executor: DbExecutor, parent: QWidget) -> None:
        super().__init__(parent)
        self.executor = executor
        self.widget = parent
        self.choose_file: Callable[[], str] = self._choose_file
        self.confirm: Callable[[TrustedKey, str, TrustedKey | None], str] = self._confirm

    def _choose_file(self) -> str:
        return files.open_file(self.widget, files.KEYS, self.tr("选择对方的公钥文件"),
                               self.tr("公钥文件 (*.json *.txt);;所有文件 (*)"))

    def _confirm(self, key: TrustedKey, expected: str, previous: TrustedKey | None) -> str:
        dialog = TrustKeyDialog(key, expected, self.widget, previous)
        return dialog.confirmed() if dialog.exec() == QDialog.DialogCode.Accepted else ""

    def start(self, expected: str = "") -> Op[KeyFileCheck] | None:
        """The whole flow; ``expected`` is the key fingerprint (display form) the key should have."""
        path = self.choose_file()
        if not path:
            return None

        return (Op(self.widget, lambda task: check_key_file(task.vault, path), executor=self.executor)
                .on_success(lambda checked: self._checked(checked, expected))
                .on_error(self._failed).start())

    def _checked(self, checked: KeyFileCheck, expected: str) -> None:
        typed = self.confirm(checked.key, expected, checked.previous)
        if not typed:
            return
        key = checked.key
        (Op(self.widget, lambda task: trust_key(task.vault, key, confirm=typed, role=key.role), executor=self.executor)
         .on_success(lambda outcome: self.enrolled.emit(key, outcome.action != "unchanged"))
         .on_error(self._failed).start())

    def _failed(self, error: BaseException) -> None:
        text = error_text(error)
        if text is None:
            report_error(self.widget, error)
        else:
            self.failed.emit(text)


# --- the keys page --------------------------------------------------------------------------------


class KeysPage(QWidget):
    """This vault's fingerprints and public keys file; the keys it trusts.

    Signals:
        trusted_changed(): a key was enrolled (the export wizard's recipients are stale).
    """

    trusted_changed = Signal()

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = False
        self.own: dict[str, Any] | None = None
        self._generation = 0
        #: Where to write this vault's public keys; tests replace it.
        self.choose_save_file: Callable[[str], str] = self._choose_save_file

        layout = QVBoxLayout(self)
        own_box = QGroupBox(self.tr("本库的公钥"), self)
        own = QVBoxLayout(own_box)
        self.identity = PlainLabel(own_box)
        own.addWidget(self.identity)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.addWidget(PlainLabel(self.tr("密钥指纹（对方信任本库时，在电话中逐组读给对方）"), own_box), 0, 0)
        # One fingerprint only: the key fingerprint covers the encryption key too, and a second
        # one beside it would be read out by mistake (docs/package-format.md, "Keys").
        self.signing_fpr = fingerprint_label(own_box)
        # Left-aligned: a caption wider than the fingerprint (English) does not stretch its box.
        grid.addWidget(self.signing_fpr, 1, 0, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        own.addLayout(grid)
        self.recipient = PlainLabel(own_box)
        self.recipient.setFont(monospace_font(1.0, self.font()))
        self.recipient.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        own.addWidget(self.recipient)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("导出本库公钥…"), own_box)
        self.export_button.setToolTip(self.tr("写出公钥文件（不含私钥），交给要向本库发送交接包或接收本库交接包的一方"))
        self.export_button.clicked.connect(self.export_public_keys)
        row.addWidget(self.export_button)
        self.own_status = PlainLabel(own_box)
        self.own_status.setWordWrap(True)
        row.addWidget(self.own_status, 1)
        own.addLayout(row)
        layout.addWidget(own_box)

        trusted_box = QGroupBox(self.tr("信任的公钥"), self)
        trusted = QVBoxLayout(trusted_box)
        hint = PlainLabel(self.tr("只接受这些密钥签名的交接包；导出交接包时可从中选择接收方。"), trusted_box)
        hint.setWordWrap(True)
        trusted.addWidget(hint)
        self.model = TrustedKeysModel(self)
        self.view = keys_table(self.model, trusted_box)
        trusted.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.trust_button = QPushButton(self.tr("信任新的密钥…"), trusted_box)
        self.trust_button.clicked.connect(self.trust_new_key)
        row.addWidget(self.trust_button)
        self.trust_status = PlainLabel(trusted_box)
        self.trust_status.setWordWrap(True)
        row.addWidget(self.trust_status, 1)
        trusted.addLayout(row)
        layout.addWidget(trusted_box, 1)

        self.enroller = KeyEnroller(executor, self)
        self.enroller.enrolled.connect(self._enrolled)
        self.enroller.failed.connect(lambda text: self._status(self.trust_status, text, ok=False))

    # --- loading -----------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> Op[KeysData]:
        generation = self._generation

        return (Op(self, lambda task: load_keys(task.vault), executor=self.executor)
                .on_success(lambda data: self._loaded(data) if generation == self._generation else None)
                .start())

    def _loaded(self, data: KeysData) -> None:
        own = data.own
        self.own = own
        self.identity.setText(self.tr("使用人：{0}　角色：{1}　设备：{2}").format(
            own["owner"] or self.tr("未署名"), role_text(own["role"]), own["device_id"]))
        self.signing_fpr.setText(grouped_fingerprint(own["fingerprint"]))
        self.signing_fpr.setToolTip(own["fingerprint"])
        self.recipient.setText(self.tr("加密接收方：{0}").format(own["age_recipient"]))
        self.model.set_keys(data.trusted)
        self.loaded = True

    def clear(self) -> None:
        """Drop every key and name (locking)."""
        self._generation += 1
        self.own = None
        self.loaded = False
        self.model.clear()
        for label in (self.identity, self.signing_fpr, self.recipient, self.own_status,
                      self.trust_status):
            label.clear()
            label.setToolTip("")

    # --- actions -----------------------------------------------------------------------------

    def _status(self, label: QLabel, text: str, *, ok: bool) -> None:
        set_status(label, text, OK_COLOUR if ok else ERROR_COLOUR)

    def _choose_save_file(self, suggested: str) -> str:
        return files.save_file(self, files.KEYS, self.tr("导出本库公钥"), suggested, self.tr("公钥文件 (*.json)"))

    def export_public_keys(self) -> Op[Path] | None:
        owner = (self.own or {}).get("owner") or "keys"
        device = (self.own or {}).get("device_id", "")[:8]
        name = self.tr("公钥-{0}-{1}.json").format(owner, device)
        path = self.choose_save_file(str(Path.home() / name))
        if not path:
            return None
        target = Path(path)
        generation = self._generation

        def work(task: Task) -> Path:
            write_public_keys(task.vault, target)
            return target

        def done(written: Path) -> None:
            if generation == self._generation:
                self._status(self.own_status, self.tr("已写出公钥：{0}（不含私钥）").format(written), ok=True)

        def failed(error: BaseException) -> None:
            text = error_text(error)
            if text is None:
                report_error(self, error)
            elif generation == self._generation:
                self._status(self.own_status, text, ok=False)

        return Op(self, work, executor=self.executor).on_success(done).on_error(failed).start()

    def trust_new_key(self) -> Op[Any] | None:
        return self.enroller.start()

    def _enrolled(self, key: TrustedKey, added: bool) -> None:
        name = key.owner or self.tr("未署名")
        text = (self.tr("已信任：{0}（{1}，设备 {2}）") if added else self.tr("此前已信任：{0}（{1}，设备 {2}）"))
        self._status(self.trust_status, text.format(name, role_text(key.role), key.device_id), ok=True)
        self.reload()
        self.trusted_changed.emit()
