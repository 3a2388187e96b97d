"""The one HTTP client every adapter uses: auth headers, redirects, retries, gates.

The policy (timeouts, backoff, allowed URLs) is plain data in :mod:`.policy`; turning
error answers into typed errors is :mod:`.errormap`. One deliberate difference from the
Stainless SDKs: a create call (POST without an idempotency key) is retried only when it
certainly did not reach the service — a connection that never opened, 408, 429 or 503.
After a read timeout or another 5xx the service may have started a paid job, so
:class:`SubmitOutcomeUnknown` is raised instead of sending it twice. And an answer the
adapter classifies as final (an empty balance sent as 429) is never waited on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx

from workbench import __version__
from workbench.providers.errormap import error_from_response, parse_json
from workbench.providers.errors import (
    AssetExpired,
    DownloadError,
    ProviderConnectionError,
    ProviderError,
    ProviderStatusError,
    ProviderTimeout,
    SubmitOutcomeUnknown,
)
from workbench.providers.policy import HttpPolicy, check_url, is_loopback, parse_retry_after

__all__ = [
    "HttpClient",
    "HttpPolicy",
    "check_url",
    "error_from_response",
    "is_loopback",
    "parse_json",
    "parse_retry_after",
]

log = logging.getLogger("workbench.http")

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_SAFE_SUBMIT_RETRY = frozenset({408, 429, 503})  # the service says it did not take the job
_RETRY_STATUSES = frozenset({408, 409, 429}) | frozenset(range(500, 600))
_REQUEST_SLOTS = 8  # concurrent API calls per provider
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


class HttpClient:
    """One provider's HTTP access: base URL, auth headers, policy, error mapping.

    Args:
        provider: the provider's display name, used in messages.
        base_url: root every relative path is joined to (HTTPS, or HTTP on loopback).
        auth: returns the auth headers for a request (called per request, so short-lived
            tokens can be renewed). Sent only to the base URL's own host.
        refine: lets an adapter turn a status error into a more specific one (vendor codes).
        secrets: values to scrub from any service text we keep.
    """

    def __init__(
        self,
        provider: str,
        base_url: str,
        *,
        policy: HttpPolicy | None = None,
        auth: Callable[[], Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        refine: Callable[[ProviderStatusError], ProviderError] | None = None,
        secrets: tuple[str, ...] = (),
    ) -> None:
        check_url(base_url)
        self.provider = provider
        self.base_url = base_url.rstrip("/")
        self.policy = policy or HttpPolicy()
        self._auth = auth
        self._headers = {"User-Agent": f"Workbench/{__version__}", **(headers or {})}
        self._refine = refine
        self._secrets = tuple(s for s in secrets if len(s) >= 4)
        self._client: httpx.AsyncClient | None = None
        # Requests wait here rather than inside httpcore, whose pool re-scans every queued
        # request against every connection on each change (measured: 100 draws in flight
        # cost ~15 ms of CPU per draw that way, ~6 ms with these gates).
        self._request_gate = asyncio.Semaphore(_REQUEST_SLOTS)
        self._download_gate = asyncio.Semaphore(max(1, self.policy.download_slots))
        self._host = urlsplit(self.base_url).netloc

    def scrub(self, text: str) -> str:
        """Remove any secret value from text that came back from the service."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    @property
    def client(self) -> httpx.AsyncClient:
        """The shared AsyncClient, created on first use in the running loop."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                follow_redirects=True,  # every vendor SDK does; httpx does not by default
                timeout=httpx.Timeout(self.policy.timeout_s, connect=self.policy.connect_timeout_s),
                limits=httpx.Limits(
                    max_connections=_REQUEST_SLOTS + self.policy.download_slots,
                    max_keepalive_connections=_REQUEST_SLOTS + self.policy.download_slots,
                ),
            )
        return self._client

    def url(self, path: str) -> str:
        """Absolute URL for a path (absolute URLs pass through, checked)."""
        full = path if "://" in path else f"{self.base_url}/{path.lstrip('/')}"
        check_url(full)
        return full

    def _request_headers(
        self, url: str, extra: Mapping[str, str] | None, auth: bool
    ) -> dict[str, str]:
        headers = dict(self._headers)
        if auth and self._auth is not None and urlsplit(url).netloc == self._host:
            headers.update(self._auth())
        headers.update(extra or {})
        return headers

    def _raise(self, response: httpx.Response) -> ProviderError:
        error = error_from_response(response, self.provider, self.scrub)
        return self._refine(error) if self._refine else error

    def _final(self, response: httpx.Response) -> ProviderError | None:
        """The adapter's classification when it makes a retryable status final."""
        if self._refine is None:
            return None
        error = error_from_response(response, self.provider, self.scrub)
        refined = self._refine(error)
        return refined if refined is not error and not refined.retryable else None

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """Send with the house retry policy; returns only 2xx answers.

        Raises:
            ProviderStatusError: an error status after any allowed retries.
            SubmitOutcomeUnknown: a non-idempotent call may have reached the service.
            ProviderConnectionError: the service could not be reached.
        """
        method = method.upper()
        safe = idempotent if idempotent is not None else method in _IDEMPOTENT_METHODS
        url = self.url(path)
        where = f"{method} {urlsplit(url).path}"
        for attempt in range(self.policy.max_retries + 1):
            last = attempt == self.policy.max_retries
            started = time.perf_counter()
            try:
                async with self._request_gate:
                    response = await self.client.request(
                        method,
                        url,
                        json=json,
                        data=data,
                        files=files,
                        params=params,
                        headers=self._request_headers(url, headers, auth),
                    )
            except _NEVER_SENT as exc:
                if last:
                    raise ProviderConnectionError(
                        f"could not reach {self.provider} at {self._host} ({type(exc).__name__})"
                    ) from exc
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            except _MAYBE_SENT as exc:
                if not safe:
                    raise SubmitOutcomeUnknown(
                        f"{self.provider} did not answer the submit in time; it may or may "
                        f"not have started the job ({type(exc).__name__})"
                    ) from exc
                if last:
                    raise ProviderTimeout(
                        f"{self.provider} did not answer in time ({type(exc).__name__})"
                    ) from exc
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            log.debug(
                "%s %s → %s in %.0f ms",
                self.provider,
                where,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            if response.is_success:
                return response
            status = response.status_code
            retry_after = parse_retry_after(response.headers)
            wanted = response.headers.get("x-should-retry")
            retry_ok = (status in _SAFE_SUBMIT_RETRY) if not safe else status in _RETRY_STATUSES
            if wanted is not None:
                retry_ok = wanted.lower() == "true"
            final = self._final(response) if retry_ok else None
            if final is not None:
                raise final  # e.g. Kling's "resource pack used up" on a 429: never waited on
            too_long = retry_after is not None and retry_after > self.policy.retry_after_cap_s
            if retry_ok and not last and not too_long:
                await self.policy.sleep(
                    retry_after if retry_after is not None else self.policy.backoff(attempt)
                )
                continue
            if not safe and status >= 500 and status != 503:
                error = self._raise(response)
                raise SubmitOutcomeUnknown(
                    f"{self.provider} failed while taking the submit (HTTP {status}); it may or "
                    "may not have started the job",
                    provider_text=error.provider_text,
                    code=error.code,
                )
            raise self._raise(response)
        raise AssertionError("unreachable")  # pragma: no cover

    async def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """:meth:`request`, then the body parsed as JSON.

        Raises:
            ProtocolError: the body is not JSON (an HTML page from a proxy, cut-off text).
        """
        response = await self.request(method, path, **kwargs)
        return parse_json(response, self.provider)

    @asynccontextmanager
    async def stream(
        self,
        url: str,
        *,
        auth: bool = False,
        signed: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """Open a download; yields the 2xx response whose body is read in chunks.

        Args:
            url: absolute or relative to the base URL.
            auth: send the provider's auth headers (only to its own host).
            signed: the URL is a signed link, so 401/403 (like 404/410) mean it has expired.
            headers: extra request headers.
        """
        full = self.url(url)
        timeout = httpx.Timeout(
            self.policy.timeout_s,
            connect=self.policy.connect_timeout_s,
            read=self.policy.download_read_timeout_s,
        )
        async with (
            self._download_gate,
            self._open_stream(full, timeout, auth, signed, headers) as response,
        ):
            yield response

    @asynccontextmanager
    async def _open_stream(
        self,
        full: str,
        limits: httpx.Timeout,
        auth: bool,
        signed: bool,
        headers: Mapping[str, str] | None,
    ) -> AsyncIterator[httpx.Response]:
        for attempt in range(self.policy.max_retries + 1):
            request = self.client.build_request(
                "GET", full, headers=self._request_headers(full, headers, auth), timeout=limits
            )
            try:
                response = await self.client.send(request, stream=True)
            except (*_NEVER_SENT, *_MAYBE_SENT) as exc:
                if attempt == self.policy.max_retries:
                    raise ProviderConnectionError(
                        f"could not download the clip from {urlsplit(full).netloc} "
                        f"({type(exc).__name__})"
                    ) from exc
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            if response.is_success:
                try:
                    yield response
                finally:
                    await response.aclose()
                return
            await response.aread()
            await response.aclose()
            status = response.status_code
            # A signed link answers 401/403 once expired; any result URL answers 404/410
            # when the file is gone. On an authenticated endpoint 401/403 stays an auth
            # problem the creator can fix, then resume.
            if status in (404, 410) or (signed and status in (401, 403)):
                error = self._raise(response)
                raise AssetExpired(
                    f"the clip at {self.provider} has expired or was removed (HTTP {status})",
                    provider_text=error.provider_text,
                    code=error.code or str(status),
                )
            if status in _RETRY_STATUSES and attempt < self.policy.max_retries:
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            raise self._raise(response)

    async def download(
        self,
        url: str,
        *,
        auth: bool = False,
        signed: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[bytes]:
        """Yield a clip's bytes in chunks (see :meth:`stream` for the arguments).

        Raises:
            DownloadError: the body broke off part way (truncated or reset).
        """
        async with self.stream(url, auth=auth, signed=signed, headers=headers) as resp:
            try:
                async for chunk in resp.aiter_bytes(1 << 16):
                    yield chunk
            except httpx.HTTPError as exc:
                raise DownloadError(
                    f"the download from {self.provider} broke off ({type(exc).__name__})"
                ) from exc

    async def aclose(self) -> None:
        """Close the pooled connections."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
