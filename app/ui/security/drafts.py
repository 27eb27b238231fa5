"""Finding drafts left in the vault after an unlock, and asking what to do with them.

A draft stays in the vault until its edits are back in an editor (:func:`take_draft`) or the
user discards it. Drafts the returning session does not reopen by itself (the app was quit or
killed while locked, or the vault was opened on another start) are listed in
:class:`DraftsDialog`: restore the chosen ones into their records' editors, discard them, or
leave them for the next unlock. A draft whose record was changed or deleted meanwhile (an
import, say) carries a warning, in the list and again in the editor's banner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import kind_spec
from app.services.drafts import Draft, DraftContent, discard_drafts, stored_drafts
from app.ui.i18n import field_label, kind_label, list_separator
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.plain import PlainLabel, message_box

WARNING_COLOUR = "#a04000"
KeyRole = Qt.ItemDataRole.UserRole


@dataclass
class DraftChoice:
    """Keys of the drafts to restore and to discard; the others stay in the vault."""

    restore: list[str] = field(default_factory=list)
    discard: list[str] = field(default_factory=list)


def saved_at_text(saved_at: str) -> str:
    try:
        return dt.datetime.fromisoformat(saved_at).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return saved_at


class DraftsDialog(QDialog):
    """The drafts found at unlock, each checkable; restore or discard the checked ones."""

    RESTORE = 1
    DISCARD = 2

    def __init__(self, drafts: list[DraftContent], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drafts = drafts
        self.setWindowTitle(self.tr("未保存的修改"))
        intro = PlainLabel(self.tr("上次锁定时，以下 {0} 份修改未能保存，已加密保存在保密库中。"
                                    "勾选后可恢复到编辑窗口继续编辑，或者丢弃。").format(len(drafts)), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        for draft in drafts:
            item = QListWidgetItem(self.describe(draft), self.list)
            item.setData(KeyRole, draft.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            if draft.changed_meanwhile:
                item.setForeground(QBrush(QColor(WARNING_COLOUR)))
        self.list.itemChanged.connect(lambda _item: self._update_buttons())
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(self.tr("恢复所选"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton(self.tr("丢弃所选…"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton(self.tr("以后再说"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later_button.setToolTip(self.tr("草稿留在保密库中，下次解锁时再提示"))
        self.restore_button.clicked.connect(lambda: self.done(self.RESTORE))
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)
        #: Asked before discarding; tests replace it.
        self.confirm_discard: Callable[[int], bool] = self._ask_discard
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def describe(self, draft: DraftContent) -> str:
        spec = kind_spec(draft.kind)
        label = draft.label or self.tr("（无标题）")
        head = self.tr("{0}：{1}").format(kind_label(spec), label) if draft.record_id \
            else self.tr("新建{0}：{1}").format(kind_label(spec), label)
        fields = list_separator().join(field_label(spec.field(n)) for n in draft.values)
        lines = [head, self.tr("锁定于 {0}　修改了：{1}").format(saved_at_text(draft.saved_at), fields)]
        if draft.reason:
            lines.append(self.tr("未能保存的原因：{0}").format(draft.reason))
        if draft.deleted:
            lines.append(self.tr("⚠ 这条记录在此期间已被删除"))
        elif draft.changed_meanwhile and draft.conflicts:
            conflicting = list_separator().join(field_label(spec.field(n)) for n in draft.conflicts)
            lines.append(self.tr("⚠ 这条记录在此期间已被修改，{0}两边都改过，恢复后请逐项核对").format(conflicting))
        elif draft.changed_meanwhile:
            lines.append(self.tr("⚠ 这条记录在此期间已被修改（不涉及草稿修改的字段）"))
        return "\n".join(lines)

    def checked_keys(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [str(item.data(KeyRole)) for item in items if item.checkState() == Qt.CheckState.Checked]

    def _update_buttons(self) -> None:
        any_checked = bool(self.checked_keys())
        self.restore_button.setEnabled(any_checked)
        self.discard_button.setEnabled(any_checked)

    def _ask_discard(self, count: int) -> bool:
        box = message_box(QMessageBox.Icon.Warning, self.windowTitle(),
                          self.tr("丢弃所选的 {0} 份修改？丢弃后无法找回。").format(count), self)
        discard = box.addButton(self.tr("丢弃"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is discard

    def _discard(self) -> None:
        if self.confirm_discard(len(self.checked_keys())):
            self.done(self.DISCARD)

    def choice(self, code: int) -> DraftChoice:
        if code == self.RESTORE:
            return DraftChoice(restore=self.checked_keys())
        if code == self.DISCARD:
            return DraftChoice(discard=self.checked_keys())
        return DraftChoice()


class DraftRecovery(QObject):
    """After an unlock: look for drafts left in the vault and offer them (see the module doc)."""

    def __init__(self, executor: DbExecutor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.dialog: DraftsDialog | None = None
        #: Shows the drafts and returns the user's choice; tests replace it.
        self.choose: Callable[[QWidget | None, list[DraftContent]], DraftChoice] = self.ask

    def ask(self, parent: QWidget | None, drafts: list[DraftContent]) -> DraftChoice:
        self.dialog = DraftsDialog(drafts, parent)
        try:
            return self.dialog.choice(self.dialog.exec())
        finally:
            self.dialog.deleteLater()
            self.dialog = None

    def dismiss(self) -> None:
        """The vault locked while the question was open: drop the records' labels, decide later."""
        if self.dialog is not None:
            self.dialog.list.clear()
            self.dialog.reject()

    def check(self, parent: QWidget, open_draft: Callable[[Draft], Any]) -> Op[Any] | None:
        """Find the drafts still in the vault (queued after any the session reopens itself)."""
        if self.executor.vault is None:
            return None

        def found(drafts: list[DraftContent]) -> None:
            if drafts:
                self._offer(parent, drafts, open_draft)

        return Op(parent, lambda task: stored_drafts(task.vault), executor=self.executor).on_success(found).start()

    def _offer(self, parent: QWidget, drafts: list[DraftContent], open_draft: Callable[[Draft], Any]) -> None:
        choice = self.choose(parent, drafts)
        by_key = {d.key: d for d in drafts}
        for key in choice.restore:
            d = by_key[key]
            open_draft(Draft(d.kind, d.record_id, d.key, d.reason))
        if choice.discard:
            keys = list(choice.discard)
            Op(parent, lambda task: discard_drafts(task.vault, keys), executor=self.executor).start()
