"""Takes and draws with realistic records, and helpers for the window tests."""

from __future__ import annotations

from typing import Any

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.domain.views import JobView, TakeView

NOW = 1_800_000_000.0


def take_view(**extra: Any) -> TakeView:
    """Take 41: draw 7 of prompt 12 v3 on Kling v3, rerolled from take 38."""
    fields: dict[str, Any] = {
        "id": 41,
        "job_id": 90,
        "run_id": 14,
        "prompt_id": 12,
        "prompt_version_id": 33,
        "prompt_version": 3,
        "prompt": "A paper boat drifts down a rain-soaked neon street at night, "
        "reflections shimmering, slow dolly shot",
        "negative": "blur, watermark",
        "provider": "kling",
        "model": "kling-v3",
        "draw_no": 7,
        "seed": 123456789,
        "params": {
            "duration": 5,
            "aspect": "16:9",
            "resolution": "720p",
            "audio": True,
            "first_frame": {"path": "/home/me/boards/boat-start.png"},
            "last_frame": None,
            "seed_policy": {"kind": "random", "value": None},
        },
        "path": "/home/me/.local/share/workbench/clips/ab/ab12cd34ef56.mp4",
        "poster": None,
        "sha256": "ab12cd34ef56",
        "bytes": 5_400_000,
        "duration": 5.0,
        "width": 1280,
        "height": 720,
        "fps": 24.0,
        "codec": "h264",
        "audio": True,
        "container": "mp4",
        "est_cost_usd": 0.42,
        "cost_usd": 0.4,
        "cost_reported": "0.40",
        "charged": True,
        "render_s": 83.2,
        "created_at": NOW,
        "parent_take_id": 38,
    }
    fields.update(extra)
    return TakeView(**fields)


def failed_job(**extra: Any) -> JobView:
    """Draw 8 on Kling v3, refused by moderation."""
    fields: dict[str, Any] = {
        "id": 91,
        "run_id": 14,
        "prompt_version_id": 33,
        "provider": "kling",
        "model": "kling-v3",
        "draw_no": 8,
        "state": JobState.FAILED,
        "seed": 998877,
        "seed_supported": True,
        "params": {"duration": 5, "aspect": "16:9", "resolution": "720p", "prompt": "a boat"},
        "est_cost_usd": 0.42,
        "charged": False,
        "failure": Failure(
            kind=FailureKind.MODERATION, code="1301", provider_text="risk control: output"
        ),
        "created_at": NOW,
    }
    fields.update(extra)
    return JobView(**fields)


PROMPT = "a paper boat drifting down a rainy neon street"


def settled(desktop: Any, count: int) -> bool:
    """``count`` tiles on the board, none of them still moving."""
    jobs = desktop.window.board.model.jobs()
    return len(jobs) == count and all(j.state.is_terminal for j in jobs)


def small_draws(window: Any, draws: int = 2) -> None:
    """Every checked services row: ``draws`` draws of 2 s at 360p (quick to render)."""
    for row in window.services.rows():
        if row.is_checked():
            state = row.state()
            state.update(duration=2, resolution="360p", draws=draws)
            row.restore_state(state)
