"""Form-level undo for the record editors: one QUndoStack per editor, one command per change.

The editor keeps a snapshot of every field's value; when an input reports a change it compares
the form with the snapshot and pushes a :class:`FieldChange` holding the old and new values of
the fields that differ. The values are already in the widgets, so the first ``redo()`` (which
``QUndoStack.push`` calls) does nothing; later undo/redo put values back through the form.

Merging (``QUndoCommand.id``/``mergeWith``):

* consecutive typing in one text, number or date field is one step, until focus leaves the
  field or an undo/redo happens (a *barrier*);
* a change that exactly reverts the previous one of the same field cancels it (the step becomes
  obsolete and leaves the stack);
* a change made by the program as part of the user's last action (the recusal note written
  when an assignment is acknowledged, the unticking when it is declined) *joins* that step, so
  undo never separates an assignment from its recorded acknowledgement.

The editor owns Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y everywhere inside it: :class:`UndoKeyFilter` is
installed on the line and text edits (and the row tables' cell editors), so their built-in
per-widget undo never answers those keys and there is one history, the form's.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand

#: All form changes share one id, so the stack asks mergeWith(), which decides.
FIELD_CHANGE_ID = 0x5843

Changes = dict[str, tuple[Any, Any]]


class Form(Protocol):
    def apply_values(self, values: dict[str, Any]) -> None: ...


class FieldChange(QUndoCommand):
    """New values of one or more fields, with the values they replaced.

    Attributes:
        changes: field name -> (old value, new value).
        typing: a keystroke-like change of a single field, merged with the next one in it.
        barrier: never merge into the previous step (focus moved, or an undo happened since).
        join: always merge into the previous step (a consequence of the user's last action).
    """

    def __init__(self, form: Form, changes: Changes, text: str, *, typing: bool = False,
                 barrier: bool = False, join: bool = False) -> None:
        super().__init__(text)
        self.form = form
        self.changes = dict(changes)
        self.typing = typing and len(changes) == 1
        self.barrier = barrier
        self.join = join
        self._in_widgets = True  # pushed after the user made the change: redo() has nothing to do

    def id(self) -> int:
        return FIELD_CHANGE_ID

    def reverts(self, other: FieldChange) -> bool:
        return (len(self.changes) == 1 and self.changes.keys() == other.changes.keys()
                and all(other.changes[k] == (new, old) for k, (old, new) in self.changes.items()))

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, FieldChange):
            return False
        if not other.join:
            if other.barrier:
                return False
            same_field = self.typing and other.typing and self.changes.keys() == other.changes.keys()
            if not same_field and not self.reverts(other):
                return False
        for name, (old, new) in other.changes.items():
            self.changes[name] = (self.changes[name][0] if name in self.changes else old, new)
        self.changes = {k: v for k, v in self.changes.items() if v[0] != v[1]}
        if not self.changes:
            self.setObsolete(True)  # back where the step began: the stack drops it
        return True

    def redo(self) -> None:
        if self._in_widgets:
            self._in_widgets = False
            return
        self.form.apply_values({name: new for name, (_old, new) in self.changes.items()})

    def undo(self) -> None:
        self.form.apply_values({name: old for name, (old, _new) in self.changes.items()})


UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
#: Ctrl+Y is redo on Windows only; the editors accept it everywhere.
CTRL_Y = QKeySequence("Ctrl+Y")


def is_undo_key(event: QKeyEvent) -> bool:
    if any(event.matches(key) for key in UNDO_KEYS):
        return True
    return QKeySequence(event.keyCombination()) == CTRL_Y


class UndoKeyFilter(QObject):
    """Installed on text widgets inside an editor: their own undo does not claim the undo keys.

    A widget answers the ShortcutOverride event for Ctrl+Z to keep the key for its own undo;
    filtering that event out (unanswered) lets the editor's undo action have it instead. The key
    press itself is dropped too: it arrives only when the action is disabled (nothing to undo),
    and must not fall through to the widget's own undo then.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent) \
                and is_undo_key(event):
            event.ignore()
            return True
        return False
