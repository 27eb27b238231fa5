"""A write-ahead log damaged by a crash: the commits SQLite drops are noticed, an encrypted copy of the WAL is
kept beside the vault, and the user is told at unlock (docs/vault.md, "A damaged write-ahead log")."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import EXIT_OK, main
from app.domain.records import Interview
from app.storage import wal
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault

SECRET = "预写日志 test passphrase"
ROOT = Path(__file__).resolve().parent.parent
FRAME = 24 + 4096


def crashed_copy(tmp_path: Path, commits: int = 6) -> Path:
    """A vault as a crash leaves it: its -wal holds ``commits`` commits (one interview each), not checkpointed.

    The files are copied while the writer still has them open, which is what kill -9 leaves on disk.
    """
    source = tmp_path / "live" / "v.xcv"
    source.parent.mkdir()
    Vault.create(source, SECRET, kdf=TEST_PARAMS).close()
    vault = Vault.open(source, SECRET)
    for i in range(commits):
        vault.records.save(Interview(interviewee=f"对象{i}", content="谈话内容" * 30))
    target = tmp_path / "crashed" / "v.xcv"
    target.parent.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    vault.close()
    return target


def commit_frames(path: Path) -> list[int]:
    data = wal.wal_path(path).read_bytes()
    return [n + 1 for n in range((len(data) - 32) // FRAME)
            if struct.unpack(">I", data[32 + n * FRAME + 4:32 + n * FRAME + 8])[0]]


def damage_frame(path: Path, number: int) -> None:
    """Flip a bit in the (encrypted) page image of frame ``number``: its checksum no longer holds."""
    with open(wal.wal_path(path), "r+b") as f:
        offset = 32 + (number - 1) * FRAME + 24 + 1000
        f.seek(offset)
        byte = f.read(1)[0]
        f.seek(offset)
        f.write(bytes([byte ^ 0x01]))


def interviewees(vault: Vault) -> list[str]:
    return sorted(r.interviewee for r in vault.records.list("interview"))  # type: ignore[attr-defined]


def kept_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.damaged"))


def test_an_intact_wal_is_replayed_and_nothing_is_kept(tmp_path: Path) -> None:
    path = crashed_copy(tmp_path)
    assert len(commit_frames(path)) == 6
    with Vault.open(path, SECRET) as vault:
        assert vault.kept_wal is None
        assert len(interviewees(vault)) == 6
    assert kept_files(path.parent) == []


def test_a_damaged_frame_keeps_a_copy_and_says_how_many_commits_were_lost(tmp_path: Path) -> None:
    path = crashed_copy(tmp_path)
    commits = commit_frames(path)
    damage_frame(path, commits[2] + 1)  # the first frame of the fourth commit
    damaged_wal = wal.wal_path(path).read_bytes()
    with Vault.open(path, SECRET) as vault:
        kept = vault.kept_wal
        assert kept is not None and kept.lost == 3
        assert interviewees(vault) == ["对象0", "对象1", "对象2"], "SQLite replays up to the damage, no further"
        entry = next(e for e in vault.journal.entries() if e.action == "keep-damaged-wal")
        assert entry.detail == {"file": kept.path.name, "lost_commits": 3}
    assert kept.path.parent == path.parent and kept.path.name.startswith("v.xcv.wal-")
    assert kept.path.read_bytes() == damaged_wal, "the copy is the WAL as the crash left it (still encrypted)"
    assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600
    assert b"\xe8\xb0\x88\xe8\xaf\x9d" not in damaged_wal  # 谈话 in UTF-8: the pages are ciphertext
    assert kept_files(path.parent) == [kept.path]
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(["v.xcv", kept.path.name])
    with Vault.open(path, SECRET) as again:  # told once: the damaged WAL is gone after the close
        assert again.kept_wal is None


def test_damage_in_the_last_commit_only_loses_that_commit(tmp_path: Path) -> None:
    path = crashed_copy(tmp_path, commits=3)
    commits = commit_frames(path)
    damage_frame(path, commits[1] + 1)
    with Vault.open(path, SECRET) as vault:
        assert vault.kept_wal is not None and vault.kept_wal.lost == 1
        assert len(interviewees(vault)) == 2


def test_a_torn_last_frame_is_no_loss(tmp_path: Path) -> None:
    """A frame cut short is a write that never finished: its commit was never acknowledged (synchronous=FULL)."""
    path = crashed_copy(tmp_path, commits=3)
    log = wal.wal_path(path)
    os.truncate(log, log.stat().st_size - 1000)
    with Vault.open(path, SECRET) as vault:
        assert vault.kept_wal is None
        assert len(interviewees(vault)) == 2
    assert kept_files(path.parent) == []


def test_a_commit_frame_whose_page_never_landed_is_no_loss(tmp_path: Path) -> None:
    """SQLite writes a frame's header, then its page: killed in between where the WAL is reused after a
    checkpoint, the last commit frame has its new header over an old page. That commit never finished
    (never acknowledged), so nothing is kept (the kill -9 harness, tests/test_crash.py, met this)."""
    path = crashed_copy(tmp_path, commits=3)
    commits = commit_frames(path)
    with open(wal.wal_path(path), "r+b") as f:
        f.seek(32 + 24)
        old_page = f.read(4096)  # the first frame's page stands in for what the reused slot held
        f.seek(32 + (commits[2] - 1) * FRAME + 24)
        f.write(old_page)
    log = wal.scan(path)
    assert log is not None and not wal.frame_written(path, log, commits[2])
    assert wal.frame_written(path, log, commits[1]) and wal.frame_written(path, log, 1)
    with Vault.open(path, SECRET) as vault:
        assert vault.kept_wal is None
        assert len(interviewees(vault)) == 2
    assert kept_files(path.parent) == []


def test_a_damaged_wal_header_loses_everything_in_it(tmp_path: Path) -> None:
    path = crashed_copy(tmp_path, commits=2)
    with open(wal.wal_path(path), "r+b") as f:
        f.write(b"\x00\x00\x00\x00")  # the magic
    with Vault.open(path, SECRET) as vault:
        assert vault.kept_wal is not None and vault.kept_wal.lost is None
        assert interviewees(vault) == []


def test_the_cli_says_so_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = crashed_copy(tmp_path)
    damage_frame(path, commit_frames(path)[4] + 1)
    monkeypatch.setenv("XUNCHA_PASSPHRASE", SECRET)
    assert main(["search", str(path), "对象"]) == EXIT_OK
    err = capsys.readouterr().err.splitlines()
    kept = kept_files(path.parent)
    assert len(kept) == 1
    assert err[0] == (f"注意：上次异常退出后预写日志已损坏，最后 1 次修改未能恢复，请核对最近的修改；"
                      f"已保留其加密副本：{kept[0]}")
    assert main(["search", str(path), "对象"]) == EXIT_OK
    assert "预写日志" not in capsys.readouterr().err


def test_a_real_kill_leaves_a_wal_that_replays_whole(tmp_path: Path) -> None:
    """kill -9 after commits: every acknowledged commit comes back and no copy is kept."""
    path = tmp_path / "v.xcv"
    Vault.create(path, SECRET, kdf=TEST_PARAMS).close()
    child = subprocess.Popen([sys.executable, "-c", f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
from app.domain.records import Interview
from app.storage.vault import Vault
vault = Vault.open({str(path)!r}, {SECRET!r})
for i in range(5):
    vault.records.save(Interview(interviewee=f"对象{{i}}", content="谈话"))
print("saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""], stdout=subprocess.PIPE, text=True)
    out, _ = child.communicate(timeout=120)
    assert out.strip() == "saved" and child.returncode == -signal.SIGKILL
    assert len(commit_frames(path)) >= 5
    with Vault.open(path, SECRET) as vault:
        assert vault.kept_wal is None and len(interviewees(vault)) == 5
    assert kept_files(path.parent) == []
