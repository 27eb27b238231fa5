"""``history``: one organisation's problems in every round, with rectification and 回头看 (issue 14 §2).

    history VAULT --unit NAME|ORG_KEY [--accept-repeats | --accept PROBLEM_ID ...]

The unit is found by its name or 单位编码 across rounds (app/domain/revisit.py, org_identity). Each
round lists the unit's problems with their rectification items (status, 回头看评估); a problem found
again from an earlier round shows its flags (屡改屡犯, 纸面整改) and the earlier problem.

Accepting is done here, per unit, because that is where a clerk sees both problems side by side:
``--accept-repeats`` links every flagged problem of the unit to the earlier one (relation 重复发现),
``--accept ID`` only the problems named. The history is printed after the links are written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from app.cli import EXIT_OK, EXIT_USAGE, CliError, open_vault, out

Add = Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser]


def cmd_history(args: argparse.Namespace) -> int:
    from app.services.revisit import RevisitError, accept_repeats, find_org, unit_history

    if args.accept_repeats and args.accept:
        raise CliError("--accept-repeats 与 --accept 不同用", EXIT_USAGE)
    with open_vault(args.vault) as vault:
        try:
            org = find_org(vault, args.unit)
            made = accept_repeats(vault, org, args.accept) if args.accept_repeats or args.accept else None
        except RevisitError as exc:
            raise CliError(str(exc)) from exc
        history = unit_history(vault, org)
    out("单位：{0}（{1}）", history.name, history.org.removeprefix("key:").removeprefix("name:"))
    for rnd in history.rounds:
        out("轮次：{0}（{1}）", rnd.title, rnd.team or "未分配巡察组")
        if not rnd.problems:
            out("  （无反馈问题）")
        for problem in rnd.problems:
            out("  问题 {0}：{1}［{2}{3}］（编号 {4}）", problem.seq if problem.seq is not None else "-", problem.title,
                problem.heading, f"／{problem.tag}" if problem.tag else "", problem.id)
            for item in problem.items:
                out("    整改：{0}｜{1}｜回头看：{2}", item.title, item.status or "未填",
                    item.revisit_result or "未评估")
            if not problem.items:
                out("    整改：（无整改事项）")
            if problem.flags:
                out("    标记：{0}（上轮问题：{1}，编号 {2}）{3}", "、".join(problem.flags), problem.earlier_title,
                    problem.earlier_id, "［已确认重复发现］" if problem.accepted else "［未确认］")
    flagged = history.flagged
    out("repeats: {0}", len(flagged))
    out("纸面整改: {0}", sum(1 for p in flagged if "纸面整改" in p.flags))
    if made is not None:
        out("已确认重复发现：新建关联 {0} 条", len(made))
    return EXIT_OK


def register(add: Add) -> None:
    p = add("history", "历次巡察：一个单位在各轮次的反馈问题、整改情况和回头看评估，标出重复发现的问题", cmd_history)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--unit", required=True, metavar="NAME|ORG_KEY", help="单位名称或单位编码/统一社会信用代码")
    p.add_argument("--accept-repeats", action="store_true",
                   help="确认本单位全部标记的重复发现：关联到上轮的同一问题（关联类型 重复发现）")
    p.add_argument("--accept", action="append", default=[], metavar="PROBLEM_ID",
                   help="只确认这个反馈问题的重复发现（其编号见输出）；可重复")
