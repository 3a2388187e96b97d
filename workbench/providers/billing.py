"""Whether a finished draw was charged, and what it cost, from the service's answer.

The rule every adapter applies to a terminal status: what the service itself says about
the charge wins; otherwise a delivered video was charged, and a draw that ended without one
follows the service's declared policy for failed draws (``no`` for Kling and Seedance,
``unknown`` where nothing says). A cost is shown only for a charged draw, so a creator sees
spend only where it happened; the estimate made before sending stays separate.
"""

from __future__ import annotations

import dataclasses

from workbench.domain.capabilities import BillingPolicy
from workbench.providers.status import Phase, Status


def settle(status: Status, policy: BillingPolicy) -> Status:
    """``status`` with ``charged`` decided and ``cost_usd`` kept only for a charged draw.

    Args:
        status: a normalised status; its ``charged`` is what the service said (None when it
            said nothing).
        policy: the service's declared billing of failed draws.
    """
    if not status.phase.is_terminal:
        return status
    charged = status.charged
    if charged is None:
        charged = True if status.phase is Phase.SUCCEEDED else policy.charged_if_failed()
    if charged is True:
        return dataclasses.replace(status, charged=True)
    return dataclasses.replace(status, charged=charged, cost_usd=None)


def reported_charge(amount: float | None) -> bool | None:
    """What a cost the service reported says about the charge (None when it reported none)."""
    if amount is None:
        return None
    return amount > 0
