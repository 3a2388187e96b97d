"""Which providers exist. Declarations are cheap; adapters are imported on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.domain.capabilities import ProviderInfo
    from workbench.providers.base import Provider, ProviderConfig

#: provider id → "module:Class". Order is the order users see.
PROVIDERS: dict[str, str] = {
    "sim": "workbench.providers.sim:SimProvider",
    "seedance": "workbench.providers.seedance:SeedanceProvider",
    "kling": "workbench.providers.kling:KlingProvider",
    "veo": "workbench.providers.veo:VeoProvider",
    "runway": "workbench.providers.runway:RunwayProvider",
    "grok": "workbench.providers.grok:GrokProvider",
    "sora": "workbench.providers.sora:SoraProvider",
}


class UnknownProvider(KeyError):
    """No provider with that id; the message lists the ones that exist."""

    def __str__(self) -> str:
        return str(self.args[0])


def provider_class(provider_id: str) -> type[Provider]:
    """The adapter class for an id (imported on first use)."""
    target = PROVIDERS.get(provider_id)
    if target is None:
        raise UnknownProvider(
            f"there is no provider {provider_id!r}; choose " + ", ".join(PROVIDERS)
        )
    module, _, name = target.partition(":")
    cls: type[Provider] = getattr(importlib.import_module(module), name)
    return cls


def provider_info(provider_id: str) -> ProviderInfo:
    """A provider's declaration (models, capabilities, prices)."""
    return provider_class(provider_id).info


def create(provider_id: str, config: ProviderConfig | None = None) -> Provider:
    """A ready adapter instance."""
    return provider_class(provider_id)(config)
