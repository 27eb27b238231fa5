"""Planning a round on an office vault: check, propose and accept who inspects which unit (docs/domain.md §3.3–3.4).

The rules are app/domain/planning.py (pure); this module reads the round from the vault into its
inputs, once: the round's teams and their members, its units and the people on their rosters,
earlier rounds (who led the team on each unit's ``org_key`` last time, which 交叉 pairs were made)
and the ``plan.*`` settings. :func:`accept_plan` writes the accepted assignment (``unit.team_id``
and ``unit.mode``) in one transaction with one ``plan-accept`` journal entry, or refuses with every
reason and changes nothing. :func:`unit_warnings` and :func:`member_warnings` are what the editor
shows when a unit's team or mode, or a member's declarations, change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.domain.planning import (
    CODE_LABELS,
    MODE_CROSS,
    MODE_ESCALATED,
    MODE_LOCAL,
    Avoided,
    Conflict,
    History,
    MemberPlan,
    PairConflicts,
    PastPost,
    PlanSettings,
    Proposal,
    Recusal,
    RoundInput,
    TeamPlan,
    UnitPlan,
    acknowledged,
    avoided,
    check_assignment,
    conflicts,
    norm,
    note_text,
    propose,
)
from app.domain.records import Member, Person, Record, Round, Setting, Team, Unit
from app.domain.settings import read_setting
from app.exchange.xlsx.plan_sheet import PlanRow, read_plan_sheet, write_plan_sheet
from app.storage.errors import ReasonedError
from app.storage.vault import Vault

LEADER = "组长"
MODES = (MODE_LOCAL, MODE_CROSS, MODE_ESCALATED)


class PlanError(ReasonedError):
    """A planning step refused; nothing was written."""

    message = "无法完成分工"
    message_en = "The assignment cannot be made"
    reasons = {
        "refused": "分工方案未被接受，保密库未作任何改动",
        "needs_ack": "分工方案有软冲突，须说明确认依据后才能导入；保密库未作任何改动",
    }


# --- reading the round -----------------------------------------------------------------------

def _year(value: str | int | None) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def round_year(rnd: Round) -> int:
    return rnd.year or (rnd.start_date.year if rnd.start_date else dt.date.today().year)


def _order(rnd: Round) -> tuple[int, int, dt.date, str]:
    """Rounds in time: year, number, start date, creation."""
    return (round_year(rnd), rnd.number or 0, rnd.start_date or dt.date.min, str(rnd.created or ""))


def plan_settings(vault: Vault, year: int) -> PlanSettings:
    settings = list(vault.records.iter(Setting))
    return PlanSettings(
        year=year,
        past_post_years=read_setting(settings, "plan.past_post_years").as_int(),
        forbid_reciprocal=read_setting(settings, "plan.forbid_reciprocal").as_bool(),
        local_roles=read_setting(settings, "plan.local_roles").as_list())


def member_plan(member: Member) -> MemberPlan:
    return MemberPlan(
        member.id, member.name, member.role, member.home_jurisdiction, member.staff_key,
        tuple(Recusal(str(r.get("person", "")), str(r.get("unit", "")), str(r.get("relation", "")))
              for r in member.recusals),
        tuple(PastPost(str(p.get("unit", "")), str(p.get("region", "")), _year(p.get("from_year")),
                       _year(p.get("to_year")))
              for p in member.past_posts))


def _leader_key(members: Sequence[Member]) -> str:
    leaders = sorted((m for m in members if m.role == LEADER and m.staff_key.strip()), key=lambda m: (m.name, m.id))
    return leaders[0].staff_key if leaders else ""


@dataclass(frozen=True)
class RoundData:
    """A round as read from the vault: its records and the planning input built from them."""

    round: Round
    teams: dict[str, Team]
    members: dict[str, list[Member]]  # team id → its members
    units: dict[str, UnitPlan]
    modes: dict[str, str]  # unit id → its mode as stored ("" when never set)
    input: RoundInput

    def team_named(self, name: str) -> list[Team]:
        return [t for t in self.teams.values() if norm(t.name) == norm(name)]


def load_round(vault: Vault, rnd: Round) -> RoundData:
    """Read everything the planning of ``rnd`` looks at, one query per kind."""
    teams = {t.id: t for t in vault.records.iter(Team, where={"round_id": rnd.id})}
    members: dict[str, list[Member]] = {tid: [] for tid in teams}
    for m in vault.records.iter(Member):
        if m.team_id in members:
            members[m.team_id].append(m)
    columns = ("id", "name", "org_key", "jurisdiction", "supervisor", "mode", "team_id")
    rows = list(vault.records.values(Unit, columns, where={"round_id": rnd.id}))  # no 837 full records
    roster: dict[str, list[str]] = {row[0]: [] for row in rows}
    for unit_id, name in vault.records.values(Person, ("unit_id", "name")):  # 10,000 people: two columns
        if unit_id in roster:
            roster[unit_id].append(name)
    team_plans = tuple(
        TeamPlan(t.id, t.name, t.home_jurisdiction, t.composition, t.capacity, _leader_key(members[t.id]),
                 tuple(member_plan(m) for m in members[t.id]), t.number)
        for t in teams.values())
    unit_plans = tuple(UnitPlan(uid, name, org_key, jurisdiction, supervisor, mode or MODE_LOCAL, tuple(roster[uid]),
                                team_id) for uid, name, org_key, jurisdiction, supervisor, mode, team_id in rows)
    data = RoundInput(team_plans, unit_plans, history(vault, rnd), plan_settings(vault, round_year(rnd)))
    return RoundData(rnd, teams, members, {u.id: u for u in unit_plans}, {row[0]: row[5] for row in rows}, data)


def history(vault: Vault, rnd: Round) -> History:
    """From the rounds before ``rnd``: who led the team on each org_key the last time it was
    inspected, and the 交叉 pairs (sending jurisdiction, inspected jurisdiction) of the last round."""
    earlier = sorted((r for r in vault.records.iter(Round) if r.id != rnd.id and _order(r) < _order(rnd)), key=_order)
    if not earlier:
        return History()
    position = {r.id: n for n, r in enumerate(earlier)}
    teams = {t.id: t for t in vault.records.iter(Team) if t.round_id in position}
    leaders_of: dict[str, list[Member]] = {}
    for m in vault.records.iter(Member):
        if m.team_id in teams:
            leaders_of.setdefault(m.team_id, []).append(m)
    leaders: dict[str, tuple[int, str]] = {}
    pairs: set[tuple[str, str]] = set()
    last = position[earlier[-1].id]
    for round_id, team_id, org_key, mode, jurisdiction in vault.records.values(
            Unit, ("round_id", "team_id", "org_key", "mode", "jurisdiction")):
        if round_id not in position or team_id not in teams:
            continue
        when = position[round_id]
        key = _leader_key(leaders_of.get(team_id, []))
        if org_key.strip() and key and when >= leaders.get(org_key, (-1, ""))[0]:
            leaders[org_key] = (when, key)
        home = teams[team_id].home_jurisdiction
        if when == last and mode == MODE_CROSS and home.strip() and jurisdiction.strip():
            pairs.add((home, jurisdiction))
    return History({k: v for k, (_, v) in leaders.items()}, frozenset(pairs))


# --- checking ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckReport:
    units: int
    assigned: int
    cross: int
    found: list[PairConflicts]
    problems: list[str]  # units assigned to a team of another round

    @property
    def hard(self) -> list[tuple[PairConflicts, Conflict]]:
        return [(p, c) for p in self.found for c in p.conflicts if c.hard]

    @property
    def soft(self) -> list[tuple[PairConflicts, Conflict]]:
        return [(p, c) for p in self.found for c in p.conflicts if not c.hard]

    @property
    def ok(self) -> bool:
        return not self.hard and not self.problems


def check_round(vault: Vault, rnd: Round) -> CheckReport:
    """Every conflict of the round's current assignment."""
    data = load_round(vault, rnd)
    return _check(data, {u.id: u.team_id for u in data.input.units})


def _check(data: RoundData, assignment: dict[str, str | None]) -> CheckReport:
    problems = [f"{data.units[uid].name}：承担巡察组（{tid}）不属于本轮次"
                for uid, tid in sorted(assignment.items(), key=lambda x: data.units[x[0]].name)
                if tid is not None and tid not in data.teams]
    found = check_assignment(data.input, assignment)
    cross = sum(1 for u in data.input.units if norm(u.mode) == MODE_CROSS)
    assigned = sum(1 for tid in assignment.values() if tid is not None)
    return CheckReport(len(data.input.units), assigned, cross, found, problems)


# --- proposing --------------------------------------------------------------------------------

def propose_round(vault: Vault, rnd: Round) -> Proposal:
    """A proposed assignment (app/domain/planning.py ``propose``); nothing is written."""
    return propose(load_round(vault, rnd).input)


def write_proposal(vault: Vault, rnd: Round, proposal: Proposal, path: str | Path) -> list[Avoided]:
    """The proposal as 分工方案.xlsx (not overwriting a file). Returns the conflicts of the current
    assignment that the proposal avoids (the teams a units list came with), also in the sheet's
    column 原分工的冲突（方案已避开）."""
    data = load_round(vault, rnd)
    found = avoided(data.input, proposal)
    replaced = {a.unit_id: avoided_text(a) for a in found}
    rows = []
    for row in proposal.rows:
        unit = data.units[row.unit_id]
        rows.append(PlanRow(unit.id, unit.name, unit.org_key, unit.jurisdiction, row.mode or MODE_LOCAL,
                            row.team_name, tuple(f"{c.label}：{c.reason}" for c in row.warnings),
                            tuple(f"{e.team_name}：" + "；".join(c.reason for c in e.conflicts) for e in row.excluded),
                            replaced=replaced.get(unit.id, ())))
    write_plan_sheet(path, rnd.title, rows)
    return found


def avoided_text(item: Avoided) -> tuple[str, ...]:
    """"原分工第二巡察组（硬冲突）籍贯/原任职地回避：…" per conflict, for the sheet and the command line."""
    return tuple(f"原分工{item.team_name}（{'硬冲突' if c.hard else '软冲突'}）{c.label}：{c.reason}"
                 for c in item.conflicts)


# --- accepting --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AcceptResult:
    changed: int
    notes: int
    report: CheckReport


def read_plan(path: str | Path) -> list[PlanRow]:
    """The rows of a 分工方案 workbook (hostile input: app/exchange/xlsx/plan_sheet.py)."""
    return read_plan_sheet(path)


def accept_plan(vault: Vault, rnd: Round, rows: Sequence[PlanRow], ack: str = "", *,
                now: dt.datetime | None = None) -> AcceptResult:
    """Write the teams and modes of ``rows`` to the round's units in one transaction, with one
    ``plan-accept`` journal entry. Refused (PlanError, every reason in it, nothing written) when a row
    names a unit or team not of the round or a mode not known, when the result has a hard conflict,
    or when it has a soft one and ``ack`` is empty; the soft conflicts acknowledged are recorded in
    each unit's ``assignment_notes``."""
    data = load_round(vault, rnd)
    reasons: list[str] = []
    assignment: dict[str, str | None] = {u.id: u.team_id for u in data.units.values()}
    modes: dict[str, str] = dict(data.modes)
    seen: set[str] = set()
    for row in rows:
        unit = _row_unit(data, row, reasons)
        if unit is None:
            continue
        if unit.id in seen:
            reasons.append(f"第 {row.line} 行：单位“{unit.name}”在表中出现多次")
            continue
        seen.add(unit.id)
        if row.team.strip():
            teams = data.team_named(row.team)
            if len(teams) != 1:
                reasons.append(f"第 {row.line} 行：本轮次{'没有' if not teams else '有多个'}名为“{row.team}”的巡察组")
                continue
            assignment[unit.id] = teams[0].id
        else:
            assignment[unit.id] = None
        if row.mode.strip():
            if row.mode.strip() not in MODES:
                reasons.append(f"第 {row.line} 行：巡察方式“{row.mode}”应为本级、交叉或提级")
                continue
            modes[unit.id] = row.mode.strip()
    if reasons:
        raise PlanError("refused", "；".join(reasons[:20]) + (f"（共 {len(reasons)} 处）" if len(reasons) > 20 else ""))
    changed_input = dataclasses.replace(data.input, units=tuple(
        dataclasses.replace(u, mode=modes[u.id] or MODE_LOCAL, team_id=assignment[u.id]) for u in data.input.units))
    report = _check(dataclasses.replace(data, input=changed_input), assignment)
    if report.problems or report.hard:
        lines = report.problems + [f"{p.unit_name}—{p.team_name}：{c.reason}" for p, c in report.hard]
        raise PlanError("refused", f"有 {len(lines)} 处硬冲突：" + "；".join(lines[:20]))
    if report.soft and not ack.strip():
        lines = [f"{p.unit_name}—{p.team_name}：{c.reason}" for p, c in report.soft]
        raise PlanError("needs_ack", f"有 {len(lines)} 处软冲突须经确认：" + "；".join(lines[:20]))
    at = (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    by = f"{vault.info.owner}（{ack.strip()}）" if vault.info.owner else ack.strip()
    soft_of: dict[str, list[Conflict]] = {}
    for p, c in report.soft:
        soft_of.setdefault(p.unit_id, []).append(c)
    changed: list[Unit] = []
    notes = 0
    for record in sorted(vault.records.get_many(Unit, list(data.units)), key=lambda u: u.id):
        new_notes = list(record.assignment_notes)
        for c in soft_of.get(record.id, []):
            if not acknowledged(c, new_notes):
                new_notes.append({"member": c.member, "conflict": note_text(c), "confirmed_by": by,
                                  "confirmed_at": at})
                notes += 1
        mode = modes[record.id]
        if assignment[record.id] != record.team_id or mode != record.mode or new_notes != record.assignment_notes:
            changed.append(dataclasses.replace(record, team_id=assignment[record.id], mode=mode,
                                               assignment_notes=new_notes))
    with vault.transaction():
        vault.records.save_within(changed)
        vault.journal.append("plan-accept", {
            "round": rnd.title, "round_id": rnd.id, "rows": len(rows), "changed": len(changed),
            "assigned": report.assigned, "soft_acknowledged": len(report.soft), "notes": notes, "ack": ack.strip()})
    return AcceptResult(len(changed), notes, report)


def _row_unit(data: RoundData, row: PlanRow, reasons: list[str]) -> UnitPlan | None:
    """The round's unit a row means: by id, else by 单位编码, else by name."""
    if row.unit_id.strip():
        unit = data.units.get(row.unit_id.strip())
        if unit is None:
            reasons.append(f"第 {row.line} 行：单位ID“{row.unit_id}”不是本轮次的被巡察单位")
        return unit
    found = [u for u in data.units.values() if row.org_key.strip() and norm(u.org_key) == norm(row.org_key)]
    if not found:
        found = [u for u in data.units.values() if norm(u.name) == norm(row.unit_name)]
    if len(found) != 1:
        what = "没有" if not found else "有多个"
        reasons.append(f"第 {row.line} 行：本轮次{what}名为“{row.unit_name}”的被巡察单位")
        return None
    return found[0]


# --- the editor's warnings --------------------------------------------------------------------

def unit_warnings(data: RoundInput, unit: UnitPlan) -> list[Conflict]:
    """The conflicts ``unit`` (as edited: its team_id and mode) would have in the round ``data``:
    what the editor shows before saving (pure: no vault)."""
    teams = {t.id: t for t in data.teams}
    team = teams.get(unit.team_id or "")
    if team is None:
        return []
    others = [u for u in data.units if u.id != unit.id]
    load = 1 + sum(1 for u in others if u.team_id == team.id)
    pairs = [(teams[u.team_id].home_jurisdiction, u.jurisdiction) for u in others
             if u.team_id in teams and norm(u.mode) == MODE_CROSS]
    return conflicts(team, team.members, unit, unit.roster, data.history, data.settings, load=load, pairs=pairs)


def member_warnings(data: RoundInput, member: MemberPlan, team_id: str) -> list[tuple[str, Conflict]]:
    """The hard conflicts a member (as edited: declarations, past posts, home) would bring to the
    units its team ``team_id`` holds: (unit name, conflict), for the editor (pure: no vault)."""
    team = next((t for t in data.teams if t.id == team_id), None)
    if team is None:
        return []
    alone = dataclasses.replace(team, home_jurisdiction="")  # the team's own conflicts are not the member's
    out = []
    for unit in data.units:
        if unit.team_id == team_id:
            out += [(unit.name, c) for c in conflicts(alone, (member,), unit, unit.roster, data.history, data.settings)
                    if c.hard]
    return out


@dataclass(frozen=True)
class EditorWarning:
    """One line of the editor's warning strip: hard (回避: the office must confirm before saving)
    or soft (to be acknowledged in the unit's assignment_notes before deployment)."""

    text: str
    hard: bool


def editor_check(vault: Vault, record: Record) -> list[EditorWarning]:
    """The conflicts of an edited unit (its team_id and mode, as in the form) or member (its
    declarations, past posts, home, role and team), worded for the editor; reads the round. Soft
    conflicts already acknowledged in the unit's ``assignment_notes`` (as the form holds them) are
    left out, as deploy's readiness leaves them out. Other kinds: none."""
    if not isinstance(record, Unit | Member):
        return []
    if isinstance(record, Unit):
        rnd = vault.records.find(record.round_id or "", Round)
        if rnd is None:
            return []
        data = load_round(vault, rnd).input
        before = next((u for u in data.units if u.id == record.id), None)
        edited = UnitPlan(record.id, record.name, record.org_key, record.jurisdiction, record.supervisor,
                          record.mode or MODE_LOCAL, before.roster if before else (), record.team_id)
        return [EditorWarning(f"{CODE_LABELS.get(c.code, c.code)}：{c.reason}", c.hard)
                for c in unit_warnings(data, edited) if c.hard or not acknowledged(c, record.assignment_notes)]
    team = vault.records.find(record.team_id or "", Team)
    rnd = vault.records.find(team.round_id or "", Round) if team is not None else None
    if team is None or rnd is None:
        return []
    data = load_round(vault, rnd).input
    return [EditorWarning(f"{name}：{c.label}：{c.reason}", c.hard)
            for name, c in member_warnings(data, member_plan(record), team.id)]


def editor_warnings(vault: Vault, record: Unit | Member) -> list[str]:
    """The warnings of an edited unit or member, worded for the editor (reads the round)."""
    return [w.text for w in editor_check(vault, record)]


def conflict_lines(found: Iterable[PairConflicts]) -> list[tuple[str, str, str, str, str]]:
    """(硬/软, unit, team, member, reason) per conflict, for printing."""
    return [("硬冲突" if c.hard else "软冲突", p.unit_name, p.team_name, c.member, f"{c.label}：{c.reason}")
            for p in found for c in p.conflicts]
