"""``providers``, ``keys`` and ``doctor``: what is available and whether keys work."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from workbench import secrets
from workbench import settings as settings_mod
from workbench.cli.output import EXIT_OK, EXIT_SOME_FAILED, emit_lines, report_problems, say
from workbench.domain.problems import Problem
from workbench.providers import registry

if TYPE_CHECKING:
    from workbench.engine.setup import ProviderSetup

DOCTOR_COLUMNS = ("provider", "key", "key_source", "base_url", "live", "detail")


def _setup() -> ProviderSetup:
    from workbench.engine.setup import ProviderSetup

    return ProviderSetup(settings_mod.load())


def cmd_providers(args: argparse.Namespace) -> int:
    """Every provider and model: life cycle, price basis, billing of failed draws, key, URL.

    Reads declarations only (no adapter, no network stack), so it answers at once.
    """
    setup = _setup()
    rows: list[dict[str, Any]] = []
    for pid in registry.PROVIDERS:
        info = registry.provider_info(pid)
        rows.append(
            {
                "provider": pid,
                "label": info.label,
                "key": "not needed"
                if not info.needs_key
                else ("present" if setup.has_key(pid) else "missing"),
                "base_url": setup.base_url(pid),
                "env": list(info.env_keys),
                "regions": info.regions,
                "default_model": info.default_model,
                "failed_draws_charged": info.billing.failed_draws.value,
                "billing_source": info.billing.source,
                "catalogue_checked": info.catalogue_checked,
                "models": [
                    {
                        **m.model_dump(mode="json"),
                        "status": m.lifecycle.status.value,
                        "status_text": m.lifecycle.describe(),
                        "price_basis": m.price.describe(),
                    }
                    for m in info.models
                ],
            }
        )
    if args.json:
        emit_lines(rows, True, ())
    else:
        _print_providers(rows)
    return EXIT_OK


def _print_providers(rows: list[dict[str, Any]]) -> None:
    """A readable listing: one block per provider, one line per model (nothing cut off)."""
    for row in rows:
        checked = row["catalogue_checked"] or "never"
        print(
            f"{row['provider']} — {row['label']} · key {row['key']} · {row['base_url']} "
            f"· catalogue checked {checked}"
        )
        print(f"  failed draws charged: {row['failed_draws_charged']} ({row['billing_source']})")
        width = max(len(m["id"]) for m in row["models"])
        for model in row["models"]:
            default = " (default)" if model["id"] == row["default_model"] else ""
            note = model["lifecycle"]["note"]
            status = model["status_text"] + (f" — {note}" if note else "")
            print(f"  {model['id'].ljust(width)}  {status}{default}")
            print(f"  {' ' * width}  price: {model['price_basis']}")
        print()


def cmd_keys(args: argparse.Namespace) -> int:
    """Store or delete a provider's key in the OS keychain (read from stdin, never argv)."""
    from workbench.cli.session import EngineSession

    try:
        info = registry.provider_info(args.provider)
    except registry.UnknownProvider as exc:
        return report_problems([Problem(code="provider", message=str(exc))], "Nothing changed")
    if not info.needs_key:
        say(f"{info.label} needs no key.")
        return EXIT_OK
    try:
        if args.action == "delete":
            present = secrets.keychain_has(args.provider)
            with EngineSession(args, progress=False) as session:
                session.call(lambda e: e.delete_key(args.provider))
            say(
                f"Key for {info.label} removed from the keychain."
                if present
                else f"There was no key for {info.label} in the keychain."
            )
            return EXIT_OK
        fields = tuple(info.credential_env)
        if sys.stdin.isatty():
            hint = " (ACCESS_KEY:SECRET_KEY, or an API key)" if "secret_key" in fields else ""
            text = getpass.getpass(f"Key for {info.label}{hint}: ")
        else:
            text = sys.stdin.readline()
        values = secrets.parse_key_input(text, fields)
        with EngineSession(args, progress=False) as session:
            session.call(lambda e: e.store_key(args.provider, values))
    except secrets.KeychainUnavailable as exc:
        return report_problems([Problem(code="keychain", message=str(exc))], "Nothing stored")
    except ValueError as exc:
        return report_problems([Problem(code="key", message=str(exc))], "Nothing stored")
    say(f"Key for {info.label} stored in the system keychain.")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    """Keys per provider; with ``--live`` one cheap non-generating request each."""
    from workbench.cli.session import EngineSession

    ids = list(registry.PROVIDERS)
    with EngineSession(args, progress=False) as session:
        statuses = session.call(lambda e: e.key_status(ids))
        base_urls = {pid: session.host.setup.base_url(pid) for pid in ids}
        live_ids = [pid for pid in ids if statuses[pid].usable]
        checks = session.call(lambda e: e.check_keys(live_ids)) if args.live else {}
    rows = []
    for pid in ids:
        status = statuses[pid]
        row: dict[str, Any] = {
            "provider": pid,
            "key": "not needed"
            if not status.needed
            else ("present" if status.present else "missing"),
            "key_source": status.source,
            "base_url": base_urls[pid],
            "live": None,
            "detail": None,
        }
        if pid in checks:
            row["live"], row["detail"] = checks[pid].status, checks[pid].detail
        elif args.live:
            row["live"] = "skipped (no key)"
        rows.append(row)
    emit_lines(rows, args.json, DOCTOR_COLUMNS)
    failing = [r for r in rows if r["live"] not in (None, "ok", "skipped (no key)")]
    return EXIT_SOME_FAILED if failing else EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``providers``, ``keys`` and ``doctor``."""
    providers = sub.add_parser(
        "providers", help="models with status and price, billing of failed draws, keys"
    )
    providers.add_argument("--json", action="store_true")
    providers.set_defaults(func=cmd_providers)

    keys = sub.add_parser("keys", help="store or delete a key in the OS keychain (from stdin)")
    keys.add_argument("action", choices=["set", "delete"])
    keys.add_argument("provider")
    keys.set_defaults(func=cmd_keys)

    doctor = sub.add_parser("doctor", help="check keys; --live also checks each service")
    doctor.add_argument(
        "--live",
        action="store_true",
        help="one cheap authenticated request per service (never a paid one)",
    )
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(func=cmd_doctor)
