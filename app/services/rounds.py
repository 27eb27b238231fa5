"""Rounds and teams by name, as the command line and the office's pages name them; free of Qt.

A vault keeps every round it ever planned, and 巡察组 names repeat each round (第一巡察组 …), so
a team is found by name *within* a round, and a name that fits teams of two rounds is refused with
the candidates listed rather than guessed (docs/intake.md, "Rounds"). :func:`create_round` makes a
round from the command line (``python main.py round``), checked as the editor checks it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from app.domain.planning import norm
from app.domain.records import Round, Setting, Team, VocabEntry
from app.domain.revisit import lower_rounds, round_facts
from app.domain.rules import vocabularies
from app.storage.errors import ReasonedError
from app.storage.vault import Vault

REASONS: dict[str, str] = {
    "unknown_round": "保密库中没有这个巡察轮次",
    "ambiguous_round": "保密库中有多个同名的巡察轮次，请改用编号",
    "round_exists": "保密库中已有同名的巡察轮次",
    "unknown_team": "保密库中没有这个巡察组",
    "ambiguous_team": "有多个同名的巡察组，请用 --round 指定轮次或改用编号",
    "bad_value": "取值不在词表中",
    "bad_title": "轮次名称不能为空",
}


class RoundError(ReasonedError):
    """A round or team that cannot be found, or found more than once; ``detail`` lists what there is."""

    message = "无法确定巡察轮次或巡察组"
    message_en = "The round or team cannot be determined"
    reasons = REASONS

    def __str__(self) -> str:
        return self.reasons[self.reason] + (f"：{self.detail}" if self.detail else "")


@dataclass(frozen=True)
class RoundChoice:
    """A round as a chooser lists it."""

    id: str
    label: str


def _key(text: str) -> str:
    """Names compare as planning compares them (NFKC, no spaces), Latin letters in any case."""
    return norm(text).lower()


def rounds(vault: Vault) -> list[RoundChoice]:
    """Every live round, oldest first."""
    return [RoundChoice(r.id, r.label()) for r in vault.records.iter(Round)]


def _listed(names: list[str], limit: int = 8) -> str:
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def find_round(vault: Vault, ref: str) -> Round:
    """The live round whose id or title (spaces and full-width ignored) is ``ref``."""
    wanted = ref.strip()
    every = list(vault.records.iter(Round))
    found = [r for r in every if r.id == wanted.lower()] or [r for r in every if _key(r.title) == _key(wanted)]
    if not found:
        known = _listed([f"“{r.title}”" for r in every]) or "（无）"
        raise RoundError("unknown_round", f"“{wanted[:40]}”；现有轮次：{known}")
    if len(found) > 1:
        raise RoundError("ambiguous_round", _listed([f"{r.title}（编号 {r.id}）" for r in found]))
    return found[0]


def find_team(vault: Vault, ref: str, round_ref: str | None = None) -> Team:
    """The live team whose id or name is ``ref``, in the round ``round_ref`` (title or id) when given.
    A name that fits several teams is refused with each candidate's round and id listed."""
    wanted = ref.strip()
    round_id = find_round(vault, round_ref).id if round_ref else None
    teams = [t for t in vault.records.iter(Team) if round_id is None or t.round_id == round_id]
    found = [t for t in teams if t.id == wanted.lower()] or [t for t in teams if _key(t.name) == _key(wanted)]
    where = f"（轮次“{find_round(vault, round_ref).title}”）" if round_ref else ""
    if not found:
        raise RoundError("unknown_team", f"“{wanted[:40]}”{where}")
    if len(found) > 1:
        titles = {r.id: r.title for r in vault.records.iter(Round)}
        shown = [f"{t.name}（{titles.get(t.round_id or '', '未属轮次')}，编号 {t.id}）" for t in found]
        raise RoundError("ambiguous_team", f"“{wanted[:40]}”有 {len(found)} 个：{_listed(shown)}")
    return found[0]


@dataclass(frozen=True)
class NewRound:
    """What ``python main.py round`` gives; ``parent`` is the title (or id) of the higher-level round."""

    title: str
    kind: str
    committee: str = ""
    authorisation: str = ""
    year: int | None = None
    level: str = ""
    parent: str = ""
    revisit: bool = False
    topic: str = ""


def _choice(vocab: dict[str, list[str]], name: str, value: str, label: str) -> str:
    options = vocab.get(name, [])
    for option in options:
        if _key(option) == _key(value):
            return option
    raise RoundError("bad_value", f"{label}“{value[:40]}”（可选：{'、'.join(options)}）")


def create_round(vault: Vault, new: NewRound) -> Round:
    """Save a new round; its title must be new, its kind (and level) in the vault's vocabularies."""
    title = new.title.strip()
    if not title:
        raise RoundError("bad_title")
    if any(_key(r.title) == _key(title) for r in vault.records.iter(Round)):
        raise RoundError("round_exists", f"“{title[:40]}”")
    vocab = vocabularies(vault.records.iter(VocabEntry))
    record = Round(title=title, kind=_choice(vocab, "round_kind", new.kind, "巡察类型"),
                   committee=new.committee.strip(), authorisation=new.authorisation.strip(), year=new.year)
    saved = vault.records.save(dataclasses.replace(record, **_new_fields(vault, vocab, new)))
    assert isinstance(saved, Round)
    return saved


def _new_fields(vault: Vault, vocab: dict[str, list[str]], new: NewRound) -> dict[str, Any]:
    """level, parent_id, revisit and topic (上下联动, 回头看, 专项主题), when given."""
    out: dict[str, Any] = {}
    if new.level:
        out["level"] = _choice(vocab, "level", new.level, "层级")
    if new.parent:
        out["parent_id"] = find_round(vault, new.parent).id
    if new.revisit:
        out["revisit"] = True
    if new.topic:
        out["topic"] = new.topic.strip()
    return out


def own_rounds(vault: Vault) -> set[str]:
    """The live rounds that are this office's own, not a lower office's sent up (the one rule,
    app/domain/revisit.py ``lower_rounds``: by round level and 上级统一部署)."""
    every = list(vault.records.iter(Round))
    lower = lower_rounds(round_facts(every, vault.records.iter(Setting), vault.info.vault_id))
    return {r.id for r in every if r.id not in lower}
