"""The history of one record: its journal entries, one row per changed field.

The journal is read on the worker thread (app/services/history.py: stored values read back by
their fields, the ids in reference fields resolved to the referenced records' labels); here the
values are shown with :meth:`FieldSpec.display` and the words translated. The dialog is a child
of the record editor, so it goes when the editor is dropped on a lock.
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

from app.domain.fields import FieldType
from app.services.history import DELETED_FIELD as DELETED_FIELD  # app/ui/security/audit_log.py reads it here
from app.services.history import HistoryChange, StoredValue, field_spec, load_history
from app.ui.i18n import field_label, list_separator, yes_no
from app.ui.records.models import RowsModel
from app.ui.tasks import DbExecutor, Op
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
    "upgrade-data": str(QT_TRANSLATE_NOOP("HistoryDialog", "升级数据")),
}
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


#: The audit log (app/ui/security/audit_log.py) reads a journaled field's spec by this name.
_field_spec = field_spec


def value_text(value: StoredValue | None) -> str:
    """A journaled value as the user reads it (app/services/history.py read it back)."""
    if value is None:
        return ""
    if value.spec is None:
        return "" if value.raw is None else str(value.raw)
    if not value.readable:
        return str(value.raw)
    if value.spec.type in (FieldType.REF, FieldType.REFS):
        return list_separator().join(ref.label or QCoreApplication.translate(
            "HistoryDialog", "（已删除：{0}）").format(ref.id[:8]) for ref in value.refs)
    if value.spec.type is FieldType.BOOL and value.value is not None:
        return yes_no(value.value)
    return value.spec.display(value.value)


def history_rows(changes: list[HistoryChange]) -> list[HistoryRow]:
    """The service's changes as rows of text, one per changed field."""
    rows: list[HistoryRow] = []
    for change in changes:
        at, action = when_text(change.at), action_label(change.action)
        if not change.field:
            rows.append(HistoryRow(change.seq, at, change.actor, change.device, action, "", "", ""))
            continue
        if change.field == DELETED_FIELD:
            label = _tr(DELETED_LABEL)
            old = change.old.raw if change.old is not None else None
            new = change.new.raw if change.new is not None else None
            old_text = "" if old is None else yes_no(old)
            new_text = "" if new is None else yes_no(new)
        else:
            label = field_label(change.spec) if change.spec is not None else change.field
            old_text, new_text = value_text(change.old), value_text(change.new)
        rows.append(HistoryRow(change.seq, at, change.actor, change.device, action, label, old_text, new_text))
    return rows


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

    def reload(self) -> Op[list[HistoryChange]]:
        record_id = self.record_id
        return (Op(self, lambda task: load_history(task.vault, record_id), executor=self.executor)
                .on_success(lambda changes: self._loaded(history_rows(changes))).start())

    def _loaded(self, rows: list[HistoryRow]) -> None:
        self.model.set_rows(rows)
        entries = len({r.seq for r in rows})
        self.status.setText(self.tr("共 {0} 次操作（删除的记录也保留在历史中）").format(entries) if rows
                            else self.tr("没有历史记录"))

    def clear(self) -> None:
        """Drop every row (locking)."""
        self.model.clear()
        self.status.clear()
