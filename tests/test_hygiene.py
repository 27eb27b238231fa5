"""Process hygiene at start-up (app/hygiene.py; docs/security.md §2.7, "Memory hygiene").

Each check runs main.py in a child process started with a permissive umask (022) and core dumps
allowed, as a user's shell would, and looks at what main.py's start-up left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "main.py"
FIXTURE = ROOT / "tests" / "fixtures" / "vault-0.1.0.xcv"  # small, known passphrase, cheap KDF

# Runs main.py's module body (hygiene, then the CLI import) without calling main(), then reports.
PROBE = f"""
import ctypes, ctypes.util, json, os, resource, runpy, sys
runpy.run_path({str(MAIN)!r}, run_name="probe")
state = {{"core": resource.getrlimit(resource.RLIMIT_CORE), "umask": os.umask(0o077), "dumpable": None}}
if sys.platform.startswith("linux"):
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    state["dumpable"] = libc.prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
print(json.dumps(state))
"""

posix_only = pytest.mark.skipif(os.name != "posix", reason="rlimits and file modes are POSIX")


def _loose_start() -> None:
    """In the child, before exec: the umask and core limit a careless environment might give."""
    os.umask(0o022)
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          preexec_fn=_loose_start, env={**os.environ, **(env or {})}, check=False)


@posix_only
def test_startup_disables_core_dumps_and_sets_private_umask(tmp_path: Path) -> None:
    done = run("-c", PROBE, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout)
    assert state["core"] == [0, 0]
    assert state["umask"] == 0o077
    if sys.platform.startswith("linux"):
        assert state["dumpable"] == 0


@posix_only
def test_files_made_through_the_cli_are_private(tmp_path: Path) -> None:
    facts = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))
    vault = tmp_path / "copy.xcv"
    shutil.copyfile(FIXTURE, vault)
    env = {"XUNCHA_PASSPHRASE": facts["passphrase"]}
    made = {
        "new.xcv": ("demo", "new.xcv", "--seed", "3"),
        "ledger.xlsx": ("ledger", "copy.xcv", "--out", "ledger.xlsx"),
        "keys.pub": ("keys", "copy.xcv", "--out", "keys.pub"),
    }
    for name, args in made.items():
        done = run(str(MAIN), *args, cwd=tmp_path, env=env)
        assert done.returncode == 0, (args, done.stderr)
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
