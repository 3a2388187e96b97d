"""Test isolation: a fresh data directory, an in-memory keychain, no real keys, no Qt.

Every test gets its own ``WORKBENCH_HOME`` and an in-memory keyring; vendor key variables
from the developer's shell are removed so nothing can reach a real account. When a session
collects no UI tests, importing PySide6 is made impossible, which proves the domain,
library, engine and CLI never import Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

# Every variable any adapter reads for a key, plus base-URL overrides.
_SECRET_ENV_PREFIXES = ("WORKBENCH_",)
_SECRET_ENV = (
    "ARK_API_KEY",
    "KLING_ACCESS_KEY",
    "KLING_SECRET_KEY",
    "KLING_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "VERTEX_ACCESS_TOKEN",
    "RUNWAYML_API_SECRET",
    "XAI_API_KEY",
    "OPENAI_API_KEY",
    "AZURE_OPENAI_API_KEY",
    "LUMAAI_API_KEY",
    "LUMA_AGENTS_API_KEY",
    "MINIMAX_API_KEY",
    "DASHSCOPE_API_KEY",
    "FAL_KEY",
    "REPLICATE_API_TOKEN",
)


class MemoryKeyring(KeyringBackend):
    """A keyring that lives for one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.items:
            raise PasswordDeleteError("not found")
        del self.items[(service, username)]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Block Qt when no UI test was collected (non-UI code must never need it)."""
    if not any("/tests/ui/" in str(item.path) for item in session.items):
        sys.modules["PySide6"] = None  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private data directory and no vendor keys from the environment."""
    for name in list(os.environ):
        if name in _SECRET_ENV or name.startswith(_SECRET_ENV_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keychain instead of the OS one."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
