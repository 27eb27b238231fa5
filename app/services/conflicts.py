"""Open conflicts: fields whose concurrent writes disagree, for a person to settle; free of Qt.

A conflict arises when two vaults changed the same field of the same record without seeing each
other's change (docs/vault.md, "Writes, merge and conflicts"). These functions read every open
conflict as typed data (the values as the record holds them, who wrote each and on which device,
the labels of the records a reference value names) and resolve one: ``RecordStore.resolve``
writes one new value whose bases are all the disagreeing ones, so the resolution travels in the
next package and settles the conflict in the other vaults too. The window words and formats
what these return.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from app.domain.clock import Stamp
from app.domain.fields import FieldType
from app.domain.records import kind_spec
from app.storage.store import DELETED, Version
from app.storage.vault import Vault


@dataclass(frozen=True)
class WrittenValue:
    """One of the disagreeing values of a field, with who wrote it and where.

    Attributes:
        stamp: the write's hybrid-logical-clock stamp (its time is the stamp's).
        value: the value as the record holds it (what :func:`resolve` is given back).
        author: who wrote it.
        device: the device id named by the stamp ("" when the stamp cannot be read).
        this_device: the device is this vault's.
        owner: the owner of the trusted key of that device ("" when none is trusted).
        current: the value shown until the conflict is resolved.
    """

    stamp: str
    value: Any
    author: str
    device: str
    this_device: bool
    owner: str
    current: bool


@dataclass(frozen=True)
class OpenConflict:
    """A field of one record whose values disagree; ``values`` starts with the current one.

    Attributes:
        field: the field's name, or ``DELETED`` (app/storage/store.py) for a deletion.
        record_label: the record's label ("" when the record is not found).
        references: for a reference field, the label of each record a value names (None when
            that record is gone).
    """

    record_id: str
    kind: str
    field: str
    record_label: str
    values: tuple[WrittenValue, ...]
    references: dict[str, str | None] = dataclasses.field(default_factory=dict)

    @property
    def deletion(self) -> bool:
        return self.field == DELETED


def device_owners(vault: Vault) -> dict[str, str]:
    """device id -> the owner of the trusted key of that device (its id's start when unnamed)."""
    return {k.device_id: k.owner or k.device_id[:8] for k in vault.keys.all_trusted()}


def open_conflicts(vault: Vault) -> list[OpenConflict]:
    """Every open conflict, in the store's order (record, then field)."""
    owners = device_owners(vault)
    own_device = vault.info.device_id
    labels: dict[str, str | None] = {}
    out = []
    for conflict in vault.records.conflicts():
        fs = None if conflict.field == DELETED else kind_spec(conflict.kind).field(conflict.field)
        record = vault.records.find(conflict.record_id)
        versions = [(conflict.winner, True), *((v, False) for v in conflict.losers)]
        values = tuple(_written(v, current, owners, own_device) for v, current in versions)
        references: dict[str, str | None] = {}
        if fs is not None and fs.type in (FieldType.REF, FieldType.REFS):
            for version, _current in versions:
                for record_id in _referenced(fs.type, version.value):
                    if record_id not in labels:
                        found = vault.records.find(record_id)
                        labels[record_id] = found.label() if found is not None else None
                    references[record_id] = labels[record_id]
        out.append(OpenConflict(conflict.record_id, conflict.kind, conflict.field,
                                record.label() if record is not None else "", values, references))
    return out


def _referenced(kind: FieldType, value: Any) -> list[str]:
    ids = [value] if kind is FieldType.REF else list(value or [])
    return [str(i) for i in ids if i]


def _written(version: Version, current: bool, owners: dict[str, str], own_device: str) -> WrittenValue:
    try:
        device = Stamp.parse(version.stamp).device
    except ValueError:
        device = ""
    return WrittenValue(version.stamp, version.value, version.author, device, bool(device) and device == own_device,
                        owners.get(device, ""), current)


def conflict_count(vault: Vault) -> int:
    return vault.records.conflict_count()


def resolve(vault: Vault, record_id: str, field_name: str, value: Any) -> None:
    """Settle the conflict of ``record_id``'s ``field_name`` with ``value`` (one of its values, or a
    combined text). Raises the store's typed errors (a rule, a setting out of range)."""
    vault.records.resolve(record_id, field_name, value)
