"""The parts a record editor is built of: the form's rows, the error banner, the words of a
draft put back, and the Tab order (the linked records are app/ui/records/links.py).

Functions here speak in the editor's translation context ("RecordEditor"), as the editor did
before they were split from it (app/ui/records/editor.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldSpec, FieldType
from app.domain.records import KindSpec
from app.services.drafts import DraftContent
from app.ui.i18n import field_label, list_separator
from app.ui.records.inputs import make_input
from app.ui.widgets.plain import PlainLabel, message_box

if TYPE_CHECKING:
    from app.ui.records.editor import RecordEditor


def build_form(editor: RecordEditor, host: QWidget) -> QFormLayout:
    """One labelled row per field, in field order, into ``editor.inputs``."""
    host_layout = QVBoxLayout(host)
    form = QFormLayout()
    host_layout.addLayout(form)
    host_layout.addStretch(1)  # a short form stays at the top instead of spreading its rows
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    # Labels sit at the top of their row, centred on a one-line field's height: beside a
    # one-line field they are centred, beside a list or a long text they mark its first line.
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    line_height = QLineEdit().sizeHint().height()
    for f in editor.spec.fields:
        widget = make_input(f, editor.ctx, host)
        widget.set_value(getattr(editor.record, f.name))
        widget.changed.connect(lambda n=f.name: editor.form_undo.input_changed(n))
        editor.inputs[f.name] = widget
        text = "" if f.type is FieldType.BOOL else field_label(f) + ("＊" if f.required else "")
        label = PlainLabel(text, host)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setMinimumHeight(line_height)
        label.setBuddy(widget.focus_widget())
        form.addRow(label, widget)
    return form


def error_banner(parent: QWidget) -> PlainLabel:
    banner = PlainLabel(parent)
    banner.setObjectName("errorBanner")
    banner.setWordWrap(True)
    banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    banner.setStyleSheet("QLabel#errorBanner { background: #fdecea; color: #8a1c1c;"
                         " border: 1px solid #e6b0aa; padding: 6px; }")
    banner.hide()
    return banner


def draft_message(spec: KindSpec, draft: DraftContent, reason: str) -> str:
    """The banner over edits kept over a lock and put back: why they were kept, and what
    changed in the vault meanwhile (app/services/drafts.py)."""
    lines = [QCoreApplication.translate("RecordEditor", "已恢复锁定前未保存的修改，请检查后保存。")]
    if reason:
        lines.append(QCoreApplication.translate("RecordEditor", "未能保存的原因：{0}").format(reason))
    if draft.deleted:
        lines.append(QCoreApplication.translate(
            "RecordEditor", "注意：这条记录在此期间已被删除。保存后修改会写入，但记录仍处于删除状态。"))
    elif draft.changed_meanwhile and draft.conflicts:
        labels = list_separator().join(f"“{field_label(spec.field(n))}”" for n in draft.conflicts)
        lines.append(QCoreApplication.translate(
            "RecordEditor", "注意：这条记录在此期间已被修改（例如导入了交接包），{0}也被改过。"
                            "框中显示的是你的草稿，保存将覆盖那边的修改，请逐项核对。").format(labels))
    elif draft.changed_meanwhile:
        lines.append(QCoreApplication.translate(
            "RecordEditor", "注意：这条记录在此期间已被修改（例如导入了交接包），"
                            "改动不涉及你修改的字段，已一并显示。"))
    return "\n".join(lines)


def missing_text(missing: list[FieldSpec] | tuple[FieldSpec, ...]) -> str:
    names = list_separator().join(field_label(f) for f in missing)
    return QCoreApplication.translate("RecordEditor", "请填写：{0}").format(names)


def ask_discard(parent: QWidget) -> bool:
    box = message_box(QMessageBox.Icon.Question, parent.windowTitle(),
                      QCoreApplication.translate("RecordEditor", "有未保存的修改，关闭并放弃这些修改吗？"), parent)
    discard = box.addButton(QCoreApplication.translate("RecordEditor", "放弃修改"),
                            QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(QCoreApplication.translate("RecordEditor", "继续编辑"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is discard


def add_buttons(editor: RecordEditor, outer: QVBoxLayout) -> None:
    """The status line, undo and redo, and the dialog's buttons, under the form."""
    editor.status = PlainLabel(editor)
    editor.buttons = buttons = QDialogButtonBox(editor)
    editor.save_button = buttons.addButton(
        QCoreApplication.translate("RecordEditor", "保存"), QDialogButtonBox.ButtonRole.AcceptRole)
    editor.save_button.setToolTip("Ctrl+S")
    editor.close_button = buttons.addButton(
        QCoreApplication.translate("RecordEditor", "关闭"), QDialogButtonBox.ButtonRole.RejectRole)
    editor.copy_button = buttons.addButton(
        QCoreApplication.translate("RecordEditor", "复制"), QDialogButtonBox.ButtonRole.ActionRole)
    editor.copy_button.setToolTip(
        QCoreApplication.translate("RecordEditor", "把本记录的内容复制到剪贴板（锁定时或稍后自动清除）"))
    editor.copy_button.clicked.connect(editor.copy)
    editor.history_button = buttons.addButton(
        QCoreApplication.translate("RecordEditor", "历史"), QDialogButtonBox.ButtonRole.ActionRole)
    editor.history_button.setToolTip(QCoreApplication.translate("RecordEditor", "本记录的修改历史：谁、何时、改了什么"))
    editor.history_button.clicked.connect(editor.show_history)
    editor.history = None
    editor.save_button.clicked.connect(editor.save)
    editor.close_button.clicked.connect(editor.close)
    bottom = QHBoxLayout()
    editor.undo_buttons = []
    for action in (editor.undo_action, editor.redo_action):
        button = QToolButton(editor)
        button.setDefaultAction(action)
        bottom.addWidget(button)
        editor.undo_buttons.append(button)
    bottom.addSpacing(8)
    bottom.addWidget(editor.status, 1)
    bottom.addWidget(buttons)
    outer.addLayout(bottom)
    QShortcut(QKeySequence.StandardKey.Save, editor, editor.save)


def set_tab_order(chain: list[QWidget]) -> None:
    for before, after in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(before, after)
