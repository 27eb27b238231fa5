"""The vault's audit trail as the 操作日志 window reads it; free of Qt (docs/vault.md, "Audit").

:func:`load_entries` gives the newest journal entries with the record each one concerns resolved
(its kind and label, read a kind at a time); :func:`check_chain` verifies the hash chain. Results
are data: the window words actions, fields and details in the interface language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.domain.records import KINDS, Link
from app.storage.errors import RecordNotFound
from app.storage.journal import Entry
from app.storage.vault import Vault


@dataclass(frozen=True)
class Target:
    """The record an entry concerns: its kind, its label (a link's relation) and whether it is deleted."""

    kind: str
    label: str
    deleted: bool = False


@dataclass(frozen=True)
class AuditEntry:
    """One journal entry and the record it concerns (None when it concerns none, or the record is unknown)."""

    entry: Entry
    target: Target | None = None


@dataclass(frozen=True)
class AuditPage:
    """The newest entries, newest first, whether older ones were left out, and whose each device is."""

    entries: list[AuditEntry]
    more: bool
    #: device id -> its owner's name (this vault's own device, and every trusted key's).
    devices: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChainReport:
    """The chain check: the number of entries and each problem found (none: the chain is whole)."""

    entries: int
    problems: list[str]


def targets(vault: Vault, entries: list[Entry]) -> dict[str, Target]:
    """record id -> Target for every entry's record that exists, read a kind at a time."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if not entry.record_id:
            continue
        kind = entry.kind
        if kind not in KINDS:
            try:
                kind = vault.records.kind_of(entry.record_id)
            except RecordNotFound:
                continue
        by_kind[str(kind)].add(entry.record_id)
    out: dict[str, Target] = {}
    for kind, ids in by_kind.items():
        if kind not in KINDS:
            continue
        for record in vault.records.get_many(kind, sorted(ids)):
            # A link's label is its id; its relation (引出线索 …) says more
            label = (record.relation or record.label()) if isinstance(record, Link) else record.label()
            out[record.id] = Target(kind, label, bool(record.deleted))
    return out


def device_names(vault: Vault) -> dict[str, str]:
    """device id -> the name of its owner: the trusted keys' owners, and this vault's own (issue 12 item 16)."""
    names = {k.device_id: k.owner for k in vault.keys.all_trusted() if k.owner}
    if vault.info.owner:
        names[vault.info.device_id] = vault.info.owner
    return names


def load_entries(vault: Vault, limit: int) -> AuditPage:
    """The ``limit`` newest entries with their records resolved, and whether older ones were left out."""
    entries = vault.journal.entries(limit=limit + 1)
    shown = entries[:limit]
    found = targets(vault, shown)
    return AuditPage([AuditEntry(e, found.get(e.record_id or "")) for e in shown], len(entries) > limit,
                     device_names(vault))


def check_chain(vault: Vault) -> ChainReport:
    """journal.verify over the whole trail; with no problem, the last seq is the entry count."""
    problems = vault.audit_problems()
    newest = vault.journal.entries(limit=1)
    return ChainReport(newest[0].seq if newest else 0, problems)
