"""Building configured adapters from settings and the keychain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench import secrets
from workbench.domain.credentials import Credentials
from workbench.domain.views import KeyStatus
from workbench.providers import registry
from workbench.settings import Settings

if TYPE_CHECKING:
    from workbench.providers._http import HttpPolicy
    from workbench.providers.base import Provider


def _default_policy(download_slots: int) -> HttpPolicy:
    from workbench.providers._http import HttpPolicy

    return HttpPolicy(download_slots=download_slots)


@dataclass
class ProviderSetup:
    """Makes adapters for the engine; remembers which providers have a key."""

    settings: Settings
    #: The HTTP policy of every adapter (made on first use: reading commands never need it).
    policy: HttpPolicy | None = None
    credentials_for: Callable[[str], Credentials | None] | None = None
    #: Clip downloads at once per service, for the default policy (see ``HttpPolicy``).
    download_slots: int = 4
    _credentials: dict[str, Credentials | None] = field(default_factory=dict)

    def credentials(self, provider_id: str) -> Credentials | None:
        """The provider's credentials (loaded once per process)."""
        if provider_id not in self._credentials:
            if self.credentials_for is not None:
                self._credentials[provider_id] = self.credentials_for(provider_id)
            else:
                info = registry.provider_info(provider_id)
                self._credentials[provider_id] = (
                    secrets.load_credentials(provider_id, info.credential_env)
                    if info.needs_key
                    else None
                )
        return self._credentials[provider_id]

    def _make_policy(self) -> HttpPolicy:
        self.policy = _default_policy(self.download_slots)
        return self.policy

    def forget(self, provider_id: str) -> None:
        """Read the provider's key again next time (it was stored or deleted)."""
        self._credentials.pop(provider_id, None)

    def key_status(self, provider_id: str) -> KeyStatus:
        """Whether the provider has a key and where it comes from (never the key)."""
        info = registry.provider_info(provider_id)
        if not info.needs_key:
            return KeyStatus(provider_id, needed=False, present=False)
        creds = self.credentials(provider_id)
        return KeyStatus(
            provider_id,
            needed=True,
            present=creds is not None,
            source=creds.source if creds else None,
        )

    def has_key(self, provider_id: str) -> bool:
        """True when the provider needs no key or one is configured."""
        info = registry.provider_info(provider_id)
        return not info.needs_key or self.credentials(provider_id) is not None

    def base_url(self, provider_id: str) -> str:
        """Explicit base URL, else the chosen region's, else the default."""
        info = registry.provider_info(provider_id)
        override = self.settings.base_url_override(provider_id)
        if override:
            return override
        region = self.settings.provider(provider_id).region
        if region and region in info.regions:
            return info.regions[region]
        return info.default_base_url

    def concurrency(self) -> dict[str, int]:
        """Per-provider concurrency set by the user."""
        return {pid: p.concurrency for pid, p in self.settings.providers.items() if p.concurrency}

    def __call__(self, provider_id: str) -> Provider:
        """A configured adapter (raises UnknownProvider for an unknown id)."""
        from workbench.providers.base import ProviderConfig

        cls = registry.provider_class(provider_id)
        chosen = self.settings.provider(provider_id)
        options = dict(chosen.options)
        if chosen.region:
            options.setdefault("region", chosen.region)
        if provider_id == "sim":
            options.setdefault("render_scale", self.settings.sim_render_scale)
            options.setdefault("failure_rate", self.settings.sim_failure_rate)
            options.setdefault("latency", self.settings.sim_latency_s)
        credentials = self.credentials(provider_id) if cls.info.needs_key else None
        return cls(
            ProviderConfig(
                base_url=self.base_url(provider_id),
                credentials=credentials,
                policy=self.policy or self._make_policy(),
                options=options,
            )
        )
