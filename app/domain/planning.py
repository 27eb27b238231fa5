"""Planning a round (轮次规划): which team inspects which unit, and why not (docs/domain.md §3.3–3.5).

Pure domain code: no SQL, no Qt, no I/O. ``app/services/planning.py`` builds the inputs below from
the vault's records; the command line and the editor print what comes back.

The three modes of a unit (vocabulary ``inspection_mode``) and the checks each is subject to:

* **本级** (own level): the committee's own teams inspect the Party organisations it manages in its
  own jurisdiction. A team and members from that jurisdiction are the norm, so home jurisdiction
  is no conflict; personal ties (recusal declarations, past posts) still are.
* **交叉** (cross-inspection, §3.4): teams are swapped between counties to break the "熟人社会".
  Breaking home ties is the point, so a unit in the team's ``home_jurisdiction``
  (``own_jurisdiction``) or in a member's (``member_home``) is a hard conflict. In a 联动式 team
  the roles named in the setting ``plan.local_roles`` (组长, 联络员 by default) come from the
  inspected county on purpose (the model of §3.4: leader and liaison local, deputy and petition
  staff from the sending county) and are exempt from ``member_home``. A 交叉 pair A→B while B→A
  also holds (this round or the history given) is ``reciprocal`` ("你查我、我查你"), a soft conflict
  while ``plan.forbid_reciprocal`` is on. The inspected county's committee authorises too (双授权).
* **提级** (escalated): a higher committee's team inspects directly what a lower one normally
  would (a city team inspecting a county's units, a county team a village branch). The level gap
  ("级差") is what blocks the acquaintances, so no home-jurisdiction conflict applies by rule (the
  definition is unsourced, docs/domain.md §1.3); :func:`propose` only prefers a team whose home is not the unit's
  jurisdiction, since a county's own team on a 提级 unit would be 本级 in all but name.

Every unit, whatever its mode, is checked for ``declared_unit``/``declared_person`` (a member's
recusal row names the unit, or a person on its roster) and ``past_post`` (a member's past post was
the unit or its supervisor within ``plan.past_post_years``). Soft: ``same_leader_again`` (the
team's 组长, by 人才库 number, led the team on the same ``org_key`` last round: "三个不固定") and
``over_capacity``. Hard conflicts are refused; soft ones need an acknowledgement.

Matching is on normalised text (NFKC, no spaces; a unit's name without its Party-body suffix, so
"A县财政局" matches "A县财政局党组"); a home jurisdiction matches a jurisdiction it equals or starts
with at an administrative boundary ("A县某镇" is in "A县"). A declaration naming a person and a
unit matches the person only on that unit's roster, so a namesake elsewhere is not a conflict.

Each team and each unit is reduced once to sets (:class:`TeamIndex`, :class:`UnitIndex`), so a
pair's hard check is a handful of set lookups; :func:`conflicts` explains a pair with reasons in
Chinese from the same sets and the same predicates. :func:`propose` is a greedy pass (clustered by
jurisdiction, balanced to even quotas within capacity, soft conflicts avoided) completed by
augmenting paths, i.e. a maximum multi-slot bipartite matching: when a complete assignment free of
hard conflicts exists within the capacities, every unit is placed. A unit left unplaced carries,
for every team, the reason it was excluded (its hard conflicts, or a full capacity).
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

MODE_LOCAL, MODE_CROSS, MODE_ESCALATED = "本级", "交叉", "提级"
COMPOSITION_LINKED = "联动式"
LEADER_ROLE = "组长"

OWN_JURISDICTION = "own_jurisdiction"
MEMBER_HOME = "member_home"
DECLARED_UNIT = "declared_unit"
DECLARED_PERSON = "declared_person"
PAST_POST = "past_post"
SAME_LEADER_AGAIN = "same_leader_again"
RECIPROCAL = "reciprocal"
OVER_CAPACITY = "over_capacity"

#: Refused whatever anyone acknowledges.
HARD_CODES = (OWN_JURISDICTION, MEMBER_HOME, DECLARED_UNIT, DECLARED_PERSON, PAST_POST)
#: Allowed with an acknowledgement, recorded in the unit's ``assignment_notes``.
SOFT_CODES = (SAME_LEADER_AGAIN, RECIPROCAL, OVER_CAPACITY)
#: How each code is named to a person (the 冲突 column of 分工方案 and of assignment_notes).
CODE_LABELS = {
    OWN_JURISDICTION: "派出地区回避", MEMBER_HOME: "籍贯/原任职地回避", DECLARED_UNIT: "申报回避（单位）",
    DECLARED_PERSON: "申报回避（人员）", PAST_POST: "任职回避", SAME_LEADER_AGAIN: "组长连续带队",
    RECIPROCAL: "交叉互查", OVER_CAPACITY: "超出承担上限",
}

#: Suffixes naming a unit's Party body; a declaration or past post names the unit without them.
_PARTY_SUFFIXES = ("机关党委", "党工委", "党总支", "党支部", "党组", "党委")
#: Characters that end an administrative name (a home "A县某镇" is within "A县").
_ADMIN_ENDS = "省市州盟县区旗镇乡街道村"


# --- inputs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recusal:
    """One row of a member's 回避申报: a person (may be empty) and/or a unit (may be empty)."""

    person: str = ""
    unit: str = ""
    relation: str = ""


@dataclass(frozen=True)
class PastPost:
    """One row of a member's 曾任职单位: unit, region, years (``None`` when not known)."""

    unit: str = ""
    region: str = ""
    from_year: int | None = None
    to_year: int | None = None


@dataclass(frozen=True)
class MemberPlan:
    id: str
    name: str
    role: str = ""
    home_jurisdiction: str = ""
    staff_key: str = ""
    recusals: tuple[Recusal, ...] = ()
    past_posts: tuple[PastPost, ...] = ()


@dataclass(frozen=True)
class TeamPlan:
    """A team of the round. ``capacity`` ``None`` means no limit; ``leader`` is the 组长's staff_key."""

    id: str
    name: str
    home_jurisdiction: str = ""
    composition: str = ""
    capacity: int | None = None
    leader: str = ""
    members: tuple[MemberPlan, ...] = ()
    number: int | None = None


@dataclass(frozen=True)
class UnitPlan:
    """A unit of the round; ``roster`` the names of its people; ``team_id`` its current assignment."""

    id: str
    name: str
    org_key: str = ""
    jurisdiction: str = ""
    supervisor: str = ""
    mode: str = MODE_LOCAL
    roster: tuple[str, ...] = ()
    team_id: str | None = None


@dataclass(frozen=True)
class History:
    """Earlier rounds: the 组长 (staff_key) who led the team on each org_key last round, and the
    交叉 pairs (sending jurisdiction, inspected jurisdiction) already made."""

    leaders: Mapping[str, str] = field(default_factory=dict)
    cross_pairs: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class PlanSettings:
    """The ``plan.*`` settings (app/domain/settings.py) and the round's year."""

    year: int
    past_post_years: int = 5
    forbid_reciprocal: bool = True
    local_roles: tuple[str, ...] = ("组长", "联络员")


@dataclass(frozen=True)
class RoundInput:
    teams: tuple[TeamPlan, ...]
    units: tuple[UnitPlan, ...]
    history: History
    settings: PlanSettings


# --- outputs ---------------------------------------------------------------------------------

class Conflict(NamedTuple):
    """One conflict of a team–unit pair: its code, the member concerned ("" for the team) and why.
    (A named tuple: thousands are made per proposal, and it is cheaper than a frozen dataclass.)"""

    code: str
    member: str
    reason: str

    @property
    def hard(self) -> bool:
        return self.code in HARD_CODES

    @property
    def label(self) -> str:
        return CODE_LABELS.get(self.code, self.code)


class Exclusion(NamedTuple):
    """Why a team did not take a unit."""

    team_id: str
    team_name: str
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True)
class ProposalRow:
    """One unit of the proposal: its team (``None`` if unplaced), its soft warnings and the teams
    excluded for it (every hard-conflicted team; for an unplaced unit, every team)."""

    unit_id: str
    unit_name: str
    jurisdiction: str
    mode: str
    team_id: str | None
    team_name: str
    warnings: tuple[Conflict, ...]
    excluded: tuple[Exclusion, ...]


@dataclass(frozen=True)
class Proposal:
    rows: tuple[ProposalRow, ...]
    loads: Mapping[str, int]

    @property
    def assignment(self) -> dict[str, str | None]:
        return {row.unit_id: row.team_id for row in self.rows}

    @property
    def unplaced(self) -> tuple[ProposalRow, ...]:
        return tuple(row for row in self.rows if row.team_id is None)


@dataclass(frozen=True)
class PairConflicts:
    """The conflicts of one assigned unit (:func:`check_assignment`)."""

    unit_id: str
    unit_name: str
    team_id: str
    team_name: str
    conflicts: tuple[Conflict, ...]


# --- normalisation ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """NFKC, without whitespace: how names are compared (cached: the same names recur)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text if text.isprintable() and " " not in text else "".join(text.split())


@functools.lru_cache(maxsize=1 << 14)
def unit_key(name: str) -> str:
    """A unit's name without its Party-body suffix: "A县财政局党组" → "A县财政局"."""
    key = norm(name)
    for suffix in _PARTY_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


@functools.lru_cache(maxsize=1 << 12)
def places(home: str) -> frozenset[str]:
    """The jurisdictions a home lies in: itself and its prefixes ending at an administrative name
    ("A县某镇" → {"A县某镇", "A县"}); empty for an empty home."""
    key = norm(home)
    if not key:
        return frozenset()
    out = {key}
    out.update(key[: i + 1] for i, ch in enumerate(key[:-1]) if ch in _ADMIN_ENDS)
    return frozenset(out)


def _past_keys(post: PastPost) -> frozenset[str]:
    unit, region = norm(post.unit), norm(post.region)
    keys = {unit_key(unit)} if unit else set()
    if region and unit and not unit.startswith(region):
        keys.add(unit_key(region + unit))
    return frozenset(keys)


def _past_recent(post: PastPost, settings: PlanSettings) -> bool:
    """Within the recusal period: ended no earlier than ``year - past_post_years`` (or not ended,
    or its years unknown: counted, since a person cannot show otherwise)."""
    return post.to_year is None or post.to_year >= settings.year - settings.past_post_years


def _normalised(history: History) -> History:
    return History({norm(k): norm(v) for k, v in history.leaders.items()},
                   frozenset((norm(a), norm(b)) for a, b in history.cross_pairs))


# --- indexes: each team and unit reduced once to sets ----------------------------------------

@dataclass(frozen=True)
class UnitIndex:
    unit: UnitPlan
    key: str
    supervisor: str
    jurisdiction: str
    cross: bool
    org: str
    roster: frozenset[str]

    @classmethod
    def of(cls, unit: UnitPlan, roster: Iterable[str] | None = None) -> UnitIndex:
        names = unit.roster if roster is None else roster
        people = frozenset(map(norm, names))
        return cls(unit, unit_key(unit.name), unit_key(unit.supervisor), norm(unit.jurisdiction),
                   norm(unit.mode) == MODE_CROSS, norm(unit.org_key), people - {""} if "" in people else people)


@dataclass(frozen=True)
class _MemberIndex:
    """One member's facts, normalised once: what :meth:`TeamIndex.explain` walks."""

    member: MemberPlan
    who: str
    homes: frozenset[str]  # empty when exempt (联动式 local role)
    recusals: tuple[tuple[str, str, Recusal], ...]  # (person, unit key, row)
    posts: tuple[tuple[frozenset[str], PastPost], ...]  # recent posts only
    keys: frozenset[str]  # every unit key the member's declarations and recent posts name
    persons: frozenset[str]  # every person the member declared

    @classmethod
    def of(cls, member: MemberPlan, exempt_roles: frozenset[str], settings: PlanSettings) -> _MemberIndex:
        exempt = norm(member.role) in exempt_roles
        recusals = tuple((norm(r.person), unit_key(r.unit), r) for r in member.recusals)
        posts = tuple((_past_keys(p), p) for p in member.past_posts if _past_recent(p, settings))
        keys = {unit for _, unit, _ in recusals if unit} | {k for ks, _ in posts for k in ks}
        return cls(member, f"{member.name}（{member.role}）" if member.role else member.name,
                   frozenset() if exempt else places(member.home_jurisdiction), recusals, posts, frozenset(keys),
                   frozenset(person for person, _, _ in recusals if person))


@dataclass(frozen=True)
class TeamIndex:
    """A team's members reduced to what a pair check looks up."""

    team: TeamPlan
    people: tuple[_MemberIndex, ...]
    home: str
    home_places: frozenset[str]  # the jurisdictions the team's home lies in
    member_homes: frozenset[str]  # the same for the homes of members not exempt
    declared_units: frozenset[str]  # unit keys named by a declaration (with or without a person)
    declared_anywhere: frozenset[str]  # persons declared without a unit
    past_units: frozenset[str]  # unit keys of recent past posts
    leader: str
    leader_name: str
    # Which members (by position in ``people``) a jurisdiction, a unit key or a person concerns.
    by_home: Mapping[str, tuple[int, ...]]
    by_key: Mapping[str, tuple[int, ...]]
    by_person: Mapping[str, tuple[int, ...]]
    persons: frozenset[str]
    home_conflicts: dict[str, tuple[Conflict, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, team: TeamPlan, members: Iterable[MemberPlan], settings: PlanSettings) -> TeamIndex:
        exempt = frozenset(map(norm, settings.local_roles)) if team.composition == COMPOSITION_LINKED else frozenset()
        ordered = sorted(members, key=lambda m: (norm(m.name), m.id))
        people = tuple(_MemberIndex.of(m, exempt, settings) for m in ordered)
        leader = norm(team.leader)
        leader_name = next((p.member.name for p in people if leader and norm(p.member.staff_key) == leader),
                           team.leader)
        by_home: dict[str, list[int]] = {}
        by_key: dict[str, list[int]] = {}
        by_person: dict[str, list[int]] = {}
        for n, p in enumerate(people):
            for index, values in ((by_home, p.homes), (by_key, p.keys), (by_person, p.persons)):
                for value in values:
                    index.setdefault(value, []).append(n)
        return cls(team, people, norm(team.home_jurisdiction), places(team.home_jurisdiction),
                   frozenset(by_home), frozenset(unit for p in people for _, unit, _ in p.recusals if unit),
                   frozenset(person for p in people for person, unit, _ in p.recusals if person and not unit),
                   frozenset(k for p in people for keys, _ in p.posts for k in keys), leader, leader_name,
                   {k: tuple(v) for k, v in by_home.items()}, {k: tuple(v) for k, v in by_key.items()},
                   {k: tuple(v) for k, v in by_person.items()}, frozenset(by_person))

    def hard(self, u: UnitIndex) -> bool:
        """Whether the pair has any hard conflict: set lookups only (:meth:`explain` gives the
        reasons; :class:`_Planner` asks the same questions through inverted indexes)."""
        if u.cross and (u.jurisdiction in self.home_places or u.jurisdiction in self.member_homes):
            return True
        if u.key in self.declared_units or u.key in self.past_units:
            return True
        if u.supervisor and u.supervisor in self.past_units:
            return True
        if u.roster and not u.roster.isdisjoint(self.declared_anywhere):
            return True
        return False

    def same_leader(self, u: UnitIndex, history: History) -> bool:
        """``history`` normalised (:func:`_normalised`)."""
        return bool(self.leader and u.org) and history.leaders.get(u.org, "") == self.leader

    def explain(self, u: UnitIndex, settings: PlanSettings) -> list[Conflict]:
        """The hard conflicts of the pair, one per member and fact, with reasons: the team's and its
        members' homes first (for a 交叉 unit), then each member's declarations and past posts."""
        out = list(self.homes_in(u.jurisdiction)) if u.cross else []
        unit = u.unit
        for n in self._concerned(u):
            p = self.people[n]
            member, who = p.member, p.who
            for person, declared, row in p.recusals:
                relation = f"，{row.relation}" if row.relation.strip() else ""
                if person and person in u.roster and (not declared or declared == u.key):
                    out.append(Conflict(DECLARED_PERSON, member.name,
                                        f"{who}申报回避的{row.person}{relation}在{unit.name}人员名单中"))
                elif declared and declared == u.key:
                    named = f"{row.person}{relation}，" if person else ""
                    out.append(Conflict(DECLARED_UNIT, member.name,
                                        f"{who}申报回避单位{row.unit}（{named}即{unit.name}）"))
            for keys, post in p.posts:
                what = "本单位" if u.key in keys else "上级单位" if u.supervisor and u.supervisor in keys else ""
                if what:
                    out.append(Conflict(PAST_POST, member.name,
                                        f"{who}{_served(post)}，为{unit.name}的{what}，"
                                        f"在{settings.past_post_years}年任职回避期内"))
        return out

    def homes_in(self, jurisdiction: str) -> tuple[Conflict, ...]:
        """The home conflicts of this team with any 交叉 unit of ``jurisdiction`` (worded once per
        jurisdiction: dozens of a county's units share them)."""
        found = self.home_conflicts.get(jurisdiction)
        if found is None:
            out = []
            if jurisdiction in self.home_places:
                out.append(Conflict(OWN_JURISDICTION, "", f"{self.team.name}派出地区为{self.team.home_jurisdiction}，"
                                                          f"不能交叉巡察{jurisdiction}的单位"))
            for n in self.by_home.get(jurisdiction, ()):
                p = self.people[n]
                out.append(Conflict(MEMBER_HOME, p.member.name, f"{p.who}籍贯/原任职地为{p.member.home_jurisdiction}，"
                                                                 f"不能交叉巡察{jurisdiction}的单位"))
            found = self.home_conflicts[jurisdiction] = tuple(out)
        return found

    def _concerned(self, u: UnitIndex) -> list[int]:
        """The members with a declaration or past post that can concern ``u`` (through the maps)."""
        found = set(self.by_key.get(u.key, ()))
        if u.supervisor:
            found.update(self.by_key.get(u.supervisor, ()))
        for person in self.persons.intersection(u.roster):
            found.update(self.by_person[person])
        return sorted(found)


def _soft(team: TeamIndex, u: UnitIndex, history: History, settings: PlanSettings,
          pairs: Iterable[tuple[str, str]] | Mapping[tuple[str, str], int], load: int) -> list[Conflict]:
    out: list[Conflict] = []
    t, unit = team.team, u.unit
    if team.same_leader(u, history):
        out.append(Conflict(SAME_LEADER_AGAIN, team.leader_name,
                            f"组长{team.leader_name}上轮已带队巡察{unit.name}（单位编码{unit.org_key}），"
                            "本轮宜调换（三个不固定）"))
    if _reciprocal(team, u, history, settings, pairs):
        out.append(Conflict(RECIPROCAL, "",
                            f"{t.home_jurisdiction}派{t.name}交叉巡察{unit.jurisdiction}，"
                            f"{unit.jurisdiction}也派组交叉巡察{t.home_jurisdiction}（你查我、我查你）"))
    if t.capacity is not None and load > t.capacity:
        out.append(Conflict(OVER_CAPACITY, "", f"{t.name}本轮承担单位上限{t.capacity}个，现为{load}个"))
    return out


def _reciprocal(team: TeamIndex, u: UnitIndex, history: History, settings: PlanSettings,
                pairs: Iterable[tuple[str, str]] | Mapping[tuple[str, str], int]) -> bool:
    if not (settings.forbid_reciprocal and u.cross and team.home and u.jurisdiction) or team.home == u.jurisdiction:
        return False
    back = (u.jurisdiction, team.home)
    return back in history.cross_pairs or back in pairs


def conflicts(team: TeamPlan, members: Iterable[MemberPlan], unit: UnitPlan, roster: Iterable[str],
              history: History, settings: PlanSettings, *, load: int = 0,
              pairs: Iterable[tuple[str, str]] = ()) -> list[Conflict]:
    """Every conflict of ``team`` (with ``members``) inspecting ``unit`` (with the people ``roster``).

    ``load`` is the number of units the team takes this round including this one (for
    ``over_capacity``); ``pairs`` the 交叉 pairs (sending, inspected jurisdiction) made this round
    besides the history's (for ``reciprocal``). Hard conflicts come first.
    """
    t = TeamIndex.of(team, members, settings)
    u = UnitIndex.of(unit, roster)
    pair_set = {(norm(a), norm(b)) for a, b in pairs}
    return t.explain(u, settings) + _soft(t, u, _normalised(history), settings, pair_set, load)


# --- acknowledgements ------------------------------------------------------------------------

def note_text(conflict: Conflict) -> str:
    """How a soft conflict is written in a unit's ``assignment_notes`` (its 冲突 column)."""
    return f"{conflict.label}：{conflict.reason}"


def acknowledged(conflict: Conflict, notes: Iterable[Mapping[str, str]]) -> bool:
    """Whether a unit's ``assignment_notes`` rows record ``conflict`` as accepted: a row for the same
    member whose 冲突 is the conflict's label, alone or followed by "：" and a reason (the reason's
    wording may differ between versions), with a 确认人. What readiness to deploy asks of every soft
    conflict; a hard one never is."""
    if conflict.hard:
        return False
    label = conflict.label
    for n in notes:
        text = str(n.get("conflict", "")).strip()
        if str(n.get("member", "")).strip() == conflict.member.strip() and str(n.get("confirmed_by", "")).strip() \
                and (text == label or text.startswith(label + "：")):
            return True
    return False


# --- checking an assignment ------------------------------------------------------------------

def _teams_sorted(teams: Iterable[TeamPlan]) -> list[TeamPlan]:
    return sorted(teams, key=lambda t: (t.number is None, t.number or 0, norm(t.name), t.id))


def _units_sorted(units: Iterable[UnitPlan]) -> list[UnitPlan]:
    return sorted(units, key=lambda u: (norm(u.jurisdiction), norm(u.name), u.id))


def check_assignment(data: RoundInput, assignment: Mapping[str, str | None] | None = None) -> list[PairConflicts]:
    """The conflicts of every assigned unit (``assignment`` unit id → team id; by default each
    unit's ``team_id``), in unit order; units without a team or without conflicts are left out."""
    settings, history = data.settings, _normalised(data.history)
    teams = {t.id: TeamIndex.of(t, t.members, settings) for t in data.teams}
    chosen = {u.id: (assignment.get(u.id) if assignment is not None else u.team_id) for u in data.units}
    units = [(UnitIndex.of(u), teams[tid]) for u in _units_sorted(data.units)
             if (tid := chosen[u.id]) is not None and tid in teams]
    loads = Counter(t.team.id for _, t in units)
    pairs = Counter((t.home, u.jurisdiction) for u, t in units if u.cross and t.home and u.jurisdiction)
    out = []
    for u, t in units:
        found = t.explain(u, settings) + _soft(t, u, history, settings, pairs, loads[t.team.id])
        if found:
            out.append(PairConflicts(u.unit.id, u.unit.name, t.team.id, t.team.name, tuple(found)))
    return out


@dataclass(frozen=True)
class Avoided:
    """A unit whose current team (as the units list filled it in, or an earlier assignment) has
    conflicts, and which the proposal gives to another team (``proposed``; "" when unplaced)."""

    unit_id: str
    unit_name: str
    team_name: str
    conflicts: tuple[Conflict, ...]
    proposed: str


def avoided(data: RoundInput, proposal: Proposal) -> list[Avoided]:
    """The conflicts of the current assignment (each unit's ``team_id``) that ``proposal`` avoids:
    what a person checks first when the list came with teams already written in (docs/office.md,
    "Traps for the planner")."""
    rows = {row.unit_id: row for row in proposal.rows}
    return [Avoided(p.unit_id, p.unit_name, p.team_name, p.conflicts, rows[p.unit_id].team_name)
            for p in check_assignment(data) if p.unit_id in rows and rows[p.unit_id].team_id != p.team_id]


# --- proposing an assignment -----------------------------------------------------------------

def _quotas(capacities: Sequence[int | None], n: int) -> list[int]:
    """Even shares of ``n`` units within the capacities (water-filling): the least level L with
    Σ min(cap, L) ≥ n; every team gets min(cap, L − 1), and the units left over go one each, in
    team order, to the teams with room for L."""
    if not capacities:
        return []
    level = 0
    while sum(min(c, level) if c is not None else level for c in capacities) < n:
        if all(c is not None and c <= level for c in capacities):
            return [c or 0 for c in capacities]
        level += 1
    quotas = [min(c, level - 1) if c is not None else level - 1 for c in capacities] if level else [0] * len(capacities)
    left = n - sum(quotas)
    for i, c in enumerate(capacities):
        if left <= 0:
            break
        if c is None or c >= level:
            quotas[i] += 1
            left -= 1
    return quotas


def propose(data: RoundInput) -> Proposal:
    """A deterministic assignment of the round's units to its teams with no hard conflict, within
    capacity, balanced, each team's units kept together by jurisdiction, soft conflicts avoided where
    another team can take the unit; a unit no team can take is left unplaced with every team's reason."""
    planner = _Planner(data)
    planner.greedy()
    for k in range(len(planner.units)):
        if planner.where[k] is None:
            planner.augment(k)
    planner.level()
    return planner.proposal()


class _Planner:
    """The state of one :func:`propose`: teams and units by index, each unit's allowed teams."""

    def __init__(self, data: RoundInput) -> None:
        self.data = data
        self.settings, self.history = data.settings, _normalised(data.history)
        self.teams = [TeamIndex.of(t, t.members, self.settings) for t in _teams_sorted(data.teams)]
        self.units = [UnitIndex.of(u) for u in _units_sorted(data.units)]
        n = len(self.units)
        caps = [t.team.capacity if t.team.capacity is None else max(t.team.capacity, 0) for t in self.teams]
        self.room = [c if c is not None else n + 1 for c in caps]
        self.quota = _quotas(caps, n)
        self.excluded = self._excluded()
        self.excluded_sets = [set(e) for e in self.excluded]
        self._allowed: dict[int, list[int]] = {}
        # Static soft penalties per allowed pair: the same 组长 again; a 提级 unit given a team of its
        # own jurisdiction (本级 in all but name, see the module docstring).
        by_leader: dict[str, list[int]] = {}
        for i, t in enumerate(self.teams):
            if t.leader:
                by_leader.setdefault(t.leader, []).append(i)
        by_home: dict[str, list[int]] = {}
        for i, t in enumerate(self.teams):
            for place in t.home_places:
                by_home.setdefault(place, []).append(i)
        self.penalty: list[dict[int, int]] = []
        for k, u in enumerate(self.units):
            marks: dict[int, int] = {}
            for i in by_leader.get(self.history.leaders.get(u.org, ""), ()) if u.org else ():
                marks[i] = marks.get(i, 0) + 1
            if norm(u.unit.mode) == MODE_ESCALATED and u.jurisdiction:
                for i in by_home.get(u.jurisdiction, ()):
                    marks[i] = marks.get(i, 0) + 1
            self.penalty.append({i: v for i, v in marks.items() if i not in self.excluded_sets[k]})
        self.load = [0] * len(self.teams)
        self.where: list[int | None] = [None] * n
        self.members: list[set[int]] = [set() for _ in self.teams]
        self.seen: list[Counter[str]] = [Counter() for _ in self.teams]
        self.local: dict[str, set[int]] = {}  # jurisdiction → teams holding a unit of it
        self.pairs: Counter[tuple[str, str]] = Counter()

    def allowed(self, k: int) -> list[int]:
        """The teams unit ``k`` may go to (no hard conflict), in team order; listed when first asked."""
        found = self._allowed.get(k)
        if found is None:
            out = self.excluded_sets[k]
            found = self._allowed[k] = [i for i in range(len(self.teams)) if i not in out]
        return found

    def _excluded(self) -> list[list[int]]:
        """Each unit's teams with a hard conflict, through inverted indexes of the teams' sets (the
        questions of :meth:`TeamIndex.hard`, asked once per unit instead of once per pair)."""
        by_place: dict[str, set[int]] = {}
        by_unit: dict[str, set[int]] = {}
        by_past: dict[str, set[int]] = {}
        by_person: dict[str, set[int]] = {}
        for i, t in enumerate(self.teams):
            for place in t.home_places | t.member_homes:
                by_place.setdefault(place, set()).add(i)
            for key in t.declared_units | t.past_units:
                by_unit.setdefault(key, set()).add(i)
            for key in t.past_units:
                by_past.setdefault(key, set()).add(i)
            for person in t.declared_anywhere:
                by_person.setdefault(person, set()).add(i)
        persons = frozenset(by_person)
        empty: set[int] = set()
        excluded = []
        for u in self.units:
            out_of = set(by_place.get(u.jurisdiction, empty)) if u.cross else set()
            out_of |= by_unit.get(u.key, empty)
            if u.supervisor:
                out_of |= by_past.get(u.supervisor, empty)
            for person in persons.intersection(u.roster):
                out_of |= by_person[person]
            excluded.append(sorted(out_of))
        return excluded

    def _pair(self, k: int, i: int) -> tuple[str, str] | None:
        u, home = self.units[k], self.teams[i].home
        return (home, u.jurisdiction) if u.cross and home and u.jurisdiction and home != u.jurisdiction else None

    def place(self, k: int, i: int) -> None:
        self.where[k] = i
        self.load[i] += 1
        self.members[i].add(k)
        jur = self.units[k].jurisdiction
        self.seen[i][jur] += 1
        self.local.setdefault(jur, set()).add(i)
        if (pair := self._pair(k, i)) is not None:
            self.pairs[pair] += 1

    def unplace(self, k: int) -> None:
        i = self.where[k]
        assert i is not None
        self.where[k] = None
        self.load[i] -= 1
        self.members[i].discard(k)
        jur = self.units[k].jurisdiction
        self.seen[i][jur] -= 1
        if not self.seen[i][jur]:
            self.local[jur].discard(i)
        if (pair := self._pair(k, i)) is not None:
            self.pairs[pair] -= 1

    def soft(self, k: int, i: int) -> int:
        score = self.penalty[k].get(i, 0)
        if self.data.settings.forbid_reciprocal and (pair := self._pair(k, i)) is not None:
            back = (pair[1], pair[0])
            score += int(self.pairs[back] > 0 or back in self.history.cross_pairs)
        return score

    def cluster(self, k: int, i: int) -> int:
        """0: the team already has a unit of this jurisdiction; 1: it has none yet; 2: it has others."""
        if self.seen[i][self.units[k].jurisdiction] > 0:
            return 0
        return 1 if self.load[i] == 0 else 2

    def greedy(self) -> None:
        """The most constrained units first, then by jurisdiction, so a team's units stay together;
        each to the team with fewest soft conflicts, under its even quota, near its other units."""
        load, room, quota = self.load, self.room, self.quota
        closed = {i for i, r in enumerate(room) if r <= 0}
        degree = [len(self.teams) - len(e) - len(closed.difference(e)) for e in self.excluded_sets]
        order = sorted(range(len(self.units)), key=lambda k: (min(degree[k], 9), self.units[k].jurisdiction, k))
        for k in order:
            # Shortcut with the same result: a team already holding this jurisdiction, under its
            # quota, with no soft conflict scores (0, False, 0, load, i), which no other team beats.
            jur, excluded = self.units[k].jurisdiction, self.excluded_sets[k]
            near = [i for i in self.local.get(jur, ())
                    if load[i] < quota[i] and load[i] < room[i] and i not in excluded and not self.soft(k, i)]
            if near:
                self.place(k, min(near, key=lambda i: (load[i], i)))
                continue
            # Otherwise the least (soft conflicts, over quota, cluster, load, team order): the soft
            # count, the dearest part, is asked of the best of the rest first.
            open_ = [i for i in self.allowed(k) if load[i] < room[i]]
            if not open_:
                continue

            def rest(i: int, jur: str = jur) -> tuple[bool, int, int, int]:
                return load[i] >= quota[i], 0 if self.seen[i][jur] else 1 if not load[i] else 2, load[i], i

            first = min(open_, key=rest)
            if self.soft(k, first):
                first = min(open_, key=lambda i: (self.soft(k, i), rest(i)))
            self.place(k, first)

    def augment(self, start: int) -> bool:
        """Breadth-first search for a chain: the unit into a team, one of that team's units into
        another team, … ending at a team with room; then shift along it (multi-slot matching)."""
        parent: dict[int, tuple[int, int | None]] = {}  # team → (unit entering it, team that unit leaves)
        queue: deque[int] = deque()
        for i in self.allowed(start):
            parent[i] = (start, None)
            queue.append(i)
        end = -1
        while queue:
            i = queue.popleft()
            if self.load[i] < self.room[i]:
                end = i
                break
            for k in sorted(self.members[i]):
                for j in self.allowed(k):
                    if j not in parent:
                        parent[j] = (k, i)
                        queue.append(j)
        if end < 0:
            return False
        team: int | None = end
        while team is not None:
            k, came_from = parent[team]
            if self.where[k] is not None:
                self.unplace(k)
            self.place(k, team)
            team = came_from
        return True

    def level(self) -> None:
        """Move a unit to a team at least two units lighter when that adds no soft conflict, until
        none moves (each move lowers the sum of squared loads, so this ends)."""
        moved = True
        while moved:
            moved = False
            # No team takes a unit from one less than two above the lightest open team (a bound
            # that only rises during a pass).
            lightest = min((n for n, r in zip(self.load, self.room, strict=True) if n < r), default=None)
            if lightest is None:
                return
            for k in range(len(self.units)):
                i = self.where[k]
                if i is None or self.load[i] < lightest + 2:
                    continue
                here = -1
                best: tuple[int, int, int] | None = None
                for j in self.allowed(k):
                    if self.load[j] + 2 > self.load[i] or self.load[j] >= self.room[j]:
                        continue
                    if here < 0:
                        here = self.soft(k, i)
                    if self.soft(k, j) > here:
                        continue
                    score = (self.cluster(k, j), self.load[j], j)
                    if best is None or score < best:
                        best = score
                if best is not None:
                    self.unplace(k)
                    self.place(k, best[-1])
                    moved = True

    def proposal(self) -> Proposal:
        return _proposal(self.data, self.history, self.teams, self.units, self.excluded, self.where, self.load)


def _proposal(data: RoundInput, history: History, teams: list[TeamIndex], units: list[UnitIndex],
              excluded: list[list[int]], where: list[int | None], load: list[int]) -> Proposal:
    settings = data.settings
    pairs = Counter((teams[i].home, u.jurisdiction) for u, i in zip(units, where, strict=True)
                    if i is not None and u.cross and teams[i].home and u.jurisdiction)
    rows = []
    for k, u in enumerate(units):
        i = where[k]
        out = {j: Exclusion(teams[j].team.id, teams[j].team.name, tuple(teams[j].explain(u, settings)))
               for j in excluded[k]}
        if i is None:
            for j, t in enumerate(teams):
                if j not in out:
                    full = f"{t.team.name}已满额（本轮承担单位上限{t.team.capacity}个，已分配{load[j]}个）"
                    out[j] = Exclusion(t.team.id, t.team.name, (Conflict(OVER_CAPACITY, "", full),))
            rows.append(ProposalRow(u.unit.id, u.unit.name, u.unit.jurisdiction, u.unit.mode, None, "", (),
                                    tuple(out[j] for j in sorted(out))))
            continue
        t = teams[i]
        warnings = tuple(_soft(t, u, history, settings, pairs, load[i]))
        rows.append(ProposalRow(u.unit.id, u.unit.name, u.unit.jurisdiction, u.unit.mode, t.team.id, t.team.name,
                                warnings, tuple(out[j] for j in sorted(out))))
    return Proposal(tuple(rows), {t.team.id: load[j] for j, t in enumerate(teams)})


def _served(post: PastPost) -> str:
    """"2018—2022年曾任职于D县教育局", "2020年至今任职于某市审计局": the region is not repeated when the
    unit's name begins with it ("A县财政局" in A县)."""
    place = post.unit if not post.region or post.unit.startswith(post.region) else f"{post.region}{post.unit}"
    if post.to_year is None:
        return f"{post.from_year}年至今任职于{place}" if post.from_year else f"任职于{place}（起止年不详）"
    years = f"{post.to_year}" if post.from_year in (None, post.to_year) else f"{post.from_year}—{post.to_year}"
    return f"{years}年曾任职于{place}"
