"""Schema version 7's data move (issue 13; docs/vault.md, "Schema versions"): a vault written before it
opens, upgrades, and its rounds of the retired kinds 交叉/提级/回头看 become rounds of kind 常规 whose units
carry the mode (or whose ``revisit`` is set), as journalled writes of the opening device; the seeds added
since (vocabularies, settings, the retired values kept inactive) merge with a new vault's without a conflict."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.clock import Stamp
from app.domain.records import Round, Setting, Unit, VocabEntry
from app.domain.rules import vocabulary_values
from app.domain.upgrade import retired_kind_moves
from app.domain.vocab import DEFAULT_SETTINGS
from app.storage import migrations
from app.storage import vault as vault_mod
from app.storage.kdf import TEST_PARAMS
from app.storage.migrations import SCHEMA_VERSION, schema_version
from app.storage.vault import DATA_VERSION, Vault

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "vault-0.1.0.xcv"
FACTS = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))
PASSPHRASE = FACTS["passphrase"]


@pytest.fixture
def old_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the 0.1.0 fixture brought to schema 6 by a program that knew nothing of version 7."""
    copy = tmp_path / "old.xcv"
    shutil.copyfile(FIXTURE, copy)
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", migrations.STEPS[:6])
        m.setattr(migrations, "SCHEMA_VERSION", 6)
        m.setattr(vault_mod, "upgrade_data", lambda vault: 0)
        with Vault.open(copy, PASSPHRASE) as vault:
            assert schema_version(vault.con) == 6
    yield copy


def _set_kind(path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The old program gives the fixture's round ``kind`` (as a merged write, as its editor would)."""
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", migrations.STEPS[:6])
        m.setattr(migrations, "SCHEMA_VERSION", 6)
        m.setattr(vault_mod, "upgrade_data", lambda vault: 0)
        with Vault.open(path, PASSPHRASE) as vault:
            # As the old program's store writes a field (its record classes had no version-7 columns, this
            # one's have): the new head in versions, the old one superseded, the column projected.
            con = vault.con
            ((round_id, n),) = con.execute("SELECT r.id, r.n FROM r_round JOIN records r USING (id)").fetchall()
            (old_head,) = con.execute("SELECT stamp FROM versions WHERE rec = ? AND field = 'kind' AND state = 0",
                                      (n,)).fetchone()
            stamp = str(Stamp(int(time.time() * 1000), 0, "ab" * 8))
            with vault.transaction():
                con.execute("UPDATE versions SET state = 1 WHERE rec = ? AND field = 'kind'", (n,))
                con.execute("INSERT INTO versions (rec, field, stamp, value, bases, author, state)"
                            " VALUES (?, 'kind', ?, ?, ?, '旧版用户', 0)", (n, stamp, kind, json.dumps([old_head])))
                con.execute("UPDATE r_round SET kind = ? WHERE id = ?", (kind, round_id))
            entries = vault.records.list(VocabEntry)
            assert "交叉" in vocabulary_values(entries, "round_kind")  # still offered before the upgrade
            assert "重复发现" not in vocabulary_values(entries, "relation")
            return str(round_id)


@pytest.mark.parametrize("kind", ["交叉", "提级"])
def test_an_old_round_of_a_mode_kind_gives_its_units_the_mode(old_vault: Path, kind: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    round_id = _set_kind(old_vault, kind, monkeypatch)
    with Vault.open(old_vault, PASSPHRASE) as vault:
        assert schema_version(vault.con) == SCHEMA_VERSION
        rnd = vault.records.get(round_id, Round)
        assert (rnd.kind, rnd.revisit) == ("常规", False)
        units = vault.records.list(Unit, where={"round_id": round_id})
        assert len(units) == FACTS["counts"]["units"] and {u.mode for u in units} == {kind}
        # ordinary field writes of this device, journalled, so a merge carries them
        assert [v.author for v in vault.records.versions(round_id, "kind") if v.head] == [vault.info.owner or "系统"]
        assert any(e.action == "upgrade-data" for e in vault.journal.entries())
        assert len([e for e in vault.journal.entries(units[0].id)]) >= 1
        assert vault.check().ok and vault.records.conflict_count() == 0
        digest = vault.records.content_digest()
    with Vault.open(old_vault, PASSPHRASE) as vault:  # done once: the second open changes nothing
        assert vault.records.content_digest() == digest
        assert [e.action for e in vault.journal.entries()].count("upgrade-data") == 1


def test_an_old_revisit_round_gets_the_flag_and_the_new_seeds(old_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    round_id = _set_kind(old_vault, "回头看", monkeypatch)
    with Vault.open(old_vault, PASSPHRASE) as vault:
        rnd = vault.records.get(round_id, Round)
        assert (rnd.kind, rnd.revisit) == ("常规", True)
        assert {u.mode for u in vault.records.list(Unit)} == {""}
        entries = vault.records.list(VocabEntry, include_deleted=True)
        assert vocabulary_values(entries, "round_kind") == ["常规", "专项", "机动"]
        retired = [e for e in entries if e.vocabulary == "round_kind" and e.value in ("交叉", "提级", "回头看")]
        assert len(retired) == 3 and not any(e.active or e.deleted for e in retired)  # kept, inactive
        assert vocabulary_values(entries, "relation")[-2:] == ["重复发现", "成果运用"]
        assert vocabulary_values(entries, "inspection_mode") == ["本级", "交叉", "提级"]
        keys = {s.key for s in vault.records.list(Setting)}
        assert set(DEFAULT_SETTINGS) <= keys
        assert "deadline.rectification_plan_days" in keys  # the old setting stays (merges), unread
        row = vault.con.execute("SELECT value FROM meta WHERE key = ?", (DATA_VERSION,)).fetchone()
        assert row[0] == str(SCHEMA_VERSION)


def test_seeds_of_an_upgraded_and_a_new_vault_merge_without_conflict(old_vault: Path, tmp_path: Path) -> None:
    with Vault.open(old_vault, PASSPHRASE) as old, \
            Vault.create(tmp_path / "new.xcv", PASSPHRASE, kdf=TEST_PARAMS) as new:
        seeds = [w for _, w in new.records.writes_since(0) if w.kind in ("vocab", "setting")]
        report = old.records.merge(seeds, source="新保密库")
        assert report.conflicts == [] and old.records.conflict_count() == 0
        old_seeds = [w for _, w in old.records.writes_since(0) if w.kind in ("vocab", "setting")]
        new.records.merge(old_seeds, source="旧保密库")
        assert new.records.conflict_count() == 0
        for vault in (old, new):
            entries = vault.records.list(VocabEntry)
            assert vocabulary_values(entries, "round_kind") == ["常规", "专项", "机动"]
            assert vocabulary_values(entries, "round_kind", active_only=False)[3:] == ["交叉", "提级", "回头看"]


def test_a_round_of_the_old_kind_arriving_later_is_left_as_written() -> None:
    """The move is pure and idempotent: units with a mode keep it; deleted records are left alone."""
    rnd = Round(id="r1", title="第三轮", kind="交叉")
    gone = Round(id="r2", title="删", kind="提级", deleted=True)
    units = [Unit(id="u1", name="甲", round_id="r1"), Unit(id="u2", name="乙", round_id="r1", mode="本级"),
             Unit(id="u3", name="丙", round_id="r2"), Unit(id="u4", name="丁", round_id="r1", deleted=True)]
    moved = retired_kind_moves([rnd, gone], units)
    assert [(r.id, getattr(r, "kind", None) or getattr(r, "mode", None)) for r in moved] == [("r1", "常规"),
                                                                                              ("u1", "交叉")]
    assert rnd.kind == "交叉"  # copies, not the inputs
    after = {r.id: r for r in moved}
    assert retired_kind_moves([after["r1"], gone], [after["u1"], *units[1:]]) == []
