"""The ``stats`` command: one statistics table of the vault as ``key: value`` lines (issue 14 §1).

    stats VAULT [--round T] [--today D] --table NAME [--out FILE.xlsx] [--cadre 县管干部]

The tables are those registered in app/services/stats.py (``--table`` lists them); ``--out`` writes the
same table as a formatted workbook (text cells never formulas).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from app.cli import EXIT_OK, EXIT_USAGE, CliError, open_vault, out
from app.services import stats
from app.services.rounds import find_round

Add = Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser]


def register(add: Add) -> None:
    p = add("stats", "统计表（汇总）：按表名打印“键: 值”行，可同时写出 Excel", cmd_stats)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--table", required=True, metavar="NAME",
                   help="统计表：teams、units、leads、headings、cross、sectors、province 等")
    p.add_argument("--round", metavar="TITLE|ID", help="只统计此轮次（名称或编号；默认全部轮次）")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="计算期限和天数的日期（默认今天）")
    p.add_argument("--cadre", default="县管干部", metavar="LEVEL", help="统计涉及此干部层级的线索（默认县管干部）")
    p.add_argument("--out", metavar="FILE.xlsx", help="同时写出 Excel 工作簿（不覆盖已有文件）")


def _today(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CliError(f"--today 应为日期，如 2024-12-01：{text[:20]}", EXIT_USAGE) from exc


def cmd_stats(args: argparse.Namespace) -> int:
    today = _today(args.today)
    if args.out:
        if not args.out.lower().endswith(".xlsx"):
            raise CliError("输出文件须以 .xlsx 结尾", EXIT_USAGE)
        if Path(args.out).exists():
            raise CliError(f"目标位置已有文件，不会覆盖：{args.out}")
    if args.table not in stats.tables():  # refused before the passphrase is asked for
        raise CliError(f"没有名为“{args.table}”的统计表；可用的统计表：{'、'.join(sorted(stats.tables()))}",
                       EXIT_USAGE)
    with open_vault(args.vault) as vault:
        round_id = find_round(vault, args.round).id if args.round else None
        table = stats.compute(vault, args.table, stats.StatQuery(round_id, today, args.cadre.strip()))
        if args.out:
            stats.write_workbook(vault, args.out, [table], heading=stats.heading(vault, round_id, today))
    for line in table.lines():
        out("{0}", line)
    if args.out:
        out("已生成 {0}", args.out)
    return EXIT_OK
