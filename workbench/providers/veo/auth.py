"""Bearer tokens for Vertex AI: a ready access token, or one minted from a service account.

The plain route needs nothing extra: ``VERTEX_ACCESS_TOKEN`` holds the output of
``gcloud auth print-access-token`` (valid for about an hour). When the optional
``google-auth`` package (with its ``requests`` transport: ``pip install
"google-auth[requests]"``) is importable and ``GOOGLE_APPLICATION_CREDENTIALS`` names a
credentials file, tokens are minted and renewed from it. Workbench does not depend on
google-auth; it is an optional extra.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from pathlib import Path
from typing import Any

from workbench.providers.errors import AuthError, MissingKey, ProviderConnectionError

CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
_HOW_TO = (
    "set VERTEX_ACCESS_TOKEN (for example to the output of `gcloud auth print-access-token`), "
    'or install google-auth ("pip install google-auth[requests]") and point '
    "GOOGLE_APPLICATION_CREDENTIALS at a service-account file"
)


def _google_auth() -> tuple[Any, Any] | None:
    """``(google.auth, google.auth.transport.requests)``, or None when not installed."""
    try:
        module = importlib.import_module("google.auth")
        transport = importlib.import_module("google.auth.transport.requests")
    except ImportError:
        return None
    return module, transport


def project_from_file(path: str | None) -> str | None:
    """``project_id`` of a service-account JSON file (no google-auth needed)."""
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    project = data.get("project_id") if isinstance(data, dict) else None
    return project if isinstance(project, str) and project else None


class VertexTokens:
    """Where Vertex AI bearer tokens come from, renewed before they run out.

    Args:
        access_token: a ready token (credential ``access_token`` / ``VERTEX_ACCESS_TOKEN``).
        credentials_file: a service-account (or ADC) JSON file for google-auth.
    """

    def __init__(self, access_token: str | None, credentials_file: str | None) -> None:
        self.access_token = access_token
        self.credentials_file = credentials_file
        self._minted: Any = None  # google.auth credentials, created on first use

    async def refresh(self) -> None:
        """Make sure :meth:`token` has a valid value (mints in a thread when needed).

        Raises:
            MissingKey: no token and no usable service account.
            AuthError: Google refused the service account.
            ProviderConnectionError: Google's token endpoint could not be reached.
        """
        if self.access_token:
            return
        if not self.credentials_file:
            raise MissingKey(f"no Vertex AI access token: {_HOW_TO}")
        google = _google_auth()
        if google is None:
            raise MissingKey(
                "GOOGLE_APPLICATION_CREDENTIALS is set, but the optional google-auth package "
                f"is not installed, so no Vertex AI token can be made from it: {_HOW_TO}"
            )
        module, transport = google
        errors = importlib.import_module("google.auth.exceptions")
        try:
            if self._minted is None:
                self._minted, _project = await asyncio.to_thread(
                    module.load_credentials_from_file,
                    self.credentials_file,
                    scopes=[CLOUD_PLATFORM],
                )
            if not self._minted.valid:  # google-auth counts a token near expiry as invalid
                await asyncio.to_thread(self._minted.refresh, transport.Request())
        except errors.TransportError as exc:
            raise ProviderConnectionError(
                f"could not reach Google's token service to sign in to Vertex AI ({exc})"
            ) from None
        except errors.GoogleAuthError as exc:
            raise AuthError(
                "Google did not accept the service account in GOOGLE_APPLICATION_CREDENTIALS",
                status=401,
                provider_text=str(exc)[:300],
            ) from None

    def token(self) -> str:
        """The current token (call :meth:`refresh` first).

        Raises:
            MissingKey: none is available.
        """
        if self.access_token:
            return self.access_token
        token = getattr(self._minted, "token", None)
        if not token:
            raise MissingKey(f"no Vertex AI access token: {_HOW_TO}")
        return str(token)
