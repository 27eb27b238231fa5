"""Official documents as PDF, laid out to GB/T 9704-2012 (issue 5).

:func:`print_feedback` and :func:`print_interview` read a vault, write the PDF beside the target
and move it into place, and record the print in the audit trail.
"""

from __future__ import annotations

import os
from typing import Any

from app.export.pdf.audit import record_export
from app.export.pdf.base import DocOptions, OfficialDocument, build_to_file
from app.export.pdf.feedback import FeedbackOpinion, feedback_from_vault
from app.export.pdf.interview import InterviewRecord, interview_from_vault

__all__ = ["DocOptions", "FeedbackOpinion", "InterviewRecord", "OfficialDocument", "print_feedback",
           "print_interview"]


def print_feedback(vault: Any, path: str | os.PathLike[str], unit_name: str | None = None, *,
                   options: DocOptions | None = None) -> tuple[str, int]:
    """Write the feedback opinion of ``unit_name`` (default: the unit with most signed papers).

    Returns (unit name, page count).
    """
    document = feedback_from_vault(vault, unit_name, options=options)
    pages = build_to_file(document, path)
    record_export(vault, "print-feedback", {"file": os.path.basename(path), "unit": document.content.unit,
                                            "pages": pages, "copy": document.options.copy_number})
    return document.content.unit, pages


def print_interview(vault: Any, path: str | os.PathLike[str], record_id: str | None = None, *,
                    options: DocOptions | None = None) -> tuple[str, int]:
    """Write one interview record; returns (the record's id, page count)."""
    document = interview_from_vault(vault, record_id, options=options)
    pages = build_to_file(document, path)
    record = document.content.record
    record_export(vault, "print-interview", {"file": os.path.basename(path), "pages": pages,
                                             "copy": document.options.copy_number}, record_id=record.id)
    return record.id, pages
