"""API credentials as adapters receive them. Values never appear in repr or str."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Credentials:
    """Named secret values (``api_key``; or ``access_key`` + ``secret_key`` for Kling).

    ``source`` says where they came from (``keyring`` or the environment variable name),
    which is safe to show; the values are not.
    """

    values: dict[str, str] = field(repr=False)
    source: str = ""

    def get(self, name: str) -> str | None:
        """One value, or None when absent or blank."""
        value = self.values.get(name)
        return value if value else None

    @property
    def api_key(self) -> str | None:
        """The plain API key, when the service uses one."""
        return self.get("api_key")

    def secrets(self) -> tuple[str, ...]:
        """Every secret value (for scrubbing text that might echo one)."""
        return tuple(v for v in self.values.values() if v)

    def __str__(self) -> str:
        return f"<credentials from {self.source or 'nowhere'}>"
