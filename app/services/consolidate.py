"""Consolidation (汇总, issue 14 §1): what a batch of team handoffs brought, team by team.

``import VAULT --dir DIR`` imports every package of a folder in one transaction (as a list does), then
names for each package the team it came from, its round and the units it covers, and for each round
it touched how many of its teams have reported (sent at least one handoff).

A package's team is the team of the units it carries (a handoff carries the team's units, app/exchange/
package/scope.py), else the team record it carries. A team has reported when a handoff of its own was
imported, now or before: one signed by the key trusted for it (``team.key_fingerprint``), or one of this
batch found to be its by the units it carried.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.domain.records import Round, Team, Unit
from app.exchange.package import PackageError
from app.exchange.package.keys import matches, normalise_fingerprint
from app.exchange.package.receive import ImportResult
from app.services.stats_tables import team_signers
from app.storage import stats as sql
from app.storage.vault import Vault

#: The file names a folder's packages have (.age: an earlier version's name).
PACKAGE_SUFFIXES = (".xcp", ".age")


def packages_in(folder: str | os.PathLike[str]) -> list[Path]:
    """The packages directly in ``folder``, by name (a fixed order; the merge does not depend on it)."""
    path = Path(folder)
    if not path.is_dir():
        raise FileNotFoundError(2, "找不到文件夹", str(path))
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PACKAGE_SUFFIXES)


def _signed_by(team: Team, fingerprint: str) -> bool:
    try:
        given = normalise_fingerprint(team.key_fingerprint) if team.key_fingerprint.strip() else ""
    except PackageError:
        return False
    return bool(given) and matches(fingerprint, given)


@dataclass(frozen=True)
class PackageTeam:
    """One imported package: the team it came from (empty when it names none), its round, its units."""

    kind: str
    team: str
    round: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class RoundReported:
    round: str
    reported: int
    teams: int


def package_teams(vault: Vault, results: Sequence[ImportResult]) -> tuple[list[PackageTeam], list[RoundReported]]:
    """Per package its team (or teams: an upward package carries several teams' findings), round and units;
    per round a handoff touched, its teams that have reported (an upward or lead-transfer package reports
    no team's work)."""
    teams = {t.id: t for t in vault.records.iter(Team)}
    rounds = {r.id: r.title for r in vault.records.iter(Round)}
    per_package: list[PackageTeam] = []
    touched: dict[str, set[str]] = {}  # round id -> teams found in this batch
    for result in results:
        unit_ids = [rid for rid, kind in result.kinds.items() if kind == "unit"]
        units = vault.records.get_many(Unit, unit_ids) if unit_ids else []
        found = sorted({u.team_id for u in units if u.team_id in teams}) or sorted(
            rid for rid, kind in result.kinds.items() if kind == "team" and rid in teams)
        if not found:  # an incremental handoff need not carry its units: the team whose key signed it
            found = [t.id for t in teams.values() if _signed_by(t, result.fingerprint)]
        team = teams[found[0]] if len(found) == 1 else None
        if team is not None and not units:
            units = list(vault.records.iter(Unit, where={"team_id": team.id}))
        round_id = (team.round_id if team is not None else None) or next(
            (u.round_id for u in units if u.round_id), None)
        if round_id and result.kind == "handoff":
            touched.setdefault(round_id, set())
            if team is not None:
                touched[round_id].add(team.id)
        label = team.name if team is not None else ""
        if len(found) > 1 and result.kind != "handoff":
            names = [teams[t].name for t in sorted(found, key=lambda t: (teams[t].number or 0, teams[t].name))]
            label = "、".join(names[:3]) + (f"等 {len(names)} 个" if len(names) > 3 else "")
        per_package.append(PackageTeam(result.kind, label,
                                       rounds.get(round_id or "", ""), tuple(sorted(u.name for u in units))))
    signed = set(sql.last_handoffs(vault))
    reported: list[RoundReported] = []
    for round_id in sorted(touched, key=lambda r: (rounds.get(r, ""), r)):
        of_round = sql.teams_of(vault, round_id)
        signers = team_signers(vault, of_round)
        done = {t[0] for t in of_round if signers.get(t[0]) in signed} | touched[round_id]
        reported.append(RoundReported(rounds.get(round_id, ""), len(done), len(of_round)))
    return per_package, reported
