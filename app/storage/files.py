"""Files written outside the vault (documents, ledgers, packages, saved copies): whole or not at all.

Every such file is written under a temporary name beside its target, flushed and fsynced, then
renamed into place and the directory fsynced (docs/security.md §2.5): a crash leaves the old file or
the new one, never half of one. The temporary file is private (0600), created exclusively and
never through a symbolic link, and removed on any failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX); a no-op where directories cannot be opened."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(target: str | os.PathLike[str], write: Callable[[BinaryIO], T]) -> T:
    """Call ``write`` with a binary file that becomes ``target`` only if it returns.

    Returns what ``write`` returned. Raises FileExistsError if the temporary name is taken (a
    planted file is not ours to remove), and whatever ``write`` or the file system raised.
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return result
