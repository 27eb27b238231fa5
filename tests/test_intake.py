"""Import from Excel: messy real-world sheets mapped, rows validated with reasons, re-import a no-op,
and hostile workbooks refused by the ZIP checks before openpyxl parses them (docs/security.md §5)."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.domain.records import Person, Template, Unit, VocabEntry
from app.exchange.xlsx import intake_guard, intake_sheet
from app.exchange.xlsx.intake import (
    CHECKLIST_KIND,
    NEW,
    REJECTED,
    SAME,
    SECTION,
    UPDATE,
    IntakePlan,
    commit_intake,
    match_choice,
    parse_checklist_body,
    plan_intake,
    read_workbook,
)
from app.exchange.xlsx.intake_guard import IntakeError
from app.storage.vault import Vault

# --- building workbooks ----------------------------------------------------------------------------


def make_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, merges: Sequence[str] = (), title: str = "Sheet1",
              before: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    wb = openpyxl.Workbook()
    if before is not None:
        before(wb)
    ws = wb.active if before is None else wb.create_sheet(title)
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def xlsx_bytes(rows: Sequence[Sequence[Any]] = (("姓名", "性别"), ("张三", "男"))) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The same workbook with some parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def patch_central(data: bytes, name: str, *, file_size: int | None = None, compress_size: int | None = None,
                  flags: int | None = None, offset_of: str | None = None) -> bytes:
    """Rewrite fields of ``name``'s central-directory header (and its local header's sizes)."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    encoded = name.encode()
    at = 0
    while True:
        at = buf.find(b"PK\x01\x02", at)
        assert at >= 0, name
        name_len = struct.unpack("<H", buf[at + 28:at + 30])[0]
        if bytes(buf[at + 46:at + 46 + name_len]) == encoded:
            break
        at += 4
    local = infos[name].header_offset
    if file_size is not None:
        buf[at + 24:at + 28] = struct.pack("<I", file_size)
        buf[local + 22:local + 26] = struct.pack("<I", file_size)
    if compress_size is not None:
        buf[at + 20:at + 24] = struct.pack("<I", compress_size)
    if flags is not None:
        buf[at + 8:at + 10] = struct.pack("<H", flags)
    if offset_of is not None:
        buf[at + 42:at + 46] = struct.pack("<I", infos[offset_of].header_offset)
    return bytes(buf)


def refused(tmp_path: Path, data: bytes, as_kind: str = "roster", name: str = "x.xlsx") -> IntakeError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IntakeError) as caught:
        read_workbook(path, as_kind)
    return caught.value


def imported(vault: Vault, path: Path, as_kind: str, **kw: Any) -> IntakePlan:
    return commit_intake(vault, read_workbook(path, as_kind), **kw)


def by_row(plan: IntakePlan) -> dict[int, Any]:
    return {r.row: r for r in plan.rows}


# --- units ----------------------------------------------------------------------------------------


UNITS = [
    ["2024年第一轮巡察被巡察单位名单"],
    [],
    ["序　号", "＊单位名称", " 党组织类型 ", "单位\n类别", "主要负责人", "联系人", None, "在编人数", "备 注"],
    [None, None, None, None, None, "姓名", "电话", None, None],
    [1, "市水务局", "党组", "行政机关", "张三（局长）", "李四", 13800138000, 45, "无"],
    [2, " 市财政局", "党组 ", "行政机关", "王五、赵六", "钱七", "0571-88001234", "约50人", None],
    [3, "市人民医院", "党委会", "事业单位", "孙八", "周九", "1", 300, None],
    [4, "市水务局", "党组", None, None, None, None, None, None],
]


@pytest.fixture
def units_file(tmp_path: Path) -> Path:
    return make_xlsx(tmp_path / "单位名单.xlsx", UNITS, merges=("A1:I1", "F3:G3", "A3:A4", "B3:B4"))


def test_units_title_row_merged_two_row_header_and_odd_spacing(vault: Vault, units_file: Path) -> None:
    read = read_workbook(units_file, "units")
    assert (read.header.row, read.header.rows) == (4, "3–4")
    mapping = dict(read.mapping())
    assert mapping["联系人姓名"] == "联络员" and mapping["联系人电话"] == "联络员电话"
    assert mapping["＊单位名称"] == "单位名称" and mapping["单位 类别"] == "备注（单位类别）"
    plan = commit_intake(vault, read)
    rows = by_row(plan)
    assert rows[5].status == NEW
    assert rows[6].status == REJECTED  # 约50人 is no number
    assert "H 列“在编人数”" in rows[6].detail() and "整数" in rows[6].detail()
    assert rows[7].status == REJECTED and "党委会" in rows[7].detail() and "党组、党委" in rows[7].detail()
    assert rows[8].status == REJECTED and "与第 5 行" in rows[8].detail()
    units = vault.records.list("unit")
    assert [u.name for u in units] == ["市水务局"]
    unit = units[0]
    assert isinstance(unit, Unit)
    assert (unit.unit_type, unit.liaison, unit.liaison_phone, unit.headcount) == ("党组", "李四", "13800138000", 45)
    assert unit.notes == "无；单位类别：行政机关"
    leader = vault.records.list("person")[0]
    assert isinstance(leader, Person)
    assert (leader.name, leader.post, leader.unit_id, leader.leadership, leader.mandatory) == \
        ("张三", "局长", unit.id, True, True)


def test_same_file_twice_changes_nothing_then_an_edit_is_an_update(vault: Vault, tmp_path: Path) -> None:
    rows = [["单位名称", "主要负责人", "联系电话"], ["市水务局", "张三、李四", "123"], ["市财政局", "王五", ""]]
    path = make_xlsx(tmp_path / "u.xlsx", rows)
    first = imported(vault, path, "units")
    assert [r.status for r in first.rows] == [NEW, NEW]
    digest = vault.records.content_digest()
    second = imported(vault, path, "units")
    assert [r.status for r in second.rows] == [SAME, SAME]
    assert vault.records.content_digest() == digest
    assert (vault.records.count("unit"), vault.records.count("person")) == (2, 3)
    rows[1][2] = "456"
    rows[2][1] = "王五、马六"
    third = imported(vault, make_xlsx(tmp_path / "u2.xlsx", rows), "units")
    assert third.rows[0].status == UPDATE and third.rows[0].changed == ["联络员电话"]
    assert third.rows[1].status == UPDATE and third.rows[1].changed == ["新增主要负责人 马六"]
    assert (vault.records.count("unit"), vault.records.count("person")) == (2, 4)
    actions = [e.action for e in vault.journal.entries()]
    assert actions.count("intake-xlsx") == 3


def test_an_empty_cell_does_not_erase_what_a_record_holds(vault: Vault, tmp_path: Path) -> None:
    vault.records.save(Unit(name="市水务局", address="北京路1号", liaison="李四"))
    path = make_xlsx(tmp_path / "u.xlsx", [["单位名称", "地址", "联络员"], ["市水务局", None, "王五"]])
    plan = imported(vault, path, "units")
    assert plan.rows[0].status == UPDATE and plan.rows[0].changed == ["联络员"]
    unit = vault.records.list("unit")[0]
    assert isinstance(unit, Unit) and (unit.address, unit.liaison) == ("北京路1号", "王五")


def test_units_team_lookup_by_name(vault: Vault, tmp_path: Path) -> None:
    from app.domain.records import Team

    team = vault.records.save(Team(name="第一巡察组"))
    path = make_xlsx(tmp_path / "u.xlsx", [["单位名称", "巡察组"], ["甲局", "第 一 巡察组"], ["乙局", "第九巡察组"]])
    plan = imported(vault, path, "units")
    assert plan.rows[0].status == NEW and plan.rows[1].status == REJECTED
    assert "没有名为“第九巡察组”的巡察组" in plan.rows[1].detail()
    unit = vault.records.list("unit")[0]
    assert isinstance(unit, Unit) and unit.team_id == team.id


# --- rosters --------------------------------------------------------------------------------------


ROSTER_HEADER = ["序号", "姓  名", "性别", "民族", "出生年月（年.月）", "身份证号", "部门", "现任职务", "职级",
                 "是否班子成员", "联系电话"]


def roster(tmp_path: Path, rows: Sequence[Sequence[Any]], name: str = "名册.xlsx") -> Path:
    return make_xlsx(tmp_path / name, [["市水务局干部名册"], ROSTER_HEADER, *rows], merges=("A1:K1",))


@pytest.fixture
def unit(vault: Vault) -> Unit:
    saved = vault.records.save(Unit(name="市水务局"))
    assert isinstance(saved, Unit)
    return saved


def test_roster_rows_become_people_of_the_unit(vault: Vault, unit: Unit, tmp_path: Path) -> None:
    path = roster(tmp_path, [
        [1, "周局长", "男", "汉族", 1968.05, "110101196805051234", "局领导", "局长", "正处级", "是", 13900000000],
        [2, "吴 芳", "女性", "汉族", "1980年5月", "110101198005051234", "办公室", "主任", "一般干部", "否", None],
        [3, "郑工", "男", "回族", dt.datetime(1990, 3, 1), None, "工程科", "科员", None, None, "0571-1"],
        [4, "冯某", "男", "汉族", 19850612, None, None, "科员", None, None, None],
    ])
    plan = imported(vault, path, "roster", unit_id=unit.id)
    assert [r.status for r in plan.rows] == [NEW, NEW, NEW, NEW]
    assert "身份证号" in dict(plan.read.mapping()) and "不导入" in dict(plan.read.mapping())["身份证号"]
    assert plan.read.header.unused == ["民族"]
    people = {p.name: p for p in vault.records.list("person") if isinstance(p, Person)}
    zhou, wu, zheng = people["周局长"], people["吴 芳"], people["郑工"]
    assert (zhou.unit_id, zhou.gender, zhou.birth_year, zhou.post, zhou.leadership, zhou.phone) == \
        (unit.id, "男", 1968, "局长", True, "13900000000")
    assert zhou.cadre_level == "" and zhou.notes == "部门：局领导；职级：正处级"  # 正处级 is no cadre level here
    assert plan.notes == ["I 列“职级”的 1 种值（正处级）不在词表“干部层级”中，已记入备注"]
    assert (wu.gender, wu.birth_year, wu.cadre_level, wu.leadership) == ("女", 1980, "一般干部", False)
    assert zheng.birth_year == 1990 and people["冯某"].birth_year == 1985
    everything = repr(vault.records.list("person"))
    assert "110101196805051234" not in everything and "汉族" not in everything


def test_vocabulary_mapping_is_tolerant_only_when_unambiguous(vault: Vault, unit: Unit, tmp_path: Path) -> None:
    for order, value in enumerate(("正处级", "副处级", "副科级"), 10):
        vault.records.save(VocabEntry(vocabulary="cadre_level", value=value, ord=order, active=True))
    path = make_xlsx(tmp_path / "r.xlsx", [
        ["姓名", "干部层级"], ["甲", "正处"], ["乙", "副"], ["丙", "县管"], ["丁", "处级"], ["戊", "村（社区）干部"],
        ["己", "　正 处 级　"],
    ])
    plan = imported(vault, path, "roster", unit_id=unit.id)
    rows = plan.rows
    assert [r.status for r in rows] == [NEW, REJECTED, NEW, REJECTED, NEW, NEW]
    assert "“副”不完整，可能是：副处级、副科级" in rows[1].detail()
    assert "不在词表“干部层级”中" in rows[3].detail()
    levels = {p.name: p.cadre_level for p in vault.records.list("person") if isinstance(p, Person)}
    assert levels == {"甲": "正处级", "丙": "县管干部", "戊": "村(社区)干部", "己": "正处级"}
    assert match_choice("纸质版", ["纸质", "电子"]) == ("纸质", [])
    assert match_choice("纸质、电子", ["纸质", "电子"]) == (None, [])
    assert match_choice("复印", ["原件", "复印件"]) == ("复印件", [])
    assert match_choice("一般", ["一般干部", "一般"]) == ("一般", [])


def test_rejected_rows_say_row_column_value_and_why(vault: Vault, unit: Unit, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生年月", "职务", "是否必谈"])
    ws.append(["甲", "未知", "75.3", "科员", "是"])
    ws.append(["乙", "男", 1975, "=A3", "可能"])
    ws.append([None, "男", 1975, "科员", None])
    ws.append(["丙", "女", "1975.03", None, "√"])
    literal = ws.cell(6, 4, "=HYPERLINK(\"http://x\")")
    literal.data_type = "s"  # text that starts with "=", not a formula
    ws.cell(6, 1, "丁")
    wb.save(path)
    plan = imported(vault, path, "roster", unit_id=unit.id)
    rows = by_row(plan)
    first = rows[2]
    assert first.status == REJECTED
    assert [(i.row, i.column, i.value) for i in first.issues] == [
        (2, "B 列“性别”", "未知"), (2, "C 列“出生年月”", "75.3")]
    assert "四位年份" in first.issues[1].reason
    second = rows[3]
    assert second.status == REJECTED and "公式" in second.issues[0].reason and second.issues[0].column == "D 列“职务”"
    assert "应填“是”或“否”" in second.issues[1].reason
    assert rows[4].status == REJECTED and rows[4].issues[0].reason == "姓名不能为空"
    assert rows[5].status == NEW and rows[6].status == NEW
    people = {p.name: p for p in vault.records.list("person") if isinstance(p, Person)}
    assert set(people) == {"丙", "丁"}
    assert people["丙"].mandatory is True and people["丙"].birth_year == 1975
    assert people["丁"].post == "=HYPERLINK(\"http://x\")"


def test_roster_needs_a_unit_or_a_unit_column(vault: Vault, unit: Unit, tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", [["姓名"], ["甲"]])
    with pytest.raises(IntakeError) as caught:
        plan_intake(vault, read_workbook(path, "roster"))
    assert caught.value.reason == "no_unit"
    path = make_xlsx(tmp_path / "r2.xlsx",
                     [["姓名", "所在单位"], ["甲", "市 水务局"], ["乙", "不存在局"], ["甲", "市水务局"]])
    plan = imported(vault, path, "roster")
    assert [r.status for r in plan.rows] == [NEW, REJECTED, REJECTED]
    assert "与第 2 行同一单位的同名人员重复" in plan.rows[2].detail()
    person = vault.records.list("person")[0]
    assert isinstance(person, Person) and person.unit_id == unit.id


def test_same_name_in_two_units_is_two_people(vault: Vault, unit: Unit, tmp_path: Path) -> None:
    other = vault.records.save(Unit(name="市财政局"))
    path = make_xlsx(tmp_path / "r.xlsx", [["姓名", "职务"], ["张伟", "科长"]])
    imported(vault, path, "roster", unit_id=unit.id)
    plan = imported(vault, path, "roster", unit_id=other.id)
    assert plan.rows[0].status == NEW and vault.records.count("person") == 2
    assert imported(vault, path, "roster", unit_id=other.id).rows[0].status == SAME


def test_sheet_is_chosen_by_its_header_and_hidden_sheets_are_skipped(vault: Vault, unit: Unit, tmp_path: Path) -> None:
    def sheets(wb: openpyxl.Workbook) -> None:
        wb.active.title = "填表说明"
        wb.active.append(["请按下表填写"])
        hidden = wb.create_sheet("隐藏")
        hidden.append(["姓名", "性别", "职务", "联系电话"])
        hidden.append(["隐藏人", "男", "x", "1"])
        hidden.sheet_state = "hidden"

    path = make_xlsx(tmp_path / "r.xlsx", [["姓名", "职务"], ["甲", "科员"]], title="名册", before=sheets)
    read = read_workbook(path, "roster")
    assert read.sheet == "名册" and [n for n, _ in read.rows] == [2]
    assert read_workbook(path, "roster", sheet="隐藏").rows[0][1]["name"].value == "隐藏人"
    with pytest.raises(IntakeError) as caught:
        read_workbook(path, "roster", sheet="没有")
    assert caught.value.reason == "no_sheet"


def test_no_header_is_one_clear_refusal(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", [["甲", "乙"], ["1", "2"]])
    with pytest.raises(IntakeError) as caught:
        read_workbook(path, "roster")
    assert caught.value.reason == "no_header" and "“姓名”" in str(caught.value)


def test_blank_rows_are_skipped_and_row_numbers_stay_true(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", [["姓名"], ["甲"], [], [None], ["乙"]])
    assert [n for n, _ in read_workbook(path, "roster").rows] == [2, 5]


def test_row_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake_sheet, "MAX_ROWS", 50)
    path = make_xlsx(tmp_path / "r.xlsx", [["姓名"], *([f"人{i}"] for i in range(51))])
    with pytest.raises(IntakeError) as caught:
        read_workbook(path, "roster")
    assert caught.value.reason == "too_many_rows"
    assert len(read_workbook(make_xlsx(tmp_path / "ok.xlsx", [["姓名"], *([f"人{i}"] for i in range(50))]),
                             "roster").rows) == 50


# --- checklist templates ---------------------------------------------------------------------------


CHECKLIST = [
    ["调阅资料清单（模板）"],
    ["序号", "资料名称", "份数", "纸质/电子", "原件/复印件", "备注"],
    ["一、落实党的路线方针政策和上级决策部署"],
    [1, "党委会会议记录（近三年）", "1套", "纸质版", "原件", "阅后归还"],
    [2, "三重一大事项决策制度", 2, "电子", "复印", None],
    ["二、落实全面从严治党战略部署"],
    [1, "民主生活会材料", None, None, None, None],
    ["（五）其他材料"],
    [2, "上轮巡察整改台账", "若干", "纸质、电子", None, None],
]


def test_checklist_lines_become_templates_with_sections(vault: Vault, tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "清单.xlsx", CHECKLIST, merges=("A1:F1", "A3:F3", "A6:F6", "A8:F8"))
    plan = imported(vault, path, "checklist")
    rows = by_row(plan)
    assert [rows[n].status for n in range(3, 10)] == [SECTION, NEW, NEW, SECTION, NEW, SECTION, REJECTED]
    assert "份数须为" in rows[9].detail() and "纸质、电子" in rows[9].detail()
    templates = sorted((t for t in vault.records.list("template") if isinstance(t, Template)), key=lambda t: t.ord or 0)
    assert [t.template_kind for t in templates] == [CHECKLIST_KIND] * 3
    assert [t.ord for t in templates] == [1, 2, 3]
    first = templates[0]
    assert first.category == "落实党的路线方针政策和上级决策部署"
    assert first.body == "党委会会议记录（近三年）\n调阅份数：1\n纸质/电子：纸质\n原件/复印件：原件\n备注：阅后归还"
    assert parse_checklist_body(first.body) == ("党委会会议记录（近三年）", {
        "copies": "1", "medium": "纸质", "copy_type": "原件", "notes": "阅后归还"})
    assert parse_checklist_body(templates[1].body)[1] == {"copies": "2", "medium": "电子", "copy_type": "复印件"}
    assert templates[2].category == "落实全面从严治党战略部署" and templates[2].body == "民主生活会材料"
    again = imported(vault, path, "checklist")
    assert {r.status for r in again.rows} <= {SAME, SECTION, REJECTED}
    assert vault.records.count("template") == 3


# --- command line ----------------------------------------------------------------------------------


def test_cli_dry_run_strict_and_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, main
    from app.storage.kdf import TEST_PARAMS

    vault_path = tmp_path / "v.xcv"
    Vault.create(vault_path, "口令 test 2024", kdf=TEST_PARAMS).close()
    monkeypatch.setenv("XUNCHA_PASSPHRASE", "口令 test 2024")
    units = make_xlsx(tmp_path / "u.xlsx", [["单位名称", "党组织类型"], ["市水务局", "党组"], ["市医院", "党委会"]])
    base = ["intake", str(vault_path), str(units), "--as", "units"]

    assert main([*base, "--dry-run"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "第 3 行 未导入 市医院" in out and "将导入：新增 1" in out and "试运行" in out
    assert main([*base, "--strict"]) == EXIT_FAIL
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--strict" in err[0]
    with Vault.open(vault_path, "口令 test 2024") as vault:
        assert vault.records.count("unit") == 0
    assert main(base) == EXIT_OK
    assert "已导入：新增 1，更新 0，未变 0，未导入 1" in capsys.readouterr().out

    people = make_xlsx(tmp_path / "r.xlsx", [["姓名", "职务"], ["张三", "局长"]])
    assert main(["intake", str(vault_path), str(people), "--as", "roster", "--unit", "市 水务局"]) == EXIT_OK
    assert "所在单位：市水务局" in capsys.readouterr().out
    assert main(["intake", str(vault_path), str(people), "--as", "roster", "--unit", "没有"]) == EXIT_FAIL
    assert "没有这个被巡察单位" in capsys.readouterr().err
    assert main(["intake", str(vault_path), str(people), "--as", "units", "--unit", "x"]) == EXIT_USAGE
    capsys.readouterr()

    fake = tmp_path / "名册.xlsx"
    fake.write_text("姓名,职务\n张三,局长\n", encoding="utf-8")
    monkeypatch.delenv("XUNCHA_PASSPHRASE")  # a refused file is refused before any passphrase is asked
    assert main(["intake", str(vault_path), str(fake), "--as", "roster"]) == EXIT_FAIL
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "CSV" in err[0] and "Traceback" not in err[0]
    with Vault.open(vault_path, "口令 test 2024") as vault:
        assert (vault.records.count("unit"), vault.records.count("person")) == (1, 1)


# --- hostile files -----------------------------------------------------------------------------------


def test_defusedxml_is_what_openpyxl_parses_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import openpyxl.xml
    from openpyxl.xml import functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert refused(tmp_path, xlsx_bytes()).reason == "no_defusedxml"


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    ("姓名,职务\n张三,局长\n".encode(), "csv"),
    ("姓名\t职务\n张三\t局长\n".encode("gb18030"), "csv"),
    (b"<html><body><table><tr><td>x</td></tr></table></body></html>", "html"),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "html"),
    (intake_guard.OLE_MAGIC + bytes(504), "old_xls"),
    (b"%PDF-1.7\n", "pdf"),
    (bytes(range(256)) * 4, "not_xlsx"),
    (b"PK\x03\x04" + bytes(100), "damaged"),
])
def test_files_that_are_not_xlsx(tmp_path: Path, data: bytes, reason: str) -> None:
    assert refused(tmp_path, data).reason == reason


def test_other_zip_formats_are_named(tmp_path: Path) -> None:
    def plain_zip(names: Sequence[str]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for name in names:
                zf.writestr(name, b"<x/>")
        return out.getvalue()

    assert refused(tmp_path, plain_zip(["[Content_Types].xml", "xl/workbook.bin"])).reason == "xlsb"
    assert refused(tmp_path, plain_zip(["mimetype", "content.xml"])).reason == "ods"
    assert refused(tmp_path, plain_zip(["[Content_Types].xml", "word/document.xml"])).reason == "other_office"
    assert refused(tmp_path, plain_zip(["a.txt"])).reason == "not_xlsx"


LAUGHS = (b'<?xml version="1.0"?>\n%s<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl as opx

    def no_parse(*args: Any, **kw: Any) -> None:
        raise AssertionError("openpyxl was reached")

    monkeypatch.setattr(opx, "load_workbook", no_parse)
    bomb = rezip(xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": LAUGHS % b""})
    error = refused(tmp_path, bomb)
    assert error.reason == "entities" and "十亿笑声" in str(error)


def test_billion_laughs_hidden_past_the_scan_is_refused_by_defusedxml(tmp_path: Path) -> None:
    padding = b"<!-- " + b"x" * (intake_guard.DOCTYPE_SCAN * 2) + b" -->\n"
    bomb = rezip(xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": LAUGHS % padding})
    assert refused(tmp_path, bomb).reason == "entities"


def test_declared_1_gb_sheet_is_refused_by_the_cap_without_inflating(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    huge = patch_central(xlsx_bytes(), "xl/worksheets/sheet1.xml", file_size=1 << 30)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: (_ for _ in ()).throw(AssertionError("opened")))
    error = refused(tmp_path, huge)
    assert error.reason == "entry_too_large" and "1024 MB" in str(error)


def test_zip_bomb_is_refused_by_the_ratio_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zeros = b"<x>" + bytes(24 << 20) + b"</x>"  # 24 MiB that deflate to ~24 KiB
    bomb = rezip(xlsx_bytes(), add={"xl/bomb.xml": zeros})
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: (_ for _ in ()).throw(AssertionError("opened")))
    error = refused(tmp_path, bomb)
    assert error.reason == "ratio" and "压缩炸弹" in str(error)


def test_total_size_cap(tmp_path: Path) -> None:
    data = xlsx_bytes()
    for name in ("xl/styles.xml", "xl/theme/theme1.xml", "docProps/app.xml"):
        data = patch_central(data, name, file_size=90 << 20, compress_size=1 << 20)
    assert refused(tmp_path, data).reason == "total_too_large"


def test_a_size_that_lies_low_stops_inflation_at_the_declared_size(tmp_path: Path) -> None:
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_bytes())).read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"</worksheet>", b"<!--" + b"y" * (8 << 20) + b"--></worksheet>")
    data = rezip(xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": padded})
    lying = patch_central(data, "xl/worksheets/sheet1.xml", file_size=len(sheet))
    assert refused(tmp_path, lying).reason in ("damaged", "unreadable")


def test_too_many_entries_refused_from_the_end_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = {f"xl/media/pad{i}.xml": b"" for i in range(intake_guard.MAX_ENTRIES)}
    data = rezip(xlsx_bytes(), add=extra, compression=zipfile.ZIP_STORED)
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed")))
    assert refused(tmp_path, data).reason == "too_many_entries"


def test_overlapping_entries_refused(tmp_path: Path) -> None:
    data = rezip(xlsx_bytes(), add={"xl/extra.xml": b"<x/>"})
    overlapping = patch_central(data, "xl/extra.xml", offset_of="xl/workbook.xml")
    assert refused(tmp_path, overlapping).reason == "overlap"


def test_encrypted_odd_and_duplicate_entries_refused(tmp_path: Path) -> None:
    good = xlsx_bytes()
    assert refused(tmp_path, patch_central(good, "xl/styles.xml", flags=0x1)).reason == "encrypted"
    for name in ("../evil.xml", "/abs.xml", "xl\\win.xml"):
        assert refused(tmp_path, rezip(good, add={name: b"<x/>"})).reason == "odd_entry", name
    link = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(link, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        info = zipfile.ZipInfo("xl/link.xml")
        info.external_attr = 0o120777 << 16
        dst.writestr(info, "/etc/passwd")
    assert refused(tmp_path, link.getvalue()).reason == "odd_entry"
    with pytest.warns(UserWarning):
        twice = rezip(good, add={"xl/workbook.xml": b"<x/>"})
    assert refused(tmp_path, twice).reason == "duplicate"
    assert refused(tmp_path, rezip(good, add={"xl/a.bin": zlib.compress(b"x")}, compression=zipfile.ZIP_BZIP2)) \
        .reason == "odd_entry"


def test_file_size_cap_and_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake_guard, "MAX_FILE", 1000)
    assert refused(tmp_path, xlsx_bytes()).reason == "too_large"
    with pytest.raises(IntakeError) as caught:
        read_workbook(tmp_path / "none.xlsx", "roster")
    assert caught.value.reason == "not_found"


def test_formula_cells_are_never_evaluated_and_refuse_their_row(vault: Vault, unit: Unit, tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", [["序号", "姓名", "职务"], ["=ROW()-1", "甲", "=\"局\"&\"长\""],
                                          ["=ROW()-1", "乙", "科员"]])
    plan = imported(vault, path, "roster", unit_id=unit.id)
    assert [r.status for r in plan.rows] == [REJECTED, NEW]  # a formula 序号 is not imported, so it is no matter
    assert "公式" in plan.rows[0].detail()
    assert [p.label() for p in vault.records.list("person")] == ["乙"]


def test_example_workbooks_import_as_docs_intake_md_says(vault: Vault, tmp_path: Path) -> None:
    from app.exchange.xlsx import intake_examples as ex
    from app.exchange.xlsx.intake import find_unit

    shipped = Path(__file__).resolve().parent.parent / "resources" / "examples"
    fresh = ex.write_examples(tmp_path)
    for path in fresh:  # the files in the repository are what the generator makes
        shipped_wb, fresh_wb = openpyxl.load_workbook(shipped / path.name), openpyxl.load_workbook(path)
        assert [list(ws.values) for ws in shipped_wb] == [list(ws.values) for ws in fresh_wb], path.name
    units = imported(vault, shipped / ex.UNITS_FILE, "units")
    assert (units.count(NEW), units.count(REJECTED)) == (5, 1)
    roster_plan = imported(vault, shipped / ex.ROSTER_FILE, "roster", unit_id=find_unit(vault, ex.ROSTER_UNIT).id)
    assert (roster_plan.count(NEW), roster_plan.count(UPDATE), roster_plan.count(REJECTED)) == (6, 1, 1)
    checklist = imported(vault, shipped / ex.CHECKLIST_FILE, "checklist")
    assert (checklist.count(NEW), checklist.count(SECTION), checklist.count(REJECTED)) == (9, 4, 1)
