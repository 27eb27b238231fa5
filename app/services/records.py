"""The record lists: what a list page loads, and deleting and restoring records; free of Qt.

A list shows the records of one kind, the labels of the records its reference columns point to,
and, for kinds with deadline states (docs/domain.md §3.6), the settings those states are read
from. Deleting tombstones a record (it leaves lists and search, stays in history and travels in
packages, docs/vault.md); restoring brings it back as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.jobs import Progress
from app.domain.records import Record, Setting
from app.storage.vault import Vault


@dataclass(frozen=True)
class RecordList:
    """One kind's list as loaded.

    Attributes:
        records: the kind's records (the deleted ones too when asked for).
        labels: kind -> record id -> label, for each kind asked for (reference columns).
        settings: the vault's settings, when asked for (deadline states), else None.
    """

    records: list[Record]
    labels: dict[str, dict[str, str]]
    settings: list[Setting] | None = None


def record_labels(vault: Vault, kinds: Iterable[str]) -> dict[str, dict[str, str]]:
    """kind -> record id -> label of every live record of each kind."""
    return {kind: {r.id: r.label() for r in vault.records.iter(kind)} for kind in kinds}


def load_list(vault: Vault, kind: str, *, include_deleted: bool = False, label_kinds: Iterable[str] = (),
              with_settings: bool = False, progress: Progress | None = None) -> RecordList:
    """The records of ``kind``, the labels of ``label_kinds`` and (``with_settings``) the settings.

    ``progress`` is called after each of the three reads (it may raise Cancelled, app/domain/jobs.py).
    """
    records = vault.records.list(kind, include_deleted=include_deleted)
    if progress is not None:
        progress(1, 3)
    labels = record_labels(vault, label_kinds)
    if progress is not None:
        progress(2, 3)
    settings = vault.records.list(Setting) if with_settings else None
    if progress is not None:
        progress(3, 3)
    return RecordList(records, labels, settings)


def delete_records(vault: Vault, ids: Sequence[str]) -> list[str]:
    """Tombstone each record of ``ids`` (one journal entry each); returns the ids, in order."""
    for record_id in ids:
        vault.records.delete(record_id)
    return list(ids)


def restore_records(vault: Vault, ids: Sequence[str]) -> list[str]:
    """Bring deleted records back as they were (a change that travels in packages); returns the ids."""
    for record_id in ids:
        vault.records.restore(record_id)
    return list(ids)
