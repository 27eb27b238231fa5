"""The demo generator: builds a round's records in memory, team by team (docs/domain.md §2–§3)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from app.demo.content import (
    AREA_DEPTS,
    AS_OF,
    CASE_RECUSAL,
    CHANNEL_OPENINGS,
    CHANNELS,
    CITY_CADRE,
    CLOSE,
    CLOSINGS,
    COMPLAINANT_UNITS,
    CONFIDENTIAL,
    COPY,
    CORE_POSTS,
    COUNTY_CADRE,
    DEMO_NOTE,
    DEPUTY,
    DOC_YEARS,
    DOCS,
    DOCUMENT_LINES,
    DRAFT_CLOSINGS,
    DRAFT_TALK,
    E_MEDIUM,
    FEEDBACK_TEXTS,
    FEMALE,
    FINAL_TALK,
    FINDINGS,
    FIX_NOW,
    FORMS_PAPER,
    FORMS_PROBLEM,
    GENERAL,
    GIVEN_ANY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    GRADES,
    H_CDI,
    H_DEPT,
    H_ORG,
    HANDS_OVER,
    HOLD,
    INTERNAL,
    ISSUES,
    KIN,
    L_ANSWERED,
    L_CHECKING,
    L_CLOSED,
    L_HANDED,
    L_NEW,
    L_TO_HAND,
    LEAD_EXAMPLE,
    LEAD_EXAMPLE_CATEGORY,
    LEAD_EXAMPLE_TRANSFER_TO,
    LEADER,
    LEADS_TO,
    MALE,
    MAY_TALK,
    MEMBER_ROLE,
    MORE_POSTS,
    MUST_TALK,
    NO_RETURN,
    NOT_LEADS,
    NOT_PROVIDED,
    NOT_RETURNED,
    OFFICE_DEPTS,
    ORDINARY_CADRE,
    ORIGINAL,
    P_CLOSED,
    P_PENDING,
    P_TO_LEAD,
    PAPER_ARCHIVED,
    PAPER_DRAFT,
    PAPER_MEDIUM,
    PAPER_REVIEW,
    PAPER_SIGNED,
    PETITIONS,
    POSTING_RECUSAL,
    R_CLOSED,
    R_DOING,
    R_DONE,
    R_NOT_STARTED,
    R_ONGOING,
    RECTIFIES,
    REFLECTS,
    RESULT_CLOSED,
    RESULT_OTHER,
    RETURNED,
    ROADS,
    ROUND_KINDS,
    SAMPLE_PROBLEMS,
    SCALES,
    SECRET,
    SECTION_CADRE,
    STAFF_ROLE,
    STEMS,
    STREET,
    SURNAMES,
    TALK,
    TALK_ENQUIRY,
    TEAM_DEPTS,
    TO_CDI,
    TO_DEPT,
    TO_FEEDBACK,
    TO_ORG,
    TOPICS,
    VERIFY,
    VILLAGE_CADRE,
    VILLAGES,
    Dept,
    Finding,
    Issue,
    _days,
    _wan,
    _workday,
    cn_number,
)
from app.demo.files import _pdf, _png
from app.domain.clock import HybridClock, new_device_id, uuid7
from app.domain.records import (
    Attachment,
    Document,
    Handover,
    Interview,
    Lead,
    Link,
    Member,
    Paper,
    Person,
    Petition,
    Problem,
    Record,
    Rectification,
    Round,
    Team,
    Unit,
    kind_spec,
)
from app.domain.vocab import HEADINGS
from app.storage.store import FieldWrite
from app.storage.vault import Vault

_R = TypeVar("_R", bound=Record)


# --- the generator ----------------------------------------------------------------------------------


@dataclass
class _Unit:
    """An inspected unit while it is being filled: its record, roster and dates."""

    record: Unit
    dept: Dept
    org: str  # 某县农业农村局
    prefix: str  # organs of its jurisdiction: "县" → 县纪委监委; "A县" → A县纪委监委
    people: list[Person] = field(default_factory=list)
    bands: dict[str, list[Person]] = field(default_factory=dict)
    entry: dt.date = dt.date(2024, 4, 8)
    exit: dt.date = dt.date(2024, 5, 31)
    feedback: dt.date = dt.date(2024, 7, 15)

    def fits(self, kinds: Sequence[str]) -> bool:
        return not kinds or self.dept.key in kinds or self.dept.kind in kinds

    def band(self, *names: str) -> list[Person]:
        return [p for name in names for p in self.bands.get(name, [])]

    @property
    def principal(self) -> Person:
        return self.bands["principal"][0]

    @property
    def meeting(self) -> str:
        return {"党组": "党组会", "党委": "党委会", "党工委": "党工委会", "党支部": "支委会"}[self.dept.party]

    @property
    def head_meeting(self) -> str:
        head = self.dept.head.removeprefix("村委会")
        names = {"局长": "局长办公会", "院长": "院长办公会", "校长": "校长办公会", "镇长": "镇长办公会"}
        return names.get(head, "主任办公会")

    def workday(self, rng: random.Random, start: dt.date | None = None, end: dt.date | None = None) -> dt.date:
        start = start or self.entry
        end = max(end or self.exit, start)
        return _workday(_days(start, rng.randrange((end - start).days + 1)))


@dataclass
class _Team:
    record: Team
    number: int
    members: list[Member]
    units: list[_Unit]
    leader: Member
    level: str  # 县 / 市: the organs the members come from
    seq: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        self.seq[kind] = self.seq.get(kind, 0) + 1
        return self.seq[kind]

    def in_group(self, *groups: str) -> list[Member]:
        found = [m for m in self.members if m.sub_group in groups]
        return found or self.members


class _Generator:
    """Builds every record in memory, in save order; ``fill`` then writes them in batches."""

    def __init__(self, rng: random.Random, scale_name: str) -> None:
        self.rng = rng
        self.scale = SCALES[scale_name]
        self.office = scale_name == "office"
        self.records: list[Record] = []
        self.links: list[Link] = []
        self.blobs: dict[str, bytes] = {}
        self.used_names: set[str] = set()
        self.year = 2024
        self.round_no = 5 if self.office else 3
        #: Per team: (member, related roster person, unit) of the declaration that names a person,
        #: and the unit another member declared; interviews avoid both except one flagged draft.
        self.recusal_pair: tuple[Member, Person, _Unit] | None = None
        self.recusal_unit: tuple[Member, _Unit] | None = None
        self.example_petition: Petition | None = None
        self.in_charge: dict[str, str] = {}  # paper id -> the leader its responsibility names
        #: How a lead's status is drawn (新受理, 核实中, 拟移交, 已移交, 已反馈, 已了结); one draw whatever the weights.
        self.lead_weights: tuple[int, ...] = (10, 15, 15, 20, 25, 15)

    # --- basics -----------------------------------------------------------------------------------

    def add(self, record: _R) -> _R:
        record.id = uuid7()
        self.records.append(record)
        return record

    def link(self, src: Record, dst: Record, relation: str) -> None:
        self.links.append(Link(id=uuid7(), src_id=src.id, dst_id=dst.id, relation=relation))

    def name(self, gender: str | None = None) -> tuple[str, str]:
        rng = self.rng
        while True:
            sex = gender or (MALE if rng.random() < 0.62 else FEMALE)
            pool = GIVEN_MALE if sex == MALE else GIVEN_FEMALE
            given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(GIVEN_ANY + pool) + rng.choice(pool)
            full = rng.choice(SURNAMES) + given
            if full not in self.used_names:
                self.used_names.add(full)
                return full, sex

    def phone(self) -> str:
        rng = self.rng
        return f"1{rng.choice('3578')}{rng.randrange(10)}****{rng.randrange(10000):04d}"

    def values(self, unit: _Unit, **extra: Any) -> dict[str, Any]:
        """Everything a template may name, drawn for one use."""
        rng = self.rng
        n = rng.randrange(3, 13)
        deputy = rng.choice(unit.band("deputy") or unit.band("principal"))
        values: dict[str, Any] = {
            "org": unit.org, "party": unit.record.name, "meeting": unit.meeting, "head_meeting": unit.head_meeting,
            "y": rng.choice(DOC_YEARS), "n": n, "k": rng.randrange(1, n), "m": _wan(rng, 0.8, 68),
            "pct": rng.randrange(52, 86), "yuan": rng.randrange(300, 9000), "project": rng.choice(unit.dept.projects),
            "jur": unit.record.jurisdiction, "deputy": deputy.name, "principal": unit.principal.name,
        }
        values.update(extra)
        return values

    # --- round, teams, units, people -------------------------------------------------------------

    def make_round(self) -> Round:
        return Round(title="十五届县委第三轮巡察", session="十五届", number=3, year=self.year, kind=ROUND_KINDS[0],
                     committee="中共某县委员会", authorisation="某县巡领字〔2024〕3号",
                     start_date=dt.date(2024, 4, 8), end_date=dt.date(2024, 5, 31),
                     feedback_date=dt.date(2024, 7, 15), notes=DEMO_NOTE)

    def build(self) -> None:
        rnd = self.add(self.make_round())
        for number, plan in enumerate(self.unit_plan(), start=1):
            team = self.team(rnd, number, plan)
            self.documents(team)
            interviews = self.interviews(team)
            petitions = self.petitions(team)
            leads = self.leads(team, interviews, petitions)
            papers = self.papers(team, leads)
            problems = self.problems(team, papers)
            rects = self.rectifications(team, problems)
            self.handovers(team, leads)
            self.attachments(team, interviews, petitions, papers, rects)

    def unit_plan(self) -> list[list[tuple[str, Dept, str]]]:
        """Per team, its units as (jurisdiction, dept, unit-level name of the organisation)."""
        if not self.office:
            names = ("某县农业农村局", "某县住房和城乡建设局", "某县教育体育局", "某县人民医院",
                     "某县城市建设投资集团有限公司", "某镇", "某村")
            return [[("某县", d, n) for d, n in zip(TEAM_DEPTS, names, strict=True)]]
        units = [unit for county in self.county_units() for unit in county][: self.scale.units]
        teams, extra = divmod(len(units), self.scale.teams)
        plan, start = [], 0
        for t in range(self.scale.teams):
            size = teams + (1 if t < extra else 0)
            plan.append(units[start:start + size])
            start += size
        return plan

    def county_units(self) -> list[list[tuple[str, Dept, str]]]:
        """The office scale's organisations, county by county (A县…Z县), each county's in a random order
        except A县's, whose first six are the units the sample problems need."""
        rng = self.rng
        counties: list[list[tuple[str, Dept, str]]] = []
        letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        for index, letter in enumerate(letters):
            jur = f"{letter}县"
            mine: list[tuple[str, Dept, str]] = [(jur, d, jur + d.org) for d in OFFICE_DEPTS]
            town = next(d for d in TEAM_DEPTS if d.key == "town")
            mine += [(jur, town, f"{jur}{stem}镇") for stem in STEMS[:6]]
            mine += [(jur, STREET, f"{jur}{side}城街道") for side in "东西"]
            village = next(d for d in TEAM_DEPTS if d.key == "village")
            mine += [(jur, village, f"{jur}{STEMS[i % 6]}镇{v}村") for i, v in enumerate(rng.sample(VILLAGES, 2))]
            if index == 0:  # the first team gets the units the sample problems need, first
                head, tail = mine[:5] + mine[len(OFFICE_DEPTS):len(OFFICE_DEPTS) + 1], mine[5:len(OFFICE_DEPTS)]
                tail += mine[len(OFFICE_DEPTS) + 1:]
                rng.shuffle(tail)
                mine = head + tail
            else:
                rng.shuffle(mine)
            counties.append(mine)
        return counties

    def team(self, rnd: Round, number: int, plan: list[tuple[str, Dept, str]]) -> _Team:
        level = "市" if self.office else "县"
        cn = cn_number(number)
        team = self.add(Team(name=f"第{cn}巡察组", round_id=rnd.id, number=number,
                             office=f"中共某{level}委巡察工作领导小组办公室", phone=f"0000-{6100000 + number * 137}",
                             mailbox=f"某{level}政务服务中心一楼 第{cn}巡察组举报信箱",
                             email=f"xc{number:02d}@example.org",
                             notes=DEMO_NOTE))
        members = self.members(team, level)
        units = [self.unit(rnd, team, jur, dept, org, i, len(plan)) for i, (jur, dept, org) in enumerate(plan)]
        ctx = _Team(team, number, members, units, members[0], level)
        self.recusals(ctx)
        return ctx

    def members(self, team: Team, level: str) -> list[Member]:
        rng = self.rng
        size = rng.randrange(5, 8)
        office_word = "科" if level == "市" else "股"
        roles = [(LEADER, GENERAL, f"{level}委巡察组组长（专职）"),
                 (DEPUTY, TALK, f"{level}委巡察办副主任"),
                 (MEMBER_ROLE, DOCS, f"{level}审计局经济责任审计{office_word}{office_word}长"),
                 (MEMBER_ROLE, TALK, f"{level}委组织部干部监督{office_word}干部"),
                 (MEMBER_ROLE, PETITIONS, f"{level}纪委监委第二纪检监察室干部"),
                 (DEPUTY, PETITIONS, f"{level}纪委监委第三纪检监察室副主任"),
                 (STAFF_ROLE, DOCS, f"{level}财政局会计核算中心干部（巡察人才库抽调）")]
        chosen = roles[:5] + rng.sample(roles[5:], size - 5)
        out = []
        for role, group, employer in chosen:
            name, _ = self.name()
            out.append(self.add(Member(
                name=name, team_id=team.id, role=role, sub_group=group, employer=employer,
                home_jurisdiction=f"某{level}", phone=self.phone(), pledge_signed=True,
                recusal_signed=True, recusals=[], notes="")))
        if rng.random() < 0.5:
            out[-1].pledge_signed = False
            out[-1].notes = "保密承诺书待补签。"
        return out

    def unit(self, rnd: Round, team: Team, jur: str, dept: Dept, org: str, index: int, count: int) -> _Unit:
        rng = self.rng
        prefix = "县" if jur == "某县" else jur
        start = rnd.start_date or dt.date(2024, 4, 8)
        entry = _workday(_days(start, rng.randrange(0, 8) if count > 1 else 0))
        stay = rng.randrange(28, 43)
        exit_ = min(_workday(_days(entry, stay)), rnd.end_date or _days(entry, stay))
        feedback = _workday(_days(rnd.feedback_date or _days(exit_, 40), rng.randrange(0, 9)))
        supervisor = {"hospital": f"{prefix}卫生健康局", "soe": f"{prefix}国有资产服务中心",
                      "school": f"{prefix}教育体育局", "village": "", "town": f"{prefix}委", "street": f"{prefix}委"}
        boss = supervisor.get(dept.kind, f"{prefix}人民政府")
        if dept.kind == "village":
            boss = org.removesuffix(org[org.index("镇") + 1:]) + "党委" if "镇" in org else "某镇党委"
        record = self.add(Unit(
            name=org + dept.party, round_id=rnd.id, team_id=team.id, unit_type=dept.party, jurisdiction=jur,
            supervisor=boss, address=f"{jur}{rng.choice(ROADS)}{rng.randrange(1, 300)}号",
            entry_date=entry, exit_date=exit_, notes=""))
        unit = _Unit(record, dept, org, prefix, entry=entry, exit=exit_, feedback=feedback)
        self.roster(unit)
        office = unit.band("office", "hr") or unit.people
        record.liaison = office[0].name
        record.liaison_phone = office[0].phone
        record.headcount = len(unit.people) + rng.randrange(0, 40 if dept.kind != "village" else 4)
        return unit

    def roster(self, unit: _Unit) -> None:
        rng = self.rng
        dept = unit.dept
        lo, hi = self.scale.roster
        size = rng.randrange(lo, hi + 1)
        village_names = [v for v in dept.subs if v in VILLAGES] or list(VILLAGES[:4])
        posts: list[tuple[str, str, bool, bool]] = list(CORE_POSTS[dept.kind])
        more = MORE_POSTS[dept.kind]
        while len(posts) < size:
            post, band, mandatory = rng.choice(more)
            if band == "deputy" and len([p for p in posts if p[1] == "deputy"]) >= 4:
                continue
            post = post.format(head=dept.head, section=rng.choice(dept.sections), village=rng.choice(village_names))
            posts.append((post, band, band == "deputy", mandatory))
        if len(posts) > size:  # small rosters keep leadership and mandatory posts first
            posts = sorted(posts, key=lambda p: not (p[2] or p[3]))[:max(size, 6)]
        village_unit = dept.kind == "village"
        sections = list(dept.sections)
        rng.shuffle(sections)
        for post, band, leadership, mandatory in posts:
            post = post.format(head=dept.head, section=rng.choice(dept.sections), village=rng.choice(village_names))
            gender = MALE if band in ("principal", "retired") and rng.random() < 0.8 else None
            name, sex = self.name(gender)
            if village_unit:
                level = VILLAGE_CADRE if band != "office" else ORDINARY_CADRE
            elif leadership or band == "discipline":
                level = COUNTY_CADRE if not (self.office and band == "principal" and dept.kind in ("soe", "hospital")) \
                    else CITY_CADRE
            elif band in ("hr", "finance", "office", "middle"):
                level = SECTION_CADRE if dept.kind in ("town", "street") else ORDINARY_CADRE
            elif "村党支部书记" in post:
                level = VILLAGE_CADRE
            else:
                level = ORDINARY_CADRE
            born = {"principal": (1966, 1980), "deputy": (1968, 1986), "discipline": (1968, 1982),
                    "retired": (1959, 1963)}.get(band, (1970, 1999))
            notes = ""
            if band == "deputy":
                notes = "分管" + "、".join(sections[:2])
                sections = sections[2:] + sections[:2]
            elif band == "retired":
                notes = "近三年内退出领导岗位，列为必谈对象。"
            person = self.add(Person(name=name, unit_id=unit.record.id, post=post, cadre_level=level,
                                     leadership=leadership, mandatory=mandatory, gender=sex,
                                     birth_year=rng.randrange(born[0], born[1] + 1), phone=self.phone(), notes=notes))
            unit.people.append(person)
            unit.bands.setdefault(band, []).append(person)

    def recusals(self, team: _Team) -> None:
        """Declarations: one names a roster person of an inspected unit, one an inspected unit."""
        rng = self.rng
        members = team.members[1:]
        rng.shuffle(members)
        unit = rng.choice(team.units)
        related = rng.choice(unit.band("middle", "staff", "finance", "office") or unit.people)
        members[0].recusals = [{"person": related.name, "unit": unit.record.name, "post": related.post,
                                "relation": KIN[0], "kind": CASE_RECUSAL}]
        other = rng.choice([u for u in team.units if u is not unit] or team.units)
        members[1].recusals = [{"person": "", "unit": other.record.name, "post": "",
                                "relation": KIN[4], "kind": POSTING_RECUSAL}]
        members[1].notes = f"{rng.randrange(2015, 2021)}年至{rng.randrange(2021, 2023)}年曾在{other.org}工作。"
        relative, _ = self.name()
        members[2].recusals = [{"person": relative, "unit": f"某{team.level}财政局", "post": "科员",
                                "relation": rng.choice(KIN[1:4]), "kind": CASE_RECUSAL}]
        self.recusal_pair = (members[0], related, unit)
        self.recusal_unit = (members[1], other)

    # --- documents ----------------------------------------------------------------------------------

    def documents(self, team: _Team) -> None:
        rng = self.rng
        per_unit = self.share(self.scale.documents, len(team.units))
        for unit, quota in zip(team.units, per_unit, strict=True):
            lines: list[tuple[str, int]] = []
            for title, heading, by_year, kinds in DOCUMENT_LINES:
                if not unit.fits(kinds):
                    continue
                title = title.format(meeting=unit.meeting, head_meeting=unit.head_meeting)
                if by_year:
                    lines += [(f"{year}年{title}", heading) for year in DOC_YEARS]
                else:
                    lines.append((f"{DOC_YEARS[0]}年以来{title}" if "台账" not in title else title, heading))
            keep = sorted(rng.sample(range(len(lines)), min(quota, len(lines))))
            while len(keep) < quota:  # big quotas: ask again for a supplementary copy
                keep.append(rng.randrange(len(lines)))
            requesters = team.in_group(DOCS)
            providers = unit.band("office", "finance", "hr") or unit.people
            for i, index in enumerate(keep):
                title, heading = lines[index]
                batch_no = 1 + i * 3 // max(len(keep), 1)
                requested = unit.workday(rng, unit.entry, _days(unit.entry, 4 + batch_no * 5))
                electronic = rng.random() < 0.3
                status = rng.choices((NOT_PROVIDED, NOT_RETURNED, RETURNED, NO_RETURN), (1, 3, 6, 2))[0]
                if electronic and status == RETURNED:
                    status = NO_RETURN
                provided = None if status == NOT_PROVIDED else _workday(_days(requested, rng.randrange(0, 4)))
                returned = _workday(_days(unit.exit, rng.randrange(0, 6))) if status == RETURNED else None
                provider = rng.choice(providers)
                signed = status != NOT_PROVIDED or rng.random() < 0.7
                self.add(Document(
                    title=title + ("（补充调阅）" if index in keep[:i] else ""), unit_id=unit.record.id,
                    team_id=team.record.id, batch=f"{self.year}-{self.round_no}-{team.number}-DY{batch_no:02d}",
                    category=HEADINGS[heading], requester=rng.choice(requesters).name, requested_at=requested,
                    leader_signed=signed, signed_at=requested if signed else None, copies=rng.choice((1, 1, 1, 2, 3)),
                    medium=E_MEDIUM if electronic else PAPER_MEDIUM, copy_type=COPY if rng.random() < 0.7 else ORIGINAL,
                    due=_workday(_days(requested, 3)), provider=provider.name if provided else "",
                    provided_at=provided, return_status=status,
                    returned_by=rng.choice(requesters).name if returned else "", returned_at=returned,
                    notes="原件已当面清点归还。" if returned and rng.random() < 0.3 else ""))

    @staticmethod
    def share(total: int, parts: int, weights: Sequence[float] | None = None) -> list[int]:
        """``total`` split into ``parts`` whole numbers that add up to it."""
        weights = list(weights or [1.0] * parts)
        whole = sum(weights)
        out = [int(total * w / whole) for w in weights]
        for i in range(total - sum(out)):
            out[i % parts] += 1
        return out

    # --- interviews ---------------------------------------------------------------------------------

    def barred(self, team: _Team, unit: _Unit, person: Person | None) -> list[Member]:
        """The members who may not interview ``person`` of ``unit``: they declared a relation."""
        barred: list[Member] = []
        if self.recusal_pair and person is self.recusal_pair[1]:
            barred.append(self.recusal_pair[0])
        if self.recusal_unit and unit is self.recusal_unit[1]:
            barred.append(self.recusal_unit[0])
        return barred

    def interviewers(self, team: _Team, unit: _Unit, person: Person | None) -> tuple[list[str], list[str]]:
        """Two interviewers, the second of them also the recorder; never a member who declared a
        relation to this person or unit."""
        rng = self.rng
        barred = self.barred(team, unit, person)
        free = [m for m in team.members if m not in barred]
        talkers = [m for m in free if m.sub_group == TALK or m.role in (LEADER, DEPUTY)] or free
        first = rng.choice(talkers)
        second = rng.choice([m for m in free if m is not first and m.role != LEADER]
                            or [m for m in free if m is not first])
        return [first.id, second.id], [second.id]

    def interviews(self, team: _Team) -> list[tuple[Interview, _Unit]]:
        rng = self.rng
        out: list[tuple[Interview, _Unit]] = []
        quotas = self.share(self.scale.interviews, len(team.units), [len(u.people) for u in team.units])
        for unit, quota in zip(team.units, quotas, strict=True):
            talks: list[tuple[Person | None, str, str, str, str]] = []  # person, name, post, unit text, kind
            roster = sorted(unit.people, key=lambda p: not p.mandatory)
            for person in roster[:quota]:
                talks.append((person, person.name, person.post, unit.org, MUST_TALK if person.mandatory else MAY_TALK))
            while len(talks) < quota:
                if rng.random() < 0.3:
                    again = rng.choice(unit.band("principal", "deputy", "finance", "hr") or unit.people)
                    talks.append((again, again.name, again.post, unit.org, MUST_TALK if again.mandatory else MAY_TALK))
                else:
                    sub = rng.choice(unit.dept.subs)
                    where = f"{unit.org}{sub}" if unit.dept.kind not in ("town",) else f"{sub}村"
                    post = rng.choice(("负责人", "会计", "工作人员", "党支部书记")) if unit.dept.kind != "village" \
                        else rng.choice(("村民代表", "老党员", "村民小组组长"))
                    name, _ = self.name()
                    talks.append((None, name, post, where, MAY_TALK))
            for who, name, post, where, kind in talks:
                out.append((self.interview(team, unit, who, name, post, where, kind), unit))
        if self.recusal_pair:  # a draft that the recusal check should flag
            member, related, related_unit = self.recusal_pair
            record = self.interview(team, related_unit, related, related.name, related.post, related_unit.org,
                                    MUST_TALK if related.mandatory else MAY_TALK, draft=True)
            record.interviewers = [member.id, team.leader.id]
            record.recorders = [member.id]
            # The 组长 approved the assignment with a reason (docs/domain.md §3.3); fill() writes it as
            # arriving from the leader's device.
            approved = (record.time or dt.datetime(self.year, 4, 8)) - dt.timedelta(days=1)
            record.recusal_exceptions = [{
                "member": member.name, "by": team.leader.name, "at": f"{approved:%Y-%m-%d} 17:30",
                "reason": "该同志熟悉本单位业务，经组长批准参加谈话，谈话中不涉及其亲属所在科室的问题"}]
            out.append((record, related_unit))
        out.sort(key=lambda pair: (pair[0].time or dt.datetime.min, pair[0].interviewee))
        for record, _ in out:
            record.number = f"{self.year}-{self.round_no}-{team.number}-T{team.next('interview'):03d}"
        return out

    def interview(self, team: _Team, unit: _Unit, person: Person | None, name: str, post: str, where: str,
                  kind: str, *, draft: bool = False) -> Interview:
        rng = self.rng
        band = next((b for b, people in unit.bands.items() if person in people), "staff") if person else "other"
        fitting = [t for t in TOPICS if unit.fits(t.kinds) and (not t.bands or band in t.bands)]
        firsts = [t for t in fitting if t.bands]
        others = [t for t in fitting if not t.bands]
        chosen = firsts[:1] + rng.sample(others, rng.randrange(2, 5))
        chosen.sort(key=lambda t: t.heading)
        values = self.values(unit)
        day = unit.workday(rng)
        slot = rng.choice(((8, 30), (9, 30), (10, 30), (14, 30), (15, 30), (16, 30)))
        when = dt.datetime.combine(day, dt.time(*slot))
        since = rng.randrange(2012, 2023)
        if person is not None and person.birth_year:
            since = max(since, person.birth_year + 23)
        section = next((x for x in unit.dept.sections if x in post), rng.choice(unit.dept.sections))
        duty = person.notes if person and person.notes.startswith("分管") else f"负责{section}相关工作"
        intro = f"我叫{name}，现任{where}{post}，{min(since, 2023)}年到现在的岗位，{duty}。" if band != "retired" \
            else f"我叫{name}，{where}{post}，在职时{duty}。"
        paragraphs = ["问：请简要介绍一下你的基本情况和工作分工。", "答：" + intro]
        outline = []
        labels = []
        for topic in chosen:
            said = rng.sample(topic.answers, min(len(topic.answers), rng.randrange(1, 3)))
            answer = "".join(s.format(**values) for s in said)
            paragraphs += ["问：" + topic.question, "答：" + answer]
            outline.append({"category": HEADINGS[topic.heading], "question": topic.question, "answer": answer})
            labels.append(topic.label)
        final = not draft and rng.random() < 0.9
        paragraphs += ["问：还有没有其他需要向巡察组反映的情况？",
                       "答：" + rng.choice(CLOSINGS if final else DRAFT_CLOSINGS)]
        interviewers, recorders = self.interviewers(team, unit, person)
        confirmed = final or rng.random() < 0.3
        if not final and rng.random() < 0.4:
            interviewers = interviewers[:1]  # a draft still short of a second interviewer
        return self.add(Interview(
            unit_id=unit.record.id, team_id=team.record.id, person_id=person.id if person else None,
            interviewee=name, post=post, interviewee_unit=where, time=when,
            place=f"巡察组谈话室（{unit.org}{rng.choice('二三四五')}楼）" if unit.dept.kind != "village"
            else f"{unit.org}村委会会议室", kind=kind, interviewers=interviewers, recorders=recorders,
            outline=outline, summary=f"{name}（{post}）主要谈了" + "；".join(labels) + "等方面的情况。",
            content="\n".join(paragraphs), confirmed=confirmed,
            confirmed_at=when + dt.timedelta(minutes=rng.randrange(50, 120)) if confirmed else None,
            status=FINAL_TALK if final else DRAFT_TALK, secrecy=SECRET if rng.random() < 0.8 else INTERNAL))

    # --- petitions and leads -------------------------------------------------------------------------

    def subject(self, unit: _Unit) -> Person:
        rng = self.rng
        pool = unit.band("principal", "deputy", "deputy", "deputy", "finance", "middle", "hr")
        return rng.choice(pool or unit.people)

    def issue_for(self, unit: _Unit, *, on_paper: bool = False) -> Issue:
        return self.rng.choice([i for i in ISSUES if unit.fits(i.kinds) and (i.on_paper or not on_paper)])

    def petitions(self, team: _Team) -> list[tuple[Petition, _Unit, Issue | None, Person | None]]:
        rng = self.rng
        out: list[tuple[Petition, _Unit, Issue | None, Person | None]] = []
        handlers = team.in_group(PETITIONS)
        example_unit = next((u for u in team.units if u.dept.key == "housing"), None) if team.number == 1 else None
        for i in range(self.scale.petitions):
            unit = rng.choice(team.units)
            channel = CHANNELS[i] if i < len(CHANNELS) else rng.choices(CHANNELS, (30, 15, 15, 15, 10, 5, 10))[0]
            example = i == 0 and example_unit is not None
            if example and example_unit is not None:
                unit, channel = example_unit, "来信"
            received = dt.datetime.combine(unit.workday(rng, _days(unit.entry, -3)),
                                           dt.time(rng.randrange(8, 18), rng.choice((0, 10, 20, 30, 40, 50))))
            values = self.values(unit)
            anonymous = rng.random() < 0.6 and channel not in ("来访",)
            complainant = "" if anonymous else self.name()[0]
            issue: Issue | None = None
            subject: Person | None = None
            if example:
                issue = next(x for x in ISSUES if x.short == "在工程项目中违规干预招投标")
                subject = unit.band("deputy")[0]
            elif rng.random() < 0.72:
                issue, subject = self.issue_for(unit), self.subject(unit)
            if issue is not None and subject is not None:
                post = subject.post.split("、")[-1]
                summary = f"反映{unit.org}{post}{subject.name}{issue.short}"
                detail = issue.detail.format(name=subject.name, **{k: v for k, v in values.items() if k != "name"})
                status = rng.choices((P_TO_LEAD, P_PENDING, P_CLOSED), (70, 15, 15))[0]
                if example:
                    status = P_TO_LEAD
                notes = "" if status != P_CLOSED else "经初步了解，所反映问题已在其他渠道处理，予以了结。"
            else:
                summary_t, detail_t, status, dept = rng.choice(NOT_LEADS)
                summary, detail = summary_t.format(**values), detail_t.format(**values)
                notes = f"已转{unit.prefix}{dept}办理。" if dept else "纳入巡察反馈意见建议。"
            ending = rng.choice(("希望巡察组调查核实。", "请求依纪依法处理。", ""))
            content = CHANNEL_OPENINGS[channel] + detail + ending
            handled = _workday(_days(received.date(), rng.randrange(0, 4))) if status != P_PENDING else None
            record = self.add(Petition(
                unit_id=unit.record.id, team_id=team.record.id, channel=channel, received_at=received,
                complainant=complainant, complainant_phone="" if anonymous or channel == "来信" else self.phone(),
                complainant_unit="" if anonymous else rng.choice(COMPLAINANT_UNITS).format(**values),
                anonymous=anonymous, subject_name=subject.name if subject else "",
                subject_unit=unit.org if subject else "",
                subject_post=subject.post if subject else "",
                is_cadre=bool(subject and subject.cadre_level in (COUNTY_CADRE, CITY_CADRE)),
                summary=summary, content=content, handler=rng.choice(handlers).name, handled_at=handled,
                status=status, secrecy=INTERNAL if rng.random() < 0.5 else SECRET, notes=notes))
            if example:
                self.example_petition = record
            out.append((record, unit, issue, subject))
        out.sort(key=lambda item: (item[0].received_at or dt.datetime.min, item[0].summary))
        for record, *_ in out:
            record.number = f"{self.year}-{self.round_no}-{team.number}-X{team.next('petition'):03d}"
        return out

    def leads(self, team: _Team, interviews: list[tuple[Interview, _Unit]],
              petitions: list[tuple[Petition, _Unit, Issue | None, Person | None]]) -> list[tuple[Lead, _Unit]]:
        rng = self.rng
        out: list[tuple[Lead, _Unit, Record | None]] = []
        for petition, unit, issue, subject in petitions:
            if petition.status == P_TO_LEAD and issue and subject:
                example = petition is self.example_petition
                summary = LEAD_EXAMPLE if example else petition.channel + petition.summary
                lead = self.lead(team, unit, issue, subject, petition.channel,
                                 (petition.received_at or dt.datetime(2024, 4, 8)).date(), summary,
                                 petition.content, example=example)
                out.append((lead, unit, petition))
        talks_by_unit: dict[str, list[Interview]] = {}
        for interview, unit in interviews:
            if interview.status == FINAL_TALK:
                talks_by_unit.setdefault(unit.record.id, []).append(interview)
        sources = (("个别谈话", 45), ("调阅资料", 20), ("下沉了解", 15), ("巡前通报", 10), ("民主测评", 10))
        attempts = 0
        while len(out) < self.scale.leads and attempts < self.scale.leads * 20:
            attempts += 1
            unit = rng.choice(team.units)
            source = rng.choices([s for s, _ in sources], [w for _, w in sources])[0]
            issue, subject = self.issue_for(unit, on_paper=source == "调阅资料"), self.subject(unit)
            values = self.values(unit)
            post = subject.post.split("、")[-1]
            origin: Record | None = None
            when = unit.workday(rng)
            if source == "个别谈话":
                talks = [t for t in talks_by_unit.get(unit.record.id, []) if t.person_id != subject.id]
                if not talks:
                    continue
                origin = rng.choice(talks)
                when = origin.time.date() if origin.time else when
                summary = f"个别谈话中反映{unit.org}{post}{subject.name}{issue.short}"
            elif source == "调阅资料":
                summary = f"调阅资料发现{unit.org}{post}{subject.name}涉嫌{issue.short}"
            elif source == "下沉了解":
                summary = f"下沉{rng.choice(unit.dept.subs)}了解到{unit.org}{post}{subject.name}{issue.short}"
            elif source == "巡前通报":
                when = _days(unit.entry, -rng.randrange(3, 10))
                summary = f"{unit.prefix}纪委监委巡前通报：{unit.org}{post}{subject.name}曾被反映{issue.short}"
            else:
                summary = f"民主测评问卷反映{unit.org}{post}{subject.name}{issue.short}"
            detail = issue.detail.format(name=subject.name, **{k: v for k, v in values.items() if k != "name"})
            lead = self.lead(team, unit, issue, subject, source, when, summary, detail)
            out.append((lead, unit, origin))
        out.sort(key=lambda item: (item[0].received_at or dt.date.min, item[0].summary))
        for lead, _, origin in out:
            lead.number = f"{self.year}-{self.round_no}-{team.number}-{team.next('lead'):03d}"
            if origin is not None:
                self.link(origin, lead, LEADS_TO)
        return [(lead, unit) for lead, unit, _ in out]

    def lead(self, team: _Team, unit: _Unit, issue: Issue, subject: Person, source: str, received: dt.date,
             summary: str, detail: str, *, example: bool = False) -> Lead:
        rng = self.rng
        statuses = (L_NEW, L_CHECKING, L_TO_HAND, L_HANDED, L_ANSWERED, L_CLOSED)
        status = rng.choices(statuses, self.lead_weights)[0]
        route = issue.route
        if example:
            status, route = L_HANDED, TO_CDI
        elif status == L_CLOSED and rng.random() < 0.5:
            route = rng.choice((FIX_NOW, TO_FEEDBACK))
        elif route in (FIX_NOW, TO_FEEDBACK) and status in (L_TO_HAND, L_HANDED, L_ANSWERED):
            status = L_CLOSED
        lead = Lead(unit_id=unit.record.id, team_id=team.record.id, subject_name=subject.name,
                    subject_post=subject.post, subject_unit=unit.org, cadre_level=subject.cadre_level, source=source,
                    received_at=received, discipline=issue.discipline, summary=summary, detail=detail, status=status,
                    secrecy=CONFIDENTIAL if issue.route == TO_CDI and rng.random() < 0.3 else SECRET)
        if status in (L_NEW,):
            return self.add(lead)
        lead.disposal_route = route if status != L_CHECKING or rng.random() < 0.4 else ""
        if status == L_CHECKING:
            lead.notes = rng.choice(("巡察组正在调阅相关资料核实。", "已安排对相关人员补充谈话。", "待组务会研判。"))
            return self.add(lead)
        if route in (FIX_NOW, TO_FEEDBACK):
            lead.notes = "责令立行立改，已整改到位。" if route == FIX_NOW else "纳入巡察反馈问题清单督促整改。"
            if status == L_CLOSED:  # concluded by the team itself: 已了结 says when and how
                # Not drawn from rng: the rest of the generated vault stays as it was before these fields.
                lead.closed_at = min(_workday(_days(received, 10 + len(summary) % 30)), AS_OF)
                lead.result = RESULT_OTHER  # how: the notes say (立行立改 / 纳入反馈)
            return self.add(lead)
        lead.transfer_to = {TO_CDI: H_CDI, TO_ORG: H_ORG, TO_DEPT: H_DEPT}[route]
        if status == L_TO_HAND:
            return self.add(lead)
        if status == L_CLOSED:  # closed on the receiving side
            lead.receiver_category = CLOSE
        elif status == L_ANSWERED:
            lead.receiver_category = rng.choices((TALK_ENQUIRY, VERIFY, HOLD, CLOSE), (40, 35, 10, 15))[0]
        elif status == L_HANDED and (example or rng.random() < 0.5):
            lead.receiver_category = VERIFY if example else rng.choice((TALK_ENQUIRY, VERIFY))
        if example:
            lead.transfer_to = LEAD_EXAMPLE_TRANSFER_TO
            lead.receiver_category = LEAD_EXAMPLE_CATEGORY
        return self.add(lead)

    # --- working papers, problems, rectification -------------------------------------------------------

    def papers(self, team: _Team, leads: list[tuple[Lead, _Unit]]) -> list[tuple[Paper, _Unit, Finding]]:
        rng = self.rng
        out: list[tuple[Paper, _Unit, Finding, dt.date]] = []
        plans: list[tuple[_Unit, Finding, str]] = []
        if team.number == 1:
            for sample in SAMPLE_PROBLEMS:
                unit = next((u for k in sample.kinds for u in team.units if u.fits((k,))), team.units[0])
                plans.append((unit, sample, rng.choice((PAPER_SIGNED, PAPER_ARCHIVED))))
        quotas = self.share(self.scale.papers - len(plans), len(team.units), [len(u.people) for u in team.units])
        for unit, quota in zip(team.units, quotas, strict=True):
            fitting = [f for f in FINDINGS if unit.fits(f.kinds)]
            for finding in rng.sample(fitting, min(quota, len(fitting))):
                state = rng.choices((PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED, PAPER_ARCHIVED), (16, 17, 27, 40))[0]
                plans.append((unit, finding, state))
        leads_by_unit: dict[str, list[Lead]] = {}
        for lead, unit in leads:
            leads_by_unit.setdefault(unit.record.id, []).append(lead)
        finders = team.members
        for unit, finding, state in plans:
            values = self.values(unit)
            facts = finding.facts.format(**values)
            found = unit.workday(rng, _days(unit.entry, 5))
            written = _workday(_days(found, rng.randrange(1, 5)))
            basis = finding.basis.format(**values)
            principal = unit.principal
            deputy = rng.choice(unit.band("deputy") or [principal])
            watcher = (unit.band("discipline") or [principal])[0]
            responsibility = "\n".join((
                f"主体责任：{unit.record.name}履行全面从严治党主体责任不到位，对{finding.subject}问题失管失察。",
                f"第一责任人：{principal.name}（{principal.post}）作为第一责任人，负有主要领导责任。",
                f"直接责任：{deputy.name}（{deputy.post}）分管{finding.area}工作，负有直接领导责任。",
                f"监督责任：{watcher.name}（{watcher.post}）日常监督不到位。",
            ))
            lead_pool = leads_by_unit.get(unit.record.id, [])
            origin = rng.choice(lead_pool) if lead_pool and rng.random() < 0.5 else None
            source = origin.source if origin else rng.choice(("调阅资料", "个别谈话", "下沉了解", "民主测评"))
            evidence = [{"evidence_id": "", "description": d.format(**values), "source": "调阅资料"}
                        for d in finding.docs]
            evidence.append({"evidence_id": "", "description": f"{rng.choice(unit.people).name}个别谈话记录",
                             "source": "个别谈话"})
            if rng.random() < 0.4:
                evidence.append({"evidence_id": "", "description": "巡察组下沉了解情况记录", "source": "下沉了解"})
            paper = Paper(
                title=finding.title, unit_id=unit.record.id, team_id=team.record.id, source=source,
                heading=HEADINGS[finding.heading], tag=finding.tag, facts=facts,
                characterisation=f"{basis}反映出{unit.org}{REFLECTS[finding.heading]}。",
                responsibility=responsibility, evidence=evidence, finder=rng.choice(finders).name, found_at=found,
                writer=rng.choice(finders).name, written_at=written, state=state,
                secrecy=SECRET, notes="")
            if state == PAPER_REVIEW:
                paper.review_opinion = rng.choice(("", "建议补充相关会议记录作为佐证材料后再审。"))
            elif state != PAPER_DRAFT:
                paper.review_opinion = rng.choice(("事实清楚，定性准确，同意提交组长签字。",
                                                   "经组务会研究，同意该底稿，佐证材料齐全。"))
            if state in (PAPER_SIGNED, PAPER_ARCHIVED):
                paper.signed_by = team.leader.name
                paper.signed_at = _workday(_days(written, rng.randrange(2, 8)))
            if state == PAPER_ARCHIVED:
                paper.archived_at = _workday(_days(unit.feedback, rng.randrange(5, 30)))
            self.add(paper)
            self.in_charge[paper.id] = deputy.name
            if origin is not None:
                self.link(origin, paper, FORMS_PAPER)
            out.append((paper, unit, finding, found))
        out.sort(key=lambda item: (item[3], item[0].title))
        for paper, *_ in out:
            if paper.state != PAPER_DRAFT:
                number = team.next("paper")
                paper.number = f"[{self.year}]{self.round_no}巡-{team.number}组-{number:02d}号"
                for i, row in enumerate(paper.evidence, start=1):
                    row["evidence_id"] = f"ZJ{number:02d}-{i:02d}"
        return [(paper, unit, finding) for paper, unit, finding, _ in out]

    def problems(self, team: _Team, papers: list[tuple[Paper, _Unit, Finding]]
                 ) -> list[tuple[Problem, _Unit, Finding]]:
        out = []
        signed = [(p, u, f) for p, u, f in papers if p.state in (PAPER_SIGNED, PAPER_ARCHIVED)]
        signed.sort(key=lambda item: (team.units.index(item[1]), item[2].heading, item[0].number))
        seq: dict[str, int] = {}
        for paper, unit, finding in signed:
            seq[unit.record.id] = seq.get(unit.record.id, 0) + 1
            problem = self.add(Problem(
                title=paper.title, unit_id=unit.record.id, team_id=team.record.id, heading=paper.heading,
                seq=seq[unit.record.id], tag=paper.tag, description=paper.facts,
                characterisation=paper.characterisation, responsibility=paper.responsibility,
                leader_in_charge=self.in_charge[paper.id], notes=""))
            self.link(paper, problem, FORMS_PROBLEM)
            out.append((problem, unit, finding))
        return out

    def rectifications(self, team: _Team, problems: list[tuple[Problem, _Unit, Finding]]
                       ) -> list[tuple[Rectification, _Unit]]:
        rng = self.rng
        out = []
        for problem, unit, finding in problems:
            values = self.values(unit)
            leader = problem.leader_in_charge
            dept = AREA_DEPTS.get(finding.area, "办公室")
            items = [
                (f"立行立改：{finding.subject}问题专项清理" if rng.random() < 0.3 else f"开展{finding.subject}专项清理",
                 f"{finding.subject}问题全面查清、整改到位",
                 f"成立整改专班，对{values['y']}年以来{finding.subject}情况逐项清理核查，建立问题清单和整改台账。"
                 + finding.extra.format(**values)),
                (f"健全{finding.subject}长效机制", f"建立完善{finding.system}，堵塞制度漏洞",
                 f"修订完善《{unit.org}{finding.system}》，明确审批权限和工作流程，将执行情况纳入年度考核和日常监督重点。"),
            ]
            if rng.random() < 0.15:
                items.append((f"开展{finding.subject}警示教育", "以案促改、以改促治",
                              f"召开专题警示教育会，通报{finding.subject}方面的典型问题，组织干部职工签订承诺书。"))
            for title, goal, measures in items:
                immediate = title.startswith("立行立改")
                record = Rectification(
                    title=title, problem_id=problem.id, unit_id=unit.record.id, goal=goal, measures=measures,
                    responsible_leader=leader, responsible_dept=dept,
                    responsible_person=rng.choice(unit.band("office", "finance", "hr", "middle") or unit.people).name,
                    immediate=immediate, status=R_NOT_STARTED)
                self.schedule(record, unit, immediate)
                self.add(record)
                self.link(problem, record, RECTIFIES)
                out.append((record, unit))
        return out

    def schedule(self, item: Rectification, unit: _Unit, immediate: bool) -> None:
        """Deadline and status; overdue means "not done by AS_OF with the deadline before it"."""
        rng = self.rng
        fb = unit.feedback
        if immediate:
            item.deadline = _workday(_days(unit.exit, rng.randrange(0, 10)))
            item.status = rng.choice((R_DONE, R_CLOSED))
            item.completed_at = _workday(_days(item.deadline, -rng.randrange(0, 6)))
        else:
            plans = ("closed", "done", "doing", "overdue", "late-start", "ongoing")
            plan = rng.choices(plans, (25, 15, 22, 15, 8, 15))[0]
            if plan in ("closed", "done"):
                item.deadline = _days(fb, rng.choice((60, 90)))
                item.status = R_CLOSED if plan == "closed" else R_DONE
                item.completed_at = _workday(_days(fb, rng.randrange(20, 85)))
            elif plan == "doing":
                item.deadline = _days(AS_OF, rng.randrange(15, 120))
                item.status = R_DOING
            elif plan == "overdue":
                item.deadline = _days(fb, 90)
                item.status = R_DOING
                item.notes = "已超过完成时限，整改尚未完成。"
            elif plan == "late-start":
                item.deadline = _days(fb, rng.choice((60, 90, 120)))
                item.status = R_NOT_STARTED
                item.notes = "已超过完成时限，整改尚未启动。"
            else:
                item.deadline = dt.date(2025, 6, 30)
                item.status = R_ONGOING
                item.notes = "阶段性目标已完成，长期坚持。"
        if item.status in (R_DONE, R_CLOSED, R_ONGOING):
            item.evidence = rng.choice(("整改方案、整改台账及相关制度文件。", "清退资金缴款凭证、会议记录。",
                                        "修订后的制度文本及印发通知。", "专项清理工作报告。"))
        if item.status == R_CLOSED and item.completed_at:
            item.closed_at = min(_workday(_days(item.completed_at, rng.randrange(5, 40))), AS_OF)
            item.grade = rng.choices(GRADES, (45, 35, 15, 5))[0]
            if item.grade in GRADES[2:]:
                item.notes = "成效评估为“" + item.grade + "”，须再次整改。"

    # --- handovers ---------------------------------------------------------------------------------

    def handovers(self, team: _Team, leads: list[tuple[Lead, _Unit]]) -> None:
        rng = self.rng
        groups: dict[str, list[tuple[Lead, _Unit]]] = {}
        targets = {TO_CDI: H_CDI, TO_ORG: H_ORG, TO_DEPT: H_DEPT}
        for lead, unit in sorted(leads, key=lambda pair: (team.units.index(pair[1]), pair[0].number)):
            if lead.status in (L_HANDED, L_ANSWERED, L_CLOSED) and lead.transfer_to:
                groups.setdefault(lead.transfer_to, []).append((lead, unit))
        handed_over = sum(len(g) for g in groups.values())
        size = max(1, min(6, -(-handed_over // max(self.scale.handovers, 1))))
        batches: list[list[tuple[Lead, _Unit]]] = []
        for members in groups.values():
            batches += [members[i:i + size] for i in range(0, len(members), size)]
        for batch in batches:
            first, unit = batch[0]
            target = targets[first.disposal_route]
            handed = _workday(_days(unit.exit, rng.randrange(3, 20)))
            received = _workday(_days(handed, rng.randrange(0, 3)))
            receiver, _ = self.name()
            feedback_dept = {H_CDI: f"{unit.prefix}纪委监委第{rng.choice('一二三四')}纪检监察室",
                             H_ORG: f"{unit.prefix}委组织部干部监督{'科' if self.office else '股'}"}.get(
                target, first.transfer_to)
            answered = [lead for lead, _ in batch if lead.receiver_category and lead.status != L_HANDED]
            texts = []
            for lead, _ in batch:
                lead.transferred_at, lead.received_by_at = handed, received
                lead.transfer_handler, lead.receiver = team.leader.name, receiver
                if lead in answered:
                    lead.feedback_at = _workday(_days(received, rng.randrange(40, 150)))
                    options = FEEDBACK_TEXTS[lead.receiver_category]
                    short = next((i.short for i in ISSUES if i.short in lead.summary), "反映")
                    lead.feedback = rng.choice(options).format(name=lead.subject_name, short=short,
                                                               m=_wan(rng, 0.3, 8))
                    texts.append(f"{lead.number}：{lead.feedback}")
                    if lead.status == L_CLOSED:  # concluded on the receiving side, as its feedback says
                        lead.closed_at, lead.result = lead.feedback_at, RESULT_CLOSED
            title = f"{unit.org}{first.subject_post.split('、')[-1]}{first.subject_name}等{len(batch)}条问题线索" \
                if len(batch) > 1 else f"{unit.org}{first.subject_post.split('、')[-1]}{first.subject_name}问题线索"
            same_unit = all(u is unit for _, u in batch)
            handover = self.add(Handover(
                title=title, unit_id=unit.record.id if same_unit else None, team_id=team.record.id,
                from_unit=f"中共某{team.level}委巡察工作领导小组办公室", from_handler=team.leader.name,
                handed_at=handed,
                to_unit=target, to_handler=receiver, received_at=received, feedback_dept=feedback_dept if texts else "",
                feedback_at=max(lead.feedback_at for lead, _ in batch if lead.feedback_at) if texts else None,
                feedback="\n".join(texts), notes="按干部管理权限移交。"))
            for lead, _ in batch:
                self.link(handover, lead, HANDS_OVER)

    # --- attachments ---------------------------------------------------------------------------------

    def attachments(self, team: _Team, interviews: list[tuple[Interview, _Unit]],
                    petitions: list[tuple[Petition, _Unit, Issue | None, Person | None]],
                    papers: list[tuple[Paper, _Unit, Finding]], rects: list[tuple[Rectification, _Unit]]) -> None:
        rng = self.rng
        owners: list[tuple[str, Record]] = []
        finals = [i for i, _ in interviews if i.status == FINAL_TALK]
        letters = [p for p, *_ in petitions if p.channel in ("来信", "举报信箱")]
        numbered = [p for p, *_ in papers if p.number]
        done = [r for r, _ in rects if r.status in (R_DONE, R_CLOSED)]
        kinds: list[tuple[str, list[Record]]] = [("talk", list(finals)), ("letter", list(letters)),
                                                 ("paper", list(numbered)), ("rect", list(done))]
        count = self.scale.attachments
        turn = 0
        while len(owners) < count and any(pool for _, pool in kinds):
            what, pool = kinds[turn % len(kinds)]
            turn += 1
            if pool:
                owners.append((what, pool.pop(rng.randrange(len(pool)))))
        for what, owner in owners:
            label = owner.label()
            if what == "talk":
                assert isinstance(owner, Interview)
                data = _pdf("谈话记录签字页", [f"谈话对象：{owner.interviewee}", f"谈话编号：{owner.number}",
                                          "谈话对象已核对确认签字。", "（演示数据，内容虚构）"],
                            [f"Interview {owner.number}", "Xuncha workbench demo - invented sample data"])
                name, mime, when = f"谈话记录签字页-{owner.number}.pdf", "application/pdf", owner.confirmed_at
            elif what == "letter":
                assert isinstance(owner, Petition)
                data = _png(rng)
                name, mime, when = f"来信扫描件-{owner.number}.png", "image/png", owner.received_at
            elif what == "paper":
                assert isinstance(owner, Paper)
                if rng.random() < 0.5:
                    data, ext, mime = _png(rng), "png", "image/png"
                else:
                    data = _pdf("佐证材料", [owner.title, f"底稿编号：{owner.number}", "（演示数据，内容虚构）"],
                                ["Evidence for a working paper", "Xuncha workbench demo - invented sample data"])
                    ext, mime = "pdf", "application/pdf"
                first = owner.evidence[0]["evidence_id"] if owner.evidence else "ZJ"
                name, when = f"佐证材料-{first}.{ext}", dt.datetime.combine(owner.found_at or AS_OF, dt.time(16, 0))
            else:
                assert isinstance(owner, Rectification)
                data = _pdf("整改佐证材料", [owner.title, f"整改状态：{owner.status}", "（演示数据，内容虚构）"],
                            ["Rectification evidence", "Xuncha workbench demo - invented sample data"])
                name, mime = f"整改佐证-{label[:12]}.pdf", "application/pdf"
                when = dt.datetime.combine(owner.completed_at or AS_OF, dt.time(10, 0))
            sha = hashlib.sha256(data).hexdigest()
            self.blobs[sha] = data
            self.add(Attachment(filename=name, owner_id=owner.id, mime=mime, size=len(data), sha256=sha,
                                note="演示附件", added_at=when))


def _made_elsewhere(records: list[Record]) -> dict[str, list[tuple[Record, dict[str, Any]]]]:
    """What only a team's 组长 does, taken out of ``records`` (replaced in place by the record as it
    stood before) and returned per 组长: the signatures of signed and archived papers, and the
    recusal exception of the demo's one flagged interview. A 组长 signs with the passphrase of their
    own vault (docs/domain.md §3.2), so a demo vault, whoever its owner, receives these as merged
    writes from the leaders' devices, as a package brings them."""
    out: dict[str, list[tuple[Record, dict[str, Any]]]] = {}
    values: dict[str, Any]
    for i, record in enumerate(records):
        if isinstance(record, Paper) and record.state in (PAPER_SIGNED, PAPER_ARCHIVED):
            values = {"state": record.state, "signed_by": record.signed_by, "signed_at": record.signed_at,
                      "archived_at": record.archived_at}
            records[i] = dataclasses.replace(record, state=PAPER_REVIEW, signed_by="", signed_at=None,
                                             archived_at=None)
            out.setdefault(record.signed_by, []).append((records[i], {k: v for k, v in values.items() if v}))
        elif isinstance(record, Interview) and record.recusal_exceptions:
            leader = record.recusal_exceptions[0]["by"]
            values = {"interviewers": record.interviewers, "recorders": record.recorders,
                      "recusal_exceptions": record.recusal_exceptions}
            records[i] = dataclasses.replace(record, interviewers=record.interviewers[1:], recorders=[],
                                             recusal_exceptions=[])
            out.setdefault(leader, []).append((records[i], values))
    return out


def merge_from_device(vault: Vault, author: str, changes: Sequence[tuple[Record, dict[str, Any]]], *,
                      source: str) -> None:
    """Write ``changes`` (record -> field values) into ``vault`` as merged writes made on another device by
    ``author``, as a package from that device brings them: each write follows the field's current value
    (its bases are the heads here), so nothing conflicts. Merges are not checked against the rules of the
    work (docs/domain.md §3): what the 组长 signed on their own laptop arrives signed."""
    clock = HybridClock(new_device_id(), vault.clock.last)  # after every write this vault holds
    writes = []
    for record, values in changes:
        spec = kind_spec(record.KIND)
        for name, value in values.items():
            heads = tuple(v.stamp for v in vault.records.versions(record.id, name) if v.head)
            writes.append(FieldWrite(record.id, record.KIND, name, clock.now(), spec.field(name).to_storage(value),
                                     heads, author))
    vault.records.merge(writes, source=source)

