"""Pure data of Workbench: specs, capabilities, job states, takes. No I/O, no Qt."""

from __future__ import annotations

from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PollingHint,
    PriceRule,
    PriceUnit,
    ProviderInfo,
    SeedSupport,
)
from workbench.domain.jobs import Failure, FailureKind, IllegalTransition, JobState
from workbench.domain.problems import InvalidRequest, Problem
from workbench.domain.spec import (
    DrawRequest,
    GenerationSpec,
    ImageInput,
    SeedPolicy,
    SeedPolicyKind,
)
from workbench.domain.takes import ClipInfo, FailureReason, Take

__all__ = [
    "AudioSupport",
    "ClipInfo",
    "DrawRequest",
    "Failure",
    "FailureKind",
    "FailureReason",
    "GenerationSpec",
    "IllegalTransition",
    "ImageInput",
    "InvalidRequest",
    "JobState",
    "ModelCapabilities",
    "PollingHint",
    "PriceRule",
    "PriceUnit",
    "Problem",
    "ProviderInfo",
    "SeedPolicy",
    "SeedPolicyKind",
    "SeedSupport",
    "Take",
]
