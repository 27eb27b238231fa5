"""Linking records, as the editor's 关联记录 box does it; free of Qt.

A link is a record of its own (``link``: source, target, relation; docs/domain.md §2.9), so
making one is a journalled save and removing one a journalled tombstone that travels in
packages like any deletion (docs/vault.md). Which relations two kinds may have, and how a link
reads from each side, is app/domain/links.py. "新建并关联" prefills a new record from the one
it comes from (:func:`prefill`); the new record is linked when it is first saved
(app/services/editing.py ``save_record``'s ``link``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.domain.links import (
    LINKABLE_KINDS,
    Choice,
    link_problems,
    new_and_link,
    relation_seen_from,
    relations_between,
)
from app.domain.records import (
    Document,
    Interview,
    Lead,
    Link,
    Paper,
    Petition,
    Problem,
    Record,
    Unit,
    kind_spec,
    unit_id_of,
)
from app.domain.vocab import SEED
from app.storage.errors import RecordNotFound, RuleViolation
from app.storage.vault import Vault

#: At most this many records are offered by the picker at once (typing narrows them).
PICK_LIMIT = 200
#: A title made from a longer text is cut here.
TITLE_CHARS = 40
#: Where a lead drawn from each kind of record comes from (vocabulary lead_source).
LEAD_SOURCE = {"interview": "个别谈话", "document": "调阅资料"}
#: A new rectification item starts not started (vocabulary rect_status).
RECT_NOT_STARTED = SEED["rect_status"][2][0]


@dataclass(frozen=True)
class LinkView:
    """One link as seen from one of its ends.

    Attributes:
        link_id: the link record's id.
        relation: the relation as stored (a ``relation`` vocabulary value).
        outgoing: this record is the link's source.
        wording: the relation as read from this record (引出线索 from the interview, 线索来源 from the lead).
        other_id, other_kind, other_label: the record at the other end.
    """

    link_id: str
    relation: str
    outgoing: bool
    wording: str
    other_id: str
    other_kind: str
    other_label: str


@dataclass(frozen=True)
class Candidate:
    """A record the picker offers: what it is, its unit, and the relations it may be given.

    Attributes:
        linked: the relations already between the two (as read from this record).
    """

    id: str
    kind: str
    label: str
    unit: str
    choices: tuple[Choice, ...]
    linked: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingLink:
    """A link to make when a new record is first saved ("新建并关联").

    Attributes:
        other_id: the record the new one was made from.
        relation: the relation.
        outgoing: the new record is the link's source (a handover of 移交线索).
        other_kind, other_label: what the other record is, for the editor to say.
    """

    other_id: str
    relation: str
    outgoing: bool
    other_kind: str = field(default="", compare=False)
    other_label: str = field(default="", compare=False)

    @property
    def wording(self) -> str:
        """The relation as read from the new record."""
        return relation_seen_from(self.relation, self.outgoing)


def links_of(vault: Vault, record_id: str) -> list[LinkView]:
    """The live links of ``record_id`` both ways, each read from this record; links to a deleted
    record are left out."""
    out = []
    for link in vault.records.links(record_id):
        outgoing = link.src_id == record_id
        other_id = (link.dst_id if outgoing else link.src_id) or ""
        other = vault.records.find(other_id) if other_id else None
        if other is None or other.deleted:
            continue
        out.append(LinkView(link.id, link.relation, outgoing, relation_seen_from(link.relation, outgoing),
                            other.id, other.KIND, other.label()))
    return out


def link_records(vault: Vault, record_id: str, other_id: str, relation: str, outgoing: bool = True) -> Link:
    """Link ``record_id`` to ``other_id`` (``outgoing``: from it; else from the other) with
    ``relation``, when the two kinds may have it; an existing identical link is returned as it is."""
    record, other = _live(vault, record_id), _live(vault, other_id)
    src, dst = (record, other) if outgoing else (other, record)
    problems = link_problems(src.KIND, relation, dst.KIND, same_record=record.id == other.id)
    if problems:
        raise RuleViolation("；".join(problems))
    return vault.records.link(src.id, dst.id, relation)


def unlink(vault: Vault, link_id: str) -> None:
    """Remove a link: a journalled tombstone, carried by the next package like any deletion."""
    link = vault.records.find(link_id)
    if not isinstance(link, Link):
        raise RecordNotFound(link_id)
    vault.records.delete(link_id)


def _live(vault: Vault, record_id: str) -> Record:
    record = vault.records.find(record_id)
    if record is None or record.deleted:
        raise RecordNotFound(record_id)
    return record


def linkable_records(vault: Vault, record_id: str, text: str = "", *, limit: int = PICK_LIMIT) -> list[Candidate]:
    """The records ``record_id`` may be linked to, those of its chain first; ``text`` narrows them
    by the search index (app/services/search.py) and by label. Itself is never offered."""
    record = _live(vault, record_id)
    kinds = [k for k in LINKABLE_KINDS if relations_between(record.KIND, k)]
    # The kinds of the chain (a relation other than 相关) first.
    kinds.sort(key=lambda k: len(relations_between(record.KIND, k)) < 2)
    linked: dict[str, list[str]] = {}
    for view in links_of(vault, record_id):
        linked.setdefault(view.other_id, []).append(view.wording)
    needle = text.strip()
    found: list[Record] = []
    seen = {record.id}
    if needle:
        for hit in vault.search(needle, limit=limit, kinds=tuple(kinds)):
            if hit.record_id not in seen and (r := vault.records.find(hit.record_id)) is not None:
                seen.add(r.id)
                found.append(r)
    for kind in kinds:
        if len(found) >= limit:
            break
        records = sorted(vault.records.iter(kind), key=lambda r: r.updated, reverse=True)
        for r in records:
            if r.id in seen or (needle and needle.lower() not in r.label().lower()):
                continue
            seen.add(r.id)
            found.append(r)
            if len(found) >= limit:
                break
    units = _unit_names(vault, found)
    return [Candidate(r.id, r.KIND, r.label(), units.get(unit_id_of(r) or "", ""),
                      tuple(relations_between(record.KIND, r.KIND)), tuple(linked.get(r.id, ())))
            for r in found[:limit]]


def _unit_names(vault: Vault, records: Iterable[Record]) -> dict[str, str]:
    ids = sorted({u for r in records if (u := unit_id_of(r))})
    return {u.id: u.name for u in vault.records.get_many(Unit, ids)}


# --- 新建并关联 -------------------------------------------------------------------------------


def _title(text: str) -> str:
    """The first line of ``text``, cut to a title's length."""
    line = next((s.strip() for s in (text or "").splitlines() if s.strip()), "")
    return line if len(line) <= TITLE_CHARS else line[:TITLE_CHARS - 1] + "…"


def prefill(source: Record, kind: str) -> dict[str, Any]:
    """The fields a new record of ``kind`` made from ``source`` starts with: its unit and team
    (and round, for a kind that has one), and a title or summary drawn from the source."""
    names = {f.name for f in kind_spec(kind).fields}
    values: dict[str, Any] = {}
    for name in ("unit_id", "team_id", "round_id"):
        if name in names and getattr(source, name, None):
            values[name] = getattr(source, name)
    if kind == "lead":
        if isinstance(source, Interview):
            values["summary"] = source.summary or _title(source.content)
            values["received_at"] = source.time.date() if source.time else None
        elif isinstance(source, Petition):
            values.update(summary=source.summary, subject_name=source.subject_name,
                          subject_post=source.subject_post, subject_unit=source.subject_unit,
                          received_at=source.received_at.date() if source.received_at else None)
            values["source"] = source.channel if source.channel in SEED["lead_source"][2] else ""
        elif isinstance(source, Document):
            values["summary"] = source.title
        values.setdefault("source", LEAD_SOURCE.get(source.KIND, ""))
    elif kind == "paper" and isinstance(source, Lead):
        values.update(title=_title(source.summary), source=source.source,
                      facts=source.detail or source.summary)
    elif kind == "handover" and isinstance(source, Lead):
        values.update(title=_title(f"{source.subject_name}问题线索：{source.summary}"), to_unit=source.transfer_to)
    elif kind == "problem" and isinstance(source, Paper):
        # The paper's 责任指向 names people and stays in the paper (docs/domain.md §2.7).
        values.update(title=source.title, heading=source.heading, tag=source.tag,
                      description=source.facts, characterisation=source.characterisation)
    elif kind == "rectification" and isinstance(source, Problem):
        values.update(title=source.title, problem_id=source.id, status=RECT_NOT_STARTED)
    return {k: v for k, v in values.items() if v not in (None, "")}


@dataclass(frozen=True)
class NewLinked:
    """What "新建并关联" opens: a new record's kind, its prefilled values and the link to make."""

    kind: str
    initial: dict[str, Any]
    link: PendingLink


def new_linked(vault: Vault, source_id: str, kind: str) -> NewLinked:
    """A new record of ``kind`` made from ``source_id``, as "新建并关联" offers it (app/domain/links.py)."""
    source = _live(vault, source_id)
    offered = dict(new_and_link(source.KIND))
    if kind not in offered:
        raise RuleViolation(f"不能从{kind_spec(source.KIND).label}新建{kind_spec(kind).label}并关联")
    relation = offered[kind]
    outgoing = not any(c.outgoing for c in relations_between(source.KIND, kind) if c.relation == relation)
    return NewLinked(kind, prefill(source, kind),
                     PendingLink(source.id, relation, outgoing, source.KIND, source.label()))


def make_pending_link(vault: Vault, record: Record, pending: PendingLink) -> Link:
    """Inside the caller's transaction: link a record just saved as ``pending`` says."""
    other = _live(vault, pending.other_id)
    src, dst = (record, other) if pending.outgoing else (other, record)
    problems = link_problems(src.KIND, pending.relation, dst.KIND, same_record=src.id == dst.id)
    if problems:
        raise RuleViolation("；".join(problems))
    [saved] = vault.records.save_within([Link(src_id=src.id, dst_id=dst.id, relation=pending.relation)])
    assert isinstance(saved, Link)
    return saved
