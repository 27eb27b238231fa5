"""The overview's figures (app/services/overview.py), computed on real vaults, without Qt."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from app import demo
from app.domain.records import Document, Interview, Lead, Paper, Person, Rectification, Setting, Unit, VocabEntry
from app.domain.rules import DUE_URGENCY, Deadlines, Due, interview_final
from app.services.overview import UNSET, compute_overview, file_facts, tally
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

TODAY = dt.date(2024, 5, 1)


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int]]]:
    vault = Vault.create(tmp_path_factory.mktemp("demo") / "team.xcv", PASSPHRASE, owner="演示", kdf=TEST_PARAMS)
    counts = demo.fill(vault, scale="team", seed=1)
    yield vault, counts
    vault.close()


def add_round_work(vault: Vault) -> None:
    records = vault.records
    unit = records.save(Unit(name="市水务局"))
    linked = records.save(Person(name="周局长", unit_id=unit.id, mandatory=True))
    records.save(Person(name="郑副局长", unit_id=unit.id, mandatory=True))
    records.save(Person(name="孙处长", unit_id=unit.id, mandatory=True))
    records.save(Person(name="冯科员", unit_id=unit.id, mandatory=False))
    records.save(Interview(interviewee="另一个名字", person_id=linked.id, kind="必谈"))  # linked by id
    records.save(Interview(interviewee=" 郑副 局长", kind="必谈"))  # named, spaces aside
    records.save(Interview(interviewee="冯科员", kind="一般", status="已定稿", interviewers=["甲", "乙"],
                           recorders=["丙"], confirmed=True, time=dt.datetime(2024, 3, 20, 9, 0)))
    records.save(Lead(subject_name="褚科长", status="已移交", disposal_route="移交纪委监委", transfer_to="纪委监委",
                      transferred_at=dt.date(2024, 4, 1)))
    records.save(Lead(subject_name="卫主任", status="核实中", disposal_route="立行立改"))
    records.save(Lead(subject_name="蒋科长", status="核实中"))
    for title, status in (("会议记录", "未提供"), ("合同台账", "已提供未归还"), ("财务凭证", "已归还"),
                          ("公开文件", "无需归还"), ("工资表", "已提供未归还")):
        records.save(Document(title=title, return_status=status))
    records.save(Paper(title="违规发放津贴", heading="落实全面从严治党战略部署", facts="现象", state="草稿"))
    for title, deadline, status in (("整改甲", dt.date(2024, 6, 30), "整改中"),
                                    ("整改乙", dt.date(2024, 4, 1), "整改中"),
                                    ("整改丙", dt.date(2024, 5, 5), "未启动"),
                                    ("整改戊", None, "整改中"),
                                    ("整改丁", dt.date(2024, 3, 1), "已完成")):
        records.save(Rectification(title=title, measures="措施", deadline=deadline, status=status, unit_id=unit.id))


def test_figures_of_a_small_round(vault: Vault) -> None:
    add_round_work(vault)
    data = compute_overview(vault, TODAY)
    assert data.about == file_facts(vault) and data.about.role == "team" and data.about.owner == "测试员"
    assert data.about.file_name == "v.xcv"
    assert (data.mandatory_done, data.mandatory_total, data.mandatory_pending) == (2, 3, ["孙处长"])
    assert (data.interviews_total, data.interviews_final) == (3, 1)
    assert data.leads_by_status == [("待研判", 0), ("核实中", 2), ("拟移交", 0), ("已移交", 1), ("已反馈", 0),
                                    ("已了结", 0)]  # every value, in the vocabulary's order
    assert data.leads_by_route == [("移交纪委监委", 1), ("立行立改", 1), (UNSET, 1)]  # zeros left out, unset last
    assert data.documents_total == 5 and data.documents_outstanding == [("未提供", 1), ("已提供未归还", 2)]
    assert data.documents_outstanding_total == 3
    assert data.papers_by_state == [("草稿", 1), ("组务会审核", 0), ("组长签字", 0), ("归档", 0)]
    assert [(i.title, i.due, i.unit) for i in data.rect_items] == [
        ("整改乙", Due.OVERDUE, "市水务局"), ("整改丙", Due.SOON, "市水务局"), ("整改甲", Due.OK, "市水务局"),
        ("整改戊", Due.NONE, "市水务局"), ("整改丁", Due.DONE, "市水务局")]
    assert data.rect_by_status == [("未启动", 1), ("整改中", 3), ("已完成", 1)]
    assert data.rect_by_due == [(Due.OVERDUE, 1), (Due.SOON, 1), (Due.OK, 1), (Due.NONE, 1), (Due.DONE, 1)]
    assert (data.rect_overdue, data.rect_soon) == (1, 1)
    assert data.counts["rectifications"] == 5 and data.counts["conflicts"] == 0
    assert data.setting_problems == []


def test_counts_follow_the_vault_vocabulary_order(vault: Vault) -> None:
    """The order is the vocabulary's (app/domain/rules.py vocabulary_values), a retired value included."""
    add_round_work(vault)
    stored = {e.value: e for e in vault.records.list(VocabEntry, where={"vocabulary": "rect_status"})}
    vault.records.save(VocabEntry(**{**vars(stored["整改中"]), "ord": -1}))  # first now
    vault.records.save(VocabEntry(**{**vars(stored["未启动"]), "active": False}))  # retired, still counted
    data = compute_overview(vault, TODAY)
    assert data.rect_by_status == [("整改中", 3), ("未启动", 1), ("已完成", 1)]


def test_a_longer_soon_setting_moves_items_to_due_soon(vault: Vault) -> None:
    add_round_work(vault)
    vault.records.save(Setting(key="deadline.due_soon_days", value="60"))
    data = compute_overview(vault, TODAY)
    assert [i.due for i in data.rect_items][:3] == [Due.OVERDUE, Due.SOON, Due.SOON]  # 整改甲 (30 June) is soon
    assert data.rect_by_due[:2] == [(Due.OVERDUE, 1), (Due.SOON, 2)]


def test_demo_round_figures(demo_vault: tuple[Vault, dict[str, int]]) -> None:
    """On the demo vault, each figure equals what a direct read of the records gives."""
    vault, made = demo_vault
    today = demo.AS_OF
    data = compute_overview(vault, today)
    records = vault.records
    assert all(data.counts[k] == n for k, n in made.items() if k in data.counts)
    assert data.counts["interviews"] == data.interviews_total == 251 and data.counts["rectifications"] == 89

    interviews = records.list(Interview)
    assert data.interviews_final == sum(map(interview_final, interviews)) > 0
    mandatory = [p for p in records.list(Person) if p.mandatory]
    assert data.mandatory_total == len(mandatory) > 0
    assert data.mandatory_done + len(data.mandatory_pending) == data.mandatory_total

    leads = Counter(lead.status for lead in records.list(Lead))
    assert dict(data.leads_by_status) == {**{v: 0 for v, _n in data.leads_by_status}, **leads}
    assert sum(n for _v, n in data.leads_by_status) == made["leads"]
    assert sum(n for _v, n in data.leads_by_route) == made["leads"]

    settled = sum(1 for d in records.list(Document) if d.return_status in ("已归还", "无需归还"))
    assert data.documents_total == made["documents"] and data.documents_outstanding_total == made["documents"] - settled

    deadlines = Deadlines.from_settings(records.list(Setting), lambda: today)
    due = Counter(deadlines.due(r) for r in records.list(Rectification))
    assert data.rect_by_due == [(d, due[d]) for d in DUE_URGENCY if due[d]]
    assert data.rect_overdue == due[Due.OVERDUE] > 0  # the demo has overdue items: the order below matters
    ranks = [DUE_URGENCY.index(i.due) for i in data.rect_items]
    assert ranks == sorted(ranks) and len(ranks) == made["rectifications"]
    overdue = [i for i in data.rect_items if i.due is Due.OVERDUE]
    assert all(i.deadline is not None and i.deadline < today for i in overdue)
    assert [i.deadline for i in overdue] == sorted(i.deadline for i in overdue if i.deadline)


def test_tally_keeps_order_then_others_then_unset() -> None:
    assert tally(["乙", "", " ", "丙", "丁", "丁", "甲"], ["甲", "乙", "零"]) == [
        ("甲", 1), ("乙", 1), ("零", 0), ("丁", 2), ("丙", 1), (UNSET, 2)]
    assert tally(["乙"], ["甲", "乙"], keep_zero=False) == [("乙", 1)]


def test_file_facts_of_an_office_vault(make_vault: Callable[..., Vault]) -> None:
    facts = file_facts(make_vault("office.xcv", role="office", owner="巡察办"))
    assert (facts.file_name, facts.role, facts.owner) == ("office.xcv", "office", "巡察办")
