"""The office's pages (issue 13): 规划 and 部署 appear in office vaults only, show readiness and
conflicts with their reasons, deploy the ready teams with progress and cancel, propose and import a
分工方案; every new model passes Qt's model tester.

The office vault made here has one round of three teams, each with a laptop vault of its own:
第一巡察组 is ready (its soft conflict, over capacity, acknowledged in the unit's assignment_notes);
第二巡察组 has no 组长授权文号, a member who has not signed the 保密承诺书, and a 交叉 unit in its own
home county (a hard conflict); 第三巡察组 has no key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.records import Member, Person, Round, Team, Unit
from app.exchange.package import public_document
from app.exchange.package.keys import load_key_file
from app.exchange.xlsx.plan_sheet import PlanRow, write_plan_sheet
from app.services.deploy import TeamReadiness, trust_team_key
from app.services.round_views import DeployTeam, PlanUnit, UnitConflict
from app.storage.vault import Vault
from app.ui.main_window import NAVIGATION, MainWindow
from app.ui.office.deploy_page import DeployPage
from app.ui.office.models import (
    HARD_COLOUR,
    NOT_READY_MARK,
    READY_MARK,
    DeployTeamsModel,
    PlanFilter,
    PlanUnitsModel,
    SortedTeams,
)
from app.ui.office.plan_page import PlanPage
from app.ui.tasks import Op

ROUND = "十二届市委第五轮巡察"
#: The navigation of a team vault, as it was before the office's pages.
TEAM_NAVIGATION = ["概览", "谈话记录", "信访登记", "问题线索", "调阅资料", "问题底稿", "反馈问题与整改", "移交", "人员",
                   "检索", "交接包", "文书与台账", "冲突"]


@dataclass
class Office:
    vault: Vault
    round_id: str
    teams: dict[str, str]  # name -> id
    hard_unit: str  # the 交叉 unit in 第二巡察组's home county


def make_office(make_vault: Callable[..., Vault]) -> Office:
    office = make_vault("office.xcv", role="office", owner="市委巡察办")
    rec = office.records
    rnd = rec.save(Round(title=ROUND, kind="常规", authorisation="市巡领字〔2024〕5号", start_date=dt.date(2024, 3, 1)))
    teams: dict[str, str] = {}
    hard_unit = ""
    for number, name in enumerate(("第一巡察组", "第二巡察组", "第三巡察组"), start=1):
        team = rec.save(Team(name=name, round_id=rnd.id, number=number, home_jurisdiction=f"{'甲乙丙'[number - 1]}县",
                             leader_authorisation="" if number == 2 else f"授权〔2024〕{number}号",
                             capacity=1 if number == 1 else None))
        teams[name] = team.id
        for role in ("组长", "组员"):
            signed = (number, role) != (2, "组员")
            rec.save(Member(name=f"{name}{role}", team_id=team.id, role=role, pledge_signed=signed,
                            recusal_signed=True))
        if number == 1:  # two units over a capacity of one: soft, acknowledged
            note = {"member": "", "conflict": "超出承担上限", "confirmed_by": "市委巡察办主任",
                    "confirmed_at": "2024-03-01"}
            for k in (1, 2):
                rec.save(Unit(name=f"丁县单位{k}", round_id=rnd.id, team_id=team.id, jurisdiction="丁县", mode="本级",
                              unit_level="县直", assignment_notes=[note]))
        elif number == 2:  # 交叉 in its own home county: hard
            unit = rec.save(Unit(name="乙县财政局党组", round_id=rnd.id, team_id=team.id, jurisdiction="乙县",
                                 mode="交叉", unit_level="县直", cross_authorisation="乙县委〔2024〕1号"))
            hard_unit = unit.id
            rec.save(Person(name="乙县人员", unit_id=unit.id))
        else:
            rec.save(Unit(name="戊县单位", round_id=rnd.id, team_id=team.id, jurisdiction="戊县", mode="本级",
                          unit_level="县直"))
        if number != 3:
            laptop = make_vault(f"team{number}.xcv", role="team", owner=name)
            keys = json.dumps(public_document(laptop), ensure_ascii=False).encode()
            trust_team_key(office, load_key_file(keys), team.id)
    return Office(office, rnd.id, teams, hard_unit)


@pytest.fixture
def office(make_vault: Callable[..., Vault]) -> Office:
    return make_office(make_vault)


@pytest.fixture
def office_window(open_window: Callable[[Vault], MainWindow], office: Office) -> MainWindow:
    return open_window(office.vault)


def visible_navigation(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count()) if not window.nav.item(row).isHidden()]


def deploy_page(window: MainWindow) -> DeployPage:
    window.show_page("deploy")
    page = window.deploy_page
    assert page.loaded
    return page


def teams_shown(page: DeployPage) -> dict[str, DeployTeam]:
    return {t.readiness.name: t for t in page.model.rows()}


def cell(model: DeployTeamsModel | PlanUnitsModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):
    return model.index(row, column).data(role)


# --- the navigation -------------------------------------------------------------------------------------


def test_a_team_vault_has_its_navigation_as_before_and_an_office_vault_adds_plan_and_deploy(
        window: MainWindow, open_window: Callable[[Vault], MainWindow], office: Office) -> None:
    assert visible_navigation(window) == TEAM_NAVIGATION  # no 规划, 部署 nor any other new entry
    assert {e.key for e in NAVIGATION if e.office_only} == {"plan", "deploy", "summary", "supervision"}
    assert not window.office and not window.plan_page.loaded and not window.deploy_page.loaded

    office_window = open_window(office.vault)
    shown = visible_navigation(office_window)
    office_labels = [e.label for e in NAVIGATION if e.office_only]
    assert "规划" in shown and "部署" in shown and "汇总" in shown
    assert [t for t in shown if t not in office_labels] == TEAM_NAVIGATION
    assert office_window.office

    office_window.show_page("deploy")
    office_window.clear_for_lock()  # locking hides the office's entries and empties the pages
    assert visible_navigation(office_window) == TEAM_NAVIGATION
    assert office_window.deploy_page.model.rowCount() == 0 and not office_window.deploy_page.loaded


# --- 部署 -----------------------------------------------------------------------------------------------


def test_the_deploy_page_shows_each_team_ready_or_not_with_every_reason(office_window: MainWindow) -> None:
    page = deploy_page(office_window)
    teams = teams_shown(page)
    assert list(teams) == ["第一巡察组", "第二巡察组", "第三巡察组"]
    assert teams["第一巡察组"].readiness.ready
    assert teams["第一巡察组"].soft_open == 0 and teams["第一巡察组"].hard == 0
    second = teams["第二巡察组"].readiness.reasons
    assert "缺少组长授权文号（一次一授权）" in second and "成员第二巡察组组员未签保密承诺书" in second
    assert any("有回避冲突（own_jurisdiction）" in r for r in second)
    assert teams["第二巡察组"].pledges == 1 and teams["第二巡察组"].hard == 1
    assert teams["第三巡察组"].readiness.reasons == ("未登记部署包接收密钥（用 trust --team 信任该组的公钥文件）",)

    model = page.model
    marks = {cell(model, r, DeployTeamsModel.NAME): cell(model, r, DeployTeamsModel.READY) for r in range(3)}
    assert marks == {"第一巡察组": READY_MARK, "第二巡察组": NOT_READY_MARK, "第三巡察组": NOT_READY_MARK}
    row = model.row_of(teams["第二巡察组"].readiness.team_id)
    assert row is not None
    assert "缺少组长授权文号" in cell(model, row, DeployTeamsModel.REASONS)
    tip = cell(model, row, DeployTeamsModel.READY, Qt.ItemDataRole.ToolTipRole)
    assert all(reason in tip for reason in second)
    assert cell(model, row, 6) == "1/2 已签"
    assert cell(model, model.row_of(teams["第三巡察组"].readiness.team_id), DeployTeamsModel.KEY) == "无"
    assert "已就绪 1 个，未就绪 2 个" in page.summary.text()
    # The first team not ready is selected, its reasons in full below the table.
    assert page.selected_team() is not None and page.selected_team().readiness.name == "第二巡察组"
    assert all(reason in page.detail.toPlainText() for reason in second)


def test_generating_the_ready_teams_packages_writes_them_with_progress_to_the_end(
        office_window: MainWindow, office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = deploy_page(office_window)
    out = tmp_path / "部署包"
    out.mkdir()
    asked: list[tuple[list[str], int]] = []
    monkeypatch.setattr(page, "choose_folder", lambda: str(out))

    monkeypatch.setattr(page, "confirm_ready_only", lambda blocked, ready: asked.append(
        ([t.name for t in blocked], ready)) or False)
    assert page.start_deploy() is None  # declined: nothing made
    assert asked == [(["第二巡察组", "第三巡察组"], 1)] and list(out.iterdir()) == []

    monkeypatch.setattr(page, "confirm_ready_only", lambda blocked, ready: True)
    progress: list[tuple[int, int]] = []
    shown = page._progressed
    monkeypatch.setattr(page, "_progressed", lambda done, total: (progress.append((done, total)), shown(done, total)))
    op = page.start_deploy()
    assert op is not None and op.error is None
    [package] = list(out.iterdir())
    assert package.suffix == ".xcp" and "第一巡察组" in package.name
    assert progress[-1] == (1, 1) and page.progress.value() == page.progress.maximum() == 1
    assert "已生成 1 个部署包" in page.result.text() and str(out) in page.result.text()
    assert "第二巡察组、第三巡察组" in page.result.text()
    assert page.outcome is not None and [t.name for t, _ in page.outcome.made] == ["第一巡察组"]
    # The table is read again: the team's last deployment is the package just made.
    first = teams_shown(page)["第一巡察组"].readiness
    assert first.last_seq == page.outcome.made[0][1].seq
    assert page.deploy_button.isEnabled() and page.cancel_button.isHidden()


def test_cancelling_a_deployment_leaves_no_package(office_window: MainWindow, office: Office, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    page = deploy_page(office_window)
    out = tmp_path / "d"
    out.mkdir()
    monkeypatch.setattr(page, "choose_folder", lambda: str(out))
    monkeypatch.setattr(page, "confirm_ready_only", lambda blocked, ready: True)
    monkeypatch.setattr(page, "_progressed", lambda done, total: page.cancel_deploy())  # cancel at the first report
    ledger = office.vault.keys.packages("out")
    op = page.start_deploy()
    assert op is not None and op.done and op.error is not None
    assert list(out.iterdir()) == [] and office.vault.keys.packages("out") == ledger
    assert page.result.text() == "已取消，未生成任何部署包。"
    assert page.outcome is None and page.deploy_button.isEnabled()


def test_no_team_ready_makes_nothing_and_says_why(office_window: MainWindow, office: Office,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    page = deploy_page(office_window)
    first = office.vault.records.get(office.teams["第一巡察组"], Team)
    Op(page, lambda task: task.vault.records.save(dataclasses.replace(first, key_fingerprint="")),
       executor=office_window.executor).start()  # a write through the executor: the page follows it
    assert not page.loaded  # not on screen: read again when next shown
    page.ensure_loaded()
    assert not teams_shown(page)["第一巡察组"].readiness.ready
    monkeypatch.setattr(page, "choose_folder", lambda: pytest.fail("no folder is asked for"))
    assert page.start_deploy() is None
    assert "没有已就绪的巡察组" in page.result.text() and "第三巡察组：未登记部署包接收密钥" in page.result.text()


# --- 规划 -----------------------------------------------------------------------------------------------


def plan_page(window: MainWindow) -> PlanPage:
    window.show_page("plan")
    page = window.plan_page
    assert page.loaded
    return page


def test_the_plan_page_lists_units_with_their_conflicts_and_reasons(office_window: MainWindow, office: Office) -> None:
    page = plan_page(office_window)
    assert page.summary.text().startswith("单位：4 / 已分配：4 / 交叉巡察：1 / 硬冲突：1 / 软冲突：2（未确认 0）")
    model = page.model
    row = model.row_of(office.hard_unit)
    assert row is not None
    text = cell(model, row, PlanUnitsModel.CONFLICTS)
    assert text.startswith("硬冲突·派出地区回避：") and "乙县" in text
    assert cell(model, row, PlanUnitsModel.CONFLICTS, Qt.ItemDataRole.ForegroundRole).color().name() == HARD_COLOUR
    assert [cell(model, row, c) for c in range(5)] == ["乙县财政局党组", "县直", "乙县", "交叉", "第二巡察组"]
    soft = [cell(model, r, PlanUnitsModel.CONFLICTS) for r in range(4) if cell(model, r, 0).startswith("丁县")]
    assert len(soft) == 2 and all(t.startswith("软冲突·超出承担上限（已确认）：") for t in soft)
    # Conflicts first (the view sorts on them), the hard one on top, selected with its reasons below.
    assert page.proxy.unit(0) is not None and page.proxy.unit(0).unit_id == office.hard_unit
    assert "硬冲突·派出地区回避" in page.detail.toPlainText()

    page.conflicts_only.setChecked(True)
    assert page.proxy.rowCount() == 3 and page.count_label.text() == "显示 3 / 4"
    page.team_box.setCurrentIndex(page.team_box.findData("第三巡察组"))
    assert page.proxy.rowCount() == 0
    page.conflicts_only.setChecked(False)
    assert page.proxy.rowCount() == 1
    page.team_box.setCurrentIndex(0)
    page.mode_box.setCurrentIndex(page.mode_box.findData("交叉"))
    assert page.proxy.rowCount() == 1 and page.proxy.unit(0).unit_id == office.hard_unit
    page.mode_box.setCurrentIndex(0)
    page.filter_edit.setText("戊县")
    assert page.proxy.rowCount() == 1

    assert page.check() is not None
    assert "检查完成" in page.result.text() and "硬冲突：1" in page.result.text()


def test_a_hard_conflict_in_a_sheet_is_refused_with_its_reason_and_nothing_written(
        office_window: MainWindow, office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = plan_page(office_window)
    sheet = tmp_path / "方案.xlsx"
    write_plan_sheet(sheet, ROUND, [PlanRow(office.hard_unit, "乙县财政局党组", "", "乙县", "交叉", "第二巡察组")])
    digest = office.vault.records.content_digest()
    monkeypatch.setattr(page, "ask_ack", lambda reasons: pytest.fail("a hard conflict is never acknowledged"))
    monkeypatch.setattr(page, "choose_plan_file", lambda: str(sheet))
    op = page.accept_file()
    assert op is not None and op.error is not None
    text = page.result.text()
    assert text.startswith("未导入分工方案，保密库未作任何改动") and "硬冲突" in text
    assert "乙县财政局党组—第二巡察组：" in text
    assert office.vault.records.content_digest() == digest


def test_proposing_saves_a_sheet_and_importing_it_asks_to_acknowledge_soft_conflicts(
        office_window: MainWindow, office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office_window.show()  # on screen: the page reads the round again as soon as the import has written
    page = plan_page(office_window)
    sheet = tmp_path / "分工方案.xlsx"
    suggested: list[str] = []
    monkeypatch.setattr(page, "choose_save_path", lambda name: suggested.append(name) or str(sheet))
    digest = office.vault.records.content_digest()
    assert page.propose() is not None
    assert sheet.exists() and suggested == [f"分工方案-{ROUND}.xlsx"]
    assert page.result.text().startswith(f"已写出分工方案：{sheet}")
    assert page.proposal is not None and not page.proposal.unplaced
    assert office.vault.records.content_digest() == digest  # a proposal writes nothing to the vault
    assert page.propose_button.isEnabled()

    # 第一巡察组 holds at most one unit: the proposal gives it one, so the sheet has no soft conflict
    # unless the helper needs it; a soft conflict is made here by assigning both 丁县 units to it.
    rows = [PlanRow(u.unit_id, u.name, "", u.jurisdiction, "本级" if u.unit_id != office.hard_unit else "交叉",
                    {"丁县单位1": "第一巡察组", "丁县单位2": "第一巡察组", "乙县财政局党组": "第一巡察组",
                     "戊县单位": "第三巡察组"}[u.name]) for u in page.model.rows()]
    soft_sheet = tmp_path / "软冲突.xlsx"
    write_plan_sheet(soft_sheet, ROUND, rows)
    asked: list[str] = []
    monkeypatch.setattr(page, "choose_plan_file", lambda: str(soft_sheet))
    monkeypatch.setattr(page, "ask_ack", lambda reasons: asked.append(reasons) or "")
    page.accept_file()
    assert len(asked) == 1 and "第一巡察组本轮承担单位上限1个，现为3个" in asked[0] and "--ack" not in asked[0]
    assert "软冲突未确认" in page.result.text() and office.vault.records.content_digest() == digest

    monkeypatch.setattr(page, "ask_ack", lambda reasons: "组织部门已审核")
    page.accept_file()
    assert page.result.text().startswith("已导入分工方案：4 行")
    hard_unit = office.vault.records.get(office.hard_unit, Unit)
    assert hard_unit.team_id == office.teams["第一巡察组"]
    assert any("组织部门已审核" in n["confirmed_by"] for n in hard_unit.assignment_notes)
    # The page follows the write (records_changed): no hard conflict left, the three soft ones acknowledged.
    assert page.isVisible() and page.loaded
    assert page.view_data is not None and page.view_data.hard == 0 and page.view_data.soft_open == 0
    assert "硬冲突：0" in page.summary.text()


# --- the models -------------------------------------------------------------------------------------------


def test_the_new_models_pass_qt_s_model_tester(qtmodeltester) -> None:
    units = [PlanUnit("u1", "甲局<b>", "县直", "甲县", "交叉", "t1", "第一巡察组",
                      (UnitConflict("own_jurisdiction", "派出地区回避", "", "甲县派第一巡察组交叉巡察甲县", True),)),
             PlanUnit("u2", "乙局", "", "乙县", "本级", "", "", ()),
             PlanUnit("u3", "丙局", "乡镇", "丙县", "本级", "t1", "第一巡察组",
                      (UnitConflict("over_capacity", "超出承担上限", "", "上限1个，现为2个", False, True),))]
    plan = PlanUnitsModel()
    plan.set_rows(units)
    qtmodeltester.check(plan)
    proxy = PlanFilter()
    proxy.setSourceModel(plan)
    proxy.sort(PlanUnitsModel.CONFLICTS, Qt.SortOrder.DescendingOrder)
    proxy.set_filter(conflicts_only=True)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2 and proxy.unit(0) is not None and proxy.unit(0).unit_id == "u1"

    teams = DeployTeamsModel()
    teams.set_rows([
        DeployTeam(TeamReadiness("t1", "第一巡察组", 1, 2, 3, "ab" * 32, "授权1号", (), 4), 3, 3, 0, 0),
        DeployTeam(TeamReadiness("t2", "第二<i>组", None, 0, 0, "", "", ("缺少组长授权文号（一次一授权）",), None),
                   0, 0, 1, 2),
    ])
    qtmodeltester.check(teams)
    sorted_teams = SortedTeams()
    sorted_teams.setSourceModel(teams)
    sorted_teams.sort(DeployTeamsModel.READY, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(sorted_teams)
    assert sorted_teams.team(0) is not None and sorted_teams.team(0).readiness.team_id == "t2"
    assert teams.index(0, DeployTeamsModel.KEY).data() == "abab abab abab abab…"
    assert teams.index(1, 8).data() == "硬 1 / 未确认 2" and teams.index(1, 9).data() == "未部署"
