"""The command-line contract (docs/architecture.md): demo, check, search; exit codes; one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASS = "命令行 测试 passphrase"


def run(*args: str, passphrase: str | None = PASS, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "XUNCHA_PASSPHRASE"}
    if passphrase is not None:
        env["XUNCHA_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=300)


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "team.xcv"
    done = run("demo", str(path), "--scale", "team", "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert "interviews: " in done.stdout
    return path


def test_check_prints_every_contract_kind(demo_vault: Path) -> None:
    done = run("check", str(demo_vault))
    assert done.returncode == 0, done.stderr
    counts = dict(line.split(": ") for line in done.stdout.splitlines())
    assert list(counts) == ["rounds", "teams", "members", "units", "people", "interviews", "petitions", "leads",
                            "documents", "papers", "problems", "rectifications", "handovers", "attachments",
                            "conflicts"]
    assert int(counts["interviews"]) > 100 and int(counts["conflicts"]) == 0


def test_search_prints_one_match_a_line_under_its_kind(demo_vault: Path) -> None:
    done = run("search", str(demo_vault), "招待", "--limit", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    headers = [line for line in lines if "\t" not in line]
    hits = [line for line in lines if "\t" in line]
    assert len(headers) >= 2 and hits and all(len(line.split("\t")) == 4 for line in hits)
    assert all("【招待】" in line for line in hits)
    kind = ""
    for line in lines:  # each hit sits under the header of its kind, at most --limit of them
        if "\t" not in line:
            kind = line.split("（")[0]
        else:
            assert line.split("\t")[0] == kind
    for header in headers:
        under = sum(1 for line in hits if line.startswith(header.split("（")[0] + "\t"))
        assert under <= 3 and (f"显示前 {under} 条" in header or f"共 {under} 条" in header), header


def test_search_with_fts_syntax_is_just_text(demo_vault: Path) -> None:
    done = run("search", str(demo_vault), '招待" OR "粮食 NEAR( * {uni}:')
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_wrong_passphrase_is_one_line_and_changes_nothing(demo_vault: Path) -> None:
    before = demo_vault.read_bytes()
    line = one_line_error(run("check", str(demo_vault), passphrase="wrong passphrase"))
    assert "口令不正确" in line
    assert demo_vault.read_bytes() == before


def test_missing_passphrase_without_a_terminal(demo_vault: Path) -> None:
    done = run("check", str(demo_vault), passphrase=None)
    assert "XUNCHA_PASSPHRASE" in one_line_error(done)
    assert done.returncode == 2


def test_missing_and_foreign_files(tmp_path: Path) -> None:
    assert "找不到" in one_line_error(run("check", str(tmp_path / "nope.xcv")))
    foreign = tmp_path / "notes.txt"
    foreign.write_text("这不是保密库" * 100, encoding="utf-8")
    assert "不是" in one_line_error(run("check", str(foreign)))
    assert foreign.read_text(encoding="utf-8") == "这不是保密库" * 100


def test_demo_refuses_to_overwrite(demo_vault: Path) -> None:
    before = demo_vault.read_bytes()
    one_line_error(run("demo", str(demo_vault)))
    assert demo_vault.read_bytes() == before


def test_check_of_a_damaged_vault_fails(tmp_path: Path) -> None:
    path = tmp_path / "small.xcv"
    assert run("demo", str(path), "--seed", "5").returncode == 0
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    done = run("check", str(path))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["demo", "check", "search", "keys", "trust", "export", "verify", "import",
                                     "report", "ledger", "self-check"])
def test_every_command_answers_help(command: str) -> None:
    done = run(command, "--help", passphrase=None)
    assert done.returncode == 0, done.stderr
    assert "usage" in done.stdout


def test_version() -> None:
    done = run("--version", passphrase=None)
    assert done.returncode == 0 and "巡察工作台" in done.stdout


def test_self_check_exercises_every_part_and_exits_0() -> None:
    done = run("self-check", passphrase=None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "自检通过"
    assert "Traceback" not in done.stderr
