"""回头看 over a vault: repeated problems, a unit's history across rounds, accepting a repeat; free of Qt.

The matching is app/domain/revisit.py's :func:`repeats`; this module reads the columns it needs
with :meth:`RecordStore.values` (no record of every kind is built) and writes the 重复发现 links a
person accepts (docs/office.md, "Follow-up: repeats and history").

Which round is "current": the one asked for, else the latest round (year, number, start date).
Its problems are compared with the problems of every earlier round.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.links import REPEATED as REPEATED_RELATION
from app.domain.names import origin_label
from app.domain.records import Link, Problem, Rectification, Round, Setting, Team, Unit
from app.domain.revisit import ProblemFacts, Repeat, lower_rounds, org_identity, repeats, round_facts
from app.domain.settings import read_setting
from app.services.stats import Cell, Column, StatQuery, StatTable, register
from app.storage.errors import ReasonedError
from app.storage.vault import Vault

REASONS: dict[str, str] = {
    "unknown_unit": "保密库中没有这个被巡察单位（按单位名称或单位编码查找）",
    "ambiguous_unit": "这个名称对应多个不同的单位，请改用单位编码",
    "unknown_problem": "不是本单位被标记为重复发现的反馈问题",
}


class RevisitError(ReasonedError):
    """A unit that cannot be found, or found as several organisations."""

    message = "无法确定被巡察单位"
    message_en = "The inspected unit cannot be determined"
    reasons = REASONS

    def __str__(self) -> str:
        return self.reasons[self.reason] + (f"：{self.detail}" if self.detail else "")


def round_order(rnd: Round) -> tuple[int, int, dt.date, str]:
    """Rounds in time: year, number, start date, creation (as planning orders them)."""
    year = rnd.year or (rnd.start_date.year if rnd.start_date else 0)
    return (year, rnd.number or 0, rnd.start_date or dt.date.min, str(rnd.created or ""))


def similarity_threshold(vault: Vault) -> float:
    return read_setting(vault.records.iter(Setting), "revisit.similarity").as_float()


@dataclass
class _Facts:
    """The columns of a vault that repeats and history read, once."""

    rounds: list[Round]
    units: dict[str, tuple[str, str, str, str | None]]  # id -> (org identity, name, round_id, team_id)
    problems: list[ProblemFacts]
    titles: dict[str, tuple[str, int | None, str | None]]  # problem id -> (title, seq, team_id)
    items: dict[str, list[tuple[str, str, str]]]  # problem id -> [(title, status, revisit_result)]
    unit_of: dict[str, str]  # problem id -> unit id
    accepted: set[tuple[str, str]] = field(default_factory=set)  # (current, earlier) linked 重复发现


def _facts(vault: Vault, *, org: str | None = None) -> _Facts:
    store = vault.records
    rounds = sorted(store.iter(Round), key=round_order)
    units: dict[str, tuple[str, str, str, str | None]] = {}
    for uid, name, key, round_id, team_id in store.values(Unit, ("id", "name", "org_key", "round_id", "team_id")):
        identity = org_identity(key or "", name or "")
        if org is None or identity == org:
            units[uid] = (identity, name or "", round_id or "", team_id)
    items: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for pid, title, status, result in store.values(Rectification, ("problem_id", "title", "status", "revisit_result")):
        if pid:
            items[pid].append((title or "", status or "", result or ""))
    problems: list[ProblemFacts] = []
    titles: dict[str, tuple[str, int | None, str | None]] = {}
    unit_of: dict[str, str] = {}
    columns = ("id", "unit_id", "heading", "tag", "title", "description", "seq", "team_id")
    for pid, uid, heading, tag, title, description, seq, team_id in store.values(Problem, columns):
        unit = units.get(uid or "")
        if unit is None:
            continue
        problems.append(ProblemFacts(pid, unit[0], unit[2], heading or "", tag or "",
                                     f"{title or ''}\n{description or ''}",
                                     tuple(status for _, status, _ in items.get(pid, ()))))
        titles[pid] = (title or "", seq, team_id)
        unit_of[pid] = uid or ""
    accepted = {(src or "", dst or "") for src, dst in store.values(Link, ("src_id", "dst_id"),
                                                                    where={"relation": REPEATED_RELATION})}
    return _Facts(rounds, units, problems, titles, dict(items), unit_of, accepted)


def _split(facts: _Facts, round_id: str | None) -> tuple[Round | None, list[ProblemFacts], list[ProblemFacts]]:
    """The current round's problems and those of the rounds before it."""
    if not facts.rounds:
        return None, [], []
    current = next((r for r in facts.rounds if r.id == round_id), None) if round_id else facts.rounds[-1]
    if current is None:
        return None, [], []
    before = {r.id for r in facts.rounds if round_order(r) < round_order(current)}
    now = [p for p in facts.problems if p.round_id == current.id]
    earlier = [p for p in facts.problems if p.round_id in before]
    return current, now, earlier


@dataclass(frozen=True)
class RepeatRow:
    """One flagged repeat as `stats --table repeats` and 汇总 list it."""

    unit: str
    current_id: str
    current_title: str
    earlier_id: str
    earlier_title: str
    flags: tuple[str, ...]
    similarity: float | None  # None: matched by the same problem tag
    accepted: bool


@dataclass(frozen=True)
class RepeatsReport:
    round_title: str
    rows: tuple[RepeatRow, ...]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def paper_only(self) -> int:
        return sum(1 for r in self.rows if "纸面整改" in r.flags)


def find_repeats(vault: Vault, round_id: str | None = None) -> RepeatsReport:
    """The current round's problems found again from earlier rounds, in unit order."""
    facts = _facts(vault)
    current, now, earlier = _split(facts, round_id)
    if current is None:
        return RepeatsReport("", ())
    found = repeats(now, earlier, similarity_threshold(vault))
    rows = [RepeatRow(facts.units[facts.unit_of[r.current]][1], r.current, facts.titles[r.current][0], r.earlier,
                      facts.titles[r.earlier][0], r.flags, r.similarity, (r.current, r.earlier) in facts.accepted)
            for r in found]
    rows.sort(key=lambda row: (row.unit, row.current_title, row.current_id))
    return RepeatsReport(current.title, tuple(rows))


# --- a unit's history --------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryItem:
    """A rectification item of a problem: its title, status and 回头看 finding."""

    title: str
    status: str
    revisit_result: str


@dataclass(frozen=True)
class HistoryProblem:
    id: str
    seq: int | None
    title: str
    heading: str
    tag: str
    items: tuple[HistoryItem, ...]
    flags: tuple[str, ...] = ()
    earlier_id: str = ""
    earlier_title: str = ""
    accepted: bool = False


@dataclass(frozen=True)
class HistoryRound:
    round_id: str
    title: str
    unit_id: str
    unit_name: str
    team: str
    problems: tuple[HistoryProblem, ...]


@dataclass(frozen=True)
class UnitHistory:
    """Every round's problems of one organisation, oldest round first."""

    org: str
    name: str
    rounds: tuple[HistoryRound, ...]

    @property
    def flagged(self) -> list[HistoryProblem]:
        return [p for r in self.rounds for p in r.problems if p.flags]


def find_org(vault: Vault, ref: str) -> str:
    """The organisation named by a unit's name (NFKC, spaces ignored), 单位编码 or id."""
    wanted = ref.strip()
    if not wanted:
        raise RevisitError("unknown_unit", "")
    key_identity = org_identity(wanted, "")
    name_identity = org_identity("", wanted)
    by_name: set[str] = set()
    for uid, name, key in vault.records.values(Unit, ("id", "name", "org_key")):
        identity = org_identity(key or "", name or "")
        if uid == wanted.lower() or identity == key_identity:
            return identity
        if org_identity("", name or "") == name_identity:
            by_name.add(identity)
    if not by_name:
        raise RevisitError("unknown_unit", f"“{wanted[:40]}”")
    if len(by_name) > 1:
        raise RevisitError("ambiguous_unit", "、".join(sorted(i.removeprefix("key:") for i in by_name)[:8]))
    return by_name.pop()


def unit_history(vault: Vault, org: str) -> UnitHistory:
    """The organisation's problems in every round, each with its rectification items; a problem of
    a later round found again from an earlier one carries its flags (app/domain/revisit.py)."""
    facts = _facts(vault, org=org)
    similarity = similarity_threshold(vault)
    order = {r.id: i for i, r in enumerate(facts.rounds)}
    flagged: dict[str, Repeat] = {}
    for rnd in facts.rounds:
        now = [p for p in facts.problems if p.round_id == rnd.id]
        earlier = [p for p in facts.problems if order.get(p.round_id, -1) < order[rnd.id]]
        for found in repeats(now, earlier, similarity):
            flagged[found.current] = found
    teams = {t.id: t.name for t in vault.records.iter(Team)}
    by_unit: dict[str, list[ProblemFacts]] = defaultdict(list)
    for p in facts.problems:
        by_unit[facts.unit_of[p.id]].append(p)
    rounds_out: list[HistoryRound] = []
    name = ""
    for rnd in facts.rounds:
        for uid, (_, unit_name, round_id, team_id) in facts.units.items():
            if round_id != rnd.id:
                continue
            name = unit_name
            problems = []
            for p in sorted(by_unit.get(uid, ()), key=lambda q: (facts.titles[q.id][1] or 0, facts.titles[q.id][0])):
                title, seq, _ = facts.titles[p.id]
                hit = flagged.get(p.id)
                items = tuple(HistoryItem(*item) for item in facts.items.get(p.id, ()))
                problems.append(HistoryProblem(
                    p.id, seq, title, p.heading, p.tag, items, hit.flags if hit else (),
                    hit.earlier if hit else "", facts.titles[hit.earlier][0] if hit else "",
                    bool(hit) and (p.id, hit.earlier if hit else "") in facts.accepted))
            rounds_out.append(HistoryRound(rnd.id, rnd.title, uid, unit_name, teams.get(team_id or "", ""),
                                           tuple(problems)))
    return UnitHistory(org, name, tuple(rounds_out))


def history_of_unit(vault: Vault, unit_id: str) -> UnitHistory | None:
    """The history of the organisation a unit record is (the unit editor's 历次巡察 tab); None for a
    unit not saved yet."""
    unit = vault.records.find(unit_id, Unit) if unit_id else None
    if unit is None:
        return None
    return unit_history(vault, org_identity(unit.org_key, unit.name))


def accept_repeats(vault: Vault, org: str, only: Sequence[str] = ()) -> list[Link]:
    """Accept the flagged repeats of one organisation: a 重复发现 link from each flagged problem to the
    earlier one it repeats (one transaction; a pair linked already is left as it is). ``only`` limits
    it to those current problems (ids); one that is not flagged is refused and nothing is written."""
    history = unit_history(vault, org)
    flagged = {p.id: p for p in history.flagged}
    wanted = [p.strip().lower() for p in only if p.strip()]
    unknown = [p for p in wanted if p not in flagged]
    if unknown:
        raise RevisitError("unknown_problem", "、".join(unknown[:5]))
    chosen = [flagged[p] for p in dict.fromkeys(wanted)] if wanted else list(flagged.values())
    links = [Link(src_id=p.id, dst_id=p.earlier_id, relation=REPEATED_RELATION, note="、".join(p.flags))
             for p in chosen if not p.accepted]
    return [link for link in vault.records.save_many(links) if isinstance(link, Link)]


# --- the `repeats` statistics table (registered into app/services/stats.py) -------------------------


def how(similarity: float | None) -> str:
    """How a repeat matched, as printed: 同一问题标签, or 相似度 0.62."""
    return "同一问题标签" if similarity is None else f"相似度 {similarity:.2f}"


@register("repeats", "重复发现问题")
def repeats_table(vault: Vault, query: StatQuery) -> StatTable:
    """The current round's (``--round``, else the latest) repeats: one line each, then ``repeats: N``
    and ``纸面整改: M``."""
    found = find_repeats(vault, query.round_id)
    columns = (Column("unit", "被巡察单位", "text"), Column("problem", "本轮问题", "text"),
               Column("earlier", "上轮问题", "text"), Column("flags", "标记", "text"),
               Column("similarity", "相似度", "figure"), Column("accepted", "已确认重复发现", "text"))
    rows: list[tuple[Cell, ...]] = [
        (r.unit, r.current_title, r.earlier_title, "、".join(r.flags), r.similarity, "是" if r.accepted else "否")
        for r in found.rows]
    printed = [f"repeat {r.unit}: {r.current_title}（{'、'.join(r.flags)}；上轮：{r.earlier_title}；"
               f"{how(r.similarity)}；{'已确认' if r.accepted else '未确认'}）" for r in found.rows]
    return StatTable("repeats", "重复发现问题", columns, rows,
                     summary=[("repeats", found.count), ("纸面整改", found.paper_only)], printed=printed)


# --- upward findings: where a lower office's problem or lead comes from ---------------------------------


@dataclass(frozen=True)
class Origins:
    """The origin label ("十二届某市委第五轮巡察 · 第三巡察组") of the teams and units of the rounds that are
    not this office's own (app/domain/revisit.py ``lower_rounds``)."""

    by_team: dict[str, str]
    by_unit: dict[str, str]

    def of(self, team_id: str | None, unit_id: str | None) -> str:
        return self.by_team.get(team_id or "") or self.by_unit.get(unit_id or "", "")


def origins(vault: Vault) -> Origins:
    rounds = {r.id: r for r in vault.records.iter(Round)}
    lower = lower_rounds(round_facts(rounds.values(), vault.records.iter(Setting), vault.info.vault_id))
    if not lower:
        return Origins({}, {})
    teams = {t.id: t for t in vault.records.iter(Team) if t.round_id in lower}
    by_team = {tid: origin_label(rounds[t.round_id or ""], t) for tid, t in teams.items()}
    by_unit: dict[str, str] = {}
    for uid, round_id, team_id in vault.records.values(Unit, ("id", "round_id", "team_id")):
        if round_id in lower:
            by_unit[uid] = by_team.get(team_id or "") or origin_label(rounds[round_id], None)
    return Origins(by_team, by_unit)
