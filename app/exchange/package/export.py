"""Making a package: writes and attachment contents, signed, encrypted, written atomically.

Nothing is held whole in memory: the ZIP container is produced piece by piece by a generator
(record lines, then each attachment one vault chunk at a time, then the manifest and its
signature) and pushed through an age writer (agestream.py), which encrypts it in 64 KiB age chunks
into a temporary file beside the target, hashed as it is written; the vault is read and the file
hashed and written on helper threads beside the encryption (pipeline.py). The file is synced,
renamed into place, and checked without a second pass: its size must be what was written and its
header must pass the importer's checks (docs/package-format.md, "How this program exports"). (The
maker cannot decrypt it: only the recipients can.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.jobs import Progress
from app.exchange.package import format as fmt
from app.exchange.package.agestream import AgeWriter
from app.exchange.package.container import ContainerWriter
from app.exchange.package.errors import PackageError
from app.exchange.package.keys import DeviceKeys, Recipient, binding, device_keys, display
from app.exchange.package.pipeline import HashingWriter, Prefetched
from app.exchange.package.scope import Scope, scope_for
from app.exchange.package.verify import check_envelope
from app.storage.files import fsync_dir
from app.storage.keys import PackageEntry
from app.storage.store import WriteRow
from app.storage.vault import Vault

#: Whether a write (its local sequence number, its record id) goes in a package.
Keep = Callable[[int, str], bool]
_HEX = set("0123456789abcdef")


@dataclass
class ExportResult:
    path: Path
    package_id: str
    kind: str
    seq: int
    mode: str
    since: int
    upto: int
    writes: int
    records: int
    blobs: int
    size: int
    sha256: str
    recipients: list[str] = field(default_factory=list)
    #: record kind -> how many records of it the package carries (the window words what a person
    #: calls records apart from links, vocabulary and attachments).
    kinds: dict[str, int] = field(default_factory=dict)


class _Sink:
    """A non-seekable file for ZipFile: collects what it writes until the generator passes it on."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


#: One write as a package line: (local seq, record id, kind, the line, the blob hash it names or "").
Line = tuple[int, str, str, bytes, str]


def _line(row: WriteRow) -> Line:
    seq, record_id, kind, name, stamp, value, bases, author = row
    sha = value if kind == "attachment" and name == "sha256" and isinstance(value, str) \
        and len(value) == 64 and set(value) <= _HEX else ""
    return seq, record_id, kind, fmt.encode_row(record_id, kind, name, stamp, value, bases, author), sha


class WriteLines:
    """The record lines of many records, read from the vault and encoded once for a batch of packages
    (a round's deployments share the office's rules and read each team's records once)."""

    def __init__(self, vault: Vault, record_ids: Iterable[str] = ()) -> None:
        self._vault = vault
        self._lines: dict[str, list[Line]] = {}
        self.load(record_ids)

    def load(self, record_ids: Iterable[str]) -> None:
        missing = [rid for rid in record_ids if rid not in self._lines]
        for rid in missing:
            self._lines[rid] = []
        for row in self._vault.records.write_rows_of(missing):
            self._lines[row[1]].append(_line(row))

    def of(self, record_ids: frozenset[str], start: int) -> list[Line]:
        """The lines of ``record_ids`` after local sequence ``start``, oldest first."""
        self.load(record_ids)
        out = [line for rid in record_ids for line in self._lines[rid] if line[0] > start]
        out.sort(key=lambda line: line[0])
        return out


def _records(vault: Vault, start: int, upto: int, keep: Keep | None, scoped_ids: frozenset[str] | None,
             progress: Progress | None, cache: WriteLines | None = None,
             ) -> tuple[list[bytes], int, dict[str, str], dict[str, None]]:
    """The record lines of the package, in memory (the manifest that comes first must hash them):
    (lines, writes, record id -> kind, blob hashes the attachment writes name).

    The writes are those after local sequence ``start`` up to ``upto`` that ``keep`` accepts
    (all of them when it is None); with ``scoped_ids``, only those records' writes are read (from
    ``cache`` when given).
    """
    lines: list[bytes] = []
    blobs: dict[str, None] = {}
    records: dict[str, str] = {}
    size = 0
    source: Iterable[Line]
    if scoped_ids is not None and cache is not None:
        source = cache.of(scoped_ids, start)
    elif scoped_ids is None:
        source = map(_line, vault.records.write_rows_since(start))
    else:
        source = map(_line, vault.records.write_rows_of(scoped_ids, start))
    for seq, record_id, kind, line, sha in source:
        if seq > upto:
            break
        if keep is not None and not keep(seq, record_id):
            continue
        lines.append(line)
        size += len(line)
        records[record_id] = kind
        if sha:
            blobs[sha] = None
        if len(lines) % 512 == 0:
            if progress is not None:
                progress(0, 0)  # no attachment bytes yet, total not known; lets a caller cancel here
            if size > fmt.MAX_RECORDS:
                raise PackageError("entry_too_large", f"记录超过 {fmt.MAX_RECORDS >> 20} MiB，请分批导出")
    if size > fmt.MAX_RECORDS:
        raise PackageError("entry_too_large", f"记录超过 {fmt.MAX_RECORDS >> 20} MiB，请分批导出")
    return lines, len(lines), records, blobs


def _attachment_bytes(vault: Vault, shas: Sequence[str]) -> Iterator[bytes]:
    """Each attachment's bytes from the vault, a chunk at a time, each attachment followed by b""
    (chunks are never empty)."""
    for sha in shas:
        yield from vault.blobs.chunks(sha)
        yield b""


def _one_attachment(sha: str, pieces: Iterator[bytes], done: list[int], total: int,
                    progress: Progress | None) -> Iterator[bytes]:
    """Attachment ``sha``'s chunks from ``pieces`` (up to its b""), checked against its name as they
    pass; ``progress(done, total)`` counts the attachment bytes of the whole package."""
    check = hashlib.sha256()
    for chunk in pieces:
        if not chunk:
            break
        check.update(chunk)
        done[0] += len(chunk)
        if progress is not None:
            progress(done[0], total)
        yield chunk
    if check.hexdigest() != sha:
        raise PackageError("hash_mismatch", f"本库附件 {sha[:12]} 已损坏")


def _container(vault: Vault, keys: DeviceKeys, manifest: dict[str, Any], start: int, upto: int,
               keep: Keep | None, scoped_ids: frozenset[str] | None,
               progress: Progress | None, kinds: dict[str, int],
               cache: WriteLines | None = None) -> Generator[bytes, None, None]:
    """The container (format version 2), a piece at a time: the signature and the manifest first,
    then the record lines, then each attachment one vault chunk at a time. Fills
    manifest["files"] and ["counts"], and ``kinds`` (records per kind), before anything is produced."""
    lines, writes, records, wanted = _records(vault, start, upto, keep, scoped_ids, progress, cache)
    kinds.update(Counter(records.values()))
    present = sorted(sha for sha in wanted if vault.blobs.exists(sha))
    if len(present) > fmt.MAX_ENTRIES - 3:
        raise PackageError("too_many_entries", f"{len(present)} 个附件")
    records_bytes = b"".join(lines)
    del lines
    files: list[dict[str, Any]] = [{"name": fmt.RECORDS, "sha256": hashlib.sha256(records_bytes).hexdigest(),
                                    "size": len(records_bytes)}]
    for sha in present:
        blob_size = vault.blobs.size(sha)
        if blob_size > fmt.MAX_ENTRY:
            raise PackageError("entry_too_large", f"附件 {sha[:12]} 超过 {fmt.MAX_ENTRY >> 20} MiB")
        files.append({"name": f"blobs/{sha}", "sha256": sha, "size": blob_size})
    manifest["files"] = files
    manifest["counts"] = {"writes": writes, "records": len(records), "blobs": len(present)}
    manifest_bytes = fmt.canonical_manifest(manifest)
    zf = ContainerWriter()
    yield zf.whole(fmt.SIGNATURE, bytes.fromhex(keys.signing_key) + keys.sign(manifest_bytes))
    yield zf.whole(fmt.MANIFEST, manifest_bytes)
    yield zf.whole(fmt.RECORDS, records_bytes)
    del records_bytes
    done, total = [0], sum(f["size"] for f in files[1:])
    if progress is not None:
        progress(0, total)
    # The vault is read on a helper thread while what was read before is encrypted (pipeline.py).
    with Prefetched(_attachment_bytes(vault, present)) as pieces:
        for sha in present:
            yield from zf.streamed(f"blobs/{sha}", _one_attachment(sha, pieces, done, total, progress))
    yield zf.finish()


def _container_v1(vault: Vault, keys: DeviceKeys, manifest: dict[str, Any], start: int, upto: int,
                  keep: Keep | None, scoped_ids: frozenset[str] | None,
                  progress: Progress | None, kinds: dict[str, int], cache: WriteLines | None = None,
                  ) -> Generator[bytes, None, None]:
    """The container as format version 1 wrote it (manifest last): kept so that the tests can make
    packages of the old version, which this program still reads (docs/package-format.md)."""
    sink = _Sink()
    zf = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED)  # type: ignore[call-overload]
    lines, writes, records, wanted = _records(vault, start, upto, keep, scoped_ids, progress)
    kinds.update(Counter(records.values()))
    data = b"".join(lines)
    zf.writestr(fmt.RECORDS, data)
    files: list[dict[str, Any]] = [{"name": fmt.RECORDS, "sha256": hashlib.sha256(data).hexdigest(),
                                    "size": len(data)}]
    yield sink.drain()
    present = sorted(sha for sha in wanted if vault.blobs.exists(sha))
    done, total = [0], sum(vault.blobs.size(sha) for sha in present)
    for sha in present:
        with zf.open(f"blobs/{sha}", "w") as entry:
            for chunk in _one_attachment(sha, _attachment_bytes(vault, [sha]), done, total, progress):
                entry.write(chunk)
                yield sink.drain()
        files.append({"name": f"blobs/{sha}", "sha256": sha, "size": vault.blobs.size(sha)})
    manifest["files"] = files
    manifest["counts"] = {"writes": writes, "records": len(records), "blobs": len(present)}
    manifest_bytes = fmt.canonical_manifest(manifest)
    zf.writestr(fmt.MANIFEST, manifest_bytes)
    zf.writestr(fmt.SIGNATURE, keys.sign(manifest_bytes))
    zf.close()
    yield sink.drain()


def _previous_out(sent: Sequence[PackageEntry], recipient: str, kinds: Sequence[str]) -> PackageEntry | None:
    """The latest package of one of ``kinds`` made for ``recipient`` (None when there was none)."""
    made = [p for p in sent if p.kind in kinds and recipient in p.recipients]
    return max(made, key=lambda p: p.seq, default=None)


def _scoped_writes(vault: Vault, scope: Scope,
                   previous: PackageEntry | None) -> tuple[int, int, Keep, frozenset[str]]:
    """(since, start, keep, ids) for a scoped package: records new to the scope go whole, the rest as
    changes; ``ids`` are every record whose writes may go.

    Incremental against ``previous`` (the last package of the same kind to the same first
    recipient): records it carried that are still in scope, or deleted since, bring only their
    writes after its ``upto``; every other record in scope brings all its writes.
    """
    before = set(previous.report.get("scope_records", ())) if previous is not None else set()
    if previous is None or not before:
        whole = frozenset(scope.ids)
        return 0, 0, lambda _seq, rid: rid in whole, whole
    since = previous.upto
    gone = {rid for rid in before - scope.ids
            if (record := vault.records.find(rid)) is not None and record.deleted}
    changed = frozenset(before & scope.ids | gone)
    whole = frozenset(scope.ids - before)
    start = 0 if whole else since
    return (since, start, lambda seq, rid: rid in whole or (seq > since and rid in changed),
            whole | changed)


def export_package(vault: Vault, target: str | os.PathLike[str], recipients: list[Recipient], *,
                   kind: str = "handoff", incremental: bool = False, team: str | None = None,
                   select: Sequence[str] = (), progress: Progress | None = None,
                   format_version: int = fmt.FORMAT_VERSION) -> ExportResult:
    """Write a package of ``kind`` for ``recipients`` to ``target`` (never over an existing file).

    ``team`` (id or name) chooses what a deployment carries, ``select`` the problems and leads
    an upward package, or the leads a lead-transfer package, carries (scope.py).
    ``format_version`` 1 writes the old layout (for tests of reading it; nothing else asks for it).
    """
    target = Path(target)
    check_export(vault, target, recipients, kind, format_version)
    scope = scope_for(vault, kind, team=team, select=select)
    pending = write_package(vault, target, recipients, kind=kind, scope=scope, incremental=incremental,
                            progress=progress, format_version=format_version)
    return commit_packages(vault, [pending])[0]


def check_export(vault: Vault, target: Path, recipients: list[Recipient], kind: str,
                 format_version: int = fmt.FORMAT_VERSION) -> None:
    """Everything that refuses an export before a byte is written: the kind, the recipients (their
    number, role and trust), the vault's role, the target (never over an existing file)."""
    if kind not in fmt.KINDS:
        raise PackageError("unsupported_kind", kind)
    if kind not in fmt.SUPPORTED_KINDS:
        raise PackageError("unsupported_kind", kind)
    if format_version not in fmt.READ_VERSIONS:
        raise PackageError("unsupported_kind", f"格式版本 {format_version}")
    if not recipients:
        raise PackageError("no_recipients")
    if len(recipients) > fmt.MAX_X25519_STANZAS:
        raise PackageError("too_many_recipients_out", f"{len(recipients)} 个")
    if kind in fmt.OFFICE_KINDS and vault.info.role != "office":
        raise PackageError("export_role", kind)
    wanted_role = fmt.RECIPIENT_ROLE.get(kind)
    for r in recipients:
        if wanted_role is not None and r.key is not None and r.key.role != wanted_role:
            raise PackageError("recipient_role", f"{r.key.owner or r.age_recipient[:16]}（{r.key.role}）")
    trusted = vault.keys
    for r in recipients:  # a keys file must say what was trusted for its key (docs/package-format.md, "Keys")
        known = trusted.trusted(r.key.signing_key) if r.key is not None else None
        if r.key is not None and known is not None:
            if binding(known) != binding(r.key):
                raise PackageError("key_changed", f"已信任的指纹 {display(binding(known))}，"
                                                  f"公钥文件中的指纹 {display(binding(r.key))}")
            if not known.verified:
                raise PackageError("key_unverified", f"{known.owner or '未署名'}，指纹 {display(binding(known))}")
    if target.exists():
        raise PackageError("exists", str(target))
    if not target.parent.is_dir():
        raise PackageError("not_found", f"目录不存在：{target.parent}")


@dataclass
class PendingPackage:
    """A package written, synced and closed under its temporary name, not yet in place nor in the
    ledger: :func:`commit_packages` puts it there, :func:`discard_packages` removes it."""

    tmp: Path
    target: Path
    entry: PackageEntry
    manifest: dict[str, Any]
    kinds: dict[str, int]
    scope: Scope | None


def reserve_packages(vault: Vault, targets: Sequence[Path]) -> list[tuple[int, Path]]:
    """Reserve a package number and record the temporary file of each target, in one transaction,
    before a byte is written: a crash then leaves neither a package whose number the next one
    reuses, nor a temporary file that nothing will remove."""
    out = []
    with vault.transaction():
        for target in targets:
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            out.append((vault.keys.reserve_seq_out(), tmp))
            vault.keys.add_pending_file(tmp)
    return out


def write_package(vault: Vault, target: Path, recipients: list[Recipient], *, kind: str, scope: Scope | None,
                  incremental: bool = False, progress: Progress | None = None,
                  format_version: int = fmt.FORMAT_VERSION, cache: WriteLines | None = None,
                  reserved: tuple[int, Path] | None = None,
                  sent: Sequence[PackageEntry] | None = None) -> PendingPackage:
    """The package of ``scope`` (None: every write) written to a temporary file beside ``target``
    (checked first with :func:`check_export`). On any failure, a cancel included, the temporary
    file is removed and nothing is in the ledger (its reserved number is not reused).

    A batch (a round's deployments) passes the lines read once for all its packages (``cache``),
    the number and temporary file :func:`reserve_packages` reserved, and the ledger's packages
    made before the batch (``sent``)."""
    keys = device_keys(vault)
    store = vault.keys
    upto = vault.records.last_seq
    since = start = 0
    keep: Keep | None = None
    scoped_ids: frozenset[str] | None = None
    first = recipients[0].age_recipient
    made = list(store.packages("out")) if sent is None else sent
    previous_any = _previous_out(made, first, fmt.KINDS)
    if scope is None:
        if incremental:
            previous = _previous_out(made, first, fmt.FULL_KINDS)
            since = start = previous.upto if previous is not None else 0
    else:
        since, start, keep, scoped_ids = _scoped_writes(
            vault, scope, _previous_out(made, first, (kind,)) if incremental else None)
    seq, tmp = reserved if reserved is not None else reserve_packages(vault, [target])[0]
    package_id = str(uuid.uuid4())
    now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    info = vault.info
    manifest: dict[str, Any] = {
        "format": fmt.FORMAT,
        "format_version": format_version,
        "package_id": package_id,
        "kind": kind,
        "created_at": now,
        "source": {"vault_id": info.vault_id, "device_id": info.device_id, "role": info.role, "owner": info.owner,
                   "signing_key": keys.signing_key, "signing_fingerprint": keys.fingerprint,
                   "age_recipient": keys.recipient},
        "seq": seq,
        **({"previous": previous_any.seq if previous_any is not None else 0} if format_version >= 2 else {}),
        "scope": {"mode": "incremental" if since else "full", "since": since, "upto": upto,
                  **(scope.manifest_fields() if scope is not None else {})},
        "recipients": [r.manifest_entry() for r in recipients],
    }
    make = _container if format_version >= 2 else _container_v1
    kinds: dict[str, int] = {}
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            writer = HashingWriter(out)  # hashes and writes on a helper thread (pipeline.py)
            try:
                try:
                    age = AgeWriter(writer, [r.age_recipient for r in recipients])
                except ValueError as exc:
                    raise PackageError("bad_keys", f"接收方公钥无效：{exc}") from exc
                container = make(vault, keys, manifest, start, upto, keep, scoped_ids, progress, kinds, cache)
                try:
                    for piece in container:
                        age.write(piece)
                finally:
                    container.close()  # on any failure: its reading thread has stopped before the vault is used
                age.close()
            except BaseException:
                with contextlib.suppress(BaseException):  # the first failure is the one to report
                    writer.finish()
                raise
            writer.finish()
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        discard_tmp(vault, tmp)
        raise
    sha, size = writer.digest.hexdigest(), writer.size
    counts = manifest["counts"]
    entry = PackageEntry(package_id, "out", kind, keys.fingerprint, info.device_id, seq,
                         [r.age_recipient for r in recipients], since, upto, now, "",
                         {"counts": counts, "kinds": kinds, "sha256": sha, "size": size, "file": target.name,
                          **({"scope_records": sorted(scope.ids)} if scope is not None else {})})
    return PendingPackage(tmp, target, entry, manifest, kinds, scope)


def discard_tmp(vault: Vault, tmp: Path) -> None:
    """Remove a temporary package file, if any, and its pending-file row."""
    with contextlib.suppress(OSError):
        tmp.unlink()
    with contextlib.suppress(Exception), vault.transaction():
        vault.keys.drop_pending_file(tmp)


def discard_packages(vault: Vault, pending: Sequence[PendingPackage]) -> None:
    """Remove packages written but not committed (a cancelled or failed batch): no file stays."""
    for p in pending:
        discard_tmp(vault, p.tmp)


def commit_packages(vault: Vault, pending: Sequence[PendingPackage]) -> list[ExportResult]:
    """Put written packages in place (renamed, the folder synced, read back) and record them all in
    the ledger and the journal in one transaction. A target that has appeared meanwhile is refused
    (``exists``) before any is renamed, and then no package of the batch stays."""
    try:
        for p in pending:
            if p.target.exists():
                raise PackageError("exists", str(p.target))
        for p in pending:
            os.replace(p.tmp, p.target)
        for folder in {p.target.parent for p in pending}:
            fsync_dir(folder)
        for p in pending:
            _read_back(p.target, int(p.entry.report["size"]))
    except Exception:  # (a kill leaves what was renamed: whole packages, whose numbers are reserved)
        for p in pending:
            if not p.tmp.exists() and p.target.exists() and p.target.stat().st_size == p.entry.report["size"]:
                with contextlib.suppress(OSError):
                    p.target.unlink()
        discard_packages(vault, pending)
        raise
    store = vault.keys
    results = []
    with vault.transaction():
        for p in pending:
            entry, counts = p.entry, p.entry.report["counts"]
            store.drop_pending_file(p.tmp)
            store.record(entry)
            vault.journal.append("export-package", {"package_id": entry.package_id, "kind": entry.kind,
                                                    "seq": entry.seq, "counts": counts,
                                                    "recipients": list(entry.recipients),
                                                    "sha256": entry.report["sha256"],
                                                    **(p.scope.manifest_fields() if p.scope is not None else {})})
            results.append(ExportResult(p.target, entry.package_id, entry.kind, entry.seq,
                                        p.manifest["scope"]["mode"], entry.since, entry.upto, counts["writes"],
                                        counts["records"], counts["blobs"], int(entry.report["size"]),
                                        str(entry.report["sha256"]), list(entry.recipients), p.kinds))
    return results


def _read_back(path: Path, size: int) -> None:
    """The file in place has the size written and an envelope that passes the import checks.

    Not a second hash of the whole file: read right after an fsync it comes from the operating
    system's cache, not the disk, so it would prove little at the cost of a full pass; the
    bytes on the disk are guarded by age's authenticated encryption, which every recipient checks
    chunk by chunk (docs/package-format.md, "How this program exports").
    """
    with open(path, "rb") as f:
        check_envelope(f.read(fmt.MAX_HEADER + 1), os.fstat(f.fileno()).st_size)
    if path.stat().st_size != size:
        path.unlink(missing_ok=True)
        raise PackageError("damaged", "写入后读回的内容不一致，已删除")
