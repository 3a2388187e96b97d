"""Service answers to typed errors: HTTP statuses, error envelopes, retired models.

Pure functions over a received answer (anything with ``status_code``, ``headers``,
``json()`` and ``text``, as an ``httpx.Response`` has), kept apart from the client that
sends requests so each adapter's own refinements read against one small mapping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from workbench.domain.jobs import Failure, FailureKind
from workbench.providers.errors import (
    AuthError,
    BadRequest,
    ModelRetired,
    NotFound,
    PermissionDenied,
    ProtocolError,
    ProviderStatusError,
    RateLimited,
    ServerError,
)
from workbench.providers.policy import parse_retry_after


class Answer(Protocol):
    """What the mapping reads from an HTTP answer (``httpx.Response`` fits)."""

    @property
    def status_code(self) -> int: ...  # noqa: D102

    @property
    def headers(self) -> Mapping[str, str]: ...  # noqa: D102

    @property
    def text(self) -> str: ...  # noqa: D102

    def json(self) -> Any: ...  # noqa: D102


# How services word "this model is gone" (OpenAI ``model_not_found``, Google's 404 "is no
# longer available", Ark's ``InvalidEndpointOrModel.NotFound``, "has been shut down" …).
_RETIRED_CODES = re.compile(
    r"model_not_found|model_deprecated|invalidendpointormodel|modelnotfound|model_retired",
    re.IGNORECASE,
)
_RETIRED_WORDS = re.compile(
    r"no longer (?:available|supported|served|offered)|(?:has been|was) (?:shut down|retired|"
    r"deprecated|discontinued|decommissioned)|\bretired\b|\bdecommissioned\b|"
    r"\bmodels?\b.{0,80}\b(?:does not exist|not found|is not supported)",
    re.IGNORECASE | re.DOTALL,
)


def looks_retired(code: str, text: str) -> bool:
    """True when a service's code or words say the model (or endpoint) is gone."""
    return bool(_RETIRED_CODES.search(code) or _RETIRED_WORDS.search(text))


def retired_failure(
    label: str, model: str, replacement: str | None, text: str, code: str
) -> Failure:
    """A RETIRED failure keeping the service's own words and naming the replacement."""
    advice = f"choose {replacement} instead" if replacement else "choose another model"
    return Failure(
        kind=FailureKind.RETIRED,
        message=f"{label} no longer offers {model}; {advice}.",
        provider_text=text[:500],
        code=code,
        retryable=False,
    )


def as_retired(error: ProviderStatusError, failure: Failure) -> ModelRetired:
    """``error`` re-raised as :class:`ModelRetired` with ``failure``'s words."""
    return ModelRetired(
        failure,
        status=error.status,
        body=error.body,
        request_id=error.request_id,
    )


def describe_body(status: int, text: str, body: Any) -> tuple[str, str]:
    """The service's own error text and code from the usual error envelopes."""
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            return (
                str(err.get("message") or err.get("status") or err)[:500],
                str(err.get("code") or err.get("type") or err.get("status") or ""),
            )
        if isinstance(err, str):
            return err[:500], str(body.get("code") or "")
        for key in ("message", "detail", "title", "msg"):
            if body.get(key):
                return str(body[key])[:500], str(body.get("code") or body.get("type") or "")
        return str(body)[:300], ""
    stripped = text.strip()
    if stripped[:100].lower().lstrip().startswith(("<!doctype", "<html")):
        return f"an HTML error page (HTTP {status})", ""
    return stripped[:300], ""


def error_from_response(
    response: Answer, provider: str, scrub: Callable[[str], str] = lambda s: s
) -> ProviderStatusError:
    """Map an HTTP error answer to the matching :class:`ProviderStatusError`."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    status = response.status_code
    text, code = describe_body(status, response.text, body)
    text = scrub(text)
    headers = response.headers
    request_id = (
        headers.get("x-request-id")
        or headers.get("request-id")
        or headers.get("x-fal-request-id")
        or ""
    )
    kwargs: dict[str, Any] = {
        "status": status,
        "body": body,
        "request_id": request_id,
        "provider_text": text,
        "code": code,
    }
    if status == 401:
        return AuthError(f"{provider} did not accept the API key (HTTP 401)", **kwargs)
    if status == 403:
        return PermissionDenied(f"{provider} refused access for this key (HTTP 403)", **kwargs)
    if status == 404:
        return NotFound(f"{provider} does not know this request (HTTP 404)", **kwargs)
    if status == 429:
        return RateLimited(
            f"{provider} is rate-limiting or out of quota (HTTP 429)",
            retry_after=parse_retry_after(headers),
            **kwargs,
        )
    if status >= 500:
        return ServerError(f"{provider} had a server error (HTTP {status})", **kwargs)
    return BadRequest(f"{provider} rejected the request (HTTP {status})", **kwargs)


def parse_json(response: Answer, provider: str) -> Any:
    """The JSON body of a 2xx answer, or a :class:`ProtocolError` in plain words."""
    try:
        return response.json()
    except ValueError:
        head = response.text[:200].lstrip().lower()
        if head.startswith(("<!doctype", "<html")):
            raise ProtocolError(
                f"{provider} answered with an HTML page instead of JSON (HTTP "
                f"{response.status_code}); a proxy or login page may be in the way"
            ) from None
        raise ProtocolError(
            f"{provider} answered with malformed JSON (HTTP {response.status_code})",
            provider_text=response.text[:200],
        ) from None
