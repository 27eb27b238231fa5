"""The office's statistics (汇总, issue 14 §1): named tables, each built from SQL aggregates in
app/storage/stats.py, printed by ``stats`` as ``key: value`` lines and written by ``--out`` as a workbook.

A table is a :class:`StatTable`: columns (the first names the row), rows of plain values, and summary
lines after them. Tables are registered by name (:func:`register`); the tables of other modules
(``repeats``, ``leads-overdue``, ``rectification``) register themselves in their own modules, which
:func:`tables` imports once (:data:`PLUGINS`).

    @register("teams", "巡察组工作进度")
    def teams(vault: Vault, query: StatQuery) -> StatTable: ...
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.storage.vault import Vault

#: A cell: text, a count, a figure (printed with two decimals), a date, or nothing (empty cell / "-").
Cell = str | int | float | dt.date | None

#: Modules whose tables register themselves when imported: the built-in ones, then those of issue 14
#: §2–§4 (a missing one is skipped). Add a module here to add its tables.
PLUGINS: tuple[str, ...] = ("app.services.stats_tables", "app.services.stats_province",
                             "app.services.revisit", "app.services.supervision")


#: The English of the column labels the tables share (the window's English interface heads its tables
#: with them; the workbook and ``stats`` stay Chinese). A label made from data (a cadre level, a
#: round's level and mode, a problem tag) gives its English as ``Column.label_en``; vocabulary values
#: inside it stay as they are, as everywhere in the interface (docs/i18n.md).
LABELS_EN: dict[str, str] = {
    "巡察组": "Team", "轮次": "Round", "被巡察单位": "Inspected unit", "必谈（已谈/应谈）": "Mandatory (done/due)",
    "个别谈话": "Interviews", "受理信访": "Petitions", "问题线索": "Leads", "已签字底稿": "Signed papers",
    "反馈问题": "Problems", "最近交接包序号": "Last handoff no.", "最近交接包日期": "Last handoff date",
    "距今天数": "Days since", "巡察方式": "Mode", "承担巡察组": "Assigned team", "已移交线索": "Leads handed over",
    "统计项": "Dimension", "取值": "Value", "线索数": "Leads", "数量": "Count", "行业系统": "Sector",
    "合计": "Total", "被巡察单位数": "Units", "移交问题线索数": "Leads handed over",
    "单位平均移交线索": "Leads handed over per unit", "发现问题数": "Problems found",
    "单位平均发现问题": "Problems per unit", "统计项目": "Figure", "本级合计": "Own total", "总计": "Grand total",
    "上报个案（另计）": "Reported cases (apart)", "整改单位": "Rectifying unit", "整改事项": "Items",
    "已完成": "Done", "未完成": "Open", "已逾期": "Overdue", "线索编号": "Lead no.", "被反映人": "Subject",
    "移交对象": "Handed over to", "移交时间": "Handed over on", "反馈期限": "Feedback due", "办结期限": "Closure due",
    "逾期情况": "Overdue", "逾期天数": "Days overdue", "反馈日期": "Feedback date", "逾期未完成": "Overdue items",
    "回头看重新整改": "Reopened at revisit", "本轮问题": "Problem (this round)", "上轮问题": "Problem (earlier)",
    "标记": "Flags", "相似度": "Similarity", "已确认重复发现": "Accepted as repeat",
    # the rectification milestones (app/domain/supervision.py MILESTONES) and their due dates
    "整改方案": "Rectification plan", "整改方案期限": "Rectification plan due",
    "专题民主生活会": "Democratic life meeting", "专题民主生活会期限": "Democratic life meeting due",
    "整改情况报告": "Rectification report", "整改情况报告期限": "Rectification report due",
    "主要负责人组织落实情况报告": "Principal's report", "主要负责人组织落实情况报告期限": "Principal's report due",
}


@dataclass(frozen=True)
class Column:
    """One column: ``key`` as printed (``leads_transferred_per_unit``), ``label`` as the workbook heads it."""

    key: str
    label: str
    #: "text", "int", "figure" (two decimals), "date": how the workbook formats it.
    kind: str = "int"
    #: The label in the English interface when :data:`LABELS_EN` has none (a label made from data).
    label_en: str = ""

    @property
    def english(self) -> str:
        """The label in the English interface (the Chinese label when neither gives one: a vocabulary value)."""
        return self.label_en or LABELS_EN.get(self.label, self.label)


@dataclass
class StatTable:
    """One table of figures. ``columns[0]`` names each row (a team, a unit, a mode…)."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    #: Lines after the rows (``ratio: 2.00``, ``overdue feedback: 3``), also under the table in the workbook.
    summary: list[tuple[str, Cell]] = field(default_factory=list)
    #: When set, printed instead of one line per cell (a table whose rows read better whole).
    printed: list[str] | None = None

    def lines(self) -> list[str]:
        """The ``key: value`` lines ``stats`` prints: ``<column> <row>: <value>`` for every cell after the
        first of each row (``leads_transferred_per_unit 交叉: 2.00``), then the summary lines."""
        if self.printed is not None:
            body = list(self.printed)
        else:
            body = [f"{col.key} {format_cell(row[0])}: {format_cell(value)}"
                    for row in self.rows for col, value in zip(self.columns[1:], row[1:], strict=True)]
        return body + [f"{key}: {format_cell(value)}" for key, value in self.summary]


def format_cell(value: Cell) -> str:
    """A value as ``stats`` prints it: figures with two decimals, dates ISO, nothing as ``-``."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class StatQuery:
    """What a table is asked for: a round (None: every round), the day deadlines count from, and the
    cadre level ``--cadre`` counts leads about."""

    round_id: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    cadre: str = "县管干部"


Builder = Callable[[Vault, StatQuery], StatTable]


@dataclass(frozen=True)
class TableDef:
    name: str
    title: str
    build: Builder


REGISTRY: dict[str, TableDef] = {}
_plugins_loaded = False


def register(name: str, title: str) -> Callable[[Builder], Builder]:
    """Register a table builder under ``name`` (the ``--table`` value) with its Chinese ``title``."""

    def add(build: Builder) -> Builder:
        REGISTRY[name] = TableDef(name, title, build)
        return build

    return add


def tables() -> dict[str, TableDef]:
    """Every registered table, the plugin modules' included."""
    global _plugins_loaded
    if not _plugins_loaded:
        _plugins_loaded = True
        for module in PLUGINS:
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name != module:  # a plugin that exists but fails to import is a bug, not absence
                    raise
    return REGISTRY


class UnknownTable(LookupError):
    pass


def compute(vault: Vault, name: str, query: StatQuery) -> StatTable:
    """The table ``name`` of ``vault`` for ``query``; an unknown name lists the tables there are."""
    known = tables()
    if name not in known:
        raise UnknownTable(f"没有名为“{name}”的统计表；可用的统计表：{'、'.join(sorted(known))}")
    return known[name].build(vault, query)


def heading(vault: Vault, round_id: str | None, today: dt.date) -> str:
    """The workbook's title-row note: the round (or 全部轮次) and the date the figures are as of."""
    from app.domain.records import Round

    found = vault.records.find(round_id, Round) if round_id else None
    where = found.title if found is not None else "全部轮次"
    return f"{where}\u3000\u3000截至{today.year}年{today.month}月{today.day}日"


def write_workbook(vault: Vault, path: str | os.PathLike[str], tables_: Sequence[StatTable], *,
                   heading: str = "") -> None:
    """The tables as one formatted workbook, a sheet each (app/export/xlsx/stats_sheet.py), written
    whole or not at all, and the export journalled as every export is (docs/security.md)."""
    from app.export.pdf.audit import record_export
    from app.export.xlsx.stats_sheet import Sheet, write_stats_workbook

    sheets = [Sheet(t.title, [(c.label, c.kind) for c in t.columns], t.rows, t.summary) for t in tables_]
    write_stats_workbook(path, sheets, heading=heading)
    record_export(vault, "export-stats", {"file": os.path.basename(os.fspath(path)),
                                          "tables": [t.name for t in tables_]})
