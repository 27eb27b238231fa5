"""The merge as it was before issue 15 §3: one statement per write, then one projection per record.

Kept only as the reference the set-based merge (``RecordStore._apply``) is held to, write set by
write set (tests/test_merge_sets.py). A copy of the old code, with ``self`` the store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from app.domain.records import kind_spec
from app.storage.errors import InvalidChange
from app.storage.store import (
    DELETED,
    HEAD,
    PLACEHOLDER,
    SUPERSEDED,
    FieldWrite,
    MergeReport,
    RecordStore,
    _spec_for,
    table,
)


def merge_per_write(store: RecordStore, writes: Sequence[FieldWrite], *, source: str = "") -> MergeReport:
    """``RecordStore.merge_within`` on the old path, inside the caller's transaction."""
    report = MergeReport(writes_seen=len(writes))
    apply_per_write(store, writes, report)
    if report.writes_new:
        store._save_clock()
        store._journal.append_many(
            ("merge", rid, store.kind_of(rid), {"fields": fields, "source": source})
            for rid, fields in report.changed.items())
    return report


def apply_per_write(store: RecordStore, writes: Sequence[FieldWrite], report: MergeReport | None) -> None:
    """Insert writes, update heads, then re-project every touched field. Inside a transaction."""
    con = store._con
    touched: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, tuple[str, int]] = {}
    for w in writes:
        known = kinds.get(w.record_id)
        if known is None:
            row = con.execute("SELECT kind, n FROM records WHERE id = ?", (w.record_id,)).fetchone()
            if row is None:
                cur = con.execute("INSERT INTO records (id, kind) VALUES (?, ?)", (w.record_id, w.kind))
                if report is not None:
                    report.added.append(w.record_id)
                known = (w.kind, int(cur.lastrowid))
            else:
                known = (str(row[0]), int(row[1]))
            kinds[w.record_id] = known
        kind, rec = known
        if kind != w.kind:
            raise InvalidChange(f"记录 {w.record_id} 的类型不一致")
        row = con.execute("SELECT seq, state FROM versions WHERE rec = ? AND field = ? AND stamp = ?",
                          (rec, w.field, w.stamp)).fetchone()
        if row is not None and row[1] != PLACEHOLDER:
            continue  # already known: merging is idempotent
        bases = json.dumps(sorted(w.bases))
        if row is not None:
            # Seen before only as someone's base, so it is already superseded. Delete and insert
            # rather than update, so it gets a new seq and goes out in the next incremental package.
            con.execute("DELETE FROM versions WHERE seq = ?", (row[0],))
        # The value is stored as is: SQLite keeps TEXT, INTEGER and NULL apart in this column.
        con.execute("INSERT INTO versions (rec, field, stamp, value, bases, author, state)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rec, w.field, w.stamp, w.value, bases, w.author, HEAD if row is None else SUPERSEDED))
        for base in w.bases:
            cur = con.execute("UPDATE versions SET state = 1 WHERE rec = ? AND field = ? AND stamp = ?"
                              " AND state = 0", (rec, w.field, base))
            if cur.rowcount == 0:
                con.execute("INSERT OR IGNORE INTO versions (rec, field, stamp, value, bases, author, state)"
                            " VALUES (?, ?, ?, NULL, NULL, '', ?)", (rec, w.field, base, PLACEHOLDER))
        if w.stamp > store._clock.last:
            try:
                store._clock.observe(w.stamp)
            except ValueError as exc:  # too far in the future: refuse the batch, not crash
                raise InvalidChange("时间戳超前过多") from exc
        touched[w.record_id].add(w.field)
        if report is not None:
            report.writes_new += 1
    for record_id, names in touched.items():
        _project(store, record_id, *kinds[record_id], names, report)

def _project(store: RecordStore, record_id: str, kind: str, rec: int, names: set[str],
             report: MergeReport | None) -> None:
    """Recompute the winning value of ``names`` and the record's row, conflicts and search entry."""
    con = store._con
    spec = kind_spec(kind)
    tbl = table(kind)
    created, updated = con.execute(
        "SELECT min(stamp), max(stamp) FROM versions WHERE rec = ? AND state < 2", (rec,)).fetchone()
    con.execute(f"INSERT OR IGNORE INTO {tbl} (id, created, updated) VALUES (?, ?, ?)",
                (record_id, created, updated))
    sets, params, changed = ["created = ?", "updated = ?"], [created, updated], {}
    for name in sorted(names):
        fs = _spec_for(spec, name) if (name == DELETED or name in spec.field_names) else None
        if name != DELETED and fs is None:
            continue  # a field from a newer program: kept in versions, not shown
        heads = con.execute(
            "SELECT stamp, value FROM versions WHERE rec = ? AND field = ? AND state = 0"
            " ORDER BY stamp DESC", (rec, name)).fetchall()
        if not heads:  # cannot happen with valid writes (bases are older); be safe anyway
            heads = con.execute(
                "SELECT stamp, value FROM versions WHERE rec = ? AND field = ? AND state < 2"
                " ORDER BY stamp DESC LIMIT 1", (rec, name)).fetchall()
        winner = heads[0][1]
        if any(h[1] != heads[0][1] for h in heads[1:]):
            if con.execute("INSERT OR IGNORE INTO open_conflicts VALUES (?, ?)", (record_id, name)).rowcount:
                if report is not None:
                    report.conflicts.append((record_id, name))
        else:
            con.execute("DELETE FROM open_conflicts WHERE record_id = ? AND field = ?", (record_id, name))
        column = DELETED if name == DELETED else name
        old = con.execute(f"SELECT {column} FROM {tbl} WHERE id = ?", (record_id,)).fetchone()[0]
        if name == DELETED:
            winner = int(bool(winner))
        if old != winner:
            changed[name] = [old, winner]
            sets.append(f"{column} = ?")
            params.append(winner)
    con.execute(f"UPDATE {tbl} SET {', '.join(sets)} WHERE id = ?", (*params, record_id))
    if changed:
        if report is not None:
            report.changed[record_id] = changed
        store._search.reindex(store.get(record_id, kind))

