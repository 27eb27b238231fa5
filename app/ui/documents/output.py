"""Printing a document and saving a copy, for the documents page (app/ui/documents/reports.py).

A print is journalled before the first page goes out; a saved copy is written beside its target,
fsynced and renamed (app/storage/files.py), after the same plaintext warning the attachments give,
and journalled with its file name. The ledger has no preview: it is written straight to the chosen
file. The strings stay in the ReportsPage context, where the page's own are.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.jobs import Cancelled
from app.services import documents
from app.services.documents import DocumentKind
from app.storage.errors import VaultLocked
from app.ui.documents.kinds import Generated, document_label
from app.ui.documents.pdf_print import PdfPrintJob
from app.ui.documents.render_thread import RenderThread
from app.ui.records.attachments import COPY_WARNING
from app.ui.tasks import DbExecutor, Op, Task, report_error
from app.ui.widgets import files
from app.ui.widgets.plain import warning

# The mixin is a QWidget to the type checker only; at run time the page's own QWidget base comes after it.
if TYPE_CHECKING:
    _Widget = QWidget
else:
    _Widget = object


class PrintAndSave(_Widget):
    """The documents page's printing and saving (mixed into :class:`~app.ui.documents.reports.ReportsPage`)."""

    if TYPE_CHECKING:
        executor: DbExecutor
        render_thread: RenderThread
        result: Generated | None
        saved_path: Path | None
        job: PdfPrintJob | None
        _op: Op[Any] | None
        printed: Any
        make_printer: Callable[[], QPrinter]
        ask_printer: Callable[[QPrinter, int], bool]
        ask_save_path: Callable[[str], str]
        open_file: Callable[[Path], bool]

        @property
        def busy(self) -> bool: ...
        def current_kind(self) -> DocumentKind: ...
        def _say(self, text: str) -> None: ...
        def _start_busy(self, text: str, *, busy_bar: bool) -> None: ...
        def _show_progress(self, done: int, total: int, text: str) -> None: ...
        def _stop_busy(self, text: str) -> None: ...
        def _failed(self, error: BaseException) -> None: ...

    # --- printing ------------------------------------------------------------------------------

    def _ask_printer(self, printer: QPrinter, pages: int) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(QCoreApplication.translate("ReportsPage", "打印"))
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
        job = PdfPrintJob(result.data, result.sizes, printer, self.render_thread, self)
        printing = QCoreApplication.translate("ReportsPage", "正在打印")
        job.progressed.connect(lambda done, total: self._show_progress(done, total, printing))
        job.finished.connect(lambda sent, outcome: self._printed(job, result, sent, outcome))
        self.job = job
        self._start_busy(QCoreApplication.translate("ReportsPage", "正在打印…"), busy_bar=False)
        detail = result.audit_detail()
        detail.update(self._printer_detail(printer))
        detail["pages_to_print"] = len(job.pages)

        def journalled(_none: None) -> None:
            if self.job is not job:
                return  # cancelled meanwhile
            if not job.start():
                self.job = None
                self._stop_busy(QCoreApplication.translate("ReportsPage", "无法打开打印机，未打印"))
                self._journal(result, {**detail, "printed_pages": 0, "outcome": "failed"}).start()

        def not_journalled(error: BaseException) -> None:
            self.job = None
            self._stop_busy(QCoreApplication.translate("ReportsPage", "无法记入操作日志，未打印"))
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
            text = QCoreApplication.translate("ReportsPage", "已取消打印（已送出 {0} 页）").format(sent)
        elif outcome:
            text = QCoreApplication.translate("ReportsPage", "打印失败：{0}").format(outcome)
        else:
            text = QCoreApplication.translate("ReportsPage", "已送打印 {0} 页").format(sent)
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
        return Op(self, lambda task: documents.record_export(task.vault, result.kind.audit_action, detail, record_id),
                  executor=self.executor)

    # --- saving a copy -------------------------------------------------------------------------

    def _ask_save_path(self, suggested: str) -> str:
        answer = warning(self, QCoreApplication.translate("ReportsPage", "另存未加密副本"),
                         QCoreApplication.translate("AttachmentsPanel", COPY_WARNING),
                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                         QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return ""
        suffix = Path(suggested).suffix
        if suffix == ".pdf":
            pattern = QCoreApplication.translate("ReportsPage", "PDF 文件 (*.pdf)")
        else:
            pattern = QCoreApplication.translate("ReportsPage", "Excel 工作簿 (*.xlsx)")
        title = QCoreApplication.translate("ReportsPage", "保存副本")
        dest = files.save_file(self, files.DOCUMENTS, title, suggested, pattern)
        if dest and not dest.lower().endswith(suffix):
            dest += suffix
        return dest

    def save_copy(self) -> Op[Any] | None:
        """After the plaintext warning, write the document to the path the user chose; journalled."""
        if self.busy:
            return None
        kind = self.current_kind()
        if not kind.pdf:
            return self._export(kind)
        result = self.result
        if result is None:
            return None
        dest = self.ask_save_path(result.file_name())
        if not dest:
            return None
        path = Path(dest)

        record_id = result.subject.id if result.subject else None

        def work(task: Task) -> Path:
            try:
                documents.save_copy(task.vault, path, result.data, kind.audit_action, result.audit_detail(), record_id)
            except OSError as exc:
                raise write_error(path, exc) from exc
            return path

        return self._run_save(work, path)

    def _export(self, kind: DocumentKind) -> Op[Any] | None:
        # The file name without the label's note on the format: 台账（Excel） -> 台账.xlsx
        stem = re.split(r"（| \(", document_label(kind))[0]
        dest = self.ask_save_path(f"{stem}{kind.suffix}")
        if not dest:
            return None
        path = Path(dest)

        def work(task: Task) -> tuple[Path, str]:
            try:
                stats = documents.export_ledger_file(task.vault, path, progress=task.progress)
            except OSError as exc:
                raise write_error(path, exc) from exc
            rows = sum(stats.sheets.values())
            summary = QCoreApplication.translate("ReportsPage", "{0} 行，逾期整改 {1} 项")
            return path, summary.format(rows, stats.overdue)

        return self._run_save(work, path)

    def _run_save(self, work: Callable[[Task], Any], path: Path) -> Op[Any]:
        def done(value: Any) -> None:
            self._op = None
            summary = value[1] if isinstance(value, tuple) else ""
            self.saved_path = path
            text = QCoreApplication.translate("ReportsPage", "已保存未加密副本：{0}").format(str(path))
            if summary:
                text = QCoreApplication.translate("ReportsPage", "{0}（{1}）").format(text, summary)
            self._stop_busy(text)

        op = (Op(self, work, executor=self.executor)
              .on_progress(lambda d, t, _x: self._show_progress(
                  d, t, QCoreApplication.translate("ReportsPage", "正在生成")))
              .on_success(done).on_error(self._failed))
        self._op = op
        self._start_busy(QCoreApplication.translate("ReportsPage", "正在保存…"), busy_bar=True)
        return op.start()

    def open_saved(self) -> None:
        """Open the copy the user saved (never a hidden temporary file) in the system's program."""
        if self.saved_path is not None and self.saved_path.exists() and not self.open_file(self.saved_path):
            self._say(QCoreApplication.translate("ReportsPage", "系统没有能打开此文件的程序"))



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
