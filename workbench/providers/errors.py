"""Transport and protocol errors of provider calls, each able to say what kind of failure it is.

Mirrors the hierarchy of the well-kept HTTP SDKs (``openai/_exceptions.py``). Failures the
service reports *inside* a successful answer are not exceptions: ``poll`` returns them as
data. These exceptions are for calls that did not get a usable answer.
"""

from __future__ import annotations

from typing import Any

from workbench.domain.jobs import Failure, FailureKind


class ProviderError(Exception):
    """Base of every error an adapter raises."""

    kind = FailureKind.PROVIDER
    retryable = False

    def __init__(self, message: str, *, provider_text: str = "", code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.provider_text = provider_text
        self.code = code

    def failure(self) -> Failure:
        """This error as a normalised failure."""
        return Failure(
            kind=self.kind,
            message=self.message,
            provider_text=self.provider_text,
            code=self.code,
            retryable=self.retryable,
        )


class MissingKey(ProviderError):
    """No credential is configured for the service."""

    kind = FailureKind.AUTH


class ProviderConnectionError(ProviderError):
    """The service could not be reached (DNS, refused, TLS, reset before an answer)."""

    kind = FailureKind.NETWORK
    retryable = True


class ProviderTimeout(ProviderConnectionError):
    """No answer in time."""


class SubmitOutcomeUnknown(ProviderError):
    """A submit may have reached the service, but no answer says so.

    Raised for read timeouts and ambiguous 5xx answers on a create call. The engine never
    re-sends such a submit; it looks the job up by our own id where the service allows,
    else marks it ``unknown``.
    """

    kind = FailureKind.LOST


class ProviderStatusError(ProviderError):
    """The service answered with an HTTP error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        body: Any = None,
        request_id: str = "",
        provider_text: str = "",
        code: str = "",
    ) -> None:
        super().__init__(message, provider_text=provider_text, code=code)
        self.status = status
        self.body = body
        self.request_id = request_id


class BadRequest(ProviderStatusError):
    """400/422: the service rejected the parameters."""

    kind = FailureKind.INVALID


class AuthError(ProviderStatusError):
    """401: the key is missing, wrong or revoked."""

    kind = FailureKind.AUTH


class PermissionDenied(ProviderStatusError):
    """403: the key works but lacks access (model, region, plan)."""

    kind = FailureKind.AUTH


class NotFound(ProviderStatusError):
    """404: no such model, task or endpoint."""

    kind = FailureKind.INVALID


class RateLimited(ProviderStatusError):
    """429: too many requests, concurrency cap or exhausted quota."""

    kind = FailureKind.QUOTA
    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(ProviderStatusError):
    """5xx: the service failed."""

    retryable = True


class ProtocolError(ProviderError):
    """An answer that is not what the service documents (bad JSON, an HTML page, no id)."""


class AssetExpired(ProviderError):
    """A result link no longer works (signed URL expired, object purged)."""

    kind = FailureKind.EXPIRED


class DownloadError(ProviderError):
    """The clip download broke off or delivered something unusable."""

    retryable = True


class RetiredEndpoint(ProviderStatusError):
    """The service has shut this endpoint or model down for good."""

    kind = FailureKind.RETIRED


class ModelRetired(RetiredEndpoint):
    """The service answered "model not found / no longer available" to a create.

    Carries the adapter's classification: the service's own words and the replacement the
    catalogue names.
    """

    def __init__(
        self, failure: Failure, *, status: int, body: Any = None, request_id: str = ""
    ) -> None:
        super().__init__(
            failure.message,
            status=status,
            body=body,
            request_id=request_id,
            provider_text=failure.provider_text,
            code=failure.code,
        )
        self._failure = failure

    def failure(self) -> Failure:
        """The adapter's own classification (kind RETIRED)."""
        return self._failure


class ProviderRefused(ProviderError):
    """The service refused a call for a reason the adapter classified itself.

    Used where a 200 answer carries an error (Kling's non-zero ``code``) or a vendor code
    needs a specific kind (Seedance's ``*SensitiveContentDetected`` → moderation).
    """

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message, provider_text=failure.provider_text, code=failure.code)
        self._failure = failure
        self.kind = failure.kind
        self.retryable = failure.retryable

    def failure(self) -> Failure:
        """The adapter's own classification."""
        return self._failure
