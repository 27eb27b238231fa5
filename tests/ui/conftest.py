"""Fixtures for the UI tests: a synchronous executor, private QSettings, a vault with records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.records import Interview, Lead, Member, Person, Round, Team, Unit
from app.exchange.package import load_key_file, public_document, trust
from app.services.session import describe
from app.storage.vault import Vault
from app.ui.application import AppController
from app.ui.main_window import MainWindow
from app.ui.packages.import_page import PackagesPage
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, set_default_executor
from app.ui.widgets.fonts import install_app_font


@pytest.fixture(autouse=True)
def _app_font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor closed at teardown with edits would otherwise wait on a message box forever."""
    from app.ui.records.editor import RecordEditor

    monkeypatch.setattr(RecordEditor, "_ask_discard", lambda self: True)


@pytest.fixture
def ui_settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def executor() -> Iterator[DbExecutor]:
    """Ops run inline inside start(): deterministic widget tests."""
    ex = DbExecutor(synchronous=True)
    set_default_executor(ex)
    yield ex
    ex.shutdown()
    set_default_executor(None)


@pytest.fixture
def threaded_executor() -> Iterator[DbExecutor]:
    """The real one-thread pool."""
    ex = DbExecutor()
    yield ex
    ex.shutdown()


@dataclass
class Sample:
    """Ids of the records :func:`filled_vault` makes."""

    vault: Vault
    team: Team
    members: list[Member]
    unit: Unit
    people: list[Person]
    interviews: list[Interview]
    lead: Lead


def fill(vault: Vault) -> Sample:
    records = vault.records
    rnd = records.save(Round(title="2024年第一轮巡察", kind="常规", year=2024, number=1))
    team = records.save(Team(name="第一巡察组", round_id=rnd.id, number=1))
    members = [records.save(Member(name=name, team_id=team.id, role=role, sub_group="谈话组"))
               for name, role in (("王组长", "组长"), ("李副组长", "副组长"), ("赵组员", "组员"))]
    unit = records.save(Unit(name="市水务局", round_id=rnd.id, team_id=team.id, unit_type="党组"))
    people = [records.save(Person(name=name, unit_id=unit.id, post=post, leadership=True, mandatory=True))
              for name, post in (("周局长", "局长"), ("吴书记", "党组书记"))]
    interviews = [
        records.save(Interview(number=f"T-{i:03d}", unit_id=unit.id, team_id=team.id, person_id=p.id,
                               interviewee=p.name, post=p.post, kind="必谈",
                               time=dt.datetime(2024, 3, 10 + i, 9, 30), place="会议室",
                               interviewers=[members[0].id, members[1].id], recorders=[members[2].id],
                               summary=f"反映工程招标中存在围标串标问题{i}", status="草稿"))
        for i, p in enumerate(people)
    ]
    lead = records.save(Lead(number="XS-001", unit_id=unit.id, team_id=team.id, subject_name="钱处长",
                             source="个别谈话", summary="涉嫌插手工程项目", status="待研判"))
    records.link(interviews[0].id, lead.id, "引出线索")
    return Sample(vault, team, members, unit, people, interviews, lead)


@pytest.fixture
def sample(vault: Vault) -> Sample:
    return fill(vault)


@pytest.fixture
def make_sample(make_vault: Callable[..., Vault]) -> Callable[..., Sample]:
    return lambda **kw: fill(make_vault(**kw))


def widget_texts(root: QWidget) -> list[str]:
    """Every piece of text a widget tree holds: text(), toPlainText(), combo items, model data."""
    from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt

    found: list[str] = []
    models: set[int] = set()

    def walk_model(model: QAbstractItemModel) -> None:
        if id(model) in models:
            return
        models.add(id(model))
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
        for row in range(model.rowCount(QModelIndex())):
            for column in range(columns):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.index(row, column).data(role)
                    if isinstance(value, str):
                        found.append(value)

    for widget in [root, *root.findChildren(QWidget)]:
        for attr in ("text", "toPlainText", "currentText", "placeholderText", "windowTitle"):
            getter = getattr(widget, attr, None)
            if callable(getter):
                try:
                    value = getter()
                except TypeError:
                    continue
                if isinstance(value, str):
                    found.append(value)
        model_getter = getattr(widget, "model", None)
        if callable(model_getter):
            try:
                model = model_getter()
            except TypeError:
                continue
            if isinstance(model, QAbstractItemModel):
                walk_model(model)
    return found


@pytest.fixture
def window(qtbot, executor: DbExecutor, sample: Sample, ui_settings) -> MainWindow:
    """A main window on the sample vault, not shown."""
    executor.set_vault(sample.vault)
    win = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(win)
    win.attach()
    return win


def enrol(receiver: Vault, sender: Vault) -> None:
    """``receiver`` trusts ``sender``'s keys, as `trust` does."""
    trust(receiver, load_key_file(json.dumps(public_document(sender)).encode()))


@pytest.fixture
def open_window(qtbot, ui_settings: Settings) -> Iterator[Callable[[Vault], MainWindow]]:
    """A main window on a vault, with its own executor (each vault is another device)."""
    executors: list[DbExecutor] = []

    def make(vault: Vault) -> MainWindow:
        executor = DbExecutor(synchronous=True)
        executors.append(executor)
        executor.set_vault(vault)
        win = MainWindow(executor, settings=ui_settings)
        qtbot.addWidget(win)
        win.attach()
        return win

    yield make
    for executor in executors:
        executor.set_vault(None)  # the vault fixtures close the vaults


def packages(window: MainWindow) -> PackagesPage:
    window.show_page("packages")
    return window.packages_page


def enter_vault(controller: AppController, vault: Vault) -> None:
    """What an unlock does: the worker takes the vault, the controller gets its description."""
    controller.executor.set_vault(vault)
    controller._enter(describe(vault))
