"""Where a Veo adapter talks to: backend, Vertex location and project, tokens, options.

The backend comes from the ``backend`` option, else the region (``gemini`` /
``vertex-<location>``), else the base URL's host. Keychain credentials hide the
environment (``secrets.load_credentials``), so the Vertex variables are also read here: a
Gemini key in the keychain must not stop a Vertex token from the shell from working.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from workbench.domain.credentials import Credentials
from workbench.providers.veo import omni
from workbench.providers.veo.auth import VertexTokens, project_from_file
from workbench.providers.veo.models import (
    BACKENDS,
    GCS_JSON_API,
    GEMINI,
    GEMINI_BASE_URL,
    VERTEX,
    VERTEX_DEFAULT_LOCATION,
    vertex_base_url,
)

GEMINI_HOST = "generativelanguage.googleapis.com"
VERTEX_HOST = re.compile(r"(?:([a-z0-9-]+)-)?aiplatform\.googleapis\.com")
NAMES = {GEMINI: "the Gemini API", VERTEX: "Vertex AI"}


@dataclass
class VeoSetup:
    """Everything a Veo adapter decides from its configuration, once."""

    backend: str
    location: str
    base_url: str
    project: str | None
    tokens: VertexTokens
    storage_url: str
    omni_delivery: str
    bad_backend: str | None = None


def choose_backend(options: Mapping[str, Any], base_url: str) -> tuple[str, str | None]:
    """The backend, and the ``backend`` option's value when it names none."""
    wanted = options.get("backend")
    bad = None
    if wanted is not None:
        if isinstance(wanted, str) and wanted.lower() in BACKENDS:
            return wanted.lower(), None
        bad = str(wanted)
    region = options.get("region")
    if isinstance(region, str) and region:
        if region.startswith("vertex"):
            return VERTEX, bad
        if region == GEMINI:
            return GEMINI, bad
    host = urlsplit(base_url).hostname or ""
    return (VERTEX if VERTEX_HOST.fullmatch(host) else GEMINI), bad


def choose_location(options: Mapping[str, Any], host: str) -> str:
    """The Vertex location: option, environment, region, host — else us-central1."""
    explicit = options.get("location") or os.environ.get("GOOGLE_CLOUD_LOCATION")
    if explicit:
        return str(explicit)
    region = options.get("region")
    if isinstance(region, str) and region.startswith("vertex-"):
        return region.removeprefix("vertex-")
    match = VERTEX_HOST.fullmatch(host)
    if match:
        return match.group(1) or "global"
    return VERTEX_DEFAULT_LOCATION


def setup(options: Mapping[str, Any], base_url: str, creds: Credentials | None) -> VeoSetup:
    """Decide backend, location, base URL, project, tokens and options."""
    backend, bad = choose_backend(options, base_url)
    host = urlsplit(base_url).hostname or ""
    location = choose_location(options, host)
    # A backend picked by option while the URL still points at the other one's host.
    if backend == VERTEX and host == GEMINI_HOST:
        base_url = vertex_base_url(location)
    elif backend == GEMINI and VERTEX_HOST.fullmatch(host):
        base_url = GEMINI_BASE_URL
    access = (creds.get("access_token") if creds else None) or os.environ.get("VERTEX_ACCESS_TOKEN")
    account = (creds.get("service_account_file") if creds else None) or os.environ.get(
        "GOOGLE_APPLICATION_CREDENTIALS"
    )
    project = (
        str(options.get("project") or "")
        or os.environ.get("GOOGLE_CLOUD_PROJECT")
        or project_from_file(account)
    )
    delivery = options.get("omni_delivery", "inline")
    return VeoSetup(
        backend=backend,
        location=location,
        base_url=base_url,
        project=project,
        tokens=VertexTokens(access, account),
        storage_url=str(options.get("storage_url") or GCS_JSON_API).rstrip("/"),
        omni_delivery=delivery if delivery in omni.DELIVERIES else "inline",
        bad_backend=bad,
    )
