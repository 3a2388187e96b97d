"""Time on the shared timeline: frame numbers, seek positions and timecode.

Everything here is arithmetic, kept apart from the players so it can be reasoned about and
tested alone. Times are milliseconds from the start of every clip (all clips start at 0 and
are compared at the same instant, whatever their frame rates).

Qt Multimedia's seek semantics (platform-notes.md): ``setPosition(ms)`` while paused shows
the last frame that starts *strictly before* ``ms``, so frame ``k`` is shown by seeking to
``k * frame_ms + 1``.
"""

from __future__ import annotations

import math

#: Frame rate assumed when neither the take nor the file says (the most common AI clip rate).
DEFAULT_FPS = 24.0
#: Tolerance for floating-point frame arithmetic (a microsecond's worth of a frame).
_EPS = 1e-6


def frame_ms(fps: float) -> float:
    """The length of one frame in milliseconds."""
    return 1000.0 / fps


def frame_index(ms: float, fps: float) -> int:
    """The frame shown at ``ms`` (the one whose interval contains it), never negative."""
    return max(0, math.floor(ms * fps / 1000.0 + _EPS))


def frame_start(index: int, fps: float) -> float:
    """When frame ``index`` starts, in milliseconds."""
    return index * 1000.0 / fps


def seek_position(index: int, fps: float) -> int:
    """The ``setPosition`` argument that shows frame ``index`` (see the module docstring)."""
    return math.floor(frame_start(index, fps) + _EPS) + 1


def frame_count(duration_ms: float, fps: float) -> int:
    """How many frames a clip of ``duration_ms`` holds (at least one)."""
    return max(1, round(duration_ms * fps / 1000.0))


def last_frame_start(duration_ms: float, fps: float) -> float:
    """When the clip's last frame starts: where it holds once the timeline passes its end."""
    return frame_start(frame_count(duration_ms, fps) - 1, fps)


def step_from(position: float, step: float, frames: int) -> float:
    """Move ``frames`` steps of ``step`` ms along a grid that starts at 0.

    A position between grid points (after playing or scrubbing) first snaps to the grid
    point at or before it when stepping forward, so one step never skips a frame of the
    fastest clip; stepping back from between points lands on that same point.
    """
    if step <= 0:
        return position
    grid = position / step
    below = math.floor(grid + _EPS)
    on_grid = abs(grid - round(grid)) < 1e-3
    if frames > 0:
        return (round(grid) if on_grid else below) * step + frames * step
    if on_grid:
        return (round(grid) + frames) * step
    return (below + frames + 1) * step


def timecode(ms: float) -> str:
    """``mm:ss.cc`` (minutes, seconds, hundredths), with hours when a clip is that long.

    Hundredths rather than frames: clips of different frame rates share the timeline.
    """
    centis = max(0, int(ms // 10))
    seconds, cc = divmod(centis, 100)
    minutes, ss = divmod(seconds, 60)
    hours, mm = divmod(minutes, 60)
    if hours:
        return f"{hours}:{mm:02d}:{ss:02d}.{cc:02d}"
    return f"{mm:02d}:{ss:02d}.{cc:02d}"
