"""The Excel ledgers read back with openpyxl: sheets, headers, validation, print setup, no formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.domain.records import Lead, Problem, Rectification, kind_spec
from app.domain.vocab import SEED
from app.export.xlsx import SHEETS, export_ledger
from app.export.xlsx.ledger import OVERDUE_FILL, VOCAB_SHEET, columns
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
        assert [c.value for c in ws[1]] == ["序号", *(c.spec.label for c in columns(kind))]
        assert ws.freeze_panes == "A2"
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
        assert ws.column_dimensions["B"].width >= 7
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
    for row in ws.iter_rows(min_row=2):
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
    cell = openpyxl.load_workbook(tmp_path / "l.xlsx")["问题线索台账"].cell(2, col)
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
