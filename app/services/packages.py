"""Packages and the keys that sign them, as the window and the command line use them; free of Qt.

What a person does with keys and packages (docs/package-format.md): read this vault's public keys,
check a keys file against what is trusted, trust it (``confirm`` is the key fingerprint they
typed), and list the packages made and imported here. The window runs these on its worker; the
command line calls them directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.exchange.package import PackageError, import_packages, load_key_file, public_document, trust
from app.exchange.package.keys import MAX_KEYS_FILE, TrustOutcome, binding
from app.storage.keys import PackageEntry, TrustedKey
from app.storage.vault import Vault


@dataclass(frozen=True)
class KeysData:
    """This vault's public keys document (what ``keys`` writes) and the keys it trusts."""

    own: dict[str, Any]
    trusted: list[TrustedKey]


def load_keys(vault: Vault) -> KeysData:
    return KeysData(public_document(vault), vault.keys.all_trusted())


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


def deployment_awaiting_confirmation(vault: Vault, path: Path, refusal: PackageError) -> bool:
    """Whether a package refused for its unknown signer is a deployment this vault would import.

    A dry run with the signer's key fingerprint, which the refusal carries as a field (the vault
    is left as it was): only a deployment passes with ``trust_signer``.
    """
    if not refusal.fingerprint or refusal.kind != "deployment" or vault.info.role != "team":
        return False
    try:
        import_packages(vault, [path], dry_run=True, trust_signer=refusal.fingerprint)
    except PackageError:
        return False
    return True
