"""The planning checks in the unit and member editors (issue 13: "the same checks run when unit.team_id,
unit.mode or a member's declarations change in the editor (a warning with the reason)";
app/ui/records/assignment.py): a strip with the reasons, a hard conflict confirmed before saving, a soft
one only shown."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from app.domain.records import Member, Team, Unit
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import ChoiceInput, RefInput
from app.ui.records.panels import AssignmentPanel
from tests.ui.conftest import Sample


@dataclass
class Planning:
    team2: Team
    cross: Unit  # A县, 交叉, held by 第一巡察组
    local: Unit  # B县, 本级, held by 第二巡察组 (capacity 1)
    member: Member  # of 第二巡察组, from A县


@pytest.fixture
def planning(sample: Sample) -> Planning:
    rec = sample.vault.records
    round_id = sample.unit.round_id
    team2 = rec.save(Team(name="第二巡察组", round_id=round_id, number=2, home_jurisdiction="A县", capacity=1))
    member = rec.save(Member(name="孙组员", team_id=team2.id, role="组员", home_jurisdiction="C县"))
    cross = rec.save(Unit(name="A县教育局党组", round_id=round_id, team_id=sample.team.id, jurisdiction="A县",
                          mode="交叉"))
    local = rec.save(Unit(name="B县水利局党组", round_id=round_id, team_id=team2.id, jurisdiction="B县",
                          mode="本级"))
    return Planning(team2, cross, local, member)


def choose(field: RefInput | ChoiceInput, value: str) -> None:
    """As the user picks it: the combo's ``activated``."""
    field.set_value(value)
    field.combo.activated.emit(field.combo.currentIndex())


def open_editor(window: MainWindow, kind: str, record_id: str) -> tuple[RecordEditor, AssignmentPanel]:
    window.open_record(kind, record_id)
    editor = window.editors[record_id]
    assert isinstance(editor.panel, AssignmentPanel)
    return editor, editor.panel


def test_a_unit_moved_to_a_conflicting_team_shows_why_and_saving_asks_first(
        window: MainWindow, sample: Sample, planning: Planning, qtbot: QtBot) -> None:
    editor, panel = open_editor(window, "unit", planning.cross.id)
    strip = panel.check.strip
    assert strip.isHidden()
    team = editor.inputs["team_id"]
    assert isinstance(team, RefInput)
    choose(team, planning.team2.id)
    qtbot.waitUntil(lambda: not strip.isHidden(), timeout=3000)  # after the pause, on the worker
    text = strip.text()
    assert text.startswith("分工冲突：硬冲突 1 处须回避（保存前须确认），软冲突 1 处")
    assert "【硬冲突】派出地区回避：第二巡察组派出地区为A县，不能交叉巡察A县的单位" in text
    assert "【软冲突】超出承担上限" in text

    asked: list[list[str]] = []
    panel.check.confirm_hard = lambda hard: asked.append(hard) or False  # 返回修改
    editor.save()
    assert asked == [["派出地区回避：第二巡察组派出地区为A县，不能交叉巡察A县的单位"]]
    assert sample.vault.records.get(planning.cross.id, Unit).team_id == sample.team.id  # not saved
    panel.check.confirm_hard = lambda hard: asked.append(hard) or True  # 仍然保存
    editor.save()
    assert len(asked) == 2 and sample.vault.records.get(planning.cross.id, Unit).team_id == planning.team2.id

    # Back to 本级: the home conflict goes; the strip says what is left (the capacity), saved without a question.
    mode = editor.inputs["mode"]
    assert isinstance(mode, ChoiceInput)
    choose(mode, "本级")
    qtbot.waitUntil(lambda: "硬冲突 0 处" in strip.text(), timeout=3000)
    assert "【软冲突】超出承担上限" in strip.text() and "派出地区回避" not in strip.text()
    editor.save()
    assert len(asked) == 2 and sample.vault.records.get(planning.cross.id, Unit).mode == "本级"


def test_saving_right_after_a_change_checks_first(window: MainWindow, sample: Sample, planning: Planning) -> None:
    editor, panel = open_editor(window, "unit", planning.cross.id)
    asked: list[list[str]] = []
    panel.check.confirm_hard = lambda hard: asked.append(hard) or False
    team = editor.inputs["team_id"]
    assert isinstance(team, RefInput)
    choose(team, planning.team2.id)
    editor.save()  # before the pause is over: the check runs, then the question
    assert asked and "派出地区回避" in asked[0][0] and not panel.check.strip.isHidden()
    assert sample.vault.records.get(planning.cross.id, Unit).team_id == sample.team.id


def test_an_edit_elsewhere_is_not_held_up_by_an_old_conflict(window: MainWindow, sample: Sample,
                                                             planning: Planning) -> None:
    rec = sample.vault.records
    rec.save(Unit(**{**vars(rec.get(planning.cross.id, Unit)), "team_id": planning.team2.id}))  # by plan --accept
    editor, panel = open_editor(window, "unit", planning.cross.id)
    panel.check.confirm_hard = lambda hard: pytest.fail("asked about fields not edited")
    editor.inputs["address"].set_value("某路1号")
    editor._mark_dirty()
    editor.save()
    assert rec.get(planning.cross.id, Unit).address == "某路1号" and panel.check.strip.isHidden()


def test_a_member_declaring_a_unit_of_the_team_is_warned(window: MainWindow, sample: Sample, planning: Planning,
                                                         qtbot: QtBot) -> None:
    editor, panel = open_editor(window, "member", planning.member.id)
    recusals = editor.inputs["recusals"]
    recusals.set_value([{"person": "钱某", "unit": "B县水利局", "post": "科员", "relation": "夫妻关系", "kind": ""}])
    recusals.changed.emit()
    qtbot.waitUntil(lambda: not panel.check.strip.isHidden(), timeout=3000)
    assert "【硬冲突】B县水利局党组：申报回避（单位）：孙组员（组员）申报回避单位B县水利局" in panel.check.strip.text()
    asked: list[list[str]] = []
    panel.check.confirm_hard = lambda hard: asked.append(hard) or True
    editor.save()
    assert len(asked) == 1 and rec_recusals(sample, planning) == ["钱某"]


def rec_recusals(sample: Sample, planning: Planning) -> list[str]:
    return [r["person"] for r in sample.vault.records.get(planning.member.id, Member).recusals]
