"""Reading a package's body and merging it: records and attachments checked as they stream, the
merge, the ledger row, in one transaction (docs/package-format.md, "How this program imports").

A package is first authenticated by verify.py (:func:`open_package`: signature, signer, role,
recipients, ledger); only then is its body read here: record lines decoded and validated,
attachment contents streamed into the vault as they arrive (inside the import's transaction),
hashes and CRCs compared, the container read to its very end (the age stream's last chunk is
authenticated only there), then the merge.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.records import Attachment
from app.exchange.package import format as fmt
from app.exchange.package.container import DATA_DESCRIPTOR, ContainerReader, check_directory
from app.exchange.package.errors import PackageError
from app.exchange.package.keys import binding, key_from_source, normalise_fingerprint
from app.exchange.package.verify import Verified, check_ledger, open_package
from app.storage.errors import InvalidChange
from app.storage.keys import PackageEntry
from app.storage.store import FieldWrite, MergeReport
from app.storage.vault import Vault

_HEX = frozenset("0123456789abcdef")


def _gaps(vault: Vault, v: Verified, batch: set[tuple[str, int]]) -> list[int]:
    previous = int(v.manifest.get("previous", 0))
    if previous <= 0 or previous in vault.keys.seqs_in(v.signer.fingerprint) \
            or (v.signer.fingerprint, previous) in batch:
        return []
    return [previous]



class _ChunkStream(io.RawIOBase):
    """A readable over ``size`` bytes of the container that takes their CRC and (unless ``hashed``
    is off, for an attachment the blob store hashes as it stores it) their SHA-256 as they pass."""

    def __init__(self, chunks: Iterator[bytes], *, hashed: bool = True) -> None:
        self._chunks = chunks
        self._buffer = b""
        self.digest = hashlib.sha256() if hashed else None
        self.crc = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1, /) -> bytes:
        if not self._buffer:
            self._buffer = next(self._chunks, b"")
            if self.digest is not None:
                self.digest.update(self._buffer)
            self.crc = zlib.crc32(self._buffer, self.crc)
        if n < 0 or n >= len(self._buffer):
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out

    def drain(self) -> None:
        while self.read(1 << 20):
            pass


def _entry_plan(v: Verified) -> list[tuple[str, int, int | None, int]]:
    """The entries of the body to read, in container order: (name, size, crc or None, flags or -1)."""
    if v.version == 2:
        return [(f["name"], int(f["size"]), None, -1) for f in v.manifest["files"]]
    return [(name, size, crc, flags) for name, _offset, size, crc, flags in v.layout]


def _listed(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest["files"]:
        if entry["name"] in listed:
            raise PackageError("bad_manifest", f"重复的文件 {entry['name']}")
        if entry["name"].startswith("blobs/") and entry["name"][6:] != entry["sha256"]:
            raise PackageError("bad_manifest", f"{entry['name']} 的哈希与名称不符")
        listed[entry["name"]] = entry
    if fmt.RECORDS not in listed:
        raise PackageError("missing_entry", fmt.RECORDS)
    blobs = [n for n in listed if n.startswith("blobs/")]
    if manifest["counts"]["blobs"] != len(blobs):
        raise PackageError("bad_manifest", "附件数与清单不符")
    return listed


def read_body(vault: Vault, v: Verified, *, store_blobs: bool) -> int:
    """Read and check the package's record lines and attachments; with ``store_blobs`` (inside the
    import's transaction) put each attachment into the vault as it arrives. Fills ``v.writes``
    and ``v.blobs``; returns how many attachment contents were new here."""
    assert v.reader is not None
    reader, manifest = v.reader, v.manifest
    listed = _listed(manifest)
    plan = _entry_plan(v)
    if v.version == 2:
        if not plan or plan[0][0] != fmt.RECORDS:
            raise PackageError("bad_manifest", "记录文件应排在最前")
    else:
        contents = {name for name, *_ in plan} - {fmt.MANIFEST, fmt.SIGNATURE}
        if set(listed) != contents:
            extra = sorted(contents - set(listed)) + sorted(set(listed) - contents)
            raise PackageError("size_mismatch", f"多出或缺少 {extra[0]}")
    names: list[str] = [fmt.SIGNATURE, fmt.MANIFEST] if v.version == 2 else []
    if len(plan) > fmt.MAX_ENTRIES:
        raise PackageError("too_many_entries", f"{len(plan)} 个")
    blobs_new = 0
    for name, size, crc, flags in plan:
        if size > (fmt.MAX_RECORDS if name == fmt.RECORDS else fmt.MAX_ENTRY):
            raise PackageError("entry_too_large", f"{name}：{size >> 20} MiB")
        if not reader.next_is_entry():
            raise PackageError("size_mismatch", f"缺少 {name}")
        head = reader.local_header()
        if head.name != name:
            raise PackageError("bad_container", f"条目顺序不符：{head.name[:80]}")
        if name in listed and listed[name]["size"] != size:
            raise PackageError("size_mismatch", name)
        if not head.flags & DATA_DESCRIPTOR and head.size != size:
            raise PackageError("size_mismatch", name)
        if flags >= 0 and head.flags != flags:
            raise PackageError("bad_container", name)
        names.append(name)
        storing = store_blobs and name.startswith("blobs/") and not vault.blobs.exists(name[6:])
        stream = _ChunkStream(reader.chunks(size), hashed=not storing)
        if name == fmt.RECORDS:
            v.writes = _decode_records(stream, v)
        elif storing:
            got, _size = vault.blobs.put_stream(stream)  # type: ignore[arg-type]
            blobs_new += 1
            if got != name[6:]:  # the blob store's own hash of what it stored
                raise PackageError("hash_mismatch", f"blobs/{name[6:18]}")
        else:  # an attachment already here, or version 1's manifest and signature (checked before)
            stream.drain()
        if name.startswith("blobs/"):
            v.blobs.append(name[6:])
        if stream.digest is not None and name in listed and stream.digest.hexdigest() != listed[name]["sha256"]:
            raise PackageError("hash_mismatch", name if name == fmt.RECORDS else f"blobs/{name[6:18]}")
        if head.flags & DATA_DESCRIPTOR:
            reader.descriptor(stream.crc, size)
        elif stream.crc != head.crc:
            raise PackageError("bad_container", f"{name} 校验和不符")
        if crc is not None and stream.crc != crc:
            raise PackageError("bad_container", f"{name} 校验和不符")
    if v.version == 2:
        _no_more_entries(reader, names)
    # Read to the very end: only then has the age stream's final chunk been authenticated.
    directory = reader.rest(fmt.MAX_DIRECTORY)
    if v.version == 2:
        check_directory(directory, names)
    v.close()
    return blobs_new


def _no_more_entries(reader: ContainerReader, names: list[str]) -> None:
    """After the entries the manifest lists, an entry more is refused with what is wrong with it."""
    if not reader.next_is_entry():
        return
    head = reader.local_header()
    if not fmt.NAME_RE.match(head.name):
        raise PackageError("bad_name", repr(head.name[:80]))
    if head.name in names:
        raise PackageError("duplicate_name", head.name)
    raise PackageError("size_mismatch", f"多出 {head.name}")


def _decode_records(stream: _ChunkStream, v: Verified) -> list[FieldWrite]:
    from app.storage.store import validate_write

    writes: list[FieldWrite] = []
    carries = fmt.CARRIES.get(v.kind)
    horizon = int(time.time() * 1000) + fmt.MAX_CLOCK_AHEAD_MS
    pending = b""
    number = 0
    while piece := stream.read(1 << 20):
        lines = (pending + piece).split(b"\n")
        pending = lines.pop()
        if len(pending) > fmt.MAX_LINE:
            raise PackageError("bad_record", f"第 {number + 1} 行过长")
        batch = fmt.quick_decode_lines(lines)  # every line of the piece at once, as a rule
        for i, line in enumerate(lines):
            number += 1
            quick = batch[i] if batch is not None else (
                fmt.quick_decode(line) if len(line) <= fmt.MAX_LINE else None)
            w = quick if quick is not None else fmt.decode_write(line, number)
            try:
                validate_write(w, shaped=quick is not None)
            except InvalidChange as exc:
                raise PackageError("bad_record", f"第 {number} 行：{exc.detail or exc.message}") from exc
            if carries is not None and w.kind not in carries:
                raise PackageError("out_of_scope", f"{v.kind} 交接包中有 {w.kind} 记录")
            if int(w.stamp[:12], 16) > horizon:
                raise PackageError("future_stamp", f"第 {number} 行")
            writes.append(w)
    if pending:
        raise PackageError("bad_record", "最后一行没有换行")
    if len(writes) != v.manifest["counts"]["writes"]:
        raise PackageError("bad_manifest", "记录数与清单不符")
    return writes


def verify_package(vault: Vault, path: str | os.PathLike[str], *, trust_signer: str | None = None) -> Verified:
    """Check ``path`` completely against this vault; raises PackageError, writes nothing.

    ``trust_signer`` is a key fingerprint (at least the 32 hex digits shown) the user has confirmed
    with the sender by another channel: a deployment signed by that key is accepted although the
    key is not trusted yet (the import then enrols it). Any other kind still needs ``trust``.
    """
    verified = open_package(vault, path, trust_signer=trust_signer)
    try:
        read_body(vault, verified, store_blobs=False)
        _check_settings(vault, verified)
        _check_attachments(vault, verified, in_vault=False)
    finally:
        verified.close()
    return verified


def _check_settings(vault: Vault, v: Verified) -> None:
    """A setting the package would make unusable (out of its declared range) refuses the package
    (app/domain/settings.py, docs/vault.md "Settings")."""
    problems = vault.records.setting_violations(v.writes)
    if problems:
        raise PackageError("bad_setting", "；".join(problems)[:400])


def _check_attachments(vault: Vault, v: Verified, *, in_vault: bool) -> None:
    """Every attachment the package names must have its content, in the package or already here;
    after the merge (``in_vault``) the content of every attachment it touched must be here."""
    carried = set(v.blobs)
    if not in_vault:
        for w in v.writes:
            if w.kind == "attachment" and w.field == "sha256" and isinstance(w.value, str) \
                    and len(w.value) == 64 and set(w.value) <= _HEX \
                    and w.value not in carried and not vault.blobs.exists(w.value):
                raise PackageError("missing_blob", w.value[:12])
        return
    touched = {w.record_id for w in v.writes if w.kind == "attachment"}
    for record_id in sorted(touched):
        record = vault.records.find(record_id)
        sha = record.sha256 if isinstance(record, Attachment) and not record.deleted else ""
        if sha and not vault.blobs.exists(sha):
            raise PackageError("missing_blob", sha[:12])


@dataclass
class ImportResult:
    package_id: str
    kind: str
    source_owner: str
    source_device: str
    seq: int
    blobs_new: int
    report: MergeReport
    summary: dict[str, Any] = field(default_factory=dict)
    #: Package numbers of the same signer this one follows that were never imported here.
    gaps: list[int] = field(default_factory=list)
    #: The signer's key fingerprint (to read aloud) and the manifest's counts.
    fingerprint: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    #: record id -> kind of every record the package writes (from its lines).
    kinds: dict[str, str] = field(default_factory=dict)


def _merge(vault: Vault, v: Verified, blobs_new: int) -> ImportResult:
    """Writes, ledger row and journal entry; inside the caller's transaction (the blobs are in)."""
    m = v.manifest
    try:
        report = vault.records.merge_within(v.writes, source=f"package:{m['package_id']}", validated=True)
    except InvalidChange as exc:  # e.g. a record id already used by another kind here
        raise PackageError("bad_record", exc.detail or exc.message) from exc
    _check_attachments(vault, v, in_vault=True)
    kinds = {w.record_id: w.kind for w in v.writes}
    summary: dict[str, Any] = {"writes": report.writes_seen, "new_writes": report.writes_new,
                               **change_counts(kinds, report), "blobs_new": blobs_new}
    if v.gaps:
        summary["gaps"] = v.gaps
    src = m["source"]
    store = vault.keys
    if m["kind"] == "deployment" and v.new_signer:
        # The office that deploys this team is trusted from now on, in the role its confirmed
        # key fingerprint covers: its later packages verify, and the handoff can be encrypted
        # to it (export --for-key).
        office = key_from_source(src)
        store.put_trusted(office)
        vault.journal.append("trust-key", {"fingerprint": binding(office), "signing_fingerprint": office.fingerprint,
                                           "device_id": office.device_id, "vault_id": office.vault_id,
                                           "role": office.role, "owner": office.owner,
                                           "package_id": m["package_id"], "confirmed": True})
    if m["kind"] == "deployment":
        summary["trusted_signer"] = v.new_signer
    store.record(PackageEntry(
        m["package_id"], "in", m["kind"], v.signer.fingerprint, src["device_id"], m["seq"],
        [r["age_recipient"] for r in m["recipients"]], m["scope"]["since"], m["scope"]["upto"], m["created_at"], "",
        summary))
    vault.journal.append("import-package", {"package_id": m["package_id"], "kind": m["kind"], "seq": m["seq"],
                                            "signer": v.signer.fingerprint, "owner": src["owner"],
                                            "device": src["device_id"], **summary})
    return ImportResult(m["package_id"], m["kind"], src["owner"], src["device_id"], m["seq"], blobs_new, report,
                        summary, list(v.gaps), binding(v.signer), dict(m["counts"]), kinds)


def change_counts(kind_of: dict[str, str], report: MergeReport) -> dict[str, Any]:
    """What a merge added, changed and put in conflict, in all and per record kind.

    A record new here is counted as added only: the merge report also lists its fields among the
    changed ones (its journal entry records them), but a person reads "修改" as an existing record
    changed; and a record put in conflict is counted among the conflicts, not again as changed.
    ``conflicts`` counts fields (one record may have several). ``kind_of`` (record id ->
    kind) comes from the package's own writes, so nothing is read again from the vault.
    """
    added = set(report.added)
    by_kind: dict[str, dict[str, int]] = {}

    def count(record_id: str, what: str) -> None:
        tally = by_kind.setdefault(kind_of.get(record_id, ""), {"added": 0, "changed": 0, "conflicts": 0})
        tally[what] += 1

    for record_id in added:
        count(record_id, "added")
    in_conflict = {rid for rid, _field in report.conflicts}
    changed = [rid for rid in report.changed if rid not in added and rid not in in_conflict]
    for record_id in changed:
        count(record_id, "changed")
    for record_id, _field in report.conflicts:
        count(record_id, "conflicts")
    return {"added": len(added), "changed": len(changed), "conflicts": len(report.conflicts), "by_kind": by_kind}


class _Preview(Exception):
    """Raised at the end of a dry run so the transaction rolls back everything it did."""


def import_packages(vault: Vault, paths: Sequence[str | os.PathLike[str]], *,
                    dry_run: bool = False, trust_signer: str | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    inspect: Callable[[list[ImportResult]], None] | None = None) -> list[ImportResult]:
    """Verify and merge ``paths`` in order, all in one transaction: all are imported or none.

    Every package is authenticated first, without the write lock; then one transaction reads
    their bodies and merges them. With ``dry_run`` the merge runs in full and is then rolled
    back: the results say what the packages would add, change and put in conflict, and the vault
    is left as it was. ``trust_signer``: see :func:`verify_package`. ``progress(done, total)``
    is called before each package and before the commit; an exception it raises (a cancel)
    rolls everything back. ``inspect(results)`` is called inside the transaction after the last
    merge, before the commit (or the dry run's rollback): what it reads of the vault is the vault
    as the import leaves it (the import preview names the records it would add and change).
    """
    if trust_signer is not None:
        normalise_fingerprint(trust_signer)  # a typo is refused before anything is decrypted
    opened: list[Verified] = []
    results = []
    try:
        batch: dict[tuple[str, int], int] = {}
        ids: dict[str, int] = {}
        for number, path in enumerate(paths, start=1):
            v = open_package(vault, path, trust_signer=trust_signer)
            opened.append(v)
            twice = ids.get(v.package_id) or batch.get((v.signer.fingerprint, v.manifest["seq"]))
            if twice is not None:
                raise PackageError("duplicate_in_batch", f"第 {twice} 个与第 {number} 个")
            ids[v.package_id] = number
            batch[(v.signer.fingerprint, v.manifest["seq"])] = number
        for v in opened:
            v.gaps = _gaps(vault, v, set(batch))
        try:
            with vault.transaction():
                for done, v in enumerate(opened):
                    if progress is not None:
                        progress(done, len(opened))
                    check_ledger(vault, v)  # again, now under the write lock
                    blobs_new = read_body(vault, v, store_blobs=True)
                    _check_settings(vault, v)
                    results.append(_merge(vault, v, blobs_new))
                if progress is not None:
                    progress(len(opened), len(opened))
                if inspect is not None:
                    inspect(results)
                if dry_run:
                    raise _Preview()
        except _Preview:
            pass
    finally:
        for v in opened:
            v.close()
    return results
