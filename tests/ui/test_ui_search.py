"""Search: results as you type, grouped by kind, matches highlighted, Enter opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut

from app.domain.records import Lead
from app.services.search import SearchResult
from app.storage.search import MARK_END, MARK_START, KindHits, SearchHit
from app.ui.main_window import MainWindow
from app.ui.search.models import GroupedHitsModel, HtmlRole, highlighted
from app.ui.search.page import SEARCH_DELAY_MS, SearchPage
from app.ui.tasks import DbExecutor
from tests.ui.conftest import Sample


@pytest.fixture
def window(qtbot, executor: DbExecutor, sample: Sample, ui_settings) -> MainWindow:
    sample.vault.records.save(Lead(subject_name="<b>钱</b>处长", summary="围标 & <script>alert(1)</script>",
                                   status="待研判"))
    executor.set_vault(sample.vault)
    win = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(win)
    win.attach()
    win.resize(1000, 600)
    return win


def hit(kind: str, title: str, snippet: str) -> SearchHit:
    return SearchHit(f"id-{title}", kind, title, "摘要", snippet, 1.0)


def test_highlight_escapes_first_then_marks() -> None:
    text = highlighted(f"a<i>&{MARK_START}围标{MARK_END}\n")
    assert text.startswith("a&lt;i&gt;&amp;<b ") and text.endswith(">围标</b> ")
    assert "<i>" not in text


def test_grouped_model(qtmodeltester) -> None:
    model = GroupedHitsModel()
    qtmodeltester.check(model)
    model.set_hits([hit("lead", "线索一", f"{MARK_START}围标{MARK_END}"), hit("interview", "谈话一", "x"),
                    hit("lead", "线索二", "y")])
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "问题线索（2）" and model.index(1, 0).data() == "谈话记录（1）"
    child = model.index(1, 0, model.index(0, 0))
    assert model.hit(child).title == "线索二" and model.hit(model.index(0, 0)) is None
    assert model.parent(child) == model.index(0, 0) and model.parent(model.index(0, 0)) == QModelIndex()
    assert "<b " in model.index(0, 0, model.index(0, 0)).data(HtmlRole)
    assert model.first_hit_index().data() == "线索一　摘要：【围标】"


def test_results_as_you_type_grouped_and_highlighted(qtmodeltester, window: MainWindow) -> None:
    window.show_search()
    page: SearchPage = window.search_page
    assert page._timer.interval() == SEARCH_DELAY_MS <= 250
    page.query.setText("围标")
    assert page._timer.isActive() and page.grouped.rowCount() == 0  # debounced, not yet run
    page._timer.timeout.emit()  # what the timer does when it fires
    qtmodeltester.check(page.grouped)
    groups = {page.grouped.index(r, 0).data() for r in range(page.grouped.rowCount())}
    assert groups == {"谈话记录（2）", "问题线索（1）"}
    lead_group = next(page.grouped.index(r, 0) for r in range(2)
                      if page.grouped.index(r, 0).data(Qt.ItemDataRole.DisplayRole).startswith("问题线索"))
    rich = page.grouped.index(0, 0, lead_group).data(HtmlRole)
    assert "&lt;script&gt;" in rich and "<script>" not in rich and "&amp;" in rich
    assert "&lt;b&gt;钱&lt;/b&gt;处长" in rich
    assert "围标</b>" in rich
    assert "找到 3 条，分属 2 类记录" == page.status.text()
    assert not page.results.grab().isNull()  # the rich-text delegate paints
    # Each interview names its unit after its title, in the plain and the rich form.
    talks = next(page.grouped.index(r, 0) for r in range(2)
                 if page.grouped.index(r, 0).data(Qt.ItemDataRole.DisplayRole).startswith("谈话记录"))
    first = page.grouped.index(0, 0, talks)
    assert "（市水务局）" in first.data(Qt.ItemDataRole.DisplayRole) and "（市水务局）" in first.data(HtmlRole)


def test_enter_opens_the_current_hit_and_activation_opens(window: MainWindow, sample: Sample) -> None:
    page = window.search_page
    window.show_search()
    page.query.setText("围标")
    page.query.returnPressed.emit()  # Enter before the debounce: searches, then opens the first hit
    assert not page._timer.isActive()
    first = page.grouped.hit(page.grouped.first_hit_index())
    assert first is not None and first.record_id in window.editors

    lead_group = next(page.grouped.index(r, 0) for r in range(2)
                      if page.grouped.index(r, 0).data(Qt.ItemDataRole.DisplayRole).startswith("问题线索"))
    page.results.activated.emit(lead_group)  # a group row opens nothing
    lead_index = page.grouped.index(0, 0, lead_group)
    page.results.activated.emit(lead_index)
    assert page.grouped.hit(lead_index).record_id in window.editors


def test_ctrl_f_and_lock_clear(qtbot, window: MainWindow) -> None:
    window.show_page("overview")
    find = QKeySequence(QKeySequence.StandardKey.Find)
    shortcut = next(s for s in window.findChildren(QShortcut) if s.key() == find)
    shortcut.activated.emit()  # Ctrl+F (an offscreen window is never active, so no key event)
    assert window.current_key() == "search"
    page = window.search_page
    page.query.setText("围标")
    page.search()
    assert page.grouped.rowCount() == 2
    window.clear_for_lock()
    assert page.grouped.rowCount() == 0 and page.model.rowCount() == 0 and not page._timer.isActive()
    assert page.query.text() == "" and page.status.text() == ""


def test_groups_show_true_counts_and_more(qtbot, qtmodeltester, executor: DbExecutor, sample: Sample,
                                          ui_settings) -> None:
    """Issue 12 item 12: every kind with its true count; 显示更多 brings the next page of a kind."""
    sample.vault.records.save_many([Lead(subject_name=f"甲{i}", summary="工程围标") for i in range(25)])
    executor.set_vault(sample.vault)
    page = SearchPage(executor)
    qtbot.addWidget(page)
    page.query.setText("围标")
    page.search()
    qtbot.waitUntil(lambda: page.grouped.rowCount() > 0)
    qtmodeltester.check(page.grouped)
    titles = [page.grouped.index(r, 0).data() for r in range(page.grouped.rowCount())]
    assert "问题线索（25）" in titles
    lead_group = page.grouped.index(titles.index("问题线索（25）"), 0)
    assert page.grouped.rowCount(lead_group) == 11  # 10 hits and the "show more" row
    more = page.grouped.index(10, 0, lead_group)
    assert more.data() == "显示更多（还有 15 条）" and page.grouped.more_kind(more) == "lead"
    assert page.status.text().startswith("找到 27 条")
    page.results.activated.emit(more)  # activating it asks for the next page, not an editor
    qtbot.waitUntil(lambda: page.grouped.rowCount(lead_group) == 21)
    page.results.activated.emit(page.grouped.index(20, 0, lead_group))
    qtbot.waitUntil(lambda: page.grouped.rowCount(lead_group) == 25)  # all shown: no more row
    qtmodeltester.check(page.grouped)
    leads = [page.grouped.hit(page.grouped.index(r, 0, lead_group)) for r in range(25)]
    assert len({h.record_id for h in leads if h is not None}) == 25
    assert page.model.rowCount() == 27


def test_a_lower_bound_says_so(qtmodeltester) -> None:
    model = GroupedHitsModel()
    model.set_result(SearchResult("围标", (KindHits("interview", 1000, False, (hit("interview", "谈话一", "x"),)),)))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "谈话记录（至少 1000）"
    more = model.index(1, 0, model.index(0, 0))
    assert more.data() == "显示更多" and model.more_kind(more) == "interview"
    model.add_hits(KindHits("interview", 1000, False, ()))  # a page with nothing new ends the group
    assert model.rowCount(model.index(0, 0)) == 1 and model.totals() == (1000, False)
    qtmodeltester.check(model)
