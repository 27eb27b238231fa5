"""Records in the vault: reading them as dataclasses, writing them field by field, merging.

Every change is a set of *field writes* (docs/vault.md). A write names the record, the
field, its stamp (a hybrid-logical-clock value that also names the device), the value, and its
*bases*: the stamps of the values the writer saw and replaced. The writes of one field form a
tree; a write no other known write names as a base is a *head*. The field's value is the head
with the greatest stamp; any other head holding a different value is a concurrent loser, an
open conflict for a person to resolve. Because heads depend only on the set of writes, merging
the same writes in any order, any number of times, gives the same vault.

The per-kind tables ``r_<kind>`` hold each field's winning value, so lists, ledgers and search
read plain rows; ``versions`` holds every write and is the field history.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar, overload

from app.domain import rules
from app.domain.clock import STAMP_RE, HybridClock, is_uuid, uuid7
from app.domain.fields import FieldSpec, FieldType
from app.domain.links import link_problems
from app.domain.records import (
    KINDS,
    Interview,
    KindSpec,
    Link,
    Member,
    Paper,
    Person,
    Record,
    Round,
    Setting,
    Team,
    Unit,
    kind_spec,
)
from app.domain.settings import setting_problem
from app.domain.settings import setting_violations as _setting_violations
from app.domain.vocab import PAPER_ARCHIVED, PAPER_DRAFT, PAPER_SIGNED
from app.storage.connection import Connection, transaction
from app.storage.errors import InvalidChange, RecordNotFound, RuleViolation, WrongPassphrase
from app.storage.journal import Journal
from app.storage.search import SearchIndex

DELETED = "deleted"  # the pseudo-field that holds a record's tombstone
HEAD, SUPERSEDED, PLACEHOLDER = 0, 1, 2
MAX_BASES = 64
#: The field that names a record's parent of the same kind.
PARENT_FIELDS = {"round": "parent_id", "unit": "parent_unit_id"}

R = TypeVar("R", bound=Record)
#: A record kind as the reading methods take it: its storage name ("interview"), or its class
#: (``Interview``), which types what they return (``list(Interview) -> list[Interview]``).
Kind = str | type[Record]


#: A write as stored: (local seq, record id, kind, field, stamp, value, bases as JSON text, author).
WriteRow = tuple[int, str, str, str, str, str | int | None, str | None, str]


@dataclass(frozen=True)
class FieldWrite:
    """One write of one field, as stored and as carried in packages."""

    record_id: str
    kind: str
    field: str
    stamp: str
    value: str | int | None
    bases: tuple[str, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class Version:
    stamp: str
    value: Any
    author: str
    head: bool


@dataclass(frozen=True)
class Conflict:
    """A field whose concurrent writes disagree: the current value and every losing one."""

    record_id: str
    kind: str
    field: str
    winner: Version
    losers: tuple[Version, ...]


@dataclass
class MergeReport:
    """What a merge did: records added, fields changed (record_id -> field -> [old, new]), conflicts."""

    writes_seen: int = 0
    writes_new: int = 0
    added: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    conflicts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_noop(self) -> bool:
        return self.writes_new == 0


@dataclass
class _Current:
    """An existing record as a save batch read it, kept up to date as the batch writes it."""

    n: int  # records.n
    record: Record
    row: list[Any]  # the r_<kind> row as stored: id, created, updated, deleted, fields
    heads: dict[str, list[tuple[str, Any]]]  # field -> (stamp, value) of each of its heads


def _bases(text: str | None) -> tuple[str, ...]:
    """A version's stored bases (a JSON list of stamps); most writes have none."""
    return () if not text or text == "[]" else tuple(json.loads(text))


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """``items`` in slices short enough for one ``IN (?, …)`` list."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def table(kind: str) -> str:
    kind_spec(kind)  # only known kinds ever reach SQL text
    return f"r_{kind}"


def _columns(spec: KindSpec) -> tuple[str, ...]:
    return ("id", "created", "updated", "deleted", *spec.field_names)


def _kind_spec(kind: Kind) -> KindSpec:
    return kind_spec(kind if isinstance(kind, str) else kind.KIND)


def _decoder(spec: KindSpec, name: str) -> Callable[[Any], Any]:
    """How :meth:`RecordStore.values` decodes a column: text kept as it is (the common case, and
    what ``from_storage`` would return), anything else through ``from_storage``."""
    if name == "id":
        return lambda raw: raw
    f = spec.field(name)
    if f.type in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE, FieldType.REF):
        return lambda raw: raw if type(raw) is str else f.from_storage(raw)
    return f.from_storage


@functools.cache
def _readers(kind: str) -> tuple[tuple[str, bool, Any, FieldSpec], ...]:
    """(name, whether a str column value is the field's value as is, its empty value, spec) of each
    field of ``kind`` (cached by name: hashing a KindSpec hashes every field spec). An empty list
    is made anew by from_storage for each record, never shared."""
    return tuple((f.name, f.type in _TEXTUAL_TYPES, f.empty(), f) for f in kind_spec(kind).fields)


@functools.cache
def _row_index(kind: str) -> dict[str, int]:
    """Where each field (and the tombstone) is in a row of :func:`_columns`."""
    return {name: i for i, name in enumerate(_columns(kind_spec(kind))) if i >= 3}


_BASES = json.JSONEncoder()  # json.dumps's defaults, made once (a merge encodes every write's bases)
_TEXTUAL_TYPES = frozenset({FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE, FieldType.REF})
_PARSED_TYPES = frozenset({FieldType.DATE, FieldType.DATETIME})  # stored text that must parse


def _spec_for(kind: KindSpec, name: str) -> FieldSpec | None:
    if name == DELETED:
        return None
    return kind.field(name)


class RecordStore:
    """Reads and writes records of one open vault. All access is from one thread at a time."""

    def __init__(self, con: Connection, clock: HybridClock, journal: Journal, search: SearchIndex,
                 author: str, passphrase_matches: Callable[[str | bytes], bool] | None = None) -> None:
        self._con = con
        #: Checks a passphrase against the vault's key derivation (the 组长's signature confirms with it).
        self._passphrase_matches = passphrase_matches or (lambda _p: False)
        self._clock = clock
        self._journal = journal
        self._search = search
        self.author = author
        #: (paper id, "sign" | "return") while the 组长's signature or return is saved (sign_paper).
        self._signature: tuple[str, str] | None = None
        #: The records of the save batch being checked, by id, and the teams of a round it read.
        self._batch: dict[str, Record] = {}
        self._teams_cache: dict[str, set[str]] = {}

    # --- reading -----------------------------------------------------------------------------

    def _row_to_record(self, spec: KindSpec, row: Sequence[Any]) -> Record:
        values: dict[str, Any] = {"id": row[0], "created": row[1], "updated": row[2], "deleted": bool(row[3])}
        for (name, text, empty, f), raw in zip(_readers(spec.name), row[4:], strict=True):
            # Text kept as it is, and an immutable empty value shared: what from_storage returns.
            values[name] = raw if text and type(raw) is str else empty if raw is None and empty != [] \
                else f.from_storage(raw)
        return spec.cls(**values)

    def _rec(self, record_id: str) -> int:
        """The record's small integer key (records.n), used by versions and search."""
        row = self._con.execute("SELECT n FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise RecordNotFound(record_id)
        return int(row[0])

    def kind_of(self, record_id: str) -> str:
        row = self._con.execute("SELECT kind FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise RecordNotFound(record_id)
        return str(row[0])

    @overload
    def get(self, record_id: str, kind: type[R]) -> R: ...
    @overload
    def get(self, record_id: str, kind: str | None = None) -> Record: ...

    def get(self, record_id: str, kind: Kind | None = None) -> Record:
        """The record ``record_id``; given a kind, only a record of that kind (else RecordNotFound)."""
        spec = _kind_spec(kind or self.kind_of(record_id))
        cols = ", ".join(_columns(spec))
        row = self._con.execute(f"SELECT {cols} FROM {table(spec.name)} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise RecordNotFound(record_id)
        return self._row_to_record(spec, row)

    @overload
    def find(self, record_id: str, kind: type[R]) -> R | None: ...
    @overload
    def find(self, record_id: str, kind: str | None = None) -> Record | None: ...

    def find(self, record_id: str, kind: Kind | None = None) -> Record | None:
        """:meth:`get`, or None when there is no such record (of that kind, when one is given)."""
        try:
            return self.get(record_id, kind)
        except RecordNotFound:
            return None

    @overload
    def list(self, kind: type[R], *, include_deleted: bool = False, where: dict[str, Any] | None = None,
             order: str = "created") -> builtins.list[R]: ...
    @overload
    def list(self, kind: str, *, include_deleted: bool = False, where: dict[str, Any] | None = None,
             order: str = "created") -> builtins.list[Record]: ...

    def list(self, kind: Kind, *, include_deleted: bool = False, where: dict[str, Any] | None = None,
             order: str = "created") -> builtins.list[Any]:  # list[R] or list[Record], as the overloads say
        return list(self.iter(kind, include_deleted=include_deleted, where=where, order=order))

    @overload
    def iter(self, kind: type[R], *, include_deleted: bool = False, where: dict[str, Any] | None = None,
             order: str = "created") -> Iterator[R]: ...
    @overload
    def iter(self, kind: str, *, include_deleted: bool = False, where: dict[str, Any] | None = None,
             order: str = "created") -> Iterator[Record]: ...

    def iter(self, kind: Kind, *, include_deleted: bool = False, where: dict[str, Any] | None = None,
             order: str = "created") -> Iterator[Record]:
        spec = _kind_spec(kind)
        if order not in _columns(spec):
            raise ValueError(order)
        sql, params = self._select(spec, _columns(spec), include_deleted, where)
        sql += f" ORDER BY {order}, id"
        for row in self._con.execute(sql, params):
            yield self._row_to_record(spec, row)

    def values(self, kind: Kind, names: Sequence[str], *,
               where: dict[str, Any] | None = None) -> Iterator[tuple[Any, ...]]:
        """The fields ``names`` (or ``id``) of each live record of ``kind`` (as the records hold
        them), in id order, without building the records: for a reader of two columns of 10,000
        people. The names are checked against the kind's fields before they reach the SQL."""
        spec = _kind_spec(kind)
        decode: builtins.list[Callable[[Any], Any]] = [_decoder(spec, name) for name in names]
        sql, params = self._select(spec, ("id", *names), False, where)
        for row in self._con.execute(sql + " ORDER BY id", params):
            yield tuple(f(raw) for f, raw in zip(decode, row[1:], strict=True))

    def _select(self, spec: KindSpec, columns: Sequence[str], include_deleted: bool,
                where: dict[str, Any] | None) -> tuple[str, builtins.list[Any]]:
        clauses, params = [], []
        if not include_deleted:
            clauses.append("deleted = 0")
        for name, value in (where or {}).items():
            if name in ("id", DELETED):
                clauses.append(f"{name} = ?")
                params.append(value)
                continue
            fs = spec.field(name)
            stored = fs.to_storage(value)
            # A field never written is NULL in its column: it matches the field's empty value.
            empty = stored is None or stored == fs.to_storage(fs.empty())
            clauses.append(f"({fs.name} = ? OR {fs.name} IS NULL)" if empty else f"{fs.name} = ?")
            params.append(stored)
        sql = f"SELECT {', '.join(columns)} FROM {table(spec.name)}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return sql, params

    def count(self, kind: str, *, include_deleted: bool = False) -> int:
        sql = f"SELECT count(*) FROM {table(kind)}" + ("" if include_deleted else " WHERE deleted = 0")
        return int(self._con.execute(sql).fetchone()[0])

    def ids(self, kind: str) -> builtins.list[str]:
        return [r[0] for r in self._con.execute(f"SELECT id FROM {table(kind)} WHERE deleted = 0 ORDER BY created")]

    # --- writing locally -----------------------------------------------------------------------

    def save(self, record: Record) -> Record:
        """Create or update ``record``; only fields that changed are written. Returns it as stored."""
        return self.save_many([record])[0]

    def save_many(self, records: Iterable[Record]) -> builtins.list[Record]:
        """Save records in one transaction: all are saved or none.

        Returns them as stored, which is what :meth:`get` would now read (ids, created and
        updated stamps, values as their columns keep them), built from the rows as written.
        """
        records = list(records)
        with transaction(self._con):
            return self._save_batch(records)

    @overload
    def get_many(self, kind: type[R], ids: Sequence[str]) -> builtins.list[R]: ...
    @overload
    def get_many(self, kind: str, ids: Sequence[str]) -> builtins.list[Record]: ...

    def get_many(self, kind: Kind, ids: Sequence[str]) -> builtins.list[Any]:  # as the overloads say
        """Records of one kind by id, in no particular order; unknown ids are left out."""
        spec = _kind_spec(kind)
        cols = ", ".join(_columns(spec))
        out: builtins.list[Record] = []
        for chunk in _chunks(ids):
            rows = self._con.execute(
                f"SELECT {cols} FROM {table(spec.name)} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            out.extend(self._row_to_record(spec, row) for row in rows)
        return out

    def save_within(self, records: Sequence[Record]) -> builtins.list[Record]:
        """:meth:`save_many` inside the caller's transaction (``vault.transaction()``), so that the
        records and the caller's other writes (an attachment, an import's journal entry) are
        written together or not at all. Returns the records as stored."""
        return self._save_batch(records)

    def seed(self, writes: Sequence[FieldWrite]) -> None:
        """Apply the genesis writes every new vault shares (vocabularies, settings); inside the
        transaction that creates the vault."""
        self._apply(writes, report=None)

    def _save_batch(self, records: Sequence[Record]) -> builtins.list[Record]:
        """Save inside the caller's transaction and return the records as stored.

        The rows of the records that exist already, and the heads of their fields, are read
        once for the whole batch; new records take the bulk insert path, the others the bulk
        update path. Nothing is read back afterwards.
        """
        by_number: dict[str, dict[str | int, Paper]] = defaultdict(dict)
        for r in records:
            if isinstance(r, Paper) and r.number and not r.deleted:
                by_number[r.number][r.id or id(r)] = r
        for number, papers in by_number.items():  # rounds are looked up only for a number given twice
            rounds = [self._paper_round(p) for p in papers.values()] if len(papers) > 1 else []
            if len(rounds) != len(set(rounds)):  # two papers of one round given the same number in one batch
                raise RuleViolation(f"底稿编号 {number} 在本批记录中重复")
        current = self._current([r.id for r in records if r.id])
        self._batch, self._teams_cache = {r.id: r for r in records if r.id}, {}
        try:
            created = iter(self._insert_new([r for r in records if r.id not in current]))
            updated = iter(self._update_existing([r for r in records if r.id in current], current))
        finally:
            self._batch, self._teams_cache = {}, {}
        saved = [next(updated) if r.id in current else next(created) for r in records]
        # A record given twice is returned twice as it ends up, as a read after the batch shows it.
        last = {r.id: r for r in saved}
        return [last[r.id] for r in saved]

    def _current(self, ids: Sequence[str]) -> dict[str, _Current]:
        """The stored row and the field heads of each record of ``ids`` that exists, in bulk."""
        found: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            found.update((rid, (int(n), str(kind))) for n, rid, kind in self._con.execute(
                f"SELECT n, id, kind FROM records WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
        rows: dict[str, builtins.list[Any]] = {}
        by_kind: dict[str, builtins.list[str]] = defaultdict(list)
        for rid, (_, kind) in found.items():
            by_kind[kind].append(rid)
        for kind, kind_ids in by_kind.items():
            cols = ", ".join(_columns(kind_spec(kind)))
            for chunk in _chunks(kind_ids):
                rows.update((row[0], list(row)) for row in self._con.execute(
                    f"SELECT {cols} FROM {table(kind)} WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
        heads: dict[int, dict[str, builtins.list[tuple[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for chunk in _chunks([n for n, _ in found.values()]):
            for rec, name, stamp, value in self._con.execute(
                    "SELECT rec, field, stamp, value FROM versions"
                    f" WHERE rec IN ({', '.join('?' * len(chunk))}) AND state = 0", chunk):
                heads[rec][name].append((stamp, value))
        current: dict[str, _Current] = {}
        for rid, (n, kind) in found.items():
            if rid not in rows:
                raise RecordNotFound(rid)
            current[rid] = _Current(n, self._row_to_record(kind_spec(kind), rows[rid]), rows[rid], heads[n])
        return current

    def _current_heads(self, record_id: str) -> dict[str, str]:
        """field -> stamp of the winning write."""
        winners: dict[str, str] = {}
        for name, stamp in self._con.execute(
            "SELECT field, stamp FROM versions WHERE rec = ? AND state = 0", (self._rec(record_id),)
        ):
            if stamp > winners.get(name, ""):
                winners[name] = stamp
        return winners

    def _update_existing(self, records: Sequence[Record], current: dict[str, _Current]) -> builtins.list[Record]:
        """Write the fields that changed of records that exist; returns the records as stored.

        Writes, one batch of statements each, exactly what :meth:`_write_local` (then
        :meth:`_apply` and :meth:`_project`) writes record by record: one write per changed
        field whose base is the field's current winning head, the projected row, open
        conflicts, the search entry, and an "update" journal entry. A record given twice is
        compared the second time with what the first time wrote, as before.
        """
        con = self._con
        out: builtins.list[Record] = []
        version_rows, superseded, journal_items = [], [], []
        conflicts: dict[tuple[str, str], bool] = {}  # (record_id, field) -> open after this batch
        written: dict[str, _Current] = {}
        reindex: builtins.list[tuple[int, Record]] = []
        for record in records:
            cur = current[record.id]
            existing = cur.record
            if existing.KIND != record.KIND:
                raise InvalidChange(f"{record.id} 已是 {existing.KIND}")
            if isinstance(record, Paper) and isinstance(existing, Paper):
                # A submission lapses when its paper leaves 组务会审核 unsigned (docs/domain.md §3.2).
                notes = rules.withdrawn_notes(existing, record, self.author, dt.datetime.now())
                if notes is not None:
                    record = dataclasses.replace(record, notes=notes)
            self._check_rules(existing, record)
            spec = KINDS[record.KIND]
            changes: dict[str, builtins.list[Any]] = {}
            for f in spec.fields:
                new = f.to_storage(getattr(record, f.name))
                old = f.to_storage(getattr(existing, f.name))
                if new != old:
                    changes[f.name] = [old, new]
            if record.deleted != existing.deleted:
                changes[DELETED] = [int(existing.deleted), int(record.deleted)]
            if not changes:
                out.append(existing)
                continue
            stamp = self._clock.now()  # newer than every stamp known here: the new writes win
            projected = False
            for name, (_, value) in changes.items():
                heads = cur.heads[name]
                base = max(s for s, _ in heads) if heads else None
                version_rows.append((cur.n, name, stamp, value, json.dumps([base] if base else []), self.author,
                                     HEAD))
                if base is not None:
                    superseded.append((cur.n, name, base))
                rest = [h for h in heads if h[0] != base]
                cur.heads[name] = [(stamp, value), *rest]
                # As _project: a remaining head that holds another value is an open conflict.
                conflicts[(record.id, name)] = any(v != value for _, v in rest)
                column = _columns(spec).index(name)
                winner = int(bool(value)) if name == DELETED else value
                if cur.row[column] != winner:
                    cur.row[column] = winner
                    projected = True
            cur.row[2] = stamp  # updated: the newest write; created, the oldest, stays
            cur.record = self._row_to_record(spec, cur.row)
            written[record.id] = cur
            if projected:
                reindex.append((cur.n, cur.record))
            journal_items.append(("update", record.id, spec.name, {"fields": changes}))
            out.append(cur.record)
        if not written:
            return out
        con.executemany("INSERT INTO versions (rec, field, stamp, value, bases, author, state)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)", version_rows)
        con.executemany("UPDATE versions SET state = 1 WHERE rec = ? AND field = ? AND stamp = ? AND state = 0",
                        superseded)
        con.executemany("INSERT OR IGNORE INTO open_conflicts VALUES (?, ?)",
                        [key for key, is_open in conflicts.items() if is_open])
        con.executemany("DELETE FROM open_conflicts WHERE record_id = ? AND field = ?",
                        [key for key, is_open in conflicts.items() if not is_open])
        by_kind: dict[str, builtins.list[builtins.list[Any]]] = defaultdict(list)
        for cur in written.values():
            by_kind[cur.record.KIND].append([*cur.row[1:], cur.row[0]])
        for kind, rows in by_kind.items():
            sets = ", ".join(f"{c} = ?" for c in _columns(KINDS[kind])[1:])
            con.executemany(f"UPDATE {table(kind)} SET {sets} WHERE id = ?", rows)
        self._search.replace_many(reindex)
        self._save_clock()
        self._journal.append_many(journal_items)
        return out

    def _insert_new(self, records: Sequence[Record]) -> builtins.list[Record]:
        """Create records in bulk: one stamp each, plain inserts, no per-field look-ups.

        Produces exactly what the general path would: one head write per non-empty field plus
        the tombstone field, the projected row, the search entry and a journal entry. Returns
        the records as stored.
        """
        if not records:
            return []
        con = self._con
        next_n = int(con.execute("SELECT coalesce(max(n), 0) FROM records").fetchone()[0])
        saved, record_rows, version_rows, journal_items = [], [], [], []
        kind_rows: dict[str, builtins.list[tuple[Any, ...]]] = defaultdict(list)
        search_rows = []
        for record in records:
            self._check_rules(None, record)
            spec = KINDS[record.KIND]
            record_id = record.id or uuid7()
            if not is_uuid(record_id):
                raise InvalidChange("记录编号格式错误")
            stamp = self._clock.now()
            next_n += 1
            record_rows.append((next_n, record_id, spec.name))
            values = [v if text and type(v) is str else f.to_storage(v)  # to_storage keeps text as it is
                      for (name, text, _empty, f) in _readers(spec.name) for v in (getattr(record, name),)]
            empties = _empty_values(spec.name)
            # Fields left empty get no write, so their column stays NULL, as a merge projects them.
            row = (record_id, stamp, stamp, int(record.deleted),
                   *(None if v == e else v for v, e in zip(values, empties, strict=True)))
            kind_rows[spec.name].append(row)
            stored = self._row_to_record(spec, row)
            saved.append(stored)
            changes: dict[str, builtins.list[Any]] = {}
            for f, value, empty in zip(spec.fields, values, empties, strict=True):
                if value != empty:
                    changes[f.name] = [empty, value]
            changes[DELETED] = [None, int(record.deleted)]
            for name, (_, value) in changes.items():
                version_rows.append((next_n, name, stamp, value, "[]", self.author, HEAD))
            journal_items.append(("create", record_id, spec.name, {"fields": changes}))
            search_rows.append((next_n, spec.name, row))
        con.executemany("INSERT INTO records (n, id, kind) VALUES (?, ?, ?)", record_rows)
        con.executemany("INSERT INTO versions (rec, field, stamp, value, bases, author, state)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)", version_rows)
        for kind, rows in kind_rows.items():
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table(kind)} ({', '.join(_columns(KINDS[kind]))}) VALUES ({marks})", rows)
        self._search.replace_rows(search_rows, new=True)
        self._journal.append_many(journal_items)
        self._save_clock()
        return saved

    def _check_rules(self, before: Record | None, after: Record) -> None:
        problems: builtins.list[str] = []
        if isinstance(after, Paper):
            act = self._signature[1] if self._signature and self._signature[0] == after.id else ""
            if not isinstance(before, Paper):
                problems = rules.paper_create_problems(after)
            elif not act:  # signing and returning checked their own rules (sign_paper, return_paper)
                problems = rules.paper_edit_problems(before, after) + rules.paper_signature_problems(before, after)
                if not problems and after.state == PAPER_ARCHIVED and before.state != PAPER_ARCHIVED:
                    problems = rules.paper_archive_problems(
                        self.author, self.iter(Member, where={"name": self.author}), after.team_id)
            if not after.deleted and (not isinstance(before, Paper) or before.number != after.number):
                problems += rules.paper_number_problems(after.number) or self._number_taken(after)
        if isinstance(after, Interview) and isinstance(before, Interview):
            problems += rules.interview_edit_problems(before, after)
        if isinstance(after, Interview) and not after.deleted:
            problems += self._assignment_problems(before if isinstance(before, Interview) else None, after)
        if isinstance(after, Interview) and after.status == rules.INTERVIEW_FINAL and not after.deleted:
            problems += rules.interview_finalise_problems(after)
        if not after.deleted:
            problems += rules.status_date_problems(before, after)
        if isinstance(after, Link) and not after.deleted:
            problems += self._link_problems(before if isinstance(before, Link) else None, after)
        problems += self._parent_problems(before, after)
        if isinstance(after, Setting) and not after.deleted and not (
                isinstance(before, Setting) and (before.key, before.value) == (after.key, after.value)):
            # A value every reader would refuse is refused here (docs/vault.md, "Settings").
            problem = setting_problem(after.key, after.value)
            problems += [problem] if problem else []
        if problems:
            raise RuleViolation("；".join(problems))

    def _parent_problems(self, before: Record | None, after: Record) -> builtins.list[str]:
        """上级统一部署 of a round and 上级单位 of a unit form trees (rules.parent_loop_problems)."""
        field_name = PARENT_FIELDS.get(after.KIND, "")
        parent = getattr(after, field_name, None) if field_name else None
        if not parent or after.deleted or (before is not None and getattr(before, field_name, None) == parent):
            return []
        kind = type(after)

        def parent_of(record_id: str) -> str | None:
            batched = self._batch.get(record_id)
            found = batched if batched is not None else self.find(record_id, kind)
            return getattr(found, field_name, None) if found is not None else None

        return rules.parent_loop_problems(after.id, parent, parent_of, after.KIND)

    def _link_problems(self, before: Link | None, after: Link) -> builtins.list[str]:
        """A link's relation must fit the kinds of its two records: the table the editor's relation
        picker offers (app/domain/links.py), checked when a link is made or re-pointed."""
        if before is not None and (before.src_id, before.dst_id, before.relation) == (
                after.src_id, after.dst_id, after.relation):
            return []
        kinds = []
        for rid in (after.src_id, after.dst_id):
            batched = self._batch.get(rid or "")
            try:
                kinds.append(batched.KIND if batched is not None else self.kind_of(rid or ""))
            except RecordNotFound:
                return ["关联的记录不存在"]
        return link_problems(kinds[0], after.relation, kinds[1], same_record=after.src_id == after.dst_id)

    def _assignment_problems(self, before: Interview | None, after: Interview) -> builtins.list[str]:
        """Staffing and recusal of an interview (docs/domain.md §3.3), checked when the assignment,
        the interviewee or the unit changes (a record that broke them before is not refused on
        other edits)."""
        watched = ("interviewers", "recorders", "team_id", "unit_id", "person_id", "interviewee",
                   "interviewee_unit", "recusal_exceptions")
        if before is not None and all(getattr(before, f) == getattr(after, f) for f in watched):
            return []
        members = self._known(Member, [*after.interviewers, *after.recorders,
                                       *((before.interviewers + before.recorders) if before else [])])
        unit = self._known(Unit, [after.unit_id]).get(after.unit_id or "")
        rnd = self._known(Round, [unit.round_id]).get(unit.round_id or "") if unit else None
        round_teams = self._round_teams(rnd.id) if rnd else None
        problems = rules.interview_staff_problems(after, members, round_teams)
        if before is not None and problems == rules.interview_staff_problems(before, members, round_teams):
            problems = []  # staffed as before: not refused on other edits
        by_key: dict[tuple[str, str, str], rules.RecusalHit] = {}

        def hits(interview: Interview) -> set[tuple[str, str, str]]:
            chosen = [members[i] for i in dict.fromkeys([*interview.interviewers, *interview.recorders])
                      if i in members]
            if not any(m.recusals for m in chosen) and not (rnd and rnd.kind == rules.ROUND_CROSS) \
                    and not (unit and unit.mode == rules.MODE_CROSS):
                return set()
            person = self._known(Person, [interview.person_id]).get(interview.person_id or "")
            found = rules.recusal_hits(chosen, person=person, person_name=interview.interviewee, unit=unit,
                                       unit_name=interview.interviewee_unit,
                                       cross_inspection=bool(rnd and rnd.kind == rules.ROUND_CROSS))
            by_key.update((rules.recusal_key(h), h) for h in found)
            return {rules.recusal_key(h) for h in found}

        new = hits(after) - (hits(before) if before is not None else set())
        added = len(after.recusal_exceptions) > len(before.recusal_exceptions if before else [])
        owner_leads = (new or added) and not rules.leader_problems(
            self.author, [*self.iter(Member, where={"name": self.author}),
                          *(r for r in self._batch.values() if isinstance(r, Member))], after.team_id)
        return problems + rules.recusal_exception_problems(before, after, [by_key[k] for k in sorted(new)],
                                                           self.author, bool(owner_leads))

    def _known(self, kind: type[R], ids: Iterable[str | None]) -> dict[str, R]:
        """Records of ``kind`` by id, as this save batch leaves them (the batch's own first)."""
        wanted = [i for i in dict.fromkeys(ids) if i]
        if not wanted:
            return {}
        out = {i: r for i in wanted if isinstance(r := self._batch.get(i), kind)}
        out.update((r.id, r) for r in self.get_many(kind, [i for i in wanted if i not in self._batch]))
        return out

    def _round_teams(self, round_id: str) -> set[str]:
        """The teams of a round, as this save batch leaves them (cached for the batch)."""
        if round_id not in self._teams_cache:
            teams = {t.id: t for t in self.iter(Team, where={"round_id": round_id})}
            teams.update((r.id, r) for r in self._batch.values() if isinstance(r, Team))
            self._teams_cache[round_id] = {i for i, t in teams.items() if t.round_id == round_id and not t.deleted}
        return self._teams_cache[round_id]

    def _paper_round(self, paper: Paper) -> str | None:
        """The round a paper belongs to: its team's, else its unit's (None when neither says)."""
        team = self.find(paper.team_id, Team) if paper.team_id else None
        unit = self.find(paper.unit_id, Unit) if paper.unit_id else None
        return (team.round_id if team else None) or (unit.round_id if unit else None)

    def _number_taken(self, paper: Paper) -> builtins.list[str]:
        """A working paper's number is unique within its round (docs/domain.md §3.2)."""
        if not paper.number:
            return []
        this_round = self._paper_round(paper)
        for other in self.iter(Paper, where={"number": paper.number}):
            if other.id != paper.id and self._paper_round(other) == this_round:
                return [f"底稿编号 {paper.number} 已由本轮巡察的另一份底稿使用（{other.title}）"]
        return []

    # --- the 组长's signature (docs/domain.md §3.2) ------------------------------------------------------

    def sign_paper(self, paper_id: str, passphrase: str | bytes, on: dt.date) -> Paper:
        """Sign ``paper_id`` as the vault's owner, who must be its team's 组长, confirmed with the
        vault's passphrase; journalled as a signature ("sign-paper")."""
        if not self._passphrase_matches(passphrase):
            raise WrongPassphrase()
        with transaction(self._con):
            paper = self.get(paper_id, Paper)
            problems = self._leader_problems(paper.team_id) or rules.paper_sign_problems(paper, self.author)
            if problems:
                raise RuleViolation("；".join(problems))
            signed = dataclasses.replace(paper, state=PAPER_SIGNED, signed_by=self.author, signed_at=on)
            self._signature = (paper_id, "sign")
            try:
                [saved] = self._save_batch([signed])
            finally:
                self._signature = None
            self._journal.append("sign-paper", {"signed_by": self.author, "signed_at": on.isoformat(),
                                                "number": paper.number}, paper_id, "paper")
        assert isinstance(saved, Paper)
        return saved

    def submit_paper(self, paper_id: str, at: dt.datetime) -> Paper:
        """提交组长签字: any member hands a reviewed paper to the 组长 for signature; a dated line in its
        notes (so it travels with the paper) and journalled ("submit-paper"). The state stays 组务会审核
        until the 组长 signs."""
        with transaction(self._con):
            paper = self.get(paper_id, Paper)
            problems = rules.paper_submit_problems(paper)
            if problems:
                raise RuleViolation("；".join(problems))
            line = f"{rules.SUBMITTED_MARK} {at:%Y-%m-%d %H:%M} {self.author}】"
            notes = "\n".join(x for x in (paper.notes.rstrip(), line) if x)
            [saved] = self._save_batch([dataclasses.replace(paper, notes=notes)])
            self._journal.append("submit-paper", {"number": paper.number}, paper_id, "paper")
        assert isinstance(saved, Paper)
        return saved

    def return_paper(self, paper_id: str, reason: str, at: dt.datetime) -> Paper:
        """退回修改: the 组长 sends a signed paper back to 草稿 with a reason, written into its notes (so
        it travels with the paper) and journalled; the signature is cleared."""
        with transaction(self._con):
            paper = self.get(paper_id, Paper)
            problems = rules.paper_return_problems(paper, reason) or self._leader_problems(paper.team_id)
            if problems:
                raise RuleViolation("；".join(problems))
            line = f"【退回修改 {at:%Y-%m-%d %H:%M} {self.author}】{reason.strip()}"
            notes = "\n".join(x for x in (paper.notes.rstrip(), line) if x)
            back = dataclasses.replace(paper, state=PAPER_DRAFT, signed_by="", signed_at=None, notes=notes)
            self._signature = (paper_id, "return")
            try:
                [saved] = self._save_batch([back])
            finally:
                self._signature = None
            self._journal.append("return-paper", {"reason": reason.strip(), "signed_by": paper.signed_by},
                                 paper_id, "paper")
        assert isinstance(saved, Paper)
        return saved

    def _leader_problems(self, team_id: str | None) -> builtins.list[str]:
        return rules.leader_problems(self.author, self.iter(Member, where={"name": self.author}), team_id)

    def _write_local(self, record_id: str, kind: str, values: dict[str, str | int | None]) -> str:
        stamp = self._clock.now()
        heads = self._current_heads(record_id)
        writes = [
            FieldWrite(record_id, kind, name, stamp, value, (heads[name],) if name in heads else (), self.author)
            for name, value in values.items()
        ]
        self._apply(writes, report=None)
        self._save_clock()
        return stamp

    def delete(self, record_id: str) -> None:
        """Tombstone a record: it leaves lists and search, stays in history, and merges."""
        record = self.get(record_id)
        if record.deleted:
            return
        if isinstance(record, Paper) and (problems := rules.paper_delete_problems(record)):
            raise RuleViolation("；".join(problems))
        with transaction(self._con):
            self._write_local(record_id, record.KIND, {DELETED: 1})
            self._journal.append("delete", {"fields": {DELETED: [0, 1]}}, record_id, record.KIND)

    def restore(self, record_id: str) -> None:
        record = self.get(record_id)
        if not record.deleted:
            return
        with transaction(self._con):
            self._write_local(record_id, record.KIND, {DELETED: 0})
            self._journal.append("restore", {"fields": {DELETED: [1, 0]}}, record_id, record.KIND)

    def _save_clock(self) -> None:
        self._con.execute("INSERT OR REPLACE INTO meta VALUES ('clock', ?)", (self._clock.last,))

    # --- links ---------------------------------------------------------------------------------

    def link(self, src_id: str, dst_id: str, relation: str = "相关", note: str = "") -> Link:
        for rid in (src_id, dst_id):
            self.kind_of(rid)
        for existing in self.links(src_id):
            if existing.src_id == src_id and existing.dst_id == dst_id and existing.relation == relation:
                return existing
        saved = self.save(Link(src_id=src_id, dst_id=dst_id, relation=relation, note=note))
        assert isinstance(saved, Link)
        return saved

    def links(self, record_id: str) -> builtins.list[Link]:
        """Links from or to ``record_id`` (followed both ways), not deleted."""
        spec = kind_spec("link")
        cols = ", ".join(_columns(spec))
        rows = self._con.execute(
            f"SELECT {cols} FROM r_link WHERE deleted = 0 AND (src_id = ? OR dst_id = ?) ORDER BY created",
            (record_id, record_id))
        return [link for link in (self._row_to_record(spec, r) for r in rows) if isinstance(link, Link)]

    def linked(self, record_id: str, kind: str | None = None) -> builtins.list[Record]:
        """The records linked to ``record_id`` in either direction, optionally of one kind."""
        out = []
        for link in self.links(record_id):
            other = link.dst_id if link.src_id == record_id else link.src_id
            found = self.find(other) if other else None
            if found is not None and not found.deleted and (kind is None or found.KIND == kind):
                out.append(found)
        return out

    # --- history and conflicts -------------------------------------------------------------------

    def versions(self, record_id: str, field_name: str) -> builtins.list[Version]:
        spec = kind_spec(self.kind_of(record_id))
        fs = _spec_for(spec, field_name)
        rows = self._con.execute(
            "SELECT stamp, value, author, state FROM versions WHERE rec = ? AND field = ? AND state < 2"
            " ORDER BY stamp DESC", (self._rec(record_id), field_name))
        return [Version(s, _decode(fs, v), a, st == HEAD) for s, v, a, st in rows]

    def conflicts(self) -> builtins.list[Conflict]:
        out = []
        rows = self._con.execute(
            "SELECT c.record_id, c.field, r.kind FROM open_conflicts c JOIN records r ON r.id = c.record_id"
            " ORDER BY c.record_id, c.field").fetchall()
        for record_id, name, kind in rows:
            heads = [v for v in self.versions(record_id, name) if v.head]
            if len(heads) > 1:
                out.append(Conflict(record_id, kind, name, heads[0],
                                    tuple(h for h in heads[1:] if h.value != heads[0].value)))
        return out

    def conflict_count(self) -> int:
        return int(self._con.execute("SELECT count(*) FROM open_conflicts").fetchone()[0])

    def resolve(self, record_id: str, field_name: str, value: Any) -> None:
        """Settle a conflict with ``value``: one write whose bases are every current head."""
        kind = self.kind_of(record_id)
        fs = _spec_for(kind_spec(kind), field_name)
        stored = fs.to_storage(value) if fs else int(bool(value))
        setting = self.get(record_id, kind) if kind == "setting" and field_name in ("key", "value") else None
        if isinstance(setting, Setting):  # the value chosen must fit as a saved one must
            key, raw = (stored, setting.value) if field_name == "key" else (setting.key, stored)
            if problem := setting_problem(key, raw):
                raise RuleViolation(problem)
        heads = tuple(s for (s,) in self._con.execute(
            "SELECT stamp FROM versions WHERE rec = ? AND field = ? AND state = 0",
            (self._rec(record_id), field_name)))
        with transaction(self._con):
            old = self._projection_value(kind, record_id, field_name)
            # Other vaults refuse a write with more than MAX_BASES bases (validate_write), so past
            # that many heads the write becomes a chain: each link names the previous one and up
            # to MAX_BASES - 1 more heads; the last link's value wins everywhere.
            bases: list[str] = []
            rest = list(heads)
            while True:
                take = MAX_BASES - len(bases)
                bases, rest = bases + rest[:take], rest[take:]
                stamp = self._clock.now()
                self._apply([FieldWrite(record_id, kind, field_name, stamp, stored, tuple(bases), self.author)],
                            report=None)
                if not rest:
                    break
                bases = [stamp]
            self._save_clock()
            self._journal.append("resolve", {"fields": {field_name: [old, stored]}, "heads": list(heads)},
                                 record_id, kind)

    def _projection_value(self, kind: str, record_id: str, name: str) -> Any:
        column = DELETED if name == DELETED else kind_spec(kind).field(name).name
        row = self._con.execute(f"SELECT {column} FROM {table(kind)} WHERE id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    # --- replication ---------------------------------------------------------------------------

    def setting_violations(self, writes: Iterable[FieldWrite]) -> builtins.list[str]:
        """Why merging ``writes`` (a package's) could leave a setting out of its declared range:
        the reasons, in Chinese, or an empty list. Looks only at ``setting`` writes, and reads only
        the records they name (app/domain/settings.py, docs/vault.md "Settings")."""
        def stored(record_id: str) -> tuple[str | None, str | None] | None:
            row = self._con.execute(f"SELECT key, value FROM {table('setting')} WHERE id = ?",
                                    (record_id,)).fetchone()
            return None if row is None else (row[0], row[1])

        return _setting_violations(writes, stored)

    def writes_since(self, seq: int = 0) -> Iterator[tuple[int, FieldWrite]]:
        """Every known write that arrived here after local sequence ``seq``, oldest first."""
        for s, rid, kind, name, stamp, value, bases, author in self.write_rows_since(seq):
            yield s, FieldWrite(rid, kind, name, stamp, value, _bases(bases), author)

    def writes_of(self, record_ids: Iterable[str], seq: int = 0) -> builtins.list[tuple[int, FieldWrite]]:
        """The writes of the given records that arrived after local sequence ``seq``, oldest first."""
        return [(s, FieldWrite(rid, kind, name, stamp, value, _bases(bases), author))
                for s, rid, kind, name, stamp, value, bases, author in self.write_rows_of(record_ids, seq)]

    def write_rows_since(self, seq: int = 0) -> Iterator[WriteRow]:
        """:meth:`writes_since` as stored rows (the bases as their JSON text): an export encodes them
        straight into package lines (app/exchange/package/format.py ``encode_row``)."""
        cursor = self._con.execute(
            "SELECT v.seq, r.id, r.kind, v.field, v.stamp, v.value, v.bases, v.author"
            " FROM versions v JOIN records r ON r.n = v.rec WHERE v.seq > ? AND v.state < 2 ORDER BY v.seq",
            (seq,))
        # Not "yield from": a generator left unfinished (an export stops at its upper bound) would close
        # the cursor when collected, which raises once the vault is closed.
        for row in cursor:  # noqa: UP028 (see above)
            yield row

    def write_rows_of(self, record_ids: Iterable[str], seq: int = 0) -> builtins.list[WriteRow]:
        """:meth:`writes_of` as stored rows, oldest first. For packages of a chosen scope: a few
        thousand records of a large vault, read by index instead of scanning every write."""
        ids = sorted(set(record_ids))
        rows: builtins.list[WriteRow] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows.extend(self._con.execute(
                "SELECT v.seq, r.id, r.kind, v.field, v.stamp, v.value, v.bases, v.author"
                " FROM records r JOIN versions v ON v.rec = r.n"
                f" WHERE r.id IN ({', '.join('?' * len(chunk))}) AND v.seq > ? AND v.state < 2",
                (*chunk, seq)))
        rows.sort(key=itemgetter(0))
        return rows

    @property
    def last_seq(self) -> int:
        """The local sequence number of the latest write (0 in an empty vault)."""
        row = self._con.execute("SELECT coalesce(max(seq), 0) FROM versions").fetchone()
        return int(row[0])

    def merge(self, writes: Iterable[FieldWrite], *, source: str = "") -> MergeReport:
        """Merge writes from elsewhere in one transaction: all or nothing."""
        checked = [validate_write(w) for w in writes]
        with transaction(self._con):
            return self.merge_within(checked, source=source)

    def merge_within(self, writes: Iterable[FieldWrite], *, source: str = "", validated: bool = False) -> MergeReport:
        """:meth:`merge` inside the caller's transaction (a package adds its blobs and ledger row to it).

        ``validated``: every write already passed :func:`validate_write` (a package's lines do, as
        they are read), so it is not checked twice.
        """
        checked = list(writes) if validated else [validate_write(w) for w in writes]
        report = MergeReport(writes_seen=len(checked))
        kinds = self._apply(checked, report=report)
        if report.writes_new:
            self._save_clock()
            self._journal.append_many(
                ("merge", rid, kinds[rid][0], {"fields": fields, "source": source})
                for rid, fields in report.changed.items())
        return report

    def _apply(self, writes: Sequence[FieldWrite], report: MergeReport | None) -> dict[str, tuple[str, int]]:
        """Insert writes, update heads, then re-project every touched field. Inside a transaction.
        Returns the kind and records.n of every record the writes name."""
        con = self._con
        touched: dict[str, set[str]] = defaultdict(set)
        kinds: dict[str, tuple[str, int]] = {}
        last = newest = self._clock.last
        # Read in sets before the loop: the records the writes name, and every version of those that
        # exist ((rec, field, stamp) -> [seq, state]); the loop keeps this map as it goes, so each write
        # is checked against it instead of by a look-up of its own, and what it writes is kept to be
        # written in sets after the loop: new records, placeholders deleted, heads superseded, versions
        # inserted in the loop's order (docs/package-format.md, "How this program imports").
        ids = builtins.list(dict.fromkeys(w.record_id for w in writes))
        existing: dict[str, tuple[str, int]] = {}
        for chunk in _chunks(ids):
            existing.update((rid, (str(kind), int(n))) for rid, kind, n in con.execute(
                f"SELECT id, kind, n FROM records WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
        #: key -> [seq, state]; seq 0 for a version this merge writes (it is in ``pending``).
        versions: dict[tuple[int, str, str], builtins.list[int]] = {}
        recs = [n for _kind, n in existing.values()]
        for chunk in _chunks(recs):
            for rec_n, name, stamp, seq, state in con.execute(
                    "SELECT rec, field, stamp, seq, state FROM versions"
                    f" WHERE rec IN ({', '.join('?' * len(chunk))})", chunk):
                versions[(rec_n, name, stamp)] = [seq, state]
        pending: dict[tuple[int, str, str], tuple[Any, ...]] = {}
        new_records: builtins.list[tuple[int, str, str]] = []
        deleted: builtins.list[tuple[int]] = []
        superseded: builtins.list[tuple[int]] = []
        next_n: int | None = None
        for w in writes:
            known = kinds.get(w.record_id)
            if known is None:
                known = existing.get(w.record_id)
                if known is None:
                    if next_n is None:  # what INTEGER PRIMARY KEY would give: one more than the largest
                        next_n = int(con.execute("SELECT coalesce(max(n), 0) FROM records").fetchone()[0])
                    next_n += 1
                    new_records.append((next_n, w.record_id, w.kind))
                    if report is not None:
                        report.added.append(w.record_id)
                    known = (w.kind, next_n)
                kinds[w.record_id] = known
            kind, rec = known
            if kind != w.kind:
                raise InvalidChange(f"记录 {w.record_id} 的类型不一致")
            key = (rec, w.field, w.stamp)
            row = versions.get(key)
            if row is not None and row[1] != PLACEHOLDER:
                continue  # already known: merging is idempotent
            if row is not None:
                # Seen before only as someone's base, so it is already superseded. Delete and insert
                # rather than update, so it gets a new seq and goes out in the next incremental package.
                if row[0]:
                    deleted.append((row[0],))
                else:
                    del pending[key]  # a placeholder of this merge: it goes in at this write's place
            # The value is stored as is: SQLite keeps TEXT, INTEGER and NULL apart in this column.
            bases = _BASES.encode(sorted(w.bases)) if w.bases else "[]"
            pending[key] = (w.value, bases, w.author)
            versions[key] = [0, HEAD if row is None else SUPERSEDED]
            for base in w.bases:
                based = versions.get((rec, w.field, base))
                if based is not None:
                    if based[1] == HEAD:  # a head until now: superseded
                        based[1] = SUPERSEDED
                        if based[0]:
                            superseded.append((based[0],))
                    continue  # superseded or a placeholder already: nothing changes
                pending[(rec, w.field, base)] = (None, None, "")
                versions[(rec, w.field, base)] = [0, PLACEHOLDER]
            if w.stamp > newest:
                newest = w.stamp
            touched[w.record_id].add(w.field)
            if report is not None:
                report.writes_new += 1
        if newest > last:  # the clock moves past the newest write (observing each in turn ends the same)
            try:
                self._clock.observe(newest)
            except ValueError as exc:  # too far in the future: refuse the batch, not crash
                raise InvalidChange("时间戳超前过多") from exc
        con.executemany("INSERT INTO records (n, id, kind) VALUES (?, ?, ?)", new_records)
        con.executemany("DELETE FROM versions WHERE seq = ?", deleted)
        con.executemany("UPDATE versions SET state = 1 WHERE seq = ?", superseded)
        con.executemany("INSERT INTO versions (rec, field, stamp, value, bases, author, state)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(*key, *row, versions[key][1]) for key, row in pending.items()])
        # The versions of the records this merge creates are all in hand: their heads and first and
        # last stamps are taken from here, not read back (_project reads them for the others).
        new_recs = {n for n, _rid, _kind in new_records}
        span: dict[int, tuple[str, str]] = {}
        heads_of: dict[tuple[int, str], builtins.list[tuple[str, Any]]] = defaultdict(builtins.list)
        for (rec, name, stamp), (_seq, state) in versions.items():
            if rec in new_recs and state != PLACEHOLDER:
                first, newest_here = span.get(rec, (stamp, stamp))
                span[rec] = (min(first, stamp), max(newest_here, stamp))
                if state == HEAD:
                    heads_of[(rec, name)].append((stamp, pending[(rec, name, stamp)][0]))
        for heads in heads_of.values():
            heads.sort(key=itemgetter(0), reverse=True)
        self._project(touched, kinds, report, new={rid for _n, rid, _kind in new_records},
                      known=(span, heads_of))
        return kinds

    def _project(self, touched: dict[str, set[str]], kinds: dict[str, tuple[str, int]],
                 report: MergeReport | None, new: set[str] | frozenset[str] = frozenset(),
                 known: tuple[dict[int, tuple[str, str]], dict[tuple[int, str], builtins.list[tuple[str, Any]]]]
                 | None = None) -> None:
        """Recompute the winning value of each touched field, and the records' rows, conflicts and
        search entries. What it needs is read in sets (the records' first and last stamps, the heads
        of their fields, their rows, their open conflicts), what it writes is written in sets; the
        records are gone through in ``touched``'s order, so the report is what one at a time gave.

        The rows of ``new`` records (created by this merge: no row yet) start as the table's
        defaults (NULL, and 0 for the tombstone) and go in whole, one INSERT per kind; ``known`` gives
        their first and last stamps and their fields' heads (newest first), which are then not read."""
        con = self._con
        recs = [kinds[rid][1] for rid in touched if rid not in new or known is None]
        span: dict[int, tuple[Any, Any]] = dict(known[0]) if known is not None else {}
        heads_of: dict[tuple[int, str], builtins.list[tuple[str, Any]]] = defaultdict(builtins.list)
        if known is not None:
            heads_of.update(known[1])
        for chunk in _chunks(recs):
            marks = ", ".join("?" * len(chunk))
            span.update((rec, (first, last)) for rec, first, last in con.execute(
                f"SELECT rec, min(stamp), max(stamp) FROM versions WHERE rec IN ({marks}) AND state < 2"
                " GROUP BY rec", chunk))
            for rec, name, stamp, value in con.execute(
                    f"SELECT rec, field, stamp, value FROM versions WHERE rec IN ({marks}) AND state = 0"
                    " ORDER BY rec, field, stamp DESC", chunk):
                heads_of[(rec, name)].append((stamp, value))
        by_kind: dict[str, builtins.list[str]] = defaultdict(builtins.list)
        for rid in touched:
            by_kind[kinds[rid][0]].append(rid)
        rows: dict[str, builtins.list[Any]] = {}
        for kind, all_rids in by_kind.items():
            spec, tbl = kind_spec(kind), table(kind)
            blank = [None, None, None, 0, *(None for _ in spec.field_names)]
            rows.update((rid, [rid, *blank[1:]]) for rid in all_rids if rid in new)
            rids = [rid for rid in all_rids if rid not in new]
            con.executemany(f"INSERT OR IGNORE INTO {tbl} (id, created, updated) VALUES (?, ?, ?)",
                            [(rid, *span.get(kinds[rid][1], (None, None))) for rid in rids])
            for chunk in _chunks(rids):
                rows.update((row[0], builtins.list(row)) for row in con.execute(
                    f"SELECT {', '.join(_columns(spec))} FROM {tbl} WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk))
        ids = builtins.list(touched)
        conflicted: set[tuple[str, str]] = set()
        for chunk in _chunks(ids):
            conflicted.update((rid, name) for rid, name in con.execute(
                f"SELECT record_id, field FROM open_conflicts WHERE record_id IN ({', '.join('?' * len(chunk))})",
                chunk))
        opened: builtins.list[tuple[str, str]] = []
        settled: builtins.list[tuple[str, str]] = []
        updates: dict[str, builtins.list[tuple[Any, ...]]] = defaultdict(builtins.list)
        inserts: dict[str, builtins.list[builtins.list[Any]]] = defaultdict(builtins.list)
        search: builtins.list[tuple[int, str, builtins.list[Any]]] = []  # (records.n, kind, row)
        search_new: builtins.list[tuple[int, str, builtins.list[Any]]] = []  # never indexed: nothing to delete
        for record_id, names in touched.items():
            kind, rec = kinds[record_id]
            spec, row = kind_spec(kind), rows[record_id]
            created, updated = span.get(rec, (None, None))
            row[1], row[2] = created, updated
            sets, params, changed = ["created = ?", "updated = ?"], [created, updated], {}
            index = _row_index(kind)  # the tombstone and the kind's fields
            for name in sorted(names):
                where = index.get(name)
                if where is None:
                    continue  # a field from a newer program: kept in versions, not shown
                heads = heads_of.get((rec, name))
                if not heads:  # cannot happen with valid writes (bases are older); be safe anyway
                    heads = con.execute(
                        "SELECT stamp, value FROM versions WHERE rec = ? AND field = ? AND state < 2"
                        " ORDER BY stamp DESC LIMIT 1", (rec, name)).fetchall()
                winner = heads[0][1]
                key = (record_id, name)
                if len(heads) > 1 and any(h[1] != winner for h in heads[1:]):
                    if key not in conflicted:
                        conflicted.add(key)
                        opened.append(key)
                        if report is not None:
                            report.conflicts.append(key)
                elif key in conflicted:  # (deleting a conflict that is not open changes nothing)
                    settled.append(key)
                    conflicted.discard(key)
                if name == DELETED:
                    winner = int(bool(winner))
                old = row[where]
                if old != winner:
                    changed[name] = [old, winner]
                    sets.append(f"{name} = ?")
                    params.append(winner)
                    row[where] = winner
            if record_id in new:
                inserts[kind].append(row)
            else:
                updates[f"UPDATE {table(kind)} SET {', '.join(sets)} WHERE id = ?"].append((*params, record_id))
            if changed:
                if report is not None:
                    report.changed[record_id] = changed
                (search_new if record_id in new else search).append((rec, kind, row))
        con.executemany("INSERT OR IGNORE INTO open_conflicts VALUES (?, ?)", opened)
        con.executemany("DELETE FROM open_conflicts WHERE record_id = ? AND field = ?", settled)
        for kind, new_rows in inserts.items():
            columns = _columns(kind_spec(kind))
            marks = ", ".join("?" * len(columns))
            con.executemany(f"INSERT INTO {table(kind)} ({', '.join(columns)}) VALUES ({marks})", new_rows)
        for statement, params_list in updates.items():
            con.executemany(statement, params_list)
        self._search.replace_rows(search)  # the changed records' index entries, in a few statements
        self._search.replace_rows(search_new, new=True)

    # --- comparing vaults --------------------------------------------------------------------------

    def content_digest(self) -> str:
        """SHA-256 over the replicated content (writes, winning values, conflicts); local order excluded."""
        h = hashlib.sha256()
        for row in self._con.execute(
            "SELECT r.id, v.field, v.stamp, v.value, v.bases, v.author, v.state"
            " FROM versions v JOIN records r ON r.n = v.rec ORDER BY 1, 2, 3"
        ):
            h.update(json.dumps(row, ensure_ascii=False).encode())
        for kind in KINDS:
            for row in self._con.execute(f"SELECT * FROM {table(kind)} ORDER BY id"):
                h.update(json.dumps(row, ensure_ascii=False).encode())
        for row in self._con.execute("SELECT * FROM open_conflicts ORDER BY 1, 2"):
            h.update(json.dumps(row).encode())
        for row in self._con.execute("SELECT sha256, size FROM blobs ORDER BY 1"):
            h.update(json.dumps(row).encode())
        return h.hexdigest()


@functools.cache
def _empty_values(kind: str) -> tuple[str | int | None, ...]:
    """Each field's stored value when empty, to tell which fields a new record sets."""
    return tuple(f.to_storage(f.empty()) for f in kind_spec(kind).fields)


def _decode(fs: FieldSpec | None, raw: str | None) -> Any:
    value = raw
    return bool(value) if fs is None else fs.from_storage(value)


def _utf8(text: str) -> bool:
    """False for text SQLite cannot store (lone surrogates, e.g. from a JSON "\\ud800" escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_list_shape(kind: FieldType, loaded: Any) -> None:
    """REFS hold a list of ids; ROWS a list of str -> str dicts (what to_storage makes)."""
    if not isinstance(loaded, list) or len(loaded) > 10_000:
        raise ValueError("not a list")
    for item in loaded:
        if kind is FieldType.REFS and not (isinstance(item, str) and len(item) <= 64):
            raise ValueError("bad id")
        if kind is FieldType.ROWS and not (isinstance(item, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in item.items())):
            raise ValueError("bad row")


def validate_write(w: FieldWrite, *, shaped: bool = False) -> FieldWrite:
    """Refuse a write that does not fit: unknown kind or field, bad id or stamp, wrong value type.

    ``shaped``: the id is a canonical lower-case UUID and the stamp and bases are strings of the
    stamp's pattern, at most 64 of them, already (a package line the compiled check took,
    app/exchange/package/format.py); those checks are not repeated.
    """
    if not shaped and (not isinstance(w.record_id, str) or not is_uuid(w.record_id)):
        raise InvalidChange("记录编号格式错误")
    if w.kind not in KINDS:
        raise InvalidChange(f"未知记录类型 {str(w.kind)[:40]}")
    spec = KINDS[w.kind]
    if not shaped and (not isinstance(w.stamp, str) or not STAMP_RE.match(w.stamp)):
        raise InvalidChange("时间戳格式错误")
    if shaped:
        if w.bases and max(w.bases) >= w.stamp:
            raise InvalidChange("前序版本格式错误")
    elif len(w.bases) > MAX_BASES or any(not isinstance(b, str) or not STAMP_RE.match(b) or b >= w.stamp
                                         for b in w.bases):
        raise InvalidChange("前序版本格式错误")
    # (A shaped write's text came through msgspec, which refuses a lone surrogate: it is valid UTF-8.)
    if not isinstance(w.author, str) or len(w.author) > 200 or not (shaped or _utf8(w.author)):
        raise InvalidChange("作者格式错误")
    if w.field == DELETED:
        if type(w.value) is not int or w.value not in (0, 1):
            raise InvalidChange("删除标记格式错误")
        return w
    fs = spec.find_field(w.field)
    if fs is None:
        raise InvalidChange(f"{w.kind} 没有字段 {str(w.field)[:40]}")
    try:
        if w.value is not None:
            # Exactly what to_storage makes: int for INT and BOOL, str for every other type.
            numeric = fs.type in (FieldType.INT, FieldType.BOOL)
            if type(w.value) is not (int if numeric else str):
                raise TypeError(type(w.value))
            if isinstance(w.value, int) and not (-(2**63) <= w.value < 2**63 and
                                                 (fs.type is FieldType.INT or w.value in (0, 1))):
                raise ValueError(w.value)  # beyond SQLite INTEGER, or a bool other than 0/1
            if isinstance(w.value, str) and not shaped and not _utf8(w.value):
                raise ValueError("lone surrogate")
            if fs.type in (FieldType.REFS, FieldType.ROWS):
                _check_list_shape(fs.type, json.loads(str(w.value)))
            elif fs.type in _PARSED_TYPES:
                fs.from_storage(w.value)  # (for the other types, with the value's type checked, it cannot fail)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidChange(f"字段 {w.field} 的值格式错误") from exc
    return w
