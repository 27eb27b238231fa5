"""Deployment benchmark: one ``deploy`` of a round's 83 teams against its baselines, in one run.

    .venv/bin/python bench/deploy_bench.py                       # makes an office demo (--seed 5) first
    .venv/bin/python bench/deploy_bench.py --vault o.xcv --passphrase 演示口令2024 [--round TITLE]

Prints (issue 13, "Performance"; targets: ≤ 0.5× and ≤ 3×):
- ``deploy_round`` (app/services/deploy.py): readiness of every team, the scopes of all teams in
  one pass, every write read and encoded once, one package per team (ZIP container, signature,
  age encryption, fsync), all put in place and recorded in the ledger together;
- against the sum of the same teams' single ``export --kind deployment`` calls in-process
  (``export_package(..., kind="deployment", team=ID)``: a scope worked out per team, as before);
- against the ``age`` tool encrypting the same containers (``age -r RECIPIENT -o FILE``, one
  process a team, fed from memory, the output fsynced as the export's is). The containers are made
  beforehand and not timed: the baseline is encryption alone.

The bench works on a copy of the vault. To make every team ready it gives each team a key of its
own (a generated keys document, trusted and recorded as ``team.key_fingerprint``), fills in
missing authorisations and pledges; teams still not ready (a conflict) are left out of all three
measurements (``--ready-only``). Vaults made here use the test KDF parameters: the KDF is paid
once at open. Needs ``age`` on PATH.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from pyrage import x25519  # noqa: E402

from app.demo import fill  # noqa: E402
from app.domain.records import Member, Round, Team, Unit  # noqa: E402
from app.exchange.package import export_package, load_key_file  # noqa: E402
from app.exchange.package.export import WriteLines, _container  # noqa: E402
from app.exchange.package.keys import Recipient, age_fingerprint, device_keys, fingerprint, key_fingerprint  # noqa: E402
from app.exchange.package.scope import round_deployment_scopes  # noqa: E402
from app.services.deploy import deploy_round, find_round, round_readiness, trust_team_key  # noqa: E402
from app.storage.kdf import TEST_PARAMS  # noqa: E402
from app.storage.vault import Vault  # noqa: E402

PASSPHRASE = "benchmark passphrase"


def keys_document(owner: str) -> bytes:
    """A team laptop's keys file (as ``keys`` writes it), for keys made here."""
    signing = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    recipient = str(x25519.Identity.generate().to_public())
    vault_id = os.urandom(16).hex()
    doc = {"format": "xuncha-keys", "version": 2, "vault_id": vault_id, "device_id": os.urandom(8).hex(),
           "role": "team", "owner": owner, "age_recipient": recipient, "signing_key": signing,
           "signing_fingerprint": fingerprint(signing), "age_fingerprint": age_fingerprint(recipient),
           "fingerprint": key_fingerprint(signing, recipient, vault_id, "team", owner)}
    return json.dumps(doc, ensure_ascii=False).encode()


def make_ready(vault: Vault, round_id: str) -> None:
    """Give every team of the round a trusted key, and fill in what readiness asks for."""
    rnd = vault.records.get(round_id, Round)
    if not rnd.authorisation:
        vault.records.save(dataclasses.replace(rnd, authorisation="某巡领字〔2024〕1号"))
    teams = vault.records.list(Team, where={"round_id": round_id})
    ids = {t.id for t in teams}
    for team in teams:
        if not team.leader_authorisation:
            number = f"授权〔2024〕{team.number or 0}号"
            team = vault.records.save(dataclasses.replace(team, leader_authorisation=number))
        trust_team_key(vault, load_key_file(keys_document(team.name)), team.id)
    fixed = [dataclasses.replace(m, pledge_signed=True, recusal_signed=True) for m in vault.records.iter(Member)
             if m.team_id in ids and not (m.pledge_signed and m.recusal_signed)]
    fixed += [dataclasses.replace(u, cross_authorisation="属地授权〔2024〕1号") for u in vault.records.iter(Unit)
              if u.team_id in ids and u.mode == "交叉" and not u.cross_authorisation]
    if fixed:
        vault.records.save_many(fixed)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", help="an office vault to copy (default: a new office demo)")
    parser.add_argument("--passphrase", default=PASSPHRASE)
    parser.add_argument("--round", help="the round to deploy (default: the round with the most teams)")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("age") is None:
        sys.exit("needs the age tool on PATH")
    work = Path(tempfile.mkdtemp(prefix="deploy-bench-"))
    path = work / "office.xcv"
    print(f"deploy bench: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if args.vault:
        shutil.copy(args.vault, path)
        passphrase = args.passphrase
    else:
        started = time.perf_counter()
        with Vault.create(path, PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS) as vault:
            fill(vault, scale="office", seed=args.seed)
        passphrase = PASSPHRASE
        print(f"office demo (seed {args.seed}) made in {time.perf_counter() - started:.1f} s")
    with Vault.open(path, passphrase) as vault:
        if args.round:
            rnd = find_round(vault, args.round)
        else:
            teams = Counter(t.round_id for t in vault.records.iter(Team))
            rnd = max(vault.records.list(Round), key=lambda r: (teams[r.id], r.created))
        make_ready(vault, rnd.id)
        device_keys(vault)
        ready = [t for t in round_readiness(vault, rnd.id) if t.ready]
        print(f"round {rnd.title}: {len(ready)} teams ready")
        keys = {k.age_recipient: k for k in vault.keys.all_trusted()}

        out = work / "deploy"
        out.mkdir()
        started = time.perf_counter()
        outcome = deploy_round(vault, rnd.id, out, ready_only=True)
        ours = time.perf_counter() - started
        made = outcome.made
        records = sum(r.records for _, r in made)
        size = sum(r.size for _, r in made)
        print(f"deploy_round: {len(made)} packages, {records} records, {size / 1e6:.1f} MB in {ours:.2f} s")

        single = work / "single"
        single.mkdir()
        started = time.perf_counter()
        for team, result in made:
            key = keys[result.recipients[0]]
            export_package(vault, single / f"{team.team_id}.xcp", [Recipient(key.age_recipient, key)],
                           kind="deployment", team=team.team_id)
        singles = time.perf_counter() - started
        print(f"{len(made)} single export --kind deployment calls, in-process: {singles:.2f} s")

        scopes = round_deployment_scopes(vault, rnd.id)
        lines = WriteLines(vault, {rid for team, _ in made for rid in scopes[team.team_id].ids})
        owner_keys = device_keys(vault)
        containers = []
        for team, result in made:
            ids = frozenset(scopes[team.team_id].ids)
            containers.append((result.recipients[0], b"".join(_container(
                vault, owner_keys, {"scope": {}}, 0, vault.records.last_seq, None, ids, None, {}, lines))))
    aged = work / "age"
    aged.mkdir()
    started = time.perf_counter()
    for n, (recipient, data) in enumerate(containers):
        target = aged / f"{n}.age"
        subprocess.run(["age", "-r", recipient, "-o", str(target)], input=data, check=True)
        fsync_file(target)
    age_time = time.perf_counter() - started
    print(f"age -r of the same {len(containers)} containers ({sum(len(c) for _, c in containers) / 1e6:.1f} MB,"
          f" + fsync): {age_time:.2f} s")
    print(f"ratio deploy / sum of single exports   {ours / singles:.2f}x   (target <= 0.5x)")
    print(f"ratio deploy / age                     {ours / age_time:.2f}x   (target <= 3x)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
