"""A write-ahead log that a crash left damaged: notice the commits SQLite will not replay, keep a copy.

SQLite replays a ``-wal`` file at open only up to the first frame whose checksum fails; every
commit after it is dropped without a word, and the file is deleted at the next close. The WAL
header (32 bytes) and each frame header (24 bytes) are plain text even under SQLCipher (only
the page images are encrypted), so the commit frames in the file can be counted without the
key (https://sqlite.org/fileformat2.html#walformat). After the vault is open SQLite says how
many frames it accepted; a commit frame beyond that is a commit that was lost. The WAL is then
copied, still encrypted, beside the vault before anything can overwrite it (docs/vault.md,
"A damaged write-ahead log").
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from app.storage.connection import Connection
from app.storage.files import atomic_write

WAL_MAGICS = (0x377F0682, 0x377F0683)
WAL_HEADER = 32
FRAME_HEADER = 24
DEFAULT_PAGE = 4096


@dataclass(frozen=True)
class WalScan:
    """What the frame headers of a WAL file say, read before the vault is opened.

    ``commits`` holds the 1-based numbers of the frames that end a transaction and carry this
    WAL's salts (frames of an older generation, left behind a WAL reset, carry other salts).
    ``readable`` is False when the header itself is damaged: SQLite then ignores the whole file.
    """

    salts: bytes
    commits: tuple[int, ...]
    readable: bool = True
    page_size: int = DEFAULT_PAGE
    big_endian: bool = True  # how the checksums read the words (the magic's low bit)


@dataclass(frozen=True)
class KeptWal:
    """A copy of a WAL whose last commits SQLite did not replay; ``lost`` None: unknown (header damaged)."""

    path: Path
    lost: int | None


def wal_path(vault: Path) -> Path:
    return Path(f"{vault}-wal")


def scan(vault: Path) -> WalScan | None:
    """The commit frames of ``vault``'s WAL; None when there is no WAL with a frame in it."""
    path = wal_path(vault)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            header = f.read(WAL_HEADER)
            if size < WAL_HEADER + FRAME_HEADER:
                return None
            magic, _version, page_size = struct.unpack(">III", header[:12])
            salts = header[16:24]
            if magic not in WAL_MAGICS or page_size < 512 or page_size & (page_size - 1):
                # Damaged header: SQLite replays nothing. Lost only if a whole frame was there.
                whole = size >= WAL_HEADER + FRAME_HEADER + DEFAULT_PAGE
                return WalScan(salts, (), readable=False) if whole else None
            frame = FRAME_HEADER + page_size
            commits = []
            for number in range(1, (size - WAL_HEADER) // frame + 1):
                f.seek(WAL_HEADER + (number - 1) * frame)
                head = f.read(FRAME_HEADER)
                if struct.unpack(">I", head[4:8])[0] and head[8:16] == salts:
                    commits.append(number)
            return WalScan(salts, tuple(commits), page_size=page_size, big_endian=bool(magic & 1))
    except OSError:
        return None


def _checksum(data: bytes, big_endian: bool, s1: int, s2: int) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes) continued from (s1, s2)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & 0xFFFFFFFF
        s2 = (s2 + words[i + 1] + s1) & 0xFFFFFFFF
    return s1, s2


def frame_written(vault: Path, log: WalScan, number: int) -> bool:
    """Whether frame ``number`` was written whole: its checksum, continued from the one the frame before
    it stores (the header's for the first), holds. SQLite writes a frame's header and its page in two
    writes; a process killed between them, where the WAL is being reused after a checkpoint, leaves a new
    header over an old page: a commit that never finished, so never acknowledged, and no loss."""
    frame = FRAME_HEADER + log.page_size
    try:
        with open(wal_path(vault), "rb") as f:
            f.seek(24 if number == 1 else WAL_HEADER + (number - 2) * frame + 16)
            seed = struct.unpack(">II", f.read(8))
            f.seek(WAL_HEADER + (number - 1) * frame)
            data = f.read(frame)
    except (OSError, struct.error):
        return False
    if len(data) < frame:
        return False
    s1, s2 = _checksum(data[:8], log.big_endian, *seed)
    return _checksum(data[FRAME_HEADER:], log.big_endian, s1, s2) == struct.unpack(">II", data[16:24])


def replayed_frames(con: Connection) -> int:
    """How many frames SQLite accepted from the WAL (its mxFrame), on a just-opened connection.

    A passive checkpoint reports it; it copies accepted frames into the file as a close would,
    and never touches the WAL itself.
    """
    row = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return max(int(row[1]), 0) if row else 0


def keep_if_lost(vault: Path, before: WalScan | None, replayed: int) -> KeptWal | None:
    """Copy the WAL beside the vault when it holds commits SQLite did not replay."""
    if before is None:
        return None
    if before.readable:
        lost = sum(1 for number in before.commits if number > replayed and frame_written(vault, before, number))
        if not lost:
            return None
        now = scan(vault)
        if now is None or now.salts != before.salts:
            return None  # another program holding the vault reset the WAL meanwhile: nothing was lost
    elif replayed:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = vault.with_name(f"{vault.name}.wal-{stamp}.damaged")
    n = 1
    while target.exists():
        n += 1
        target = vault.with_name(f"{vault.name}.wal-{stamp}-{n}.damaged")
    _copy(wal_path(vault), target)
    return KeptWal(target, lost if before.readable else None)


def _copy(source: Path, target: Path) -> None:
    """Byte for byte (the pages stay encrypted), readable by the owner only, on disk before we go on."""
    with open(source, "rb") as src:
        atomic_write(target, lambda dst: shutil.copyfileobj(src, dst, 1 << 20))
