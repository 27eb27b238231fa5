"""The op API and the serial executor."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from app.domain.jobs import Cancelled
from app.storage.errors import VaultLocked, WrongPassphrase
from app.storage.vault import Vault
from app.ui.tasks import DbExecutor, Op, Task


def test_synchronous_op_calls_back_before_start_returns(executor: DbExecutor) -> None:
    got: list[object] = []
    op = Op(None, lambda task: 6 * 7, executor=executor).on_success(got.append).start()
    assert got == [42] and op.done and not executor.busy


def test_error_goes_to_on_error(executor: DbExecutor) -> None:
    errors: list[BaseException] = []
    finished: list[bool] = []

    def fail(task: Task) -> None:
        raise WrongPassphrase()

    Op(None, fail, executor=executor).on_error(errors.append).on_finished(lambda: finished.append(True)).start()
    assert isinstance(errors[0], WrongPassphrase) and finished == [True]


def test_task_without_vault_raises_locked(executor: DbExecutor) -> None:
    errors: list[BaseException] = []
    Op(None, lambda task: task.vault, executor=executor).on_error(errors.append).start()
    assert isinstance(errors[0], VaultLocked)


def test_threaded_ops_run_in_order_on_one_worker_and_deliver_on_gui_thread(qtbot, threaded_executor) -> None:
    gui = threading.get_ident()
    workers: set[int] = set()
    order: list[int] = []
    delivered_on: set[int] = set()

    def work(n: int):
        def fn(task: Task) -> int:
            workers.add(threading.get_ident())
            return n
        return fn

    def got(n: int) -> None:
        order.append(n)
        delivered_on.add(threading.get_ident())

    ops = [Op(None, work(n), executor=threaded_executor).on_success(got).start() for n in range(20)]
    qtbot.waitUntil(lambda: all(op.done for op in ops), timeout=5000)
    assert order == list(range(20))
    assert len(workers) == 1 and gui not in workers
    assert delivered_on == {gui}


def test_progress_and_cancel(qtbot, threaded_executor) -> None:
    started = threading.Event()
    progress: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def long(task: Task) -> None:
        started.set()
        for i in range(10_000):
            task.report(i, 10_000)
            task.check_cancelled()
            threading.Event().wait(0.001)

    op = (Op(None, long, executor=threaded_executor)
          .on_progress(lambda done, total, _text: progress.append((done, total)))
          .on_error(errors.append).start())
    assert started.wait(5)
    qtbot.waitUntil(lambda: bool(progress), timeout=5000)
    op.cancel()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert isinstance(errors[0], Cancelled)
    assert all(total == 10_000 for _, total in progress)


def test_callbacks_dropped_when_parent_is_destroyed(qtbot, threaded_executor) -> None:
    parent = QWidget()
    gate = threading.Event()
    got: list[object] = []
    op = Op(parent, lambda task: gate.wait(5), executor=threaded_executor).on_success(got.append).start()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(parent), timeout=2000)
    gate.set()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert got == []


def test_lock_drops_queued_ops_and_closes_vault(qtbot, threaded_executor, vault: Vault) -> None:
    threaded_executor.set_vault(vault)
    gate = threading.Event()
    got: list[object] = []
    first = Op(None, lambda task: gate.wait(5), executor=threaded_executor).start()
    queued = Op(None, lambda task: task.vault.records.count("interview"), executor=threaded_executor)
    queued.on_success(got.append).start()
    closing = threaded_executor.close_vault()
    gate.set()
    assert closing is not None
    qtbot.waitUntil(lambda: closing.done and first.done, timeout=5000)
    assert not vault.is_open
    assert got == [] and not queued.done
    assert threaded_executor.vault is None and not threaded_executor.busy


@pytest.mark.parametrize("synchronous", [True, False])
def test_vault_calls_through_executor(qtbot, vault: Vault, synchronous: bool) -> None:
    ex = DbExecutor(synchronous=synchronous)
    ex.set_vault(vault)
    got: list[int] = []
    op = Op(None, lambda task: task.vault.records.count("vocab"), executor=ex).on_success(got.append).start()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert got and got[0] > 0
    ex.shutdown()
