"""The vault-wide audit log (操作日志): every journal entry, newest first, with a filter and a chain check.

The entries come from :mod:`app.services.audit` on the worker, the record each concerns resolved
there; :func:`audit_rows` words them: the action's label (the one table in :mod:`app.ui.records.history`),
the record's kind and label, a one-line summary of the detail and, in the detail pane, the whole detail as
readable lines (:func:`detail_text`: 字段：旧值 → 新值, 份号：000007), never raw JSON. Devices are named by
their owner (the vault's own and its trusted keys', app/services/audit.py), the id on hover.
The dialog is non-modal and owned by the main window,
which empties and closes it when the vault locks (:meth:`AuditLogDialog.discard`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import KINDS
from app.services import audit
from app.services.audit import AuditEntry, ChainReport, Target
from app.storage.journal import Entry
from app.ui.i18n import field_label, kind_label, list_separator, yes_no
from app.ui.packages.texts import kind_text, role_text
from app.ui.records.history import DELETED_FIELD, DELETED_LABEL, _field_spec, action_label, elide, when_text
from app.ui.records.models import RowsModel
from app.ui.tasks import DbExecutor, Op, Task
from app.ui.widgets.plain import PlainLabel, plain_tip
from app.ui.widgets.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex

#: The newest entries loaded at a time; "加载更多" adds as many again.
PAGE = 5000
#: Characters of a device id shown in the table (the tooltip has all of it).
DEVICE_CHARS = 8
#: Changed fields named in a record change's summary before "等 N 项".
FIELDS_SHOWN = 6
#: Chain problems listed under the button (all of them are in its tooltip).
PROBLEMS_SHOWN = 5

COLUMNS = (str(QT_TRANSLATE_NOOP("AuditLogModel", "时间")),
           str(QT_TRANSLATE_NOOP("AuditLogModel", "操作人")),
           str(QT_TRANSLATE_NOOP("AuditLogModel", "设备")),
           str(QT_TRANSLATE_NOOP("AuditLogModel", "操作")),
           str(QT_TRANSLATE_NOOP("AuditLogModel", "对象")),
           str(QT_TRANSLATE_NOOP("AuditLogModel", "详情")))
COL_DEVICE, COL_TARGET, COL_SUMMARY = 2, 4, 5

RECORD_ACTIONS = frozenset({"create", "update", "delete", "restore", "merge", "resolve", "intake-xlsx"})
PRINT_ACTIONS = frozenset({"print-feedback", "print-interview", "print-paper", "print-handover",
                           "print-inspection-report", "export-ledger"})
PACKAGE_ACTIONS = frozenset({"export-package", "import-package"})
VAULT_ACTIONS = frozenset({"trust-key", "create-keys", "backup", "change-passphrase", "create-vault",
                           "keep-damaged-wal", "upgrade-data"})
#: The type filter: (label, the actions it keeps; None for every action).
GROUPS: tuple[tuple[str, frozenset[str] | None], ...] = (
    (str(QT_TRANSLATE_NOOP("AuditLogDialog", "全部")), None),
    (str(QT_TRANSLATE_NOOP("AuditLogDialog", "记录修改")), RECORD_ACTIONS),
    (str(QT_TRANSLATE_NOOP("AuditLogDialog", "打印与导出")), PRINT_ACTIONS),
    (str(QT_TRANSLATE_NOOP("AuditLogDialog", "交接包")), PACKAGE_ACTIONS),
    (str(QT_TRANSLATE_NOOP("AuditLogDialog", "密钥与保密库")), VAULT_ACTIONS),
)


@dataclass(frozen=True)
class AuditRow:
    """One journal entry as text ready to show."""

    seq: int
    at: str
    actor: str
    device: str
    action: str
    action_text: str
    record_id: str
    kind: str
    target: str
    summary: str
    detail: str
    #: The device's owner ("" when unknown: the table shows the id's start).
    device_name: str = ""

    @property
    def device_text(self) -> str:
        return self.device_name or self.device[:DEVICE_CHARS]

    @property
    def haystack(self) -> str:
        """What the text filter looks in (case-folded)."""
        return "\n".join((self.at, self.actor, self.device, self.device_name, self.action, self.action_text,
                          self.target, self.summary, self.detail)).casefold()


# --- summaries ----------------------------------------------------------------------------------


def _parts(*parts: str) -> str:
    return QCoreApplication.translate("AuditLog", "；").join(p for p in parts if p)


def _short(value: Any, chars: int = 12) -> str:
    text = str(value or "")
    return text if len(text) <= chars else text[:chars] + "…"


def fields_summary(kind: str | None, fields: dict[str, Any], *, created: bool = False) -> str:
    """The labels of a record change's fields, in the form's order: "谈话编号、谈话对象 等 9 项"."""
    spec = KINDS.get(kind or "")
    order = {name: n for n, name in enumerate(spec.field_names)} if spec is not None else {}
    labels = []
    for name in sorted(fields, key=lambda f: order.get(f, len(order))):
        if name == DELETED_FIELD:
            pair = fields[name]
            if created and isinstance(pair, list) and not pair[-1]:
                continue  # every new record says "not deleted" (as in the record's history)
            labels.append(QCoreApplication.translate("HistoryDialog", DELETED_LABEL))
            continue
        fs = _field_spec(kind, name)
        labels.append(field_label(fs) if fs is not None else name)
    text = list_separator().join(labels[:FIELDS_SHOWN])
    if len(labels) > FIELDS_SHOWN:
        text = QCoreApplication.translate("AuditLog", "{0} 等 {1} 项").format(text, len(labels))
    return text


def _counts(counts: Any) -> str:
    if not isinstance(counts, dict):
        return ""
    text = QCoreApplication.translate("AuditLog", "记录 {0}、写入 {1}、附件 {2}")
    return text.format(counts.get("records", 0), counts.get("writes", 0), counts.get("blobs", 0))


def _if(value: Any, text: str) -> str:
    """``text`` with ``value`` in it, or nothing when there is no value."""
    return text.format(value) if value else ""


def _print_summary(d: dict[str, Any]) -> str:
    copies = d.get("copies")
    return _parts(
        str(d.get("file") or d.get("printer") or ""),
        str(d.get("subject") or d.get("unit") or ""),
        _if(d.get("copy"), QCoreApplication.translate("AuditLog", "份号 {0}")),
        _if(d.get("secrecy"), QCoreApplication.translate("AuditLog", "密级 {0}")),
        _if(d.get("pages"), QCoreApplication.translate("AuditLog", "{0} 页")),
        _if(copies if isinstance(copies, int) and copies > 1 else None,
            QCoreApplication.translate("AuditLog", "{0} 份")),
    )


def _package_summary(d: dict[str, Any]) -> str:
    package = _parts(kind_text(str(d.get("kind", ""))),
                     QCoreApplication.translate("AuditLog", "第 {0} 号").format(d.get("seq", "")))
    if "recipients" in d:  # an export
        recipients = list_separator().join(_short(r, 16) for r in d.get("recipients") or [])
        return _parts(package, _counts(d.get("counts")),
                      _if(recipients, QCoreApplication.translate("AuditLog", "接收方 {0}")))
    arrived = QCoreApplication.translate("AuditLog", "新写入 {0}、新记录 {1}、冲突 {2}")
    return _parts(package, _if(d.get("owner"), QCoreApplication.translate("AuditLog", "来自 {0}")),
                  arrived.format(d.get("new_writes", 0), d.get("added", 0), d.get("conflicts", 0)))


def detail_summary(entry: Entry) -> str:
    """A short readable line for an entry's detail (the detail pane has all of it)."""
    d, action = entry.detail, entry.action
    if action in RECORD_ACTIONS and action != "intake-xlsx":
        return fields_summary(entry.kind, entry.changes, created=action == "create")
    if action.startswith("print-"):
        return _print_summary(d)
    if action == "export-ledger":
        overdue = QCoreApplication.translate("AuditLog", "超期 {0} 项")
        return _parts(str(d.get("file", "")), _if(d.get("overdue"), overdue))
    if action in PACKAGE_ACTIONS:
        return _package_summary(d)
    if action == "intake-xlsx":
        rows = QCoreApplication.translate("AuditLog", "新增 {0}、更新 {1}、相同 {2}、未导入 {3}")
        return _parts(str(d.get("file", "")), str(d.get("unit", "")),
                      rows.format(d.get("new", 0), d.get("updated", 0), d.get("same", 0), d.get("rejected", 0)))
    if action == "trust-key":
        return _parts(str(d.get("owner", "")), role_text(str(d.get("role", ""))),
                      _if(_short(d.get("fingerprint"), 16), QCoreApplication.translate("AuditLog", "指纹 {0}")))
    if action == "backup":
        return _if(d.get("to"), QCoreApplication.translate("AuditLog", "备份到 {0}"))
    if action == "create-vault":
        return role_text(str(d.get("role", "")))
    if action == "keep-damaged-wal":
        return _parts(str(d.get("file", "")), _if(d.get("lost_commits"),
                                                  QCoreApplication.translate("AuditLog", "未恢复的修改 {0} 次")))
    if action == "upgrade-data":  # docs/vault.md, "Schema versions"
        return QCoreApplication.translate("AuditLog", "升级到第 {0} 版，调整记录 {1} 条").format(
            d.get("to", ""), d.get("moved", 0))
    return ""


#: Detail keys in the interface language (the detail pane); others are shown as they are stored.
DETAIL_KEYS = {
    "file": str(QT_TRANSLATE_NOOP("AuditLog", "文件")),
    "printer": str(QT_TRANSLATE_NOOP("AuditLog", "打印机")),
    "subject": str(QT_TRANSLATE_NOOP("AuditLog", "对象")),
    "unit": str(QT_TRANSLATE_NOOP("AuditLog", "单位")),
    "copy": str(QT_TRANSLATE_NOOP("AuditLog", "份号")),
    "secrecy": str(QT_TRANSLATE_NOOP("AuditLog", "密级")),
    "watermark": str(QT_TRANSLATE_NOOP("AuditLog", "水印")),
    "pages": str(QT_TRANSLATE_NOOP("AuditLog", "页数")),
    "copies": str(QT_TRANSLATE_NOOP("AuditLog", "份数")),
    "kind": str(QT_TRANSLATE_NOOP("AuditLog", "类别")),
    "seq": str(QT_TRANSLATE_NOOP("AuditLog", "序号")),
    "recipients": str(QT_TRANSLATE_NOOP("AuditLog", "接收方")),
    "counts": str(QT_TRANSLATE_NOOP("AuditLog", "内容")),
    "owner": str(QT_TRANSLATE_NOOP("AuditLog", "所有人")),
    "new_writes": str(QT_TRANSLATE_NOOP("AuditLog", "新写入")),
    "added": str(QT_TRANSLATE_NOOP("AuditLog", "新记录")),
    "changed": str(QT_TRANSLATE_NOOP("AuditLog", "修改")),
    "conflicts": str(QT_TRANSLATE_NOOP("AuditLog", "冲突")),
    "role": str(QT_TRANSLATE_NOOP("AuditLog", "角色")),
    "fingerprint": str(QT_TRANSLATE_NOOP("AuditLog", "指纹")),
    "to": str(QT_TRANSLATE_NOOP("AuditLog", "备份到")),
    "lost_commits": str(QT_TRANSLATE_NOOP("AuditLog", "未恢复的修改")),
    "new": str(QT_TRANSLATE_NOOP("AuditLog", "新增")),
    "updated": str(QT_TRANSLATE_NOOP("AuditLog", "更新")),
    "same": str(QT_TRANSLATE_NOOP("AuditLog", "相同")),
    "rejected": str(QT_TRANSLATE_NOOP("AuditLog", "未导入")),
    "overdue": str(QT_TRANSLATE_NOOP("AuditLog", "超期")),
    "source": str(QT_TRANSLATE_NOOP("AuditLog", "来源")),
    "reason": str(QT_TRANSLATE_NOOP("AuditLog", "原因")),
}
#: A value longer than this is cut in the detail pane (the record's history has all of it).
VALUE_CHARS = 120


def value_text(value: Any) -> str:
    """A stored value as a person reads it: （空） for nothing, 是/否, lists joined, long text cut."""
    if value is None or value == "" or value == [] or value == {}:
        return QCoreApplication.translate("AuditLog", "（空）")
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        return list_separator().join(value_text(v) for v in value)
    if isinstance(value, dict):
        return list_separator().join(f"{k}：{value_text(v)}" for k, v in value.items())
    text = " ".join(str(value).split())
    return text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS] + "…"


def detail_text(entry: Entry) -> str:
    """The whole detail as lines a person reads: each changed field with its old and new value, or each
    item of a print, a package or a key by its name (the interface language), never raw JSON."""
    lines = []
    changes = entry.changes
    for name, pair in changes.items():
        fs = _field_spec(entry.kind, name)
        label = (QCoreApplication.translate("HistoryDialog", DELETED_LABEL) if name == DELETED_FIELD
                 else field_label(fs) if fs is not None else name)
        if isinstance(pair, list) and len(pair) == 2:
            lines.append(QCoreApplication.translate("AuditLog", "{0}：{1} → {2}").format(
                label, value_text(pair[0]), value_text(pair[1])))
        else:
            lines.append(QCoreApplication.translate("AuditLog", "{0}：{1}").format(label, value_text(pair)))
    for key, value in entry.detail.items():
        if key == "fields" and changes:
            continue
        if key == "kind" and entry.action in PACKAGE_ACTIONS:
            value = kind_text(str(value))
        elif key == "role":
            value = role_text(str(value))
        elif key == "counts" and isinstance(value, Mapping):
            value = _counts(value)
        name = QCoreApplication.translate("AuditLog", DETAIL_KEYS[key]) if key in DETAIL_KEYS else key
        lines.append(QCoreApplication.translate("AuditLog", "{0}：{1}").format(name, value_text(value)))
    return "\n".join(lines)


# --- rows ---------------------------------------------------------------------------------------


def target_text(target: Target | None) -> str:
    """"kind: label", and "(已删除)" after a deleted record's."""
    if target is None or target.kind not in KINDS:
        return ""
    text = QCoreApplication.translate("AuditLog", "{0}：{1}").format(kind_label(KINDS[target.kind]), target.label)
    if target.deleted:
        text = QCoreApplication.translate("AuditLog", "{0}（已删除）").format(text)
    return text


def audit_rows(entries: list[AuditEntry], devices: Mapping[str, str] | None = None) -> list[AuditRow]:
    """Journal entries (newest first, from app/services/audit.py) as rows to show; runs on the worker.
    ``devices``: device id -> owner's name."""
    rows = []
    names = devices or {}
    for item in entries:
        entry, target = item.entry, item.target
        rows.append(AuditRow(entry.seq, when_text(entry.at), entry.actor, entry.device, entry.action,
                             action_label(entry.action), entry.record_id or "", target.kind if target else "",
                             target_text(target), detail_summary(entry), detail_text(entry),
                             names.get(entry.device, "")))
    return rows


# --- the model ----------------------------------------------------------------------------------


class AuditLogModel(RowsModel[AuditRow]):
    """Audit rows: 时间, 操作人, 设备, 操作, 对象, 详情."""

    def columns(self) -> tuple[str, ...]:
        return tuple(self.tr(c) for c in COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.at, row.actor, row.device_text, row.action_text, elide(row.target),
                    elide(row.summary, 80))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = {COL_DEVICE: row.device, COL_TARGET: row.target, COL_SUMMARY: row.summary}.get(column)
            return plain_tip(tip) if tip else None
        return None



class AuditFilterProxy(QSortFilterProxyModel):
    """Keeps the rows of one action group whose text holds the filter text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._actions: frozenset[str] | None = None

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_actions(self, actions: frozenset[str] | None) -> None:
        self.beginFilterChange()
        self._actions = actions
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt override
        model = self.sourceModel()
        if not isinstance(model, AuditLogModel) or source_parent.isValid():
            return True
        row = model.row(source_row)
        if self._actions is not None and row.action not in self._actions:
            return False
        return not self._needle or self._needle in row.haystack


# --- the dialog ---------------------------------------------------------------------------------


class AuditLogDialog(QDialog):
    """The vault's whole audit trail, loaded through the executor.

    Signals:
        open_record_requested(str, str): kind and id of the record a row concerns (double-click).
    """

    open_record_requested = Signal(str, str)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.limit = PAGE
        self.more = False
        self._generation = 0  # results of loads started before a lock are dropped
        self.setWindowTitle(self.tr("操作日志"))
        self.setModal(False)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("筛选：操作人、对象、详情…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.group_combo = QComboBox(self)
        for label, _actions in GROUPS:
            self.group_combo.addItem(self.tr(label))
        self.verify_button = QPushButton(self.tr("校验审计链"), self)
        self.verify_button.clicked.connect(self.verify_chain)
        self.reload_button = QPushButton(self.tr("刷新"), self)
        self.reload_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(PlainLabel(self.tr("类型："), self))
        top.addWidget(self.group_combo)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.reload_button)
        top.addWidget(self.verify_button)

        self.model = AuditLogModel(self)
        self.proxy = AuditFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = read_only_table(self.proxy, self, (150, 80, 80, 150, 230))
        self.view.doubleClicked.connect(self._open_index)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)

        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("选中一条，这里显示它的完整内容"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)

        self.status = PlainLabel(self)
        self.more_button = QPushButton(self.tr("加载更多"), self)
        self.more_button.setVisible(False)
        self.more_button.clicked.connect(self.load_more)
        self.chain_label = PlainLabel(self)
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.more_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:  # Chinese even when Qt's own translations are not loaded
            close.setText(self.tr("关闭"))
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.chain_label)
        layout.addWidget(buttons)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self._refilter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.group_combo.currentIndexChanged.connect(self._regroup)
        self.resize(1080, 640)

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> Op[tuple[list[AuditRow], bool]]:
        limit, generation = self.limit, self._generation
        self.status.setText(self.tr("正在加载…"))
        self.reload_button.setEnabled(False)
        self.more_button.setEnabled(False)

        def work(task: Task) -> tuple[list[AuditRow], bool]:
            page = audit.load_entries(task.vault, limit)
            return audit_rows(page.entries, page.devices), page.more

        def done(result: tuple[list[AuditRow], bool]) -> None:
            if generation == self._generation:
                self._loaded(*result)

        def finished() -> None:
            self.reload_button.setEnabled(True)
            self.more_button.setEnabled(True)

        return Op(self, work, executor=self.executor).on_success(done).on_finished(finished).start()

    def load_more(self) -> Op[tuple[list[AuditRow], bool]]:
        self.limit += PAGE
        return self.reload()

    def _loaded(self, rows: list[AuditRow], more: bool) -> None:
        selected = self.current_row()
        self.model.set_rows(rows)
        self.more = more
        self.more_button.setVisible(more)
        self._update_status()
        if selected is not None:
            self.select_seq(selected.seq)

    def _update_status(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if not total:
            self.status.setText(self.tr("没有操作记录"))
            return
        if shown == total:
            text = self.tr("共 {0} 条").format(total)
        else:
            text = self.tr("显示 {0} / {1} 条").format(shown, total)
        if self.more:
            text = self.tr("{0}（只加载了最新的 {1} 条，更早的可点“加载更多”）").format(text, total)
        self.status.setText(text)

    # --- filtering and the detail -------------------------------------------------------------

    def _refilter(self) -> None:
        self.proxy.set_text(self.filter_edit.text())
        self._update_status()

    def _regroup(self, index: int) -> None:
        self.proxy.set_actions(GROUPS[index][1] if 0 <= index < len(GROUPS) else None)
        self._update_status()

    def set_group(self, label: str) -> None:
        """Choose the type filter by its (source) label."""
        self.group_combo.setCurrentIndex([g[0] for g in GROUPS].index(label))

    def current_row(self) -> AuditRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def select_seq(self, seq: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.model.row(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).seq == seq:
                self.view.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return False

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        row = self.model.row(self.proxy.mapToSource(current).row())
        self.detail.setPlainText(self.tr("第 {0} 条 · {1} · {2}（设备 {3}）\n{4}\n\n{5}").format(
            row.seq, row.at, row.actor, f"{row.device_name} {row.device}".strip(),
            row.action_text + (f"  {row.target}" if row.target else ""),
            row.detail))

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row(self.proxy.mapToSource(index).row())
        if row.record_id and row.kind:
            self.open_record_requested.emit(row.kind, row.record_id)

    # --- the chain ----------------------------------------------------------------------------

    def verify_chain(self) -> Op[ChainReport]:
        generation = self._generation
        self.verify_button.setEnabled(False)
        self.chain_label.setStyleSheet("")
        self.chain_label.setToolTip("")
        self.chain_label.setText(self.tr("正在校验审计链…"))

        def done(report: ChainReport) -> None:
            if generation == self._generation:
                self._show_chain(report)

        return (Op(self, lambda task: audit.check_chain(task.vault), executor=self.executor).on_success(done)
                .on_finished(lambda: self.verify_button.setEnabled(True)).start())

    def _show_chain(self, report: ChainReport) -> None:
        if not report.problems:
            self.chain_label.setStyleSheet("color: #2e6b45;")
            self.chain_label.setText(self.tr("审计链完整（共 {0} 条）").format(report.entries))
            return
        self.chain_label.setStyleSheet("color: #a93226;")
        shown = "\n".join(report.problems[:PROBLEMS_SHOWN])
        text = self.tr("审计链有 {0} 处问题：\n{1}").format(len(report.problems), shown)
        if len(report.problems) > PROBLEMS_SHOWN:
            text += "\n" + self.tr("……（其余见提示）")
        self.chain_label.setText(text)
        self.chain_label.setToolTip(plain_tip("\n".join(report.problems)))

    # --- locking -----------------------------------------------------------------------------

    def discard(self) -> None:
        """Forget every row and result (the vault is locking) and close."""
        self._generation += 1
        self._filter_timer.stop()
        self.model.clear()
        self.detail.clear()
        self.filter_edit.clear()
        self.proxy.set_text("")
        self.status.clear()
        self.chain_label.clear()
        self.chain_label.setToolTip("")
        self.limit, self.more = PAGE, False
        self.more_button.setVisible(False)
        self.close()
