"""The audit trail: who changed what, when, with old and new values; append-only and hash-chained.

Each row's hash covers its own content and the previous row's hash, so removing, reordering or
editing any row breaks every hash after it, which :func:`verify` finds. Triggers in the schema
refuse UPDATE and DELETE on the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from app.storage.connection import Connection

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    device: str
    action: str
    record_id: str | None
    kind: str | None
    detail: dict[str, Any]

    @property
    def changes(self) -> dict[str, list[Any]]:
        """For record changes: field -> [old, new]."""
        fields = self.detail.get("fields", {})
        return fields if isinstance(fields, dict) else {}


# Made once: json.dumps with options makes an encoder at every call (a bulk save journals thousands).
# Their output is json.dumps's with the same options, byte for byte, so the hash chain is unchanged.
_DETAIL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
_BODY = json.JSONEncoder(ensure_ascii=False)


def _digest(prev: str, seq: int, at: str, actor: str, device: str, action: str,
            record_id: str | None, kind: str | None, detail: str) -> str:
    body = _BODY.encode([seq, at, actor, device, action, record_id, kind, detail])
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def now_text() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Journal:
    """Appends to and reads the audit trail of one open vault."""

    def __init__(self, con: Connection, actor: str, device: str) -> None:
        self._con = con
        self.actor = actor
        self.device = device

    def _head(self) -> tuple[int, str]:
        row = self._con.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)

    def append_many(self, items: Iterable[tuple[str, str | None, str | None, dict[str, Any]]]) -> None:
        """Append (action, record_id, kind, detail) rows; call inside the change's transaction."""
        seq, prev = self._head()
        at = now_text()
        rows = []
        for action, record_id, kind, detail in items:
            seq += 1
            text = _DETAIL.encode(detail)
            digest = _digest(prev, seq, at, self.actor, self.device, action, record_id, kind, text)
            rows.append((seq, at, self.actor, self.device, action, record_id, kind, text, prev, digest))
            prev = digest
        self._con.executemany("INSERT INTO journal VALUES (?,?,?,?,?,?,?,?,?,?)", rows)

    def append(self, action: str, detail: dict[str, Any], record_id: str | None = None,
               kind: str | None = None) -> None:
        self.append_many([(action, record_id, kind, detail)])

    def entries(self, record_id: str | None = None, limit: int = 1000) -> list[Entry]:
        if record_id is None:
            cur = self._con.execute(
                "SELECT seq, at, actor, device, action, record_id, kind, detail FROM journal"
                " ORDER BY seq DESC LIMIT ?", (limit,))
        else:
            cur = self._con.execute(
                "SELECT seq, at, actor, device, action, record_id, kind, detail FROM journal"
                " WHERE record_id = ? ORDER BY seq DESC LIMIT ?", (record_id, limit))
        return [Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7])) for r in cur]


def verify(con: Connection) -> Iterator[str]:
    """Yield a problem for every row whose hash or link is wrong (nothing when the chain holds)."""
    prev, expected_seq = GENESIS_HASH, 1
    cur = con.execute(
        "SELECT seq, at, actor, device, action, record_id, kind, detail, prev_hash, hash FROM journal ORDER BY seq")
    for seq, at, actor, device, action, record_id, kind, detail, prev_hash, digest in cur:
        if seq != expected_seq:
            yield f"审计记录序号不连续：期望 {expected_seq}，实际 {seq}"
        if prev_hash != prev:
            yield f"审计记录 {seq} 与前一条的链接不符"
        if _digest(prev_hash, seq, at, actor, device, action, record_id, kind, detail) != digest:
            yield f"审计记录 {seq} 的内容与其哈希不符"
        prev, expected_seq = digest, seq + 1
