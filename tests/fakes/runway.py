"""A loopback Runway developer API (``api.dev.runwayml.com``) for adapter tests.

Speaks the protocol of ``shared/providers.md`` §5: bearer key plus the required
``X-Runway-Version`` header, strict camelCase bodies per model (400 ``{"error", "issues"}``
for a bad field, like Runway's validator), tasks that move on the fake's clock through
PENDING, THROTTLED, RUNNING and a terminal state (a finished task reports the credits it
cost, zero for a failure), and signed output links to each task's own clip that are
re-issued on every ``GET /v1/tasks/{id}`` and can be expired on demand. A model Runway has
dropped (:meth:`FakeRunway.retire`) is refused by the validator like any unknown ``model``.

The model limits below are the fake's own copy, deliberately not imported from the adapter,
so a wrong mapping in the adapter fails a test instead of agreeing with itself.
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

API_VERSION = "2024-11-06"
DATA_URI_MAX = 5 * 1024 * 1024
SEED_MAX = 4294967295

_VEO = {"1280:720", "720:1280", "1080:1920", "1920:1080"}
_GEN_I2V = {"1280:720", "720:1280", "1104:832", "960:960", "832:1104", "1584:672"}
_SEEDANCE = {
    "992:432", "864:496", "752:560", "640:640", "560:752", "496:864",
    "1470:630", "1280:720", "1112:834", "960:960", "834:1112", "720:1280",
    "2206:946", "1920:1080", "1664:1248", "1440:1440", "1248:1664", "1080:1920",
    "3840:1646", "3840:2160", "3840:2880", "3840:3840", "2880:3840", "2160:3840",
}  # fmt: skip


@dataclass(frozen=True)
class Limits:
    """What the fake accepts for one model.

    ``t2v`` / ``i2v``: allowed ``ratio`` values per endpoint (None: endpoint refused;
    empty set: the endpoint refuses a ``ratio`` field). ``fields``: optional fields it takes.
    """

    t2v: frozenset[str] | None
    i2v: frozenset[str] | None
    durations: frozenset[int]
    fields: frozenset[str] = frozenset()
    last_frame: bool = False
    seed_max: int = SEED_MAX
    credits_per_s: int = 10
    resolutions: frozenset[str] = frozenset()


def _limits(t2v: set[str] | None, i2v: set[str] | None, durations: Any, **kw: Any) -> Limits:
    extra: dict[str, Any] = {k: frozenset(v) if isinstance(v, set) else v for k, v in kw.items()}
    return Limits(
        frozenset(t2v) if t2v is not None else None,
        frozenset(i2v) if i2v is not None else None,
        frozenset(durations),
        **extra,
    )


MODELS: dict[str, Limits] = {
    "gen4.5": _limits(
        {"1280:720", "720:1280"},
        _GEN_I2V,
        range(2, 11),
        fields={"seed", "contentModeration"},
        credits_per_s=12,
    ),
    "gen4_turbo": _limits(
        None, _GEN_I2V, range(2, 11), fields={"seed", "contentModeration"}, credits_per_s=5
    ),
    "veo3.1": _limits(
        _VEO,
        _VEO,
        {4, 6, 8},
        fields={"seed", "audio", "negativePrompt"},
        last_frame=True,
        credits_per_s=20,
    ),
    "veo3.1_fast": _limits(
        _VEO,
        _VEO,
        {4, 6, 8},
        fields={"seed", "audio", "negativePrompt"},
        last_frame=True,
        credits_per_s=10,
    ),
    "kling3.0_pro": _limits(
        {"1920:1080", "1080:1920", "1440:1440"}, set(), range(3, 16), fields={"audio"}
    ),
    "kling2.5_turbo_pro": _limits({"1920:1080", "1080:1920"}, set(), {5, 10}, credits_per_s=8),
    "seedance2": _limits(
        _SEEDANCE,
        set(),
        range(4, 16),
        fields={"seed", "audio"},
        seed_max=2**31 - 1,
        credits_per_s=36,
    ),
    "grok_imagine_1_5": _limits(
        {"16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3"},
        {"16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3"},
        range(1, 16),
        fields={"resolution"},
        resolutions={"480p", "720p", "1080p"},
        credits_per_s=5,
    ),
}

#: Terminal shapes a scripted task can end in (merged into the task body).
OUTCOMES: dict[str, dict[str, Any]] = {
    "success": {"status": "SUCCEEDED"},
    "moderation_input": {
        "status": "FAILED",
        "failure": "The prompt text did not pass content moderation.",
        "failureCode": "SAFETY.INPUT.TEXT",
    },
    "moderation_output": {
        "status": "FAILED",
        "failure": "The output did not pass content moderation.",
        "failureCode": "SAFETY.OUTPUT.VIDEO",
    },
    "bad_output": {
        "status": "FAILED",
        "failure": "The generation was rejected by an internal quality check.",
        "failureCode": "INTERNAL.BAD_OUTPUT.CODE01",
    },
    "internal": {
        "status": "FAILED",
        "failure": "An internal error occurred.",
        "failureCode": "INTERNAL",
    },
    "asset_invalid": {
        "status": "FAILED",
        "failure": "The input image could not be processed.",
        "failureCode": "ASSET.INVALID",
    },
    # "Success" that is really a failure: SUCCEEDED, no output, a safety code attached.
    "succeeded_moderated": {
        "status": "SUCCEEDED",
        "output": [],
        "failure": "The output did not pass content moderation.",
        "failureCode": "SAFETY.OUTPUT.VIDEO",
    },
    "succeeded_empty": {"status": "SUCCEEDED", "output": []},
}  # fmt: skip
#: The conformance suite's common outcome names.
ALIASES = {"moderation": "moderation_output", "failure": "internal", "no_video": "succeeded_empty"}


@dataclass
class Task:
    """One task as the fake keeps it."""

    id: str
    model: str
    body: dict[str, Any]
    credits: int
    created: float
    render_s: float
    outcome: str
    throttle: bool
    number: int = 0
    cancelled: bool = False
    tokens: list[str] = field(default_factory=list)


def _issue(path: str, message: str) -> Response:
    return Response(
        400,
        {"error": "Validation of body failed", "issues": [{"path": [path], "message": message}]},
    )


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeRunway(FakeService):
    """Runway's API on 127.0.0.1.

    Knobs:
        render_s: wall seconds from create to a terminal state.
        throttle: pass through THROTTLED between PENDING and RUNNING.
        keys: API keys the fake accepts.
        queue_outcome(name): the next created task ends as ``OUTCOMES[name]``.
        born_expired: the next N issued output links are already expired (403), as if
            they had aged out between the poll and the download.
        expire_links(): every link issued so far answers 403 from now on.
        credit_balance: what ``GET /v1/organization`` reports.
    """

    def __init__(
        self,
        *,
        render_s: float = 0.2,
        throttle: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock=clock, render_s=render_s)
        self.reset(render_s=render_s, throttle=throttle)
        self.route("POST", "/v1/text_to_video", self._create)
        self.route("POST", "/v1/image_to_video", self._create)
        self.route("GET", r"/v1/tasks/(?P<id>[^/]+)", self._get)
        self.route("DELETE", r"/v1/tasks/(?P<id>[^/]+)", self._delete)
        self.route("GET", "/v1/organization", self._organization)
        self.route("GET", r"/outputs/(?P<id>[^/]+)/video\.mp4", self._download)

    # -- knobs ------------------------------------------------------------------------------
    def reset(self, *, render_s: float | None = None, throttle: bool = True) -> None:
        """Forget every task, link, scripted fault and logged request (one server, many tests)."""
        super().reset()
        with self.lock:
            if render_s is not None:
                self.render_s = render_s
            self.throttle = throttle
            self.keys = {"test-key-0000"}
            self.tasks: dict[str, Task] = {}
            self.outcomes: deque[str] = deque()
            self.links: dict[str, tuple[str, bool]] = {}  # token → (task id, expired)
            self.retired: set[str] = set()
            self.born_expired = 0
            self.credit_balance = 1234

    @property
    def api_base(self) -> str:
        """Where the adapter points (the server root; paths start with ``/v1``)."""
        return self.base_url

    def queue_outcome(self, name: str) -> None:
        """Make the next created task end as ``OUTCOMES[name]`` (or a common alias)."""
        name = ALIASES.get(name, name)
        assert name in OUTCOMES, name
        with self.lock:
            self.outcomes.append(name)

    next_outcome = queue_outcome

    def retire(self, model: str) -> None:
        """From now on the validator no longer lists ``model`` (a model Runway dropped)."""
        self.retired.add(model)

    def expire_links(self) -> None:
        """Every output link issued so far answers 403 (a signed URL past its 24–48 h)."""
        with self.lock:
            self.links = {token: (task, True) for token, (task, _) in self.links.items()}

    def finish_now(self) -> None:
        """Move every task to its terminal state at once."""
        with self.lock:
            for task in self.tasks.values():
                task.created -= task.render_s

    # -- guards -----------------------------------------------------------------------------
    def _guard(self, request: Request) -> Response | None:
        auth = request.header("authorization") or ""
        if not auth.startswith("Bearer ") or auth[7:] not in self.keys:
            return Response(401, {"error": "Invalid API key. Check the Authorization header."})
        if request.header("x-runway-version") != API_VERSION:
            return Response(
                400,
                {
                    "error": "The X-Runway-Version header must be set to a valid version "
                    f"(e.g. {API_VERSION})."
                },
            )
        return None

    # -- create -----------------------------------------------------------------------------
    def _check_image(self, value: Any, limits: Limits, model: str) -> Response | None:
        if isinstance(value, str):
            return self._check_uri(value, "promptImage")
        if not isinstance(value, list) or not 1 <= len(value) <= 2:
            return _issue("promptImage", "Expected a URI or an array of 1–2 positioned images")
        positions = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"uri", "position"}:
                return _issue("promptImage", "Each image needs exactly uri and position")
            if item["position"] not in ("first", "last"):
                return _issue("promptImage", "position must be first or last")
            positions.append(item["position"])
            bad = self._check_uri(item["uri"], "promptImage.uri")
            if bad:
                return bad
        if len(set(positions)) != len(positions):
            return _issue("promptImage", "Each position may appear once")
        if "last" in positions and not limits.last_frame:
            return _issue("promptImage", f"{model} does not support a last frame")
        if positions == ["last"]:
            return _issue("promptImage", "A last frame needs a first frame")
        return None

    def _check_uri(self, uri: Any, path: str) -> Response | None:
        if not isinstance(uri, str):
            return _issue(path, "Expected a string")
        if uri.startswith("https://"):
            return None
        match = re.fullmatch(r"data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/=]+)", uri)
        if not match:
            return _issue(path, "Invalid data URI.")
        if len(uri) > DATA_URI_MAX:
            return _issue(path, "Data URIs must be under 5MB.")
        try:
            base64.b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError):
            return _issue(path, "Invalid data URI.")
        return None

    def _validate(self, body: Any, endpoint: str) -> Response | None:
        if not isinstance(body, dict):
            return _issue("", "Expected an object")
        model = body.get("model")
        limits = MODELS.get(model) if isinstance(model, str) else None
        if limits is None or not isinstance(model, str) or model in self.retired:
            offered = ", ".join(m for m in MODELS if m not in self.retired)
            return _issue("model", f"Invalid enum value. Expected one of {offered}")
        ratios = limits.t2v if endpoint == "text_to_video" else limits.i2v
        if ratios is None:
            return _issue("model", f"{model} is not available on /v1/{endpoint}")
        allowed = {"model", "promptText", "duration", *limits.fields}
        if ratios:
            allowed.add("ratio")
        if endpoint == "image_to_video":
            allowed.add("promptImage")
        unknown = set(body) - allowed
        if unknown:
            key = sorted(unknown)[0]
            return _issue(key, f"Unrecognized key for {model} on /v1/{endpoint}: {key}")
        text = body.get("promptText")
        if endpoint == "text_to_video" or text is not None:
            if not isinstance(text, str) or not text:
                return _issue("promptText", "Expected a non-empty string")
            if _utf16_len(text) > 1000:
                return _issue("promptText", "String must contain at most 1000 character(s)")
        if endpoint == "image_to_video":
            if "promptImage" not in body:
                return _issue("promptImage", "Required")
            bad = self._check_image(body["promptImage"], limits, model)
            if bad:
                return bad
        if ratios and body.get("ratio") not in ratios:
            return _issue(
                "ratio", f"Invalid enum value. Expected one of {', '.join(sorted(ratios))}"
            )
        duration = body.get("duration")
        if type(duration) is not int or duration not in limits.durations:
            return _issue("duration", f"Invalid duration {duration!r}")
        if "seed" in body and (
            type(body["seed"]) is not int or not 0 <= body["seed"] <= limits.seed_max
        ):
            return _issue("seed", f"Number must be an integer from 0 to {limits.seed_max}")
        if "audio" in body and type(body["audio"]) is not bool:
            return _issue("audio", "Expected boolean")
        if "negativePrompt" in body and not isinstance(body["negativePrompt"], str):
            return _issue("negativePrompt", "Expected string")
        if "contentModeration" in body:
            moderation = body["contentModeration"]
            if not isinstance(moderation, dict) or set(moderation) - {"publicFigureThreshold"}:
                return _issue("contentModeration", "Unrecognized key")
            if moderation.get("publicFigureThreshold") not in ("auto", "low"):
                return _issue("contentModeration.publicFigureThreshold", "Expected auto | low")
        if limits.resolutions and body.get("resolution") not in limits.resolutions:
            return _issue("resolution", f"Expected one of {', '.join(sorted(limits.resolutions))}")
        return None

    def _create(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._guard(request)
        if denied:
            return denied
        endpoint = request.path.rsplit("/", 1)[-1]
        try:
            body = request.json()
        except ValueError:
            return Response(400, {"error": "Request body is not valid JSON"})
        bad = self._validate(body, endpoint)
        if bad:
            return bad
        limits = MODELS[body["model"]]
        credits = limits.credits_per_s * body["duration"] * (2 if body.get("audio") else 1)
        with self.lock:
            outcome = self.outcomes.popleft() if self.outcomes else "success"
            task = Task(
                id=str(uuid.uuid4()),
                model=body["model"],
                body=body,
                credits=credits,
                created=self.clock(),
                render_s=self.render_s,
                outcome=outcome,
                throttle=self.throttle,
                number=self.next_task_number(),
            )
            self.tasks[task.id] = task
        return Response(200, {"id": task.id, "estimatedCost": {"credits": credits}})

    # -- tasks ------------------------------------------------------------------------------
    def _state(self, task: Task) -> dict[str, Any]:
        base: dict[str, Any] = {"id": task.id, "createdAt": "2026-11-23T10:00:00.000Z"}
        if task.cancelled:
            return {**base, "status": "CANCELLED"}
        done = (self.clock() - task.created) / task.render_s
        if done < 0.1:
            return {**base, "status": "PENDING", "estimatedCost": {"credits": task.credits}}
        if done < 0.25 and task.throttle:
            return {**base, "status": "THROTTLED"}
        if done < 1.0:
            return {**base, "status": "RUNNING", "progress": round(max(0.0, done - 0.25) / 0.75, 3)}
        end = OUTCOMES[task.outcome]
        delivered = end["status"] == "SUCCEEDED" and "output" not in end
        body = {**base, **end, "cost": {"credits": task.credits if delivered else 0}}
        if end["status"] == "SUCCEEDED" and "output" not in end:
            body["output"] = [self._issue_link(task)]
        return body

    def _issue_link(self, task: Task) -> str:
        """A fresh signed link: every GET of a finished task hands out a new one."""
        token = secrets.token_urlsafe(12)
        expired = self.born_expired > 0
        if expired:
            self.born_expired -= 1
        self.links[token] = (task.id, expired)
        task.tokens.append(token)
        return self.url(f"/outputs/{task.id}/video.mp4?_jwt={token}")

    def _task(self, request: Request, match: re.Match[str]) -> Task | Response:
        denied = self._guard(request)
        if denied:
            return denied
        task = self.tasks.get(match.group("id"))
        if task is None:
            return Response(404, {"error": "Task not found."})
        return task

    def _get(self, request: Request, match: re.Match[str]) -> Response:
        with self.lock:
            task = self._task(request, match)
            if isinstance(task, Response):
                return task
            return Response(200, self._state(task))

    def _delete(self, request: Request, match: re.Match[str]) -> Response:
        with self.lock:
            task = self._task(request, match)
            if isinstance(task, Response):
                return task
            if self._state(task)["status"] in ("PENDING", "THROTTLED", "RUNNING"):
                task.cancelled = True
            else:  # a finished task is deleted, output and all
                del self.tasks[task.id]
        return Response(204, b"")

    def _organization(self, request: Request, match: re.Match[str]) -> Response:
        denied = self._guard(request)
        if denied:
            return denied
        return Response(
            200,
            {
                "creditBalance": self.credit_balance,
                "tier": {"maxMonthlyCreditSpend": 100000, "models": {}},
                "usage": {"models": {}},
            },
        )

    def _download(self, request: Request, match: re.Match[str]) -> Response:
        token = (request.query.get("_jwt") or [""])[0]
        with self.lock:
            task_id, expired = self.links.get(token, ("", True))
            task = self.tasks.get(task_id)
        if expired or task is None or task_id != match.group("id"):
            return Response(
                403,
                "<?xml version='1.0'?><Error><Code>AccessDenied</Code>"
                "<Message>Request has expired</Message></Error>",
                headers={"Content-Type": "application/xml"},
            )
        return self.clip_response(task.number)
