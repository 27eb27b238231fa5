"""What a deployment, upward or lead-transfer package carries: the records a choice needs.

A handoff or member package carries every write of the vault. The three office kinds carry a
*scope* instead: the record ids worked out here from what the user chose (a team, or selected
problems and leads). The rules are in docs/package-format.md, "What each kind carries"; the
importer checks the record kinds against :data:`app.exchange.package.format.CARRIES`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.clock import is_uuid
from app.domain.records import Attachment, Link, Person, Record, Rectification, Team, team_id_of, unit_id_of
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
    """The team, its round and members, its units and their rosters, and the shared rules."""
    team = _find_team(vault, team_ref)
    ids = {team.id}
    if _live(vault, team.round_id, ("round",)) is not None:
        ids.add(str(team.round_id))
    ids.update(m.id for m in vault.records.iter("member", where={"team_id": team.id}))
    units = {u.id for u in vault.records.iter("unit", where={"team_id": team.id})}
    ids |= units
    ids.update(p.id for p in vault.records.iter(Person) if p.unit_id in units)
    for kind in DEPLOYMENT_SHARED_KINDS:
        ids.update(vault.records.ids(kind))
    _close(vault, ids, set(ids), _links(vault))
    return Scope("deployment", ids, [], team.id)


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


def upward_scope(vault: Vault, select: Sequence[str]) -> Scope:
    """Selected problems and leads; their papers and rectifications; unit, team and round as context."""
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
