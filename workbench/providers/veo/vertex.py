"""Veo on Vertex AI: ``:predictLongRunning`` and ``:fetchPredictOperation`` (providers.md §2b).

Shapes follow google-genai 3.4.0 (``_GenerateVideosConfig_to_vertex``,
``_Video_from_vertex``, ``operations._fetch_predict_videos_operation``). Workbench sends no
``storageUri``, so Vertex returns the video inline as base64; a ``gcsUri`` answer (a
project that writes to Cloud Storage anyway) is read through the GCS JSON API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from workbench.domain.jobs import FailureKind
from workbench.domain.spec import DrawRequest
from workbench.providers.status import Asset, Phase, Status, Submission
from workbench.providers.veo import gemini
from workbench.providers.veo.models import GCS_JSON_API
from workbench.providers.veo.wire import (
    as_object,
    decode_video,
    failure,
    opt_list,
    opt_object,
    opt_str,
)

OPERATIONS = "/operations/"


def build_body(request: DrawRequest, family: str) -> dict[str, Any]:
    """The Vertex body: the Gemini API's plus ``seed`` and ``generateAudio`` (blocking)."""
    body = gemini.build_body(request, family)
    parameters = body["parameters"]
    if request.seed is not None:
        parameters["seed"] = request.seed
    if family != "veo2":  # Veo 3.x only; Veo 2 is silent and rejects the switch
        parameters["generateAudio"] = bool(request.spec.audio)
    return body


def parse_submit(body: Any) -> Submission:
    """``{"name": "projects/…/models/M/operations/…"}`` from ``:predictLongRunning``.

    Raises:
        ProtocolError: no operation name.
    """
    return gemini.parse_submit(body)


def model_path(operation: str) -> str | None:
    """``projects/P/locations/L/publishers/google/models/M`` from an operation name."""
    head, found, _ = operation.partition(OPERATIONS)
    return head if found and head.startswith("projects/") else None


def gcs_download_url(gcs_uri: str, storage_url: str = GCS_JSON_API) -> str | None:
    """The GCS JSON API media URL of ``gs://bucket/object`` (None for anything else)."""
    if not gcs_uri.startswith("gs://"):
        return None
    bucket, _, name = gcs_uri.removeprefix("gs://").partition("/")
    if not bucket or not name:
        return None
    return (
        f"{storage_url.rstrip('/')}/storage/v1/b/{quote(bucket, safe='')}/o/"
        f"{quote(name, safe='')}?alt=media"
    )


def parse_status(body: Any, *, storage_url: str = GCS_JSON_API) -> Status:
    """A ``:fetchPredictOperation`` answer as a normalised status.

    Args:
        body: the parsed JSON answer.
        storage_url: root of the GCS JSON API, for ``gcsUri`` results.

    Raises:
        ProtocolError: the answer is not an Operation of the documented shape.
    """
    op = as_object(body, "the operation")
    done, error = gemini.operation_state(op)
    if not done:
        return Status(Phase.RUNNING, provider_status="running")
    if error is not None:
        return gemini.finished_with_error(error)
    where = "the operation's response"
    response = opt_object(op, "response", "the operation")
    for raw in opt_list(response, "videos", where) if response else []:
        video = as_object(raw, "a video")
        mime = opt_str(video, "mimeType", "video") or "video/mp4"
        encoded = opt_str(video, "bytesBase64Encoded", "video")
        if encoded:
            data = decode_video(encoded, "video.bytesBase64Encoded")
            if data:
                return _done(Asset(data=data, mime_type=mime))
        gcs_uri = opt_str(video, "gcsUri", "video")
        if gcs_uri:
            url = gcs_download_url(gcs_uri, storage_url)
            if url is None:
                return Status(
                    Phase.FAILED,
                    provider_status="done (Cloud Storage)",
                    failure=failure(
                        FailureKind.PROVIDER,
                        gcs_uri,
                        message=f"The results were written to Cloud Storage at {gcs_uri}, "
                        "which Workbench cannot read; Workbench asks Vertex for inline results, "
                        "so remove storageUri from the project's settings.",
                    ),
                )
            return _done(Asset(url=url, auth=True, signed=False, mime_type=mime))
    return gemini.no_video(response, where)


def _done(asset: Asset) -> Status:
    return Status(Phase.SUCCEEDED, provider_status="done", progress=1.0, assets=(asset,))
