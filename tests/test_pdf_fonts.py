"""The document faces: the body in Zhuque Fangsong (仿宋), and 生僻字 of the CJK extensions print and
extract from the PDF's text layer (docs/documents.md, "Fonts")."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.domain.records import Interview, Paper, Team, Unit
from app.domain.vocab import HEADINGS
from app.export.pdf import layout as L
from app.export.pdf import print_feedback, print_interview
from app.export.pdf.base import DocOptions
from app.export.pdf.feedback import FeedbackContent, FeedbackOpinion
from app.export.pdf.fonts import (
    FALLBACKS,
    FANGSONG,
    KAI,
    RARE_A,
    RARE_B,
    RARE_G,
    SONG,
    covers,
    markup,
    register_fonts,
    runs,
)
from app.storage.vault import Vault
from tests.signing import save_paper
from tests.test_pdf import make_round

#: One or two characters of each CJK extension the rare-character faces cover, with its block.
RARE = {
    "\u4DAE": ("Ext A", 0x3400, 0x4DBF),  # 䶮, as in 刘䶮 (Zhuque Fangsong has it)
    "\u3400": ("Ext A", 0x3400, 0x4DBF),  # 㐀 (only HanaMinA has it)
    "\U00020000": ("Ext B", 0x20000, 0x2A6DF),  # 𠀀
    "\U0002A6A5": ("Ext B", 0x20000, 0x2A6DF),  # 𪚥
    "\U0002A700": ("Ext C", 0x2A700, 0x2B73F),
    "\U0002B740": ("Ext D", 0x2B740, 0x2B81F),  # 𫝀
    "\U0002B820": ("Ext E", 0x2B820, 0x2CEAF),
    "\U0002CEB0": ("Ext F", 0x2CEB0, 0x2EBEF),  # 𬺰
    "\U00030000": ("Ext G", 0x30000, 0x3134F),  # 𰀀
    "\U00030EDD": ("Ext G", 0x30000, 0x3134F),  # biáng
    "\U00031350": ("Ext H", 0x31350, 0x323AF),
}
NAMES = "".join(RARE)
#: CJK Ext I (Unicode 15.1): no shipped face has it (docs/documents.md says so).
UNCOVERED = "\U0002EBF0"
# pdftotext and pdffonts come with poppler-utils (scripts/install-system-deps).



def test_the_sample_characters_are_from_the_blocks_they_claim() -> None:
    for char, (_, low, high) in RARE.items():
        assert low <= ord(char) <= high, hex(ord(char))
    assert {block for block, _, _ in RARE.values()} == {f"Ext {x}" for x in "ABCDEFGH"}


def test_each_rare_character_goes_to_a_face_that_has_it() -> None:
    register_fonts()
    for char, (block, _, _) in RARE.items():
        [(face, piece)] = runs(char, FANGSONG)
        assert piece == char and covers(face, char), (block, face)
    # The first face of the chain that has it: 仿宋 itself, else Song, else the rare faces in order.
    assert runs("\u4DAE", FANGSONG) == [(FANGSONG, "\u4DAE")]
    assert runs("\u3401", FANGSONG) == [(SONG, "\u3401")]
    assert runs("\u3400\U00020000\U0002CEB0\U00030EDD", FANGSONG) == [
        (RARE_A, "\u3400"), (RARE_B, "\U00020000\U0002CEB0"), (RARE_G, "\U00030EDD")]
    # A rarer hanzi of the URO that neither Zhuque nor UMing has (刏): the Kai face, last.
    assert runs("\u520F", FANGSONG) == [(KAI, "\u520F")]
    assert all(any(covers(face, chr(c)) for face in (FANGSONG, SONG, *FALLBACKS)) for c in range(0x4E00, 0xA000))
    # Runs keep the order and the text; a character no face has stays in the role (a box, not lost).
    text = f"张\U00020000与A1{UNCOVERED}，"
    assert runs(text, FANGSONG) == [(FANGSONG, "张"), (RARE_B, "\U00020000"), (FANGSONG, f"与A1{UNCOVERED}，")]
    # Markup still escapes user text inside a fallback run.
    assert markup("<b>\U00030000</b>", FANGSONG) == f'&lt;b&gt;<font face="{RARE_G}">\U00030000</font>&lt;/b&gt;'


def _pdffonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def rare_vault(vault: Vault) -> tuple[Vault, Unit, Team]:
    unit, team, members = make_round(vault)
    save_paper(vault, Paper(
        number="[2024]3巡-1组-9号", title=f"干部{NAMES[:3]}违规问题", unit_id=unit.id, heading=HEADINGS[0],
        facts=f"经查，该局干部{NAMES}、刏某（均为生僻字姓名）违规领取补贴。", characterisation="违反有关规定。",
        responsibility=f"责任人：{NAMES[3:]}。", state="组长签字", signed_by="张三", signed_at=dt.date(2024, 5, 20)))
    return vault, unit, team


def test_rare_characters_print_in_the_feedback_opinion_and_extract(rare_vault: Any, tmp_path: Path) -> None:
    vault, unit, _ = rare_vault
    out = tmp_path / "fb.pdf"
    print_feedback(vault, out, unit.name, options=DocOptions(watermark=f"抄送{NAMES[:2]}"))
    text = _pdftotext(out)
    for char, (block, _, _) in RARE.items():
        assert char in text, (block, hex(ord(char)))
    assert re.sub(r"\s+", "", f"该局干部{NAMES}、刏某（均为生僻字姓名）") in re.sub(r"\s+", "", text)
    fonts = _pdffonts(out)
    assert fonts and all(re.search(r"\bTrueType\b.*\byes\s+yes\s+yes\b", line) for line in fonts), fonts
    names = " ".join(fonts)
    for face in ("ZhuqueFangsong", "HanaMinB", "BabelStone", "HanaMin"):
        assert face in names, (face, names)


def test_rare_characters_in_a_table_cell_and_the_signature_line(vault: Vault, tmp_path: Path) -> None:
    unit, team, members = make_round(vault)
    record = vault.records.save(Interview(
        number="2024-3-1-T009", unit_id=unit.id, team_id=team.id, interviewee=f"王{NAMES}", post="科员",
        time=dt.datetime(2024, 4, 26, 9, 30), kind="必谈", interviewers=[m.id for m in members],
        content=f"问：你的姓名？\n答：王{NAMES}。"))
    out = tmp_path / "iv.pdf"
    print_interview(vault, out, record.id)
    text = re.sub(r"\s+", "", _pdftotext(out))
    assert f"答：王{NAMES}。" in text
    assert text.count(NAMES) >= 2  # the header table's cell too
    assert all(re.search(r"\byes\s+yes\s+yes\b", line) for line in _pdffonts(out))


def _fonts_of_text(path: Path, needle: str, size: float | None = None) -> set[str]:
    """BaseFont names of the text runs on page 1 that contain ``needle`` (set at ``size``)."""
    found: set[str] = set()

    def visit(text: str, cm: Any, tm: Any, font: Any, font_size: float) -> None:
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        if needle in text and font is not None and (size is None or abs(font_size * scale - size) < 0.1):
            found.add(str(font["/BaseFont"]))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_body_is_set_in_zhuque_fangsong(vault: Vault, tmp_path: Path) -> None:
    unit, _, _ = make_round(vault)
    save_paper(vault, Paper(number="[2024]3巡-1组-01号", title="学习不到位", unit_id=unit.id, heading=HEADINGS[0],
                             facts="理论学习中心组集中学习次数少于规定。", characterisation="违反有关规定。",
                             responsibility="主体责任。", state="组长签字", signed_by="张三",
                             signed_at=dt.date(2024, 5, 20)))
    out = tmp_path / "fb.pdf"
    print_feedback(vault, out, unit.name)
    body = _fonts_of_text(out, "理论学习中心组集中学习")
    assert body and all(re.match(r"^/[A-Z]{6}\+ZhuqueFangsong", name) for name in body), body
    # The headings keep their own faces: 一、 in 黑体 (Droid), （一） in 楷体 (LXGW WenKai).
    assert not any("Zhuque" in name for name in _fonts_of_text(out, "总体评价"))
    assert not any("Zhuque" in name for name in _fonts_of_text(out, "方面"))


def test_rare_characters_drawn_on_the_canvas_print_too(tmp_path: Path) -> None:
    """The 版记's 印发机关 is drawn on the canvas, not in a Paragraph (base.draw_text)."""
    content = FeedbackContent(unit="某局党组", committee="中共某县委员会", signer="第一巡察组",
                              date=dt.date(2024, 1, 5), office=f"{NAMES}办公室", recommendations=["建议。"])
    out = tmp_path / "fb.pdf"
    FeedbackOpinion(content).build(out)
    assert f"{NAMES}办公室" in re.sub(r"\s+", "", _pdftotext(out))
    # Each set in a face that has it, not in Zhuque's empty box (the text layer alone would not show).
    # The 版记 is the only text at 4号.
    assert {n[8:] for n in _fonts_of_text(out, "\U00020000", L.SIZE_4)} == {"HanaMinB"}
    assert {n[8:] for n in _fonts_of_text(out, "\U00030EDD", L.SIZE_4)} == {"XunChaBabelStoneExtGH"}
