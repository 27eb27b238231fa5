"""The editor's 关联记录 box: the record's links both ways, linking, unlinking and "新建并关联".

Each link reads from this record's side (an interview's 引出线索 is the lead, the lead's 线索来源
the interview: app/domain/links.py). 添加关联… opens :class:`LinkPicker`, which lists the records
this one may be linked to (those of its chain first) and narrows them as the person types,
by the search index and by label (app/services/links.py); the relation offered depends on the
two kinds. 解除关联 removes a link after asking (a journalled tombstone that travels in
packages). 新建并关联 asks the editor for a new, prefilled record (app/ui/records/editor.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.links import LINKABLE_KINDS, Choice, new_and_link, relation_seen_from
from app.domain.records import KINDS
from app.services import links
from app.services.links import Candidate, LinkView
from app.ui.i18n import error_text, kind_label, list_separator
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.plain import PlainLabel, message_box, plain_tip

#: The picker asks again this long after the last key (ms), not on every key.
PICK_DELAY_MS = 250


def link_text(view: LinkView) -> str:
    """"线索来源 · 谈话记录：T-001": the relation as read from this record, then the other record."""
    return QCoreApplication.translate("LinksBox", "{0} · {1}：{2}").format(
        view.wording, kind_label(KINDS[view.other_kind]), view.other_label)


class LinksBox(QGroupBox):
    """The records linked to the edited one, and the buttons that change its links.

    Signals:
        open_requested(str): the id of the record to open.
        new_linked_requested(str): the kind of the new record to make from this one and link.
        changed(str): a link was made or removed; the id of the record at its other end.
    """

    open_requested = Signal(str)
    new_linked_requested = Signal(str)
    changed = Signal(str)

    def __init__(self, executor: DbExecutor, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("LinksBox", "关联记录"), parent)
        self.executor, self.kind, self.record_id = executor, kind, ""
        self.views: list[LinkView] = []
        self.picker: LinkPicker | None = None
        #: Asked before a link is removed; tests replace it.
        self.confirm_unlink: Callable[[LinkView], bool] = self._ask_unlink
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)  # a long title wraps instead of hiding behind a scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self.open_link)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.clicked.connect(lambda: self.open_link(self.list.currentItem()))
        self.add_button = QPushButton(self.tr("添加关联…"), self)
        self.add_button.setToolTip(self.tr("查找一条记录，选择关联类型，与本记录关联"))
        self.add_button.clicked.connect(self.add_link)
        self.new_button = QPushButton(self.tr("新建并关联"), self)
        self.new_menu = QMenu(self.new_button)
        for new_kind, relation in new_and_link(kind):
            seen = relation_seen_from(relation, new_kind != "handover")
            action = self.new_menu.addAction(self.tr("新建{0}（{1}）").format(kind_label(KINDS[new_kind]), seen))
            action.setData(new_kind)
            action.triggered.connect(lambda _c=False, k=new_kind: self.new_linked_requested.emit(k))
        self.new_button.setMenu(self.new_menu)
        self.new_button.setVisible(bool(self.new_menu.actions()))
        self.add_button.setVisible(kind in LINKABLE_KINDS)  # a roster entry, a vocabulary entry: not of the work
        self.unlink_button = QPushButton(self.tr("解除关联"), self)
        self.unlink_button.clicked.connect(self.unlink)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        for button in self.buttons():
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self._enable()

    def buttons(self) -> list[QWidget]:
        """The box's buttons, left to right (the editor's Tab order)."""
        shown: list[QWidget] = [self.open_button]
        if self.kind in LINKABLE_KINDS:
            shown.append(self.add_button)
        if self.new_menu.actions():
            shown.append(self.new_button)
        return [*shown, self.unlink_button]

    def set_record(self, record_id: str) -> None:
        self.record_id = record_id
        self._enable()

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.open_button.setEnabled(chosen)
        self.unlink_button.setEnabled(chosen)
        for button in (self.add_button, self.new_button):
            button.setEnabled(bool(self.record_id))

    def show_links(self, views: list[LinkView]) -> None:
        self.views = list(views)
        self.list.clear()
        for view in self.views:
            item = QListWidgetItem(link_text(view), self.list)
            item.setData(Qt.ItemDataRole.UserRole, view.other_id)
            item.setToolTip(plain_tip(item.text()))
        self._enable()

    def current(self) -> LinkView | None:
        row = self.list.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def open_link(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def reload(self) -> Op[list[LinkView]] | None:
        """Read this record's links again (another editor linked or unlinked it)."""
        if not self.record_id:
            return None
        record_id = self.record_id
        return (Op(self, lambda task: links.links_of(task.vault, record_id), executor=self.executor)
                .on_success(lambda views: self.show_links(views) if self.record_id == record_id else None)
                .start())

    # --- linking and unlinking ----------------------------------------------------------------

    def add_link(self) -> LinkPicker | None:
        """Open the picker; what the person chooses in it is linked when they confirm."""
        if not self.record_id:
            return None
        self.picker = LinkPicker(self.executor, self.record_id, self.window())
        self.picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker.accepted.connect(self._picked)
        self.picker.open()
        return self.picker

    def _picked(self) -> None:
        picker = self.picker
        chosen = picker.chosen() if picker is not None else None
        if chosen is None:
            return
        candidate, choice = chosen
        record_id = self.record_id
        relation, outgoing = choice.relation, choice.outgoing
        (Op(self, lambda task: links.link_records(task.vault, record_id, candidate.id, relation, outgoing),
            executor=self.executor)
         .on_success(lambda _link: self._after_change(candidate.id))
         .on_error(self._failed)
         .start())

    def unlink(self) -> Op[None] | None:
        view = self.current()
        if view is None or not self.confirm_unlink(view):
            return None
        return (Op(self, lambda task: links.unlink(task.vault, view.link_id), executor=self.executor)
                .on_success(lambda _none: self._after_change(view.other_id))
                .on_error(self._failed)
                .start())

    def _after_change(self, other_id: str) -> None:
        self.reload()
        self.changed.emit(other_id)

    def _failed(self, error: BaseException) -> None:
        box = message_box(QMessageBox.Icon.Warning, self.tr("关联记录"), error_text(error), self)
        box.open()

    def _ask_unlink(self, view: LinkView) -> bool:
        box = message_box(QMessageBox.Icon.Question, self.tr("解除关联"),
                          self.tr("解除与“{0}”的关联（{1}）吗？两条记录本身都保留，解除会记入操作日志。")
                          .format(view.other_label, view.wording), self)
        yes = box.addButton(self.tr("解除关联"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is yes


class LinkPicker(QDialog):
    """Find a record to link to and choose the relation.

    Typing narrows the list (asked on the worker :data:`PICK_DELAY_MS` after the last key; an
    answer to an older question is dropped)."""

    def __init__(self, executor: DbExecutor, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor, self.record_id = executor, record_id
        self.candidates: list[Candidate] = []
        self._asked = 0
        self.setWindowTitle(self.tr("添加关联"))
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("输入编号、姓名、标题或内容查找"))
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PICK_DELAY_MS)
        self.timer.timeout.connect(self.query)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._chose)
        self.list.itemActivated.connect(lambda _item: self.accept() if self.chosen() is not None else None)
        self.count = PlainLabel(self)
        self.relation = QComboBox(self)
        self.relation.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        form = QFormLayout()
        form.addRow(self.tr("关联类型"), self.relation)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("关联"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 520)
        self._chose(-1)
        self.query()

    def query(self) -> Op[list[Candidate]]:
        self.timer.stop()
        self._asked += 1
        asked, text, record_id = self._asked, self.search.text(), self.record_id
        return (Op(self, lambda task: links.linkable_records(task.vault, record_id, text), executor=self.executor)
                .on_success(lambda found: self.show_candidates(found) if asked == self._asked else None)
                .start())

    def show_candidates(self, found: list[Candidate]) -> None:
        self.candidates = list(found)
        self.list.clear()
        for c in self.candidates:
            text = self.tr("{0}：{1}").format(kind_label(KINDS[c.kind]), c.label)
            if c.unit:
                text += self.tr("（{0}）").format(c.unit)
            if c.linked:
                text += self.tr("　已关联：{0}").format(list_separator().join(c.linked))
            item = QListWidgetItem(text, self.list)
            item.setToolTip(plain_tip(text))
        self.count.setText(self.tr("共 {0} 条，输入文字可缩小范围").format(len(self.candidates)) if self.candidates
                           else self.tr("没有可关联的记录"))
        if self.candidates:
            self.list.setCurrentRow(0)
        else:
            self._chose(-1)

    def _chose(self, row: int) -> None:
        self.relation.clear()
        if 0 <= row < len(self.candidates):
            for i, choice in enumerate(self.candidates[row].choices):
                self.relation.addItem(relation_seen_from(choice.relation, choice.outgoing), i)
        self.relation.setEnabled(self.relation.count() > 0)
        self.ok_button.setEnabled(self.relation.count() > 0)

    def set_relation(self, wording: str) -> None:
        """Choose the relation by how it reads from this record (tests, and a keyboard shortcut's worth)."""
        i = self.relation.findText(wording)
        if i < 0:
            raise KeyError(wording)
        self.relation.setCurrentIndex(i)

    def chosen(self) -> tuple[Candidate, Choice] | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.candidates) or self.relation.currentIndex() < 0:
            return None
        candidate = self.candidates[row]
        return candidate, candidate.choices[int(self.relation.currentData())]
