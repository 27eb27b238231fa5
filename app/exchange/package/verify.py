"""Checking and importing packages: a package is authenticated before anything else in it is read,
and merged whole or not at all (docs/package-format.md, "How this program imports").

Order: size cap → age header pre-parse (≤ 4 KiB, ≤ 4 X25519 stanzas) → the plaintext read as a
stream (never to disk) → the signature over the raw manifest bytes, with the signer's key from
the container's fixed header (version 2) or from the trusted keys (version 1) → only then the
manifest parsed (linear, bounded) → trusted signer and its role → recipients → ledger (replay,
sequence) — all without the vault's write lock → in one transaction: record lines, attachment
contents streamed into the vault as they arrive, hashes, the merge, the ledger row.

Version 1 packages put the manifest last; they are read in two passes over the stream (the first
keeps only the container's tail), so memory stays bounded for them too.
"""

from __future__ import annotations

import collections
import hashlib
import io
import os
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.domain.records import Attachment
from app.exchange.package import format as fmt
from app.exchange.package.agestream import AgeError, AgeReader
from app.exchange.package.container import DATA_DESCRIPTOR, ContainerReader, check_directory
from app.exchange.package.errors import PackageError
from app.exchange.package.keys import (
    binding,
    check_signing_key,
    display,
    fingerprint,
    key_from_source,
    matches,
    normalise_fingerprint,
    source_matches,
    verify_signature,
)
from app.storage.errors import InvalidChange
from app.storage.keys import AGE, PackageEntry, TrustedKey
from app.storage.store import FieldWrite, MergeReport
from app.storage.vault import Vault

AGE_MAGIC = b"age-encryption.org/v1\n"
_S_IFMT, _S_IFREG = 0o170000, 0o100000
_HEX = frozenset("0123456789abcdef")
#: What version 1's first pass keeps of the container's end: the manifest, its signature, the
#: central directory and their local headers.
_V1_TAIL = fmt.MAX_MANIFEST + fmt.MAX_DIRECTORY + (64 << 10)
#: The age reader's refusals that are package reasons of the same name (errors.py).
_AGE_REASONS = frozenset({"not_age", "bad_header", "header_too_large", "too_many_recipients", "not_for_us", "damaged"})


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


class _Plaintext:
    """The package's plaintext as a stream, read once; any decryption failure is a PackageError."""

    def __init__(self, path: Path, identity: str | None) -> None:
        try:
            self._file: BinaryIO = open(path, "rb")
        except FileNotFoundError as exc:
            raise PackageError("not_found", str(path)) from exc
        except OSError as exc:
            raise PackageError("not_found", f"{path}：{exc.strerror}") from exc
        try:
            size = os.fstat(self._file.fileno()).st_size
            check_envelope(self._file.read(fmt.MAX_HEADER + 1), size)
            if identity is None:
                raise PackageError("not_for_us", "本库尚未生成密钥")
            self._file.seek(0)
            try:
                self._age = AgeReader(self._file, identity, max_header=fmt.MAX_HEADER)
            except AgeError as exc:
                raise PackageError(exc.reason if exc.reason in _AGE_REASONS else "damaged") from exc
        except BaseException:
            self._file.close()
            raise
        self.size = 0

    def read(self, n: int = -1, /) -> bytes:
        try:
            data = self._age.read(n)
        except AgeError as exc:
            raise PackageError("damaged", "解密失败：交接包已损坏、被截断或被篡改") from exc
        self.size += len(data)
        if self.size > fmt.MAX_PLAINTEXT:
            raise PackageError("plaintext_too_large", f"上限 {fmt.MAX_PLAINTEXT >> 20} MiB")
        return data

    def close(self) -> None:
        self._file.close()


def decrypt(path: Path, identity: Any) -> bytes:
    """The whole plaintext in memory: for tests and tools that look inside a package by hand."""
    stream = _Plaintext(Path(path), str(identity) if identity is not None else None)
    try:
        parts = []
        while piece := stream.read(1 << 20):
            parts.append(piece)
        return b"".join(parts)
    finally:
        stream.close()


@dataclass
class Verified:
    """A package whose signature, signer, recipients and ledger position are checked; its body
    (records and attachments) is read and checked by :func:`import_packages`."""

    path: Path
    version: int
    manifest: dict[str, Any]
    signer: TrustedKey
    #: The signer was not trusted before: the user confirmed its fingerprint (a deployment only).
    new_signer: bool = False
    writes: list[FieldWrite] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    #: Package numbers of the same signer this one follows that were never imported here.
    gaps: list[int] = field(default_factory=list)
    _stream: _Plaintext | None = None
    _reader: ContainerReader | None = None
    #: Version 1: the entries in container order, from the central directory (name, offset, size, crc, flags).
    _layout: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def _own_identity(vault: Vault) -> tuple[str | None, str]:
    """This vault's age identity and recipient; (None, "") before its keys exist."""
    own = vault.keys.own(AGE)
    if own is None:
        return None, ""
    return own.secret, own.public


def _signer_text(source: dict[str, Any], key_fpr: str) -> str:
    return f"指纹 {display(key_fpr)}（{source['owner'] or '未署名'}，设备 {source['device_id']}）"


def _about_signer(reason: str, manifest: dict[str, Any], key_fpr: str, detail: str = "") -> PackageError:
    source = manifest["source"]
    return PackageError(reason, detail or _signer_text(source, key_fpr), fingerprint=key_fpr, owner=source["owner"],
                        device=source["device_id"], kind=manifest["kind"])


def _authorise(vault: Vault, manifest: dict[str, Any], signing_key: str,
               confirmed: str | None) -> tuple[TrustedKey, bool]:
    """Who signed (trusted, or confirmed by the person for a first deployment) and whether the
    package may come from them to this vault; raises PackageError with the reason."""
    source = manifest["source"]
    if source["signing_key"] != signing_key or source["signing_fingerprint"] != fingerprint(signing_key):
        raise PackageError("bad_manifest", "签名者公钥与清单不符")
    store = vault.keys
    key_fpr = binding(key_from_source(source))
    signer = store.trusted(signing_key)
    new_signer = signer is None
    if signer is None:  # a confirmation matters only for a signer not trusted yet
        if confirmed is None:
            raise _about_signer("unknown_signer", manifest, key_fpr)
        if not matches(key_fpr, confirmed):
            raise _about_signer("signer_mismatch", manifest, key_fpr)
        signer = key_from_source(source)
    _own, own_recipient = _own_identity(vault)
    if own_recipient not in {r["age_recipient"] for r in manifest["recipients"]}:
        raise PackageError("not_listed")
    kind = manifest["kind"]
    if fmt.IMPORTED_BY.get(kind) != vault.info.role:
        wanted = {"office": "巡察办", "team": "巡察组"}.get(fmt.IMPORTED_BY.get(kind, ""), "其他系统")
        raise PackageError(fmt.WRONG_ROLE.get(kind, "wrong_kind"), f"{kind} 应导入{wanted}保密库")
    sender_role = fmt.SENT_BY[kind]
    if kind in fmt.OFFICE_KINDS and source["role"] != sender_role:
        raise PackageError("source_role", f"{kind} 由{source['role']}保密库制作")
    if signer.role != sender_role:
        trusted_as = "巡察办" if signer.role == "office" else "巡察组"
        who = _signer_text(source, key_fpr)
        raise PackageError("signer_role", f"{who}被信任为{trusted_as}，不能发来 {kind} 交接包")
    if not new_signer and not source_matches(signer, source):
        raise PackageError("source_mismatch", f"已信任的指纹 {display(binding(signer))}，交接包中为 {display(key_fpr)}")
    if new_signer and kind != "deployment":
        raise _about_signer("trust_only_deployment", manifest, key_fpr)
    return signer, new_signer


def _check_ledger(vault: Vault, v: Verified) -> None:
    """Replay and sequence: a package id or a (signer, seq) seen before is refused, saying when;
    an earlier number that never arrived is accepted, and a missing one is reported as a gap."""
    store = vault.keys
    seen = store.imported(v.package_id)
    if seen is not None:
        raise PackageError("replay", f"此交接包已于 {seen.at[:16].replace('T', ' ')} 导入")
    at = store.seq_imported_at(v.signer.fingerprint, v.manifest["seq"])
    if at is not None:
        raise PackageError("replay", f"同一来源的第 {v.manifest['seq']} 号包已于 {at[:16].replace('T', ' ')} 导入")


def _gaps(vault: Vault, v: Verified, batch: set[tuple[str, int]]) -> list[int]:
    previous = int(v.manifest.get("previous", 0))
    if previous <= 0 or previous in vault.keys.seqs_in(v.signer.fingerprint) \
            or (v.signer.fingerprint, previous) in batch:
        return []
    return [previous]


def _verify_manifest(vault: Vault, manifest_bytes: bytes, signature: bytes, signing_key: str | None,
                     confirmed: str | None) -> tuple[dict[str, Any], TrustedKey, bool]:
    """Signature first, over the raw bytes; then the manifest parsed. ``signing_key`` is the
    container header's (version 2); None for version 1, whose signer is sought among the trusted
    keys before anything is parsed."""
    if signing_key is None:
        trusted = [k for k in vault.keys.all_trusted() if verify_signature(k.signing_key, signature,
                                                                                    manifest_bytes)]
        if trusted:
            signing_key = trusted[0].signing_key
    if signing_key is not None:
        try:
            check_signing_key(signing_key)
        except PackageError as exc:
            raise PackageError("weak_key" if exc.reason == "weak_key" else "bad_signature") from exc
        if not verify_signature(signing_key, signature, manifest_bytes):
            raise PackageError("bad_signature")
    # Parsed only now: verified by a trusted key, or (an untrusted signer) linear and bounded, only
    # to show the fingerprint a person compares and to check a confirmed one.
    try:
        manifest = fmt.parse_manifest(manifest_bytes)
    except PackageError as exc:
        trusted_key = signing_key is not None and vault.keys.trusted(signing_key) is not None
        if exc.reason != "format_too_new" or trusted_key:
            raise
        # Only a trusted signer may say that a newer program is needed; from anyone else it is
        # an unknown signer (whose key fingerprint a newer manifest may not even state).
        shown = display(fingerprint(signing_key)) if signing_key else "？"
        raise PackageError("unknown_signer", f"签名公钥指纹 {shown}（交接包格式比本程序新）") from exc
    if signing_key is None:  # version 1, signed by a key not trusted here
        signing_key = str(manifest["source"]["signing_key"])
        check_signing_key(signing_key)
        if not verify_signature(signing_key, signature, manifest_bytes):
            raise PackageError("bad_signature")
    signer, new_signer = _authorise(vault, manifest, signing_key, confirmed)
    return manifest, signer, new_signer


def _crc(data: bytes, expected: int, name: str) -> None:
    if zlib.crc32(data) != expected:
        raise PackageError("bad_container", f"{name} 校验和不符")


def _open_v2(vault: Vault, path: Path, stream: _Plaintext, reader: ContainerReader,
             confirmed: str | None) -> Verified:
    head = reader.local_header()
    if head.name != fmt.SIGNATURE or head.flags or head.size != fmt.SIGNED_HEADER_SIZE:
        raise PackageError("bad_signature", "签名长度不正确")
    signed = reader.exact(head.size)
    _crc(signed, head.crc, fmt.SIGNATURE)
    head = reader.local_header()
    if head.name != fmt.MANIFEST or head.flags:
        raise PackageError("missing_entry", fmt.MANIFEST)
    if head.size > fmt.MAX_MANIFEST:
        raise PackageError("bad_manifest", "清单过大")
    manifest_bytes = reader.exact(head.size)
    _crc(manifest_bytes, head.crc, fmt.MANIFEST)
    manifest, signer, new_signer = _verify_manifest(vault, manifest_bytes, signed[32:], signed[:32].hex(), confirmed)
    if manifest["format_version"] != 2:
        raise PackageError("bad_manifest", "格式版本与容器不符")
    return Verified(path, 2, manifest, signer, new_signer, _stream=stream, _reader=reader)


class _Tail:
    """A read-only file over the last bytes of a stream, at their true offsets (version 1's first pass)."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data, self._start, self._size, self._pos = data, size - len(data), size, 0

    def seek(self, offset: int, whence: int = 0) -> int:
        self._pos = offset if whence == 0 else self._pos + offset if whence == 1 else self._size + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def seekable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self._pos < self._start:
            raise PackageError("bad_container", "清单或目录不在容器末尾")
        end = self._size if n < 0 else min(self._size, self._pos + n)
        out = self._data[self._pos - self._start:end - self._start]
        self._pos = end
        return out


def _v1_layout(stream: _Plaintext, first: bytes) -> tuple[list[zipfile.ZipInfo], bytes, bytes]:
    """First pass over a version 1 container: the entries, manifest and signature, keeping only its tail."""
    tail: collections.deque[bytes] = collections.deque()
    kept = len(first)
    tail.append(first)
    total = len(first)
    while piece := stream.read(1 << 20):
        tail.append(piece)
        kept += len(piece)
        total += len(piece)
        while kept - len(tail[0]) >= _V1_TAIL:
            kept -= len(tail.popleft())
    data = b"".join(tail)
    try:
        zf = zipfile.ZipFile(_Tail(data, total))
        infos = zf.infolist()
    except PackageError:
        raise
    except Exception as exc:  # a crafted ZIP raises many kinds (BadZipFile, struct.error, ValueError, …)
        raise PackageError("bad_container", type(exc).__name__) from exc
    names = _check_entries(infos, total)
    if infos and max(i.header_offset for i in infos) >= total:
        raise PackageError("bad_container", "条目偏移不正确")
    if names[fmt.MANIFEST].file_size > fmt.MAX_MANIFEST:
        raise PackageError("bad_manifest", "清单过大")
    if names[fmt.SIGNATURE].file_size != fmt.SIGNATURE_SIZE:
        raise PackageError("bad_signature", "签名长度不正确")
    try:
        manifest_bytes, signature = zf.read(fmt.MANIFEST), zf.read(fmt.SIGNATURE)
    except PackageError:
        raise
    except Exception as exc:  # CRC mismatch, truncated local header, …
        raise PackageError("bad_container", fmt.MANIFEST) from exc
    return infos, manifest_bytes, signature


def _check_entries(infos: list[zipfile.ZipInfo], total: int) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > fmt.MAX_ENTRIES:
        raise PackageError("too_many_entries", f"{len(infos)} 个")
    names: dict[str, zipfile.ZipInfo] = {}
    size = 0
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
        size += info.file_size
        names[info.filename] = info
    if size > total:  # overlapping entries (the "quoted overlap" zip bomb)
        raise PackageError("bad_container", "条目重叠")
    if fmt.SIGNATURE not in names:
        raise PackageError("unsigned")
    for required in (fmt.MANIFEST, fmt.RECORDS):
        if required not in names:
            raise PackageError("missing_entry", required)
    return names


def _open_v1(vault: Vault, path: Path, stream: _Plaintext, first: bytes, identity: str,
             confirmed: str | None) -> Verified:
    infos, manifest_bytes, signature = _v1_layout(stream, first)
    stream.close()
    manifest, signer, new_signer = _verify_manifest(vault, manifest_bytes, signature, None, confirmed)
    if manifest["format_version"] != 1:
        raise PackageError("bad_manifest", "格式版本与容器不符")
    layout = sorted(((i.filename, i.header_offset, i.file_size, i.CRC, i.flag_bits) for i in infos),
                    key=lambda e: e[1])
    second = _Plaintext(path, identity)  # the second pass reads the entries in container order
    return Verified(path, 1, manifest, signer, new_signer, _stream=second, _reader=ContainerReader(second),
                    _layout=layout)


def open_package(vault: Vault, path: str | os.PathLike[str], *, trust_signer: str | None = None) -> Verified:
    """Authenticate ``path`` for this vault without reading its body or taking a write lock:
    signature, signer, role, recipients and ledger. Raises PackageError; the caller closes it."""
    path = Path(path)
    confirmed = normalise_fingerprint(trust_signer) if trust_signer is not None else None
    identity, _recipient = _own_identity(vault)
    stream = _Plaintext(path, identity)
    try:
        assert identity is not None
        reader = ContainerReader(stream)
        head = reader.exact(30)  # a local header's fixed part
        name_len = int.from_bytes(head[26:28], "little")
        name = reader.exact(min(name_len, 64)) if head[:4] == b"PK\x03\x04" else b""
        if name_len == len(fmt.SIGNATURE) and name == fmt.SIGNATURE.encode():  # version 2: signature first
            reader.unread(head + name)
            verified = _open_v2(vault, path, stream, reader, confirmed)
        else:
            verified = _open_v1(vault, path, stream, head + name, identity, confirmed)
        _check_ledger(vault, verified)
        return verified
    except BaseException:
        stream.close()
        raise


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
    return [(name, size, crc, flags) for name, _offset, size, crc, flags in v._layout]


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
    assert v._reader is not None
    reader, manifest = v._reader, v.manifest
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
        for line in lines:
            number += 1
            w = fmt.decode_write(line, number)
            try:
                validate_write(w)
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


def _merge(vault: Vault, v: Verified, blobs_new: int) -> ImportResult:
    """Writes, ledger row and journal entry; inside the caller's transaction (the blobs are in)."""
    m = v.manifest
    try:
        report = vault.records.merge_within(v.writes, source=f"package:{m['package_id']}", validated=True)
    except InvalidChange as exc:  # e.g. a record id already used by another kind here
        raise PackageError("bad_record", exc.detail or exc.message) from exc
    _check_attachments(vault, v, in_vault=True)
    summary: dict[str, Any] = {"writes": report.writes_seen, "new_writes": report.writes_new,
                               "added": len(report.added), "changed": len(report.changed),
                               "conflicts": len(report.conflicts), "blobs_new": blobs_new}
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
                        summary, list(v.gaps), binding(v.signer), dict(m["counts"]))


class _Preview(Exception):
    """Raised at the end of a dry run so the transaction rolls back everything it did."""


def import_packages(vault: Vault, paths: Sequence[str | os.PathLike[str]], *,
                    dry_run: bool = False, trust_signer: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[ImportResult]:
    """Verify and merge ``paths`` in order, all in one transaction: all are imported or none.

    Every package is authenticated first, without the write lock; then one transaction reads
    their bodies and merges them. With ``dry_run`` the merge runs in full and is then rolled
    back: the results say what the packages would add, change and put in conflict, and the vault
    is left as it was. ``trust_signer``: see :func:`verify_package`. ``progress(done, total)``
    is called before each package and before the commit; an exception it raises (a cancel)
    rolls everything back.
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
                    _check_ledger(vault, v)  # again, now under the write lock
                    blobs_new = read_body(vault, v, store_blobs=True)
                    _check_settings(vault, v)
                    results.append(_merge(vault, v, blobs_new))
                if progress is not None:
                    progress(len(opened), len(opened))
                if dry_run:
                    raise _Preview()
        except _Preview:
            pass
    finally:
        for v in opened:
            v.close()
    return results
