"""Each service's model catalogue as data: life cycle per model and billing of failed draws.

Every adapter package ships a ``catalogue.toml`` beside its ``models.py``::

    checked = 2026-11-23               # the day someone last compared it with the vendor
    source = "providers.md, Checked 2026-11"

    [billing]                          # what the service does about failed draws
    failed_draws = "no"                # "no" | "yes" | "unknown"
    source = "kling.ai/dev/pricing: failed videos deduct nothing"

    [models]                           # one line per declared model
    "kling-v3" = { status = "available" }
    "veo-3.0-generate-001" = { status = "retired", date = 2026-06-30, replacement = "…" }

so a model dying is a one-line change, and a test holds the file and the declarations to
each other (every declared model listed, nothing listed that is not declared).
"""

from __future__ import annotations

import datetime
import importlib.resources
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from workbench.domain.capabilities import BillingPolicy, Lifecycle, ModelCapabilities

FILE = "catalogue.toml"


class CatalogueError(ValueError):
    """A catalogue file that does not match its service's declarations."""


@dataclass(frozen=True)
class Catalogue:
    """One service's catalogue: when it was checked, its billing policy, its models."""

    checked: datetime.date
    source: str
    billing: BillingPolicy
    models: dict[str, Lifecycle] = field(default_factory=dict)

    def apply(self, models: Iterable[ModelCapabilities]) -> tuple[ModelCapabilities, ...]:
        """The declared models with their life cycle from this catalogue.

        Raises:
            CatalogueError: a declared model is missing from the catalogue, the catalogue
                lists a model that is not declared, or a replacement is not declared.
        """
        declared = tuple(models)
        ids = {m.id for m in declared}
        missing = sorted(ids - set(self.models))
        extra = sorted(set(self.models) - ids)
        if missing or extra:
            raise CatalogueError(
                f"catalogue and declarations differ: not in the catalogue {missing}, "
                f"not declared {extra}"
            )
        for model_id, life in self.models.items():
            if life.replacement is not None and life.replacement not in ids:
                raise CatalogueError(f"{model_id}'s replacement {life.replacement} is undeclared")
        return tuple(m.model_copy(update={"lifecycle": self.models[m.id]}) for m in declared)


def parse(text: str) -> Catalogue:
    """A catalogue from TOML text.

    Raises:
        CatalogueError: the text is not a catalogue.
    """
    try:
        data = tomllib.loads(text)
        checked = data["checked"]
        if not isinstance(checked, datetime.date):
            raise CatalogueError("`checked` must be a date such as 2026-11-23")
        models: dict[str, Any] = data.get("models", {})
        return Catalogue(
            checked=checked,
            source=str(data.get("source", "")),
            billing=BillingPolicy.model_validate(data.get("billing", {})),
            models={k: Lifecycle.model_validate(v) for k, v in models.items()},
        )
    except (tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
        if isinstance(exc, CatalogueError):
            raise
        raise CatalogueError(f"not a model catalogue: {exc}") from exc


def load(package: str) -> Catalogue:
    """The ``catalogue.toml`` shipped in an adapter package (read once at import)."""
    return parse(importlib.resources.files(package).joinpath(FILE).read_text(encoding="utf-8"))
