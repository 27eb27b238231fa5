"""What a deployment, upward or lead-transfer package carries: the records a choice needs.

A handoff or member package carries every write of the vault. The three office kinds carry a
*scope* instead: the record ids worked out here from what the user chose (a team, or selected
problems and leads). The rules are in docs/package-format.md, "What each kind carries"; the
importer checks the record kinds against :data:`app.exchange.package.format.CARRIES`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.clock import is_uuid
from app.domain.records import (
    Attachment,
    Link,
    Member,
    Person,
    Problem,
    Record,
    Rectification,
    Round,
    Setting,
    Team,
    Unit,
    team_id_of,
    unit_id_of,
)
from app.domain.vocab import SEED
from app.exchange.package.errors import PackageError
from app.storage.vault import Vault

LEADS_TO, FORMS_PAPER, FORMS_PROBLEM, RECTIFIES, HANDS_OVER, EVIDENCE, RELATED = SEED["relation"][2][:7]
#: Link relations that make a record evidence of a lead (lead-transfer).
EVIDENCE_RELATIONS = frozenset({LEADS_TO, EVIDENCE, FORMS_PAPER})
EVIDENCE_KINDS = frozenset({"interview", "petition", "document", "paper"})
#: Records an upward package follows a link to from a selected problem or lead.
UPWARD_LINKED_KINDS = frozenset({"paper", "rectification"})
#: The shared rules a deployment hands out whole.
DEPLOYMENT_SHARED_KINDS = ("vocab", "template", "setting")
MAX_SELECTED = 10_000
KIND_LABELS = {"lead": "问题线索", "problem": "反馈问题"}


@dataclass
class Scope:
    """The records a package of one of the office kinds carries, and what the user chose."""

    kind: str
    ids: set[str] = field(default_factory=set)
    selected: list[str] = field(default_factory=list)
    team: str = ""

    def manifest_fields(self) -> dict[str, Any]:
        """What the manifest's ``scope`` says was chosen."""
        if self.kind == "deployment":
            return {"team": self.team}
        return {"selected": list(self.selected)}


def parse_selection(data: bytes) -> list[str]:
    """A --select-file: one record id a line; blank lines and ``#`` comments are skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackageError("bad_selection", "选择文件不是 UTF-8 文本") from exc
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not is_uuid(line.lower()):
            raise PackageError("bad_selection", f"第 {number} 行不是记录编号：{line[:40]}")
        out.append(line.lower())
    return out


def _live(vault: Vault, record_id: str | None, kinds: Iterable[str]) -> Record | None:
    """The record, when it exists here, is not deleted and is of one of ``kinds``."""
    if not record_id:
        return None
    record = vault.records.find(record_id)
    if record is None or record.deleted or record.KIND not in kinds:
        return None
    return record


def _links(vault: Vault) -> dict[str, list[Link]]:
    """Live links by each of their two ends."""
    by_end: dict[str, list[Link]] = defaultdict(list)
    for link in vault.records.iter("link"):
        assert isinstance(link, Link)
        if link.src_id and link.dst_id:
            by_end[link.src_id].append(link)
            by_end[link.dst_id].append(link)
    return by_end


def _other_end(link: Link, record_id: str) -> str:
    return str(link.dst_id if link.src_id == record_id else link.src_id)


def _close(vault: Vault, ids: set[str], evidence_of: set[str], links: dict[str, list[Link]]) -> None:
    """Add the live links between carried records and the attachments of ``evidence_of``."""
    for record_id in list(ids):
        for link in links.get(record_id, ()):
            if link.src_id in ids and link.dst_id in ids:
                ids.add(link.id)
    for attachment in vault.records.iter(Attachment):
        if attachment.owner_id in evidence_of:
            ids.add(attachment.id)


def _find_team(vault: Vault, wanted: str) -> Team:
    wanted = wanted.strip()
    if is_uuid(wanted.lower()):
        record = _live(vault, wanted.lower(), ("team",))
        if isinstance(record, Team):
            return record
        raise PackageError("bad_selection", f"没有编号为 {wanted} 的巡察组")
    named = vault.records.list(Team, where={"name": wanted})
    if not named:
        raise PackageError("bad_selection", f"没有名为“{wanted[:40]}”的巡察组")
    if len(named) > 1:
        raise PackageError("bad_selection", f"有 {len(named)} 个名为“{wanted[:40]}”的巡察组，请改用编号")
    return named[0]


def deployment_scope(vault: Vault, team_ref: str) -> Scope:
    """The team, its round and members, its units and their rosters, the shared rules, and the
    回头看 material of its units (:func:`round_deployment_scopes` for every team of a round)."""
    team = _find_team(vault, team_ref)
    return _team_scopes(vault, [team], team.round_id)[team.id]


def round_deployment_scopes(vault: Vault, round_id: str) -> dict[str, Scope]:
    """The deployment scope of every live team of the round, worked out in one pass: teams,
    members, units, rosters, links, attachments, the shared rules and earlier rounds' records are
    read once for all the teams, not once a team. Each scope is exactly what
    :func:`deployment_scope` gives for its team (tests/test_deploy.py holds them equal)."""
    return _team_scopes(vault, list(vault.records.iter(Team, where={"round_id": round_id})), round_id)


def _round_order(record: Round) -> tuple[dt.date, str]:
    return record.start_date or dt.date(record.year or dt.MAXYEAR, 1, 1), record.created


def _revisit_material(vault: Vault, round_id: str | None, units: list[Unit]) -> dict[str, set[str]]:
    """What each of ``units`` (of the round) carries as 回头看 material: the problems and
    rectification items of the same unit in earlier rounds, with those earlier unit records.

    The same unit is one with the same ``org_key`` (its identity across rounds); in a round marked
    ``revisit`` a unit without an ``org_key`` is matched by its exact name. Earlier: another round
    that started before this one (by start date, else year, else when it was entered).
    """
    current = _live(vault, round_id, ("round",))
    if not isinstance(current, Round):
        return {}
    earlier = {r.id for r in vault.records.iter(Round) if r.id != current.id
               and _round_order(r) < _round_order(current)}
    if not earlier:
        return {}
    by_key: dict[str, list[str]] = defaultdict(list)
    by_name: dict[str, list[str]] = defaultdict(list)
    for unit in vault.records.iter(Unit):
        if unit.round_id in earlier:
            if unit.org_key.strip():
                by_key[unit.org_key.strip()].append(unit.id)
            by_name[unit.name.strip()].append(unit.id)
    matched: dict[str, list[str]] = {}
    for unit in units:
        key = unit.org_key.strip()
        found = by_key.get(key, []) if key else by_name.get(unit.name.strip(), []) if current.revisit else []
        if found:
            matched[unit.id] = found
    if not matched:
        return {}
    wanted = {u for found in matched.values() for u in found}
    problems: dict[str, list[str]] = defaultdict(list)  # earlier unit -> its problems
    problem_unit: dict[str, str] = {}
    for problem in vault.records.iter(Problem):
        if problem.unit_id in wanted:
            problems[problem.unit_id].append(problem.id)
            problem_unit[problem.id] = problem.unit_id
    rectifications: dict[str, list[str]] = defaultdict(list)
    for rect in vault.records.iter(Rectification):
        owner = rect.unit_id if rect.unit_id in wanted else problem_unit.get(rect.problem_id or "")
        if owner:
            rectifications[owner].append(rect.id)
    return {unit_id: {*found, *(p for u in found for p in problems.get(u, ())),
                      *(r for u in found for r in rectifications.get(u, ()))}
            for unit_id, found in matched.items()}


def _team_scopes(vault: Vault, teams: list[Team], round_id: str | None) -> dict[str, Scope]:
    wanted = {t.id for t in teams}
    members: dict[str, list[str]] = defaultdict(list)
    for member in vault.records.iter(Member):
        if member.team_id in wanted:
            members[member.team_id].append(member.id)
    units: dict[str, list[Unit]] = defaultdict(list)
    unit_ids: set[str] = set()
    for unit in vault.records.iter(Unit):
        if unit.team_id in wanted:
            units[unit.team_id].append(unit)
            unit_ids.add(unit.id)
    people: dict[str, list[str]] = defaultdict(list)
    for person in vault.records.iter(Person):
        if person.unit_id in unit_ids:
            people[person.unit_id].append(person.id)
    revisit = _revisit_material(vault, round_id, [u for found in units.values() for u in found])
    shared: set[str] = set()
    for kind in DEPLOYMENT_SHARED_KINDS:
        shared.update(vault.records.ids(kind))
    attachments: dict[str, list[str]] = defaultdict(list)
    for attachment in vault.records.iter(Attachment):
        if attachment.owner_id:
            attachments[attachment.owner_id].append(attachment.id)
    links = _links(vault)
    round_live = _live(vault, round_id, ("round",)) is not None
    # The links and attachments among the shared rules are the same for every team: found once.
    shared_links = {link.id for rid in shared for link in links.get(rid, ())
                    if link.src_id in shared and link.dst_id in shared}
    shared_attachments = {a for rid in shared for a in attachments.get(rid, ())}
    scopes: dict[str, Scope] = {}
    for team in teams:
        own = {team.id, *members.get(team.id, ())}
        if round_live:
            own.add(str(round_id))
        for unit in units.get(team.id, ()):
            own.add(unit.id)
            own.update(people.get(unit.id, ()))
            own.update(revisit.get(unit.id, ()))
        ids = own | shared
        for record_id in own:
            for link in links.get(record_id, ()):
                if link.src_id in ids and link.dst_id in ids:
                    ids.add(link.id)
            ids.update(attachments.get(record_id, ()))
        ids |= shared_links | shared_attachments
        scopes[team.id] = Scope("deployment", ids, [], team.id)
    return scopes


def _selected(vault: Vault, select: Sequence[str], kinds: tuple[str, ...]) -> list[Record]:
    if not select:
        raise PackageError("no_selection")
    wanted = list(dict.fromkeys(s.strip().lower() for s in select))
    if len(wanted) > MAX_SELECTED:
        raise PackageError("bad_selection", f"最多选择 {MAX_SELECTED} 条")
    label = "、".join(KIND_LABELS[k] for k in kinds)
    out = []
    for record_id in wanted:
        record = _live(vault, record_id, kinds) if is_uuid(record_id) else None
        if record is None:
            raise PackageError("bad_selection", f"{record_id[:40]}：应为本库中未删除的{label}")
        out.append(record)
    return out


#: The settings an upward package may carry when selected: the office's figures for a round (issue 14 §2).
UPWARD_SETTING_PREFIX = "stats.province:"


def _figures_settings(vault: Vault, select: Sequence[str]) -> tuple[list[str], list[str]]:
    """``select`` split into the ``stats.province:`` settings it names and everything else."""
    figures, rest = [], []
    for record_id in select:
        wanted = record_id.strip().lower()
        record = vault.records.find(wanted, "setting") if is_uuid(wanted) else None
        if isinstance(record, Setting) and not record.deleted and record.key.startswith(UPWARD_SETTING_PREFIX):
            figures.append(record.id)
        else:
            rest.append(record_id)
    return figures, rest


def upward_scope(vault: Vault, select: Sequence[str]) -> Scope:
    """Selected problems and leads; their papers and rectifications; unit, team and round as context;
    and a selected ``stats.province:`` setting, the office's figures for a round."""
    figures, select = _figures_settings(vault, select)
    chosen = _selected(vault, select, ("problem", "lead"))
    links = _links(vault)
    content = {r.id for r in chosen}
    for record in chosen:
        for link in links.get(record.id, ()):
            if _live(vault, _other_end(link, record.id), UPWARD_LINKED_KINDS) is not None:
                content.add(_other_end(link, record.id))
        if record.KIND == "problem":
            content.update(r.id for r in vault.records.iter("rectification", where={"problem_id": record.id})
                           if isinstance(r, Rectification))
    ids = set(content)
    for record_id in content:
        record = vault.records.get(record_id)
        unit = _live(vault, unit_id_of(record), ("unit",))
        team = _live(vault, team_id_of(record), ("team",))
        for context in (unit, team):
            if context is not None:
                ids.add(context.id)
        if isinstance(team, Team) and _live(vault, team.round_id, ("round",)) is not None:
            ids.add(str(team.round_id))
    _close(vault, ids, content, links)
    ids.update(figures)
    return Scope("upward", ids, [r.id for r in chosen])


def lead_transfer_scope(vault: Vault, select: Sequence[str]) -> Scope:
    """Selected leads and the records linked to them as evidence, with their attachments; nothing else."""
    chosen = _selected(vault, select, ("lead",))
    links = _links(vault)
    content = {r.id for r in chosen}
    for record in chosen:
        for link in links.get(record.id, ()):
            other = _other_end(link, record.id)
            if link.relation in EVIDENCE_RELATIONS and _live(vault, other, EVIDENCE_KINDS) is not None:
                content.add(other)
    ids = set(content)
    _close(vault, ids, content, links)
    return Scope("lead-transfer", ids, [r.id for r in chosen])


def scope_for(vault: Vault, kind: str, *, team: str | None, select: Sequence[str]) -> Scope | None:
    """The scope of a package of ``kind`` (None for handoff and member, which carry everything)."""
    if kind in ("handoff", "member"):
        if team or select:
            raise PackageError("selection_unused", kind)
        return None
    if kind == "deployment":
        if select:
            raise PackageError("selection_unused", "部署包按巡察组导出，请用 --team")
        if not team:
            raise PackageError("no_selection", "部署包须指定巡察组（--team）")
        return deployment_scope(vault, team)
    if team:
        raise PackageError("selection_unused", "上报包和线索移交包按所选记录导出，请用 --select")
    if kind == "upward":
        return upward_scope(vault, select)
    return lead_transfer_scope(vault, select)
