"""Window state in QSettings, read through typed accessors (style.md §3.5).

QSettings loses types (an INI file gives back strings, a one-element list comes back as a
string), so every value goes through an :class:`Option` that converts and falls back to its
default. Preferences live in ``workbench.settings``; only window state lives here.

Each data directory gets its own group (``window-<hash>``) so two ``WORKBENCH_HOME``s never
share a layout or a half-written prompt.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from workbench import paths

T = TypeVar("T")

ORGANISATION = "Workbench"
APPLICATION = "Workbench"


def data_dir_id(data_dir: Path | None = None) -> str:
    """A short, stable id of a data directory (its resolved, case-normalised path)."""
    folder = Path(data_dir) if data_dir is not None else paths.home()
    text = os.path.normcase(str(folder.expanduser().resolve()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def open_settings() -> QSettings:
    """``QSettings("Workbench", "Workbench")`` in the default format.

    The (organisation, application) constructor always uses the native format; asking for
    ``defaultFormat()`` keeps the native store in the app and lets tests redirect it with
    ``setDefaultFormat(IniFormat)`` + ``setPath``.
    """
    return QSettings(
        QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


class Option(Generic[T]):
    """One typed value in the window-state group (a descriptor on :class:`WindowState`)."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def convert(self, raw: Any) -> T:
        """Turn what QSettings returns into ``T``; raise ValueError/TypeError when it can't."""
        raise NotImplementedError

    def store(self, value: T) -> Any:
        """What to hand QSettings for ``value``."""
        return value

    def __get__(self, owner: WindowState | None, cls: type | None = None) -> T:
        if owner is None:
            return self  # type: ignore[return-value]  # class access: the option itself
        raw = owner.raw(self.key)
        if raw is None:
            return self.default
        try:
            return self.convert(raw)
        except (TypeError, ValueError):
            return self.default  # hand-edited or from another version: ignore, never crash

    def __set__(self, owner: WindowState, value: T) -> None:
        if value is None:
            owner.remove(self.key)
        else:
            owner.set_raw(self.key, self.store(value))


class BytesOption(Option[bytes]):
    """Opaque bytes (``saveGeometry()`` / ``saveState()``)."""

    def convert(self, raw: Any) -> bytes:
        """QByteArray or bytes → bytes."""
        if isinstance(raw, QByteArray):
            return raw.data()
        if isinstance(raw, bytes):
            return raw
        raise TypeError(type(raw).__name__)

    def store(self, value: bytes) -> Any:
        """Bytes as a QByteArray (written as ``@ByteArray(...)`` in INI)."""
        return QByteArray(bytes(value))


class TextOption(Option[str]):
    """A string."""

    def convert(self, raw: Any) -> str:
        """Anything but a list → str."""
        if isinstance(raw, list):
            raise TypeError("list")
        return str(raw)


class OptionalIntOption(Option[int | None]):
    """An integer, or None (the key is removed)."""

    def convert(self, raw: Any) -> int | None:
        """Text or a number → int."""
        if isinstance(raw, bool):
            raise TypeError("bool")
        return int(raw)

    def store(self, value: int | None) -> Any:
        """Integers as text, so INI and the registry agree."""
        return str(int(value)) if value is not None else None


class WindowState:
    """Typed access to the window's QSettings group for one data directory.

    Attributes are read and written like plain Python values; a missing or malformed value
    reads as its default.
    """

    geometry = BytesOption("geometry", b"")
    window_state = BytesOption("window_state", b"")
    #: The services panel's last selection (JSON text produced and read by that panel).
    services_state = TextOption("services_state", "")
    last_prompt = TextOption("last_prompt", "")
    last_negative_prompt = TextOption("last_negative_prompt", "")
    last_board_prompt_version_id = OptionalIntOption("last_board_prompt_version_id", None)

    def __init__(self, data_dir: Path | None = None, settings: QSettings | None = None) -> None:
        self.settings = settings or open_settings()
        self.group = f"window-{data_dir_id(data_dir)}"

    def _key(self, key: str) -> str:
        return f"{self.group}/{key}"

    def raw(self, key: str) -> Any:
        """The stored value as QSettings returns it (None when absent)."""
        return self.settings.value(self._key(key))

    def set_raw(self, key: str, value: Any) -> None:
        """Store a value as is."""
        self.settings.setValue(self._key(key), value)

    def remove(self, key: str) -> None:
        """Forget one value."""
        self.settings.remove(self._key(key))

    def splitter_sizes(self, name: str) -> list[int]:
        """Saved sizes of a named splitter ([] when none or malformed)."""
        raw = self.raw(f"splitters/{name}")
        if not isinstance(raw, str) or not raw:
            return []
        try:
            sizes = [int(part) for part in raw.split(",")]
        except ValueError:
            return []
        return sizes if all(size >= 0 for size in sizes) else []

    def set_splitter_sizes(self, name: str, sizes: list[int]) -> None:
        """Save a splitter's sizes (as "300,500": lists do not survive INI round trips)."""
        self.set_raw(f"splitters/{name}", ",".join(str(int(s)) for s in sizes))

    def services_data(self) -> Any:
        """``services_state`` parsed as JSON (None when empty or malformed)."""
        text = self.services_state
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return None

    def set_services_data(self, data: Any) -> None:
        """Store the services selection as JSON text."""
        self.services_state = json.dumps(data, ensure_ascii=False, sort_keys=True)

    def clear(self) -> None:
        """Forget everything of this data directory (e.g. "reset layout")."""
        self.settings.remove(self.group)

    def sync(self) -> None:
        """Write to disk now (QSettings otherwise writes lazily)."""
        self.settings.sync()
