"""Every sentence the inspector says about a take, in one translation context ("Inspector").

The record, the lineage on the tile's tooltip, the reason chips and the undo texts are worded
here, so the inspector, the board and the Take menu say the same thing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime

from workbench.domain.takes import FailureReason
from workbench.ui.board import words

# Called by this name with literal arguments so pyside6-lupdate finds every string.
translate = QCoreApplication.translate

#: The reason chips in the order they are offered (the issue's order).
REASONS: tuple[str, ...] = tuple(r.value for r in FailureReason)


def reason_label(chip: str) -> str:
    """A reason chip in the UI language ("hands" → "Hands"); unknown chips as they are."""
    labels = {
        "hands": translate("Inspector", "Hands"),
        "face": translate("Inspector", "Face"),
        "physics": translate("Inspector", "Physics"),
        "camera": translate("Inspector", "Camera"),
        "text": translate("Inspector", "Text"),
        "off-prompt": translate("Inspector", "Off-prompt"),
        "style": translate("Inspector", "Style"),
        "artefacts": translate("Inspector", "Artefacts"),
        "other": translate("Inspector", "Other"),
    }
    return labels.get(chip, chip)


def reason_tip(chip: str) -> str:
    """What a chip means, for its tooltip."""
    tips = {
        "hands": translate("Inspector", "Hands or fingers are wrong"),
        "face": translate("Inspector", "A face is distorted or changes"),
        "physics": translate("Inspector", "Motion or physics is impossible"),
        "camera": translate("Inspector", "The camera drifts or moves wrongly"),
        "text": translate("Inspector", "Text or signs are garbled"),
        "off-prompt": translate("Inspector", "It does not show what the prompt asks"),
        "style": translate("Inspector", "The look or style is wrong"),
        "artefacts": translate("Inspector", "Flicker, smears or other artefacts"),
        "other": translate("Inspector", "Another reason (say which in a note)"),
    }
    return tips.get(chip, chip)


def lineage(draw_no: int, model_label: str, parent_take_id: int | None) -> str:
    """Where a draw comes from.

    "Draw 7 of this prompt version on Kling v3 · rerolled from take 41".
    """
    text = (
        translate("Inspector", "Draw %1 of this prompt version on %2")
        .replace("%1", str(draw_no))
        .replace("%2", model_label)
    )
    if parent_take_id is not None:
        text += " · " + rerolled_from(parent_take_id)
    return text


def rerolled_from(parent_take_id: int) -> str:
    """The parent of a reroll: "rerolled from take 41"."""
    return translate("Inspector", "rerolled from take %1").replace("%1", str(parent_take_id))


def version_text(version: int, prompt_id: int) -> str:
    """A prompt version: "v3 of prompt 12"."""
    return (
        translate("Inspector", "v%1 of prompt %2")
        .replace("%1", str(version))
        .replace("%2", str(prompt_id))
    )


def spec_text(params: dict[str, Any]) -> str:
    """Duration, aspect, resolution and audio of a draw: "5 s · 16:9 · 720p · with audio"."""
    parts = []
    if params.get("duration"):
        parts.append(translate("Inspector", "%1 s").replace("%1", str(params["duration"])))
    for key in ("aspect", "resolution"):
        if params.get(key):
            parts.append(str(params[key]))
    audio = params.get("audio")
    if audio is not None:
        parts.append(
            translate("Inspector", "with audio") if audio else translate("Inspector", "silent")
        )
    return " · ".join(parts) or "—"


def frame_name(value: object) -> str | None:
    """The file name of a first- or last-frame image in a spec (None when there is none)."""
    path = value.get("path") if isinstance(value, dict) else None
    if not path:
        return None
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


def frames_text(params: dict[str, Any]) -> str:
    """The input images: "first: a.png · last: b.png", or "none"."""
    first = frame_name(params.get("first_frame"))
    last = frame_name(params.get("last_frame"))
    parts = []
    if first:
        parts.append(translate("Inspector", "first: %1").replace("%1", first))
    if last:
        parts.append(translate("Inspector", "last: %1").replace("%1", last))
    return " · ".join(parts) if parts else translate("Inspector", "none")


def seed_text(seed: int | None, supported: bool = True) -> str:
    """The seed, or why there is none."""
    if seed is not None:
        return str(seed)
    if not supported:
        return translate("Inspector", "none (this model takes no seed)")
    return translate("Inspector", "not known")


def charged_text(charged: bool | None) -> str:
    """Whether the service billed the draw: "charged: yes / no / unknown"."""
    word = {
        True: translate("Inspector", "yes"),
        False: translate("Inspector", "no"),
        None: translate("Inspector", "unknown"),
    }[charged]
    return translate("Inspector", "charged: %1").replace("%1", word)


def cost_text(est_usd: float | None, cost_usd: float | None, charged: bool | None) -> str:
    """Estimate, bill and whether charged: "est. $0.42 · billed $0.40 · charged: yes"."""
    parts = []
    if est_usd is not None:
        parts.append(translate("Inspector", "est. %1").replace("%1", words.money(est_usd)))
    if cost_usd is not None and charged is not False:
        parts.append(translate("Inspector", "billed %1").replace("%1", words.money(cost_usd)))
    parts.append(charged_text(charged))
    return " · ".join(parts)


def seconds_text(seconds: float | None) -> str:
    """A render time: "83 s", "4.2 s", or "—"."""
    if seconds is None:
        return "—"
    shown = f"{seconds:.1f}" if seconds < 10 else f"{seconds:.0f}"
    return translate("Inspector", "%1 s").replace("%1", shown)


def clip_text(
    duration: float | None,
    width: int | None,
    height: int | None,
    fps: float | None,
    codec: str | None,
) -> str:
    """The file as probed: "4.0 s · 854×480 · 24 fps · h264"."""
    parts = []
    if duration:
        parts.append(translate("Inspector", "%1 s").replace("%1", f"{duration:.1f}"))
    if width and height:
        parts.append(f"{width}×{height}")
    if fps:
        parts.append(translate("Inspector", "%1 fps").replace("%1", f"{fps:g}"))
    if codec:
        parts.append(codec)
    return " · ".join(parts) or "—"


def when_text(epoch_s: float | None) -> str:
    """A moment as "2026-11-30 14:02" (local time)."""
    if not epoch_s:
        return "—"
    # ISO order reads the same in every language (and a "C" locale's short format does not).
    return QDateTime.fromSecsSinceEpoch(int(epoch_s)).toString("yyyy-MM-dd HH:mm")


def stars_text(stars: int | None) -> str:
    """A rating in words: "4 stars" / "no rating"."""
    # Spelled out, one literal each: lupdate sees no plural in a module-level translate().
    words_for = {
        1: translate("Inspector", "1 star"),
        2: translate("Inspector", "2 stars"),
        3: translate("Inspector", "3 stars"),
        4: translate("Inspector", "4 stars"),
        5: translate("Inspector", "5 stars"),
    }
    if stars is None:
        return translate("Inspector", "no rating")
    return words_for.get(stars, str(stars))
