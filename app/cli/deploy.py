"""``deploy``: one deployment package per team of a round; ``trust --team`` / ``trust --by-owner``.

The forms (README.md, "Headless commands"; docs/package-format.md, "Deploying a round"):

    deploy VAULT --round T --out-dir DIR [--incremental] [--ready-only]
    trust VAULT FILE --team NAME|ID [--round T] [--confirm FINGERPRINT]
    trust VAULT DIR --by-owner --round T

``deploy`` checks every team first; when one is not ready it writes nothing, lists every reason
and exits 1 (``--ready-only`` deploys the ready teams and lists the others).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app.cli import EXIT_OK, EXIT_USAGE, CliError, open_vault, out

if TYPE_CHECKING:
    from app.services.deploy import TeamReadiness

Add = Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser]


def _readiness_lines(teams: Sequence[TeamReadiness]) -> None:
    for team in teams:
        if not team.ready:
            out("未就绪：{0}：{1}", team.name, "；".join(team.reasons))


def cmd_deploy(args: argparse.Namespace) -> int:
    from app.services.deploy import DeployError, NotReady, deploy_round
    from app.services.packages import display

    with open_vault(args.vault) as vault:
        try:
            outcome = deploy_round(vault, args.round, args.out_dir, incremental=args.incremental,
                                   ready_only=args.ready_only)
        except NotReady as exc:
            _readiness_lines(exc.teams)
            raise CliError(f"{exc}（可用 --ready-only 只为已就绪的组生成）") from exc
        except DeployError as exc:
            raise CliError(str(exc)) from exc
    for team, result in outcome.made:
        mode = "增量" if result.mode == "incremental" else "完整"
        out("已生成{0}部署包：{1}（{2}，{3} 条记录，{4} 字节，序号 {5}，接收密钥 {6}）", mode, result.path, team.name,
            result.records, result.size, result.seq, display(team.key_fingerprint))
    _readiness_lines(outcome.skipped)
    out("轮次：{0}；已生成部署包 {1} 个；未就绪未生成 {2} 个", outcome.round_title, len(outcome.made),
        len(outcome.skipped))
    return EXIT_OK


def cmd_trust_team(args: argparse.Namespace) -> int:
    """``trust`` with ``--team`` or ``--by-owner`` (called by the trust command)."""
    from app.services.deploy import DeployError, trust_by_owner, trust_team_key
    from app.services.packages import display, read_key_file

    if args.by_owner:
        if args.team or args.confirm:
            raise CliError("--by-owner 不与 --team、--confirm 同用", EXIT_USAGE)
        if not args.round:
            raise CliError("--by-owner 须用 --round 指定轮次", EXIT_USAGE)
        with open_vault(args.vault) as vault:
            try:
                outcome = trust_by_owner(vault, args.file, args.round)
            except DeployError as exc:
                raise CliError(str(exc)) from exc
        for name, refusal in ((r.name, r.reason) for r in outcome.refused):
            out("拒绝：{0}：{1}", name, refusal)
        if outcome.refused:
            raise CliError(f"有 {len(outcome.refused)} 个文件不能登记，全部未登记")
        for name, done in outcome.enrolled:
            out("已登记：{0} → {1}，密钥指纹 {2}", name, done.team_name, display(done.fingerprint))
        out("已为 {0} 个巡察组登记部署包接收密钥", len(outcome.enrolled))
        return EXIT_OK
    if args.role and args.role != "team":
        raise CliError("--team 登记的是巡察组的公钥（角色须为 team）", EXIT_USAGE)
    key = read_key_file(args.file)  # a bad file is refused before the passphrase is asked for
    with open_vault(args.vault) as vault:
        try:
            done = trust_team_key(vault, key, args.team, round_ref=args.round, confirm=args.confirm)
        except DeployError as exc:
            raise CliError(str(exc)) from exc
    out("密钥指纹：{0}", display(done.fingerprint))
    out("巡察组：{0}（{1}，设备 {2}）", done.team_name, key.owner or "未署名", key.device_id)
    if done.previous_fingerprint and done.previous_fingerprint != done.fingerprint:
        out("注意：已替换该组此前登记的接收密钥（原指纹 {0}）", display(done.previous_fingerprint))
    out("已信任并登记为该组的部署包接收密钥")
    return EXIT_OK


def register(add: Add) -> None:
    p = add("deploy", "一键部署：为轮次的每个巡察组生成部署包（先检查每个组是否就绪）", cmd_deploy)
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--round", required=True, metavar="T", help="轮次名称（或编号）")
    p.add_argument("--out-dir", required=True, metavar="DIR", help="写出部署包的目录（不覆盖已有文件）")
    p.add_argument("--incremental", action="store_true", help="只导出上次发给同一组之后的修改")
    p.add_argument("--ready-only", action="store_true", help="只为已就绪的组生成，列出未就绪的组及原因")

