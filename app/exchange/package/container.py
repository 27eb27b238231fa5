"""The ZIP container inside a package, written and read as a stream (docs/package-format.md).

Only what packages need: stored entries (no compression), ASCII names, no ZIP64 (the container is
capped below 4 GiB). Format version 2 fixes the order of the entries so that an importer can
authenticate a package from its first few KiB: ``manifest.sig`` (the signer's Ed25519 public
key and its signature over the manifest), ``manifest.json``, ``records.jsonl``, then the blobs.
The first three carry their sizes and CRC in their local headers; a blob's local header leaves
them to a data descriptor (they are known only once it has been streamed), and the reader takes
its size from the signed manifest instead.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from app.exchange.package.errors import PackageError

LOCAL_SIG, CENTRAL_SIG, END_SIG, DESCRIPTOR_SIG = 0x04034B50, 0x02014B50, 0x06054B50, 0x08074B50
_LOCAL = struct.Struct("<IHHHHHIIIHH")  # 30 bytes
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
_END = struct.Struct("<IHHHHIIH")  # 22 bytes
_DESCRIPTOR = struct.Struct("<IIII")  # 16 bytes, with its signature
DATA_DESCRIPTOR = 0x0008
_DOS_DATE = (2024 - 1980) << 9 | 1 << 5 | 1  # a fixed date: a package's bytes do not say when it was zipped
_MAX_NAME = 128


@dataclass
class _Written:
    name: str
    offset: int
    crc: int
    size: int
    flags: int


class ContainerWriter:
    """Produces the container's bytes, entry by entry, for a caller that streams them on."""

    def __init__(self) -> None:
        self.offset = 0
        self._entries: list[_Written] = []

    def _local(self, name: str, flags: int, crc: int, size: int) -> bytes:
        raw = name.encode("ascii")
        return _LOCAL.pack(LOCAL_SIG, 20, flags, 0, 0, _DOS_DATE, crc, size, size, len(raw), 0) + raw

    def whole(self, name: str, data: bytes) -> bytes:
        """An entry whose bytes are known: sizes and CRC in its local header."""
        crc = zlib.crc32(data)
        head = self._local(name, 0, crc, len(data))
        self._entries.append(_Written(name, self.offset, crc, len(data), 0))
        self.offset += len(head) + len(data)
        return head + data

    def streamed(self, name: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """An entry streamed from ``chunks``: a local header, the chunks, then a data descriptor."""
        head = self._local(name, DATA_DESCRIPTOR, 0, 0)
        start = self.offset
        self.offset += len(head)
        yield head
        crc, size = 0, 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            self.offset += len(chunk)
            yield chunk
        tail = _DESCRIPTOR.pack(DESCRIPTOR_SIG, crc, size, size)
        self.offset += len(tail)
        self._entries.append(_Written(name, start, crc, size, DATA_DESCRIPTOR))
        yield tail

    def finish(self) -> bytes:
        """The central directory and its end record."""
        parts = []
        for e in self._entries:
            raw = e.name.encode("ascii")
            parts.append(_CENTRAL.pack(CENTRAL_SIG, 20, 20, e.flags, 0, 0, _DOS_DATE, e.crc, e.size, e.size,
                                       len(raw), 0, 0, 0, 0, 0o100600 << 16, e.offset) + raw)
        directory = b"".join(parts)
        end = _END.pack(END_SIG, 0, 0, len(self._entries), len(self._entries), len(directory), self.offset, 0)
        self.offset += len(directory) + len(end)
        return directory + end


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class LocalHeader:
    name: str
    flags: int
    crc: int
    size: int


class ContainerReader:
    """Reads a container front to back from a stream; never seeks, never holds more than asked."""

    def __init__(self, stream: Readable | BinaryIO) -> None:
        self._stream = stream
        self.position = 0
        self._pushback = b""

    def unread(self, data: bytes) -> None:
        """Give back bytes just read: the next reads return them first."""
        self._pushback = data + self._pushback
        self.position -= len(data)

    def next_is_entry(self) -> bool:
        """Whether a local header comes next (else the central directory, or the end)."""
        while len(self._pushback) < 4 and (more := self._stream.read(4 - len(self._pushback))):
            self._pushback += more
        return self._pushback[:4] == struct.pack("<I", LOCAL_SIG)

    def exact(self, n: int) -> bytes:
        """``n`` bytes, or ``bad_container`` if the container ends first."""
        parts, wanted = [], n
        if self._pushback:
            parts.append(self._pushback[:n])
            wanted -= len(parts[0])
            self._pushback = self._pushback[n:]
        while wanted:
            got = self._stream.read(min(wanted, 1 << 20))
            if not got:
                raise PackageError("bad_container", "容器提前结束")
            parts.append(got)
            wanted -= len(got)
        self.position += n
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def chunks(self, n: int, size: int = 1 << 20) -> Iterator[bytes]:
        """The next ``n`` bytes, a piece at a time."""
        while n:
            piece = self.exact(min(n, size))
            n -= len(piece)
            yield piece

    def local_header(self) -> LocalHeader:
        (sig, _version, flags, method, _time, _date, crc, csize, usize, name_len,
         extra_len) = _LOCAL.unpack(self.exact(_LOCAL.size))
        if sig != LOCAL_SIG:
            raise PackageError("bad_container", "条目头不正确")
        if method != 0 or flags & 0x1:
            raise PackageError("compressed_entry")
        if flags & ~DATA_DESCRIPTOR or csize != usize or name_len > _MAX_NAME or extra_len > 256:
            raise PackageError("bad_container", "条目头不正确")
        try:
            name = self.exact(name_len).decode("ascii")
        except UnicodeDecodeError as exc:
            raise PackageError("bad_name") from exc
        self.exact(extra_len)
        return LocalHeader(name, flags, crc, usize)

    def descriptor(self, crc: int, size: int) -> None:
        """The data descriptor after a streamed entry must repeat its CRC and size."""
        sig, got_crc, csize, usize = _DESCRIPTOR.unpack(self.exact(_DESCRIPTOR.size))
        if sig != DESCRIPTOR_SIG or got_crc != crc or csize != size or usize != size:
            raise PackageError("bad_container", "数据描述符不符")

    def rest(self, limit: int) -> bytes:
        """Everything up to the end (the central directory), at most ``limit`` bytes."""
        parts, total = [self._pushback], len(self._pushback)
        self._pushback = b""
        while piece := self._stream.read(1 << 16):
            total += len(piece)
            if total > limit:
                raise PackageError("bad_container", "目录过大")
            parts.append(piece)
        self.position += total
        return b"".join(parts)


def check_directory(data: bytes, names: list[str]) -> None:
    """The central directory and end record after the last entry name exactly ``names``, in order."""
    if len(data) < _END.size:
        raise PackageError("bad_container", "缺少目录")
    sig, disk, cd_disk, here, total, size, _offset, comment = _END.unpack(data[-_END.size:])
    if sig != END_SIG or disk or cd_disk or here != total or total != len(names) or comment \
            or size != len(data) - _END.size:
        raise PackageError("bad_container", "目录不正确")
    pos = 0
    for name in names:
        if pos + _CENTRAL.size > size:
            raise PackageError("bad_container", "目录不正确")
        fields = _CENTRAL.unpack(data[pos:pos + _CENTRAL.size])
        name_len, extra_len, comment_len = fields[10], fields[11], fields[12]
        end = pos + _CENTRAL.size + name_len
        if fields[0] != CENTRAL_SIG or data[pos + _CENTRAL.size:end] != name.encode("ascii"):
            raise PackageError("bad_container", "目录与条目不符")
        pos = end + extra_len + comment_len
    if pos != size:
        raise PackageError("bad_container", "目录不正确")
