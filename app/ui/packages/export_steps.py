"""The pages of the export dialog (export_wizard.py): kind, recipients, scope, destination, export.

Each page holds its widgets and nothing else; the dialog reads them, checks each step and moves
between them. The office kinds' own pages (a team, or problems and leads) are in export_select.py.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.exchange.package import format as package_format
from app.services.packages import SELECTABLE_KINDS
from app.storage.errors import VaultError
from app.ui import i18n
from app.ui.packages.fingerprint_entry import monospace_font
from app.ui.packages.keys_view import TrustedKeysModel, keys_table
from app.ui.packages.texts import WARN_COLOUR, error_text, kind_hint, kind_text, role_text
from app.ui.widgets.plain import PlainLabel

#: The steps, as pages of the dialog's stack; which of them a kind goes through is :func:`step_flow`.
KIND, RECIPIENTS, SCOPE, DESTINATION, RUN, TEAM, RECORDS = range(7)


def step_flow(kind: str) -> tuple[int, ...]:
    """The steps a package of ``kind`` goes through, in order."""
    choice = (TEAM,) if kind == "deployment" else (RECORDS,) if kind in SELECTABLE_KINDS else ()
    return (KIND, *choice, RECIPIENTS, SCOPE, DESTINATION, RUN)


def kind_refusal(kind: str, role: str) -> str:
    """Why a vault of ``role`` cannot make a package of ``kind`` ("" when it can)."""
    if kind in package_format.OFFICE_KINDS and role != "office":
        return QCoreApplication.translate("ExportDialog", "只有巡察办保密库可以制作{0}；本库是{1}保密库。").format(
            kind_text(kind), role_text(role))
    return ""


def destination_problem(text: str) -> str:
    """Why the export cannot be written where ``text`` says ("" when it can)."""
    if not text.strip():
        return QCoreApplication.translate("ExportDialog", "请选择保存位置。")
    target = Path(text.strip()).expanduser()
    if not target.parent.is_dir():
        return QCoreApplication.translate("ExportDialog", "文件夹不存在：{0}").format(target.parent)
    if target.exists():
        return QCoreApplication.translate("ExportDialog", "该位置已有文件，不会覆盖：{0}").format(target)
    return ""


def shown_error(error: BaseException) -> str | None:
    """An expected failure's message in the interface language; None for a bug (the crash dialog takes it)."""
    if isinstance(error, VaultError):
        return i18n.error_text(error)
    return error_text(error)


class KindStep(QWidget):
    """One radio button per package kind, each with a line that says what it is for."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(self.tr("选择交接包的类型："), self))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.hints: dict[str, QLabel] = {}
        for kind in package_format.SUPPORTED_KINDS:  # read at run time: kinds added later appear
            button = QRadioButton(self.tr("{0}（{1}）").format(kind_text(kind), kind), self)
            self.group.addButton(button)
            self.buttons[kind] = button
            layout.addWidget(button)
            hint = PlainLabel(kind_hint(kind), self)
            hint.setContentsMargins(24, 0, 0, 6)
            hint.setWordWrap(True)
            self.hints[kind] = hint
            layout.addWidget(hint)
        layout.addStretch(1)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def offer(self, role: str) -> None:
        """Disable the kinds a vault of ``role`` cannot make, each saying why."""
        for kind, button in self.buttons.items():
            refusal = kind_refusal(kind, role)
            button.setEnabled(not refusal)
            button.setToolTip(refusal)
            hint = self.hints[kind]
            hint.setToolTip(refusal)
            if refusal:
                hint.setTextFormat(Qt.TextFormat.RichText)
                reason = html.escape(QCoreApplication.translate("ExportDialog", "不可用：{0}").format(refusal))
                hint.setText(f"<span style='color:#888'>{html.escape(kind_hint(kind))}</span><br>"
                             f"<span style='color:{WARN_COLOUR}'>{reason}</span>")


class RecipientsStep(QWidget):
    """The trusted keys to check, and extra age recipients typed one a line."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("勾选接收方（本库信任的公钥，最多 {0} 个）。只有接收方能解开交接包；"
                                    "增量交接包以第一个勾选的接收方为准。").format(package_format.MAX_X25519_STANZAS),
                           self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.keys_model = TrustedKeysModel(self, checkable=True)
        self.keys_view = keys_table(self.keys_model, self)
        self.keys_view.setColumnHidden(4, True)  # the signing fingerprint names the key well enough here
        self.keys_view.horizontalHeader().resizeSection(0, 130)
        layout.addWidget(self.keys_view, 1)
        layout.addWidget(PlainLabel(self.tr("其他接收方（如备份用的 age 公钥），每行一个 age1…："), self))
        self.extra_edit = QPlainTextEdit(self)
        self.extra_edit.setFont(monospace_font(1.0, self.font()))
        self.extra_edit.setMaximumHeight(int(self.fontMetrics().height() * 4.5))
        self.extra_edit.setPlaceholderText("age1…")
        layout.addWidget(self.extra_edit)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)


class ScopeStep(QWidget):
    """Full or incremental, with what the last package to the first recipient was."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(self.tr("导出范围："), self))
        self.full_radio = QRadioButton(self.tr("完整：本库的全部记录和附件"), self)
        self.incremental_radio = QRadioButton(self.tr("增量：只含上次发给该接收方之后的修改"), self)
        self.full_radio.setChecked(True)
        self.group = QButtonGroup(self)
        self.group.addButton(self.full_radio)
        self.group.addButton(self.incremental_radio)
        layout.addWidget(self.full_radio)
        layout.addWidget(self.incremental_radio)
        self.info = PlainLabel(self)
        self.info.setWordWrap(True)
        self.info.setContentsMargins(24, 4, 0, 0)
        layout.addWidget(self.info)
        layout.addStretch(1)


class DestinationStep(QWidget):
    """Where the package is written, and the plan of the export in a sentence."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = PlainLabel(self.tr("保存到（例如 U 盘）。交接包已加密，但仍请按涉密载体管理："), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton(self.tr("选择…"), self)
        self.browse_button.setAutoDefault(False)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.plan = PlainLabel(self)
        self.plan.setWordWrap(True)
        layout.addWidget(self.plan)
        layout.addStretch(1)


class RunStep(QWidget):
    """The export under way (progress), then its summary or why it failed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar(self)
        layout.addWidget(self.progress)
        self.summary = PlainLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        layout.addStretch(1)
