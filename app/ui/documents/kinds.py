"""What the documents page shows of each document (docs/documents.md): its label, the chooser of the
record it is made for, and a document once made.

The documents themselves, and how each is made, are :data:`app.services.documents.DOCUMENTS`; a new
one needs an entry there and its label in :data:`LABELS` here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.domain.settings import Parsed
from app.export.pdf.base import DocOptions
from app.services.documents import DocumentKind, MadeDocument, Subject
from app.ui.documents.pdf_view import PageSize

Index = QModelIndex | QPersistentModelIndex

#: Each document's name on the page, marked in the ReportsPage context.
LABELS: dict[str, str] = {
    "feedback": str(QT_TRANSLATE_NOOP("ReportsPage", "反馈意见")),
    "interview": str(QT_TRANSLATE_NOOP("ReportsPage", "谈话记录")),
    "paper": str(QT_TRANSLATE_NOOP("ReportsPage", "问题底稿")),
    "handover": str(QT_TRANSLATE_NOOP("ReportsPage", "移交清单")),
    "inspection": str(QT_TRANSLATE_NOOP("ReportsPage", "巡察报告")),
    "ledger": str(QT_TRANSLATE_NOOP("ReportsPage", "台账（Excel）")),
}
#: The copy number in the watermark: printed on the document, which stays Chinese (docs/i18n.md).
COPY_MARK = "第{0}份"
#: 密级和保密期限 offered (the field stays editable for other periods).
SECRECY_CHOICES = ("", "秘密", "秘密★1年", "机密", "机密★10年", "绝密")


def document_label(kind: DocumentKind) -> str:
    """The document's name in the interface language."""
    return QCoreApplication.translate("ReportsPage", LABELS[kind.key])


def subject_title(subject_kind: str | None) -> str:
    """What the chooser is labelled: the kind of record a document is made for."""
    titles = {"unit": QCoreApplication.translate("ReportsPage", "被巡察单位"),
              "interview": QCoreApplication.translate("ReportsPage", "谈话记录"),
              "paper": QCoreApplication.translate("ReportsPage", "问题底稿"),
              "handover": QCoreApplication.translate("ReportsPage", "移交事项")}
    return titles.get(subject_kind or "", QCoreApplication.translate("ReportsPage", "对象"))


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
class Generated:
    """A document made into memory (by app/services/documents.py), with what its audit entry and
    the printer need."""

    kind: DocumentKind
    subject: Subject | None
    made: MadeDocument
    sizes: list[PageSize] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.made.title

    @property
    def data(self) -> bytes:
        return self.made.data

    @property
    def pages(self) -> int:
        return self.made.pages

    @property
    def options(self) -> DocOptions:
        return self.made.options

    @property
    def setting_problems(self) -> tuple[Parsed, ...]:
        """Settings refused and replaced by their defaults in this document (app/domain/settings.py)."""
        return self.made.setting_problems

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
