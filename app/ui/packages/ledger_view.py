"""The package ledger as the packages page lists it (往来记录): every package made or imported here.

Read on the worker by ``package_history`` (app/services/packages.py), which names the other side
from the trusted keys; the table words the direction, the kind and what each package carried.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.exchange.package.format import KINDS as PACKAGE_KINDS
from app.services.packages import HistoryEntry, change_counts, package_contents, package_history
from app.storage.keys import PackageEntry
from app.ui.packages.texts import fit_column, human_size, joined, kind_text, when_text
from app.ui.records.models import RowsModel
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex


class PackageHistoryModel(RowsModel[HistoryEntry]):
    """The package ledger: 时间, 方向, 类型, 对方, 序号, 内容."""

    def columns(self) -> tuple[str, ...]:
        return (self.tr("时间"), self.tr("方向"), self.tr("类型"), self.tr("对方"), self.tr("序号"), self.tr("内容"))

    def direction_text(self, direction: str) -> str:
        return self.tr("导入") if direction == "in" else self.tr("导出")

    def content(self, entry: PackageEntry) -> str:
        report = entry.report
        if entry.direction == "in":
            changes = change_counts(report)  # records as a person counts them (import_preview.py)
            return self.tr("新增记录 {0}，修改记录 {1}，新冲突 {2}，新附件 {3}").format(
                changes.added, changes.changed, changes.conflicts, report.get("blobs_new", 0))
        counts = report.get("counts", {})
        kinds = report.get("kinds")
        records = package_contents(kinds).records if isinstance(kinds, dict) else counts.get("records", 0)
        scope = self.tr("增量") if entry.since else self.tr("完整")
        return self.tr("{0}：记录 {1}，写入 {2}，附件 {3}，{4}").format(
            scope, records, counts.get("writes", 0), counts.get("blobs", 0), human_size(int(report.get("size", 0))))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        entry = row.entry
        if role == Qt.ItemDataRole.DisplayRole:
            return (when_text(entry.at), self.direction_text(entry.direction), kind_text(entry.kind),
                    joined(list(row.parties)), str(entry.seq), self.content(entry))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.tr("交接包编号：{0}\n制作时间：{1}").format(entry.package_id, when_text(entry.created_at))
            if entry.report.get("file"):
                text += "\n" + self.tr("文件：{0}").format(entry.report["file"])
            return plain_tip(text)
        return None



class HistoryPanel(QWidget):
    """Past imports and exports, from the package ledger."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = False
        self._generation = 0
        layout = QVBoxLayout(self)
        self.status = PlainLabel(self)
        layout.addWidget(self.status)
        self.model = PackageHistoryModel(self)
        self.view = read_only_table(self.model, self, (140, 50, 80, 160, 50))
        fit_column(self.view, 1, [self.model.direction_text(d) for d in ("in", "out")])
        fit_column(self.view, 2, [kind_text(kind) for kind in PACKAGE_KINDS])
        layout.addWidget(self.view, 1)

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> Op[list[HistoryEntry]]:
        generation = self._generation

        def done(rows: list[HistoryEntry]) -> None:
            if generation != self._generation:
                return
            self.model.set_rows(rows)
            imports = sum(1 for r in rows if r.entry.direction == "in")
            self.status.setText(self.tr("导入 {0} 次，导出 {1} 次（最近的在前）").format(imports, len(rows) - imports)
                                if rows else self.tr("尚未导入或导出交接包"))
            self.loaded = True

        return Op(self, lambda task: package_history(task.vault), executor=self.executor).on_success(done).start()

    def clear(self) -> None:
        self._generation += 1
        self.loaded = False
        self.model.clear()
        self.status.clear()
