"""``demo VAULT --scale team --deployment PKG --trust-signer FP`` (docs/office.md, "The demo"): a team vault
made from a deployment of the office demo, with sample work in the deployed team's units only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from app.demo.keys import binding_of, team_keys, trust_team_keys
from app.domain.clock import uuid7
from app.domain.records import Member, Person, Problem, Rectification, Round, Team, Unit
from app.exchange.package.keys import own_fingerprint
from app.services.packages import recipients_from_trusted, run_export
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

SEED = 7


def office_with_a_deployment(make_vault: Callable[..., Vault], tmp_path: Path,
                             revisit: bool = False) -> tuple[Path, str, list[str], str]:
    """An office vault holding two teams, the third's key derived as the office demo does, and a deployment
    of that team; returns the package, the office's fingerprint, the team's unit ids and the other unit's id.
    ``revisit``: an earlier round inspected the same organisation (org_key) and left a problem with its
    rectification item, which the deployment carries (回头看, docs/package-format.md)."""
    office = make_vault("o.xcv", role="office", owner="市委巡察办")
    rnd = Round(id=uuid7(), title="十二届市委第五轮巡察", session="十二届", number=5, year=2024,
                committee="中共某市委员会", authorisation="某市巡领字〔2024〕5号", start_date=dt.date(2024, 4, 8),
                feedback_date=dt.date(2024, 7, 22))
    office.records.save(rnd)
    team = Team(id=uuid7(), name="第三巡察组", round_id=rnd.id, number=3, office="中共某市委巡察工作领导小组办公室")
    other = Team(id=uuid7(), name="第四巡察组", round_id=rnd.id, number=4)
    office.records.save_many([team, other])
    # With revisit, the team is 联动式 and its 组长 comes from the inspected county (B县), whose unit is 交叉.
    office.records.save_many([Member(name="甲组长", team_id=team.id, role="组长", sub_group="综合组",
                                     home_jurisdiction="B县" if revisit else ""),
                              Member(name="乙组员", team_id=team.id, role="组员", sub_group="谈话组"),
                              Member(name="丙组员", team_id=team.id, role="组员", sub_group="资料组"),
                              Member(name="丁组员", team_id=team.id, role="组员", sub_group="信访组"),
                              Member(name="戊组长", team_id=other.id, role="组长")])
    with_roster = Unit(id=uuid7(), name="B县农业农村局党组", round_id=rnd.id, team_id=team.id, jurisdiction="B县",
                       entry_date=dt.date(2024, 4, 9), exit_date=dt.date(2024, 5, 20), org_key="K-AGRI",
                       mode="交叉" if revisit else "")
    if revisit:
        old = Round(id=uuid7(), title="十二届市委第四轮巡察", number=4, year=2023, start_date=dt.date(2023, 4, 1))
        old_team = Team(id=uuid7(), name="第三巡察组", round_id=old.id, number=3)
        old_unit = Unit(id=uuid7(), name="B县农业农村局党组", round_id=old.id, team_id=old_team.id, org_key="K-AGRI")
        problem = Problem(id=uuid7(), title="旧问题", unit_id=old_unit.id, team_id=old_team.id,
                          heading="落实全面从严治党战略部署", description="问题表现")
        office.records.save_many([old, old_team, old_unit, problem,
                                  Rectification(title="旧整改", problem_id=problem.id, unit_id=old_unit.id,
                                                measures="措施", status="整改中")])
    bare = Unit(id=uuid7(), name="B县甲镇党委", round_id=rnd.id, team_id=team.id, jurisdiction="B县")
    elsewhere = Unit(id=uuid7(), name="C县水利局党组", round_id=rnd.id, team_id=other.id, jurisdiction="C县")
    office.records.save_many([with_roster, bare, elsewhere])
    office.records.save_many([
        Person(name="农一书记", unit_id=with_roster.id, post="党组书记、局长", leadership=True, mandatory=True),
        Person(name="农二副局", unit_id=with_roster.id, post="党组成员、副局长", leadership=True, mandatory=True),
        Person(name="农三会计", unit_id=with_roster.id, post="计划财务股会计"),
        Person(name="农四科员", unit_id=with_roster.id, post="办公室科员"),
    ])
    keys = team_keys(SEED, 3)
    trust_team_keys(office, [(keys, team.name)])
    package = tmp_path / "第三巡察组.xcp"
    run_export(office, package, recipients_from_trusted(office, [binding_of(keys, team.name)]), kind="deployment",
               team=team.id)
    return package, own_fingerprint(office), [with_roster.id, bare.id], elsewhere.id


def test_a_team_vault_from_a_deployment_gets_work_in_its_units_only(
        make_vault: Callable[..., Vault], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package, office_fpr, mine, theirs = office_with_a_deployment(make_vault, tmp_path)
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "t.xcv"
    assert main(["demo", str(target), "--scale", "team", "--seed", str(SEED), "--deployment", str(package),
                 "--trust-signer", office_fpr]) == 0
    with Vault.open(target, PASSPHRASE) as vault:
        assert vault.info.role == "team"
        assert [t.name for t in vault.records.list(Team)] == ["第三巡察组"]
        work = vault.records.list("interview") + vault.records.list("lead") + vault.records.list("paper")
        assert work and {r.unit_id for r in work} == set(mine)
        assert theirs not in {u.id for u in vault.records.list(Unit)}
        people = vault.records.list(Person)
        assert {p.unit_id for p in people} == set(mine)  # the unit without a roster got one
        assert "农一书记" in {p.name for p in people}
        assert vault.check().ok


def test_a_deployment_with_revisit_material_still_makes_a_demo_team_vault(
        make_vault: Callable[..., Vault], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The office demo's deployments carry round 4's problems on the same organisations: they are the
    team's 回头看 material, not work already done (was: 内部错误 "该巡察组已有工作记录"). A member from
    the county of a 交叉 unit does not interview there (was: the interview's recusal rule refused)."""
    package, office_fpr, mine, _ = office_with_a_deployment(make_vault, tmp_path, revisit=True)
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "t.xcv"
    assert main(["demo", str(target), "--scale", "team", "--seed", str(SEED), "--deployment", str(package),
                 "--trust-signer", office_fpr]) == 0
    with Vault.open(target, PASSPHRASE) as vault:
        problems = vault.records.list(Problem)
        assert "旧问题" in {p.title for p in problems} and len(problems) > 1  # the old one, and new work
        assert {p.unit_id for p in problems if p.title != "旧问题"} <= set(mine)
        leader = next(m.id for m in vault.records.list(Member) if m.name == "甲组长")
        cross = [i for i in vault.records.list("interview") if i.unit_id == mine[0]]
        assert cross and all(leader not in i.interviewers + i.recorders for i in cross)
        assert vault.check().ok


def test_a_deployment_the_demo_keys_cannot_open_is_refused_and_leaves_no_vault(
        make_vault: Callable[..., Vault], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    package, office_fpr, _, _ = office_with_a_deployment(make_vault, tmp_path)
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "t.xcv"
    assert main(["demo", str(target), "--scale", "team", "--seed", str(SEED + 1), "--deployment", str(package),
                 "--trust-signer", office_fpr]) == 1
    assert "同一 --seed" in capsys.readouterr().err
    assert not target.exists()
    assert main(["demo", str(target), "--scale", "team", "--seed", str(SEED), "--deployment", str(package),
                 "--trust-signer", "0" * 32]) == 1  # the office's fingerprint is checked: nothing is left
    assert not target.exists()
