"""A loopback stand-in for an OpenAI-videos-compatible endpoint (Sora 2).

Speaks providers.md §1: multipart ``POST /videos``, ``GET /videos/{id}`` with
``openai-poll-after-ms``, the authenticated ``GET /videos/{id}/content?variant=video``,
``DELETE /videos/{id}`` and ``GET /videos``, all under an Azure-style ``/openai/v1`` prefix by
default. Errors use the OpenAI envelope ``{"error": {"message", "type", "param", "code"}}``.
Bodies are validated like the service would (string ``seconds``, exact ``size`` per model,
the first frame's pixel size equal to ``size``, unknown fields refused), so a wrong mapping
in the adapter fails a test.

Jobs move on the fake's clock through ``queued`` → ``in_progress`` → ``completed``/``failed``;
each completed job serves its own clip.
Scenario knobs: :meth:`next_outcome` ("moderation", "failure", "capacity",
"completed_with_error", "failed_without_error", "expired"), :meth:`expire_links`,
:meth:`retire`, ``poll_after_ms``, ``accept_api_key_header``, ``expired_status``. Sora has no
signed URLs: results come from an authenticated content endpoint, so "expired links" means
that endpoint answers 404 (or 410) for the job.
"""

from __future__ import annotations

import io
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import FakeService, Request, Response

MODELS = {
    "sora-2": {"720x1280", "1280x720"},
    "sora-2-2025-10-06": {"720x1280", "1280x720"},
    "sora-2-2025-12-08": {"720x1280", "1280x720"},
    "sora-2-pro": {"720x1280", "1280x720", "1024x1792", "1792x1024"},
    "sora-2-pro-2025-10-06": {"720x1280", "1280x720", "1024x1792", "1792x1024"},
}
SECONDS = ("4", "8", "12")
FIELDS = {"prompt", "model", "seconds", "size", "input_reference"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}

OUTCOMES = {
    "success": None,
    "moderation": {
        "code": "moderation_blocked",
        "message": "Your request was blocked by our moderation system.",
    },
    "failure": {"code": "internal_error", "message": "Video generation failed."},
    "capacity": {
        "code": "rate_limit_exceeded",
        "message": "The engine is currently overloaded, please try again later.",
        "headers": {"x-openai-inference-capacity-reason": "overloaded", "retry-after-ms": "5000"},
    },
    "completed_with_error": {
        "code": "content_policy_violation",
        "message": "The generated video was flagged by our content policy.",
    },
    "failed_without_error": None,
    "expired": None,  # completes, but its assets have already expired
}
#: The conformance suite's common outcome names.
ALIASES = {"no_video": "completed_with_error"}


def openai_error(
    status: int,
    message: str,
    code: str | None = None,
    type_: str = "invalid_request_error",
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """An error in OpenAI's envelope."""
    return Response(
        status,
        {"error": {"message": message, "type": type_, "param": param, "code": code}},
        headers=headers or {},
    )


@dataclass
class Part:
    """One multipart part."""

    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None


def parse_multipart(request: Request) -> list[Part] | None:
    """The parts of a multipart/form-data body (None when it is not multipart)."""
    ctype = request.header("content-type") or ""
    match = re.match(r"multipart/form-data;.*boundary=(?:\"([^\"]+)\"|([^;\s]+))", ctype)
    if not match:
        return None
    boundary = b"--" + (match.group(1) or match.group(2)).encode()
    parts: list[Part] = []
    for chunk in request.body.split(boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, value = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        value = value.removesuffix(b"\r\n")
        text = head.decode("utf-8", "replace")
        name = re.search(r'name="([^"]*)"', text)
        filename = re.search(r'filename="([^"]*)"', text)
        ctype_match = re.search(r"(?im)^content-type:\s*([^\r\n;]+)", text)
        parts.append(
            Part(
                name=name.group(1) if name else "",
                data=value,
                filename=filename.group(1) if filename else None,
                content_type=ctype_match.group(1).strip().lower() if ctype_match else None,
            )
        )
    return parts


@dataclass
class Task:
    """One video job."""

    id: str
    model: str
    prompt: str
    seconds: str
    size: str
    outcome: str
    started: float
    created_at: int
    render_s: float
    number: int = 0
    expired: bool = False
    image: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class FakeSora(FakeService):
    """OpenAI videos API on 127.0.0.1.

    Args:
        api_key: the key the fake accepts (as ``Authorization: Bearer`` or ``api-key``).
        prefix: the path the API lives under (``/openai/v1`` like Azure, ``/v1`` like OpenAI).
        render_s: clock time from create to completion.
        clock: the service's clock.
    """

    def __init__(
        self,
        api_key: str = "test-key-0000",
        prefix: str = "/openai/v1",
        render_s: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock=clock, render_s=render_s)
        self.api_key = api_key
        self.prefix = prefix.rstrip("/")
        self.default_render_s = render_s
        self.tasks: dict[str, Task] = {}
        self.outcomes: list[str] = []
        self.reset()
        p = re.escape(self.prefix)
        self.route("POST", rf"{p}/videos", self._create)
        self.route("GET", rf"{p}/videos", self._list)
        self.route("GET", rf"{p}/videos/([^/]+)", self._get)
        self.route("DELETE", rf"{p}/videos/([^/]+)", self._delete)
        self.route("GET", rf"{p}/videos/([^/]+)/content", self._content)

    # -- knobs ----------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every job, request, scripted fault and knob (one server, many tests)."""
        super().reset()
        with self.lock:
            self.tasks.clear()
            self.outcomes.clear()
            self.render_s = self.default_render_s
            self.poll_after_ms: int | None = None  # sent as openai-poll-after-ms when set
            self.accept_api_key_header = True  # Azure OpenAI v1 accepts `api-key:` too
            self.expired_status = 404
            self.retired: str | None = None

    @property
    def api_base(self) -> str:
        """The base URL an adapter should use (``http://127.0.0.1:<port>/openai/v1``)."""
        return self.base_url + self.prefix

    def next_outcome(self, *outcomes: str) -> None:
        """How the next created jobs end (default "success")."""
        names = [ALIASES.get(o, o) for o in outcomes]
        for outcome in names:
            assert outcome in OUTCOMES, outcome
        with self.lock:
            self.outcomes.extend(names)

    def expire_links(self) -> None:
        """Every finished job's assets expire: expires_at moves into the past and the content
        endpoint answers ``expired_status`` (404 by default)."""
        with self.lock:
            for task in self.tasks.values():
                task.expired = True

    def retire(self, style: str = "url") -> None:
        """Behave like a shut-down endpoint: "url" (OpenAI's 404 Invalid URL), "model" (404
        model_not_found) or "deprecated" (400 with a deprecation message)."""
        assert style in ("url", "model", "deprecated")
        self.retired = style

    def request_form(self, index: int = -1) -> dict[str, Part]:
        """The parts of a recorded create call, by name."""
        calls = self.calls("POST", rf"{re.escape(self.prefix)}/videos")
        parts = parse_multipart(calls[index]) or []
        return {p.name: p for p in parts}

    # -- helpers --------------------------------------------------------------------------
    def _authorised(self, request: Request) -> bool:
        if request.header("authorization") == f"Bearer {self.api_key}":
            return True
        return self.accept_api_key_header and request.header("api-key") == self.api_key

    def _auth_error(self, request: Request) -> Response | None:
        if self._authorised(request):
            return None
        given = request.header("authorization") or request.header("api-key")
        if not given:
            return openai_error(
                401,
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        shown = given.removeprefix("Bearer ")
        # The real service masks the key; echoing it in full proves the adapter scrubs it.
        return openai_error(401, f"Incorrect API key provided: {shown}.", "invalid_api_key")

    def _state(self, task: Task) -> dict[str, Any]:
        elapsed = self.clock() - task.started
        error: dict[str, Any] | None = None
        completed_at = expires_at = None
        progress = 0
        if elapsed < task.render_s * 0.3:
            status = "queued"
        elif elapsed < task.render_s:
            status, progress = "in_progress", max(1, min(99, int(elapsed / task.render_s * 100)))
        else:
            progress = 100
            completed_at = task.created_at + max(1, round(task.render_s))
            if task.outcome in ("success", "completed_with_error", "expired"):
                status = "completed"
                expires_at = completed_at + 3600
                if task.expired or task.outcome == "expired":
                    expires_at = int(time.time()) - 60
            else:
                status = "failed"
            error = OUTCOMES[task.outcome]
        return {
            "id": task.id,
            "object": "video",
            "model": task.model,
            "status": status,
            "progress": progress,
            "created_at": task.created_at,
            "completed_at": completed_at,
            "expires_at": expires_at,
            "seconds": task.seconds,
            "size": task.size,
            "prompt": task.prompt,
            "remixed_from_video_id": None,
            "error": dict(error) if error else None,
        }

    def _headers(self) -> dict[str, str]:
        if self.poll_after_ms is None:
            return {"x-request-id": f"req_{uuid.uuid4().hex[:12]}"}
        return {"openai-poll-after-ms": str(self.poll_after_ms)}

    def _retired_answer(self, request: Request, model: str = "sora-2") -> Response | None:
        if self.retired == "url":
            return openai_error(404, f"Invalid URL ({request.method} {request.path})")
        if self.retired == "model":
            return openai_error(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                "model_not_found",
            )
        if self.retired == "deprecated":
            return openai_error(
                400,
                "The Sora API has been shut down. The sora-2 models were deprecated on "
                "2026-03-24 and are no longer available.",
                "model_deprecated",
            )
        return None

    # -- routes ---------------------------------------------------------------------------
    def _create(self, request: Request, _match: re.Match[str]) -> Response:
        denied = self._auth_error(request)
        if denied:
            return denied
        parts = parse_multipart(request)
        if parts is None:
            return openai_error(
                400,
                "Invalid Content-Type header ({}), expected multipart/form-data.".format(
                    request.header("content-type")
                ),
            )
        fields: dict[str, Part] = {}
        for part in parts:
            if part.name not in FIELDS:
                return openai_error(
                    400, f"Unrecognized request argument supplied: {part.name}", param=part.name
                )
            if part.name in fields:
                return openai_error(400, f"Duplicate parameter: {part.name}", param=part.name)
            fields[part.name] = part
        text = {k: p.data.decode("utf-8", "replace") for k, p in fields.items() if not p.filename}
        model = text.get("model", "sora-2")
        retired = self._retired_answer(request, model)
        if retired:
            return retired
        prompt = text.get("prompt", "")
        if not prompt.strip():
            return openai_error(400, "Missing required parameter: 'prompt'.", param="prompt")
        if model not in MODELS:
            return openai_error(
                400,
                f"Invalid value: '{model}'. Supported values are: "
                + ", ".join(f"'{m}'" for m in MODELS),
                "invalid_value",
                param="model",
            )
        seconds = text.get("seconds", "4")
        if seconds not in SECONDS:
            return openai_error(
                400,
                f"Invalid value: '{seconds}'. Supported values are: '4', '8', and '12'.",
                "invalid_value",
                param="seconds",
            )
        size = text.get("size", "720x1280")
        if size not in MODELS[model]:
            return openai_error(
                400,
                f"Invalid value: '{size}'. Supported values for {model} are: "
                + ", ".join(sorted(MODELS[model])),
                "invalid_value",
                param="size",
            )
        image_size = None
        if "input_reference" in fields:
            ref = fields["input_reference"]
            if ref.filename is None or ref.content_type not in IMAGE_TYPES:
                return openai_error(
                    400,
                    "input_reference must be an image file (JPEG, PNG or WebP).",
                    "invalid_value",
                    param="input_reference",
                )
            from PIL import Image, UnidentifiedImageError

            try:
                with Image.open(io.BytesIO(ref.data)) as img:
                    image_size = img.size
            except (UnidentifiedImageError, OSError):
                return openai_error(
                    400,
                    "The input_reference file is not a valid image.",
                    "invalid_image",
                    param="input_reference",
                )
            want = tuple(int(n) for n in size.split("x"))
            if image_size != want:
                return openai_error(
                    400,
                    "Inpaint image must match the requested width and height",
                    "invalid_value",
                    param="input_reference",
                )
        with self.lock:
            outcome = self.outcomes.pop(0) if self.outcomes else "success"
            task = Task(
                id=f"video_{uuid.uuid4().hex}",
                model=model,
                prompt=prompt,
                seconds=seconds,
                size=size,
                outcome=outcome,
                started=self.clock(),
                created_at=int(time.time()),
                render_s=self.render_s,
                image=image_size,
                number=self.next_task_number(),
            )
            self.tasks[task.id] = task
        return Response(200, self._state(task), headers=self._headers())

    def _get(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth_error(request)
        if denied:
            return denied
        with self.lock:
            task = self.tasks.get(match.group(1))
        if task is None:
            return openai_error(404, f"Video with id '{match.group(1)}' not found.", "not_found")
        return Response(200, self._state(task), headers=self._headers())

    def _list(self, request: Request, _match: re.Match[str]) -> Response:
        denied = self._auth_error(request)
        if denied:
            return denied
        retired = self._retired_answer(request)
        if retired:
            return retired
        raw_limit = request.query.get("limit", ["20"])[0]
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 100:
            return openai_error(400, f"Invalid limit: {raw_limit}", "invalid_value", param="limit")
        with self.lock:
            items = [self._state(t) for t in self.tasks.values()][: int(raw_limit)]
        return Response(
            200,
            {
                "object": "list",
                "data": items,
                "first_id": items[0]["id"] if items else None,
                "last_id": items[-1]["id"] if items else None,
                "has_more": len(self.tasks) > len(items),
            },
        )

    def _delete(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth_error(request)
        if denied:
            return denied
        with self.lock:
            task = self.tasks.pop(match.group(1), None)
        if task is None:
            return openai_error(404, f"Video with id '{match.group(1)}' not found.", "not_found")
        return Response(200, {"id": task.id, "object": "video.deleted", "deleted": True})

    def _content(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth_error(request)
        if denied:
            return denied
        variant = request.query.get("variant", ["video"])[0]
        if variant not in ("video", "thumbnail", "spritesheet"):
            return openai_error(400, f"Invalid variant: {variant}", "invalid_value", "variant")
        with self.lock:
            task = self.tasks.get(match.group(1))
        if task is None:
            return openai_error(404, f"Video with id '{match.group(1)}' not found.", "not_found")
        state = self._state(task)
        if state["status"] != "completed":
            return openai_error(
                400, f"Video is not ready yet (status {state['status']}).", "video_not_ready"
            )
        if task.expired or task.outcome == "expired" or self.links_expired:
            return openai_error(
                self.expired_status,
                "The video content has expired and is no longer available.",
                "video_expired",
            )
        if variant != "video":
            return Response(
                200, b"RIFF\x00\x00\x00\x00WEBP", headers={"Content-Type": "image/webp"}
            )
        return self.clip_response(task.number)
