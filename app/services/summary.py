"""The 汇总 page's figures (issue 14 §1), computed in one op on the worker: the rounds to choose from,
the per-team progress, the units (for a team's double-click), leads by source, discipline, cadre level
and route, the 四个落实 distribution, rectification per unit (overdue first) and the cross comparison.

All of it is the statistics tables of app/services/stats.py (SQL aggregates), so the page and
``stats`` give the same figures and the page's "导出 Excel" writes the table it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain.records import Round
from app.services.stats import Cell, Column, StatQuery, StatTable, compute
from app.storage import stats as sql
from app.storage.vault import Vault

#: (leads table dimension label, chart) in the page's order.
LEAD_CHARTS = ("线索来源", "涉嫌违反纪律类别", "干部层级", "拟处置方式")


def _int(value: Cell) -> int:
    return value if isinstance(value, int) else 0


@dataclass
class Summary:
    rounds: list[tuple[str, str]] = field(default_factory=list)
    round_id: str | None = None
    teams: StatTable | None = None
    units: StatTable | None = None
    leads: StatTable | None = None
    headings: StatTable | None = None
    cross: StatTable | None = None
    rectification: StatTable | None = None

    def tally(self, table: StatTable | None, dimension: str) -> list[tuple[str, int]]:
        """(value, count) of one dimension of a leads or headings table."""
        if table is None:
            return []
        return [(str(r[1]), _int(r[2])) for r in table.rows if r[0] == dimension]

    def cross_bars(self) -> list[tuple[str, int, float | None]]:
        """(mode, units, leads handed over per unit) of each mode of the cross table."""
        if self.cross is None:
            return []
        return [(str(r[0]), _int(r[1]), r[3] if isinstance(r[3], float) else None)
                for r in self.cross.rows if r[0] != "ratio"]

    def cross_ratio(self) -> float | None:
        if self.cross is None:
            return None
        value = dict(self.cross.summary).get("ratio_leads")
        return value if isinstance(value, float) else None


def rectification_by_unit(vault: Vault, query: StatQuery) -> StatTable:
    """Per unit with rectification items: items, done, open, overdue; overdue first."""
    counts = sql.per_owner(vault, "unit", query.round_id, query.cadre, query.today)
    rows: list[tuple[Cell, ...]] = []
    for unit_id, name, _mode, _team, _round, _sector in sql.units_of(vault, query.round_id):
        c = counts.get(unit_id, {})
        if c.get("rect_items"):
            rows.append((name, c["rect_items"], c.get("rect_done", 0), c["rect_items"] - c.get("rect_done", 0),
                         c.get("rect_overdue", 0)))
    rows.sort(key=lambda r: (-_int(r[4]), -_int(r[3]), str(r[0])))
    columns = (Column("unit", "整改单位", "text"), Column("items", "整改事项"), Column("done", "已完成"),
               Column("open", "未完成"), Column("overdue", "已逾期"))
    return StatTable("rectification-units", "整改进度（逾期优先）", columns, rows)


def compute_summary(vault: Vault, round_id: str | None, today: dt.date, cadre: str = "县管干部") -> Summary:
    """Every figure of the 汇总 page for ``round_id`` (None: the latest round, when there is one)."""
    rounds = [(r.id, r.title) for r in vault.records.iter(Round)]
    if round_id is None and rounds:
        round_id = rounds[-1][0]
    query = StatQuery(round_id, today, cadre)
    return Summary(rounds, round_id, compute(vault, "teams", query), compute(vault, "units", query),
                   compute(vault, "leads", query), compute(vault, "headings", query),
                   compute(vault, "cross", query), rectification_by_unit(vault, query))
