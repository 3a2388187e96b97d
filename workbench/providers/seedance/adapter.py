"""The Seedance adapter: content-generation tasks on BytePlus ModelArk or Volcengine Ark.

One asynchronous task per draw: ``POST /contents/generations/tasks`` with a ``content[]``
list (the prompt, and images as base64 data URLs with their role), then
``GET /contents/generations/tasks/{id}`` until ``succeeded``, whose ``content.video_url`` is
a signed link that needs no key and lasts 24 hours. The task echoes the seed it used and the
tokens it billed. Seedance takes no caller id, so a submit whose answer was lost cannot be
looked up (the engine marks it ``unknown``).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from workbench.domain.capabilities import AudioSupport, ModelCapabilities
from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest, ImageInput
from workbench.providers.base import Phase, Provider, RemoteRef, Status, Submission
from workbench.providers.errors import (
    ProtocolError,
    ProviderError,
    ProviderRefused,
    ProviderStatusError,
)
from workbench.providers.images import data_url, image_mime, read_image
from workbench.providers.seedance.models import (
    ADAPTIVE,
    BYTEPLUS,
    COUNTERPART,
    IMAGE_MAX_PX,
    INFO,
    REQUEST_MAX_BYTES,
    VOLCENGINE,
    region_of_model,
)
from workbench.providers.seedance.wire import (
    LEGACY_FLAGS,
    build_body,
    classify,
    is_moderation_code,
    parse_status,
    parse_submit,
    refusal,
)

TASKS = "/contents/generations/tasks"


class SeedanceProvider(Provider):
    """Adapter for Seedance's content-generation-task API."""

    info = INFO

    # -- region ---------------------------------------------------------------------------
    @property
    def region(self) -> str | None:
        """The chosen region: the setting, else the base URL's host; None for other hosts."""
        chosen = self.config.options.get("region")
        if isinstance(chosen, str) and chosen in self.info.regions:
            return chosen
        host = (urlsplit(self.base_url).hostname or "").lower()
        if host.endswith("volces.com"):
            return VOLCENGINE
        if host.endswith("bytepluses.com"):
            return BYTEPLUS
        return None

    # -- validation -----------------------------------------------------------------------
    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """Seedance's own rules beyond the declared capabilities."""
        spec = request.spec
        problems: list[Problem] = []
        region = self.region
        home = region_of_model(model.id)
        if region is not None and home is not None and home != region:
            where = "Volcengine (China)" if region == VOLCENGINE else "BytePlus (international)"
            problems.append(
                Problem(
                    code="model_region",
                    field="model",
                    allowed=(COUNTERPART[model.id],),
                    message=f"{model.id} is a {home.capitalize()} model id, but Seedance is set "
                    f"to the {where} region; choose {COUNTERPART[model.id]} instead, or switch "
                    "the region",
                )
            )
        if spec.aspect == ADAPTIVE and spec.first_frame is None and not spec.reference_images:
            problems.append(
                Problem(
                    code="adaptive_needs_image",
                    field="aspect",
                    message="the adaptive ratio follows the input image; give a first frame, "
                    "or choose a fixed ratio such as 16:9",
                )
            )
        if spec.reference_images and spec.first_frame is not None:
            problems.append(
                Problem(
                    code="references_with_frames",
                    field="reference_images",
                    message="Seedance takes either first/last frames or reference images, "
                    "not both in one draw; drop one of them",
                )
            )
        images = _images(spec.first_frame, spec.last_frame, spec.reference_images)
        for role, image in images:
            if max(image.width, image.height) > IMAGE_MAX_PX:
                problems.append(
                    Problem(
                        code="image_large",
                        field=role.replace(" ", "_"),
                        message=f"the {role} is {image.width}×{image.height}; Seedance takes at "
                        f"most {IMAGE_MAX_PX} px on each side",
                    )
                )
        total = sum(image.bytes for _role, image in images)
        if total * 4 / 3 > REQUEST_MAX_BYTES:  # base64 grows the images by a third
            problems.append(
                Problem(
                    code="request_bytes",
                    field="reference_images",
                    message=f"the images add up to {total / 1e6:.1f} MB, over the "
                    f"{REQUEST_MAX_BYTES / 1e6:.0f} MB Seedance takes in one request once "
                    "encoded; use fewer or smaller images",
                )
            )
        lowered = spec.prompt.lower()
        flags = [flag for flag in LEGACY_FLAGS if f"{flag} " in f"{lowered} "]
        if flags:
            problems.append(
                Problem(
                    code="prompt_flags",
                    field="prompt",
                    message=f"the prompt contains the command {flags[0]}, which Seedance would "
                    "read as a setting; remove it and use Workbench's duration, ratio, "
                    "resolution and seed settings instead",
                )
            )
        for name in ("watermark", "camera_fixed"):
            value = spec.options.get(name)
            if value is not None and not isinstance(value, bool):
                problems.append(
                    Problem(
                        code="option_type",
                        field=name,
                        message=f"the Seedance option {name} must be on or off (true or false), "
                        f"not {value!r}",
                    )
                )
        return problems

    # -- wire calls -----------------------------------------------------------------------
    async def submit(self, request: DrawRequest) -> Submission:
        """Create the task (sent once; the HTTP policy only retries when it was not taken)."""
        model = self.info.model(request.model)
        if model is None:
            raise ProviderRefused(
                Failure(
                    kind=FailureKind.INVALID,
                    code="model",
                    message=f"Seedance has no model {request.model!r}",
                )
            )
        self.require("api_key")  # fail before reading images when no key is set
        spec = request.spec
        images: dict[str, list[str]] = {}
        for role, image in (
            ("first_frame", spec.first_frame),
            ("last_frame", spec.last_frame),
            *(("reference_image", r) for r in spec.reference_images),
        ):
            if image is not None:
                images.setdefault(role, []).append(await _read_image(image, role))
        body = build_body(
            request, images=images, with_audio_flag=model.audio is not AudioSupport.NONE
        )
        answer = await self.send_create(model.id, TASKS, json=body)
        refused = refusal(answer)
        if refused is not None:
            raise ProviderRefused(refused)
        created = parse_submit(answer)
        ref = RemoteRef(
            created.ref.remote_id,
            data={
                "model": model.id,
                "resolution": spec.resolution,
                "audio": bool(spec.audio),
                "region": self.region or "",
            },
        )
        return Submission(ref=ref, seed=request.seed, provider_status="queued")

    async def poll(self, ref: RemoteRef) -> Status:
        """The task's state, seed and (for a delivered video only) its cost."""
        body = await self.http.json("GET", self._task_path(ref))
        usd, cny = self._rates(ref, body)
        return self.settle(parse_status(body, usd, cny))

    async def cancel(self, ref: RemoteRef) -> bool:
        """Cancel a queued task.

        ``DELETE`` cancels a queued task but *deletes the record* of a finished one (and is
        refused for a running one), so the task is read first and only a queued one is
        deleted: a clip that finished meanwhile must stay downloadable.
        """
        try:
            status = await self.poll(ref)
            if status.phase is not Phase.QUEUED:
                return False
            await self.http.request("DELETE", self._task_path(ref))
        except ProviderError:
            return False
        return True

    async def live_probe(self) -> str:
        """List one task: authenticated, generates nothing, costs nothing."""
        body = await self.http.json("GET", TASKS, params={"page_size": 1})
        if not isinstance(body, dict) or not ("items" in body or "total" in body):
            raise ProtocolError("the task list came back in an unknown shape")
        return f"{self.region or 'custom'} at {self.base_url}"

    def refine(self, error: ProviderStatusError) -> ProviderError:
        """HTTP errors whose vendor code says more than the status (moderation on create)."""
        return _refine(error)

    @staticmethod
    def _task_path(ref: RemoteRef) -> str:
        return f"{TASKS}/{quote(ref.remote_id, safe='')}"

    def _rates(self, ref: RemoteRef, body: object) -> tuple[float | None, float | None]:
        """USD and CNY per 1K tokens for this task (None where no such price is known)."""
        fields = body if isinstance(body, dict) else {}
        model_id = ref.data.get("model") or fields.get("model")
        model = self.info.model(model_id) if isinstance(model_id, str) else None
        if model is None:
            return None, None
        resolution = str(ref.data.get("resolution") or fields.get("resolution") or "")
        audio = bool(ref.data.get("audio"))
        if region_of_model(model.id) == VOLCENGINE:
            # Volcengine bills in yuan: the record keeps tokens and yuan, never a converted USD.
            return None, model.price.native_rate(resolution, audio)
        return model.price.rate(resolution, audio), None


def _refine(error: ProviderStatusError) -> ProviderError:
    """HTTP errors whose vendor code says more than the status (moderation on create)."""
    if is_moderation_code(error.code):
        return ProviderRefused(classify(error.code, error.provider_text))
    if "notopen" in error.code.lower():
        return ProviderRefused(
            Failure(
                kind=FailureKind.AUTH,
                code=error.code,
                message="Seedance has not activated this model for this key; activate it in "
                "the ModelArk (or Ark) console",
                provider_text=error.provider_text,
            )
        )
    return error


async def _read_image(image: ImageInput, role: str) -> str:
    """A local image as the data URL Seedance takes in ``image_url.url``."""
    data = await read_image(image, role.replace("_", " "))
    return data_url(data, image_mime(data, image.mime_type))


def _images(
    first: ImageInput | None, last: ImageInput | None, refs: tuple[ImageInput, ...]
) -> list[tuple[str, ImageInput]]:
    found = [("first frame", first), ("last frame", last)]
    found += [("reference image", r) for r in refs]
    return [(role, image) for role, image in found if image is not None]
