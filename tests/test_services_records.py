"""What a record list loads, deleting and restoring (app/services/records.py), and the search the
window runs (app/services/search.py), on real vaults, without Qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app import demo
from app.domain.jobs import Cancelled
from app.domain.records import Interview, Lead, Petition, Rectification, Setting, Unit
from app.services.records import delete_records, load_list, record_labels, restore_records
from app.services.search import SEARCH_LIMIT, search
from app.storage.kdf import TEST_PARAMS
from app.storage.search import MARK_END, MARK_START
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int]]]:
    vault = Vault.create(tmp_path_factory.mktemp("demo") / "team.xcv", PASSPHRASE, owner="演示", kdf=TEST_PARAMS)
    counts = demo.fill(vault, scale="team", seed=1)
    yield vault, counts
    vault.close()


# --- listing -------------------------------------------------------------------------------------


def test_a_list_loads_its_records_the_labels_it_refers_to_and_the_settings(
        demo_vault: tuple[Vault, dict[str, int]]) -> None:
    vault, made = demo_vault
    steps: list[tuple[int, int]] = []
    loaded = load_list(vault, "rectification", label_kinds=("unit", "problem"), with_settings=True,
                       progress=lambda done, total: steps.append((done, total)))
    assert len(loaded.records) == made["rectifications"] == 89
    assert all(isinstance(r, Rectification) for r in loaded.records)
    units = vault.records.list(Unit)
    assert loaded.labels["unit"] == {u.id: u.name for u in units} and len(units) == made["units"]
    assert len(loaded.labels["problem"]) == made["problems"]
    # every unit a rectification item names has its label: the column shows names, not ids
    named = {r.unit_id for r in loaded.records if isinstance(r, Rectification) and r.unit_id}
    assert named and named <= set(loaded.labels["unit"])
    assert loaded.settings is not None and {s.key for s in loaded.settings} == {
        s.key for s in vault.records.list(Setting)}
    assert steps == [(1, 3), (2, 3), (3, 3)]

    plain = load_list(vault, "petition")
    assert len(plain.records) == made["petitions"] and plain.labels == {} and plain.settings is None


def test_a_cancel_raised_by_progress_stops_the_load(demo_vault: tuple[Vault, dict[str, int]]) -> None:
    vault, _made = demo_vault

    def cancel(_done: int, _total: int) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        load_list(vault, "lead", label_kinds=("unit",), progress=cancel)


def test_record_labels_leave_deleted_records_out(vault: Vault) -> None:
    kept = vault.records.save(Unit(name="市水务局"))
    gone = vault.records.save(Unit(name="市粮食局"))
    vault.records.delete(gone.id)
    assert record_labels(vault, ["unit", "team"]) == {"unit": {kept.id: "市水务局"}, "team": {}}


def test_delete_then_restore(vault: Vault) -> None:
    leads = [vault.records.save(Lead(subject_name=f"对象{i}", summary="插手工程项目")) for i in range(3)]
    ids = [leads[0].id, leads[2].id]
    assert delete_records(vault, ids) == ids
    assert [r.id for r in load_list(vault, "lead").records] == [leads[1].id]
    shown = load_list(vault, "lead", include_deleted=True).records
    assert {r.id: r.deleted for r in shown} == {leads[0].id: True, leads[1].id: False, leads[2].id: True}
    assert search(vault, "插手工程") and {h.record_id for h in search(vault, "插手工程")} == {leads[1].id}
    assert delete_records(vault, ids) == ids  # deleting again changes nothing
    assert restore_records(vault, [leads[0].id]) == [leads[0].id]
    assert {r.id for r in load_list(vault, "lead").records} == {leads[0].id, leads[1].id}
    restored = vault.records.get(leads[0].id, Lead)
    assert (restored.subject_name, restored.summary, restored.deleted) == ("对象0", "插手工程项目", False)
    actions = [e.action for e in vault.journal.entries(leads[0].id)]
    assert actions == ["restore", "delete", "create"]  # newest first; the second delete wrote nothing


# --- search --------------------------------------------------------------------------------------


def test_search_finds_the_records_holding_the_text(vault: Vault) -> None:
    r = vault.records
    meal = r.save(Petition(channel="来信", summary="局机关超标准公务招待，招待用酒昂贵"))
    talk = r.save(Interview(interviewee="张某", kind="必谈", summary="谈及公务招待未附公函"))
    r.save(Petition(channel="来信", summary="公车私用"))
    hits = search(vault, "招待")
    assert [h.record_id for h in hits] == [meal.id, talk.id]  # more mentions first
    assert hits[0].kind == "petition" and MARK_START + "招待" + MARK_END in hits[0].snippet
    assert [h.record_id for h in search(vault, "招待", kinds=("interview",))] == [talk.id]
    assert search(vault, "   ") == [] and search(vault, "") == []


def test_search_stops_at_its_limit(demo_vault: tuple[Vault, dict[str, int]]) -> None:
    vault, _made = demo_vault
    everything = vault.search("的", limit=10_000)
    assert len(everything) > SEARCH_LIMIT  # the demo holds more than a page of hits: the limit matters
    hits = search(vault, "的")
    assert len(hits) == SEARCH_LIMIT and [h.record_id for h in hits] == [h.record_id for h in everything][:SEARCH_LIMIT]
    assert len(search(vault, "的", limit=7)) == 7
