"""The documents page (文书与台账): make a document, preview it, print it, save a copy (docs/documents.md).

A document is generated into memory (``bytes``) on the vault's worker and shown by
:class:`~app.ui.documents.pdf_view.PdfPreview`; nothing decrypted touches disk until the user saves a copy,
after the same warning the attachments give. Printing goes through the system's print dialog
(:class:`~app.ui.documents.pdf_view.PdfPrintJob`). Every print, saved copy and export is recorded in the
vault's audit journal with the document's 份号, 密级 and watermark.

The documents the page offers are the entries of :data:`DOCUMENTS`: a PDF document needs one
entry naming the kind of record it is made for and a function that builds it, e.g.::

    DocumentKind("paper", QT_TRANSLATE_NOOP("ReportsPage", "问题底稿"), "paper", "print-paper",
                 make_pdf=lambda vault, record_id, options: paper_from_vault(vault, record_id, options=options))
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSizeF,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QRegularExpressionValidator
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.jobs import Cancelled
from app.domain.records import Interview, Record, Unit
from app.domain.settings import Parsed
from app.export.pdf.audit import record_export
from app.export.pdf.base import DocOptions, OfficialDocument, build_to_bytes, cn_date
from app.export.pdf.feedback import FeedbackOpinion, pick_unit
from app.export.pdf.feedback import gather as gather_feedback
from app.export.pdf.handover import handover_from_vault
from app.export.pdf.inspection_report import report_from_vault
from app.export.pdf.interview import interview_from_vault
from app.export.pdf.paper import paper_from_vault
from app.export.xlsx.ledger import SHEETS, export_ledger
from app.storage.errors import VaultError, VaultLocked
from app.storage.files import atomic_write
from app.storage.vault import Vault
from app.ui import i18n
from app.ui.documents.pdf_view import PageSize, PdfPreview, PdfPrintJob, page_sizes
from app.ui.records.attachments import COPY_WARNING
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets.plain import PlainLabel, warning

Index = QModelIndex | QPersistentModelIndex

#: The copy number in the watermark: printed on the document, which stays Chinese (docs/i18n.md).
COPY_MARK = "第{0}份"
#: 密级和保密期限 offered (the field stays editable for other periods).
SECRECY_CHOICES = ("", "秘密", "秘密★1年", "机密", "机密★10年", "绝密")


# --- the registry of documents ---------------------------------------------------------------


def record_label(record: Record) -> str:
    return record.label()


def interview_label(record: Record) -> str:
    if not isinstance(record, Interview):
        return record.label()
    when = f"（{record.time:%Y-%m-%d}）" if record.time else ""
    return " ".join(p for p in (record.number, record.interviewee) if p) + when or record.id[:8]


def make_feedback(vault: Vault, unit_id: str | None, options: DocOptions) -> OfficialDocument:
    unit = vault.records.find(unit_id) if unit_id else None
    if not isinstance(unit, Unit):
        raise LookupError(QCoreApplication.translate("ReportsPage", "请选择被巡察单位"))
    return FeedbackOpinion(gather_feedback(vault, unit), options)


def make_interview(vault: Vault, record_id: str | None, options: DocOptions) -> OfficialDocument:
    if not record_id:
        raise LookupError(QCoreApplication.translate("ReportsPage", "请选择谈话记录"))
    return interview_from_vault(vault, record_id, options=options)


def make_paper(vault: Vault, record_id: str | None, options: DocOptions) -> OfficialDocument:
    if not record_id:
        raise LookupError(QCoreApplication.translate("ReportsPage", "请选择问题底稿"))
    return paper_from_vault(vault, record_id, options=options)


def make_handover(vault: Vault, _subject: str | None, options: DocOptions) -> OfficialDocument:
    return handover_from_vault(vault, None, options=options)  # the whole round's handovers


def make_inspection_report(vault: Vault, unit_id: str | None, options: DocOptions) -> OfficialDocument:
    unit = vault.records.find(unit_id) if unit_id else None
    if not isinstance(unit, Unit):
        raise LookupError(QCoreApplication.translate("ReportsPage", "请选择被巡察单位"))
    return report_from_vault(vault, unit.name, options=options)


def busiest_unit(vault: Vault) -> str | None:
    """The unit with the most signed working papers (the command line's default too)."""
    try:
        return pick_unit(vault, None).id
    except LookupError:
        return None


def export_ledger_file(vault: Vault, path: Path, task: Task) -> str:
    total = sum(vault.records.count(kind) for _, kind in SHEETS) or 1
    stats = export_ledger(vault, path, progress=lambda n: task.report(n, total),
                          is_cancelled=lambda: task.cancelled)
    rows = sum(stats.sheets.values())
    return QCoreApplication.translate("ReportsPage", "{0} 行，逾期整改 {1} 项").format(rows, stats.overdue)


@dataclass(frozen=True)
class DocumentKind:
    """One document the page can make.

    Attributes:
        key: a stable name (used by :meth:`ReportsPage.prepare`).
        label: what the user reads, marked with QT_TRANSLATE_NOOP in the ReportsPage context.
        subject_kind: the record kind the user picks one of, or None for the whole vault.
        audit_action: the journal action of a print or a saved copy.
        make_pdf: builds the PDF document (on the worker) from the vault, the chosen record's id
            and the options; None for a file that is only exported.
        export_file: writes the file straight to the user's chosen path and journals it (on the
            worker); returns a line for the status. For formats with no preview (xlsx).
        suffix: the file name's extension.
        describe: a record of ``subject_kind`` as the chooser lists it.
        preferred: the record to choose first, when the page loads.
    """

    key: str
    label: str
    subject_kind: str | None
    audit_action: str
    make_pdf: Callable[[Vault, str | None, DocOptions], OfficialDocument] | None = None
    export_file: Callable[[Vault, Path, Task], str] | None = None
    suffix: str = ".pdf"
    describe: Callable[[Record], str] = record_label
    preferred: Callable[[Vault], str | None] | None = None


DOCUMENTS: tuple[DocumentKind, ...] = (
    DocumentKind("feedback", str(QT_TRANSLATE_NOOP("ReportsPage", "反馈意见")), "unit", "print-feedback",
                 make_pdf=make_feedback, preferred=busiest_unit),
    DocumentKind("interview", str(QT_TRANSLATE_NOOP("ReportsPage", "谈话记录")), "interview", "print-interview",
                 make_pdf=make_interview, describe=interview_label),
    DocumentKind("paper", str(QT_TRANSLATE_NOOP("ReportsPage", "问题底稿")), "paper", "print-paper",
                 make_pdf=make_paper),
    DocumentKind("handover", str(QT_TRANSLATE_NOOP("ReportsPage", "移交清单")), None, "print-handover",
                 make_pdf=make_handover),
    DocumentKind("inspection", str(QT_TRANSLATE_NOOP("ReportsPage", "巡察报告")), "unit", "print-inspection-report",
                 make_pdf=make_inspection_report, preferred=busiest_unit),
    DocumentKind("ledger", str(QT_TRANSLATE_NOOP("ReportsPage", "台账（Excel）")), None, "export-ledger",
                 export_file=export_ledger_file, suffix=".xlsx"),
)


def document_kind(key: str) -> DocumentKind:
    for kind in DOCUMENTS:
        if kind.key == key:
            return kind
    raise KeyError(key)


# --- the chooser's model ---------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """A record a document can be made for, as the chooser lists it (no record text beyond it)."""

    id: str
    label: str
    secrecy: str = ""


class SubjectModel(QAbstractListModel):
    """The records of one kind to choose from; ``Qt.UserRole`` is the record's id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Subject] = []

    def set_subjects(self, rows: list[Subject]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_subjects([])

    def subject(self, row: int) -> Subject:
        return self._rows[row]

    def row_of(self, record_id: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        subject = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return subject.label
        if role == Qt.ItemDataRole.UserRole:
            return subject.id
        return None


@dataclass
class Subjects:
    """What the page loads once per unlock: the choosable records of each kind, and first choices."""

    rows: dict[str, list[Subject]] = field(default_factory=dict)
    preferred: dict[str, str] = field(default_factory=dict)


def load_subjects(vault: Vault) -> Subjects:
    out = Subjects()
    for kind in DOCUMENTS:
        if kind.subject_kind and kind.subject_kind not in out.rows:
            out.rows[kind.subject_kind] = [
                Subject(r.id, kind.describe(r), str(getattr(r, "secrecy", "") or ""))
                for r in vault.records.list(kind.subject_kind)]
        if kind.preferred is not None:
            chosen = kind.preferred(vault)
            if chosen:
                out.preferred[kind.key] = chosen
    return out


# --- what was generated ----------------------------------------------------------------------


@dataclass
class Generated:
    """A document made into memory, with everything its audit entry needs."""

    kind: DocumentKind
    subject: Subject | None
    options: DocOptions
    title: str
    data: bytes
    pages: int
    sizes: list[PageSize] = field(default_factory=list)
    #: Settings refused and replaced by their defaults in this document (app/domain/settings.py).
    setting_problems: list[Parsed] = field(default_factory=list)

    def audit_detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"title": self.title, "pages": self.pages, "copy": self.options.copy_number,
                                  "secrecy": self.options.secrecy, "watermark": self.options.watermark}
        if self.subject is not None:
            detail["subject"] = self.subject.label
        return detail

    def file_name(self) -> str:
        name = "".join("_" if c in '\\/:*?"<>|' else c for c in self.title) or self.kind.key
        return f"{name}{self.kind.suffix}"


class InvalidOptions(ValueError):
    """The options as typed cannot be printed; the message says why."""


# --- the page --------------------------------------------------------------------------------


class ReportsPage(QWidget):
    """Choose a document and its options, generate it into memory, preview, print, save a copy.

    Signals:
        generated(): a document is in memory and shown.
        printed(int): a print job ended, with the pages it sent.
    """

    generated = Signal()
    printed = Signal(int)

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None, *,
                 render_executor: DbExecutor | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        #: PDFium's one thread (page sizes, preview pages, print bands); never the vault's.
        self.render_executor = render_executor or DbExecutor(self, synchronous=executor.synchronous)
        self.loaded = False
        self.loading = False
        self.result: Generated | None = None
        self.saved_path: Path | None = None
        self.job: PdfPrintJob | None = None
        self._op: Op[Any] | None = None
        self._subjects = Subjects()
        self._pending_subject: tuple[str, str, bool] | None = None  # (document key, record id, generate)
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
            self.document_combo.addItem(QCoreApplication.translate("ReportsPage", kind.label), kind.key)
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

        self.preview = PdfPreview(self.render_executor, self)
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
        return document_kind(str(self.document_combo.currentData()))

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
        self.subject_label.setText(self._subject_title(kind))
        self.subject_label.setVisible(kind.subject_kind is not None)
        self.subject_combo.setVisible(kind.subject_kind is not None)
        self.subject_model.set_subjects(self._subjects.rows.get(kind.subject_kind or "", []))
        preferred = self._subjects.preferred.get(kind.key, "")
        if not (preferred and self.select_subject(preferred)):
            self.subject_combo.setCurrentIndex(0 if self.subject_model.rowCount() else -1)
        pdf = kind.make_pdf is not None
        self.preview.setVisible(pdf)
        self.no_preview.setVisible(not pdf)
        self.no_preview.setText("" if pdf else self.tr(
            "台账是 Excel 文件，不在程序内预览。\n点“保存副本…”选择位置后直接生成到该文件，并记入操作日志。"))
        for w in (self.copy_edit, self.secrecy_combo, self.watermark_box):
            w.setEnabled(pdf)
        self.recipient_edit.setEnabled(pdf and self.watermark_box.isChecked())
        self._invalidate()

    def _subject_title(self, kind: DocumentKind) -> str:
        titles = {"unit": self.tr("被巡察单位"), "interview": self.tr("谈话记录"), "paper": self.tr("问题底稿"),
                  "handover": self.tr("移交事项")}
        return titles.get(kind.subject_kind or "", self.tr("对象"))

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

        return (Op(self, lambda task: load_subjects(task.vault), executor=self.executor)
                .on_success(done).on_finished(finished).start())

    # --- generating ----------------------------------------------------------------------------

    def generate(self) -> Op[Any] | None:
        """Make the chosen document into memory on the worker, then show its pages."""
        kind = self.current_kind()
        if kind.make_pdf is None or self.busy:
            return None
        try:
            options = self.options()
        except InvalidOptions as exc:
            self._say(str(exc))
            return None
        subject = self.current_subject()
        if kind.subject_kind is not None and subject is None:
            self._say(self.tr("请先选择{0}").format(self._subject_title(kind)))
            return None
        self._invalidate()
        make = kind.make_pdf

        def work(task: Task) -> Generated:
            task.report(0, 2, "")
            document = make(task.vault, subject.id if subject else None, options)
            task.check_cancelled()
            task.report(1, 2, "")
            data, pages = build_to_bytes(document, lambda: task.cancelled)
            problems = list(getattr(getattr(document, "content", None), "warnings", []))
            return Generated(kind, subject, options, document.options.title or kind.label, data, pages,
                             setting_problems=problems)

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

        op = Op(self, lambda _task: page_sizes(data), executor=self.render_executor).on_success(shown)
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

    # --- printing ------------------------------------------------------------------------------

    def _ask_printer(self, printer: QPrinter, pages: int) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setMinMax(1, pages)
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def print_document(self) -> PdfPrintJob | None:
        """The print dialog, then every page at the printer's resolution.

        The print is journalled before the first page goes out (no print without its entry); a
        print that is cancelled or fails part-way gets a second entry saying how many pages went.
        """
        result = self.result
        if result is None or self.busy:
            return None
        printer = self.make_printer()
        printer.setDocName(result.title)
        if result.sizes:
            width, height = result.sizes[0]
            size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
            printer.setPageSize(size)
            printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        if not self.ask_printer(printer, result.pages):
            return None
        job = PdfPrintJob(result.data, result.sizes, printer, self.render_executor, self)
        job.progressed.connect(lambda done, total: self._show_progress(done, total, self.tr("正在打印")))
        job.finished.connect(lambda sent, outcome: self._printed(job, result, sent, outcome))
        self.job = job
        self._start_busy(self.tr("正在打印…"), busy_bar=False)
        detail = result.audit_detail()
        detail.update(self._printer_detail(printer))
        detail["pages_to_print"] = len(job.pages)

        def journalled(_none: None) -> None:
            if self.job is not job:
                return  # cancelled meanwhile
            if not job.start():
                self.job = None
                self._stop_busy(self.tr("无法打开打印机，未打印"))
                self._journal(result, {**detail, "printed_pages": 0, "outcome": "failed"}).start()

        def not_journalled(error: BaseException) -> None:
            self.job = None
            self._stop_busy(self.tr("无法记入操作日志，未打印"))
            if not isinstance(error, VaultLocked | Cancelled):
                report_error(self, error)

        self._journal(result, detail).on_success(journalled).on_error(not_journalled).start()
        return job

    @staticmethod
    def _printer_detail(printer: QPrinter) -> dict[str, Any]:
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return {"file": Path(printer.outputFileName()).name, "copies": printer.copyCount()}
        return {"printer": printer.printerName(), "copies": printer.copyCount()}

    def _printed(self, job: PdfPrintJob, result: Generated, sent: int, outcome: str) -> None:
        self.job = None
        if outcome == "cancelled":
            text = self.tr("已取消打印（已送出 {0} 页）").format(sent)
        elif outcome:
            text = self.tr("打印失败：{0}").format(outcome)
        else:
            text = self.tr("已送打印 {0} 页").format(sent)
        self._stop_busy(text)
        if outcome:
            detail = {"title": result.title, "copy": result.options.copy_number, "printed_pages": sent,
                      "outcome": "cancelled" if outcome == "cancelled" else "failed",
                      **self._printer_detail(job.printer)}
            self._journal(result, detail).start()
        self.printed.emit(sent)

    def _journal(self, result: Generated, detail: dict[str, Any]) -> Op[None]:
        """An op (not started) appending the print or copy of ``result`` to the audit journal."""
        record_id = result.subject.id if result.subject else None
        return Op(self, lambda task: record_export(task.vault, result.kind.audit_action, detail, record_id),
                  executor=self.executor)

    # --- saving a copy -------------------------------------------------------------------------

    def _ask_save_path(self, suggested: str) -> str:
        answer = warning(self, self.tr("另存未加密副本"),
                         QCoreApplication.translate("AttachmentsPanel", COPY_WARNING),
                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                         QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return ""
        suffix = Path(suggested).suffix
        pattern = self.tr("PDF 文件 (*.pdf)") if suffix == ".pdf" else self.tr("Excel 工作簿 (*.xlsx)")
        dest, _ = QFileDialog.getSaveFileName(self, self.tr("保存副本"), suggested, pattern)
        if dest and not dest.lower().endswith(suffix):
            dest += suffix
        return dest

    def save_copy(self) -> Op[Any] | None:
        """After the plaintext warning, write the document to the path the user chose; journalled."""
        if self.busy:
            return None
        kind = self.current_kind()
        if kind.export_file is not None:
            return self._export(kind)
        result = self.result
        if result is None:
            return None
        dest = self.ask_save_path(result.file_name())
        if not dest:
            return None
        path = Path(dest)

        def work(task: Task) -> Path:
            _write(path, result.data)
            detail = result.audit_detail()
            detail["file"] = path.name
            record_export(task.vault, kind.audit_action, detail, result.subject.id if result.subject else None)
            return path

        return self._run_save(work, path)

    def _export(self, kind: DocumentKind) -> Op[Any] | None:
        export = kind.export_file
        assert export is not None
        # The file name without the label's note on the format: 台账（Excel） -> 台账.xlsx
        stem = re.split(r"（| \(", QCoreApplication.translate("ReportsPage", kind.label))[0]
        dest = self.ask_save_path(f"{stem}{kind.suffix}")
        if not dest:
            return None
        path = Path(dest)

        def work(task: Task) -> tuple[Path, str]:
            try:
                return path, export(task.vault, path, task)
            except OSError as exc:
                raise write_error(path, exc) from exc

        return self._run_save(work, path)

    def _run_save(self, work: Callable[[Task], Any], path: Path) -> Op[Any]:
        def done(value: Any) -> None:
            self._op = None
            summary = value[1] if isinstance(value, tuple) else ""
            self.saved_path = path
            text = self.tr("已保存未加密副本：{0}").format(str(path))
            self._stop_busy(self.tr("{0}（{1}）").format(text, summary) if summary else text)

        op = (Op(self, work, executor=self.executor)
              .on_progress(lambda d, t, _x: self._show_progress(d, t, self.tr("正在生成")))
              .on_success(done).on_error(self._failed))
        self._op = op
        self._start_busy(self.tr("正在保存…"), busy_bar=True)
        return op.start()

    def open_saved(self) -> None:
        """Open the copy the user saved (never a hidden temporary file) in the system's program."""
        if self.saved_path is not None and self.saved_path.exists() and not self.open_file(self.saved_path):
            self._say(self.tr("系统没有能打开此文件的程序"))

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
        pdf = kind.make_pdf is not None
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


class WriteFailed(Exception):
    """A copy could not be written; the message says why, in one line."""


#: errno -> why, as the user reads it.
WRITE_ERRORS = {
    errno.ENOENT: str(QT_TRANSLATE_NOOP("ReportsPage", "文件夹不存在")),
    errno.EACCES: str(QT_TRANSLATE_NOOP("ReportsPage", "没有写入权限")),
    errno.EPERM: str(QT_TRANSLATE_NOOP("ReportsPage", "没有写入权限")),
    errno.ENOSPC: str(QT_TRANSLATE_NOOP("ReportsPage", "磁盘空间不足")),
    errno.EROFS: str(QT_TRANSLATE_NOOP("ReportsPage", "介质只读")),
    errno.EEXIST: str(QT_TRANSLATE_NOOP("ReportsPage", "临时文件已存在")),
}


def write_error(path: Path, exc: OSError) -> WriteFailed:
    """A failed write as one line for the user."""
    known = WRITE_ERRORS.get(exc.errno or 0)
    why = QCoreApplication.translate("ReportsPage", known) if known else (exc.strerror or str(exc))
    return WriteFailed(QCoreApplication.translate("ReportsPage", "无法写入 {0}：{1}").format(path.name, why))


def _write(path: Path, data: bytes) -> None:
    """The user's copy: temporary file beside it, fsync, rename (app/storage/files.py)."""
    try:
        atomic_write(path, lambda out: out.write(data))
    except OSError as exc:
        raise write_error(path, exc) from exc


def add_print_button(buttons: QDialogButtonBox, on_click: Callable[[], Any]) -> QPushButton:
    """The interview editor's "打印谈话记录…": opens the documents page on that record."""
    button = buttons.addButton(QCoreApplication.translate("ReportsPage", "打印谈话记录…"),
                               QDialogButtonBox.ButtonRole.ActionRole)
    button.setToolTip(QCoreApplication.translate("ReportsPage", "在“文书与台账”中生成本谈话记录，预览后打印"))
    button.clicked.connect(lambda _checked=False: on_click())
    return button
