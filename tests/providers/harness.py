"""One harness per adapter and its loopback fake, so the failure matrix is written once.

A harness knows how to start the fake on a :class:`ManualClock`, point the adapter at it,
script the common outcomes (``moderation``, ``failure``, ``no_video``), retire a model,
and answer an error in the vendor's own envelope. ``tests/providers/test_conformance.py``
runs every case against every harness.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.clock import ManualClock
from tests.fakes.grok import FakeGrok
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.runway import FakeRunway
from tests.fakes.seedance import FakeSeedance
from tests.fakes.seedance import envelope as ark_error
from tests.fakes.server import FakeService, Response
from tests.fakes.sora import FakeSora, openai_error
from tests.fakes.veo import FakeGeminiApi, google_error
from tests.fakes.vertex import FakeVertex
from tests.providers import kit
from workbench.domain.capabilities import ProviderInfo
from workbench.providers import registry
from workbench.providers.base import Provider, RemoteRef
from workbench.providers.grok import wire as grok_wire
from workbench.providers.kling import wire as kling_wire
from workbench.providers.runway import wire as runway_wire
from workbench.providers.seedance import wire as seedance_wire
from workbench.providers.sora import wire as sora_wire
from workbench.providers.veo import omni, vertex

KEY = "test-key-0000"
RENDER_S = 60.0  # clock seconds from create to the end; polls step 10 s at a time
_RPC = {400: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
_KLING_CODES = {400: 1201, 429: 1302, 500: 5000, 503: 5001}


@dataclass
class Harness:
    """How the shared suite drives one adapter against its fake."""

    id: str
    provider: str
    model: str
    make_fake: Callable[[ManualClock], FakeService]
    credentials: dict[str, str]
    create: str  # path pattern of the create call (POST)
    status: str  # path pattern of the status call
    error: Callable[[int, str], Response]  # an HTTP error in the vendor's envelope
    parse_status: Callable[[Any], Any]
    parse_submit: Callable[[Any], Any]
    status_method: str = "GET"
    options: dict[str, Any] = field(default_factory=dict)
    base: Callable[[Any], str] = lambda fake: fake.api_base
    secret: str = KEY  # a credential value that must never leak
    lookup: bool = False  # a lost create is found again by our own id
    links: bool = True  # results come as links (expiry and truncation apply)
    refreshes_links: bool = False  # a fresh poll hands out a fresh link
    failed_charged: bool | None = None  # what a failed draw's status says about charges
    reports_cost: bool = True  # a delivered video carries a cost
    retire: Callable[[Any, str], None] = lambda fake, model: fake.retire(model)
    unknown_ref: RemoteRef = field(default_factory=lambda: RemoteRef("no-such/id"))

    def __str__(self) -> str:
        return self.id

    @property
    def info(self) -> ProviderInfo:
        """The provider's declaration."""
        return registry.provider_info(self.provider)

    def start(self, clock: ManualClock) -> Any:
        """The fake, started, with its clock."""
        fake = self.make_fake(clock)
        fake.start()
        return fake

    def adapter(self, fake: Any, clock: ManualClock, **overrides: Any) -> Provider:
        """The adapter pointed at ``fake`` (``credentials=None`` for no key at all)."""
        creds = overrides.pop("credentials", self.credentials)
        options = {**self.options, **overrides.pop("options", {})}
        if self.provider == "kling":
            options.setdefault("clock", clock)  # tokens signed on the fake's own clock
        return kit.adapter(self.provider, self.base(fake), creds, **overrides, **options)

    def bad_credentials(self) -> dict[str, str]:
        """Credentials the fake refuses."""
        return {name: f"wrong-{value[-8:]}" for name, value in self.credentials.items()}

    def draw(self, **spec: Any) -> Any:
        """A text-to-video draw on the harness's model."""
        return kit.draw(self.info, self.model, **spec)


def _kling_error(status: int, message: str) -> Response:
    return Response(status, {"code": _KLING_CODES.get(status, 1200), "message": message})


HARNESSES = [
    Harness(
        id="seedance",
        provider="seedance",
        model="dreamina-seedance-2-0-260128",
        make_fake=lambda clock: FakeSeedance(render_s=RENDER_S, clock=clock),
        credentials={"api_key": KEY},
        create=r"/api/v3/contents/generations/tasks",
        status=r"/api/v3/contents/generations/tasks/[^/]+",
        error=lambda status, message: Response(status, ark_error("ServerError", message)),
        parse_status=seedance_wire.parse_status,
        parse_submit=seedance_wire.parse_submit,
        failed_charged=False,
    ),
    Harness(
        id="kling",
        provider="kling",
        model="kling-v2-6",
        make_fake=lambda clock: FakeKling(render_s=RENDER_S, clock=clock),
        credentials={"access_key": ACCESS_KEY, "secret_key": SECRET_KEY},
        create=r"/v1/videos/text2video",
        status=r"/v1/videos/text2video/[^/]+",
        error=_kling_error,
        parse_status=kling_wire.parse_status,
        parse_submit=kling_wire.parse_submit,
        secret=SECRET_KEY,
        lookup=True,
        failed_charged=False,
    ),
    Harness(
        id="runway",
        provider="runway",
        model="gen4.5",
        make_fake=lambda clock: FakeRunway(render_s=RENDER_S, clock=clock),
        credentials={"api_key": KEY},
        create=r"/v1/text_to_video",
        status=r"/v1/tasks/[^/]+",
        error=lambda status, message: Response(status, {"error": message}),
        parse_status=runway_wire.parse_status,
        parse_submit=runway_wire.parse_submit,
        refreshes_links=True,
        failed_charged=False,  # a finished task reports its credits: zero for a failure
    ),
    Harness(
        id="grok",
        provider="grok",
        model="grok-imagine-video",
        make_fake=lambda clock: FakeGrok(render_s=RENDER_S, clock=clock),
        credentials={"api_key": KEY},
        create=r"/v1/videos/generations",
        status=r"/v1/videos/[^/]+",
        error=lambda status, message: Response(status, {"code": str(status), "error": message}),
        parse_status=grok_wire.parse_status,
        parse_submit=grok_wire.parse_submit,
    ),
    Harness(
        id="sora",
        provider="sora",
        model="sora-2",
        make_fake=lambda clock: FakeSora(render_s=RENDER_S, clock=clock),
        credentials={"api_key": KEY},
        create=r"/openai/v1/videos",
        status=r"/openai/v1/videos/[^/]+",
        error=lambda status, message: openai_error(status, message, "server_error"),
        parse_status=sora_wire.parse_status,
        parse_submit=sora_wire.parse_submit,
        retire=lambda fake, _model: fake.retire("model"),
    ),
    Harness(
        id="veo-omni",
        provider="veo",
        model="gemini-omni-1.1-flash",
        make_fake=lambda clock: FakeGeminiApi(render_s=RENDER_S, clock=clock),
        credentials={"api_key": KEY},
        create=r"/v1beta/interactions",
        status=r"/v1beta/interactions/[^/]+",
        error=lambda status, message: google_error(status, message, _RPC.get(status, "UNKNOWN")),
        parse_status=omni.parse_status,
        parse_submit=omni.parse_submit,
        options={"omni_delivery": "uri"},
    ),
    Harness(
        id="veo-vertex",
        provider="veo",
        model="vertex/veo-3.1-lite-generate-001",
        make_fake=lambda clock: FakeVertex(render_s=RENDER_S, clock=clock),
        credentials={"access_token": "ya29.test-token"},
        create=r"/v1/projects/[^/]+/locations/[^/]+/publishers/google/models/[^/:]+"
        r":predictLongRunning",
        status=r"/v1/projects/.+:fetchPredictOperation",
        status_method="POST",
        error=lambda status, message: google_error(status, message, _RPC.get(status, "UNKNOWN")),
        parse_status=vertex.parse_status,
        parse_submit=vertex.parse_submit,
        options={"region": "vertex-us-central1", "project": "my-project"},
        secret="ya29.test-token",
        links=False,  # Vertex answers with the clip inline
        retire=lambda fake, model: fake.retire(model.removeprefix("vertex/")),
        unknown_ref=RemoteRef(
            "projects/my-project/locations/us-central1/publishers/google/models/"
            "veo-3.1-lite-generate-001/operations/no-such-op"
        ),
    ),
]
