"""The preferences dialog: idle lock, clipboard clearing and the interface language (options in settings.py)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from app.ui.i18n import LANGUAGES, normalise
from app.ui.settings import Settings
from app.ui.widgets.plain import PlainLabel


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("设置"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(self.tr(" 分钟"))
        self.lock_minutes.setSpecialValueText(self.tr("从不"))
        self.lock_minutes.setValue(int(settings.lock_minutes))
        form.addRow(self.tr("无操作自动锁定："), self.lock_minutes)
        self.clipboard_seconds = QSpinBox(self)
        self.clipboard_seconds.setRange(0, 600)
        self.clipboard_seconds.setSuffix(self.tr(" 秒"))
        self.clipboard_seconds.setSpecialValueText(self.tr("仅在锁定和退出时"))
        self.clipboard_seconds.setValue(int(settings.clipboard_seconds))
        form.addRow(self.tr("清除复制的内容："), self.clipboard_seconds)
        note = PlainLabel(self.tr("锁定时关闭保密库、清空所有窗口中的记录内容；未保存的修改先保存，"
                                   "不能保存的作为加密草稿存入保密库，解锁后恢复。"), self)
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(note)
        # Each language is named in itself, so whoever reads neither finds their own.
        self.language = QComboBox(self)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(normalise(settings.language) or "zh")))
        form.addRow(self.tr("界面语言："), self.language)
        language_note = PlainLabel(self.tr("界面语言在下次启动本程序时生效。"), self)
        language_note.setWordWrap(True)
        form.addRow(language_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        for which, text in ((QDialogButtonBox.StandardButton.Ok, self.tr("确定")),
                            (QDialogButtonBox.StandardButton.Cancel, self.tr("取消"))):
            button = buttons.button(which)
            if button is not None:  # Chinese even when Qt's own translations are not loaded
                button.setText(text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        self.settings.lock_minutes = self.lock_minutes.value()
        self.settings.clipboard_seconds = self.clipboard_seconds.value()
        self.settings.language = str(self.language.currentData())
        super().accept()
