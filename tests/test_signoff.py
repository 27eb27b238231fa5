"""Sign-off that means something, and recusal that holds (issue 12 items 4 and 7, docs/domain.md §3.2, §3.3).

A paper is signed only by the vault's owner acting as 组长, confirmed with the passphrase; a plain save
cannot sign, a signed paper's content is locked, 退回修改 goes back with a reason, 归档 locks everything.
An interview assignment that touches a declared relation needs the 组长's exception. Each refusal names
its own reason and leaves the vault as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain import rules
from app.domain.records import Interview, Member, Paper, Person, Round, Team, Unit
from app.domain.vocab import HEADINGS, PAPER_ARCHIVED, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED
from app.storage.errors import RuleViolation, WrongPassphrase
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.test_rules_in_storage import refused, snapshot

WHEN = dt.datetime(2024, 5, 6, 9, 30)


def team_of(vault: Vault, leader: str = "测试员") -> tuple[Team, Member, Member]:
    rnd = vault.records.save(Round(title="第五轮", kind="常规"))
    team = vault.records.save(Team(name="第三巡察组", round_id=rnd.id))
    boss, member = vault.records.save_many([Member(name=leader, team_id=team.id, role="组长"),
                                            Member(name="李组员", team_id=team.id, role="组员")])
    assert isinstance(team, Team) and isinstance(boss, Member) and isinstance(member, Member)
    return team, boss, member


def reviewed(vault: Vault, team: Team, number: str = "〔2024〕5巡-3组-01号") -> Paper:
    saved = vault.records.save(Paper(title="公务接待超标准", heading=HEADINGS[0], facts="接待费超支", state=PAPER_DRAFT,
                                     team_id=team.id, evidence=[{"evidence_id": "ZJ01", "description": "清单",
                                                                 "source": "调阅资料"}]))
    saved = vault.records.save(dataclasses.replace(saved, state=PAPER_REVIEW, number=number,
                                                   review_opinion="事实清楚，同意"))
    assert isinstance(saved, Paper)
    return saved


def test_the_leader_signs_with_the_passphrase_and_it_is_journalled(vault: Vault) -> None:
    team, _, _ = team_of(vault)
    paper = reviewed(vault, team)
    signed = vault.sign_paper(paper.id, PASSPHRASE, on=dt.date(2024, 5, 20))
    assert (signed.state, signed.signed_by, signed.signed_at) == (PAPER_SIGNED, "测试员", dt.date(2024, 5, 20))
    entry = vault.journal.entries(limit=1)[0]
    assert entry.action == "sign-paper" and entry.record_id == paper.id


def test_a_wrong_passphrase_signs_nothing(vault: Vault) -> None:
    team, _, _ = team_of(vault)
    paper = reviewed(vault, team)
    before = snapshot(vault, paper)
    with pytest.raises(WrongPassphrase):
        vault.sign_paper(paper.id, "不是这个口令123")
    assert snapshot(vault, paper) == before


def test_a_member_who_is_not_the_leader_cannot_sign(make_vault: Callable[..., Vault]) -> None:
    vault = make_vault(owner="李组员")
    team, _, _ = team_of(vault, leader="王组长")
    paper = reviewed(vault, team)
    before = snapshot(vault, paper)
    with pytest.raises(RuleViolation, match="只有组长本人才能签字"):
        vault.sign_paper(paper.id, PASSPHRASE)
    assert snapshot(vault, paper) == before


def test_the_leader_of_another_team_cannot_sign(vault: Vault) -> None:
    _, _, _ = team_of(vault)
    other = vault.records.save(Team(name="第四巡察组"))
    paper = reviewed(vault, other, "〔2024〕5巡-4组-01号")  # type: ignore[arg-type]
    with pytest.raises(RuleViolation, match="只有组长本人才能签字"):
        vault.sign_paper(paper.id, PASSPHRASE)


def test_signing_needs_the_number_and_the_opinion(vault: Vault) -> None:
    team, _, _ = team_of(vault)
    paper = vault.records.save(Paper(title="t", heading=HEADINGS[0], facts="f", state=PAPER_DRAFT, team_id=team.id))
    paper = vault.records.save(dataclasses.replace(paper, state=PAPER_REVIEW))
    with pytest.raises(RuleViolation, match="组长签字前须编定底稿编号"):
        vault.sign_paper(paper.id, PASSPHRASE)


def test_a_plain_save_cannot_sign(vault: Vault) -> None:
    team, _, _ = team_of(vault)
    paper = reviewed(vault, team)
    refused(vault, dataclasses.replace(paper, state=PAPER_SIGNED, signed_by="测试员", signed_at=dt.date.today()),
            "须由组长本人输入口令签字")
    refused(vault, dataclasses.replace(paper, signed_by="测试员"), "组长签字和签字日期由组长签字时填写")
    refused(vault, Paper(title="t", heading=HEADINGS[0], facts="f", number="〔2024〕5巡-3组-09号", team_id=team.id,
                         state=PAPER_SIGNED, signed_by="测试员", review_opinion="同意"), "新建的底稿不能直接处于")


def test_a_signed_paper_is_locked_and_archived_is_locked_entirely(vault: Vault) -> None:
    team, _, _ = team_of(vault)
    signed = vault.sign_paper(reviewed(vault, team).id, PASSPHRASE)
    for change in ({"facts": "改过的事实"}, {"characterisation": "改过的定性"}, {"title": "新标题"},
                   {"evidence": []}, {"heading": HEADINGS[1]}):
        refused(vault, dataclasses.replace(signed, **change), "事实、证据和定性不能修改")  # type: ignore[arg-type]
    refused(vault, dataclasses.replace(signed, number="〔2024〕5巡-3组-02号"), "底稿编号已在组长签字后锁定")
    unsigned = dataclasses.replace(signed, state=PAPER_DRAFT, signed_by="", signed_at=None)
    refused(vault, unsigned, "事实、证据和定性不能修改")
    noted = vault.records.save(dataclasses.replace(signed, notes="附件已核对"))
    archived = vault.records.save(dataclasses.replace(noted, state=PAPER_ARCHIVED, archived_at=dt.date(2024, 8, 1)))
    assert isinstance(archived, Paper) and archived.state == PAPER_ARCHIVED
    refused(vault, dataclasses.replace(archived, notes="归档后补记"), "底稿已归档，不能修改")
    refused(vault, dataclasses.replace(archived, secrecy="秘密"), "底稿已归档，不能修改")
    before = snapshot(vault, archived)
    with pytest.raises(RuleViolation, match="不能删除"):
        vault.records.delete(archived.id)
    assert snapshot(vault, archived) == before


def test_the_leader_returns_a_signed_paper_with_a_reason(vault: Vault) -> None:
    team, _, _ = team_of(vault)
    signed = vault.sign_paper(reviewed(vault, team).id, PASSPHRASE)
    before = snapshot(vault, signed)
    with pytest.raises(RuleViolation, match="退回修改须写明理由"):
        vault.return_paper(signed.id, "  ")
    assert snapshot(vault, signed) == before
    back = vault.return_paper(signed.id, "金额与凭证不符，请核实")
    assert (back.state, back.signed_by, back.signed_at) == (PAPER_DRAFT, "", None)
    assert "【退回修改" in back.notes and "金额与凭证不符" in back.notes and back.number == signed.number
    entry = vault.journal.entries(limit=1)[0]
    assert entry.action == "return-paper" and entry.detail["reason"] == "金额与凭证不符，请核实"
    fixed = vault.records.save(dataclasses.replace(back, facts="更正后的事实"))
    assert fixed.facts == "更正后的事实"  # type: ignore[attr-defined]


def test_only_the_leader_returns_and_only_a_signed_paper(make_vault: Callable[..., Vault]) -> None:
    vault = make_vault(owner="李组员")
    team, _, _ = team_of(vault, leader="王组长")
    paper = reviewed(vault, team)
    with pytest.raises(RuleViolation, match="只有已经组长签字"):
        vault.return_paper(paper.id, "理由")


def test_a_member_submits_for_signature_and_only_the_leader_signs(make_vault: Callable[..., Vault]) -> None:
    vault = make_vault(owner="李组员")
    team, _, _ = team_of(vault, leader="王组长")
    draft = vault.records.save(Paper(title="t", heading=HEADINGS[0], facts="f", state=PAPER_DRAFT, team_id=team.id))
    before = snapshot(vault, draft)
    with pytest.raises(RuleViolation, match="只有处于“组务会审核”的底稿才能提交组长签字"):
        vault.submit_paper(draft.id)
    assert snapshot(vault, draft) == before
    paper = reviewed(vault, team)
    submitted = vault.submit_paper(paper.id)
    assert submitted.state == PAPER_REVIEW and rules.paper_submitted(submitted)
    assert "【提交组长签字" in submitted.notes and "李组员】" in submitted.notes
    entry = vault.journal.entries(limit=1)[0]
    assert entry.action == "submit-paper" and entry.record_id == paper.id
    with pytest.raises(RuleViolation, match="只有组长本人才能签字"):
        vault.sign_paper(paper.id, PASSPHRASE)


def test_a_submission_lapses_when_its_paper_goes_back_to_draft(make_vault: Callable[..., Vault]) -> None:
    # Back in 组务会审核 later, the paper no longer reads as submitted: the save that took it out wrote
    # a dated line into its notes (where it travels), and a save of other fields writes none.
    vault = make_vault(owner="李组员")
    team, _, _ = team_of(vault, leader="王组长")
    submitted = vault.submit_paper(reviewed(vault, team).id)
    edited = vault.records.save(dataclasses.replace(submitted, facts="补充事实"))
    assert rules.paper_submitted(edited) and rules.WITHDRAWN_MARK not in edited.notes
    back = vault.records.save(dataclasses.replace(edited, state=PAPER_DRAFT))
    assert back.notes.splitlines()[-1].startswith(rules.WITHDRAWN_MARK)
    assert "李组员】改为“草稿”" in back.notes and vault.records.get(back.id, Paper).notes == back.notes
    again = vault.records.save(dataclasses.replace(back, state=PAPER_REVIEW))
    assert again.state == PAPER_REVIEW and not rules.paper_submitted(again)
    assert again.notes.count(rules.WITHDRAWN_MARK) == 1  # only leaving 组务会审核 submitted writes it
    assert rules.paper_submitted(vault.submit_paper(again.id))  # and it can be submitted again


def test_submitting_needs_the_number_and_the_opinion(vault: Vault) -> None:
    team, _, _ = team_of(vault)
    paper = vault.records.save(Paper(title="t", heading=HEADINGS[0], facts="f", state=PAPER_DRAFT, team_id=team.id))
    paper = vault.records.save(dataclasses.replace(paper, state=PAPER_REVIEW))
    with pytest.raises(RuleViolation, match="组长签字前须编定底稿编号"):
        vault.submit_paper(paper.id)
    assert not rules.paper_submitted(vault.records.get(paper.id, Paper))


def test_only_the_leader_archives(make_vault: Callable[..., Vault]) -> None:
    leader = make_vault("leader.xcv", owner="王组长")
    team, _, _ = team_of(leader, leader="王组长")
    signed = leader.sign_paper(reviewed(leader, team).id, PASSPHRASE)
    member = make_vault("member.xcv", owner="李组员")
    member.records.merge([w for _, w in leader.records.writes_since(0)], source="handoff")
    mine = member.records.get(signed.id, Paper)
    refused(member, dataclasses.replace(mine, state=PAPER_ARCHIVED, archived_at=dt.date(2024, 8, 1)),
            "只有本组组长才能归档底稿")
    archived = leader.records.save(dataclasses.replace(signed, state=PAPER_ARCHIVED, archived_at=dt.date(2024, 8, 1)))
    assert isinstance(archived, Paper) and archived.state == PAPER_ARCHIVED


def test_a_signature_from_a_package_is_merged_unchecked(make_vault: Callable[..., Vault]) -> None:
    leader = make_vault("leader.xcv", owner="测试员")
    team, _, _ = team_of(leader)
    signed = leader.sign_paper(reviewed(leader, team).id, PASSPHRASE)
    office = make_vault("office.xcv", role="office", owner="巡察办")
    office.records.merge([w for _, w in leader.records.writes_since(0)], source="handoff")
    assert office.records.get(signed.id, Paper).signed_by == "测试员"


# --- recusal (docs/domain.md §3.3) -------------------------------------------------------------------------


def staffed(vault: Vault, owner_leads: bool = True) -> tuple[Team, Member, Member, Member, Unit, Person]:
    rnd = vault.records.save(Round(title="第五轮", kind="常规"))
    team = vault.records.save(Team(name="第三巡察组", round_id=rnd.id))
    unit = vault.records.save(Unit(name="市水务局", round_id=rnd.id, team_id=team.id))
    boss, a, b = vault.records.save_many([
        Member(name="测试员" if owner_leads else "王组长", team_id=team.id, role="组长"),
        Member(name="张组员", team_id=team.id, role="组员"),
        Member(name="赵组员", team_id=team.id, role="组员", recusals=[
            {"person": "周局长", "unit": "市水务局", "post": "局长", "relation": "表兄弟", "kind": "公务回避"}])])
    person = vault.records.save(Person(name="周局长", unit_id=unit.id, post="局长"))
    return team, boss, a, b, unit, person  # type: ignore[return-value]


def talk(team: Team, unit: Unit, person: Person, interviewers: list[str], recorders: list[str]) -> Interview:
    return Interview(interviewee=person.name, person_id=person.id, unit_id=unit.id, team_id=team.id, time=WHEN,
                     kind="必谈", interviewers=interviewers, recorders=recorders, status="草稿")


def test_an_assignment_that_touches_a_declared_relation_is_refused(vault: Vault) -> None:
    team, boss, a, related, unit, person = staffed(vault)
    refused(vault, talk(team, unit, person, [boss.id, related.id], [a.id]), "须由组长记录例外理由")
    saved = vault.records.save(talk(team, unit, person, [boss.id, a.id], [a.id]))
    assert isinstance(saved, Interview)
    refused(vault, dataclasses.replace(saved, recorders=[related.id]), "赵组员申报与市水务局、周局长存在表兄弟关系")


def test_the_leaders_exception_lets_it_stand_and_stays(vault: Vault) -> None:
    team, boss, a, related, unit, person = staffed(vault)
    row = {"member": "赵组员", "reason": "熟悉水务工程，且仅担任记录", "by": "测试员", "at": "2024-05-06 09:00"}
    saved = vault.records.save(dataclasses.replace(talk(team, unit, person, [boss.id, a.id], [related.id]),
                                                   recusal_exceptions=[row]))
    assert isinstance(saved, Interview) and saved.recusal_exceptions == [row]
    again = vault.records.save(dataclasses.replace(saved, content="谈话内容"))  # other edits go on
    assert isinstance(again, Interview)
    refused(vault, dataclasses.replace(again, recusal_exceptions=[]), "已记录的回避例外不能修改或删除")
    refused(vault, dataclasses.replace(again, recusal_exceptions=[{**row, "reason": ""}]), "不能修改或删除")


def test_an_exception_must_be_complete_and_cover_the_member(vault: Vault) -> None:
    team, boss, a, related, unit, person = staffed(vault)
    interview = talk(team, unit, person, [boss.id, related.id], [a.id])

    def excepted(**row: str) -> Interview:
        return dataclasses.replace(interview, recusal_exceptions=[
            {"member": "赵组员", "reason": "理由", "by": "测试员", "at": "2024-05-06 09:00", **row}])

    refused(vault, excepted(reason=""), "须写明人员、理由、批准人和批准时间")
    refused(vault, excepted(member="张组员"), "须由组长记录例外理由")
    refused(vault, excepted(by="别人"), "回避例外只能由组长本人批准")


def test_a_member_who_is_not_the_leader_cannot_approve_an_exception(make_vault: Callable[..., Vault]) -> None:
    vault = make_vault(owner="张组员")
    team, boss, a, related, unit, person = staffed(vault, owner_leads=False)
    row = {"member": "赵组员", "reason": "理由", "by": "张组员", "at": "2024-05-06 09:00"}
    interview = talk(team, unit, person, [boss.id, related.id], [a.id])
    refused(vault, dataclasses.replace(interview, recusal_exceptions=[row]), "回避例外只能由组长本人批准")


def test_the_recorder_is_of_the_team_and_interviewers_of_the_round(vault: Vault) -> None:
    team, boss, a, _, unit, person = staffed(vault)
    other_round = vault.records.save(Round(title="第六轮", kind="常规"))
    stranger_team = vault.records.save(Team(name="第九巡察组", round_id=other_round.id))
    same_round = vault.records.save(Team(name="第四巡察组", round_id=unit.round_id))
    stranger, neighbour = vault.records.save_many([Member(name="外组员", team_id=stranger_team.id, role="组员"),
                                                   Member(name="邻组员", team_id=same_round.id, role="组员")])
    refused(vault, talk(team, unit, person, [boss.id, a.id], [neighbour.id]), "记录人须是本巡察组的成员")
    refused(vault, talk(team, unit, person, [boss.id, stranger.id], [a.id]), "谈话人须是本轮巡察的巡察组成员")
    assert vault.records.save(talk(team, unit, person, [boss.id, neighbour.id], [a.id])).id


def test_in_a_cross_inspection_round_the_home_jurisdiction_is_a_hit(vault: Vault) -> None:
    rnd = vault.records.save(Round(title="交叉巡察", kind=rules.ROUND_CROSS))
    team = vault.records.save(Team(name="第一巡察组", round_id=rnd.id))
    unit = vault.records.save(Unit(name="乙县财政局", round_id=rnd.id, jurisdiction="乙县"))
    boss, local = vault.records.save_many([
        Member(name="测试员", team_id=team.id, role="组长", home_jurisdiction="甲县"),
        Member(name="钱组员", team_id=team.id, role="组员", home_jurisdiction="乙县")])
    interview = Interview(interviewee="孙某", unit_id=unit.id, team_id=team.id, time=WHEN, kind="选谈",
                          interviewers=[boss.id, local.id], recorders=[local.id])
    refused(vault, interview, "钱组员申报与乙县财政局存在籍贯/原任职地关系")
    routine = vault.records.save(Round(title="常规", kind="常规"))
    vault.records.save(dataclasses.replace(unit, round_id=routine.id))
    vault.records.save(dataclasses.replace(team, round_id=routine.id))
    assert vault.records.save(interview).id  # a county's own inspectors inspect it in a routine round
    # since schema version 7 the mode is the unit's: 交叉 in a routine round is a hit, 本级 is not
    crossed = vault.records.save(dataclasses.replace(unit, round_id=routine.id, mode="交叉"))
    assert crossed.mode == rules.MODE_CROSS
    refused(vault, dataclasses.replace(interview, notes="再存"), "钱组员申报与乙县财政局存在籍贯/原任职地关系")
    assert rules.recusal_hits([local], unit=crossed) and not rules.recusal_hits([local], unit=unit)
    vault.records.save(dataclasses.replace(crossed, mode="本级"))
    assert vault.records.save(dataclasses.replace(interview, notes="再存")).id


def test_the_interview_record_prints_the_leaders_exception(vault: Vault, tmp_path: Path) -> None:
    from app.export.pdf import print_interview
    from tests.test_pdf import pdf_text, squash

    team, boss, a, related, unit, person = staffed(vault)
    row = {"member": "赵组员", "reason": "熟悉水务工程，且仅担任记录", "by": "测试员", "at": "2024-05-06 09:00"}
    saved = vault.records.save(dataclasses.replace(talk(team, unit, person, [boss.id, a.id], [related.id]),
                                                   recusal_exceptions=[row]))
    out = tmp_path / "iv.pdf"
    print_interview(vault, out, saved.id)
    text = squash(pdf_text(out.read_bytes()))
    assert squash("回避例外说明") in text and squash("赵组员：熟悉水务工程，且仅担任记录（经组长测试员批准") in text
    plain = vault.records.save(talk(team, unit, person, [boss.id, a.id], [a.id]))
    print_interview(vault, out, plain.id)
    assert squash("回避例外说明") not in squash(pdf_text(out.read_bytes()))
