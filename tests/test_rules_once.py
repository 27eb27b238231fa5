"""The rules that several places use, each written once in app/domain/rules.py; and typed record reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.domain import rules
from app.domain.records import (
    Interview,
    Lead,
    Paper,
    Person,
    Problem,
    Record,
    Rectification,
    Setting,
    Team,
    Unit,
    VocabEntry,
    number_of,
    team_id_of,
    unit_id_of,
)
from app.domain.rules import Deadlines, Due
from app.domain.vocab import SEED
from app.storage.errors import RecordNotFound
from app.storage.vault import Vault

TODAY = dt.date(2024, 12, 1)


def deadlines(**days: int) -> Deadlines:
    return Deadlines({f"deadline.{k}": v for k, v in days.items()}, lambda: TODAY)


# --- done and due -------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "done"), [("已完成", True), ("已销号", True), ("整改中", False),
                                              ("长期坚持", False), ("未启动", False), ("", False)])
def test_rectification_done(status: str, done: bool) -> None:
    item = Rectification(title="t", measures="m", status=status, deadline=dt.date(2024, 1, 1))
    assert rules.rectification_done(item) is done
    assert deadlines().due(item) is (Due.DONE if done else Due.OVERDUE)


def test_rectification_due_states_around_today() -> None:
    d = deadlines(due_soon_days=7)
    state = {day: d.due(Rectification(title="t", measures="m", status="整改中", deadline=day))
             for day in (TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=7),
                         TODAY + dt.timedelta(days=8))}
    assert list(state.values()) == [Due.OVERDUE, Due.SOON, Due.SOON, Due.OK]
    assert d.due(Rectification(title="t", measures="m", status="整改中")) is Due.NONE
    assert d.overdue(Rectification(title="t", measures="m", status="整改中", deadline=TODAY - dt.timedelta(1)))
    assert not d.overdue(Rectification(title="t", measures="m", status="整改中", deadline=TODAY))


def test_lead_feedback_deadline_counts_months_or_days() -> None:
    lead = Lead(subject_name="s", source="来信", summary="x", transferred_at=dt.date(2024, 11, 30))
    assert rules.lead_feedback_deadline(lead, 90) == dt.date(2025, 2, 28)  # 3 months, clamped to the month's end
    assert rules.lead_feedback_deadline(lead, 45) == dt.date(2025, 1, 14)  # not a multiple of 30: days
    assert rules.lead_feedback_deadline(Lead(subject_name="s"), 90) is None  # not handed over
    far = Lead(subject_name="s", transferred_at=dt.date(9999, 12, 1))
    assert rules.lead_feedback_deadline(far, 90) is None  # beyond the calendar: no deadline, no crash
    assert deadlines().due(far) is Due.NONE


@pytest.mark.parametrize(("fields", "state"), [({"status": "已反馈"}, Due.SOON), ({"status": "已了结"}, Due.DONE),
                                               ({"feedback_at": dt.date(2024, 9, 1)}, Due.SOON),
                                               ({"closed_at": dt.date(2024, 9, 1)}, Due.DONE),
                                               ({"status": "已移交"}, Due.OVERDUE)])
def test_lead_feedback_then_closure(fields: dict[str, Any], state: Due) -> None:
    """Until the result is back a lead is held to its feedback deadline (3 months: 2024-09-01, passed);
    then to its conclusion (6 months: 2024-12-01, today: due soon); concluded, it is done."""
    lead = Lead(subject_name="s", transferred_at=dt.date(2024, 6, 1), **fields)
    assert rules.lead_feedback_done(lead) is (state is not Due.OVERDUE)
    assert deadlines().due(lead) is state
    # a longer local feedback rule (200 days: due 2024-12-18) makes the unanswered lead "due soon" instead
    assert deadlines(lead_feedback_days=200, due_soon_days=30).due(lead) is (
        Due.SOON if state is Due.OVERDUE else state)


def test_lead_closure_never_beyond_the_longest_allowed() -> None:
    lead = Lead(subject_name="s", status="已反馈", transferred_at=dt.date(2024, 1, 15))
    assert deadlines().lead_close_due(lead) == dt.date(2024, 7, 15)  # 180 days: 6 months
    assert deadlines(lead_close_days=400).lead_close_due(lead) == dt.date(2025, 1, 14)  # capped: 365 days (leap year)
    assert deadlines(lead_close_days=400, lead_close_max_days=200).lead_close_due(lead) == dt.date(2024, 8, 2)
    assert deadlines().due(lead) is Due.OVERDUE  # fed back, not concluded in 6 months


def test_deadlines_read_settings_and_fall_back_on_a_refused_value() -> None:
    settings = [Setting(key="deadline.lead_feedback_days", value="200"), Setting(key="deadline.due_soon_days",
                                                                                value="太久")]
    d = Deadlines.from_settings(settings, lambda: TODAY)
    assert d.days["deadline.lead_feedback_days"] == 200
    assert d.soon_days == 7  # the default stands
    assert [p.key for p in d.problems_for("rectification")] == ["deadline.due_soon_days"]
    assert d.due(Problem(title="p", heading="h", description="d")) is Due.NONE  # no deadline for other kinds


def test_paper_signed_and_report_months() -> None:
    assert [rules.paper_signed(Paper(title="t", state=s)) for s in ("草稿", "组务会审核", "组长签字", "归档")] \
        == [False, False, True, True]
    assert [rules.report_months(d) for d in (1, 44, 45, 60, 90, 3650)] == [1, 1, 2, 2, 3, 122]


# --- vocabularies -------------------------------------------------------------------------------


def entry(value: str, ord: int | None, active: bool = True, vocabulary: str = "rect_status") -> VocabEntry:
    return VocabEntry(vocabulary=vocabulary, value=value, ord=ord, active=active)


def test_vocabulary_order_and_the_one_active_rule() -> None:
    entries: list[Record] = [entry("乙", None), entry("丙", 2), entry("甲", 1), entry("停用", 0, active=False),
                             entry("", 3), entry("甲", 5), entry("别的", 0, vocabulary="grade")]
    assert rules.vocabulary_values(entries, "rect_status") == ["甲", "丙", "乙"]  # by ord, unordered last, once
    assert rules.vocabulary_values(entries, "rect_status", active_only=False) == ["停用", "甲", "丙", "乙"]
    assert rules.vocabulary_values([], "rect_status") == list(SEED["rect_status"][2])  # none stored: the seed
    assert rules.vocabulary_values([entry("停用", 0, active=False)], "rect_status") == []  # all retired: none
    every = rules.vocabularies(entries)
    assert every["rect_status"] == ["甲", "丙", "乙"] and every["grade"] == ["别的"]
    assert every["lead_status"] == list(SEED["lead_status"][2])


def test_the_editor_and_the_overview_read_vocabularies_by_the_rule(vault: Vault) -> None:
    from app.services.editing import vocabulary_values as editor_values
    from app.services.overview import vocab_order

    seeded = vault.records.list(VocabEntry, where={"vocabulary": "rect_status", "value": "长期坚持"})
    assert len(seeded) == 1
    vault.records.save(VocabEntry(**{**vars(seeded[0]), "active": False}))
    vault.records.save(entry("暂缓", None))
    stored = vault.records.list(VocabEntry)
    active = rules.vocabularies(stored)["rect_status"]
    assert active == ["未启动", "整改中", "已完成", "已销号", "暂缓"]
    assert editor_values(vault, "rect_status") == active
    assert vocab_order(vault, "rect_status") == ["未启动", "整改中", "已完成", "已销号", "长期坚持", "暂缓"]


# --- typed reads --------------------------------------------------------------------------------


def test_typed_reads_return_the_kind_asked_for(vault: Vault) -> None:
    records = vault.records
    team = records.save(Team(name="第一巡察组"))
    unit = records.save(Unit(name="市水务局", team_id=team.id))
    person = records.save(Person(name="周局长", unit_id=unit.id))
    units = records.list(Unit)
    assert [u.name for u in units] == ["市水务局"] and all(type(u) is Unit for u in units)
    assert [p.unit_id for p in records.iter(Person)] == [unit.id]
    assert records.get(unit.id, Unit).team_id == team.id
    assert records.list("unit") == units  # the storage name still works
    assert records.find(unit.id, Person) is None  # another kind: not found
    with pytest.raises(RecordNotFound):
        records.get(unit.id, Person)
    assert [r.id for r in records.get_many(Person, [person.id, unit.id])] == [person.id]
    assert (unit_id_of(person), team_id_of(unit), unit_id_of(team), team_id_of(person)) == (unit.id, team.id, None,
                                                                                            None)
    assert number_of(Interview(number="T-1")) == "T-1" and number_of(team) == ""
