"""The history of one record: its journal entries, one row per changed field.

The rows are built on the worker thread (:func:`load_history`): stored values are turned back
into values with :meth:`FieldSpec.from_storage`, shown with :meth:`FieldSpec.display`, and the
ids in reference fields replaced by the referenced records' labels. The dialog only shows
them; it is a child of the record editor, so it goes when the editor is dropped on a lock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldSpec, FieldType
from app.domain.records import KINDS
from app.storage.journal import Entry
from app.storage.vault import Vault
from app.ui.i18n import field_label, list_separator, yes_no
from app.ui.records.models import RowsModel
from app.ui.tasks import DbExecutor, Op, Task
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex

#: Journal actions as the user reads them (source texts; :func:`action_label` translates); the one
#: table for the record history and the audit log (app/ui/security/audit_log.py).
ACTION_LABELS = {
    "create": str(QT_TRANSLATE_NOOP("HistoryDialog", "新建")),
    "update": str(QT_TRANSLATE_NOOP("HistoryDialog", "修改")),
    "delete": str(QT_TRANSLATE_NOOP("HistoryDialog", "删除")),
    "restore": str(QT_TRANSLATE_NOOP("HistoryDialog", "恢复")),
    "merge": str(QT_TRANSLATE_NOOP("HistoryDialog", "合并")),
    "resolve": str(QT_TRANSLATE_NOOP("HistoryDialog", "解决冲突")),
    "intake-xlsx": str(QT_TRANSLATE_NOOP("HistoryDialog", "从 Excel 导入")),
    "print-feedback": str(QT_TRANSLATE_NOOP("HistoryDialog", "打印反馈意见")),
    "print-interview": str(QT_TRANSLATE_NOOP("HistoryDialog", "打印谈话记录")),
    "print-paper": str(QT_TRANSLATE_NOOP("HistoryDialog", "打印问题底稿")),
    "print-handover": str(QT_TRANSLATE_NOOP("HistoryDialog", "打印移交清单")),
    "print-inspection-report": str(QT_TRANSLATE_NOOP("HistoryDialog", "打印巡察报告")),
    "export-ledger": str(QT_TRANSLATE_NOOP("HistoryDialog", "导出台账")),
    "export-package": str(QT_TRANSLATE_NOOP("HistoryDialog", "导出交接包")),
    "import-package": str(QT_TRANSLATE_NOOP("HistoryDialog", "导入交接包")),
    "trust-key": str(QT_TRANSLATE_NOOP("HistoryDialog", "信任公钥")),
    "create-keys": str(QT_TRANSLATE_NOOP("HistoryDialog", "生成密钥")),
    "backup": str(QT_TRANSLATE_NOOP("HistoryDialog", "备份保密库")),
    "change-passphrase": str(QT_TRANSLATE_NOOP("HistoryDialog", "修改口令")),
    "create-vault": str(QT_TRANSLATE_NOOP("HistoryDialog", "创建保密库")),
    "keep-damaged-wal": str(QT_TRANSLATE_NOOP("HistoryDialog", "保留损坏的预写日志")),
}
DELETED_FIELD = "deleted"
DELETED_LABEL = str(QT_TRANSLATE_NOOP("HistoryDialog", "删除标记"))
EMPTY_VALUE = str(QT_TRANSLATE_NOOP("HistoryDialog", "（空）"))
ARROW = " → "
#: Values longer than this are cut in the cell (the tooltip has all of it).
CELL_CHARS = 60
COLUMNS = (str(QT_TRANSLATE_NOOP("HistoryModel", "时间")),
           str(QT_TRANSLATE_NOOP("HistoryModel", "操作人")),
           str(QT_TRANSLATE_NOOP("HistoryModel", "操作")),
           str(QT_TRANSLATE_NOOP("HistoryModel", "字段")),
           str(QT_TRANSLATE_NOOP("HistoryModel", "原值 → 新值")))


def _tr(text: str) -> str:
    """The history's own words (it builds its rows on the worker, outside any widget)."""
    return QCoreApplication.translate("HistoryDialog", text)


@dataclass(frozen=True)
class HistoryRow:
    """One changed field of one journal entry, as text ready to show."""

    seq: int
    at: str
    actor: str
    device: str
    action: str
    field: str
    old: str
    new: str

    @property
    def change(self) -> str:
        if not self.field:
            return ""
        return f"{self.old or _tr(EMPTY_VALUE)}{ARROW}{self.new or _tr(EMPTY_VALUE)}"


def action_label(action: str) -> str:
    return _tr(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def when_text(at: str) -> str:
    try:
        return dt.datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


def elide(text: str, limit: int = CELL_CHARS) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def change_cell(old: str, new: str, limit: int = CELL_CHARS) -> str:
    """"old → new" in one cell; when too long, each side is cut, so the new value always shows."""
    old, new = elide(old or EMPTY_VALUE, limit), elide(new or EMPTY_VALUE, limit)
    if len(old) + len(ARROW) + len(new) <= limit:
        return old + ARROW + new
    budget = limit - len(ARROW)
    old = elide(old, max(budget - len(new), budget // 2))  # the new value gets what the old leaves
    return old + ARROW + elide(new, budget - len(old))


def _field_spec(kind: str | None, name: str) -> FieldSpec | None:
    spec = KINDS.get(kind or "")
    if spec is None:
        return None
    try:
        return spec.field(name)
    except KeyError:
        return None


def value_text(vault: Vault, fs: FieldSpec | None, raw: Any, labels: dict[str, str]) -> str:
    """A stored value as the user reads it; ``labels`` caches referenced records' labels."""
    if fs is None:
        return "" if raw is None else str(raw)
    try:
        value = fs.from_storage(raw)
    except (ValueError, TypeError):
        return str(raw)
    if fs.type in (FieldType.REF, FieldType.REFS):
        ids = [value] if fs.type is FieldType.REF else list(value or [])
        names = []
        for record_id in ids:
            if not record_id:
                continue
            if record_id not in labels:
                record = vault.records.find(str(record_id))
                labels[record_id] = record.label() if record is not None else QCoreApplication.translate(
                    "HistoryDialog", "（已删除：{0}）").format(str(record_id)[:8])
            names.append(labels[record_id])
        return list_separator().join(names)
    if fs.type is FieldType.BOOL and value is not None:
        return yes_no(value)
    return fs.display(value)


def history_rows(vault: Vault, entries: list[Entry]) -> list[HistoryRow]:
    """Journal entries (newest first) as rows, one per changed field; runs on the worker."""
    labels: dict[str, str] = {}
    rows: list[HistoryRow] = []
    for entry in entries:
        at, action = when_text(entry.at), action_label(entry.action)
        changes = entry.changes
        added = 0
        for name, pair in changes.items():
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            if name == DELETED_FIELD:
                if entry.action == "create" and not new:
                    continue  # every new record says "not deleted"; not worth a row
                label = _tr(DELETED_LABEL)
                old_text = "" if old is None else yes_no(old)
                new_text = "" if new is None else yes_no(new)
            else:
                fs = _field_spec(entry.kind, name)
                label = field_label(fs) if fs is not None else name
                old_text = value_text(vault, fs, old, labels)
                new_text = value_text(vault, fs, new, labels)
            rows.append(HistoryRow(entry.seq, at, entry.actor, entry.device, action, label, old_text, new_text))
            added += 1
        if not added:
            rows.append(HistoryRow(entry.seq, at, entry.actor, entry.device, action, "", "", ""))
    return rows


def load_history(vault: Vault, record_id: str) -> list[HistoryRow]:
    return history_rows(vault, vault.journal.entries(record_id))


class HistoryModel(RowsModel[HistoryRow]):
    """History rows: 时间, 操作人, 操作, 字段, 原值 → 新值 (elided; the tooltip has it all)."""

    def columns(self) -> tuple[str, ...]:
        return tuple(self.tr(c) for c in COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            change = change_cell(row.old, row.new) if row.field else ""
            return (row.at, row.actor, row.action, row.field, change)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 4 and row.field:
                return plain_tip(self.tr("原值：{0}\n新值：{1}").format(row.old or _tr(EMPTY_VALUE),
                                                                    row.new or _tr(EMPTY_VALUE)))
            if column == 1 and row.device:
                return plain_tip(self.tr("{0}（设备 {1}）").format(row.actor, row.device))
            return None
        return None



class HistoryDialog(QDialog):
    """The journal of one record, loaded through the executor."""

    def __init__(self, executor: DbExecutor, record_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.record_id = record_id
        self.setWindowTitle(self.tr("修改历史 — {0}").format(title))
        self.model = HistoryModel(self)
        self.view = read_only_table(self.model, self, (150, 90, 60, 170), single=False)
        self.status = PlainLabel(self.tr("正在加载…"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:  # Chinese even when Qt's own translations are not loaded
            close.setText(self.tr("关闭"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        bottom = QVBoxLayout()
        bottom.addWidget(self.status)
        layout.addLayout(bottom)
        layout.addWidget(buttons)
        self.resize(860, 420)

    def reload(self) -> Op[list[HistoryRow]]:
        record_id = self.record_id

        def work(task: Task) -> list[HistoryRow]:
            return load_history(task.vault, record_id)

        return Op(self, work, executor=self.executor).on_success(self._loaded).start()

    def _loaded(self, rows: list[HistoryRow]) -> None:
        self.model.set_rows(rows)
        entries = len({r.seq for r in rows})
        self.status.setText(self.tr("共 {0} 次操作（删除的记录也保留在历史中）").format(entries) if rows
                            else self.tr("没有历史记录"))

    def clear(self) -> None:
        """Drop every row (locking)."""
        self.model.clear()
        self.status.clear()
