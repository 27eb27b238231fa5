"""Text from outside is text in the window (docs/vault.md): a vault, a package, a keys file and a
spreadsheet full of ``<b>X</b><img src="/etc/passwd">`` are shown as those characters, nowhere as HTML.

Qt guesses: a QLabel, a QMessageBox or a tooltip in its default AutoText renders anything that
looks like HTML as HTML (``Qt::mightBeRichText``). The walk below drives every page, an editor of
every record, the history, the audit log, the import screen, the keys page, the trust dialog, the
export dialog, the spreadsheet import, the documents page and the conflicts page, and looks at
every label and tooltip alive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QWidget

from app.domain.clock import Stamp
from app.domain.fields import FieldType
from app.domain.records import KINDS, Record
from app.exchange.package import PackageError, export_package, parse_recipients, public_document
from app.exchange.package.keys import binding, key_fingerprint
from app.storage.store import FieldWrite
from app.ui.main_window import NAVIGATION, MainWindow
from app.ui.packages.import_page import REFUSED, UNKNOWN_SIGNER
from app.ui.packages.keys_view import TrustKeyDialog
from app.ui.records.list_page import KindTabsPage
from app.ui.search.models import HtmlRole
from app.ui.tasks import report_error
from tests.ui.conftest import Sample

HOSTILE = '<b>X</b><img src="/etc/passwd">'
#: What rendered HTML would need, raw: an element that loads a file.
RAW = "<img"
ESCAPED = "&lt;img"
TEXT_TYPES = (FieldType.TEXT, FieldType.LONGTEXT)
#: Kinds the sample has no record of: one each, every text hostile.
MORE_KINDS = ("petition", "document", "paper", "problem", "rectification", "handover")
ROOT = Path(__file__).resolve().parents[2]


def hostile_values(kind: str, refs: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in KINDS[kind].fields:
        if spec.type in TEXT_TYPES:
            values[spec.name] = f"{HOSTILE}{spec.name}"
        elif spec.type is FieldType.ROWS:
            values[spec.name] = [{column: HOSTILE for column, _label in spec.columns}]
        elif spec.type is FieldType.REF and spec.ref in refs:
            values[spec.name] = refs[spec.ref]
        elif spec.type is FieldType.DATE and spec.required:
            values[spec.name] = dt.date(2024, 3, 1)
        elif spec.type is FieldType.DATETIME and spec.required:
            values[spec.name] = dt.datetime(2024, 3, 1, 9, 0)
    return values


#: Fields a local save checks for their form (app/domain/rules.py): hostile text reaches them by a merge.
FORMATTED = {"paper": ("number",), "interview": ("recusal_exceptions",)}


def merged(sample: Sample, record: Record, name: str, value: str) -> Record:
    """``record`` with ``name`` set to ``value`` as another device's package would bring it."""
    heads = [v.stamp for v in sample.vault.records.versions(record.id, name) if v.head]
    stamp = str(Stamp(Stamp.parse(max(heads or [record.updated])).wall_ms + 60_000, 0, "cd" * 8))
    sample.vault.records.merge([FieldWrite(record.id, record.KIND, name, stamp, value, tuple(heads), "外人")])
    arrived = sample.vault.records.get(record.id)
    assert KINDS[record.KIND].field(name).to_storage(getattr(arrived, name)) == value
    return arrived


def make_hostile(sample: Sample) -> list[Record]:
    """Every text of the sample's records hostile, one more record of each other kind, an attachment."""
    records = sample.vault.records
    refs = {"round": sample.team.round_id or "", "team": sample.team.id, "unit": sample.unit.id,
            "person": sample.people[0].id, "lead": sample.lead.id, "interview": sample.interviews[0].id}
    changed: list[Record] = []
    for kind in ("round", "team", "member", "unit", "person", "interview", "lead"):
        for record in records.list(kind):
            texts = {k: v for k, v in hostile_values(kind, refs).items()
                     if KINDS[kind].field(k).type in (*TEXT_TYPES, FieldType.ROWS)}
            checked = {name: texts.pop(name) for name in FORMATTED.get(kind, ())}
            saved = records.save(dataclasses.replace(record, **texts))
            for name, value in checked.items():  # what a local save refuses can still arrive in a package
                saved = merged(sample, saved, name, KINDS[kind].field(name).to_storage(value))
            changed.append(saved)
    for kind in MORE_KINDS:
        values = hostile_values(kind, refs)
        checked = {name: values.pop(name) for name in FORMATTED.get(kind, ())}
        record = records.save(KINDS[kind].new(**values, **{name: "〔2024〕1巡-1组-01号" for name in checked}))
        for name, value in checked.items():  # what a local save refuses can still arrive in a package
            record = merged(sample, record, name, value)
        refs[kind] = record.id
        changed.append(record)
    sample.vault.attach(sample.interviews[0].id, io.BytesIO(b"x"), f"{HOSTILE}.txt")
    return changed


# --- the walk ----------------------------------------------------------------------------------------


def renders_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtGui.mightBeRichText(label.text()))


def check_tip(tip: object, where: str) -> bool:
    """A tooltip Qt would render as HTML holds no raw markup from outside; True when it shows outside text."""
    if not isinstance(tip, str) or not tip:
        return False
    if QtGui.mightBeRichText(tip):
        assert RAW not in tip, (where, tip)
        return ESCAPED in tip
    return RAW in tip  # shown as typed


def model_tips(model: QAbstractItemModel, where: str, parent: QModelIndex | None = None) -> int:
    parent = parent if parent is not None else QModelIndex()
    shown = 0
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(min(model.rowCount(parent), 60)):
        for column in range(columns):
            index = model.index(row, column, parent)
            shown += check_tip(index.data(Qt.ItemDataRole.ToolTipRole), f"{where}[{row},{column}]")
        first = model.index(row, 0, parent)
        if not isinstance(model, QAbstractListModel) and model.rowCount(first):
            shown += model_tips(model, where, first)
    return shown


@dataclasses.dataclass
class Seen:
    labels: set[str] = dataclasses.field(default_factory=set)  # object names / classes of labels showing it
    plain_labels: int = 0
    tips: int = 0


def walk(seen: Seen) -> None:
    """Every live label and tooltip: nothing from outside renders as HTML."""
    for widget in QApplication.allWidgets():
        where = f"{type(widget.window()).__name__}/{type(widget).__name__}"
        if isinstance(widget, QLabel):
            text = widget.text()
            if renders_rich(widget):
                assert RAW not in text, (where, text)  # our markup around escaped outside text
            if RAW in text:
                assert widget.textFormat() == Qt.TextFormat.PlainText, (where, text)
                seen.plain_labels += 1
                seen.labels.add(type(widget.window()).__name__)
        seen.tips += check_tip(widget.toolTip(), where)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            seen.tips += model_tips(widget.model(), where)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Qt.TextFormat, str]]:
    """Message boxes shown (their text format and text), answered at once."""
    shown: list[tuple[Qt.TextFormat, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.textFormat(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_nothing_from_outside_renders_as_html(qtbot, window: MainWindow, sample: Sample, make_vault, tmp_path: Path,
                                              boxes: list[tuple[Qt.TextFormat, str]]) -> None:
    from tests.test_intake import make_xlsx
    from tests.ui.test_ui_conflicts import diverge, import_through_the_window

    hostile = make_hostile(sample)
    other = make_vault("other.xcv", owner=f"组员{HOSTILE}")
    conflict_package = diverge(sample, other, tmp_path, summary=f"本机{HOSTILE}")
    window.resize(1200, 800)
    window.show()
    seen = Seen()

    # Every page, each tab of the pages with several kinds, the search.
    for entry in NAVIGATION:
        window.show_page(entry.key)
        page = window.stack.currentWidget()
        if isinstance(page, KindTabsPage):
            for index in range(len(page.pages)):
                page.setCurrentIndex(index)
                walk(seen)
        if entry.key == "search":
            window.search_page.query.setText("passwd")
            window.search_page.search()
            model = window.search_page.results.model()
            assert model.rowCount() > 0
            group = model.index(0, 0)
            html = model.index(0, 0, group).data(HtmlRole)
            assert RAW not in html and ESCAPED in html  # the results' own markup, the record's text escaped
        walk(seen)

    # An editor of every record, and one record's history.
    for record in hostile:
        window.open_record(record.KIND, record.id)
    walk(seen)
    editor = window.editors[sample.interviews[0].id]
    assert editor.show_history() is not None
    walk(seen)
    for editor in list(window.editors.values()):
        editor.discard()
        editor.close()

    # The audit log, the documents page, the spreadsheet import.
    window.show_audit_log()
    walk(seen)
    window.show_reports("interview", sample.interviews[0].id)
    walk(seen)
    window.intake_action.trigger()
    dialog = window.intake_dialog
    assert dialog is not None
    dialog.set_kind("units")
    dialog.set_file(str(make_xlsx(tmp_path / "单位.xlsx", [["单位名称", "党组织类型", "备注"],
                                                         [f"市水务局{HOSTILE}", f"党组{HOSTILE}", HOSTILE]])))
    assert dialog.model.rowCount() > 0
    walk(seen)
    dialog.close()

    # The import screen: a stranger's package (its maker's name in the refusal), a conflict.
    stranger = make_vault("stranger.xcv", owner=f"陌生人{HOSTILE}")
    stranger_package = tmp_path / "s.age"
    export_package(stranger, stranger_package,
                   parse_recipients(json.dumps(public_document(sample.vault)).encode()), kind="member")
    import_through_the_window(window, conflict_package)
    panel = window.packages_page.import_panel
    panel.add_files([stranger_package])
    row = next(r for r in range(panel.model.rowCount()) if panel.model.item(r).path == stranger_package)
    assert panel.model.item(row).state in (UNKNOWN_SIGNER, REFUSED)
    panel.view.selectRow(row)
    assert RAW in panel.detail.text()
    walk(seen)
    window.show_page("conflicts")
    conflicts = window.pages["conflicts"]
    conflicts.view.selectRow(0)
    assert any(RAW in label.text() for label in conflicts.value_labels)
    walk(seen)

    # The keys page: a keys file whose owner is hostile (the trust dialog shows it, the list after),
    # and a keys file refused for a hostile line it quotes.
    keys = window.packages_page.keys_page
    window.packages_page.setCurrentWidget(keys)
    hostile_keys = public_document(make_vault("member.xcv"))
    hostile_keys["owner"] = f"组员{HOSTILE}"
    hostile_keys["fingerprint"] = key_fingerprint(hostile_keys["signing_key"], hostile_keys["age_recipient"],
                                                  hostile_keys["vault_id"], hostile_keys["role"], hostile_keys["owner"])
    keys_file = tmp_path / "member.keys"
    keys_file.write_text(json.dumps(hostile_keys, ensure_ascii=False), encoding="utf-8")
    dialogs: list[TrustKeyDialog] = []

    def confirm(key: Any, expected: str, previous: Any) -> str:
        dialogs.append(TrustKeyDialog(key, expected, window, previous))
        dialogs[-1].show()
        return binding(key)  # as the person types it, heard on the phone

    keys.enroller.choose_file = lambda: str(keys_file)
    keys.enroller.confirm = confirm
    keys.trust_button.click()
    assert dialogs and keys.model.rowCount() >= 1
    walk(seen)
    bad = tmp_path / "bad.keys"
    bad.write_text(f"age1{HOSTILE}\n", encoding="utf-8")
    keys.enroller.choose_file = lambda: str(bad)
    keys.trust_button.click()
    assert "公钥文件格式不正确" in keys.trust_status.text() and RAW[:2] in keys.trust_status.text()
    walk(seen)

    # The export dialog lists the hostile key among the recipients.
    window.packages_page.setCurrentWidget(window.packages_page.export_panel)
    window.packages_page.export_panel.open_dialog()
    walk(seen)

    # Message boxes: a refusal quoting a file, a deletion naming a record.
    report_error(window, PackageError("bad_keys", HOSTILE))
    lead_page = window.list_pages["lead"]
    window.show_page("lead")
    lead_page.view.selectAll()
    lead_page.delete_selected()  # the box is answered by closing it: nothing deleted
    assert len(boxes) == 2 and all(fmt == Qt.TextFormat.PlainText for fmt, _text in boxes)
    assert all(RAW in text for _fmt, text in boxes)
    assert not lead_page.model.record(0).deleted

    # The walk saw outside text where it is shown: the import screen's detail and the keys page's status
    # (refusals quoting a package's maker and a keys file), the conflicts page, the documents page, the
    # trust dialog; and tooltips.
    assert seen.plain_labels >= 20, seen
    assert seen.labels >= {"MainWindow", "TrustKeyDialog"}, seen
    assert seen.tips >= 100, seen


def test_a_message_box_is_plain(boxes: list[tuple[Qt.TextFormat, str]], qtbot) -> None:
    from app.ui.widgets.plain import information, warning

    parent = QWidget()
    qtbot.addWidget(parent)
    warning(parent, "标题", HOSTILE)
    information(parent, "标题", HOSTILE)
    assert boxes == [(Qt.TextFormat.PlainText, HOSTILE)] * 2


def test_plain_tip_keeps_plain_text_and_escapes_anything_html_could_read() -> None:
    from app.ui.widgets.plain import plain_tip

    assert plain_tip("市水务局\n第二行") == "市水务局\n第二行"
    tip = plain_tip(f"标题\n{HOSTILE} &amp;")
    assert QtGui.mightBeRichText(tip) and RAW not in tip
    assert "&lt;b&gt;X&lt;/b&gt;&lt;img src=\"/etc/passwd\"&gt; &amp;amp;" in tip and "white-space:pre-wrap" in tip


def test_every_label_and_message_box_in_app_ui_is_plain_unless_it_says_otherwise() -> None:
    """A bare QLabel or QMessageBox guesses HTML: app/ui makes them through app/ui/widgets/plain.py."""
    bare = re.compile(r"\bQLabel\(|\bQMessageBox\(|\bQMessageBox\.(warning|information|question|critical)\(")
    exempt = {"plain.py"}
    found = [f"{path.name}:{number}" for path in sorted((ROOT / "app" / "ui").glob("*.py")) if path.name not in exempt
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if bare.search(line)]
    assert found == []
