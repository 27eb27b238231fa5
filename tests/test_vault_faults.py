"""A damaged vault file says so in one line, and a damaged header is refused before any key is derived
(docs/vault.md, "A damaged vault" and "Header bounds")."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from app.cli import EXIT_DAMAGED, EXIT_OK
from app.demo import fill
from app.storage import kdf as kdf_mod
from app.storage import vault as vault_mod
from app.storage.connection import damage_error
from app.storage.errors import KdfParamsOutOfRange, NotAVault, VaultDamaged
from app.storage.kdf import HEADER_VERSION, MAGIC, TEST_PARAMS, KdfParams, read_header
from app.storage.vault import Vault

ROOT = Path(__file__).resolve().parent.parent
SECRET = "损坏测试 passphrase 2024"
PAGE = 4096  # SQLCipher 4's default page size, which the vault keeps


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XUNCHA_PASSPHRASE": SECRET}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=300)


def root_page(path: Path, table: str) -> int:
    with Vault.open(path, SECRET) as vault:
        page = vault.con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    assert isinstance(page, int) and page > 1
    return page


def flip(path: Path, offset: int) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        byte = f.read(1)[0]
        f.seek(offset)
        f.write(bytes([byte ^ 0x01]))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team-scale demo vault (cheap KDF) and, beside it, its own public keys to export to."""
    folder = tmp_path_factory.mktemp("faults")
    path = folder / "team.xcv"
    with Vault.create(path, SECRET, owner="演示", kdf=TEST_PARAMS) as vault:
        fill(vault, scale="team", seed=2)
    assert run("keys", str(path), "--out", str(folder / "keys.json"), cwd=folder).returncode == EXIT_OK
    return path


def damaged_copy(demo: Path, table: str) -> Path:
    """A copy of the demo vault with one bit flipped inside ``table``'s root page (never page 1)."""
    path = demo.with_name("damaged.xcv")
    path.write_bytes(demo.read_bytes())
    page = root_page(path, table)
    flip(path, (page - 1) * PAGE + PAGE // 2)
    return path


@pytest.fixture
def damaged(demo: Path) -> Iterator[Path]:
    path = damaged_copy(demo, "r_interview")
    yield path
    path.unlink()


#: Each command, and a table it reads after the vault is open (export reads the field writes).
COMMANDS = {
    "ledger": ("r_interview", lambda v, d: ["ledger", v, "--out", str(d / "l.xlsx")]),
    "report interview": ("r_interview", lambda v, d: ["report", "interview", v, "--out", str(d / "r.pdf")]),
    "search": ("search_data", lambda v, d: ["search", v, "谈话"]),
    "export": ("versions", lambda v, d: ["export", v, "--to", str(d / "p.xcpkg"), "--for", str(d / "keys.json")]),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_damaged_data_page_is_one_line_with_its_own_exit_code(demo: Path, command: str) -> None:
    table, argv = COMMANDS[command]
    damaged = damaged_copy(demo, table)
    before = damaged.read_bytes()
    done = run(*argv(str(damaged), damaged.parent), cwd=damaged.parent)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == EXIT_DAMAGED, done.stderr
    assert lines == ["错误：保密库文件已损坏：请运行 check 检查，并从最近的备份恢复"], done.stderr
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
    assert damaged.read_bytes() == before, "a failed command leaves the vault as it was"
    assert sorted(p.name for p in damaged.parent.iterdir()) == ["damaged.xcv", "keys.json", "team.xcv"], \
        "no output file, no -wal left beside the vault"


def test_the_same_commands_work_on_the_undamaged_vault(demo: Path) -> None:
    done = run(*COMMANDS["search"][1](str(demo), demo.parent), cwd=demo.parent)
    assert done.returncode == EXIT_OK and done.stdout, done.stderr


def test_check_names_the_damage_and_exits_with_the_same_code(damaged: Path) -> None:
    done = run("check", str(damaged), cwd=damaged.parent)
    assert done.returncode == EXIT_DAMAGED
    assert "HMAC" in done.stderr and "请从最近的备份恢复" in done.stderr.splitlines()[-1]
    assert "Traceback" not in done.stderr


def test_damage_error_types_only_damage() -> None:
    corrupt = sqlcipher3.DatabaseError("database disk image is malformed")
    assert isinstance(damage_error(corrupt), VaultDamaged)
    assert damage_error(corrupt).__cause__ is corrupt  # type: ignore[union-attr]
    assert damage_error(sqlcipher3.OperationalError("database disk image is malformed")) is None
    assert damage_error(sqlcipher3.IntegrityError("UNIQUE constraint failed")) is None
    assert damage_error(ValueError("database disk image is malformed")) is None


# --- the header's Argon2 parameters ---------------------------------------------------------------------


def _no_argon2(*args: object, **kwargs: object) -> bytes:
    raise AssertionError("Argon2 ran on parameters that should have been refused")


@pytest.mark.parametrize(("index", "bit"), [(3, 0x04), (3, 0x10), (3, 0x40), (4, 0x40), (5, 0x04), (5, 0x80)])
def test_a_flipped_parameter_bit_is_refused_before_deriving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           index: int, bit: int) -> None:
    path = tmp_path / "v.xcv"
    Vault.create(path, SECRET, kdf=KdfParams()).close()  # the parameters a user's vault gets
    data = bytearray(path.read_bytes())
    data[index] ^= bit
    path.write_bytes(bytes(data))
    monkeypatch.setattr(kdf_mod, "hash_secret_raw", _no_argon2)
    monkeypatch.setattr(vault_mod, "derive_key", _no_argon2)
    start = time.perf_counter()
    with pytest.raises(KdfParamsOutOfRange) as caught:
        Vault.open(path, SECRET)
    elapsed = time.perf_counter() - start
    assert str(caught.value).startswith("保密库文件头中的密钥派生参数超出范围，文件可能已损坏：")
    name = {3: "memory_log2", 4: "time_cost", 5: "parallelism"}[index]
    assert f"{name} {data[index]}" in caught.value.detail
    assert path.read_bytes() == bytes(data)
    print(f"refused in {elapsed * 1000:.1f} ms")


def test_bounds_are_what_the_program_writes() -> None:
    for params in (KdfParams(), TEST_PARAMS, kdf_mod.calibrate(0.05), KdfParams(11, 2, 1), KdfParams(16, 40, 2)):
        params.validate()
    for params in (KdfParams(17, 3, 2), KdfParams(9, 3, 2), KdfParams(16, 41, 2), KdfParams(16, 0, 2),
                   KdfParams(16, 3, 3), KdfParams(16, 3, 0)):
        with pytest.raises(KdfParamsOutOfRange):
            params.validate()
        with pytest.raises(KdfParamsOutOfRange):
            kdf_mod.Header.new(params)  # and so never written either


def test_a_crafted_header_asking_for_gigabytes_is_refused_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "crafted.xcv"
    path.write_bytes(MAGIC + bytes([HEADER_VERSION, 22, 64, 4]) + os.urandom(PAGE * 4 - 6))
    monkeypatch.setattr(kdf_mod, "hash_secret_raw", _no_argon2)
    with pytest.raises(KdfParamsOutOfRange):
        read_header(path)
    with pytest.raises(KdfParamsOutOfRange):
        Vault.open(path, SECRET)


def test_cli_reports_a_bad_header_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "v.xcv"
    Vault.create(path, SECRET, kdf=TEST_PARAMS).close()
    data = bytearray(path.read_bytes())
    data[3] = 20
    path.write_bytes(bytes(data))
    done = run("search", str(path), "谈话", cwd=tmp_path)
    assert done.returncode == EXIT_DAMAGED
    assert done.stderr.strip() == "错误：保密库文件头中的密钥派生参数超出范围，文件可能已损坏：memory_log2 20"


def test_not_a_vault_stays_not_a_vault(tmp_path: Path) -> None:
    path = tmp_path / "x.xcv"
    path.write_bytes(b"XD" + bytes(PAGE))
    with pytest.raises(NotAVault):
        Vault.open(path, SECRET)
