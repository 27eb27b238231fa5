"""Whether a team is ready to be deployed (一键部署), and every reason it is not. Pure: no SQL, no I/O.

The service (app/services/deploy.py) reads a round once and hands each team's facts here; the
command line, the 部署 page and ``deploy`` all word the reasons from this one function. A team is
ready when (issue 13, "One-step deployment"; docs/package-format.md, "Deploying a round"):

- it has a receiving key: ``team.key_fingerprint`` names a key this vault trusts, confirmed, in
  the team role (so its deployment can be encrypted to that laptop and nobody else);
- 一次一授权: the team has its 组长授权文号 (``leader_authorisation``) and its round its
  authorisation (``round.authorisation``);
- 双授权: each 交叉 unit it inspects carries the inspected county's authorisation
  (``unit.cross_authorisation``), the second of the two the seed report describes;
- every member has signed the 保密承诺书 and the 回避申请书 (``pledge_signed``, ``recusal_signed``);
- its assignment has no hard conflict and no soft conflict left unacknowledged
  (app/domain/planning.py ``conflicts``; an acknowledgement is a row of ``unit.assignment_notes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: ``unit.mode`` of cross-inspection (vocab ``inspection_mode``).
CROSS = "交叉"


@dataclass(frozen=True)
class MemberFacts:
    name: str
    pledge_signed: bool
    recusal_signed: bool


@dataclass(frozen=True)
class UnitFacts:
    name: str
    mode: str
    cross_authorisation: str


@dataclass(frozen=True)
class ConflictFacts:
    """One conflict of the team's assignment, as planning found it: ``hard`` ones are never allowed;
    a soft one needs an acknowledgement (``acknowledged``)."""

    unit: str
    code: str
    member: str
    reason: str
    hard: bool
    acknowledged: bool = False


@dataclass(frozen=True)
class KeyFacts:
    """The team's receiving key: the fingerprint recorded on the team ("" for none) and what the
    vault's trusted keys say of it (``found``: one trusted key matches; ``verified``; ``role``)."""

    fingerprint: str = ""
    found: bool = False
    verified: bool = False
    role: str = ""


@dataclass(frozen=True)
class TeamFacts:
    name: str
    key: KeyFacts
    leader_authorisation: str
    round_authorisation: str
    units: Sequence[UnitFacts] = field(default_factory=tuple)
    members: Sequence[MemberFacts] = field(default_factory=tuple)
    conflicts: Sequence[ConflictFacts] = field(default_factory=tuple)


def _key_reason(key: KeyFacts) -> str | None:
    if not key.fingerprint.strip():
        return "未登记部署包接收密钥（用 trust --team 信任该组的公钥文件）"
    if not key.found:
        return f"部署包接收密钥指纹 {key.fingerprint[:32]} 不是本库已信任的公钥"
    if not key.verified:
        return "部署包接收密钥需重新核对指纹后信任"
    if key.role != "team":
        return "部署包接收密钥不是巡察组的公钥"
    return None


def readiness_reasons(team: TeamFacts) -> list[str]:
    """Every reason ``team`` is not ready to be deployed, in a fixed order; empty when it is ready."""
    reasons: list[str] = []
    key = _key_reason(team.key)
    if key is not None:
        reasons.append(key)
    if not team.leader_authorisation.strip():
        reasons.append("缺少组长授权文号（一次一授权）")
    if not team.round_authorisation.strip():
        reasons.append("所属轮次缺少授权文号（一次一授权）")
    for unit in team.units:
        if unit.mode == CROSS and not unit.cross_authorisation.strip():
            reasons.append(f"交叉巡察单位“{unit.name}”缺少属地党委授权文号（双授权）")
    for member in team.members:
        if not member.pledge_signed:
            reasons.append(f"成员{member.name}未签保密承诺书")
        if not member.recusal_signed:
            reasons.append(f"成员{member.name}未签回避申请书")
    for conflict in team.conflicts:
        if conflict.hard:
            reasons.append(f"“{conflict.unit}”有回避冲突（{conflict.code}）：{conflict.reason}")
        elif not conflict.acknowledged:
            reasons.append(f"“{conflict.unit}”有未经确认的提示（{conflict.code}）：{conflict.reason}")
    return reasons
