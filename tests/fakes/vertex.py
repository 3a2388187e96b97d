"""A loopback Vertex AI (``{location}-aiplatform.googleapis.com/v1``): Veo plus GCS reads.

Operations through ``:predictLongRunning`` and ``:fetchPredictOperation`` (a POST that only
reads), results inline as base64 or, when a project writes to Cloud Storage, through the GCS
JSON API. Veo 2 and 3.0 are retired (2026-06-30, "Checked 2026-11") and answer 404.
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from tests.fakes.google import (
    RETIRED_VERTEX,
    VERTEX_VEO,
    GoogleFake,
    Invalid,
    Task,
    check,
    google_error,
    is_int,
)
from tests.fakes.server import Request, Response

__all__ = ["FakeVertex", "google_error"]


class FakeVertex(GoogleFake):
    """``{location}-aiplatform.googleapis.com/v1`` Veo plus the GCS JSON API for gs:// results."""

    prefix = "/v1"

    def __init__(
        self,
        token: str = "ya29.test-token",
        project: str = "my-project",
        location: str = "us-central1",
        render_s: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(render_s, clock)
        self.token = token
        self.project = project
        self.location = location
        self.bucket = "veo-out"
        models = r"/v1/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)/publishers/google/models/"
        self.route("POST", models + r"(?P<m>[^/:]+):predictLongRunning", self._create)
        self.route("POST", models + r"(?P<m>[^/:]+):fetchPredictOperation", self._fetch)
        self.route("GET", r"/v1/publishers/google/models/(?P<m>[^/]+)", self._publisher_model)
        self.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/o/(?P<o>[^/]+)", self._gcs)
        self.retired.update(RETIRED_VERTEX)

    def reset(self) -> None:
        """A fresh Vertex, with Veo 2 and 3.0 retired as in late 2026."""
        super().reset()
        self.retired.update(RETIRED_VERTEX)

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
        if model in self.retired:
            return google_error(
                404,
                f"Publisher Model `projects/{self.project}/locations/{self.location}/publishers/"
                f"google/models/{model}` is no longer available.",
                "NOT_FOUND",
            )
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
                check(is_int(seed) and 0 <= seed <= 2**32 - 1, "seed must be a uint32")
            if model.startswith("veo-3"):
                # Vertex insists on the switch for Veo 3.x.
                check(isinstance(params.get("generateAudio"), bool), "generateAudio is required")
            else:
                check("generateAudio" not in params, f"generateAudio isn't supported by {model}")
            if "storageUri" in params:
                check(str(params["storageUri"]).startswith("gs://"), "storageUri must be gs://")
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
        elif kind in ("empty", "no_video"):
            result |= {"raiMediaFilteredCount": 0}
        elif kind == "gcs" or "storageUri" in task.body["parameters"]:
            uri = f"gs://{self.bucket}/{task.id}/sample_0.mp4"
            result |= {"videos": [{"gcsUri": uri, "mimeType": "video/mp4"}]}
        else:
            encoded = base64.b64encode(self.task_clip(task)).decode()
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
