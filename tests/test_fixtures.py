"""Vaults made by every released version open, upgrade and keep their data (docs/architecture.md practice 6).

``tests/fixtures/vault-<version>.xcv`` was written by that version (tests/fixtures/make_vault.py);
``vault-<version>.json`` says what it held. Each is copied (the committed file is never opened in
place), opened, which runs any migrations added since, and then must pass the full check with
the same record counts, now at this program's schema version. A release adds its own pair.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from app.storage import migrations
from app.storage.errors import MigrationFailed
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


def test_a_failing_upgrade_leaves_the_old_vault_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step of an upgrade runs in one transaction (docs/vault.md, "Schema versions"): a step
    that fails halfway, after earlier steps and its own first statement succeeded, leaves the
    file byte for byte as it was, and the next open upgrades it normally."""
    facts_file = FIXTURES / "vault-0.1.0.json"
    facts = json.loads(facts_file.read_text(encoding="utf-8"))
    assert SCHEMA_VERSION - facts["schema_version"] >= 2  # an earlier step runs before the failing one
    copy = tmp_path / "old.xcv"
    shutil.copyfile(facts_file.with_suffix(".xcv"), copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()

    real_sql = migrations._sql

    def last_step_fails(name: str) -> str:
        script = real_sql(name)
        if name == migrations.STEPS[-1]:
            script += "\nCREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);\n"
        return script

    monkeypatch.setattr(migrations, "_sql", last_step_fails)
    with pytest.raises(MigrationFailed) as failed:
        Vault.open(copy, facts["passphrase"])
    assert str(failed.value).startswith("保密库数据结构升级失败，文件未作任何改动")
    assert f"第 {SCHEMA_VERSION} 版" in str(failed.value)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.xcv"]  # no -wal, -shm or copy left

    monkeypatch.setattr(migrations, "_sql", real_sql)
    with Vault.open(copy, facts["passphrase"]) as vault:
        assert schema_version(vault.con) == SCHEMA_VERSION
        assert vault.con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
        assert vault.check().ok
        assert vault.counts() == facts["counts"]
