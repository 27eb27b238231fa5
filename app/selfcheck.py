"""``python main.py self-check``: exercise every part of the program on a temporary vault.

Beside app/cli/ rather than in app/ui: it drives the window, but it also works on vaults directly,
which the window itself never does (docs/architecture.md, "Layers").

Runs offscreen and leaves nothing behind: two vaults in a temporary directory (deleted at the
end), sample records with an attachment, search, every page of the window and an editor, lock
and unlock, a PDF, a ledger, and a handoff package imported into a second vault. Each step says
what it checked; the first failure stops the run with its reason. The frozen build runs it in
CI, so a build that lacks a module or a data file fails there.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.storage.kdf import KdfParams
from app.storage.vault import Vault

PASSPHRASE = "self-check 自检口令"


class SelfCheckFailed(Exception):
    """A step did not do what it should; the message names the step."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise SelfCheckFailed(what)


def run_self_check(report: Callable[[str], None] = print) -> None:
    """Run every step, calling ``report`` with one line per step; raise SelfCheckFailed on failure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="xuncha-selfcheck-") as tmp:
        folder = Path(tmp)
        # The real Argon2id memory cost (64 MiB) without the calibration wait.
        team = Vault.create(folder / "team.xcv", PASSPHRASE, owner="自检", kdf=KdfParams())
        try:
            _storage(team, report)
            _window(team, report)
            _documents(team, folder, report)
            _package(team, folder, report)
        finally:
            team.close()
    report("自检通过")


def _storage(vault: Vault, report: Callable[[str], None]) -> None:
    from app.demo import fill

    counts = fill(vault, scale="team", seed=7)
    _expect(counts.get("interviews", 0) > 0, "演示数据未写入")
    interview = vault.records.list("interview")[0]
    content = "自检附件内容".encode() * 5000
    attachment = vault.attach(interview.id, io.BytesIO(content), "自检.txt")
    _expect(attachment.sha256 == hashlib.sha256(content).hexdigest(), "附件哈希不符")
    _expect(b"".join(vault.blobs.chunks(attachment.sha256)) == content, "附件读出内容不符")
    for query in ("粮食", "招", "三重一大"):
        _expect(bool(vault.search(query)), f"检索“{query}”没有结果")
    report(f"保密库：写入 {sum(counts.values())} 条记录、附件、检索 正常")


#: What the offscreen platform says about window-manager calls it cannot do: noise, not faults.
OFFSCREEN_NOISE = ("This plugin does not support",)


def _quiet_offscreen(kind: object, context: object, message: str) -> None:
    if not message.startswith(OFFSCREEN_NOISE):
        print(message, file=sys.stderr)


def _window(vault: Vault, report: Callable[[str], None]) -> None:
    from PySide6.QtCore import QCoreApplication, qInstallMessageHandler

    from app.ui.application import make_application
    from app.ui.i18n import resolve_language
    from app.ui.main_window import NAVIGATION, MainWindow
    from app.ui.tasks import DbExecutor

    qInstallMessageHandler(_quiet_offscreen)
    app = make_application([])  # in the language of $XUNCHA_LANG (default Chinese)
    language = resolve_language()
    if language != "zh":
        _expect(NAVIGATION[0].title != NAVIGATION[0].label, f"界面翻译 resources/i18n/xuncha_{language}.qm 未加载")
    executor = DbExecutor(synchronous=True)
    executor.set_vault(vault)
    window = MainWindow(executor)
    window.attach()
    window.resize(1200, 800)
    window.show()
    for entry in NAVIGATION:
        window.show_page(entry.key)
        QCoreApplication.processEvents()
        _expect(not window.grab().isNull(), f"页面“{entry.label}”无法绘制")
    interview = vault.records.list("interview")[0]
    window.open_record("interview", interview.id)
    QCoreApplication.processEvents()
    _expect(interview.id in window.editors, "谈话记录编辑窗口未打开")
    for editor in list(window.editors.values()):
        editor.discard()
        editor.close()
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()
    app.processEvents()
    report(f"窗口：{len(NAVIGATION)} 个页面和编辑窗口 绘制正常（界面语言 {language}）")


def _documents(vault: Vault, folder: Path, report: Callable[[str], None]) -> None:
    from app.export.pdf import print_feedback, print_interview
    from app.export.xlsx.ledger import export_ledger

    feedback = folder / "反馈意见.pdf"
    unit, pages = print_feedback(vault, feedback)
    _expect(feedback.read_bytes()[:5] == b"%PDF-" and pages > 0, "反馈意见 PDF 未生成")
    _expect(_pdfium_renders(feedback.read_bytes(), pages), "PDFium 无法渲染反馈意见（预览和打印用）")
    record = folder / "谈话记录.pdf"
    print_interview(vault, record)
    _expect(record.read_bytes()[:5] == b"%PDF-", "谈话记录 PDF 未生成")
    ledger = folder / "台账.xlsx"
    export_ledger(vault, ledger)
    _expect(ledger.read_bytes()[:2] == b"PK", "台账未生成")
    report(f"文书：反馈意见（{unit}，{pages} 页，PDFium 预览渲染）、谈话记录、台账 生成正常")


def _pdfium_renders(data: bytes, pages: int) -> bool:
    """The documents page previews and prints through PDFium: its library must be in the build."""
    import pypdfium2 as pdfium

    from app.ui.documents.pdf_view import page_sizes, render_band

    doc = pdfium.PdfDocument(data)
    try:
        image = render_band(doc, 0, 0.5)
    finally:
        doc.close()
    return len(page_sizes(data)) == pages and not image.isNull() and image.pixelColor(0, 0).value() == 255


def _package(team: Vault, folder: Path, report: Callable[[str], None]) -> None:
    from app.exchange.package import (
        export_package,
        import_packages,
        load_key_file,
        parse_recipients,
        public_document,
        trust,
    )

    office = Vault.create(folder / "office.xcv", PASSPHRASE, role="office", owner="巡察办", kdf=KdfParams())
    try:
        office_keys = json.dumps(public_document(office), ensure_ascii=False).encode()
        team_keys = json.dumps(public_document(team), ensure_ascii=False).encode()
        trust(office, load_key_file(team_keys))
        package = folder / "handoff.xcp"
        export_package(team, package, parse_recipients(office_keys), kind="handoff")
        import_packages(office, [package])
        _expect(office.counts() == team.counts(), "导入后记录数与导出方不一致")
        _expect(office.check().ok and team.check().ok, "导入后完整性检查未通过")
    finally:
        office.close()
    report("交接包：导出、校验、导入第二个保密库 正常")
