"""The built-in statistics tables (issue 14 §1): teams, units, leads, headings, cross, sectors, province.

Each is built from the SQL aggregates of app/storage/stats.py and registered in app/services/stats.py.
"""

from __future__ import annotations

from app.domain.vocab import SEED
from app.services.stats import Cell, Column, StatQuery, StatTable, register
from app.storage import stats as sql
from app.storage.vault import Vault

CROSS, OWN = "交叉", "本级"


def _per(n: int, d: int) -> float | None:
    return n / d if d else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


@register("cross", "交叉巡察与本级巡察对比")
def cross(vault: Vault, query: StatQuery) -> StatTable:
    """Per mode: units, leads handed over (per unit), those about ``--cadre`` cadres (per unit), problems
    (per unit); then the row ``ratio`` of 交叉 to 本级. Units with nothing count in the denominator."""
    counts = {row[0]: row for row in sql.cross_counts(vault, query.round_id, query.cadre)}
    order = [m for m in SEED["inspection_mode"][2] if m in counts] + sorted(m for m in counts
                                                                           if m not in SEED["inspection_mode"][2])
    columns = (Column("mode", "巡察方式", "text"), Column("units", "被巡察单位数"),
               Column("leads_transferred", "移交问题线索数"),
               Column("leads_transferred_per_unit", "单位平均移交线索", "figure"),
               Column("cadre_leads", f"其中涉及{query.cadre}"),
               Column("cadre_leads_per_unit", f"单位平均涉及{query.cadre}线索", "figure"),
               Column("problems", "发现问题数"), Column("problems_per_unit", "单位平均发现问题", "figure"))
    rows: list[tuple[Cell, ...]] = []
    per: dict[str, tuple[float | None, float | None, float | None]] = {}
    for mode in order:
        _m, units, leads, cadre, problems = counts[mode]
        per[mode] = (_per(leads, units), _per(cadre, units), _per(problems, units))
        rows.append((mode or "未填", units, leads, per[mode][0], cadre, per[mode][1], problems, per[mode][2]))
    empty = (None, None, None)
    a, b = per.get(CROSS, empty), per.get(OWN, empty)
    rows.append(("ratio", None, None, _ratio(a[0], b[0]), None, _ratio(a[1], b[1]), None, _ratio(a[2], b[2])))
    return StatTable("cross", "交叉巡察与本级巡察对比", columns, rows,
                     summary=[("ratio", _ratio(a[0], b[0]))])
