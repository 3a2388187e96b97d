"""What the services panel says about a model: its price basis and its life-cycle status.

The model life cycle (deprecated / retired) is being added to ``ModelCapabilities`` by
another change; until its shape is settled it is read defensively from whatever
attributes exist, so the panel neither breaks nor needs editing when it lands.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.domain.capabilities import ModelCapabilities, PriceUnit
from workbench.domain.spec import GenerationSpec


class LifeKind(enum.StrEnum):
    """Where a model stands in its vendor's life cycle."""

    AVAILABLE = "available"
    DEPRECATED = "deprecated"
    RETIRED = "retired"


@dataclass(frozen=True, slots=True)
class LifeCycle:
    """A model's status as the panel shows it."""

    kind: LifeKind = LifeKind.AVAILABLE
    date: str | None = None
    replacement: str | None = None


_KIND_ATTRS = ("kind", "state", "status", "value", "name")
_DATE_ATTRS = (
    "date",
    "retire_on",
    "retires_on",
    "retired_on",
    "retirement_date",
    "deprecated_on",
    "shutdown",
    "shutdown_on",
    "until",
    "on",
    "since",
)
_REPLACEMENT_ATTRS = ("replacement", "replaced_by", "successor", "use_instead")


def _first(sources: tuple[Any, ...], names: tuple[str, ...]) -> Any:
    for source in sources:
        for name in names:
            value = getattr(source, name, None)
            if value not in (None, ""):
                return value
    return None


def _date_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def life_cycle(model: ModelCapabilities) -> LifeCycle:
    """The model's status, read from ``model.status`` in any of its likely shapes."""
    status = getattr(model, "status", None)
    if status is None:
        return LifeCycle()
    raw = status if isinstance(status, str) else _first((status,), _KIND_ATTRS)
    raw = getattr(raw, "value", raw)
    text = str(raw or "").strip().lower()
    if text.startswith("retire"):
        kind = LifeKind.RETIRED
    elif text.startswith("deprecat"):
        kind = LifeKind.DEPRECATED
    else:
        return LifeCycle()
    sources = (model,) if isinstance(status, str) else (status, model)
    replacement = _first(sources, _REPLACEMENT_ATTRS)
    return LifeCycle(
        kind, _date_text(_first(sources, _DATE_ATTRS)), replacement and str(replacement)
    )


def short_label(model: ModelCapabilities) -> str:
    """The label before its " — " description ("Kling 3.0" of "Kling 3.0 — up to 15 s")."""
    return (model.label or model.id).split(" — ")[0].strip()


def _money(usd: float) -> str:
    """``$0.01``, ``$0.042``, ``$1.84``: two decimals, more only when they matter."""
    text = f"{usd:.4f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"${whole}.{decimals.ljust(2, '0')}"


def money(usd: float) -> str:
    """A cost in dollars with two decimals (``$1.84``)."""
    return f"${usd:,.2f}"


def one_draw_spec(
    model: ModelCapabilities, resolution: str | None, aspect: str | None, audio: bool | None
) -> GenerationSpec:
    """A one-second spec of the row's choices, to price per second."""
    spec = GenerationSpec(prompt="·", duration=1, resolution=resolution, audio=audio)
    resolved = model.resolve(spec)
    if aspect and ":" in aspect:
        resolved = resolved.model_copy(update={"aspect": aspect})
    elif resolved.aspect and ":" not in resolved.aspect:
        # "adaptive" follows the input image; price it as 16:9, the services' reference.
        resolved = resolved.model_copy(update={"aspect": "16:9"})
    return resolved


def price_basis(
    model: ModelCapabilities,
    resolution: str | None = None,
    aspect: str | None = None,
    audio: bool | None = None,
) -> tuple[str, str]:
    """Short price text (``$0.01/s``, ``≈$0.15/s``, ``$0.50/clip``) and a tooltip."""
    rule = model.price
    try:
        spec = one_draw_spec(model, resolution, aspect, audio)
        per = rule.estimate(spec)
    except ValueError:
        return "—", QCoreApplication.translate(
            "ServicesPane", "No list price known for this choice."
        )
    if rule.unit is PriceUnit.CLIP:
        text = QCoreApplication.translate("ServicesPane", "%1/clip").replace("%1", _money(per))
        tip = QCoreApplication.translate("ServicesPane", "List price per clip.")
    elif rule.unit is PriceUnit.KTOKENS:
        text = QCoreApplication.translate("ServicesPane", "≈%1/s").replace("%1", _money(per))
        tip = (
            QCoreApplication.translate(
                "ServicesPane", "Priced per 1,000 tokens (%1); about %2 per second at %3 %4."
            )
            .replace("%1", _money(rule.by_resolution.get(spec.resolution or "", rule.usd)))
            .replace("%2", _money(per))
            .replace("%3", spec.resolution or "")
            .replace("%4", spec.aspect or "")
        )
    else:
        text = QCoreApplication.translate("ServicesPane", "%1/s").replace("%1", _money(per))
        tip = QCoreApplication.translate(
            "ServicesPane", "List price per second of video at %1."
        ).replace("%1", spec.resolution or "")
    if not rule.verified:
        tip += " " + QCoreApplication.translate(
            "ServicesPane", "This price is not confirmed by the service's own price list."
        )
    return text, tip
