"""The only hop between the engine and Qt (style.md §4).

Engine events arrive on a subscription's own thread as batches; one queued signal carries
each batch to the GUI thread, where it is split into typed signals. Use cases go the other
way: :meth:`EngineBridge.call` hands a coroutine to the engine's thread and delivers its
result (or its error) to a callback on the GUI thread. Nothing here blocks the GUI thread.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from workbench.engine.events import (
    EngineChanged,
    JobChanged,
    RunChanged,
    Snapshot,
    TakeChanged,
    TakeDeleted,
)

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.engine.host import EngineHost
    from workbench.engine.subscriptions import Subscription

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class EngineBridge(QObject):
    """Engine events as Qt signals; engine use cases with GUI-thread callbacks."""

    sig_snapshot = Signal(object)
    """The state at subscription time: (Snapshot). Always the first event."""
    sig_job_changed = Signal(object)
    """A draw moved or progressed: (JobChanged)."""
    sig_run_changed = Signal(object)
    """A run's tally changed; ``finished`` once nothing of it can move: (RunChanged)."""
    sig_take_changed = Signal(object)
    """A take was judged: (TakeChanged)."""
    sig_take_deleted = Signal(object)
    """A take left the library: (TakeDeleted)."""
    sig_engine_changed = Signal(object)
    """The engine became busy, idle or began stopping: (EngineChanged)."""
    sig_error = Signal(str)
    """A use case failed with no callback of its own to tell: (message in words)."""
    sig_start_failed = Signal(object)
    """The engine could not open the library (read-only, full, busy, damaged…): (error)."""

    _sig_batch = Signal(list)  # engine subscription thread → GUI thread
    _sig_done = Signal(object, object, object)  # (on_done, on_error, future) → GUI thread

    def __init__(self, host: EngineHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self._subscription: Subscription | None = None
        self._closed = False
        self.pending = 0
        self._sig_batch.connect(self._on_batch, Qt.ConnectionType.QueuedConnection)
        self._sig_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    # -- events ----------------------------------------------------------------------------
    def start(self) -> None:
        """Subscribe (snapshot first); returns at once, the snapshot arrives as a signal."""

        def subscribed(subscription: Subscription) -> None:
            if self._closed:
                subscription.close()
            else:
                self._subscription = subscription

        self.call(
            lambda e: e.subscribe(self._sig_batch.emit, batch=True, interval=0.1),
            subscribed,
            self.sig_start_failed.emit,
        )

    def _on_batch(self, events: list[object]) -> None:
        if self._closed:
            return
        for event in events:
            if isinstance(event, JobChanged):
                self.sig_job_changed.emit(event)
            elif isinstance(event, RunChanged):
                self.sig_run_changed.emit(event)
            elif isinstance(event, TakeChanged):
                self.sig_take_changed.emit(event)
            elif isinstance(event, TakeDeleted):
                self.sig_take_deleted.emit(event)
            elif isinstance(event, EngineChanged):
                self.sig_engine_changed.emit(event)
            elif isinstance(event, Snapshot):
                self.sig_snapshot.emit(event)

    # -- use cases -------------------------------------------------------------------------
    def call(
        self,
        use_case: Callable[[Engine], Coroutine[Any, Any, Any]],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> concurrent.futures.Future[Any] | None:
        """Run ``use_case(engine)`` on the engine thread; callbacks run on the GUI thread.

        Without ``on_error`` a failure is reported through :attr:`sig_error`. Returns the
        future (None once the bridge is closed).
        """
        if self._closed or not self.host.running:
            return None
        future = self.host.submit(use_case)
        self.pending += 1
        future.add_done_callback(lambda f: self._sig_done.emit(on_done, on_error, f))
        return future

    def _on_done(
        self, on_done: Done | None, on_error: Failed | None, future: concurrent.futures.Future[Any]
    ) -> None:
        self.pending -= 1
        if self._closed or future.cancelled():
            return
        error = future.exception()
        try:
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    log.warning("engine call failed: %s", error)
                    self.sig_error.emit(str(error))
            elif on_done is not None:
                on_done(future.result())
        except RuntimeError as exc:  # a widget the callback touches was already deleted
            log.debug("late engine callback dropped: %s", exc)

    def close(self) -> None:
        """Stop delivering (the host itself is closed by the application)."""
        self._closed = True
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None
