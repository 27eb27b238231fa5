"""The office's statistics (issue 14 §1): the table registry, the tables' figures, ``stats --out``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.records import Lead, Problem, Round, Unit
from app.domain.vocab import HEADINGS
from app.services import stats
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
