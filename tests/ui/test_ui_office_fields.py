"""Schema version 7's fields in the editor and the ledger (issue 13; docs/domain.md §2.8): choices offer their
vocabulary, references offer the records of their kind, tables are edited as rows, and a saved value comes
back; the ledger's unit sheet has the new columns under their Chinese headers."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt

from app.domain.records import Member, Round, Unit
from app.domain.vocab import SEED
from app.export.xlsx.ledger import columns
from app.ui.main_window import MainWindow
from app.ui.records.inputs import BoolInput, ChoiceInput, DateInput, RefInput, TextInput
from app.ui.records.table_input import RowsInput
from tests.ui.conftest import Sample


def offered(choice: ChoiceInput | RefInput) -> list[object]:
    return [choice.combo.itemData(i) for i in range(1, choice.combo.count())]  # after "(未选)"


def test_the_unit_editor_offers_the_planning_fields_and_saves_them(window: MainWindow, sample: Sample) -> None:
    vault = sample.vault
    parent = vault.records.save(Unit(name="某县农业农村局", round_id=sample.unit.round_id))
    window.open_record("unit", sample.unit.id)
    editor = window.editors[sample.unit.id]
    mode, level, up = editor.inputs["mode"], editor.inputs["unit_level"], editor.inputs["parent_unit_id"]
    assert isinstance(mode, ChoiceInput) and offered(mode) == list(SEED["inspection_mode"][2])
    assert isinstance(level, ChoiceInput) and offered(level) == list(SEED["unit_level"][2])
    assert isinstance(up, RefInput) and parent.id in offered(up)
    notes = editor.inputs["assignment_notes"]
    assert isinstance(notes, RowsInput)
    headers = [notes.model.headerData(i, Qt.Orientation.Horizontal) for i in range(notes.model.columnCount())]
    assert headers == ["成员", "冲突", "确认人", "确认时间"]
    assert isinstance(editor.inputs["org_key"], TextInput) and isinstance(editor.inputs["meeting_at"], DateInput)
    label = editor.form.labelForField(editor.inputs["cross_authorisation"]).text()
    assert label == "属地党委授权文号（交叉巡察双授权）"

    mode.set_value("交叉")
    up.set_value(parent.id)
    editor.inputs["org_key"].set_value("11350000MB0000001X")
    editor.inputs["meeting_at"].set_value(dt.date(2024, 7, 1))
    notes.set_value([{"member": "钱组员", "conflict": "reciprocal", "confirmed_by": "组长",
                      "confirmed_at": "2024-05-01"}])
    editor._mark_dirty()
    editor.save()
    stored = vault.records.get(sample.unit.id, Unit)
    assert (stored.mode, stored.parent_unit_id, stored.org_key, stored.meeting_at) == (
        "交叉", parent.id, "11350000MB0000001X", dt.date(2024, 7, 1))
    assert stored.assignment_notes[0]["conflict"] == "reciprocal"


def test_round_team_and_member_editors(window: MainWindow, sample: Sample) -> None:
    vault = sample.vault
    higher = vault.records.save(Round(title="涉粮问题专项巡视巡察", kind="专项", level="省"))
    rnd = vault.records.get(sample.unit.round_id or "", Round)
    window.open_record("round", rnd.id)
    editor = window.editors[rnd.id]
    kind, parent = editor.inputs["kind"], editor.inputs["parent_id"]
    assert isinstance(kind, ChoiceInput) and offered(kind)[:3] == ["常规", "专项", "机动"]
    assert "交叉" not in offered(kind)  # retired: not offered for new choices
    assert isinstance(parent, RefInput) and higher.id in offered(parent)
    assert isinstance(editor.inputs["revisit"], BoolInput)
    window.open_record("team", sample.team.id)
    team_editor = window.editors[sample.team.id]
    composition = team_editor.inputs["composition"]
    assert isinstance(composition, ChoiceInput) and offered(composition) == list(SEED["team_composition"][2])
    member = sample.members[0]
    window.open_record("member", member.id)
    posts = window.editors[member.id].inputs["past_posts"]
    assert isinstance(posts, RowsInput) and posts.model.columnCount() == 4
    saved = vault.records.save(dataclasses.replace(vault.records.get(member.id, Member),
                                                   past_posts=[{"unit": "某县财政局", "region": "某县",
                                                                "from_year": "2016", "to_year": "2020"}]))
    assert saved.past_posts[0]["from_year"] == "2016"


def test_the_unit_ledger_has_the_new_columns() -> None:
    labels = [c.label for c in columns("unit")]
    for header in ("单位编码/统一社会信用代码", "巡察方式", "行业系统", "单位层级", "上级单位", "反馈日期",
                   "整改方案报送日期", "专题民主生活会日期", "整改情况报告报送日期",
                   "主要负责人组织落实情况报告报送日期", "整改公开日期", "分工确认记录"):
        assert header in labels, header
    assert "回头看评估" in [c.label for c in columns("rectification")]
    assert "组建方式" in [c.label for c in columns("team")]
