"""One-step deployment (一键部署) of a round, and trusting each team's key; free of Qt.

``deploy_round`` checks every team of the round first (app/domain/readiness.py), then writes one
deployment package per team: the scopes of all the teams are worked out in one pass over the round
(app/exchange/package/scope.py ``round_deployment_scopes``), each package is encrypted to the
team's trusted key (``team.key_fingerprint``) plus the escrow keys of the setting ``deploy.escrow``,
and the packages are put in place and recorded in the ledger together at the end: a cancel or a
failure leaves no file of the batch behind (docs/package-format.md, "Deploying a round").

``trust_team_key`` and ``trust_by_owner`` enrol a team's keys file and record its key fingerprint
on the team in the same transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.domain.jobs import Cancelled, Progress
from app.domain.planning import acknowledged
from app.domain.readiness import ConflictFacts, KeyFacts, MemberFacts, TeamFacts, UnitFacts, readiness_reasons
from app.domain.records import Member, Round, Setting, Team, Unit
from app.domain.settings import read_setting
from app.exchange.package import PackageError, Recipient
from app.exchange.package.export import (
    ExportResult,
    PendingPackage,
    WriteLines,
    check_export,
    commit_packages,
    discard_tmp,
    reserve_packages,
    write_package,
)
from app.exchange.package.keys import (
    MAX_KEYS_FILE,
    TrustOutcome,
    apply_trust,
    binding,
    check_recipient,
    load_key_file,
    matches,
    normalise_fingerprint,
    plan_trust,
)
from app.exchange.package.scope import round_deployment_scopes
from app.services.rounds import find_round, find_team
from app.storage.keys import TrustedKey
from app.storage.vault import Vault

ESCROW_SETTING = "deploy.escrow"
#: A package has at most 4 recipients (format.MAX_X25519_STANZAS): the team's key and 3 escrow keys.
MAX_ESCROW = 3
#: The most files ``trust --by-owner`` reads from one folder (each one hostile input).
MAX_KEY_FILES = 2000


class DeployError(Exception):
    """A refusal of the whole deployment or enrolment, worded for the person (Chinese)."""


class NotReady(DeployError):
    """Some team of the round is not ready; nothing was written. ``teams`` lists every team's readiness."""

    def __init__(self, teams: list[TeamReadiness]) -> None:
        blocked = [t for t in teams if not t.ready]
        super().__init__(f"有 {len(blocked)} 个巡察组未就绪，未生成任何部署包")
        self.teams = teams


@dataclass(frozen=True)
class TeamReadiness:
    """One team of the round as the 部署 page and ``deploy`` show it."""

    team_id: str
    name: str
    number: int | None
    units: int
    members: int
    key_fingerprint: str
    leader_authorisation: str
    reasons: tuple[str, ...]
    last_seq: int | None = None  # the seq of the last deployment made for its key (None: never)

    @property
    def ready(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class DeployOutcome:
    """The packages made (in team order) and the teams left out as not ready (``--ready-only``)."""

    round_title: str
    made: list[tuple[TeamReadiness, ExportResult]]
    skipped: list[TeamReadiness]


# --- the round and its teams ------------------------------------------------------------------------


def _team_key(trusted: Sequence[TrustedKey], fingerprint: str) -> tuple[KeyFacts, TrustedKey | None]:
    text = fingerprint.strip()
    if not text:
        return KeyFacts(), None
    try:
        given = normalise_fingerprint(text)
    except PackageError:
        return KeyFacts(text), None
    found = [k for k in trusted if matches(binding(k), given)]
    if len(found) != 1:
        return KeyFacts(text), None
    key = found[0]
    return KeyFacts(text, True, key.verified, key.role), key


def assignment_conflicts(vault: Vault, round_id: str) -> dict[str, list[ConflictFacts]]:
    """The conflicts of the round's current assignment, by team id (app/services/planning.py),
    each soft one marked acknowledged when its unit's ``assignment_notes`` record it."""
    from app.services import planning  # the same service layer; imported here to keep deploy's import light

    rnd = find_round(vault, round_id)
    report = planning.check_round(vault, rnd)
    notes_of = {u.id: u.assignment_notes for u in vault.records.get_many(Unit, [p.unit_id for p in report.found])}
    out: dict[str, list[ConflictFacts]] = {}
    for pair in report.found:
        notes = notes_of.get(pair.unit_id) or []
        for conflict in pair.conflicts:
            out.setdefault(pair.team_id, []).append(ConflictFacts(
                unit=pair.unit_name, code=conflict.code, member=conflict.member, reason=conflict.reason,
                hard=conflict.hard, acknowledged=acknowledged(conflict, notes)))
    return out


def _escrow(vault: Vault, trusted: Sequence[TrustedKey]) -> list[Recipient]:
    """The escrow recipients of the setting ``deploy.escrow``: ``age1…`` recipients or key
    fingerprints of trusted keys, separated by commas or white space. Each goes as a plain age
    recipient (an escrow key is not the team's, whatever role its keys file has)."""
    parsed = read_setting(vault.records.list(Setting, where={"key": ESCROW_SETTING}), ESCROW_SETTING)
    if parsed.problem:
        raise DeployError(parsed.problem)
    out: list[Recipient] = []
    value = parsed.value
    items = [str(v) for v in value] if isinstance(value, list | tuple) else re.split(r"[,，\s]+", str(value or ""))
    for item in (i.strip() for i in items):
        if not item:
            continue
        if item.lower().startswith("age1"):
            try:
                out.append(Recipient(check_recipient(item)))
            except PackageError as exc:
                raise DeployError(f"设置 {ESCROW_SETTING} 中的托管接收方无效：{item[:24]}") from exc
            continue
        try:
            given = normalise_fingerprint(item)
        except PackageError as exc:
            raise DeployError(f"设置 {ESCROW_SETTING} 中的托管密钥无效：{item[:24]}") from exc
        found = [k for k in trusted if matches(binding(k), given)]
        if len(found) != 1 or not found[0].verified:
            raise DeployError(f"设置 {ESCROW_SETTING} 中的托管密钥指纹 {item[:32]} 不是本库已信任（且已核对）的公钥")
        out.append(Recipient(found[0].age_recipient))
    unique = list({r.age_recipient: r for r in out}.values())
    if len(unique) > MAX_ESCROW:
        raise DeployError(f"设置 {ESCROW_SETTING} 最多 {MAX_ESCROW} 个托管密钥（每个部署包最多 4 个接收方）")
    return unique


@dataclass
class _Round:
    round: Round
    teams: list[Team]
    readiness: list[TeamReadiness]
    keys: dict[str, TrustedKey]  # team id -> its trusted key


def _read_round(vault: Vault, round_ref: str) -> _Round:
    """The round's teams with their readiness, every record read once."""
    rnd = find_round(vault, round_ref)
    teams = vault.records.list(Team, where={"round_id": rnd.id})
    teams.sort(key=lambda t: (t.number is None, t.number or 0, t.name, t.id))
    wanted = {t.id for t in teams}
    members: dict[str, list[Member]] = defaultdict(list)
    for member in vault.records.iter(Member):
        if member.team_id in wanted:
            members[member.team_id].append(member)
    units: dict[str, list[Unit]] = defaultdict(list)
    for unit in vault.records.iter(Unit):
        if unit.team_id in wanted:
            units[unit.team_id].append(unit)
    conflicts = assignment_conflicts(vault, rnd.id)
    trusted = vault.keys.all_trusted()
    sent = vault.keys.packages("out")
    readiness, keys = [], {}
    for team in teams:
        key_facts, key = _team_key(trusted, team.key_fingerprint)
        if key is not None:
            keys[team.id] = key
        facts = TeamFacts(
            team.name, key_facts, team.leader_authorisation, rnd.authorisation,
            tuple(UnitFacts(u.name, u.mode, u.cross_authorisation) for u in units[team.id]),
            tuple(MemberFacts(m.name, m.pledge_signed, m.recusal_signed) for m in members[team.id]),
            tuple(conflicts.get(team.id, ())))
        last = max((e.seq for e in sent if e.kind == "deployment" and key is not None
                    and key.age_recipient in e.recipients), default=None)
        readiness.append(TeamReadiness(team.id, team.name, team.number, len(units[team.id]), len(members[team.id]),
                                       team.key_fingerprint, team.leader_authorisation,
                                       tuple(readiness_reasons(facts)), last))
    return _Round(rnd, teams, readiness, keys)


def round_readiness(vault: Vault, round_ref: str) -> list[TeamReadiness]:
    """Every team of the round, in team order, with the reasons it is not ready (none: ready)."""
    return _read_round(vault, round_ref).readiness


# --- deploying ----------------------------------------------------------------------------------


def _safe(name: str, limit: int = 24) -> str:
    return re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "", name)[:limit] or "未命名"


def package_name(round_title: str, team: TeamReadiness, today: dt.date) -> str:
    """部署包-<round>-<number><team>-<date>.xcp (Chinese whatever the interface language)."""
    number = f"{team.number:02d}" if team.number is not None else ""
    return f"部署包-{_safe(round_title)}-{number}{_safe(team.name)}-{today:%Y%m%d}.xcp"


def _free_target(folder: Path, name: str, taken: set[Path]) -> Path:
    """``folder/name``, or with -2, -3 … before the suffix: never a file that exists."""
    stem, suffix = name[:-len(".xcp")], ".xcp"
    candidate, n = folder / name, 1
    while candidate.exists() or candidate in taken:
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    taken.add(candidate)
    return candidate


def _missing_folder(folder: Path) -> bool:
    """Whether ``--out-dir`` is still to be made (a fresh ``d/`` as a person writes it): its parent must
    exist; a file in its place, or a missing parent, is refused before anything is read."""
    if folder.is_dir():
        return False
    if folder.exists() or folder.is_symlink():
        raise DeployError(f"不是目录：{folder}")
    parent = folder.parent
    if not parent.is_dir():
        raise DeployError(f"目录不存在：{parent}（只会新建最后一级目录“{folder.name}”）")
    return True


def _make_folder(folder: Path) -> bool:
    """Make ``--out-dir`` (its parent exists); True when this run made it."""
    try:
        folder.mkdir()
    except FileExistsError:
        return False
    except OSError as exc:
        raise DeployError(f"无法新建目录：{folder}（{exc.strerror or exc}）") from exc
    return True


def _targets(vault: Vault, data: _Round, chosen: Sequence[TeamReadiness], folder: Path,
             today: dt.date) -> list[tuple[TeamReadiness, Path, list[Recipient]]]:
    """Each ready team's package file and recipients, every export checked before a byte is written."""
    escrow = _escrow(vault, vault.keys.all_trusted())
    taken: set[Path] = set()
    plans = []
    for team in chosen:
        key = data.keys[team.team_id]
        recipients = [Recipient(key.age_recipient, key)] + [r for r in escrow if r.age_recipient != key.age_recipient]
        target = _free_target(folder, package_name(data.round.title, team, today), taken)
        check_export(vault, target, recipients, "deployment")
        plans.append((team, target, recipients))
    return plans


def _remove_if_empty(folder: Path, created: bool) -> None:
    """Undo the folder this run made, when nothing is left in it (a failure or a cancel)."""
    if created:
        with contextlib.suppress(OSError):
            folder.rmdir()


def deploy_round(vault: Vault, round_ref: str, out_dir: str | os.PathLike[str], *, incremental: bool = False,
                 ready_only: bool = False, progress: Progress | None = None,
                 cancel: Callable[[], bool] | None = None, today: dt.date | None = None) -> DeployOutcome:
    """One deployment package per team of the round, in ``out_dir`` (never over a file; the folder is
    made when missing and its parent exists, once there is a package to write).

    Readiness is checked for every team first: when any is not ready, nothing is written and
    :class:`NotReady` lists every reason, unless ``ready_only`` (the ready teams are deployed, the
    others returned as skipped). ``progress(done, total)`` counts teams; it, or ``cancel()``
    returning True, may stop the job (``Cancelled``): the packages written so far are removed and
    nothing enters the ledger. ``incremental``: each package holds what changed since the last
    deployment to the same team key (docs/package-format.md, "What each kind carries").
    """
    folder = Path(out_dir)
    create = _missing_folder(folder)
    if vault.info.role != "office":
        raise DeployError("只有巡察办保密库可以生成部署包")
    data = _read_round(vault, round_ref)
    blocked = [t for t in data.readiness if not t.ready]
    if blocked and not ready_only:
        raise NotReady(data.readiness)
    chosen = [t for t in data.readiness if t.ready]
    created = _make_folder(folder) if create and chosen else False  # a refused deploy leaves no folder behind

    def check_cancel(done: int = 0, total: int = 0) -> None:
        if cancel is not None and cancel():
            raise Cancelled()

    try:
        plans = _targets(vault, data, chosen, folder, today or dt.date.today())
        total = len(plans)
        if progress is not None:
            progress(0, total)
        scopes = round_deployment_scopes(vault, data.round.id) if plans else {}
        # Every write the packages carry is read and encoded once: the office's rules go in all of them.
        lines = WriteLines(vault, {rid for team, _, _ in plans for rid in scopes[team.team_id].ids})
        sent = vault.keys.packages("out")
        reserved = reserve_packages(vault, [target for _, target, _ in plans]) if plans else []
    except BaseException:
        _remove_if_empty(folder, created)
        raise
    pending: list[PendingPackage] = []
    try:
        for done, ((team, target, recipients), slot) in enumerate(zip(plans, reserved, strict=True), start=1):
            check_cancel()
            pending.append(write_package(vault, target, recipients, kind="deployment", scope=scopes[team.team_id],
                                         incremental=incremental, progress=check_cancel, cache=lines,
                                         reserved=slot, sent=sent))
            if progress is not None:
                progress(done, total)
        check_cancel()
        results = commit_packages(vault, pending)
    except BaseException:
        for _seq, tmp in reserved:  # the packages written, and those reserved and never written
            discard_tmp(vault, tmp)
        _remove_if_empty(folder, created)
        raise
    return DeployOutcome(data.round.title, list(zip(chosen, results, strict=True)), blocked)


# --- trusting team keys ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamKeyOutcome:
    """A team's keys file trusted and its key fingerprint recorded on the team."""

    team_id: str
    team_name: str
    trust: TrustOutcome
    previous_fingerprint: str

    @property
    def fingerprint(self) -> str:
        return binding(self.trust.key)


def _enrol(vault: Vault, pairs: Sequence[tuple[TrustOutcome, Team]]) -> list[TeamKeyOutcome]:
    """Store each trust and each team's key fingerprint in one transaction (journalled)."""
    out = []
    with vault.transaction():
        for outcome, team in pairs:
            apply_trust(vault, outcome)
            fingerprint = binding(outcome.key)
            if team.key_fingerprint != fingerprint:
                vault.records.save_within([dataclasses.replace(team, key_fingerprint=fingerprint)])
            out.append(TeamKeyOutcome(team.id, team.name, outcome, team.key_fingerprint))
    return out


def trust_team_key(vault: Vault, key: TrustedKey, team_ref: str, *, round_ref: str | None = None,
                   confirm: str | None = None) -> TeamKeyOutcome:
    """Trust a team's keys file (the usual confirmation: ``confirm``, the role must be team) and
    record its key fingerprint as the team's deployment key (``team.key_fingerprint``)."""
    team = find_team(vault, team_ref, round_ref)
    outcome = plan_trust(vault, key, confirm=confirm, role="team")
    return _enrol(vault, [(outcome, team)])[0]


@dataclass(frozen=True)
class FileRefusal:
    name: str
    reason: str


@dataclass(frozen=True)
class ByOwnerOutcome:
    """What ``trust --by-owner`` did: the teams enrolled, or (nothing enrolled) every file refused."""

    enrolled: list[tuple[str, TeamKeyOutcome]]
    refused: list[FileRefusal]


def _read_bounded(path: Path) -> bytes:
    """A regular file's first bytes, at most MAX_KEYS_FILE + 1 (a bigger file is then refused)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DeployError("不是普通文件")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(MAX_KEYS_FILE + 1)
    finally:
        os.close(fd)


def _key_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise DeployError(f"目录不存在：{folder}")
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            names.append(entry.name)
            if len(names) > MAX_KEY_FILES:
                raise DeployError(f"目录中的文件超过 {MAX_KEY_FILES} 个")
    return [folder / n for n in sorted(names)]


def trust_by_owner(vault: Vault, folder: str | os.PathLike[str], round_ref: str) -> ByOwnerOutcome:
    """Enrol a folder of team keys files: each file's ``owner`` must be the name of exactly one team
    of the round, its role team, and no two files may name the same team. Every file is read with
    its size capped and checked strictly; when any is refused, none is enrolled (each refusal is
    returned with its reason); otherwise all are, in one transaction."""
    files = _key_files(Path(folder))
    rnd = find_round(vault, round_ref)
    by_name: dict[str, list[Team]] = defaultdict(list)
    for team in vault.records.iter(Team, where={"round_id": rnd.id}):
        by_name[team.name.strip()].append(team)
    refused: list[FileRefusal] = []
    planned: list[tuple[str, TrustOutcome, Team]] = []
    claimed: dict[str, str] = {}
    for path in files:
        try:
            data = _read_bounded(path)
            if len(data) > MAX_KEYS_FILE:
                raise DeployError("文件过大，不是公钥文件")
            key = load_key_file(data)
            teams = by_name.get(key.owner.strip(), [])
            if not teams:
                raise DeployError(f"署名“{key.owner[:40]}”不是本轮次任何巡察组的组名")
            if len(teams) > 1:
                raise DeployError(f"本轮次有 {len(teams)} 个名为“{key.owner[:40]}”的巡察组")
            team = teams[0]
            outcome = plan_trust(vault, key, role="team")
            if team.id in claimed:
                raise DeployError(f"与 {claimed[team.id]} 同属“{team.name}”")
            claimed[team.id] = path.name
            planned.append((path.name, outcome, team))
        except (DeployError, PackageError, OSError, ValueError) as exc:
            refused.append(FileRefusal(path.name, _reason(exc)))
    if refused:
        return ByOwnerOutcome([], refused)
    if not planned:
        raise DeployError("目录中没有公钥文件")
    done = _enrol(vault, [(outcome, team) for _, outcome, team in planned])
    return ByOwnerOutcome([(name, d) for (name, _, _), d in zip(planned, done, strict=True)], [])


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"无法读取：{exc.strerror or exc}"
    if isinstance(exc, ValueError) and not isinstance(exc, PackageError | DeployError):
        return "不是公钥文件"
    return str(exc)

