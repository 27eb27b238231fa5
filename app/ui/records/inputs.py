"""The record editor's inputs: one small widget per field type, with ``value()``/``set_value()``.

:func:`make_input` builds the input a field spec asks for, with the choices the editor's context
(app/services/editing.py) loaded on the worker. A ROWS field is a small editable table
(:class:`TableFieldModel`); its cell editors are handed to the editor, whose undo keys they obey
(app/ui/records/undo.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from app.domain.fields import FieldSpec, FieldType
from app.domain.records import KINDS
from app.services.editing import EditorContext
from app.ui.i18n import field_label, kind_label, list_separator
from app.ui.widgets.plain import PlainLabel

Index = QModelIndex | QPersistentModelIndex

EMPTY_TEXT = str(QT_TRANSLATE_NOOP("FieldInput", "（未填）"))
NONE_CHOICE = str(QT_TRANSLATE_NOOP("FieldInput", "（未选）"))
EMPTY_DATE = QDate(1900, 1, 1)
EMPTY_DATETIME = QDateTime(EMPTY_DATE, QTime(0, 0))
INT_EMPTY = -1
INT_MAX = 2_000_000_000
#: Long texts show this many lines at least and at most (then they scroll).
LONGTEXT_LINES = (3, 14)
#: The prose of a record (an interview's 谈话内容, a paper's facts, a petition's content) is
#: written at length: its box starts tall and grows further with the text.
TALL_TEXTS = frozenset({"content", "facts", "detail", "description", "characterisation", "measures"})
TALL_TEXT_LINES = (8, 30)
#: Checkable lists of records show this many rows at least and at most.
REFS_ROWS = (3, 7)


def ref_texts(ctx: EditorContext) -> dict[str, str]:
    """How a reference outside a field's options reads: the kind named when the field takes any
    kind (an attachment's owner), and marked when the record was deleted."""
    out = {}
    for ref_id, target in ctx.ref_labels.items():
        label = f"{kind_label(KINDS[target.kind])}：{target.label}" if target.any_kind else target.label
        deleted = QCoreApplication.translate("RecordEditor", "（已删除）{0}")
        out[ref_id] = deleted.format(label) if target.deleted else label
    return out


class FieldInput(QWidget):
    """Base of the per-type inputs.

    Signals:
        changed(): the user changed the value.
    """

    changed = Signal()
    #: Changes come keystroke by keystroke: consecutive ones are one undo step.
    typing = False

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self

    def tab_stops(self) -> list[QWidget]:
        """The widgets Tab visits in this input, left to right."""
        return [self.focus_widget()]

    def display_text(self) -> str:
        """The value as the user sees it (copying)."""
        return self.spec.display(self.value())

    def set_invalid(self, invalid: bool) -> None:
        self.focus_widget().setProperty("invalid", invalid)
        self.focus_widget().setStyleSheet("border: 1px solid #c0392b;" if invalid else "")


class TextInput(FieldInput):
    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        self.edit.textEdited.connect(self.changed)
        self.layout_.addWidget(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(value or "")

    def focus_widget(self) -> QWidget:
        return self.edit


class LongTextInput(FieldInput):
    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setUndoRedoEnabled(False)  # the editor's form-level undo is the one history
        self.edit.textChanged.connect(self.changed)
        self.lines = TALL_TEXT_LINES if spec.name in TALL_TEXTS else LONGTEXT_LINES
        # The box grows with its text (a long interview shows more of itself), within bounds.
        layout = self.edit.document().documentLayout()
        assert layout is not None
        layout.documentSizeChanged.connect(lambda _size: self._fit())
        self.layout_.addWidget(self.edit)
        self._fit()

    def _fit(self) -> None:
        lines = int(self.edit.document().size().height())  # the plain-text layout counts lines
        lines = max(self.lines[0], min(self.lines[1], lines))
        margins = 2 * (self.edit.frameWidth() + int(self.edit.document().documentMargin())) + 2
        height = lines * self.edit.fontMetrics().lineSpacing() + margins
        if height != self.edit.height() or self.edit.minimumHeight() != height:
            self.edit.setFixedHeight(height)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText(value or "")

    def focus_widget(self) -> QWidget:
        return self.edit


class ChoiceInput(FieldInput):
    def __init__(self, spec: FieldSpec, values: list[str], parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr(NONE_CHOICE), "")
        for v in values:
            self.combo.addItem(v, v)
        self.combo.activated.connect(lambda _i: self.changed.emit())
        self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: Any) -> None:
        value = value or ""
        i = self.combo.findData(value)
        if i < 0:  # a value no longer in the vocabulary (retired, or from another vault): keep it
            self.combo.addItem(value, value)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(i)

    def focus_widget(self) -> QWidget:
        return self.combo


class DateInput(FieldInput):
    """A date (or date and time) with an explicit empty state, a "today" and a "clear" button."""

    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.with_time = spec.type is FieldType.DATETIME
        self.edit: QDateEdit | QDateTimeEdit
        if self.with_time:
            self.edit = QDateTimeEdit(self)
            self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            self.edit.setMinimumDateTime(EMPTY_DATETIME)
        else:
            self.edit = QDateEdit(self)
            self.edit.setDisplayFormat("yyyy-MM-dd")
            self.edit.setMinimumDate(EMPTY_DATE)
        self.edit.setCalendarPopup(True)
        calendar = self.edit.calendarWidget()
        if calendar is not None:  # an empty date's calendar opens at today, not at 1900年1月
            calendar.installEventFilter(self)
        self.edit.setSpecialValueText(self.tr(EMPTY_TEXT))  # shown while the value is the minimum
        self.edit.setMinimumWidth(170)
        self.edit.dateTimeChanged.connect(lambda _v: self.changed.emit())
        self.now_button = now_button = QToolButton(self)
        now_button.setText(self.tr("今天") if not self.with_time else self.tr("现在"))
        now_button.clicked.connect(self.set_now)
        self.clear_button = clear_button = QToolButton(self)
        clear_button.setText(self.tr("清除"))
        clear_button.clicked.connect(lambda: self.set_value(None))
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(now_button)
        self.layout_.addWidget(clear_button)
        self.layout_.addStretch(1)
        self.set_value(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        calendar = self.edit.calendarWidget()
        if watched is calendar and event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())
        return False

    def value(self) -> dt.date | dt.datetime | None:
        if self.with_time:
            qdt = self.edit.dateTime()
            if qdt <= EMPTY_DATETIME:
                return None
            d, t = qdt.date(), qdt.time()
            return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        qd = self.edit.date()
        if qd <= EMPTY_DATE:
            return None
        return dt.date(qd.year(), qd.month(), qd.day())

    def set_value(self, value: Any) -> None:
        if self.with_time:
            if isinstance(value, dt.datetime):
                self.edit.setDateTime(QDateTime(QDate(value.year, value.month, value.day),
                                                QTime(value.hour, value.minute)))
            else:
                self.edit.setDateTime(EMPTY_DATETIME)
        elif isinstance(value, dt.date):
            self.edit.setDate(QDate(value.year, value.month, value.day))
        else:
            self.edit.setDate(EMPTY_DATE)

    def set_now(self) -> None:
        now = dt.datetime.now().replace(second=0, microsecond=0)
        self.set_value(now if self.with_time else now.date())
        self.changed.emit()

    def focus_widget(self) -> QWidget:
        return self.edit

    def tab_stops(self) -> list[QWidget]:
        return [self.edit, self.now_button, self.clear_button]


class BoolInput(FieldInput):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(field_label(spec), self)
        self.box.toggled.connect(lambda _v: self.changed.emit())
        self.layout_.addWidget(self.box)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def focus_widget(self) -> QWidget:
        return self.box


class IntInput(FieldInput):
    """A whole number typed as digits (份数, 年度); empty is empty, not 0. A spin box's "empty"
    special value swallowed the first digit typed, so this is a line edit that takes digits only."""

    typing = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{len(str(INT_MAX)) - 1}}}"),
                                                           self.edit))
        self.edit.setPlaceholderText(self.tr(EMPTY_TEXT))
        self.edit.setMaximumWidth(160)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.layout_.addWidget(self.edit)
        self.layout_.addStretch(1)

    def value(self) -> int | None:
        text = self.edit.text().strip()
        return int(text) if text.isdigit() else None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None or value == INT_EMPTY else str(int(value)))

    def focus_widget(self) -> QWidget:
        return self.edit


class NoChoices(QWidget):
    """Said instead of an empty picker of members: there are none yet, and where to add them (issue 12 item 9).

    Signals:
        add_requested(str): the kind to add (the window opens its list, app/ui/main_window.py).
    """

    add_requested = Signal(str)

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = PlainLabel(self.tr("尚无组员，请先在“人员”页添加组员"), self)
        self.label.setStyleSheet("color: #b9770e;")
        self.button = QPushButton(self.tr("去添加组员…"), self)
        self.button.clicked.connect(lambda _c=False: self.add_requested.emit(kind))
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)


class RefInput(FieldInput):
    """One referenced record, chosen from the records of the referenced kind."""

    def __init__(self, spec: FieldSpec, options: list[tuple[str, str]], parent: QWidget | None = None,
                 labels: dict[str, str] | None = None) -> None:
        super().__init__(spec, parent)
        self.known_labels = labels or {}
        self.combo = QComboBox(self)
        self.combo.setMinimumWidth(240)
        self.combo.addItem(self.tr(NONE_CHOICE), None)
        for record_id, label in options:
            self.combo.addItem(label, record_id)
        self.combo.activated.connect(lambda _i: self.changed.emit())
        self.layout_.addWidget(self.combo)
        self.no_choices = NoChoices(spec.ref or "", self) if spec.ref == "member" else None
        if self.no_choices is not None:
            self.layout_.addWidget(self.no_choices)
            self.no_choices.setVisible(not options)
        self.layout_.addStretch(1)

    def set_options(self, options: list[tuple[str, str]]) -> None:
        """The records offered, as stored now (the window's change signal); the choice made stays."""
        value = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr(NONE_CHOICE), None)
        for record_id, label in options:
            self.combo.addItem(label, record_id)
        self.set_value(value)
        self.combo.blockSignals(False)
        if self.no_choices is not None:
            self.no_choices.setVisible(not options)

    def value(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def set_value(self, value: Any) -> None:
        i = self.combo.findData(value) if value else 0
        if i < 0:
            shown = self.known_labels.get(str(value)) or self.tr("（已删除或未同步：{0}）").format(str(value)[:8])
            self.combo.addItem(shown, value)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(i)

    def focus_widget(self) -> QWidget:
        return self.combo

    def display_text(self) -> str:
        return self.combo.currentText() if self.value() else ""


class RefsInput(FieldInput):
    """Several referenced records (e.g. interviewers = members), as a checkable list."""

    def __init__(self, spec: FieldSpec, options: list[tuple[str, str]], parent: QWidget | None = None,
                 labels: dict[str, str] | None = None) -> None:
        super().__init__(spec, parent)
        self.known_labels = labels or {}
        self.list = QListWidget(self)
        self._order: list[str] = []
        for record_id, label in options:
            self._add(record_id, label)
        self.list.itemChanged.connect(self._item_changed)
        self.layout_.addWidget(self.list)
        # No members yet: say so and offer to add them, instead of an empty box (issue 12 item 9).
        self.no_choices = NoChoices(spec.ref or "", self) if spec.ref == "member" else None
        if self.no_choices is not None:
            self.layout_.addWidget(self.no_choices)
            self._show_choices()
        self._fit()

    def _show_choices(self) -> None:
        if self.no_choices is not None:
            empty = self.list.count() == 0
            self.no_choices.setVisible(empty)
            self.list.setVisible(not empty)

    def set_options(self, options: list[tuple[str, str]]) -> None:
        """The records offered, as stored now (the window's change signal); the ones checked stay checked."""
        order = list(self._order)
        self.list.blockSignals(True)
        self.list.clear()
        for record_id, label in options:
            self._add(record_id, label)
        self.list.blockSignals(False)
        self.set_value(order)
        self._show_choices()
        self._fit()

    def _fit(self) -> None:
        """Tall enough for every choice of a team (no scrolling for five members), within bounds."""
        rows = max(REFS_ROWS[0], min(REFS_ROWS[1], self.list.count()))
        row = self.list.sizeHintForRow(0) if self.list.count() else self.fontMetrics().height() + 4
        self.list.setFixedHeight(rows * row + 2 * self.list.frameWidth() + 2)

    def _add(self, record_id: str, label: str) -> QListWidgetItem:
        item = QListWidgetItem(label, self.list)
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _items(self) -> dict[str, QListWidgetItem]:
        return {self.list.item(i).data(Qt.ItemDataRole.UserRole): self.list.item(i) for i in range(self.list.count())}

    def _item_changed(self, item: QListWidgetItem) -> None:
        record_id = item.data(Qt.ItemDataRole.UserRole)
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and record_id not in self._order:
            self._order.append(record_id)  # order of checking is the stored order
        elif not checked and record_id in self._order:
            self._order.remove(record_id)
        self.changed.emit()

    def value(self) -> list[str]:
        return list(self._order)

    def set_value(self, value: Any) -> None:
        ids = list(value or [])
        self.list.blockSignals(True)
        items = self._items()
        for record_id in ids:
            if record_id not in items:
                items[record_id] = self._add(record_id, self.known_labels.get(record_id)
                                             or self.tr("（已删除或未同步：{0}）").format(record_id[:8]))
                self._fit()
        for record_id, item in items.items():
            item.setCheckState(Qt.CheckState.Checked if record_id in ids else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._order = ids

    def display_text(self) -> str:
        items = self._items()
        return list_separator().join(items[i].text() for i in self._order if i in items)

    def labels(self) -> dict[str, str]:
        """id -> label of every choice."""
        return {record_id: item.text() for record_id, item in self._items().items()}

    def check(self, record_id: str, checked: bool = True) -> None:
        item = self._items()[record_id]
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def focus_widget(self) -> QWidget:
        return self.list


def make_input(spec: FieldSpec, ctx: EditorContext, parent: QWidget | None = None) -> FieldInput:
    from app.ui.records.table_input import RowsInput  # it builds on FieldInput, defined above

    kind = spec.type
    if kind is FieldType.TEXT:
        return TextInput(spec, parent)
    if kind is FieldType.LONGTEXT:
        return LongTextInput(spec, parent)
    if kind is FieldType.CHOICE:
        return ChoiceInput(spec, ctx.vocab.get(spec.vocab or "", []), parent)
    if kind in (FieldType.DATE, FieldType.DATETIME):
        return DateInput(spec, parent)
    if kind is FieldType.BOOL:
        return BoolInput(spec, parent)
    if kind is FieldType.INT:
        return IntInput(spec, parent)
    if kind is FieldType.REF:
        return RefInput(spec, ctx.options.get(spec.ref or "", []), parent, ref_texts(ctx))
    if kind is FieldType.REFS:
        return RefsInput(spec, ctx.options.get(spec.ref or "", []), parent, ref_texts(ctx))
    if kind is FieldType.ROWS:
        return RowsInput(spec, parent)
    raise ValueError(kind)


def read_only(widget: QWidget) -> bool:
    return isinstance(widget, QLineEdit | QPlainTextEdit) and widget.isReadOnly()


