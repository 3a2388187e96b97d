"""How each Runway model is addressed on the wire: ``ratio`` tables, fields, credits.

Runway speaks in exact pixel ``ratio`` strings (``"1280:720"``) rather than an aspect plus
a resolution, so each model carries a table from Workbench's ``(aspect, resolution)`` pair
to the string Runway wants, per endpoint: ``gen4.5`` takes more ratios from an image than
from text. Read from the ``runwayml`` 5.24.0 SDK's TypedDicts (providers.md §5); the
resold models' sizes are third-party and marked UNVERIFIED where they appear.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Ratios = Mapping[tuple[str, str], str]


@dataclass(frozen=True)
class WireModel:
    """How one Runway model is addressed on the wire (what the capabilities cannot say).

    Attributes:
        id: Runway's ``model`` value.
        t2v: ``(aspect, resolution)`` → ``ratio`` for ``POST /v1/text_to_video``; empty when
            the model makes video from an image only.
        i2v: the same for ``POST /v1/image_to_video``; empty when it takes no image.
        i2v_ratio: whether ``ratio`` is sent with an image (the resold Kling and Seedance
            models take the frame's shape and refuse the field — third-party, UNVERIFIED).
        seed: sends ``seed``.
        audio: sends ``audio`` (bool).
        negative_prompt: sends ``negativePrompt``.
        content_moderation: sends ``contentModeration.publicFigureThreshold``.
        resolution_field: ``ratio`` is an aspect like ``16:9`` and ``resolution`` is sent
            separately (the resold Grok Imagine).
        credits_per_s: list price in credits per second of video.
        credits_per_s_audio: the same with audio on (0 = no surcharge).
    """

    id: str
    t2v: Ratios
    i2v: Ratios
    i2v_ratio: bool = True
    seed: bool = False
    audio: bool = False
    negative_prompt: bool = False
    content_moderation: bool = False
    resolution_field: bool = False
    credits_per_s: float = 0.0
    credits_per_s_audio: float = 0.0

    def ratios(self, mode: str) -> Ratios:
        """The ratio table for ``"text"`` or ``"image"`` mode."""
        return self.i2v if mode == "image" else self.t2v

    def ratio(self, mode: str, aspect: str, resolution: str) -> str | None:
        """Runway's ``ratio`` string for a spec, or None when the model lacks it."""
        return self.ratios(mode).get((aspect, resolution))


_GEN_T2V: Ratios = {("16:9", "720p"): "1280:720", ("9:16", "720p"): "720:1280"}
# The four extra image-to-video sizes all hold about 720p's pixel count.
_GEN_I2V: Ratios = {
    **_GEN_T2V,
    ("4:3", "720p"): "1104:832",
    ("1:1", "720p"): "960:960",
    ("3:4", "720p"): "832:1104",
    ("21:9", "720p"): "1584:672",
}
_VEO: Ratios = {
    ("16:9", "720p"): "1280:720",
    ("9:16", "720p"): "720:1280",
    ("16:9", "1080p"): "1920:1080",
    ("9:16", "1080p"): "1080:1920",
}
# Third-party (a client repo listing Runway's ratios for kling3.0_pro), UNVERIFIED.
_KLING3: Ratios = {
    ("16:9", "1080p"): "1920:1080",
    ("9:16", "1080p"): "1080:1920",
    ("1:1", "1080p"): "1440:1440",
}
_KLING25: Ratios = {("16:9", "1080p"): "1920:1080", ("9:16", "1080p"): "1080:1920"}


def _sizes() -> Ratios:
    """Seedance 2's 24 exact sizes, as quoted from Runway's own validation error (3p)."""
    rows = {
        "480p": ("992:432", "864:496", "752:560", "640:640", "560:752", "496:864"),
        "720p": ("1470:630", "1280:720", "1112:834", "960:960", "834:1112", "720:1280"),
        "1080p": ("2206:946", "1920:1080", "1664:1248", "1440:1440", "1248:1664", "1080:1920"),
        "4k": ("3840:1646", "3840:2160", "3840:2880", "3840:3840", "2880:3840", "2160:3840"),
    }
    aspects = ("21:9", "16:9", "4:3", "1:1", "3:4", "9:16")
    return {
        (a, res): size
        for res, sizes in rows.items()
        for a, size in zip(aspects, sizes, strict=True)
    }


_SEEDANCE = _sizes()
_GROK_ASPECTS = ("16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3")
_GROK: Ratios = {(a, r): a for r in ("480p", "720p", "1080p") for a in _GROK_ASPECTS}

WIRE: dict[str, WireModel] = {
    m.id: m
    for m in (
        WireModel(
            "gen4.5",
            _GEN_T2V,
            _GEN_I2V,
            seed=True,
            content_moderation=True,
            credits_per_s=12,
        ),
        WireModel("gen4_turbo", {}, _GEN_I2V, seed=True, content_moderation=True, credits_per_s=5),
        WireModel(
            "veo3.1",
            _VEO,
            _VEO,
            seed=True,
            audio=True,
            negative_prompt=True,
            credits_per_s=20,
            credits_per_s_audio=40,
        ),
        WireModel(
            "veo3.1_fast",
            _VEO,
            _VEO,
            seed=True,
            audio=True,
            negative_prompt=True,
            credits_per_s=10,
            credits_per_s_audio=15,
        ),
        WireModel("kling3.0_pro", _KLING3, _KLING3, i2v_ratio=False, audio=True, credits_per_s=15),
        WireModel("kling2.5_turbo_pro", _KLING25, _KLING25, i2v_ratio=False, credits_per_s=8),
        WireModel(
            "seedance2",
            _SEEDANCE,
            _SEEDANCE,
            i2v_ratio=False,
            seed=True,
            audio=True,
            credits_per_s=36,
        ),
        WireModel("grok_imagine_1_5", _GROK, _GROK, resolution_field=True, credits_per_s=5),
    )
}

#: Runway models Workbench knows of but does not offer, with the reason in words.
NOT_OFFERED: dict[str, str] = {
    **dict.fromkeys(
        (
            "kling3.0_standard",
            "kling3.0_4k",
            "klingO3_pro",
            "klingO3_standard",
            "klingO3_4k",
            "kling_4",
        ),
        "its sizes and durations on Runway are not documented well enough yet",
    ),
    **dict.fromkeys(
        ("seedance2_fast", "seedance2_mini", "seedance2_5", "grok_imagine_1_5_lite"),
        "its limits on Runway are not documented well enough yet",
    ),
    **dict.fromkeys(
        ("hailuo3", "h3_max", "wan3", "wan3_prime"),
        "it is sized with Runway-specific values Workbench does not map yet",
    ),
    **dict.fromkeys(
        ("gemini_omni_flash", "gemini_omni_flash_1.1", "happyhorse_1_0"),
        "its request shape is not documented in Workbench's reference yet",
    ),
    **dict.fromkeys(
        ("veo3", "gen4", "gen3a_turbo"),
        "it is an older model; use its newer sibling",
    ),
}
