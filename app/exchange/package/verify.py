"""Authenticating packages: a package is authenticated before anything else in it is read; its
body is read and merged by receive.py (docs/package-format.md, "How this program imports").

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
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.exchange.package import format as fmt
from app.exchange.package.agestream import AgeError, AgeReader
from app.exchange.package.container import ContainerReader
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
from app.storage.keys import AGE, TrustedKey
from app.storage.store import FieldWrite
from app.storage.vault import Vault

AGE_MAGIC = b"age-encryption.org/v1\n"
_S_IFMT, _S_IFREG = 0o170000, 0o100000
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
            raise PackageError("damaged") from exc  # (the reason's message says it; said twice before)
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
    stream: _Plaintext | None = None
    reader: ContainerReader | None = None
    #: Version 1: the entries in container order, from the central directory (name, offset, size, crc, flags).
    layout: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


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


def check_ledger(vault: Vault, v: Verified) -> None:
    """Replay and sequence: a package id or a (signer, seq) seen before is refused, saying when;
    an earlier number that never arrived is accepted, and a missing one is reported as a gap."""
    store = vault.keys
    seen = store.imported(v.package_id)
    if seen is not None:
        source = v.manifest["source"]
        raise PackageError("replay", f"此交接包已于 {seen.at[:16].replace('T', ' ')} 导入", owner=source["owner"],
                           device=source["device_id"], kind=v.kind, imported_at=seen.at)
    at = store.seq_imported_at(v.signer.fingerprint, v.manifest["seq"])
    if at is not None:
        raise PackageError("replay", f"同一来源的第 {v.manifest['seq']} 号包已于 {at[:16].replace('T', ' ')} 导入")


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
    return Verified(path, 2, manifest, signer, new_signer, stream=stream, reader=reader)


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
    return Verified(path, 1, manifest, signer, new_signer, stream=second, reader=ContainerReader(second),
                    layout=layout)


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
        check_ledger(vault, verified)
        return verified
    except BaseException:
        stream.close()
        raise
