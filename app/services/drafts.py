"""Drafts: an editor's unsaved edits kept encrypted inside the vault while it is locked.

On lock, an editor's unsaved edits are never saved into the record: a lock (often the idle timer)
is not the person deciding that half-typed work is done (docs/security.md §2.7). The fields the
user changed, and what they were when the editing began, are written as JSON into the vault
(``vault.drafts``, encrypted with everything else); only the draft's key and the record id stay
in memory. Unlocking reopens the editor with the draft restored, still unsaved. Drafts outlive
the process: after a quit or a kill while locked, the next unlock finds them and the window
offers to restore or discard each, warning when the record was changed meanwhile (an import,
say). Free of Qt: the window calls these on its worker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from app.domain.records import Record, kind_spec
from app.storage.errors import RecordNotFound
from app.storage.vault import Vault

DRAFT_FORMAT = 1


@dataclass(frozen=True)
class Draft:
    """What became of an editor's unsaved edits at a lock: only ids are kept in memory.

    Attributes:
        kind: the record kind.
        record_id: the record edited ("" for a new record).
        key: the draft stored in the vault ("" when the edits were saved instead).
        reason: why they were not saved (shown when the editor reopens).
    """

    kind: str
    record_id: str
    key: str = ""
    reason: str = ""


@dataclass(frozen=True)
class PendingEdit:
    """An open editor's unsaved form at a lock: the record as it was loaded, and every field's value."""

    kind: str
    record: Record
    values: dict[str, Any]


@dataclass(frozen=True)
class DraftContent:
    """A stored draft read back (on the worker), with what became of its record since.

    Attributes:
        values: the fields the user changed, with the values typed.
        base: the same fields as they were when the editing began.
        base_updated: the record's ``updated`` stamp when the editing began ("" for a new one).
        current_updated: the stamp now ("" for a new record or one no longer found).
        deleted: the record has been deleted (or is gone) since.
        conflicts: fields the draft changes that were also changed in the vault since.
        label: the record's label now (or the draft's, for a new record).
    """

    key: str
    kind: str
    record_id: str
    values: dict[str, Any]
    base: dict[str, Any]
    base_updated: str = ""
    saved_at: str = ""
    reason: str = ""
    current_updated: str = ""
    deleted: bool = False
    conflicts: tuple[str, ...] = ()
    label: str = ""

    @property
    def changed_meanwhile(self) -> bool:
        """The record was written (or deleted) after the editing began."""
        return bool(self.record_id) and (self.deleted or self.current_updated != self.base_updated)


def encode_values(kind: str, values: dict[str, Any]) -> bytes:
    return json.dumps({"kind": kind, "values": _to_storage(kind, values)}, ensure_ascii=False).encode("utf-8")


def decode_values(data: bytes) -> tuple[str, dict[str, Any]]:
    loaded = json.loads(data.decode("utf-8"))
    kind = str(loaded["kind"])
    return kind, _from_storage(kind, loaded.get("values", {}))


def _to_storage(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    return {f.name: f.to_storage(values.get(f.name)) for f in kind_spec(kind).fields if f.name in values}


def _from_storage(kind: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    return {f.name: f.from_storage(raw[f.name]) for f in kind_spec(kind).fields if f.name in raw}


def changed_fields(record: Record, values: dict[str, Any]) -> list[str]:
    """The fields whose form value differs from the record's (compared as stored)."""
    spec = kind_spec(record.KIND)
    return [f.name for f in spec.fields
            if f.name in values and f.to_storage(values[f.name]) != f.to_storage(getattr(record, f.name))]


def store_draft(vault: Vault, kind: str, record: Record, values: dict[str, Any], reason: str = "") -> str:
    """Keep an editor's unsaved edits inside the vault; returns the draft's key ("" when the form
    differs from the record in nothing). Only the changed fields are kept, with their values
    before, so a restore can tell what somebody else changed meanwhile."""
    names = changed_fields(record, values)
    if not names:
        return ""
    document = {
        "format": DRAFT_FORMAT,
        "kind": kind,
        "record_id": record.id,
        "label": dataclasses.replace(record, **{n: values[n] for n in names}).label(),
        "base_updated": record.updated,
        "saved_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "reason": reason,
        "values": _to_storage(kind, {n: values[n] for n in names}),
        "base": _to_storage(kind, {n: getattr(record, n) for n in names}),
    }
    return vault.drafts.put(document)


def keep_pending(vault: Vault, pending: list[PendingEdit]) -> list[Draft]:
    """Runs just before the vault closes: each editor's unsaved edits go into a draft inside the
    vault, valid or not, and nothing is written to the records; the next unlock puts them back
    into their editors, still unsaved. Empties ``pending`` (its values hold record text)."""
    out: list[Draft] = []
    while pending:
        edit = pending.pop(0)
        key = store_draft(vault, edit.kind, edit.record, edit.values)
        out.append(Draft(edit.kind, edit.record.id, key))
    return out


def _content(vault: Vault, key: str, document: dict[str, Any]) -> DraftContent | None:
    kind = str(document.get("kind", ""))
    try:
        kind_spec(kind)
    except KeyError:
        return None
    record_id = str(document.get("record_id", ""))
    values = _from_storage(kind, document.get("values", {}))
    base = _from_storage(kind, document.get("base", {}))
    base_updated = str(document.get("base_updated", ""))
    label = str(document.get("label", ""))
    current_updated, deleted = "", False
    conflicts: tuple[str, ...] = ()
    if record_id:
        try:
            current = vault.records.get(record_id, kind)
        except RecordNotFound:
            deleted = True
        else:
            deleted = current.deleted
            current_updated = current.updated
            label = current.label() or label
            if current_updated != base_updated:
                spec = kind_spec(kind)
                conflicts = tuple(name for name in values
                                  if spec.field(name).to_storage(getattr(current, name))
                                  != spec.field(name).to_storage(base.get(name)))
    return DraftContent(key, kind, record_id, values, base, base_updated, str(document.get("saved_at", "")),
                        str(document.get("reason", "")), current_updated, deleted, conflicts, label)


def read_draft(vault: Vault, key: str) -> DraftContent | None:
    document = vault.drafts.get(key)
    return None if document is None else _content(vault, key, document)


def take_draft(vault: Vault, key: str) -> DraftContent | None:
    """Read a draft and drop it from the vault: its edits now live in an (unsaved) editor, and
    the next lock keeps them again if they are still unsaved."""
    content = read_draft(vault, key)
    vault.drafts.remove(key)
    return content


def stored_drafts(vault: Vault) -> list[DraftContent]:
    """Every draft in the vault, oldest first (of one lock: existing records, then new ones)."""
    out = [c for key, document in vault.drafts.all() if (c := _content(vault, key, document))]
    return sorted(out, key=lambda c: (c.saved_at, not c.record_id, c.kind, c.label))


def discard_drafts(vault: Vault, keys: list[str]) -> int:
    store = vault.drafts
    return sum(store.remove(key) for key in keys)
