"""Example workbooks for the Excel import, as offices hand them out (invented data, docs/domain.md §5).

    python -m app.exchange.xlsx.intake_examples resources/examples

writes 被巡察单位名单.xlsx, 单位人员名册.xlsx and 调阅资料清单模板.xlsx, and the office's four
(巡察组名册.xlsx, 被巡察单位名单-837.xlsx, 线索处置反馈.xlsx, 整改台账.xlsx: app/exchange/xlsx/office_examples.py,
docs/office.md). The first three are deliberately
untidy in the ways real ones are (a merged title row, a two-row header, headers spelled "姓  名"
or in full width, a group row per 四个落实 heading) and each holds one row the import refuses,
so the report can be seen. docs/intake.md walks through importing them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from app.exchange.xlsx import office_examples

UNITS_FILE = "被巡察单位名单.xlsx"
ROSTER_FILE = "单位人员名册.xlsx"
CHECKLIST_FILE = "调阅资料清单模板.xlsx"
#: The unit the example roster belongs to (a row of the example unit list).
ROSTER_UNIT = "某县农业农村局党组"


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width


def units_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    _title(ws, "十五届县委第三轮巡察被巡察单位名单", 9)
    ws.append(["序号", "被巡察单位（党组织）", "党组织类型", "单位性质", "主要负责人", "联系人", None, "在编人数",
               "备注"])
    ws.append([None, None, None, None, None, "姓名", "电话", None, None])
    for column in "ABCDEHI":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("F2:G2")
    ws.append([1, "某县农业农村局党组", "党组", "行政机关", "陈某明（局长）", "林某", 13800000001, 46, None])
    ws.append([2, "某县住房和城乡建设局党组", "党组", "行政机关", "黄某华、吴某（书记）", "郑某", "0000-6100101",
               52, None])
    ws.append([3, "某县人民医院党委", "党委", "事业单位", "周某平", "何某", 13800000003, 410, "二级医院"])
    ws.append([4, "某镇党委", "党委", "乡镇", "徐某", "马某", 13800000004, 38, None])
    ws.append([5, "某街道党工委", "党工委", "街道", "孙某", "朱某", 13800000005, 27, None])
    ws.append([6, "某村党支部", "支部", "村（社区）", "胡某", "郭某", 13800000006, 5, "提级巡察"])  # refused: 支部
    _widths(ws, [6, 28, 11, 10, 24, 8, 14, 9, 12])
    return wb


def roster_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "干部名册"
    _title(ws, f"{ROSTER_UNIT}干部职工名册", 11)
    ws.append(["序号", "姓  名", "性别", "民族", "出生年月", "身份证号", "科室", "现任职务", "职级", "是否班子成员",
               "联系电话"])
    rows = [
        ("陈某明", "男", 1970.03, "局领导", "党组书记、局长", "正科级", "是"),
        ("李某芳", "女", 1975.11, "局领导", "党组成员、副局长", "副科级", "是"),
        ("王某强", "男", "1978年6月", "局领导", "党组成员、副局长", "副科级", "是"),
        ("赵某", "女", dt.datetime(1984, 2, 1), "办公室", "主任", "一级主任科员", "否"),
        ("钱某", "男", 1988.07, "计划财务股", "股长", "二级主任科员", "否"),
        ("孙某丽", "女", 1992.04, "人事股", "股长", "四级主任科员", "否"),
        ("周某", "男", 1996.09, "办公室", "科员", "一级科员", "否"),
        ("吴某", "不详", 1990.01, "农田建设股", "科员", "一级科员", "否"),  # refused: 性别
    ]
    for number, (name, gender, born, dept, post, rank, board) in enumerate(rows, 1):
        ws.append([number, name, gender, "汉族", born, "", dept, post, rank, board, f"1390000{number:04d}"])
    _widths(ws, [6, 10, 6, 6, 10, 20, 12, 18, 14, 12, 14])
    return wb


#: (四个落实 heading, [(material, copies, medium, original or copy, note)]), after 巡察手册 附件6.
CHECKLIST: tuple[tuple[str, tuple[tuple[str, object, str, str, str], ...]], ...] = (
    ("一、落实党的路线方针政策和上级决策部署", (
        ("近三年党组（党委）会议记录、会议纪要及议题清单", "1套", "纸质", "原件", "阅后归还"),
        ("贯彻落实上级重大决策部署的工作方案及总结", 1, "电子", "复印件", ""),
    )),
    ("二、落实全面从严治党战略部署", (
        ("“三重一大”决策制度及执行记录", 1, "纸质", "复印件", ""),
        ("公务接待、差旅、会议、公务用车台账", "1套", "纸质版", "原件", "近三年"),
        ("政府采购及工程招投标合同", 1, "纸质", "复印", ""),
        ("信访件登记台账", 1, "纸质、电子", "原件", ""),  # refused: two media in one cell
    )),
    ("三、落实新时代党的组织路线", (
        ("干部选拔任用工作档案", 1, "纸质", "原件", "须现场查阅"),
        ("民主生活会、组织生活会材料", 1, "纸质", "复印件", ""),
        ("“三会一课”记录", 1, "纸质", "原件", ""),
    )),
    ("四、落实巡视巡察、审计等监督发现问题整改", (
        ("上轮巡察反馈问题整改台账及销号材料", 1, "电子", "复印件", ""),
    )),
)


def checklist_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "调阅清单"
    _title(ws, "巡察调阅资料清单（模板）", 6)
    ws.append(["序号", "资料名称", "份数", "纸质/电子", "原件/复印件", "备注"])
    for heading, items in CHECKLIST:
        ws.append([heading])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for number, (name, copies, medium, copy_type, note) in enumerate(items, 1):
            ws.append([number, name, copies, medium, copy_type, note or None])
    _widths(ws, [6, 44, 8, 11, 12, 14])
    return wb


def write_examples(folder: str | Path) -> list[Path]:
    """Write the seven example workbooks into ``folder``; returns their paths."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    books = {UNITS_FILE: units_workbook(), ROSTER_FILE: roster_workbook(), CHECKLIST_FILE: checklist_workbook(),
             **office_examples.workbooks()}
    for name, wb in books.items():
        path = target / name
        wb.properties.creator = "巡察工作台示例"
        wb.properties.created = dt.datetime(2024, 1, 1)
        wb.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_examples(sys.argv[1] if len(sys.argv) > 1 else "resources/examples"):
        print(written_path)
