"""SQL aggregates for the office's statistics (issue 14 §1; app/services/stats.py builds tables of them).

Each function counts in SQL over the per-kind tables (``r_unit``, ``r_lead``…, app/storage/store.py),
live records only, and returns plain tuples: no record is built, so 汇总 of ~113,000 records reads
counts, not rows. ``round_id`` None counts every round. Values never written are NULL in their
column and are counted as the empty value.
"""

from __future__ import annotations

from typing import Any

from app.storage.vault import Vault

#: A lead counts as handed over when transferred_at is set or its status says it went (issue 14 §1 cross).
HANDED_OVER = ("已移交", "已反馈", "已了结")
_HANDED_SQL = ("(COALESCE(l.transferred_at, '') <> '' OR l.status IN ("
               + ", ".join(f"'{s}'" for s in HANDED_OVER) + "))")


def _units_where(round_id: str | None) -> tuple[str, list[Any]]:
    if round_id is None:
        return "u.deleted = 0", []
    return "u.deleted = 0 AND u.round_id = ?", [round_id]


def cross_counts(vault: Vault, round_id: str | None, cadre: str) -> list[tuple[str, int, int, int, int]]:
    """Per unit mode: (mode, units, leads handed over, of them about ``cadre`` cadres, problems).
    Every unit of the round is counted, those with nothing too (they are in the per-unit denominator)."""
    where, params = _units_where(round_id)
    sql = f"""
        SELECT COALESCE(u.mode, '') AS mode, count(*),
               COALESCE(sum(lc.handed), 0), COALESCE(sum(lc.cadre), 0), COALESCE(sum(pc.n), 0)
        FROM r_unit u
        LEFT JOIN (SELECT l.unit_id, count(*) AS handed, sum(COALESCE(l.cadre_level, '') = ?) AS cadre
                   FROM r_lead l WHERE l.deleted = 0 AND {_HANDED_SQL} GROUP BY l.unit_id) lc ON lc.unit_id = u.id
        LEFT JOIN (SELECT p.unit_id, count(*) AS n FROM r_problem p WHERE p.deleted = 0
                   GROUP BY p.unit_id) pc ON pc.unit_id = u.id
        WHERE {where}
        GROUP BY mode ORDER BY mode"""
    return [(str(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]))
            for r in vault.con.execute(sql, [cadre, *params])]
