"""Field specifications: one declaration per record field drives storage, merge, search and the UI.

A record kind is a dataclass whose fields are declared with the helpers below (``text``,
``choice``, ``ref`` …). Each helper stores a :class:`FieldSpec` in the dataclass field's
metadata, so the table columns, the field-level merge and the editor forms are all derived
from the same place and cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from dataclasses import dataclass
from typing import Any


class FieldType(enum.Enum):
    """How a field's value is shaped, stored and edited."""

    TEXT = "text"  # one line
    LONGTEXT = "longtext"  # paragraphs
    INT = "int"
    BOOL = "bool"
    DATE = "date"  # datetime.date
    DATETIME = "datetime"  # naive local datetime.datetime, minute precision in the UI
    CHOICE = "choice"  # a value from a vocabulary held in the vault
    REF = "ref"  # the id of one other record
    REFS = "refs"  # ids of other records, ordered
    ROWS = "rows"  # a small table: list of dicts of str -> str (outline answers, evidence list)


#: Field types whose values hold words a person typed, and so are searched.
TEXTUAL = frozenset({FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE, FieldType.ROWS})


@dataclass(frozen=True)
class FieldSpec:
    """What the program knows about one field of a record kind.

    Attributes:
        name: attribute and column name.
        type: the value's shape.
        label: Chinese label, used by the UI, the ledgers and the history view.
        label_en: English label.
        vocab: for CHOICE fields, the vocabulary the values come from.
        ref: for REF/REFS fields, the record kind referred to ("" when any kind).
        required: the editor refuses to save without a value.
        columns: for ROWS fields, the keys of each row with their Chinese labels.
    """

    name: str
    type: FieldType
    label: str
    label_en: str
    vocab: str | None = None
    ref: str | None = None
    required: bool = False
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def searchable(self) -> bool:
        return self.type in TEXTUAL

    def empty(self) -> Any:
        """The value a new record starts with."""
        if self.type in (FieldType.REFS, FieldType.ROWS):
            return []
        if self.type is FieldType.BOOL:
            return False
        if self.type in (FieldType.INT, FieldType.DATE, FieldType.DATETIME, FieldType.REF):
            return None
        return ""

    def to_storage(self, value: Any) -> str | int | None:
        """The value as kept in a table column and in a field write (JSON-safe scalar)."""
        if value is None:
            return None
        kind = self.type
        if kind is FieldType.BOOL:
            return 1 if value else 0
        if kind is FieldType.INT:
            return int(value)
        if kind is FieldType.DATE:
            return value.isoformat() if isinstance(value, dt.date) else str(value)
        if kind is FieldType.DATETIME:
            if isinstance(value, dt.datetime):
                return value.replace(microsecond=0).isoformat(timespec="minutes")
            return str(value)
        if kind in (FieldType.REFS, FieldType.ROWS):
            return json.dumps(list(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return str(value)

    def from_storage(self, raw: str | int | None) -> Any:
        """Inverse of :meth:`to_storage`; tolerant of NULL in columns added by later migrations."""
        kind = self.type
        if raw is None:
            return self.empty()
        if kind is FieldType.BOOL:
            return bool(raw)
        if kind is FieldType.INT:
            return int(raw)
        if kind is FieldType.DATE:
            return dt.date.fromisoformat(str(raw))
        if kind is FieldType.DATETIME:
            return dt.datetime.fromisoformat(str(raw))
        if kind in (FieldType.REFS, FieldType.ROWS):
            loaded = json.loads(str(raw))
            return loaded if isinstance(loaded, list) else []
        return str(raw)

    def display(self, value: Any) -> str:
        """The value as one line of text (lists, search index, history)."""
        if value is None or value == "" or value == []:
            return ""
        kind = self.type
        if kind is FieldType.BOOL:
            return "是" if value else "否"
        if kind is FieldType.DATE and isinstance(value, dt.date):
            return value.isoformat()
        if kind is FieldType.DATETIME and isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if kind is FieldType.ROWS:
            return "；".join(
                " ".join(str(v) for v in row.values() if v) for row in value if isinstance(row, dict)
            )
        if kind is FieldType.REFS:
            return "、".join(str(v) for v in value)
        return str(value)


def _field(spec: FieldSpec) -> Any:
    empty = spec.empty()
    if isinstance(empty, list):
        return dataclasses.field(default_factory=list, metadata={"spec": spec})
    return dataclasses.field(default=empty, metadata={"spec": spec})


# The helpers below only differ in the FieldType they pass; the name of a field is filled in
# by ``record_kind`` from the dataclass attribute, so it is written once.


def text(label: str, label_en: str, *, required: bool = False) -> Any:
    return _field(FieldSpec("", FieldType.TEXT, label, label_en, required=required))


def longtext(label: str, label_en: str, *, required: bool = False) -> Any:
    return _field(FieldSpec("", FieldType.LONGTEXT, label, label_en, required=required))


def integer(label: str, label_en: str) -> Any:
    return _field(FieldSpec("", FieldType.INT, label, label_en))


def boolean(label: str, label_en: str) -> Any:
    return _field(FieldSpec("", FieldType.BOOL, label, label_en))


def date(label: str, label_en: str, *, required: bool = False) -> Any:
    return _field(FieldSpec("", FieldType.DATE, label, label_en, required=required))


def datetime(label: str, label_en: str, *, required: bool = False) -> Any:
    return _field(FieldSpec("", FieldType.DATETIME, label, label_en, required=required))


def choice(label: str, label_en: str, vocab: str, *, required: bool = False) -> Any:
    return _field(FieldSpec("", FieldType.CHOICE, label, label_en, vocab=vocab, required=required))


def ref(label: str, label_en: str, kind: str, *, required: bool = False) -> Any:
    return _field(FieldSpec("", FieldType.REF, label, label_en, ref=kind, required=required))


def refs(label: str, label_en: str, kind: str) -> Any:
    return _field(FieldSpec("", FieldType.REFS, label, label_en, ref=kind))


def rows(label: str, label_en: str, columns: tuple[tuple[str, str], ...]) -> Any:
    return _field(FieldSpec("", FieldType.ROWS, label, label_en, columns=columns))
