"""An office's intake, round by round (docs/intake.md, "Rounds"): a units list matches units of
its own round only, a vault of several rounds needs the round named, 巡察组 names are looked up
within the round; ``export --team`` refuses a name two rounds share; ``new`` and ``round`` set an
office up from the command line."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.domain.records import Person, Record, Round, Team, Unit
from app.exchange.xlsx.intake import NEW, REJECTED, SAME, UPDATE, IntakePlan, commit_intake, plan_intake, read_workbook
from app.exchange.xlsx.intake_guard import IntakeError
from app.services import rounds as rounds_service
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE


def make_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(list(row))
    wb.save(path)
    return path


def imported(vault: Vault, path: Path, as_kind: str = "units", **kw: Any) -> IntakePlan:
    return commit_intake(vault, read_workbook(path, as_kind), **kw)


def round_with_teams(vault: Vault, title: str, teams: int) -> tuple[Round, list[Team]]:
    made = vault.records.save(Round(title=title, kind="常规"))
    saved = vault.records.save_many([Team(name=f"第{n}巡察组", round_id=made.id, number=n)
                                     for n in range(1, teams + 1)])
    return made, [t for t in saved if isinstance(t, Team)]


def units_list(path: Path, count: int, teams: int) -> Path:
    rows: list[list[Any]] = [["序号", "单位名称", "党组织类型", "主要负责人", "巡察组", "所属地区"]]
    for n in range(count):
        rows.append([n + 1, f"{chr(ord('A') + n % 26)}县第{n // 26 + 1}局", "党组", f"负责人{n}",
                     f"第{n % teams + 1}巡察组", f"{chr(ord('A') + n % 26)}县"])
    return make_xlsx(path, rows)


def round_digest(vault: Vault, round_id: str) -> str:
    """Every record of the round — itself, its teams, its units, their people — as stored."""
    records: list[Record] = [vault.records.get(round_id)]
    records += [t for t in vault.records.iter(Team) if t.round_id == round_id]
    units = [u for u in vault.records.iter(Unit) if u.round_id == round_id]
    ids = {u.id for u in units}
    records += units + [p for p in vault.records.iter(Person) if p.unit_id in ids]
    text = "\n".join(sorted(f"{r!r} {r.created} {r.updated}" for r in records))
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_same_837_units_for_round_6_add_837_units_and_leave_round_5_alone(vault: Vault,
                                                                               tmp_path: Path) -> None:
    round5, teams5 = round_with_teams(vault, "第五轮巡察", 83)
    path = units_list(tmp_path / "被巡察单位名单-837.xlsx", 837, 83)
    first = imported(vault, path, round_id=round5.id)
    assert first.count(NEW) == 837 and first.count(REJECTED) == 0
    assert first.round_label == "第五轮巡察"
    before = round_digest(vault, round5.id)
    unit_count, person_count = vault.records.count("unit"), vault.records.count("person")

    round6, teams6 = round_with_teams(vault, "第六轮巡察", 83)
    before = round_digest(vault, round5.id)  # the teams of round 6 are not round 5's
    read = read_workbook(path, "units")
    with pytest.raises(IntakeError) as refused:  # two rounds and the list names none
        plan_intake(vault, read)
    assert refused.value.reason == "no_round" and "第五轮巡察" in str(refused.value)

    second = commit_intake(vault, read, round_id=round6.id)
    assert second.count(NEW) == 837 and second.count(REJECTED) == 0, second.report_lines()[:8]
    assert round_digest(vault, round5.id) == before
    assert (vault.records.count("unit"), vault.records.count("person")) == (unit_count + 837, person_count + 837)
    by_team = {t.id: t for t in teams6}
    new_units = [u for u in vault.records.iter(Unit) if u.round_id == round6.id]
    assert len(new_units) == 837 and all(u.team_id in by_team for u in new_units)
    assert {u.team_id for u in new_units} == set(by_team)

    again = commit_intake(vault, read, round_id=round6.id)  # each round's list, once more: nothing changes
    assert again.count(SAME) == 837
    assert commit_intake(vault, read, round_id=round5.id).count(SAME) == 837
    assert round_digest(vault, round5.id) == before
    assert {t.id for t in teams5}.isdisjoint(by_team)


def test_a_round_column_places_each_row_and_a_blank_one_is_refused(vault: Vault, tmp_path: Path) -> None:
    r5, _ = round_with_teams(vault, "第五轮巡察", 2)
    r6, teams6 = round_with_teams(vault, "第六轮巡察", 1)
    path = make_xlsx(tmp_path / "u.xlsx", [["单位名称", "轮次", "巡察组"], ["甲局", "第五轮巡察", "第2巡察组"],
                                           ["甲局", "第六轮巡察", "第1巡察组"], ["乙局", None, None],
                                           ["丙局", "第六轮巡察", "第2巡察组"]])
    plan = imported(vault, path)
    assert [r.status for r in plan.rows] == [NEW, NEW, REJECTED, REJECTED]
    assert "须填写轮次" in plan.rows[2].detail()
    assert "没有名为“第2巡察组”的巡察组（轮次“第六轮巡察”）" in plan.rows[3].detail()
    units = {u.round_id: u for u in vault.records.iter(Unit)}
    assert set(units) == {r5.id, r6.id} and units[r6.id].team_id == teams6[0].id

    # With --round, a row naming another round is refused rather than moved.
    plan = imported(vault, path, round_id=r6.id)
    assert plan.rows[0].status == REJECTED and "与指定的轮次“第六轮巡察”不符" in plan.rows[0].detail()
    assert plan.rows[1].status == REJECTED and "与第 2 行单位名称重复" in plan.rows[1].detail()
    assert {u.round_id for u in vault.records.iter(Unit)} == {r5.id, r6.id}


def test_one_round_is_the_lists_round_and_units_of_no_round_join_it(vault: Vault, tmp_path: Path) -> None:
    loose = vault.records.save(Unit(name="甲局"))
    only, teams = round_with_teams(vault, "第一轮巡察", 1)
    path = make_xlsx(tmp_path / "u.xlsx", [["单位名称", "巡察组"], ["甲局", "第1巡察组"], ["乙局", None]])
    plan = imported(vault, path)
    assert [r.status for r in plan.rows] == [UPDATE, NEW] and plan.round_label == "第一轮巡察"
    assert "所属轮次" in plan.rows[0].changed
    unit = vault.records.get(loose.id, Unit)
    assert (unit.round_id, unit.team_id) == (only.id, teams[0].id)
    assert all(u.round_id == only.id for u in vault.records.iter(Unit))


def test_a_roster_finds_its_units_within_the_round(vault: Vault, tmp_path: Path) -> None:
    from app.exchange.xlsx.intake import find_unit

    r5, _ = round_with_teams(vault, "第五轮巡察", 1)
    r6, _ = round_with_teams(vault, "第六轮巡察", 1)
    old = vault.records.save(Unit(name="甲局", round_id=r5.id))
    new = vault.records.save(Unit(name="甲局", round_id=r6.id))
    with pytest.raises(IntakeError) as caught:
        find_unit(vault, "甲局")
    assert caught.value.reason == "ambiguous_unit"
    assert find_unit(vault, "甲局", r6.id).id == new.id
    path = make_xlsx(tmp_path / "r.xlsx", [["姓名", "所在单位"], ["张三", "甲局"]])
    assert imported(vault, path, "roster").rows[0].status == REJECTED
    plan = imported(vault, path, "roster", round_id=r6.id)
    assert plan.rows[0].status == NEW
    assert [p.unit_id for p in vault.records.iter(Person)] == [new.id] and old.id != new.id


def test_find_team_within_a_round_and_ambiguous_names_list_the_candidates(vault: Vault) -> None:
    r5, teams5 = round_with_teams(vault, "第五轮巡察", 1)
    r6, teams6 = round_with_teams(vault, "第六轮巡察", 1)
    with pytest.raises(rounds_service.RoundError) as caught:
        rounds_service.find_team(vault, "第1巡察组")
    message = str(caught.value)
    assert caught.value.reason == "ambiguous_team"
    assert "第五轮巡察" in message and "第六轮巡察" in message and teams5[0].id in message and teams6[0].id in message
    assert rounds_service.find_team(vault, "第 1 巡察组", "第六轮巡察").id == teams6[0].id
    assert rounds_service.find_team(vault, teams5[0].id).id == teams5[0].id
    assert rounds_service.find_team(vault, "第1巡察组", r5.id).id == teams5[0].id
    with pytest.raises(rounds_service.RoundError) as caught:
        rounds_service.find_team(vault, "第1巡察组", "第七轮")
    assert caught.value.reason == "unknown_round" and "第五轮巡察" in str(caught.value)


# --- the command line ---------------------------------------------------------------------------------


def test_cli_intake_round_and_export_team_round(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, main
    from app.storage.kdf import TEST_PARAMS

    office, team = tmp_path / "o.xcv", tmp_path / "t.xcv"
    with Vault.create(office, PASSPHRASE, role="office", owner="市委巡察办", kdf=TEST_PARAMS) as vault:
        round_with_teams(vault, "第五轮巡察", 2)
        round_with_teams(vault, "第六轮巡察", 2)
    Vault.create(team, PASSPHRASE, role="team", owner="第1巡察组", kdf=TEST_PARAMS).close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    units = units_list(tmp_path / "u.xlsx", 6, 2)

    assert main(["intake", str(office), str(units), "--as", "units"]) == EXIT_FAIL
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--round" in err[0] and "第五轮巡察、第六轮巡察" in err[0]
    assert main(["intake", str(office), str(units), "--as", "units", "--round", "第七轮"]) == EXIT_FAIL
    assert "没有这个巡察轮次" in capsys.readouterr().err
    assert main(["intake", str(office), str(units), "--as", "checklist", "--round", "第六轮巡察"]) == EXIT_USAGE
    capsys.readouterr()
    assert main(["intake", str(office), str(units), "--as", "units", "--round", "第六轮巡察"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "轮次：第六轮巡察" in printed and "新增 6" in printed

    assert main(["keys", str(team), "--out", str(tmp_path / "t.keys")]) == EXIT_OK
    base = ["export", str(office), "--for", str(tmp_path / "t.keys"), "--kind", "deployment", "--team", "第1巡察组"]
    assert main([*base, "--to", str(tmp_path / "a.xcp")]) == EXIT_FAIL
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "有 2 个" in err[0] and "第五轮巡察" in err[0] and "第六轮巡察" in err[0]
    assert not (tmp_path / "a.xcp").exists()

    import app.services.packages as packages

    chosen: list[str | None] = []
    real = packages.run_export

    def spy(*args: Any, **kw: Any) -> Any:
        chosen.append(kw["team"])
        return real(*args, **kw)

    monkeypatch.setattr(packages, "run_export", spy)
    assert main([*base, "--round", "第六轮巡察", "--to", str(tmp_path / "b.xcp")]) == EXIT_OK
    assert "records:" in capsys.readouterr().out
    with Vault.open(office, PASSPHRASE) as vault:
        assert chosen == [rounds_service.find_team(vault, "第1巡察组", "第六轮巡察").id]
    assert main(["export", str(office), "--for", str(tmp_path / "t.keys"), "--round", "第六轮巡察",
                 "--to", str(tmp_path / "c.xcp")]) == EXIT_USAGE


def test_cli_new_and_round(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, main
    from app.storage import kdf
    from app.storage import vault as vault_module

    monkeypatch.setattr(vault_module, "calibrate", lambda *a, **k: kdf.TEST_PARAMS)  # a quick KDF for the test
    target = tmp_path / "p.xcv"
    monkeypatch.setenv("XUNCHA_PASSPHRASE", "short")
    assert main(["new", str(target), "--role", "office", "--owner", "省委巡视办"]) == EXIT_USAGE
    assert "口令强度不足" in capsys.readouterr().err and not target.exists()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    assert main(["new", str(target), "--role", "office", "--owner", "省委巡视办"]) == EXIT_OK
    assert "已创建巡察办保密库" in capsys.readouterr().out
    assert main(["new", str(target), "--role", "team", "--owner", "x"]) == EXIT_FAIL
    assert "不会覆盖" in capsys.readouterr().err
    with Vault.open(target, PASSPHRASE) as vault:
        assert (vault.info.role, vault.info.owner) == ("office", "省委巡视办")
        digest = vault.records.content_digest()

    round_args = ["round", str(target), "--title", "涉粮问题专项巡视巡察", "--kind", "专项", "--committee",
                  "中共某省委员会", "--authorisation", "某巡领字〔2024〕9号", "--year", "2024"]
    assert main([*round_args[:-2], "--kind", "特别"]) == EXIT_FAIL
    assert "特别" in capsys.readouterr().err
    with Vault.open(target, PASSPHRASE) as vault:
        assert vault.records.content_digest() == digest
    assert main(round_args) == EXIT_OK
    assert "已创建巡察轮次：涉粮问题专项巡视巡察（专项" in capsys.readouterr().out
    assert main(round_args) == EXIT_FAIL
    assert "已有同名的巡察轮次" in capsys.readouterr().err
    with Vault.open(target, PASSPHRASE) as vault:
        [made] = vault.records.list(Round)
        assert (made.kind, made.committee, made.authorisation, made.year) == \
            ("专项", "中共某省委员会", "某巡领字〔2024〕9号", 2024)


# --- 巡察组及成员名册 (--as teams) ----------------------------------------------------------------------

TEAMS_HEADER = ["组名", "组号", "派出地区", "组建方式", "组长授权文号", "姓名", "组内职务", "分工小组",
                "工作单位及职务", "籍贯/原任职地", "曾任职单位(起止年)", "保密承诺书", "回避申请书", "回避申报"]


def teams_file(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    return make_xlsx(path, [["第五轮巡察组及成员名册"], TEAMS_HEADER, *rows])


TEAM_ROWS: list[list[Any]] = [
    ["第一巡察组", 1, "A县", "成建制", "某巡字〔2024〕1号", "张组长", "组长", "综合组", "A县纪委监委 副主任", "A县",
     "B县财政局（B县，2015-2019）；A县农业农村局（A县，2019-至今）", "已签", "是", "王某（C县财政局，科员，夫妻关系）"],
    ["第一巡察组", None, None, None, None, "李组员", "组员", "谈话组", "A县审计局 科员", "B县", None, "√", "√", "无"],
    ["第 一 巡察组", "一", "A县", None, None, "赵联络员", "联络员", None, None, "A县", "D县水利局（2010—2012年）", "否",
     "是", None],
    ["第二巡察组", "第2组", "B县", "联动式", "某巡字〔2024〕2号", "钱组长", "组长", None, None, "B县", None, "已签",
     "已签", "孙某（A县教育局，副局长，三代以内旁系血亲）；周某（A县卫健局，兄弟）"],
    ["第二巡察组", None, "C县", None, None, "吴组员", "组员", None, None, None, None, "是", "是", None],
    ["第二巡察组", None, None, None, None, "郑组员", None, None, None, None, "某单位2015到2019", "是", "是", None],
]


def test_teams_roster_makes_teams_and_members_of_the_round(vault: Vault, tmp_path: Path) -> None:
    from app.domain.records import Member

    r5, old_teams = round_with_teams(vault, "第五轮巡察", 1)  # 第1巡察组 of round 5 is not 第一巡察组
    r6 = vault.records.save(Round(title="第六轮巡察", kind="常规"))
    path = teams_file(tmp_path / "巡察组名册.xlsx", TEAM_ROWS)
    read = read_workbook(path, "teams")
    assert read.header.row == 2
    with pytest.raises(IntakeError) as refused:
        plan_intake(vault, read)
    assert refused.value.reason == "no_round"
    before5 = round_digest(vault, r5.id)

    plan = commit_intake(vault, read, round_id=r6.id)
    rows = {r.row: r for r in plan.rows}
    assert [rows[n].status for n in range(3, 9)] == [NEW, NEW, NEW, NEW, REJECTED, REJECTED], plan.report_lines()
    assert "新增巡察组 第一巡察组" in rows[3].changed and "新增巡察组 第二巡察组" in rows[6].changed
    assert "与第 6 行所填本组的派出地区“B县”不一致" in rows[7].detail()
    assert "“某单位2015到2019”无法识别" in rows[8].detail() and "新成员须填写组内职务" in rows[8].detail()
    assert round_digest(vault, r5.id) == before5

    teams = {t.name: t for t in vault.records.iter(Team) if t.round_id == r6.id}
    assert set(teams) == {"第一巡察组", "第二巡察组"}
    first, second = teams["第一巡察组"], teams["第二巡察组"]
    assert (first.number, first.home_jurisdiction, first.composition, first.leader_authorisation, first.level) == \
        (1, "A县", "成建制", "某巡字〔2024〕1号", "巡察组")
    assert (second.number, second.home_jurisdiction, second.composition) == (2, "B县", "联动式")
    members = {m.name: m for m in vault.records.iter(Member)}
    assert set(members) == {"张组长", "李组员", "赵联络员", "钱组长"}
    leader = members["张组长"]
    assert (leader.team_id, leader.role, leader.sub_group, leader.pledge_signed, leader.recusal_signed) == \
        (first.id, "组长", "综合组", True, True)
    assert leader.past_posts == [
        {"unit": "B县财政局", "region": "B县", "from_year": "2015", "to_year": "2019"},
        {"unit": "A县农业农村局", "region": "A县", "from_year": "2019", "to_year": ""}]
    assert leader.recusals == [{"person": "王某", "unit": "C县财政局", "post": "科员", "relation": "夫妻关系",
                                "kind": ""}]
    assert members["李组员"].recusals == [] and members["赵联络员"].pledge_signed is False
    assert members["赵联络员"].past_posts == [{"unit": "D县水利局", "region": "", "from_year": "2010",
                                            "to_year": "2012"}]
    assert [r["relation"] for r in members["钱组长"].recusals] == ["三代以内旁系血亲关系", "兄弟"]
    assert old_teams[0].id not in {m.team_id for m in members.values()}

    # The same file again: nothing changes; a corrected row updates its member only.
    digest = vault.records.content_digest()
    again = commit_intake(vault, read, round_id=r6.id)
    assert [r.status for r in again.rows][:4] == [SAME] * 4 and vault.records.content_digest() == digest
    fixed = [list(r) for r in TEAM_ROWS]
    fixed[1][11] = "否"
    fixed[4][2] = None
    plan = imported(vault, teams_file(tmp_path / "b.xlsx", fixed), "teams", round_id=r6.id)
    assert [r.status for r in plan.rows][:5] == [SAME, UPDATE, SAME, SAME, NEW]
    assert plan.rows[1].changed == ["已签保密承诺书"]
    assert vault.records.count("team") == 3 and vault.records.count("member") == 5


def test_teams_cli_round_dry_run_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import EXIT_FAIL, EXIT_OK, main
    from app.storage.kdf import TEST_PARAMS

    office = tmp_path / "o.xcv"
    with Vault.create(office, PASSPHRASE, role="office", owner="市委巡察办", kdf=TEST_PARAMS) as vault:
        vault.records.save(Round(title="第六轮巡察", kind="常规"))
        digest = vault.records.content_digest()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    path = teams_file(tmp_path / "巡察组名册.xlsx", TEAM_ROWS)
    base = ["intake", str(office), str(path), "--as", "teams", "--round", "第六轮巡察"]
    assert main([*base, "--dry-run"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "巡察组及成员名册" in printed and "轮次：第六轮巡察" in printed and "将导入：新增 4" in printed
    assert main([*base, "--strict"]) == EXIT_FAIL
    capsys.readouterr()
    with Vault.open(office, PASSPHRASE) as vault:
        assert vault.records.content_digest() == digest
    assert main(base) == EXIT_OK
    assert "已导入：新增 4，更新 0，未变 0，未导入 2" in capsys.readouterr().out
    with Vault.open(office, PASSPHRASE) as vault:
        assert (vault.records.count("team"), vault.records.count("member")) == (2, 4)
        assert [e.action for e in vault.journal.entries()].count("intake-xlsx") == 1

    fake = tmp_path / "名册.xlsx"  # the hostile-file guards come first, before any passphrase
    fake.write_text("组名,姓名\n第一巡察组,张三\n", encoding="utf-8")
    monkeypatch.delenv("XUNCHA_PASSPHRASE")
    assert main(["intake", str(office), str(fake), "--as", "teams", "--round", "第六轮巡察"]) == EXIT_FAIL
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "CSV" in err[0]


def test_past_posts_and_recusals_as_offices_write_them() -> None:
    from app.exchange.xlsx.intake import CellProblem
    from app.exchange.xlsx.intake_teams import parse_past_posts, parse_recusals

    today = __import__("datetime").date(2026, 1, 1)
    assert parse_past_posts("A县财政局（A县，2015.3-2019.6）\nB局(B县, 2019年至今)", today=today) == [
        {"unit": "A县财政局", "region": "A县", "from_year": "2015", "to_year": "2019"},
        {"unit": "B局", "region": "B县", "from_year": "2019", "to_year": ""}]
    assert parse_past_posts("C镇政府（2020）", today=today)[0]["to_year"] == "2020"
    assert parse_past_posts("D局（，2021-）", today=today) == [{"unit": "D局", "region": "", "from_year": "2021",
                                                               "to_year": ""}]
    for bad in ("A县财政局 2015-2019", "A县财政局（A县，2019-2015）", "A县财政局（A县，15-19）",
                "A县财政局（A县，2015-2030）", "A县财政局（A县，B县，2015-2019）"):
        with pytest.raises(CellProblem):
            parse_past_posts(bad, today=today)
    relations, kinds = ["夫妻关系", "直系血亲关系", "近姻亲关系"], ["任职回避", "公务回避"]
    assert parse_recusals("王某（A县财政局，科员，夫妻）；李某（B局，直系血亲，公务回避）", relations, kinds) == [
        {"person": "王某", "unit": "A县财政局", "post": "科员", "relation": "夫妻关系", "kind": ""},
        {"person": "李某", "unit": "B局", "post": "", "relation": "直系血亲关系", "kind": "公务回避"}]
    assert parse_recusals("无", relations, kinds) == []
    assert parse_recusals("赵某（C局，—，近姻亲）", relations, kinds)[0] == {
        "person": "赵某", "unit": "C局", "post": "", "relation": "近姻亲关系", "kind": ""}
    with pytest.raises(CellProblem):
        parse_recusals("王某A县财政局", relations, kinds)
    # a post that joins two titles with 、 (the shipped 巡察组名册 has one); 、 alone still separates parts
    assert parse_recusals("钟某（E县丙镇党委，柳湾村党支部书记、村委会主任，夫妻关系）", relations, kinds) == [
        {"person": "钟某", "unit": "E县丙镇党委", "post": "柳湾村党支部书记、村委会主任", "relation": "夫妻关系",
         "kind": ""}]
    assert parse_recusals("王某（A县财政局、科员、夫妻）", relations, kinds)[0]["post"] == "科员"
    assert parse_past_posts("A县财政局（A县、2015-2019）", today=today)[0]["region"] == "A县"


# --- the units list's new columns ------------------------------------------------------------------


def test_units_match_on_org_key_then_name_and_find_parents_within_the_round(vault: Vault, tmp_path: Path) -> None:
    r5, _ = round_with_teams(vault, "第五轮巡察", 1)
    r6, _ = round_with_teams(vault, "第六轮巡察", 1)
    old = vault.records.save(Unit(name="A县财政局", round_id=r5.id, org_key="11A"))
    header = ["单位名称", "统一社会信用代码", "巡察方式", "行业系统", "单位层级", "上级单位"]
    rows = [header,
            ["甲村党支部", "", "本级", "农村", "村(社区)", "乙镇党委"],  # its parent comes later in the file
            ["乙镇党委", "22B", "交叉", "", "乡镇", None],
            ["A县财政局", " 11a ", "提级", "财政", "县直", None],
            ["丙村党支部", None, None, None, None, "没有这个镇"],
            ["丁村党支部", None, "跨区", None, None, None]]
    plan = imported(vault, make_xlsx(tmp_path / "u.xlsx", rows), round_id=r6.id)
    assert [r.status for r in plan.rows] == [NEW, NEW, NEW, REJECTED, REJECTED], plan.report_lines()
    assert "没有名为“没有这个镇”的被巡察单位（轮次“第六轮巡察”）" in plan.rows[3].detail()
    assert "不在词表" in plan.rows[4].detail()
    units = {u.name: u for u in vault.records.iter(Unit) if u.round_id == r6.id}
    village, town, bureau = units["甲村党支部"], units["乙镇党委"], units["A县财政局"]
    assert village.parent_unit_id == town.id and (village.mode, village.sector, village.unit_level) == \
        ("本级", "农村", "村(社区)")
    assert (town.org_key, town.mode) == ("22B", "交叉")
    assert bureau.org_key == "11A" and bureau.id != old.id  # the same code in round 5 is another round's record
    assert vault.records.get(old.id, Unit) == old

    # Round 6 again, one unit renamed: matched on its code, the name kept, a notice given.
    rows = [header, ["A县财政局（更名）", "11A", "提级", "财政", "县直", None],
            ["乙镇党委", "99Z", None, None, None, None]]
    plan = imported(vault, make_xlsx(tmp_path / "v.xlsx", rows), round_id=r6.id)
    assert plan.rows[0].status == SAME and "按单位编码匹配到保密库中的“A县财政局”" in plan.rows[0].detail()
    assert plan.rows[1].status == REJECTED and "单位编码是“22B”" in plan.rows[1].detail()


def test_a_childs_row_is_refused_with_its_parents_row(vault: Vault, tmp_path: Path) -> None:
    only, _ = round_with_teams(vault, "第六轮巡察", 1)
    rows = [["单位名称", "上级单位", "在编人数"], ["甲村", "乙镇", None], ["乙镇", None, "很多"],
            ["丙镇", "丙镇", None]]
    plan = imported(vault, make_xlsx(tmp_path / "u.xlsx", rows))
    assert [r.status for r in plan.rows] == [REJECTED, REJECTED, REJECTED]
    assert "上级单位所在行未导入" in plan.rows[0].detail() and "不能是本单位" in plan.rows[2].detail()
    assert vault.records.count("unit") == 0 and only.id


def test_cli_round_with_level_parent_revisit_topic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import EXIT_FAIL, EXIT_OK, main
    from app.storage.kdf import TEST_PARAMS

    office = tmp_path / "o.xcv"
    Vault.create(office, PASSPHRASE, role="office", owner="省委巡视办", kdf=TEST_PARAMS).close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    assert main(["round", str(office), "--title", "涉粮问题专项巡视巡察", "--kind", "专项", "--level", "省",
                 "--topic", "涉粮问题"]) == EXIT_OK
    assert main(["round", str(office), "--title", "某市涉粮专项巡察", "--kind", "专项", "--level", "市",
                 "--parent", "涉粮问题专项巡视巡察", "--revisit"]) == EXIT_OK
    assert main(["round", str(office), "--title", "x", "--kind", "交叉"]) == EXIT_FAIL  # no longer a round's kind
    assert main(["round", str(office), "--title", "y", "--kind", "专项", "--parent", "没有"]) == EXIT_FAIL
    capsys.readouterr()
    with Vault.open(office, PASSPHRASE) as vault:
        made = {r.title: r for r in vault.records.iter(Round)}
    assert set(made) == {"涉粮问题专项巡视巡察", "某市涉粮专项巡察"}
    province, city = made["涉粮问题专项巡视巡察"], made["某市涉粮专项巡察"]
    assert (province.level, province.topic, province.revisit) == ("省", "涉粮问题", False)
    assert (city.level, city.parent_id, city.revisit) == ("市", province.id, True)
