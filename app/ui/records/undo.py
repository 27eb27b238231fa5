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

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QMenu, QPlainTextEdit, QWidget

from app.ui.records.table_input import RowsInput

if TYPE_CHECKING:
    from app.ui.records.editor import RecordEditor

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


class FormUndo(QObject):
    """One editor's undo history: the values last recorded, the stack, the undo and redo actions.

    Attributes:
        stack: the steps; clean at the step last saved.
        snapshot: every field's value as last recorded.
        save_index: the stack's index when the last save began.
    """

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.stack = QUndoStack(editor)
        self.snapshot: dict[str, Any] = {}
        self.applying = False
        self.barrier = False
        self.join = False
        self.save_index = -1
        self._keys = UndoKeyFilter(editor)
        self.undo_action = QAction(self.tr("撤销"), editor)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(self.tr("重做"), editor)
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        self.redo_action.setShortcuts([*redo_keys, *([CTRL_Y] if CTRL_Y not in redo_keys else [])])
        self.redo_action.triggered.connect(self.redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
            editor.addAction(action)
        stack = self.stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda text: self._describe(self.undo_action, self.tr("撤销"), text))
        stack.redoTextChanged.connect(lambda text: self._describe(self.redo_action, self.tr("重做"), text))
        stack.cleanChanged.connect(self.clean_changed)
        self._describe(self.undo_action, self.tr("撤销"), "")
        self._describe(self.redo_action, self.tr("重做"), "")

    def _describe(self, action: QAction, verb: str, step: str) -> None:
        keys = "、".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        action.setToolTip(self.tr("{0}：{1}（{2}）").format(verb, step, keys) if step
                          else self.tr("{0}（{1}）").format(verb, keys))

    @property
    def dirty(self) -> bool:
        """The form differs from the record as last loaded or saved: away from the saved step of
        the undo history, or holding a value set by code that no step has recorded yet."""
        return not self.stack.isClean() or self.editor.values() != self.snapshot

    def undo(self) -> None:
        # What is still being typed counts as the last step: a cell being edited is committed,
        # and any change not yet recorded (set by code) is recorded, so undo takes that back first.
        for field_input in self.editor.inputs.values():
            if isinstance(field_input, RowsInput):
                field_input.finish_editing()
        self.record_changes()
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def clean_changed(self, clean: bool) -> None:
        self.editor.status.setText("" if clean else self.tr("有未保存的修改"))

    def input_changed(self, name: str) -> None:
        if not self.applying:
            self.record_changes(typing=self.editor.inputs[name].typing)

    def record_changes(self, *, typing: bool = False, text: str = "") -> bool:
        """Push the fields that differ from the snapshot as one undo step; True when any did."""
        values = self.editor.values()
        changes = {name: (self.snapshot.get(name), value) for name, value in values.items()
                   if value != self.snapshot.get(name)}
        if not changes:
            return False
        self.snapshot.update({name: new for name, (_old, new) in changes.items()})
        if not text:
            labels = [self.editor.spec.field(name).label for name in changes]
            text = (self.tr("修改“{0}”").format(labels[0]) if len(labels) == 1
                    else self.tr("修改{0}个字段").format(len(labels)))
        command = FieldChange(self, changes, text, typing=typing, barrier=self.barrier, join=self.join)
        self.barrier = False
        self.stack.push(command)
        return True

    @contextlib.contextmanager
    def joining(self) -> Iterator[None]:
        """Changes recorded inside belong to the user's last step (undo takes them together)."""
        self.join = True
        try:
            yield
        finally:
            self.join = False

    def set_values(self, values: dict[str, Any]) -> None:
        """Put values into the inputs without recording them (their signals are ignored)."""
        self.applying = True
        try:
            for name, value in values.items():
                if name in self.editor.inputs:
                    self.editor.inputs[name].set_value(value)
        finally:
            self.applying = False

    def apply_values(self, values: dict[str, Any]) -> None:
        """Undo/redo: show these values, and the field they are in."""
        inputs = self.editor.inputs
        self.set_values(values)
        self.snapshot.update({name: inputs[name].value() for name in values if name in inputs})
        self.barrier = True  # typing after an undo starts a new step
        self.editor.update_rules()
        first = next((inputs[n] for n in inputs if n in values), None)
        if first is not None and first.isEnabled():
            self.editor.form_scroll.ensureWidgetVisible(first)
            if self.editor.isActiveWindow():
                first.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def restart(self) -> None:
        """A record (re)loaded: the history starts afresh at the form's values."""
        self.stack.clear()
        self.snapshot = self.editor.values()
        self.barrier = False

    def prepare(self, host: QWidget) -> None:
        """The undo keys belong to the form in every field; focus leaving a field ends a typing step."""
        for widget in host.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
                self.prepare_text_widget(widget)
        for field_input in self.editor.inputs.values():
            field_input.focus_widget().installEventFilter(self)
            if isinstance(field_input, RowsInput):  # a table's cell editors
                field_input.delegate.prepare = self.prepare_text_widget

    def prepare_text_widget(self, widget: QWidget) -> None:
        widget.installEventFilter(self._keys)
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            # Their context menus offer the form's undo and redo, not the widget's own.
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            widget.customContextMenuRequested.connect(lambda pos, w=widget: self._text_menu(w, pos))

    def text_menu(self, widget: QLineEdit | QPlainTextEdit) -> QMenu:
        """The widget's standard context menu, with the form's undo and redo in place of its own."""
        menu = widget.createStandardContextMenu()
        own = {"edit-undo": self.undo_action, "edit-redo": self.redo_action}
        for action in menu.actions():
            replacement = own.get(action.objectName())
            if replacement is not None:
                menu.insertAction(action, replacement)
                menu.removeAction(action)
        return menu

    def _text_menu(self, widget: QLineEdit | QPlainTextEdit, pos: QPoint) -> None:
        menu = self.text_menu(widget)
        menu.exec(widget.mapToGlobal(pos))
        menu.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut:
            self.barrier = True
        return False
