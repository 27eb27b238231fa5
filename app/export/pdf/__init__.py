"""Official documents as PDF, laid out to GB/T 9704-2012 (docs/documents.md).

Each ``print_*`` function reads a vault, writes the PDF to ``out`` and records the print in the
audit trail. ``out`` is a path (built beside the target and moved into place) or an open binary
stream (a preview, the print spooler); the journal entry's ``file`` is empty for a stream.
Each returns (what was printed, page count).
"""

from __future__ import annotations

from collections.abc import Callable

from app.export.pdf.audit import record_export
from app.export.pdf.base import DocOptions, OfficialDocument, Output, build_to_file, output_name, write_pdf
from app.export.pdf.feedback import FeedbackOpinion, feedback_from_vault
from app.export.pdf.handover import HandoverList, handover_from_vault
from app.export.pdf.inspection_report import InspectionReport, report_from_vault
from app.export.pdf.interview import InterviewRecord, interview_from_vault
from app.export.pdf.paper import WorkingPaper, paper_from_vault
from app.storage.vault import Vault

__all__ = ["DocOptions", "FeedbackOpinion", "HandoverList", "InspectionReport", "InterviewRecord", "OfficialDocument",
           "Output", "WorkingPaper", "build_to_file", "print_feedback", "print_handover", "print_inspection_report",
           "print_interview", "print_paper", "write_pdf"]


def print_feedback(vault: Vault, out: Output, unit_name: str | None = None, *,
                   options: DocOptions | None = None, warn: Callable[[str], None] | None = None) -> tuple[str, int]:
    """Write the feedback opinion of ``unit_name`` (default: the unit with most signed papers).

    ``warn`` is told of each setting refused and replaced by its default. Returns (unit name, page count).
    """
    document = feedback_from_vault(vault, unit_name, options=options)
    if warn is not None:
        for warning in document.content.warnings:
            warn(str(warning.warning))
    pages = write_pdf(document, out)
    record_export(vault, "print-feedback", {"file": output_name(out), "unit": document.content.unit,
                                            "pages": pages, "copy": document.options.copy_number})
    return document.content.unit, pages


def print_interview(vault: Vault, out: Output, record_id: str | None = None, *,
                    options: DocOptions | None = None) -> tuple[str, int]:
    """Write one interview record; returns (the record's id, page count)."""
    document = interview_from_vault(vault, record_id, options=options)
    pages = write_pdf(document, out)
    record = document.content.record
    record_export(vault, "print-interview", {"file": output_name(out), "pages": pages,
                                             "copy": document.options.copy_number}, record_id=record.id)
    return record.id, pages


def print_paper(vault: Vault, out: Output, paper_key: str, *, options: DocOptions | None = None) -> tuple[str, int]:
    """Write one working paper (by id or 底稿编号); returns (its number or title, page count)."""
    document = paper_from_vault(vault, paper_key, options=options)
    pages = write_pdf(document, out)
    paper = document.content.paper
    record_export(vault, "print-paper", {"file": output_name(out), "pages": pages, "state": paper.state,
                                         "copy": document.options.copy_number}, record_id=paper.id)
    return paper.number or paper.title, pages


def print_handover(vault: Vault, out: Output, unit_name: str | None = None, *,
                   options: DocOptions | None = None) -> tuple[str, int]:
    """Write the handover list of ``unit_name`` (default: every unit); returns (scope, page count)."""
    document = handover_from_vault(vault, unit_name, options=options)
    pages = write_pdf(document, out)
    content = document.content
    record_export(vault, "print-handover", {"file": output_name(out), "unit": content.scope,
                                            "rows": len(content.rows), "pages": pages,
                                            "copy": document.options.copy_number})
    return content.scope, pages


def print_inspection_report(vault: Vault, out: Output, unit_name: str, *, options: DocOptions | None = None,
                            warn: Callable[[str], None] | None = None) -> tuple[str, int]:
    """Write the inspection report of ``unit_name`` (``warn`` as for :func:`print_feedback`);
    returns (unit name, page count)."""
    document = report_from_vault(vault, unit_name, options=options)
    if warn is not None:
        for warning in document.content.warnings:
            warn(str(warning.warning))
    pages = write_pdf(document, out)
    record_export(vault, "print-inspection-report", {"file": output_name(out), "unit": document.content.unit,
                                                     "pages": pages, "copy": document.options.copy_number})
    return document.content.unit, pages
