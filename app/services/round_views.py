"""What the office's 规划 and 部署 pages show of a round, read in one call each; free of Qt (read only).

:func:`plan_view` is the round's units with their team, mode and the conflicts of the current
assignment (app/services/planning.py ``check_round``; a soft one marked acknowledged when the unit's
``assignment_notes`` record it, app/domain/planning.py ``acknowledged``), with the counts the command
line prints (``plan --check``). :func:`deploy_view` is each team's readiness
(app/services/deploy.py ``round_readiness``) with the figures the page adds: how many members signed
the 保密承诺书 and the 回避申请书, and the team's hard and unacknowledged soft conflicts. docs/office.md
describes the rules; nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.domain.planning import CODE_LABELS, MODE_CROSS, MODE_LOCAL, acknowledged, norm
from app.domain.records import Member, Team, Unit
from app.services.deploy import TeamReadiness, round_readiness
from app.services.planning import check_round
from app.services.rounds import find_round
from app.storage.vault import Vault


@dataclass(frozen=True)
class UnitConflict:
    """One conflict of a unit's current assignment."""

    code: str
    label: str
    member: str
    reason: str
    hard: bool
    acknowledged: bool = False


@dataclass(frozen=True)
class PlanUnit:
    """One unit of the round as the 规划 page lists it (``team_id`` "" when unassigned)."""

    unit_id: str
    name: str
    unit_level: str
    jurisdiction: str
    mode: str
    team_id: str
    team_name: str
    conflicts: tuple[UnitConflict, ...] = ()

    @property
    def hard(self) -> int:
        return sum(1 for c in self.conflicts if c.hard)

    @property
    def soft_open(self) -> int:
        """Soft conflicts nobody has acknowledged yet."""
        return sum(1 for c in self.conflicts if not c.hard and not c.acknowledged)


@dataclass(frozen=True)
class PlanView:
    """The round's assignment: its units and the counts of ``plan --check``."""

    round_id: str
    round_title: str
    units: tuple[PlanUnit, ...]
    assigned: int
    cross: int
    hard: int
    soft: int
    soft_open: int
    problems: tuple[str, ...]  # units assigned to a team of another round
    teams: tuple[str, ...]  # the round's team names, in team order (the page's filter)


def plan_view(vault: Vault, round_id: str) -> PlanView:
    """The round ``round_id`` (id or title) as the 规划 page shows it."""
    rnd = find_round(vault, round_id)
    report = check_round(vault, rnd)
    teams = sorted(vault.records.iter(Team, where={"round_id": rnd.id}),
                   key=lambda t: (t.number is None, t.number or 0, t.name, t.id))
    names = {t.id: t.name for t in teams}
    found = {p.unit_id: p for p in report.found}
    units = []
    for unit in vault.records.iter(Unit, where={"round_id": rnd.id}):
        pair = found.get(unit.id)
        conflicts = tuple(
            UnitConflict(c.code, CODE_LABELS.get(c.code, c.code), c.member, c.reason, c.hard,
                         acknowledged(c, unit.assignment_notes))
            for c in (pair.conflicts if pair is not None else ()))
        team_name = names.get(unit.team_id or "", pair.team_name if pair is not None else "")
        units.append(PlanUnit(unit.id, unit.name, unit.unit_level, unit.jurisdiction, unit.mode or MODE_LOCAL,
                              unit.team_id or "", team_name, conflicts))
    units.sort(key=lambda u: (u.jurisdiction, u.name, u.unit_id))
    hard = sum(u.hard for u in units)
    soft = sum(1 for u in units for c in u.conflicts if not c.hard)
    return PlanView(rnd.id, rnd.title, tuple(units), report.assigned,
                    sum(1 for u in units if norm(u.mode) == MODE_CROSS), hard, soft,
                    sum(u.soft_open for u in units), tuple(report.problems), tuple(t.name for t in teams))


@dataclass(frozen=True)
class DeployTeam:
    """One team of the round as the 部署 page lists it."""

    readiness: TeamReadiness
    pledges: int  # members who signed the 保密承诺书
    recusals: int  # members who signed the 回避申请书
    hard: int
    soft_open: int


def deploy_view(vault: Vault, round_id: str) -> list[DeployTeam]:
    """Every team of the round ``round_id`` (id or title), in team order, with its readiness."""
    readiness = round_readiness(vault, round_id)
    wanted = {t.team_id for t in readiness}
    pledges: dict[str, int] = defaultdict(int)
    recusals: dict[str, int] = defaultdict(int)
    for member in vault.records.iter(Member):
        if member.team_id in wanted:
            pledges[member.team_id] += bool(member.pledge_signed)
            recusals[member.team_id] += bool(member.recusal_signed)
    view = plan_view(vault, round_id)
    hard: dict[str, int] = defaultdict(int)
    soft_open: dict[str, int] = defaultdict(int)
    for unit in view.units:
        hard[unit.team_id] += unit.hard
        soft_open[unit.team_id] += unit.soft_open
    return [DeployTeam(t, pledges[t.team_id], recusals[t.team_id], hard[t.team_id], soft_open[t.team_id])
            for t in readiness]
