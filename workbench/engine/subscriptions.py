"""Delivering engine events: a numbered bus and one queue + thread per subscriber.

The engine publishes on its loop thread and never waits for a subscriber: each
subscription has its own queue, drained by its own daemon thread, so a slow window or a
blocked terminal cannot stall the draws. Progress is coalesced per draw: while a batch is
being delivered (and for ``interval`` seconds after it), a newer progress event of the
same draw in the same state replaces the older one still queued. With the default 0.1 s
interval a subscriber sees at most ten updates a second per draw, and every state change.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from workbench.engine.events import Event, JobChanged

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


def _supersedes(new: Event, old: Event) -> bool:
    """True when ``new`` makes a queued ``old`` redundant (same draw, same state, progress)."""
    return (
        isinstance(new, JobChanged)
        and isinstance(old, JobChanged)
        and new.job.state is old.job.state
        and new.message is None
        and old.message is None
        and new.job.take is None
    )


class Subscription:
    """One subscriber: its queue, its delivery thread, and its coalescing.

    Args:
        callback: called on the subscription's own thread, with each event — or with a list
            of events when ``batch`` is true (the Qt bridge hands one list per hop).
        interval: pause after each delivery, during which progress coalesces.
        coalesce: False keeps every event (tests that check a whole sequence).
    """

    def __init__(
        self,
        callback: Callback,
        *,
        batch: bool = False,
        interval: float = 0.1,
        coalesce: bool = True,
        name: str = "workbench-events",
    ) -> None:
        self._callback = callback
        self._batch = batch
        self._interval = interval
        self._coalesce = coalesce
        self._cond = threading.Condition()
        self._pending: dict[int, Event] = {}
        self._last_key: dict[int, int] = {}  # job id → key of its newest queued event
        self._keys = itertools.count()
        self._busy = False
        self._closed = False
        self.delivered = 0
        self.coalesced = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def put(self, event: Event) -> None:
        """Queue an event (called by the bus on the publishing thread; never blocks long)."""
        with self._cond:
            if self._closed:
                return
            key = next(self._keys)
            if isinstance(event, JobChanged):
                job_id = event.job.id
                if self._coalesce:
                    old_key = self._last_key.get(job_id)
                    old = self._pending.get(old_key) if old_key is not None else None
                    if old is not None and _supersedes(event, old):
                        # Drop the older one and queue the newer at the end: delivery stays
                        # in publishing order, and the draw's own events stay in order.
                        del self._pending[old_key]  # type: ignore[arg-type]
                        self.coalesced += 1
                self._last_key[job_id] = key
            self._pending[key] = event
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far has been delivered; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def close(self, timeout: float = 2.0) -> None:
        """Stop delivering (queued events are dropped) and join the thread."""
        with self._cond:
            self._closed = True
            self._pending.clear()
            self._cond.notify_all()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._closed

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if self._closed:
                    return
                events: Sequence[Event] = list(self._pending.values())
                self._pending.clear()
                self._last_key.clear()
                self._busy = True
            try:
                if self._batch:
                    self._callback(list(events))
                else:
                    for event in events:
                        self._callback(event)
            except Exception:
                log.exception("an event subscriber failed")
            with self._cond:
                self._busy = False
                self.delivered += len(events)
                self._cond.notify_all()
                if self._interval > 0:
                    self._cond.wait_for(lambda: self._closed, self._interval)


class EventBus:
    """Stamps each event with the next sequence number and queues it for every subscriber."""

    def __init__(self) -> None:
        self._subscriptions: list[Subscription] = []
        self._lock = threading.Lock()
        self._seq = 0

    @property
    def seq(self) -> int:
        """The number of the last published event (0 before any)."""
        return self._seq

    def publish(self, event: Event) -> Event:
        """Number ``event`` and queue it for every live subscriber; returns the numbered event."""
        with self._lock:
            self._seq += 1
            numbered = dataclasses.replace(event, seq=self._seq)
            subscriptions = self._subscriptions = [s for s in self._subscriptions if not s.closed]
            for subscription in subscriptions:
                subscription.put(numbered)
        return numbered

    def attach(self, subscription: Subscription, first: Event | None = None) -> Subscription:
        """Add a subscription, queueing ``first`` (a snapshot, stamped with the current seq).

        Done under the publishing lock, so no event falls between the snapshot and the
        subscription: the subscriber sees the snapshot, then every later event exactly once.
        """
        with self._lock:
            if first is not None:
                subscription.put(dataclasses.replace(first, seq=self._seq))
            self._subscriptions.append(subscription)
        return subscription

    def subscribe(self, callback: Callback, **options: Any) -> Subscription:
        """Subscribe ``callback`` to every later event (no snapshot); see :class:`Subscription`."""
        return self.attach(Subscription(callback, **options))

    def close(self) -> None:
        """Close every subscription."""
        with self._lock:
            subscriptions, self._subscriptions = self._subscriptions, []
        for subscription in subscriptions:
            subscription.close()
