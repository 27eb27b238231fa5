"""Command line: setting up an office's work from nothing — ``new`` makes an empty vault and
``round`` a round in it (docs/intake.md, "Planning a round from the command line").

With ``intake --as teams|units --round`` after them, a round can be planned without the window.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli import EXIT_OK, EXIT_USAGE, CliError, out, passphrase
from app.services import session

Add = Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser]

ROLE_LABELS = {"office": "巡察办", "team": "巡察组"}


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.vault)
    owner = args.owner.strip()
    if not owner:
        raise CliError("--owner 不能为空（保密库的所有者，如“某市委巡察办”）", EXIT_USAGE)
    if target.exists():
        raise CliError(f"目标位置已有文件，不会覆盖：{target}")
    secret = passphrase(confirm=True)
    try:  # the strength check the window's "新建保密库" applies (docs/security.md, "Passphrases")
        vault = session.create(target, secret, role=args.role, owner=owner)
    except session.WeakPassphrase as exc:
        raise CliError(f"口令强度不足：{exc}", EXIT_USAGE) from exc
    vault.close()
    out("已创建{0}保密库：{1}（所有者：{2}）", ROLE_LABELS[args.role], target, owner)
    return EXIT_OK


def cmd_round(args: argparse.Namespace) -> int:
    from app.cli import open_vault
    from app.services.rounds import NewRound, create_round

    if args.year is not None and not 1949 <= args.year <= 2200:
        raise CliError("--year 应为四位年份", EXIT_USAGE)
    new = NewRound(title=args.title, kind=args.kind, committee=args.committee or "",
                   authorisation=args.authorisation or "", year=args.year, level=args.level or "",
                   parent=args.parent or "", revisit=args.revisit, topic=args.topic or "")
    with open_vault(args.vault) as vault:
        made = create_round(vault, new)
    out("已创建巡察轮次：{0}（{1}，编号 {2}）", made.title, made.kind, made.id)
    return EXIT_OK


def register(add: Add) -> None:
    """Add ``new`` and ``round`` to the parser (called from app/cli build_parser)."""
    p = add("new", "新建一个空的保密库（巡察办或巡察组）", cmd_new)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--role", required=True, choices=("office", "team"), help="office：巡察办；team：巡察组")
    p.add_argument("--owner", required=True, metavar="NAME", help="所有者名称，如“某市委巡察办”“第一巡察组”")

    p = add("round", "在保密库中新建一个巡察轮次", cmd_round)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--title", required=True, metavar="T", help="轮次名称（在库中唯一），如“十二届市委第五轮巡察”")
    p.add_argument("--kind", required=True, metavar="KIND", help="巡察类型：常规、专项或机动（取本库词表）")
    p.add_argument("--level", metavar="LEVEL", help="层级：省、市或县")
    p.add_argument("--committee", metavar="C", help="授权党委，如“中共某市委员会”")
    p.add_argument("--authorisation", metavar="文号", help="授权文号（一次一授权）")
    p.add_argument("--parent", metavar="TITLE|ID", help="上级统一部署的轮次（上下联动）")
    p.add_argument("--revisit", action="store_true", help="回头看")
    p.add_argument("--topic", metavar="X", help="专项主题，如“涉粮问题”")
    p.add_argument("--year", type=int, metavar="N", help="年度")
