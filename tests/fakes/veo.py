"""Loopback fakes of Google's video APIs: the Gemini API (Veo + Omni) and Vertex AI (Veo).

They speak the shapes in providers.md §2: Google's error envelope
``{"error": {"code", "message", "status", "details"?}}``, long-running Operations that turn
``done`` after ``render_s`` seconds on the fake's clock, Interactions that go ``queued →
in_progress → completed``, and each task's own MP4. Bodies are checked like the service
would (400 ``INVALID_ARGUMENT`` for a bad field), so a wrong mapping in the adapter fails a
test.

As of "Checked 2026-11" the Gemini API no longer serves Veo: a Veo create answers 404
"… is no longer available" (so does the retired ``gemini-omni-flash-preview``), while
operations made before still answer. ``serve_retired_veo = True`` plays the service as it
was before the shutdown, for following old draws.

Scenario knobs act on the *next* created task (:meth:`GoogleFake.next_outcome`) or on the
whole fake (the base's media knobs, :meth:`expire_links`, :meth:`retire`,
:meth:`FakeGeminiApi.retire_veo`).
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from tests.fakes.google import (
    GEMINI_VEO,
    IMAGE_MIMES,
    OMNI,
    OMNI_STATUSES,
    RETIRED_GEMINI,
    RPC_STATUS,
    GoogleFake,
    Invalid,
    Task,
    check,
    check_b64,
    google_error,
    is_int,
)
from tests.fakes.server import Request, Response

__all__ = ["FakeGeminiApi", "google_error"]


class FakeGeminiApi(GoogleFake):
    """``generativelanguage.googleapis.com/v1beta``: Veo operations, Files, Interactions."""

    prefix = "/v1beta"

    def __init__(
        self,
        key: str = "test-key-0000",
        render_s: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(render_s, clock)
        self.key = key
        self.veo_refusal: Response | None = None
        self.serve_retired_veo = False
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
        """Back to a fresh service (Veo retired, as in late 2026)."""
        super().reset()
        self.veo_refusal = None
        self.serve_retired_veo = False

    def retire_veo(self, status: int = 400) -> None:
        """From now on, Veo creates answer like a Gemini API that dropped Veo for API keys
        (the SDK's "only supported in … Platform mode" 400, or a 404), even when
        :attr:`serve_retired_veo` is set."""
        if status == 404:
            self.veo_refusal = google_error(
                404,
                "models/veo-3.1-generate-preview is not found for API version v1beta, or is "
                "not supported for predictLongRunning.",
                "NOT_FOUND",
            )
        else:
            self.veo_refusal = google_error(
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
        if self.veo_refusal is not None:
            return self.veo_refusal
        if (model in GEMINI_VEO and not self.serve_retired_veo) or model in self.retired:
            return self.gone(model, "v1beta")
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
        elif kind in ("empty", "no_video"):
            samples = {}
        elif kind == "inline":
            encoded = base64.b64encode(self.task_clip(task)).decode()
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
        check(not unknown, f"Unknown name {sorted(unknown)}")
        raw = body.get("input")
        has_image = False
        if isinstance(raw, str):
            check(raw.strip() != "", "input is empty")
        else:
            check(isinstance(raw, list) and bool(raw), "input must be text or content blocks")
            for block in raw:
                check(isinstance(block, dict), "content blocks must be objects")
                if block.get("type") == "text":
                    check(isinstance(block.get("text"), str), "text block needs text")
                elif block.get("type") == "image":
                    check_b64(block.get("data"), "image.data")
                    check(block.get("mime_type") in IMAGE_MIMES, "image.mime_type")
                    has_image = True
                else:
                    raise Invalid(f"content block type {block.get('type')!r}")
        check(body.get("response_modalities") == ["video"], "response_modalities")
        fmt = body.get("response_format")
        check(isinstance(fmt, dict) and fmt.get("type") == "video", "response_format.type")
        assert isinstance(fmt, dict)
        check(fmt.get("aspect_ratio") in ("16:9", "9:16"), "aspect_ratio")
        check(fmt.get("resolution") in ("360p", "720p", "1080p", "4k"), "resolution")
        duration = fmt.get("duration")
        check(
            isinstance(duration, str) and re.fullmatch(r"[468]s", duration) is not None,
            f'duration {duration!r} must be like "8s"',
        )
        check(fmt.get("delivery", "inline") in ("inline", "uri"), "delivery")
        config = body.get("generation_config", {})
        check(isinstance(config, dict), "generation_config")
        if "seed" in config:
            seed = config["seed"]
            check(is_int(seed) and 0 <= seed <= 2**31 - 1, "seed must be an int32")
        task = (config.get("video_config") or {}).get("task")
        wanted = "image_to_video" if has_image else "text_to_video"
        check(task == wanted, f"video_config.task {task!r} does not match the input")
        check(body.get("background") is True, "video generation needs background: true")

    def _interact(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        try:
            body = self._json(request)
        except Invalid as exc:
            return self._invalid(str(exc))
        model = body.get("model")
        if model in RETIRED_GEMINI or model in self.retired:
            return self.gone(str(model), "v1beta")
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
        elapsed = self.elapsed(task)
        if elapsed < task.render_s / 4:
            return "queued"
        if elapsed < task.render_s:
            return "in_progress"
        kind = task.outcome.kind
        if kind == "error":
            return "failed"
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
                    "code": RPC_STATUS.get(code, str(code)),
                    "message": task.outcome.message or f"the interaction ended: {status}",
                }
            ]
        if status == "completed":
            if kind in ("empty", "moderation"):
                body["output_text"] = task.outcome.message or (
                    "I can't generate that video because it may violate our safety policies."
                )
            elif kind == "no_video":
                pass  # completed, and yet no output_video and no words
            elif kind == "uri" or task.body["response_format"].get("delivery") == "uri":
                body["output_video"] = {"uri": f"files/{task.file_id}", "mime_type": "video/mp4"}
            else:
                body["output_video"] = {
                    "data": base64.b64encode(self.task_clip(task)).decode(),
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
