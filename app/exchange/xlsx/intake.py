"""Import from Excel what offices hand out as spreadsheets (docs/intake.md).

Three kinds of sheet, each with the columns real ones use (synonyms in :data:`SPECS`):

* ``units`` — the list of inspected units → ``unit`` records; a 主要负责人 column also gives
  each unit's principal leader as a ``person`` (领导班子成员, 必谈对象);
* ``roster`` — a unit's staff roster → ``person`` records of that unit (the recusal check and
  the interview plan use them);
* ``checklist`` — a document checklist template (调阅清单模板) → ``template`` records of kind
  调阅资料清单, one per line. ``Template`` has no fields for 份数, 载体 and 原件/复印件, so they
  are kept as labelled lines under the material's name in ``body``
  (:func:`checklist_body` / :func:`parse_checklist_body`), in the words of the ``document``
  record's labels, ready to become 调阅资料 records.

The work is in two steps. :func:`read_workbook` checks the file (intake_guard) and reads the
table (intake_sheet), with no vault. :func:`plan_intake` validates every row against the vault
(vocabularies, units, existing records) and says for each what would happen: new, update (which
fields), unchanged, or refused (row, column, value, reason). :func:`commit_intake` plans again
on the vault as it is now and saves every accepted row in one transaction, with one journal
entry for the import. Rows are matched on name (+ unit for people) within the list's round (a
vault keeps every round's units, and their names repeat), so importing the same file twice
changes nothing the second time.

Rules (docs/intake.md): cells are read as stored and nothing is evaluated. A formula in a column
that is imported refuses its row (its cached result may be stale or forged, and the formula is not
the data); text that merely starts with "=" is text and is kept as written. An empty cell never
erases what a record already holds. A vocabulary value is mapped tolerantly (full-width, spaces,
"正处" → "正处级", "县管" → "县管干部") only when exactly one entry fits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.clock import uuid7
from app.domain.jobs import Progress
from app.domain.records import Person, Record, Template, Unit, VocabEntry, kind_spec
from app.domain.rules import vocabularies
from app.domain.vocab import SEED
from app.exchange.xlsx.intake_guard import IntakeError, open_workbook
from app.exchange.xlsx.intake_sheet import (
    BRACKETED,
    Cell,
    ColumnSpec,
    Header,
    choose_sheet,
    read_rows,
    squeeze,
)
from app.storage.vault import Vault

CHECKLIST_KIND = "调阅资料清单"
TEXT_MAX = 500
LONGTEXT_MAX = 10_000

#: What each import is called in the CLI (``--as``) and in the window.
AS_LABELS: dict[str, str] = {
    "units": "被巡察单位名单",
    "roster": "单位人员名册",
    "checklist": "调阅资料清单模板",
    "teams": "巡察组及成员名册",
    "lead-feedback": "移交问题线索处置情况反馈",
    "rectification": "整改台账",
}

NEW, UPDATE, SAME, REJECTED, SECTION = "new", "update", "same", "rejected", "section"
STATUS_LABELS = {NEW: "新增", UPDATE: "更新", SAME: "未变", REJECTED: "未导入", SECTION: "分组行"}


def _spec(key: str, label: str, *synonyms: str, required: bool = False) -> ColumnSpec:
    return ColumnSpec(key, label, (label, *synonyms), required)


_SEQ = _spec("seq", "序号", "编号", "no", "no.", "序")
_NOTES = _spec("notes", "备注", "说明", "备注说明", "其他")

#: The columns of each import, with the header texts offices use for them.
SPECS: dict[str, tuple[ColumnSpec, ...]] = {
    "units": (
        _spec("name", "单位名称", "名称", "单位", "被巡察单位", "被巡察单位名称", "被巡察党组织", "党组织名称",
              "单位全称", "被巡察单位(党组织)", required=True),
        _spec("unit_type", "党组织类型", "党组织类别", "组织类型", "党组织形式"),
        _spec("category", "单位类别", "类别", "单位性质", "单位类型", "性质", "类型"),
        _spec("level", "单位级别", "级别", "机构级别", "机构规格", "规格"),
        _spec("leader", "主要负责人", "主要领导", "负责人", "主要负责人姓名", "一把手", "党组织书记"),
        _spec("leader_post", "主要负责人职务", "负责人职务", "职务"),
        _spec("liaison", "联络员", "联系人", "联络人", "联系人姓名", "联络员姓名"),
        _spec("liaison_phone", "联络员电话", "联系电话", "电话", "联系人电话", "联系方式", "手机", "手机号码",
              "联系人手机", "办公电话", "联络员手机", "联系人联系电话", "联系人电话号码"),
        _spec("address", "地址", "单位地址", "办公地址", "通讯地址"),
        _spec("jurisdiction", "所属地区", "地区", "区域", "所在地", "所属区县", "属地", "辖区", "所属乡镇"),
        _spec("supervisor", "主管部门", "上级主管部门", "主管单位", "归口管理部门"),
        _spec("org_key", "单位编码", "统一社会信用代码", "单位编码/统一社会信用代码", "社会信用代码", "信用代码",
              "组织机构代码", "单位代码", "机构代码"),
        _spec("mode", "巡察方式", "巡察形式", "方式", "巡察模式"),
        _spec("sector", "行业系统", "行业/系统", "所属系统", "所属行业", "行业", "系统"),
        _spec("unit_level", "单位层级", "层级", "单位分类层级"),
        _spec("parent_unit", "上级单位", "所属上级单位", "上级单位名称", "延伸巡察上级单位"),
        _spec("headcount", "在编人数", "编制人数", "人数", "在职人数", "职工人数", "干部职工人数"),
        _spec("team", "承担巡察组", "巡察组", "负责巡察组", "巡察组别", "组别"),
        _spec("round", "所属轮次", "轮次", "巡察轮次"),
        _spec("entry_date", "进驻日期", "进驻时间"),
        _spec("exit_date", "撤离日期", "撤离时间"),
        _NOTES,
        _SEQ,
    ),
    "roster": (
        _spec("name", "姓名", "名字", "人员姓名", "干部姓名", required=True),
        _spec("gender", "性别"),
        _spec("birth", "出生年月", "出生日期", "出生年份", "出生时间", "出生年", "生日", "出生年月日"),
        _spec("post", "职务", "现任职务", "现职务", "职务名称", "岗位", "现任职务(岗位)", "职务(岗位)"),
        _spec("cadre_level", "干部层级", "干部类别", "管理层级", "干部管理层级", "干部管理权限", "管理权限"),
        _spec("rank", "职级", "级别", "职务层次", "职务职级", "职级(层次)"),
        _spec("dept", "部门", "科室", "处室", "所在部门", "所在科室", "内设机构", "工作部门", "所在处室"),
        _spec("leadership", "领导班子成员", "班子成员", "是否班子成员", "是否领导班子成员"),
        _spec("mandatory", "必谈对象", "是否必谈", "必谈", "是否必谈对象"),
        _spec("phone", "联系电话", "电话", "手机", "手机号码", "联系方式", "办公电话"),
        _spec("unit", "所在单位", "单位", "工作单位", "单位名称"),
        _spec("idcard", "身份证号", "身份证号码", "公民身份号码", "身份证"),
        _NOTES,
        _SEQ,
    ),
    "teams": (
        _spec("team_name", "组名", "巡察组", "巡视组", "巡察组名称", "组别", "所在巡察组", "巡察组名", required=True),
        _spec("team_number", "组号", "巡察组编号", "组序号", "组次"),
        _spec("team_home", "派出地区", "派出单位所在地", "来源地区", "组别地区", "派出地"),
        _spec("composition", "组建方式", "组队方式", "组建形式", "组成方式"),
        _spec("leader_authorisation", "组长授权文号", "授权文号", "组长任职授权文号", "组长授权任职文号",
              "授权任职文号"),
        _spec("team_level", "巡视/巡察", "组类别", "巡视巡察组别"),
        _spec("capacity", "本轮承担单位上限", "承担单位上限", "承担单位数", "单位上限"),
        _spec("name", "姓名", "成员姓名", "组员姓名", "人员姓名", required=True),
        _spec("role", "组内职务", "组内分工", "担任职务", "组内角色", "职务"),
        _spec("sub_group", "分工小组", "小组", "所在小组", "分组"),
        _spec("employer", "工作单位及职务", "工作单位", "单位及职务", "现工作单位及职务", "原单位及职务", "现任职务"),
        _spec("home", "籍贯/原任职地", "籍贯", "原任职地", "籍贯或原任职地", "籍贯(原任职地)", "籍贯及原任职地"),
        _spec("past_posts", "曾任职单位(起止年)", "曾任职单位", "曾任职单位及起止年", "任职经历", "工作经历",
              "曾任职单位(起止年份)"),
        _spec("pledge", "保密承诺书", "已签保密承诺书", "签订保密承诺书", "保密承诺"),
        _spec("recusal_form", "回避申请书", "已签回避申请书", "签订回避申请书", "回避承诺书"),
        _spec("recusals", "回避申报", "回避申报情况", "需回避事项", "回避事项", "回避情况", "亲属关系申报"),
        _spec("phone", "联系电话", "电话", "手机", "手机号码"),
        _spec("staff_key", "人才库编号", "巡察人才库编号", "人才库编码"),
        _NOTES,
        _SEQ,
    ),
    # 督办 (docs/intake.md, "Lead feedback and rectification ledgers"; app/exchange/xlsx/intake_followup.py)
    "lead-feedback": (
        _spec("number", "线索编号", "问题线索编号", "编号", "线索号", required=True),
        _spec("subject", "被反映人", "被反映人姓名", "姓名"),
        _spec("subject_post", "单位及职务", "被反映人单位及职务", "职务"),
        _spec("transferred_at", "移交时间", "移交日期"),
        _spec("to_unit", "承办单位", "接收单位", "接收方单位", "承办部门"),
        _spec("receiver", "接收经办人", "接收人", "承办人", "经办人"),
        _spec("received_by_at", "接收时间", "接收日期", "收件时间"),
        _spec("receiver_category", "处置方式", "接收方处置方式", "处置类别", "处置方式类别"),
        _spec("feedback_at", "反馈时间", "反馈日期"),
        _spec("closed_at", "办结时间", "办结日期", "了结时间"),
        _spec("result", "处置结果", "办理结果", "处理结果"),
        _spec("feedback", "反馈内容", "反馈情况", "处置情况", "办理情况"),
        _SEQ,
    ),
    "rectification": (
        _spec("unit", "被巡察单位", "整改单位", "单位", "单位名称"),
        _spec("problem_seq", "问题序号", "序号", "反馈问题序号", "编号"),
        _spec("problem", "反馈问题", "问题描述", "问题", "问题表现", "存在问题"),
        _spec("measures", "整改措施", "措施", "整改举措"),
        _spec("responsible_leader", "责任领导", "牵头领导"),
        _spec("responsible_dept", "责任部门", "责任单位", "牵头部门"),
        _spec("deadline", "完成时限", "整改时限", "时限"),
        _spec("status", "整改状态", "状态", "进展情况", "整改进展", required=True),
        _spec("completed_at", "完成时间", "完成日期"),
        _spec("closed_at", "销号时间", "销号日期"),
        _spec("evidence", "佐证材料", "整改佐证", "佐证"),
        _spec("revisit_result", "回头看结果", "回头看评估", "回头看情况"),
        _NOTES,
    ),
    "checklist": (
        _spec("name", "资料名称", "材料名称", "调阅材料名称", "调阅资料名称", "资料", "材料", "名称", "调阅内容",
              "资料清单", "内容", "资料名称及要求", required=True),
        _spec("copies", "份数", "调阅份数", "数量"),
        _spec("medium", "纸质/电子", "载体", "载体形式", "资料形式", "形式", "纸质或电子", "介质", "纸质/电子版"),
        _spec("copy_type", "原件/复印件", "原件或复印件", "原件复印件", "提供方式", "原件/复印"),
        _spec("category", "类别", "资料类别", "分类", "所属类别"),
        _spec("role", "适用对象", "适用单位", "适用范围"),
        _spec("due", "提供时限", "时限", "报送时限", "提供时间要求"),
        _spec("notes", "备注", "说明", "要求", "备注说明", "其他"),
        _SEQ,
    ),
}

#: Columns recognised on purpose and never stored, with why (the report says so).
NOT_IMPORTED = {"seq": "（不导入）", "idcard": "（不导入：身份证号等敏感信息不存入保密库）"}
#: Where a column goes when that is not simply the field its label names (the report says so).
TARGETS = {
    ("units", "category"): "备注（单位类别）",
    ("units", "level"): "备注（单位级别）",
    ("units", "leader"): "主要负责人（单位人员，领导班子成员、必谈对象）",
    ("roster", "birth"): "出生年份",
    ("roster", "rank"): "干部层级（词表中有时）或备注",
    ("roster", "dept"): "备注（部门）",
    ("roster", "unit"): "所在单位（按名称查找）",
    ("units", "team"): "承担巡察组（本轮次内按名称查找）",
    ("units", "round"): "所属轮次（按名称查找）",
    ("checklist", "copies"): "调阅份数",
    ("checklist", "due"): "提供时限",
    ("checklist", "category"): "类别（四个落实）",
    ("units", "org_key"): "单位编码/统一社会信用代码（本轮次内先按它匹配）",
    ("units", "parent_unit"): "上级单位（本轮次内按名称查找）",
    ("lead-feedback", "number"): "线索编号（查找已移交的线索）",
    ("lead-feedback", "subject"): "被反映人（核对，不导入）",
    ("lead-feedback", "subject_post"): "（不导入）",
    ("lead-feedback", "transferred_at"): "移交时间（核对，不导入）",
    ("lead-feedback", "to_unit"): "承办单位（核对移交对象，不导入）",
    ("lead-feedback", "receiver"): "接收经办人",
    ("lead-feedback", "received_by_at"): "接收时间（接收方）",
    ("lead-feedback", "receiver_category"): "接收方处置方式",
    ("lead-feedback", "result"): "办理结果",
    ("lead-feedback", "feedback"): "反馈内容",
    ("rectification", "unit"): "整改单位（按名称查找）",
    ("rectification", "problem_seq"): "对应反馈问题（按序号匹配）",
    ("rectification", "problem"): "对应反馈问题（无序号时按原文匹配）",
    ("rectification", "evidence"): "整改佐证",
    ("rectification", "revisit_result"): "回头看评估",
    ("teams", "team_name"): "巡察组组名（本轮次内按名称匹配）",
    ("teams", "team_number"): "巡察组组号",
    ("teams", "team_home"): "巡察组派出地区",
    ("teams", "composition"): "巡察组组建方式",
    ("teams", "leader_authorisation"): "巡察组组长授权文号",
    ("teams", "team_level"): "巡察组组别",
    ("teams", "capacity"): "巡察组本轮承担单位上限",
    ("teams", "name"): "成员姓名（组内按姓名匹配）",
    ("teams", "home"): "籍贯/原任职地",
    ("teams", "past_posts"): "曾任职经历（单位、地区、起止年）",
    ("teams", "pledge"): "已签保密承诺书",
    ("teams", "recusal_form"): "已签回避申请书",
    ("teams", "recusals"): "回避申报（姓名、单位、职务、关系）",
}


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class SheetRead:
    """A workbook's table, read and not yet matched against any vault."""

    file_name: str
    as_kind: str
    sheet: str
    header: Header
    rows: list[tuple[int, dict[str, Cell]]]  # sheet row number, spec key -> cell
    where: dict[str, str]  # spec key -> "C 列“联系电话”"

    def mapping(self) -> list[tuple[str, str]]:
        """(header text as written, what it feeds) for the report."""
        out = []
        for index, spec in sorted(self.header.columns.items()):
            target = NOT_IMPORTED.get(spec.key) or TARGETS.get((self.as_kind, spec.key), spec.label)
            out.append((self.header.texts[index], target))
        return out


def read_workbook(path: str | Path, as_kind: str, *, sheet: str | None = None,
                  progress: Progress | None = None) -> SheetRead:
    """Check the file, find the table and read its rows. Raises IntakeError when the file is refused;
    ``progress`` as for :func:`~app.exchange.xlsx.intake_sheet.read_rows`."""
    specs = SPECS[as_kind]
    wb = open_workbook(path)
    try:
        ws, header = choose_sheet(wb, specs, sheet)
        rows = []
        for number, cells in read_rows(ws, header, progress=progress):
            rows.append((number, {header.columns[i].key: cell for i, cell in cells.items()}))
        where = {spec.key: header.describe(i) for i, spec in header.columns.items()}
        return SheetRead(Path(path).name, as_kind, str(ws.title), header, rows, where)
    finally:
        wb.close()


# --- cell values -------------------------------------------------------------------------------------


class CellProblem(Exception):
    """A cell that cannot be imported; the message says why, in Chinese."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_NUMBER_SUFFIX = re.compile(r"^(\d+)\s*(份|套|本|册|卷|个|件|人|名)?$")
_LEADING_NUMBER = re.compile(r"^([一二三四五六七八九十]+[、.．]|\d+[、.．)])")
_CHOICE_SUFFIXES = ("干部", "级", "版", "性", "件", "类")
TRUE_WORDS = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "●", "对"})
FALSE_WORDS = frozenset({"否", "×", "✗", "✘", "n", "no", "false", "0", "无", "不是", "非"})


def cell_text(cell: Cell, *, multiline: bool = False, limit: int = TEXT_MAX) -> str:
    """The cell as text: numbers without a trailing .0 (phone numbers), dates as YYYY-MM-DD."""
    _check_plain(cell)
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not multiline and "\n" in text:
        text = _LINE_BREAK.sub(" ", text)
    if len(text) > limit:
        raise CellProblem(f"内容过长（{len(text)} 字，上限 {limit} 字）")
    return text


def _check_plain(cell: Cell) -> None:
    if cell.data_type == "f":
        raise CellProblem("单元格是公式：只导入直接填写的值，请在 Excel 中复制后“选择性粘贴→数值”再导入")
    if cell.data_type == "e":
        raise CellProblem(f"单元格是错误值 {cell.value}")


def cell_int(cell: Cell, *, low: int = 0, high: int = 1_000_000, what: str = "数字") -> int | None:
    _check_plain(cell)
    value = cell.value
    if cell.blank:
        return None
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        match = _NUMBER_SUFFIX.match(squeeze(value))
        number = int(match.group(1)) if match else None
    if number is None or not low <= number <= high:
        raise CellProblem(f"{what}须为 {low}–{high} 之间的整数")
    return number


def cell_year(cell: Cell, *, today: dt.date | None = None) -> int | None:
    """A year of birth from what rosters write: a date, 1975, 1975.03 (a number!), "1975年3月",
    "1975-03", "197503". Two-digit years are refused rather than guessed."""
    _check_plain(cell)
    value = cell.value
    if cell.blank:
        return None
    year: int | None = None
    if isinstance(value, dt.datetime | dt.date):
        year = value.year
    elif isinstance(value, int | float) and not isinstance(value, bool):
        whole = int(value)
        if 1000 <= whole <= 9999:
            year = whole
        elif 100000 <= whole <= 999912:  # 197503
            year = whole // 100
        elif 10000000 <= whole <= 99991231:  # 19750312
            year = whole // 10000
    elif isinstance(value, str):
        match = re.match(r"^(\d{4})(?:\d{2}(?:\d{2})?)?$|^(\d{4})\s*[年./\-]", squeeze(value))
        if match:
            year = int(match.group(1) or match.group(2))
    this_year = (today or dt.date.today()).year
    if year is None or not 1900 <= year <= this_year:
        raise CellProblem("出生年月应写作 1975.03、1975年3月、1975-03 或日期（须为四位年份）")
    return year


def cell_date(cell: Cell) -> dt.date | None:
    _check_plain(cell)
    value = cell.value
    if cell.blank:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.match(r"^(\d{4})[年./\-](\d{1,2})[月./\-](\d{1,2})日?$", squeeze(value))
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    raise CellProblem("日期应写作 2024-03-01、2024年3月1日 或 Excel 日期")


def cell_bool(cell: Cell) -> bool | None:
    _check_plain(cell)
    if cell.blank:
        return None
    if isinstance(cell.value, bool):
        return cell.value
    word = squeeze(cell_text(cell)).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellProblem("应填“是”或“否”")


@functools.lru_cache(maxsize=4096)
def choice_key(text: str) -> str:
    """What a vocabulary value is compared by: NFKC, no spaces, no leading numbering or bracketed
    remark, common endings (级, 干部, 版, 件 …) dropped."""
    key = _LEADING_NUMBER.sub("", squeeze(text).lower())
    key = BRACKETED.sub("", key)
    stripped = True
    while stripped:
        stripped = False
        for suffix in _CHOICE_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                stripped = True
    return key


def match_choice(text: str, options: Sequence[str]) -> tuple[str | None, list[str]]:
    """(the vocabulary value meant, []) or (None, the candidates: none, or several when ambiguous)."""
    wanted = squeeze(text).lower()
    for option in options:
        if squeeze(option).lower() == wanted:
            return option, []
    key = choice_key(text)
    same = [o for o in options if choice_key(o) == key]
    if len(same) == 1:
        return same[0], []
    if same:
        return None, same
    longer = [o for o in options if key and choice_key(o).startswith(key)]
    if len(longer) == 1 and len(key) >= 2:  # one character is too little to go on, even when unique
        return longer[0], []
    return None, longer


def cell_choice(cell: Cell, vocab_name: str, options: Sequence[str]) -> str:
    text = cell_text(cell)
    if not text:
        return ""
    value, candidates = match_choice(text, options)
    if value is not None:
        return value
    label = SEED[vocab_name][0] if vocab_name in SEED else vocab_name
    if candidates:
        raise CellProblem(f"“{text}”不完整，可能是：{'、'.join(candidates)}，请写完整")
    return _raise(f"“{text}”不在词表“{label}”中（可选：{'、'.join(options)}）")


def _raise(message: str) -> str:
    raise CellProblem(message)


# --- the plan ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """Why a row was refused, or a notice about an accepted one."""

    row: int
    column: str  # "C 列“联系电话”", or "" for the whole row
    value: str
    reason: str

    def text(self) -> str:
        if not self.column and not self.value:
            return self.reason
        where = self.column or "本行"
        if self.value and f"“{self.value}”" not in self.reason:
            where += f"的值“{self.value}”"
        return f"{where}：{self.reason}"


@dataclass
class RowResult:
    row: int
    status: str
    label: str
    issues: list[Issue] = field(default_factory=list)  # refusals (REJECTED) or notices
    changed: list[str] = field(default_factory=list)  # field labels an UPDATE changes
    records: list[Record] = field(default_factory=list)  # what saving this row writes

    @property
    def accepted(self) -> bool:
        return self.status in (NEW, UPDATE, SAME)

    def detail(self) -> str:
        """One line for the report's table: reasons, or changed fields, or notices."""
        parts = []
        if self.status == UPDATE and self.changed:
            parts.append("改动：" + "、".join(self.changed))
        parts += [issue.text() for issue in self.issues]
        return "；".join(parts)


@dataclass
class IntakePlan:
    """What importing a sheet does to a vault, row by row."""

    read: SheetRead
    rows: list[RowResult]
    unit_label: str = ""
    committed: bool = False
    round_label: str = ""  # the round the rows were matched in (units, teams)
    notes: list[str] = field(default_factory=list)  # remarks about a whole column

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def records(self) -> list[Record]:
        """Every new or changed record, each once (a unit's leader may be named on two rows)."""
        out: dict[str, Record] = {}
        for row in self.rows:
            if row.status in (NEW, UPDATE):
                for record in row.records:
                    out[record.id] = record
        return list(out.values())

    def summary(self) -> str:
        verb = "已导入" if self.committed else "将导入"
        return (f"{verb}：新增 {self.count(NEW)}，更新 {self.count(UPDATE)}，未变 {self.count(SAME)}，"
                f"未导入 {self.count(REJECTED)}（共 {len([r for r in self.rows if r.status != SECTION])} 行）")

    def report_lines(self) -> list[str]:
        read = self.read
        lines = [f"文件：{read.file_name}（{AS_LABELS[read.as_kind]}）",
                 f"工作表“{read.sheet}”，表头在第 {read.header.rows} 行"]
        if self.round_label:
            lines.append(f"轮次：{self.round_label}")
        if self.unit_label:
            lines.append(f"所在单位：{self.unit_label}")
        lines.append("识别的列：" + "；".join(f"{text} → {target}" for text, target in read.mapping()))
        if read.header.unused:
            lines.append("未使用的列：" + "、".join(read.header.unused))
        if read.header.duplicates:
            lines.append("重复的列（只用第一列）：" + "、".join(read.header.duplicates))
        lines += self.notes
        for row in self.rows:
            if row.status in (UPDATE, REJECTED, SECTION) or row.issues:
                lines.append(f"第 {row.row} 行 {STATUS_LABELS[row.status]} {row.label}"
                             + (f"：{row.detail()}" if row.detail() else ""))
        lines.append(self.summary())
        return lines


class _Row:
    """One sheet row being converted: collects the problems of its cells instead of stopping at the first."""

    def __init__(self, read: SheetRead, number: int, cells: dict[str, Cell]) -> None:
        self.read = read
        self.number = number
        self.cells = cells
        self.problems: list[Issue] = []
        self.notices: list[Issue] = []

    def has(self, key: str) -> bool:
        return key in self.cells and not self.cells[key].blank

    def get(self, key: str, convert: Callable[[Cell], Any], default: Any = None) -> Any:
        cell = self.cells.get(key)
        if cell is None:
            return default
        try:
            value = convert(cell)
        except CellProblem as exc:
            self.problems.append(self.issue(key, str(exc)))
            return default
        return default if value is None or value == "" else value

    def issue(self, key: str, reason: str) -> Issue:
        cell = self.cells.get(key)
        shown = "" if cell is None or cell.value is None else str(cell.value)
        if len(shown) > 40:
            shown = shown[:40] + "…"
        return Issue(self.number, self.read.where.get(key, ""), shown, reason)

    def notice(self, key: str, reason: str) -> None:
        self.notices.append(self.issue(key, reason))


def _changes(before: Record, after: Record) -> list[str]:
    spec = kind_spec(before.KIND)
    return [f.label for f in spec.fields
            if f.to_storage(getattr(before, f.name)) != f.to_storage(getattr(after, f.name))]


def _apply(existing: Record | None, new: Record, values: dict[str, Any]) -> tuple[Record, list[str]]:
    """``existing`` with ``values`` written over it (only given values), or ``new`` filled with them."""
    if existing is None:
        return dataclasses.replace(new, **values), []
    updated = dataclasses.replace(existing, **values)
    return updated, _changes(existing, updated)


def _index(records: Iterable[Record], key: Callable[[Record], str]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        out[key(record)].append(record)
    return out


def _index2(records: Iterable[Record],
            key: Callable[[Record], tuple[str | None, str]]) -> dict[tuple[str | None, str], list[Record]]:
    out: dict[tuple[str | None, str], list[Record]] = defaultdict(list)
    for record in records:
        out[key(record)].append(record)
    return out


def name_key(text: str) -> str:
    return squeeze(text).lower()


class _Vault:
    """What planning needs from the vault, read once."""

    def __init__(self, vault: Vault, progress: Progress | None = None) -> None:
        self.vault = vault
        self.progress = progress
        self.vocab = vocabularies(vault.records.iter(VocabEntry))
        self._units: dict[str, list[Record]] | None = None
        self._rounds: list[Record] | None = None

    @property
    def units(self) -> dict[str, list[Record]]:
        if self._units is None:
            self._units = _index(self.vault.records.iter("unit"), lambda r: name_key(r.label()))
        return self._units

    def people(self) -> dict[tuple[str, str], list[Record]]:
        out: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for person in self.vault.records.iter("person"):
            assert isinstance(person, Person)
            out[(person.unit_id or "", name_key(person.name))].append(person)
        return out

    def named(self, kind: str) -> dict[str, list[Record]]:
        return _index(self.vault.records.iter(kind), lambda r: name_key(r.label()))

    @property
    def rounds(self) -> list[Record]:
        """The live rounds, oldest first."""
        if self._rounds is None:
            self._rounds = list(self.vault.records.iter("round"))
        return self._rounds

    def round_of(self, round_id: str | None) -> str | None:
        """``round_id`` when it is a live round, else None (no round, or one since deleted)."""
        return round_id if round_id and round_id in {r.id for r in self.rounds} else None

    def by_round(self, kind: str) -> dict[tuple[str | None, str], list[Record]]:
        """Live records of ``kind`` by (their round, or None; name key)."""
        live = {r.id for r in self.rounds}
        return _index2(self.vault.records.iter(kind),
                       lambda r: (getattr(r, "round_id", None) if getattr(r, "round_id", None) in live else None,
                                  name_key(r.label())))

    def rows(self, read: SheetRead) -> Iterator[tuple[int, dict[str, Cell]]]:
        """The sheet's rows, telling ``progress`` (rows planned, rows) every 200 rows."""
        total = len(read.rows)
        for n, row in enumerate(read.rows):
            if n % 200 == 0 and self.progress is not None:
                self.progress(n, total)
            yield row


def _one(found: list[Record], what: str, name: str) -> Record:
    if not found:
        raise CellProblem(f"保密库中没有名为“{name}”的{what}")
    if len(found) > 1:
        raise CellProblem(f"保密库中有 {len(found)} 个名为“{name}”的{what}，无法确定是哪一个")
    return found[0]


def plan_intake(vault: Vault, read: SheetRead, *, unit_id: str | None = None, round_id: str | None = None,
                progress: Progress | None = None) -> IntakePlan:
    """Validate every row against ``vault`` and say what importing it would do (nothing is written).

    ``progress(rows planned, rows)`` is told every 200 rows; a :class:`~app.domain.jobs.Cancelled`
    it raises stops the plan (app/domain/jobs.py). ``round_id``: the round a units list belongs
    to (needed when the vault holds more than one; docs/intake.md, "Rounds")."""
    ctx = _Vault(vault, progress)
    if read.as_kind == "units":
        fixed = list_round(ctx, read, round_id)
        return IntakePlan(read, _plan_units(ctx, read, fixed, round_id is not None),
                          round_label=_title(ctx, fixed))
    if read.as_kind == "roster":
        unit_label = ""
        if unit_id:
            unit = vault.records.get(unit_id, "unit")
            unit_label = unit.label()
        elif "unit" not in read.where:
            raise IntakeError("no_unit")
        notes: list[str] = []
        if round_id is not None and ctx.round_of(round_id) is None:
            raise IntakeError("unknown_round", round_id)
        return IntakePlan(read, _plan_roster(ctx, read, unit_id, notes, round_id), unit_label, notes=notes,
                          round_label=_title(ctx, round_id))
    if read.as_kind == "checklist":
        return IntakePlan(read, _plan_checklist(ctx, read))
    if read.as_kind in ("lead-feedback", "rectification"):
        from app.exchange.xlsx.intake_followup import plan_followup  # it builds on this module

        return plan_followup(ctx, read, unit_id=unit_id, round_id=round_id)
    if read.as_kind == "teams":
        from app.exchange.xlsx.intake_teams import plan_teams  # it builds on this module

        fixed = list_round(ctx, read, round_id)
        return IntakePlan(read, plan_teams(ctx, read, fixed), round_label=_title(ctx, fixed))
    raise ValueError(read.as_kind)


def _finish(row: _Row, label: str, records: list[tuple[Record, list[str], bool]], *,
            new_label: str = "新增主要负责人") -> RowResult:
    """The row's result from its records, the row's own record first: (record, changed labels,
    is new) each. A new secondary record (a unit's new leader, a member's new team) makes the
    row an update; ``new_label`` names it."""
    if row.problems:
        return RowResult(row.number, REJECTED, label, row.problems)
    changed = [c for _, labels, _ in records for c in labels]
    changed += [f"{new_label} {r.label()}" for r, _, is_new in records[1:] if is_new]
    if records and records[0][2]:
        status = NEW
    else:
        status = UPDATE if changed else SAME
    return RowResult(row.number, status, label, row.notices, list(dict.fromkeys(changed)),
                     [r for r, labels, is_new in records if is_new or labels])


def _duplicate(seen: dict[str, int], key: str, row: _Row, what: str) -> bool:
    if key in seen:
        row.problems.append(Issue(row.number, row.read.where.get("name", ""), "",
                                  f"与第 {seen[key]} 行{what}重复，同一文件中只导入一次"))
        return True
    seen[key] = row.number
    return False


def _notes(row: _Row, labelled: Sequence[tuple[str, str]]) -> str | None:
    """备注 plus the columns kept only as labelled notes ("部门：办公室"); None when all are empty."""
    parts = []
    text = row.get("notes", lambda c: cell_text(c, multiline=True, limit=LONGTEXT_MAX), "")
    if text:
        parts.append(text)
    for key, label in labelled:
        value = row.get(key, cell_text, "")
        if value:
            parts.append(f"{label}：{value}")
    return "；".join(parts) if parts else None


def list_round(ctx: _Vault, read: SheetRead, round_id: str | None) -> str | None:
    """The round every row of a units list belongs to: ``round_id`` (--round, or chosen in the
    window), else the vault's only round, else None. A vault holding two or more rounds refuses a
    list that names neither (docs/intake.md, "Rounds"): unit and team names repeat every round."""
    if round_id is not None:
        if ctx.round_of(round_id) is None:
            raise IntakeError("unknown_round", round_id)
        return round_id
    if len(ctx.rounds) == 1:
        return ctx.rounds[0].id
    if len(ctx.rounds) > 1 and "round" not in read.where:
        shown = "、".join(r.label() for r in ctx.rounds[:6]) + ("等" if len(ctx.rounds) > 6 else "")
        raise IntakeError("no_round", f"保密库中有 {len(ctx.rounds)} 个轮次（{shown}）")
    return None


def _row_round(ctx: _Vault, row: _Row, fixed: str | None, explicit: bool,
               rounds: dict[str, list[Record]]) -> str | None:
    """The round of one row: the list's round, or the row's 轮次 column when the list has none."""
    chosen = fixed
    if row.has("round"):
        round_name = row.get("round", cell_text, "")
        try:
            named = _one(rounds.get(name_key(round_name), []), "巡察轮次", round_name).id
        except CellProblem as exc:
            row.problems.append(row.issue("round", str(exc)))
            return fixed
        if explicit and named != fixed:
            row.problems.append(row.issue("round", f"与指定的轮次“{_title(ctx, fixed)}”不符"))
        chosen = fixed if explicit else named
    elif chosen is None and len(ctx.rounds) > 1:
        row.problems.append(row.issue("round", "保密库中有多个轮次：本行须填写轮次（或导入时指定轮次）"))
    return chosen


def _title(ctx: _Vault, round_id: str | None) -> str:
    return next((r.label() for r in ctx.rounds if r.id == round_id), "")


def _in_round(index: dict[tuple[str | None, str], list[Record]], round_id: str | None, key: str) -> list[Record]:
    """Records named ``key`` in ``round_id``; failing that, those of no round (which the row then
    places in ``round_id``)."""
    return index.get((round_id, key)) or index.get((None, key), [])


def cell_org_key(cell: Cell) -> str:
    """单位编码 / 统一社会信用代码: spaces and full-width removed, letters in capitals."""
    return squeeze(cell_text(cell, limit=64)).upper()


@dataclass
class _PlannedUnit:
    row: _Row
    name: str
    round_id: str | None
    records: list[tuple[Record, list[str], bool]]  # the unit first, then its leaders
    existing: Record | None
    parent: str  # 上级单位 as written


def _plan_units(ctx: _Vault, read: SheetRead, fixed: str | None, explicit: bool) -> list[RowResult]:
    """Units match within their round on 单位编码 (org_key), else on name (docs/intake.md, "Rounds")."""
    units = ctx.by_round("unit")
    live = {r.id for r in ctx.rounds}
    by_code = _index2((u for u in ctx.vault.records.iter("unit") if getattr(u, "org_key", "")),
                      lambda u: (getattr(u, "round_id", None) if getattr(u, "round_id", None) in live else None,
                                 str(getattr(u, "org_key", ""))))
    people = ctx.people() if "leader" in read.where else {}
    teams = ctx.by_round("team") if "team" in read.where else {}
    rounds = _index(ctx.rounds, lambda r: name_key(r.label()))
    vocab = ctx.vocab
    seen: dict[str, int] = {}
    leaders_planned: dict[tuple[str, str], Record] = {}
    pending: list[_PlannedUnit] = []
    for number, cells in ctx.rows(read):
        row = _Row(read, number, cells)
        name = row.get("name", cell_text, "")
        if not name:
            row.problems.append(row.issue("name", "单位名称不能为空"))
            pending.append(_PlannedUnit(row, "", None, [], None, ""))
            continue
        in_round = _row_round(ctx, row, fixed, explicit, rounds)
        _duplicate(seen, f"{in_round}\t{name_key(name)}", row, "单位名称")
        code = row.get("org_key", cell_org_key, "")
        if code:
            _duplicate(seen, f"{in_round}\tcode\t{code}", row, "单位编码")
        values: dict[str, Any] = {}
        for key in ("address", "jurisdiction", "supervisor", "liaison", "liaison_phone", "sector"):
            values[key] = row.get(key, cell_text)
        values["unit_type"] = row.get("unit_type", lambda c: cell_choice(c, "unit_type", vocab.get("unit_type", [])))
        values["mode"] = row.get("mode", lambda c: cell_choice(c, "inspection_mode", vocab.get("inspection_mode", [])))
        values["unit_level"] = row.get("unit_level",
                                       lambda c: cell_choice(c, "unit_level", vocab.get("unit_level", [])))
        values["org_key"] = code or None
        values["headcount"] = row.get("headcount", lambda c: cell_int(c, what="在编人数"))
        values["entry_date"] = row.get("entry_date", cell_date)
        values["exit_date"] = row.get("exit_date", cell_date)
        values["notes"] = _notes(row, (("category", "单位类别"), ("level", "单位级别")))
        values["round_id"] = in_round
        if row.has("team"):
            team_name = row.get("team", cell_text, "")
            try:
                found_teams = _in_round(teams, in_round, name_key(team_name))
                values["team_id"] = _one(found_teams, "巡察组" + _of_round(ctx, in_round), team_name).id
            except CellProblem as exc:
                row.problems.append(row.issue("team", str(exc)))
        given = {k: v for k, v in values.items() if v is not None}
        existing = _match_unit(ctx, row, name, code, in_round, units, by_code)
        unit, changed = _apply(existing, Unit(id=uuid7(), name=name), given)
        planned: list[tuple[Record, list[str], bool]] = [(unit, changed, existing is None)]
        for leader in _leaders(row):
            who = (unit.id, name_key(leader[0]))
            person = leaders_planned.get(who) or _single(people.get(who, []))
            post = leader[1] or (None if person is not None else "主要负责人")
            fields = {"leadership": True, "mandatory": True} | ({"post": post} if post else {})
            made, labels = _apply(person, Person(id=uuid7(), name=leader[0], unit_id=unit.id), fields)
            is_new = person is None and who not in leaders_planned
            planned.append((made, [f"主要负责人{label}" for label in labels], is_new))
            if not row.problems:
                leaders_planned[who] = made
        pending.append(_PlannedUnit(row, name, in_round, planned, existing, row.get("parent_unit", cell_text, "")))
    _place_parents(ctx, pending, units)
    return [_finish(p.row, p.name, p.records) for p in pending]


def _match_unit(ctx: _Vault, row: _Row, name: str, code: str, in_round: str | None,
                units: dict[tuple[str | None, str], list[Record]],
                by_code: dict[tuple[str | None, str], list[Record]]) -> Record | None:
    """The unit a row updates: the round's unit with its 单位编码, else the one with its name."""
    where = _of_round(ctx, in_round)
    found = _in_round(by_code, in_round, code) if code else []
    if found:
        if len(found) > 1:
            row.problems.append(row.issue("org_key", f"保密库中已有 {len(found)} 个单位编码相同的单位{where}，"
                                                     f"无法确定更新哪一个"))
            return None
        if name_key(found[0].label()) != name_key(name):
            row.notice("name", f"按单位编码匹配到保密库中的“{found[0].label()}”（名称不改）")
        return found[0]
    found = _in_round(units, in_round, name_key(name))
    if len(found) > 1:
        row.problems.append(row.issue("name", f"保密库中已有 {len(found)} 个同名单位{where}，无法确定更新哪一个"))
        return None
    if not found:
        return None
    other = str(getattr(found[0], "org_key", "") or "")
    if code and other and other != code:
        row.problems.append(row.issue("org_key", f"保密库中同名单位{where}的单位编码是“{other}”，与本行不同："
                                                 f"请核对编码，或将名称写得能区分两个单位"))
        return None
    return found[0]


def _place_parents(ctx: _Vault, pending: list[_PlannedUnit],
                   units: dict[tuple[str | None, str], list[Record]]) -> None:
    """上级单位: a unit of the same round, in the file (an accepted row) or already in the vault. A
    row whose parent's row is refused is refused in turn, until nothing changes."""
    while True:
        placed: dict[tuple[str | None, str], str] = {}
        for p in pending:
            if p.records and not p.row.problems:
                placed.setdefault((p.round_id, name_key(p.name)), p.records[0][0].id)
        refused = False
        for p in pending:
            if not p.parent or p.row.problems or not p.records:
                continue
            key = name_key(p.parent)
            parent_id = _parent_of(ctx, p, key, placed, units, pending)
            if parent_id is None:
                refused = True
                continue
            unit = p.records[0][0]
            if getattr(unit, "parent_unit_id", None) != parent_id:
                parent: dict[str, Any] = {"parent_unit_id": parent_id}
                unit = dataclasses.replace(unit, **parent)
                changed = _changes(p.existing, unit) if p.existing is not None else []
                p.records[0] = (unit, changed, p.records[0][2])
        if not refused:
            return


def _parent_of(ctx: _Vault, p: _PlannedUnit, key: str, placed: dict[tuple[str | None, str], str],
               units: dict[tuple[str | None, str], list[Record]], pending: list[_PlannedUnit]) -> str | None:
    if key == name_key(p.name):
        p.row.problems.append(p.row.issue("parent_unit", "上级单位不能是本单位"))
        return None
    if (p.round_id, key) in placed:
        return placed[(p.round_id, key)]
    found = _in_round(units, p.round_id, key)
    in_file = any(name_key(q.name) == key and q.round_id == p.round_id for q in pending if q is not p)
    try:
        return _one(found, "被巡察单位" + _of_round(ctx, p.round_id), p.parent).id
    except CellProblem as exc:
        reason = "上级单位所在行未导入" if in_file and not found else f"上级单位：{exc}"
        p.row.problems.append(p.row.issue("parent_unit", reason))
        return None


def _of_round(ctx: _Vault, round_id: str | None, default: str = "") -> str:
    """"（轮次“…”）" when the vault has more than one round, so a refusal says where it looked."""
    if round_id is None or len(ctx.rounds) < 2:
        return default
    return f"（轮次“{_title(ctx, round_id)}”）"


def _single(found: list[Record]) -> Record | None:
    return found[0] if len(found) == 1 else None


def _leaders(row: _Row) -> list[tuple[str, str]]:
    """(name, post) of each principal leader named: "张三", "张三（局长）", "张三、李四"."""
    text = row.get("leader", cell_text, "")
    if not text:
        return []
    post_column = row.get("leader_post", cell_text, "")
    names = [part.strip() for part in re.split(r"[、，,;；/]+", squeeze_brackets(text)) if part.strip()]
    out = []
    for part in names:
        match = re.match(r"^(.+?)\((.+)\)$", part)
        name, post = (match.group(1), match.group(2)) if match else (part, "")
        out.append((name.strip(), post.strip() or (post_column if len(names) == 1 else "")))
    return out


def squeeze_brackets(text: str) -> str:
    """Full-width brackets as ASCII, the rest as written."""
    return text.replace("（", "(").replace("）", ")")


def _plan_roster(ctx: _Vault, read: SheetRead, unit_id: str | None, notes: list[str],
                 round_id: str | None = None) -> list[RowResult]:
    people = ctx.people()
    units = ctx.units if unit_id is None and round_id is None else {}
    in_round = ctx.by_round("unit") if unit_id is None and round_id is not None else {}
    unmapped: dict[str, None] = {}  # 职级 values the cadre-level vocabulary lacks, in order
    options = ctx.vocab
    seen: dict[str, int] = {}
    results = []
    for number, cells in ctx.rows(read):
        row = _Row(read, number, cells)
        name = row.get("name", cell_text, "")
        if not name:
            row.problems.append(row.issue("name", "姓名不能为空"))
            results.append(_finish(row, "", []))
            continue
        target = unit_id
        if target is None:
            unit_name = row.get("unit", cell_text, "")
            if not unit_name:
                row.problems.append(row.issue("unit", "所在单位不能为空"))
            else:
                try:
                    candidates = (units.get(name_key(unit_name), []) if round_id is None
                                  else _in_round(in_round, round_id, name_key(unit_name)))
                    target = _one(candidates, "被巡察单位" + _of_round(ctx, round_id), unit_name).id
                except CellProblem as exc:
                    row.problems.append(row.issue("unit", str(exc)))
        _duplicate(seen, f"{target}\t{name_key(name)}", row, "同一单位的同名人员")
        values: dict[str, Any] = {
            "post": row.get("post", cell_text),
            "gender": row.get("gender", lambda c: cell_choice(c, "gender", options.get("gender", []))),
            "birth_year": row.get("birth", cell_year),
            "phone": row.get("phone", cell_text),
            "leadership": row.get("leadership", cell_bool),
            "mandatory": row.get("mandatory", cell_bool),
            "cadre_level": row.get("cadre_level",
                                   lambda c: cell_choice(c, "cadre_level", options.get("cadre_level", []))),
        }
        extra_notes: list[tuple[str, str]] = [("dept", "部门")]
        if row.has("rank"):
            rank = row.get("rank", cell_text, "")
            level, _ = match_choice(rank, options.get("cadre_level", [])) if rank else (None, [])
            if level is not None and values["cadre_level"] is None and not row.has("cadre_level"):
                values["cadre_level"] = level
                if level != rank:
                    row.notice("rank", f"按词表记为“{level}”")
            else:
                extra_notes.append(("rank", "职级"))
                if level is None:
                    unmapped[rank] = None
        values["notes"] = _notes(row, extra_notes)
        given = {k: v for k, v in values.items() if v is not None}
        found = people.get((target or "", name_key(name)), [])
        if len(found) > 1:
            row.problems.append(row.issue("name", f"该单位已有 {len(found)} 个同名人员，无法确定更新哪一个"))
        existing = found[0] if len(found) == 1 else None
        person, changed = _apply(existing, Person(id=uuid7(), name=name, unit_id=target), given)
        results.append(_finish(row, name, [(person, changed, existing is None)]))
    if unmapped:
        shown = "、".join(list(unmapped)[:5]) + ("等" if len(unmapped) > 5 else "")
        notes.append(f"{read.where['rank']}的 {len(unmapped)} 种值（{shown}）不在词表“干部层级”中，已记入备注")
    return results


# --- checklist templates ---------------------------------------------------------------------------

#: The lines under a checklist item's name in a template's body, labelled as the document record's fields.
CHECKLIST_DETAILS: tuple[tuple[str, str], ...] = (
    ("copies", kind_spec("document").field("copies").label),
    ("medium", kind_spec("document").field("medium").label),
    ("copy_type", kind_spec("document").field("copy_type").label),
    ("due", kind_spec("document").field("due").label),
    ("notes", kind_spec("document").field("notes").label),
)


def checklist_body(name: str, details: dict[str, str]) -> str:
    """The material's name on the first line, then "调阅份数：2" and the like, one a line."""
    lines = [name]
    for key, label in CHECKLIST_DETAILS:
        value = details.get(key, "")
        if value:
            lines.append(f"{label}：{value}" if key != "notes" else f"{label}：{value.replace(chr(10), ' ')}")
    return "\n".join(lines)


def parse_checklist_body(body: str) -> tuple[str, dict[str, str]]:
    """Inverse of :func:`checklist_body`: (name, key -> value); unknown lines join the notes."""
    lines = body.split("\n")
    labels = {label: key for key, label in CHECKLIST_DETAILS}
    details: dict[str, str] = {}
    for line in lines[1:]:
        label, sep, value = line.partition("：")
        if sep and label in labels:
            details[labels[label]] = value
        elif line.strip():
            details["notes"] = "；".join(p for p in (details.get("notes", ""), line) if p)
    return lines[0], details


def _checklist_name(template: Record) -> str:
    return parse_checklist_body(template.body)[0] if isinstance(template, Template) else ""


def _section(row: _Row, headings: Sequence[str]) -> tuple[bool, str]:
    """(is a group row, its heading or ""): a row whose only text is in the 序号 column, or a
    name matching a 四个落实 heading with nothing else, such as "一、落实党的路线方针政策和上级决策部署"."""
    filled = [key for key, cell in row.cells.items() if not cell.blank]
    if len(filled) != 1 or filled[0] not in ("seq", "name"):
        return False, ""
    text = row.get(filled[0], cell_text, "")
    heading, _ = match_choice(text, headings)
    if heading is not None:
        return True, heading
    return filled[0] == "seq", ""


def _plan_checklist(ctx: _Vault, read: SheetRead) -> list[RowResult]:
    existing = _index((t for t in ctx.vault.records.iter("template")
                       if isinstance(t, Template) and t.template_kind == CHECKLIST_KIND),
                      lambda t: name_key(_checklist_name(t)))
    headings = ctx.vocab.get("heading", [])
    seen: dict[str, int] = {}
    section = ""
    position = 0
    results = []
    for number, cells in ctx.rows(read):
        row = _Row(read, number, cells)
        is_section, heading = _section(row, headings)
        if is_section:
            section = heading
            text = row.get("seq", cell_text, "") or row.get("name", cell_text, "")
            reason = f"以下各行的类别：{heading}" if heading else "分组行，不在“四个落实”词表中，以下各行不设类别"
            results.append(RowResult(number, SECTION, text, [Issue(number, "", "", reason)]))
            continue
        name = row.get("name", cell_text, "")
        if not name:
            row.problems.append(row.issue("name", "资料名称不能为空"))
            results.append(_finish(row, "", []))
            continue
        position += 1
        _duplicate(seen, name_key(name), row, "资料名称")
        details = {
            "copies": str(row.get("copies", lambda c: cell_int(c, low=1, high=9999, what="份数"), "")),
            "medium": row.get("medium", lambda c: cell_choice(c, "medium", ctx.vocab.get("medium", [])), ""),
            "copy_type": row.get("copy_type",
                                 lambda c: cell_choice(c, "copy_type", ctx.vocab.get("copy_type", [])), ""),
            "due": row.get("due", cell_text, ""),
            "notes": row.get("notes", lambda c: cell_text(c, multiline=True, limit=LONGTEXT_MAX), ""),
        }
        category = row.get("category", lambda c: cell_choice(c, "heading", headings)) or section or None
        found = existing.get(name_key(name), [])
        if len(found) > 1:
            row.problems.append(row.issue("name", f"保密库中已有 {len(found)} 条同名清单模板，无法确定更新哪一条"))
        old = found[0] if len(found) == 1 else None
        values: dict[str, Any] = {"body": checklist_body(name, details), "ord": position}
        if category:
            values["category"] = category
        role = row.get("role", cell_text)
        if role:
            values["role"] = role
        template, changed = _apply(old, Template(id=uuid7(), template_kind=CHECKLIST_KIND), values)
        results.append(_finish(row, name, [(template, changed, old is None)]))
    return results


# --- committing --------------------------------------------------------------------------------------


def commit_intake(vault: Vault, read: SheetRead, *, unit_id: str | None = None, round_id: str | None = None,
                  progress: Progress | None = None) -> IntakePlan:
    """Plan again on the vault as it is now, then save every accepted row in one transaction,
    with one journal entry for the import. Returns the plan that was carried out. ``progress``
    follows the plan (as :func:`plan_intake`); once saving begins, the import is not cancelled."""
    plan = plan_intake(vault, read, unit_id=unit_id, round_id=round_id, progress=progress)
    records = plan.records
    with vault.transaction():
        # The store's bulk save inside our transaction (as Vault.attach does), so the records and
        # the import's journal entry are written together or not at all.
        vault.records.save_within(records)
        vault.journal.append("intake-xlsx", {
            "file": read.file_name, "as": read.as_kind, "sheet": read.sheet, "unit": plan.unit_label,
            "round": plan.round_label,
            "new": plan.count(NEW), "updated": plan.count(UPDATE), "same": plan.count(SAME),
            "rejected": plan.count(REJECTED)})
    plan.committed = True
    return plan


def find_unit(vault: Vault, name: str, round_id: str | None = None) -> Unit:
    """The unit called ``name`` (spaces and full-width ignored), in ``round_id`` when given;
    IntakeError when none or several."""
    found = [u for u in vault.records.iter("unit") if name_key(u.label()) == name_key(name)
             and (round_id is None or getattr(u, "round_id", None) == round_id)]
    if len(found) != 1:
        raise IntakeError("unknown_unit" if not found else "ambiguous_unit", name)
    unit = found[0]
    assert isinstance(unit, Unit)
    return unit


def kinds_written(as_kind: str) -> tuple[str, ...]:
    """The record kinds an import of ``as_kind`` may create or change (lists to refresh)."""
    return {"units": ("unit", "person"), "roster": ("person",), "checklist": ("template",),
            "teams": ("team", "member"), "lead-feedback": ("lead",), "rectification": ("rectification",)}[as_kind]

