"""Opening, creating and describing a vault: what the unlock and create dialogs run on the worker.

The window never holds the :class:`Vault` itself (docs/architecture.md, "Layers"): the worker opens
it and keeps it, and the window learns only an :class:`OpenedVault`, the few facts it shows (the
file's name in the title, the role, the owner, a write-ahead log kept after a crash).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.domain.rules import passphrase_problems
from app.storage.kdf import KdfParams
from app.storage.vault import MIN_PASSPHRASE, CheckReport, Vault, VaultInfo, open_or_explain
from app.storage.wal import KeptWal


@dataclass(frozen=True)
class OpenedVault:
    """What the window may know of the vault its worker holds.

    Attributes:
        path: the vault file.
        info: its id, device id, role (team or office) and owner.
        kept_wal: the copy of a damaged write-ahead log kept at this opening, or None
            (docs/vault.md, "A damaged write-ahead log").
    """

    path: Path
    info: VaultInfo
    kept_wal: KeptWal | None = None

    @property
    def role(self) -> str:
        return self.info.role

    @property
    def owner(self) -> str:
        return self.info.owner


def describe(vault: Vault) -> OpenedVault:
    return OpenedVault(path=Path(os.path.abspath(vault.path)), info=vault.info, kept_wal=vault.kept_wal)


def unlock(path: str | os.PathLike[str], passphrase: str | bytes) -> Vault:
    """Open the vault at ``path``; a wrong passphrase or a damaged file raises a VaultError that says so."""
    return open_or_explain(path, passphrase)


class WeakPassphrase(ValueError):
    """A new vault's passphrase would be guessed too soon; ``problems`` says why (app/domain/rules.py)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def create(path: str | os.PathLike[str], passphrase: str, *, role: str, owner: str,
           kdf: KdfParams | None = None, check_strength: bool = True) -> Vault:
    """Make a new vault file (never over an existing one) and open it.

    The passphrase must take 10¹⁰ guesses or more (docs/security.md, "Passphrases"), else
    :class:`WeakPassphrase`; ``check_strength=False`` only for the demo vault, whose passphrase is
    documented in the README for anyone to type."""
    if check_strength:
        problems = passphrase_problems(passphrase, (owner, Path(path).stem), min_length=MIN_PASSPHRASE)
        if problems:
            raise WeakPassphrase(problems)
    return Vault.create(path, passphrase, role=role, owner=owner, kdf=kdf)


def check(vault: Vault) -> CheckReport:
    """The integrity check: counts per kind, and every problem found (the journal's chain, the search
    index, attachments, the database's own check; docs/vault.md)."""
    return vault.check()
