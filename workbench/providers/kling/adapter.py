"""The Kling adapter: text2video and image2video tasks, looked up by our own id.

Auth is either a JWT signed with the account's AccessKey/SecretKey (made here with the
standard library, renewed before its 30-minute life ends) or a plain API key used as the
bearer token. Kling answers errors as ``{"code": N, "message": …}`` — also on HTTP 200 — so
every answer's ``code`` is checked. Each draw carries our own id as ``external_task_id``,
which lets a submit whose answer was lost be found again instead of sent twice.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.jobs import FailureKind
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest, ImageInput
from workbench.providers.base import Provider, ProviderConfig, RemoteRef, Status, Submission
from workbench.providers.errormap import looks_retired
from workbench.providers.errors import (
    AuthError,
    BadRequest,
    MissingKey,
    ModelRetired,
    NotFound,
    PermissionDenied,
    ProtocolError,
    ProviderError,
    ProviderRefused,
    ProviderStatusError,
    RateLimited,
    ServerError,
)
from workbench.providers.images import raw_base64, read_image
from workbench.providers.kling.auth import TokenCache
from workbench.providers.kling.models import (
    FAMILIES,
    INFO,
    MODE_FOR_RESOLUTION,
    PROMPT_MAX,
    TEXT2VIDEO,
)
from workbench.providers.kling.wire import (
    NOT_FOUND_CODES,
    RATE_CODES,
    build_body,
    classify_code,
    envelope_code,
    envelope_failure,
    external_id,
    family_for,
    find_in_list,
    parse_status,
    parse_submit,
    parse_task,
    task_id_of,
)

#: How many of the newest tasks a lookup reads when the per-task path does not know our id.
LOOKUP_PAGE_SIZE = 100
_AUTH_WORDS = (
    "Kling did not accept the key (HTTP 401): check the access key and secret key (or the API "
    "key) and that they belong to the chosen region"
)


class KlingProvider(Provider):
    """Adapter for Kling's ``/v1/videos/{text2video,image2video}`` task API."""

    info = INFO

    def __init__(self, config: ProviderConfig | None = None) -> None:
        super().__init__(config)
        clock = self.config.options.get("clock")
        self._clock: Callable[[], float] = clock if callable(clock) else time.time
        self._tokens: TokenCache | None = None

    # -- auth -----------------------------------------------------------------------------
    def _bearer(self) -> str:
        """The bearer value: a cached JWT when access+secret are set, else the API key.

        Raises:
            MissingKey: neither a key pair nor an API key is configured.
        """
        creds = self.credentials
        access = creds.get("access_key") if creds else None
        secret = creds.get("secret_key") if creds else None
        if access and secret:
            if self._tokens is None:
                self._tokens = TokenCache(access, secret, self._clock)
            return self._tokens.token()
        api_key = creds.get("api_key") if creds else None
        if api_key:
            return api_key
        if access or secret:
            raise MissingKey(
                "Kling needs both the access key and the secret key (or an API key): run "
                "`workbench keys set kling` or set KLING_ACCESS_KEY and KLING_SECRET_KEY"
            )
        return self.require("api_key")  # raises MissingKey in the house words

    def auth_headers(self) -> dict[str, str]:
        """A bearer made per request, so a JWT is renewed before it dies."""
        return {"Authorization": f"Bearer {self._bearer()}"}

    def refine(self, error: ProviderStatusError) -> ProviderError:
        """Use the business code in an HTTP error body where it says more than the status."""
        if isinstance(error, AuthError):
            error = AuthError(
                _AUTH_WORDS,
                status=error.status,
                body=error.body,
                request_id=error.request_id,
                provider_text=error.provider_text,
                code=error.code,
            )
        try:
            code, message = envelope_code(error.body)
        except ProviderError:
            return error
        if code == 0:
            return error
        # The envelope's words as already scrubbed of any secret the service echoed.
        failure = classify_code(code, error.provider_text or message)
        # Content refusals never get better by waiting, and an empty balance or an IP
        # allow-list refusal arrives as a 429 that would otherwise be waited on.
        if code == 1304:
            return PermissionDenied(
                failure.message,
                status=error.status,
                body=error.body,
                request_id=error.request_id,
                provider_text=failure.provider_text,
                code=failure.code,
            )
        if failure.kind is FailureKind.MODERATION or (
            failure.kind is FailureKind.QUOTA and not failure.retryable
        ):
            return ProviderRefused(failure)
        return error

    @staticmethod
    def _raise_for_call_error(body: Any) -> None:
        """A non-zero code about the *call* (auth, rate, outage), not the task, on HTTP 200.

        Such an answer says nothing about the job, so it must not fail it: auth pauses the
        job, rate limits and outages are waited out, as for the matching HTTP statuses.
        """
        code, message = envelope_code(body)
        kwargs: dict[str, Any] = {
            "status": 200,
            "body": body,
            "provider_text": message,
            "code": str(code),
        }
        if 1000 <= code < 1100:
            raise AuthError(classify_code(code, message).message, **kwargs)
        if code in (1103, 1304):
            raise PermissionDenied(classify_code(code, message).message, **kwargs)
        if code in RATE_CODES:
            raise RateLimited(f"Kling is rate-limiting (code {code})", **kwargs)
        if 5000 <= code < 6000:
            raise ServerError(f"Kling had a server error (code {code})", **kwargs)

    # -- validation -----------------------------------------------------------------------
    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """Kling's own rules beyond the declared capabilities."""
        spec = request.spec
        problems: list[Problem] = []
        negative = spec.negative_prompt or ""
        if len(negative) > PROMPT_MAX:
            problems.append(
                Problem(
                    code="negative_prompt_length",
                    field="negative_prompt",
                    message=f"the negative prompt is {len(negative)} characters; Kling accepts "
                    f"at most {PROMPT_MAX}",
                )
            )
        mode = spec.options.get("mode")
        implied = MODE_FOR_RESOLUTION.get(spec.resolution or "")
        if mode is not None and implied is not None and mode != implied:
            problems.append(
                Problem(
                    code="mode",
                    field="options.mode",
                    allowed=tuple(MODE_FOR_RESOLUTION.values()),
                    message=f"Kling's mode follows the resolution ({spec.resolution} is "
                    f"{implied!r}); choose 720p for std, 1080p for pro or 4k for 4k instead "
                    f"of setting mode {mode!r}",
                )
            )
        watermark = spec.options.get("watermark")
        if watermark is not None and not isinstance(watermark, bool):
            problems.append(
                Problem(
                    code="watermark",
                    field="options.watermark",
                    message="the Kling watermark option must be on or off (true or false)",
                )
            )
        return problems

    # -- wire calls -----------------------------------------------------------------------
    async def _image_b64(self, image: ImageInput | None, role: str) -> str | None:
        """The image file as raw base64 — Kling rejects the ``data:`` URL prefix."""
        if image is None:
            return None
        return raw_base64(await read_image(image, role))

    async def submit(self, request: DrawRequest) -> Submission:
        """Create one task; a non-zero code, even on HTTP 200, is a refusal.

        Raises:
            ProviderRefused: Kling answered with a business error code.
        """
        family = family_for(request)
        spec = request.spec
        body = build_body(
            request,
            await self._image_b64(spec.first_frame, "first frame"),
            await self._image_b64(spec.last_frame, "last frame"),
        )
        answer = await self.send_create(request.model, f"/v1/videos/{family}", json=body)
        failure = envelope_failure(answer)
        if failure is not None:
            if looks_retired(failure.code, failure.provider_text):
                raise ModelRetired(
                    self.retired(request.model, failure.provider_text, failure.code), status=200
                )
            raise ProviderRefused(failure)
        submission = parse_submit(answer)
        ref = RemoteRef(
            submission.ref.remote_id,
            {**submission.ref.data, "family": family, "external_task_id": request.client_ref},
        )
        return dataclasses.replace(submission, ref=ref)

    def _found(self, data: dict[str, Any], family: str, request: DrawRequest) -> Submission:
        status = parse_task(data)
        return Submission(
            ref=RemoteRef(
                task_id_of(data), {"family": family, "external_task_id": request.client_ref}
            ),
            provider_status=status.provider_status,
        )

    async def lookup(self, request: DrawRequest) -> Submission | None:
        """Find a task by our ``external_task_id``; None when Kling has no such task.

        Kling's docs put either id in the per-task path; whether the path really takes the
        external id is UNVERIFIED, so a miss there is confirmed against the newest tasks of
        the list endpoint before answering None (None lets the engine send the draw).
        """
        family = family_for(request)
        ref = quote(request.client_ref, safe="")
        try:
            body: Any = await self.http.json("GET", f"/v1/videos/{family}/{ref}")
        except (NotFound, BadRequest):
            body = None  # the path did not take our id; fall back to the list
        if body is not None:
            code, message = envelope_code(body)
            if code == 0:
                data = body.get("data")
                if isinstance(data, dict) and external_id(data) in (None, request.client_ref):
                    return self._found(data, family, request)
            elif code not in NOT_FOUND_CODES and not 1200 <= code < 1300:
                self._raise_for_call_error(body)
                raise ProviderRefused(classify_code(code, message))
        listing = await self.http.json(
            "GET", f"/v1/videos/{family}", params={"pageNum": 1, "pageSize": LOOKUP_PAGE_SIZE}
        )
        item = find_in_list(listing, request.client_ref)
        return None if item is None else self._found(item, family, request)

    async def poll(self, ref: RemoteRef) -> Status:
        """The task's status, on the family it was created on."""
        family = ref.data.get("family")
        if family not in FAMILIES:
            family = TEXT2VIDEO
        task = quote(ref.remote_id, safe="")
        body = await self.http.json("GET", f"/v1/videos/{family}/{task}")
        self._raise_for_call_error(body)
        return self.settle(parse_status(body))

    async def live_probe(self) -> str:
        """List one task: authenticated, free, generates nothing."""
        body = await self.http.json(
            "GET", f"/v1/videos/{TEXT2VIDEO}", params={"pageNum": 1, "pageSize": 1}
        )
        self._raise_for_call_error(body)
        failure = envelope_failure(body)
        if failure is not None:
            if failure.kind is FailureKind.AUTH:
                raise AuthError(failure.describe(), status=200)
            raise ProtocolError(failure.describe())
        return self.base_url
