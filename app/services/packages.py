"""Packages and the keys that sign them, as the window and the command line use them; free of Qt.

What a person does with keys and packages (docs/package-format.md): read this vault's public keys
and write them to a file, check a keys file against what is trusted, trust it (``confirm`` is the
key fingerprint they typed); check a package (a dry run that says what importing it would do) and
import several at once; export a package of any kind, with what the export dialog offers (the
teams a deployment is made for, the problems and leads a scoped package carries); and list the
packages made and imported here. Results are data; errors are typed (``PackageError`` with its
reason and, about a signer, its fingerprint, owner, device and kind). The window runs these on its
worker; the command line calls them directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.jobs import Progress
from app.domain.records import CHECK_KINDS, Attachment, Lead, Member, Person, Problem, Team, Unit, unit_id_of
from app.exchange.package import (
    ExportResult,
    ImportResult,
    PackageError,
    Recipient,
    export_package,
    import_packages,
    load_key_file,
    public_document,
    trust,
)

# What the command line names when it reads arguments and prints results, from the one place it imports.
from app.exchange.package import display as display
from app.exchange.package import format as fmt
from app.exchange.package import parse_recipients as parse_recipients
from app.exchange.package import parse_selection as parse_selection
from app.exchange.package import recipients_from_trusted as recipients_from_trusted
from app.exchange.package.format import SUPPORTED_KINDS as SUPPORTED_KINDS
from app.exchange.package.keys import MAX_KEYS_FILE, TrustOutcome
from app.exchange.package.keys import ROLE_NAMES as ROLE_NAMES
from app.exchange.package.keys import binding as binding
from app.exchange.package.verify import open_package
from app.storage.keys import PackageEntry, TrustedKey
from app.storage.vault import Vault


@dataclass(frozen=True)
class KeysData:
    """This vault's public keys document (what ``keys`` writes) and the keys it trusts."""

    own: dict[str, Any]
    trusted: list[TrustedKey]


def load_keys(vault: Vault) -> KeysData:
    return KeysData(public_document(vault), vault.keys.all_trusted())


def write_public_keys(vault: Vault, target: str | os.PathLike[str], *, overwrite: bool = True) -> dict[str, Any]:
    """Write this vault's public keys document (no private key) to ``target`` and return it.

    ``overwrite=False`` (the command line) refuses a file that is already there (FileExistsError);
    the window's save dialog has asked the person already."""
    document = public_document(vault)
    with open(target, "w" if overwrite else "x", encoding="utf-8") as f:
        f.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return document


def read_key_file(path: str | os.PathLike[str]) -> TrustedKey:
    """A keys file for ``trust``, read with its size capped and checked strictly."""
    with open(path, "rb") as f:
        data = f.read(MAX_KEYS_FILE + 1)
    return load_key_file(data)


@dataclass(frozen=True)
class KeyFileCheck:
    """A keys file read and checked; ``previous`` is what is trusted for the same signing key when
    the file differs from it (or it was trusted under the old scheme and needs confirming)."""

    key: TrustedKey
    already: bool
    previous: TrustedKey | None = None


def check_key_file(vault: Vault, path: str | os.PathLike[str]) -> KeyFileCheck:
    key = read_key_file(path)
    known = vault.keys.trusted(key.signing_key)
    changed = known is not None and (binding(known) != binding(key) or not known.verified)
    return KeyFileCheck(key, known is not None, known if changed else None)


def trust_key(vault: Vault, key: TrustedKey, *, confirm: str | None, role: str | None) -> TrustOutcome:
    """Trust ``key`` after the person confirmed its key fingerprint (and role): see keys.trust."""
    return trust(vault, key, confirm=confirm, role=role)


@dataclass(frozen=True)
class HistoryEntry:
    """One ledger row with the other side named: the signer of an imported package, the
    recipients of one made here (the window joins them as its language lists names)."""

    entry: PackageEntry
    parties: tuple[str, ...]


def package_history(vault: Vault) -> list[HistoryEntry]:
    """Every package made or imported here, newest first, with names from the trusted keys."""
    trusted = vault.keys.all_trusted()
    by_fpr = {k.fingerprint: k for k in trusted}
    by_recipient = {k.age_recipient: k for k in trusted}
    out = []
    for entry in vault.keys.packages():
        if entry.direction == "in":
            key = by_fpr.get(entry.signer)
            names = [key.owner if key is not None and key.owner else entry.device_id]
        else:
            names = []
            for recipient in entry.recipients:
                key = by_recipient.get(recipient)
                names.append((key.owner or key.device_id) if key is not None else recipient[:12] + "…")
        out.append(HistoryEntry(entry, tuple(names)))
    out.reverse()
    return out


# --- importing ------------------------------------------------------------------------------------


class UnconfirmedDeployment(PackageError):
    """An untrusted signer's package that passes every other check of its header as a deployment:
    its signer may be confirmed by the key fingerprint (``trust_signer``). Keeps the refusal's fields."""

    def __init__(self, refusal: PackageError) -> None:
        super().__init__("unknown_signer", refusal.detail, fingerprint=refusal.fingerprint, owner=refusal.owner,
                         device=refusal.device, kind=refusal.kind)


def deployment_awaiting_confirmation(vault: Vault, path: str | os.PathLike[str], refusal: PackageError) -> bool:
    """Whether a package refused for its unknown signer is a deployment this vault would take once
    the signer's fingerprint is confirmed.

    The refusal already carries the package's kind and the signer's fingerprint as fields; the
    header is then authenticated again with that fingerprint confirmed (recipients, roles, the
    ledger), without reading the body: the person's confirmation is followed by a full check.
    """
    if not refusal.fingerprint or refusal.kind != "deployment" or vault.info.role != "team":
        return False
    try:
        open_package(vault, path, trust_signer=refusal.fingerprint).close()
    except PackageError:
        return False
    return True


def check_package(vault: Vault, path: str | os.PathLike[str], *, trust_signer: str | None = None) -> ImportResult:
    """Check one package completely and say what importing it would add, change and put in
    conflict: a dry run, rolled back, so the vault stays as it was.

    Raises PackageError with the reason; an untrusted signer's deployment that this team vault
    would take once its fingerprint is confirmed raises :class:`UnconfirmedDeployment`.
    """
    return _dry_run(vault, path, trust_signer, None)


def _dry_run(vault: Vault, path: str | os.PathLike[str], trust_signer: str | None,
             inspect: Callable[[list[ImportResult]], None] | None) -> ImportResult:
    try:
        return import_packages(vault, [path], dry_run=True, trust_signer=trust_signer, inspect=inspect)[0]
    except PackageError as exc:
        if exc.reason == "unknown_signer" and deployment_awaiting_confirmation(vault, path, exc):
            raise UnconfirmedDeployment(exc) from exc
        raise


# --- what a package holds and what importing it changes, as a person counts records -----------------

#: The record kinds a person works with, counted as 记录; the others are counted apart, by kind
#: (attachments, links, vocabulary, templates, settings), so a deployment's hundreds of vocabulary
#: entries do not pass for records (docs/package-format.md, "What the window counts").
PERSON_KINDS: tuple[str, ...] = tuple(k for k in CHECK_KINDS if k != "attachment")
OTHER_KINDS: tuple[str, ...] = ("attachment", "link", "vocab", "template", "setting")


def _ordered(counts: Mapping[str, int], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    rank = {k: i for i, k in enumerate(order)}
    return tuple(sorted(((k, n) for k, n in counts.items() if n), key=lambda kn: (rank.get(kn[0], len(rank)), kn[0])))


@dataclass(frozen=True)
class Contents:
    """What a package carries: ``records`` of the kinds a person works with, ``by_kind`` those
    per kind (in the order of CHECK_KINDS), ``others`` the system's rows per kind."""

    records: int
    by_kind: tuple[tuple[str, int], ...]
    others: tuple[tuple[str, int], ...]


def package_contents(kinds: Mapping[str, int]) -> Contents:
    """``kinds`` (record kind -> records, an export's ``kinds``) split as a person counts them."""
    mine = {k: n for k, n in kinds.items() if k in PERSON_KINDS}
    return Contents(sum(mine.values()), _ordered(mine, PERSON_KINDS),
                    _ordered({k: n for k, n in kinds.items() if k not in PERSON_KINDS}, OTHER_KINDS))


@dataclass(frozen=True)
class ChangeCounts:
    """What an import adds, changes and puts in conflict among the records a person works with
    (``conflicts`` counts fields), and ``others``: the system's rows added or changed, per kind."""

    added: int
    changed: int
    conflicts: int
    others: tuple[tuple[str, int], ...] = ()


def change_counts(summary: Mapping[str, Any]) -> ChangeCounts:
    """The counts of an import's summary (a check's or the ledger's); a summary written before the
    counts per kind were kept gives its totals."""
    by_kind = summary.get("by_kind")
    if not isinstance(by_kind, dict):
        return ChangeCounts(int(summary.get("added", 0)), int(summary.get("changed", 0)),
                            int(summary.get("conflicts", 0)))
    mine = [t for k, t in by_kind.items() if k in PERSON_KINDS]
    others = {k: int(t.get("added", 0)) + int(t.get("changed", 0)) for k, t in by_kind.items() if k not in PERSON_KINDS}
    return ChangeCounts(sum(int(t.get("added", 0)) for t in mine), sum(int(t.get("changed", 0)) for t in mine),
                        sum(int(t.get("conflicts", 0)) for t in mine), _ordered(others, OTHER_KINDS))


ADDED, CHANGED, CONFLICT = "added", "changed", "conflict"
#: At most this many records are listed in a preview (the counts are always whole).
MAX_PREVIEW_ROWS = 2000


@dataclass(frozen=True)
class ChangeRow:
    """One record an import adds, changes or puts in conflict: ``fields`` are the names of the
    fields it changes (``deleted`` for a deletion) or that are in conflict; none for a new record."""

    change: str
    kind: str
    record_id: str
    title: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackagePreview:
    """A package checked (:func:`check_package`'s result) with what importing it would do: the
    counts and the records it would add, change and put in conflict (``complete`` is False when
    only the first :data:`MAX_PREVIEW_ROWS` are listed)."""

    result: ImportResult
    counts: ChangeCounts
    rows: tuple[ChangeRow, ...]
    complete: bool


def preview_package(vault: Vault, path: str | os.PathLike[str], *,
                    trust_signer: str | None = None) -> PackagePreview:
    """:func:`check_package`, and the records the import would touch, named while the dry run's
    merge is in the vault (before it is rolled back). Raises as :func:`check_package`."""
    rows: list[ChangeRow] = []

    def inspect(results: list[ImportResult]) -> None:
        rows.extend(change_rows(vault, results[0], MAX_PREVIEW_ROWS + 1))

    result = _dry_run(vault, path, trust_signer, inspect)
    return PackagePreview(result, change_counts(result.summary), tuple(rows[:MAX_PREVIEW_ROWS]),
                          len(rows) <= MAX_PREVIEW_ROWS)


def change_rows(vault: Vault, result: ImportResult, limit: int) -> list[ChangeRow]:
    """The records of the kinds a person works with that ``result``'s merge touched, as the vault
    holds them now: conflicts first, then changes, then new records; at most ``limit``."""
    report = result.report
    added = set(report.added)
    conflicts: dict[str, list[str]] = {}
    for record_id, name in report.conflicts:
        conflicts.setdefault(record_id, []).append(name)
    wanted: list[tuple[str, str, tuple[str, ...]]] = [(CONFLICT, rid, tuple(names)) for rid, names in conflicts.items()]
    wanted += [(CHANGED, rid, tuple(sorted(fields))) for rid, fields in report.changed.items()
               if rid not in added and rid not in conflicts]
    wanted += [(ADDED, rid, ()) for rid in report.added if rid not in conflicts]
    rank = {k: i for i, k in enumerate(PERSON_KINDS)}
    wanted = [w for w in wanted if result.kinds.get(w[1]) in rank]
    order = {CONFLICT: 0, CHANGED: 1, ADDED: 2}
    wanted.sort(key=lambda w: (order[w[0]], rank[result.kinds[w[1]]]))
    rows = []
    for change, record_id, names in wanted[:limit]:
        record = vault.records.find(record_id)
        title = _one_line(record.label()) if record is not None else record_id[:8]
        rows.append(ChangeRow(change, result.kinds[record_id], record_id, title, names))
    return rows


@dataclass(frozen=True)
class ImportOutcome:
    """The packages imported together, and how many conflicts are open in the vault afterwards."""

    results: list[ImportResult]
    conflicts: int


def import_packages_job(vault: Vault, paths: Sequence[str | os.PathLike[str]], progress: Progress | None = None,
                        *, trust_signer: str | None = None) -> ImportOutcome:
    """Import ``paths`` in one transaction, all or none; ``progress(done, total)`` counts packages and
    may raise ``Cancelled`` (nothing is written then). ``trust_signer``: a deployment signer's
    confirmed key fingerprint (docs/package-format.md, "How a team trusts its office")."""
    results = import_packages(vault, paths, trust_signer=trust_signer, progress=progress)
    return ImportOutcome(results, vault.records.conflict_count())


# --- exporting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportContext:
    """What the export dialog needs from the vault, loaded once when it opens."""

    owner: str
    role: str
    device_id: str
    trusted: list[TrustedKey]
    sent: list[PackageEntry]


def export_context(vault: Vault) -> ExportContext:
    store = vault.keys
    info = vault.info
    return ExportContext(info.owner, info.role, info.device_id, store.all_trusted(), store.packages("out"))


#: The record kinds each scoped package kind is chosen from.
SELECTABLE_KINDS: dict[str, tuple[str, ...]] = {"upward": ("problem", "lead"), "lead-transfer": ("lead",)}
MAX_TITLE = 80


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_TITLE else line[:MAX_TITLE - 1] + "…"


@dataclass(frozen=True)
class SelectRow:
    """One problem or lead a scoped package can carry; ``status`` is a lead's status or a problem's heading."""

    id: str
    kind: str
    number: str
    title: str
    unit: str
    status: str


@dataclass(frozen=True)
class TeamRow:
    """One team a deployment can be made for, with what the deployment would carry."""

    id: str
    name: str
    number: int | None
    round_title: str
    units: int
    members: int
    people: int


def selectable_records(vault: Vault, kinds: Iterable[str]) -> list[SelectRow]:
    """The live problems and/or leads of this vault, in the order they were made."""
    units = {u.id: u.label() for u in vault.records.iter("unit")}
    rows = []
    for kind in kinds:
        for record in vault.records.iter(kind):
            unit = units.get(unit_id_of(record) or "", "")
            if isinstance(record, Lead):
                rows.append(SelectRow(record.id, kind, record.number, _one_line(record.summary or record.subject_name),
                                      unit, record.status))
            elif isinstance(record, Problem):
                rows.append(SelectRow(record.id, kind, str(record.seq) if record.seq is not None else "",
                                      _one_line(record.title), unit, record.heading))
    return rows


def deployable_teams(vault: Vault) -> list[TeamRow]:
    """Every live team, with its round and how many units, members and roster people it has."""
    rounds = {r.id: r.label() for r in vault.records.iter("round")}
    unit_team = {u.id: u.team_id or "" for u in vault.records.iter(Unit)}
    units: dict[str, int] = {}
    for team_id in unit_team.values():
        units[team_id] = units.get(team_id, 0) + 1
    members: dict[str, int] = {}
    for member in vault.records.iter(Member):
        team_id = member.team_id or ""
        members[team_id] = members.get(team_id, 0) + 1
    people: dict[str, int] = {}
    for person in vault.records.iter(Person):
        team_id = unit_team.get(person.unit_id or "", "")
        people[team_id] = people.get(team_id, 0) + 1
    out = []
    for team in vault.records.iter(Team):
        out.append(TeamRow(team.id, team.name, team.number, rounds.get(str(team.round_id or ""), ""),
                           units.get(team.id, 0), members.get(team.id, 0), people.get(team.id, 0)))
    out.sort(key=lambda t: (t.number is None, t.number or 0, t.name))
    return out


def attachment_bytes(vault: Vault) -> int:
    """An upper bound of the attachment bytes a package carries (the length of the export's progress)."""
    hashes = {a.sha256 for a in vault.records.iter(Attachment, include_deleted=True)}
    return sum(vault.blobs.size(sha) for sha in hashes if sha and vault.blobs.exists(sha))


def run_export(vault: Vault, target: str | os.PathLike[str], recipients: list[Recipient], *, kind: str,
               incremental: bool = False, team: str | None = None, select: Sequence[str] = (),
               progress: Progress | None = None) -> ExportResult:
    """Write a package (export_package) with ``progress(done, total)`` in attachment bytes; a
    ``Cancelled`` it raises stops the export and leaves no file behind.

    Until the export knows which attachments it carries (while it reads the records), the total
    is :func:`attachment_bytes`, so that the window's bar has a length from the start."""
    report = None
    if progress is not None:
        estimate = attachment_bytes(vault)
        progress(0, estimate)

        def report(done: int, total: int) -> None:
            progress(done, total or estimate)

    return export_package(vault, target, recipients, kind=kind, incremental=incremental, team=team,
                          select=select, progress=report)


def run_upward_with_stats(vault: Vault, target: str | os.PathLike[str], recipients: list[Recipient], *,
                          round_ref: str, select: Sequence[str] = (), team: str | None = None,
                          incremental: bool = False, today: dt.date | None = None) -> ExportResult:
    """An upward package that also carries this office's figures for the round (``export --kind upward
    --with-stats``, issue 14 §2: the setting ``stats.province:<round id>``).

    The figures are a record the package must carry, so they are written before it is made. A failed
    export must not leave them behind: everything that refuses an export before a byte is written (the
    recipients, the target, the round, the selection) is checked before they are written, and an
    export that fails after that (the disk, a target that appeared meanwhile) takes them back, the
    setting as it was before, or removed when there was none."""
    from app.domain.records import Setting
    from app.exchange.package.export import check_export
    from app.exchange.package.scope import scope_for
    from app.services.rounds import find_round
    from app.services.stats import StatQuery
    from app.services.stats_province import stats_setting, stats_setting_id

    path = Path(target)
    check_export(vault, path, recipients, "upward")
    scope_for(vault, "upward", team=team, select=select)  # the selection, checked as the export checks it
    rnd = find_round(vault, round_ref)
    query = StatQuery(rnd.id, today or dt.date.today())
    key_id = stats_setting_id(vault, rnd.id)
    before = vault.records.find(key_id, Setting)
    figures = stats_setting(vault, rnd.id, query)
    try:
        return run_export(vault, path, recipients, kind="upward", incremental=incremental,
                          select=[*select, figures.id])
    except BaseException:
        if before is None:
            vault.records.delete(figures.id)
        elif before.value != figures.value or before.deleted != figures.deleted:
            restored = vault.records.save(dataclasses.replace(figures, value=before.value))
            if before.deleted and not restored.deleted:
                vault.records.delete(restored.id)
        raise


#: A package's suggested file name is Chinese whatever the interface language (like the printed
#: documents): the file travels to another vault and person, and one package gets one name. The
#: owner and team names in it are Chinese anyway.
FILE_NAME_PREFIX = "交接包"
FILE_KIND_NAMES = {"handoff": "移交包", "member": "组员包", "deployment": "部署包", "upward": "上报包",
                   "lead-transfer": "线索移交包"}
#: A package file is named ``.xcp`` (this program's own: docs/package-format.md, "The file");
#: ``.age``, the name earlier versions suggested, is still offered when choosing files to import.
PACKAGE_SUFFIX = ".xcp"
IMPORT_SUFFIXES = (".xcp", ".age")


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", name)[:20]


def default_file_name(kind: str, owner: str, today: dt.date, about: str = "") -> str:
    """交接包-<kind>-<owner>[-<about>]-<date>.xcp, in Chinese in either language; ``about`` names a
    deployment's team. A kind without a Chinese name here goes in by its code."""
    parts = [FILE_NAME_PREFIX, FILE_KIND_NAMES.get(kind, _safe(kind)), _safe(owner), _safe(about),
             today.strftime("%Y%m%d")]
    return "-".join(p for p in parts if p) + PACKAGE_SUFFIX


def last_sent_to(sent: list[PackageEntry], age_recipient: str,
                 kinds: Sequence[str] = fmt.FULL_KINDS) -> PackageEntry | None:
    """The latest package of ``kinds`` this vault made for ``age_recipient`` (what an incremental one
    starts after: a handoff or member package follows either, an office kind only its own kind)."""
    mine = [e for e in sent if age_recipient in e.recipients and e.kind in kinds]
    return max(mine, key=lambda e: e.seq) if mine else None
