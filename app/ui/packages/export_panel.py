"""The export tab of the packages page: what the kinds of package are for, the export dialog,
and what the last export carried (worded as a person counts records: import_preview.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.services.packages import package_contents
from app.ui.packages.export_wizard import ExportDialog
from app.ui.packages.import_preview import contents_text
from app.ui.packages.texts import human_size, kind_text
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor
from app.ui.widgets.plain import PlainLabel


class ExportPanel(QWidget):
    """Explains the kinds of package and opens the export dialog.

    Signals:
        exported(): a package was written (the ledger is stale).
    """

    exported = Signal()

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.dialog: ExportDialog | None = None
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("交接包是在保密库之间传递记录的唯一方式：签名并加密，只有选定的接收方能打开，"
                                    "对方导入时校验签名和内容。组员把记录交给组长用组员包，巡察组返回后交巡察办用移交包。"
                                    "\n\n导出前，接收方的公钥须已在“密钥与信任”中信任（或提供其 age 接收方）。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("导出交接包…"), self)
        self.export_button.clicked.connect(self.open_dialog)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        self.last = PlainLabel(self)
        self.last.setWordWrap(True)
        self.last.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.last)
        layout.addStretch(1)

    def open_dialog(self) -> ExportDialog:
        if self.dialog is not None:
            self.dialog.show()
            self.dialog.raise_()
            return self.dialog
        settings = getattr(self.window(), "settings", None)  # the main window's (tests give their own)
        dialog = ExportDialog(self.executor, self, settings=settings if isinstance(settings, Settings) else None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _code, d=dialog: self._closed(d))
        self.dialog = dialog
        dialog.load()
        dialog.show()
        return dialog

    def _closed(self, dialog: ExportDialog) -> None:
        result = dialog.exported
        if result is not None:
            mode = self.tr("增量") if result.mode == "incremental" else self.tr("完整")
            self.last.setText(self.tr("上次导出：{0}{1}，序号 {2}，{3}\n{4}\n{5}").format(
                mode, kind_text(result.kind), result.seq, human_size(result.size), result.path,
                contents_text(package_contents(result.kinds))))
            self.exported.emit()
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.discard()
            self.dialog = None
        self.last.clear()
