"""A setting out of its range in the window (issue 10 item 4): the lead list, the overview and the
documents page use the default and say so; nothing raises."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from app.domain.clock import GENESIS_STAMP, Stamp
from app.domain.records import Lead
from app.domain.rules import Due
from app.services.overview import compute_overview
from app.storage.store import FieldWrite
from app.storage.vault import seed_id
from app.ui.documents.reports import ReportsPage
from app.ui.main_window import MainWindow
from app.ui.overview import OverviewPage
from app.ui.tasks import DbExecutor
from tests.ui.conftest import Sample

TODAY = dt.date(2024, 12, 31)
BAD = ["²", "9" * 400, "3000000"]
LEAD_DAYS = "deadline.lead_feedback_days"


def store_bad(sample: Sample, key: str, raw: str) -> None:
    """As a package merged before this check existed would have left it (a merge skips local checks)."""
    write = FieldWrite(seed_id(f"setting:{key}"), "setting", "value",
                       str(Stamp(int(time.time() * 1000) + 60_000, 0, "cd" * 8)), raw, (GENESIS_STAMP,), "外人")
    sample.vault.records.merge([write])


def add_leads(sample: Sample, n: int = 55) -> None:
    sample.vault.records.save_many(
        Lead(number=f"XS-{i + 100:03d}", subject_name=f"对象{i}", summary="线索", status="已移交",
             transfer_to="纪委监委", transferred_at=dt.date(2024, 1 + i % 12, 1 + i % 28), unit_id=sample.unit.id)
        for i in range(n))


@pytest.mark.parametrize("raw", BAD)
def test_the_lead_list_uses_the_default_and_shows_a_notice(window: MainWindow, sample: Sample, raw: str) -> None:
    add_leads(sample)
    store_bad(sample, LEAD_DAYS, raw)
    page = window.list_pages["lead"]
    page.today = lambda: TODAY
    window.show_page("lead")
    assert page.loaded and page.model.rowCount() == 56
    model, column = page.model, page.model.due_column
    for row in range(page.proxy.rowCount()):  # every state computed and shown, none raises
        assert isinstance(page.proxy.index(row, column).data(), str)
    # with the default three months: handed over on 8 August, overdue on 31 December; on 11 November, not yet
    states = {model.record(r).number: model.due(r) for r in range(model.rowCount())}  # type: ignore[attr-defined]
    assert states["XS-107"] == Due.OVERDUE and states["XS-110"] == Due.OK
    assert not page.notice.isHidden()
    assert page.notice.text() == "设置“移交线索反馈期限（天）”的值无效，已按默认值 90 计算"
    assert LEAD_DAYS in page.notice.toolTip()

    rectifications = window.list_pages["rectification"]
    window.show_page("problems")
    window.pages["problems"].setCurrentWidget(rectifications)  # type: ignore[attr-defined]
    assert rectifications.loaded and rectifications.notice.isHidden()  # it does not use that length

    page.clear()  # locking
    assert page.notice.isHidden() and page.notice.text() == "" and page.notice.toolTip() == ""


def test_the_lead_list_without_a_bad_setting_shows_no_notice(window: MainWindow, sample: Sample) -> None:
    add_leads(sample, 3)
    window.show_page("lead")
    assert window.list_pages["lead"].loaded and window.list_pages["lead"].notice.isHidden()


def test_the_overview_lists_every_refused_setting(qtbot, executor: DbExecutor, sample: Sample) -> None:
    store_bad(sample, LEAD_DAYS, "3000000")
    store_bad(sample, "deadline.due_soon_days", "²")
    data = compute_overview(sample.vault, TODAY)
    assert sorted(p.key for p in data.setting_problems) == ["deadline.due_soon_days", LEAD_DAYS]
    executor.set_vault(sample.vault)
    page = OverviewPage(executor)
    qtbot.addWidget(page)
    page.today = lambda: TODAY
    page.reload()
    assert page.loaded and not page.notice.isHidden()
    lines = page.notice.text().splitlines()
    assert "设置“移交线索反馈期限（天）”的值无效，已按默认值 90 计算" in lines
    assert "设置“到期前提示天数”的值无效，已按默认值 7 计算" in lines
    page.clear()
    assert page.notice.isHidden() and page.notice.text() == ""


def test_the_documents_page_says_which_default_it_printed(qtbot, executor: DbExecutor, sample: Sample) -> None:
    store_bad(sample, "deadline.rectification_report_days", "9" * 400)
    executor.set_vault(sample.vault)
    page = ReportsPage(executor)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.set_document("feedback")
    assert page.select_subject(sample.unit.id)
    page.generate()
    assert page.result is not None, page.status.text()
    assert "设置“整改情况报告报送期限（天）”的值无效，已按默认值 90 计算" in page.status.text().splitlines()


def test_the_notice_is_in_english_in_english_mode(window: MainWindow, sample: Sample, qapp) -> None:
    from app.ui.i18n import install_translators, remove_translators

    store_bad(sample, LEAD_DAYS, "²")
    install_translators(qapp, "en")
    try:
        window.show_page("lead")
        text = window.list_pages["lead"].notice.text()
    finally:
        remove_translators(qapp)
    assert text == "The setting “Handed-over lead feedback due (days)” has an invalid value; the default 90 is used"
