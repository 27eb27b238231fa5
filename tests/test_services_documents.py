"""app/services/documents.py on a demo vault: subjects, the five documents made into memory, copies,
the journal and the ledger (docs/documents.md)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

import app.export.xlsx.ledger as ledger
from app.domain.jobs import Cancelled
from app.domain.records import Interview, Paper, Unit
from app.export.pdf.base import DocOptions
from app.export.pdf.feedback import pick_unit
from app.export.xlsx.ledger import SHEETS
from app.services import documents
from app.services.documents import DOCUMENTS, SubjectMissing
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team-scale demo vault made once; each test opens its own copy."""
    from app.demo import fill

    path = tmp_path_factory.mktemp("demo") / "demo.xcv"
    vault = Vault.create(path, PASSPHRASE, role="team", owner="测试员", kdf=TEST_PARAMS)
    try:
        fill(vault, scale="team", seed=3)
    finally:
        vault.close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Vault]:
    path = tmp_path / "v.xcv"
    shutil.copyfile(demo_template, path)
    vault = Vault.open(path, PASSPHRASE)
    yield vault
    vault.close()


def head(vault: Vault) -> int:
    return vault.journal.entries(limit=1)[0].seq


def pdf_pages_and_text(data: bytes) -> tuple[int, str]:
    doc = pdfium.PdfDocument(data)
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return len(doc), "".join(texts)
    finally:
        doc.close()


def squash(text: str) -> str:
    return "".join(text.split())


def test_subjects_are_every_unit_interview_and_paper_with_the_busiest_unit_first(demo: Vault) -> None:
    subjects = documents.load_subjects(demo)
    interviews = demo.records.list(Interview)
    assert [s.id for s in subjects.rows["unit"]] == [u.id for u in demo.records.list(Unit)]
    assert [s.id for s in subjects.rows["interview"]] == [r.id for r in interviews]
    assert [s.id for s in subjects.rows["paper"]] == [p.id for p in demo.records.list(Paper)]
    first = interviews[0]
    listed = subjects.rows["interview"][0]
    assert listed.secrecy == first.secrecy and first.interviewee in listed.label
    busiest = pick_unit(demo, None).id
    assert documents.busiest_unit(demo) == busiest
    assert dict(subjects.preferred) == {"feedback": busiest, "inspection": busiest}


@pytest.mark.parametrize("key", [k.key for k in DOCUMENTS if k.pdf])
def test_each_document_is_made_into_memory_without_a_journal_entry(demo: Vault, key: str, tmp_path: Path) -> None:
    kind = documents.document_kind(key)
    unit = demo.records.get(pick_unit(demo, None).id, Unit)
    subject = {"unit": unit.id, "interview": demo.records.list(Interview)[0].id,
               "paper": demo.records.list(Paper)[0].id, None: None}[kind.subject_kind]
    before, files = head(demo), set(tmp_path.iterdir())
    made = documents.make_document(demo, key, subject, DocOptions(copy_number="000007", secrecy="秘密"))
    pages, text = pdf_pages_and_text(made.data)
    assert made.key == key and made.pages == pages >= 1
    assert made.title and made.options.copy_number == "000007"
    assert "000007" in text and "秘密" in text
    if kind.subject_kind == "unit":
        assert squash(unit.name) in squash(text)
    assert head(demo) == before and set(tmp_path.iterdir()) == files  # nothing journalled, nothing written


@pytest.mark.parametrize(("key", "subject_kind"), [("feedback", "unit"), ("inspection", "unit"),
                                                    ("interview", "interview"), ("paper", "paper")])
def test_a_document_without_its_record_is_refused_with_the_kind_to_choose(demo: Vault, key: str,
                                                                          subject_kind: str) -> None:
    with pytest.raises(SubjectMissing) as caught:
        documents.make_document(demo, key, None, DocOptions())
    assert caught.value.subject_kind == subject_kind


def test_a_unit_that_is_gone_is_a_missing_subject(demo: Vault) -> None:
    with pytest.raises(SubjectMissing):
        documents.make_document(demo, "feedback", demo.records.list(Interview)[0].id, DocOptions())


def test_progress_is_told_the_steps_and_a_cancel_it_raises_stops_the_build(demo: Vault) -> None:
    unit = documents.busiest_unit(demo)
    seen: list[tuple[int, int]] = []
    documents.make_document(demo, "feedback", unit, DocOptions(), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 2) and seen[1] == (1, 2) and set(seen) == {(0, 2), (1, 2)}

    calls: list[int] = []

    def cancel_while_laying_out(done: int, total: int) -> None:
        calls.append(done)
        if done == 1 and len(calls) > 2:  # the layout has begun
            raise Cancelled()

    with pytest.raises(Cancelled):
        documents.make_document(demo, "feedback", unit, DocOptions(), progress=cancel_while_laying_out)
    assert len(calls) == 3


def test_a_saved_copy_is_the_document_and_is_journalled(demo: Vault, tmp_path: Path) -> None:
    made = documents.make_document(demo, "handover", None, DocOptions(copy_number="000002"))
    out = tmp_path / "移交清单.pdf"
    documents.save_copy(demo, out, made.data, "print-handover", {"pages": made.pages, "copy": "000002"})
    assert out.read_bytes() == made.data
    entry = demo.journal.entries(limit=1)[0]
    assert entry.action == "print-handover"
    assert entry.detail == {"pages": made.pages, "copy": "000002", "file": "移交清单.pdf"}
    before = head(demo)
    with pytest.raises(OSError):
        documents.save_copy(demo, tmp_path / "no such folder" / "x.pdf", made.data, "print-handover", {})
    assert head(demo) == before


def test_record_export_journals_the_print_of_a_record(demo: Vault) -> None:
    interview = demo.records.list(Interview)[0]
    documents.record_export(demo, "print-interview", {"printer": "办公室", "pages": 3}, interview.id)
    entry = demo.journal.entries(limit=1)[0]
    assert (entry.action, entry.record_id, entry.detail) == ("print-interview", interview.id,
                                                             {"printer": "办公室", "pages": 3})


def test_the_ledger_has_a_row_per_record_and_is_journalled(demo: Vault, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "PROGRESS_ROWS", 10)
    out = tmp_path / "台账.xlsx"
    seen: list[tuple[int, int]] = []
    stats = documents.export_ledger_file(demo, out, progress=lambda d, t: seen.append((d, t)))
    wb = openpyxl.load_workbook(out, read_only=True)
    total = 0
    for title, kind in SHEETS:
        rows = sum(1 for _ in wb[title].iter_rows(min_row=ledger.FIRST_ROW))  # below the title and header
        assert rows == stats.sheets[title] == demo.records.count(kind)
        total += rows
    wb.close()
    assert [d for d, _ in seen] == list(range(10, total + 1, 10))
    assert {t for _, t in seen} == {total}  # every report carries the vault's row count
    entry = demo.journal.entries(limit=1)[0]
    assert entry.action == "export-ledger" and entry.detail["file"] == "台账.xlsx"
    assert entry.detail["rows"] == stats.sheets


def test_a_cancel_raised_by_the_ledgers_progress_leaves_no_file_and_no_entry(
        demo: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "PROGRESS_ROWS", 10)
    before = head(demo)
    out = tmp_path / "台账.xlsx"

    def stop(done: int, _total: int) -> None:
        if done >= 30:
            raise Cancelled()

    with pytest.raises(Cancelled):
        documents.export_ledger_file(demo, out, progress=stop)
    assert not out.exists() and list(tmp_path.glob("*.xlsx*")) == [] and head(demo) == before
