"""Vaults made by every released version open, upgrade and keep their data (style.md practice 6).

``tests/fixtures/vault-<version>.xcv`` was written by that version (tests/fixtures/make_vault.py);
``vault-<version>.json`` says what it held. Each is copied (the committed file is never opened in
place), opened, which runs any migrations added since, and then must pass the full check with
the same record counts, now at this program's schema version. A release adds its own pair.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.storage.migrations import SCHEMA_VERSION, schema_version
from app.storage.vault import Vault

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RELEASES = sorted(FIXTURES.glob("vault-*.json"))


def test_there_is_a_fixture_from_the_first_release() -> None:
    assert FIXTURES / "vault-0.1.0.json" in RELEASES


@pytest.mark.parametrize("facts_file", RELEASES, ids=lambda p: p.stem)
def test_old_vault_opens_upgrades_and_keeps_its_records(facts_file: Path, tmp_path: Path) -> None:
    facts = json.loads(facts_file.read_text(encoding="utf-8"))
    assert facts["schema_version"] <= SCHEMA_VERSION
    copy = tmp_path / "old.xcv"
    shutil.copyfile(facts_file.with_suffix(".xcv"), copy)

    with Vault.open(copy, facts["passphrase"]) as vault:
        assert schema_version(vault.con) == SCHEMA_VERSION  # migrated on open
        assert vault.info.role == facts["role"]
        report = vault.check()
        assert report.ok, report.problems
        assert vault.counts() == facts["counts"]
        assert vault.search("整改", limit=5)  # the search index survived the upgrade

    with Vault.open(copy, facts["passphrase"]) as vault:  # a second open has nothing left to do
        assert schema_version(vault.con) == SCHEMA_VERSION
        assert vault.counts() == facts["counts"]
