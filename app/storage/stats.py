"""SQL aggregates for the office's statistics (issue 14 §1; app/services/stats.py builds tables of them).

Each function counts in SQL over the per-kind tables (``r_unit``, ``r_lead``…, app/storage/store.py),
live records only, and returns plain tuples: no record is built, so 汇总 of ~113,000 records reads
counts, not rows. ``round_id`` None counts every round. Values never written are NULL in their
column and are counted as the empty value.

A record belongs to the unit it names (``unit_id``) and to the team it names (``team_id``), else to its
unit's team; it belongs to its unit's round, else its team's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from app.domain.records import kind_spec
from app.domain.rules import LEAD_HANDED_OVER, RECTIFICATION_DONE
from app.domain.vocab import PAPER_ARCHIVED, PAPER_SIGNED
from app.storage.vault import Vault

#: A lead counts as handed over when transferred_at is set or its status says it went (issue 14 §1 cross;
#: app/domain/rules.py ``lead_handed_over`` is the same rule for one record).
HANDED_OVER = LEAD_HANDED_OVER


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


HANDED_SQL = f"(COALESCE(x.transferred_at, '') <> '' OR x.status IN {_in(HANDED_OVER)})"
#: The kinds counted per unit and team; each has unit_id and team_id.
WORK_KINDS = ("interview", "petition", "lead", "paper", "problem")


def _column(kind: str, name: str) -> str:
    """A field of ``kind`` as SQL text: only a declared field reaches the SQL."""
    return kind_spec(kind).field(name).name


def _team_expr(kind: str) -> str:
    has_team = any(f.name == "team_id" for f in kind_spec(kind).fields)
    return "COALESCE(NULLIF(x.team_id, ''), u.team_id)" if has_team else "u.team_id"


def _owned(kind: str, round_id: str | None) -> tuple[str, list[Any]]:
    """FROM … WHERE for the live records of ``kind`` (``x``) with their unit ``u`` and team ``t``."""
    sql = (f"FROM r_{kind_spec(kind).name} x LEFT JOIN r_unit u ON u.id = x.unit_id AND u.deleted = 0 "
           f"LEFT JOIN r_team t ON t.id = {_team_expr(kind)} AND t.deleted = 0 WHERE x.deleted = 0")
    if round_id is None:
        return sql, []
    return sql + " AND COALESCE(u.round_id, t.round_id) = ?", [round_id]


def tally(vault: Vault, kind: str, fields: Sequence[str], round_id: str | None = None,
          *, where: str = "", params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Records of ``kind`` counted by the values of ``fields`` (its own, or ``unit.<field>``):
    ``(value, …, count)`` rows, empty values as ''. ``where``: an extra condition on ``x`` (program text)."""
    cols = [f"COALESCE(u.{_column('unit', f[5:])}, '')" if f.startswith("unit.")
            else f"COALESCE(x.{_column(kind, f)}, '')" for f in fields]
    base, args = _owned(kind, round_id)
    if where:
        base += f" AND ({where})"
    keys = ", ".join(cols)
    sql = f"SELECT {keys}, count(*) {base} GROUP BY {keys} ORDER BY {keys}"
    return [tuple(row) for row in vault.con.execute(sql, [*args, *params])]


def _rect_open(today: dt.date) -> tuple[str, str]:
    """(open, overdue) conditions on a rectification item ``x``, as app/domain/rules.py Deadlines.due reads them."""
    open_ = f"COALESCE(x.status, '') NOT IN {_in(RECTIFICATION_DONE)}"
    return open_, f"{open_} AND COALESCE(x.deadline, '') <> '' AND x.deadline < '{today.isoformat()}'"


#: The counts :func:`per_owner` gives each team or unit.
OWNER_COUNTS = ("interviews", "mandatory", "mandatory_done", "petitions", "leads", "leads_handed", "leads_cadre",
                "leads_cadre_handed", "papers_signed", "problems", "rect_items", "rect_immediate", "rect_done",
                "rect_overdue")


def per_owner(vault: Vault, by: str, round_id: str | None, cadre: str,
              today: dt.date) -> dict[str, dict[str, int]]:
    """Counts per team (``by="team"``) or unit (``by="unit"``) id, the names of :data:`OWNER_COUNTS`
    (mandatory: the roster's 必谈对象; done: an interview names them, by roster link or by name in their unit)."""
    key = "t.id" if by == "team" else "u.id"
    out: dict[str, dict[str, int]] = {}

    def add(name: str, kind: str, where: str = "", params: Sequence[Any] = ()) -> None:
        base, args = _owned(kind, round_id)
        if where:
            base += f" AND ({where})"
        for owner, n in vault.con.execute(f"SELECT {key}, count(*) {base} AND {key} IS NOT NULL GROUP BY {key}",
                                          [*args, *params]):
            out.setdefault(owner, {})[name] = int(n)

    seen = ("EXISTS (SELECT 1 FROM r_interview i WHERE i.deleted = 0 AND (i.person_id = x.id OR "
            "(i.unit_id = x.unit_id AND replace(replace(i.interviewee, ' ', ''), '\u3000', '') = "
            "replace(replace(x.name, ' ', ''), '\u3000', ''))))")
    rect_open, rect_overdue = _rect_open(today)
    add("interviews", "interview")
    add("mandatory", "person", "x.mandatory = 1")
    add("mandatory_done", "person", f"x.mandatory = 1 AND {seen}")
    add("petitions", "petition")
    add("leads", "lead")
    add("leads_handed", "lead", HANDED_SQL)
    add("leads_cadre", "lead", "COALESCE(x.cadre_level, '') = ?", [cadre])
    add("leads_cadre_handed", "lead", f"{HANDED_SQL} AND COALESCE(x.cadre_level, '') = ?", [cadre])
    add("papers_signed", "paper", f"x.state IN {_in((PAPER_SIGNED, PAPER_ARCHIVED))}")
    add("problems", "problem")
    add("rect_items", "rectification")
    add("rect_immediate", "rectification", "x.immediate = 1")
    add("rect_done", "rectification", f"NOT ({rect_open})")
    add("rect_overdue", "rectification", rect_overdue)
    return out


def units_of(vault: Vault, round_id: str | None) -> list[tuple[str, str, str, str, str, str]]:
    """Live units: (id, name, mode, team id, round id, sector), by name then id."""
    sql = ("SELECT id, COALESCE(name, ''), COALESCE(mode, ''), COALESCE(team_id, ''), COALESCE(round_id, ''), "
           "COALESCE(sector, '') FROM r_unit WHERE deleted = 0")
    args: list[Any] = []
    if round_id is not None:
        sql += " AND round_id = ?"
        args.append(round_id)
    return [tuple(r) for r in vault.con.execute(sql + " ORDER BY name, id", args)]


def teams_of(vault: Vault, round_id: str | None) -> list[tuple[str, str, int | None, str, str]]:
    """Live teams: (id, name, number, round id, key fingerprint), by round, number, name, id."""
    sql = ("SELECT id, COALESCE(name, ''), number, COALESCE(round_id, ''), COALESCE(key_fingerprint, '') "
           "FROM r_team WHERE deleted = 0")
    args: list[Any] = []
    if round_id is not None:
        sql += " AND round_id = ?"
        args.append(round_id)
    return [tuple(r) for r in vault.con.execute(
        sql + " ORDER BY round_id, number IS NULL, number, name, id", args)]


def last_handoffs(vault: Vault) -> dict[str, tuple[int, str]]:
    """Per signer of imported handoff packages: (greatest seq, that package's created_at). The
    package's own numbering and date, so the figure does not depend on the order of import."""
    sql = ("SELECT signer, seq, created_at FROM packages p WHERE direction = 'in' AND kind = 'handoff' "
           "AND seq = (SELECT max(seq) FROM packages q WHERE q.direction = 'in' AND q.kind = 'handoff' "
           "AND q.signer = p.signer)")
    return {str(r[0]): (int(r[1]), str(r[2])) for r in vault.con.execute(sql)}


def cross_counts(vault: Vault, round_id: str | None, cadre: str) -> list[tuple[str, int, int, int, int]]:
    """Per unit mode: (mode, units, leads handed over, of them about ``cadre`` cadres, problems).
    Every unit of the round is counted, those with nothing too (they are in the per-unit denominator)."""
    where = "u.deleted = 0" + (" AND u.round_id = ?" if round_id is not None else "")
    sql = f"""
        SELECT COALESCE(u.mode, '') AS mode, count(*),
               COALESCE(sum(lc.handed), 0), COALESCE(sum(lc.cadre), 0), COALESCE(sum(pc.n), 0)
        FROM r_unit u
        LEFT JOIN (SELECT x.unit_id, count(*) AS handed, sum(COALESCE(x.cadre_level, '') = ?) AS cadre
                   FROM r_lead x WHERE x.deleted = 0 AND {HANDED_SQL} GROUP BY x.unit_id) lc ON lc.unit_id = u.id
        LEFT JOIN (SELECT unit_id, count(*) AS n FROM r_problem WHERE deleted = 0
                   GROUP BY unit_id) pc ON pc.unit_id = u.id
        WHERE {where}
        GROUP BY mode ORDER BY mode"""
    params: list[Any] = [cadre, *([round_id] if round_id is not None else [])]
    return [(str(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in vault.con.execute(sql, params)]


def rounds_of(vault: Vault) -> dict[str, tuple[str, str]]:
    """Live rounds: id -> (title, level)."""
    return {str(r[0]): (str(r[1]), str(r[2])) for r in vault.con.execute(
        "SELECT id, COALESCE(title, ''), COALESCE(level, '') FROM r_round WHERE deleted = 0")}
