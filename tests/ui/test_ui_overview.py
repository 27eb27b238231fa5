"""The overview: progress figures computed in one op, charts fed plain data, cleared on lock."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.records import Document, Interview, Lead, Paper, Person, Rectification
from app.services import records
from app.ui.main_window import MainWindow
from app.ui.overview import OverviewPage
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.charts import BarChart, StackedBar, with_colours
from tests.ui.conftest import Sample, widget_texts

TODAY = dt.date(2024, 5, 1)


def add_round_work(sample: Sample) -> None:
    records = sample.vault.records
    unit = sample.unit.id
    # a third mandatory person interviewed by name only, a fourth not yet interviewed
    records.save(Person(name="郑副局长", unit_id=unit, mandatory=True))
    records.save(Person(name="孙处长", unit_id=unit, mandatory=True))
    records.save(Person(name="冯科员", unit_id=unit, mandatory=False))
    records.save(Interview(interviewee=" 郑副局长", kind="必谈", time=dt.datetime(2024, 3, 20, 9, 0)))
    records.save(Lead(subject_name="褚科长", status="已移交", disposal_route="移交纪委监委", transfer_to="纪委监委",
                      transferred_at=dt.date(2024, 4, 1)))
    records.save(Lead(subject_name="卫主任", status="核实中", disposal_route="立行立改"))
    for title, status in (("会议记录", "未提供"), ("合同台账", "已提供未归还"), ("财务凭证", "已归还"),
                          ("公开文件", "无需归还")):
        records.save(Document(title=title, return_status=status))
    records.save(Paper(title="违规发放津贴", heading="落实全面从严治党战略部署", facts="现象", state="草稿"))
    for title, deadline, status in (("整改甲", dt.date(2024, 6, 30), "整改中"),
                                    ("整改乙", dt.date(2024, 4, 1), "整改中"),
                                    ("整改丙", dt.date(2024, 5, 5), "未启动"),
                                    ("整改丁", dt.date(2024, 3, 1), "已完成")):
        records.save(Rectification(title=title, measures="措施", deadline=deadline, status=status, unit_id=unit))


@pytest.fixture
def page(qtbot, executor: DbExecutor, sample: Sample) -> OverviewPage:
    add_round_work(sample)
    executor.set_vault(sample.vault)
    overview = OverviewPage(executor)
    overview.today = lambda: TODAY
    qtbot.addWidget(overview)
    overview.resize(1100, 900)
    overview.reload()
    return overview


def test_page_shows_figures_and_charts(qtmodeltester, page: OverviewPage) -> None:
    assert page.loaded
    qtmodeltester.check(page.rect_model)
    assert page.values["interviews"].text() == "3"
    assert page.interview_bar.value() == 3 and page.interview_bar.maximum() == 4
    assert "孙处长" in page.interview_pending.text()
    assert page.rect_model.index(0, 0).data() == "已逾期" and page.rect_model.index(0, 1).data() == "整改乙"
    assert "已逾期 1 项" in page.rect_label.text()
    assert ("已移交", 1) in [(label, value) for label, value, _c in page.lead_status_chart.data()]
    assert page.rect_status_chart.total == 4
    # the figures are app/services/overview.py's (tests/test_services_overview.py); the page's own words
    assert ("（未填）", 1) in [(label, value) for label, value, _c in page.lead_route_chart.data()]
    assert [(label, colour) for label, _v, colour in page.rect_due_chart.data()] == [
        ("已逾期", "#c0392b"), ("即将到期", "#e08e2b"), ("未到期", "#3b6ea5"), ("已完成", "#4f9d69")]
    assert page.info.text() == "巡察组保密库　使用人：测试员"
    image = page.widget().grab()  # paints every chart
    assert not image.isNull()


def test_double_click_opens_the_rectification(page: OverviewPage) -> None:
    opened: list[tuple[str, str]] = []
    page.open_requested.connect(lambda kind, rid: opened.append((kind, rid)))
    page._open_rect(page.rect_model.index(0, 1))
    assert opened == [("rectification", page.rect_model.item(0).record_id)]


def test_clear_drops_every_figure(page: OverviewPage) -> None:
    page.clear()
    assert not page.loaded and page.rect_model.rowCount() == 0
    assert all(not chart.data() for chart in page.charts)
    texts = widget_texts(page)
    assert not any(s in t for t in texts for s in ("孙处长", "整改乙", "巡察组保密库"))


def test_charts_size_and_paint_without_data(qtbot) -> None:
    bars, stacked = BarChart("按线索状态"), StackedBar("按整改状态")
    for chart in (bars, stacked):
        qtbot.addWidget(chart)
        chart.resize(300, 200)
        assert not chart.grab().isNull()  # the "no data" text
    bars.set_data(with_colours([("待研判", 3), ("核实中", 0), ("已移交", 12)]))
    stacked.set_data(with_colours([("整改中", 5), ("已完成", 2)], {"已完成": "#4f9d69"}))
    assert stacked.data()[1][2] == "#4f9d69"
    assert bars.sizeHint().height() > BarChart().sizeHint().height()
    assert "已移交：12" in bars.toolTip()
    assert not bars.grab().isNull() and not stacked.grab().isNull()


def test_window_overview_goes_stale_after_a_save(qtbot, executor: DbExecutor, sample: Sample, ui_settings) -> None:
    executor.set_vault(sample.vault)
    win = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(win)
    win.attach()
    assert win.overview.loaded and win.overview.interview_bar.maximum() == 2
    # a save anywhere, through the executor's one change signal: the hidden overview reloads when shown
    Op(None, lambda task: records.delete_records(task.vault, [sample.lead.id]), executor=executor).start()
    assert not win.overview.loaded
    win.clear_for_lock()
    assert win.overview.data is None
