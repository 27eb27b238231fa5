"""The assignment helper (app/domain/planning.py): each conflict code on a worked case, then
hypothesis over generated rosters for what propose() promises (docs/domain.md §3.3–3.4)."""

from __future__ import annotations

import dataclasses
import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.planning import (
    DECLARED_PERSON,
    DECLARED_UNIT,
    HARD_CODES,
    MEMBER_HOME,
    OVER_CAPACITY,
    OWN_JURISDICTION,
    PAST_POST,
    RECIPROCAL,
    SAME_LEADER_AGAIN,
    Conflict,
    History,
    MemberPlan,
    PastPost,
    PlanSettings,
    Proposal,
    Recusal,
    RoundInput,
    TeamIndex,
    TeamPlan,
    UnitIndex,
    UnitPlan,
    _Planner,
    acknowledged,
    check_assignment,
    conflicts,
    note_text,
    places,
    propose,
    unit_key,
)

FAST = settings(database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
PLAN = PlanSettings(year=2024)
NONE = History()


def member(name: str, **kw: object) -> MemberPlan:
    return MemberPlan(id=f"m-{name}", name=name, **kw)  # type: ignore[arg-type]


def team(name: str, home: str = "某市", *people: MemberPlan, **kw: object) -> TeamPlan:
    return TeamPlan(id=f"t-{name}", name=name, home_jurisdiction=home, members=people, **kw)  # type: ignore[arg-type]


def unit(name: str, jur: str, mode: str = "本级", **kw: object) -> UnitPlan:
    return UnitPlan(id=f"u-{name}", name=name, jurisdiction=jur, mode=mode, **kw)  # type: ignore[arg-type]


def codes(found: list) -> list[str]:  # type: ignore[type-arg]
    return [c.code for c in found]


def check(t: TeamPlan, u: UnitPlan, history: History = NONE, plan: PlanSettings = PLAN, **kw: object) -> list:  # type: ignore[type-arg]
    return conflicts(t, t.members, u, u.roster, history, plan, **kw)  # type: ignore[arg-type]


# --- each code on a worked case ---------------------------------------------------------------

def test_own_jurisdiction_only_for_cross_units() -> None:
    t = team("第一巡察组", "A县")
    assert codes(check(t, unit("A县财政局党组", "A县", "交叉"))) == [OWN_JURISDICTION]
    assert check(t, unit("A县财政局党组", "A县", "本级")) == []
    assert check(t, unit("A县财政局党组", "A县", "提级")) == []
    assert check(t, unit("B县财政局党组", "B县", "交叉")) == []
    reason = check(t, unit("A县财政局党组", "A县", "交叉"))[0].reason
    assert "第一巡察组" in reason and "A县" in reason


def test_member_home_names_the_member_and_a_town_is_in_its_county() -> None:
    t = team("第二巡察组", "C县", member("李四", role="组员", home_jurisdiction="B县某镇"))
    found = check(t, unit("B县教育局党组", "B县", "交叉"))
    assert codes(found) == [MEMBER_HOME] and found[0].member == "李四"
    assert "李四" in found[0].reason and "B县某镇" in found[0].reason and found[0].hard
    assert check(t, unit("B县教育局党组", "B县", "本级")) == []
    # A member from the city is not from each of its counties.
    city = team("第三巡察组", "C县", member("王五", home_jurisdiction="某市"))
    assert check(city, unit("B县教育局党组", "B县", "交叉")) == []


def test_linked_team_exempts_the_local_roles_only() -> None:
    people = (member("组长甲", role="组长", home_jurisdiction="B县"),
              member("联络乙", role="联络员", home_jurisdiction="B县"),
              member("组员丙", role="组员", home_jurisdiction="B县"))
    linked = team("第四巡察组", "C县", *people, composition="联动式")
    assert [(c.code, c.member) for c in check(linked, unit("B县医院党委", "B县", "交叉"))] == [(MEMBER_HOME, "组员丙")]
    whole = team("第五巡察组", "C县", *people, composition="成建制")
    assert [c.member for c in check(whole, unit("B县医院党委", "B县", "交叉"))] == ["组员丙", "组长甲", "联络乙"]
    roles = dataclasses.replace(PLAN, local_roles=("组长",))
    assert [c.member for c in check(linked, unit("B县医院党委", "B县", "交叉"), plan=roles)] == ["组员丙", "联络乙"]


def test_declarations_name_a_unit_or_a_person_on_its_roster() -> None:
    declared = member("赵六", recusals=(Recusal("王某", "A县财政局", "夫妻关系"),))
    t = team("第一巡察组", "某市", declared)
    # The unit named, with or without its Party-body suffix, in any mode.
    found = check(t, unit("A县财政局党组", "A县", "本级"))
    assert codes(found) == [DECLARED_UNIT] and "赵六" in found[0].reason and "王某" in found[0].reason
    # The person on that unit's roster.
    found = check(t, unit("A县财政局党组", "A县", roster=("王某", "钱七")))
    assert codes(found) == [DECLARED_PERSON] and "夫妻关系" in found[0].reason
    # A namesake in another unit is not the declared person.
    assert check(t, unit("A县教育局党组", "A县", roster=("王某",))) == []
    anywhere = team("第二巡察组", "某市", member("孙八", recusals=(Recusal(" 周 九", "", "兄弟"),)))
    assert codes(check(anywhere, unit("B县水利局党组", "B县", roster=("周九",)))) == [DECLARED_PERSON]
    assert check(anywhere, unit("B县水利局党组", "B县", roster=("周十",))) == []


def test_past_post_unit_or_supervisor_within_the_years() -> None:
    posts = (PastPost("财政局", "A县", 2015, 2020), PastPost("B县人民政府", "", 2010, 2018),
             PastPost("C县交通局", "", 2022, None))
    t = team("第一巡察组", "某市", member("吴十", past_posts=posts))
    found = check(t, unit("A县财政局党组", "A县"))
    assert codes(found) == [PAST_POST] and "吴十" in found[0].reason and "2015" in found[0].reason
    assert check(t, unit("B县某局党组", "B县", supervisor="B县人民政府")) == []  # ended 2018 < 2019
    assert codes(check(t, unit("B县某局党组", "B县", supervisor="B县人民政府"),
                       plan=dataclasses.replace(PLAN, past_post_years=6))) == [PAST_POST]
    assert codes(check(t, unit("C县交通局党组", "C县"))) == [PAST_POST]  # still in post
    sup = check(t, unit("C县公路中心党支部", "C县", supervisor="C县交通局党组"))
    assert codes(sup) == [PAST_POST] and "上级单位" in sup[0].reason


def test_soft_conflicts() -> None:
    lead = member("郑一", role="组长", staff_key="RC-001")
    t = team("第一巡察组", "A县", lead, leader="RC-001", capacity=2)
    u = unit("B县粮食局党组", "B县", "交叉", org_key="91350000X")
    history = History(leaders={"91350000X": "RC-001"})
    found = check(t, u, history)
    assert codes(found) == [SAME_LEADER_AGAIN] and not found[0].hard and "郑一" in found[0].reason
    assert check(t, u, History(leaders={"91350000X": "RC-002"})) == []
    assert codes(check(t, u, History(cross_pairs=frozenset({("B县", "A县")})))) == [RECIPROCAL]
    assert codes(check(t, u, pairs=[("B县", "A县")])) == [RECIPROCAL]
    assert check(t, u, pairs=[("B县", "A县")], plan=dataclasses.replace(PLAN, forbid_reciprocal=False)) == []
    assert check(t, dataclasses.replace(u, mode="本级"), pairs=[("B县", "A县")]) == []
    assert codes(check(t, u, load=3)) == [OVER_CAPACITY] and check(t, u, load=2) == []


def test_check_assignment_sees_reciprocal_pairs_and_capacity_of_the_whole_round() -> None:
    a = team("第一巡察组", "A县", capacity=1)
    b = team("第二巡察组", "B县", member("钱二", home_jurisdiction="A县"))
    units = (unit("A县甲局党组", "A县", "交叉", team_id=b.id), unit("B县乙局党组", "B县", "交叉", team_id=a.id),
             unit("C县丙局党组", "C县", team_id=a.id))
    checked = check_assignment(RoundInput((a, b), units, NONE, PLAN))
    found = {(p.unit_name, c.code) for p in checked for c in p.conflicts}
    assert found == {("A县甲局党组", MEMBER_HOME), ("A县甲局党组", RECIPROCAL), ("B县乙局党组", RECIPROCAL),
                     ("B县乙局党组", OVER_CAPACITY), ("C县丙局党组", OVER_CAPACITY)}


def test_normalisation() -> None:
    assert unit_key("Ａ县 财政局党组") == "A县财政局"
    assert places("A县某镇") == {"A县某镇", "A县"} and places("") == frozenset()


def test_unplaceable_unit_lists_every_team() -> None:
    a = team("第一巡察组", "A县", capacity=1)
    b = team("第二巡察组", "B县", member("钱二", home_jurisdiction="C县"))
    units = (unit("A县甲局党组", "A县", "交叉"), unit("C县乙局党组", "C县", "交叉"), unit("D县丙局党组", "D县"))
    result = propose(RoundInput((a, b), units, NONE, dataclasses.replace(PLAN)))
    # A county unit each team must avoid (own county, a member's home), and the free unit fills a's slot.
    placed = {row.unit_name: row.team_name for row in result.rows}
    assert placed["A县甲局党组"] == "第二巡察组" and placed["C县乙局党组"] == "第一巡察组"
    assert placed["D县丙局党组"] == "第二巡察组"
    tight = dataclasses.replace(b, capacity=1)
    result = propose(RoundInput((a, tight), units, NONE, PLAN))
    (left,) = result.unplaced
    assert [e.team_name for e in left.excluded] == ["第一巡察组", "第二巡察组"]
    assert all(e.conflicts for e in left.excluded)


def test_clusters_by_jurisdiction_and_balances() -> None:
    teams = tuple(team(f"第{i}组", "某市", number=i) for i in range(1, 4))
    units = tuple(unit(f"{j}县单位{n}", f"{j}县") for j in "ABC" for n in range(4))
    result = propose(RoundInput(teams, units, NONE, PLAN))
    assert sorted(result.loads.values()) == [4, 4, 4]
    by_team: dict[str, set[str]] = {}
    for row in result.rows:
        assert row.team_id is not None
        by_team.setdefault(row.team_id, set()).add(row.jurisdiction)
    assert all(len(j) == 1 for j in by_team.values())


def test_proposal_avoids_soft_conflicts_when_another_team_can_take_the_unit() -> None:
    a = team("第一巡察组", "A县", member("郑一", role="组长", staff_key="K1"), leader="K1", number=1)
    b = team("第二巡察组", "B县", number=2)
    u = unit("C县甲局党组", "C县", "交叉", org_key="ORG1")
    result = propose(RoundInput((a, b), (u,), History(leaders={"ORG1": "K1"}), PLAN))
    assert result.rows[0].team_name == "第二巡察组" and result.rows[0].warnings == ()
    # 提级: prefer a team not of the unit's own jurisdiction.
    v = unit("A县某村党支部", "A县", "提级")
    assert propose(RoundInput((a, b), (v,), NONE, PLAN)).rows[0].team_name == "第二巡察组"


# --- generated rosters ------------------------------------------------------------------------

JURS = ("A县", "B县", "C县", "D县")
DEPTS = ("财政局", "教育局", "粮食局", "卫健局", "某镇")
PEOPLE = ("王某", "李某", "张某", "刘某", "陈某", "杨某")
ROLES = ("组长", "副组长", "组员", "联络员")


@st.composite
def rounds(draw: st.DrawFn, *, max_teams: int = 5, max_units: int = 12) -> RoundInput:
    n_teams = draw(st.integers(1, max_teams))
    n_units = draw(st.integers(0, max_units))
    unit_names = [f"{j}{d}" for j in JURS for d in DEPTS]
    homes = (*JURS, "A县某镇", "某市", "")
    teams = []
    for i in range(n_teams):
        people = []
        for m in range(draw(st.integers(0, 4))):
            recusals = tuple(
                Recusal(draw(st.sampled_from(("", *PEOPLE))), draw(st.sampled_from(("", *unit_names))) +
                        draw(st.sampled_from(("", "党组"))), "亲属")
                for _ in range(draw(st.integers(0, 2))))
            posts = tuple(PastPost(draw(st.sampled_from(unit_names)), "", 2010,
                                   draw(st.sampled_from((2012, 2021, None))))
                          for _ in range(draw(st.integers(0, 1))))
            people.append(MemberPlan(f"m{i}-{m}", f"成员{i}-{m}", draw(st.sampled_from(ROLES)),
                                     draw(st.sampled_from(homes)), f"K{draw(st.integers(0, 5))}", recusals, posts))
        leader = next((p.staff_key for p in people if p.role == "组长"), "")
        teams.append(TeamPlan(f"t{i}", f"第{i + 1}组", draw(st.sampled_from(homes)),
                              draw(st.sampled_from(("成建制", "联动式"))), draw(st.sampled_from((None, 1, 2, 3, 5))),
                              leader, tuple(people), i + 1))
    units = []
    for k in range(n_units):
        jur = draw(st.sampled_from(JURS))
        name = f"{jur}{draw(st.sampled_from(DEPTS))}党组"
        units.append(UnitPlan(f"u{k}", name, f"ORG{k % 5}", jur, draw(st.sampled_from(("", *unit_names))),
                              draw(st.sampled_from(("本级", "交叉", "提级"))),
                              tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=3))), None))
    leaders = {f"ORG{k}": f"K{draw(st.integers(0, 5))}" for k in range(5)}
    pairs = frozenset(draw(st.lists(st.tuples(st.sampled_from(JURS), st.sampled_from(JURS)), max_size=3)))
    plan = PlanSettings(2024, 5, draw(st.booleans()))
    return RoundInput(tuple(teams), tuple(units), History(leaders, pairs), plan)


def assert_sound(data: RoundInput, result: Proposal) -> None:
    teams = {t.id: t for t in data.teams}
    units = {u.id: u for u in data.units}
    assert sorted(r.unit_id for r in result.rows) == sorted(units)
    for row in result.rows:
        u = units[row.unit_id]
        if row.team_id is not None:
            t = teams[row.team_id]
            found = conflicts(t, t.members, u, u.roster, data.history, data.settings)
            assert not [c for c in found if c.hard], (row, found)
            assert {e.team_id for e in row.excluded} <= set(teams) - {row.team_id}
        else:
            assert [e.team_id for e in row.excluded] == [t.id for t in sorted(data.teams, key=lambda t: t.number or 0)]
            assert all(e.conflicts and all(c.reason for c in e.conflicts) for e in row.excluded)
    for t in data.teams:
        taken = sum(1 for r in result.rows if r.team_id == t.id)
        assert result.loads[t.id] == taken
        if t.capacity is not None:
            assert taken <= t.capacity
    assert not [c for p in check_assignment(data, result.assignment) for c in p.conflicts if c.hard]
    assert not [c for r in result.rows for c in r.warnings if c.code == OVER_CAPACITY]


@FAST
@given(rounds())
def test_propose_is_sound(data: RoundInput) -> None:
    assert_sound(data, propose(data))


@FAST
@given(rounds(), st.randoms(use_true_random=False))
def test_propose_is_deterministic_whatever_the_input_order(data: RoundInput, rnd: random.Random) -> None:
    first = propose(data)
    assert propose(data) == first
    shuffled = RoundInput(tuple(rnd.sample(data.teams, len(data.teams))),
                          tuple(rnd.sample(data.units, len(data.units))), data.history, data.settings)
    again = propose(shuffled)
    assert again.assignment == first.assignment and again.rows == first.rows


@FAST
@given(rounds())
def test_fast_check_agrees_with_the_explained_one(data: RoundInput) -> None:
    """The pair check, the explained conflicts and the planner's inverted indexes say the same."""
    planner = _Planner(data)
    for k, u in enumerate(planner.units):
        hard = []
        for i, t in enumerate(planner.teams):
            explained = [c for c in check(t.team, u.unit, data.history, data.settings) if c.code in HARD_CODES]
            assert t.hard(UnitIndex.of(u.unit)) == bool(explained) == bool(t.explain(u, data.settings))
            if explained:
                hard.append(i)
        assert planner.excluded[k] == hard
        assert planner.allowed(k) == [i for i in range(len(planner.teams)) if i not in hard]


def max_placeable(data: RoundInput) -> int:
    """Brute force: the most units any assignment without hard conflicts places within capacity."""
    teams = list(data.teams)
    options = []
    for u in data.units:
        ok = [i for i, t in enumerate(teams) if not TeamIndex.of(t, t.members, data.settings).hard(UnitIndex.of(u))]
        options.append([None, *ok])
    best = 0
    for combo in itertools.product(*options):
        loads = [0] * len(teams)
        for i in combo:
            if i is not None:
                loads[i] += 1
        if all(t.capacity is None or loads[i] <= t.capacity for i, t in enumerate(teams)):
            best = max(best, sum(1 for i in combo if i is not None))
    return best


@FAST
@given(rounds(max_teams=3, max_units=6))
def test_propose_places_as_many_units_as_possible(data: RoundInput) -> None:
    result = propose(data)
    assert sum(1 for r in result.rows if r.team_id is not None) == max_placeable(data)


@st.composite
def solvable_rounds(draw: st.DrawFn) -> tuple[RoundInput, dict[str, str]]:
    """A generated round repaired around a hidden assignment: each unit's hidden team loses every
    declaration, past post and home that conflicts with it; capacities are the hidden loads (tight)
    or more. Repairs only remove conflicts, so the hidden assignment is complete and conflict-free."""
    data = draw(rounds(max_teams=6, max_units=25))
    if not data.teams:
        return data, {}
    hidden = {u.id: data.teams[draw(st.integers(0, len(data.teams) - 1))].id for u in data.units}
    teams = {t.id: t for t in data.teams}
    for u in data.units:
        t = teams[hidden[u.id]]
        ui = UnitIndex.of(u)
        home = "外地" if ui.cross and ui.jurisdiction in places(t.home_jurisdiction) else t.home_jurisdiction
        people = []
        for m in t.members:
            one = TeamIndex.of(dataclasses.replace(t, home_jurisdiction="外地"), (m,), data.settings)
            if one.hard(ui):
                alone = TeamIndex.of(dataclasses.replace(t, home_jurisdiction="外地"),
                                     (dataclasses.replace(m, recusals=(), past_posts=()),), data.settings)
                m = dataclasses.replace(m, recusals=(), past_posts=(),
                                        home_jurisdiction="外地" if alone.hard(ui) else m.home_jurisdiction)
            people.append(m)
        teams[t.id] = dataclasses.replace(t, home_jurisdiction=home, members=tuple(people))
    loads = {tid: sum(1 for v in hidden.values() if v == tid) for tid in teams}
    slack = draw(st.sampled_from((0, 0, 1)))
    fixed = tuple(dataclasses.replace(t, capacity=loads[t.id] + slack if draw(st.booleans()) else None)
                  for t in (teams[t.id] for t in data.teams))
    return RoundInput(fixed, data.units, data.history, data.settings), hidden


@FAST
@given(solvable_rounds())
def test_propose_places_every_unit_when_a_clean_assignment_exists(case: tuple[RoundInput, dict[str, str]]) -> None:
    data, hidden = case
    assert not [c for p in check_assignment(data, hidden) for c in p.conflicts if c.hard]  # the instance is sound
    result = propose(data)
    assert result.unplaced == ()
    assert_sound(data, result)


def test_augmenting_step_moves_a_unit_to_make_room() -> None:
    """Clustering fills 第二组 with the three D县 units; the last E县 unit can only go to 第一组
    (full) or 第二组, so one D县 unit must move to 第三组: the greedy alone leaves it unplaced."""
    teams = (team("第一组", "", member("甲", home_jurisdiction="D县"), capacity=1, number=1),
             team("第二组", "", member("乙", home_jurisdiction="A县"), capacity=3, number=2),
             team("第三组", "", member("丙", home_jurisdiction="E县"), capacity=1, number=3))
    units = tuple(unit(f"D县单位{k}", "D县", "交叉") for k in range(3)) + \
        tuple(unit(f"E县单位{k}", "E县", "交叉") for k in range(2))
    result = propose(RoundInput(teams, units, NONE, PLAN))
    assert result.unplaced == ()
    assert result.loads == {"t-第一组": 1, "t-第二组": 3, "t-第三组": 1}
    assert_sound(RoundInput(teams, units, NONE, PLAN), result)


@st.composite
def cross_rounds(draw: st.DrawFn) -> RoundInput:
    """All units 交叉 over seven counties, members' homes avoiding only their hidden units' counties,
    capacities exactly the hidden loads: the case where the greedy alone can fail."""
    jurs = [f"{c}县" for c in "ABCDEFG"]
    n_teams, n_units = draw(st.integers(2, 7)), draw(st.integers(3, 30))
    hidden = [draw(st.integers(0, n_teams - 1)) for _ in range(n_units)]
    units = tuple(unit(f"{j}单位{k}", j, "交叉") for k, j in enumerate(draw(st.lists(
        st.sampled_from(jurs), min_size=n_units, max_size=n_units))))
    teams = []
    for i in range(n_teams):
        mine = {units[k].jurisdiction for k in range(n_units) if hidden[k] == i}
        homes = draw(st.lists(st.sampled_from([j for j in jurs if j not in mine] or ["外地"]), max_size=4, unique=True))
        teams.append(TeamPlan(f"t{i}", f"第{i + 1}组", "", "", hidden.count(i), "",
                              tuple(member(f"{i}{h}", home_jurisdiction=h) for h in homes), i + 1))
    return RoundInput(tuple(teams), units, NONE, PLAN)


@settings(database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(cross_rounds())
def test_propose_places_every_cross_unit_when_the_capacities_are_tight(data: RoundInput) -> None:
    result = propose(data)
    assert result.unplaced == ()
    assert_sound(data, result)


def test_acknowledged_soft_conflicts() -> None:
    soft = Conflict(SAME_LEADER_AGAIN, "郑一", "组长郑一上轮已带队巡察某单位")
    note = {"member": "郑一", "conflict": note_text(soft), "confirmed_by": "巡察办（已审核）",
            "confirmed_at": "2024-05-01"}
    assert acknowledged(soft, [note])
    assert not acknowledged(soft, [{**note, "confirmed_by": ""}])
    assert not acknowledged(soft, [{**note, "member": "别人"}])
    assert acknowledged(soft._replace(reason="另一个理由"), [note])  # by label: wording may change
    assert acknowledged(soft, [{**note, "conflict": "组长连续带队"}])  # the label alone (the demo's notes)
    assert not acknowledged(soft, [{**note, "conflict": "交叉互查：x"}])
    hard = Conflict(OWN_JURISDICTION, "", "x")
    assert not acknowledged(hard, [{"member": "", "conflict": note_text(hard), "confirmed_by": "某人"}])
