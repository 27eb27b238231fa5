"""Which records may be linked, with which relation, and how a link reads from each side.

The chain of the work (docs/domain.md §2.9): a petition, interview or document request
—引出线索→ lead —形成底稿→ working paper —形成问题→ problem —整改事项→ rectification item, and a
handover —移交线索→ lead; 佐证材料 links a record to its evidence (a document request, an
attachment, an interview or a petition); 相关 links any two records of the work. Across rounds and
levels (docs/domain.md §3): 重复发现 links a problem to the same problem found in an earlier round, 成果运用 a
finding of this office to the lower-level finding it cites. A link goes
from ``src`` to ``dst``, and the relation names the ``dst`` as seen from the ``src`` (an
interview's 引出线索 is the lead); :data:`SEEN_FROM_TARGET` names the ``src`` as seen from the
``dst`` (the lead's 线索来源 is the interview). Relation names are the ``relation`` vocabulary's
values (app/domain/vocab.py), which stay Chinese in every interface language (docs/i18n.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.vocab import SEED

LEADS_TO, FORMS_PAPER, FORMS_PROBLEM, RECTIFIES, HANDS_OVER, EVIDENCE, RELATED, REPEATED, CITES = SEED["relation"][2]

#: The records of the work a person links; 相关 links any two of them.
LINKABLE_KINDS = ("interview", "petition", "lead", "document", "paper", "problem", "rectification", "handover",
                  "attachment")


@dataclass(frozen=True)
class LinkRule:
    """A relation allowed from a record of one of ``sources`` to one of ``targets``."""

    relation: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


#: Every relation a person may choose, chain first (the order the editor offers them in).
LINK_RULES = (
    LinkRule(LEADS_TO, ("petition", "interview", "document"), ("lead",)),
    LinkRule(FORMS_PAPER, ("lead",), ("paper",)),
    LinkRule(FORMS_PROBLEM, ("paper",), ("problem",)),
    LinkRule(RECTIFIES, ("problem",), ("rectification",)),
    LinkRule(HANDS_OVER, ("handover",), ("lead",)),
    LinkRule(EVIDENCE, ("lead", "paper", "problem", "rectification"),
             ("document", "attachment", "interview", "petition")),
    LinkRule(REPEATED, ("problem",), ("problem",)),
    LinkRule(CITES, ("problem", "paper"), ("problem", "paper")),
    LinkRule(RELATED, LINKABLE_KINDS, LINKABLE_KINDS),
)

#: A relation as read from the link's target: what the source is to it.
SEEN_FROM_TARGET = {
    LEADS_TO: "线索来源",
    FORMS_PAPER: "来源线索",
    FORMS_PROBLEM: "来源底稿",
    RECTIFIES: "对应问题",
    HANDS_OVER: "移交记录",
    EVIDENCE: "佐证对象",
    REPEATED: "再次发现于",
    CITES: "被运用于",
    RELATED: RELATED,
}

#: "新建并关联": from a record of the first kind, a new record of the second, linked with the relation
#: (the new record is the link's target, except a handover, which is the source of 移交线索).
NEW_AND_LINK = (
    ("interview", "lead", LEADS_TO),
    ("petition", "lead", LEADS_TO),
    ("document", "lead", LEADS_TO),
    ("lead", "paper", FORMS_PAPER),
    ("lead", "handover", HANDS_OVER),
    ("paper", "problem", FORMS_PROBLEM),
    ("problem", "rectification", RECTIFIES),
)


@dataclass(frozen=True)
class Choice:
    """A relation one record may have with another: ``outgoing`` when this record is the source."""

    relation: str
    outgoing: bool


def relations_between(this_kind: str, other_kind: str) -> list[Choice]:
    """The relations a record of ``this_kind`` may have with one of ``other_kind``, chain first.

    A relation allowed both ways (相关 between two records of one kind) is offered once, outgoing."""
    out: list[Choice] = []
    for rule in LINK_RULES:
        if this_kind in rule.sources and other_kind in rule.targets:
            out.append(Choice(rule.relation, True))
        elif other_kind in rule.sources and this_kind in rule.targets:
            out.append(Choice(rule.relation, False))
    return out


def link_allowed(src_kind: str, relation: str, dst_kind: str) -> bool:
    return any(rule.relation == relation and src_kind in rule.sources and dst_kind in rule.targets
               for rule in LINK_RULES)


def link_problems(src_kind: str, relation: str, dst_kind: str, *, same_record: bool = False) -> list[str]:
    """Why a link may not be made (empty when it may)."""
    if same_record:
        return ["不能把记录与自身关联"]
    if relation not in SEEN_FROM_TARGET:
        return [f"没有“{relation}”这种关联类型"]
    if not link_allowed(src_kind, relation, dst_kind):
        return [f"“{relation}”不能用于这两类记录之间"]
    return []


def relation_seen_from(relation: str, outgoing: bool) -> str:
    """How a link reads from one of its ends: the relation from the source, its reverse from the target."""
    return relation if outgoing else SEEN_FROM_TARGET.get(relation, relation)


def new_and_link(kind: str) -> list[tuple[str, str]]:
    """(new kind, relation) that "新建并关联" offers from a record of ``kind``."""
    return [(new, relation) for source, new, relation in NEW_AND_LINK if source == kind]
