"""No plaintext at rest (docs/security.md §2.6 "Temp files", §6 "No plaintext at rest").

A child process (tests/plaintext_child.py) writes 1,000 records and an attachment holding unique
canaries (ASCII and Chinese), runs big sorts and searches, and waits. While it holds the vault
open, and again after it has closed it, this test scans the vault file, its -wal and -shm,
everything else in the vault's directory, the child's own TMPDIR, and every file created or
changed in the system temp directory during the test, for each canary in UTF-8, UTF-16LE and
UTF-16BE. The child also lists its open file descriptors while each sort is live: SQLite unlinks
its temp files as it opens them, so only the descriptor shows them. A negative control runs
the same child with ``temp_store=FILE`` and must see plaintext there, proving the probe works.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from plaintext_child import ENCODINGS, canaries, hits

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "plaintext_child.py"
MAX_SCAN = 256 << 20
TIMEOUT = 180.0


# --- scanning --------------------------------------------------------------------------------------


def _own_stdio_dirs() -> set[Path]:
    """Directories of the files this process writes its stdout/stderr to (the runner's, not ours)."""
    out = set()
    for fd in (1, 2):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("/"):
            out.add(Path(target).parent)
    return out


def tree(root: Path) -> dict[Path, tuple[int, int, int]]:
    """Every regular file under ``root``: (inode, size, mtime)."""
    skip = _own_stdio_dirs()
    out = {}
    for folder, dirs, files in os.walk(root, onerror=lambda exc: None):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skip]
        for name in files:
            path = here / name
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file():
                out[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out


def scan_file(path: Path, token: str) -> list[tuple[str, str]]:
    try:
        if path.stat().st_size > MAX_SCAN:
            pytest.fail(f"{path} is too large to scan")
        return hits(path.read_bytes(), token)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        return []


def scan_new(root: Path, before: dict[Path, tuple[int, int, int]], token: str,
             ours: Path) -> dict[str, list[tuple[str, str]]]:
    """Canary hits in every file under ``root`` that is new or changed since ``before``.

    Huge files other processes on the machine happen to be writing are skipped; ours never are.
    """
    found = {}
    for path, sig in tree(root).items():
        if before.get(path) != sig:
            if sig[1] > MAX_SCAN and not path.is_relative_to(ours):
                continue
            h = scan_file(path, token)
            if h:
                found[str(path)] = h[:5]
    return found


# --- the child -------------------------------------------------------------------------------------


class Child:
    def __init__(self, vault: Path, token: str, mode: str, tmpdir: Path) -> None:
        env = dict(os.environ, TMPDIR=str(tmpdir), SQLITE_TMPDIR=str(tmpdir), TMP=str(tmpdir), TEMP=str(tmpdir))
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(vault), token, mode], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def expect(self, prefix: str) -> str:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 1.0)
            if ready:
                line = self.proc.stdout.readline().decode("utf-8")
                if not line:
                    break
                if line.startswith(prefix):
                    return line[len(prefix):].strip()
        self.proc.kill()
        _, err = self.proc.communicate()
        pytest.fail(f"child did not say {prefix!r}: {err.decode('utf-8', 'replace')[-2000:]}")

    def go_on(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"\n")
        self.proc.stdin.flush()

    def finish(self) -> None:
        self.go_on()
        _, err = self.proc.communicate(timeout=TIMEOUT)
        assert self.proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]


@pytest.fixture
def child_env(tmp_path: Path) -> Iterator[dict[str, Any]]:
    token = secrets.token_hex(6)
    vault_dir, tmpdir = tmp_path / "vault", tmp_path / "tmpdir"
    vault_dir.mkdir()
    tmpdir.mkdir()
    env = {"token": token, "vault": vault_dir / "v.xcv", "tmpdir": tmpdir, "children": []}
    yield env
    for child in env["children"]:
        if child.proc.poll() is None:
            child.proc.kill()
            child.proc.communicate()


def _start(env: dict[str, Any], mode: str) -> Child:
    child = Child(env["vault"], env["token"], mode, env["tmpdir"])
    env["children"].append(child)
    return child


# --- tests -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_no_plaintext_on_disk_open_or_closed(child_env: dict[str, Any]) -> None:
    token, vault, tmpdir = child_env["token"], child_env["vault"], child_env["tmpdir"]
    system_tmp = Path(tempfile.gettempdir())
    before = tree(system_tmp)

    child = _start(child_env, "secure")
    summary = json.loads(child.expect("OPEN "))

    # The workload really ran: every record saved, canaries findable through the app.
    assert summary["counts"] == {"interviews": 500, "leads": 500, "attachments": 1}
    assert summary["search_found"] == 11
    assert summary["tmpdir"] == str(tmpdir)
    for probe in summary["probes"]:
        if probe["supported"]:
            assert probe["files"] == [], "SQLite opened a temp file while sorting"
            assert probe["hits"] == []

    # Open: the vault, its WAL (holding recent pages) and shm, nothing else; no canary anywhere.
    names = sorted(os.listdir(vault.parent))
    assert names == ["v.xcv", "v.xcv-shm", "v.xcv-wal"]
    assert (vault.parent / "v.xcv-wal").stat().st_size > 0
    for name in names:
        assert scan_file(vault.parent / name, token) == [], f"plaintext canary in {name} while open"
    assert os.listdir(tmpdir) == [], "temp_store=MEMORY: no temp files at all"
    assert scan_new(system_tmp, before, token, vault.parent.parent) == {}

    child.go_on()
    child.expect("CLOSED")
    assert sorted(os.listdir(vault.parent)) == ["v.xcv"]
    assert scan_file(vault, token) == [], "plaintext canary in the closed vault"
    assert os.listdir(tmpdir) == []
    assert scan_new(system_tmp, before, token, vault.parent.parent) == {}
    child.finish()
    assert scan_new(system_tmp, before, token, vault.parent.parent) == {}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")
def test_probe_sees_plaintext_temp_files_when_temp_store_is_file(child_env: dict[str, Any]) -> None:
    """Negative control: with temp_store=FILE the same sorts spill plaintext to unlinked temp files."""
    token, tmpdir = child_env["token"], child_env["tmpdir"]
    child = _start(child_env, "file-temp")
    summary = json.loads(child.expect("OPEN "))
    spilled = [f for probe in summary["probes"] for f in probe["files"]]
    assert any(f.startswith(str(tmpdir)) for f in spilled), summary["probes"]
    assert any(probe["hits"] for probe in summary["probes"]), "the probe found no canary in the temp files"
    assert os.listdir(tmpdir) == [], "SQLite temp files are unlinked at once: a listing never shows them"
    child.go_on()
    child.expect("CLOSED")
    child.finish()
    assert token  # the canaries were this run's own


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16le", "UTF-16be"])
def test_scanner_finds_plaintext_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    """Positive control: the same canaries in an unencrypted SQLite file are found, in its encoding."""
    token = secrets.token_hex(6)
    path = tmp_path / "plain.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA encoding = '{encoding}'")
    con.execute("CREATE TABLE t (x TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [(c,) for c in canaries(token)[:40]])
    con.commit()
    con.close()
    found = scan_file(path, token)
    expected = {"UTF-8": "utf-8", "UTF-16le": "utf-16-le", "UTF-16be": "utf-16-be"}[encoding]
    # ASCII in UTF-16BE also holds its UTF-16LE bytes one byte on, so ask only for the expected one.
    assert expected in {enc for _, enc in found}
    chinese = canaries(token)[1]
    assert hits(chinese.encode(expected), token) == [(chinese, expected)]
    assert set(ENCODINGS) == {"utf-8", "utf-16-le", "utf-16-be"}
