"""API keys through the engine: status, store, delete, and the live check.

The keychain can block (a locked Secret Service, a slow D-Bus), so every call runs on a
worker thread of the engine, never on the window's thread and never on the loop itself.
``doctor --live`` and the desktop's "Test key" button share :meth:`KeysMixin.check_key`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from workbench import secrets
from workbench.domain.views import KeyStatus
from workbench.providers import registry

if TYPE_CHECKING:
    from workbench.providers.base import LiveCheck, Provider

#: Longest a live check may take before it counts as "unreachable".
LIVE_CHECK_TIMEOUT_S = 30.0


class KeysMixin:
    """Mixin of :class:`~workbench.engine.engine.Engine`: keys and live checks."""

    _provider_factory: Callable[[str], Provider]
    _providers: dict[str, Provider]
    _retired: list[Provider]

    def _setup(self) -> Any:
        return self._provider_factory

    async def key_status(self, provider_ids: list[str] | None = None) -> dict[str, KeyStatus]:
        """Each provider's key status (no key values), read off the loop."""
        ids = list(provider_ids or registry.PROVIDERS)
        status_of = getattr(self._setup(), "key_status", None)

        def read() -> dict[str, KeyStatus]:
            if status_of is None:
                return {pid: KeyStatus(pid, needed=False, present=True) for pid in ids}
            return {pid: status_of(pid) for pid in ids}

        return await asyncio.to_thread(read)

    async def store_key(self, provider_id: str, values: Mapping[str, str]) -> KeyStatus:
        """Save a key in the system keychain; adapters made from now on use it.

        Raises:
            KeychainUnavailable: there is no usable keychain (the message says what to do).
            ValueError: the key is empty.
        """
        info = registry.provider_info(provider_id)
        await asyncio.to_thread(secrets.store_credentials, provider_id, values, info.env_keys)
        return await self._key_changed(provider_id)

    async def delete_key(self, provider_id: str) -> KeyStatus:
        """Remove a key from the keychain (an environment variable still applies).

        Raises:
            KeychainUnavailable: there is no usable keychain.
        """
        info = registry.provider_info(provider_id)
        await asyncio.to_thread(secrets.delete_credentials, provider_id, info.env_keys)
        return await self._key_changed(provider_id)

    async def _key_changed(self, provider_id: str) -> KeyStatus:
        setup = self._setup()
        forget = getattr(setup, "forget", None)
        if forget is not None:
            forget(provider_id)
        old = self._providers.pop(provider_id, None)
        if old is not None:  # draws in flight keep it; closed with the engine
            self._retired.append(old)
        return (await self.key_status([provider_id]))[provider_id]

    async def check_key(self, provider_id: str) -> LiveCheck:
        """One cheap, authenticated, non-generating request to the service."""
        from workbench.providers.base import LiveCheck

        setup = self._setup()
        status = (await self.key_status([provider_id]))[provider_id]
        if not status.usable:
            return LiveCheck(ok=False, status="no key", detail="no key is set for this service")
        provider = await asyncio.to_thread(setup, provider_id)
        try:
            result = await asyncio.wait_for(provider.check_live(), timeout=LIVE_CHECK_TIMEOUT_S)
            return LiveCheck(result.ok, result.status, secrets.scrub(result.detail))
        except TimeoutError:
            return LiveCheck(
                ok=False,
                status="unreachable",
                detail=f"no answer within {LIVE_CHECK_TIMEOUT_S:.0f} s",
            )
        finally:
            await provider.aclose()

    async def check_keys(self, provider_ids: list[str]) -> dict[str, LiveCheck]:
        """Live checks of several services at once."""
        results = await asyncio.gather(*(self.check_key(pid) for pid in provider_ids))
        return dict(zip(provider_ids, results, strict=True))
