"""Process hygiene applied first thing at start-up, before any secret is in memory.

What KeePassXC's ``Bootstrap.cpp`` does, for our process (docs/security.md §2.7, "Memory"):

* **No core dumps.** ``RLIMIT_CORE`` is set to 0, so a crash cannot write the process memory
  (unlocked keys, decrypted records, the passphrase as a Python ``str``) to a core file.
* **Not dumpable (Linux).** ``prctl(PR_SET_DUMPABLE, 0)`` also stops other processes of the same
  user from attaching with ptrace or reading ``/proc/<pid>/mem``, and keeps a piped
  ``core_pattern`` (systemd-coredump, apport) from getting a copy.
* **Private new files.** ``umask(0o077)``: every vault, export, PDF, ledger and package the
  program creates is readable by its owner only (mode 0600), whatever the caller's umask.

Each step is best effort: a platform without it (Windows has no rlimit, macOS no prctl) is
skipped, and a failure is recorded in the returned :class:`Hygiene` rather than raised, since
refusing to start would protect nothing. The secure defaults of the SQLCipher build are checked
separately, each time a vault is opened (``app/storage/connection.py``: ``assert_secure`` raises
``InsecureBuild``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from dataclasses import dataclass, field

PRIVATE_UMASK = 0o077
PR_GET_DUMPABLE = 3  # <linux/prctl.h>
PR_SET_DUMPABLE = 4


@dataclass
class Hygiene:
    """What :func:`apply` managed to set (for tests and the self-check)."""

    core_limit_zero: bool = False
    not_dumpable: bool = False
    umask: int | None = None
    problems: list[str] = field(default_factory=list)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def disable_core_dumps() -> bool:
    """Set the soft and hard ``RLIMIT_CORE`` to 0 (this process can never raise them again)."""
    try:
        import resource
    except ImportError:  # Windows: no core files to disable
        return False
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def set_not_dumpable() -> bool:
    """``prctl(PR_SET_DUMPABLE, 0)`` on Linux; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return is_dumpable() is False


def is_dumpable() -> bool | None:
    """The Linux dumpable flag, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    return bool(_libc().prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def apply() -> Hygiene:
    """Apply every step; called once, before anything else runs (main.py)."""
    state = Hygiene()
    try:
        state.core_limit_zero = disable_core_dumps()
    except (OSError, ValueError) as exc:
        state.problems.append(f"RLIMIT_CORE: {exc}")
    try:
        state.not_dumpable = set_not_dumpable()
    except OSError as exc:
        state.problems.append(f"PR_SET_DUMPABLE: {exc}")
    os.umask(PRIVATE_UMASK)
    state.umask = PRIVATE_UMASK
    return state
