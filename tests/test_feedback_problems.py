"""主要问题 of the feedback opinion and the inspection report are the unit's feedback problems (反馈问题),
resting on signed working papers; 责任指向 never prints; the team signs with its real name
(docs/documents.md, "The feedback opinion"; issue 12 item 2). Text is read back with PDFium."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app.domain.names import committee_short, team_title
from app.domain.records import Link, Paper, Problem, Round, Team, Unit
from app.domain.vocab import HEADINGS
from app.export.pdf import print_feedback, print_inspection_report
from app.export.pdf.base import NO_FINDINGS
from app.export.pdf.feedback import gather, main_problems
from app.storage.vault import Vault
from tests.signing import save_paper

TEAM_NAME = "十二届县委第五轮巡察第三巡察组"
#: Who is to blame, as a working paper names it: internal, never in a document for the unit.
BLAME = "王某某负直接责任，李某某负领导责任"


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return re.sub(r"\s+", "", "".join(page.get_textpage().get_text_range() for page in doc))
    finally:
        doc.close()


def setup(vault: Vault) -> Unit:
    rnd = vault.records.save(Round(title="十二届县委第五轮巡察", session="十二届", number=5, kind="常规",
                                   committee="中共某县委员会", feedback_date=dt.date(2024, 7, 15)))
    team = vault.records.save(Team(name="第三巡察组", number=3, round_id=rnd.id,
                                   office="中共某县委巡察工作领导小组办公室"))
    unit = vault.records.save(Unit(name="某县测试局党组", round_id=rnd.id, team_id=team.id))
    assert isinstance(unit, Unit)
    return unit


def signed_paper(vault: Vault, unit: Unit, n: int, heading: str, state: str = "组长签字") -> Paper:
    signed = state in ("组长签字", "归档")
    paper = save_paper(vault, Paper(  # signed as the 组长's package brings it (tests/signing.py)
        number=f"〔2024〕5巡-3组-{n:02d}号", title=f"底稿{n}的标题", unit_id=unit.id, heading=heading,
        facts=f"底稿{n}的现象描述。", characterisation=f"底稿{n}的定性分析。", responsibility=f"底稿{n}：{BLAME}。",
        state=state, review_opinion="同意" if signed else "", signed_by="张三" if signed else "",
        signed_at=dt.date(2024, 5, 20) if signed else None))
    assert isinstance(paper, Paper)
    return paper


def problem(vault: Vault, unit: Unit | None, n: int, heading: str, seq: int | None,
            source: Paper | None = None) -> Problem:
    saved = vault.records.save(Problem(
        title=f"反馈问题{n}的标题", unit_id=unit.id if unit else None, heading=heading, seq=seq,
        description=f"反馈问题{n}的问题表现：业务招待费超标准。", characterisation=f"反馈问题{n}的定性。",
        responsibility=f"问题{n}：{BLAME}。", leader_in_charge="赵某某"))
    assert isinstance(saved, Problem)
    if source is not None:
        vault.records.save(Link(src_id=source.id, dst_id=saved.id, relation="形成问题"))
    return saved


def test_the_feedback_opinion_prints_the_units_problems_without_responsibility(vault: Vault, tmp_path: Path) -> None:
    unit = setup(vault)
    paper = signed_paper(vault, unit, 1, HEADINGS[1])
    formed = problem(vault, unit, 1, HEADINGS[1], 1, source=paper)
    out = tmp_path / "fb.pdf"
    print_feedback(vault, out, unit.name)
    text = pdf_text(out)
    for part in (formed.title, formed.description, formed.characterisation, f"（一）在{HEADINGS[1]}方面"):
        assert part in text, part
    assert "王某某" not in text and "李某某" not in text and "赵某某" not in text  # 责任指向, 分管领导
    assert "巡察中未形成经组长签字的问题底稿" not in text and NO_FINDINGS not in text
    assert paper.facts not in text  # the paper prints once, as the problem formed from it
    # The signing body is the round's team by its real name, in the opening and over the date.
    assert text.count(TEAM_NAME) >= 2 and "党委巡察组" not in text


def test_order_by_heading_then_seq_and_what_waits(vault: Vault) -> None:
    unit = setup(vault)
    second = problem(vault, unit, 2, HEADINGS[0], 2)               # typed in, no paper: prints
    first = problem(vault, unit, 1, HEADINGS[0], 1)
    later = problem(vault, unit, 3, HEADINGS[0], None)            # no order given: after those with one
    other_heading = problem(vault, unit, 4, HEADINGS[3], 1)
    draft = signed_paper(vault, unit, 5, HEADINGS[2], state="草稿")
    waiting = problem(vault, unit, 5, HEADINGS[2], 1, source=draft)  # formed from an unsigned paper: waits
    lone = signed_paper(vault, unit, 6, HEADINGS[0])              # signed, no problem yet: prints as itself
    unitless = problem(vault, None, 7, HEADINGS[3], 2, source=signed_paper(vault, unit, 7, HEADINGS[3]))
    problem(vault, vault.records.save(Unit(name="别的单位党组")), 8, HEADINGS[0], 1)  # type: ignore[arg-type]
    found = main_problems(vault, unit)
    assert [(h, [i.record_id for i in items]) for h, items in found.groups.items() if items] == [
        (HEADINGS[0], [first.id, second.id, later.id, lone.id]),
        (HEADINGS[3], [other_heading.id, unitless.id]),
    ]
    assert [p.id for p in found.held] == [waiting.id]
    assert found.groups[HEADINGS[3]][1].papers == ("〔2024〕5巡-3组-07号",)
    # What prints under an item: description and characterisation, never the 责任指向.
    assert all(BLAME not in text for items in found.groups.values() for i in items for text in i.paragraphs)


def test_a_problem_waits_for_a_signed_paper(vault: Vault, tmp_path: Path) -> None:
    unit = setup(vault)
    draft = signed_paper(vault, unit, 1, HEADINGS[0], state="组务会审核")
    formed = problem(vault, unit, 1, HEADINGS[0], 1, source=draft)
    assert gather(vault, unit).problems[HEADINGS[0]] == []
    out = tmp_path / "fb.pdf"
    print_feedback(vault, out, unit.name)
    text = pdf_text(out)
    assert NO_FINDINGS in text and formed.description not in text  # a placeholder no one takes for a finding
    # A second source paper, signed: the problem now rests on it and prints.
    signed = signed_paper(vault, unit, 2, HEADINGS[0])
    vault.records.save(Link(src_id=signed.id, dst_id=formed.id, relation="形成问题"))
    [item] = gather(vault, unit).problems[HEADINGS[0]]
    assert (item.record_id, item.papers) == (formed.id, (signed.number,))


def test_the_inspection_report_prints_the_same_problems(vault: Vault, tmp_path: Path) -> None:
    unit = setup(vault)
    paper = signed_paper(vault, unit, 1, HEADINGS[2])
    formed = problem(vault, unit, 1, HEADINGS[2], 1, source=paper)
    out = tmp_path / "report.pdf"
    print_inspection_report(vault, out, unit.name)
    text = pdf_text(out)
    assert formed.description in text and formed.title in text
    assert "王某某" not in text and "李某某" not in text
    assert TEAM_NAME in text and "梳理反馈问题1个" in text


@pytest.mark.parametrize(("committee", "session", "number", "team", "expected"), [
    ("中共某县委员会", "十二届", 5, ("第三巡察组", 3), TEAM_NAME),
    ("中共某市委员会", "十五", 12, ("", 11), "十五届市委第十二轮巡察第十一巡察组"),
    ("中共某县委员会", "", None, ("第一巡察组", 1), "县委第一巡察组"),
    ("中国共产党某区委员会", "九届", 2, ("第二巡察组", None), "九届区委第二轮巡察第二巡察组"),
    ("某大学党委", "", 3, ("第一巡察组", 1), "党委第三轮巡察第一巡察组"),  # no level to shorten
    ("中共某县委员会", "十二届", 5, ("县委第三巡察组", 3), "县委第三巡察组"),
])
def test_team_title_words_the_round_and_team(committee: str, session: str, number: int | None,
                                             team: tuple[str, int | None], expected: str) -> None:
    rnd = Round(title="轮次", kind="常规", committee=committee, session=session, number=number)
    name, team_number = team
    assert team_title(rnd, Team(name=name, number=team_number)) == expected
    assert team_title(None, None) == "党委巡察组" and committee_short("中共某县委员会") == "县委"
