"""Planning a round on an office vault: ``plan --check/--propose/--accept`` and the service beneath
(app/services/planning.py, app/exchange/xlsx/plan_sheet.py)."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.clock import uuid7
from app.domain.records import Member, Person, Round, Team, Unit
from app.exchange.xlsx.plan_sheet import PlanRow, write_plan_sheet
from app.services import planning
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

TITLE = "十二届市委第五轮巡察"


def build(vault: Vault) -> dict[str, str]:
    """An earlier round (第四轮: 第一巡察组 led by K1 inspected ORG-EDU) and the current one:
    第一巡察组 from A县 (组长 张三 K1, 李四 from B县 who declared 王五 at C县财政局), 第二巡察组 from
    B县 (组长 赵六 K2, who worked at D县教育局 until 2022); four units."""
    old = Round(id=uuid7(), title="十二届市委第四轮巡察", kind="常规", year=2023, number=4)
    rnd = Round(id=uuid7(), title=TITLE, kind="常规", year=2024, number=5)
    old_team = Team(id=uuid7(), name="第一巡察组", round_id=old.id, number=1, home_jurisdiction="E县")
    t1 = Team(id=uuid7(), name="第一巡察组", round_id=rnd.id, number=1, home_jurisdiction="A县", capacity=3)
    t2 = Team(id=uuid7(), name="第二巡察组", round_id=rnd.id, number=2, home_jurisdiction="B县", capacity=3)
    members = [
        Member(id=uuid7(), name="张三", team_id=old_team.id, role="组长", staff_key="K1"),
        Member(id=uuid7(), name="张三", team_id=t1.id, role="组长", staff_key="K1", home_jurisdiction="A县"),
        Member(id=uuid7(), name="李四", team_id=t1.id, role="组员", home_jurisdiction="B县",
               recusals=[{"person": "王五", "unit": "C县财政局", "post": "科员", "relation": "夫妻",
                          "kind": "亲属回避"}]),
        Member(id=uuid7(), name="赵六", team_id=t2.id, role="组长", staff_key="K2", home_jurisdiction="B县",
               past_posts=[{"unit": "D县教育局", "region": "", "from_year": "2018", "to_year": "2022"}]),
    ]
    old_unit = Unit(id=uuid7(), name="F县教育局党组", round_id=old.id, team_id=old_team.id, org_key="ORG-EDU",
                    jurisdiction="F县")
    units = {
        "cross_a": Unit(id=uuid7(), name="A县教育局党组", round_id=rnd.id, jurisdiction="A县", mode="交叉"),
        "finance_c": Unit(id=uuid7(), name="C县财政局党组", round_id=rnd.id, jurisdiction="C县", mode="本级"),
        "edu_d": Unit(id=uuid7(), name="D县教育局党组", round_id=rnd.id, jurisdiction="D县", mode="本级"),
        "edu_f": Unit(id=uuid7(), name="F县教育局党组", round_id=rnd.id, jurisdiction="F县", mode="本级",
                      org_key="ORG-EDU"),
    }
    people = [Person(id=uuid7(), name="王五", unit_id=units["finance_c"].id),
              Person(id=uuid7(), name="钱七", unit_id=units["edu_d"].id)]
    vault.records.save_many([old, rnd, old_team, t1, t2, *members, old_unit, *units.values(), *people])
    return {"t1": t1.id, "t2": t2.id, "round": rnd.id, **{k: u.id for k, u in units.items()}}


@pytest.fixture
def office(make_vault: Callable[..., Vault], monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    vault = make_vault("office.xcv", role="office", owner="市委巡察办")
    ids = build(vault)
    path = Path(vault.path)
    vault.close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    return path, ids


def assign(path: Path, pairs: dict[str, str | None]) -> None:
    with Vault.open(path, PASSPHRASE) as vault:
        vault.records.save_many([
            Unit(**{**vars(vault.records.get(uid, Unit)), "team_id": tid}) for uid, tid in pairs.items()])


def digest(path: Path) -> tuple[str, int]:
    with Vault.open(path, PASSPHRASE) as vault:
        return vault.records.content_digest(), len(vault.journal.entries(limit=100_000))


def test_check_lists_every_conflict_and_exits_1_on_a_hard_one(office: tuple[Path, dict[str, str]],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = office
    assign(path, {ids["cross_a"]: ids["t1"], ids["finance_c"]: ids["t1"], ids["edu_d"]: ids["t2"]})
    assert main(["plan", str(path), "--round", TITLE, "--check"]) == 1
    text = capsys.readouterr().out
    assert "单位：4 / 已分配：3 / 交叉巡察：1 / 硬冲突：4" in text
    assert "第一巡察组派出地区为A县" in text and "李四（组员）申报回避的王五" in text
    assert "赵六（组长）2018—2022年曾任职于D县教育局" in text
    assign(path, {ids["cross_a"]: ids["t2"], ids["finance_c"]: ids["t2"], ids["edu_d"]: ids["t1"],
                  ids["edu_f"]: ids["t2"]})
    assert main(["plan", str(path), "--round", TITLE, "--check"]) == 0
    assert "硬冲突：0 / 软冲突：0" in capsys.readouterr().out


def test_propose_writes_a_sheet_and_nothing_else_then_accept_writes_it(
        office: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = office
    before = digest(path)
    sheet = tmp_path / "分工方案.xlsx"
    assert main(["plan", str(path), "--round", TITLE, "--propose", "--out", str(sheet)]) == 0
    text = capsys.readouterr().out
    assert "单位：4 / 已分配：4 / 未分配：0 / 分工方案中的硬冲突：0" in text
    assert "\n排除\t" in text and "申报回避的王五" in text  # what the rules excluded, with the reason
    assert "原分工的冲突" not in text  # nothing was assigned before
    assert digest(path) == before  # proposing writes nothing
    rows = {r[1]: r for r in load_workbook(sheet).active.iter_rows(min_row=3, values_only=True)}
    assert rows["A县教育局党组"][5] == "第二巡察组" and rows["C县财政局党组"][5] == "第二巡察组"
    assert rows["D县教育局党组"][5] == "第一巡察组"
    assert rows["A县教育局党组"][7] in (None, "")  # 原分工的冲突: nothing assigned before
    assert "第一巡察组" in rows["A县教育局党组"][8]  # excluded, with its reason
    # Refuses to overwrite; then accepts the proposal.
    assert main(["plan", str(path), "--round", TITLE, "--propose", "--out", str(sheet)]) == 1
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(sheet)]) == 0
    with Vault.open(path, PASSPHRASE) as vault:
        teams = {u.name: u.team_id for u in vault.records.iter(Unit, where={"round_id": ids["round"]})}
        assert teams["A县教育局党组"] == ids["t2"] and teams["D县教育局党组"] == ids["t1"]
        entry = vault.journal.entries(limit=5)[0]
        assert entry.action == "plan-accept" and entry.detail["changed"] == 4
    assert main(["plan", str(path), "--round", TITLE, "--check"]) == 0


def test_accept_refuses_a_hard_conflict_and_leaves_the_vault_as_it_was(
        office: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = office
    sheet = tmp_path / "改过的方案.xlsx"
    write_plan_sheet(sheet, TITLE, [
        PlanRow(ids["cross_a"], "A县教育局党组", "", "A县", "交叉", "第一巡察组"),  # the team's own county
        PlanRow(ids["edu_d"], "D县教育局党组", "", "D县", "本级", "第一巡察组"),
    ])
    before = digest(path)
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(sheet), "--ack", "已审核"]) == 1
    err = capsys.readouterr().err
    assert "硬冲突" in err and "第一巡察组派出地区为A县" in err and "Traceback" not in err
    assert digest(path) == before


def test_a_soft_conflict_needs_ack_and_is_recorded(office: tuple[Path, dict[str, str]], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = office
    sheet = tmp_path / "方案.xlsx"
    # 张三 (K1) led 第一巡察组 on ORG-EDU last round: same_leader_again.
    write_plan_sheet(sheet, TITLE, [PlanRow(ids["edu_f"], "F县教育局党组", "ORG-EDU", "F县", "本级", "第一巡察组")])
    before = digest(path)
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(sheet)]) == 1
    assert "软冲突须经确认" in capsys.readouterr().err and digest(path) == before
    ack = ["--ack", "组织部门已审核"]
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(sheet), *ack]) == 0
    with Vault.open(path, PASSPHRASE) as vault:
        unit = vault.records.get(ids["edu_f"], Unit)
        assert unit.team_id == ids["t1"]
        (note,) = unit.assignment_notes
        assert note["member"] == "张三" and "组长连续带队" in note["conflict"]
        assert "组织部门已审核" in note["confirmed_by"] and "市委巡察办" in note["confirmed_by"]
        assert note["confirmed_at"]
    # The same acceptance again adds no second note.
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(sheet), *ack]) == 0
    with Vault.open(path, PASSPHRASE) as vault:
        assert len(vault.records.get(ids["edu_f"], Unit).assignment_notes) == 1
    assert main(["plan", str(path), "--round", TITLE, "--check"]) == 0  # soft only: exit 0


def test_accept_refuses_unknown_units_teams_and_modes(office: tuple[Path, dict[str, str]], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = office
    sheet = tmp_path / "错表.xlsx"
    write_plan_sheet(sheet, TITLE, [
        PlanRow("", "不存在的单位党组", "", "", "本级", "第一巡察组"),
        PlanRow(ids["edu_d"], "D县教育局党组", "", "", "本级", "第九巡察组"),
        PlanRow(ids["edu_f"], "F县教育局党组", "", "", "随便", "第二巡察组"),
    ])
    before = digest(path)
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(sheet), "--ack", "x"]) == 1
    err = capsys.readouterr().err
    assert "不存在的单位党组" in err and "第九巡察组" in err and "随便" in err
    assert digest(path) == before


def test_hostile_sheets_are_refused_before_the_vault_is_opened(office: tuple[Path, dict[str, str]], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = office
    before = digest(path)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("单位,巡察组\nA,B\n", encoding="utf-8")
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(fake)]) == 1
    assert "CSV" in capsys.readouterr().err
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>')
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(bomb)]) == 1
    assert "实体声明" in capsys.readouterr().err
    formula = tmp_path / "formula.xlsx"
    write_plan_sheet(formula, TITLE, [PlanRow("", "A县教育局党组", "", "", "交叉", "第二巡察组")])
    wb = load_workbook(formula)
    wb.active["F3"] = '=HYPERLINK("x","第二巡察组")'
    wb.save(formula)
    assert main(["plan", str(path), "--round", TITLE, "--accept", str(formula)]) == 1
    assert "公式" in capsys.readouterr().err
    assert digest(path) == before


def test_a_formula_like_name_is_written_as_text(tmp_path: Path) -> None:
    sheet = tmp_path / "s.xlsx"
    write_plan_sheet(sheet, TITLE, [PlanRow("id", "=1+1", "", "", "本级", "@x")])
    cells = list(load_workbook(sheet).active.iter_rows(min_row=3))[0]
    assert cells[1].value == "=1+1" and cells[1].data_type == "s" and cells[5].data_type == "s"


def test_unknown_round_is_one_line(office: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = office
    assert main(["plan", str(path), "--round", "没有这轮", "--check"]) == 1
    err = capsys.readouterr().err
    assert "没有这个巡察轮次" in err and "十二届市委第五轮巡察" in err  # the rounds there are, listed


def test_editor_warnings(office: tuple[Path, dict[str, str]]) -> None:
    path, ids = office
    with Vault.open(path, PASSPHRASE) as vault:
        unit = vault.records.get(ids["cross_a"], Unit)
        assert planning.editor_warnings(vault, unit) == []
        moved = Unit(**{**vars(unit), "team_id": ids["t1"]})
        warnings = planning.editor_warnings(vault, moved)
        assert [w.split("：")[0] for w in warnings] == ["派出地区回避", "籍贯/原任职地回避"]
        assert "张三（组长）籍贯/原任职地为A县" in warnings[1]
        assign_to = Unit(**{**vars(vault.records.get(ids["finance_c"], Unit)), "team_id": ids["t2"]})
        vault.records.save(assign_to)
        member = next(m for m in vault.records.iter(Member) if m.name == "赵六")
        declared = Member(**{**vars(member), "recusals": [{"person": "王五", "unit": "", "relation": "同学"}]})
        (warning,) = planning.editor_warnings(vault, declared)
        assert warning.startswith("C县财政局党组：") and "赵六" in warning and "王五" in warning
        assert planning.editor_warnings(vault, member) == []


def test_history_reads_the_last_leader_and_cross_pairs(office: tuple[Path, dict[str, str]]) -> None:
    path, ids = office
    with Vault.open(path, PASSPHRASE) as vault:
        rnd = vault.records.get(ids["round"], Round)
        found = planning.history(vault, rnd)
        assert dict(found.leaders) == {"ORG-EDU": "K1"} and found.cross_pairs == frozenset()
        data = planning.load_round(vault, rnd)
        assert data.input.settings.past_post_years == 5 and data.input.settings.year == 2024
        assert dt.date.today().year >= 2024


def test_store_values_reads_the_same_as_the_records(office: tuple[Path, dict[str, str]]) -> None:
    path, ids = office
    with Vault.open(path, PASSPHRASE) as vault:
        people = sorted((p.id, p.unit_id, p.name) for p in vault.records.iter(Person))
        assert sorted(vault.records.values(Person, ("id", "unit_id", "name"))) == people
        units = {(u.team_id, u.org_key, u.mode) for u in vault.records.iter(Unit, where={"round_id": ids["round"]})}
        where = {"round_id": ids["round"]}
        assert set(vault.records.values(Unit, ("team_id", "org_key", "mode"), where=where)) == units
        vault.records.delete(ids["edu_d"])
        assert ids["edu_d"] not in {i for (i,) in vault.records.values(Unit, ("id",))}


def test_plan_answers_help_and_needs_one_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["plan", "--help"])
    assert done.value.code == 0 and "--propose" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["plan", "v.xcv", "--round", "T"])
    assert done.value.code == 2


def test_propose_lists_an_unplaceable_unit_with_each_teams_reason(
        office: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = office
    with Vault.open(path, PASSPHRASE) as vault:  # B县, 交叉: 第二巡察组's own county, 李四's home in 第一巡察组
        vault.records.save(Unit(id=uuid7(), name="B县水利局党组", round_id=ids["round"], jurisdiction="B县",
                                mode="交叉"))
    sheet = tmp_path / "p.xlsx"
    assert main(["plan", str(path), "--round", TITLE, "--propose", "--out", str(sheet)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "单位：5 / 已分配：4 / 未分配：1 / 分工方案中的硬冲突：0 / 软冲突提示：0" in lines
    at = lines.index("未分配\tB县水利局党组：没有可承担的巡察组")
    assert lines[at + 1].startswith("  排除\t第一巡察组\t李四（组员）籍贯/原任职地为B县")
    assert lines[at + 2].startswith("  排除\t第二巡察组\t第二巡察组派出地区为B县")
    rows = load_workbook(sheet).active.iter_rows(min_row=3, values_only=True)
    row = next(r for r in rows if r[1] == "B县水利局党组")
    assert row[5] in (None, "") and "第一巡察组" in row[8] and "第二巡察组" in row[8]


def test_propose_shows_the_conflicts_of_the_teams_a_list_came_with_as_avoided(
        office: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A units list with teams written in (docs/office.md, "Traps for the planner"): each conflict of
    those teams is listed as avoided, with its reason and the team proposed instead, in the output
    and in the sheet's column 原分工的冲突（方案已避开）."""
    path, ids = office
    assign(path, {ids["cross_a"]: ids["t1"], ids["edu_d"]: ids["t1"]})  # A县 交叉 by A县's own team; D县 is fine
    sheet = tmp_path / "p.xlsx"
    assert main(["plan", str(path), "--round", TITLE, "--propose", "--out", str(sheet)]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("原分工的冲突："))
    assert lines[at] == "原分工的冲突：方案已改派 1 个单位，避开硬冲突 2 处、软冲突 0 处："
    assert lines[at + 1] == ("已避开\tA县教育局党组\t原分工第一巡察组（硬冲突）派出地区回避：第一巡察组派出地区为A县，"
                             "不能交叉巡察A县的单位\t方案改为：第二巡察组")
    assert lines[at + 2].startswith("已避开\tA县教育局党组\t原分工第一巡察组（硬冲突）籍贯/原任职地回避：张三（组长）")
    assert not lines[at + 3].startswith("已避开\t")  # D县教育局党组 had no conflict
    rows = {r[1]: r for r in load_workbook(sheet).active.iter_rows(min_row=3, values_only=True)}
    assert rows["A县教育局党组"][5] == "第二巡察组"
    assert rows["A县教育局党组"][7].startswith("原分工第一巡察组（硬冲突）派出地区回避")
    assert rows["D县教育局党组"][7] in (None, "")
