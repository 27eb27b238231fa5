"""The 组长's acts in the editors (issue 12 items 4, 6, 7): signing with the passphrase, 退回修改 with a reason,
the number proposed in sequence, and the recusal exception (docs/domain.md §3.2, §3.3)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLineEdit

from app.domain.records import Interview, Member, Paper
from app.domain.vocab import HEADINGS, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import RefInput, RefsInput
from app.ui.records.signoff_dialogs import PassphraseDialog, ReasonDialog
from tests.conftest import PASSPHRASE
from tests.ui.conftest import Sample


def lead_as_owner(sample: Sample) -> None:
    """The vault's owner (测试员) is the team's 组长."""
    sample.vault.records.save(dataclasses.replace(sample.members[0], name="测试员"))


def reviewed_paper(window: MainWindow, sample: Sample) -> RecordEditor:
    paper = sample.vault.records.save(Paper(title="违规发放津补贴", heading=HEADINGS[1], facts="违规发放津贴12万元",
                                            team_id=sample.team.id, unit_id=sample.unit.id, state=PAPER_DRAFT))
    sample.vault.records.save(dataclasses.replace(paper, state=PAPER_REVIEW, number="〔2024〕1巡-1组-01号",
                                                  review_opinion="同意"))
    window.open_record("paper", paper.id)
    return window.editors[paper.id]


def test_the_passphrase_dialog_hides_the_passphrase_and_forgets_it(qtbot) -> None:
    dialog = PassphraseDialog("以组长的名义签字")
    qtbot.addWidget(dialog)
    assert dialog.edit.echoMode() == QLineEdit.EchoMode.Password and not dialog.sign_button.isEnabled()
    dialog.edit.setText("口令")
    assert dialog.sign_button.isEnabled()
    assert dialog.take() == "口令" and dialog.edit.text() == ""
    dialog.edit.setText("另一个口令")
    dialog.reject()
    assert dialog.edit.text() == ""
    reason = ReasonDialog("退回修改", "理由")
    qtbot.addWidget(reason)
    assert not reason.ok_button.isEnabled()
    reason.edit.setPlainText("  ")
    assert not reason.ok_button.isEnabled()
    reason.edit.setPlainText("金额有误")
    assert reason.ok_button.isEnabled() and reason.reason() == "金额有误"


def test_the_leader_signs_with_the_passphrase_and_returns_with_a_reason(window: MainWindow, sample: Sample) -> None:
    lead_as_owner(sample)
    editor = reviewed_paper(window, sample)
    panel = editor.panel
    sign = panel.state_buttons[PAPER_SIGNED]
    assert sign.isEnabled() and not editor.inputs["signed_by"].isEnabled(), sign.toolTip()
    panel.ask_passphrase = lambda: "错误的口令123"
    sign.click()
    assert "口令不正确" in editor.banner.text()
    assert sample.vault.records.get(editor.record.id, Paper).state == PAPER_REVIEW

    panel.ask_passphrase = lambda: PASSPHRASE
    sign.click()
    stored = sample.vault.records.get(editor.record.id, Paper)
    assert stored.state == PAPER_SIGNED and stored.signed_by == "测试员"
    assert "组长签字：测试员" in panel.rules_label.text() and not editor.dirty
    assert panel.return_button.isVisible() or panel.return_button.isEnabled()

    panel.ask_return_reason = lambda: None  # cancelled: nothing happens
    panel.return_button.click()
    assert sample.vault.records.get(editor.record.id, Paper).state == PAPER_SIGNED
    panel.ask_return_reason = lambda: "金额与凭证不符"
    panel.return_button.click()
    stored = sample.vault.records.get(editor.record.id, Paper)
    assert stored.state == PAPER_DRAFT and stored.signed_by == "" and "金额与凭证不符" in stored.notes
    assert editor.inputs["state"].value() == PAPER_DRAFT and "金额与凭证不符" in editor.inputs["notes"].value()
    assert [e.action for e in sample.vault.journal.entries(limit=2)] == ["return-paper", "update"]


def test_a_member_who_is_not_the_leader_sees_why_they_cannot_sign(window: MainWindow, sample: Sample) -> None:
    editor = reviewed_paper(window, sample)  # the owner 测试员 is no member: not the 组长
    sign = editor.panel.state_buttons[PAPER_SIGNED]
    assert not sign.isEnabled() and "不是本组的组长" in sign.toolTip()
    assert "不是本组的组长" in editor.panel.rules_label.text()
    assert editor.panel.move_paper(PAPER_SIGNED) is None and "不能变更审核状态" in editor.banner.text()


def test_a_member_submits_the_paper_for_the_leaders_signature(window: MainWindow, sample: Sample) -> None:
    sample.vault.records.save(dataclasses.replace(sample.members[2], name="测试员"))  # the owner is a 组员
    editor = reviewed_paper(window, sample)
    panel = editor.panel
    assert not panel.state_buttons[PAPER_SIGNED].isEnabled()
    submit = panel.submit_button
    assert not submit.isHidden() and submit.isEnabled(), submit.toolTip()
    submit.click()
    stored = sample.vault.records.get(editor.record.id, Paper)
    assert stored.state == PAPER_REVIEW and "【提交组长签字" in stored.notes and "测试员】" in stored.notes
    assert sample.vault.journal.entries(limit=1)[0].action == "submit-paper"
    assert "已提交组长签字，等待组长签字" in panel.rules_label.text()
    assert not submit.isEnabled() and "已提交组长签字" in submit.toolTip()  # once is enough
    assert not editor.dirty and "【提交组长签字" in editor.inputs["notes"].value()


def test_a_paper_taken_back_to_draft_is_no_longer_submitted(window: MainWindow, sample: Sample) -> None:
    sample.vault.records.save(dataclasses.replace(sample.members[2], name="测试员"))  # the owner is a 组员
    editor = reviewed_paper(window, sample)
    panel = editor.panel
    panel.submit_button.click()
    panel.state_buttons[PAPER_DRAFT].click()
    stored = sample.vault.records.get(editor.record.id, Paper)
    assert stored.state == PAPER_DRAFT and stored.notes.splitlines()[-1].startswith("【撤回提交")
    assert editor.inputs["notes"].value() == stored.notes and not editor.dirty  # the form shows the line
    panel.state_buttons[PAPER_REVIEW].click()
    stored = sample.vault.records.get(editor.record.id, Paper)
    assert stored.state == PAPER_REVIEW and "【撤回提交" in stored.notes  # kept by the next save
    assert "已提交组长签字" not in panel.rules_label.text() and panel.submit_button.isEnabled()


def test_the_leader_is_not_offered_the_submission(window: MainWindow, sample: Sample) -> None:
    lead_as_owner(sample)
    editor = reviewed_paper(window, sample)
    assert editor.panel.submit_button.isHidden() and editor.panel.state_buttons[PAPER_SIGNED].isEnabled()


def test_the_next_number_is_proposed_for_the_team_in_its_round(window: MainWindow, sample: Sample) -> None:
    reviewed_paper(window, sample)  # uses 〔2024〕1巡-1组-01号
    window.open_record("paper", "")
    editor = [e for e in window.editors.values() if not e.record.id][-1]
    panel = editor.panel
    assert panel.proposed_number == ""  # no team yet
    team = editor.inputs["team_id"]
    assert isinstance(team, RefInput)
    team.set_value(sample.team.id)
    team.combo.activated.emit(team.combo.currentIndex())  # as the person's choice reports it
    assert panel.proposed_number == "〔2024〕1巡-1组-02号"
    assert "〔2024〕1巡-1组-02号" in editor.inputs["number"].edit.placeholderText()  # type: ignore[attr-defined]
    assert panel.number_button.isEnabled()
    panel.number_button.click()
    assert editor.inputs["number"].value() == "〔2024〕1巡-1组-02号" and not panel.number_button.isEnabled()


def declare(sample: Sample) -> Member:
    """李副组长 declares a relation to 周局长, whose interview he is not assigned to."""
    member = sample.vault.records.get(sample.members[1].id, Member)
    interview = sample.vault.records.get(sample.interviews[0].id, Interview)
    sample.vault.records.save(dataclasses.replace(interview, interviewers=[sample.members[0].id]))
    return sample.vault.records.save(dataclasses.replace(member, recusals=[  # type: ignore[return-value]
        {"person": "周局长", "unit": "市水务局", "post": "局长", "relation": "配偶", "kind": "公务回避"}]))


def test_the_leader_records_a_recusal_exception_with_a_reason(window: MainWindow, sample: Sample) -> None:
    lead_as_owner(sample)
    member = declare(sample)
    window.open_record("interview", sample.interviews[0].id)
    editor = window.editors[sample.interviews[0].id]
    panel = editor.panel
    panel.acknowledge_recusal = lambda hits: True
    panel.ask_exception_reason = lambda hits: None  # the 组长 cancels: not assigned
    refs = editor.inputs["interviewers"]
    assert isinstance(refs, RefsInput) and not editor.inputs["recusal_exceptions"].isEnabled()
    refs.check(member.id)
    assert member.id not in refs.value()
    panel.ask_exception_reason = lambda hits: "熟悉工程项目，且不涉及其配偶分管的工作"
    refs.check(member.id)
    assert member.id in refs.value()
    [row] = editor.inputs["recusal_exceptions"].value()
    assert row["member"] == "李副组长" and row["by"] == "测试员" and row["reason"].startswith("熟悉工程项目")
    editor.save()
    stored = sample.vault.records.get(editor.record.id, Interview)
    assert member.id in stored.interviewers and stored.recusal_exceptions == [row]


def test_a_member_who_is_not_the_leader_is_refused_the_assignment(window: MainWindow, sample: Sample) -> None:
    member = declare(sample)
    window.open_record("interview", sample.interviews[0].id)
    editor = window.editors[sample.interviews[0].id]
    refused: list[int] = []
    editor.panel.acknowledge_recusal = lambda hits: True
    editor.panel.refuse_recusal = lambda hits: refused.append(len(hits))
    refs = editor.inputs["interviewers"]
    assert isinstance(refs, RefsInput)
    refs.check(member.id)
    assert refused == [1] and member.id not in refs.value() and editor.inputs["recusal_exceptions"].value() == []
