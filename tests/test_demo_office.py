"""The office demo's two rounds (docs/office.md, "The demo"): sizes, 交叉 share, an assignment free of
hard conflicts, the planted cases, determinism. Built in memory; saving it is timed by hand."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from app.demo.office import (
    NO_CROSS_AUTHORISATION,
    NO_KEY,
    NO_LEADER_AUTHORISATION,
    NO_PLEDGE,
    PAPER_ONLY,
    REPEATED,
    ROUND4,
    ROUND5,
    SAME_LEADER_ACKED,
    SAME_LEADER_UNACKED,
    OfficeGenerator,
)
from app.domain.planning import SAME_LEADER_AGAIN, acknowledged
from app.domain.records import Member, Person, Problem, Round, Team, Unit
from app.services import planning
from app.services.rounds import find_round
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def gen() -> OfficeGenerator:
    built = OfficeGenerator(random.Random(5), 5)
    built.build()
    return built


def of(gen: OfficeGenerator, kind: type[Any]) -> list[Any]:
    return [r for r in gen.records if isinstance(r, kind)]


def test_two_rounds_the_earlier_one_light(gen: OfficeGenerator) -> None:
    rounds = {r.title: r for r in of(gen, Round)}
    assert list(rounds) == [ROUND4, ROUND5]
    r4, r5 = rounds[ROUND4].id, rounds[ROUND5].id
    teams = Counter(t.round_id for t in of(gen, Team))
    units = Counter(u.round_id for u in of(gen, Unit))
    assert teams == {r4: 83, r5: 83} and units == {r4: 837, r5: 837}
    unit_round = {u.id: u.round_id for u in of(gen, Unit)}
    earlier = [p for p in of(gen, Problem) if unit_round[p.unit_id] == r4]
    assert len(earlier) >= 837  # one to three per unit, with rectification items
    work = {r.KIND for r in gen.records if getattr(r, "unit_id", None) and unit_round.get(r.unit_id) == r4}
    assert work == {"problem", "rectification"}  # no interviews, petitions or leads in round 4
    assert {u.name for u in of(gen, Unit) if u.round_id == r4} == {u.name for u in of(gen, Unit) if u.round_id == r5}


def test_about_a_third_of_the_current_units_are_cross_inspected(gen: OfficeGenerator) -> None:
    modes = Counter(gen.modes.values())
    assert sum(modes.values()) == 837
    assert 0.30 <= modes["交叉"] / 837 <= 0.37
    assert modes["提级"] > 0 and modes["本级"] > 0


def test_the_current_assignment_has_no_hard_conflict(gen: OfficeGenerator) -> None:
    """The hard codes of docs/office.md, checked directly on the generator's teams."""
    local_roles = {"组长", "联络员"}
    pairs = 0
    for team in gen.teams:
        spec = gen.specs[team.number]
        for unit in team.units:
            record = unit.record
            roster = {p.name for p in unit.people}
            cross = gen.modes[unit.org] == "交叉"
            if cross:
                pairs += 1
                assert spec.home != record.jurisdiction, "own_jurisdiction"
            member: Member
            for member in team.members:
                exempt = spec.composition == "联动式" and member.role in local_roles
                if cross and not exempt:
                    assert member.home_jurisdiction != record.jurisdiction, ("member_home", member.name)
                for row in member.recusals:
                    assert row["unit"] != record.name, ("declared_unit", member.name)
                    assert row["person"] not in roster, ("declared_person", member.name)
                for row in member.past_posts:
                    if int(row["to_year"]) >= 2024 - 5:
                        assert row["region"] != record.jurisdiction, ("past_post", member.name)
                        assert not record.name.startswith(row["unit"]), ("past_post", member.name)
    assert pairs > 250
    homes = {(gen.specs[t.number].home, gen.specs[t.number].inspected) for t in gen.teams
             if gen.specs[t.number].inspected}
    assert not any((b, a) in homes for a, b in homes), "reciprocal"


def test_the_planted_cases_are_listed_in_the_round_notes(gen: OfficeGenerator) -> None:
    notes = next(r.notes for r in of(gen, Round) if r.title == ROUND5)
    assert "交叉巡察与非交叉巡察之间的差异" in notes and "虚构" in notes
    teams = {t.number: t.record.name for t in gen.teams}
    for number in (*NO_KEY, *NO_PLEDGE, *NO_LEADER_AUTHORISATION, NO_CROSS_AUTHORISATION):
        assert teams[number] in notes
    assert notes.count("重复发现（上轮整改纸面整改）") == PAPER_ONLY
    assert notes.count("重复发现（") == REPEATED
    assert notes.count("组长再次带队巡察同一单位") == 3
    pledges = [m for t in gen.teams for m in t.members if not m.pledge_signed]
    assert [m.team_id for m in pledges] == [t.record.id for t in gen.teams if t.number in NO_PLEDGE]


def test_same_seed_same_demo() -> None:
    def texts(seed: int) -> list[str]:
        built = OfficeGenerator(random.Random(seed), seed)
        built.build()
        return [f"{u.name}|{u.jurisdiction}|{u.team_id and 1}" for u in of(built, Unit)] + \
            [r.notes for r in of(built, Round)]

    first = texts(5)
    assert texts(5) == first
    assert texts(6) != first


def test_no_interview_breaks_a_recusal(gen: OfficeGenerator) -> None:
    """A 联动式 team's local 组长 and 联络员 stay out of interviews in the 交叉 units of their county (the
    interview check has no 联动式 exemption), and nobody interviews where they declared a relation."""
    from app.domain import rules
    from app.domain.records import Interview

    members = {m.id: m for t in gen.teams for m in t.members}
    units = {u.record.id: u.record for t in gen.teams for u in t.units}
    people = {p.id: p for t in gen.teams for u in t.units for p in u.people}
    interviews = of(gen, Interview)
    assert len(interviews) > 10_000
    for interview in interviews:
        unit = units[interview.unit_id]
        staff = [members[i] for i in interview.interviewers + interview.recorders]
        if gen.modes[unit.name.removesuffix(unit.unit_type)] == "交叉":
            assert all(m.home_jurisdiction != unit.jurisdiction for m in staff), interview.number
        person = people.get(interview.person_id or "")
        assert not rules.recusal_hits(staff, person=person, person_name=interview.interviewee, unit=unit)


def test_the_fields_of_the_office_are_filled(gen: OfficeGenerator) -> None:
    rounds = {r.title: r for r in of(gen, Round)}
    assert {r.level for r in rounds.values()} == {"市"}
    units = of(gen, Unit)
    by_round: dict[str, set[str]] = {}
    for unit in units:
        by_round.setdefault(unit.round_id or "", set()).add(unit.org_key)
    keys4, keys5 = (by_round[rounds[t].id] for t in (ROUND4, ROUND5))
    assert keys4 == keys5 and len(keys5) == 837 and all(len(k) == 18 for k in keys5)
    current = [u for u in units if u.round_id == rounds[ROUND5].id]
    assert all(u.mode and u.unit_level and u.sector and u.feedback_date for u in current)
    villages = [u for u in current if u.name.endswith("村党支部")]
    assert villages and all(u.parent_unit_id for u in villages)
    cross = [u for u in current if u.mode == "交叉"]
    assert sum(1 for u in cross if not u.cross_authorisation) == len(gen.teams[NO_CROSS_AUTHORISATION - 1].units)
    noted = [u for u in current if u.assignment_notes]
    assert len(noted) == 2 and all(n["conflict"] == "组长连续带队" for u in noted for n in u.assignment_notes)
    teams5 = [t for t in of(gen, Team) if t.round_id == rounds[ROUND5].id]
    assert sorted(t.number for t in teams5 if not t.key_fingerprint) == sorted(NO_KEY)
    assert {t.composition for t in teams5} == {"成建制", "半建制", "组合式", "联动式"}
    members = of(gen, Member)
    assert all(m.staff_key for m in members) and any(m.past_posts for m in members)
    staff4 = {m.staff_key for m in members if m.team_id not in {t.id for t in teams5}}
    staff5 = {m.staff_key for m in members if m.team_id in {t.id for t in teams5}}
    assert 50 < len(staff4 & staff5) < len(staff5) / 2  # some people in both rounds


# --- the current assignment through the planning service (app/services/planning.py) -------------------------


@pytest.fixture(scope="module")
def planned(gen: OfficeGenerator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """An office vault holding what planning reads of the demo (rounds, teams, members, units, rosters)."""
    vault = Vault.create(tmp_path_factory.mktemp("office") / "o.xcv", PASSPHRASE, role="office", owner="市委巡察办",
                         kdf=TEST_PARAMS)
    kinds = (Round, Team, Member, Unit, Person)
    wanted = [r for r in gen.records if isinstance(r, kinds)]
    for at in range(0, len(wanted), 2000):
        vault.records.save_many(wanted[at:at + 2000])
    yield vault
    vault.close()


@pytest.mark.slow
def test_the_service_finds_no_hard_conflict_and_exactly_the_planted_soft_ones(planned: Vault) -> None:
    """docs/office.md: the assignment is free of hard conflicts; 组长连续带队 (same_leader_again) on one unit
    each of 第三, 第四十 (acknowledged in assignment_notes) and 第十五 (not); nothing reciprocal, no team
    over capacity."""
    rnd = find_round(planned, ROUND5)
    report = planning.check_round(planned, rnd)
    assert (report.units, report.assigned) == (837, 837) and 0.30 <= report.cross / 837 <= 0.37
    assert report.hard == [] and report.problems == [] and report.ok
    soft = sorted((p.team_name, c.code) for p, c in report.soft)
    names = {t.number: t.name for t in planned.records.iter(Team) if t.round_id == rnd.id}
    planted = sorted((names[n], SAME_LEADER_AGAIN) for n in SAME_LEADER_ACKED + SAME_LEADER_UNACKED)
    assert soft == planted
    units = {u.id: u for u in planned.records.iter(Unit)}
    acked = {p.team_name for p, c in report.soft if acknowledged(c, units[p.unit_id].assignment_notes)}
    assert acked == {names[n] for n in SAME_LEADER_ACKED}


def test_the_invented_cross_effect_is_near_the_reports_two(gen: OfficeGenerator) -> None:
    """交叉 units end with about twice the handed-over leads per unit of 本级 ones, more so about 县管干部
    (docs/office.md, "The demo"); the round's notes say it is invented."""
    from app.domain.records import Lead
    from app.domain.rules import lead_handed_over

    r5 = next(r for r in of(gen, Round) if r.title == ROUND5)
    modes = {u.id: u.mode for u in of(gen, Unit) if u.round_id == r5.id}
    units = Counter(modes.values())
    handed = Counter(modes[x.unit_id] for x in of(gen, Lead) if lead_handed_over(x))
    cadre = Counter(modes[x.unit_id] for x in of(gen, Lead) if lead_handed_over(x) and x.cadre_level == "县管干部")
    ratio = (handed["交叉"] / units["交叉"]) / (handed["本级"] / units["本级"])
    cadre_ratio = (cadre["交叉"] / units["交叉"]) / (cadre["本级"] / units["本级"])
    assert 1.9 <= ratio <= 2.1 and cadre_ratio > ratio
    assert units["交叉"] + units["本级"] + units["提级"] == 837
    assert "虚构" in (r5.notes or "") and any("交叉巡察的效果（虚构）" in line for line in gen.planted)
