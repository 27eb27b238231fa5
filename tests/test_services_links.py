"""Linking records (app/services/links.py, app/domain/links.py) on a real vault, no Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.links import RELATED, Choice, relation_seen_from, relations_between
from app.domain.records import (
    Document,
    Handover,
    Interview,
    Lead,
    Link,
    Paper,
    Problem,
    Rectification,
    Round,
    Team,
    Unit,
)
from app.services import editing, links
from app.storage.errors import RecordNotFound, RuleViolation
from app.storage.vault import Vault


def chain_start(vault: Vault) -> tuple[Unit, Team, Interview]:
    records = vault.records
    rnd = records.save(Round(title="2024年第一轮巡察", kind="常规"))
    team = records.save(Team(name="第三巡察组", round_id=rnd.id))
    unit = records.save(Unit(name="县粮食局", round_id=rnd.id, team_id=team.id))
    interview = records.save(Interview(interviewee="周局长", unit_id=unit.id, team_id=team.id, kind="必谈",
                                       time=dt.datetime(2024, 3, 10, 9, 30),
                                       summary="反映仓储项目招标中存在围标串标问题", content="问：……"))
    return unit, team, interview


def test_the_relations_offered_depend_on_the_two_kinds() -> None:
    assert relations_between("interview", "lead") == [Choice("引出线索", True), Choice("佐证材料", False),
                                                      Choice(RELATED, True)]
    assert relations_between("lead", "interview") == [Choice("引出线索", False), Choice("佐证材料", True),
                                                      Choice(RELATED, True)]
    assert relations_between("lead", "handover")[0] == Choice("移交线索", False)
    assert relations_between("problem", "rectification")[0] == Choice("整改事项", True)
    assert relations_between("interview", "handover") == [Choice(RELATED, True)]
    assert relations_between("interview", "member") == []  # a team member is not part of the work's chain
    assert relation_seen_from("引出线索", True) == "引出线索" and relation_seen_from("引出线索", False) == "线索来源"
    assert relation_seen_from("整改事项", False) == "对应问题"


def test_link_is_shown_from_both_sides_and_unlink_tombstones_it(vault: Vault) -> None:
    _unit, _team, interview = chain_start(vault)
    lead = vault.records.save(Lead(subject_name="钱处长", source="个别谈话", summary="插手工程"))
    before = vault.records.last_seq
    link = links.link_records(vault, lead.id, interview.id, "引出线索", outgoing=False)
    assert (link.src_id, link.dst_id) == (interview.id, lead.id)  # the chain's direction, whichever side asked
    assert vault.records.last_seq > before  # a journalled write, carried by the next package
    [from_interview] = links.links_of(vault, interview.id)
    [from_lead] = links.links_of(vault, lead.id)
    assert (from_interview.wording, from_interview.other_id, from_interview.other_kind) == ("引出线索", lead.id, "lead")
    assert (from_lead.wording, from_lead.other_id, from_lead.outgoing) == ("线索来源", interview.id, False)
    assert links.link_records(vault, interview.id, lead.id, "引出线索").id == link.id  # not twice

    links.unlink(vault, link.id)
    assert links.links_of(vault, interview.id) == [] == links.links_of(vault, lead.id)
    stored = vault.records.find(link.id)
    assert isinstance(stored, Link) and stored.deleted  # a tombstone, not a row removed
    assert any(w.record_id == link.id and w.field == "deleted" for _seq, w in vault.records.writes_since(before))


def test_a_link_the_kinds_do_not_allow_is_refused_and_nothing_is_written(vault: Vault) -> None:
    _unit, _team, interview = chain_start(vault)
    problem = vault.records.save(Problem(title="招标不规范", heading="落实全面从严治党战略部署", description="……"))
    before = vault.records.last_seq
    with pytest.raises(RuleViolation, match="不能用于这两类记录之间"):
        links.link_records(vault, interview.id, problem.id, "整改事项")
    with pytest.raises(RuleViolation, match="自身"):
        links.link_records(vault, interview.id, interview.id, RELATED)
    with pytest.raises(RuleViolation, match="没有“随便”这种关联类型"):
        links.link_records(vault, interview.id, problem.id, "随便")
    vault.records.delete(problem.id)
    before = vault.records.last_seq
    with pytest.raises(RecordNotFound):
        links.link_records(vault, interview.id, problem.id, RELATED)
    with pytest.raises(RecordNotFound):
        links.unlink(vault, interview.id)  # not a link
    assert vault.records.last_seq == before


def test_linkable_records_put_the_chain_first_and_narrow_by_text(vault: Vault) -> None:
    unit, team, interview = chain_start(vault)
    lead = vault.records.save(Lead(number="XS-007", subject_name="钱处长", source="来信", summary="插手粮库工程",
                                   unit_id=unit.id))
    other = vault.records.save(Lead(subject_name="孙科长", source="来信", summary="公车私用"))
    problem = vault.records.save(Problem(title="食堂超标", heading="落实全面从严治党战略部署", description="……"))
    second = vault.records.save(Interview(interviewee="吴书记", kind="必谈", time=dt.datetime(2024, 3, 11, 9, 0)))
    everything = links.linkable_records(vault, interview.id)
    ids = [c.id for c in everything]
    assert interview.id not in ids and {lead.id, other.id, problem.id, second.id} <= set(ids)
    assert ids.index(lead.id) < ids.index(problem.id) and ids.index(other.id) < ids.index(second.id)
    first = next(c for c in everything if c.id == lead.id)
    assert first.unit == "县粮食局" and first.choices[0] == Choice("引出线索", True) and first.linked == ()

    assert [c.id for c in links.linkable_records(vault, interview.id, "粮库")] == [lead.id]  # by the index
    assert [c.id for c in links.linkable_records(vault, interview.id, "xs-007")] == [lead.id]  # by its label
    links.link_records(vault, interview.id, lead.id, "引出线索")
    again = next(c for c in links.linkable_records(vault, interview.id, "粮库") if c.id == lead.id)
    assert again.linked == ("引出线索",)


def test_new_and_link_walks_the_chain_with_prefilled_records(vault: Vault) -> None:
    unit, team, interview = chain_start(vault)

    ctx = editing.new_linked_context(vault, interview.id, "lead")
    assert ctx.is_new and isinstance(ctx.record, Lead)
    assert (ctx.record.unit_id, ctx.record.team_id, ctx.record.source) == (unit.id, team.id, "个别谈话")
    assert ctx.record.summary == interview.summary and ctx.record.received_at == dt.date(2024, 3, 10)
    assert ctx.pending_link == links.PendingLink(interview.id, "引出线索", outgoing=False)
    lead = editing.save_record(vault, ctx.record, {"subject_name": "钱处长"}, link=ctx.pending_link)
    assert [(v.wording, v.other_id) for v in lead.linked] == [("线索来源", interview.id)]

    ctx = editing.new_linked_context(vault, lead.record.id, "paper")
    assert isinstance(ctx.record, Paper)
    assert (ctx.record.unit_id, ctx.record.title, ctx.record.facts) == (unit.id, interview.summary, interview.summary)
    paper = editing.save_record(vault, ctx.record, {"heading": "落实全面从严治党战略部署", "state": "草稿",
                                                    "responsibility": "局长钱某负直接责任"}, link=ctx.pending_link)

    ctx = editing.new_linked_context(vault, paper.record.id, "problem")
    assert isinstance(ctx.record, Problem)
    assert (ctx.record.title, ctx.record.heading, ctx.record.team_id) == (
        interview.summary, "落实全面从严治党战略部署", team.id)
    assert ctx.record.responsibility == ""  # named responsibility stays in the paper
    problem = editing.save_record(vault, ctx.record, {}, link=ctx.pending_link)

    ctx = editing.new_linked_context(vault, problem.record.id, "rectification")
    assert isinstance(ctx.record, Rectification)
    assert (ctx.record.problem_id, ctx.record.unit_id, ctx.record.status) == (problem.record.id, unit.id, "未启动")
    item = editing.save_record(vault, ctx.record, {"measures": "重新组织招标"}, link=ctx.pending_link)
    assert [(v.wording, v.other_id) for v in item.linked] == [("对应问题", problem.record.id)]
    assert [v.wording for v in links.links_of(vault, problem.record.id)] == ["来源底稿", "整改事项"]

    ctx = editing.new_linked_context(vault, lead.record.id, "handover")
    assert isinstance(ctx.record, Handover) and ctx.record.title.startswith("钱处长问题线索")
    handover = editing.save_record(vault, ctx.record, {}, link=ctx.pending_link)
    [view] = links.links_of(vault, handover.record.id)
    assert (view.relation, view.outgoing, view.wording) == ("移交线索", True, "移交线索")


def test_a_refused_new_record_makes_no_link_and_an_unoffered_kind_is_refused(vault: Vault) -> None:
    _unit, _team, interview = chain_start(vault)
    ctx = editing.new_linked_context(vault, interview.id, "lead")
    before = vault.records.last_seq
    pending = links.PendingLink(interview.id, "形成问题", outgoing=False)  # not a relation of these kinds
    with pytest.raises(RuleViolation):
        editing.save_record(vault, ctx.record, {"subject_name": "钱处长"}, link=pending)
    assert vault.records.last_seq == before and vault.records.count("lead") == 0  # all or nothing
    with pytest.raises(RuleViolation):
        links.new_linked(vault, interview.id, "rectification")
    doc = vault.records.save(Document(title="2023年党组会议记录"))
    assert links.new_linked(vault, doc.id, "lead").initial["source"] == "调阅资料"
