"""What a package holds and what importing it changes, worded as a person counts records.

The import preview's table (:class:`ChangesModel`: 变化, 类型, 标题, 字段) lists the records a
package would add, change and put in conflict (``preview_package``, app/services/packages.py);
the counting functions word what an export carried and what an import changes, with records of
the kinds a person works with apart from the system's rows (attachments, links, vocabulary,
templates, settings: docs/package-format.md, "What the window counts").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.records import KINDS
from app.services.packages import ADDED, CHANGED, CONFLICT, ChangeCounts, ChangeRow, Contents
from app.storage.store import DELETED
from app.ui import i18n
from app.ui.packages.texts import WARN_COLOUR, joined
from app.ui.records.models import RowsModel
from app.ui.widgets.plain import plain_tip

Index = QModelIndex | QPersistentModelIndex
def record_kind_text(kind: str) -> str:
    """A record kind's name ("谈话"); a kind this program does not know shows its code."""
    spec = KINDS.get(kind)
    return i18n.kind_label(spec) if spec is not None else kind


def field_text(kind: str, name: str) -> str:
    if name == DELETED:
        return QCoreApplication.translate("ImportPreview", "删除")
    spec = KINDS.get(kind)
    try:
        return i18n.field_label(spec.field(name)) if spec is not None else name
    except KeyError:
        return name


def others_text(others: tuple[tuple[str, int], ...]) -> str:
    """The system's rows per kind, in a run: "附件 3 个、关联 9 条、词表 120 项"."""
    units = {
        "attachment": QCoreApplication.translate("ImportPreview", "附件 {0} 个"),
        "link": QCoreApplication.translate("ImportPreview", "关联 {0} 条"),
        "vocab": QCoreApplication.translate("ImportPreview", "词表 {0} 项"),
        "template": QCoreApplication.translate("ImportPreview", "模板 {0} 个"),
        "setting": QCoreApplication.translate("ImportPreview", "设置 {0} 项"),
    }
    return joined([units.get(kind, record_kind_text(kind) + " {0}").format(n) for kind, n in others])


def contents_text(contents: Contents) -> str:
    """What an export carried: "记录：12 条（谈话 5、问题线索 3 …）\n另含：附件 3 个、关联 9 条"."""
    text = QCoreApplication.translate("ImportPreview", "记录：{0} 条").format(contents.records)
    if contents.by_kind:
        kinds = joined([f"{record_kind_text(k)} {n}" for k, n in contents.by_kind])
        text += QCoreApplication.translate("ImportPreview", "（{0}）").format(kinds)
    if contents.others:
        text += "\n" + QCoreApplication.translate("ImportPreview", "另含：{0}").format(others_text(contents.others))
    return text


def changes_text(counts: ChangeCounts, *, will: bool) -> str:
    """What an import adds, changes and puts in conflict; ``will``: a preview (not yet imported)."""
    if will:
        text = QCoreApplication.translate("ImportPreview",
                                          "导入后将新增记录 {0} 条，修改记录 {1} 条，产生新冲突 {2} 处。")
    else:
        text = QCoreApplication.translate("ImportPreview", "新增记录 {0} 条，修改记录 {1} 条，新冲突 {2} 处。")
    text = text.format(counts.added, counts.changed, counts.conflicts)
    if counts.others:
        text += QCoreApplication.translate("ImportPreview", "另有：{0}。").format(others_text(counts.others))
    return text


class ChangesModel(RowsModel[ChangeRow]):
    """The records an import would touch: 变化, 类型, 标题, 字段 (conflicts first)."""

    def columns(self) -> tuple[str, ...]:
        return (self.tr("变化"), self.tr("类型"), self.tr("标题"), self.tr("字段"))

    def change_text(self, change: str) -> str:
        return {ADDED: self.tr("新增"), CHANGED: self.tr("修改"), CONFLICT: self.tr("冲突")}.get(change, change)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            fields = joined([field_text(row.kind, name) for name in row.fields])
            return (self.change_text(row.change), record_kind_text(row.kind), row.title, fields)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column >= 2:
            return plain_tip(row.title if column == 2 else joined([field_text(row.kind, n) for n in row.fields]))
        if role == Qt.ItemDataRole.ForegroundRole and column == 0 and row.change == CONFLICT:
            return QColor(WARN_COLOUR)
        return None
