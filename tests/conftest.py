"""Shared fixtures: every test gets fresh vaults in its own temporary directory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

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
