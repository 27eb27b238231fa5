"""Window and session preferences, declared once, kept in QSettings (docs/architecture.md practice 12).

Widgets read and write :data:`SETTINGS` attributes, never string keys. Secrets (passphrases,
keys, record text) never go into QSettings: it is a plain file beside the encrypted vault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "XunCha"
APPLICATION = "XunChaWorkbench"
#: Bump, and add a step to :func:`upgrade`, when an option's key or meaning changes.
SETTINGS_VERSION = 2

T = TypeVar("T")

#: What the file dialogs remember a folder for, one each (app/ui/widgets/files.py): the last folder
#: used to open or save a file of that purpose. Vault files have none: a vault's folder often says
#: whose case it is, so only a vault the user ticked is remembered (docs/vault.md).
FOLDER_PURPOSES = ("packages", "documents", "attachments", "keys", "intake")


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: its key, its type and its default."""

    key: str
    kind: type[Any]
    default: T
    description: str = ""

    def __get__(self, obj: Settings | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.read(self)

    def __set__(self, obj: Settings, value: T) -> None:
        obj.write(self, value)


class Settings:
    """Typed access to the app's QSettings. A fresh instance reads the current values."""

    window_geometry = Option("window/geometry", QByteArray, QByteArray(), "main window geometry")
    window_state = Option("window/state", QByteArray, QByteArray(), "main window toolbars and docks")
    # A vault's path often says whose case it is: only the one the user ticked is kept (docs/vault.md).
    remembered_vault = Option("vaults/remembered", str, "",
                              "the one vault file the user asked to remember at unlock (none by default)")
    opened_before = Option("vaults/opened_before", int, 0,
                           "1 once a vault was opened here: start on the unlock dialog, not on create")
    lock_minutes = Option("security/lock_minutes", int, 5, "lock after this many idle minutes (0: never)")
    clipboard_seconds = Option("security/clipboard_seconds", int, 30,
                               "clear text the app copied after this many seconds (0: only on lock and quit)")
    language = Option("ui/language", str, "zh", "interface language, zh or en (applied at the next start)")
    export_last = Option("packages/export_last", list, list[str](), "last export: kind, recipients' fingerprints")

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(ORGANIZATION, APPLICATION)
        upgrade(self._q)

    def read(self, option: Option[Any]) -> Any:
        value = self._q.value(option.key, option.default)
        if value is None:
            return option.default
        if option.kind is list:
            if isinstance(value, str):  # QSettings hands back a one-item list as a plain string
                return [value]
            return list(value) if isinstance(value, (list, tuple)) else option.default
        if option.kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray(bytes(value))  # type: ignore[call-overload]
        try:
            return option.kind(value)
        except (TypeError, ValueError):
            return option.default

    def write(self, option: Option[Any], value: Any) -> None:
        self._q.setValue(option.key, value)

    # Column order and widths of each record list, one entry per kind: the key is built here, so
    # widgets never spell settings keys.
    def list_header(self, kind: str) -> QByteArray:
        value = self._q.value(f"lists/{kind}/header", QByteArray())
        return value if isinstance(value, QByteArray) else QByteArray()

    def set_list_header(self, kind: str, state: QByteArray) -> None:
        self._q.setValue(f"lists/{kind}/header", state)

    # The last folder of each file-dialog purpose (FOLDER_PURPOSES), under 'folders/<purpose>'.
    def folder(self, purpose: str) -> str:
        value = self._q.value(f"folders/{purpose}", "") if purpose in FOLDER_PURPOSES else ""
        return value if isinstance(value, str) else ""

    def set_folder(self, purpose: str, folder: str) -> None:
        if purpose in FOLDER_PURPOSES:
            self._q.setValue(f"folders/{purpose}", folder)

    def sync(self) -> None:
        self._q.sync()


def upgrade(q: QSettings) -> None:
    """Versioned upgrades of stored settings."""
    stored = int(str(q.value("settings_version", 0) or 0))
    if stored < 2:
        # Version 1 kept the full path of every vault opened lately, and the folder of the last one
        # chosen, without asking. Nobody chose to keep them: forget them (docs/vault.md).
        if q.value("vaults/recent"):
            q.setValue("vaults/opened_before", 1)
        q.remove("vaults/recent")
        q.remove("vaults/last_dir")
    if stored < SETTINGS_VERSION:
        q.setValue("settings_version", SETTINGS_VERSION)
