"""The record editor's services (app/services/editing.py, app/services/history.py) on a real vault, no Qt."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from pathlib import Path

import pytest

from app.domain.jobs import Cancelled
from app.domain.records import (
    Attachment,
    Interview,
    Lead,
    Member,
    Paper,
    Person,
    Team,
    Unit,
    VocabEntry,
    kind_spec,
)
from app.domain.vocab import PAPER_DRAFT, PAPER_REVIEW
from app.services import editing, history
from app.storage.blobs import CHUNK_SIZE
from app.storage.errors import RuleViolation
from app.storage.vault import Vault


def interview_with_team(vault: Vault) -> tuple[Interview, list[Member], Unit, Person]:
    records = vault.records
    team = records.save(Team(name="第一巡察组"))
    members = [records.save(Member(name=n, team_id=team.id, role="组员")) for n in ("王组长", "李组员")]
    unit = records.save(Unit(name="市水务局"))
    person = records.save(Person(name="周局长", unit_id=unit.id))
    interview = records.save(Interview(interviewee="周局长", unit_id=unit.id, person_id=person.id, kind="个别谈话",
                                       time=dt.datetime(2024, 3, 10, 9, 30), interviewers=[m.id for m in members]))
    return interview, members, unit, person


def test_context_of_an_interview(vault: Vault) -> None:
    interview, members, unit, person = interview_with_team(vault)
    lead = vault.records.save(Lead(subject_name="张某", source="来信", summary="超标准接待", unit_id=unit.id))
    vault.records.link(interview.id, lead.id, "引出线索")
    gone = vault.records.save(Member(name="赵已调离", role="组员"))
    vault.records.save(dataclasses.replace(interview, recorders=[gone.id]))
    vault.records.delete(gone.id)
    vault.attach(interview.id, io.BytesIO(b"scan"), "扫描件.pdf")

    ctx = editing.load_editor_context(vault, "", interview.id)  # the kind read from the id
    assert ctx.spec.name == "interview" and ctx.record.id == interview.id and not ctx.is_new
    assert ctx.vocab["interview_kind"] == editing.vocabulary_values(vault, "interview_kind") != []
    assert [i for i, _label in ctx.options["member"]] == [m.id for m in members]  # deleted ones are not offered
    assert ctx.options["unit"] == [(unit.id, "市水务局")]
    assert ctx.ref_labels == {gone.id: editing.RefTarget("member", "赵已调离", deleted=True)}
    assert [(v.other_id, v.other_kind, v.other_label, v.wording) for v in ctx.linked] == [
        (lead.id, "lead", "张某", "引出线索")]
    assert [a.filename for a in ctx.attachments] == ["扫描件.pdf"]
    assert set(ctx.recusal.members) == {m.id for m in members} and ctx.recusal.people[person.id] == person
    assert ctx.recusal.units[unit.id].name == "市水务局"


def test_context_of_a_new_record_and_an_attachment(vault: Vault) -> None:
    new = editing.load_editor_context(vault, "lead", None, {"subject_name": "预填"})
    assert new.is_new and isinstance(new.record, Lead) and new.record.subject_name == "预填"
    assert new.linked == [] and new.attachments == [] and new.recusal == editing.Recusal()
    unit = vault.records.save(Unit(name="粮食局"))
    attachment = vault.attach(unit.id, io.BytesIO(b"x"), "a.txt")
    ctx = editing.load_editor_context(vault, "attachment", attachment.id)
    # An attachment's owner may be any kind: its kind is named; an attachment has no attachments.
    assert ctx.ref_labels[unit.id] == editing.RefTarget("unit", "粮食局", any_kind=True)
    assert ctx.attachments == []


def test_vocabulary_values_follow_the_one_rule(vault: Vault) -> None:
    [entry] = vault.records.list(VocabEntry, where={"vocabulary": "rect_status", "value": "长期坚持"})
    vault.records.save(dataclasses.replace(entry, active=False))
    assert "长期坚持" not in editing.vocabulary_values(vault, "rect_status")
    assert editing.vocabulary_values(vault, "rect_status")[0] == "未启动"


def test_save_record_and_the_papers_second_save(vault: Vault) -> None:
    unit = vault.records.save(Unit(name="粮食局"))
    paper = editing.load_editor_context(vault, "paper").record
    values = {"title": "超标准公务接待", "heading": "落实全面从严治党战略部署", "facts": "三次超标准接待",
              "state": PAPER_DRAFT, "unit_id": unit.id}
    saved = editing.save_record(vault, paper, values, then_state=PAPER_REVIEW)
    assert isinstance(saved.record, Paper) and saved.record.state == PAPER_REVIEW
    assert vault.records.get(saved.record.id, Paper).state == PAPER_REVIEW
    assert saved.linked == []
    lead = vault.records.save(Lead(subject_name="李某", source="来信", summary="线索"))
    vault.records.link(lead.id, saved.record.id, "形成底稿")
    again = editing.save_record(vault, saved.record, {"notes": "补充"})
    assert again.record.notes == "补充"
    assert [(v.other_id, v.other_kind, v.other_label, v.wording) for v in again.linked] == [
        (lead.id, "lead", "李某", "来源线索")]  # read from the paper
    # A move the rules refuse saves nothing of it: the state stays.
    with pytest.raises(RuleViolation):
        editing.save_record(vault, again.record, {}, then_state="归档")
    assert vault.records.get(saved.record.id, Paper).state == PAPER_REVIEW


def test_attach_files_reports_bytes_over_all_files_and_a_cancel_rolls_back(vault: Vault, tmp_path: Path) -> None:
    unit = vault.records.save(Unit(name="粮食局"))
    small, big = tmp_path / "甲.txt", tmp_path / "乙.bin"
    small.write_bytes(b"abc")
    big.write_bytes(random.Random(1).randbytes(2 * CHUNK_SIZE + 5))
    total = 3 + 2 * CHUNK_SIZE + 5
    seen: list[tuple[int, int]] = []
    added = editing.attach_files(vault, unit.id, [small, big], progress=lambda d, t: seen.append((d, t)))
    assert [a.filename for a in added] == ["甲.txt", "乙.bin"] and all(isinstance(a, Attachment) for a in added)
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen) and {t for _d, t in seen} == {total}
    assert editing.read_attachment(vault, added[1]) == big.read_bytes()

    def stop(done: int, _total: int) -> None:
        if done > 3 + CHUNK_SIZE:
            raise Cancelled()

    with pytest.raises(Cancelled):
        editing.attach_files(vault, unit.id, [small, big], progress=stop)
    # The first file was stored whole before the cancel; the one being stored is rolled back.
    assert [a.filename for a in editing.attachments_of(vault, unit.id)] == ["甲.txt", "乙.bin", "甲.txt"]
    assert vault.check().ok


def test_save_attachment_copy_reports_the_size(vault: Vault, tmp_path: Path) -> None:
    unit = vault.records.save(Unit(name="粮食局"))
    data = random.Random(4).randbytes(CHUNK_SIZE + 7)
    attachment = vault.attach(unit.id, io.BytesIO(data), "证据.bin")
    seen: list[tuple[int, int]] = []
    dest = tmp_path / "副本.bin"
    editing.save_attachment_copy(vault, attachment, dest, progress=lambda d, t: seen.append((d, t)))
    assert dest.read_bytes() == data
    assert seen == [(CHUNK_SIZE, len(data)), (len(data), len(data))]


def test_history_changes_carry_values_and_reference_labels(vault: Vault) -> None:
    interview, members, _unit, _person = interview_with_team(vault)
    vault.records.save(dataclasses.replace(interview, place="第二会议室", interviewers=[members[1].id]))
    vault.records.delete(members[1].id)
    vault.records.save(dataclasses.replace(members[0], name="王组长（改）"))
    changes = history.load_history(vault, interview.id)
    update = {c.field: c for c in changes if c.action == "update"}
    place = update["place"]
    assert place.kind == "interview" and place.spec is not None and place.spec.name == "place"
    assert place.old is not None and place.new is not None and (place.old.value, place.new.value) == ("", "第二会议室")
    interviewers = update["interviewers"]
    assert interviewers.old is not None and interviewers.new is not None
    # Labels as the records read now; a deleted record still has its label (found as a tombstone).
    assert [r.label for r in interviewers.old.refs] == ["王组长（改）", "李组员"]
    assert [r.id for r in interviewers.new.refs] == [members[1].id]
    created = [c for c in changes if c.action == "create"]
    assert created and history.DELETED_FIELD not in {c.field for c in created}  # "not deleted" is no row
    assert changes[0].seq > changes[-1].seq  # newest first


def test_stored_value_of_a_record_no_longer_there_and_an_unreadable_value(vault: Vault) -> None:
    fs = kind_spec("interview").field("interviewers")
    labels: dict[str, str] = {}
    value = history.stored_value(vault, fs, '["01900000-0000-7000-8000-000000000000"]', labels)
    assert value.refs == (history.RefName("01900000-0000-7000-8000-000000000000", ""),) and value.readable
    when = kind_spec("interview").field("time")
    broken = history.stored_value(vault, when, "not a time", labels)
    assert not broken.readable and broken.value == "not a time"
    assert history.stored_value(vault, None, 3, labels) == history.StoredValue(None, 3, 3)

