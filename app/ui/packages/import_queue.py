"""The import queue: the chosen package files, what checking each found, and what the detail box says.

One row per file (:class:`QueueItem`), filled from ``check_package``'s result or its refusal
(app/services/packages.py); the import page (import_page.py) runs the checks and the import.
The texts keep the import panel's translation context.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.jobs import Cancelled
from app.exchange.package import ImportResult, PackageError, display
from app.services.packages import ChangeCounts, ChangeRow, PackagePreview, UnconfirmedDeployment, change_counts
from app.ui.packages.import_preview import changes_text
from app.ui.packages.texts import ERROR_COLOUR, NEUTRAL_COLOUR, OK_COLOUR, WARN_COLOUR, kind_text, when_text
from app.ui.widgets.plain import plain_tip

Index = QModelIndex | QPersistentModelIndex

PENDING, CHECKING, READY, REFUSED, UNKNOWN_SIGNER, CANCELLED, IMPORTED, ALREADY = (
    "pending", "checking", "ready", "refused", "unknown_signer", "cancelled", "imported", "already")


# --- the import queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """One chosen package file and what checking (or importing) it found."""

    path: Path
    state: str = PENDING
    kind: str = ""
    owner: str = ""
    device: str = ""
    seq: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    reason: str = ""
    signer: str = ""  # the fingerprint (display form) of an untrusted signer
    trust_signer: str = ""  # the fingerprint the user confirmed for a deployment's untrusted signer
    imported_at: str = ""  # ALREADY: when this very package was imported here (the package ledger)
    #: The records the import would add, change and put in conflict (a check's preview).
    rows: tuple[ChangeRow, ...] = ()
    complete: bool = True

    @property
    def counts(self) -> ChangeCounts:
        return change_counts(self.summary)

    @property
    def importable(self) -> bool:
        return self.state == READY


class ImportQueueModel(QAbstractTableModel):
    """Chosen packages: 文件, 状态, 来源, 类型, 序号, 新增记录, 修改记录, 新冲突."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[QueueItem] = []

    def columns(self) -> tuple[str, ...]:
        return (self.tr("文件"), self.tr("状态"), self.tr("来源"), self.tr("类型"), self.tr("序号"),
                self.tr("新增记录"), self.tr("修改记录"), self.tr("新冲突"))

    def state_text(self, item: QueueItem) -> str:
        return {
            PENDING: self.tr("等待校验"),
            CHECKING: self.tr("正在校验"),
            READY: self.tr("校验通过"),
            REFUSED: self.tr("未通过"),
            UNKNOWN_SIGNER: self.tr("签名者未被信任"),
            CANCELLED: self.tr("已取消"),
            IMPORTED: self.tr("已导入"),
            ALREADY: self.tr("此前已导入"),
        }.get(item.state, item.state)

    def items(self) -> list[QueueItem]:
        return list(self._items)

    def item(self, row: int) -> QueueItem:
        return self._items[row]

    def add_paths(self, paths: list[Path]) -> list[int]:
        """Append files not already listed; returns the rows added."""
        known = {i.path for i in self._items}
        fresh = [p for p in dict.fromkeys(paths) if p not in known]
        if not fresh:
            return []
        start = len(self._items)
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        self._items.extend(QueueItem(p) for p in fresh)
        self.endInsertRows()
        return list(range(start, start + len(fresh)))

    def update(self, row: int, item: QueueItem) -> None:
        self._items[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def row_of(self, path: Path) -> int | None:
        return next((r for r, i in enumerate(self._items) if i.path == path), None)

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._items = []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.path.name
            if column == 1:
                return self.state_text(item)
            if column == 2:
                if not item.owner and not item.device:
                    return ""
                return self.tr("{0}（设备 {1}）").format(item.owner or self.tr("未署名"), item.device[:8])
            if column == 3:
                return kind_text(item.kind) if item.kind else ""
            if column == 4:
                return str(item.seq) if item.seq else ""
            if "added" not in item.summary:
                return ""
            counts = item.counts
            return str((counts.added, counts.changed, counts.conflicts)[column - 5])
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(str(item.path) + (f"\n{item.message}" if item.message else ""))
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            if item.state in (REFUSED, UNKNOWN_SIGNER):
                return QColor(ERROR_COLOUR)
            if item.state in (READY, IMPORTED):
                return QColor(OK_COLOUR)
            if item.state == ALREADY:
                return QColor(NEUTRAL_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and item.counts.conflicts:
            return QColor(WARN_COLOUR)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 8:
            return self.columns()[section]
        return None


def checked_item(item: QueueItem, checked: PackagePreview | ImportResult) -> QueueItem:
    """A package that passed its check (a preview, listing the records) or was imported (a result)."""
    result = checked.result if isinstance(checked, PackagePreview) else checked
    listed = (checked.rows, checked.complete) if isinstance(checked, PackagePreview) else (item.rows, item.complete)
    return replace(item, state=READY, kind=result.kind, owner=result.source_owner, device=result.source_device,
                   seq=result.seq, summary=dict(result.summary), message="", reason="", signer="", imported_at="",
                   rows=listed[0], complete=listed[1])


def refused_item(item: QueueItem, error: BaseException, text: str) -> QueueItem:
    reason = error.reason if isinstance(error, PackageError) else ""
    if reason == "unknown_signer" and isinstance(error, PackageError):
        return replace(item, state=UNKNOWN_SIGNER, message=text, reason=reason,
                       signer=display(error.fingerprint) if error.fingerprint else "", owner=error.owner,
                       device=error.device, kind="deployment" if isinstance(error, UnconfirmedDeployment) else "",
                       summary={}, trust_signer="")
    if isinstance(error, Cancelled):
        return replace(item, state=CANCELLED, message=text, reason="", summary={}, rows=())
    if isinstance(error, PackageError) and error.imported_at:  # this very package, imported before: no fault
        return replace(item, state=ALREADY, message=text, reason=reason, summary={}, rows=(), kind=error.kind,
                       owner=error.owner, device=error.device, imported_at=error.imported_at)
    return replace(item, state=REFUSED, message=text, reason=reason, summary={}, rows=())


def detail_text(item: QueueItem, state_text: str) -> tuple[str, str]:
    """What the detail box says of a package in the queue, and its colour (``state_text``: its state, worded)."""
    if item.state in (READY, IMPORTED):
        return _checked_text(item)
    if item.state == UNKNOWN_SIGNER and item.kind == "deployment" and item.signer:
        return QCoreApplication.translate(
            "ImportPanel", "{0}\n这是一个部署包：请巡察办读出指纹（或对照纸质部署通知），点“核对指纹后信任并导入…”"
            "输入核对；也可取得巡察办的公钥文件后信任并重试。").format(item.message), ERROR_COLOUR
    if item.state == UNKNOWN_SIGNER:
        return QCoreApplication.translate(
            "ImportPanel", "{0}\n本库尚未信任签发此交接包的密钥。若确认来自对方，请取得对方的公钥文件，"
            "核对下面的指纹后信任，再重新校验。").format(item.message), ERROR_COLOUR
    if item.state == ALREADY:
        return QCoreApplication.translate("ImportPanel", "此交接包已导入（{0}），无需再次导入。").format(
            when_text(item.imported_at)), NEUTRAL_COLOUR
    if item.state == REFUSED:
        return QCoreApplication.translate("ImportPanel", "未通过校验，不能导入：{0}").format(item.message), ERROR_COLOUR
    if item.state == CANCELLED:
        return item.message, ERROR_COLOUR
    return state_text + "…", OK_COLOUR


def _checked_text(item: QueueItem) -> tuple[str, str]:
    s = item.summary
    ready = item.state == READY
    head = (QCoreApplication.translate("ImportPanel", "校验通过：{0}，来自 {1}（设备 {2}），序号 {3}。") if ready
            else QCoreApplication.translate("ImportPanel", "已导入：{0}，来自 {1}（设备 {2}），序号 {3}。"))
    text = head.format(kind_text(item.kind), item.owner or QCoreApplication.translate("ImportPanel", "未署名"),
                       item.device, item.seq)
    text += "\n" + changes_text(item.counts, will=ready)
    writes = QCoreApplication.translate("ImportPanel", "字段写入 {0} 条，其中本库没有的 {1} 条；新附件内容 {2} 个。")
    text += "\n" + writes.format(s.get("writes", 0), s.get("new_writes", 0), s.get("blobs_new", 0))
    if not item.complete:
        text += "\n" + QCoreApplication.translate("ImportPanel", "下表只列出前 {0} 条记录。").format(len(item.rows))
    if ready and s.get("conflicts"):
        text += "\n" + QCoreApplication.translate("ImportPanel",
                                                  "新冲突需在“冲突”页逐项处理；处理前以时间较晚的值为准。")
    if ready and item.trust_signer:
        text += "\n" + QCoreApplication.translate("ImportPanel",
                                                  "签名者的指纹已核对：导入时同时信任签发此部署包的巡察办。")
    for missing in s.get("gaps", ()):  # docs/package-format.md: `previous`
        text += "\n" + QCoreApplication.translate(
            "ImportPanel", "注意：缺少同一来源的第 {0} 号包（可稍后导入，不影响本包）。").format(missing)
    return text, WARN_COLOUR if s.get("conflicts") or s.get("gaps") else OK_COLOUR
