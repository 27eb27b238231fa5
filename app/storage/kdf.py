"""Passphrase to SQLCipher key: Argon2id, with its parameters kept in the vault file's first bytes.

SQLCipher writes a 16-byte salt at the start of every database file, the only part of the file
that is readable before the key exists. We choose those 16 bytes ourselves (a raw key given as
``x'<key><salt>'`` sets them) and lay them out as::

    0..1   b"XC"            magic: tells a vault from any other file before decrypting
    2      format version   a newer one is refused as "made by a newer program"
    3      log2(memory KiB) Argon2id memory cost (16 = 64 MiB)
    4      time cost        Argon2id passes
    5      parallelism      Argon2id lanes
    6..15  random           10 bytes (80 bits) that make the salt unique

The whole 16 bytes are the Argon2id salt, so the parameters are bound into the key. The vault
stays one file: copying it copies everything needed to open it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from app.storage.errors import KdfParamsOutOfRange, NotAVault, VaultTooNew

MAGIC = b"XC"
HEADER_VERSION = 1
HEADER_SIZE = 16
KEY_SIZE = 32
SQLITE_PLAIN_MAGIC = b"SQLite format 3\x00"


#: What this program ever writes, and so all it accepts: 2^16 KiB = 64 MiB for a user's vault,
#: down to 2^10 KiB for TEST_PARAMS; time cost 1 (tests) up to calibrate()'s ceiling; 1 or 2 lanes.
MEMORY_LOG2_RANGE = (10, 16)
TIME_COST_RANGE = (1, 40)
PARALLELISM_RANGE = (1, 2)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. ``memory_log2`` is log2 of KiB; 16 = 64 MiB, the floor for real vaults."""

    memory_log2: int = 16
    time_cost: int = 3
    parallelism: int = 2

    @property
    def memory_kib(self) -> int:
        return 1 << self.memory_log2

    def validate(self) -> None:
        """Refuse any cost this program never writes (docs/vault.md, "Header bounds").

        Checked before deriving: a one-bit flip of byte 3 (16 → 20) would otherwise make unlock
        allocate 1 GiB, and a crafted header could ask for gigabytes and minutes of work.
        """
        problems = [f"{name} {value}" for name, value, (low, high) in (
            ("memory_log2", self.memory_log2, MEMORY_LOG2_RANGE),
            ("time_cost", self.time_cost, TIME_COST_RANGE),
            ("parallelism", self.parallelism, PARALLELISM_RANGE),
        ) if not low <= value <= high]
        if problems:
            raise KdfParamsOutOfRange(", ".join(problems))


#: Cheap parameters for tests and demo vaults made by tests; never chosen for a user's vault.
TEST_PARAMS = KdfParams(memory_log2=10, time_cost=1, parallelism=1)


@dataclass(frozen=True)
class Header:
    params: KdfParams
    salt: bytes  # all 16 bytes

    @classmethod
    def new(cls, params: KdfParams) -> Header:
        params.validate()
        head = MAGIC + bytes([HEADER_VERSION, params.memory_log2, params.time_cost, params.parallelism])
        return cls(params, head + os.urandom(HEADER_SIZE - len(head)))

    @classmethod
    def parse(cls, data: bytes) -> Header:
        if len(data) < HEADER_SIZE:
            raise NotAVault("文件过短")
        if data.startswith(SQLITE_PLAIN_MAGIC):
            raise NotAVault("这是未加密的 SQLite 数据库")
        if data[:2] != MAGIC:
            raise NotAVault()
        if data[2] > HEADER_VERSION:
            raise VaultTooNew(f"文件格式版本 {data[2]}")
        if data[2] < 1:
            raise NotAVault()
        params = KdfParams(data[3], data[4], data[5])
        params.validate()
        return cls(params, bytes(data[:HEADER_SIZE]))


def read_header(path: str | os.PathLike[str]) -> Header:
    with open(path, "rb") as f:
        return Header.parse(f.read(HEADER_SIZE))


def derive_key(passphrase: str | bytes | bytearray, header: Header) -> bytearray:
    """Argon2id(passphrase, salt=header) -> 32-byte key, as a bytearray the caller can wipe."""
    secret = passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)
    raw = hash_secret_raw(
        secret,
        header.salt,
        time_cost=header.params.time_cost,
        memory_cost=header.params.memory_kib,
        parallelism=header.params.parallelism,
        hash_len=KEY_SIZE,
        type=Type.ID,
    )
    return bytearray(raw)


def sqlcipher_key(key: bytes | bytearray, header: Header | None = None) -> bytearray:
    """The raw-key form SQLCipher accepts through ``set_key``: ``x'<hex key>[<hex salt>]'``.

    With the salt, SQLCipher writes it as the new file's first 16 bytes; without, it reads it
    from the file. Passed as bytes to the key API, never spliced into SQL text.
    """
    out = bytearray(b"x'")
    out += key.hex().encode("ascii")
    if header is not None:
        out += header.salt.hex().encode("ascii")
    out += b"'"
    return out


def wipe(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def calibrate(target_seconds: float = 0.6, memory_log2: int = 16, parallelism: int = 2) -> KdfParams:
    """Pick the Argon2id time cost that takes about ``target_seconds`` on this machine."""
    probe = KdfParams(memory_log2, 1, parallelism)
    header = Header.new(probe)
    start = time.perf_counter()
    wipe(derive_key(b"calibration", header))
    one_pass = max(time.perf_counter() - start, 1e-3)
    passes = int(round(target_seconds / one_pass))
    return KdfParams(memory_log2, max(2, min(passes, TIME_COST_RANGE[1])), parallelism)
