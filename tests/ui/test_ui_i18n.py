"""The interface in English and in Chinese (the default), and the completeness of the catalogue.

The English widgets are built with a catalogue compiled from resources/i18n/xuncha_en.ts into a
temporary folder, so these tests always see the .ts as it is; one test checks that scripts/setup
has compiled the shipped .qm too.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel

from app.domain.vocab import SEED
from app.storage.errors import RuleViolation, WrongPassphrase
from app.ui import i18n
from app.ui.main_window import NAVIGATION, MainWindow
from app.ui.preferences import PreferencesDialog
from app.ui.security.unlock import UnlockDialog
from tests.ui.conftest import Sample

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "i18n" / "xuncha_en.ts"
PLACEHOLDER = re.compile(r"\{\d+\}")


def load_update_script() -> ModuleType:
    """scripts/i18n-update as a module (it has no .py suffix)."""
    loader = SourceFileLoader("i18n_update", str(ROOT / "scripts" / "i18n-update"))
    spec = importlib.util.spec_from_loader("i18n_update", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_update"] = module  # dataclasses look their module up
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def update() -> ModuleType:
    return load_update_script()


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path, update: ModuleType) -> Iterator[list[str]]:
    """English installed (from the current .ts) while the test runs; Chinese again afterwards."""
    qm = tmp_path / "xuncha_en.qm"
    subprocess.run([*update.qt_tool_command("lrelease"), "-silent", str(TS_FILE), "-qm", str(qm)], check=True)
    loaded = i18n.install_translators(qapp, "en", folder=tmp_path)
    yield loaded
    i18n.remove_translators(qapp)


def english_window(qtbot, executor, sample: Sample, ui_settings) -> MainWindow:
    executor.set_vault(sample.vault)
    window = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(window)
    window.attach()
    return window


def nav_texts(window: MainWindow) -> list[str]:
    """The entries shown (an office's entries are hidden in a team vault)."""
    return [window.nav.item(row).text() for row in range(window.nav.count()) if not window.nav.item(row).isHidden()]


def headers(view) -> list[str]:
    model = view.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def form_labels(form: QFormLayout) -> list[str]:
    out = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and isinstance(item.widget(), QLabel):
            out.append(item.widget().text())
    return out


# --- English ---------------------------------------------------------------------------------------------


def test_english_catalogue_loads(english: list[str]) -> None:
    assert "xuncha_en" in english
    assert QCoreApplication.translate("MainWindow", "概览") == "Overview"
    assert QLocale().language() == QLocale.Language.English


def test_main_window_in_english(english, qtbot, executor, sample: Sample, ui_settings) -> None:
    window = english_window(qtbot, executor, sample, ui_settings)
    assert nav_texts(window) == ["Overview", "Interviews", "Petitions", "Leads", "Document Requests",
                                 "Working Papers", "Problems & Rectification", "Handovers", "People", "Search",
                                 "Packages", "Documents & Ledgers", "Conflicts"]
    assert window.windowTitle().startswith("XunCha Workbench ")
    assert window.menuBar().actions()[0].text() == "&Workbench"
    assert window.lock_action.text() == "&Lock"

    window.show_page("interview")
    page = window.list_pages["interview"]
    assert headers(page.view)[:4] == ["Interview no.", "Interviewee", "Post", "Inspected unit"]
    assert page.new_button.text() == "New Interview"
    assert page.delete_button.text() == "Delete"
    assert page.filter_edit.placeholderText() == "Filter Interviews…"
    assert page.count_label.text() == "Records: 2"
    assert page.model.index(0, 5).data() == "必谈"  # vocabulary values are data: never translated

    window.show_page("problems")
    tabs = window.pages["problems"]
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Feedback Problems", "Rectification Items"]
    window.show_page("lead")
    leads = window.list_pages["lead"].model
    assert leads.headerData(leads.due_column, Qt.Orientation.Horizontal) == "Deadline"


def test_editor_in_english(english, qtbot, executor, sample: Sample, ui_settings) -> None:
    window = english_window(qtbot, executor, sample, ui_settings)
    interview = sample.interviews[0]
    window.open_record("interview", interview.id)
    editor = window.editors[interview.id]
    labels = form_labels(editor.form)
    assert labels[:5] == ["Interview no.", "Inspected unit", "Inspection team", "Interviewee (roster)",
                          "Interviewee＊"]
    assert editor.windowTitle() == f"Interview — {interview.number}"
    assert [editor.save_button.text(), editor.close_button.text(), editor.history_button.text()] == [
        "Save", "Close", "History"]
    assert editor.panel.rules_box is not None and editor.panel.rules_box.title() == "Conditions for finalising"
    assert editor.panel.rules_label is not None
    assert editor.panel.rules_label.text() == ("Still needed before finalising: "
                                         "☐ The interviewee must check, confirm and sign")
    assert editor.inputs["confirmed"].focus_widget().text() == "Checked and signed by the interviewee"
    editor.discard()


def test_unlock_dialog_in_english(english, qtbot, executor, sample: Sample, ui_settings) -> None:
    dialog = UnlockDialog(executor, str(sample.vault.path), settings=ui_settings)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "XunCha Workbench — unlock vault"
    assert [dialog.create_button.text(), dialog.quit_button.text(), dialog.unlock_button.text()] == [
        "New vault…", "Quit", "Unlock"]
    dialog.unlock()
    assert dialog.error.text() == "Enter the passphrase"
    dialog.passphrase.setText("not the passphrase")
    dialog.unlock()
    assert dialog.error.text() == "Wrong passphrase (or the file is damaged)"


def test_package_conflict_and_document_screens_in_english(english, qtbot, executor, sample: Sample, ui_settings,
                                                          make_vault, tmp_path: Path) -> None:
    from app.exchange.package import PackageError, import_packages
    from app.ui.packages import texts as package_texts
    from tests.ui.test_ui_conflicts import diverge

    import_packages(sample.vault, [diverge(sample, make_vault("other.xcv"), tmp_path, summary="本库：改了摘要")])
    window = english_window(qtbot, executor, sample, ui_settings)
    window.show_page("packages")
    tabs = window.packages_page
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Import", "Export", "Keys and trust", "History"]
    assert package_texts.kind_text("member") == "Member package"
    assert package_texts.error_text(PackageError("not_age")) == "Not a package (no age encryption header)"

    window.show_page("conflicts")
    row = window.conflicts_page.model.row(0)
    assert (row.kind_label, row.field_label) == ("Lead", "Summary")  # the domain's words, translated
    assert nav_texts(window)[-1] == "Conflicts (1)"

    window.show_page("reports")
    documents = window.reports_page.document_combo
    assert [documents.itemText(i) for i in range(documents.count())] == [
        "Feedback opinion", "Interview record", "Working paper", "Handover list", "Inspection report", "Ledger (Excel)"]


def test_export_dialog_in_english(english, qtbot, executor, sample: Sample, ui_settings) -> None:
    from app.ui.packages.export_wizard import RECIPIENTS

    window = english_window(qtbot, executor, sample, ui_settings)
    window.show_page("packages")
    dialog = window.packages_page.export_panel.open_dialog()
    assert dialog.windowTitle() == "Export package"
    assert [dialog.back_button.text(), dialog.next_button.text(), dialog.close_button.text()] == [
        "Back", "Next", "Cancel"]
    assert dialog.kind_buttons["deployment"].text() == "Deployment package (deployment)"
    # A team vault cannot make the office kinds: shown, disabled, with the reason in English.
    assert not dialog.kind_buttons["upward"].isEnabled()
    assert "Not available: Upward packages are made only by inspection office vaults" in \
        dialog.kind_hints["upward"].text()
    assert "1. Kind" in dialog.steps.text() and "2. Recipients" in dialog.steps.text()
    # The suggested file name stays Chinese: one package, one name, whichever language made it.
    assert Path(dialog.path_edit.text()).name.startswith("交接包-组员包-")

    assert headers(dialog.team_step.view) == ["Team name", "Team number", "Round", "Units", "Members", "Roster"]
    records = dialog.records_step
    assert headers(records.view) == ["Kind", "No.", "Title / summary", "Inspected unit", "Status / category"]
    assert [records.all_button.text(), records.none_button.text()] == ["Tick all", "Tick none"]
    records.prepare("lead-transfer")
    assert records.intro.text().startswith("Tick the leads to hand over.")
    assert records.problem() == "Tick at least one record."

    dialog.next_button.click()
    assert dialog.stack.currentIndex() == RECIPIENTS
    assert dialog.recipients_status.text() == "Choose at least one recipient."
    dialog.extra_edit.setPlainText("AGE-SECRET-KEY-1QQQQ")  # refused: a package error, in English too
    assert dialog.recipients_status.text() == ("The file holds a private key: give only public keys "
                                                "(age1… or a file made by the keys command)")
    assert not dialog.next_button.isEnabled()
    dialog.discard()


def test_intake_dialog_in_english(english, qtbot, executor, sample: Sample, ui_settings, tmp_path: Path) -> None:
    from tests.ui.test_ui_intake import roster_file

    window = english_window(qtbot, executor, sample, ui_settings)
    assert window.intake_action.text() == "&Import from Excel…"
    window.intake_action.trigger()
    dialog = window.intake_dialog
    assert dialog.windowTitle() == "Import from Excel"
    assert [dialog.kind_combo.itemText(i) for i in range(dialog.kind_combo.count())] == [
        "List of inspected units", "Staff roster of a unit", "Document request checklist template",
        "Teams and members roster", "Feedback on handed-over leads", "Rectification ledger"]
    assert headers(dialog.view) == ["Row", "Result", "Name", "Details"]
    assert [dialog.import_button.text(), dialog.close_button.text()] == ["Import", "Close"]
    dialog.set_kind("roster")
    assert dialog.unit_combo.itemText(0) == "(from the sheet's unit column)"
    dialog.set_unit(sample.unit.id)
    dialog.set_file(str(roster_file(tmp_path / "名册.xlsx")))
    assert dialog.summary.text() == ("Sheet “Sheet”, header on row 2. "
                                     "To import: new 1, updated 1, unchanged 0, not imported 1 (rows: 3)")
    assert "姓 名 → Name" in dialog.columns_label.text()  # the sheet's header as written, the field translated
    assert [dialog.model.index(r, 1).data() for r in range(3)] == ["Update", "New", "Not imported"]
    assert "不在词表“性别”中" in dialog.model.index(2, 3).data()  # a reason quoting the sheet stays as written

    csv = tmp_path / "table.xlsx"
    csv.write_text("姓名,职务\n周局长,局长\n", encoding="utf-8")
    dialog.set_file(str(csv))
    assert dialog.summary.text() == ("This is a text (CSV) file, not an Excel workbook: open it in Excel or WPS, "
                                     "save it as .xlsx and import that")
    dialog.discard()


def test_domain_messages_in_english(english) -> None:
    assert i18n.error_text(WrongPassphrase()) == "Wrong passphrase (or the file is damaged)"
    violation = RuleViolation("须指定记录人；底稿不能从“草稿”改为“已归档”")
    # Fixed reasons are translated; one that carries a record's values stays as the domain wrote it.
    assert i18n.error_text(violation) == ("This breaks a rule of the work: A recorder must be named; "
                                          "底稿不能从“草稿”改为“已归档”")
    assert i18n.yes_no(True) == "Yes"


def test_preferences_offer_the_language(english, qtbot, ui_settings) -> None:
    dialog = PreferencesDialog(ui_settings)
    qtbot.addWidget(dialog)
    assert "Interface language:" in form_labels(dialog.layout())
    assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == ["简体中文", "English"]
    assert dialog.language.currentData() == "zh"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert ui_settings.language == "en"


# --- Chinese, the default --------------------------------------------------------------------------------


def test_chinese_is_the_default(qtbot, executor, sample: Sample, ui_settings, monkeypatch) -> None:
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    assert i18n.resolve_language() == "zh"
    assert ui_settings.language == "zh"
    window = english_window(qtbot, executor, sample, ui_settings)  # no translator installed
    assert nav_texts(window) == [entry.label for entry in NAVIGATION if not entry.office_only]
    assert nav_texts(window)[:3] == ["概览", "谈话记录", "信访登记"]
    assert window.windowTitle().startswith("巡察工作台 ")
    window.show_page("interview")
    page = window.list_pages["interview"]
    assert headers(page.view)[:2] == ["谈话编号", "谈话对象"]
    assert page.new_button.text() == "新建谈话记录" and page.count_label.text() == "共 2 条"
    dialog = UnlockDialog(executor, None, settings=ui_settings)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "巡察工作台 — 解锁保密库"
    violation = RuleViolation("须指定记录人；须填写谈话时间")
    assert i18n.error_text(violation) == str(violation) == "不符合工作规则：须指定记录人；须填写谈话时间"


def test_language_choice_order(monkeypatch) -> None:
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    assert i18n.resolve_language(None, "en") == "en"
    assert i18n.resolve_language(None, "klingon") == "zh"
    monkeypatch.setenv(i18n.ENV_VAR, "en_GB")
    assert i18n.resolve_language(None, "zh") == "en"  # the environment wins over the preference
    assert i18n.resolve_language("zh", "en") == "zh"  # --lang wins over both


# --- the catalogue ---------------------------------------------------------------------------------------


def test_catalogue_is_complete_and_current(update: ModuleType) -> None:
    """Every source text of app/ui (lupdate) and of the domain is in the .ts, translated; nothing stale."""
    _root, report = update.build_catalogue(TS_FILE)
    assert not report.added, ("source texts missing from resources/i18n/xuncha_en.ts; run scripts/i18n-update, "
                              "then translate them:\n" + update.describe(report.added))
    assert not report.dropped, ("texts no longer in the code; run scripts/i18n-update:\n"
                                + update.describe(report.dropped))
    assert not report.unfinished, ("unfinished or empty translations in resources/i18n/xuncha_en.ts "
                                   "(edit with pyside6-linguist):\n" + update.describe(report.unfinished))


def test_translations_keep_placeholders_and_accelerators(update: ModuleType) -> None:
    bad = []
    for (context, source, _comment), message in update.read_catalogue(TS_FILE).items():
        translation = message.findtext("translation") or ""
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
            bad.append(f"[{context}] {source!r}: placeholders differ in {translation!r}")
        if "(&" in source and "&" not in translation:
            bad.append(f"[{context}] {source!r}: no keyboard accelerator in {translation!r}")
        if re.search(r"[\u4e00-\u9fff]", translation) and context != "i18n":
            bad.append(f"[{context}] {source!r}: Chinese left in {translation!r}")
    assert not bad, "\n".join(bad)


def test_shipped_catalogue_is_compiled() -> None:
    qm = i18n.catalogue_path("en")
    assert qm.exists() and qm.stat().st_mtime >= TS_FILE.stat().st_mtime, (
        f"{qm} is missing or older than {TS_FILE.name}: run scripts/setup (it compiles it with pyside6-lrelease)")


# --- the source: every user-visible string goes through tr() --------------------------------------------------

TRANSLATING_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP"}
#: Chinese text in app/ui that is not interface text, with the reason.
NOT_UI_TEXT = {
    "screenshots.py": "a developer's tool: its Chinese texts are the demo vault's passphrase, owner and query",
}
#: Single strings that are data, not interface text.
DATA_TEXTS = {
    # Chinese for Qt's own file dialog where Qt's zh_CN catalogue lacks it (app/ui/i18n.py QT_GAPS_ZH,
    # installed in Chinese only): a translation of Qt's English, not text of ours to translate.
    "查找范围(&L)：": "Qt's 'Look in:'", "文件类型(&T)：": "Qt's 'Files of type:'", "文件夹": "Qt's 'Folder'",
    "驱动器": "Qt's 'Drive'", "文件": "Qt's 'File'",
    "简体中文": "the language's own name in the language menu",
    "【回避提示已确认 ": "written into the interview's notes: record content, kept in the record's language",
    "】指派为": "written into the interview's notes",
    "第{0}份": "the copy number in a watermark: printed on the document, which stays Chinese",
    "秘密★1年": "a classification with its period, offered for the printed document (data, like 密级's values)",
    "机密★10年": "a classification with its period, offered for the printed document",
    "（(?P<owner>[^（）]*)，设备 (?P<device>[0-9a-f]{16})）": "reads the signer out of a package error's detail",
    # A package's suggested file name stays Chinese in either language (export_wizard.default_file_name).
    "交接包": "the first word of a package's suggested file name",
    "移交包": "a package kind in a suggested file name",
    "组员包": "a package kind in a suggested file name",
    "部署包": "a package kind in a suggested file name",
    "上报包": "a package kind in a suggested file name",
    "线索移交包": "a package kind in a suggested file name",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_no_untranslated_interface_text_in_app_ui() -> None:
    """A Chinese string literal in app/ui is wrapped for translation, a vocabulary value (data), or listed above."""
    vocabulary = {value for _name, _en, values in SEED.values() for value in values}
    found = []
    for path in sorted((ROOT / "app" / "ui").glob("*.py")):
        if path.name in NOT_UI_TEXT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrapped: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in TRANSLATING_CALLS:
                wrapped.update(id(sub) for arg in node.args for sub in ast.walk(arg))
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body:
                first = node.body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    wrapped.add(id(first.value))  # a docstring
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)
                    and id(node) not in wrapped and node.value not in vocabulary and node.value not in DATA_TEXTS):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert not found, ("Chinese text not wrapped in self.tr() / QCoreApplication.translate() / QT_TRANSLATE_NOOP "
                       "(or, if it is data, listed in DATA_TEXTS with the reason):\n" + "\n".join(found))


def test_translated_texts_are_literals_lupdate_can_read() -> None:
    """lupdate reads only a literal (or a literal split over lines): tr("a" if x else "b") loses "b"."""
    found = []
    for path in sorted((ROOT / "app" / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _call_name(node) in TRANSLATING_CALLS):
                continue
            text = node.args[1] if _call_name(node) in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) > 1 \
                else node.args[0] if node.args else None
            # A name or an attribute is a text registered elsewhere with QT_TRANSLATE_NOOP (or a domain word).
            if text is not None and not isinstance(text, ast.Constant | ast.Name | ast.Attribute | ast.Subscript):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
            # lupdate skips a literal text whose context is a variable: it never reaches the catalogue.
            if (_call_name(node) in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) > 1
                    and isinstance(node.args[1], ast.Constant) and not isinstance(node.args[0], ast.Constant)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: context not a literal: {ast.unparse(node)}")
    assert not found, "\n".join(found)


def test_untranslated_strings_leave_none_s_references_alone(qapp) -> None:
    """Every string the Qt-gaps translator does not know returns None to Qt; PySide6 used to take a
    reference from None each time, and after some tens of thousands of strings the process aborted."""
    gaps = i18n.QtGapsTranslator()
    qapp.installTranslator(gaps)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            assert QCoreApplication.translate("QtGapsTest", "概览") == "概览"
        assert sys.getrefcount(None) >= before
    finally:
        qapp.removeTranslator(gaps)
