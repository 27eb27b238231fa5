"""Checking and importing packages: everything is checked before anything is written.

Order (security.md §4): size cap → age header pre-parse (≤ 4 KiB, ≤ 4 X25519 stanzas, before
pyrage sees the file) → decrypt into capped memory (never to disk) → strict ZIP checks →
manifest (size, depth, schema) → signature → trusted signer → recipients → ledger (replay,
older seq) → file list and sizes → record lines (schema, then the vault's own validation) →
hashes → merge of blobs, writes and the ledger row in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519

from app.export.package import format as fmt
from app.export.package.errors import PackageError
from app.export.package.keys import (
    display,
    fingerprint,
    key_from_source,
    matches,
    normalise_fingerprint,
    verify_signature,
)
from app.storage.connection import transaction
from app.storage.errors import InvalidChange
from app.storage.keys import AGE, KeyStore, PackageEntry, TrustedKey
from app.storage.store import FieldWrite, MergeReport
from app.storage.vault import Vault

AGE_MAGIC = b"age-encryption.org/v1\n"
_S_IFMT, _S_IFREG = 0o170000, 0o100000


def check_envelope(head: bytes, size: int) -> None:
    """Size cap and a pre-parse of the age header, from the file's first bytes (at least 4 KiB + 1)."""
    if size > fmt.MAX_PACKAGE:
        raise PackageError("too_large", f"{size >> 20} MiB，上限 {fmt.MAX_PACKAGE >> 20} MiB")
    if not head.startswith(AGE_MAGIC):
        raise PackageError("not_age")
    window = head[:fmt.MAX_HEADER]
    end = window.find(b"\n--- ")
    lines = (window if end < 0 else window[:end]).split(b"\n")[1:]
    stanzas = [line for line in lines if line.startswith(b"-> ")]
    x25519_count = sum(1 for s in stanzas if s.split(b" ")[1:2] == [b"X25519"])
    if x25519_count > fmt.MAX_X25519_STANZAS or len(stanzas) > fmt.MAX_STANZAS:
        raise PackageError("too_many_recipients", f"至少 {len(stanzas)} 个，上限 {fmt.MAX_X25519_STANZAS} 个")
    if end < 0 or window.find(b"\n", end + 1) < 0:
        if size < fmt.MAX_HEADER:  # the file ends inside its header: cut short, not oversized
            raise PackageError("damaged", "加密文件头不完整，文件可能被截断")
        raise PackageError("header_too_large", f"上限 {fmt.MAX_HEADER} 字节")
    for stanza in stanzas:
        args = stanza[3:].split(b" ")
        if args[0] == b"X25519" and len(args) != 2:
            raise PackageError("bad_header", "X25519 条目格式错误")
        if args[0] == b"scrypt":
            raise PackageError("bad_header", "不接受口令加密的交接包")


class _CappedBuffer(io.RawIOBase):
    """Where pyrage writes the plaintext: memory only, refusing more than ``cap`` bytes."""

    def __init__(self, cap: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.cap = cap
        self.overflow = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        n = len(data)
        if self.size + n > self.cap:
            self.overflow = True
            raise OSError("plaintext cap")
        self.parts.append(bytes(data))
        self.size += n
        return n


def decrypt(path: Path, identity: x25519.Identity | None) -> bytes:
    """The package's plaintext, in memory. The file is checked before pyrage reads it, and before a
    vault without keys (``identity`` None) says it cannot be the recipient."""
    try:
        f = open(path, "rb")
    except FileNotFoundError as exc:
        raise PackageError("not_found", str(path)) from exc
    with f:
        size = os.fstat(f.fileno()).st_size
        check_envelope(f.read(fmt.MAX_HEADER + 1), size)
        if identity is None:
            raise PackageError("not_for_us", "本库尚未生成密钥")
        f.seek(0)
        out = _CappedBuffer(fmt.MAX_PLAINTEXT)
        try:
            pyrage.decrypt_io(f, out, [identity])
        except pyrage.DecryptError as exc:
            out.parts.clear()
            if "no matching keys" in str(exc).lower():
                raise PackageError("not_for_us") from exc
            raise PackageError("damaged", str(exc)[:80]) from exc
        except (OSError, ValueError) as exc:
            out.parts.clear()
            if out.overflow:
                raise PackageError("plaintext_too_large", f"上限 {fmt.MAX_PLAINTEXT >> 20} MiB") from exc
            raise PackageError("damaged") from exc
    return b"".join(out.parts)


@dataclass
class Verified:
    """A package that passed every check, ready to merge (holds its plaintext in memory)."""

    path: Path
    manifest: dict[str, Any]
    signer: TrustedKey
    writes: list[FieldWrite]
    blobs: list[str]
    zip: zipfile.ZipFile
    #: The signer was not trusted before: the user confirmed its fingerprint (a deployment only).
    new_signer: bool = False

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])


def _open_container(plain: bytes) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(plain))
        infos = zf.infolist()
    except Exception as exc:  # a crafted ZIP raises many kinds (BadZipFile, struct.error, ValueError, …)
        raise PackageError("bad_container", type(exc).__name__) from exc
    if len(infos) > fmt.MAX_ENTRIES:
        raise PackageError("too_many_entries", f"{len(infos)} 个")
    names: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.orig_filename != info.filename or not fmt.NAME_RE.match(info.filename) \
                or (info.external_attr >> 16) & _S_IFMT not in (0, _S_IFREG):
            raise PackageError("bad_name", repr(info.orig_filename[:80]))
        if info.filename in names:
            raise PackageError("duplicate_name", info.filename)
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            raise PackageError("compressed_entry", info.filename)
        if info.file_size > fmt.MAX_ENTRY:
            raise PackageError("entry_too_large", f"{info.filename}：{info.file_size >> 20} MiB")
        if info.compress_size != info.file_size:
            raise PackageError("bad_container", info.filename)
        total += info.file_size
        names[info.filename] = info
    if total > len(plain):  # overlapping entries (the "quoted overlap" zip bomb)
        raise PackageError("bad_container", "条目重叠")
    if fmt.SIGNATURE not in names:
        raise PackageError("unsigned")
    for required in (fmt.MANIFEST, fmt.RECORDS):
        if required not in names:
            raise PackageError("missing_entry", required)
    return zf, names


def _read(zf: zipfile.ZipFile, name: str, reason: str = "bad_container") -> bytes:
    try:
        return zf.read(name)
    except Exception as exc:  # CRC mismatch, truncated local header, …
        raise PackageError(reason, name) from exc


def _own_identity(vault: Vault) -> tuple[x25519.Identity | None, str]:
    """This vault's age identity and recipient; (None, "") before its keys exist."""
    own = KeyStore(vault.con).own(AGE)
    if own is None:
        return None, ""
    return x25519.Identity.from_str(own.secret), own.public


def verify_package(vault: Vault, path: str | os.PathLike[str], *, trust_signer: str | None = None) -> Verified:
    """Check ``path`` completely against this vault; raises PackageError, writes nothing.

    ``trust_signer`` is a fingerprint (at least the 32 hex digits shown) the user has confirmed
    with the sender by another channel: a deployment signed by that key is accepted although
    the key is not trusted yet (the import then enrols it). Any other kind still needs ``trust``.
    """
    path = Path(path)
    confirmed = normalise_fingerprint(trust_signer) if trust_signer is not None else None
    identity, own_recipient = _own_identity(vault)
    plain = decrypt(path, identity)
    zf, infos = _open_container(plain)

    if infos[fmt.MANIFEST].file_size > fmt.MAX_MANIFEST:
        raise PackageError("bad_manifest", "清单过大")
    manifest_bytes = _read(zf, fmt.MANIFEST)
    if infos[fmt.SIGNATURE].file_size != fmt.SIGNATURE_SIZE:
        raise PackageError("bad_signature", "签名长度不正确")
    signature = _read(zf, fmt.SIGNATURE)
    manifest = fmt.parse_manifest(manifest_bytes)

    source = manifest["source"]
    if source["signing_fingerprint"] != fingerprint(source["signing_key"]):
        raise PackageError("bad_manifest", "签名者指纹与公钥不符")
    if not verify_signature(source["signing_key"], signature, manifest_bytes):
        raise PackageError("bad_signature")
    signer = KeyStore(vault.con).trusted(source["signing_key"])
    who = f"指纹 {display(source['signing_fingerprint'])}（{source['owner'] or '未署名'}，设备 {source['device_id']}）"
    new_signer = signer is None
    if signer is None:  # a confirmation matters only for a signer not trusted yet
        if confirmed is None:
            raise PackageError("unknown_signer", who)
        if not matches(source["signing_fingerprint"], confirmed):
            raise PackageError("signer_mismatch", who)
        signer = key_from_source(source)
    if own_recipient not in {r["age_recipient"] for r in manifest["recipients"]}:
        raise PackageError("not_listed")
    kind = manifest["kind"]
    if fmt.IMPORTED_BY.get(kind) != vault.info.role:
        wanted = {"office": "巡察办", "team": "巡察组"}.get(fmt.IMPORTED_BY.get(kind, ""), "其他系统")
        raise PackageError(fmt.WRONG_ROLE.get(kind, "wrong_kind"), f"{kind} 应导入{wanted}保密库")
    if kind in fmt.OFFICE_KINDS and source["role"] != "office":
        raise PackageError("source_role", f"{kind} 由{source['role']}保密库制作")
    if new_signer and kind != "deployment":
        raise PackageError("trust_only_deployment", who)

    store = KeyStore(vault.con)
    if store.package_known(manifest["package_id"]):
        raise PackageError("replay", f"编号 {manifest['package_id']}")
    last = store.last_seq_in(signer.fingerprint)
    if manifest["seq"] <= last:
        raise PackageError("older_seq", f"序号 {manifest['seq']}，已导入到 {last}")

    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest["files"]:
        if entry["name"] in listed:
            raise PackageError("bad_manifest", f"重复的文件 {entry['name']}")
        if entry["name"].startswith("blobs/") and entry["name"][6:] != entry["sha256"]:
            raise PackageError("bad_manifest", f"{entry['name']} 的哈希与名称不符")
        listed[entry["name"]] = entry
    contents = set(infos) - {fmt.MANIFEST, fmt.SIGNATURE}
    if set(listed) != contents:
        extra = sorted(contents - set(listed)) + sorted(set(listed) - contents)
        raise PackageError("size_mismatch", f"多出或缺少 {extra[0]}")
    for name, entry in listed.items():
        if infos[name].file_size != entry["size"]:
            raise PackageError("size_mismatch", name)
    blobs = sorted(n[6:] for n in listed if n.startswith("blobs/"))
    if manifest["counts"]["blobs"] != len(blobs):
        raise PackageError("bad_manifest", "附件数与清单不符")

    records = _read(zf, fmt.RECORDS, "hash_mismatch")
    if hashlib.sha256(records).hexdigest() != listed[fmt.RECORDS]["sha256"]:
        raise PackageError("hash_mismatch", fmt.RECORDS)
    writes = _decode_records(records)
    del records
    if len(writes) != manifest["counts"]["writes"]:
        raise PackageError("bad_manifest", "记录数与清单不符")
    carries = fmt.CARRIES.get(kind)
    if carries is not None:
        for w in writes:
            if w.kind not in carries:
                raise PackageError("out_of_scope", f"{kind} 交接包中有 {w.kind} 记录")

    for sha in blobs:
        digest = hashlib.sha256()
        try:
            with zf.open(f"blobs/{sha}") as stream:
                while chunk := stream.read(1 << 20):
                    digest.update(chunk)
        except Exception as exc:  # CRC mismatch and friends
            raise PackageError("hash_mismatch", f"blobs/{sha[:12]}") from exc
        if digest.hexdigest() != sha:
            raise PackageError("hash_mismatch", f"blobs/{sha[:12]}")
    return Verified(path, manifest, signer, writes, blobs, zf, new_signer)


def _decode_records(data: bytes) -> list[FieldWrite]:
    from app.storage.store import validate_write

    if data and not data.endswith(b"\n"):
        raise PackageError("bad_record", "最后一行没有换行")
    writes = []
    for number, line in enumerate(data.split(b"\n")[:-1] if data else [], start=1):
        w = fmt.decode_write(line, number)
        try:
            validate_write(w)
        except InvalidChange as exc:
            raise PackageError("bad_record", f"第 {number} 行：{exc.detail or exc.message}") from exc
        writes.append(w)
    return writes


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


def _merge(vault: Vault, v: Verified) -> ImportResult:
    """Blobs, writes, ledger row and journal entry; inside the caller's transaction."""
    blobs_new = 0
    for sha in v.blobs:
        if vault.blobs.exists(sha):
            continue
        with v.zip.open(f"blobs/{sha}") as stream:
            got, _ = vault.blobs.put_stream(stream)  # type: ignore[arg-type]
        if got != sha:
            raise PackageError("hash_mismatch", f"blobs/{sha[:12]}")
        blobs_new += 1
    m = v.manifest
    try:
        report = vault.records.merge_within(v.writes, source=f"package:{m['package_id']}")
    except InvalidChange as exc:  # e.g. a record id already used by another kind here
        raise PackageError("bad_record", exc.detail or exc.message) from exc
    summary = {"writes": report.writes_seen, "new_writes": report.writes_new, "added": len(report.added),
               "changed": len(report.changed), "conflicts": len(report.conflicts), "blobs_new": blobs_new}
    src = m["source"]
    store = KeyStore(vault.con)
    if m["kind"] == "deployment":
        # The office that deploys this team is trusted from now on: its later packages verify, and
        # the team's handoff can be encrypted to it (export --for-key).
        office = key_from_source(src)
        if store.put_trusted(office):
            vault.journal.append("trust-key", {"fingerprint": office.fingerprint, "device_id": office.device_id,
                                               "vault_id": office.vault_id, "role": office.role,
                                               "owner": office.owner, "package_id": m["package_id"],
                                               "confirmed": v.new_signer})
        summary["trusted_signer"] = v.new_signer
    store.record(PackageEntry(
        m["package_id"], "in", m["kind"], v.signer.fingerprint, src["device_id"], m["seq"],
        [r["age_recipient"] for r in m["recipients"]], m["scope"]["since"], m["scope"]["upto"], m["created_at"], "",
        summary))
    vault.journal.append("import-package", {"package_id": m["package_id"], "kind": m["kind"], "seq": m["seq"],
                                            "signer": v.signer.fingerprint, "owner": src["owner"],
                                            "device": src["device_id"], **summary})
    return ImportResult(m["package_id"], m["kind"], src["owner"], src["device_id"], m["seq"], blobs_new, report,
                        summary)


class _Preview(Exception):
    """Raised at the end of a dry run so the transaction rolls back everything it did."""


def import_packages(vault: Vault, paths: Sequence[str | os.PathLike[str]], *,
                    dry_run: bool = False, trust_signer: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[ImportResult]:
    """Verify and merge ``paths`` in order, all in one transaction: all are imported or none.

    With ``dry_run`` the merge runs in full and is then rolled back: the results say what the
    packages would add, change and put in conflict, and the vault is left as it was.
    ``trust_signer``: see :func:`verify_package`; a deployment's signer is enrolled with it.
    ``progress(done, total)`` is called before each package and before the commit; an exception
    it raises (a cancel) rolls everything back.
    """
    if trust_signer is not None:
        normalise_fingerprint(trust_signer)  # a typo is refused before anything is decrypted
    results = []
    try:
        with transaction(vault.con):
            for done, path in enumerate(paths):
                if progress is not None:
                    progress(done, len(paths))
                verified = verify_package(vault, path, trust_signer=trust_signer)
                try:
                    results.append(_merge(vault, verified))
                finally:
                    verified.zip.close()
            if progress is not None:
                progress(len(paths), len(paths))
            if dry_run:
                raise _Preview()
    except _Preview:
        pass
    return results
