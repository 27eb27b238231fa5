"""The office demo's team keys, derived from the seed, so that a deployment made from the demo can be
opened by a team vault the demo makes later (``demo VAULT --scale team --deployment PKG``).

**Demo only.** Anyone who knows the seed (they are small numbers) knows these private keys; they stand
in for the keys files that each team's laptop sends the office in real use (docs/package-format.md,
"Keys"). The derived team vault says so in its round's notes.

The imports of app.exchange are inside the functions: the demo package reads only the domain and the
storage when it is imported (tests/test_demo.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.storage.keys import AGE, SIGNING, TrustedKey
from app.storage.vault import Vault

LABEL = "xuncha-demo-team-key"


@dataclass(frozen=True)
class TeamKeys:
    number: int
    signing_secret: str  # hex
    signing_public: str  # hex
    age_identity: str  # AGE-SECRET-KEY-1…
    age_recipient: str  # age1…
    vault_id: str
    device_id: str  # 16 hex digits


def team_keys(seed: int, number: int) -> TeamKeys:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from app.exchange.package.agestream import IDENTITY_HRP, bech32_encode, recipient_of

    base = hashlib.sha256(f"{LABEL}|{seed}|{number}".encode()).digest()
    signing = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"signing" + base).digest())
    scalar = hashlib.sha256(b"age" + base).digest()
    identity = bech32_encode(IDENTITY_HRP, scalar).upper()
    recipient = recipient_of(X25519PrivateKey.from_private_bytes(scalar))
    digest = hashlib.sha256(b"vault" + base).hexdigest()
    vault_id = f"{digest[:8]}-{digest[8:12]}-7{digest[13:16]}-8{digest[17:20]}-{digest[20:32]}"
    return TeamKeys(number, signing.private_bytes_raw().hex(), signing.public_key().public_bytes_raw().hex(),
                    identity, recipient, vault_id, digest[32:48])


def trusted_key(keys: TeamKeys, owner: str) -> TrustedKey:
    from app.exchange.package.keys import fingerprint

    return TrustedKey(fingerprint(keys.signing_public), keys.signing_public, keys.age_recipient, keys.vault_id,
                      keys.device_id, "team", owner)


def binding_of(keys: TeamKeys, owner: str) -> str:
    """The key fingerprint the office records in ``team.key_fingerprint``."""
    from app.exchange.package.keys import binding

    return binding(trusted_key(keys, owner))


def trust_team_keys(vault: Vault, keys: list[tuple[TeamKeys, str]]) -> None:
    """Enrol each team's key (as ``trust`` does after the fingerprint was confirmed), in one transaction."""
    with vault.transaction():
        for team_key, owner in keys:
            vault.keys.put_trusted(trusted_key(team_key, owner))
        vault.journal.append("trust-key", {"demo_team_keys": len(keys)})


def which_team(package: str | Path, seed: int, teams: int = 83) -> TeamKeys | None:
    """The derived team key a deployment package is encrypted to, trying each team number of the demo."""
    from app.exchange.package.agestream import AgeError, AgeReader

    with open(package, "rb") as f:
        for number in range(1, teams + 1):
            keys = team_keys(seed, number)
            f.seek(0)
            try:
                AgeReader(f, keys.age_identity)
            except AgeError:
                continue
            return keys
    return None


def install_own_keys(vault: Vault, keys: TeamKeys) -> None:
    """Make ``keys`` this (new, keyless) team vault's own keys."""
    if vault.keys.own(SIGNING) is not None or vault.keys.own(AGE) is not None:
        raise ValueError("该保密库已有密钥")
    with vault.transaction():
        vault.keys.put_own(SIGNING, keys.signing_secret, keys.signing_public)
        vault.keys.put_own(AGE, keys.age_identity, keys.age_recipient)
        vault.journal.append("create-keys", {"demo": True})
