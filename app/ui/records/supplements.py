"""A finalised interview in its editor: read-only, with its dated supplements (补充说明).

A final interview record is what the interviewee confirmed and signed, so its text never changes;
what comes to light later is appended as a supplement with its time and author, and prints with
the record (docs/domain.md §3.1; the store holds the rule). :class:`SupplementsBox` puts the
editor of such a record in that state: a line under the banner says the record is locked and
offers 添加补充说明…, every field is shown read-only, and the supplements are listed under the
text in place of the raw table. The dialog takes only the text: the time is now and the author
is the vault's owner (app/services/supplements.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import Interview
from app.domain.rules import interview_final
from app.services.supplements import TIME_FORMAT, add_supplement, supplement_author
from app.storage.errors import VaultError
from app.ui.i18n import error_text
from app.ui.records.table_input import RowsInput
from app.ui.tasks import Op, report_error
from app.ui.widgets.plain import PlainLabel

if TYPE_CHECKING:
    from app.ui.records.editor import RecordEditor

#: The field the box stands in for.
FIELD = "supplements"


def tr(text: str) -> str:
    return QCoreApplication.translate("Supplements", text)


class SupplementDialog(QDialog):
    """添加补充说明: the text; the time (now) and the author (the vault's owner) are shown, not typed.

    When the vault has no owner the author is typed (a supplement names who added it)."""

    def __init__(self, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("添加补充说明"))
        form = QFormLayout()
        self.time_label = PlainLabel(dt.datetime.now().strftime(TIME_FORMAT), self)
        form.addRow(tr("补充时间"), self.time_label)
        self.author_edit = QLineEdit(author, self)
        self.author_edit.setReadOnly(bool(author))  # the vault's owner: shown, not chosen
        self.setStyleSheet("QLineEdit[readOnly=\"true\"] { background: palette(window); }")
        self.author_edit.setPlaceholderText(tr("本保密库未登记使用人，请填写补充人姓名"))
        form.addRow(tr("补充人"), self.author_edit)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(tr("谈话定稿后了解到的情况、谈话对象的补充或更正……"))
        form.addRow(tr("补充内容"), self.text_edit)
        note = PlainLabel(tr("补充说明保存后不能修改或删除，并随谈话记录一并打印；原记录不变。"), self)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(tr("保存补充说明"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.text_edit.textChanged.connect(self._update)
        self.author_edit.textChanged.connect(self._update)
        self._update()
        self.resize(520, 320)
        self.text_edit.setFocus()

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.text().strip() and self.author().strip()))

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def author(self) -> str:
        return self.author_edit.text()


def ask_supplement(parent: QWidget, author: str) -> tuple[str, str] | None:
    """The dialog, modal: (text, author) or None when cancelled."""
    dialog = SupplementDialog(author, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text(), dialog.author()
    finally:
        dialog.deleteLater()


def set_locked(field_input: QWidget, locked: bool) -> None:
    """Show an input read-only (text stays readable and selectable) or editable again."""
    for widget in [field_input, *field_input.findChildren(QWidget)]:
        if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
            if widget.isReadOnly() != locked:
                widget.setReadOnly(locked)
                widget.style().unpolish(widget)  # the editor's style sheet greys [readOnly] boxes
                widget.style().polish(widget)
        elif isinstance(widget, QComboBox | QAbstractButton | QAbstractItemView):
            widget.setEnabled(not locked)


class SupplementsBox(QGroupBox):
    """The lock line and the supplements of an interview's editor (see the module doc).

    Attributes:
        notice: the line under the banner, shown while the record is final.
        add_button: 添加补充说明… in that line.
        rows: the supplements as shown, one label each.
        ask: shows the dialog; tests replace it.
    """

    def __init__(self, editor: RecordEditor, outer: QVBoxLayout) -> None:
        super().__init__(tr("补充说明"), editor)
        self.editor = editor
        self.ask: Callable[[QWidget, str], tuple[str, str] | None] = ask_supplement
        self.locked: bool | None = None
        self.rows: list[PlainLabel] = []
        self.list_layout = QVBoxLayout(self)
        self.empty_label = PlainLabel(tr("暂无补充说明"), self)
        self.list_layout.addWidget(self.empty_label)

        self.notice = QFrame(editor)
        self.notice.setObjectName("lockNotice")
        self.notice.setStyleSheet("QFrame#lockNotice { background: #eef3fa; border: 1px solid #b7c9e2; }")
        row = QHBoxLayout(self.notice)
        self.notice_label = PlainLabel(
            tr("已定稿，原文不可修改。之后了解到的情况请添加补充说明（注明时间和补充人，随记录打印）。"), self.notice)
        self.notice_label.setWordWrap(True)
        self.add_button = QPushButton(tr("添加补充说明…"), self.notice)
        self.add_button.clicked.connect(self.add)
        row.addWidget(self.notice_label, 1)
        row.addWidget(self.add_button)
        outer.insertWidget(1, self.notice)  # under the banner, above the form and the panel's box

        # The box stands in the form where the raw table was: under the text, at the end.
        table = editor.inputs[FIELD]
        form = editor.form
        row_of_table = next(i for i in range(form.rowCount())
                            if (item := form.itemAt(i, QFormLayout.ItemRole.FieldRole)) and item.widget() is table)
        form.setRowVisible(table, False)
        form.insertRow(row_of_table + 1, self)
        editor.saved.connect(lambda _record: self.refresh())
        # The list shows the field's value: emptied with the form at a lock, like every input.
        if isinstance(table, RowsInput):
            table.model.modelReset.connect(self.refresh)
        self.refresh()

    def record(self) -> Interview | None:
        record = self.editor.record
        return record if isinstance(record, Interview) else None

    def refresh(self) -> None:
        """Match the record as stored: locked or not, and its supplements."""
        record = self.record()
        final = record is not None and bool(record.id) and interview_final(record)
        if final != self.locked:
            self.locked = final
            for name, field_input in self.editor.inputs.items():
                if name != FIELD:
                    set_locked(field_input, final)
            self.notice.setVisible(final)
            panel = getattr(self.editor, "panel", None)
            rules_box = getattr(panel, "rules_box", None)
            if rules_box is not None:
                rules_box.setVisible(not final)  # what finalising needs no longer matters
        self._show_rows(self.editor.inputs[FIELD].value() or [])
        self.setVisible(final or bool(self.rows))

    def _show_rows(self, supplements: list[dict[str, str]]) -> None:
        texts = [self._row_text(row) for row in supplements]
        if texts == [label.text() for label in self.rows]:
            return
        for label in self.rows:
            label.clear()  # no record text waits in a label for its deletion
            self.list_layout.removeWidget(label)
            label.deleteLater()
        self.rows = []
        for text in texts:
            label = PlainLabel(text, self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.list_layout.addWidget(label)
            self.rows.append(label)
        self.empty_label.setVisible(not self.rows)

    @staticmethod
    def _row_text(row: dict[str, str]) -> str:
        at, by, text = (str(row.get(key) or "").strip() for key in ("at", "by", "text"))
        return tr("{0}　补充人：{1}").format(at, by) + "\n" + text

    # --- adding ------------------------------------------------------------------------------

    def add(self) -> Op[str] | None:
        """Ask for the text (the author read from the vault first), then append it on the worker."""
        record = self.record()
        if record is None or not self.locked:
            return None
        return Op(self, lambda task: supplement_author(task.vault), executor=self.editor.executor) \
            .on_success(lambda author: self._ask_then_add(record.id, author)).start()

    def _ask_then_add(self, record_id: str, author: str) -> Op[Interview] | None:
        answer = self.ask(self.editor, author)
        if answer is None:
            return None
        text, by = answer
        self.add_button.setEnabled(False)
        self.editor.status.setText(tr("正在保存补充说明…"))
        return (Op(self, lambda task: add_supplement(task.vault, record_id, text, by=by),
                   executor=self.editor.executor)
                .on_success(self._added)
                .on_error(self._failed)
                .on_finished(lambda: self.add_button.setEnabled(True))
                .start())

    def _added(self, record: Interview) -> None:
        editor = self.editor
        editor.record = record
        editor.form_undo.set_values({FIELD: record.supplements})  # the stored value: not an edit
        editor.form_undo.snapshot[FIELD] = editor.inputs[FIELD].value()
        editor.status.setText(tr("已添加补充说明"))
        editor.saved.emit(record)  # lists and this box follow the record as stored
        if self.rows:
            editor.form_scroll.ensureWidgetVisible(self.rows[-1])

    def _failed(self, error: BaseException) -> None:
        self.editor.status.setText(tr("补充说明未保存"))
        if isinstance(error, VaultError):
            self.editor.show_error(error_text(error))
        else:
            report_error(self.editor, error)
