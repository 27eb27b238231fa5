"""Every print and export goes into the vault's audit trail (docs/security.md)."""

from __future__ import annotations

from typing import Any

from app.storage.vault import Vault


def record_export(vault: Vault, action: str, detail: dict[str, Any], record_id: str | None = None) -> None:
    """Append ``action`` with ``detail`` to the hash-chained journal, in its own transaction."""
    with vault.transaction():
        vault.journal.append(action, detail, record_id=record_id)
