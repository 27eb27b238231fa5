"""Background work: one serial executor owns the vault, and a small op API runs work on it.

Every call into the vault goes through :class:`DbExecutor`, a ``QThreadPool`` limited to one
thread (docs/architecture.md practice 7, Anki's ``max_workers=1``): the SQLCipher connection has exactly
one user at a time and the window never waits on it. Work is described by an :class:`Op`::

    Op(self, lambda task: records.load_kind(task.vault, "interview"), executor=ex) \\
        .on_success(self.model.set_records) \\
        .on_error(self.show_error) \\
        .start()

The op's function runs on the worker thread and receives a :class:`Task` (the vault, progress
reporting, the cancel flag); it hands ``task.vault`` to a function of ``app/services`` and does
nothing else with it (tests/test_doors.py). It must never touch a widget. Its result, its error or its
progress reach the GUI thread through queued signals; callbacks are dropped when the op's
parent widget has been destroyed meanwhile.

Around every op the executor notes where the vault's writes stand (:func:`app.services.records.change_mark`)
and, once the op is delivered, emits ``records_changed`` with what it wrote (a
:class:`~app.services.records.Changes`), whatever service it called: saving, deleting, importing a package
or a spreadsheet, resolving a conflict. The window reloads what shows those kinds from that one signal
(issue 12 item 10), never from per-page calls.

Tests construct ``DbExecutor(synchronous=True)``: ops then run inline inside ``start()`` and
their callbacks fire before it returns (Picard's ``FakeThreadPool``).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.domain.jobs import Cancelled
from app.services.records import Changes, change_mark, changes_since
from app.services.session import OpenedVault, describe
from app.storage.errors import VaultDamaged, VaultError, VaultLocked
from app.storage.vault import Vault, damage_error
from app.ui.i18n import error_text
from app.ui.widgets.plain import warning

T = TypeVar("T")

#: Progress signals are sent at most this often (seconds), except the final one.
PROGRESS_INTERVAL = 0.1



class Task:
    """What an op's function receives, on the worker thread.

    Attributes:
        op: the op being run.
    """

    def __init__(self, executor: Worker, op: Op[Any]) -> None:
        self._executor = executor
        self.op = op
        self._last_report = 0.0
        #: The vault being closed, for the close op's ``before`` (the executor has already let go of it).
        self.closing: Vault | None = None

    @property
    def vault(self) -> Vault:
        """The open vault; raises VaultLocked once the vault has been locked."""
        vault = self.closing or (self._executor.vault if isinstance(self._executor, DbExecutor) else None)
        if vault is None or not vault.is_open:
            raise VaultLocked()
        return vault

    @property
    def cancelled(self) -> bool:
        return self.op.cancel_requested

    def check_cancelled(self) -> None:
        if self.op.cancel_requested:
            raise Cancelled()

    def progress(self, done: int, total: int) -> None:
        """The :data:`~app.domain.jobs.Progress` a service's long job takes: raises Cancelled once the op
        is cancelled (the job stops and rolls back), else reports, throttled, to the op's on_progress."""
        self.check_cancelled()
        self.report(done, total)

    def report(self, done: int, total: int, text: str = "") -> None:
        """Report progress; throttled, so it is cheap to call in a tight loop."""
        now = time.monotonic()
        if done < total and now - self._last_report < PROGRESS_INTERVAL:
            return
        self._last_report = now
        self.op._emit_progress(done, total, text)


class _Bridge(QObject):
    """Lives on the GUI thread; its queued slots carry an op's outcome there.

    Signals:
        succeeded(object): the function's return value.
        failed(object): the exception it raised.
        progressed(int, int, str): done, total, text.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self._op = op
        queued = Qt.ConnectionType.QueuedConnection
        self.succeeded.connect(self._on_succeeded, queued)
        self.failed.connect(self._on_failed, queued)
        self.progressed.connect(self._on_progressed, queued)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._op._deliver(result, None)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._op._deliver(None, error)

    @Slot(int, int, str)
    def _on_progressed(self, done: int, total: int, text: str) -> None:
        self._op._deliver_progress(done, total, text)


class _Runnable(QRunnable):
    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the executor holds the Python reference until delivery
        self._op = op

    def run(self) -> None:
        self._op._run()


class Worker(QObject):
    """A one-thread pool running ops in order. :class:`DbExecutor` is the one that holds the vault;
    other workers (the PDF render thread, app/ui/documents/render_thread.py) never see it.

    Signals:
        busy_changed(bool): True when the first op is queued, False when the last one is done.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread for the life of the app
        self._ops: list[Op[Any]] = []  # started and not yet delivered, in order

    # --- running ops -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._ops)

    def _submit(self, op: Op[Any]) -> None:
        self._ops.append(op)
        if len(self._ops) == 1:
            self.busy_changed.emit(True)
        if self.synchronous:
            op._run()
        else:
            self._pool.start(op._runnable)

    def _finished(self, op: Op[Any]) -> None:
        if op in self._ops:
            self._ops.remove(op)
            if not self._ops:
                self.busy_changed.emit(False)

    def cancel_pending(self) -> None:
        """Drop ops not yet started; ask running ones to cancel. Dropped ops never call back."""
        for op in list(self._ops):
            op.cancel()
            if not self.synchronous and self._pool.tryTake(op._runnable):
                op._dropped = True  # never ran; nothing will call back
                self._finished(op)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker is idle (shutdown and tests). Callbacks still need the event loop."""
        return bool(self._pool.waitForDone(timeout_ms))



class DbExecutor(Worker):
    """The one owner of the vault connection: the worker whose ops receive ``task.vault``.

    Signals:
        records_changed(Changes): an op wrote records (emitted on the GUI thread after the op's own callbacks).
    """

    records_changed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent, synchronous=synchronous)
        self._vault: Vault | None = None

    # --- the vault ---------------------------------------------------------------------------

    @property
    def vault(self) -> Vault | None:
        return self._vault

    def set_vault(self, vault: Vault | None) -> None:
        """Hand an opened vault to the executor; ops see it from now on (tests and tools)."""
        self._vault = vault

    def open_vault(self, parent: QObject | None, opener: Callable[[], Vault]) -> Op[OpenedVault]:
        """An op that opens a vault on the worker and keeps it there; the window gets its description.

        ``opener`` is a call into app/services/session.py (unlock or create). The vault goes from the
        worker straight to the executor, so the window never holds it (docs/architecture.md, "Layers").
        Not started: chain the callbacks, then ``start()``.
        """
        def work(_task: Task) -> OpenedVault:
            vault = opener()
            if self._vault is not None and self._vault is not vault:
                self._vault.close()
            self._vault = vault
            return describe(vault)

        return Op(parent, work, executor=self)

    def close_vault(self, parent: QObject | None = None, *, before: Callable[[Task], Any] | None = None,
                    on_done: Callable[[Any], Any] | None = None) -> Op[Any] | None:
        """Lock: queued ops are dropped, the running one is asked to cancel, the vault is closed
        on the worker thread. Ops started from now on fail with VaultLocked until ``set_vault``.

        ``before(task)`` runs on the worker just before the close (saving edits, writing drafts), with
        ``task.vault`` still the closing vault; its result goes to ``on_done`` on the GUI thread. The
        vault is closed even when it fails.
        """
        vault, self._vault = self._vault, None
        self.cancel_pending()
        if vault is None:
            return None

        def work(task: Task) -> Any:
            task.closing = vault
            try:
                return before(task) if before is not None else None
            finally:
                vault.close()

        op = Op(parent, work, executor=self)
        if on_done is not None:
            op.on_success(on_done)
        return op.start()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """At exit: drop queued work, close the vault on the worker, wait for it."""
        self.close_vault()
        self.wait(timeout_ms)


_default_executor: DbExecutor | None = None


def default_executor() -> DbExecutor:
    """The application's executor (made on first use)."""
    global _default_executor
    if _default_executor is None:
        _default_executor = DbExecutor()
    return _default_executor


def set_default_executor(executor: DbExecutor | None) -> None:
    global _default_executor
    _default_executor = executor


class Op(Generic[T]):
    """One piece of work for the executor, with callbacks on the GUI thread.

    Build it, chain ``on_success``/``on_error``/``on_progress``/``on_finished``, then ``start()``.
    Without ``on_error``, expected errors (VaultError) are shown in a message box and anything
    else goes to ``sys.excepthook`` (the crash dialog). Cancellation is silent unless
    ``on_error`` asks for it.
    """

    def __init__(self, parent: QObject | None, fn: Callable[[Task], T], *,
                 executor: Worker | None = None) -> None:
        self._parent = parent
        self._fn = fn
        self._executor = executor or default_executor()
        self._success: Callable[[T], Any] | None = None
        self._error: Callable[[BaseException], Any] | None = None
        self._progress: Callable[[int, int, str], Any] | None = None
        self._finally: Callable[[], Any] | None = None
        self._cancel = threading.Event()
        self._bridge: _Bridge | None = None
        self._runnable = _Runnable(self)
        self.started_running = False
        self.done = False
        self._dropped = False
        self.result: T | None = None
        self.error: BaseException | None = None
        #: What the op wrote to the vault (set on the worker before the outcome is delivered).
        self.changes = Changes()

    # --- building ----------------------------------------------------------------------------

    def on_success(self, callback: Callable[[T], Any]) -> Op[T]:
        self._success = callback
        return self

    def on_error(self, callback: Callable[[BaseException], Any]) -> Op[T]:
        self._error = callback
        return self

    def on_progress(self, callback: Callable[[int, int, str], Any]) -> Op[T]:
        self._progress = callback
        return self

    def on_finished(self, callback: Callable[[], Any]) -> Op[T]:
        """Called after success or error (not when the op was dropped by a lock)."""
        self._finally = callback
        return self

    def start(self) -> Op[T]:
        self._bridge = _Bridge(self)
        self._executor._submit(self)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    # --- worker side -------------------------------------------------------------------------

    def _run(self) -> None:
        self.started_running = True
        bridge = self._bridge
        assert bridge is not None
        vault = self._executor.vault if isinstance(self._executor, DbExecutor) else None
        mark = _mark(vault)
        try:
            if self._cancel.is_set():
                raise Cancelled()
            result = self._fn(Task(self._executor, self))
        except BaseException as caught:  # noqa: BLE001 - every failure is delivered, bugs included
            # A read that met a damaged page is the vault's fault, not a bug: the typed error
            # reaches every on_error handler and report_error as a message (docs/vault.md).
            exc = damage_error(caught) or caught
            self.changes = _changes(vault, mark)  # a job may keep what it wrote before failing
            if self._executor.synchronous:
                self._deliver(None, exc)
            else:
                bridge.failed.emit(exc)
        else:
            self.changes = _changes(vault, mark)
            if self._executor.synchronous:
                self._deliver(result, None)
            else:
                bridge.succeeded.emit(result)

    def _emit_progress(self, done: int, total: int, text: str) -> None:
        if self._executor.synchronous:
            self._deliver_progress(done, total, text)
        elif self._bridge is not None:
            self._bridge.progressed.emit(done, total, text)

    # --- GUI side ----------------------------------------------------------------------------

    def _parent_alive(self) -> bool:
        return self._parent is None or isValid(self._parent)

    def _deliver_progress(self, done: int, total: int, text: str) -> None:
        if self._progress is not None and not self._dropped and self._parent_alive():
            self._progress(done, total, text)

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self.done = True
        self.result, self.error = result, error
        self._executor._finished(self)
        if self._dropped:
            return
        if not self._parent_alive():  # its window has gone, but what it wrote still shows elsewhere
            self._announce()
            return
        try:
            if error is None:
                if self._success is not None:
                    self._success(result)
            elif self._error is not None:
                self._error(error)
            else:
                report_error(self._parent if isinstance(self._parent, QWidget) else None, error)
        finally:
            if self._finally is not None:
                self._finally()
            self._announce()

    def _announce(self) -> None:
        """Tell the window what the op wrote, once its own callbacks have run."""
        if self.changes and isinstance(self._executor, DbExecutor) and self._executor.vault is not None:
            self._executor.records_changed.emit(self.changes)


def _mark(vault: Vault | None) -> int | None:
    """Where the vault's writes stand before an op (None: no open vault, nothing to compare)."""
    if vault is None or not vault.is_open:
        return None
    try:
        return change_mark(vault)
    except Exception:  # noqa: BLE001 - a damaged vault fails the op itself, with its own message
        return None


def _changes(vault: Vault | None, mark: int | None) -> Changes:
    if vault is None or mark is None or not vault.is_open:
        return Changes()
    try:
        return changes_since(vault, mark)
    except Exception:  # noqa: BLE001 - as in _mark: the op's own outcome says what went wrong
        return Changes()


_damage_shown = False


def report_error(parent: QWidget | None, error: BaseException) -> None:
    """The default for an op without ``on_error``: expected errors as a message, bugs to the crash dialog."""
    global _damage_shown
    if isinstance(error, Cancelled | VaultLocked):
        return  # the user cancelled, or locked the vault while the work was under way
    if isinstance(error, VaultDamaged):
        if _damage_shown:  # every screen's load fails at once: one message, not a stack of them
            return
        _damage_shown = True
        try:
            warning(parent, QCoreApplication.translate("report_error", "巡察工作台"), error_text(error))
        finally:
            _damage_shown = False
        return
    if isinstance(error, VaultError):
        warning(parent, QCoreApplication.translate("report_error", "巡察工作台"), error_text(error))
        return
    sys.excepthook(type(error), error, error.__traceback__)
