"""Shared fixtures: every test gets fresh vaults in its own temporary directory."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.storage.kdf import TEST_PARAMS  # noqa: E402
from app.storage.vault import Vault  # noqa: E402

PASSPHRASE = "巡察 correct horse 2024"


@pytest.fixture
def make_vault(tmp_path: Path) -> Iterator[Callable[..., Vault]]:
    """Factory: make_vault(name="v.xcv", role="team", owner="测试员") -> an open vault (closed after the test)."""
    opened: list[Vault] = []

    def make(name: str = "v.xcv", role: str = "team", owner: str = "测试员") -> Vault:
        vault = Vault.create(tmp_path / name, PASSPHRASE, role=role, owner=owner, kdf=TEST_PARAMS)
        opened.append(vault)
        return vault

    yield make
    for vault in opened:
        vault.close()


@pytest.fixture
def vault(make_vault: Callable[..., Vault]) -> Vault:
    return make_vault()


class WriteOpens:
    """Files Python opens for writing while armed (an audit hook: it stays for the process)."""

    installed: WriteOpens | None = None

    def __init__(self) -> None:
        self.armed = False
        self.paths: list[str] = []

    @classmethod
    def get(cls) -> WriteOpens:
        if cls.installed is None:
            cls.installed = cls()
            sys.addaudithook(cls.installed.hook)
        return cls.installed

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed or event != "open" or len(args) < 3:
            return
        path, mode, flags = args[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writing and isinstance(path, str | bytes):
            self.paths.append(str(path))
