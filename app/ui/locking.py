"""Locking helpers: the idle timer, the guarded clipboard and encrypted drafts of unsaved edits.

* :class:`InactivityTimer` (after KeePassXC's ``InactivityTimer``): an application-wide event
  filter notes the time of the last key, mouse, wheel or hover event; a coarse tick compares it
  with the clock and emits ``inactive`` once the idle time is reached. The clock and the tick are
  injectable, so a test moves a fake clock and calls :meth:`InactivityTimer.check`.
* :class:`ClipboardGuard`: every copy the app makes goes through :meth:`ClipboardGuard.copy`;
  the guard remembers the text and clears the system clipboard on lock, at quit and after a
  timeout, but only while it still holds that text (something the user copied elsewhere since is
  left alone). Text copied with the widgets' own Ctrl+C is noticed too, when the app owns the
  clipboard at that moment.
* Drafts: on lock, an editor's unsaved edits are saved when they are valid; when the store
  refuses them (a missing field, a rule of the work), the fields the user changed, and what they
  were when the editing began, are written as JSON into the vault (:mod:`app.storage.drafts`,
  encrypted with everything else); only the draft's key and the record id stay in memory.
  Unlocking reopens the editor with the draft restored. Drafts outlive the process: after a quit
  or a kill while locked, the next unlock finds them and :class:`DraftRecovery` offers to
  restore or discard each, warning when the record was changed meanwhile (an import, say).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from app.domain.records import Record, kind_spec
from app.storage.drafts import DraftStore
from app.storage.errors import RecordNotFound
from app.storage.vault import Vault

#: The events that count as the user being present.
ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.HoverMove, QEvent.Type.TouchBegin, QEvent.Type.Shortcut,
})
TICK_MS = 1000


class InactivityTimer(QObject):
    """Emits ``inactive`` once nobody has touched the app for ``timeout`` seconds.

    Signals:
        inactive(): the idle time was reached (emitted once until the next activity or start()).
    """

    inactive = Signal()

    def __init__(self, timeout: float, *, clock: Callable[[], float] = time.monotonic,
                 tick: QTimer | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout = timeout
        self.clock = clock
        self.last_activity = clock()
        self.active = False
        self._fired = False
        self.tick = tick or QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.check)

    def set_timeout(self, seconds: float) -> None:
        """0 or less switches idle locking off."""
        self.timeout = seconds
        if self.active and seconds <= 0:
            self.tick.stop()
        elif self.active:
            self.tick.start()

    def start(self) -> None:
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.active = True
        self.touch()
        if self.timeout > 0:
            self.tick.start()

    def stop(self) -> None:
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.active = False
        self.tick.stop()

    def touch(self) -> None:
        self.last_activity = self.clock()
        self._fired = False

    def idle_seconds(self) -> float:
        return self.clock() - self.last_activity

    def check(self) -> bool:
        """Emit ``inactive`` when the idle time is reached; True when it was."""
        if not self.active or self.timeout <= 0 or self._fired:
            return False
        if self.idle_seconds() >= self.timeout:
            self._fired = True
            self.inactive.emit()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY_EVENTS:
            self.last_activity = self.clock()  # cheap: no timer restart per mouse move
            self._fired = False
        return False


class ClipboardGuard(QObject):
    """The one way the app copies text, and the one place that clears it again.

    Signals:
        cleared(): the guard emptied the clipboard.
    """

    cleared = Signal()

    def __init__(self, clear_after: float = 30.0, *, timer: QTimer | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self._setting = False
        self.timer = timer or QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear)
        self.set_clear_after(clear_after)
        board = QGuiApplication.clipboard()
        board.dataChanged.connect(self._changed)

    def set_clear_after(self, seconds: float) -> None:
        """0 or less: clear only on lock and at quit."""
        self.clear_after = seconds
        self.timer.setInterval(int(max(seconds, 0) * 1000))

    @property
    def holds_ours(self) -> bool:
        return self._ours is not None and QGuiApplication.clipboard().text() == self._ours

    def copy(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        # Ask clipboard managers not to keep it (as KeePassXC does).
        data.setData("x-kde-passwordManagerHint", b"secret")
        data.setData("ExcludeClipboardContentFromMonitorProcessing", b"1")
        self._setting = True
        try:
            QGuiApplication.clipboard().setMimeData(data, QClipboard.Mode.Clipboard)
        finally:
            self._setting = False
        self._remember(text)

    def _remember(self, text: str) -> None:
        self._ours = text
        if self.clear_after > 0:
            self.timer.start()

    def _changed(self) -> None:
        if self._setting:
            return
        board = QGuiApplication.clipboard()
        if board.ownsClipboard():  # a widget's own Ctrl+C inside the app
            self._remember(board.text())
        elif board.text() != self._ours:
            self._ours = None  # the user copied something elsewhere: not ours to clear
            self.timer.stop()

    def clear(self) -> bool:
        """Empty the clipboard if it still holds what the app put there; True when it did."""
        self.timer.stop()
        ours, self._ours = self._ours, None
        board = QGuiApplication.clipboard()
        if ours is not None and board.text() == ours:
            self._setting = True
            try:
                board.clear(QClipboard.Mode.Clipboard)
            finally:
                self._setting = False
            self.cleared.emit()
            return True
        return False


_guard: ClipboardGuard | None = None


def clipboard() -> ClipboardGuard:
    """The application's clipboard guard (made on first use)."""
    global _guard
    if _guard is None:
        _guard = ClipboardGuard()
    return _guard


def set_clipboard(guard: ClipboardGuard | None) -> None:
    global _guard
    _guard = guard


def copy_text(text: str) -> None:
    clipboard().copy(text)


# --- drafts ----------------------------------------------------------------------------------------

DRAFT_FORMAT = 1


@dataclass(frozen=True)
class Draft:
    """What became of an editor's unsaved edits at a lock: only ids are kept in memory.

    Attributes:
        kind: the record kind.
        record_id: the record edited ("" for a new record).
        key: the draft stored in the vault ("" when the edits were saved instead).
        reason: why they were not saved (shown when the editor reopens).
    """

    kind: str
    record_id: str
    key: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DraftContent:
    """A stored draft read back (on the worker), with what became of its record since.

    Attributes:
        values: the fields the user changed, with the values typed.
        base: the same fields as they were when the editing began.
        base_updated: the record's ``updated`` stamp when the editing began ("" for a new one).
        current_updated: the stamp now ("" for a new record or one no longer found).
        deleted: the record has been deleted (or is gone) since.
        conflicts: fields the draft changes that were also changed in the vault since.
        label: the record's label now (or the draft's, for a new record).
    """

    key: str
    kind: str
    record_id: str
    values: dict[str, Any]
    base: dict[str, Any]
    base_updated: str = ""
    saved_at: str = ""
    reason: str = ""
    current_updated: str = ""
    deleted: bool = False
    conflicts: tuple[str, ...] = ()
    label: str = ""

    @property
    def changed_meanwhile(self) -> bool:
        """The record was written (or deleted) after the editing began."""
        return bool(self.record_id) and (self.deleted or self.current_updated != self.base_updated)


def encode_values(kind: str, values: dict[str, Any]) -> bytes:
    return json.dumps({"kind": kind, "values": _to_storage(kind, values)}, ensure_ascii=False).encode("utf-8")


def decode_values(data: bytes) -> tuple[str, dict[str, Any]]:
    loaded = json.loads(data.decode("utf-8"))
    kind = str(loaded["kind"])
    return kind, _from_storage(kind, loaded.get("values", {}))


def _to_storage(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    return {f.name: f.to_storage(values.get(f.name)) for f in kind_spec(kind).fields if f.name in values}


def _from_storage(kind: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    return {f.name: f.from_storage(raw[f.name]) for f in kind_spec(kind).fields if f.name in raw}


def changed_fields(record: Record, values: dict[str, Any]) -> list[str]:
    """The fields whose form value differs from the record's (compared as stored)."""
    spec = kind_spec(record.KIND)
    return [f.name for f in spec.fields
            if f.name in values and f.to_storage(values[f.name]) != f.to_storage(getattr(record, f.name))]


def store_draft(vault: Vault, kind: str, record: Record, values: dict[str, Any], reason: str = "") -> str:
    """Keep an editor's unsaved edits inside the vault; returns the draft's key ("" when the form
    differs from the record in nothing). Only the changed fields are kept, with their values
    before, so a restore can tell what somebody else changed meanwhile."""
    names = changed_fields(record, values)
    if not names:
        return ""
    document = {
        "format": DRAFT_FORMAT,
        "kind": kind,
        "record_id": record.id,
        "label": dataclasses.replace(record, **{n: values[n] for n in names}).label(),
        "base_updated": record.updated,
        "saved_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "reason": reason,
        "values": _to_storage(kind, {n: values[n] for n in names}),
        "base": _to_storage(kind, {n: getattr(record, n) for n in names}),
    }
    return DraftStore(vault.con).put(document)


def _content(vault: Vault, key: str, document: dict[str, Any]) -> DraftContent | None:
    kind = str(document.get("kind", ""))
    try:
        kind_spec(kind)
    except KeyError:
        return None
    record_id = str(document.get("record_id", ""))
    values = _from_storage(kind, document.get("values", {}))
    base = _from_storage(kind, document.get("base", {}))
    base_updated = str(document.get("base_updated", ""))
    label = str(document.get("label", ""))
    current_updated, deleted = "", False
    conflicts: tuple[str, ...] = ()
    if record_id:
        try:
            current = vault.records.get(record_id, kind)
        except RecordNotFound:
            deleted = True
        else:
            deleted = current.deleted
            current_updated = current.updated
            label = current.label() or label
            if current_updated != base_updated:
                spec = kind_spec(kind)
                conflicts = tuple(name for name in values
                                  if spec.field(name).to_storage(getattr(current, name))
                                  != spec.field(name).to_storage(base.get(name)))
    return DraftContent(key, kind, record_id, values, base, base_updated, str(document.get("saved_at", "")),
                        str(document.get("reason", "")), current_updated, deleted, conflicts, label)


def read_draft(vault: Vault, key: str) -> DraftContent | None:
    document = DraftStore(vault.con).get(key)
    return None if document is None else _content(vault, key, document)


def take_draft(vault: Vault, key: str) -> DraftContent | None:
    """Read a draft and drop it from the vault: its edits now live in an (unsaved) editor, and
    the next lock keeps them again if they are still unsaved."""
    content = read_draft(vault, key)
    DraftStore(vault.con).remove(key)
    return content


def stored_drafts(vault: Vault) -> list[DraftContent]:
    """Every draft in the vault, oldest first (of one lock: existing records, then new ones)."""
    out = [c for key, document in DraftStore(vault.con).all() if (c := _content(vault, key, document))]
    return sorted(out, key=lambda c: (c.saved_at, not c.record_id, c.kind, c.label))


def discard_drafts(vault: Vault, keys: list[str]) -> int:
    store = DraftStore(vault.con)
    return sum(store.remove(key) for key in keys)
