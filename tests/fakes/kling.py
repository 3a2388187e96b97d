"""A loopback Kling: JWT or API-key auth, text2video/image2video tasks, Kling's envelope.

Speaks the documented protocol: ``Authorization: Bearer <JWT or API key>`` checked (the JWT's
HS256 signature, ``iss``, ``exp`` and ``nbf`` verified independently of the adapter, answering
401 with codes 1001–1004), bodies validated like the service (400 with code 1201 for a bad
field, durations as strings, raw base64 images without a ``data:`` prefix, image size and
shape limits), ``external_task_id`` unique per user and usable in the per-task path, tasks
that move through ``submitted`` → ``processing`` → ``succeed``/``failed`` on the fake's clock,
and each task's own MP4 behind a tokenised result URL. A retired model (:meth:`FakeKling.retire`)
answers HTTP 404 with code 1203, the "resource not found" family ("Checked 2026-11"); the
message wording is the fake's own.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import io
import itertools
import json
import re
import secrets
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from tests.fakes.server import FakeService, Request, Response

ACCESS_KEY = "ak-fake-kling-0001"
SECRET_KEY = "fake-kling-secret-0001"
API_KEY = "kling-fake-api-key-0001"

T2V_MODELS = (
    "kling-v1",
    "kling-v1-6",
    "kling-v2-master",
    "kling-v2-1-master",
    "kling-v2-5-turbo",
    "kling-v2-6",
    "kling-v3",
)
I2V_MODELS = (*T2V_MODELS, "kling-v1-5", "kling-v2-1")
SOUND_MODELS = ("kling-v2-6", "kling-v3")
_COMMON = {
    "model_name",
    "prompt",
    "negative_prompt",
    "cfg_scale",
    "mode",
    "duration",
    "sound",
    "camera_control",
    "watermark_info",
    "callback_url",
    "external_task_id",
}
ALLOWED = {
    "text2video": _COMMON | {"aspect_ratio", "multi_shot", "shot_type", "multi_prompt"},
    "image2video": _COMMON | {"image", "image_tail", "static_mask", "dynamic_masks"},
}
MODERATION_TEXT = "Failure to pass the risk control system"
FAILURE_TEXT = "Internal error during generation, please try again later"


class BadField(Exception):
    """A body field the service would reject (400, code 1201)."""


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class FakeKling(FakeService):
    """Kling's task API on 127.0.0.1.

    Knobs: ``render_s`` (clock time to finish), :meth:`next_outcome` (how the next tasks
    end), :meth:`refuse_next_create` (a create answered with a business code),
    :meth:`retire`, :meth:`expire_links` (result URLs answer 404),
    ``path_accepts_external_id`` (whether the per-task path finds our id),
    ``unit_deduction`` (``final_unit_deduction``), and ``clock`` (what "now" is, for tasks
    and token checks).
    """

    def __init__(
        self,
        *,
        render_s: float = 0.2,
        access_key: str = ACCESS_KEY,
        secret_key: str = SECRET_KEY,
        api_key: str = API_KEY,
        clock: Callable[[], float] = time.time,
        token_clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(clock=clock, render_s=render_s)
        #: "now" for token checks (the task clock unless a test keeps tokens on real time)
        self.token_clock = token_clock
        self.access_key = access_key
        self.secret_key = secret_key
        self.api_key = api_key
        self.unit_deduction: Any = "2.5"
        self.path_accepts_external_id = True
        self.retired: set[str] = set()
        self.tasks: dict[str, dict[str, Any]] = {}
        self.bearers: list[str] = []
        self._outcomes: deque[str] = deque()
        self._refusals: deque[tuple[int, int, str]] = deque()
        self._ids = itertools.count(1)
        self.route("POST", r"/v1/videos/(text2video|image2video)", self._create)
        self.route("GET", r"/v1/videos/(text2video|image2video)", self._list)
        self.route("GET", r"/v1/videos/(text2video|image2video)/([^/]+)", self._get)
        self.route("GET", r"/files/([0-9a-f]+)/(\d+)\.mp4", self._file)

    def stop(self) -> None:
        """Shut down without waiting out the server loop's 0.5 s poll (keeps tests quick)."""
        server = self._server
        if server is None:
            return
        stopper = threading.Thread(target=server.shutdown, daemon=True)
        stopper.start()
        host, port = server.server_address[:2]
        while stopper.is_alive():
            # A connection wakes the loop so it sees the shutdown request at once.
            with (
                contextlib.suppress(OSError),
                socket.create_connection((str(host), int(port)), timeout=0.2),
            ):
                pass
            stopper.join(0.01)
        server.server_close()
        self._server = None

    # -- knobs ----------------------------------------------------------------------------
    def next_outcome(self, *outcomes: str) -> None:
        """How the next tasks end: ``succeed`` (default), ``moderation`` (failed by risk
        control), ``failed``/``failure`` (render failure), ``empty``/``no_video``
        (``succeed`` without a video), or ``code`` (status calls then answer HTTP 200 with
        code 1301)."""
        aliases = {"failure": "failed", "no_video": "empty"}
        with self.lock:
            self._outcomes.extend(aliases.get(o, o) for o in outcomes)

    def retire(self, model: str) -> None:
        """From now on, creates for ``model`` answer as for a model Kling no longer serves."""
        self.retired.add(model)

    def refuse_next_create(self, code: int, message: str, http_status: int = 200) -> None:
        """Answer the next create with this business code (on HTTP 200 by default)."""
        with self.lock:
            self._refusals.append((http_status, code, message))

    def expire_links(self) -> None:
        """Result URLs stop working (Kling purges outputs after 30 days)."""
        self.links_expired = True

    @property
    def api_base(self) -> str:
        """Where the adapter points (the server root; paths start with ``/v1``)."""
        return self.base_url

    def reset(self) -> None:
        """A fresh service: no tasks, outcomes, refusals or retirements."""
        super().reset()
        with self.lock:
            self.tasks.clear()
            self._outcomes.clear()
            self._refusals.clear()
            self.retired.clear()
            self.bearers.clear()

    def creates(self) -> list[Request]:
        """Every create request received."""
        return self.calls("POST", r"/v1/videos/(text2video|image2video)")

    # -- envelope -------------------------------------------------------------------------
    @staticmethod
    def envelope(status: int, code: int, message: str, data: Any = None) -> Response:
        """Kling's ``{code, message, request_id, data}`` answer."""
        body: dict[str, Any] = {
            "code": code,
            "message": message,
            "request_id": secrets.token_hex(8),
        }
        if data is not None:
            body["data"] = data
        return Response(status, body)

    def _auth(self, request: Request) -> Response | None:
        header = request.header("authorization") or ""
        if not header.startswith("Bearer ") or not header[7:].strip():
            return self.envelope(401, 1001, "Authorization is empty")
        token = header[7:].strip()
        with self.lock:
            self.bearers.append(token)
        if token == self.api_key:
            return None
        parts = token.split(".")
        if len(parts) != 3:
            return self.envelope(401, 1002, "Authorization is invalid")
        try:
            head = json.loads(_b64url_decode(parts[0]))
            claims = json.loads(_b64url_decode(parts[1]))
            signature = _b64url_decode(parts[2])
        except (ValueError, binascii.Error):
            return self.envelope(401, 1002, "Authorization is invalid")
        expected = hmac.new(
            self.secret_key.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256
        ).digest()
        if (
            not isinstance(head, dict)
            or head.get("alg") != "HS256"
            or not isinstance(claims, dict)
            or not hmac.compare_digest(signature, expected)
            or claims.get("iss") != self.access_key
        ):
            return self.envelope(401, 1002, "Authorization is invalid")
        now = (self.token_clock or self.clock)()
        exp, nbf = claims.get("exp"), claims.get("nbf")
        if not isinstance(exp, int) or not isinstance(nbf, int):
            return self.envelope(401, 1002, "Authorization is invalid")
        if nbf > now:
            return self.envelope(401, 1003, "Authorization is not yet valid")
        if exp <= now:
            return self.envelope(401, 1004, "Authorization has expired")
        if exp - now > 1800 + 60:  # Kling tokens live at most 30 minutes
            return self.envelope(401, 1002, "Authorization lifetime exceeds 30 minutes")
        return None

    # -- validation -----------------------------------------------------------------------
    @staticmethod
    def _text(body: dict[str, Any], name: str, required: bool = False) -> None:
        value = body.get(name)
        if value is None:
            if required:
                raise BadField(f"{name} is required")
            return
        if not isinstance(value, str):
            raise BadField(f"{name} must be a string")
        if len(value) > 2500:
            raise BadField(f"{name} cannot exceed 2500 characters")

    @staticmethod
    def _image(value: Any, name: str, check_ratio: bool) -> None:
        from PIL import Image, UnidentifiedImageError

        if not isinstance(value, str) or not value:
            raise BadField(f"{name} must be a base64 string or URL")
        if value.startswith(("http://", "https://")):
            return
        if value.startswith("data:"):
            raise BadField(f"{name}: do not add a data: prefix to the base64 string")
        try:
            raw = base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            raise BadField(f"{name} is not valid base64") from None
        if len(raw) > 10 * 1024 * 1024:
            raise BadField(f"{name} exceeds 10MB")
        try:
            with Image.open(io.BytesIO(raw)) as image:
                fmt, (width, height) = image.format, image.size
        except (UnidentifiedImageError, OSError):
            raise BadField(f"{name} is not a jpg or png image") from None
        if fmt not in ("PNG", "JPEG"):
            raise BadField(f"{name} must be jpg/jpeg/png")
        if min(width, height) < 300:
            raise BadField(f"{name} must be at least 300px on each side")
        if check_ratio and not 1 / 2.5 <= width / height <= 2.5:
            raise BadField(f"{name} aspect ratio must be between 1:2.5 and 2.5:1")

    def _validate(self, family: str, body: Any) -> None:
        if not isinstance(body, dict):
            raise BadField("the body must be a JSON object")
        unknown = set(body) - ALLOWED[family]
        if unknown:
            raise BadField(f"unknown parameter {sorted(unknown)[0]}")
        model = body.get("model_name", "kling-v1")
        models = T2V_MODELS if family == "text2video" else I2V_MODELS
        if model not in models:
            raise BadField(f"model_name {model!r} is not supported for {family}")
        self._text(body, "prompt", required=family == "text2video")
        self._text(body, "negative_prompt")
        modes = ("std", "pro", "4k") if model == "kling-v3" else ("std", "pro")
        if body.get("mode", "std") not in modes:
            raise BadField(f"mode must be one of {', '.join(modes)}")
        if family == "text2video" and body.get("aspect_ratio", "16:9") not in (
            "16:9",
            "9:16",
            "1:1",
        ):
            raise BadField("aspect_ratio must be 16:9, 9:16 or 1:1")
        duration = body.get("duration", "5")
        if not isinstance(duration, str):
            raise BadField("duration must be a string")
        durations = [str(d) for d in range(3, 16)] if model == "kling-v3" else ["5", "10"]
        if duration not in durations:
            raise BadField(f"duration {duration} is not supported by {model}")
        if "sound" in body:
            if model not in SOUND_MODELS:
                raise BadField(f"sound is not supported by {model}")
            if body["sound"] not in ("on", "off"):
                raise BadField("sound must be on or off")
        if "watermark_info" in body:
            info = body["watermark_info"]
            if not isinstance(info, dict) or not isinstance(info.get("enabled"), bool):
                raise BadField("watermark_info.enabled must be a boolean")
        ext = body.get("external_task_id")
        if ext is not None:
            if not isinstance(ext, str):
                raise BadField("external_task_id must be a string")
            if any(t["external_task_id"] == ext for t in self.tasks.values()):
                raise BadField("external_task_id already exists")
        if family == "image2video":
            self._image(body.get("image"), "image", check_ratio=True)
            if "image_tail" in body:
                self._image(body["image_tail"], "image_tail", check_ratio=False)

    # -- tasks ----------------------------------------------------------------------------
    def _create(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        family = match.group(1)
        with self.lock:
            if self._refusals:
                status, code, message = self._refusals.popleft()
                return self.envelope(status, code, message)
            try:
                body = request.json()
                model = body.get("model_name") if isinstance(body, dict) else None
                if model in self.retired:
                    return self.envelope(
                        404,
                        1203,
                        f"The requested model {model} does not exist or is no longer available",
                    )
                self._validate(family, body)
            except ValueError:
                return self.envelope(400, 1200, "request body is not valid JSON")
            except BadField as exc:
                return self.envelope(400, 1201, str(exc))
            task_id = str(880_000_000_000_000_000 + next(self._ids))
            task = {
                "task_id": task_id,
                "family": family,
                "external_task_id": body.get("external_task_id") or "",
                "body": body,
                "started": self.clock(),
                "created_ms": int(time.time() * 1000),
                "outcome": self._outcomes.popleft() if self._outcomes else "succeed",
                "token": secrets.token_hex(8),
                "number": self.next_task_number(),
            }
            self.tasks[task_id] = task
        return self.envelope(200, 0, "SUCCEED", self._public(task, brief=True))

    def _state(self, task: dict[str, Any]) -> str:
        elapsed = self.clock() - task["started"]
        if elapsed < self.render_s / 3:
            return "submitted"
        if elapsed < self.render_s:
            return "processing"
        return "failed" if task["outcome"] in ("moderation", "failed") else "succeed"

    def _public(self, task: dict[str, Any], brief: bool = False) -> dict[str, Any]:
        state = "submitted" if brief else self._state(task)
        data: dict[str, Any] = {
            "task_id": task["task_id"],
            "task_status": state,
            "task_info": {"external_task_id": task["external_task_id"]},
            "created_at": task["created_ms"],
            "updated_at": int(time.time() * 1000),
        }
        if brief:
            return data
        data["task_status_msg"] = ""
        if state == "failed":
            moderated = task["outcome"] == "moderation"
            data["task_status_msg"] = MODERATION_TEXT if moderated else FAILURE_TEXT
            data["final_unit_deduction"] = "0"  # failed videos deduct nothing
        if state == "succeed":
            url = self.url(f"/files/{task['token']}/{task['task_id']}.mp4")
            videos = [
                {
                    "id": f"v{task['task_id']}",
                    "url": url,
                    "watermark_url": url + "?wm=1",
                    "duration": task["body"].get("duration", "5"),
                }
            ]
            empty = task["outcome"] == "empty"
            data["task_result"] = {"videos": [] if empty else videos}
            data["final_unit_deduction"] = "0" if empty else self.unit_deduction
        return data

    def _get(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        family, key = match.group(1), match.group(2)
        with self.lock:
            task = self.tasks.get(key)
            if task is None and self.path_accepts_external_id:
                task = next(
                    (t for t in self.tasks.values() if key and t["external_task_id"] == key), None
                )
            if task is None or task["family"] != family:
                return self.envelope(404, 1203, "task not found")
            if task["outcome"] == "code" and self._state(task) != "submitted":
                return self.envelope(200, 1301, "Content security policy triggered")
            return self.envelope(200, 0, "SUCCEED", self._public(task))

    def _list(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._auth(request)
        if denied:
            return denied
        family = match.group(1)
        try:
            page = int(request.query.get("pageNum", ["1"])[0])
            size = int(request.query.get("pageSize", ["30"])[0])
        except ValueError:
            return self.envelope(400, 1201, "pageNum and pageSize must be integers")
        if not (1 <= page <= 1000 and 1 <= size <= 500):
            return self.envelope(400, 1201, "pageNum must be 1-1000 and pageSize 1-500")
        with self.lock:
            tasks = [t for t in reversed(self.tasks.values()) if t["family"] == family]
            chosen = tasks[(page - 1) * size : page * size]
            return self.envelope(200, 0, "SUCCEED", [self._public(t) for t in chosen])

    def _file(self, request: Request, match: re.Match[str]) -> Response:
        # Result URLs are public (no auth), signed by the token in the path.
        token, task_id = match.group(1), match.group(2)
        with self.lock:
            task = self.tasks.get(task_id)
        if self.links_expired or task is None or task["token"] != token:
            return Response(404, "<Error><Code>NoSuchKey</Code></Error>")
        return self.clip_response(task["number"])
