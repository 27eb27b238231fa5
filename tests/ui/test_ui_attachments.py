"""Attachments in the editor: add by dialog and by drop, view images and PDFs, save a copy."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage

from app.ui.main_window import MainWindow
from app.ui.records.attachments import AttachmentsModel, AttachmentViewer, human_size
from tests.ui.conftest import Sample


def png_bytes() -> bytes:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a6fb0"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_attachments_added_viewed_and_copied(qtbot, window: MainWindow, sample: Sample, tmp_path: Path) -> None:
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(png_bytes())
    scan = tmp_path / "谈话笔录扫描件.pdf"
    scan.write_bytes(pdf_bytes())
    window.open_record("interview", sample.interviews[0].id)
    editor = window.editors[sample.interviews[0].id]
    panel = editor.attachments
    assert panel is not None and panel.isVisibleTo(editor) and panel.model.rowCount() == 0

    panel.ask_files = lambda: [str(photo)]
    panel.add_button.click()
    assert panel.model.rowCount() == 1 and "已添加 1 个附件" in panel.status.text()

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    assert panel.model.rowCount() == 2
    stored = sample.vault.attachments(sample.interviews[0].id)
    assert sorted(a.filename for a in stored) == ["现场照片.png", "谈话笔录扫描件.pdf"]  # type: ignore[attr-defined]

    panel.view_attachment(0)
    viewer = panel.viewers[-1]
    assert viewer.image_label is not None and not viewer.image_label.pixmap().isNull()
    assert viewer.image_label.pixmap().width() == 40
    panel.view_attachment(1)
    pdf_viewer = panel.viewers[-1]
    assert pdf_viewer.pdf is not None and pdf_viewer.pdf.view.page_count() == 1  # rendered, not just its text

    dest = tmp_path / "out" / "副本.png"
    dest.parent.mkdir()
    panel.ask_copy_destination = lambda a: ""  # declined the warning: nothing written
    panel.save_copy(0)
    assert not dest.exists()
    panel.ask_copy_destination = lambda a: str(dest)
    panel.save_copy(0)
    assert dest.read_bytes() == photo.read_bytes() and "未加密副本" in panel.status.text()

    editor.discard()  # locking drops the list and the viewers
    assert panel.model.rowCount() == 0 and not panel.viewers


def test_new_record_has_no_attachment_box_until_saved(window: MainWindow) -> None:
    window.open_record("lead", "")
    editor = [e for e in window.editors.values() if not e.record.id][-1]
    assert editor.attachments is not None and not editor.attachments.isVisibleTo(editor)


def test_viewer_refuses_other_files() -> None:
    from app.domain.records import Attachment

    with pytest.raises(ValueError, match="只能在程序内查看图片和 PDF"):
        AttachmentViewer(Attachment(filename="a.docx", mime="application/msword"), b"x")
    assert human_size(2048) == "2.0 KB" and human_size(12) == "12 B"


def test_attachments_model(qtmodeltester) -> None:
    from app.domain.records import Attachment

    model = AttachmentsModel()
    model.set_attachments([Attachment(id="a1", filename="x.png", mime="image/png", size=10)])
    qtmodeltester.check(model)


def test_a_damaged_pdf_is_refused_with_a_message(window: MainWindow, sample: Sample, tmp_path: Path) -> None:
    bad = tmp_path / "损坏的扫描件.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    window.open_record("interview", sample.interviews[0].id)
    panel = window.editors[sample.interviews[0].id].attachments
    assert panel is not None
    panel.ask_files = lambda: [str(bad)]
    panel.add_button.click()
    before = len(panel.viewers)
    panel.view_attachment(0)
    assert len(panel.viewers) == before  # no window opened on it
    assert "无法读取该 PDF" in panel.status.text()
