"""``workbench settings``: show and change preferences (regions, base URLs, concurrency …)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pydantic import ValidationError

from workbench import settings as settings_mod
from workbench.cli.output import EXIT_OK, emit_json, report_problems, say
from workbench.domain.problems import Problem
from workbench.providers import registry
from workbench.providers.errors import ProviderError

_TOP = (
    "default_draws",
    "max_download_gib",
    "sim_render_scale",
    "sim_failure_rate",
    "sim_latency_s",
    "default_budget_usd",
    "default_seed_policy",
    "language",
    "theme",
)
_PROVIDER = ("base_url", "region", "concurrency")


def cmd_settings(args: argparse.Namespace) -> int:
    """Print the saved settings (and which environment overrides are active)."""
    saved = settings_mod.load(apply_env=False)
    active = settings_mod.load()
    data = saved.model_dump(mode="json")
    overrides = {
        pid: url
        for pid in registry.PROVIDERS
        if (url := active.base_url_override(pid)) != saved.provider(pid).base_url
    }
    if args.json:
        emit_json({"settings": data, "environment_overrides": overrides})
        return EXIT_OK
    print(json.dumps(data, ensure_ascii=False, indent=2))
    for pid, url in overrides.items():
        say(f"WORKBENCH_{pid.upper()}_BASE_URL overrides {pid}'s base URL: {url}")
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    """Change one setting (validated before the file is written)."""
    try:
        updated = _apply(settings_mod.load(apply_env=False), args.key, args.value)
    except (ValueError, ProviderError, registry.UnknownProvider) as exc:
        return report_problems([Problem(code="setting", message=str(exc))], "Nothing changed")
    settings_mod.save(updated)
    say(f"{args.key} = {args.value if args.value is not None else '(default)'}")
    return EXIT_OK


def _apply(current: settings_mod.Settings, key: str, raw: str | None) -> settings_mod.Settings:
    data: dict[str, Any] = current.model_dump(mode="json")
    parts = key.split(".")
    if len(parts) == 1 and parts[0] in _TOP:
        if raw is None:
            data.pop(parts[0])
        else:
            data[parts[0]] = raw
    elif len(parts) >= 3 and parts[0] == "providers":
        info = registry.provider_info(parts[1])
        entry = data["providers"].setdefault(parts[1], {})
        field = parts[2]
        if field == "options" and len(parts) == 4:
            options = entry.setdefault("options", {})
            if raw is None:
                options.pop(parts[3], None)
            else:
                options[parts[3]] = _value(raw)
        elif field in _PROVIDER and len(parts) == 3:
            if raw is not None and field == "region" and raw not in info.regions:
                allowed = ", ".join(info.regions) or "none (set base_url instead)"
                raise ValueError(f"{info.label} has no region {raw!r}; choose {allowed}")
            if raw is not None and field == "base_url":
                from workbench.providers._http import check_url

                check_url(raw)
            entry[field] = raw
        else:
            raise ValueError(
                f"unknown setting {key!r}; a provider takes base_url, region, "
                "concurrency or options.NAME"
            )
    else:
        raise ValueError(
            f"unknown setting {key!r}; choose {', '.join(_TOP)} or "
            "providers.ID.(base_url|region|concurrency|options.NAME)"
        )
    try:
        return settings_mod.Settings.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise ValueError(f"{key}: {error['msg']}") from None


def _value(raw: str) -> Any:
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return json.loads(raw) if raw.lstrip("-").replace(".", "", 1).isdigit() else raw
    except ValueError:
        return raw


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``settings``, ``settings set`` and ``settings unset``."""
    show = sub.add_parser("settings", help="show or change preferences (regions, base URLs …)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_settings)
    actions = show.add_subparsers(dest="action", metavar="ACTION")
    set_ = actions.add_parser("set", help="e.g. providers.seedance.region volcengine")
    set_.add_argument("key")
    set_.add_argument("value")
    set_.set_defaults(func=cmd_set)
    unset = actions.add_parser("unset", help="back to the default")
    unset.add_argument("key")
    unset.set_defaults(func=cmd_set, value=None)
