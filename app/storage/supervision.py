"""SQL reads for 督办 (docs/office.md, "督办"; app/services/supervision.py builds the tables and the page).

Two reads, each one query over the per-kind tables, live records only, returning plain tuples:

* :func:`open_handed_leads` — handed-over leads not yet concluded, with their unit and team: the only
  leads that can be past a deadline (the deadlines themselves are app/domain/rules.py's, since a
  multiple of 30 days counts calendar months);
* :func:`unit_follow_up` — per unit with a feedback date: its milestone dates and its rectification
  items counted (open, past their 完成时限, reopened by a 回头看).

``round_id`` None reads every round. A record belongs to its unit's round, else its team's
(app/storage/stats.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.domain.rules import LEAD_CLOSED, RECTIFICATION_DONE, REVISIT_NOT_DONE
from app.domain.supervision import MILESTONES
from app.storage.stats import _in
from app.storage.vault import Vault


def _date(raw: Any) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


#: (id, number, subject_name, status, transfer_to, transferred_at, feedback_at, closed_at, result, unit, team)
LeadRow = tuple[str, str, str, str, str, dt.date, dt.date | None, dt.date | None, str, str, str]


def open_handed_leads(vault: Vault, round_id: str | None = None) -> list[LeadRow]:
    """Leads with a 移交时间 that are not concluded (no 办结时间, status not 已了结), by 移交时间 then number."""
    sql = ("SELECT x.id, COALESCE(x.number, ''), COALESCE(x.subject_name, ''), COALESCE(x.status, ''), "
           "COALESCE(x.transfer_to, ''), x.transferred_at, x.feedback_at, x.closed_at, COALESCE(x.result, ''), "
           "COALESCE(u.name, ''), COALESCE(t.name, '') "
           "FROM r_lead x LEFT JOIN r_unit u ON u.id = x.unit_id AND u.deleted = 0 "
           "LEFT JOIN r_team t ON t.id = COALESCE(NULLIF(x.team_id, ''), u.team_id) AND t.deleted = 0 "
           "WHERE x.deleted = 0 AND COALESCE(x.transferred_at, '') <> '' AND COALESCE(x.closed_at, '') = '' "
           f"AND COALESCE(x.status, '') <> '{LEAD_CLOSED}'")
    params: list[Any] = []
    if round_id is not None:
        sql += " AND COALESCE(u.round_id, t.round_id) = ?"
        params.append(round_id)
    out: list[LeadRow] = []
    for row in vault.con.execute(sql + " ORDER BY x.transferred_at, x.number, x.id", params):
        sent = _date(row[5])
        if sent is None:
            continue
        out.append((row[0], row[1], row[2], row[3], row[4], sent, _date(row[6]), _date(row[7]), row[8], row[9],
                    row[10]))
    return out


#: (unit id, unit name, team name, round title, feedback_date, {milestone field: date}, items, open,
#: overdue, reopened)
UnitRow = tuple[str, str, str, str, dt.date | None, dict[str, dt.date | None], int, int, int, int]


def unit_follow_up(vault: Vault, today: dt.date, round_id: str | None = None) -> list[UnitRow]:
    """Every live unit with a feedback date (the ones under rectification), by round then name, with
    its milestone dates and its items: all, open (not 已完成/已销号), past their 完成时限 while open, and
    reopened (a 回头看 finding of 纸面整改/未到位)."""
    dates = ", ".join(f"u.{m.key}" for m in MILESTONES)
    open_ = f"COALESCE(x.status, '') NOT IN {_in(RECTIFICATION_DONE)}"
    items = ("SELECT x.unit_id AS unit_id, count(*) AS n, "
             f"sum({open_}) AS open_n, "
             f"sum({open_} AND COALESCE(x.deadline, '') <> '' AND x.deadline < ?) AS late_n, "
             f"sum(COALESCE(x.revisit_result, '') IN {_in(REVISIT_NOT_DONE)}) AS reopened_n "
             "FROM r_rectification x WHERE x.deleted = 0 GROUP BY x.unit_id")
    sql = (f"SELECT u.id, COALESCE(u.name, ''), COALESCE(t.name, ''), COALESCE(r.title, ''), u.feedback_date, "
           f"{dates}, COALESCE(i.n, 0), COALESCE(i.open_n, 0), COALESCE(i.late_n, 0), COALESCE(i.reopened_n, 0) "
           f"FROM r_unit u LEFT JOIN r_team t ON t.id = u.team_id AND t.deleted = 0 "
           f"LEFT JOIN r_round r ON r.id = COALESCE(u.round_id, t.round_id) AND r.deleted = 0 "
           f"LEFT JOIN ({items}) i ON i.unit_id = u.id "
           "WHERE u.deleted = 0 AND (COALESCE(u.feedback_date, '') <> '' OR i.n > 0)")
    params: list[Any] = [today.isoformat()]
    if round_id is not None:
        sql += " AND COALESCE(u.round_id, t.round_id) = ?"
        params.append(round_id)
    out: list[UnitRow] = []
    count = len(MILESTONES)
    for row in vault.con.execute(sql + " ORDER BY r.title, u.name, u.id", params):
        met = {m.key: _date(v) for m, v in zip(MILESTONES, row[5:5 + count], strict=True)}
        n, open_n, late_n, reopened_n = (int(v or 0) for v in row[5 + count:])
        out.append((row[0], row[1], row[2], row[3], _date(row[4]), met, n, open_n, late_n, reopened_n))
    return out
