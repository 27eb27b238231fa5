"""The office's example workbooks (docs/office.md, "Example files"), drawn from the office demo's current
round (app/demo/office.py, seed :data:`SEED`) with planted traps a planner must avoid:

* 巡察组名册.xlsx: 83 teams, one row per member (the columns of ``intake --as teams``);
* 被巡察单位名单-837.xlsx: the 837 units (``intake --as units --round``), 巡察组 empty except the
  trap rows, which propose a team the rules exclude;
* 线索处置反馈.xlsx: receiving-side feedback on handed-over leads;
* 整改台账.xlsx: the rectification ledger of the earlier round's units.

:data:`TRAPS` names each trap with the unit, team and member it concerns; docs/office.md lists them.
Everything is invented (the demo's data).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from app.demo.generator import _Unit
from app.demo.office import ROUND4, ROUND5, OfficeGenerator
from app.domain.records import Lead, Member, Problem, Rectification, Round, Unit

TEAMS_FILE = "巡察组名册.xlsx"
UNITS_837_FILE = "被巡察单位名单-837.xlsx"
LEAD_FEEDBACK_FILE = "线索处置反馈.xlsx"
LEDGER_FILE = "整改台账.xlsx"
SEED = 5
#: The one unit no team may take: every team has a member who worked there within five years.
UNPLACEABLE = "某市审计局党组"
TEAM_COLUMNS = ["组名", "组号", "派出地区", "组建方式", "组长授权文号", "姓名", "组内职务", "分工小组",
                "工作单位及职务", "籍贯/原任职地", "曾任职单位(起止年)", "保密承诺书", "回避申请书", "回避申报"]
UNIT_COLUMNS = ["序号", "被巡察单位", "单位编码/统一社会信用代码", "巡察方式", "行业系统", "单位层级", "上级单位",
                "所属地区", "党组织类型", "主管部门", "巡察组"]


@dataclass(frozen=True)
class Trap:
    code: str  # the conflict code of docs/office.md
    unit: str
    team: str
    detail: str


@dataclass
class OfficeExamples:
    teams: list[list[Any]]
    units: list[list[Any]]
    feedback: list[list[Any]]
    ledger: list[list[Any]]
    traps: list[Trap]


def _past(rows: list[dict[str, Any]]) -> str:
    return "；".join(f"{r['unit']}（{r['region']}，{r['from_year']}-{r['to_year'] or '至今'}）" for r in rows)


def _declared(member: Member) -> str:
    return "；".join(f"{r['person']}（{r['unit']}，{r['post'] or '—'}，{r['relation']}）"
                    for r in member.recusals if r["person"])


def build(seed: int = SEED) -> OfficeExamples:
    gen = OfficeGenerator(random.Random(seed), seed)
    gen.build()
    teams = gen.teams
    traps: list[Trap] = []
    proposed: dict[str, str] = {}  # unit name -> the (wrong) team its row proposes
    past: dict[str, list[dict[str, Any]]] = {m.id: list(m.past_posts) for t in teams
                                             for m in t.members}

    def cross_units(county: str) -> list[_Unit]:
        return [u for t in teams for u in t.units if u.record.jurisdiction == county and gen.modes[u.org] == "交叉"]

    # member_home: a city team with a member from a county, proposed for a 交叉 unit of that county
    city = next(t for t in teams if not gen.specs[t.number].inspected
                and any(m.home_jurisdiction.endswith("县") for m in t.members[1:]))
    member = next(m for m in city.members[1:] if m.home_jurisdiction.endswith("县"))
    unit = cross_units(member.home_jurisdiction)[0]
    proposed[unit.record.name] = city.record.name
    traps.append(Trap("member_home", unit.record.name, city.record.name,
                      f"{member.name}籍贯/原任职地为{member.home_jurisdiction}，该单位为交叉巡察"))
    # declared_person / declared_unit: the team whose member declared a relative on the unit's roster
    team = teams[10]
    member = next(m for m in team.members if m.recusals and m.recusals[0]["person"])
    row = member.recusals[0]
    proposed[row["unit"]] = team.record.name
    traps.append(Trap("declared_person/declared_unit", row["unit"], team.record.name,
                      f"{member.name}申报{row['person']}（{row['relation']}）在该单位任职"))
    # past_post: a member who works at a unit since 2019 (still in post, so within five years of any round:
    # the drill's round has no year and is judged in the year it is run, docs/office.md)
    team = teams[20]
    member = team.members[3]
    mine = {u.record.jurisdiction for u in team.units}
    target = next(u for t in teams if t is not team for u in t.units
                  if u.dept.kind == "bureau" and u.record.jurisdiction not in mine)
    past[member.id].append({"unit": target.org, "region": target.record.jurisdiction, "from_year": "2019",
                            "to_year": ""})
    proposed[target.record.name] = team.record.name
    traps.append(Trap("past_post", target.record.name, team.record.name,
                      f"{member.name}2019年至今在{target.org}任职，未满5年"))
    # reciprocal: team X (home A) cross-inspects B; the row proposes B's team for a 交叉 unit of A
    county_teams = [t for t in teams if gen.specs[t.number].inspected]
    x = gen.specs[county_teams[1].number]
    y = next(t for t in county_teams if gen.specs[t.number].home == x.inspected)
    proposed[cross_units(x.inspected)[0].record.name] = county_teams[1].record.name  # A→B, as in the demo
    unit = cross_units(x.home)[0]
    proposed[unit.record.name] = y.record.name
    traps.append(Trap("reciprocal", unit.record.name, y.record.name,
                      f"{county_teams[1].record.name}（{x.home}）交叉巡察{x.inspected}，本行又由"
                      f"{y.record.name}（{x.inspected}）交叉巡察{x.home}：你查我、我查你"))
    # the one unplaceable unit: every team has a member still posted at the city audit bureau (since 2020), so
    # within five years whatever the round's year (the demo's own past posts there ended 2016–2022)
    for t in teams:
        auditor = next((m for m in t.members if "审计" in m.employer), t.members[-1])
        if not any(r["unit"] == "某市审计局" and not r["to_year"] for r in past[auditor.id]):
            past[auditor.id].append({"unit": "某市审计局", "region": "某市", "from_year": "2020", "to_year": ""})
    traps.append(Trap("past_post", UNPLACEABLE, "（全部83个巡察组）",
                      "每个组都有2020年至今在某市审计局任职的成员：无组可派，应列为无法安排"))

    team_rows: list[list[Any]] = []
    for t in teams:
        spec = gen.specs[t.number]
        record = t.record
        for m in t.members:
            team_rows.append([record.name, record.number, spec.home, spec.composition,
                              record.leader_authorisation, m.name, m.role, m.sub_group, m.employer,
                              m.home_jurisdiction, _past(past[m.id]), "已签" if m.pledge_signed else "未签",
                              "已签" if m.recusal_signed else "未签", _declared(m)])

    by_id = {u.record.id: u for t in teams for u in t.units}
    unit_rows: list[list[Any]] = []
    all_units = [u for t in teams for u in t.units]
    replaced = next(u for u in reversed(all_units) if gen.modes[u.org] == "本级" and u.dept.kind == "bureau")
    for number, u in enumerate(all_units, start=1):
        r = u.record
        if u is replaced:
            unit_rows.append([number, UNPLACEABLE, "11339900AUDIT0001X", "本级", "审计", "市直", "", "某市", "党组",
                              "某市人民政府", ""])
            continue
        parent = by_id.get(r.parent_unit_id or "")
        unit_rows.append([number, r.name, r.org_key, gen.modes[u.org], r.sector,
                          r.unit_level, parent.record.name if parent else "", r.jurisdiction,
                          r.unit_type, r.supervisor, proposed.get(r.name, "")])

    return OfficeExamples(team_rows, unit_rows, _feedback(gen), _ledger(gen), traps)


def _feedback(gen: OfficeGenerator) -> list[list[Any]]:
    """Feedback rows for handed-over leads of the first ten teams, with four trap rows at the end."""
    leads = [r for r in gen.records if isinstance(r, Lead) and r.transferred_at and r.team_id in
             {t.record.id for t in gen.teams[:10]}]
    rows: list[list[Any]] = []
    for lead in leads[:60]:
        if lead.feedback_at is None:  # a late lead of the demo: its feedback arrives with this file
            rows.append([lead.number, lead.subject_name, f"{lead.subject_unit}{lead.subject_post.split('、')[-1]}",
                         lead.transferred_at, lead.transfer_to, "初步核实", dt.date(2024, 11, 25), None, "",
                         f"经初步核实，反映{lead.subject_name}的问题部分属实，已责令其作出书面检查。"])
            continue
        rows.append([lead.number, lead.subject_name, f"{lead.subject_unit}{lead.subject_post.split('、')[-1]}",
                     lead.transferred_at, lead.transfer_to, lead.receiver_category or "", lead.feedback_at,
                     lead.closed_at, "予以了结" if lead.closed_at else "", lead.feedback or ""])
    first = leads[0]
    rows.append(["2024-5-99-001", "某某", "某单位", dt.date(2024, 6, 20), "纪委监委", "初步核实",
                 dt.date(2024, 9, 1), None, "", "线索编号在本库中不存在"])
    rows.append([leads[1].number, leads[1].subject_name, "", leads[1].transferred_at, leads[1].transfer_to,
                 "谈话函询", dt.date(2024, 5, 1), None, "", "反馈时间早于移交时间"])
    rows.append([leads[2].number, leads[2].subject_name, "", leads[2].transferred_at, leads[2].transfer_to,
                 "初步核实", dt.date(2024, 10, 8), dt.date(2024, 11, 30), "诫勉", "处置结果不在词表中"])
    rows.append([first.number, first.subject_name, "", first.transferred_at, first.transfer_to, "初步核实",
                 dt.date(2024, 9, 20), None, "", "同一线索第二次反馈：与第一行不同"])
    return rows


def _ledger(gen: OfficeGenerator) -> list[list[Any]]:
    """The earlier round's rectification ledger for its first 40 units, with three trap rows."""
    rounds = {r.title: r.id for r in gen.records if isinstance(r, Round)}
    units = {r.id: r for r in gen.records if isinstance(r, Unit) and r.round_id == rounds[ROUND4]}
    problems = {r.id: r for r in gen.records if isinstance(r, Problem) and r.unit_id in units}
    wanted = set(list(units)[:40])
    rows: list[list[Any]] = []
    for item in gen.records:
        if isinstance(item, Rectification) and item.unit_id in wanted and item.problem_id in problems:
            problem = problems[item.problem_id]
            rows.append([units[item.unit_id].name, problem.seq, problem.description, item.measures,
                         item.responsible_leader, item.responsible_dept, item.deadline, item.status,
                         item.completed_at, item.closed_at, item.evidence, item.revisit_result])
    some = next(iter(units.values()))
    rows.append([some.name, 9, "（陷阱）已销号但无销号时间和佐证材料", "—", "", "办公室", dt.date(2024, 3, 14),
                 "已销号", None, None, "", ""])
    rows.append(["某县不存在单位党组", 1, "（陷阱）单位不在本轮名单", "—", "", "办公室", dt.date(2024, 3, 14),
                 "整改中", None, None, "", ""])
    rows.append([some.name, 10, "（陷阱）回头看结果不在词表", "—", "", "办公室", dt.date(2024, 3, 14), "已完成",
                 dt.date(2024, 3, 1), None, "", "基本完成"])
    return rows


def _sheet(ws: Worksheet, title: str, header: list[str], rows: list[list[Any]]) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for index in range(len(header)):
        letter = chr(ord("A") + index)
        ws.column_dimensions[letter].width = 12 if index not in (1, 2, 10, 13) else 30


def workbooks(seed: int = SEED) -> dict[str, Workbook]:
    ex = build(seed)
    out: dict[str, Workbook] = {}
    specs = (
        (TEAMS_FILE, "名册", f"{ROUND5}巡察组及成员名册", TEAM_COLUMNS, ex.teams),
        (UNITS_837_FILE, "名单", f"{ROUND5}被巡察单位名单", UNIT_COLUMNS, ex.units),
        (LEAD_FEEDBACK_FILE, "反馈", "移交问题线索处置情况反馈表",
         ["线索编号", "被反映人", "单位及职务", "移交时间", "承办单位", "处置方式", "反馈时间", "办结时间", "处置结果",
          "反馈内容"], ex.feedback),
        (LEDGER_FILE, "台账", f"{ROUND4}整改台账",
         ["被巡察单位", "问题序号", "问题描述", "整改措施", "责任领导", "责任部门", "完成时限", "整改状态", "完成时间",
          "销号时间", "佐证材料", "回头看结果"], ex.ledger),
    )
    for name, sheet, title, header, rows in specs:
        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        _sheet(ws, title, header, rows)
        out[name] = wb
    return out

