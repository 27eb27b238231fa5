"""Rules of the work that hold where records are stored (issue 12 items 5 and 8, docs/domain.md §3).

Each refusal names its own reason and leaves the vault as it was; merges stay unchecked (a package
carries what another device decided), so these are local saves only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.domain import rules
from app.domain.links import LINKABLE_KINDS, relations_between
from app.domain.records import Interview, Lead, Link, Member, Paper, Record, Rectification, Round, Team, Unit, kind_spec
from app.domain.vocab import HEADINGS, SEED
from app.storage.errors import RuleViolation
from app.storage.vault import Vault

WHEN = dt.datetime(2024, 5, 6, 9, 30)


def finalised_interview(vault: Vault) -> Interview:
    a, b = vault.records.save_many([Member(name="张组员", role="组员"), Member(name="李组员", role="组员")])
    saved = vault.records.save(Interview(interviewee="王某", time=WHEN, kind="个别谈话", interviewers=[a.id, b.id],
                                         recorders=[b.id], content="原始谈话内容", confirmed=True, status="草稿"))
    final = vault.records.save(dataclasses.replace(saved, status=rules.INTERVIEW_FINAL))
    assert isinstance(final, Interview)
    return final


def snapshot(vault: Vault, record: Record) -> tuple[object, ...]:
    stored = vault.records.get(record.id) if record.id else None
    return vault.counts(), len(vault.journal.entries(limit=1_000_000)), stored


def refused(vault: Vault, record: Record, reason: str) -> None:
    """The save is refused with ``reason``, and nothing in the vault changed."""
    before = snapshot(vault, record)
    with pytest.raises(RuleViolation) as raised:
        vault.records.save(record)
    assert reason in str(raised.value)
    assert snapshot(vault, record) == before


# --- a finalised interview record is locked; additions are dated supplements ---------------------------------


def test_a_finalised_interview_keeps_its_text(vault: Vault) -> None:
    final = finalised_interview(vault)
    refused(vault, dataclasses.replace(final, content="改过的谈话内容"), "原文不能修改")
    refused(vault, dataclasses.replace(final, status="草稿"), "原文不能修改")
    refused(vault, dataclasses.replace(final, interviewee="另一个人"), "原文不能修改")
    assert vault.records.get(final.id).content == "原始谈话内容"  # type: ignore[attr-defined]


def test_supplements_are_added_dated_and_never_changed(vault: Vault) -> None:
    final = finalised_interview(vault)
    first = {"at": "2024-05-08 10:00", "by": "张组员", "text": "谈话对象补充提供了会议纪要。"}
    saved = vault.records.save(dataclasses.replace(final, supplements=[first]))
    assert isinstance(saved, Interview) and saved.supplements == [first] and saved.content == "原始谈话内容"

    second = {"at": "2024-05-09 15:00", "by": "李组员", "text": "核实了纪要的日期。"}
    saved = vault.records.save(dataclasses.replace(saved, supplements=[first, second]))
    assert isinstance(saved, Interview) and len(saved.supplements) == 2

    refused(vault, dataclasses.replace(saved, supplements=[second]), "不能修改或删除")
    refused(vault, dataclasses.replace(saved, supplements=[{**first, "text": "改写"}, second]), "不能修改或删除")
    undated = {"at": "", "by": "张组员", "text": "无时间"}
    refused(vault, dataclasses.replace(saved, supplements=[first, second, undated]), "须写明补充时间、补充人和补充内容")


def test_a_draft_interview_is_edited_freely(vault: Vault) -> None:
    saved = vault.records.save(Interview(interviewee="王某", time=WHEN, kind="个别谈话", content="初稿"))
    again = vault.records.save(dataclasses.replace(saved, content="改稿"))
    assert isinstance(again, Interview) and again.content == "改稿"


# --- a status states a fact: its date and its counterpart --------------------------------------------------


def lead(**values: object) -> Lead:
    return Lead(subject_name="赵某", source="来信来访", summary="反映违规发放津贴", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("values", "reason"), [
    ({"status": "已移交", "transfer_to": "纪委监委"}, "须填写移交时间"),
    ({"status": "已移交", "transferred_at": dt.date(2024, 6, 1)}, "须选择移交对象"),
    ({"status": "已反馈"}, "须填写反馈时间"),
    ({"status": "已了结", "result": "已约谈提醒"}, "须填写办结时间"),
    ({"status": "已了结", "closed_at": dt.date(2024, 7, 1)}, "须填写办理结果"),
])
def test_lead_statuses_need_their_dates(vault: Vault, values: dict[str, object], reason: str) -> None:
    refused(vault, lead(**values), reason)
    saved = vault.records.save(lead(status="核实中"))
    refused(vault, dataclasses.replace(saved, **values), reason)  # type: ignore[arg-type]
    assert vault.records.get(saved.id).status == "核实中"  # type: ignore[attr-defined]


def test_lead_statuses_with_their_dates_are_kept(vault: Vault) -> None:
    saved = vault.records.save(lead(status="已移交", transfer_to="纪委监委", transferred_at=dt.date(2024, 6, 1)))
    closed = vault.records.save(dataclasses.replace(saved, status="已了结", closed_at=dt.date(2024, 7, 1),
                                                    result="给予诫勉谈话"))
    assert isinstance(closed, Lead) and closed.status == "已了结" and closed.result == "给予诫勉谈话"


def test_a_closed_out_rectification_item_needs_its_date(vault: Vault) -> None:
    item = Rectification(title="规范公务接待", measures="修订接待制度", status="已销号")
    refused(vault, item, "须填写销号时间")
    saved = vault.records.save(dataclasses.replace(item, closed_at=dt.date(2024, 9, 30)))
    assert isinstance(saved, Rectification) and saved.closed_at == dt.date(2024, 9, 30)


def test_a_record_that_already_broke_the_rule_is_listed_not_refused_on_other_edits() -> None:
    """A lead that came without its date (an older version, a package) can still have its notes edited."""
    old = lead(status="已反馈")
    assert rules.missing_date_problems(old) == ["线索标为“已反馈”须填写反馈时间"]
    assert rules.status_date_problems(old, dataclasses.replace(old, notes="补记")) == []
    assert rules.status_date_problems(None, old) == ["线索标为“已反馈”须填写反馈时间"]
    moved = dataclasses.replace(old, status="已了结")
    assert rules.status_date_problems(old, moved) == ["线索标为“已了结”须填写办结时间",
                                                      "线索标为“已了结”须填写办理结果"]


# --- working-paper numbers: the form, the sequence, unique within a round -----------------------------------


def paper(number: str, **values: object) -> Paper:
    return Paper(number=number, title="公务接待超标准", heading=HEADINGS[0], facts="接待费超支", state="草稿",
                 **values)  # type: ignore[arg-type]


def test_a_paper_number_follows_the_form(vault: Vault) -> None:
    refused(vault, paper("DG-001"), "格式")
    refused(vault, paper("〔2024〕5巡-3组-"), "格式")
    for number in ("〔2024〕5巡-3组-07号", "[2024]五巡-三组-8号"):
        assert vault.records.save(paper(number)).number == number  # type: ignore[attr-defined]


def test_a_paper_number_is_unique_within_its_round(vault: Vault) -> None:
    one, two = vault.records.save_many([Round(title="第五轮", kind="常规巡察"), Round(title="第六轮", kind="常规巡察")])
    team_one, team_two = vault.records.save_many([Team(name="第三巡察组", round_id=one.id),
                                                  Team(name="第三巡察组", round_id=two.id)])
    first = vault.records.save(paper("〔2024〕5巡-3组-07号", team_id=team_one.id))
    refused(vault, paper("〔2024〕5巡-3组-07号", team_id=team_one.id), "已由本轮巡察的另一份底稿使用")
    other = vault.records.save(paper("〔2024〕5巡-3组-08号", team_id=team_one.id))
    refused(vault, dataclasses.replace(other, number=first.number), "已由本轮巡察的另一份底稿使用")  # type: ignore[attr-defined]
    # The same number in another round is another paper's business.
    assert vault.records.save(paper("〔2024〕5巡-3组-07号", team_id=team_two.id)).id
    with pytest.raises(RuleViolation, match="在本批记录中重复"):
        vault.records.save_many([paper("〔2024〕5巡-3组-09号", team_id=team_one.id),
                                 paper("〔2024〕5巡-3组-09号", team_id=team_one.id)])
    assert [p.number for p in vault.records.list(Paper) if p.team_id == team_one.id] == [
        "〔2024〕5巡-3组-07号", "〔2024〕5巡-3组-08号"]


def test_the_next_number_is_proposed_in_sequence() -> None:
    taken = ["〔2024〕5巡-3组-07号", "[2024]5巡-3组-09号", "〔2024〕5巡-4组-15号", "〔2023〕5巡-3组-30号", "自由编号"]
    assert rules.next_paper_number(2024, "5", "3", taken) == "〔2024〕5巡-3组-10号"
    assert rules.next_paper_number(2024, "5", "1", taken) == "〔2024〕5巡-1组-01号"


# --- a link's relation fits its two kinds (app/domain/links.py, the table the editor's picker uses) ---------


def test_a_link_is_stored_only_with_a_relation_its_two_kinds_allow(vault: Vault) -> None:
    made = {kind: vault.records.save(kind_spec(kind).cls()) for kind in LINKABLE_KINDS}
    relations = SEED["relation"][2]
    for src_kind, src in made.items():
        for dst_kind, dst in made.items():
            if dst is src:
                continue
            allowed = {c.relation for c in relations_between(src_kind, dst_kind) if c.outgoing}
            for relation in relations:
                link = Link(src_id=src.id, dst_id=dst.id, relation=relation)
                if relation in allowed:
                    assert vault.records.save(link).id
                else:
                    refused(vault, link, f"“{relation}”不能用于这两类记录之间")
    interview, lead = made["interview"], made["lead"]
    refused(vault, Link(src_id=lead.id, dst_id=interview.id, relation="引出线索"), "不能用于这两类记录之间")
    refused(vault, Link(src_id=lead.id, dst_id=lead.id, relation="相关"), "不能把记录与自身关联")
    refused(vault, Link(src_id=lead.id, dst_id=made["paper"].id, relation="无此类型"), "没有“无此类型”这种关联类型")
    with pytest.raises(RuleViolation, match="不能用于这两类记录之间"):
        vault.records.link(made["paper"].id, lead.id, "形成底稿")  # the old door refuses it too


def test_a_link_re_pointed_to_an_unfitting_record_is_refused(vault: Vault) -> None:
    interview, lead, unit = vault.records.save_many([Interview(interviewee="王某"), Lead(summary="线索"),
                                                     kind_spec("unit").cls()])
    link = vault.records.link(interview.id, lead.id, "引出线索")
    refused(vault, dataclasses.replace(link, dst_id=unit.id), "不能用于这两类记录之间")
    noted = vault.records.save(dataclasses.replace(link, note="经核实"))  # an unchanged link keeps its relation
    assert isinstance(noted, Link) and noted.note == "经核实"


# --- 上下联动: a round's higher-level plan and a unit's 上级单位 form trees ---------------------------------------


def test_a_round_cannot_be_its_own_higher_level_plan(vault: Vault) -> None:
    province = vault.records.save(Round(title="省委第一轮巡视", kind="常规"))
    city = vault.records.save(Round(title="市委第五轮巡察", kind="常规", parent_id=province.id))
    refused(vault, dataclasses.replace(province, parent_id=province.id), "上级统一部署不能是本轮次自己")
    refused(vault, dataclasses.replace(province, parent_id=city.id), "经由上级回到本轮次")  # a loop of two
    county = vault.records.save(Round(title="县委第三轮巡察", kind="常规", parent_id=city.id))  # a chain is fine
    assert vault.records.get(county.id).parent_id == city.id  # type: ignore[attr-defined]


def test_a_unit_cannot_be_its_own_parent_unit(vault: Vault) -> None:
    town = vault.records.save(Unit(name="某镇党委"))
    village = vault.records.save(Unit(name="某村党支部", parent_unit_id=town.id))
    refused(vault, dataclasses.replace(town, parent_unit_id=village.id), "上级单位不能是本单位自己")
    refused(vault, dataclasses.replace(village, parent_unit_id=village.id), "上级单位不能是本单位自己")
