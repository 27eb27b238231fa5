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
PLUGINS: tuple[str, ...] = ("app.services.stats_tables", "app.services.revisit", "app.services.supervision")


@dataclass(frozen=True)
class Column:
    """One column: ``key`` as printed (``leads_transferred_per_unit``), ``label`` as the workbook heads it."""

    key: str
    label: str
    #: "text", "int", "figure" (two decimals), "date": how the workbook formats it.
    kind: str = "int"


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
