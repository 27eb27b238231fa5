"""UUIDv7 record ids and hybrid logical clock stamps (docs/vault.md).

A stamp is a fixed-width string ``<wall ms, 12 hex>-<counter, 4 hex>-<device, 16 hex>`` so that
comparing two stamps as strings compares them as (time, counter, device): the total order the
merge needs, with the device id breaking ties. A stamp also names the write it was made for.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

STAMP_RE = re.compile(r"^[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{16}$")
#: The stamp of the writes every vault makes identically at creation (seed vocabularies), so
#: that seeds made by different vaults are the same writes and merge to nothing.
GENESIS_DEVICE = "0" * 16
GENESIS_STAMP = f"{0:012x}-{0:04x}-{GENESIS_DEVICE}"
MAX_COUNTER = 0xFFFF
#: Remote stamps further ahead than this are refused, so one machine with a wrong clock cannot
#: push every later write of everyone into its future.
MAX_DRIFT_MS = 366 * 24 * 3600 * 1000


def uuid7(now_ms: int | None = None) -> str:
    """A UUIDv7 (RFC 9562): 48-bit Unix ms, version 7, 74 random bits."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 68 & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def is_uuid(text: str) -> bool:
    try:
        # Only the canonical spelling: "{...}", "urn:…" or upper case would make a second id.
        return str(uuid.UUID(text)) == text
    except (ValueError, AttributeError, TypeError):
        return False


def new_device_id() -> str:
    """64 random bits: unique among any realistic number of devices, and short, since every
    stamp (one per field write, kept forever) carries it."""
    return os.urandom(8).hex()


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall_ms:012x}-{self.counter:04x}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        if not STAMP_RE.match(text):
            raise ValueError(f"not a stamp: {text[:60]!r}")
        wall, counter, device = text.split("-")
        return cls(int(wall, 16), int(counter, 16), device)


class HybridClock:
    """A hybrid logical clock for one device.

    ``now()`` never returns the same or a smaller stamp twice, even if the wall clock steps
    back; ``observe()`` moves the clock past a stamp received from another device, so a write
    made after seeing a value always sorts after it.
    """

    def __init__(self, device: str, last: str | None = None, wall: Callable[[], int] | None = None):
        self.device = device
        self._wall = wall or (lambda: int(time.time() * 1000))
        parsed = Stamp.parse(last) if last else None
        self._ms = parsed.wall_ms if parsed else 0
        self._counter = parsed.counter if parsed else 0

    def now(self) -> str:
        wall = self._wall()
        if wall > self._ms:
            self._ms, self._counter = wall, 0
        else:
            self._counter += 1
            if self._counter > MAX_COUNTER:  # a burst beyond 65k writes in one ms: borrow the next ms
                self._ms, self._counter = self._ms + 1, 0
        return str(Stamp(self._ms, self._counter, self.device))

    def observe(self, stamp: str) -> None:
        seen = Stamp.parse(stamp)
        if seen.wall_ms > self._wall() + MAX_DRIFT_MS:
            raise ValueError("stamp is too far in the future")
        if (seen.wall_ms, seen.counter) > (self._ms, self._counter):
            self._ms, self._counter = seen.wall_ms, seen.counter

    @property
    def last(self) -> str:
        return str(Stamp(self._ms, self._counter, self.device))
