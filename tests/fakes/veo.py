"""Loopback fakes of Google's video APIs: the Gemini API (Veo + Omni) and Vertex AI (Veo).

They speak the shapes in providers.md §2: Google's error envelope
``{"error": {"code", "message", "status", "details"?}}``, long-running Operations that turn
``done`` after ``render_s`` seconds of wall time, Interactions that go ``queued →
in_progress → completed``, and real MP4 bytes from :func:`clip_bytes`. Bodies are checked
like the service would (400 ``INVALID_ARGUMENT`` for a bad field), so a wrong mapping in
the adapter fails a test.

Scenario knobs act on the *next* created task (:meth:`_GoogleFake.next_outcome`) or on the
whole fake (``video_bytes``, ``truncate_downloads``, :meth:`expire_links`,
:meth:`FakeGeminiApi.retire_veo`).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import socket
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tests.fakes.clips import clip_bytes, png_bytes
from tests.fakes.server import FakeService, Request, Response
from workbench.domain.spec import DrawRequest, GenerationSpec, ImageInput

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
    "veo-3.1-lite-generate-001": ((4, 6, 8), ("720p", "1080p"), True, 0),
    "veo-3.0-generate-001": ((4, 6, 8), ("720p", "1080p"), False, 0),
    "veo-3.0-fast-generate-001": ((4, 6, 8), ("720p", "1080p"), False, 0),
    "veo-2.0-generate-001": ((5, 6, 7, 8), (), False, 0),
}
OMNI = ("gemini-omni-1.1-flash", "gemini-omni-1.2-flash", "gemini-omni-flash-preview")
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
_IMAGE_MIMES = ("image/png", "image/jpeg")
_PERSON = ("allow_all", "allow_adult", "dont_allow")
_RPC_STATUS = {
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


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise Invalid(message)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_b64(text: Any, where: str) -> None:
    _check(isinstance(text, str) and bool(text), f"{where} must be base64 text")
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid(f"{where} is not valid base64") from None


@dataclass
class Outcome:
    """How the next task ends (and which statuses it passes through)."""

    kind: str = "video"  # video | inline | gcs | moderation | error | empty | <omni status>
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
    canceled: bool = False
    file_id: str = field(default_factory=lambda: secrets.token_hex(6))

    def elapsed(self) -> float:
        return time.monotonic() - self.created


class _GoogleFake(FakeService):
    """Task store, clip serving and scenario knobs both Google fakes share."""

    prefix = ""

    def __init__(self, render_s: float = 0.2) -> None:
        super().__init__()
        self.render_s = render_s
        self.tasks: dict[str, Task] = {}
        self.outcomes: deque[Outcome] = deque()
        self.video_bytes: bytes = clip_bytes()
        self.truncate_downloads = False
        self.links_expired = False

    def start(self) -> _GoogleFake:
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
        with self.lock:
            self.requests.clear()
            self.faults.clear()
            self.holds.clear()
            self.tasks.clear()
            self.outcomes.clear()
            self.video_bytes = clip_bytes()
            self.truncate_downloads = False
            self.links_expired = False

    def next_outcome(self, kind: str, **kw: Any) -> None:
        """Make the next created task end this way (see :class:`Outcome`)."""
        with self.lock:
            self.outcomes.append(Outcome(kind, **kw))

    def expire_links(self) -> None:
        """Every result download from now on answers as if the file were gone."""
        self.links_expired = True

    def _new_task(self, name: str, task_id: str, model: str, body: dict[str, Any]) -> Task:
        with self.lock:
            outcome = self.outcomes.popleft() if self.outcomes else Outcome()
            task = Task(task_id, name, model, body, time.monotonic(), self.render_s, outcome)
            self.tasks[task_id] = task
            return task

    def _video_response(self, task: Task) -> Response:
        data = self.video_bytes
        if self.truncate_downloads:
            return Response(
                200,
                data,
                headers={"Content-Type": "video/mp4"},
                truncate_to=max(1, len(data) // 3),
            )
        return Response(200, data, headers={"Content-Type": "video/mp4"})

    def _invalid(self, message: str) -> Response:
        return google_error(400, message, "INVALID_ARGUMENT")

    @staticmethod
    def _json(request: Request) -> dict[str, Any]:
        try:
            body = request.json()
        except ValueError:
            raise Invalid("Invalid JSON payload received.") from None
        _check(isinstance(body, dict), "Invalid JSON payload received. Expected an object.")
        return body

    def _check_image(self, image: Any, where: str) -> None:
        _check(isinstance(image, dict), f"{where} must be an object")
        _check(
            set(image) == {"bytesBase64Encoded", "mimeType"},
            f"{where} must have bytesBase64Encoded and mimeType (got {sorted(image)})",
        )
        _check_b64(image["bytesBase64Encoded"], f"{where}.bytesBase64Encoded")
        _check(image["mimeType"] in _IMAGE_MIMES, f"{where}.mimeType must be image/png or jpeg")

    def _check_veo_body(
        self, body: dict[str, Any], model: str, spec: tuple[Any, ...], extra: frozenset[str]
    ) -> None:
        """Validate a ``:predictLongRunning`` body (shared rules; ``extra`` parameters)."""
        durations, resolutions, last_frame, references = spec
        _check(set(body) <= {"instances", "parameters", "webhookConfig"}, "unknown top field")
        instances = body.get("instances")
        _check(isinstance(instances, list) and len(instances) == 1, "instances: exactly one")
        instance = instances[0]
        _check(isinstance(instance, dict), "instances[0] must be an object")
        allowed = {"prompt", "image", "lastFrame", "referenceImages", "video"}
        unknown = set(instance) - allowed
        _check(not unknown, f"Unknown name {sorted(unknown)} at 'instances[0]'")
        prompt = instance.get("prompt")
        _check(isinstance(prompt, str) and prompt.strip() != "", "instances[0].prompt is empty")
        if "image" in instance:
            self._check_image(instance["image"], "image")
        if "lastFrame" in instance:
            _check(last_frame, f"lastFrame isn't supported by {model}")
            _check("image" in instance, "lastFrame needs image (the first frame)")
            self._check_image(instance["lastFrame"], "lastFrame")
        if "referenceImages" in instance:
            refs = instance["referenceImages"]
            _check(isinstance(refs, list) and 0 < len(refs) <= references, "referenceImages")
            for ref in refs:
                _check(isinstance(ref, dict) and ref.get("referenceType") == "ASSET", "ASSET")
                self._check_image(ref.get("image"), "referenceImages[].image")
        params = body.get("parameters")
        _check(isinstance(params, dict), "parameters must be an object")
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
            _check(
                key in known,
                f"`{key}` isn't supported by this model. Please remove it or refer to the "
                "documentation for supported usage.",
            )
        count = params.get("sampleCount", 1)
        _check(_is_int(count) and 1 <= count <= 4, "sampleCount must be an integer 1–4")
        seconds = params.get("durationSeconds")
        _check(_is_int(seconds), "Invalid value at 'parameters.durationSeconds' (TYPE_INT32)")
        _check(
            seconds in durations,
            f"The number value for `durationSeconds` is out of bound: {seconds}",
        )
        _check(params.get("aspectRatio") in ("16:9", "9:16"), "aspectRatio must be 16:9 or 9:16")
        if "resolution" in params:
            _check(bool(resolutions), f"resolution isn't supported by {model}")
            _check(params["resolution"] in resolutions, f"resolution {params['resolution']}")
            _check(
                params["resolution"] == "720p" or seconds == 8,
                "1080p and 4k need durationSeconds 8",
            )
        if "negativePrompt" in params:
            _check(isinstance(params["negativePrompt"], str), "negativePrompt must be text")
        if "personGeneration" in params:
            person = params["personGeneration"]
            _check(person in _PERSON, f"personGeneration {person!r}")
            _check(
                not (person == "allow_all" and "image" in instance),
                "allow_all is not allowed for image-to-video",
            )
        if "enhancePrompt" in params:
            _check(isinstance(params["enhancePrompt"], bool), "enhancePrompt must be a bool")

    def _rai(self, task: Task) -> dict[str, Any]:
        reasons = list(task.outcome.reasons) or [
            "Your current safety settings for person generation blocked this output."
        ]
        return {"raiMediaFilteredCount": 1, "raiMediaFilteredReasons": reasons}

    def _operation(self, task: Task, result: dict[str, Any]) -> dict[str, Any]:
        """The Operation while running (``done`` absent, then false), and when done."""
        elapsed = task.elapsed()
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


class FakeGeminiApi(_GoogleFake):
    """``generativelanguage.googleapis.com/v1beta``: Veo operations, Files, Interactions."""

    prefix = "/v1beta"

    def __init__(self, key: str = "test-key-0000", render_s: float = 0.2) -> None:
        super().__init__(render_s)
        self.key = key
        self.retired: Response | None = None
        p = self.prefix
        self.route("POST", rf"{p}/models/(?P<model>[^/:]+):predictLongRunning", self._create)
        self.route("GET", rf"{p}/models/(?P<model>[^/:]+)/operations/(?P<op>[^/]+)", self._op)
        self.route("GET", rf"{p}/files/(?P<file>[^/:]+):download", self._download)
        self.route("GET", r"/signed/(?P<file>[^/]+)", self._signed)
        self.route("GET", rf"{p}/models", self._models)
        self.route("POST", rf"{p}/interactions", self._interact)
        self.route("GET", rf"{p}/interactions/(?P<id>[^/]+)", self._interaction)
        self.route("POST", rf"{p}/interactions/(?P<id>[^/]+)/cancel", self._cancel)

    # -- knobs ----------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to a fresh service that still offers Veo."""
        super().reset()
        self.retired = None

    def retire_veo(self, status: int = 400) -> None:
        """From now on, Veo creates answer like a Gemini API that dropped Veo for API keys."""
        if status == 404:
            self.retired = google_error(
                404,
                "models/veo-3.1-generate-preview is not found for API version v1beta, or is "
                "not supported for predictLongRunning.",
                "NOT_FOUND",
            )
        else:
            self.retired = google_error(
                400,
                "This method is only supported in Gemini Enterprise Agent Platform mode.",
                "FAILED_PRECONDITION",
            )

    # -- auth ------------------------------------------------------------------------------
    def _auth(self, request: Request) -> Response | None:
        given = request.header("x-goog-api-key") or (request.query.get("key") or [None])[0]
        if not given:
            return google_error(
                403,
                "Method doesn't allow unregistered callers (callers without established "
                "identity). Please use API Key or other form of API consumer identity.",
                "PERMISSION_DENIED",
            )
        if given != self.key:
            # The Gemini API answers a wrong key with 400, not 401.
            return google_error(
                400,
                "API key not valid. Please pass a valid API key.",
                "INVALID_ARGUMENT",
                reason="API_KEY_INVALID",
            )
        return None

    # -- Veo -------------------------------------------------------------------------------
    def _create(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        model = match["model"]
        if self.retired is not None:
            return self.retired
        if model not in GEMINI_VEO:
            return google_error(
                404, f"models/{model} is not found for API version v1beta", "NOT_FOUND"
            )
        try:
            body = self._json(request)
            self._check_veo_body(body, model, GEMINI_VEO[model], frozenset())
        except Invalid as exc:
            return self._invalid(str(exc))
        op = secrets.token_hex(8)
        name = f"models/{model}/operations/{op}"
        self._new_task(name, op, model, body)
        return Response(200, {"name": name})

    def _op(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        task = self.tasks.get(match["op"])
        if task is None or task.model != match["model"]:
            return google_error(404, "Operation not found", "NOT_FOUND")
        return Response(200, self._operation(task, self._veo_result(task)))

    def _veo_result(self, task: Task) -> dict[str, Any]:
        kind = task.outcome.kind
        if kind == "moderation":
            samples: dict[str, Any] = self._rai(task)
        elif kind == "empty":
            samples = {}
        elif kind == "inline":
            encoded = base64.b64encode(self.video_bytes).decode()
            samples = {
                "generatedSamples": [{"video": {"encodedVideo": encoded, "encoding": "video/mp4"}}]
            }
        else:
            uri = f"{self.api_base}/files/{task.file_id}:download?alt=media"
            samples = {"generatedSamples": [{"video": {"uri": uri}}]}
        return {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta."
            "PredictLongRunningResponse",
            "generateVideoResponse": samples,
        }

    # -- Files -----------------------------------------------------------------------------
    def _file_task(self, file_id: str) -> Task | None:
        return next((t for t in self.tasks.values() if t.file_id == file_id), None)

    def _download(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        if request.query.get("alt") != ["media"]:
            return self._invalid("files download needs alt=media")
        task = self._file_task(match["file"])
        if task is None or self.links_expired:
            return google_error(404, f"File {match['file']} not found.", "NOT_FOUND")
        token = secrets.token_urlsafe(12)
        # Real Google redirects to a signed URL; it stays on this host because HttpClient
        # sends auth headers only to the base URL's host.
        return Response(302, b"", headers={"Location": f"/signed/{task.file_id}?token={token}"})

    def _signed(self, request: Request, match: re.Match[str]) -> Response:
        task = self._file_task(match["file"])
        if task is None or not request.query.get("token"):
            return Response(403, "<Error><Code>AccessDenied</Code></Error>")
        if self.links_expired:
            return Response(403, "<Error><Code>ExpiredToken</Code></Error>")
        return self._video_response(task)

    def _models(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        size = int((request.query.get("pageSize") or ["50"])[0])
        names = [*GEMINI_VEO, *OMNI][:size]
        return Response(
            200,
            {"models": [{"name": f"models/{n}"} for n in names], "nextPageToken": "next"},
        )

    # -- Interactions (Gemini Omni) --------------------------------------------------------
    def _check_interaction(self, body: dict[str, Any]) -> None:
        allowed = {
            "model",
            "input",
            "response_modalities",
            "response_format",
            "generation_config",
            "background",
            "store",
            "previous_interaction_id",
            "webhook_config",
        }
        unknown = set(body) - allowed
        _check(not unknown, f"Unknown name {sorted(unknown)}")
        raw = body.get("input")
        has_image = False
        if isinstance(raw, str):
            _check(raw.strip() != "", "input is empty")
        else:
            _check(isinstance(raw, list) and bool(raw), "input must be text or content blocks")
            for block in raw:
                _check(isinstance(block, dict), "content blocks must be objects")
                if block.get("type") == "text":
                    _check(isinstance(block.get("text"), str), "text block needs text")
                elif block.get("type") == "image":
                    _check_b64(block.get("data"), "image.data")
                    _check(block.get("mime_type") in _IMAGE_MIMES, "image.mime_type")
                    has_image = True
                else:
                    raise Invalid(f"content block type {block.get('type')!r}")
        _check(body.get("response_modalities") == ["video"], "response_modalities")
        fmt = body.get("response_format")
        _check(isinstance(fmt, dict) and fmt.get("type") == "video", "response_format.type")
        assert isinstance(fmt, dict)
        _check(fmt.get("aspect_ratio") in ("16:9", "9:16"), "aspect_ratio")
        _check(fmt.get("resolution") in ("360p", "720p", "1080p", "4k"), "resolution")
        duration = fmt.get("duration")
        _check(
            isinstance(duration, str) and re.fullmatch(r"[468]s", duration) is not None,
            f'duration {duration!r} must be like "8s"',
        )
        _check(fmt.get("delivery", "inline") in ("inline", "uri"), "delivery")
        config = body.get("generation_config", {})
        _check(isinstance(config, dict), "generation_config")
        if "seed" in config:
            seed = config["seed"]
            _check(_is_int(seed) and 0 <= seed <= 2**31 - 1, "seed must be an int32")
        task = (config.get("video_config") or {}).get("task")
        wanted = "image_to_video" if has_image else "text_to_video"
        _check(task == wanted, f"video_config.task {task!r} does not match the input")
        _check(body.get("background") is True, "video generation needs background: true")

    def _interact(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        try:
            body = self._json(request)
        except Invalid as exc:
            return self._invalid(str(exc))
        model = body.get("model")
        if model not in OMNI:
            return google_error(404, f"models/{model} is not found", "NOT_FOUND")
        try:
            self._check_interaction(body)
        except Invalid as exc:
            return self._invalid(str(exc))
        task_id = "v1_" + secrets.token_hex(10)
        task = self._new_task(task_id, task_id, str(model), body)
        return Response(200, self._interaction_json(task))

    def _omni_status(self, task: Task) -> str:
        if task.canceled:
            return "cancelled"
        elapsed = task.elapsed()
        if elapsed < task.render_s / 4:
            return "queued"
        if elapsed < task.render_s:
            return "in_progress"
        kind = task.outcome.kind
        return kind if kind in OMNI_STATUSES else "completed"

    def _interaction_json(self, task: Task) -> dict[str, Any]:
        status = self._omni_status(task)
        body: dict[str, Any] = {
            "id": task.id,
            "model": task.model,
            "status": status,
            "created": "2026-11-23T10:00:00Z",
            "generation_config": task.body.get("generation_config", {}),
        }
        kind = task.outcome.kind
        if status in ("failed", "incomplete", "budget_exceeded", "requires_action"):
            code = task.outcome.code
            body["errors"] = [
                {
                    "code": _RPC_STATUS.get(code, str(code)),
                    "message": task.outcome.message or f"the interaction ended: {status}",
                }
            ]
        if status == "completed":
            if kind == "empty":
                body["output_text"] = task.outcome.message or (
                    "I can't generate that video because it may violate our safety policies."
                )
            elif kind == "uri" or task.body["response_format"].get("delivery") == "uri":
                body["output_video"] = {"uri": f"files/{task.file_id}", "mime_type": "video/mp4"}
            else:
                body["output_video"] = {
                    "data": base64.b64encode(self.video_bytes).decode(),
                    "mime_type": "video/mp4",
                }
        return body

    def _interaction(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        task = self.tasks.get(match["id"])
        if task is None:
            return google_error(404, "Interaction not found.", "NOT_FOUND")
        return Response(200, self._interaction_json(task))

    def _cancel(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        task = self.tasks.get(match["id"])
        if task is None:
            return google_error(404, "Interaction not found.", "NOT_FOUND")
        if self._omni_status(task) in ("queued", "in_progress"):
            task.canceled = True
        return Response(200, self._interaction_json(task))


class FakeVertex(_GoogleFake):
    """``{location}-aiplatform.googleapis.com/v1`` Veo plus the GCS JSON API for gs:// results."""

    prefix = "/v1"

    def __init__(
        self,
        token: str = "ya29.test-token",
        project: str = "my-project",
        location: str = "us-central1",
        render_s: float = 0.2,
    ) -> None:
        super().__init__(render_s)
        self.token = token
        self.project = project
        self.location = location
        self.bucket = "veo-out"
        models = r"/v1/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)/publishers/google/models/"
        self.route("POST", models + r"(?P<m>[^/:]+):predictLongRunning", self._create)
        self.route("POST", models + r"(?P<m>[^/:]+):fetchPredictOperation", self._fetch)
        self.route("GET", r"/v1/publishers/google/models/(?P<m>[^/]+)", self._publisher_model)
        self.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/o/(?P<o>[^/]+)", self._gcs)

    def _auth(self, request: Request) -> Response | None:
        if request.header("authorization") != f"Bearer {self.token}":
            return google_error(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential.",
                "UNAUTHENTICATED",
                reason="ACCESS_TOKEN_TYPE_UNSUPPORTED",
            )
        return None

    def _where(self, match: re.Match[str]) -> Response | None:
        if match["p"] != self.project:
            return google_error(
                403,
                f"Permission 'aiplatform.endpoints.predict' denied on resource project "
                f"{match['p']} (or it may not exist).",
                "PERMISSION_DENIED",
            )
        if match["l"] != self.location:
            return google_error(
                400, f"Location {match['l']} is not served here", "INVALID_ARGUMENT"
            )
        return None

    def _create(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request) or self._where(match)
        if denied:
            return denied
        model = match["m"]
        if model not in VERTEX_VEO:
            return google_error(
                404,
                f"Publisher Model `projects/{self.project}/locations/{self.location}/"
                f"publishers/google/models/{model}` not found.",
                "NOT_FOUND",
            )
        try:
            body = self._json(request)
            extra = frozenset({"seed", "generateAudio", "storageUri", "fps", "compressionQuality"})
            self._check_veo_body(body, model, VERTEX_VEO[model], extra)
            params = body["parameters"]
            if "seed" in params:
                seed = params["seed"]
                _check(_is_int(seed) and 0 <= seed <= 2**32 - 1, "seed must be a uint32")
            if model.startswith("veo-3"):
                # Vertex insists on the switch for Veo 3.x.
                _check(isinstance(params.get("generateAudio"), bool), "generateAudio is required")
            else:
                _check("generateAudio" not in params, f"generateAudio isn't supported by {model}")
            if "storageUri" in params:
                _check(str(params["storageUri"]).startswith("gs://"), "storageUri must be gs://")
        except Invalid as exc:
            return self._invalid(str(exc))
        op = secrets.token_hex(8)
        name = (
            f"projects/{self.project}/locations/{self.location}/publishers/google/models/"
            f"{model}/operations/{op}"
        )
        self._new_task(name, op, model, body)
        return Response(200, {"name": name})

    def _fetch(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request) or self._where(match)
        if denied:
            return denied
        try:
            body = self._json(request)
        except Invalid as exc:
            return self._invalid(str(exc))
        name = body.get("operationName")
        if not isinstance(name, str) or set(body) != {"operationName"}:
            return self._invalid("operationName is required")
        task = next((t for t in self.tasks.values() if t.name == name), None)
        if task is None or task.model != match["m"]:
            return google_error(404, f"Operation {name} not found.", "NOT_FOUND")
        return Response(200, self._operation(task, self._veo_result(task)))

    def _veo_result(self, task: Task) -> dict[str, Any]:
        kind = task.outcome.kind
        result: dict[str, Any] = {
            "@type": "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse"
        }
        if kind == "moderation":
            result |= self._rai(task)
        elif kind == "empty":
            result |= {"raiMediaFilteredCount": 0}
        elif kind == "gcs" or "storageUri" in task.body["parameters"]:
            uri = f"gs://{self.bucket}/{task.id}/sample_0.mp4"
            result |= {"videos": [{"gcsUri": uri, "mimeType": "video/mp4"}]}
        else:
            encoded = base64.b64encode(self.video_bytes).decode()
            result |= {"videos": [{"bytesBase64Encoded": encoded, "mimeType": "video/mp4"}]}
        return result

    def _publisher_model(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        if match["m"] not in VERTEX_VEO:
            return google_error(404, f"Publisher model {match['m']} not found.", "NOT_FOUND")
        return Response(
            200,
            {
                "name": f"publishers/google/models/{match['m']}",
                "versionId": "001",
                "launchStage": "GA",
            },
        )

    def _gcs(self, request: Request, match: re.Match[str]) -> Response:
        if request.header("authorization") != f"Bearer {self.token}":
            return Response(
                401,
                {
                    "error": {
                        "code": 401,
                        "message": "Anonymous caller does not have storage.objects.get access.",
                    }
                },
            )
        if request.query.get("alt") != ["media"]:
            return Response(200, {"kind": "storage#object", "name": match["o"]})
        task_id = unquote(match["o"]).split("/")[0]
        task = self.tasks.get(task_id)
        if match["b"] != self.bucket or task is None or self.links_expired:
            return Response(404, {"error": {"code": 404, "message": "No such object."}})
        return self._video_response(task)


# -- conveniences for the Veo tests --------------------------------------------------------------
def image_input(path: Path, width: int = 640, height: int = 360, fmt: str = "png") -> ImageInput:
    """Write a real PNG and describe it the way the engine's probe would."""
    data = png_bytes(width, height)
    path.write_bytes(data)
    return ImageInput(path=str(path), format=fmt, width=width, height=height, bytes=len(data))


def draw(model: str, seed: int | None = None, **spec: Any) -> DrawRequest:
    """A draw with the spec resolved for ``model`` (as the planner hands it to adapters)."""
    from workbench.providers.veo import INFO

    caps = INFO.model(model)
    assert caps is not None, model
    resolved = caps.resolve(GenerationSpec(prompt=spec.pop("prompt", "a red fox in snow"), **spec))
    return DrawRequest(spec=resolved, model=model, seed=seed, client_ref="wb-test")
