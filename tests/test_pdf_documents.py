"""The working paper, the handover list and the inspection report, read back from the PDF.

Text extracts equal to the vault's, fonts embedded and subset, A4 (landscape for the list), the
report's text block where GB/T 9704 puts it, markup printed literally, 50,000-character fields
paginate, the draft mark, and every print in the audit trail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.demo import merge_from_device
from app.domain.records import Handover, Lead, Paper, Setting, Unit
from app.domain.vocab import HEADINGS
from app.export.pdf import layout as L
from app.export.pdf import print_feedback, print_handover, print_inspection_report, print_paper
from app.export.pdf.base import DocOptions, Finding
from app.export.pdf.handover import HandoverContent, HandoverList, HandoverRow
from app.export.pdf.inspection_report import InspectionReport, ReportContent
from app.export.pdf.paper import Evidence, PaperContent, WorkingPaper, review_trail
from app.storage.vault import Vault
from tests.signing import save_paper
from tests.test_pdf import HOSTILE, MM, make_round, paper, pdf_text, squash

LONG = ("喵" * 99 + "。") * 500  # 50,000 characters; "喵" appears nowhere else


def pages_of(data: bytes) -> list[Any]:
    return list(PdfReader(io.BytesIO(data)).pages)


def texts_with_size(page: Any) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    page.extract_text(visitor_text=lambda t, cm, tm, font, size: found.append((t, size)) if t.strip() else None)
    return found


def make_signed_paper(vault: Vault, unit: Unit, **extra: Any) -> Paper:
    """A paper taken through every review step by saves, so its history holds each one."""
    record = vault.records.save(Paper(
        title="公务接待超标准" + HOSTILE, unit_id=unit.id, team_id=unit.team_id, heading=HEADINGS[1],
        tag="其他", source="调阅资料", facts="2023年接待12批次超标准，共计3.6万元。\n其中4批次无公函。",
        characterisation="违反《党政机关国内公务接待管理规定》。", responsibility="主体责任：某县测试局党组。",
        evidence=[{"evidence_id": "ZJ01-01", "description": "2023年接待清单" + HOSTILE, "source": "调阅资料"},
                  {"evidence_id": "ZJ01-02", "description": "财务凭证复印件", "source": "调阅资料"}],
        finder="李四", found_at=dt.date(2024, 4, 20), writer="李四", written_at=dt.date(2024, 4, 22),
        state="草稿", secrecy="秘密", **extra))
    assert isinstance(record, Paper)
    record.state = "组务会审核"
    vault.records.save(record)
    record.number, record.review_opinion = "[2024]3巡-1组-01号", "事实清楚，定性准确，同意。"
    vault.records.save(record)  # what signing needs, then the signature, made on the leader's vault
    merge_from_device(vault, "张三", [(record, {"state": "组长签字", "signed_by": "张三",
                                                 "signed_at": dt.date(2024, 5, 6)})], source="组长设备")
    record = vault.records.get(record.id, Paper)  # archived by the 组长 too, on the leader's vault
    merge_from_device(vault, "张三", [(record, {"state": "归档", "archived_at": dt.date(2024, 6, 1)})],
                      source="组长设备")
    return vault.records.get(record.id, Paper)


# --- the working paper ------------------------------------------------------------------------


def test_paper_prints_fields_body_evidence_trail_and_signature_lines(vault: Vault, tmp_path: Path) -> None:
    unit, _, _ = make_round(vault)
    record = make_signed_paper(vault, unit)
    lead = vault.records.save(Lead(number="2024-3-1-007", subject_name="王五", source="来信", summary="接待问题"))
    vault.records.link(lead.id, record.id, "形成底稿")
    vault.attach(record.id, io.BytesIO(b"%PDF-1.4 evidence"), "接待清单扫描件.pdf")
    out = tmp_path / "paper.pdf"
    label, pages = print_paper(vault, out, record.number, options=DocOptions(copy_number="000007", secrecy="秘密★1年"))
    assert label == record.number and pages >= 1
    text = squash(pdf_text(out.read_bytes()))
    for part in ("问题底稿", "000007", "秘密★1年", record.number, unit.name, "第一巡察组", HEADINGS[1], record.title,
                 "调阅资料", "李四", "2024年4月20日", "2024年4月22日", record.facts, record.characterisation,
                 record.responsibility, "四、佐证材料清单", "ZJ01-01", "2023年接待清单" + HOSTILE, "财务凭证复印件",
                 "问题线索：2024-3-1-007", "接待清单扫描件.pdf", "五、审核流程", "事实清楚，定性准确，同意。",
                 "2024年5月6日", "2024年6月1日", "撰写人（签字）：", "组长（签字）："):
        assert squash(part) in text, part
    # The review step with no field of its own takes who from the state's history (the vault owner).
    assert squash("组务会审核测试员") in text
    assert "问题底稿（草稿）" not in text
    assert not any(t.strip() == "草稿" and size > 100 for page in PdfReader(out).pages
                   for t, size in texts_with_size(page))
    entries = [e for e in vault.journal.entries() if e.action == "print-paper"]
    assert entries and entries[0].record_id == record.id and entries[0].detail["file"] == "paper.pdf"
    assert entries[0].detail["pages"] == pages and entries[0].detail["copy"] == "000007"


def test_draft_paper_carries_the_draft_mark_on_every_page(vault: Vault) -> None:
    unit, _, _ = make_round(vault)
    draft = vault.records.save(Paper(title="草拟中的问题", unit_id=unit.id, heading=HEADINGS[0], state="草稿",
                                     facts="事实。" * 2000))
    data = io.BytesIO()
    label, pages = print_paper(vault, data, draft.id)
    assert label == "草拟中的问题" and pages > 1
    reader = pages_of(data.getvalue())
    assert len(reader) == pages
    for page in reader:  # the stamp: "草稿" large across the page, and boxed at the top
        marks = [size for t, size in texts_with_size(page) if t.strip() == "草稿"]
        assert any(size > 100 for size in marks) and any(size == L.SIZE_2 for size in marks)
    assert squash("问题底稿（草稿）") in squash(pdf_text(data.getvalue()))
    assert squash("（未编号）") in squash(pdf_text(data.getvalue()))
    entry = next(e for e in vault.journal.entries() if e.action == "print-paper")
    assert entry.record_id == draft.id and entry.detail["file"] == "" and entry.detail["state"] == "草稿"


def test_review_trail_prefers_the_record_and_leaves_steps_not_reached_empty() -> None:
    draft = Paper(title="t", heading=HEADINGS[0], state="组务会审核", writer="李四", written_at=dt.date(2024, 4, 2),
                  review_opinion="补充材料后再审")
    at = dt.datetime(2024, 4, 9, 10, 5)
    steps = review_trail(draft, [("草稿", "王某", at), ("组务会审核", "赵某", at), ("组长签字", "钱某", at)])
    assert [(s.state, s.who, s.when, s.reached) for s in steps] == [
        ("草稿", "李四", "2024年4月2日", True), ("组务会审核", "赵某", "2024年4月9日10时05分", True),
        ("组长签字", "", "", False), ("归档", "", "", False)]
    assert steps[1].note == "补充材料后再审"


def test_unknown_paper_is_a_lookup_error_and_records_nothing(vault: Vault, tmp_path: Path) -> None:
    before = len(vault.journal.entries())
    with pytest.raises(LookupError, match="没有编号为"):
        print_paper(vault, tmp_path / "x.pdf", "[2024]9巡-9组-99号")
    assert not (tmp_path / "x.pdf").exists() and len(vault.journal.entries()) == before


# --- the handover list -------------------------------------------------------------------------


def make_handovers(vault: Vault, count: int) -> tuple[Unit, Unit]:
    unit, team, _ = make_round(vault)
    other = vault.records.save(Unit(name="某县另一局党组", round_id=unit.round_id, team_id=team.id))
    assert isinstance(other, Unit)
    for n in range(count):
        owner = unit if n % 2 == 0 else other
        handover = vault.records.save(Handover(
            title=f"第{n}批问题线索" + (HOSTILE if n == 0 else ""), unit_id=owner.id, team_id=team.id,
            from_unit="中共某县委巡察工作领导小组办公室", from_handler="张三", handed_at=dt.date(2024, 6, 1 + n % 28),
            to_unit="纪委监委" if n % 3 else "组织部"))
        for k in range(1 + n % 3):
            lead = vault.records.save(Lead(number=f"2024-3-{n:02d}{k}", unit_id=owner.id, subject_name="某",
                                           source="来信", summary="s"))
            vault.records.link(handover.id, lead.id, "移交线索")
    return unit, other


def test_handover_list_is_landscape_with_the_header_on_every_page(vault: Vault, tmp_path: Path) -> None:
    make_handovers(vault, 30)
    out = tmp_path / "handover.pdf"
    scope, pages = print_handover(vault, out, options=DocOptions(secrecy="秘密★1年", watermark="送县纪委监委"))
    assert scope == "全部被巡察单位" and pages > 1
    reader = PdfReader(out)
    with_rows = 0
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 297 * MM) < 0.5 and abs(float(page.mediabox.height) - 210 * MM) < 0.5
        text = page.extract_text()
        if "批问题线索" in text:  # every page with rows of the table starts with its header
            with_rows += 1
            header = text.index("序号")
            assert header < text.index("批问题线索")
            for column in ("被巡察单位", "移交事项", "件数", "接收单位", "移交时间", "接收人签字"):
                assert text.index(column, header) < text.index("批问题线索"), column
    assert with_rows > 1
    text = squash(pdf_text(out.read_bytes()))
    for n in range(30):
        assert squash(f"第{n}批问题线索") in text
    assert squash("第0批问题线索" + HOSTILE) in text
    for part in ("问题线索移交清单", "秘密★1年", "共30批、60件", "移交经办人：张三", "2024-3-000", "2024-3-292",
                 "合计：30批、60件。", "移交方经办人（签字）：", "接收方经办人（签字）：", "2024年6月28日"):
        assert squash(part) in text, part
    entry = next(e for e in vault.journal.entries() if e.action == "print-handover")
    assert entry.detail == {"file": "handover.pdf", "unit": "全部被巡察单位", "rows": 30, "pages": pages, "copy": ""}


def test_handover_list_of_one_unit_leaves_the_others_out(vault: Vault) -> None:
    unit, other = make_handovers(vault, 6)
    data = io.BytesIO()
    scope, _ = print_handover(vault, data, other.name)
    assert scope == other.name
    text = squash(pdf_text(data.getvalue()))
    assert all(squash(f"第{n}批问题线索") in text for n in (1, 3, 5))
    assert not any(squash(f"第{n}批问题线索") in text for n in (0, 2, 4))
    assert squash(f"范围：{other.name}") in text and "被巡察单位" not in text  # the column goes for one unit
    with pytest.raises(LookupError, match="没有名为"):
        print_handover(vault, io.BytesIO(), "不存在的单位")


# --- the inspection report ---------------------------------------------------------------------


def test_inspection_report_holds_signed_papers_only_under_the_headings(vault: Vault, tmp_path: Path) -> None:
    unit, _, _ = make_round(vault)
    papers = [p for p in (save_paper(vault, p) for p in (
        paper(unit, 1, "组长签字", HEADINGS[0], "学习次数不足。"),
        paper(unit, 2, "归档", HEADINGS[3], "整改不到位。" + HOSTILE),
        paper(unit, 3, "草稿", HEADINGS[1], "草稿的事实不应出现。"),
        paper(unit, 4, "组务会审核", HEADINGS[2], "审核中的事实不应出现。"))) if isinstance(p, Paper)]
    assert len(papers) == 4
    vault.records.save(Setting(key=f"report.assessment:{unit.id}", value="报告的总体评价第一段。\n第二段。"))
    out = tmp_path / "report.pdf"
    name, pages = print_inspection_report(vault, out, unit.name, options=DocOptions(copy_number="000002"))
    assert name == unit.name and pages >= 1
    text = squash(pdf_text(out.read_bytes()))
    for part in (f"关于巡察{unit.name}的情况报告", "中共某县委巡察工作领导小组：", "000002",
                 "根据中共某县委员会统一部署，2024年4月8日至5月20日，县委第一巡察组", "常规巡察",
                 "形成问题底稿4份，其中经组务会审核、组长签字的2份", "一、总体评价", "报告的总体评价第一段。",
                 "第二段。", "二、主要问题", f"（一）在{HEADINGS[0]}方面", f"（二）在{HEADINGS[3]}方面",
                 "三、意见建议", "特此报告。"):
        assert squash(part) in text, part
    for p in papers[:2]:
        for part in (f"1.{p.title}", p.facts, p.characterisation):
            assert squash(part) in text, part
        assert squash(p.responsibility) not in text  # 责任指向 stays in the working paper
    for p in papers[2:]:
        assert squash(p.facts) not in text
    assert text.index(squash(HEADINGS[0])) < text.index(squash(papers[0].facts)) < text.index(squash(HEADINGS[3]))
    entry = next(e for e in vault.journal.entries() if e.action == "print-inspection-report")
    assert entry.detail == {"file": "report.pdf", "unit": unit.name, "pages": pages, "copy": "000002"}


def report_content(**changes: Any) -> ReportContent:
    base = ReportContent(unit="某单位党组", committee="中共某县委员会", signer="中共某县委员会第一巡察组",
                         date=dt.date(2024, 1, 5), assessment=["总体评价。"], recommendations=["建议。"],
                         addressee="中共某县委巡察工作领导小组")
    return dataclasses.replace(base, **changes)


def test_report_text_block_where_the_standard_puts_it() -> None:
    body = "巡察组认为该单位能够贯彻落实上级决策部署各项工作取得一定成效同时巡察中也发现一些问题" * 40
    data = io.BytesIO()
    InspectionReport(report_content(assessment=[body] * 3)).build(data)
    page = pages_of(data.getvalue())[1]  # a page of body text only
    found: list[tuple[float, float, float]] = []
    page.extract_text(visitor_text=lambda t, cm, tm, f, size: found.append((cm[4], cm[5] + tm[5], size))
                      if t.strip() and size == L.SIZE_3 else None)
    x, y, size = found[0]
    assert abs(x - 28 * MM) < 1 * MM  # 订口 28 mm
    assert abs(y + 0.88 * size - (297 - 37) * MM) < 1 * MM  # 天头 37 mm
    lines = [t for t in page.extract_text().split("\n") if t.strip() and "—" not in t]
    assert len(lines) == L.LINES_PER_PAGE
    assert max(len(t.strip()) for t in lines) == L.CHARS_PER_LINE


# --- all three --------------------------------------------------------------------------------


def _paper_doc(long: str = "") -> WorkingPaper:
    p = Paper(number="[2024]3巡-1组-01号", title="标题" + HOSTILE, heading=HEADINGS[0], state="组长签字",
              facts="事实" + HOSTILE + long, characterisation="定性" + HOSTILE, responsibility="责任" + HOSTILE,
              notes="备注" + HOSTILE)
    evidence = [Evidence("ZJ-01", "佐证" + HOSTILE + long, "调阅资料")]
    return WorkingPaper(PaperContent(p, "某单位" + HOSTILE, "第一巡察组", evidence, review_trail(p)))


def _handover_doc(long: str = "") -> HandoverList:
    rows = [HandoverRow(Handover(title=f"线索{n}" + HOSTILE + (long if n == 1 else ""), to_unit="纪委监委",
                                 from_handler="张三", handed_at=dt.date(2024, 6, 3)), "某单位", [f"2024-3-{n}"])
            for n in range(3)]
    return HandoverList(HandoverContent("全部被巡察单位", rows, date=dt.date(2024, 6, 30)))


def _report_doc(long: str = "") -> InspectionReport:
    item = Finding("问题" + HOSTILE, ("事实" + HOSTILE + long,))
    return InspectionReport(report_content(unit="某单位" + HOSTILE, problems={HEADINGS[1]: [item]}))


BUILDERS: dict[str, Callable[..., Any]] = {"paper": _paper_doc, "handover": _handover_doc, "report": _report_doc}


@pytest.mark.parametrize("kind", BUILDERS)
def test_fonts_embedded_subset_and_a4(kind: str) -> None:
    data = io.BytesIO()
    document = BUILDERS[kind]()
    document.options = DocOptions(copy_number="000001", secrecy="秘密★1年", watermark="第1份", title="t")
    document.build(data)
    seen = set()
    for page in pages_of(data.getvalue()):
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert abs(size[0] - 210 * MM) < 0.5 and abs(size[1] - 297 * MM) < 0.5
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            seen.add(str(font["/BaseFont"]))
            assert re.match(r"^/[A-Z]{6}\+", str(font["/BaseFont"])), font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert len(seen) >= 2


@pytest.mark.parametrize("kind", BUILDERS)
def test_markup_in_user_text_prints_literally_and_opens_nothing(kind: str) -> None:
    opened: list[str] = []
    armed = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if armed[0] and event == "open" and args and isinstance(args[0], str | bytes):
            opened.append(str(args[0]))

    sys.addaudithook(hook)
    data = io.BytesIO()
    try:
        BUILDERS[kind]().build(data)
    finally:
        armed[0] = False
    assert not [p for p in opened if "passwd" in p]
    text = squash(pdf_text(data.getvalue()))
    assert text.count(squash(HOSTILE)) >= 3


@pytest.mark.parametrize("kind", BUILDERS)
def test_fifty_thousand_character_field_paginates(kind: str) -> None:
    assert len(LONG) == 50_000
    data = io.BytesIO()
    pages = BUILDERS[kind](LONG).build(data)
    assert pages > 20
    text = squash(pdf_text(data.getvalue()))
    # Every character printed (the paper has LONG twice: its facts and an evidence row).
    assert text.count("喵") == LONG.count("喵") * (2 if kind == "paper" else 1)
    if kind != "handover":  # in body text the long field reads back in one piece
        assert squash("事实" + HOSTILE + LONG) in text


def test_every_document_writes_to_a_stream_as_well_as_a_path(vault: Vault, tmp_path: Path) -> None:
    unit, _, _ = make_round(vault)
    record = make_signed_paper(vault, unit)
    calls: list[tuple[Callable[..., tuple[str, int]], str, str | None]] = [
        (print_paper, "print-paper", record.id), (print_handover, "print-handover", None),
        (print_inspection_report, "print-inspection-report", unit.name), (print_feedback, "print-feedback", unit.name)]
    for call, action, arg in calls:
        stream = io.BytesIO()
        _, pages = call(vault, stream, arg)
        assert stream.getvalue().startswith(b"%PDF") and len(pages_of(stream.getvalue())) == pages
        path = tmp_path / f"{action}.pdf"
        call(vault, path, arg)
        assert path.read_bytes().startswith(b"%PDF")
        files = [e.detail["file"] for e in vault.journal.entries() if e.action == action]
        assert files[:2] == [path.name, ""], action  # newest first: the path, then the stream
    assert not list(tmp_path.glob(".*.tmp"))
