"""The documents and the ledger, as the window and the command line make them; free of Qt (docs/documents.md).

:data:`DOCUMENTS` is the table of what can be made: five PDF documents, each for one record (a
unit, an interview, a working paper) or for the whole vault, and the ledger workbook. A PDF is made
into memory (:func:`make_document`), so that nothing decrypted touches disk until a person saves a
copy (:func:`save_copy`); every print, saved copy and export is journalled (:func:`record_export`).
Results are data: the window words them in the interface language.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.jobs import Progress
from app.domain.records import Interview, Paper, Unit
from app.domain.settings import Parsed
from app.export import pdf
from app.export.pdf.audit import record_export as _journal
from app.export.pdf.base import DocOptions as DocOptions  # the command line's options come from here
from app.export.pdf.base import OfficialDocument, build_to_bytes
from app.export.pdf.feedback import FeedbackOpinion, pick_unit
from app.export.pdf.feedback import gather as gather_feedback
from app.export.pdf.handover import HandoverList, handover_from_vault
from app.export.pdf.inspection_report import InspectionReport, report_from_vault
from app.export.pdf.interview import InterviewRecord, interview_from_vault
from app.export.pdf.paper import WorkingPaper, paper_from_vault
from app.export.xlsx.ledger import ExtraSheet, LedgerStats, export_ledger
from app.storage.files import atomic_write
from app.storage.vault import Vault


@dataclass(frozen=True)
class DocumentKind:
    """One document that can be made.

    Attributes:
        key: a stable name ("feedback", "interview", "paper", "handover", "inspection", "ledger").
        name: the document's Chinese name, its title when it sets none (documents stay Chinese, docs/i18n.md).
        subject_kind: the kind of record the person chooses one of, or None for the whole vault.
        audit_action: the journal action of a print, a saved copy or an export.
        pdf: True for a PDF made into memory (:func:`make_document`); False for the ledger, written
            straight to the chosen path (:func:`export_ledger_file`).
        suffix: the file name's extension.
        prefers_busiest_unit: the unit with the most feedback problems and signed working papers is
            chosen first.
    """

    key: str
    name: str
    subject_kind: str | None
    audit_action: str
    pdf: bool = True
    suffix: str = ".pdf"
    prefers_busiest_unit: bool = False


DOCUMENTS: tuple[DocumentKind, ...] = (
    DocumentKind("feedback", "反馈意见", "unit", "print-feedback", prefers_busiest_unit=True),
    DocumentKind("interview", "谈话记录", "interview", "print-interview"),
    DocumentKind("paper", "问题底稿", "paper", "print-paper"),
    DocumentKind("handover", "移交清单", None, "print-handover"),
    DocumentKind("inspection", "巡察报告", "unit", "print-inspection-report", prefers_busiest_unit=True),
    DocumentKind("ledger", "台账", None, "export-ledger", pdf=False, suffix=".xlsx"),
)


def document_kind(key: str) -> DocumentKind:
    for kind in DOCUMENTS:
        if kind.key == key:
            return kind
    raise KeyError(key)


class SubjectMissing(LookupError):
    """A document was asked for without the record it is made for (or with one that is gone).

    Attributes:
        subject_kind: the kind of record that must be chosen ("unit", "interview", "paper").
    """

    def __init__(self, subject_kind: str) -> None:
        super().__init__(subject_kind)
        self.subject_kind = subject_kind


# --- the records a document is made for ---------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """A record a document can be made for, as a chooser lists it (no record text beyond it)."""

    id: str
    label: str
    secrecy: str = ""


@dataclass(frozen=True)
class Subjects:
    """The choosable records of each subject kind, and the record chosen first per document key."""

    rows: Mapping[str, list[Subject]] = field(default_factory=dict)
    preferred: Mapping[str, str] = field(default_factory=dict)


def interview_label(record: Interview) -> str:
    """An interview as the chooser lists it: number, interviewee and date."""
    when = f"（{record.time:%Y-%m-%d}）" if record.time else ""
    return " ".join(p for p in (record.number, record.interviewee) if p) + when or record.id[:8]


def load_subjects(vault: Vault) -> Subjects:
    """Every unit, interview and working paper a document can be made for, and the first choices."""
    rows: dict[str, list[Subject]] = {
        "unit": [Subject(u.id, u.label()) for u in vault.records.list(Unit)],
        "interview": [Subject(r.id, interview_label(r), r.secrecy or "") for r in vault.records.list(Interview)],
        "paper": [Subject(p.id, p.label(), p.secrecy or "") for p in vault.records.list(Paper)],
    }
    busiest = busiest_unit(vault)
    preferred = {kind.key: busiest for kind in DOCUMENTS if kind.prefers_busiest_unit and busiest}
    return Subjects(rows, preferred)


def busiest_unit(vault: Vault) -> str | None:
    """The id of the unit with the most feedback problems and signed working papers (the command
    line's default too; ``feedback.pick_unit``)."""
    try:
        return pick_unit(vault, None).id
    except LookupError:
        return None


# --- making a document ----------------------------------------------------------------------------


def _unit(vault: Vault, unit_id: str | None) -> Unit:
    unit = vault.records.find(unit_id, Unit) if unit_id else None
    if unit is None:
        raise SubjectMissing("unit")
    return unit


def make_feedback(vault: Vault, unit_id: str | None, options: DocOptions) -> FeedbackOpinion:
    """The feedback opinion (反馈意见) of one unit."""
    return FeedbackOpinion(gather_feedback(vault, _unit(vault, unit_id)), options)


def make_interview(vault: Vault, record_id: str | None, options: DocOptions) -> InterviewRecord:
    """The interview record (谈话记录) of one interview."""
    if not record_id:
        raise SubjectMissing("interview")
    return interview_from_vault(vault, record_id, options=options)


def make_paper(vault: Vault, record_id: str | None, options: DocOptions) -> WorkingPaper:
    """One working paper (问题底稿), by id or 底稿编号."""
    if not record_id:
        raise SubjectMissing("paper")
    return paper_from_vault(vault, record_id, options=options)


def make_handover(vault: Vault, options: DocOptions) -> HandoverList:
    """The handover list (移交清单) of the whole round."""
    return handover_from_vault(vault, None, options=options)


def make_inspection_report(vault: Vault, unit_id: str | None, options: DocOptions) -> InspectionReport:
    """The inspection report (巡察报告) of one unit."""
    return report_from_vault(vault, _unit(vault, unit_id).name, options=options)


def build_document(vault: Vault, key: str, subject_id: str | None, options: DocOptions) -> OfficialDocument:
    """The document ``key`` of :data:`DOCUMENTS` for record ``subject_id``, laid out but not built."""
    if key == "feedback":
        return make_feedback(vault, subject_id, options)
    if key == "interview":
        return make_interview(vault, subject_id, options)
    if key == "paper":
        return make_paper(vault, subject_id, options)
    if key == "handover":
        return make_handover(vault, options)
    if key == "inspection":
        return make_inspection_report(vault, subject_id, options)
    raise KeyError(key)


@dataclass(frozen=True)
class MadeDocument:
    """A PDF made into memory.

    Attributes:
        key: the document's key in :data:`DOCUMENTS`.
        title: the document's title (its file name, without the suffix).
        data: the PDF.
        pages: its page count.
        options: the 份号, 密级 and watermark it was printed with.
        setting_problems: settings refused and replaced by their defaults (app/domain/settings.py).
    """

    key: str
    title: str
    data: bytes
    pages: int
    options: DocOptions
    setting_problems: tuple[Parsed, ...] = ()


def make_document(vault: Vault, key: str, subject_id: str | None, options: DocOptions, *,
                  progress: Progress | None = None) -> MadeDocument:
    """Make document ``key`` into memory; nothing touches disk, nothing is journalled yet.

    ``progress`` is told (0, 2) while the records are read and (1, 2) while the pages are laid out;
    a :class:`~app.domain.jobs.Cancelled` it raises stops the job (app/domain/jobs.py).
    Raises SubjectMissing without the record the document needs, LookupError when it is not found.
    """
    if progress is not None:
        progress(0, 2)
    document = build_document(vault, key, subject_id, options)
    step: Progress | None = None
    if progress is not None:
        report = progress
        report(1, 2)

        def step(_done: int, _total: int) -> None:
            report(1, 2)

    data, pages = build_to_bytes(document, step)
    problems: tuple[Parsed, ...] = ()
    if isinstance(document, FeedbackOpinion | InspectionReport):
        problems = tuple(document.content.warnings)
    title = document.options.title or document_kind(key).name
    return MadeDocument(key, title, data, pages, document.options, problems)


# --- the journal and the files ---------------------------------------------------------------------


def record_export(vault: Vault, action: str, detail: Mapping[str, Any], record_id: str | None = None) -> None:
    """Append a print, a saved copy or an export (``action``, e.g. "print-feedback") with ``detail``
    (file, pages, 份号, 密级 …) to the hash-chained journal, in its own transaction."""
    _journal(vault, action, dict(detail), record_id)


def save_copy(vault: Vault, path: Path, data: bytes, action: str, detail: Mapping[str, Any],
              record_id: str | None = None) -> None:
    """Write the copy a person asked for (temporary file beside it, fsync, rename) and journal it
    with the file's name. An OSError leaves no file and no entry."""
    atomic_write(path, lambda out: out.write(data))
    record_export(vault, action, {**detail, "file": path.name}, record_id)


def export_ledger_file(vault: Vault, path: str | os.PathLike[str], *, today: dt.date | None = None,
                       progress: Progress | None = None) -> LedgerStats:
    """The ledger workbook written to ``path`` and journalled ("export-ledger"); ``progress`` is
    told (rows written, rows) as the sheets fill. An office vault's ledger has a 整改督办 sheet too
    (app/services/supervision.py)."""
    if vault.info.role == "office":
        from app.services.supervision import ledger_sheet

        round_of, units = office_ledger_parts(vault)
        return export_ledger(vault, path, today=today, progress=progress, round_of=round_of,
                             extra=lambda day: [units, ledger_sheet(vault, day)])
    return export_ledger(vault, path, today=today, progress=progress)


#: The office ledger's sheet of every unit: a pivot of a record sheet by (所属轮次, 被巡察单位) reads the
#: unit's mode here, and the units with no record of that kind count too (the per-unit means of
#: ``stats --table cross``).
UNITS_SHEET = "被巡察单位"


def office_ledger_parts(vault: Vault) -> tuple[Callable[[Any], str], ExtraSheet]:
    """For an office vault's ledger, where every round repeats the units' and teams' names: the round of a
    record (its unit's, else its team's) for the 所属轮次 column, and the 被巡察单位 sheet."""
    from app.domain.records import Round, Team
    from app.services.revisit import round_order

    rounds = sorted(vault.records.iter(Round), key=round_order)
    titles = {r.id: r.title for r in rounds}
    teams = {t.id: t for t in vault.records.iter(Team)}
    units = list(vault.records.iter(Unit))
    unit_round = {u.id: titles.get(u.round_id or "", "") for u in units}
    team_round = {t.id: titles.get(t.round_id or "", "") for t in teams.values()}

    def round_of(record: Any) -> str:
        unit, team = getattr(record, "unit_id", None), getattr(record, "team_id", None)
        return unit_round.get(unit or "") or team_round.get(team or "", "")

    order = {r.id: i for i, r in enumerate(rounds)}
    units.sort(key=lambda u: (order.get(u.round_id or "", len(order)), u.name))
    rows: list[list[str | int | dt.date | None]] = [
        [unit_round[u.id], u.name, teams[u.team_id].name if u.team_id in teams else "", u.mode, u.org_key,
         u.sector, u.unit_level] for u in units]
    header = ("所属轮次", "被巡察单位", "承担巡察组", "巡察方式", "单位编码/统一社会信用代码", "行业系统", "单位层级")
    return round_of, ExtraSheet(UNITS_SHEET, header, rows)


def print_to_file(vault: Vault, key: str, out: str | os.PathLike[str], *, unit: str | None = None,
                  record: str | None = None, options: DocOptions | None = None,
                  warn: Callable[[str], None] | None = None) -> tuple[str, int]:
    """The command line's ``report``: one document written to ``out`` and journalled; returns what it
    is about (the unit, the interviewee, the paper) and its page count.

    ``unit`` is a unit's name (the feedback opinion, the handover list, the inspection report);
    ``record`` an interview's id or a paper's id or number. ``warn`` hears each setting read back out
    of range (docs/vault.md, "Settings"). A subject that is not there raises LookupError with the reason.
    """
    if key == "feedback":
        return pdf.print_feedback(vault, out, unit, options=options, warn=warn)
    if key == "interview":
        return pdf.print_interview(vault, out, record, options=options)
    if key == "paper":
        if not record:
            raise SubjectMissing("paper")
        return pdf.print_paper(vault, out, record, options=options)
    if key == "handover":
        return pdf.print_handover(vault, out, unit, options=options)
    if key == "inspection":
        if not unit:
            raise SubjectMissing("unit")
        return pdf.print_inspection_report(vault, out, unit, options=options, warn=warn)
    raise ValueError(key)
