"""A record's attachments in its editor: the list, adding (dialog or drag and drop), viewing, copying out.

Content only ever moves through the executor, by app/services/editing.py: files are streamed into
the vault in chunks with progress and cancel (app/domain/jobs.py); viewing reads the blob into
memory (images through ``QImage.fromData``, PDFs rendered page by page by PDFium from bytes, as
the documents' preview is), so nothing is written decrypted to disk. "另存副本" is the one way out, after a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import Attachment, Record
from app.services.editing import attach_files, read_attachment, save_attachment_copy
from app.ui.documents.pdf_view import PageSize, PdfPreview, page_sizes
from app.ui.documents.render_thread import RenderThread
from app.ui.tasks import DbExecutor, Op, Task
from app.ui.widgets import files
from app.ui.widgets.plain import PlainLabel, warning

Index = QModelIndex | QPersistentModelIndex

COPY_WARNING = str(QT_TRANSLATE_NOOP("AttachmentsPanel", "另存的副本是未加密的普通文件，离开了保密库的保护。\n"
                                     "只应保存到登记的涉密存储介质，用后按规定清退或销毁。\n\n仍要另存副本吗？"))


def human_size(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(size)


class AttachmentsModel(QAbstractTableModel):
    """The attachments of one record."""

    HEADERS = (str(QT_TRANSLATE_NOOP("AttachmentsModel", "文件名")),
               str(QT_TRANSLATE_NOOP("AttachmentsModel", "类型")),
               str(QT_TRANSLATE_NOOP("AttachmentsModel", "大小")),
               str(QT_TRANSLATE_NOOP("AttachmentsModel", "添加时间")),
               str(QT_TRANSLATE_NOOP("AttachmentsModel", "说明")))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Attachment] = []

    def set_attachments(self, rows: list[Record]) -> None:
        self.beginResetModel()
        self._rows = [r for r in rows if isinstance(r, Attachment)]
        self.endResetModel()

    def add(self, attachment: Attachment) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(attachment)
        self.endInsertRows()

    def clear(self) -> None:
        self.set_attachments([])

    def attachment(self, row: int) -> Attachment:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or role != Qt.ItemDataRole.DisplayRole:
            return None
        a = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return a.filename
        if column == 1:
            return a.mime
        if column == 2:
            return human_size(a.size)
        if column == 3:
            return a.added_at.strftime("%Y-%m-%d %H:%M") if a.added_at else ""
        if column == 4:
            return a.note
        return None


def is_pdf(attachment: Attachment) -> bool:
    return attachment.mime == "application/pdf" or attachment.filename.lower().endswith(".pdf")


class AttachmentViewer(QDialog):
    """An image or a PDF shown from bytes in memory."""

    def __init__(self, attachment: Attachment, data: bytes, parent: QWidget | None = None, *,
                 executor: DbExecutor | None = None, pdf_pages: Sequence[PageSize] = ()) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("查看附件 — {0}").format(attachment.filename))
        layout = QVBoxLayout(self)
        self.image_label: QLabel | None = None
        self.pdf: PdfPreview | None = None
        mime = attachment.mime or ""
        if mime.startswith("image/") or attachment.filename.lower().endswith((".png", ".jpg", ".jpeg", ".bmp", ".gif")):
            image = QImage.fromData(data)
            if image.isNull():
                raise ValueError(self.tr("无法识别的图片"))
            self.image_label = PlainLabel(self)
            self.image_label.setPixmap(QPixmap.fromImage(image))
            scroll = QScrollArea(self)
            scroll.setWidget(self.image_label)
            layout.addWidget(scroll)
            self.resize(min(image.width() + 40, 1100), min(image.height() + 60, 800))
        elif is_pdf(attachment) and executor is not None and pdf_pages:
            self.pdf = PdfPreview(RenderThread(self, synchronous=executor.synchronous), self)
            self.pdf.view.set_document(data, pdf_pages)
            layout.addWidget(self.pdf)
            self.resize(820, 900)
        else:
            raise ValueError(self.tr("只能在程序内查看图片和 PDF；其他文件请另存副本后查看"))

    def clear(self) -> None:
        if self.image_label is not None:
            self.image_label.clear()
        if self.pdf is not None:
            self.pdf.view.clear()


class AttachmentsPanel(QGroupBox):
    """The attachments box of an editor; files can be dropped on it.

    Signals:
        changed(): an attachment was added.
    """

    changed = Signal()

    def __init__(self, executor: DbExecutor, owner_id: str, attachments: list[Record],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("附件（可拖入文件）"))
        self.executor = executor
        self.owner_id = owner_id
        self.setAcceptDrops(True)
        #: Asked before writing a decrypted copy; returns the destination or "" (tests replace it).
        self.ask_copy_destination: Callable[[Attachment], str] = self._ask_copy_destination
        #: Asked for files to add (tests replace it).
        self.ask_files: Callable[[], list[str]] = self._ask_files
        self.viewers: list[AttachmentViewer] = []
        self.model = AttachmentsModel(self)
        self.model.set_attachments(attachments)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # type, size, time: short
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name and the note share the rest
        header.setSectionResizeMode(self.model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.view.setMaximumHeight(120)
        self.view.activated.connect(lambda index: self.view_attachment(index.row()))
        self.add_button = QPushButton(self.tr("添加…"), self)
        self.add_button.clicked.connect(lambda: self.add_files(self.ask_files()))
        self.view_button = QPushButton(self.tr("查看"), self)
        self.view_button.clicked.connect(lambda: self.view_attachment(self._current_row()))
        self.copy_button = QPushButton(self.tr("另存副本…"), self)
        self.copy_button.clicked.connect(lambda: self.save_copy(self._current_row()))
        self.status = PlainLabel(self)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.view_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        inner = QVBoxLayout()
        inner.addWidget(self.view)
        inner.addWidget(self.status)
        layout.addLayout(inner, 1)
        layout.addLayout(buttons)

    def _current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    # --- adding ------------------------------------------------------------------------------

    def _ask_files(self) -> list[str]:
        return files.open_files(self, files.ATTACHMENTS, self.tr("添加附件"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> Op[Any] | None:
        files = [Path(p) for p in paths if Path(p).is_file()]
        if not files:
            return None
        owner = self.owner_id
        ends: list[tuple[int, str]] = []  # where each file's bytes end in the running count
        for path in files:
            ends.append(((ends[-1][0] if ends else 0) + path.stat().st_size, path.name))

        def progress(task: Task, done: int, total: int) -> None:
            task.check_cancelled()
            name = next((n for end, n in ends if done < end), ends[-1][1])
            task.report(done, max(total, 1), name)

        def work(task: Task) -> list[Attachment]:
            return attach_files(task.vault, owner, files, progress=lambda d, t: progress(task, d, t))

        def finished(added: list[Attachment]) -> None:
            for a in added:
                self.model.add(a)
            self.status.setText(self.tr("已添加 {0} 个附件").format(len(added)))
            self.changed.emit()

        self.status.setText(self.tr("正在添加…"))
        return (Op(self, work, executor=self.executor)
                .on_progress(lambda d, t, name: self.status.setText(
                    self.tr("正在添加 {0}：{1}%").format(name, d * 100 // max(t, 1))))
                .on_success(finished).start())

    # --- viewing and copying out -------------------------------------------------------------

    def view_attachment(self, row: int) -> Op[Any] | None:
        if not 0 <= row < self.model.rowCount():
            return None
        attachment = self.model.attachment(row)

        pdf = is_pdf(attachment)

        def read(task: Task) -> tuple[bytes, list[PageSize]]:
            data = read_attachment(task.vault, attachment)
            try:  # a PDF is measured here, on the worker, so a damaged one is refused before a window opens
                return data, page_sizes(data) if pdf else []
            except Exception:  # noqa: BLE001 - PDFium's errors are all "cannot read this PDF"
                return data, []

        def show(result: tuple[bytes, list[PageSize]]) -> None:
            data, pages = result
            if pdf and not pages:
                self.status.setText(self.tr("无法读取该 PDF：文件损坏或已加密"))
                return
            try:
                viewer = AttachmentViewer(attachment, data, self.window(), executor=self.executor, pdf_pages=pages)
            except Exception as exc:  # noqa: BLE001 - an unreadable file is the user's to know about
                self.status.setText(str(exc) or self.tr("无法查看该附件"))
                return
            viewer.setWindowFlag(Qt.WindowType.Window, True)
            self.viewers.append(viewer)
            viewer.destroyed.connect(lambda _o=None, v=viewer: self.viewers.remove(v) if v in self.viewers else None)
            viewer.show()

        return Op(self, read, executor=self.executor).on_success(show).start()

    def _ask_copy_destination(self, attachment: Attachment) -> str:
        answer = warning(self, self.tr("另存未加密副本"), self.tr(COPY_WARNING),
                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                         QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return ""
        return files.save_file(self, files.ATTACHMENTS, self.tr("另存副本"), attachment.filename)

    def save_copy(self, row: int) -> Op[Any] | None:
        if not 0 <= row < self.model.rowCount():
            return None
        attachment = self.model.attachment(row)
        dest = self.ask_copy_destination(attachment)
        if not dest:
            return None
        return (Op(self, lambda task: save_attachment_copy(
                    task.vault, attachment, Path(dest), progress=lambda d, t: task.report(d, max(t, 1))),
                   executor=self.executor)
                .on_progress(lambda d, t, _x: self.status.setText(
                    self.tr("正在另存：{0}%").format(d * 100 // max(t, 1))))
                .on_success(lambda _r: self.status.setText(self.tr("已另存未加密副本：{0}").format(Path(dest).name)))
                .start())

    def clear(self) -> None:
        """Drop the list and close viewers (locking)."""
        for viewer in list(self.viewers):
            viewer.clear()
            viewer.close()
        self.viewers.clear()
        self.model.clear()
        self.status.clear()
