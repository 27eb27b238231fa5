"""kill -9 during package export and import (docs/security.md §9 "Atomic files", docs/package-format.md).

A child process (tests/package_crash_child.py) exports, or imports, a package carrying tens of MB
of attachments; the parent SIGKILLs it at a random moment inside the operation, many times with a
fixed seed, and then requires:

- export: the target either does not exist or is a complete package that verifies in the office
  vault; a temporary file left beside it is ciphertext at worst (it never holds the marker that
  the attachments' plaintext is full of, and begins as an age file); the source vault opens and
  passes ``check()``;
- import: the office vault holds all of the package or none of it (its content digest equals the
  digest before, or the digest after an undisturbed import, and its ledger agrees) and passes
  ``check()``; no file beside it holds the marker.

Figures are printed (``-s``). ``XC_PKG_CRASH_KILLS``, ``XC_PKG_CRASH_MB`` and ``XC_PKG_CRASH_SEED``
raise the counts and sizes or replay a run.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.domain.records import Interview, Unit
from app.exchange.package import (
    device_keys,
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    public_document,
    trust,
    verify_package,
)
from app.exchange.package.verify import AGE_MAGIC, decrypt
from app.storage.kdf import TEST_PARAMS
from app.storage.keys import KeyStore
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "package_crash_child.py"
KILLS = int(os.environ.get("XC_PKG_CRASH_KILLS", "32"))
MEGABYTES = int(os.environ.get("XC_PKG_CRASH_MB", "24"))
SEED = int(os.environ.get("XC_PKG_CRASH_SEED", "20250415"))
MARKER = "pkg-crash-marker-明文标记-9b2e".encode()
READY_TIMEOUT = 60.0


class Child:
    """A package_crash_child.py process; its complete stdout lines are collected by a thread."""

    def __init__(self, work: Path, *args: str) -> None:
        tmpdir = work / "tmp"
        env = dict(os.environ, XC_PASSPHRASE=PASSPHRASE, TMPDIR=str(tmpdir), TMP=str(tmpdir), TEMP=str(tmpdir))
        self.stderr_path = work / "child-stderr.txt"
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen([sys.executable, str(CHILD), *args], cwd=ROOT, env=env,
                                         stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if not raw.endswith(b"\n"):
                break
            line = raw.decode("utf-8").rstrip("\n")
            self.lines.append(line)
            if line.startswith("READY"):
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

    def finish(self) -> float:
        """Wait for the end of an undisturbed run; returns the operation's own duration."""
        code = self.proc.wait(300)
        self._reader.join(10)
        assert code == 0, self.stderr()
        return float(next(x for x in self.lines if x.startswith("DONE")).split()[1])

    @property
    def done(self) -> bool:
        return any(x.startswith("DONE") for x in self.lines)

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-3000:]


@dataclass
class World:
    dir: Path
    team: Path  # closed; children open it
    office: Path  # closed, never imported into: the pristine state
    keys: Path  # the office's keys file, the export's --for
    package: Path  # a package from team to office, for the import runs
    size: int  # bytes of attachments in it


def _attachment(rng: random.Random, size: int) -> bytes:
    """Random bytes with the marker every 32 KiB, so any 64 KiB of leaked plaintext shows it."""
    parts, total = [], 0
    while total < size:
        part = MARKER + rng.randbytes(32 * 1024 - len(MARKER))
        parts.append(part)
        total += len(part)
    return b"".join(parts)[:size]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    work = tmp_path_factory.mktemp("pkgcrash")
    (work / "tmp").mkdir()
    team_path, office_path = work / "team.xcv", work / "office.xcv"
    rng = random.Random(SEED)
    with Vault.create(team_path, PASSPHRASE, role="team", owner="组长", kdf=TEST_PARAMS) as team, \
            Vault.create(office_path, PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS) as office:
        saved = team.records.save_many([Interview(interviewee=f"对象{i}", summary=f"摘要{i}",
                                                  content=f"谈话内容 {i} " + "情况说明" * 40) for i in range(400)])
        count, size = 8, (MEGABYTES << 20) // 8
        for i in range(count):
            team.attach(saved[i].id, io.BytesIO(_attachment(rng, size)), f"扫描件{i}.bin")
        trust(office, load_key_file(json.dumps(public_document(team)).encode()))
        keys = work / "office.keys"
        keys.write_text(json.dumps(public_document(office), ensure_ascii=False), encoding="utf-8")
        package = work / "package.age"
        export_package(team, package, parse_recipients(keys.read_bytes()))
        # The marker is in the plaintext, so a leaked piece of it would be found.
        assert decrypt(package, device_keys(office).identity).count(MARKER) >= (MEGABYTES << 20) // (32 << 10) - 8
    return World(work, team_path, office_path, keys, package, count * size)


def _leaks(folder: Path, skip: set[Path]) -> list[str]:
    """Files under ``folder`` (outside ``skip``) that hold the plaintext marker."""
    return [str(p) for p in folder.rglob("*") if p.is_file() and p not in skip and MARKER in p.read_bytes()]


def report(name: str, **figures: object) -> None:
    print(f"\n[{name}] " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


@pytest.mark.slow
def test_kill9_during_export_leaves_nothing_or_a_complete_package(world: World) -> None:
    rng = random.Random(SEED + 1)
    office = Vault.open(world.office, PASSPHRASE)
    try:
        # Runs to the end say how long an export takes here, so the kills can land inside it. The
        # faster of two: on a loaded machine a slow calibration would push kills past the end.
        durations = []
        for run in range(2):
            first = world.dir / f"calibration-{run}.age"
            durations.append(Child(world.dir, "export", str(world.team), str(world.keys), str(first)).finish())
            verify_package(office, first)
            first.unlink()
        duration = min(durations)
        outcomes: Counter[str] = Counter()
        problems: list[str] = []
        began = time.perf_counter()
        for kill in range(KILLS):
            target = world.dir / f"export-{kill}.age"
            child = Child(world.dir, "export", str(world.team), str(world.keys), str(target))
            child.wait_ready()
            time.sleep(rng.uniform(0.0, duration))
            child.kill()
            temps = sorted(world.dir.glob(f".{target.name}.*.tmp"))
            for temp in temps:
                head = temp.read_bytes()
                outcomes["temp_with_data"] += bool(head)
                if MARKER in head:
                    problems.append(f"kill {kill}: plaintext in {temp.name}")
                if head and not (head.startswith(AGE_MAGIC) or AGE_MAGIC.startswith(head)):
                    problems.append(f"kill {kill}: {temp.name} is not an age file")
            outcomes["temp_left"] += bool(temps)
            seq = None
            if target.exists():
                try:
                    seq = verify_package(office, target).manifest["seq"]
                except Exception as exc:  # recorded, so every kill's outcome is reported
                    problems.append(f"kill {kill}: target exists but does not verify: {exc!r}")
                outcomes["complete"] += 1
                target.unlink()
            else:
                outcomes["absent"] += 1
                if child.done:
                    problems.append(f"kill {kill}: export returned but {target.name} is missing")
            outcomes["interrupted"] += not child.done
            try:
                with Vault.open(world.team, PASSPHRASE) as team:
                    result = team.check()
                    if not result.ok:
                        problems.append(f"kill {kill}: source vault check: {result.problems[:3]}")
                    if seq is not None and seq >= KeyStore(team.con).next_seq_out():
                        # Killed after the rename, before the ledger row: the file is whole, its seq unrecorded
                        # but reserved, so the next package cannot take it.
                        outcomes["complete_unrecorded"] += 1
                        reserved = team.con.execute("SELECT last_seq FROM package_counters").fetchone()
                        if reserved is None or reserved[0] < seq:
                            problems.append(f"kill {kill}: seq {seq} of a complete package was not reserved")
                left = [temp.name for temp in temps if temp.exists()]
                if left:  # opening the vault removes what an export killed mid-way left behind
                    problems.append(f"kill {kill}: {left} still there after the next open")
            except Exception as exc:
                problems.append(f"kill {kill}: source vault did not open: {type(exc).__name__}: {exc}")
            if problems:
                break
        leaks = _leaks(world.dir, {world.team, world.office})
        runtime = time.perf_counter() - began
    finally:
        office.close()
    report("export kill -9", seed=SEED, kills=kill + 1, attachments_mb=f"{world.size / 1e6:.0f}",
           export_s=f"{duration:.3f}", **outcomes, runtime=f"{runtime:.1f}s")
    assert not problems, f"seed {SEED}: {problems[:5]}"
    assert not leaks, leaks
    assert kill + 1 == KILLS
    # Many kills must land inside the export, some while the temporary file was being written.
    assert outcomes["interrupted"] >= KILLS // 3, outcomes
    assert outcomes["temp_with_data"] >= 1, outcomes


def _digest_and_ledger(path: Path, package_id: str) -> tuple[str, bool, list[str]]:
    with Vault.open(path, PASSPHRASE) as vault:
        result = vault.check()
        return vault.records.content_digest(), KeyStore(vault.con).package_known(package_id), result.problems


@pytest.mark.slow
def test_kill9_during_import_leaves_all_or_none(world: World) -> None:
    rng = random.Random(SEED + 2)
    run_path = world.dir / "office-run.xcv"
    with Vault.open(world.office, PASSPHRASE) as office:
        package_id = verify_package(office, world.package).package_id
    before, known, problems = _digest_and_ledger(world.office, package_id)
    assert not known and not problems

    def fresh_copy() -> None:
        for leftover in world.dir.glob("office-run.xcv*"):
            leftover.unlink()
        shutil.copyfile(world.office, run_path)

    durations = []
    for _run in range(2):  # the faster of two undisturbed imports, as for the export
        fresh_copy()
        calibration = Child(world.dir, "import", str(run_path), str(world.package))
        durations.append(calibration.finish())
        assert "MERGE" in calibration.lines
        after, known, problems = _digest_and_ledger(run_path, package_id)
        assert known and not problems and after != before
    duration = min(durations)

    outcomes: Counter[str] = Counter()
    bad: list[str] = []
    began = time.perf_counter()
    for kill in range(KILLS):
        fresh_copy()
        child = Child(world.dir, "import", str(run_path), str(world.package))
        child.wait_ready()
        time.sleep(rng.uniform(0.0, duration))
        child.kill()
        outcomes["interrupted"] += not child.done
        outcomes["in_transaction"] += "MERGE" in child.lines and not child.done
        leaks = _leaks(world.dir, {world.team, world.office, world.package, run_path,
                                   Path(f"{run_path}-wal"), Path(f"{run_path}-shm")})
        if leaks:
            bad.append(f"kill {kill}: plaintext in {leaks}")
        try:
            digest, known, problems = _digest_and_ledger(run_path, package_id)
        except Exception as exc:
            bad.append(f"kill {kill}: office vault did not open: {type(exc).__name__}: {exc}")
            break
        if digest == before and not known:
            outcomes["none"] += 1
        elif digest == after and known:
            outcomes["all"] += 1
        else:
            bad.append(f"kill {kill}: partial import (digest {'before' if digest == before else 'after'}"
                       f" {digest == before or digest == after}, ledger {known})")
        if child.done and digest != after:
            bad.append(f"kill {kill}: import returned but is not there")
        if problems:
            bad.append(f"kill {kill}: check: {problems[:3]}")
        if bad:
            break
    runtime = time.perf_counter() - began
    report("import kill -9", seed=SEED, kills=kill + 1, attachments_mb=f"{world.size / 1e6:.0f}",
           import_s=f"{duration:.3f}", **outcomes, runtime=f"{runtime:.1f}s")
    assert not bad, f"seed {SEED}: {bad[:5]}"
    assert kill + 1 == KILLS
    assert outcomes["interrupted"] >= KILLS // 3, outcomes
    assert outcomes["in_transaction"] >= 1, outcomes


def test_marker_probe_finds_plaintext(tmp_path: Path) -> None:
    """Positive control for the leak scan: the marker in a plain ZIP on disk is found."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("blobs/x", _attachment(random.Random(1), 100_000))
    (tmp_path / ".export.age.123.tmp").write_bytes(buf.getvalue()[:70_000])
    assert _leaks(tmp_path, set()) == [str(tmp_path / ".export.age.123.tmp")]


def test_package_left_complete_by_a_crash_does_not_share_its_seq(
        make_vault: Callable[..., Vault], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    team, office = make_vault("team.xcv"), make_vault("office.xcv", role="office")
    trust(office, load_key_file(json.dumps(public_document(team)).encode()))
    recipients = parse_recipients(json.dumps(public_document(office)).encode())
    team.records.save(Unit(name="第一批"))

    def killed(*args: object) -> None:  # the state kill -9 leaves right after the rename
        raise KeyboardInterrupt

    with monkeypatch.context() as mp:
        mp.setattr("app.exchange.package.export._read_back", killed)
        with pytest.raises(KeyboardInterrupt):
            export_package(team, tmp_path / "crashed.age", recipients)
    assert verify_package(office, tmp_path / "crashed.age")  # complete, and it will be handed over
    team.records.save(Unit(name="第二批"))
    export_package(team, tmp_path / "next.age", recipients)
    import_packages(office, [tmp_path / "crashed.age"])
    import_packages(office, [tmp_path / "next.age"])  # today: PackageError older_seq
    assert team.records.content_digest() == office.records.content_digest()
