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
