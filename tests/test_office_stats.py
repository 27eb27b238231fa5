"""The office's statistics (issue 14 §1): the table registry, the tables' figures, ``stats --out``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.records import Interview, Lead, Member, Paper, Person, Problem, Round, Team, Unit
from app.domain.vocab import HEADINGS
from app.exchange.package import (
    display,
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    public_document,
    recipients_from_trusted,
    trust,
)
from app.services import stats
from app.services.packages import import_packages_job
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

D = dt.date(2024, 6, 1)


def office(make_vault: Callable[..., Vault]) -> tuple[Vault, Round]:
    vault = make_vault("office.xcv", role="office", owner="某市委巡察办")
    rnd = vault.records.save(Round(title="十二届市委第五轮巡察", kind="常规", level="市"))
    return vault, rnd


def units(vault: Vault, rnd: Round, mode: str, n: int, prefix: str) -> list[Unit]:
    return vault.records.save_many([Unit(name=f"{prefix}{i}", round_id=rnd.id, mode=mode) for i in range(n)])


def lead(unit: Unit, cadre: str = "", status: str = "已移交", transferred: dt.date | None = D, **kw: object) -> Lead:
    return Lead(unit_id=unit.id, subject_name="某某", source="信访举报", summary="问题", cadre_level=cadre,
                status=status, transferred_at=transferred, transfer_to="纪委监委" if transferred else "", **kw)


def cross_vault(make_vault: Callable[..., Vault]) -> tuple[Vault, Round]:
    """3 交叉 units with 6 handed-over leads (4 about 县管干部), 6 本级 units with 6 (2), as the issue's test."""
    vault, rnd = office(make_vault)
    cross = units(vault, rnd, "交叉", 3, "交叉单位")
    own = units(vault, rnd, "本级", 6, "本级单位")
    leads = [lead(cross[0], "县管干部"), lead(cross[0], "县管干部"), lead(cross[1], "县管干部"),
             lead(cross[1], "县管干部"), lead(cross[1], "乡科级干部"), lead(cross[1])]  # cross[2]: none
    leads += [lead(own[0], "县管干部"), lead(own[0]), lead(own[1], "县管干部"), lead(own[1]), lead(own[2]),
              lead(own[2], "一般干部")]  # own[3..5]: none, in the denominator all the same
    # not handed over: 拟移交 without transferred_at, and a lead still being looked at
    leads += [lead(cross[2], "县管干部", status="拟移交", transferred=None),
              lead(own[3], "县管干部", status="核实中", transferred=None)]
    vault.records.save_many(leads)
    vault.records.save_many([Problem(unit_id=cross[0].id, title="问题", heading=HEADINGS[0],
                                     description="表现")])
    return vault, rnd


def test_cross_prints_the_issues_figures(make_vault: Callable[..., Vault]) -> None:
    vault, rnd = cross_vault(make_vault)
    lines = stats.compute(vault, "cross", stats.StatQuery(rnd.id, D, "县管干部")).lines()
    assert "leads_transferred_per_unit 交叉: 2.00" in lines
    assert "leads_transferred_per_unit 本级: 1.00" in lines
    assert "leads_transferred_per_unit ratio: 2.00" in lines
    assert "cadre_leads_per_unit 交叉: 1.33" in lines
    assert "cadre_leads_per_unit 本级: 0.33" in lines
    assert "cadre_leads_per_unit ratio: 4.00" in lines
    assert "units 交叉: 3" in lines and "units 本级: 6" in lines
    assert "leads_transferred 交叉: 6" in lines  # the 拟移交 lead without transferred_at is not counted
    assert "ratio_leads: 2.00" in lines and "ratio_cadre_leads: 4.00" in lines


def test_registry_refuses_an_unknown_table_naming_the_known(make_vault: Callable[..., Vault]) -> None:
    vault, _rnd = office(make_vault)
    with pytest.raises(stats.UnknownTable, match="cross"):
        stats.compute(vault, "nosuch", stats.StatQuery())


def test_stats_cli_prints_and_writes_text_never_formulas(make_vault: Callable[..., Vault], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    vault, rnd = cross_vault(make_vault)
    vault.records.save(Unit(name="=HYPERLINK(\"http://x\")", round_id=rnd.id, mode="=1+1"))
    path = vault.path
    vault.close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    book = tmp_path / "cross.xlsx"
    assert main(["stats", str(path), "--table", "cross", "--round", rnd.title, "--out", str(book)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "units 交叉: 3" in printed and "units =1+1: 1" in printed
    ws = load_workbook(book).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(c.value == "=1+1" and c.data_type == "s" for c in cells)
    assert not [c for c in cells if c.data_type == "f"]
    assert main(["stats", str(path), "--table", "cross", "--out", str(book)]) == 1  # never overwritten
    assert main(["stats", str(path), "--table", "nosuch"]) == 2


# --- consolidation: 5 team handoffs in every order --------------------------------------------


def _keyfile(vault: Vault) -> bytes:
    return json.dumps(public_document(vault), ensure_ascii=False).encode()


def _fingerprint(vault: Vault) -> str:
    return str(public_document(vault)["fingerprint"])


def _team_work(team: Vault, n: int, units_: list[Unit], team_id: str) -> list[Lead]:
    saved = team.records.save_many(
        [Person(name=f"必谈{n}-{i}", unit_id=u.id, mandatory=True) for i, u in enumerate(units_)])
    team.records.save(Interview(interviewee=saved[0].name, person_id=saved[0].id, unit_id=units_[0].id,
                                team_id=team_id, time=dt.datetime(2024, 5, n + 1, 9), kind="必谈"))
    papers = team.records.save_many(
        [Paper(title=f"底稿{n}-{i}", number=f"〔2024〕5巡-{n}组-0{i + 1}号", unit_id=u.id, team_id=team_id,
               heading=HEADINGS[(n + i) % 4],
               tag="三重一大" if i else "", facts="事实", state="组务会审核", review_opinion="同意")
         for i, u in enumerate(units_)])
    for paper in papers:
        team.sign_paper(paper.id, PASSPHRASE, on=dt.date(2024, 5, 20))
    team.records.save_many([Problem(title=f"问题{n}-{i}", unit_id=u.id, team_id=team_id, heading=HEADINGS[n % 4],
                                    description="表现") for i, u in enumerate(units_)])
    leads = [lead(units_[i % 2], "县管干部" if i % 2 else "", status="核实中", transferred=None, team_id=team_id)
             for i in range(n + 1)]
    return team.records.save_many(leads)


@pytest.fixture(scope="module")
def consolidation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], str]:
    """An office vault with a round of 5 teams (2 units each, 交叉 and 本级), and 5 handoffs: teams 1–4 one
    each, team 1 a second (incremental: it hands over a lead of its first); team 5 sends nothing."""
    folder = tmp_path_factory.mktemp("consolidation")
    office = Vault.create(folder / "office.xcv", PASSPHRASE, role="office", owner="某市委巡察办", kdf=TEST_PARAMS)
    rnd = office.records.save(Round(title="十二届市委第五轮巡察", kind="常规", level="市"))
    teams = office.records.save_many([Team(name=f"第{n}巡察组", round_id=rnd.id, number=n) for n in range(1, 6)])
    office_units = office.records.save_many(
        [Unit(name=f"单位{t.number}-{i}", round_id=rnd.id, team_id=t.id, mode="交叉" if i else "本级")
         for t in teams for i in range(2)])
    packages: list[Path] = []
    (folder / "handoffs").mkdir()
    for n, team in enumerate(teams[:4], 1):
        office.records.save(Member(name=f"组长{n}", team_id=team.id, role="组长"))
        vault = Vault.create(folder / f"team{n}.xcv", PASSPHRASE, role="team", owner=f"组长{n}", kdf=TEST_PARAMS)
        trust(office, load_key_file(_keyfile(vault)))
        office.records.save(dataclasses.replace(team, key_fingerprint=_fingerprint(vault)))
        deployment = folder / f"deploy{n}.xcp"
        export_package(office, deployment, parse_recipients(_keyfile(vault)), kind="deployment", team=team.id)
        import_packages(vault, [deployment], trust_signer=display(_fingerprint(office)))
        units_ = [u for u in office_units if u.team_id == team.id]
        leads = _team_work(vault, n, units_, team.id)
        to_office = recipients_from_trusted(vault, [_fingerprint(office)[:32]])
        packages.append(folder / "handoffs" / f"handoff{n}.xcp")
        export_package(vault, packages[-1], to_office, kind="handoff")
        if n == 1:
            vault.records.save(dataclasses.replace(leads[0], status="已移交", transferred_at=D, transfer_to="纪委监委"))
            packages.append(folder / "handoffs" / "handoff1b.xcp")
            export_package(vault, packages[-1], to_office, kind="handoff", incremental=True)
        vault.close()
    office.close()
    return folder / "office.xcv", packages, rnd.id


def _figures(vault: Vault, round_id: str) -> str:
    query = stats.StatQuery(round_id, dt.date(2024, 7, 1), "县管干部")
    tables = [stats.compute(vault, name, query) for name in ("teams", "cross", "headings")]
    return "\n".join(line for table in tables for line in table.lines())


def test_consolidation_is_order_independent(consolidation: tuple[Path, list[Path], str], tmp_path: Path) -> None:
    base, packages, round_id = consolidation
    seen: set[str] = set()
    for number, order in enumerate(itertools.permutations(packages)):
        copy = tmp_path / f"o{number}.xcv"
        shutil.copyfile(base, copy)
        with Vault.open(copy, PASSPHRASE) as vault:
            if number % 2:
                import_packages_job(vault, list(order))  # one transaction
            else:
                for package in order:  # one at a time, as they arrive
                    import_packages_job(vault, [package])
            seen.add(_figures(vault, round_id))
        copy.unlink()
    assert len(seen) == 1
    [figures] = seen
    lines = figures.splitlines()
    assert "units 第1巡察组: 2" in lines and "interviews 第1巡察组: 1" in lines
    assert "leads 第1巡察组: 2" in lines and "papers_signed 第4巡察组: 2" in lines
    assert "last_handoff_seq 第1巡察组: 2" in lines and "last_handoff_seq 第5巡察组: -" in lines
    assert "leads_transferred 本级: 1" in lines  # the lead team 1's second handoff handed over
    assert "teams reported: 4/5" in lines


def test_import_dir_names_each_packages_team_and_the_teams_reported(
        consolidation: tuple[Path, list[Path], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    base, packages, _round_id = consolidation
    copy = tmp_path / "o.xcv"
    shutil.copyfile(base, copy)
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    assert main(["import", str(copy), "--dir", str(packages[0].parent)]) == 0
    printed = capsys.readouterr().out.splitlines()
    imported = [line for line in printed if line.startswith("已导入")]
    assert len(imported) == 5
    first = "巡察组：第1巡察组（十二届市委第五轮巡察），被巡察单位：单位1-0、单位1-1"
    assert sum(first in line for line in imported) == 2
    assert any("巡察组：第4巡察组（十二届市委第五轮巡察）" in line for line in imported)
    assert "teams reported: 4/5（十二届市委第五轮巡察）" in printed
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["import", str(copy), "--dir", str(empty)]) == 2
    assert "没有交接包" in capsys.readouterr().err


# --- upward statistics --------------------------------------------------------------------------


def _column(lines: list[str], column: str) -> dict[str, str]:
    prefix = f"{column} "
    return {line[len(prefix):].split(": ")[0]: line.split(": ", 1)[1] for line in lines if line.startswith(prefix)}


def test_upward_with_stats_adds_the_city_to_the_province_once(make_vault: Callable[..., Vault], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    city, rnd = cross_vault(make_vault)
    problem = city.records.list(Problem)[0]
    province_ = make_vault("prov.xcv", role="office", owner="省委巡视办")
    own = province_.records.save(Round(title="涉粮问题专项巡视巡察", kind="专项", level="省"))
    province_.records.save_many([Unit(name=f"省直单位{i}", round_id=own.id, mode="本级") for i in range(7)])
    trust(province_, load_key_file(_keyfile(city)))
    trust(city, load_key_file(_keyfile(province_)))
    (tmp_path / "prov.keys").write_bytes(_keyfile(province_))
    paths = {name: v.path for name, v in (("city", city), ("prov", province_))}
    city.close()
    province_.close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)

    def up(name: str) -> None:
        assert main(["export", str(paths["city"]), "--to", str(tmp_path / name), "--for", str(tmp_path / "prov.keys"),
                     "--kind", "upward", "--round", rnd.title, "--with-stats", "--select", problem.id]) == 0

    def table(name: str, *extra: str) -> list[str]:
        capsys.readouterr()
        assert main(["stats", str(paths[name]), "--table", "province", *extra]) == 0
        return capsys.readouterr().out.splitlines()

    up("up1.xcp")
    with Vault.open(paths["city"], PASSPHRASE) as vault:  # the city's figures change, then go up again
        vault.records.save(Unit(name="新增单位", round_id=rnd.id, mode="本级"))
    up("up2.xcp")
    city_total = _column(table("city", "--round", rnd.title), "本级合计")
    assert city_total["巡察单位数"] == "10" and city_total["移交问题线索数"] == "12"
    assert city_total["其中县管干部"] == "6"

    assert main(["import", str(paths["prov"]), str(tmp_path / "up2.xcp"), str(tmp_path / "up1.xcp")]) == 0
    lines = table("prov")
    assert _column(lines, "下级市") == city_total  # the newer figures, once, though both packages came
    assert _column(lines, "本级合计")["巡察单位数"] == "7"  # the city's unit that came as context is not its own
    assert _column(lines, "下级个案")["发现问题数"] == "1"
    assert _column(lines, "总计")["巡察单位数"] == "17"


def test_every_tables_columns_have_english_labels(make_vault: Callable[..., Vault]) -> None:
    """The window's English interface heads the tables in English (Column.english); only vocabulary
    values inside a label (the cadre level, a round's level and mode, a problem tag) stay as they are."""
    import re

    vault, rnd = cross_vault(make_vault)
    data_words = ("县管干部", "市", "交叉", "本级", "未填")
    for name in stats.tables():
        for query in (stats.StatQuery(rnd.id, D), stats.StatQuery(None, D)):
            for column in stats.compute(vault, name, query).columns:
                if column.key == column.label:  # a vocabulary value as the column (sectors' tags)
                    continue
                english = column.english
                for word in data_words:
                    english = english.replace(word, "")
                assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", english), (name, column)
    assert stats.Column("x", "被巡察单位", "text").english == "Inspected unit"
    assert stats.Column("x", "涉及县管干部线索", label_en="Leads about 县管干部").english == "Leads about 县管干部"


def _live_figures(vault: Vault) -> list[str]:
    from app.domain.records import Setting

    return [s.value for s in vault.records.list(Setting) if s.key.startswith("stats.province:")]


def test_a_failed_upward_export_with_stats_leaves_the_figures_as_they_were(
        make_vault: Callable[..., Vault], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The figures are written before the package is made; an export refused or failed leaves none:
    what refuses an export is checked before they are written, and a later failure takes them back."""
    from app.domain.records import Setting
    from app.services import packages

    city, rnd = cross_vault(make_vault)
    problem = city.records.list(Problem)[0]
    province_ = make_vault("prov.xcv", role="office", owner="省委巡视办")
    trust(city, load_key_file(_keyfile(province_)))
    keys = tmp_path / "prov.keys"
    keys.write_bytes(_keyfile(province_))
    province_.close()
    path = city.path
    city.close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    (tmp_path / "exists.xcp").write_bytes(b"not ours")

    def export(target: str, *select: str) -> int:
        return main(["export", str(path), "--to", str(tmp_path / target), "--for", str(keys), "--kind", "upward",
                     "--round", rnd.title, "--with-stats", *(a for s in select for a in ("--select", s))])

    def digest() -> str:
        with Vault.open(path, PASSPHRASE) as vault:
            return vault.records.content_digest()

    before = digest()
    assert export("exists.xcp", problem.id) != 0  # the target exists
    assert export("none.xcp") != 0  # nothing selected
    assert export("bad.xcp", "0190f1f0-0000-7000-8000-000000000000") != 0  # not a problem or lead here
    assert digest() == before  # refused before the figures were written: the vault as it was

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(packages, "run_export", disk_full)
    assert export("late.xcp", problem.id) != 0
    with Vault.open(path, PASSPHRASE) as vault:
        assert _live_figures(vault) == []  # written, then taken back (a deleted setting stays in the history)
    monkeypatch.undo()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)
    assert export("up1.xcp", problem.id) == 0
    with Vault.open(path, PASSPHRASE) as vault:
        sent = _live_figures(vault)
        assert len(sent) == 1
        vault.records.save(Unit(name="新增单位", round_id=rnd.id, mode="本级"))  # the figures would change
    monkeypatch.setattr(packages, "run_export", disk_full)
    assert export("late2.xcp", problem.id) != 0
    with Vault.open(path, PASSPHRASE) as vault:
        assert _live_figures(vault) == sent  # the figures of the package that went, not the failed one's
        assert all(not s.deleted for s in vault.records.list(Setting) if s.key.startswith("stats.province:"))
def test_the_demos_cross_lines_are_the_cross_tables(make_vault: Callable[..., Vault]) -> None:
    """What ``demo --scale office`` prints after the counts: the latest round's cross table, a line per mode."""
    from app.services.stats_tables import latest_cross

    vault, rnd = cross_vault(make_vault)
    title, lines = latest_cross(vault)
    assert title == rnd.title
    assert "mode 交叉: units 3, leads_transferred_per_unit 2.00, cadre_leads_per_unit 1.33, problems_per_unit 0.33" \
        in lines
    assert "mode 本级: units 6, leads_transferred_per_unit 1.00, cadre_leads_per_unit 0.33, problems_per_unit 0.00" \
        in lines
    assert "ratio_leads: 2.00" in lines and "ratio_cadre_leads: 4.00" in lines
