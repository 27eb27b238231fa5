"""Unsaved editor edits kept inside the vault while it is locked (and across a quit or a kill).

A draft is an opaque JSON document the UI writes when the store refuses an editor's edits at
lock time. It lives in the vault's local ``meta`` table under ``draft:<key>``: encrypted with
the rest of the vault, never replicated (packages carry records, not meta rows) and not part
of :meth:`RecordStore.content_digest`, so two vaults that hold the same records still compare
equal. Nothing here knows the document's shape.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from app.storage.connection import Connection, transaction

PREFIX = "draft:"


class DraftStore:
    def __init__(self, con: Connection) -> None:
        self._con = con

    def put(self, document: dict[str, Any]) -> str:
        """Store a draft; returns its key."""
        key = uuid.uuid4().hex
        with transaction(self._con):
            self._con.execute("INSERT INTO meta VALUES (?, ?)",
                              (PREFIX + key, json.dumps(document, ensure_ascii=False)))
        return key

    def get(self, key: str) -> dict[str, Any] | None:
        row = self._con.execute("SELECT value FROM meta WHERE key = ?", (PREFIX + key,)).fetchone()
        return None if row is None else _loads(str(row[0]))

    def all(self) -> list[tuple[str, dict[str, Any]]]:
        """Every stored draft as (key, document); unreadable rows are skipped."""
        rows = self._con.execute("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?",
                                 (len(PREFIX), PREFIX)).fetchall()
        out = []
        for name, value in rows:
            document = _loads(str(value))
            if document is not None:
                out.append((str(name)[len(PREFIX):], document))
        return out

    def remove(self, key: str) -> bool:
        """Drop a draft (restored or discarded); True when there was one."""
        with transaction(self._con):
            cursor = self._con.execute("DELETE FROM meta WHERE key = ?", (PREFIX + key,))
        return bool(cursor.rowcount)


def _loads(text: str) -> dict[str, Any] | None:
    try:
        loaded = json.loads(text)
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) else None
