"""The history of one record: its journal entries, one change per field; free of Qt.

Stored values are turned back into values with :meth:`FieldSpec.from_storage` and the ids in
reference fields resolved to the referenced records' labels, here on the worker; the window
formats and translates them (app/ui/records/history.py). The conflicts page reads values the
same way (:func:`stored_value`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.fields import FieldSpec, FieldType
from app.domain.records import KINDS
from app.storage.journal import Entry
from app.storage.vault import Vault

#: The journal's name for a record's tombstone flag (not a field of any kind).
DELETED_FIELD = "deleted"


@dataclass(frozen=True)
class RefName:
    """A referenced record's id and label ("" when no record has the id any more)."""

    id: str
    label: str


@dataclass(frozen=True)
class StoredValue:
    """One journaled value.

    Attributes:
        spec: its field (None for a field no kind declares now).
        raw: the value as journaled.
        value: the value read back by the field (``raw`` when it could not be read).
        readable: the field could read it.
        refs: for a reference field, the records it names, in order.
    """

    spec: FieldSpec | None
    raw: Any
    value: Any
    readable: bool = True
    refs: tuple[RefName, ...] = ()


@dataclass(frozen=True)
class HistoryChange:
    """One changed field of one journal entry (``field`` "" for an entry that changed none).

    ``field`` may be :data:`DELETED_FIELD`, whose values are the raw flags."""

    seq: int
    at: str
    actor: str
    device: str
    action: str
    kind: str | None
    field: str
    spec: FieldSpec | None
    old: StoredValue | None
    new: StoredValue | None


def field_spec(kind: str | None, name: str) -> FieldSpec | None:
    spec = KINDS.get(kind or "")
    if spec is None:
        return None
    try:
        return spec.field(name)
    except KeyError:
        return None


def stored_value(vault: Vault, fs: FieldSpec | None, raw: Any, labels: dict[str, str]) -> StoredValue:
    """``raw`` read back by ``fs``; ``labels`` caches referenced records' labels ("" when gone)."""
    if fs is None:
        return StoredValue(None, raw, raw)
    try:
        value = fs.from_storage(raw)
    except (ValueError, TypeError):
        return StoredValue(fs, raw, raw, readable=False)
    refs: list[RefName] = []
    if fs.type in (FieldType.REF, FieldType.REFS):
        for record_id in ([value] if fs.type is FieldType.REF else list(value or [])):
            if not record_id:
                continue
            key = str(record_id)
            if key not in labels:
                record = vault.records.find(key)
                labels[key] = record.label() if record is not None else ""
            refs.append(RefName(key, labels[key]))
    return StoredValue(fs, raw, value, refs=tuple(refs))


def history_changes(vault: Vault, entries: list[Entry]) -> list[HistoryChange]:
    """Journal entries (newest first) as changes, one per changed field."""
    labels: dict[str, str] = {}
    out: list[HistoryChange] = []
    for entry in entries:
        added = 0
        for name, pair in entry.changes.items():
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            if name == DELETED_FIELD:
                if entry.action == "create" and not new:
                    continue  # every new record says "not deleted"; not worth a row
                fs = None
                old_value, new_value = StoredValue(None, old, old), StoredValue(None, new, new)
            else:
                fs = field_spec(entry.kind, name)
                old_value, new_value = stored_value(vault, fs, old, labels), stored_value(vault, fs, new, labels)
            out.append(HistoryChange(entry.seq, entry.at, entry.actor, entry.device, entry.action, entry.kind,
                                     name, fs, old_value, new_value))
            added += 1
        if not added:
            out.append(HistoryChange(entry.seq, entry.at, entry.actor, entry.device, entry.action, entry.kind,
                                     "", None, None, None))
    return out


def load_history(vault: Vault, record_id: str) -> list[HistoryChange]:
    return history_changes(vault, vault.journal.entries(record_id))
