"""TEMPORARY stand-in (replaced by the streaming decryptor on branch agestream): same API, in memory."""

from __future__ import annotations

import io
from typing import BinaryIO

import pyrage
from pyrage import x25519


class AgeError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AgeReader(io.RawIOBase):
    def __init__(self, raw: BinaryIO, identity: str, *, max_header: int = 4096) -> None:
        data = raw.read()
        try:
            self._plain = io.BytesIO(pyrage.decrypt(data, [x25519.Identity.from_str(identity)]))
        except pyrage.DecryptError as exc:
            raise AgeError("not_for_us" if "no matching keys" in str(exc).lower() else "damaged") from exc
        self.bytes_read = len(data)

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1, /) -> bytes:
        return self._plain.read(n)
