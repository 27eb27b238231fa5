"""Finding the table in a worksheet as offices really make them, and reading its rows.

Real spreadsheets have a title above the header (often merged across the columns), blank lines,
headers written "姓  名", "出生年月（年.月）", "*单位名称" or in full-width characters, two-row
headers ("联系人" merged over "姓名" and "电话"), and formatting that runs far below the data.
:func:`find_header` scores the first rows against each column's synonyms and picks the best;
:func:`read_rows` then yields the data rows with their sheet row numbers.

openpyxl opens the workbook read-only, where a merged range keeps its value in its top-left cell
only; that is exactly what the header search needs (a merged title is one cell with text).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from app.domain.jobs import Cancelled, Progress
from app.exchange.xlsx.intake_guard import IntakeError, unreadable

#: Rows searched for the header, from the top of the sheet.
HEADER_SCAN = 20
#: Columns read; anything further right is ignored.
MAX_COLUMNS = 64
#: Non-blank data rows one import may hold.
MAX_ROWS = 20_000
#: Rows read in all (blank ones included) before the sheet counts as hostile.
MAX_SCANNED = 200_000
#: Consecutive blank rows after which the rest of the sheet is taken to be empty formatting.
BLANK_RUN = 1_000

BRACKETED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】|〔.*?〕|<.*?>")
_MARKS = re.compile(r"^[*★※#]+|[:：*]+$")


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # the same genders, posts and units come back row after row
def squeeze(text: str) -> str:
    """NFKC (full-width to half-width, ideographic space to space), then every space removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def header_keys(text: str) -> tuple[str, ...]:
    """The keys a header cell is matched by: as written, and without bracketed remarks."""
    key = _MARKS.sub("", squeeze(text)).lower()
    bare = BRACKETED.sub("", key)
    return (key, bare) if bare and bare != key else (key,)


@dataclass(frozen=True)
class ColumnSpec:
    """One column an import understands.

    Attributes:
        key: the name the row reader uses for it.
        label: how the report names it (usually the record field's label).
        synonyms: header texts that mean this column (compared after :func:`header_keys`).
        required: rows without a value are refused, and a header without it is not the header.
    """

    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False

    def matches(self, keys: Sequence[str]) -> bool:
        wanted = {header_keys(s)[0] for s in self.synonyms}
        return any(k in wanted for k in keys)


@dataclass
class Header:
    """Where the table is: the header row(s) and which sheet column feeds which spec."""

    row: int  # 1-based sheet row of the (last) header row
    columns: dict[int, ColumnSpec]  # 0-based column index -> spec
    texts: dict[int, str]  # 0-based column index -> the header text as written (for the report)
    unused: list[str] = field(default_factory=list)  # header texts no spec took
    duplicates: list[str] = field(default_factory=list)  # header texts whose spec an earlier column took
    two_rows: bool = False  # a merged parent row above this one was folded in

    @property
    def rows(self) -> str:
        """"3" or, for a two-row header, "3–4"."""
        return f"{self.row - 1}–{self.row}" if self.two_rows else str(self.row)

    @property
    def score(self) -> int:
        return len(self.columns)

    def describe(self, index: int) -> str:
        """"C 列“联系电话”": how the report names a column."""
        return f"{get_column_letter(index + 1)} 列“{self.texts.get(index, '')}”"


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _match_row(cells: Sequence[Any], specs: Sequence[ColumnSpec], parents: Sequence[str] = ()) -> Header:
    """Map one candidate header row; ``parents`` are the texts of a row above it (two-row headers)."""
    columns: dict[int, ColumnSpec] = {}
    texts: dict[int, str] = {}
    unused: list[str] = []
    duplicates: list[str] = []
    taken: set[str] = set()
    for index, value in enumerate(cells):
        text = _text(value)
        if not text:
            continue
        candidates = [text]
        if index < len(parents) and parents[index]:
            candidates.insert(0, parents[index] + text)  # "联系人" + "电话"
        spec = None
        for candidate in candidates:
            keys = header_keys(candidate)
            spec = next((s for s in specs if s.matches(keys)), None)
            if spec is not None:
                text = candidate
                break
        text = re.sub(r"\s+", " ", text)  # a header written on two lines reads as one in the report
        texts[index] = text
        if spec is None:
            unused.append(text)
        elif spec.key in taken:
            duplicates.append(text)
        else:
            taken.add(spec.key)
            columns[index] = spec
    return Header(0, columns, texts, unused, duplicates)


def find_header(rows: Sequence[Sequence[Any]], specs: Sequence[ColumnSpec], first_row: int = 1) -> Header | None:
    """The best header among ``rows`` (the top of a sheet): the row matching most specs that
    includes every required one; a row right below it that only names sub-columns of merged
    header cells is folded in. None when no row has the required columns."""
    required = {s.key for s in specs if s.required}
    best: Header | None = None
    for offset, cells in enumerate(rows):
        header = _match_row(cells, specs)
        if not required <= {s.key for s in header.columns.values()}:
            continue
        header.row = first_row + offset
        if best is None or header.score > best.score:
            best = header
            if offset + 1 < len(rows):
                folded = _fold_subheader(cells, rows[offset + 1], specs, header)
                if folded is not None:
                    folded.row = header.row + 1
                    folded.two_rows = True
                    best = folded
    return best


def _fold_subheader(cells: Sequence[Any], below: Sequence[Any], specs: Sequence[ColumnSpec],
                    header: Header) -> Header | None:
    """A two-row header: ``below`` is blank under the required columns (merged down; a data row
    would have them) and names columns under a merged parent ("联系人" over "姓名" | "电话")."""
    if any(index < len(below) and _text(below[index]) for index, spec in header.columns.items() if spec.required):
        return None
    parents: list[str] = []
    current = ""
    for index in range(max(len(cells), len(below))):
        above = _text(cells[index]) if index < len(cells) else ""
        if above:
            current = above
        elif index >= len(below) or not _text(below[index]):
            current = ""
        parents.append(current if index < len(below) and _text(below[index]) else "")
    merged = [below[i] if i < len(below) and _text(below[i]) else (cells[i] if i < len(cells) else None)
              for i in range(max(len(cells), len(below)))]
    folded = _match_row(merged, specs, parents)
    required = {s.key for s in specs if s.required}
    if folded.score > header.score and required <= {s.key for s in folded.columns.values()}:
        return folded
    return None


@dataclass
class Cell:
    """A cell as read: its value, and the type openpyxl gave it ('s', 'n', 'd', 'b', 'f' formula, 'e' error)."""

    value: Any
    data_type: str

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


def visible_sheets(wb: Any, name: str | None = None) -> list[Any]:
    """The sheets to look at: the one named (NFKC and spaces ignored), else every visible one."""
    sheets = list(wb.worksheets)
    if name:
        wanted = squeeze(name)
        found = [ws for ws in sheets if squeeze(ws.title) == wanted]
        if not found:
            raise IntakeError("no_sheet", name)
        return found
    return [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"] or sheets[:1]


def top_rows(ws: Any) -> list[tuple[Any, ...]]:
    try:
        ws.reset_dimensions()  # a wrong <dimension> would otherwise cut the rows short
        return [tuple(row) for row in ws.iter_rows(min_row=1, max_row=HEADER_SCAN, max_col=MAX_COLUMNS,
                                                   values_only=True)]
    except IntakeError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises whatever the broken XML leads it to
        raise unreadable(exc) from exc


def choose_sheet(wb: Any, specs: Sequence[ColumnSpec], name: str | None = None) -> tuple[Any, Header]:
    """The sheet whose header matches best, and that header."""
    best: tuple[Any, Header] | None = None
    for ws in visible_sheets(wb, name):
        header = find_header(top_rows(ws), specs)
        if header is not None and (best is None or header.score > best[1].score):
            best = (ws, header)
    if best is None:
        needed = "、".join(f"“{s.label}”" for s in specs if s.required)
        raise IntakeError("no_header", f"前 {HEADER_SCAN} 行中没有含{needed}列的表头")
    return best


def read_rows(ws: Any, header: Header, *, progress: Progress | None = None) -> Iterator[tuple[int, dict[int, Cell]]]:
    """(sheet row number, column index -> cell) for each non-blank row under the header, only the
    header's columns. Refuses more than :data:`MAX_ROWS` such rows; stops after :data:`BLANK_RUN`
    blank rows in a row. ``progress(sheet row, 0)`` is told every 500 rows (the total is not known
    before the end); a :class:`~app.domain.jobs.Cancelled` it raises stops the read."""
    wanted = sorted(header.columns)
    if not wanted:
        return
    width = max(wanted) + 1
    found = blank_run = 0
    number = header.row
    try:
        ws.reset_dimensions()
        rows = ws.iter_rows(min_row=header.row + 1, max_col=width)
        for number, row in enumerate(rows, header.row + 1):
            if (number - header.row) % 500 == 0 and progress is not None:
                progress(number, 0)
            if number - header.row > MAX_SCANNED:
                raise IntakeError("too_many_rows", f"超过 {MAX_SCANNED} 行")
            cells = {i: Cell(row[i].value, str(getattr(row[i], "data_type", "n") or "n"))
                     for i in wanted if i < len(row)}
            if all(c.blank for c in cells.values()):
                blank_run += 1
                if blank_run >= BLANK_RUN:
                    return
                continue
            blank_run = 0
            found += 1
            if found > MAX_ROWS:
                raise IntakeError("too_many_rows", f"数据超过 {MAX_ROWS} 行")
            yield number, cells
    except (IntakeError, Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises whatever the broken XML leads it to
        raise unreadable(exc) from exc


