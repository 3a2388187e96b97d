"""Veo on the Gemini Developer API: ``:predictLongRunning`` and operations (providers.md §2a).

Shapes follow google-genai 2.34.0, the last SDK line that sent Veo to the Gemini API
(``_GenerateVideos*_to_mldev`` / ``_from_mldev``).
"""

from __future__ import annotations

from typing import Any

from workbench.domain.jobs import FailureKind
from workbench.domain.spec import DrawRequest, ImageInput
from workbench.providers.errors import ProtocolError
from workbench.providers.status import Asset, Phase, RemoteRef, Status, Submission
from workbench.providers.veo.wire import (
    as_object,
    decode_video,
    failure,
    opt_bool,
    opt_list,
    opt_object,
    opt_str,
    read_image,
    rpc_failure,
    rpc_name,
    text_list,
)

#: ``personGeneration`` values (providers.md §2a); ``allow_all`` is for text-to-video only.
PERSON_GENERATION = ("allow_all", "allow_adult", "dont_allow")


def _image(image: ImageInput, role: str) -> dict[str, str]:
    data, mime = read_image(image, role)
    return {"bytesBase64Encoded": data, "mimeType": mime}


def build_body(request: DrawRequest, family: str) -> dict[str, Any]:
    """The ``:predictLongRunning`` body for the Gemini API (reads the images; blocking).

    No ``seed`` and no ``generateAudio``: the Gemini API rejects both (the SDK raises), and
    Veo 3.x there always makes sound.
    """
    spec = request.spec
    instance: dict[str, Any] = {"prompt": spec.prompt}
    if spec.first_frame is not None:
        instance["image"] = _image(spec.first_frame, "first frame")
    if spec.last_frame is not None:
        instance["lastFrame"] = _image(spec.last_frame, "last frame")
    if spec.reference_images:
        instance["referenceImages"] = [
            {"image": _image(ref, "reference"), "referenceType": "ASSET"}
            for ref in spec.reference_images
        ]
    parameters: dict[str, Any] = {
        "sampleCount": 1,
        "durationSeconds": int(spec.duration or 8),  # an integer, unlike Sora's "8"
        "aspectRatio": spec.aspect,
    }
    if family != "veo2":  # Veo 2 makes 720p only and has no resolution parameter
        parameters["resolution"] = spec.resolution
    if spec.negative_prompt:
        parameters["negativePrompt"] = spec.negative_prompt
    person = spec.options.get("person_generation")
    if person in PERSON_GENERATION:
        parameters["personGeneration"] = person
    enhance = spec.options.get("enhance_prompt")
    if isinstance(enhance, bool):
        parameters["enhancePrompt"] = enhance
    return {"instances": [instance], "parameters": parameters}


def parse_submit(body: Any) -> Submission:
    """The Operation a create returns: ``{"name": "models/…/operations/…"}``.

    Raises:
        ProtocolError: no operation name.
    """
    op = as_object(body, "the new operation")
    name = opt_str(op, "name", "the new operation")
    if not name:
        raise ProtocolError("Google Veo accepted the request but sent no operation name")
    return Submission(ref=RemoteRef(name), provider_status="running")


def operation_state(op: dict[str, Any]) -> tuple[bool, dict[str, Any] | None]:
    """``done`` and ``error`` of a long-running Operation (an error means done)."""
    done = opt_bool(op, "done", "the operation")
    error = opt_object(op, "error", "the operation")
    return done or error is not None, error


def finished_with_error(error: dict[str, Any]) -> Status:
    """A done Operation's google.rpc error: cancelled, or a classified failure."""
    if rpc_name(error.get("code"), error.get("status")) == "CANCELLED":
        return Status(Phase.CANCELED, provider_status="cancelled")
    fail = rpc_failure(error, fallback="the operation failed without a message")
    return Status(Phase.FAILED, provider_status=f"failed: {fail.code}", failure=fail)


def no_video(response: dict[str, Any] | None, where: str) -> Status:
    """Done with no error and no video: Google's filter, or a broken answer.

    The pitfall from providers.md §2a: a moderation block comes back as ``done: true``
    with no ``error``, empty samples and ``raiMediaFilteredReasons`` filled in.
    """
    reasons: list[str] = []
    count = 0
    if response is not None:
        reasons = text_list(opt_list(response, "raiMediaFilteredReasons", where))
        raw = response.get("raiMediaFilteredCount")
        count = raw if isinstance(raw, int) and not isinstance(raw, bool) else 0
    if reasons or count > 0:
        text = "; ".join(reasons) or f"{count} video(s) removed by the content filter"
        return Status(
            Phase.FAILED,
            provider_status="filtered",
            failure=failure(FailureKind.MODERATION, text, "RAI_MEDIA_FILTERED"),
        )
    return Status(
        Phase.FAILED,
        provider_status="done without video",
        failure=failure(
            FailureKind.PROVIDER,
            "done: true with no video and no error",
            message="Google reported the clip finished but delivered no video.",
            retryable=True,
        ),
    )


def parse_status(body: Any) -> Status:
    """An Operation from ``GET /v1beta/{name}`` as a normalised status.

    Raises:
        ProtocolError: the answer is not an Operation of the documented shape.
    """
    op = as_object(body, "the operation")
    done, error = operation_state(op)
    if not done:
        # Operations have no queued/running split and no progress.
        return Status(Phase.RUNNING, provider_status="running")
    if error is not None:
        return finished_with_error(error)
    where = "the operation's response"
    response = opt_object(op, "response", "the operation")
    result = opt_object(response, "generateVideoResponse", where) if response else None
    where = "generateVideoResponse"
    for raw in opt_list(result, "generatedSamples", where) if result else []:
        video = opt_object(as_object(raw, "a generated sample"), "video", "a generated sample")
        if video is None:
            continue
        mime = opt_str(video, "encoding", "video") or opt_str(video, "mimeType", "video")
        mime = mime or "video/mp4"
        encoded = opt_str(video, "encodedVideo", "video")
        if encoded:
            data = decode_video(encoded, "video.encodedVideo")
            if data:
                return _done(Asset(data=data, mime_type=mime))
        uri = opt_str(video, "uri", "video")
        if uri:
            # files/{id}:download?alt=media needs the API key and redirects to the bytes.
            return _done(Asset(url=uri, auth=True, signed=False, mime_type=mime))
    return no_video(result, where)


def _done(asset: Asset) -> Status:
    return Status(Phase.SUCCEEDED, provider_status="done", progress=1.0, assets=(asset,))
