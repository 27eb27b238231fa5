"""The ``plan`` command: check, propose and accept a round's assignment (app/services/planning.py).

    plan VAULT --round T --check                      every conflict of the current assignment; exit 1 on a hard one
    plan VAULT --round T --propose --out 分工方案.xlsx   a proposal, nothing written to the vault
    plan VAULT --round T --accept 分工方案.xlsx [--ack TEXT]   write it in one transaction (soft conflicts need --ack)
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from app.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, CliError, open_vault, out
from app.domain.planning import Avoided, Proposal
from app.services import planning
from app.services.rounds import find_round

Add = Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser]


def register(add: Add) -> None:
    p = add("plan", "轮次分工：检查当前分工的回避冲突，生成分工方案，或导入确认后的分工方案", cmd_plan)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--round", required=True, metavar="TITLE|ID", help="轮次名称或编号（ID）")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--check", action="store_true", help="列出当前分工的全部冲突；有硬冲突时返回 1")
    what.add_argument("--propose", action="store_true", help="生成分工方案（须同时给出 --out；不写入保密库）")
    what.add_argument("--accept", metavar="FILE.xlsx",
                      help="导入分工方案，在一个事务中写入各单位的承担巡察组和巡察方式")
    p.add_argument("--out", metavar="FILE.xlsx", help="--propose：写出的分工方案（不覆盖已有文件）")
    p.add_argument("--ack", default="", metavar="TEXT",
                   help="--accept：确认软冲突的依据（如“组织部门已审核”），记入各单位的分工确认记录")


def cmd_plan(args: argparse.Namespace) -> int:
    if args.propose and not args.out:
        raise CliError("--propose 须用 --out 指定分工方案文件", EXIT_USAGE)
    if args.out and Path(args.out).exists():
        raise CliError(f"目标位置已有文件，不会覆盖：{args.out}")
    rows = planning.read_plan(args.accept) if args.accept else None  # a refused file never needs the passphrase
    with open_vault(args.vault) as vault:
        rnd = find_round(vault, args.round)
        if args.check:
            return _print_check(planning.check_round(vault, rnd))
        if args.propose:
            proposal = planning.propose_round(vault, rnd)
            avoided = planning.write_proposal(vault, rnd, proposal, args.out)
            return _print_proposal(proposal, avoided, args.out)
        assert rows is not None
        try:
            result = planning.accept_plan(vault, rnd, rows, args.ack)
        except planning.PlanError as exc:
            if exc.reason == "needs_ack":  # the window asks for the 确认说明; here --ack gives it
                raise CliError(f"{exc}（用 --ack 说明确认依据）") from exc
            raise
    out("已导入分工方案：{0} 行，修改 {1} 个单位，记录软冲突确认 {2} 条", len(rows), result.changed, result.notes)
    return _print_check(result.report, details=False)


def _print_check(report: planning.CheckReport, *, details: bool = True) -> int:
    hard, soft = report.hard, report.soft
    out("单位：{0} / 已分配：{1} / 交叉巡察：{2} / 硬冲突：{3} / 软冲突：{4}",
        report.units, report.assigned, report.cross, len(hard), len(soft))
    for problem in report.problems:
        out("问题：{0}", problem)
    if details:
        for line in planning.conflict_lines(report.found):
            out("{0}\t{1}\t{2}\t{3}\t{4}", *line)
    return EXIT_FAIL if not report.ok else EXIT_OK


def _print_proposal(proposal: Proposal, avoided: list[Avoided], path: str) -> int:
    placed = [r for r in proposal.rows if r.team_id is not None]
    hard = sum(1 for r in placed for c in r.warnings if c.hard)  # the helper never proposes one
    out("单位：{0} / 已分配：{1} / 未分配：{2} / 分工方案中的硬冲突：{3} / 软冲突提示：{4}",
        len(proposal.rows), len(placed), len(proposal.rows) - len(placed), hard,
        sum(len(r.warnings) for r in placed))
    loads = sorted(proposal.loads.values())
    if loads:
        out("各组承担单位数：{0}–{1}", loads[0], loads[-1])
    # First the conflicts of the teams the units list came with (docs/office.md, "Traps for the planner"):
    # what a person checks first, each with its reason and the team proposed instead.
    if avoided:
        conflicts = [c for a in avoided for c in a.conflicts]
        out("原分工的冲突：方案已改派 {0} 个单位，避开硬冲突 {1} 处、软冲突 {2} 处：", len(avoided),
            sum(1 for c in conflicts if c.hard), sum(1 for c in conflicts if not c.hard))
        for item in avoided:
            for line in planning.avoided_text(item):
                out("已避开\t{0}\t{1}\t方案改为：{2}", item.unit_name, line, item.proposed or "（未分配）")
    for row in proposal.unplaced:
        out("未分配\t{0}：没有可承担的巡察组", row.unit_name)
        for exclusion in row.excluded:
            out("  排除\t{0}\t{1}", exclusion.team_name, "；".join(c.reason for c in exclusion.conflicts))
    # What the rules excluded, with its reason: a team's home conflicts once per jurisdiction, the others per unit.
    if any(row.excluded for row in placed):
        out("回避规则排除的巡察组（同一组同一原因只列一次；逐单位见分工方案“已排除的巡察组及原因”列）：")
    codes: Counter[str] = Counter()
    printed: set[tuple[str, str]] = set()
    for row in placed:
        for exclusion in row.excluded:
            for c in exclusion.conflicts:
                codes[c.label] += 1
                where = row.jurisdiction if c.code in ("own_jurisdiction", "member_home") else row.unit_name
                if (exclusion.team_id, c.reason) in printed:
                    continue
                printed.add((exclusion.team_id, c.reason))
                out("排除\t{0}\t{1}\t{2}", where, exclusion.team_name, c.reason)
    for row in placed:
        for c in row.warnings:
            out("软冲突\t{0}\t{1}\t{2}", row.unit_name, row.team_name, c.reason)
    if codes:
        out("排除的组–单位配对：{0}", "，".join(f"{label} {n} 处" for label, n in sorted(codes.items())))
    out("已写出分工方案：{0}", path)
    return EXIT_OK
