"""Sample work for a team vault made from a deployment (``demo VAULT --scale team --deployment PKG``).

The deployment brings the round, the team, its members, its units and their rosters; this fills only those
units with a team's work (interviews, petitions, leads, documents, papers, problems, rectification,
handovers, attachments) at the office scale's per-team volumes, as app/demo/generator.py makes it. A unit
without a roster gets one. Deterministic for a seed and a package.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from app.demo.content import (
    BATCH,
    LEADER,
    OFFICE_DEPTS,
    STREET,
    TEAM_DEPTS,
    Dept,
    _days,
)
from app.demo.generator import _Generator, _made_elsewhere, _Team, _Unit, merge_from_device
from app.domain.records import Member, Person, Problem, Record, Rectification, Team, Unit, kind_spec
from app.storage.vault import Vault

WORK_KINDS = ("interview", "petition", "lead", "document", "paper", "problem", "rectification", "handover")


def dept_of(unit: Unit) -> tuple[Dept, str]:
    """The demo's kind of organisation for a unit, by its name, and the organisation's name."""
    name = unit.name
    for party in ("党工委", "党支部", "党委", "党组"):
        if name.endswith(party):
            org = name.removesuffix(party)
            break
    else:
        org = name
    if org.endswith("村"):
        return next(d for d in TEAM_DEPTS if d.key == "village"), org
    if org.endswith("街道"):
        return STREET, org
    if org.endswith("镇"):
        return next(d for d in TEAM_DEPTS if d.key == "town"), org
    for dept in (*OFFICE_DEPTS, *TEAM_DEPTS):
        if org.endswith(dept.org):
            return dept, org
    return OFFICE_DEPTS[5], org  # a bureau


def bands(people: list[Person]) -> dict[str, list[Person]]:
    """The generator's bands (principal, deputy, discipline, hr, finance, office, middle, staff, retired),
    guessed from each person's post."""
    out: dict[str, list[Person]] = {}
    for person in people:
        post = person.post
        if "退休" in post or "卸任" in post:
            band = "retired"
        elif person.leadership and "书记" in post and "副书记" not in post and "纪" not in post \
                and "principal" not in out:
            band = "principal"
        elif "纪" in post or "监督委员会" in post:
            band = "discipline"
        elif "人事" in post or "组织委员" in post or "人力资源" in post:
            band = "hr"
        elif "财务" in post or "会计" in post or "财政所" in post or "报账" in post:
            band = "finance"
        elif "办公室主任" in post or "第一书记" in post:
            band = "office"
        elif person.leadership:
            band = "deputy"
        elif post.endswith(("长", "主任")):
            band = "middle"
        else:
            band = "staff"
        out.setdefault(band, []).append(person)
    if "principal" not in out and people:
        out["principal"] = [people[0]]
    return out


class _DeployedGenerator(_Generator):
    """The team scale's generator on deployed units: in a 交叉 unit, a member from its county (a 联动式
    team's 组长 and 联络员) does not interview, as in the office demo (app/demo/office.py ``barred``)."""

    def barred(self, team: _Team, unit: _Unit, person: Person | None) -> list[Member]:
        barred = super().barred(team, unit, person)
        if unit.record.mode == "交叉":
            barred += [m for m in team.members
                       if m.home_jurisdiction and m.home_jurisdiction == unit.record.jurisdiction and m not in barred]
        return barred


def _has_work(vault: Vault, own_units: set[str]) -> bool:
    """Whether the team's units hold work already. Earlier rounds' problems and rectification items
    on the same organisations (the deployment's 回头看 material, docs/package-format.md) are not
    this team's work."""
    records = vault.records
    if any(records.count(kind) for kind in WORK_KINDS if kind not in ("problem", "rectification")):
        return True
    own_problems = {p.id for p in records.iter(Problem) if p.unit_id in own_units}
    return bool(own_problems) or any(r.unit_id in own_units or r.problem_id in own_problems
                                     for r in records.iter(Rectification))


def fill_deployed(vault: Vault, *, seed: int = 1, progress: Callable[[int, int], None] | None = None
                  ) -> dict[str, int]:
    """Fill the one team of a vault made from a deployment; returns counts per kind plural.
    Raises ValueError unless the vault holds exactly one team and no work yet."""
    records = vault.records
    teams = records.list(Team)
    if len(teams) != 1:
        raise ValueError("保密库中应恰有一个巡察组（由部署包导入）")
    team = teams[0]
    rnd = records.get(team.round_id) if team.round_id else None
    members = [m for m in records.list(Member) if m.team_id == team.id]
    units = sorted((u for u in records.list(Unit) if u.team_id == team.id), key=lambda u: u.name)
    if not members or not units:
        raise ValueError("部署包中没有该组的成员或被巡察单位")
    if _has_work(vault, {u.id for u in units}):
        raise ValueError("该巡察组已有工作记录")
    roster: dict[str, list[Person]] = {}
    for person in records.list(Person):
        roster.setdefault(person.unit_id or "", []).append(person)

    gen = _DeployedGenerator(random.Random(f"{seed}|{team.name}"), "office")
    gen.year = getattr(rnd, "year", None) or 2024
    gen.round_no = getattr(rnd, "number", None) or 1
    gen.used_names |= {m.name for m in members} | {p.name for people in roster.values() for p in people}
    start = getattr(rnd, "start_date", None) or dt.date(gen.year, 4, 8)
    ctx_units = []
    for unit in units:
        dept, org = dept_of(unit)
        entry = unit.entry_date or start
        exit_ = unit.exit_date or _days(entry, 35)
        feedback = getattr(unit, "feedback_date", None) or getattr(rnd, "feedback_date", None) or _days(exit_, 45)
        ctx = _Unit(unit, dept, org, unit.jurisdiction or "县", entry=entry, exit=exit_, feedback=feedback)
        people = sorted(roster.get(unit.id, []), key=lambda p: (not p.leadership, p.name))
        if people:
            ctx.people, ctx.bands = people, bands(people)
        else:
            gen.roster(ctx)
        ctx_units.append(ctx)
    leader = next((m for m in members if m.role == LEADER), members[0])
    level = "市" if "市" in (team.office or "") else "县"
    ctx_team = _Team(team, team.number or 1, members, ctx_units, leader, level)

    gen.documents(ctx_team)
    interviews = gen.interviews(ctx_team)
    petitions = gen.petitions(ctx_team)
    leads = gen.leads(ctx_team, interviews, petitions)
    papers = gen.papers(ctx_team, leads)
    problems = gen.problems(ctx_team, papers)
    rects = gen.rectifications(ctx_team, problems)
    gen.handovers(ctx_team, leads)
    gen.attachments(ctx_team, interviews, petitions, papers, rects)

    elsewhere = _made_elsewhere(gen.records)
    new: list[Record] = [*gen.records, *gen.links]
    with vault.transaction():
        for data in gen.blobs.values():
            vault.blobs.put_bytes(data)
    if progress is not None:
        progress(0, len(new))
    for at in range(0, len(new), BATCH):
        records.save_many(new[at:at + BATCH])
        if progress is not None:
            progress(min(at + BATCH, len(new)), len(new))
    for author, changes in elsewhere.items():
        merge_from_device(vault, author, changes, source="演示：组长设备")
    counts: dict[str, int] = {}
    for record in new:
        plural = kind_spec(record.KIND).plural
        counts[plural] = counts.get(plural, 0) + 1
    return counts
