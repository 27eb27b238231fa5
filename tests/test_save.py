"""The local save path (``RecordStore.save_many``): one read of the existing rows per batch,
no read-back, and exactly the content the general write path (a merge elsewhere) makes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from app.domain.records import Interview, Lead, Petition, Record, Unit
from app.storage.store import FieldWrite
from app.storage.vault import Vault


def writes_of(vault: Vault) -> list[FieldWrite]:
    return [w for _, w in vault.records.writes_since(0)]


def reread(vault: Vault, saved: list[Record]) -> list[Record]:
    return [vault.records.get(r.id) for r in saved]


def test_saved_records_are_what_a_read_returns(vault: Vault) -> None:
    """What save_many returns equals what get reads, for new and existing records alike:
    stamps filled in, values as their columns keep them (a datetime loses its seconds)."""
    at = dt.datetime(2024, 3, 1, 9, 30, 45, 123456)
    new = [
        Interview(interviewee="王某", time=at, interviewers=["a", "b"], outline=[{"q": "问", "a": "答"}],
                  confirmed=True, content="谈话内容"),
        Petition(summary="反映问题", received_at=at, anonymous=True),
        Unit(name="粮食局", headcount=12, entry_date=dt.date(2024, 3, 1)),
        Lead(subject_name="某某", deleted=True),
    ]
    saved = vault.records.save_many(new)
    assert saved == reread(vault, saved)
    interview = saved[0]
    assert isinstance(interview, Interview)
    assert interview.id and interview.created == interview.updated
    assert interview.time == at.replace(second=0, microsecond=0)

    unit = saved[2]
    assert isinstance(unit, Unit)
    edited = [
        dataclasses.replace(interview, content="改过的内容", confirmed_at=at),
        dataclasses.replace(unit, headcount=13),
        saved[1],  # unchanged: returned as stored, nothing written
        dataclasses.replace(saved[3], deleted=False),
        Unit(name="新单位"),
    ]
    seq = vault.records.last_seq
    again = vault.records.save_many(edited)
    assert again == reread(vault, again)
    assert again[2] == saved[1]
    assert again[0].updated > interview.updated and again[0].created == interview.created
    assert again[3].deleted is False
    # One write per changed field, and none for the unchanged record.
    fields = sorted((w.record_id, w.field) for _, w in vault.records.writes_since(seq) if w.record_id != again[4].id)
    assert fields == sorted([(interview.id, "content"), (interview.id, "confirmed_at"),
                             (unit.id, "headcount"), (saved[3].id, "deleted")])


def test_a_record_given_twice_in_one_batch_is_saved_in_order(vault: Vault) -> None:
    unit = vault.records.save(Unit(name="粮食局", address="人民路"))
    first = dataclasses.replace(unit, name="粮食和物资储备局")
    second = dataclasses.replace(unit, address="解放路")  # made from the old record: its name is the old one
    one, two = vault.records.save_many([first, second])
    assert one == two == vault.records.get(unit.id)  # both returned as the batch left the record
    assert (two.name, two.address) == ("粮食局", "解放路")  # type: ignore[attr-defined]
    names = [v.value for v in vault.records.versions(unit.id, "name")]
    assert names == ["粮食局", "粮食和物资储备局", "粮食局"]
    assert [v.head for v in vault.records.versions(unit.id, "name")] == [True, False, False]
    entries = [e for e in vault.journal.entries(unit.id) if e.action == "update"]
    assert [e.changes for e in reversed(entries)] == [
        {"name": ["粮食局", "粮食和物资储备局"]},
        {"name": ["粮食和物资储备局", "粮食局"], "address": ["人民路", "解放路"]},
    ]
    assert vault.audit_problems() == []


def test_local_updates_match_the_same_writes_merged(make_vault: Callable[..., Vault]) -> None:
    """Edits saved in bulk (a conflicted field edited, a record edited twice, a delete) leave the
    same versions, rows and open conflicts as the same writes merged through the general path."""
    a, b, c = make_vault("a.xcv", owner="甲"), make_vault("b.xcv", owner="乙"), make_vault("c.xcv", owner="丙")
    units = a.records.save_many([Unit(name=f"单位{i}", address="人民路") for i in range(4)])
    b.records.merge(writes_of(a))
    # A conflict on units[0].name: both edit it concurrently, then a learns of b's edit.
    a.records.save(dataclasses.replace(units[0], name="甲改"))
    b.records.save(dataclasses.replace(b.records.get(units[0].id), name="乙改"))
    # Equal concurrent values on units[3].address: two heads, no conflict yet.
    a.records.save(dataclasses.replace(units[3], address="同一地址"))
    b.records.save(dataclasses.replace(b.records.get(units[3].id), address="同一地址"))
    a.records.merge(writes_of(b))
    assert a.records.conflict_count() == 1

    current = [a.records.get(u.id) for u in units]
    changes: list[Any] = [
        dataclasses.replace(current[0], address="解放路"),  # the conflicted record, another field
        dataclasses.replace(current[1], name="单位1改"),
        dataclasses.replace(current[1], name="单位1再改", notes="两次"),
        dataclasses.replace(current[2], deleted=True),
        Unit(name="新建"),
    ]
    a.records.save_many(changes)
    assert a.records.conflict_count() == 1  # another field of the record: the conflict stays
    [conflict] = a.records.conflicts()
    # The loser's value written over the winner: no head disagrees any more.
    a.records.save(dataclasses.replace(a.records.get(units[0].id), name=conflict.losers[0].value))
    assert a.records.conflict_count() == 0
    # Editing one of two equal heads leaves the other head holding another value: a conflict.
    a.records.save(dataclasses.replace(a.records.get(units[3].id), address="甲的新地址"))
    assert [(x.field, x.losers[0].value) for x in a.records.conflicts()] == [("address", "同一地址")]

    c.records.merge(writes_of(a))
    assert a.records.content_digest() == c.records.content_digest()
    assert a.audit_problems() == []


def test_search_follows_bulk_updates(vault: Vault) -> None:
    petitions = vault.records.save_many([Petition(summary="反映招待费问题"), Petition(summary="反映公车私用")])
    vault.records.save_many([
        dataclasses.replace(petitions[0], summary="反映违规发放津贴"),
        dataclasses.replace(petitions[1], deleted=True),
    ])
    assert [h.record_id for h in vault.search("津贴")] == [petitions[0].id]
    assert vault.search("招待费") == []
    assert vault.search("公车") == []
    vault.records.save(dataclasses.replace(vault.records.get(petitions[1].id), deleted=False))
    assert [h.record_id for h in vault.search("公车")] == [petitions[1].id]
