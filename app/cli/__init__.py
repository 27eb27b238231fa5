"""Command line: the desktop app by default, headless subcommands for office automation and tests.

The forms are a contract (README.md, "Headless commands"). Every command exits 0 on success and
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
from typing import Any

from app import __version__
from app.domain.text import printable
from app.services import session
from app.storage.errors import VaultDamaged, VaultError
from app.storage.vault import Vault, damage_error

PASSPHRASE_ENV = "XUNCHA_PASSPHRASE"
EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_BUG = 0, 1, 2, 3, 70
EXIT_DAMAGED = 65  # sysexits' EX_DATAERR: the vault file is damaged (docs/vault.md, "A damaged vault")


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


def out(template: str, *values: object, err: bool = False, **print_args: Any) -> None:
    """Print one line: ``template`` is the program's own wording, ``values`` fill its ``{0}``, ``{1}``….

    Every value is passed through :func:`printable`, since any of them can come from a package, a
    keys file, a record or a spreadsheet: a newline or an escape sequence in it cannot fake a line
    or recolour the terminal (docs/vault.md, "Text from outside is text").
    """
    print(template.format(*(printable(v) for v in values)), file=sys.stderr if err else sys.stdout, **print_args)


def open_vault(path: str) -> Vault:
    vault = session.unlock(path, passphrase())
    if vault.kept_wal is not None:  # docs/vault.md, "A damaged write-ahead log"
        lost = f"最后 {vault.kept_wal.lost} 次修改" if vault.kept_wal.lost is not None else "其中的修改"
        out("注意：上次异常退出后预写日志已损坏，{0}未能恢复，请核对最近的修改；已保留其加密副本：{1}",
            lost, vault.kept_wal.path, err=True)
    return vault


# --- commands ------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import fill

    if args.deployment:
        return _demo_from_deployment(args)
    if args.trust_signer:
        raise CliError("--trust-signer 只与 --deployment 一起使用", EXIT_USAGE)
    target = Path(args.vault)
    secret = passphrase(confirm=True)
    # The demo's passphrase is documented in the README for anyone to type: no strength check.
    vault = session.create(target, secret, role="office" if args.scale == "office" else "team", owner="演示用户",
                           check_strength=False)
    try:
        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                out("\r生成演示数据 {0}/{1}", done, total, err=True, end="", flush=True)

        counts = fill(vault, scale=args.scale, seed=args.seed, progress=progress)
        if sys.stderr.isatty():
            out("", err=True)
    except BaseException:
        vault.close()
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    cross: list[str] = []
    try:
        if args.scale == "office":  # the current round's cross table, as `stats --table cross` gives it
            from app.services.stats_tables import latest_cross

            title, cross = latest_cross(vault)
            cross.insert(0, f"交叉巡察与本级巡察对比（{title}，同 stats --round {title} --table cross；差异为虚构）：")
    finally:
        vault.close()
    for kind, count in counts.items():
        out("{0}: {1}", kind, count)
    for line in cross:
        out("{0}", line)
    out("已创建演示保密库：{0}", target)
    return EXIT_OK


def _demo_from_deployment(args: argparse.Namespace) -> int:
    """A team vault made from a deployment of the office demo, its units filled with sample work
    (docs/office.md, "The demo"). The team's key is the one the office demo derived from the seed."""
    from app.demo.deployed import fill_deployed
    from app.demo.keys import install_own_keys, which_team
    from app.services.packages import import_packages_job

    if args.scale != "team":
        raise CliError("--deployment 只用于 --scale team", EXIT_USAGE)
    if not args.trust_signer:
        raise CliError("请用 --trust-signer 给出巡察办的密钥指纹（与巡察办当面或电话核对）", EXIT_USAGE)
    package = Path(args.deployment)
    if not package.is_file():
        raise CliError(f"找不到部署包：{package}")
    keys = which_team(package, args.seed)
    if keys is None:
        raise CliError("此部署包不是发给演示巡察组的：请用 demo --scale office 生成巡察办演示库时的同一 --seed")
    target = Path(args.vault)
    secret = passphrase(confirm=True)
    vault = session.create(target, secret, role="team", owner="演示用户", check_strength=False)
    try:
        install_own_keys(vault, keys)
        outcome = import_packages_job(vault, [package], trust_signer=args.trust_signer)
        counts = fill_deployed(vault, seed=args.seed)
    except BaseException as exc:
        vault.close()
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, ValueError):  # fill_deployed's refusals: a package that is not one team's first
            raise CliError(f"无法生成演示数据：{exc}") from exc
        raise
    vault.close()
    summary = outcome.results[0].summary
    out("已导入部署包 {0}：新增记录 {1}", package, summary["added"])
    for kind, count in counts.items():
        out("{0}: {1}", kind, count)
    out("已创建演示保密库：{0}", target)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with open_vault(args.vault) as vault:
        report = session.check(vault)
    for kind, count in report.counts.items():
        out("{0}: {1}", kind, count)
    for problem in report.problems:
        out("问题：{0}", problem, err=True)
    if not report.ok:
        raise CliError(f"完整性检查未通过：发现 {len(report.problems)} 个问题，请从最近的备份恢复", EXIT_DAMAGED)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """Every kind that matches, under a header with its true count, then its best hits one a line
    (services/search.search_grouped: a cap on the whole list would hide whole kinds)."""
    from app.domain.records import kind_spec
    from app.services.search import search_grouped

    with open_vault(args.vault) as vault:
        found = search_grouped(vault, args.query, per_kind=max(1, args.limit))
    for group in found.groups:
        label = kind_spec(group.kind).label
        count = f"共 {group.count} 条" if group.exact else f"至少 {group.count} 条"
        shown = f"，显示前 {len(group.hits)} 条" if len(group.hits) < group.count else ""
        out("{0}（{1}{2}）", label, count, shown)
        for hit in group.hits:
            snippet = hit.marked().replace("\n", " ")  # a paragraph reads on one line; other controls are escaped
            title = f"{hit.title}［{hit.origin}］" if hit.origin else hit.title  # a lower office's finding
            out("{0}\t{1}\t{2}\t{3}：{4}", label, hit.record_id, title, hit.field_label, snippet)
    if not found.groups:
        out("没有找到匹配的记录", err=True)
    return EXIT_OK


def _read_small(path: str, limit: int = 1 << 20) -> bytes:
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise CliError(f"文件过大：{path}")
    return data


def cmd_keys(args: argparse.Namespace) -> int:
    from app.services.packages import display, write_public_keys

    target = Path(args.out)
    if target.exists():
        raise CliError(f"目标位置已有文件，不会覆盖：{target}")
    with open_vault(args.vault) as vault:
        try:
            doc = write_public_keys(vault, target, overwrite=False)
        except FileExistsError as exc:
            raise CliError(f"目标位置已有文件，不会覆盖：{target}") from exc
    out("密钥指纹：{0}", display(doc["fingerprint"]))
    out("age 接收方：{0}", doc["age_recipient"])
    out("已写出公钥：{0}", target)
    return EXIT_OK


def cmd_trust(args: argparse.Namespace) -> int:
    from app.services.packages import ROLE_NAMES, binding, display, read_key_file, trust_key

    if args.team or args.by_owner:  # a team's deployment key (app/cli/deploy.py)
        from app.cli.deploy import cmd_trust_team

        return cmd_trust_team(args)
    if args.round:
        raise CliError("--round 只与 --team 或 --by-owner 同用", EXIT_USAGE)
    key = read_key_file(args.file)  # a bad file is refused before the passphrase is asked for
    with open_vault(args.vault) as vault:
        outcome = trust_key(vault, key, confirm=args.confirm, role=args.role)
    out("密钥指纹：{0}", display(binding(key)))
    out("角色：{0}（{1}，设备 {2}）", ROLE_NAMES.get(key.role, key.role), key.owner or "未署名", key.device_id)
    if outcome.action == "replaced" and outcome.previous is not None:
        out("注意：已用新的公钥替换此前信任的公钥（原指纹 {0}），已记入操作日志", display(binding(outcome.previous)))
    out({"added": "已信任", "confirmed": "已重新核对并信任", "replaced": "已替换并信任",
         "unchanged": "此前已信任"}[outcome.action])
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.packages import (
        SUPPORTED_KINDS,
        parse_recipients,
        parse_selection,
        recipients_from_trusted,
        run_export,
        run_upward_with_stats,
    )
    from app.services.rounds import find_team

    if args.kind not in SUPPORTED_KINDS:
        raise CliError(f"“{args.kind}”类型的交接包尚未在本版本中提供", EXIT_UNAVAILABLE)
    if not args.recipients and not args.for_keys:
        raise CliError("请用 --for FILE 或 --for-key 指纹 指定接收方", EXIT_USAGE)
    recipients = parse_recipients(_read_small(args.recipients)) if args.recipients else []
    select = list(args.select) + (parse_selection(_read_small(args.select_file)) if args.select_file else [])
    if args.with_stats and (args.kind != "upward" or not args.round):
        raise CliError("--with-stats 只用于上报包（--kind upward），并须用 --round 指定轮次", EXIT_USAGE)
    if args.round and not args.team and not args.with_stats:
        raise CliError("--round 须与 --team 一起使用（部署包）", EXIT_USAGE)
    with open_vault(args.vault) as vault:
        # a team name repeats every round: found within --round, an ambiguous name refused (app/services/rounds.py)
        team = find_team(vault, args.team, args.round).id if args.team else None
        if args.for_keys:
            named = {r.age_recipient for r in recipients}
            recipients += [r for r in recipients_from_trusted(vault, args.for_keys) if r.age_recipient not in named]
        if args.with_stats:  # the office's figures for the round travel as a setting (issue 14 §2)
            result = run_upward_with_stats(vault, args.to, recipients, round_ref=args.round, select=select,
                                           team=team, incremental=args.incremental)
        else:
            result = run_export(vault, args.to, recipients, kind=args.kind, incremental=args.incremental,
                                team=team, select=select)
    mode = "增量" if result.mode == "incremental" else "完整"
    out("已导出{0}交接包：{1}（{2} 字节，序号 {3}）", mode, result.path, result.size, result.seq)
    out("records: {0}\nwrites: {1}\nblobs: {2}", result.records, result.writes, result.blobs)
    out("package: {0}\nsha256: {1}", result.package_id, result.sha256)
    return EXIT_OK


def _gap_lines(gaps: list[int]) -> None:
    for n in gaps:
        out("注意：缺少同一来源的第 {0} 号包（可稍后导入，不影响本包）", n)


def cmd_verify(args: argparse.Namespace) -> int:
    from app.services.packages import check_package, display

    with open_vault(args.vault) as vault:
        # The whole import runs and is rolled back: every check, and what it would change.
        checked = check_package(vault, args.package)
    counts, preview = checked.counts, checked.summary
    out("校验通过：{0} 交接包，来自 {1}（设备 {2}，指纹 {3}），序号 {4}", checked.kind,
        checked.source_owner or "未署名", checked.source_device, display(checked.fingerprint), checked.seq)
    out("records: {0}\nwrites: {1}\nblobs: {2}", counts["records"], counts["writes"], counts["blobs"])
    out("导入后将新增记录 {0}，修改记录 {1}，新冲突 {2}（未写入）",
        preview["added"], preview["changed"], preview["conflicts"])
    _gap_lines(checked.gaps)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.consolidate import package_teams, packages_in
    from app.services.packages import import_packages_job

    paths = [*args.packages, *(str(p) for p in packages_in(args.dir))] if args.dir else list(args.packages)
    if not paths:
        raise CliError("请给出交接包文件，或用 --dir 指定存放交接包的文件夹" if not args.dir
                       else f"文件夹中没有交接包（.xcp）：{args.dir}", EXIT_USAGE)
    with open_vault(args.vault) as vault:
        outcome = import_packages_job(vault, paths, trust_signer=args.trust_signer)
        teams, reported = package_teams(vault, outcome.results)
    results, conflicts = outcome.results, outcome.conflicts
    for path, result, team in zip(paths, results, teams, strict=True):
        s = result.summary
        came = ""
        if team.team or team.units:  # whose package, for which round, covering which units (issue 14 §1)
            units = "、".join(team.units[:5]) + (f"等 {len(team.units)} 个" if len(team.units) > 5 else "")
            came = f"；巡察组：{team.team or '未能确定'}（{team.round or '未属轮次'}），被巡察单位：{units or '无'}"
        out("已导入 {0}：新增记录 {1}，修改记录 {2}，新冲突 {3}，新写入 {4}/{5}，新附件 {6}{7}", path, s["added"],
            s["changed"], s["conflicts"], s["new_writes"], s["writes"], s["blobs_new"], came)
        if result.kind == "deployment" and s.get("trusted_signer"):
            out("已信任巡察办公钥：{0}（设备 {1}）", result.source_owner or "未署名", result.source_device)
        _gap_lines(result.gaps)
    for line in reported:
        out("teams reported: {0}/{1}（{2}）", line.reported, line.teams, line.round)
    out("conflicts: {0}", conflicts)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from app.services.documents import DocOptions, print_to_file

    if not args.out.lower().endswith(".pdf"):
        raise CliError("输出文件须以 .pdf 结尾", EXIT_USAGE)
    if args.copy and not (args.copy.isdigit() and len(args.copy) == 6):
        raise CliError("份号须为 6 位数字", EXIT_USAGE)
    if args.document == "paper" and not args.id:
        raise CliError("请用 --id 指定问题底稿（ID 或底稿编号）", EXIT_USAGE)
    if args.document == "inspection" and not args.unit:
        raise CliError("请用 --unit 指定被巡察单位", EXIT_USAGE)
    options = DocOptions(copy_number=args.copy, secrecy=args.secrecy.strip(), watermark=args.watermark.strip())

    def warn(warning: str) -> None:  # a setting out of range: the default is printed (docs/vault.md)
        out("警告：{0}", warning, err=True)

    with open_vault(args.vault) as vault:
        try:
            label, pages = print_to_file(vault, args.document, args.out, unit=args.unit, record=args.id,
                                         options=options, warn=warn)
        except LookupError as exc:
            raise CliError(str(exc)) from exc
    out("已生成 {0}（{1}，{2} 页）", args.out, label, pages)
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    from app.services.documents import export_ledger_file

    if not args.out.lower().endswith(".xlsx"):
        raise CliError("输出文件须以 .xlsx 结尾", EXIT_USAGE)
    with open_vault(args.vault) as vault:
        stats = export_ledger_file(vault, args.out)
    for sheet, count in stats.sheets.items():
        out("{0}: {1}", sheet, count)
    out("已生成 {0}（逾期整改 {1} 项）", args.out, stats.overdue)
    return EXIT_OK


def cmd_intake(args: argparse.Namespace) -> int:
    from app.services.intake import REJECTED, commit, find_unit, plan, read
    from app.services.rounds import find_round

    if args.unit and args.as_kind not in ("roster", "rectification"):
        raise CliError("--unit 只用于人员名册（--as roster）和整改台账（--as rectification）", EXIT_USAGE)
    if args.round and args.as_kind in ("checklist", "lead-feedback"):
        raise CliError("--round 只用于被巡察单位名单、巡察组名册、人员名册和整改台账", EXIT_USAGE)
    sheet = read(args.file, args.as_kind, sheet=args.sheet)  # a refused file never needs the passphrase
    with open_vault(args.vault) as vault:
        round_id = find_round(vault, args.round).id if args.round else None
        unit_id = find_unit(vault, args.unit, round_id).id if args.unit else None
        if args.dry_run or args.strict:
            planned = plan(vault, sheet, unit_id=unit_id, round_id=round_id)
            if args.strict and planned.count(REJECTED):
                for line in planned.report_lines():
                    out("{0}", line)
                raise CliError(f"有 {planned.count(REJECTED)} 行不能导入（--strict：全部未导入）")
        if not args.dry_run:
            planned = commit(vault, sheet, unit_id=unit_id, round_id=round_id)  # plans again inside: the same rows
    for line in planned.report_lines():
        out("{0}", line)
    if args.dry_run:
        out("（试运行：未写入保密库）")
    return EXIT_OK


def cmd_self_check(args: argparse.Namespace) -> int:
    from app.selfcheck import SelfCheckFailed, run_self_check

    try:
        run_self_check(lambda line: out("{0}", line, flush=True))
    except SelfCheckFailed as exc:
        raise CliError(f"自检未通过：{exc}") from exc
    return EXIT_OK


# --- parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description="巡察工作台：巡察组离线加密工作台。不带子命令时打开桌面程序。")
    parser.add_argument("--version", action="version", version=f"巡察工作台 {__version__}")
    parser.add_argument("--vault", help="打开桌面程序时直接解锁此保密库")
    parser.add_argument("--lang", choices=("zh", "en"),
                        help="桌面程序的界面语言：zh 简体中文，en English（默认取环境变量 XUNCHA_LANG，否则取设置）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, helptext: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.set_defaults(handler=handler)
        return p

    p = add("demo", "创建一个填有演示数据的保密库", cmd_demo)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--scale", choices=("team", "office"), default="team", help="数据规模：一个巡察组或整个巡察办")
    p.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成同样的数据）")
    p.add_argument("--deployment", metavar="PKG",
                   help="由巡察办演示库（同一 --seed）的部署包创建巡察组保密库，只为其被巡察单位生成演示工作记录")
    p.add_argument("--trust-signer", metavar="FINGERPRINT", help="与 --deployment 一起：巡察办的密钥指纹")

    p = add("check", "完整性检查，并按类别统计记录数", cmd_check)
    p.add_argument("vault", metavar="VAULT")

    p = add("search", "全文检索：按类别列出，每类注明匹配总数，每行一条匹配记录", cmd_search)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, help="每类最多显示条数")

    p = add("keys", "导出本库公钥（age 接收方与签名公钥）", cmd_keys)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--out", required=True, metavar="FILE", help="写出的公钥文件（不覆盖已有文件）")

    p = add("trust", "信任另一保密库的公钥（巡察组设备、巡察办）：先与对方核对所显示的密钥指纹", cmd_trust)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("file", metavar="FILE", help="对方用 keys 命令导出的公钥文件（--by-owner 时为存放公钥文件的目录）")
    p.add_argument("--confirm", metavar="FINGERPRINT",
                   help="与对方当面或电话核对的密钥指纹（至少 32 位）；"
                        "公钥与已信任的不同时必须给出，替换会记入操作日志")
    p.add_argument("--role", choices=("team", "office"), help="确认对方的角色：team（巡察组）或 office（巡察办）")
    p.add_argument("--team", metavar="NAME|ID", help="同时登记为该巡察组的部署包接收密钥（team.key_fingerprint）")
    p.add_argument("--round", metavar="T", help="--team 的组名所在轮次；--by-owner 必填")
    p.add_argument("--by-owner", action="store_true",
                   help="FILE 为目录：按每个公钥文件的署名匹配本轮次的组名，全部登记（任一文件不符则全部不登记）")

    p = add("export", "导出签名、加密的交接包", cmd_export)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--to", required=True, metavar="PACKAGE", help="交接包文件，如 handoff.xcp（不覆盖已有文件）")
    p.add_argument("--for", dest="recipients", metavar="FILE",
                   help="接收方：keys 命令导出的公钥和/或 age1… 接收方，最多 4 个")
    p.add_argument("--for-key", dest="for_keys", action="append", default=[], metavar="FINGERPRINT",
                   help="接收方：本库已信任的公钥，以其指纹（至少 32 位）指定；可重复")
    p.add_argument("--kind", choices=("handoff", "member", "deployment", "upward", "lead-transfer"),
                   default="handoff", help="交接包类型")
    p.add_argument("--incremental", action="store_true", help="只导出上次发给同一接收方之后的修改")
    p.add_argument("--team", metavar="ID|NAME", help="deployment：部署的巡察组（编号或组名）")
    p.add_argument("--round", metavar="TITLE|ID", help="deployment：巡察组所属的轮次（各轮次组名相同时必填）")
    p.add_argument("--select", action="append", default=[], metavar="ID",
                   help="upward：反馈问题或问题线索的编号；lead-transfer：问题线索的编号；可重复")
    p.add_argument("--select-file", metavar="FILE", help="所选记录的编号，每行一个（# 开头为注释）")
    p.add_argument("--with-stats", action="store_true",
                   help="upward：附上本办该轮次的统计表数据（stats --table province），供上级汇总")

    p = add("verify", "校验交接包（不合并）", cmd_verify)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("package", metavar="PACKAGE", help="交接包文件（.xcp；旧版本命名的 .age 亦可）")

    p = add("import", "校验并合并交接包：全部导入或全部不导入", cmd_import)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("packages", metavar="PACKAGE", nargs="*", help="交接包文件（.xcp；旧版本命名的 .age 亦可）")
    p.add_argument("--dir", metavar="DIR",
                   help="导入此文件夹中的全部交接包（按文件名顺序，与列出的文件一起，在一个事务中）")
    p.add_argument("--trust-signer", metavar="FINGERPRINT",
                   help="部署包：信任签名者（须与巡察办当面或电话核对的指纹一致，至少 32 位）")

    p = add("report", "生成反馈意见、谈话记录、问题底稿、移交清单、巡察报告（PDF，GB/T 9704-2012 版式）", cmd_report)
    p.add_argument("document", choices=("feedback", "interview", "paper", "handover", "inspection"),
                   help="feedback：反馈意见；interview：谈话记录；paper：问题底稿；handover：移交清单；inspection：巡察报告")
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    p.add_argument("--unit", metavar="NAME",
                   help="被巡察单位名称（反馈意见默认为已签字底稿最多的单位；移交清单默认为全部单位；巡察报告必填）")
    p.add_argument("--id", metavar="ID",
                   help="谈话记录或问题底稿的 ID（问题底稿也可用底稿编号，必填；谈话记录默认为第一条）")
    p.add_argument("--copy", metavar="NNNNNN", default="", help="份号（6 位数字，印于首页左上）")
    p.add_argument("--secrecy", metavar="TEXT", default="", help="密级和保密期限，如“秘密★1年”")
    p.add_argument("--watermark", metavar="TEXT", default="", help="每页水印，如接收人、日期、份号")

    p = add("ledger", "生成 Excel 台账（每类记录一个工作表）", cmd_ledger)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出的 .xlsx 文件")

    p = add("intake", "从 Excel 导入被巡察单位名单、单位人员名册、调阅资料清单模板、巡察组及成员名册、"
                      "线索处置反馈或整改台账", cmd_intake)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--as", dest="as_kind", required=True,
                   choices=("units", "roster", "checklist", "teams", "lead-feedback", "rectification"),
                   help="units：被巡察单位名单；roster：单位人员名册；checklist：调阅资料清单模板；"
                        "teams：巡察组及成员名册（每行一名成员）；lead-feedback：移交问题线索处置情况反馈（按线索编号）；"
                        "rectification：整改台账（按问题序号或反馈问题原文）")
    p.add_argument("--unit", metavar="NAME",
                   help="人员名册或整改台账所属的被巡察单位（表中无“所在单位”/“被巡察单位”列时必填）")
    p.add_argument("--round", metavar="TITLE|ID",
                   help="名单所属的巡察轮次（名称或编号）：单位与巡察组在本轮次内按名称匹配；保密库有多个轮次时必填")
    p.add_argument("--sheet", metavar="NAME", help="工作表名称（默认自动选择表头最匹配的工作表）")
    p.add_argument("--dry-run", action="store_true", help="只检查并打印报告，不写入保密库")
    p.add_argument("--strict", action="store_true", help="有任何一行不能导入时全部不导入")

    from app.cli import deploy

    deploy.register(add)

    add("self-check", "离屏自检：在临时保密库上运行程序的每个部分，全部正常时返回 0", cmd_self_check)

    from app.cli import office  # each group of commands registers its own (app/cli/office.py …)

    office.register(add)
    from app.cli import plan  # each group of office commands registers itself (a module of its own)

    plan.register(add)
    from app.cli import revisit

    revisit.register(add)
    from app.cli import stats

    stats.register(add)
    return parser


def run_gui(vault: str | None, language: str | None = None) -> int:
    try:
        from app.ui.application import run
    except ImportError as exc:
        raise CliError(f"无法启动桌面程序：{exc}", EXIT_UNAVAILABLE) from exc
    return run(vault, language)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return run_gui(args.vault, args.lang)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except CliError as exc:
        out("错误：{0}", exc, err=True)  # refusals quote files and packages: escaped like any value
        return exc.code
    except VaultDamaged as exc:
        out("错误：{0}", exc, err=True)
        return EXIT_DAMAGED
    except VaultError as exc:
        out("错误：{0}", exc, err=True)
        return EXIT_FAIL
    except KeyboardInterrupt:
        out("已中断", err=True)
        return 130
    except OSError as exc:
        out("错误：{0}{1}", exc.strerror or exc, "：" + str(exc.filename) if exc.filename else "", err=True)
        return EXIT_FAIL
    except Exception as exc:  # a bug: one line, no traceback, as the contract asks
        damaged = damage_error(exc)  # unless a read met a damaged page of the vault
        if damaged is not None:
            out("错误：{0}", damaged, err=True)
            return EXIT_DAMAGED
        out("内部错误（请报告）：{0}: {1}", type(exc).__name__, exc, err=True)
        return EXIT_BUG
