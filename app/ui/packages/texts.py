"""Words and small formatting shared by the package screens: kinds, roles, sizes, error messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QTableView

from app.domain.clock import Stamp
from app.domain.jobs import Cancelled
from app.exchange.package import display
from app.storage.errors import VaultError
from app.ui import i18n

OK_COLOUR, WARN_COLOUR, ERROR_COLOUR = "#2e6b45", "#9a6700", "#a93226"
#: A calm state that is nobody's fault (a package imported before).
NEUTRAL_COLOUR = "#555555"
#: Room around a cell's or a header's text (margins, a sort arrow).
CELL_PADDING = 24


def role_text(role: str) -> str:
    if role == "team":
        return QCoreApplication.translate("PackageTexts", "巡察组")
    if role == "office":
        return QCoreApplication.translate("PackageTexts", "巡察办")
    return role


def kind_text(kind: str) -> str:
    """A package kind as people call it; a kind this list does not know yet shows its code."""
    names = {
        "handoff": QCoreApplication.translate("PackageTexts", "移交包"),
        "member": QCoreApplication.translate("PackageTexts", "组员包"),
        "deployment": QCoreApplication.translate("PackageTexts", "部署包"),
        "upward": QCoreApplication.translate("PackageTexts", "上报包"),
        "lead-transfer": QCoreApplication.translate("PackageTexts", "线索移交包"),
    }
    return names.get(kind, kind)


def kind_hint(kind: str) -> str:
    hints = {
        "handoff": QCoreApplication.translate("PackageTexts", "巡察组交巡察办：本库的记录和附件，由巡察办保密库导入"),
        "member": QCoreApplication.translate("PackageTexts", "组员交组长：本库的记录和附件，由组长的保密库导入合并"),
        "deployment": QCoreApplication.translate("PackageTexts", "巡察办交巡察组：轮次、巡察对象、模板和巡察办公钥"),
        "upward": QCoreApplication.translate("PackageTexts", "报上级巡察机构的成果"),
        "lead-transfer": QCoreApplication.translate("PackageTexts", "移交纪委监委的问题线索"),
    }
    return hints.get(kind, "")


def human_size(size: int) -> str:
    if size < 1024:
        return QCoreApplication.translate("PackageTexts", "{0} 字节").format(size)
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    if size < 1024 ** 3:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024 ** 3:.2f} GB"


def grouped_fingerprint(fpr: str) -> str:
    """The compared part of a fingerprint in two lines of four groups: easy to read aloud."""
    groups = display(fpr).split(" ")
    return " ".join(groups[:4]) + "\n" + " ".join(groups[4:])


def when_text(at: str) -> str:
    """An ISO time from the ledger or the journal as the user reads it."""
    try:
        return dt.datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def stamp_time(stamp: str) -> str:
    """When a write was made, from its hybrid-logical-clock stamp (local time, to the second)."""
    try:
        ms = Stamp.parse(stamp).wall_ms
    except ValueError:
        return ""
    if ms == 0:
        return QCoreApplication.translate("PackageTexts", "（初始值）")
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M:%S")


def error_text(error: BaseException) -> str | None:
    """The message a person reads for an expected failure; None for a bug (the crash dialog takes it)."""
    if isinstance(error, Cancelled):
        return QCoreApplication.translate("PackageTexts", "已取消")
    if isinstance(error, VaultError):
        return i18n.error_text(error)
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        if error.filename:
            return QCoreApplication.translate("PackageTexts", "无法读取或写入文件：{0}：{1}").format(
                reason, error.filename)
        return QCoreApplication.translate("PackageTexts", "无法读取或写入文件：{0}").format(reason)
    return None


def joined(names: list[str]) -> str:
    """Names in a run, as a sentence lists them (甲、乙、丙)."""
    return QCoreApplication.translate("PackageTexts", "、").join(names)


def fit_column(view: QTableView, column: int, texts: Iterable[str]) -> None:
    """Widen a column (never narrow it) so that its header and ``texts`` fit: the widths the code
    gives suit the Chinese words, and English ones are often longer."""
    header = view.horizontalHeader()
    label = view.model().headerData(column, Qt.Orientation.Horizontal)
    needed = max([header.fontMetrics().horizontalAdvance(str(label or "")),
                  *(view.fontMetrics().horizontalAdvance(t) for t in texts)]) + CELL_PADDING
    if header.sectionSize(column) < needed:
        header.resizeSection(column, needed)


def set_status(label: QLabel, text: str, colour: str = OK_COLOUR) -> None:
    """A status line; plain text, since statuses quote files, keys and packages (docs/vault.md)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setStyleSheet(f"QLabel {{ color: {colour}; }}")
