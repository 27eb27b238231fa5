"""巡察组及成员名册 → ``team`` and ``member`` records of one round (docs/intake.md, "Teams").

One row per member. The team's own columns (组名, 组号, 派出地区, 组建方式, 组长授权文号 …) repeat on
every row of the team, or are filled on one row only; a later row that gives a *different* value
for the same team is refused rather than allowed to overwrite the first. Teams are matched by name
within the round (names repeat every round), members by name within their team.

Two columns carry lists written in one cell:

* 曾任职单位(起止年): "A县财政局（A县，2015-2019）；B县农业农村局（B县，2019-至今）" → ``past_posts``
  rows (单位, 地区, 起年, 止年; 止年 empty for 至今);
* 回避申报: "王某（A县财政局，科员，夫妻关系）；…" → ``recusals`` rows (姓名, 单位, 职务, 关系[, 回避类型]).

An entry that cannot be read refuses its row, quoting it, with the form expected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from app.domain.clock import uuid7
from app.domain.records import Member, Record, Team, kind_spec
from app.exchange.xlsx.intake import (
    LONGTEXT_MAX,
    CellProblem,
    RowResult,
    SheetRead,
    _apply,
    _duplicate,
    _finish,
    _in_round,
    _of_round,
    _Row,
    _Vault,
    cell_bool,
    cell_choice,
    cell_int,
    cell_text,
    match_choice,
    name_key,
)
from app.exchange.xlsx.intake_sheet import Cell, squeeze

#: The team's columns: spec key -> Team field.
TEAM_FIELDS = {
    "team_number": "number",
    "team_home": "home_jurisdiction",
    "composition": "composition",
    "leader_authorisation": "leader_authorisation",
    "team_level": "level",
    "capacity": "capacity",
}
_OPEN, _CLOSE = "（(［[【", "）)］]】"
_ENTRY_SPLIT = "；;，,、\n"
_MONTH = r"(?:[.年/-](?:0?[1-9]|1[0-2])月?)?"
_YEARS = re.compile(rf"^(\d{{4}}){_MONTH}年?\s*(?:([-—–~～至到]+)\s*(?:(\d{{4}}){_MONTH}年?|(至今|今|现在|现今))?)?$")
_CHINESE_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}
SIGNED_WORDS = {"已签": True, "已签订": True, "已签署": True, "已提交": True, "已签字": True, "签订": True,
                "未签": False, "未签订": False, "未签署": False, "未提交": False, "待签": False}
NONE_WORDS = frozenset({"无", "没有", "无需回避", "不需回避", "无回避事项", "无需申报", "-", "—", "/", "／"})


def split_entries(text: str) -> list[str]:
    """``text`` split at ；, ; ， 、 and line breaks outside brackets; blank entries dropped."""
    out: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in _ENTRY_SPLIT:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return [e.strip() for e in out if e.strip()]


def _bracketed(entry: str) -> tuple[str, list[str]] | None:
    """("A县财政局", ["A县", "2015-2019"]) from "A县财政局（A县，2015-2019）"; None without brackets."""
    entry = entry.strip()
    if not entry or entry[-1] not in _CLOSE:
        return None
    opened = max(entry.rfind(c) for c in _OPEN)
    if opened <= 0:
        return None
    head, inside = entry[:opened].strip(), entry[opened + 1:-1]
    # Parts are split at commas; 、 splits only when there is no comma, since a post joins titles with it
    # ("柳湾村党支部书记、村委会主任").
    parts = [p.strip() for p in re.split(r"[，,;；]", inside) if p.strip()]
    if len(parts) == 1 and "、" in parts[0]:
        parts = [p.strip() for p in parts[0].split("、") if p.strip()]
    return head, parts


def _years(text: str, this_year: int) -> tuple[str, str] | None:
    """("2015", "2019") from "2015-2019", "2015.3—2019.6", "2015年至2019年"; ("2019", "") for "2019-至今"
    or "2019-" (still in post); ("2015", "2015") for one year."""
    match = _YEARS.match(squeeze(text))
    if not match:
        return None
    start = int(match.group(1))
    end = int(match.group(3)) if match.group(3) else None
    if not 1949 <= start <= this_year or (end is not None and not start <= end <= this_year):
        return None
    if match.group(2) is None:
        return str(start), str(start)  # one year
    return str(start), str(end) if end is not None else ""


PAST_POST_FORM = ("应写作“单位（地区，起年-止年）”，多项用“；”分隔，"
                  "如“A县财政局（A县，2015-2019）；B县农业农村局（B县，2019-至今）”")


def parse_past_posts(text: str, *, today: dt.date | None = None) -> list[dict[str, str]]:
    """曾任职单位(起止年) → past_posts rows; CellProblem naming the first entry that cannot be read."""
    this_year = (today or dt.date.today()).year
    rows = []
    for entry in split_entries(text):
        parsed = _bracketed(entry)
        if parsed is None:
            raise CellProblem(f"“{entry[:40]}”无法识别：{PAST_POST_FORM}")
        unit, parts = parsed
        years = [y for y in (_years(p, this_year) for p in parts) if y is not None]
        others = [p for p in parts if _years(p, this_year) is None]
        if not unit or len(years) != 1 or len(others) > 1:
            reason = "起止年份无法识别或不合理" if len(years) != 1 else "括号中只应有地区和起止年"
            raise CellProblem(f"“{entry[:40]}”{reason}：{PAST_POST_FORM}")
        rows.append({"unit": unit, "region": others[0] if others else "", "from_year": years[0][0],
                     "to_year": years[0][1]})
    return rows


RECUSAL_FORM = "应写作“姓名（单位，职务，关系）”，多项用“；”分隔，如“王某（A县财政局，科员，夫妻关系）”"


def parse_recusals(text: str, relations: list[str], kinds: list[str]) -> list[dict[str, str]]:
    """回避申报 → recusals rows (person, unit, post, relation, kind). The relation (and a fourth
    part, the kind) is written as the vocabulary has it when exactly one entry fits."""
    if squeeze(text) in NONE_WORDS:
        return []
    rows = []
    for entry in split_entries(text):
        parsed = _bracketed(entry)
        if parsed is None or not parsed[0] or not 1 <= len(parsed[1]) <= 4:
            raise CellProblem(f"“{entry[:40]}”无法识别：{RECUSAL_FORM}")
        person, parts = parsed
        row = {"person": person, "unit": parts[0], "post": "", "relation": "", "kind": ""}
        rest = parts[1:]
        if rest:
            kind, _ = match_choice(rest[-1], kinds) if len(rest) > 1 else (None, [])
            if kind is not None:
                row["kind"] = kind
                rest = rest[:-1]
        if len(rest) == 1:
            row["relation"] = rest[0]
        elif len(rest) == 2:
            row["post"], row["relation"] = rest
        if squeeze(row["post"]) in NONE_WORDS:  # "王某（A县财政局，—，夫妻关系）": no post
            row["post"] = ""
        elif len(rest) > 2:
            raise CellProblem(f"“{entry[:40]}”无法识别：{RECUSAL_FORM}")
        if row["relation"]:
            relation, _ = match_choice(row["relation"], relations)
            row["relation"] = relation or row["relation"]
        rows.append(row)
    return rows


def cell_signed(cell: Cell) -> bool | None:
    """保密承诺书 / 回避申请书: 是/否 and the like, and 已签/已签订/未签 …"""
    text = squeeze(cell_text(cell)) if not cell.blank and isinstance(cell.value, str) else ""
    if text in SIGNED_WORDS:
        return SIGNED_WORDS[text]
    return cell_bool(cell)


def cell_team_number(cell: Cell) -> int | None:
    """组号: 3, "3", "第3组", "第三组", "三"."""
    text = squeeze(cell_text(cell)) if isinstance(cell.value, str) else ""
    bare = re.sub(r"^第|[组号]$", "", text)
    if bare and all(c in _CHINESE_DIGITS or c == "十" for c in bare):
        return _chinese_number(bare)
    if bare.isdigit():
        return int(bare)
    return cell_int(cell, low=1, high=999, what="组号")


def _chinese_number(text: str) -> int:
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


def _team_values(ctx: _Vault, row: _Row) -> dict[str, Any]:
    vocab = ctx.vocab
    values: dict[str, Any] = {
        "number": row.get("team_number", cell_team_number),
        "home_jurisdiction": row.get("team_home", cell_text),
        "composition": row.get("composition",
                               lambda c: cell_choice(c, "team_composition", vocab.get("team_composition", []))),
        "leader_authorisation": row.get("leader_authorisation", cell_text),
        "level": row.get("team_level", lambda c: cell_choice(c, "team_level", vocab.get("team_level", []))),
        "capacity": row.get("capacity", lambda c: cell_int(c, low=0, high=10_000, what="承担单位上限")),
    }
    return {k: v for k, v in values.items() if v is not None}


def _member_values(ctx: _Vault, row: _Row) -> dict[str, Any]:
    vocab = ctx.vocab
    values: dict[str, Any] = {
        "role": row.get("role", lambda c: cell_choice(c, "member_role", vocab.get("member_role", []))),
        "sub_group": row.get("sub_group", lambda c: cell_choice(c, "sub_group", vocab.get("sub_group", []))),
        "employer": row.get("employer", cell_text),
        "home_jurisdiction": row.get("home", cell_text),
        "phone": row.get("phone", cell_text),
        "staff_key": row.get("staff_key", cell_text),
        "pledge_signed": row.get("pledge", cell_signed),
        "recusal_signed": row.get("recusal_form", cell_signed),
        "past_posts": row.get("past_posts", lambda c: parse_past_posts(cell_text(c, multiline=True,
                                                                                  limit=LONGTEXT_MAX)) or None),
        "notes": row.get("notes", lambda c: cell_text(c, multiline=True, limit=LONGTEXT_MAX)),
    }
    if row.has("recusals"):
        text = row.get("recusals", lambda c: cell_text(c, multiline=True, limit=LONGTEXT_MAX), "")
        try:
            values["recusals"] = parse_recusals(text, vocab.get("relation_kin", []), vocab.get("recusal_kind", []))
        except CellProblem as exc:
            row.problems.append(row.issue("recusals", str(exc)))
    return {k: v for k, v in values.items() if v is not None}


def _level_from_name(ctx: _Vault, name: str) -> str | None:
    """A new team's 组别 from its name (第一巡视组 → 巡视组) when the vocabulary has it."""
    for level in ctx.vocab.get("team_level", []):
        if name.endswith(level):
            return level
    return None


@dataclasses.dataclass
class _PlannedTeam:
    record: Record
    existing: bool
    first_row: int
    given: dict[str, tuple[Any, int]]  # field -> (value, row it came from)


def plan_teams(ctx: _Vault, read: SheetRead, fixed: str | None) -> list[RowResult]:
    """Each row: its member (new, update, unchanged) and, on the team's rows, the team."""
    teams_index = ctx.by_round("team")
    members = _index_members(ctx)
    planned_teams: dict[str, _PlannedTeam] = {}
    seen: dict[str, int] = {}
    labels = {f.name: f.label for f in kind_spec("team").fields}
    results = []
    for number, cells in ctx.rows(read):
        row = _Row(read, number, cells)
        team_name = row.get("team_name", cell_text, "")
        name = row.get("name", cell_text, "")
        if not team_name:
            row.problems.append(row.issue("team_name", "组名不能为空"))
        if not name:
            row.problems.append(row.issue("name", "姓名不能为空"))
        if not team_name or not name:
            results.append(_finish(row, name, []))
            continue
        team_key = name_key(team_name)
        team_given = _team_values(ctx, row)
        planned = planned_teams.get(team_key)
        if planned is None:
            found = _in_round(teams_index, fixed, team_key)
            if len(found) > 1:
                row.problems.append(row.issue("team_name", f"保密库中已有 {len(found)} 个同名巡察组"
                                                           f"{_of_round(ctx, fixed)}，无法确定更新哪一个"))
                results.append(_finish(row, name, []))
                continue
            existing_team = found[0] if found else None
            base = existing_team or Team(id=uuid7(), name=team_name)
            planned = _PlannedTeam(base, existing_team is not None, number, {})
        for field_name, value in team_given.items():  # a later row may not contradict an earlier one
            earlier = planned.given.get(field_name)
            if earlier is not None and earlier[0] != value:
                reason = f"与第 {earlier[1]} 行所填本组的{labels[field_name]}“{earlier[0]}”不一致"
                row.problems.append(row.issue(_TEAM_KEYS[field_name], reason))
        _duplicate(seen, f"{team_key}\t{name_key(name)}", row, "同一巡察组的同名成员")
        member_given = _member_values(ctx, row)
        existing_member = None
        if planned.existing:
            found_members = members.get((planned.record.id, name_key(name)), [])
            if len(found_members) > 1:
                reason = f"该巡察组已有 {len(found_members)} 个同名成员，无法确定更新哪一个"
                row.problems.append(row.issue("name", reason))
            existing_member = found_members[0] if len(found_members) == 1 else None
        if existing_member is None and not member_given.get("role"):
            row.problems.append(row.issue("role", "新成员须填写组内职务"))
        if row.problems:
            results.append(_finish(row, name, []))
            continue
        # The row is accepted: its team values join the team's, and the team as planned so far is saved with it.
        team_values = {k: v for k, v in team_given.items() if k not in planned.given}
        if fixed is not None:
            team_values["round_id"] = fixed
        is_new_team = not planned.existing and team_key not in planned_teams
        if is_new_team and "level" not in team_given:
            level = _level_from_name(ctx, team_name)
            if level:
                team_values["level"] = level
        team, team_changed = _apply(planned.record, planned.record, team_values)
        planned.record = team
        planned.given.update({k: (v, number) for k, v in team_given.items() if k not in planned.given})
        planned_teams[team_key] = planned
        member, member_changed = _apply(existing_member, Member(id=uuid7(), name=name, team_id=team.id),
                                        member_given)
        records: list[tuple[Record, list[str], bool]] = [(member, member_changed, existing_member is None)]
        records.append((team, [] if is_new_team else [f"巡察组{label}" for label in team_changed], is_new_team))
        results.append(_finish(row, name, records, new_label="新增巡察组"))
    return results


def _index_members(ctx: _Vault) -> dict[tuple[str, str], list[Record]]:
    out: dict[tuple[str, str], list[Record]] = {}
    for member in ctx.vault.records.iter(Member):
        out.setdefault((member.team_id or "", name_key(member.name)), []).append(member)
    return out


#: Team field -> the spec key of its column (for a refusal's column).
_TEAM_KEYS = {v: k for k, v in TEAM_FIELDS.items()}


