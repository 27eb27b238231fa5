"""The planning checks in the unit and member editors (docs/office.md, "Conflict codes").

When a unit's team, mode or place, or a member's declarations, past posts, home, role or team change
in the form, the same checks as ``plan --check`` run on the worker (app/services/planning.py
``editor_check``) a moment after the last keystroke, and a strip above the form lists what they
found, each with its reason. Saving is checked too: a soft conflict is only shown (it is
acknowledged in the unit's 分工确认记录 before deployment), a hard one (回避) must be confirmed, since
the office must not save such an assignment without noticing (docs/domain.md §3.3: warn when a member
is assigned). The storage does not refuse it: ``plan --check`` and deploy's readiness still list it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QVBoxLayout

from app.services.planning import EditorWarning, editor_check
from app.ui.tasks import Op
from app.ui.widgets.plain import PlainLabel, message_box

if TYPE_CHECKING:
    from app.ui.records.editor import RecordEditor

#: The fields whose change runs the checks, per kind.
FIELDS = {
    "unit": ("team_id", "mode", "jurisdiction", "supervisor", "name"),
    "member": ("team_id", "role", "home_jurisdiction", "recusals", "past_posts"),
}
#: The pause after the last change before the check runs (the round is read on the worker).
DELAY_MS = 400


class AssignmentCheck(QObject):
    """The warning strip of a unit's or member's editor, and the confirmation before saving.

    Attributes:
        strip: the plain-text warning strip (hidden while there is nothing to say).
        warnings: what the last check found, for the values :attr:`checked` names.
        confirm_hard: asked before saving with a hard conflict; True to save anyway (tests replace it).
    """

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.fields = FIELDS[editor.spec.name]
        self.strip = PlainLabel(editor)
        self.strip.setObjectName("assignmentWarnings")
        self.strip.setWordWrap(True)
        self.strip.setStyleSheet("QLabel#assignmentWarnings { background: #fff4e5; color: #6b3d00;"
                                 " border: 1px solid #f0c36d; padding: 6px; }")
        self.strip.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.run)
        self.warnings: list[EditorWarning] = []
        self.checked: str | None = None
        self.confirm_hard: Callable[[list[str]], bool] = self._ask_hard

    def install(self, outer: QVBoxLayout) -> None:
        outer.insertWidget(1, self.strip)  # under the error banner, above the form
        for name in self.fields:
            self.editor.inputs[name].changed.connect(self.timer.start)

    def _key(self, values: dict[str, Any]) -> str:
        return json.dumps([values.get(name) for name in self.fields], ensure_ascii=False, default=str, sort_keys=True)

    def _edited(self, values: dict[str, Any]) -> bool:
        """Whether the form differs from the stored record in a field the checks read."""
        record = self.editor.record
        return not record.id or any(values.get(name) != getattr(record, name) for name in self.fields)

    def run(self, then: Callable[[], Any] | None = None) -> None:
        """Check the form's values on the worker; ``then`` is called once the strip shows them."""
        self.timer.stop()
        values = self.editor.values()
        key = self._key(values)
        record = dataclasses.replace(self.editor.record, **values)
        (Op(self.editor, lambda task: editor_check(task.vault, record), executor=self.editor.executor)
         .on_success(lambda found: self._show(key, found, then))
         .on_error(lambda error: self._failed(key, error, then))
         .start())

    def _show(self, key: str, found: list[EditorWarning], then: Callable[[], Any] | None) -> None:
        if key != self._key(self.editor.values()):  # the form changed meanwhile: its own check follows
            if then is not None:
                self.run(then)
            return
        self.checked, self.warnings = key, list(found)
        if not found:
            self.strip.clear()
            self.strip.hide()
        else:
            hard = sum(1 for w in found if w.hard)
            head = self.tr("分工冲突：硬冲突 {0} 处须回避（保存前须确认），软冲突 {1} 处（部署前须确认）")
            head = head.format(hard, len(found) - hard)
            lines = [self.tr("【硬冲突】{0}").format(w.text) if w.hard else self.tr("【软冲突】{0}").format(w.text)
                     for w in found]
            self.strip.setText("\n".join([head, *lines]))
            self.strip.show()
        if then is not None:
            then()

    def _failed(self, key: str, error: BaseException, then: Callable[[], Any] | None) -> None:
        self.checked, self.warnings = key, []
        self.strip.setText(self.tr("未能检查分工冲突：{0}").format(error))
        self.strip.show()
        if then is not None:
            then()

    def forget_stale(self) -> None:
        """The form shows other values than those checked (another record loaded): no strip."""
        if self.checked is not None and self.checked != self._key(self.editor.values()):
            self.checked, self.warnings = None, []
            self.strip.clear()
            self.strip.hide()

    def may_save(self, values: dict[str, Any], retry: Callable[[], Any]) -> bool:
        """True when the save may go on now. When the checked fields changed and their check has
        not answered yet, it is run first and ``retry`` saves again; a hard conflict is confirmed."""
        if not self._edited(values):
            return True
        if self.checked != self._key(values):
            self.run(then=retry)
            return False
        hard = [w.text for w in self.warnings if w.hard]
        return not hard or self.confirm_hard(hard)

    def _ask_hard(self, hard: list[str]) -> bool:
        box = message_box(QMessageBox.Icon.Warning, self.tr("分工冲突"),
                          self.tr("以下为硬冲突，按规定应当回避：\n\n{0}\n\n确需保存的，保存后“plan --check”和部署检查"
                                  "仍会列出这些冲突，该组不能部署。").format("\n".join(hard)), self.editor)
        save = box.addButton(self.tr("仍然保存"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("返回修改"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is save
