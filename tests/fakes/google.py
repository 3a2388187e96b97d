"""What Google's two fakes share: the error envelope, body checks, tasks and clips.

Google's APIs answer errors as ``{"error": {"code", "message", "status", "details"?}}``
(google.rpc.Status over HTTP) and run video jobs as long-running Operations that turn
``done`` after ``render_s`` seconds on the fake's clock. The Gemini API fake is in
:mod:`tests.fakes.veo`, the Vertex AI fake in :mod:`tests.fakes.vertex`.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import FakeService, Request, Response

GEMINI_VEO = {
    # model → (durations, resolutions, last frame, reference images)
    "veo-3.1-generate-preview": ((4, 6, 8), ("720p", "1080p", "4k"), True, 3),
    "veo-3.1-fast-generate-preview": ((4, 6, 8), ("720p", "1080p", "4k"), True, 0),
    "veo-3.0-generate-001": ((4, 6, 8), ("720p", "1080p"), False, 0),
    "veo-3.0-fast-generate-001": ((4, 6, 8), ("720p", "1080p"), False, 0),
    "veo-2.0-generate-001": ((5, 6, 7, 8), (), False, 0),
}
VERTEX_VEO = {
    "veo-3.1-generate-001": ((4, 6, 8), ("720p", "1080p", "4k"), True, 3),
    "veo-3.1-fast-generate-001": ((4, 6, 8), ("720p", "1080p", "4k"), True, 0),
    "veo-3.1-lite-generate-001": ((4, 6, 8), ("720p", "1080p"), True, 0),
    "veo-3.0-generate-001": ((4, 6, 8), ("720p", "1080p"), False, 0),
    "veo-3.0-fast-generate-001": ((4, 6, 8), ("720p", "1080p"), False, 0),
    "veo-2.0-generate-001": ((5, 6, 7, 8), (), False, 0),
}
OMNI = ("gemini-omni-1.1-flash", "gemini-omni-1.2-flash")
#: Retired on Vertex on 2026-06-30 ("Checked 2026-11").
RETIRED_VERTEX = ("veo-3.0-generate-001", "veo-3.0-fast-generate-001", "veo-2.0-generate-001")
#: Shut down on the Gemini API ("Checked 2026-11").
RETIRED_GEMINI = (*GEMINI_VEO, "gemini-omni-flash-preview")
OMNI_STATUSES = (
    "queued",
    "in_progress",
    "requires_action",
    "requires_continuation",
    "completed",
    "failed",
    "cancelled",
    "incomplete",
    "budget_exceeded",
)
IMAGE_MIMES = ("image/png", "image/jpeg")
_PERSON = ("allow_all", "allow_adult", "dont_allow")
RPC_STATUS = {
    3: "INVALID_ARGUMENT",
    7: "PERMISSION_DENIED",
    8: "RESOURCE_EXHAUSTED",
    13: "INTERNAL",
}


def google_error(status: int, message: str, rpc: str, reason: str | None = None) -> Response:
    """Google's JSON error envelope (google.rpc.Status over HTTP)."""
    error: dict[str, Any] = {"code": status, "message": message, "status": rpc}
    if reason:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
            }
        ]
    return Response(status, {"error": error})


class Invalid(Exception):
    """A body the service would refuse with 400 INVALID_ARGUMENT."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Invalid(message)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_b64(text: Any, where: str) -> None:
    check(isinstance(text, str) and bool(text), f"{where} must be base64 text")
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid(f"{where} is not valid base64") from None


@dataclass
class Outcome:
    """How the next task ends (and which statuses it passes through)."""

    # video | inline | gcs | moderation | error | empty | no_video | <omni status>
    kind: str = "video"
    code: int = 13
    message: str = ""
    reasons: tuple[str, ...] = ()


@dataclass
class Task:
    """One job the fake holds."""

    id: str
    name: str
    model: str
    body: dict[str, Any]
    created: float
    render_s: float
    outcome: Outcome
    number: int = 0
    canceled: bool = False
    file_id: str = field(default_factory=lambda: secrets.token_hex(6))


class GoogleFake(FakeService):
    """Task store, clip serving and scenario knobs both Google fakes share."""

    prefix = ""

    def __init__(self, render_s: float = 0.2, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(clock=clock, render_s=render_s)
        self.tasks: dict[str, Task] = {}
        self.outcomes: deque[Outcome] = deque()
        self.retired: set[str] = set()

    def start(self) -> GoogleFake:
        """Listen, with Nagle off so a response's header and body writes leave at once.

        Linux hands TCP_NODELAY from the listening socket to accepted ones; without it each
        answer waits ~40 ms for a delayed ACK, which makes polling tests crawl.
        """
        super().start()
        assert self._server is not None
        self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    @property
    def api_base(self) -> str:
        """The base URL the adapter is pointed at (``…/v1beta`` or ``…/v1``)."""
        return self.base_url + self.prefix

    # -- knobs ----------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every task, request, fault and knob (one server serves a whole module,
        because stopping one waits out ``serve_forever``'s half-second poll)."""
        super().reset()
        with self.lock:
            self.tasks.clear()
            self.outcomes.clear()
            self.retired.clear()

    def next_outcome(self, kind: str, **kw: Any) -> None:
        """Make the next created task end this way (see :class:`Outcome`); ``failure`` is a
        google.rpc INTERNAL error."""
        if kind == "failure":
            kind, kw = "error", {"code": 13, "message": "Video generation failed.", **kw}
        with self.lock:
            self.outcomes.append(Outcome(kind, **kw))

    def retire(self, model: str) -> None:
        """From now on, creates for ``model`` answer 404 "is no longer available"."""
        self.retired.add(model)

    def gone(self, model: str, version: str) -> Response:
        """Google's answer to a create for a model it has shut down."""
        return google_error(
            404, f"models/{model} is no longer available for API version {version}.", "NOT_FOUND"
        )

    def elapsed(self, task: Task) -> float:
        """Clock seconds since the task was created."""
        return self.clock() - task.created

    def task_clip(self, task: Task) -> bytes:
        """The task's own clip (or the bytes the test asked for instead)."""
        if self.media_override is not None:
            return self.media_override
        return self.clip_for(task.number)

    def expire_links(self) -> None:
        """Every result download from now on answers as if the file were gone."""
        self.links_expired = True

    def _new_task(self, name: str, task_id: str, model: str, body: dict[str, Any]) -> Task:
        with self.lock:
            outcome = self.outcomes.popleft() if self.outcomes else Outcome()
            task = Task(task_id, name, model, body, self.clock(), self.render_s, outcome)
            task.number = self.next_task_number()
            self.tasks[task_id] = task
            return task

    def _video_response(self, task: Task) -> Response:
        return self.clip_response(task.number)

    def _invalid(self, message: str) -> Response:
        return google_error(400, message, "INVALID_ARGUMENT")

    @staticmethod
    def _json(request: Request) -> dict[str, Any]:
        try:
            body = request.json()
        except ValueError:
            raise Invalid("Invalid JSON payload received.") from None
        check(isinstance(body, dict), "Invalid JSON payload received. Expected an object.")
        return body

    def _check_image(self, image: Any, where: str) -> None:
        check(isinstance(image, dict), f"{where} must be an object")
        check(
            set(image) == {"bytesBase64Encoded", "mimeType"},
            f"{where} must have bytesBase64Encoded and mimeType (got {sorted(image)})",
        )
        check_b64(image["bytesBase64Encoded"], f"{where}.bytesBase64Encoded")
        check(image["mimeType"] in IMAGE_MIMES, f"{where}.mimeType must be image/png or jpeg")

    def _check_veo_body(
        self, body: dict[str, Any], model: str, spec: tuple[Any, ...], extra: frozenset[str]
    ) -> None:
        """Validate a ``:predictLongRunning`` body (shared rules; ``extra`` parameters)."""
        durations, resolutions, last_frame, references = spec
        check(set(body) <= {"instances", "parameters", "webhookConfig"}, "unknown top field")
        instances = body.get("instances")
        check(isinstance(instances, list) and len(instances) == 1, "instances: exactly one")
        instance = instances[0]
        check(isinstance(instance, dict), "instances[0] must be an object")
        allowed = {"prompt", "image", "lastFrame", "referenceImages", "video"}
        unknown = set(instance) - allowed
        check(not unknown, f"Unknown name {sorted(unknown)} at 'instances[0]'")
        prompt = instance.get("prompt")
        check(isinstance(prompt, str) and prompt.strip() != "", "instances[0].prompt is empty")
        if "image" in instance:
            self._check_image(instance["image"], "image")
        if "lastFrame" in instance:
            check(last_frame, f"lastFrame isn't supported by {model}")
            check("image" in instance, "lastFrame needs image (the first frame)")
            self._check_image(instance["lastFrame"], "lastFrame")
        if "referenceImages" in instance:
            refs = instance["referenceImages"]
            check(isinstance(refs, list) and 0 < len(refs) <= references, "referenceImages")
            for ref in refs:
                check(isinstance(ref, dict) and ref.get("referenceType") == "ASSET", "ASSET")
                self._check_image(ref.get("image"), "referenceImages[].image")
        params = body.get("parameters")
        check(isinstance(params, dict), "parameters must be an object")
        known = {
            "sampleCount",
            "durationSeconds",
            "aspectRatio",
            "resolution",
            "negativePrompt",
            "personGeneration",
            "enhancePrompt",
        } | extra
        for key in params:
            check(
                key in known,
                f"`{key}` isn't supported by this model. Please remove it or refer to the "
                "documentation for supported usage.",
            )
        count = params.get("sampleCount", 1)
        check(is_int(count) and 1 <= count <= 4, "sampleCount must be an integer 1–4")
        seconds = params.get("durationSeconds")
        check(is_int(seconds), "Invalid value at 'parameters.durationSeconds' (TYPE_INT32)")
        check(
            seconds in durations,
            f"The number value for `durationSeconds` is out of bound: {seconds}",
        )
        check(params.get("aspectRatio") in ("16:9", "9:16"), "aspectRatio must be 16:9 or 9:16")
        if "resolution" in params:
            check(bool(resolutions), f"resolution isn't supported by {model}")
            check(params["resolution"] in resolutions, f"resolution {params['resolution']}")
            check(
                params["resolution"] == "720p" or seconds == 8,
                "1080p and 4k need durationSeconds 8",
            )
        if "negativePrompt" in params:
            check(isinstance(params["negativePrompt"], str), "negativePrompt must be text")
        if "personGeneration" in params:
            person = params["personGeneration"]
            check(person in _PERSON, f"personGeneration {person!r}")
            check(
                not (person == "allow_all" and "image" in instance),
                "allow_all is not allowed for image-to-video",
            )
        if "enhancePrompt" in params:
            check(isinstance(params["enhancePrompt"], bool), "enhancePrompt must be a bool")

    def _rai(self, task: Task) -> dict[str, Any]:
        reasons = list(task.outcome.reasons) or [
            "Your current safety settings for person generation blocked this output."
        ]
        return {"raiMediaFilteredCount": 1, "raiMediaFilteredReasons": reasons}

    def _operation(self, task: Task, result: dict[str, Any]) -> dict[str, Any]:
        """The Operation while running (``done`` absent, then false), and when done."""
        elapsed = self.elapsed(task)
        if elapsed < task.render_s / 2:
            return {"name": task.name}
        if elapsed < task.render_s:
            return {"name": task.name, "done": False}
        outcome = task.outcome
        if outcome.kind == "error":
            message = outcome.message or "Video generation failed."
            return {
                "name": task.name,
                "done": True,
                "error": {"code": outcome.code, "message": message},
            }
        return {"name": task.name, "done": True, "response": result}
