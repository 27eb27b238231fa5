"""The documents page: generate into memory, preview, print, save a copy, journal (issue 5 items 6-7)."""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

import app.services.documents as documents
import app.ui.documents.pdf_print as pdf_print
import app.ui.documents.reports as reports
from app.domain.jobs import Cancelled, Progress
from app.domain.records import Unit
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from app.ui.documents.kinds import LABELS
from app.ui.documents.pdf_view import PAGE_GAP, render_band
from app.ui.documents.reports import DOCUMENTS, ReportsPage, SubjectModel
from app.ui.tasks import DbExecutor
from tests.conftest import PASSPHRASE, WriteOpens


def journal_head(vault: Vault) -> int:
    """The last journal entry's sequence number."""
    return vault.journal.entries(limit=1)[0].seq


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team-scale demo vault made once (about 2 s); each test opens its own copy."""
    from app.demo import fill

    path = tmp_path_factory.mktemp("demo") / "demo.xcv"
    vault = Vault.create(path, PASSPHRASE, role="team", owner="测试员", kdf=TEST_PARAMS)
    try:
        fill(vault, scale="team", seed=3)
    finally:
        vault.close()
    return path


@pytest.fixture
def demo_vault(demo_template: Path, tmp_path: Path) -> Iterator[Vault]:
    path = tmp_path / "v.xcv"
    shutil.copyfile(demo_template, path)
    vault = Vault.open(path, PASSPHRASE)
    yield vault
    vault.close()


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory as the process's temporary folder, to see what lands there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def page(qtbot: Any, executor: DbExecutor, demo_vault: Vault) -> ReportsPage:
    executor.set_vault(demo_vault)
    widget = ReportsPage(executor)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.ensure_loaded()
    assert widget.loaded
    return widget


def feedback_unit(vault: Vault) -> Unit:
    units = [u for u in vault.records.list("unit") if isinstance(u, Unit)]
    return units[0]


def generate_feedback(page: ReportsPage, vault: Vault) -> reports.Generated:
    page.set_document("feedback")
    assert page.select_subject(feedback_unit(vault).id)
    page.copy_edit.setText("000003")
    page.secrecy_combo.setCurrentText("秘密★1年")
    page.generate()
    assert page.result is not None, page.status.text()
    return page.result


def gray(image: QImage) -> list[int]:
    small = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return [small.pixelColor(x, y).value() for y in range(0, small.height(), 3) for x in range(0, small.width(), 3)]


# --- generating and previewing ---------------------------------------------------------------


def test_feedback_is_generated_into_memory_and_previewed_page_by_page(
        qtbot: Any, page: ReportsPage, demo_vault: Vault, private_tmp: Path, tmp_path: Path) -> None:
    before, journal = files_under(tmp_path), journal_head(demo_vault)
    opens = WriteOpens.get()
    opens.armed = True
    try:
        result = generate_feedback(page, demo_vault)
        view = page.preview.view
        qtbot.waitUntil(lambda: 0 in view.rendered_pages())
        view.go_to_page(view.page_count())
        qtbot.waitUntil(lambda: view.page_count() - 1 in view.rendered_pages())
    finally:
        opens.armed = False

    assert result.data.startswith(b"%PDF-")
    pages = len(PdfReader(io.BytesIO(result.data)).pages)
    assert pages > 1
    assert view.page_count() == pages == result.pages
    assert page.preview.count_label.text() == f"/ {pages} 页"
    assert feedback_unit(demo_vault).name in PdfReader(io.BytesIO(result.data)).pages[0].extract_text()
    # Nothing decrypted touched disk: no new file beside the vault, none in the temporary folder.
    assert files_under(tmp_path) == before
    assert list(private_tmp.iterdir()) == []
    assert opens.paths == []  # nor anywhere else Python could open a file for writing
    # Generating is not printing: the journal records prints and copies, not previews.
    assert journal_head(demo_vault) == journal
    assert page.print_button.isEnabled() and page.save_button.isEnabled()


def test_the_preview_shows_what_pdfium_renders(qtbot: Any, page: ReportsPage, demo_vault: Vault) -> None:
    result = generate_feedback(page, demo_vault)
    view = page.preview.view
    qtbot.waitUntil(lambda: 0 in view.rendered_pages())
    scale, image = view._images[0]
    doc = pdfium.PdfDocument(result.data)
    try:
        expected = render_band(doc, 0, scale)
    finally:
        doc.close()
    assert image.size() == expected.size()
    assert image == expected
    assert min(gray(image)) < 100  # there is text on it, not a blank page


def test_zoom_and_page_navigation(qtbot: Any, page: ReportsPage, demo_vault: Vault) -> None:
    generate_feedback(page, demo_vault)
    view, preview = page.preview.view, page.preview
    count = view.page_count()
    assert view.current_page() == 1

    view.set_zoom(1.0)
    width_100 = view.page_rect(0).width()
    preview.zoom_in_button.click()
    assert view.zoom() == pytest.approx(1.25)
    view.set_zoom(2.0)
    assert view.page_rect(0).width() == pytest.approx(2 * width_100, abs=1)
    assert preview.zoom_combo.currentText() == "200%"
    preview.zoom_out_button.click()
    assert view.zoom() == pytest.approx(1.5)

    view.go_to_page(3)
    assert view.current_page() == 3
    assert view.verticalScrollBar().value() == round(view.page_rect(2).top()) - PAGE_GAP // 2
    assert preview.page_spin.value() == 3
    preview.next_button.click()
    assert view.current_page() == 4
    preview.previous_button.click()
    preview.previous_button.click()
    assert view.current_page() == 2
    preview.page_spin.setValue(count)
    assert view.current_page() == count
    qtbot.waitUntil(lambda: count - 1 in view.rendered_pages())

    # Scrolling by hand moves the current page too.
    view.verticalScrollBar().setValue(0)
    assert view.current_page() == 1 and preview.page_spin.value() == 1

    # Fit width fills the view and follows it when it resizes.
    preview.fit_button.click()
    assert view.auto_fit
    fitted = view.page_rect(0).width()
    page.resize(page.width() + 200, page.height())
    qtbot.waitUntil(lambda: view.page_rect(0).width() > fitted + 100)


def test_changing_an_option_drops_the_generated_document(page: ReportsPage, demo_vault: Vault) -> None:
    generate_feedback(page, demo_vault)
    page.secrecy_combo.setCurrentText("机密")
    assert page.result is None
    assert page.preview.view.page_count() == 0
    assert not page.print_button.isEnabled()


def test_bad_options_get_one_message_and_generate_nothing(page: ReportsPage, demo_vault: Vault) -> None:
    page.set_document("feedback")
    page.copy_edit.setText("123")
    assert page.generate() is None
    assert page.status.text() == "份号须为 6 位数字" and page.result is None
    page.copy_edit.setText("")
    page.watermark_box.setChecked(True)
    assert page.generate() is None
    assert "接收人" in page.status.text() and page.result is None


def test_watermark_names_the_recipient_on_every_page(page: ReportsPage, demo_vault: Vault) -> None:
    import datetime as dt

    page.today = lambda: dt.date(2024, 6, 1)
    page.watermark_box.setChecked(True)
    page.recipient_edit.setText("县委巡察办张某")
    result = generate_feedback(page, demo_vault)
    assert result.options.watermark == "县委巡察办张某 2024年6月1日 第000003份"
    assert result.options.copy_number == "000003" and result.options.secrecy == "秘密★1年"


def test_the_interview_chosen_is_the_one_printed_with_its_own_secrecy(page: ReportsPage, demo_vault: Vault) -> None:
    import dataclasses

    interview = demo_vault.records.save(dataclasses.replace(demo_vault.records.list("interview")[7], secrecy="机密"))
    page.reload()
    page.prepare("interview", interview.id, generate=False)
    assert page.current_subject() is not None and page.current_subject().id == interview.id  # type: ignore[union-attr]
    assert page.secrecy_combo.currentText() == "机密"
    page.generate()
    assert page.result is not None
    text = PdfReader(io.BytesIO(page.result.data)).pages[0].extract_text()
    assert interview.interviewee in text  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", ["paper", "handover", "inspection"])
def test_the_round_documents_are_generated_and_previewed(page: ReportsPage, demo_vault: Vault, key: str) -> None:
    signed = [p for p in demo_vault.records.list("paper") if p.state == "组长签字"]  # type: ignore[attr-defined]
    page.prepare(key, signed[0].id if key == "paper" else "", generate=False)
    page.generate()
    assert page.result is not None and page.result.data.startswith(b"%PDF-")
    assert page.preview.view.page_count() == len(PdfReader(io.BytesIO(page.result.data)).pages) >= 1
    first = PdfReader(io.BytesIO(page.result.data)).pages[0].extract_text()
    expected = {"paper": signed[0].title, "handover": "移交清单", "inspection": "巡察"}[key]  # type: ignore[attr-defined]
    assert expected in first


def test_subject_model(qtmodeltester: Any, page: ReportsPage) -> None:
    page.set_document("interview")
    assert page.subject_model.rowCount() > 100
    qtmodeltester.check(page.subject_model)
    empty = SubjectModel()
    qtmodeltester.check(empty)


def test_every_document_in_the_registry_has_a_label() -> None:
    keys = [kind.key for kind in DOCUMENTS]
    assert len(set(keys)) == len(keys)
    assert set(keys) == set(LABELS)
    for kind in DOCUMENTS:
        assert QCoreApplication.translate("ReportsPage", LABELS[kind.key])
        assert kind.suffix == (".pdf" if kind.pdf else ".xlsx")


# --- cancelling ------------------------------------------------------------------------------


def test_cancel_stops_the_build_on_the_worker(qtbot: Any, threaded_executor: DbExecutor, demo_vault: Vault,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    threaded_executor.set_vault(demo_vault)
    started, go = threading.Event(), threading.Event()
    outcome: list[BaseException | None] = []
    real = documents.build_to_bytes

    def held(document: Any, progress: Progress | None = None) -> tuple[bytes, int]:
        started.set()
        go.wait(10)
        try:
            value = real(document, progress)
        except BaseException as exc:
            outcome.append(exc)
            raise
        outcome.append(None)
        return value

    monkeypatch.setattr(documents, "build_to_bytes", held)
    page = ReportsPage(threaded_executor)
    qtbot.addWidget(page)
    page.ensure_loaded()
    qtbot.waitUntil(lambda: page.loaded)
    page.set_document("feedback")
    page.generate()
    assert page.cancel_button.isEnabled()
    assert started.wait(10)
    page.cancel()
    go.set()
    qtbot.waitUntil(lambda: not page.busy)
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert page.result is None and page.preview.view.page_count() == 0
    assert page.status.text() == "已取消"
    assert page.generate_button.isEnabled() and not page.cancel_button.isEnabled()


# --- printing --------------------------------------------------------------------------------


def pdf_printer(path: Path, dpi: int = 72) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def test_printing_sends_every_page_at_paper_size_and_journals_it(
        qtbot: Any, page: ReportsPage, demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = generate_feedback(page, demo_vault)
    journal = journal_head(demo_vault)
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    monkeypatch.setattr(pdf_print, "BAND_PIXELS", 595 * 200)  # several bands a page: they must meet
    page.make_printer = lambda: printer
    asked: list[int] = []
    page.ask_printer = lambda p, n: asked.append(n) or True

    with qtbot.waitSignal(page.printed, timeout=60_000) as blocker:
        assert page.print_document() is not None
    assert asked == [result.pages]
    assert blocker.args == [result.pages]
    assert page.status.text() == f"已送打印 {result.pages} 页"

    printed = PdfReader(str(out))
    assert len(printed.pages) == result.pages
    box = printed.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.3, abs=1) and float(box.height) == pytest.approx(841.9, abs=1)
    # The printed page is the document's page, in place and at its size (bands without seams).
    original, copy = pdfium.PdfDocument(result.data), pdfium.PdfDocument(out.read_bytes())
    try:
        for index in (0, result.pages - 1):
            want, got = gray(render_band(original, index, 0.5)), gray(render_band(copy, index, 0.5))
            assert len(want) == len(got)
            assert sum(abs(a - b) for a, b in zip(want, got, strict=True)) / len(want) < 6
            assert min(got) < 128
    finally:
        original.close()
        copy.close()

    # Journalled once, before the first page went out.
    entry = demo_vault.journal.entries(limit=1)[0]
    assert entry.action == "print-feedback"
    assert entry.record_id == feedback_unit(demo_vault).id
    assert entry.detail["file"] == "printed.pdf"
    assert entry.detail["pages_to_print"] == result.pages and entry.detail["copy"] == "000003"
    assert entry.detail["secrecy"] == "秘密★1年"
    assert journal_head(demo_vault) == journal + 1


def test_print_dialog_refused_prints_nothing(page: ReportsPage, demo_vault: Vault, tmp_path: Path) -> None:
    generate_feedback(page, demo_vault)
    journal = journal_head(demo_vault)
    page.make_printer = lambda: pdf_printer(tmp_path / "no.pdf")
    page.ask_printer = lambda p, n: False
    assert page.print_document() is None
    assert not (tmp_path / "no.pdf").exists()
    assert journal_head(demo_vault) == journal


def test_cancelling_a_print_stops_it_and_journals_the_pages_sent(
        qtbot: Any, page: ReportsPage, demo_vault: Vault, tmp_path: Path) -> None:
    result = generate_feedback(page, demo_vault)
    assert result.pages > 2
    page.make_printer = lambda: pdf_printer(tmp_path / "part.pdf")
    page.ask_printer = lambda p, n: True
    job = page.print_document()
    assert job is not None
    job.progressed.connect(lambda done, _total: page.cancel() if done == 1 else None)
    with qtbot.waitSignal(page.printed, timeout=60_000) as blocker:
        pass
    assert blocker.args == [1]
    assert page.status.text() == "已取消打印（已送出 1 页）"
    ended, started = demo_vault.journal.entries(limit=2)
    assert started.action == "print-feedback" and started.detail["pages_to_print"] == result.pages
    assert ended.action == "print-feedback" and ended.detail["printed_pages"] == 1
    assert ended.detail["outcome"] == "cancelled" and ended.record_id == started.record_id


# --- saving a copy ---------------------------------------------------------------------------


def test_save_copy_writes_the_previewed_bytes_and_journals_it(
        page: ReportsPage, demo_vault: Vault, tmp_path: Path) -> None:
    result = generate_feedback(page, demo_vault)
    assert not page.open_button.isEnabled()
    dest = tmp_path / "out" / "反馈意见.pdf"
    dest.parent.mkdir()
    suggested: list[str] = []
    page.ask_save_path = lambda name: suggested.append(name) or str(dest)
    page.save_copy()
    assert suggested == [f"{result.title}.pdf"]
    assert dest.read_bytes() == result.data
    entry = demo_vault.journal.entries(limit=1)[0]
    assert entry.action == "print-feedback" and entry.detail["file"] == "反馈意见.pdf"
    assert entry.detail["pages"] == result.pages
    opened: list[Path] = []
    page.open_file = lambda p: opened.append(p) or True
    assert page.open_button.isEnabled()
    page.open_button.click()
    assert opened == [dest]


def test_declining_the_plaintext_warning_saves_nothing(page: ReportsPage, demo_vault: Vault, tmp_path: Path) -> None:
    generate_feedback(page, demo_vault)
    journal, before = journal_head(demo_vault), files_under(tmp_path)
    page.ask_save_path = lambda name: ""
    assert page.save_copy() is None
    assert files_under(tmp_path) == before and journal_head(demo_vault) == journal
    assert not page.open_button.isEnabled()


def test_a_copy_that_cannot_be_written_gets_one_message(page: ReportsPage, demo_vault: Vault, tmp_path: Path) -> None:
    generate_feedback(page, demo_vault)
    journal = journal_head(demo_vault)
    page.ask_save_path = lambda name: str(tmp_path / "missing-folder" / name)
    page.save_copy()
    assert page.status.text().startswith("无法写入") and "\n" not in page.status.text()
    assert page.saved_path is None and not page.open_button.isEnabled()
    assert journal_head(demo_vault) == journal
    assert page.result is not None and page.save_button.isEnabled()  # the document is still there to retry


def test_the_ledger_is_exported_to_the_chosen_path_and_journalled(
        page: ReportsPage, demo_vault: Vault, tmp_path: Path) -> None:
    page.set_document("ledger")
    assert not page.generate_button.isEnabled() and not page.print_button.isEnabled()
    assert page.save_button.isEnabled() and not page.preview.isVisible()
    dest = tmp_path / "台账.xlsx"
    page.ask_save_path = lambda name: str(dest) if name.endswith(".xlsx") else ""
    page.save_copy()
    assert dest.read_bytes()[:2] == b"PK"
    entry = demo_vault.journal.entries(limit=1)[0]
    assert entry.action == "export-ledger" and entry.detail["file"] == "台账.xlsx"
    assert "已保存未加密副本" in page.status.text()


# --- in the window -------------------------------------------------------------------------


def test_the_interview_editor_prints_its_record(window: Any, sample: Any) -> None:
    interview = sample.interviews[1]
    window.open_record("interview", interview.id)
    editor = window.editors[interview.id]
    buttons = editor.history_button.parent()
    assert isinstance(buttons, QDialogButtonBox)
    button = next(b for b in buttons.findChildren(QPushButton) if b.text() == "打印谈话记录…")
    button.click()
    page = window.reports_page
    assert window.current_key() == "reports"
    assert window.stack.currentWidget() is page
    assert page.current_kind().key == "interview"
    assert page.result is not None and page.result.subject is not None
    assert page.result.subject.id == interview.id
    assert interview.interviewee in PdfReader(io.BytesIO(page.result.data)).pages[0].extract_text()


def test_locking_drops_the_document_and_the_lists(window: Any) -> None:
    window.show_page("reports")
    page = window.reports_page
    assert page.loaded
    page.set_document("feedback")
    page.recipient_edit.setText("张某")
    page.generate()
    assert page.result is not None
    window.clear_for_lock()
    assert page.result is None and page.preview.view.page_count() == 0
    assert page.subject_model.rowCount() == 0 and not page.loaded
    assert page.recipient_edit.text() == ""
