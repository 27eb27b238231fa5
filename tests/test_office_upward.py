"""Results linkage upward, as issue 14's acceptance runs it on the command line, on a small city office:
a **new** province vault (no round of its own yet), keys and trust both ways, ``export --kind upward
--round … --with-stats --select-file top10.txt``, ``import``, then

* ``stats prov.xcv --table province``: its 下级市 column is the city's ``stats --round … --table province``
  本级合计, the findings that came up are counted apart (下级个案), and the city's round is not taken for
  the province's own (it has no 市·… column, 本级合计 counts nothing);
* ``search prov.xcv 招待``: every imported finding shows its origin (round · team).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from app.domain.names import origin_label
from app.domain.records import Lead, Problem, Rectification, Round, Team, Unit
from app.domain.vocab import HEADINGS
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.test_office_stats import _column

ROUND = "十二届市委第五轮巡察"
D = dt.date(2024, 6, 1)


def city_office(make_vault: Callable[..., Vault]) -> tuple[Vault, Round, dict[str, Team], list[Problem]]:
    """Two teams, four units (交叉 and 本级), a lead each, and five problems about 招待费, three of them chosen."""
    vault = make_vault("o.xcv", role="office", owner="某市委巡察办")
    rnd = vault.records.save(Round(title=ROUND, session="十二届", number=5, year=2024, kind="常规", level="市",
                                   committee="中共某市委员会"))
    teams = {t.name: t for t in vault.records.save_many(
        [Team(name=name, round_id=rnd.id, number=n) for n, name in ((1, "第一巡察组"), (3, "第三巡察组"))])}
    units = vault.records.save_many(
        [Unit(name=f"{c}县财政局党组", round_id=rnd.id, team_id=teams[t].id, mode=m)
         for c, t, m in (("A", "第一巡察组", "本级"), ("B", "第一巡察组", "本级"), ("C", "第三巡察组", "交叉"),
                         ("D", "第三巡察组", "交叉"))])
    vault.records.save_many([Lead(unit_id=u.id, team_id=u.team_id, subject_name="某某", source="信访举报",
                                  summary="问题", cadre_level="县管干部", status="已移交", transferred_at=D,
                                  transfer_to="纪委监委") for u in units])
    problems = vault.records.save_many(
        [Problem(unit_id=u.id, team_id=u.team_id, title=f"业务招待费报销手续不全（{u.name}）", heading=HEADINGS[2],
                 description="业务招待费报销缺少公函和接待清单。") for u in (*units, units[0])])
    vault.records.save_many([Rectification(title="健全业务招待费管理制度", problem_id=p.id, unit_id=p.unit_id,
                                           status="整改中", deadline=D) for p in problems])
    return vault, rnd, teams, problems


def test_the_city_demo_goes_up_to_a_new_province_vault(make_vault: Callable[..., Vault], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    city, rnd, teams, problems = city_office(make_vault)
    chosen = problems[1:4]  # teams 第一 and 第三
    unit_team = {u.id: u.team_id for u in city.records.list(Unit)}
    team_name = {t.id: t.name for t in teams.values()}
    expected_origin = {p.id: origin_label(rnd, teams[team_name[unit_team[p.unit_id or ""] or ""]])
                       for p in chosen}
    province = make_vault("prov.xcv", role="office", owner="省委巡视办")  # as `new`: no round of its own
    o, prov = str(city.path), str(province.path)
    city.close()
    province.close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)

    def run(*args: str) -> list[str]:
        capsys.readouterr()
        assert main(list(args)) == 0, capsys.readouterr()
        return capsys.readouterr().out.splitlines()

    keys = {name: str(tmp_path / f"{name}.keys") for name in ("prov", "city")}
    run("keys", prov, "--out", keys["prov"])
    run("keys", o, "--out", keys["city"])
    run("trust", o, keys["prov"])
    run("trust", prov, keys["city"])
    top = tmp_path / "top10.txt"
    top.write_text("".join(f"{p.id}\n" for p in chosen), encoding="utf-8")
    up = str(tmp_path / "up.xcp")
    run("export", o, "--to", up, "--for", keys["prov"], "--kind", "upward", "--round", ROUND, "--with-stats",
        "--select-file", str(top))

    imported = run("import", prov, up)
    assert "巡察组：第一巡察组、第三巡察组（十二届市委第五轮巡察）" in imported[0], imported
    assert not [line for line in imported if line.startswith("teams reported")]  # no team's work was reported

    city_total = _column(run("stats", o, "--round", ROUND, "--table", "province"), "本级合计")
    assert city_total["巡察单位数"] == "4" and city_total["发现问题数"] == "5"
    lines = run("stats", prov, "--table", "province")
    assert _column(lines, "下级市") == city_total  # the 市-level row: the city's figures as it reported them
    assert not _column(lines, "市·本级") and not _column(lines, "市·交叉")  # the city's round is not the province's
    assert set(_column(lines, "本级合计").values()) <= {"0", "-"}
    assert _column(lines, "下级个案")["发现问题数"] == "3"  # the findings that came up, apart, not added
    assert _column(lines, "总计")["发现问题数"] == "5" and _column(lines, "总计")["巡察单位数"] == "4"

    found = run("search", prov, "招待")
    shown = {line.split("\t")[1]: line.split("\t")[2] for line in found if line.startswith("反馈问题\t")}
    assert set(shown) == set(expected_origin)
    for pid, origin in expected_origin.items():
        assert shown[pid].endswith(f"［{origin}］"), shown[pid]
    assert {o.split(" · ")[1] for o in expected_origin.values()} == {"第一巡察组", "第三巡察组"}
