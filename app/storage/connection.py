"""Opening a SQLCipher connection with the vault's key and the settings docs/security.md requires.

Everything here is about one raw connection; :mod:`app.storage.vault` builds the vault on it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import sqlcipher3

from app.storage.errors import DiskFull, InsecureBuild, NotAVault, VaultDamaged, VaultError, WrongPassphrase
from app.storage.kdf import Header, sqlcipher_key, wipe


class Connection(Protocol):
    """The part of a DB-API connection (sqlcipher3 or sqlite3) that storage uses."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...
    def executemany(self, sql: str, parameters: Any, /) -> Any: ...
    def close(self) -> None: ...
    def backup(self, target: Any, /) -> None: ...


DatabaseError = sqlcipher3.DatabaseError
OperationalError = sqlcipher3.OperationalError

_SETTINGS = (
    # Temp tables, sorts and indexes built in memory: SQLCipher does not encrypt temp files.
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA journal_mode = WAL",
    # FULL: a commit is on disk when it returns, also after power loss (docs/security.md §2.4).
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA cache_size = -32000",
)


#: SQLITE_CORRUPT and SQLITE_NOTADB: what a page that fails its HMAC or structure gives on read.
_DAMAGE_CODES = (11, 26)


def damage_error(exc: BaseException) -> VaultDamaged | None:
    """The typed error for a read of an open vault that met a damaged page; None for anything else.

    SQLCipher checks each page's HMAC when it reads it, so a flipped byte surfaces in whatever
    query first touches that page, as a bare DatabaseError. The CLI and the window's executor
    turn it into one message (docs/vault.md, "A damaged vault").
    """
    if isinstance(exc, VaultDamaged):
        return exc
    if not isinstance(exc, DatabaseError) or isinstance(exc, OperationalError | sqlcipher3.IntegrityError):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        damaged = code & 0xFF in _DAMAGE_CODES
    else:  # raised without a code: only SQLite's own wording for these two
        damaged = any(text in str(exc) for text in ("database disk image is malformed", "file is not a database"))
    if damaged:
        found = VaultDamaged()  # SQLite's English wording stays in __cause__, not in the user's line
        found.__cause__ = exc
        return found
    return None


def _quiet_cipher_log(con: Connection) -> None:
    # A wrong key makes SQLCipher log HMAC failures to stderr; the user gets our message instead.
    with contextlib.suppress(DatabaseError):
        con.execute("PRAGMA cipher_log_level = NONE")


def connect(path: Path, key: bytearray, header: Header | None, *, create: bool) -> Connection:
    """Open ``path`` with the derived ``key``; with ``header`` and ``create``, make a new file.

    The caller keeps and wipes ``key``. Raises WrongPassphrase when the key does not open the
    file, InsecureBuild when a required setting does not hold.
    """
    uri = path.resolve().as_uri() + ("?mode=rwc" if create else "?mode=rw")
    try:
        con: Any = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except OperationalError as exc:
        raise VaultError(str(exc)) from exc
    _quiet_cipher_log(con)
    raw = sqlcipher_key(key, header if create else None)
    try:
        con.set_key(raw)
    finally:
        wipe(raw)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        con.close()
        if "not a database" in str(exc):
            raise WrongPassphrase() from exc
        raise damage_error(exc) or NotAVault(str(exc)) from exc
    try:
        apply_settings(con)
    except BaseException:
        con.close()
        raise
    opened: Connection = con
    return opened


def apply_settings(con: Connection) -> None:
    for statement in _SETTINGS:
        con.execute(statement)
    if sys.platform == "darwin":  # fsync does not reach the platter on macOS without these
        con.execute("PRAGMA fullfsync = ON")
        con.execute("PRAGMA checkpoint_fullfsync = ON")
    assert_secure(con)


def _pragma(con: Connection, name: str) -> Any:
    row = con.execute(f"PRAGMA {name}").fetchone()
    return row[0] if row else None


def assert_secure(con: Connection) -> None:
    """Refuse to go on unless the settings that keep plaintext off disk really hold."""
    options = {row[0] for row in con.execute("PRAGMA compile_options")}
    problems = []
    if not ({"TEMP_STORE=2", "TEMP_STORE=3"} & options):
        problems.append("TEMP_STORE")
    if _pragma(con, "temp_store") != 2:
        problems.append("temp_store")
    if _pragma(con, "secure_delete") != 1:
        problems.append("secure_delete")
    if str(_pragma(con, "journal_mode")).lower() != "wal":
        problems.append("journal_mode")
    if _pragma(con, "synchronous") != 2:
        problems.append("synchronous")
    if not _pragma(con, "cipher_version"):
        problems.append("cipher")
    if problems:
        raise InsecureBuild(", ".join(problems))


@contextlib.contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error; a full disk becomes DiskFull."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(DatabaseError):
            con.execute("ROLLBACK")
        if isinstance(exc, OperationalError) and _is_disk_error(exc):
            raise DiskFull(str(exc)) from exc
        raise


def _is_disk_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(word in text for word in ("disk", "full", "i/o", "readonly", "read-only"))
