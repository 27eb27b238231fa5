"""The 汇总 page (issue 14 §1): loaded in one op on the worker, the cross chart with n and the ratio,
a team's units on double-click, "导出 Excel" on every table; the team navigation unchanged."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.services import summary as summary_service
from app.storage.vault import Vault
from app.ui.main_window import NAVIGATION
from app.ui.office.summary_page import SummaryPage
from app.ui.tasks import DbExecutor
from tests.test_office_stats import cross_vault

TODAY = dt.date(2024, 7, 1)


@pytest.fixture
def office_vault(make_vault: Callable[..., Vault]) -> Vault:
    vault, _rnd = cross_vault(make_vault)
    return vault


def test_summary_loads_on_the_worker_and_shows_the_cross_ratio(qtbot, qtmodeltester, threaded_executor: DbExecutor,
                                                               office_vault: Vault,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = summary_service.compute_summary

    def spy(*args: object, **kwargs: object) -> summary_service.Summary:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("app.ui.office.summary_page.compute_summary", spy)
    threaded_executor.set_vault(office_vault)
    page = SummaryPage(threaded_executor)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: page.loaded and not page.loading, timeout=10_000)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()  # one op, on the worker
    bars = {label: (n, value) for label, n, value, _c in page.cross_chart.bars()}
    assert bars["交叉"] == (3, 2.0) and bars["本级"] == (6, 1.0)
    assert page.cross_chart.caption == "交叉 / 本级 = 2.00"
    assert page.round_box.currentText() == "十二届市委第五轮巡察"
    for model in page.models.values():
        qtmodeltester.check(model)
    qtmodeltester.check(page.units_proxy)
    assert {label for label, _v, _c in page.lead_charts["干部层级"].data()} >= {"县管干部"}
    threaded_executor.set_vault(None)


def test_team_double_click_units_and_export(qtbot, executor: DbExecutor, make_vault: Callable[..., Vault],
                                            tmp_path: Path) -> None:
    from app.domain.records import Team, Unit

    vault, rnd = cross_vault(make_vault)
    team = vault.records.save(Team(name="第一巡察组", round_id=rnd.id, number=1))
    units = [u for u in vault.records.list(Unit) if u.name.startswith("交叉单位")]
    import dataclasses
    vault.records.save_many([dataclasses.replace(u, team_id=team.id) for u in units])
    executor.set_vault(vault)
    page = SummaryPage(executor)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.loaded and not page.loading)  # the tables come in one per turn
    teams = page.models["teams"]
    assert teams.rowCount() == 1 and teams.index(0, 2).data() == "3"
    page._show_team_units(teams.index(0, 0))
    assert not page.units_box.isHidden() and page.units_proxy.rowCount() == 3
    target = tmp_path / "汇总-交叉.xlsx"
    page.ask_path = lambda _title: str(target)
    page.export("cross")
    ws = load_workbook(target).worksheets[0]
    assert any(c.value == "交叉" for row in ws.iter_rows() for c in row)
    page.clear()
    assert page.models["teams"].rowCount() == 0 and page.cross_chart.bars() == []
    executor.set_vault(None)


def test_the_summary_is_an_office_only_entry() -> None:
    """汇总 is in the navigation only as an office's entry (a team vault's is tested in test_ui_office.py)."""
    entries = {entry.key: entry for entry in NAVIGATION}
    assert entries["summary"].office_only and entries["summary"].label == "汇总"


def test_the_tables_are_headed_in_english_in_the_english_interface(qtbot, qapp, executor: DbExecutor,
                                                                   office_vault: Vault) -> None:
    from PySide6.QtCore import Qt

    from app.ui.i18n import install_translators, remove_translators

    executor.set_vault(office_vault)
    page = SummaryPage(executor)
    page.today = lambda: TODAY
    qtbot.addWidget(page)

    def load() -> None:
        page.reload()
        qtbot.waitUntil(lambda: page.loaded and not page.loading)

    def headers(key: str) -> list[str]:
        model = page.models[key]
        return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]

    load()
    assert headers("cross")[:3] == ["巡察方式", "被巡察单位数", "移交问题线索数"]
    install_translators(qapp, "en")  # the language is chosen at start-up: the tables are headed when loaded
    try:
        load()
        english = {key: headers(key) for key in page.models}
    finally:
        remove_translators(qapp)
    load()
    assert english["cross"][:4] == ["Mode", "Units", "Leads handed over", "Leads handed over per unit"]
    assert english["cross"][4] == "Of which about 县管干部"  # the cadre level is a vocabulary value
    assert english["teams"][0] == "Team" and english["rectification"][0] == "Rectifying unit"
    assert headers("cross")[0] == "巡察方式"  # back in Chinese


def test_the_tables_come_in_one_per_turn_and_a_lock_stops_the_rest(qtbot, executor: DbExecutor,
                                                                   office_vault: Vault) -> None:
    """The tables are filled one per turn of the event loop, so the window never waits for all of them
    at once (bench/ui_bench.py --summary); the page is loaded when the last is in; locking meanwhile
    leaves every table empty and the page ready to load again."""
    from app.ui.office.summary_page import TABLES

    executor.set_vault(office_vault)
    page = SummaryPage(executor)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    page.reload()  # this executor runs the op at once: the first table is in, the rest to come
    filled = [key for key in TABLES if page.models[key].table is not None]
    assert filled == [TABLES[0]] and not page.loaded and page.loading
    qtbot.waitUntil(lambda: page.loaded and not page.loading)
    assert all(page.models[key].table is not None for key in TABLES)

    page.reload()
    page.clear()  # locked before the rest came in
    qtbot.wait(50)
    assert all(page.models[key].table is None for key in TABLES)
    assert not page.loaded and not page.loading
    page.reload()
    qtbot.waitUntil(lambda: page.loaded and not page.loading)
    assert page.models["cross"].rowCount() == 3
