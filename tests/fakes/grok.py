"""A loopback stand-in for xAI's Grok Imagine video REST API (``providers.md`` §6).

Speaks the documented protocol: ``POST /v1/videos/generations`` answers ``{"request_id"}``;
``GET /v1/videos/{request_id}`` moves on the fake's clock from ``pending`` to ``done`` (or,
by scenario knob, to ``failed``, ``expired``, a ``done`` without a link, or a ``done`` that
moderation withheld — which reports no usage, as nothing was delivered); each video sits at
a signed-looking URL on this server. ``GET /v1/models`` serves the live check.

Bodies are checked like the service would, and stricter where that catches adapter bugs:
a field Workbench has no business sending (``seed``, ``last_frame`` …) is refused with 400,
so a wrong mapping fails a test instead of passing unnoticed. Errors use xAI's
``{"code": …, "error": …}`` envelope.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import FakeService, Request, Response

MODELS = ("grok-imagine-video", "grok-imagine-video-1.5", "grok-imagine-video-1.5-lite")
ASPECTS = frozenset({"1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"})
#: 1080p only on grok-imagine-video-1.5 ("Checked 2026-11").
RESOLUTIONS = {m: frozenset({"480p", "720p"}) for m in MODELS} | {
    "grok-imagine-video-1.5": frozenset({"480p", "720p", "1080p"})
}
ALLOWED_FIELDS = frozenset(
    {"model", "prompt", "image", "duration", "aspect_ratio", "resolution", "generate_audio"}
)
#: One tick is 1e-10 USD (xai-sdk cost.py).
TICKS_PER_USD = 10**10
USD_PER_SECOND = {
    "grok-imagine-video": 0.05,
    "grok-imagine-video-1.5": 0.08,
    "grok-imagine-video-1.5-lite": 0.02,
}
_DATA_URL = re.compile(r"data:(image/(?:png|jpeg));base64,(.+)", re.DOTALL)
_INVALID = "Client specified an invalid argument"


@dataclass
class Task:
    """One video request as the fake holds it."""

    id: str
    body: dict[str, Any]
    created_at: float
    outcome: str = "done"  # done | moderated | failed | expired | no_video | done_without_status
    code: str = ""
    message: str = ""
    number: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def duration(self) -> int:
        """Seconds asked for (xAI's default is 8)."""
        return int(self.body.get("duration", 8))

    @property
    def ticks(self) -> int:
        """What this video costs, in xAI's ticks."""
        usd = USD_PER_SECOND[self.body["model"]] * self.duration
        return round(usd * TICKS_PER_USD)


def _error(status: int, code: str, message: str, **headers: str) -> Response:
    return Response(status, {"code": code, "error": message}, headers=dict(headers))


class FakeGrok(FakeService):
    """xAI's video API on 127.0.0.1; ``base_url`` already ends in ``/v1``.

    Args:
        api_key: the one key accepted as ``Authorization: Bearer <key>``.
        render_s: clock time a request stays ``pending``.
        clock: the service's clock.
    """

    def __init__(
        self,
        api_key: str = "test-key-0000",
        render_s: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock=clock, render_s=render_s)
        self.api_key = api_key
        self._default_render_s = render_s
        self.tasks: dict[str, Task] = {}
        #: HTTP status for a wrong key: 401, or 400 as xAI's chat endpoints answer it.
        self.bad_key_status = 401
        self.retired: set[str] = set()
        self._outcomes: deque[tuple[str, str, str]] = deque()
        self.route("POST", r"/v1/videos/generations", self._create)
        self.route("GET", r"/v1/videos/(?P<rid>[^/]+)", self._status)
        self.route("GET", r"/v1/models", self._models)
        self.route("GET", r"/files/(?P<token>[0-9a-f]+)/(?P<rid>[^/]+)\.mp4", self._media)

    def reset(self) -> None:
        """Forget every request, task, scripted fault and knob (one server, many tests)."""
        super().reset()
        with self.lock:
            self.tasks.clear()
            self._outcomes.clear()
            self.retired.clear()
            self.render_s = self._default_render_s
            self.bad_key_status = 401

    # -- addresses ------------------------------------------------------------------------
    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:<port>`` (the server root, where the video files live)."""
        return FakeService.base_url.fget(self)  # type: ignore[attr-defined,no-any-return]

    @property
    def base_url(self) -> str:
        """The API root, like ``https://api.x.ai/v1``."""
        return f"{self.root_url}/v1"

    api_base = base_url

    # -- scenario knobs -------------------------------------------------------------------
    def moderate_next(self) -> None:
        """The next request ends ``done`` with ``respect_moderation: false`` and no URL."""
        self._outcomes.append(("moderated", "", ""))

    def fail_next_task(
        self, code: str = "internal_error", message: str = "Video generation failed."
    ) -> None:
        """The next request ends ``failed`` with this ``{code, message}``."""
        self._outcomes.append(("failed", code, message))

    def next_outcome(self, name: str) -> None:
        """The common outcome names: ``moderation``, ``failure``, ``no_video``, ``expired``."""
        {
            "moderation": self.moderate_next,
            "failure": self.fail_next_task,
            "no_video": lambda: self._outcomes.append(("no_video", "", "")),
            "expired": self.expire_next,
        }[name]()

    def retire(self, model: str) -> None:
        """From now on, creates for ``model`` are refused as for a model that is gone."""
        self.retired.add(model)

    def expire_next(self) -> None:
        """The next request ends ``expired``."""
        self._outcomes.append(("expired", "", ""))

    def omit_status_next(self) -> None:
        """The next request's finished answer carries ``video`` but no ``status``."""
        self._outcomes.append(("done_without_status", "", ""))

    def expire_links(self) -> None:
        """Every video URL from now on answers 403, like an expired signed link."""
        self.links_expired = True

    def serve_instead(self, data: bytes) -> None:
        """Video URLs deliver these bytes instead of the MP4."""
        self.media_override = data

    def created_bodies(self) -> list[Any]:
        """Bodies of every create call received, in order."""
        return [r.json() for r in self.calls("POST", r"/v1/videos/generations")]

    def media_calls(self) -> list[Request]:
        """Every request for a video file."""
        return self.calls("GET", r"/files/.*")

    # -- handlers -------------------------------------------------------------------------
    def _auth(self, request: Request) -> Response | None:
        header = request.header("authorization")
        if header is None:
            return _error(401, "Unauthenticated", "No API key provided.")
        if header != f"Bearer {self.api_key}":
            return _error(
                self.bad_key_status,
                _INVALID,
                "Incorrect API key provided: xa***ey. You can obtain an API key from "
                "https://console.x.ai.",
            )
        return None

    def _create(self, request: Request, _match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied is not None:
            return denied
        try:
            body = request.json()
        except ValueError:
            return _error(400, _INVALID, "The request body is not valid JSON.")
        problem = self._check_body(body)
        if problem is not None:
            return _error(400, _INVALID, problem)
        with self.lock:
            outcome, code, message = (
                self._outcomes.popleft() if self._outcomes else ("done", "", "")
            )
            task = Task(
                id=str(uuid.uuid4()),
                body=body,
                created_at=self.clock(),
                outcome=outcome,
                code=code,
                message=message,
                number=self.next_task_number(),
            )
            self.tasks[task.id] = task
        return Response(200, {"request_id": task.id})

    def _check_body(self, body: Any) -> str | None:
        """What xAI would say about a bad create body (None when it is fine)."""
        if not isinstance(body, dict):
            return "The request body must be a JSON object."
        extra = sorted(set(body) - ALLOWED_FIELDS)
        if extra:
            return f"Unrecognized field(s): {', '.join(extra)}."
        model = body.get("model")
        if not isinstance(model, str) or model not in MODELS or model in self.retired:
            return f"The model {model!r} does not exist or your team does not have access."
        prompt = body.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            return "prompt must be a non-empty string."
        duration = body.get("duration", 8)
        if isinstance(duration, bool) or not isinstance(duration, int):
            return "duration must be an integer number of seconds."
        if not 1 <= duration <= 15:
            return "duration must be between 1 and 15 seconds."
        if body.get("aspect_ratio", "16:9") not in ASPECTS:
            return f"Invalid aspect_ratio {body.get('aspect_ratio')!r}."
        if body.get("resolution", "480p") not in RESOLUTIONS[model]:
            return f"Invalid resolution {body.get('resolution')!r} for {model}."
        if "generate_audio" in body and not isinstance(body["generate_audio"], bool):
            return "generate_audio must be a boolean."
        if "image" in body:
            return self._check_image(body["image"])
        return None

    @staticmethod
    def _check_image(image: Any) -> str | None:
        if (
            not isinstance(image, dict)
            or set(image) != {"url"}
            or not isinstance(image["url"], str)
        ):
            return 'image must be an object {"url": "..."}.'
        match = _DATA_URL.fullmatch(image["url"])
        if match is None:
            return "image.url must be a base64 data URL of a PNG or JPEG image."
        try:
            data = base64.b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError):
            return "image.url holds invalid base64."
        magic = b"\x89PNG" if match.group(1) == "image/png" else b"\xff\xd8\xff"
        if not data.startswith(magic):
            return f"image.url says {match.group(1)} but the data is not that format."
        return None

    def _status(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied is not None:
            return denied
        with self.lock:
            task = self.tasks.get(match["rid"])
        if task is None:
            return _error(404, "Some requested entity was not found", "Request not found.")
        model = task.body["model"]
        if self.clock() - task.created_at < self.render_s:
            return Response(200, {"status": "pending", "model": model})
        usage = {"cost_in_usd_ticks": task.ticks}
        if task.outcome == "expired":
            return Response(200, {"status": "expired", "model": model})
        if task.outcome == "failed":
            return Response(
                200,
                {
                    "status": "failed",
                    "error": {"code": task.code, "message": task.message},
                    "model": model,
                },
            )
        video: dict[str, Any] = {
            "duration": task.duration,
            "upsampled_prompt": f"{task.body['prompt']}, cinematic lighting",
            "respect_moderation": task.outcome != "moderated",
        }
        answer: dict[str, Any] = {"status": "done", "video": video, "model": model}
        if task.outcome not in ("moderated", "no_video"):
            video["url"] = f"{self.root_url}/files/{task.token}/{task.id}.mp4"
            answer["usage"] = usage  # reported with a delivered video only
        if task.outcome == "done_without_status":
            del answer["status"]
        return Response(200, answer)

    def _models(self, request: Request, _match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied is not None:
            return denied
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "xai"} for m in MODELS]
        return Response(200, {"object": "list", "data": data})

    def _media(self, _request: Request, match: re.Match[str]) -> Response:
        with self.lock:
            task = self.tasks.get(match["rid"])
        if self.links_expired or task is None or task.token != match["token"]:
            return Response(
                403,
                "<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
                "<Message>Request has expired</Message></Error>",
                headers={"Content-Type": "application/xml"},
            )
        return self.clip_response(task.number)
