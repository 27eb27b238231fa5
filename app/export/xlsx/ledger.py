"""The ledgers (台账) of a vault as one .xlsx, a sheet per record kind (docs/documents.md).

Written in openpyxl's write-only mode so 50,000 rows stay fast. Every cell that holds text a
person typed is written with ``data_type = 's'``: ``=HYPERLINK(…)``, ``+1`` or ``@x`` in a record
stays text and never becomes a formula (CWE-1236; docs/security.md §5). Status columns carry a data
validation list drawn from the vault's vocabularies (kept on a hidden 词表 sheet). Each sheet
has its header frozen, Chinese-sized widths, and an A4 landscape print setup whose header row
repeats on every page. Overdue rows (rectification items, handed-over leads) are filled red,
relative to ``today``, by the deadline rules the window's lists use (app/domain/rules.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
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
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from app.domain.fields import FieldSpec, FieldType
from app.domain.jobs import Progress
from app.domain.records import Record, Setting, VocabEntry, kind_spec
from app.domain.rules import Deadlines, vocabularies
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
VOCAB_SHEET = "词表"
MAX_CELL = 32_767  # Excel's limit on the characters of one cell
TRUNCATED = "…（超出单元格长度，已截断）"
#: Rows written between two calls of ``progress``.
PROGRESS_ROWS = 2000

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass
class Column:
    spec: FieldSpec
    width: float


def columns(kind: str) -> list[Column]:
    skip = SKIP_FIELDS.get(kind, set())
    out = []
    for spec in kind_spec(kind).fields:
        if spec.name in skip:
            continue
        if spec.type is FieldType.LONGTEXT or spec.type is FieldType.ROWS:
            width = 40.0
        elif spec.type in (FieldType.DATE, FieldType.BOOL, FieldType.INT):
            width = max(11.0, 2.2 * len(spec.label) + 2)
        elif spec.type is FieldType.DATETIME:
            width = 17.0
        elif spec.type in (FieldType.REF, FieldType.REFS):
            width = 22.0  # unit names run to 10-odd characters
        else:
            width = min(30.0, max(16.0, 2.2 * len(spec.label) + 2))
        out.append(Column(spec, width))
    return out


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
        cell = _text_cell(ws, value)
        if kind is FieldType.LONGTEXT:
            cell.alignment = WRAP
        return cell
    return _text_cell(ws, "" if value is None else str(value))


@dataclass
class LedgerStats:
    sheets: dict[str, int]
    overdue: int


def write_ledger(out: str | os.PathLike[str] | IO[bytes], rows: Mapping[str, Iterable[Record]],
                 vocab: Mapping[str, Sequence[str]], labels: Labels, deadlines: Deadlines, *,
                 progress: Progress | None = None, total: int = 0) -> LedgerStats:
    """Write the workbook: ``rows`` maps each kind of :data:`SHEETS` to its records; a row that
    ``deadlines`` finds overdue is filled red.

    ``progress(rows written, total)`` is told every :data:`PROGRESS_ROWS` rows (``total``: the rows expected, 0 when
    not known); a :class:`~app.domain.jobs.Cancelled` it raises stops the export (app/domain/jobs.py)."""
    wb = Workbook(write_only=True)
    used = sorted({c.spec.vocab for _, kind in SHEETS for c in columns(kind) if c.spec.vocab})
    ranges: dict[str, str] = {}
    for number, name in enumerate(used, 1):
        letter = get_column_letter(number)
        ranges[name] = f"'{VOCAB_SHEET}'!${letter}$2:${letter}${len(vocab.get(name, ())) + 1}"

    try:
        counts, overdue = _write_sheets(wb, rows, labels, deadlines, ranges, progress, total)
    except BaseException:
        _discard(wb)
        raise
    _vocab_sheet(wb, used, vocab)
    _save(wb, out)
    return LedgerStats(counts, overdue)


def _discard(wb: Workbook) -> None:
    """Close the sheets' XML writers now: left to the garbage collector, each prints a traceback."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


def _write_sheets(wb: Workbook, rows: Mapping[str, Iterable[Record]], labels: Labels, deadlines: Deadlines,
                  ranges: dict[str, str], progress: Progress | None, total: int) -> tuple[dict[str, int], int]:
    counts: dict[str, int] = {}
    overdue = written = 0
    for title, kind in SHEETS:
        ws = wb.create_sheet(title)
        cols = columns(kind)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        # Not fitted to one page wide: 20 columns would print unreadably small. Columns flow onto
        # further pages instead, each repeating the header row and the 序号 and first columns.
        ws.print_title_cols = "A:B"
        ws.page_setup.pageOrder = "overThenDown"
        ws.print_options.gridLines = True
        ws.column_dimensions["A"].width = 7
        for i, col in enumerate(cols, 2):  # column A is 序号
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = col.width
            if col.spec.vocab and col.spec.vocab in ranges:
                dv = DataValidation(type="list", formula1=ranges[col.spec.vocab], allow_blank=True,
                                    showErrorMessage=False)
                dv.sqref = f"{letter}2:{letter}1048576"
                ws.data_validations.append(dv)
        _write_in_memory(ws)
        ws.append([_header(ws, "序号"), *(_header(ws, c.spec.label) for c in cols)])
        n = 0
        for record in rows.get(kind, ()):
            n += 1
            late = deadlines.overdue(record)
            cells = [WriteOnlyCell(ws, value=n)]
            cells += [_cell(ws, c.spec, getattr(record, c.spec.name), labels) for c in cols]
            if late:
                overdue += 1
                for cell in cells:
                    cell.fill = OVERDUE_FILL
            ws.append(cells)
            written += 1
            if written % PROGRESS_ROWS == 0 and progress is not None:
                progress(written, max(total, written))
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols) + 1)}{n + 1}"
        counts[title] = n
    return counts, overdue


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


def _vocab_sheet(wb: Workbook, used: Sequence[str], vocab: Mapping[str, Sequence[str]]) -> None:
    """The hidden sheet the validation lists point at: a column per vocabulary, its name on top."""
    ws = wb.create_sheet(VOCAB_SHEET)
    ws.sheet_state = "hidden"
    _write_in_memory(ws)
    lists = [list(vocab.get(name, ())) for name in used]
    ws.append([_text_cell(ws, name) for name in used])
    for i in range(max((len(v) for v in lists), default=0)):
        ws.append([_text_cell(ws, values[i]) if i < len(values) else None for values in lists])



def _header(ws: Worksheet, text: str) -> WriteOnlyCell:
    cell = _text_cell(ws, text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def vault_rows(vault: Vault) -> dict[str, Iterator[Record]]:
    return {kind: vault.records.iter(kind) for _, kind in SHEETS}


def export_ledger(vault: Vault, path: str | os.PathLike[str], *, today: dt.date | None = None,
                  progress: Progress | None = None) -> LedgerStats:
    """Write the vault's ledgers to ``path`` (temp file beside it, fsync, rename) and journal it;
    ``progress`` as for :func:`write_ledger`, with the total the vault's count of their records."""
    from app.export.pdf.audit import record_export

    day = today or dt.date.today()
    total = sum(vault.records.count(kind) for _, kind in SHEETS) if progress is not None else 0
    deadlines = Deadlines.from_settings(vault.records.list(Setting), lambda: day)
    target = Path(path)
    stats = atomic_write(target, lambda fh: write_ledger(
        fh, vault_rows(vault), vocabularies(vault.records.iter(VocabEntry)), Labels(vault.records.find), deadlines,
        progress=progress, total=total))
    record_export(vault, "export-ledger", {"file": target.name, "rows": stats.sheets, "overdue": stats.overdue,
                                           "today": day.isoformat()})
    return stats
