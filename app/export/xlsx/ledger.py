"""The ledgers (台账) of a vault as one .xlsx, a sheet per record kind (docs/documents.md).

Written in openpyxl's write-only mode so 50,000 rows stay fast. Every cell that holds text a
person typed is written with ``data_type = 's'``: ``=HYPERLINK(…)``, ``+1`` or ``@x`` in a record
stays text and never becomes a formula (CWE-1236; docs/security.md §5). Status columns carry a data
validation list drawn from the vault's vocabularies (kept on a hidden 词表 sheet). Each sheet
prints as a 台账 (docs/documents.md, "The ledgers"): a title row (表名, who keeps it, 截至日期) above
the frozen header, columns as wide as their content (a sample of the first rows) and wrapped, on
A4 landscape fitted to one page wide, the title and header repeated on every page. Overdue rows
(rectification items, handed-over leads) are filled red, relative to ``today``, by the deadline
rules the window's lists use (app/domain/rules.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import math
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from app.domain.fields import FieldSpec, FieldType
from app.domain.jobs import Progress
from app.domain.names import team_title
from app.domain.records import Record, Round, Setting, Team, VocabEntry, kind_spec
from app.domain.rules import Deadlines, vocabularies
from app.domain.vocab import SEED
from app.storage.files import atomic_write
from app.storage.vault import Vault

#: (sheet title, record kind), in the order the workbook shows them.
SHEETS: tuple[tuple[str, str], ...] = (
    ("谈话登记", "interview"),
    ("问题线索台账", "lead"),
    ("调阅资料清单", "document"),
    ("问题底稿", "paper"),
    ("反馈问题", "problem"),
    ("整改台账", "rectification"),
    ("移交", "handover"),
)
#: Fields left out of the ledgers: the long record itself belongs in the printed interview.
SKIP_FIELDS = {"interview": {"content", "outline"}}
#: A field whose label would repeat a header of its sheet: the row's own 序号 comes first.
HEADER_LABELS = {("problem", "seq"): "问题序号"}
VOCAB_SHEET = "词表"
#: The office ledger's last column on every record sheet: the round the record belongs to.
ROUND_COLUMN = FieldSpec("round", FieldType.TEXT, "所属轮次", "Round")
MAX_CELL = 32_767  # Excel's limit on the characters of one cell
TRUNCATED = "…（超出单元格长度，已截断）"
#: Rows written between two calls of ``progress``.
PROGRESS_ROWS = 2000
#: Row 1 is the sheet's title (表名, who keeps it, 截至日期), row 2 the header, records from row 3.
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
#: The first rows of a sheet read before it is written, to size its columns to their content.
SAMPLE_ROWS = 300

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

#: Column widths in Excel's units (one Latin digit; a Chinese character takes about two). A header
#: wraps to lines of at least three characters; text wraps at its column's width, long text at
#: :data:`LONG_WIDTH`, so a sheet of 20-odd columns fits A4 landscape at a readable scale.
SERIAL_WIDTH = 5.5
MIN_WIDTH = 6.5
MAX_WIDTH = {FieldType.TEXT: 12.5, FieldType.CHOICE: 10.5, FieldType.REF: 12.5, FieldType.REFS: 10.5}
LONG_WIDTH = 18.5
FIXED_WIDTH = {FieldType.DATE: 10.5, FieldType.DATETIME: 15.5, FieldType.BOOL: MIN_WIDTH, FieldType.INT: MIN_WIDTH}
#: Width of a Chinese character in those units, a little generous so a wrapped line is never cut.
WIDE = 2.1
#: The print, modelled on LibreOffice's (the widest of the programs a clerk prints with; measured from
#: its PDFs of the team demo's ledger, docs/documents.md): about 9 px at 96 dpi a width unit and 5 px a
#: column, on A4 landscape's printable width between the margins of :func:`_print_setup`.
PX_PER_UNIT, PX_PER_COLUMN = 9.0, 5.0
PRINTABLE_PX = (297 / 25.4 - 2 * 0.4) * 96
#: The smallest scale a sheet is printed at: 11 pt text prints at 6.6 pt or larger.
READABLE_SCALE = 0.6
#: How narrow a column may be squeezed to reach it (text wraps: a name of three characters keeps one line,
#: a long text five characters a line). Short values are squeezed first, long text only after them.
SQUEEZE_FLOOR = {FieldType.TEXT: 8.0, FieldType.CHOICE: 8.0, FieldType.REF: 8.0, FieldType.REFS: 8.0,
                 FieldType.LONGTEXT: 12.5, FieldType.ROWS: 12.5}
#: A sheet too wide for one page at a readable scale prints two pages across, these first columns (序号 and
#: what names the record) repeated on the second page; the kinds not named repeat 序号 and their first field.
KEY_COLUMNS = {"paper": 3}
#: Row heights are written, not left to the reader (LibreOffice keeps one line for wrapped text):
#: points per line of text, and Excel's limit.
LINE_HEIGHT = 14.0
MAX_ROW_HEIGHT = 409.0


@dataclass
class Column:
    spec: FieldSpec
    width: float
    label: str = ""
    #: A column worked out from the record rather than one of its fields (an office ledger's 所属轮次).
    get: Callable[[Record], Any] | None = None

    def __post_init__(self) -> None:
        self.label = self.label or self.spec.label

    def value(self, record: Record) -> Any:
        return self.get(record) if self.get is not None else getattr(record, self.spec.name)


def columns(kind: str) -> list[Column]:
    """The columns of ``kind``'s sheet after 序号, with widths before the content is known."""
    skip = SKIP_FIELDS.get(kind, set())
    out = []
    for spec in kind_spec(kind).fields:
        if spec.name in skip:
            continue
        if spec.type is FieldType.LONGTEXT or spec.type is FieldType.ROWS:
            width = LONG_WIDTH
        else:
            width = FIXED_WIDTH.get(spec.type, MIN_WIDTH)
        out.append(Column(spec, width, HEADER_LABELS.get((kind, spec.name), spec.label)))
    return out


def text_width(text: str) -> float:
    """The width of ``text``'s longest line in Excel's units: a Chinese (wide) character counts
    :data:`WIDE`. Counted from the UTF-8 length (three bytes for a CJK character, one for ASCII), which
    is fast enough for 50,000 rows."""
    return max((_line_width(line) for line in text.splitlines()), default=0.0)


def _line_width(line: str) -> float:
    n = len(line)
    return n + (len(line.encode("utf-8", "surrogatepass")) - n) / 2 * (WIDE - 1)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped column ``width`` wide."""
    room = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(_line_width(line) / room)) for line in text.split("\n")) if text else 1


def row_height(lines: int) -> float:
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 2)


def fit_widths(cols: Sequence[Column], sample: Sequence[Record], labels: Labels) -> None:
    """Size the columns to the longest value in ``sample`` (and the header, wrapped to lines of at
    least three characters), within their type's bounds: long text up to :data:`LONG_WIDTH`, so an
    empty 备注 takes no room from the others."""
    for col in cols:
        kind = col.spec.type
        most = LONG_WIDTH if kind in (FieldType.LONGTEXT, FieldType.ROWS) else MAX_WIDTH.get(kind)
        if most is None:
            continue
        longest = 0.0
        for record in sample:
            value = col.value(record)
            if kind is FieldType.REF:
                value = labels(value)
            elif kind is FieldType.REFS:
                value = "、".join(labels(v) for v in value or ())
            longest = max(longest, text_width(str(value or "")))
        col.width = min(most, max(MIN_WIDTH, longest + 1.5))


def print_scale(widths: Sequence[float], pages: int = 1, key: Sequence[float] = ()) -> float:
    """The scale a sheet of these column widths prints at, fitted to ``pages`` A4 landscape pages across
    with the ``key`` columns repeated on each page after the first (as modelled by :data:`PX_PER_UNIT`)."""
    px = sum(PX_PER_UNIT * w + PX_PER_COLUMN for w in [*widths, *list(key) * (pages - 1)])
    return min(1.0, pages * PRINTABLE_PX / px) if px else 1.0


def fit_print(cols: Sequence[Column], key: int) -> int:
    """Make the sheet print at :data:`READABLE_SCALE` or larger: narrow its widest wrapping columns, no
    further than :data:`SQUEEZE_FLOOR`, on one page across, else on two (the first ``key`` columns,
    序号 among them, repeated). Returns the pages across."""
    fitted = [c.width for c in cols]
    for pages in (1, 2):
        for col, width in zip(cols, fitted, strict=True):
            col.width = width
        widths = [SERIAL_WIDTH, *fitted]
        if print_scale(widths, pages, widths[:key]) >= READABLE_SCALE:
            return pages
        for long in (False, True):
            squeezable = [c for c in cols if c.spec.type in SQUEEZE_FLOOR and c.width > SQUEEZE_FLOOR[c.spec.type]
                          and (c.spec.type in (FieldType.LONGTEXT, FieldType.ROWS)) == long]
            while squeezable:
                widest = max(c.width for c in squeezable)
                for col in squeezable:  # the widest first, half a unit at a time, so all end up alike
                    if col.width == widest:
                        col.width = max(SQUEEZE_FLOOR[col.spec.type], widest - 0.5)
                widths = [SERIAL_WIDTH, *(c.width for c in cols)]
                if print_scale(widths, pages, widths[:key]) >= READABLE_SCALE:
                    return pages
                squeezable = [c for c in squeezable if c.width > SQUEEZE_FLOOR[c.spec.type]]
    return 2


def clean_text(value: str) -> str:
    """Text safe for a cell: no XML-illegal control characters, at most Excel's cell length."""
    text = str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - len(TRUNCATED)] + TRUNCATED
    return text


class Labels:
    """Turns record ids into the labels a reader knows (unit names, member names), cached."""

    def __init__(self, find: Callable[[str], Record | None]) -> None:
        self._find = find
        self._cache: dict[str, str] = {}

    def __call__(self, record_id: str | None) -> str:
        if not record_id:
            return ""
        if record_id not in self._cache:
            found = self._find(record_id)
            self._cache[record_id] = found.label() if found is not None else record_id
        return self._cache[record_id]


def _text_cell(ws: Worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell.value = clean_text(text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _cell(ws: Worksheet, spec: FieldSpec, value: Any, labels: Labels) -> WriteOnlyCell:
    """One value as a cell: text wrapped at its column's width, everything at the top of its row."""
    cell = _value_cell(ws, spec, value, labels)
    cell.alignment = WRAP if cell.data_type == "s" else TOP
    return cell


def _value_cell(ws: Worksheet, spec: FieldSpec, value: Any, labels: Labels) -> WriteOnlyCell:
    kind = spec.type
    if kind is FieldType.DATE and isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if kind is FieldType.DATETIME and isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if kind is FieldType.INT and isinstance(value, int) and not isinstance(value, bool):
        return WriteOnlyCell(ws, value=value)
    if kind is FieldType.BOOL:
        return _text_cell(ws, "是" if value else "否")
    if kind is FieldType.REF:
        return _text_cell(ws, labels(value))
    if kind is FieldType.REFS:
        return _text_cell(ws, "、".join(labels(v) for v in value or ()))
    if kind is FieldType.ROWS:
        names = dict(spec.columns)
        lines = ["；".join(f"{names.get(k, k)}：{v}" for k, v in row.items() if v) for row in value or ()]
        return _text_cell(ws, "\n".join(lines))
    if isinstance(value, str):
        return _text_cell(ws, value)
    return _text_cell(ws, "" if value is None else str(value))


@dataclass
class LedgerStats:
    sheets: dict[str, int]
    overdue: int


@dataclass(frozen=True)
class ExtraSheet:
    """A sheet of plain figures after the record sheets (the office's 整改督办: app/services/supervision.py
    builds it): a header, rows of text, counts and dates, and which rows to fill red as overdue."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[str | int | dt.date | None]]
    late: Sequence[bool] = ()


def write_ledger(out: str | os.PathLike[str] | IO[bytes], rows: Mapping[str, Iterable[Record]],
                 vocab: Mapping[str, Sequence[str]], labels: Labels, deadlines: Deadlines, *,
                 keeper: str = "", progress: Progress | None = None, total: int = 0,
                 extra: Sequence[ExtraSheet] = (), round_of: Callable[[Record], str] | None = None) -> LedgerStats:
    """Write the workbook: ``rows`` maps each kind of :data:`SHEETS` to its records; a row that
    ``deadlines`` finds overdue is filled red. Each sheet's title row names ``keeper`` (the team or
    the 巡察办, :func:`keeper_of`) and the date ``deadlines`` counts from. ``round_of``, in an office vault
    whose rounds repeat the units' and teams' names, adds a last column 所属轮次 to every record sheet.

    ``progress(rows written, total)`` is told every :data:`PROGRESS_ROWS` rows (``total``: the rows expected, 0 when
    not known); a :class:`~app.domain.jobs.Cancelled` it raises stops the export (app/domain/jobs.py)."""
    wb = Workbook(write_only=True)
    used = sorted({c.spec.vocab for _, kind in SHEETS for c in columns(kind) if c.spec.vocab})
    ranges: dict[str, str] = {}
    for number, name in enumerate(used, 1):
        letter = get_column_letter(number)
        last = FIRST_ROW + len(vocab.get(name, ())) - 1
        ranges[name] = f"'{VOCAB_SHEET}'!${letter}${FIRST_ROW}:${letter}${last}"
    day = deadlines.today()
    heading = "\u3000\u3000".join(p for p in (keeper, f"截至{day.year}年{day.month}月{day.day}日") if p)

    try:
        counts, overdue = _write_sheets(wb, rows, labels, deadlines, ranges, heading, progress, total, round_of)
        for sheet in extra:
            counts[sheet.title] = _extra_sheet(wb, sheet, heading)
        _vocab_sheet(wb, used, vocab, heading)
    except BaseException:
        _discard(wb)
        raise
    _save(wb, out)
    return LedgerStats(counts, overdue)


def keeper_of(role: str, rounds: Sequence[Round], teams: Sequence[Team]) -> str:
    """Who keeps the ledger, for its title rows: a team vault's team by its full name (one team), the
    office's 巡察办 (the teams' 派出机关) in an office vault; "巡察组"/"巡察办" when the records do not say."""
    if role == "office":
        offices = sorted({t.office for t in teams if t.office})
        return offices[0] if len(offices) == 1 else "巡察办"
    if len(teams) != 1:
        return "巡察组"
    team = teams[0]
    return team_title(next((r for r in rounds if r.id == team.round_id), None), team)


def _discard(wb: Workbook) -> None:
    """Close the sheets' XML writers now: left to the garbage collector, each prints a traceback."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


def _write_sheets(wb: Workbook, rows: Mapping[str, Iterable[Record]], labels: Labels, deadlines: Deadlines,
                  ranges: dict[str, str], heading: str, progress: Progress | None,
                  total: int, round_of: Callable[[Record], str] | None = None) -> tuple[dict[str, int], int]:
    counts: dict[str, int] = {}
    overdue = written = 0
    for title, kind in SHEETS:
        ws = wb.create_sheet(title)
        cols = columns(kind)
        if round_of is not None:
            cols.append(Column(ROUND_COLUMN, MIN_WIDTH, get=round_of))
        records = iter(rows.get(kind, ()))
        sample = list(itertools.islice(records, SAMPLE_ROWS))
        fit_widths(cols, sample, labels)
        key = KEY_COLUMNS.get(kind, 2)
        pages = fit_print(cols, key)
        last = get_column_letter(len(cols) + 1)
        _print_setup(ws, last, pages, get_column_letter(key))
        ws.column_dimensions["A"].width = SERIAL_WIDTH
        for i, col in enumerate(cols, 2):  # column A is 序号
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = col.width
            if col.spec.vocab and col.spec.vocab in ranges:
                dv = DataValidation(type="list", formula1=ranges[col.spec.vocab], allow_blank=True,
                                    showErrorMessage=False)
                dv.sqref = f"{letter}{FIRST_ROW}:{letter}1048576"
                ws.data_validations.append(dv)
        _write_in_memory(ws)
        _title_row(ws, f"{title}\u3000\u3000{heading}", len(cols) + 1, centred=pages == 1)
        ws.row_dimensions[HEADER_ROW].height = row_height(max(wrapped_lines(c.label, c.width) for c in cols))
        ws.append([_header(ws, "序号"), *(_header(ws, c.label) for c in cols)])
        n = 0
        for record in itertools.chain(sample, records):
            n += 1
            late = deadlines.overdue(record)
            cells = [WriteOnlyCell(ws, value=n)]
            cells[0].alignment = TOP
            cells += [_cell(ws, c.spec, c.value(record), labels) for c in cols]
            lines = max((wrapped_lines(cell.value, col.width) for cell, col in zip(cells[1:], cols, strict=True)
                         if cell.data_type == "s"), default=1)
            if lines > 1:
                ws.row_dimensions[n + HEADER_ROW].height = row_height(lines)
            if late:
                overdue += 1
                for cell in cells:
                    cell.fill = OVERDUE_FILL
            ws.append(cells)
            ws.row_dimensions.pop(n + HEADER_ROW, None)  # written with the row: 50,000 need not stay
            written += 1
            if written % PROGRESS_ROWS == 0 and progress is not None:
                progress(written, max(total, written))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{n + HEADER_ROW}"
        counts[title] = n
    return counts, overdue


def _extra_sheet(wb: Workbook, sheet: ExtraSheet, heading: str) -> int:
    """An :class:`ExtraSheet`, laid out as the record sheets are (title row, frozen header, 序号, print setup)."""
    ws = wb.create_sheet(sheet.title)
    widths = [max([MIN_WIDTH, text_width(h) + 2, *(text_width(str(r[i] or "")) + 2 for r in sheet.rows[:SAMPLE_ROWS])])
              for i, h in enumerate(sheet.header)]
    widths = [min(w, MAX_WIDTH[FieldType.TEXT]) for w in widths]
    last = get_column_letter(len(sheet.header) + 1)
    _print_setup(ws, last, 2 if len(sheet.header) > 8 else 1, "B")
    ws.column_dimensions["A"].width = SERIAL_WIDTH
    for i, width in enumerate(widths, 2):
        ws.column_dimensions[get_column_letter(i)].width = width
    _write_in_memory(ws)
    _title_row(ws, f"{sheet.title}\u3000\u3000{heading}", len(sheet.header) + 1, centred=len(sheet.header) <= 8)
    ws.append([_header(ws, "序号"), *(_header(ws, h) for h in sheet.header)])
    for n, row in enumerate(sheet.rows, 1):
        cells = [WriteOnlyCell(ws, value=n)]
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = DATE_FORMAT
            elif isinstance(value, int):
                cell = WriteOnlyCell(ws, value=value)
            else:
                cell = _text_cell(ws, value or "")
            cells.append(cell)
        for cell in cells:
            cell.alignment = TOP
            if n <= len(sheet.late) and sheet.late[n - 1]:
                cell.fill = OVERDUE_FILL
        ws.append(cells)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{len(sheet.rows) + HEADER_ROW}"
    return len(sheet.rows)


def _print_setup(ws: Worksheet, last: str, pages: int = 1, key: str = "A") -> None:
    """A4 landscape, fitted to ``pages`` wide (as many pages down as it takes), the title and header
    rows on every page, page numbers in the footer; frozen below the header on screen. Two pages
    across print side by side (across, then down) with the columns up to ``key`` repeated."""
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    if pages > 1:
        ws.print_title_cols = f"A:{key}"
        ws.page_setup.pageOrder = "overThenDown"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = pages
    ws.page_setup.fitToHeight = 0  # 0: no limit down
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.merged_cells.add(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 24


def _title_row(ws: Worksheet, text: str, width: int, *, centred: bool = True) -> None:
    """The sheet's title, merged across it: centred, or from the left on a sheet printed two pages
    across (so that it is not cut in two at the page edge)."""
    cell = _text_cell(ws, text)
    cell.font = TITLE_FONT
    cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="center")
    ws.append([cell])


# openpyxl's write-only sheets stream their XML into temporary files and zip them from there:
# the ledger's text would sit decrypted in the temp folder while it is written. These two keep
# each sheet's XML in memory and zip it from there (openpyxl 3.1, pinned; test_xlsx.py watches
# every file the export opens).
def _write_in_memory(ws: Any) -> None:
    """Start the sheet's writer on a memory buffer; call after the sheet's settings are made."""
    ws._writer = WorksheetWriter(ws, out=io.BytesIO())
    ws._writer.write_top()


class _InMemoryExcelWriter(ExcelWriter):  # type: ignore[misc]
    def write_worksheet(self, ws: Any) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        writer = ws._writer
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def _save(wb: Workbook, out: str | os.PathLike[str] | IO[bytes]) -> None:
    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _InMemoryExcelWriter(wb, archive).save()


def _vocab_sheet(wb: Workbook, used: Sequence[str], vocab: Mapping[str, Sequence[str]], heading: str) -> None:
    """The hidden sheet the validation lists point at: a column per vocabulary under its Chinese name
    (干部层级, not ``cadre_level``), laid out as the other sheets are (title row, frozen header)."""
    ws = wb.create_sheet(VOCAB_SHEET)
    ws.sheet_state = "hidden"
    lists = [list(vocab.get(name, ())) for name in used]
    for i, values in enumerate(lists, 1):
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH[FieldType.TEXT], max(
            [MIN_WIDTH, *(text_width(v) + 1.5 for v in values)]))
    _print_setup(ws, get_column_letter(max(len(used), 1)))
    _write_in_memory(ws)
    _title_row(ws, f"{VOCAB_SHEET}\u3000\u3000{heading}", len(used))
    ws.append([_header(ws, vocab_label(name)) for name in used])
    for i in range(max((len(v) for v in lists), default=0)):
        ws.append([_text_cell(ws, values[i]) if i < len(values) else None for values in lists])


def vocab_label(name: str) -> str:
    """A vocabulary's Chinese name (docs/domain.md §6), or its key when it has none."""
    return SEED[name][0] if name in SEED else name


def _header(ws: Worksheet, text: str) -> WriteOnlyCell:
    cell = _text_cell(ws, text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def vault_rows(vault: Vault) -> dict[str, Iterator[Record]]:
    return {kind: vault.records.iter(kind) for _, kind in SHEETS}


def export_ledger(vault: Vault, path: str | os.PathLike[str], *, today: dt.date | None = None,
                  progress: Progress | None = None,
                  extra: Callable[[dt.date], Sequence[ExtraSheet]] | None = None,
                  round_of: Callable[[Record], str] | None = None) -> LedgerStats:
    """Write the vault's ledgers to ``path`` (temp file beside it, fsync, rename) and journal it;
    ``progress`` as for :func:`write_ledger`, with the total the vault's count of their records."""
    from app.export.pdf.audit import record_export

    day = today or dt.date.today()
    total = sum(vault.records.count(kind) for _, kind in SHEETS) if progress is not None else 0
    deadlines = Deadlines.from_settings(vault.records.list(Setting), lambda: day)
    target = Path(path)
    keeper = keeper_of(vault.info.role, vault.records.list(Round), vault.records.list(Team))
    stats = atomic_write(target, lambda fh: write_ledger(
        fh, vault_rows(vault), vocabularies(vault.records.iter(VocabEntry)), Labels(vault.records.find), deadlines,
        keeper=keeper, progress=progress, total=total, extra=extra(day) if extra is not None else (),
        round_of=round_of))
    record_export(vault, "export-ledger", {"file": target.name, "rows": stats.sheets, "overdue": stats.overdue,
                                           "today": day.isoformat()})
    return stats
