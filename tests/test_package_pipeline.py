"""The export's helper threads (app/exchange/package/pipeline.py): order, errors crossing back to the
exporting thread, bounded read-ahead, and a consumer that stops early stopping its helper."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.exchange.package.pipeline import HashingWriter, Prefetched
from app.storage.vault import Vault


def test_items_arrive_in_order_and_the_helper_is_gone_after() -> None:
    with Prefetched(iter(range(1000)), depth=3) as items:
        assert list(items) == list(range(1000))
        assert next(items, None) is None  # stays ended
    assert not [t for t in threading.enumerate() if t.name == "package-prefetch"]


def test_an_error_in_the_source_reaches_the_consumer_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise OSError("the vault could not be read")

    got: list[int] = []
    with pytest.raises(OSError, match="could not be read"), Prefetched(source()) as items:
        for item in items:
            got.append(item)
    assert got == [1, 2]


def test_read_ahead_is_bounded_and_stopping_early_closes_the_source() -> None:
    made: list[int] = []
    closed = threading.Event()

    def source() -> Iterator[int]:
        try:
            for i in range(10_000):
                made.append(i)
                yield i
        finally:
            closed.set()  # runs on the helper, before the consumer goes on

    with Prefetched(source(), depth=4) as items:
        assert next(items) == 0
        threading.Event().wait(0.2)  # let the helper run as far ahead as it may
        assert len(made) <= 1 + 4 + 1  # the one taken, a full queue, one waiting to go in
    assert closed.is_set()
    assert len(made) < 10


def test_the_hashing_writer_writes_and_hashes_everything_in_order() -> None:
    out = io.BytesIO()
    writer = HashingWriter(out)  # type: ignore[arg-type]
    pieces = [bytes([i]) * (i * 1000 + 1) for i in range(50)]
    for p in pieces:
        writer.write(p)
    writer.write(bytearray(b"tail"))
    writer.finish()
    whole = b"".join(pieces) + b"tail"
    assert out.getvalue() == whole and writer.size == len(whole)
    assert writer.digest.hexdigest() == hashlib.sha256(whole).hexdigest()


def test_a_write_error_on_the_helper_reaches_the_exporting_thread() -> None:
    class Full(io.BytesIO):
        def write(self, data: object) -> int:
            raise OSError(28, "No space left on device")

    writer = HashingWriter(Full())  # type: ignore[arg-type]
    writer.write(b"x" * 100)
    with pytest.raises(OSError, match="No space"):
        writer.finish()
    with pytest.raises(OSError, match="No space"):
        writer.write(b"more")


def test_an_export_stopped_among_its_attachments_stops_its_reader_and_leaves_nothing(
        make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    import json

    from app.domain.records import Unit
    from app.exchange.package import export_package, parse_recipients, public_document

    team, office = make_vault("t.xcv"), make_vault("o.xcv", role="office")
    unit = team.records.save(Unit(name="某县水务局"))
    for i in range(3):
        team.attach(unit.id, io.BytesIO(bytes([i]) * (3 << 20)), f"扫描件{i}.bin")
    seen: list[int] = []

    class Stop(Exception):
        pass

    def stop_after_some_bytes(done: int, total: int) -> None:
        seen.append(done)
        if done >= 2 << 20:  # inside the first attachment: the reader is ahead, blocked on its queue
            raise Stop

    out = tmp_path / "out"
    out.mkdir()
    recipients = parse_recipients(json.dumps(public_document(office), ensure_ascii=False).encode())
    with pytest.raises(Stop):
        export_package(team, out / "h.age", recipients, progress=stop_after_some_bytes)
    assert not [t for t in threading.enumerate() if t.name in ("package-prefetch", "package-writer")]
    assert list(out.iterdir()) == [] and max(seen) < 9 << 20
    # the vault is free at once, and the next export is whole
    result = export_package(team, out / "h.age", recipients)
    assert result.blobs == 3 and result.size > 9 << 20
