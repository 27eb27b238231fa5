"""One-step deployment of a round (issue 13): readiness, all or nothing, one package per team, 回头看 material.

An office vault made here holds an earlier round and the current one: three teams, each with a
laptop vault of its own, units and rosters. What each package must carry is written down here
(each team's units, their people, and for a unit seen in the earlier round that round's problems
and rectification items on it), not derived from the package.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.domain.jobs import Cancelled
from app.domain.readiness import ConflictFacts, KeyFacts, MemberFacts, TeamFacts, UnitFacts, readiness_reasons
from app.domain.records import Link, Member, Person, Problem, Rectification, Round, Setting, Team, Unit
from app.exchange.package import PackageError, display, import_packages, public_document
from app.exchange.package.keys import load_key_file
from app.exchange.package.scope import RECTIFIES, deployment_scope, round_deployment_scopes
from app.exchange.package.verify import decrypt
from app.services.deploy import (
    DeployError,
    NotReady,
    deploy_round,
    round_readiness,
    trust_by_owner,
    trust_team_key,
)
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
CURRENT, EARLIER = "十二届市委第五轮巡察", "十二届市委第四轮巡察"
TEAMS = ("第一巡察组", "第二巡察组", "第三巡察组")


def keyfile(vault: Vault) -> bytes:
    return json.dumps(public_document(vault), ensure_ascii=False).encode()


@dataclass
class Office:
    vault: Vault
    round_id: str
    teams: dict[str, str]  # name -> id
    laptops: dict[str, Vault]  # team name -> its vault
    units: dict[str, set[str]]  # team name -> its unit ids
    people: dict[str, set[str]]  # team name -> its roster people
    revisit: dict[str, set[str]]  # team name -> the earlier records it must carry


def _office(make_vault: Callable[..., Vault]) -> Office:
    office = make_vault("office.xcv", role="office", owner="市委巡察办")
    rec = office.records
    old = rec.save(Round(title=EARLIER, kind="常规", authorisation="市巡领字〔2023〕3号",
                         start_date=dt.date(2023, 3, 1)))
    now = rec.save(Round(title=CURRENT, kind="常规", authorisation="市巡领字〔2024〕5号",
                         start_date=dt.date(2024, 3, 1)))
    old_team = rec.save(Team(name="第一巡察组", round_id=old.id, number=1))
    # The earlier round: 甲局 (org_key K1) with two problems, one rectification each; 丙局 (K9), not inspected now.
    old_units = {name: rec.save(Unit(name=name, round_id=old.id, team_id=old_team.id, org_key=key))
                 for name, key in (("甲局", "K1"), ("丙局", "K9"))}
    revisit_ids: set[str] = {old_units["甲局"].id}
    for n in (1, 2):
        problem = rec.save(Problem(title=f"甲局问题{n}", unit_id=old_units["甲局"].id, team_id=old_team.id,
                                   heading="落实全面从严治党战略部署", description="问题表现"))
        rect = rec.save(Rectification(title=f"甲局整改{n}", problem_id=problem.id, measures="措施", status="整改中"))
        link = rec.save(Link(src_id=problem.id, dst_id=rect.id, relation=RECTIFIES))
        revisit_ids |= {problem.id, rect.id, link.id}
    other = rec.save(Problem(title="丙局问题", unit_id=old_units["丙局"].id, team_id=old_team.id,
                             heading="落实全面从严治党战略部署", description="问题表现"))
    rec.save(Rectification(title="丙局整改", problem_id=other.id, unit_id=old_units["丙局"].id, measures="措施",
                           status="整改中"))

    teams, laptops, units, people = {}, {}, {}, {}
    for number, name in enumerate(TEAMS, start=1):
        team = rec.save(Team(name=name, round_id=now.id, number=number, leader_authorisation=f"授权〔2024〕{number}号"))
        teams[name] = team.id
        laptops[name] = make_vault(f"team{number}.xcv", role="team", owner=name)
        for role in ("组长", "组员"):
            rec.save(Member(name=f"{name}{role}", team_id=team.id, role=role, pledge_signed=True,
                            recusal_signed=True))
        units[name], people[name] = set(), set()
        for k in (1, 2):
            key = "K1" if (number, k) == (1, 1) else f"K{number}{k}"
            unit = rec.save(Unit(name="甲局" if key == "K1" else f"{name}单位{k}", round_id=now.id, team_id=team.id,
                                 org_key=key))
            units[name].add(unit.id)
            people[name] |= {rec.save(Person(name=f"{unit.name}人员{p}", unit_id=unit.id)).id for p in (1, 2)}
        trust_team_key(office, load_key_file(keyfile(laptops[name])), team.id)
    revisit = {name: set() for name in TEAMS}
    revisit["第一巡察组"] = revisit_ids
    return Office(office, now.id, teams, laptops, units, people, revisit)


@pytest.fixture
def office(make_vault: Callable[..., Vault]) -> Office:
    return _office(make_vault)


def _spoil(o: Office) -> None:
    """The second team: no authorisation, a member without pledge; the third: no key."""
    rec = o.vault.records
    second = rec.get(o.teams["第二巡察组"], Team)
    rec.save(dataclasses.replace(second, leader_authorisation=""))
    member = rec.list(Member, where={"team_id": second.id})[0]
    rec.save(dataclasses.replace(member, pledge_signed=False))
    third = rec.get(o.teams["第三巡察组"], Team)
    rec.save(dataclasses.replace(third, key_fingerprint=""))


# --- readiness, pure ------------------------------------------------------------------------------


def test_readiness_names_every_reason_and_nothing_for_a_ready_team() -> None:
    key = KeyFacts("ab" * 32, True, True, "team")
    ready = TeamFacts("第一巡察组", key, "授权1号", "巡领字5号", (UnitFacts("甲局", "交叉", "属地授权"),),
                      (MemberFacts("张三", True, True),),
                      (ConflictFacts("甲局", "reciprocal", "", "互查", hard=False, acknowledged=True),))
    assert readiness_reasons(ready) == []
    bad = TeamFacts("第二巡察组", KeyFacts(), "", "", (UnitFacts("乙局", "交叉", ""), UnitFacts("丁局", "本级", "")),
                    (MemberFacts("李四", False, True), MemberFacts("王五", True, False)),
                    (ConflictFacts("乙局", "member_home", "李四", "李四籍贯乙县", hard=True),
                     ConflictFacts("乙局", "over_capacity", "", "超出上限", hard=False)))
    reasons = readiness_reasons(bad)
    assert reasons == [
        "未登记部署包接收密钥（用 trust --team 信任该组的公钥文件）",
        "缺少组长授权文号（一次一授权）",
        "所属轮次缺少授权文号（一次一授权）",
        "交叉巡察单位“乙局”缺少属地党委授权文号（双授权）",
        "成员李四未签保密承诺书",
        "成员王五未签回避申请书",
        "“乙局”有回避冲突（member_home）：李四籍贯乙县",
        "“乙局”有未经确认的提示（over_capacity）：超出上限",
    ]
    for facts, expected in ((KeyFacts("00" * 32), "不是本库已信任的公钥"), (KeyFacts("00" * 32, True, False, "team"),
                                                                       "需重新核对"),
                            (KeyFacts("00" * 32, True, True, "office"), "不是巡察组的公钥")):
        assert expected in readiness_reasons(dataclasses.replace(ready, key=facts))[0]


# --- the service ------------------------------------------------------------------------------------


def test_one_pass_scopes_equal_each_team_s_own_scope(office: Office) -> None:
    scopes = round_deployment_scopes(office.vault, office.round_id)
    assert set(scopes) == set(office.teams.values())
    for name, team_id in office.teams.items():
        assert scopes[team_id].ids == deployment_scope(office.vault, team_id).ids, name
        assert office.units[name] | office.people[name] | office.revisit[name] <= scopes[team_id].ids


def test_a_team_not_ready_stops_the_whole_deployment_and_nothing_is_written(office: Office, tmp_path: Path) -> None:
    _spoil(office)
    readiness = {t.name: t for t in round_readiness(office.vault, CURRENT)}
    assert readiness["第一巡察组"].ready
    assert readiness["第二巡察组"].reasons == ("缺少组长授权文号（一次一授权）", "成员第二巡察组组长未签保密承诺书")
    assert readiness["第三巡察组"].reasons == ("未登记部署包接收密钥（用 trust --team 信任该组的公钥文件）",)
    out = tmp_path / "d"
    out.mkdir()
    ledger = office.vault.keys.packages("out")
    digest = office.vault.records.content_digest()
    with pytest.raises(NotReady) as info:
        deploy_round(office.vault, CURRENT, out)
    assert [t.name for t in info.value.teams if not t.ready] == ["第二巡察组", "第三巡察组"]
    assert list(out.iterdir()) == []
    assert office.vault.keys.packages("out") == ledger and office.vault.records.content_digest() == digest


def test_ready_only_packages_import_into_new_team_vaults_carrying_exactly_their_units(
        office: Office, tmp_path: Path) -> None:
    _spoil(office)
    out = tmp_path / "d"
    out.mkdir()
    outcome = deploy_round(office.vault, CURRENT, out, ready_only=True)
    assert [t.name for t, _ in outcome.made] == ["第一巡察组"]
    assert [t.name for t in outcome.skipped] == ["第二巡察组", "第三巡察组"]
    [(team, result)] = outcome.made
    assert sorted(p.name for p in out.iterdir()) == [result.path.name]
    assert CURRENT in result.path.name and "01第一巡察组" in result.path.name

    laptop = office.laptops["第一巡察组"]
    signer = display(str(public_document(office.vault)["fingerprint"]))
    with pytest.raises(PackageError) as info:  # encrypted to the team's key alone
        import_packages(office.laptops["第二巡察组"], [result.path], trust_signer=signer)
    assert info.value.reason == "not_for_us"
    import_packages(laptop, [result.path], trust_signer=signer)
    current_units = {u.id for u in laptop.records.iter(Unit) if u.round_id == office.round_id}
    assert current_units == office.units["第一巡察组"]
    assert {p.id for p in laptop.records.iter(Person)} == office.people["第一巡察组"]
    # 回头看: the earlier round's findings on 甲局 (K1), not those on 丙局 (K9).
    assert {r.title for r in laptop.records.iter(Problem)} == {"甲局问题1", "甲局问题2"}
    assert {r.title for r in laptop.records.iter(Rectification)} == {"甲局整改1", "甲局整改2"}
    assert {u.name for u in laptop.records.iter(Unit) if u.round_id != office.round_id} == {"甲局"}
    assert laptop.records.count("link") == 2 and laptop.check().ok


def test_every_team_ready_gets_its_own_package_and_an_incremental_one_brings_changes_only(
        office: Office, tmp_path: Path) -> None:
    first = tmp_path / "1"
    first.mkdir()
    outcome = deploy_round(office.vault, CURRENT, first)
    assert [t.name for t, _ in outcome.made] == list(TEAMS) and outcome.skipped == []
    signer = display(str(public_document(office.vault)["fingerprint"]))
    for team, result in outcome.made:
        laptop = office.laptops[team.name]
        import_packages(laptop, [result.path], trust_signer=signer)
        assert {u.id for u in laptop.records.iter(Unit) if u.round_id == office.round_id} == office.units[team.name]
        assert laptop.records.count("problem") == (2 if team.name == "第一巡察组" else 0)
    rec = office.vault.records
    unit = rec.get(sorted(office.units["第二巡察组"])[0], Unit)
    rec.save(dataclasses.replace(unit, address="新地址"))
    second = tmp_path / "2"
    second.mkdir()
    again = deploy_round(office.vault, CURRENT, second, incremental=True)
    changed = {t.name: r for t, r in again.made}
    assert all(r.mode == "incremental" for r in changed.values())
    assert changed["第二巡察组"].records == 1 and changed["第一巡察组"].records == 0
    import_packages(office.laptops["第二巡察组"], [changed["第二巡察组"].path])
    assert office.laptops["第二巡察组"].records.get(unit.id, Unit).address == "新地址"


def test_escrow_keys_are_recipients_too(office: Office, make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    from pyrage import x25519

    escrow = x25519.Identity.generate()
    office.vault.records.save(Setting(key="deploy.escrow", value=str(escrow.to_public())))
    outcome = deploy_round(office.vault, CURRENT, tmp_path)
    for _team, result in outcome.made:
        assert result.recipients[1:] == [str(escrow.to_public())]
        assert decrypt(result.path, escrow).startswith(b"PK")  # the escrow holder can read it


def test_a_cancel_leaves_no_file_and_nothing_in_the_ledger(office: Office, tmp_path: Path) -> None:
    tmp_path = tmp_path / "d"
    tmp_path.mkdir()
    ledger = office.vault.keys.packages("out")
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        deploy_round(office.vault, CURRENT, tmp_path, progress=progress)
    assert calls == [0, 1, 2] and list(tmp_path.iterdir()) == []
    assert office.vault.keys.packages("out") == ledger and office.vault.keys.pending_files() == []
    # The button's cancel too: here answered while the second package is being written.
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) == 4  # team 1: before, inside; team 2: before, inside

    with pytest.raises(Cancelled):
        deploy_round(office.vault, CURRENT, tmp_path, cancel=cancel)
    assert len(asked) == 4 and list(tmp_path.iterdir()) == []
    assert office.vault.keys.packages("out") == ledger and office.vault.keys.pending_files() == []


def test_file_names_never_overwrite(office: Office, tmp_path: Path) -> None:
    tmp_path = tmp_path / "d"
    tmp_path.mkdir()
    outcome = deploy_round(office.vault, CURRENT, tmp_path, today=dt.date(2024, 5, 6))
    again = deploy_round(office.vault, CURRENT, tmp_path, today=dt.date(2024, 5, 6))
    for (_, a), (_, b) in zip(outcome.made, again.made, strict=True):
        assert b.path.name == a.path.name.replace(".xcp", "-2.xcp") and a.path.exists()
    assert len(list(tmp_path.iterdir())) == 2 * len(TEAMS)


# --- trusting team keys by owner ------------------------------------------------------------------


def test_trust_by_owner_enrols_a_folder_or_nothing(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    office = make_vault("office.xcv", role="office", owner="市委巡察办")
    rnd = office.records.save(Round(title=CURRENT, kind="常规"))
    teams = {name: office.records.save(Team(name=name, round_id=rnd.id)) for name in TEAMS[:2]}
    folder = tmp_path / "keys"
    folder.mkdir()
    laptops = {name: make_vault(f"{n}.xcv", role="team", owner=name) for n, name in enumerate(TEAMS[:2])}
    for n, laptop in enumerate(laptops.values()):
        (folder / f"{n}.keys").write_bytes(keyfile(laptop))
    hostile = {
        "big.keys": b"{" + b" " * (1 << 20),
        "garbage.keys": b"\x00\xffnot json",
        "stranger.keys": keyfile(make_vault("s.xcv", role="team", owner="不存在的组")),
        "office.keys": keyfile(make_vault("o2.xcv", role="office", owner="第一巡察组")),
        "twice.keys": keyfile(laptops["第一巡察组"]),
    }
    for name, data in hostile.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "fifo.keys")  # would block a plain open
    (folder / "link.keys").symlink_to(folder / "0.keys")
    digest = office.records.content_digest()
    outcome = trust_by_owner(office, folder, CURRENT)
    refused = {r.name: r.reason for r in outcome.refused}
    assert outcome.enrolled == [] and set(refused) == set(hostile) | {"fifo.keys", "link.keys"}, refused
    assert "文件过大" in refused["big.keys"] and "不是本轮次任何巡察组" in refused["stranger.keys"]
    assert "角色" in refused["office.keys"] and "同属" in refused["twice.keys"]
    assert office.records.content_digest() == digest and office.keys.all_trusted() == []

    for name in [*hostile, "fifo.keys", "link.keys"]:
        (folder / name).unlink()
    outcome = trust_by_owner(office, folder, CURRENT)
    assert outcome.refused == [] and len(outcome.enrolled) == 2
    for name, laptop in laptops.items():
        team = office.records.get(teams[name].id, Team)
        assert team.key_fingerprint == public_document(laptop)["fingerprint"]


# --- the command line ---------------------------------------------------------------------------------


def run(*args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XUNCHA_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def test_cli_deploy_refuses_then_ready_only_and_trust_team(office: Office, make_vault: Callable[..., Vault],
                                                           tmp_path: Path) -> None:
    _spoil(office)
    path = tmp_path / "office-copy.xcv"
    office.vault.close()
    shutil.copy(tmp_path / "office.xcv", path)
    out = tmp_path / "d"
    out.mkdir()
    done = run("deploy", path, "--round", CURRENT, "--out-dir", out)
    assert done.returncode == 1, done.stderr
    assert "未就绪：第二巡察组：缺少组长授权文号（一次一授权）；成员第二巡察组组长未签保密承诺书" in done.stdout
    assert "未就绪：第三巡察组：未登记部署包接收密钥" in done.stdout and "Traceback" not in done.stderr
    assert list(out.iterdir()) == []

    (tmp_path / "third.keys").write_bytes(keyfile(office.laptops["第三巡察组"]))
    done = run("trust", path, tmp_path / "third.keys", "--team", "第三巡察组", "--round", CURRENT)
    assert done.returncode == 0, done.stderr
    assert "已信任并登记为该组的部署包接收密钥" in done.stdout
    done = run("deploy", path, "--round", CURRENT, "--out-dir", out, "--ready-only")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("已生成完整部署包") == 2 and "未就绪：第二巡察组" in done.stdout
    assert len(list(out.iterdir())) == 2
    assert run("deploy", path, "--round", "没有这一轮", "--out-dir", out).returncode == 1


def test_keys_file_of_the_wrong_shape_is_refused_by_trust_team(office: Office, tmp_path: Path) -> None:
    (tmp_path / "bad.keys").write_bytes(b"not a keys file")
    office.vault.close()
    done = run("trust", tmp_path / "office.xcv", tmp_path / "bad.keys", "--team", "第一巡察组")
    assert done.returncode != 0 and "Traceback" not in done.stderr and "公钥文件" in done.stderr


# --- the acceptance's last line, in process: new team vaults, a fresh --out-dir ------------------------


def test_ready_only_into_a_fresh_out_dir_then_each_package_into_a_new_team_vault(
        office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``deploy --out-dir d/ --ready-only`` on a folder not made yet (issue 13's acceptance): refused
    while a team is not ready and d/ is not made; then made, one package per ready team, and each
    package goes into a NEW team vault (``new --role team``, its keys trusted by the office with
    ``trust --team``, ``import --trust-signer``) carrying exactly its units and its 回头看 material."""
    from app.cli import EXIT_OK, main
    from app.storage import kdf
    from app.storage import vault as vault_module

    monkeypatch.setattr(vault_module, "calibrate", lambda *a, **k: kdf.TEST_PARAMS)
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    monkeypatch.chdir(tmp_path)
    _spoil(office)  # 第二巡察组 not ready (no authorisation, no pledge), 第三巡察组 no key
    signer = display(str(public_document(office.vault)["fingerprint"]))
    office.vault.close()

    def cli(*argv: str) -> tuple[int, str]:
        code = main(list(argv))
        got = capsys.readouterr()
        return code, got.out + got.err

    for name, number in (("第一巡察组", 1), ("第三巡察组", 3)):  # each laptop makes its vault and its keys file
        assert cli("new", f"t{number}.xcv", "--role", "team", "--owner", name)[0] == EXIT_OK
        assert cli("keys", f"t{number}.xcv", "--out", f"t{number}.keys")[0] == EXIT_OK
        code, text = cli("trust", "office.xcv", f"t{number}.keys", "--team", name, "--round", CURRENT)
        assert code == EXIT_OK, text
    code, text = cli("deploy", "office.xcv", "--round", CURRENT, "--out-dir", "d/")
    assert code == 1 and "未就绪：第二巡察组" in text and "第三巡察组" not in text
    assert not (tmp_path / "d").exists()  # refused: no folder made
    code, text = cli("deploy", "office.xcv", "--round", CURRENT, "--out-dir", "missing/d/", "--ready-only")
    assert code == 1 and "目录不存在：missing" in text and not (tmp_path / "missing").exists()
    code, text = cli("deploy", "office.xcv", "--round", CURRENT, "--out-dir", "d/", "--ready-only")
    assert code == EXIT_OK, text
    packages = sorted((tmp_path / "d").iterdir())
    assert [p.name.split("-")[2] for p in packages] == ["01第一巡察组", "03第三巡察组"]
    assert "已生成部署包 2 个；未就绪未生成 1 个" in text

    for package, (name, number) in zip(packages, (("第一巡察组", 1), ("第三巡察组", 3)), strict=True):
        code, text = cli("import", f"t{number}.xcv", str(package), "--trust-signer", signer)
        assert code == EXIT_OK, text
        with Vault.open(tmp_path / f"t{number}.xcv", PASSPHRASE) as laptop:
            assert {u.id for u in laptop.records.iter(Unit) if u.round_id == office.round_id} == office.units[name]
            assert {p.id for p in laptop.records.iter(Person)} == office.people[name]
            earlier = {r.id for kind in (Problem, Rectification, Unit, Link) for r in laptop.records.iter(kind)
                       if getattr(r, "round_id", None) != office.round_id}
            assert earlier == office.revisit[name]  # 回头看: 甲局's earlier findings for 第一巡察组, nothing else
            assert laptop.check().ok
        code, text = cli("import", f"t{4 - number}.xcv", str(package), "--trust-signer", signer)
        assert code != EXIT_OK  # encrypted to its own team's key alone


def test_a_folder_made_for_the_packages_is_removed_again_on_a_cancel(office: Office, tmp_path: Path) -> None:
    folder = tmp_path / "new"

    def progress(done: int, total: int) -> None:
        if done == 1:
            raise Cancelled()

    with pytest.raises(Cancelled):
        deploy_round(office.vault, CURRENT, folder, progress=progress)
    assert not folder.exists()
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(DeployError, match="不是目录"):
        deploy_round(office.vault, CURRENT, tmp_path / "file")
    outcome = deploy_round(office.vault, CURRENT, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(r.path.name for _, r in outcome.made)
