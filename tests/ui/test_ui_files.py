"""Chinese everywhere the user looks (issue 12 item 14): file dialogs in Chinese that start in the
folder last used for their purpose, and lists sorted as a Chinese reader expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from app.domain.records import KINDS, Unit
from app.ui import i18n
from app.ui.records.models import RecordFilterProxy, RecordTableModel
from app.ui.settings import Settings
from app.ui.widgets import files
from app.ui.widgets.collation import collated, meaning, numeral_value, sort_key


@pytest.fixture
def shown(monkeypatch) -> list[QFileDialog]:
    """Dialogs are not shown: each answers the file set in ``answer`` (attribute), and is kept."""
    dialogs: list[QFileDialog] = []

    def run(dialog: QFileDialog) -> list[str]:
        dialogs.append(dialog)
        return list(getattr(run, "answer", []))

    monkeypatch.setattr(files, "run", run)
    return dialogs


def answer(path: Path | None) -> None:
    files.run.answer = [str(path)] if path else []  # type: ignore[attr-defined]


def test_each_purpose_remembers_its_last_folder(shown, ui_settings: Settings, tmp_path: Path) -> None:
    packages, documents = tmp_path / "交接包", tmp_path / "文书"
    packages.mkdir()
    documents.mkdir()
    answer(None)
    assert files.open_file(None, files.PACKAGES, "选择交接包", settings=ui_settings) == ""
    assert shown[-1].directory().absolutePath() == Path(files.documents_folder()).as_posix()  # nothing yet
    assert ui_settings.folder("packages") == ""  # a cancel remembers nothing

    answer(packages / "a.age")
    assert files.open_file(None, files.PACKAGES, "选择交接包", settings=ui_settings) == str(packages / "a.age")
    answer(documents / "反馈意见.pdf")
    files.save_file(None, files.DOCUMENTS, "保存副本", "反馈意见.pdf", settings=ui_settings)
    assert ui_settings.folder("packages") == str(packages) and ui_settings.folder("documents") == str(documents)

    answer(None)
    files.open_files(None, files.PACKAGES, "选择交接包", settings=ui_settings)
    assert shown[-1].directory().absolutePath() == packages.as_posix()  # the last one used for packages
    files.save_file(None, files.DOCUMENTS, "保存副本", "台账.xlsx", settings=ui_settings)
    assert shown[-1].directory().absolutePath() == documents.as_posix()
    assert shown[-1].acceptMode() == QFileDialog.AcceptMode.AcceptSave
    files.save_file(None, files.DOCUMENTS, "保存副本", str(packages / "typed.pdf"), settings=ui_settings)
    assert shown[-1].directory().absolutePath() == packages.as_posix()  # a path the person typed is kept

    documents.rmdir()  # a remembered folder that is gone: back to the documents folder
    files.save_file(None, files.DOCUMENTS, "保存副本", "台账.xlsx", settings=ui_settings)
    assert shown[-1].directory().absolutePath() == Path(files.documents_folder()).as_posix()


def test_vault_folders_are_never_remembered(shown, ui_settings: Settings, tmp_path: Path) -> None:
    answer(tmp_path / "保密库.xcv")
    assert files.open_file(None, None, "选择保密库文件", start=str(tmp_path), settings=ui_settings)
    assert not any(ui_settings.folder(p) for p in ("packages", "documents", "attachments", "keys", "intake"))
    ui_settings.set_folder("vaults", str(tmp_path))  # not a purpose: refused
    assert ui_settings.folder("vaults") == ""


def test_dialog_dates_and_sizes_follow_the_interface_language(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"x" * 2048)
    model = QFileSystemModel()
    model.setRootPath(str(tmp_path))
    proxy = files.LocalDates()
    proxy.setSourceModel(model)
    index = proxy.mapFromSource(model.index(str(tmp_path / "a.pdf")))
    modified = model.lastModified(model.index(str(tmp_path / "a.pdf")))
    previous = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    try:
        date = proxy.index(index.row(), files.DATE_COLUMN, index.parent()).data()
        assert date == QLocale("zh_CN").toString(modified, QLocale.FormatType.ShortFormat)
        assert "/" in date and date.startswith(str(modified.date().year()))  # 2024/5/1 14:03
        assert proxy.index(index.row(), files.SIZE_COLUMN, index.parent()).data() == \
            QLocale("zh_CN").formattedDataSize(2048)
    finally:
        QLocale.setDefault(previous)


def test_qt_dialog_strings_in_chinese(qapp: QApplication) -> None:
    loaded = i18n.install_translators(qapp, "zh")
    try:
        assert "qtbase_zh_CN" in loaded
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
        assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "文件类型(&T)："
        assert QCoreApplication.translate("QFileDialog", "Detail View") == "详情视图"  # Qt's own catalogue
        assert QCoreApplication.translate("QFileSystemModel", "Date Modified") == "修改日期"
        dialog = QFileDialog(None, "x", "", "")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == "查找范围(&L)："
        assert dialog.labelText(QFileDialog.DialogLabel.FileType) == "文件类型(&T)："
        dialog.deleteLater()
    finally:
        i18n.remove_translators(qapp)
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"


# --- collation -----------------------------------------------------------------------------------


def ordered(texts: list[str]) -> list[str]:
    return sorted(texts, key=sort_key)


def test_pinyin_order() -> None:
    assert ordered(["赵", "钱", "孙", "李", "周", "吴", "郑", "王"]) == ["李", "钱", "孙", "王", "吴", "赵", "郑", "周"]
    assert ordered(["县粮食局", "阿城镇", "白沙乡", "财政局"]) == ["阿城镇", "白沙乡", "财政局", "县粮食局"]


def test_ordinals_sort_by_meaning() -> None:
    teams = ["第十二巡察组", "第二巡察组", "第一巡察组", "第十巡察组", "第三巡察组", "第11巡察组"]
    assert ordered(teams) == ["第一巡察组", "第二巡察组", "第三巡察组", "第十巡察组", "第11巡察组", "第十二巡察组"]
    rounds = ["十二届县委第五轮巡察", "十一届县委第十轮巡察", "十二届县委第四轮巡察"]
    assert ordered(rounds) == ["十一届县委第十轮巡察", "十二届县委第四轮巡察", "十二届县委第五轮巡察"]
    assert ordered(["丁单位", "乙单位", "甲单位", "丙单位"]) == ["甲单位", "乙单位", "丙单位", "丁单位"]
    assert ordered(["单位丙", "单位甲", "单位乙"]) == ["单位甲", "单位乙", "单位丙"]
    numerals = ("十", "十二", "二十", "一百零五", "二〇二四", "甲")
    assert [numeral_value(t) for t in numerals] == [10, 12, 20, 105, 2024, None]
    assert meaning("统一部署") == "统一部署"  # a numeral inside a word is not an ordinal


def test_record_list_sorts_in_chinese(qtmodeltester) -> None:
    units = [Unit(name=n) for n in ("第十巡察组联络点", "县粮食局", "第二巡察组联络点", "阿城镇", "乙单位", "甲单位")]
    model = RecordTableModel(KINDS["unit"])
    model.set_records(units)
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == ["阿城镇", "第二巡察组联络点", "第十巡察组联络点", "甲单位", "乙单位", "县粮食局"]
    qtmodeltester.check(proxy)

    plain = QStringListModel(["第十组", "第二组", "第一组"])  # a source sorted by the proxy itself
    other = RecordFilterProxy()
    other.setSourceModel(plain)
    other.setSortRole(Qt.ItemDataRole.DisplayRole)
    other.sort(0)
    assert [other.index(r, 0).data() for r in range(3)] == ["第一组", "第二组", "第十组"]
    assert isinstance(other, QSortFilterProxyModel)


def test_collated_keeps_non_text_keys() -> None:
    assert collated(lambda x: x, [3, 1, 2])(3) == 3
    key = collated(lambda x: x, ["第二", "第一"])
    assert key("第一") < key("第二")
