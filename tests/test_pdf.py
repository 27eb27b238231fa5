"""PDF documents read back: text equals the vault's, fonts embedded, GB/T 9704 geometry, hostile text."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.domain.records import Interview, Member, Paper, Round, Team, Unit
from app.domain.vocab import HEADINGS
from app.export.pdf import layout as L
from app.export.pdf import print_feedback, print_interview
from app.export.pdf.base import DocOptions
from app.export.pdf.feedback import FeedbackContent, FeedbackOpinion
from app.export.pdf.interview import InterviewContent, InterviewRecord
from app.storage.vault import Vault
from tests.signing import save_paper

MM = 72 / 25.4
HOSTILE = ('<img src="/etc/passwd"/> & <b>粗体</b> <a href="file:///etc/passwd">链接</a> '
           '<font color="[[x]]">色</font> &amp;')


def squash(text: str) -> str:
    """Text without whitespace, page numbers "— n —" and the interview's per-page signature line."""
    return re.sub(r"—\d+—|以上记录我已看过，与我所谈一致。谈话对象（签字）：年月日", "", re.sub(r"\s+", "", text))


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def make_round(vault: Vault) -> tuple[Unit, Team, list[Member]]:
    rnd = vault.records.save(Round(title="第三轮巡察", kind="常规", committee="中共某县委员会",
                                   feedback_date=dt.date(2024, 7, 15)))
    team = vault.records.save(Team(name="第一巡察组", round_id=rnd.id, office="中共某县委巡察工作领导小组办公室"))
    unit = vault.records.save(Unit(name="某县测试局党组", round_id=rnd.id, team_id=team.id,
                                   entry_date=dt.date(2024, 4, 8), exit_date=dt.date(2024, 5, 20)))
    members = [vault.records.save(Member(name=n, team_id=team.id, role=r))
               for n, r in (("张三", "组长"), ("李四", "组员"))]
    assert isinstance(unit, Unit) and isinstance(team, Team)
    return unit, team, [m for m in members if isinstance(m, Member)]


def paper(unit: Unit, n: int, state: str, heading: str, facts: str) -> Paper:
    return Paper(number=f"[2024]3巡-1组-{n}号", title=f"问题{n}标题", unit_id=unit.id, heading=heading,
                 facts=facts, characterisation=f"定性分析{n}：违反有关规定。",
                 responsibility=f"责任指向{n}：主体责任。",
                 state=state, signed_by="张三" if state in ("组长签字", "归档") else "",
                 signed_at=dt.date(2024, 5, 20) if state in ("组长签字", "归档") else None)


@pytest.fixture
def filled(vault: Vault) -> Iterator[tuple[Vault, Unit, list[Paper]]]:
    unit, _, _ = make_round(vault)
    papers = [
        paper(unit, 1, "组长签字", HEADINGS[0], "2023年度理论学习中心组集中学习3次，少于规定次数。"),
        paper(unit, 2, "归档", HEADINGS[1], "业务招待费中有12笔共计3.6万元无公函。" + HOSTILE),
        paper(unit, 3, "草稿", HEADINGS[2], "草稿底稿的事实不应出现在反馈意见中。"),
        paper(unit, 4, "组务会审核", HEADINGS[3], "审核中的底稿也不应出现。"),
    ]
    saved = [save_paper(vault, p) for p in papers]
    yield vault, unit, [p for p in saved if isinstance(p, Paper)]


def test_feedback_prints_signed_papers_only_and_text_extracts_equal(filled: Any, tmp_path: Path) -> None:
    vault, unit, papers = filled
    out = tmp_path / "fb.pdf"
    name, pages = print_feedback(vault, out, unit.name, options=DocOptions(copy_number="000001", secrecy="秘密★1年"))
    assert name == unit.name and pages >= 1
    text = squash(pdf_text(out.read_bytes()))
    assert squash(f"关于对{unit.name}巡察情况的反馈意见") in text
    for p in papers[:2]:
        for part in (p.title, p.facts, p.characterisation):
            assert squash(part) in text
        assert squash(p.responsibility) not in text  # 责任指向 stays in the working paper
    for p in papers[2:]:
        assert squash(p.facts) not in text
    for word in ("一、总体评价", "二、主要问题", "三、意见建议", "000001", "秘密★1年", "2024年7月15日",
                 "自反馈之日起3个月内", "县委第一巡察组", "2024年7月15日印发"):
        assert squash(word) in text, word
    assert squash(f"（一）在{HEADINGS[0]}方面") in text and squash(f"（二）在{HEADINGS[1]}方面") in text
    assert not list(tmp_path.glob(".*tmp"))
    assert vault.journal.entries(limit=5)[-1].action == "print-feedback" or any(
        e.action == "print-feedback" for e in vault.journal.entries())


def test_every_font_embedded_and_subset_and_page_is_a4(filled: Any, tmp_path: Path) -> None:
    vault, unit, _ = filled
    out = tmp_path / "fb.pdf"
    print_feedback(vault, out, unit.name, options=DocOptions(secrecy="秘密★1年", watermark="抄送张三 2024 第1份"))
    reader = PdfReader(out)
    seen = set()
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 210 * MM) < 0.5 and abs(float(page.mediabox.height) - 297 * MM) < 0.5
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            seen.add(str(font["/BaseFont"]))
            assert re.match(r"^/[A-Z]{6}\+", str(font["/BaseFont"])), font["/BaseFont"]  # subset
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # TrueType program embedded
    assert len(seen) >= 3  # Song/FangSong, Hei, Kai


def _first_lines(page: Any) -> list[tuple[float, float, float, str]]:
    """(x, y, size, text) of each text object's first line, in absolute page coordinates."""
    out: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip() and abs(cm[0] - 1) < 1e-6 and tm[4] > 0.01 or (text.strip() and tm[4] == 0 and tm[5] > 20):
            out.append((cm[4] + tm[4], cm[5] + tm[5], size, text.strip()))

    page.extract_text(visitor_text=visit)
    return out


def test_text_block_where_the_standard_puts_it(tmp_path: Path) -> None:
    body = "巡察组认为该单位能够贯彻落实上级决策部署各项工作取得一定成效同时巡察中也发现一些问题" * 40
    content = FeedbackContent(unit="某单位党组", committee="中共某县委员会", signer="中共某县委员会第一巡察组",
                              date=dt.date(2024, 1, 5), assessment=[body] * 3, recommendations=["建议。"])
    data = io.BytesIO()
    FeedbackOpinion(content).build(data)
    reader = PdfReader(io.BytesIO(data.getvalue()))
    page = reader.pages[1]  # a page of body text only
    found: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip() and size == L.SIZE_3:
            found.append((cm[4], cm[5] + tm[5], size, text))

    page.extract_text(visitor_text=visit)
    assert found
    x, y, size, _ = found[0]
    assert abs(x - 28 * MM) < 1 * MM  # 订口 28 mm
    assert abs(y + 0.88 * size - (297 - 37) * MM) < 1 * MM  # 天头 37 mm: first line's top at the 版心's top
    # Every line holds 28 characters and the page holds 22 lines.
    lines = [t for t in re.split(r"\n", page.extract_text()) if t.strip() and "—" not in t]
    assert len(lines) == L.LINES_PER_PAGE
    assert max(len(t.strip()) for t in lines) == L.CHARS_PER_LINE
    assert abs(L.LINE_PITCH * L.LINES_PER_PAGE - 225 * MM) < 0.01
    # The page number "— 2 —" sits 7 mm below the 版心, at the left on an even page.
    numbers: list[tuple[float, float]] = []
    page.extract_text(visitor_text=lambda t, cm, tm, f, s: numbers.append((cm[4] + tm[4], cm[5] + tm[5]))
                      if "—" in t else None)
    nx, ny = numbers[0]
    assert abs(nx - (28 * MM + L.ZI)) < 1 * MM
    assert abs(ny + 0.88 * L.SIZE_4 - (35 - 7) * MM) < 1 * MM


def test_hostile_markup_renders_literally_and_opens_no_file(filled: Any, tmp_path: Path) -> None:
    vault, unit, _ = filled
    opened: list[str] = []
    armed = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if armed[0] and event == "open" and args and isinstance(args[0], str | bytes):
            opened.append(str(args[0]))

    sys.addaudithook(hook)
    try:
        out = tmp_path / "fb.pdf"
        print_feedback(vault, out, unit.name)
    finally:
        armed[0] = False
    assert not [p for p in opened if "passwd" in p]
    text = squash(pdf_text(out.read_bytes()))
    assert squash(HOSTILE) in text


def make_interview(vault: Vault, content: str) -> Interview:
    unit, team, members = make_round(vault)
    record = vault.records.save(Interview(
        number="2024-3-1-T001", unit_id=unit.id, team_id=team.id, interviewee="王五", post="副局长" + HOSTILE,
        interviewee_unit="某县测试局", time=dt.datetime(2024, 4, 26, 9, 30), place="谈话室", kind="必谈",
        interviewers=[m.id for m in members], recorders=[members[1].id], summary="摘要：" + HOSTILE,
        content=content, confirmed=True, status="已定稿", secrecy="秘密"))
    assert isinstance(record, Interview)
    return record


def test_interview_record_has_fields_and_a_signature_line_on_every_page(vault: Vault, tmp_path: Path) -> None:
    content = "\n".join(f"问：第{i}个问题？\n答：回答{i}，情况属实。{HOSTILE}" for i in range(60))
    record = make_interview(vault, content)
    out = tmp_path / "iv.pdf"
    record_id, pages = print_interview(vault, out, record.id)
    assert record_id == record.id and pages > 1
    reader = PdfReader(out)
    for page in reader.pages:
        assert "谈话对象（签字）" in page.extract_text()
    text = squash(pdf_text(out.read_bytes()))
    for part in ("个别谈话记录", "2024-3-1-T001", "王五", "张三、李四", "2024年4月26日9时30分", "谈话室"):
        assert squash(part) in text, part
    assert squash(content) in text
    assert any(e.action == "print-interview" and e.record_id == record.id for e in vault.journal.entries())


def test_fifty_thousand_character_interview_renders(tmp_path: Path) -> None:
    record = Interview(interviewee="赵六", kind="必谈", content="这是一段很长的谈话内容，" * 4166 + HOSTILE,
                       outline=[{"category": "其他", "question": "问" + HOSTILE, "answer": "答" + HOSTILE}])
    assert len(record.content) >= 50_000
    data = io.BytesIO()
    pages = InterviewRecord(InterviewContent(record, "某单位", ["张三"], ["李四"])).build(data)
    assert pages > 50
    text = squash(pdf_text(data.getvalue()))
    assert squash(record.content) in text
