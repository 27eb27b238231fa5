"""The vault: one SQLCipher file holding all of a team's or an office's records.

Create, unlock, lock, change the passphrase, back up, and check. A vault file is only ever
replaced whole (write a new file beside it, fsync, rename), so a crash at any moment leaves
either the old file or the new one, both complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import mimetypes
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.domain.clock import GENESIS_DEVICE, GENESIS_STAMP, HybridClock, Stamp, new_device_id, uuid7
from app.domain.jobs import Progress
from app.domain.records import CHECK_KINDS, KINDS, Attachment, Paper, Record, Round, Unit, kind_spec
from app.domain.upgrade import retired_kind_moves
from app.domain.vocab import DEFAULT_SETTINGS, RETIRED, SEED
from app.storage import journal as journal_mod
from app.storage import wal
from app.storage.blobs import BlobStore
from app.storage.connection import Connection, DatabaseError, connect, transaction

# The one way code above storage tells a damaged page from other errors (the connection stays private).
from app.storage.connection import damage_error as damage_error
from app.storage.drafts import DraftStore
from app.storage.errors import (
    NotAVault,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
)
from app.storage.files import fsync_dir
from app.storage.journal import Journal
from app.storage.journal import verify as verify_journal
from app.storage.kdf import Header, KdfParams, calibrate, derive_key, read_header, wipe
from app.storage.keys import KeyStore, remove_pending_files
from app.storage.migrations import SCHEMA_VERSION, check_version, migrate, schema_version
from app.storage.search import KindHits, SearchIndex
from app.storage.store import FieldWrite, RecordStore
from app.storage.wal import KeptWal

ROLES = ("team", "office")
MIN_PASSPHRASE = 8
SYSTEM_AUTHOR = "系统"


def seed_id(text: str) -> str:
    """A deterministic UUIDv7-shaped id for records every vault seeds identically (timestamp 0)."""
    h = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:10], "big")
    value = (0x7 << 76) | ((h >> 68) & 0xFFF) << 64 | (0b10 << 62) | (h & ((1 << 62) - 1))
    return "-".join((f"{value:032x}"[:8], f"{value:032x}"[8:12], f"{value:032x}"[12:16],
                     f"{value:032x}"[16:20], f"{value:032x}"[20:]))


#: The stamp of seed writes that change a genesis value (schema version 7 retired three round kinds):
#: the same in every vault, later than genesis and earlier than any real write, with genesis as its base,
#: so a vault seeded before and one seeded after merge to the same value without a conflict.
RETIRE_STAMP = str(Stamp(0, 7, GENESIS_DEVICE))
#: meta key: the schema version whose data changes (seeds, app/storage/upgrade.py) this vault has had.
DATA_VERSION = "data_version"


def seed_writes() -> list[FieldWrite]:
    """The vocabularies and default settings as writes stamped at genesis, the same in every vault.

    Applying them again is harmless (a write already held is skipped), so an upgraded vault is given the
    whole list and gains what later versions added (docs/vault.md, "Schema versions")."""
    writes = []

    def record(kind: str, key: str, values: dict[str, str | int | None]) -> str:
        rid = seed_id(f"{kind}:{key}")
        writes.append(FieldWrite(rid, kind, "deleted", GENESIS_STAMP, 0, (), SYSTEM_AUTHOR))
        for name, value in values.items():
            writes.append(FieldWrite(rid, kind, name, GENESIS_STAMP, value, (), SYSTEM_AUTHOR))
        return rid

    for vocabulary, (_, _, values) in SEED.items():
        for order, value in enumerate(values):
            record("vocab", f"{vocabulary}:{value}",
                   {"vocabulary": vocabulary, "value": value, "ord": order, "active": 1})
        # Retired values: seeded active as the older versions did, then deactivated, never deleted.
        for order, value in enumerate(RETIRED.get(vocabulary, ()), start=len(values)):
            rid = record("vocab", f"{vocabulary}:{value}",
                         {"vocabulary": vocabulary, "value": value, "ord": order, "active": 1})
            writes.append(FieldWrite(rid, "vocab", "active", RETIRE_STAMP, 0, (GENESIS_STAMP,), SYSTEM_AUTHOR))
    for key, value in DEFAULT_SETTINGS.items():
        record("setting", key, {"key": key, "value": value})
    return writes


def upgrade_data(vault: Vault) -> int:
    """After a schema upgrade, bring the data along, in one transaction of the opening (docs/vault.md,
    "Schema versions"): the seeds later versions added (vocabularies, retired values, settings) and the
    moves of app/domain/upgrade.py, saved as this device's journalled field writes so that merges carry
    them to vaults not yet upgraded. Runs once per vault (meta ``data_version``); returns the records moved.
    """
    con = vault.con
    row = con.execute("SELECT value FROM meta WHERE key = ?", (DATA_VERSION,)).fetchone()
    held = int(row[0]) if row is not None and str(row[0]).isdigit() else 0
    if held >= SCHEMA_VERSION:
        return 0
    with transaction(con):
        vault.records.seed(seed_writes())
        moved = retired_kind_moves(vault.records.iter(Round), vault.records.iter(Unit))
        if moved:
            vault.records.save_within(moved)
        con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (DATA_VERSION, str(SCHEMA_VERSION)))
        vault.journal.append("upgrade-data", {"from": held, "to": SCHEMA_VERSION, "moved": len(moved)})
    return len(moved)


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class VaultInfo:
    vault_id: str
    device_id: str
    role: str
    owner: str
    created_at: str
    schema_version: int
    kdf: KdfParams


def _check_passphrase(passphrase: str | bytes) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else, or the platform cannot tell
        return True
    return True


def remove_stale_files(path: Path) -> list[Path]:
    """Remove what a killed passphrase change or backup left beside ``path``.

    ``_write_new_file`` builds ``.<name>.<pid>.new`` (and SQLite's -wal/-shm/-journal for it); if
    the process died before the rename, the half-built copy stays. It is encrypted, but it wastes
    space and keeps records the user may later delete, so the next open of ``path`` removes it.
    """
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.new(-wal|-shm|-journal)?$")
    removed: list[Path] = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _remaining(stream: BinaryIO) -> int:
    """The bytes left in ``stream`` when it can seek (a file, a buffer), else 0 (not known)."""
    try:
        if not stream.seekable():
            return 0
        here = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        stream.seek(here)
    except (OSError, ValueError):
        return 0
    return max(0, end - here)


def _write_new_file(path: Path, build: Callable[[Path], None]) -> None:
    """Build a file beside ``path`` under a temporary name, then rename it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        build(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        raise


class _Locked:
    """Stands in for the stores of a locked vault: any use raises VaultLocked, not a sqlite error."""

    def __getattr__(self, name: str) -> object:
        raise VaultLocked()


class Vault:
    """An unlocked vault. ``close()`` locks it: the connection closes and the key is wiped."""

    def __init__(self, path: Path, con: Connection, header: Header, key: bytearray) -> None:
        self.path = path
        #: Set by open() when the WAL held commits SQLite did not replay: the copy kept (storage/wal.py).
        self.kept_wal: KeptWal | None = None
        self._con: Connection | None = con
        self._header = header
        self._key = key
        self._load()

    def _load(self) -> None:
        con = self.con
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        self.info = VaultInfo(meta["vault_id"], meta["device_id"], meta["role"], meta.get("owner", ""),
                              meta.get("created_at", ""), schema_version(con), self._header.params)
        self.clock = HybridClock(self.info.device_id, meta.get("clock"))
        self.journal = Journal(con, self.info.owner or SYSTEM_AUTHOR, self.info.device_id)
        self.search_index = SearchIndex(con)
        self.records = RecordStore(con, self.clock, self.journal, self.search_index, self.info.owner or "",
                                   self._matches)
        self.blobs = BlobStore(con)
        #: Own and trusted keys and the package ledger (docs/package-format.md).
        self.keys = KeyStore(con)
        #: Unsaved editor edits kept while locked.
        self.drafts = DraftStore(con)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE`` … commit, or roll back on an exception): the
        way for code outside storage to group its stores' writes, without holding the connection
        (it yields nothing)."""
        with transaction(self.con):
            yield

    def audit_problems(self) -> list[str]:
        """Every break in the hash-chained audit trail (empty when it holds)."""
        return list(verify_journal(self.con))

    # --- opening and closing ---------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike[str], passphrase: str | bytes, *, role: str = "team",
               owner: str = "", kdf: KdfParams | None = None) -> Vault:
        """Make a new vault file at ``path`` (never over an existing file) and open it."""
        path = Path(path)
        if role not in ROLES:
            raise ValueError(role)
        _check_passphrase(passphrase)
        if path.exists():
            raise VaultExists(str(path))
        if not path.parent.is_dir():
            raise VaultNotFound(f"目录不存在：{path.parent}")
        header = Header.new(kdf or calibrate())
        key = derive_key(passphrase, header)

        def build(tmp: Path) -> None:
            con = connect(tmp, key, header, create=True)
            try:
                migrate(con)
                now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
                meta = {"vault_id": uuid7(), "device_id": new_device_id(), "role": role, "owner": owner,
                        "created_at": now, "clock": GENESIS_STAMP, DATA_VERSION: str(SCHEMA_VERSION)}
                with transaction(con):
                    con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
                    clock = HybridClock(meta["device_id"])
                    jr = Journal(con, owner or SYSTEM_AUTHOR, meta["device_id"])
                    store = RecordStore(con, clock, jr, SearchIndex(con), owner)
                    store.seed(seed_writes())
                    jr.append("create-vault", {"role": role, "schema": SCHEMA_VERSION})
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()

        old_umask = os.umask(0o077)  # the vault and its -wal are readable by the owner only
        try:
            _write_new_file(path, build)
        finally:
            os.umask(old_umask)
        return cls(path, connect(path, key, None, create=False), header, key)

    @classmethod
    def open(cls, path: str | os.PathLike[str], passphrase: str | bytes) -> Vault:
        """Unlock the vault at ``path``. Typed errors; the file is not changed on failure."""
        path = Path(path)
        if not path.is_file():
            raise VaultNotFound(str(path))
        remove_stale_files(path)
        try:
            header = read_header(path)
        except OSError as exc:
            raise VaultNotFound(f"{path}：{exc.strerror}") from exc
        key = derive_key(passphrase, header)
        log = wal.scan(path)  # before SQLite reads the WAL: the commits a crash left in it
        try:
            con = connect(path, key, None, create=False)
        except BaseException:
            wipe(key)
            raise
        try:
            kept = wal.keep_if_lost(path, log, wal.replayed_frames(con)) if log is not None else None
            check_version(con)
            migrate(con)
            if con.execute("SELECT count(*) FROM meta WHERE key IN ('vault_id', 'device_id')").fetchone()[0] != 2:
                raise NotAVault("缺少保密库信息")
        except DatabaseError as exc:
            con.close()
            wipe(key)
            raise damage_error(exc) or NotAVault(str(exc)) from exc
        except BaseException:
            con.close()
            wipe(key)
            raise
        with transaction(con):
            remove_pending_files(con)  # an export killed last time left its temporary file
        vault = cls(path, con, header, key)
        upgrade_data(vault)
        if kept is not None:
            vault.kept_wal = kept
            with transaction(con):
                vault.journal.append("keep-damaged-wal", {"file": kept.path.name, "lost_commits": kept.lost})
        return vault

    @property
    def con(self) -> Connection:
        if self._con is None:
            raise VaultLocked()
        return self._con

    @property
    def is_open(self) -> bool:
        return self._con is not None

    def close(self) -> None:
        """Lock: checkpoint the WAL into the file, close the connection, wipe the key."""
        if self._con is None:
            return
        with contextlib.suppress(DatabaseError):
            self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._con.close()
        self._con = None
        wipe(self._key)
        # The stores hold the closed connection: make any later use of them raise VaultLocked.
        self.records = self.blobs = self.journal = self.search_index = _Locked()  # type: ignore[assignment]
        self.keys = self.drafts = _Locked()  # type: ignore[assignment]

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- passphrase and backup ---------------------------------------------------------------------

    def _matches(self, passphrase: str | bytes) -> bool:
        if self._con is None:  # locked: the key is wiped, nothing to compare with
            raise VaultLocked()
        candidate = derive_key(passphrase, self._header)
        try:
            return bytes(candidate) == bytes(self._key)
        finally:
            wipe(candidate)

    def _copy_to(self, tmp: Path, key: bytearray, header: Header, *, as_backup: bool = False) -> None:
        dest = connect(tmp, key, header, create=True)
        try:
            self.con.backup(dest)
            if as_backup:
                # A backup that is ever opened and written to must not write as this device, or
                # stamps of two live vaults could collide: it gets a device id of its own.
                with transaction(dest):
                    dest.execute("UPDATE meta SET value = ? WHERE key = 'device_id'", (new_device_id(),))
                    dest.execute("INSERT OR REPLACE INTO meta VALUES ('backup_of', ?)", (self.info.device_id,))
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()

    def change_passphrase(self, old: str | bytes, new: str | bytes, *, kdf: KdfParams | None = None) -> None:
        """Re-encrypt the whole vault under a new passphrase and a fresh salt, then swap the file."""
        if not self._matches(old):
            raise WrongPassphrase()
        _check_passphrase(new)
        header = Header.new(kdf or self._header.params)
        key = derive_key(new, header)
        self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _write_new_file(self.path, lambda tmp: self._copy_to(tmp, key, header))
        # The old connection still reads the replaced file through its descriptor; drop it.
        self.con.close()
        self._con = None
        wipe(self._key)
        self._header, self._key = header, key
        self._con = connect(self.path, key, None, create=False)
        self._load()
        with transaction(self.con):
            self.journal.append("change-passphrase", {})

    def backup(self, dest: str | os.PathLike[str], passphrase: str | bytes | None = None, *,
               overwrite: bool = False) -> None:
        """Write an encrypted copy of the vault to ``dest`` (same passphrase unless one is given)."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise VaultExists("不能备份到保密库自身")
        if dest.exists() and not overwrite:
            raise VaultExists(str(dest))
        remove_stale_files(dest)
        if passphrase is None:
            header, key = self._header, bytearray(self._key)
        else:
            _check_passphrase(passphrase)
            header = Header.new(self._header.params)
            key = derive_key(passphrase, header)
        try:
            with transaction(self.con):
                self.journal.append("backup", {"to": dest.name})
            old_umask = os.umask(0o077)
            try:
                _write_new_file(dest, lambda tmp: self._copy_to(tmp, key, header, as_backup=True))
            finally:
                os.umask(old_umask)
        finally:
            wipe(key)

    # --- the 组长's signature (docs/domain.md §3.2) -------------------------------------------------

    def sign_paper(self, paper_id: str, passphrase: str | bytes, *, on: dt.date | None = None) -> Paper:
        """Sign a working paper as the vault's owner acting as 组长, confirmed with the vault's
        passphrase (checked against its key derivation, as an unlock is); journalled as "sign-paper".
        Refused with the reason when the owner is not the paper's team's 组长 or the paper is not ready."""
        return self.records.sign_paper(paper_id, passphrase, on or dt.date.today())

    def return_paper(self, paper_id: str, reason: str) -> Paper:
        """退回修改: the 组长 sends a signed paper back to 草稿 with ``reason`` (journalled, and written
        into the paper's notes); its signature is cleared."""
        return self.records.return_paper(paper_id, reason, dt.datetime.now())

    # --- attachments ------------------------------------------------------------------------------

    def attach(self, owner_id: str, stream: BinaryIO, filename: str, *, mime: str = "", note: str = "",
               progress: Progress | None = None) -> Attachment:
        """Store ``stream`` inside the vault and record it as an attachment of ``owner_id``.

        ``progress(done, total)`` in bytes (total 0 when the stream cannot tell its size), before
        the first chunk and after each; a :class:`~app.domain.jobs.Cancelled` it raises rolls the
        attachment back (docs/architecture.md, long jobs)."""
        self.records.kind_of(owner_id)
        total = _remaining(stream)
        with transaction(self.con):
            if progress is not None:
                progress(0, total)
            sha, size = self.blobs.put_stream(stream, progress=progress, total=total)
            record = Attachment(filename=filename, owner_id=owner_id,
                                mime=mime or mimetypes.guess_type(filename)[0] or "application/octet-stream",
                                size=size, sha256=sha, note=note,
                                added_at=dt.datetime.now().replace(second=0, microsecond=0))
            [saved] = self.records.save_within([record])
        assert isinstance(saved, Attachment)
        return saved

    def attach_file(self, owner_id: str, path: str | os.PathLike[str], **kwargs: object) -> Attachment:
        path = Path(path)
        with open(path, "rb") as stream:
            return self.attach(owner_id, stream, path.name, **kwargs)  # type: ignore[arg-type]

    def attachments(self, owner_id: str) -> list[Record]:
        return self.records.list("attachment", where={"owner_id": owner_id})

    # --- search -----------------------------------------------------------------------------------

    def search(self, text: str, *, limit: int = 50, kinds: tuple[str, ...] = ()) -> list:  # type: ignore[type-arg]
        return self.search_index.search(text, self.records.get, limit=limit, kinds=kinds)

    def search_groups(self, text: str, *, per_kind: int = 10, kinds: tuple[str, ...] = (),
                      offset: int = 0) -> list[KindHits]:
        """Every matching kind with its count and best hits (app/storage/search.py ``groups``)."""
        return self.search_index.groups(text, self.records.get, per_kind=per_kind, kinds=kinds, offset=offset)

    def rebuild_search(self) -> int:
        with transaction(self.con):
            return self.search_index.rebuild(lambda kind: self.records.list(kind))

    # --- checking ----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        out = {kind_spec(k).plural: self.records.count(k) for k in CHECK_KINDS}
        out["conflicts"] = self.records.conflict_count()
        return out

    def check(self) -> CheckReport:
        """Cipher pages, SQLite structure, schema, audit chain, attachment contents."""
        report = CheckReport()
        con = self.con
        cipher = [str(r[0]) for r in con.execute("PRAGMA cipher_integrity_check")]
        report.problems += [f"加密页校验失败：{p}" for p in cipher]
        try:
            structure = [str(r[0]) for r in con.execute("PRAGMA integrity_check")]
        except DatabaseError as exc:  # a damaged page it cannot even walk
            structure = [str(exc)]
        if structure != ["ok"]:
            report.problems += [f"数据库结构：{p}" for p in structure[:20]]
        if report.problems:  # damaged pages: the checks below would only fail reading them
            return report
        if schema_version(con) != SCHEMA_VERSION:
            report.problems.append(f"数据结构版本 {schema_version(con)} 与程序 {SCHEMA_VERSION} 不符")
        for kind, spec in KINDS.items():
            columns = {r[1] for r in con.execute(f"PRAGMA table_info(r_{kind})")}
            missing = set(spec.field_names) - columns
            if missing:
                report.problems.append(f"表 r_{kind} 缺少字段 {', '.join(sorted(missing))}")
        report.problems += list(journal_mod.verify(con))
        for (sha,) in con.execute("SELECT sha256 FROM r_attachment WHERE deleted = 0 AND sha256 != ''").fetchall():
            if not self.blobs.exists(sha):
                report.problems.append(f"附件内容缺失：{sha[:12]}")
        for sha, size, chunks, key in con.execute("SELECT sha256, size, chunks, chunk_key FROM blobs").fetchall():
            if not self.blobs.verify(sha):
                report.problems.append(f"附件内容与哈希不符：{sha[:12]}")
            stored = con.execute("SELECT count(*), coalesce(sum(length(data)), 0) FROM blob_chunks WHERE blob = ?",
                                 (key,)).fetchone()
            if tuple(stored) != (chunks, size):
                report.problems.append(f"附件分块不完整：{sha[:12]}")
        report.counts = self.counts()
        return report


def open_or_explain(path: str | os.PathLike[str], passphrase: str | bytes) -> Vault:
    """Open a vault, turning low-level surprises into a VaultError with a message."""
    try:
        return Vault.open(path, passphrase)
    except VaultError:
        raise
    except (OSError, DatabaseError) as exc:
        raise damage_error(exc) or VaultError(str(exc)) from exc
