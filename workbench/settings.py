"""App preferences: a versioned pydantic model saved as JSON in the data directory.

Environment variables override the file for one process: ``WORKBENCH_<PROVIDER>_BASE_URL``,
``WORKBENCH_SIM_RENDER_SCALE``, ``WORKBENCH_SIM_FAILURE_RATE``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from workbench import paths

VERSION = 1


class ProviderSettings(BaseModel):
    """Per-provider choices: where to send, how many at once, service options."""

    base_url: str | None = None
    region: str | None = None
    concurrency: int | None = Field(default=None, ge=1, le=200)
    options: dict[str, Any] = Field(default_factory=dict)


class Settings(BaseModel):
    """Everything the user can set outside the keychain."""

    version: int = VERSION
    providers: dict[str, ProviderSettings] = Field(default_factory=dict)
    # Draws per service when a run does not say (`run --draws`, a new row in the window).
    default_draws: int = Field(default=1, ge=1, le=100)
    max_download_gib: float = Field(default=2.0, gt=0, le=64)
    sim_render_scale: float = Field(default=1.0, ge=0, le=100)
    sim_failure_rate: float = Field(default=0.08, ge=0, le=1)
    #: Seconds the sim waits on every request, like a far-away service (0: none).
    sim_latency_s: float = Field(default=0.0, ge=0, le=30)
    #: Budget a run is checked against before sending (None: no budget).
    default_budget_usd: float | None = Field(default=None, gt=0)
    #: Seed policy the desktop starts new rows with: random, fixed or sequence.
    default_seed_policy: str = Field(default="random", pattern="^(random|fixed|sequence)$")
    #: "auto" follows the system locale; "en" or "zh_CN" force a language.
    language: str = Field(default="auto", pattern="^(auto|en|zh_CN)$")
    #: "system" follows the desktop's light/dark setting; "light" or "dark" force one.
    theme: str = Field(default="system", pattern="^(system|light|dark)$")

    def provider(self, provider_id: str) -> ProviderSettings:
        """Settings of one provider (defaults when unset)."""
        return self.providers.get(provider_id, ProviderSettings())

    def base_url_override(self, provider_id: str) -> str | None:
        """``WORKBENCH_<ID>_BASE_URL``, else the saved base URL."""
        env = os.environ.get(f"WORKBENCH_{provider_id.upper()}_BASE_URL")
        return env or self.provider(provider_id).base_url

    def with_env(self) -> Settings:
        """A copy with the sim's environment overrides applied."""
        update: dict[str, Any] = {}
        for name, field_name in (
            ("WORKBENCH_SIM_RENDER_SCALE", "sim_render_scale"),
            ("WORKBENCH_SIM_FAILURE_RATE", "sim_failure_rate"),
            ("WORKBENCH_SIM_LATENCY", "sim_latency_s"),
        ):
            if os.environ.get(name):
                update[field_name] = float(os.environ[name])
        return self.model_copy(update=update)


class SettingsError(ValueError):
    """The settings file cannot be read; the message names the file and the problem."""


def load(path: Path | None = None, *, apply_env: bool = True) -> Settings:
    """Read the settings (defaults when the file does not exist).

    Args:
        path: the file (default: ``settings.json`` in the data directory).
        apply_env: apply this process's environment overrides (off when editing the file,
            so an override is never written back).
    """
    path = path or paths.settings_file()
    if not path.exists():
        return Settings().with_env() if apply_env else Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError(f"{path} is not valid JSON ({exc}); fix or delete it") from None
    if isinstance(data, dict) and int(data.get("version", 1)) > VERSION:
        raise SettingsError(f"{path} was written by a newer Workbench; it was left unchanged")
    try:
        loaded = Settings.model_validate(data)
        return loaded.with_env() if apply_env else loaded
    except ValidationError as exc:
        raise SettingsError(f"{path} has invalid values: {exc.errors()[0]['msg']}") from None


def save(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temp file, then rename)."""
    path = path or paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, path)
