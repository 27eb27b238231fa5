"""Attachments: streamed into the vault and out again in chunks, deduplicated, checked, cancellable."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.jobs import Cancelled
from app.domain.records import Attachment, Unit
from app.storage.blobs import CHUNK_SIZE
from app.storage.errors import RecordNotFound, VaultError
from app.storage.vault import Vault

MiB = 1 << 20


def owner(vault: Vault) -> str:
    return vault.records.save(Unit(name="粮食局")).id


def blob_rows(vault: Vault) -> tuple[int, int]:
    blobs = vault.con.execute("SELECT count(*) FROM blobs").fetchone()[0]
    chunks = vault.con.execute("SELECT count(*) FROM blob_chunks").fetchone()[0]
    return int(blobs), int(chunks)


def snapshot(vault: Vault) -> tuple[object, ...]:
    """Everything an attach may change: replicated content, blobs, journal, attachment records."""
    return (vault.records.content_digest(), blob_rows(vault), len(vault.journal.entries()),
            vault.records.count("attachment", include_deleted=True))


# --- the 500 MB round trip --------------------------------------------------------------------------

BIG_MB = 500

# Runs in a fresh interpreter so the peak resident size (a high-water mark) measures this work alone.
CHILD = textwrap.dedent("""
    import json, resource, sys, time, tracemalloc
    from pathlib import Path
    from app.domain.records import Unit
    from app.storage.kdf import TEST_PARAMS
    from app.storage.vault import Vault

    src, vault_path, dest = map(Path, sys.argv[1:4])
    vault = Vault.create(vault_path, "巡察 correct horse 2024", kdf=TEST_PARAMS)
    unit = vault.records.save(Unit(name="粮食局"))
    vault.attach(unit.id, __import__("io").BytesIO(b"warm-up"), "small.txt")  # first-use allocations
    def peak_rss():
        # VmHWM belongs to this process image; ru_maxrss would start from the parent's peak,
        # which a process started by fork and exec inherits on Linux.
        try:
            line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
            return int(line.split()[1]) * 1024
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    try:  # the current RSS, so the growth counts from here and not from an earlier high-water mark
        base_rss = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize()
    except OSError:
        base_rss = peak_rss()
    tracemalloc.start()
    t0 = time.perf_counter()
    with open(src, "rb") as stream:
        att = vault.attach(unit.id, stream, "big.bin")
    t1 = time.perf_counter()
    vault.blobs.save_copy(att.sha256, dest)
    t2 = time.perf_counter()
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out = {"sha": att.sha256, "size": att.size, "in_s": t1 - t0, "out_s": t2 - t1,
           "rss_growth": peak_rss() - base_rss, "py_peak": py_peak,
           "chunks": vault.con.execute("SELECT chunks FROM blobs WHERE sha256 = ?", (att.sha256,)).fetchone()[0]}
    vault.close()
    print(json.dumps(out))
""")


@pytest.mark.slow
def test_500mb_streams_in_and_out_in_bounded_memory(tmp_path: Path) -> None:
    src = tmp_path / "big.src"
    rng = random.Random(1)
    digest = hashlib.sha256()
    with open(src, "wb") as f:
        for _ in range(BIG_MB):
            chunk = rng.randbytes(MiB)
            digest.update(chunk)
            f.write(chunk)
    expected = digest.hexdigest()
    dest_dir = tmp_path / "out"
    dest_dir.mkdir()
    dest = dest_dir / "big.bin"

    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(src), str(tmp_path / "v.xcv"), str(dest)],
                          capture_output=True, text=True, timeout=1800, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    elapsed = time.perf_counter() - started
    print(f"\n500 MB: in {result['in_s']:.1f} s, out {result['out_s']:.1f} s, whole child {elapsed:.1f} s; "
          f"RSS growth {result['rss_growth'] / MiB:.1f} MiB, Python peak {result['py_peak'] / MiB:.1f} MiB")

    assert result["sha"] == expected and result["size"] == BIG_MB * MiB
    assert result["chunks"] == BIG_MB * MiB // CHUNK_SIZE
    assert os.path.getsize(dest) == BIG_MB * MiB
    out_digest = hashlib.sha256()
    with open(dest, "rb") as f:
        while block := f.read(8 * MiB):
            out_digest.update(block)
    assert out_digest.hexdigest() == expected
    assert sorted(p.name for p in dest_dir.iterdir()) == ["big.bin"]  # no temp file left
    # Far below the file: Python holds a chunk or two at a time; the process as a whole adds
    # SQLite's page cache (32 MB, connection.py) and the WAL index on top.
    assert result["py_peak"] < 64 * MiB
    assert result["rss_growth"] < 128 * MiB


# --- small attachments ---------------------------------------------------------------------------------


def test_small_attachment_round_trip_and_record(vault: Vault, tmp_path: Path) -> None:
    unit_id = owner(vault)
    data = "谈话记录扫描件".encode() * 1000
    att = vault.attach(unit_id, io.BytesIO(data), "谈话记录.pdf", note="第一页")
    assert isinstance(att, Attachment)
    assert (att.filename, att.owner_id, att.size, att.sha256, att.note, att.mime) == \
        ("谈话记录.pdf", unit_id, len(data), hashlib.sha256(data).hexdigest(), "第一页", "application/pdf")
    assert [a.id for a in vault.attachments(unit_id)] == [att.id]
    assert vault.blobs.read_all(att.sha256) == data
    dest = tmp_path / "副本.pdf"
    vault.blobs.save_copy(att.sha256, dest)
    assert dest.read_bytes() == data
    assert vault.check().ok


def test_empty_and_chunk_boundary_sizes(vault: Vault) -> None:
    unit_id = owner(vault)
    for size in (0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE):
        data = random.Random(size).randbytes(size)
        att = vault.attach(unit_id, io.BytesIO(data), f"{size}.bin")
        assert att.size == size and att.sha256 == hashlib.sha256(data).hexdigest()
        assert vault.blobs.read_all(att.sha256) == data
        chunks = vault.con.execute("SELECT chunks FROM blobs WHERE sha256 = ?", (att.sha256,)).fetchone()[0]
        assert chunks == -(-size // CHUNK_SIZE)
    assert vault.check().ok


def test_same_content_is_stored_once(vault: Vault) -> None:
    a, b = owner(vault), owner(vault)
    data = random.Random(7).randbytes(CHUNK_SIZE + 100)  # two chunks
    first = vault.attach(a, io.BytesIO(data), "甲.bin")
    rows = blob_rows(vault)
    second = vault.attach(b, io.BytesIO(data), "乙.bin")
    third = vault.attach(a, io.BytesIO(data), "甲-再次.bin")
    assert first.sha256 == second.sha256 == third.sha256
    assert len({first.id, second.id, third.id}) == 3
    assert blob_rows(vault) == rows  # no new blob, no new chunk, no leftover staging chunks
    other = vault.attach(a, io.BytesIO(data + b"!"), "改.bin")
    assert other.sha256 != first.sha256
    assert blob_rows(vault) == (rows[0] + 1, rows[1] + 2)
    assert orphan_chunks(vault) == 0
    assert vault.check().ok


@pytest.mark.parametrize("after_chunks", [0, 1, 3])
def test_cancel_mid_stream_stores_nothing(vault: Vault, after_chunks: int) -> None:
    unit_id = owner(vault)
    existing = vault.attach(unit_id, io.BytesIO(b"already here"), "old.txt")
    before = snapshot(vault)
    reads = 0

    class Counting(io.BytesIO):
        def read(self, n: int | None = -1) -> bytes:
            nonlocal reads
            reads += 1
            return super().read(n)

    progress: list[tuple[int, int]] = []

    def report(done: int, total: int) -> None:  # the one job protocol: a cancel is raised from progress
        progress.append((done, total))
        if reads >= after_chunks:
            raise Cancelled()

    stream = Counting(random.Random(3).randbytes(5 * CHUNK_SIZE))
    with pytest.raises(Cancelled):
        vault.attach(unit_id, stream, "big.bin", progress=report)
    assert reads == after_chunks  # it stopped as soon as it was asked to
    assert progress == [(CHUNK_SIZE * i, 5 * CHUNK_SIZE) for i in range(after_chunks + 1)]
    assert snapshot(vault) == before
    assert orphan_chunks(vault) == 0
    assert [a.id for a in vault.attachments(unit_id)] == [existing.id]
    assert vault.check().ok
    # The vault works as before afterwards.
    again = vault.attach(unit_id, io.BytesIO(b"after"), "after.txt")
    assert vault.blobs.read_all(again.sha256) == b"after"


def test_attach_to_unknown_owner_changes_nothing(vault: Vault) -> None:
    owner(vault)
    before = snapshot(vault)
    with pytest.raises(RecordNotFound):
        vault.attach("01900000-0000-7000-8000-000000000000", io.BytesIO(b"x"), "x.txt")
    assert snapshot(vault) == before


# --- check ------------------------------------------------------------------------------------------


def tamper(vault: Vault, sql: str, *params: object) -> None:
    vault.con.execute(sql, params)


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "drop a chunk", "swap chunks"])
def test_check_finds_tampered_chunks(vault: Vault, damage: str) -> None:
    unit_id = owner(vault)
    data = random.Random(5).randbytes(2 * CHUNK_SIZE + 10)
    att = vault.attach(unit_id, io.BytesIO(data), "证据.bin")
    intact = vault.attach(unit_id, io.BytesIO(b"untouched"), "ok.txt")
    assert vault.check().ok
    sha = att.sha256
    key = vault.blobs.chunk_key(sha)  # chunks are filed under this key
    if damage == "flip a byte":
        first = bytearray(vault.con.execute("SELECT data FROM blob_chunks WHERE blob = ? AND idx = 1",
                                            (key,)).fetchone()[0])
        first[12345] ^= 0x01
        tamper(vault, "UPDATE blob_chunks SET data = ? WHERE blob = ? AND idx = 1", bytes(first), key)
    elif damage == "truncate":
        tamper(vault, "UPDATE blob_chunks SET data = substr(data, 1, 100) WHERE blob = ? AND idx = 0", key)
    elif damage == "drop a chunk":
        tamper(vault, "DELETE FROM blob_chunks WHERE blob = ? AND idx = 2", key)
    else:
        tamper(vault, "UPDATE blob_chunks SET idx = -1 WHERE blob = ? AND idx = 0", key)
        tamper(vault, "UPDATE blob_chunks SET idx = 0 WHERE blob = ? AND idx = 1", key)
        tamper(vault, "UPDATE blob_chunks SET idx = 1 WHERE blob = ? AND idx = -1", key)
    report = vault.check()
    assert not report.ok
    assert any(sha[:12] in p for p in report.problems)
    assert not any(intact.sha256[:12] in p for p in report.problems)
    assert any("附件内容与哈希不符" in p for p in report.problems)
    if damage in ("truncate", "drop a chunk"):
        assert any("附件分块不完整" in p for p in report.problems)
    assert not vault.blobs.verify(sha)


def test_check_finds_missing_content(vault: Vault) -> None:
    unit_id = owner(vault)
    att = vault.attach(unit_id, io.BytesIO(b"content"), "a.txt")
    tamper(vault, "DELETE FROM blob_chunks WHERE blob = ?", vault.blobs.chunk_key(att.sha256))
    tamper(vault, "DELETE FROM blobs WHERE sha256 = ?", att.sha256)
    assert any("附件内容缺失" in p for p in vault.check().problems)


# --- save_copy ----------------------------------------------------------------------------------------


def test_save_copy_replaces_whole_and_leaves_no_temp_file(vault: Vault, tmp_path: Path) -> None:
    unit_id = owner(vault)
    data = random.Random(9).randbytes(3 * CHUNK_SIZE + 1)
    att = vault.attach(unit_id, io.BytesIO(data), "a.bin")
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "a.bin"
    dest.write_bytes(b"old contents that are longer or shorter")
    seen: list[int] = []
    inode_before = dest.stat().st_ino

    def progress(done: int, total: int) -> None:
        # While writing, the destination still holds the old file: the copy goes elsewhere.
        assert dest.read_bytes() == b"old contents that are longer or shorter"
        assert total == len(data)
        seen.append(done)

    vault.blobs.save_copy(att.sha256, dest, progress=progress)
    assert dest.read_bytes() == data
    assert dest.stat().st_ino != inode_before  # renamed into place, not rewritten in place
    assert seen[-1] == len(data) and len(seen) == 4
    assert sorted(p.name for p in out.iterdir()) == ["a.bin"]
    assert dest.stat().st_mode & 0o077 == 0  # decrypted copies are private to the owner


def test_save_copy_failing_midway_leaves_nothing(vault: Vault, tmp_path: Path) -> None:
    unit_id = owner(vault)
    att = vault.attach(unit_id, io.BytesIO(random.Random(2).randbytes(3 * CHUNK_SIZE)), "a.bin")
    out = tmp_path / "out"
    out.mkdir()

    def stop(done: int, _total: int) -> None:
        if done >= 2 * CHUNK_SIZE:
            raise Cancelled()

    with pytest.raises(Cancelled):
        vault.blobs.save_copy(att.sha256, out / "a.bin", progress=stop)
    assert list(out.iterdir()) == []  # no partial plaintext left behind

    with pytest.raises(RecordNotFound):
        vault.blobs.save_copy("0" * 64, out / "none.bin")
    assert list(out.iterdir()) == []

    with pytest.raises(VaultError):
        vault.blobs.save_copy(att.sha256, out / "missing-dir" / "a.bin")
    assert list(out.iterdir()) == []


def test_attach_file_and_check_counts(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    vault = make_vault()
    unit_id = owner(vault)
    path = tmp_path / "现场照片.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"\0" * 5000)
    att = vault.attach_file(unit_id, path)
    assert (att.filename, att.mime, att.size) == ("现场照片.jpg", "image/jpeg", 5003)
    report = vault.check()
    assert report.ok and report.counts["attachments"] == 1


def orphan_chunks(vault: Vault) -> int:
    """Chunks no blob points at (left by a cancelled or duplicate put)."""
    sql = "SELECT count(*) FROM blob_chunks WHERE blob NOT IN (SELECT chunk_key FROM blobs)"
    return int(vault.con.execute(sql).fetchone()[0])
