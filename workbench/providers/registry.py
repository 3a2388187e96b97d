"""Which providers exist. Declarations are cheap; adapters are imported on first use.

Each entry names two things in the provider's package: its declaration (``models:INFO``,
importable without the network stack, so ``workbench providers`` and the planner's
look-ups stay fast) and its adapter class (``adapter:…``, which brings httpx in).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.domain.capabilities import ProviderInfo
    from workbench.providers.base import Provider, ProviderConfig


@dataclass(frozen=True, slots=True)
class Entry:
    """Where one provider's declaration and adapter live (``module:attribute``)."""

    declaration: str
    adapter: str


def _entry(package: str, adapter_class: str) -> Entry:
    base = f"workbench.providers.{package}"
    return Entry(f"{base}.models:INFO", f"{base}.adapter:{adapter_class}")


#: provider id → where it lives. Order is the order users see.
PROVIDERS: dict[str, Entry] = {
    "sim": _entry("sim", "SimProvider"),
    "seedance": _entry("seedance", "SeedanceProvider"),
    "kling": _entry("kling", "KlingProvider"),
    "veo": _entry("veo", "VeoProvider"),
    "runway": _entry("runway", "RunwayProvider"),
    "grok": _entry("grok", "GrokProvider"),
    "sora": _entry("sora", "SoraProvider"),
}


class UnknownProvider(KeyError):
    """No provider with that id; the message lists the ones that exist."""

    def __str__(self) -> str:
        return str(self.args[0])


def _entry_for(provider_id: str) -> Entry:
    entry = PROVIDERS.get(provider_id)
    if entry is None:
        raise UnknownProvider(
            f"there is no provider {provider_id!r}; choose " + ", ".join(PROVIDERS)
        )
    return entry


def _load(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def provider_class(provider_id: str) -> type[Provider]:
    """The adapter class for an id (imported on first use)."""
    cls: type[Provider] = _load(_entry_for(provider_id).adapter)
    return cls


def provider_info(provider_id: str) -> ProviderInfo:
    """A provider's declaration (models, capabilities, prices) without its adapter."""
    info: ProviderInfo = _load(_entry_for(provider_id).declaration)
    return info


def create(provider_id: str, config: ProviderConfig | None = None) -> Provider:
    """A ready adapter instance."""
    return provider_class(provider_id)(config)
