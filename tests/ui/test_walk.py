"""A team's work end to end, as a person does it in the window (issue 12, "How it is checked").

From an empty team vault: the first day's steps (round, team, members with the owner as 组长, unit),
two interviews, a lead made from one with 新建并关联, a paper from the lead, signed by the 组长 with
the passphrase in the real dialog, a problem from the paper, a rectification item from the problem;
the 反馈意见 printed from the documents page (its 主要问题 carry the problem, never the 责任指向);
a handoff package exported through the export dialog, imported in the office's window after the
office trusts the team; and there, the whole chain of links from the interview to the rectification.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain.records import Interview, Lead, Paper, Problem, Rectification
from app.domain.vocab import HEADINGS, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED
from app.exchange.package import public_document
from app.services import links
from app.storage.vault import Vault
from app.ui.main_window import MainWindow
from app.ui.packages.import_page import IMPORTED, READY, UNKNOWN_SIGNER
from app.ui.records.editor import RecordEditor
from app.ui.records.signoff_dialogs import PassphraseDialog
from app.ui.tasks import DbExecutor
from tests.conftest import PASSPHRASE
from tests.ui.conftest import enrol, packages
from tests.ui.test_ui_packages import keyfile, run_export

#: Who is to blame, as the working paper names it: internal, never printed for the unit.
BLAME = "王某某负直接责任，李某某负领导责任"
#: The problem's own wording (the interview and the paper say it otherwise): what 主要问题 must carry.
PROBLEM_TEXT = "2023年以来违规发放津补贴共计12.6万元，涉及干部职工43人。"


def new_editor(window: MainWindow, kind: str, before: set[RecordEditor]) -> RecordEditor:
    """The editor that opened since ``before`` (a step's button, 新建并关联)."""
    [editor] = [e for e in window.editors.values() if e not in before and e.spec.name == kind]
    return editor


def fill_and_save(editor: RecordEditor, values: dict[str, Any]) -> str:
    """Type the values into the form and press 保存, as a person does; the saved record's id."""
    for name, value in values.items():
        editor.inputs[name].set_value(value)
    editor.save()
    assert editor.record.id and not editor.dirty, editor.banner.text()
    return editor.record.id


def make_first(window: MainWindow, step: str, values: dict[str, Any]) -> str:
    """A first-day step from the overview's box: its list behind a new record's editor."""
    window.show_page("overview")
    box = window.overview.setup_box
    assert box.step_buttons[step].isDefault(), step  # the box offers the steps in order
    before = set(window.editors.values())
    box.step_buttons[step].click()
    return fill_and_save(new_editor(window, step, before), values)


def new_and_link(window: MainWindow, source: RecordEditor, kind: str) -> RecordEditor:
    """新建并关联 from ``source``'s 关联记录 box: a prefilled editor that links on its first save."""
    actions = {a.data(): a for a in source.links_box.new_menu.actions()}
    before = set(window.editors.values())
    actions[kind].trigger()
    editor = new_editor(window, kind, before)
    assert source.record.label() in editor.status.text()  # the editor says what it will be linked to
    return editor


def type_passphrase_when_asked(passphrase: str, seen: list[str]) -> None:
    """The 组长 types the passphrase into the dialog the 组长签字 button opens, and signs."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(10, answer)
            return
        seen.append(dialog.windowTitle())
        dialog.edit.setText(passphrase)
        dialog.sign_button.click()
    QTimer.singleShot(0, answer)


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return re.sub(r"\s+", "", "".join(page.get_textpage().get_text_range() for page in doc))
    finally:
        doc.close()


def chain_from(vault: Vault, record_id: str, relations: list[str]) -> list[str]:
    """Follow outgoing links of ``relations`` in turn from ``record_id``: the kinds met on the way."""
    kinds, here = [], record_id
    for relation in relations:
        [step] = [v for v in links.links_of(vault, here) if v.outgoing and v.relation == relation]
        kinds.append(step.other_kind)
        here = step.other_id
    return kinds


def test_a_team_works_from_an_empty_vault_to_the_office(qtbot, executor: DbExecutor, make_vault, ui_settings,
                                                       open_window, tmp_path: Path) -> None:
    team_vault = make_vault("team.xcv", owner="测试员")
    executor.set_vault(team_vault)
    window = MainWindow(executor, settings=ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.attach()

    # --- the first day: the steps the overview offers, in order -------------------------------------------
    assert window.overview.setup_box.isVisible()
    round_id = make_first(window, "round", dict(title="十二届县委第五轮巡察", session="十二届", number=5, year=2024,
                          kind="常规", committee="中共某县委员会", feedback_date=dt.date(2024, 7, 15)))
    team_id = make_first(window, "team", dict(name="第三巡察组", number=3, round_id=round_id,
                         office="中共某县委巡察工作领导小组办公室"))
    leader_id = make_first(window, "member", dict(name="测试员", role="组长", team_id=team_id))  # the owner
    member_id = fill_and_save(open_new(window, "member"), dict(name="李组员", role="组员", team_id=team_id))
    unit_id = make_first(window, "unit", dict(name="某县测试局党组", round_id=round_id, team_id=team_id))
    window.show_page("overview")
    assert window.overview.setup_box.isHidden()  # set up: the box has done its work

    # --- two interviews ----------------------------------------------------------------------------------
    talks = []
    for n, (who, said) in enumerate((("周局长", "反映局机关违规发放津补贴。"), ("吴书记", "反映公务接待管理不规范。"))):
        editor = open_new(window, "interview")
        fill_and_save(editor, dict(number=f"T-00{n + 1}", unit_id=unit_id, team_id=team_id, interviewee=who,
                      time=dt.datetime(2024, 4, 8 + n, 9, 30), kind="个别谈话", place="谈话室",
                      interviewers=[leader_id, member_id], recorders=[member_id], summary=said, content=said))
        talks.append(editor)
    assert team_vault.records.count("interview") == 2

    # --- a lead from the first interview, a paper from the lead -----------------------------------------------
    lead_editor = new_and_link(window, talks[0], "lead")
    assert lead_editor.inputs["unit_id"].value() == unit_id and lead_editor.inputs["source"].value() == "个别谈话"
    lead_id = fill_and_save(lead_editor, dict(subject_name="钱处长", subject_post="办公室主任"))
    paper_editor = new_and_link(window, lead_editor, "paper")
    assert paper_editor.inputs["unit_id"].value() == unit_id
    assert "违规发放津补贴" in paper_editor.inputs["facts"].value()  # drawn from the lead
    paper_id = fill_and_save(paper_editor, dict(title="违规发放津补贴", heading=HEADINGS[1],
                             characterisation="违反中央八项规定精神。", responsibility=BLAME))
    panel = paper_editor.panel
    assert panel.paper_state() == PAPER_DRAFT
    panel.number_button.click()  # the next number in sequence for the team in its round
    assert paper_editor.inputs["number"].value() == "〔2024〕5巡-3组-01号"
    paper_editor.inputs["review_opinion"].set_value("事实清楚，定性准确，同意。")
    panel.state_buttons[PAPER_REVIEW].click()
    assert panel.paper_state() == PAPER_REVIEW, paper_editor.banner.text()

    # --- signed by the 组长 with the passphrase, in the dialog the button opens ----------------------------
    sign = panel.state_buttons[PAPER_SIGNED]
    assert sign.isEnabled(), sign.toolTip()
    seen: list[str] = []
    type_passphrase_when_asked(PASSPHRASE, seen)
    sign.click()
    assert seen == ["组长签字"]
    stored = team_vault.records.get(paper_id, Paper)
    assert (stored.state, stored.signed_by) == (PAPER_SIGNED, "测试员"), paper_editor.banner.text()
    assert team_vault.journal.entries(limit=1)[0].action == "sign-paper"

    # --- a problem from the paper, a rectification item from the problem ---------------------------------
    problem_editor = new_and_link(window, paper_editor, "problem")
    assert problem_editor.inputs["description"].value() == stored.facts
    assert not problem_editor.inputs["responsibility"].value()  # the paper's 责任指向 stays in the paper
    problem_id = fill_and_save(problem_editor, dict(description=PROBLEM_TEXT, seq=1))
    rect_editor = new_and_link(window, problem_editor, "rectification")
    assert rect_editor.inputs["problem_id"].value() == problem_id
    rect_id = fill_and_save(rect_editor, dict(measures="全面清理违规发放的津补贴，限期退还。",
                            deadline=dt.date(2024, 10, 31), responsible_dept="局办公室"))

    # --- the 反馈意见, printed from the documents page ------------------------------------------------------
    window.show_page("reports")
    reports = window.reports_page
    reports.ensure_loaded()
    reports.set_document("feedback")
    assert reports.select_subject(unit_id), "the unit made today is offered"
    reports.generate()
    assert reports.result is not None, reports.status.text()
    text = pdf_text(reports.result.data)
    assert re.sub(r"\s+", "", PROBLEM_TEXT) in text  # the problem's own text under 主要问题
    assert "王某某" not in text and "李某某" not in text  # 责任指向 never prints
    assert "第五轮巡察第三巡察组" in text  # signed by the real team

    # --- a handoff package to the office, through the export dialog -----------------------------------------
    office = make_vault("office.xcv", role="office", owner="巡察办")
    enrol(team_vault, office)  # the team trusts the office's keys (its keys file, as the keys page does)
    target = tmp_path / "usb" / "handoff.xcp"
    target.parent.mkdir()
    dialog = run_export(packages(window), "handoff", [public_document(office)["signing_fingerprint"]], target)
    assert dialog.exported is not None and target.is_file(), dialog.run_status.text()
    dialog.close_button.click()

    # --- imported at the office, which trusts the team's keys first -------------------------------------------
    office_window = open_window(office)
    panel_in = packages(office_window).import_panel
    panel_in.choose_files = lambda: [str(target)]
    panel_in.choose_button.click()
    assert panel_in.model.item(0).state == UNKNOWN_SIGNER
    team_fpr = public_document(team_vault)["fingerprint"]
    panel_in.view.selectRow(0)
    panel_in.enroller.choose_file = lambda: str(keyfile(team_vault, tmp_path / "team.json"))
    panel_in.enroller.confirm = lambda key, expected, previous: team_fpr
    panel_in.trust_button.click()
    assert panel_in.model.item(0).state == READY, panel_in.model.item(0).message
    panel_in.import_button.click()
    assert panel_in.model.item(0).state == IMPORTED, panel_in.report.text()

    # --- the chain, found in the office's vault and in its window ----------------------------------------------
    interview_id = talks[0].record.id
    assert chain_from(office, interview_id, ["引出线索", "形成底稿", "形成问题", "整改事项"]) == [
        "lead", "paper", "problem", "rectification"]
    assert isinstance(office.records.get(interview_id), Interview)
    assert isinstance(office.records.get(lead_id), Lead)
    assert office.records.get(paper_id, Paper).signed_by == "测试员"
    assert isinstance(office.records.get(problem_id), Problem)
    assert office.records.get(rect_id, Rectification).problem_id == problem_id
    office_window.open_record("paper", paper_id)
    seen_from_paper = [office_window.editors[paper_id].links.item(i).text()
                       for i in range(office_window.editors[paper_id].links.count())]
    assert sorted(seen_from_paper) == sorted(["来源线索 · 问题线索：钱处长", f"形成问题 · 反馈问题：{stored.title}"])


def open_new(window: MainWindow, kind: str) -> RecordEditor:
    before = set(window.editors.values())
    window.open_record(kind, "")
    return new_editor(window, kind, before)
