"""Crash durability (docs/security.md §2.4; the targets in §9: crash durability, rekey crash, I/O error).

A child process (tests/crash_child.py) writes to a vault and prints each change only after it
has been committed; the parent SIGKILLs it at a random moment, reopens the vault and requires
every acknowledged change to be there and ``check()`` (cipher pages, SQLite structure, schema,
audit chain, attachment hashes) to pass. kill -9 keeps the OS page cache, so this tests process
crashes, not power loss (that needs LazyFS, a pre-release job).

Figures are printed (run with ``-s`` to see them). ``XC_CRASH_KILLS`` / ``XC_REKEY_RUNS`` / ``XC_REKEY_RECORDS``
raise the counts and sizes for pre-release runs; ``XC_CRASH_SEED`` replays a run.
"""

from __future__ import annotations

import io
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from app.domain.records import Interview
from app.storage.errors import WrongPassphrase
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "crash_child.py"
NEW_PASSPHRASE = "新口令 battery staple 2025"
KILLS = int(os.environ.get("XC_CRASH_KILLS", "100"))
REKEY_RUNS = int(os.environ.get("XC_REKEY_RUNS", "24"))
REKEY_RECORDS = int(os.environ.get("XC_REKEY_RECORDS", "800"))  # ~4.8 MB; 5,000 for ~30 MB
SEED = int(os.environ.get("XC_CRASH_SEED", str(random.randrange(1 << 30))))
READY_TIMEOUT = 30.0
SEQ_RE = re.compile(r"n=(\d+)")


# --- the child ---------------------------------------------------------------------------------------


class Child:
    """A crash_child.py process whose complete stdout lines are collected by a thread."""

    def __init__(self, mode: str, path: Path, seq_base: int, seed: int, *, passphrase: str = PASSPHRASE,
                 new_passphrase: str = NEW_PASSPHRASE, extra_env: dict[str, str] | None = None) -> None:
        env = dict(os.environ, XC_PASSPHRASE=passphrase, XC_NEW_PASSPHRASE=new_passphrase, **(extra_env or {}))
        self.started = time.perf_counter()
        self.stderr_path = path.parent / "child-stderr.txt"
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(CHILD), mode, str(path), str(seq_base), str(seed)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.ready_after = 0.0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if not raw.endswith(b"\n"):
                break  # a partial last line was never acknowledged
            line = raw.decode("utf-8").rstrip("\n")
            self.lines.append(line)
            if line.startswith("READY"):
                self.ready_after = time.perf_counter() - self.started
                self.ready.set()
        self.ready.set()

    def wait_ready(self) -> None:
        if not self.ready.wait(READY_TIMEOUT) or not self.lines or not self.lines[0].startswith("READY"):
            self.kill()
            pytest.fail(f"child never became ready: {self.stderr()}")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._reader.join(10)

    def wait(self, timeout: float = 120.0) -> int:
        code = self.proc.wait(timeout)
        self._reader.join(10)
        return code

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-3000:]


@dataclass
class Acks:
    """What children acknowledged: record id -> highest seq, attachment id -> sha256."""

    records: dict[str, int] = field(default_factory=dict)
    attachments: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def add(self, lines: list[str]) -> int:
        before = self.count
        for line in lines:
            tag, _, rest = line.partition(" ")
            if tag == "S":
                rid, seq = rest.split()
                self.records[rid] = max(self.records.get(rid, 0), int(seq))
                self.count += 1
            elif tag == "A":
                aid, sha = rest.split()
                self.attachments[aid] = sha
                self.count += 1
        return self.count - before


def missing(vault: Vault, acks: Acks) -> list[str]:
    """Acknowledged changes the vault does not hold (absent, or older than acknowledged)."""
    seen: dict[str, int] = {}
    for table, column in (("r_interview", "content"), ("r_lead", "summary")):
        for rid, text in vault.con.execute(f"SELECT id, {column} FROM {table} WHERE deleted = 0"):
            m = SEQ_RE.match(text or "")
            seen[rid] = int(m.group(1)) if m else -1
    lost = [f"record {rid} (acked n={seq}, found {seen.get(rid)})"
            for rid, seq in acks.records.items() if seen.get(rid, -1) < seq]
    stored = dict(vault.con.execute("SELECT id, sha256 FROM r_attachment WHERE deleted = 0").fetchall())
    lost += [f"attachment {aid}" for aid, sha in acks.attachments.items()
             if stored.get(aid) != sha or not vault.blobs.exists(sha)]
    return lost


def report(name: str, **figures: object) -> None:
    print(f"\n[{name}] " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


# --- kill -9 while writing ------------------------------------------------------------------------------


@pytest.mark.slow
def test_kill9_while_writing_loses_no_acknowledged_commit(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    path = tmp_path / "crash.xcv"
    Vault.create(path, PASSPHRASE, kdf=TEST_PARAMS).close()
    acks = Acks()
    lost: list[str] = []
    corrupt: list[str] = []
    startups: list[float] = []
    idle_kills = 0
    began = time.perf_counter()
    for kill in range(KILLS):
        child = Child("writes", path, (kill + 1) * 1_000_000, rng.randrange(1 << 30))
        child.wait_ready()
        startups.append(child.ready_after)
        # Kill at a random moment after the first commit, so a slow start on a loaded machine
        # cannot turn the kill into one that lands before anything was written.
        first_commit = time.monotonic() + READY_TIMEOUT
        while len(child.lines) < 2 and child.proc.poll() is None and time.monotonic() < first_commit:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.35))
        assert child.proc.poll() is None, f"child died by itself: {child.stderr()}"
        child.kill()
        if acks.add(child.lines[1:]) == 0:
            idle_kills += 1
        try:
            with Vault.open(path, PASSPHRASE) as vault:
                lost += [f"kill {kill}: {m}" for m in missing(vault, acks)]
                result = vault.check()
                if not result.ok:
                    corrupt.append(f"kill {kill}: {result.problems[:3]}")
        except Exception as exc:  # a vault that no longer opens is the worst outcome: record, go on
            corrupt.append(f"kill {kill}: open failed: {type(exc).__name__}: {exc}")
        if lost or corrupt:
            break
    runtime = time.perf_counter() - began
    report("kill -9 harness", seed=SEED, kills=kill + 1, acknowledged=acks.count, records=len(acks.records),
           attachments=len(acks.attachments), lost=len(lost), corrupt=len(corrupt), idle_kills=idle_kills,
           runtime=f"{runtime:.1f}s", startup_mean=f"{sum(startups) / len(startups):.3f}s",
           startup_max=f"{max(startups):.3f}s", vault_mb=f"{path.stat().st_size / 1e6:.1f}")
    assert not lost, f"seed {SEED}: acknowledged commits lost: {lost[:10]}"
    assert not corrupt, f"seed {SEED}: {corrupt[:5]}"
    assert kill + 1 == KILLS
    assert acks.count >= KILLS * 5, "the children wrote too little between kills to test anything"
    assert idle_kills <= KILLS // 10
    assert sorted(os.listdir(tmp_path)) == ["child-stderr.txt", "crash.xcv"]


# --- the disk fills up ----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize(("extra", "big_blobs"), [(16 << 10, False), (256 << 10, False), (1 << 20, True)])
def test_disk_full_is_a_typed_error_and_loses_nothing(tmp_path: Path, extra: int, big_blobs: bool) -> None:
    path = tmp_path / "full.xcv"
    with Vault.create(path, PASSPHRASE, kdf=TEST_PARAMS) as vault:
        vault.records.save_many([Interview(interviewee=f"对象{i}", content=f"n=0 {'内容' * 100}")
                                 for i in range(50)])
        before = set(vault.records.ids("interview")) | set(vault.records.ids("lead"))
    child = Child("fsize", path, 1_000_000, 7, extra_env={
        "XC_FSIZE_EXTRA": str(extra), "XC_BIG_BLOBS": "1" if big_blobs else "0"})
    code = child.wait()
    lines = child.lines
    assert code == 0, f"child crashed instead of a typed error: {lines[-3:]} {child.stderr()}"
    assert any(line.startswith("DISKFULL ") for line in lines), lines[-3:]
    assert "DISKFULL-AGAIN" in lines, lines[-3:]
    assert lines[-1] == "CLOSED"
    acks = Acks()
    acks.add(lines)
    assert acks.count > 0, "the limit hit before anything was saved: raise it"
    with Vault.open(path, PASSPHRASE) as vault:
        assert missing(vault, acks) == []
        result = vault.check()
        assert result.ok, result.problems
        now = set(vault.records.ids("interview")) | set(vault.records.ids("lead"))
        attachments = {r.id for r in vault.records.list("attachment")}
    created = {rid for rid in acks.records if rid not in before}
    unacknowledged = (now - before - created) | (attachments - set(acks.attachments))
    report("disk full", extra=extra, big_blobs=big_blobs, acknowledged=acks.count, records_added=len(now - before),
           unacknowledged_but_present=len(unacknowledged), message=next(x for x in lines if x.startswith("DISKFULL ")))
    # The user was told "not saved": nothing beyond what was acknowledged may have been committed.
    assert not unacknowledged, f"{len(unacknowledged)} change(s) committed although DiskFull was raised"


# --- kill -9 while changing the passphrase ---------------------------------------------------------------------


def _which_opens(path: Path, passphrases: tuple[str, str]) -> list[str]:
    opens = []
    for candidate in passphrases:
        try:
            Vault.open(path, candidate).close()
        except WrongPassphrase:
            continue
        opens.append(candidate)
    return opens


def _rekey_vault(path: Path) -> str:
    """A vault of a few MB; returns its content digest."""
    rng = random.Random(5)
    with Vault.create(path, PASSPHRASE, kdf=TEST_PARAMS) as vault:
        for start in range(0, REKEY_RECORDS, 200):
            vault.records.save_many([
                Interview(interviewee=f"对象{i}", content=f"n=0 {rng.randbytes(250).hex()}")
                for i in range(start, start + 200)])
        vault.attach(vault.records.ids("interview")[0], io.BytesIO(rng.randbytes(300_000)), "扫描件.pdf")
        return vault.records.content_digest()


@pytest.mark.slow
def test_kill9_during_change_passphrase_opens_with_exactly_one(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    path = tmp_path / "rekey.xcv"
    digest = _rekey_vault(path)
    size_mb = path.stat().st_size / 1e6
    assert size_mb >= 2

    # One run to the end measures how long a rekey takes here, so kills can land inside it.
    child = Child("rekey", path, 0, 0, passphrase=PASSPHRASE, new_passphrase=NEW_PASSPHRASE)
    assert child.wait() == 0, child.stderr()
    duration = float(next(x for x in child.lines if x.startswith("DONE")).split()[1])
    current, other = NEW_PASSPHRASE, PASSPHRASE
    assert _which_opens(path, (current, other)) == [current]

    outcomes: Counter[str] = Counter()
    corrupt, leftovers = [], []
    began = time.perf_counter()
    for run in range(REKEY_RUNS):
        child = Child("rekey", path, 0, run, passphrase=current, new_passphrase=other)
        child.wait_ready()
        time.sleep(rng.uniform(0, duration * 1.3))
        child.kill()
        finished = any(x.startswith("DONE") for x in child.lines)
        opens = _which_opens(path, (current, other))
        if opens == [current]:
            outcomes["old"] += 1
            assert not finished, "change_passphrase returned but the old passphrase still opens"
        elif opens == [other]:
            outcomes["new"] += 1
            current, other = other, current
        else:
            outcomes["neither" if not opens else "both"] += 1
            corrupt.append(f"run {run}: opens with {len(opens)} passphrases")
            break
        with Vault.open(path, current) as vault:
            result = vault.check()
            if not result.ok or vault.records.content_digest() != digest:
                corrupt.append(f"run {run}: {result.problems[:3]}")
        # Vault.open has run: whatever it did not clean up stays; count it, then clear it for the next run.
        extra = sorted(set(os.listdir(tmp_path)) - {"rekey.xcv", "child-stderr.txt"})
        if extra:
            leftovers.append((run, extra))
            for name in extra:
                (tmp_path / name).unlink()
    runtime = time.perf_counter() - began
    report("rekey crash", seed=SEED, runs=REKEY_RUNS, vault_mb=f"{size_mb:.1f}", rekey_s=f"{duration:.3f}",
           old=outcomes["old"], new=outcomes["new"], neither=outcomes["neither"], both=outcomes["both"],
           corrupt=len(corrupt), runs_with_leftovers=len(leftovers), leftovers=leftovers[:3],
           runtime=f"{runtime:.1f}s")
    assert outcomes["neither"] == 0 and outcomes["both"] == 0
    assert not corrupt, corrupt
    assert outcomes["old"] + outcomes["new"] == REKEY_RUNS


@pytest.mark.slow
def test_crash_in_change_passphrase_leaves_no_temp_file_after_next_open(tmp_path: Path) -> None:
    """Kill the rekey while its new file is being written; the next open should clean up after it."""
    path = tmp_path / "rekey.xcv"
    _rekey_vault(path)
    child = Child("rekey", path, 0, 0)
    child.wait_ready()
    deadline = time.monotonic() + 30
    seen: list[str] = []
    while not seen and time.monotonic() < deadline and child.proc.poll() is None:
        seen = [n for n in os.listdir(tmp_path) if n.startswith(".rekey.xcv.") and n.endswith(".new")]
    child.kill()
    assert seen, "the rekey finished before its temporary file was seen: make the vault bigger"
    assert _which_opens(path, (PASSPHRASE, NEW_PASSPHRASE)) == [PASSPHRASE]
    with Vault.open(path, PASSPHRASE) as vault:
        assert vault.check().ok
    left = sorted(set(os.listdir(tmp_path)) - {"rekey.xcv", "child-stderr.txt"})
    # docs/security.md §9 "Atomic files": no temp file remains after the next start.
    assert not left, f"left beside the vault after the next open: {left}"
