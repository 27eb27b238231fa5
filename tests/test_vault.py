"""The vault file: create, unlock, lock, refuse what is not ours, rekey, back up, check (docs/security.md §2.6, §6)."""

from __future__ import annotations

import hashlib
import io
import os
import random
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from conftest import PASSPHRASE

from app.domain.records import Interview, Lead
from app.storage import connection as connection_mod
from app.storage.connection import assert_secure
from app.storage.errors import (
    InsecureBuild,
    KdfParamsOutOfRange,
    NotAVault,
    VaultCorrupt,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultTooNew,
    WeakPassphrase,
    WrongPassphrase,
)
from app.storage.kdf import (
    HEADER_SIZE,
    HEADER_VERSION,
    MAGIC,
    TEST_PARAMS,
    Header,
    KdfParams,
    calibrate,
    derive_key,
    read_header,
)
from app.storage.migrations import SCHEMA_VERSION
from app.storage.vault import Vault

NEW_PASSPHRASE = "新口令 battery staple 2025"


# --- helpers -------------------------------------------------------------------------------------


def fill(vault: Vault) -> dict[str, str]:
    """A few records of two kinds and an attachment; returns their ids by name."""
    a = vault.records.save(Interview(interviewee="王某某", content="谈话内容：关于工程项目招投标问题。"))
    b = vault.records.save(Interview(interviewee="李某", content="第二次谈话"))
    c = vault.records.save(Lead(subject_name="赵某", source="来信", summary="反映其违规收受礼金"))
    att = vault.attach(c.id, io.BytesIO("附件内容 attachment body".encode()), "来信扫描件.txt")
    return {"interview": a.id, "interview2": b.id, "lead": c.id, "attachment": att.id}


def closed_vault(tmp_path: Path, name: str = "v.xcv") -> Path:
    """A vault with a few records, closed: a single file in its own directory."""
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    path = folder / name
    vault = Vault.create(path, PASSPHRASE, owner="测试员", kdf=TEST_PARAMS)
    fill(vault)
    vault.close()
    assert sorted(os.listdir(folder)) == [name]
    return path


def state(path: Path) -> tuple[str | None, int | None, list[str]]:
    """sha256 and mtime of ``path`` and the listing of its directory."""
    if path.exists():
        digest: str | None = hashlib.sha256(path.read_bytes()).hexdigest()
        mtime: int | None = path.stat().st_mtime_ns
    else:
        digest = mtime = None
    return digest, mtime, sorted(os.listdir(path.parent))


def assert_open_fails(path: Path, passphrase: str, error: type[VaultError]) -> VaultError:
    """Opening fails with exactly ``error`` and leaves the file and its directory as they were."""
    before = state(path)
    with pytest.raises(error) as info:
        Vault.open(path, passphrase)
    assert state(path) == before, "a failed open changed the file or left files beside it"
    return info.value


# --- round trip and locking --------------------------------------------------------------------------


def test_create_open_close_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "v.xcv"
    vault = Vault.create(path, PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS)
    ids = fill(vault)
    info, digest = vault.info, vault.records.content_digest()
    assert vault.is_open
    vault.close()
    assert not vault.is_open
    vault.close()  # closing twice is harmless
    assert sorted(os.listdir(tmp_path)) == ["v.xcv"], "close leaves only the vault file"
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)

    with Vault.open(path, PASSPHRASE) as again:
        assert again.info == info
        assert again.info.role == "office" and again.info.owner == "巡察办"
        assert again.info.schema_version == SCHEMA_VERSION
        assert again.records.content_digest() == digest
        got = again.records.get(ids["interview"])
        assert isinstance(got, Interview) and got.interviewee == "王某某"
        lead = again.records.get(ids["lead"])
        assert isinstance(lead, Lead) and lead.summary == "反映其违规收受礼金"
        (att,) = again.attachments(ids["lead"])
        assert again.blobs.read_all(att.sha256).decode() == "附件内容 attachment body"
    assert not again.is_open


LOCKED_USES: dict[str, Callable[[Vault, dict[str, str]], Any]] = {
    "con": lambda v, ids: v.con,
    "records.save": lambda v, ids: v.records.save(Interview(interviewee="新")),
    "records.get": lambda v, ids: v.records.get(ids["interview"]),
    "records.list": lambda v, ids: v.records.list("interview"),
    "records.delete": lambda v, ids: v.records.delete(ids["interview"]),
    "blobs": lambda v, ids: v.blobs.exists("0" * 64),
    "attach": lambda v, ids: v.attach(ids["lead"], io.BytesIO(b"x"), "x.txt"),
    "search": lambda v, ids: v.search("工程"),
    "counts": lambda v, ids: v.counts(),
    "check": lambda v, ids: v.check(),
    "backup": lambda v, ids: v.backup(v.path.with_name("b.xcv")),
    "change_passphrase": lambda v, ids: v.change_passphrase(PASSPHRASE, NEW_PASSPHRASE),
}


@pytest.mark.parametrize("use", sorted(LOCKED_USES))
def test_locked_vault_refuses_use(vault: Vault, use: str) -> None:
    ids = fill(vault)
    vault.close()
    with pytest.raises(VaultLocked):
        LOCKED_USES[use](vault, ids)
    assert sorted(os.listdir(vault.path.parent)) == [vault.path.name]


# --- the header and the KDF ---------------------------------------------------------------------


def test_header_holds_magic_and_kdf_params(vault: Vault, make_vault: Callable[..., Vault]) -> None:
    head = vault.path.read_bytes()[:HEADER_SIZE]
    assert head[:2] == MAGIC
    assert head[2] == HEADER_VERSION
    assert KdfParams(head[3], head[4], head[5]) == TEST_PARAMS
    assert read_header(vault.path).params == TEST_PARAMS == vault.info.kdf
    assert not head.startswith(b"SQLite format 3")
    other = make_vault("other.xcv")
    assert other.path.read_bytes()[:HEADER_SIZE] != head, "every vault has its own salt"
    assert other.path.read_bytes()[:6] == head[:6]


@pytest.mark.slow
def test_real_vault_uses_memory_hard_kdf(tmp_path: Path) -> None:
    assert KdfParams().memory_kib >= 64 * 1024
    path = tmp_path / "real.xcv"
    Vault.create(path, PASSPHRASE).close()  # no kdf=: the calibrated default a user gets
    params = read_header(path).params
    assert params.memory_kib >= 64 * 1024, "Argon2id must use at least 64 MiB"
    assert 2 <= params.time_cost <= 40
    assert params.parallelism >= 1
    with Vault.open(path, PASSPHRASE) as vault:
        assert vault.info.kdf == params
    with pytest.raises(WrongPassphrase):
        Vault.open(path, "not the passphrase")

    explicit = tmp_path / "explicit.xcv"
    Vault.create(explicit, PASSPHRASE, kdf=KdfParams()).close()
    assert read_header(explicit).params == KdfParams()
    assert read_header(explicit).params.memory_kib >= 64 * 1024


@pytest.mark.slow
def test_calibrate_picks_memory_hard_params_of_reasonable_cost() -> None:
    params = calibrate()
    assert params.memory_kib >= 64 * 1024
    assert 2 <= params.time_cost <= 40
    start = time.perf_counter()
    derive_key(PASSPHRASE, Header.new(params))
    elapsed = time.perf_counter() - start
    # Aimed at 0.6 s; bounds are loose because CI machines are shared and noisy.
    assert 0.1 <= elapsed <= 6.0, f"calibrated KDF took {elapsed:.2f} s with {params}"


# --- opening what is not an openable vault ---------------------------------------------------------------


def test_wrong_passphrase(tmp_path: Path) -> None:
    path = closed_vault(tmp_path)
    assert_open_fails(path, "wrong passphrase!", WrongPassphrase)
    assert_open_fails(path, PASSPHRASE + " ", WrongPassphrase)
    with Vault.open(path, PASSPHRASE) as vault:  # still opens with the right one
        assert vault.records.count("interview") == 2


def test_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope.xcv"
    with pytest.raises(VaultNotFound):
        Vault.open(path, PASSPHRASE)
    assert not path.exists()
    assert os.listdir(tmp_path) == []
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "no-such-dir" / "v.xcv", PASSPHRASE)
    assert os.listdir(tmp_path) == []
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path, PASSPHRASE)  # a directory is not a vault file


def _random_bytes(path: Path) -> None:
    data = bytearray(random.Random(7).randbytes(64 * 1024))
    data[:2] = b"\x00\x01"  # never our magic by chance
    path.write_bytes(bytes(data))


def _plain_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('vault_id', 'x')")
    con.commit()
    con.close()


NOT_VAULTS: dict[str, Callable[[Path], None]] = {
    "random": _random_bytes,
    "empty": lambda p: p.write_bytes(b""),
    "short": lambda p: p.write_bytes(MAGIC + b"\x01\x0a"),
    "plain-sqlite": _plain_sqlite,
    "text": lambda p: p.write_text("巡察工作台 " * 1000, encoding="utf-8"),
}


@pytest.mark.parametrize("kind", sorted(NOT_VAULTS))
def test_not_a_vault(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "thing.xcv"
    NOT_VAULTS[kind](path)
    assert_open_fails(path, PASSPHRASE, NotAVault)


def test_header_params_out_of_range_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "thing.xcv"
    path.write_bytes(MAGIC + bytes([HEADER_VERSION, 40, 200, 99]) + b"\x00" * 4086)
    assert_open_fails(path, PASSPHRASE, KdfParamsOutOfRange)


def test_newer_header_version_is_too_new(tmp_path: Path) -> None:
    path = closed_vault(tmp_path)
    data = bytearray(path.read_bytes())
    data[2] = HEADER_VERSION + 1
    path.write_bytes(bytes(data))
    assert_open_fails(path, PASSPHRASE, VaultTooNew)


def test_newer_schema_version_is_too_new(tmp_path: Path) -> None:
    path = closed_vault(tmp_path)
    with Vault.open(path, PASSPHRASE) as vault:
        vault.con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1:d}")
    assert sorted(os.listdir(path.parent)) == [path.name]
    assert_open_fails(path, PASSPHRASE, VaultTooNew)
    assert_open_fails(path, "wrong passphrase!", WrongPassphrase)


# --- creating ---------------------------------------------------------------------------------------


def test_create_refuses_existing_path(tmp_path: Path) -> None:
    path = closed_vault(tmp_path)
    before = state(path)
    with pytest.raises(VaultExists):
        Vault.create(path, PASSPHRASE, kdf=TEST_PARAMS)
    assert state(path) == before
    other = tmp_path / "notes.txt"
    other.write_text("别人的文件", encoding="utf-8")
    with pytest.raises(VaultExists):
        Vault.create(other, PASSPHRASE, kdf=TEST_PARAMS)
    assert other.read_text(encoding="utf-8") == "别人的文件"


def test_create_refuses_short_passphrase(tmp_path: Path) -> None:
    for weak in ("", "short", "1234567", "七个汉字的口令"):
        with pytest.raises(WeakPassphrase):
            Vault.create(tmp_path / "v.xcv", weak, kdf=TEST_PARAMS)
    assert os.listdir(tmp_path) == []
    Vault.create(tmp_path / "v.xcv", "八个汉字的口令啊", kdf=TEST_PARAMS).close()  # 8 characters is enough


# --- changing the passphrase ----------------------------------------------------------------------------


def test_change_passphrase(vault: Vault) -> None:
    ids = fill(vault)
    digest = vault.records.content_digest()
    salt_before = vault.path.read_bytes()[:HEADER_SIZE]
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    assert vault.records.content_digest() == digest, "records survive the rekey"
    vault.records.save(Interview(interviewee="改口令之后", content="仍可写入"))
    digest = vault.records.content_digest()
    salt_after = vault.path.read_bytes()[:HEADER_SIZE]
    assert salt_after != salt_before, "a new passphrase gets a fresh salt"
    assert salt_after[:6] == salt_before[:6], "same KDF parameters unless asked"
    vault.close()
    assert sorted(os.listdir(vault.path.parent)) == [vault.path.name], "no temp files left beside the vault"

    assert_open_fails(vault.path, PASSPHRASE, WrongPassphrase)
    with Vault.open(vault.path, NEW_PASSPHRASE) as again:
        assert again.records.content_digest() == digest
        assert again.records.get(ids["interview"]).interviewee == "王某某"  # type: ignore[attr-defined]
        assert again.check().ok
        assert any(e.action == "change-passphrase" for e in again.journal.entries())


def test_change_passphrase_with_new_kdf_params(vault: Vault) -> None:
    fill(vault)
    stronger = KdfParams(memory_log2=11, time_cost=2, parallelism=1)
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, kdf=stronger)
    assert read_header(vault.path).params == stronger == vault.info.kdf
    vault.close()
    with Vault.open(vault.path, NEW_PASSPHRASE) as again:
        assert again.check().ok


@pytest.mark.parametrize(("old", "new", "error"), [
    ("wrong passphrase!", NEW_PASSPHRASE, WrongPassphrase),
    (PASSPHRASE, "short", WeakPassphrase),
])
def test_change_passphrase_failure_changes_nothing(vault: Vault, old: str, new: str,
                                                   error: type[VaultError]) -> None:
    fill(vault)
    digest = vault.records.content_digest()
    vault.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = state(vault.path)
    with pytest.raises(error):
        vault.change_passphrase(old, new)
    assert state(vault.path) == before
    assert vault.records.content_digest() == digest
    vault.records.save(Interview(interviewee="仍然可用"))  # still open and usable
    vault.close()
    assert_open_fails(vault.path, NEW_PASSPHRASE, WrongPassphrase)
    with Vault.open(vault.path, PASSPHRASE) as again:
        assert again.records.count("interview") == 3


# --- backup ----------------------------------------------------------------------------------------


def test_backup_same_passphrase(vault: Vault, tmp_path: Path) -> None:
    fill(vault)
    digest = vault.records.content_digest()
    dest = tmp_path / "backup" / "copy.xcv"
    dest.parent.mkdir()
    vault.backup(dest)
    assert sorted(os.listdir(dest.parent)) == ["copy.xcv"]
    assert oct(dest.stat().st_mode & 0o777) == oct(0o600)
    with Vault.open(dest, PASSPHRASE) as copy:
        assert copy.records.content_digest() == digest
        assert copy.check().ok
        assert copy.counts() == vault.counts()
        # A backup opened as a live vault writes as a device of its own, so stamps never collide.
        assert copy.info.device_id != vault.info.device_id
        assert copy.info.vault_id == vault.info.vault_id


def test_backup_new_passphrase(vault: Vault, tmp_path: Path) -> None:
    fill(vault)
    digest = vault.records.content_digest()
    dest = tmp_path / "copy.xcv"
    vault.backup(dest, NEW_PASSPHRASE)
    assert dest.read_bytes()[:HEADER_SIZE] != vault.path.read_bytes()[:HEADER_SIZE]
    assert_open_fails(dest, PASSPHRASE, WrongPassphrase)
    with Vault.open(dest, NEW_PASSPHRASE) as copy:
        assert copy.records.content_digest() == digest
        assert copy.check().ok
    with pytest.raises(WeakPassphrase):
        vault.backup(tmp_path / "weak.xcv", "short")
    assert not (tmp_path / "weak.xcv").exists()


def test_backup_refuses_to_overwrite(vault: Vault, tmp_path: Path) -> None:
    fill(vault)
    dest = tmp_path / "copy.xcv"
    dest.write_bytes(b"an older file")
    with pytest.raises(VaultExists):
        vault.backup(dest)
    assert dest.read_bytes() == b"an older file"
    with pytest.raises(VaultExists):
        vault.backup(vault.path, overwrite=True)  # never over the vault itself
    vault.backup(dest, overwrite=True)
    with Vault.open(dest, PASSPHRASE) as copy:
        assert copy.records.content_digest() == vault.records.content_digest()
    assert sorted(os.listdir(tmp_path)) == ["copy.xcv", "v.xcv", "v.xcv-shm", "v.xcv-wal"]


# --- checking ----------------------------------------------------------------------------------------


def test_check_healthy_vault(vault: Vault) -> None:
    report = vault.check()
    assert report.ok, report.problems
    assert report.counts["interviews"] == 0
    ids = fill(vault)
    for i in range(5):
        vault.records.save(Lead(subject_name=f"对象{i}", source="来信", summary="摘要"))
    vault.records.delete(ids["interview2"])
    report = vault.check()
    assert report.ok, report.problems
    assert report.counts["interviews"] == 1
    assert report.counts["leads"] == 6
    assert report.counts["attachments"] == 1
    assert report.counts["conflicts"] == 0
    assert report.counts == vault.counts()
    assert set(report.counts) >= {"rounds", "teams", "members", "units", "people", "interviews", "petitions",
                                  "leads", "documents", "papers", "problems", "rectifications", "handovers",
                                  "attachments", "conflicts"}


def _corrupt_outcome(path: Path) -> str:
    """What opening and checking a damaged file gives: the name of a typed error or 'problems'."""
    try:
        vault = Vault.open(path, PASSPHRASE)
    except (WrongPassphrase, NotAVault, VaultCorrupt, VaultTooNew) as exc:
        return type(exc).__name__
    try:
        report = vault.check()
    except VaultCorrupt:
        return "VaultCorrupt"
    finally:
        vault.close()
    assert not report.ok, "a damaged vault passed check()"
    return "problems"


def test_corrupt_byte_is_detected(tmp_path: Path) -> None:
    path = closed_vault(tmp_path)
    with Vault.open(path, PASSPHRASE) as vault:
        for i in range(200):  # a file of some pages
            vault.records.save(Interview(interviewee=f"对象{i}", content="谈话内容" * 50))
    data = path.read_bytes()
    rng = random.Random(11)
    offsets = [len(data) // 2, 4096 + 17, 2 * 4096 - 1, 10] + [rng.randrange(len(data)) for _ in range(16)]
    outcomes = {}
    for offset in offsets:
        damaged = bytearray(data)
        damaged[offset] ^= 0x5A
        target = tmp_path / f"damaged-{offset}.xcv"
        target.write_bytes(bytes(damaged))
        outcomes[offset] = _corrupt_outcome(target)
    assert outcomes[len(data) // 2] == "problems"
    assert set(outcomes.values()) <= {"problems", "WrongPassphrase", "NotAVault", "VaultCorrupt", "VaultDamaged",
                                      "KdfParamsOutOfRange", "VaultTooNew"}


# --- connection settings and the key ------------------------------------------------------------------


def test_pragmas_at_open(tmp_path: Path) -> None:
    path = closed_vault(tmp_path)
    with Vault.open(path, PASSPHRASE) as vault:
        con = vault.con
        assert con.execute("PRAGMA temp_store").fetchone()[0] == 2
        assert con.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert con.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        assert con.execute("PRAGMA synchronous").fetchone()[0] == 2
        options = {row[0] for row in con.execute("PRAGMA compile_options")}
        assert {"TEMP_STORE=2", "TEMP_STORE=3"} & options
        assert con.execute("PRAGMA cipher_version").fetchone()[0]


@pytest.mark.parametrize(("pragma", "value"), [
    ("temp_store", "FILE"),
    ("secure_delete", "OFF"),
    ("synchronous", "NORMAL"),
    ("journal_mode", "DELETE"),
])
def test_assert_secure_refuses_weakened_connection(vault: Vault, pragma: str, value: str) -> None:
    con = vault.con
    assert_secure(con)  # holds as opened
    con.execute(f"PRAGMA {pragma} = {value}")
    with pytest.raises(InsecureBuild):
        assert_secure(con)
    connection_mod.apply_settings(con)  # restores and re-asserts
    assert_secure(con)


def test_key_never_in_sql_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    traced: list[str] = []
    real_connect = sqlcipher3.connect

    def traced_connect(*args: Any, **kwargs: Any) -> sqlcipher3.Connection:
        con = real_connect(*args, **kwargs)
        con.set_trace_callback(traced.append)
        return con

    monkeypatch.setattr(sqlcipher3, "connect", traced_connect)
    path = tmp_path / "v.xcv"
    keys = []
    with Vault.create(path, PASSPHRASE, kdf=TEST_PARAMS) as vault:
        keys.append(derive_key(PASSPHRASE, read_header(path)))
        fill(vault)
        vault.backup(tmp_path / "b.xcv", NEW_PASSPHRASE)
        keys.append(derive_key(NEW_PASSPHRASE, read_header(tmp_path / "b.xcv")))
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        keys.append(derive_key(NEW_PASSPHRASE, read_header(path)))
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    Vault.open(path, NEW_PASSPHRASE).close()

    assert any("temp_store" in s for s in traced), "the trace callback saw the connection's statements"
    assert len({bytes(k) for k in keys}) == 3
    secrets = [k.hex() for k in keys] + [PASSPHRASE, NEW_PASSPHRASE]
    for statement in traced:
        lowered = statement.lower()
        for secret in secrets:
            assert secret.lower() not in lowered, f"key material in SQL: {statement[:60]}…"
        assert not re.search(r"\bpragma\s+(\w+\.)?(re)?key\b", lowered), statement
        assert not re.search(r"\bkey\s*=?\s*x'", lowered), statement


def test_an_unfinished_read_of_the_writes_says_nothing_after_the_vault_closes(
        make_vault: Callable[..., Vault], monkeypatch: pytest.MonkeyPatch) -> None:
    # An export stops reading the writes at its upper bound; the generator, collected after the vault
    # closed, must not try to close a cursor of the closed database ("Exception ignored" on stderr).
    import gc
    import sys

    from app.domain.records import Unit

    seen: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    vault = make_vault("w.xcv")
    vault.records.save_many([Unit(name=f"单位{i}") for i in range(20)])
    rows = vault.records.write_rows_since(0)
    assert next(rows)[0] >= 1
    vault.close()
    del rows
    gc.collect()
    assert seen == []
