"""A record editor built from the kind's FieldSpecs: one form for every record kind.

Everything the form needs from the vault (vocabulary values, the records a REF/REFS field may
point to, linked records) is loaded on the worker thread first, as an
:class:`~app.services.editing.EditorContext`, so building the form never touches storage. The
inputs are in app/ui/records/inputs.py, the parts of the window in app/ui/records/form.py, and
what one kind does differently (an interview's finalising rules, a working paper's review
moves) in its panel (app/ui/records/panels.py). Saving goes through the executor
(app/services/editing.py); an expected refusal (a :class:`VaultError` such as a RuleViolation)
is shown in a banner above the form and the user's input stays where it was.

The 关联记录 box under the form (app/ui/records/links.py) links and unlinks the record and
offers "新建并关联": the new record's editor is asked of the window (``editor_requested``) and
makes its link when first saved; open editors at the other end of a changed link reload theirs.

Every change of a field is a step of the editor's own undo history (:mod:`app.ui.records.undo`):
Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y and the 撤销/重做 buttons go back and forth across fields; the
form is "dirty" exactly when it is away from the step last saved.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import KINDS
from app.services.drafts import DraftContent
from app.services.editing import EditorContext, Saved, missing_required, new_linked_context, save_record
from app.services.links import LinkView
from app.storage.errors import VaultError
from app.ui.i18n import error_text, field_label, kind_label
from app.ui.records.attachments import AttachmentsPanel
from app.ui.records.form import (
    add_buttons,
    ask_discard,
    build_form,
    draft_message,
    error_banner,
    missing_text,
    set_tab_order,
)
from app.ui.records.history import HistoryDialog
from app.ui.records.inputs import FieldInput, read_only
from app.ui.records.links import LinksBox
from app.ui.records.panels import panel_for
from app.ui.records.undo import FormUndo
from app.ui.security.locking import copy_text
from app.ui.tasks import DbExecutor, Op, report_error
from app.ui.widgets.plain import PlainLabel

#: An editor's size when opened (capped by the screen).
EDITOR_SIZE = (840, 900)
#: Of the height under the panel's box, the share the form gets at first (the rest: links, attachments).
FORM_SHARE = 0.78
#: The rules box (定稿前还需 …) keeps at least this many lines, so meeting a condition never moves the form.
RULES_LINES = 2

#: Every open editor, so that a link made or removed in one reloads the other end's (weakly held).
OPEN_EDITORS: weakref.WeakSet[RecordEditor] = weakref.WeakSet()


class RecordEditor(QDialog):
    """Edit one record of any kind.

    Signals:
        saved(object): the record as stored after a successful save.
        open_record_requested(str): the user asked to open a linked record (its id).
        editor_requested(object): "新建并关联" made the EditorContext of a new record; the window
            shows it as it shows any editor.
    """

    saved = Signal(object)
    open_record_requested = Signal(str)
    editor_requested = Signal(object)
    # Made by app/ui/records/form.py's add_buttons.
    status: PlainLabel
    buttons: QDialogButtonBox
    save_button: QPushButton
    close_button: QPushButton
    copy_button: QPushButton
    history_button: QPushButton
    history: HistoryDialog | None
    undo_buttons: list[QToolButton]

    def __init__(self, ctx: EditorContext, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx, self.spec, self.record, self.executor = ctx, ctx.spec, ctx.record, executor
        self.inputs: dict[str, FieldInput] = {}
        self._saving = False
        #: Asked before dropping unsaved edits; tests replace it.
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self.form_undo = FormUndo(self)  # the undo history (app/ui/records/undo.py)
        self.undo_stack = self.form_undo.stack
        self.undo_action, self.redo_action = self.form_undo.undo_action, self.form_undo.redo_action

        outer = QVBoxLayout(self)
        self.banner = error_banner(self)
        outer.addWidget(self.banner)
        # A field the rules lock (a signed paper's number) looks locked, not merely refuses keys.
        self.setStyleSheet("QLineEdit[readOnly=\"true\"] { background: palette(window); }")
        form_host = QWidget()
        self.form = build_form(self, form_host)
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not their frame
        self.form_scroll.setWidget(form_host)
        self.panel = panel_for(self)

        # Linked records and attachments side by side under the form, so the form keeps the
        # height; the splitters let the user give either more room.
        self.side = QSplitter(Qt.Orientation.Horizontal, self)
        self.side.setChildrenCollapsible(False)
        self.links_box = LinksBox(executor, self.spec.name, self.side)
        self.links_box.open_requested.connect(self.open_record_requested)
        self.links_box.new_linked_requested.connect(self.new_linked)
        self.links_box.changed.connect(reload_links_of)
        self.links = self.links_box.list
        self.side.addWidget(self.links_box)
        self.attachments: AttachmentsPanel | None = None
        if self.panel.has_attachments:
            self.attachments = AttachmentsPanel(executor, self.record.id, list(ctx.attachments), self.side)
            self.side.addWidget(self.attachments)
            self.side.setStretchFactor(0, 2)
            self.side.setStretchFactor(1, 3)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.form_scroll)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([int(1000 * FORM_SHARE), int(1000 * (1 - FORM_SHARE))])
        outer.addWidget(self.splitter, 1)
        self._show_links(ctx.linked)
        self.panel.install(outer)
        for field_input in self.inputs.values():  # after the panel's own updates, which connected first
            field_input.changed.connect(self._steady_rules)
        add_buttons(self, outer)
        self._sized = False

        self.form_undo.snapshot = self.values()  # after the panel set its defaults (a new paper's state)
        self.form_undo.prepare(form_host)
        self._set_tab_order()
        self._update_title()
        available = self.screen().availableGeometry()
        self.resize(min(EDITOR_SIZE[0], available.width() - 40), min(EDITOR_SIZE[1], available.height() - 60))
        OPEN_EDITORS.add(self)
        self._show_pending_link()
        # The cursor starts in the first field that takes input (a signed paper's number does not).
        first = next((w for w in self.inputs.values() if w.isEnabled() and not read_only(w.focus_widget())), None)
        if first is not None:
            first.focus_widget().setFocus()

    def _set_tab_order(self) -> None:
        """Tab moves through the window top to bottom, as it is laid out (the panel's box sits
        above the form though it is built after it; the button box's order is the platform's)."""
        chain: list[QWidget] = self.panel.tab_stops()
        for field_input in self.inputs.values():
            chain += field_input.tab_stops()
        chain += [self.links, *self.links_box.buttons()]
        if self.attachments is not None:
            panel = self.attachments
            chain += [panel.view, panel.add_button, panel.view_button, panel.copy_button]
        chain += self.undo_buttons
        row = self.buttons.layout()
        if row is not None:  # the button box lays its buttons out in the platform's order
            items = (row.itemAt(i) for i in range(row.count()))
            chain += [w for item in items if item is not None and isinstance(w := item.widget(), QAbstractButton)]
        set_tab_order(chain)

    # --- undo (app/ui/records/undo.py) -------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.form_undo.dirty

    def undo(self) -> None:
        self.form_undo.undo()

    def redo(self) -> None:
        self.form_undo.redo()

    def _mark_dirty(self) -> None:
        """Record values set by code (``set_value`` does not always signal) as an undo step."""
        self.form_undo.record_changes()

    def text_menu(self, widget: QLineEdit | QPlainTextEdit) -> QMenu:
        return self.form_undo.text_menu(widget)

    def update_rules(self) -> None:
        self.panel.update_rules()
        self._steady_rules()

    def _steady_rules(self) -> None:
        """The rules box only grows: a condition met shortens its text, and the form stays put."""
        label = self.panel.rules_label
        if label is None:
            return
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        width = label.width() if label.isVisible() else label.sizeHint().width()
        needed = max(label.heightForWidth(width), label.sizeHint().height() if width <= 0 else 0,
                     RULES_LINES * label.fontMetrics().lineSpacing())
        if needed > label.minimumHeight():
            label.setMinimumHeight(needed)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._sized:
            # The form gets most of the height; the links and attachments what they need to be used.
            self._sized = True
            total = sum(self.splitter.sizes())
            side = max(self.side.minimumSizeHint().height(), int(total * (1 - FORM_SHARE)) // 2)
            self.splitter.setSizes([max(total - side, 1), side])
        self._steady_rules()

    # --- state -------------------------------------------------------------------------------

    def load_record(self, ctx: EditorContext) -> None:
        """Show another record of the same kind (or this one as stored now): the form takes its
        values, and the undo history starts afresh (steps of one record never apply to another)."""
        if ctx.spec.name != self.spec.name:
            raise ValueError(ctx.spec.name)
        self.ctx, self.record = ctx, ctx.record
        self.undo_stack.clear()
        self.clear_error()
        self.form_undo.set_values({f.name: getattr(self.record, f.name) for f in self.spec.fields})
        self.form_undo.restart()
        self._update_title()
        self._show_links(ctx.linked)
        if self.attachments is not None:
            self.attachments.clear()
            self.attachments.owner_id = self.record.id
            self.attachments.model.set_attachments(list(ctx.attachments))
        self.update_rules()
        self.undo_stack.setClean()
        self.form_undo.clean_changed(True)

    @property
    def record_id(self) -> str:
        return self.record.id

    def _update_title(self) -> None:
        self.history_button.setEnabled(bool(self.record.id))
        if self.history is not None:
            self.history.reload()
        if self.record.id:
            self.setWindowTitle(f"{kind_label(self.spec)} — {self.record.label()}")
        else:
            self.setWindowTitle(self.tr("新建{0}").format(kind_label(self.spec)))

    def values(self) -> dict[str, Any]:
        return {name: widget.value() for name, widget in self.inputs.items()}

    def text_for_copy(self) -> str:
        texts = ((f, self.inputs[f.name].display_text()) for f in self.spec.fields)
        return "\n".join(self.tr("{0}：{1}").format(field_label(f), text) for f, text in texts if text)

    def copy(self) -> None:
        """Copy the record as "label：value" lines, through the app's clipboard guard."""
        copy_text(self.text_for_copy())
        self.status.setText(self.tr("已复制"))

    def apply_draft(self, draft: DraftContent, reason: str = "") -> None:
        """Put edits kept over a lock back into the form, unsaved, as one undo step.

        Only the fields the user had changed are put back, over the record as it is now, so
        what somebody else changed meanwhile in the other fields (an import) is kept; fields
        changed on both sides are marked and named in the banner."""
        undo = self.form_undo
        undo.record_changes()
        undo.barrier = True
        undo.set_values(draft.values)
        undo.record_changes(text=self.tr("恢复锁定前未保存的修改"))
        undo.barrier = True
        self.update_rules()
        self.show_error(draft_message(self.spec, draft, reason or draft.reason))
        for name in draft.conflicts:
            if name in self.inputs:
                self.inputs[name].set_invalid(True)

    def show_error(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def clear_error(self) -> None:
        self.banner.clear()
        self.banner.hide()
        for widget in self.inputs.values():
            widget.set_invalid(False)

    def _show_links(self, linked: list[LinkView]) -> None:
        self.links_box.set_record(self.record.id)
        self.links_box.show_links(linked)
        # A record not yet saved has neither links nor attachments: the form gets the room.
        self.side.setVisible(bool(self.record.id))

    # --- links (app/ui/records/links.py) ----------------------------------------------------

    def new_linked(self, kind: str) -> Op[EditorContext] | None:
        """"新建并关联": a new record of ``kind`` prefilled from this one, in an editor of its own
        (asked of the window), linked to this one when first saved."""
        if not self.record.id:
            return None
        source_id = self.record.id
        return (Op(self, lambda task: new_linked_context(task.vault, source_id, kind), executor=self.executor)
                .on_success(self.editor_requested.emit)
                .on_error(self._save_failed)
                .start())

    def _show_pending_link(self) -> None:
        pending = self.ctx.pending_link
        if pending is not None and not self.record.id:
            other = kind_label(KINDS[pending.other_kind]) if pending.other_kind in KINDS else ""
            self.status.setText(self.tr("保存后将与{0}“{1}”关联（{2}）")
                                .format(other, pending.other_label, pending.wording))

    # --- saving ------------------------------------------------------------------------------

    def save(self, *, then_state: str = "") -> Op[Saved] | None:
        """Validate, then save on the executor. Returns the op (None when validation failed).

        ``then_state``: for a working paper, a second save moving it to that review state."""
        if self._saving:
            return None
        self.clear_error()
        self.form_undo.record_changes()
        self.form_undo.save_index = self.undo_stack.index()
        values = self.values()
        missing = missing_required(self.spec, values)
        if missing:
            for f in missing:
                self.inputs[f.name].set_invalid(True)
            self.inputs[missing[0].name].focus_widget().setFocus()
            self.show_error(missing_text(missing))
            return None
        if not self.panel.may_save(values, lambda: self.save(then_state=then_state)):
            return None  # refused, or a check runs first and saves again (app/ui/records/assignment.py)
        record = self.record
        link = self.ctx.pending_link if not record.id else None  # made with the record's first save
        self._saving = True
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("正在保存…"))
        return (Op(self, lambda task: save_record(task.vault, record, values, then_state=then_state, link=link),
                   executor=self.executor)
                .on_success(self._saved)
                .on_error(self._save_failed)
                .on_finished(self._save_finished)
                .start())

    def _saved(self, result: Saved) -> None:
        first = not self.record.id
        self.record = result.record
        if self.panel.saved(result.record):
            self.undo_stack.clear()  # a move of the workflow: nothing before it may be undone
        elif self.undo_stack.index() == self.form_undo.save_index:
            self.undo_stack.setClean()  # undo from here makes the form differ again: dirty
        self.status.setText(self.tr("已保存") if not self.dirty else self.tr("已保存；之后的修改尚未保存"))
        self._update_title()
        self._show_links(result.linked)
        if self.attachments is not None:
            self.attachments.owner_id = self.record.id
        self.update_rules()
        if first and self.ctx.pending_link is not None:
            reload_links_of(self.ctx.pending_link.other_id)
        self.saved.emit(self.record)

    def _save_failed(self, error: BaseException) -> None:
        self.status.setText(self.tr("未保存"))
        if isinstance(error, VaultError):
            self.show_error(error_text(error))  # the user's input stays in the form
        else:
            report_error(self, error)

    def _save_finished(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    # --- closing -----------------------------------------------------------------------------

    def _ask_discard(self) -> bool:
        return ask_discard(self)

    def show_history(self) -> HistoryDialog | None:
        """Open (or raise) the dialog listing this record's journal entries."""
        if not self.record.id:
            return None
        if self.history is None:
            self.history = HistoryDialog(self.executor, self.record.id, self.record.label(), self)
            self.history.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.history.destroyed.connect(lambda _obj=None: setattr(self, "history", None))
        self.history.reload()
        self.history.show()
        self.history.raise_()
        return self.history

    def discard(self) -> None:
        """Close without asking, dropping every value the form holds (locking)."""
        if self.history is not None:
            self.history.clear()
            self.history.close()
        self.undo_stack.clear()  # its steps hold record text
        self.form_undo.set_values({name: widget.spec.empty() for name, widget in self.inputs.items()})
        self.form_undo.snapshot = self.values()
        self.links.clear()
        if self.attachments is not None:
            self.attachments.clear()
        self.banner.clear()
        self.close()

    def _may_close(self) -> bool:
        if self.dirty and not self.confirm_discard():
            return False
        self.undo_stack.clear()
        return True

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not self._may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:  # Esc and the close button ask before dropping edits too
        if self._may_close():
            super().reject()


def reload_links_of(record_id: str) -> None:
    """Open editors of ``record_id`` read its links again (a link to it was made or removed)."""
    for editor in list(OPEN_EDITORS):
        if editor.record.id == record_id:
            editor.links_box.reload()
