"""The record lists: what a list page loads, and deleting and restoring records; free of Qt.

A list shows the records of one kind, the labels of the records its reference columns point to,
and, for kinds with deadline states (docs/domain.md §3.6), the settings those states are read
from. Deleting tombstones a record (it leaves lists and search, stays in history and travels in
packages, docs/vault.md); restoring brings it back as it was.

**What changed.** Every write to a record (a save, a deletion, a merge from a package or a
spreadsheet, a resolved conflict) gets the next local sequence number in storage. The worker reads
:func:`change_mark` before each op and :func:`changes_since` after it, so whatever service an op
called, the window learns once which kinds of record it touched (a :class:`Changes`) and every list,
picker and chooser showing those kinds reloads (app/ui/tasks.py, ``DbExecutor.records_changed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.domain.jobs import Progress
from app.domain.records import KINDS, Record, Setting
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
    labels = {kind: {r.id: r.label() for r in vault.records.iter(kind)} for kind in kinds}
    if "team" in labels:  # a lower office's team is shown with its round: 十二届某市委第五轮巡察 · 第三巡察组
        from app.services.revisit import origins

        labels["team"].update(origins(vault).by_team)
    return labels


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


#: More writes than this in one op are not named one by one: every kind counts as changed.
CHANGE_DETAIL = 2000


@dataclass(frozen=True)
class Changes:
    """What one op wrote: the kinds of record touched and, when few, the ids per kind.

    Attributes:
        kinds: storage names of the kinds written ("link" for links, "setting" for settings).
        ids: kind -> ids of the records written; complete only when ``detailed``.
        detailed: False when the op wrote too much to name (an import): then ``kinds`` is every kind.
    """

    kinds: frozenset[str] = frozenset()
    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)
    detailed: bool = True

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, kinds: Iterable[str]) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def ids_of(self, kind: str) -> frozenset[str] | None:
        """The ids of ``kind`` written, or None when they are not known (not ``detailed``)."""
        return self.ids.get(kind, frozenset()) if self.detailed else None

    @classmethod
    def everything(cls) -> Changes:
        return cls(frozenset(KINDS), {}, detailed=False)


def change_mark(vault: Vault) -> int:
    """Where the vault's writes stand now (the latest local sequence number); cheap."""
    return vault.records.last_seq


def changes_since(vault: Vault, mark: int) -> Changes:
    """The kinds (and ids) of the records written since :func:`change_mark` returned ``mark``."""
    last = vault.records.last_seq
    if last <= mark:
        return Changes()
    if last - mark > CHANGE_DETAIL:
        return Changes.everything()
    ids: dict[str, set[str]] = {}
    for _seq, write in vault.records.writes_since(mark):
        ids.setdefault(write.kind, set()).add(write.record_id)
    return Changes(frozenset(ids), {kind: frozenset(v) for kind, v in ids.items()})


def fetch_records(vault: Vault, kind: str, ids: Iterable[str]) -> list[Record]:
    """The records of ``kind`` among ``ids`` as stored now, the deleted ones too (a list updating a few rows)."""
    return vault.records.get_many(kind, sorted(set(ids)))
