"""Export's two helper threads: reading attachments out of the vault ahead of the encryption, and
hashing and writing the encrypted file behind it.

SQLCipher's page decryption (inside ``sqlite3_step``), ChaCha20-Poly1305, SHA-256 and file writes
all release the GIL, so on a second CPU the vault reads and the output's hashing run beside the
encryption instead of before and after it (bench/README.md, issue 15). Both are bounded: a few chunks in flight, so
memory stays flat whatever the package's size. Errors cross back to the exporting thread, and a
consumer that stops early stops its helper before it returns: the vault's connection is never used
by two threads at once.
"""

from __future__ import annotations

import hashlib
import io
import queue
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Any, BinaryIO, Generic, TypeVar

T = TypeVar("T")

_DONE: Any = object()  # the producer's end
_WAIT = 0.05  # seconds between looks at the stop flag while the queue is full


class Prefetched(Generic[T]):
    """Iterates over ``source`` on a helper thread, at most ``depth`` items ahead of the consumer.

    A context manager: leaving it (normally, by an exception, or by a generator being closed) stops
    the helper and waits for it, so whatever ``source`` uses is free again afterwards. An exception
    in ``source`` is raised to the consumer at the point where it happened in the sequence.
    """

    def __init__(self, source: Iterator[T], depth: int = 4) -> None:
        self._source = source
        self._items: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="package-prefetch", daemon=True)

    def __enter__(self) -> Prefetched[T]:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        while self._thread.is_alive():
            try:  # make room for a put the helper may be blocked in
                self._items.get_nowait()
            except queue.Empty:
                pass
            self._thread.join(_WAIT)

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._items.put(item, timeout=_WAIT)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for item in self._source:
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            self._error = exc
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                close()  # a generator's own clean-up runs on this thread, before the consumer goes on
        self._put(_DONE)

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        item = self._items.get()
        if item is _DONE:
            self._items.put(_DONE)  # stays ended for a second look
            if self._error is not None:
                raise self._error
            raise StopIteration
        return item  # type: ignore[no-any-return]


class HashingWriter(io.RawIOBase):
    """A file-like sink for the age writer: the bytes are hashed (SHA-256) and written to
    ``out`` on a helper thread, a few pieces behind. :meth:`finish` waits for the last piece and
    raises a write error there if the helper met one (a later :meth:`write` raises it too)."""

    def __init__(self, out: BinaryIO, depth: int = 16) -> None:
        super().__init__()
        self._out = out
        self.digest = hashlib.sha256()
        self.size = 0
        self._pieces: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="package-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            piece = self._pieces.get()
            if piece is _DONE:
                return
            if self._error is not None:
                continue  # drain: the exporting thread learns of the error at its next write
            try:
                self._out.write(piece)
                self.digest.update(piece)
            except BaseException as exc:
                self._error = exc

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self._error is not None:
            raise self._error
        piece = data if isinstance(data, bytes) else bytes(data)  # the caller may reuse its buffer
        self._pieces.put(piece)
        self.size += len(piece)
        return len(piece)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        """Wait until everything is written; raise the helper's error, if any."""
        if self._thread.is_alive():
            self._pieces.put(_DONE)
            self._thread.join()
        if self._error is not None:
            raise self._error
