"""Command line: the desktop app by default, headless subcommands for office automation and tests.

The forms are a contract (design.md, "The command line"). Every command exits 0 on success and
non-zero with one line of reason on failure, never a traceback, and a failure leaves the vault
as it was. The passphrase comes from ``XUNCHA_PASSPHRASE`` or a prompt, never from arguments.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.storage.errors import VaultError
from app.storage.vault import Vault

PASSPHRASE_ENV = "XUNCHA_PASSPHRASE"
EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_BUG = 0, 1, 2, 3, 70


class CliError(Exception):
    """A failure to report as one line and a non-zero exit."""

    def __init__(self, message: str, code: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.code = code


def passphrase(*, confirm: bool = False) -> str:
    """From the environment, else asked at the terminal (twice when creating a vault)."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"需要口令：请设置环境变量 {PASSPHRASE_ENV}，或在终端中运行以输入口令", EXIT_USAGE)
    first = getpass.getpass("口令：")
    if confirm and getpass.getpass("再次输入口令：") != first:
        raise CliError("两次输入的口令不一致", EXIT_USAGE)
    return first


def open_vault(path: str) -> Vault:
    return Vault.open(path, passphrase())


# --- commands ------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import fill

    target = Path(args.vault)
    secret = passphrase(confirm=True)
    vault = Vault.create(target, secret, role="office" if args.scale == "office" else "team", owner="演示用户")
    try:
        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r生成演示数据 {done}/{total}", end="", file=sys.stderr, flush=True)

        counts = fill(vault, scale=args.scale, seed=args.seed, progress=progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
    except BaseException:
        vault.close()
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    vault.close()
    for kind, count in counts.items():
        print(f"{kind}: {count}")
    print(f"已创建演示保密库：{target}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with open_vault(args.vault) as vault:
        report = vault.check()
    for kind, count in report.counts.items():
        print(f"{kind}: {count}")
    for problem in report.problems:
        print(f"问题：{problem}", file=sys.stderr)
    if not report.ok:
        raise CliError(f"完整性检查未通过：发现 {len(report.problems)} 个问题")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from app.domain.records import kind_spec

    with open_vault(args.vault) as vault:
        hits = vault.search(args.query, limit=args.limit)
    for hit in hits:
        snippet = hit.marked().replace("\n", " ")
        print(f"{kind_spec(hit.kind).label}\t{hit.record_id}\t{hit.title}\t{hit.field_label}：{snippet}")
    if not hits:
        print("没有找到匹配的记录", file=sys.stderr)
    return EXIT_OK


def cmd_unavailable(args: argparse.Namespace) -> int:
    raise CliError(f"“{args.command}”功能尚未在本版本中提供", EXIT_UNAVAILABLE)


# --- parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description="巡察工作台：巡察组离线加密工作台。不带子命令时打开桌面程序。")
    parser.add_argument("--version", action="version", version=f"巡察工作台 {__version__}")
    parser.add_argument("--vault", help="打开桌面程序时直接解锁此保密库")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, helptext: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.set_defaults(handler=handler)
        return p

    p = add("demo", "创建一个填有演示数据的保密库", cmd_demo)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--scale", choices=("team", "office"), default="team", help="数据规模：一个巡察组或整个巡察办")
    p.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成同样的数据）")

    p = add("check", "完整性检查，并按类别统计记录数", cmd_check)
    p.add_argument("vault", metavar="VAULT")

    p = add("search", "全文检索，每行一条匹配记录", cmd_search)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=50, help="最多显示条数")

    later = {
        "keys": "导出本库公钥",
        "trust": "信任另一保密库的公钥",
        "export": "导出交接包",
        "verify": "校验交接包",
        "import": "导入并合并交接包",
        "report": "生成反馈意见、谈话记录等文书",
        "ledger": "生成 Excel 台账",
        "self-check": "离屏自检",
    }
    for name, helptext in later.items():
        p = add(name, helptext + "（尚未提供）", cmd_unavailable)
        p.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def run_gui(vault: str | None) -> int:
    try:
        from app.ui.application import run
    except ImportError as exc:
        raise CliError(f"无法启动桌面程序：{exc}", EXIT_UNAVAILABLE) from exc
    return run(vault)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return run_gui(args.vault)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.code
    except VaultError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"错误：{exc.strerror or exc}{'：' + str(exc.filename) if exc.filename else ''}", file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:  # a bug: one line, no traceback, as the contract asks
        print(f"内部错误（请报告）：{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_BUG
