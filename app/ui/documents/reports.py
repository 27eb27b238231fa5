"""The documents page (文书与台账): make a document, preview it, print it, save a copy (docs/documents.md).

A document is made into memory (``bytes``) by :mod:`app.services.documents` on the vault's worker and
shown by :class:`~app.ui.documents.pdf_view.PdfPreview`; nothing decrypted touches disk until the user
saves a copy, after the same warning the attachments give. Printing goes through the system's print
dialog (:class:`~app.ui.documents.output.PrintAndSave`). Every print, saved copy and export is recorded
in the vault's audit journal with the document's 份号, 密级 and watermark.

The documents the page offers are :data:`app.services.documents.DOCUMENTS`; their labels and the
chooser's model are in :mod:`app.ui.documents.kinds`. The choices follow the vault: a unit, an interview
or a paper saved or imported anywhere is offered at once (:meth:`ReportsPage.records_changed`, called on the
executor's one change signal), without dropping what was chosen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QRegularExpressionValidator
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.jobs import Cancelled
from app.export.pdf.base import DocOptions, cn_date
from app.services import documents
from app.services.documents import DOCUMENTS, DocumentKind, Subject, SubjectMissing, Subjects
from app.storage.errors import VaultError, VaultLocked
from app.ui import i18n
from app.ui.documents.kinds import (
    COPY_MARK,
    SECRECY_CHOICES,
    Generated,
    InvalidOptions,
    SubjectModel,
    document_label,
    subject_title,
)
from app.ui.documents.output import PrintAndSave, WriteFailed
from app.ui.documents.pdf_print import PdfPrintJob
from app.ui.documents.pdf_view import PageSize, PdfPreview, page_sizes
from app.ui.documents.render_thread import RenderThread
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets.plain import PlainLabel

# --- the page --------------------------------------------------------------------------------


class ReportsPage(PrintAndSave, QWidget):
    """Choose a document and its options, generate it into memory, preview, print, save a copy.

    Signals:
        generated(): a document is in memory and shown.
        printed(int): a print job ended, with the pages it sent.
    """

    generated = Signal()
    printed = Signal(int)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None, *,
                 render_thread: RenderThread | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        #: PDFium's one thread (page sizes, preview pages, print bands); never the vault's.
        self.render_thread = render_thread or RenderThread(self, synchronous=executor.synchronous)
        self.loaded = False
        self.loading = False
        self.result: Generated | None = None
        self.saved_path: Path | None = None
        self.job: PdfPrintJob | None = None
        self._op: Op[Any] | None = None
        self._subjects = Subjects()
        self._pending_subject: tuple[str, str, bool] | None = None  # (document key, record id, generate)
        self._stale = False  # records changed while the choices loaded
        self._auto_secrecy = ""
        #: Hooks the tests replace: the printer, the print dialog, the save dialog, opening a file.
        self.make_printer: Callable[[], QPrinter] = lambda: QPrinter(QPrinter.PrinterMode.HighResolution)
        self.ask_printer: Callable[[QPrinter, int], bool] = self._ask_printer
        self.ask_save_path: Callable[[str], str] = self._ask_save_path
        self.open_file: Callable[[Path], bool] = lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p)))
        #: Today's date for the watermark; tests pass a fixed one.
        self.today: Callable[[], dt.date] = dt.date.today

        self.document_combo = QComboBox(self)
        for kind in DOCUMENTS:
            self.document_combo.addItem(document_label(kind), kind.key)
        self.subject_label = PlainLabel(self)
        self.subject_model = SubjectModel(self)
        self.subject_combo = QComboBox(self)
        self.subject_combo.setModel(self.subject_model)
        self.subject_combo.setEditable(True)  # type to find one of hundreds of interviews
        self.subject_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.subject_combo.setMinimumContentsLength(22)  # an interview: number, name and date
        self.subject_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = QCompleter(self.subject_model, self.subject_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.subject_combo.setCompleter(completer)
        self.copy_edit = QLineEdit(self)
        self.copy_edit.setPlaceholderText(self.tr("6 位数字，可不填"))
        self.copy_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self.copy_edit))
        self.secrecy_combo = QComboBox(self)
        self.secrecy_combo.setEditable(True)
        self.secrecy_combo.addItems(list(SECRECY_CHOICES))
        secrecy_edit = self.secrecy_combo.lineEdit()
        assert secrecy_edit is not None
        secrecy_edit.setPlaceholderText(self.tr("不标密级"))
        self.watermark_box = QCheckBox(self.tr("每页加水印"), self)
        self.recipient_edit = QLineEdit(self)
        self.recipient_edit.setPlaceholderText(self.tr("接收人，如：县委巡察办 张某"))
        self.recipient_edit.setEnabled(False)
        self.watermark_box.toggled.connect(self.recipient_edit.setEnabled)

        form = QFormLayout()
        form.addRow(self.tr("文书"), self.document_combo)
        form.addRow(self.subject_label, self.subject_combo)
        form.addRow(self.tr("份号"), self.copy_edit)
        form.addRow(self.tr("密级"), self.secrecy_combo)
        form.addRow(self.watermark_box)
        form.addRow(self.tr("水印接收人"), self.recipient_edit)
        options_box = QGroupBox(self.tr("文书与选项"), self)
        options_box.setLayout(form)

        self.generate_button = QPushButton(self.tr("生成预览"), self)
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("保存副本…"), self)
        self.save_button.clicked.connect(self.save_copy)
        self.open_button = QPushButton(self.tr("用系统程序打开"), self)
        self.open_button.setToolTip(self.tr("打开刚才保存的副本（不另建临时文件）"))
        self.open_button.clicked.connect(self.open_saved)
        buttons = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.generate_button, 1)
        row.addWidget(self.cancel_button)
        buttons.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        buttons.addLayout(row)
        buttons.addWidget(self.open_button)

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.status = PlainLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = PlainLabel(self.tr("文书只在内存中生成和预览；打印、保存副本都记入操作日志。"), self)
        note.setWordWrap(True)
        note.setEnabled(False)
        # Wrapped to the panel's width: a long text (English) would otherwise ask the splitter for more room
        # than the panel's maximum, and leave a gap beside it.
        for label in (note, self.status):
            policy = label.sizePolicy()  # keeps the height-for-width of wrapped text
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            label.setSizePolicy(policy)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(options_box)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.progress)
        side_layout.addWidget(self.status)
        side_layout.addStretch(1)
        side_layout.addWidget(note)
        side.setMinimumWidth(280)
        side.setMaximumWidth(380)

        self.preview = PdfPreview(self.render_thread, self)
        self.no_preview = PlainLabel(self)
        self.no_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_preview.setWordWrap(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.no_preview, 1)

        splitter = QSplitter(self)
        splitter.addWidget(side)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.document_combo.currentIndexChanged.connect(self._document_changed)
        self.subject_combo.currentIndexChanged.connect(self._subject_changed)
        for signal in (self.copy_edit.textChanged, self.secrecy_combo.currentTextChanged,
                       self.recipient_edit.textChanged):
            signal.connect(lambda _t: self._invalidate())
        self.watermark_box.toggled.connect(lambda _b: self._invalidate())
        self._document_changed()

    # --- choosing ------------------------------------------------------------------------------

    def current_kind(self) -> DocumentKind:
        return documents.document_kind(str(self.document_combo.currentData()))

    def current_subject(self) -> Subject | None:
        """The chosen record, if the text in the chooser names one."""
        row = self.subject_combo.currentIndex()
        if row < 0 or row >= self.subject_model.rowCount():
            return None
        subject = self.subject_model.subject(row)
        return subject if self.subject_combo.currentText() == subject.label else None

    def set_document(self, key: str) -> None:
        self.document_combo.setCurrentIndex(self.document_combo.findData(key))

    def select_subject(self, record_id: str) -> bool:
        row = self.subject_model.row_of(record_id)
        if row < 0:
            return False
        self.subject_combo.setCurrentIndex(row)
        return True

    def prepare(self, key: str, record_id: str = "", *, generate: bool = True) -> None:
        """Show document ``key`` for record ``record_id`` and, by default, generate it (the
        interview editor's "打印谈话记录…")."""
        self.set_document(key)
        if not self.loaded:
            self._pending_subject = (key, record_id, generate)
            self.ensure_loaded()
            return
        if record_id:
            self.select_subject(record_id)
        if generate:
            self.generate()

    def _document_changed(self) -> None:
        kind = self.current_kind()
        self.subject_label.setText(subject_title(kind.subject_kind))
        self.subject_label.setVisible(kind.subject_kind is not None)
        self.subject_combo.setVisible(kind.subject_kind is not None)
        self.subject_model.set_subjects(self._subjects.rows.get(kind.subject_kind or "", []))
        preferred = self._subjects.preferred.get(kind.key, "")
        if not (preferred and self.select_subject(preferred)):
            self.subject_combo.setCurrentIndex(0 if self.subject_model.rowCount() else -1)
        pdf = kind.pdf
        self.preview.setVisible(pdf)
        self.no_preview.setVisible(not pdf)
        self.no_preview.setText("" if pdf else self.tr(
            "台账是 Excel 文件，不在程序内预览。\n点“保存副本…”选择位置后直接生成到该文件，并记入操作日志。"))
        for w in (self.copy_edit, self.secrecy_combo, self.watermark_box):
            w.setEnabled(pdf)
        self.recipient_edit.setEnabled(pdf and self.watermark_box.isChecked())
        self._invalidate()

    def _subject_changed(self, _row: int) -> None:
        subject = self.current_subject()
        # A record's own 密级 (an interview's) is offered as the print's, unless the user chose one.
        if subject is not None and self.secrecy_combo.currentText() in ("", self._auto_secrecy):
            secrecy = subject.secrecy if subject.secrecy not in ("", "内部") else ""
            self._auto_secrecy = secrecy
            self.secrecy_combo.setCurrentText(secrecy)
        self._invalidate()

    def options(self) -> DocOptions:
        """The options as typed; raises InvalidOptions with the reason."""
        copy = self.copy_edit.text().strip()
        if copy and not (copy.isdigit() and len(copy) == 6):
            raise InvalidOptions(self.tr("份号须为 6 位数字"))
        watermark = ""
        if self.watermark_box.isChecked():
            recipient = self.recipient_edit.text().strip()
            if not recipient:
                raise InvalidOptions(self.tr("请填写水印上的接收人，或不加水印"))
            parts = [recipient, cn_date(self.today())]
            if copy:
                parts.append(COPY_MARK.format(copy))
            watermark = " ".join(parts)
        return DocOptions(copy_number=copy, secrecy=self.secrecy_combo.currentText().strip(), watermark=watermark)

    # --- loading -------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded and not self.loading:
            self.reload()

    def reload(self) -> Op[Any] | None:
        if self.loading or self.executor.vault is None:
            return None
        self.loading = True

        def done(subjects: Subjects) -> None:
            self._subjects = subjects
            self.loaded = True
            self._document_changed()
            pending, self._pending_subject = self._pending_subject, None
            if pending is not None:
                self.prepare(pending[0], pending[1], generate=pending[2])

        def finished() -> None:
            self.loading = False
            if self._stale:
                self._stale = False
                self._refresh_subjects()

        return (Op(self, lambda task: documents.load_subjects(task.vault), executor=self.executor)
                .on_success(done).on_finished(finished).start())

    def records_changed(self, kinds: frozenset[str]) -> None:
        """Records of ``kinds`` were written (the window's change signal): the choices are read again."""
        # the subject kinds, and papers (the unit chosen first is the one with most signed papers)
        if not kinds & {*self._subjects.rows, "unit", "interview", "paper"}:
            return
        if self.loading:
            self._stale = True
        elif self.loaded:
            self._refresh_subjects()

    def _refresh_subjects(self) -> Op[Any] | None:
        """The choices as stored now; the document and the record chosen stay chosen (and so does the preview)."""
        if self.executor.vault is None:
            return None
        self.loading = True

        def done(subjects: Subjects) -> None:
            chosen = self.current_subject()
            self._subjects = subjects
            kind = self.current_kind()
            self.subject_combo.blockSignals(True)
            self.subject_model.set_subjects(subjects.rows.get(kind.subject_kind or "", []))
            kept = chosen is not None and self.select_subject(chosen.id)
            if not kept:
                preferred = subjects.preferred.get(kind.key, "")
                if not (preferred and self.select_subject(preferred)):
                    self.subject_combo.setCurrentIndex(0 if self.subject_model.rowCount() else -1)
            self.subject_combo.blockSignals(False)
            if chosen is not None and not kept:
                self._subject_changed(self.subject_combo.currentIndex())

        def finished() -> None:
            self.loading = False
            if self._stale:
                self._stale = False
                self._refresh_subjects()

        return (Op(self, lambda task: documents.load_subjects(task.vault), executor=self.executor)
                .on_success(done).on_finished(finished).start())

    # --- generating ----------------------------------------------------------------------------

    def generate(self) -> Op[Any] | None:
        """Make the chosen document into memory on the worker, then show its pages."""
        kind = self.current_kind()
        if not kind.pdf or self.busy:
            return None
        try:
            options = self.options()
        except InvalidOptions as exc:
            self._say(str(exc))
            return None
        subject = self.current_subject()
        if kind.subject_kind is not None and subject is None:
            self._say(self.tr("请先选择{0}").format(subject_title(kind.subject_kind)))
            return None
        self._invalidate()
        subject_id = subject.id if subject else None

        def work(task: Task) -> Generated:
            made = documents.make_document(task.vault, kind.key, subject_id, options, progress=task.progress)
            return Generated(kind, subject, made)

        op = (Op(self, work, executor=self.executor)
              .on_progress(lambda d, _t, _x: self._say(self.tr("正在排版…") if d else self.tr("正在读取记录…")))
              .on_success(self._measure)
              .on_error(self._failed))
        self._op = op
        self._start_busy(self.tr("正在生成…"), busy_bar=True)
        return op.start()

    def _measure(self, result: Generated) -> None:
        """Page sizes come from PDFium, on its thread; then the preview is shown."""
        data = result.data

        def shown(sizes: list[PageSize]) -> None:
            result.sizes = sizes
            self.result = result
            self._op = None
            self.preview.view.set_document(result.data, sizes)
            text = self.tr("已生成“{0}”，共 {1} 页（仅在内存中，未写入磁盘）").format(result.title, result.pages)
            self._stop_busy("\n".join([text, *(i18n.setting_warning(p) for p in result.setting_problems)]))
            self.generated.emit()

        op = Op(self, lambda _task: page_sizes(data), executor=self.render_thread).on_success(shown)
        self._op = op.on_error(self._failed)
        op.start()

    def cancel(self) -> None:
        """Stop what is running: a generation, a ledger export, a print job."""
        if self._op is not None:
            self._op.cancel()
        if self.job is not None:
            self.job.cancel()

    @property
    def busy(self) -> bool:
        return self._op is not None or self.job is not None

    def _failed(self, error: BaseException) -> None:
        self._op = None
        if isinstance(error, Cancelled):
            self._stop_busy(self.tr("已取消"))
        elif isinstance(error, VaultLocked):
            self._stop_busy("")
        elif isinstance(error, VaultError):
            self._stop_busy(i18n.error_text(error))
        elif isinstance(error, SubjectMissing):
            self._stop_busy(self.tr("请先选择{0}").format(subject_title(error.subject_kind)))
        elif isinstance(error, LookupError | WriteFailed):
            self._stop_busy(str(error.args[0]) if error.args else str(error))
        else:
            self._stop_busy(self.tr("出错了，未完成"))
            report_error(self, error)

    def _invalidate(self) -> None:
        """Options or choice changed: what was generated no longer matches, so it goes."""
        if self.result is not None:
            self.result = None
            self.preview.view.clear()
            self._say(self.tr("选项已更改，请重新生成预览"))
        self.saved_path = None
        self._update_buttons()

    # --- state -----------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _start_busy(self, text: str, *, busy_bar: bool) -> None:
        self._say(text)
        self.progress.setRange(0, 0 if busy_bar else 1)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._update_buttons()

    def _show_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._say(self.tr("{0}：{1} / {2}").format(text, done, total))

    def _stop_busy(self, text: str) -> None:
        self.progress.setVisible(False)
        self._say(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.busy
        kind = self.current_kind()
        pdf = kind.pdf
        self.generate_button.setEnabled(pdf and not busy)
        self.cancel_button.setEnabled(busy)
        self.print_button.setEnabled(pdf and self.result is not None and not busy)
        self.save_button.setEnabled(not busy and (self.result is not None or not pdf))
        self.open_button.setEnabled(self.saved_path is not None and not busy)
        for w in (self.document_combo, self.subject_combo):
            w.setEnabled(not busy)

    def clear(self) -> None:
        """Drop the document, the lists and anything typed (locking)."""
        self.cancel()
        self._op = None
        self.job = None
        self.result = None
        self.saved_path = None
        self.loaded = False
        self.loading = False  # an op dropped by the lock never calls back
        self._stale = False
        self._pending_subject = None
        self._subjects = Subjects()
        self.subject_model.clear()
        self.preview.view.clear()
        self.copy_edit.clear()
        self.recipient_edit.clear()
        self.watermark_box.setChecked(False)
        self.secrecy_combo.setCurrentText("")
        self._auto_secrecy = ""
        self.progress.setVisible(False)
        self.status.clear()
        self._update_buttons()


def add_print_button(buttons: QDialogButtonBox, on_click: Callable[[], Any]) -> QPushButton:
    """The interview editor's "打印谈话记录…": opens the documents page on that record."""
    button = buttons.addButton(QCoreApplication.translate("ReportsPage", "打印谈话记录…"),
                               QDialogButtonBox.ButtonRole.ActionRole)
    button.setToolTip(QCoreApplication.translate("ReportsPage", "在“文书与台账”中生成本谈话记录，预览后打印"))
    button.clicked.connect(lambda _checked=False: on_click())
    return button
