"""When to ask a service again: render-time-aware polling.

Three sources of knowledge, best first:

1. the service's own hint (``openai-poll-after-ms``, ``Retry-After``) — obeyed;
2. the job's reported progress — its rate gives an ETA; we poll at ¾ of it while far
   away and just after it when close, so a 3-minute render costs a handful of requests;
3. the render times this provider/model/duration took before — polls are placed at
   quantiles of that distribution, densest where completions are likeliest;

and, with none of these, the capability hint's interval growing towards its maximum.
Every delay gets ±10 % jitter and never passes the deadline. Pure logic, no I/O: tests and
the polling benchmark drive it on a virtual clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from workbench.domain.capabilities import PollingHint
from workbench.providers.base import Phase, Status

#: Fewest past renders before their distribution is trusted.
MIN_SAMPLES = 5


@dataclass
class PollPlanner:
    """Decides the delay before the next status request of one job.

    Args:
        hint: the model's declared polling hint.
        history: past render times (seconds) for this provider/model/duration.
        dense_s: the finest spacing, used near a predicted finish and past the expected ones.
        budget_s: polls placed from history cost one request per ``budget_s`` of the typical
            render time — less than a fixed 6 s poller spends — all of them where
            completions are likely.
    """

    hint: PollingHint
    history: list[float] = field(default_factory=list)
    dense_s: float = 2.0
    budget_s: float = 5.0
    min_s: float = 0.25
    rng: random.Random = field(default_factory=random.Random)
    #: Seconds after submission when this wait began (a "check again" starts a new one).
    wait_offset_s: float = 0.0
    _progress: list[tuple[float, float]] = field(default_factory=list)
    _plain_polls: int = 0
    _tail_polls: int = 0

    def __post_init__(self) -> None:
        times = sorted(self.history)
        self._quantile_times = self._plan_quantiles(times)
        if self._quantile_times:
            # Past the expected finishes, start stepping at the history's own resolution.
            spacing = (self._quantile_times[-1] - self._quantile_times[0]) / len(
                self._quantile_times
            )
            self._tail_step = max(self.min_s, min(self.dense_s, spacing or 0.05 * times[0]))

    @property
    def deadline_s(self) -> float:
        """Seconds after submission when the job is given up."""
        return self.hint.deadline_s

    def first_delay(self, elapsed: float) -> float:
        """Delay before the first poll of a freshly submitted (or resumed) job."""
        return self.next_delay(elapsed, None)

    def next_delay(self, elapsed: float, status: Status | None) -> float:
        """Seconds to wait before the next poll, ``elapsed`` seconds after submission."""
        if status is not None and status.poll_after_s is not None:
            return self._finish(max(self.min_s, status.poll_after_s), elapsed, jitter=False)
        if status is not None and status.phase is Phase.RUNNING and status.progress:
            eta = self._eta_from_progress(elapsed, status.progress)
            if eta is not None:
                delay = self._toward(eta)
                # A first progress sample over-estimates what is left; past renders may know
                # better, so never step over the next moment a render like this one ended.
                upcoming = [t for t in self._quantile_times if t > elapsed + self.min_s]
                if upcoming and upcoming[0] - elapsed < delay:
                    return self._finish(upcoming[0] - elapsed, elapsed, spread=0.02)
                return self._finish(delay, elapsed)
        if self._quantile_times:
            upcoming = [t for t in self._quantile_times if t > elapsed + self.min_s]
            if upcoming:
                wait = upcoming[0] - elapsed
                if wait > self.hint.max_interval_s:  # still early: keep an eye on failures
                    return self._finish(self.hint.max_interval_s, elapsed)
                return self._finish(wait, elapsed, spread=0.02)
            # Later than every expected finish: step from fine to coarse.
            self._tail_polls += 1
            step = self._tail_step * 1.5 ** (self._tail_polls - 1)
            return self._finish(min(self.hint.max_interval_s, step), elapsed)
        return self._finish(self._plain(elapsed), elapsed)

    # -- sources --------------------------------------------------------------------------
    def _eta_from_progress(self, elapsed: float, progress: float) -> float | None:
        if not 0 < progress < 1:
            return None
        if not self._progress or progress > self._progress[-1][1]:
            self._progress.append((elapsed, progress))
        first_t, first_p = self._progress[0]
        last_t, last_p = self._progress[-1]
        if last_p > first_p and last_t > first_t:
            rate = (last_p - first_p) / (last_t - first_t)
        else:
            # One sample: assume progress since submission (over-estimates remaining time
            # when the job queued first, so the next poll comes early rather than late).
            rate = progress / max(elapsed, 1e-6)
        return (1 - last_p) / rate - (elapsed - last_t)

    def _toward(self, eta: float) -> float:
        """Approach a predicted finish: ¾ of the way while far, just past it when close."""
        if eta > 4 * self.dense_s:
            return min(eta * 0.75, self.hint.max_interval_s)
        return max(self.min_s, eta + 0.1 * self.dense_s)

    def _plan_quantiles(self, times: list[float]) -> list[float]:
        if len(times) < MIN_SAMPLES:
            return []
        count = max(3, min(60, round(_quantile(times, 0.5) / self.budget_s)))
        # Equal probability between polls: dense where most renders end, sparse in the tails…
        points = sorted({_quantile(times, (k + 0.5) / count) for k in range(count)})
        # …but never sparser than the service's own interval, so a history too scattered
        # to predict anything still polls like a plain poller inside its range.
        gap = max(self.dense_s, self.hint.interval_s)
        filled = points[:1]
        for point in points[1:]:
            while point - filled[-1] > gap:
                filled.append(filled[-1] + gap)
            filled.append(point)
        return filled

    def _plain(self, elapsed: float) -> float:
        self._plain_polls += 1
        if self._plain_polls == 1:
            return max(self.min_s, self.hint.first_poll_s - elapsed)
        grown = self.hint.interval_s * 1.3 ** (self._plain_polls - 2)
        return min(grown, self.hint.max_interval_s)

    def _finish(
        self, delay: float, elapsed: float, *, jitter: bool = True, spread: float | None = None
    ) -> float:
        """Add jitter (±10 %, or only +``spread`` for a poll aimed at a moment) and clamp."""
        if jitter and spread is not None:
            delay *= 1 + spread * self.rng.random()
        elif jitter:
            delay *= 0.9 + 0.2 * self.rng.random()
        remaining = self.hint.deadline_s + self.wait_offset_s - elapsed
        return max(self.min_s, min(delay, max(remaining, self.min_s)))


def _quantile(sorted_times: list[float], q: float) -> float:
    """Linear-interpolated quantile of an ascending list."""
    if len(sorted_times) == 1:
        return sorted_times[0]
    position = q * (len(sorted_times) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_times) - 1)
    return sorted_times[low] + (sorted_times[high] - sorted_times[low]) * (position - low)
