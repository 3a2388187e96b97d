"""API keys: the OS keychain through keyring, with the vendors' environment variables.

Keys live only in the keychain (service ``workbench``, one entry per provider holding a
small JSON object) or in the environment. They never reach the database, logs, exports or
error messages: :class:`SecretScrubber` removes any loaded key from log records.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping

from workbench.domain.credentials import Credentials

SERVICE = "workbench"

_known: set[str] = set()
_known_lock = threading.Lock()


class KeychainUnavailable(RuntimeError):
    """No usable system keychain; the message points at the environment route."""


def _remember(values: Mapping[str, str]) -> None:
    with _known_lock:
        _known.update(v for v in values.values() if v and len(v) >= 4)


def scrub(text: str) -> str:
    """Replace every key this process has loaded with ``***``."""
    with _known_lock:
        secrets = sorted(_known, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


class SecretScrubber(logging.Filter):
    """Logging filter that scrubs loaded keys from every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without secrets; never drops it."""
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def _keyring_error(exc: Exception, env_names: tuple[str, ...]) -> KeychainUnavailable:
    route = " or ".join(env_names) if env_names else "the provider's environment variable"
    return KeychainUnavailable(
        f"no system keychain is available ({type(exc).__name__}). Set the key in the "
        f"environment instead ({route}), or start a keychain (e.g. gnome-keyring) and retry."
    )


def load_credentials(
    provider_id: str, credential_env: Mapping[str, tuple[str, ...]]
) -> Credentials | None:
    """The provider's credentials: keychain first, then the environment; None if neither."""
    stored = _from_keyring(provider_id)
    if stored:
        _remember(stored)
        return Credentials(stored, source="keychain")
    values: dict[str, str] = {}
    sources = []
    for name, env_names in credential_env.items():
        for env in env_names:
            if os.environ.get(env):
                values[name] = os.environ[env]
                sources.append(env)
                break
    if not values:
        return None
    _remember(values)
    return Credentials(values, source="env " + "+".join(sources))


def keychain_has(provider_id: str) -> bool:
    """True when the keychain holds an entry for this provider (False without a keychain)."""
    return _from_keyring(provider_id) is not None


def _from_keyring(provider_id: str) -> dict[str, str] | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        raw = keyring.get_password(SERVICE, provider_id)
    except (KeyringError, RuntimeError, OSError):
        return None  # no keychain: the environment route still works
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return {"api_key": raw}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None


def store_credentials(
    provider_id: str, values: Mapping[str, str], env_names: tuple[str, ...] = ()
) -> None:
    """Save credentials in the keychain.

    Raises:
        KeychainUnavailable: there is no usable keychain.
    """
    import keyring
    from keyring.errors import KeyringError

    clean = {k: v.strip() for k, v in values.items() if v and v.strip()}
    if not clean:
        raise ValueError("the key is empty")
    try:
        keyring.set_password(SERVICE, provider_id, json.dumps(clean))
    except (KeyringError, RuntimeError, OSError) as exc:
        raise _keyring_error(exc, env_names) from None
    _remember(clean)


def delete_credentials(provider_id: str, env_names: tuple[str, ...] = ()) -> bool:
    """Remove a provider's keychain entry; False when there was none.

    Raises:
        KeychainUnavailable: there is no usable keychain.
    """
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, provider_id)
    except PasswordDeleteError:
        return False
    except (KeyringError, RuntimeError, OSError) as exc:
        raise _keyring_error(exc, env_names) from None
    return True


def parse_key_input(text: str, fields: tuple[str, ...]) -> dict[str, str]:
    """Credentials typed on stdin: ``KEY``, or ``ACCESS:SECRET`` for two-part keys (Kling)."""
    line = text.strip()
    if not line:
        raise ValueError("no key was given on standard input")
    if "access_key" in fields and "secret_key" in fields and ":" in line:
        access, _, secret = line.partition(":")
        return {"access_key": access.strip(), "secret_key": secret.strip()}
    return {"api_key": line}
