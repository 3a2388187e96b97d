"""Words the settings pages show: key status, credential labels, base-URL checks, test results.

Module-level functions translate in the ``SettingsTexts`` context; the rules for base URLs
mirror ``providers._http.check_url`` (a test keeps them in step) but answer in the user's
language instead of raising.
"""

from __future__ import annotations

import enum
import ipaddress
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

from workbench.domain.views import KeyStatus


class Tone(enum.StrEnum):
    """How a status line is shown: each tone has its own icon, so colour is never alone."""

    OK = "ok"
    INFO = "info"
    BUSY = "busy"
    WARNING = "warning"
    ERROR = "error"


def key_status_text(status: KeyStatus | None) -> tuple[str, Tone]:
    """Words for a key's status ("Set (keychain)", "Missing"…) and their tone."""
    if status is None:
        return QCoreApplication.translate("SettingsTexts", "Unknown"), Tone.INFO
    if not status.needed and not status.present:
        return QCoreApplication.translate("SettingsTexts", "No key needed"), Tone.OK
    if not status.present:
        return QCoreApplication.translate("SettingsTexts", "Missing"), Tone.WARNING
    source = status.source or ""
    if source == "keychain":
        return QCoreApplication.translate("SettingsTexts", "Set (keychain)"), Tone.OK
    if source.startswith("env "):
        names = source.removeprefix("env ").replace("+", ", ")
        text = QCoreApplication.translate("SettingsTexts", "Set (environment %1)")
        return text.replace("%1", names), Tone.OK
    return QCoreApplication.translate("SettingsTexts", "Set"), Tone.OK


def field_label(name: str) -> str:
    """Label of one credential field (``ProviderInfo.credential_env`` key)."""
    labels = {
        "api_key": QCoreApplication.translate("SettingsTexts", "API key"),
        "access_key": QCoreApplication.translate("SettingsTexts", "Access key"),
        "secret_key": QCoreApplication.translate("SettingsTexts", "Secret key"),
        "access_token": QCoreApplication.translate("SettingsTexts", "Access token"),
        "service_account_file": QCoreApplication.translate("SettingsTexts", "Service account file"),
    }
    return labels.get(name, name.replace("_", " ").capitalize())


def is_secret_field(name: str) -> bool:
    """Fields holding a secret get password echo; a file path does not."""
    return not name.endswith("_file")


def credential_hint(fields: tuple[str, ...]) -> str:
    """One sentence on which fields to fill when a service accepts several kinds of key."""
    if {"access_key", "secret_key", "api_key"} <= set(fields):
        return QCoreApplication.translate(
            "SettingsTexts", "Enter an access key with its secret key, or an API key."
        )
    if len(fields) > 1:
        return QCoreApplication.translate(
            "SettingsTexts", "Fill in one way of signing in; leave the rest empty."
        )
    return ""


def credential_problem(values: dict[str, str]) -> str | None:
    """Why typed credentials cannot be saved (None when they can)."""
    if not values:
        return QCoreApplication.translate("SettingsTexts", "Type a key first.")
    if ("access_key" in values) != ("secret_key" in values):
        return QCoreApplication.translate(
            "SettingsTexts", "An access key and its secret key are saved together: enter both."
        )
    return None


def keychain_missing_text(env_names: tuple[str, ...] = ()) -> str:
    """For ``show_key_result`` when ``secrets.KeychainUnavailable`` is raised."""
    if env_names:
        text = QCoreApplication.translate(
            "SettingsTexts",
            "There is no system keychain to save the key in. Set %1 in the environment "
            "instead, or start a keychain (for example GNOME Keyring) and try again.",
        )
        return text.replace("%1", " / ".join(env_names))
    return QCoreApplication.translate(
        "SettingsTexts",
        "There is no system keychain to save the key in. Start a keychain (for example "
        "GNOME Keyring) and try again.",
    )


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost."""
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url_problem(text: str) -> str | None:
    """Why a base URL is refused, in words (None when it is fine or empty = default)."""
    url = text.strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return QCoreApplication.translate(
            "SettingsTexts", "Not a web address: it must start with https:// and name a host."
        )
    if parts.scheme == "http" and not is_loopback(host):
        return QCoreApplication.translate(
            "SettingsTexts",
            "Only https:// is allowed, except for this computer "
            "(http://127.0.0.1 or http://localhost): keys must not travel unencrypted.",
        )
    return None


def test_result_text(status: str, detail: str) -> tuple[str, Tone]:
    """Words for a live key check (``LiveCheck.status``), with the service's own detail."""
    words = {
        "ok": (QCoreApplication.translate("SettingsTexts", "The key works."), Tone.OK),
        "auth failed": (
            QCoreApplication.translate("SettingsTexts", "The service refused the key."),
            Tone.ERROR,
        ),
        "unreachable": (
            QCoreApplication.translate("SettingsTexts", "Could not reach the service."),
            Tone.ERROR,
        ),
    }
    text, tone = words.get(
        status, (QCoreApplication.translate("SettingsTexts", "The test failed."), Tone.ERROR)
    )
    return (f"{text}\n{detail}" if detail else text), tone
