"""Frozen read models: what a window or a command is shown of the library.

The engine and the library hand these out instead of rows or dicts, so the UI never sees
SQL and every field has a type. All are immutable, so they cross threads safely.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from workbench.domain.jobs import Failure, JobState, can_check_again


@dataclass(frozen=True, slots=True)
class TakeBrief:
    """What a tile shows of a delivered clip."""

    id: int
    path: str
    poster: str | None
    duration: float | None
    width: int | None
    height: int | None
    fps: float | None
    audio: bool
    rating: int | None = None
    favourite: bool = False
    blind: bool = False
    tags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JobView:
    """One draw as a tile shows it: where it stands, what it cost, the clip when done."""

    id: int
    run_id: int
    prompt_version_id: int
    provider: str
    model: str
    draw_no: int
    state: JobState
    seed: int | None
    seed_supported: bool
    params: dict[str, Any]
    remote_id: str | None = None
    progress: float | None = None
    provider_status: str | None = None
    failure: Failure | None = None
    est_cost_usd: float | None = None
    cost_usd: float | None = None
    charged: bool | None = None
    render_s: float | None = None
    created_at: float = 0.0
    submitted_at: float | None = None
    finished_at: float | None = None
    retry_of: int | None = None
    take: TakeBrief | None = None

    @property
    def duration(self) -> int | None:
        """Requested seconds."""
        return self.params.get("duration")

    @property
    def resolution(self) -> str | None:
        """Requested resolution."""
        return self.params.get("resolution")

    @property
    def aspect(self) -> str | None:
        """Requested aspect ratio."""
        return self.params.get("aspect")

    @property
    def can_retry(self) -> bool:
        """A settled draw that did not deliver can be sent again as a new draw."""
        return self.state in (JobState.FAILED, JobState.CANCELED, JobState.UNKNOWN)

    @property
    def can_check_again(self) -> bool:
        """The service may still finish this draw; polling it again costs nothing."""
        return can_check_again(
            self.state, self.failure.kind.value if self.failure else None, self.remote_id
        )


@dataclass(frozen=True, slots=True)
class TakeView:
    """A take with its whole record: prompt, spec, seed, service, costs, judgement."""

    id: int
    job_id: int
    run_id: int
    prompt_id: int
    prompt_version_id: int
    prompt_version: int
    prompt: str
    negative: str | None
    provider: str
    model: str
    draw_no: int
    seed: int | None
    params: dict[str, Any]
    path: str
    poster: str | None
    sha256: str
    bytes: int
    duration: float | None
    width: int | None
    height: int | None
    fps: float | None
    codec: str | None
    audio: bool
    container: str | None
    est_cost_usd: float | None
    cost_usd: float | None
    cost_reported: str | None
    charged: bool | None
    render_s: float | None
    created_at: float
    parent_take_id: int | None = None
    rating: int | None = None
    favourite: bool = False
    blind: bool = False
    tags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def brief(self) -> TakeBrief:
        """The tile's part of this take."""
        return TakeBrief(
            id=self.id,
            path=self.path,
            poster=self.poster,
            duration=self.duration,
            width=self.width,
            height=self.height,
            fps=self.fps,
            audio=self.audio,
            rating=self.rating,
            favourite=self.favourite,
            blind=self.blind,
            tags=self.tags,
            reasons=self.reasons,
        )


@dataclass(frozen=True, slots=True)
class TakePage:
    """One page of takes, newest first; ``next_after`` continues it (keyset paging)."""

    items: tuple[TakeView, ...]
    next_after: int | None


@dataclass(frozen=True, slots=True)
class RunSummary:
    """A run with its tally; ``finished`` once no draw of it can move on its own."""

    id: int
    prompt_id: int
    prompt_version_id: int
    prompt_version: int
    prompt: str
    created_at: float
    estimate_usd: float
    budget_usd: float | None
    parent_take_id: int | None
    providers: tuple[str, ...]
    total: int
    done: int
    failed: int
    pending: int
    other: int
    cost_usd: float
    finished: bool


@dataclass(frozen=True, slots=True)
class VersionOutcome:
    """How draws of one prompt version went on one service and model."""

    provider: str
    model: str
    draws: int
    keepers: int
    charged_usd: float
    charged_draws: int

    @property
    def hit_rate(self) -> float:
        """Keepers per draw."""
        return self.keepers / self.draws if self.draws else 0.0

    @property
    def cost_per_keeper_usd(self) -> float | None:
        """What the charged draws cost per keeper (None without keepers)."""
        return self.charged_usd / self.keepers if self.keepers else None


@dataclass(frozen=True, slots=True)
class PromptVersionView:
    """One immutable text of a prompt, with how its draws went."""

    id: int
    prompt_id: int
    version: int
    text: str
    negative: str | None
    created_at: float
    outcomes: tuple[VersionOutcome, ...] = ()


@dataclass(frozen=True, slots=True)
class PromptHistory:
    """Every version of one prompt, oldest first."""

    prompt_id: int
    versions: tuple[PromptVersionView, ...]


@dataclass(frozen=True, slots=True)
class KeyStatus:
    """Whether a service has a key, and where it comes from (never the key itself)."""

    provider: str
    needed: bool
    present: bool
    source: str | None = None  # "keychain" or "env XAI_API_KEY"

    @property
    def usable(self) -> bool:
        """True when draws can be sent (a key is present or none is needed)."""
        return self.present or not self.needed


class Sighting(enum.StrEnum):
    """Which ratings to count: all, only those given blind, or only sighted ones."""

    ALL = "all"
    BLIND = "blind"
    SIGHTED = "sighted"


@dataclass(frozen=True, slots=True)
class StatsFilter:
    """What the statistics are narrowed by."""

    prompt_id: int | None = None
    since: float | None = None
    until: float | None = None
    sighting: Sighting = Sighting.ALL


@dataclass(frozen=True, slots=True)
class ProviderStats:
    """Per service and model: the 抽卡 ledger."""

    provider: str
    model: str
    draws: int
    done: int
    failed: int
    keepers: int
    charged_draws: int
    cost_usd: float
    median_render_s: float | None
    failures: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def hit_rate(self) -> float:
        """Keepers per draw."""
        return round(self.keepers / self.draws, 4) if self.draws else 0.0

    @property
    def draws_per_keeper(self) -> float | None:
        """Draws it took per keeper."""
        return round(self.draws / self.keepers, 2) if self.keepers else None

    @property
    def cost_per_keeper_usd(self) -> float | None:
        """Charged spend per keeper."""
        return round(self.cost_usd / self.keepers, 4) if self.keepers else None
