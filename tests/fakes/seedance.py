"""A loopback fake of Seedance's content-generation-task API (providers.md §3).

Speaks the documented protocol under ``/api/v3`` (point the adapter at :attr:`api_base`):

- ``POST /contents/generations/tasks`` → ``{"id": "cgt-…"}``; the body is checked the way
  the service would (field names and types, model limits) and a bad one answers 400 in
  the Ark envelope ``{"error": {"code", "message", "param", "type"}}``;
- ``GET /contents/generations/tasks/{id}`` → the task, moving on the fake's clock through
  ``queued`` → ``running`` → its scripted end (``succeeded``, ``failed``, ``cancelled``,
  ``expired``), echoing the seed used and the tokens billed (for a delivered video only);
- ``GET /contents/generations/tasks?page_size=`` → ``{"total", "items"}``;
- ``DELETE /contents/generations/tasks/{id}`` → cancels a queued task, refuses a running one,
  deletes a finished record;
- ``GET /tos/{token}/video.mp4`` → the task's own MP4 behind a signed-style URL (no auth).

A model the fake has retired (:meth:`FakeSeedance.retire`) or never heard of answers 404
``InvalidEndpointOrModel.NotFound`` in the Ark envelope.

The limits the fake enforces are its own table, not the adapter's declarations, so a
wrong mapping in the adapter fails a test instead of agreeing with itself.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import random
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import FakeService, Request, Response

PREFIX = "/api/v3"
TASKS = PREFIX + "/contents/generations/tasks"
TASK = TASKS + r"/(?P<id>[^/]+)"

_BODY_FIELDS = frozenset(
    {
        "model",
        "content",
        "callback_url",
        "return_last_frame",
        "service_tier",
        "execution_expires_after",
        "priority",
        "generate_audio",
        "draft",
        "camera_fixed",
        "watermark",
        "seed",
        "resolution",
        "ratio",
        "duration",
        "frames",
        "output_format",
        "omni_reference_task_type",
        "safety_identifier",
    }
)
_RATIOS = ("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive")
_ROLES = ("first_frame", "last_frame", "reference_image")
#: jpeg/png/webp/bmp/tiff/gif ("Checked 2026-11").
_DATA_URL = re.compile(r"data:image/(png|jpeg|webp|bmp|tiff|gif);base64,(.+)", re.DOTALL)
_LEGACY = re.compile(r"--(resolution|rs|ratio|rt|duration|dur|seed|camerafixed|cf|watermark|wm)\b")
_SIZE = {"480p": 480, "720p": 720, "1080p": 1080, "4k": 2160}


@dataclass(frozen=True)
class _Limits:
    durations: tuple[int, int]
    resolutions: tuple[str, ...]
    audio: bool
    last_frame: bool
    references: int


_V2 = _Limits((4, 15), ("480p", "720p", "1080p", "4k"), True, True, 9)
_V2_SMALL = _Limits((4, 15), ("480p", "720p"), True, True, 9)
_V25 = _Limits((4, 30), ("480p", "720p", "1080p"), True, True, 30)
_V15 = _Limits((4, 12), ("480p", "720p", "1080p"), True, True, 0)
_V10 = _Limits((3, 12), ("480p", "720p", "1080p"), False, True, 4)
_V10_FAST = _Limits((3, 12), ("480p", "720p", "1080p"), False, False, 0)

#: What the fake service serves (both regions' ids, as one fake plays either host).
MODELS: dict[str, _Limits] = {
    "dreamina-seedance-2-5-260628": _V25,
    "dreamina-seedance-2-0-260128": _V2,
    "dreamina-seedance-2-0-fast-260128": _V2_SMALL,
    "dreamina-seedance-2-0-mini": _V2_SMALL,
    "seedance-1-5-pro-251215": _V15,
    "seedance-1-0-pro-250528": _V10,
    "seedance-1-0-pro-fast-251015": _V10_FAST,
    "doubao-seedance-2-5-260628": _V25,
    "doubao-seedance-2-0-260128": _V2,
    "doubao-seedance-2-0-fast-260128": _V2_SMALL,
    "doubao-seedance-2-0-mini-260615": _V2_SMALL,
    "doubao-seedance-1-5-pro-251215": _V15,
    "doubao-seedance-1-0-pro-250528": _V10,
    "doubao-seedance-1-0-pro-fast-251015": _V10_FAST,
}

#: Scripted endings for the next tasks (see :meth:`FakeSeedance.next_outcome`).
OUTCOMES = {
    "success": ("succeeded", None),
    "moderation": (
        "failed",
        (
            "OutputVideoSensitiveContentDetected.PolicyViolation",
            "The output video may contain sensitive content.",
        ),
    ),
    "input_moderation": (
        "failed",
        (
            "InputImageSensitiveContentDetected.PrivacyInformation",
            "The input image may contain real-person information.",
        ),
    ),
    "risk_moderation": (
        "failed",
        ("OutputImageRiskDetection", "The output image may contain risky content."),
    ),
    "checker_error": (
        "failed",
        ("ContentSecurityDetectionError", "The content security check failed; retry later."),
    ),
    "audio_moderation": (
        "failed",
        (
            "OutputAudioSensitiveContentDetected.PolicyViolation",
            "The generated audio may contain copyrighted material.",
        ),
    ),
    # "Succeeded" that is really a failure: an error object and no video.
    "success_moderated": (
        "succeeded",
        ("OutputVideoSensitiveContentDetected", "The output video may contain sensitive content."),
    ),
    "success_no_video": ("succeeded", None),
    "no_video": ("succeeded", None),
    "failure": ("failed", ("InternalServiceError", "The service encountered an internal error.")),
    "failure_no_reason": ("failed", None),
    "expired": ("expired", None),
    "cancelled": ("cancelled", None),
    "hold_queued": ("queued", None),
    "hold_running": ("running", None),
}


def envelope(code: str, message: str, *, param: str = "", kind: str = "BadRequest") -> dict:
    """Ark's HTTP error body."""
    return {"error": {"code": code, "message": message, "param": param, "type": kind}}


def bad_request(code: str, message: str, param: str = "") -> Response:
    """A 400 in the Ark envelope."""
    return Response(400, envelope(code, message, param=param))


@dataclass
class FakeTask:
    """One task as the fake keeps it."""

    id: str
    body: dict[str, Any]
    outcome: str
    seed: int
    created: float
    created_unix: int
    token: str
    number: int = 0
    cancelled: bool = False
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class FakeSeedance(FakeService):
    """Seedance on 127.0.0.1. Knobs: :meth:`next_outcome`, :meth:`reject_next_create`,
    :meth:`retire`, :meth:`expire_links`, :attr:`echo_seed`, :attr:`render_s`, and the
    base's media knobs."""

    def __init__(
        self,
        api_key: str = "test-key-0000",
        render_s: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock=clock, render_s=render_s)
        self.api_key = api_key
        self.tasks: dict[str, FakeTask] = {}
        self.outcomes: deque[str] = deque()
        self.retired: set[str] = set()
        #: fields merged into every task view (odd shapes for parser tests)
        self.extra_fields: dict[str, Any] = {}
        #: report this seed as the one used (a service that picked its own), else the sent one
        self.echo_seed: int | None = None
        self._ids = itertools.count(1)
        self._rng = random.Random(11)
        self._guard = threading.Lock()
        self.route("POST", TASKS, self._create)
        self.route("GET", TASKS, self._list)
        self.route("GET", TASK, self._get)
        self.route("DELETE", TASK, self._delete)
        self.route("GET", r"/tos/(?P<token>[^/]+)/video\.mp4", self._video)

    # -- knobs ----------------------------------------------------------------------------
    @property
    def api_base(self) -> str:
        """What the adapter's base URL should be (``…/api/v3``)."""
        return self.base_url + PREFIX

    def next_outcome(self, *outcomes: str) -> None:
        """Script how the next tasks end (names from :data:`OUTCOMES`)."""
        for name in outcomes:
            if name not in OUTCOMES:
                raise ValueError(f"unknown outcome {name!r}")
        self.outcomes.extend(outcomes)

    def retire(self, model: str) -> None:
        """From now on, creates for ``model`` answer 404 as for a model that is gone."""
        self.retired.add(model)

    def reject_next_create(self, code: str, message: str, status: int = 400) -> None:
        """Answer the next create with an HTTP error in the Ark envelope."""
        self.fail_next("POST", TASKS, Response(status, envelope(code, message)))

    def expire_links(self) -> None:
        """Every result URL now answers 403, as a link older than 24 h does."""
        self.links_expired = True

    def reset(self) -> None:
        """A fresh service: no tasks, outcomes, retirements or faults."""
        super().reset()
        with self.lock:
            self.tasks.clear()
            self.outcomes.clear()
            self.retired.clear()
            self.extra_fields = {}
            self.echo_seed = None

    def created_bodies(self) -> list[dict[str, Any]]:
        """Bodies of the creates that made a task, oldest first."""
        with self.lock:
            return [t.body for t in self.tasks.values()]

    def task_status(self, task_id: str) -> str:
        """The status the fake would report for a task now."""
        return self._status(self.tasks[task_id])

    # -- handlers -------------------------------------------------------------------------
    def _unauthorised(self, request: Request) -> Response | None:
        if request.header("authorization") != f"Bearer {self.api_key}":
            return Response(
                401,
                envelope(
                    "AuthenticationError",
                    "The API key in the request is missing or invalid.",
                    kind="Unauthorized",
                ),
            )
        return None

    def _create(self, request: Request, _match: re.Match[str]) -> Response:
        denied = self._unauthorised(request)
        if denied:
            return denied
        try:
            body = request.json()
        except ValueError:
            return bad_request("InvalidParameter", "The request body is not valid JSON.")
        problem = self._check(body)
        if problem is not None:
            return problem
        seed = body.get("seed", -1)
        if seed == -1:
            seed = self._rng.randint(0, 2**31 - 1)
        with self._guard:
            number = next(self._ids)
        outcome = self.outcomes.popleft() if self.outcomes else "success"
        task = FakeTask(
            id=f"cgt-20261123{number:06d}-{secrets.token_hex(2)}",
            body=body,
            outcome=outcome,
            seed=seed,
            created=self.clock(),
            created_unix=int(time.time()),
            token=secrets.token_urlsafe(12),
            number=self.next_task_number(),
        )
        with self.lock:
            self.tasks[task.id] = task
        return Response(200, {"id": task.id})

    def _check(self, body: Any) -> Response | None:
        """The service's own validation of a create body."""
        if not isinstance(body, dict):
            return bad_request("InvalidParameter", "The request body must be an object.")
        unknown = sorted(set(body) - _BODY_FIELDS)
        if unknown:
            return bad_request(
                "InvalidParameter", f"The parameter `{unknown[0]}` is not supported.", unknown[0]
            )
        model = body.get("model")
        limits = MODELS.get(model) if isinstance(model, str) else None
        if limits is None or model in self.retired:
            return Response(
                404,
                envelope(
                    "InvalidEndpointOrModel.NotFound",
                    f"The model or endpoint {model} does not exist or you do not have access.",
                    kind="NotFound",
                ),
            )
        content = body.get("content")
        if not isinstance(content, list) or not content:
            return bad_request(
                "MissingParameter", "The parameter `content` is required.", "content"
            )
        roles: list[str] = []
        texts: list[str] = []
        for item in content:
            if not isinstance(item, dict) or item.get("type") not in ("text", "image_url"):
                return bad_request("InvalidParameter", "Unsupported content item.", "content")
            if item["type"] == "text":
                if not isinstance(item.get("text"), str) or not item["text"].strip():
                    return bad_request("InvalidParameter", "The text is empty.", "content.text")
                texts.append(item["text"])
                continue
            url = (
                item.get("image_url", {}).get("url")
                if isinstance(item.get("image_url"), dict)
                else None
            )
            role = item.get("role")
            if role not in _ROLES:
                return bad_request("InvalidParameter", f"Invalid role {role!r}.", "content.role")
            problem = _check_image_url(url)
            if problem is not None:
                return problem
            roles.append(role)
        if len(texts) != 1:
            return bad_request("InvalidParameter", "Exactly one text item is expected.", "content")
        if _LEGACY.search(texts[0]) and any(k in body for k in ("duration", "ratio", "resolution")):
            return bad_request(
                "InvalidParameter",
                "Parameters were given both as text commands and as fields.",
                "content.text",
            )
        if roles.count("first_frame") > 1 or roles.count("last_frame") > 1:
            return bad_request("InvalidParameter", "Too many frames.", "content.role")
        if "last_frame" in roles and ("first_frame" not in roles or not limits.last_frame):
            return bad_request("InvalidParameter", "last_frame is not supported here.", "content")
        refs = roles.count("reference_image")
        if refs > limits.references or (refs and "first_frame" in roles):
            return bad_request("InvalidParameter", "Invalid reference images.", "content.role")
        duration = body.get("duration")
        if duration is not None:
            low, high = limits.durations
            if type(duration) is not int or not low <= duration <= high:
                return bad_request(
                    "InvalidParameter",
                    f"The parameter `duration` specified in the request is not valid: "
                    f"{duration!r} (allowed {low}–{high}).",
                    "duration",
                )
        ratio = body.get("ratio")
        if ratio is not None and ratio not in _RATIOS:
            return bad_request("InvalidParameter", f"Invalid ratio {ratio!r}.", "ratio")
        if ratio == "adaptive" and not roles:
            return bad_request("InvalidParameter", "adaptive needs an input image.", "ratio")
        resolution = body.get("resolution")
        if resolution is not None and resolution not in limits.resolutions:
            return bad_request(
                "InvalidParameter", f"Invalid resolution {resolution!r} for {model}.", "resolution"
            )
        seed = body.get("seed")
        if seed is not None and (
            type(seed) is not int or not (seed == -1 or 0 <= seed <= 2**31 - 1)
        ):
            return bad_request("InvalidParameter", f"Invalid seed {seed!r}.", "seed")
        for flag in ("watermark", "camera_fixed", "generate_audio", "return_last_frame"):
            if flag in body and type(body[flag]) is not bool:
                return bad_request("InvalidParameter", f"`{flag}` must be a boolean.", flag)
        if "generate_audio" in body and not limits.audio:
            return bad_request(
                "InvalidParameter", f"{model} does not support generate_audio.", "generate_audio"
            )
        return None

    def _get(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._unauthorised(request)
        if denied:
            return denied
        task = self.tasks.get(match["id"])
        if task is None or task.deleted:
            return Response(
                404,
                envelope(
                    "ResourceNotFound",
                    "The specified task does not exist.",
                    param="id",
                    kind="NotFound",
                ),
            )
        return Response(200, self._view(task))

    def _list(self, request: Request, _match: re.Match[str]) -> Response:
        denied = self._unauthorised(request)
        if denied:
            return denied
        try:
            size = int(request.query.get("page_size", ["10"])[0])
        except ValueError:
            return bad_request("InvalidParameter", "page_size must be an integer.", "page_size")
        alive = [t for t in self.tasks.values() if not t.deleted]
        return Response(200, {"total": len(alive), "items": [self._view(t) for t in alive[:size]]})

    def _delete(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._unauthorised(request)
        if denied:
            return denied
        task = self.tasks.get(match["id"])
        if task is None or task.deleted:
            return Response(404, envelope("ResourceNotFound", "No such task.", kind="NotFound"))
        status = self._status(task)
        if status == "queued":
            task.cancelled = True
        elif status == "running":
            return bad_request(
                "InvalidAction.TaskRunning", "A running task cannot be cancelled or deleted."
            )
        else:
            task.deleted = True
        return Response(200, {})

    def _video(self, _request: Request, match: re.Match[str]) -> Response:
        if self.links_expired:
            return Response(
                403,
                "<?xml version='1.0'?><Error><Code>AccessDenied</Code>"
                "<Message>Request has expired</Message></Error>",
                headers={"Content-Type": "application/xml"},
            )
        task = next((t for t in self.tasks.values() if t.token == match["token"]), None)
        if task is None:
            return Response(404, "<Error><Code>NoSuchKey</Code></Error>")
        return self.clip_response(task.number)

    # -- task view ------------------------------------------------------------------------
    def _status(self, task: FakeTask) -> str:
        if task.cancelled:
            return "cancelled"
        end, _error = OUTCOMES[task.outcome]
        if end in ("queued", "running"):  # held there by the scenario
            return end
        elapsed = self.clock() - task.created
        if elapsed < self.render_s * 0.3:
            return "queued"
        if end == "cancelled":
            return end
        if elapsed < self.render_s:
            return "running"
        return end

    def _view(self, task: FakeTask) -> dict[str, Any]:
        body = task.body
        status = self._status(task)
        resolution = body.get("resolution", "720p")
        duration = body.get("duration", 5)
        view: dict[str, Any] = {
            "id": task.id,
            "model": body["model"],
            "status": status,
            "created_at": task.created_unix,
            "updated_at": task.created_unix + (1 if status != "queued" else 0),
            "seed": self.echo_seed if self.echo_seed is not None else task.seed,
            "resolution": resolution,
            "ratio": body.get("ratio", "16:9"),
            "duration": duration,
            "framespersecond": 24,
            "generate_audio": body.get("generate_audio", False),
            "draft": False,
            "execution_expires_after": 172800,
            "error": None,
        }
        _end, error = OUTCOMES[task.outcome]
        if status == "succeeded":
            if error is None and task.outcome not in ("success_no_video", "no_video"):
                view["content"] = {"video_url": self.url(f"/tos/{task.token}/video.mp4")}
            else:
                view["content"] = {}
            # Usage is reported even when no video came (billing says only videos are paid).
            view["usage"] = {"completion_tokens": tokens(resolution, body.get("ratio"), duration)}
            view["usage"]["total_tokens"] = view["usage"]["completion_tokens"]
        if status in ("succeeded", "failed") and error is not None:
            view["error"] = {"code": error[0], "message": error[1]}
        view.update(self.extra_fields)
        return view


def tokens(resolution: str, ratio: str | None, duration: int) -> int:
    """Tokens billed for a clip: width × height × 24 fps × seconds / 1024."""
    short = _SIZE.get(resolution, 720)
    if ratio in (None, "adaptive"):
        ratio = "16:9"
    w, h = (int(x) for x in ratio.split(":"))
    long_side = round(short * max(w, h) / min(w, h) / 2) * 2
    return int(short * long_side * 24 * duration / 1024)


def _check_image_url(url: Any) -> Response | None:
    if not isinstance(url, str):
        return bad_request("InvalidParameter", "image_url.url is required.", "content.image_url")
    if url.startswith(("https://", "asset://")):
        return None
    match = _DATA_URL.fullmatch(url)
    if match is None:
        return bad_request(
            "InvalidParameter",
            "image_url.url must be a URL or a data:image/<format>;base64 string.",
            "content.image_url",
        )
    try:
        data = base64.b64decode(match.group(2), validate=True)
    except (binascii.Error, ValueError):
        return bad_request(
            "InvalidParameter", "The image is not valid base64.", "content.image_url"
        )
    magic = {
        "png": (b"\x89PNG",),
        "jpeg": (b"\xff\xd8\xff",),
        "webp": (b"RIFF",),
        "bmp": (b"BM",),
        "tiff": (b"II*\x00", b"MM\x00*"),
        "gif": (b"GIF8",),
    }[match.group(1)]
    if not data.startswith(magic):
        return bad_request(
            "InvalidImage",
            "The image data does not match its declared format.",
            "content.image_url",
        )
    return None
