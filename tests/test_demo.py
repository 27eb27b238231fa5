"""The demo data generator: every kind filled, the domain's samples verbatim, rules and vocabularies kept."""

from __future__ import annotations

import random
import re
import struct
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE

from app import demo
from app.demo.office import OfficeGenerator
from app.domain import rules
from app.domain.fields import FieldType
from app.domain.records import CHECK_KINDS, KINDS, Attachment, Interview, Lead, Member, Paper, Problem, Record
from app.domain.vocab import HEADINGS, SEED
from app.storage.kdf import TEST_PARAMS
from app.storage.search import record_text
from app.storage.vault import Vault

#: docs/domain.md §5, copied as written there (with the heading prefix the file uses).
DOMAIN_PROBLEMS = (
    "（二）2023年度业务招待费中有12笔共计3.6万元无公函和接待清单。",
    "（一）“三重一大”事项中2项工程变更未经党组会集体研究，由主要负责人直接审批。",
    "（四）上轮巡察反馈的5个问题中有2个存在“纸面整改”，相关制度未实际执行。",
    "（三）2022年以来3名中层干部选拔缺少动议环节记录，程序不规范。",
    "（二）向下属单位借用公务车辆1辆长期未归还。",
    "（三）某村集体资金支出未履行“四议两公开”程序。",
    "（二）惠农补贴发放台账与银行代发记录不一致，差额1.2万元。",
    "（三）党支部“三会一课”记录雷同，组织生活流于形式。",
)
PREFIXES = ("（一）", "（二）", "（三）", "（四）")
LEAD_EXAMPLE = "来信反映某局分管副局长在工程项目中违规干预招投标"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int], list[tuple[int, int]]]]:
    """One team-scale vault for the whole module (seed 1), with its counts and progress calls."""
    path = tmp_path_factory.mktemp("demo") / "team.xcv"
    vault = Vault.create(path, PASSPHRASE, role="team", owner="演示", kdf=TEST_PARAMS)
    calls: list[tuple[int, int]] = []
    counts = demo.fill(vault, scale="team", seed=1, progress=lambda done, total: calls.append((done, total)))
    yield vault, counts, calls
    vault.close()


@pytest.fixture(scope="module")
def vault(filled: tuple[Vault, dict[str, int], list[tuple[int, int]]]) -> Vault:
    return filled[0]


def every(vault: Vault, kind: str) -> list[Any]:
    return vault.records.list(kind)


def links(vault: Vault, relation: str) -> list[tuple[Record, Record]]:
    out = []
    for link in every(vault, "link"):
        if link.relation == relation:
            out.append((vault.records.get(link.src_id), vault.records.get(link.dst_id)))
    return out


# --- volumes ---------------------------------------------------------------------------------------


def test_team_scale_fills_every_kind(filled: tuple[Vault, dict[str, int], list[tuple[int, int]]]) -> None:
    vault, counts, _ = filled
    stored = vault.counts()
    for kind in CHECK_KINDS:
        plural = KINDS[kind].plural
        assert stored[plural] > 0, plural
        assert counts[plural] == stored[plural], plural
    assert counts["links"] == vault.records.count("link") > 0
    assert stored["conflicts"] == 0


def test_team_scale_volumes(vault: Vault) -> None:
    count = vault.records.count
    assert count("round") == count("team") == 1
    assert 5 <= count("member") <= 7
    assert 6 <= count("unit") <= 8
    per_unit = Counter(p.unit_id for p in every(vault, "person"))
    assert all(15 <= n <= 30 for n in per_unit.values()), per_unit
    assert 220 <= count("interview") <= 280
    assert count("petition") == 80
    assert count("lead") == 120
    assert count("document") == 200
    assert count("paper") == 60
    assert 30 <= count("problem") <= 50
    assert 60 <= count("rectification") <= 110
    assert 6 <= count("handover") <= 16
    assert count("attachment") == 30


def test_progress_reports_batches(filled: tuple[Vault, dict[str, int], list[tuple[int, int]]]) -> None:
    _, counts, calls = filled
    total = sum(counts.values())
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_office_scale_plan_is_the_size_design_md_plans_for() -> None:
    """Only generated in memory here; saving it (tens of seconds) is measured by hand."""
    gen = OfficeGenerator(random.Random(1))
    gen.build()
    kinds = Counter(r.KIND for r in gen.records)
    assert kinds["round"] == 2
    assert kinds["team"] == 2 * 83
    assert kinds["unit"] == 2 * 837
    assert 8 * 837 <= kinds["person"] <= 14 * 837  # rosters in the current round only
    assert 60_000 <= len(gen.records) + len(gen.links) <= 110_000
    assert len({r.id for r in gen.records}) == len(gen.records)


# --- the domain's samples ----------------------------------------------------------------------------


def test_the_eight_sample_problems_are_verbatim(vault: Vault) -> None:
    """Stored without the （一）…（四） prefix, which the heading field carries; the rest exactly."""
    problems = every(vault, "problem")
    papers = every(vault, "paper")
    formed = {(p.id, q.id) for p, q in links(vault, "形成问题")}
    for line in DOMAIN_PROBLEMS:
        prefix, text = line[:3], line[3:]
        heading = HEADINGS[PREFIXES.index(prefix)]
        found = [p for p in problems if p.description == text]
        assert len(found) == 1, text
        assert found[0].heading == heading
        paper = [p for p in papers if p.facts == text]
        assert len(paper) == 1, text
        assert paper[0].heading == heading
        assert paper[0].state in ("组长签字", "归档")
        assert (paper[0].id, found[0].id) in formed
    assert [f"{PREFIXES[s.heading]}{s.facts}" for s in demo.SAMPLE_PROBLEMS] == list(DOMAIN_PROBLEMS)


def test_the_lead_example_is_there(vault: Vault) -> None:
    found = [lead for lead in every(vault, "lead") if lead.summary == LEAD_EXAMPLE]
    assert len(found) == 1
    lead: Lead = found[0]
    assert lead.source == "来信"
    assert lead.transfer_to == "纪委监委"  # the handover_target vocabulary's word
    assert lead.disposal_route == "移交纪委监委"
    assert lead.receiver_category == "初步核实"
    assert "副局长" in lead.subject_post and lead.subject_unit == "某县住房和城乡建设局"
    assert any(dst.id == lead.id and src.KIND == "petition" for src, dst in links(vault, "引出线索"))
    handed = [src for src, dst in links(vault, "移交线索") if dst.id == lead.id]
    assert len(handed) == 1 and handed[0].to_unit == "纪委监委"


def test_round_teams_and_units_follow_domain_md(vault: Vault) -> None:
    assert [r.title for r in every(vault, "round")] == ["十五届县委第三轮巡察"]
    assert [t.name for t in every(vault, "team")] == ["第一巡察组"]
    names = {u.name for u in every(vault, "unit")}
    assert {"某县农业农村局党组", "某县住房和城乡建设局党组", "某县人民医院党委", "某镇党委", "某村党支部"} <= names
    assert all(re.fullmatch(r"2024-3-1-\d{3}", lead.number) for lead in every(vault, "lead"))
    numbers = [p.number for p in every(vault, "paper") if p.number]
    assert numbers and all(re.fullmatch(r"\[2024\]3巡-1组-\d{2}号", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


# --- rules and vocabularies ----------------------------------------------------------------------------


def test_every_choice_value_is_in_its_vocabulary(vault: Vault) -> None:
    for kind, spec in KINDS.items():
        if kind in ("vocab", "setting", "template"):
            continue
        choices = [f for f in spec.fields if f.type is FieldType.CHOICE]
        for record in every(vault, kind):
            for f in choices:
                value = getattr(record, f.name)
                assert value == "" or value in SEED[f.vocab or ""][2], (kind, f.name, value)
    for member in every(vault, "member"):
        for row in member.recusals:
            assert row["relation"] in SEED["relation_kin"][2]
            assert row["kind"] in SEED["recusal_kind"][2]
    for interview in every(vault, "interview"):
        assert interview.outline and all(row["category"] in HEADINGS for row in interview.outline)


def test_finalised_interviews_satisfy_the_rules(vault: Vault) -> None:
    interviews: list[Interview] = every(vault, "interview")
    members = {m.id for m in every(vault, "member")}
    final = [i for i in interviews if i.status == "已定稿"]
    assert len(final) > len(interviews) / 2
    assert any(i.status == "草稿" for i in interviews)
    for interview in final:
        assert rules.interview_finalise_problems(interview) == []
        assert set(interview.recorders) <= set(interview.interviewers) <= members
    for paper in every(vault, "paper"):
        assert not rules.paper_signed(paper) or (paper.number and paper.signed_by and paper.signed_at)


def test_papers_are_signed_by_their_leader_on_the_leaders_device(vault: Vault) -> None:
    """The demo's signatures arrive as merged writes authored by the team's 组长 (docs/domain.md §3.2);
    the flagged interview's recusal exception too."""
    leaders = {m.team_id: m.name for m in every(vault, "member") if m.role == "组长"}
    signed = [p for p in every(vault, "paper") if rules.paper_signed(p)]
    assert signed and all(p.signed_by == leaders[p.team_id] for p in signed)
    for paper in signed[:5]:
        [head] = [v for v in vault.records.versions(paper.id, "signed_by") if v.head]
        assert head.author == paper.signed_by != vault.info.owner
    flagged = [i for i in every(vault, "interview") if i.recusal_exceptions]
    assert len(flagged) == 1 and flagged[0].recusal_exceptions[0]["by"] == leaders[flagged[0].team_id]


def test_mandatory_interviewees_are_leaders_and_interviewed(vault: Vault) -> None:
    people = every(vault, "person")
    assert all(p.mandatory for p in people if p.leadership)
    talked = {i.person_id for i in every(vault, "interview") if i.kind == "必谈"}
    assert {p.id for p in people if p.mandatory} <= talked


def test_every_status_channel_and_heading_is_used(vault: Vault) -> None:
    def used(kind: str, name: str) -> set[str]:
        return {getattr(r, name) for r in every(vault, kind)}

    assert used("petition", "channel") == set(SEED["petition_channel"][2])
    assert used("petition", "status") == set(SEED["petition_status"][2])
    assert used("lead", "status") == set(SEED["lead_status"][2])
    assert used("lead", "discipline") == set(SEED["discipline"][2])
    assert used("paper", "state") == set(SEED["paper_state"][2])
    assert used("problem", "heading") == set(HEADINGS)
    assert used("document", "return_status") == set(SEED["return_status"][2])
    assert used("rectification", "status") == set(SEED["rect_status"][2])
    assert {"纪委监委", "组织部"} <= used("handover", "to_unit")
    assert {"个别谈话", "调阅资料", "来信"} <= used("lead", "source")


def test_rectification_deadlines_show_overdue_and_immediate_items(vault: Vault) -> None:
    items = every(vault, "rectification")
    done = ("已完成", "已销号")
    overdue = [r for r in items if r.status not in done and r.deadline and r.deadline < demo.AS_OF
               and r.status != "长期坚持"]
    assert overdue
    assert any(r.immediate and r.status in done for r in items)
    assert any(r.deadline and r.deadline > demo.AS_OF for r in items)
    assert all(r.responsible_leader and r.responsible_dept and r.measures for r in items)
    assert all(r.closed_at for r in items if r.status == "已销号")


def test_links_join_the_chain(vault: Vault) -> None:
    expected = {
        "引出线索": ({"interview", "petition"}, {"lead"}),
        "形成底稿": ({"lead"}, {"paper"}),
        "形成问题": ({"paper"}, {"problem"}),
        "整改事项": ({"problem"}, {"rectification"}),
        "移交线索": ({"handover"}, {"lead"}),
    }
    for relation, (sources, targets) in expected.items():
        pairs = links(vault, relation)
        assert pairs, relation
        assert {s.KIND for s, _ in pairs} == sources, relation
        assert {d.KIND for _, d in pairs} == targets, relation
    problems: list[Problem] = every(vault, "problem")
    assert all(any(r.problem_id == p.id for r in every(vault, "rectification")) for p in problems)


def test_recusal_declarations_can_be_demonstrated(vault: Vault) -> None:
    members: list[Member] = every(vault, "member")
    units = {u.id: u for u in every(vault, "unit")}
    person_hits = [p for p in every(vault, "person")
                   if rules.recusal_hits(members, person=p, unit=units[p.unit_id])]
    assert len(person_hits) >= 1
    unit_hits = [u for u in units.values() if rules.recusal_hits(members, unit=u)]
    assert len(unit_hits) >= 1  # a declaration naming only a unit (任职回避)


def test_only_one_draft_interview_breaks_a_recusal(vault: Vault) -> None:
    """Interviewers avoid the people and units they declared, except in one draft kept for the warning."""
    members = {m.id: m for m in every(vault, "member")}
    units = {u.id: u for u in every(vault, "unit")}
    flagged = []
    for interview in every(vault, "interview"):
        person = vault.records.get(interview.person_id) if interview.person_id else None
        assigned = [members[i] for i in interview.interviewers + interview.recorders]
        if rules.recusal_hits(assigned, person=person, person_name=interview.interviewee,
                              unit=units[interview.unit_id]):
            flagged.append(interview)
    assert [i.status for i in flagged] == ["草稿"]


def test_search_finds_two_character_words(vault: Vault) -> None:
    for word in ("粮食", "招待", "公务用车", "三重一大", "选人用人", "三会一课"):
        assert vault.search(word), word


def test_check_is_sound(vault: Vault) -> None:
    report = vault.check()
    assert report.ok, report.problems


# --- attachments ------------------------------------------------------------------------------------


def _valid_png(data: bytes) -> bool:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        tag, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(tag + body) & 0xFFFFFFFF == crc
        if tag == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    width, height = size
    return tag == b"IEND" and len(zlib.decompress(idat)) == height * (1 + 3 * width)


def _valid_pdf(data: bytes) -> bool:
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    startxref = int(data[data.rindex(b"startxref") + 9:].split()[0])
    assert data[startxref:startxref + 4] == b"xref"
    table = data[startxref:].split(b"trailer")[0].split(b"\n")
    first, count = (int(x) for x in table[1].split())
    for number, line in enumerate(table[3:2 + count], start=first + 1):
        offset = int(line.split()[0])
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    return b"/Type /Page " in data


def test_attachments_are_valid_png_and_pdf_files(vault: Vault) -> None:
    attachments: list[Attachment] = every(vault, "attachment")
    mimes = Counter(a.mime for a in attachments)
    assert mimes["image/png"] > 0 and mimes["application/pdf"] > 0
    for attachment in attachments:
        data = b"".join(vault.blobs.chunks(attachment.sha256))
        assert len(data) == attachment.size
        assert _valid_png(data) if attachment.mime == "image/png" else _valid_pdf(data)
        owner = vault.records.get(attachment.owner_id or "")
        assert owner.KIND in ("interview", "petition", "paper", "rectification")
        assert attachment.added_at is not None and attachment.added_at.year == 2024


# --- determinism and refusals -----------------------------------------------------------------------------


def signature(vault: Vault) -> list[tuple[str, ...]]:
    """Everything a person can read in the vault, without ids and stamps."""
    out: list[tuple[str, ...]] = []
    for kind in KINDS:
        if kind in ("vocab", "setting", "template", "link"):
            continue
        for record in every(vault, kind):
            text = "\n".join(f"{label}={value}" for label, value in record_text(record))
            out.append((kind, record.label(), text))
    for link in every(vault, "link"):
        out.append(("link", link.relation, vault.records.get(link.src_id).label(),
                    vault.records.get(link.dst_id).label()))
    return sorted(out)


def test_same_seed_gives_the_same_texts(vault: Vault, make_vault: Callable[..., Vault]) -> None:
    again = make_vault("again.xcv")
    demo.fill(again, scale="team", seed=1)
    assert signature(again) == signature(vault)
    other = make_vault("other.xcv")
    demo.fill(other, scale="team", seed=2)
    assert signature(other) != signature(vault)


def test_refuses_a_vault_with_records_and_an_unknown_scale(make_vault: Callable[..., Vault]) -> None:
    target = make_vault()
    with pytest.raises(ValueError):
        demo.fill(target, scale="province")
    target.records.save(Paper(title="已有底稿", heading=HEADINGS[0], facts="事实", state="草稿"))
    with pytest.raises(ValueError):
        demo.fill(target)


def test_chinese_numerals() -> None:
    assert [demo.cn_number(n) for n in (1, 9, 10, 11, 20, 23, 83, 99)] == \
        ["一", "九", "十", "十一", "二十", "二十三", "八十三", "九十九"]


def test_module_imports_only_domain_and_storage() -> None:
    """At module level the demo package reads the domain and storage (and itself) only."""
    for module in sorted(Path(demo.__file__).parent.glob("*.py")):
        source = module.read_text(encoding="utf-8")
        imported = set(re.findall(r"^(?:from|import) (app\.\w+)", source, re.M))
        assert imported <= {"app.domain", "app.storage", "app.demo"}, module.name
