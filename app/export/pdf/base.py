"""The one PDF renderer base: a GB/T 9704 page, page numbers, 份号/密级, signature and 版记.

A document is a subclass of :class:`OfficialDocument` that supplies :meth:`story`. Every piece
of user text goes through :func:`para` or :func:`grid_table` (escaped, so reportlab markup in a
record is printed, never obeyed) before it becomes a Paragraph. :func:`write_pdf` writes a
document to a path (atomically) or to an open binary stream (for a preview or the printer).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from app.domain.jobs import Progress
from app.export.pdf import layout as L
from app.export.pdf.fonts import FANGSONG, HEI, KAI, NO_LINE_START, SONG, markup, runs
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

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Re-breaking can give the first half one line more than the split counted (a line of
        Latin words and spaces among CJK), and the half then fits nowhere ("Splitting error");
        split a line earlier until the first half really fits."""
        height = availHeight
        while True:
            parts: list[Flowable] = super().split(availWidth, height)
            if len(parts) < 2 or parts[0].wrap(availWidth, availHeight)[1] <= availHeight \
                    or height < 2 * self.style.leading:
                return parts
            height -= self.style.leading


def cn_date(value: dt.date | dt.datetime | None) -> str:
    """Arabic numerals, full year, no leading zeros: 2024年1月5日 (GB/T 9704 §7.3.5)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{cn_date(value)}{value.hour}时{value.minute:02d}分"


def draw_text(canvas: Canvas, x: float, y: float, text: str, role: str, size: float, align: str = "left") -> None:
    """``canvas.drawString`` for text that may hold characters ``role`` lacks (a 生僻字 in a name):
    each run in a face that has it (:func:`fonts.runs`). ``align``: "left", "right" or "centre" at x."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = runs(text, role)
    width = sum(stringWidth(piece, face, size) for face, piece in pieces)
    x -= {"left": 0.0, "right": width, "centre": width / 2}[align]
    for face, piece in pieces:
        canvas.setFont(face, size)
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, face, size)


def para(text: str, style_name: str, sheet: Any) -> Paragraph:
    """A Paragraph of user text: escaped, characters the style's face lacks set in a face that has
    them (Song first; :func:`fonts.runs`)."""
    style = sheet[style_name]
    role = _ROLE_OF_STYLE.get(style_name, FANGSONG if style.fontName == FANGSONG else style.fontName)
    return CJKParagraph(markup(text, role), style)


def title_para(text: str, sheet: Any, width: float = L.BLOCK_WIDTH) -> Paragraph:
    """The title, broken into lines of even length rather than leaving one character alone."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = sheet["Title"]
    lines = max(1, math.ceil(stringWidth(text, style.fontName, style.fontSize) / (width - style.fontSize)))
    per = math.ceil(len(text) / lines)
    while per < len(text) and text[per:per + 1] in NO_LINE_START:
        per += 1
    chunks = [text[i:i + per] for i in range(0, len(text), per)]
    return CJKParagraph("<br/>".join(markup(chunk, SONG) for chunk in chunks), style)


def paras(text: str, style_name: str, sheet: Any) -> list[Flowable]:
    """One Paragraph per non-empty line of ``text``."""
    return [para(line.strip(), style_name, sheet) for line in text.splitlines() if line.strip()]


def long_paras(text: str, style_name: str, sheet: Any, lines: int = 20) -> list[Flowable]:
    """Paragraphs of a long record. reportlab re-wraps a paragraph each time it splits one across
    pages, so a 50,000-character line is cut into pieces of ``lines`` whole lines of 28 characters
    (the first less the 2-character indent) to keep the build linear."""
    chunk = lines * L.CHARS_PER_LINE
    out: list[Flowable] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= chunk:
            out += paras(line, style_name, sheet)
            continue
        out.append(para(line[:chunk - 2], style_name, sheet))
        rest = line[chunk - 2:]
        flush = sheet["Flush"]
        for i in range(0, len(rest), chunk):
            piece = para(rest[i:i + chunk], style_name, sheet)
            piece.style = flush
            out.append(piece)
    return out


CN_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Finding:
    """One item of 主要问题 as the feedback opinion and the report print it (docs/documents.md).

    Attributes:
        title: its heading line, "1.标题".
        paragraphs: what prints under it: the problem's 问题表现 and 定性分析 (never its 责任指向,
            which stays in the working paper).
        record_id: the problem (or, without one, the signed paper) it is printed from.
        kind: "problem" or "paper".
        papers: the numbers of the signed working papers it rests on (not printed).
    """

    title: str
    paragraphs: tuple[str, ...]
    record_id: str = ""
    kind: str = "problem"
    papers: tuple[str, ...] = ()


#: 主要问题 when the unit has neither a problem nor a signed paper: a placeholder, in brackets, that
#: no one can take for a finding.
NO_FINDINGS = "（尚无反馈问题：请录入反馈问题，或由组长签字确认问题底稿。）"


def problem_sections(problems: Mapping[str, Sequence[Finding]], sheet: Any) -> list[Flowable]:
    """主要问题: "（一）在…方面" per 四个落实 heading that has items, each "1.标题" then its paragraphs."""
    out: list[Flowable] = []
    groups = [(h, items) for h, items in problems.items() if items]
    if not groups:
        out.append(para(NO_FINDINGS, "Body", sheet))
    for n, (heading, items) in enumerate(groups):
        out.append(para(f"（{CN_NUMBERS[n % len(CN_NUMBERS)]}）在{heading}方面", "H2", sheet))
        for i, item in enumerate(items, 1):
            out.append(para(f"{i}.{item.title}", "H3", sheet))
            for text in item.paragraphs:
                out += long_paras(text, "Body", sheet)
    return out


# --- tables ----------------------------------------------------------------------------------

#: A table cell holds at most this many lines; longer text continues in the next row, so a row
#: is never taller than a page (reportlab cannot split a row; a 50,000-character cell would fail).
CELL_LINES = 12
_GRID = Color(0, 0, 0)
_SHADE = Color(0.93, 0.93, 0.93)


def cell_chunks(text: str, width: float, style: Any, max_lines: int = CELL_LINES) -> list[str]:
    """``text`` cut into pieces that each wrap to at most ``max_lines`` lines of ``width``.

    Measured conservatively (one character narrower than the cell), so reportlab's own wrap of
    a piece never needs more lines than counted here.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    usable = max(width - style.fontSize, style.fontSize)
    widths: dict[str, float] = {}
    chunks: list[list[str]] = [[]]
    used = 0
    for line in text.splitlines() or [""]:
        pieces: list[str] = []
        current: list[str] = []
        run = 0.0
        for char in line:
            w = widths.get(char)
            if w is None:
                w = widths[char] = max(stringWidth(char, style.fontName, style.fontSize),
                                       stringWidth(char, SONG, style.fontSize))
            if current and run + w > usable:
                pieces.append("".join(current))
                current, run = [], 0.0
            current.append(char)
            run += w
        pieces.append("".join(current))
        for n, piece in enumerate(pieces):
            if used == max_lines:
                chunks.append([])
                used = 0
            if n == 0 or not chunks[-1]:
                chunks[-1].append(piece)
            else:
                chunks[-1][-1] += piece
            used += 1
    return ["\n".join(chunk) for chunk in chunks]


def cell_para(text: str, style: Any) -> Paragraph:
    """A table cell of user text: escaped, line breaks kept."""
    role = FANGSONG if style.fontName == FANGSONG else style.fontName
    return CJKParagraph("<br/>".join(markup(line, role) for line in text.split("\n")), style)


def grid_table(rows: Sequence[Sequence[str]], widths: Sequence[float], sheet: Any, *, header_rows: int = 0,
               shaded_columns: Sequence[int] = (), centred_columns: Sequence[int] = (),
               style_name: str = "Cell") -> Table:
    """A ruled table of text cells; the header rows (shaded, centred) repeat on every page.

    A row with fewer cells than columns spans its last cell to the right edge. A cell longer
    than :data:`CELL_LINES` lines continues in extra rows below it, ruled as one row.
    """
    style = sheet[style_name]
    centred = style.clone(f"{style_name}Centred", alignment=TA_CENTER)
    ncols = len(widths)
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        # Empty cells are drawn too, in the table's font: without this, in Helvetica (not embedded).
        ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BOX", (0, 0), (-1, -1), 0.5, _GRID),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, _GRID),
    ]
    for n, row in enumerate(rows):
        cells = list(row)[:ncols]
        spans = [widths[i] if i < len(cells) - 1 else sum(widths[i:]) for i in range(len(cells))]
        pieces = [cell_chunks(text, width - 12, style) for text, width in zip(cells, spans, strict=True)]
        height = max((len(p) for p in pieces), default=1)
        first = len(data)
        for k in range(height):
            line: list[Any] = [cell_para(p[k], centred if n < header_rows or i in centred_columns else style)
                               if k < len(p) else "" for i, p in enumerate(pieces)]
            data.append(line + [""] * (ncols - len(line)))
        last = len(data) - 1
        if first > 0:
            commands.append(("LINEABOVE", (0, first), (-1, first), 0.5, _GRID))
        if 0 < len(cells) < ncols:
            commands += [("SPAN", (len(cells) - 1, r), (-1, r)) for r in range(first, last + 1)]
        commands += [("BACKGROUND", (c, first), (c, last), _SHADE) for c in shaded_columns if c < len(cells)]
        if n < header_rows:
            commands.append(("BACKGROUND", (0, first), (-1, last), _SHADE))
    table = Table(data, colWidths=list(widths), repeatRows=header_rows if len(rows) > header_rows else 0)
    table.setStyle(TableStyle(commands))
    return table


def field_table(rows: Sequence[Sequence[tuple[str, str]]], sheet: Any, width: float = L.BLOCK_WIDTH,
                label_chars: float = 5.5) -> Table:
    """Label/value pairs, two to a row (a row of one pair spans the width), labels shaded."""
    label_w = label_chars * L.SIZE_4 + 12
    value_w = (width - 2 * label_w) / 2
    cells = [[text for pair in row for text in pair] for row in rows]
    return grid_table(cells, [label_w, value_w, label_w, value_w], sheet, shaded_columns=(0, 2))


class SignLines(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Lines for handwritten signatures: "label ________ 年　月　日", one a line, kept together."""

    def __init__(self, labels: Sequence[str], size: float = L.SIZE_3) -> None:
        super().__init__()
        self.labels = list(labels)
        self.size = size
        self.pitch = L.LINE_PITCH * 1.5

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.pitch * len(self.labels)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.5)
        widest = max(len(label) for label in self.labels) * self.size
        for n, label in enumerate(self.labels):
            y = self.height - (n + 1) * self.pitch + 0.3 * self.pitch
            draw_text(canvas, 0, y, label, FANGSONG, self.size)
            canvas.line(widest + self.size / 2, y - 3, widest + self.size / 2 + 9 * self.size, y - 3)
            draw_text(canvas, self.width, y, "年　　月　　日", FANGSONG, self.size, "right")


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
    #: The page and its text block: GB/T 9704 portrait, or landscape for a wide table.
    geometry = L.PORTRAIT

    def __init__(self, options: DocOptions | None = None) -> None:
        self.options = options or DocOptions()
        self.sheet = L.stylesheet()
        self.pages = 0
        #: A stamp such as "草稿" drawn on every page (top right, and large and faint across it).
        self.mark = ""

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
        g = self.geometry
        canvas.saveState()
        if self.mark:
            _stamp(canvas, self.mark, g)
        if self.options.watermark:
            _watermark(canvas, self.options.watermark, g)
        text = f"— {page} —"
        canvas.setFont(SONG, L.SIZE_4)
        canvas.setFillColor(_BLACK)
        if page % 2:
            canvas.drawRightString(g.right - L.ZI, g.page_number_baseline, text)
        else:
            canvas.drawString(g.left + L.ZI, g.page_number_baseline, text)
        self.decorate(canvas, page)
        canvas.restoreState()

    def build(self, out: str | os.PathLike[str] | IO[bytes], progress: Progress | None = None) -> int:
        """Write the PDF to ``out`` (a path or a binary file); return the page count.

        ``progress(done, total)`` is told every 50 flowables of the story laid out so far; a
        :class:`~app.domain.jobs.Cancelled` it raises stops the build (app/domain/jobs.py)."""
        target: Any = os.fspath(out) if isinstance(out, str | os.PathLike) else out
        g = self.geometry
        doc = BaseDocTemplate(
            target, pagesize=(g.width, g.height), leftMargin=g.left, topMargin=g.height - g.top,
            rightMargin=g.width - g.right, bottomMargin=g.bottom, title=self.options.title,
            author=self.options.author, creator="巡察工作台", invariant=1, pageCompression=1,
            # The canvas starts in Song, not reportlab's Helvetica, so no unembedded font is referenced.
            initialFontName=SONG, initialFontSize=L.SIZE_3, initialLeading=L.LINE_PITCH)
        reserved = self.reserved_lines * L.LINE_PITCH
        frame = Frame(g.left, g.bottom + reserved, g.block_width, g.block_height - reserved,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="block")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page)])
        story = _headings_not_last(self.story())
        if progress is not None:
            checked: list[Flowable] = []
            for n, flowable in enumerate(story):
                if n % 50 == 0:
                    checked.append(_ProgressCheck(progress, n, len(story)))
                checked.append(flowable)
            story = checked
        self.pages = 0
        doc.build(story)
        return self.pages


HEADING_STYLES = ("H1", "H2", "H3")


def _headings_not_last(story: list[Flowable]) -> list[Flowable]:
    """A run of headings starts a new page unless two lines of what follows fit below it.

    (Not keepWithNext: that moves the whole next paragraph, leaving half a page blank.)
    """
    out: list[Flowable] = []
    run = 0
    for n, flowable in enumerate(story):
        heading = getattr(getattr(flowable, "style", None), "name", "") in HEADING_STYLES
        if heading and run == 0:
            while n + run < len(story) and getattr(getattr(story[n + run], "style", None), "name", "") \
                    in HEADING_STYLES:
                run += 1
            out.append(CondPageBreak((run + 2) * L.LINE_PITCH))
        run = max(0, run - 1) if heading else 0
        out.append(flowable)
    return out


def build_to_file(document: OfficialDocument, path: str | os.PathLike[str]) -> int:
    """Build beside ``path`` in a temporary file, fsync it, and move it into place."""
    return atomic_write(path, document.build)


#: Where a document goes: a file path, or an open binary stream (a preview, the print spooler).
Output = str | os.PathLike[str] | IO[bytes]


def write_pdf(document: OfficialDocument, out: Output) -> int:
    """Build to a path atomically (:func:`build_to_file`) or straight into a binary stream."""
    if isinstance(out, str | os.PathLike):
        return build_to_file(document, out)
    return document.build(out)


def output_name(out: Output) -> str:
    """The file name recorded in the audit trail; empty for a stream (a preview or a printer)."""
    return os.path.basename(os.fspath(out)) if isinstance(out, str | os.PathLike) else ""


def build_to_bytes(document: OfficialDocument, progress: Progress | None = None) -> tuple[bytes, int]:
    """Build in memory, for a preview or a printer: nothing touches disk. Returns (PDF, page count)."""
    out = io.BytesIO()
    pages = document.build(out, progress)
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
        draw_text(self.canv, L.ZI, base, self.left, FANGSONG, size)
        draw_text(self.canv, self.width - L.ZI, base, self.right, FANGSONG, size, "right")


class _ProgressCheck(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An invisible flowable that reports how far the layout got (and so lets a cancel stop it)."""

    def __init__(self, progress: Progress, done: int, total: int) -> None:
        super().__init__()
        self.progress, self.done, self.total = progress, done, total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.progress(self.done, self.total)
        return 0, 0

    def draw(self) -> None:
        pass


def _watermark(canvas: Canvas, text: str, g: L.Geometry) -> None:
    canvas.saveState()
    canvas.setFillColor(Color(0.55, 0.55, 0.55, alpha=0.18))
    for row in range(3):
        canvas.saveState()
        canvas.translate(g.width / 2, g.height * (0.25 + 0.25 * row))
        canvas.rotate(30)
        draw_text(canvas, 0, 0, text, SONG, 26, "centre")
        canvas.restoreState()
    canvas.restoreState()


_RED = Color(0.8, 0.1, 0.1)


def _stamp(canvas: Canvas, text: str, g: L.Geometry) -> None:
    """A red boxed mark in the top margin at the right, and the same text large and faint."""
    canvas.saveState()
    size = L.SIZE_2
    w = len(text) * size + size
    x, y = g.right - w, g.top + 8 * mm
    canvas.setStrokeColor(_RED)
    canvas.setFillColor(_RED)
    canvas.setLineWidth(1.5)
    canvas.rect(x, y, w, size * 1.6)
    canvas.setFont(HEI, size)
    canvas.drawCentredString(x + w / 2, y + 0.45 * size, text)
    canvas.setFillColor(Color(0.8, 0.1, 0.1, alpha=0.10))
    canvas.setFont(HEI, 120)
    canvas.translate(g.width / 2, g.height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -40, text)
    canvas.restoreState()
