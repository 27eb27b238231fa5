"""The window and the ledger see the same overdue records, because both ask app/domain/rules.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from app import demo
from app.domain.records import Lead, Rectification, Setting
from app.domain.rules import Due
from app.export.xlsx.ledger import FIRST_ROW, OVERDUE_FILL, SHEETS, export_ledger
from app.storage.vault import Vault
from app.ui.main_window import MainWindow

TODAY = dt.date(2024, 12, 1)  # the demo's rectification deadlines and lead handovers fall on both sides
KINDS = ("rectification", "lead")


def window_overdue(window: MainWindow, today: dt.date) -> dict[str, set[str]]:
    """The ids each list of the window shows as 已逾期, read from the list's model."""
    out = {}
    for kind in KINDS:
        page = window.list_pages[kind]
        page.today = lambda: today
        page.reload()  # the synchronous executor loads at once
        assert page.loaded and page.model.rowCount() > 0
        model = page.model
        out[kind] = {model.record(row).id for row in range(model.rowCount()) if model.due(row) is Due.OVERDUE}
    return out


def ledger_overdue(vault: Vault, path: Path, today: dt.date) -> dict[str, set[str]]:
    """The ids of the rows the ledger fills red: a sheet's n-th row is the kind's n-th record as read."""
    stats = export_ledger(vault, path, today=today)
    wb = openpyxl.load_workbook(path)
    out = {}
    for title, kind in SHEETS:
        if kind not in KINDS:
            continue
        records = list(vault.records.iter(kind))
        red = {records[int(row[0].value) - 1].id for row in wb[title].iter_rows(min_row=FIRST_ROW)
               if row[0].fill.fgColor.rgb[2:] == OVERDUE_FILL.fgColor.rgb[2:]}
        out[kind] = red
    assert stats.overdue == sum(len(ids) for ids in out.values())
    return out


@pytest.fixture
def demo_vault(make_vault: Callable[..., Vault]) -> Vault:
    vault = make_vault("demo.xcv")
    demo.fill(vault, scale="team", seed=3)
    return vault


def test_window_and_ledger_list_the_same_overdue_records(
        demo_vault: Vault, open_window: Callable[[Vault], MainWindow], tmp_path: Path) -> None:
    window = open_window(demo_vault)
    shown = window_overdue(window, TODAY)
    printed = ledger_overdue(demo_vault, tmp_path / "台账.xlsx", TODAY)
    assert shown == printed
    assert shown["rectification"] and shown["lead"]  # both kinds have overdue records: the test can fail
    rects = {r.id: r for r in demo_vault.records.list(Rectification)}
    assert all(rects[i].deadline is not None and rects[i].deadline < TODAY for i in shown["rectification"])

    # A team's own, longer feedback time limit: both read it, and fewer leads are overdue.
    demo_vault.records.save(Setting(key="deadline.lead_feedback_days", value="240"))
    longer = window_overdue(window, TODAY)
    assert longer == ledger_overdue(demo_vault, tmp_path / "台账2.xlsx", TODAY)
    assert longer["lead"] < shown["lead"] and longer["rectification"] == shown["rectification"]
    leads = {r.id: r for r in demo_vault.records.list(Lead)}
    assert all(leads[i].transferred_at is not None for i in shown["lead"])
