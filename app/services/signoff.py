"""The 组长's acts on working papers and interviews, as the window performs them; free of Qt.

Who the vault's owner is and which teams they lead (:func:`signer`), signing a paper with the
passphrase and returning it for correction (docs/domain.md §3.2: the storage layer checks both and
journals them), and the next paper number in sequence for a team in a round (:func:`propose_paper_number`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain import rules
from app.domain.records import Member, Paper, Round, Team, Unit
from app.services.editing import EditorContext, load_editor_context
from app.storage.vault import Vault


@dataclass(frozen=True)
class Signer:
    """The vault's owner, and the teams whose 组长 they are (``leads_without_team``: a 组长 member
    with no team, who may sign papers that name no team)."""

    owner: str
    teams: frozenset[str] = field(default_factory=frozenset)
    leads_without_team: bool = False

    def may_lead(self, team_id: str | None) -> bool:
        """May act as 组长 for a record of ``team_id`` (app/domain/rules.py ``leader_problems``)."""
        return team_id in self.teams if team_id else bool(self.teams) or self.leads_without_team


def signer(vault: Vault) -> Signer:
    owner = vault.info.owner
    leaders = [m for m in vault.records.iter(Member, where={"name": owner})
               if not rules.leader_problems(owner, [m], m.team_id)]
    return Signer(owner, frozenset(m.team_id for m in leaders if m.team_id),
                  any(not m.team_id for m in leaders))


def sign_paper(vault: Vault, paper_id: str, passphrase: str) -> EditorContext:
    """Sign as the vault's owner acting as 组长, confirmed with the passphrase; the paper as stored now."""
    vault.sign_paper(paper_id, passphrase)
    return load_editor_context(vault, "paper", paper_id)


def submit_paper(vault: Vault, paper_id: str) -> EditorContext:
    """提交组长签字 (any member; the 组长 then signs); the paper as stored now."""
    vault.submit_paper(paper_id)
    return load_editor_context(vault, "paper", paper_id)


def return_paper(vault: Vault, paper_id: str, reason: str) -> EditorContext:
    """退回修改 with ``reason``; the paper as stored now."""
    vault.return_paper(paper_id, reason)
    return load_editor_context(vault, "paper", paper_id)


def propose_paper_number(vault: Vault, team_id: str | None, unit_id: str | None, *,
                         today: dt.date | None = None) -> str:
    """The next 底稿编号 for the team in its round (``〔年份〕X巡-X组-XX号``, docs/domain.md §3.2), or "" when
    the paper names neither a team with a number nor a round with a number."""
    team = vault.records.find(team_id, Team) if team_id else None
    unit = vault.records.find(unit_id, Unit) if unit_id else None
    round_id = (team.round_id if team else None) or (unit.round_id if unit else None)
    rnd = vault.records.find(round_id, Round) if round_id else None
    if team is None and unit is not None and unit.team_id:
        team = vault.records.find(unit.team_id, Team)
    if rnd is None or rnd.number is None or team is None or team.number is None:
        return ""
    teams = {t.id for t in vault.records.iter(Team, where={"round_id": rnd.id})}
    taken = [p.number for p in vault.records.iter(Paper) if p.number and p.team_id in teams]
    year = rnd.year or (today or dt.date.today()).year
    return rules.next_paper_number(year, str(rnd.number), str(team.number), taken)
