"""Locking helpers: the idle timer and the guarded clipboard.

* :class:`InactivityTimer` (after KeePassXC's ``InactivityTimer``): an application-wide event
  filter notes the time of the last key, mouse, wheel or hover event; a coarse tick compares it
  with the clock and emits ``inactive`` once the idle time is reached. The clock and the tick are
  injectable, so a test moves a fake clock and calls :meth:`InactivityTimer.check`.
* :class:`ClipboardGuard`: every copy the app makes goes through :meth:`ClipboardGuard.copy`;
  the guard remembers the text and clears the system clipboard on lock, at quit and after a
  timeout, but only while it still holds that text (something the user copied elsewhere since is
  left alone). Text copied with the widgets' own Ctrl+C is noticed too, when the app owns the
  clipboard at that moment.

Drafts of unsaved edits kept while locked are :mod:`app.services.drafts`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

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
