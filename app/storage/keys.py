"""Keys and the package ledger, as rows in the vault (schema v002).

This module only stores and reads; making keys, signing and encrypting is
:mod:`app.exchange.package`. Nothing here interprets the key material: the secrets are kept as
text inside the encrypted database and never leave it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.storage.connection import Connection
from app.storage.journal import now_text

SIGNING, AGE = "ed25519", "age"


@dataclass(frozen=True)
class OwnKey:
    name: str
    secret: str
    public: str
    created_at: str


@dataclass(frozen=True)
class TrustedKey:
    fingerprint: str
    signing_key: str
    age_recipient: str
    vault_id: str
    device_id: str
    role: str
    owner: str
    added_at: str = ""
    #: Confirmed under the key fingerprint (schema v004); False for keys trusted before it.
    verified: bool = True


@dataclass(frozen=True)
class PackageEntry:
    package_id: str
    direction: str
    kind: str
    signer: str
    device_id: str
    seq: int
    recipients: list[str]
    since: int
    upto: int
    created_at: str
    at: str
    report: dict[str, Any]


class KeyStore:
    """Own keys, trusted keys and the package ledger of one open vault."""

    def __init__(self, con: Connection) -> None:
        self._con = con

    # --- own keys ------------------------------------------------------------------------------

    def own(self, name: str) -> OwnKey | None:
        row = self._con.execute("SELECT name, secret, public, created_at FROM own_keys WHERE name = ?",
                                (name,)).fetchone()
        return OwnKey(*row) if row else None

    def put_own(self, name: str, secret: str, public: str) -> None:
        """Store a new own key; call inside a transaction. An existing key is never replaced."""
        self._con.execute("INSERT OR IGNORE INTO own_keys VALUES (?, ?, ?, ?)", (name, secret, public, now_text()))

    # --- trusted keys ----------------------------------------------------------------------------

    _COLUMNS = "fingerprint, signing_key, age_recipient, vault_id, device_id, role, owner, added_at, verified"

    @staticmethod
    def _key(row: Any) -> TrustedKey:
        return TrustedKey(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]))

    def trusted(self, signing_key: str) -> TrustedKey | None:
        row = self._con.execute(f"SELECT {self._COLUMNS} FROM trusted_keys WHERE signing_key = ?",
                                (signing_key,)).fetchone()
        return self._key(row) if row else None

    def all_trusted(self) -> list[TrustedKey]:
        rows = self._con.execute(f"SELECT {self._COLUMNS} FROM trusted_keys ORDER BY added_at, fingerprint")
        return [self._key(r) for r in rows]

    def put_trusted(self, key: TrustedKey) -> None:
        """Trust ``key``, or replace what was trusted for its signing key (call inside a transaction).

        Whether a replacement is allowed is the caller's decision (app/exchange/package/keys.py:
        only after the person confirmed the new key fingerprint); this only stores it.
        """
        self._con.execute(f"INSERT OR REPLACE INTO trusted_keys ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (key.fingerprint, key.signing_key, key.age_recipient, key.vault_id, key.device_id,
                           key.role, key.owner, now_text(), int(key.verified)))

    # --- the package ledger ----------------------------------------------------------------------

    def package_known(self, package_id: str) -> bool:
        return self._con.execute("SELECT 1 FROM packages WHERE package_id = ?", (package_id,)).fetchone() is not None

    def imported(self, package_id: str) -> PackageEntry | None:
        for entry in self._entries(" WHERE package_id = ? AND direction = 'in'", (package_id,)):
            return entry
        return None

    def seqs_in(self, signer: str) -> set[int]:
        """Every seq imported from the signing key ``signer`` (a set: an earlier one may come later)."""
        rows = self._con.execute("SELECT seq FROM packages WHERE direction = 'in' AND signer = ?", (signer,))
        return {int(r[0]) for r in rows}

    def seq_imported_at(self, signer: str, seq: int) -> str | None:
        """When the package number ``seq`` of ``signer`` was imported (None when it was not)."""
        row = self._con.execute("SELECT at FROM packages WHERE direction = 'in' AND signer = ? AND seq = ?",
                                (signer, seq)).fetchone()
        return str(row[0]) if row else None

    def next_seq_out(self) -> int:
        row = self._con.execute("SELECT coalesce(max(seq), 0) FROM packages WHERE direction = 'out'").fetchone()
        return int(row[0]) + 1

    def reserve_seq_out(self) -> int:
        """Take the next package number for good (call inside a transaction, before writing the
        package): a package a crash leaves complete but unrecorded never shares its number."""
        row = self._con.execute("SELECT last_seq FROM package_counters WHERE direction = 'out'").fetchone()
        seq = max(int(row[0]) if row else 0, self.next_seq_out() - 1) + 1
        self._con.execute("INSERT INTO package_counters (direction, last_seq) VALUES ('out', ?)"
                          " ON CONFLICT (direction) DO UPDATE SET last_seq = excluded.last_seq", (seq,))
        return seq

    def add_pending_file(self, path: str | os.PathLike[str]) -> None:
        self._con.execute("INSERT OR REPLACE INTO pending_files (path, started_at) VALUES (?, ?)",
                          (os.fspath(path), now_text()))

    def drop_pending_file(self, path: str | os.PathLike[str]) -> None:
        self._con.execute("DELETE FROM pending_files WHERE path = ?", (os.fspath(path),))

    def pending_files(self) -> list[str]:
        return [str(r[0]) for r in self._con.execute("SELECT path FROM pending_files ORDER BY path")]

    def last_upto_for(self, recipient: str) -> int | None:
        """The local seq covered by the latest package made for ``recipient`` (None if none was)."""
        for (recipients, upto) in self._con.execute(
                "SELECT recipients, upto FROM packages WHERE direction = 'out' ORDER BY seq DESC"):
            if recipient in json.loads(recipients):
                return int(upto)
        return None

    def record(self, entry: PackageEntry) -> None:
        """Add a ledger row; call inside the transaction that imports (or after exporting) it."""
        self._con.execute(
            "INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.package_id, entry.direction, entry.kind, entry.signer, entry.device_id, entry.seq,
             json.dumps(entry.recipients), entry.since, entry.upto, entry.created_at, entry.at or now_text(),
             json.dumps(entry.report, ensure_ascii=False, sort_keys=True)))

    def packages(self, direction: str | None = None) -> list[PackageEntry]:
        if direction is None:
            return self._entries("", ())
        return self._entries(" WHERE direction = ?", (direction,))

    def _entries(self, where: str, params: tuple[str, ...]) -> list[PackageEntry]:
        sql = ("SELECT package_id, direction, kind, signer, device_id, seq, recipients, since, upto, created_at, at,"
               " report FROM packages")
        rows = self._con.execute(sql + where + " ORDER BY at, seq", params).fetchall()
        return [PackageEntry(r[0], r[1], r[2], r[3], r[4], int(r[5]), json.loads(r[6]), int(r[7]), int(r[8]),
                             r[9], r[10], json.loads(r[11])) for r in rows]


#: The name export gives its temporary file: ".<target name>.<pid>.tmp".
_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.tmp$")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is not ours to signal
    return True


def remove_pending_files(con: Connection) -> int:
    """Delete the temporary files of exports a killed program left behind; returns how many.

    Only files this vault recorded, named as export names them, whose process is gone. A file on
    a drive that is not there now stays recorded, to be removed when it is.
    """
    store = KeyStore(con)
    removed = 0
    for name in store.pending_files():
        path = Path(name)
        match = _TEMP_NAME.match(path.name)
        if match is None:
            store.drop_pending_file(name)
            continue
        if _running(int(match.group(1))) or not path.parent.is_dir():
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
        store.drop_pending_file(name)
    return removed
