"""The overview: progress figures computed in one op, charts fed plain data, cleared on lock."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

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
    assert opened == [("rectification", page.rect_model.row(0).record_id)]


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


def test_an_empty_vault_opens_on_what_to_do_first(qtbot, executor: DbExecutor, vault, ui_settings,
                                                  monkeypatch) -> None:
    """Issue 12 item 9: import the office's deployment package, or set the team up by hand, in order."""
    executor.set_vault(vault)
    win = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(win)
    win.show()
    win.attach()
    box = win.overview.setup_box
    assert box.isVisible() and box.import_button.isVisible()
    assert [box.step_states[k].text() for k in ("round", "team", "member", "unit")] == ["尚未建立"] * 4
    assert win.overview.interview_bar.isHidden()  # nobody to interview yet: no "0 / 1" bar
    assert win.overview.interview_label.text() == "名册中尚未标记必谈对象"
    assert box.step_buttons["round"].isDefault() and not box.step_buttons["team"].isDefault()

    chosen: list[bool] = []
    monkeypatch.setattr(win.packages_page.import_panel, "choose", lambda: chosen.append(True))
    box.import_button.click()
    assert win.current_key() == "packages" and chosen == [True]  # the packages page's import

    win.show_page("overview")
    box.step_buttons["round"].click()  # the first step: the rounds list, behind a new round's editor
    assert win.current_key() == "people" and win.list_pages["round"].isVisible()
    editor = next(e for e in win.editors.values() if e.spec.name == "round")
    editor.inputs["title"].set_value("2024年第一轮巡察")
    editor.inputs["kind"].set_value("常规")
    editor.save()
    assert editor.record.id, editor.banner.text()
    win.show_page("overview")
    assert box.step_states["round"].text() == "已有 1 个" and box.step_buttons["team"].isDefault()

    # until members exist, an interview's 谈话人 and 记录人 say so and lead to the members' list
    win.open_record("interview", "")
    interview = next(e for e in win.editors.values() if e.spec.name == "interview")
    interviewers = interview.inputs["interviewers"]
    hint = interviewers.no_choices  # type: ignore[attr-defined]
    assert hint is not None and hint.isVisible() and not interviewers.list.isVisible()  # type: ignore[attr-defined]
    assert "尚无组员" in hint.label.text()
    hint.button.click()
    assert win.list_pages["member"].isVisible()
    win.open_record("member", "")
    member = next(e for e in win.editors.values() if e.spec.name == "member")
    member.inputs["name"].set_value("李组员")
    member.inputs["role"].set_value("组员")
    member.save()
    assert member.record.id
    assert not hint.isVisible() and interviewers.list.isVisible()  # type: ignore[attr-defined]
    assert "李组员" in " ".join(interviewers.labels().values())  # type: ignore[attr-defined]


def test_a_set_up_vault_has_no_first_day_box(window: MainWindow) -> None:
    assert window.overview.data is not None and window.overview.data.set_up
    assert window.overview.setup_box.isHidden()


def test_loading_says_so_instead_of_no_data(qtbot, threaded_executor: DbExecutor, sample: Sample) -> None:
    """Issue 12 item 16: while the figures are read, 正在加载… — not "—" and 暂无数据."""
    threaded_executor.set_vault(sample.vault)
    page = OverviewPage(threaded_executor)
    qtbot.addWidget(page)
    page.show()
    gate = threading.Event()
    Op(None, lambda _task: gate.wait(10), executor=threaded_executor).start()  # the worker is busy
    page.reload()
    assert page.status.isVisible() and page.status.text() == "正在加载…"
    assert {label.text() for label in page.values.values()} == {"…"}
    assert all(chart.empty_text == "正在加载…" for chart in page.charts)
    assert "暂无数据" not in widget_texts(page) and "—" not in widget_texts(page)
    gate.set()
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    assert page.status.isHidden() and page.values["interviews"].text() == "2"
    assert all(chart.empty_text == "暂无数据" for chart in page.charts)
    threaded_executor.set_vault(None)


def test_records_that_break_a_status_date_rule_are_listed(qtbot, qtmodeltester, executor: DbExecutor,
                                                          sample: Sample) -> None:
    """Issue 12 items 8 and 16: listed for a person (not rewritten), each opening its editor."""
    merged_in = sample.vault.records.save_many([Lead(number="XS-9", subject_name="某人", summary="线索")])[0]
    from app.domain.clock import Stamp
    from app.storage.store import FieldWrite
    heads = tuple(v.stamp for v in sample.vault.records.versions(merged_in.id, "status") if v.head)
    later = max((w.stamp for _s, w in sample.vault.records.writes_since(0) if w.record_id == merged_in.id))
    stamp = str(Stamp(Stamp.parse(later).wall_ms + 60_000, 0, "cd" * 8))  # another device, a minute on
    status = FieldWrite(merged_in.id, "lead", "status", stamp, "已移交", heads, "外人")
    sample.vault.records.merge([status])  # a merge is not checked: the lead lacks 移交时间 and 移交对象
    page = OverviewPage(executor)
    qtbot.addWidget(page)
    page.show()
    executor.set_vault(sample.vault)
    page.reload()
    qtmodeltester.check(page.incomplete_model)
    assert page.incomplete_box.isVisible() and page.incomplete_model.rowCount() == 1
    headers = [page.incomplete_model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert page.incomplete_model.columnCount() == 3 and headers == ["类别", "记录", "需补全"]  # no 状态 here
    assert page.incomplete_model.index(0, 0).data() == "问题线索"
    assert "移交时间" in page.incomplete_model.index(0, 2).data()
    assert "移交时间" in page.incomplete_model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert page.incomplete_model.row(0).status == "已移交"
    with qtbot.waitSignal(page.open_requested) as signal:
        page.incomplete_view.activated.emit(page.incomplete_model.index(0, 1))
    assert signal.args == ["lead", merged_in.id]
