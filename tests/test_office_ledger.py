"""The office ledger as a person pivots it (issue 14 acceptance): the 问题线索台账 and 反馈问题 sheets counted by
(所属轮次, 被巡察单位), with each unit's mode read from the 被巡察单位 sheet, give the per-unit means that
``stats --table cross`` prints, round by round, although both rounds repeat the units' names."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from app.domain.records import Problem, Round, Team, Unit
from app.domain.rules import LEAD_HANDED_OVER
from app.domain.vocab import HEADINGS
from app.services import stats
from app.services.documents import UNITS_SHEET, export_ledger_file
from app.storage.vault import Vault
from tests.test_office_stats import lead

D = dt.date(2024, 6, 1)


def two_rounds(make_vault: Callable[..., Vault]) -> tuple[Vault, list[Round]]:
    """Rounds 4 and 5 over the same four organisations (same names, other modes), with leads of every kind."""
    vault = make_vault("office.xcv", role="office", owner="某市委巡察办")
    rounds = vault.records.save_many([Round(title="十二届市委第四轮巡察", number=4, year=2023, level="市"),
                                      Round(title="十二届市委第五轮巡察", number=5, year=2024, level="市")])
    leads, problems = [], []
    for r, modes in zip(rounds, (("本级", "本级", "本级", "提级"), ("交叉", "交叉", "本级", "本级")), strict=True):
        team = vault.records.save(Team(name="第一巡察组", round_id=r.id))
        units = vault.records.save_many([Unit(name=f"{c}县财政局党组", round_id=r.id, team_id=team.id, mode=m)
                                         for c, m in zip("ABCD", modes, strict=True)])
        first, second, third, _none = units
        leads += [lead(first, "县管干部"), lead(first, "县管干部"), lead(first, status="已反馈", feedback_at=D),
                  lead(second, "县管干部", status="已了结", transferred=None, closed_at=D,
                       result="予以了结"),  # counted by its status
                  lead(second, "县管干部", status="拟移交", transferred=None),  # not handed over
                  lead(third, "一般干部")]
        problems += [Problem(unit_id=u.id, title="问题", heading=HEADINGS[0], description="表现")
                     for u in (first, first, third)]
    vault.records.save_many([*leads, *problems])
    return vault, rounds


def sheet_rows(ws: object) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(min_row=2, values_only=True))  # type: ignore[attr-defined]
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_a_pivot_of_the_ledger_gives_the_cross_tables_means(make_vault: Callable[..., Vault],
                                                            tmp_path: Path) -> None:
    vault, rounds = two_rounds(make_vault)
    book = tmp_path / "l.xlsx"
    export_ledger_file(vault, book, today=D)
    wb = load_workbook(book)
    units = sheet_rows(wb[UNITS_SHEET])
    leads = sheet_rows(wb["问题线索台账"])
    problems = sheet_rows(wb["反馈问题"])
    assert {row["所属轮次"] for row in leads} == {r.title for r in rounds}  # the names alone would be ambiguous
    for rnd in rounds:
        mode_of = {row["被巡察单位"]: row["巡察方式"] for row in units if row["所属轮次"] == rnd.title}
        assert len(mode_of) == 4
        handed: Counter[str] = Counter()
        cadre: Counter[str] = Counter()
        for row in leads:
            if row["所属轮次"] == rnd.title and (row["移交时间"] or row["线索状态"] in LEAD_HANDED_OVER):
                handed[str(row["被巡察单位"])] += 1
                cadre[str(row["被巡察单位"])] += row["干部层级"] == "县管干部"
        found = Counter(str(row["被巡察单位"]) for row in problems if row["所属轮次"] == rnd.title)
        expected = []
        for mode in sorted(set(mode_of.values())):
            names = [n for n, m in mode_of.items() if m == mode]  # units with nothing count too
            for key, counts in (("leads_transferred_per_unit", handed), ("cadre_leads_per_unit", cadre),
                                ("problems_per_unit", found)):
                expected.append(f"{key} {mode}: {sum(counts[n] for n in names) / len(names):.2f}")
        printed = stats.compute(vault, "cross", stats.StatQuery(rnd.id, D, "县管干部")).lines()
        assert expected and set(expected) <= set(printed), (set(expected) - set(printed), printed)
    # round 5: 交叉 A, B: (3 + 1) / 2 handed; 本级 C, D: 1 / 2
    assert "leads_transferred_per_unit 交叉: 2.00" in printed and "leads_transferred_per_unit 本级: 0.50" in printed


def test_a_team_vaults_ledger_has_no_round_column_nor_units_sheet(make_vault: Callable[..., Vault],
                                                                 tmp_path: Path) -> None:
    vault = make_vault("team.xcv")
    rnd = vault.records.save(Round(title="十五届县委第三轮巡察"))
    unit = vault.records.save(Unit(name="某县财政局党组", round_id=rnd.id))
    vault.records.save(lead(unit))
    book = tmp_path / "t.xlsx"
    export_ledger_file(vault, book, today=D)
    wb = load_workbook(book)
    assert UNITS_SHEET not in wb.sheetnames
    assert "所属轮次" not in sheet_rows(wb["问题线索台账"])[0]
