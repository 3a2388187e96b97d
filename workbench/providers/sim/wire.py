"""The sim's "wire": a stored task and its state as a normalised status (pure)."""

from __future__ import annotations

from typing import Any

from workbench.domain.jobs import Failure, FailureKind
from workbench.providers.sim.service import SimState
from workbench.providers.status import Asset, Phase, Status


def status_of(
    task: dict[str, Any], state: SimState, *, output: str, now: float, price_usd: float
) -> Status:
    """One sim task as a normalised status; a delivered clip carries its play-money price.

    Args:
        task: the stored task (``render_s``, ``created_at``, ``seed``).
        state: its state at ``now``.
        output: where its clip is (once rendered).
        now: the service clock's reading.
        price_usd: the model's list price for this draw.
    """
    phase = Phase(state.phase)
    failure = None
    if phase is Phase.FAILED and state.failure_code.startswith("SIM.RENDER."):
        # The service's own disk broke the render: its fault, not the prompt's.
        failure = Failure(
            kind=FailureKind.PROVIDER, code=state.failure_code, message=state.failure_text
        )
    elif phase is Phase.FAILED:
        failure = Failure(
            kind=FailureKind.MODERATION,
            code=state.failure_code,
            provider_text=state.failure_text,
        )
    assets: tuple[Asset, ...] = ()
    if phase is Phase.SUCCEEDED:
        assets = (Asset(path=output, mime_type="video/mp4"),)
    return Status(
        phase=phase,
        provider_status=state.phase,
        progress=state.progress,
        eta_s=max(0.0, task["render_s"] - (now - task["created_at"])),
        assets=assets,
        failure=failure,
        seed=task["seed"],
        cost_usd=price_usd if phase is Phase.SUCCEEDED else None,
    )
