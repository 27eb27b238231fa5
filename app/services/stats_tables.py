"""The built-in statistics tables (issue 14 §1): teams, units, leads, headings, cross, sectors, province.

Each is built from the SQL aggregates of app/storage/stats.py and registered in app/services/stats.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from app.domain.records import Round
from app.domain.vocab import SEED
from app.exchange.package import PackageError
from app.exchange.package.keys import binding, matches, normalise_fingerprint
from app.services.overview import vocab_order
from app.services.stats import Cell, Column, StatQuery, StatTable, format_cell, register
from app.storage import stats as sql
from app.storage.vault import Vault

CROSS, OWN = "交叉", "本级"
#: How an empty value is shown (a lead without a source, a unit without a mode).
UNSET = "未填"


def ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """``values`` in ``order`` (a vocabulary's), then the others sorted, then the empty value."""
    present = set(values)
    rest = sorted(v for v in present if v not in order and v)
    return [v for v in order if v in present] + rest + ([""] if "" in present else [])


def shown(value: str) -> str:
    return value or UNSET


def _round_titles(vault: Vault) -> dict[str, str]:
    return {r.id: r.title for r in vault.records.iter(Round)}


def team_signers(vault: Vault, teams: Sequence[tuple[str, str, int | None, str, str]]) -> dict[str, str]:
    """team id -> the signing fingerprint its packages carry, from ``team.key_fingerprint`` (the key
    trusted for it, app/services/deploy.py)."""
    trusted = vault.keys.all_trusted()
    out = {}
    for team_id, _name, _n, _r, fingerprint in teams:
        try:
            given = normalise_fingerprint(fingerprint) if fingerprint.strip() else ""
        except PackageError:
            continue
        found = [k for k in trusted if given and matches(binding(k), given)]
        if len(found) == 1:
            out[team_id] = found[0].fingerprint
    return out


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


@register("teams", "巡察组工作进度")
def teams(vault: Vault, query: StatQuery) -> StatTable:
    """Per team: its units, 必谈 done/total, interviews, petitions, leads, signed papers, problems, the
    last handoff imported (its seq and date) and the days since."""
    rows_ = sql.teams_of(vault, query.round_id)
    titles = _round_titles(vault)
    many = len({r[3] for r in rows_}) > 1
    counts = sql.per_owner(vault, "team", query.round_id, query.cadre, query.today)
    units: dict[str, int] = {}
    for unit in sql.units_of(vault, query.round_id):
        units[unit[3]] = units.get(unit[3], 0) + 1
    signers = team_signers(vault, rows_)
    last = sql.last_handoffs(vault)
    columns = (Column("team", "巡察组", "text"), Column("round", "轮次", "text"), Column("units", "被巡察单位"),
               Column("mandatory", "必谈（已谈/应谈）", "text"), Column("interviews", "个别谈话"),
               Column("petitions", "受理信访"), Column("leads", "问题线索"), Column("papers_signed", "已签字底稿"),
               Column("problems", "反馈问题"), Column("last_handoff_seq", "最近交接包序号"),
               Column("last_handoff_date", "最近交接包日期", "date"), Column("days_since", "距今天数"))
    rows: list[tuple[Cell, ...]] = []
    for team_id, name, _number, round_id, _fpr in rows_:
        c = counts.get(team_id, {})
        seq, made = last.get(signers.get(team_id, ""), (None, ""))
        day = _date(made) if made else None
        key = f"{titles.get(round_id, UNSET)}·{name}" if many else name
        rows.append((key, titles.get(round_id, ""), units.get(team_id, 0),
                     f"{c.get('mandatory_done', 0)}/{c.get('mandatory', 0)}", c.get("interviews", 0),
                     c.get("petitions", 0), c.get("leads", 0), c.get("papers_signed", 0), c.get("problems", 0),
                     seq, day, (query.today - day).days if day else None))
    reported = sum(1 for r in rows if r[9] is not None)
    return StatTable("teams", "巡察组工作进度", columns, rows,
                     summary=[("teams", len(rows)), ("teams reported", f"{reported}/{len(rows)}")])


@register("units", "被巡察单位情况")
def units(vault: Vault, query: StatQuery) -> StatTable:
    """Per unit: its mode, team, the counts of the teams table and the leads about ``--cadre`` cadres."""
    teams_ = {t[0]: t[1] for t in sql.teams_of(vault, None)}
    counts = sql.per_owner(vault, "unit", query.round_id, query.cadre, query.today)
    columns = (Column("unit", "被巡察单位", "text"), Column("mode", "巡察方式", "text"),
               Column("team", "承担巡察组", "text"), Column("mandatory", "必谈（已谈/应谈）", "text"),
               Column("interviews", "个别谈话"), Column("petitions", "受理信访"), Column("leads", "问题线索"),
               Column("leads_transferred", "已移交线索"),
               Column("cadre_leads", f"涉及{query.cadre}线索", label_en=f"Leads about {query.cadre}"),
               Column("papers_signed", "已签字底稿"), Column("problems", "反馈问题"))
    rows: list[tuple[Cell, ...]] = []
    seen: dict[str, int] = {}
    for unit_id, name, mode, team_id, _round, _sector in sql.units_of(vault, query.round_id):
        c = counts.get(unit_id, {})
        seen[name] = seen.get(name, 0) + 1
        key = name if seen[name] == 1 else f"{name}（{seen[name]}）"  # a name in two rounds: told apart
        mandatory = f"{c.get('mandatory_done', 0)}/{c.get('mandatory', 0)}"
        rows.append((key, shown(mode), teams_.get(team_id, UNSET), mandatory,
                     c.get("interviews", 0), c.get("petitions", 0), c.get("leads", 0), c.get("leads_handed", 0),
                     c.get("leads_cadre", 0), c.get("papers_signed", 0), c.get("problems", 0)))
    return StatTable("units", "被巡察单位情况", columns, rows, summary=[("units", len(rows))])


def _tally_table(name: str, title: str, parts: Sequence[tuple[str, str, Sequence[tuple[Any, ...]], Sequence[str]]],
                 what: str) -> StatTable:
    """A table of counts by several dimensions: (key, label, tally rows, vocabulary order) each;
    printed ``<key> <value>: n``."""
    columns = (Column("dimension", "统计项", "text"), Column("value", "取值", "text"), Column("count", what))
    rows: list[tuple[Cell, ...]] = []
    printed = []
    for key, label, tallied, order in parts:
        counts = {str(r[0]): int(r[-1]) for r in tallied}
        for value in ordered(counts, order):
            rows.append((label, shown(value), counts[value]))
            printed.append(f"{key} {shown(value)}: {counts[value]}")
        printed.append(f"{key} total: {sum(counts.values())}")
    return StatTable(name, title, columns, rows, printed=printed)


@register("leads", "问题线索统计")
def leads(vault: Vault, query: StatQuery) -> StatTable:
    """Leads by source, discipline, cadre level, disposal route and status (the vault's vocabulary order)."""
    parts = [(f, label, sql.tally(vault, "lead", [f], query.round_id), vocab_order(vault, vocab))
             for f, label, vocab in (("source", "线索来源", "lead_source"),
                                     ("discipline", "涉嫌违反纪律类别", "discipline"),
                                     ("cadre_level", "干部层级", "cadre_level"),
                                     ("disposal_route", "拟处置方式", "disposal_route"),
                                     ("status", "线索状态", "lead_status"))]
    return _tally_table("leads", "问题线索统计", parts, "线索数")


@register("headings", "问题分类统计（四个落实）")
def headings(vault: Vault, query: StatQuery) -> StatTable:
    """Papers and problems by the 四个落实 heading and by problem tag."""
    heads, tags = vocab_order(vault, "heading"), vocab_order(vault, "problem_tag")
    parts = [(f"{kind} {f}", f"{label}·{flabel}", sql.tally(vault, kind, [f], query.round_id), order)
             for kind, label in (("paper", "问题底稿"), ("problem", "反馈问题"))
             for f, flabel, order in (("heading", "四个落实", heads), ("tag", "问题标签", tags))]
    return _tally_table("headings", "问题分类统计（四个落实）", parts, "数量")


@register("sectors", "行业系统问题分布")
def sectors(vault: Vault, query: StatQuery) -> StatTable:
    """Problems by the unit's sector × problem tag: 普遍性、倾向性问题, for 举一反三."""
    tallied = sql.tally(vault, "problem", ["unit.sector", "tag"], query.round_id)
    tags = ordered({str(r[1]) for r in tallied}, vocab_order(vault, "problem_tag"))
    sectors_ = ordered({str(r[0]) for r in tallied}, ())
    counts = {(str(r[0]), str(r[1])): int(r[2]) for r in tallied}
    columns = (Column("sector", "行业系统", "text"), *(Column(shown(t), shown(t)) for t in tags),
               Column("total", "合计"))
    rows: list[tuple[Cell, ...]] = []
    for sector in sectors_:
        cells = [counts.get((sector, t), 0) for t in tags]
        rows.append((shown(sector), *cells, sum(cells)))
    return StatTable("sectors", "行业系统问题分布", columns, rows)


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
               Column("cadre_leads", f"其中涉及{query.cadre}", label_en=f"Of which about {query.cadre}"),
               Column("cadre_leads_per_unit", f"单位平均涉及{query.cadre}线索", "figure",
                      label_en=f"Leads about {query.cadre} per unit"),
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
                     summary=[("ratio_leads", _ratio(a[0], b[0])), ("ratio_cadre_leads", _ratio(a[1], b[1])),
                              ("ratio_problems", _ratio(a[2], b[2]))])


def cross_lines(table: StatTable) -> list[str]:
    """The ``cross`` table in a few lines, as the office demo prints it: one per mode
    (``mode 交叉: units 287, leads_transferred_per_unit 8.26, …``), then the table's ratio lines."""
    keys = [c.key for c in table.columns]
    lines = []
    for row in table.rows:
        if row[0] == "ratio":
            continue
        cells = dict(zip(keys, row, strict=True))
        lines.append(f"mode {row[0]}: " + ", ".join(
            f"{key} {format_cell(cells[key])}" for key in ("units", "leads_transferred_per_unit",
                                                          "cadre_leads_per_unit", "problems_per_unit")))
    return lines + [f"{key}: {format_cell(value)}" for key, value in table.summary]


def latest_cross(vault: Vault, cadre: str = "县管干部") -> tuple[str, list[str]]:
    """The latest round's title (by year, number, start date) and its ``cross`` table as :func:`cross_lines`;
    ("", []) when the vault has no round."""
    from app.services.revisit import round_order

    rounds = sorted(vault.records.iter(Round), key=round_order)
    if not rounds:
        return "", []
    latest = rounds[-1]
    return latest.title, cross_lines(cross(vault, StatQuery(latest.id, dt.date.today(), cadre)))
