"""The Excel ledgers read back with openpyxl: sheets, headers, validation, print setup, no formulas."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from app.domain.records import Lead, Problem, Rectification, kind_spec
from app.domain.vocab import SEED
from app.export.xlsx import SHEETS, export_ledger
from app.export.xlsx.ledger import (
    FIRST_ROW,
    HEADER_ROW,
    MIN_WIDTH,
    OVERDUE_FILL,
    READABLE_SCALE,
    SERIAL_WIDTH,
    SQUEEZE_FLOOR,
    VOCAB_SHEET,
    columns,
    print_scale,
    vocab_label,
)
from app.storage.vault import Vault
from tests.conftest import WriteOpens

INJECTIONS = ['=HYPERLINK("http://evil.example/","点我")', "+1", "@x", "-2", "=1+1", "=cmd|' /C calc'!A0"]


@pytest.fixture
def ledger(vault: Vault, tmp_path: Path) -> tuple[Vault, Path]:
    for i, text in enumerate(INJECTIONS):
        vault.records.save(Lead(number=text, subject_name=text, source="来信", summary=text, detail=text,
                                status="待研判"))
        problem = vault.records.save(Problem(title=text, heading="落实新时代党的组织路线", description=text))
        vault.records.save(Rectification(
            title=text, problem_id=problem.id, measures=text, status="整改中" if i % 2 else "已完成",
            deadline=dt.date(2024, 6, 1)))
    vault.records.save(Rectification(title="未到期", measures="措施", status="整改中", deadline=dt.date(2025, 1, 1)))
    out = tmp_path / "台账.xlsx"
    stats = export_ledger(vault, out, today=dt.date(2024, 12, 1))
    assert stats.sheets["问题线索台账"] == len(INJECTIONS)
    assert stats.overdue == len(INJECTIONS) // 2
    return vault, out


def test_sheets_headers_frozen_print_titles_and_validation(ledger: tuple[Vault, Path]) -> None:
    _, out = ledger
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [title for title, _ in SHEETS] + [VOCAB_SHEET]
    assert wb[VOCAB_SHEET].sheet_state == "hidden"
    for title, kind in SHEETS:
        ws = wb[title]
        assert [c.value for c in ws[HEADER_ROW]] == ["序号", *(c.label for c in columns(kind))]
        assert ws.freeze_panes == f"A{FIRST_ROW}"
        choice_cols = [i for i, c in enumerate(columns(kind), 2) if c.spec.vocab]
        assert len(ws.data_validations.dataValidation) == len(choice_cols)
    ws = wb["整改台账"]
    status_col = 2 + [c.spec.name for c in columns("rectification")].index("status")
    letter = openpyxl.utils.get_column_letter(status_col)
    dv = next(d for d in ws.data_validations.dataValidation if str(d.sqref).startswith(letter))
    assert dv.type == "list"
    sheet, cells = dv.formula1.split("!")
    assert sheet.strip("'") == VOCAB_SHEET
    values = [c.value for row in wb[VOCAB_SHEET][cells.replace("$", "")] for c in row]
    assert values == list(SEED["rect_status"][2])
    assert kind_spec("rectification").field("status").vocab == "rect_status"


def test_every_sheet_prints_one_page_wide_under_its_title(ledger: tuple[Vault, Path]) -> None:
    """Issue 12 item 17: A4 landscape, fitted to one page wide, title and header rows on every page,
    a title row naming the sheet, who keeps it and the date; read back from the file."""
    _, out = ledger
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape" and str(setup.paperSize) == "9", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        # One page wide (as many down as it takes); the leads' 27 columns, four of them holding 40-character
        # values here, print two pages across at a readable scale, 序号 and 线索编号 repeated.
        wide = ws.title == "问题线索台账"
        assert (setup.fitToWidth, setup.fitToHeight) == (2 if wide else 1, 0), ws.title
        assert ws.print_title_rows == "$1:$2"
        assert ws.print_title_cols == ("$A:$B" if wide else None)
        title = ws.cell(1, 1).value
        assert title.startswith(ws.title) and "截至2024年12月1日" in title and "巡察组" in title, title
        assert ws.cell(1, 1).font.b and [str(r) for r in ws.merged_cells.ranges] == \
            [f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}1"]
        assert "&P" in ws.oddFooter.center.text
    ws = wb["谈话登记"]
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, ws.max_column + 1)]
    assert sum(widths) < 300  # was 425: at this width A4 landscape prints it at about half size
    summary = 2 + [c.spec.name for c in columns("interview")].index("summary")
    assert ws.cell(HEADER_ROW, summary).alignment.wrap_text


def test_every_sheet_of_the_team_demo_prints_at_a_readable_scale(vault: Vault, tmp_path: Path) -> None:
    """The widest sheets printed at about a third of their size (问题线索台账, 27 columns, at 35 % in
    LibreOffice): now every sheet prints at 60 % or more, read back from the file's print settings and
    column widths. Short columns are narrowed first (text wraps), and a sheet still too wide prints two
    pages across, 序号 and what names the record repeated on the second, pages across then down."""
    from app.demo import fill

    fill(vault, scale="team", seed=1)
    out = tmp_path / "台账.xlsx"
    export_ledger(vault, out, today=dt.date(2024, 12, 1))
    wb = openpyxl.load_workbook(out)
    across = {}
    for title, kind in SHEETS:
        ws = wb[title]
        setup = ws.page_setup
        letters = [openpyxl.utils.get_column_letter(i) for i in range(1, ws.max_column + 1)]
        widths = [ws.column_dimensions[x].width for x in letters]
        assert widths[0] == SERIAL_WIDTH and len(widths) == len(columns(kind)) + 1
        pages = setup.fitToWidth
        across[title] = pages
        key = 0
        if pages == 2:
            assert re.fullmatch(r"\$A:\$([BC])", ws.print_title_cols), ws.print_title_cols
            key = letters.index(ws.print_title_cols[-1]) + 1
            assert setup.pageOrder == "overThenDown"
            assert print_scale(widths) < READABLE_SCALE  # one page across would not be readable
            assert ws.cell(1, 1).alignment.horizontal == "left"  # the title is not cut at the page's edge
        else:
            assert pages == 1 and not ws.print_title_cols and ws.cell(1, 1).alignment.horizontal == "center"
        assert setup.fitToHeight == 0 and setup.orientation == "landscape"
        assert print_scale(widths, pages, widths[:key]) >= READABLE_SCALE, (title, widths)
        narrowed = [w for c, w in zip(columns(kind), widths[1:], strict=True) if c.spec.type in SQUEEZE_FLOOR]
        assert min(narrowed) >= MIN_WIDTH  # an empty column stays narrow, none is squeezed below a few characters
    assert across["问题线索台账"] == 2 and across["反馈问题"] == 1
    assert sum(across.values()) < 2 * len(SHEETS)  # two across only where one would not do
    # 问题线索台账's print repeats 序号 and 线索编号 on its second page.
    assert wb["问题线索台账"].print_title_cols == "$A:$B"
    assert wb["问题线索台账"].cell(HEADER_ROW, 2).value == "线索编号"


def test_long_text_wraps_and_its_row_is_tall_enough(vault: Vault, tmp_path: Path) -> None:
    vault.records.save(Lead(subject_name="张三", source="来信", summary="反映问题。" * 30, status="待研判"))
    vault.records.save(Lead(subject_name="李四", source="来信", summary="短", status="待研判"))
    out = tmp_path / "l.xlsx"
    export_ledger(vault, out, today=dt.date(2024, 12, 1))
    ws = openpyxl.load_workbook(out)["问题线索台账"]
    col = 2 + [c.spec.name for c in columns("lead")].index("summary")
    letter = openpyxl.utils.get_column_letter(col)
    long = ws.cell(FIRST_ROW, col)
    assert long.alignment.wrap_text and long.alignment.vertical == "top"
    # 150 characters in a column of about nine a line: some 17 lines, each at least 13 points.
    lines_fit = ws.row_dimensions[FIRST_ROW].height / 13
    assert lines_fit >= 150 * 2 / ws.column_dimensions[letter].width
    assert ws.row_dimensions[FIRST_ROW + 1].height is None  # one line: left to the reader
    # A short-value column is as wide as its longest value, not a fixed 16.
    name = openpyxl.utils.get_column_letter(2 + [c.spec.name for c in columns("lead")].index("subject_name"))
    assert ws.column_dimensions[name].width < 10


def test_no_sheet_repeats_a_header_and_the_vocabularies_are_named_in_chinese(ledger: tuple[Vault, Path]) -> None:
    _, out = ledger
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        headers = [c.value for c in ws[HEADER_ROW] if c.value]
        assert len(headers) == len(set(headers)), (ws.title, headers)
    assert "问题序号" in [c.value for c in wb["反馈问题"][HEADER_ROW]]
    vocab = wb[VOCAB_SHEET]
    headers = [c.value for c in vocab[HEADER_ROW]]
    assert "干部层级" in headers and "整改状态" in headers and "cadre_level" not in headers
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in headers), headers
    assert vocab.freeze_panes == f"A{FIRST_ROW}" and vocab_label("rect_status") == "整改状态"


def test_no_cell_from_user_text_is_a_formula(ledger: tuple[Vault, Path]) -> None:
    _, out = ledger
    wb = openpyxl.load_workbook(out)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if cell.value in INJECTIONS:
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert seen == set(INJECTIONS)


def test_overdue_rectifications_are_highlighted(ledger: tuple[Vault, Path]) -> None:
    _, out = ledger
    ws = openpyxl.load_workbook(out)["整改台账"]
    names = [c.spec.name for c in columns("rectification")]
    status_i, title_i = 1 + names.index("status"), 1 + names.index("title")
    for row in ws.iter_rows(min_row=FIRST_ROW):
        late = row[status_i].value == "整改中" and row[title_i].value != "未到期"
        assert (row[0].fill.fgColor.rgb == "00" + OVERDUE_FILL.fgColor.rgb[2:]
                or row[0].fill.fgColor.rgb == OVERDUE_FILL.fgColor.rgb) is late, row[title_i].value


def test_export_is_journaled_and_leaves_no_temp_file(ledger: tuple[Vault, Path]) -> None:
    vault, out = ledger
    assert any(e.action == "export-ledger" and e.detail["file"] == out.name for e in vault.journal.entries())
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_ledger_text_never_goes_to_a_temporary_file(ledger: tuple[Vault, Path], tmp_path: Path) -> None:
    # openpyxl's write-only sheets stream through temporary files unless told otherwise.
    vault, _ = ledger
    out = tmp_path / "again.xlsx"
    opens = WriteOpens.get()
    opens.paths.clear()
    opens.armed = True
    try:
        export_ledger(vault, out)
    finally:
        opens.armed = False
        written = {Path(p).resolve() for p in opens.paths}
        opens.paths.clear()
    assert written and all(p.parent == out.parent.resolve() for p in written), written
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == SHEETS[0][0]


def test_cli_report_and_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.cli import EXIT_OK, EXIT_USAGE, main
    from app.storage.kdf import TEST_PARAMS

    path = tmp_path / "v.xcv"
    with Vault.create(path, "口令 test 2024", kdf=TEST_PARAMS) as vault:
        vault.records.save(Lead(subject_name="张三", source="来信", summary="=1+1"))
    monkeypatch.setenv("XUNCHA_PASSPHRASE", "口令 test 2024")
    assert main(["ledger", str(path), "--out", str(tmp_path / "l.xlsx")]) == EXIT_OK
    col = 2 + [c.spec.name for c in columns("lead")].index("summary")
    cell = openpyxl.load_workbook(tmp_path / "l.xlsx")["问题线索台账"].cell(FIRST_ROW, col)
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert main(["ledger", str(path), "--out", str(tmp_path / "l.csv")]) == EXIT_USAGE
    assert main(["report", "feedback", str(path), "--out", str(tmp_path / "f.pdf")]) != EXIT_OK  # no unit
    assert main(["report", "interview", str(path), "--out", str(tmp_path / "i.pdf")]) != EXIT_OK  # no interview


def test_cli_report_prints_copy_number_secrecy_and_watermark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt_

    from pypdf import PdfReader

    from app.cli import EXIT_OK, EXIT_USAGE, main
    from app.domain.records import Interview
    from app.storage.kdf import TEST_PARAMS

    path = tmp_path / "v.xcv"
    with Vault.create(path, "口令 test 2024", kdf=TEST_PARAMS) as vault:
        vault.records.save(Interview(interviewee="李四", time=dt_.datetime(2024, 5, 6, 9, 0), kind="必谈",
                                     content="谈话内容"))
    monkeypatch.setenv("XUNCHA_PASSPHRASE", "口令 test 2024")
    out = tmp_path / "i.pdf"
    assert main(["report", "interview", str(path), "--out", str(out), "--copy", "000123",
                 "--secrecy", "秘密★1年", "--watermark", "送县纪委监委 第3份"]) == EXIT_OK
    text = "".join(page.extract_text() or "" for page in PdfReader(out).pages)
    for printed in ("000123", "秘密", "送县纪委监委"):
        assert printed in text
    assert main(["report", "interview", str(path), "--out", str(tmp_path / "x.pdf"), "--copy", "12"]) == EXIT_USAGE
