"""The one PDF renderer base: a GB/T 9704 page, page numbers, 份号/密级, signature and 版记.

A document is a subclass of :class:`OfficialDocument` that supplies :meth:`story`. Every piece
of user text goes through :func:`para` (escaped, so reportlab markup in a record is printed,
never obeyed) before it becomes a Paragraph.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph
from reportlab.platypus.flowables import HRFlowable

from app.export.pdf import layout as L
from app.export.pdf.fonts import FANGSONG, HEI, KAI, NO_LINE_START, SONG, markup
from app.storage.files import atomic_write

_ROLE_OF_STYLE = {"H1": HEI, "H2": KAI, "Title": SONG, "Copy": SONG, "Secrecy": HEI}


class CJKParagraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """WORKAROUND for reportlab 5.1: the halves of a CJK paragraph split across pages reuse the
    broken lines with the wrong kind (kind-1 lines relabelled kind 0 when one run is left, and
    the reverse), and drawing fails ("'FragLine' object is not subscriptable"). Re-break the
    half from its own runs instead; CJK breaking is greedy, so the lines come out the same."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802, N803
        self._splitpara = 0
        return super().breakLinesCJK(maxWidths)


def cn_date(value: dt.date | dt.datetime | None) -> str:
    """Arabic numerals, full year, no leading zeros: 2024年1月5日 (GB/T 9704 §7.3.5)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{cn_date(value)}{value.hour}时{value.minute:02d}分"


def para(text: str, style_name: str, sheet: Any) -> Paragraph:
    """A Paragraph of user text: escaped, with characters the style's face lacks set in Song."""
    style = sheet[style_name]
    role = _ROLE_OF_STYLE.get(style_name, FANGSONG if style.fontName == FANGSONG else style.fontName)
    return CJKParagraph(markup(text, role), style)


def title_para(text: str, sheet: Any) -> Paragraph:
    """The title, broken into lines of even length rather than leaving one character alone."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = sheet["Title"]
    lines = max(1, math.ceil(stringWidth(text, style.fontName, style.fontSize) / (L.BLOCK_WIDTH - style.fontSize)))
    per = math.ceil(len(text) / lines)
    while per < len(text) and text[per:per + 1] in NO_LINE_START:
        per += 1
    chunks = [text[i:i + per] for i in range(0, len(text), per)]
    return CJKParagraph("<br/>".join(markup(chunk, SONG) for chunk in chunks), style)


def paras(text: str, style_name: str, sheet: Any) -> list[Flowable]:
    """One Paragraph per non-empty line of ``text``."""
    return [para(line.strip(), style_name, sheet) for line in text.splitlines() if line.strip()]


class AtBottom(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Flowables set at the foot of the text block on the current page (the 版记), or on a new page."""

    def __init__(self, content: Sequence[Flowable]) -> None:
        super().__init__()
        self.content = list(content)
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._heights = [f.wrap(availWidth, availHeight)[1] for f in self.content]
        need = sum(self._heights)
        self.width = availWidth
        self.height = availHeight if need <= availHeight else need
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if sum(f.wrap(availWidth, availHeight)[1] for f in self.content) <= availHeight:
            return [self]
        return [PageBreak(), AtBottom(self.content)]

    def draw(self) -> None:
        y = sum(self._heights)
        for flowable, h in zip(self.content, self._heights, strict=True):
            y -= h
            flowable.drawOn(self.canv, 0, y)


@dataclass
class DocOptions:
    """What varies per printed copy.

    Attributes:
        copy_number: 份号, six digits, printed top-left on line 1 when set.
        secrecy: 密级和保密期限, e.g. "秘密★1年", top-left on line 2 when set.
        watermark: a line drawn faintly across every page (recipient, date, copy number).
        title: the PDF's title metadata.
        author: the PDF's author metadata.
    """

    copy_number: str = ""
    secrecy: str = ""
    watermark: str = ""
    title: str = ""
    author: str = "巡察工作台"


class OfficialDocument:
    """Base renderer: subclasses give :meth:`story`; :meth:`build` writes the PDF and counts pages."""

    #: Lines of the text block kept free at the foot of every page (for a signature line).
    reserved_lines = 0

    def __init__(self, options: DocOptions | None = None) -> None:
        self.options = options or DocOptions()
        self.sheet = L.stylesheet()
        self.pages = 0

    # --- what subclasses supply --------------------------------------------------------------

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def decorate(self, canvas: Canvas, page: int) -> None:
        """Draw extra furniture on each page (after the page number)."""

    # --- shared pieces -------------------------------------------------------------------------

    def head_marks(self) -> list[Flowable]:
        """份号 on line 1 and 密级 on line 2 of the 版心, when set."""
        out: list[Flowable] = []
        if self.options.copy_number:
            out.append(para(self.options.copy_number, "Copy", self.sheet))
        if self.options.secrecy:
            out.append(para(self.options.secrecy, "Secrecy", self.sheet))
        return out

    def signature(self, signer: str, date: dt.date | None) -> list[Flowable]:
        """署名 centred over the date; the date 右空四字 (GB/T 9704 §7.3.5.1)."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        date_text = cn_date(date)
        style = self.sheet["Right"]
        date_w = stringWidth(date_text, style.fontName, style.fontSize)
        sign_w = stringWidth(signer, style.fontName, style.fontSize)
        sign_indent = max(0.0, 4 * L.ZI + (date_w - sign_w) / 2)
        out: list[Flowable] = [Spacer(L.LINE_PITCH * 2)]
        sign = para(signer, "Right", self.sheet)
        sign.style = sign.style.clone("Sign", rightIndent=sign_indent)
        out.append(sign)
        if date_text:
            day = para(date_text, "Right", self.sheet)
            day.style = day.style.clone("Date", rightIndent=4 * L.ZI)
            out.append(day)
        return out

    def imprint(self, copy_to: str, issuer: str, issued: dt.date | None) -> list[Flowable]:
        """The 版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期, between rules."""
        rows: list[Flowable] = [HRFlowable(width="100%", thickness=0.35 * mm, color=_BLACK, spaceBefore=0,
                                           spaceAfter=2)]
        if copy_to:
            rows.append(para(f"抄送：{copy_to}", "Imprint", self.sheet))
            rows.append(HRFlowable(width="100%", thickness=0.25 * mm, color=_BLACK, spaceBefore=2, spaceAfter=2))
        rows.append(_IssueLine(issuer, f"{cn_date(issued)}印发" if issued else "", self.sheet["Imprint"]))
        rows.append(HRFlowable(width="100%", thickness=0.35 * mm, color=_BLACK, spaceBefore=2, spaceAfter=0))
        return [AtBottom(rows)]

    # --- building ------------------------------------------------------------------------------

    def _on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        page = canvas.getPageNumber()
        self.pages = max(self.pages, page)
        canvas.saveState()
        if self.options.watermark:
            _watermark(canvas, self.options.watermark)
        text = f"— {page} —"
        canvas.setFont(SONG, L.SIZE_4)
        canvas.setFillColor(_BLACK)
        if page % 2:
            canvas.drawRightString(L.BLOCK_RIGHT - L.ZI, L.PAGE_NUMBER_BASELINE, text)
        else:
            canvas.drawString(L.BLOCK_LEFT + L.ZI, L.PAGE_NUMBER_BASELINE, text)
        self.decorate(canvas, page)
        canvas.restoreState()

    def build(self, out: str | os.PathLike[str] | IO[bytes],
              is_cancelled: Callable[[], bool] | None = None) -> int:
        """Write the PDF to ``out`` (a path or a binary file); return the page count."""
        target: Any = os.fspath(out) if isinstance(out, str | os.PathLike) else out
        doc = BaseDocTemplate(
            target, pagesize=(L.PAGE_WIDTH, L.PAGE_HEIGHT), leftMargin=L.LEFT_MARGIN, topMargin=L.TOP_MARGIN,
            rightMargin=L.PAGE_WIDTH - L.BLOCK_RIGHT, bottomMargin=L.BLOCK_BOTTOM, title=self.options.title,
            author=self.options.author, creator="巡察工作台", invariant=1, pageCompression=1,
            # The canvas starts in Song, not reportlab's Helvetica, so no unembedded font is referenced.
            initialFontName=SONG, initialFontSize=L.SIZE_3, initialLeading=L.LINE_PITCH)
        reserved = self.reserved_lines * L.LINE_PITCH
        frame = Frame(L.BLOCK_LEFT, L.BLOCK_BOTTOM + reserved, L.BLOCK_WIDTH, L.BLOCK_HEIGHT - reserved,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="block")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page)])
        story = self.story()
        if is_cancelled is not None:
            checked: list[Flowable] = []
            for n, flowable in enumerate(story):
                if n % 50 == 0:
                    checked.append(_CancelCheck(is_cancelled))
                checked.append(flowable)
            story = checked
        self.pages = 0
        doc.build(story)
        return self.pages


def build_to_file(document: OfficialDocument, path: str | os.PathLike[str]) -> int:
    """Build beside ``path`` in a temporary file, fsync it, and move it into place."""
    return atomic_write(path, document.build)


def build_to_bytes(document: OfficialDocument, is_cancelled: Callable[[], bool] | None = None) -> tuple[bytes, int]:
    """Build in memory, for a preview or a printer: nothing touches disk. Returns (PDF, page count)."""
    out = io.BytesIO()
    pages = document.build(out, is_cancelled)
    return out.getvalue(), pages


_BLACK = Color(0, 0, 0)


class Spacer(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Vertical space of ``height`` points that is dropped at the top of a page."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return availWidth, min(self.height, availHeight)

    def draw(self) -> None:
        pass


class _IssueLine(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """印发机关 one character in from the left, 印发日期 one character in from the right."""

    def __init__(self, left: str, right: str, style: Any) -> None:
        super().__init__()
        self.left, self.right, self.style = left, right, style

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = float(self.style.leading)
        return self.width, self.height

    def draw(self) -> None:
        size = self.style.fontSize
        base = (self.height - size) / 2 + 0.12 * size
        for text, right in ((self.left, False), (self.right, True)):
            self.canv.setFont(FANGSONG, size)
            if right:
                self.canv.drawRightString(self.width - L.ZI, base, text)
            else:
                self.canv.drawString(L.ZI, base, text)


class _CancelCheck(Flowable):  # type: ignore[misc]  # reportlab is untyped
    def __init__(self, is_cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self.is_cancelled = is_cancelled

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.is_cancelled():
            raise Cancelled()
        return 0, 0

    def draw(self) -> None:
        pass


class Cancelled(Exception):
    """The user cancelled a document build."""


def _watermark(canvas: Canvas, text: str) -> None:
    canvas.setFillColor(Color(0.55, 0.55, 0.55, alpha=0.18))
    canvas.setFont(SONG, 26)
    for row in range(3):
        canvas.saveState()
        canvas.translate(L.PAGE_WIDTH / 2, L.PAGE_HEIGHT * (0.25 + 0.25 * row))
        canvas.rotate(30)
        canvas.drawCentredString(0, 0, text)
        canvas.restoreState()
