"""The pure parsers: every documented status, odd shapes, fuzzing (Status or ProtocolError)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.jobs import FailureKind
from workbench.providers.errors import ProtocolError
from workbench.providers.status import Phase, Status, Submission
from workbench.providers.veo import gemini, omni, vertex
from workbench.providers.veo.models import INFO, route

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=25,
)
#: Random values inside the structured dictionaries (small, so the shapes stay the focus).
LEAF = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=4,
)
B64 = st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode())


def _maybe(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Dictionaries around the real keys, each present or not, with real-ish or random values."""
    return st.fixed_dictionaries({}, optional={k: v | LEAF for k, v in fields.items()})


_ERROR = _maybe(code=st.integers(-2, 20), message=st.text(), status=st.text())
_GEMINI_OP = _maybe(
    name=st.text(),
    done=st.booleans(),
    error=_ERROR,
    response=_maybe(
        generateVideoResponse=_maybe(
            generatedSamples=st.lists(
                _maybe(video=_maybe(uri=st.text(), encodedVideo=B64, encoding=st.text()))
            ),
            raiMediaFilteredCount=st.integers(),
            raiMediaFilteredReasons=st.lists(st.text()),
        )
    ),
)
_VERTEX_OP = _maybe(
    name=st.text(),
    done=st.booleans(),
    error=_ERROR,
    response=_maybe(
        videos=st.lists(
            _maybe(
                gcsUri=st.text(), bytesBase64Encoded=B64, mimeType=st.sampled_from(["video/mp4"])
            )
        ),
        raiMediaFilteredCount=st.integers(),
        raiMediaFilteredReasons=st.lists(st.text()),
    ),
)
_INTERACTION = _maybe(
    id=st.text(),
    status=st.sampled_from(omni.STATUSES) | st.text(),
    errors=st.lists(_ERROR),
    output_video=_maybe(data=B64, uri=st.text(), mime_type=st.text()),
    output_text=st.text(),
    generation_config=_maybe(seed=st.integers()),
    steps=st.lists(_maybe(content=st.lists(_maybe(type=st.just("video"), data=B64)))),
)


def _status_or_protocol_error(parse: Callable[[Any], Status], body: Any) -> None:
    try:
        result = parse(body)
    except ProtocolError:
        return
    assert isinstance(result, Status)
    if result.phase is Phase.SUCCEEDED:
        assert result.assets
    if result.phase is Phase.FAILED:
        assert result.failure is not None


def _submission_or_protocol_error(parse: Callable[[Any], Submission], body: Any) -> None:
    try:
        result = parse(body)
    except ProtocolError:
        return
    assert isinstance(result, Submission) and result.ref.remote_id


@settings(max_examples=300, deadline=None)
@given(JSON | _GEMINI_OP)
def test_fuzz_gemini_parse_status(body: Any) -> None:
    _status_or_protocol_error(gemini.parse_status, body)


@settings(max_examples=300, deadline=None)
@given(JSON | _VERTEX_OP)
def test_fuzz_vertex_parse_status(body: Any) -> None:
    _status_or_protocol_error(vertex.parse_status, body)


@settings(max_examples=300, deadline=None)
@given(JSON | _INTERACTION)
def test_fuzz_omni_parse_status(body: Any) -> None:
    _status_or_protocol_error(omni.parse_status, body)


@settings(max_examples=300, deadline=None)
@given(JSON | _maybe(name=st.text(), id=st.text(), status=st.text(), done=st.booleans()))
def test_fuzz_parse_submit(body: Any) -> None:
    _submission_or_protocol_error(gemini.parse_submit, body)
    _submission_or_protocol_error(vertex.parse_submit, body)
    _submission_or_protocol_error(omni.parse_submit, body)


# -- every documented status value -------------------------------------------------------------
_CLIP = base64.b64encode(b"\x00\x00\x00\x18ftypmp42").decode()


@pytest.mark.parametrize(
    ("body", "phase"),
    [
        ({"name": "models/m/operations/1"}, Phase.RUNNING),
        ({"name": "models/m/operations/1", "done": False}, Phase.RUNNING),
        (
            {
                "done": True,
                "response": {
                    "generateVideoResponse": {
                        "generatedSamples": [
                            {"video": {"uri": "https://x/files/a:download?alt=media"}}
                        ]
                    }
                },
            },
            Phase.SUCCEEDED,
        ),
        (
            {
                "done": True,
                "response": {
                    "generateVideoResponse": {
                        "generatedSamples": [{"video": {"encodedVideo": _CLIP}}]
                    }
                },
            },
            Phase.SUCCEEDED,
        ),
        ({"done": True, "error": {"code": 3, "message": "bad"}}, Phase.FAILED),
        ({"done": True, "error": {"code": 1, "message": "Operation cancelled"}}, Phase.CANCELED),
        (
            {"done": True, "response": {"generateVideoResponse": {"raiMediaFilteredCount": 1}}},
            Phase.FAILED,
        ),
        ({"error": {"code": 13, "message": "an error without done"}}, Phase.FAILED),
    ],
)
def test_gemini_operation_states(body: dict[str, Any], phase: Phase) -> None:
    assert gemini.parse_status(body).phase is phase


@pytest.mark.parametrize(
    ("status", "phase", "kind"),
    [
        ("queued", Phase.QUEUED, None),
        ("in_progress", Phase.RUNNING, None),
        ("completed", Phase.SUCCEEDED, None),
        ("failed", Phase.FAILED, FailureKind.PROVIDER),
        ("cancelled", Phase.CANCELED, None),
        ("incomplete", Phase.FAILED, FailureKind.PROVIDER),
        ("budget_exceeded", Phase.FAILED, FailureKind.QUOTA),
        ("requires_action", Phase.FAILED, FailureKind.PROVIDER),
        ("requires_continuation", Phase.FAILED, FailureKind.PROVIDER),
        ("continuation_required", Phase.FAILED, FailureKind.PROVIDER),
    ],
)
def test_every_interaction_status(status: str, phase: Phase, kind: FailureKind | None) -> None:
    body: dict[str, Any] = {"id": "v1_x", "status": status}
    if status == "completed":
        body["output_video"] = {"data": _CLIP, "mime_type": "video/mp4"}
    result = omni.parse_status(body)
    assert result.phase is phase and result.provider_status
    assert (result.failure.kind if result.failure else None) is kind


def test_unknown_or_missing_statuses_are_protocol_errors() -> None:
    with pytest.raises(ProtocolError, match="unknown interaction status 'thinking'"):
        omni.parse_status({"status": "thinking"})
    with pytest.raises(ProtocolError, match="without an interaction status"):
        omni.parse_status({"id": "x"})
    with pytest.raises(ProtocolError, match="not true/false"):
        gemini.parse_status({"done": "yes"})
    with pytest.raises(ProtocolError, match="not valid base64"):
        vertex.parse_status({"done": True, "response": {"videos": [{"bytesBase64Encoded": "%%"}]}})
    with pytest.raises(ProtocolError, match="no operation name"):
        gemini.parse_submit({"done": False})


def test_vertex_rai_and_omni_steps_fallback() -> None:
    filtered = vertex.parse_status(
        {"done": True, "response": {"raiMediaFilteredReasons": ["Child safety"], "videos": []}}
    )
    assert filtered.failure is not None and filtered.failure.kind is FailureKind.MODERATION
    assert filtered.failure.provider_text == "Child safety"
    stepped = omni.parse_status(
        {
            "status": "completed",
            "steps": [
                {
                    "type": "model_output",
                    "content": [{"type": "text", "text": "here"}, {"type": "video", "data": _CLIP}],
                }
            ],
        }
    )
    assert stepped.phase is Phase.SUCCEEDED and stepped.assets[0].data


def test_routes_and_declared_defaults() -> None:
    assert route("vertex/veo-3.1-lite-generate-001").wire_id == "veo-3.1-lite-generate-001"
    assert route("gemini-omni-1.2-flash").api == "omni"
    assert INFO.model(None) is not None and INFO.model(None).id == "gemini-omni-1.1-flash"
    for model in INFO.models:
        assert model.price.source and model.lifecycle.status
        assert model.polling.first_poll_s == 10 and model.polling.max_interval_s == 20
    # "Checked 2026-11": Veo 3.1 $0.40 (720p/1080p) and $0.60 (4k); Fast $0.10 / $0.12 / $0.30.
    v31, fast = (
        INFO.model("vertex/veo-3.1-generate-001"),
        INFO.model("veo-3.1-fast-generate-preview"),
    )
    assert v31 is not None and v31.price.by_resolution == {"720p": 0.4, "1080p": 0.4, "4k": 0.6}
    assert fast is not None and fast.price.by_resolution == {"720p": 0.1, "1080p": 0.12, "4k": 0.3}
    with pytest.raises(KeyError):
        route("veo-9")
