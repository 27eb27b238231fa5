"""The office-scale demo: two rounds of a city committee (docs/office.md, "The demo").

* 十二届市委第四轮巡察 (2023, earlier and light): 83 teams with members, the same 837 organisations
  (same ``org_key``) as units, and per unit one to three feedback problems with rectification
  items, most of them 已销号; no interviews, petitions or leads.
* 十二届市委第五轮巡察 (2024, current): 83 teams and 837 units with all the work of a team-scale
  round (app/demo/generator.py). 60 city teams (派出地区 某市) inspect the counties' units as 本级
  (villages as 提级); 23 teams drawn from the counties' 巡察办 each inspect about a third of the
  next county's units as 交叉 (A县 → B县 → … → W县 → A县: no reciprocal pair). The assignment is
  built free of hard conflicts: no 交叉 unit lies in its team's or a (non-exempt) member's home
  county, declarations name units and people of *other* teams, and past posts within
  ``plan.past_post_years`` never name a unit of the team's counties.

Planted (and listed in the current round's notes, so each seed documents itself): repeated problems
of round 4 found again in round 5 (some closed out on paper only, 已销号: 纸面整改),
handed-over leads still without feedback, teams not ready to deploy, units past their
rectification milestones, and 组长 leading the same organisation again (soft conflicts, two of
them acknowledged in ``assignment_notes``). The difference between 交叉 and other units in this
demo is invented; the seed report's "about twice the leads" is not simulated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any

from app.demo.content import (
    CASE_RECUSAL,
    DEMO_NOTE,
    DEPUTY,
    DOCS,
    FINDINGS,
    GENERAL,
    GRADES,
    KIN,
    L_ANSWERED,
    L_HANDED,
    LEADER,
    LIAISON_ROLE,
    MEMBER_ROLE,
    PETITIONS,
    POSTING_RECUSAL,
    R_CLOSED,
    R_DOING,
    R_DONE,
    RECTIFIES,
    ROUND_KINDS,
    STAFF_ROLE,
    TALK,
    Dept,
    Finding,
    _days,
    _workday,
    cn_number,
)
from app.demo.generator import _Generator, _Team, _Unit
from app.demo.keys import TeamKeys, binding_of, team_keys
from app.domain.clock import uuid7
from app.domain.records import (
    Interview,
    Lead,
    Link,
    Member,
    Person,
    Problem,
    Record,
    Rectification,
    Round,
    Team,
    Unit,
)
from app.domain.rules import lead_handed_over
from app.domain.vocab import HEADINGS

CITY = "某市"
ROUND4 = "十二届市委第四轮巡察"
ROUND5 = "十二届市委第五轮巡察"
#: What is planted, by team number of round 5 (docs/office.md lists them).
NO_KEY = (7, 23)
NO_PLEDGE = (31,)
NO_LEADER_AUTHORISATION = (44,)
SAME_LEADER_ACKED = (3, 40)
SAME_LEADER_UNACKED = (15,)
NO_CROSS_AUTHORISATION = 62  # a county team: its 交叉 units lack the county committee's authorisation
REPEATED = 12  # round-4 problems found again in round 5 …
PAPER_ONLY = 5  # … of which rectified only on paper (纸面整改)
HISTORY_UNIT = "A县农业农村局党组"  # has one of the planted repeats (docs/office.md)
LATE_LEAD_TEAMS = tuple(range(1, 84, 10))  # one handed-over lead left without feedback in each
NO_PLAN_UNITS = 6  # units without 整改方案 after its deadline
NO_REPORT_UNITS = 9  # units without 整改情况报告 after its deadline
#: The invented cross effect: 交叉 units end with about this many times the handed-over leads per unit of
#: 本级 ones (the seed report's "about 2×"), the added leads mostly about 县管干部 (docs/office.md).
CROSS_FACTOR = 2.0
CROSS_CADRE = "县管干部"
UNIT_LEVELS = {"bureau": "县直", "hospital": "事业单位", "school": "事业单位", "soe": "国有企业",
               "town": "乡镇", "street": "乡镇", "village": "村(社区)"}
SECTORS = {"agri": "农业农村", "housing": "住房城建", "edu": "教育", "hospital": "卫生健康", "soe": "国有企业",
           "town": "乡镇街道", "street": "乡镇街道", "village": "村(社区)"}


def _set(record: Record, **values: Any) -> None:
    """Set the fields of issue 13's data model (docs/vault.md, schema 7)."""
    names = {f.name for f in dataclasses.fields(record)}
    for name, value in values.items():
        if name not in names:
            raise AttributeError(f"{record.KIND}.{name}")
        setattr(record, name, value)


def org_key(jur: str, org: str, kind: str) -> str:
    """An invented 18-character 统一社会信用代码: 11 机关, 12 事业单位, 91 企业, 54 村(居)委会."""
    head = {"soe": "91", "hospital": "12", "school": "12", "village": "54"}.get(kind, "11")
    county = ord(jur[0]) - ord("A") + 1 if jur[0].isascii() else 0
    digest = hashlib.sha256(f"{jur}|{org}".encode()).hexdigest().upper()
    return f"{head}3399{county:02d}{digest[:9]}X"[:18]


@dataclass
class _Spec:
    """One team of round 5: where its force comes from and how it is made up."""

    home: str
    composition: str
    inspected: str = ""  # for a county team: the county it cross-inspects


class OfficeGenerator(_Generator):
    """Round 5 with the generator's full work, then round 4 and the planted cases."""

    def __init__(self, rng: random.Random, seed: int = 1) -> None:
        super().__init__(rng, "office")
        self.seed = seed
        #: The derived keys the office trusts, per team that has one (app/demo/keys.py).
        self.team_keys: list[tuple[TeamKeys, str]] = []
        self.specs: dict[int, _Spec] = {}
        self.modes: dict[str, str] = {}  # org name -> 本级 / 交叉 / 提级
        self.teams: list[_Team] = []
        self.staff = 0
        self.planted: list[str] = []
        self.counties: set[str] = set()  # the counties of the team being made
        self.talks: dict[int, list[tuple[Interview, _Unit]]] = {}  # per team number, its interviews
        self.cadre_bias = False  # while adding the cross effect's leads (:meth:`cross_effect`)

    # --- round 5 ------------------------------------------------------------------------------------

    def make_round(self) -> Round:
        rnd = Round(title=ROUND5, session="十二届", number=5, year=2024, kind=ROUND_KINDS[0],
                    committee="中共某市委员会", authorisation="某市巡领字〔2024〕5号",
                    start_date=dt.date(2024, 4, 8), end_date=dt.date(2024, 6, 7),
                    feedback_date=dt.date(2024, 7, 22), notes=DEMO_NOTE)
        _set(rnd, level="市", revisit=False, topic="")
        return rnd

    def unit_plan(self) -> list[list[tuple[str, Dept, str]]]:
        counties = self.county_units()
        total = 0
        for county in counties:  # 837 of the 858
            county[:] = county[: max(0, self.scale.units - total)]
            total += len(county)
        counties = [county for county in counties if county]  # 38 organisations each in A县…V县, one in W县
        city_units: list[tuple[str, Dept, str]] = []
        cross: list[list[tuple[str, Dept, str]]] = []
        for county in counties:
            n = max(1, round(len(county) / 3))
            head, tail = county[: len(county) - n], county[len(county) - n:]
            city_units += head
            cross.append(tail)
            for _, dept, org in head:
                self.modes[org] = "提级" if dept.kind == "village" else "本级"
            for _, _, org in tail:
                self.modes[org] = "交叉"
        city_teams = self.scale.teams - len(counties)
        size, extra = divmod(len(city_units), city_teams)
        plan: list[list[tuple[str, Dept, str]]] = []
        start = 0
        for t in range(city_teams):
            n = size + (1 if t < extra else 0)
            plan.append(city_units[start:start + n])
            self.specs[t + 1] = _Spec(CITY, "成建制" if t % 4 else "半建制")
            start += n
        letters = [county[0][0] for county in counties]
        for i, units in enumerate(cross):  # county i's 交叉 units, inspected by county i-1's team
            number = city_teams + 1 + i
            composition = "联动式" if i % 3 == 0 else ("组合式" if i % 3 == 1 else "半建制")
            self.specs[number] = _Spec(letters[i - 1], composition, letters[i])
            plan.append(units)
        return plan

    def team(self, rnd: Round, number: int, plan: list[tuple[str, Dept, str]]) -> _Team:
        self.counties = {jur for jur, _, _ in plan}
        ctx = super().team(rnd, number, plan)
        spec = self.specs[number]
        county_team = bool(spec.inspected)
        fingerprint = ""
        if number not in NO_KEY:
            keys = team_keys(self.seed, number)
            self.team_keys.append((keys, ctx.record.name))
            fingerprint = binding_of(keys, ctx.record.name)
        _set(ctx.record, level="巡察组", home_jurisdiction=spec.home, composition=spec.composition,
             leader_authorisation=f"某市巡领字〔2024〕{100 + number}号", capacity=len(plan) + 2,
             key_fingerprint=fingerprint)
        if county_team:
            ctx.record.office = f"中共{spec.home}委巡察工作领导小组办公室"
        for unit in ctx.units:
            mode = self.modes[unit.org]
            _set(unit.record, mode=mode)
            if mode == "交叉":
                _set(unit.record, cross_authorisation=f"中共{unit.record.jurisdiction}委员会授权（"
                     f"{unit.record.jurisdiction}委巡字〔2024〕{number}号）")
        self.teams.append(ctx)
        return ctx

    def members(self, team: Team, level: str) -> list[Member]:
        """Homes and past posts that leave the assignment free of hard conflicts (module docstring)."""
        out = super().members(team, level)
        rng = self.rng
        number = len(self.teams) + 1
        spec = self.specs[number]
        for member in out:
            member.pledge_signed, member.notes = True, ""
        if spec.inspected:  # a county team: the sending county's 巡察办 and 人才库
            liaison = out[-1]
            for member in out:
                member.home_jurisdiction = spec.home
                member.employer = member.employer.replace("市", spec.home, 1) if member.employer.startswith("市") \
                    else member.employer
            if spec.composition == "联动式":  # docs/domain.md §3.4: leader and liaison from the inspected county
                liaison.role = LIAISON_ROLE
                liaison.employer = f"{spec.inspected}委巡察办联络员"
                for member in (out[0], liaison):
                    member.home_jurisdiction = spec.inspected
        else:
            for member in out[1:]:
                if rng.random() < 0.35:
                    member.home_jurisdiction = f"{chr(ord('A') + rng.randrange(26))}县"
        for member in out:
            self.staff += 1
            past = self.past_posts(member, spec)
            _set(member, staff_key=f"RC{2019 + self.staff % 5}{self.staff:05d}", past_posts=past)
        return out

    def past_posts(self, member: Member, spec: _Spec) -> list[dict[str, str]]:
        """One or two earlier posts: in the city, in the member's home county, or anywhere more than
        five years ago; never within five years in a county the team inspects (filled in later)."""
        rng = self.rng
        rows = []
        end = rng.randrange(2016, 2023)
        start = end - rng.randrange(2, 6)
        home = member.home_jurisdiction
        place = home if home not in (CITY, spec.inspected) and home not in self.counties else CITY
        org = rng.choice(("财政局", "审计局", "人力资源和社会保障局", "农业农村局", "发展和改革委员会"))
        rows.append({"unit": f"{place}{org}", "region": place, "from_year": str(start), "to_year": str(end)})
        if rng.random() < 0.4:
            old = rng.randrange(2005, 2015)
            far = f"{chr(ord('A') + rng.randrange(26))}县"
            rows.append({"unit": f"{far}{rng.choice(('乡镇', '教育体育局', '民政局'))}", "region": far,
                         "from_year": str(old - 3), "to_year": str(old)})
        return rows

    def unit(self, rnd: Round, team: Team, jur: str, dept: Dept, org: str, index: int, count: int) -> _Unit:
        unit = super().unit(rnd, team, jur, dept, org, index, count)
        fb = unit.feedback
        _set(unit.record, org_key=org_key(jur, org, dept.kind), sector=SECTORS.get(dept.key, dept.org.rstrip("局")),
             unit_level=UNIT_LEVELS[dept.kind], feedback_date=fb,
             plan_received_at=_workday(_days(fb, 18)), meeting_at=_workday(_days(fb, 26)),
             report_received_at=_workday(_days(fb, 85)), leader_report_received_at=_workday(_days(fb, 86)),
             publicised_at=_workday(_days(fb, 95)))
        return unit

    def barred(self, team: _Team, unit: _Unit, person: Person | None) -> list[Member]:
        """In a 交叉 unit, a member from its county (a 联动式 team's 组长 and 联络员) does not interview: the
        recusal check of the interview editor (docs/domain.md §3.3) has no 联动式 exemption."""
        if self.modes.get(unit.org) != "交叉":
            return []
        return [m for m in team.members if m.home_jurisdiction == unit.record.jurisdiction]

    def interviews(self, team: _Team) -> list[tuple[Interview, _Unit]]:
        self.talks[team.number] = super().interviews(team)
        return self.talks[team.number]

    def subject(self, unit: _Unit) -> Person:
        if self.cadre_bias:  # the cross effect's leads are mostly about the unit's 县管干部
            cadres = [p for p in unit.people if p.cadre_level == CROSS_CADRE]
            if cadres and self.rng.random() < 0.8:
                return self.rng.choice(cadres)
        return super().subject(unit)

    def recusals(self, team: _Team) -> None:
        """Declared later (:meth:`declare`), naming other teams' units: avoided conflicts."""

    def lead(self, team: _Team, unit: _Unit, issue: Any, subject: Any, source: str, received: dt.date,
             summary: str, detail: str, *, example: bool = False) -> Lead:
        lead = super().lead(team, unit, issue, subject, source, received, summary, detail, example=example)
        if lead.status == L_HANDED:  # answered, except one lead in each of LATE_LEAD_TEAMS
            if team.number in LATE_LEAD_TEAMS and not team.seq.get("late"):
                team.seq["late"] = 1
                lead.receiver_category = ""
            else:
                lead.status = L_ANSWERED
                lead.receiver_category = lead.receiver_category or "谈话函询"
        return lead

    # --- after every team -----------------------------------------------------------------------------

    def build(self) -> None:
        super().build()
        rnd5 = next(r for r in self.records if isinstance(r, Round))
        self.declare()
        self.villages()
        self.readiness()
        self.milestones()
        late = [lead for lead in self.records if isinstance(lead, Lead) and lead.status == L_HANDED
                and not lead.feedback_at]
        self.planted.append(f"已移交未反馈且超过3个月反馈时限的线索：{len(late)}条（"
                            + "、".join(lead.number for lead in late) + "）")
        earlier: list[Record] = []
        self.round4(earlier)
        self.records[:0] = earlier  # round 4 first: it is the earlier round
        self.cross_effect()
        rnd5.notes = DEMO_NOTE + "\n交叉巡察与非交叉巡察之间的差异（如移交线索数量）均为虚构，不代表真实情况。\n" \
            + "演示埋点（docs/office.md）：\n" + "\n".join(f"- {line}" for line in sorted(
                self.planted, key=lambda line: line.split("：")[0]))

    def cross_effect(self) -> None:
        """The invented difference between 交叉 and 本级 units (the seed report's "about 2×" is not
        simulated by the round itself, where a county team covers more units than a city team): each
        county team gets more handed-over leads, answered, until its units average :data:`CROSS_FACTOR`
        times the 本级 units' handed-over leads (app/domain/rules.py ``lead_handed_over``), most of the
        added ones about 县管干部.

        Made last, from a random stream of its own, so every other record of the seed stays as it was
        (the example files of resources/examples are drawn from the same demo)."""
        handed: dict[str, int] = {}
        for lead in self.records:
            if isinstance(lead, Lead) and lead_handed_over(lead):
                handed[lead.unit_id or ""] = handed.get(lead.unit_id or "", 0) + 1
        own = [u.record.id for t in self.teams for u in t.units if self.modes[u.org] == "本级"]
        own_rate = sum(handed.get(i, 0) for i in own) / max(1, len(own))
        main, weights, scale = self.rng, self.lead_weights, self.scale
        self.rng = random.Random(f"office-cross-effect-{self.seed}")
        self.lead_weights = (0, 0, 0, 30, 50, 20)  # handed over, answered or concluded
        self.cadre_bias = True
        added = 0
        try:
            for team in self.teams:
                if not self.specs[team.number].inspected:
                    continue
                have = sum(handed.get(u.record.id, 0) for u in team.units)
                want = round(CROSS_FACTOR * own_rate * len(team.units)) - have
                if want <= 0:
                    continue
                self.scale = dataclasses.replace(scale, leads=want)
                leads = self.leads(team, self.talks[team.number], [])
                self.handovers(team, leads)
                added += len(leads)
        finally:
            self.rng, self.lead_weights, self.scale, self.cadre_bias = main, weights, scale, False
        self.planted.append(f"交叉巡察的效果（虚构）：县级巡察办抽调组成的巡察组多移交问题线索{added}条，"
                            f"使交叉巡察单位平均移交线索约为本级巡察单位的{CROSS_FACTOR:g}倍，多为涉及{CROSS_CADRE}的线索")

    def declare(self) -> None:
        """Each team's declarations name a roster person and a unit of the next team: conflicts the
        assignment avoided (declared_person, declared_unit)."""
        rng = self.rng
        for i, team in enumerate(self.teams):
            other = self.teams[(i + 1) % len(self.teams)]
            members = team.members[1:]
            unit = rng.choice(other.units)
            related = rng.choice(unit.band("middle", "staff", "finance", "office") or unit.people)
            members[0].recusals = [{"person": related.name, "unit": unit.record.name, "post": related.post,
                                    "relation": KIN[0], "kind": CASE_RECUSAL}]
            second = rng.choice([u for u in other.units if u is not unit] or other.units)
            members[1].recusals = [{"person": "", "unit": second.record.name, "post": "",
                                    "relation": KIN[4], "kind": POSTING_RECUSAL}]
            relative, _ = self.name()
            members[2].recusals = [{"person": relative, "unit": "某市财政局", "post": "科员",
                                    "relation": rng.choice(KIN[1:4]), "kind": CASE_RECUSAL}]

    def villages(self) -> None:
        """A village's 上级单位 is its town's unit (延伸巡察)."""
        by_org = {u.org: u for t in self.teams for u in t.units}
        for team in self.teams:
            for unit in team.units:
                if unit.dept.kind == "village":
                    town = by_org.get(unit.org[: unit.org.index("镇") + 1])
                    if town is not None:
                        _set(unit.record, parent_unit_id=town.record.id)

    def readiness(self) -> None:
        by_number = {t.number: t for t in self.teams}
        for number in NO_KEY:
            self.planted.append(f"未登记接收密钥：{by_number[number].record.name}")
        for number in NO_PLEDGE:
            member = by_number[number].members[-1]
            member.pledge_signed = False
            member.notes = "保密承诺书待补签。"
            self.planted.append(f"成员未签保密承诺书：{by_number[number].record.name}（{member.name}）")
        for number in NO_LEADER_AUTHORISATION:
            _set(by_number[number].record, leader_authorisation="")
            self.planted.append(f"缺组长授权文号：{by_number[number].record.name}")
        team = by_number[NO_CROSS_AUTHORISATION]
        for unit in team.units:
            _set(unit.record, cross_authorisation="")
        self.planted.append(f"交叉巡察单位缺属地党委授权（双授权）：{team.record.name}（{len(team.units)}个单位）")

    def milestones(self) -> None:
        units = [u for t in self.teams for u in t.units]
        step = len(units) // (NO_PLAN_UNITS + NO_REPORT_UNITS)
        chosen = units[step // 2::step][: NO_PLAN_UNITS + NO_REPORT_UNITS]
        for unit in chosen[:NO_PLAN_UNITS]:
            _set(unit.record, plan_received_at=None, meeting_at=None, report_received_at=None,
                 leader_report_received_at=None, publicised_at=None)
        for unit in chosen[NO_PLAN_UNITS:]:
            _set(unit.record, report_received_at=None, leader_report_received_at=None, publicised_at=None)
        self.planted.append("超过整改方案报送时限未报送：" + "、".join(u.record.name for u in chosen[:NO_PLAN_UNITS]))
        self.planted.append("超过整改情况报告报送时限未报送："
                            + "、".join(u.record.name for u in chosen[NO_PLAN_UNITS:]))

    # --- round 4 ------------------------------------------------------------------------------------------

    def round4(self, out: list[Record]) -> None:
        rnd = Round(title=ROUND4, session="十二届", number=4, year=2023, kind=ROUND_KINDS[0],
                    committee="中共某市委员会", authorisation="某市巡领字〔2023〕4号",
                    start_date=dt.date(2023, 9, 4), end_date=dt.date(2023, 11, 3),
                    feedback_date=dt.date(2023, 12, 15), notes=DEMO_NOTE, id=uuid7())
        _set(rnd, level="市", revisit=False, topic="")
        out.append(rnd)
        units5 = [u for t in self.teams for u in t.units]
        # Round 4's teams took every 83rd unit of the list: each meets a round-5 team in one unit at most
        chunks = [units5[k::83] for k in range(83)]
        leader_of = {u.org: t for t in self.teams for u in t.units}
        # 组长 leading the same organisation again: the round-5 leader led the round-4 team of one of their units
        again: dict[int, _Team] = {}
        for number in SAME_LEADER_ACKED + SAME_LEADER_UNACKED:
            team5 = next(t for t in self.teams if t.number == number)
            first = team5.units[0]
            again[next(i for i, c in enumerate(chunks) if first in c)] = team5
        repeated = self.repeated_plan()
        self.titles5: dict[str, set[str]] = {}
        self.kinds5: dict[str, set[tuple[str, str]]] = {}  # (heading, tag) of each unit's round-5 problems
        for problem in self.records:
            if isinstance(problem, Problem):
                self.titles5.setdefault(problem.unit_id or "", set()).add(problem.title)
                self.kinds5.setdefault(problem.unit_id or "", set()).add((problem.heading, problem.tag))
        for index, chunk in enumerate(chunks):
            number = index + 1
            team = Team(name=f"第{cn_number(number)}巡察组", round_id=rnd.id, number=number,
                        office="中共某市委巡察工作领导小组办公室", email=f"xc{number:02d}@example.org",
                        notes=DEMO_NOTE, id=uuid7())
            _set(team, level="巡察组", home_jurisdiction=CITY, composition="成建制",
                 leader_authorisation=f"某市巡领字〔2023〕{100 + number}号", capacity=len(chunk) + 2)
            out.append(team)
            self.round4_members(out, team, again.get(index), leader_of, chunk)
            for unit5 in chunk:
                self.round4_unit(out, rnd, team, unit5, repeated.get(unit5.record.id))

    def round4_members(self, out: list[Record], team: Team, again: _Team | None,
                       leader_of: dict[str, _Team], chunk: list[_Unit]) -> None:
        """Four or five members; about a third are people of round 5 (same staff_key), never as 组长
        of an organisation they lead again, except the planted ones."""
        rng = self.rng
        roles = [(LEADER, GENERAL), (DEPUTY, TALK), (MEMBER_ROLE, DOCS), (MEMBER_ROLE, PETITIONS),
                 (STAFF_ROLE, DOCS)][: rng.randrange(4, 6)]
        current = [m for t in self.teams for m in t.members[1:]]
        for i, (role, group) in enumerate(roles):
            if i == 0 and again is not None:
                source: Member | None = again.leader
            elif i > 0 and rng.random() < 0.33:
                source = rng.choice(current)
            else:
                source = None
            if source is not None:
                name, staff_key, home = source.name, source.staff_key, source.home_jurisdiction
            else:
                name, _ = self.name()
                self.staff += 1
                staff_key, home = f"RC2018{self.staff:05d}", CITY
            member = Member(name=name, team_id=team.id, role=role, sub_group=group,
                            employer="市委巡察组组长（专职）" if role == LEADER else "市直单位抽调干部",
                            home_jurisdiction=home, phone=self.phone(), pledge_signed=True, recusal_signed=True,
                            recusals=[], notes="", id=uuid7())
            _set(member, staff_key=staff_key, past_posts=[])
            out.append(member)
        if again is not None:
            unit = again.units[0]
            acked = again.number in SAME_LEADER_ACKED
            if acked:
                _set(unit.record, assignment_notes=[{"member": again.leader.name, "conflict": "组长连续带队",
                                                     "confirmed_by": "市委巡察办主任", "confirmed_at": "2024-03-28"}])
            self.planted.append(f"组长再次带队巡察同一单位（{'已确认' if acked else '未确认'}）："
                                f"{again.record.name}组长{again.leader.name}，{unit.record.name}")

    def repeated_plan(self) -> dict[str, Problem]:
        """REPEATED round-5 problems (not the sample ones) spread over the teams, to be found again.

        Only a problem whose unit has no other round-5 problem of the same heading and tag is chosen:
        the follow-up matches on heading and tag (app/domain/revisit.py), so each planted pair is
        exactly one repeat."""
        titles = {f.title for f in FINDINGS}
        kinds: dict[tuple[str, str, str], int] = {}
        for r in self.records:
            if isinstance(r, Problem):
                key = (r.unit_id or "", r.heading, r.tag)
                kinds[key] = kinds.get(key, 0) + 1
        problems = [r for r in self.records if isinstance(r, Problem) and r.title in titles
                    and kinds[(r.unit_id or "", r.heading, r.tag)] == 1]
        step = max(1, len(problems) // REPEATED)
        chosen = problems[step // 2::step][:REPEATED]
        # The unit the acceptance run looks at (`history o.xcv --unit A县农业农村局党组`) has one, in place of the first
        named = {r.id for r in self.records if isinstance(r, Unit) and r.name == HISTORY_UNIT}
        shown = [p for p in problems if p.unit_id in named]
        if shown and not any(p.unit_id in named for p in chosen):
            chosen[0] = shown[0]
        return {p.unit_id or "": p for p in chosen}

    def round4_unit(self, out: list[Record], rnd: Round, team: Team, unit5: _Unit, again: Problem | None) -> None:
        rng = self.rng
        u5 = unit5.record
        unit = Unit(name=u5.name, round_id=rnd.id, team_id=team.id, unit_type=u5.unit_type,
                    jurisdiction=u5.jurisdiction, supervisor=u5.supervisor, address=u5.address,
                    entry_date=_workday(_days(dt.date(2023, 9, 4), rng.randrange(0, 8))),
                    exit_date=_workday(_days(dt.date(2023, 10, 16), rng.randrange(0, 14))), notes="", id=uuid7())
        feedback = _workday(_days(dt.date(2023, 12, 15), rng.randrange(0, 9)))
        _set(unit, org_key=u5.org_key, mode="本级" if u5.mode != "提级" else "提级",
             sector=u5.sector, unit_level=u5.unit_level, feedback_date=feedback,
             plan_received_at=_workday(_days(feedback, 18)), meeting_at=_workday(_days(feedback, 25)),
             report_received_at=_workday(_days(feedback, 88)), leader_report_received_at=_workday(_days(feedback, 88)),
             publicised_at=_workday(_days(feedback, 96)))
        out.append(unit)
        used5 = self.titles5.get(u5.id, set())
        kinds5 = self.kinds5.get(u5.id, set())
        # Not the same finding, nor one of the same heading and tag, as a round-5 problem of the unit: those
        # would be repeats (app/domain/revisit.py), and only the planted ones are
        fitting = [f for f in FINDINGS if unit5.fits(f.kinds) and f.title not in used5
                   and (HEADINGS[f.heading], f.tag) not in kinds5]
        findings: list[tuple[Finding, bool]] = [(f, False) for f in rng.sample(fitting, min(len(fitting),
                                                                                          rng.randrange(1, 4)))]
        if again is not None:
            finding = next(f for f in FINDINGS if f.title == again.title)
            findings.insert(0, (finding, True))
        for seq, (finding, repeated) in enumerate(findings, start=1):
            values = self.values(unit5, y=2022)
            problem = Problem(title=finding.title, unit_id=unit.id, team_id=team.id,
                              heading=HEADINGS[finding.heading], seq=seq, tag=finding.tag,
                              description=finding.facts.format(**values),
                              characterisation=f"{finding.basis.format(**values)}", notes="", id=uuid7())
            out.append(problem)
            self.round4_rectification(out, problem, unit, finding, feedback, repeated)

    def round4_rectification(self, out: list[Record], problem: Problem, unit: Unit, finding: Finding,
                             feedback: dt.date, repeated: bool) -> None:
        rng = self.rng
        item = Rectification(
            title=f"健全{finding.subject}长效机制", problem_id=problem.id, unit_id=unit.id,
            goal=f"建立完善{finding.system}", measures=f"修订完善{finding.system}，明确责任分工和完成时限。",
            responsible_leader=self.name()[0], responsible_dept="办公室", deadline=_days(feedback, 90), id=uuid7())
        roll = rng.random()
        # A planted repeat was either reported 已销号 (纸面整改: done on paper, found again) or found 未到位 by
        # the 2024 回头看 and reopened (整改中), as a revisit finding of 未到位 requires
        paper = repeated and sum(1 for line in self.planted if line.startswith("重复发现")) < PAPER_ONLY
        if paper or (not repeated and roll < 0.7):
            item.status = R_CLOSED
            item.completed_at = _workday(_days(feedback, rng.randrange(40, 85)))
            item.closed_at = _workday(_days(item.completed_at, rng.randrange(5, 30)))
            item.grade = rng.choices(GRADES, (50, 35, 10, 5))[0]
            item.evidence = "修订后的制度文本及印发通知。"
        elif not repeated and roll < 0.85:
            item.status = R_DONE
            item.completed_at = _workday(_days(feedback, rng.randrange(40, 85)))
        else:
            item.status = R_DOING
            item.notes = "已超过完成时限，整改尚未完成。"
        if repeated:
            if not paper:
                _set(item, revisit_result="未到位", revisit_at=dt.date(2024, 5, 20))
                item.notes = "回头看评估未到位，已重新整改。"
            result = "纸面整改" if paper else "未到位"
            self.planted.append(f"重复发现（上轮整改{result}）：{unit.name}，{problem.title}")
        elif item.status == R_CLOSED and rng.random() < 0.1:
            _set(item, revisit_result="整改到位", revisit_at=dt.date(2024, 5, 20))
        out.append(item)
        self.links.append(Link(id=uuid7(), src_id=problem.id, dst_id=item.id, relation=RECTIFIES))
