"""The rules of the work in the editors: finalising, the paper workflow, recusal, deadlines."""

from __future__ import annotations

import dataclasses
import datetime as dt

from pytestqt.qt_compat import qt_api

from app.domain.records import Interview, Member, Paper, Rectification, Setting
from app.domain.rules import Due
from app.domain.vocab import HEADINGS, PAPER_ARCHIVED, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import ChoiceInput, RefsInput, TextInput
from app.ui.records.models import DUE_COLOURS
from tests.conftest import PASSPHRASE
from tests.ui.conftest import Sample


def new_editor(window: MainWindow, kind: str) -> RecordEditor:
    window.open_record(kind, "")
    return [e for e in window.editors.values() if not e.record.id][-1]


def final_item_enabled(editor: RecordEditor) -> bool:
    status = editor.inputs["status"]
    assert isinstance(status, ChoiceInput)
    model = status.combo.model()
    return bool(model.item(status.combo.findData("已定稿")).isEnabled())  # type: ignore[attr-defined]


def test_interview_finalise_checklist(window: MainWindow, sample: Sample) -> None:
    editor = new_editor(window, "interview")
    assert editor.panel.rules_label is not None
    text = editor.panel.rules_label.text()
    assert "谈话人员不少于两人" in text and "须指定记录人" in text and "核对确认签字" in text
    assert not final_item_enabled(editor)
    refs = editor.inputs["interviewers"]
    assert isinstance(refs, RefsInput)
    refs.check(sample.members[0].id)
    refs.check(sample.members[1].id)
    editor.inputs["recorders"].check(sample.members[2].id)  # type: ignore[attr-defined]
    assert "谈话人员不少于两人" not in editor.panel.rules_label.text()
    assert not final_item_enabled(editor)
    editor.inputs["interviewee"].set_value("郑科长")
    editor.inputs["time"].set_value(dt.datetime(2024, 3, 1, 9, 0))
    editor.inputs["confirmed"].set_value(True)
    assert editor.panel.finalise_problems() == []
    assert editor.panel.rules_label.text().startswith("☑") and final_item_enabled(editor)


def test_paper_state_machine_and_number_lock(window: MainWindow, sample: Sample) -> None:
    sample.vault.records.save(dataclasses.replace(sample.members[0], name="测试员"))  # the owner leads the team
    editor = new_editor(window, "paper")
    editor.panel.ask_passphrase = lambda: PASSPHRASE
    buttons = editor.panel.state_buttons
    assert editor.inputs["state"].value() == PAPER_DRAFT and not editor.inputs["state"].isEnabled()
    assert not any(b.isEnabled() for b in buttons.values())  # facts missing, and not yet saved
    editor.inputs["title"].set_value("违规发放津补贴")
    editor.inputs["heading"].set_value(HEADINGS[1])
    editor.inputs["facts"].set_value("2023年违规发放津贴12万元")
    editor.update_rules()
    assert buttons[PAPER_REVIEW].isEnabled() and not buttons[PAPER_SIGNED].isEnabled()
    buttons[PAPER_REVIEW].click()
    assert editor.record.id and editor.panel.paper_state() == PAPER_REVIEW
    stored = sample.vault.records.get(editor.record.id)
    assert isinstance(stored, Paper) and stored.state == PAPER_REVIEW
    assert buttons[PAPER_DRAFT].isEnabled() and not buttons[PAPER_SIGNED].isEnabled()
    assert "组长签字前须编定底稿编号" in buttons[PAPER_SIGNED].toolTip()
    assert editor.panel.move_paper(PAPER_SIGNED) is None and "不能变更审核状态" in editor.banner.text()

    editor.inputs["number"].set_value("〔2024〕5巡-3组-07号")
    editor.inputs["review_opinion"].set_value("同意")
    editor.update_rules()
    assert not buttons[PAPER_SIGNED].isEnabled() and "请先保存" in buttons[PAPER_SIGNED].toolTip()
    editor.save()
    assert buttons[PAPER_SIGNED].isEnabled()
    buttons[PAPER_SIGNED].click()
    assert editor.panel.paper_state() == PAPER_SIGNED and editor.inputs["signed_at"].value() is not None
    assert editor.inputs["signed_by"].value() == "测试员" and "组长签字：测试员" in editor.panel.rules_label.text()
    number = editor.inputs["number"]
    assert isinstance(number, TextInput) and number.edit.isReadOnly()
    assert not buttons[PAPER_DRAFT].isEnabled() and buttons[PAPER_ARCHIVED].isEnabled()
    buttons[PAPER_ARCHIVED].click()
    stored = sample.vault.records.get(editor.record.id)
    assert isinstance(stored, Paper) and stored.state == PAPER_ARCHIVED and stored.number == "〔2024〕5巡-3组-07号"
    assert not any(b.isEnabled() for b in buttons.values())


def test_recusal_warning_must_be_acknowledged_and_is_recorded(window: MainWindow, sample: Sample) -> None:
    vault = sample.vault
    member = vault.records.get(sample.members[2].id)
    assert isinstance(member, Member)
    vault.records.save(dataclasses.replace(member, recusals=[
        {"person": "周局长", "unit": "市水务局", "post": "局长", "relation": "表兄弟", "kind": "公务回避"}]))
    window.open_record("interview", sample.interviews[0].id)  # the interview of 周局长
    editor = window.editors[sample.interviews[0].id]
    asked: list[list[str]] = []

    editor.panel.acknowledge_recusal = lambda hits: asked.append([h.message() for h in hits]) is None and False
    refs = editor.inputs["interviewers"]
    assert isinstance(refs, RefsInput)
    refs.check(sample.members[2].id)
    assert asked and "赵组员申报与市水务局、周局长存在表兄弟关系" in asked[0][0]
    assert sample.members[2].id not in refs.value()  # declined: not assigned
    assert "回避提示" not in editor.inputs["notes"].value()

    editor.panel.acknowledge_recusal = lambda hits: True
    refs.check(sample.members[2].id)
    assert sample.members[2].id in refs.value()
    assert "【回避提示已确认" in editor.inputs["notes"].value()
    editor.save()
    stored = vault.records.get(editor.record.id)
    assert isinstance(stored, Interview) and "赵组员申报与" in stored.notes
    refs.check(sample.members[0].id, False)
    refs.check(sample.members[0].id)  # no declaration: no question
    assert len(asked) == 1


def test_deadline_column_in_rectification_and_lead_lists(window: MainWindow, sample: Sample) -> None:
    records = sample.vault.records
    today = dt.date(2024, 12, 31)
    for title, deadline, status in (("按期推进", dt.date(2025, 3, 1), "整改中"),
                                    ("即将到期", dt.date(2025, 1, 3), "整改中"),
                                    ("已经逾期", dt.date(2024, 12, 1), "整改中"),
                                    ("早已完成", dt.date(2024, 11, 1), "已完成")):
        records.save(Rectification(title=title, measures="措施", status=status, deadline=deadline,
                                   unit_id=sample.unit.id))
    page = window.list_pages["rectification"]
    page.today = lambda: today
    window.show_page("problems")
    window.pages["problems"].setCurrentWidget(page)  # type: ignore[attr-defined]
    assert page.loaded
    model = page.model
    column = model.due_column
    horizontal = qt_api.QtCore.Qt.Orientation.Horizontal
    assert column == len(model.fields) and model.headerData(column, horizontal) == "期限状态"
    states = {model.record(r).title: model.due(r) for r in range(model.rowCount())}  # type: ignore[attr-defined]
    assert states == {"按期推进": Due.OK, "即将到期": Due.SOON, "已经逾期": Due.OVERDUE, "早已完成": Due.DONE}
    page.view.sortByColumn(column, qt_api.QtCore.Qt.SortOrder.AscendingOrder)
    assert model.record(0).title == "已经逾期"  # type: ignore[attr-defined]
    background = page.proxy.index(0, column).data(qt_api.QtCore.Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == DUE_COLOURS[Due.OVERDUE]
    assert page.proxy.index(0, column).data() == "已逾期"

    # a team's own rule: "due soon" three days ahead instead of seven
    records.save(Setting(key="deadline.due_soon_days", value="1"))
    page.reload()
    states = {model.record(r).title: model.due(r) for r in range(model.rowCount())}  # type: ignore[attr-defined]
    assert states["即将到期"] == Due.OK

    lead = records.get(sample.lead.id)
    records.save(dataclasses.replace(lead, transferred_at=dt.date(2024, 8, 1), transfer_to="纪委监委", status="已移交"))
    leads = window.list_pages["lead"]
    leads.today = lambda: today
    window.show_page("lead")
    assert leads.model.due(0) == Due.OVERDUE  # fed back within three months: not yet
