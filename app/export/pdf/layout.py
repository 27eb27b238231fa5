"""GB/T 9704-2012 《党政机关公文格式》 page geometry and the one stylesheet (docs/domain.md §4).

All numbers of the standard live here and nowhere else. Coordinates are reportlab points with
the origin at the bottom-left of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm

from app.export.pdf.fonts import FANGSONG, HEI, KAI, SONG, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4  # 210 × 297 mm
TOP_MARGIN = 37 * mm  # 天头
LEFT_MARGIN = 28 * mm  # 订口
BLOCK_WIDTH = 156 * mm  # 版心
BLOCK_HEIGHT = 225 * mm
BLOCK_LEFT = LEFT_MARGIN
BLOCK_RIGHT = LEFT_MARGIN + BLOCK_WIDTH
BLOCK_TOP = PAGE_HEIGHT - TOP_MARGIN
BLOCK_BOTTOM = BLOCK_TOP - BLOCK_HEIGHT  # 35 mm from the bottom edge

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
#: One 行: 225 mm / 22 ≈ 28.99 pt, the "fixed line spacing of about 29 pt" of practice.
LINE_PITCH = BLOCK_HEIGHT / LINES_PER_PAGE
#: 3号 is 16 pt, but 28 characters of 16 pt are 158 mm, wider than the 156 mm 版心; Word
#: templates tighten the character pitch to fit 28. We set 15.75 pt (28 × 15.75 pt = 155.6 mm).
SIZE_3 = 15.75
ZI = SIZE_3  # 字: the width of one character of the body
SIZE_2 = 22.0  # 2号, the title
SIZE_4 = 14.0  # 4号, page numbers and the 版记
SIZE_SMALL_4 = 12.0  # 小四, the cells of a wide table
#: Page numbers: their top edge 7 mm below the 版心; the CJK em box rises ~0.88 em above the baseline.
PAGE_NUMBER_BASELINE = BLOCK_BOTTOM - 7 * mm - 0.88 * SIZE_4


@dataclass(frozen=True)
class Geometry:
    """A page and its text block (版心), in points from the page's bottom-left corner."""

    width: float
    height: float
    left: float
    bottom: float
    block_width: float
    block_height: float

    @property
    def right(self) -> float:
        return self.left + self.block_width

    @property
    def top(self) -> float:
        return self.bottom + self.block_height

    @property
    def page_number_baseline(self) -> float:
        return float(self.bottom - 7 * mm - 0.88 * SIZE_4)


PORTRAIT = Geometry(PAGE_WIDTH, PAGE_HEIGHT, BLOCK_LEFT, BLOCK_BOTTOM, BLOCK_WIDTH, BLOCK_HEIGHT)
#: A4 landscape for wide tables: the same 225 × 156 mm block turned, 37 mm from the left edge and
#: 28 mm from the top (the portrait 天头 and 订口), which leaves 35 mm right and 26 mm below.
LANDSCAPE = Geometry(PAGE_HEIGHT, PAGE_WIDTH, 37 * mm, PAGE_WIDTH - 28 * mm - BLOCK_WIDTH, BLOCK_HEIGHT, BLOCK_WIDTH)


def stylesheet() -> StyleSheet1:
    """The named styles every document uses (fonts registered on first call)."""
    register_fonts()
    sheet = StyleSheet1()
    body = ParagraphStyle(
        "Body", fontName=FANGSONG, fontSize=SIZE_3, leading=LINE_PITCH, firstLineIndent=2 * ZI,
        alignment=TA_JUSTIFY, wordWrap="CJK", allowWidows=1, allowOrphans=1)
    sheet.add(body)
    sheet.add(ParagraphStyle("Flush", parent=body, firstLineIndent=0))
    sheet.add(ParagraphStyle("Title", parent=body, fontName=SONG, fontSize=SIZE_2, leading=LINE_PITCH * 1.25,
                             firstLineIndent=0, alignment=TA_CENTER, spaceAfter=LINE_PITCH))
    sheet.add(ParagraphStyle("H1", parent=body, fontName=HEI))
    sheet.add(ParagraphStyle("H2", parent=body, fontName=KAI))
    sheet.add(ParagraphStyle("H3", parent=body))
    sheet.add(ParagraphStyle("Addressee", parent=body, firstLineIndent=0, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Right", parent=body, firstLineIndent=0, alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("Copy", parent=body, fontName=SONG, firstLineIndent=0, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Secrecy", parent=body, fontName=HEI, firstLineIndent=0, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Imprint", parent=body, fontSize=SIZE_4, leading=LINE_PITCH, firstLineIndent=0,
                             leftIndent=ZI, rightIndent=ZI, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Field", parent=body, firstLineIndent=0, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Cell", parent=body, fontSize=SIZE_4, leading=SIZE_4 * 1.5, firstLineIndent=0,
                             alignment=TA_LEFT))
    sheet.add(ParagraphStyle("SmallCell", parent=sheet["Cell"], fontSize=SIZE_SMALL_4, leading=SIZE_SMALL_4 * 1.5))
    return sheet
