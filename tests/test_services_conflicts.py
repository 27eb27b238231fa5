"""app/services/conflicts.py on real vaults: two devices edit one lead, the import leaves conflicts,
the service lists them as data (raw values, devices, referenced records) and resolves one."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.records import Lead, Unit
from app.exchange.package import (
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    public_document,
    trust,
)
from app.services import conflicts
from app.storage.errors import VaultError
from app.storage.vault import Vault


def enrol(receiver: Vault, sender: Vault) -> None:
    trust(receiver, load_key_file(json.dumps(public_document(sender)).encode()))


def send(sender: Vault, receiver: Vault, path: Path) -> None:
    export_package(sender, path, parse_recipients(json.dumps(public_document(receiver)).encode()), kind="member")
    import_packages(receiver, [path])


@pytest.fixture
def diverged(make_vault: Callable[..., Vault], tmp_path: Path) -> tuple[Vault, Vault, Lead, Unit, Unit]:
    """Two team vaults with one lead; then each changes its summary and unit differently, and this
    vault imports the other's package."""
    mine, other = make_vault("mine.xcv", owner="组长"), make_vault("other.xcv", owner="组员乙")
    enrol(mine, other)
    enrol(other, mine)
    first = mine.records.save(Unit(name="市水务局"))
    second = mine.records.save(Unit(name="市住建局"))
    lead = mine.records.save(Lead(number="XS-1", subject_name="钱处长", source="个别谈话", summary="原摘要",
                                  unit_id=first.id))
    send(mine, other, tmp_path / "seed.age")
    theirs = other.records.get(lead.id, Lead)
    other.records.save(dataclasses.replace(theirs, summary="对方的摘要", unit_id=second.id))
    mine.records.save(dataclasses.replace(mine.records.get(lead.id, Lead), summary="本机的摘要"))
    other.records.save(dataclasses.replace(other.records.get(first.id, Unit), deleted=True))
    send(other, mine, tmp_path / "back.age")
    assert isinstance(lead, Lead) and isinstance(first, Unit) and isinstance(second, Unit)
    return mine, other, lead, first, second


def test_open_conflicts_are_typed_data_with_raw_values_and_devices(diverged: tuple[Vault, Vault, Lead, Unit, Unit]
                                                                   ) -> None:
    mine, other, lead, first, second = diverged
    found = {c.field: c for c in conflicts.open_conflicts(mine)}
    assert conflicts.conflict_count(mine) == len(found) >= 1
    summary = found["summary"]
    assert summary.record_id == lead.id and summary.kind == "lead" and summary.record_label == lead.label()
    assert not summary.deletion and summary.references == {}
    values = {v.value: v for v in summary.values}
    assert set(values) == {"本机的摘要", "对方的摘要"}
    assert summary.values[0].current and not any(v.current for v in summary.values[1:])
    here, there = values["本机的摘要"], values["对方的摘要"]
    assert here.this_device and here.device == mine.info.device_id and here.author == "组长"
    assert not there.this_device and there.device == other.info.device_id and there.owner == "组员乙"


def test_a_reference_conflict_names_the_records_it_points_to(
        diverged: tuple[Vault, Vault, Lead, Unit, Unit], make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    mine, other, lead, first, second = diverged
    # This vault now changes the unit too, concurrently with the other's change already merged
    # above: a third device's write makes the unit field disagree.
    third = make_vault("third.xcv", owner="组员丙")
    enrol(third, mine)
    enrol(mine, third)
    send(mine, third, tmp_path / "to-third.age")
    extra = third.records.save(Unit(name="市财政局"))
    third.records.save(dataclasses.replace(third.records.get(lead.id, Lead), unit_id=extra.id))
    mine.records.save(dataclasses.replace(mine.records.get(lead.id, Lead), unit_id=first.id))
    send(third, mine, tmp_path / "from-third.age")
    unit = next(c for c in conflicts.open_conflicts(mine) if c.field == "unit_id")
    assert {v.value for v in unit.values} >= {first.id, extra.id}
    assert unit.references[extra.id] == "市财政局"
    # Deleted by the other vault, the unit is still found (a tombstone keeps its label).
    assert unit.references[first.id] == "市水务局"
    assert set(unit.references) == {v.value for v in unit.values}


def test_resolve_settles_the_conflict_and_keeps_the_chosen_value(diverged: tuple[Vault, Vault, Lead, Unit, Unit]
                                                                 ) -> None:
    mine, _other, lead, _first, _second = diverged
    before = conflicts.conflict_count(mine)
    conflicts.resolve(mine, lead.id, "summary", "合并后的摘要")
    assert conflicts.conflict_count(mine) == before - 1
    assert all(c.field != "summary" for c in conflicts.open_conflicts(mine))
    resolved = mine.records.get(lead.id, Lead)
    assert isinstance(resolved, Lead) and resolved.summary == "合并后的摘要"


def test_resolving_a_field_without_a_conflict_is_refused_as_a_typed_error(
        diverged: tuple[Vault, Vault, Lead, Unit, Unit]) -> None:
    mine, _other, lead, _first, _second = diverged
    with pytest.raises(VaultError):
        conflicts.resolve(mine, "no-such-record", "summary", "x")
