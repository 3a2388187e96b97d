"""Turning "this prompt on these providers, n draws each" into checked, priced draws.

Nothing here touches the network or the library: a plan with problems is simply not run,
so on bad input nothing is sent and nothing is recorded.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest, GenerationSpec, SeedPolicy, SeedPolicyKind
from workbench.providers.registry import UnknownProvider

if TYPE_CHECKING:
    from workbench.providers.base import Provider


@dataclass(frozen=True, slots=True)
class Target:
    """One provider (and model; ``None`` = its default) with a number of draws.

    The other fields override the run's spec for this target only (the desktop's services
    panel sets duration, aspect, resolution, audio and seed policy per row); ``None`` keeps
    the spec's value.
    """

    provider: str
    model: str | None = None
    draws: int = 1
    duration: int | None = None
    aspect: str | None = None
    resolution: str | None = None
    audio: bool | None = None
    seed_policy: SeedPolicy | None = None

    def apply(self, spec: GenerationSpec) -> GenerationSpec:
        """The spec with this target's overrides."""
        update: dict[str, object] = {
            name: value
            for name, value in (
                ("duration", self.duration),
                ("aspect", self.aspect),
                ("resolution", self.resolution),
                ("audio", self.audio),
                ("seed_policy", self.seed_policy),
            )
            if value is not None
        }
        return spec.model_copy(update=update) if update else spec

    @classmethod
    def parse(cls, text: str, draws: int = 1) -> Target:
        """``"kling"`` or ``"kling:kling-v3"``."""
        provider, _, model = text.partition(":")
        return cls(provider.strip().lower(), model.strip() or None, draws)

    @property
    def label(self) -> str:
        """``provider:model`` (or just the provider)."""
        return f"{self.provider}:{self.model}" if self.model else self.provider


@dataclass(frozen=True, slots=True)
class RunRequest:
    """What a front end asks for: one spec on several targets, maybe within a budget.

    ``prompt_id`` records the text as a new version of that prompt (the desktop's editor
    edits one prompt; the CLI's ``--prompt-id``).
    """

    spec: GenerationSpec
    targets: tuple[Target, ...]
    budget_usd: float | None = None
    prompt_id: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedDraw:
    """A checked draw ready to be recorded and submitted."""

    provider: str
    request: DrawRequest
    seed_supported: bool
    est_usd: float


@dataclass(slots=True)
class RunPlan:
    """A whole run: the draws, their estimated cost, and every problem found."""

    spec: GenerationSpec
    draws: list[PlannedDraw] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Worth saying, but nothing stops the run (a model the service will retire soon).
    warnings: list[Problem] = field(default_factory=list)
    estimate_usd: float = 0.0
    budget_usd: float | None = None

    @property
    def ok(self) -> bool:
        """True when the run may be sent."""
        return not self.problems


def new_client_ref() -> str:
    """Our own id for a draw (sent where services accept one, e.g. Kling external_task_id)."""
    return f"wb-{uuid.uuid4().hex}"


def assign_seeds(
    policy: SeedPolicy, draws: int, model: ModelCapabilities, rng: random.Random
) -> list[int | None]:
    """Seeds for ``draws`` draws on ``model``; ``None`` where the model has no seed."""
    if not model.seed.supported:
        return [None] * draws
    if policy.kind is SeedPolicyKind.FIXED:
        return [policy.value] * draws
    if policy.kind is SeedPolicyKind.SEQUENCE:
        start = policy.value or 0
        return [start + i for i in range(draws)]
    return [rng.randint(model.seed.minimum, model.seed.maximum) for _ in range(draws)]


def plan_run(
    spec: GenerationSpec,
    targets: list[Target],
    *,
    provider_for: Callable[[str], Provider],
    has_key: Callable[[str], bool],
    budget_usd: float | None = None,
    rng: random.Random | None = None,
) -> RunPlan:
    """Check every target, assign seeds, price the run; problems are collected, not raised."""
    rng = rng or random.Random()
    plan = RunPlan(spec=spec, budget_usd=budget_usd)
    if not targets:
        plan.problems.append(
            Problem(
                code="no_provider",
                field="provider",
                message="choose at least one provider (--provider ID)",
            )
        )
    for target in targets:
        if target.draws < 1 or target.draws > 100:
            plan.problems.append(
                Problem(
                    code="draws",
                    field="draws",
                    target=target.label,
                    message="draws must be between 1 and 100",
                )
            )
            continue
        try:
            provider = provider_for(target.provider)
        except UnknownProvider as exc:
            plan.problems.append(Problem(code="provider", field="provider", message=str(exc)))
            continue
        info = provider.info
        model = info.model(target.model)
        if model is None:
            plan.problems.append(
                Problem(
                    code="model",
                    field="model",
                    target=target.provider,
                    allowed=info.model_ids,
                    message=f"{info.label} has no model {target.model!r}; choose "
                    + ", ".join(info.model_ids),
                )
            )
            continue
        label = f"{info.id}:{model.id}"
        if info.needs_key and not has_key(info.id):
            plan.problems.append(
                Problem(
                    code="no_key",
                    field="provider",
                    target=label,
                    message=f"no API key for {info.label}: run `workbench keys set {info.id}` "
                    f"or set {' / '.join(info.env_keys)}",
                )
            )
        wanted = target.apply(spec)
        resolved = model.resolve(wanted)
        seeds = assign_seeds(wanted.seed_policy, target.draws, model, rng)
        est = model.price.estimate(resolved)
        requests = [
            DrawRequest(spec=resolved, model=model.id, seed=seed, client_ref=new_client_ref())
            for seed in seeds
        ]
        # Validate the first and last draw: they differ only in seed, and a sequence's
        # range check is decided by its ends.
        seen: set[str] = set()
        for request in {id(r): r for r in (requests[0], requests[-1])}.values():
            for problem in provider.validate(request):
                if problem.message not in seen:
                    seen.add(problem.message)
                    plan.problems.append(problem.for_target(label))
        warnings = getattr(provider, "warnings", None)
        if warnings is not None:
            plan.warnings += [w.for_target(label) for w in warnings(requests[0])]
        plan.draws += [PlannedDraw(info.id, r, model.seed.supported, est) for r in requests]
        plan.estimate_usd += est * target.draws
    plan.estimate_usd = round(plan.estimate_usd, 4)
    if budget_usd is not None and plan.estimate_usd > budget_usd:
        plan.problems.append(
            Problem(
                code="budget",
                field="budget",
                message=f"the run is estimated at ${plan.estimate_usd:.2f}, over the budget of "
                f"${budget_usd:.2f}; lower --draws or raise --budget",
            )
        )
    return plan
